"""The offline compiler on fresh descriptions (issue 10, helper fresh14a): indicators and
oscillators, combos of conditions, crossovers, compound exits in any order and stops or targets
said many ways, measured on descriptions Botlab had never seen. Each row is a phrasing family
that was misread or left unread: a target and a stop said as moves from the entry price ("exit
15% above entry or 5% below"), a chart written "15min" (minutes, not a 15-bar minimum), a band
reached with its subject left out (the price, not an average named before).

Each row states what a careful reader takes from the sentence (the notation of
``tests/generation/rules_support.py``) and the words reported back; every accepted row is
compiled and backtested on bundled data by ``check_reading``.
"""

from __future__ import annotations

import pytest

from .test_generation_descriptions_rules import case, check_reading

CASES = [
    # A target and a stop as moves from the entry price
    case(
        "Enter long on a bullish MACD crossover while the stochastic is below 30, exit 15% above "
        "entry or 5% below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & stoch_14_3.k < 30",
        take_profit_pct=15.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi < 30, sell 10% above entry or 5% below entry",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi<30, close the trade 8% over my entry or 4% under",
        entry="rsi_14 < 30",
        take_profit_pct=8.0,
        stop_loss_pct=4.0,
    ),
    case(
        "buy when rsi<30 and sell it 10% above the purchase price",
        entry="rsi_14 < 30",
        take_profit_pct=10.0,
    ),
    case("buy when rsi < 30, exit 5% below entry", entry="rsi_14 < 30", stop_loss_pct=5.0),
    # Minutes written "min" before a chart word
    case(
        "on the 15min chart buy when rsi < 30 and sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="15m",
    ),
    case(
        "buy when rsi < 30 and sell when rsi > 70 on 15 min bars",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="15m",
    ),
    # A band reached with its subject left out is reached by the price
    case(
        "buy when close < lower bollinger band and the 50 ema is rising, take profit at the upper "
        "band",
        entry="close < bbands_20_2.lower & ema_50 > ema_50[-1]",
        exit="close >= bbands_20_2.upper",
    ),
    case(
        "buy when the 50 ema is rising, sell at the upper bollinger band",
        entry="ema_50 > ema_50[-1]",
        exit="close >= bbands_20_2.upper",
    ),
    case(
        "buy when the 20 ema is above the 50 ema, exit at the lower keltner band",
        entry="ema_20 > ema_50",
        exit="close <= keltner_20_2_10.lower",
    ),
]

REFUSALS: list = []


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)
