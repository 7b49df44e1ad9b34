"""The seed's own example request, verbatim: HOOD's opening-range breakout on 2025-07-31 on
5-minute bars ("5min", the seed's spelling), a 2% trailing stop and the QQQ market filter,
answered in the seed's response shape through the real ``botlab execute-script`` (bars given
with ``--data``, as offline). The HTTP side is in tests/api/test_api_seed_example.py."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from engine.templates._execute import validate
from tests.fixtures.templates.intraday import session_bars

SEED_REQUEST = {
    "scriptTemplate": "orb",
    "parameters": {
        "ticker": "HOOD",
        "date": "2025-07-31",
        "timeframe": "5min",
        "trailingStopPct": 2,
        "marketFilterTicker": "QQQ",
    },
}
SEED_KEYS = {"success", "executionId", "results", "executionTime"}
SEED_TRADE_KEYS = {
    "entry_price",
    "entry_time",
    "exit_price",
    "exit_time",
    "exit_reason",
    "pnl",
    "pnl_percent",
    "highest_price",
}
SEED_METRIC_KEYS = {"total_trades", "winning_trades", "win_rate", "total_pnl", "total_pnl_percent"}


def check_seed_answer(body: dict) -> dict:
    """The seed's response shape for the seed's example, with a real measured time."""
    assert body["success"] is True, body
    assert set(body) == SEED_KEYS
    assert isinstance(body["executionId"], int) and body["executionId"] > 0
    assert isinstance(body["executionTime"], float) and body["executionTime"] > 0
    results = body["results"]
    assert {"backtest", "trades", "metrics", "summary"} <= set(results)
    assert results["backtest"]["symbol"] == "HOOD"
    assert results["backtest"]["timeframe"] == "5m"
    assert results["backtest"]["start"].startswith("2025-07-31")
    assert results["backtest"]["buy_hold_start"].startswith("2025-07-31T09:")
    assert set(results["metrics"]) >= SEED_METRIC_KEYS
    assert results["metrics"]["total_trades"] == len(results["trades"]) >= 1
    for trade in results["trades"]:
        assert set(trade) >= SEED_TRADE_KEYS
        assert trade["entry_time"].startswith("2025-07-31")
        assert trade["exit_reason"] in {"trailing_stop", "session_close"}
    assert "QQQ" in results["summary"] and "2%" in results["summary"]
    return body


def write_session(tmp_path, symbol: str, scale: float = 1.0):
    path = tmp_path / f"{symbol}.csv"
    session_bars("2025-07-31", scale=scale).to_csv(path)
    return path


def test_the_seed_example_through_the_cli(tmp_path):
    hood, qqq = write_session(tmp_path, "HOOD"), write_session(tmp_path, "QQQ", scale=5.6)
    proc = subprocess.run(
        [
            shutil.which("botlab"),
            "execute-script",
            "--request",
            "-",
            "--data",
            f"HOOD:{hood},QQQ:{qqq}",
            "--json",
        ],
        input=json.dumps(SEED_REQUEST),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr
    check_seed_answer(json.loads(proc.stdout))


@pytest.mark.parametrize(
    ("spelling", "bar"),
    [
        ("1min", "1m"),
        ("5min", "5m"),
        ("15min", "15m"),
        ("30min", "30m"),
        ("60min", "60m"),
        ("1h", "1h"),
        ("1m", "1m"),
        ("5m", "5m"),
        ("90m", "90m"),
    ],
)
def test_the_seed_and_yahoo_spellings_of_a_bar_size(spelling, bar):
    parameters = {**SEED_REQUEST["parameters"], "timeframe": spelling}
    assert validate("orb", parameters).timeframe == bar


@pytest.mark.parametrize("spelling", ["1d", "daily"])
def test_daily_bars_are_understood_and_refused_with_the_reason(spelling):
    from engine.templates._errors import TemplateError

    parameters = {**SEED_REQUEST["parameters"], "timeframe": spelling}
    with pytest.raises(TemplateError) as refused:
        validate("orb", parameters)
    assert refused.value.parameter == "timeframe"
    assert "needs intraday bars" in str(refused.value) and "not 1d bars" in str(refused.value)


def test_a_run_takes_the_seed_spellings_too(tmp_path):
    bars = write_session(tmp_path, "HOOD")
    proc = subprocess.run(
        [
            shutil.which("botlab"),
            "run",
            "examples/sma_cross.py",
            "--data",
            str(bars),
            "--interval",
            "5min",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["data"]["interval"] == "5m"
