"""Compiled bots against hand-written reference strategies.

Each reference is what a careful programmer writes from the sentence with backtesting.py: the
standard indicator definitions (pandas), ``backtesting.lib.crossover`` for "crosses"/"drops
below"/"rises above", a plain comparison for "is above"/"below", entries only when flat, stops as
prices from the signal bar's close, and Botlab's documented default size (99% of equity). The
compiled bot must trade on exactly the same bars with the same sizes and the same return.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import compile_spec, understand

from .generation.support import assert_trades_like_reference, bars, held, load_strategy, run

SIZE = 0.99  # Botlab's documented default position size


# -- indicators, written independently of the generated code ------------------------------------


def sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


def ema(values, n):
    return pd.Series(values).ewm(span=n, adjust=False, min_periods=n).mean().to_numpy()


def wilder(series: pd.Series, n: int) -> pd.Series:
    return series.ewm(alpha=1 / n, adjust=False, min_periods=n).mean()


def rsi(close, n):
    change = pd.Series(close).diff()  # NaN on the first bar: n changes need n + 1 closes
    up = wilder(change.clip(lower=0), n)
    down = wilder(change.clip(upper=0).abs(), n)
    return (100 - 100 / (1 + up / down)).to_numpy()


def macd_and_signal(close, fast=12, slow=26, signal=9):
    line = ema(close, fast) - ema(close, slow)
    return line, ema(line, signal)


def bollinger(close, n=20, k=2.0):
    window = pd.Series(close).rolling(n)
    mean, sd = window.mean(), window.std(ddof=0)
    return (mean + k * sd).to_numpy(), mean.to_numpy(), (mean - k * sd).to_numpy()


def prior_high(high, n):
    return pd.Series(high).shift(1).rolling(n).max().to_numpy()


def prior_low(low, n):
    return pd.Series(low).shift(1).rolling(n).min().to_numpy()


def atr(high, low, close, n=14):
    high, low, prev = pd.Series(high), pd.Series(low), pd.Series(close).shift(1)
    true_range = np.maximum(high - low, np.maximum((high - prev).abs(), (low - prev).abs()))
    true_range = true_range.fillna(high - low)
    return wilder(true_range, n).to_numpy()


def stochastic(high, low, close, n=14, d=3):
    lowest = pd.Series(low).rolling(n).min()
    highest = pd.Series(high).rolling(n).max()
    k = 100 * (pd.Series(close) - lowest) / (highest - lowest)
    return k.to_numpy(), k.rolling(d).mean().to_numpy()


def zscore(close, n=20):
    window = pd.Series(close).rolling(n)
    return ((pd.Series(close) - window.mean()) / window.std(ddof=0)).to_numpy()


def roc(close, n):
    c = pd.Series(close)
    return (100 * (c / c.shift(n) - 1)).to_numpy()


# -- references -----------------------------------------------------------------------------------


class SmaCross(Strategy):
    """buy when the 10-day SMA crosses above the 30-day SMA, sell when it crosses below"""

    def init(self):
        self.fast = self.I(sma, self.data.Close, 10)
        self.slow = self.I(sma, self.data.Close, 30)

    def next(self):
        if self.position and crossover(self.slow, self.fast):
            self.position.close()
        elif not self.position and crossover(self.fast, self.slow):
            self.buy(size=SIZE)


class EmaCross(Strategy):
    """go long when the 12-day EMA crosses above the 26-day EMA and exit on the opposite cross"""

    def init(self):
        self.fast = self.I(ema, self.data.Close, 12)
        self.slow = self.I(ema, self.data.Close, 26)

    def next(self):
        if self.position and crossover(self.slow, self.fast):
            self.position.close()
        elif not self.position and crossover(self.fast, self.slow):
            self.buy(size=SIZE)


class RsiStop(Strategy):
    """buy when RSI(14) drops below 30, sell above 70, 5% stop"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and crossover(30, self.rsi):
            self.buy(size=SIZE, sl=self.data.Close[-1] * (1 - 5 / 100))


class MacdSignal(Strategy):
    """buy when MACD crosses above its signal line, sell when it crosses below"""

    def init(self):
        self.macd = self.I(lambda c: macd_and_signal(c)[0], self.data.Close)
        self.signal = self.I(lambda c: macd_and_signal(c)[1], self.data.Close)

    def next(self):
        if self.position and crossover(self.signal, self.macd):
            self.position.close()
        elif not self.position and crossover(self.macd, self.signal):
            self.buy(size=SIZE)


class BollingerReversion(Strategy):
    """buy when the close is below the lower Bollinger Band (20, 2), sell when it is above the
    middle band"""

    def init(self):
        self.middle = self.I(lambda c: bollinger(c)[1], self.data.Close)
        self.lower = self.I(lambda c: bollinger(c)[2], self.data.Close)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close > self.middle[-1]:
            self.position.close()
        elif not self.position and close < self.lower[-1]:
            self.buy(size=SIZE)


class Donchian(Strategy):
    """buy on a new 20-day high, sell on a new 10-day low"""

    def init(self):
        self.high20 = self.I(prior_high, self.data.High, 20)
        self.low10 = self.I(prior_low, self.data.Low, 10)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close < self.low10[-1]:
            self.position.close()
        elif not self.position and close > self.high20[-1]:
            self.buy(size=SIZE)


class StochasticCross(Strategy):
    """buy when %K crosses above %D while %K is below 20, sell when %K crosses below %D"""

    def init(self):
        hlc = (self.data.High, self.data.Low, self.data.Close)
        self.k = self.I(lambda h, lo, c: stochastic(h, lo, c)[0], *hlc)
        self.d = self.I(lambda h, lo, c: stochastic(h, lo, c)[1], *hlc)

    def next(self):
        if self.position and crossover(self.d, self.k):
            self.position.close()
        elif not self.position and crossover(self.k, self.d) and self.k[-1] < 20:
            self.buy(size=SIZE)


class DownDays(Strategy):
    """buy after 3 down days in a row, exit after 5 bars"""

    def init(self):
        pass

    def next(self):
        c = self.data.Close
        if self.position:
            if held(self) >= 5:
                self.position.close()
        elif len(c) >= 4 and c[-1] < c[-2] < c[-3] < c[-4]:
            self.buy(size=SIZE)


class TrailingSma(Strategy):
    """buy when the close crosses above the 50-day SMA, with a 10% trailing stop"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)

    def next(self):
        close = self.data.Close[-1]
        for trade in self.trades:  # trail 10% below the highest close so far
            trade.sl = max(trade.sl, close * 0.9)
        if not self.position and crossover(self.data.Close, self.sma):
            self.buy(size=SIZE, sl=close * 0.9)


class RsiTwoTimed(Strategy):
    """buy when RSI(2) is below 10, exit after 5 days"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position:
            if held(self) >= 5:
                self.position.close()
        elif self.rsi[-1] < 10:
            self.buy(size=SIZE)


class RsiShort(Strategy):
    """short when RSI(14) rises above 70, cover when it falls below 50"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        if self.position and crossover(50, self.rsi):
            self.position.close()
        elif not self.position and crossover(self.rsi, 70):
            self.sell(size=SIZE)


class AlwaysIn(Strategy):
    """always in the market: long when the 20-day EMA crosses above the 50-day EMA, short when it
    crosses below"""

    def init(self):
        self.fast = self.I(ema, self.data.Close, 20)
        self.slow = self.I(ema, self.data.Close, 50)

    def next(self):
        if crossover(self.fast, self.slow):
            self.position.close()
            self.buy(size=SIZE)
        elif crossover(self.slow, self.fast):
            self.position.close()
            self.sell(size=SIZE)


class LongShort(Strategy):
    """buy when the 5-day SMA crosses above the 20-day SMA, short when it crosses below, cover
    when it crosses back above"""

    def init(self):
        self.fast = self.I(sma, self.data.Close, 5)
        self.slow = self.I(sma, self.data.Close, 20)

    def next(self):
        if crossover(self.fast, self.slow):
            if self.position.is_short:
                self.position.close()
            self.buy(size=SIZE)
        elif crossover(self.slow, self.fast):
            if self.position.is_long:
                self.position.close()
            self.sell(size=SIZE)


class AtrBreakout(Strategy):
    """buy on a new 20-day high with a 2 ATR stop and a 3 ATR target"""

    def init(self):
        self.high20 = self.I(prior_high, self.data.High, 20)
        self.atr = self.I(atr, self.data.High, self.data.Low, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and close > self.high20[-1]:
            risk = self.atr[-1]
            self.buy(size=SIZE, sl=close - 2 * risk, tp=close + 3 * risk)


class ZscoreReversion(Strategy):
    """buy when the 20-day z-score drops below -2, sell when it rises above 0"""

    def init(self):
        self.z = self.I(zscore, self.data.Close, 20)

    def next(self):
        if self.position and crossover(self.z, 0):
            self.position.close()
        elif not self.position and crossover(-2, self.z):
            self.buy(size=SIZE)


class VolumeTimed(Strategy):
    """buy when volume is twice its 20-day average and the close is above the 50-day SMA, exit
    after 10 bars"""

    def init(self):
        self.avg_volume = self.I(sma, self.data.Volume, 20)
        self.sma = self.I(sma, self.data.Close, 50)

    def next(self):
        if self.position:
            if held(self) >= 10:
                self.position.close()
        elif self.data.Volume[-1] >= 2 * self.avg_volume[-1] and self.data.Close[-1] > self.sma[-1]:
            self.buy(size=SIZE)


class Momentum(Strategy):
    """buy when the 12-month momentum is positive, sell when it turns negative"""

    def init(self):
        self.roc = self.I(roc, self.data.Close, 252)

    def next(self):
        if self.position and crossover(0, self.roc):
            self.position.close()
        elif not self.position and self.roc[-1] > 0:
            self.buy(size=SIZE)


class RsiBracket(Strategy):
    """buy when RSI(14) crosses above 30, stop loss 5%, take profit 10%"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and crossover(self.rsi, 30):
            self.buy(size=SIZE, sl=close * (1 - 5 / 100), tp=close * (1 + 10 / 100))


class CompoundExit(Strategy):
    """buy when price closes at a 10 day low, exit after 7 bars or if it closes above the 10 day
    high"""

    def init(self):
        self.low10 = self.I(prior_low, self.data.Close, 10)  # a close at a 10-day low: of closes
        self.high10 = self.I(prior_high, self.data.High, 10)

    def next(self):
        close = self.data.Close[-1]
        if self.position:
            if held(self) >= 7 or close > self.high10[-1]:
                self.position.close()
        elif close <= self.low10[-1]:
            self.buy(size=SIZE)


class ExitFirstCompound(Strategy):
    """exit after 10 bars or when RSI(2) > 70; buy when RSI(2) < 5"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position:
            if held(self) >= 10 or self.rsi[-1] > 70:
                self.position.close()
        elif self.rsi[-1] < 5:
            self.buy(size=SIZE)


class SymmetricEmaCross(Strategy):
    """trade the 9/21 EMA cross"""

    def init(self):
        self.fast = self.I(ema, self.data.Close, 9)
        self.slow = self.I(ema, self.data.Close, 21)

    def next(self):
        if self.position and crossover(self.slow, self.fast):
            self.position.close()
        elif not self.position and crossover(self.fast, self.slow):
            self.buy(size=SIZE)


class SymmetricCrossWithStop(Strategy):
    """ema 20/50 cross with a 3% stop loss"""

    def init(self):
        self.fast = self.I(ema, self.data.Close, 20)
        self.slow = self.I(ema, self.data.Close, 50)

    def next(self):
        if self.position and crossover(self.slow, self.fast):
            self.position.close()
        elif not self.position and crossover(self.fast, self.slow):
            self.buy(size=SIZE, sl=self.data.Close[-1] * (1 - 3 / 100))


class BarLowStop(Strategy):
    """buy when RSI(2) is under 10, sell when RSI(2) is above 70, stop at the low of the day"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 10:
            low, close = self.data.Low[-1], self.data.Close[-1]
            self.buy(
                size=SIZE, sl=low if low < close else None
            )  # no room when it closed at the low


class BarHighStopShort(Strategy):
    """short when RSI(2) is above 90, cover when RSI(2) is below 30, stop loss just above the
    high of the signal bar"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] < 30:
            self.position.close()
        elif not self.position and self.rsi[-1] > 90:
            high, close = self.data.High[-1], self.data.Close[-1]
            self.sell(size=SIZE, sl=high if high > close else None)


class AtrBelowEma(Strategy):
    """buy when the close is 2 ATR below the 20-day EMA, exit at the EMA"""

    def init(self):
        self.ema = self.I(ema, self.data.Close, 20)
        self.atr = self.I(atr, self.data.High, self.data.Low, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close >= self.ema[-1]:
            self.position.close()
        elif not self.position and close < self.ema[-1] - 2 * self.atr[-1]:
            self.buy(size=SIZE)


class HeldAboveAverage(Strategy):
    """buy when the close is above the 50-day SMA for 5 consecutive days, sell when it closes
    below it"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)

    def next(self):
        close = self.data.Close
        if self.position and close[-1] < self.sma[-1]:
            self.position.close()
        elif not self.position and all(close[-k] > self.sma[-k] for k in range(1, 6)):
            self.buy(size=SIZE)


class HigherHighs(Strategy):
    """buy on 3 higher highs in a row, exit after 5 bars"""

    def init(self):
        pass

    def next(self):
        h = self.data.High
        if self.position:
            if held(self) >= 5:
                self.position.close()
        elif len(h) >= 4 and h[-1] > h[-2] > h[-3] > h[-4]:
            self.buy(size=SIZE)


class BothStatesFlatOtherwise(Strategy):
    """long when the close is above the 50-day SMA and MACD is above zero, flat otherwise"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)
        self.macd = self.I(lambda c: macd_and_signal(c)[0], self.data.Close)

    def next(self):
        above, positive = self.data.Close[-1] > self.sma[-1], self.macd[-1] > 0
        if self.position and not (above and positive):  # otherwise: either one fails
            self.position.close()
        elif not self.position and above and positive:
            self.buy(size=SIZE)


class BareLengthsNameTheEmas(SymmetricEmaCross):
    """buy when the 9 EMA crosses above the 21 EMA, sell when the 9 crosses under the 21"""


REFERENCES = [
    (SmaCross, "GOOG"),
    (EmaCross, "MSFT"),
    (RsiStop, "AAPL"),
    (MacdSignal, "IBM"),
    (BollingerReversion, "MSFT"),
    (Donchian, "GOOG"),
    (StochasticCross, "IBM"),
    (DownDays, "AAPL"),
    (TrailingSma, "MSFT"),
    (RsiTwoTimed, "IBM"),
    (RsiShort, "IBM"),
    (AlwaysIn, "GOOG"),
    (LongShort, "MSFT"),
    (AtrBreakout, "MSFT"),
    (ZscoreReversion, "AAPL"),
    (VolumeTimed, "AAPL"),
    (Momentum, "IBM"),
    (RsiBracket, "GOOG"),
    (CompoundExit, "AAPL"),
    (ExitFirstCompound, "IBM"),
    (SymmetricEmaCross, "MSFT"),
    (SymmetricCrossWithStop, "GOOG"),
    (BarLowStop, "AAPL"),
    (BarHighStopShort, "IBM"),
    (AtrBelowEma, "MSFT"),
    (BareLengthsNameTheEmas, "GOOG"),
    (HeldAboveAverage, "IBM"),
    (HigherHighs, "AAPL"),
    (BothStatesFlatOtherwise, "MSFT"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[ref.__name__ for ref, _ in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    description = " ".join(reference.__doc__.split())
    assert_trades_like_reference(reference, data, description)


def test_exit_after_n_bars_holds_exactly_n_bars():
    understood = understand("buy when RSI(2) is below 10, exit after 5 days")
    stats = run(load_strategy(compile_spec(understood.spec), understood.spec.name), "IBM")
    trades = stats["_trades"]
    assert len(trades) > 10
    held_bars = (trades["ExitBar"] - trades["EntryBar"]).iloc[:-1]  # the last may be finalized
    assert set(held_bars) == {5}


def test_orders_fill_at_the_next_open_and_stops_come_from_the_signal_close():
    understood = understand("buy when RSI(14) drops below 30, sell above 70, 5% stop")
    stats = run(load_strategy(compile_spec(understood.spec), understood.spec.name), "AAPL")
    data = bars("AAPL")
    trades = stats["_trades"]
    assert len(trades) > 5
    for _, trade in trades.iterrows():
        entry = int(trade["EntryBar"])
        assert trade["EntryPrice"] == pytest.approx(data["Open"].iloc[entry])
        assert trade["SL"] == pytest.approx(data["Close"].iloc[entry - 1] * 0.95)


def test_first_trade_waits_for_the_indicator_warm_up():
    understood = understand("buy when the close is above the 200-day SMA, sell when it is below")
    stats = run(load_strategy(compile_spec(understood.spec), understood.spec.name), "IBM")
    # the SMA(200) exists from bar 199; the earliest signal is bar 200, filled at bar 201's open
    assert stats["_trades"]["EntryBar"].min() >= 201
