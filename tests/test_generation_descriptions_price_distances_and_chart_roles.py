"""The offline compiler on two families it used to report without reading: a distance in price
from a line ("$5 below the 20-day SMA", "10 pips under the 50 EMA" on a currency pair, "8 ticks
above the 20-day high" on a future, "within 50 cents of the VWAP"), and chart roles in a
multi-timeframe description ("the 1h chart for trend and the 15m chart for entries").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``, where ``sma_20-5`` is the SMA moved by 5 in price; the other
keys are spec fields, and no other setting may be set); every row is compiled and run over every
bar through ``check_row``. ``REPORTED`` rows are distances whose size in price the text does not
fix (ticks of a stock, pips of a coin, "points" on a currency pair): reported with the reason,
never guessed; so is a trend chart no condition is said on. The distance is checked trade for
trade against hand-written strategies; the roles only route conditions to the frames mechanism
(``resample_apply``, checked for look-ahead by its own tests).
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand
from engine.generation.spec import IndicatorRef, StrategySpec

from .generation.corpus import SETTINGS, case, check_row
from .generation.support import assert_trades_like_reference

DISTANCES = [
    case(
        "go long NVDA when price closes $3 below the 50 day EMA, exit when it closes back above "
        "the EMA",
        entry="close < ema_50-3",
        exit="close > ema_50",
        symbol="NVDA",
    ),
    case(
        "buy GBPUSD on 1h bars when the close is more than 25 pips under the 100 SMA, sell when "
        "it is 25 pips above the 100 SMA",
        entry="close < sma_100-0.0025",
        exit="close > sma_100+0.0025",
        symbol="GBPUSD=X",
        interval="1h",
        says="'25 pips' read as 0.0025 in price (a pip is 0.0001",
    ),
    case(  # a yen-quoted pair's pip is 0.01
        "buy USDJPY on 4h bars when price drops 40 pips below the 20 EMA; sell when RSI(14) is "
        "above 60",
        entry="close x< ema_20-0.4",
        exit="rsi_14 > 60",
        symbol="USDJPY=X",
        interval="4h",
        says="'40 pips' read as 0.4 in price",
    ),
    case(  # a future's tick, from the table of contracts
        "buy NQ=F when the close is 8 ticks above the 20 day high, sell when the close is below "
        "the 10 day low",
        entry="close > highest_20+2",
        exit="close < lowest_10",
        symbol="NQ=F",
        says="'8 ticks' read as 2 in price (a tick, the smallest price step of NQ=F, is 0.25)",
    ),
    case(
        "buy QQQ on 15m bars when the close is within 50 cents of the VWAP and RSI(5) is below "
        "30, sell when RSI(5) is above 70",
        entry="(close >= vwap-0.5 & close <= vwap+0.5) & rsi_5 < 30",
        exit="rsi_5 > 70",
        symbol="QQQ",
        interval="15m",
        says="read as: the close at most 0.5 above or below it",
    ),
    case(
        "short MSFT when it rallies $4 above the upper bollinger band, cover at the middle band",
        short_entry="close x> bbands_20_2.upper+4",
        short_exit="close <= bbands_20_2.middle",
        direction="short",
        symbol="MSFT",
    ),
]

ROLES = [  # the entry chart is the bars tested; the trend chart's conditions are on its bars
    case(
        "use the 1h chart for trend and the 15m chart for entries: buy BTC-USD on 15m when RSI(14) "
        "crosses above 30 while the 1h close is above the 1h 50 EMA",
        entry="rsi_14 x> 30 & close@1h > h1_ema_50",
        exit="rsi_14 x< 70",
        symbol="BTC-USD",
        interval="15m",
        says="'use the 1h chart for trend' read as the trend's chart",
    ),
    case(
        "use the 4h chart for trend and the 30m chart for entries: buy ETH-USD when the 4h close "
        "is above the 4h 100 EMA and RSI(7) crosses above 25. sell when RSI(7) is above 75",
        entry="close@4h > h4_ema_100 & rsi_7 x> 25",
        exit="rsi_7 > 75",
        symbol="ETH-USD",
        interval="30m",
        says="'the 30m chart for entries' read as the bars tested: 30-minute bars",
    ),
    case(
        "trend on the daily, entries on the 1h: buy QQQ when the daily 20 EMA is above the daily "
        "50 EMA and the 9 EMA crosses above the 21 EMA, sell when the 9 EMA crosses below the 21 "
        "EMA",
        entry="d_ema_20 > d_ema_50 & ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="QQQ",
        interval="1h",
        says="'trend on the daily' read as the trend's chart: the conditions said on it are "
        "computed on daily bars built from the hourly bars tested",
    ),
    case(  # MetaTrader's names of the time frames
        "H1 bias, M15 entry: short EURUSD when the H1 close is below the H1 EMA 200 and the M15 "
        "RSI crosses below 60; cover when RSI(14) is below 30",
        short_entry="close@1h < h1_ema_200 & rsi_14 x< 60",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="EURUSD=X",
        interval="15m",
        says="'M15 entry' read as the bars tested: 15-minute bars",
    ),
    case(
        "H4 bias, M15 entry: long when the H4 EMA 50 is rising and the M15 RSI crosses above 50",
        entry="h4_ema_50 > h4_ema_50[-1] & rsi_14 x> 50",
        exit="rsi_14 x< 50",
        interval="15m",
        says="'H4 bias' read as the trend's chart",
    ),
    case(
        "2h for direction, 15m for timing on SOL: buy when the 2h MACD histogram is positive and "
        "the close crosses above the 20 EMA, exit when the close crosses below the 20 EMA",
        entry="h2_macd_12_26_9.hist > 0 & close x> ema_20",
        exit="close x< ema_20",
        symbol="SOL-USD",
        interval="15m",
        says="'15m for timing' read as the bars tested",
    ),
    case(  # a condition said inside the trend's role, without a frame, is on the trend's chart
        "check the monthly trend first (close above the 10-month SMA), then buy daily pullbacks to "
        "the 50 day SMA",
        entry="close > sma_50 & low <= sma_50 & close@M > m_sma_10",
        exit="close < sma_50",
        interval="1d",
        says="'check the monthly trend first' read as the trend's chart",
    ),
    case(
        "check the weekly trend first (close above the 30-week MA), then buy daily pullbacks to "
        "the 20 EMA",
        entry="close > ema_20 & low <= ema_20 & close@W > w_sma_30",
        exit="close < ema_20",
        interval="1d",
        says="30 week read as 30 weekly bars",
    ),
]

SIBLINGS = [
    case(  # a higher chart's condition said with the roles, before the entry: a filter of it
        "H4 trend up, M15 entry: buy when RSI crosses above 30",
        entry="rsi_14 x> 30 & close@4h > h4_sma_10",
        exit="rsi_14 x< 70",
        interval="15m",
        says="'H4 trend up' said with the charts' roles: it filters every entry",
    ),
    case(  # MetaTrader's chart names as the frame of a condition, and as the bars ("H" no ticker)
        "buy EURUSD when RSI(14) is below 30 on the H1, sell when RSI(14) is above 70, on 15m bars",
        entry="h1_rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="EURUSD=X",
        interval="15m",
    ),
    case(
        "buy GBPUSD on the M30 chart when RSI(14) crosses above 30, sell when it crosses below 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        symbol="GBPUSD=X",
        interval="30m",
    ),
]

ARITHMETIC = [  # a distance added to a line with a sign ("SMA(20) + 2"), never the cash
    case(
        "buy when close > sma(20) + 2, sell when close < sma(20)",
        entry="close > sma_20+2",
        exit="close < sma_20",
    ),
    case(
        "buy MSFT when the close is below the 20 day SMA minus $3, sell when it is above the SMA",
        entry="close < sma_20-3",
        exit="close > sma_20",
        symbol="MSFT",
    ),
    case(
        "buy EURUSD on 1h bars when close < ema(50) - 10 pips, sell when close > ema(50)",
        entry="close < ema_50-0.001",
        exit="close > ema_50",
        symbol="EURUSD=X",
        interval="1h",
        says="'10 pips' read as 0.001 in price",
    ),
    case(
        "buy when the close crosses above the 50 EMA plus 50 cents, sell when it crosses below "
        "the 50 EMA",
        entry="close x> ema_50+0.5",
        exit="close x< ema_50",
    ),
]

CASES = DISTANCES + ROLES + SIBLINGS + ARITHMETIC


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_reads_as_a_careful_programmer_would(text: str, expect: dict):
    check_row(text, expect, (*SETTINGS, "direction"))


REPORTED = [  # (text, the words reported): a distance whose size in price is not known
    ("buy TSLA when price is 5 ticks below the 20 day low, sell after 3 days", "5 ticks"),
    (
        "buy BTC-USD when price is 30 pips below the 50 EMA, sell when it is above the EMA",
        "30 pips",
    ),
    (
        "buy EURUSD when price is 10 points below the 50 EMA, sell when it is above the EMA",
        "points",
    ),
    ("buy when RSI(14) is $2 above 30", "$2"),
]


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=lambda v: str(v)[:50])
def test_a_distance_of_unknown_size_in_price_is_reported_never_guessed(text: str, words: str):
    u = understand(text)

    assert any(words in unread for unread in u.not_understood), u.not_understood
    assert not u.complete
    if u.spec is not None:
        moved = [
            op
            for cond in (u.spec.entry, u.spec.exit)
            if cond is not None and hasattr(cond, "b")
            for op in (cond.a, cond.b)
            if isinstance(op, IndicatorRef) and op.plus
        ]
        assert moved == []


def test_a_trend_chart_no_condition_is_said_on_is_reported_never_applied():
    u = understand(
        "use the 4h chart for bias and the 15m chart for entries: buy BTC-USD when RSI(14) "
        "crosses above 30"
    )

    assert u.not_understood == ["use the 4h chart for bias"]
    assert any("no condition is said on it" in p for p in u.problems)
    assert u.spec.interval == "15m"
    assert all(ind.timeframe is None for ind in u.spec.indicators)


def test_points_on_a_currency_pair_are_no_distance_in_price():
    # "points" on a pair mean a pip or a tenth of one, by broker: a stop of 20.0 in price (what
    # it was read as) would never be hit on EURUSD's 1.07
    u = understand("buy EURUSD when rsi(14) < 30, sell when rsi > 70, stop 20 points")

    assert u.spec.stop_loss_points is None
    assert u.not_understood == ["20 points"]
    assert understand("buy AAPL when rsi(14) < 30, stop 2 points").spec.stop_loss_points == 2


def test_a_spec_without_a_distance_dumps_as_before_and_one_with_it_round_trips():
    plain = understand("buy when the close is above the 20 day SMA").spec
    moved = understand("buy when the close is $5 above the 20 day SMA").spec

    assert "plus" not in plain.model_dump(mode="json")["entry"]["b"]
    assert moved.model_dump(mode="json")["entry"]["b"]["plus"] == 5.0
    assert StrategySpec.model_validate(moved.model_dump(mode="json")) == moved
    assert "SMA(20) + 5" in understand("buy when the close is $5 above the 20 day SMA").rules[0]


# -- trade for trade ------------------------------------------------------------------------------


def _sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


class DropBelowTheAverage(Strategy):
    """buy AAPL when the close drops $2 below the 20 day SMA, sell when it crosses above the 20
    day SMA: the close crossing below SMA(20) minus 2 dollars, and back above SMA(20)."""

    def init(self):
        self.sma = self.I(_sma, self.data.Close, 20)

    def next(self):
        if not self.position:
            if crossover(self.sma - 2, self.data.Close):
                self.buy(size=0.99)
        elif crossover(self.data.Close, self.sma):
            self.position.close()


def test_a_distance_in_dollars_trades_like_the_reference():
    assert_trades_like_reference(DropBelowTheAverage, "AAPL")


class PipsFromTheAverage(Strategy):
    """buy EURUSD on 1h bars when the close is 20 pips below the 50 SMA, sell when it is 20 pips
    above the 50 SMA: 0.0020 in price each side."""

    def init(self):
        self.sma = self.I(_sma, self.data.Close, 50)

    def next(self):
        close, line = self.data.Close[-1], self.sma[-1]
        if not self.position:
            if close < line - 0.002:
                self.buy(size=0.99)
        elif close > line + 0.002:
            self.position.close()


def test_a_distance_in_pips_trades_like_the_reference():
    assert_trades_like_reference(PipsFromTheAverage, "EURUSD")
