"""The offline compiler on descriptions written fresh for issue 10 in the voice of TradingView
scripts, YouTube videos and crypto/forex Discord servers (fresh17a): intraday bars said beside
the ticker ("short tsla 15m when ..."), "tp" as the exit it names, an oscillator's level said
right after an exit word ("target rsi 70"), and a window of the day's clock ("only trade between
9:30 and 11am"), each family with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``REPORTED`` rows are
ideas Botlab does not build: they are reported with the words it could not read, never read as
something else. The window of the day, a new calendar unit, is checked trade for trade against a
hand-written strategy.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row
from .generation.support import assert_trades_like_reference
from .test_generation_reference_indicators import talib_free_rsi

FIELDS = (*SETTINGS, "direction", "atr_take_profit_multiple", "exit_fill", "atr_trailing")


def window(start: int, stop: int) -> str:
    """A window of the day's clock in the rule notation: minutes after midnight, stop excluded."""
    return f"calendar minute_of_day {list(range(start, stop))}"


CASES = [
    # a count with its one-letter unit beside the ticker is the bars tested, wherever it stands
    case(
        "short tsla 15m when rsi above 80, cover when it drops under 50",
        short_entry="rsi_14 > 80",
        short_exit="rsi_14 x< 50",
        symbol="TSLA",
        interval="15m",
        direction="short",
    ),
    case(
        "4h btc: buy when close crosses above 100 ema, sl 3%, tp 9%",
        entry="close x> ema_100",
        symbol="BTC-USD",
        interval="4h",
        stop_loss_pct=3.0,
        take_profit_pct=9.0,
    ),
    case(
        "eurusd 1h: sell when rsi crosses below 70, buy back when rsi crosses below 30",
        short_entry="rsi_14 x< 70",
        short_exit="rsi_14 x< 30",
        symbol="EURUSD=X",
        interval="1h",
        direction="short",
    ),
    case(
        "buy when rsi < 35 on eth 4h, sell when rsi > 65",
        entry="rsi_14 < 35",
        exit="rsi_14 > 65",
        symbol="ETH-USD",
        interval="4h",
    ),
    case(
        "long nvda 30m when 20 ema crosses above 50 ema, exit when it crosses back below",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="NVDA",
        interval="30m",
    ),
    case(
        "1h btc long when macd crosses above signal, exit on the cross down",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="BTC-USD",
        interval="1h",
    ),
    case(
        "buy sol 15m if the close is above vwap and rsi above 55, sell if close below vwap",
        entry="close > vwap & rsi_14 > 55",
        exit="close < vwap",
        symbol="SOL-USD",
        interval="15m",
    ),
    case(
        "macd crosses above signal and rsi above 50 = buy. sell when macd crosses below "
        "signal. 1h ETH-USD",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & rsi_14 > 50",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "buy if close > open and close > high of previous candle, 5m tsla, sell after 12 "
        "bars or 1% sl",
        entry="close > open & close > high[-1]",
        symbol="TSLA",
        interval="5m",
        stop_loss_pct=1.0,
        exit_after_bars=12,
    ),
    case(
        "eth 4h since jan 2023, rsi 14 below 35 buy, above 65 sell",
        entry="rsi_14 < 35",
        exit="rsi_14 > 65",
        symbol="ETH-USD",
        interval="4h",
    ),
    # "tp" closes the trade like "take profit", a long or a short
    case(
        "long ETH-USD 1h when rsi < 30, tp at rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "short qqq 5m when rsi > 75, tp when rsi < 40",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 < 40",
        symbol="QQQ",
        interval="5m",
        direction="short",
    ),
    case(
        "short spy when rsi > 70, take profit when rsi < 30",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        symbol="SPY",
        direction="short",
    ),
    case(
        "buy btc 4h when macd crosses above signal, tp when macd crosses below signal",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="BTC-USD",
        interval="4h",
    ),
    # an oscillator and a number right after an exit word: the level it reaches, never its length
    case(
        "buy spy when rsi < 30, target rsi 70",
        entry="rsi_14 < 30",
        exit="rsi_14 >= 70",
        symbol="SPY",
    ),
    case(
        "buy spy when rsi < 30, exit rsi 70",
        entry="rsi_14 < 30",
        exit="rsi_14 >= 70",
        symbol="SPY",
    ),
    case(
        "short btc 1h when stoch > 80, cover stoch 20",
        short_entry="stoch_14_3.k > 80",
        short_exit="stoch_14_3.k <= 20",
        symbol="BTC-USD",
        interval="1h",
        direction="short",
    ),
    case(
        "buy eth 4h when cci < -100, take profit cci 100",
        entry="cci_20 < -100",
        exit="cci_20 >= 100",
        symbol="ETH-USD",
        interval="4h",
    ),
    case(
        "buy spy when rsi(2) < 10, sell rsi 70",
        entry="rsi_2 < 10",
        exit="rsi_2 >= 70",
        symbol="SPY",
    ),
    # a window of the day's clock: the bar the order fills on opens inside it
    case(
        "only trade between 9:30 and 11am: buy qqq 5m when rsi(14) crosses above 30, "
        "sell when it crosses above 70",
        entry="rsi_14 x> 30 & " + window(570, 660),
        exit="rsi_14 x> 70",
        symbol="QQQ",
        interval="5m",
    ),
    case(
        "long spy 5m, only between 10:00 and 15:00, when rsi(7) < 20. exit rsi(7) > 60",
        entry=window(600, 900) + " & rsi_7 < 20",
        exit="rsi_7 > 60",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "eth 30m: long on ema 9/21 cross up, tp 1.5%, sl 0.75%, only 9am-5pm utc",
        entry="ema_9 x> ema_21 & " + window(540, 1020),
        symbol="ETH-USD",
        interval="30m",
        stop_loss_pct=0.75,
        take_profit_pct=1.5,
    ),
    case(
        "buy tsla 15m when macd crosses above signal between 10am and 2pm, sell when "
        "macd crosses below signal",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & " + window(600, 840),
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="TSLA",
        interval="15m",
    ),
    case(
        "short btc 1h when rsi > 70 between 13:00 and 20:00, cover when rsi < 50",
        short_entry="rsi_14 > 70 & " + window(780, 1200),
        short_exit="rsi_14 < 50",
        symbol="BTC-USD",
        interval="1h",
        direction="short",
    ),
    # a coin against the dollar or a stablecoin, typed as one word or with a slash
    case(
        "williams %r under -80 buy, over -20 sell, 1h ethusd",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "buy BTCUSDT 15m when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="BTC-USD",
        interval="15m",
        says="'BTCUSDT' read as BTC-USD",
    ),
    case(
        "sol/usdt 4h: buy when macd crosses above signal, sell when it crosses below",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="SOL-USD",
        interval="4h",
    ),
    case(
        "buy btc/usd when rsi crosses above 30, sell when rsi crosses below 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        symbol="BTC-USD",
    ),
    # a target said as a risk:reward ratio with its name is a multiple of the stop
    case(
        "1:3 risk reward, stop 2%, long ETH-USD on 4h when 20 ema crosses above 50 ema",
        entry="ema_20 x> ema_50",
        symbol="ETH-USD",
        interval="4h",
        stop_loss_pct=2.0,
        take_profit_pct=6.0,
    ),
    case(
        "buy btc 1h when rsi crosses above 30, sl 1.5 atr, rr 1:2",
        entry="rsi_14 x> 30",
        symbol="BTC-USD",
        interval="1h",
        atr_stop_multiple=1.5,
        atr_take_profit_multiple=3.0,
    ),
    case(
        "long spy 15m when 9 ema crosses above 21 ema, stop 0.5%, risk/reward of 1:3",
        entry="ema_9 x> ema_21",
        symbol="SPY",
        interval="15m",
        stop_loss_pct=0.5,
        take_profit_pct=1.5,
    ),
    case(
        "short eth 4h when rsi > 75, sl 3%, reward:risk 2:1",
        short_entry="rsi_14 > 75",
        symbol="ETH-USD",
        interval="4h",
        direction="short",
        stop_loss_pct=3.0,
        take_profit_pct=6.0,
    ),
    case(
        "buy tsla when macd crosses above signal, 1:2 r:r, stop 4%",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        symbol="TSLA",
        stop_loss_pct=4.0,
        take_profit_pct=8.0,
    ),
    # one bar's colour: its close against its own open
    case(
        "buy eth when volume is 2x the 20 bar average and close is green, exit after 3 bars, 1h",
        entry="volume >= volume_sma_20*2 & close > open",
        symbol="ETH-USD",
        interval="1h",
        exit_after_bars=3,
    ),
    case(
        "buy spy 5m when rsi < 30 and the candle is green, sell when rsi > 60",
        entry="rsi_14 < 30 & close > open",
        exit="rsi_14 > 60",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "short btc 15m when rsi > 70 and the candle closes red, cover when rsi < 40",
        short_entry="rsi_14 > 70 & close < open",
        short_exit="rsi_14 < 40",
        symbol="BTC-USD",
        interval="15m",
        direction="short",
    ),
    case(
        "buy qqq when close crosses above vwap on a green candle, exit when close < vwap, 5m",
        entry="close x> vwap & close > open",
        exit="close < vwap",
        symbol="QQQ",
        interval="5m",
    ),
    # "breaks" with its line named without an article
    case(
        "buy when price breaks upper band, sell when it breaks lower band",
        entry="close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.lower",
    ),
    case(
        "buy btc when bb width is at its lowest in 50 bars and price breaks upper band, "
        "exit when price breaks middle band, 4h",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_50 & close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.middle",
        symbol="BTC-USD",
        interval="4h",
    ),
    case(
        "buy eth 1h when price breaks 50 ema, sell when it breaks 20 ema",
        entry="close x> ema_50",
        exit="close x< ema_20",
        symbol="ETH-USD",
        interval="1h",
    ),
    # "on the 5 min": minutes, never a 5-bar minimum
    case(
        "long tsla on the 5 min when price > vwap and rsi > 60, exit when rsi < 40",
        entry="close > vwap & rsi_14 > 60",
        exit="rsi_14 < 40",
        symbol="TSLA",
        interval="5m",
    ),
    case(
        "buy qqq on the 15 min when rsi < 30, sell when rsi > 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="QQQ",
        interval="15m",
    ),
    # "close" opening a clause before the day's end is the exit
    case(
        "buy spy 5m when rsi < 30, close at end of day",
        entry="rsi_14 < 30",
        exit="calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "buy spy 5m when price crosses above vwap between 9:45 and 11:30, close at end of day",
        entry="close x> vwap & " + window(585, 690),
        exit="calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "short tsla 15m when rsi > 80, close at the end of the day",
        short_entry="rsi_14 > 80",
        short_exit="calendar bar_of_day_from_end [1]",
        exit_fill="close",
        symbol="TSLA",
        interval="15m",
        direction="short",
    ),
    # a window open on one side, and one said with "from ... to"
    case(
        "buy spy 5m only after 10am when rsi < 30, sell when rsi > 50",
        entry=window(600, 1440) + " & rsi_14 < 30",
        exit="rsi_14 > 50",
        symbol="SPY",
        interval="5m",
    ),
    case(
        "buy qqq 15m when macd crosses above signal before 11:30, sell after 5 bars",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & " + window(0, 690),
        symbol="QQQ",
        interval="15m",
        exit_after_bars=5,
    ),
    case(
        "buy spy 5m when rsi < 30 from 9:30 to 11:00, sell when rsi > 70",
        entry="rsi_14 < 30 & " + window(570, 660),
        exit="rsi_14 > 70",
        symbol="SPY",
        interval="5m",
    ),
    # a golden cross's lengths said right after it
    case(
        "buy eth 1h on golden cross 20/50 ema, sell on death cross",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "long btc 4h golden cross 50/200, 3 atr trailing stop",
        entry="sma_50 x> sma_200",
        symbol="BTC-USD",
        interval="4h",
        atr_stop_multiple=3.0,
        atr_trailing=True,
    ),
    case(
        "buy btc 4h on golden cross 10/30, sell on death cross 10/30",
        entry="sma_10 x> sma_30",
        exit="sma_10 x< sma_30",
        symbol="BTC-USD",
        interval="4h",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


REPORTED = [  # (text, the words reported back): never read as something else
    # an indicator on other bars than the ticker's: "1h rsi" is no interval of the test
    (
        "long eurusd when 1h rsi > 50 and 4h rsi > 50, exit when 1h rsi < 45",
        "when 1h rsi > 50 and 4h rsi > 50",
    ),
    # a count written apart from its unit may be a rule's window: no interval from it
    ("buy spy 5 min after the open when rsi < 30, sell when rsi > 70", "5 min after the open"),
    # a run of Heikin-Ashi colours is not built: never read as one candle's colour, nor as the
    # bar's own (their colour alone is built since sar18:
    # test_generation_descriptions_stop_and_reverse)
    (
        "heikin ashi green candle after 2 red ones = long tsla, exit on first red HA candle",
        "green candle after 2 red ones",
    ),
]


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=lambda v: str(v)[:50])
def test_what_cannot_be_built_is_reported_not_misread(text: str, words: str):
    u = understand(text)

    assert any(words in w for w in u.not_understood), u.not_understood
    assert u.spec is None or u.spec.interval is None


class RsiCrossInTheMorning(Strategy):
    """Buy EURUSD on 1h bars when RSI(14) crosses above 30 between 8am and 11am, sell when
    RSI(14) crosses above 70: the window is the clock time of the bar the order fills on (the
    next bar's open), so the signal bar is the one before it; 8:00 up to, not including, 11:00."""

    def init(self):
        self.rsi = self.I(talib_free_rsi, self.data.Close.astype(float), 14)
        index = pd.DatetimeIndex(self.data.index)
        minutes = pd.Series(index.hour * 60 + index.minute, dtype=float)
        self.next_minutes = minutes.shift(-1).to_numpy()  # the fill bar's time, known in advance

    def next(self):
        now = len(self.data) - 1
        if not self.position:
            if crossover(self.rsi, 30) and 480 <= self.next_minutes[now] < 660:
                self.buy(size=0.99)
        elif crossover(self.rsi, 70):
            self.position.close()


def test_a_window_of_the_day_trades_like_the_reference():
    assert_trades_like_reference(RsiCrossInTheMorning, "EURUSD")


def test_the_window_is_the_fill_bars_time_and_echoed_as_a_clock():
    u = understand("only trade between 9:30 and 11am: buy qqq 5m when rsi crosses above 30")

    assert "the time is 09:30 to 10:59" in u.rules[0]
    assert any("time of day is the time the bar the order fills on opens" in r for r in u.rules)
    assert u.spec.entry.conditions[1].values[0] == 570
