"""The offline compiler on which side and which rule a clause belongs to, a family misread
silently before: an exit verb with the position as its object, in any person and tense ("closes
the short", "exits the long", "covers the position", "closed it out", "books the gain") closes
that position; its object ("the short", "the long") is never read as a second entry. And a
restriction said after an exit ("but only if", "as long as", "provided") restricts that exit,
even when a buy and the sell are said in one breath ("buy when ... and sell when ... but only
if ..."); after a buy it filters the buy. A "|" before a labelled field ("Symbol: AAPL | Buy
when: ...") ends the field before it as a line break does. One "Exit:" field under a "Long:"
and a "Short:" field closes either position when it reads the same for both ("Exit: CCI crosses
0"); when one entry already implies it ("Exit: RSI > 60" under "Short: RSI(14) > 70", with the
RSI's length left unsaid), it is the other side's, stated, never a cover on the short's first bar.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction", "size_fraction")

#: An exit verb and its position, retold in the third person or the past
RETOLD_EXITS = [
    case(
        "Sam shorts QQQ whenever the RSI goes above 75 and closes the short when the RSI drops "
        "under 50",
        short_entry="rsi_14 x> 75",
        short_exit="rsi_14 x< 50",
        direction="short",
        symbol="QQQ",
        # a name as the subject is reported, never read as a rule
        not_understood=["Sam"],
    ),
    case(
        "He buys AAPL when RSI(14) falls below 30 and exits the long when RSI rises above 60",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 60",
        direction="long",
        symbol="AAPL",
    ),
    case(
        "She shorts TSLA when the RSI is above 80 and covers the position when it drops below 55",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 x< 55",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "I short NVDA when RSI is over 70 and closed it out when RSI was under 40",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 40",
        direction="short",
        symbol="NVDA",
    ),
    case(
        "He shorts EURUSD on the 1h chart when RSI(7) > 85 and exited the short when RSI(7) < 50",
        short_entry="rsi_7 > 85",
        short_exit="rsi_7 < 50",
        direction="short",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "She buys IWM when the close is below the lower Bollinger Band and flattens when the "
        "close is above the middle band",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.middle",
        direction="long",
        symbol="IWM",
    ),
    case(
        "He buys GLD when CCI(20) < -100 and books the gain when CCI(20) > 100",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
        direction="long",
        symbol="GLD",
    ),
    case(
        "They buy SPY when the close crosses above the 50 day SMA and get out of the trade "
        "when it crosses below",
        entry="close x> sma_50",
        exit="close x< sma_50",
        direction="long",
        symbol="SPY",
    ),
    case(
        "Buy RELIANCE.NS when RSI(14) < 30 and square off when RSI(14) > 55",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        direction="long",
        symbol="RELIANCE.NS",
    ),
]

#: A restriction after an exit is the exit's; after an entry, the entry's
RESTRICTED_EXITS = [
    case(
        "I buy NVDA when RSI drops below 25 and sell when it goes above 70 but only if the "
        "close is above the 20 EMA",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 70 & close > ema_20",
        direction="long",
        symbol="NVDA",
    ),
    case(
        "Buy AAPL when RSI(14) < 30, sell when RSI > 70 but only if the close is above the 20 EMA",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70 & close > ema_20",
        direction="long",
        symbol="AAPL",
    ),
    case(
        "Buy AMD when the 9 EMA crosses above the 21 EMA and sell when RSI > 70, as long as MACD "
        "is below its signal line",
        entry="ema_9 x> ema_21",
        exit="rsi_14 > 70 & macd_12_26_9.macd < macd_12_26_9.signal",
        direction="long",
        symbol="AMD",
    ),
    case(
        "Short TSLA when RSI(14) > 80 and cover when RSI < 40 provided the close is below the 10 "
        "day EMA",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 40 & close < ema_10",
        direction="short",
        symbol="TSLA",
    ),
    case(
        "Go long XLE when MFI(14) < 20, take profit when MFI > 80 but only when the close is "
        "above the 50 day SMA",
        entry="mfi_14 < 20",
        exit="mfi_14 > 80 & close > sma_50",
        direction="long",
        symbol="XLE",
    ),
    case(
        "Buy SPY when RSI(2) < 10 provided the close is above SMA(200), sell when RSI(2) > 90",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 90",
        direction="long",
        symbol="SPY",
    ),
]

#: Labelled fields separated by "|" or ";" on one line
PIPED_FIELDS = [
    case(
        "Asset: BTC-USD | Interval: 1h | Long when: MFI(14) < 15 | Exit when: MFI(14) > 50 OR "
        "after 24 bars | Stop: 3% | Size: 50% of equity",
        entry="mfi_14 < 15",
        exit="mfi_14 > 50",
        exit_after_bars=24,
        stop_loss_pct=3.0,
        size_fraction=0.5,
        direction="long",
        symbol="BTC-USD",
        interval="1h",
    ),
    case(
        "Symbol: AAPL | Timeframe: 1d | Buy when: RSI(14) < 30 | Sell when: RSI(14) > 70 | "
        "Stop loss: 5%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
        direction="long",
        symbol="AAPL",
        interval="1d",
    ),
    case(
        "Ticker: NVDA | Direction: short | Short when: RSI(14) > 75 | Cover when: RSI(14) < 45 | "
        "Stop: 4%",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 < 45",
        stop_loss_pct=4.0,
        direction="short",
        symbol="NVDA",
    ),
    case(
        "Symbol: SPY | Entry: RSI(2) < 10 | Exit: RSI(2) > 90 | Take profit: 4%",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        take_profit_pct=4.0,
        direction="long",
        symbol="SPY",
    ),
    case(
        "Ticker: MSFT; Long when: close crosses above SMA(50); Exit when: close crosses below "
        "SMA(50); Size: 25% of equity",
        entry="close x> sma_50",
        exit="close x< sma_50",
        size_fraction=0.25,
        direction="long",
        symbol="MSFT",
    ),
]

#: One exit field under a long and a short field
SHARED_EXIT_FIELDS = [
    case(
        "Long: CCI(14) < -150 then crosses back above -150\nShort: CCI(14) > 150 then crosses "
        "back below 150\nExit: CCI crosses 0\nSymbol: GLD",
        entry="cci_14 x> -150",
        exit="cci_14 x> 0",
        short_entry="cci_14 x< 150",
        short_exit="cci_14 x< 0",
        direction="both",
        symbol="GLD",
        says="it closes either position",
    ),
    case(
        "Long: RSI(14) < 30\nShort: RSI(14) > 70\nExit: RSI > 60\nSymbol: MSFT",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        short_entry="rsi_14 > 70",
        direction="both",
        symbol="MSFT",
        says="read as the long's exit",
    ),
]


@pytest.mark.parametrize(
    ("text", "expect"), RETOLD_EXITS + RESTRICTED_EXITS + PIPED_FIELDS + SHARED_EXIT_FIELDS
)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
