"""The offline compiler on conditions counted over the last bars (issue 10): "3 of the last 4
days closed up", "at least 3 up days in the last 5", "closed higher in 3 of the past 5
sessions", "above the 20 SMA every day for the last 5 days", "stays above the 50 MA for a week"
(5 daily bars by the unit table), "twice in a row", "on 2 consecutive bars" and, for events,
"crosses above the 20 SMA twice within 5 days" (the second cross: the cross on this bar with at
least 2 in the last 5 bars).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``: ``3 of 4 [close > close[-1]]`` is the comparison on at
least 3 of the last 4 bars, this one included), compiled and run over every bar. ``REPORTED``
are phrasings Botlab must not guess at: the words it did not read are reported.
"""

from __future__ import annotations

import pytest

from engine.generation import compile_spec, understand
from engine.generation import spec as S

from .generation.corpus import case, check_row
from .generation.support import load_strategy

#: The settings a row must not change unless it says so (each else at the spec's default).
FIELDS = ("exit_after_bars", "direction", "period_days", "stop_loss_pct", "take_profit_pct")

UP = "close > close[-1]"

CASES = [
    # -- at least K of the last M bars -----------------------------------------------------------
    case(
        "Buy when 3 of the last 4 days closed up. sell after 5 days",
        entry=f"3 of 4 [{UP}]",
        exit_after_bars=5,
        says="read as: on at least 3 of the last 4 bars",
    ),
    case(
        "Strategy for TSLA: enter long if at least 3 up days in the last 5. Exit when the close "
        "drops below the 10 day EMA.",
        entry="3 of 5 [1 up closes]",
        exit="close x< ema_10",
    ),
    case(
        "Enter when at least 4 of the last 6 closes were above the 50 day moving average. Exit "
        "when the close falls below the 50 day moving average.",
        entry="4 of 6 [close > sma_50]",
        exit="close x< sma_50",
    ),
    case(
        "buy when the stock closed higher in 3 of the past 5 sessions, sell after 10 days or 8% "
        "profit",
        entry="3 of 5 [1 up closes]",
        exit_after_bars=10,
        take_profit_pct=8,
    ),
    case(
        "Go long when 2 of the last 3 candles closed green. take profit 3%, stop 2%",
        entry="2 of 3 [close > open]",
        stop_loss_pct=2,
        take_profit_pct=3,
    ),
    case(
        "Buy when at least 2 of the last 3 days had volume above the 20 day average volume. Sell "
        "after 5 days.",
        entry="2 of 3 [volume > volume_sma_20]",
        exit_after_bars=5,
    ),
    case(
        "buy when 4 of the last 5 days were down days, sell when we get an up day",
        entry="4 of 5 [1 down closes]",
        exit=UP,
    ),
    case(
        "Buy if 3 out of the last 5 closes are above the 10 day moving average, sell when the "
        "close is below the 10 day moving average",
        entry="3 of 5 [close > sma_10]",
        exit="close < sma_10",
    ),
    case(
        "buy QQQ when RSI(2) is under 10 on 2 of the last 3 days, sell when RSI(2) > 70",
        entry="2 of 3 [rsi_2 < 10]",
        exit="rsi_2 > 70",
    ),
    case(
        "buy SPY if it closed lower 4 out of the last 5 days, sell after 3 days",
        entry="4 of 5 [1 down closes]",
        exit_after_bars=3,
    ),
    case(
        "buy IWM when it's down 3 of the last 4 days and above its 200 day SMA, sell on the "
        "first up close",
        entry="3 of 4 [1 down closes] & close > sma_200",
        exit="1 up closes",
    ),
    case(
        "I buy when the market had 4 red days out of the last 5 and RSI(2) is below 15, sell "
        "when close > 5 day sma",
        entry="4 of 5 [1 down closes] & rsi_2 < 15",
        exit="close > sma_5",
    ),
    case(
        "buy when the stock has closed green 4 of the last 6 days, take profit at 5%, stop loss "
        "at 3%",
        entry="4 of 6 [close > open]",
        stop_loss_pct=3,
        take_profit_pct=5,
    ),
    case(
        "go long QQQ when the RSI(5) has been under 25 on 2 out of the last 4 days, exit when "
        "RSI(5) > 60",
        entry="2 of 4 [rsi_5 < 25]",
        exit="rsi_5 > 60",
    ),
    # -- on each of the last M bars ------------------------------------------------------------
    case(
        "Buy QQQ if the close is above the 20 day sma every day for the last 5 days. Sell if "
        "close < 20 day sma.",
        entry="5 of 5 [close > sma_20]",
        exit="close < sma_20",
    ),
    case(
        "buy NVDA if it stays above the 50 MA for a week, sell when it closes under the 50 MA",
        entry=(
            "close[-4] > sma_50[-4] & close[-3] > sma_50[-3] & close[-2] > sma_50[-2] & "
            "close[-1] > sma_50[-1] & close > sma_50"
        ),
        exit="close < sma_50",
        says="read as: on each of the last 5 bars",
    ),
    case(
        "Buy SPY when it closes above the 20 SMA twice in a row. Sell when it closes below the "
        "20 SMA.",
        entry="close[-1] > sma_20[-1] & close > sma_20",
        exit="close < sma_20",
    ),
    case(
        "long when RSI < 35 on 2 consecutive bars, close the position when RSI > 55",
        entry="rsi_14[-1] < 35 & rsi_14 < 35",
        exit="rsi_14 > 55",
    ),
    case(
        "buy spy when the close is below the lower bollinger band on two consecutive days. sell "
        "when the close is above the middle band",
        entry="close[-1] < bbands_20_2.lower[-1] & close < bbands_20_2.lower",
        exit="close > bbands_20_2.middle",
    ),
    case(
        "buy GLD when it closes above its 10 day ema 4 days straight, sell when it closes below "
        "the 10 day ema 2 days straight",
        entry=(
            "close[-3] > ema_10[-3] & close[-2] > ema_10[-2] & close[-1] > ema_10[-1] & "
            "close > ema_10"
        ),
        exit="close[-1] < ema_10[-1] & close < ema_10",
    ),
    case(
        "Buy when the close is above the 50-day SMA for 2 weeks, sell when the close is below "
        "the 50-day SMA for a week",
        entry=" & ".join(f"close[-{k}] > sma_50[-{k}]" for k in range(9, 0, -1))
        + " & close > sma_50",
        exit=" & ".join(f"close[-{k}] < sma_50[-{k}]" for k in range(4, 0, -1))
        + " & close < sma_50",
    ),
    # -- an event K times within M bars: on the K-th ----------------------------------------------
    case(
        "Buy when price crosses above the 20 SMA twice within 5 days. Sell when price crosses "
        "below the 20 SMA.",
        entry="close x> sma_20 & 2 of 5 [close x> sma_20]",
        exit="close x< sma_20",
        says="having happened at least 2 times in the last 5 bars",
    ),
    case(
        "buy when the close drops below the lower band 3 times within 20 days, sell after 10 days",
        entry="close x< bbands_20_2.lower & 3 of 20 [close x< bbands_20_2.lower]",
        exit_after_bars=10,
    ),
    case(
        "Enter long if MACD crosses above its signal line twice in 10 days. Exit after 7 days.",
        entry=(
            "macd_12_26_9.macd x> macd_12_26_9.signal & "
            "2 of 10 [macd_12_26_9.macd x> macd_12_26_9.signal]"
        ),
        exit_after_bars=7,
    ),
    case(
        "Buy the second time the close crosses above the 50 day moving average within 10 days, "
        "sell at a 5% stop or 10% target",
        entry="close x> sma_50 & 2 of 10 [close x> sma_50]",
        stop_loss_pct=5,
        take_profit_pct=10,
    ),
    case(
        "buy the 3rd time RSI crosses below 30 within 15 bars, sell when RSI > 60",
        entry="rsi_14 x< 30 & 3 of 15 [rsi_14 x< 30]",
        exit="rsi_14 > 60",
    ),
]

#: Counts Botlab must not guess at: the words are reported.
REPORTED = [
    ("buy on 3 of the last 5 days, sell after 2 days", "on 3 of the last 5 days"),
    ("buy the second time the close crosses above the 20 sma, sell after 5 days", "second time"),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(("text", "words"), REPORTED)
def test_a_count_with_no_condition_is_reported(text: str, words: str):
    u = understand(text)

    assert not u.complete
    assert any(words in n for n in u.not_understood), u.not_understood


def test_three_down_days_in_a_row_still_reads_as_a_run_of_closes():
    u = understand("Buy IWM when 3 down days in a row. Sell when it closes above the 5 day sma.")

    assert u.spec.entry == S.ConsecutiveCloses(n=3, direction="down")


def test_the_counted_code_reads_no_bar_after_the_one_it_counts():
    """Each counted bar is read ``back`` bars before this one, never ahead: the method of the
    count indexes ``[-1 - back]`` (and ``[-2 - back]`` for a cross), and ``next`` waits until
    the deepest bar counted exists."""
    u = understand(
        "Buy when price crosses above the 20 SMA twice within 5 days. Sell when price crosses "
        "below the 20 SMA."
    )
    source = compile_spec(u.spec)

    assert "self.data.Close[-2 - back] < self.sma[-2 - back]" in source
    assert "self.data.Close[-1 - back] > self.sma[-1 - back]" in source
    assert "if len(self.data) <= 5:" in source
    load_strategy(source, u.spec.name)


def test_a_count_renders_in_words():
    u = understand("Buy when 3 of the last 4 days closed up. sell after 5 days")

    assert u.rules[0] == (
        "Buy when the close is rising (compared with the bar before) on at least 3 of the last 4 "
        "bars (this bar included)"
    )


def test_a_count_has_no_opposite_to_sell_on():
    u = understand("Buy when the close is above the 20 day SMA on 3 of the last 5 days")

    assert isinstance(u.spec.entry, S.Count)
    assert u.spec.exit is None
    assert any("the entry signal has no opposite" in a for a in u.assumptions), u.assumptions
