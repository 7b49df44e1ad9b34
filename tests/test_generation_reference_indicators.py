"""Compiled bots of the trader vocabulary against hand-written reference strategies.

One reference per new rule kind (ADX/DI, Parabolic SAR, Supertrend, Keltner channels, CCI,
Williams %R, OBV highs, MFI, Ichimoku, VWAP, ATR as a percent of price, candlestick patterns,
Bollinger %B, the Bollinger/Keltner squeeze, "above both", the named "buy on dips"),
each what a careful programmer writes from the sentence with backtesting.py: the indicator from
TA-Lib where Botlab's definition is TA-Lib's, otherwise a loop or pandas written here from the
published definition; ``crossover`` for "crosses"/"flips"/"turns", a comparison for "is above",
entries only when flat, 99% of equity. The compiled bot must trade on exactly the same bars with
the same sizes and the same return.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from .generation.support import assert_trades_like_reference, held
from .test_generation_indicators import atr_loop, supertrend_loop, wilder_loop

talib = pytest.importorskip("talib")

SIZE = 0.99


def arrays(strategy: Strategy) -> tuple[np.ndarray, ...]:
    d = strategy.data
    return tuple(np.asarray(x, dtype=float) for x in (d.Open, d.High, d.Low, d.Close, d.Volume))


def directional(h, lo, c, n=14):
    """+DI, -DI and ADX (Wilder), smoothing seeded with the first value as Botlab documents."""
    up = np.r_[np.nan, h[1:] - h[:-1]]
    down = np.r_[np.nan, lo[:-1] - lo[1:]]
    plus_dm = np.where(np.isnan(up), np.nan, np.where((up > down) & (up > 0), up, 0.0))
    minus_dm = np.where(np.isnan(down), np.nan, np.where((down > up) & (down > 0), down, 0.0))
    atr = atr_loop(h, lo, c, n)
    plus = 100 * wilder_loop(plus_dm, n) / atr
    minus = 100 * wilder_loop(minus_dm, n) / atr
    dx = 100 * np.abs(plus - minus) / (plus + minus)
    return plus, minus, wilder_loop(dx, n)


# -- references -----------------------------------------------------------------------------------


class DmiTrend(Strategy):
    """buy when +DI crosses above -DI and ADX is above 20, sell when +DI crosses below -DI"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        plus, minus, adx = directional(h, lo, c)
        self.plus = self.I(lambda: plus)
        self.minus = self.I(lambda: minus)
        self.adx = self.I(lambda: adx)

    def next(self):
        if self.position and crossover(self.minus, self.plus):
            self.position.close()
        elif not self.position and crossover(self.plus, self.minus) and self.adx[-1] > 20:
            self.buy(size=SIZE)


class SarFlip(Strategy):
    """buy when the parabolic SAR flips below price, sell when the SAR flips above price"""

    def init(self):
        _, h, lo, _, _ = arrays(self)
        self.sar = self.I(talib.SAR, h, lo, 0.02, 0.2)

    def next(self):
        if self.position and crossover(self.sar, self.data.Close):
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.sar):
            self.buy(size=SIZE)


class SupertrendColour(Strategy):
    """buy when the supertrend turns green, sell when it turns red"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.direction = self.I(lambda: supertrend_loop(h, lo, c, 10, 3.0)[1])

    def next(self):
        if self.position and crossover(0, self.direction):
            self.position.close()
        elif not self.position and crossover(self.direction, 0):
            self.buy(size=SIZE)


class SupertrendLine(Strategy):
    """buy when price closes above the Supertrend(7, 2), sell when it closes below the
    supertrend"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.line = self.I(lambda: supertrend_loop(h, lo, c, 7, 2.0)[0])

    def next(self):
        if self.position and self.data.Close[-1] < self.line[-1]:
            self.position.close()
        elif not self.position and self.data.Close[-1] > self.line[-1]:
            self.buy(size=SIZE)


def keltner(h, lo, c, n=20, k=2.0, atr_n=10):
    middle = pd.Series(c).ewm(span=n, adjust=False, min_periods=n).mean().to_numpy()
    band = k * atr_loop(h, lo, c, atr_n)
    return middle + band, middle, middle - band


class KeltnerBreakout(Strategy):
    """buy when the close crosses above the upper Keltner channel, sell when it crosses below
    the middle Keltner line"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        upper, middle, _ = keltner(h, lo, c)
        self.upper = self.I(lambda: upper)
        self.middle = self.I(lambda: middle)

    def next(self):
        if self.position and crossover(self.middle, self.data.Close):
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.upper):
            self.buy(size=SIZE)


class CciReversal(Strategy):
    """buy when CCI(20) crosses above -100, sell when CCI crosses below 100"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.cci = self.I(talib.CCI, h, lo, c, 20)

    def next(self):
        if self.position and crossover(100, self.cci):
            self.position.close()
        elif not self.position and crossover(self.cci, -100):
            self.buy(size=SIZE)


class WilliamsR(Strategy):
    """buy when Williams %R(14) is below -80, sell when %R is above -20"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.r = self.I(talib.WILLR, h, lo, c, 14)

    def next(self):
        if self.position and self.r[-1] > -20:
            self.position.close()
        elif not self.position and self.r[-1] < -80:
            self.buy(size=SIZE)


class ObvBreakout(Strategy):
    """buy when OBV makes a new 20-day high, sell when OBV makes a new 10-day low"""

    def init(self):
        _, _, _, c, v = arrays(self)
        obv = pd.Series(talib.OBV(c, v))
        self.obv = self.I(lambda: obv.to_numpy())
        self.high = self.I(lambda: obv.shift(1).rolling(20).max().to_numpy())
        self.low = self.I(lambda: obv.shift(1).rolling(10).min().to_numpy())

    def next(self):
        if self.position and self.obv[-1] < self.low[-1]:
            self.position.close()
        elif not self.position and self.obv[-1] > self.high[-1]:
            self.buy(size=SIZE)


def mfi(h, lo, c, v, n=14):
    typical = (h + lo + c) / 3
    out = np.full(len(c), np.nan)
    for i in range(n, len(c)):
        positive = negative = 0.0
        for j in range(i - n + 1, i + 1):
            flow = typical[j] * v[j]
            if typical[j] > typical[j - 1]:
                positive += flow
            elif typical[j] < typical[j - 1]:
                negative += flow
        out[i] = 100 * positive / (positive + negative)
    return out


class MoneyFlow(Strategy):
    """buy when MFI(14) is under 20, sell when MFI is over 80"""

    def init(self):
        _, h, lo, c, v = arrays(self)
        self.mfi = self.I(lambda: mfi(h, lo, c, v))

    def next(self):
        if self.position and self.mfi[-1] > 80:
            self.position.close()
        elif not self.position and self.mfi[-1] < 20:
            self.buy(size=SIZE)


class IchimokuCloud(Strategy):
    """buy when price is above the cloud and the tenkan crosses above the kijun, sell when the
    tenkan crosses below the kijun"""

    def init(self):
        _, h, lo, _, _ = arrays(self)
        high, low = pd.Series(h), pd.Series(lo)

        def mid(n):
            return (high.rolling(n).max() + low.rolling(n).min()) / 2

        span_a, span_b = ((mid(9) + mid(26)) / 2).shift(26), mid(52).shift(26)
        self.tenkan = self.I(lambda: mid(9).to_numpy())
        self.kijun = self.I(lambda: mid(26).to_numpy())
        self.top = self.I(lambda: np.maximum(span_a, span_b).to_numpy())

    def next(self):
        if self.position and crossover(self.kijun, self.tenkan):
            self.position.close()
        elif (
            not self.position
            and self.data.Close[-1] > self.top[-1]
            and crossover(self.tenkan, self.kijun)
        ):
            self.buy(size=SIZE)


class IchimokuFull(Strategy):
    """buy when the cloud is green and the chikou span is above the price 26 bars ago and the
    close crosses above the cloud, sell when price is inside the cloud"""

    def init(self):
        _, h, lo, _, _ = arrays(self)
        high, low = pd.Series(h), pd.Series(lo)

        def mid(n):
            return (high.rolling(n).max() + low.rolling(n).min()) / 2

        span_a, span_b = ((mid(9) + mid(26)) / 2).shift(26), mid(52).shift(26)
        self.span_a = self.I(lambda: span_a.to_numpy())
        self.span_b = self.I(lambda: span_b.to_numpy())

    def next(self):
        close = self.data.Close
        top, bottom = max(self.span_a[-1], self.span_b[-1]), min(self.span_a[-1], self.span_b[-1])
        tops = np.maximum(self.span_a[-2:], self.span_b[-2:])
        if self.position and bottom <= close[-1] <= top:
            self.position.close()
        elif (
            not self.position
            and self.span_a[-1] > self.span_b[-1]
            and close[-1] > close[-27]
            and crossover(close[-2:], tops)
        ):
            self.buy(size=SIZE)


def session_vwap(strategy: Strategy) -> np.ndarray:
    _, h, lo, c, v = arrays(strategy)
    out, day, value, volume = [], None, 0.0, 0.0
    for stamp, hi, low, close, vol in zip(strategy.data.index, h, lo, c, v, strict=True):
        if stamp.date() != day:
            day, value, volume = stamp.date(), 0.0, 0.0
        value, volume = value + (hi + low + close) / 3 * vol, volume + vol
        out.append(value / volume)
    return np.array(out)


class VwapCross(Strategy):
    """buy when the close crosses above the VWAP, sell when it crosses below the VWAP, on 1h
    bars"""

    def init(self):
        vwap = session_vwap(self)
        self.vwap = self.I(lambda: vwap)

    def next(self):
        if self.position and crossover(self.vwap, self.data.Close):
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.vwap):
            self.buy(size=SIZE)


class QuietDip(Strategy):
    """buy when ATR(14) is below 2% of price and RSI(2) is below 10, sell when RSI(2) is above
    90"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.atr_pct = self.I(lambda: 100 * atr_loop(h, lo, c, 14) / c)
        change = np.r_[np.nan, np.diff(c)]
        gain = wilder_loop(np.where(np.isnan(change), np.nan, np.clip(change, 0, None)), 2)
        loss = wilder_loop(np.where(np.isnan(change), np.nan, np.clip(-change, 0, None)), 2)
        self.rsi = self.I(lambda: 100 - 100 / (1 + gain / loss))

    def next(self):
        if self.position and self.rsi[-1] > 90:
            self.position.close()
        elif not self.position and self.atr_pct[-1] < 2 and self.rsi[-1] < 10:
            self.buy(size=SIZE)


class Engulfing(Strategy):
    """buy on a bullish engulfing bar, sell on a bearish engulfing bar"""

    def init(self):
        o, h, lo, c, _ = arrays(self)
        self.pattern = self.I(talib.CDLENGULFING, o, h, lo, c)

    def next(self):
        if self.position and self.pattern[-1] < 0:
            self.position.close()
        elif not self.position and self.pattern[-1] > 0:
            self.buy(size=SIZE)


def one_bar_hammer(o, h, lo, c):
    body, span = np.abs(c - o), h - lo
    lower, upper = np.minimum(o, c) - lo, h - np.maximum(o, c)
    return (span > 0) & (lower >= 2 * body) & (upper <= 0.1 * span)


class HammerAtLow(Strategy):
    """buy a hammer at a 10-day low, exit after 5 days"""

    def init(self):
        o, h, lo, c, _ = arrays(self)
        prior_low = pd.Series(lo).shift(1).rolling(10).min().to_numpy()
        self.hammer = self.I(lambda: one_bar_hammer(o, h, lo, c).astype(float))
        self.prior_low = self.I(lambda: prior_low)

    def next(self):
        if self.position and held(self) >= 5:
            self.position.close()
        elif not self.position and self.hammer[-1] and self.data.Low[-1] < self.prior_low[-1]:
            self.buy(size=SIZE)


class InsideDay(Strategy):
    """buy on an inside day when the close is above the 50-day SMA, exit after 3 bars"""

    def init(self):
        h, lo = self.data.High, self.data.Low
        inside = np.r_[False, (h[1:] < h[:-1]) & (lo[1:] > lo[:-1])]
        self.inside = self.I(lambda: inside.astype(float))
        self.sma = self.I(lambda: pd.Series(self.data.Close).rolling(50).mean().to_numpy())

    def next(self):
        if self.position and held(self) >= 3:
            self.position.close()
        elif not self.position and self.inside[-1] and self.data.Close[-1] > self.sma[-1]:
            self.buy(size=SIZE)


class InsideDayBreakout(Strategy):
    """buy when yesterday was an inside day and the close crosses above yesterday's high, exit
    after 5 bars"""

    def init(self):
        h, lo = self.data.High, self.data.Low
        inside = np.r_[False, (h[1:] < h[:-1]) & (lo[1:] > lo[:-1])]
        self.inside = self.I(lambda: inside.astype(float))

    def next(self):
        if self.position and held(self) >= 5:
            self.position.close()
        elif not self.position and self.inside[-2] and self.data.Close[-1] > self.data.High[-2]:
            self.buy(size=SIZE)


class DojiShort(Strategy):
    """short on a doji when RSI(14) is above 70, cover after 4 bars"""

    def init(self):
        o, h, lo, c, _ = arrays(self)
        self.doji = self.I(talib.CDLDOJI, o, h, lo, c)
        self.rsi = self.I(lambda: talib_free_rsi(c, 14))

    def next(self):
        if self.position and held(self) >= 4:
            self.position.close()
        elif not self.position and self.doji[-1] != 0 and self.rsi[-1] > 70:
            self.sell(size=SIZE)


def talib_free_rsi(c, n):
    change = np.r_[np.nan, np.diff(c)]
    gain = wilder_loop(np.where(np.isnan(change), np.nan, np.clip(change, 0, None)), n)
    loss = wilder_loop(np.where(np.isnan(change), np.nan, np.clip(-change, 0, None)), n)
    return 100 - 100 / (1 + gain / loss)


class PercentB(Strategy):
    """buy when %b drops below 0, sell when %B above 1"""

    def init(self):
        c = arrays(self)[3]
        upper, _, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
        self.pctb = self.I(lambda: (c - lower) / (upper - lower))

    def next(self):
        if self.position and self.pctb[-1] > 1:
            self.position.close()
        elif not self.position and crossover(0, self.pctb):
            self.buy(size=SIZE)


class SqueezeBreakout(Strategy):
    """buy when the Bollinger bands squeeze inside the Keltner channels and price breaks out
    up, sell when the close crosses below the middle Bollinger band"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        upper, middle, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
        k_upper, _, k_lower = keltner(h, lo, c, 20, 1.5, 20)  # TTM Squeeze settings
        self.squeeze = self.I(lambda: ((upper < k_upper) & (lower > k_lower)).astype(float))
        self.upper = self.I(lambda: upper)
        self.middle = self.I(lambda: middle)

    def next(self):
        if self.position and crossover(self.middle, self.data.Close):
            self.position.close()
        elif not self.position and self.squeeze[-2] > 0 and crossover(self.data.Close, self.upper):
            self.buy(size=SIZE)


class AboveBoth(Strategy):
    """buy when price is above both the 50 and 200 day SMA, sell when it is below both"""

    def init(self):
        c = arrays(self)[3]
        self.fast = self.I(talib.SMA, c, 50)
        self.slow = self.I(talib.SMA, c, 200)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close < self.fast[-1] and close < self.slow[-1]:
            self.position.close()
        elif not self.position and close > self.fast[-1] and close > self.slow[-1]:
            self.buy(size=SIZE)


class BuyOnDips(Strategy):
    """buy on dips"""

    def init(self):
        self.rsi = self.I(lambda: talib_free_rsi(arrays(self)[3], 14))

    def next(self):
        if self.position and crossover(self.rsi, 70):
            self.position.close()
        elif not self.position and crossover(30, self.rsi):
            self.buy(size=SIZE, sl=self.data.Close[-1] * (1 - 5 / 100))


REFERENCES = [
    (PercentB, "AAPL"),
    (SqueezeBreakout, "MSFT"),
    (AboveBoth, "GOOG"),
    (BuyOnDips, "IBM"),
    (DmiTrend, "MSFT"),
    (SarFlip, "IBM"),
    (SupertrendColour, "AAPL"),
    (SupertrendLine, "GOOG"),
    (KeltnerBreakout, "MSFT"),
    (CciReversal, "IBM"),
    (WilliamsR, "AAPL"),
    (ObvBreakout, "GOOG"),
    (MoneyFlow, "MSFT"),
    (IchimokuCloud, "IBM"),
    (IchimokuFull, "MSFT"),
    (VwapCross, "EURUSD"),
    (QuietDip, "IBM"),
    (Engulfing, "AAPL"),
    (HammerAtLow, "MSFT"),
    (InsideDay, "GOOG"),
    (DojiShort, "IBM"),
    (InsideDayBreakout, "AAPL"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[ref.__name__ for ref, _ in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    description = " ".join(reference.__doc__.split())
    assert_trades_like_reference(reference, data, description)
