"""The bars a strategy bot runs on: :func:`engine.data.load_given`, with a DataFrame's cleaning
remembered by its content (:func:`load_market`), and the extra columns a caller's DataFrame
brings (:func:`with_extra_columns`)."""

from __future__ import annotations

import hashlib
import pickle

import pandas as pd

from engine.data import MarketData, load_given

_OHLCV_LOWER = {"open", "high", "low", "close", "volume", "adj close", "date", "datetime"}

# The last DataFrame cleaned: (symbol, digest of its pickle) -> its MarketData. One entry: a
# sweep or a re-run hands the same frame again and again, and a frame can be large.
_last_cleaned: tuple[tuple[str | None, bytes], MarketData] | None = None


def load_market(symbol: str | None, data, **options) -> MarketData:
    """:func:`engine.data.load_given`; a DataFrame identical (by the SHA-256 of its pickle:
    values, dtypes, index, names) to the last one cleaned gets that result again instead of
    being validated anew, which cost more than hashing it. Errors are never remembered."""
    global _last_cleaned
    if not isinstance(data, pd.DataFrame):
        return load_given(symbol, data, **options)
    try:
        key = (symbol, _digest(data))
    except Exception:  # a frame holding unpicklable objects: validated (and refused) as usual
        return load_given(symbol, data, **options)
    remembered = _last_cleaned
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    market = load_given(symbol, data, **options)
    _last_cleaned = (key, market)
    return market


def _digest(frame: pd.DataFrame) -> bytes:
    """SHA-256 of ``frame``'s pickle, its arrays hashed where they lie (protocol 5 hands them
    out of band) rather than copied into the pickle first; each prefixed by its length."""
    digest = hashlib.sha256()

    def add(chunk) -> None:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)

    add(pickle.dumps(frame, protocol=5, buffer_callback=lambda buffer: add(buffer.raw())))
    return digest.digest()


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
