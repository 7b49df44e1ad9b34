"""The offline compiler on phrase families of issue 10 that were read silently wrong or listed
back: the day, week or month before ("if Friday was a down day", "yesterday closed down 2%",
"the prior week closed green"), a position held with no buy ("..., otherwise I hold until
Friday close"), and a profit checked at one given time ("if it's up 2% by Wednesday's close").

* "yesterday", "the prior day", "the previous session" and a weekday said as the subject of
  what it did are the last completed day before the one the order fills on, as a weekday rule
  is the fill day's: with fills at the next bar's open the signal bar, with fills at the close
  the bar before it (stated). "down"/"up" is its close against the close before, "red"/"green"
  its close against its own open, "down 2%" its ROC(1).
* "last week was red", "the previous month was positive", "a down week": the last completed
  week's (month's) ROC(1) on weekly (monthly) bars against 0; a week's colour is read as its
  change (stated).
* a 'sell' beside "hold until" with no buy rule closes a position that was bought, so it is
  not a short sale: refused, naming the words, rather than a guessed entry.

Rows use the notation and checks of ``test_generation_descriptions_rules`` (every accepted row is
compiled and backtested on bundled data).
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from tests import test_generation_descriptions_rules as corpus

case = corpus.case

#: The day before the fill, said as a subject ("yesterday closed down 2%").
PRIOR_DAYS = [
    case(
        "buy when yesterday closed down more than 1%, sell after 3 days",
        entry="roc_1 < -1",
        exit_after_bars=3,
    ),
    case(
        "buy when yesterday's close was down 2%, sell after 3 days",
        entry="roc_1 <= -2",
        exit_after_bars=3,
    ),
    case(
        "buy if the previous session was an up day and RSI(2) < 30, sell when RSI(2) > 70",
        entry="close > close[-1] & rsi_2 < 30",
        exit="rsi_2 > 70",
    ),
    case(
        "when yesterday closed up at least 2% short, cover after 2 days",
        short_entry="roc_1 >= 2",
        direction="short",
        exit_after_bars=2,
    ),
    case(
        "buy when the previous day closed lower and RSI(2) is under 15, sell when RSI(2) is "
        "over 60",
        entry="close < close[-1] & rsi_2 < 15",
        exit="rsi_2 > 60",
    ),
    case(
        "buy when yesterday's candle was red and the close is above the 200 sma, sell after 3 days",
        entry="close < open & close > sma_200",
        exit_after_bars=3,
    ),
    case(
        "buy if the prior day was green, sell after 1 day",
        entry="close > open",
        exit_after_bars=1,
    ),
    case(
        "buy when the prior day was red, sell after 2 days",
        entry="close < open",
        exit_after_bars=2,
    ),
    case(  # at the close the day before the fill is the bar before the signal bar
        "buy at the close when yesterday closed down, sell at the next close",
        entry="close[-1] < close[-2]",
        exit_after_bars=1,
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy at the close when yesterday was red, sell at the next close",
        entry="close[-1] < open[-1]",
        exit_after_bars=1,
        entry_fill="close",
        exit_fill="close",
    ),
]

#: A weekday said as the subject of what it did: the trading day before the fill was that day.
PRIOR_WEEKDAYS = [
    case(
        "if friday was a down day buy monday's close, sell tuesday close",
        entry="calendar weekday_before [4] & close[-1] < close[-2] & calendar weekday [0]",
        exit="calendar weekday [1]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(  # a title before it is set aside
        "Monday reversal: if friday was a down day buy monday's close, sell tuesday close",
        entry="calendar weekday_before [4] & close[-1] < close[-2] & calendar weekday [0]",
        exit="calendar weekday [1]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "if Friday was a down day, buy on Monday, sell on Wednesday",
        entry="calendar weekday_before [4] & close < close[-1] & calendar weekday [0]",
        exit="calendar weekday [2]",
    ),
    case(
        "if monday closed red buy tuesday, sell thursday",
        entry="calendar weekday_before [0] & close < open & calendar weekday [1]",
        exit="calendar weekday [3]",
    ),
    case(
        "buy on Monday if Friday closed down 1%, sell after 2 days",
        entry="calendar weekday [0] & calendar weekday_before [4] & roc_1 <= -1",
        exit_after_bars=2,
    ),
]

#: The last completed week or month, with or without an amount.
PRIOR_PERIODS = [
    case(
        "go long on Tuesday open, exit Thursday close, only if the prior week closed green",
        entry="calendar weekday [1] & w_roc_1 > 0",
        exit="calendar weekday [3]",
        exit_fill="close",
    ),
    case(
        "if the previous week was a losing week buy monday open, sell friday close",
        entry="w_roc_1 < 0 & calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
    ),
    case(
        "buy when last week was red, sell after 5 days",
        entry="w_roc_1 < 0",
        exit_after_bars=5,
    ),
    case(
        "buy if the previous month was positive, sell after 20 days",
        entry="m_roc_1 > 0",
        exit_after_bars=20,
    ),
    case(
        "buy if the previous week was negative, exit after 3 days",
        entry="w_roc_1 < 0",
        exit_after_bars=3,
    ),
    case(
        "buy when last month was a down month, sell after 10 days",
        entry="m_roc_1 < 0",
        exit_after_bars=10,
    ),
    case(
        "buy when last week closed red and RSI(14) < 40, sell when RSI(14) > 60",
        entry="w_roc_1 < 0 & rsi_14 < 40",
        exit="rsi_14 > 60",
    ),
    case(
        "short if the previous week was positive, cover after 3 days",
        short_entry="w_roc_1 > 0",
        direction="short",
        exit_after_bars=3,
    ),
    case(
        "buy when the previous month was down more than 3%, sell after 15 days",
        entry="m_roc_1 < -3",
        exit_after_bars=15,
    ),
]

#: A profit checked at one given time: reported with why, the rest read.
PROFIT_BY_A_TIME = [
    case(
        "buy Monday's open; if it's up 2% by Wednesday's close I sell, otherwise I hold until "
        "Friday close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
        not_understood=["if it's up 2% by Wednesday's close I"],
    ),
    case(
        "buy on Mondays, if the trade is up 3% by Wednesday close sell, otherwise hold until "
        "Friday close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        entry_fill="close",  # only the exits' fill was said: entries fill so too (stated)
        exit_fill="close",
        not_understood=["if the trade is up 3% by Wednesday close"],
    ),
]

#: A position held with no buy rule: refused, never a short sale.
HELD_WITHOUT_A_BUY = [
    "If it's up 2% by close of Wednesday I sell, otherwise I hold until Friday close",
    "if it is up 3% by Thursday I sell, else I hold until Friday's close",
    "sell if it's up 5% by Wednesday close, otherwise hold it until Friday close",
]

#: A level said loosely: before its oscillator ("at 30 RSI": never RSI(30)), with its side after
#: it ("RSI 30 and below"), "north of".
LOOSE_LEVELS = [
    case(
        "buy at 30 RSI, sell at 60 RSI",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 60",
    ),
    case(
        "buy when RSI hits 30, sell at 70 rsi",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    case(
        "go long below 25 RSI, exit above 75 RSI",
        entry="rsi_14 < 25",
        exit="rsi_14 > 75",
    ),
    case(
        "buy when RSI 30 and below, sell at RSI 70",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    case(
        "buy when RSI is 30 or below, sell when RSI is 70 or above",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    case(
        "buy when RSI(2) 10 or lower, sell when RSI(2) 90 or higher",
        entry="rsi_2 <= 10",
        exit="rsi_2 >= 90",
    ),
    case(
        "buy on rsi 30 or less, sell on rsi 70 or more",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    case(
        "buy when stoch 20 and under, sell when stoch 80 and up",
        entry="stoch_14_3.k <= 20",
        exit="stoch_14_3.k >= 80",
    ),
    case(
        "buy when rsi sub-30, sell when rsi north of 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "short above 80 RSI, cover below 50 RSI",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        direction="short",
    ),
    case(
        "buy when RSI(5) is 20 or under, sell when RSI(5) is 80 or over",
        entry="rsi_5 <= 20",
        exit="rsi_5 >= 80",
    ),
    case(  # a length after an article stays a length
        "buy when the 2 RSI is below 10, sell when the 2 RSI is above 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
]

#: A move back to a line that does not close through it (stated).
RETURNS_TO_A_LINE = [
    case(
        "buy when price pulls back to the 20 EMA, sell when it closes below the 50 EMA",
        entry="close > ema_20 & low <= ema_20",
        exit="close < ema_50",
    ),
    case(
        "buy on a pullback to the 20 EMA, sell after 5 days",
        entry="close > ema_20 & low <= ema_20",
        exit_after_bars=5,
    ),
    case(
        "buy when the stock pulls back to its 50-day moving average, sell when RSI > 70",
        entry="close > sma_50 & low <= sma_50",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when price dips to the 20 EMA and the close is above the 200-day SMA, sell after "
        "5 days",
        entry="close > ema_20 & low <= ema_20 & close > sma_200",
        exit_after_bars=5,
    ),
    case(
        "buy pullbacks to the 10 EMA, sell after 4 days",
        entry="close > ema_10 & low <= ema_10",
        exit_after_bars=4,
    ),
    case(
        "short when it rallies to the 20 EMA, cover after 3 days",
        short_entry="close < ema_20 & high >= ema_20",
        direction="short",
        exit_after_bars=3,
    ),
]

FROM_THE_15TH = "calendar day_of_month [{}] & calendar day_of_month_before [{}]"


def on_or_after(n: int) -> str:
    """The notation of "the Nth of every month": the first trading day on or after it."""
    after = ", ".join(str(d) for d in range(n, 32))
    return FROM_THE_15TH.format(after, ", ".join(str(d) for d in range(n)))


#: Dates of the month: "the 15th of every month" (the first trading day on or after it) and
#: "the last Friday of the month" (by the calendar).
MONTH_DATES = [
    case(
        "buy on the 15th of every month, sell 5 days later",
        entry=on_or_after(15),
        exit_after_bars=5,
    ),
    case(
        "buy the 10th of each month and sell on the 20th of the month",
        entry=on_or_after(10),
        exit=on_or_after(20),
    ),
    case(
        "buy on the 1st of the month, sell after 3 days",
        entry=on_or_after(1),
        exit_after_bars=3,
    ),
    case(
        "buy on the 20th of each month and sell on the 5th of the next month",
        entry=on_or_after(20),
        exit=on_or_after(5),
    ),
    case(
        "buy the last Monday of every month, sell on Friday",
        entry="calendar weekday [0] & calendar weekday_from_end [1]",
        exit="calendar weekday [4]",
    ),
    case(
        "buy on the last Friday of each month, sell after 3 days",
        entry="calendar weekday [4] & calendar weekday_from_end [1]",
        exit_after_bars=3,
    ),
    case(
        "short the final Monday of the month, cover after 2 days",
        short_entry="calendar weekday [0] & calendar weekday_from_end [1]",
        direction="short",
        exit_after_bars=2,
    ),
    case(
        "buy the last Friday of the month, sell on the first Monday of the month",
        entry="calendar weekday [4] & calendar weekday_from_end [1]",
        exit="calendar weekday [0] & calendar day_of_month [1, 2, 3, 4, 5, 6, 7]",
    ),
]

#: The parts of a candle: body |close - open|, upper wick high - max(open, close), lower wick
#: min(open, close) - low, range high - low (each stated in the echo).
CANDLE_PARTS = [
    case(
        "buy when the lower wick is at least twice the body, sell after 3 days",
        entry="lower_wick >= candle_body*2",
        exit_after_bars=3,
    ),
    case(
        "buy when the lower shadow is more than 2 times the real body and RSI(2) < 20, sell "
        "after 2 days",
        entry="lower_wick > candle_body*2 & rsi_2 < 20",
        exit_after_bars=2,
    ),
    case(
        "short when the upper wick is at least 3 times the body, cover after 2 days",
        short_entry="upper_wick >= candle_body*3",
        direction="short",
        exit_after_bars=2,
    ),
    case(
        "buy when the body is less than 30% of the range, exit after 5 bars",
        entry="candle_body < bar_range*0.3",
        exit_after_bars=5,
    ),
    case(
        "buy when the body is less than half the range, sell after 2 days",
        entry="candle_body < bar_range*0.5",
        exit_after_bars=2,
    ),
    case(
        "buy when the body is less than 30% of the candle range, sell after 2 days",
        entry="candle_body < bar_range*0.3",
        exit_after_bars=2,
    ),
    case(
        "buy when the lower wick is longer than the body, sell after 2 days",
        entry="lower_wick > candle_body",
        exit_after_bars=2,
    ),
    case(
        "buy when the upper wick is less than 10% of the range and the close is above the "
        "open, sell after 1 day",
        entry="upper_wick < bar_range*0.1 & close > open",
        exit_after_bars=1,
    ),
    case(  # the wick is read; "the candle has" around it is filler ("has" as "have")
        "buy when the candle has a long lower wick at least twice the body, exit after 3 bars",
        entry="lower_wick >= candle_body*2",
        exit_after_bars=3,
    ),
    case(
        "buy when it closes in the top third of its range, sell after 2 days",
        entry="ibs >= 0.666667",
        exit_after_bars=2,
    ),
]

#: Sentences about the writer or the post, with nothing read in them: set aside and echoed.
ASIDES = [
    (
        "Hi all, first post here. Buy when RSI < 30, sell when RSI > 70. Cheers, Mark",
        ["first post here."],
    ),
    (
        "I am trading since 3 years. v2: buy when the 50 SMA crosses above the 200 SMA, sell "
        "on the cross down. thanks in advance",
        ["I am trading since 3 years."],
    ),
    (
        "Long time lurker, first post. buy when RSI(2) < 10, sell when RSI(2) > 70. Not "
        "financial advice!",
        ["Long time lurker,", "first post.", "Not financial advice!"],
    ),
    (
        "v3: buy when the close is above the 20-day high, sell after 5 days. Any thoughts?",
        ["Any thoughts?"],
    ),
    (
        "Update: buy when RSI < 30, sell when RSI > 70. Let me know what you think",
        ["Update:", "Let me know what you think"],
    ),
    (
        "I am new. buy when price is above the 200 SMA, sell when below. sorry for my english",
        ["I am new.", "sorry for my english"],
    ),
    ("v2 buy when RSI < 30, sell when RSI > 70", ["v2"]),
    ("Hey guys, newbie here. buy when rsi < 25, sell when rsi > 75. Thoughts?", ["Thoughts?"]),
]

READ = (
    PRIOR_DAYS
    + PRIOR_WEEKDAYS
    + PRIOR_PERIODS
    + PROFIT_BY_A_TIME
    + LOOSE_LEVELS
    + RETURNS_TO_A_LINE
    + MONTH_DATES
    + CANDLE_PARTS
)
#: Days the calendar rules do not know: refused, saying why and what is read instead.
UNKNOWN_DAYS = [
    ("sell the week before options expiration", "Options expiration is the third Friday"),
    ("buy on the third Friday of the month before opex, sell after 5 days", "Options expiration"),
    ("buy the day before Thanksgiving, sell the day after", "Market holidays"),
    ("buy on Monday before Christmas, sell after 3 days", "Market holidays"),
    ("be long from Thanksgiving to New Year's", "Market holidays"),
]

#: Two symbols held by turns, or divided: a bot trades one symbol; refused, saying how to test.
TWO_SYMBOLS = [
    ("hold whichever of QQQ and TLT has the better 3-month return", "Switching between symbols"),
    ("hold the better of SPY and TLT by 6-month return, rebalance monthly", "Switching between"),
    ("when the SPY/TLT ratio is above its 50-day average buy SPY", "A ratio of two symbols"),
    ("buy SPY when the ratio of SPY to TLT crosses above its 50-day SMA", "A ratio of two"),
]

REFUSALS = [(text,) for text in HELD_WITHOUT_A_BUY] + UNKNOWN_DAYS + TWO_SYMBOLS


@pytest.mark.parametrize(("text", "expect"), READ)
def test_description_is_read_compiled_and_run(text, expect):
    corpus.test_description_is_read_compiled_and_run(text, expect)


#: What each family's echo says of how it was read (in the assumptions, problems or rules).
STATED = [
    (PRIOR_DAYS + PRIOR_WEEKDAYS, "assumptions", "read as the day before the order fills"),
    (PRIOR_PERIODS, "assumptions", "read as the last completed"),
    (PROFIT_BY_A_TIME, "problems", "A profit checked at one given time"),
    (LOOSE_LEVELS[:3], "assumptions", "(not its length"),
    (RETURNS_TO_A_LINE, "assumptions", "reaching the line while its close stays"),
    (MONTH_DATES[:4], "assumptions", "read as the first trading day on or after"),
    (MONTH_DATES[4:], "assumptions", "by the calendar (in a month where that day is a holiday"),
    (CANDLE_PARTS[:2] + CANDLE_PARTS[3:6], "rules", "(|close - open|)"),
]


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [(c.values[0], where, says) for rows, where, says in STATED for c in rows],
)
def test_how_a_phrase_was_read_is_stated(text, where, says):
    assert any(says in line for line in getattr(understand(text), where))


@pytest.mark.parametrize("text", HELD_WITHOUT_A_BUY)
def test_a_position_held_with_no_buy_is_refused_not_shorted(text):
    u = understand(text)
    assert u.spec is None
    assert "holds a position, but no rule says when it is bought" in u.refusal


@pytest.mark.parametrize(("text", "asides"), ASIDES)
def test_an_aside_about_the_writer_is_set_aside_and_echoed(text, asides):
    u = understand(text)
    assert u.complete, u.not_understood
    for aside in asides:
        assert f"Set aside '{aside}' (not a trading rule)" in u.assumptions


def test_a_clause_with_a_phrase_read_in_it_is_never_set_aside():
    u = understand("I've been trading SPY with this. buy when RSI < 30, sell when RSI > 70")
    assert u.spec.symbol == "SPY"
    assert not any(a.startswith("Set aside") for a in u.assumptions)


@pytest.mark.parametrize(("text", "says"), UNKNOWN_DAYS)
def test_a_day_the_calendar_does_not_know_is_refused_saying_why(text, says):
    u = understand(text)
    assert u.spec is None
    assert u.refusal.startswith(says)
    assert u.not_understood  # the words are named


@pytest.mark.parametrize(("text", "says"), TWO_SYMBOLS)
def test_two_symbols_by_turns_or_divided_are_refused_saying_how_to_test(text, says):
    u = understand(text)
    assert u.spec is None
    assert u.not_understood
    assert len(u.problems) == 1 and u.problems[0].startswith(says)
