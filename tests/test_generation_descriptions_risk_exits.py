"""The offline compiler on descriptions written by traders who care most about risk and exits
(a held-out sample, fresh20b): how each trade is stopped, trailed, targeted and sized.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows are
risk rules Botlab does not build as said: a loss limit on the account, a second stop of a kind
the trade already has. Each is reported with the reason, never traded as another stop (read
before as a $500 price stop, or the second stop written silently over the first). A stop
measured from an indicator line (``LINE_STOPS``) is an exit through the moved line, never a stop
from the entry.
"""

from __future__ import annotations

import pytest

from engine.generation import understand
from engine.generation.spec import StrategySpec

from .generation.corpus import case, check_row

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "exit_after_bars",
        "size_fraction",
        "trailing_stop_pct",
        "symbol",
        "interval",
        "stop_loss_pct",
        "take_profit_pct",
        "stop_loss_points",
        "take_profit_points",
        "atr_stop_multiple",
        "atr_trailing",
        "scale_out_atr",
        "scale_out_fraction",
        "direction",
        "cash",
    )
}

CASES = [
    # "cover at the 20 SMA" with no subject: the price reaches the line, never an average the
    # entry named ("the 50 SMA is falling" was read as SMA(50) reaching SMA(20))
    case(
        "Enter short SPY when the close is below the lower Bollinger band and the 50 SMA is "
        "falling. Buy to cover at the 20 SMA. Stop 3%.",
        short_entry="close < bbands_20_2.lower & sma_50 < sma_50[-1]",
        short_exit="close >= sma_20",
        direction="short",
        symbol="SPY",
        stop_loss_pct=3.0,
    ),
    case(
        "Short IWM when the 100 EMA is falling and RSI(14) > 65. Cover at the 20 EMA. Stop 4% "
        "above entry.",
        short_entry="ema_100 < ema_100[-1] & rsi_14 > 65",
        short_exit="close <= ema_20",
        direction="short",
        symbol="IWM",
        stop_loss_pct=4.0,
    ),
    case(
        "Buy XLE when the 200 SMA is rising and RSI(2) < 10. Sell at the 10 EMA. Stop 5%.",
        entry="sma_200 > sma_200[-1] & rsi_2 < 10",
        exit="close >= ema_10",
        symbol="XLE",
        stop_loss_pct=5.0,
    ),
    case(
        "Long GLD when RSI(3) < 15 and the 150-day SMA is rising. Take profit at the 5-day SMA. "
        "Max hold 10 days.",
        entry="rsi_3 < 15 & sma_150 > sma_150[-1]",
        exit="close >= sma_5",
        symbol="GLD",
        exit_after_bars=10,
    ),
    case(
        "Buy QQQ when the 50 EMA is above the 200 EMA and RSI(2) < 5, exit at the 10 SMA, stop "
        "loss 6%",
        entry="ema_50 > ema_200 & rsi_2 < 5",
        exit="close >= sma_10",
        symbol="QQQ",
        stop_loss_pct=6.0,
    ),
    # a stop trailed along a line is a close through it against the trade; "trail with a 3
    # ATR stop" is the ATR trailing stop (its "trail" was unread and the stop built fixed)
    case(
        "Long META when close crosses above the 20-day high. Trail with the 10 EMA: exit on a "
        "close below it.",
        entry="close x> highest_20",
        exit="close < ema_10",
        symbol="META",
    ),
    case(
        "Buy NVDA when close crosses above the 50-day high; trail the stop with the 20 SMA. Stop "
        "8%.",
        entry="close x> highest_50",
        exit="close < sma_20",
        symbol="NVDA",
        stop_loss_pct=8.0,
    ),
    case(
        "Short BA when the close crosses below the 20-day low. Trail the stop with the 10 EMA.",
        short_entry="close x< lowest_20",
        short_exit="close > ema_10",
        direction="short",
        symbol="BA",
    ),
    case(
        "Buy AMD on a 20-day high. Stop 7%, trailing the 21 EMA.",
        entry="close > highest_20",
        exit="close < ema_21",
        symbol="AMD",
        stop_loss_pct=7.0,
    ),
    case(
        "Enter long BA when the close is above the upper Keltner channel (20, 2 ATR). Trail with "
        "a 3 ATR stop. Max 30 bars.",
        entry="close > keltner_20_2_10.upper",
        symbol="BA",
        atr_stop_multiple=3.0,
        atr_trailing=True,
        exit_after_bars=30,
    ),
    case(
        "Buy SOL-USD on the 4h chart when RSI(14) crosses above 50. Trail with a 2.5 ATR stop.",
        entry="rsi_14 x> 50",
        symbol="SOL-USD",
        interval="4h",
        atr_stop_multiple=2.5,
        atr_trailing=True,
    ),
    # entries a risk-first trader writes in passing: "turning positive", "a 10% single-day gain"
    case(
        "Long IWM on a MACD histogram turning positive. Stop 4%. Take profit 8%.",
        entry="macd_12_26_9.hist x> 0",
        symbol="IWM",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    case(
        "Short QQQ on the 20-day ROC turning negative. Stop 5%. Max hold 10 days.",
        short_entry="roc_20 x< 0",
        direction="short",
        symbol="QQQ",
        stop_loss_pct=5.0,
        exit_after_bars=10,
    ),
    case(
        "Buy DOGE-USD on a 10% single-day gain. Sell after 2 days. Stop 10%.",
        entry="roc_1 >= 10",
        symbol="DOGE-USD",
        stop_loss_pct=10.0,
        exit_after_bars=2,
    ),
    case(
        "Buy SPY after a 2% one-day decline, exit after 3 days, stop 4%",
        entry="roc_1 <= -2",
        symbol="SPY",
        stop_loss_pct=4.0,
        exit_after_bars=3,
    ),
    case(
        "Short TSLA on an 8% 1-day pop. Cover after 5 days. Stop 6%.",
        short_entry="roc_1 >= 8",
        direction="short",
        symbol="TSLA",
        stop_loss_pct=6.0,
        exit_after_bars=5,
    ),
    # a scale-out in R with an ATR stop (fixed or trailing) is that many of its ATRs
    case(
        "Long BTC-USD on the 4 hour chart when close crosses above the 50 EMA. Trailing stop 2 "
        "ATR. Take half off at 2R.",
        entry="close x> ema_50",
        symbol="BTC-USD",
        interval="4h",
        atr_stop_multiple=2.0,
        atr_trailing=True,
        scale_out_atr=4.0,
        scale_out_fraction=0.5,
    ),
    case(
        "Buy AAPL when RSI(14) crosses above 50. Stop 1.5 ATR. Sell half at 2R, rest when RSI > "
        "70.",
        entry="rsi_14 x> 50",
        exit="rsi_14 > 70",
        symbol="AAPL",
        atr_stop_multiple=1.5,
        scale_out_atr=3.0,
        scale_out_fraction=0.5,
    ),
    # a named strategy's standard stop is a default: the writer's own replaces it
    case(
        "buy the dip on QQQ with a 4% stop",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="QQQ",
        stop_loss_pct=4.0,
    ),
    # stops of different kinds together are each built
    case(
        "Buy QQQ when RSI(2) < 10. Sell when RSI(2) > 70. Stop 3%, trailing stop 2 ATR.",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="QQQ",
        stop_loss_pct=3.0,
        atr_stop_multiple=2.0,
        atr_trailing=True,
    ),
    case(
        "Buy SPY when RSI(14) crosses above 30. Stop 2% below entry, take profit at 6%, max hold "
        "15 days.",
        entry="rsi_14 x> 30",
        symbol="SPY",
        stop_loss_pct=2.0,
        take_profit_pct=6.0,
        exit_after_bars=15,
    ),
    case(
        "Short TSLA when the 9 EMA crosses below the 21 EMA on the hourly chart; stop $3 above "
        "entry, target $6 below.",
        short_entry="ema_9 x< ema_21",
        direction="short",
        symbol="TSLA",
        interval="1h",
        stop_loss_points=3.0,
        take_profit_points=6.0,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


ACCOUNT_LIMIT = "A loss limit on the account"
SECOND_STOP = "Two different stops (or targets) of one kind"
TRAILING_LATER = "A trailing stop that starts only later"

REPORTED = [  # (text, words reported back, a reason Botlab gives)
    # a loss limit on the account, never a stop on the trade or the starting cash
    (
        "Buy GLD on a close above the 50 SMA. Weekly loss limit 3%. Stop 2%.",
        "Weekly loss limit 3%",
        ACCOUNT_LIMIT,
    ),
    (
        "Long GE on a close above the 20 day high. Daily loss limit of $500. Stop 3%.",
        "Daily loss limit of $500",
        ACCOUNT_LIMIT,
    ),
    (
        "Buy QQQ when RSI(2) < 10, sell when RSI(2) > 70, stop 3%, max daily loss 2%.",
        "max daily loss 2%",
        ACCOUNT_LIMIT,
    ),
    (
        "Short ES=F on the 15m chart when close crosses below VWAP. Stop 8 points. Max drawdown "
        "10%.",
        "Max drawdown 10%",
        ACCOUNT_LIMIT,
    ),
    (
        "buy SPY when rsi(14) < 30; stop trading for the day after 2 losses; stop 1%",
        "stop trading for the day after 2 losses",
        ACCOUNT_LIMIT,
    ),
    # a second stop of a kind the trade has: the first is built, the second reported
    (
        "QQQ daily: go long when MACD crosses above its signal line. Initial stop 1.5 ATR below "
        "entry, trail 3 ATR chandelier.",
        "trail 3 ATR chandelier",
        SECOND_STOP,
    ),
    (
        "Buy QQQ when MACD crosses above its signal line. Stop 2 ATR, trailing stop 3 ATR.",
        "trailing stop 3 ATR",
        SECOND_STOP,
    ),
    ("Buy QQQ when RSI < 30. Stop 3%. Stop loss 5%.", "Stop loss 5%", SECOND_STOP),
    # a long's price move is a stop too: with a stop of its own, the move is reported
    (
        "buy SPY when RSI(14) < 30, sell if price drops 5%, stop 3%",
        "sell if price drops 5%",
        SECOND_STOP,
    ),
    ("Buy QQQ when RSI < 30. Stop 3%, trailing stop 5%, trail 8%", "trail 8%", SECOND_STOP),
    # a trailing stop that starts later, never built from the entry
    (
        "Long SPY when close crosses above the 10 EMA, 2% stop, breakeven at 1%, trail 1.5% after "
        "that.",
        "trail 1.5% after that",
        TRAILING_LATER,
    ),
    (
        "Enter long TSLA when the 20 EMA crosses over the 50 EMA on the daily. Stop 10% below "
        "entry. Trailing stop 15% once in profit.",
        "Trailing stop 15% once in profit",
        TRAILING_LATER,
    ),
    (
        "Buy AAPL when RSI(14) < 30. Stop 3%. Trail the stop 2 ATR once the trade is up 1R.",
        "Trail the stop 2 ATR once the trade is up 1R",
        TRAILING_LATER,
    ),
    (
        "Buy AAPL when RSI(14) < 30. Trailing stop 8% when price is up 5%.",
        "Trailing stop 8% when price is up 5%",
        TRAILING_LATER,
    ),
    # a target in R needs a stop a set distance from the entry: a stop at a line is not one
    (
        "Buy MSFT when price pulls back to the 20 EMA in an uptrend (50 SMA above 200 SMA). Stop "
        "2% below the 20 EMA. Target 3R.",
        None,
        "at a line or a recent low",
    ),
    ("Buy TSLA on a 20-day high. Stop at the 10 EMA. Take profit at 2R.", None, "at a line"),
    (
        "Buy AAPL when RSI(14) crosses above 50. Stop at the low of the day. Sell half at 2R.",
        "Sell half at 2R",
        "needs a stop loss in percent or ATRs",
    ),
    # rules that contradict each other in one bot: refused whole, never a crash
    (
        "Long JPM on a gap up of more than 2%. Stop at the open minus $1. Exit at the close.",
        None,
        "cannot build them into one bot",
    ),
]


@pytest.mark.parametrize(("text", "words", "why"), REPORTED, ids=lambda v: str(v)[:50])
def test_a_risk_rule_not_built_is_reported_not_misread(text: str, words: str | None, why: str):
    u = understand(text)

    if words is None:
        assert u.spec is None and why in u.refusal
        return
    assert words in u.not_understood
    assert any(why in p for p in u.problems), u.problems
    assert not u.complete
    assert u.spec.cash == DEFAULTS.cash  # "$500" of a loss limit is no starting cash
    if why == TRAILING_LATER:  # never trailed from the entry
        assert not (u.spec.trailing_stop_pct or u.spec.atr_trailing)


LINE_STOPS = [  # (text, the exit through the moved line): fix20a builds what fresh20b reported
    (
        "Long AMD on close above the 50 EMA with volume more than 1.5 times its 20-day average. "
        "Stop 1 ATR below the 20-day SMA.",
        "Sell when the close is below the lower ATR band (SMA 20 - 1 x ATR 14)",
    ),
    (
        "Buy MSFT when price pulls back to the 20 EMA in an uptrend (50 SMA above 200 SMA). Stop "
        "2% below the 20 EMA. Exit when RSI(14) > 70.",
        "Sell when the close is below EMA(20) - 2% or RSI(14) is above 70",
    ),
    (
        "Buy AAPL when price touches the lower Bollinger band. Sell at the upper band. Stop 3% "
        "below the lower band.",
        "or the close is below the lower Bollinger Band (20, 2) - 3%",
    ),
    (
        "Buy NFLX when close crosses above the 50 EMA. Stop $2 under the 20 EMA.",
        "Sell when the close is below EMA(20) - 2",
    ),
    (
        "Go short NFLX when RSI(14) crosses below 60; stop 1.5 ATR above the 10 EMA; cover at "
        "RSI 35.",
        "Cover when the close is above the upper Keltner channel (EMA 10 + 1.5 x ATR 14)",
    ),
]


@pytest.mark.parametrize(("text", "exit_rule"), LINE_STOPS, ids=lambda v: str(v)[:50])
def test_a_stop_measured_from_a_line_exits_through_the_moved_line(text: str, exit_rule: str):
    u = understand(text)

    assert u.complete, (u.not_understood, u.problems)
    assert any(exit_rule in rule for rule in u.rules), u.rules
    # never a stop measured from the entry instead
    assert not (u.spec.stop_loss_pct or u.spec.atr_stop_multiple or u.spec.stop_loss_points)


def test_a_trailing_stop_from_the_entry_is_still_built():
    spec = understand("Buy AAPL when RSI(14) < 30. Trailing stop 8% after entry.").spec

    assert spec.trailing_stop_pct == 8.0


def test_the_first_of_two_stops_of_a_kind_is_the_one_built():
    spec = understand("Buy QQQ when RSI < 30. Stop 3%. Stop loss 5%.").spec
    atr = understand(
        "Buy QQQ when MACD crosses above its signal line. Initial stop 1.5 ATR below entry, "
        "trail 3 ATR."
    ).spec

    assert spec.stop_loss_pct == 3.0
    assert (atr.atr_stop_multiple, atr.atr_trailing) == (1.5, False)
