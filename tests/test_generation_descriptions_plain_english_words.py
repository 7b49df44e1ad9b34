"""The offline compiler never "corrects" a common English word into a vocabulary word.

Typos are read as the closest vocabulary word one edit away ("bellow" is "below"), but many
everyday words are one edit from a trading word, and reading them as that word changes the
trades silently: "it shot up 5%" is no short, "I'd be glad to" names no GLD, "Training idea"
no trailing stop, "my plan" no Polish zloty. ``vocab.PLAIN_WORDS`` lists the commonest such
words; a word there is never corrected. A move verb with its particle ("jumps up 3%", "drops
down 2%") is the move. Abbreviations written with stops ("P.S.", "e.g.", "a.m.", "U.S.") are
read as their letters, never as a ticker like "BRK.B".

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import _spelling, understand
from engine.generation import _vocabulary as vocab

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "exit_after_bars")

CASES = [
    case(
        "My plan for TSLA: buy when RSI(14) < 30, sell when RSI(14) > 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="TSLA",
    ),
    case(
        "I'd be glad if you could test this on MSFT: buy when the 20 day SMA crosses above the "
        "50 day SMA, sell when it crosses below",
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
        symbol="MSFT",
    ),
    case(
        "Training idea for AAPL: buy when the close is above the 200 day SMA and RSI(2) < 10, "
        "sell when RSI(2) > 90",
        entry="close > sma_200 & rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="AAPL",
    ),
    case(
        "Simple macro idea on TLT: buy when the close is above the 100 day SMA, sell when it "
        "closes below",
        entry="close > sma_100",
        exit="close < sma_100",
        symbol="TLT",
    ),
    case(
        "buy TSLA if it shot up 5% in a day, sell after 3 days",
        entry="roc_1 >= 5",
        exit=None,
        exit_after_bars=3,
        symbol="TSLA",
    ),
    case(
        "buy NVDA when it jumps up 3% in a day, sell after 2 days",
        entry="roc_1 >= 3",
        exit=None,
        exit_after_bars=2,
        symbol="NVDA",
    ),
    case(
        "short COIN when it spikes up more than 8% in a day, cover after 2 days",
        short_entry="roc_1 > 8",
        short_exit=None,
        exit_after_bars=2,
        symbol="COIN",
        direction="short",
    ),
    case(
        "buy SPY when it drops down 2% in a day, sell after 3 days",
        entry="roc_1 <= -2",
        exit=None,
        exit_after_bars=3,
        symbol="SPY",
    ),
    case(
        "Buy TSLA when RSI(14) < 30. Sell when RSI(14) > 70. P.S. I use a 5% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
        symbol="TSLA",
    ),
    case(
        "Buy SPY when RSI(14) < 30, sell when RSI(14) > 70. Only U.S. hours, P.S. no shorts",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        not_understood=["Only U.S. hours"],  # a session to keep to, said of no clock
    ),
    case(
        "buy MSFT when RSI is really low, e.g. under 20, sell when RSI(14) > 70",
        entry="rsi_14 < 20",
        exit="rsi_14 > 70",
        symbol="MSFT",
        not_understood=["is really low"],
    ),
    case(
        "buy BRK.B when RSI(14) < 30, sell when RSI(14) > 70. P.S. a 2% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=2.0,
        symbol="BRK.B",
    ),
]


@pytest.mark.parametrize("text, expect", CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    "text, word",
    [
        ("My plan for TSLA: buy when RSI(14) < 30, sell when RSI(14) > 70.", "plan"),
        ("Training idea for AAPL: buy when RSI(2) < 10, sell when RSI(2) > 90", "Training"),
        ("Simple macro idea on TLT: buy when the close is above the 100 day SMA", "macro"),
        ("Demo strategy for QQQ: buy when MACD crosses above its signal line", "Demo"),
        (
            "My uncle does this thing with QQQ: when it's down 3 days in a row he buys at the "
            "close and sells after 5 days. He says it's basically free money lol, is that true?",
            "free",
        ),
        ("I read a blog post about this: buy IWM when RSI(2) < 10", "read"),
    ],
)
def test_a_plain_word_is_never_echoed_as_a_correction(text: str, word: str):
    u = understand(text)

    assert not any(f"Read '{word}'" in a for a in u.assumptions), u.assumptions


def test_a_typo_that_is_no_common_word_is_still_corrected():
    u = understand("buy SPY when the close is bellow the 50 day SMA, sell when it is abov it")

    assert "Read 'bellow' as 'below'" in u.assumptions, u.assumptions
    assert u.complete, u.not_understood


def test_plain_words_are_no_vocabulary_words():
    """A word the vocabulary gains is known already: the list keeps only words it would
    otherwise correct."""
    assert vocab.PLAIN_WORDS.isdisjoint(_spelling._VOCABULARY)


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        (
            "Only buy MSFT in the morning session: buy when RSI(14) < 25 on 5 min bars, sell when "
            "RSI(14) > 75",
            "in the morning session",
        ),
        (
            "Never hold NVDA over earnings: buy when RSI(14) < 30, sell when RSI(14) > 70",
            "over earnings",
        ),
    ],
)
def test_a_restriction_before_a_colon_is_no_title_to_set_aside(text: str, unread: str):
    """A title is a name; words that restrict ("only", "never", "no", "unless", ...) are a rule,
    reported when Botlab cannot build it, never set aside with a name."""
    u = understand(text)

    assert unread in " ".join(u.not_understood) and not u.complete, u.not_understood
    assert not any("Set aside the title" in a for a in u.assumptions), u.assumptions
