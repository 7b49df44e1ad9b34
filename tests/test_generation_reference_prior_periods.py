"""Trade-for-trade references for the day and week before the fill: "yesterday closed down more
than 1%", "the prior day was red", "if Friday was a down day, buy on Monday" and "the previous
week was green".

Each reference is what a careful programmer writes from the sentence with backtesting.py: the
day before a next-open fill is the bar the order is placed on (``[-1]``), its weekday that bar's
date; the last completed week is the weekly close change known at that week's last bar, held
until the next week's. The compiled bot must make the same trades (entry bar, exit bar, size) on
bundled data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy

from .generation.support import TimeExit, assert_trades_like_reference
from .test_generation_rules import next_dates, rsi


def daily_change(close) -> pd.Series:
    """Each day's close change from the close before, in percent."""
    return pd.Series(close).pct_change() * 100


class YesterdayDown(TimeExit):
    """buy when yesterday closed down more than 1%, sell after 3 days"""

    hold = 3

    def init(self):
        self.change = self.I(daily_change, self.data.Close)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.change[-1] < -1:
            self.buy(size=0.99)


class PriorDayRed(Strategy):
    """buy when the prior day was red and RSI(2) < 30, sell when RSI(2) > 70"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.data.Close[-1] < self.data.Open[-1] and self.rsi[-1] < 30:
            self.buy(size=0.99)


def weekdays(index) -> pd.Series:
    return pd.Series(pd.DatetimeIndex(index).weekday, dtype=float)


class FridayDownBuyMonday(Strategy):
    """if Friday was a down day, buy on Monday, sell on Wednesday"""

    def init(self):
        self.fill_day = self.I(lambda i: next_dates(i).dt.weekday, self.data.index, plot=False)
        self.day = self.I(weekdays, self.data.index, plot=False)

    def next(self):
        close = self.data.Close
        if self.position and self.fill_day[-1] == 2:
            self.position.close()
        elif (
            not self.position
            and self.fill_day[-1] == 0
            and self.day[-1] == 4
            and len(close) > 1
            and close[-1] < close[-2]
        ):
            self.buy(size=0.99)


def last_week_change(close: pd.Series) -> pd.Series:
    """The change of the last completed week (weeks end on Friday), placed on the week's last
    date and carried forward: known from that week's close, never before."""
    weekly = close.resample("W-FRI", label="right").last().pct_change() * 100
    return weekly.reindex(close.index.union(weekly.index)).ffill().reindex(close.index)


class PreviousWeekGreen(TimeExit):
    """buy when the previous week was green, sell after 5 days"""

    hold = 5

    def init(self):
        self.week = self.I(last_week_change, self.data.Close.s, plot=False)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.week[-1] > 0:
            self.buy(size=0.99)


REFERENCES = [
    (YesterdayDown, "AAPL"),
    (YesterdayDown, "IBM"),
    (PriorDayRed, "MSFT"),
    (FridayDownBuyMonday, "AAPL"),
    (FridayDownBuyMonday, "GOOG"),
    (PreviousWeekGreen, "MSFT"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES[:6])
def test_the_day_before_the_fill_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))


def ema(values, n):
    return pd.Series(values).ewm(span=n, adjust=False, min_periods=n).mean().to_numpy()


class PullbackToTheEma(Strategy):
    """buy when price pulls back to the 20 EMA, sell when it closes below the 50 EMA"""

    def init(self):
        self.fast = self.I(ema, self.data.Close, 20)
        self.slow = self.I(ema, self.data.Close, 50)

    def next(self):
        close, low = self.data.Close[-1], self.data.Low[-1]
        if self.position and close < self.slow[-1]:
            self.position.close()
        elif not self.position and low <= self.fast[-1] < close:
            self.buy(size=0.99)


REFERENCES += [(PullbackToTheEma, "AAPL"), (PullbackToTheEma, "MSFT"), (PullbackToTheEma, "IBM")]


@pytest.mark.parametrize(("reference", "data"), REFERENCES[-3:])
def test_a_pullback_to_a_line_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))


def first_on_or_after(index, day: int) -> pd.Series:
    """1 on the first trading day of each month dated ``day`` or later, else 0: a plain loop."""
    dates = pd.DatetimeIndex(index)
    out, seen = [], set()
    for date in dates:
        month = (date.year, date.month)
        hit = date.day >= day and month not in seen
        if hit:
            seen.add(month)
        out.append(float(hit))
    return pd.Series(out)


class FifteenthOfTheMonth(TimeExit):
    """buy on the 15th of every month, sell 5 days later"""

    hold = 5

    def init(self):
        self.day = self.I(lambda i: first_on_or_after(i, 15).shift(-1), self.data.index)

    def next(self):  # the order fills at the next open: that day is the one meant
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.day[-1] == 1:
            self.buy(size=0.99)


def last_friday(index) -> pd.Series:
    """1 on a Friday with no other Friday later in its month (by the calendar), else 0."""
    dates = pd.DatetimeIndex(index)
    last = (dates.weekday == 4) & (dates.day + 7 > dates.days_in_month)
    return pd.Series(last.astype(float))


class LastFridayOfTheMonth(TimeExit):
    """buy on the last Friday of each month, sell after 3 days"""

    hold = 3

    def init(self):
        self.friday = self.I(lambda i: last_friday(i).shift(-1), self.data.index)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.friday[-1] == 1:
            self.buy(size=0.99)


REFERENCES += [
    (FifteenthOfTheMonth, "AAPL"),
    (FifteenthOfTheMonth, "IBM"),
    (LastFridayOfTheMonth, "MSFT"),
    (LastFridayOfTheMonth, "GOOG"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES[-4:])
def test_a_date_of_the_month_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))


class LongLowerWick(TimeExit):
    """buy when the lower wick is at least twice the body and the body is less than 30% of the
    range, sell after 3 days"""

    hold = 3

    def next(self):
        o, h, low, c = (self.data[f][-1] for f in ("Open", "High", "Low", "Close"))
        body, lower = abs(c - o), min(o, c) - low
        if self.time_is_up():
            self.position.close()
        elif not self.position and lower >= 2 * body and body < 0.3 * (h - low):
            self.buy(size=0.99)


class LongUpperWickShort(TimeExit):
    """short when the upper wick is at least 3 times the body, cover after 2 days"""

    hold = 2

    def next(self):
        o, h, c = self.data.Open[-1], self.data.High[-1], self.data.Close[-1]
        if self.time_is_up():
            self.position.close()
        elif not self.position and h - max(o, c) >= 3 * abs(c - o):
            self.sell(size=0.99)


REFERENCES += [
    (LongLowerWick, "AAPL"),
    (LongLowerWick, "IBM"),
    (LongUpperWickShort, "MSFT"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES[-3:])
def test_the_parts_of_a_candle_trade_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))
