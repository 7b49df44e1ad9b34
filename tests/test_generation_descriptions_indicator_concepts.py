"""The offline compiler on indicator concepts unseen samples left partial or misread: lines of
channels and clouds, volume and new-extreme lines, bar patterns at a place, concepts Botlab does
not read (reported by name), and a scale-in said alongside the entry.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows name
a concept Botlab does not read: its words are reported with the reason and the closest phrasing
Botlab reads, never read as something else.
"""

from __future__ import annotations

import pytest

from engine.generation import compile_spec, understand
from engine.generation.spec import StrategySpec

from .generation.corpus import SIDES, case, check_row

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "exit_after_bars",
        "size_shares",
        "size_fraction",
        "max_units",
        "symbol",
        "interval",
        "stop_loss_pct",
        "take_profit_pct",
        "direction",
    )
}
#: One unit of three (or two), each of 99% of equity
THIRD, HALF = 0.33, 0.495

CASES = [
    # a scale-in said alongside the entry: the add rule (checked only while holding) is its own;
    # an exit that refers back ("the cross back") means the entry's lines, never the add's
    case(
        "buy QQQ when the 10 EMA crosses above the 30 EMA, add to the position when RSI drops "
        "below 40, sell on the cross back",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        add_on="rsi_14 x< 40",
        max_units=3,
        size_fraction=THIRD,
        symbol="QQQ",
    ),
    case(
        "short SPY when the 20 SMA crosses below the 50 SMA, add a unit when RSI rises above 60, "
        "cover when they cross back",
        short_entry="sma_20 x< sma_50",
        short_exit="sma_20 x> sma_50",
        add_on="rsi_14 x> 60",
        max_units=3,
        size_fraction=THIRD,
        symbol="SPY",
        direction="short",
    ),
    case(
        "buy AAPL when RSI(14) < 30, add on a pullback to the 20 EMA, at most twice, sell when "
        "RSI > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        add_on="close > ema_20 & low <= ema_20",
        max_units=3,
        size_fraction=THIRD,
        symbol="AAPL",
        says="At most 2 adds read as 3 units in all",
    ),
    case(
        "buy SPY when close > SMA(50), add a unit on each new 20-day high, max once, exit below "
        "the SMA(50)",
        entry="close > sma_50",
        exit="close < sma_50",
        add_on="close > highest_20",
        max_units=2,
        size_fraction=HALF,
        symbol="SPY",
    ),
    # "it closes higher" is the close, whatever line "it" named last (an average never closes)
    case(
        "buy half at the golden cross on SPY, the other half if it closes higher, sell on the "
        "death cross",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        add_on="close > close[-1]",
        max_units=2,
        size_fraction=HALF,
        symbol="SPY",
    ),
    case(
        "buy SPY when the 20 SMA crosses above the 50 SMA, add a unit when it closes higher, sell "
        "after 5 days",
        entry="sma_20 x> sma_50",
        add_on="close > close[-1]",
        max_units=3,
        size_fraction=THIRD,
        exit_after_bars=5,
        symbol="SPY",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS, (*SIDES, "add_on"))


def test_an_add_rule_adds_only_while_holding():
    spec = understand(CASES[0].values[0]).spec

    assert "elif self.position and add_signal" in compile_spec(spec)
