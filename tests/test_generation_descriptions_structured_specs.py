"""The offline compiler on descriptions written fresh for issue 10 in the voice of people who
paste structured or code-like specs (fresh18a): ChatGPT-style forms ("Entry: ... Exit: ...
Symbol: ..."), numbered rules ("1) ... 2) ..."), IF/THEN pseudo-code and Pine Script fragments.
The families: numbered list marks, a form's "Symbol:" and "Timeframe:" fields with any ticker
and a bare interval, a test window of two full dates, an hourly chart beside a daily one (the
hourly bars are the ones tested), and a move "intraday" on intraday bars (a day's move, not a
bar's: reported).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows are
ideas Botlab does not build: they are reported with the words it could not read, never read as
something else.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (
    *SETTINGS,
    "direction",
    "start",
    "end",
    "bar_stop",
    "entry_fill",
    "exit_fill",
    "stop_loss_points",
    "take_profit_points",
)

CASES = [
    # a dash after a label opening its line is the label's colon; a label in capitals is never
    # a ticker ("SIZE")
    case(
        "ENTRY - price closes above upper keltner (20, 2)\nEXIT - price closes below middle "
        "keltner\nSTOP - 2x ATR\nSIZE - 25% of equity\nSYMBOL - MSFT",
        entry="close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
        atr_stop_multiple=2.0,
        size_fraction=0.25,
        symbol="MSFT",
    ),
    case(
        "Stop loss - 3%\nEntry - RSI(14) < 30\nExit - RSI(14) > 70\nTicker - KO",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=3.0,
        symbol="KO",
    ),
    # numbered list marks are line breaks: the numbers are never values, each item a line
    case(
        "1) Buy QQQ when RSI(2) drops below 10 2) Sell when RSI(2) rises above 90 3) Daily bars, "
        "2015 to 2023",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 90",
        symbol="QQQ",
        interval="1d",
        start=date(2015, 1, 1),
        end=date(2023, 12, 31),
    ),
    case(
        "1) Short GLD when RSI(14) > 80\n2) Cover when RSI(14) < 50\n3) Stop loss 4%",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 < 50",
        symbol="GLD",
        stop_loss_pct=4.0,
        direction="short",
    ),
    case(
        "Rule 1: buy META if today's volume is 2x the 20-day average volume and close > open. "
        "Rule 2: sell after 10 days. Rule 3: stop loss 7%.",
        entry="volume >= volume_sma_20*2 & close > open",
        exit_after_bars=10,
        stop_loss_pct=7.0,
        symbol="META",
    ),
    case(
        "1) Trade: AUDUSD=X 2) Entry: close < lower Bollinger Band(20, 2.5) 3) Exit: close > "
        "upper Bollinger Band(20, 2.5) 4) Stop loss: 1.5%",
        entry="close < bbands_20_2_5.lower",
        exit="close > bbands_20_2_5.upper",
        symbol="AUDUSD=X",
        stop_loss_pct=1.5,
    ),
    case(
        "Step 1) buy XLU when RSI(5) < 20 Step 2) sell when RSI(5) > 60 Step 3) 2% stop",
        entry="rsi_5 < 20",
        exit="rsi_5 > 60",
        symbol="XLU",
        stop_loss_pct=2.0,
    ),
    case(
        "1) go long when OBV crosses above its 20-day SMA 2) exit when OBV crosses below it. "
        "Ticker: JPM",
        entry="obv x> obv_sma_20",
        exit="obv x< obv_sma_20",
        symbol="JPM",
    ),
    case(
        "1. Buy AAPL when RSI(14) < 30\n2. Sell when RSI(14) > 70\n3. Stop loss 5%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_pct=5.0,
        symbol="AAPL",
    ),
    case(
        "Asset: ETH-USD | Timeframe: 4h | Entry: RSI(14) < 30 | Exit: RSI(14) > 60 | Stop: 5%",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        stop_loss_pct=5.0,
        symbol="ETH-USD",
        interval="4h",
    ),
    # a form's interval field with a bare interval ("Timeframe: 4h"), on its own line or item
    case(
        "if macd line crosses above signal line: go long ETH-USD\nif macd line crosses below "
        "signal line: close position\ntimeframe: 4h",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="ETH-USD",
        interval="4h",
    ),
    case(
        "1) Timeframe: 1h 2) Symbol: SOL-USD 3) Entry: close crosses above ema(100) 4) Exit: "
        "close crosses below ema(100) 5) Stop: 3%",
        entry="close x> ema_100",
        exit="close x< ema_100",
        symbol="SOL-USD",
        interval="1h",
        stop_loss_pct=3.0,
    ),
    case(
        "Entry: RSI(7) < 20\nExit: RSI(7) > 80\nInterval: 15m\nSymbol: NVDA",
        entry="rsi_7 < 20",
        exit="rsi_7 > 80",
        symbol="NVDA",
        interval="15m",
    ),
    # a form's symbol field takes any ticker, known or not, and futures ("CL=F")
    case(
        "Position size: 25% of equity\nEntry: RSI(14) < 30\nExit: RSI(14) > 55\nSymbol: BA",
        entry="rsi_14 < 30",
        exit="rsi_14 > 55",
        symbol="BA",
        size_fraction=0.25,
    ),
    case(
        "Entry: price closes above Keltner Channel upper band (20, 2)\nExit: price closes below "
        "the Keltner middle line\nSymbol: CL=F",
        entry="close > keltner_20_2_10.upper",
        exit="close < keltner_20_2_10.middle",
        symbol="CL=F",
    ),
    case(
        "buy when price is 5% below its 20 day moving average, sell when price is back at the "
        "average. Stock: PFE",
        entry="close < sma_20*0.95",
        exit="close >= sma_20",
        symbol="PFE",
    ),
    case(
        "Entry: Close > 10-day high. Exit: 3% trailing stop. Size: 30% of capital. Ticker: SHOP",
        entry="close > highest_10",
        trailing_stop_pct=3.0,
        size_fraction=0.3,
        symbol="SHOP",
    ),
    case(
        "Buy when the 5-day ROC is below -5%; sell when it is above 0. Universe: TLT.",
        entry="roc_5 < -5",
        exit="roc_5 > 0",
        symbol="TLT",
    ),
    case(
        "if dmi+ > dmi- and adx > 30 then buy, if adx < 20 then sell, symbol HD",
        entry="adx_14.plus_di > adx_14.minus_di & adx_14.adx > 30",
        exit="adx_14.adx < 20",
        symbol="HD",
    ),
    case(
        "go long on a close above the 52-week high, exit on close below 50-day low. ticker CAT",
        entry="close > highest_260",
        exit="close < lowest_50",
        symbol="CAT",
    ),
    case(
        "Symbol: ES=F\nTimeframe: 30m\nEntry: close crosses above vwap\nExit: close crosses "
        "below vwap",
        entry="close x> vwap",
        exit="close x< vwap",
        symbol="ES=F",
        interval="30m",
    ),
    case(
        "Asset: ZC=F\nEntry: close crosses above SMA(50)\nExit: close crosses below SMA(50)",
        entry="close x> sma_50",
        exit="close x< sma_50",
        symbol="ZC=F",
    ),
    # a test window of two full dates
    case(
        "Entry: Buy when MFI(14) < 20\nExit: Sell when MFI(14) > 80\nSymbol: XOM\nPeriod: "
        "2012-01-01 to 2022-12-31",
        entry="mfi_14 < 20",
        exit="mfi_14 > 80",
        symbol="XOM",
        start=date(2012, 1, 1),
        end=date(2022, 12, 31),
    ),
    case(
        "buy KO when rsi(2) < 5, sell when rsi(2) > 70, backtest 2016-03-01 to 2021-06-30",
        entry="rsi_2 < 5",
        exit="rsi_2 > 70",
        symbol="KO",
        start=date(2016, 3, 1),
        end=date(2021, 6, 30),
    ),
    # Pine Script: "ta." prefixes, a series argument, "x[1]", crossing and order calls
    case(
        "ta.crossover(ta.ema(close,9), ta.ema(close,21)) -> strategy.entry('L', strategy.long) "
        "on BTC-USD 1h",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
        symbol="BTC-USD",
        interval="1h",
    ),
    case(
        "strategy.entry('S', strategy.short) when ta.crossunder(close, ta.sma(close, 50)); "
        "strategy.close('S') when ta.crossover(close, ta.sma(close, 50)) -- NVDA daily",
        short_entry="close x< sma_50",
        short_exit="close x> sma_50",
        symbol="NVDA",
        interval="1d",
        direction="short",
    ),
    case(
        "ta.crossunder(ta.sma(close, 10), ta.sma(close, 30)) => strategy.entry('short', "
        "strategy.short); ta.crossover(ta.sma(close,10), ta.sma(close,30)) => "
        "strategy.close('short') on SPY",
        short_entry="sma_10 x< sma_30",
        short_exit="sma_10 x> sma_30",
        symbol="SPY",
        direction="short",
    ),
    case(
        'ta.rsi(close, 14) < 30 => strategy.entry("Long", strategy.long); ta.rsi(close, 14) > 70 '
        '=> strategy.close("Long")',
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "if ta.rsi(close, 2) < 10 and close > ta.sma(close, 200): strategy.entry('L', "
        "strategy.long)\nif ta.rsi(close, 2) > 90: strategy.close('L')",
        entry="rsi_2 < 10 & close > sma_200",
        exit="rsi_2 > 90",
    ),
    case(
        "ta.crossover(close, ta.vwma(close, 20)) \u2192 long; ta.crossunder(close, "
        "ta.vwma(close, 20)) \u2192 flat. ETH-USD 30m",
        entry="close x> vwma_20",
        exit="close x< vwma_20",
        symbol="ETH-USD",
        interval="30m",
    ),
    case(
        "ta.cross(close, ta.ema(close, 50)) => strategy.entry('L', strategy.long)",
        entry="close x> ema_50",
        exit="close x< ema_50",
    ),
    case(
        "Entry = SMA(close,10) > SMA(close,50); Exit = SMA(close,10) < SMA(close,50); Stop = 10%",
        entry="sma_10 > sma_50",
        exit="sma_10 < sma_50",
        stop_loss_pct=10.0,
    ),
    case(
        "if close > highest(high, 55)[1]: buy\nif close < lowest(low, 20)[1]: sell\nsymbol: "
        "GC=F daily",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="GC=F",
        interval="1d",
    ),
    case(
        "buy when close > ta.highest(close, 20)[1], sell when close < ta.lowest(close, 10)[1], "
        "MSFT",
        entry="close > close_highest_20",
        exit="close < close_lowest_10",
        symbol="MSFT",
    ),
    case(
        "if close[0] < close[1] and close[1] < close[2] and close[2] < close[3]: buy. exit after "
        "4 bars",
        entry="close < close[-1] & close[-1] < close[-2] & close[-2] < close[-3]",
        exit_after_bars=4,
    ),
    case(
        'if ta.rsi(close, 14)[1] < 30 and ta.rsi(close, 14) > 30: strategy.entry("L", '
        'strategy.long)\nif ta.rsi(close,14) > 70: strategy.close("L")',
        entry="rsi_14[-1] < 30 & rsi_14 > 30",
        exit="rsi_14 > 70",
    ),
    case(
        'if ta.crossunder(ta.rsi(close, 14), 70): strategy.close("L")\nif '
        'ta.crossover(ta.rsi(close, 14), 30): strategy.entry("L", strategy.long)',
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "entry: close > high[1] and volume > volume[1] * 1.5\nexit: close < low[1]",
        entry="close > high[-1] & volume > volume[-1]*1.5",
        exit="close < low[-1]",
    ),
    case(
        "buy when close[1] < open[1] and close > open[1], sell after 3 bars",
        entry="close[-1] < open[-1] & close > open[-1]",
        exit_after_bars=3,
    ),
    case(
        "long when ema(5) crosses above ema(13) and volume > sma(volume, 20); exit after 7 bars "
        "or 5% stop, on COIN",
        entry="ema_5 x> ema_13 & volume > volume_sma_20",
        exit_after_bars=7,
        stop_loss_pct=5.0,
        symbol="COIN",
    ),
    case(
        "long when volume > 1.5 * ta.sma(volume, 50) and close > open, exit after 5 bars",
        entry="volume > volume_sma_50*1.5 & close > open",
        exit_after_bars=5,
    ),
    case(
        "buy when ta.ema(close, 20) > ta.ema(close, 50) and close > close[5], sell when "
        "ta.ema(close, 20) < ta.ema(close, 50)",
        entry="ema_20 > ema_50 & close > close[-5]",
        exit="ema_20 < ema_50",
    ),
    # a multiple written after a script call ("sma(20) * 1.05") is the same multiple
    case(
        "1) sell short when close > sma(20) * 1.05 2) cover when close < sma(20) 3) symbol: TSLA "
        "4) size: 20%",
        short_entry="close > sma_20*1.05",
        short_exit="close < sma_20",
        symbol="TSLA",
        size_fraction=0.2,
        direction="short",
    ),
    case(
        "buy when close < ta.ema(close, 50) * 0.97, sell when close > ta.ema(close, 50)",
        entry="close < ema_50*0.97",
        exit="close > ema_50",
    ),
    case(
        "buy when volume > ta.sma(volume, 20) * 2 and close > open, sell after 3 bars",
        entry="volume > volume_sma_20*2 & close > open",
        exit_after_bars=3,
    ),
    # a z-score measured from a mean of a said length: that length is the z-score's
    case(
        "z-score of close vs 20-day mean below -2: buy AAPL; exit when z-score back above 0",
        entry="zscore_20 < -2",
        exit="zscore_20 > 0",
        symbol="AAPL",
    ),
    case(
        "buy when the z-score of close vs its 50-day average is below -1.5, sell when it is "
        "above 0",
        entry="zscore_50 < -1.5",
        exit="zscore_50 > 0",
    ),
    case(
        "short when the zscore of the close versus the 30 day moving average is above 2, cover "
        "when it is below 0",
        short_entry="zscore_30 > 2",
        short_exit="zscore_30 < 0",
        direction="short",
    ),
    # a form's stop field naming the pattern bar's low or high ("Stop loss: low of the hammer")
    case(
        "Entry: Hammer candlestick after 3 down days\nExit: close > previous day high\nStop "
        "loss: low of the hammer",
        entry="hammer > 0 & close[-3] < close[-4] & close[-2] < close[-3] & close[-1] < close[-2]",
        exit="close > high[-1]",
        bar_stop=True,
    ),
    case(
        "Short: shooting star\nCover: close < previous day low\nStop: high of the shooting star",
        short_entry="shooting_star > 0",
        short_exit="close < low[-1]",
        bar_stop=True,
        direction="short",
    ),
    # an oscillator's level before "and N-day <average>" is a level, not a list of lengths
    case(
        "Entry: 20-day momentum > 0 and 200-day SMA slope positive\nExit: 20-day momentum < 0",
        entry="roc_20 > 0 & sma_200 > sma_200[-1]",
        exit="roc_20 < 0",
    ),
    case(
        "buy when rsi(14) > 50 and 200-day SMA is rising, sell when rsi(14) < 40",
        entry="rsi_14 > 50 & sma_200 > sma_200[-1]",
        exit="rsi_14 < 40",
    ),
    case(
        "sell short when rsi > 70 and 100-day ema is falling, cover when rsi < 50",
        short_entry="rsi_14 > 70 & ema_100 < ema_100[-1]",
        short_exit="rsi_14 < 50",
        direction="short",
    ),
    case(
        "buy when mfi(14) < 20 and 50-day sma is rising, sell when mfi(14) > 80",
        entry="mfi_14 < 20 & sma_50 > sma_50[-1]",
        exit="mfi_14 > 80",
    ),
    # a close said with its colour, of the price or of no subject: the bar's close vs its open
    case(
        "sell short TSLA when price gaps up 5% and closes red, cover next day at close",
        short_entry="open >= close[-1]*1.05 & close < open",
        exit_after_bars=1,
        symbol="TSLA",
        direction="short",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "short when rsi > 70 and closes red, cover when rsi < 50",
        short_entry="rsi_14 > 70 & close < open",
        short_exit="rsi_14 < 50",
        direction="short",
    ),
    case(
        "buy when price closes green and rsi(2) < 10, sell after 2 days",
        entry="close > open & rsi_2 < 10",
        exit_after_bars=2,
    ),
    # camel-case names written as variables ("lowerBB", "signalLine")
    case(
        "if close < lowerBB(20,2) and rsi(14) < 35 then buy; if close > middleBB then sell. "
        "symbol AMD, 1h bars",
        entry="close < bbands_20_2.lower & rsi_14 < 35",
        exit="close > bbands_20_2.middle",
        symbol="AMD",
        interval="1h",
    ),
    case(
        "buy when close crosses above upperBand(20, 2), sell when close < middleBand",
        entry="close x> bbands_20_2.upper",
        exit="close < bbands_20_2.middle",
    ),
    case(
        "buy when macdLine crosses above signalLine, sell when macdLine crosses below signalLine",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when close < lowerKC, sell when close > upperKC",
        entry="close < keltner_20_2_10.lower",
        exit="close > keltner_20_2_10.upper",
    ),
    # a stop or target in pips on a forex pair: 0.01 a pip on a yen-quoted pair, else 0.0001
    case(
        "Buy GBPJPY=X when 8 EMA crosses 21 EMA upward, 15m chart; Stop loss: 20 pips; Take "
        "profit: 40 pips",
        entry="ema_8 x> ema_21",
        stop_loss_points=0.2,
        take_profit_points=0.4,
        symbol="GBPJPY=X",
        interval="15m",
    ),
    case(
        "buy eurusd on 1h bars when rsi(14) < 30, stop 25 pips, target 50 pips, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        stop_loss_points=0.0025,
        take_profit_points=0.005,
        symbol="EURUSD=X",
        interval="1h",
    ),
    case(
        "short GBP/USD when close < ema(50), 30 pip stop, 60 pip target, 4h bars",
        short_entry="close < ema_50",
        stop_loss_points=0.003,
        take_profit_points=0.006,
        symbol="GBPUSD=X",
        interval="4h",
        direction="short",
    ),
    # an hourly chart beside a daily one: the hourly bars are tested, the daily rule built
    case(
        "long when rsi(14) > 50 and close > ema(20) on the hourly, and price above the 200 sma "
        "on the daily. Symbol: AAPL",
        entry="rsi_14 > 50 & close > ema_20 & close@D > d_sma_200",
        exit="rsi_14 < 50 | close < ema_20 | close@D < d_sma_200",
        symbol="AAPL",
        interval="1h",
    ),
    case(
        "buy MSFT when rsi(2) < 10 on the hourly and the close is above the 50 ema on the daily; "
        "sell when rsi(2) > 70",
        entry="rsi_2 < 10 & close@D > d_ema_50",
        exit="rsi_2 > 70",
        symbol="MSFT",
        interval="1h",
    ),
    case(
        "on the 15 minute chart buy SPY when rsi(2) < 10 and the close is above the 50 ema on the "
        "daily chart, sell after 8 bars",
        entry="rsi_2 < 10 & close@D > d_ema_50",
        exit_after_bars=8,
        symbol="SPY",
        interval="15m",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


REPORTED = [  # (text, the words reported back): never read as something else
    # a script call with named arguments, and a series other than the close, stay unread
    (
        'strategy.entry("buy", strategy.long, when = close > ta.highest(high, 20)[1]); '
        'strategy.exit("x", "buy", stop = strategy.position_avg_price * 0.95)',
        "position_avg_price",
    ),
    ("buy when rsi(high, 14) < 30, sell when rsi(14) > 70", "high"),
    # a pip of a stock is no set amount
    ("buy AAPL when rsi < 30, sell when rsi > 70, stop 20 pips", "20 pips"),
    # a move "intraday" or "today" on intraday bars is the day's move, not one bar's
    (
        "buy NVDA when price drops 2% intraday below previous close, sell at 2% profit or end of "
        "day, 15m bars",
        "when price drops 2% intraday",
    ),
    # ("on 5m bars buy QQQ when it is down 3% today, ..." is read since fix19b: the close against
    # the previous day's close, see test_generation_descriptions_fill_times_and_setups)
    (
        "buy TSLA when price drops 2% intraday, exit after 3 bars, 1h chart",
        "when price drops 2% intraday",
    ),
]


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=lambda v: str(v)[:50])
def test_what_cannot_be_built_is_reported_not_misread(text: str, words: str):
    u = understand(text)

    assert any(words in w for w in u.not_understood), u.not_understood
    assert not u.complete


@pytest.mark.parametrize(
    "text",
    [
        "Strategy: SMA 20/50 crossover on XLF. Rebalance monthly.",
        "if close > sma(close, 100) then long else flat. Rebalance weekly. QQQ",
        "go long XLK when 12-month return > 0, otherwise go to cash. check monthly",
    ],
)
def test_a_rule_checked_once_a_period_is_reported_as_such_not_as_a_rotation(text: str):
    u = understand(text)

    assert not u.complete
    assert any("checks its rules on every bar" in p for p in u.problems), u.problems
    assert not any("Switching between symbols" in p for p in u.problems)


def test_a_rotation_rebalanced_monthly_is_reported_as_a_rotation():
    u = understand("hold SPY or TLT, whichever is stronger, rebalance monthly")

    assert any("Switching between symbols" in p for p in u.problems)
    assert not any("checks its rules on every bar" in p for p in u.problems)


def test_a_dash_after_a_stop_label_is_its_colon():
    u = understand("ENTRY - RSI(14) < 30\nEXIT - RSI(14) > 70\nSTOP - 2x ATR\nSYMBOL - MSFT")

    assert u.complete and u.spec.atr_stop_multiple == 2.0 and u.spec.symbol == "MSFT"
