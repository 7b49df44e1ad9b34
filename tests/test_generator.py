"""The generation facade: description -> saved bot -> run, with every engine choice."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from engine.config import load_settings
from engine.generation.generator import GenerationRefused, StrategyGenerator
from engine.store import Store

RSI = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years"


def test_offline_generation_saves_the_bot_with_its_spec_and_runs_it_as_described(
    no_gemini_keys_anywhere,
):
    generator = StrategyGenerator()
    path, result = generator.generate_and_save(RSI)

    assert path.exists() and "class RsiReversion" in path.read_text()
    assert result.status == "succeeded"
    assert result.data["symbol"] == "AAPL" and result.test_period_days == 730
    store = Store.open(load_settings())
    [version] = store.strategy_versions(result.strategy_name)
    assert version.source == "offline"
    assert version.spec["indicators"][0]["kind"] == "rsi"
    assert version.description == RSI
    record = store.get_execution(result.execution_id)
    assert record.strategy_version == 1


def test_arguments_override_the_descriptions_settings(no_gemini_keys_anywhere, tmp_path):
    out = tmp_path / "mine.py"
    path, result = StrategyGenerator().generate_and_save(
        RSI, output_path=out, test_symbol="MSFT", test_period_days=400
    )
    assert path == out and out.exists()
    assert result.data["symbol"] == "MSFT"
    assert result.test_period_days == 400


def test_a_currency_pair_said_as_yahoos_runs_offline_on_the_bundled_sample_and_says_so(
    no_gemini_keys_anywhere,
):
    """Principle 1 on the whole path: "EUR/USD" is Yahoo's EURUSD=X; with no network (the
    default sample source) the run uses the bundled EURUSD hourly bars and its warnings say so."""
    path, result = StrategyGenerator().generate_and_save(
        "EUR/USD: buy when RSI(14) drops below 30, sell when it rises above 70"
    )
    assert result.status == "succeeded", result.error
    assert result.data["symbol"] == "EURUSD" and result.data["source"] == "sample:backtesting.py"
    assert result.data["start"] == "2017-04-19T09:00:00" and result.trades > 0
    assert any(
        w.startswith(
            "EURUSD=X is Yahoo's ticker; offline it is served by the bundled sample EURUSD"
        )
        for w in result.warnings
    )


def test_generate_without_executing(no_gemini_keys_anywhere):
    path, result = StrategyGenerator().generate_and_save(RSI, execute_after_generation=False)
    assert result is None and path.exists()


def test_auto_lists_what_was_not_understood_and_how_to_enable_gemini(no_gemini_keys_anywhere):
    with pytest.raises(GenerationRefused) as refused:
        StrategyGenerator().generate("buy when the moon is full and RSI is below 30")

    assert refused.value.not_understood == ["when the moon is full"]
    assert "'when the moon is full'" in str(refused.value)
    assert "GEMINI_API_KEY" in str(refused.value)
    assert Store.open(load_settings()).list_strategies() == []  # nothing stored half-way


@pytest.mark.parametrize(
    ("description", "needle"),
    [
        ("", "Describe your strategy"),
        ("   ", "Describe your strategy"),
        ("buy " * 1200, "under 4,000"),
        ("asdf qwer zxcv", "could not find a trading rule"),
        ("golden cross on AAPL and MSFT", "'MSFT'. A bot trades one symbol at a time"),
    ],
)
def test_bad_descriptions_are_refused(no_gemini_keys_anywhere, description, needle):
    with pytest.raises(GenerationRefused, match=needle):
        StrategyGenerator().generate(description, engine="offline")


def test_gemini_without_a_key_is_refused_clearly(no_gemini_keys_anywhere):
    with pytest.raises(GenerationRefused, match="Gemini is not available.*GEMINI_API_KEY"):
        StrategyGenerator().generate(RSI, engine="gemini")


def test_cli_generate_json_shape(no_gemini_keys_anywhere):
    proc = subprocess.run(
        [shutil.which("botlab"), "generate", RSI, "--execute", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    strategy, run = document["strategy"], document["run"]
    assert set(strategy) >= {
        "name",
        "engine",
        "spec",
        "rules",
        "assumptions",
        "code_path",
        "attempts",
    }
    assert strategy["engine"] == "offline"
    assert any("RSI(14)" in rule for rule in strategy["rules"])
    assert run["status"] == "succeeded" and run["data"]["symbol"] == "AAPL"


def test_cli_generate_says_which_way_the_bot_was_written(no_gemini_keys_anywhere):
    """Issue 10's "say which path was taken", on the command line: the readable output has the
    route's note, and --json its route and note."""
    note = "Botlab's offline compiler read the description and wrote the code."
    botlab = shutil.which("botlab")
    readable = subprocess.run(
        [botlab, "generate", RSI, "--engine", "offline"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert readable.returncode == 0, readable.stderr
    assert note in readable.stdout.splitlines()
    as_json = subprocess.run(
        [botlab, "generate", RSI, "--engine", "offline", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    strategy = json.loads(as_json.stdout)["strategy"]
    assert (strategy["route"], strategy["route_note"]) == ("spec", note)


def test_cli_generate_refusal_is_one_line(no_gemini_keys_anywhere):
    proc = subprocess.run(
        [shutil.which("botlab"), "generate", "when the moon is full"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "moon" in proc.stderr


def test_auto_hands_what_the_compiler_cannot_read_to_gemini(monkeypatch, tmp_path):
    from engine.generation._gemini_prompt import EXAMPLE_CODE
    from tests.fixtures.gemini.fake_api import FakeGemini, reply

    key = "AQ.Ab8RN6Itest-key-facade-000000000000"
    monkeypatch.setenv("GEMINI_API_KEY", key)
    monkeypatch.chdir(tmp_path)
    # Gemini is asked for Botlab's spec first; it says the spec cannot express the moon, so
    # it writes the code itself.
    inexpressible = json.dumps(
        {"expressible": False, "missing": "the phase of the moon", "spec": None}
    )
    fake = FakeGemini(reply(text=inexpressible), reply(EXAMPLE_CODE))
    generator = StrategyGenerator(gemini_options={"client_factory": fake.client_factory})

    strategy = generator.generate("buy GOOG when the moon is full and RSI(14) is below 30")

    assert strategy.engine == "gemini" and len(fake.calls) == 2
    assert "moon is full" in fake.prompts[0] and "moon is full" in fake.prompts[1]
    assert strategy.code == EXAMPLE_CODE and strategy.code_path.read_text() == EXAMPLE_CODE
    assert [a["outcome"] for a in strategy.attempts] == ["inexpressible", "succeeded"]
    assert strategy.route == "code" and "the phase of the moon" in strategy.route_note
    store = Store.open(load_settings())
    assert store.get_strategy(strategy.strategy_id).source == "gemini"
    db_bytes = b"".join(p.read_bytes() for p in load_settings().home.rglob("*") if p.is_file())
    assert key.encode() not in db_bytes


def test_cli_stats_generation_and_keys_show_fingerprints_only(monkeypatch):
    key = "AIzaSyCanaryKeyForTheCliTest0123456789ab"
    monkeypatch.setenv("GEMINI_API_KEY", key)
    stats = subprocess.run(
        [shutil.which("botlab"), "stats", "generation", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    listed = subprocess.run(
        [shutil.which("botlab"), "keys"], capture_output=True, text=True, timeout=60, check=True
    )

    assert {"first_try_success_rate", "after_repair_success_rate"} <= set(json.loads(stats.stdout))
    assert "k_" in listed.stdout and "ok" in listed.stdout
    assert key not in listed.stdout + stats.stdout
