"""The offline compiler on descriptions written fresh for issue 10 in the voice of people who
explain while they describe (teachers, newsletter writers, mentors, traders justifying their
rules): each rule comes wrapped in its reasons, examples with made-up prices, history ("RSI was
invented in 1978"), and the same rule said again in other words.

The family: an explanation is never a rule. A sentence opened as one ("Why RSI 2?", "Say it
closes at $180 ...", "For example, ...", "The reason: ...", "Same rule in other words: ...") or
telling only background ("CCI was designed by Donald Lambert in 1980.") is set aside and echoed,
and its numbers are never read: a year in it is no test period, a price no level, a sum no
starting cash.
A reason clause ("since that shows momentum turning up", "which means a dip in an uptrend",
"i.e. a pullback inside an uptrend") that names a market idea is reported, never joined to the
rule as a filter Botlab made up.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may
be set: ``start``, ``end`` and ``cash`` stay unset, so no year or price of an explanation is
read); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "start", "end", "cash")

CASES = [
    case(
        "Why RSI 2? Because short lookbacks react fast. So: buy QQQ when the 2-period RSI drops "
        "below 10 and sell when it goes above 70. RSI was invented by Welles Wilder in 1978, by "
        "the way.",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 70",
        symbol="QQQ",
        not_understood=["Because", "lookbacks react fast"],
    ),
    case(
        "Think of Bollinger Bands as a rubber band. Buy IWM when the close drops below the lower "
        "band (20, 2) and sell when it touches the middle band. Say it closes at $180 and the "
        "lower band is at $182: that's a buy.",
        entry="close x< bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="IWM",
        not_understood=["as a rubber"],
    ),
    case(
        "Buy KO when the price is 5% below its 20-day moving average and sell when it gets back "
        "to the moving average. Say KO is at $57 and the average is $60: that's a buy.",
        entry="close < sma_20*0.95",
        exit="close >= sma_20",
        symbol="KO",
    ),
    case(
        "Buy SPY when it closes above the previous day's high and sell when it closes below the "
        "previous day's low. For example, if yesterday's high was $450 and today closes at $451, "
        "you buy.",
        entry="close > high[-1]",
        exit="close < low[-1]",
        symbol="SPY",
    ),
    case(
        "Note that this one is long only: buy IWM when the CCI(20) drops below -100 and sell when"
        " the CCI goes back above 0. CCI was designed by Donald Lambert for commodities in 1980.",
        entry="cci_20 x< -100",
        exit="cci_20 x> 0",
        symbol="IWM",
    ),
    case(
        "Buy AUDUSD when the 5-period RSI goes below 20 on the 4-hour chart and sell when it goes"
        " above 55. Commodity currencies mean revert a lot, e.g. the Aussie in 2019.",
        entry="rsi_5 x< 20",
        exit="rsi_5 x> 55",
        symbol="AUDUSD=X",
        interval="4h",
    ),
    case(
        "Buy PLTR when the close is above the 10-day EMA and the 10-day EMA has been rising for 3"
        " days. Exit with a 7% stop loss or a 15% profit target. Palantir went up 300% in 2023, "
        "for example.",
        entry=(
            "close > ema_10 & ema_10[-2] > ema_10[-3] & ema_10[-1] > ema_10[-2] & ema_10 > "
            "ema_10[-1]"
        ),
        symbol="PLTR",
        stop_loss_pct=7.0,
        take_profit_pct=15.0,
    ),
    case(
        "On the daily chart buy TQQQ when QQQ is above its 200-day SMA and sell TQQQ when QQQ "
        "closes below it. The reason: the 3x fund bleeds in downtrends, so you only hold it in "
        "uptrends.",
        entry="close@QQQ > qqq_sma_200",
        exit="close@QQQ < qqq_sma_200",
        symbol="TQQQ",
        interval="1d",
    ),
    case(
        "The idea is simple: go long AAPL when the 20-day EMA crosses above the 50-day EMA, since"
        " that shows momentum turning up, and exit when the 20 crosses back below the 50.",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="AAPL",
        not_understood=["since that shows momentum turning up"],
    ),
    case(
        "Buy the EURUSD when the MACD line is above zero and RSI(14) crosses above 50, because "
        "both together mean momentum is positive. Exit when MACD goes below zero.",
        entry="macd_12_26_9.macd > 0 & rsi_14 x> 50",
        exit="macd_12_26_9.macd x< 0",
        symbol="EURUSD=X",
        not_understood=["because both together mean momentum is positive"],
    ),
    case(
        "Buy NKE when the close is above the 50-day SMA and the 14-day ATR is below 2% of the "
        "price, because low volatility uptrends are the smoothest ones. Sell when the close is "
        "below the 50-day SMA.",
        entry="close > sma_50 & atr_pct_14 < 2",
        exit="close < sma_50",
        symbol="NKE",
        not_understood=["because low volatility uptrends are the smoothest ones"],
    ),
    case(
        "For GLD I buy when the 50-day SMA is above the 200-day SMA and the RSI(14) is below 40, "
        "i.e. a pullback inside an uptrend. I sell when RSI(14) gets above 65.",
        entry="sma_50 > sma_200 & rsi_14 < 40",
        exit="rsi_14 x> 65",
        symbol="GLD",
        not_understood=["i.e. a pullback inside an uptrend"],
    ),
    case(
        "Buy SPY on the 1-hour chart when RSI(14) crosses above 50 and sell when it crosses below"
        " 50. RSI 50 is the midline, so above it the bulls are in charge.",
        entry="rsi_14 x> 50",
        exit="rsi_14 x< 50",
        symbol="SPY",
        interval="1h",
        not_understood=["RSI 50 is the midline", "so above it the bulls are in charge"],
    ),
    case(
        "Buy MSFT with 10,000 dollars per trade when the 20-day EMA crosses above the 50-day EMA,"
        " and sell when it crosses below. That's roughly 25 shares at $400, so keep the account "
        "big enough.",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        size_cash=10000.0,
        symbol="MSFT",
        not_understood=["That's roughly 25 shares at", "400", "so keep the account big enough"],
    ),
    case(
        "Buy NVDA when the stochastic %K (14, 3) crosses above 20 from below and sell when it "
        "crosses below 80. Why 20 and 80? Because those are the classic oversold and overbought "
        "zones.",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
        symbol="NVDA",
        not_understood=["Because those are the classic oversold and overbought zones"],
    ),
    case(
        "Buy SPY when the 2-day RSI is below 10, the idea being you buy panic. Same rule in other"
        " words: when RSI(2) dips under 10, go long. Sell when RSI(2) goes over 70.",
        entry="rsi_2 < 10",
        exit="rsi_2 x> 70",
        symbol="SPY",
        not_understood=["panic"],
    ),
    case(
        "Buy BTC-USD when price closes above the 20-day high, which means a breakout, and sell "
        "when it closes below the 10-day low. This is basically the Turtle system, which made a "
        "lot of money in the 1980s.",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="BTC-USD",
    ),
    case(
        "Buy DIA when RSI(2) is below 5 and sell when RSI(2) is above 60. Connors published this "
        "in 2009, for example.",
        entry="rsi_2 < 5",
        exit="rsi_2 > 60",
        symbol="DIA",
    ),
    case(
        "Short XLE when it closes below the 50-day SMA and cover when it closes above it. Say XLE"
        " is at $85 and the average is at $88: that's a short.",
        short_entry="close < sma_50",
        short_exit="close > sma_50",
        symbol="XLE",
    ),
    case(
        "Buy ETH-USD when the 20-day EMA crosses above the 100-day EMA, since that shows the "
        "trend turning up, and sell when it crosses back below.",
        entry="ema_20 x> ema_100",
        exit="ema_20 x< ema_100",
        symbol="ETH-USD",
    ),
    case(
        "Buy IBM when the close is above the 100-day SMA and RSI(14) is below 50, which means a "
        "dip in an uptrend, and sell when RSI(14) is above 70.",
        entry="close > sma_100 & rsi_14 < 50",
        exit="rsi_14 > 70",
        symbol="IBM",
        not_understood=["which means a dip in an uptrend"],
    ),
    case(
        "Buy SPY when the 10-day SMA crosses above the 30-day SMA and sell when it crosses below."
        " Why 10 and 30? Because they are about two weeks and six weeks.",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        symbol="SPY",
        not_understood=["Because they are about two weeks and six weeks"],
    ),
    case(
        "Buy GLD when RSI(14) crosses above 40 and sell when it crosses below 40. Gold ran 25% in"
        " 2020 on that kind of signal, which is why I trust it.",
        entry="rsi_14 x> 40",
        exit="rsi_14 x< 40",
        symbol="GLD",
    ),
    case(
        "Buy AAPL when the close crosses above the 20-day SMA and sell when it crosses below. For"
        " instance, if the average is at $190 and AAPL closes at $191, you buy.",
        entry="close x> sma_20",
        exit="close x< sma_20",
        symbol="AAPL",
    ),
    case(
        "Buy QQQ when RSI(5) is below 20, because that usually means a washout with volume, and "
        "sell when RSI(5) is above 70.",
        entry="rsi_5 < 20",
        exit="rsi_5 > 70",
        symbol="QQQ",
        not_understood=["because that usually means a washout with volume"],
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_explained_rules_are_read_without_their_explanations(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        (
            "Buy DIA when RSI(2) is below 5 and sell when RSI(2) is above 60. Connors published "
            "this in 2009, for example.",
            "Set aside 'Connors published this in 2009, for example.' (an explanation or example",
        ),
        (
            "Short XLE when it closes below the 50-day SMA and cover when it closes above it. Say "
            "XLE is at $85 and the average is at $88: that's a short.",
            "Set aside 'Say XLE is at $85 and the average is at $88: that's a short.'",
        ),
        (
            "Buy ETH-USD when the 20-day EMA crosses above the 100-day EMA, since that shows the "
            "trend turning up, and sell when it crosses back below.",
            "Set aside 'since that shows the trend turning up' (a reason, not a rule)",
        ),
    ],
    ids=["history", "example prices", "reason"],
)
def test_what_was_set_aside_is_echoed(text: str, echo: str):
    assert any(a.startswith(echo) for a in understand(text).assumptions)


def test_a_start_year_after_since_is_still_the_test_start():
    """ "since" opens a reason ("..., since big gaps keep running"), but "since 2005" is when the
    test starts."""
    spec = understand(
        "Buy SPY when RSI(2) is below 10 and sell when RSI(2) is above 70, since 2005"
    ).spec
    assert spec is not None and spec.start is not None and spec.start.year == 2005


def test_an_instruction_beside_a_setting_is_never_background():
    """ "1 min bars is too noisy, use 15m": the writer tells Botlab what to test; what it cannot
    read is reported, never set aside as an explanation (held-out sample, lead22)."""
    u = understand(
        "DOGE-USD 1 min bars is too noisy, use 15m. Long when price is above the 200 EMA and "
        "RSI(14) dips under 35, exit when RSI > 65. 1% stop."
    )

    assert "use 15m" in u.not_understood and not u.complete
    assert not any("an explanation or example" in a for a in u.assumptions)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        (
            "For JPMorgan I look for pullbacks in an uptrend. The 50-day SMA must be above the "
            "200-day SMA, and I buy when RSI(3) drops below 15. I sell when RSI(3) gets back "
            "above 70, and I never hold longer than 10 days.",
            "JPM",
        ),
        (
            "Would you mind building a strategy that holds Berkshire (BRK-B) only from November "
            "through April? Just buy on the first trading day of November and sell on the last "
            "trading day of April.",
            "BRK-B",
        ),
    ],
)
def test_words_left_unread_keep_the_instrument_they_name(text: str, symbol: str):
    """A sentence reported whole still says what is traded (held-out sample, lead22)."""
    assert understand(text).spec.symbol == symbol


def test_about_n_is_said_back_only_of_a_number_a_rule_reads():
    """ "about two weeks" inside a reason set aside is read by no rule: never echoed as read
    exactly; "about 2%" in a stop is (sequence22 and fresh22b, merged)."""
    aside = understand(
        "Buy SPY when the 10-day SMA crosses above the 30-day SMA and sell when it crosses below. "
        "Why 10 and 30? Because they are about two weeks and six weeks."
    )
    read = understand("buy SPY when RSI(2) < 10, sell when RSI(2) > 90, stop about 2% below entry")

    assert not any("read as exactly" in a for a in aside.assumptions), aside.assumptions
    assert any("'about 2%' read as exactly 2%" in a for a in read.assumptions), read.assumptions
