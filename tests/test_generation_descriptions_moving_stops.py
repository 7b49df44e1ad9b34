"""The offline compiler on stops that move after the entry (issue 10).

* A trailing stop that starts only after a break-even move or a gain ("move the stop to
  breakeven at +1R, then trail 2 ATR", "after that trail 3%", "once up 5% trail by 2%"): a
  trailing stop is built from the entry, where it would stop trades out sooner than the writer
  means, so the lead and the trailing stop's words are reported, saying so; the rest is read.
  "stop 5%, then trail 8%" (no break-even move before the "then") is two stops from the entry,
  read as said, and so is a trailing stop said beside a break-even move.
* A stop at a recent high or low ("stop at the 10-day high" on a short, "stop under the lowest
  low of the last 5 days", "stop below the swing low"): a trader's stop sits where that line
  was at the entry, and that is the stop built (``stop_level``), never a close through the line
  as it keeps moving (more in ``test_generation_descriptions_level_stops``). An exit rule
  through the moving line ("sell when close < 20-day low", the Turtle exit "stop out below the
  10 day low") is read as said.
* Rules read one by one that no single bot can hold are refused in plain words: the spec
  check's field names (``exit_same_bar``, ``risk_pct``) are never quoted to the writer.

Rows use the table and checks of ``tests/test_generation_descriptions_rules.py``: every accepted
row is compiled and backtested on bundled data.
"""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from engine.generation import understand
from engine.generation._assemble import _cannot_combine
from engine.generation.spec import IndicatorRef, StrategySpec

from .test_generation_descriptions_rules import case, check_reading

#: A word a programmer names a field with ("exit_same_bar", "risk_pct"): never shown to a writer.
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")

#: Trailing stops that start after a break-even move or a gain: reported, never built from
#: the entry.
TRAILS_STARTED_LATER = [
    case(
        "buy SPY when RSI(14) crosses above 30, stop 2%, move the stop to breakeven at +1R, "
        "then trail 2 ATR",
        entry="rsi_14 x> 30",
        symbol="SPY",
        stop_loss_pct=2.0,
        breakeven_pct=2.0,
        atr_trailing=False,
        not_understood=["then trail 2 ATR"],
    ),
    case(
        "buy MSFT when MACD crosses above signal, stop 4%, move stop to breakeven after a 3% "
        "gain and then trail it 5%",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        symbol="MSFT",
        stop_loss_pct=4.0,
        breakeven_pct=3.0,
        trailing_stop_pct=None,
        not_understood=["and then trail it 5%"],
    ),
    case(
        "short TSLA when close crosses below the 20 EMA, stop 3%, move the stop to breakeven "
        "after a 2% gain, then trail 1.5 ATR",
        short_entry="close x< ema_20",
        direction="short",
        symbol="TSLA",
        stop_loss_pct=3.0,
        breakeven_pct=2.0,
        atr_trailing=False,
        not_understood=["then trail 1.5 ATR"],
    ),
    case(
        "buy QQQ when the 10 EMA crosses above the 30 EMA, stop 3%, after that trail 3%",
        entry="ema_10 x> ema_30",
        symbol="QQQ",
        stop_loss_pct=3.0,
        trailing_stop_pct=None,
        not_understood=["after that trail 3%"],
    ),
    case(
        "buy NVDA when RSI(2) < 10, stop 4%, once up 5% trail by 2%",
        entry="rsi_2 < 10",
        symbol="NVDA",
        stop_loss_pct=4.0,
        trailing_stop_pct=None,
        not_understood=["once up 5% trail by 2%"],
    ),
    case(
        "buy IWM when close > 20 SMA, stop 5%, after a 10% gain, trail 3%",
        entry="close > sma_20",
        symbol="IWM",
        stop_loss_pct=5.0,
        trailing_stop_pct=None,
        not_understood=["after a 10% gain, trail 3%"],
    ),
]

#: Trailing stops from the entry, said next to another stop: read as said.
TRAILS_FROM_THE_ENTRY = [
    case(
        "buy SPY when close crosses above 50 SMA, stop 5%, then trail 8%",
        entry="close x> sma_50",
        symbol="SPY",
        stop_loss_pct=5.0,
        trailing_stop_pct=8.0,
    ),
    case(
        "buy SPY when close crosses above 50 SMA, stop 5% then trail 8%",
        entry="close x> sma_50",
        symbol="SPY",
        stop_loss_pct=5.0,
        trailing_stop_pct=8.0,
    ),
    case(
        "buy AAPL when RSI(14) < 30, 3% trailing stop, move stop to breakeven after a 2% gain",
        entry="rsi_14 < 30",
        symbol="AAPL",
        trailing_stop_pct=3.0,
        breakeven_pct=2.0,
    ),
    case(
        "buy SPY when price is up 5% in a day, trail 3%",
        entry="roc_1 >= 5",
        symbol="SPY",
        trailing_stop_pct=3.0,
    ),
]

#: A stop at a recent high or low sits where that line was at the entry (``stop_level``), never
#: read as a close through the line as it moves; an exit rule through the moving line is read as
#: said.
STOPS_AT_A_RECENT_EXTREME = [
    case(
        "short QQQ when close crosses below the 20 day SMA, stop at the 10-day high",
        short_entry="close x< sma_20",
        direction="short",
        symbol="QQQ",
        stop_level=IndicatorRef(id="highest_10"),
    ),
    case(
        "buy SPY when close crosses above 50 SMA, stop at the 20-day low",
        entry="close x> sma_50",
        symbol="SPY",
        stop_level=IndicatorRef(id="lowest_20"),
    ),
    case(
        "buy AAPL when RSI(2) < 10, stop under the lowest low of the last 5 days",
        entry="rsi_2 < 10",
        symbol="AAPL",
        stop_level=IndicatorRef(id="lowest_5"),
    ),
    case(
        "buy MSFT when close crosses above the 20 EMA, stop below the swing low",
        entry="close x> ema_20",
        symbol="MSFT",
        stop_level=IndicatorRef(id="swing_low_5"),
    ),
    case(
        "short TSLA when RSI(14) > 70, stop loss above the highest high of the past 15 bars",
        short_entry="rsi_14 > 70",
        direction="short",
        symbol="TSLA",
        stop_level=IndicatorRef(id="highest_15"),
    ),
    case(
        "buy SPY when close crosses above 50 SMA, sell when close < 20-day low",
        entry="close x> sma_50",
        exit="close < lowest_20",
        symbol="SPY",
    ),
    case(
        "buy a 20 day breakout, stop out below the 10 day low",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    case(
        "buy SPY when close crosses above 50 SMA, stop at the low of the signal bar",
        entry="close x> sma_50",
        symbol="SPY",
        bar_stop=True,
    ),
]

CASES = TRAILS_STARTED_LATER + TRAILS_FROM_THE_ENTRY + STOPS_AT_A_RECENT_EXTREME


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_moving_stop_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


def test_rules_that_cannot_share_a_bot_are_refused_in_plain_words():
    u = understand(
        "Long JPM on a gap up of more than 2%. Stop at the open minus $1. Exit at the close."
    )

    assert u.spec is None
    assert "a sale at the same bar's close is built only for a trade bought at" in u.refusal
    assert not SNAKE_CASE.search(u.refusal), u.refusal


#: Specs each spec check refuses, as parts read one by one could make them.
CONTRADICTIONS = [
    {"exit_same_bar": True},
    {"risk_pct": 1.0},
    {"size_cash": 5000.0, "size_shares": 10},
    {"max_units": 3},
    {"add_drops_pct": [8.0, 4.0], "max_units": 3},
    {
        "scale_out_pct": 5.0,
        "scale_out_fraction": 0.6,
        "more_scale_outs": [{"gain_pct": 10.0, "fraction": 0.5}],
    },
    {"exit_fill": "open"},
    {"atr_trailing": True},
]


@pytest.mark.parametrize("fields", CONTRADICTIONS, ids=lambda f: ",".join(f))
def test_a_spec_check_is_told_to_the_writer_without_field_names(fields: dict):
    base = {
        "name": "Bot",
        "entry": {"type": "calendar", "unit": "weekday", "values": [0]},
        "exit": {"type": "calendar", "unit": "weekday", "values": [4]},
    }
    with pytest.raises(ValidationError) as caught:
        StrategySpec.model_validate({**base, **fields})

    refusal = _cannot_combine(caught.value)
    assert refusal.startswith("Botlab read these rules but cannot build them into one bot: ")
    assert not SNAKE_CASE.search(refusal), refusal
