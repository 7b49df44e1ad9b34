"""One reader for each thing (issue 10, "less code than today"): the forms one reader now covers
alone are read alike wherever they are written. A numbered list's marks, inline or opening a
line, in digits or words ("1) ... 2) ...", "(3)", "Step one: ...", "Rule 2 - ..."), are line
breaks, never values. "at" before a time is one time of the day, whatever the rule does with
it: "buy at 10am" enters on the bar opening then, "don't buy at 8 am" keeps entries off it.
Intraday bars said of a line, in a rule or a title ("30m Bollinger bounce on SPY: ..."), are the
bars tested, stated the same way. An unknown word written as a ticker ("XAUUSD") is reported
wherever text is set aside, in a title or in chat, never dropped for the default symbol.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import case, check_row

FIELDS = ("exit_after_bars", "stop_loss_pct", "symbol", "interval", "direction")
DAY = 24 * 60


def left_out(start: int, stop: int) -> str:
    """Every minute of the day but ``start`` up to ``stop``, in the rule notation."""
    return f"calendar minute_of_day {[m for m in range(DAY) if not start <= m < stop]}"


CASES = [
    # numbered lists: every mark is a line break, in digits or words, inline or opening a line
    case(
        "Step one: buy when RSI(2) < 10. Step two: sell when RSI(2) > 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
    case(
        "Step 1 - buy when RSI(2) < 10\nStep 2 - sell when RSI(2) > 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
    case(
        "1 - buy when the 10 EMA crosses above the 30 EMA\n2 - sell when it crosses below",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
    ),
    case(
        "(1) buy QQQ when MACD crosses above signal\n(2) sell when it crosses below\n(3) 3% stop",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        stop_loss_pct=3.0,
        symbol="QQQ",
    ),
    case(
        "1. buy when RSI(2) < 10\n2. sell when RSI(2) > 90\n3. 5% stop",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        stop_loss_pct=5.0,
    ),
    case(
        "rule 1) close above the 200 sma and rsi(2) below 10 -> buy. rule 2) exit after 5 days",
        entry="close > sma_200 & rsi_2 < 10",
        exit_after_bars=5,
    ),
    # an entry kept out of one time of day: the bar opening then ("at" read by one reader)
    case(
        "on 1h bars buy when RSI(14) < 30 but don't buy at 8 am, sell when RSI(14) > 70",
        entry=f"rsi_14 < 30 & {left_out(480, 481)}",
        exit="rsi_14 > 70",
        interval="1h",
    ),
    case(
        "on 30m bars don't trade at 12:00, buy when RSI(2) < 10, sell when RSI(2) > 90",
        entry=f"rsi_2 < 10 & {left_out(720, 721)}",
        exit="rsi_2 > 90",
        interval="30m",
    ),
    # intraday bars a title names are the bars tested, stated as the title is set aside
    case(
        "30m Bollinger bounce on SPY: buy when the close drops below the lower band, sell when it "
        "crosses above the middle band",
        entry="close x< bbands_20_2.lower",
        exit="close x> bbands_20_2.middle",
        symbol="SPY",
        interval="30m",
        says="the 30m bars it names are tested",
    ),
    case(
        "1h RSI reversal on BTC-USD: buy when RSI(14) drops below 25, sell when it rises above 60",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 60",
        symbol="BTC-USD",
        interval="1h",
        says="the 1h bars it names are tested",
    ),
    # "long"/"short" after a line's flip: the rule's side when the flip opens the rule, the
    # line's colour after "when" or before "exit", the sides traded in "long/short"
    case(
        "heikin ashi flip short, flip long exit on QQQ",
        short_entry="heikin_ashi x< 0",
        short_exit="heikin_ashi x> 0",
        symbol="QQQ",
        direction="short",
    ),
    case(
        "psar(0.02, 0.2) flip long on SPY",
        entry="close x> psar_0_02_0_2",
        exit="close x< psar_0_02_0_2",
        symbol="SPY",
    ),
    case(
        "buy when the supertrend flips long and RSI(14) is above 50, sell when it flips short",
        entry="supertrend_10_3.direction x> 0 & rsi_14 > 50",
        exit="supertrend_10_3.direction x< 0",
    ),
    # an unknown ticker set aside with chat is reported, as in a title (it ran on the default
    # symbol without a word); chat in capitals and a known symbol stay read
    case(
        "I like buying dips in XAUUSD. Buy when RSI(14) drops below 30, sell when it rises "
        "above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        not_understood=["XAUUSD"],
    ),
    case(
        "I am trading XAUUSD since 3 years. buy when RSI(14) drops below 30, sell when it rises "
        "above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        not_understood=["XAUUSD"],
    ),
    case(
        "buy when RSI(14) drops below 30, sell when it rises above 70. Thanks! LOL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    case(
        "Thanks in advance! IMO this works. buy when RSI(14) drops below 30, sell when it rises "
        "above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    case(
        "I like buying dips in the S&P. Buy SPY when RSI(14) drops below 30, sell when it rises "
        "above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="SPY",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_calendar_values_are_said_as_their_runs_by_one_helper():
    """Dates and times of the day are said as runs of consecutive values, one value alone as
    itself (never "the 1st to the 1st")."""
    u = understand("buy on the 2nd of the month, sell after 5 days")
    assert u.rules[0] == (
        "Buy when the date is the 2nd to the 31st of the month and the trading day before was "
        "the 1st or in the month before"
    )
    u = understand("on 1h bars buy when RSI(14) < 30 but don't buy at 8 am, sell when RSI(14) > 70")
    assert u.rules[0] == "Buy when RSI(14) is below 30 and the time is not 08:00"
    u = understand("on 15m bars buy between 9:30 and 11am when RSI(2) < 10, sell when RSI(2) > 90")
    assert u.rules[0] == "Buy when the time is 09:30 to 10:59 and RSI(2) is below 10"
