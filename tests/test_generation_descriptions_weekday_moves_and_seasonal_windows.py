"""The offline compiler on three families a held-out sample (held17) showed unread or misread:
moves said of named weekdays and runs followed by a turn ("fell on Friday and on Monday", "down
3 days in a row then up"), seasonal windows between two dates ("from the last trading day of
October to the first trading day of May", "the Santa Claus rally"), and published strategies
named with or without their rules ("Connors Double 7s", "Raschke's Holy Grail", "turtle system
2", IBS, RSI(2), NR7).

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REFUSED`` rows say a
move of a day the rule cannot read: refused with the reason, never read as another day. The
Monday reversal and the Halloween window are checked trade for trade against plain loops.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.generation import understand
from engine.generation.spec import StrategySpec

from .generation.corpus import case, check_row
from .generation.support import bars
from .test_generation_indicators import assert_no_look_ahead, functions, same
from .test_generation_rules import backtest, compiled

DEFAULTS = StrategySpec(name="Defaults")
FIELDS = {
    name: getattr(DEFAULTS, name)
    for name in (
        "exit_after_bars",
        "size_shares",
        "size_fraction",
        "trailing_stop_pct",
        "symbol",
        "interval",
        "stop_loss_pct",
        "take_profit_pct",
        "entry_fill",
        "exit_fill",
        "direction",
        "risk_pct",
        "atr_stop_multiple",
        "atr_period",
        "entry_stop",
    )
}


def on_or_after(month: int, day: int) -> str:
    """The first trading day on or after ``day`` of ``month``, in the rule notation."""
    return (
        f"calendar day_of_month {list(range(day, 32))} & calendar day_of_month_before "
        f"{list(range(day))} & calendar month [{month}]"
    )


CASES = [
    # sequences of days: a move said of each named weekday is that day's own close
    case(
        "Monday reversal on QQQ: buy at Monday's close if QQQ fell on Friday and on Monday, "
        "sell at the close on Tuesday.",
        entry=(
            "calendar weekday [0] & calendar weekday_before [4] & close[-1] < close[-2] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [1]",
        symbol="QQQ",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy DIA at the close on Tuesday if it fell on Monday and on Tuesday, sell at "
        "Wednesday's close",
        entry=(
            "calendar weekday [1] & calendar weekday_before [0] & close[-1] < close[-2] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [2]",
        symbol="DIA",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy QQQ at Monday's close if it fell on Friday and Monday, sell at Tuesday's close",
        entry=(
            "calendar weekday [0] & calendar weekday_before [4] & close[-1] < close[-2] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [1]",
        symbol="QQQ",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy DIA at Tuesday's close if it fell on Tuesday, sell at Wednesday's close",
        entry="calendar weekday [1] & close < close[-1]",
        exit="calendar weekday [2]",
        symbol="DIA",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy SPY at Monday's close if Friday was down, sell at Tuesday's close",
        entry="calendar weekday [0] & calendar weekday_before [4] & close[-1] < close[-2]",
        exit="calendar weekday [1]",
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy SPY if Monday closes lower than Friday, sell on Wednesday",
        entry="calendar weekday_before [0] & close < close[-1]",
        exit="calendar weekday [2]",
        symbol="SPY",
    ),
    # a run, then the turn or a pattern: the run on the bars before this one
    case(
        "buy SPY when it is down 3 days in a row then up, sell after 5 days",
        entry=(
            "close[-3] < close[-4] & close[-2] < close[-3] & close[-1] < close[-2] & "
            "close > close[-1]"
        ),
        exit_after_bars=5,
        symbol="SPY",
    ),
    case(
        "buy IWM when it falls 4 days in a row then rises, sell after 3 days",
        entry=(
            "close[-4] < close[-5] & close[-3] < close[-4] & close[-2] < close[-3] & "
            "close[-1] < close[-2] & close > close[-1]"
        ),
        exit_after_bars=3,
        symbol="IWM",
    ),
    case(
        "buy DIA when the close is down 2 days in a row then closes higher, exit after 2 bars",
        entry="close[-2] < close[-3] & close[-1] < close[-2] & close > close[-1]",
        exit_after_bars=2,
        symbol="DIA",
    ),
    case(
        "buy QQQ after two down closes followed by an inside day, exit after 3 bars",
        entry="close[-2] < close[-3] & close[-1] < close[-2] & inside_bar > 0",
        exit_after_bars=3,
        symbol="QQQ",
    ),
    case(
        "buy SPY after three down days followed by a hammer, exit after 5 days",
        entry="close[-3] < close[-4] & close[-2] < close[-3] & close[-1] < close[-2] & hammer > 0",
        exit_after_bars=5,
        symbol="SPY",
    ),
    # seasonal windows between two dates: a buy on the first day, a sell after the last
    case(
        "Halloween effect on DIA: be long from the last trading day of October to the first "
        "trading day of May, flat otherwise.",
        entry="calendar trading_day_from_end [1] & calendar month [10]",
        exit="calendar trading_day [2] & calendar month [5]",
        symbol="DIA",
    ),
    case(
        "hold SPY from the last trading day of October to the first trading day of May",
        entry="calendar trading_day_from_end [1] & calendar month [10]",
        exit="calendar trading_day [2] & calendar month [5]",
        symbol="SPY",
    ),
    case(
        "hold IWM from the last trading day of October through the last trading day of April",
        entry="calendar trading_day_from_end [1] & calendar month [10]",
        exit="calendar trading_day [1] & calendar month [5]",
        symbol="IWM",
    ),
    case(
        "be long DIA from the 3rd trading day of November to the 2nd-to-last trading day of "
        "April, out otherwise",
        entry="calendar trading_day [3] & calendar month [11]",
        exit="calendar trading_day_from_end [1] & calendar month [4]",
        symbol="DIA",
    ),
    case(
        "Santa Claus rally on SPY: buy the last 5 trading days of December and the first 2 "
        "of January",
        entry="calendar trading_day_from_end [5] & calendar month [12]",
        exit="calendar trading_day [3] & calendar month [1]",
        symbol="SPY",
    ),
    case(
        "Santa Claus rally on SPY",
        entry="calendar trading_day_from_end [5] & calendar month [12]",
        exit="calendar trading_day [3] & calendar month [1]",
        symbol="SPY",
    ),
    case(
        "santa rally QQQ",
        entry="calendar trading_day_from_end [5] & calendar month [12]",
        exit="calendar trading_day [3] & calendar month [1]",
        symbol="QQQ",
    ),
    case(
        "long QQQ from Nov 1 to Apr 30",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="QQQ",
    ),
    case(
        "be invested in SPY between November 1st and April 30th",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    case(
        "hold DIA from Oct 1 to Dec 31, out otherwise",
        entry="calendar month [10, 11, 12]",
        exit="calendar month [1, 2, 3, 4, 5, 6, 7, 8, 9]",
        symbol="DIA",
    ),
    case(
        "only trade SPY in the best six months",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    case(
        "halloween on IWM",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="IWM",
    ),
    case(
        "halloween strategy on QQQ, with a 10% stop loss",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="QQQ",
        stop_loss_pct=10.0,
    ),
    case(
        "I want to own the S&P 500 ETF during the best months only, November through April, "
        "and be in cash from May through October.",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    # published strategies: a name alone is its published rules; a name with rules, the rules
    case(
        "Connors Double 7s on SPY: if SPY is above its 200-day moving average and closes at "
        "a 7-day low, buy; sell when it closes at a 7-day high.",
        entry="close > sma_200 & close <= close_lowest_7",
        exit="close >= close_highest_7",
        symbol="SPY",
    ),
    case(
        "Double 7s on QQQ",
        entry="close > sma_200 & close <= close_lowest_7",
        exit="close >= close_highest_7",
        symbol="QQQ",
    ),
    case(
        "Connors double seven strategy on IWM",
        entry="close > sma_200 & close <= close_lowest_7",
        exit="close >= close_highest_7",
        symbol="IWM",
    ),
    case(
        "buy QQQ when it closes at a 10-day low, sell when it closes at a 10-day high",
        entry="close <= close_lowest_10",
        exit="close >= close_highest_10",
        symbol="QQQ",
    ),
    case(
        "Raschke's Holy Grail on SPY: when ADX(14) is above 30 and rising, buy a pullback to "
        "the 20-day EMA, exit on a new 20-day high.",
        entry="adx_14.adx > 30 & adx_14.adx > adx_14.adx[-1] & close > ema_20 & low <= ema_20",
        exit="close > highest_20",
        symbol="SPY",
    ),
    case(
        "holy grail setup on SPY",
        entry="adx_14.adx > 30 & adx_14.adx > adx_14.adx[-1] & close > ema_20 & low <= ema_20",
        exit="close > highest_20",
        symbol="SPY",
    ),
    case(
        "Raschke's Holy Grail on DIA",
        entry="adx_14.adx > 30 & adx_14.adx > adx_14.adx[-1] & close > ema_20 & low <= ema_20",
        exit="close > highest_20",
        symbol="DIA",
    ),
    case(
        "Turtle Trading System 1 on GLD: enter long on a 20-day breakout, exit on a 10-day "
        "low, 2N stop where N is the 20-day ATR, risk 1% of equity per trade.",
        entry="close > highest_20",
        exit="close < lowest_10",
        symbol="GLD",
        risk_pct=1.0,
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
    case(
        "Turtle on SPY: buy a 55-day breakout, sell on a 20-day low, 2N stop where N is the "
        "14-day ATR",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="SPY",
        atr_stop_multiple=2.0,
    ),
    case(
        "turtle system 2 on GLD",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="GLD",
    ),
    case(
        "IBS strategy on SPY",
        entry="ibs < 0.2",
        exit="ibs > 0.8",
        symbol="SPY",
    ),
    case(
        "IBS mean reversion on QQQ",
        entry="ibs < 0.2",
        exit="ibs > 0.8",
        symbol="QQQ",
    ),
    case(
        "RSI(2) strategy on SPY",
        entry="rsi_2 < 10 & close > sma_200",
        exit="close > sma_5",
        symbol="SPY",
    ),
    case(
        "rsi2 strategy on QQQ",
        entry="rsi_2 < 10 & close > sma_200",
        exit="close > sma_5",
        symbol="QQQ",
    ),
    # more variants of each family
    case(
        "buy SPY at the close on Monday if it dropped on both Friday and Monday, sell at "
        "Tuesday's close",
        entry=(
            "calendar weekday [0] & calendar weekday_before [4] & close[-1] < close[-2] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [1]",
        symbol="SPY",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "if the market fell on Thursday and on Friday, buy Friday's close, sell Monday's close",
        entry=(
            "calendar weekday_before [3] & close[-1] < close[-2] & calendar weekday [4] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [0]",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "buy SPY when it has 2 down days in a row then an up day, sell after 3 days",
        entry="close[-2] < close[-3] & close[-1] < close[-2] & close > close[-1]",
        exit_after_bars=3,
        symbol="SPY",
    ),
    case(
        "go long SPY from the last trading day of December through the 3rd trading day of January",
        entry="calendar trading_day_from_end [1] & calendar month [12]",
        exit="calendar trading_day [4] & calendar month [1]",
        symbol="SPY",
    ),
    case(
        "own QQQ from the first trading day of November until the last trading day of April",
        entry="calendar trading_day [1] & calendar month [11]",
        exit="calendar trading_day [1] & calendar month [5]",
        symbol="QQQ",
    ),
    case(
        "Connors' Double 7 strategy on SPY",
        entry="close > sma_200 & close <= close_lowest_7",
        exit="close >= close_highest_7",
        symbol="SPY",
    ),
    case(
        "trade the holy grail on QQQ",
        entry="adx_14.adx > 30 & adx_14.adx > adx_14.adx[-1] & close > ema_20 & low <= ema_20",
        exit="close > highest_20",
        symbol="QQQ",
    ),
    case(
        "buy IWM at Friday's close if IWM fell on Thursday and on Friday, exit at Monday's close",
        entry=(
            "calendar weekday [4] & calendar weekday_before [3] & close[-1] < close[-2] & "
            "close < close[-1]"
        ),
        exit="calendar weekday [0]",
        symbol="IWM",
        entry_fill="close",
        exit_fill="close",
    ),
    case(
        "long QQQ from Nov 15 to Apr 15",
        entry=on_or_after(11, 15),
        exit=on_or_after(4, 16),
        symbol="QQQ",
    ),
    case(
        "be invested in SPY between December 10th and January 20th",
        entry=on_or_after(12, 10),
        exit=on_or_after(1, 21),
        symbol="SPY",
    ),
    case(
        "hold DIA from Oct 28 to May 5, out otherwise",
        entry=on_or_after(10, 28),
        exit=on_or_after(5, 6),
        symbol="DIA",
    ),
    case(
        "buy an inside bar on SPY, a break above this bar's high the next day, sell after 4 days",
        entry="inside_bar > 0",
        exit_after_bars=4,
        symbol="SPY",
        entry_stop=True,
    ),
    case(
        "NR7 on QQQ: buy a break of today's high tomorrow, exit after 3 days",
        entry="narrow_range_7 > 0",
        exit_after_bars=3,
        symbol="QQQ",
        entry_stop=True,
    ),
    case(
        "buy SPY on the last 5 trading days of December and the first 2 trading days of January",
        entry="calendar trading_day_from_end [5] & calendar month [12]",
        exit="calendar trading_day [3] & calendar month [1]",
        symbol="SPY",
    ),
    case(
        "buy IWM if it fell on Thursday and on Friday, sell after 2 days",
        entry="close[-1] < close[-2] & calendar weekday_before [4] & close < close[-1]",
        exit_after_bars=2,
        symbol="IWM",
    ),
    case(
        "Double 7s on SPY with a 5% stop loss",
        entry="close > sma_200 & close <= close_lowest_7",
        exit="close >= close_highest_7",
        symbol="SPY",
        stop_loss_pct=5.0,
    ),
    case(
        "turtle system 2 on GLD with a 2N stop",
        entry="close > highest_55",
        exit="close < lowest_20",
        symbol="GLD",
        atr_stop_multiple=2.0,
        atr_period=20,
    ),
    case(
        "be long SPY only from November 1 through April 30",
        entry="calendar month [1, 2, 3, 4, 11, 12]",
        exit="calendar month [5, 6, 7, 8, 9, 10]",
        symbol="SPY",
    ),
    case(
        "Holy Grail on QQQ, 1 hour bars",
        entry="adx_14.adx > 30 & adx_14.adx > adx_14.adx[-1] & close > ema_20 & low <= ema_20",
        exit="close > highest_20",
        symbol="QQQ",
        interval="1h",
    ),
    case(
        "buy SPY when the low has been lower for 3 days in a row and the close is above the "
        "200-day SMA, sell when the close is above the 5-day SMA",
        entry="low[-2] < low[-3] & low[-1] < low[-2] & low < low[-1] & close > sma_200",
        exit="close > sma_5",
        symbol="SPY",
    ),
    case(
        "short QQQ when the high was higher 4 days running, cover after 3 days",
        short_entry=(
            "high[-3] > high[-4] & high[-2] > high[-3] & high[-1] > high[-2] & high > high[-1]"
        ),
        exit_after_bars=3,
        symbol="QQQ",
        direction="short",
    ),
    case(
        "buy SPY when ConnorsRSI is below 10 and the close is above the 200-day SMA, sell when "
        "it is above 70",
        entry="connors_rsi_3_2_100 < 10 & close > sma_200",
        exit="connors_rsi_3_2_100 > 70",
        symbol="SPY",
    ),
    case(
        "buy QQQ when CRSI(3,2,100) drops below 15, sell when CRSI is above 70",
        entry="connors_rsi_3_2_100 x< 15",
        exit="connors_rsi_3_2_100 > 70",
        symbol="QQQ",
    ),
    case(
        "buy when ConnorsRSI(4, 2, 50) < 10, sell after 5 days, start with 1,000,000",
        entry="connors_rsi_4_2_50 < 10",
        exit_after_bars=5,
    ),
    case(
        "NR7 on QQQ",
        entry="narrow_range_7 > 0",
        exit_after_bars=3,
        symbol="QQQ",
        entry_stop=True,
    ),
    case(
        "nr7 breakout on IWM with a 3% stop",
        entry="narrow_range_7 > 0",
        exit_after_bars=3,
        symbol="IWM",
        stop_loss_pct=3.0,
        entry_stop=True,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "Double 7s on QQQ",
            "'Double 7s' read as Botlab's standard 'Double 7s' strategy: Buy when the close is "
            "above the 200-day SMA and it closes at a 7-day low; sell when it closes at a 7-day "
            "high.",
        ),
        ("holy grail setup on SPY", "Buy when ADX(14) is above 30 and rising"),
        ("Santa Claus rally on SPY", "Buy the last 5 trading days of December"),
        ("NR7 on QQQ", "Buy an NR7 bar if tomorrow trades above today's high; sell after 3 days"),
        (
            "buy QQQ when it closes at a 10-day low, sell when it closes at a 10-day high",
            "read as the close at the lowest close of the previous 10 bars",
        ),
        (
            "Monday reversal on QQQ: buy at Monday's close if QQQ fell on Friday and on Monday, "
            "sell at the close on Tuesday.",
            "'and on Monday' read as the day the order fills (its close)",
        ),
    ],
)
def test_a_published_rule_read_is_said_back(text: str, says: str):
    u = understand(text)

    assert u.complete, u.not_understood
    assert any(says in a for a in u.assumptions), u.assumptions


REFUSED = [  # (text, a reason Botlab gives)
    (
        "buy an NR7 bar if tomorrow trades above today's high and exit at the close 3 days later",
        "A stop entry (a buy-stop at the signal bar's high, for the next bar) and a fill at the "
        "close cannot be built together",
    ),
    (
        "buy QQQ on Monday if it fell on Monday, sell Tuesday",
        "'it fell on Monday' is a move on Monday, the day the order fills at its open",
    ),
    (
        "buy QQQ at Tuesday's close if it fell on Friday, sell Wednesday",
        "'it fell on Friday' names Friday, which is neither the day the order fills (Tuesday)",
    ),
]


@pytest.mark.parametrize(("text", "why"), REFUSED, ids=lambda v: str(v)[:50])
def test_a_move_of_a_day_the_rule_cannot_read_is_refused(text: str, why: str):
    u = understand(text)

    assert u.spec is None
    assert why in u.refusal


def test_the_monday_reversal_trades_like_a_plain_loop():
    """ "Buy at Monday's close if it fell on Friday and on Monday, sell at the close on
    Tuesday": a plain loop over the daily bars (a Monday whose close is below Friday's, after a
    Friday whose close is below Thursday's: bought at Monday's close; sold at the next Tuesday's
    close) makes the trades of the compiled bot, run with trade_on_close=True."""
    spec, bot = compiled(
        "buy at Monday's close if it fell on Friday and on Monday, sell at the close on Tuesday"
    )
    frame = bars("AAPL")
    closes, weekdays = frame["Close"].to_numpy(), frame.index.weekday
    expected, entry = [], None
    for t in range(2, len(frame)):
        if entry is not None:
            if weekdays[t] == 1:
                expected.append((entry, t))
                entry = None
        elif (
            weekdays[t] == 0
            and weekdays[t - 1] == 4
            and closes[t - 1] < closes[t - 2]
            and closes[t] < closes[t - 1]
        ):
            entry = t

    trades = backtest(bot, frame, trade_on_close=True)["_trades"]

    assert (spec.entry_fill, spec.exit_fill) == ("close", "close")
    assert len(expected) > 20
    assert list(zip(trades["EntryBar"], trades["ExitBar"], strict=True)) == expected


def test_the_halloween_window_trades_like_a_plain_loop():
    """ "Hold from the last trading day of October to the first trading day of May": bought at
    the open of October's last trading day, sold at the open of the trading day after May's
    first (the days held are those said, ends included), each year of the data."""
    spec, bot = compiled(
        "hold from the last trading day of October to the first trading day of May"
    )
    frame = bars("AAPL")
    months = pd.Series(frame.index.month)
    last_of_month = (months != months.shift(-1)).to_numpy()
    first_of_month = (months != months.shift(1)).to_numpy()
    expected, entry = [], None
    for t in range(1, len(frame) - 1):  # bar t decides; bar t + 1 is the day the order fills
        fill = t + 1
        if entry is not None:
            if months[fill] == 5 and first_of_month[fill - 1] and fill - 1 > entry:
                expected.append((entry, fill))
                entry = None
        elif months[fill] == 10 and last_of_month[fill]:
            entry = fill

    trades = backtest(bot, frame)["_trades"]
    trades = trades[trades["ExitBar"] < len(frame) - 1]

    assert len(expected) >= 10
    assert list(zip(trades["EntryBar"], trades["ExitBar"], strict=True)) == expected


# -- ConnorsRSI ----------------------------------------------------------------------------------


def _streak(closes: np.ndarray) -> np.ndarray:
    """Closes in a row above the one before (+1, +2, ...) or below it (-1, -2, ...), else 0."""
    out = np.zeros(len(closes))
    for t in range(1, len(closes)):
        if closes[t] > closes[t - 1]:
            out[t] = max(out[t - 1], 0) + 1
        elif closes[t] < closes[t - 1]:
            out[t] = min(out[t - 1], 0) - 1
    return out


@pytest.mark.parametrize("symbol", ["AAPL", "MSFT"])
def test_connors_rsi_is_the_average_of_its_three_parts(symbol: str):
    """TA-Lib's RSI(3) of the closes and RSI(2) of the streak (after the warm-up, where the
    seeds of Wilder's averages no longer differ) and the percent rank of the 1-bar change,
    counted here, averaged: ConnorsRSI(3, 2, 100) as Connors and Alvarez define it."""
    talib = pytest.importorskip("talib")
    closes = bars(symbol)["Close"].to_numpy(dtype=float)
    change = np.diff(closes, prepend=np.nan) / np.roll(closes, 1)
    rank = np.full(len(closes), np.nan)
    for t in range(101, len(closes)):
        rank[t] = 100 * sum(change[t - k] < change[t] for k in range(1, 101)) / 100
    expected = (talib.RSI(closes, 3) + talib.RSI(_streak(closes), 2) + rank) / 3

    ours = functions("connors_rsi")["connors_rsi"](closes, 3, 2, 100)

    same(ours, expected, start=200, rtol=1e-6)
    assert np.isnan(ours[:101]).all()
    assert np.nanmin(ours) >= 0 and np.nanmax(ours) <= 100


def test_connors_rsi_never_looks_ahead():
    assert_no_look_ahead("connors_rsi", ("c", 3, 2, 100))
