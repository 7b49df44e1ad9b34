"""Bars of other symbols a strategy bot reads (a market filter, a benchmark), and its fill mode.

A bot declares what it needs with module-level constants, which Botlab reads from the source
without running it (the bot's code runs only in the sandbox)::

    OTHER_SYMBOLS = ("SPY", "QQQ")   # their bars become columns SPY_Open ... SPY_Volume
    TRADE_ON_CLOSE = True            # Backtest(..., trade_on_close=True)
    MARGIN = 0.5                     # Backtest(..., margin=0.5): 2x leverage

Each other symbol is loaded from the same source as the traded one (the bundled samples
offline, Yahoo Finance with the Yahoo source, or a file the caller names for it), over the same
dates and at the same interval, and aligned on the traded symbol's bars: a bar the other symbol
lacks (a different holiday) repeats its last known values, and nothing from a later bar is ever
used. Columns are named by :func:`engine.generation.spec.symbol_column` (``^GSPC`` ->
``GSPC_Close``, ``BTC-USD`` -> ``BTC_USD_Close``), so the bot reads ``self.data.SPY_Close``.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

import pandas as pd

from engine.data._types import COLUMNS
from engine.execution.bot_source import parse_code

MAX_SYMBOLS = 5


@dataclass
class BotNeeds:
    """What a bot's module-level constants ask of the harness."""

    symbols: list[str] = field(default_factory=list)
    trade_on_close: bool = False
    margin: float = 1.0


def declared(code: str) -> BotNeeds:
    """``OTHER_SYMBOLS``, ``TRADE_ON_CLOSE`` and ``MARGIN`` as written at the top level of
    ``code``; anything but a literal tuple/list of strings, a literal bool or a number in
    (0, 1] (backtesting.py's margin) is ignored."""
    needs = BotNeeds()
    try:
        tree = parse_code(code)
    except (SyntaxError, ValueError):
        return needs
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        name = target.id if isinstance(target, ast.Name) else ""
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        if name == "OTHER_SYMBOLS" and isinstance(value, tuple | list):
            needs.symbols = [str(v).strip().upper() for v in value if isinstance(v, str)]
        elif name == "TRADE_ON_CLOSE" and isinstance(value, bool):
            needs.trade_on_close = value
        elif name == "MARGIN" and type(value) in (int, float) and 0 < value <= 1:
            needs.margin = float(value)
    return needs


def column_prefix(symbol: str) -> str:
    from engine.generation.spec import symbol_column

    return symbol_column(symbol)


def attach(
    frame: pd.DataFrame,
    market,
    symbols: list[str],
    *,
    source: str | None,
    settings,
    files: dict[str, str | os.PathLike] | None = None,
) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """``frame`` with each symbol's OHLCV as ``<PREFIX>_Open`` ... columns, notes for the run's
    warnings and where each symbol's bars came from. Raises ``DataError`` naming the symbol
    when one is missing."""
    from engine import data as market_data

    if len(symbols) > MAX_SYMBOLS:
        raise market_data.DataError(
            "bad_request", f"a bot may read at most {MAX_SYMBOLS} other symbols, not {symbols}"
        )
    notes: list[str] = []
    sources: dict[str, str] = {}
    files = {k.upper(): v for k, v in (files or {}).items()}
    out = frame.copy()
    for symbol in symbols:
        if symbol == str(market.symbol).upper():
            raise market_data.DataError(
                "bad_request", f"{symbol} is the traded symbol; a filter needs another one"
            )
        other = _load(symbol, market, source, settings, files.get(symbol))
        aligned, note = align(other.frame, frame.index, symbol)
        prefix = column_prefix(symbol)
        for column in COLUMNS:
            out[f"{prefix}_{column}"] = aligned[column].to_numpy()
            notes += [*other.warnings, *([note] if note else [])]
        sources[symbol] = other.source
    return out, notes, sources


def _load(symbol: str, market, source: str | None, settings, path):
    from engine import data as market_data

    start, end = market.start, market.end
    if path is not None:
        return market_data.load_ohlcv(symbol, path=path, start=start, end=end)
    src = str(source or settings.data_source).strip().lower()
    interval = None if src == "sample" and market.interval == "1d" else market.interval
    try:
        return market_data.load_ohlcv(
            symbol, start=start, end=end, interval=interval, source=src, settings=settings
        )
    except market_data.DataError as exc:
        if src == "sample" and exc.code == "unknown_symbol":
            from engine.data._samples import QUANDL, SAMPLES

            bundled = ", ".join(s for s, sample in SAMPLES.items() if sample.source == QUANDL)
            raise market_data.DataError(
                "unknown_symbol",
                f"no data for {symbol} offline: bundled samples are {bundled}; pass a file or "
                "go online",
            ) from exc
        raise market_data.DataError(
            exc.code, f"no data for {symbol}: {exc.plain}", hints=exc.hints, detail=exc.detail
        ) from exc


def align(other: pd.DataFrame, index: pd.DatetimeIndex, symbol: str) -> tuple[pd.DataFrame, str]:
    """``other`` on ``index``: each bar takes the other symbol's latest bar at or before its own
    time (forward fill), never a later one. The note says where the other symbol has no data."""
    other = other[list(COLUMNS)]
    if other.index.tz is not None and index.tz is None:
        other = other.tz_convert(None)
    elif other.index.tz is None and index.tz is not None:
        other = other.tz_localize(index.tz)
    aligned = other.reindex(other.index.union(index)).ffill().reindex(index)
    note = ""
    missing = int(aligned["Close"].isna().sum())
    if missing:
        note = (
            f"{symbol} has no bars before {other.index[0].date()}: its columns are empty on the "
            f"first {missing} bars, so rules that read it start later"
        )
    elif len(other) and other.index[-1] < index[-1] - pd.Timedelta(days=7):
        note = f"{symbol} ends on {other.index[-1].date()}: after that its last values are repeated"
    return aligned, note
