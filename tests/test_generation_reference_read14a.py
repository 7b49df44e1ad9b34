"""Trade-for-trade references for position management said in price units and with leverage:
a stop and a target a distance in dollars from the entry.

Each reference is what a careful programmer writes from the sentence with backtesting.py (no
Botlab code); the compiled bot must make the same trades (entry bar, exit bar, size) on
bundled data.
"""

from __future__ import annotations

import pytest
from backtesting import Strategy

from .generation.support import assert_trades_like_reference
from .test_generation_rules import rsi


class DollarStopAndTarget(Strategy):
    """buy when RSI(14) < 30, sell when RSI(14) > 70, stop $2 below entry, target $4 above
    entry: the distances measured from the signal bar's close"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30:
            self.buy(size=0.99, sl=close - 2, tp=close + 4)


@pytest.mark.parametrize(
    ("reference", "data"),
    [(DollarStopAndTarget, "IBM"), (DollarStopAndTarget, "MSFT")],
)
def test_position_management_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split(":")[0].split()))
