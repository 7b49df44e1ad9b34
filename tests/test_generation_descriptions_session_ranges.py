"""The offline compiler on a day trader's ranges over a time of the day and the sessions named
by their market (issue 10: "Understand what people actually write").

* "the Asian session high", "the high of the Asian session", "the Tokyo session low", "the high
  between 00:00 and 06:00", "the high of the 9:30-10:00 range", "the opening range low
  (09:30-10:00)", "the pre-London range high (03:00-07:00 UTC)": the high or low of each day's
  bars opening in that window (``session_range``), known from the first bar opening at or after
  the window's end, never before (the reference and look-ahead checks are in
  ``test_generation_reference_session_ranges``).
* A session named by its market has its usual hours (``vocab.SESSION_HOURS``, UTC, read on the
  data's own clock), said back as an assumption; hours in brackets after it are the writer's;
  "mark the high and low between 00:00 and 06:00" gives a range named later its hours.
* "only trade the London session", "during the London/NY overlap", "during London
  (08:00-12:00 UTC)": the window of the day the bar an order fills on opens in, as "between 8:00
  and 17:00" is.
* "the 1h close above the 200 EMA on the 4h chart": the bars tested are the line's (1h), the
  chart said after the condition the other line's.

Rows use the notation of ``tests/generation/rules_support.py``; each is compiled and run over
every bar of the bundled hourly EURUSD.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import case, check_row


def minutes(start: str, stop: str) -> str:
    """A window of the day in the notation: ``calendar minute_of_day [start, ..., stop - 1]``."""
    first, last = (int(t[:2]) * 60 + int(t[3:]) for t in (start, stop))
    return f"calendar minute_of_day {list(range(first, last))}"


def clock_exit(start: str) -> str:
    """ "exit at 16:00" on bars opening at ``start`` before it: that bar closes the trade, or the
    day's last bar."""
    return f"{minutes(start, '24:00')} | calendar bar_of_day_from_end [1]"


RANGES = [
    case(
        "On EURUSD 1h bars, buy when the close crosses above the Asian session high, only "
        "during the London session, exit at 16:00",
        entry=f"close x> session_range_420_420.high & {minutes('08:00', '17:00')}",
        exit=clock_exit("15:00"),
        symbol="EURUSD",
        interval="1h",
        exit_fill="close",
        says="'Asian session high' read as 00:00-07:00 UTC",
    ),
    case(
        "On EURUSD 15m bars, mark the high and low between 00:00 and 06:00 UTC, then buy a close "
        "above the Asian high during London (08:00-12:00 UTC)",
        entry=f"close > session_range_360_360.high & {minutes('08:00', '12:00')}",
        exit="close < session_range_360_360.high",
        symbol="EURUSD",
        interval="15m",
        says="'Asian high' read as the range of 00:00-06:00 defined before it",
    ),
    case(
        "QQQ 15m. Short when price breaks below the opening range low (09:30-10:00). Cover at "
        "15:45.",
        short_entry="close x< session_range_600_30.low",
        short_exit=clock_exit("15:30"),
        symbol="QQQ",
        interval="15m",
        direction="short",
        exit_fill="close",
    ),
    case(
        "On 30-minute bars of EURUSD, short when the close drops below the low between 00:00 and "
        "06:00, cover at 14:00",
        short_entry="close x< session_range_360_360.low",
        short_exit=clock_exit("13:30"),
        symbol="EURUSD",
        interval="30m",
        direction="short",
        exit_fill="close",
    ),
    case(
        "Buy SPY on 5 minute bars when the close breaks above the high of the 9:30-10:00 range; "
        "exit at 15:55",
        entry="close x> session_range_600_30.high",
        exit=clock_exit("15:50"),
        symbol="SPY",
        interval="5m",
        exit_fill="close",
    ),
    case(
        "on 1h GBPUSD=X bars, short when the close crosses below the Tokyo session low, cover "
        "after 4 bars",
        short_entry="close x< session_range_540_540.low",
        symbol="GBPUSD=X",
        interval="1h",
        direction="short",
        exit_after_bars=4,
        says="'Tokyo session low' read as 00:00-09:00 UTC",
    ),
    case(
        "On 15 minute EURUSD bars go long when the close is above the high of the Asian session "
        "and RSI(14) is above 50, sell after 8 bars",
        entry="close > session_range_420_420.high & rsi_14 > 50",
        symbol="EURUSD",
        interval="15m",
        exit_after_bars=8,
    ),
    case(
        "GBPJPY 30m, trade only between 07:00 and 11:00 UTC. Buy when price closes above the "
        "pre-London range high (03:00-07:00 UTC). Stop loss 0.5%.",
        entry=f"close > session_range_420_240.high & {minutes('07:00', '11:00')}",
        symbol="GBPJPY=X",
        interval="30m",
        stop_loss_pct=0.5,
    ),
]

#: A range's two sides: "long above the range, short below it" is its high, then its low; "short
#: a close below the range low" is the short rule ("short" there is no line's role).
BOTH_SIDES = [
    case(
        "On EURUSD 15m, mark the high and low between 00:00 and 07:00 UTC. Go long above the range "
        "and short below it, exit after 6 bars",
        entry="close > session_range_420_420.high",
        short_entry="close < session_range_420_420.low",
        symbol="EURUSD",
        interval="15m",
        direction="both",
        exit_after_bars=6,
    ),
    case(
        "On 1h EURUSD bars buy a close above the high between 01:00 and 06:00, short a close below "
        "the low between 01:00 and 06:00, exit after 5 bars",
        entry="close > session_range_360_300.high",
        short_entry="close < session_range_360_300.low",
        symbol="EURUSD",
        interval="1h",
        direction="both",
        exit_after_bars=5,
    ),
    case(
        "on 5m SPY bars go long above the opening range and short below it, flat at 15:55",
        entry="close > opening_range_1.high",
        short_entry="close < opening_range_1.low",
        short_exit=clock_exit("15:50"),
        exit=clock_exit("15:50"),
        symbol="SPY",
        interval="5m",
        direction="both",
        exit_fill="close",
    ),
]

NAMED_SESSIONS = [
    case(
        "Trade EURUSD=X on 1h bars: buy when RSI(14) is below 30, sell above 70. Only trade the "
        "London session.",
        entry=f"rsi_14 < 30 & {minutes('08:00', '17:00')}",
        exit="rsi_14 > 70",
        symbol="EURUSD=X",
        interval="1h",
        says="'the London session' read as 08:00-17:00 UTC",
    ),
    case(
        "Only trade the New York session. Buy EURUSD=X on 15m bars when the 20 EMA crosses above "
        "the 50 EMA, sell on the cross down.",
        entry=f"ema_20 x> ema_50 & {minutes('13:00', '22:00')}",
        exit="ema_20 x< ema_50",
        symbol="EURUSD=X",
        interval="15m",
        says="'the New York session' read as 13:00-22:00 UTC",
    ),
    case(
        "GBPUSD=X 15m: short when RSI(14) > 70 during the London/NY overlap, cover when RSI < 50.",
        short_entry=f"rsi_14 > 70 & {minutes('13:00', '17:00')}",
        short_exit="rsi_14 < 50",
        symbol="GBPUSD=X",
        interval="15m",
        direction="short",
        says="'the London/NY overlap' read as 13:00-17:00 UTC",
    ),
]

#: A line said on the bars tested beside a longer chart said after the condition: "the 1h close
#: above the 200 EMA on the 4h chart" tests on 1h bars, the EMA on 4-hour bars built from them
#: (the reference is in test_generation_reference_session_ranges; that a 4-hour value is used
#: only after its 4 hours, in test_generation_descriptions_ranges).
LONGER_CHARTS = [
    case(
        "buy when the 1h close is above the 200 EMA on the 4h chart",
        entry="close > h4_ema_200",
        exit="close < h4_ema_200",
        interval="1h",
        says="The 1h said of a line is the bars tested",
    ),
    case(
        "buy EURUSD when the 15m close crosses above the 50 EMA on the 1h chart, sell after 8 bars",
        entry="close x> h1_ema_50",
        symbol="EURUSD",
        interval="15m",
        exit_after_bars=8,
    ),
    case(
        "go long GBPUSD=X when the 30m close is above the 20 SMA on the 4h chart, exit when the "
        "30m close is below the 20 SMA on the 4h chart",
        entry="close > h4_sma_20",
        exit="close < h4_sma_20",
        symbol="GBPUSD=X",
        interval="30m",
    ),
    case(
        "on 15m bars, only long when the 1h RSI is above 50",
        entry="h1_rsi_14 > 50",
        exit="h1_rsi_14 < 50",
        interval="15m",
    ),
]

FIELDS = {"exit_after_bars": None, "direction": "long", "interval": None, "exit_fill": "next_open"}


@pytest.mark.parametrize(("text", "expect"), RANGES + BOTH_SIDES + NAMED_SESSIONS + LONGER_CHARTS)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Only trade the Sydney session. Buy EURUSD=X on 1h bars when RSI(14) is below 30.",
            "Sydney",
        ),
        (
            "On EURUSD 1h bars buy when the close crosses above the overnight range high.",
            "overnight",
        ),
    ],
)
def test_a_session_without_hours_on_one_day_is_reported(text: str, words: str):
    """Sydney's session crosses midnight and "the overnight range" has no standard hours: with
    no hours said, neither is guessed into a window; the words are reported."""
    u = understand(text)

    assert not u.complete
    assert any(words in said for said in u.not_understood), u.not_understood
    assert u.spec is None or not any(i.kind == "session_range" for i in u.spec.indicators)
