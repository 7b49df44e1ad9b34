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
