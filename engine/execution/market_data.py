"""The bars a strategy bot runs on: loaded from a source, a file or a caller's DataFrame."""

from __future__ import annotations

import pandas as pd

from engine.config import Settings

_OHLCV_LOWER = {"open", "high", "low", "close", "volume", "adj close", "date", "datetime"}


def load_market_data(
    symbol: str | None,
    data,
    *,
    days: int | None,
    start: str | None,
    end: str | None,
    interval: str | None,
    source: str | None,
    settings: Settings,
):
    """The cleaned market data of a run (:class:`engine.data.MarketData`): from ``data`` (a
    DataFrame or a file) when given, else ``symbol`` from the data source."""
    from engine import data as market_data

    if isinstance(data, pd.DataFrame):
        return market_data.load_frame(data, name=symbol or "dataframe")
    if data is not None:
        return market_data.load_ohlcv(
            symbol, path=data, start=start, end=end, days=days, settings=settings
        )
    return market_data.load_ohlcv(
        symbol,
        start=start,
        end=end,
        days=days,
        interval=interval,
        source=source,
        settings=settings,
    )


def with_extra_columns(clean: pd.DataFrame, data) -> pd.DataFrame:
    """The cleaned OHLCV frame plus any extra numeric columns of a DataFrame the caller gave
    (e.g. a market filter's ``Filter_Close``), aligned on the cleaned index."""
    if not isinstance(data, pd.DataFrame):
        return clean
    extra = [
        c
        for c in data.columns
        if c not in clean.columns
        and str(c).lower() not in _OHLCV_LOWER
        and pd.api.types.is_numeric_dtype(data[c])
    ]
    if not extra:
        return clean
    columns = data[extra].copy()
    columns.index = pd.DatetimeIndex(pd.to_datetime(columns.index))
    if columns.index.tz is not None and clean.index.tz is None:
        columns.index = columns.index.tz_localize(None)
    columns = columns[~columns.index.duplicated(keep="last")]
    return clean.join(columns.reindex(clean.index))
