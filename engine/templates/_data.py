"""Market data for the templates: through :mod:`engine.data`, or given explicitly by the caller.

``data`` (as :func:`engine.templates.execute_script` takes it) is ``None`` (load every ticker
through :func:`engine.data.load_ohlcv`), one file path or DataFrame (the bars of the request's
first ticker: ``ticker`` or ``ticker1``; any other ticker is loaded as usual), or a mapping
``{ticker: path or DataFrame}``. A given series goes through the same cleaning as a user's file
(:func:`engine.data.load_frame`), then through the request's date selection.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from engine.data import BarSpan, DataError, MarketData

DataValue = str | os.PathLike | pd.DataFrame
DataArg = DataValue | Mapping[str, DataValue] | None

DAY = pd.Timedelta(days=1)
EASTERN = "America/New_York"
REGULAR_OPEN = pd.Timedelta(hours=9, minutes=30)
REGULAR_CLOSE = pd.Timedelta(hours=16)


@dataclass
class Prepared(BarSpan):
    """The bars a template's bot runs on, and where they came from.

    ``frame``: clean OHLCV (plus any extra columns the bot reads, e.g. ``Filter_Close``);
    ``symbol``: what the run is stored under (``AAPL``, or ``KO/PEP`` for a pair); ``source``:
    the data's provenance in words (``yahoo``, ``sample:quandl-wiki``, ``dataframe``...).
    """

    frame: pd.DataFrame
    symbol: str
    interval: str
    source: str
    warnings: list[str] = field(default_factory=list)


def data_by_ticker(data: DataArg, tickers: list[str]) -> dict[str, DataValue]:
    """The explicitly given series by ticker; a single series belongs to the first ticker."""
    if data is None:
        return {}
    if isinstance(data, Mapping):
        unused = [str(key) for key in data if key not in tickers]
        if unused:
            raise DataError(
                "bad_request",
                f"data was given for {', '.join(unused)}, which the request doesn't use "
                f"(its tickers: {', '.join(tickers)})",
            )
        return dict(data)
    return {tickers[0]: data}


def select_dates(
    market: MarketData, start: dt.date | None, end: dt.date | None, days: int | None
) -> MarketData:
    """The bars of ``market`` from ``start`` to ``end`` (whole days), or its last ``days``."""
    index = market.frame.index
    hi = pd.Timestamp(end) + DAY if end else None
    lo = pd.Timestamp(start) if start else None
    if days:
        last = pd.Timestamp(end) if end else index[-1].normalize()
        lo = last - (days - 1) * DAY
    keep = (index >= lo if lo is not None else True) & (index < hi if hi is not None else True)
    frame = market.frame[keep] if lo is not None or hi is not None else market.frame
    if frame.empty:
        raise DataError(
            "empty_range",
            f"no {market.symbol} bars between {lo.date() if lo is not None else 'the start'} "
            f"and {(hi - DAY).date() if hi is not None else 'the end'}: the data has "
            f"{market.interval} bars from {index[0]} to {index[-1]}",
        )
    return MarketData(frame.copy(), market.symbol, market.source, market.interval, market.warnings)


def regular_session(frame: pd.DataFrame) -> pd.DataFrame:
    """A timezone-aware frame in US/Eastern wall time (naive), cut to 09:30-16:00.

    A naive frame is returned as it is: its times are taken as the exchange's own.
    """
    index = frame.index
    if not isinstance(index, pd.DatetimeIndex) or index.tz is None:
        return frame
    local = frame.tz_convert(EASTERN).tz_localize(None)
    clock = local.index - local.index.normalize()
    return local[(clock >= REGULAR_OPEN) & (clock < REGULAR_CLOSE)]


def one_day(market: MarketData, day: dt.date) -> MarketData:
    """The bars of ``market`` on the calendar date ``day`` (an ``empty_range`` error if none)."""
    index = market.frame.index
    frame = market.frame[index.normalize() == pd.Timestamp(day)]
    if frame.empty:
        raise DataError(
            "empty_range",
            f"no {market.symbol} bars on {day} (not a trading day, or not in the data): the data "
            f"has {market.interval} bars from {index[0]} to {index[-1]}",
        )
    return MarketData(frame.copy(), market.symbol, market.source, market.interval, market.warnings)


def same_interval(a: str, b: str) -> bool:
    """Whether two interval spellings mean the same bar size (``60m`` is ``1h``)."""
    aliases = {"60m": "1h"}
    return aliases.get(a, a) == aliases.get(b, b)
