"""How Botlab writes a bar's time as text, shared by live data and stored runs (no pandas)."""

from __future__ import annotations

from datetime import UTC, datetime


def bar_time(ts: datetime) -> str:
    """A bar's time as text: ``YYYY-MM-DD`` when it is midnight, otherwise ``YYYY-MM-DDTHH:MM:SS``.

    Bars are in UTC without an offset (as in the data frames); an aware time, such as one read
    back from the store, is shown in UTC the same way, so a stored run reads like the live one.
    Takes a ``datetime`` or a ``pandas.Timestamp``.
    """
    if ts.tzinfo is not None:
        ts = ts.astimezone(UTC).replace(tzinfo=None)
    midnight = not (ts.hour or ts.minute or ts.second or ts.microsecond)
    if midnight and not getattr(ts, "nanosecond", 0):
        return f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"
    return ts.isoformat()
