"""The offline compiler on a condition said before the rule, or in chat, that must never become
an OR alternative of the entry (a held-out sample, or18, found two such silent misreads).

A sentence saying what the writer likes to trade ("I like buying oversold dips in the S&P.",
"I love shorting overbought rallies in tech.") before a rule of the same action with its own
condition is chat: set aside and echoed, its flavour word ("oversold") no second entry and its
symbol ("the S&P") not the one traded. Said alone, or before rules of other actions ("I like to
buy when RSI(14) is below 30. Sell when ..."), it is the rule. A "when/if" clause before an entry
that follows an entry named without a condition ("15m for entries on BTC: if the 1h 50 EMA is
rising, buy on 15m when ...") filters that entry (AND), not an alternative to it.

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

CASES = [
    # a liking said before the rule is chat, set aside: the rule's condition and ticker win
    case(
        "I like buying oversold dips in the S&P. Buy SPY when it closes below the lower "
        "Bollinger Band (20, 2) and sell when it closes above the upper band. I use a 10-day "
        "time stop if neither happens.",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.upper",
        exit_after_bars=10,
        symbol="SPY",
        says="Set aside 'I like buying oversold dips in the S&P.'",
    ),
    case(
        "I love shorting overbought rallies in tech. Short QQQ when RSI(14) crosses above 70 and "
        "cover when RSI(14) falls below 50.",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 50",
        symbol="QQQ",
        direction="short",
        says="Set aside 'I love shorting overbought rallies in tech.'",
    ),
    case(
        "I enjoy buying oversold bounces on bitcoin. Buy BTC-USD when the close is below the lower "
        "Bollinger Band (20, 2), sell when the close is above the upper band.",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.upper",
        symbol="BTC-USD",
    ),
    case(
        "I prefer buying dips in the Nasdaq. Buy QQQ when RSI(2) is below 10 and sell when RSI(2) "
        "is above 70.",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="QQQ",
    ),
    case(
        "I like buying breakouts in big tech. Buy MSFT when the 10 EMA crosses above the 30 EMA, "
        "sell when it crosses below. 5% stop loss.",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        symbol="MSFT",
        stop_loss_pct=5.0,
    ),
    case(
        "I prefer buying washouts in small caps. Buy IWM when RSI(2) < 10, sell when RSI(2) > 70, "
        "exit after 5 days if neither happens",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        exit_after_bars=5,
        symbol="IWM",
    ),
    # a symbol said only in the chat is still the one traded
    case(
        "I love buying breakouts on ETH. Buy when price closes above the 20-day high, sell when "
        "it closes below the 10-day low.",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="ETH-USD",
    ),
    # the liking is the rule when no other entry is said
    case(
        "I like buying when RSI(14) is below 30 on AAPL. I also buy when the close is below the "
        "lower Bollinger Band (20, 2). Sell when RSI(14) > 70.",
        entry="rsi_14 < 30 | close < bbands_20_2.lower",
        exit="rsi_14 > 70",
        symbol="AAPL",
    ),
    case(
        "I like to buy when RSI(14) is below 30. Sell when RSI(14) is above 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    # "if A, buy when B" after "... for entries": A filters the entry (AND)
    case(
        "use the 1h chart for trend and 15m for entries on BTC: if the 1h 50 EMA is rising, buy "
        "on 15m when RSI(14) crosses up through 30. exit on 15m RSI > 70",
        entry="h1_ema_50 > h1_ema_50[-1] & rsi_14 x> 30",
        exit="rsi_14 > 70",
        symbol="BTC-USD",
        interval="15m",
    ),
    case(
        "use the daily chart for trend and the 1h chart for entries on ETH: if the daily 200 SMA "
        "is rising, buy on 1h when RSI(14) crosses above 30. sell when RSI(14) is above 70",
        entry="d_sma_200 > d_sma_200[-1] & rsi_14 x> 30",
        exit="rsi_14 > 70",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "when the 1h 50 EMA is rising, go long on 15m if RSI(7) crosses up through 30. exit on "
        "RSI(7) > 70",
        entry="h1_ema_50 > h1_ema_50[-1] & rsi_7 x> 30",
        exit="rsi_7 > 70",
        interval="15m",
    ),
    case(
        "trend on the 1h, entries on 15m for SOL: if the 1h close is above the 1h 50 EMA, buy when "
        "RSI(14) crosses above 30. exit when RSI(14) > 70",
        entry="close@1h > h1_ema_50 & rsi_14 x> 30",
        exit="rsi_14 > 70",
        symbol="SOL-USD",
        interval="15m",
    ),
    case(
        "hourly chart for direction and 5m for entries on ETH: if the hourly 100 EMA is rising, "
        "buy on 5m when the 9 EMA crosses above the 21 EMA. sell when the 9 EMA crosses below the "
        "21 EMA",
        entry="h1_ema_100 > h1_ema_100[-1] & ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="ETH-USD",
        interval="5m",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
