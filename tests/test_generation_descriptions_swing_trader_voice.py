"""The offline compiler on descriptions written fresh for issue 10 in the voice of swing traders,
investors and strategy books (calendar rules, another timeframe, sizing, position management, a
second symbol, short and long/short): the phrasings this sweep showed Botlab misreading or
leaving unread, each family with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and backtested through ``check_reading``. ``REPORTED`` rows are ideas
Botlab does not build (a time exit that depends on the profit, buying in parts, a ratio of two
symbols, a trailing stop below the highest high): they are reported whole with the reason, never
read as something else. ``REFERENCES`` are hand-written backtesting.py strategies: the compiled
bot makes their trades.
"""

from __future__ import annotations

import pytest
from backtesting import Strategy

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_settings
from .generation.support import (
    assert_trades_like_reference,
    bars,
    description_of,
    held,
)
from .test_generation_descriptions_rules import check_reading
from .test_generation_reference_indicators import talib_free_rsi
from .test_generation_rules import backtest, compiled

SIZE = 0.99
FIELDS = (
    *SETTINGS,
    "entry_fill",
    "exit_fill",
    "exit_same_bar",
    "size_fraction",
    "direction",
    "period_days",
    "atr_trailing",
    "atr_period",
    "max_units",
    "atr_take_profit_multiple",
    "scale_out_fraction",
)


CASES = [
    # holding except when a condition holds: out when it holds (not the entry's mirror image)
    case(
        "Stay invested in SPY except in weeks where the weekly close is under the 40-week MA.",
        entry="close@W >= w_sma_40",
        exit="close@W < w_sma_40",
        symbol="SPY",
    ),
    case(
        "Hold QQQ except on days when RSI(2) is above 95.",
        entry="rsi_2 <= 95",
        exit="rsi_2 > 95",
        symbol="QQQ",
    ),
    case(
        "Be long SPY all the time except in months where the monthly close is below the "
        "10-month SMA.",
        entry="close@M >= m_sma_10",
        exit="close@M < m_sma_10",
        symbol="SPY",
    ),
    case(
        "Buy when RSI(14) crosses above 30, except on days where the close is below the 200-day "
        "SMA; sell at 70.",
        entry="rsi_14 x> 30 & close >= sma_200",
        exit="rsi_14 >= 70",
    ),
    # "buy AAPL only when X; entry signal is Y": X filters Y (not X or Y)
    case(
        "Buy AAPL only when SPY is above its 200-day moving average; entry signal is a close "
        "above the 20-day SMA, exit below it.",
        entry="close > sma_20 & close@SPY > spy_sma_200",
        exit="close < sma_20",
        symbol="AAPL",
        other_symbols=["SPY"],
    ),
    case(
        "Enter NVDA only if SPY closes above its 50-day SMA; buy on a new 20-day high, exit on a "
        "10-day low.",
        entry="close > highest_20 & close@SPY > spy_sma_50",
        exit="close < lowest_10",
        symbol="NVDA",
        other_symbols=["SPY"],
    ),
    case(
        "Buy MSFT only when RSI(14) is below 30, sell when it is above 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="MSFT",
    ),
    # a size said with "invest"/"allocate"/"put" and a condition is the buy rule
    case(
        "Invest half my capital when the fast MA (10) crosses above the slow MA (40), sell "
        "everything on the cross back.",
        entry="sma_10 x> sma_40",
        exit="sma_10 x< sma_40",
        size_fraction=0.5,
    ),
    case(
        "Allocate 30% of equity when RSI(2) drops below 5 and sell when it rises above 70.",
        entry="rsi_2 x< 5",
        exit="rsi_2 x> 70",
        size_fraction=0.3,
    ),
    case(
        "Put a quarter of my cash to work if the close is above the 200-day SMA, sell when it "
        "closes below.",
        entry="close > sma_200",
        exit="close < sma_200",
        size_fraction=0.25,
    ),
    # "let the rest run with a 5% trailing stop": a trailing stop, not a 5% target
    case(
        "Sell half the position at a 10% gain and let the rest run with a 5% trailing stop. Buy "
        "on a close above the 50 DMA.",
        entry="close > sma_50",
        scale_out_pct=10.0,
        trailing_stop_pct=5.0,
    ),
    case(
        "Buy when RSI(2) < 10. Take half off at +4% and let the remainder ride with a 3% trailing "
        "stop.",
        entry="rsi_2 < 10",
        scale_out_pct=4.0,
        trailing_stop_pct=3.0,
    ),
    case(
        "Buy on a 20-day high; sell half at 8% profit, the rest with a 4% trailing stop.",
        entry="close > highest_20",
        scale_out_pct=8.0,
        trailing_stop_pct=4.0,
    ),
    # "trail the stop 3 ATR below the highest close since entry": the trailing ATR stop
    case(
        "Trail the stop at 3 ATR below the highest close since entry. Enter when ADX is above 25 "
        "and +DI is above -DI.",
        entry="adx_14.adx > 25 & adx_14.plus_di > adx_14.minus_di",
        atr_stop_multiple=3.0,
        atr_trailing=True,
    ),
    case(
        "Buy on a 50-day high with a trailing stop 2.5 ATR below the highest close since I bought.",
        entry="close > highest_50",
        atr_stop_multiple=2.5,
        atr_trailing=True,
    ),
    case(
        "Go long when the 10 EMA crosses above the 30 EMA; trailing stop at 2 x ATR(10) under "
        "the highest closing price of the trade.",
        entry="ema_10 x> ema_30",
        atr_stop_multiple=2.0,
        atr_trailing=True,
        atr_period=10,
    ),
    # "overbought above 75": the number said is the level
    case(
        "Buy 100 shares when the slow stochastic (14,3,3) is below 25; liquidate when it is "
        "overbought above 75.",
        entry="stoch_14_3_3.k < 25",
        exit="stoch_14_3_3.k > 75",
        size_shares=100,
    ),
    case(
        "Buy when RSI(14) is oversold below 25, sell when it is overbought above 65.",
        entry="rsi_14 < 25",
        exit="rsi_14 > 65",
    ),
    case(
        "Short when Williams %R is overbought above -10, cover when it is oversold under -90.",
        short_entry="willr_14 > -10",
        short_exit="willr_14 < -90",
        direction="short",
    ),
    # a day's change said with its close: the one-bar rate of change, not any up close
    case(
        "Buy when the stock closes up more than 4% on the day, with volume at least twice its "
        "50-day average. Exit after 5 days.",
        entry="roc_1 > 4 & volume >= volume_sma_50*2",
        exit_after_bars=5,
    ),
    case(
        "Buy when SPY closes down 2% or more, sell after 3 days.",
        entry="roc_1 <= -2",
        exit_after_bars=3,
        symbol="SPY",
    ),
    case(
        "Short when the stock closed up by more than 5% today, cover after 2 days.",
        short_entry="roc_1 > 5",
        exit_after_bars=2,
        direction="short",
    ),
    case(
        "Buy when the close is above the 50-day SMA and the stock finishes the day up 3%, sell "
        "when the close is below the 50-day SMA.",
        entry="close > sma_50 & roc_1 >= 3",
        exit="close < sma_50",
    ),
    # a sentence of conditions said to be a filter filters every entry
    case(
        "Weekly MACD line above zero is my regime filter. Daily: buy when the 14-day stochastic "
        "%K crosses above %D below 30.",
        entry="(stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 30) & w_macd_12_26_9.macd > 0",
        exit="stoch_14_3.k x< stoch_14_3.d",
        interval="1d",
    ),
    case(
        "Weekly chart must be bullish (weekly 10 EMA above weekly 30 EMA); on the daily, buy when "
        "the 5 EMA crosses the 13 EMA upward; exit on the opposite cross.",
        entry="ema_5 x> ema_13 & w_ema_10 > w_ema_30",
        exit="ema_5 x< ema_13",
        interval="1d",
    ),
    case(
        "The close above the 200-day SMA acts as my trend filter. Buy when RSI(2) is below 10 and "
        "sell when it is above 70.",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 70",
    ),
    case(
        "The weekly trend must be up (weekly close above the 20-week EMA). Buy when the daily "
        "RSI(14) crosses above 40, sell when it drops below 35.",
        entry="rsi_14 x> 40 & close@W > w_ema_20",
        exit="rsi_14 x< 35",
        interval="1d",
    ),
    case(
        "RSI(14) above 50 is my condition. Buy when the close crosses above the 20 EMA, sell when "
        "it crosses below.",
        entry="close x> ema_20 & rsi_14 > 50",
        exit="close x< ema_20",
    ),
    case(
        "Trend is up when the 50 EMA sits above the 200 EMA; in that trend, buy when the low is at "
        "or below the 20 EMA and take profits 10% above my entry price.",
        entry="low <= ema_20 & ema_50 > ema_200",
        take_profit_pct=10.0,
    ),
    # a state said first, then "for entries on" the signal: the state filters the signal
    case(
        "Be long when QQQ is above its 200-day SMA, with entries on RSI(2) dropping below 10; sell "
        "when RSI(2) is above 80.",
        entry="close@QQQ > qqq_sma_200 & rsi_2 x< 10",
        exit="rsi_2 > 80",
        other_symbols=["QQQ"],
    ),
    case(
        "Long if the price is above the 200-day moving average, using daily candles for entries "
        "on pullbacks to the 20-day EMA, sell on a close below the 200-day moving average.",
        entry="(close > ema_20 & low <= ema_20) & close > sma_200",
        exit="close < sma_200",
        interval="1d",
    ),
    # "the 200-day moving average of SPY": that symbol's line (SPY was the traded symbol)
    case(
        "Buy when the 200-day moving average of the market (SPY) is rising and the stock's "
        "RSI(14) drops below 35. Sell at RSI 65.",
        entry="spy_sma_200 > spy_sma_200[-1] & rsi_14 x< 35",
        exit="rsi_14 >= 65",
        other_symbols=["SPY"],
    ),
    case(
        "Buy when the 200-day moving average of SPY is rising and RSI(14) drops below 35, sell "
        "when RSI(14) rises above 65.",
        entry="spy_sma_200 > spy_sma_200[-1] & rsi_14 x< 35",
        exit="rsi_14 x> 65",
        other_symbols=["SPY"],
    ),
    case(
        "Buy AAPL when the 50-day SMA of QQQ is above the 200-day SMA of QQQ and RSI(2) is below "
        "10; sell when RSI(2) is above 70.",
        entry="qqq_sma_50 > qqq_sma_200 & rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="AAPL",
        other_symbols=["QQQ"],
    ),
    # a pattern "breakout": the next bar closes above the pattern bar's high
    case(
        "Enter on an inside bar breakout, exit after 5 days.",
        entry="inside_bar[-1] > 0 & close > high[-1]",
        exit_after_bars=5,
    ),
    case(
        "Buy the inside bar breakout when the close is above the 50-day SMA; sell after 3 bars.",
        entry="inside_bar[-1] > 0 & close > high[-1] & close > sma_50",
        exit_after_bars=3,
    ),
    case(
        "Enter long on an outside bar breakout and hold for 10 days.",
        entry="outside_bar[-1] > 0 & close > high[-1]",
        exit_after_bars=10,
    ),
    # pyramiding said as "add up to two more units on each further 20-day high"
    case(
        "Buy on a 20-day breakout, then add up to two more units on each further 20-day high, and "
        "close the whole thing when price closes under the 10-day low.",
        entry="close > highest_20",
        exit="close < lowest_10",
        add_on="close > highest_20",
        max_units=3,
        size_fraction=0.33,
    ),
    case(
        "buy on a 20-day breakout, add on each new 20-day high, at most 2 more units, exit "
        "everything when price closes under the 10-day low.",
        entry="close > highest_20",
        exit="close < lowest_10",
        add_on="close > highest_20",
        max_units=3,
        size_fraction=0.33,
    ),
    case(
        "Buy when the close crosses above the 50 SMA; add up to 3 more units on each new 20-day "
        "high; close all units when the close crosses below the 50 SMA.",
        entry="close x> sma_50",
        exit="close x< sma_50",
        add_on="close > highest_20",
        max_units=4,
        size_fraction=0.2475,
    ),
    # on monthly (weekly) bars a length in months (weeks) is that many bars
    case(
        "Monthly rebalance: be long if the price is above the 12-month moving average at month "
        "end, else flat.",
        entry="close > sma_12",
        exit="close < sma_12",
        interval="1mo",
    ),
    case(
        "On monthly bars, be long if the price is above the 12-month moving average, else flat.",
        entry="close > sma_12",
        exit="close < sma_12",
        interval="1mo",
    ),
    case(
        "Weekly bars: buy when the 10-week EMA crosses above the 30-week EMA, sell on the cross "
        "down.",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        interval="1wk",
    ),
    # bought at the open (the day after a signal), sold "at the close": that same day's close
    case(
        "Go long at the open on the day after a bullish engulfing candle and exit at the close.",
        entry="bullish_engulfing > 0",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "Buy at the open on the day after a close below the 10-day low, sell at the close.",
        entry="close < lowest_10",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "If today's open is 1% above yesterday's high, short it and cover at the close.",
        short_entry="open > high[-1]*1.01",
        direction="short",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    # months said as "the month of September" after skip / avoid / stay out
    case(
        "Skip the month of September, buy when price crosses above the 100-day SMA and exit when "
        "it crosses below.",
        entry="close x> sma_100 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]",
        exit="close x< sma_100",
    ),
    case(
        "Avoid the months of September and October; buy when RSI(2) < 10, sell when RSI(2) > 70.",
        entry="rsi_2 < 10 & calendar month [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]",
        exit="rsi_2 > 70",
    ),
    case(
        "Stay out during the month of August. Buy on a 20-day high, sell on a 10-day low.",
        entry="close > highest_20 & calendar month [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]",
        exit="close < lowest_10",
    ),
    # a cap on the holding time
    case(
        "Hold no longer than 15 days. Take profit at 12%. Buy when OBV makes a new 20-day high.",
        entry="obv > obv_highest_20",
        take_profit_pct=12.0,
        exit_after_bars=15,
    ),
    case(
        "Buy when RSI(2) < 10; never hold more than 5 days.",
        entry="rsi_2 < 10",
        exit_after_bars=5,
    ),
    case(
        "Buy when RSI(2) < 10; don't hold longer than a week.",
        entry="rsi_2 < 10",
        exit_after_bars=5,
    ),
    case(
        "Buy on a 20-day high, stay in no longer than 10 bars.",
        entry="close > highest_20",
        exit_after_bars=10,
    ),
    case(
        "When the stock opens at least 1.5% under the prior close, buy that open and dump it on "
        "the same day's close.",
        entry="open <= close[-1]*0.985",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "If the open is 2% above the previous close, short that open and cover on that day's "
        "close.",
        short_entry="open > close[-1]*1.02",
        direction="short",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    # a crossing of the zero line said as a noun
    case(
        "Stop loss at 1.5 times ATR(14), take profit at 3 times ATR(14). Entry on a MACD "
        "zero-line cross to the upside.",
        entry="macd_12_26_9.macd x> 0",
        atr_stop_multiple=1.5,
        atr_take_profit_multiple=3.0,
    ),
    case(
        "Go long on a bullish MACD zero line crossover; exit on a bearish zero line crossover.",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
    ),
    case(
        "Buy on the 12-day ROC zero line cross up, sell on the zero line cross down.",
        entry="roc_12 x> 0",
        exit="roc_12 x< 0",
    ),
    # profits taken "in thirds at 5%, 10% and 15%": equal parts at each level
    case(
        "Take profits in thirds at 5%, 10% and 15% above entry. Entries on a close above the "
        "Donchian 20 upper band.",
        entry="close > highest_20",
        scale_out_pct=5.0,
        scale_out_fraction=1 / 3,
        take_profit_pct=15.0,
    ),
    case(
        "Buy when RSI(2) < 10; sell in halves at 3% and 6%.",
        entry="rsi_2 < 10",
        scale_out_pct=3.0,
        take_profit_pct=6.0,
    ),
    case(
        "Buy on a 20-day high; scale out in thirds at +4% and +8%, the rest on a close below the "
        "10-day low.",
        entry="close > highest_20",
        exit="close < lowest_10",
        scale_out_pct=4.0,
        scale_out_fraction=1 / 3,
    ),
    # a date of the month said bare in a monthly rule, and "the final close of the month"
    case(
        "Every month, buy on the 14th and sell on the last trading day of the month.",
        entry="calendar day_of_month [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, "
        "29, 30, 31] & calendar day_of_month_before [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]",
        exit="calendar trading_day_from_end [1]",
    ),
    case(
        "Every month, buy on day 14 and sell at the final close of the month.",
        entry="calendar day_of_month [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, "
        "29, 30, 31] & calendar day_of_month_before [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]",
        exit="calendar trading_day_from_end [1]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "Buy on the first close of the month and sell on the last close of the month.",
        entry="calendar trading_day [1]",
        exit="calendar trading_day_from_end [1]",
        entry_fill="close",
        exit_fill="close",
    ),
    # "a bullish cross" of a line with a signal line: %K over %D, MACD over its signal
    case(
        "Buy 100 shares on a slow stochastic (14,3,3) bullish cross under 25; liquidate when it "
        "is overbought above 75.",
        entry="stoch_14_3_3.k x> stoch_14_3_3.d & stoch_14_3_3.k < 25",
        exit="stoch_14_3_3.k > 75",
        size_shares=100,
    ),
    case(
        "Buy on a bullish MACD crossover, sell on a bearish MACD crossover.",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "Short on a stochastic bearish crossover above 80, cover on a bullish crossover below 20.",
        short_entry="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
        short_exit="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        direction="short",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)  # the reading, and the compiled bot run over every bar
    check_settings(understand(text).spec, expect, FIELDS, exact=True)  # and no other setting


def test_a_trade_bought_at_the_open_after_a_signal_is_sold_at_that_days_close():
    """ "Go long at the open the day after a down close and exit at the close": a plain loop
    over the bars (a close below the one before, then that next day's open to its close) makes
    the trades of the compiled bot, run by backtesting.py with trade_on_close=True."""
    spec, bot = compiled("Go long at the open the day after a down close and exit at the close.")
    frame = bars("AAPL")
    opens, closes = frame["Open"].to_numpy(), frame["Close"].to_numpy()
    last = len(frame) - 1  # a trade entered on the last bar is closed by the harness
    expected = [
        (t + 1, opens[t + 1], closes[t + 1])
        for t in range(1, last - 1)
        if closes[t] < closes[t - 1]
    ]

    trades = backtest(bot, frame, trade_on_close=True)["_trades"]
    trades = trades[trades["EntryBar"] < last]

    assert (spec.entry_fill, spec.exit_fill, spec.exit_same_bar) == ("next_open", "close", True)
    assert len(expected) > 100
    assert (trades["EntryBar"] == trades["ExitBar"]).all()
    assert trades["EntryBar"].tolist() == [t for t, _, _ in expected]
    assert trades["EntryPrice"].tolist() == pytest.approx([o for _, o, _ in expected])
    assert trades["ExitPrice"].tolist() == pytest.approx([c for _, _, c in expected])


REPORTED = [  # (text, words reported back, a reason Botlab gives or None)
    (
        "Trail the stop at 3 ATR below the highest high since entry. Buy when RSI(14) crosses "
        "above 50.",
        "Trail the stop at 3 ATR below the highest high since entry",
        "A trailing stop below the highest high",
    ),
    (
        "Buy on a 20-day breakout, trailing stop 2 ATR under the peak since the entry.",
        "trailing stop 2 ATR under the peak since the entry",
        "A trailing stop below the highest high",
    ),
    (
        "Go long when MACD crosses above its signal; trail the stop 3 ATR below the highest price "
        "since I bought.",
        "trail the stop 3 ATR below the highest price since I bought",
        "A trailing stop below the highest high",
    ),
    (
        "Time stop: if the position hasn't made money after 10 bars, get out. Buy on RSI(14) "
        "crossing up through 30.",
        "if the position hasn't made money after 10 bars",
        "A time exit that depends on the trade's profit",
    ),
    (
        "Buy when RSI(2) < 10; exit after 5 days if the trade is not profitable.",
        "exit after 5 days if the trade is not profitable",
        "A time exit that depends on the trade's profit",
    ),
    (
        "Buy on a 20-day high. If it is still losing after 8 days, sell.",
        "If it is still losing after 8 days",
        "A time exit that depends on the trade's profit",
    ),
    (
        "Scale in: buy a third at the first signal (close above 50-day SMA), another third if "
        "price is 5% higher, the final third at 10% higher.",
        "the final third at 10% higher",
        "Buying in parts",
    ),
    (
        "Buy half at the open when RSI(2) < 10, the other half at 3% lower.",
        "the other half at 3% lower",
        "Buying in parts",
    ),
    (
        "Buy a half position when the close crosses above the 50 SMA and the rest at 5% higher; "
        "sell when it crosses below.",
        "the rest at 5% higher",
        "Buying in parts",
    ),
    (
        "Buy the stock when its ratio to SPY makes a 50-day high. Sell when the ratio falls "
        "under its 20-day average.",
        "when its ratio to SPY makes a 50-day high",
        "A ratio of two symbols' prices",
    ),
    (
        "Go long NVDA when the price ratio against QQQ is above its 50-day SMA, flat otherwise.",
        "when the price ratio against QQQ is above its 50-day SMA",
        "A ratio of two symbols' prices",
    ),
    (
        "Buy when the ratio versus IWM breaks out to a new 100-day high; exit after 20 days.",
        "when the ratio versus IWM breaks out to a new 100-day high",
        "A ratio of two symbols' prices",
    ),
    (
        "Add another unit every time price moves 1 ATR in my favor, max 4 units. Initial entry is "
        "a 55-day breakout, exit on a 20-day low.",
        "every time price moves 1 ATR in my favor",
        None,
    ),
]


@pytest.mark.parametrize(("text", "words", "why"), REPORTED, ids=lambda v: str(v)[:50])
def test_what_cannot_be_built_is_reported_not_misread(text: str, words: str, why: str | None):
    u = understand(text)

    assert words in u.not_understood
    if why is not None:
        assert any(why in p for p in u.problems), u.problems
    if u.spec is not None:  # the rest is read as said; the unread words are no other setting
        assert not u.spec.atr_trailing and u.spec.atr_stop_multiple is None
        assert u.spec.exit_after_bars is None and u.spec.take_profit_pct is None
        assert u.spec.scale_out_pct is None
        assert u.spec.add_on is None  # no unit added on some other signal


class HoldExceptWhenOverbought(Strategy):
    """Stay invested except on days when RSI(2) is above 90: bought at the next open while
    RSI(2) is at or below 90, sold at the next open once it is above 90 (out when the avoided
    condition holds, back in when it no longer does)."""

    def init(self):
        self.rsi = self.I(talib_free_rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 90:
            self.position.close()
        elif not self.position and self.rsi[-1] <= 90:
            self.buy(size=SIZE)


class InsideBarBreakout(Strategy):
    """Enter on an inside bar breakout, exit after 5 days: the bar before was an inside bar (a
    high below the high before it, a low above the low before it) and this bar closes above its
    high; bought at the next open, sold 5 bars after the entry."""

    def init(self):
        pass

    def next(self):
        if self.position:
            if held(self) >= 5:
                self.position.close()
            return
        high, low, close = self.data.High, self.data.Low, self.data.Close
        if len(self.data) < 3:
            return
        inside = high[-2] < high[-3] and low[-2] > low[-3]
        if inside and close[-1] > high[-2]:
            self.buy(size=SIZE)


REFERENCES = [
    (HoldExceptWhenOverbought, "AAPL"),
    (InsideBarBreakout, "AAPL"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES, ids=lambda r: getattr(r, "__name__", r))
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    description = description_of(reference)
    assert_trades_like_reference(reference, data, description)
