"""Date arguments: parsing ``start``/``end``/``days`` into bounds, and selecting bars by them.

Rules: ``start`` is inclusive. ``end`` is inclusive for users: an ``end`` that is a date (or a
time at midnight) includes that whole day; an ``end`` with a time includes the bar at that time.
``days=N`` means the last N calendar days ending at ``end`` if given, otherwise at the *anchor*:
the last bar of a bundled sample or file, or today for Yahoo. So ``days=1`` is that one day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from engine.data._types import DataError
from engine.dates import bar_time

DAY = pd.Timedelta(days=1)
MAX_DAYS = 200 * 366


def parse_when(value, what: str) -> pd.Timestamp | None:
    """``value`` ("YYYY-MM-DD" string, date, datetime or Timestamp) as a tz-naive Timestamp."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | dt.date | pd.Timestamp):
        raise DataError(
            "bad_request",
            f"{what}={value!r} is not a date; use a 'YYYY-MM-DD' string or a date",
            field=what,
        )
    try:
        ts = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError, OverflowError):
        raise DataError(
            "bad_request",
            f"{what}={value!r} is not a date; use 'YYYY-MM-DD' (e.g. '2020-01-31')",
            field=what,
        ) from None
    if ts is pd.NaT:
        raise DataError("bad_request", f"{what}={value!r} is not a date", field=what)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    try:
        return ts.as_unit("ns")
    except (ValueError, OverflowError):  # OutOfBoundsDatetime: e.g. year 1 or 9999
        raise DataError(
            "bad_request",
            f"{what}={value!r} is out of range: use a date between 1900 and 2200",
            field=what,
        ) from None


def check_days(days) -> int | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise DataError(
            "bad_request", f"days={days!r} must be a whole number of days, at least 1", field="days"
        )
    if days > MAX_DAYS:
        raise DataError(
            "bad_request", f"days={days} is more than {MAX_DAYS:,} (200 years)", field="days"
        )
    return days


def bounds(
    start, end, days, anchor: Callable[[], pd.Timestamp | None]
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``(lo, hi)``: select bars with ``lo <= t < hi``; ``None`` means unbounded.

    ``anchor()`` is called only for ``days`` without ``end``; it gives the day the window ends on.
    """
    lo = parse_when(start, "start")
    end_ts = parse_when(end, "end")
    days = check_days(days)
    hi = None
    if end_ts is not None:
        hi = end_ts + DAY if end_ts == end_ts.normalize() else end_ts + pd.Timedelta(1, "ns")
    if days is not None:
        if lo is not None:
            raise DataError("bad_request", "give either start or days, not both", field="period")
        last = end_ts if end_ts is not None else anchor()
        if last is not None:
            lo = last.normalize() - (days - 1) * DAY
    if lo is not None and hi is not None and lo >= hi:
        raise DataError(
            "bad_request",
            f"start {bar_time(lo)} is after end {bar_time(end_ts)}; swap them",
            field="period",
        )
    return lo, hi


def select(frame: pd.DataFrame, lo: pd.Timestamp | None, hi: pd.Timestamp | None) -> pd.DataFrame:
    """The rows with ``lo <= index < hi`` (a view-free copy is not made; callers copy if needed)."""
    if lo is None and hi is None:
        return frame
    idx = frame.index
    i = 0 if lo is None else idx.searchsorted(lo, side="left")
    j = len(idx) if hi is None else idx.searchsorted(hi, side="left")
    return frame.iloc[i:j]


def describe_bounds(lo: pd.Timestamp | None, hi: pd.Timestamp | None) -> str:
    """Human form of a selection: ``2020-01-01..2020-12-31`` (``hi`` shown inclusive)."""
    a = bar_time(lo) if lo is not None else "the start"
    if hi is None:
        b = "the end"
    elif hi == hi.normalize():
        b = bar_time(hi - DAY)
    else:
        b = bar_time(hi - pd.Timedelta(1, "ns")) if hi.nanosecond else bar_time(hi)
    return f"{a}..{b}"
