"""The offline compiler on fresh descriptions (issue 10, helper fresh13a): indicator and
oscillator phrasings, candle colours and pattern breaks, compound exits said as a trade's loss or
gain ("bail if it's down 6%", "or I'm up 20%"), crossovers with their lengths after the name,
one-bar moves said as nouns or signed ("a two percent drop", "-3% vs yesterday"), margins ("above
the 20 SMA by more than 5%"), and tolerance (sign-offs, filter titles, "exit only when").

Each row states what a careful reader takes from the sentence (the notation of
``tests/generation/rules_support.py``) and the words reported back; every accepted row is
compiled and backtested on bundled data by ``check_reading``. ``IMPOSSIBLE`` rows are readings
that could never trade (two parts of one rule contradict each other on the same bar): they are
refused with the contradiction named, never run. ``REFERENCES`` are the trade-for-trade checks
of the new readings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy

from engine.generation import understand
from engine.generation._trader_indicator_code import FUNCTIONS

from .generation.support import bars, description_of
from .test_generation_descriptions_rules import case, check_reading, refused
from .test_generation_rules import backtest, compiled, same_trades, sma

CASES = [
    case(
        "Long when MACD crosses above signal. Exit only when MACD is below signal AND RSI is "
        "below 50.",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd < macd_12_26_9.signal & rsi_14 < 50",
    ),
    case(
        "buy when rsi < 30, sell only if rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "short when rsi > 70; cover only once rsi < 40",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 40",
        direction="short",
    ),
    case(
        "go long when rsi(7) crosses up through 30; bail if it's down 6% or close < 50 sma, "
        "take profit at 12%",
        entry="rsi_7 x> 30",
        exit="close < sma_50",
        stop_loss_pct=6.0,
        take_profit_pct=12.0,
    ),
    case(
        "buy when rsi < 30; sell if it's down 6% or rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=6.0,
    ),
    case(
        "Enter long on a 20-day high breakout. Get out if price closes under the 10-day low or "
        "the trade is down 8%.",
        entry="close > highest_20",
        exit="close < lowest_10",
        stop_loss_pct=8.0,
    ),
    case(
        "buy when rsi < 30; exit when I'm up 20%",
        entry="rsi_14 < 30",
        take_profit_pct=20.0,
    ),
    case(
        "buy when rsi < 30; sell if down 6% from entry",
        entry="rsi_14 < 30",
        stop_loss_pct=6.0,
    ),
    case(
        "Fade extremes: long when Williams %R(21) hits -95, get out as soon as it's back above "
        "-50 or the position loses 4%",
        entry="willr_21 <= -95",
        exit="willr_21 > -50",
        stop_loss_pct=4.0,
    ),
    case(
        "get in when the 10 sma goes above the 20 sma and both are above the 50 sma, get out "
        "when the 10 sma goes under the 20",
        entry="sma_10 x> sma_20 & (sma_10 > sma_50 & sma_20 > sma_50)",
        exit="sma_10 x< sma_20",
    ),
    case(
        "buy when the 20 ema crosses above the 50, sell when it crosses below",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
    ),
    case(
        "buy when the 9 ema is above the 21 and rsi > 50, sell when the 9 ema is below the 21",
        entry="ema_9 > ema_21 & rsi_14 > 50",
        exit="ema_9 < ema_21",
    ),
    case(
        "EURUSD: buy when ema 50 > ema 200 and rsi crosses above 40, exit when rsi hits 75",
        entry="ema_50 > ema_200 & rsi_14 x> 40",
        exit="rsi_14 >= 75",
        symbol="EURUSD=X",
    ),
    case(
        "buy when rsi crosses above 50, sell when it hits 40",
        entry="rsi_14 x> 50",
        exit="rsi_14 <= 40",
    ),
    case(
        "buy when cci 20 < -100 & wr 14 < -80 ; exit cci > 0",
        entry="cci_20 < -100 & willr_14 < -80",
        exit="cci_20 > 0",
    ),
    case(
        "buy when W%R(10) < -90, sell when w%r > -30",
        entry="willr_10 < -90",
        exit="willr_10 > -30",
    ),
    case(
        "buy when rsi < 30 and foo(10) > 3, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        not_understood=["foo(10) > 3"],
    ),
    case(
        "If the +DI is over the -DI by more than 10 points, buy. Exit when -DI crosses above +DI.",
        entry="adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.minus_di x> adx_14.plus_di",
        not_understood=["by more than 10 points"],
    ),
    case(
        "buy when +DI is above -DI by 10, sell when -DI is above +DI",
        entry="adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.minus_di > adx_14.plus_di",
        not_understood=["by 10"],
    ),
    case(
        "buy when the close is below the 50 ema by at least 3%, sell when the close is above "
        "the 50 ema",
        entry="close <= ema_50*0.97",
        exit="close > ema_50",
    ),
    case(
        "short when price is above the 20 day sma by over 4%; cover when it's below the sma",
        short_entry="close > sma_20*1.04",
        short_exit="close < sma_20",
        direction="short",
    ),
    case(
        "buy when the close is above the 20 sma by more than 5%, sell when the close is below "
        "the 20 sma",
        entry="close > sma_20*1.05",
        exit="close < sma_20",
    ),
    case(
        "moving average crossover 8 and 34 on BTC-USD, long only, with a 5% trailing stop",
        entry="sma_8 x> sma_34",
        exit="sma_8 x< sma_34",
        symbol="BTC-USD",
        trailing_stop_pct=5.0,
    ),
    case(
        "ema crossover 9 21",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "sma crossover 10,30 on SPY",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        symbol="SPY",
    ),
    case(
        "moving average crossover (8, 34)",
        entry="sma_8 x> sma_34",
        exit="sma_8 x< sma_34",
    ),
    case(
        "Inside bar breakout: buy when price breaks the high of an inside bar, stop at the low "
        "of the inside bar, sell after 5 days.",
        entry="close > high[-1] & inside_bar[-1] > 0",
        exit_after_bars=5,
        not_understood=["stop at the low of the inside bar"],
    ),
    case(
        "short when the close breaks the low of the hammer, cover after 3 days",
        short_entry="close < low[-1] & hammer[-1] > 0",
        exit_after_bars=3,
        direction="short",
    ),
    case(
        "Long after 3 red candles in a row, exit after 2 green candles",
        entry="close[-2] < open[-2] & close[-1] < open[-1] & close < open",
        exit="close[-1] > open[-1] & close > open",
    ),
    case(
        "buy after three consecutive red bars, sell after 5 days",
        entry="close[-2] < open[-2] & close[-1] < open[-1] & close < open",
        exit_after_bars=5,
    ),
    case(
        "Long if close is -3% vs yesterday, exit +2% from entry",
        entry="roc_1 <= -3",
        take_profit_pct=2.0,
    ),
    case(
        "Buy after a drop of -5% in one day, sell when up +3%",
        entry="roc_1 <= -5",
        take_profit_pct=3.0,
    ),
    case(
        "Buy on a two percent drop, sell after five days",
        entry="roc_1 <= -2",
        exit_after_bars=5,
    ),
    case(
        "buy when the stock is down 3% from yesterday's close, sell after 2 days",
        entry="roc_1 <= -3",
        exit_after_bars=2,
    ),
    case(
        "short after a 4% pop, cover after 3 days",
        short_entry="roc_1 >= 4",
        exit_after_bars=3,
        direction="short",
    ),
    case(
        "buy when price is +2% versus the prior close, sell after 1 day",
        entry="roc_1 >= 2",
        exit_after_bars=1,
    ),
    case(
        "buy when rsi < 30, sell -4% from entry or +8% from entry",
        entry="rsi_14 < 30",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    case(
        "buy when rsi < 30; exit -5% from the entry price",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when close is above previous day high, sell when close is below previous day low",
        entry="close > high[-1]",
        exit="close < low[-1]",
    ),
    case(
        "buy on the 12/26 MACD bullish cross, sell on bearish cross",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy on the MACD(12,26,9) bullish crossover, sell on the bearish one",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy on the 8/17/9 macd bullish crossover, sell on the bearish crossover",
        entry="macd_8_17_9.macd x> macd_8_17_9.signal",
        exit="macd_8_17_9.macd x< macd_8_17_9.signal",
    ),
    case(
        "buy when the psar dot moves below price, sell when it flips above",
        entry="psar_0_02_0_2 x< close",
        exit="psar_0_02_0_2 x> close",
    ),
    case(
        "buy when the SAR dots are below the price, sell when the dots are above the price",
        entry="psar_0_02_0_2 < close",
        exit="psar_0_02_0_2 > close",
    ),
    case(
        "Ichimoku cloud breakout: long when close above both senkou span A and span B, exit "
        "below span B",
        entry="close > ichimoku_9_26_52.span_a & close > ichimoku_9_26_52.span_b",
        exit="close < ichimoku_9_26_52.span_b",
    ),
    case(
        "buy when close is above senkou span A and senkou span B, sell when close is below span B",
        entry="close > ichimoku_9_26_52.span_a & close > ichimoku_9_26_52.span_b",
        exit="close < ichimoku_9_26_52.span_b",
    ),
    case(
        "buy when the close is above both the 50 sma and the 200 sma, sell when the close is "
        "below the 50 sma",
        entry="close > sma_50 & close > sma_200",
        exit="close < sma_50",
    ),
    case(
        "buy when the close is below the kijun and the tenkan, sell after 5 days",
        entry="close < ichimoku_9_26_52.kijun & close < ichimoku_9_26_52.tenkan",
        exit_after_bars=5,
    ),
    case(
        "Trend filter: only take longs if the 14-day ADX is over 20. Entry: close above the 50 "
        "day SMA. Exit: close below it.",
        entry="close > sma_50 & adx_14.adx > 20",
        exit="close < sma_50",
    ),
    case(
        "Stay long while the 20 EMA is above the 50 EMA and close the position the first day it "
        "isn't",
        entry="ema_20 > ema_50",
        exit="ema_20 < ema_50",
    ),
    case(
        "buy while rsi > 50, sell once it's not",
        entry="rsi_14 > 50",
        exit="rsi_14 < 50",
    ),
    case(
        "Volatility filter: ATR(14)/close under 1.5%, entry on RSI(2) < 10, exit RSI(2) > 70",
        entry="rsi_2 < 10 & atr_pct_14 < 1.5",
        exit="rsi_2 > 70",
    ),
    case(
        "ADX filter: ADX(14) > 25. Buy when close crosses above 20 ema, sell on the cross below",
        entry="close x> ema_20 & adx_14.adx > 25",
        exit="close x< ema_20",
    ),
    case(
        "Dear friend, buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "Hi all, first post here. My setup: CCI(50) above 100 and OBV above its 50-day EMA, "
        "then I go long. I exit when CCI falls back under zero or I'm up 20%.",
        entry="cci_50 > 100 & obv > obv_ema_50",
        exit="cci_50 x< 0",
        take_profit_pct=20.0,  # "first post here" is set aside and echoed (an aside)
    ),
    case(
        "Go long on a morning star pattern, take profit at 6%, stop at 3%.",
        entry="morning_star > 0",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    case(
        "If three white soldiers appear, buy. Sell when three black crows appear.",
        entry="three_white_soldiers > 0",
        exit="three_black_crows > 0",
    ),
    case(
        "Bearish harami -> sell short, cover on a bullish harami",
        short_entry="bearish_harami > 0",
        short_exit="bullish_harami > 0",
        direction="short",
    ),
    case(
        "piercing line pattern on SPY daily - buy, 4% target, 2% stop",
        entry="piercing_line > 0",
        symbol="SPY",
        stop_loss_pct=2.0,
        take_profit_pct=4.0,
        interval="1d",
    ),
    case(
        "short on an evening star, cover on a morning star",
        short_entry="evening_star > 0",
        short_exit="morning_star > 0",
        direction="short",
    ),
    case(
        "buy on a piercing pattern, sell on dark cloud cover",
        entry="piercing_line > 0",
        exit="dark_cloud_cover > 0",
    ),
    case("buy when rsi < 30, sell as soon as rsi > 50", entry="rsi_14 < 30", exit="rsi_14 > 50"),
    case(
        "buy on a doji after three down days, sell when close is above previous day high",
        entry="doji > 0 & close[-3] < close[-4] & close[-2] < close[-3] & close[-1] < close[-2]",
        exit="close > high[-1]",
    ),
    case(
        "short a shooting star after 4 up days in a row, cover after 3 days",
        short_entry="shooting_star > 0 & close[-4] > close[-5] & close[-3] > close[-4] & "
        "close[-2] > close[-3] & close[-1] > close[-2]",
        exit_after_bars=3,
        direction="short",
    ),
    case(
        "SPY 15m, buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        interval="15m",
    ),
    case(
        "CCI crosses above zero = long, crosses below zero = flat, SPY, 1 day",
        entry="cci_20 x> 0",
        exit="cci_20 x< 0",
        symbol="SPY",
        interval="1d",
    ),
    case(
        "Using the 50 ema: buy when the close crosses above it, sell when the close crosses "
        "below it",
        entry="close x> ema_50",
        exit="close x< ema_50",
    ),
    case(
        "Watch the 200 day average and only buy when price is above it. Buy when RSI 14 goes "
        "below 40, sell when RSI is over 60",
        entry="rsi_14 x< 40 & close > sma_200",
        exit="rsi_14 > 60",
        # "Watch" carries no rule: set aside, stated (test_generation_descriptions_framing_words)
    ),
    case(
        "Buy when there's a bullish engulfing and the close is above the 200 day moving "
        "average. Sell when the close crosses below the 20 EMA or after 8 days.",
        entry="bullish_engulfing > 0 & close > sma_200",
        exit="close x< ema_20",
        exit_after_bars=8,
    ),
    case(
        "when the 10 ema crosses over the 30, buy; when it drops back under the 30, sell",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
    ),
    case(
        "buy when rsi crosses above 30, sell when it drops back under the 30",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 30",
    ),
    case(
        "buy when QQQ is -2% vs the previous close, take profit +3% from entry, stop -2% from "
        "entry",
        entry="roc_1 <= -2",
        symbol="QQQ",
        stop_loss_pct=2.0,
        take_profit_pct=3.0,
    ),
    case(
        "enter long after a 1.5% pop in one day, exit after 3 days",
        entry="roc_1 >= 1.5",
        exit_after_bars=3,
    ),
    case(
        "Hi team, could you backtest this for me - long when price is above the twenty day "
        "moving average, exit when below. Cheers, Mark",
        entry="close > sma_20",
        exit="close < sma_20",
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70. Thanks, Bob",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70. Best, AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        not_understood=["Best"],
    ),
    case(
        "Buy when teh 50 day movng average crosses abve the 200 day one, sell on the oposite",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    refused(
        "lng SPY on rsi2<10, xit rsi2>90, sl 3%, tp 5%",
        ["lng", "xit"],
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


IMPOSSIBLE = [
    (
        "lng SPY on rsi2<10, xit rsi2>90, sl 3%, tp 5%",
        "RSI(2) is below 10 and RSI(2) is above 90",
    ),
    ("buy when rsi < 30 and rsi > 50", "RSI(14) is below 30 and RSI(14) is above 50"),
    (
        "buy when macd crosses above signal and macd is below signal",
        "the MACD line (12, 26, 9) crosses above the MACD signal line (12, 26, 9) and the MACD "
        "line (12, 26, 9) is below the MACD signal line (12, 26, 9)",
    ),
    (
        "buy when close > sma 20 and close < sma 20, sell after 5 days",
        "the close is above SMA(20) and the close is below SMA(20)",
    ),
]


@pytest.mark.parametrize(("text", "said"), IMPOSSIBLE)
def test_a_rule_that_can_never_be_true_is_refused_naming_the_contradiction(text, said):
    u = understand(text)

    assert u.spec is None
    assert u.refusal.startswith(f"The buy rule as read can never be true: {said}, on the same bar")


@pytest.mark.parametrize(
    "text",
    [
        "buy when rsi > 30 and rsi < 70, sell when rsi > 80",
        "buy when rsi crosses below 30 and rsi > 20, sell when rsi > 50",
        "buy when rsi >= 50 and rsi <= 50, sell when rsi > 70",
    ],
)
def test_a_rule_that_can_be_true_is_not_refused(text):
    assert understand(text).spec is not None


class RedCandles(Strategy):
    """Long after 3 red candles in a row, exit after 2 green candles: a red candle closes below
    its open, a green one above it."""

    def init(self):
        pass

    def next(self):
        close, open_ = self.data.Close, self.data.Open
        if len(close) < 3:
            return
        red = all(close[-k] < open_[-k] for k in (1, 2, 3))
        green = all(close[-k] > open_[-k] for k in (1, 2))
        if self.position and green:
            self.position.close()
        elif not self.position and red:
            self.buy(size=0.99)


class AboveByMoreThan(Strategy):
    """buy when the close is above the 20 sma by more than 5%, sell when the close is below the
    20 sma: the close above 1.05 x SMA(20)."""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close < self.sma[-1]:
            self.position.close()
        elif not self.position and close > self.sma[-1] * 1.05:
            self.buy(size=0.99)


class TwoPercentDrop(Strategy):
    """Buy on a two percent drop, sell after five days: the close at least 2% below the
    previous close (ROC(1) <= -2), held 5 bars."""

    def init(self):
        pass

    def next(self):
        if len(self.data) < 2:
            return
        trade = self.trades[0] if self.trades else None
        if trade is not None and len(self.data) - 1 - trade.entry_bar >= 4:
            self.position.close()  # placed on bar e + 4, filled at the open of bar e + 5
        elif trade is None and self.data.Close[-1] <= self.data.Close[-2] * 0.98:
            self.buy(size=0.99)


REFERENCES = [
    (RedCandles, "AAPL"),
    (AboveByMoreThan, "MSFT"),
    (TwoPercentDrop, "GOOG"),
]


@pytest.mark.parametrize(
    ("reference", "symbol"), REFERENCES, ids=lambda r: getattr(r, "__name__", r)
)
def test_fresh_readings_trade_like_the_reference(reference, symbol):
    text = description_of(reference)
    _, bot = compiled(text)

    same_trades(backtest(bot, bars(symbol)), backtest(reference, bars(symbol)))


def test_the_references_read_the_rule_a_careful_programmer_would():
    rules = {ref.__name__: understand(description_of(ref)).rules for ref, _ in REFERENCES}
    assert rules["RedCandles"][0].startswith("Buy when the close 2 bars earlier is below the open")
    assert rules["AboveByMoreThan"][0] == "Buy when the close is above SMA(20) + 5%"
    assert rules["TwoPercentDrop"][0].startswith("Buy when the 1-bar rate of change")


# -- the two- and three-bar candlestick patterns, against loops written from their definitions --


def _pattern_loop(kind: str, o, h, lo, c) -> list[float]:
    """Each bar's pattern flag, bar by bar, from the definition the echo states."""
    out = []
    for i in range(len(c)):
        if i < 2:
            out.append(
                1.0 if kind in _TWO_BAR and i == 1 and _TWO_BAR[kind](o, h, lo, c, i) else 0.0
            )
            continue
        test = _TWO_BAR.get(kind) or _THREE_BAR[kind]
        out.append(1.0 if test(o, h, lo, c, i) else 0.0)
    return out


def _up(o, c, i):
    return c[i] > o[i]


def _down(o, c, i):
    return c[i] < o[i]


_TWO_BAR = {
    "bullish_harami": lambda o, h, lo, c, i: (
        _down(o, c, i - 1) and _up(o, c, i) and o[i] > c[i - 1] and c[i] < o[i - 1]
    ),
    "bearish_harami": lambda o, h, lo, c, i: (
        _up(o, c, i - 1) and _down(o, c, i) and o[i] < c[i - 1] and c[i] > o[i - 1]
    ),
    "piercing_line": lambda o, h, lo, c, i: (
        _down(o, c, i - 1)
        and _up(o, c, i)
        and o[i] < lo[i - 1]
        and (o[i - 1] + c[i - 1]) / 2 < c[i] < o[i - 1]
    ),
    "dark_cloud_cover": lambda o, h, lo, c, i: (
        _up(o, c, i - 1)
        and _down(o, c, i)
        and o[i] > h[i - 1]
        and o[i - 1] < c[i] < (o[i - 1] + c[i - 1]) / 2
    ),
}
_THREE_BAR = {
    "morning_star": lambda o, h, lo, c, i: (
        _down(o, c, i - 2)
        and abs(c[i - 1] - o[i - 1]) <= (o[i - 2] - c[i - 2]) / 2
        and max(o[i - 1], c[i - 1]) < c[i - 2]
        and _up(o, c, i)
        and c[i] > (o[i - 2] + c[i - 2]) / 2
    ),
    "evening_star": lambda o, h, lo, c, i: (
        _up(o, c, i - 2)
        and abs(c[i - 1] - o[i - 1]) <= (c[i - 2] - o[i - 2]) / 2
        and min(o[i - 1], c[i - 1]) > c[i - 2]
        and _down(o, c, i)
        and c[i] < (o[i - 2] + c[i - 2]) / 2
    ),
    "three_white_soldiers": lambda o, h, lo, c, i: (
        all(_up(o, c, i - k) for k in range(3))
        and all(c[j] > c[j - 1] and c[j - 1] >= o[j] >= o[j - 1] for j in (i - 1, i))
    ),
    "three_black_crows": lambda o, h, lo, c, i: (
        all(_down(o, c, i - k) for k in range(3))
        and all(c[j] < c[j - 1] and c[j - 1] <= o[j] <= o[j - 1] for j in (i - 1, i))
    ),
}


@pytest.mark.parametrize("kind", [*_TWO_BAR, *_THREE_BAR])
def test_candlestick_patterns_match_their_stated_definitions(kind):
    namespace: dict = {"np": np, "pd": pd}
    exec(FUNCTIONS[kind][0], namespace)
    function = namespace[kind]
    found = 0
    for symbol in ("AAPL", "MSFT", "IBM", "GOOG"):
        frame = bars(symbol)
        o, h, lo, c = (frame[k].to_numpy(dtype=float) for k in ("Open", "High", "Low", "Close"))
        args = (o, h, lo, c) if kind in ("piercing_line", "dark_cloud_cover") else (o, c)
        ours = function(*args)
        np.testing.assert_array_equal(ours, _pattern_loop(kind, o, h, lo, c))
        found += int(ours.sum())
    assert found >= 3  # the pattern occurs on the bundled bars


@pytest.mark.parametrize(
    ("text", "bar"),
    [
        ("buy on a bullish harami, sell after 3 days", "a bullish harami"),
        ("Go long on a morning star pattern, take profit at 6%, stop at 3%.", "a morning star"),
        ("If three white soldiers appear, buy. Sell after 5 days", "a three-white-soldiers bar"),
    ],
)
def test_a_pattern_rule_states_its_definition(text, bar):
    rules = understand(text).rules
    assert rules[0].startswith(f"Buy when this bar is {bar} (")
