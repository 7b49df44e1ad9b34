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
    # A state held for several bars: "at least", "straight", "in row", after a level word
    case(
        "buy when rsi has been below 30 for at least 3 days, sell when rsi > 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "I like to buy when the RSI on the daily has been below 30 for at least 3 days, and sell "
        "when it crosses back above 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 x> 50",
        interval="1d",
    ),
    case(
        "buy when rsi stays below 30 for 3 days in row, sell when rsi > 50",
        entry="rsi_14[-2] < 30 & rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "when the 20-period CCI has been above zero for 3 straight bars buy; sell when cci drops "
        "under -50",
        entry="cci_20[-2] > 0 & cci_20[-1] > 0 & cci_20 > 0",
        exit="cci_20 x< -50",
    ),
    case(
        "buy when rsi has been oversold for 2 days in a row, sell when rsi > 50",
        entry="rsi_14[-1] < 30 & rsi_14 < 30",
        exit="rsi_14 > 50",
    ),
    case(
        "buy when macd is positive for 3 days, sell when macd is negative",
        entry="macd_12_26_9.macd[-2] > 0 & macd_12_26_9.macd[-1] > 0 & macd_12_26_9.macd > 0",
        exit="macd_12_26_9.macd < 0",
    ),
    # ... after a band: the days are the state's, not the band's length
    case(
        "buy when the close is above the upper keltner channel for two days in a row, sell when "
        "close < middle keltner",
        entry="close[-1] > keltner_20_2_10.upper[-1] & close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
    ),
    case(
        "buy when close > upper bollinger band for 2 consecutive days, sell after 5 days",
        entry="close[-1] > bbands_20_2.upper[-1] & close > bbands_20_2.upper",
        exit_after_bars=5,
    ),
    # A run of closes said with "go up"/"go down"
    case(
        "if price is going up for 5 days in row i buy and i sell when it go down 2 days",
        entry="5 up closes",
        exit="2 down closes",
    ),
    case(
        "buy after the price rises for 4 days in row, sell after 2 down days",
        entry="4 up closes",
        exit="2 down closes",
    ),
    case(
        "buy when the stock goes up 3 days, sell when it goes down 2 days",
        entry="3 up closes",
        exit="2 down closes",
    ),
]

REFUSALS: list = []


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)
