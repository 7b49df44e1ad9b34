"""The offline compiler on intraday sessions as day traders write them (issue 10):

* "exit at the close", "or at the close", "cover at the bell" on intraday bars are the market's
  close: the close of the day's last bar (they were unread, or read as the signal bar's fill);
* "no overnight holds", "day trade only", "intraday only" on intraday bars add that exit, or
  restate it when one is said (they were unread or silently dropped);
* an opening range's length defined once ("opening range = first 30 min", "ORB 15", "the
  opening range high (first 15 minutes)") is that of every opening range said without one (it
  was the day's first bar), "the break of the 15 min opening range high" is that range's high
  (it was a 15-bar channel), "the first 5-minute bar's high" is the 5-minute opening range's;
* "only trade the first hour" / "the last hour" keep entries to those minutes of the day;
* the day's opening move ("if the first 15 minutes are up, short", "the first hour closed
  green", "the opening 30 min range closes red", "the first 5 min candle closed up") is the
  close of those minutes' last bar against the day's open (an opening range's close and open,
  known at that close), traded once a day on the bar right after them unless a time or another
  condition says when (it was refused or read as one bar's move);
* a time said in a zone ("9:45 ET", "21:00 UTC") is read when the zone is the data's own clock
  (Yahoo's US stocks: New York; crypto: UTC), and reported, never shifted silently, when not.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may
be set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.support import assert_trades_like_reference

FIELDS = (*SETTINGS, "direction", "exit_fill", "entry_fill", "take_profit_pct")
DAY = 24 * 60
DAY_END = "calendar bar_of_day_from_end [1]"


def minutes(field: str, start: int, stop: int = DAY) -> str:
    """Bars whose ``field`` (minute_of_day, minute_of_session) is ``start`` up to ``stop``."""
    return f"calendar {field} {list(range(start, stop))}"


DAY_ENDS = [
    case(
        "On SPY 5-minute bars, buy when price breaks above the high of the first 30 minutes, "
        "exit at the close. No overnight holds.",
        entry="close x> opening_range_6.high",
        exit=DAY_END,
        exit_fill="close",
        symbol="SPY",
        interval="5m",
        says="restates the exit at the day's last bar",
    ),
    case(
        "On SPY 15m bars buy when RSI(14) drops below 30, exit when rsi goes above 50 or at the "
        "close",
        entry="rsi_14 x< 30",
        exit=f"rsi_14 x> 50 | {DAY_END}",
        exit_fill="close",
        symbol="SPY",
        interval="15m",
        says="'at the close' on intraday bars read as the market's close",
    ),
    case(
        "on spy 1m, buy when rsi(14) < 30, exit at close",
        entry="rsi_14 < 30",
        exit=DAY_END,
        exit_fill="close",
        symbol="SPY",
        interval="1m",
    ),
    case(
        "SPY 5m: short when rsi(14) > 70 and cover at the bell",
        short_entry="rsi_14 > 70",
        short_exit=DAY_END,
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "day trade only. on TSLA 2m bars buy when macd crosses above signal after 10:00, sell "
        "when it crosses back below",
        entry=f"macd_12_26_9.macd x> macd_12_26_9.signal & {minutes('minute_of_day', 600)}",
        exit=f"{DAY_END} | macd_12_26_9.macd x< macd_12_26_9.signal",
        exit_fill="close",
        symbol="TSLA",
        interval="2m",
        says="'day trade only' on intraday bars read as an exit at the close of each day's",
    ),
    case(
        "SPY 5m: short when rsi(14) > 70, cover when rsi(14) < 40, dont hold overnight",
        short_entry="rsi_14 > 70",
        short_exit=f"rsi_14 < 40 | {DAY_END}",
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "QQQ 15 min chart - long when the 9 ema crosses the 21 ema, sell when it crosses back "
        "under. intraday only, no overnight positions",
        entry="ema_9 x> ema_21",
        exit=f"ema_9 x< ema_21 | {DAY_END}",
        exit_fill="close",
        symbol="QQQ",
        interval="15m",
    ),
]

OPENING_RANGES = [
    case(
        "SPY 5m bars: opening range is the first 15 minutes. buy when price breaks above the "
        "opening range high, exit at the close",
        entry="close x> opening_range_3.high",
        exit=DAY_END,
        exit_fill="close",
        symbol="SPY",
        interval="5m",
        says="'opening range is the first 15 minutes' read as the length of the opening range",
    ),
    case(
        "SPY 5-min. Opening range = first 30 min. Buy when price crosses above the opening range "
        "high, sell at EOD.",
        entry="close x> opening_range_6.high",
        exit=DAY_END,
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "AAPL 5 minute: buy when price closes above the opening range high (first 15 minutes), "
        "stop at the opening range low, take profit 2%, exit by end of day if neither hits",
        entry="close > opening_range_3.high",
        exit=f"close < opening_range_3.low | {DAY_END}",
        take_profit_pct=2.0,
        entry_fill="close",
        exit_fill="close",
        symbol="AAPL",
        interval="5m",
    ),
    case(
        "SPY 1 minute. ORB 15: buy the break of the 15 min opening range high, stop at the "
        "opening range low, flat by EOD",
        entry="close x> opening_range_15.high",
        exit=f"close < opening_range_15.low | {DAY_END}",
        exit_fill="close",
        symbol="SPY",
        interval="1m",
    ),
    case(
        "SPY 1m bars: buy when price breaks above the first 5-minute bar's high, exit at the close",
        entry="close x> opening_range_5.high",
        exit=DAY_END,
        exit_fill="close",
        symbol="SPY",
        interval="1m",
    ),
    case(
        "on 1 minute bars short SPY when it breaks below the first 15 minute candle's low, "
        "cover at 11am",
        short_entry="close x< opening_range_15.low",
        short_exit=f"{minutes('minute_of_day', 659)} | {DAY_END}",
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="1m",
    ),
    # the break of a line said with its length is that line, never an N-bar channel
    case(
        "buy the break of the 20 ema on SPY daily, sell when rsi(14) > 70",
        entry="close x> ema_20",
        exit="rsi_14 > 70",
        symbol="SPY",
        interval="1d",
    ),
]

SESSION_PARTS = [
    case(
        "On SPY 15m bars buy when RSI(14) drops below 30 but only trade the first hour. exit "
        "when rsi goes above 50 or at the close",
        entry=f"rsi_14 x< 30 & {minutes('minute_of_session', 0, 60)}",
        exit=f"rsi_14 x> 50 | {DAY_END}",
        exit_fill="close",
        symbol="SPY",
        interval="15m",
    ),
    case(
        "Only trade the last hour: on QQQ 5-minute bars buy when price crosses above VWAP, exit "
        "at the close",
        entry=f"close x> vwap & {minutes('minute_of_session', 330)}",
        exit=DAY_END,
        exit_fill="close",
        symbol="QQQ",
        interval="5m",
        says="the last 60 minutes read as the bars opening 330 minutes or more",
    ),
]

SESSION_PARTS += [
    # said in a sentence or a title of its own, it keeps every entry to those minutes
    case(
        "Only trade the first 90 minutes on IWM 5m: buy when the close is above the day's open "
        "and rsi(14) > 50, sell at 11am",
        entry=f"close > this_day.open & rsi_14 > 50 & {minutes('minute_of_session', 0, 90)}",
        exit=f"{minutes('minute_of_day', 655)} | {DAY_END}",
        exit_fill="close",
        symbol="IWM",
        interval="5m",
    ),
    case(
        "On IWM 5m, only trade the first 90 minutes. buy when rsi(14) > 50, sell at 11am",
        entry=f"rsi_14 > 50 & {minutes('minute_of_session', 0, 90)}",
        exit=f"{minutes('minute_of_day', 655)} | {DAY_END}",
        exit_fill="close",
        symbol="IWM",
        interval="5m",
    ),
    case(
        "No trades in the first hour on SPY 5m: buy when rsi(14) < 30, sell when rsi(14) > 70",
        entry=f"rsi_14 < 30 & {minutes('minute_of_session', 60)}",
        exit="rsi_14 > 70",
        symbol="SPY",
        interval="5m",
    ),
]

ZONES = [
    case(
        "buy SPY 5m when the 9 ema crosses above the 21 ema between 9:45 and 11:00 ET, exit at "
        "15:55 ET",
        entry=f"ema_9 x> ema_21 & {minutes('minute_of_day', 585, 660)}",
        exit=f"{minutes('minute_of_day', 950)} | {DAY_END}",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
        says="'ET' is the data's own clock (Yahoo's bars of a US stock are in New York time)",
    ),
    case(
        "BTC-USD 1h: buy when the 20 ema crosses over the 50 ema, only between 14:30 and 21:00 "
        "UTC, exit at 21:00 UTC",
        entry=f"ema_20 x> ema_50 & {minutes('minute_of_day', 870, 1260)}",
        exit=f"{minutes('minute_of_day', 1200)} | {DAY_END}",
        exit_fill="close",
        symbol="BTC-USD",
        interval="1h",
        says="'UTC' is the data's own clock (Yahoo's crypto bars are in UTC)",
    ),
]

OPENING_MOVES = [
    case(
        "Fade the first 15 minutes move on SPY 1m bars: if the first 15 minutes are up, short, "
        "cover at 11am",
        short_entry="opening_range_15.close > opening_range_15.open & "
        + minutes("minute_of_session", 15, 16),
        short_exit=f"{minutes('minute_of_day', 659)} | {DAY_END}",
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="1m",
        says="The opening move is traded once a day: on the bar opening 15 minutes after",
    ),
    case(
        "SPY 5m: if the opening 30 min range closes red, short. cover at the close",
        short_entry="opening_range_6.close < opening_range_6.open & "
        + minutes("minute_of_session", 30, 35),
        short_exit=DAY_END,
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    # the high or low broken after an opening range is said is that range's, not the bar's
    case(
        "hey so i want to try a strategy on SPY 5 min candles where if the opening 30 min range "
        "closes red i short at the break of the low, and cover at the close. dont hold overnight",
        short_entry="opening_range_6.close < opening_range_6.open & close < opening_range_6.low",
        short_exit=DAY_END,
        direction="short",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
        says="The break of the low read as the low of the opening range said before",
    ),
    # a time said is when: the move is a state known from its last bar on
    case(
        "I want a bot that buys SPY on 5 min bars at 9:35 if the first 5 min candle closed up "
        "and sells at 4pm",
        entry=minutes("minute_of_day", 575, 580)
        + " & opening_range_1.close > opening_range_1.open",
        exit=f"{minutes('minute_of_day', 955)} | {DAY_END}",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "first hour fade on QQQ 5m bars: if the first hour's move is down, buy at 10:30am; sell "
        "at 3:45pm",
        entry="opening_range_12.close < opening_range_12.open & "
        + minutes("minute_of_day", 630, 635),
        exit=f"{minutes('minute_of_day', 940)} | {DAY_END}",
        exit_fill="close",
        symbol="QQQ",
        interval="5m",
    ),
]

SESSION_ENDS = [
    # the end of a session named by its market is a time to exit at, never a window to exit in
    case(
        "On EURUSD 1h bars go long when price breaks above the Asian session high during the "
        "London session, exit at the close of the London session",
        entry=f"close x> session_range_420_420.high & {minutes('minute_of_day', 480, 1020)}",
        exit=f"{minutes('minute_of_day', 960)} | {DAY_END}",
        exit_fill="close",
        entry_fill="next_open",
        symbol="EURUSD=X",
        interval="1h",
        says="'at the close of the London session' read as a time: the session's end",
    ),
    case(
        "EURUSD 1h: buy when rsi(14) < 30, sell at the end of the New York session",
        entry="rsi_14 < 30",
        exit=f"{minutes('minute_of_day', 1260)} | {DAY_END}",
        exit_fill="close",
        symbol="EURUSD=X",
        interval="1h",
    ),
]

CASES = DAY_ENDS + OPENING_RANGES + SESSION_PARTS + ZONES + OPENING_MOVES + SESSION_ENDS


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "said", "clock"),
    [
        (
            "SPY 5m: buy when rsi(14) < 30 between 14:30 and 16:00 UTC, sell when rsi(14) > 70",
            "between 14:30 and 16:00 UTC",
            "New York time",
        ),
        (
            "BTC-USD 1h: buy when rsi(14) < 30 from 9:30 to 11 am New York time, sell when "
            "rsi(14) > 60",
            "from 9:30 to 11 am New York time",
            "UTC",
        ),
        (
            "SPY 15m: buy when rsi(14) < 30, exit at 20:45 UTC",
            "at 20:45 UTC",
            "New York time",
        ),
    ],
)
def test_a_time_in_another_zone_than_the_datas_is_reported_never_shifted(
    text: str, said: str, clock: str
):
    """Botlab never converts a time between zones (daylight saving moves them apart): a time
    said in a zone other than the data's clock is reported with the clock to say it on."""
    u = understand(text)
    assert not u.complete
    assert said in u.not_understood
    assert any(f"Say the time in {clock}" in p for p in u.problems), u.problems
    assert "minute_of_day" not in u.spec.model_dump_json()


def test_at_the_close_on_daily_bars_stays_the_same_bars_close():
    """On daily bars "at the close" is the fill of the bar, never a day-end rule."""
    u = understand(
        "On SPY daily bars buy at the open when yesterday closed down and exit at the close"
    )
    assert u.spec.exit_same_bar or u.spec.exit_fill == "close"
    assert "bar_of_day_from_end" not in u.spec.model_dump_json()
    assert not any("market's close" in a for a in u.assumptions)


class FadeTheFirstTwoHours(Strategy):
    """On EURUSD 1h bars, if the first 2 hours are up, short; cover when the close crosses below
    the 20 SMA: the day's first 2 hourly bars moved up when the second one's close is above the
    first one's open (known at that close); the short is placed then, once a day, filling as the
    next bar opens 2 hours after the day's first bar (midnight on most days of these bars)."""

    def init(self):
        index = pd.DatetimeIndex(self.data.index)
        days = pd.Series(index.normalize())
        count = days.groupby(days).cumcount().to_numpy()
        opens = pd.Series(self.data.Open, dtype=float).groupby(days.to_numpy()).transform("first")
        second = pd.Series(self.data.Close, dtype=float).where(count == 1)
        self.moved_up = (
            (second.groupby(days.to_numpy()).transform("last") > opens) & (count >= 1)
        ).to_numpy()
        minute = pd.Series(index.hour * 60 + index.minute, dtype=float)
        first = minute.groupby(days).transform("min")
        self.next_since_first = (minute - first).shift(-1).to_numpy()
        self.sma = self.I(lambda c: pd.Series(c).rolling(20).mean().to_numpy(), self.data.Close)

    def next(self):
        now = len(self.data) - 1
        if not self.position:
            if self.moved_up[now] and 120 <= self.next_since_first[now] < 180:
                self.sell(size=0.99)
        elif crossover(self.sma, self.data.Close):
            self.position.close()


def test_the_opening_move_trades_like_the_reference():
    assert_trades_like_reference(FadeTheFirstTwoHours, "EURUSD")
