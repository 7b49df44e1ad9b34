"""The offline compiler on how real people phrase a whole request (issue 10): the chatter around
the rules ("I'm testing a ...", "Keep it simple, nothing fancy.", "lmk if this makes sense",
"Would you mind building me a bot that ...", "FWIW"), a form's name line ("Strategy: MACD
crossover" over "Entry:" and "Exit:" lines), lettered lists ("a) buy ... b) sell ...") and
Discord shorthand ("L on 9/21 cross, S on 9/21 cross down").

Both directions are checked: chatter is set aside and echoed, never read as a rule (nor its
words as a symbol); a rule beside or inside chatter is read, never set aside with it.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

#: Rules every reading of these rows has besides its own (long-only rows)
_BOILERPLATE = ("Long only", "Position size: 99% of equity per trade")

# (description, its rules, words echoed as set aside, spec fields)
CASES = [
    (
        "I'm testing a simple RSI strategy. Buy when RSI(14) drops below 30 and sell when it "
        "goes above 70. Keep it simple, nothing fancy. lmk if this makes sense",
        ["Buy when RSI(14) crosses below 30", "Sell when RSI(14) crosses above 70"],
        ["I'm testing a simple RSI strategy.", "Keep it simple,", "nothing fancy.", "lmk"],
        {},
    ),
    (
        "Would you mind building me a bot that buys when the 50 day SMA crosses above the 200 "
        "day SMA and sells when it crosses back below? Thanks!",
        ["Buy when SMA(50) crosses above SMA(200)", "Sell when SMA(50) crosses below SMA(200)"],
        ["Would you mind building me a bot that"],
        {},
    ),
    (
        "Can you code this up? Enter long when RSI 2 is under 10. Exit after 5 days.",
        [
            "Buy when RSI(2) is below 10",
            "Exit after 5 bars: a trade is closed 5 bars after it opened",
        ],
        ["Can you code this up?"],
        {"exit_after_bars": 5},
    ),
    (
        "Buy if RSI drops under 35. Sell if RSI rises over 65. That's it.",
        ["Buy when RSI(14) crosses below 35", "Sell when RSI(14) crosses above 65"],
        ["That's it."],
        {},
    ),
    (
        "So basically buy when price crosses above the 20 ema and sell when it crosses below. "
        "Pretty straightforward. Could you also add a 3% stop loss?",
        [
            "Buy when the close crosses above EMA(20)",
            "Sell when the close crosses below EMA(20)",
            "Stop loss: 3% below the signal bar's close",
        ],
        ["Pretty straightforward."],
        {"stop_loss_pct": 3.0},
    ),
    (
        "I've been trading for a few years and I want to test a trend following idea. Buy when "
        "the close is above the 200 day SMA, sell when it is below.",
        ["Buy when the close is above SMA(200)", "Sell when the close is below SMA(200)"],
        ["I've been trading for a few years and I want to test a trend following idea."],
        {},
    ),
    (
        "Here's my strategy, I've been using it manually for a while:\nBuy when the 5 day EMA "
        "crosses above the 20 day EMA.\nSell when the 5 day EMA crosses below the 20 day EMA.\n"
        "Would be great to see how it does historically.",
        ["Buy when EMA(5) crosses above EMA(20)", "Sell when EMA(5) crosses below EMA(20)"],
        ["I've been using it manually for a while:", "Would be great to see how it does"],
        {},
    ),
    (
        "FWIW I usually trade this by hand: buy when RSI(14) < 30, sell when RSI(14) > 70. "
        "Wondering if it actually has an edge.",
        ["Buy when RSI(14) is below 30", "Sell when RSI(14) is above 70"],
        ["FWIW I usually trade this by hand", "Wondering if it actually has an edge."],
        {"symbol": None},
    ),
    (
        "Strategy: MACD crossover\nEntry: MACD line crosses above signal line\n"
        "Exit: MACD line crosses below signal line\nStop loss: 2.5%",
        [
            "Buy when the MACD line (12, 26, 9) crosses above the MACD signal line (12, 26, 9)",
            "Sell when the MACD line (12, 26, 9) crosses below the MACD signal line (12, 26, 9)",
            "Stop loss: 2.5% below the signal bar's close",
        ],
        ["Strategy: MACD crossover"],
        {"stop_loss_pct": 2.5},
    ),
    (
        "I want to:\na) buy when the price is above the 50 sma and rsi is under 40\n"
        "b) sell when rsi is over 70\nc) 2% stop loss",
        [
            "Buy when the close is above SMA(50) and RSI(14) is below 40",
            "Sell when RSI(14) is above 70",
            "Stop loss: 2% below the signal bar's close",
        ],
        ["I want to:"],
        {"stop_loss_pct": 2.0},
    ),
    (
        "Rules: a) buy when rsi < 30 b) sell when rsi > 70 c) stop loss 3%",
        [
            "Buy when RSI(14) is below 30",
            "Sell when RSI(14) is above 70",
            "Stop loss: 3% below the signal bar's close",
        ],
        [],
        {"stop_loss_pct": 3.0},
    ),
    (
        "buy on 9/21 cross, sell on 9/21 cross down",
        ["Buy when SMA(9) crosses above SMA(21)", "Sell when SMA(9) crosses below SMA(21)"],
        [],
        {},
    ),
    (  # the kind of average named once is the one the bare pair means
        "ema 9/21 cross up, 9/21 cross down",
        ["Buy when EMA(9) crosses above EMA(21)", "Sell when EMA(9) crosses below EMA(21)"],
        [],
        {},
    ),
]


@pytest.mark.parametrize(("text", "rules", "set_aside", "fields"), CASES)
def test_chatter_is_set_aside_and_the_rules_read(
    text: str, rules: list[str], set_aside: list[str], fields: dict
) -> None:
    got = understand(text)
    assert got.complete, got.not_understood
    assert [r for r in got.rules if r not in _BOILERPLATE] == rules
    echoed = [a for a in got.assumptions if a.startswith("Set aside")]
    for words in set_aside:
        assert any(words in a for a in echoed), (words, echoed)
    spec = got.spec.model_dump()
    for name, value in fields.items():
        assert spec[name] == value


def test_l_and_s_name_both_sides_and_are_echoed() -> None:
    got = understand("L on 9/21 cross, S on 9/21 cross down")
    assert got.complete
    assert got.rules[:2] == [
        "Go long when SMA(9) crosses above SMA(21) (closing any short)",
        "Go short when SMA(9) crosses below SMA(21) (closing any long)",
    ]
    assert got.spec.direction == "always_in"
    assert "Read 'L' as 'long'" in got.assumptions
    assert "Read 'S' as 'short'" in got.assumptions
    assert "'9/21 cross' read as two moving averages crossing" in got.assumptions
    assert "'moving average' read as a simple moving average (SMA)" in got.assumptions


def test_a_lone_capital_s_is_never_read_as_short() -> None:
    """ "S" alone (sell or short?) names no side: only the pair "L" and "S" does."""
    got = understand("buy when rsi < 30. S when rsi > 70")
    assert "Read 'S' as 'short'" not in got.assumptions
    assert got.spec is None or got.spec.direction != "always_in"


# -- never a rule set aside as chatter ------------------------------------------------------------


def test_a_name_line_over_no_entry_is_read_not_set_aside() -> None:
    """ "Strategy: RSI oversold" over only an exit line is the entry, never a name."""
    got = understand("Strategy: RSI oversold\nExit: RSI > 70")
    assert got.rules[0] == "Buy when RSI(14) is below 30"
    assert not any("the name the line gives" in a for a in got.assumptions)


def test_a_name_line_with_a_number_is_never_set_aside() -> None:
    got = understand("Strategy: close above the 200 sma\nEntry: RSI(2) < 10\nExit: RSI(2) > 70")
    assert not any("the name the line gives" in a for a in got.assumptions)
    assert not got.complete  # its words reported, never dropped


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Keep it simple: buy when RSI(14) < 30, sell when RSI(14) > 70",
            "Buy when RSI(14) is below 30",
        ),
        (
            "I'm testing buying when RSI(14) < 30, sell when RSI(14) > 70",
            "Buy when RSI(14) is below 30",
        ),
        (
            "That's it, buy when RSI(14) < 30, sell when RSI(14) > 70",
            "Buy when RSI(14) is below 30",
        ),
        (
            "buy when RSI(14) < 30, sell when RSI(14) > 70. nothing fancy, just a 4% stop",
            "Stop loss: 4% below the signal bar's close",
        ),
        (
            "buy when RSI(14) < 30. I want to try a 5% stop loss",
            "Stop loss: 5% below the signal bar's close",
        ),
    ],
)
def test_a_rule_beside_chatter_is_read(text: str, rule: str) -> None:
    got = understand(text)
    assert rule in got.rules
    assert not any(
        "not a trading rule" in a and ("RSI" in a or "%" in a) for a in got.assumptions
    ), got.assumptions


# -- text copied from a strategy site, and a name given to the idea ---------------------------

_RSI_SITE = (
    "The Relative Strength Index (RSI) is a momentum oscillator that measures the speed and "
    "change of price movements. It oscillates between zero and 100. Traditionally, RSI is "
    "considered overbought when above 70 and oversold when below 30. In this strategy we buy "
    "when the RSI falls below 30 and sell when it rises above 70."
)


def test_textbook_background_is_set_aside_and_its_numbers_not_read() -> None:
    got = understand(_RSI_SITE)
    assert got.complete, got.not_understood
    assert got.rules[:2] == [
        "Buy when RSI(14) crosses below 30",
        "Sell when RSI(14) crosses above 70",
    ]
    explained = [a for a in got.assumptions if "an explanation or example of the rules" in a]
    assert len(explained) == 3, got.assumptions
    assert not any("Rate of change" in a for a in got.assumptions)  # "a momentum": no line used


def test_textbook_words_around_a_stop_never_set_the_stop_aside() -> None:
    """ "Many traders also use a 5% stop.": a stop is a rule, read (its opening reported)."""
    got = understand(
        "RSI measures momentum. Buy when RSI(14) < 30, sell when RSI(14) > 70. "
        "Many traders also use a 5% stop."
    )
    assert "Stop loss: 5% below the signal bar's close" in got.rules
    assert "Many traders" in got.not_understood


def test_a_line_said_to_be_a_filter_is_not_textbook_background() -> None:
    got = understand("The 200 SMA is a trend filter. Buy when RSI(2) < 10, sell when RSI(2) > 90.")
    assert not any("an explanation or example" in a for a in got.assumptions)
    assert not got.complete  # reported: which filter it is is the writer's to say


def test_a_name_given_to_the_idea_is_set_aside() -> None:
    got = understand(
        "It should buy when the 10 SMA is above the 50 SMA, and sell when the 10 SMA is below "
        "the 50 SMA. I think this is called a moving average crossover strategy."
    )
    assert got.complete, got.not_understood
    assert got.rules[:2] == [
        "Buy when SMA(10) is above SMA(50)",
        "Sell when SMA(10) is below SMA(50)",
    ]
    assert any("a name the writer gives the idea" in a for a in got.assumptions)
