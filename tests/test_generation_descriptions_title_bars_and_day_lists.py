"""The offline compiler on four families review found read silently wrong: bars said in a title
Botlab cannot attach to a line ("5m RSI scalp on TSLA: ..."), dates of the month said as a list
("on the 1st and the 15th"), times of the day kept out as a list ("don't buy before 10am or after
3pm"), and "it" after a sentence that names one line of other bars ("use the 15m RSI. buy when it
drops below 30").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import spec as S
from engine.generation import understand
from engine.generation._assemble import _dates_apart
from engine.generation.spec import StrategySpec

from .generation.corpus import case, check_row

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "exit_after_bars",
        "size_shares",
        "size_fraction",
        "symbol",
        "interval",
        "stop_loss_pct",
        "take_profit_pct",
        "entry_fill",
        "exit_fill",
        "direction",
    )
}


def date(day: int) -> str:
    """The first trading day on or after ``day`` of the month, in rule notation."""
    return (
        f"calendar day_of_month {list(range(day, 32))} & "
        f"calendar day_of_month_before {list(range(day))}"
    )


def dates(*days: int) -> str:
    """Any of ``days`` of the month."""
    return " | ".join(f"({date(day)})" for day in days)


def clock(start: str, stop: str) -> str:
    """The bar an order fills on opens from ``start`` up to (not including) ``stop``."""
    first, last = (int(t[:2]) * 60 + int(t[3:]) for t in (start, stop))
    return f"calendar minute_of_day {list(range(first, last))}"


CASES = [
    # bars said in a title are the bars tested, whatever their length (never daily, unsaid)
    case(
        "5m RSI scalp on TSLA: buy when RSI(14) drops below 30, sell above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        symbol="TSLA",
        interval="5m",
    ),
    case(
        "5m VWAP scalp on SPY: buy when price crosses above VWAP, sell when it crosses below",
        entry="close x> vwap",
        exit="close x< vwap",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "90m MACD swing on AAPL: buy when MACD crosses above its signal line, sell when it "
        "crosses below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="AAPL",
        interval="90m",
    ),
    case(
        "1m EMA scalp on BTC-USD: buy when the 9 EMA crosses above the 21 EMA, sell when it "
        "crosses below",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="BTC-USD",
        interval="1m",
    ),
    case(
        "2m breakout on QQQ: buy when the close crosses above the 20 SMA, sell when it crosses "
        "below",
        entry="close x> sma_20",
        exit="close x< sma_20",
        symbol="QQQ",
        interval="2m",
    ),
    case(
        "5m scalping BTC-USD: buy when the 9 EMA crosses above the 21 EMA",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="BTC-USD",
        interval="5m",
    ),
    # dates of the month said as a list: any of them (two dates never fall on one day)
    case(
        "buy SPY on the 1st and the 15th of each month, sell after 3 days",
        entry=dates(1, 15),
        exit=None,
        symbol="SPY",
        exit_after_bars=3,
    ),
    case(
        "buy QQQ on the 5th, 10th and 20th of the month, sell after 2 days",
        entry=dates(5, 10, 20),
        exit=None,
        symbol="QQQ",
        exit_after_bars=2,
    ),
    case(
        "buy AAPL on the 1st or the 15th of each month and sell 5 days later",
        entry=dates(1, 15),
        exit=None,
        symbol="AAPL",
        exit_after_bars=5,
    ),
    case(
        "every month, buy IWM on the 10th and the 25th, sell after 4 days",
        entry=dates(10, 25),
        exit=None,
        symbol="IWM",
        exit_after_bars=4,
    ),
    case(
        "buy DIA on the 1st of the month and on the 20th of the month, sell after 3 days",
        entry=dates(1, 20),
        exit=None,
        symbol="DIA",
        exit_after_bars=3,
    ),
    case(  # a condition joined to the dates holds on each of them
        "buy SPY on the 1st and the 15th of each month when RSI(14) is below 50, sell after 3 days",
        entry=f"({dates(1, 15)}) & rsi_14 < 50",
        exit=None,
        symbol="SPY",
        exit_after_bars=3,
    ),
    # months and days of the week said one by one: any of them
    case(
        "buy XLE in March and in October when the close is above the 200 SMA, sell when it is "
        "below",
        entry="calendar month [3, 10] & close > sma_200",
        exit="close < sma_200",
        symbol="XLE",
    ),
    case(
        "buy GLD during January, and during August, when RSI(14) is below 40; sell after 10 days",
        entry="calendar month [1, 8] & rsi_14 < 40",
        exit=None,
        symbol="GLD",
        exit_after_bars=10,
    ),
    case(
        "buy SPY on Monday and on Friday when RSI(2) is below 10, sell after 2 days",
        entry="calendar weekday [0, 4] & rsi_2 < 10",
        exit=None,
        symbol="SPY",
        exit_after_bars=2,
    ),
    case(
        "buy TLT on Tuesdays, and on Thursdays, sell after 1 day",
        entry="calendar weekday [1, 3]",
        exit=None,
        symbol="TLT",
        exit_after_bars=1,
    ),
    # times of the day kept out as a list: one window the entry must fall in
    case(
        "buy when RSI(14) is below 30 but don't buy before 10am or after 3pm on 15m bars",
        entry=f"rsi_14 < 30 & {clock('10:00', '15:00')}",
        exit="rsi_14 > 70",
        interval="15m",
    ),
    case(
        "on 30m bars, buy SPY when the close crosses above the 20 EMA, sell when it crosses "
        "below; no entries before 10:00 or after 15:00",
        entry=f"close x> ema_20 & {clock('10:00', '15:00')}",
        exit="close x< ema_20",
        symbol="SPY",
        interval="30m",
    ),
    case(
        "buy QQQ on 1h bars when RSI(14) drops below 30, sell above 70, no new trades before "
        "10am and after 2pm",
        entry=f"rsi_14 x< 30 & {clock('10:00', '14:00')}",
        exit="rsi_14 > 70",
        symbol="QQQ",
        interval="1h",
    ),
    case(
        "on 15 minute bars buy AAPL when MACD crosses above its signal line; not before 9:45am "
        "or after 3:30pm. sell when it crosses below",
        entry=f"macd_12_26_9.macd x> macd_12_26_9.signal & {clock('09:45', '15:30')}",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="AAPL",
        interval="15m",
    ),
    # "it" after a sentence naming one line of other bars: that line, of those bars tested
    case(
        "use the 15m RSI. buy when it drops below 30",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        interval="15m",
    ),
    case(
        "Use the 1h MACD. Buy when it crosses above zero, sell when it crosses below zero.",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
        interval="1h",
    ),
    case(
        "use the 30 minute stochastic. go long when it crosses below 20 and sell when it crosses "
        "above 80",
        entry="stoch_14_3.k x< 20",
        exit="stoch_14_3.k x> 80",
        interval="30m",
    ),
    case(
        "Use the 4h CCI on BTC-USD. Buy when it crosses above -100, sell when it crosses below 100",
        entry="cci_20 x> -100",
        exit="cci_20 x< 100",
        symbol="BTC-USD",
        interval="4h",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_list_of_dates_is_echoed_date_by_date():
    u = understand("buy SPY on the 1st and the 15th of each month, sell after 3 days")

    assert any("'the 15th' read as the first trading day" in a for a in u.assumptions)
    assert " or " in u.rules[0]


def test_a_line_named_alone_of_the_bars_tested_states_its_default_length():
    u = understand("use the 15m RSI. buy when it drops below 30")

    assert any("RSI period 14" in a for a in u.assumptions)
    assert any("the 15m said of the rules is the bars tested" in a for a in u.assumptions)


@pytest.mark.parametrize(
    "text",
    [
        "buy SPY on the 1st of each month if the date is the 20th of the month, sell after 2 days",
        "buy QQQ on the first Monday and the third Friday of the month, sell after 2 days",
    ],
)
def test_dates_that_never_meet_are_refused_not_run(text: str):
    u = understand(text)

    assert u.spec is None
    assert "can never be true" in u.refusal and "on the 1st or the 15th of each month" in u.refusal


@pytest.mark.parametrize(
    ("days", "before", "meet"),
    [
        (range(15, 32), [0], False),  # the 15th or later, the trading day before last month
        (range(1, 32), [0], True),  # the month's first trading day
        (range(3, 32), range(3), True),  # the first trading day on or after the 3rd
        (range(20, 32), range(1, 10), False),  # never 11 days or more without a trading day
        (range(8, 32), range(1), False),
        (range(7, 32), range(1), True),  # a long closure before the 7th can still do it
    ],
)
def test_a_date_and_the_trading_day_before_it_meet_only_a_few_days_apart(days, before, meet):
    on = S.Calendar(unit="day_of_month", values=list(days))
    prior = S.Calendar(unit="day_of_month_before", values=list(before))

    assert _dates_apart(on, prior) is not meet
    assert _dates_apart(prior, on) is not meet


@pytest.mark.parametrize(
    "text", ["buy SPY on the 1st of the month", "buy SPY on the 10th and the 25th of each month"]
)
def test_dates_with_no_sell_rule_are_held_and_said_so(text: str):
    u = understand(text)

    assert u.spec is not None and u.spec.exit is None
    assert any("the entry signal has no opposite" in a for a in u.assumptions)
