"""The offline compiler on two families misread silently before (fix20f): forms that name
both sides ("Direction: long and short", "both", "long/short", "long & short" is both sides, and
the "Long entry:" / "Short entry:" / "Long exit:" / "Short exit:" fields are each side's rules;
never "long only" with the short rules dropped); and a line at its own N-day extreme ("the band
width falls to its lowest level in 120 days": against its own minimum, not the price's), with
"on the next close above X" read as the condition, not a close fill and a one-bar time exit.

Each row of ``CASES`` is what a careful reader takes from the form (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape

FIELDS = (*SETTINGS, "direction", "size_fraction", "entry_fill", "exit_fill")

CASES = [
    # a side field saying both sides, with each side's entry given: stop-and-reverse
    case(
        "Symbol: BA\nDirection: long and short\nLong entry: close crosses above Supertrend(7, 3)"
        "\nShort entry: close crosses below Supertrend(7, 3)\nSizing: 25% of equity",
        entry="close x> supertrend_7_3.line",
        short_entry="close x< supertrend_7_3.line",
        symbol="BA",
        direction="always_in",
        size_fraction=0.25,
    ),
    case(
        "Ticker: MSFT\nSide: both\nLong entry: close crosses above EMA(50)\n"
        "Short entry: close crosses below EMA(50)\nSize: 10% of equity",
        entry="close x> ema_50",
        short_entry="close x< ema_50",
        symbol="MSFT",
        direction="always_in",
        size_fraction=0.1,
    ),
    case(
        "Instrument: NVDA\nTrade direction: long & short\n"
        "Long entry: MACD crosses above its signal line\n"
        "Short entry: MACD crosses below its signal line",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        short_entry="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="NVDA",
        direction="always_in",
        size_fraction=0.99,
    ),
    # each side's exit given too: both sides, each closed by its own exit
    case(
        "Symbol: QQQ\nDirection: long/short\nLong entry: RSI(14) crosses above 30\n"
        "Long exit: RSI(14) crosses above 70\nShort entry: RSI(14) crosses below 70\n"
        "Short exit: RSI(14) crosses below 30",
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        short_entry="rsi_14 x< 70",
        short_exit="rsi_14 x< 30",
        symbol="QQQ",
        direction="both",
        size_fraction=0.99,
    ),
    # one exit on a level that neither entry implies ("ADX < 15" after entries on ADX > 20)
    # is said of neither side: it closes either position, stated
    case(
        "Symbol: SPY\nEntry long: ADX(14) > 20 and close > EMA(50)\n"
        "Entry short: ADX(14) > 20 and close < EMA(50)\nExit: ADX(14) < 15",
        entry="adx_14.adx > 20 & close > ema_50",
        exit="adx_14.adx < 15",
        short_entry="adx_14.adx > 20 & close < ema_50",
        short_exit="adx_14.adx < 15",
        symbol="SPY",
        direction="both",
        says="One exit rule for a long and a short entry: it closes either position",
    ),
    case(
        "long when close > ema(50) and adx(14) > 25, short when close < ema(50) and adx(14) > "
        "25, exit when adx(14) < 20",
        entry="close > ema_50 & adx_14.adx > 25",
        exit="adx_14.adx < 20",
        short_entry="close < ema_50 & adx_14.adx > 25",
        short_exit="adx_14.adx < 20",
        direction="both",
    ),
]


OWN_EXTREMES = [
    # a line falling (rising) to its lowest (highest) in N days: the line against its own N-bar
    # minimum (maximum), never the price's; "on the next close above X" is the condition, filled
    # at the next open, with no time exit
    case(
        "when the band width falls to its lowest level in 120 days, buy on the next close above "
        "the upper band",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_120 & close > bbands_20_2.upper",
        exit="close < bbands_20_2.lower",
        direction="long",
        entry_fill="next_open",
        says="at or below the lowest value it had in the previous 120 bars",
    ),
    case(
        "buy when the ATR(14) falls to its lowest level in 50 days, sell when RSI(14) > 70",
        entry="atr_14 <= atr_14_lowest_50",
        exit="rsi_14 > 70",
        direction="long",
    ),
    case(
        "short when RSI(14) rises to its highest in 30 days, cover when RSI(14) < 40",
        short_entry="rsi_14 >= rsi_14_highest_30",
        short_exit="rsi_14 < 40",
        direction="short",
    ),
    case(
        "buy MSFT on the next close above the 50-day SMA, sell on the next close below the "
        "50-day SMA",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="MSFT",
        direction="long",
        entry_fill="next_open",
        exit_fill="next_open",
    ),
]


PAIRS = [
    # a six-letter currency pair, bare, with a slash or a dash, in a title, a field or a
    # sentence: Yahoo's PAIR=X, the bundled sample's name ("EURUSD") included
    case(
        "EURUSD 1h chart: short when RSI(14) crosses above 70, cover when RSI(14) crosses below 30",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 30",
        symbol="EURUSD=X",
        interval="1h",
        direction="short",
        says="EURUSD is traded as Yahoo's currency pair EURUSD=X",
    ),
    case(
        "GBP/USD 4h: buy when the close crosses above the 50 EMA, sell when it crosses below",
        entry="close x> ema_50",
        exit="close x< ema_50",
        symbol="GBPUSD=X",
        interval="4h",
        direction="long",
    ),
    case(
        "Pair: EUR-JPY\nTimeframe: 1h\nEntry: RSI(14) crosses above 30\n"
        "Exit: RSI(14) crosses above 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        symbol="EURJPY=X",
        interval="1h",
        direction="long",
    ),
    case(
        "AUDUSD swing: buy when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AUDUSD=X",
        direction="long",
        says="AUDUSD is traded as Yahoo's currency pair AUDUSD=X",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES + OWN_EXTREMES + PAIRS)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_side_field_saying_both_reads_as_both_sides_said_in_a_sentence():
    """ "Direction: both" with one side's rules is what "Trade both long and short" reads: the
    short side the mirror of the long one, stated."""
    rules = "Entry: close crosses above SMA(50)\nExit: close crosses below SMA(50)"
    field = understand(f"Direction: both\n{rules}")
    sentence = understand(f"Trade both long and short.\n{rules}")

    assert field.spec is not None and sentence.spec is not None
    assert field.spec.direction == sentence.spec.direction == "both"
    assert rule_shape(field.spec.short_entry) == "close x< sma_50"
    assert field.not_understood == []
    assert any("short on the opposite of the buy rule" in a for a in field.assumptions)
