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
from .test_generation_descriptions_rules import check_reading

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
    see test_generation_descriptions_lean17)."""
    u = understand("buy when rsi below 30 on hourly bars, sell when rsi above 70 on daily bars")
    assert u.spec is not None and u.spec.interval == "1h"
    assert u.spec.exit is not None and "d_rsi_14" in u.spec.exit.model_dump_json()
    assert any("daily bars built from the bars tested" in a for a in u.assumptions), u.assumptions
