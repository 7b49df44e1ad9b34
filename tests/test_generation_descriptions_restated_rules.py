"""The offline compiler on a rule said twice: first vaguely, then exactly in a sentence opened by
a restating word ("I like buying Adobe when OBV is trending up but price is flat. Concretely: OBV
above its 30-day SMA, ..."; "Specifically:", "In other words:", "Precisely:", "That is:",
"i.e."). The exact sentence's conditions ARE the rule before it (they replace the vague framing,
which is echoed as set aside), never the next rule's: before this, they were ORed into the exit,
silently when the marker was a word the reader skips ("Specifically").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields); every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape

FIELDS = (*SETTINGS, "direction")

CASES = [
    case(
        "I like buying Adobe when OBV is trending up but price is flat. Concretely: OBV above its "
        "30-day SMA, and the 10-day ROC of price between -2% and 2%. Exit when OBV drops under "
        "its 30-day SMA.",
        entry="obv > obv_sma_30 & (roc_10 >= -2 & roc_10 <= 2)",
        exit="obv x< obv_sma_30",
        symbol="ADBE",
        direction="long",
        says="'when OBV is trending up but price is flat' is set aside",
    ),
    case(
        "I like buying Adobe when OBV is trending up but price is flat. Specifically: OBV above "
        "its 30-day SMA, and the 10-day ROC of price between -2% and 2%. Exit when OBV drops "
        "under its 30-day SMA.",
        entry="obv > obv_sma_30 & (roc_10 >= -2 & roc_10 <= 2)",
        exit="obv x< obv_sma_30",
        symbol="ADBE",
        direction="long",
        says="Read 'Specifically:' as restating the rule before it",
    ),
    case(
        "Go long NVDA on the 4h chart when momentum is building. In other words: RSI(14) above "
        "55 and MACD above its signal line. Sell when RSI falls below 45.",
        entry="rsi_14 > 55 & macd_12_26_9.macd > macd_12_26_9.signal",
        exit="rsi_14 x< 45",
        symbol="NVDA",
        interval="4h",
        direction="long",
        says="'when momentum is building' is set aside",
    ),
    case(
        "Short EURUSD when the trend turns down. Precisely: the 20 EMA crosses below the 50 EMA. "
        "Cover when the 20 EMA crosses back above the 50 EMA.",
        short_entry="ema_20 x< ema_50",
        short_exit="ema_20 x> ema_50",
        symbol="EURUSD=X",
        direction="short",
        says="'when the trend turns down' is set aside",
    ),
    case(
        "Buy MSFT when it is oversold. That is: the close is below the lower Bollinger band "
        "(20, 2) and RSI(14) under 30. Exit when the close is above the 20-day SMA.",
        entry="close < bbands_20_2.lower & rsi_14 < 30",
        exit="close > sma_20",
        symbol="MSFT",
        direction="long",
        says="'when it is oversold' is set aside",
    ),
    case(
        "Buy SPY when it is cheap. I.e., RSI(2) below 10. Sell when RSI(2) is above 90.",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="SPY",
        direction="long",
        says="'when it is cheap' is set aside",
    ),
    case(
        "Buy when the trend is up on QQQ. Specifically, the close above the 200-day SMA. Sell "
        "when the close is below the 200-day SMA.",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="QQQ",
        direction="long",
        says="'when the trend is up on QQQ' is set aside",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


TOUCHES = [  # "touches" a line read as the close reaching it: said in the echo, never silent
    case(
        "buy the dip when price touches lower BB(20,2) & RSI(14)<30",
        entry="close <= bbands_20_2.lower & rsi_14 < 30",
        exit="close >= bbands_20_2.upper",
        direction="long",
        says="read as the close at or below it, not the bar's low touching it",
    ),
    case(
        "Buy AMD when price touches the 100-day EMA and RSI(14) is below 40; sell when RSI(14) "
        "is above 65.",
        entry="close <= ema_100 & rsi_14 < 40",
        exit="rsi_14 > 65",
        symbol="AMD",
        direction="long",
        says="read as the close at or below it, not the bar's low touching it",
    ),
    case(
        "Short TLT when price touches the upper Keltner channel; cover when the close is below "
        "the 20-day EMA.",
        short_entry="close >= keltner_20_2_10.upper",
        short_exit="close < ema_20",
        symbol="TLT",
        direction="short",
        says="read as the close at or above it, not the bar's high touching it",
    ),
]


@pytest.mark.parametrize(("text", "expect"), TOUCHES)
def test_a_touch_read_as_the_close_is_echoed(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_touch_said_of_the_low_is_the_low_with_no_close_echo():
    u = understand(
        "Buy when the low touches the lower Bollinger band; sell when RSI(14) is above 70."
    )

    assert u.spec is not None and rule_shape(u.spec.entry) == "low <= bbands_20_2.lower"
    assert not any("read as the close" in a for a in u.assumptions), u.assumptions


RANGE_WINDOWS = [  # (text, the range's window's first minute): a window that defines a range
    (
        "GBPUSD 15 min, London session only (08:00-12:00 UTC). Long when price breaks above the "
        "Asian session high (00:00-07:00 UTC). Stop at the Asian low, close everything at 16:00 "
        "UTC.",
        0,
    ),
    (
        "EURUSD 5m, only between 13:00 and 17:00 UTC. Buy when price breaks above the overnight "
        "range high (00:00-06:00 UTC). Exit at 20:00 UTC.",
        0,
    ),
    (
        "QQQ 15m. Short when price breaks below the opening range low (09:30-10:00). Cover at "
        "15:45.",
        570,
    ),
    (
        "GBPJPY 30m, trade only between 07:00 and 11:00 UTC. Buy when price closes above the "
        "pre-London range high (03:00-07:00 UTC). Stop loss 0.5%.",
        180,
    ),
]


@pytest.mark.parametrize(("text", "first"), RANGE_WINDOWS, ids=lambda v: str(v)[:50])
def test_a_window_defining_a_range_is_the_range_never_traded(text: str, first: int):
    """ "the Asian session high (00:00-07:00 UTC)": the window names the bars of the range (a
    ``session_range`` over that window, since sessions21; reported before), never a time to
    enter or exit."""
    u = understand(text)

    assert u.spec is not None
    ranges = [i for i in u.spec.indicators if i.kind == "session_range"]
    assert ranges and all(i.params["end"] - i.params["minutes"] == first for i in ranges)
    sides = (u.spec.entry, u.spec.exit, u.spec.short_entry, u.spec.short_exit)
    shapes = " ".join(rule_shape(side) or "" for side in sides)
    assert f"[{first}, " not in shapes, shapes
