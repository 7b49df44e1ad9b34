"""The offline compiler on strategies retold second-hand (issue 10, fresh21a): people passing on
a strategy they read in a book, saw in a video or heard from a friend, in their own loose words
("I saw a YouTube video where the guy buys when ...", "someone on reddit said to short ...",
"he sells when ..."), with asides about the source, opinions of the idea ("he says it works
great in bull markets") and questions about how it did ("Would this have made money since
2018?", "Try it on META."). The rules are the writer's own to test: who told them, the pronouns
standing for that person and the questions are set aside and echoed, never reported as rules
Botlab missed; a symbol, bars or a period said in a question are kept.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape

FIELDS = (*SETTINGS, "direction", "start", "end", "entry_fill", "exit_fill")

CASES = [
    # who told the writer, and the pronouns for that person, are set aside; so are questions
    # about how the idea did and opinions of it, keeping the symbol, bars or period they name
    case(
        "my friend's system: buy AAPL when the 50 day moving average crosses above the 200 day "
        "one, sell when it crosses back below. he says it works great in bull markets, does it?",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="AAPL",
    ),
    case(
        "My uncle does this thing with QQQ: when it's down 3 days in a row he buys at the close "
        "and sells after 5 days. He says it's basically free money lol, is that true?",
        entry="3 down closes",
        exit_after_bars=5,
        symbol="QQQ",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "Larry Connors style again: buy SPY when it closes below the lower Bollinger band and RSI"
        " 2 is below 5, sell when it closes above the 5 day SMA. Would this still work after "
        "2020?",
        entry="close < bbands_20_2.lower & rsi_2 < 5",
        exit="close > sma_5",
        symbol="SPY",
        start=date(2020, 1, 1),
    ),
    case(
        "I saw a YouTube video where the guy buys when the price is above the 200 SMA and the 5 "
        "SMA, and RSI is between 40 and 60. He sells when the RSI goes over 70. On AAPL daily. "
        "Would that work?",
        entry="(close > sma_200 & close > sma_5) & (rsi_14 >= 40 & rsi_14 <= 60)",
        exit="rsi_14 x> 70",
        symbol="AAPL",
        interval="1d",
    ),
    case(
        "Some guy on youtube: buy the stock when the 10 day SMA crosses above the 20 day SMA but "
        "only when volume is above its 50 day average. Sell when the 10 crosses back under the "
        "20. Try NFLX.",
        entry="sma_10 x> sma_20 & volume > volume_sma_50",
        exit="sma_10 x< sma_20",
        symbol="NFLX",
    ),
    case(
        "I saw a YouTube video that said buy when the 5 day RSI is below 20 and the stock is "
        "above the 100 day moving average, then sell on the first up close. He used it on XLK.",
        entry="rsi_5 < 20 & close > sma_100",
        exit="1 up closes",
        symbol="XLK",
    ),
    case(
        "from a book: buy when the close is above the 20 day EMA and the 20 day EMA is rising, "
        "sell when the close is below it. Try it on the EUR/USD daily.",
        entry="close > ema_20 & ema_20 > ema_20[-1]",
        exit="close < ema_20",
        symbol="EURUSD=X",
        interval="1d",
    ),
    case(
        "my friend's system: buy AMZN when OBV makes a new 20 day high, sell after 10 days. He "
        "said volume leads price or something like that.",
        entry="obv > obv_highest_20",
        exit_after_bars=10,
        symbol="AMZN",
    ),
    case(
        "someone said this: short USDCAD when the daily RSI is above 65 and the price is below "
        "the 50 day moving average, with a 1.5% stop loss and 3% target. Would this have made "
        "money?",
        short_entry="rsi_14 > 65 & close < sma_50",
        symbol="USDCAD=X",
        interval="1d",
        stop_loss_pct=1.5,
        take_profit_pct=3.0,
        direction="short",
    ),
    case(
        "My cousin saw on YouTube that you buy MSFT when the 20 day EMA crosses above the 50 day "
        "EMA, and she sells when it crosses back below. Would that have beaten the market?",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="MSFT",
    ),
    case(
        "someone on a podcast said to short GLD when RSI(14) is above 75 and cover when it is "
        "below 50. How did that do since 2019?",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 < 50",
        symbol="GLD",
        direction="short",
        start=date(2019, 1, 1),
    ),
    case(
        "The guy on reddit buys ETH-USD when the close crosses above the 50 day SMA; he sells "
        "when it crosses below. He claims it beats holding. Try it on the 4 hour chart.",
        entry="close x> d_sma_50",
        exit="close x< d_sma_50",
        symbol="ETH-USD",
        interval="4h",
    ),
    case(
        "my dad heard on a podcast that you buy KO when it closes above the 100 day SMA and sell "
        "when it closes below it. Does that still work in 2024?",
        entry="close > sma_100",
        exit="close < sma_100",
        symbol="KO",
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
    ),
    # a retold rule's verbs in the third person, and the holding as the verb's object: "holds
    # (it) until", "closes it when", "takes profit at", "sell it at the close" (no price "it")
    case(
        "My cousin does this with SOL-USD: buys when the daily close is above the 10 day high, "
        "holds until the close drops below the 10 day moving average. Works great in crypto bull "
        "markets apparently.",
        entry="close > highest_10",
        exit="close x< sma_10",
        symbol="SOL-USD",
        interval="1d",
    ),
    case(
        "the guy buys TSLA when RSI(14) is below 30 and holds it until RSI(14) is above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="TSLA",
    ),
    case(
        "my friend buys GLD when it closes above the 50 day SMA and holds until it closes below "
        "the 20 day SMA",
        entry="close > sma_50",
        exit="close < sma_20",
        symbol="GLD",
    ),
    case(
        "he buys XOM when the 10 day EMA crosses above the 30 day EMA and closes it when the 10 "
        "crosses back under the 30",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        symbol="XOM",
    ),
    case(
        "she buys COIN when RSI(14) is below 25, takes profit at 8% and has a 4% stop",
        entry="rsi_14 < 25",
        symbol="COIN",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    case(
        "buy NVDA when it gaps down more than 2%, sell it at the close",
        entry="open < close[-1]*0.98",
        symbol="NVDA",
        entry_fill="open",
        exit_fill="close",
        exit_same_bar=True,
    ),
    case(
        "buy SPY when RSI(2) < 10, sell it at the close the next day",
        entry="rsi_2 < 10",
        exit_after_bars=1,
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "he sells it short when RSI(14) is above 80 on MSFT and covers when it is below 40",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 40",
        symbol="MSFT",
        direction="short",
    ),
    # an oscillator's length then the bars it is said on, then its relation: "RSI 14 on the 4
    # hour is below 30" is the 14-bar RSI below 30, never RSI reaching 14
    case(
        "my buddy has a crypto bot: it buys BTC-USD when RSI 14 on the 4 hour is below 30 and "
        "sells with a 5% take profit or 3% stop loss.",
        entry="rsi_14 < 30",
        symbol="BTC-USD",
        interval="4h",
        stop_loss_pct=3.0,
        take_profit_pct=5.0,
    ),
    case(
        "buy ETH-USD when RSI 7 on the hourly chart drops below 25, sell when it goes above 60",
        entry="rsi_7 x< 25",
        exit="rsi_7 x> 60",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "buy SPY when RSI 2 on the daily is under 5 and sell when RSI 2 on the daily is over 70",
        entry="rsi_2 < 5",
        exit="rsi_2 > 70",
        symbol="SPY",
        interval="1d",
    ),
    # "but only if/when" after a buy and a sell said only by its date: the buy's filter (a
    # date to sell on is kept whatever the market does)
    case(
        "I read a blog post about this: buy IWM on the first day of the month, sell on the last "
        "day of the month, but only if IWM is above its 100 day moving average. Is the filter "
        "worth it?",
        entry="calendar trading_day [1] & close > sma_100",
        exit="calendar trading_day_from_end [1]",
        symbol="IWM",
    ),
    case(
        "someone on reddit swears by this: buy QQQ at the open every Monday, sell at the close on"
        " Monday, but only when Friday was a down day. Kind of a weekend effect thing.",
        entry="calendar weekday [0] & calendar weekday_before [4] & close < close[-1]",
        exit="calendar weekday [0]",
        symbol="QQQ",
        exit_fill="close",
        not_understood=["Kind of a weekend effect thing"],
    ),
    case(
        "buy SPY on Mondays and sell on Fridays only when RSI(14) is below 50",
        entry="calendar weekday [0] & rsi_14 < 50",
        exit="calendar weekday [4]",
        symbol="SPY",
    ),
    case(
        "buy GLD on the first trading day of the month and sell on the 10th trading day, but only"
        " when GLD is above its 200 day SMA",
        entry="calendar trading_day [1] & close > sma_200",
        exit="calendar trading_day [10]",
        symbol="GLD",
    ),
    # a death cross said after a crossing of two averages said with their lengths, without a
    # direction too ("the 50 EMA crosses the 200 EMA"), is of the same lines
    case(
        "The classic golden cross but with EMAs: buy when the 50 EMA crosses the 200 EMA on the "
        "daily, and sell on the death cross. I want it on SPY from 2000 to 2024.",
        entry="ema_50 x> ema_200",
        exit="ema_50 x< ema_200",
        symbol="SPY",
        interval="1d",
        start=date(2000, 1, 1),
        end=date(2024, 12, 31),
    ),
    case(
        "buy QQQ when the 20 day EMA crosses above the 100 day EMA and sell on the death cross",
        entry="ema_20 x> ema_100",
        exit="ema_20 x< ema_100",
        symbol="QQQ",
    ),
    case(
        "buy AAPL when the 10 day SMA crosses above the 30 day SMA, exit on a death cross",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        symbol="AAPL",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_a_setting_said_in_an_opinion_is_read_not_set_aside():
    u = understand(
        "buy SPY when RSI(3) is under 15, sell when RSI(3) is above 85. He said take half size."
    )

    assert u.spec is not None and u.spec.size_fraction == 0.5
    assert not any("half size" in a for a in u.assumptions), u.assumptions


def test_a_rule_said_in_a_question_is_still_read():
    u = understand(
        "buy AAPL when RSI(14) is below 30, sell when it is above 70. Would this work "
        "better with a 5% stop?"
    )

    assert u.spec is not None and u.spec.stop_loss_pct == 5.0


def _first_exit_minute(text: str) -> int:
    """The first minute of the day the exit of ``text``'s reading holds at."""
    u = understand(text)
    assert u.spec is not None, u.refusal
    said = re.search(r"minute_of_day \[(\d+)", rule_shape(u.spec.exit) or "")
    assert said is not None, rule_shape(u.spec.exit)
    return int(said.group(1))


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        (
            "The guy in the video trades the 1 minute chart on SPY, buys when the price crosses "
            "above the VWAP and sells when it crosses below, closing everything by 3:55.",
            15 * 60 + 54,  # the 1-minute bar closing at 15:55 opens at 15:54
        ),
        (
            "my friend trades QQQ on 5 minute bars, he buys when RSI(14) crosses above 30 and "
            "sells when it crosses above 70, closing all positions by 3:50",
            15 * 60 + 45,
        ),
    ],
)
def test_a_time_before_a_us_stock_session_without_am_pm_is_the_afternoon(text: str, minute: int):
    assert _first_exit_minute(text) == minute
    assert any("read as 15:" in a for a in understand(text).assumptions)


def test_a_time_without_am_pm_on_crypto_is_the_time_written():
    text = "on BTC-USD 1 hour bars buy when RSI(14) < 30 and exit at 3:00"

    assert _first_exit_minute(text) == 2 * 60  # the hourly bar closing at 3:00 opens at 2:00


def test_a_question_naming_a_period_botlab_did_not_read_is_reported_not_set_aside():
    u = understand(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70. Is that true during the 2022 bear "
        "market?"
    )

    assert any("2022" in words for words in u.not_understood), u.not_understood
    assert not u.complete
