"""Equity curves in the store: downsampled to at most :data:`MAX_POINTS` and packed into bytes.

The full-resolution curve lives in the run's JSON results file; the store keeps a chart-sized copy.
Downsampling splits the curve into equal buckets and keeps, in each, the points where the equity
and the drawdown reach their minimum and maximum (plus the first and last point), so peaks, troughs
and the deepest drawdown survive.

Payload format (version 1): a 6-byte header ``<B c I>`` (format version, time kind, point count)
followed by ``zlib`` (level 1: as small as level 6 on these data, and faster) of three
byte-shuffled arrays: time (int64, delta-encoded), equity (float64, exact) and drawdown_pct
(float32: ample for a percentage on a chart, and a third smaller once compressed). About 10 bytes
per point. The time kind is ``d`` (epoch seconds, returned as UTC datetimes), ``i`` (plain
integers such as bar numbers) or ``n`` (no time axis). Version 2 adds a fourth array,
``buy_hold`` (float64, NaN before the bar buy and hold starts at), after the other three: the
value of buying and holding, kept at the same points so the chart's line and the reported
buy-and-hold return agree. Version 1 payloads still read (without ``buy_hold``).
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np

from engine.store.sanitize import to_utc

#: The most points the store keeps per curve.
MAX_POINTS = 1000

_HEADER = struct.Struct("<BcI")
_VERSION = 1
_VERSION_WITH_HOLD = 2
_TIME_DATES, _TIME_INTS, _TIME_NONE = b"d", b"i", b"n"


def pack_equity(curve: Mapping[str, Any], *, max_points: int = MAX_POINTS) -> tuple[int, bytes]:
    """Downsample and pack ``{"time": [...], "equity": [...], "drawdown_pct": [...]}`` (and
    ``"buy_hold"`` when given: kept at the same points, NaN allowed).

    ``time`` may be datetimes (any kind :func:`~engine.store.sanitize.to_utc` accepts, naive =
    UTC), integers, or absent. ``drawdown_pct`` defaults to the drawdown computed from ``equity``
    in percent (``<= 0``). Returns ``(points kept, payload)``.
    """
    equity = np.asarray(curve["equity"], dtype=np.float64)
    n = len(equity)
    drawdown = _drawdown(curve.get("drawdown_pct"), equity)
    kind, times = _times(curve.get("time"), n)
    hold = curve.get("buy_hold")
    hold = None if hold is None else np.asarray(hold, dtype=np.float64)
    if len(drawdown) != n or len(times) != n or (hold is not None and len(hold) != n):
        raise ValueError("equity curve columns must have the same length")
    series = [equity, drawdown] if hold is None else [equity, drawdown, hold]
    keep = downsample_indices(series, max_points)
    return len(keep), _encode(
        kind, times[keep], equity[keep], drawdown[keep], None if hold is None else hold[keep]
    )


def unpack_equity(payload: bytes) -> dict[str, list]:
    """The curve packed by :func:`pack_equity`; NaN values come back as ``None``."""
    version, kind, n = _HEADER.unpack_from(payload)
    if version not in (_VERSION, _VERSION_WITH_HOLD):
        raise ValueError(f"unknown equity payload version {version}")
    body = zlib.decompress(payload[_HEADER.size :])
    width = n * 8
    times = np.cumsum(_unshuffle(body[:width], np.int64, n))
    equity = _unshuffle(body[width : 2 * width], np.float64, n)
    drawdown = _unshuffle(body[2 * width : 2 * width + n * 4], np.float32, n).astype(np.float64)
    if kind == _TIME_DATES:
        time: list = [datetime.fromtimestamp(int(t), UTC) for t in times]
    elif kind == _TIME_INTS:
        time = times.tolist()
    else:
        time = [None] * n
    curve = {"time": time, "equity": _floats(equity), "drawdown_pct": _floats(drawdown)}
    if version == _VERSION_WITH_HOLD:
        start = 2 * width + n * 4
        curve["buy_hold"] = _floats(_unshuffle(body[start : start + width], np.float64, n))
    return curve


def downsample_indices(series: list[np.ndarray], max_points: int = MAX_POINTS) -> np.ndarray:
    """Sorted indices to keep so that no series loses any bucket's minimum or maximum, nor its
    first value (a series that starts late, like buy and hold, keeps its starting point)."""
    n = len(series[0])
    if n <= max_points:
        return np.arange(n)
    buckets = max((max_points - 2) // (2 * len(series)), 1)
    size = -(-n // buckets)
    rows = -(-n // size)
    pad = rows * size - n
    offsets = np.arange(rows) * size
    picks = [np.array([0, n - 1])]
    for values in series:
        nan = np.isnan(values)
        if nan.any() and not nan.all():
            picks.append(np.array([int(np.argmin(nan))]))
        low = np.concatenate([np.where(nan, np.inf, values), np.full(pad, np.inf)])
        high = np.concatenate([np.where(nan, -np.inf, values), np.full(pad, -np.inf)])
        picks.append(offsets + low.reshape(rows, size).argmin(axis=1))
        picks.append(offsets + high.reshape(rows, size).argmax(axis=1))
    keep = np.unique(np.concatenate(picks))
    return keep[keep < n]


def _drawdown(drawdown: Any, equity: np.ndarray) -> np.ndarray:
    if drawdown is not None:
        return np.asarray(drawdown, dtype=np.float64)
    if not len(equity):
        return equity.copy()
    peak = np.fmax.accumulate(equity)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (equity / peak - 1.0) * 100.0


def _times(time: Any, n: int) -> tuple[bytes, np.ndarray]:
    """The time axis as ``(kind, int64 array)``: epoch seconds for datetimes."""
    if time is None:
        return _TIME_NONE, np.zeros(n, dtype=np.int64)
    array = _datetime64(time)
    if array is None:
        array = np.asarray(time)
    if np.issubdtype(array.dtype, np.datetime64):
        return _TIME_DATES, array.astype("datetime64[s]").astype(np.int64)
    if np.issubdtype(array.dtype, np.integer):
        return _TIME_INTS, array.astype(np.int64)
    seconds = [int(to_utc(value).timestamp()) for value in array.tolist()]
    return _TIME_DATES, np.asarray(seconds, dtype=np.int64)


def _datetime64(time: Any) -> np.ndarray | None:
    """A tz-aware pandas time axis as naive-UTC ``datetime64`` (fast path), else ``None``."""
    pandas = sys.modules.get("pandas")
    if pandas is None or not isinstance(time, pandas.Series | pandas.Index):
        return None
    if not isinstance(getattr(time, "dtype", None), pandas.DatetimeTZDtype):
        return None
    index = pandas.DatetimeIndex(time).tz_convert("UTC").tz_localize(None)
    return index.to_numpy()


def _encode(
    kind: bytes,
    times: np.ndarray,
    equity: np.ndarray,
    drawdown: np.ndarray,
    hold: np.ndarray | None = None,
) -> bytes:
    deltas = np.diff(times, prepend=np.int64(0)).astype(np.int64)
    body = _shuffle(deltas) + _shuffle(equity) + _shuffle(drawdown.astype(np.float32))
    version = _VERSION
    if hold is not None:
        body += _shuffle(hold)
        version = _VERSION_WITH_HOLD
    return _HEADER.pack(version, kind, len(times)) + zlib.compress(body, 1)


def _shuffle(array: np.ndarray) -> bytes:
    """Group the bytes of equal significance together: smooth series then compress far better."""
    array = np.ascontiguousarray(array)
    return array.view(np.uint8).reshape(-1, array.itemsize).T.tobytes()


def _unshuffle(raw: bytes, dtype: type, n: int) -> np.ndarray:
    itemsize = np.dtype(dtype).itemsize
    grouped = np.frombuffer(raw, dtype=np.uint8).reshape(itemsize, n)
    return np.ascontiguousarray(grouped.T).view(dtype).reshape(n)


def _floats(values: np.ndarray) -> list[float | None]:
    return [None if value != value else value for value in values.tolist()]
