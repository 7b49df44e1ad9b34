"""The offline compiler on what a held-out sample (descriptions Botlab had never seen) showed
unread: a change over a window and a distance from an average said in everyday words, a
condition on the daily chart while testing intraday bars, and the concepts Botlab does not
build, refused naming their words.

Each row is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``: ``d_ema_50`` is an EMA of daily bars built from the bars
tested, ``close@D`` the daily close; the other keys are spec fields), compiled and run over
every bar of bundled data (hourly EURUSD for intraday rows); rows made with ``refused`` are
texts Botlab must refuse, quoting the words it could not use. The references at the end are
hand-written backtesting.py strategies the compiled bots must trade like, trade for trade.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

from engine.generation import compile_spec, understand
from engine.generation import spec as S
from engine.generation._indicator_code import FUNCTIONS

from .generation.rules_support import rule_shape
from .generation.support import TimeExit, assert_trades_like_reference, bars, load_strategy
from .test_generation_descriptions_rules import case, check_reading, refused
from .test_generation_reference import ema, rsi, sma

SIZE = 0.99

CASES = [
    # A stop said before the entry, with the whole holding ("sell everything if it falls 10%,
    # otherwise just buy when ..."): the entry stays read (it vanished with the stop unread)
    case(
        "sell everything if it falls ten percent from where i bought, otherwise just buy when "
        "the 10 day average crosses above the 30 day one",
        entry="sma_10 x> sma_30",
        stop_loss_pct=10.0,
    ),
    case(
        "buy when the 10 day average crosses above the 30 day one, sell it all if it drops 10%",
        entry="sma_10 x> sma_30",
        stop_loss_pct=10.0,
    ),
    case(
        "sell it all if it drops 8%, otherwise simply buy when RSI(2) is below 10",
        entry="rsi_2 < 10",
        stop_loss_pct=8.0,
    ),
    # an unread stop clause leaves the readable entry read, its words reported
    case(
        "sell everything if it wobbles badly, otherwise just buy when the 10 day average "
        "crosses above the 30 day one",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        not_understood=["if it wobbles badly"],
    ),
    # A trading saying is set aside; its action stays with the condition said after it
    case(
        "buy low sell high lol but like when its below the 20 day moving avrage by more than 4%",
        entry="close < sma_20*0.96",
        exit="close > sma_20*0.96",
    ),
    case(
        "buy low, sell high: buy when its below the 20 day moving average by more than 4%",
        entry="close < sma_20*0.96",
        exit="close > sma_20*0.96",
    ),
    case(
        "Buy low and sell high. Buy when RSI(2) < 10 and sell when RSI(2) > 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
    # The close at its own extreme, said with a verb ("closes at its lowest point in N days")
    case(
        "Can you test buying QQQ whenever it closes at its lowest point in twenty days and "
        "selling five days later?",
        entry="close <= close_lowest_20",
        exit_after_bars=5,
        symbol="QQQ",
    ),
    case(
        "short when the stock closes at its highest level in 50 days, cover after 3 days",
        short_entry="close >= close_highest_50",
        exit_after_bars=3,
        direction="short",
    ),
    case(
        "buy when price finishes at its lowest point of the last 10 days, sell after a week",
        entry="close <= close_lowest_10",
        exit_after_bars=5,
    ),
    # A move with a hedge before its amount ("goes up too much, like more than 15% in a week")
    case(
        "i'd like to short tesla when it goes up too much, like more than fifteen percent in a "
        "week, and buy it back after a week",
        short_entry="roc_5 > 15",
        exit_after_bars=5,
        symbol="TSLA",
        direction="short",
    ),
    case(
        "buy when it drops too much, like more than 10% in 2 weeks, sell 5 days later",
        entry="roc_10 < -10",
        exit_after_bars=5,
    ),
    case(
        "short when it rallies about 8% in 3 days, cover after 2 days",
        short_entry="roc_3 >= 8",
        exit_after_bars=2,
        direction="short",
    ),
    # "the day after it drops 4%": that day's move, bought at the next open
    case(
        "my idea: buy nvidia the day after it drops more than 4 percent, sell it a week after",
        entry="roc_1 < -4",
        exit_after_bars=5,
        symbol="NVDA",
    ),
    case(
        "short the day after the stock rallies 5% or more, cover after 3 days",
        short_entry="roc_1 >= 5",
        exit_after_bars=3,
        direction="short",
    ),
    case(
        "buy the morning after it falls 3%, sell 2 days later",
        entry="roc_1 <= -3",
        exit_after_bars=2,
    ),
    # The close against its own past ("higher than it was a year ago"): ROC(N) above zero
    case(
        "if the price is higher than it was a year ago buy, if it's lower than a year ago sell",
        entry="roc_252 > 0",
        exit="roc_252 < 0",
    ),
    case(
        "buy when the close is above the close 252 days ago, sell when it is below the close "
        "252 days ago",
        entry="roc_252 > 0",
        exit="roc_252 < 0",
    ),
    case(
        "buy when price is higher than 20 days ago, sell after 5 days",
        entry="roc_20 > 0",
        exit_after_bars=5,
    ),
    case(
        "short when the stock is lower than it was 3 months ago, cover when it is higher than 3 "
        "months ago",
        short_entry="roc_63 < 0",
        short_exit="roc_63 > 0",
        direction="short",
    ),
    # a line against its own past: its value that many bars earlier
    case(
        "buy when the 200-day SMA is higher than it was a month ago and RSI(2) < 10, sell when "
        "RSI(2) > 90",
        entry="sma_200 > sma_200[-21] & rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
    case(
        "buy when RSI(14) is higher than it was 5 days ago, sell after 5 days",
        entry="rsi_14 > rsi_14[-5]",
        exit_after_bars=5,
    ),
    # "it" after a line is that line, which this reading does not take: reported, not the close
    case(
        "buy when RSI(2) < 10 and it is higher than it was a year ago, sell when RSI(2) > 90",
        entry="rsi_2 < 10 & close > close[-252]",  # "it" after a comparison: the price
        exit="rsi_2 > 90",
    ),
    # A move "over the last month" is over that many bars up to now; "for the week" is still the
    # last completed calendar week
    case(
        "buy when the stock is up 10% over the last month, sell after 10 days",
        entry="roc_21 >= 10",
        exit_after_bars=10,
    ),
    case(
        "buy when it fell more than 20% over the past year, sell after 20 days",
        entry="roc_252 < -20",
        exit_after_bars=20,
    ),
    case(
        "buy when the stock was down 2% for the week, sell after 3 days",
        entry="w_roc_1 <= -2",
        exit_after_bars=3,
    ),
    # A holding time said with its delay last ("sell it a week after", "3 days afterwards")
    case("buy when RSI(2) < 10, sell it 5 days after.", entry="rsi_2 < 10", exit_after_bars=5),
    case("buy when RSI(2) < 10, sell a week after entry", entry="rsi_2 < 10", exit_after_bars=5),
    case(
        "short when RSI(2) > 90 and buy it back 3 days afterwards",
        short_entry="rsi_2 > 90",
        exit_after_bars=3,
        direction="short",
    ),
]

#: Weeks, months and years on weekly or monthly bars are that many of those bars (a move over
#: 4 weeks was ROC(20) of weekly bars, "sell after 2 weeks" 10 weekly bars)
LONGER_BARS = [
    case(
        "on weekly bars, buy when it rises 10% in 4 weeks, sell after 2 weeks",
        entry="roc_4 >= 10",
        exit_after_bars=2,
        interval="1wk",
    ),
    case(
        "on weekly bars buy when the price is higher than it was a year ago, sell after 4 weeks",
        entry="roc_52 > 0",
        exit_after_bars=4,
        interval="1wk",
    ),
    case(
        "on monthly bars buy when it is up 10% in 3 months, sell after 2 months",
        entry="roc_3 >= 10",
        exit_after_bars=2,
        interval="1mo",
    ),
    case(
        "on weekly bars buy when it is up 10% over the last month, sell after 3 months",
        entry="roc_4 >= 10",
        exit_after_bars=13,
        interval="1wk",
    ),
    case(
        "on weekly bars buy when the close is above the 6-month SMA",
        entry="close > sma_26",
        exit="close < sma_26",
        interval="1wk",
    ),
    case(
        "on monthly bars buy when the 12-month momentum is positive, sell when it is negative",
        entry="roc_12 > 0",
        exit="roc_12 < 0",
        interval="1mo",
    ),
]

#: On intraday bars, a daily value said of a rule is built from them ("the daily 50 EMA",
#: "... on the daily chart"): daily bars by resample_apply, the last completed day's value
DAILY_ON_INTRADAY = [
    case(
        "Use 60-minute bars. Long when the 20 EMA is above the 50 EMA on the daily chart and the "
        "hourly RSI(7) dips below 25; exit when hourly RSI(7) goes above 60.",
        entry="d_ema_20 > d_ema_50 & rsi_7 x< 25",
        exit="rsi_7 x> 60",
        interval="1h",
    ),
    case(
        "On 4-hour bars, short when the close crosses below the 50 EMA while the daily 50 EMA is "
        "falling; cover on a cross back above.",
        short_entry="close x< ema_50 & d_ema_50 < d_ema_50[-1]",
        short_exit="close x> ema_50",
        interval="4h",
        direction="short",
    ),
    case(
        "On hourly bars, buy when RSI(7) dips below 25 and on the daily chart the 50 EMA is "
        "rising; sell when RSI(7) goes above 60",
        entry="rsi_7 x< 25 & d_ema_50 > d_ema_50[-1]",
        exit="rsi_7 x> 60",
        interval="1h",
    ),
    case(
        "buy when the daily RSI(14) is below 30, sell when it is above 70, on 1h bars",
        entry="d_rsi_14 < 30",
        exit="d_rsi_14 > 70",
        interval="1h",
    ),
    case(
        "on 1h bars buy when the daily close is above the daily 20 SMA and the daily RSI(14) < "
        "30, sell after 10 bars",
        entry="close@D > d_sma_20 & d_rsi_14 < 30",
        exit_after_bars=10,
        interval="1h",
    ),
    case(
        "on 4h bars buy when RSI(14) is below 30 on the daily timeframe and RSI(2) < 10, sell "
        "after 5 bars",
        entry="d_rsi_14 < 30 & rsi_2 < 10",
        exit_after_bars=5,
        interval="4h",
    ),
    case(
        "on 1h bars, go long when price is above the daily 200 SMA and RSI(2) < 10; exit after "
        "8 bars",
        entry="close > d_sma_200 & rsi_2 < 10",
        exit_after_bars=8,
        interval="1h",
    ),
    case(
        "on 1h bars buy when RSI(14) < 30 on the daily and RSI(2) < 10, sell after 5 bars",
        entry="d_rsi_14 < 30 & rsi_2 < 10",
        exit_after_bars=5,
        interval="1h",
    ),
    case(
        "on 4h bars, buy when the daily close crosses above the daily 20 EMA",
        entry="close@D x> d_ema_20",
        exit="close@D x< d_ema_20",
        interval="4h",
    ),
    case(
        "on hourly bars buy when the daily trend is up (daily close above the daily 20 ema) and "
        "rsi < 30, sell when rsi > 70",
        entry="close@D > d_ema_20 & rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="1h",
    ),
    case(
        "Hourly chart, only long if the daily 200 sma is below price; entry on hourly rsi(14) "
        "crossing up through 30, tp 2% sl 1%",
        entry="rsi_14 x> 30 & d_sma_200 < close@D",
        stop_loss_pct=1.0,
        interval="1h",
    ),
]

#: Said on daily bars, "daily" names the bars themselves: nothing is resampled
DAILY_ON_DAILY = [
    case(
        "buy when the daily RSI(14) is below 30, sell when it is above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
]

#: The Turtle rules' "N" is the 20-day ATR: "a 2N stop" is a stop 2 x ATR(20) from the entry
TURTLE_N = [
    case(
        "buy a 55-day breakout with a 2N stop",
        entry="close > highest_55",
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
    case(
        "buy on a 20-day high, stop at 2N, sell on a 10-day low",
        entry="close > highest_20",
        exit="close < lowest_10",
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
    case(
        "short a 20-day low with a 2 N stop loss, cover on a 10-day high",
        short_entry="close < lowest_20",
        short_exit="close > highest_10",
        direction="short",
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
]

#: The chandelier exit (Le Beau): the highest high of N bars - k x ATR, a long's trailing exit
#: (the lowest low + k x ATR for a short), named or said as its distance
CHANDELIER = [
    case(
        "buy on a 20-day high, sell when the close falls below the chandelier exit",
        entry="close > highest_20",
        exit="close x< chandelier_22_3_22.long",
    ),
    case(
        "buy on a 20-day high, exit with a chandelier stop",
        entry="close > highest_20",
        exit="close x< chandelier_22_3_22.long",
    ),
    case(
        "buy on a 20-day high, exit with a chandelier stop 2.5 ATR below the highest high of the "
        "last 10 bars",
        entry="close > highest_20",
        exit="close x< chandelier_10_2_5_22.long",
    ),
    case(
        "short a 55-day low, cover with a chandelier stop",
        short_entry="close < lowest_55",
        short_exit="close x> chandelier_22_3_22.short",
        direction="short",
    ),
    case(
        "buy on a 20-day high, sell when the close is more than 3 ATR below the highest high of "
        "the last 22 bars",
        entry="close > highest_20",
        exit="close < chandelier_22_3_14.long",
    ),
    case(
        "short a 20-day low, cover when the close is 3 ATR above the 22-day low",
        short_entry="close < lowest_20",
        short_exit="close > chandelier_22_3_14.short",
        direction="short",
    ),
]

#: Position management Botlab does not build: the whole clause is reported with the reason, and
#: none of its numbers is read as another stop or target ("moved to breakeven after a 3% gain"
#: was a 3% take profit; "3 ATR below the 22-day high" was ATR(3) compared with that high)
UNBUILT = [
    # (a break-even move at a distance is built since sar18: its rows are in
    # test_generation_descriptions_stop_and_reverse; one said without a distance is still reported)
    (
        "buy when RSI(2) is below 10, sell when RSI(2) is above 70, move the stop to break-even "
        "once in profit",
        {"entry": "rsi_2 < 10", "exit": "rsi_2 > 70"},
        ["move the stop to break-even once in profit"],
        "break-even",
    ),
    (
        "buy when the close crosses above the 50-day SMA, with a 5% stop loss moved to breakeven "
        "after 3 days",
        {"entry": "close x> sma_50", "stop_loss_pct": 5.0},
        ["moved to breakeven after 3 days"],
        "break-even",
    ),
    (
        "buy when RSI(2) < 10, sell when RSI(2) > 90, 4% stop, move stop to breakeven after 2 up "
        "days",
        {"entry": "rsi_2 < 10", "exit": "rsi_2 > 90", "stop_loss_pct": 4.0},
        ["move stop to breakeven after 2 up days"],
        "break-even",
    ),
    (
        "buy on a 20-day high, exit with a chandelier stop 3 ATR below the highest high since "
        "entry",
        {"entry": "close > highest_20", "exit": "close < lowest_20"},
        ["a chandelier stop 3 ATR below the highest high since entry"],
        "chandelier",
    ),
    (
        "buy on a 20-day high, exit when the close falls 3 ATR below the highest high of the last "
        "22 bars",
        {"entry": "close > highest_20", "exit": "close < lowest_20"},
        ["when the close falls 3 ATR below the highest high of the last 22 bars"],
        None,
    ),
    (
        "buy on a 20-day high, sell when the close falls below 3 ATR under the 22-day high",
        {"entry": "close > highest_20", "exit": "close < lowest_20"},
        ["when the close falls below 3 ATR under the 22-day high"],
        None,
    ),
    (
        "buy a gap down of 2%, sell when the gap fills",
        {"entry": "open <= close[-1]*0.98", "exit": "open >= close[-1]*0.98"},
        ["when the gap fills"],
        "gap fills",
    ),
    (
        "buy when it gaps down more than 2% and sell when price is back at yesterday's close",
        {"entry": "open < close[-1]*0.98", "exit": "open > close[-1]*0.98"},
        ["when price is back at yesterday's close"],
        "gap fills",
    ),
    (
        "buy when it gaps up 1%, sell once the gap is filled",
        {"entry": "open >= close[-1]*1.01", "exit": "open <= close[-1]*1.01"},
        ["once the gap is filled"],
        "gap fills",
    ),
    (
        "buy when RSI(2) < 10 at the close, sell at tomorrow's open",
        {"entry": "rsi_2 < 10", "exit": "rsi_2 > 90"},
        ["at tomorrow's open"],
        "overnight",
    ),
]

REFUSALS = [
    # A move over days on intraday bars: how many bars a day holds is not known
    refused(
        "on 1h bars, buy when it drops more than 5% in a week, sell after 10 bars",
        ["when it drops more than 5% in a week"],
    ),
    refused(
        "on 4h bars buy when it drops 5% in a day, sell after 3 bars", ["when it drops 5% in a day"]
    ),
    # the saying alone is no rule
    refused("buy low sell high", ["low", "high"]),
    # an overnight hold: no entry rule is left, the exit's words are named with the reason
    refused("buy at the close, sell the next morning's open", ["the next morning's open"]),
    refused("buy at the close and sell at the next day's open", ["at the next day's open"]),
]


def _run_hourly(spec: S.StrategySpec):
    """An intraday spec run over backtesting.py's hourly EURUSD bars."""
    strategy = load_strategy(compile_spec(spec), spec.name)
    frame = bars("EURUSD")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Backtest(frame, strategy, cash=100_000, finalize_trades=True).run(), len(frame)


@pytest.mark.parametrize(
    ("text", "expect"), CASES + LONGER_BARS + DAILY_ON_DAILY + TURTLE_N + CHANDELIER + REFUSALS
)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


@pytest.mark.parametrize(("text", "expect"), DAILY_ON_INTRADAY)
def test_a_daily_rule_on_intraday_bars_is_built_from_them(text, expect):
    check_reading(text, expect, run=_run_hourly)
    assumptions = " ".join(understand(text).assumptions)
    assert "Daily bars are built from the" in assumptions
    assert "the last completed day's" in assumptions


@pytest.mark.parametrize(
    ("text", "read", "words", "why"), UNBUILT, ids=[r[0][:50] for r in UNBUILT]
)
def test_unbuilt_position_management_is_reported_whole(text, read, words, why):
    u = understand(text)

    assert u.spec is not None, u.refusal
    for side in ("entry", "exit", "short_entry", "short_exit"):
        assert rule_shape(getattr(u.spec, side)) == read.get(side), side
    assert u.spec.stop_loss_pct == read.get("stop_loss_pct")
    assert u.spec.take_profit_pct is None  # no number of the clause became a target
    assert u.spec.atr_stop_multiple is None
    assert u.not_understood == words
    assert not u.complete
    if why is not None:
        assert any(why in p for p in u.problems), u.problems
    compile_spec(u.spec)


def test_an_overnight_hold_says_why():
    u = understand("buy at the close, sell the next morning's open")

    assert any("holding overnight" in p for p in u.problems), u.problems


def test_a_weekly_filter_on_intraday_bars_is_built_as_before():
    check_reading(
        "on 1h bars buy when the weekly RSI(14) is above 50 and RSI(2) < 10, sell when RSI(2) > 90",
        {"entry": "w_rsi_14 > 50 & rsi_2 < 10", "exit": "rsi_2 > 90", "interval": "1h"},
        run=_run_hourly,
    )


def test_a_move_over_days_on_intraday_bars_says_why():
    u = understand("on 1h bars, buy when it drops more than 5% in a week, sell after 10 bars")

    assert any("A move over days or weeks on intraday bars" in p for p in u.problems)


def test_each_reading_is_stated():
    day_after = understand("buy the day after it drops more than 4%, sell after 5 days")
    year = understand("buy when the price is higher than it was a year ago")
    weekly = understand("on weekly bars, buy when it rises 10% in 4 weeks, sell after 2 weeks")
    saying = understand("buy low, sell high: buy when RSI(2) < 10, sell when RSI(2) > 90")

    assert any("'the day after'" in a and "next bar's open" in a for a in day_after.assumptions)
    assert any("the close 252 bars earlier" in a for a in year.assumptions)
    assert any("1 year read as 252 daily bars" in a for a in year.assumptions)
    assert "4 weeks read as 4 weekly bars" in weekly.assumptions
    assert "2 weeks read as 2 weekly bars" in weekly.assumptions
    assert any("over 4 bars read as ROC(4)" in a for a in weekly.assumptions)
    assert any("Set aside 'buy low, sell high'" in a for a in saying.assumptions)


def test_a_longer_timeframe_slope_compares_its_own_bars():
    """ "the daily 50 EMA is falling": today's daily value against yesterday's (a second
    resample_apply shifted by one daily bar), never against the previous hourly bar's."""
    spec = understand(
        "on 1h bars, short when the close crosses below the 50 EMA while the daily 20 EMA is "
        "falling; cover on a cross back above"
    ).spec
    code = compile_spec(spec)

    assert "bars_back" in code
    assert '"1D"' in code
    assert "is falling (compared with the daily bar before)" in " ".join(
        understand(spec.description).rules
    )


# -- references ---------------------------------------------------------------------------------


def last_completed_day(close: pd.Series, func, *args, back: int = 0) -> np.ndarray:
    """``func`` of the daily closes (each calendar day's last close), on each intraday bar the
    value of the last day completed before the bar's own day (``back`` days earlier still)."""
    days = close.groupby(close.index.normalize()).last()
    value = pd.Series(func(days.to_numpy(), *args), index=days.index).shift(1 + back)
    return value.reindex(close.index.normalize()).to_numpy()


class DailyEmaFallingOnHourly(Strategy):
    """on 1h bars, short when the close crosses below the 50 EMA while the daily 20 EMA is
    falling; cover when the close crosses back above the 50 EMA"""

    def init(self):
        close = self.data.Close.s
        self.ema = self.I(ema, self.data.Close, 50)
        self.daily = self.I(last_completed_day, close, ema, 20)
        self.before = self.I(last_completed_day, close, ema, 20, back=1)

    def next(self):
        if self.position and crossover(self.data.Close, self.ema):
            self.position.close()
        elif (
            not self.position
            and crossover(self.ema, self.data.Close)
            and self.daily[-1] < self.before[-1]
        ):
            self.sell(size=SIZE)


class DailyRsiOnHourly(Strategy):
    """on 1h bars buy when the daily RSI(5) is below 40 and RSI(2) < 10, sell when RSI(2) > 90"""

    def init(self):
        self.daily = self.I(last_completed_day, self.data.Close.s, rsi, 5)
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 90:
            self.position.close()
        elif not self.position and self.daily[-1] < 40 and self.rsi[-1] < 10:
            self.buy(size=SIZE)


def last_completed_week(close: pd.Series, func, *args, back: int = 0) -> np.ndarray:
    """``func`` of the weekly closes (weeks end on Friday), known from the week's Friday on and
    held until the next one (``back`` weeks earlier still)."""
    weekly = close.resample("W-FRI").last().dropna()
    value = pd.Series(func(weekly.to_numpy(), *args), index=weekly.index).shift(back)
    return value.reindex(close.index.union(value.index)).ffill().reindex(close.index).to_numpy()


class WeeklySmaRising(Strategy):
    """buy when the weekly 10 SMA is rising and RSI(2) < 10, sell when RSI(2) > 90"""

    def init(self):
        close = self.data.Close.s
        self.week = self.I(last_completed_week, close, sma, 10)
        self.week_before = self.I(last_completed_week, close, sma, 10, back=1)
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 90:
            self.position.close()
        elif not self.position and self.week[-1] > self.week_before[-1] and self.rsi[-1] < 10:
            self.buy(size=SIZE)


def bars_ago(values, n: int) -> np.ndarray:
    """Each bar's value ``n`` bars earlier (NaN for the first ``n``)."""
    return pd.Series(values).shift(n).to_numpy()


class HigherThanAYearAgo(Strategy):
    """if the price is higher than it was a year ago buy, if it's lower than a year ago sell"""

    def init(self):
        self.year_ago = self.I(bars_ago, self.data.Close, 252)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close < self.year_ago[-1]:
            self.position.close()
        elif not self.position and close > self.year_ago[-1]:
            self.buy(size=SIZE)


class DayAfterADrop(TimeExit):
    """buy the day after it drops more than 3 percent, sell it a week after"""

    hold = 5

    def init(self):
        self.day_before = self.I(bars_ago, self.data.Close, 1)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.data.Close[-1] / self.day_before[-1] - 1 < -0.03:
            self.buy(size=SIZE)


def chandelier_long(high, low, close, n, k, atr_n):
    """The highest high of the last n bars (this one included) - k x ATR(atr_n), ATR with
    Wilder's smoothing, written from StockCharts' definition."""
    high, low, close = pd.Series(high), pd.Series(low), pd.Series(close)
    true_range = pd.concat(
        [high - low, (high - close.shift()).abs(), (low - close.shift()).abs()], axis=1
    ).max(axis=1)
    atr = true_range.ewm(alpha=1 / atr_n, adjust=False, min_periods=atr_n).mean()
    return (high.rolling(n).max() - k * atr).to_numpy()


class ChandelierExit(Strategy):
    """buy on a 20-day high, sell when the close falls below the chandelier exit"""

    def init(self):
        high = self.data.High.s
        self.breakout = self.I(lambda: high.rolling(20).max().shift(1).to_numpy())
        self.line = self.I(
            chandelier_long, self.data.High, self.data.Low, self.data.Close, 22, 3.0, 22
        )

    def next(self):
        close = self.data.Close
        if self.position and crossover(self.line, close):
            self.position.close()
        elif not self.position and close[-1] > self.breakout[-1]:
            self.buy(size=SIZE)


REFERENCES = [
    (ChandelierExit, "AAPL"),
    (ChandelierExit, "IBM"),
    (DailyEmaFallingOnHourly, "EURUSD"),
    (DailyRsiOnHourly, "EURUSD"),
    (WeeklySmaRising, "AAPL"),
    (WeeklySmaRising, "MSFT"),
    (HigherThanAYearAgo, "IBM"),
    (HigherThanAYearAgo, "GOOG"),
    (DayAfterADrop, "AAPL"),
    (DayAfterADrop, "MSFT"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[f"{r.__name__}-{d}" for r, d in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))


def test_the_chandelier_exit_matches_talib_where_the_definitions_agree():
    """TA-Lib has no chandelier exit but has its parts: MAX(high, n) and ATR (equal once the
    differently seeded Wilder averages have converged)."""
    talib = pytest.importorskip("talib")
    namespace: dict = {"np": np, "pd": pd}
    for name in ("atr", "chandelier_long", "chandelier_short"):
        exec(FUNCTIONS[name][0], namespace)
    frame = bars("MSFT")
    h, lo, c = (frame[col].to_numpy(dtype=float) for col in ("High", "Low", "Close"))
    atr = talib.ATR(h, lo, c, 22)
    long_, short = namespace["chandelier_long"], namespace["chandelier_short"]
    start = 30 * 22
    np.testing.assert_allclose(
        long_(h, lo, c, 22, 3.0, 22)[start:], (talib.MAX(h, 22) - 3 * atr)[start:], rtol=1e-9
    )
    np.testing.assert_allclose(
        short(h, lo, c, 22, 3.0, 22)[start:], (talib.MIN(lo, 22) + 3 * atr)[start:], rtol=1e-9
    )
