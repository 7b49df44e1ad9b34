"""The offline compiler on which instrument a description names (issue 10): a ticker said with
its company's name in brackets ("Sony (SONY)", "Honeywell [HON]", "HON (Honeywell)", "Vantorix
(NYSE: VTX)"), after its exchange ("NYSE: HON", "NASDAQ:SHOP"), as a cashtag or with "ticker",
"stock", "shares of"; the companies, funds, indices, coins and currency pairs people name in
words (``_symbol_table``: "Palantir", "the Dow", "Solana", "cable", "the euro dollar"); words
in capitals that are English or trading words ("in RTH", "using DCA", "for the AI stocks"),
never a symbol; and a name Botlab does not know, reported, never guessed.

Each row of ``CASES`` is what a careful reader takes from the text (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may
be set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import _symbol_table, understand
from engine.generation import _vocabulary as vocab
from engine.generation._tokens import tokenize

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

RSI = {"entry": "rsi_14 < 30", "exit": "rsi_14 > 70", "direction": "long"}
CROSS = {"entry": "sma_50 x> sma_200", "exit": "sma_50 x< sma_200", "direction": "long"}

BRACKETS = [
    # a ticker in brackets after a name, known or not: the ticker is traded, the name set aside
    case(
        "buy Sony (SONY) when the 50 day moving average crosses above the 200 day, sell when it "
        "crosses back below",
        **CROSS,
        symbol="SONY",
    ),
    case(
        "Honeywell (HON): go long when RSI(14) drops below 30, exit when RSI goes above 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        direction="long",
        symbol="HON",
    ),
    case(
        "Vantorix Holdings (VTXH): buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="VTXH",
        says="'Vantorix Holdings (VTXH)': the ticker VTXH is the symbol traded",
    ),
    case(
        "buy Vantorix [VTX] when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="VTX",
        says="('Vantorix' set aside)",
    ),
    case("buy Vantorix (NYSE: VTX) when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="VTX"),
    case(
        "Buy Kraken Robotics (PNG) when RSI(14) < 30 and sell when RSI(14) > 70",
        **RSI,
        symbol="PNG",
    ),
    # the rest of a known company's name, and "ticker:" inside the brackets
    case(
        "buy Honeywell International Inc. (HON) when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="HON",
    ),
    case(
        "I trade Peloton Interactive (ticker: PTON). buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="PTON",
    ),
    case(
        "buy when RSI(14) < 30 on Sony Group (NYSE:SONY), sell when RSI(14) > 70",
        **RSI,
        symbol="SONY",
    ),
    # a name that is also a word counts where a symbol goes
    case(
        "Buy Target (TGT) when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="TGT",
        says="'Target (TGT)': the ticker TGT is the symbol traded",
    ),
    # a ticker then its name in brackets
    case("HON (Honeywell) - buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="HON"),
    case(
        "ZRBX (Zorblax Inc) - buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="ZRBX",
        says="('Zorblax Inc' set aside)",
    ),
    case(
        "QQQ (Nasdaq 100) buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="QQQ",
        says="the ticker QQQ is the symbol traded",
    ),
    case("SPY (S&P 500 ETF): buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="SPY"),
    case(
        "Trading AAL (American Airlines) on the 1h chart: short when RSI(14) goes above 75, cover "
        "when RSI(14) drops below 45",
        short_entry="rsi_14 x> 75",
        short_exit="rsi_14 x< 45",
        direction="short",
        symbol="AAL",
        interval="1h",
    ),
]

EXCHANGES_AND_TICKER_WORDS = [
    case("NYSE: HON. Enter long when RSI(14) < 30, exit when RSI(14) > 70", **RSI, symbol="HON"),
    case("NASDAQ: SHOP - buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="SHOP"),
    case("buy NASDAQ:PTON when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="PTON"),
    case(
        "BINANCE:BTCUSDT 4h - buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="BTC-USD",
        interval="4h",
    ),
    case("Buy $HON when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="HON"),
    case("trade ticker SHOP: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="SHOP"),
    case("buy HON stock when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="HON"),
    case("buy shares of HON when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="HON"),
    # a company's own name, as a title, is no exchange
    case("Coinbase: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="COIN"),
]

NAMES = [
    case("Palantir - buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="PLTR"),
    case(
        "peloton - buy when the rsi(14) is under 30 and sell when its over 70", **RSI, symbol="PTON"
    ),
    case(
        "I want to trade Shopify on the daily chart. buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="SHOP",
        interval="1d",
    ),
    case(
        "Lockheed Martin - go long when the 50 sma crosses above the 200 sma, exit when it "
        "crosses back below",
        **CROSS,
        symbol="LMT",
    ),
    case("buy shares of Chipotle when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="CMG"),
    case("Buy Novo Nordisk when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="NVO"),
    case("buy Berkshire Hathaway when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="BRK-B"),
    # indices said as traders say them
    case("Buy the Dow when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="^DJI"),
    case("buy the russell 2000 when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="^RUT"),
    case("Hang Seng: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="^HSI"),
    # coins by their names
    case(
        "Strategy for polkadot: buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="DOT-USD",
    ),  # fmt: skip
    case("buy chainlink when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="LINK-USD"),
    case("Shiba Inu: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="SHIB-USD"),
    case(
        "buy etherium when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="ETH-USD",
        says="Read 'etherium' as 'ethereum'",
    ),
    # currency pairs said as words: the pair, stated as Yahoo's
    case(
        "trade the euro dollar on the 1 hour chart. buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="EURUSD=X",
        interval="1h",
        says="EURUSD is traded as Yahoo's currency pair EURUSD=X",
    ),
    case(
        "cable: go short when RSI(14) > 70, cover when RSI(14) < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
        symbol="GBPUSD=X",
    ),
    case(
        "Aussie dollar 4h: buy when RSI(14) < 30, sell when RSI(14) > 70",
        **RSI,
        symbol="AUDUSD=X",
        interval="4h",
    ),
    # funds by their names
    case("buy the Nasdaq 100 ETF when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="QQQ"),
    case("gold miners: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI, symbol="GDX"),
]

WORDS_IN_CAPITALS = [
    # an English or trading word in capitals is never the symbol (nor a name: reported plainly)
    case("buy when RSI(14) < 30 in RTH, sell when RSI(14) > 70", **RSI, not_understood=["in RTH"]),
    case(
        "buy when RSI(14) < 30, sell when RSI(14) > 70, all times in UTC",
        **RSI,
        not_understood=["all times in UTC"],
    ),
    case(
        "buy when RSI(14) < 30 using DCA, sell when RSI(14) > 70",
        **RSI,
        not_understood=["using DCA"],
    ),
    case(
        "buy when RSI(14) < 30, sell when RSI(14) > 70 - for the AI stocks",
        **RSI,
        not_understood=["- for the AI stocks"],
    ),
    case("HODL strategy: buy when RSI(14) < 30, sell when RSI(14) > 70", **RSI),
    case("buy when the Relative Strength Index (RSI) is below 30, sell when it is above 70", **RSI),
]


@pytest.mark.parametrize(
    ("text", "expect"), BRACKETS + EXCHANGES_AND_TICKER_WORDS + NAMES + WORDS_IN_CAPITALS
)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize("text", ["buy when RSI(14) < 30 in RTH, sell above 70", "Trade in USD"])
def test_a_trading_word_in_capitals_is_no_unknown_name(text: str):
    assert not any("looks like the stock" in p for p in understand(text).problems)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Buy Zorblax when the RSI(14) is below 30, sell when it's above 70", "Zorblax"),
        ("buy Acme Widgets when RSI(14) < 30, sell when RSI(14) > 70", "Acme"),
        ("Trading Zoom: buy when RSI(14) < 30, sell when RSI(14) > 70", "Zoom"),
    ],
)
def test_a_name_botlab_does_not_know_is_reported_never_guessed(text: str, name: str):
    u = understand(text)

    assert u.spec is not None and u.spec.symbol is None and not u.complete
    assert any(f"'{name}' looks like the stock or market you mean" in p for p in u.problems)


def test_two_symbols_named_for_one_bot_are_still_reported():
    u = understand("Buy Apple and Microsoft when RSI(14) < 30, sell when RSI(14) > 70")

    assert u.spec.symbol == "AAPL" and not u.complete
    assert any(p.startswith("A bot trades one symbol at a time") for p in u.problems)


def test_a_second_symbol_is_still_a_market_filter():
    u = understand("buy XLE when oil (USO) is above its 50 day sma, sell when RSI(14) > 70")

    assert u.complete and u.spec.symbol == "XLE"
    assert any(ind.symbol == "USO" for ind in u.spec.indicators)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Zorblax (ZRB): buy when RSI(14) < 30 and the moon is full", "Zorblax (ZRB):"),
        ("buy when rsi < 30, sell when rsi > 70, trailing stop (TS) 5%", "( )"),
    ],
)
def test_a_suggestion_leaves_no_empty_brackets(text: str, cut: str):
    """The words not read are cut out of the suggestion, and so are the brackets around them."""
    u = understand(text)

    assert not any("( )" in s or "()" in s for s in u.suggestions), u.suggestions


def test_each_name_is_written_as_botlab_reads_words_and_names_one_symbol():
    """A name in the table is matched word for word: it is written as the tokenizer reads it
    ("coca cola", "at & t"); and the table never lets one name stand for two symbols."""
    for name in _symbol_table.NAMES:
        assert " ".join(tok.low for tok in tokenize(name)) == name, name
    assert vocab.SYMBOL_NAMES is _symbol_table.NAMES
    with pytest.raises(ValueError, match="names both"):
        _symbol_table._table("AAA: acme\nBBB: acme")


@pytest.mark.parametrize("word", ["target", "block", "snap", "zoom", "gap", "delta", "reddit"])
def test_names_that_are_everyday_words_are_left_out(word: str):
    """ "sell at the target", "a gap up", "I read it on reddit": never an instrument."""
    assert word not in vocab.SYMBOL_NAMES
