"""The day's open (its high and low so far) on intraday bars, a line fix19b added ("buy if the
price is up 1% from the open of the day" on 5-minute bars): trade for trade against a
hand-written strategy, and never looking ahead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy

from .generation.support import assert_trades_like_reference, bars
from .test_generation_indicators import functions


class UpFromTheDaysOpen(Strategy):
    """On 1h bars buy when the close is up 0.3% from the day's open, sell after 3 bars: the day's
    open is the open of the first hourly bar of each date; the trade closes at the open 3 bars
    after its entry bar."""

    def init(self):
        days = pd.DatetimeIndex(self.data.index).normalize()
        opens = pd.Series(self.data.Open, dtype=float).groupby(days).transform("first")
        self.day_open = self.I(lambda: opens.to_numpy())

    def next(self):
        if self.position and len(self.data) - self.trades[-1].entry_bar >= 3:
            self.position.close()
        elif not self.position and self.data.Close[-1] > self.day_open[-1] * 1.003:
            self.buy(size=0.99)


def test_a_move_from_the_days_open_trades_like_the_reference():
    assert_trades_like_reference(UpFromTheDaysOpen, "EURUSD")


def test_the_days_prices_never_look_ahead():
    """A bar's day open, and its high and low before the bar, are the same computed on the bars
    up to it as on all of them; the open is constant within a date, the high never falls and is
    unknown on the date's first bar."""
    this_day = functions("this_day")["this_day"]
    frame = bars("EURUSD")
    index = frame.index
    for field, how in (("Open", "first"), ("High", "cummax"), ("Low", "cummin")):
        values = frame[field].to_numpy()
        full = this_day(values, index, how)
        for end in (7, 300, 1001, len(index) - 1):
            cut = this_day(values[:end], index[:end], how)
            assert np.array_equal(cut, full[:end], equal_nan=True)
    days = index.normalize()
    opens = pd.Series(this_day(frame["Open"].to_numpy(), index, "first"))
    assert (opens.groupby(days).nunique() == 1).all()
    highs = pd.Series(this_day(frame["High"].to_numpy(), index, "cummax"))
    assert (highs.groupby(days).diff().dropna() >= 0).all()
    first = pd.Series(days).groupby(days).cumcount().to_numpy() == 0
    assert highs[first].isna().all() and highs[~first].notna().all()


def test_the_days_prices_need_intraday_bars():
    this_day = functions("this_day")["this_day"]
    frame = bars("AAPL")
    with pytest.raises(ValueError, match="intraday bars"):
        this_day(frame["Open"].to_numpy(), frame.index, "first")
