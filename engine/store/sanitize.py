"""Turn what a backtest produces into values every database stores the same way.

backtesting.py hands back numpy scalars, NaN and infinities, ``pandas.Timestamp`` and
``pandas.Timedelta``. Stored as they are, SQLite keeps ``np.int64`` as an 8-byte BLOB and NaN as
NULL, while PostgreSQL rejects NaN in JSON. Everything bound for a JSON or numeric column goes
through :func:`sanitize` (or :func:`to_float` / :func:`to_int`, built on it), and every timestamp
through :func:`to_utc`.

pandas is never imported here: a pandas object can only reach us if pandas is already loaded.
"""

from __future__ import annotations

import enum
import math
import numbers
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np


def sanitize(value: Any) -> Any:
    """Return ``value`` as plain JSON-safe Python.

    * numpy scalars become Python scalars (``.item()``), numpy arrays lists;
    * NaN, ±inf, ``NaT`` and pandas' ``NA`` become ``None``;
    * datetimes (``pandas.Timestamp`` included) and dates become ISO 8601 strings;
    * timedeltas (``pandas.Timedelta`` included) become strings such as ``"5 days 00:00:00"``;
    * mappings become dicts with string keys, other iterables lists; a pandas ``Series`` becomes a
      dict and a ``DataFrame`` a list of row dicts;
    * ``Decimal`` becomes float, paths and anything else their ``str()``.
    """
    kind = type(value)  # exact-type fast paths: most values are plain floats, ints and strings
    if kind is float:
        return value if math.isfinite(value) else None
    if value is None or kind is int or kind is str or kind is bool:
        return value
    if isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return _sanitize_numpy_scalar(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, datetime | date | time):
        return None if _is_missing(value) else value.isoformat()
    if isinstance(value, timedelta):
        return None if _is_missing(value) else str(value)
    if isinstance(value, enum.Enum):
        return sanitize(value.value)
    if isinstance(value, Mapping):
        return {str(key): sanitize(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return [sanitize(item) for item in value.tolist()]
    pandas_value = _sanitize_pandas(value)
    if pandas_value is not _NOT_PANDAS:
        return pandas_value
    if isinstance(value, list | tuple | set | frozenset):
        return [sanitize(item) for item in value]
    return str(value)


def to_float(value: Any) -> float | None:
    """``value`` as a finite float, or ``None`` for missing, NaN and infinite values."""
    if type(value) is float:
        return value if math.isfinite(value) else None
    value = sanitize(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def to_int(value: Any) -> int | None:
    """``value`` as an int (an integral float is accepted), or ``None`` when missing."""
    if type(value) is int:
        return value
    value = sanitize(value)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(f"expected an integer, got {value!r}")


def to_text(value: Any) -> str | None:
    """``value`` as a string (``None`` stays ``None``)."""
    value = sanitize(value)
    return None if value is None else str(value)


def to_utc(value: Any) -> datetime | None:
    """``value`` as a tz-aware UTC :class:`datetime` (naive values are taken to be UTC).

    Accepts datetimes (``pandas.Timestamp`` included; nanoseconds are dropped), dates (midnight
    UTC), ``numpy.datetime64`` and ISO 8601 strings. ``None``, ``NaT`` and ``""`` give ``None``.
    """
    if type(value) is datetime:  # fast path: the common case, on every timestamp written
        if value.tzinfo is UTC:
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        value = value.astype("datetime64[us]").item()
    elif isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    if _is_missing(value):
        return None
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(UTC)
    # rebuild: drops subclasses (pandas.Timestamp) and pins the tzinfo to datetime.UTC
    return datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=UTC,
    )


_NOT_PANDAS = object()


def _sanitize_numpy_scalar(value: np.generic) -> Any:
    if isinstance(value, np.datetime64):
        converted = to_utc(value)
        return None if converted is None else converted.isoformat()
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return None
        return str(value.astype("timedelta64[us]").item())
    return sanitize(value.item())


def _is_missing(value: Any) -> bool:
    """True for pandas' ``NaT`` (a datetime/timedelta subclass that is not a real value)."""
    return value != value  # NaT is the only datetime/timedelta not equal to itself


def _sanitize_pandas(value: Any) -> Any:
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return _NOT_PANDAS
    if value is pandas.NA:
        return None
    if isinstance(value, pandas.DataFrame):
        return [sanitize(row) for row in value.to_dict(orient="records")]
    if isinstance(value, pandas.Series | pandas.Index):
        if isinstance(value, pandas.Index):
            return [sanitize(item) for item in value]
        return {str(key): sanitize(item) for key, item in value.items()}
    return _NOT_PANDAS


def work_values(row: Any, names: Iterable[str]) -> dict[str, Any]:
    """A queue job's or a sweep's row as the values of its record (``names``): the times it
    was created, started, finished and last heard from in UTC, ``cancel_requested`` a bool."""
    values = {name: getattr(row, name) for name in names}
    for key in ("created_at", "started_at", "finished_at", "heartbeat_at"):
        values[key] = to_utc(values[key])
    values["cancel_requested"] = bool(values["cancel_requested"])
    return values
