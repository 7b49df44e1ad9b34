"""Sanitising values for the database, and packing equity curves."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.store.equity import MAX_POINTS, downsample_indices, pack_equity, unpack_equity
from engine.store.sanitize import sanitize, to_float, to_int, to_utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.int64(3), 3),
        (np.float32(1.5), 1.5),
        (np.float64("nan"), None),
        (float("inf"), None),
        (-np.inf, None),
        (np.bool_(True), True),
        (Decimal("2.5"), 2.5),
        (pd.Timestamp("2024-01-02 03:04"), "2024-01-02T03:04:00"),
        (pd.Timestamp("2024-01-02", tz="UTC"), "2024-01-02T00:00:00+00:00"),
        (pd.NaT, None),
        (pd.Timedelta("1D 2h"), "1 days 02:00:00"),
        (timedelta(minutes=5), "0:05:00"),
        (np.datetime64("2024-01-02T03:04"), "2024-01-02T03:04:00+00:00"),
        (np.datetime64("NaT"), None),
        (np.timedelta64(90, "s"), "0:01:30"),
        (date(2024, 1, 2), "2024-01-02"),
        (Path("/tmp/x"), "/tmp/x"),
        (np.array([1, np.nan]), [1.0, None]),
        ((1, np.int8(2)), [1, 2]),
        ({1: {"a": np.float64("nan")}}, {"1": {"a": None}}),
        (pd.Series({"a": np.int64(1)}), {"a": 1}),
        (pd.DataFrame({"a": [1, 2]}), [{"a": 1}, {"a": 2}]),
        (pd.NA, None),
        (object, "<class 'object'>"),
    ],
)
def test_sanitize(value, expected):
    result = sanitize(value)
    assert result == expected
    json.dumps(result, allow_nan=False)  # always strict-JSON safe


def test_numeric_coercions():
    assert to_float(np.int64(2)) == 2.0 and to_float(np.nan) is None
    assert to_int(np.float64(3.0)) == 3 and to_int(None) is None
    with pytest.raises(TypeError):
        to_int(2.5)
    with pytest.raises(TypeError):
        to_float("1.0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 1, 2, 3, 4), datetime(2024, 1, 2, 3, 4, tzinfo=UTC)),
        (
            datetime(2024, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=2))),
            datetime(2024, 1, 2, 1, 4, tzinfo=UTC),
        ),
        (pd.Timestamp("2024-01-02 03:04:05.123456789"), datetime(2024, 1, 2, 3, 4, 5, 123456, UTC)),
        (date(2024, 1, 2), datetime(2024, 1, 2, tzinfo=UTC)),
        ("2024-01-02T03:04:00-01:00", datetime(2024, 1, 2, 4, 4, tzinfo=UTC)),
        ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
        (np.datetime64("2024-01-02T03:04"), datetime(2024, 1, 2, 3, 4, tzinfo=UTC)),
        (None, None),
        ("", None),
        (pd.NaT, None),
    ],
)
def test_to_utc(value, expected):
    result = to_utc(value)
    assert result == expected
    assert result is None or (type(result) is datetime and result.tzinfo is UTC)


def test_to_utc_refuses_numbers():
    with pytest.raises(TypeError):
        to_utc(1_700_000_000)


def test_downsampling_keeps_each_buckets_extremes():
    rng = np.random.default_rng(0)
    values = rng.normal(size=10_000).cumsum()
    keep = downsample_indices([values], max_points=100)
    assert len(keep) <= 100 and keep[0] == 0 and keep[-1] == 9_999
    assert values.argmax() in keep and values.argmin() in keep
    assert list(keep) == sorted(set(keep))
    assert list(downsample_indices([values[:50]], max_points=100)) == list(range(50))


@pytest.mark.parametrize("points", [0, 1, 999, 1_000, 1_001, 50_000])
def test_pack_round_trip_sizes(points):
    times = pd.date_range("2020-01-01", periods=points, freq="min")
    equity = np.linspace(100.0, 200.0, points)
    kept, payload = pack_equity({"time": times, "equity": equity})
    curve = unpack_equity(payload)
    assert kept == len(curve["equity"]) == len(curve["time"]) <= MAX_POINTS
    assert kept == points or (points > MAX_POINTS and kept >= 2 * (points // MAX_POINTS))
    if points:
        assert curve["time"][0] == datetime(2020, 1, 1, tzinfo=UTC)
        assert curve["equity"][-1] == equity[-1]
        assert curve["drawdown_pct"] == [0.0] * kept  # rising curve: no drawdown


def test_pack_accepts_every_time_axis():
    aware = pd.date_range("2024-01-01", periods=3, freq="D", tz="America/New_York")
    naive_list = [datetime(2024, 1, 1, 5), datetime(2024, 1, 2, 5), datetime(2024, 1, 3, 5)]
    strings = [d.isoformat() + "Z" for d in naive_list]
    expected = [datetime(2024, 1, d, 5, tzinfo=UTC) for d in (1, 2, 3)]
    for time in (aware, pd.Series(aware), naive_list, strings, np.array(naive_list, "M8[s]")):
        curve = unpack_equity(pack_equity({"time": time, "equity": [1.0, 2.0, 3.0]})[1])
        assert curve["time"] == expected
    bars = unpack_equity(pack_equity({"time": range(3), "equity": [1, 2, 3]})[1])
    assert bars["time"] == [0, 1, 2]


def test_pack_keeps_nan_as_none_and_computes_drawdown():
    curve = unpack_equity(pack_equity({"equity": [100.0, 80.0, float("nan"), 120.0]})[1])
    assert curve["equity"] == [100.0, 80.0, None, 120.0]
    assert curve["drawdown_pct"][:2] == [0.0, pytest.approx(-20.0)]
    with pytest.raises(ValueError, match="same length"):
        pack_equity({"equity": [1.0, 2.0], "drawdown_pct": [0.0]})
