"""The offline compiler on what a held-out sample of casual descriptions exposed: a target or stop
said as the trade's move after a hold ("keep it until it makes 10% or loses 5%", "sell when it goes
back up 3%", "when I make 5% or lose 3%"), which read "3%" as an RSI level before; a hedge before a
number ("drops like 5%", "roughly 30"); the day's own change ("the day was down more than 1%", "its
down 2% from yesterdays close"); the dip named before the rule that defines it ("buy the dip when
..."); volume against its "normal" or "usual" level; "pulls back to it" after the line it means;
and a price never compared with an oscillator ("price pulls back to the RSI" is not read).

Rows use the table and helpers of ``tests/test_generation_descriptions_rules.py``: each states what
a careful reader takes from the sentence; every row is compiled and backtested on bundled data.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .test_generation_descriptions_rules import case, check_reading

RSI_DIP = "rsi_14 x< 30"
PULLBACK_EMA_20 = "ema_20 > ema_20[-1] & close > ema_20 & low <= ema_20"

CASES = [
    # -- the trade's move after a hold, never an indicator's level ------------------------------
    case(
        "buy when rsi goes under 30, sell when it goes back up 3%",
        entry=RSI_DIP,
        take_profit_pct=3.0,
    ),
    case(
        "buy whenever rsi goes under thirty and keep it until it makes 10% or loses 5%",
        entry=RSI_DIP,
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi goes under 30 and hold until it makes 10% or loses 5%",
        entry=RSI_DIP,
        take_profit_pct=10.0,
        stop_loss_pct=5.0,
    ),
    case(
        "buy when the 20 sma crosses above the 50 sma and hold it until it is up 8%",
        entry="sma_20 x> sma_50",
        take_profit_pct=8.0,
    ),
    case(
        "buy when rsi goes under 30, sell when I make 5% or lose 3%",
        entry=RSI_DIP,
        take_profit_pct=5.0,
        stop_loss_pct=3.0,
    ),
    case(
        "short when rsi is over 80 and cover when it comes back down 4%",
        short_entry="rsi_14 > 80",
        direction="short",
        take_profit_pct=4.0,
    ),
    case(
        "sell short when its gone up 3 days in a row, buy it back the next day",
        short_entry="3 up closes",
        direction="short",
        exit_after_bars=1,
    ),
    case(
        "short when RSI(2) is above 95 and buy to cover 3 days later",
        short_entry="rsi_2 > 95",
        direction="short",
        exit_after_bars=3,
    ),
    # -- a hedge before a number -----------------------------------------------------------------
    case(
        "buy when the price drops like 5% in one day, sell after 3 days",
        entry="roc_1 <= -5",
        exit_after_bars=3,
    ),
    case(
        "buy when rsi is below roughly 30, sell above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when the price drops about 5% in a day, sell after around 3 days",
        entry="roc_1 <= -5",
        exit_after_bars=3,
    ),
    # -- the day's own change ---------------------------------------------------------------------
    case(
        "buy the dip when its down 2% from yesterdays close, take profit at 1%, stop loss at 2 "
        "percent",
        entry="roc_1 <= -2",
        take_profit_pct=1.0,
        stop_loss_pct=2.0,
    ),
    case(
        "buy when it's down 2% from the previous close, sell after 3 days",
        entry="roc_1 <= -2",
        exit_after_bars=3,
    ),
    case(
        "short when its up 3% vs yesterday, cover after 1 day",
        short_entry="roc_1 >= 3",
        direction="short",
        exit_after_bars=1,
    ),
    case(
        "Fridays only: buy at the close if the day was down more than 1%, sell at Monday's close.",
        entry="roc_1 < -1 & calendar weekday [4]",
        exit="calendar weekday [0]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy at the close when today closed down 2% or more, sell after 2 days",
        entry="roc_1 <= -2",
        entry_fill="close",
        exit_fill="close",
        exit_after_bars=2,
    ),
    case(
        "buy when the day was up more than 2 percent and RSI(14) is above 50, sell after 3 days",
        entry="roc_1 > 2 & rsi_14 > 50",
        exit_after_bars=3,
    ),
    # -- the dip named before its rule; volume against its norm ----------------------------------
    case(
        "buy dips when RSI(2) is below 10, sell when it is above 70",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
    ),
    case(
        "buy when volume is twice the normal volume and the price is up on the day, sell after 3 "
        "days",
        entry="volume >= volume_sma_20*2 & close > close[-1]",
        exit_after_bars=3,
    ),
    case(
        "buy when volume is above its usual volume and RSI(14) is over 50, sell after 3 days",
        entry="volume > volume_sma_20 & rsi_14 > 50",
        exit_after_bars=3,
    ),
    case(
        "go all in when it touches the bottom bollinger band, get out when it touches the top one",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.upper",
        size_fraction=99.99 / 100,  # "all in": 99.99% (backtesting.py needs < 1)
    ),
    case(
        "buy when it touches the lower bollinger band, sell at the upper one",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.upper",
    ),
    # -- "pulls back to it": the line said before ------------------------------------------------
    case(
        "Risk 2% of equity per trade with the stop 2 ATR below entry; buy when the 20 EMA is "
        "rising and price pulls back to it.",
        entry=PULLBACK_EMA_20,
        risk_pct=2.0,
        atr_stop_multiple=2.0,
    ),
    case(
        "buy when the 50 day moving average is rising and the stock dips to it, sell after 5 days",
        entry="sma_50 > sma_50[-1] & close > sma_50 & low <= sma_50",
        exit_after_bars=5,
    ),
    # -- "pyramid" with a number of units and no add rule: the entry signal again --------------
    case(
        "Buy each new 20-day closing high, pyramid up to 4 units, exit everything on a close "
        "below the 10-day low.",
        entry="close > close_highest_20",
        exit="close < lowest_10",
        add_on="close > close_highest_20",
        max_units=4,
        size_fraction=0.2475,
    ),
    case(
        "buy when RSI(2) drops under 10, pyramid up to 3 units, sell when RSI(2) is over 70",
        entry="rsi_2 x< 10",
        exit="rsi_2 > 70",
        add_on="rsi_2 x< 10",
        max_units=3,
        size_fraction=0.33,
    ),
    # -- a price is never compared with an oscillator --------------------------------------------
    case(
        "buy when RSI is above 50 and price pulls back to it",
        entry="rsi_14 > 50",
        exit="rsi_14 < 50",
        not_understood=["price pulls back to it"],
    ),
    case(
        "buy when the close crosses above the RSI",
        refused=["when the close crosses above the RSI"],
    ),
    case(
        "buy when price is above the rsi(14), sell after 3 days",
        refused=["when price is above the rsi(14)"],
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)


def test_a_price_compared_with_an_oscillator_says_why_it_is_not_read():
    u = understand("buy when RSI is above 50 and price pulls back to it")
    assert (
        "A price is never compared with RSI (an oscillator on its own scale): not read"
        in u.assumptions
    )
