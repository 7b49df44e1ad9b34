"""The offline compiler on descriptions written fresh for issue 10 in the voice of retail traders
writing English as a second language and absolute beginners (broken grammar, British and Indian
usage: "3 per cent", "2,5 %", "book profit", "sl", NSE tickers, Nifty): the phrasings this sweep
showed Botlab misreading or leaving unread, each family with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting of
``FIELDS`` may be set); every row is compiled and backtested through ``check_reading``.
"""

from __future__ import annotations

from datetime import date

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
    "symbol",
    "interval",
    "stop_loss_pct",
    "take_profit_pct",
    "trailing_stop_pct",
    "direction",
    "period_days",
    "start",
    "end",
    "commission_pct",
)

CASES = [
    # "per cent" (two words) is a percentage, wherever "percent" is one: never "cents", and never
    # a level of the indicator before it ("take profit at 3 per cent" was "RSI <= 3")
    case(
        "please create strategy: buy BTC-USD when close is above ema 200 and rsi 14 below 40, "
        "take profit at 3 per cent, stop loss 2 per cent",
        entry="close > ema_200 & rsi_14 < 40",
        take_profit_pct=3.0,
        stop_loss_pct=2.0,
        symbol="BTC-USD",
    ),
    case(
        "buy META when price cross above 50 ema, stop loss 7 per cent, take profit 15 per cent, "
        "daily candle from 2018 to 2023",
        entry="close x> ema_50",
        stop_loss_pct=7.0,
        take_profit_pct=15.0,
        symbol="META",
        interval="1d",
        start=date(2018, 1, 1),
        end=date(2023, 12, 31),
    ),
    case(
        "use 3 per cent trailing stop loss and buy when rsi cross above 50 for BTC-USD daily",
        entry="rsi_14 x> 50",
        trailing_stop_pct=3.0,
        symbol="BTC-USD",
        interval="1d",
    ),
    case(
        "go long SPY when close is 3 per cent below 20 sma, exit when close above 20 sma",
        entry="close < sma_20*0.97",
        exit="close > sma_20",
        symbol="SPY",
    ),
    case(
        "buy TSLA when it fall 10 per cent in one day, sell after 3 days",
        entry="roc_1 <= -10",
        exit_after_bars=3,
        symbol="TSLA",
    ),
    # a decimal comma before a percent ("1,5 %", European usage) is 1.5%, never 1 and 5%
    case(
        "buy nifty when 20 ema cross 50 ema upward, sl 1,5 % target 3 %",
        entry="ema_20 x> ema_50",
        stop_loss_pct=1.5,
        take_profit_pct=3.0,
        symbol="^NSEI",
    ),
    case(
        "short EURUSD=X when rsi above 75 on 1 hour chart, book profit at 1 per cent, stop 0,5 %",
        short_entry="rsi_14 > 75",
        direction="short",
        take_profit_pct=1.0,
        stop_loss_pct=0.5,
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "stop loss 2,5 per cent, take profit 7,5 %, buy when rsi 2 below 5 on QQQ",
        entry="rsi_2 < 5",
        stop_loss_pct=2.5,
        take_profit_pct=7.5,
        symbol="QQQ",
    ),
    case(
        "short GBPUSD=X when rsi above 80, book profit at 1,5 per cent and stop at 0,75 %",
        short_entry="rsi_14 > 80",
        direction="short",
        take_profit_pct=1.5,
        stop_loss_pct=0.75,
        symbol="GBPUSD=X",
    ),
    # a thousands comma stays one
    case(
        "buy AAPL with 1,000 shares when rsi below 30, sell when rsi above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_shares=1000,
        symbol="AAPL",
    ),
    # "book profit(s)" is a target
    case(
        "buy sensex when 10 ema cross above 30 ema, book profits at 4 %",
        entry="ema_10 x> ema_30",
        take_profit_pct=4.0,
        symbol="^BSESN",
    ),
    # two bars named, each after a condition: the finer are tested, the longer are that
    # condition's timeframe (both RSIs were read on hourly bars)
    case(
        "buy when rsi is below 40 on daily and rsi below 30 on hourly, MSFT",
        entry="d_rsi_14 < 40 & rsi_14 < 30",
        exit="d_rsi_14 > 60",
        symbol="MSFT",
        interval="1h",
    ),
    case(
        "buy when rsi below 30 on hourly and close above 200 sma on daily, MSFT",
        entry="rsi_14 < 30 & close@D > d_sma_200",
        exit="rsi_14 > 70",
        symbol="MSFT",
        interval="1h",
    ),
    case(
        "buy SPY on 15 min when price above 50 ema on 1 hour chart",
        entry="close@1h > h1_ema_50",
        exit="close@1h < h1_ema_50",
        symbol="SPY",
        interval="15m",
    ),
    case(
        "buy AAPL when close above 30 sma on weekly and rsi 2 below 10 on daily",
        entry="close@W > w_sma_30 & rsi_2 < 10",
        exit="close@W < w_sma_30",
        symbol="AAPL",
        interval="1d",
    ),
    case(
        "buy BTC-USD when close above 50 ema on 4 hour and rsi cross above 50 on 1 hour",
        entry="close@4h > h4_ema_50 & rsi_14 x> 50",
        exit="rsi_14 x< 50",
        symbol="BTC-USD",
        interval="1h",
    ),
    # the noun before a ticker and the kind of asset after it are part of it
    case(
        "sell short when price is under 20 sma and 20 sma under 50 sma, cover when price close "
        "above 20 sma, ticker IWM",
        short_entry="close < sma_20 & sma_20 < sma_50",
        short_exit="close > sma_20",
        direction="short",
        symbol="IWM",
    ),
    case(
        "buy when rsi 14 is below 30 on daily and price above 200 ema, sl 2.5 %, tp 5 %, for "
        "XLF etf",
        entry="rsi_14 < 30 & close > ema_200",
        stop_loss_pct=2.5,
        take_profit_pct=5.0,
        symbol="XLF",
        interval="1d",
    ),
    case(
        "please make strategy for gold ETF GLD buy when bollinger lower band touch and sell at "
        "middle band",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="GLD",
    ),
    case(
        "buy the silver ETF SLV when close above 100 sma, exit when below",
        entry="close > sma_100",
        exit="close < sma_100",
        symbol="SLV",
    ),
    case(
        "buy nasdaq index ^IXIC when it close above 10 day high",
        entry="close > highest_10",
        exit="close < lowest_10",
        symbol="^IXIC",
    ),
    case(
        "buy symbol XLE when rsi below 30, sell when rsi above 60",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="XLE",
    ),
    # NSE tickers longer than five letters, and Indian and European indices by name
    case(
        "cci below -100 buy, cci above 100 sell, for HDFCBANK.NS",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
        symbol="HDFCBANK.NS",
    ),
    case(
        "buy TATAMOTORS.NS when close cross above 20 ema, sl 1 per cent",
        entry="close x> ema_20",
        stop_loss_pct=1.0,
        symbol="TATAMOTORS.NS",
    ),
    case(
        "buy M&M.NS when rsi below 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="M&M.NS",
    ),
    case(
        "buy BANKNIFTY when rsi below 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="^NSEBANK",
    ),
    case(
        "buy the dax when close above 200 sma, exit below it, sl 2,5 per cent",
        entry="close > sma_200",
        exit="close < sma_200",
        stop_loss_pct=2.5,
        symbol="^GDAXI",
    ),
    case(
        "buy ftse 100 when rsi(2) below 5, sell after 3 days",
        entry="rsi_2 < 5",
        exit_after_bars=3,
        symbol="^FTSE",
    ),
    # a breakout's length said after it is the channel's ("breakout 20 days" was a run of 20
    # rising bars of the channel)
    case(
        "donchian channel breakout 20 days buy and exit on 10 day low, on GC=F",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="GC=F",
    ),
    case(
        "buy on a breakout of 30 days, sell on 10 day low, QQQ",
        entry="close > highest_30",
        exit="close < lowest_10",
        symbol="QQQ",
    ),
    case(
        "buy donchian breakout 55 days, sell 20 day low, on SPY",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="SPY",
    ),
    case(
        "short on breakdown 20 days, cover on 10 day high, CL=F",
        short_entry="close < lowest_20",
        short_exit="close > highest_10",
        direction="short",
        symbol="CL=F",
    ),
    # a squeeze "then breakout" with no side: the squeeze the bar before, then the close out
    # above the upper band (the breakout was dropped and the squeeze itself bought)
    case(
        "bollinger squeeze then breakout buy on ETH-USD",
        entry="squeeze[-1] > 0 & close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.lower",
        symbol="ETH-USD",
    ),
    case(
        "when ttm squeeze then breaks out, buy SPY, sell after 10 days",
        entry="squeeze[-1] > 0 & close x> bbands_20_2.upper",
        exit_after_bars=10,
        symbol="SPY",
    ),
    # a time of day after "at" is the bar opening in one bar's length from it for an entry, and
    # for an exit the close of the first bar closing at or after it (or the day's last bar),
    # as tests/test_generation_descriptions_clock_times_and_multiline.py reads it; "square off"
    # closes;
    # a number before am/pm is never a price ("close at 4 pm" was "close <= 4")
    case(
        "buy GBPJPY=X at 8 am and sell at 4 pm, on 1 hour candle",
        entry=f"calendar minute_of_day {list(range(480, 540))}",
        exit=f"calendar minute_of_day {list(range(900, 1440))} | calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="GBPJPY=X",
        interval="1h",
    ),
    case(
        "on 15 min chart buy SBIN.NS when rsi cross above 50 and square off at 3:20 pm",
        entry="rsi_14 x> 50",
        exit=f"calendar minute_of_day {list(range(905, 1440))} | calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="SBIN.NS",
        interval="15m",
    ),
    case(
        "buy SPY at 10 am when rsi below 30, sell at 3:30 pm, 15 min bars",
        entry=f"calendar minute_of_day {list(range(600, 615))} & rsi_14 < 30",
        exit=f"calendar minute_of_day {list(range(915, 1440))} | calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="SPY",
        interval="15m",
    ),
    # "trailing" after a stop's percent makes it a trailing stop (it was a fixed stop, with
    # "trailing" reported)
    case(
        "buy nasdaq index ^IXIC when it close above 10 day high, stop 3 per cent trailing",
        entry="close > highest_10",
        trailing_stop_pct=3.0,
        symbol="^IXIC",
    ),
    case(
        "buy SPY when rsi below 30, sl 5% trail, sell when rsi above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        trailing_stop_pct=5.0,
        symbol="SPY",
    ),
    # a price level in its currency, and "keep" before a stop
    case(
        "buy apple stock when it drops below 150 dollars and sell above 180 dollars",
        entry="close x< 150",
        exit="close > 180",
        symbol="AAPL",
    ),
    case(
        "keep 10 % stop loss and 20 % target, entry when close cross over sma 100, on ETH-USD",
        entry="close x> sma_100",
        stop_loss_pct=10.0,
        take_profit_pct=20.0,
        symbol="ETH-USD",
    ),
    # "<supertrend or SAR> buy/sell signal" is its flip (it was refused with no word named)
    case(
        "supertrend buy signal then buy, sell signal then sell, BTC-USD 1 hour",
        entry="supertrend_10_3.direction x> 0",
        exit="supertrend_10_3.direction x< 0",
        symbol="BTC-USD",
        interval="1h",
    ),
    case(
        "buy on psar buy signal and exit on psar sell signal, SPY",
        entry="psar_0_02_0_2 x< close",
        exit="psar_0_02_0_2 x> close",
        symbol="SPY",
    ),
    # "every month" beside the day it repeats on, before or after it, is read with that day
    case(
        "buy every month first trading day and sell last trading day, VTI",
        entry="calendar trading_day [1]",
        exit="calendar trading_day_from_end [1]",
        symbol="VTI",
    ),
    case(
        "buy first trading day every month and sell on the 5th trading day, SPY",
        entry="calendar trading_day [1]",
        exit="calendar trading_day [5]",
        symbol="SPY",
    ),
    # "yesterday high" without the possessive is yesterday's high
    case(
        "buy when price breaks yesterday high, sell after 2 days, IBM",
        entry="close > high[-1]",
        exit_after_bars=2,
        symbol="IBM",
    ),
    case(
        "buy AMD when close above yesterday high and sell when close below yesterday low",
        entry="close > high[-1]",
        exit="close < low[-1]",
        symbol="AMD",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)  # the reading, and the compiled bot run over every bar
    u = understand(text)
    check_settings(u.spec, expect, FIELDS, exact=True)  # and no other setting
    assert u.complete, u.not_understood


def test_longer_bars_said_after_an_exit_condition_are_its_timeframe_and_said_back():
    """Hourly bars for the entry, daily bars after the exit's RSI: the exit reads the daily RSI,
    and the echo says so (with no subject, "sell above 70 on daily bars" stays bars said twice:
    see test_generation_descriptions_weekly_and_monthly_bars)."""
    u = understand("buy when rsi below 30 on hourly bars, sell when rsi above 70 on daily bars")
    assert u.spec is not None and u.spec.interval == "1h"
    assert u.spec.exit is not None and "d_rsi_14" in u.spec.exit.model_dump_json()
    assert any("daily bars built from the bars tested" in a for a in u.assumptions), u.assumptions


UNREAD = [
    # "every month" with no day said stays unread: it says no rule of its own
    ("buy every month when rsi below 30", ["every month when"]),
]


@pytest.mark.parametrize(("text", "words"), UNREAD)
def test_words_botlab_cannot_use_are_reported(text: str, words: list[str]):
    assert understand(text).not_understood == words


REFUSALS = [
    # a time of day on daily bars (said or by default) would hold on every bar or on none
    ("buy AAPL at 10 am, sell at 3 pm", "'at 10 am' is a time of day, and daily bars have none"),
    (
        "buy AAPL between 9:30 and 10am when rsi below 30, sell when rsi above 70",
        "'between 9:30 and 10am' is a time of day, and daily bars have none",
    ),
]


@pytest.mark.parametrize(("text", "reason"), REFUSALS)
def test_a_rule_the_bars_cannot_hold_is_refused_with_the_reason(text: str, reason: str):
    """Never run: the rule is taken out and reported with the reason (session18's
    ``_rules._no_time_of_day``), so the reading is not complete."""
    u = understand(text)
    assert not u.complete
    assert reason in " ".join(u.problems)


def test_a_time_of_day_with_no_exit_sells_at_the_other_times_and_says_so():
    """ "buy after 3:15 pm" with no exit crashed (the trading-day mirror took 915 minutes for a
    trading day); the opposite of a time of day is the other times, said as such."""
    u = understand("buy SPY after 3:15 pm on 15m bars")
    assert u.spec is not None
    assert "Sell when the time is 00:00 to 15:14" in u.rules


def test_a_bar_that_opens_at_a_time_is_the_only_one_bought_and_sold_at():
    """ "buy at 8 am, sell at 4 pm" on the hourly EURUSD bars: every entry fills at the open of
    an 08:00 bar and every exit at the open of a 16:00 bar."""
    _, strategy = compiled("buy EURUSD at 8 am and sell at 4 pm, on 1 hour candle")
    hourly = bars("EURUSD")
    trades = backtest(strategy, hourly)["_trades"]
    closed = trades[trades["ExitTime"] < hourly.index[-1]]  # not the one the data's end closed
    assert len(closed) >= 5
    assert set(trades["EntryTime"].dt.strftime("%H:%M")) == {"08:00"}
    assert set(closed["ExitTime"].dt.strftime("%H:%M")) == {"16:00"}
