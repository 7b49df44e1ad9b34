"""The offline compiler on a table of varied descriptions.

Each row states what a careful reader takes from the sentence (indicators with their parameters,
the rules in the compact notation of ``tests/generation/support.py``, stops, direction, test
settings), then the compiled bot is executed in-process on bundled data and must trade.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.generation import compile_spec, understand

from .generation.support import load_strategy, run, shape

RULES = ("entry", "exit", "short_entry", "short_exit")


def case(text: str, data: str, **expect) -> pytest.ParameterSet:
    return pytest.param(text, data, expect, id=text[:60])


CASES = [
    # -- RSI ------------------------------------------------------------------------------------
    case(
        "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years",
        "AAPL",
        indicators={"rsi_14"},
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
        symbol="AAPL",
        period_days=730,
    ),
    case(
        "BUY WHEN RSI(2) < 10, SELL WHEN RSI(2) > 90",
        "MSFT",
        indicators={"rsi_2"},
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
    ),
    case(
        "I want to buy Apple when the RSI goes under 30 and sell it when it gets over 70",
        "AAPL",
        indicators={"rsi_14"},
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="AAPL",
    ),
    case(
        "When the 14-period RSI dips under 30, go long. Close the position once RSI is above 60.",
        "IBM",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 60",
    ),
    case(
        "long when RSI(14) reaches 30, exit when RSI(14) reaches 70",
        "MSFT",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    case(
        "buy when RSI(14) exits oversold territory and sell when it leaves overbought",
        "IBM",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "buy when RSI is oversold with a 3% stop loss and a 6% take profit",
        "AAPL",
        entry="rsi_14 < 30",
        exit=None,
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    case(
        "daily RSI below 30 on AAPL: buy; above 70: sell",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        interval="1d",
    ),
    case(
        "RSI(2) strategy on SPY: buy below 10, sell above 90",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="SPY",
    ),
    case(
        "buy when the RSI(14) is between 30 and 40, sell when it is above 70",
        "GOOG",
        entry="rsi_14 >= 30 & rsi_14 <= 40",
        exit="rsi_14 > 70",
    ),
    case(
        "Buy when RSI(14) falls below 30 but only when the close is above the 200-day SMA. "
        "Sell when RSI(14) climbs back above 50.",
        "AAPL",
        indicators={"rsi_14", "sma_200"},
        entry="rsi_14 x< 30 & close > sma_200",
        exit="rsi_14 x> 50",
    ),
    case(
        "buy when RSI drops under 25 on hourly bars since 2015",
        "EURUSD",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 75",
        interval="1h",
        start=date(2015, 1, 1),
    ),
    # -- moving averages ------------------------------------------------------------------------
    case(
        "Buy when the 50-day SMA crosses above the 200-day SMA and sell when it crosses back below",
        "MSFT",
        indicators={"sma_50", "sma_200"},
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    case(
        "golden cross on MSFT since 2010",
        "MSFT",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="MSFT",
        start=date(2010, 1, 1),
    ),
    case(
        "go long when the 12-day EMA crosses above the 26-day EMA, exit on the opposite cross",
        "GOOG",
        indicators={"ema_12", "ema_26"},
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    case(
        "Buy when the 10 EMA crosses the 30 EMA. Sell when it crosses back under.",
        "IBM",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
    ),
    case(
        "buy when MA(50) crosses above MA(200), sell when MA(50) crosses below MA(200)",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    case(
        "buy aapl when the 50 dma crosses above the 200 dma",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="AAPL",
    ),
    case(
        "Can you make a bot that goes long MSFT whenever the 50 day moving average is above the "
        "200 day, and exits otherwise?",
        "MSFT",
        entry="sma_50 > sma_200",
        exit="sma_50 < sma_200",
        symbol="MSFT",
    ),
    case(
        "Buy when the fast EMA crosses above the slow EMA; sell when it crosses below.",
        "AAPL",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    case(
        "buy when price is above the 200-day moving average, sell when it drops below",
        "IBM",
        entry="close > sma_200",
        exit="close x< sma_200",
    ),
    case(
        "buy when the price is 5% above the 50-day moving average, sell when it is below the "
        "50-day moving average",
        "MSFT",
        entry="close > sma_50*1.05",
        exit="close < sma_50",
    ),
    case(
        "buy when the 200-day SMA is rising and price crosses above the 50-day SMA, sell when "
        "price crosses below the 50-day SMA",
        "IBM",
        entry="sma_200 > sma_200[-1] & close x> sma_50",
        exit="close x< sma_50",
    ),
    case(
        "buy on the first close above the 50-day SMA, sell on the first close below it",
        "MSFT",
        entry="close x> sma_50",
        exit="close x< sma_50",
    ),
    case(
        "buy when the price drops 10% below the 50-day SMA and sell when it returns to the "
        "50-day SMA",
        "GOOG",
        entry="close x< sma_50*0.9",
        exit="close >= sma_50",
    ),
    case(
        "Buy the S&P 500 when it closes above its 200-day moving average and sell when it closes "
        "below",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="^GSPC",
    ),
    case(
        "buy ^GSPC when the close is above the 200 day moving average",
        "IBM",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="^GSPC",
    ),
    case(
        "buy BRK-B when the 100-day SMA crosses above the 200-day SMA",
        "MSFT",
        entry="sma_100 x> sma_200",
        symbol="BRK-B",
    ),
    case(
        "for 6 months, buy when the 5-day SMA crosses above the 15-day SMA; sell when it crosses "
        "below",
        "IBM",
        entry="sma_5 x> sma_15",
        exit="sma_5 x< sma_15",
        period_days=180,
    ),
    # -- MACD -----------------------------------------------------------------------------------
    case(
        "When MACD crosses above its signal line, buy; when it crosses below, sell.",
        "IBM",
        indicators={"macd_12_26_9"},
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when the MACD histogram turns positive and sell when it turns negative",
        "MSFT",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
    ),
    case(
        "buy when MACD(5, 35, 5) is above zero, sell when it is below zero",
        "GOOG",
        indicators={"macd_5_35_5"},
        entry="macd_5_35_5.macd > 0",
        exit="macd_5_35_5.macd < 0",
    ),
    case(
        "bullish MACD crossover to buy, bearish MACD crossover to sell",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "go long on a bullish MACD crossover while the price is above the 200 EMA, exit on a "
        "bearish MACD crossover",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & close > ema_200",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when MACD (12, 26, 9) crosses above the signal line, sell when it crosses below, "
        "with a 10% trailing stop, on 15-minute bars",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        trailing_stop_pct=10.0,
        interval="15m",
    ),
    # -- Bollinger, Donchian, z-score -----------------------------------------------------------
    case(
        "Buy when the close drops below the lower Bollinger Band; sell when it rises above the "
        "middle band",
        "MSFT",
        indicators={"bbands_20_2"},
        entry="close x< bbands_20_2.lower",
        exit="close x> bbands_20_2.middle",
    ),
    case(
        "Bollinger Bands with 20 periods, 2 standard deviations: buy below the lower band, sell "
        "above the upper band",
        "IBM",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.upper",
    ),
    case(
        "buy when price closes below the lower band (20, 2.5), exit at the middle band",
        "GOOG",
        indicators={"bbands_20_2_5"},
        entry="close < bbands_20_2_5.lower",
        exit="close >= bbands_20_2_5.middle",
    ),
    case(
        "buy when price touches the lower Bollinger band, sell when it touches the upper band",
        "IBM",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.upper",
    ),
    case(
        "buy on a new 20-day high, sell on a new 10-day low",
        "GOOG",
        indicators={"highest_20", "lowest_10"},
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    case(
        "buy when the close breaks above the highest high of the last 55 days, sell when it "
        "falls below the lowest low of the last 20 days",
        "MSFT",
        entry="close x> highest_55",
        exit="close x< lowest_20",
    ),
    case(
        "Donchian channel breakout (20): buy above the upper band, sell below the lower band",
        "IBM",
        entry="close > highest_20",
        exit="close < lowest_20",
    ),
    case(
        "Buy when price makes a new 20-day closing high. Exit after 10 trading days or at a 5% "
        "stop.",
        "IBM",
        entry="close > close_highest_20",
        exit=None,
        exit_after_bars=10,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when the 20-day z-score falls below -2, sell when it crosses back above 0",
        "IBM",
        indicators={"zscore_20"},
        entry="zscore_20 x< -2",
        exit="zscore_20 x> 0",
    ),
    case(
        "buy when the close is more than 2 standard deviations below its 20-day mean, sell when "
        "it gets back to the mean",
        "MSFT",
        entry="zscore_20 < -2",
        exit="close >= sma_20",
    ),
    # -- momentum, stochastic, volume, ATR ------------------------------------------------------
    case(
        "buy when the 12-month momentum is positive, sell when it turns negative",
        "MSFT",
        indicators={"roc_252"},
        entry="roc_252 > 0",
        exit="roc_252 x< 0",
    ),
    case(
        "buy when ROC(10) crosses above 5, sell when the rate of change crosses below 0",
        "AAPL",
        indicators={"roc_10"},
        entry="roc_10 x> 5",
        exit="roc_10 x< 0",
    ),
    case(
        "Buy when stochastic %K crosses above %D below 20, sell when %K crosses below %D above 80",
        "IBM",
        indicators={"stoch_14_3"},
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
    ),
    case(
        "long when the slow stochastic (14, 3, 3) %K crosses above 20, exit when it crosses "
        "below 80",
        "MSFT",
        indicators={"stoch_14_3_3"},
        entry="stoch_14_3_3.k x> 20",
        exit="stoch_14_3_3.k x< 80",
    ),
    case(
        "buy when the stochastic is oversold, sell when overbought",
        "GOOG",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
    ),
    case(
        "buy when volume is twice its 20-day average and the close is above the 50-day MA, 10% "
        "trailing stop",
        "AAPL",
        indicators={"volume_sma_20", "sma_50"},
        entry="volume >= volume_sma_20*2 & close > sma_50",
        exit=None,
        trailing_stop_pct=10.0,
    ),
    case(
        "buy when volume is more than 1.5 times its 50-day average and price closes above the "
        "20-day high, 3x ATR trailing stop",
        "MSFT",
        entry="volume > volume_sma_50*1.5 & close > highest_20",
        exit=None,
        atr_stop_multiple=3.0,
        atr_trailing=True,
    ),
    case(
        "buy when the 9-period EMA crosses above the 21-period EMA and volume is above average, "
        "sell when the 9 EMA crosses below the 21 EMA",
        "GOOG",
        entry="ema_9 x> ema_21 & volume > volume_sma_20",
        exit="ema_9 x< ema_21",
    ),
    case(
        "buy when the 20 SMA crosses over the 50 SMA with a 2 ATR stop and a 4 ATR profit target",
        "MSFT",
        entry="sma_20 x> sma_50",
        exit=None,
        atr_stop_multiple=2.0,
        atr_take_profit_multiple=4.0,
        atr_period=14,
    ),
    case(
        "buy when the 14-day ATR is above 1 and the close is above the 20-day SMA, exit when the "
        "close is below the 20-day SMA",
        "GOOG",
        indicators={"atr_14", "sma_20"},
        entry="atr_14 > 1 & close > sma_20",
        exit="close < sma_20",
    ),
    # -- runs of closes, prices -----------------------------------------------------------------
    case(
        "buy after three consecutive lower closes, exit after 5 bars",
        "GOOG",
        entry="3 down closes",
        exit=None,
        exit_after_bars=5,
    ),
    case(
        "buy when the stock closes down 4 days in a row, sell when it closes up 2 days in a row",
        "MSFT",
        entry="4 down closes",
        exit="2 up closes",
    ),
    case(
        "buy after 3 down days in a row while price is above the 200 day moving average, sell "
        "after 5 days",
        "AAPL",
        entry="3 down closes & close > sma_200",
        exit_after_bars=5,
    ),
    case(
        "enter on a 3-day losing streak, exit after 2 days",
        "GOOG",
        entry="3 down closes",
        exit_after_bars=2,
    ),
    case(
        "buy when the close is higher than the previous close for 3 days in a row and sell after "
        "4 days",
        "IBM",
        entry="3 up closes",
        exit_after_bars=4,
    ),
    case(
        "go long on a close above yesterday's high, sell on a close below yesterday's low",
        "MSFT",
        entry="close > high[-1]",
        exit="close < low[-1]",
    ),
    # -- stops, sizing, combinations -------------------------------------------------------------
    case(
        "golden cross, death cross exit, 8% trailing stop",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        trailing_stop_pct=8.0,
    ),
    case(
        "enter when RSI(14) crosses above 30, exit when RSI(14) crosses below 70 or after 20 days",
        "GOOG",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        exit_after_bars=20,
    ),
    case(
        "buy when RSI(14) crosses above 30 or the close crosses above the upper Bollinger band, "
        "sell when RSI goes above 75",
        "MSFT",
        entry="rsi_14 x> 30 | close x> bbands_20_2.upper",
        exit="rsi_14 x> 75",
    ),
    case(
        "Entry: price > SMA(100) and RSI(5) < 20. Exit: RSI(5) > 70. Stop: 4%.",
        "IBM",
        entry="close > sma_100 & rsi_5 < 20",
        exit="rsi_5 > 70",
        stop_loss_pct=4.0,
    ),
    case(
        "Buy MSFT when RSI(14) < 30. Sell when RSI(14) > 70. Use 50% of equity per trade.",
        "MSFT",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
        symbol="MSFT",
    ),
    case(
        "Buy when RSI(14) crosses above 30. Sell when RSI(14) crosses below 70. Stop loss 5%. "
        "Take profit 15%. Trailing stop 10%. Exit after 30 bars. Use 90% of equity.",
        "MSFT",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        stop_loss_pct=5.0,
        take_profit_pct=15.0,
        trailing_stop_pct=10.0,
        exit_after_bars=30,
        size_fraction=0.9,
    ),
    case(
        "buy when the close crosses above the 10-day SMA from 2005 to 2010, 0.1% commission, "
        "$10,000 starting capital",
        "MSFT",
        entry="close x> sma_10",
        exit="close x< sma_10",
        start=date(2005, 1, 1),
        end=date(2010, 12, 31),
        commission_pct=0.1,
        cash=10_000.0,
    ),
    case(
        "trade IBM: buy on a golden cross, sell on a death cross, over the last 10 years",
        "IBM",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="IBM",
        period_days=3650,
    ),
    case(
        "buy bitcoin when the 20-day ema crosses above the 100-day ema over the last 3 years",
        "AAPL",
        entry="ema_20 x> ema_100",
        symbol="BTC-USD",
        period_days=1095,
    ),
    case(
        "buy EURUSD=X when the 20-period EMA crosses above the 50-period EMA on 1-hour bars",
        "EURUSD",
        entry="ema_20 x> ema_50",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "5-minute bars: buy when the 10-period EMA crosses above the 20-period EMA, sell when it "
        "crosses below",
        "EURUSD",
        entry="ema_10 x> ema_20",
        exit="ema_10 x< ema_20",
        interval="5m",
    ),
    # -- short, both, always in -----------------------------------------------------------------
    case(
        "short when RSI(14) rises above 70, cover when it drops below 30",
        "IBM",
        direction="short",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 30",
    ),
    case(
        "sell short when the price crosses below the 50-day moving average, buy to cover when it "
        "crosses back above",
        "IBM",
        direction="short",
        short_entry="close x< sma_50",
        short_exit="close x> sma_50",
    ),
    case(
        "Short when the price closes above the upper Bollinger band and cover when it closes "
        "below the 20-day moving average",
        "IBM",
        direction="short",
        short_entry="close > bbands_20_2.upper",
        short_exit="close < sma_20",
    ),
    case(
        "buy when the 5-day SMA crosses above the 20-day SMA, short when it crosses below, cover "
        "when it crosses back above",
        "MSFT",
        direction="both",
        entry="sma_5 x> sma_20",
        exit=None,
        short_entry="sma_5 x< sma_20",
        short_exit="sma_5 x> sma_20",
    ),
    case(
        "always in the market: long when the 20-day EMA crosses above the 50-day EMA, short when "
        "it crosses below",
        "IBM",
        direction="always_in",
        entry="ema_20 x> ema_50",
        short_entry="ema_20 x< ema_50",
    ),
    case(
        "stop and reverse on the 10/30 SMA cross",
        "GOOG",
        direction="always_in",
        entry="sma_10 x> sma_30",
        short_entry="sma_10 x< sma_30",
    ),
    case(
        "long when the slow stochastic crosses above 20, short when it crosses below 80, always "
        "in the market",
        "IBM",
        direction="always_in",
        entry="stoch_14_3_3.k x> 20",
        short_entry="stoch_14_3_3.k x< 80",
    ),
    # -- references back to earlier words ------------------------------------------------------
    case(
        "Buy when stochastic %K crosses above %D and both are below 20. Sell when %K crosses "
        "below %D and both are above 80.",
        "IBM",
        entry="stoch_14_3.k x> stoch_14_3.d & (stoch_14_3.k < 20 & stoch_14_3.d < 20)",
        exit="stoch_14_3.k x< stoch_14_3.d & (stoch_14_3.k > 80 & stoch_14_3.d > 80)",
    ),
    case(
        "Buy when the 10-day EMA is above the 20-day EMA which is above the 50-day EMA; sell "
        "when the 10-day EMA falls below the 20-day EMA",
        "GOOG",
        entry="ema_10 > ema_20 & ema_20 > ema_50",
        exit="ema_10 x< ema_20",
    ),
    case(
        "buy when RSI crosses 30 from below, sell when it crosses 70 from above",
        "IBM",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "Buy when the price is above the 50-day and 200-day moving averages, sell when it falls "
        "below the 50-day.",
        "MSFT",
        entry="close > sma_50 & close > sma_200",
        exit="close x< sma_50",
    ),
    case(
        "Buy when the Relative Strength Index (RSI) over 14 periods drops below 30. Sell when "
        "the RSI rises above 70.",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    case(
        "When the fast (12) EMA crosses over the slow (26) EMA go long; reverse when it crosses "
        "back",
        "GOOG",
        direction="always_in",
        entry="ema_12 x> ema_26",
        short_entry="ema_12 x< ema_26",
    ),
    case(
        "Buy on a 20-day breakout, sell on a 10-day breakdown",
        "GOOG",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    case(
        "Buy after 2 consecutive down days, sell on the first up day.",
        "IBM",
        entry="2 down closes",
        exit="1 up closes",
    ),
    case(
        "Buy when the 5-day SMA is above the 20-day SMA, otherwise stay out.",
        "IBM",
        entry="sma_5 > sma_20",
        exit="sma_5 < sma_20",
    ),
    case(
        "Buy when the close crosses above the 20-day SMA and sell 5 days later.",
        "IBM",
        entry="close x> sma_20",
        exit=None,
        exit_after_bars=5,
    ),
    case(
        "buy when the stock falls 5% in one day, sell after 3 days",
        "MSFT",
        indicators={"roc_1"},
        entry="roc_1 <= -5",
        exit_after_bars=3,
    ),
    case(
        "Buy when today's close is lower than yesterday's close, sell when today's close is "
        "higher than yesterday's close",
        "IBM",
        entry="close < close[-1]",
        exit="close > close[-1]",
    ),
    case(
        "Buy when the MACD (12,26,9) line crosses the signal line from below; sell when it "
        "crosses from above.",
        "IBM",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when RSI(14) crosses back above 30 after being oversold, sell when it crosses below "
        "70 after being overbought",
        "IBM",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "Buy when %K(5) crosses above %D(3) and %K < 30; sell when %K crosses below %D.",
        "IBM",
        indicators={"stoch_5_3"},
        entry="stoch_5_3.k x> stoch_5_3.d & stoch_5_3.k < 30",
        exit="stoch_5_3.k x< stoch_5_3.d",
    ),
    case(
        "buy when the 2-period RSI closes below 10, sell when it closes above 50",
        "IBM",
        entry="rsi_2 < 10",
        exit="rsi_2 > 50",
    ),
    case(
        "Buy when RSI(14) < 30 on the daily chart of MSFT over the past 5 years; exit at RSI 50",
        "MSFT",
        entry="rsi_14 < 30",
        exit="rsi_14 >= 50",
        symbol="MSFT",
        interval="1d",
        period_days=1825,
    ),
    case(
        "buy when the price is below the lower bollinger band and rsi is below 30; exit when "
        "price crosses the middle band",
        "MSFT",
        entry="close < bbands_20_2.lower & rsi_14 < 30",
        exit="close x> bbands_20_2.middle",
    ),
    case(
        "Buy when the price closes above the 20-day SMA for the first time, sell when it closes "
        "below it for the first time",
        "IBM",
        entry="close x> sma_20",
        exit="close x< sma_20",
    ),
    case(
        "Buy when the 20-day high is broken, sell when the 10-day low is broken",
        "GOOG",
        entry="close x> highest_20",
        exit="close x< lowest_10",
    ),
    case(
        "Buy the 55-day Donchian breakout and exit on the 20-day Donchian low.",
        "MSFT",
        entry="close > highest_55",
        exit="close < lowest_20",
    ),
    case(
        "Go long when volume is at least 3 times the 10-day average volume and the close is up "
        "on the day.",
        "AAPL",
        entry="volume >= volume_sma_10*3 & close > close[-1]",
    ),
    case(
        "Always be in the market: long above the 100-day SMA, short below it",
        "MSFT",
        direction="always_in",
        entry="close > sma_100",
        short_entry="close < sma_100",
    ),
    case(
        "Buy MSFT when the 20-day EMA crosses above the 50-day EMA and RSI(14) is below 70; "
        "short when it crosses below; 2x ATR trailing stop, take profit 15%, since 2005",
        "MSFT",
        direction="both",
        entry="ema_20 x> ema_50 & rsi_14 < 70",
        short_entry="ema_20 x< ema_50",
        atr_stop_multiple=2.0,
        atr_trailing=True,
        take_profit_pct=15.0,
        start=date(2005, 1, 1),
    ),
    # -- terse notation -------------------------------------------------------------------------
    case("rsi<30 buy, rsi>70 sell", "AAPL", entry="rsi_14 < 30", exit="rsi_14 > 70"),
    case(
        "long: ema9 x ema21 up; exit: ema9 x ema21 down",
        "GOOG",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "sma50 > sma200 -> long, else flat",
        "MSFT",
        entry="sma_50 > sma_200",
        exit="sma_50 < sma_200",
    ),
    case(
        "buy when price > 200 sma and rsi(2) < 10; exit when price > 5 sma",
        "IBM",
        entry="close > sma_200 & rsi_2 < 10",
        exit="close > sma_5",
    ),
    # -- vague requests with documented defaults ------------------------------------------------
    case("a momentum strategy", "MSFT", entry="roc_252 > 0", exit="roc_252 < 0"),
    case("something with moving averages", "AAPL", entry="sma_50 x> sma_200"),
    case("trend following on IBM", "IBM", entry="close > sma_200", symbol="IBM"),
    case("mean reversion", "GOOG", entry="rsi_14 x< 30", exit="rsi_14 x> 70"),
    case(
        "a breakout strategy on google",
        "GOOG",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="GOOG",
    ),
]


@pytest.mark.parametrize(("text", "data", "expect"), CASES)
def test_description_is_understood_compiled_and_trades(text: str, data: str, expect: dict):
    understood = understand(text)

    assert understood.refusal is None
    assert understood.not_understood == []
    assert understood.complete
    spec = understood.spec
    assert spec is not None
    assert spec.direction == expect.pop("direction", "long")
    wanted_ids = expect.pop("indicators", None)
    if wanted_ids is not None:
        assert {ind.id for ind in spec.indicators} == wanted_ids
    for key, value in expect.items():
        actual = shape(getattr(spec, key)) if key in RULES else getattr(spec, key)
        assert actual == value, key

    strategy = load_strategy(compile_spec(spec), spec.name)
    stats = run(strategy, data)
    assert stats["# Trades"] > 0


def test_the_table_is_large_and_varied():
    texts = [p.values[0] for p in CASES]
    assert len(texts) >= 60
    assert len(set(texts)) == len(texts)
    joined = " ".join(texts).lower()
    for word in (
        "rsi",
        "sma",
        "ema",
        "macd",
        "bollinger",
        "donchian",
        "z-score",
        "stochastic",
        "atr",
        "volume",
        "momentum",
        "rate of change",
        "in a row",
        "crosses above",
        "rises above",
        "drops below",
        "is above",
        "while",
        "stop",
        "take profit",
        "profit target",
        "trailing stop",
        "exit after",
        "short",
        "cover",
        "always in the market",
        "over the last",
        "since",
        "minute bars",
        "14-day",
        "(12, 26, 9)",
        "20 periods, 2 standard deviations",
        "5%",
    ):
        assert word in joined, word
