"""The offline compiler on descriptions written fresh for issue 10 in the voice of swing and
position traders and retirees (full sentences on daily and weekly bars: seasonality, Connors-style
mean reversion, trend filters, time stops, scaling in): the phrasings this sweep showed Botlab
misreading or leaving unread, each family with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting of
``FIELDS`` may be set); every row is compiled and backtested through ``check_reading``.
``UNREAD`` rows are sentences whose words Botlab must report back rather than guess at.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from engine.generation import understand

from .generation.corpus import case, check_settings
from .generation.support import bars
from .test_generation_descriptions_rules import check_reading
from .test_generation_rules import backtest, compiled

FIELDS = (
    "exit_after_bars",
    "size_fraction",
    "size_shares",
    "max_units",
    "symbol",
    "interval",
    "stop_loss_pct",
    "take_profit_pct",
    "direction",
    "period_days",
    "start",
    "end",
    "cash",
    "entry_fill",
    "exit_fill",
)


def on_or_after(day: int, month: int) -> str:
    """The first trading day on or after ``day`` of ``month``, in the rule notation."""
    after = ", ".join(str(d) for d in range(day, 32))
    before = ", ".join(str(d) for d in range(day))
    return (
        f"calendar day_of_month [{after}] & calendar day_of_month_before [{before}] & "
        f"calendar month [{month}]"
    )


CASES = [
    # a holding time said right after the action, before the entry's condition, is how long
    # each trade is held (never the test period)
    case(
        "Hold QQQ for 3 weeks after it makes a new all-time high.",
        entry="close > record_high",
        exit_after_bars=15,
        symbol="QQQ",
    ),
    case(
        "Buy SPY for 2 weeks when RSI(2) is below 5.",
        entry="rsi_2 < 5",
        exit_after_bars=10,
        symbol="SPY",
    ),
    case(
        "Go long IWM for 10 days whenever it closes at a 20-day low.",
        entry="close <= close_lowest_20",
        exit_after_bars=10,
        symbol="IWM",
    ),
    case(
        "Buy TLT for a month when RSI(2) is under 10.",
        entry="rsi_2 < 10",
        exit_after_bars=21,
        symbol="TLT",
    ),
    case(
        "Buy it for 5 days if RSI(2) is below 10 on SPY.",
        entry="rsi_2 < 10",
        exit_after_bars=5,
        symbol="SPY",
    ),
    # ... while a span of years stays the test's ("hold SPY for 2 years when ...")
    case(
        "Hold SPY for 2 years when it is above the 200 day moving average",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="SPY",
        period_days=730,
    ),
    # "it" after a run of lows or highs is the stock, read at its close
    case(
        "Go long IWM after three lower lows in a row, as long as it's above the 200 day SMA. "
        "Exit when RSI(2) climbs over 70.",
        entry="low[-2] < low[-3] & low[-1] < low[-2] & low < low[-1] & close > sma_200",
        exit="rsi_2 x> 70",
        symbol="IWM",
    ),
    case(
        "Buy SPY after 4 lower highs in a row if it is above the 100-day EMA, sell after 5 days.",
        entry="high[-3] < high[-4] & high[-2] < high[-3] & high[-1] < high[-2] & high < high[-1]"
        " & close > ema_100",
        exit_after_bars=5,
        symbol="SPY",
    ),
    # "the high" after a high over a window is that high, never the bar's own
    case(
        "Buy QQQ when it's 10% below its 52-week high and sell when it gets back to the high.",
        entry="close < highest_260*0.9",
        exit="close >= highest_260",
        symbol="QQQ",
        says="'the high' read as the high named before it",
    ),
    case(
        "Buy IWM when it drops 15% below its 52 week high, sell when it recovers to the high.",
        entry="close <= highest_260*0.85",
        exit="close x> highest_260",
        symbol="IWM",
    ),
    case(
        "Buy SPY on a new all-time high and sell when it is 10% below the high.",
        entry="close > record_high",
        exit="close < record_high*0.9",
        symbol="SPY",
    ),
    # "it ... its 200-day average" after an oscillator compared with a level is the price's
    case(
        "Buy TLT when the 3-day RSI goes under 15, unless it's below its 200-day average. "
        "Sell when RSI(3) is over 60.",
        entry="rsi_3 x< 15 & close >= sma_200",
        exit="rsi_3 > 60",
        symbol="TLT",
        says="'it ... its average' read as the price and the price's average",
    ),
    case(
        "Buy SPY when RSI(2) is under 5 as long as it's above its 200-day moving average.",
        entry="rsi_2 < 5 & close > sma_200",
        exit="rsi_2 > 95",
        symbol="SPY",
    ),
    case(
        "Buy QQQ when the stochastic %K drops below 20, but only if it's above its 100-day SMA.",
        entry="stoch_14_3.k x< 20 & close > sma_100",
        exit="stoch_14_3.k x> 80",
        symbol="QQQ",
    ),
    case(
        "Buy IWM when RSI(2) is below 10 and it is above its 200 day moving average",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 90",
        symbol="IWM",
    ),
    # buying in halves: the second half on its own signal while holding, never an exit
    case(
        "Scale in: buy half a position of TLT when RSI(2) is under 10 and the other half if it "
        "drops under 5. Sell everything when RSI(2) goes over 70.",
        entry="rsi_2 < 10",
        exit="rsi_2 x> 70",
        add_on="rsi_2 x< 5",
        size_fraction=0.495,
        max_units=2,
        symbol="TLT",
    ),
    case(
        "Buy half of SPY when RSI(2) is below 10 and the other half when it is below 5, sell "
        "when RSI(2) is above 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        add_on="rsi_2 < 5",
        size_fraction=0.495,
        max_units=2,
        symbol="SPY",
    ),
    case(
        "buy half when IBS is below 0.2 on QQQ, the remaining half if it closes at a 5-day low, "
        "exit when the close is above yesterday's high",
        entry="ibs < 0.2",
        exit="close > high[-1]",
        add_on="close <= close_lowest_5",
        size_fraction=0.495,
        max_units=2,
        symbol="QQQ",
    ),
    case(
        "Buy half of GLD when RSI(2) is below 15 and the rest when it's below 5; sell when the "
        "close is above the 5-day moving average.",
        entry="rsi_2 < 15",
        exit="close > sma_5",
        add_on="rsi_2 < 5",
        size_fraction=0.495,
        max_units=2,
        symbol="GLD",
    ),
    # a price level said in dollars is a level of the price (never of an oscillator named before)
    case(
        "Buy KO if it drops under $55 and sell if it gets back to $62. Use daily data.",
        entry="close x< 55",
        exit="close >= 62",
        symbol="KO",
        interval="1d",
    ),
    case(
        "Buy KO when the price drops under $55 and sell when it rises above $62.",
        entry="close x< 55",
        exit="close x> 62",
        symbol="KO",
    ),
    case(
        "buy MSFT when it closes above $420 and RSI(14) is over 50, sell if it falls under $400",
        entry="close > 420 & rsi_14 > 50",
        exit="close x< 400",
        symbol="MSFT",
    ),
    case(
        "Buy XLK when RSI(2) is under 10, sell when it gets above $250 or RSI(2) is over 80.",
        entry="rsi_2 < 10",
        exit="close x> 250 | rsi_2 > 80",
        symbol="XLK",
    ),
    # hedges and chat around a rule are set aside, as 'maybe' is
    case(
        "Buy GLD when price is above its 200 day moving average and sell when it goes "
        "below. Probably daily bars are fine.",
        entry="close > sma_200",
        exit="close x< sma_200",
        symbol="GLD",
        interval="1d",
    ),
    case(
        "I think buying SPY when the 5 day moving average drops below the 20 day, and "
        "selling once it crosses back above, is probably a decent mean reversion idea. "
        "Maybe use 50% of the account.",
        entry="sma_5 x< sma_20",
        exit="sma_5 x> sma_20",
        size_fraction=0.5,
        symbol="SPY",
    ),
    case(
        "Buy GLD when the 14 day RSI crosses back above 30, sell when it crosses under "
        "70. Take profit of 8% too.",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        symbol="GLD",
        take_profit_pct=8.0,
    ),
    case(
        "buy spy when rsi 2 is below 5, stop loss 3% too i think",
        entry="rsi_2 < 5",
        symbol="SPY",
        stop_loss_pct=3.0,
    ),
    # a test running to the present: its start alone
    case(
        "Maybe try a 3/10 moving average crossover on QQQ, daily, long only, 2018 to now.",
        entry="sma_3 x> sma_10",
        exit="sma_3 x< sma_10",
        symbol="QQQ",
        interval="1d",
        start=date(2018, 1, 1),
    ),
    case(
        "Buy SPY when RSI(2) is below 5 from 2015 to present.",
        entry="rsi_2 < 5",
        exit="rsi_2 > 95",
        symbol="SPY",
        start=date(2015, 1, 1),
    ),
    case(
        "buy TLT when RSI(2) < 10 from 2010 until now, sell when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="TLT",
        start=date(2010, 1, 1),
    ),
    # 'a 200 day filter': the close above that average, on every entry
    case(
        "Buy SPY when RSI(2) is below 5 with a 200 day filter, sell when RSI(2) is above 65.",
        entry="rsi_2 < 5 & close > sma_200",
        exit="rsi_2 > 65",
        symbol="SPY",
    ),
    case(
        "Buy IWM on a 3 day losing streak with a 100-day trend filter, sell after 5 days",
        entry="3 down closes & close > sma_100",
        exit_after_bars=5,
        symbol="IWM",
    ),
    # the size named, then a number of shares
    case(
        "Buy MSFT on the 3rd lower close in a row and hold for 5 days. Position size 50 shares.",
        entry="exactly 3 down closes",
        exit_after_bars=5,
        size_shares=50,
        symbol="MSFT",
    ),
    case(
        "trade size 200 shares: buy KO when RSI(2) < 5, sell when RSI(2) > 60",
        entry="rsi_2 < 5",
        exit="rsi_2 > 60",
        size_shares=200,
        symbol="KO",
    ),
    # 'price makes a 20-day high': a new 20-day high
    case(
        "Buy NVDA with 25% of my capital when the 8 EMA is above the 21 EMA and price "
        "makes a 20-day high. Stop at 8%.",
        entry="ema_8 > ema_21 & close > highest_20",
        size_fraction=0.25,
        symbol="NVDA",
        stop_loss_pct=8.0,
    ),
    case(
        "buy XLK when the stock hits a 50 day high and sell when it hits a 20 day low",
        entry="close > highest_50",
        exit="close < lowest_20",
        symbol="XLK",
    ),
    # 'after it's up 2 days': a run of that many closes
    case(
        "Buy TLT when it's down 4 days in a row. Sell after it's up 2 days.",
        entry="4 down closes",
        exit="2 up closes",
        symbol="TLT",
    ),
    case(
        "Buy SPY after it's down 3 days and sell after it's up 1 day",
        entry="3 down closes",
        exit="1 up closes",
        symbol="SPY",
    ),
    # a date of a named month: the first trading day on or after it, that month
    case(
        "Santa rally trade on ^GSPC: buy on December 20th and sell on January 5th each year.",
        entry=on_or_after(20, 12),
        exit=on_or_after(5, 1),
        symbol="^GSPC",
    ),
    case(
        "buy SPY on the 20th of December and sell on the 5th of January",
        entry=on_or_after(20, 12),
        exit=on_or_after(5, 1),
        symbol="SPY",
    ),
    case(
        "buy SPY on Dec 15 and sell on Jan 10",
        entry=on_or_after(15, 12),
        exit=on_or_after(10, 1),
        symbol="SPY",
    ),
    # a bot said in the third person ('a bot that buys XLK'); 'every week' after its weekdays
    case(
        "I want a bot that buys XLK on Monday open and sells on Friday close, every week.",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        symbol="XLK",
        exit_fill="close",
    ),
    case(
        "a bot that shorts QQQ on Friday close and covers on Monday open each week",
        short_entry="calendar weekday [4]",
        short_exit="calendar weekday [0]",
        symbol="QQQ",
        direction="short",
        entry_fill="close",
    ),
    case(
        "buy SPY on the first trading day of the month and sell 5 days later, every month",
        entry="calendar trading_day [1]",
        exit_after_bars=5,
        symbol="SPY",
    ),
    # a named strategy before a colon, its rule after it: the name is a title
    case(
        "Buy the dip: when SPY is down more than 2% from yesterday's close, buy with "
        "$5,000 and sell after 2 weeks.",
        entry="roc_1 < -2",
        exit_after_bars=10,
        symbol="SPY",
        cash=5000.0,
    ),
    case(
        "Short the rip: if QQQ is up 3% in a day, short it and cover 2 days later.",
        short_entry="roc_1 >= 3",
        exit_after_bars=2,
        symbol="QQQ",
        direction="short",
    ),
    # a range of percents is its nearer end; 'pulls back N% from the high'
    case(
        "If MSFT pulls back 7-8% from its recent high, buy it, and take profit at 10%. "
        "Stop loss 5%.",
        entry="close <= highest_20*0.93",
        symbol="MSFT",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    case(
        "Buy QQQ on a 5-10% dip from the 52 week high, sell when it gets back to the "
        "high, stop 3-4%",
        entry="close <= highest_260*0.95",
        exit="close >= highest_260",
        symbol="QQQ",
        stop_loss_pct=3.0,
    ),
    case(
        "buy spy when rsi(2) < 10, take profit at 10-15%",
        entry="rsi_2 < 10",
        symbol="SPY",
        take_profit_pct=10.0,
    ),
    case(
        "buy NVDA when the price pulls back 10% from the 50 day high, sell after 10 days",
        entry="close <= highest_50*0.9",
        exit_after_bars=10,
        symbol="NVDA",
    ),
    # the day before's move with its weekday said after it, or compared with the day before it
    case(
        "Buy GLD on Monday if it fell on Friday, and sell on Wednesday.",
        entry="calendar weekday [0] & calendar weekday_before [4] & close < close[-1]",
        exit="calendar weekday [2]",
        symbol="GLD",
    ),
    case(
        "Buy QQQ on Monday if it closed down more than 1% on Friday, sell on Tuesday",
        entry="calendar weekday [0] & calendar weekday_before [4] & roc_1 < -1",
        exit="calendar weekday [1]",
        symbol="QQQ",
    ),
    case(
        "buy IWM at the close on Friday if it rose on Thursday, sell Monday close",
        entry="calendar weekday [4] & calendar weekday_before [3] & close[-1] > close[-2]",
        exit="calendar weekday [0]",
        symbol="IWM",
        exit_fill="close",
        entry_fill="close",
    ),
    case(
        "Buy QQQ at the open on Monday if Friday closed lower than Thursday. Sell at "
        "Monday's close.",
        entry="calendar weekday [0] & calendar weekday_before [4] & close < close[-1]",
        exit="calendar weekday [0]",
        symbol="QQQ",
        exit_fill="close",
    ),
    case(
        "Buy SPY on Tuesday if Monday closed higher than Friday, sell on Wednesday",
        entry="calendar weekday [1] & calendar weekday_before [0] & close > close[-1]",
        exit="calendar weekday [2]",
        symbol="SPY",
    ),
    # a common typo of 'when', set aside as 'wen' and 'wehn' are
    case(
        "Buy GLD whne the 50 day moving averge is above the 200 day and RSI(14) is under "
        "40, sell when RSI goes abvoe 65.",
        entry="sma_50 > sma_200 & rsi_14 < 40",
        exit="rsi_14 x> 65",
        symbol="GLD",
    ),
    # 'it turns down' after a line said to turn up and the price compared with it: the line
    case(
        "Buy XLK when the 20 day SMA turns up and price is above it, sell when it turns down.",
        entry="sma_20 > sma_20[-1] & close > sma_20",
        exit="sma_20 < sma_20[-1]",
        symbol="XLK",
    ),
    case(
        "buy when the 50 EMA is rising and the close is above it, sell when it is falling",
        entry="ema_50 > ema_50[-1] & close > ema_50",
        exit="ema_50 < ema_50[-1]",
    ),
    # 'buy at the close if it's up 5%': the day's move on the entry (the close is its fill)
    case(
        "Buy NVDA at the close if it's up 5% on the day, sell the next day at the open.",
        entry="roc_1 >= 5",
        exit_after_bars=1,
        symbol="NVDA",
        entry_fill="close",
    ),
    case(
        "Buy NVDA at the close if it's up 5% today, sell after 2 days.",
        entry="roc_1 >= 5",
        exit_after_bars=2,
        symbol="NVDA",
        exit_fill="close",
        entry_fill="close",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)  # the reading, and the compiled bot run over every bar
    u = understand(text)
    check_settings(u.spec, expect, FIELDS, exact=True)  # and no other setting
    if "says" in expect:
        assert any(expect["says"] in a for a in u.assumptions), u.assumptions


UNREAD = [
    # a size said after a hedge is never set aside as chat
    (
        "buy TLT when RSI(2) < 10, sell when RSI(2) > 70. Maybe 50% position.",
        ["Maybe 50% position"],
    ),
    (
        "I'm thinking: buy TLT when the 10-day ROC drops below -3% and sell when it's back over "
        "zero. Probably 50% position.",
        ["Probably 50% position"],
    ),
    # parts that are not two halves are listed back, never bought as read
    (
        "Buy a third when RSI(2) < 10 and the other half when RSI(2) < 5. Sell when RSI(2) > 70.",
        ["a third when", "the other half when RSI(2) < 5"],
    ),
    # "the high" with no window said: which high is meant is asked, not the bar's own high
    (
        "Buy ^GSPC when it's 20% off the high (a bear market) and hold for a year.",
        ["when it's 20% off the high", "a bear market"],
    ),
]


@pytest.mark.parametrize(("text", "words"), UNREAD, ids=lambda v: str(v)[:50])
def test_words_botlab_cannot_use_are_reported(text: str, words: list[str]):
    u = understand(text)
    assert u.not_understood == words
    assert u.spec is None or u.spec.add_on is None


def test_a_date_of_a_named_month_trades_on_the_first_trading_day_on_or_after_it():
    """The Santa rally, run on the bundled daily bars: every trade is bought on the first
    trading day on or after December 20 and sold on the first on or after January 5 (with the
    fills at the next open, the date checked is the fill's)."""
    _, strategy = compiled(
        "Santa rally trade on AAPL: buy on December 20th and sell on January 5th each year."
    )
    trades = backtest(strategy, bars("AAPL"))["_trades"]
    days = bars("AAPL").index
    assert len(trades) >= 5
    for entry, exit_ in zip(trades["EntryTime"], trades["ExitTime"], strict=True):
        assert entry == days[days >= pd.Timestamp(entry.year, 12, 20)][0]
        assert exit_ == days[days >= pd.Timestamp(entry.year + 1, 1, 5)][0]
