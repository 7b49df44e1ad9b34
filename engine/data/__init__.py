"""Market data for Botlab: one entry point, :func:`load_ohlcv`, whatever the source.

Sources
-------
``sample`` (the default, offline)
    Real daily OHLCV shipped with Botlab: ``AAPL``, ``MSFT``, ``IBM``, ``GOOG`` (Quandl WIKI,
    public domain, 2000-2013, adjusted for splits and dividends; see ``samples/PROVENANCE.md``),
    and backtesting.py's own samples ``GOOG-BT`` (daily 2004-2013), ``EURUSD`` (hourly 2017-2018)
    and ``BTCUSD`` (monthly 2012-2024); the last two also serve Yahoo's ``EURUSD=X`` and
    ``BTC-USD``, with a warning naming the sample and its dates. Any other symbol is an error
    that says how to use Yahoo.
``yahoo`` (``BOTLAB_DATA_SOURCE=yahoo`` or ``source="yahoo"``)
    Yahoo Finance via yfinance, adjusted prices, with a persistent Parquet cache under
    ``$BOTLAB_HOME/cache/yahoo``: a cached range never touches the network; a later range is
    topped up; concurrent processes are safe. See :mod:`engine.data._yahoo`.
``path=`` (a user's CSV or Parquet file)
    Flexible headers; see :mod:`engine.data._clean` for the exact rules.

Every result is a :class:`MarketData`: a clean frame ready for ``backtesting.Backtest`` plus its
``symbol``, ``source``, ``interval`` and ``warnings``; store ``describe()`` with each run. Every
failure is a :class:`DataError` whose ``code`` is one of :data:`ERROR_CODES` and whose message is
one specific line. Data is never substituted silently.

Ranges: ``start`` inclusive; ``end`` inclusive (a date includes that whole day); ``days=N`` is the
last N calendar days of what is available, ending at ``end`` if given, else at the last bar of a
sample or file, else today (Yahoo). Without any of them: the whole sample or file, or for Yahoo the
last 10 years (intraday: as far back as Yahoo allows). An empty selection is ``empty_range`` and
names the available range.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd

from engine.config import Settings, load_settings
from engine.data import _cache
from engine.data._clean import clean_frame, infer_interval
from engine.data._files import load_file
from engine.data._samples import SAMPLES, Sample, load_sample, sample_for, sample_path
from engine.data._samples import bundled_symbols as _bundled_symbols
from engine.data._select import bounds, describe_bounds, select
from engine.data._types import ERROR_CODES, BarSpan, DataError, MarketData, SeriesInfo
from engine.data._yahoo import INTERVALS, _cached_ranges, canonical_interval, load_yahoo
from engine.dates import bar_time
from engine.results import HINTS

__all__ = [
    "ERROR_CODES",
    "INTERVALS",
    "BarSpan",
    "DataError",
    "MarketData",
    "SeriesInfo",
    "bar_time",
    "bundled_symbols",
    "default_interval",
    "fetch",
    "list_series",
    "load_frame",
    "load_given",
    "load_ohlcv",
]

SOURCES = ("sample", "yahoo")


def bundled_symbols() -> list[str]:
    """The symbols available offline: ``AAPL MSFT IBM GOOG GOOG-BT EURUSD BTCUSD``."""
    return _bundled_symbols()


def default_interval(symbol: str | None, source: str | None) -> str | None:
    """The bar size :func:`load_ohlcv` uses when none is asked for: the sample's own for a
    bundled symbol, ``"1d"`` for Yahoo, ``None`` when only the data can say (a file, or a
    symbol that is not bundled)."""
    if str(source or "").strip().lower() == "yahoo":
        return "1d"
    sample = sample_for(str(symbol or ""))
    return sample.interval if sample is not None else None


def load_ohlcv(
    symbol: str | None = None,
    *,
    start=None,
    end=None,
    days: int | None = None,
    interval: str | None = None,
    source: str | None = None,
    path: str | os.PathLike | None = None,
    settings: Settings | None = None,
) -> MarketData:
    """Load clean OHLCV bars for ``symbol`` (or from the file ``path``).

    ``source``: ``"sample"`` or ``"yahoo"``; default ``settings.data_source`` (env
    ``BOTLAB_DATA_SOURCE``, itself defaulting to ``"sample"``). Ignored when ``path`` is given.
    ``interval``: Yahoo's spelling (``1d``, ``1h``, ``5m``, ``1wk``, ``1mo``...). ``None`` means
    ``"1d"`` for Yahoo, the series' own interval for a sample (``EURUSD`` is ``1h``), and the file's
    own spacing for a file. A bundled symbol asked for at another interval is an error
    (``interval_unavailable``): samples are never resampled.
    ``start``/``end``: ``"YYYY-MM-DD"`` strings, dates, datetimes or Timestamps; both inclusive.
    ``days``: the last N calendar days (see the module doc for the anchor).
    Raises :class:`DataError`.
    """
    if path is not None:
        return _load_path(path, symbol, start, end, days, interval)
    if symbol is None or not str(symbol).strip():
        raise DataError("bad_request", "no symbol given (e.g. 'AAPL'), and no file path")
    settings = settings or load_settings()
    src = str(source or settings.data_source).strip().lower()
    if src == "sample":
        return _load_sample(str(symbol), start, end, days, interval, settings)
    if src == "yahoo":
        return load_yahoo(symbol, interval or "1d", start, end, days, settings.cache_dir)
    raise DataError(
        "bad_request", f"source={source!r} is not one of: {', '.join(SOURCES)} (or pass path=)"
    )


def load_given(
    symbol: str | None,
    given: str | os.PathLike | pd.DataFrame | None,
    *,
    start=None,
    end=None,
    days: int | None = None,
    interval: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> MarketData:
    """``symbol``'s bars from what a caller gave, else from the data source.

    ``given``: a DataFrame (cleaned by :func:`load_frame` and named ``symbol``; its dates are
    not selected), a file path (:func:`load_ohlcv` with ``path``: the file's own bar spacing),
    or ``None`` (:func:`load_ohlcv` from ``source``). Raises :class:`DataError`.
    """
    if isinstance(given, pd.DataFrame):
        return load_frame(given, name=symbol or "dataframe")
    if given is not None:
        return load_ohlcv(symbol, path=given, start=start, end=end, days=days)
    return load_ohlcv(
        symbol,
        start=start,
        end=end,
        days=days,
        interval=interval,
        source=source,
        settings=settings,
    )


def fetch(
    symbol: str,
    *,
    start=None,
    end=None,
    days: int | None = None,
    interval: str = "1d",
    settings: Settings | None = None,
) -> MarketData:
    """Download ``symbol`` from Yahoo into the cache (only what isn't cached yet) and return it.

    Without ``start``/``days``: the last 10 years (intraday: as far back as Yahoo allows).
    """
    settings = settings or load_settings()
    return load_yahoo(symbol, interval, start, end, days, settings.cache_dir)


def load_frame(df: pd.DataFrame, *, name: str = "dataframe") -> MarketData:
    """Clean and validate an in-memory DataFrame by the same rules as a user's file.

    The result's ``symbol`` is ``name``, its ``source`` is ``"dataframe"``, and its interval is
    inferred from the bar spacing.
    """
    frame, notes = clean_frame(df, name=name)
    return MarketData(frame, name, "dataframe", infer_interval(frame.index), tuple(notes))


def list_series(settings: Settings | None = None) -> list[SeriesInfo]:
    """The bundled samples, then every series in the Yahoo cache, with their ranges."""
    settings = settings or load_settings()
    out = []
    for symbol, sample in SAMPLES.items():
        frame = load_sample(symbol)
        out.append(
            SeriesInfo(
                symbol,
                sample.interval,
                sample.source,
                frame.index[0],
                frame.index[-1],
                len(frame),
                sample_path(sample),
            )
        )
    for path, meta, first, last in _cache.entries(settings.cache_dir):
        if first is not None:
            out.append(
                SeriesInfo(meta.symbol, meta.interval, "yahoo-cache", first, last, meta.rows, path)
            )
    return out


# --------------------------------------------------------------------------------------------


def _norm_interval(interval: str) -> str:
    text = canonical_interval(interval)
    return "1h" if text == "60m" else text


def _load_sample(symbol, start, end, days, interval, settings) -> MarketData:
    key = symbol.strip().upper()
    sample = sample_for(key)
    if sample is None:
        cached = [
            f"{m.interval} {_cached_ranges(m)}"
            for _, m, _, _ in _cache.entries(settings.cache_dir)
            if m.symbol == key and m.covered
        ]
        note = f"; {key} is in the Yahoo cache ({'; '.join(cached)})" if cached else ""
        raise DataError(
            "unknown_symbol",
            f"{symbol!r} is not a bundled sample (bundled: {', '.join(bundled_symbols())}){note}",
            hints=[HINTS["yahoo_source"]],
        )
    named = key if key == sample.symbol else f"{key} (the bundled sample {sample.symbol})"
    if interval is not None and _norm_interval(interval) != sample.interval:
        raise DataError(
            "interval_unavailable",
            f"{named} is bundled only as {sample.interval} bars, not {interval} (samples are not "
            f"resampled); use the {sample.interval} interval, or the Yahoo source for {interval} "
            "bars",
        )
    frame = load_sample(sample.symbol)
    market = _selected(frame, sample.symbol, sample.source, sample.interval, start, end, days, [])
    if key == sample.symbol:
        return market
    return replace(market, warnings=(_served_by_sample(key, sample, market), *market.warnings))


def _served_by_sample(asked: str, sample: Sample, market: MarketData) -> str:
    """The note of a Yahoo ticker served offline by the bundled sample of the same market, with
    the bars used: a run on other data than the name asked for is never silent."""
    return (
        f"{asked} is Yahoo's ticker; offline it is served by the bundled sample {sample.symbol} "
        f"({sample.source}, {sample.interval} bars {bar_time(market.start)}.."
        f"{bar_time(market.end)}); use the Yahoo source for Yahoo's own {asked} bars"
    )


def _load_path(path, symbol, start, end, days, interval) -> MarketData:
    frame, notes, p = load_file(path)
    inferred = infer_interval(frame.index)
    if interval is not None and _norm_interval(interval) != inferred:
        notes.append(
            f"{p.name}: interval {interval} requested, but its bars are {inferred} apart; "
            "used as is"
        )
    name = str(symbol).strip() if symbol else p.stem
    return _selected(frame, name, f"file:{p}", inferred, start, end, days, notes)


def _selected(frame, symbol, source, interval, start, end, days, notes) -> MarketData:
    lo, hi = bounds(start, end, days, anchor=lambda: frame.index[-1])
    sel = select(frame, lo, hi)
    first, last = frame.index[0], frame.index[-1]
    if sel.empty:
        raise DataError(
            "empty_range",
            f"no {symbol} bars in {describe_bounds(lo, hi)}: {source} has {interval} bars from "
            f"{bar_time(first)} to {bar_time(last)} ({len(frame)} bars)",
        )
    slack = pd.Timedelta(days=7)
    asked_lo = (start is not None or days is not None) and lo is not None and lo < first - slack
    asked_hi = end is not None and hi is not None and hi > last + slack
    if asked_lo or asked_hi:
        notes = [
            *notes,
            f"{symbol}: requested {describe_bounds(lo, hi)}, but {source} only has "
            f"{bar_time(first)}..{bar_time(last)}; "
            f"using {bar_time(sel.index[0])}..{bar_time(sel.index[-1])}",
        ]
    return MarketData(sel.copy(), symbol, source, interval, tuple(notes))


def yahoo_cache_dir(settings: Settings | None = None) -> Path:
    """The folder of the Yahoo downloads' cache (one Parquet file per symbol and interval)."""
    settings = settings or load_settings()
    return _cache.yahoo_dir(settings.cache_dir)


def clear_cache(settings: Settings | None = None) -> int:
    """Delete the cached Yahoo downloads; returns how many files went (bundled data stays)."""
    folder = yahoo_cache_dir(settings)
    if not folder.is_dir():
        return 0
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return count
