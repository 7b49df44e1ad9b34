"""The high or low of a window of the day ("the Asian session high", "the high between 00:00 and
07:00", "the opening range low (09:30-10:00)"), the ``session_range`` line: trade for trade
against a hand-written strategy on backtesting.py's hourly EURUSD (bar times on the data's own
clock), and never looking ahead. Also a line of a longer chart beside the bars tested ("the 1h
close above the 200 EMA on the 4h chart"), as a day trader reads the two charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting.lib import crossover, resample_apply

from .generation.support import TimeExit, assert_trades_like_reference, bars
from .test_generation_indicators import functions
from .test_generation_reference import ema


def window_extreme(frame: pd.DataFrame, field: str, start: str, end: str, pick) -> np.ndarray:
    """Day by day, the ``pick`` (max or min) of ``field`` over the bars opening from ``start``
    up to ``end`` (clock times), written on that day's bars opening at or after ``end``."""
    out = np.full(len(frame), np.nan)
    clock = frame.index.strftime("%H:%M")
    days = frame.index.date
    for day in sorted(set(days)):
        today = days == day
        inside = today & (clock >= start) & (clock < end)
        if inside.any():
            out[today & (clock >= end)] = pick(frame[field].to_numpy()[inside])
    return out


class AsianHighBreakout(TimeExit):
    """On EURUSD 1h bars buy when the close crosses above the Asian session high, sell after 5
    bars: the Asian session is 00:00-07:00 on the data's clock; its high is known from the 07:00
    bar on."""

    hold = 5

    def init(self):
        frame = self.data.df
        self.asian_high = self.I(lambda: window_extreme(frame, "High", "00:00", "07:00", max))

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.asian_high):
            self.buy(size=0.99)


class LowOfAWindowBreakdown(TimeExit):
    """Its description (times have colons) is LOW_OF_A_WINDOW: bars open on the hour, so the
    window's bars are those opening 02:00 to 06:00; its low is known from the 07:00 bar on."""

    hold = 3

    def init(self):
        frame = self.data.df
        self.low = self.I(lambda: window_extreme(frame, "Low", "02:00", "06:30", min))

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and crossover(self.low, self.data.Close):
            self.sell(size=0.99)


class HourlyCloseOverFourHourEma(TimeExit):
    """buy when the 1h close crosses above the 50 EMA on the 4h chart, sell after 4 bars: the bars
    tested are hourly; the EMA is of 4-hour bars built from them (backtesting.lib.resample_apply),
    each value used from the first hourly bar after its 4 hours."""

    hold = 4

    def init(self):
        self.ema4h = resample_apply("4h", ema, self.data.Close, 50)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.ema4h):
            self.buy(size=0.99)


LOW_OF_A_WINDOW = (
    "On EURUSD 1h bars short when the close crosses below the low between 02:00 and 06:30, "
    "cover after 3 bars"
)


@pytest.mark.parametrize(
    ("reference", "description"),
    [
        (AsianHighBreakout, ""),
        (LowOfAWindowBreakdown, LOW_OF_A_WINDOW),
        (HourlyCloseOverFourHourEma, ""),
    ],
)
def test_a_session_range_breakout_trades_like_the_reference(reference, description):
    assert_trades_like_reference(reference, "EURUSD", description)


def test_a_session_range_never_looks_ahead():
    """A bar's session high or low is the same computed on the bars up to it as on all of them
    (``assert_no_look_ahead``'s check, on intraday bars); it is unknown before the window closes
    and constant on a day's bars after it."""
    session_range = functions("session_range")["session_range"]
    frame = bars("EURUSD")
    index = frame.index
    for field, how in (("High", "max"), ("Low", "min")):
        values = frame[field].to_numpy()
        full = session_range(values, index, 7 * 60, 7 * 60, how)
        for end in (5, 300, 1001, len(index) - 1):
            cut = session_range(values[:end], index[:end], 7 * 60, 7 * 60, how)
            assert np.array_equal(cut, full[:end], equal_nan=True)
        minute = index.hour * 60 + index.minute
        assert np.isnan(full[minute < 7 * 60]).all()
        known = pd.Series(full[minute >= 7 * 60]).groupby(index.normalize()[minute >= 7 * 60])
        assert (known.nunique() <= 1).all() and known.count().sum() > 0


def test_a_session_range_needs_intraday_bars():
    session_range = functions("session_range")["session_range"]
    frame = bars("AAPL")
    with pytest.raises(ValueError, match="intraday bars"):
        session_range(frame["High"].to_numpy(), frame.index, 420, 420, "max")
