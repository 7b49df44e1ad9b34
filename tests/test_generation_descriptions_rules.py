"""The offline compiler on descriptions of calendar, gap, fill, sizing, pyramiding, scaling-out,
higher-timeframe and second-symbol rules, written the way traders write them.

Each row states what a careful reader takes from the sentence: the rules in the notation of
``tests/generation/rules_support.py`` (``calendar month [5]``, ``close@W``, ``close@SPY``), the
fills, the sizing and position settings, the other symbols read and the words reported back;
rows made with ``refused`` are descriptions Botlab must refuse, saying which words it could not
use. Every accepted row is compiled and backtested in-process on bundled data; a symbol the
rules read that is not bundled is stood in for by a bundled one (MSFT), aligned as the harness
aligns it.
"""

from __future__ import annotations

import warnings
from datetime import date

import pytest
from backtesting import Backtest

from engine.execution import other_symbols
from engine.generation import compile_spec, understand
from engine.generation import spec as S

from .generation.corpus import case
from .generation.rules_support import rule_shape
from .generation.support import bars, load_strategy

SIDES = ("entry", "exit", "short_entry", "short_exit", "add_on")
BUNDLED = ("AAPL", "MSFT", "IBM", "GOOG")
DEFAULTS = {
    "entry_fill": "next_open",
    "exit_fill": "next_open",
    "size_fraction": 0.99,
    "max_units": 1,
    "scale_out_fraction": 0.5,
    "direction": "long",
}
SETTINGS = (
    "entry_fill",
    "exit_fill",
    "risk_pct",
    "size_cash",
    "size_shares",
    "size_fraction",
    "max_units",
    "scale_out_pct",
    "scale_out_fraction",
    "exit_after_bars",
    "symbol",
    "stop_loss_pct",
    "atr_stop_multiple",
    "direction",
)


def refused(text: str, not_understood: list[str]) -> pytest.ParameterSet:
    return pytest.param(text, {"refused": not_understood}, id="refused: " + text[:50])


CASES = [
    case(
        "buy Monday's open, sell Friday's close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
    ),
    case(
        "Buy at Monday's open and sell at Friday's close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
    ),
    case(
        "buy on Mondays, sell on Fridays",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
    ),
    case(
        "buy every Monday at the open and sell on Wednesday at the close",
        entry="calendar weekday [0]",
        exit="calendar weekday [2]",
        exit_fill="close",
    ),
    case(
        "go long on Friday's close, exit at Monday's open",
        entry="calendar weekday [4]",
        exit="calendar weekday [0]",
        entry_fill="close",
    ),
    case(
        "buy on Tuesday's open, sell on Thursday's close",
        entry="calendar weekday [1]",
        exit="calendar weekday [3]",
        exit_fill="close",
    ),
    case(
        "buy on Mondays and sell on Tuesdays at the close",
        entry="calendar weekday [0]",
        exit="calendar weekday [1]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy when RSI(2) < 10 on Mondays, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & calendar weekday [0]",
        exit="rsi_2 > 70",
    ),
    case(
        "short on Friday's close and cover on Monday's close",
        short_entry="calendar weekday [4]",
        short_exit="calendar weekday [0]",
        direction="short",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy on the last trading day of the month, sell on the third trading day of the next",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
    ),
    case(
        "buy on the last trading day of the month and sell on the 3rd trading day of the new month",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
    ),
    case(
        "turn of the month strategy",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
    ),
    case(
        "turn of the month on SPY",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
        symbol="SPY",
    ),
    case(
        "buy at month end, sell on the fifth trading day of the month",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [5]",
    ),
    case(
        "buy on the first trading day of the month, sell on the last trading day of the month",
        entry="calendar trading_day [1]",
        exit="calendar trading_day_from_end [1]",
    ),
    case(
        (
            "buy on the second-to-last trading day of the month at the close, sell on the 2nd "
            "trading day of the next month at the close"
        ),
        entry="calendar trading_day_from_end [2]",
        exit="calendar trading_day [2]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        (
            "buy at the close on the last day of the month, sell at the close on the third trading "
            "day of the following month"
        ),
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy at the start of the month, sell at the end of the month",
        entry="calendar trading_day [1]",
        exit="calendar trading_day_from_end [1]",
    ),
    case(
        "go long on the 1st trading day of the month and exit after 5 days",
        entry="calendar trading_day [1]",
        exit_after_bars=5,
    ),
    case(
        "buy on the last trading day of each month, hold for 4 days",
        entry="calendar trading_day_from_end [1]",
        exit_after_bars=4,
    ),
    case(
        "sell in May and go away",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "Sell in May and go away on MSFT",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="MSFT",
    ),
    case(
        "invested November through April",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "be invested from November to April, out the rest of the year",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "stay invested between October and April",
        entry="calendar month [1, 2, 3, 4, 10, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9]",
    ),
    case(
        "buy in November, sell in May",
        entry="calendar month [11]",
        exit="calendar month [5]",
    ),
    case(
        "buy in October and sell in April",
        entry="calendar month [10]",
        exit="calendar month [4]",
    ),
    case(
        "only hold the stock in November through April",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        (
            "buy when the 50-day SMA is rising, but only in November through April, sell when the "
            "month is May"
        ),
        entry="sma_50 > sma_50[-1] & calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5]",
    ),
    case(
        "halloween strategy on IBM",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="IBM",
    ),
    case(
        "buy in November when RSI(14) is below 50, sell in May",
        entry="calendar month [11] & rsi_14 < 50",
        exit="calendar month [5]",
    ),
    case(
        "buy when it gaps down more than 2%, sell after 3 days",
        entry="open < close[-1]*0.98",
        exit_after_bars=3,
    ),
    case(
        "buy a gap up of 1%, sell 5 days later",
        entry="open >= close[-1]*1.01",
        exit_after_bars=5,
    ),
    case(
        "buy on a gap down of at least 2% at the close, exit at the close 2 days later",
        entry="open <= close[-1]*0.98",
        entry_fill="close",
        exit_fill="close",
        exit_after_bars=2,
    ),
    case(
        "short when it gaps up more than 2%, cover after 2 days",
        short_entry="open > close[-1]*1.02",
        direction="short",
        exit_after_bars=2,
    ),
    case(
        "buy after a 2% gap down, sell when RSI(2) > 70",
        entry="open <= close[-1]*0.98",
        exit="rsi_2 > 70",
    ),
    case(
        "buy when price gaps up over 1% and RSI(14) is above 50, sell after 10 bars",
        entry="open > close[-1]*1.01 & rsi_14 > 50",
        exit_after_bars=10,
    ),
    case(
        "buy when the stock opens 3% below the previous close, sell after 5 days",
        entry="open <= close[-1]*0.97",
        exit_after_bars=5,
    ),
    case(
        "buy when it gaps down, sell after 1 day",
        entry="open < close[-1]",
        exit_after_bars=1,
    ),
    case(
        (
            "go long when it gaps down more than 1.5% and the close is above the 200-day SMA, exit "
            "after 3 days"
        ),
        entry="open < close[-1]*0.985 & close > sma_200",
        exit_after_bars=3,
    ),
    case(
        "buy a gap down of more than 2% at the close and sell at the next day's open",
        entry="open < close[-1]*0.98",
        exit="open > close[-1]*0.98",
        entry_fill="close",
        not_understood=["at the next day's open"],
    ),
    case(
        "buy when RSI(2) is below 10 at the close, sell when RSI(2) is above 70 at the close",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        (
            "buy at the close when the close is above the 200-day SMA, sell at the close when it "
            "is below"
        ),
        entry="close > sma_200",
        exit="close < sma_200",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "go long same day when RSI(14) crosses below 30, exit when RSI(14) crosses above 50",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 50",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy when the 10-day SMA crosses above the 30-day SMA, market on close orders",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        entry_fill="close",
        exit_fill="close",
    ),
    refused(
        "buy at the close when IBS is low",
        not_understood=["is low"],
    ),
    case(
        "short at the close when RSI(2) > 95, cover at the close when RSI(2) < 50",
        short_entry="rsi_2 > 95",
        short_exit="rsi_2 < 50",
        direction="short",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        (
            "buy when the close is below the lower Bollinger Band at the close, sell when it is "
            "above the middle band"
        ),
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.middle",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy at the open when RSI(2) < 5, sell at the open when RSI(2) > 60",
        entry="rsi_2 < 5",
        exit="rsi_2 > 60",
    ),
    refused(
        "buy at the close, sell at the next day's open",
        not_understood=["at the next day's open"],
    ),
    case(
        "weekly trend up (close above the 10-week MA), daily RSI below 30",
        entry="close@W > w_sma_10 & rsi_14 < 30",
        exit="close@W < w_sma_10",
    ),
    case(
        (
            "weekly trend up (close above the 10-week MA), daily RSI below 30: buy; sell when "
            "RSI(14) is above 70"
        ),
        entry="close@W > w_sma_10 & rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        (
            "buy when the weekly close is above its 10-week moving average and the daily RSI(2) is "
            "below 10, sell when RSI(2) is above 70"
        ),
        entry="close@W > w_sma_10 & rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        (
            "buy when the weekly RSI(14) is above 50 and the daily RSI(2) is below 10, sell when "
            "RSI(2) is above 80"
        ),
        entry="w_rsi_14 > 50 & rsi_2 < 10",
        exit="rsi_2 > 80",
    ),
    case(
        "only buy when the weekly trend is up; buy when RSI(2) < 10, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & close@W > w_sma_10",
        exit="rsi_2 > 70",
    ),
    case(
        (
            "buy when the weekly close is above the 20-week SMA, sell when the weekly close is "
            "below the 20-week SMA"
        ),
        entry="close@W > w_sma_20",
        exit="close@W < w_sma_20",
    ),
    case(
        "buy when the monthly close is above its 10-month SMA, sell when it is below",
        entry="close@M > m_sma_10",
        exit="close@M < m_sma_10",
    ),
    case(
        (
            "go long when the weekly 10-week EMA is above the 30-week EMA and RSI(2) < 15, exit "
            "when RSI(2) > 85"
        ),
        entry="w_ema_10 > w_ema_30 & rsi_2 < 15",
        exit="rsi_2 > 85",
    ),
    case(
        "weekly uptrend and RSI(3) below 20: buy. sell when RSI(3) above 80",
        entry="close@W > w_sma_10 & rsi_3 < 20",
        exit="rsi_3 > 80",
    ),
    case(
        "buy when the weekly trend is down and RSI(2) < 5, sell after 5 days",
        entry="close@W < w_sma_10 & rsi_2 < 5",
        exit_after_bars=5,
    ),
    case(
        (
            "buy when RSI(2) < 10, sell when RSI(2) > 70, only buy when SPY is above its 200-day "
            "moving average"
        ),
        entry="rsi_2 < 10 & close@SPY > spy_sma_200",
        exit="rsi_2 > 70",
        other_symbols=["SPY"],
    ),
    case(
        (
            "buy AAPL when RSI(14) is below 30 only when QQQ is above its 50-day SMA, sell when "
            "RSI above 70"
        ),
        entry="rsi_14 < 30 & close@QQQ > qqq_sma_50",
        exit="rsi_14 > 70",
        symbol="AAPL",
        other_symbols=["QQQ"],
    ),
    case(
        (
            "buy when the 20-day SMA crosses above the 50-day SMA, only when SPY is above its "
            "200-day SMA; sell when it crosses below"
        ),
        entry="sma_20 x> sma_50 & close@SPY > spy_sma_200",
        exit="sma_20 x< sma_50",
        other_symbols=["SPY"],
    ),
    case(
        (
            "buy MSFT when it closes above its 50-day SMA and QQQ is above its 50-day SMA, sell "
            "when MSFT closes below its 50-day SMA"
        ),
        entry="close > sma_50 & close@QQQ > qqq_sma_50",
        exit="close < sma_50",
        symbol="MSFT",
        other_symbols=["QQQ"],
    ),
    case(
        (
            "buy when RSI(2) < 10 and the S&P 500 is above its 200-day moving average, sell when "
            "RSI(2) > 70"
        ),
        entry="rsi_2 < 10 & close@^GSPC > gspc_sma_200",
        exit="rsi_2 > 70",
        other_symbols=["^GSPC"],
    ),
    case(
        (
            "only trade when SPY is above its 200 day SMA. Buy when RSI(14) drops below 30, sell "
            "when it rises above 70"
        ),
        entry="rsi_14 x< 30 & close@SPY > spy_sma_200",
        exit="rsi_14 x> 70",
        other_symbols=["SPY"],
    ),
    case(
        "buy when AAPL outperforms SPY over 20 days, sell when it underperforms SPY over 20 days",
        entry="roc_20 > spy_roc_20",
        exit="roc_20 < spy_roc_20",
        symbol="AAPL",
        other_symbols=["SPY"],
    ),
    case(
        "buy when AAPL outperforms SPY over the last 3 months, sell after 21 days",
        entry="roc_63 > spy_roc_63",
        exit_after_bars=21,
        symbol="AAPL",
        other_symbols=["SPY"],
    ),
    case(
        (
            "go long MSFT when it is stronger than QQQ over 50 days, exit when it is weaker than "
            "QQQ over 50 days"
        ),
        entry="roc_50 > qqq_roc_50",
        exit="roc_50 < qqq_roc_50",
        symbol="MSFT",
        other_symbols=["QQQ"],
    ),
    case(
        (
            "buy IBM when it outperforms SPY over 20 days and its RSI(14) is above 50, sell when "
            "RSI(14) is below 40"
        ),
        entry="roc_20 > spy_roc_20 & rsi_14 > 50",
        exit="rsi_14 < 40",
        symbol="IBM",
        other_symbols=["SPY"],
    ),
    case(
        "buy when SPY crosses above its 200-day SMA, sell when SPY crosses below its 200-day SMA",
        entry="close x> sma_200",
        exit="close x< sma_200",
        symbol="SPY",
    ),
    case(
        "buy AAPL when QQQ closes above its 20-day EMA, sell when QQQ closes below its 20-day EMA",
        entry="close@QQQ > qqq_ema_20",
        exit="close@QQQ < qqq_ema_20",
        symbol="AAPL",
        other_symbols=["QQQ"],
    ),
    case(
        (
            "buy when the close crosses above the 50-day SMA, risk 1% of equity per trade with a "
            "5% stop loss, sell when it crosses below"
        ),
        entry="close x> sma_50",
        exit="close x< sma_50",
        risk_pct=1.0,
        stop_loss_pct=5.0,
    ),
    case(
        (
            "risk 2% of my account per trade, 3% stop loss, buy when RSI(14) < 30, sell when "
            "RSI(14) > 70"
        ),
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        risk_pct=2.0,
        stop_loss_pct=3.0,
    ),
    case(
        "buy on a 20-day breakout with a 2 ATR stop, risk 1% per trade, sell on a 10-day low",
        entry="close > highest_20",
        exit="close < lowest_10",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
    ),
    case(
        "buy when RSI(14) < 30, sell when RSI > 70, risk 0.5% per trade with a 4% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        risk_pct=0.5,
        stop_loss_pct=4.0,
    ),
    case(
        "buy when RSI(14) < 30 with $5,000 per trade, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_cash=5000.0,
    ),
    case(
        "invest $10,000 per trade: buy when the close is above the 200-day SMA, sell when below",
        entry="close > sma_200",
        exit="close < sma_200",
        size_cash=10000.0,
    ),
    case(
        "buy $2,500 per position when RSI(2) < 10, sell when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        size_cash=2500.0,
    ),
    case(
        "buy 100 shares when RSI(14) < 30, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_shares=100,
    ),
    case(
        (
            "trade 50 shares per trade: buy when the 10-day EMA crosses above the 20-day EMA, sell "
            "on the opposite cross"
        ),
        entry="ema_10 x> ema_20",
        exit="ema_10 x< ema_20",
        size_shares=50,
    ),
    case(
        "buy 10 shares when MACD crosses above its signal line, sell when it crosses below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        size_shares=10,
    ),
    case(
        "buy when RSI(14) < 30 using half my cash, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
    case(
        (
            "use 25% of equity per trade, buy when the close crosses above the 20-day SMA, sell "
            "when it crosses below"
        ),
        entry="close x> sma_20",
        exit="close x< sma_20",
        size_fraction=0.25,
    ),
    case(
        "buy with 50% of capital when RSI(2) < 10, sell when RSI(2) > 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        size_fraction=0.5,
    ),
    case(
        "put 10% of the account in each trade: buy on a new 50-day high, sell on a new 20-day low",
        entry="close > highest_50",
        exit="close < lowest_20",
        size_fraction=0.1,
    ),
    case(
        (
            "buy on a new 20-day high, add a unit on each new 20-day high, at most 3 units, sell "
            "when the close is below the 10-day low"
        ),
        entry="close > highest_20",
        exit="close < lowest_10",
        add_on="close > highest_20",
        size_fraction=0.33,
        max_units=3,
    ),
    case(
        (
            "buy when the close crosses above the 50-day SMA, add to the position when RSI(14) "
            "crosses above 60, max 2 units, sell when the close crosses below the 50-day SMA"
        ),
        entry="close x> sma_50",
        exit="close x< sma_50",
        add_on="rsi_14 x> 60",
        size_fraction=0.495,
        max_units=2,
    ),
    case(
        (
            "buy on a 55-day breakout, pyramid on each new 20-day high up to 4 units, exit on a "
            "20-day low"
        ),
        entry="close > highest_55",
        exit="close < lowest_20",
        add_on="close > highest_20",
        size_fraction=0.2475,
        max_units=4,
    ),
    case(
        "buy when RSI(2) < 10, add a unit when RSI(2) < 5, sell when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        add_on="rsi_2 < 5",
        size_fraction=0.33,
        max_units=3,
    ),
    case(
        "buy when RSI(14) < 30, sell half at +10%, the rest when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        scale_out_pct=10.0,
    ),
    case(
        (
            "buy when the 20-day EMA crosses above the 50-day EMA, take half off at a 10% gain, "
            "sell the rest when it crosses below"
        ),
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        scale_out_pct=10.0,
    ),
    case(
        (
            "buy on a new 20-day high, sell 50% of the position at 15% profit, the rest on a "
            "10-day low"
        ),
        entry="close > highest_20",
        exit="close < lowest_10",
        scale_out_pct=15.0,
    ),
    case(
        "buy when RSI(2) < 10, sell half at +5%, the remainder when RSI(2) > 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        scale_out_pct=5.0,
    ),
    case(
        (
            "buy when MACD crosses above its signal line, scale out of half at +8%, exit the rest "
            "when MACD crosses below the signal"
        ),
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        scale_out_pct=8.0,
    ),
    case(
        "short when RSI(14) > 70, cover half at 10% profit, cover the rest when RSI(14) < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
        scale_out_pct=10.0,
    ),
    case(
        "buy on Mondays",
        entry="calendar weekday [0]",
        exit="calendar weekday [1, 2, 3, 4]",
    ),
    refused(
        "buy when it gaps",
        not_understood=["when it gaps"],
    ),
    case(
        "sell in May",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "buy when the moon is full on Mondays",
        entry="calendar weekday [0]",
        exit="calendar weekday [1, 2, 3, 4]",
        not_understood=["when the moon is full"],
    ),
    refused(
        "buy on the 40th trading day of the month, sell after 2 days",
        not_understood=["on the 40th trading day of the month"],
    ),
    case(
        "buy when RSI(14) < 30 and risk 2% per trade, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        not_understood=["risk 2% per trade"],
    ),
    case(
        "buy when QQQ is above its 50-day SMA",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="QQQ",
    ),
    refused(
        "buy when AAPL outperforms the market",
        not_understood=["outperforms the market"],
    ),
    case(
        "buy when the weekly trend is up",
        entry="close@W > w_sma_10",
        exit="close@W < w_sma_10",
    ),
    refused(
        "add a unit on each new 20-day high",
        not_understood=[],
    ),
    case(
        "buy on Mondays, sell on Fridays, long and short",
        entry="calendar weekday [0]",
        short_entry="calendar weekday [4]",
        direction="always_in",
    ),
    case(
        "invested November through April on GOOG with 0.1% commission",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="GOOG",
    ),
    case(
        "buy on the first trading day of November, sell on the last trading day of April",
        entry="calendar trading_day [1] & calendar month [11]",
        exit="calendar trading_day_from_end [1] & calendar month [4]",
    ),
    case(
        "buy when RSI(2) < 10 at the close, sell when RSI(2) > 70, $5000 per trade",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        entry_fill="close",
        exit_fill="close",
        size_cash=5000.0,
    ),
    case(
        "buy on Wednesdays at the close, sell on Fridays at the close",
        entry="calendar weekday [2]",
        exit="calendar weekday [4]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "short on Monday's open, cover on Friday's close",
        short_entry="calendar weekday [0]",
        short_exit="calendar weekday [4]",
        direction="short",
        exit_fill="close",
    ),
    case(
        "buy when RSI(2) < 10 but only in November through April, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & calendar month [1, 2, 3, 4, 11, 12]",
        exit="rsi_2 > 70",
    ),
    case(
        (
            "buy when the close is above the 200-day SMA during November through April, sell when "
            "it is below"
        ),
        entry="close > sma_200 & calendar month [1, 2, 3, 4, 11, 12]",
        exit="close < sma_200",
    ),
    case(
        "buy on Fridays at the close and sell on Mondays at the open",
        entry="calendar weekday [4]",
        exit="calendar weekday [0]",
        entry_fill="close",
    ),
    refused(
        "don't trade in September",
        not_understood=[],
    ),
    case(
        "buy when RSI(2) < 10 but not in September or October, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="rsi_2 > 70",
    ),
    case(  # a trade inside the gap bar: bought at its open, sold at its close
        "buy when the stock gaps down 3% or more at the open and sell at the close of the same day",
        entry="open <= close[-1]*0.97",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        (
            "Buy when MACD crosses above signal, take profit on half at 5%, exit the rest when "
            "MACD crosses below signal"
        ),
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        scale_out_pct=5.0,
    ),
    case(
        "buy when the close is above the 200-day SMA, avoid September, sell when it is below",
        entry="close > sma_200 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]",
        exit="close < sma_200",
    ),
    case(
        (
            "Buy SPY at the close on the last trading day of the month and sell at the close 3 "
            "trading days later"
        ),
        entry="calendar trading_day_from_end [1]",
        entry_fill="close",
        exit_fill="close",
        exit_after_bars=3,
        symbol="SPY",
    ),
    case(
        "go long QQQ every Monday at the open and close the position Friday at the close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
        symbol="QQQ",
    ),
    case(
        (
            "buy the S&P 500 at the close of the last day of each month and sell on the close of "
            "the 4th trading day of the next month"
        ),
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [4]",
        entry_fill="close",
        exit_fill="close",
        symbol="^GSPC",
    ),
    case(
        "Only be long from November to April; stay in cash from May to October",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        (
            "buy AAPL when it gaps up more than 2% and volume is twice the 20-day average, sell "
            "after 5 days"
        ),
        entry="open > close[-1]*1.02 & volume >= volume_sma_20*2",
        exit_after_bars=5,
        symbol="AAPL",
    ),
    case(
        (
            "Go long when the daily RSI(2) drops below 5 while the weekly close is above the "
            "40-week moving average; exit when RSI(2) rises above 60"
        ),
        entry="rsi_2 x< 5 & close@W > w_sma_40",
        exit="rsi_2 x> 60",
    ),
    case(
        (
            "Buy MSFT when it is above its 200-day SMA and SPY is above its 200-day SMA. Sell when "
            "MSFT closes below the 200-day SMA."
        ),
        entry="close > sma_200 & close@SPY > spy_sma_200",
        exit="close < sma_200",
        symbol="MSFT",
        other_symbols=["SPY"],
    ),
    case(
        (
            "buy when the RSI(14) crosses above 30, use a 2% stop and risk 1% of my account on "
            "each trade, sell when RSI crosses above 70"
        ),
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        risk_pct=1.0,
        stop_loss_pct=2.0,
    ),
    case(
        (
            "Buy 200 shares of IBM when the 20 EMA crosses above the 50 EMA, sell when it crosses "
            "back below"
        ),
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        size_shares=200,
        symbol="IBM",
    ),
    case(
        (
            "Allocate $10k per trade. Buy when the price closes above the upper Bollinger Band, "
            "sell when it closes below the middle band."
        ),
        entry="close > bbands_20_2.upper",
        exit="close < bbands_20_2.middle",
        size_cash=10000.0,
    ),
    case(
        (
            "Turtle: buy a 20-day breakout, add 1 unit every new 20-day high up to 4 units, 2 ATR "
            "stop, exit on a 10-day low"
        ),
        entry="close > highest_20",
        exit="close < lowest_10",
        add_on="close > highest_20",
        size_fraction=0.2475,
        max_units=4,
        atr_stop_multiple=2.0,
    ),
    case(
        (
            "short SPY when it closes below its 50-day SMA and QQQ is below its 50-day SMA, cover "
            "when SPY closes above its 50-day SMA"
        ),
        short_entry="close < sma_50 & close@QQQ < qqq_sma_50",
        short_exit="close > sma_50",
        direction="short",
        symbol="SPY",
        other_symbols=["QQQ"],
    ),
    case(
        (
            "Buy AAPL when it has outperformed SPY over the last 60 days and RSI(14) < 40; sell "
            "after 20 days"
        ),
        entry="roc_60 > spy_roc_60 & rsi_14 < 40",
        exit_after_bars=20,
        symbol="AAPL",
        other_symbols=["SPY"],
    ),
    case(
        "buy on Friday close, sell Monday close",
        entry="calendar weekday [4]",
        exit="calendar weekday [0]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        (
            "buy on a new 20-day high, add a unit on each new 20-day high, at most 3 units, "
            "sell after 10 days"
        ),
        entry="close > highest_20",
        add_on="close > highest_20",
        size_fraction=0.33,
        max_units=3,
        exit_after_bars=10,
    ),
    case(
        "exit on the close below the 10-day SMA; enter on the close above the 50-day SMA",
        entry="close > sma_50",
        exit="close < sma_10",
    ),
    case(
        (
            "go long when QQQ crosses above its 20-day EMA, 1% risk per trade, 2 ATR stop, sell "
            "when QQQ crosses below its 20-day EMA"
        ),
        entry="close x> ema_20",
        exit="close x< ema_20",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
        symbol="QQQ",
    ),
    case(
        "buy when RSI(14) < 30, 5% stop, risk per trade of 2%, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        risk_pct=2.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy Monday's open with a 3% stop loss, sell Friday's close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
        stop_loss_pct=3.0,
    ),
    case(
        "Buy the dips in TSLA over the last 3 years",  # a test period, not a filter on TSLA
        entry="rsi_14 x< 30",  # "buy the dips" is the named "Buy the dip" strategy
        exit="rsi_14 x> 70",
        stop_loss_pct=5.0,
        symbol="TSLA",
    ),
    # -- readings added with issue 10's second pass: written as traders write, each fixed --------
    case(
        "golden cross but exit when RSI goes above 80",
        entry="sma_50 x> sma_200",
        exit="rsi_14 x> 80",
    ),
    case(
        "MACD crossover but sell when RSI > 70",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when the 9 ema crosses above the 21 ema, sell when the 9 crosses under the 21",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        (
            "long when the 20 sma crosses over the 50 sma and close when the 20 drops back below "
            "the 50"
        ),
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
    ),
    case(
        "buy when the 50 crosses the 200",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    case(
        (
            "buy when the 50-day EMA crosses above the 200-day EMA, sell when the 50 crosses "
            "below the 200"
        ),
        entry="ema_50 x> ema_200",
        exit="ema_50 x< ema_200",
    ),
    case(
        "buy when RSI(2) is under 10, stop at the low of the day",
        entry="rsi_2 < 10",
        bar_stop=True,
    ),
    case(
        (
            "buy the close when price makes a new 20 day high, stop at the entry bar's low, sell "
            "after 5 days"
        ),
        entry="close > highest_20",
        entry_fill="close",
        exit_fill="close",
        exit_after_bars=5,
        bar_stop=True,
    ),
    case(
        (
            "short when rsi > 80, stop loss just above the high of the signal bar, cover when rsi "
            "< 50"
        ),
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        direction="short",
        bar_stop=True,
    ),
    case(
        "buy on a hammer, use the candle's low as the stop, sell after 5 days",
        entry="hammer > 0",
        exit_after_bars=5,
        bar_stop=True,
    ),
    case(
        "EURUSD hourly: buy when RSI drops below 30, sell above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "trade EUR/USD on the 4h with a 20/50 ema cross",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="EURUSD=X",
        interval="4h",
    ),
    case(
        "buy gbp/jpy when rsi(14) < 30, sell when rsi(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="GBPJPY=X",
    ),
    case(
        "start with 10k, buy SPY when it closes above the 200 sma, sell when it closes below",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="SPY",
        cash=10000.0,
    ),
    case(
        "$10k account, buy QQQ when rsi 14 < 30, sell when rsi > 60",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="QQQ",
        cash=10000.0,
    ),
    case(
        "supertrend(10,3) turns green -> buy, turns red -> sell",
        entry="supertrend_10_3.direction x> 0",
        exit="supertrend_10_3.direction x< 0",
    ),
    case(
        ("only trade when ATR(14) is less than 3% of price: buy when rsi < 30, sell when rsi > 70"),
        entry="rsi_14 < 30 & atr_pct_14 < 3",
        exit="rsi_14 > 70",
    ),
    case(
        "only when QQQ is above its 50 day sma: buy AAPL when RSI < 30, sell when RSI > 70",
        entry="rsi_14 < 30 & close@QQQ > qqq_sma_50",
        exit="rsi_14 > 70",
        symbol="AAPL",
        other_symbols=["QQQ"],
    ),
    case(
        "Only if SPY > 200 sma. Buy when RSI(2) < 10, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 70",
        symbol="SPY",
    ),
    case(
        "sell in May and go away: be long November through April, out May through October",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        "invested November through April, out of the market May through October",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
    ),
    case(
        (
            "risk 1% of equity per trade with a 2 ATR stop, buy when price breaks the 55 day "
            "high, sell on a 20 day low"
        ),
        entry="close x> highest_55",
        exit="close < lowest_20",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
    ),
    case(
        "short when price breaks the 20 day low, cover when it breaks the 10 day high",
        short_entry="close x< lowest_20",
        short_exit="close x> highest_10",
        direction="short",
    ),
    case(
        "buy when close > 200 sma and rsi(2) < 10, exit when close > 5 sma or 3% stop hit",
        entry="close > sma_200 & rsi_2 < 10",
        exit="close > sma_5",
        stop_loss_pct=3.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70 or when the 5% stop loss is hit",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
    ),
    case(
        "buy MSFT when it outperforms SPY over the last 3 months, sell when it underperforms",
        entry="roc_63 > spy_roc_63",
        exit="roc_63 < spy_roc_63",
        symbol="MSFT",
        other_symbols=["SPY"],
    ),
    case(
        "buy when price is 2 ATR below the 20 day EMA, exit at the EMA",
        entry="close < keltner_20_2_14.lower",
        exit="close >= ema_20",
    ),
    case(
        "short when the close is more than 1.5 ATRs above the 50 ema, cover at the ema",
        short_entry="close > keltner_50_1_5_14.upper",
        short_exit="close <= ema_50",
        direction="short",
    ),
    case(
        "buy when rsi drops below 30 then crosses back above 30, sell when rsi > 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when CCI drops below -200 then rises back above -100, sell above +100",
        entry="cci_20_lowest_20 < -200 & cci_20 x> -100",  # the dip within the 20 bars before
        exit="cci_20 > 100",
    ),
    case(
        "turn of the month: buy the last day of the month, sell on the 3rd trading day",
        entry="calendar trading_day_from_end [1]",
        exit="calendar trading_day [3]",
    ),
    case(
        (
            "buy when price touches the lower keltner band and RSI is below 35, target the upper "
            "band"
        ),
        entry="close <= keltner_20_2_10.lower & rsi_14 < 35",
        exit="close >= keltner_20_2_10.upper",
    ),
    case(
        "sell the close when rsi > 70, buy when rsi < 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        (
            "buy when the 8 ema is above the 21 ema and price pulls back below the 8, sell when "
            "the 8 crosses below the 21"
        ),
        entry="ema_8 > ema_21 & close x< ema_8",
        exit="ema_8 x< ema_21",
    ),
    case(
        "buy when price closes above the 20 day high on 2x average volume, 7% trailing stop",
        entry="close > highest_20 & volume >= volume_sma_20*2",
        trailing_stop_pct=7.0,
    ),
    case(
        (
            "buy when price closes above the 20 day high on twice the average volume, sell after "
            "10 days"
        ),
        entry="close > highest_20 & volume >= volume_sma_20*2",
        exit_after_bars=10,
    ),
    case(
        "buy when the daily close is above the weekly 20 ema, sell when below",
        entry="close > w_ema_20",
        exit="close < w_ema_20",
        interval="1d",
    ),
    case(
        "buy when the close crosses above the weekly 10-week sma, sell when it crosses below",
        entry="close x> w_sma_10",
        exit="close x< w_sma_10",
    ),
    case(
        "every Monday buy at the open and sell at Friday's close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        exit_fill="close",
    ),
    case(
        (
            "buy when price closes 3 days in a row above the upper bollinger band, exit at the "
            "middle band"
        ),
        entry=(
            "close[-2] > bbands_20_2.upper[-2] & close[-1] > bbands_20_2.upper[-1] & "
            "close > bbands_20_2.upper"
        ),
        exit="close <= bbands_20_2.middle",
    ),
    case(
        "buy when RSI(2) is below 10 for 2 days in a row, sell when RSI(2) > 70",
        entry="rsi_2[-1] < 10 & rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        (
            "buy when the close is above the 200 sma for 5 consecutive days, sell when it closes "
            "below it"
        ),
        entry=(
            "close[-4] > sma_200[-4] & close[-3] > sma_200[-3] & close[-2] > sma_200[-2] & "
            "close[-1] > sma_200[-1] & close > sma_200"
        ),
        exit="close < sma_200",
    ),
    case(
        (
            "buy when price retraces below the 20 sma while above the 200 sma, sell when it "
            "crosses above the 20 sma"
        ),
        entry="close x< sma_20 & close > sma_200",
        exit="close x> sma_20",
    ),
    case(
        "buy when price breaks the upper bollinger band, sell when it breaks the lower band",
        entry="close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.lower",
    ),
    case(
        "buy when price breaks the 50 sma, sell when it breaks the 50 sma",
        entry="close x> sma_50",
        exit="close x< sma_50",
    ),
    case(  # "it" that closes is the price, as without the run
        "buy when it closes above the 50 sma for 3 days",
        entry="close[-2] > sma_50[-2] & close[-1] > sma_50[-1] & close > sma_50",
        exit="close < sma_50",
    ),
    refused(
        "buy when it is above 30 for 3 days",
        ["when it is above 30 for 3 days"],
    ),
    case(
        (
            "avoid trading in September and October; otherwise buy when rsi(14) < 30 and sell "
            "when rsi > 60"
        ),
        entry="rsi_14 < 30 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="rsi_14 > 60",
    ),
    case(
        "buy when rsi(14) < 30 and sell when rsi > 60, avoid September and October",
        entry="rsi_14 < 30 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="rsi_14 > 60",
    ),
    case(
        "buy above the 200 sma, otherwise sell",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    case(
        "buy on 3 higher highs in a row, sell on 2 lower lows",
        entry="high[-2] > high[-3] & high[-1] > high[-2] & high > high[-1]",
        exit="low[-1] < low[-2] & low < low[-1]",
    ),
    case(
        "buy after 2 consecutive higher lows and rsi < 50, sell after 5 days",
        entry="low[-1] > low[-2] & low > low[-1] & rsi_14 < 50",
        exit_after_bars=5,
    ),
    case(
        "rsi(14) > 50: long, rsi(14) < 50: short",
        entry="rsi_14 > 50",
        short_entry="rsi_14 < 50",
        direction="always_in",
    ),
    case(
        "close above the 200 sma: buy, close below the 200 sma: sell",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    case(
        (
            "RSI(14) crosses above 30 = buy signal, RSI crosses below 70 = sell signal, backtest "
            "2015 to 2020"
        ),
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        start=date(2015, 1, 1),
        end=date(2020, 12, 31),
    ),
    case(
        (
            "open a position when the 3 ema crosses the 8 ema to the upside. close it when they "
            "cross the other way"
        ),
        entry="ema_3 x> ema_8",
        exit="ema_3 x< ema_8",
    ),
    case(
        (
            "long only. entry: 20/50 sma golden cross. exit: price closes under the 50 sma. stop: "
            "7%."
        ),
        entry="sma_20 x> sma_50",
        exit="close < sma_50",
        stop_loss_pct=7.0,
    ),
]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert sum("refused" in c.values[1] for c in CASES) >= 5


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


def check_reading(text: str, expect: dict, run=None) -> None:
    """The row's reading, then the compiled bot run over every bar (``run``: how, by default
    on the bundled daily bars)."""
    u = understand(text)

    if "refused" in expect:
        assert u.spec is None, u.rules
        assert u.refusal
        assert u.not_understood == expect["refused"]
        return
    assert u.spec is not None, u.refusal
    spec = u.spec
    for side in SIDES:
        assert rule_shape(getattr(spec, side)) == expect.get(side), side
    stated = [
        k for k in expect if k in S.StrategySpec.model_fields and k not in (*SETTINGS, *SIDES)
    ]
    for key in (*SETTINGS, *stated):  # every row checks SETTINGS, and whatever else it states
        assert getattr(spec, key) == expect.get(key, DEFAULTS.get(key)), key
    assert spec.other_symbols() == expect.get("other_symbols", [])
    assert u.not_understood == expect.get("not_understood", [])
    assert u.complete == (not expect.get("not_understood"))
    stats, bars_in = (run or _run)(spec)
    assert len(stats["_equity_curve"]) == bars_in  # the compiled bot ran over every bar


def _run(spec: S.StrategySpec):
    symbol = spec.symbol if spec.symbol in BUNDLED else "AAPL"
    frame = bars(symbol).copy()
    for other in spec.other_symbols():
        stand_in = other if other in BUNDLED and other != symbol else "MSFT"
        aligned, _ = other_symbols.align(bars(stand_in), frame.index, other)
        for column in aligned.columns:
            frame[f"{S.symbol_column(other)}_{column}"] = aligned[column].to_numpy()
    strategy = load_strategy(compile_spec(spec), spec.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        backtest = Backtest(
            frame,
            strategy,
            cash=100_000,
            finalize_trades=True,
            trade_on_close=spec.trade_on_close,
            margin=spec.margin,
        )
        return backtest.run(), len(frame)
