"""Weekly and monthly bars said anywhere and in any words ("..., on the weekly chart", "monthly
timeframe" at the end, "Monthly rebalance: ..." as a title): the bars tested are read once, from
the same words as the spec's interval, and every length said in weeks (months) is that many
weekly (monthly) bars, in an indicator, a move, a channel and a time exit alike. A run said
with no subject after "and" ("RSI is below 30 and is going up for 3 days") is the run of the
subject said before it, an indicator's (whatever its scale) or the close's.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import case, check_row


def each_bar(line: str, rel: str, n: int) -> str:
    """A line rising (``>``) or falling (``<``) on each of the last ``n`` bars, in the rules'
    notation (the earliest bar first)."""
    return " & ".join(
        f"{line}{f'[-{k}]' if k else ''} {rel} {line}[-{k + 1}]" for k in range(n - 1, -1, -1)
    )


FIELDS = ("exit_after_bars", "symbol", "interval", "direction")

CASES = [
    case(
        "buy when the close is above the 10-week moving average, sell after 3 weeks, on the "
        "weekly chart",
        entry="close > sma_10",
        exit_after_bars=3,
        interval="1wk",
        says="3 weeks read as 3 weekly bars",
    ),
    case(
        "Monthly rebalance: be long if the price is above the 12-month moving average at month "
        "end, else flat.",
        entry="close > sma_12",
        exit="close < sma_12",
        interval="1mo",
        says="12 month read as 12 monthly bars",
    ),
    case(
        "go long SPY when the 6-month rate of change is positive, exit when it turns negative. "
        "monthly timeframe",
        entry="roc_6 > 0",
        exit="roc_6 x< 0",
        symbol="SPY",
        interval="1mo",
    ),
    case(
        "buy QQQ when price crosses above the 40 week ema and sell when it crosses below, weekly "
        "chart",
        entry="close x> ema_40",
        exit="close x< ema_40",
        symbol="QQQ",
        interval="1wk",
    ),
    case(
        "Weekly system: buy when RSI(14) below 30, sell after 4 weeks",
        entry="rsi_14 < 30",
        exit_after_bars=4,
        interval="1wk",
    ),
    case(
        "long GLD when the close is above the 10 month SMA, flat otherwise, using the monthly "
        "chart",
        entry="close > sma_10",
        exit="close < sma_10",
        symbol="GLD",
        interval="1mo",
    ),
    case(
        "buy when price rises 10% over 4 weeks, sell after 8 weeks; weekly candles",
        entry="roc_4 >= 10",
        exit_after_bars=8,
        interval="1wk",
        says="A move of 10% over 4 bars read as ROC(4) >= 10",
    ),
    case(
        "buy on a new 4-week high, sell on a 2-week low, weekly chart",
        entry="close > highest_4",
        exit="close < lowest_2",
        interval="1wk",
    ),
    case(
        "buy when macd crosses above signal, sell after 2 months, monthly timeframe",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit_after_bars=2,
        interval="1mo",
    ),
    # a run said with no subject after "and" is the subject's before, whatever its scale
    case(
        "buy when RSI is below 30 and is going up for 3 days, sell after 5 days",
        entry="rsi_14 < 30 & " + each_bar("rsi_14", ">", 3),
        exit_after_bars=5,
    ),
    case(
        "buy when the 20 EMA is above the 50 EMA and falling 3 bars in a row, sell after 5 days",
        entry="ema_20 > ema_50 & " + each_bar("ema_20", "<", 3),
        exit_after_bars=5,
    ),
    case(
        "buy when the 20 EMA is rising and has risen for 3 bars, sell after 5 days",
        entry="ema_20 > ema_20[-1] & ema_20[-2] > ema_20[-3] & ema_20[-1] > ema_20[-2]",
        exit_after_bars=5,
    ),
    case(
        "buy when CCI crosses above -100 and has been rising for 3 days, sell when CCI is above "
        "100",
        entry="cci_20 x> -100 & " + each_bar("cci_20", ">", 3),
        exit="cci_20 > 100",
    ),
    case(
        "buy when the close is above the 50 SMA and has risen 3 days in a row, sell after 5 days",
        entry="close > sma_50 & 3 up closes",
        exit_after_bars=5,
    ),
    case(
        "short when the stock is below its 200-day SMA and has fallen 4 days in a row, cover "
        "after 3 days",
        short_entry="close < sma_200 & 4 down closes",
        exit_after_bars=3,
        direction="short",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_length_in_days_on_a_weekly_chart_said_late_is_reported_not_misread():
    """A 20-day SMA on weekly bars is 4 of them, not 20: the length is no whole number of bars,
    reported with the reason, never read as 20 weekly bars."""
    u = understand("buy when the 20-day SMA crosses above the 50-day SMA, on the weekly chart")

    assert "when the 20-day SMA crosses above the 50-day SMA" in u.not_understood
    assert any("On weekly bars a length in days" in p for p in u.problems), u.problems


def test_a_run_with_no_subject_known_is_reported_not_read_as_the_price():
    u = understand("buy when it is above 30 and has risen 3 days in a row, sell after 5 days")

    assert "has risen 3 days in a row" in u.not_understood
    assert "A state held for several bars needs its subject named" in " ".join(u.problems)


def test_bars_said_twice_and_differently_are_not_chosen_silently():
    """Hourly bars then daily bars: the later is tested, and the earlier is reported back."""
    u = understand("buy when rsi below 30 on hourly bars, sell above 70 on daily bars")

    assert u.spec is not None and u.spec.interval == "1d"
    assert u.not_understood == ["on hourly bars"]
