"""The offline compiler on descriptions written fresh for issue 10 in the voice of quick typists and
second-language writers on a phone. The families, each a way of writing any comparison, multiple,
crossing or time frame rather than one indicator's:

- "abv"/"blw" for above/below and "wen"/"whn" for when: read as the word they stand for and
  echoed (``CHAT_SHORTHAND``);
- a level said before its direction, the word order of other languages ("when RSI is 30 below
  buy", "rsi 70 above");
- a decimal comma before a multiple's unit ("2,5 std", "sl 1,5x atr");
- an oscillator's length, then whose bars it is ("rsi 14 on spy is below 25": RSI(14), not RSI
  reaching 14);
- a golden or death cross named after the crossing it names ("50 ema croses blw 200 ema (death
  cross)": those EMAs, not a second crossing of the 50/200 SMAs);
- a chart code for a condition's time frame ("d1 close above ema 50" on hourly bars);
- a day's move with its verb left out ("if up more than 10% in a day");
- a stochastic's lines by their bare letters ("stochastic k crosses above d");
- "fast"/"slow" alone for the pair of averages said ("sell when fast below slow");
- a close against the one before said as a comparative with no article ("sell when lower
  close");
- "intraday" beside a chart's bars ("intraday 5m", "on 15m intraday bars").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape

FIELDS = (
    *SETTINGS,
    "size_fraction",
    "direction",
    "atr_take_profit_multiple",
    "atr_trailing",
    "start",
    "end",
)

CASES = [
    # "abv" / "blw" / "wen" / "whn": phone shorthand for a comparison's words
    case(
        "buy spy when price above ema 200 and rsi blw 30 sell when rsi abv 70",
        entry="close > ema_200 & rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
    ),
    case(
        "go long nvda if close abv upper bolinger band 20,2 exit when close blw middle band",
        entry="close > bbands_20_2.upper",
        exit="close < bbands_20_2.middle",
        symbol="NVDA",
    ),
    case(
        "short spy when close blw sma 20 and rsi < 50 cover when close abv sma 20",
        short_entry="close < sma_20 & rsi_14 < 50",
        short_exit="close > sma_20",
        symbol="SPY",
        direction="short",
    ),
    case(
        "long spy 50% of equity when rsi blw 40 exit rsi abv 60",
        entry="rsi_14 < 40",
        exit="rsi_14 > 60",
        symbol="SPY",
        size_fraction=0.5,
    ),
    case(
        "buy tlt when 10 ema abv 20 ema sell when 10 ema blw 20 ema, from 2015 to 2020",
        entry="ema_10 > ema_20",
        exit="ema_10 < ema_20",
        symbol="TLT",
        start=date(2015, 1, 1),
        end=date(2020, 12, 31),
    ),
    case(
        "buy gold etf when cci blw -100 sell when cci abv 100",
        entry="cci_20 < -100",
        exit="cci_20 > 100",
        symbol="GLD",
    ),
    case(
        "buy qqq when rsi 14 croses abv 50 sell when croses blw 50 d1",
        entry="rsi_14 x> 50",
        exit="rsi_14 x< 50",
        symbol="QQQ",
        interval="1d",
    ),
    case(
        "buy ibm 100 shares when close abv sma 30 sell when blw",
        entry="close > sma_30",
        exit="close < sma_30",
        size_shares=100,
        symbol="IBM",
    ),
    case(
        "buy solusd 1h when ema 12 abv ema 26 and rsi blw 70 exit when ema 12 blw ema 26",
        entry="ema_12 > ema_26 & rsi_14 < 70",
        exit="ema_12 < ema_26",
        symbol="SOL-USD",
        interval="1h",
    ),
    case(
        "buy spy if adx abv 30 and price above 20 ema sell if adx blw 20",
        entry="adx_14.adx > 30 & close > ema_20",
        exit="adx_14.adx < 20",
        symbol="SPY",
    ),
    case(
        "buy coin wen price breaks 50 day high, trailing stop 3x atr",
        entry="close x> highest_50",
        symbol="COIN",
        atr_stop_multiple=3.0,
        atr_trailing=True,
    ),
    case(
        "buy xom whn macd abv signal sell whn macd blw signal",
        entry="macd_12_26_9.macd > macd_12_26_9.signal",
        exit="macd_12_26_9.macd < macd_12_26_9.signal",
        symbol="XOM",
    ),
    # a level said before its direction, the direction ending the comparison
    case(
        "when RSI is 30 below buy aapl, sell when 70 above",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        says="'30 below' read as 'below 30'",
    ),
    case(
        "short aapl when rsi 70 above and price under upper bolinger band, cover when rsi below "
        "50, 3%sl",
        short_entry="rsi_14 > 70 & close < bbands_20_2.upper",
        short_exit="rsi_14 < 50",
        symbol="AAPL",
        stop_loss_pct=3.0,
        direction="short",
    ),
    case(
        "buy btc if mfi 20 under, sell if mfi 80 over",
        entry="mfi_14 < 20",
        exit="mfi_14 > 80",
        symbol="BTC-USD",
    ),
    case(
        "buy ethusd when cci -100 below and close abv ema 50, sell when cci 100 above",
        entry="cci_20 < -100 & close > ema_50",
        exit="cci_20 > 100",
        symbol="ETH-USD",
    ),
    case(
        "sell short nflx when williams %r -20 above, cover when -80 below",
        short_entry="willr_14 > -20",
        short_exit="willr_14 < -80",
        symbol="NFLX",
        direction="short",
    ),
    # a one-digit number with a decimal comma before a multiple's unit
    case(
        "short eurusd when price abv upper bolinger 2,5 std cover at middle",
        short_entry="close > bbands_20_2_5.upper",
        short_exit="close <= bbands_20_2_5.middle",
        symbol="EURUSD=X",
        direction="short",
    ),
    case(
        "buy spy when rsi below 30 sl 1,5x atr tp 2,5 atr",
        entry="rsi_14 < 30",
        symbol="SPY",
        atr_stop_multiple=1.5,
        atr_take_profit_multiple=2.5,
    ),
    case(
        "buy msft when rsi under 35, sl 2,5 atr",
        entry="rsi_14 < 35",
        symbol="MSFT",
        atr_stop_multiple=2.5,
    ),
    # an oscillator's length, then whose or which bars it is, then its comparison: a length
    case(
        "if rsi 14 on spy is 25 below then buy and when it goes 75 above then sell",
        entry="rsi_14 < 25",
        exit="rsi_14 x> 75",
        symbol="SPY",
    ),
    case(
        "buy when rsi 14 on spy is below 25, sell when above 75",
        entry="rsi_14 < 25",
        exit="rsi_14 > 75",
        symbol="SPY",
    ),
    case(
        "buy qqq when mfi 10 on the daily is under 20 sell when mfi 10 is over 80",
        entry="mfi_10 < 20",
        exit="mfi_10 > 80",
        symbol="QQQ",
        interval="1d",
    ),
    case(
        "buy aapl when cci 20 on aapl crosses above -100, sell when cci 20 crosses below 100",
        entry="cci_20 x> -100",
        exit="cci_20 x< 100",
        symbol="AAPL",
    ),
    # a golden or death cross named after a crossing of two averages said in full: those lines
    case(
        "short btc when 50 ema croses blw 200 ema (death cross) cover at golden cross",
        short_entry="ema_50 x< ema_200",
        short_exit="ema_50 x> ema_200",
        symbol="BTC-USD",
        direction="short",
    ),
    case(
        "buy eth when 20 ema crosses above 50 ema, a golden cross, sell on the death cross",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="ETH-USD",
    ),
    case(
        "buy msft when 10 sma croses abv 30 sma (golden cross) exit at death cross",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        symbol="MSFT",
    ),
    # a chart code for a condition's time frame ("d1 close", "d1 ema 20")
    case(
        "buy msft h1 when d1 close above ema 50",
        entry="close@D > d_ema_50",
        exit="close@D < d_ema_50",
        symbol="MSFT",
        interval="1h",
    ),
    case(
        "buy eurusd h1 when d1 ema 20 abv d1 ema 50 sell when d1 ema 20 blw d1 ema 50",
        entry="d_ema_20 > d_ema_50",
        exit="d_ema_20 < d_ema_50",
        symbol="EURUSD=X",
        interval="1h",
    ),
    # a day's move with its verb left out ("if up more than 10% in a day", "stock down 4%")
    case(
        "sell short gme if up more than 10% in a day cover next day",
        short_entry="roc_1 > 10",
        exit_after_bars=1,
        symbol="GME",
        direction="short",
    ),
    case(
        "buy spy if down 3% today sell after 2 days",
        entry="roc_1 <= -3",
        exit_after_bars=2,
        symbol="SPY",
    ),
    case(
        "buy iwm when stock down 4% in a day sell after 5 days",
        entry="roc_1 <= -4",
        exit_after_bars=5,
        symbol="IWM",
    ),
    case(
        "buy btc when price up 8pct in one day, sell after 3 bars",
        entry="roc_1 >= 8",
        exit_after_bars=3,
        symbol="BTC-USD",
    ),
    # a stochastic's lines by their bare letters once a stochastic is named
    case(
        "buy qqq when stochastics k croses above d below 20 sell when k above 80",
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
        symbol="QQQ",
        says="Read 'd' as '%d'",
    ),
    case(
        "buy eurusd h1 when stoch k blw 20 and k crosses d up, exit k abv 80",
        entry="stoch_14_3.k < 20 & stoch_14_3.k x> stoch_14_3.d",
        exit="stoch_14_3.k > 80",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "short nflx when stochastic k crosses below d and k above 80, cover when k below 20",
        short_entry="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
        short_exit="stoch_14_3.k < 20",
        symbol="NFLX",
        direction="short",
    ),
    # "fast"/"slow" alone after the pair of averages said: that pair, of that kind
    case(
        "buy when 10 sma above 30 sma, sell when fast below slow",
        entry="sma_10 > sma_30",
        exit="sma_10 < sma_30",
        says="'slow' read as the 30-bar SMA of the 10/30 pair said",
    ),
    case(
        "buy when 9 ema croses abv 21 ema, sell when fast croses blw slow",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "long eth when 20 ema above 50 ema and rsi above 50, exit when fast below slow",
        entry="ema_20 > ema_50 & rsi_14 > 50",
        exit="ema_20 < ema_50",
        symbol="ETH-USD",
    ),
    # a bar's close against the one before, said as a comparative ("when lower close")
    case(
        "buy spy when 3 consecutive higher closes sell when lower close",
        entry="3 up closes",
        exit="close < close[-1]",
        symbol="SPY",
    ),
    case(
        "buy spy when rsi below 30 sell on lower close",
        entry="rsi_14 < 30",
        exit="close < close[-1]",
        symbol="SPY",
    ),
    case(
        "buy qqq after a higher close and rsi below 50, sell after lower close",
        entry="1 up closes & rsi_14 < 50",
        exit="close < close[-1]",
        symbol="QQQ",
    ),
    # a chart's intraday bars said with "intraday" beside them
    case(
        "buy ethusd when price croses above vwap intraday 5m sell when croses below",
        entry="close x> vwap",
        exit="close x< vwap",
        symbol="ETH-USD",
        interval="5m",
    ),
    case(
        "buy ethusd on 15m intraday bars when rsi below 30, sell when rsi abv 60",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="ETH-USD",
        interval="15m",
    ),
    case(
        "short tsla intraday 1h when rsi over 80 cover when rsi under 50",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        symbol="TSLA",
        interval="1h",
        direction="short",
    ),
    # a band's settings before the unit keep their comma: 20 bars, 2 standard deviations
    case(
        "buy qqq when close blw lower bb 20,2 std sell at middle band",
        entry="close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="QQQ",
    ),
    # "wk", "hrly", "mo" before a chart or bars are those bars; "10wk ma" stays ten weeks
    case(
        "QQQ wk chart: buy when 10wk ma > 40wk ma, sell on cross under",
        entry="sma_10 > sma_40",
        exit="sma_10 x< sma_40",
        symbol="QQQ",
        interval="1wk",
    ),
    case(
        "spy hrly bars buy when rsi(14) < 30 sell when rsi(14) > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        interval="1h",
    ),
    case(
        "AAPL mo chart: buy when close > 10 month SMA, sell below it",
        entry="close > sma_10",
        exit="close < sma_10",
        symbol="AAPL",
        interval="1mo",
    ),
]


@pytest.mark.parametrize("text, expect", CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_phone_shorthand_is_echoed_as_the_word_it_stands_for():
    u = understand("buy tlt when 10 ema abv 20 ema sell when 10 ema blw 20 ema")

    for said, word in (("abv", "above"), ("blw", "below")):
        assert f"Read '{said}' as '{word}'" in u.assumptions, u.assumptions


@pytest.mark.parametrize(
    "text, kept",
    [
        ("buy spy when rsi 2 below 10, sell when rsi 2 above 90", "rsi_2 < 10"),
        ("buy spy when the close is 2% below sma 20, sell at sma 20", "close < sma_20*0.98"),
    ],
)
def test_a_level_with_something_after_its_direction_is_never_moved(text: str, kept: str):
    """ "rsi 2 below 10" compares RSI(2) with 10, and "2% below" is an offset from the line after
    it: only a plain number whose direction ends the comparison is a level said first."""
    u = understand(text)

    assert u.spec is not None and u.complete, u.not_understood
    assert rule_shape(u.spec.entry) == kept
    assert not any("the level said first" in a for a in u.assumptions), u.assumptions


@pytest.mark.parametrize(
    "text",
    [
        "buy spy when stochastic k below 20, sell after 5 d",
        "buy spy when stoch below 20 with 10k cash",
    ],
)
def test_a_letter_after_a_number_or_against_one_is_never_a_stochastic_line(text: str):
    """ "5 d" is days and "10k" thousands, even with a stochastic named."""
    u = understand(text)

    assert not any("'%k'" in a or "'%d'" in a for a in u.assumptions), u.assumptions
