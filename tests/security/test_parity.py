"""The sandbox changes nothing for honest bots, and nothing a bot prints changes its numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backtesting import Backtest

from engine.execution import supervisor
from engine.execution.executor import BotExecutor
from engine.execution.supervisor import RunLimits

from ..conftest import BOTS, EXAMPLES


def _in_process(path, class_name, frame):
    namespace: dict = {"__name__": "reference_bot"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return Backtest(frame, namespace[class_name], cash=100_000, finalize_trades=True).run()


def test_a_benign_bot_gives_identical_results_with_and_without_the_sandbox(make_executor, frame):
    boxed = make_executor().execute_bot(EXAMPLES / "sma_cross.py", data=frame)
    plain = BotExecutor(verbose=False, runner=supervisor.run_plain).execute_bot(
        EXAMPLES / "sma_cross.py", data=frame
    )

    assert boxed.status == plain.status == "succeeded", (boxed.error, plain.error)
    assert boxed.metrics == plain.metrics
    assert boxed.trade_list == plain.trade_list
    assert boxed.equity_curve == plain.equity_curve
    reference = _in_process(EXAMPLES / "sma_cross.py", "SmaCross", frame)
    assert boxed.return_pct == pytest.approx(reference["Return [%]"])
    assert boxed.trades == reference["# Trades"] > 0
    assert boxed.sandbox_report.endswith("-> strict")
    assert plain.sandbox_report != boxed.sandbox_report


def test_printed_fake_metrics_do_not_change_what_is_stored(make_executor, frame):
    executor = make_executor()
    result = executor.execute_bot(BOTS / "spoofer.py", data=frame)

    assert "99999" in result.output_log  # it did print its fake numbers
    reference = _in_process(BOTS / "spoofer.py", "Spoofer", frame)
    stored = executor.get_result(result.execution_id)
    assert stored.return_pct == pytest.approx(reference["Return [%]"]) != 99999.0
    assert stored.trades == reference["# Trades"] != 777
    assert stored.sandbox_report == result.sandbox_report


def test_a_script_bot_runs_in_the_sandbox_without_network(make_executor):
    result = make_executor().execute_bot(BOTS / "stats_table_script.py")

    assert result.kind == "script"
    assert result.status == "succeeded", (result.error, result.output_log[-2000:])
    assert result.trades and result.trades > 0
    assert result.sandbox_report.endswith("-> strict")


def test_threads_still_work_in_the_sandbox(sandbox, tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    entries = Path(__file__).parent / "entries.py"

    outcome = sandbox.run(job, RunLimits(timeout_s=20), entry=f"{entries}:use_threads")

    assert outcome.returncode == 0, outcome.output
    assert json.loads((job / "result.json").read_text()) == {"total": 328350}
