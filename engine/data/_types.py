"""The value types of :mod:`engine.data`: ``MarketData``, ``SeriesInfo`` and ``DataError``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from engine.dates import bar_time

COLUMNS = ("Open", "High", "Low", "Close", "Volume")

#: Every :attr:`DataError.code`, with what it means. The message (``str(error)``) always names the
#: symbol, file, column, line or range concerned, and where it helps, what to use instead.
ERROR_CODES: dict[str, str] = {
    "bad_request": "the arguments themselves are wrong (a date that isn't one, days <= 0, start "
    "after end, an unknown interval or source, no symbol and no file)",
    "bad_symbol": "the symbol is not a Yahoo-style ticker (AAPL, BRK-B, ^GSPC, EURUSD=X, BTC-USD)",
    "unknown_symbol": "no such series: not bundled (sample source), or Yahoo knows no such ticker "
    "(unknown or delisted)",
    "interval_unavailable": "the bundled series exists, but not at the requested interval",
    "offline": "Yahoo Finance could not be reached (no network, DNS failure, timeout)",
    "rate_limited": "Yahoo Finance refused the request: too many requests (YFRateLimitError)",
    "no_data": "Yahoo answered, but with no price data for the symbol and range",
    "interval_limit": "intraday bars requested further back than Yahoo keeps them (1m: 7 days; "
    "2m-90m: 60 days; 1h: 730 days)",
    "yahoo_error": "any other failure reported by Yahoo Finance / yfinance",
    "empty_range": "the series exists, but has no bars in the requested range",
    "file_not_found": "the user's file does not exist",
    "bad_file": "the user's file (or DataFrame) can't be read as CSV or Parquet, is empty, or "
    "has ambiguous columns",
    "bad_prices": "a price is zero or negative, or a bar's High and Low do not contain its Open "
    "and Close (High below Low included); the message names the rows",
    "missing_columns": "a required column (a date column or index, Open, High, Low, Close) is "
    "missing",
    "bad_dates": "a date/time value can't be parsed (the message gives the line and the value)",
    "non_numeric": "a price or volume value isn't a number (the message gives column, line, value)",
}


class DataError(Exception):
    """Market data could not be provided.

    ``str(error)`` is a one-line, user-facing message that names the symbol, file, column, line or
    range concerned. :attr:`code` is one of :data:`ERROR_CODES`, for programs to branch on;
    :attr:`field` the request's field at fault when it is not the data itself (``start``,
    ``end``, ``days``, ``period``); :attr:`hints` what to change (a source), as facts;
    :attr:`detail` a library's own words for the failure (``DNSError: ...``), which ``str()``
    ends with and :attr:`plain`, the message in plain words, leaves out.
    """

    def __init__(
        self, code: str, message: str, field: str | None = None, hints=(), detail: str = ""
    ):
        if code not in ERROR_CODES:  # a programming error, not a data error
            raise ValueError(f"unknown DataError code {code!r}")
        super().__init__(f"{message} ({detail})" if detail else message)
        self.code = code
        self.field = field
        self.hints = list(hints)  # engine.results.Hint: what to change (each front end says it)
        self.plain, self.detail = message, detail

    @property
    def message(self) -> str:
        return str(self)

    def __reduce__(self):  # picklable across processes (the executor runs bots in children)
        return (type(self), (self.code, str(self), self.field))


class BarSpan:
    """The first and last bar times of a record's ``frame`` (a base of such records)."""

    frame: pd.DataFrame

    @property
    def start(self) -> pd.Timestamp:
        """Timestamp of the first bar."""
        return self.frame.index[0]

    @property
    def end(self) -> pd.Timestamp:
        """Timestamp of the last bar."""
        return self.frame.index[-1]


@dataclass(frozen=True, eq=False)
class MarketData(BarSpan):
    """A clean OHLCV series and where it came from.

    ``frame`` has a tz-naive :class:`~pandas.DatetimeIndex` (exchange-local time), the float64
    columns ``Open High Low Close Volume`` in that order, sorted, with unique timestamps and no
    NaN: ready for ``backtesting.Backtest``. ``source`` is one of ``sample:quandl-wiki``,
    ``sample:backtesting.py``, ``yahoo`` (fetched now, possibly merged with the cache),
    ``yahoo-cache`` (from the on-disk cache, no network), ``file:<absolute path>`` or
    ``dataframe`` (:func:`engine.data.load_frame`). ``warnings`` lists what cleaning changed
    (rows dropped, volume filled, ...); record them with the run.
    """

    frame: pd.DataFrame
    symbol: str
    source: str
    interval: str
    warnings: tuple[str, ...] = ()

    @property
    def bars(self) -> int:
        """Number of bars."""
        return len(self.frame)

    def describe(self) -> dict:
        """``{"symbol", "source", "start", "end", "bars", "interval"}`` with ISO strings.

        Store it with every run: it says exactly which data the run used.
        """
        return {
            "symbol": self.symbol,
            "source": self.source,
            "start": bar_time(self.start),
            "end": bar_time(self.end),
            "bars": self.bars,
            "interval": self.interval,
        }

    def __repr__(self) -> str:
        d = self.describe()
        return (
            f"MarketData({d['symbol']} {d['interval']} {d['start']}..{d['end']}, "
            f"{d['bars']} bars, source={d['source']!r}, warnings={len(self.warnings)})"
        )


@dataclass(frozen=True)
class SeriesInfo:
    """One series available without a download: bundled, or in the Yahoo cache."""

    symbol: str
    interval: str
    source: str  # "sample:quandl-wiki" | "sample:backtesting.py" | "yahoo-cache"
    start: pd.Timestamp
    end: pd.Timestamp
    bars: int
    path: Path | None = None

    def describe(self) -> dict:
        return {
            "symbol": self.symbol,
            "interval": self.interval,
            "source": self.source,
            "start": bar_time(self.start),
            "end": bar_time(self.end),
            "bars": self.bars,
            "path": str(self.path) if self.path else None,
        }
