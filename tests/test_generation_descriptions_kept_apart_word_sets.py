"""Rows that keep two word sets apart: each shows a phrase a merged set would misread.

A word set of the vocabulary that looks like another but is kept separate says why in its
comment; the rows here are the phrases that comment names, read as a careful programmer would.
"""

from __future__ import annotations

import pytest

from .test_generation_descriptions_rules import case, check_reading

CASES = [
    # After a crossing, "above"/"below" start a comparison, not the crossing's direction
    # (CROSS_DIRECTIONS has no "above"; BREAKOUT_SIDES has).
    case(
        "buy when the MACD crosses the signal line above zero, "
        "sell when it crosses the signal line below zero",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & macd_12_26_9.macd > 0",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal & macd_12_26_9.macd < 0",
    ),
    case(
        "buy when price crosses the 50 SMA above the 200 SMA",
        entry="close x> sma_50 & close > sma_200",
        exit="close x< sma_50",
    ),
    # "close" before "on"/"after" is the price, not the exit verb (EXIT_CLOSE_WHEN is WHEN_WORDS
    # without them)
    case(
        "buy when RSI(2) < 10 and close on the day is above the open",
        entry="rsi_2 < 10 & close > open",
        exit="rsi_2 > 90",
        not_understood=["close on the day"],  # "on the day" adds nothing it reads yet
    ),
    # An up (down) bar is said in the same words wherever it is read: "the first rising day after
    # 3 falling days" is the first up close after a run of down closes (it was read as two runs)
    case(
        "buy the first rising day after 3 falling days, sell after 5 days",
        entry="close > close[-1] & close[-3] < close[-4] & close[-2] < close[-3] "
        "& close[-1] < close[-2]",
        exit_after_bars=5,
    ),
    case(
        "buy the first gain day after 3 losing days, exit after 3 days",
        entry="close > close[-1] & close[-3] < close[-4] & close[-2] < close[-3] "
        "& close[-1] < close[-2]",
        exit_after_bars=3,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)
