"""The offline compiler on settings, clock times and symbols said the way people say them
(families unseen samples left partial or misread), each with variants written fresh:

* an average given its role in a phrase of its own ("Fast MA is the 8 EMA, slow is the 34
  EMA", "an 8 EMA as the fast MA") is the line that role names later, and a crossing said bare
  ("Long on the cross up") is the fast one crossing the slow one (the text was refused, or the
  roles took the default 50/200 SMAs with the averages said reported); the roles said bare
  where lines cross ("buy when fast crosses over slow") are those lines;
* the bars said in a sentence of their own with "is" ("Timeframe for everything is 15
  minutes", "The timeframe is 1 hour"), as "Timeframe: 15m" is;
* a clock time after a label's colon ("Exit: 15:55", "Cover: 15:50") is the exit at that time,
  as "exit at 15:55" is (it was unread, or joined the entry rule);
* an entry kept to the day's opening minutes ("in the first hour", "during the first 30
  minutes") is on bars opening less than that long after the day's first bar (it was unread);
* entries kept out of the day's first and last minutes ("avoid the first and last hour", "no
  entries during the first 15 minutes or the last 30 minutes"): the last minutes end the
  session of the market traded (330 minutes after a US stock's 9:30 open), stated (the last
  were unread);
* futures said by their root or their market's name ("NQ futures 1h", "ES 15m", "crude oil
  futures") are Yahoo's continuous front-month contract (NQ=F, ES=F, CL=F), no longer reported
  or read as the market's ETF; a company said by its name ("a strategy on Ford") is its ticker;
  a cashtag in a condition ("$spy gt 200sma" while trading $aapl) is that symbol's bars, a
  market filter (the line was read on the traded symbol's bars and the cashtag reported).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape

FIELDS = (*SETTINGS, "direction", "exit_fill", "entry_fill")
DAY = 24 * 60


def exit_at(minute: int, bar: int) -> str:
    """An exit at a time of day on bars of ``bar`` minutes: the first bar closing at or after
    it, or the day's last bar (as tests/test_generation_descriptions_session18.py writes it)."""
    window = list(range(minute - bar, DAY))
    return f"calendar minute_of_day {window} | calendar bar_of_day_from_end [1]"


SETTINGS_SAID_APART = [
    # a setting in a sentence of its own, used by the rules after it
    case(
        "Use a 21-period RSI. Buy when it drops under 25, sell over 75.",
        entry="rsi_21 x< 25",
        exit="rsi_21 > 75",
    ),
    case(
        "Timeframe for everything is 15 minutes. Buy SPY when RSI(7) drops below 20, sell when "
        "it goes above 80.",
        entry="rsi_7 x< 20",
        exit="rsi_7 x> 80",
        symbol="SPY",
        interval="15m",
    ),
    case(
        "The timeframe is 1 hour. Buy QQQ when the 9 EMA crosses above the 21 EMA, sell on the "
        "cross down.",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="QQQ",
        interval="1h",
    ),
    case(
        "Chart timeframe for all signals is 4h. Trade BTC-USD: buy when RSI(14) < 30, sell when "
        "> 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="BTC-USD",
        interval="4h",
    ),
    case(
        "Chart: 4h. Symbol: ETH-USD. Buy when RSI(14) is below 30, sell when above 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="ETH-USD",
        interval="4h",
    ),
    # averages given their role apart: the lines named by it, and a crossing said bare
    case(
        "Fast MA is the 8 EMA, slow is the 34 EMA. Long on the cross up.",
        entry="ema_8 x> ema_34",
        exit="ema_8 x< ema_34",
        says="'Fast MA is the 8 EMA' read as the fast line",
    ),
    case(
        "Fast average: 12 SMA. Slow average: 50 SMA. Buy when the fast average crosses above the "
        "slow average, sell when it crosses below.",
        entry="sma_12 x> sma_50",
        exit="sma_12 x< sma_50",
    ),
    case(
        "The fast line is a 5 EMA and the slow line a 20 EMA. Short on the cross down, cover on "
        "the cross up.",
        short_entry="ema_5 x< ema_20",
        short_exit="ema_5 x> ema_20",
        direction="short",
    ),
    case(
        "Use an 8 EMA as the fast MA and a 34 EMA as the slow MA. Buy when the fast MA crosses "
        "above the slow MA, exit on the cross down.",
        entry="ema_8 x> ema_34",
        exit="ema_8 x< ema_34",
    ),
    case(
        "The quick one is a 9 EMA, the slow one is a 21 EMA. Buy on the cross up, sell on the "
        "cross down. QQQ 15m.",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="QQQ",
        interval="15m",
    ),
    case(
        "Slow MA is the 200 SMA. Buy when the close is above the slow MA and RSI(14) < 30, sell "
        "when RSI(14) > 70.",
        entry="close > sma_200 & rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    # the roles said bare where lines cross ("fast crosses over slow")
    case(
        "My fast average is the 20 EMA and my slow average is the 100 EMA; buy when fast "
        "crosses over slow.",
        entry="ema_20 x> ema_100",
        exit="ema_20 x< ema_100",
    ),
    case(
        "Fast is the 5 EMA, slow is the 13 EMA. Short when fast crosses under slow, cover when "
        "fast crosses back over slow.",
        short_entry="ema_5 x< ema_13",
        short_exit="ema_5 x> ema_13",
        direction="short",
    ),
    case(
        "fast ema 8, slow ema 34, buy when fast crosses above slow",
        entry="ema_8 x> ema_34",
        exit="ema_8 x< ema_34",
    ),
    case(
        "Fast EMA 12 and slow EMA 26. Go long on the cross up, exit on the cross down.",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    case(
        "Buy when fast crosses above slow, sell when fast crosses below slow.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        says="Fast/slow SMA periods 50/200 (a common pair) because none were given",
    ),
]

CLOCK_LABELS = [
    case(
        "On SPY 5m bars, buy when RSI(14) crosses above 30. Exit: 15:55.",
        entry="rsi_14 x> 30",
        exit=exit_at(955, 5),
        exit_fill="close",
        symbol="SPY",
        interval="5m",
        says="first bar closing at or after 15:55",
    ),
    case(
        "On QQQ 15m. Entry: price crosses above VWAP. Exit: 3:45pm. Stop: 0.5%.",
        entry="close x> vwap",
        exit=exit_at(945, 15),
        exit_fill="close",
        stop_loss_pct=0.5,
        symbol="QQQ",
        interval="15m",
    ),
    case(
        "On ES 5m: short when RSI(9) > 80. Cover: 15:50.",
        short_entry="rsi_9 > 80",
        short_exit=exit_at(950, 5),
        exit_fill="close",
        direction="short",
        symbol="ES=F",
        interval="5m",
    ),
]


def in_the_first(minutes: int) -> str:
    """Bars opening less than ``minutes`` after their day's first bar, in the rule notation."""
    return f"calendar minute_of_session {list(range(minutes))}"


OPENING_WINDOWS = [
    # entries kept to the day's opening minutes, counted from its first bar
    case(
        "VWAP reclaim in the first hour on SPY 5m bars: buy when price crosses back above VWAP "
        "during the first hour, exit at the close of the day.",
        entry=f"close x> vwap & {in_the_first(60)}",
        exit="calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "On AAPL 15m: buy when price reclaims VWAP in the first 60 minutes, 1% stop, flat at "
        "3:55pm.",
        entry=f"close x> vwap & {in_the_first(60)}",
        exit=exit_at(955, 15),
        exit_fill="close",
        stop_loss_pct=1.0,
        symbol="AAPL",
        interval="15m",
    ),
    case(
        "On QQQ 5m bars, buy when RSI(7) crosses below 20 within the first 30 minutes, sell when "
        "RSI(7) > 60.",
        entry=f"rsi_7 x< 20 & {in_the_first(30)}",
        exit="rsi_7 > 60",
        symbol="QQQ",
        interval="5m",
    ),
    case(
        "On TSLA 1m bars, short when price crosses below VWAP in the first half hour, cover at "
        "11am.",
        short_entry=f"close x< vwap & {in_the_first(30)}",
        short_exit=exit_at(660, 1),
        exit_fill="close",
        direction="short",
        symbol="TSLA",
        interval="1m",
    ),
]


def session_minutes(start: int, stop: int = DAY) -> str:
    """Bars opening ``start`` up to ``stop`` minutes after their day's first bar."""
    return f"calendar minute_of_session {list(range(start, stop))}"


SESSION_EDGES = [
    # entries kept out of the day's first and last minutes; the last end the market's session
    # (a US stock's 390 minutes, crypto's 1440)
    case(
        "On SPY 15m bars, buy when the 9 EMA crosses above the 21 EMA, sell on the cross down; "
        "avoid the first and last hour.",
        entry=f"ema_9 x> ema_21 & {session_minutes(60, 330)}",
        exit="ema_9 x< ema_21",
        symbol="SPY",
        interval="15m",
        says="the last 60 minutes read as the bars opening 330 minutes or more",
    ),
    case(
        "On QQQ 5-minute bars, no entries during the first 15 minutes or the last 30 minutes. "
        "Buy when price crosses above VWAP, sell when it crosses below.",
        entry=f"close x> vwap & {session_minutes(15, 360)}",
        exit="close x< vwap",
        symbol="QQQ",
        interval="5m",
    ),
    case(
        "On AAPL 5m bars, buy when RSI(14) < 25, sell when RSI(14) > 60, no trades in the last "
        "hour.",
        entry=f"rsi_14 < 25 & {session_minutes(0, 330)}",
        exit="rsi_14 > 60",
        symbol="AAPL",
        interval="5m",
    ),
    case(
        "BTC-USD 1h: buy when RSI(14) < 30, sell when > 70, don't trade the first and the last 2 "
        "hours.",
        entry=f"rsi_14 < 30 & {session_minutes(120, 1320)}",
        exit="rsi_14 > 70",
        symbol="BTC-USD",
        interval="1h",
        says="crypto trades around the clock",
    ),
]

SYMBOLS = [
    # futures by their root or by their market's name: the continuous front-month contract
    case(
        "NQ futures 1h: buy when the 20 EMA crosses above the 50 EMA, sell on the cross down.",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="NQ=F",
        interval="1h",
    ),
    case(
        "ES 15m: buy when RSI(14) crosses below 30, sell when it crosses above 70.",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="ES=F",
        interval="15m",
    ),
    case(
        "Crude oil futures: buy on a 20-day breakout, sell on a 10-day low.",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="CL=F",
    ),
    case(
        "Gold futures daily: buy when price is above the 200 SMA and RSI(14) < 40, sell when "
        "RSI > 65.",
        entry="close > sma_200 & rsi_14 < 40",
        exit="rsi_14 > 65",
        symbol="GC=F",
        interval="1d",
    ),
    case(
        "Trade MES on 5 minute bars: buy when the close crosses above the 9 EMA, sell when it "
        "crosses below.",
        entry="close x> ema_9",
        exit="close x< ema_9",
        symbol="MES=F",
        interval="5m",
    ),
    # a market's name alone is still its ETF, and a ticker said in brackets is the one traded
    case(
        "Buy crude oil (USO) when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="USO",
    ),
    # a cashtag in a condition is that symbol's bars: a market filter on the traded one
    case(
        "Buy $aapl when rsi(14) lt 30 and $spy gt 200sma, sell when rsi gt 70.",
        entry="rsi_14 < 30 & close@SPY > spy_sma_200",
        exit="rsi_14 > 70",
        symbol="AAPL",
    ),
    case(
        "Long $msft when the 20 ema crosses above the 50 ema, only if $qqq is above its 200 sma. "
        "Sell on the cross down.",
        entry="ema_20 x> ema_50 & close@QQQ > qqq_sma_200",
        exit="ema_20 x< ema_50",
        symbol="MSFT",
    ),
    case(
        "$tsla: short when RSI(14) > 75 and $qqq < 50 sma, cover when RSI(14) < 50.",
        short_entry="rsi_14 > 75 & close@QQQ < qqq_sma_50",
        short_exit="rsi_14 < 50",
        direction="short",
        symbol="TSLA",
    ),
    # companies by the names people call them
    case(
        "A strategy on Ford: buy when RSI(14) drops below 30, sell when it rises above 70.",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="F",
    ),
    case(
        "Buy General Motors when RSI(2) is below 5, sell when it is above 70.",
        entry="rsi_2 < 5",
        exit="rsi_2 > 70",
        symbol="GM",
    ),
    case(
        "Short Coinbase when RSI(14) > 80, cover when < 50.",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        direction="short",
        symbol="COIN",
    ),
]

CASES = SETTINGS_SAID_APART + CLOCK_LABELS + OPENING_WINDOWS + SESSION_EDGES + SYMBOLS


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_window_after_a_label_is_no_clock_point():
    """ "Hours: 9:45-11:00" is a window (unread here, so reported), never an exit at 9:45."""
    u = understand("On SPY 15m bars. Hours: 9:45-11:00. Buy when RSI(14) < 30, sell when > 70.")

    assert u.spec is not None and u.spec.exit is not None
    assert "minute_of_day" not in u.spec.exit.model_dump_json()


SECOND_SYMBOLS = [
    # (text, the symbol tested, the one asked for too)
    (
        "Buy SPY when RSI(2) is below 10, sell when it is above 90. Same thing but for QQQ.",
        "SPY",
        "QQQ",
    ),
    (
        "Buy AAPL when the 10 SMA crosses above the 30 SMA, sell on the cross down. Then run it "
        "on MSFT too.",
        "AAPL",
        "MSFT",
    ),
    ("Buy SPY when RSI(2) < 10, sell when RSI(2) > 90. Do the same for TSLA.", "SPY", "TSLA"),
    ("Short QQQ when RSI(14) > 80, cover < 50. Also test on IWM.", "QQQ", "IWM"),
    (
        "Test this on both NVDA and AMD: buy when RSI(14) < 30, sell when RSI(14) > 70.",
        "NVDA",
        "AMD",
    ),
]


@pytest.mark.parametrize(("text", "tested", "also"), SECOND_SYMBOLS)
def test_a_second_symbol_asked_for_is_reported_never_dropped(text: str, tested: str, also: str):
    """One bot trades one symbol: the first is read, and the one asked for too is reported with
    how to test it, so the reading is not complete."""
    u = understand(text)

    assert u.spec is not None and u.spec.symbol == tested
    assert not u.complete
    assert any(f"To test {also} too" in problem for problem in u.problems), u.problems


NAMED_SESSIONS = [
    "Trade EURUSD=X on 1h bars: buy when RSI(14) is below 30, sell above 70. Only trade the "
    "London session.",
    "Only trade the New York session. Buy EURUSD=X on 15m bars when the 20 EMA crosses above "
    "the 50 EMA, sell on the cross down.",
    "GBPUSD=X 15m: short when RSI(14) > 70 during the London/NY overlap, cover when RSI < 50.",
]


@pytest.mark.parametrize("text", NAMED_SESSIONS)
def test_a_session_named_by_its_market_is_read_as_its_usual_hours_said_back(text: str):
    """A session named by its market is the window of the day of its usual hours in UTC
    (``vocab.SESSION_HOURS``), read on the data's own clock and said back so: the entry is
    kept to it (the rows with their windows are in test_generation_descriptions_session_ranges;
    until sessions21 these were reported instead)."""
    u = understand(text)

    assert u.complete, u.not_understood
    assert any("the session's usual hours" in a and "UTC" in a for a in u.assumptions)
    entry = u.spec.entry or u.spec.short_entry
    assert "calendar minute_of_day" in rule_shape(entry)
