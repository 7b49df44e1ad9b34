"""The offline compiler on the families a held-out sample (held18) left partly unread although
their trades were right: first-person sentences framing the rules, a form's fields, and
traders' shorthand for crossings and Keltner channels.

* A sentence about the writer's practice ("I trade pullbacks in strong stocks.", "I use
  On-Balance Volume to confirm breakouts.") with no condition, number or side of its own is set
  aside and echoed; its symbol and bars are kept ("I hold through trends on XOM.", "I swing
  trade the weekly chart."). One that says what the rules do not ("I short weak stocks." over
  long rules, "I use RSI ..." over rules without it, "I trade only on Mondays.") is reported.
* The words naming a filter before the colon that defines it ("Only trade when the market is
  healthy: if SPY is above ...") are set aside; the definition is read.
* A form's fields: "Direction: short", "Bias: short only", "Stop: none", "Stop loss: n/a",
  "Cash: 25000", "Account size: 50,000", "Stop: 2.5 x ATR(14) trailing", and an exit "or close
  falls 2*ATR(14) below the entry price" (an ATR stop; a short's is reported, its side unsaid).
* Shorthand: "+di x above -di", "keltner(20, 2xATR)", "keltner 20 2.5 atr", "KC(20,2) ... the
  middle line" (Keltner's, never Bollinger's), "crosses the 20 day average going up".

Each row of ``CASES`` is what a careful reader takes from the sentence; every row is compiled and
run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (
    *SETTINGS,
    "direction",
    "cash",
    "atr_trailing",
    "atr_period",
    "atr_take_profit_multiple",
)

FRAMING = [
    case(
        "I trade pullbacks in strong stocks. Buy when RSI(14) drops below 30, sell when RSI is "
        "above 70.",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        says="Set aside 'I trade pullbacks in strong stocks.'",
    ),
    case(
        "I short weak stocks. Short when the 10 day SMA crosses below the 50 day SMA, cover when "
        "it crosses back above.",
        short_entry="sma_10 x< sma_50",
        short_exit="sma_10 x> sma_50",
        direction="short",
        says="Set aside 'I short weak stocks.'",
    ),
    case(
        "We short weak sectors. Short XLE when RSI(14) crosses above 70, cover when RSI(14) drops "
        "below 40.",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 40",
        symbol="XLE",
        direction="short",
    ),
    case(
        "I look for weak names to short. Short when RSI(2) crosses 90 going up, cover when "
        "RSI(2) crosses 50 heading down",
        short_entry="rsi_2 x> 90",
        short_exit="rsi_2 x< 50",
        direction="short",
        says="Set aside 'I look for weak names to short.'",
    ),
    case(
        "I use On-Balance Volume to confirm breakouts. Buy when close is a new 20-day high and "
        "OBV is rising, sell when close drops below the 10 day SMA.",
        entry="close > highest_20 & obv > obv[-1]",
        exit="close x< sma_10",
        says="Set aside 'I use On-Balance Volume to confirm breakouts.'",
    ),
    # the symbol and the bars a framing sentence names are the ones tested
    case(
        "I hold through trends on XOM. Buy when the 50 day SMA crosses above the 200 day SMA, "
        "sell when it crosses below.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="XOM",
        says="Set aside 'I hold through trends on XOM.'",
    ),
    case(
        "I ride trends on GLD. Buy when the 20 EMA crosses above the 100 EMA, sell when the 20 "
        "EMA crosses below the 100 EMA.",
        entry="ema_20 x> ema_100",
        exit="ema_20 x< ema_100",
        symbol="GLD",
    ),
    case(
        "Buy when RSI(14) is below 30, sell when RSI(14) is above 70. I mostly trade strong "
        "leaders like AAPL.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
    ),
    case(
        "I trade breakouts in big tech names. Buy NVDA when the close crosses above the 50 day "
        "EMA, sell when it crosses below.",
        entry="close x> ema_50",
        exit="close x< ema_50",
        symbol="NVDA",
    ),
    case(
        "I swing trade the weekly chart. Buy when RSI(14) crosses above 30, sell when RSI "
        "crosses below 70.",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        interval="1wk",
        says="Set aside 'I swing trade the weekly chart.'",
    ),
    case(
        "I day trade the 15 minute chart. Buy when RSI(7) crosses above 30, sell when RSI(7) "
        "crosses above 70.",
        entry="rsi_7 x> 30",
        exit="rsi_7 x> 70",
        interval="15m",
        says="Set aside 'I day trade the 15 minute chart.'",
    ),
    # the words naming a filter before the colon that defines it
    case(
        "Only trade when the market is healthy: if SPY is above its 200-day average, buy when "
        "RSI(2) is below 10, sell when RSI(2) is above 70.",
        entry="rsi_2 < 10 & close@SPY > spy_sma_200",
        exit="rsi_2 > 70",
        says="Set aside 'when the market is healthy'",
    ),
    case(
        "Trade only when conditions are good: SPY above its 200 day sma. Buy when RSI(2) is "
        "below 10, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & close@SPY > spy_sma_200",
        exit="rsi_2 > 70",
        says="Set aside 'when conditions are good'",
    ),
    case(
        "Only buy when the trend is healthy: when the 50 EMA is above the 200 EMA, buy when "
        "RSI(2) is below 10, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & ema_50 > ema_200",
        exit="rsi_2 > 70",
        says="Set aside 'when the trend is healthy'",
    ),
    case(
        "Only go long when the market is risk-on: if QQQ is above its 100-day SMA, buy when "
        "RSI(2) is below 10, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & close@QQQ > qqq_sma_100",
        exit="rsi_2 > 70",
    ),
]

SIBLINGS = [  # found near those families: "only buy on Mondays:" lost its day to a title
    case(
        "Only buy in an uptrend: when the close is above the 100-day EMA, buy when RSI(3) is "
        "below 15, sell when RSI(3) is above 60.",
        entry="rsi_3 < 15 & close > ema_100",
        exit="rsi_3 > 60",
        says="Set aside 'in an uptrend'",
    ),
    case(
        "Only trade when the market is healthy (SPY above its 200-day SMA): buy when RSI(2) is "
        "below 10, sell when RSI(2) is above 70.",
        entry="rsi_2 < 10 & close@SPY > spy_sma_200",
        exit="rsi_2 > 70",
        says="Set aside 'when the market is healthy'",
    ),
    # a vague state named before the colon that defines it: the definition, not the default
    case(
        "Only buy when volatility is low: when ATR(14) is below 2% of price, buy when RSI(2) is "
        "below 10, sell when RSI(2) is above 70.",
        entry="rsi_2 < 10 & atr_pct_14 < 2",
        exit="rsi_2 > 70",
        says="Set aside 'when volatility is low'",
    ),
    case(
        "Only trade when volatility is high: ATR(14) above 3% of price. Short when RSI(2) is "
        "above 90, cover when RSI(2) is below 50",
        short_entry="rsi_2 > 90 & atr_pct_14 > 3",
        short_exit="rsi_2 < 50",
        direction="short",
    ),
    case(
        "Only buy on Mondays: buy when RSI(2) is below 10, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & calendar weekday [0]",
        exit="rsi_2 > 70",
    ),
    case(
        "Only buy on Mondays: when RSI(2) is below 10, buy, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & calendar weekday [0]",
        exit="rsi_2 > 70",
    ),
    case(
        "Only short in December: short when RSI(2) is above 90, cover when RSI(2) is below 50",
        short_entry="rsi_2 > 90 & calendar month [12]",
        short_exit="rsi_2 < 50",
        direction="short",
    ),
    case(
        "Buy only on Fridays: buy when RSI(2) is below 10, sell when RSI(2) is above 70",
        entry="rsi_2 < 10 & calendar weekday [4]",
        exit="rsi_2 > 70",
    ),
    case(
        "buy only on Fridays when RSI(2) is below 10, sell after 2 days",
        entry="calendar weekday [4] & rsi_2 < 10",
        exit_after_bars=2,
    ),
    case(
        "I am a trend follower on SPY. Buy when the 50 SMA crosses above the 200 SMA, sell when "
        "it crosses below.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="SPY",
    ),
    case(
        "I use the 200 day SMA as my trend filter. Buy when RSI(2) is below 10 and close is "
        "above the 200 day SMA, sell when RSI(2) is above 70.",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 70",
        says="Set aside 'I use the 200 day SMA as my trend filter.'",
    ),
    case(
        "I trade small caps on the hourly chart. Buy when the 9 EMA crosses above the 21 EMA, "
        "sell when it crosses below.",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        interval="1h",
    ),
]

FORM_FIELDS = [
    case(
        "Symbol: TSLA\nDirection: short\nEntry: RSI(14) crosses above 70\nExit: RSI(14) crosses "
        "below 50",
        short_entry="rsi_14 x> 70",
        short_exit="rsi_14 x< 50",
        symbol="TSLA",
        direction="short",
    ),
    case(
        "Ticker: QQQ\nBias: short only\nEntry: RSI(2) above 90\nExit: RSI(2) below 50\nStop "
        "loss: n/a",
        short_entry="rsi_2 > 90",
        short_exit="rsi_2 < 50",
        symbol="QQQ",
        direction="short",
        says="'Stop loss: n/a': none is used",
    ),
    case(
        "Symbol: AAPL\nSide: long\nEntry: close crosses above SMA(50)\nExit: close crosses below "
        "SMA(50)\nStop: none",
        entry="close x> sma_50",
        exit="close x< sma_50",
        symbol="AAPL",
        says="'Stop: none': none is used",
    ),
    case(
        "Asset: MSFT\nDirection: long\nEntry: the 20 EMA crosses above the 50 EMA\nExit: the 20 "
        "EMA crosses below the 50 EMA\nStops: none\nCapital: $20k",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="MSFT",
        cash=20000.0,
    ),
    # the side a field says is the direction: a rule of the other side is ignored, saying so
    case(
        "Direction: long\nEntry: RSI(2) below 10\nExit: RSI(2) above 70\nShort when RSI(2) "
        "above 90",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        says="Long only, as stated: the short rules are ignored",
    ),
    case(
        "Symbol: SPY\nSide: short\nEntry: close crosses below SMA(200)\nExit: close crosses above "
        "SMA(200)\nTarget: none",
        short_entry="close x< sma_200",
        short_exit="close x> sma_200",
        symbol="SPY",
        direction="short",
    ),
    case(
        "Buy when RSI(14) drops below 30, sell when RSI is above 70. no stop. Cash: 25000",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        cash=25000.0,
    ),
    case(
        "Buy when RSI(14) drops below 30, sell when RSI is above 70. Account size: 50,000",
        entry="rsi_14 x< 30",
        exit="rsi_14 > 70",
        cash=50000.0,
    ),
    case(
        "Buy when the close crosses above the 50 day SMA, sell when it crosses below. Starting "
        "cash: 15000",
        entry="close x> sma_50",
        exit="close x< sma_50",
        cash=15000.0,
    ),
    case(
        "Entry: close crosses above the 20 day high\nExit: close crosses below the 10 day low\n"
        "Stop: 2.5 x ATR(14) trailing",
        entry="close x> highest_20",
        exit="close x< lowest_10",
        atr_stop_multiple=2.5,
        atr_trailing=True,
    ),
    case(
        "Buy when RSI(2) is below 10, sell when RSI(2) is above 70. Stop: 3 ATR(20) trailing",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        atr_stop_multiple=3.0,
        atr_trailing=True,
        atr_period=20,
    ),
    # an ATR distance from the entry said as the close's move: a stop below it, a target above
    case(
        "Entry: close crosses above the 20 day high\nExit: close crosses below the 10 day low or "
        "close falls 2*ATR(14) below the entry price",
        entry="close x> highest_20",
        exit="close x< lowest_10",
        atr_stop_multiple=2.0,
    ),
    case(
        "Buy when the 10 EMA crosses above the 30 EMA. Sell when the 10 EMA crosses below the 30 "
        "EMA or price drops 1.5 ATR below my entry",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        atr_stop_multiple=1.5,
    ),
    case(
        "Buy when RSI(14) is below 30. Sell when RSI(14) is above 70 or close rises 3 x ATR(10) "
        "above the entry price",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        atr_take_profit_multiple=3.0,
        atr_period=10,
    ),
]

SHORTHAND = [
    case(
        "buy when +di x above -di, sell when +di x below -di",
        entry="adx_14.plus_di x> adx_14.minus_di",
        exit="adx_14.plus_di x< adx_14.minus_di",
    ),
    case(
        "buy when +DI x over -DI and ADX(14) > 25, sell when +DI x under -DI",
        entry="adx_14.plus_di x> adx_14.minus_di & adx_14.adx > 25",
        exit="adx_14.plus_di x< adx_14.minus_di",
    ),
    case(
        "buy when the 9 ema x above the 21 ema, sell when the 9 ema x below the 21 ema",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "buy when close crosses above keltner(20, 2xATR) upper band, sell when close crosses "
        "below the middle band",
        entry="close x> keltner_20_2_10.upper",
        exit="close x< keltner_20_2_10.middle",
    ),
    case(
        "buy when close is above the upper keltner 20 2.5 atr band, sell when close is below the "
        "middle band",
        entry="close > keltner_20_2_5_10.upper",
        exit="close < keltner_20_2_5_10.middle",
    ),
    case(
        "buy when close > keltner(20, 1.5 x ATR) upper, sell when close < keltner middle",
        entry="close > keltner_20_1_5_10.upper",
        exit="close < keltner_20_1_5_10.middle",
    ),
    # "the middle line" after a KC is the Keltner channel's, never a Bollinger Band's
    case(
        "buy when price closes above the upper KC(20,2), sell when it closes below the middle line",
        entry="close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
    ),
    case(
        "short when close < lower kc(20, 3), cover when close > the middle line",
        short_entry="close < keltner_20_3_10.lower",
        short_exit="close > keltner_20_3_10.middle",
        direction="short",
    ),
    case(
        "buy when +DMI x -DMI, sell when -DMI x +DMI",
        entry="adx_14.plus_di x> adx_14.minus_di",
        exit="adx_14.minus_di x> adx_14.plus_di",
    ),
    case(
        "buy when DMI+ crosses above DMI- and ADX(14) > 20, sell when DMI+ crosses below DMI-",
        entry="adx_14.plus_di x> adx_14.minus_di & adx_14.adx > 20",
        exit="adx_14.plus_di x< adx_14.minus_di",
    ),
    case(
        "buy when close crosses above keltner 20 1.5 upper band, sell when it crosses below the "
        "middle line",
        entry="close x> keltner_20_1_5_10.upper",
        exit="close x< keltner_20_1_5_10.middle",
    ),
    # an exit crossing the entry's two lines the other way round: the opposite crossing (was the
    # entry's own crossing, so every trade closed on the bar it opened)
    case(
        "buy when +di x -di, sell when -di x +di",
        entry="adx_14.plus_di x> adx_14.minus_di",
        exit="adx_14.minus_di x> adx_14.plus_di",
    ),
    case(
        "buy when the 10 ema crosses the 50 ema, sell when the 50 ema crosses the 10 ema",
        entry="ema_10 x> ema_50",
        exit="ema_50 x> ema_10",
    ),
    case(
        "short when the 10 ema crosses the 50 ema, cover when the 50 ema crosses the 10 ema",
        short_entry="ema_10 x< ema_50",
        short_exit="ema_50 x< ema_10",
        direction="short",
    ),
    # a crossing's direction said after it
    case(
        "buy when the 10 ema crosses over the 50 ema to the upside, sell when it crosses under to "
        "the downside",
        entry="ema_10 x> ema_50",
        exit="ema_10 x< ema_50",
    ),
    case(
        "buy when the 5 day average crosses the 20 day average going up, sell when it crosses "
        "going down",
        entry="sma_5 x> sma_20",
        exit="sma_5 x< sma_20",
    ),
    case(
        "short when the 9 ema crosses the 21 ema heading down, cover when it crosses heading up",
        short_entry="ema_9 x< ema_21",
        short_exit="ema_9 x> ema_21",
        direction="short",
    ),
    case(
        "short when RSI(2) crosses 90 going up, cover when RSI(2) crosses 50 heading down",
        short_entry="rsi_2 x> 90",
        short_exit="rsi_2 x< 50",
        direction="short",
    ),
    case(
        "buy when MACD crosses its signal line going up, sell when MACD crosses its signal line "
        "going down",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    # a new high said with "is"
    case(
        "Buy when close is a new 20-day high, sell after 5 days",
        entry="close > highest_20",
        exit_after_bars=5,
    ),
    case(
        "short when the stock is a new 10-day low, cover after 3 days",
        short_entry="close < lowest_10",
        exit_after_bars=3,
        direction="short",
    ),
]


@pytest.mark.parametrize(("text", "expect"), FRAMING + SIBLINGS + FORM_FIELDS + SHORTHAND)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


REPORTED = [  # (text, the words reported back): what a framing sentence says the rules do not
    ("I short weak stocks. Buy when RSI(14) is below 30, sell when RSI(14) is above 70.",
     "I short weak stocks"),
    ("I go long strong stocks. Short when RSI(14) is above 70, cover when RSI(14) is below 30.",
     "I go long strong stocks"),
    ("I use RSI to confirm entries. Buy when the close crosses above the 50 day SMA, sell when "
     "it crosses below.", "I use RSI to confirm"),
    ("I use the 50-day SMA as a guide. Buy when close crosses above the 200 day sma, sell when "
     "it crosses below", "I use the 50-day SMA as a guide"),
    ("I trade only on Mondays. Buy when RSI(14) is below 30, sell when RSI(14) is above 70.",
     "I trade only on Mondays"),
    ("I trade stocks above $10. Buy when RSI(14) is below 30, sell when RSI(14) is above 70.",
     "I trade stocks above $10"),
    ("I never hold overnight. Buy when RSI(14) is below 30, sell when RSI(14) is above 70.",
     "I never hold overnight"),
    # a side field whose value is no side: reported, never dropped ("both" is both sides:
    # tests/test_generation_descriptions_form_sides.py)
    ("Direction: sideways\nEntry: close crosses above SMA(50)\nExit: close crosses below SMA(50)",
     "Direction"),
    # a crossing's side said twice, two ways
    ("buy when the 10 ema crosses above the 50 ema going down, sell after 3 days", "going down"),
    # a short's ATR move from the entry: which side is its stop is not guessed
    ("Short when RSI(14) is above 70. Cover when RSI(14) is below 30 or close falls 2 ATR below "
     "the entry price", "close falls 2 ATR below the"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=lambda v: str(v)[:50])
def test_what_the_rules_do_not_say_is_reported_not_set_aside(text: str, words: str):
    u = understand(text)

    assert u.spec is not None, u.refusal
    assert words in u.not_understood, u.not_understood
    assert not any(a.lower().startswith("set aside") for a in u.assumptions), u.assumptions
