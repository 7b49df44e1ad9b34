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
    assert_read_and_traded(text, data, expect)


def assert_read_and_traded(text: str, data: str, expect: dict) -> None:
    """``text`` is read completely, as ``expect`` says, and its bot trades on ``data``."""
    understood = understand(text)

    assert understood.refusal is None
    assert understood.not_understood == []
    assert understood.complete
    assert understood.suggestions == []  # nothing to suggest when everything was read
    spec = understood.spec
    assert spec is not None
    assert spec.direction == expect.pop("direction", "long")
    wanted_ids = expect.pop("indicators", None)
    if wanted_ids is not None:
        assert {ind.id for ind in spec.indicators} == wanted_ids
    for echoed in expect.pop("echo", []):
        assert echoed in understood.assumptions
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


# -- written the way traders write on forums, in chat and on strategy sites ---------------------
# Titles and greetings set aside, typos, shorthand ("ema 9/21 cross", "rsi 2"), signed percents,
# "by more than", numbers as words, compound exits in any order, "close when"/"get out"/"flat"/
# "cover", crossovers named without an action (traded both ways), every length unit, and named
# strategies. ``echo`` lists assumptions the reading must state (corrections, what was set
# aside, the named strategy's rules, how a unit became bars).


def read(text: str, data: str, **expect) -> pytest.ParameterSet:
    return pytest.param(text, data, expect, id=text[:60])


FORUM_CASES = [
    read(
        "trade the 12/26 EMA crossover",
        "AAPL",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "exit if it closes above the 10 day high or after 7 bars; buy when it closes at a 10 day "
        "low",
        "AAPL",
        entry="close <= close_lowest_10",
        exit="close > highest_10",
        exit_after_bars=7,
    ),
    read(
        "buy when RSI(2) < 10, exit on a 5% stop or when RSI(2) > 70",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        stop_loss_pct=5.0,
    ),
    read(
        "buy when RSI(2) < 10 and sell when RSI(2) > 70 or after 5 days",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        exit_after_bars=5,
    ),
    read(
        "buy when the stock drops more than 5% in a day, sell 5 days later",
        "AAPL",
        entry="roc_1 < -5",
        exit_after_bars=5,
    ),
    read(
        "buy when the stock falls by over 3% in one day and sell after 3 days",
        "AAPL",
        entry="roc_1 < -3",
        exit_after_bars=3,
    ),
    read(
        "buy when the close is down more than 2% on the day, sell after 2 days",
        "AAPL",
        entry="roc_1 < -2",
        exit_after_bars=2,
    ),
    read(
        "buy on the twenty day high, sell on the ten day low",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    read(
        "buy when the fifty-day moving average crosses above the two hundred day moving average",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    read(
        "buy when price is above the 200 day sma, hold for 3 weeks",
        "AAPL",
        entry="close > sma_200",
        exit_after_bars=15,
        echo=["3 weeks read as 15 daily bars (5 per week)"],
    ),
    read(
        "buy when RSI(14) < 30, exit after one month",
        "AAPL",
        entry="rsi_14 < 30",
        exit_after_bars=21,
        echo=["1 month read as 21 daily bars (21 per month)"],
    ),
    read(
        "buy when 12-month momentum is positive and sell when it turns negative",
        "AAPL",
        entry="roc_252 > 0",
        exit="roc_252 x< 0",
    ),
    read(
        "go long when close > 20 sma, get out when close < 20 sma",
        "AAPL",
        entry="close > sma_20",
        exit="close < sma_20",
    ),
    read("buy when rsi < 30. flat when rsi > 50", "AAPL", entry="rsi_14 < 30", exit="rsi_14 > 50"),
    read(
        "short when price < 50 sma, cover when price > 50 sma",
        "AAPL",
        short_entry="close < sma_50",
        short_exit="close > sma_50",
        direction="short",
    ),
    read(
        "buy when RSI < 30, take profit at +10%, stop loss at -5%",
        "AAPL",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    read(
        "buy when RSI(2) is below 5; trailing stop of -3%",
        "AAPL",
        entry="rsi_2 < 5",
        trailing_stop_pct=3.0,
    ),
    read(
        "buy the dip with a 2% stop",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=2.0,
        echo=[
            "'buy the dip' read as Botlab's standard 'buy the dip' strategy: Buy when RSI(14) "
            "drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "golden cross on SPY with a 10% trailing stop",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        trailing_stop_pct=10.0,
        symbol="SPY",
        echo=[
            "'golden cross' read as Botlab's standard 'golden cross' strategy: Buy when the "
            "50-day SMA crosses above the 200-day SMA and sell when it crosses back below."
        ],
    ),
    read(
        "death cross on QQQ",
        "AAPL",
        short_entry="sma_50 x< sma_200",
        short_exit="sma_50 x> sma_200",
        symbol="QQQ",
        direction="short",
        echo=[
            "'death cross' read as Botlab's standard 'death cross' strategy: Short when the "
            "50-day SMA crosses below the 200-day SMA and cover when it crosses back above."
        ],
    ),
    read(
        "buy when close crosses above upper bollinger band, close when it crosses back below the "
        "middle band",
        "AAPL",
        entry="close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.middle",
    ),
    read(
        "buy if price crosses over 50 sma. sell if price crosses under 50 sma",
        "AAPL",
        entry="close x> sma_50",
        exit="close x< sma_50",
    ),
    read(
        "enter long when the 9 ema crosses above the 21 ema, exit when the 9 ema crosses below "
        "the 21 ema",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    read(
        "long when macd crosses up, flat when macd crosses down",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    read(
        "buy when macd histogram turns positive, sell when it turns negative",
        "AAPL",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
    ),
    read(
        "buy when stochastic %K crosses above %D below 20, sell when %K crosses below %D above 80",
        "AAPL",
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
    ),
    read(
        "when RSI(14) crosses below 30 buy, when it crosses above 70 sell",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    read(
        "buy after 4 red days in a row, sell after the first up day",
        "AAPL",
        entry="4 down closes",
        exit="1 up closes",
    ),
    read(
        "buy when the price closes below the lower bollinger band, exit when it closes above the "
        "20 sma",
        "AAPL",
        entry="close < bbands_20_2.lower",
        exit="close > sma_20",
    ),
    read(
        "buy at the 52 week high, sell at the 26 week low",
        "AAPL",
        entry="close >= highest_260",
        exit="close <= lowest_130",
    ),
    read(
        "sell after 2 months. buy when price is above the 100 day sma",
        "AAPL",
        entry="close > sma_100",
        exit_after_bars=42,
        echo=["2 months read as 42 daily bars (21 per month)"],
    ),
    read(
        "buy when price is 10% below the 50 day sma, sell when it's back above the sma",
        "AAPL",
        entry="close < sma_50*0.9",
        exit="close > sma_50",
    ),
    read(
        "buy 3 consecutive down closes, sell on 2 consecutive up closes",
        "AAPL",
        entry="3 down closes",
        exit="2 up closes",
    ),
    read(
        "buy when volume is twice the 20 day average and close is above 50 sma, sell after 10 days",
        "AAPL",
        entry="volume >= volume_sma_20*2 & close > sma_50",
        exit_after_bars=10,
    ),
    read(
        "buy when RSI(14) < 30 and price > 200 sma; sell when RSI(14) > 70 or price < 200 sma",
        "AAPL",
        entry="rsi_14 < 30 & close > sma_200",
        exit="rsi_14 > 70 | close < sma_200",
    ),
    read(
        "rsi 2 below 10 buy, rsi 2 above 90 sell, spy",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="SPY",
    ),
    read(
        "sma 10/50 on AAPL since 2015",
        "AAPL",
        entry="sma_10 x> sma_50",
        exit="sma_10 x< sma_50",
        start=date(2015, 1, 1),
        symbol="AAPL",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "ema 20/50 cross with a 3% stop loss",
        "AAPL",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        stop_loss_pct=3.0,
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "macd crossover on MSFT over the last 5 years",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="MSFT",
        period_days=1825,
        echo=[
            "'macd crossover' read as Botlab's standard 'macd crossover' strategy: When MACD "
            "crosses above its signal line, buy; when it crosses below, sell."
        ],
    ),
    read(
        "buy when the 5 sma crosses the 20 sma, exit after 2 weeks or at a 4% stop",
        "AAPL",
        entry="sma_5 x> sma_20",
        stop_loss_pct=4.0,
        exit_after_bars=10,
        echo=["2 weeks read as 10 daily bars (5 per week)"],
    ),
    read(
        "Golden cross: buy when the 50 day SMA crosses above the 200 day SMA, sell on the death "
        "cross",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        echo=["Set aside the title 'Golden cross' (a name, not a rule)"],
    ),
    read(
        "MACD crossover strategy: buy when the MACD line crosses above the signal line, close "
        "when it crosses below",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        echo=["Set aside the title 'MACD crossover strategy' (a name, not a rule)"],
    ),
    read(
        "Mean reversion idea: buy SPY when RSI(2) drops below 10, sell when it goes above 70",
        "AAPL",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 70",
        symbol="SPY",
        echo=["Set aside the title 'Mean reversion idea' (a name, not a rule)"],
    ),
    read(
        "Simple trend filter: go long when the close is above the 200 day SMA, exit when it "
        "closes below",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
        echo=["Set aside the title 'Simple trend filter' (a name, not a rule)"],
    ),
    read(
        "My setup: buy when the 9 ema crosses above the 21 ema, exit when it crosses back below",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    read(
        "Strategy #1: buy when RSI(14) < 30, sell when RSI(14) > 70",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    read(
        "Breakout system: buy on a new 55 day high, sell on a 20 day low",
        "AAPL",
        entry="close > highest_55",
        exit="close < lowest_20",
        echo=["Set aside the title 'Breakout system' (a name, not a rule)"],
    ),
    read(
        "Hi! Could you test buying SPY when RSI(2) is below 10 and selling when it is above 70? "
        "thanks!",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="SPY",
        echo=["Set aside 'Hi!' (not a trading rule)", "Set aside 'thanks!' (not a trading rule)"],
    ),
    read(
        "Hello, please backtest this: buy AAPL when the 20 day SMA crosses above the 50 day SMA, "
        "sell when it crosses below. Thank you!",
        "AAPL",
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
        symbol="AAPL",
        echo=["Set aside 'Thank you!' (not a trading rule)"],
    ),
    read(
        "hey can you backtest a simple strategy for me: buy when rsi drops below 25 and sell when "
        "it goes above 60",
        "AAPL",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 60",
        echo=[
            "Set aside the title 'hey can you backtest a simple strategy for me' (a name, not a "
            "rule)"
        ],
    ),
    read(
        "Hi there. Buy MSFT when the close is above the 100 day moving average and sell when it "
        "is below. Cheers",
        "AAPL",
        entry="close > sma_100",
        exit="close < sma_100",
        symbol="MSFT",
        echo=[
            "Set aside 'Hi there.' (not a trading rule)",
            "Set aside 'Cheers' (not a trading rule)",
        ],
    ),
    read(
        "Thanks in advance! Buy when RSI(14) crosses above 30, sell when it crosses below 70.",
        "AAPL",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        echo=["Set aside 'Thanks in advance!' (not a trading rule)"],
    ),
    read(
        "Quick question: buy when the 10 day EMA is above the 30 day EMA, sell when it is below?",
        "AAPL",
        entry="ema_10 > ema_30",
        exit="ema_10 < ema_30",
        echo=["Set aside the title 'Quick question' (a name, not a rule)"],
    ),
    read(
        "Please test: short when RSI(14) is above 80, cover when it drops below 50",
        "AAPL",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 x< 50",
        direction="short",
        echo=["Set aside the title 'Please test' (a name, not a rule)"],
    ),
    read(
        "Could you check this one? buy on 3 down days in a row, sell after 5 days. Thanks!",
        "AAPL",
        entry="3 down closes",
        exit_after_bars=5,
        echo=[
            "Set aside 'Could you check this one?' (not a trading rule)",
            "Set aside 'Thanks!' (not a trading rule)",
        ],
    ),
    read(
        "I'd like to try: buy when price crosses above the upper bollinger band and sell when it "
        "crosses below the middle band",
        "AAPL",
        entry="close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.middle",
        echo=["Set aside the title 'I'd like to try' (a name, not a rule)"],
    ),
    read(
        "Turtle style: buy on a 20 day high and sell on a 10 day low, 2% stop",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        stop_loss_pct=2.0,
        echo=["Set aside the title 'Turtle style' (a name, not a rule)"],
    ),
    read(
        "Can you run this on TSLA: buy when the 5 day SMA crosses above the 20 day SMA, sell when "
        "it crosses below",
        "AAPL",
        entry="sma_5 x> sma_20",
        exit="sma_5 x< sma_20",
        symbol="TSLA",
    ),
    read(
        "RSI strategy: buy when RSI is under 30, sell when over 70. thx",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        echo=[
            "Set aside 'thx' (not a trading rule)",
        ],
    ),
    read(
        "hello! buy when macd crosses above signal, sell when it crosses below. much appreciated",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        echo=[
            "Set aside 'hello!' (not a trading rule)",
            "Set aside 'much appreciated' (not a trading rule)",
        ],
    ),
    read(
        "buy when RSI goes bellow 30, sell above 70",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        echo=["Read 'bellow' as 'below'"],
    ),
    read(
        "buy when the price crosses abvoe the 50 day moving average, sell when it crosses bellow",
        "AAPL",
        entry="close x> sma_50",
        exit="close x< sma_50",
        echo=["Read 'abvoe' as 'above'", "Read 'bellow' as 'below'"],
    ),
    read(
        "buy when the 50 day movng average crosses above the 200 day movng average",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        echo=["Read 'movng' as 'moving'"],
    ),
    read(
        "buy when the rsi is oversld, sell when it is overbougth",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        echo=["Read 'oversld' as 'oversold'", "Read 'overbougth' as 'overbought'"],
    ),
    read(
        "buy when the stochastc is below 20, sell when it is above 80",
        "AAPL",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
        echo=["Read 'stochastc' as 'stochastic'"],
    ),
    read(
        "buy when the price closes abov the upper bollinger band, sell when it closes below the "
        "midle band",
        "AAPL",
        entry="close > bbands_20_2.upper",
        exit="close < bbands_20_2.middle",
        echo=["Read 'abov' as 'above'", "Read 'midle' as 'middle'"],
    ),
    read(
        "buy when macd crosses abve the signal line and sell when it crosses belwo",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        echo=["Read 'abve' as 'above'", "Read 'belwo' as 'below'"],
    ),
    read(
        "buy after three consecutve down days, sell after five days",
        "AAPL",
        entry="3 down closes",
        exit_after_bars=5,
        echo=["Read 'consecutve' as 'consecutive'"],
    ),
    read(
        "go long when the 20 day EMA crossess above the 50 day EMA, exit when it crosses below",
        "AAPL",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        echo=["Read 'crossess' as 'crosses'"],
    ),
    read(
        "buy when price is above the 200 day averge and rsi(2) is below 10, sell when rsi(2) is "
        "above 70",
        "AAPL",
        entry="close > sma_200 & rsi_2 < 10",
        exit="rsi_2 > 70",
        echo=["Read 'averge' as 'average'"],
    ),
    read(
        "sell when RSI(14) is abvoe 70, buy when it is below 30",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        echo=["Read 'abvoe' as 'above'"],
    ),
    read(
        "buy when the close is above the 20 day high, with a 2% stopp loss",
        "AAPL",
        entry="close > highest_20",
        stop_loss_pct=2.0,
        echo=["Read 'stopp' as 'stop'"],
    ),
    read(
        "buy when price touches the lowr bollinger band, sell at the upper band",
        "AAPL",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.upper",
        echo=["Read 'lowr' as 'lower'"],
    ),
    read(
        "buy when price closes at a 10 day low, exit after 7 bars or if it closes above the 10 "
        "day high",
        "AAPL",
        entry="close <= close_lowest_10",
        exit="close > highest_10",
        exit_after_bars=7,
    ),
    read(
        "buy when RSI(2) drops below 10, exit when RSI(2) rises above 60 or after 5 bars",
        "AAPL",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 60",
        exit_after_bars=5,
    ),
    read(
        "buy when RSI(2) < 10. sell after 5 days or when the close is above the 5 day SMA",
        "AAPL",
        entry="rsi_2 < 10",
        exit="close > sma_5",
        exit_after_bars=5,
    ),
    read(
        "buy on a new 20 day high; exit after 20 days or on a close below the 10 day low",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        exit_after_bars=20,
    ),
    read(
        "buy when the 10 day EMA crosses above the 30 day EMA, exit when it crosses below or "
        "after 20 bars",
        "AAPL",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        exit_after_bars=20,
    ),
    read(
        "enter long when RSI(2) < 10; exit when close > 5-day SMA or after 10 days",
        "AAPL",
        entry="rsi_2 < 10",
        exit="close > sma_5",
        exit_after_bars=10,
    ),
    read(
        "exit after 10 bars or when RSI(2) > 70; buy when RSI(2) < 5",
        "AAPL",
        entry="rsi_2 < 5",
        exit="rsi_2 > 70",
        exit_after_bars=10,
    ),
    read(
        "exit when RSI(14) > 70 or the close drops below the 50 day SMA; buy when RSI(14) crosses "
        "above 30",
        "AAPL",
        entry="rsi_14 x> 30",
        exit="rsi_14 > 70 | close x< sma_50",
    ),
    read(
        "buy when the close is above the upper bollinger band, sell when the close is below the "
        "middle band or after 15 days",
        "AAPL",
        entry="close > bbands_20_2.upper",
        exit="close < bbands_20_2.middle",
        exit_after_bars=15,
    ),
    read(
        "go long when the 20 day high is broken, get out after 10 days or at a 3% stop loss",
        "AAPL",
        entry="close x> highest_20",
        stop_loss_pct=3.0,
        exit_after_bars=10,
    ),
    read(
        "short when RSI(14) > 80, cover when RSI(14) < 50 or after 10 days",
        "AAPL",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        exit_after_bars=10,
        direction="short",
    ),
    read(
        "buy on 3 down days in a row, sell on the first up day or after 5 days",
        "AAPL",
        entry="3 down closes",
        exit="1 up closes",
        exit_after_bars=5,
    ),
    read(
        "buy when RSI(14) < 30; sell when RSI(14) > 70 and the close is above the 50 day SMA",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 & close > sma_50",
    ),
    read(
        "buy when the close crosses above the 50 day SMA, sell if it closes below the 50 day SMA "
        "or falls below the 20 day low",
        "AAPL",
        entry="close x> sma_50",
        exit="close < sma_50 | close x< lowest_20",
    ),
    read(
        "buy when RSI(2) is below 10, sell at a 5% profit or after 10 days",
        "AAPL",
        entry="rsi_2 < 10",
        take_profit_pct=5.0,
        exit_after_bars=10,
    ),
    read(
        "buy when the 5 day sma crosses above the 20 day sma; close when the 5 day sma crosses "
        "below the 20 day sma",
        "AAPL",
        entry="sma_5 x> sma_20",
        exit="sma_5 x< sma_20",
    ),
    read(
        "buy when RSI(14) drops below 30. close if RSI(14) goes over 55",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 55",
    ),
    read(
        "go long on a close above the 20 day high. get out when the close drops below the 10 day "
        "low",
        "AAPL",
        entry="close > highest_20",
        exit="close x< lowest_10",
    ),
    read(
        "buy when RSI(14) < 30, get out when RSI(14) > 65",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 65",
    ),
    read(
        "short when the close is below the 50 day sma, buy to cover when it's above",
        "AAPL",
        short_entry="close < sma_50",
        short_exit="close > sma_50",
        direction="short",
    ),
    read(
        "short when RSI(2) is above 90, cover when RSI(2) is below 30",
        "AAPL",
        short_entry="rsi_2 > 90",
        short_exit="rsi_2 < 30",
        direction="short",
    ),
    read(
        "go short when the 10 day SMA crosses below the 50 day SMA, cover when it crosses back "
        "above",
        "AAPL",
        short_entry="sma_10 x< sma_50",
        short_exit="sma_10 x> sma_50",
        direction="short",
    ),
    read(
        "buy when RSI(14) < 30, flat when RSI(14) > 50",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    read(
        "long when close > 50 sma, flat when close < 50 sma",
        "AAPL",
        entry="close > sma_50",
        exit="close < sma_50",
    ),
    read(
        "be long when the 50 day SMA is above the 200 day SMA, go flat otherwise",
        "AAPL",
        entry="sma_50 > sma_200",
        exit="sma_50 < sma_200",
    ),
    read(
        "buy when RSI(14) < 30, exit when RSI(14) > 70",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    read(
        "trade the 9/21 EMA cross",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "trade the 50/200 SMA crossover on SPY",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "the 20/50 EMA crossover with a 5% stop loss",
        "AAPL",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        stop_loss_pct=5.0,
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "10/30 SMA cross on AAPL since 2010",
        "AAPL",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        start=date(2010, 1, 1),
        symbol="AAPL",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "ema 9/21 cross",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "ema 12/26 crossover on QQQ",
        "AAPL",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
        symbol="QQQ",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "sma 50/200",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "sma 20/100 cross",
        "AAPL",
        entry="sma_20 x> sma_100",
        exit="sma_20 x< sma_100",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "the 5 and 20 day sma crossover",
        "AAPL",
        entry="sma_5 x> sma_20",
        exit="sma_5 x< sma_20",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "9 ema / 21 ema cross",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "buy when the close is above the 20 day SMA, sell after 2 months",
        "AAPL",
        entry="close > sma_20",
        exit_after_bars=42,
        echo=["2 months read as 42 daily bars (21 per month)"],
    ),
    read(
        "buy when RSI(14) < 30, sell after 3 weeks",
        "AAPL",
        entry="rsi_14 < 30",
        exit_after_bars=15,
        echo=["3 weeks read as 15 daily bars (5 per week)"],
    ),
    read(
        "buy when RSI(2) < 10 and hold for 1 week",
        "AAPL",
        entry="rsi_2 < 10",
        exit_after_bars=5,
        echo=["1 week read as 5 daily bars (5 per week)"],
    ),
    read(
        "buy on a 20 day high, hold for a month",
        "AAPL",
        entry="close > highest_20",
        exit_after_bars=21,
        echo=["1 month read as 21 daily bars (21 per month)"],
    ),
    read(
        "buy when the close is above the 10 month SMA, sell when it is below",
        "AAPL",
        entry="close > sma_210",
        exit="close < sma_210",
    ),
    read(
        "buy when the 12 month rate of change is positive, sell when it is negative",
        "AAPL",
        entry="roc_252 > 0",
        exit="roc_252 < 0",
    ),
    read(
        "buy when the close is above the 40 week moving average, sell when below",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    read(
        "buy when RSI(14) drops below 30, exit after 10 trading days",
        "AAPL",
        entry="rsi_14 x< 30",
        exit_after_bars=10,
    ),
    read(
        "buy when RSI(14) drops below 30, exit after 10 sessions",
        "AAPL",
        entry="rsi_14 x< 30",
        exit_after_bars=10,
    ),
    read(
        "buy when RSI(14) drops below 30, exit after 10 bars",
        "AAPL",
        entry="rsi_14 x< 30",
        exit_after_bars=10,
    ),
    read(
        "buy when the 50 day SMA crosses above the 200 day SMA, sell after 1 year",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit_after_bars=252,
        echo=["1 year read as 252 daily bars (252 per year)"],
    ),
    read(
        "buy when RSI(14) drops below 30, hold for two weeks",
        "AAPL",
        entry="rsi_14 x< 30",
        exit_after_bars=10,
        echo=["2 weeks read as 10 daily bars (5 per week)"],
    ),
    read(
        "ema 9/21 cross, 2% stop",
        "AAPL",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        stop_loss_pct=2.0,
        echo=[
            "A crossover named without 'buy' or 'sell' is traded both ways: long on the cross up, "
            "flat on the cross down"
        ],
    ),
    read(
        "macd crosses up buy, crosses down sell",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    read(
        "buy when macd crosses up, sell when macd crosses down",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    read("rsi 2 below 10 buy, above 70 sell", "AAPL", entry="rsi_2 < 10", exit="rsi_2 > 70"),
    read("buy when rsi 2 < 5, sell when rsi 2 > 70", "AAPL", entry="rsi_2 < 5", exit="rsi_2 > 70"),
    read("buy when rsi(2) under 10, sell over 90", "AAPL", entry="rsi_2 < 10", exit="rsi_2 > 90"),
    read(
        "long when ema 9 > ema 21, flat when ema 9 < ema 21",
        "AAPL",
        entry="ema_9 > ema_21",
        exit="ema_9 < ema_21",
    ),
    read(
        "buy when close > sma 200 and rsi 2 < 10, sell when close > sma 5",
        "AAPL",
        entry="close > sma_200 & rsi_2 < 10",
        exit="close > sma_5",
    ),
    read(
        "buy sma 50/200 golden cross", "AAPL", entry="sma_50 x> sma_200", exit="sma_50 x< sma_200"
    ),
    read(
        "buy when stoch %K < 20, sell when %K > 80",
        "AAPL",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
    ),
    read("buy when RSI(14) < 30; stop loss at -2%", "AAPL", entry="rsi_14 < 30", stop_loss_pct=2.0),
    read(
        "buy when RSI(14) < 30; stop at -3%, target +6%",
        "AAPL",
        entry="rsi_14 < 30",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    read(
        "buy when the price drops by more than 5% in a day, sell after 5 days",
        "AAPL",
        entry="roc_1 < -5",
        exit_after_bars=5,
    ),
    read(
        "buy when the stock falls more than 3% in one day and sell two days later",
        "AAPL",
        entry="roc_1 < -3",
        exit_after_bars=2,
    ),
    read(
        "short when the stock rises by more than 4% in a day, cover after 3 days",
        "AAPL",
        short_entry="roc_1 > 4",
        exit_after_bars=3,
        direction="short",
    ),
    read(
        "buy when the stock is down more than 10% over 5 days, sell after 10 days",
        "AAPL",
        entry="roc_5 < -10",
        exit_after_bars=10,
    ),
    read(
        "buy when the close falls at least 2% in a day, sell after 1 day",
        "AAPL",
        entry="roc_1 <= -2",
        exit_after_bars=1,
    ),
    read(
        "buy SPY when it drops by more than 2% on the day, sell the next day",
        "AAPL",
        entry="roc_1 < -2",
        exit_after_bars=1,
        symbol="SPY",
    ),
    read(
        "buy after three down days in a row, sell after five days",
        "AAPL",
        entry="3 down closes",
        exit_after_bars=5,
    ),
    read(
        "buy on a ten-day high, sell on a five-day low",
        "AAPL",
        entry="close > highest_10",
        exit="close < lowest_5",
    ),
    read(
        "buy when the twenty day SMA crosses above the fifty day SMA, sell when it crosses below",
        "AAPL",
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
    ),
    read(
        "buy when the fifty-day moving average is above the two hundred day moving average",
        "AAPL",
        entry="sma_50 > sma_200",
        exit="sma_50 < sma_200",
    ),
    read(
        "buy after four consecutive down closes, sell after two up closes in a row",
        "AAPL",
        entry="4 down closes",
        exit="2 up closes",
    ),
    read(
        "buy on a new fifty-five day high, exit on a twenty day low",
        "AAPL",
        entry="close > highest_55",
        exit="close < lowest_20",
    ),
    read(
        "buy when RSI(14) falls below thirty, sell when it goes above seventy",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    read("buy when RSI(two) is below ten", "AAPL", entry="rsi_2 < 10", exit="rsi_2 > 90"),
    read(
        "hold for ten days after buying when RSI(14) drops below twenty-five",
        "AAPL",
        entry="rsi_14 x< 25",
        exit_after_bars=10,
    ),
    read(
        "Buy the dip",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=5.0,
        echo=[
            "'Buy the dip' read as Botlab's standard 'Buy the dip' strategy: Buy when RSI(14) "
            "drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "buy the dip on AAPL",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=5.0,
        symbol="AAPL",
        echo=[
            "'buy the dip' read as Botlab's standard 'buy the dip' strategy: Buy when RSI(14) "
            "drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "Buy the dips in TSLA over the last 3 years",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=5.0,
        symbol="TSLA",
        period_days=1095,
        echo=[
            "'Buy the dips' read as Botlab's standard 'Buy the dips' strategy: Buy when RSI(14) "
            "drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "dip buying with a 3% stop",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=3.0,
        echo=[
            "'dip buying' read as Botlab's standard 'dip buying' strategy: Buy when RSI(14) drops "
            "below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "Golden cross",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        echo=[
            "'Golden cross' read as Botlab's standard 'Golden cross' strategy: Buy when the "
            "50-day SMA crosses above the 200-day SMA and sell when it crosses back below."
        ],
    ),
    read(
        "golden cross on MSFT since 2012",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        start=date(2012, 1, 1),
        symbol="MSFT",
        echo=[
            "'golden cross' read as Botlab's standard 'golden cross' strategy: Buy when the "
            "50-day SMA crosses above the 200-day SMA and sell when it crosses back below."
        ],
    ),
    read(
        "Death cross",
        "AAPL",
        short_entry="sma_50 x< sma_200",
        short_exit="sma_50 x> sma_200",
        direction="short",
        echo=[
            "'Death cross' read as Botlab's standard 'Death cross' strategy: Short when the "
            "50-day SMA crosses below the 200-day SMA and cover when it crosses back above."
        ],
    ),
    read(
        "death cross on SPY",
        "AAPL",
        short_entry="sma_50 x< sma_200",
        short_exit="sma_50 x> sma_200",
        symbol="SPY",
        direction="short",
        echo=[
            "'death cross' read as Botlab's standard 'death cross' strategy: Short when the "
            "50-day SMA crosses below the 200-day SMA and cover when it crosses back above."
        ],
    ),
    read(
        "Dips in an uptrend",
        "AAPL",
        entry="rsi_14 x< 30 & close > sma_200",
        exit="rsi_14 x> 50",
        echo=[
            "'Dips in an uptrend' read as Botlab's standard 'Dips in an uptrend' strategy: Buy "
            "when RSI(14) falls below 30 but only when the close is above the 200-day SMA. Sell "
            "when RSI(14) climbs back above 50."
        ],
    ),
    read(
        "MACD crossover",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        echo=[
            "'MACD crossover' read as Botlab's standard 'MACD crossover' strategy: When MACD "
            "crosses above its signal line, buy; when it crosses below, sell."
        ],
    ),
    read(
        "macd crossover on IBM",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="IBM",
        echo=[
            "'macd crossover' read as Botlab's standard 'macd crossover' strategy: When MACD "
            "crosses above its signal line, buy; when it crosses below, sell."
        ],
    ),
    read(
        "Bollinger bounce",
        "AAPL",
        entry="close x< bbands_20_2.lower",
        exit="close x> bbands_20_2.middle",
        echo=[
            "'Bollinger bounce' read as Botlab's standard 'Bollinger bounce' strategy: Buy when "
            "the close drops below the lower Bollinger Band; sell when it rises above the middle "
            "band."
        ],
    ),
    read(
        "bollinger band mean reversion on GOOG",
        "AAPL",
        entry="close x< bbands_20_2.lower",
        exit="close x> bbands_20_2.middle",
        symbol="GOOG",
        echo=[
            "'bollinger band mean reversion' read as Botlab's standard 'bollinger band mean "
            "reversion' strategy: Buy when the close drops below the lower Bollinger Band; sell "
            "when it rises above the middle band."
        ],
    ),
    read(
        "20-day breakout",
        "AAPL",
        entry="close > close_highest_20",
        stop_loss_pct=5.0,
        exit_after_bars=10,
        echo=[
            "'20-day breakout' read as Botlab's standard '20-day breakout' strategy: Buy when "
            "price makes a new 20-day closing high. Exit after 10 trading days or at a 5% stop "
            "loss."
        ],
    ),
    read(
        "20 day breakout on AAPL",
        "AAPL",
        entry="close > close_highest_20",
        stop_loss_pct=5.0,
        exit_after_bars=10,
        symbol="AAPL",
        echo=[
            "'20 day breakout' read as Botlab's standard '20 day breakout' strategy: Buy when "
            "price makes a new 20-day closing high. Exit after 10 trading days or at a 5% stop "
            "loss."
        ],
    ),
    read(
        "turtle breakout",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        echo=[
            "'turtle breakout' read as Botlab's standard 'turtle breakout' strategy: Buy when the "
            "close is above the 20-day high and sell when it is below the 10-day low."
        ],
    ),
    read(
        "turtle trading on GOOG",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="GOOG",
        echo=[
            "'turtle trading' read as Botlab's standard 'turtle trading' strategy: Buy when the "
            "close is above the 20-day high and sell when it is below the 10-day low."
        ],
    ),
    read(
        "donchian breakout with a 2% stop",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        stop_loss_pct=2.0,
        echo=[
            "'donchian breakout' read as Botlab's standard 'donchian breakout' strategy: Buy when "
            "the close is above the 20-day high and sell when it is below the 10-day low."
        ],
    ),
    read("mean reversion with RSI 2", "AAPL", entry="rsi_2 x< 30", exit="rsi_2 x> 70"),
    read(
        "mean reversion with RSI(2) on SPY",
        "AAPL",
        entry="rsi_2 x< 30",
        exit="rsi_2 x> 70",
        symbol="SPY",
    ),
    read(
        "Connors RSI(2)",
        "AAPL",
        entry="rsi_2 < 10 & close > sma_200",
        exit="close > sma_5",
        echo=[
            "'Connors RSI(2)' read as Botlab's standard 'Connors RSI(2)' strategy: Buy when "
            "RSI(2) is below 10 and the close is above the 200-day SMA; sell when the close is "
            "above the 5-day SMA."
        ],
    ),
    read(
        "connors rsi 2 on SPY",
        "AAPL",
        entry="rsi_2 < 10 & close > sma_200",
        exit="close > sma_5",
        symbol="SPY",
        echo=[
            "'connors rsi 2' read as Botlab's standard 'connors rsi 2' strategy: Buy when RSI(2) "
            "is below 10 and the close is above the 200-day SMA; sell when the close is above the "
            "5-day SMA."
        ],
    ),
    read(
        "momentum strategy on MSFT",
        "AAPL",
        entry="roc_252 > 0",
        exit="roc_252 < 0",
        symbol="MSFT",
        echo=[
            "No rules were given for momentum: buy while the 252-bar rate of change (12 months of "
            "daily bars by default) is above 0, sell when it is below 0"
        ],
    ),
    read(
        "trend following with a 10% trailing stop",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
        trailing_stop_pct=10.0,
    ),
    read(
        "moving average crossover on AAPL",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="AAPL",
        echo=[
            "'moving average crossover' read as Botlab's standard 'moving average crossover' "
            "strategy: Buy when the 50-day SMA crosses above the 200-day SMA and sell when it "
            "crosses below."
        ],
    ),
    read(
        "ema crossover",
        "AAPL",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
        echo=[
            "'ema crossover' read as Botlab's standard 'ema crossover' strategy: Buy when the "
            "12-day EMA crosses above the 26-day EMA and sell when it crosses below."
        ],
    ),
    read(
        "a breakout strategy on QQQ",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="QQQ",
    ),
    read(
        "something with bollinger bands",
        "AAPL",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.middle",
    ),
    read("a stochastic strategy", "AAPL", entry="stoch_14_3.k x< 20", exit="stoch_14_3.k x> 80"),
    read(
        "buy when the close is below the lower bollinger band and RSI(14) is below 30, sell when "
        "the close is above the middle band",
        "AAPL",
        entry="close < bbands_20_2.lower & rsi_14 < 30",
        exit="close > bbands_20_2.middle",
    ),
    read(
        "short when the close is above the upper bollinger band, cover when it is below the "
        "middle band",
        "AAPL",
        short_entry="close > bbands_20_2.upper",
        short_exit="close < bbands_20_2.middle",
        direction="short",
    ),
    read(
        "buy when the z-score of the close over 20 days is below -2, sell when it is above 0",
        "AAPL",
        entry="zscore_20 < -2",
        exit="zscore_20 > 0",
    ),
    read(
        "buy when the stochastic %K crosses above 20, sell when it crosses below 80",
        "AAPL",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
    ),
    read(
        "long only: buy when the 20 EMA is above the 50 EMA and the close is above the 20 EMA, "
        "sell when the close is below the 50 EMA",
        "AAPL",
        entry="ema_20 > ema_50 & close > ema_20",
        exit="close < ema_50",
    ),
    read(
        "always in the market: long when the 10 day SMA is above the 30 day SMA, short when it is "
        "below",
        "AAPL",
        entry="sma_10 > sma_30",
        short_entry="sma_10 < sma_30",
        direction="always_in",
    ),
    read(
        "go long when the 20 day SMA crosses above the 50 day SMA and go short when it crosses "
        "below",
        "AAPL",
        entry="sma_20 x> sma_50",
        short_entry="sma_20 x< sma_50",
        direction="always_in",
    ),
    read(
        "long and short: buy when RSI(14) < 30, short when RSI(14) > 70",
        "AAPL",
        entry="rsi_14 < 30",
        short_entry="rsi_14 > 70",
        direction="always_in",
    ),
    read(
        "buy when volume is above its 20 day average and the close is up on the day, sell after 3 "
        "days",
        "AAPL",
        entry="volume > volume_sma_20 & close > close[-1]",
        exit_after_bars=3,
    ),
    read(
        "buy when the close is above the 20 day high on high volume, sell on a 10 day low",
        "AAPL",
        entry="close > highest_20 & volume > volume_sma_20",
        exit="close < lowest_10",
    ),
    read(
        "buy when the 14 day rate of change crosses above 0, sell when it crosses below 0",
        "AAPL",
        entry="roc_14 x> 0",
        exit="roc_14 x< 0",
    ),
    read(
        "buy when momentum is positive, sell when it is negative",
        "AAPL",
        entry="roc_10 > 0",
        exit="roc_10 < 0",
    ),
    read(
        "buy when the close is 5% above the 50 day SMA, sell when it falls back below the SMA",
        "AAPL",
        entry="close > sma_50*1.05",
        exit="close x< sma_50",
    ),
    read(
        "buy when the MACD line is above zero and RSI(14) is below 40, sell when RSI(14) is above "
        "70",
        "AAPL",
        entry="macd_12_26_9.macd > 0 & rsi_14 < 40",
        exit="rsi_14 > 70",
    ),
    read(
        "buy when the MACD histogram crosses above zero, sell when it crosses below zero",
        "AAPL",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
    ),
    read(
        "buy when the close is above the 200 day SMA and the 50 day SMA is rising, sell when the "
        "close is below the 200 day SMA",
        "AAPL",
        entry="close > sma_200 & sma_50 > sma_50[-1]",
        exit="close < sma_200",
    ),
    read(
        "buy when RSI(14) is between 40 and 50 and the close is above the 100 day SMA, sell when "
        "RSI(14) is above 75",
        "AAPL",
        entry="(rsi_14 >= 40 & rsi_14 <= 50) & close > sma_100",
        exit="rsi_14 > 75",
    ),
    read(
        "short when RSI(2) is above 95 and the close is below the 200 day SMA, cover when RSI(2) "
        "is below 50",
        "AAPL",
        short_entry="rsi_2 > 95 & close < sma_200",
        short_exit="rsi_2 < 50",
        direction="short",
    ),
    read(
        "buy AAPL when the 20 day ema crosses the 50 day ema, sell when they cross back, 1% "
        "commission",
        "AAPL",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="AAPL",
    ),
    read(
        "buy MSFT when RSI(14) < 30 over the last 5 years with $50,000",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="MSFT",
        period_days=1825,
    ),
    read(
        "buy when RSI(14) < 30, sell when RSI(14) > 70, 2% stop loss, 4% take profit, 10% "
        "trailing stop",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=2.0,
        take_profit_pct=4.0,
        trailing_stop_pct=10.0,
    ),
    read(
        "buy when RSI(14) < 30 using 50% of equity, sell when RSI(14) > 70",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
    read(
        "buy when the close is above the 20 day SMA on hourly bars, sell when it is below",
        "AAPL",
        entry="close > d_sma_20",  # the 20-day SMA: of the daily closes, not of 20 hours
        exit="close < d_sma_20",
        interval="1h",
    ),
    read(
        "buy when RSI(14) crosses above 30 with a 2 ATR stop, sell when RSI(14) crosses above 70",
        "AAPL",
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        atr_stop_multiple=2.0,
    ),
    read(
        "buy on a 20 day high with a 3 ATR trailing stop",
        "AAPL",
        entry="close > highest_20",
        atr_stop_multiple=3.0,
        atr_trailing=True,
    ),
    read(
        "buy GOOG when price breaks above the 50 day high, stop loss 8%, take profit 20%",
        "AAPL",
        entry="close x> highest_50",
        stop_loss_pct=8.0,
        take_profit_pct=20.0,
        symbol="GOOG",
    ),
    read(
        "buy when the close crosses above the 10 day EMA, exit when the close crosses below the "
        "10 day EMA, on IBM since 2005",
        "AAPL",
        entry="close x> ema_10",
        exit="close x< ema_10",
        start=date(2005, 1, 1),
        symbol="IBM",
    ),
    read(
        "buy when RSI(14) drops below 30 and the 20 day SMA is above the 50 day SMA; sell when "
        "RSI(14) goes above 70 or the 20 day SMA crosses below the 50 day SMA",
        "AAPL",
        entry="rsi_14 x< 30 & sma_20 > sma_50",
        exit="rsi_14 x> 70 | sma_20 x< sma_50",
    ),
    read(
        "buy when the %K line crosses above the %D line while both are below 20, sell when %K "
        "crosses below %D above 80",
        "AAPL",
        entry="stoch_14_3.k x> stoch_14_3.d & (stoch_14_3.k < 20 & stoch_14_3.d < 20)",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
    ),
    read(
        "buy when the stock closes lower 3 days in a row, sell when it closes higher 2 days in a "
        "row",
        "AAPL",
        entry="3 down closes",
        exit="2 up closes",
    ),
    read(
        "buy after 2 down days, sell after the first up close",
        "AAPL",
        entry="2 down closes",
        exit="1 up closes",
    ),
    read(
        "short after 4 up days in a row, cover after 3 days",
        "AAPL",
        short_entry="4 up closes",
        exit_after_bars=3,
        direction="short",
    ),
    read(
        "buy when the close is below the 10 day low, sell when the close is above the 5 day high",
        "AAPL",
        entry="close < lowest_10",
        exit="close > highest_5",
    ),
    read(
        "buy when RSI(3) is under 15, sell when RSI(3) is over 85",
        "AAPL",
        entry="rsi_3 < 15",
        exit="rsi_3 > 85",
    ),
    read(
        "buy when RSI(21) crosses above 50, sell when RSI(21) crosses below 50",
        "AAPL",
        entry="rsi_21 x> 50",
        exit="rsi_21 x< 50",
    ),
    read(
        "buy when the 8 EMA crosses above the 13 EMA and the 13 EMA is above the 21 EMA, sell "
        "when the 8 EMA crosses below the 13 EMA",
        "AAPL",
        entry="ema_8 x> ema_13 & ema_13 > ema_21",
        exit="ema_8 x< ema_13",
    ),
    read(
        "buy when the close is above the 20 day Donchian high, sell when it is below the 10 day "
        "Donchian low",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    read(
        "Looking for a backtest of this: enter when the 50 EMA crosses the 200 EMA to the upside, "
        "exit on the cross to the downside",
        "AAPL",
        entry="ema_50 x> ema_200",
        exit="ema_50 x< ema_200",
        echo=["Set aside the title 'Looking for a backtest of this' (a name, not a rule)"],
    ),
    read(
        "yo, buy QQQ when rsi(2) < 5 and sell when it closes above yesterday's high",
        "AAPL",
        entry="rsi_2 < 5",
        exit="close > high[-1]",
        symbol="QQQ",
        echo=["Set aside 'yo,' (not a trading rule)"],
    ),
    read(
        "buy when the price is below the 20 day lower bollinger band, sell when it gets back to "
        "the middle band",
        "AAPL",
        entry="close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    read(
        "Long entry: RSI(14) crosses above 30. Long exit: RSI(14) crosses above 70 or 10 bars pass",
        "AAPL",
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        exit_after_bars=10,
    ),
    read(
        "Entry: close above 20-day high. Exit: close below 10-day low. Stop: 2 ATR.",
        "AAPL",
        entry="close > highest_20",
        exit="close < lowest_10",
        atr_stop_multiple=2.0,
    ),
    read(
        "buy when MACD turns positive, sell when MACD turns negative",
        "AAPL",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
    ),
    read(
        "go long on a bullish MACD crossover below zero, exit on a bearish crossover",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & macd_12_26_9.macd < 0",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    read(
        "buy if the 3 day RSI falls under 20 and the close is above the 200 sma; exit when close "
        "is above the 5 sma",
        "AAPL",
        entry="rsi_3 x< 20 & close > sma_200",
        exit="close > sma_5",
    ),
    read(
        "Can u backtest buying when price closes below the lower BB and selling when it closes "
        "above the upper BB",
        "AAPL",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.upper",
    ),
    read(
        "sell short when the 20 day sma crosses under the 50 day sma, buy back when it crosses "
        "over",
        "AAPL",
        short_entry="sma_20 x< sma_50",
        short_exit="sma_20 x> sma_50",
        direction="short",
    ),
    read(
        "when price dips below the 50 day ema buy, when it rises above the 20 day ema sell",
        "AAPL",
        entry="close x< ema_50",
        exit="close x> ema_20",
    ),
    read(
        "buy when the 10 day sma is above the 50 day sma and the 50 day sma is above the 200 day "
        "sma; sell when the 10 day sma drops below the 50 day sma",
        "AAPL",
        entry="sma_10 > sma_50 & sma_50 > sma_200",
        exit="sma_10 x< sma_50",
    ),
    read(
        "I want to buy when the RSI is oversold and sell when its overbought",
        "AAPL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    read(
        "buy 2 percent below the 20 day moving average, sell at the moving average",
        "AAPL",
        entry="close < sma_20*0.98",
        exit="close >= sma_20",
    ),
    read(
        "long when price > 200dma, else flat",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    read(
        "buy when RSI 14 < 30 AND close > SMA 200, sell when RSI 14 > 70",
        "AAPL",
        entry="rsi_14 < 30 & close > sma_200",
        exit="rsi_14 > 70",
    ),
    read(
        "Buy SPY at a 5-day low if it's above its 200-day MA. Sell at a 5-day high.",
        "AAPL",
        entry="close <= lowest_5 & close > sma_200",
        exit="close >= highest_5",
        symbol="SPY",
    ),
    read(
        "exit after five bars. entry: three lower closes in a row",
        "AAPL",
        entry="3 down closes",
        exit_after_bars=5,
    ),
    read(
        "buy on the golden cross and sell on the death cross, with a ten percent stop",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        stop_loss_pct=10.0,
    ),
    read(
        "buy when the 20 ema crosses above the 50 ema and rsi is above 50, exit on the opposite "
        "cross",
        "AAPL",
        entry="ema_20 x> ema_50 & rsi_14 > 50",
        exit="ema_20 x< ema_50",
    ),
    read(
        "go long when the close breaks out above the 50 day high, exit on a close under the 25 "
        "day low",
        "AAPL",
        entry="close x> highest_50",
        exit="close < lowest_25",
    ),
    read(
        "stop loss 3%. take profit 9%. buy when rsi(7) < 20.",
        "AAPL",
        entry="rsi_7 < 20",
        stop_loss_pct=3.0,
        take_profit_pct=9.0,
    ),
    read(
        "when RSI(14) hits 30 buy and when it hits 70 sell",
        "AAPL",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
    ),
    read(
        "sell everything when the 50 day sma crosses under the 200 day sma, buy when it crosses "
        "back over",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
    ),
    read(
        "buy when the 20 day high is broken with volume twice the average, sell after 5 days",
        "AAPL",
        entry="close x> highest_20 & volume >= volume_sma_20*2",
        exit_after_bars=5,
    ),
    read(
        "buy on a close above the upper band, sell on a close below the lower band",
        "AAPL",
        entry="close > bbands_20_2.upper",
        exit="close < bbands_20_2.lower",
    ),
    read(
        "buy when RSI(14) crosses 50 from below and MACD is above its signal, exit when RSI(14) "
        "crosses 50 from above",
        "AAPL",
        entry="rsi_14 x> 50 & macd_12_26_9.macd > macd_12_26_9.signal",
        exit="rsi_14 x< 50",
    ),
    read(
        "buy whenever the stock closes up 3 days straight and sell whenever it closes down 2 days "
        "straight",
        "AAPL",
        entry="3 up closes",
        exit="2 down closes",
    ),
    read(
        "long only. entry when RSI(2) < 10. exit when RSI(2) > 50. stop 5%.",
        "AAPL",
        entry="rsi_2 < 10",
        exit="rsi_2 > 50",
        stop_loss_pct=5.0,
    ),
    read(
        "enter when fast ema (12) crosses slow ema (26), exit on reverse cross",
        "AAPL",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    read(
        "buy every time the price drops 2% below the 10 day ema, sell when it gets back to the ema",
        "AAPL",
        entry="close x< ema_10*0.98",
        exit="close >= ema_10",
    ),
    read(
        "buy when the 9 ema crosses the 21 ema, take profit at 6%, stop at 3%",
        "AAPL",
        entry="ema_9 x> ema_21",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    read(
        "sell when RSI(14) > 70, buy back when RSI(14) < 30",
        "AAPL",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
    ),
    read(
        "rsi(14) 30/70",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        echo=[
            "'rsi(14) 30/70' read as: buy when it crosses below 30, sell when it crosses above 70"
        ],
    ),
    read("RSI 30/70 on SPY", "AAPL", entry="rsi_14 x< 30", exit="rsi_14 x> 70", symbol="SPY"),
    read("buy and sell on RSI(14) 30/70", "AAPL", entry="rsi_14 x< 30", exit="rsi_14 x> 70"),
    read(
        "RSI(2) 10/90 with a 3% stop",
        "AAPL",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 90",
        stop_loss_pct=3.0,
    ),
    read("stochastic 20/80", "AAPL", entry="stoch_14_3.k x< 20", exit="stoch_14_3.k x> 80"),
    read(
        "if the close is above the 200 day sma go long, if it's below go short",
        "AAPL",
        entry="close > sma_200",
        short_entry="close < sma_200",
        direction="always_in",
    ),
    read(
        "if the close is above the 200 day sma go long, if it is below sell",
        "AAPL",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    read(
        "enter on a close above the 20 day EMA, exit on a close below the 20 day EMA, max 20 days "
        "in trade",
        "AAPL",
        entry="close > ema_20",
        exit="close < ema_20",
        exit_after_bars=20,
    ),
    read(
        "buy when RSI(2) < 10, hold at most 5 days", "AAPL", entry="rsi_2 < 10", exit_after_bars=5
    ),
    read(
        "buy when RSI(5) falls below 20 and sell 3 days later or when RSI(5) goes above 80",
        "AAPL",
        entry="rsi_5 x< 20",
        exit="rsi_5 x> 80",
        exit_after_bars=3,
    ),
    read(
        "go long if price closes above the 50ma and exit if it closes under it",
        "AAPL",
        entry="close > sma_50",
        exit="close < sma_50",
    ),
    read(
        "buy when RSI(14) dips under 30 then sell when it pops over 70",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
    ),
    read(
        "Buy signal when MACD crosses signal from below; sell signal when MACD crosses signal "
        "from above",
        "AAPL",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    read(
        "trade the golden cross on SPY",
        "AAPL",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
        echo=[
            "'the golden cross' read as Botlab's standard 'the golden cross' strategy: Buy when "
            "the 50-day SMA crosses above the 200-day SMA and sell when it crosses back below."
        ],
    ),
    # -- a conjunction over operands: "above both A and B", "below both" -----------------------
    read(
        "buy when price is above both the 50 and 200 day SMA, sell when it is below both",
        "AAPL",
        entry="close > sma_50 & close > sma_200",
        exit="close < sma_50 & close < sma_200",
    ),
    read(
        "go long when price closes above both the 20 and 50 EMA, exit when it closes below both",
        "MSFT",
        entry="close > ema_20 & close > ema_50",
        exit="close < ema_20 & close < ema_50",
    ),
    read(
        "buy when the close is above both the 50-day and 200-day SMAs and RSI(14) is below 40, "
        "sell when RSI(14) is above 70",
        "GOOG",
        entry="(close > sma_50 & close > sma_200) & rsi_14 < 40",
        exit="rsi_14 > 70",
    ),
    # -- "buy on dips": the named strategy, its rules said in the echo --------------------------
    read(
        "buy on dips",
        "AAPL",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=5.0,
        echo=[
            "'buy on dips' read as Botlab's standard 'buy on dips' strategy: Buy when RSI(14) "
            "drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    read(
        "Buy on the dip in MSFT with a 3% stop",
        "MSFT",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=3.0,
        symbol="MSFT",
        echo=[
            "'Buy on the dip' read as Botlab's standard 'Buy on the dip' strategy: Buy when "
            "RSI(14) drops below 30 and sell when it rises above 70, with a 5% stop loss."
        ],
    ),
    # -- found by descriptions Botlab had never seen (each was refused, partly read or misread) ---
    read(  # a trailing "only ..." after the sell rule restricts the entries, not the exits
        "rsi(3) < 15 buy, rsi(3) > 85 sell, only above the 200 day",
        "AAPL",
        entry="rsi_3 < 15 & close > sma_200",
        exit="rsi_3 > 85",
    ),
    read(
        "short when RSI(14) > 70, cover when RSI(14) < 50, only below the 200 day sma",
        "IBM",
        direction="short",
        short_entry="rsi_14 > 70 & close < sma_200",
        short_exit="rsi_14 < 50",
    ),
    read(  # covering a short "at the middle band" is the price rising back to it
        "short the stock when it closes below the lower bollinger band and %b is under 0, cover "
        "at the middle band",
        "MSFT",
        direction="short",
        short_entry="close < bbands_20_2.lower & pctb_20_2 < 0",
        short_exit="close >= bbands_20_2.middle",
    ),
    read(
        "Mean reversion on SPY: long when %B < 0, out when %B > 0.5",
        "AAPL",
        entry="pctb_20_2 < 0",
        exit="pctb_20_2 > 0.5",
        symbol="SPY",
    ),
    read(
        "buy when cci crosses above -100, sell when cci crosses below +100, 4% stop",
        "GOOG",
        entry="cci_20 x> -100",
        exit="cci_20 x< 100",
        stop_loss_pct=4.0,
    ),
    read(
        "long when price > both 20 & 50 ema, flat when below the 20 ema",
        "MSFT",
        entry="close > ema_20 & close > ema_50",
        exit="close < ema_20",
    ),
    read(
        "buy when close is above the upper keltner channel, exit when it drops back under the "
        "middle line",
        "AAPL",
        entry="close > keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.middle",
    ),
    read(
        "hammer at a 20 day low = buy, sell after 3 bars",
        "MSFT",
        entry="hammer > 0 & low < lowest_20",
        exit=None,
        exit_after_bars=3,
    ),
    read(
        "buy the dip on QQQ w/ 10% stop and 20% target",
        "IBM",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        stop_loss_pct=10.0,
        take_profit_pct=20.0,
        symbol="QQQ",
    ),
    read(  # a close beyond a band and a squeeze in one rule: the squeeze is the bar before's
        "buy when price closes above upper keltner and the squeeze was on, exit after 8 bars",
        "GOOG",
        entry="close > keltner_20_2_10.upper & squeeze[-1] > 0",
        exit=None,
        exit_after_bars=8,
    ),
    read(  # a unit written once is every length's: 10 weeks and 30 weeks, each stated
        "go long when the close is above both the 10 and 30 week moving averages, exit below the "
        "10 week",
        "MSFT",
        entry="close > sma_50 & close > sma_150",
        exit="close < sma_50",
        echo=[
            "10 week read as 50 daily bars (5 per week)",
            "30 week read as 150 daily bars (5 per week)",
        ],
    ),
    read(
        "short on a bearish engulfing when RSI is above 70, cover after 3 days or at 4% profit",
        "AAPL",
        direction="short",
        short_entry="bearish_engulfing > 0 & rsi_14 > 70",
        short_exit=None,
        take_profit_pct=4.0,
        exit_after_bars=3,
    ),
    read(
        "buy whenever price drops 3% or more in a day, sell after 2 days",
        "AAPL",
        entry="roc_1 <= -3",
        exit=None,
        exit_after_bars=2,
    ),
    read(
        "squeeze play: when BB are inside KC and price pops above the upper BB go long, exit on "
        "a close under the 20 sma",
        "AAPL",
        entry="squeeze[-1] > 0 & close x> bbands_20_2.upper",
        exit="close < sma_20",
    ),
]


@pytest.mark.parametrize(("text", "data", "expect"), FORUM_CASES)
def test_forum_description_is_read_as_written_and_trades(text: str, data: str, expect: dict):
    assert_read_and_traded(text, data, expect)


def test_the_forum_table_covers_every_phrasing():
    texts = [p.values[0] for p in FORUM_CASES]
    assert len(texts) >= 200
    assert len(set(texts)) == len(texts)
    assert not set(texts) & {p.values[0] for p in CASES}
    joined = " ".join(texts).lower()
    for phrase in (
        "hi!",
        "thanks",
        "strategy:",
        "bellow",
        "ema 9/21 cross",
        "macd crosses up",
        "rsi 2",
        "sma 50/200",
        "rsi(14) 30/70",
        "-2%",
        "by more than 5%",
        "three down days",
        "ten-day high",
        "or if it closes above",
        "close when",
        "cover when",
        "get out",
        "flat when",
        "trade the 9/21 ema cross",
        "after 2 months",
        "trading days",
        "sessions",
        "weeks",
        "1 year",
        "buy the dip",
        "golden cross",
        "death cross",
        "turtle breakout",
        "mean reversion with rsi 2",
    ):
        assert phrase in joined, phrase
