"""The offline compiler on "always in the market" and stop-and-reverse trading, on a
trend-following line (Supertrend, Parabolic SAR, Heikin-Ashi candles) named without a rule, on a
stop moved to break-even, and on Heikin-Ashi candles' colour.

A Supertrend or SAR named alone ("supertrend(7,2) long only", "parabolic SAR stop and reverse",
"the supertrend flip long/short") is traded on its flips, the documented default stated in the
echo: in on the turn up, out on the turn down; long and short (or "stop and reverse"), each flip
reverses the position. A vague request said short only ("RSI strategy, short only", "short the
supertrend") shorts on the default's sell signal and covers on its buy signal: it used to be read
long only. "Move the stop to breakeven after a 2% gain / once it's up 1 ATR / at +1R" moves
the stop to the entry price once a close is that far beyond it (R: the stop's distance); said
without a distance it is reported. The reversals and break-even stops are checked trade for
trade in test_generation_reference_stop_and_reverse.

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction", "breakeven_pct", "breakeven_atr")
FLIP_UP = "supertrend_10_3.direction x> 0"
FLIP_DOWN = "supertrend_10_3.direction x< 0"
SAR_UP = "psar_0_02_0_2 x< close"
SAR_DOWN = "psar_0_02_0_2 x> close"
HA_GREEN = "heikin_ashi x> 0"
HA_RED = "heikin_ashi x< 0"

CASES = [
    # a Supertrend or SAR named alone: traded on its flips
    case(
        "supertrend(7,2) long only on ETH-USD",
        entry="supertrend_7_2.direction x> 0",
        exit="supertrend_7_2.direction x< 0",
        symbol="ETH-USD",
        direction="long",
        says="No rules were given for the Supertrend",
    ),
    case(
        "supertrend flip long/short on BTC-USD 4h",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        symbol="BTC-USD",
        interval="4h",
        direction="always_in",
        says="each signal reversing the position",
    ),
    case(
        "Supertrend 10/3 stop and reverse on NVDA",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        symbol="NVDA",
        direction="always_in",
    ),
    case(
        "parabolic sar stop and reverse on AAPL",
        entry=SAR_UP,
        short_entry=SAR_DOWN,
        symbol="AAPL",
        direction="always_in",
    ),
    case(
        "psar flip strategy on MSFT, long only",
        entry=SAR_UP,
        exit=SAR_DOWN,
        symbol="MSFT",
        direction="long",
    ),
    case(
        "trade the supertrend flips on SOL-USD 1h with a 3% stop",
        entry=FLIP_UP,
        exit=FLIP_DOWN,
        symbol="SOL-USD",
        interval="1h",
        stop_loss_pct=3.0,
        direction="long",
    ),
    case(
        "supertrend always in the market on QQQ",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        symbol="QQQ",
        direction="always_in",
    ),
    # short only, said of a vague request: never read long only
    case(
        "short the supertrend",
        short_entry=FLIP_DOWN,
        short_exit=FLIP_UP,
        direction="short",
        says="short on the sell signal, cover on the buy signal",
    ),
    case(
        "rsi strategy short only",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 30",
        direction="short",
    ),
    case(
        "macd strategy, short side only on SPY",
        short_entry="macd_12_26_9.macd x< macd_12_26_9.signal",
        short_exit="macd_12_26_9.macd x> macd_12_26_9.signal",
        symbol="SPY",
        direction="short",
    ),
    # long and short on a default whose sell signal is its buy signal's opposite: reversals
    case(
        "macd long and short",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        short_entry="macd_12_26_9.macd x< macd_12_26_9.signal",
        direction="always_in",
    ),
    case(
        "200 sma trend, long/short",
        entry="close > sma_200",
        short_entry="close < sma_200",
        direction="always_in",
    ),
    # the state said on each side, with "long and short" in the middle of two rules
    case(
        "go long when the supertrend flips long and short when it flips short",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        direction="always_in",
    ),
    # "reverse" and "flip" as the verb of the second rule (they were read as "the opposite",
    # joined to the buy rule, and the text refused with nothing reported)
    case(
        "buy when the SAR flips below price and reverse when it flips above",
        entry=SAR_UP,
        short_entry=SAR_DOWN,
        direction="always_in",
    ),
    case(
        "go long on a 20 day high and reverse on a 20 day low",
        entry="close > highest_20",
        short_entry="close < lowest_20",
        direction="always_in",
    ),
    case(
        "reverse long/short on the macd signal cross",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        short_entry="macd_12_26_9.macd x< macd_12_26_9.signal",
        direction="always_in",
    ),
    case(
        "buy when cci crosses above 100 and flip short when it crosses below -100",
        entry="cci_20 x> 100",
        short_entry="cci_20 x< -100",
        direction="always_in",
    ),
    case(
        "short when rsi crosses below 50, flip long when it crosses above 50",
        entry="rsi_14 x> 50",
        short_entry="rsi_14 x< 50",
        direction="always_in",
    ),
    # "flip to short" with the line unsaid is the position's flip; "on red" is the line's
    case(
        "supertrend long, flip to short on red",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        direction="always_in",
    ),
    case(
        "supertrend: buy on green, sell on red",
        entry=FLIP_UP,
        exit=FLIP_DOWN,
        direction="long",
    ),
    # a stop moved to break-even once the trade is that far up (it was reported, not built)
    case(
        "buy when RSI(2) is below 10, sell when RSI(2) is above 70, move the stop to break-even "
        "once up 2%",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        breakeven_pct=2.0,
    ),
    case(
        "buy when the close crosses above the 50-day SMA, with a 5% stop loss moved to breakeven "
        "after a 3% gain",
        entry="close x> sma_50",
        stop_loss_pct=5.0,
        breakeven_pct=3.0,
    ),
    case(
        "buy when RSI(2) < 10, sell when RSI(2) > 90, 4% stop, move stop to breakeven after 2%",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        stop_loss_pct=4.0,
        breakeven_pct=2.0,
    ),
    case(
        "buy on a 20 day high with a 2 ATR stop, move stop to breakeven once it's up 1 ATR",
        entry="close > highest_20",
        atr_stop_multiple=2.0,
        breakeven_atr=1.0,
    ),
    case(
        "buy when the 9 ema crosses above the 21 ema, 3% stop, move the stop to breakeven after "
        "+1R, sell when it crosses below",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        stop_loss_pct=3.0,
        breakeven_pct=3.0,
        says="1R read as 1 x the 3% stop distance",
    ),
    case(
        "short TSLA when rsi crosses above 70 with a 2 ATR stop, cover when it crosses below "
        "30, move stop to b/e at 1.5R",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 30",
        symbol="TSLA",
        atr_stop_multiple=2.0,
        breakeven_atr=3.0,
        direction="short",
    ),
    case(
        "supertrend flip long/short on ETH-USD, 5% stop, move my stop to entry once the trade is "
        "up 3%",
        entry=FLIP_UP,
        short_entry=FLIP_DOWN,
        symbol="ETH-USD",
        stop_loss_pct=5.0,
        breakeven_pct=3.0,
        direction="always_in",
    ),
    # an R with no stop to measure it: reported, saying what is missing
    case(
        "buy when macd crosses above signal, sell when it crosses below, move the stop to "
        "breakeven at +1R",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        not_understood=["move the stop to breakeven at +1R"],
    ),
    # a flip said without its colour: the rule's way, as "crosses" with no direction
    case(
        "buy when sar flips, exit when sar flips",
        entry="close x> psar_0_02_0_2",
        exit="close x< psar_0_02_0_2",
        direction="long",
    ),
    case(
        "short when the heikin ashi flips, cover when it flips",
        short_entry=HA_RED,
        short_exit=HA_GREEN,
        direction="short",
    ),
    case(
        "buy when the supertrend(7,2) flips, sell when it flips",
        entry="supertrend_7_2.direction x> 0",
        exit="supertrend_7_2.direction x< 0",
        direction="long",
    ),
    # Heikin-Ashi candles: their colour, its turns ("the first green ... candle") and its flips
    case(
        "buy on the first green heikin-ashi candle, sell on the first red one",
        entry=HA_GREEN,
        exit=HA_RED,
        direction="long",
    ),
    case(
        "Heiken Ashi strategy on BTC-USD 1h: go long on the first green candle, short on the "
        "first red candle",
        entry=HA_GREEN,
        short_entry=HA_RED,
        symbol="BTC-USD",
        interval="1h",
        direction="always_in",
    ),
    case(
        "buy when the heikin ashi candle is green and the close is above the 200 sma, sell when "
        "it turns red",
        entry="heikin_ashi > 0 & close > sma_200",
        exit=HA_RED,
        direction="long",
    ),
    case(
        "buy when the HA candle is green, sell when rsi > 70",
        entry="heikin_ashi > 0",
        exit="rsi_14 > 70",
        direction="long",
    ),
    case(
        "heikin-ashi flip long only on SPY with a 2% trailing stop",
        entry=HA_GREEN,
        exit=HA_RED,
        symbol="SPY",
        trailing_stop_pct=2.0,
        direction="long",
    ),
    case(
        "heikin ashi long/short",
        entry=HA_GREEN,
        short_entry=HA_RED,
        direction="always_in",
    ),
    case(
        "supertrend flip long only on AAPL with a 3% trailing stop",
        entry=FLIP_UP,
        exit=FLIP_DOWN,
        symbol="AAPL",
        trailing_stop_pct=3.0,
        direction="long",
    ),
    case(
        "long/short supertrend(7,3) on ETH-USD 15m",
        entry="supertrend_7_3.direction x> 0",
        short_entry="supertrend_7_3.direction x< 0",
        symbol="ETH-USD",
        interval="15m",
        direction="always_in",
    ),
    case(
        "stop and reverse on supertrend(10,2) flips, 1h bars, BTC-USD",
        entry="supertrend_10_2.direction x> 0",
        short_entry="supertrend_10_2.direction x< 0",
        symbol="BTC-USD",
        interval="1h",
        direction="always_in",
    ),
    case(
        "trade heikin ashi candles both ways on SOL-USD 4h",
        entry=HA_GREEN,
        short_entry=HA_RED,
        symbol="SOL-USD",
        interval="4h",
        direction="always_in",
    ),
    # a level, then a stop in ATRs after a comma: "70, 2" was read as a list of settings, the
    # level lost (the sell rule became "crosses above 30"; the cover rule unread)
    case(
        "buy when rsi crosses below 30, sell when it crosses above 70, 2 ATR stop",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        atr_stop_multiple=2.0,
    ),
    case(
        "short TSLA when rsi crosses above 70, cover below 30, 2 ATR stop, move stop to b/e at "
        "1.5R",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 < 30",
        symbol="TSLA",
        atr_stop_multiple=2.0,
        breakeven_atr=3.0,
        direction="short",
    ),
    # stop-and-reverse on crossings and channels (already read; kept so)
    case(
        "Donchian 20 breakout long and short, stop and reverse",
        entry="close > highest_20",
        short_entry="close < lowest_20",
        direction="always_in",
    ),
    case(
        "flip long and short on the 9/21 ema crossover on ETH-USD",
        entry="ema_9 x> ema_21",
        short_entry="ema_9 x< ema_21",
        symbol="ETH-USD",
        direction="always_in",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
