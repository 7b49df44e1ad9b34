"""The offline compiler on what a held-out sample of trader descriptions exposed: a count of bars
"in a row" after a band is a run of bars, not the band's period ("above the upper band 2 days in a
row", "for three sessions"); a stop said "under 3%" is a stop, not an RSI level, and one "at 95% of
the entry price" is 5% below it; a span of history is never a level or an average ("backtest over
5 years", "test it over the last 5 years"); a test period after a request word or a bar size
("backtest 5 years", "ETH-USD daily 3 years"); a run of bars said after a condition is the bars
before it ("crosses above 30 after being below 30 for 3 days"); a sign held for a run ("negative
for 5 days", which dropped the run); a channel system's two lengths ("Donchian 55/20": the entry's
channel, then the exit's); "back to" a line as reaching it; the traded or another symbol named as
a condition's subject.

Rows use the table and helpers of ``tests/test_generation_descriptions_rules.py``: each states what
a careful reader takes from the sentence; every row is compiled and backtested on bundled data.
"""

from __future__ import annotations

import pytest

from .test_generation_descriptions_rules import case, check_reading

ABOVE_BAND_TWICE = "close[-1] > bbands_20_2.upper[-1] & close > bbands_20_2.upper"
RSI_30_70 = {"entry": "rsi_14 < 30", "exit": "rsi_14 > 70"}

CASES = [
    # -- a run of bars after a band, never its period -----------------------------------------
    case(
        "buy when the close is above the upper bollinger band for 2 days in a row, "
        "sell when it closes below the middle band",
        entry=ABOVE_BAND_TWICE,
        exit="close < bbands_20_2.middle",
    ),
    case(
        "buy when close above the upper bollinger band 2 days in a row, sell at the middle band",
        entry=ABOVE_BAND_TWICE,
        exit="close <= bbands_20_2.middle",
    ),
    case(
        "buy when the close has been above the upper band for 2 days, sell below the middle band",
        entry=ABOVE_BAND_TWICE,
        exit="close < bbands_20_2.middle",
    ),
    case(
        "buy when the close stays below the lower band for 3 bars, sell at the middle band",
        entry="close[-2] < bbands_20_2.lower[-2] & close[-1] < bbands_20_2.lower[-1]"
        " & close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    case(
        "buy when close above the upper keltner channel 3 days straight, "
        "sell below the middle line",
        entry="close[-2] > keltner_20_2_10.upper[-2] & close[-1] > keltner_20_2_10.upper[-1]"
        " & close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
    ),
    # -- a stop said "under" / "below" a percent ------------------------------------------------
    case(
        "buy on a hammer when RSI below 35, exit when RSI above 60, stop under 3%",
        entry="hammer > 0 & rsi_14 < 35",
        exit="rsi_14 > 60",
        stop_loss_pct=3.0,
    ),
    case(
        "buy when RSI < 30, sell when RSI > 70, stop below 4%",
        **RSI_30_70,
        stop_loss_pct=4.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, stop at 95% of entry price",
        **RSI_30_70,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, stop loss at 97% of the purchase price, "
        "take profit at 110% of my entry",
        **RSI_30_70,
        stop_loss_pct=3.0,
        take_profit_pct=10.0,
    ),
    # -- a span of history: the test period, never a level or an average ------------------------
    case("rsi < 30 buy, > 70 sell, backtest over 5 years", **RSI_30_70, period_days=1825),
    case(
        "buy when rsi < 30 sell when rsi > 70. Backtest it over the last 5 years",
        **RSI_30_70,
        period_days=1825,
    ),
    case(
        "buy when rsi < 30 sell when rsi > 70. Test over the last 5 years",
        **RSI_30_70,
        period_days=1825,
    ),
    case("buy when rsi < 30 sell when rsi > 70, test 3 years", **RSI_30_70, period_days=1095),
    case(
        "buy SPY when the 10 day RSI dips under 25 and sell when it gets back over 55, "
        "backtest 5 years",
        entry="rsi_10 x< 25",
        exit="rsi_10 x> 55",
        symbol="SPY",
        period_days=1825,
    ),
    case(
        "buy when rsi < 30 sell when rsi > 70, backtested on 10 years of data",
        **RSI_30_70,
        period_days=3650,
    ),
    case(
        "Buy when the Supertrend (10, 3) turns green and sell when it turns red, "
        "ETH-USD daily 3 years",
        entry="supertrend_10_3.direction x> 0",
        exit="supertrend_10_3.direction x< 0",
        symbol="ETH-USD",
        interval="1d",
        period_days=1095,
    ),
    # -- a channel system's two lengths: the entry's channel, then the exit's -------------------
    case(
        "Donchian 55/20 system on USO, long only",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="USO",
    ),
    case(
        "buy above the donchian 55/20 upper band, sell below its lower band",
        entry="close > highest_55",
        exit="close < lowest_20",
    ),
    case(
        "donchian channel breakout (40, 15)",
        entry="close > highest_40",
        exit="close < lowest_15",
    ),
    case(
        "turtle system 55/20 on GLD",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="GLD",
    ),
    case(
        "turtle breakout 55 and 20, 2% stop",
        entry="close > highest_55",
        exit="close < lowest_20",
        stop_loss_pct=2.0,
    ),
    # -- a multiple of the ATR among an indicator's settings in brackets -----------------------
    case(
        "long when close above upper Keltner (20, 1.5 ATR), exit below the middle line",
        entry="close > keltner_20_1_5_10.upper",
        exit="close < keltner_20_1_5_10.middle",
    ),
    case(
        "Keltner channel breakout: long when close above upper Keltner (20, 2 ATR), "
        "exit when close below the middle line",
        entry="close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
    ),
    case(
        "buy when the close crosses above the supertrend (7, 2.5 ATR), sell when it crosses below",
        entry="close x> supertrend_7_2_5.line",
        exit="close x< supertrend_7_2_5.line",
    ),
    # -- a run said after an event: the bars before it ------------------------------------------
    case(
        "buy when RSI crosses above 30 after being below 30 for 3 days, sell above 70",
        entry="rsi_14[-3] < 30 & rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 x> 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when RSI(2) crosses back above 10 after being below it for 2 days in a row, "
        "sell when RSI(2) > 70",
        entry="rsi_2[-2] < 10 & rsi_2[-1] < 10 & rsi_2 x> 10",
        exit="rsi_2 > 70",
    ),
    case(
        "buy when the close crosses above the 20 sma after 3 days below it, "
        "sell when it closes below it",
        entry="close[-3] < sma_20[-3] & close[-2] < sma_20[-2] & close[-1] < sma_20[-1]"
        " & close x> sma_20",
        exit="close < sma_20",
    ),
    case(
        "buy when the macd histogram turns positive after being negative for 3 days, "
        "sell when it turns negative",
        entry="macd_12_26_9.hist[-3] < 0 & macd_12_26_9.hist[-2] < 0 & macd_12_26_9.hist[-1] < 0"
        " & macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
    ),
    case(
        "buy after 2 days below the lower band, sell at the middle band",
        entry="close[-1] < bbands_20_2.lower[-1] & close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    case(
        "buy when the close is above the 20 day high after being below the 50 sma for 3 days, "
        "sell after 5 days",
        entry="close[-3] < sma_50[-3] & close[-2] < sma_50[-2] & close[-1] < sma_50[-1]"
        " & close > highest_20",
        exit_after_bars=5,
    ),
    case(
        "long if close crosses up the 50 dma after at least 3 days under it, sell after 5 days",
        entry="close[-3] < sma_50[-3] & close[-2] < sma_50[-2] & close[-1] < sma_50[-1]"
        " & close x> sma_50",
        exit_after_bars=5,
    ),
    # -- a run of "more than" / "at least" N bars, and "for N sessions" after a band ------------
    case(
        "buy when RSI is below 30 for more than 2 days, sell when above 60",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 60",
    ),
    case(
        "buy when RSI(2) is under 10 for at least 2 days, sell when RSI(2) is over 70",
        entry="rsi_2[-1] < 10 & rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        "sell short when price is above the upper band for three sessions, "
        "cover at the middle band",
        short_entry="close[-2] > bbands_20_2.upper[-2] & close[-1] > bbands_20_2.upper[-1]"
        " & close > bbands_20_2.upper",
        short_exit="close <= bbands_20_2.middle",
        direction="short",
    ),
    case(
        "buy when RSI under 30, exit above 55, stop below 5 percent, target above 12%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        stop_loss_pct=5.0,
        take_profit_pct=12.0,
    ),
    # -- a sign held for a run of bars ("negative for 3 days"), which dropped the run ------------
    case(
        "buy when momentum has been positive for 3 days in a row, sell when it turns negative",
        entry="roc_10[-2] > 0 & roc_10[-1] > 0 & roc_10 > 0",
        exit="roc_10 x< 0",
    ),
    case(
        "short when the macd histogram is negative for 2 days, cover when it turns positive",
        short_entry="macd_12_26_9.hist[-1] < 0 & macd_12_26_9.hist < 0",
        short_exit="macd_12_26_9.hist x> 0",
        direction="short",
    ),
    # -- the traded symbol, or another, named as a condition's subject ----------------------------
    case(
        "buy XLK when XLK closes above its 50 day sma, sell when XLK closes below it",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="XLK",
    ),
    case(
        "buy AAPL when SPY closes above its 50 day sma, sell when SPY closes below it",
        entry="close@SPY > spy_sma_50",
        exit="close@SPY < spy_sma_50",
        symbol="AAPL",
        other_symbols=["SPY"],
    ),
    case(
        "buy when SPY is above its 200 day SMA and XLK closes at a new 50 day high, "
        "sell XLK when it closes below its 50 day SMA",
        entry="close@SPY > spy_sma_200 & close > highest_50",
        exit="close < sma_50",
        symbol="XLK",
        other_symbols=["SPY"],
    ),
    case(
        "buy AAPL when QQQ makes a new 20 day high, sell after 10 days",
        entry="close@QQQ > qqq_highest_20",
        exit_after_bars=10,
        symbol="AAPL",
        other_symbols=["QQQ"],
    ),
    case(
        "buy TQQQ when QQQ is above the 200 day and sell it when QQQ goes below the 200 day",
        entry="close@QQQ > qqq_sma_200",
        exit="close@QQQ x< qqq_sma_200",
        symbol="TQQQ",
        other_symbols=["QQQ"],
    ),
    case(
        "buy UPRO when SPY rises above its 50 day sma, sell when SPY drops below it",
        entry="close@SPY x> spy_sma_50",
        exit="close@SPY x< spy_sma_50",
        symbol="UPRO",
        other_symbols=["SPY"],
    ),
    # -- where the close sits in its N-bar range: the unsmoothed stochastic %K -------------------
    case(
        "buy when the close is in the bottom 10% of its 20 day range, "
        "sell when the close is in the top 10% of its 20 day range",
        entry="stoch_20_3.k <= 10",
        exit="stoch_20_3.k >= 90",
    ),
    case(
        "buy when price is in the top quarter of its 52 week range and above the 200 sma, "
        "sell when it is below the 200 sma",
        entry="stoch_260_3.k >= 75 & close > sma_200",
        exit="close < sma_200",
    ),
    case(
        "buy when it closes in the lower third of its 10-day range, sell after 5 days",
        entry="stoch_10_3.k <= 33.3333",
        exit_after_bars=5,
    ),
    # -- historical volatility: annualised standard deviation of log returns ---------------------
    case(
        "buy when the 20 day historical volatility is below 15%, sell when it is above 30%",
        entry="hv_20 < 15",
        exit="hv_20 > 30",
    ),
    case(
        "buy SPY when HV(10) < 12 and close > 50 sma, sell when hv(10) > 25",
        entry="hv_10 < 12 & close > sma_50",
        exit="hv_10 > 25",
        symbol="SPY",
    ),
    case(
        "buy when realized volatility is under 20, sell when it is over 35",
        entry="hv_20 < 20",
        exit="hv_20 > 35",
    ),
    # -- "long" said after a short rule opens a long (a bare "buy" still covers) ----------------
    case(
        "go short when RSI(14) > 75 and long when RSI(14) < 25, "
        "close either position when RSI crosses 50",
        entry="rsi_14 < 25",
        exit="rsi_14 x> 50",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 x< 50",
        direction="both",
    ),
    case(
        "short when RSI(14) > 75 and long when RSI(14) < 25",
        entry="rsi_14 < 25",
        short_entry="rsi_14 > 75",
        direction="always_in",
    ),
    case(
        "short when RSI > 70, buy when RSI < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
    ),
    case(
        "long when RSI < 30, short when RSI > 70, exit both when RSI crosses 50",
        entry="rsi_14 < 30",
        exit="rsi_14 x> 50",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 x< 50",
        direction="both",
    ),
    # -- a ticker in brackets after an asset's name is the one traded --------------------------
    case(
        "Donchian 55/20 system on crude oil futures (USO), long only",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="USO",
    ),
    case(
        "golden cross on the S&P 500 ETF (SPY)",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
    ),
    # -- a day's own move is no profit checked by a deadline -----------------------------------
    case(
        "buy at the close when it is down more than 1% on the day, exit at the next day's close",
        entry="roc_1 < -1",
        exit_after_bars=1,
        entry_fill="close",
        exit_fill="close",
    ),
    # -- back to a line ---------------------------------------------------------------------------
    case(
        "buy when price is 10% below the 50 day moving average, sell when it is back to the "
        "average, max hold 20 days",
        entry="close < sma_50*0.9",
        exit="close >= sma_50",
        exit_after_bars=20,
    ),
    case(
        "buy when price is 10% below the 50 day moving average, "
        "sell when it's back at the moving average",
        entry="close < sma_50*0.9",
        exit="close >= sma_50",
    ),
    case(
        "buy when close < 20 sma by 5%, sell when price reverts to the sma",
        entry="close < sma_20*0.95",
        exit="close >= sma_20",
    ),
    case(
        "short when RSI > 80, cover when it is back to 50",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 <= 50",
        direction="short",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)
