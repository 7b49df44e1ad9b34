"""The offline compiler on sequences inside one rule ("RSI dips under 30 and then closes back
above it": the crossing back alone, said; "CCI drops below -200 followed by a cross above
-100": the second event on this bar and the first one's level passed within a window, stated),
on events said with the state they leave ("turns positive after being
negative", "crosses back above 30 after being below it": the crossing already says where the
line was the bar before, so the state is read into the crossing, never refused as a
contradiction) and on lines named for the bars tested ("the weekly close above the upper
Keltner channel" on the weekly chart: the channel of those weekly bars, never a weekly channel
built again from them), and on numbers said with doubt ("the 20 day, maybe 21", "RSI under 30
(or 25, not sure)", "about 2%": the first number, with the alternative or the approximation
said in the echo, never averaged and never left unread).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

CASES = [
    # A then B where B crosses back over A's line: B alone, which says A the bar before
    case(
        "buy SPY when RSI dips under 30 and then closes back above it",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        symbol="SPY",
        says="read as 'closes back above it' (crossing back means",
    ),
    case(
        "buy AAPL when the MACD histogram drops below 0 and then turns positive",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
        symbol="AAPL",
        says="read as 'turns positive'",
    ),
    case(
        "buy XLE when the stochastic %K falls below 20 and then closes back above 20, sell when "
        "it crosses below 80",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
        symbol="XLE",
    ),
    case(
        "buy KO when MFI drops under 20 and then climbs back above it; sell when MFI is above 80",
        entry="mfi_14 x> 20",
        exit="mfi_14 > 80",
        symbol="KO",
    ),
    case(
        "buy NFLX when Williams %R goes below -80 followed by a cross back above -80, sell when "
        "it crosses above -20",
        entry="willr_14 x> -80",
        exit="willr_14 x> -20",
        symbol="NFLX",
    ),
    case(
        "short IWM when RSI(2) pops over 90 and then closes back below it, cover when RSI(2) < 50",
        short_entry="rsi_2 x< 90",
        short_exit="rsi_2 < 50",
        symbol="IWM",
        direction="short",
    ),
    # A then B on two levels: B on this bar, A's level passed within the window stated
    case(
        "buy AMD when CCI(20) drops below -200 followed by a cross above -100, sell when CCI(20) "
        "crosses below 100",
        entry="cci_20_lowest_20 < -200 & cci_20 x> -100",
        exit="cci_20 x< 100",
        symbol="AMD",
        says="(20 bars assumed: no window was given)",
    ),
    # the state a crossing leaves, said after it: the crossing alone
    case(
        "Pepsi is my slow mover. When the 10 day rate of change turns positive after being "
        "negative I buy 50 shares. I sell when ROC turns negative again.",
        entry="roc_10 x> 0",
        exit="roc_10 x< 0",
        symbol="PEP",
        size_shares=50,
        not_understood=["is my slow mover"],
    ),
    case(
        "buy AAPL when the MACD histogram turns positive after having been negative, sell when "
        "it turns negative",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
        symbol="AAPL",
    ),
    case(
        "buy MSFT when momentum(12) goes positive once it has been negative; sell when it goes "
        "negative",
        entry="roc_12 x> 0",
        exit="roc_12 x< 0",
        symbol="MSFT",
    ),
    case(
        "buy QQQ when the 14 day ROC flips positive after first being in negative territory, "
        "exit when it flips negative",
        entry="roc_14 x> 0",
        exit="roc_14 x< 0",
        symbol="QQQ",
    ),
    case(
        "buy XOM when williams %r crosses above -80 after being below it, sell when it crosses "
        "below -20",
        entry="willr_14 x> -80",
        exit="willr_14 x< -20",
        symbol="XOM",
    ),
    case(
        "short TSLA when the 12 day ROC turns negative after being positive, cover when it turns "
        "positive",
        short_entry="roc_12 x< 0",
        short_exit="roc_12 x> 0",
        symbol="TSLA",
        direction="short",
    ),
    # a line named for the bars tested: the line of those bars themselves
    case(
        "I look at Caterpillar on the weekly chart. When the weekly close breaks above the upper "
        "Keltner channel I buy, and I hold until the close drops back below the middle line of "
        "the channel. No shorts.",
        entry="close x> keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.middle",
        symbol="CAT",
        interval="1wk",
        says="'weekly' names the 1wk bars tested on",
    ),
    case(
        "Trade CAT on weekly bars. Buy when the weekly close crosses above the upper keltner "
        "channel, sell when the weekly close crosses below the middle keltner line",
        entry="close x> keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.middle",
        symbol="CAT",
        interval="1wk",
    ),
    case(
        "On the weekly chart of DE, buy when the weekly close is above the weekly 20 SMA, sell "
        "when it is below",
        entry="close > sma_20",
        exit="close < sma_20",
        symbol="DE",
        interval="1wk",
    ),
    case(
        "monthly bars of SPY: buy when the monthly close is above the monthly 10 sma, sell below "
        "it",
        entry="close > sma_10",
        exit="close < sma_10",
        symbol="SPY",
        interval="1mo",
        says="'monthly' names the 1mo bars tested on",
    ),
    case(
        "On the weekly chart of HD, buy when the weekly stochastic %K crosses above 20, sell when "
        "it crosses below 80",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
        symbol="HD",
        interval="1wk",
    ),
    # a number said with doubt: the first one, the alternative named in the echo
    case(
        "buy SPY when the close crosses above the 20 day, maybe 21, moving average; sell when it "
        "crosses below",
        entry="close x> sma_20",
        exit="close x< sma_20",
        symbol="SPY",
        says="read with the first number said, 20; 21 was said as an alternative",
    ),
    case(
        "buy AAPL when RSI under 30 (or 25, not sure), sell when RSI above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        says="'30 (or 25, not sure)' read with the first number said, 30",
    ),
    case(
        "buy MSFT when rsi(14) is below 30 or maybe 25, sell above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="MSFT",
        says="25 was said as an alternative",
    ),
    case(
        "buy NVDA when the MFI(14) drops under 20, perhaps 15, and sell when it rises over 80",
        entry="mfi_14 x< 20",
        exit="mfi_14 x> 80",
        symbol="NVDA",
        says="'20, perhaps 15' read with the first number said, 20",
    ),
    case(
        "buy IWM when CCI(20) is below -100 (or -150?), sell when it is above 100",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
        symbol="IWM",
        says="-150 was said as an alternative",
    ),
    case(
        "buy DIA when stochastic %K crosses above 20, sell when it crosses below 80 or 75 I think",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
        symbol="DIA",
        says="'80 or 75 I think' read with the first number said, 80",
    ),
    case(
        "buy QQQ when the close is above the 50 day sma, stop loss about 2%",
        entry="close > sma_50",
        symbol="QQQ",
        stop_loss_pct=2.0,
        says="'about 2%' read as exactly 2%",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)
