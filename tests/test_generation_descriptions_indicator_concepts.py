"""The offline compiler on indicator concepts unseen samples left partial or misread: lines of
channels and clouds, volume and new-extreme lines, bar patterns at a place, concepts Botlab does
not read (reported by name), and a scale-in said alongside the entry.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows name
a concept Botlab does not read: its words are reported with the reason and the closest phrasing
Botlab reads, never read as something else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy

from engine.generation import compile_spec, understand
from engine.generation.spec import StrategySpec

from .generation.corpus import SIDES, case, check_row
from .generation.rules_support import rule_shape
from .generation.support import assert_trades_like_reference, description_of
from .test_generation_indicators import assert_no_look_ahead, functions, ohlcv, same, talib

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "exit_after_bars",
        "size_shares",
        "size_fraction",
        "max_units",
        "symbol",
        "interval",
        "stop_loss_pct",
        "take_profit_pct",
        "direction",
    )
}
#: One unit of three (or two), each of 99% of equity
THIRD, HALF = 0.33, 0.495

CASES = [
    # the Donchian middle line, a line to cross or to hold above
    case(
        "buy SPY when the close crosses above the Donchian middle line, sell when it crosses "
        "back below",
        entry="close x> donchian_mid_20",
        exit="close x< donchian_mid_20",
        symbol="SPY",
        says="Donchian channel 20 bars (the standard)",
    ),
    case(
        "go long QQQ while price holds above the 55-day Donchian midline, exit when it closes "
        "below it",
        entry="close > donchian_mid_55",
        exit="close < donchian_mid_55",
        symbol="QQQ",
    ),
    case(
        "buy SPY when the close crosses above the middle Donchian channel (20), sell when it "
        "crosses below it",
        entry="close x> donchian_mid_20",
        exit="close x< donchian_mid_20",
        symbol="SPY",
    ),
    case(
        "short IWM when close crosses below the Donchian(30) midline, cover after 5 days",
        short_entry="close x< donchian_mid_30",
        exit_after_bars=5,
        symbol="IWM",
        direction="short",
    ),
    # the chandelier exit (the highest high of N bars - k ATR) as a trailing exit, said in a
    # sentence of its own: the sell (cover) rule, never ANDed into the entry
    case(
        "buy NVDA when RSI(14) crosses above 50; use a chandelier stop of 3 ATR from the 22-day "
        "high",
        entry="rsi_14 x> 50",
        exit="close x< chandelier_22_3_22.long",
        symbol="NVDA",
    ),
    case(
        "short TSLA when RSI(14) crosses below 50; use a chandelier stop of 3 ATR from the 22-day "
        "low",
        short_entry="rsi_14 x< 50",
        short_exit="close x> chandelier_22_3_22.short",
        symbol="TSLA",
        direction="short",
    ),
    case(
        "buy MSFT on a 50/200 golden cross, exit with a Chandelier exit 22, 3",
        entry="sma_50 x> sma_200",
        exit="close x< chandelier_22_3_22.long",
        symbol="MSFT",
    ),
    # the Supertrend and the Ichimoku cloud as states (no flip said)
    case(
        "go long IWM when Supertrend(10,3) is long",
        entry="supertrend_10_3.direction > 0",
        exit="supertrend_10_3.direction < 0",
        symbol="IWM",
    ),
    case(
        "buy AAPL when price is above the Ichimoku cloud, sell when price falls inside the cloud",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_top",
        symbol="AAPL",
    ),
    # the squeeze (the Bollinger Bands inside the Keltner channels) and its release ("outside")
    case(
        "buy GLD when the Bollinger Bands are inside the Keltner Channel, sell after 10 days",
        entry="squeeze > 0",
        exit_after_bars=10,
        symbol="GLD",
    ),
    case(
        "buy QQQ when Bollinger Bands(20,2) move outside the Keltner Channel(20,1.5) and close "
        "above the upper band, sell after 10 days",
        entry="squeeze[-1] > 0 & squeeze <= 0 & close > bbands_20_2.upper",
        exit_after_bars=10,
        symbol="QQQ",
        says="read as: a squeeze on the previous bar and none on this one",
    ),
    case(
        "short IWM when the bollinger bands expand outside of the keltner channels and the close "
        "is below the 20 SMA, cover after 5 days",
        short_entry="squeeze[-1] > 0 & squeeze <= 0 & close < sma_20",
        exit_after_bars=5,
        symbol="IWM",
        direction="short",
    ),
    # volume in shorthand ("vol"), a spike said as a verb with its line, new extremes of a line
    case(
        "buy TSLA when vol > 2x its 20-day average and close > open, exit after 5 bars",
        entry="volume > volume_sma_20*2 & close > open",
        exit_after_bars=5,
        symbol="TSLA",
    ),
    case(
        "buy QQQ when vol is more than 3 times the 50 day average volume, sell when RSI > 70",
        entry="volume > volume_sma_50*3",
        exit="rsi_14 > 70",
        symbol="QQQ",
    ),
    case(
        "buy AMD when vol > 1.5x avg vol and price > 20 ema, sell after 3 days",
        entry="volume > volume_sma_20*1.5 & close > ema_20",
        exit_after_bars=3,
        symbol="AMD",
    ),
    case(  # the line the spike passes is said: never the default 20 bars, nor the close's
        "buy SPY when volume spikes above twice its 50-day average, exit after 2 days",
        entry="volume > volume_sma_50*2",
        exit_after_bars=2,
        symbol="SPY",
    ),
    case(
        "buy SPY when vol spikes above twice its 50-day average, exit after 2 days",
        entry="volume > volume_sma_50*2",
        exit_after_bars=2,
        symbol="SPY",
    ),
    case(
        "short SPY on a vol spike below the 20 SMA, cover after 3 days",
        short_entry="volume > volume_sma_20*2 & close < sma_20",
        exit_after_bars=3,
        symbol="SPY",
        direction="short",
        says="'vol spike' read as volume above twice its average",
    ),
    case(
        "buy SPY when OBV makes a new 20-day high, exit after 10 days",
        entry="obv > obv_highest_20",
        exit_after_bars=10,
        symbol="SPY",
    ),
    case(
        "buy SPY when RSI is at a 10-day low, sell when RSI is at a 10-day high",
        entry="rsi_14 <= rsi_14_lowest_10",
        exit="rsi_14 >= rsi_14_highest_10",
        symbol="SPY",
    ),
    # bar patterns in a row (the pattern on each bar) and at a place
    case(
        "buy QQQ after two inside bars in a row, exit after 3 days",
        entry="inside_bar[-1] > 0 & inside_bar > 0",
        exit_after_bars=3,
        symbol="QQQ",
    ),
    case(
        "buy SPY after 2 consecutive dojis, sell after 5 days",
        entry="doji[-1] > 0 & doji > 0",
        exit_after_bars=5,
        symbol="SPY",
    ),
    case(
        "short TSLA after two bearish engulfing candles in a row, cover after 2 days",
        short_entry="bearish_engulfing[-1] > 0 & bearish_engulfing > 0",
        exit_after_bars=2,
        symbol="TSLA",
        direction="short",
    ),
    case(
        "buy SPY on a hammer at a 20-day low, sell after 5 days",
        entry="hammer > 0 & low < lowest_20",
        exit_after_bars=5,
        symbol="SPY",
    ),
    case(
        "three higher closes then buy TSLA, exit after 4 bars",
        entry="3 up closes",
        exit_after_bars=4,
        symbol="TSLA",
    ),
    case(  # a pattern at a band: its bar reaches the band (the wick), as at a 20-day low
        "buy GLD on a bullish engulfing candle at the lower Bollinger band, sell at the middle "
        "band",
        entry="bullish_engulfing > 0 & low <= bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="GLD",
        says="read as the pattern bar's low at or below the lower band",
    ),
    case(
        "short QQQ on a shooting star at the upper Keltner channel, cover at the middle line",
        short_entry="shooting_star > 0 & high >= keltner_20_2_10.upper",
        short_exit="close <= keltner_20_2_10.middle",
        symbol="QQQ",
        direction="short",
    ),
    case(  # an inside bar's place is the first bar's, which the later bar lies inside
        "buy SPY on an inside bar at the lower band, sell after 5 days",
        entry="inside_bar > 0 & low[-1] <= bbands_20_2.lower[-1]",
        exit_after_bars=5,
        symbol="SPY",
    ),
    # a scale-in said alongside the entry: the add rule (checked only while holding) is its own;
    # an exit that refers back ("the cross back") means the entry's lines, never the add's
    case(
        "buy QQQ when the 10 EMA crosses above the 30 EMA, add to the position when RSI drops "
        "below 40, sell on the cross back",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        add_on="rsi_14 x< 40",
        max_units=3,
        size_fraction=THIRD,
        symbol="QQQ",
    ),
    case(
        "short SPY when the 20 SMA crosses below the 50 SMA, add a unit when RSI rises above 60, "
        "cover when they cross back",
        short_entry="sma_20 x< sma_50",
        short_exit="sma_20 x> sma_50",
        add_on="rsi_14 x> 60",
        max_units=3,
        size_fraction=THIRD,
        symbol="SPY",
        direction="short",
    ),
    case(
        "buy AAPL when RSI(14) < 30, add on a pullback to the 20 EMA, at most twice, sell when "
        "RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        add_on="close > ema_20 & low <= ema_20",
        max_units=3,
        size_fraction=THIRD,
        symbol="AAPL",
        says="At most 2 adds read as 3 units in all",
    ),
    case(
        "buy SPY when close > SMA(50), add a unit on each new 20-day high, max once, exit below "
        "the SMA(50)",
        entry="close > sma_50",
        exit="close < sma_50",
        add_on="close > highest_20",
        max_units=2,
        size_fraction=HALF,
        symbol="SPY",
    ),
    # "it closes higher" is the close, whatever line "it" named last (an average never closes)
    case(
        "buy half at the golden cross on SPY, the other half if it closes higher, sell on the "
        "death cross",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        add_on="close > close[-1]",
        max_units=2,
        size_fraction=HALF,
        symbol="SPY",
    ),
    case(
        "buy SPY when the 20 SMA crosses above the 50 SMA, add a unit when it closes higher, sell "
        "after 5 days",
        entry="sma_20 x> sma_50",
        add_on="close > close[-1]",
        max_units=3,
        size_fraction=THIRD,
        exit_after_bars=5,
        symbol="SPY",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS, (*SIDES, "add_on"))


def test_an_add_rule_adds_only_while_holding():
    spec = understand(next(c.values[0] for c in CASES if "add to the position" in c.values[0])).spec

    assert "elif self.position and add_signal" in compile_spec(spec)


DIVERGENCE = "A divergence is read on RSI only"
CHART_PATTERN = "Chart patterns drawn across several swings"
ELLIOTT = "Elliott wave counts are not read"
ZONES = "Support and resistance zones drawn on the chart are not read"

REPORTED = [  # (text, words reported back, a reason Botlab gives, the rule still read or None)
    (
        "buy SPY on a bullish MACD divergence, sell after 10 days",
        "on a bullish MACD divergence",
        DIVERGENCE,
        None,
    ),
    (
        "buy SPY on MACD bullish divergence, sell after 10 days",
        "on MACD bullish divergence",
        DIVERGENCE,
        None,
    ),
    (
        "buy SPY on a bearish OBV divergence or RSI < 30, sell after 10 days",
        "on a bearish OBV divergence",
        DIVERGENCE,
        "rsi_14 < 30",
    ),
    (
        "short QQQ when a head and shoulders pattern forms, cover after 5 days",
        "when a head and shoulders pattern forms",
        CHART_PATTERN,
        None,
    ),
    (
        "buy IWM on an inverse head and shoulders or when RSI(2) < 10, sell after 5 days",
        "on an inverse head and shoulders",
        CHART_PATTERN,
        "rsi_2 < 10",
    ),
    ("buy MSFT on an Elliott wave 3, exit after 20 days", "on an Elliott wave 3", ELLIOTT, None),
    (
        "buy GLD at the start of Elliott wave 3 or when the 20 EMA crosses above the 50 EMA, "
        "sell after 20 days",
        "at the start of Elliott wave 3",
        ELLIOTT,
        "ema_20 x> ema_50",
    ),
    ("buy TSLA at support zones and sell at resistance zones", "at support zones", ZONES, None),
    ("buy NVDA at support, sell at resistance", "at support", ZONES, None),
    (
        "buy SPY when RSI(14) < 30 near support, sell after 5 days",
        "near support",
        ZONES,
        "rsi_14 < 30",
    ),
]


@pytest.mark.parametrize(("text", "words", "why", "still"), REPORTED, ids=lambda v: str(v)[:50])
def test_a_concept_botlab_does_not_read_is_reported_by_name(
    text: str, words: str, why: str, still: str | None
):
    u = understand(text)

    assert words in u.not_understood
    assert any(why in p for p in u.problems), u.problems
    if still is None:  # no entry is left: refused, never read as another rule
        assert u.spec is None and u.refusal
    else:
        assert rule_shape(u.spec.entry) == still


def test_a_squeeze_with_other_settings_is_reported_never_built_with_its_own():
    u = understand(
        "buy SPY when the Bollinger Bands (20, 2.5) move outside the Keltner channels or RSI(2) "
        "< 10, sell after 5 days"
    )

    assert u.not_understood == [
        "when the Bollinger Bands (20, 2.5) move outside the Keltner channels"
    ]
    assert rule_shape(u.spec.entry) == "rsi_2 < 10"


def test_a_count_of_a_pattern_said_without_in_a_row_is_reported():
    u = understand("buy SPY after two inside bars, sell after 3 days")

    assert u.not_understood == ["after two"]


@pytest.mark.parametrize(
    "text",
    [
        "buy AAPL on RSI bullish divergence, exit when RSI > 70",
        "buy when a bullish divergence on RSI appears and MACD > 0, sell after 5 days",
    ],
)
def test_an_rsi_divergence_is_still_read(text: str):
    u = understand(text)

    assert "rsi_bullish_divergence" in rule_shape(u.spec.entry), u.not_understood
    assert not u.problems


class DonchianMidlineCross(Strategy):
    """buy when the close crosses above the Donchian middle line (20), sell when it crosses
    below it: the middle line is (highest high + lowest low) / 2 of the last 20 bars, this one
    included (TA-Lib's MIDPRICE, TradingView's Donchian basis); a cross is the close below it on
    the bar before and above it on this one; 99% of equity, filled at the next open."""

    def init(self):
        high, low = pd.Series(self.data.High), pd.Series(self.data.Low)
        middle = (high.rolling(20).max() + low.rolling(20).min()) / 2
        self.middle = self.I(lambda: middle.to_numpy(), name="middle")

    def next(self):
        close, middle = self.data.Close, self.middle
        if len(close) < 2 or np.isnan(middle[-2]):
            return
        if not self.position and close[-2] < middle[-2] and close[-1] > middle[-1]:
            self.buy(size=0.99)
        elif self.position and close[-2] > middle[-2] and close[-1] < middle[-1]:
            self.position.close()


def test_the_donchian_middle_line_trades_like_the_reference():
    assert_trades_like_reference(DonchianMidlineCross, "AAPL")


def test_the_donchian_middle_line_is_talibs_midprice_and_never_looks_ahead():
    _, h, lo, _, _ = ohlcv("AAPL")
    spec = understand(description_of(DonchianMidlineCross)).spec

    assert "midpoint(" in compile_spec(spec)
    for n in (20, 55):
        same(functions("midpoint")["midpoint"](h, lo, n), talib.MIDPRICE(h, lo, n))
    assert_no_look_ahead("midpoint", ("h", "lo", 20))
