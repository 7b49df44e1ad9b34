"""The offline compiler on fresh descriptions (issue 10, helper fresh14a): indicators and
oscillators, combos of conditions, crossovers, compound exits in any order and stops or targets
said many ways, measured on descriptions Botlab had never seen. Each row is a phrasing family
that was misread or left unread: a target and a stop said as moves from the entry price ("exit
15% above entry or 5% below"), a chart written "15min" (minutes, not a 15-bar minimum), a band
reached with its subject left out (the price, not an average named before).

Each row states what a careful reader takes from the sentence (the notation of
``tests/generation/rules_support.py``) and the words reported back; every accepted row is
compiled and backtested on bundled data by ``check_reading``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand

from .generation.support import bars, description_of
from .test_generation_descriptions_rules import case, check_reading
from .test_generation_indicators import (
    SYMBOLS,
    WARM_UP,
    assert_no_look_ahead,
    functions,
    ohlcv,
    same,
)
from .test_generation_rules import backtest, compiled, same_trades, sma

talib = pytest.importorskip("talib")

#: The MACD histogram rising on each of the last 3 bars, falling on each of the last 2
H3 = (
    "macd_12_26_9.hist[-2] > macd_12_26_9.hist[-3] & macd_12_26_9.hist[-1] > "
    "macd_12_26_9.hist[-2] & macd_12_26_9.hist > macd_12_26_9.hist[-1]"
)
H2 = "macd_12_26_9.hist[-1] < macd_12_26_9.hist[-2] & macd_12_26_9.hist < macd_12_26_9.hist[-1]"

CASES = [
    # A target and a stop as moves from the entry price
    case(
        "Enter long on a bullish MACD crossover while the stochastic is below 30, exit 15% above "
        "entry or 5% below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & stoch_14_3.k < 30",
        take_profit_pct=15.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, sell 10% above entry or 5% below entry",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi<30, close the trade 8% over my entry or 4% under",
        entry="rsi_14 < 30",
        take_profit_pct=8.0,
        stop_loss_pct=4.0,
    ),
    case(
        "buy when rsi<30 and sell it 10% above the purchase price",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
    ),
    case("buy when rsi < 30, exit 5% below entry", entry="rsi_14 < 30", stop_loss_pct=5.0),
    # Minutes written "min" before a chart word
    case(
        "on the 15min chart buy when rsi < 30 and sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="15m",
    ),
    case(
        "buy when rsi < 30 and sell when rsi > 70 on 15 min bars",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="15m",
    ),
    # A band reached with its subject left out is reached by the price
    case(
        "buy when close < lower bollinger band and the 50 ema is rising, take profit at the upper "
        "band",
        entry="close < bbands_20_2.lower & ema_50 > ema_50[-1]",
        exit="close >= bbands_20_2.upper",
    ),
    case(
        "buy when the 50 ema is rising, sell at the upper bollinger band",
        entry="ema_50 > ema_50[-1]",
        exit="close >= bbands_20_2.upper",
    ),
    case(
        "buy when the 20 ema is above the 50 ema, exit at the lower keltner band",
        entry="ema_20 > ema_50",
        exit="close <= keltner_20_2_10.lower",
    ),
    # A state held for several bars: "at least", "straight", "in row", after a level word
    case(
        "buy when rsi has been below 30 for at least 3 days, sell when rsi > 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "I like to buy when the RSI on the daily has been below 30 for at least 3 days, and sell "
        "when it crosses back above 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 x> 50",
        interval="1d",
    ),
    case(
        "buy when rsi stays below 30 for 3 days in row, sell when rsi > 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "when the 20-period CCI has been above zero for 3 straight bars buy; sell when cci drops "
        "under -50",
        entry="cci_20[-2] > 0 & cci_20[-1] > 0 & cci_20 > 0",
        exit="cci_20 x< -50",
    ),
    case(
        "buy when rsi has been oversold for 2 days in a row, sell when rsi > 50",
        entry="rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "buy when macd is positive for 3 days, sell when macd is negative",
        entry="macd_12_26_9.macd[-2] > 0 & macd_12_26_9.macd[-1] > 0 & macd_12_26_9.macd > 0",
        exit="macd_12_26_9.macd < 0",
    ),
    # ... after a band: the days are the state's, not the band's length
    case(
        "buy when the close is above the upper keltner channel for two days in a row, sell when "
        "close < middle keltner",
        entry="close[-1] > keltner_20_2_10.upper[-1] & close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
    ),
    case(
        "buy when close > upper bollinger band for 2 consecutive days, sell after 5 days",
        entry="close[-1] > bbands_20_2.upper[-1] & close > bbands_20_2.upper",
        exit_after_bars=5,
    ),
    # A run of closes said with "go up"/"go down"
    case(
        "if price is going up for 5 days in row i buy and i sell when it go down 2 days",
        entry="5 up closes",
        exit="2 down closes",
    ),
    case(
        "buy after the price rises for 4 days in row, sell after 2 down days",
        entry="4 up closes",
        exit="2 down closes",
    ),
    case(
        "buy when the stock goes up 3 days, sell when it goes down 2 days",
        entry="3 up closes",
        exit="2 down closes",
    ),
    # Indicators added: Chaikin Money Flow, the Hull moving average, TRIX, Aroon
    case(
        "Chaikin money flow above 0.1 buy, below -0.1 sell",
        entry="cmf_20 > 0.1",
        exit="cmf_20 < -0.1",
    ),
    case(
        "buy when CMF(21) crosses above zero, sell when it crosses below -0.05",
        entry="cmf_21 x> 0",
        exit="cmf_21 x< -0.05",
    ),
    case(
        "go long when the chaikin money flow is positive and rsi > 50, exit when cmf is negative",
        entry="cmf_20 > 0 & rsi_14 > 50",
        exit="cmf_20 < 0",
    ),
    case(
        "buy when the hull moving average turns up and sell when it turns down",
        entry="hma_9 > hma_9[-1]",
        exit="hma_9 < hma_9[-1]",
    ),
    case(
        "buy when price crosses above the 55 hull moving average, sell when it crosses below",
        entry="close x> hma_55",
        exit="close x< hma_55",
    ),
    case(
        "buy when the 9 hma crosses above the 21 hma, sell on the opposite cross",
        entry="hma_9 x> hma_21",
        exit="hma_9 x< hma_21",
    ),
    case(
        "close > hma(20) buy, close < hma(20) sell",
        entry="close > hma_20",
        exit="close < hma_20",
    ),
    case(
        "Going long when TRIX crosses above zero, exit when it crosses below.",
        entry="trix_15 x> 0",
        exit="trix_15 x< 0",
    ),
    case(
        "buy when trix(12) turns positive, sell when trix turns negative",
        entry="trix_12 x> 0",
        exit="trix_12 x< 0",
    ),
    case(
        "aroon up crosses above aroon down -> buy, vice versa -> sell",
        entry="aroon_25.up x> aroon_25.down",
        exit="aroon_25.up x< aroon_25.down",
    ),
    case(
        "long when aroon up > 70 and aroon down < 30, exit when aroon down crosses above aroon up",
        entry="aroon_25.up > 70 & aroon_25.down < 30",
        exit="aroon_25.down x> aroon_25.up",
    ),
    case(
        "buy when the aroon oscillator is above 50, sell when it drops below 0",
        entry="aroon_25.oscillator > 50",
        exit="aroon_25.oscillator x< 0",
    ),
    # A slope said of "it" after a price line is that line's
    case(
        "buy when the supertrend line is rising and sell when it is falling",
        entry="supertrend_10_3.line > supertrend_10_3.line[-1]",
        exit="supertrend_10_3.line < supertrend_10_3.line[-1]",
    ),
    # A condition no entry may meet: an entry filter on the other side of it
    case(
        "buy when rsi < 30, sell when rsi > 70, don't buy when the close is below the 200 sma",
        entry="rsi_14 < 30 & close >= sma_200",
        exit="rsi_14 > 70",
    ),
    case(
        "don't trade when adx is below 20. buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30 & adx_14.adx >= 20",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when rsi < 30 but not if the close is below the 200 sma, sell when rsi > 70",
        entry="rsi_14 < 30 & close >= sma_200",
        exit="rsi_14 > 70",
    ),
    case(
        "no trades when ATR% is above 3. buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30 & atr_pct_14 <= 3",
        exit="rsi_14 > 70",
    ),
    case(
        "If ATR(14) is more than 3% of the close dont trade. Otherwise buy when the close is "
        "above the 100 ema; sell at 8% profit",
        entry="close > ema_100 & atr_pct_14 <= 3",
        take_profit_pct=8.0,
    ),
    case(
        "if adx < 20 don't trade, otherwise buy when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30 & adx_14.adx >= 20",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when rsi < 30 unless adx > 40, sell when rsi > 70",
        entry="rsi_14 < 30 & adx_14.adx <= 40",
        exit="rsi_14 > 70",
    ),
    case(
        "when adx is under 20 stay out; buy when close crosses above the 20 ema, sell when it "
        "crosses below",
        entry="close x> ema_20 & adx_14.adx >= 20",
        exit="close x< ema_20",
    ),
    case(
        "buy when the 10 ema crosses above the 30 ema except when the close is below the 200 "
        "sma, sell on the opposite cross",
        entry="ema_10 x> ema_30 & close >= sma_200",
        exit="ema_10 x< ema_30",
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, never buy if the close is 10% below the 50 sma",
        entry="rsi_14 < 30 & close >= sma_50*0.9",
        exit="rsi_14 > 70",
    ),
    case(  # a crossing has no one-rule opposite: reported, not guessed
        "buy when rsi < 30, sell when rsi > 70, don't trade when rsi crosses 50",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        not_understood=["when rsi crosses 50"],
    ),
    # A level said of several oscillators at once
    case(
        "buy when rsi and stochastic are both oversold, sell when either is overbought",
        entry="rsi_14 < 30 & stoch_14_3.k < 20",
        exit="rsi_14 > 70 | stoch_14_3.k > 80",
    ),
    case(
        "buy when rsi and stochastic are both oversold (rsi<30, stoch k<20). sell when either is "
        "overbought",
        entry="rsi_14 < 30 & stoch_14_3.k < 20",
        exit="rsi_14 > 70 | stoch_14_3.k > 80",
    ),
    case(
        "buy when rsi < 30 and stoch k < 20, sell when either is overbought",
        entry="rsi_14 < 30 & stoch_14_3.k < 20",
        exit="rsi_14 > 70 | stoch_14_3.k > 80",
    ),
    case(
        "buy when rsi and mfi are oversold, sell when either of them is overbought",
        entry="rsi_14 < 30 & mfi_14 < 20",
        exit="rsi_14 > 70 | mfi_14 > 80",
    ),
    case(
        "buy when rsi < 30 and cci < -100, exit when any of them is overbought",
        entry="rsi_14 < 30 & cci_20 < -100",
        exit="rsi_14 > 70 | cci_20 > 100",
    ),
    case(
        "long when mfi and rsi are both below 30, exit when both are above 60",
        entry="mfi_14 < 30 & rsi_14 < 30",
        exit="mfi_14 > 60 & rsi_14 > 60",
    ),
    case(
        "buy when rsi < 30 and mfi < 20, sell when either is above 70",
        entry="rsi_14 < 30 & mfi_14 < 20",
        exit="rsi_14 > 70 | mfi_14 > 70",
    ),
    case(
        "buy when rsi and stochastic are oversold, sell when both are overbought",
        entry="rsi_14 < 30 & stoch_14_3.k < 20",
        exit="rsi_14 > 70 & stoch_14_3.k > 80",
    ),
    # The fast stochastic against the slow one is %K against %D
    case(
        "buy when the fast stochastic crosses above the slow stochastic below 20, sell on the "
        "opposite cross above 80",
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
    ),
    case(
        "The strategy enters a long position when the fast stochastic crosses above the slow "
        "stochastic in oversold territory (below 20) and exits when the opposite cross occurs in "
        "overbought territory (above 80).",
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
    ),
    # "only when" after a buy and a sell said together restricts both
    case(
        "buy when rsi < 30 and sell when rsi > 70 only when adx < 20",
        entry="rsi_14 < 30 & adx_14.adx < 20",
        exit="rsi_14 > 70 & adx_14.adx < 20",
    ),
    case(
        "ADX under 20 means range: buy at lower BB and sell at upper BB only when adx < 20",
        entry="close <= bbands_20_2.lower & adx_14.adx < 20",
        exit="close >= bbands_20_2.upper & adx_14.adx < 20",
    ),
    case(  # said after its own sentence part, it stays the sell's
        "buy when rsi < 30, sell when rsi > 70 but only if the close is above the 200 sma",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 & close > sma_200",
    ),
    # Real words written for others ("less then", "stop lose"), echoed
    case(
        "buy when rsi is less then 30 , sell when rsi more then 70 , stop lose 5 percents",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when the close is higher then the 50 sma, sell when it is lower then the 50 sma",
        entry="close > sma_50",
        exit="close < sma_50",
    ),
    # A stop in brackets, and a stop that is hit
    case(
        "exit when price hits the trailing stop (7%) or RSI > 80, entry when RSI < 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 80",
        trailing_stop_pct=7.0,
    ),
    case("buy when rsi < 30, trailing stop (5%)", entry="rsi_14 < 30", trailing_stop_pct=5.0),
    case(
        "buy when rsi < 30, sell when rsi > 70, stop loss (3%), take profit (9%)",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=3.0,
        take_profit_pct=9.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70 or when price hits a 5% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, exit if it hits the 8% trailing stop",
        entry="rsi_14 < 30",
        trailing_stop_pct=8.0,
    ),
    # "take profit when ..." a move of the trade
    case(
        "buy when rsi < 30, take profit when price rises 20%",
        entry="rsi_14 < 30",
        take_profit_pct=20.0,
    ),
    case(
        "buy when rsi < 30, take profit when it's up 20%",
        entry="rsi_14 < 30",
        take_profit_pct=20.0,
    ),
    case(
        "I want a strategy that goes long when the Donchian channel (20) upper band is broken, "
        "with a stop at the lower band of a 10 day channel, and take profit when price rises 20%",
        entry="close x> highest_20",
        exit="close <= lowest_10",
        take_profit_pct=20.0,
    ),
    case(
        "buy when rsi < 30, take profit when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    # Below a level "then back above" it is a crossing back
    case(
        "Williams %R below -80 then back above -80 is my entry; exit once it gets above -20",
        entry="willr_14 x> -80",
        exit="willr_14 x> -20",
    ),
    case(
        "buy when rsi goes below 30 and then back above 30, sell when rsi > 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when cci is under -100 and then comes back above -100, sell when cci > 100",
        entry="cci_20 x> -100",
        exit="cci_20 > 100",
    ),
    # A crossing by a margin
    case(
        "go long when close > 50 ema, sell when price falls under the 50 ema by 0.5%",
        entry="close > ema_50",
        exit="close x< ema_50*0.995",
    ),
    case(
        "buy when close drops below the 20 sma by 2%, sell when close > 20 sma",
        entry="close x< sma_20*0.98",
        exit="close > sma_20",
    ),
    case(
        "buy when price crosses above the 50 ema by 1%, sell when it crosses below the 50 ema",
        entry="close x> ema_50*1.01",
        exit="close x< ema_50",
    ),
    # An indicator rising or falling for several bars (each bar against the one before)
    case(
        "buy when the macd histogram has risen 3 bars in a row, sell when it falls 2 bars in a row",
        entry=H3,
        exit=H2,
    ),
    case(
        "long when the macd histogram has risen 3 bars in a row, out when it falls for two bars",
        entry=H3,
        exit=H2,
    ),
    case(
        "buy when the macd histogram is rising for 3 bars, sell when the histogram is falling",
        entry=H3,
        exit="macd_12_26_9.hist < macd_12_26_9.hist[-1]",
    ),
    case(
        "buy when obv rises 3 days in a row and close > 50 sma, sell when obv falls 3 days",
        entry="obv[-2] > obv[-3] & obv[-1] > obv[-2] & obv > obv[-1] & close > sma_50",
        exit="obv[-2] < obv[-3] & obv[-1] < obv[-2] & obv < obv[-1]",
    ),
    case(
        "buy when rsi < 30, sell when it rises 3 days in a row",
        entry="rsi_14 < 30",
        exit="rsi_14[-2] > rsi_14[-3] & rsi_14[-1] > rsi_14[-2] & rsi_14 > rsi_14[-1]",
    ),
    # Beyond a level "and crossing" back over it is that crossing; Stochastic RSI levels 0-1
    case(
        "Stoch RSI below 0.2 and crossing up = long. above 0.8 = exit.",
        entry="stochrsi_14_14_3_3.k x> 20",
        exit="stochrsi_14_14_3_3.k > 80",
    ),
    case(
        "Stoch RSI below 20 and crossing up = long. above 80 = exit.",
        entry="stochrsi_14_14_3_3.k x> 20",
        exit="stochrsi_14_14_3_3.k > 80",
    ),
    case(
        "buy when rsi is below 30 and crossing up, sell when rsi > 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when stoch rsi crosses above 0.2, sell when it goes above 0.8",
        entry="stochrsi_14_14_3_3.k x> 20",
        exit="stochrsi_14_14_3_3.k x> 80",
    ),
    # Back inside the bands: the close crossing back over the band the entry went beyond
    case(
        "buy when close > upper bollinger band, sell when the close is back inside the bands",
        entry="close > bbands_20_2.upper",
        exit="close x< bbands_20_2.upper",
    ),
    case(
        "buy when close > upper keltner channel, sell on the first close back inside the channel",
        entry="close > keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.upper",
    ),
    case(
        "buy when close < lower bollinger band, sell when price closes back inside the band",
        entry="close < bbands_20_2.lower",
        exit="close x> bbands_20_2.lower",
    ),
    case(
        "Buy when the daily close is above the Keltner upper channel for two days in a row. Sell "
        "after the first close back inside the channel.",
        entry="close[-1] > keltner_20_2_10.upper[-1] & close > keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.upper",
        interval="1d",
    ),
    # The Parabolic SAR's dots against the candles (the price)
    case(
        "buy when sar dots are below the candles, sell when the dots are above the candles",
        entry="psar_0_02_0_2 < close",
        exit="psar_0_02_0_2 > close",
    ),
    case(
        "buy when the parabolic sar is below the candles, sell when it is above the candles",
        entry="psar_0_02_0_2 < close",
        exit="psar_0_02_0_2 > close",
    ),
    # "the 20 day average ATR" after the ATR: the ATR's own average
    case(
        "buy when today's ATR is 1.5x the 20 day average ATR, sell after 5 days",
        entry="atr_14 >= atr_14_sma_20*1.5",
        exit_after_bars=5,
    ),
    case(
        "buy when ATR is above the 50 day average ATR, sell after 5 days",
        entry="atr_14 > atr_14_sma_50",
        exit_after_bars=5,
    ),
    case(
        "buy when rsi crosses above the 9 day average rsi, sell when it crosses below",
        entry="rsi_14 x> rsi_14_sma_9",
        exit="rsi_14 x< rsi_14_sma_9",
    ),
    # A pair of averages named by role, their lengths in brackets after
    case(
        "when the fast and slow moving averages cross (10 and 30 simple) buy, when they cross the "
        "other way sell",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
    ),
    case(
        "buy when the fast and slow emas cross (9/21), sell when they cross the other way",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "buy when the short and long moving averages cross (20 and 50), sell on the opposite cross",
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
    ),
]

REFUSALS: list = []


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


# -- the indicators added, against TA-Lib --------------------------------------------------------


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_chaikin_money_flow_is_talib_ad_line_change_over_the_volume(symbol):
    """CMF(n) = the change of TA-Lib's accumulation/distribution line over n bars / their volume."""
    _, h, lo, c, v = ohlcv(symbol)
    cmf = functions("chaikin_money_flow")["chaikin_money_flow"]
    ad = pd.Series(talib.AD(h, lo, c, v))
    for n in (20, 21):
        theirs = (ad - ad.shift(n)) / pd.Series(v).rolling(n).sum()
        ours = cmf(h, lo, c, v, n)
        same(ours[n:], theirs.to_numpy()[n:], rtol=1e-6)
        assert np.isnan(ours[: n - 1]).all() and -1 <= np.nanmin(ours) <= np.nanmax(ours) <= 1


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_hull_moving_average_is_talib_wma_of_its_parts(symbol):
    _, _, _, c, _ = ohlcv(symbol)
    f = functions("hull_moving_average")
    for n in (9, 20, 55):
        same(f["wma"](c, n), talib.WMA(c, n), rtol=1e-9)
        half, root = int(n / 2), int(np.sqrt(n))
        theirs = talib.WMA(2 * talib.WMA(c, half) - talib.WMA(c, n), root)
        same(f["hull_moving_average"](c, n), theirs, rtol=1e-9)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_trix_matches_talib_after_the_warm_up(symbol):
    _, _, _, c, _ = ohlcv(symbol)
    trix = functions("trix")["trix"]
    for n in (12, 15):
        ours, theirs = trix(c, n), talib.TRIX(c, n)
        start = WARM_UP * n
        np.testing.assert_allclose(ours[start:], theirs[start:], rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_aroon_matches_talib_exactly(symbol):
    _, h, lo, _, _ = ohlcv(symbol)
    f = functions("aroon_oscillator")
    for n in (14, 25):
        down, up = talib.AROON(h, lo, n)
        same(f["aroon_up"](h, n), up)
        same(f["aroon_down"](lo, n), down)
        same(f["aroon_oscillator"](h, lo, n), talib.AROONOSC(h, lo, n))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("chaikin_money_flow", ("h", "lo", "c", "v", 20)),
        ("hull_moving_average", ("c", 20)),
        ("trix", ("c", 15)),
        ("aroon_up", ("h", 25)),
        ("aroon_down", ("lo", 25)),
    ],
)
def test_the_added_indicators_never_look_ahead(name, args):
    """A bar's value is the same computed on the data up to it as on all the data."""
    assert_no_look_ahead(name, args)


# -- trade-for-trade references of the new readings -----------------------------------------------


def _hull(close, n):
    half, root = int(n / 2), int(np.sqrt(n))
    return talib.WMA(2 * talib.WMA(close, half) - talib.WMA(close, n), root)


class HullTurns(Strategy):
    """buy when the hull moving average turns up and sell when it turns down: HMA(9) (TA-Lib's
    WMA of 2 x WMA(4) - WMA(9) over 3 bars) above / below its value the bar before."""

    def init(self):
        self.hma = self.I(_hull, np.asarray(self.data.Close, dtype=float), 9)

    def next(self):
        if len(self.hma) < 2 or np.isnan(self.hma[-2]):
            return
        if self.position and self.hma[-1] < self.hma[-2]:
            self.position.close()
        elif not self.position and self.hma[-1] > self.hma[-2]:
            self.buy(size=0.99)


class NotBelowTheLongAverage(Strategy):
    """buy when the close crosses above the 20 sma, sell when it crosses below, don't buy when
    the close is below the 200 sma: entries only with the close at or above SMA(200)."""

    def init(self):
        self.fast = self.I(sma, self.data.Close, 20)
        self.slow = self.I(sma, self.data.Close, 200)

    def next(self):
        if np.isnan(self.slow[-1]):
            return
        close = self.data.Close
        if self.position and crossover(self.fast, close):
            self.position.close()
        elif not self.position and crossover(close, self.fast) and close[-1] >= self.slow[-1]:
            self.buy(size=0.99)


class CrossesByAMargin(Strategy):
    """buy when the close crosses above the 50 sma by 2%, sell when the close crosses below the
    50 sma: the close crossing above 1.02 x SMA(50)."""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)
        self.above = self.I(lambda x: x * 1.02, self.sma)

    def next(self):
        close = self.data.Close
        if self.position and crossover(self.sma, close):
            self.position.close()
        elif not self.position and crossover(close, self.above):
            self.buy(size=0.99)


class ObvRunning(Strategy):
    """buy when obv rises 3 days in a row, sell when obv falls 3 days in a row: TA-Lib's OBV
    above the bar before on each of the last 3 bars (below, to sell)."""

    def init(self):
        close = np.asarray(self.data.Close, dtype=float)
        self.obv = self.I(talib.OBV, close, np.asarray(self.data.Volume, dtype=float))

    def next(self):
        if len(self.obv) < 4:
            return
        up = all(self.obv[-k] > self.obv[-k - 1] for k in (1, 2, 3))
        down = all(self.obv[-k] < self.obv[-k - 1] for k in (1, 2, 3))
        if self.position and down:
            self.position.close()
        elif not self.position and up:
            self.buy(size=0.99)


REFERENCES = [
    (HullTurns, "AAPL"),
    (NotBelowTheLongAverage, "MSFT"),
    (CrossesByAMargin, "IBM"),
    (ObvRunning, "GOOG"),
]


@pytest.mark.parametrize(
    ("reference", "symbol"), REFERENCES, ids=lambda r: getattr(r, "__name__", r)
)
def test_fresh_readings_trade_like_the_reference(reference, symbol):
    text = description_of(reference)
    _, bot = compiled(text)

    same_trades(backtest(bot, bars(symbol)), backtest(reference, bars(symbol)))


def test_the_references_read_the_rule_a_careful_programmer_would():
    rules = {ref.__name__: understand(description_of(ref)).rules for ref, _ in REFERENCES}
    assert rules["HullTurns"][0] == "Buy when HMA(9) is rising (compared with the bar before)"
    assert rules["NotBelowTheLongAverage"][0].endswith("and the close is at or above SMA(200)")
    assert rules["CrossesByAMargin"][0] == "Buy when the close crosses above SMA(50) + 2%"
    assert rules["ObvRunning"][0].startswith("Buy when OBV (on-balance volume) 2 bars earlier")
