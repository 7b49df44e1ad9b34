"""Trade-for-trade references for position management said in price units and with leverage:
a stop and a target a distance in dollars from the entry; partial sales at two gains, each a
third of the position first entered; half sold 2 ATRs above the entry price; a risk in dollars
("risk $500 per trade"); 2x leverage (backtesting.py's ``margin=0.5``), in process and through
Botlab's sandboxed harness, which reads the bot's ``MARGIN``.

Each reference is what a careful programmer writes from the sentence with backtesting.py (no
Botlab code); the compiled bot must make the same trades (entry bar, exit bar, size) on
bundled data.
"""

from __future__ import annotations

import warnings

import pytest
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

from engine.execution import other_symbols
from engine.execution.executor import BotExecutor
from engine.generation import compile_spec, understand

from .generation.support import (
    assert_trades_like_reference,
    bars,
    description_of,
    load_strategy,
    trade_list,
)
from .test_generation_rules import rsi, sma


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


class ThirdsOut(Strategy):
    """buy when RSI(14) crosses below 30, sell when RSI(14) crosses above 70, sell a third at
    +5%, another third at +10%: each once per trade, one sale per bar, measured from the entry
    price; the second third is half of what is left"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.sold = 0

    def next(self):
        close = self.data.Close[-1]
        entry = self.trades[0].entry_price if self.trades else None
        if self.position and crossover(self.rsi, 70):
            self.position.close()
        elif self.position and self.sold == 0 and close >= entry * 1.05:
            self.position.close(1 / 3)
            self.sold = 1
        elif self.position and self.sold == 1 and close >= entry * 1.10:
            self.position.close(0.5)
            self.sold = 2
        elif not self.position and crossover(30, self.rsi):
            self.sold = 0
            self.buy(size=0.99)


def atr(high, low, close, n):
    """Wilder's ATR: the true range smoothed with alpha 1/n, written from its definition."""
    import numpy as np
    import pandas as pd

    prev = np.concatenate([[np.nan], close[:-1]])
    true_range = np.nanmax([high - low, np.abs(high - prev), np.abs(low - prev)], axis=0)
    true_range[0] = high[0] - low[0]
    return pd.Series(true_range).ewm(alpha=1 / n, adjust=False, min_periods=n).mean().to_numpy()


class HalfOffAtTwoAtr(Strategy):
    """buy when the 20-day SMA crosses above the 50-day SMA, take half off at 2 ATR, sell when
    it crosses below: the ATR(14) of the bar that placed the entry, from the entry price"""

    def init(self):
        self.fast = self.I(sma, self.data.Close, 20)
        self.slow = self.I(sma, self.data.Close, 50)
        self.atr = self.I(atr, self.data.High, self.data.Low, self.data.Close, 14)
        self.sold = False

    def next(self):
        close = self.data.Close[-1]
        if self.position and crossover(self.slow, self.fast):
            self.position.close()
        elif (
            self.position
            and not self.sold
            and close >= self.trades[0].entry_price + 2 * self.entry_atr
        ):
            self.position.close(0.5)
            self.sold = True
        elif not self.position and crossover(self.fast, self.slow):
            self.sold = False
            self.entry_atr = self.atr[-1]
            self.buy(size=0.99)


class DollarRisk(Strategy):
    """buy when RSI(14) < 30, sell when RSI(14) > 70, risk $500 per trade with a 5% stop:
    shares = 500 / (close - stop), whole shares, at most what 99% of equity buys"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30:
            stop = close * 0.95
            shares = min(int(500 // (close - stop)), int(self.equity * 0.99 // close))
            if shares:
                self.buy(size=shares, sl=stop)


@pytest.mark.parametrize(
    ("reference", "data"),
    [
        (HalfOffAtTwoAtr, "AAPL"),
        (HalfOffAtTwoAtr, "IBM"),
        (DollarRisk, "MSFT"),
        (DollarRisk, "AAPL"),
        (DollarStopAndTarget, "IBM"),
        (DollarStopAndTarget, "MSFT"),
        (ThirdsOut, "AAPL"),
        (ThirdsOut, "GOOG"),
    ],
)
def test_position_management_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data)


class LeveredRsi(Strategy):
    """buy when RSI(14) < 30, sell when RSI(14) > 70, use 2x leverage: run with margin=0.5, so
    size=0.99 buys 99% of twice the equity"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30:
            self.buy(size=0.99)


def levered_run(strategy: type, symbol: str, margin: float):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = bars(symbol)
        return Backtest(frame, strategy, cash=100_000, margin=margin, finalize_trades=True).run()


LEVERED = description_of(LeveredRsi)


@pytest.mark.parametrize("data", ["MSFT", "IBM"])
def test_leverage_trades_like_the_reference_with_its_margin(data):
    u = understand(LEVERED)
    assert u.complete, u.not_understood
    code = compile_spec(u.spec)
    margin = other_symbols.declared(code).margin
    assert margin == 0.5

    ours = levered_run(load_strategy(code, u.spec.name), data, margin)
    theirs = levered_run(LeveredRsi, data, 0.5)

    assert theirs["# Trades"] >= 5
    assert trade_list(ours) == trade_list(theirs)
    first = theirs["_trades"].iloc[0]
    assert first["Size"] * first["EntryPrice"] > 150_000  # about twice the 100,000 equity


def test_a_levered_bot_runs_with_its_margin_in_the_sandbox(tmp_path):
    u = understand(LEVERED)
    bot = tmp_path / "levered.py"
    bot.write_text(compile_spec(u.spec))

    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="MSFT")

    assert result.status == "succeeded", result.error
    reference = levered_run(LeveredRsi, "MSFT", 0.5)
    assert result.trades == len(reference["_trades"])
    assert result.return_pct == pytest.approx(reference["Return [%]"])
