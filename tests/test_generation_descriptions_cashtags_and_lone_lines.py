"""The offline compiler where this session's branches met (lead19's merge fixes).

A cashtag ("$coin", "$pltr") names a ticker, so the spelling stage never corrects its word into a
vocabulary word (the echo said "Read 'coin' as 'coins'" once FRAMING_WORDS knew "coins"). A line
named alone keeps its line when its time frame becomes the bars tested ("use the 15m RSI. buy
when it ..."), and a title that names the bars says so as it is set aside. "I'll", "I've",
"specifically" and "looking" are filler, and "Can you set that up?" a request set aside.

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

CASES = [
    case(
        "b $coin when stoch k lt 20 s stoch k gt 80 h4",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
        symbol="COIN",
        interval="4h",
    ),
    case(
        "use the 1h RSI. buy when it crosses above 30, sell when it crosses above 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 x> 70",
        interval="1h",
        says="the 1h said of the rules is the bars tested",
    ),
    case(
        "2h MACD trend on QQQ: buy when MACD crosses above its signal line, sell when it crosses "
        "below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="QQQ",
        interval="2h",
        says="the 2h bars it names are tested",
    ),
    # words of the writer's voice carry no rule: read as filler, so the reading is complete
    case(
        "I'll buy QQQ when it closes above the 20 day EMA, and I'll sell when it closes below it",
        entry="close > ema_20",
        exit="close < ema_20",
        symbol="QQQ",
    ),
    case(
        "Buy IWM when RSI(14) drops below 30 and sell when it goes above 60. Can you set that up?",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 60",
        symbol="IWM",
        says="Set aside 'Can you set that up?'",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, SETTINGS)


@pytest.mark.parametrize(
    "text",
    [
        "b $coin when rsi lt 30 s when rsi gt 70",
        "buy $shop when rsi lt 30, sell when rsi gt 70",  # never 'stop'
        "buy $hood when rsi lt 30, sell when rsi gt 70",  # never 'hold'
        "buy $mara when rsi lt 30, sell when rsi gt 70",  # never 'mar', March
    ],
)
def test_a_cashtag_is_never_corrected_into_a_word(text: str):
    u = understand(text)

    ticker = text.split("$")[1].split()[0]
    assert not any(a.startswith(f"Read '{ticker}'") for a in u.assumptions), u.assumptions
