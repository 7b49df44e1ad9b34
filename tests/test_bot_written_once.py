"""A generated bot is run from memory: its code reaches the disk where it is kept and in each
run's job directory (the sandbox's input, removed after the run), nowhere else.

Every ``Path.write_text`` is watched (the executor, the generators and the templates all write
code that way) and the copies of the bot's code are counted; the runs are real (sandbox, store).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.config import load_settings
from engine.execution.executor import BotExecutor
from engine.generation.generator import StrategyGenerator, bot_file
from engine.templates import execute_script
from tests.fixtures.gemini.fake_api import FakeGemini, reply
from tests.fixtures.templates.intraday import intraday_frame
from tests.test_gemini import GOOD, KEY_1

IDEA = "Buy when the 12-day EMA crosses above the 26-day EMA and sell when it crosses below."


@pytest.fixture
def writes(monkeypatch) -> list[tuple[Path, str]]:
    """Every ``(path, text)`` written with ``Path.write_text`` while the test runs."""
    seen: list[tuple[Path, str]] = []
    write_text = Path.write_text

    def watched(self, data, *args, **kwargs):
        seen.append((Path(self), data))
        return write_text(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", watched)
    return seen


def _copies(writes, code: str) -> list[Path]:
    return [path for path, text in writes if text == code]


def _job_copy(path: Path) -> bool:
    """A bot.py in one of the scratch directory's job directories, removed since."""
    scratch = load_settings().scratch_dir
    return path.name == "bot.py" and path.parent.parent == scratch and not path.parent.exists()


def test_a_gemini_bot_is_kept_once_and_otherwise_only_in_its_runs_job_directories(
    writes, monkeypatch
):
    monkeypatch.setenv("GEMINI_API_KEY", KEY_1)
    not_a_spec = json.dumps({"expressible": False, "missing": "a custom indicator", "spec": None})
    fake = FakeGemini(reply(text=not_a_spec), reply(GOOD))
    generator = StrategyGenerator(gemini_options={"client_factory": fake.client_factory})

    strategy = generator.generate(IDEA, engine="gemini")
    result = generator.run(strategy, symbol="GOOG")

    assert strategy.route == "code" and strategy.code == GOOD and result.success
    trial, kept, run = _copies(writes, GOOD)
    assert kept == strategy.code_path == bot_file(generator.settings, strategy.name, 1)
    assert _job_copy(trial) and _job_copy(run) and trial != run
    assert not (load_settings().bots_dir / "gemini").exists()  # no second kept copy
    on_disk = [p for p in load_settings().home.rglob("*.py") if p.read_text() == GOOD]
    assert on_disk == [strategy.code_path]


def test_a_compiled_bot_is_run_from_memory(writes):
    generator = StrategyGenerator()
    strategy = generator.generate(IDEA, engine="offline")
    strategy.code_path.unlink()  # the kept copy is not what runs

    result = generator.run(strategy, symbol="GOOG")

    assert result.success and result.trades
    kept, run = _copies(writes, strategy.code)
    assert kept == strategy.code_path and _job_copy(run)


def test_a_template_bot_is_written_only_into_its_job_directory(writes):
    executor = BotExecutor(verbose=False)
    request = {"scriptTemplate": "orb", "parameters": {"ticker": "AAPL", "date": "2024-05-01"}}
    response = execute_script(request, data=intraday_frame(), executor=executor)

    assert response["success"] is True, response.get("error")
    run = executor.store.get_execution(response["executionId"])
    code = executor.store.get_strategy(run.strategy_id).code
    (copy,) = _copies(writes, code)
    assert _job_copy(copy)
