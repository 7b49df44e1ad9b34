"""The offline compiler on two silent misreads the session's helpers found and left: a "sell"
after a short entry (read as a second short entry, joined to the first with OR), and intraday
bars said of an indicator in a title ("15m EMA scalp on EURUSD: ...": the test ran on daily bars,
and the title's bare "EMA" gave a default period "because none was given").

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

CASES = [
    # a sell after a short, with no cover said, closes the short (as "buy" after a short covers)
    case(
        "short when rsi > 70, sell when rsi < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        direction="short",
        says="'sell' after a short rule read as closing the short",
    ),
    case(
        "Short TSLA when the close drops below the 20-day low; sell when it closes above the "
        "10-day high.",
        short_entry="close x< lowest_20",
        short_exit="close > highest_10",
        symbol="TSLA",
        direction="short",
        says="'sell' after a short rule read as closing the short",
    ),
    case(
        "short spy if the 5 ema crosses under the 20 ema, sell if it crosses back over",
        short_entry="ema_5 x< ema_20",
        short_exit="ema_5 x> ema_20",
        symbol="SPY",
        direction="short",
    ),
    # intraday bars said of an indicator in a title are the bars tested
    case(
        "15m EMA scalp on EURUSD: buy when the 9 EMA crosses above the 21 EMA, sell when it "
        "crosses below",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="EURUSD",
        interval="15m",
    ),
    case(
        "1h RSI reversal on BTC-USD: buy when RSI(14) drops below 25, sell when it rises above 60",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 60",
        symbol="BTC-USD",
        interval="1h",
    ),
    case(
        "4h MACD swing: long when macd crosses above signal, exit when it crosses below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        interval="4h",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
