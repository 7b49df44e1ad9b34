"""The offline compiler on descriptions written the way people prompt a chatbot: a role given
first ("You are an expert quant."), section headings ("Task:", "Requirements:", "Constraints:"),
markdown bold labels ("**Stop loss:** 2%"), a block of named settings used by name later
("Params: fast=10, slow=30 ... exit when fast crosses below slow"), requests about the report
("show me the equity curve", "compare to buy and hold"), constraints every bot keeps anyway
("max 1 position, no leverage") and the starting capital said after its amount ("100k starting
capital").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``, and ``says`` is an
assumption the echo must hold (what was set aside, or the values the names were read as).
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.rules_support import rule_shape
from .generation.support import bars
from .test_generation_rules import backtest, compiled

FIELDS = (*SETTINGS, "cash", "commission_pct", "atr_trailing")

CASES = [
    # a block of named settings, its names used in brackets, after signs, before units and as lines
    case(
        "Params: fast=10, slow=30\nBuy QQQ when fast EMA crosses above slow EMA\n"
        "exit when fast crosses below slow",
        entry="ema_10 x> ema_30",
        exit="ema_10 x< ema_30",
        symbol="QQQ",
        says="'fast' is 10, 'slow' is 30",
    ),
    case(
        "Params: fast=5, slow=20\nbuy ETH-USD when fast SMA > slow SMA, sell when fast < slow. "
        "1h bars",
        entry="sma_5 > sma_20",
        exit="sma_5 < sma_20",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "Params: atr_mult=2.5, length=14\nBuy XLE when close > SMA(50). "
        "Trailing stop = atr_mult * ATR(length).",
        entry="close > sma_50",
        symbol="XLE",
        atr_stop_multiple=2.5,
        atr_trailing=True,
    ),
    case(
        "Params: rsi_len=7, lower=20, upper=80\nLong SPY when RSI(rsi_len) < lower\n"
        "Exit when RSI(rsi_len) > upper",
        entry="rsi_7 < 20",
        exit="rsi_7 > 80",
        symbol="SPY",
    ),
    case(
        "Inputs: len=21, ob=75, os=25\nShort TSLA when RSI(len) > ob\nCover when RSI(len) < os",
        short_entry="rsi_21 > 75",
        short_exit="rsi_21 < 25",
        symbol="TSLA",
    ),
    case(
        "Params: fast=12, slow=26, signal=9\nBuy GOOGL when MACD(fast, slow, signal) crosses "
        "above zero\nSell when it crosses below zero",
        entry="macd_12_26_9.macd x> 0",
        exit="macd_12_26_9.macd x< 0",
        symbol="GOOGL",
    ),
    # a name that is a word of its own keeps its meaning where no number belongs
    case(
        "Params: signal=9\nBuy AAPL when MACD(12, 26, signal) crosses above the signal line, "
        "sell when it crosses below the signal line",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="AAPL",
    ),
    case(
        "Params: length=20, mult=2\nBuy XLF when close < lower Bollinger(length, mult)\n"
        "Sell when close > upper Bollinger(length, mult)",
        entry="close < bbands_20_2.lower",
        exit="close > bbands_20_2.upper",
        symbol="XLF",
    ),
    case(
        "Params: period=20\nBuy IBM when close crosses above the Donchian upper(period)\n"
        "Sell when close crosses below Donchian lower(period)",
        entry="close x> highest_20",
        exit="close x< lowest_20",
        symbol="IBM",
    ),
    case(
        "Params: lookback=10\nBuy WMT when close is the highest close in lookback days\n"
        "Sell when close is the lowest close in lookback days",
        entry="close >= close_highest_10",
        exit="close <= close_lowest_10",
        symbol="WMT",
    ),
    case(
        "Settings: short_len=20, long_len=100\nBuy SPY when SMA(short_len) crosses above "
        "SMA(long_len); sell when SMA(short_len) crosses below SMA(long_len)",
        entry="sma_20 x> sma_100",
        exit="sma_20 x< sma_100",
        symbol="SPY",
    ),
    # the chatbot's role, the prompt's headings and what to show: set aside and echoed
    case(
        "You are an expert quant. Buy SPY when RSI(14) < 30, sell when RSI(14) > 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        says="'You are an expert quant.'",
    ),
    case(
        "You are an expert quant. Build me a strategy that buys SPY when RSI(14) drops below 30 "
        "and sells when RSI goes above 70. Daily bars, 100k starting capital.",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="SPY",
        interval="1d",
        cash=100_000.0,
    ),
    case(
        "Act as a professional trader. Task: short NFLX when close crosses below the 50 SMA, "
        "cover when it crosses above.",
        short_entry="close x< sma_50",
        short_exit="close x> sma_50",
        symbol="NFLX",
        says="'Task:'",
    ),
    case(
        "Requirements:\n- ticker: AMD\n- buy when close > EMA(20)\n- sell when close < EMA(20)\n"
        "- show me the equity curve",
        entry="close > ema_20",
        exit="close < ema_20",
        symbol="AMD",
        says="'- show me the equity curve'",
    ),
    case(
        "Requirements:\n- 100k initial capital\n- 0.05% commission\n- buy MSFT when 9 EMA > 21 "
        "EMA\n- sell when 9 EMA < 21 EMA\n- compare to buy and hold",
        entry="ema_9 > ema_21",
        exit="ema_9 < ema_21",
        symbol="MSFT",
        cash=100_000.0,
        commission_pct=0.05,
    ),
    case(
        "Constraints: max 1 position, no leverage\nBuy GLD when RSI(2) < 10, exit when RSI(2) > "
        "70. Compare with buy and hold.",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="GLD",
        says="one position at a time",
    ),
    case(
        "Constraints: long only, max 1 position, no leverage.\nStrategy: buy XLK when ADX(14) > 25 "
        "and +DI > -DI; exit when +DI crosses below -DI.",
        entry="adx_14.adx > 25 & adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.plus_di x< adx_14.minus_di",
        symbol="XLK",
    ),
    case(
        "hey chatgpt, buy TSLA when the 20 EMA crosses above the 50 EMA and sell on the cross "
        "back down",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="TSLA",
    ),
    case(
        "Enter long on NVDA when price is above the 50 EMA and MACD line > signal line. Exit when "
        "MACD line < signal line. Stop loss 8%. Show me trades and the equity curve.",
        entry="close > ema_50 & macd_12_26_9.macd > macd_12_26_9.signal",
        exit="macd_12_26_9.macd < macd_12_26_9.signal",
        symbol="NVDA",
        stop_loss_pct=8.0,
    ),
    # a heading alone on its line, and a list said to hold all at once: set aside, echoed
    case(
        "## Strategy\nTrend following on QQQ\n## Entry\n- EMA 50 > EMA 200\n- close crosses "
        "above EMA 20\n## Exit\n- close < EMA 50\n## Risk\n- stop loss 4%",
        entry="ema_50 > ema_200 & close x> ema_20",
        exit="close < ema_50",
        symbol="QQQ",
        stop_loss_pct=4.0,
        says="'Risk' (a heading",
    ),
    case(
        "## Entry\n- RSI(14) < 35\n## Exit\n- RSI(14) > 65\n## Risk management\n- stop 3%\n"
        "- target 8%\nTicker: KO",
        entry="rsi_14 < 35",
        exit="rsi_14 > 65",
        symbol="KO",
        stop_loss_pct=3.0,
        take_profit_pct=8.0,
    ),
    case(
        "Entry conditions (all must be true):\n\u2022 close > EMA(200)\n\u2022 RSI(14) < 40\n"
        "\u2022 close < lower Bollinger Band(20,2)\nExit: RSI(14) > 60\nSymbol: PG",
        entry="close > ema_200 & rsi_14 < 40 & close < bbands_20_2.lower",
        exit="rsi_14 > 60",
        symbol="PG",
        says="joined with 'and'",
    ),
    case(
        "Buy MRK when all of the following are true:\n- close > SMA(100)\n- RSI(5) < 20\n"
        "Sell when RSI(5) > 60",
        entry="close > sma_100 & rsi_5 < 20",
        exit="rsi_5 > 60",
        symbol="MRK",
    ),
    case(
        "**Strategy name:** Turtle\n**Entry:** 55-day high breakout\n**Exit:** 20-day low\n"
        "**Market:** GC=F",
        entry="close > highest_55",
        exit="close <= lowest_20",
        symbol="GC=F",
    ),
    case(
        "Task: Simulate a strategy on ADA-USD daily. Enter long when the 7 day SMA is above the "
        "25 day SMA and the close is above both. Exit if close is below the 7 day SMA.",
        entry="sma_7 > sma_25 & (close > sma_7 & close > sma_25)",
        exit="close < sma_7",
        symbol="ADA-USD",
        interval="1d",
    ),
    # the bars said alone as the last sentence
    case(
        "Long EURJPY=X when the 20 SMA slopes upward and price pulls back to it. 4h.",
        entry="sma_20 > sma_20[-1] & close > sma_20 & low <= sma_20",
        exit="close < sma_20",
        symbol="EURJPY=X",
        interval="4h",
    ),
    case(
        "Buy UBER when RSI(14) < 30. Sell when RSI(14) > 70. 15m.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="UBER",
        interval="15m",
    ),
    # the starting capital said after its amount, with no currency sign
    case(
        "Buy QQQ when RSI(14) < 30, sell when RSI(14) > 70, 100k starting capital",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="QQQ",
        cash=100_000.0,
    ),
    case(
        "Rules:\n- 25k initial capital\n- buy DIA when close > SMA(50)\n"
        "- sell when close < SMA(50)",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="DIA",
        cash=25_000.0,
    ),
    case(
        "Buy IWM when close > SMA(200). Sell when close < SMA(200). 50000 initial cash",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="IWM",
        cash=50_000.0,
    ),
    # a target and a stop said as two signed moves from the entry, either first
    case(
        "Buy AAPL when RSI(14) < 30, sell at +5% or -2%",
        entry="rsi_14 < 30",
        symbol="AAPL",
        stop_loss_pct=2.0,
        take_profit_pct=5.0,
    ),
    case(
        "Buy BTC-USD when RSI(14) < 25 on the hourly, sell at -3% or +6%.",
        entry="rsi_14 < 25",
        symbol="BTC-USD",
        interval="1h",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    # markdown bold labels
    case(
        "**Stop loss:** 2%\n**Take profit:** 6%\n**Entry:** buy MSFT when RSI 14 crosses above 50",
        entry="rsi_14 x> 50",
        symbol="MSFT",
        stop_loss_pct=2.0,
        take_profit_pct=6.0,
    ),
    case(
        "**Entry:** close crosses above EMA(50)\n**Exit:** close crosses below EMA(50)\n"
        "**Stop:** 1.5 x ATR(14)\n**Symbol:** HD",
        entry="close x> ema_50",
        exit="close x< ema_50",
        symbol="HD",
        atr_stop_multiple=1.5,
    ),
    case(
        "**Ticker:** SOL-USD\n**Timeframe:** 4h\n**Buy:** RSI(14) < 30\n**Sell:** RSI(14) > 60\n"
        "**Trailing stop:** 5%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="SOL-USD",
        interval="4h",
        trailing_stop_pct=5.0,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I want to short any stock that goes up 20% in a day", "any stock that"),
        ("Buy every coin that drops 10% in a day, sell after 3 days", "every coin that"),
        ("buy all stocks that gap up 5% at the open and sell at the close", "all stocks that"),
    ],
)
def test_many_symbols_at_once_are_reported_not_read_as_the_one_traded(text: str, words: str):
    """ "short any stock that goes up 20% in a day": a bot trades the one symbol it is given, so
    a rule over many symbols at once is reported, never read as one over that symbol."""
    u = understand(text)
    assert words in u.not_understood
    assert not u.complete


def test_a_name_that_is_a_word_of_its_own_keeps_its_meaning_where_no_number_belongs():
    """ "Params: signal=9 ... MACD crosses above signal": a name that is one of Botlab's words is
    put in place only where a number belongs (in brackets, after a sign, before a unit): the MACD
    crossing its signal line is never the MACD crossing 9; "the upper Bollinger band" is the
    band while "RSI(14) > upper" is 70. The block is echoed with the values it gave."""
    u = understand(
        "Params: signal=9\nBuy AAPL when MACD crosses above signal, sell when MACD crosses below "
        "signal"
    )
    assert any("'signal' is 9" in a for a in u.assumptions), u.assumptions
    assert u.spec is not None and u.not_understood == []
    assert rule_shape(u.spec.entry) == "macd_12_26_9.macd x> macd_12_26_9.signal"
    u = understand(
        "Params: upper=70\nBuy AAPL when close crosses above the upper Bollinger band, sell when "
        "RSI(14) > upper"
    )
    assert u.spec is not None and u.not_understood == []
    assert rule_shape(u.spec.entry) == "close x> bbands_20_2.upper"
    assert rule_shape(u.spec.exit) == "rsi_14 > 70"


def test_an_exit_at_an_earlier_time_of_day_than_the_entry_holds_overnight():
    """ "Hourly bars: go long at 3pm every day and sell at 10am next morning": a plain loop over
    the hourly bars (bought at the open of the bar opening at 15:00; sold at the close of the
    first bar closing at 10:00 or later before 15:00 again, the next morning) makes the trades
    of the compiled bot; none is closed on the bar it opened, as the same-day reading of "at
    10am" would close it."""
    spec, bot = compiled("Hourly bars: go long at 3pm every day and sell at 10am next morning")
    frame = bars("EURUSD")
    opens, closes = frame["Open"].to_numpy(), frame["Close"].to_numpy()
    minute = (frame.index.hour * 60 + frame.index.minute).to_numpy()
    expected, entry = [], None
    for t in range(len(frame) - 1):
        if entry is not None and entry <= t:
            if 9 * 60 <= minute[t] < 15 * 60:
                expected.append((entry, t, opens[entry], closes[t]))
                entry = None
        elif entry is None and minute[t + 1] == 15 * 60:
            entry = t + 1

    trades = backtest(bot, frame, trade_on_close=True)["_trades"]
    last = len(frame) - 1  # a trade still open there, or opened on it, is closed by the run
    trades = trades[(trades["ExitBar"] < last) & (trades["EntryBar"] < last)]

    assert (spec.entry_fill, spec.exit_fill, spec.interval) == ("next_open", "close", "1h")
    assert len(expected) > 20
    assert trades["EntryBar"].tolist() == [e for e, _, _, _ in expected]
    assert trades["ExitBar"].tolist() == [x for _, x, _, _ in expected]
    assert trades["EntryPrice"].tolist() == pytest.approx([o for _, _, o, _ in expected])
    assert trades["ExitPrice"].tolist() == pytest.approx([c for _, _, _, c in expected])
    assert (trades["ExitBar"] > trades["EntryBar"]).all()
