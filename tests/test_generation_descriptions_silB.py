"""Two silent misreads found on unseen text, now read as a careful programmer would.

* A restriction of the entry days or months said as a sentence (or clause) of its own ("... buy
  when RSI drops below 30 ... Only enter on Tuesdays, Wednesdays and Thursdays.") was a second
  entry ORed with the first, buying every Tuesday to Thursday. "Only enter on", "entries only
  on", "only trade in", "only buy on", before or after the entry rule, restrict it: ANDed.
  Without "only" ("Buy on Fridays.") two entries stay two.
* "Buy the close of any day where SPY's RSI(3) is below 15 and ..." read SPY as a market filter
  and traded the default symbol, with a note wrongly saying no symbol was named. When the one
  symbol named is the one whose indicator the entry's trigger reads against a level, that symbol
  is traded, said back; a second symbol as a filter ("buy XLE when SPY's RSI ...") and a trend of
  a market line beside the trigger ("the 200-day SMA of SPY is rising and RSI(14) ...") stay
  filters.

Rows are read, compiled and run over every bar (``test_generation_descriptions_rules``).
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from tests import test_generation_descriptions_rules as corpus
from tests.generation.corpus import case

RSI_IN = "rsi_14 x< 30"
RSI_OUT = "rsi_14 x> 70"
TUE_TO_THU = "calendar weekday [1, 2, 3]"
SENTENCE = "Buy when RSI(14) drops below 30 and sell when RSI rises above 70."

#: The days or months of every entry, said on their own: ANDed into the entry.
DATED_ENTRIES = [
    case(
        f"{SENTENCE} Only enter on Tuesdays, Wednesdays and Thursdays.",
        entry=f"{RSI_IN} & {TUE_TO_THU}",
        exit=RSI_OUT,
    ),
    case(
        f"Only enter on Tuesdays, Wednesdays and Thursdays. {SENTENCE}",
        entry=f"{RSI_IN} & {TUE_TO_THU}",
        exit=RSI_OUT,
    ),
    case(
        "Buy when RSI(14) drops below 30, sell when RSI rises above 70, only enter on Tuesdays, "
        "Wednesdays and Thursdays.",
        entry=f"{RSI_IN} & {TUE_TO_THU}",
        exit=RSI_OUT,
    ),
    case(
        f"{SENTENCE} Entries only on Mondays.",
        entry=f"{RSI_IN} & calendar weekday [0]",
        exit=RSI_OUT,
    ),
    case(
        f"{SENTENCE} Only enter in January.",
        entry=f"{RSI_IN} & calendar month [1]",
        exit=RSI_OUT,
    ),
    case(
        f"{SENTENCE} Enter only in November through April.",
        entry=f"{RSI_IN} & calendar month [1, 2, 3, 4, 11, 12]",
        exit=RSI_OUT,
    ),
    case(
        f"{SENTENCE} Only buy on Fridays.",
        entry=f"{RSI_IN} & calendar weekday [4]",
        exit=RSI_OUT,
    ),
    case(
        f"{SENTENCE} Buy only on Fridays.",
        entry=f"{RSI_IN} & calendar weekday [4]",
        exit=RSI_OUT,
    ),
    case(
        "Buy when the close is above the 50-day SMA and sell when it is below. Only take trades "
        "on Tuesdays and Thursdays.",
        entry="close > sma_50 & calendar weekday [1, 3]",
        exit="close < sma_50",
    ),
    # a short's own days restrict the short only
    case(
        "Buy when RSI(14) drops below 30, short when RSI rises above 70. Only short on Tuesdays.",
        entry=RSI_IN,
        short_entry=f"{RSI_OUT} & calendar weekday [1]",
        direction="always_in",
    ),
    # side-neutral words restrict both
    case(
        "Buy when RSI(14) drops below 30, short when RSI rises above 70. Only enter on Tuesdays.",
        entry=f"{RSI_IN} & calendar weekday [1]",
        short_entry=f"{RSI_OUT} & calendar weekday [1]",
        direction="always_in",
    ),
    # the only entry said on dates is the entry
    case(
        "Only buy on Mondays, sell on Fridays.",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
    ),
]

#: Without "only", a second entry on a date is another entry (ORed), as before.
SECOND_ENTRIES = [
    case(
        f"{SENTENCE} Buy on Fridays.",
        entry=f"{RSI_IN} | calendar weekday [4]",
        exit=RSI_OUT,
    ),
]

TRADED = "is traded: the only symbol named, and the entry is said of its indicator"

#: The one symbol named is the one whose indicator the entry's trigger reads: traded.
SAID_OF_ITS_INDICATOR = [
    case(
        "Buy the close of any day where SPY's RSI(3) is below 15 and the close is above the "
        "200-day SMA, sell when RSI(3) is above 70.",
        entry="rsi_3 < 15 & close > sma_200",
        exit="rsi_3 > 70",
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "Buy when SPY's RSI(3) is below 15 and RSI(14) is below 40, sell after 5 days.",
        entry="rsi_3 < 15 & rsi_14 < 40",
        symbol="SPY",
        exit_after_bars=5,
    ),
    case(
        "Buy when the RSI of QQQ falls below 30 and the close is above the 200-day SMA, sell "
        "when it rises above 70.",
        entry="rsi_14 x< 30 & close > sma_200",
        exit="rsi_14 x> 70",
        symbol="QQQ",
    ),
    case(
        "Go long when IWM's RSI(2) is under 10 and the close is above its 200-day SMA; exit "
        "when RSI(2) is over 70.",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 70",
        symbol="IWM",
    ),
    case(
        "Buy the close of any day where SPY's RSI(3) is below 15, sell when RSI(3) is above 70.",
        entry="rsi_3 < 15",
        exit="rsi_3 > 70",
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
]

#: Another symbol traded, a price or a trend of a market line beside the trigger: a filter.
FILTERS = [
    case(
        "Buy XLE when SPY's RSI(3) is below 15, sell when RSI(3) is above 70.",
        entry="spy_rsi_3 < 15",
        exit="rsi_3 > 70",
        symbol="XLE",
        other_symbols=["SPY"],
    ),
    case(
        "Buy when RSI(2) is below 10 and QQQ is above its 50-day SMA, sell when RSI(2) is above "
        "70.",
        entry="rsi_2 < 10 & close@QQQ > qqq_sma_50",
        exit="rsi_2 > 70",
        other_symbols=["QQQ"],
    ),
    case(
        "Buy when the 200-day moving average of SPY is rising and RSI(14) drops below 35, sell "
        "when RSI(14) rises above 65.",
        entry="spy_sma_200 > spy_sma_200[-1] & rsi_14 x< 35",
        exit="rsi_14 x> 65",
        other_symbols=["SPY"],
    ),
]

READ = DATED_ENTRIES + SECOND_ENTRIES + SAID_OF_ITS_INDICATOR + FILTERS


@pytest.mark.parametrize(("text", "expect"), READ)
def test_description_is_read_compiled_and_run(text, expect):
    corpus.test_description_is_read_compiled_and_run(text, expect)


@pytest.mark.parametrize("text", [c.values[0] for c in SAID_OF_ITS_INDICATOR[:4]])
def test_the_symbol_traded_is_said_back(text):
    assumptions = understand(text).assumptions
    assert any(TRADED in a for a in assumptions), assumptions
    assert not any("no symbol to trade was named" in a for a in assumptions), assumptions


@pytest.mark.parametrize("text", [c.values[0] for c in FILTERS[1:]])
def test_a_market_filter_is_still_said_back(text):
    assert any("market filter" in a for a in understand(text).assumptions)
