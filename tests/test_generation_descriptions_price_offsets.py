"""The offline compiler on prices measured from something: a price a distance from another price
(yesterday's close, the entry, a line; in dollars, percent or ATRs), a distance from a line
bounded "by more than", "at least" or "no more than", and a trade's size in units that are not
shares (lots of a currency pair, contracts, coins).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows are
ideas Botlab does not build as said (ATRs from a line that is no EMA or SMA, a part of a unit):
they are reported with the reason, never read as something else.
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from engine.generation.spec import StrategySpec

from .generation.corpus import case, check_row
from .generation.support import bars
from .test_generation_rules import backtest, compiled

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "direction",
        "stop_loss_pct",
        "take_profit_pct",
        "stop_loss_points",
        "take_profit_points",
        "atr_stop_multiple",
        "size_shares",
        "size_cash",
        "exit_after_bars",
        "trailing_stop_pct",
        "symbol",
        "interval",
    )
}

CASES = [
    # a price a distance from another price: yesterday's close, the entry (a target or stop in $)
    case(
        "buy when it's $5 below yesterday's close, sell $3 above my entry, on SPY",
        entry="close < close[-1]-5",
        take_profit_points=3.0,
        symbol="SPY",
    ),
    case(
        "Buy MSFT when the close is $4 below the previous close. Take profit at $6 above my entry.",
        entry="close < close[-1]-4",
        take_profit_points=6.0,
        symbol="MSFT",
    ),
    case(
        "short TSLA when price is $10 above yesterday's close; cover $8 below my entry",
        short_entry="close > close[-1]+10",
        direction="short",
        take_profit_points=8.0,
        symbol="TSLA",
    ),
    case(
        "short SPY when RSI(14) > 70, cover $3 below my entry price, stop $2 above entry",
        short_entry="rsi_14 > 70",
        direction="short",
        stop_loss_points=2.0,
        take_profit_points=3.0,
        symbol="SPY",
    ),
    case(  # the target said of the price was lost beside a stop said in its own words
        "short SPY when RSI(14) > 70, cover when price is 5% below my entry, stop 3% above my "
        "entry",
        short_entry="rsi_14 > 70",
        direction="short",
        stop_loss_pct=3.0,
        take_profit_pct=5.0,
        symbol="SPY",
    ),
    case(
        "buy SPY when RSI(14) < 30, exit $3 above entry or $2 below",
        entry="rsi_14 < 30",
        stop_loss_points=2.0,
        take_profit_points=3.0,
        symbol="SPY",
    ),
    case(
        "buy SPY when RSI(14) < 30, sell when price is 2 points above my entry, stop $1.50 below "
        "my entry",
        entry="rsi_14 < 30",
        stop_loss_points=1.5,
        take_profit_points=2.0,
        symbol="SPY",
    ),
    case(  # "$4" was the starting cash, the exit words dropped
        "Long AAPL if close < yesterday's close - $3. Exit at entry + $4 or entry - $2.",
        entry="close < close[-1]-3",
        stop_loss_points=2.0,
        take_profit_points=4.0,
        symbol="AAPL",
    ),
    case(
        "buy SPY when RSI(14) < 30, take profit at entry + $4, stop at entry - $2",
        entry="rsi_14 < 30",
        stop_loss_points=2.0,
        take_profit_points=4.0,
        symbol="SPY",
    ),
    case(
        "buy SPY when RSI(14) < 30, target = entry + 5%, stop loss = entry - 2%",
        entry="rsi_14 < 30",
        stop_loss_pct=2.0,
        take_profit_pct=5.0,
        symbol="SPY",
    ),
    case(
        "short AAPL if RSI(14) > 70. Cover at entry - $4 or entry + $2.",
        short_entry="rsi_14 > 70",
        direction="short",
        stop_loss_points=2.0,
        take_profit_points=4.0,
        symbol="AAPL",
    ),
    case(
        "sell short NVDA when it's $15 above the 20-day high, buy to cover $10 below my entry",
        short_entry="close > highest_20+15",
        direction="short",
        take_profit_points=10.0,
        symbol="NVDA",
    ),
    # a stop a distance from a line: the close through the moved line (never from the entry)
    case(
        "buy AAPL when RSI(14) < 30, stop 2% under the 10-day low",
        entry="rsi_14 < 30",
        exit="close < lowest_10*0.98",
        symbol="AAPL",
    ),
    case(
        "buy SPY when RSI(14) < 30, stop $2 below the 20-day SMA",
        entry="rsi_14 < 30",
        exit="close < sma_20-2",
        symbol="SPY",
    ),
    case(
        "buy SPY when RSI(14) < 30, stop 1.5 ATR below the 20 EMA",
        entry="rsi_14 < 30",
        exit="close < keltner_20_1_5_14.lower",
        symbol="SPY",
        says="read as the lower Keltner line",
    ),
    case(
        "short QQQ when RSI(14) > 70, stop 2% above the 20-day high",
        short_entry="rsi_14 > 70",
        short_exit="close > highest_20*1.02",
        direction="short",
        symbol="QQQ",
    ),
    case(
        "buy SPY when RSI(14) < 30, stop loss placed 3% below the 50-day SMA, target 10%",
        entry="rsi_14 < 30",
        exit="close < sma_50*0.97",
        take_profit_pct=10.0,
        symbol="SPY",
    ),
    case(  # was an ATR stop from the entry, the line left out
        "buy SPY at the 20-day SMA, stop 1 ATR below the 20-day SMA",
        entry="close <= sma_20",
        exit="close < atr_bands_20_1_14.lower",
        symbol="SPY",
        says="read as the lower ATR band: SMA(20) - 1 x ATR(14)",
    ),
    # entries a distance from a line (Keltner-like offsets in ATRs from an EMA or an SMA)
    case(
        "go long AAPL when price closes 2 ATR below the 20-day SMA, exit when it crosses back "
        "above the 20-day SMA",
        entry="close < atr_bands_20_2_14.lower",
        exit="close x> sma_20",
        symbol="AAPL",
    ),
    case(
        "buy when the close is more than 2 ATR above the 50-day moving average, sell after 10 "
        "days, on QQQ",
        entry="close > atr_bands_50_2_14.upper",
        exit_after_bars=10,
        symbol="QQQ",
    ),
    case(
        "buy when close is 1.5 ATR above the 50 EMA, sell when close drops below the 50 EMA, on "
        "NVDA",
        entry="close > keltner_50_1_5_14.upper",
        exit="close x< ema_50",
        symbol="NVDA",
    ),
    case(
        "buy QQQ when the close is 2% under the 10-day low, exit at the 20-day SMA",
        entry="close < lowest_10*0.98",
        exit="close >= sma_20",
        symbol="QQQ",
    ),
    case(
        "buy when price is $2 above the 50-day high, exit after 10 days, on GLD",
        entry="close > highest_50+2",
        exit_after_bars=10,
        symbol="GLD",
    ),
    # "by more than", "at least", "within", "no more than", "less than ... off"
    case(
        "buy SPY when price is below the 50-day SMA by more than 3%, sell when it is back above "
        "the 50-day SMA",
        entry="close < sma_50*0.97",
        exit="close > sma_50",
        symbol="SPY",
    ),
    case(
        "buy when the close is at least 5% above its 200-day moving average and RSI(14) > 50; "
        "sell when it closes below the 200-day, on QQQ",
        entry="close >= sma_200*1.05 & rsi_14 > 50",
        exit="close < sma_200",
        symbol="QQQ",
    ),
    case(
        "short when price is more than 2 ATR above the 20 EMA, cover when it crosses below the 20 "
        "EMA, on TSLA",
        short_entry="close > keltner_20_2_14.upper",
        short_exit="close x< ema_20",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "short when the close is above the 20 EMA by at least 2 ATR, cover when it touches the "
        "20 EMA, on TSLA",
        short_entry="close >= keltner_20_2_14.upper",
        short_exit="close <= ema_20",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "buy when the close is below the 50-day SMA by more than 1.5 ATR, sell when it closes "
        "above the 50-day SMA, on MSFT",
        entry="close < atr_bands_50_1_5_14.lower",
        exit="close > sma_50",
        symbol="MSFT",
    ),
    case(
        "buy AAPL when price is within 1% of the 52-week high, exit after 20 days",
        entry="close >= highest_260*0.99",
        exit_after_bars=20,
        symbol="AAPL",
    ),
    case(
        "buy MSFT when the close is less than 10% off the high of the last 252 days, sell when it "
        "is more than 15% off the high",
        entry="close >= highest_252*0.9",
        exit="close < highest_252*0.85",
        symbol="MSFT",
    ),
    case(
        "buy GLD when the close is no more than 2% above the 100-day SMA, sell when RSI(14) > 70",
        entry="close <= sma_100*1.02",
        exit="rsi_14 > 70",
        symbol="GLD",
        says="the close at most 2% above the line, or below it",
    ),
    case(
        "short GLD when the close is less than 3% below the 100-day SMA, cover when RSI(14) < 30",
        short_entry="close > sma_100*0.97",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="GLD",
    ),
    case(
        "buy GLD when price is not more than 5% below the 20-day high, sell when RSI(14) > 70",
        entry="close >= highest_20*0.95",
        exit="rsi_14 > 70",
        symbol="GLD",
    ),
    case(
        "buy IWM when the close is less than 1 ATR above the 20 EMA and RSI(14) < 40, sell when "
        "RSI(14) > 60",
        entry="close < keltner_20_1_14.upper & rsi_14 < 40",
        exit="rsi_14 > 60",
        symbol="IWM",
    ),
    # a trade's size in units: lots of a currency pair, units, contracts, whole coins
    case(
        "1 mini lot of EURUSD: buy when the 10 SMA crosses above the 30 SMA, sell on the opposite "
        "cross",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        size_shares=10_000,
        symbol="EURUSD=X",
        says="'1 mini lot' read as 10,000 units of the currency pair",
    ),
    case(
        "trade 10,000 units of EURUSD=X, buy when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_shares=10_000,
        symbol="EURUSD=X",
    ),
    case(
        "buy 1 standard lot of GBPUSD when the 20 EMA crosses above the 50 EMA, sell on the "
        "opposite",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        size_shares=100_000,
        symbol="GBPUSD=X",
    ),
    case(
        "buy 3 micro lots of USDJPY when RSI(14) < 30, sell when RSI(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_shares=3_000,
        symbol="USDJPY=X",
    ),
    case(
        "buy 2 contracts of ES=F when the close crosses above the 20-day high, exit after 5 days",
        entry="close x> highest_20",
        size_shares=2,
        exit_after_bars=5,
        symbol="ES=F",
        says="backtesting.py has no contract multiplier",
    ),
    case(
        "trade 3 ETH per signal, buy ETH-USD when MACD crosses above signal, sell when it crosses "
        "below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        size_shares=3,
        symbol="ETH-USD",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


REPORTED = [  # (text, words reported back, a reason Botlab gives)
    (
        "buy SPY when RSI(14) < 30, stop 1 ATR below the lower bollinger band",
        "stop 1 ATR below the lower bollinger band",
        "A stop some ATRs from a line is built from an EMA or an SMA",
    ),
    (
        "buy SPY when RSI(14) < 30, stop 2 ATR below the VWAP",
        "stop 2 ATR below the VWAP",
        "A stop some ATRs from a line is built from an EMA or an SMA",
    ),
    (  # was a 2% stop from the entry, the low reported
        "buy SPY when it is 1% below yesterday's low, stop 2% below yesterday's low",
        "stop 2% below yesterday's low",
        "A stop a distance from a bar's price",
    ),
    (
        "Trade 0.5 ETH. Buy ETH-USD when the 20 EMA crosses above the 50 EMA, sell when it "
        "crosses below",
        "Trade 0.5",
        "backtesting.py buys and sells whole units",
    ),
    (
        "buy 0.01 BTC each time RSI(14) drops below 30 on BTC-USD, sell when RSI goes above 70",
        "0.01",
        "backtesting.py buys and sells whole units",
    ),
    (
        "buy 0.25 BTC when price closes above the 20-day high, sell when it closes below the "
        "10-day low",
        "0.25",
        "backtesting.py buys and sells whole units",
    ),
    (  # the words were listed back before, with no reason
        "buy 1.5 shares when RSI(2) < 10 on SPY, sell when RSI(2) > 90",
        "1.5 shares when",
        "backtesting.py buys and sells whole units",
    ),
    (
        "buy 1.5 shares of SPY when RSI(2) < 10, sell when RSI(2) > 90",
        "1.5 shares of",
        "backtesting.py buys and sells whole units",
    ),
]


@pytest.mark.parametrize(("text", "words", "why"), REPORTED)
def test_what_cannot_be_built_is_reported_not_misread(text: str, words: str, why: str):
    u = understand(text)

    assert words in u.not_understood
    assert any(why in p for p in u.problems), u.problems
    assert u.spec is not None
    assert u.spec.size_shares is None  # never rounded to a whole unit
    assert u.spec.atr_stop_multiple is None  # never a stop from the entry instead
    assert u.spec.stop_loss_pct is None


def test_atrs_from_a_daily_average_on_hourly_bars_are_refused_not_misread():
    """The 20-day SMA on hourly bars is the daily one: its ATR band is of daily bars, which
    Botlab does not build (it was the hourly line, silently)."""
    u = understand(
        "on hourly bars buy EURUSD when price closes 2 ATR below the 20-day SMA, exit when it "
        "crosses above the 20-day SMA"
    )

    assert u.spec is None
    assert "daily ATR bands" in u.refusal


@pytest.mark.parametrize(
    "text",
    [
        "buy SPY on a 20-day high, add on each new 20-day high, use 3 units max, sell on a 10-day "
        "low",
        "trade 4 units maximum: buy on a 55-day high and add every 0.5 ATR, exit on a 20-day low",
    ],
)
def test_units_said_as_a_cap_are_no_trade_size(text: str):
    assert understand(text).spec.size_shares is None


def test_a_stop_on_the_wrong_side_of_the_trade_is_reported():
    u = understand("short QQQ when RSI(14) > 70, stop 2% below the 20-day high")

    assert "2% below the 20-day high" in u.not_understood
    assert "highest" not in str(u.spec.short_exit)


def test_a_mini_lot_is_ten_thousand_units_in_every_trade():
    """The bot backtesting.py runs on hourly EURUSD buys 10,000 units in every trade (a whole
    number of units, the size backtesting.py reads as a unit count), and the echo says units."""
    text = (
        "1 mini lot of EURUSD: buy when the 10 SMA crosses above the 30 SMA, sell on the "
        "opposite cross"
    )
    _, bot = compiled(text)
    trades = backtest(bot, bars("EURUSD"))._trades

    assert len(trades) > 3
    assert set(trades["Size"]) == {10_000}
    assert "Position size: 10000 units per trade" in understand(text).rules
