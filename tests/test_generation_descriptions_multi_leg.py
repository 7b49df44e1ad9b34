"""The offline compiler on phrase families written the way traders write them: a trigger on a
second symbol, long/short on one threshold, scaling out by a fraction, months excepted from
holding, a gap trade inside one day, targets in R, and chat around the rules.

``CASES`` rows use the notation and the checks of ``test_generation_descriptions_rules`` (every
accepted row is compiled and backtested on bundled data). The reference strategies below are what
a careful programmer writes from each sentence with backtesting.py, without Botlab's code: the
compiled bot must make the same trades (entry bar, exit bar, size) with the same return.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy

from engine.generation import understand
from tests import test_generation_descriptions_rules as corpus

from .generation.rules_support import rule_shape as shape
from .generation.support import bars
from .test_generation_rules import backtest, compiled, next_dates, rsi, same_trades, with_other

case, refused = corpus.case, corpus.refused

CASES = [
    # -- a condition on another symbol triggers the trade: the traded symbol is the one bought
    case(
        "buy TLT when SPY drops 2% in a day, sell after 5 days",
        entry="spy_roc_1 <= -2",
        exit_after_bars=5,
        symbol="TLT",
        other_symbols=["SPY"],
    ),
    case(
        "buy TLT when SPY falls more than 2% in one day, sell after 3 days",
        entry="spy_roc_1 < -2",
        exit_after_bars=3,
        symbol="TLT",
        other_symbols=["SPY"],
    ),
    case(
        (
            "go long GLD when QQQ closes below its 50-day SMA, exit when QQQ closes above its "
            "50-day SMA"
        ),
        entry="close@QQQ < qqq_sma_50",
        exit="close@QQQ > qqq_sma_50",
        symbol="GLD",
        other_symbols=["QQQ"],
    ),
    case(
        "short IWM when SPY's RSI is above 70, cover after 3 days",
        short_entry="spy_rsi_14 > 70",
        direction="short",
        exit_after_bars=3,
        symbol="IWM",
        other_symbols=["SPY"],
    ),
    case(
        "buy SPY when QQQ's RSI(14) is below 30, sell when it is above 50",
        entry="qqq_rsi_14 < 30",
        exit="qqq_rsi_14 > 50",
        symbol="SPY",
        other_symbols=["QQQ"],
    ),
    case(
        "buy GLD if SPY's RSI(2) is below 10, sell when SPY's RSI(2) is above 70",
        entry="spy_rsi_2 < 10",
        exit="spy_rsi_2 > 70",
        symbol="GLD",
        other_symbols=["SPY"],
    ),
    case(
        (
            "buy TLT when SPY's MACD crosses below its signal line, sell when SPY's MACD crosses "
            "above its signal line"
        ),
        entry="spy_macd_12_26_9.macd x< spy_macd_12_26_9.signal",
        exit="spy_macd_12_26_9.macd x> spy_macd_12_26_9.signal",
        symbol="TLT",
        other_symbols=["SPY"],
    ),
    case(
        "short TSLA when the S&P 500 falls 3% in a day, cover after 5 days",
        short_entry="gspc_roc_1 <= -3",
        direction="short",
        exit_after_bars=5,
        symbol="TSLA",
        other_symbols=["^GSPC"],
    ),
    case(  # an indicator name in capitals is not a ticker
        "buy when ADX is above 25 and close > SMA(50), sell when close < SMA(50)",
        entry="adx_14.adx > 25 & close > sma_50",
        exit="close < sma_50",
    ),
    # -- long/short on one threshold: always in the market, each entry closing the other side
    case(
        "rsi > 50 long, < 50 short",
        entry="rsi_14 > 50",
        short_entry="rsi_14 < 50",
        direction="always_in",
    ),
    case(
        "RSI(14) > 50 long, RSI(14) < 50 short",
        entry="rsi_14 > 50",
        short_entry="rsi_14 < 50",
        direction="always_in",
    ),
    case(
        "long above the 200 SMA, short below it",
        entry="close > sma_200",
        short_entry="close < sma_200",
        direction="always_in",
    ),
    case(
        "be long when MACD > 0 and short when it is < 0",
        entry="macd_12_26_9.macd > 0",
        short_entry="macd_12_26_9.macd < 0",
        direction="always_in",
    ),
    case(
        "long if MACD > 0 else short",
        entry="macd_12_26_9.macd > 0",
        short_entry="macd_12_26_9.macd < 0",
        direction="always_in",
    ),
    case(
        "go long when RSI(14) > 50 otherwise short",
        entry="rsi_14 > 50",
        short_entry="rsi_14 < 50",
        direction="always_in",
    ),
    case(
        "buy when close > SMA(200) else sell",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    # -- scaling out by a fraction
    case(
        "buy when RSI(2) < 10, sell when RSI(2) > 70, scale out 1/3 at +5%",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        scale_out_pct=5.0,
        scale_out_fraction=1 / 3,
    ),
    case(
        "buy when RSI(2) < 10, sell when RSI(2) > 70, sell one third at 5% profit",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        scale_out_pct=5.0,
        scale_out_fraction=1 / 3,
    ),
    case(
        (
            "buy when close crosses above the 50 SMA, take two thirds off at +8%, sell when close "
            "crosses below the 50 SMA"
        ),
        entry="close x> sma_50",
        exit="close x< sma_50",
        scale_out_pct=8.0,
        scale_out_fraction=2 / 3,
    ),
    case(
        (
            "buy when close crosses above the 50 SMA, take 50% off at 10% profit, sell when close "
            "crosses below the 50 SMA"
        ),
        entry="close x> sma_50",
        exit="close x< sma_50",
        scale_out_pct=10.0,
    ),
    case(
        (
            "buy when close crosses above the 50 SMA, sell a quarter at a 6% gain and the rest "
            "when close crosses below the 50 SMA"
        ),
        entry="close x> sma_50",
        exit="close x< sma_50",
        scale_out_pct=6.0,
        scale_out_fraction=0.25,
    ),
    case(
        "buy when RSI(14) < 30 with a 5% stop, sell half at 2R and the rest when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
        scale_out_pct=10.0,
    ),
    case(  # a scale-out at an ATR multiple (built since read14a)
        (
            "buy when close crosses above the 50 SMA, sell half at 2x ATR and the rest on a 3 "
            "ATR trailing stop"
        ),
        entry="close x> sma_50",
        atr_stop_multiple=3.0,
        atr_trailing=True,
        scale_out_atr=2.0,
    ),
    # -- months excepted from holding
    case(
        "hold SPY except in September",
        entry="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]",
        exit="calendar month [9]",
        symbol="SPY",
    ),
    case(
        "be invested all year except May through October",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "buy and hold QQQ but stay out in September and October",
        entry="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="calendar month [9, 10]",
        symbol="QQQ",
    ),
    case(
        "hold SPY all year except September",
        entry="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]",
        exit="calendar month [9]",
        symbol="SPY",
    ),
    case(
        "be in the market every month except September and October",
        entry="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="calendar month [9, 10]",
    ),
    case(  # holding, then selling: a long closed and bought back, not a short sale
        "hold QQQ and sell when RSI(14) > 80, buy back when RSI(14) < 50",
        entry="rsi_14 < 50",
        exit="rsi_14 > 80",
        symbol="QQQ",
    ),
    case(
        "stay long SPY except in August and September",
        entry="calendar month [1, 2, 3, 4, 5, 6, 7, 10, 11, 12]",
        exit="calendar month [8, 9]",
        symbol="SPY",
    ),
    case(  # holding said after another rule is its time exit, not a second entry
        "buy when RSI(2) < 10 and hold for 5 days, but not in September",
        entry="rsi_2 < 10 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]",
        exit_after_bars=5,
    ),
    # -- a gap bought at the open and sold at the same day's close (test_generation_reference_gaps)
    case(
        "buy at the open when it gaps down more than 2%, sell at the close the same day",
        entry="open < close[-1]*0.98",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "buy at the open when it gaps down more than 2%, sell at the close",
        entry="open < close[-1]*0.98",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "buy a gap up of 1% at the open and exit at the close on the same day",
        entry="open >= close[-1]*1.01",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    # -- targets in R: that multiple of the stop's distance
    case(
        "buy when RSI(14) < 30, stop at 2 ATR, sell at 2R",
        entry="rsi_14 < 30",
        atr_stop_multiple=2.0,
        atr_take_profit_multiple=4.0,
    ),
    case(
        "buy when close crosses above the 20 SMA, take profit at 3R with a 2 ATR stop",
        entry="close x> sma_20",
        atr_stop_multiple=2.0,
        atr_take_profit_multiple=6.0,
    ),
    case(
        "buy when RSI(14) < 30 with a 5% stop loss, target 1.5 times the risk",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        take_profit_pct=7.5,
    ),
    case(
        "buy when RSI(14) < 30, 3% stop, 2R target",
        entry="rsi_14 < 30",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    case(
        "short when RSI(14) > 70 with a 4% stop, cover at 2R",
        short_entry="rsi_14 > 70",
        direction="short",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    refused("buy when RSI(14) < 30, sell at 2R", not_understood=["sell at 2R"]),
    case(  # R is this trade's distance to the signal bar's low, so the target is set per trade
        "buy when close crosses above the 20 SMA, stop loss at the low of the day, sell at 2R",
        entry="close x> sma_20",
        bar_stop=True,
        take_profit_r=2.0,
    ),
    # -- titles and chat: set aside, echoed, never read as rules
    case(
        "buy the dip: buy when RSI(2) < 10, sell when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        "buy the dip. buy when RSI(2) < 10, sell when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        (
            "Golden cross strategy. Buy when the 50 SMA crosses above the 200 SMA, sell when it "
            "crosses below"
        ),
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    case(
        "ok so here's my idea: buy when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when RSI(14) < 30, sell when RSI(14) > 70 lol",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "pls buy when RSI(14) < 30, sell when RSI(14) > 70 thx",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "idk if this works but buy when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "I was thinking maybe buy when RSI(14) < 30 and sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "hmm maybe buy when RSI(14) < 30 and sell when RSI(14) > 70, thx!",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when RSI(14) < 30 lmao, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "yo buy when the 50-day SMA crosses above the 200-day SMA, sell when it crosses below lol",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
]

#: Refusals and what each must say is missing.
REFUSALS = [
    ("buy when RSI(14) < 30, sell at 2R", "No stop loss was given"),
    (  # a gap day's open-to-close trade whose entry reads more of the day than its open
        "buy at the open when it gaps down more than 2% and closes above the open, sell at the "
        "close",
        "the rest of the gap day is not known at its open",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    corpus.test_description_is_read_compiled_and_run(text, expect)


@pytest.mark.parametrize(("text", "missing"), REFUSALS)
def test_a_refusal_says_what_is_missing(text, missing):
    u = understand(text)
    assert u.spec is None
    assert missing in u.refusal


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("buy when RSI(14) < 30, sell when RSI(14) > 70 lol", ["'lol'"]),
        ("pls buy when RSI(14) < 30, sell when RSI(14) > 70 thx", ["'pls'", "'thx'"]),
        ("idk if this works but buy when RSI(14) < 30, sell when RSI(14) > 70", ["'idk if"]),
        ("I was thinking maybe buy when RSI(14) < 30 and sell when RSI(14) > 70", ["'I was"]),
    ],
)
def test_chat_is_echoed_as_set_aside(text, quoted):
    u = understand(text)
    set_aside = [a for a in u.assumptions if a.startswith("Set aside")]
    for words in quoted:
        assert any(words in a and "not a trading rule" in a for a in set_aside), set_aside


def test_a_scale_out_at_an_atr_multiple_is_measured_in_atrs():
    u = understand("buy when close crosses above the 50 SMA, sell half at 2x ATR, 3 ATR stop")
    assert u.not_understood == []
    assert (u.spec.scale_out_atr, u.spec.scale_out_pct) == (2.0, None)


def test_r_targets_and_other_symbols_are_stated():
    r = understand("buy when RSI(14) < 30 with a 5% stop loss, target 2R")
    assert "2R read as a target 2 x the 5% stop distance: 10% from the entry" in r.assumptions
    other = understand("buy TLT when SPY drops 2% in a day, sell after 5 days")
    assert other.rules[0] == "Buy when SPY's 1-bar rate of change (ROC(1), %) is at or below -2"
    assert "Test on TLT" in other.rules


# -- references ----------------------------------------------------------------------------------


def roc(close, n):
    close = pd.Series(close)
    return (100 * (close / close.shift(n) - 1)).to_numpy()


class OtherSymbolDrop(Strategy):
    """buy AAPL when MSFT drops 2% in a day, sell when MSFT's RSI(14) is above 60 (MSFT stands in
    for SPY: it is bundled)."""

    def init(self):
        self.drop = self.I(roc, self.data.MSFT_Close, 1)
        self.other_rsi = self.I(rsi, self.data.MSFT_Close, 14)

    def next(self):
        if self.position and self.other_rsi[-1] > 60:
            self.position.close()
        elif not self.position and self.drop[-1] <= -2:
            self.buy(size=0.99)


def test_a_trigger_on_another_symbol_trades_like_the_reference():
    spec, bot = compiled(
        "buy AAPL when MSFT drops 2% in a day, sell when MSFT's RSI(14) is above 60"
    )

    assert spec.symbol == "AAPL" and spec.other_symbols() == ["MSFT"]
    assert shape(spec.entry) == "msft_roc_1 <= -2"
    frame = with_other("AAPL", "MSFT")
    ours = backtest(bot, frame)
    same_trades(ours, backtest(OtherSymbolDrop, frame))
    own = backtest(compiled("buy AAPL when it drops 2% in a day, sell when RSI(14) > 60")[1], frame)
    assert trade_list_of(ours) != trade_list_of(own)  # the other symbol's bars were read


def trade_list_of(stats: pd.Series) -> list[tuple[int, int]]:
    return list(zip(stats["_trades"]["EntryBar"], stats["_trades"]["ExitBar"], strict=True))


class RsiLongShort(Strategy):
    """RSI(14) > 50 long, < 50 short: always in the market, each side closing the other."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        if self.rsi[-1] > 50 and not self.position.is_long:
            self.position.close()
            self.buy(size=0.99)
        elif self.rsi[-1] < 50 and not self.position.is_short:
            self.position.close()
            self.sell(size=0.99)


def test_long_short_on_one_threshold_trades_like_the_reference():
    spec, bot = compiled("rsi > 50 long, < 50 short")

    assert spec.direction == "always_in"
    same_trades(backtest(bot, bars("IBM")), backtest(RsiLongShort, bars("IBM")))


class RsiScaleOutThird(Strategy):
    """buy when RSI(14) < 30, scale out 1/3 at +10%, the rest when RSI > 70."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.scaled = False

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif (
            self.position
            and not self.scaled
            and self.data.Close[-1] >= self.trades[0].entry_price * 1.10
        ):
            self.position.close(1 / 3)
            self.scaled = True
        elif not self.position and self.rsi[-1] < 30:
            self.scaled = False
            self.buy(size=0.99)


def test_scaling_out_a_third_trades_like_the_reference():
    spec, bot = compiled("buy when RSI(14) < 30, scale out 1/3 at +10%, the rest when RSI > 70")

    assert (spec.scale_out_pct, spec.scale_out_fraction) == (10, pytest.approx(1 / 3))
    ours = backtest(bot, bars("AAPL"))
    same_trades(ours, backtest(RsiScaleOutThird, bars("AAPL")))
    assert ours["_trades"]["EntryBar"].duplicated().any()  # a third closed before the rest


class HoldExceptSeptember(Strategy):
    """hold except in September: orders placed the bar before the month changes."""

    def init(self):
        self.next_day = next_dates(self.data.index)

    def next(self):
        day = self.next_day.iloc[len(self.data) - 1]
        if pd.isna(day):
            return
        if self.position and day.month == 9:
            self.position.close()
        elif not self.position and day.month != 9:
            self.buy(size=0.99)


@pytest.mark.parametrize(
    "text", ["hold MSFT except in September", "buy and hold MSFT but stay out in September"]
)
def test_holding_except_a_month_trades_like_the_reference(text):
    _, bot = compiled(text)

    same_trades(backtest(bot, bars("MSFT")), backtest(HoldExceptSeptember, bars("MSFT")))


def atr(high, low, close, n=14):
    high, low, prev = pd.Series(high), pd.Series(low), pd.Series(close).shift(1)
    true_range = np.maximum(high - low, np.maximum((high - prev).abs(), (low - prev).abs()))
    true_range = true_range.fillna(high - low)
    return true_range.ewm(alpha=1 / n, adjust=False, min_periods=n).mean().to_numpy()


class RsiTwoR(Strategy):
    """buy when RSI(14) < 30 with a 5% stop loss, sell at 2R: the target twice the stop's
    distance from the signal bar's close."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and self.rsi[-1] < 30:
            self.buy(size=0.99, sl=close * 0.95, tp=close + 2 * (close - close * 0.95))


class AtrThreeR(Strategy):
    """buy when RSI(14) < 30, stop at 2 ATR, take profit at 3R."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.atr = self.I(atr, self.data.High, self.data.Low, self.data.Close, 14)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and self.rsi[-1] < 30:
            risk = 2 * self.atr[-1]
            self.buy(size=0.99, sl=close - risk, tp=close + 3 * risk)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("buy when RSI(14) < 30 with a 5% stop loss, sell at 2R", RsiTwoR),
        ("buy when RSI(14) < 30, stop at 2 ATR, take profit at 3R", AtrThreeR),
    ],
)
def test_r_targets_trade_like_the_reference(text, reference):
    _, bot = compiled(text)

    same_trades(backtest(bot, bars("GOOG")), backtest(reference, bars("GOOG")))
