"""The offline compiler on descriptions written fresh for issue 10 (calendar and session rules,
another timeframe, sizing, long/short, a second symbol): the phrasings they showed Botlab
misreading, each with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields; ``says``: words the echo
must state); every row is compiled and backtested on bundled daily AAPL (hourly EURUSD for
intraday rows). ``REFUSALS`` rows read as a rule that can never hold and are refused naming its
parts; ``REPORTED`` rows keep words Botlab cannot build out of the reading and say so.
``REFERENCES`` are hand-written backtesting.py strategies: the compiled bot makes their trades.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy

from engine.generation import understand

from .generation.corpus import SETTINGS, SIDES, case, check_row
from .generation.rules_support import rule_shape
from .generation.support import assert_trades_like_reference, held
from .test_generation_reference_indicators import talib_free_rsi

SIZE = 0.99
BOTH_AT_50 = dict(
    entry="rsi_14 < 30",
    exit="rsi_14 >= 50",
    short_entry="rsi_14 > 70",
    short_exit="rsi_14 <= 50",
    direction="both",
    says="exit rule for a long and a short entry: it closes either position",
)
NOT_MONDAY = "calendar weekday [1, 2, 3, 4, 5, 6]"
NOT_FRIDAY = "calendar weekday [0, 1, 2, 3, 5, 6]"
BRACKETS = "read as its definition in brackets"
DAY_AFTER = "the gap is seen at that day's close and the trade opens at the next day's open"
FILTER_AS_ENTRY = "filter with no other buy rule is read as the buy rule"


CASES = [
    # -- one exit for a long and a short entry; "long rsi<30" is a side, not "the long RSI" ---
    case("long rsi<30, short rsi>70, exit both at 50", **BOTH_AT_50),
    case("Long/short RSI: long rsi<30, short rsi>70, exit both at 50", **BOTH_AT_50),
    case("buy when rsi < 30, short when rsi > 70, exit both at 50", **BOTH_AT_50),
    case(
        "long when rsi(2) < 10 and short when rsi(2) > 90, exit at 50",
        entry="rsi_2 < 10",
        exit="rsi_2 >= 50",
        short_entry="rsi_2 > 90",
        short_exit="rsi_2 <= 50",
        direction="both",
    ),
    case(
        "long rsi(2) under 10; short rsi(2) over 90; exit when rsi(2) crosses 50",
        entry="rsi_2 < 10",
        exit="rsi_2 x> 50",
        short_entry="rsi_2 > 90",
        short_exit="rsi_2 x< 50",
        direction="both",
    ),
    # -- the days of the week left out ----------------------------------------------------
    case(
        "buy every day except Monday at close and sell after 1 day",
        entry=NOT_MONDAY,
        exit_after_bars=1,
    ),
    case(
        "buy when RSI(2) < 10 except on Fridays, sell after 2 days",
        entry=f"rsi_2 < 10 & {NOT_FRIDAY}",
        exit_after_bars=2,
    ),
    case(
        "skip Mondays; buy the close when the close is below the 5 day sma, sell after 3 days",
        entry=f"close < sma_5 & {NOT_MONDAY}",
        exit_after_bars=3,
    ),
    case(
        "buy when rsi(2) < 10, sell when rsi(2) > 70. Never trade on Fridays.",
        entry=f"rsi_2 < 10 & {NOT_FRIDAY}",
        exit="rsi_2 > 70",
    ),
    case(
        "buy at the close any day but Friday, sell after 1 day", entry=NOT_FRIDAY, exit_after_bars=1
    ),
    # -- months held from one edge to another --------------------------------------------
    case(
        "Halloween indicator: long from end of October to end of April",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        says="read as the months November through April",
    ),
    case(
        "be long from the start of November until the beginning of May, otherwise in cash",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "go long SPY from the end of September to the end of December",
        entry="calendar month [10, 11, 12]",
        exit="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 9]",
        symbol="SPY",
    ),
    case(
        "hold spy in december only",
        entry="calendar month [12]",
        exit="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
        symbol="SPY",
    ),
    case(
        "hold QQQ from the end of October through the end of April",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="QQQ",
    ),
    case(
        "hold SPY during November to April",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    # -- trading days held from one to another: bought at the first's open, sold after the last
    case(
        "Can you backtest the turn-of-the-month effect on IWM? Hold from the last 2 days of a "
        "month through the first 3 days of the next",
        entry="calendar trading_day_from_end [2]",
        exit="calendar trading_day [4]",
        symbol="IWM",
        says="bought at the open of the first of those days, sold at the open of the trading day",
    ),
    case(
        "be long from the last trading day of the month to the third trading day of the next month",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [4]",
    ),
    case(
        "stay invested from the first trading day of the month through the 5th trading day of "
        "the month",
        entry="calendar trading_day [1]",
        exit="calendar trading_day [6]",
    ),
    # -- the quarter's trading days; the nth weekday of the month -------------------------
    case(
        "I want to buy the first trading day of each quarter and sell 10 days later",
        entry="calendar trading_day [1] & calendar month [1, 4, 7, 10]",
        exit_after_bars=10,
        says="read as the first month of each quarter",
    ),
    case(
        "buy on the last trading day of the quarter, sell 3 days later",
        entry="calendar trading_day_from_end [1] & calendar month [3, 6, 9, 12]",
        exit_after_bars=3,
    ),
    case(
        "buy on the third Friday of the month, sell after 5 days",
        entry="calendar weekday [4] & calendar day_of_month [15, 16, 17, 18, 19, 20, 21]",
        exit_after_bars=5,
        says="read as a Friday on the 15th to the 21st of the month",
    ),
    case(
        "go long every second Tuesday of the month at the close and sell 2 days later",
        entry="calendar weekday [1] & calendar day_of_month [8, 9, 10, 11, 12, 13, 14]",
        exit_after_bars=2,
    ),
    case(
        "buy the first Monday of each month, sell after 4 days",
        entry="calendar weekday [0] & calendar day_of_month [1, 2, 3, 4, 5, 6, 7]",
        exit_after_bars=4,
    ),
    # -- sizing said in traders' words ----------------------------------------------------
    case(
        "allocate 10k per trade, 7% trailing stop, buy on a new 52 week high",
        entry="close > highest_260",
        size_cash=10_000.0,
        trailing_stop_pct=7.0,
    ),
    case(
        "put 5k in each trade, buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_cash=5_000.0,
    ),
    case(
        "10k per trade, buy when rsi(2) < 10, sell when rsi(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        size_cash=10_000.0,
    ),
    case(
        "go all in when price crosses above 200 sma and sell half when it is up 20%, rest on "
        "cross below",
        entry="close x> sma_200",
        exit="close x< sma_200",
        size_fraction=0.9999,
        scale_out_pct=20.0,
    ),
    case(
        "go all in when rsi(2) < 5, sell after 3 days",
        entry="rsi_2 < 5",
        exit_after_bars=3,
        size_fraction=0.9999,
    ),
    case(
        "buy on a 20 day high, stopped out at 5%, exit on 10 day low",
        entry="close > highest_20",
        exit="close < lowest_10",
        stop_loss_pct=5.0,
    ),
    case(
        "short when rsi > 80, cover below 50, stops out at 6%",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        direction="short",
        stop_loss_pct=6.0,
    ),
    # -- a stop said as the entry price minus a multiple of ATR -------------------------------
    case(
        "Position sizing: 3% risk, stop = entry minus 3 x ATR(14). Signal: close crosses above 50 "
        "EMA; exit when close < 50 EMA",
        entry="close x> ema_50",
        exit="close < ema_50",
        risk_pct=3.0,
        atr_stop_multiple=3.0,
    ),
    case(
        "buy when close crosses above 50 ema, stop at entry - 2*ATR",
        entry="close x> ema_50",
        atr_stop_multiple=2.0,
    ),
    case(
        "buy on a 20 day high, stop loss = entry price - 2.5 x ATR(20), exit on a 10 day low",
        entry="close > highest_20",
        exit="close < lowest_10",
        atr_stop_multiple=2.5,
    ),
    # -- part of the shares bought sold at a gain: a scale-out ------------------------------
    case(
        "buy 50 shares when price crosses over the 100 day moving average, sell 25 shares if it "
        "rises 10%, sell the rest if it crosses back under",
        entry="close x> sma_100",
        exit="close x< sma_100",
        size_shares=50,
        scale_out_pct=10.0,
    ),
    case(
        "buy 300 shares when rsi < 30, sell 100 shares at +5%, the rest when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_shares=300,
        scale_out_pct=5.0,
        scale_out_fraction=1 / 3,
    ),
    case(
        "buy 100 shares when rsi(2) < 10, sell 100 shares when rsi(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        size_shares=100,
    ),
    # -- an entry said to repeat, up to a number of units: each new signal adds a unit -------
    case(
        "start with $20k, buy $2k each time RSI(14) < 30, up to 5 positions, sell everything "
        "when RSI > 55",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        add_on="rsi_14 < 30",
        max_units=5,
        size_cash=2_000.0,
        says="each new entry signal while holding adds a unit",
    ),
    case(
        "every time rsi(2) drops below 10 buy, max 4 units, sell all when rsi(2) > 70",
        entry="rsi_2 x< 10",
        exit="rsi_2 > 70",
        add_on="rsi_2 x< 10",
        max_units=4,
        size_fraction=0.2475,
    ),
    case(
        "buy 25% of equity each time the close is below the lower bollinger band, up to 3 "
        "entries, sell at the middle band",
        entry="close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        add_on="close < bbands_20_2.lower",
        max_units=3,
        size_fraction=0.25,
    ),
    # -- a vague request with filler words gets its stated default ---------------------------
    case(
        "Just do a momentum thing on SPY",
        entry="roc_252 > 0",
        exit="roc_252 < 0",
        symbol="SPY",
        says="No rules were given for momentum",
    ),
    case(
        "some mean reversion thing on QQQ",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="QQQ",
    ),
    # -- gaps said as a comparison, in the plural -----------------------------------------
    case(
        "short at the open when it gaps up bigger than 2%, cover at the close",
        short_entry="open > close[-1]*1.02",
        direction="short",
    ),
    case(
        "buy gap downs larger than 3% at the open, sell at the close",
        entry="open < close[-1]*0.97",
    ),
    # -- the account's loss at the stop is risk sizing, not the position's size --------------
    case(
        "buy on a 20 day high with a 2 ATR stop; each stop-out should lose no more than 1% of my "
        "account",
        entry="close > highest_20",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
    ),
    case(
        "short below the 50 sma, 3% stop, losing at most 0.5% of the account on each trade",
        short_entry="close < sma_50",
        direction="short",
        risk_pct=0.5,
        stop_loss_pct=3.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, 4% stop loss, a stop-out loses 1% of equity",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        risk_pct=1.0,
        stop_loss_pct=4.0,
    ),
    # -- a second symbol: a state defined in brackets, a name with its ticker, a title's symbol
    case(
        "go long GLD when TLT is falling (below its 20 day SMA), sell after 10 days",
        entry="close@TLT < tlt_sma_20",
        exit_after_bars=10,
        symbol="GLD",
        says=BRACKETS,
    ),
    case(
        "Only go long NVDA when SMH is in an uptrend (price above 50 EMA). Entry: close above "
        "the 10 day high. Exit: 15% profit or 7% stop",
        entry="close > highest_10 & close@SMH > smh_ema_50",
        symbol="NVDA",
        take_profit_pct=15.0,
        stop_loss_pct=7.0,
        says=BRACKETS,
    ),
    case(
        "only buy XLE when oil (USO) closed above its 50 day average, exit when USO under 50 day",
        entry="close@USO > uso_sma_50",
        exit="close@USO < uso_sma_50",
        symbol="XLE",
    ),
    case(
        "buy gold (GLD) when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="GLD",
    ),
    case(
        "buy IWM when small caps (IWM) are strong (above the 100 day sma), sell when rsi(2) > 90",
        entry="close > sma_100",
        exit="rsi_2 > 90",
        symbol="IWM",
    ),
    case(
        "trade tqqq based on qqq: buy TQQQ when QQQ crosses above 200 sma, sell when below",
        entry="close@QQQ x> qqq_sma_200",
        exit="close@QQQ < qqq_sma_200",
        symbol="TQQQ",
    ),
    case(
        "market regime filter using the S&P: only take trades when ^GSPC is above 50 DMA. "
        "Trade = buy XLK on 10 day high, sell on 10 day low",
        entry="close > highest_10 & close@^GSPC > gspc_sma_50",
        exit="close < lowest_10",
        symbol="XLK",
    ),
    case(
        "buy MSFT when it is stronger than SPY over the past year",
        entry="roc_252 > spy_roc_252",
        exit="roc_252 < spy_roc_252",
        symbol="MSFT",
    ),
    # -- "only buy when ..." with no other buy rule is the buy rule -------------------------
    case(
        "only buy when rsi(14) < 30, sell when rsi > 60",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        says=FILTER_AS_ENTRY,
    ),
    case(
        "only go long if macd is above its signal line; exit when it crosses below",
        entry="macd_12_26_9.macd > macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "only buy when the close is above the 20 day sma and rsi(14) < 30, sell when rsi > 60",
        entry="close > sma_20 & rsi_14 < 30",
        exit="rsi_14 > 60",
    ),
    # -- the day after a gap: seen at its close, bought at the next open ----------------------
    case(
        "go long at the open of the day after a 3% gap down, exit after 3 days",
        entry="open <= close[-1]*0.97",
        exit_after_bars=3,
        says=DAY_AFTER,
    ),
    case(
        "buy at the open the day after a 2% gap down, sell after 5 days",
        entry="open <= close[-1]*0.98",
        exit_after_bars=5,
    ),
    case(
        "the day after a gap up of more than 2%, buy the open; sell after 2 days",
        entry="open > close[-1]*1.02",
        exit_after_bars=2,
    ),
    # -- a higher intraday trend defined in brackets: the definition, no default added -------
    case(
        "long only when the 4 hour trend is up (4h close > 4h 50 ema), entries on 15 min bars "
        "when price crosses above vwap",
        entry="close x> vwap & close@4h > h4_ema_50",
        exit="close x< vwap",
        interval="15m",
    ),
    case(
        "on 15 minute bars buy when the hourly trend is up (1h close > 1h 20 ema) and rsi < 30, "
        "sell when rsi > 70",
        entry="close@1h > h1_ema_20 & rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="15m",
    ),
]

#: The settings a row must not change unless it says so (each else at the spec's default).
FIELDS = (*SETTINGS, "max_units", "size_fraction", "scale_out_fraction", "direction")


def test_the_rows_cover_every_family():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS, sides=(*SIDES, "add_on"))


REFUSALS = [  # a rule that can never hold, and a part of it the refusal quotes
    ("buy when the month is October and the month is April, sell after 5 days", "April"),
    ("short when rsi(14) > 70 and rsi(14) < 30, cover after 5 days", "RSI(14) is below 30"),
    ("buy when rsi(2) < 10 and rsi(2) > 90, sell after 3 days", "RSI(2) is above 90"),
]


@pytest.mark.parametrize(("text", "part"), REFUSALS, ids=[t[:50] for t, _ in REFUSALS])
def test_a_rule_that_can_never_hold_is_refused_naming_its_parts(text: str, part: str):
    u = understand(text)

    assert u.spec is None
    assert "can never be true" in u.refusal and part in u.refusal


@pytest.mark.parametrize(
    ("text", "words", "why"),
    [  # (text, words reported back, a reason Botlab gives or None)
        (
            "relative strength vs SPY: buy when the ratio of MSFT/SPY makes a new 50 day high, "
            "sell when the ratio drops below its 20 day average",
            "when the ratio of MSFT/SPY makes a new 50 day high",
            "A ratio of two symbols' prices (MSFT/SPY)",
        ),
        (
            "buy XLY when the XLY/XLP ratio is above its 50 day sma",
            "when the XLY/XLP ratio is above its 50 day sma",
            "relative strength is, for example 'buy when XLY outperforms XLP over 50 days'",
        ),
        (
            "buy whichever is stronger between SPY and TLT over 3 months, rebalance monthly",
            "rebalance monthly",
            "Switching between symbols",
        ),
        (
            "rotate between QQQ and GLD based on 6 month momentum",
            "rotate between QQQ and GLD based on 6 month momentum",
            "Switching between symbols",
        ),
        (
            "buy AAPL when it outperforms QQQ by 3% over the last month, sell after 10 days",
            "by 3%",
            "A margin of relative strength",
        ),
        (
            "Short squeeze fade - when price is up 20% in 3 days, short it, cover after 5 days or "
            "at a 10% loss",
            "Short squeeze fade - when",
            None,
        ),
        # "the daily 20 ema" on hourly bars is built now (daily bars from the hourly ones): row
        # in test_generation_descriptions_everyday_changes (DAILY_ON_INTRADAY)
        # "if friday was a down day" and "only if the prior week closed green" are read now:
        # rows in test_generation_descriptions_prior_periods (PRIOR_WEEKDAYS, PRIOR_PERIODS)
        (
            "please backtest: if the first 5 days of january are positive, hold spy the rest of "
            "the year",
            "of january are positive",
            None,
        ),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else None,
)
def test_what_cannot_be_built_is_reported_not_misread(text: str, words: str, why: str | None):
    u = understand(text)

    assert words in u.not_understood
    if why is not None:
        assert any(why in p for p in u.problems), u.problems


def test_reported_words_leave_the_rest_read_as_said():
    squeeze = understand(
        "Short squeeze fade - when price is up 20% in 3 days, short it, cover after 5 days or at "
        "a 10% loss"
    ).spec
    hourly = understand(
        "on hourly bars buy when the daily trend is up (daily close above the daily 20 ema) and "
        "rsi < 30, sell when rsi > 70"
    ).spec
    week = understand(
        "go long on Tuesday open, exit Thursday close, only if the prior week closed green"
    ).spec
    margin = understand(
        "buy AAPL when it outperforms QQQ by 3% over the last month, sell after 10 days"
    ).spec

    assert [i.kind for i in squeeze.indicators] == ["roc"]  # not the Bollinger/Keltner squeeze
    assert squeeze.direction == "short"
    assert hourly.interval == "1h"  # the bars said, not the 'daily' of a rule
    assert week.period_days is None  # 'the prior week' is no test period
    assert rule_shape(margin.entry) == "roc_21 > qqq_roc_21"  # 'the last month' is its period


# -- references ---------------------------------------------------------------------------------


class BothSidesExitAtFifty(Strategy):
    """long rsi<30, short rsi>70, exit both at 50: RSI(14), long below 30 and short above 70
    (each closing the other side), a long sold at RSI >= 50, a short covered at RSI <= 50."""

    def init(self):
        self.rsi = self.I(talib_free_rsi, self.data.Close, 14)

    def next(self):
        rsi = self.rsi[-1]
        done = rsi >= 50 if self.position.is_long else rsi <= 50
        if self.position and done:
            self.position.close()
        if rsi < 30 and not self.position.is_long:
            self.position.close()
            self.buy(size=SIZE)
        elif rsi > 70 and not self.position.is_short:
            self.position.close()
            self.sell(size=SIZE)


class NotOnFridays(Strategy):
    """buy when RSI(2) < 10 except on Fridays, sell after 2 days: the weekday is the fill day's
    (the next bar's), as every date rule."""

    def init(self):
        self.rsi = self.I(talib_free_rsi, self.data.Close, 2)
        dates = self.data.index
        self.fills_on = dict(zip(dates[:-1], dates[1:].weekday, strict=True))

    def next(self):
        if self.position:
            if held(self) >= 2:
                self.position.close()
            return
        fills_on = self.fills_on.get(self.data.index[-1])  # None on the last bar
        if self.rsi[-1] < 10 and fills_on not in (None, 4):
            self.buy(size=SIZE)


class DayAfterGapDown(Strategy):
    """go long at the open of the day after a 3% gap down, exit after 3 days: the gap (open at
    least 3% below the previous close) seen at its close, bought at the next open."""

    def init(self):
        pass

    def next(self):
        if self.position:
            if held(self) >= 3:
                self.position.close()
            return
        if len(self.data) > 1 and self.data.Open[-1] <= self.data.Close[-2] * 0.97:
            self.buy(size=SIZE)


class TurnOfTheMonthHeld(Strategy):
    """be long from the last 2 trading days of the month through the first 3 trading days of the
    next month: in the market on those five days, bought at the open of the 2nd-to-last trading
    day and sold at the open of the 4th (each order placed at the close before)."""

    def init(self):
        days = pd.Series(self.data.index.normalize())
        months = pd.Series(self.data.index.year * 12 + self.data.index.month)
        from_start = days.groupby(months).rank(method="dense").to_numpy()
        from_end = days.groupby(months).rank(method="dense", ascending=False).to_numpy().copy()
        last = days.iloc[-1]
        if last != last + pd.offsets.BMonthEnd(0):  # the data's last month ends before its end
            from_end[(months == months.iloc[-1]).to_numpy()] = 0
        self.next_bar = {  # the trading day (from the start, from the end) of the next bar
            when: (s, e)
            for when, s, e in zip(self.data.index[:-1], from_start[1:], from_end[1:], strict=True)
        }

    def next(self):
        got = self.next_bar.get(self.data.index[-1])
        if got is None:
            return
        from_start, from_end = got
        if self.position and from_start == 4:
            self.position.close()
        elif not self.position and from_end == 2:
            self.buy(size=SIZE)


REFERENCES = [
    (BothSidesExitAtFifty, "AAPL"),
    (NotOnFridays, "AAPL"),
    (DayAfterGapDown, "AAPL"),
    (TurnOfTheMonthHeld, "AAPL"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES, ids=lambda r: getattr(r, "__name__", r))
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)
