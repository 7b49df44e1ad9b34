"""The offline compiler on indicator concepts traders name (issue 10): a target in R with the
stop at a bar of the entry's pattern ("the first soldier's low", "the mother bar's low") or at
the signal bar, a heading that only names the squeeze, a bracket that defines the words before
it ("momentum is positive (close above 20 ema)"), and a divergence said by the swing each line
makes ("price makes a lower low but RSI makes a higher low").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``), compiled and run over every bar. ``REPORTED`` are
phrasings Botlab must not guess at: the words are reported back. The trades of the new stop and
target are held against hand-written strategies in ``test_generation_reference_r_targets.py``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import case, check_row

#: The settings a row must not change unless it says so (each else at the spec's default).
FIELDS = (
    "direction",
    "bar_stop",
    "bar_stop_back",
    "take_profit_r",
    "stop_loss_pct",
    "take_profit_pct",
    "exit_after_bars",
    "interval",
)

SQUEEZE_FIRES = "squeeze[-1] > 0 & squeeze <= 0"

CASES = [
    # -- a target in R, the stop at the signal bar or a named bar of its pattern ---------------
    case(
        "Buy on three white soldiers, exit below the first soldier's low. Take profit at 2R.",
        entry="three_white_soldiers > 0",
        bar_stop=True,
        bar_stop_back=2,
        take_profit_r=2.0,
        says="first soldier's low read as the low of the bar 2 bars before the signal bar",
    ),
    case(
        "Three White Soldiers, stop at the first soldier's low. Take profit at 2R.",
        entry="three_white_soldiers > 0",
        bar_stop=True,
        bar_stop_back=2,
        take_profit_r=2.0,
    ),
    case(
        "inside bar breakout with a 3R target and the stop at the mother bar's low",
        entry="inside_bar[-1] > 0 & close > high[-1]",
        bar_stop=True,
        bar_stop_back=2,
        take_profit_r=3.0,
    ),
    case(
        "Buy when price breaks above the high of an inside bar. Stop loss at the low of the "
        "mother bar, target 2 times the risk.",
        entry="close > high[-1] & inside_bar[-1] > 0",
        bar_stop=True,
        bar_stop_back=2,
        take_profit_r=2.0,
    ),
    case(
        "short on three black crows, stop above the first crow's high, 2R target",
        short_entry="three_black_crows > 0",
        direction="short",
        bar_stop=True,
        bar_stop_back=2,
        take_profit_r=2.0,
        says="first crow's high read as the high of the bar 2 bars before",
    ),
    case(
        "bullish engulfing entry, stop below the engulfing candle's low, target 2R",
        entry="bullish_engulfing > 0",
        bar_stop=True,
        take_profit_r=2.0,
        says="2R read as a target 2 x the distance",
    ),
    case(
        "buy a morning star, SL under the low of the middle candle, TP 2R",
        entry="morning_star > 0",
        bar_stop=True,
        bar_stop_back=1,
        take_profit_r=2.0,
    ),
    case(  # was refused: the prior day's low is the signal bar's, R its distance on each trade
        "MFI(14) < 20 and close above the 100 EMA -> long; stop at the prior day's low, target "
        "twice the risk.",
        entry="mfi_14 < 20 & close > ema_100",
        direction="long",
        bar_stop=True,
        take_profit_r=2.0,
    ),
    case(
        "buy a hammer, exit below the hammer's low",
        entry="hammer > 0",
        bar_stop=True,
    ),
    case(
        "short a shooting star, cover above the high of the signal candle, 2R target",
        short_entry="shooting_star > 0",
        direction="short",
        bar_stop=True,
        take_profit_r=2.0,
    ),
    # -- the squeeze named in a heading; a bracket defining the words before it ---------------
    case(
        "TTM squeeze: buy when the squeeze fires, stop 2%",
        entry=SQUEEZE_FIRES,
        stop_loss_pct=2.0,
        says="Set aside the title 'TTM squeeze'",
    ),
    case(
        "TTM squeeze: enter long when the squeeze fires and momentum is positive (close above "
        "20 ema). take profit 5%, stop loss 2%.",
        entry=f"{SQUEEZE_FIRES} & close > ema_20",
        direction="long",
        stop_loss_pct=2.0,
        take_profit_pct=5.0,
        says="Set aside 'momentum is positive'",
    ),
    case(
        "The squeeze: buy when the squeeze releases and close > 20 ema. stop 2%",
        entry=f"{SQUEEZE_FIRES} & close > ema_20",
        stop_loss_pct=2.0,
    ),
    case(
        "buy when rsi < 30 and the trend is up (close above the 200 sma), sell when rsi > 70",
        entry="rsi_14 < 30 & close > sma_200",
        exit="rsi_14 > 70",
    ),
    # -- two time frames of the same indicator stay two ---------------------------------------
    case(
        "buy when the daily rsi is above 50 and the hourly rsi crosses above 30, exit when hourly "
        "rsi > 70",
        entry="d_rsi_14 > 50 & rsi_14 x> 30",
        exit="rsi_14 > 70",
        interval="1h",
        says="Daily bars are built from the 1h bars",
    ),
    case(
        "weekly RSI above 50 and daily RSI below 30 -> buy. sell when daily RSI above 70.",
        entry="w_rsi_14 > 50 & rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="1d",
    ),
    # -- a divergence said by the swing each line makes ----------------------------------------
    case(
        "Bullish divergence: price makes a lower low but RSI makes a higher low, buy. Sell when "
        "RSI goes above 70.",
        entry="rsi_bullish_divergence_14_5 > 0",
        exit="rsi_14 x> 70",
        says="read as a bullish RSI divergence",
    ),
    case(
        "short on bearish divergence between price and rsi (higher high in price, lower high in "
        "rsi). cover when rsi < 30",
        short_entry="rsi_bearish_divergence_14_5 > 0",
        short_exit="rsi_14 < 30",
        direction="short",
    ),
    case(
        "buy when price makes a lower low and RSI(7) makes a higher low, sell when rsi(7) > 60",
        entry="rsi_bullish_divergence_7_5 > 0",
        exit="rsi_7 > 60",
    ),
    case(
        "Bearish divergence - price putting in a higher high while RSI puts in a lower high. "
        "Short it and cover after 10 bars",
        short_entry="rsi_bearish_divergence_14_5 > 0",
        direction="short",
        exit_after_bars=10,
    ),
    case(
        "go long when price prints a lower low while the rsi prints a higher low, exit after 10 "
        "bars",
        entry="rsi_bullish_divergence_14_5 > 0",
        exit_after_bars=10,
    ),
]

#: Phrasings read only in part: the words reported back, never guessed.
REPORTED = [
    (
        "buy when rsi < 30, stop at the mother bar's low",  # no inside bar to be the mother of
        "stop at the mother bar's low",
    ),
    (  # the target in R of a stop not placed goes with it
        "buy when rsi < 30, stop at the mother bar's low, 2R target",
        "2R target",
    ),
    (
        "Hidden bullish divergence: price makes a higher low while RSI makes a lower low. go "
        "long, sell after 15 bars.",
        "price makes a higher low while RSI makes a lower low",
    ),
    (
        "Go long when there is a bullish MACD divergence (price lower low, MACD higher low). exit "
        "when macd crosses below signal.",
        "when there is a bullish MACD divergence (price lower low, MACD higher low",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=[t[:50] for t, _ in REPORTED])
def test_what_is_not_read_is_reported_with_its_words(text: str, words: str):
    u = understand(text)

    assert not u.complete
    assert words in u.not_understood, u.not_understood


def test_the_r_target_echo_says_it_is_set_per_trade_from_the_stop():
    rules = understand(CASES[2].values[0]).rules

    assert any("3R, 3 x the distance from the signal bar's close to this trade's stop" in r
               for r in rules), rules  # fmt: skip
    assert any("low of the bar 2 bars before the signal bar" in r for r in rules), rules
