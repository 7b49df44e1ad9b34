"""The offline compiler on settings, clock times and symbols said the way people say them
(families unseen samples left partial or misread), each with variants written fresh:

* a clock time after a label's colon ("Exit: 15:55", "Cover: 15:50") is the exit at that time,
  as "exit at 15:55" is (it was unread, or joined the entry rule);
* futures said by their root or their market's name ("NQ futures 1h", "ES 15m", "crude oil
  futures") are Yahoo's continuous front-month contract (NQ=F, ES=F, CL=F), no longer reported
  or read as the market's ETF; a company said by its name ("a strategy on Ford") is its ticker.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction", "exit_fill", "entry_fill")
DAY = 24 * 60


def exit_at(minute: int, bar: int) -> str:
    """An exit at a time of day on bars of ``bar`` minutes: the first bar closing at or after
    it, or the day's last bar (as tests/test_generation_descriptions_session18.py writes it)."""
    window = list(range(minute - bar, DAY))
    return f"calendar minute_of_day {window} | calendar bar_of_day_from_end [1]"


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

CASES = CLOCK_LABELS + SYMBOLS


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_window_after_a_label_is_no_clock_point():
    """ "Hours: 9:45-11:00" is a window (unread here, so reported), never an exit at 9:45."""
    u = understand("On SPY 15m bars. Hours: 9:45-11:00. Buy when RSI(14) < 30, sell when > 70.")

    assert u.spec is not None and u.spec.exit is not None
    assert "minute_of_day" not in u.spec.exit.model_dump_json()
