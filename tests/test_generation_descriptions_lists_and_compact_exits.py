"""The offline compiler on lists joined by "any of these", tickers that are also words, compact
exits ("TP/SL 6/3", "Exit: +8% / -4%"), and futures said by their CME root ("6E futures 5m").

A futures root Botlab knows ("6E", "ZC", "ZN") is Yahoo's continuous contract of it ("6E=F"); a
root it does not know is reported, never dropped and never traded as the stock of the same
ticker ("XYZ futures" is not Block's stock XYZ).

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

RSI = {"entry": "rsi_14 < 30", "exit": "rsi_14 > 70"}

CASES = [
    # two exits' labels then their sizes in the same order: each size is its label's
    case(
        "Buy SPY when RSI < 30, TP/SL 6%/3%",
        entry="rsi_14 < 30",
        take_profit_pct=6.0,
        stop_loss_pct=3.0,
        symbol="SPY",
    ),
    case(
        "Buy SPY when RSI < 30, SL/TP 2% / 4%",
        entry="rsi_14 < 30",
        take_profit_pct=4.0,
        stop_loss_pct=2.0,
        symbol="SPY",
    ),
    case(
        "Buy SPY when RSI < 30. target/stop 10%/5%",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
        symbol="SPY",
    ),
    # a target and a stop said as two signed moves from the entry, joined by "/" or "or"
    case(
        "Buy SPY when RSI < 30. Exit: +8% / -4%",
        entry="rsi_14 < 30",
        take_profit_pct=8.0,
        stop_loss_pct=4.0,
        symbol="SPY",
    ),
    case(
        "Buy QQQ when RSI(2) < 10, exit +6% / -3%",
        entry="rsi_2 < 10",
        take_profit_pct=6.0,
        stop_loss_pct=3.0,
        symbol="QQQ",
    ),
    case(
        "Buy SPY when RSI < 30, exit: -4% / +8%",
        entry="rsi_14 < 30",
        take_profit_pct=8.0,
        stop_loss_pct=4.0,
        symbol="SPY",
    ),
    case(
        "Buy SPY when RSI < 30, sell +10% or -5%",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
        symbol="SPY",
    ),
    case(
        "Buy SPY when RSI < 30, tp 2% sl 1%",
        entry="rsi_14 < 30",
        take_profit_pct=2.0,
        stop_loss_pct=1.0,
        symbol="SPY",
    ),
    # a few words after "when" named by the condition in brackets after them: the bracket is the
    # rule, the words only its name
    case(
        "Buy SPY when it's oversold (RSI<25), sell when RSI > 60",
        entry="rsi_14 < 25",
        exit="rsi_14 > 60",
        symbol="SPY",
        says="a name for the condition in brackets",
    ),
    case(
        "Buy SPY when momentum turns (MACD cross up), sell when momentum fades (MACD cross down)",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="SPY",
    ),
    case(
        "short TSLA if it's overbought (RSI(2) > 95), cover when RSI(2) < 50",
        short_entry="rsi_2 > 95",
        short_exit="rsi_2 < 50",
        symbol="TSLA",
    ),
    case(
        "Buy when price dips (RSI < 30 or close below lower band), sell when RSI > 70",
        entry="rsi_14 < 30 | close < bbands_20_2.lower",
        exit="rsi_14 > 70",
    ),
    # "any of these" over a list: its items joined with "or"; "all of these" keeps "and"
    case(
        "Buy when any of these is true:\n- RSI(14) < 30\n- close below the lower Bollinger band",
        entry="rsi_14 < 30 | close < bbands_20_2.lower",
        exit="rsi_14 > 70",
        says="joined with 'or'",
    ),
    case(
        "Buy SPY when one of the following holds:\n- RSI(14) < 30\n- MACD crosses above signal\n"
        "Sell when RSI > 70",
        entry="rsi_14 < 30 | macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="rsi_14 > 70",
        symbol="SPY",
        says="joined with 'or'",
    ),
    case(
        "Sell when either of these:\n* RSI(14) > 70\n* close above the upper Bollinger band\n"
        "Buy when RSI < 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 | close > bbands_20_2.upper",
        says="joined with 'or'",
    ),
    case(
        "Exit when any of the following:\n1. RSI(14) > 70\n2. price closes below the 20 EMA\n"
        "3. MACD crosses below signal\nBuy when RSI(14) < 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 | close < ema_20 | macd_12_26_9.macd x< macd_12_26_9.signal",
        says="joined with 'or'",
    ),
    case(
        "Buy when all of these are true:\n- RSI(14) < 30\n- close below the lower Bollinger band",
        entry="rsi_14 < 30 & close < bbands_20_2.lower",
        exit="rsi_14 > 70",
    ),
    # a ticker that is also a word Botlab reads, in a symbol's place: the symbol
    case("Buy MA when RSI < 30, sell when RSI > 70", symbol="MA", **RSI),
    case("Long ON when RSI(14) < 30, exit when RSI > 70", symbol="ON", **RSI),
    case("Trade V when RSI(14) < 30, sell when RSI > 70", symbol="V", **RSI),
    case("Buy AI stock when RSI < 30, sell when RSI > 70", symbol="AI", **RSI),
    case(
        "short CAT when RSI > 70, cover when RSI < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="CAT",
    ),
    case(
        "Buy MA stock if the close is above the 50 day SMA, sell if it is below",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="MA",
    ),
    # futures said by a CME root: the front-month contract of it
    case(
        "6E futures 5m: buy when RSI < 30, sell when RSI > 70", symbol="6E=F", interval="5m", **RSI
    ),
    case(
        "Buy when RSI < 30 on 6B futures, 15m, sell when RSI > 70",
        symbol="6B=F",
        interval="15m",
        **RSI,
    ),
    case(
        "ZC futures 1h, buy when RSI < 30, sell when RSI > 70", symbol="ZC=F", interval="1h", **RSI
    ),
    case("Trade ZN futures: buy when RSI < 30, sell when RSI > 70", symbol="ZN=F", **RSI),
    case("CL futures: buy when RSI < 30, sell when RSI > 70", symbol="CL=F", **RSI),
    case("GC futures: buy when RSI < 30, sell when RSI > 70", symbol="GC=F", **RSI),
    case("SI futures: buy when RSI < 30, sell when RSI > 70", symbol="SI=F", **RSI),
    case("RTY futures: buy when RSI < 30, sell when RSI > 70", symbol="RTY=F", **RSI),
    case("YM futures: buy when RSI < 30, sell when RSI > 70", symbol="YM=F", **RSI),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, SETTINGS)


def test_any_of_these_after_a_condition_of_its_own_is_reported():
    u = understand(
        "Buy when the close is above the 200 SMA and any of these is true:\n- RSI(14) < 30\n"
        "- close below the lower Bollinger band"
    )

    assert u.not_understood == ["any of these is true"]


def test_paired_exit_sizes_without_a_unit_are_reported():
    u = understand("Buy SPY when RSI < 30, TP/SL 6/3")

    assert u.spec is not None and u.spec.take_profit_pct is None and u.spec.stop_loss_pct is None
    assert u.not_understood, "6/3 may be percent, points or dollars: never guessed"


def test_a_target_in_r_with_a_stop_in_r_is_refused_for_that_reason():
    u = understand("Buy SPY when RSI < 30, target +3R / stop -1R")

    assert u.spec is None
    assert "The stop is said in R too" in u.refusal


def test_a_target_in_r_is_read_from_a_stop_said_beside_it():
    u = understand("Buy SPY when RSI < 30, target +3R / stop 2%")

    assert (u.spec.take_profit_pct, u.spec.stop_loss_pct) == (6.0, 2.0)
    assert u.not_understood == []


def test_a_text_typed_in_capitals_reads_no_word_as_a_ticker():
    u = understand("BUY MA WHEN RSI < 30")

    assert u.spec is not None and u.spec.symbol is None
    assert u.not_understood, "never a silent misread either way"


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("KE futures 5m: buy when RSI < 30, sell when RSI > 70", "KE"),
        ("Buy XYZ futures when RSI < 30, sell when RSI > 70", "XYZ"),
        ("Trade QQ futures on the 1h: buy when RSI < 30, sell when RSI > 70", "QQ"),
    ],
)
def test_a_futures_root_botlab_does_not_know_is_reported(text: str, unread: str):
    u = understand(text)

    assert u.spec is not None and u.spec.symbol is None
    assert any(unread in words for words in u.not_understood), u.not_understood
