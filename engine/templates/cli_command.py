"""The body of ``botlab execute-script --request FILE|- [--data FILE] [--json]``.

:func:`run_request_cli` takes the request's text and the ``--data`` option and returns the text
to print and the exit code, so the click command only reads the file (or stdin) and echoes.

``--data`` is a file (CSV or Parquet) with the bars of the request's first ticker, or, for
several tickers, ``TICKER:FILE`` entries separated by commas (``AAPL:aapl.csv,QQQ:qqq.csv``).
Tickers without a file are loaded as usual (bundled samples or Yahoo).

Exit codes: 0 the run succeeded; 1 it ran and failed (it is stored: ``botlab show ID``);
2 bad input (invalid JSON, unknown template, bad parameters, data that could not be loaded),
nothing stored.
"""

from __future__ import annotations

import json

from engine.templates._execute import DEFAULT_TIMEOUT, execute_script
from engine.templates._params import TICKER_PATTERN

EXIT_OK = 0
EXIT_RUN_FAILED = 1
EXIT_BAD_INPUT = 2

_COLUMNS = (
    ("#", ">"),
    ("side", "<"),
    ("entry time", "<"),
    ("entry", ">"),
    ("exit time", "<"),
    ("exit", ">"),
    ("reason", "<"),
    ("P&L", ">"),
    ("P&L %", ">"),
    ("high", ">"),
)


def run_request_cli(
    request_text: str, data: str | None, as_json: bool, *, timeout: float = DEFAULT_TIMEOUT
) -> tuple[str, int]:
    """Run one seed request given as JSON text; return ``(output, exit code)``.

    ``as_json``: the output is the response object only, pretty-printed; otherwise the summary,
    a table of the trades and where the run is stored (or the error).
    """
    try:
        request = json.loads(request_text)
    except ValueError as exc:
        response = _bad_request(f"the request is not valid JSON: {exc}")
    else:
        response = execute_script(request, data=parse_data_option(data), timeout=timeout)
    text = json.dumps(response, indent=2, allow_nan=False) if as_json else format_response(response)
    return text, exit_code(response)


def parse_data_option(data: str | None) -> str | dict[str, str] | None:
    """``--data``: a path, or ``{ticker: path}`` from ``TICKER:FILE[,TICKER:FILE...]``."""
    if not data:
        return None
    entries = [entry.strip() for entry in data.split(",")]
    pairs = [entry.split(":", 1) for entry in entries]
    if all(len(pair) == 2 and TICKER_PATTERN.match(pair[0]) for pair in pairs):
        return {ticker: path for ticker, path in pairs}
    return data


def exit_code(response: dict) -> int:
    """0 on success, 1 for a recorded run that failed, 2 for bad input."""
    if response.get("success"):
        return EXIT_OK
    return EXIT_RUN_FAILED if response.get("executionId") is not None else EXIT_BAD_INPUT


def format_response(response: dict) -> str:
    """The human-readable form of a response."""
    if not response.get("success"):
        lines = [f"Error: {response.get('error')}"]
        if response.get("executionId") is not None:
            run = response["executionId"]
            lines.append(f"The failed run is stored as run #{run} (botlab show {run}).")
        return "\n".join(lines)
    results = response["results"]
    lines = [results["summary"], ""]
    if results["trades"]:
        lines += [*trades_table(results["trades"]), ""]
    lines.append(_headline_numbers(results["backtest"]))
    lines += [f"Note: {warning}" for warning in results.get("warnings", [])]
    run = response["executionId"]
    lines.append(f"Stored as run #{run} (botlab show {run}); took {response['executionTime']} s.")
    return "\n".join(lines)


def trades_table(trades: list[dict]) -> list[str]:
    """The trades as aligned text rows, with a header row."""
    rows = [[name for name, _ in _COLUMNS]]
    for number, trade in enumerate(trades, start=1):
        rows.append(
            [
                str(number),
                trade.get("side", ""),
                _time(trade["entry_time"]),
                _price(trade["entry_price"]),
                _time(trade["exit_time"]),
                _price(trade["exit_price"]),
                trade["exit_reason"],
                _signed(trade["pnl"], "{:+,.2f}"),
                _signed(trade["pnl_percent"], "{:+.2f}%"),
                _price(trade["highest_price"]),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    return [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(row, _COLUMNS, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def _headline_numbers(backtest: dict) -> str:
    def pct(value) -> str:
        return "n/a" if value is None else f"{value:+.2f}%"

    sharpe = backtest["sharpe_ratio"]
    since = backtest.get("buy_hold_start")
    since = f" from {_time(since)}" if since else ""
    return (
        f"Return {pct(backtest['return_pct'])} (buy & hold {pct(backtest['buy_hold_return_pct'])}"
        f"{since}), Sharpe {'n/a' if sharpe is None else f'{sharpe:.2f}'}, max drawdown "
        f"{pct(backtest['max_drawdown_pct'])}. Data: {backtest['symbol']} {backtest['timeframe']}"
        f" bars, {_time(backtest['start'])} to {_time(backtest['end'])} ({backtest['bars']} "
        f"bars, {backtest['data_source']})."
    )


def _bad_request(message: str) -> dict:
    return {"success": False, "error": message, "errorType": "invalid_request"}


def _time(value: str | None) -> str:
    if not value:
        return ""
    text = value.replace("T", " ")
    return text.removesuffix(" 00:00:00")[:16]


def _price(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _signed(value: float | None, pattern: str) -> str:
    return "" if value is None else pattern.format(value)
