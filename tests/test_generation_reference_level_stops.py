"""Trade-for-trade references for stops at a price level a line names ("stop at the lowest low
of the last 5 days", "stop at the 10-day high" on a short, "trail the stop at the 10-day low"),
and for a risk per trade measured to such a stop.

Each reference is what a careful programmer writes from the sentence with backtesting.py (no
Botlab code): the stop is the line's value on the signal bar, fixed for the trade, or moved to
the line's value at each close and never loosened; a line on the wrong side of the signal close
leaves no room for a stop (and, sized by the risk, nothing to size by). The compiled bot must
make the same trades (entry bar, exit bar, size) on bundled data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand

from .generation.support import assert_trades_like_reference, description_of, run, trade_list
from .test_generation_rules import rsi, sma


def lowest(values, n):
    """The lowest value of the n bars before this one (the N-day low a stop is put under)."""
    return pd.Series(values).rolling(n).min().shift(1).to_numpy()


def highest(values, n):
    """The highest value of the n bars before this one."""
    return pd.Series(values).rolling(n).max().shift(1).to_numpy()


class LowStopRiskingOnePercent(Strategy):
    """buy when RSI(14) < 30, sell when RSI(14) > 70, stop at the lowest low of the last 5
    days, risk 1% of equity per trade: the stop is the 5-bar low on the signal bar; shares =
    1% of equity / (close - stop), whole shares, at most what 99% of equity buys; no trade
    when that low is not below the close"""

    use_stop = True

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.low5 = self.I(lowest, self.data.Low, 5)

    def next(self):
        close = self.data.Close[-1]
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30:
            stop = self.low5[-1]
            if not stop < close:
                return
            shares = int(self.equity * 0.01 // (close - stop))
            shares = min(shares, int(self.equity * 0.99 // close))
            if shares:
                self.buy(size=shares, sl=stop if self.use_stop else None)


class ShortUnderTheTenDayHigh(Strategy):
    """short when the close crosses below the 20-day SMA, cover when RSI(14) < 30, stop at the
    10-day high: the 10-bar high on the signal bar, fixed for the trade (none when it is not
    above the close)"""

    use_stop = True

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.high10 = self.I(highest, self.data.High, 10)

    def next(self):
        close = self.data.Close[-1]
        if self.position and self.rsi[-1] < 30:
            self.position.close()
        elif not self.position and crossover(self.sma, self.data.Close):
            stop = self.high10[-1]
            stop = stop if stop > close and self.use_stop else None
            self.sell(size=0.99, sl=stop)


class TrailedUnderTheTenDayLow(Strategy):
    """buy when the close crosses above the 20-day SMA, sell when RSI(14) > 70, trail the stop
    at the 10-day low: set at the 10-bar low on the signal bar (none when it is not below the
    close), then raised to the 10-bar low at each close, never lowered"""

    use_stop = True

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.low10 = self.I(lowest, self.data.Low, 10)

    def next(self):
        close = self.data.Close[-1]
        if self.use_stop:
            for trade in self.trades:
                trade.sl = max(trade.sl or 0, self.low10[-1])
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and crossover(self.data.Close, self.sma):
            stop = self.low10[-1]
            stop = stop if stop < close and self.use_stop else None
            self.buy(size=0.99, sl=stop)


REFERENCES = [
    (LowStopRiskingOnePercent, "AAPL"),
    (LowStopRiskingOnePercent, "MSFT"),
    (ShortUnderTheTenDayHigh, "AAPL"),
    (ShortUnderTheTenDayHigh, "IBM"),
    (TrailedUnderTheTenDayLow, "GOOG"),
    (TrailedUnderTheTenDayLow, "MSFT"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES)
def test_a_stop_at_a_line_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)


@pytest.mark.parametrize(("reference", "data"), REFERENCES)
def test_the_stop_changes_the_trades(reference: type, data: str):
    """Each reference's stop is hit on its data: without it the trades differ, so the
    comparison above checks the stop too."""
    without = type(f"{reference.__name__}NoStop", (reference,), {"use_stop": False})
    assert trade_list(run(without, data)) != trade_list(run(reference, data))


@pytest.mark.parametrize(("reference", "_"), REFERENCES[::2])
def test_the_echo_says_where_the_stop_sits_and_whether_it_moves(reference: type, _: str):
    spec = understand(description_of(reference)).spec
    assert spec is not None
    stop = next(r for r in understand(description_of(reference)).rules if "stop at" in r.lower())
    if spec.stop_level_trails:
        assert "only ever tightening" in stop
    else:
        assert "fixed for the trade" in stop
    if spec.risk_pct:
        assert any("(entry - stop)" in r for r in understand(description_of(reference)).rules)
