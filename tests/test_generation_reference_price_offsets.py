"""ATR bands, the line some ATRs from a simple moving average ("buy when the close is 2 ATR below
the 20-day SMA", "stop 1 ATR below the 20-day SMA"; from an EMA it is the Keltner line): trade
for trade against hand-written strategies, against TA-Lib where the definitions agree, and never
looking ahead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from .generation.support import assert_trades_like_reference
from .test_generation_indicators import (
    SYMBOLS,
    WARM_UP,
    assert_no_look_ahead,
    atr_loop,
    functions,
    ohlcv,
    same,
)
from .test_generation_reference_indicators import arrays

talib = pytest.importorskip("talib")

SIZE = 0.99


def atr_bands(h, lo, c, n: int, k: float, atr_n: int = 14) -> tuple[np.ndarray, ...]:
    """SMA(n) of the close (a pandas rolling mean) +- k x ATR(atr_n) (Wilder, a plain loop)."""
    middle = pd.Series(c).rolling(n).mean().to_numpy()
    band = k * atr_loop(h, lo, c, atr_n)
    return middle + band, middle, middle - band


class StretchedBelowTheAverage(Strategy):
    """buy when the close is 2 ATR below the 20-day SMA, sell when the close crosses above the
    20-day SMA"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        _, middle, lower = atr_bands(h, lo, c, 20, 2.0)
        self.middle = self.I(lambda: middle)
        self.lower = self.I(lambda: lower)

    def next(self):
        if self.position and crossover(self.data.Close, self.middle):
            self.position.close()
        elif not self.position and self.data.Close[-1] < self.lower[-1]:
            self.buy(size=SIZE)


class StopOneAtrUnderTheAverage(Strategy):
    """buy when the close crosses above the 50-day SMA, stop 1 ATR below the 50-day SMA: the
    stop is an exit when the close is below SMA(50) - 1 x ATR(14)"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        _, middle, lower = atr_bands(h, lo, c, 50, 1.0)
        self.middle = self.I(lambda: middle)
        self.lower = self.I(lambda: lower)

    def next(self):
        if self.position and self.data.Close[-1] < self.lower[-1]:
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.middle):
            self.buy(size=SIZE)


@pytest.mark.parametrize("reference", [StretchedBelowTheAverage, StopOneAtrUnderTheAverage])
@pytest.mark.parametrize("data", ["AAPL", "MSFT"])
def test_atrs_from_a_simple_average_trade_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_atr_bands_match_talib_sma_plus_minus_atr(symbol):
    """TA-Lib has no ATR bands but has their parts: SMA + k x ATR (equal once the differently
    seeded ATRs have converged)."""
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("atr_band_upper", "atr_band_lower")
    sma, atr = talib.SMA(c, 20), talib.ATR(h, lo, c, 14)
    same(f["atr_band_upper"](h, lo, c, 20, 2.0, 14), sma + 2 * atr, WARM_UP * 14)
    same(f["atr_band_lower"](h, lo, c, 20, 2.0, 14), sma - 2 * atr, WARM_UP * 14)


@pytest.mark.parametrize("name", ["atr_band_upper", "atr_band_lower"])
def test_atr_bands_never_look_ahead(name: str):
    assert_no_look_ahead(name, ("h", "lo", "c", 20, 1.5, 14))
