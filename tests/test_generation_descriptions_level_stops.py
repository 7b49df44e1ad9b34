"""The offline compiler on stops placed at a price level a line names, and on a risk per trade
measured to them (issue 10).

* A stop at a recent high or low ("stop at the lowest low of the last 5 days", "stop below the
  swing low", "stop above the 10-day high" on a short): a stop order at the line's value on the
  signal bar, fixed for the trade (``stop_level``).
* A stop that follows a line ("trail the stop at the 10-day low", "move the stop up to the
  5-day low", "stop at the PSAR", "stop at the Supertrend line": lines drawn as a trailing
  stop): set there, then moved to the line's value at each close, never loosened
  (``stop_level_trails``), and the echo says so.
* "risk 1% of equity per trade" with any of these stops, or a bar's low, or an ATR stop: shares =
  risk cash / (entry - stop), capped by the size fraction (one ``trade_size`` for every stop).
* A stop at a line on the wrong side of the trade ("buy ..., stop at the 10-day high") is
  refused, naming the line.

Rows are checked through ``tests/generation/corpus.check_row`` (read in full, compiled and run
over every bar); the trades are checked against hand-written strategies in
``tests/test_generation_reference_level_stops.py``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from engine.generation.spec import IndicatorRef, StrategySpec

from .generation.corpus import case, check_row

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "symbol",
        "direction",
        "stop_level",
        "stop_level_trails",
        "risk_pct",
        "risk_cash",
        "bar_stop",
        "atr_stop_multiple",
        "stop_loss_pct",
        "trailing_stop_pct",
    )
}
PSAR = IndicatorRef(id="psar_0_02_0_2")

FIXED_AT_ENTRY = [
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, stop at the lowest low of the last "
        "5 days",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        stop_level=IndicatorRef(id="lowest_5"),
    ),
    case(
        "Buy NVDA when MACD crosses above signal, stop below the swing low, risk 2% of equity "
        "per trade",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        symbol="NVDA",
        stop_level=IndicatorRef(id="swing_low_5"),
        risk_pct=2.0,
    ),
    case(
        "short QQQ when RSI(14) crosses below 70, stop above the 10-day high, cover when "
        "RSI(14) < 30",
        short_entry="rsi_14 x< 70",
        short_exit="rsi_14 < 30",
        symbol="QQQ",
        direction="short",
        stop_level=IndicatorRef(id="highest_10"),
    ),
    case(
        "buy GLD when RSI(2) < 10, stop under the 20-day low, sell when RSI(2) > 70, risk $500 "
        "per trade",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="GLD",
        stop_level=IndicatorRef(id="lowest_20"),
        risk_cash=500.0,
    ),
]

TRAILED = [
    case(
        "buy MSFT when the close crosses above the 20-day SMA, sell when RSI(14) > 70, trail "
        "the stop at the 10-day low",
        entry="close x> sma_20",
        exit="rsi_14 > 70",
        symbol="MSFT",
        stop_level=IndicatorRef(id="lowest_10"),
        stop_level_trails=True,
    ),
    case(
        "go long SPY when the close crosses above the 50 day moving average, move the stop up "
        "to the 5-day low, risk 1% per trade",
        entry="close x> sma_50",
        symbol="SPY",
        direction="long",
        stop_level=IndicatorRef(id="lowest_5"),
        stop_level_trails=True,
        risk_pct=1.0,
    ),
    case(
        "short IWM when the close crosses below the 20 EMA, trail the stop at the 10-day high",
        short_entry="close x< ema_20",
        symbol="IWM",
        direction="short",
        stop_level=IndicatorRef(id="highest_10"),
        stop_level_trails=True,
    ),
    case(
        "buy JPM when close crosses above the PSAR, sell when it crosses below, risk 2% per "
        "trade, stop at the PSAR",
        entry="close x> psar_0_02_0_2",
        exit="close x< psar_0_02_0_2",
        symbol="JPM",
        stop_level=PSAR,
        stop_level_trails=True,
        risk_pct=2.0,
    ),
    case(
        "Buy JPM when the price crosses above the Parabolic SAR and sell when it crosses back "
        "below. Risk 2% of equity per trade, with the stop at the SAR value.",
        entry="close x> psar_0_02_0_2",
        exit="close x< psar_0_02_0_2",
        symbol="JPM",
        stop_level=PSAR,
        stop_level_trails=True,
        risk_pct=2.0,
    ),
    case(
        "buy TSLA when the Supertrend(10, 3) turns bullish, risk 1% of equity per trade, stop "
        "at the Supertrend line",
        entry="supertrend_10_3.direction x> 0",
        symbol="TSLA",
        stop_level=IndicatorRef(id="supertrend_10_3", output="line"),
        stop_level_trails=True,
        risk_pct=1.0,
    ),
]

#: A risk per trade with the stops built before this family: the signal bar's low, an ATR stop
RISK_TO_OTHER_STOPS = [
    case(
        "Buy SPY when RSI(14) crosses above 30, stop at yesterday's low, sell when RSI above "
        "70, risk 1% of equity per trade",
        entry="rsi_14 x> 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        bar_stop=True,
        risk_pct=1.0,
    ),
    case(
        "W%R(14) < -80 buy, > -20 sell. GLD. risk 1% of equity per trade w/ 2 ATR stop",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
        symbol="GLD",
        atr_stop_multiple=2.0,
        risk_pct=1.0,
    ),
    case(
        "META - long when ADX>25 & +DI>-DI, exit when +DI crosses under -DI. risk 1% per trade "
        "w/ 2 ATR stop",
        entry="adx_14.adx > 25 & adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.plus_di x< adx_14.minus_di",
        symbol="META",
        direction="long",
        atr_stop_multiple=2.0,
        risk_pct=1.0,
    ),
]


@pytest.mark.parametrize(("text", "expect"), FIXED_AT_ENTRY + TRAILED + RISK_TO_OTHER_STOPS)
def test_a_stop_at_a_level_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, stop at the 10-day high",
            "the highest high of the previous 10 bars",
        ),
        (
            "short AMD when RSI(14) > 70, cover when RSI(14) < 30, stop below the 20-day low",
            "the lowest low of the previous 20 bars",
        ),
    ],
)
def test_a_stop_on_the_wrong_side_of_the_trade_is_refused_naming_the_line(text: str, line: str):
    u = understand(text)

    assert u.spec is None
    assert line in (u.refusal or "")


def test_the_echo_says_a_trailed_stop_only_tightens_and_a_fixed_one_stays():
    trailed = understand(TRAILED[0].values[0]).rules
    fixed = understand(FIXED_AT_ENTRY[0].values[0]).rules

    assert any("only ever tightening" in r for r in trailed), trailed
    assert any("fixed for the trade" in r for r in fixed), fixed
