"""The offline compiler on descriptions written fresh for issue 10 in a chat-box voice (beginners,
non-native English, typos, numbers as words, hedging, rambling and very short texts): the
phrasings this sweep showed Botlab misreading or leaving unread, each family with variants.

Each row is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields), compiled and run over
every bar of bundled data; rows made with ``refused`` are texts Botlab must refuse, quoting the
words it could not use.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .test_generation_descriptions_rules import case, check_reading, refused

CASES = [
    # A hedge before a level or a stop distance is read through: "say under 20", "of like 5%"
    case(
        "so basically when the rsi is really low, say under 20, you buy, and then you wait, "
        "maybe rsi goes over 50, and then you sell. also a stop loss of like 5%",
        entry="rsi_14 < 20",
        exit="rsi_14 x> 50",
        stop_loss_pct=5.0,
        not_understood=["is really low", "then you wait"],
    ),
    case(
        "buy when the rsi is really low, say under 20, sell when it goes over 50",
        entry="rsi_14 < 20",
        exit="rsi_14 x> 50",
        not_understood=["is really low"],
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, stop loss maybe 4%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=4.0,
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, stop loss of roughly 3%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=3.0,
    ),
    # A condition, then an action with nothing after it, is that action's condition
    case(
        "rsi under 25, you buy, then rsi over 60, and then you sell",
        entry="rsi_14 < 25",
        exit="rsi_14 > 60",
    ),
    # A run of closes with the close left out ("sell if lower for 2 days") is the run said, never
    # the test period
    case(
        "buy msft if close is higher than previous close for 3 days in row, "
        "sell if lower for 2 days",
        entry="3 up closes",
        exit="2 down closes",
        symbol="MSFT",
    ),
    case(
        "buy when higher than the previous close for 2 days, sell when lower for 3 days in a row",
        entry="2 up closes",
        exit="3 down closes",
    ),
    case(
        "buy if down for 3 days straight, sell if up for 1 day",
        entry="3 down closes",
        exit="1 up closes",
    ),
    # "it has a down day": that one bar (the exit was the opposite of a 3-day run)
    case(
        "buy nvda when its up 3 days in a row and sell when it has a down day",
        entry="3 up closes",
        exit="1 down closes",
        symbol="NVDA",
    ),
    case(
        "buy after 3 red days, sell when it has a green day",
        entry="3 down closes",
        exit="1 up closes",
    ),
    case(
        "buy after 2 down days and exit when the stock prints an up day",
        entry="2 down closes",
        exit="1 up closes",
    ),
]

CASES += [
    # A bare "channel" is the channel the text names (it was Donchian's highest high)
    case(
        "buy when keltner lower channel is touched, sell at upper channel",
        entry="close <= keltner_20_2_10.lower",
        exit="close >= keltner_20_2_10.upper",
    ),
    case(
        "buy at the lower keltner channel, sell when it reaches the middle channel",
        entry="close <= keltner_20_2_10.lower",
        exit="close >= keltner_20_2_10.middle",
    ),
    case(
        "buy below the lower keltner channel and sell above the upper channel",
        entry="close < keltner_20_2_10.lower",
        exit="close > keltner_20_2_10.upper",
    ),
    case(
        "buy when price breaks the upper channel, sell at the lower channel",
        entry="close x> highest_20",
        exit="close <= lowest_20",
    ),
    # Under the cloud is below its bottom (it was read as back into the cloud)
    case(
        "i want to go long when the price is over the cloud (ichimoku) and exit when it goes under",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_bottom",
    ),
    case(
        "buy when price closes above the ichimoku cloud, sell when it closes below",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close < ichimoku_9_26_52.cloud_bottom",
    ),
    case(
        "buy when the close crosses above the cloud top, sell when it crosses back below",
        entry="close x> ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_top",
    ),
]

CASES += [
    # A level's sign said as a word: "minus 100", "negative 150", "plus 100"
    case(
        "buy when cci under minus 100 sell when cci over plus 100",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
    ),
    case(
        "buy when williams %r is below minus 80, sell above minus 20",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
    ),
    case(
        "buy when the cci drops below negative 150 and sell when it rises over positive 50",
        entry="cci_20 x< -150",
        exit="cci_20 x> 50",
    ),
    # MACD spelt out
    case(
        "please buy when the moving average convergence divergence line goes above zero and "
        "sell when it goes under zero",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
    ),
    case(
        "buy when moving average convergence divergence crosses its signal",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when the Moving Average Convergence/Divergence crosses above the signal line, sell "
        "when it crosses below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
]

CASES += [
    # A crossing's direction said as "upward(s)"/"downward(s)", before or after the line, or
    # alone after "when"; "cross" as the verb of a plural-less subject
    case(
        "when the fast ema (12) cross the slow ema (26) upwards then buying, when downwards "
        "then selling",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    case(
        "buy when the 10 sma crosses upward through the 30 sma",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
    ),
    case(
        "buy when the 12 ema crosses the 26 ema upwards, sell when it crosses downwards",
        entry="ema_12 x> ema_26",
        exit="ema_12 x< ema_26",
    ),
    case(
        "buy when price crosses upwards over the 50 sma, sell when it crosses downwards through it",
        entry="close x> sma_50",
        exit="close x< sma_50",
    ),
    case(
        "when the 9 ema crosses the 21 ema upwards go long, when downwards go short",
        entry="ema_9 x> ema_21",
        short_entry="ema_9 x< ema_21",
        direction="always_in",
    ),
    # "goes from below 30 to above 30": a crossing (it was two states on one bar, refused)
    case(
        "when the rsi goes from below 30 to above 30 buy, when it goes from above 70 to below "
        "70 sell",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "buy when rsi moves from under 30 to over 30, sell when it moves from over 65 to under 65",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 65",
    ),
    case(
        "buy when the close goes from under the 20 ema to over the 20 ema",
        entry="close x> ema_20",
        exit="close x< ema_20",
    ),
]

CASES += [
    # A one-day move measured "from yesterday's close", with chat verb forms ("drop", "its down")
    case(
        "im thinking of a strategy where if spy drops two percent from yesterdays close i buy "
        "and sell the next day",
        entry="roc_1 <= -2",
        exit_after_bars=1,
        symbol="SPY",
        not_understood=["im thinking of a strategy where if"],
    ),
    case(
        "buy when spy drops 2% from yesterday's close, sell the next day",
        entry="roc_1 <= -2",
        exit_after_bars=1,
        symbol="SPY",
    ),
    case(
        "when qqq drop 3% in one day buy it, sell after 2 days",
        entry="roc_1 <= -3",
        exit_after_bars=2,
        symbol="QQQ",
    ),
    case(
        "short when it goes up 4% from yesterdays close, cover next day",
        short_entry="roc_1 >= 4",
        exit_after_bars=1,
        direction="short",
    ),
    case(
        "buy whenever its down more than 6 percent over 3 days, take profit at 4 percent",
        entry="roc_3 < -6",
        take_profit_pct=4.0,
    ),
    case(
        "buy when its down 5% in a week, sell after 5 days",
        entry="roc_5 <= -5",
        exit_after_bars=5,
    ),
    # A distance from a line said "down from", "off", "up from"
    case(
        "wanna buy amzn when the price is 15% down from the 200 days moving average, and sell at "
        "the average",
        entry="close < sma_200*0.85",
        exit="close >= sma_200",
        symbol="AMZN",
    ),
    case(
        "buy when the close is 10% off the 50 day sma, sell when it is 5% up from the 20 day sma",
        entry="close < sma_50*0.9",
        exit="close > sma_20*1.05",
    ),
    case(
        "buy when price is 8 percent down from the 100 day ema, sell when it gets back to it",
        entry="close < ema_100*0.92",
        exit="close >= ema_100",
    ),
    # Moves said as plural nouns, "or more", a target "gain"
    case(
        "buy dips of 3% or more in spy, target 2% gain, max hold 5 days",
        entry="roc_1 <= -3",
        take_profit_pct=2.0,
        exit_after_bars=5,
        symbol="SPY",
    ),
    case(
        "short pops of 4% or more in tsla, cover after 2 days",
        short_entry="roc_1 >= 4",
        exit_after_bars=2,
        symbol="TSLA",
        direction="short",
    ),
    case(
        "buy when it drops 3% or more in a day, take profit 4% profit",
        entry="roc_1 <= -3",
        take_profit_pct=4.0,
    ),
]

CASES += [
    # "it gets back to it": the price reaching the line said before (every word is filler, and
    # the rule was dropped without a word, its exit the opposite of the entry)
    case(
        "buy when price is 8 percent down from the 100 day ema, sell when it gets back to it",
        entry="close < ema_100*0.92",
        exit="close >= ema_100",
    ),
    case(
        "buy when the close is 5% below the 20 sma and sell when it goes back to it",
        entry="close < sma_20*0.95",
        exit="close >= sma_20",
    ),
    # "the average" after the one EMA named: that EMA (it was a default 20-day SMA)
    case(
        "buy when price is 8 percent below the 100 day ema, sell when it gets back to the average",
        entry="close < ema_100*0.92",
        exit="close >= ema_100",
    ),
    case(
        "buy when the close is 3% under the 20 ema, exit at the mean",
        entry="close < ema_20*0.97",
        exit="close >= ema_20",
    ),
    # A "when ..." clause of filler words after an action, not read: reported, never dropped
    case(
        "buy when rsi drops under 30, sell when it gets back to it",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        not_understood=["when it gets back to it"],
    ),
    case(
        "buy when rsi drops under 30, sell when it is there",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        not_understood=["when it is there"],
    ),
]

CASES += [
    # "... or if it falls 7%" in an exit clause: the trade's stop; over a window, a move
    case(
        "buy tsla on a breakout above the 50 day high and sell after 10 days or if it falls 7%",
        entry="close > highest_50",
        stop_loss_pct=7.0,
        exit_after_bars=10,
        symbol="TSLA",
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70 or if it drops 5%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, exit when rsi > 70 or if it drops 5% in a day",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 | roc_1 <= -5",
    ),
    # "risk 2% stop": a 2% stop, not risk-based sizing (which needs a stop distance)
    case(
        "Buy SPY whenever it closes below the lower Bollinger band (20, 2). Sell when it closes "
        "above the 5 day moving average. Risk 2% stop.",
        entry="close < bbands_20_2.lower",
        exit="close > sma_5",
        stop_loss_pct=2.0,
        symbol="SPY",
    ),
    case(
        "buy when rsi < 30, sell when rsi > 70, risk a 3% stop loss",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=3.0,
    ),
    case(
        "buy when rsi < 30, risk 1% per trade with a 5% stop",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
        risk_pct=1.0,
    ),
    # A hedge before a target's size
    case(
        "buy tesla when rsi < 30 and sell once its up like 8%",
        entry="rsi_14 < 30",
        take_profit_pct=8.0,
        symbol="TSLA",
    ),
    case(
        "buy when rsi < 30, sell if it drops about 5%",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
    ),
]

CASES += [
    # A fraction of the money in words: "a fifth", "a third", "a tenth"
    case(
        "put a fifth of my money in msft when it closes above the upper bolinger band, get out "
        "when it touches the middle band",
        entry="close > bbands_20_2.upper",
        exit="close <= bbands_20_2.middle",
        size_fraction=0.2,
        symbol="MSFT",
    ),
    case(
        "use a third of my cash, buy when rsi < 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=100 / 3 / 100,  # a third, as the percent it is read as
    ),
    case(
        "buy when rsi < 30 with a tenth of the portfolio",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.1,
    ),
    # The close at its lowest (highest) in N days: against the closing extreme of those bars
    case(
        "buy iwm with a quarter of the account if the close is the lowest in 5 days. exit when "
        "close is the highest in 5 days",
        entry="close <= close_lowest_5",
        exit="close >= close_highest_5",
        size_fraction=0.25,
        symbol="IWM",
    ),
    case(
        "buy when price is at its lowest level in 10 days, sell when it is at its highest level "
        "in 10 days",
        entry="close <= close_lowest_10",
        exit="close >= close_highest_10",
    ),
    case(
        "buy when the close hits its lowest close in 20 days",
        entry="close <= close_lowest_20",
        exit="close >= close_highest_20",
    ),
]

CASES += [
    # A named crossover with its lengths after "with"/"using"/"of" (9/21 was read as 12/26)
    case(
        "do a moving average crossover with 13 and 48 days on tsla",
        entry="sma_13 x> sma_48",
        exit="sma_13 x< sma_48",
        symbol="TSLA",
    ),
    case(
        "ema crossover using 9 and 21",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "moving average crossover of 20 and 50 days on spy",
        entry="sma_20 x> sma_50",
        exit="sma_20 x< sma_50",
        symbol="SPY",
    ),
    case(
        "can you do an ema crossover with 9 and 21 on spy",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="SPY",
    ),
    # "bounces of" (off), "bounces on"
    case(
        "on tsla i want to buy when the price bounces of the 200 ma and sell 20 percent higher",
        entry="low <= sma_200 & close > sma_200",
        take_profit_pct=20.0,
        symbol="TSLA",
    ),
    case(
        "buy when it bounces on the 50 ema, stop 3%",
        entry="low <= ema_50 & close > ema_50",
        stop_loss_pct=3.0,
    ),
]

CASES += [
    # A move from "its recent high" / "the high" with no length: the 20-bar extreme, said so; on
    # a buy it is the entry (it was read as a trailing stop, and the text refused)
    case(
        "buy tesla when it drops 10% from its recent high and sell when it recovers 10%",
        entry="close <= highest_20*0.9",
        take_profit_pct=10.0,
        symbol="TSLA",
    ),
    case(
        "buy when it falls 10% from the high, take profit 10%",
        entry="close <= highest_20*0.9",
        take_profit_pct=10.0,
    ),
    case(
        "short when it rallies 8% off the recent low, cover after 5 days",
        short_entry="close >= lowest_20*1.08",
        exit_after_bars=5,
        direction="short",
    ),
    # after a buy, the same words are still the trailing stop
    case(
        "buy when rsi < 30, sell when it falls 10% from the high",
        entry="rsi_14 < 30",
        trailing_stop_pct=10.0,
    ),
    case(
        "buy when rsi < 30, sell when it rebounds 5%",
        entry="rsi_14 < 30",
        take_profit_pct=5.0,
    ),
]

CASES += [
    # Volume and volatility said without a level, inside a rule: read with a stated default,
    # never dropped from the rule (the entry was read without them)
    case(
        "buy tsla on a breakout above the 50 day high with volume and sell after 10 days or if "
        "it falls 7%",
        entry="close > highest_50 & volume > volume_sma_20",
        stop_loss_pct=7.0,
        exit_after_bars=10,
        symbol="TSLA",
    ),
    case(
        "buy when volume is high and price breaks the 20 day high",
        entry="volume > volume_sma_20 & close x> highest_20",
        exit="close x< lowest_20",
    ),
    case(
        "buy on a breakout above the 50 day high on volume",
        entry="close > highest_50 & volume > volume_sma_20",
        exit="close < lowest_50",
    ),
    case(
        "go long aapl when the atr is low and price breaks the 20 day high",
        entry="atr_14 < atr_14_sma_50 & close x> highest_20",
        exit="close x< lowest_20",
        symbol="AAPL",
    ),
    case(
        "buy when volatility is low and price breaks the 20 day high",
        entry="atr_14 < atr_14_sma_50 & close x> highest_20",
        exit="close x< lowest_20",
    ),
]

REFUSALS = [
    # Selling everything is selling a holding, never a short sale: with no buy rule, asked for
    refused("when price is going under the average of 100 days then selling everything", []),
    refused("sell my shares when the price falls under the 50 day average", []),
    refused("sell everything if the rsi gets above 75", []),
]
CASES += [
    case(
        "buy when rsi < 30, sell everything when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy half when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES + REFUSALS)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)


@pytest.mark.parametrize(
    "text", ["buy spy and hold forever lol", "buy qqq and just hold", "buy aapl and hold it"]
)
def test_buy_and_hold_with_the_symbol_between_is_answered_as_buy_and_hold(text):
    u = understand(text)

    assert u.spec is None
    assert u.refusal.startswith("Buy and hold needs no bot")


def test_a_buy_of_a_symbol_held_until_a_condition_is_not_buy_and_hold():
    assert not understand("buy spy and hold until rsi > 70").refusal.startswith("Buy and hold")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "buy twice as much when the rsi is below 20 than when it is below 30",
            "buy twice as much when the rsi is below 20 than when it is below 30",
        ),
        (
            "buy when rsi < 30, sell when rsi > 70. invest double when the price is above the "
            "200 sma",
            "invest double when the price is above the 200 sma",
        ),
        (
            "buy when rsi(2) < 10, sell when rsi(2) > 70; buy triple shares if the close is "
            "under the lower band",
            "buy triple shares if the close is under the lower band",
        ),
    ],
)
def test_a_size_that_changes_with_a_condition_is_reported_with_the_reason(text, words):
    u = understand(text)

    assert words in u.not_understood
    assert any("A position size that changes with a condition" in p for p in u.problems)
