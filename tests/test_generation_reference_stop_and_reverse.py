"""Stop-and-reverse ("always in the market") bots, stops moved to break-even, and Heikin-Ashi
candles, against hand-written reference strategies (and the Heikin-Ashi candle against a hand
computation).

backtesting.py, read in its source (``_Broker.new_order``, ``Trade.close``, ``_process_orders``):
``Trade.close()`` queues its closing order at the front of the order list, so at the next open
the position is closed first and a fractional order placed after it is sized from the equity
the close freed. An opposite order placed *without* a close (``exclusive_orders=False``, the
harness's setting) is sized from the little margin left while the position is open and only
reduces the open trade FIFO: never a reversal. A careful programmer therefore writes a reversal
as ``position.close()`` followed by the new order, which is what each reference here does, and
the compiled bot must make exactly its trades: one closed trade and one opened per signal.
"""

from __future__ import annotations

import numpy as np
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import compile_spec, understand

from .generation.support import assert_trades_like_reference, load_strategy, run, trade_list
from .test_generation_indicators import assert_no_look_ahead, functions, ohlcv, supertrend_loop
from .test_generation_reference import atr, prior_high, prior_low, rsi
from .test_generation_reference_indicators import arrays

talib = pytest.importorskip("talib")

SIZE = 0.99


class Reverse(Strategy):
    """Long on ``up()``, short on ``down()``, each closing the other side first."""

    def up(self) -> bool:
        raise NotImplementedError

    def down(self) -> bool:
        raise NotImplementedError

    def next(self):
        if self.up():
            self.position.close()
            self.buy(size=SIZE)
        elif self.down():
            self.position.close()
            self.sell(size=SIZE)


class SupertrendFlip(Reverse):
    """supertrend flip long/short: long when the Supertrend(10, 3) turns up, short when it turns
    down"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.direction = self.I(lambda: supertrend_loop(h, lo, c, 10, 3.0)[1])

    def up(self):
        return crossover(self.direction, 0)

    def down(self):
        return crossover(0, self.direction)


class SarStopAndReverse(Reverse):
    """parabolic SAR stop and reverse: long when the SAR flips below the close, short when it
    flips above"""

    def init(self):
        _, h, lo, _, _ = arrays(self)
        self.sar = self.I(talib.SAR, h, lo, 0.02, 0.2)

    def up(self):
        return crossover(self.data.Close, self.sar)

    def down(self):
        return crossover(self.sar, self.data.Close)


class SupertrendLongOnly(Strategy):
    """supertrend(7,2) long only on ETH-USD: in when it turns up, out when it turns down"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.direction = self.I(lambda: supertrend_loop(h, lo, c, 7, 2.0)[1])

    def next(self):
        if self.position and crossover(0, self.direction):
            self.position.close()
        elif not self.position and crossover(self.direction, 0):
            self.buy(size=SIZE)


class SupertrendShortOnly(Strategy):
    """short the supertrend: short when it turns down, cover when it turns up"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.direction = self.I(lambda: supertrend_loop(h, lo, c, 10, 3.0)[1])

    def next(self):
        if self.position and crossover(self.direction, 0):
            self.position.close()
        elif not self.position and crossover(0, self.direction):
            self.sell(size=SIZE)


class RsiBreakeven(Strategy):
    """buy when RSI(14) crosses below 30, sell when it crosses above 70, 5% stop loss, move the
    stop to breakeven after a 2% gain: once a close is 2% above the fill, the stop is the fill"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        for trade in self.trades:
            if close >= trade.entry_price * 1.02:
                trade.sl = max(trade.sl, trade.entry_price)
        if self.position and crossover(self.rsi, 70):
            self.position.close()
        elif not self.position and crossover(30, self.rsi):
            self.buy(size=SIZE, sl=close * 0.95)


class BreakoutAtrBreakeven(Strategy):
    """buy on a 20-day high with a 2 ATR stop, sell on a 10-day low, move the stop to breakeven
    once it's up 1 ATR: the ATR of the signal bar, as the stop's"""

    def init(self):
        d = self.data
        self.high20 = self.I(prior_high, d.High, 20)
        self.low10 = self.I(prior_low, d.Low, 10)
        self.atr = self.I(atr, d.High, d.Low, d.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        for trade in self.trades:
            if close >= trade.entry_price + self.atr[trade.entry_bar - 1]:
                trade.sl = max(trade.sl, trade.entry_price)
        if self.position and close < self.low10[-1]:
            self.position.close()
        elif not self.position and close > self.high20[-1]:
            self.buy(size=SIZE, sl=close - 2 * self.atr[-1])


class ShortBreakevenAtOneR(Strategy):
    """short when RSI(14) crosses above 70, cover when it crosses below 30, 4% stop loss, move
    the stop to break even at 1R: 1R is the 4% the stop is away"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        for trade in self.trades:
            if close <= trade.entry_price * 0.96:
                trade.sl = min(trade.sl, trade.entry_price)
        if self.position and crossover(30, self.rsi):
            self.position.close()
        elif not self.position and crossover(self.rsi, 70):
            self.sell(size=SIZE, sl=close * 1.04)


BREAKEVENS = [
    (RsiBreakeven, "AAPL"),
    (RsiBreakeven, "IBM"),
    (BreakoutAtrBreakeven, "MSFT"),
    (ShortBreakevenAtOneR, "GOOG"),
]


@pytest.mark.parametrize(
    ("reference", "data"), BREAKEVENS, ids=[f"{r.__name__}-{d}" for r, d in BREAKEVENS]
)
def test_a_stop_moved_to_break_even_trades_like_the_reference(reference: type, data: str):
    """The same trades, and some of them closed at their entry price by the moved stop (so the
    comparison would fail if the stop never moved)."""
    assert_trades_like_reference(reference, data)
    trades = run(reference, data)["_trades"]
    at_entry = (trades["ExitPrice"] == trades["EntryPrice"]) & (
        trades["SL"] == trades["EntryPrice"]
    )
    assert at_entry.sum() >= 1


def heikin_ashi_loop(o, h, lo, c):
    """Heikin-Ashi close and open, bar by bar from the definition (Dan Valcu, 2004): HA close =
    the bar's (open + high + low + close) / 4; HA open = the midpoint of the previous HA candle's
    open and close, (open + close) / 2 on the first bar."""
    ha_close, ha_open = [], []
    for i in range(len(c)):
        ha_close.append((o[i] + h[i] + lo[i] + c[i]) / 4)
        first = (o[i] + c[i]) / 2
        ha_open.append(first if i == 0 else (ha_open[-1] + ha_close[-2]) / 2)
    return np.array(ha_close), np.array(ha_open)


def test_heikin_ashi_body_is_the_ha_close_minus_the_ha_open_by_hand():
    o, h, lo, c = (np.array(x) for x in ([10, 11, 12], [12, 13, 12.5], [9, 10, 10], [11, 12, 10.5]))
    # bar 0: close (10+12+9+11)/4 = 10.5, open (10+11)/2 = 10.5 -> 0 (a doji)
    # bar 1: close (11+13+10+12)/4 = 11.5, open (10.5+10.5)/2 = 10.5 -> +1 (green)
    # bar 2: close (12+12.5+10+10.5)/4 = 11.25, open (10.5+11.5)/2 = 11 -> +0.25 (green: a red
    # real candle, 12 -> 10.5, is still a green HA candle, the smoothing the indicator is for)
    body = functions("heikin_ashi_body")["heikin_ashi_body"](o, h, lo, c)
    np.testing.assert_allclose(body, [0.0, 1.0, 0.25])


@pytest.mark.parametrize("symbol", ["AAPL", "MSFT"])
def test_heikin_ashi_body_matches_the_definition_and_never_looks_ahead(symbol: str):
    o, h, lo, c, _ = ohlcv(symbol)
    ha_close, ha_open = heikin_ashi_loop(o, h, lo, c)
    body = functions("heikin_ashi_body")["heikin_ashi_body"](o, h, lo, c)
    np.testing.assert_allclose(body, ha_close - ha_open, rtol=1e-12, atol=1e-12)
    assert 50 < np.sum(np.diff(np.sign(body)) != 0) < len(c) / 2  # the colour does change
    assert_no_look_ahead("heikin_ashi_body", ("o", "h", "lo", "c"))


class HeikinAshiColour(Strategy):
    """buy on the first green heikin-ashi candle, sell on the first red one"""

    def init(self):
        o, h, lo, c, _ = arrays(self)
        ha_close, ha_open = heikin_ashi_loop(o, h, lo, c)
        self.body = self.I(lambda: ha_close - ha_open)

    def next(self):
        if self.position and crossover(0, self.body):
            self.position.close()
        elif not self.position and crossover(self.body, 0):
            self.buy(size=SIZE)


class HeikinAshiReverse(Reverse):
    """heikin ashi long/short: long on the first green Heikin-Ashi candle, short on the first red
    one"""

    def init(self):
        o, h, lo, c, _ = arrays(self)
        ha_close, ha_open = heikin_ashi_loop(o, h, lo, c)
        self.body = self.I(lambda: ha_close - ha_open)

    def up(self):
        return crossover(self.body, 0)

    def down(self):
        return crossover(0, self.body)


REFERENCES = [
    (HeikinAshiColour, "AAPL"),
    (HeikinAshiColour, "MSFT"),
    (HeikinAshiReverse, "IBM"),
    (SupertrendFlip, "AAPL"),
    (SupertrendFlip, "IBM"),
    (SarStopAndReverse, "MSFT"),
    (SarStopAndReverse, "GOOG"),
    (SupertrendLongOnly, "GOOG"),
    (SupertrendShortOnly, "MSFT"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[f"{r.__name__}-{d}" for r, d in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)


@pytest.mark.parametrize("data", ["AAPL", "IBM"])
def test_each_flip_closes_one_trade_and_opens_the_other_side_at_the_same_open(data: str):
    """Exactly one reversal per signal: every trade of the compiled bot after the first starts at
    the open where the one before it ended, on the other side, sized from the whole equity (not
    the sliver of margin an opposite order gets while the old trade is still open)."""
    understood = understand("supertrend flip long/short on BTC-USD 4h")
    bot = load_strategy(compile_spec(understood.spec), understood.spec.name)
    stats = run(bot, data)
    listed = trade_list(stats)
    assert len(listed) > 20
    for (_, exit_bar, size), (entry_bar, _, next_size) in zip(listed, listed[1:], strict=False):
        assert exit_bar == entry_bar
        assert size * next_size < 0
    trades = stats["_trades"]
    invested = (trades["Size"].abs() * trades["EntryPrice"]).iloc[1:].to_numpy()
    equity = stats["_equity_curve"]["Equity"].to_numpy()[trades["EntryBar"].iloc[1:] - 1]
    assert (invested > 0.5 * equity).all()  # a reversal (a reduction would be about 1%)
