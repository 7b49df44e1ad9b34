"""The offline compiler on three families a held-out sample (held19) showed misread silently.

* A condition said in a sentence with no "when/if" rule of its own ("I buy dips in uptrends.",
  "I only buy stocks in an uptrend.") before a "when" rule of the same action frames that rule:
  it filters it (ANDed), never a second entry ORed with it.

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

FRAMED_FILTERS = [
    case(
        "I buy dips in uptrends. Buy when RSI(2) < 5, sell when RSI(2) > 70.",
        entry="close > sma_200 & rsi_2 < 5",
        exit="rsi_2 > 70",
        not_understood=["dips"],
    ),
    case(
        "I'm looking to buy Home Depot pullbacks in an uptrend. Specifically, enter when the "
        "stock closes above its 50-day SMA but the 5-day RSI dips below 30. Exit when the 5-day "
        "RSI rises above 70.",
        entry="close > sma_200 & close > sma_50 & rsi_5 x< 30",
        exit="rsi_5 x> 70",
        symbol="HD",
        not_understood=["I'm looking to", "pullbacks", "Specifically"],
    ),
    case(
        "I only buy stocks in an uptrend. Buy NVDA when the MACD crosses above its signal line. "
        "Sell when it crosses below.",
        entry="close > sma_200 & macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="NVDA",
    ),
    case(
        "I short weakness in downtrends. Short QQQ when RSI(3) > 90, cover when RSI(3) < 40.",
        short_entry="close < sma_200 & rsi_3 > 90",
        short_exit="rsi_3 < 40",
        symbol="QQQ",
        direction="short",
        not_understood=["weakness"],
    ),
]


@pytest.mark.parametrize(("text", "expect"), FRAMED_FILTERS)
def test_description_is_read_compiled_and_run(text: str, expect: dict) -> None:
    check_row(text, expect, FIELDS)
