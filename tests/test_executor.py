"""The executor end to end: real sandboxed children, the real backtesting engine, real SQLite."""

from __future__ import annotations

import json
import math
import os
import socket
from pathlib import Path

import pandas as pd
import pytest
from backtesting import Backtest

from engine.config import load_settings
from engine.data import load_ohlcv
from engine.execution import supervisor
from engine.execution.bot_kind import bot_kind
from engine.execution.executor import (
    BotExecutor,
    BotFileNotFoundError,
    ForksEarly,
    default_runner,
)
from engine.execution.sandbox import Sandbox
from engine.store import Store

from .conftest import BOTS, EXAMPLES, orphaned_run


def _in_process_stats(bot_path: Path, class_name: str, frame: pd.DataFrame, cash: float):
    """The reference: the same strategy run by Backtest.run() in this process."""
    namespace: dict = {"__name__": "reference_bot"}
    exec(compile(bot_path.read_text(), str(bot_path), "exec"), namespace)
    strategy = namespace[class_name]
    return Backtest(frame, strategy, cash=cash, finalize_trades=True).run()


@pytest.mark.parametrize(
    ("example", "class_name", "symbol"),
    [
        ("sma_cross.py", "SmaCross", "GOOG"),
        ("rsi_reversion.py", "RsiReversion", "AAPL"),
        ("donchian_breakout.py", "DonchianBreakout", "MSFT"),
    ],
)
def test_metrics_equal_an_in_process_backtest(executor, example, class_name, symbol):
    result = executor.execute_bot(EXAMPLES / example, test_symbol=symbol)

    assert result.status == "succeeded", result.error
    frame = load_ohlcv(symbol).frame
    stats = _in_process_stats(EXAMPLES / example, class_name, frame, cash=100_000)
    assert result.return_pct == pytest.approx(stats["Return [%]"])
    assert result.buy_hold_return_pct == pytest.approx(stats["Buy & Hold Return [%]"])
    assert result.sharpe_ratio == pytest.approx(stats["Sharpe Ratio"])
    assert result.max_drawdown == pytest.approx(stats["Max. Drawdown [%]"])
    assert result.max_drawdown <= 0
    assert result.win_rate == pytest.approx(stats["Win Rate [%]"] / 100)
    assert result.trades == stats["# Trades"] > 0
    assert result.final_equity == pytest.approx(stats["Equity Final [$]"])
    assert len(result.trade_list) == result.trades
    first = stats["_trades"].iloc[0]
    assert result.trade_list[0]["entry_price"] == pytest.approx(first["EntryPrice"])
    assert result.trade_list[0]["pnl"] == pytest.approx(first["PnL"])
    assert len(result.equity_curve["equity"]) == len(frame)
    assert result.equity_curve["equity"][-1] == pytest.approx(stats["Equity Final [$]"])
    assert result.strategy_class == class_name


def test_a_run_is_stored_in_four_forms(executor, botlab_home):
    result = executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="GOOG")

    log, js, txt = (Path(result.files[k]) for k in ("log", "json", "metrics"))
    assert log.parent == botlab_home / "results" / "logs"
    assert log.name.startswith("sma_cross_") and log.suffix == ".log"
    assert json.loads(js.read_text())["metrics"]["return_pct"] == pytest.approx(result.return_pct)
    assert "Return" in txt.read_text() and "GOOG" in txt.read_text()

    store = Store.open(load_settings())
    record = store.get_execution(result.execution_id)
    assert record.status == "succeeded"
    assert record.return_pct == pytest.approx(result.return_pct)
    assert record.data_source == result.data["source"]
    assert record.bars == result.data["bars"] > 2000
    assert len(store.get_trades(result.execution_id)) == result.trades
    assert store.get_equity(result.execution_id)["equity"][-1] == pytest.approx(result.final_equity)


def test_the_data_range_is_recorded(executor):
    result = executor.execute_bot(
        EXAMPLES / "sma_cross.py", test_symbol="AAPL", test_period_days=365
    )
    assert result.status == "succeeded"
    assert result.data["symbol"] == "AAPL"
    assert result.data["end"].startswith("2013-02-28") or result.data["end"].startswith(
        "2013-03-01"
    )
    start, end = pd.Timestamp(result.data["start"]), pd.Timestamp(result.data["end"])
    assert (end - start).days <= 365
    assert result.data["bars"] < 260


def test_data_from_a_dataframe_and_from_a_csv(executor, tmp_path):
    frame = load_ohlcv("IBM").frame
    from_frame = executor.execute_bot(EXAMPLES / "sma_cross.py", data=frame)
    csv = tmp_path / "ibm.csv"
    frame.rename(columns=str.lower).to_csv(csv, index_label="Date")
    from_csv = executor.execute_bot(EXAMPLES / "sma_cross.py", data=csv)

    assert from_frame.status == from_csv.status == "succeeded"
    assert from_csv.return_pct == pytest.approx(from_frame.return_pct)
    assert from_csv.data["source"].startswith("file")


def test_a_dataframe_changed_after_a_run_is_validated_again(executor):
    # the cleaning of the last frame is remembered by its content, never by the object
    frame = load_ohlcv("IBM").frame.copy()
    first = executor.execute_bot(EXAMPLES / "sma_cross.py", data=frame, test_symbol="IBM")
    again = executor.execute_bot(EXAMPLES / "sma_cross.py", data=frame.copy(), test_symbol="IBM")
    frame.iloc[10, frame.columns.get_loc("Low")] = -1.0  # the same object, now impossible
    changed = executor.execute_bot(EXAMPLES / "sma_cross.py", data=frame, test_symbol="IBM")

    assert first.status == again.status == "succeeded"
    assert again.data == first.data and again.return_pct == first.return_pct
    assert changed.status == "failed" and changed.error_type == "data_unavailable"
    assert "row 11" in changed.error


def test_script_bot_metrics_come_from_its_json_output(executor):
    result = executor.execute_bot(EXAMPLES / "script_bot.py")

    assert result.kind == "script"
    assert result.status == "succeeded", result.error
    from backtesting.test import GOOG

    stats = _in_process_stats(EXAMPLES / "script_bot.py", "SmaCross", GOOG, cash=100_000)
    assert result.return_pct == pytest.approx(stats["Return [%]"])
    assert result.trades == stats["# Trades"]
    assert "Sharpe Ratio" in result.output_log  # the raw output is kept


def test_script_bot_metrics_come_from_a_printed_stats_table(executor):
    result = executor.execute_bot(BOTS / "stats_table_script.py")

    assert result.status == "succeeded", result.error
    assert result.kind == "script"
    assert result.return_pct is not None and result.trades > 0
    assert result.win_rate is not None and 0 <= result.win_rate <= 1


def test_printed_fake_metrics_do_not_change_a_strategy_bots_result(executor):
    spoofed = executor.execute_bot(BOTS / "spoofer.py", test_symbol="GOOG")

    assert spoofed.kind == "strategy" and spoofed.status == "succeeded"
    assert spoofed.return_pct != pytest.approx(99999.0)
    assert spoofed.trades != 777 and spoofed.sharpe_ratio != pytest.approx(42.0)
    assert "99999" in spoofed.output_log  # it did print them


@pytest.mark.parametrize(
    ("bot", "error_type", "needle"),
    [
        ("syntax_error.py", "syntax_error", "line 5"),
        ("bad_import.py", "import_error", "definitely_not_a_module"),
        ("raises_in_next.py", "strategy_error", "bot.py line 10"),
        ("nothing.py", "no_results", "no Strategy subclass"),
    ],
)
def test_failures_are_runs_with_a_specific_error(executor, bot, error_type, needle):
    result = executor.execute_bot(BOTS / bot, test_symbol="GOOG")

    assert result.status == "failed"
    assert result.error_type == error_type
    assert needle in result.error
    record = executor.store.get_execution(result.execution_id)
    assert (record.status, record.error_type) == ("failed", error_type)
    assert Path(result.files["log"]).exists()


def test_exception_in_a_strategy_keeps_the_traceback_in_the_log(executor):
    result = executor.execute_bot(BOTS / "raises_in_next.py", test_symbol="GOOG")
    assert "ZeroDivisionError: boom at bar 50" in result.output_log
    assert "Traceback" in result.output_log


def test_unknown_symbol_is_a_failed_run_naming_the_symbol(executor):
    result = executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="NOPEX")

    assert result.status == "failed"
    assert result.error_type == "data_unavailable"
    assert "NOPEX" in result.error


def test_missing_file_raises_without_recording_a_run(executor, tmp_path):
    with pytest.raises(BotFileNotFoundError, match="missing.py"):
        executor.execute_bot(tmp_path / "missing.py")
    assert executor.store.performance_summary()["total_executions"] == 0


def test_timeout_kills_the_run(executor):
    result = executor.execute_bot(BOTS / "sleeper.py", test_symbol="GOOG", timeout=2)

    assert result.status == "timeout"
    assert result.error_type == "timeout"
    assert result.duration >= 2  # it ran until the timeout (the sleeper sleeps 600 s)


def test_output_is_capped(tmp_path, monkeypatch):
    monkeypatch.setenv("BOTLAB_OUTPUT_LIMIT_MB", "1")
    executor = BotExecutor(verbose=False)
    result = executor.execute_bot(BOTS / "chatty.py", test_symbol="GOOG")

    assert result.status == "failed"
    assert result.error_type == "output_limit"
    assert 1024**2 <= len(result.output_log.encode()) < 1024**2 + 1024


class _ForkFailsOnce(Sandbox):
    """A sandbox whose first fork fails (out of file descriptors), as a busy machine's can."""

    failures = 1

    def fork(self, job_dir, limits, **kwargs):
        if self.failures:
            self.failures -= 1
            raise OSError(24, "Too many open files")
        return super().fork(job_dir, limits, **kwargs)


def test_a_failed_early_fork_runs_the_bot_anyway_and_its_log_says_why(botlab_home):
    sandbox = _ForkFailsOnce(load_settings().sandbox_policy)
    try:
        executor = BotExecutor(verbose=False, runner=sandbox)
        result = executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="GOOG")
    finally:
        sandbox.close()

    assert result.status == "succeeded", result.error
    assert sandbox.failures == 0 and result.trades > 0
    first_line = Path(result.files["log"]).read_text().splitlines()[0]
    assert first_line == (
        "[botlab: the run's sandboxed child could not be forked ahead of the run "
        "(OSError: [Errno 24] Too many open files); it was started when the run was ready instead]"
    )


def test_only_a_runner_that_can_fork_early_is_asked_to():
    assert isinstance(Sandbox("permissive"), ForksEarly)
    assert isinstance(default_runner(load_settings()), ForksEarly)
    assert not isinstance(supervisor.run_plain, ForksEarly)


def test_zero_trades_succeeds_with_a_warning_and_its_cause(executor):
    result = executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="GOOG", cash=50)

    assert result.status == "succeeded"
    assert result.trades == 0
    no_trades = [w for w in result.warnings if w.startswith("no_trades")]
    assert no_trades and "cash" in no_trades[0]


def test_a_run_left_running_by_a_crash_is_closed_on_the_next_start(botlab_home):
    store = Store.open(load_settings())
    stale = orphaned_run(store)
    alive = store.create_execution(
        strategy_id=store.get_execution(stale).strategy_id,
        status="running",
        runner_host=socket.gethostname(),
        runner_pid=os.getpid(),
    )

    BotExecutor(verbose=False)

    assert store.get_execution(stale).status == "failed"
    assert store.get_execution(stale).error_type == "interrupted"
    assert store.get_execution(alive).status == "running"


def test_history_all_executions_and_summary(executor):
    executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="GOOG")
    executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="AAPL")
    executor.execute_bot(BOTS / "raises_in_next.py", test_symbol="GOOG")

    history = executor.get_strategy_history("sma_cross")
    assert [run["symbol"] for run in history] == ["AAPL", "GOOG"]
    assert len(executor.get_all_executions()) == 3
    summary = executor.get_performance_summary()
    assert summary["total_executions"] == 3
    assert summary["successful_executions"] == 2
    assert summary["success_rate"] == pytest.approx(2 / 3)
    returns = [run["return_pct"] for run in history]
    assert summary["avg_return_pct"] == pytest.approx(sum(returns) / 2)
    assert not math.isnan(summary["avg_sharpe_ratio"])


def test_the_child_environment_carries_no_secrets(executor, bot_file, monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", "canary-secret-123")
    bot = bot_file(
        "import os\n"
        "from backtesting import Strategy\n"
        "print(sorted(os.environ.items()))\n"
        "class S(Strategy):\n"
        "    def init(self): pass\n"
        "    def next(self): pass\n"
    )
    result = executor.execute_bot(bot, test_symbol="GOOG")
    assert result.status == "succeeded"
    assert "PATH" in result.output_log
    assert "canary-secret-123" not in result.output_log


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("from backtesting import Strategy\nclass A(Strategy): pass\n", "strategy"),
        ("import backtesting\nclass A(backtesting.Strategy): pass\n", "strategy"),
        (
            # its own backtest under the __main__ guard is how the file runs: a script
            "from backtesting import Backtest, Strategy\nclass A(Strategy): pass\n"
            "if __name__ == '__main__':\n    Backtest(None, A).run()\n",
            "script",
        ),
        (
            "from backtesting import Backtest, Strategy\nclass A(Strategy): pass\n"
            "print(Backtest(None, A).run())\n",
            "script",
        ),
        ("print('hi')\n", "script"),
    ],
)
def test_bot_kind(source, kind):
    assert bot_kind(source) == kind


def test_a_result_read_while_the_child_exits_is_kept_only_if_unchanged(tmp_path):
    """The executor reads result.json when the harness has closed it, before the child has
    exited; the bot could still rewrite it until then, so the early read counts only if the
    file is unchanged at the end of the run."""
    from engine.execution.job import ResultReader

    def write(error: str) -> None:
        result = {"ok": False, "error_type": "strategy_error", "error": error, "warnings": []}
        (tmp_path / "result.json").write_text(json.dumps(result))

    write("as the harness wrote it")
    reader = ResultReader(tmp_path, prepare=lambda trades, equity: None)
    reader.on_closed("result.json")
    early = reader.read()
    assert early.result["error"] == "as the harness wrote it"
    assert reader.read() is early  # unchanged: what was read early is kept

    write("rewritten by the bot after the harness")
    assert reader.read().result["error"] == "rewritten by the bot after the harness"
