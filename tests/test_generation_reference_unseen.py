"""Trade-for-trade references for the rule kinds read from the fresh descriptions: shares added
on every new signal up to a total, trading days counted from the month's end and start, a short
whose stop is a price rise, and "Golden Cross / Death Cross" said without an action word.

Each reference is what a careful programmer writes from the sentence with backtesting.py, without
Botlab's code; the compiled bot must make the same trades (entry bar, exit bar, size) on bundled
data.
"""

from __future__ import annotations

import pandas as pd
from backtesting import Strategy

from .generation.support import bars, description_of, held
from .test_generation_rules import TurnOfMonth, backtest, compiled, rsi, same_trades, sma


class SharesEveryTime(Strategy):
    """Buy 10 shares every time the RSI goes under 30, up to 50 shares total, sell everything
    when RSI > 60."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        went_under = self.rsi[-2] >= 30 > self.rsi[-1]  # backtesting.lib.crossover, below
        if self.position and self.rsi[-1] > 60:
            self.position.close()
        elif went_under and len(self.trades) < 5:
            self.buy(size=10)


def test_shares_every_time_up_to_a_total_trade_like_the_reference():
    spec, bot = compiled(" ".join(SharesEveryTime.__doc__.split()))

    assert (spec.size_shares, spec.max_units) == (10, 5)
    ours = backtest(bot, bars("AAPL"))
    same_trades(ours, backtest(SharesEveryTime, bars("AAPL")))
    assert ours["_trades"].groupby("ExitBar")["Size"].sum().max() > 10  # units were added


class DaysAroundMonthEnd(TurnOfMonth):
    """buy 2 days before month end, sell 3 days into the new month: the 3rd-to-last and the
    3rd trading days; orders fill at the next bar's open, so they are placed the bar before."""

    def next(self):
        i = len(self.data) - 1
        if self.position and self.day[i] == 3:
            self.position.close()
        elif not self.position and self.left[i] == 3:
            self.buy(size=0.99)


def test_days_counted_from_the_month_end_trade_like_the_reference():
    spec, bot = compiled("buy 2 days before month end, sell 3 days into the new month")

    ours = backtest(bot, bars("MSFT"))
    same_trades(ours, backtest(DaysAroundMonthEnd, bars("MSFT")))
    entry = ours["_trades"]["EntryTime"].iloc[0]
    assert entry.month == (entry + pd.offsets.BDay(2)).month  # not the last day of the month


class ShortPriceRiseStop(Strategy):
    """short when RSI(14) is above 70, cover when RSI(14) drops below 40 or if price rises 5%
    above entry: the stop is 5% above the signal bar's close."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        dropped = self.rsi[-2] >= 40 > self.rsi[-1]
        if self.position and dropped:
            self.position.close()
        elif not self.position and self.rsi[-1] > 70:
            self.sell(size=0.99, sl=self.data.Close[-1] * 1.05)


def test_a_short_whose_price_rises_is_stopped_like_the_reference():
    spec, bot = compiled(description_of(ShortPriceRiseStop))

    assert (spec.direction, spec.stop_loss_pct, spec.take_profit_pct) == ("short", 5.0, None)
    ours = backtest(bot, bars("IBM"))
    same_trades(ours, backtest(ShortPriceRiseStop, bars("IBM")))


class GoldenDeathCross(Strategy):
    """Golden Cross / Death Cross on MSFT: in when the 50-day SMA crosses above the 200-day
    SMA, out when it crosses back below."""

    def init(self):
        self.fast = self.I(sma, self.data.Close, 50)
        self.slow = self.I(sma, self.data.Close, 200)

    def next(self):
        up = self.fast[-2] <= self.slow[-2] and self.fast[-1] > self.slow[-1]
        down = self.fast[-2] >= self.slow[-2] and self.fast[-1] < self.slow[-1]
        if self.position and down:
            self.position.close()
        elif not self.position and up:
            self.buy(size=0.99)


def test_golden_cross_death_cross_said_without_an_action_trades_like_the_reference():
    spec, bot = compiled("Golden Cross / Death Cross on MSFT")

    assert spec.symbol == "MSFT"
    ours = backtest(bot, bars("MSFT"))
    same_trades(ours, backtest(GoldenDeathCross, bars("MSFT")))


class InsideBarBreakout(Strategy):
    """buy when price goes above the inside bar's high, exit after 5 bars: the close above the
    previous bar's high, that bar inside the one before it (a lower high and a higher low)."""

    def init(self):
        pass

    def next(self):
        high, low, close = self.data.High, self.data.Low, self.data.Close
        if len(self.data) < 3:
            return
        if self.position:
            if held(self) >= 5:
                self.position.close()
            return
        inside = high[-2] < high[-3] and low[-2] > low[-3]
        if inside and close[-1] > high[-2]:
            self.buy(size=0.99)


def test_a_break_of_the_inside_bar_trades_like_the_reference():
    spec, bot = compiled("buy when price goes above the inside bar's high, exit after 5 bars")

    assert spec.exit_after_bars == 5
    ours = backtest(bot, bars("GOOG"))
    same_trades(ours, backtest(InsideBarBreakout, bars("GOOG")))
