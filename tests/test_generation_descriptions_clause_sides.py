"""The offline compiler on which side and which rule a clause belongs to, a family misread
silently before: an exit verb with the position as its object, in any person and tense ("closes
the short", "exits the long", "covers the position", "closed it out", "books the gain") closes
that position; its object ("the short", "the long") is never read as a second entry.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction", "size_fraction")

#: An exit verb and its position, retold in the third person or the past
RETOLD_EXITS = [
    case(
        "Sam shorts QQQ whenever the RSI goes above 75 and closes the short when the RSI drops "
        "under 50",
        short_entry="rsi_14 x> 75",
        short_exit="rsi_14 x< 50",
        direction="short",
        symbol="QQQ",
        # a name as the subject is reported, never read as a rule
        not_understood=["Sam"],
    ),
    case(
        "He buys AAPL when RSI(14) falls below 30 and exits the long when RSI rises above 60",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 60",
        direction="long",
        symbol="AAPL",
    ),
    case(
        "She shorts TSLA when the RSI is above 80 and covers the position when it drops below 55",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 x< 55",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "I short NVDA when RSI is over 70 and closed it out when RSI was under 40",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 40",
        direction="short",
        symbol="NVDA",
    ),
    case(
        "He shorts EURUSD on the 1h chart when RSI(7) > 85 and exited the short when RSI(7) < 50",
        short_entry="rsi_7 > 85",
        short_exit="rsi_7 < 50",
        direction="short",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "She buys IWM when the close is below the lower Bollinger Band and flattens when the "
        "close is above the middle band",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.middle",
        direction="long",
        symbol="IWM",
    ),
    case(
        "He buys GLD when CCI(20) < -100 and books the gain when CCI(20) > 100",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
        direction="long",
        symbol="GLD",
    ),
    case(
        "They buy SPY when the close crosses above the 50 day SMA and get out of the trade "
        "when it crosses below",
        entry="close x> sma_50",
        exit="close x< sma_50",
        direction="long",
        symbol="SPY",
    ),
    case(
        "Buy RELIANCE.NS when RSI(14) < 30 and square off when RSI(14) > 55",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        direction="long",
        symbol="RELIANCE.NS",
    ),
]


@pytest.mark.parametrize(("text", "expect"), RETOLD_EXITS)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
