"""The offline compiler on descriptions written fresh for issue 10 (fresh19b) in two voices: terse
phone and chat shorthand ("rsi<30 & px>200sma -> b", "9ema x 21ema dn", "sl 2atr tgt 3atr", "ts
3%", "eur/usd h4", "$xle"), and classic systems from trading books summarised by name and rules.
The families: one-word shorthand read as the word it stands for and echoed (``CHAT_SHORTHAND``),
"x" for a crossing before a length or a level, a chart's bars written unit first ("h4", "M15")
or last, cashtags and lower-case futures tickers, and a stop loss followed by a trailing stop of
its own distance (two stops, never one trailing stop at the first distance).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (
    *SETTINGS,
    "size_fraction",
    "direction",
    "stop_loss_points",
    "entry_fill",
    "exit_fill",
    "atr_take_profit_multiple",
    "atr_period",
)

CASES = [
    # chat shorthand: b/s for buy/sell, gt/lt for above/below, px for price, dn for down, tgt, ts
    case(
        "rsi<30 & px>200sma -> b, s when rsi>70",
        entry="rsi_14 < 30 & close > sma_200",
        exit="rsi_14 > 70",
    ),
    case(
        "b $nflx when rsi lt 25 s when rsi gt 75",
        entry="rsi_14 < 25",
        exit="rsi_14 > 75",
        symbol="NFLX",
    ),
    case(
        "b tlt when close gt 50ema s when close lt 50ema",
        entry="close > ema_50",
        exit="close < ema_50",
        symbol="TLT",
    ),
    case(
        "$pltr b when px gt 50sma and rsi lt 40, s when px lt 50sma",
        entry="close > sma_50 & rsi_14 < 40",
        exit="close < sma_50",
        symbol="PLTR",
    ),
    case(
        "s $tsla short when rsi gt 80 cover rsi lt 50",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        symbol="TSLA",
        direction="short",
    ),
    case(
        "b $gld when adx gt 25 and +di gt -di, exit adx lt 20",
        entry="adx_14.adx > 25 & adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.adx < 20",
        symbol="GLD",
    ),
    case(
        "gbp/usd 1h s when px below 200ema and rsi gt 60, cover rsi lt 40, sl 50 pips",
        short_entry="close < ema_200 & rsi_14 > 60",
        short_exit="rsi_14 < 40",
        symbol="GBPUSD=X",
        interval="1h",
        direction="short",
        stop_loss_points=0.005,
    ),
    case(
        "$nvda b new 20d high s new 10d low",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="NVDA",
    ),
    case(
        "b $spy mon open s fri close",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        symbol="SPY",
        exit_fill="close",
    ),
    case(
        "btc 15m b when price touches lower bb and rsi lt 30, tp 2% sl 1%",
        entry="close <= bbands_20_2.lower & rsi_14 < 30",
        symbol="BTC-USD",
        interval="15m",
        stop_loss_pct=1.0,
        take_profit_pct=2.0,
    ),
    case(
        "$spy b bullish engulfing s 2 bars later",
        entry="bullish_engulfing > 0",
        exit_after_bars=2,
        symbol="SPY",
    ),
    case(
        "$arkk b if it drops 10% in a week s when up 5%",
        entry="roc_5 <= -10",
        symbol="ARKK",
        take_profit_pct=5.0,
    ),
    case(
        "b eur/usd when williams %r lt -80 s when gt -20 h1",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "btc/usdt 1h b rsi 14 lt 25 sl 2atr tgt 3atr",
        entry="rsi_14 < 25",
        symbol="BTC-USD",
        interval="1h",
        atr_stop_multiple=2.0,
        atr_take_profit_multiple=3.0,
    ),
    case(
        "b $nvda when rsi lt 30 sl 3% ts 6%",
        entry="rsi_14 < 30",
        trailing_stop_pct=6.0,
        symbol="NVDA",
        stop_loss_pct=3.0,
    ),
    case(
        "$aapl b when 14 rsi x 50 up and macd gt 0, tp 8% sl 4% ts 2%",
        entry="rsi_14 x> 50 & macd_12_26_9.macd > 0",
        trailing_stop_pct=2.0,
        symbol="AAPL",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    # "x" for crosses: before a length written against its average, or a level and its direction
    case(
        "b $spy when 9ema x 21ema up s when 9ema x 21ema dn",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="SPY",
    ),
    case(
        "b $amd 5sma x 20sma up s 5sma x 20sma dn",
        entry="sma_5 x> sma_20",
        exit="sma_5 x< sma_20",
        symbol="AMD",
    ),
    case(
        "b $msft when macd x 0 up s macd x 0 dn",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
        symbol="MSFT",
    ),
    case(
        "$xle b macd hist x 0 up s macd hist x 0 dn tgt 10% sl 5%",
        entry="macd_12_26_9.hist x> 0",
        exit="macd_12_26_9.hist x< 0",
        symbol="XLE",
        stop_loss_pct=5.0,
        take_profit_pct=10.0,
    ),
    case(
        "risk 1% per trade b $aapl 20ema x 50ema up sl 2atr",
        entry="ema_20 x> ema_50",
        symbol="AAPL",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
    ),
    case(
        "$gme b close x 10ema up, s close x 10ema dn, 25% of equity per trade",
        entry="close x> ema_10",
        exit="close x< ema_10",
        size_fraction=0.25,
        symbol="GME",
    ),
    # ...and never a multiplier
    case(
        "buy spy when rsi below 30, sell when rsi above 60, stop at atr x 2",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="SPY",
        atr_stop_multiple=2.0,
    ),
    case(
        "buy spy when rsi below 30, sell when rsi above 60, stop 2 x atr",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="SPY",
        atr_stop_multiple=2.0,
    ),
    # the chart's bars written unit first (h4, M15, d1)
    case(
        "eur/usd h4 long when macd x signal up, exit macd x signal dn",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="EURUSD=X",
        interval="4h",
    ),
    case(
        "usd/chf H4 b rsi lt 30 s rsi gt 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="USDCHF=X",
        interval="4h",
    ),
    case(
        "aud/usd m30 b close x 50ema up s close x 50ema dn",
        entry="close x> ema_50",
        exit="close x< ema_50",
        symbol="AUDUSD=X",
        interval="30m",
    ),
    case(
        "M15 eur/usd s when rsi gt 75 cover when rsi lt 40",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 < 40",
        symbol="EURUSD=X",
        interval="15m",
        direction="short",
    ),
    case(
        "d1 $iwm b 3 down days in a row s first up day",
        entry="3 down closes",
        exit="1 up closes",
        symbol="IWM",
        interval="1d",
    ),
    case(
        "h1 sol/usdt b hammer candle at lower bb s at upper bb",
        entry="hammer > 0 & low <= bbands_20_2.lower",  # the hammer's wick reaches the band
        exit="close >= bbands_20_2.upper",
        symbol="SOL-USD",
        interval="1h",
    ),
    # cashtags, lower-case futures tickers and index shorthand
    case(
        "cl=f d1 b close gt 50sma s close lt 50sma sl 3%",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="CL=F",
        interval="1d",
        stop_loss_pct=3.0,
    ),
    case(
        "spx d1 b rsi2 lt 10 s rsi2 gt 80",
        entry="rsi_2 < 10",
        exit="rsi_2 > 80",
        symbol="^GSPC",
        interval="1d",
    ),
    case(
        "nq=f 15m b 9ema x 21ema up s 9ema x 21ema dn",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="NQ=F",
        interval="15m",
    ),
    case(
        "btc/usdt d1 b golden cross s death cross",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="BTC-USD",
        interval="1d",
    ),
    case(
        "bnb/usdt d1 b when close gt ichimoku cloud s below cloud",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close < ichimoku_9_26_52.cloud_bottom",
        symbol="BNB-USD",
        interval="1d",
    ),
    case(
        "$qqq b when close gt upper bb s at middle band",
        entry="close > bbands_20_2.upper",
        exit="close <= bbands_20_2.middle",
        symbol="QQQ",
    ),
    # a stop loss then a trailing stop, each with its own distance: two stops
    case(
        "buy AAPL when RSI(14) crosses above 50, stop loss 4% trailing stop 2%",
        entry="rsi_14 x> 50",
        trailing_stop_pct=2.0,
        symbol="AAPL",
        stop_loss_pct=4.0,
    ),
    case(
        "short QQQ when RSI(14) is above 75, cover below 50, stop loss 3% trailing stop 5%",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 < 50",
        trailing_stop_pct=5.0,
        symbol="QQQ",
        stop_loss_pct=3.0,
        direction="short",
    ),
    # the chart's bars said last, after the last rule's level
    case(
        "b $coin when stoch k lt 20 s stoch k gt 80 h4",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k > 80",
        symbol="COIN",
        interval="4h",
    ),
    # a setup's conditions said in a sentence of their own, then "buy at the close": the buy's
    case(
        "the close above the 200-day SMA and below the 5-day SMA; buy at the close. sell when "
        "price closes above the 5-day moving average.",
        entry="close > sma_200 & close < sma_5",
        exit="close > sma_5",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "RSI(2) below 10 and the close above the 200-day SMA; buy at the close; sell when "
        "RSI(2) is above 70 on SPY",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 70",
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "close above the 50-day SMA and RSI(14) under 40. Buy at the open. Sell when RSI(14) "
        "is above 70.",
        entry="close > sma_50 & rsi_14 < 40",
        exit="rsi_14 > 70",
    ),
    # a named crossover's two lengths, then the average they are of ("with 10 and 30 day EMAs")
    case(
        "Dual moving average system with a 10 and 30 day exponential average on NQ=F, long "
        "and short, always in the market.",
        entry="ema_10 x> ema_30",
        short_entry="ema_10 x< ema_30",
        symbol="NQ=F",
        direction="always_in",
    ),
    case(
        "dual moving average crossover with 10 and 30 day EMAs on NQ=F, long and short",
        entry="ema_10 x> ema_30",
        short_entry="ema_10 x< ema_30",
        symbol="NQ=F",
        direction="always_in",
    ),
    case(
        "dual moving average crossover with 20 and 100 day SMAs on SPY",
        entry="sma_20 x> sma_100",
        exit="sma_20 x< sma_100",
        symbol="SPY",
    ),
    case(
        "two moving average crossover with a 5 and 20 day exponential average on ETH-USD",
        entry="ema_5 x> ema_20",
        exit="ema_5 x< ema_20",
        symbol="ETH-USD",
    ),
    # book summaries: the Turtles' N defined after a comma, "apply to" a market, "risked" a risk
    case(
        "The original Turtle System 1: go long on a 20-day breakout and exit on a 10-day low; "
        "stops at 2N, where N is the 20-day ATR. Trade GC=F on daily bars.",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="GC=F",
        interval="1d",
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
    case(
        "buy on a 55-day breakout, sell on a 20-day low, stop at 2N, where N is the 14-day ATR",
        entry="close > highest_55",
        exit="close < lowest_20",
        atr_stop_multiple=2.0,
    ),
    case(
        "buy on a 20-day breakout, sell on a 10-day low, a 2N stop, N being the 10-day ATR, "
        "on CL=F",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="CL=F",
        atr_stop_multiple=2.0,
        atr_period=10,
    ),
    case(
        "The classic dual moving average crossover: long when the 50-day SMA crosses above "
        "the 200-day SMA, flat when it crosses back below. Apply to the S&P 500 index.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="^GSPC",
    ),
    case(
        "buy when RSI(14) is below 30, sell above 70. Apply it to AAPL.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
    ),
    case(
        "buy SPY when RSI(14) is below 30, sell above 70, risked 1% of equity per trade, 5% stop",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        risk_pct=1.0,
        stop_loss_pct=5.0,
    ),
    # "x above", "x over", "x under": a crossing said with its side
    case(
        "b $spy when 20ema x over 50ema s when 20ema x under 50ema",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="SPY",
    ),
    case(
        "b qqq when close x above 20sma, s close x below 20sma",
        entry="close x> sma_20",
        exit="close x< sma_20",
        symbol="QQQ",
    ),
    # a one-letter action right after a percentage ("> 1% s at close")
    case(
        "spx b on gap down > 1% s at close",
        entry="open < close[-1]*0.99",
        symbol="^GSPC",
        entry_fill="open",
        exit_fill="close",
    ),
    case(
        "$qqq b on gap down > 2% s at close",
        entry="open < close[-1]*0.98",
        symbol="QQQ",
        entry_fill="open",
        exit_fill="close",
    ),
    # a holding time written compact ("hold 5d", "max hold 10d")
    case(
        "b $aapl when px x above 50sma hold 5d",
        entry="close x> sma_50",
        exit_after_bars=5,
        symbol="AAPL",
    ),
    case(
        "buy aapl when rsi below 30, exit after 10d",
        entry="rsi_14 < 30",
        exit_after_bars=10,
        symbol="AAPL",
    ),
    case(
        "b $msft when rsi lt 25 s after 3d",
        entry="rsi_14 < 25",
        exit_after_bars=3,
        symbol="MSFT",
    ),
]


@pytest.mark.parametrize("text, expect", CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


def test_shorthand_is_echoed_as_the_word_it_stands_for():
    u = understand("b $nflx when rsi lt 25 s when rsi gt 75")

    for said, word in (("b", "buy"), ("s", "sell"), ("lt", "below"), ("gt", "above")):
        assert f"Read '{said}' as '{word}'" in u.assumptions, u.assumptions


@pytest.mark.parametrize(
    "text",
    [
        "double 7 s on SPY",  # a plural of a number
        "short when percent b is above 1, cover when percent b is below 0.5",  # a line's letter
        "buy QQQ when RSI(2) is below 10, sell above 70, move stop to b/e at 1.5R, 2 ATR stop",
        "buy SPY when the S&P 500 is above its 200-day SMA",
        "short when % b is above 1, cover when % b is below 0.5",  # a percent sign of no number
    ],
)
def test_a_letter_of_another_word_is_never_an_action(text: str):
    u = understand(text)

    assert not any(a.startswith(("Read 'b'", "Read 's'")) for a in u.assumptions), u.assumptions


def test_a_risk_the_turtles_took_per_unit_is_reported_never_a_position_size():
    u = understand(
        "Book summary: the Turtles risked 1% of equity per N unit and added units every half "
        "N, up to 4 units. Entry on the 20-day high."
    )

    assert u.spec is not None and u.spec.size_fraction == 0.99  # never 1% of equity per trade
    assert any("needs a stop" in p for p in u.problems), u.problems
    assert not u.complete
