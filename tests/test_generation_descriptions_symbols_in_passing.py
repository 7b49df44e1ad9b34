"""The offline compiler on symbols said wherever people say them: a currency pair however it is
written (Yahoo's PAIR=X, stated); a ticker said in passing ("the stock is KO", "ticker: ko",
"PFE daily, buy when ...", a ticker as the last word, "on LLY only"), company names in the same
places; a market filter on another symbol said after the rules ("if SPY is also above its own
200-day moving average", "as long as the S&P 500 (SPY) is over its 200 SMA", "provided QQQ
closes above its 20 EMA", "the Nasdaq is in an uptrend (QQQ above 50 SMA)"), which filters the
entries; and nothing else read as a symbol ("Buy NOW when", "IT", "ON", "ALL", "A" in prose), nor
a stock left unnamed ("on a single stock", "any stock", "a stock of your choice"), which is
reported, never a guess.

Each row is what a careful reader takes from the text (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may
be set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

RSI = {"entry": "rsi_14 < 30", "exit": "rsi_14 > 70", "direction": "long"}

PAIRS = [
    # a six-letter pair bare, with a slash or a dash, in lower case: Yahoo's PAIR=X, stated
    case(
        "eurusd 1h: buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="EURUSD=X",
        interval="1h",
        says="EURUSD is traded as Yahoo's currency pair EURUSD=X",
    ),
    case(
        "Trade EUR-USD on 1h bars: buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "buy USD/JPY when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="USDJPY=X",
        says="USDJPY is traded as Yahoo's currency pair USDJPY=X",
    ),
    case(
        "short when RSI(14) > 70, cover when RSI(14) < 30 on GBPUSD, 15 min bars",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="GBPUSD=X",
        interval="15m",
    ),
]

IN_PASSING = [
    # the symbol as a field's value said in a sentence, its label opening it or with its owner
    case("Buy when RSI(14) < 30, sell when RSI(14) > 70. The stock is KO.", **RSI, symbol="KO"),
    case("my stock is KO. buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="KO"),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70, the stock is XOM", **RSI, symbol="XOM"),
    case("the symbol is lly. buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="LLY"),
    case("ticker: ko. buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="KO"),
    case("my stock is Pfizer. buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="PFE"),
    # the ticker opening the text with its bars, as a chart's title does
    case(
        "PFE daily, buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="PFE",
        interval="1d",
    ),
    case(
        "XOM weekly - buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="XOM",
        interval="1wk",
    ),
    case(
        "PFE 1h: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="PFE", interval="1h"
    ),
    # the ticker as the last word, a sentence of its own
    case("buy when RSI(14) < 30, sell at 70. LLY", **{**RSI, "exit": "rsi_14 >= 70"}, symbol="LLY"),
    case(
        "buy when the close crosses above the 50 SMA, sell when RSI(14) > 70. NVDA",
        entry="close x> sma_50",
        exit="rsi_14 > 70",
        direction="long",
        symbol="NVDA",
    ),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70. Pfizer", **RSI, symbol="PFE"),
    case("buy when RSI(14) < 30 and sell when RSI(14) > 70, on LLY only", **RSI, symbol="LLY"),
]

NOT_SYMBOLS = [
    # words in capitals for emphasis, and the usual short words, are never the ticker
    case("Buy NOW when RSI(14) < 30, sell when RSI(14) > 70", **RSI),
    case("Buy IT when RSI(14) < 30, sell when RSI(14) > 70", **RSI),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70. IT is that simple.", **RSI),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70 ON ALL days", **RSI),
    case("A simple idea: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI),
    # a sign-off or a kind of asset as the last word is none either
    case("buy when RSI(14) < 30, sell when RSI(14) > 70. GL", **RSI, says="Set aside 'GL'"),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70. DYOR", **RSI, says="Set aside 'DYOR'"),
    case("buy when RSI(14) < 30, sell when RSI(14) > 70. ETF", **RSI, not_understood=["ETF"]),
]

MARKET_FILTERS = [
    # a condition on another symbol's trend said after the exit filters the entries
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, only when QQQ is above its 50-day SMA",
        **{**RSI, "entry": "rsi_14 < 30 & close@QQQ > qqq_sma_50"},
        symbol="AAPL",
    ),
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, if SPY is also above its own "
        "200-day moving average",
        **{**RSI, "entry": "rsi_14 < 30 & close@SPY > spy_sma_200"},
        symbol="AAPL",
    ),
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, as long as the S&P 500 (SPY) is "
        "over its 200 SMA",
        **{**RSI, "entry": "rsi_14 < 30 & close@SPY > spy_sma_200"},
        symbol="AAPL",
    ),
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, provided QQQ closes above its 20 EMA",
        **{**RSI, "entry": "rsi_14 < 30 & close@QQQ > qqq_ema_20"},
        symbol="AAPL",
    ),
    case(
        "buy AAPL when RSI(14) < 30 and the Nasdaq is in an uptrend (QQQ above 50 SMA), sell "
        "when RSI(14) > 70",
        **{**RSI, "entry": "rsi_14 < 30 & close@QQQ > qqq_sma_50"},
        symbol="AAPL",
        says="'QQQ is in an uptrend' read as its definition in brackets",
    ),
    case(
        "short TSLA when RSI(14) > 70, cover when RSI(14) < 30, provided QQQ is below its 50-day "
        "SMA",
        short_entry="rsi_14 > 70 & close@QQQ < qqq_sma_50",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "buy NVDA when the close crosses above the 20 EMA, sell when it crosses below, so long "
        "as SMH closes above its 50 EMA",
        entry="close x> ema_20 & close@SMH > smh_ema_50",
        exit="close x< ema_20",
        direction="long",
        symbol="NVDA",
    ),
    # on the traded symbol itself, the proviso stays the exit's, as said
    case(
        "buy AAPL when RSI(14) < 30, sell when RSI(14) > 70, as long as AAPL is above its 200 SMA",
        **{**RSI, "exit": "rsi_14 > 70 & close > sma_200"},
        symbol="AAPL",
    ),
]


@pytest.mark.parametrize(("text", "expect"), PAIRS + IN_PASSING + NOT_SYMBOLS + MARKET_FILTERS)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("buy when RSI(14) < 30, sell when RSI(14) > 70 on a single stock", "a single stock"),
        ("buy any stock when RSI(14) < 30, sell when RSI(14) > 70", "any stock"),
        ("pick a stock of your choice: buy when RSI(14) < 30, sell above 70", "a stock of your"),
        ("Trade any stock you like. Buy when RSI(14) < 30, sell when RSI(14) > 70", "any stock"),
        ("run it on a stock of your choice, buy when RSI(14) < 30, sell above 70", "a stock of"),
    ],
)
def test_a_stock_left_unnamed_is_reported_never_a_guess(text: str, said: str):
    """No symbol is named: the words are reported with the reason, the reading is not complete,
    and no symbol is set (the default is the user's to accept by leaving the words out)."""
    u = understand(text)

    assert u.spec is not None and u.spec.symbol is None
    assert not u.complete
    assert any(said in words for words in u.not_understood), u.not_understood
    assert any(p.startswith("No symbol is named") for p in u.problems), u.problems


def test_a_word_in_capitals_where_a_ticker_stands_is_still_the_ticker():
    """ "Long ON when ...": ON Semiconductor, as before; only emphasis words give way."""
    assert understand("Long ON when RSI(14) < 30, sell when RSI(14) > 70").spec.symbol == "ON"
    assert understand("Buy MA when RSI(14) < 30, sell when RSI(14) > 70").spec.symbol == "MA"


@pytest.mark.parametrize(
    "text", ["Buy EURUSD=X on 1h bars when RSI(14) < 30, sell above 70", "gbpusd=x 15m: buy rsi<30"]
)
def test_a_pair_written_as_yahoos_ticker_is_not_said_back_as_one(text: str):
    u = understand(text)

    assert u.spec is not None and u.spec.symbol in ("EURUSD=X", "GBPUSD=X")
    assert not any("currency pair" in note for note in u.assumptions), u.assumptions


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Bollinger Band squeeze on Vantorix: when band width is at its lowest in 6 months, buy "
            "the break above the upper band; exit when price closes below the middle band.",
            "Vantorix",
        ),
        (
            "I'm curious how this would have done from 2020 through 2022 on Zoom: short whenever "
            "the 10-day SMA crosses below the 30-day SMA and cover when it crosses back above.",
            "Zoom",
        ),
        ("MACD cross for Zorblax: buy when MACD crosses above its signal line", "Zorblax"),
        ("Trading Zoom: buy when RSI(14) < 30, sell when RSI(14) > 70", "Zoom"),
        (
            "Trade Snap: buy when the 10 EMA crosses above the 30 EMA, sell on the cross down",
            "Snap",
        ),
        ("XAUUSD 1h: buy when RSI(14) < 30, sell when RSI(14) > 70", "XAUUSD"),
    ],
)
def test_a_company_named_in_a_title_botlab_does_not_know_is_reported(text: str, name: str):
    """Reported with why, and never offered back without the name as the closest phrasing:
    that would test the default symbol."""
    u = understand(text)

    assert name in u.not_understood and not u.complete  # never run on the default symbol
    assert u.spec is not None and u.spec.symbol is None
    assert any(f"'{name}' looks like the stock or market you mean" in p for p in u.problems)
    cut = text.split(":")[0].replace(name, "").strip()  # the title, the name cut out
    assert u.suggestions and not any(s.startswith(cut) for s in u.suggestions), u.suggestions


@pytest.mark.parametrize(
    "text",
    [
        "Trading Plan: buy when RSI(14) < 30, sell when RSI(14) > 70",
        "buy at the start of November and sell it by the end of April: bought at the open of "
        "April's last trading day",
        "buy when RSI(2) < 10, sell when RSI(2) > 90: TA-Lib's RSI, as TradingView's",
    ],
)
def test_plain_words_and_words_inside_an_explanation_are_no_unknown_names(text: str):
    assert not any("looks like the stock" in p for p in understand(text).problems)


def test_a_title_naming_a_known_company_or_a_day_sets_nothing_back():
    known = understand("RSI dip on Microsoft: buy when RSI(14) < 30, sell when RSI(14) > 70")
    day = understand("Golden cross on Monday: buy when the 50 SMA crosses above the 200 SMA")

    assert known.complete and known.spec.symbol == "MSFT"
    assert "Monday" not in day.not_understood
