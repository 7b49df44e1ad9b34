"""The offline compiler on shorthand a trader types without thinking: a bare test period after the
symbol ("NVDA 3y"), conditions written before their actions with no comma ("rsi below 30 buy above
70 sell"), a loss or gain said of "it's"/"I'm"/"we're" or of nobody ("sell when down 5% from
entry"), a target and a stop in one breath ("up 10% or down 5%"), a "when/if" clause before an
action with conditions of its own, an N-bar high or low as an action's whole condition ("55 day
high to enter"), fading a gap ("fade gaps up of more than 1%: short the open, cover at the close"),
and the seasonal saying followed by its own buy rule ("sell in May and go away, buy back in
November").

Rows use the table and helpers of ``tests/test_generation_descriptions_rules.py``: each states what
a careful reader takes from the sentence; every row is compiled and backtested on bundled data.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.generation import understand

from .test_generation_descriptions_rules import case, check_reading

SEASONAL = {"entry": "calendar month [11]", "exit": "calendar month [5]"}

CASES = [
    # -- a bare test period, after the symbol or as a clause of its own ------------------------
    case(
        "golden cross on BTC-USD, 4 years",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="BTC-USD",
        period_days=1460,
    ),
    case(
        "CCI(20) crosses above -100: buy. CCI crosses below 100: sell. NVDA 3y",
        entry="cci_20 x> -100",
        exit="cci_20 x< 100",
        symbol="NVDA",
        period_days=1095,
    ),
    case(
        "golden cross on SPY 5yrs",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
        period_days=1825,
    ),
    case(
        "sma 50/200 cross, 10 years, SPY",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
        period_days=3650,
    ),
    case(
        "buy when rsi < 30. 6 months. sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        period_days=180,
    ),
    # a rule's window stays the rule's
    case("buy when RSI < 30, sell after 2 months", entry="rsi_14 < 30", exit_after_bars=42),
    # -- each action ends its own condition ---------------------------------------------------
    case("rsi below 30 buy above 70 sell", entry="rsi_14 < 30", exit="rsi_14 > 70"),
    case(
        "rsi below 30 buy above 70 sell NVDA 3y",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="NVDA",
        period_days=1095,
    ),
    case("rsi < 30 buy rsi > 70 sell", entry="rsi_14 < 30", exit="rsi_14 > 70"),
    case(
        "close above sma 200 go long close below sma 200 go flat",
        entry="close > sma_200",
        exit="close < sma_200",
    ),
    case(
        "rsi below 30 buy above 70 sell, 5% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
    ),
    # -- a loss or gain of the trade, however its subject is said -----------------------------
    case(
        "buy when rsi < 30, close the position if it's down 4%",
        entry="rsi_14 < 30",
        stop_loss_pct=4.0,
    ),
    case("buy when rsi < 30, get out if I'm down 3%", entry="rsi_14 < 30", stop_loss_pct=3.0),
    case("buy when rsi < 30, sell if we're up 8%", entry="rsi_14 < 30", take_profit_pct=8.0),
    case(
        "buy when rsi < 30, sell when down 5% from entry",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, sell when it's up 10% or down 5%",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    case(
        "buy when rsi < 30, sell when the trade is up 10% or down 5%",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    case(
        "short when rsi > 70, cover if it's up 4%",
        short_entry="rsi_14 > 70",
        stop_loss_pct=4.0,
        direction="short",
    ),
    case(
        "short when rsi > 70, cover when it's down 10% or up 5%",
        short_entry="rsi_14 > 70",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
        direction="short",
    ),
    # -- a condition before the actions it belongs to ----------------------------------------
    case(
        "if QQQ is above its 200 day, buy TQQQ when RSI 10 < 30, sell when RSI 10 > 70",
        entry="close@QQQ > qqq_sma_200 & rsi_10 < 30",
        exit="rsi_10 > 70",
        symbol="TQQQ",
        other_symbols=["QQQ"],
    ),
    case(
        "when SPY is above its 200 day MA, buy QQQ when rsi < 30, sell when rsi > 70",
        entry="close@SPY > spy_sma_200 & rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="QQQ",
        other_symbols=["SPY"],
    ),
    case(
        "when the close is above the 200 sma, buy when rsi < 30, sell when rsi > 70",
        entry="close > sma_200 & rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    # the size said with "buy" is the buy: the "when" clause after it is that buy's
    case(
        "buy 50% of equity when RSI < 30, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
    case(
        "buy a half position when RSI < 30, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
    case(
        "buy half when RSI < 30, sell when RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
    case(
        "buy half position when RSI < 30, exit everything when RSI > 55",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        size_fraction=0.5,
    ),
    # a "when" clause before an exit is still the entry
    case("when RSI < 30, exit when RSI > 55", entry="rsi_14 < 30", exit="rsi_14 > 55"),
    # -- an N-bar high or low as the whole condition of the action after it -------------------
    case(
        "Can you backtest a Donchian breakout on GLD? 55 day high to enter, 20 day low to exit",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="GLD",
    ),
    case(
        "20-day high to go long, 10-day low to get out",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    case(
        "buy on the lowest close in 10 days, sell on the highest close in 10 days",
        entry="close < close_lowest_10",
        exit="close > close_highest_10",
    ),
    case(
        "55 day low to short, 20 day high to cover",
        short_entry="close < lowest_55",
        short_exit="close > highest_20",
        direction="short",
    ),
    # -- "only trade long when X" is a filter on every entry, not an entry of its own -------
    case(
        "only trade long when SPY is above 200 dma; entry when rsi(3) < 15; exit rsi(3) > 60",
        entry="rsi_3 < 15 & close@SPY > spy_sma_200",
        exit="rsi_3 > 60",
        other_symbols=["SPY"],
    ),
    case(
        "only trade long when the close is above the 200 sma; entry when rsi(3) < 15; exit "
        "rsi(3) > 60",
        entry="rsi_3 < 15 & close > sma_200",
        exit="rsi_3 > 60",
    ),
    # -- a distance from a line, said after it ("below X by 10%") ---------------------------
    case(
        "buy SPY when it's below its 52 week high by 10% or more, sell at a new high",
        entry="close <= highest_260*0.9",
        exit="close > highest_20",
        symbol="SPY",
    ),
    case(
        "buy when the close is below the 200 sma by 5%, sell when above it",
        entry="close < sma_200*0.95",
        exit="close > sma_200",
    ),
    case(
        "buy when the close is 5% below the 200 sma, sell when above it",
        entry="close < sma_200*0.95",
        exit="close > sma_200",
    ),
    case(
        "buy when price is above the 50 ema by more than 3%, sell when below the 50 ema",
        entry="close > ema_50*1.03",
        exit="close < ema_50",
    ),
    # the opposite of "10% below the high" is back above that level, not a channel's low
    case(
        "buy when price is more than 10% below its 52-week high",
        entry="close < highest_260*0.9",
        exit="close > highest_260*0.9",
    ),
    # -- both lines to enter, either one to leave --------------------------------------------
    case(
        "buy when the price is above both the 50 and the 200 day moving averages, sell when "
        "below either",
        entry="close > sma_50 & close > sma_200",
        exit="close < sma_50 | close < sma_200",
    ),
    case(
        "buy when price is above both the 50 and 200 day sma, sell when it closes below either one",
        entry="close > sma_50 & close > sma_200",
        exit="close < sma_50 | close < sma_200",
    ),
    case(
        "buy when RSI(14) drops below 30 and the 20 day SMA is above the 50 day SMA",
        entry="rsi_14 x< 30 & sma_20 > sma_50",
        exit="rsi_14 x> 70",
    ),
    # -- names of markets and a starting balance said with "use" ----------------------------
    case(
        "Buy AMZN when MACD histogram turns positive. Sell when it turns negative. Use 10k "
        "starting capital.",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
        symbol="AMZN",
        cash=10_000.0,
    ),
    case(
        "buy gold when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="GLD",
    ),
    # "it" for a line, moved by a percent: the line, moved
    case(
        "buy when price is within 1% of the 200 day sma, sell when it's 10% above it",
        entry="close >= sma_200*0.99 & close <= sma_200*1.01",
        exit="close > sma_200*1.1",
    ),
    case(
        "buy when the close crosses above the 50 sma, sell when it is 5% above it",
        entry="close x> sma_50",
        exit="close > sma_50*1.05",
    ),
    # -- a line, then a crossing said with no lines: the close crossing that line ------------
    case(
        "buy when RSI < 30, sell half at 10% profit, rest at the 50 SMA cross down",
        entry="rsi_14 < 30",
        exit="close x< sma_50",
        scale_out_pct=10.0,
        scale_out_fraction=0.5,
    ),
    case(
        "buy at the 20 ema cross up, sell at the 20 ema cross down",
        entry="close x> ema_20",
        exit="close x< ema_20",
    ),
    # -- "the middle" of the bands named before ----------------------------------------------
    case(
        "buy when close is below lower Keltner band, sell when it crosses the middle",
        entry="close < keltner_20_2_10.lower",
        exit="close x> keltner_20_2_10.middle",
    ),
    case(
        "buy when close is below the lower bollinger band, sell at the middle",
        entry="close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    # -- an exit level beyond the entry's: on to it, from the side the entry left -------------
    case("buy when rsi crosses above 30, sell at 60", entry="rsi_14 x> 30", exit="rsi_14 >= 60"),
    case("buy when rsi crosses above 70, sell at 50", entry="rsi_14 x> 70", exit="rsi_14 <= 50"),
    case(
        "short when rsi > 70, cover at 40",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 <= 40",
        direction="short",
    ),
    # -- a run of closes on one side of a line --------------------------------------------
    case(
        "buy after 4 consecutive closes below the 5 day sma, sell when close > 5 day sma",
        entry="close[-3] < sma_5[-3] & close[-2] < sma_5[-2] & close[-1] < sma_5[-1] & "
        "close < sma_5",
        exit="close > sma_5",
    ),
    case(
        "buy after 3 closes in a row below the lower band, sell at the middle band",
        entry="close[-2] < bbands_20_2.lower[-2] & close[-1] < bbands_20_2.lower[-1] & "
        "close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    # "after 2 days below the band" is a run, not a 2-day hold
    case(
        "buy after 2 days below the lower band, sell at the middle band",
        entry="close[-1] < bbands_20_2.lower[-1] & close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
    ),
    case(
        "buy when rsi < 30, sell after 3 days above the 20 sma",
        entry="rsi_14 < 30",
        exit="close[-2] > sma_20[-2] & close[-1] > sma_20[-1] & close > sma_20",
    ),
    case(
        "buy when rsi < 30, sell after 5 days or when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        exit_after_bars=5,
    ),
    # -- the first up (down) day after a run the other way ---------------------------------
    case(
        "buy the first green day after 3 red days, stop loss 3%",
        entry="close > close[-1] & close[-3] < close[-4] & close[-2] < close[-3] & "
        "close[-1] < close[-2]",
        stop_loss_pct=3.0,
    ),
    case(
        "short the first red day after 4 green days, cover after 2 days",
        short_entry="close < close[-1] & close[-4] > close[-5] & close[-3] > close[-4] & "
        "close[-2] > close[-3] & close[-1] > close[-2]",
        exit_after_bars=2,
        direction="short",
    ),
    # -- a return said as a noun, against another symbol's ---------------------------------
    case(
        "momentum: hold the stock while its 6 month return beats SPY's, otherwise stay in cash",
        entry="roc_126 > spy_roc_126",
        exit="roc_126 < spy_roc_126",
        other_symbols=["SPY"],
    ),
    case(
        "buy when its 3 month performance is better than QQQ's, sell when it is worse than QQQ's",
        entry="roc_63 > qqq_roc_63",
        exit="roc_63 < qqq_roc_63",
        other_symbols=["QQQ"],
    ),
    # -- a bounce off a line, a rejection at one ------------------------------------------
    case(
        "buy when price bounces off the 50 day SMA, sell at 10% profit or 5% loss",
        entry="low <= sma_50 & close > sma_50",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    case(
        "short when price gets rejected at the 20 ema, cover at the 10 day low",
        short_entry="high >= ema_20 & close < ema_20",
        short_exit="close <= lowest_10",
        direction="short",
    ),
    # -- "every month" read with the day it is said with -------------------------------------
    case(
        "every month on the first trading day buy SPY, sell on the 10th trading day",
        entry="calendar trading_day [1]",
        exit="calendar trading_day [10]",
        symbol="SPY",
    ),
    # -- one directional exit after a long and a short entry: the side it can close ----------
    case(
        "buy when rsi < 30, short when rsi > 70, exit when rsi > 50",
        entry="rsi_14 < 30",
        exit="rsi_14 > 50",
        short_entry="rsi_14 > 70",
        direction="both",
    ),
    case(
        "buy when rsi < 30, short when rsi > 70, exit when rsi < 50",
        entry="rsi_14 < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 50",
        direction="both",
    ),
    # -- a form's field names ----------------------------------------------------------------
    case(
        "Buy signal: price crosses above 100 SMA. Sell signal: price crosses below 100 SMA. "
        "Asset: NVDA. Timeframe: daily. Period: 2019-2023.",
        entry="close x> sma_100",
        exit="close x< sma_100",
        symbol="NVDA",
        interval="1d",
        start=date(2019, 1, 1),
        end=date(2023, 12, 31),
    ),
    case(
        "Ticker: AAPL. Entry: RSI < 30. Exit: RSI > 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
    ),
    # -- the Stochastic RSI: its own indicator, not RSI with "stoch" listed back ---------------
    case(
        "entry - stoch rsi below 20, exit - stoch rsi above 80",
        entry="stochrsi_14_14_3_3.k < 20",
        exit="stochrsi_14_14_3_3.k > 80",
    ),
    case(
        "buy when stochastic rsi crosses above 20, sell when it crosses below 80",
        entry="stochrsi_14_14_3_3.k x> 20",
        exit="stochrsi_14_14_3_3.k x< 80",
    ),
    case(
        "buy when the stoch rsi %k crosses above %d, sell when the stoch rsi %k crosses below %d",
        entry="stochrsi_14_14_3_3.k x> stochrsi_14_14_3_3.d",
        exit="stochrsi_14_14_3_3.k x< stochrsi_14_14_3_3.d",
    ),
    # -- "invest in", "hold" (a holding) and "hold until" (its exit) -------------------------
    case(
        "invest in SPY when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
    ),
    case(
        "hold SPY only from November to April, cash otherwise",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    case(
        "hold QQQ when it is above the 200 sma, otherwise cash",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="QQQ",
    ),
    case("buy when rsi < 30, hold until rsi > 70", entry="rsi_14 < 30", exit="rsi_14 > 70"),
    case("buy when rsi < 30, hold 10 days", entry="rsi_14 < 30", exit_after_bars=10),
    case(
        "entry at the close when williams %r < -80, exit when > -20, max holding 10 days",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
        exit_after_bars=10,
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy when the 3 day average of the close crosses above the 10 day average, hold for 20 "
        "bars max",
        entry="sma_3 x> sma_10",
        exit_after_bars=20,
    ),
    # -- the slope of a line, said as a noun ------------------------------------------------
    case(
        "when the 50 SMA slope turns up buy, when it turns down sell",
        entry="sma_50 > sma_50[-1]",
        exit="sma_50 < sma_50[-1]",
    ),
    case(
        "buy when the slope of the 20 ema turns up, sell when the slope of the 20 ema turns down",
        entry="ema_20 > ema_20[-1]",
        exit="ema_20 < ema_20[-1]",
    ),
    case(
        "buy when the slope of the 50 sma is positive, sell when the slope of the 50 sma is "
        "negative",
        entry="sma_50 > sma_50[-1]",
        exit="sma_50 < sma_50[-1]",
    ),
    # -- fading a gap: against it, at the open that makes it --------------------------------
    case(
        "fade gaps up of more than 1% on SPY: short the open, cover at the close",
        short_entry="open > close[-1]*1.01",
        direction="short",
        symbol="SPY",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "fade gap ups over 1%: short at the open, cover at the close",
        short_entry="open > close[-1]*1.01",
        direction="short",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "fade gap downs bigger than 3%, sell at the close",
        entry="open < close[-1]*0.97",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "Gap down more than 3% at the open: buy the open, sell at the close",
        entry="open < close[-1]*0.97",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "short gap ups of 1% or more at the open, cover at the close the same day",
        short_entry="open >= close[-1]*1.01",
        direction="short",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    # -- "whichever comes first": how exits said with "or" are read already, stated ----------
    case(
        "buy when rsi < 30, sell after 10 days or at a 5% stop, whichever comes first",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        exit_after_bars=10,
    ),
    case(
        "buy when rsi(2) < 5, exit after 10 days or if it's down 4%, whichever first",
        entry="rsi_2 < 5",
        stop_loss_pct=4.0,
        exit_after_bars=10,
    ),
    case(
        "exit rule: close the position if it's down 4% or after 10 days, whichever first. "
        "entry: RSI(2) < 5",
        entry="rsi_2 < 5",
        stop_loss_pct=4.0,
        exit_after_bars=10,
    ),
    # -- the seasonal saying with its own buy rule --------------------------------------------
    case(
        "sell in may and go away, buy back in november, SPY since 2000",
        **SEASONAL,
        symbol="SPY",
        start=date(2000, 1, 1),
    ),
    case("sell in May, buy back in November", **SEASONAL),
    case("sell in may and go away, buy in november", **SEASONAL),
    case("sell in may and go away, come back in november", **SEASONAL),
    case(
        "sell on Fridays, buy back on Mondays",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)


def test_selling_back_on_a_signal_is_still_a_short_sale():
    u = understand("sell when RSI(14) > 70, buy back when RSI(14) < 30")

    assert u.spec is not None and u.spec.direction == "short"  # only the calendar is a holding


def test_buying_back_on_the_calendar_says_so():
    u = understand("sell in May, buy back in November")

    assert "'buy back' after selling a long read as buying again" in u.assumptions


def test_a_fade_says_which_way_it_trades():
    u = understand("fade gaps up of more than 1% on SPY: short the open, cover at the close")

    assert any("short a gap up" in a for a in u.assumptions), u.assumptions


def test_whichever_comes_first_is_stated():
    u = understand("buy when rsi < 30; exit on rsi > 70 or after 5 bars, whichever happens first")

    assert "'whichever comes first': the first exit met closes the trade" in u.assumptions
