"""The extra columns a caller's DataFrame brings to a strategy bot's bars (the bars themselves
come from :func:`engine.data.load_given`)."""

from __future__ import annotations

import pandas as pd

_OHLCV_LOWER = {"open", "high", "low", "close", "volume", "adj close", "date", "datetime"}


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
