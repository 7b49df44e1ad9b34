"""The offline compiler on WHEN an exit happens said in words, in the voices people retell a
trade in: "sell the same day's close" (the entry bar's close), "sold it the next day" (one bar
after the entry), "sells them 7 trading days later", "held it for exactly 15 days", "keeps it 8
days" (a holding time in bars); and a labelled one-sided gap bot ("Entry: short at the open if
it gaps up ...\\nExit: at the close"), whose empty "Entry:" label is no long side.

Rows use the notation and checks of ``test_generation_descriptions_rules``: every row is
compiled and backtested on bundled data. The same-bar and bar-count exits are the rules
``test_generation_reference_gaps`` and the time-exit references already check trade for trade.
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from tests import test_generation_descriptions_rules as corpus
from tests.generation.rules_support import rule_shape
from tests.test_generation_descriptions_clock_times_and_multiline import exit_at, window

case = corpus.case
DAY = {"entry_fill": "open", "exit_fill": "close", "exit_same_bar": True}

SAME_DAY = [
    case(
        "SPY gaps down more than 2% at the open -> buy the open, sell the same day's close",
        entry="open < close[-1]*0.98",
        symbol="SPY",
        **DAY,
    ),
    case(
        "IWM gaps down over 1.5% at the open: buy the open and sell the same day's close",
        entry="open < close[-1]*0.985",
        symbol="IWM",
        **DAY,
    ),
    case(
        "short DIA at the open when it gaps up more than 2%, buy it back at the same day's close",
        short_entry="open > close[-1]*1.02",
        direction="short",
        symbol="DIA",
        **DAY,
    ),
]

LABELLED_ONE_SIDED_GAPS = [
    case(
        "Symbol: QQQ\nEntry: short at the open if it gaps up more than 2%\n"
        "Exit: at the close of the same day",
        short_entry="open > close[-1]*1.02",
        direction="short",
        symbol="QQQ",
        **DAY,
    ),
    case(
        "Symbol: IWM\nEntry: short at the open if it gaps up more than 1.5%\nExit: at the close",
        short_entry="open > close[-1]*1.015",
        direction="short",
        symbol="IWM",
        **DAY,
    ),
    case(
        "Ticker: SPY\nEntry: buy at the open when it gaps down more than 1%\nExit: at the close",
        entry="open < close[-1]*0.99",
        symbol="SPY",
        **DAY,
    ),
]

HOLDING_TIMES = [
    case(
        "what if i bought the qqq every time it closed down 3 days in a row and sold the next day",
        entry="3 down closes",
        symbol="QQQ",
        exit_after_bars=1,
    ),
    case(
        "every time AAPL closed down 4 days in a row I bought it and sold it the next day",
        entry="4 down closes",
        symbol="AAPL",
        exit_after_bars=1,
    ),
    case(
        "she bought GLD when RSI(2) fell below 10 and sold them 7 trading days later",
        entry="rsi_2 x< 10",
        symbol="GLD",
        exit_after_bars=7,
    ),
    case(
        "bought Microsoft whenever the price closed above the upper Bollinger Band and held it "
        "for exactly 10 days",
        entry="close > bbands_20_2.upper",
        symbol="MSFT",
        exit_after_bars=10,
    ),
    case(
        "bought TLT whenever the close crossed above the 50-day SMA and held it for exactly 15 "
        "days",
        entry="close x> sma_50",
        symbol="TLT",
        exit_after_bars=15,
    ),
    case(
        "buys XLE when RSI(14) is under 30 and keeps it 8 days",
        entry="rsi_14 < 30",
        symbol="XLE",
        exit_after_bars=8,
    ),
    case(
        "buy NVDA when the close is below the lower Bollinger Band, held them for 3 weeks",
        entry="close < bbands_20_2.lower",
        symbol="NVDA",
        exit_after_bars=15,
    ),
]


#: On intraday bars: "out by 3:55pm" / "out at 15:45" / "out before the close" opening a clause
#: is the exit at that time; "only trade AAPL between 9:45 and 11:30" a window of the entries
#: with the traded symbol said inside it.
INTRADAY = [
    case(
        "5 min SPY: buy when price crosses above the 20 EMA after 10am, sell when it crosses "
        "back below, out by 3:55pm",
        entry=f"close x> ema_20 & {window(600)}",
        exit=f"close x< ema_20 | ({exit_at(955, 5)})",
        symbol="SPY",
        interval="5m",
        exit_fill="close",
    ),
    case(
        "15m QQQ: buy when RSI(14) < 30, sell when RSI(14) > 70. Out at 15:45.",
        entry="rsi_14 < 30",
        exit=f"rsi_14 > 70 | ({exit_at(945, 15)})",
        symbol="QQQ",
        interval="15m",
        exit_fill="close",
    ),
    case(
        "on 5 minute bars buy AAPL when the close crosses above the 20 EMA, out before the close",
        entry="close x> ema_20",
        exit="calendar bar_of_day_from_end [1]",
        symbol="AAPL",
        interval="5m",
        exit_fill="close",
    ),
    case(
        "Only trade AAPL between 9:45 and 11:30 on 1-minute bars. Buy when RSI(14) < 30. Exit "
        "at 11:30 or with a 0.5% stop.",
        entry=f"rsi_14 < 30 & {window(585, 690)}",
        exit=exit_at(690, 1),
        symbol="AAPL",
        interval="1m",
        exit_fill="close",
        stop_loss_pct=0.5,
    ),
    case(
        "On 5 minute bars, only trade MSFT after 10:00. Buy when the close crosses above the 20 "
        "EMA, sell when it crosses below.",
        entry=f"close x> ema_20 & {window(600)}",
        exit="close x< ema_20",
        symbol="MSFT",
        interval="5m",
    ),
]

#: A clock named by its place ("London time", "CET"): the window is read on the data's own
#: clock, and the echo says so (no conversion is made).
NAMED_CLOCKS = [
    case(
        "GBPUSD 15min: only open trades between 8:00 and 12:00 London time. Buy when RSI(7) < "
        "25, sell when RSI(7) > 60",
        entry=f"rsi_7 < 25 & {window(480, 720)}",
        exit="rsi_7 > 60",
        symbol="GBPUSD=X",
        interval="15m",
        says="'London time' read as the data's own clock",
    ),
    case(
        "EURUSD 1h: only trade between 9:00 and 17:00 CET. buy when RSI(14) < 30, sell when "
        "RSI(14) > 70",
        entry=f"rsi_14 < 30 & {window(540, 1020)}",
        exit="rsi_14 > 70",
        symbol="EURUSD=X",
        interval="1h",
        says="'CET' read as the data's own clock",
    ),
]


@pytest.mark.parametrize(
    ("text", "expect"), SAME_DAY + LABELLED_ONE_SIDED_GAPS + HOLDING_TIMES + INTRADAY + NAMED_CLOCKS
)
def test_description_is_read_compiled_and_run(text, expect):
    corpus.test_description_is_read_compiled_and_run(text, expect)


@pytest.mark.parametrize(
    ("text", "bars"),
    [
        ("what if i bought bitcoin whenever it fell 10% in one day and held it for a week", 7),
        ("buy ETH-USD when RSI(14) < 30 and sell after a month", 30),
        ("buy AAPL when RSI(14) < 30 and sell after a month", 21),
        ("buy EURUSD when RSI(14) < 30 and hold it for a week", 5),
    ],
)
def test_a_week_or_a_month_on_daily_bars_counts_the_days_its_market_trades(text: str, bars: int):
    """Crypto trades every day: its week is 7 daily bars and its month 30; a stock's or a
    currency's week is 5 (held-out sample, lead22)."""
    u = understand(text)

    assert u.spec.exit_after_bars == bars, u.assumptions


@pytest.mark.parametrize(
    "text",
    [
        "buy SPY when it falls 8% from its 50 day high and sell once it gets back to that high",
        "Quick one - can you backtest buying Tesla whenever it's down 10% from its 20-day high, "
        "and selling once it's back at that high?",
    ],
)
def test_that_high_is_the_high_named_before_never_the_bars_own(text: str):
    """held23 #78: "back at that high" after "its 20-day high" sold at the bar's own high."""
    u = understand(text)

    assert rule_shape(u.spec.exit).startswith("close >= highest_"), rule_shape(u.spec.exit)
