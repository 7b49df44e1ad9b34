"""The ``botlab`` command, run as a real subprocess the way a user runs it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import BOTS, EXAMPLES, orphaned_run

RUN_KEYS = {
    "execution_id",
    "status",
    "strategy_name",
    "metrics",
    "trades",
    "equity_curve",
    "data",
    "duration_s",
    "error",
    "error_type",
    "warnings",
    "files",
}
TRADE_KEYS = {
    "entry_time",
    "exit_time",
    "entry_price",
    "exit_price",
    "size",
    "pnl",
    "return_pct",
    "exit_reason",
}


def botlab(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    command = shutil.which("botlab") or sys.executable
    argv = [command, *args] if command != sys.executable else [command, "-m", "engine", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=check)


def test_run_json_is_one_document_with_the_documented_shape():
    proc = botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "GOOG", "--json")

    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)  # the whole stdout is one JSON document
    assert set(run) >= RUN_KEYS
    assert run["status"] == "succeeded"
    assert run["metrics"]["trades"] == len(run["trades"]) > 0
    assert set(run["trades"][0]) >= TRADE_KEYS
    assert {"symbol", "source", "start", "end", "bars", "interval"} <= set(run["data"])
    assert run["data"]["symbol"] == "GOOG"
    assert 0 <= run["metrics"]["win_rate"] <= 1
    assert run["metrics"]["max_drawdown"] <= 0


def test_run_human_output_is_a_readable_summary():
    proc = botlab("run", str(EXAMPLES / "rsi_reversion.py"), "--symbol", "AAPL", "--days", "730")

    assert proc.returncode == 0, proc.stderr
    assert "Return" in proc.stdout and "Sharpe ratio" in proc.stdout
    assert "AAPL" in proc.stdout


def test_a_failed_run_exits_non_zero_with_its_reason():
    proc = botlab("run", str(BOTS / "raises_in_next.py"), "--symbol", "GOOG", "--json")

    assert proc.returncode == 1
    run = json.loads(proc.stdout)
    assert (run["status"], run["error_type"]) == ("failed", "strategy_error")


def test_missing_file_is_one_line_not_a_traceback(tmp_path):
    proc = botlab("run", str(tmp_path / "nope.py"))

    assert proc.returncode == 2
    assert "bot file not found" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_unknown_sample_symbol_names_it_and_the_way_out():
    proc = botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "TSLA")

    assert proc.returncode == 1
    assert "TSLA" in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout


def test_a_failed_runs_document_says_what_to_change_as_hints():
    """A failed run is an error too: its document carries the hints its error gives, as an
    error body does (here: the Yahoo source for a symbol that is not bundled)."""
    proc = botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "TSLA", "--json")

    document = json.loads(proc.stdout)
    assert proc.returncode == 1 and document["error_type"] == "data_unavailable"
    yahoo = {"code": "yahoo_source", "change": "source", "name": "source", "value": "yahoo"}
    assert document["hints"] == [yahoo]
    shown = json.loads(botlab("show", str(document["execution_id"]), "--json").stdout)
    assert shown["hints"] == [yahoo]
    # the stored error is the fact alone: each front end says the hint its own way
    assert not re.search(r"--[a-z]|botlab |BOTLAB_", document["error"] + shown["error"])
    said = botlab("show", str(document["execution_id"])).stdout
    assert "use the Yahoo source (--source yahoo, or BOTLAB_DATA_SOURCE=yahoo)" in said


@pytest.mark.parametrize(
    ("args", "code", "exit_code"),
    [
        (("show", "999"), "not_found", 2),
        (("robustness", "999"), "not_found", 2),
        (("sweep", "--resume", "999"), "not_found", 2),
        (("sweep", "--cancel", "999"), "not_found", 2),
        (("sweep", str(EXAMPLES / "sma_cross.py"), "--param", "fast=5:20"), "invalid_request", 2),
        (("run", "no_such_bot.py"), "invalid_request", 2),
        (("runs", "--limit", "0"), "invalid_request", 2),
        (("runs", "--sort", "nonsense"), "invalid_request", 2),
        (("data", "fetch", "ZZZZ", "--days", "0"), "invalid_request", 2),
        (("generate", ""), "generation_refused", 2),
        (("walk-forward", str(EXAMPLES / "sma_cross.py"), "--param", "fast=5:20"), None, 2),
    ],
)
def test_every_json_command_prints_one_json_document_for_an_error_too(args, code, exit_code):
    """``--json`` means one JSON document on stdout whatever happens: a run, a sweep or a
    strategy that does not exist, an option click refuses, a bad grid, a missing file: the
    API's error body (``error``, ``code``), with the documented exit code; the one line on
    stderr stays."""
    proc = botlab(*args, "--json")

    assert proc.returncode == exit_code, proc.stderr
    body = json.loads(proc.stdout)  # the whole stdout is one JSON document
    assert body["error"] and "Traceback" not in proc.stdout + proc.stderr
    assert code is None or body["code"] == code
    assert proc.stderr.startswith("Error: ")


def test_history_runs_show_and_summary():
    first = json.loads(
        botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "GOOG", "--json").stdout
    )
    second = json.loads(
        botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "MSFT", "--json").stdout
    )
    broken = json.loads(
        botlab("run", str(BOTS / "syntax_error.py"), "--name", "sma_cross", "--json").stdout
    )

    history = json.loads(botlab("history", "--name", "sma_cross", "--json", check=True).stdout)
    assert [run["execution_id"] for run in history] == [
        broken["execution_id"],
        second["execution_id"],
        first["execution_id"],
    ]
    assert [run["data"]["symbol"] for run in history[1:]] == ["MSFT", "GOOG"]
    # a history row says what a list needs: why a run failed, and the data's exact range
    assert history[0]["error_type"] == "syntax_error" and history[0]["error"] == broken["error"]
    assert history[1]["data"] == second["data"]
    assert history[1]["started_at"] == second["started_at"]  # ISO 8601, as `run` prints it
    assert history[1]["metrics"] == pytest.approx(second["metrics"])

    runs = json.loads(botlab("runs", "--limit", "1", "--json", check=True).stdout)
    assert len(runs) == 1

    shown = json.loads(botlab("show", str(first["execution_id"]), "--json", check=True).stdout)
    assert shown["metrics"] == pytest.approx(first["metrics"])
    assert len(shown["trades"]) == len(first["trades"])

    summary = json.loads(botlab("summary", "--json", check=True).stdout)
    assert summary["total_executions"] == 3
    assert summary["success_rate"] == pytest.approx(2 / 3)
    assert {"avg_return_pct", "avg_sharpe_ratio", "best_run", "worst_run"} <= set(summary)

    table = botlab("runs", check=True).stdout
    assert "sma_cross" in table and "MSFT" in table


def test_store_commands_do_not_import_pandas_or_the_gemini_sdk():
    """history, runs and summary only read the store: they start in well under a second because
    they import neither pandas (the executor, the data layer) nor google-genai."""
    code = (
        "import sys; from engine.cli import cli\n"
        "for args in (['history', '--name', 'x'], ['runs'], ['summary', '--json']):\n"
        "    cli.main(args, standalone_mode=False)\n"
        "print(sorted(m for m in ('pandas', 'google.genai', 'backtesting') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_show_unknown_run():
    proc = botlab("show", "424242")
    assert proc.returncode == 2
    assert "no run with id 424242" in proc.stderr


def test_data_list_shows_bundled_series():
    listing = json.loads(botlab("data", "list", "--json", check=True).stdout)
    symbols = {row["symbol"] for row in listing}
    assert {"AAPL", "MSFT", "IBM", "GOOG", "EURUSD", "BTCUSD"} <= symbols


def test_python_dash_m_engine_works():
    proc = subprocess.run(
        [sys.executable, "-m", "engine", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "botlab" in proc.stdout.lower()


def test_listing_runs_closes_runs_orphaned_by_a_crash():
    from engine.config import load_settings
    from engine.store import Store

    store = Store.open(load_settings())
    stale = orphaned_run(store)

    runs = json.loads(botlab("runs", "--json", check=True).stdout)

    assert [(r["execution_id"], r["status"]) for r in runs] == [(stale, "failed")]
    assert store.get_execution(stale).error_type == "interrupted"


def test_doctor_reports_every_layer_and_the_live_check():
    proc = botlab("doctor", "--json")
    report = json.loads(proc.stdout)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report["checks"] and set(report["checks"].values()) == {"blocked"}
    assert "seccomp=on" in report["run"]["sandbox_report"]


def test_execute_script_reads_a_seed_request_from_stdin():
    request = {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "AAPL", "days": 1500}}
    argv = [shutil.which("botlab"), "execute-script", "--request", "-", "--json"]
    proc = subprocess.run(
        argv, input=json.dumps(request), capture_output=True, text=True, timeout=120
    )

    assert proc.returncode == 0, proc.stdout + proc.stderr
    response = json.loads(proc.stdout)
    assert response["success"] is True
    assert set(response) >= {"success", "executionId", "results", "executionTime"}
    assert set(response["results"]) >= {"backtest", "trades", "metrics", "summary"}
    assert response["results"]["metrics"]["total_trades"] == len(response["results"]["trades"])


def test_execute_script_names_the_bad_parameter():
    request = {
        "scriptTemplate": "orb",
        "parameters": {
            "ticker": "AAPL",
            "date": "2024-13-01",
            "timeframe": "5m",
            "trailingStopPct": 2,
        },
    }
    argv = [shutil.which("botlab"), "execute-script", "--request", "-", "--json"]
    proc = subprocess.run(
        argv, input=json.dumps(request), capture_output=True, text=True, timeout=120
    )

    assert proc.returncode == 2
    response = json.loads(proc.stdout)
    assert response["success"] is False and "date" in response["error"]


def test_runs_sort_by_every_sortable_column_under_its_public_name():
    for key in ("max_drawdown", "max_drawdown_pct", "cagr_pct", "duration_s"):
        assert json.loads(botlab("runs", "--sort", key, "--json", check=True).stdout) == []
    refused = botlab("runs", "--sort", "nonsense")
    assert refused.returncode == 2 and "'max_drawdown'" in refused.stderr


def test_an_unknown_company_is_named_with_why_in_sentences():
    """The reason, the hints and the closest phrasing read as sentences, and the phrasing
    offered keeps to what can be tested: never the text with the company cut out."""
    proc = botlab(
        "generate",
        "--engine",
        "offline",
        "Trading Zoom: buy when RSI(14) < 30, sell when RSI(14) > 70",
    )

    assert proc.returncode == 2, proc.stderr
    said = proc.stderr
    assert "did not understand 'Zoom'. 'Zoom' looks like the stock or market you mean" in said
    assert "GEMINI_API_KEY set). Botlab does read, for example: 'Buy when" in said
    assert "'Trading: buy when" not in said
