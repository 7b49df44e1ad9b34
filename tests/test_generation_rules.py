"""Rule kinds beyond indicator signals: dates, gaps, fills, sizing, pyramiding, scaling out,
another timeframe and another symbol.

Each reference strategy is what a careful programmer writes from the sentence with backtesting.py,
written here without Botlab's code: dates from the data's index, weekly bars with pandas'
``resample("W-FRI")``, sizes as whole shares. The compiled bot must make the same trades (entry
bar, exit bar, size) as the reference; the second-symbol bot also runs through the real executor
and its sandboxed child.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from backtesting import Backtest, Strategy

from engine.execution import other_symbols
from engine.execution.executor import BotExecutor
from engine.generation import compile_spec, understand
from engine.generation import spec as S

from .generation.rules_support import rule_shape as shape
from .generation.support import bars, held, load_strategy, trade_list

# -- helpers ---------------------------------------------------------------------------------------


def compiled(text: str) -> tuple[S.StrategySpec, type]:
    u = understand(text)
    assert u.spec is not None, u.refusal
    assert u.complete, u.not_understood
    return u.spec, load_strategy(compile_spec(u.spec), u.spec.name)


def backtest(strategy: type, frame: pd.DataFrame, trade_on_close: bool = False) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = Backtest(
            frame, strategy, cash=100_000, finalize_trades=True, trade_on_close=trade_on_close
        )
        return bt.run()


def with_other(symbol: str, other: str) -> pd.DataFrame:
    """The traded symbol's bars plus the other's as <OTHER>_Close ... columns (the harness's
    alignment: forward-filled onto the traded symbol's bars)."""
    frame = bars(symbol).copy()
    aligned, _ = other_symbols.align(bars(other), frame.index, other)
    for column in aligned.columns:
        frame[f"{other}_{column}"] = aligned[column].to_numpy()
    return frame


def rsi(close, n):
    change = pd.Series(close).diff()
    up = change.clip(lower=0).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    down = (-change.clip(upper=0)).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    return (100 - 100 / (1 + up / down)).to_numpy()


def sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


def next_dates(index) -> pd.Series:
    """Each bar's next bar date (NaT after the last): where a next-open order fills."""
    return pd.Series(pd.DatetimeIndex(index)).shift(-1)


def same_trades(ours: pd.Series, reference: pd.Series) -> None:
    assert trade_list(ours) == trade_list(reference)
    assert len(trade_list(ours)) > 3
    assert ours["Return [%]"] == pytest.approx(reference["Return [%]"])


# -- calendar rules --------------------------------------------------------------------------------


class MondayOpenFridayClose(Strategy):
    """buy Monday's open, sell Friday's close: the backtest fills at the close
    (trade_on_close=True); the entry is a buy limit that cannot bind, which fills at the next
    bar's open, placed on the bar before a Monday."""

    def init(self):
        self.next_day = next_dates(self.data.index)

    def next(self):
        today = self.data.index[-1]
        tomorrow = self.next_day.iloc[len(self.data) - 1]
        if self.position and today.weekday() == 4:
            self.position.close()
        elif not self.position and pd.notna(tomorrow) and tomorrow.weekday() == 0:
            self.buy(size=0.99, limit=1e300)


def test_weekday_open_and_close_fills_trade_like_the_reference():
    spec, bot = compiled("buy Monday's open, sell Friday's close")

    assert shape(spec.entry) == "calendar weekday [0]"
    assert shape(spec.exit) == "calendar weekday [4]"
    assert (spec.entry_fill, spec.exit_fill) == ("next_open", "close")
    ours = backtest(bot, bars("AAPL"), trade_on_close=True)
    same_trades(ours, backtest(MondayOpenFridayClose, bars("AAPL"), trade_on_close=True))
    trades = ours["_trades"]
    assert set(trades["EntryTime"].dt.weekday) == {0}
    assert set(trades["ExitTime"].iloc[:-1].dt.weekday) == {4}  # the last: the data's end


def test_the_echo_and_the_code_say_how_orders_fill():
    spec, _ = compiled("buy Monday's open, sell Friday's close")
    rules = understand("buy Monday's open, sell Friday's close").rules
    source = compile_spec(spec)

    assert "Buy when the day is a Monday" in rules
    assert "Sell when the day is a Friday" in rules
    fills = next(r for r in rules if r.startswith("Fills:"))
    assert "entries fill at the next bar's open, exits at the signal bar's close" in fills
    assert "trade_on_close=True" in fills
    assert "TRADE_ON_CLOSE = True" in source
    assert "limit=OPEN_FILL_BUY" in source


class FridayCloseMondayOpen(Strategy):
    """go long on Friday's close, exit at Monday's open: the entry fills at Friday's close
    (trade_on_close=True) and the exit order goes in on the same bar, for Monday's open."""

    def init(self):
        self.next_day = next_dates(self.data.index)

    def next(self):
        price = self.data.Close[-1]
        tomorrow = self.next_day.iloc[len(self.data) - 1]
        monday_next = pd.notna(tomorrow) and tomorrow.weekday() == 0
        if self.position and monday_next:
            self.sell(size=self.position.size, limit=1e-300)
        elif not self.position and self.data.index[-1].weekday() == 4:
            shares = int(self.equity * 0.99 // price)
            self.buy(size=shares)
            if monday_next:
                self.sell(size=shares, limit=1e-300)


def test_an_overnight_weekend_hold_trades_like_the_reference():
    spec, bot = compiled("go long on Friday's close, exit at Monday's open")

    assert (spec.entry_fill, spec.exit_fill) == ("close", "next_open")
    ours = backtest(bot, bars("IBM"), trade_on_close=True)
    same_trades(ours, backtest(FridayCloseMondayOpen, bars("IBM"), trade_on_close=True))
    trades = ours["_trades"].iloc[:-1]
    assert set(trades["EntryTime"].dt.weekday) == {4}
    assert set(trades["ExitTime"].dt.weekday) == {0}
    frame = bars("IBM")
    first = ours["_trades"].iloc[0]
    assert first["EntryPrice"] == pytest.approx(frame["Close"].iloc[first["EntryBar"]])
    assert first["ExitPrice"] == pytest.approx(frame["Open"].iloc[first["ExitBar"]])


class TurnOfMonth(Strategy):
    """buy on the last trading day of the month, sell on the third trading day of the next:
    orders fill at the next bar's open, so they are placed the bar before those days."""

    def init(self):
        dates = pd.DatetimeIndex(self.data.index)
        months = pd.Series(dates.year * 12 + dates.month)
        self.day = (months.groupby(months).cumcount() + 1).shift(-1).to_numpy()
        self.left = (months.groupby(months).cumcount(ascending=False) + 1).shift(-1).to_numpy()

    def next(self):
        i = len(self.data) - 1
        if self.position and self.day[i] == 3:
            self.position.close()
        elif not self.position and self.left[i] == 1:
            self.buy(size=0.99)


def test_turn_of_the_month_trades_like_the_reference():
    spec, bot = compiled(
        "buy on the last trading day of the month, sell on the third trading day of the next"
    )

    assert shape(spec.entry) == "calendar trading_day_from_end [1]"
    assert shape(spec.exit) == "calendar trading_day [3]"
    ours = backtest(bot, bars("MSFT"))
    same_trades(ours, backtest(TurnOfMonth, bars("MSFT")))
    first = ours["_trades"].iloc[0]
    entry, exit_ = first["EntryTime"], first["ExitTime"]
    assert entry.month != (entry + pd.offsets.BDay(1)).month or entry.is_month_end
    assert exit_.day <= 7 and exit_.month != entry.month


class SellInMay(Strategy):
    """invested November through April: orders placed the bar before the month changes."""

    def init(self):
        self.next_day = next_dates(self.data.index)

    def next(self):
        month = self.next_day.iloc[len(self.data) - 1]
        if pd.isna(month):
            return
        winter = month.month in (11, 12, 1, 2, 3, 4)
        if self.position and not winter:
            self.position.close()
        elif not self.position and winter:
            self.buy(size=0.99)


@pytest.mark.parametrize("text", ["sell in May and go away", "invested November through April"])
def test_months_of_the_year_trade_like_the_reference(text):
    spec, bot = compiled(text)

    assert shape(spec.entry) == "calendar month [1, 2, 3, 4, 11, 12]"
    assert shape(spec.exit) == "calendar month [5, 6, 7, 8, 9, 10]"
    same_trades(backtest(bot, bars("IBM")), backtest(SellInMay, bars("IBM")))
    assert "Buy when the month is November through April" in understand(text).rules


class GapDown(Strategy):
    """buy when it gaps down more than 2%, sell after 3 days."""

    def init(self):
        pass

    def next(self):
        if self.position and held(self) >= 3:
            self.position.close()
        elif not self.position and self.data.Open[-1] < 0.98 * self.data.Close[-2]:
            self.buy(size=0.99)


def test_a_gap_down_trades_like_the_reference():
    spec, bot = compiled("buy when it gaps down more than 2%, sell after 3 days")

    assert shape(spec.entry) == "open < close[-1]*0.98"
    assert spec.exit_after_bars == 3
    same_trades(backtest(bot, bars("AAPL")), backtest(GapDown, bars("AAPL")))
    assert understand("buy when it gaps down more than 2%, sell after 3 days").rules[0] == (
        "Buy when the open gaps down more than 2% (below the previous close x 0.98)"
    )


class GapUpAtClose(Strategy):
    """buy a gap up of 1% at the close, exit at the close 2 days later (trade_on_close)."""

    def init(self):
        pass

    def next(self):
        if self.position and len(self.data) - 1 - self.trades[-1].entry_bar >= 2:
            self.position.close()
        elif not self.position and self.data.Open[-1] >= 1.01 * self.data.Close[-2]:
            self.buy(size=0.99)


def test_a_gap_up_bought_at_the_same_days_close_trades_like_the_reference():
    spec, bot = compiled("buy a gap up of 1% at the close, exit at the close 2 days later")

    assert shape(spec.entry) == "open >= close[-1]*1.01"
    assert (spec.entry_fill, spec.exit_fill, spec.exit_after_bars) == ("close", "close", 2)
    ours = backtest(bot, bars("MSFT"), trade_on_close=True)
    same_trades(ours, backtest(GapUpAtClose, bars("MSFT"), trade_on_close=True))
    trades = ours["_trades"]
    assert (trades["ExitBar"] - trades["EntryBar"]).eq(2).all()
    frame = bars("MSFT")
    first = trades.iloc[0]
    assert first["EntryPrice"] == pytest.approx(frame["Close"].iloc[first["EntryBar"]])


class RsiAtClose(Strategy):
    """short when RSI(2) is above 90 at the close, cover when RSI(2) is below 50."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] < 50:
            self.position.close()
        elif not self.position and self.rsi[-1] > 90:
            self.sell(size=0.99)


def test_a_short_rule_filled_at_the_close_trades_like_the_reference():
    spec, bot = compiled(
        "short when RSI(2) is above 90 at the close, cover when RSI(2) is below 50"
    )

    assert spec.direction == "short" and spec.trade_on_close
    same_trades(
        backtest(bot, bars("IBM"), trade_on_close=True),
        backtest(RsiAtClose, bars("IBM"), trade_on_close=True),
    )


# -- another timeframe -----------------------------------------------------------------------------


def weekly_sma_on_daily(close: pd.Series, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The weekly close and its n-week SMA, each known from the week's last bar on."""
    weekly = close.resample("W-FRI", label="right").last().dropna()
    average = weekly.rolling(n).mean()
    union = close.index.union(weekly.index)
    on_days = [s.reindex(union).ffill().reindex(close.index).to_numpy() for s in (weekly, average)]
    return on_days[0], on_days[1]


class WeeklyTrendDailyRsi(Strategy):
    """weekly trend up (close above the 10-week MA), daily RSI(2) below 10: buy; sell when
    RSI(2) is above 70."""

    def init(self):
        weekly, average = weekly_sma_on_daily(self.data.Close.s, 10)
        self.weekly = self.I(lambda: weekly)
        self.average = self.I(lambda: average)
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.weekly[-1] > self.average[-1] and self.rsi[-1] < 10:
            self.buy(size=0.99)


TEXT_WEEKLY = (
    "weekly trend up (close above the 10-week MA), daily RSI below 30: buy; "
    "sell when RSI(14) is above 70"
)


def test_the_weekly_trend_example_reads_as_weekly_bars():
    spec, _ = compiled(TEXT_WEEKLY)

    assert shape(spec.entry) == "close@W > w_sma_10 & rsi_14 < 30"
    assert "resample_apply(" in compile_spec(spec)
    assert understand(TEXT_WEEKLY).rules[0] == (
        "Buy when the weekly close is above the weekly SMA(10) and RSI(14) is below 30"
    )


def test_a_weekly_trend_filter_trades_like_the_reference():
    spec, bot = compiled(
        "weekly trend up (close above the 10-week MA), daily RSI(2) below 10: buy; "
        "sell when RSI(2) is above 70"
    )

    assert shape(spec.entry) == "close@W > w_sma_10 & rsi_2 < 10"
    same_trades(backtest(bot, bars("AAPL")), backtest(WeeklyTrendDailyRsi, bars("AAPL")))


def test_a_weekly_value_is_only_visible_after_its_week_closed():
    spec, bot = compiled(TEXT_WEEKLY)
    frame = bars("AAPL").loc["2010-01-01":"2010-12-31"]
    full = backtest(bot, frame)["_strategy"]
    # cut the data on a Wednesday: nothing of that week's Thursday or Friday may change what
    # the bot saw on the bars it had
    cut = frame.index.get_loc(pd.Timestamp("2010-06-16"))
    part = backtest(bot, frame.iloc[: cut + 1])["_strategy"]
    full_weekly, part_weekly = np.asarray(full.weekly_close), np.asarray(part.weekly_close)
    np.testing.assert_array_equal(full_weekly[: cut + 1], part_weekly)
    # on Wednesday 2010-06-16 the weekly close is the close of Friday 2010-06-11
    assert part_weekly[cut] == frame["Close"].loc["2010-06-11"]
    friday = frame.index.get_loc(pd.Timestamp("2010-06-18"))
    assert full_weekly[friday] == frame["Close"].loc["2010-06-18"]


# -- sizing and position management ----------------------------------------------------------------


class SmaCrossRisk(Strategy):
    """buy when the close crosses above the 50-day SMA, risk 1% of equity per trade with a 5%
    stop loss, sell when it crosses below."""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)

    def next(self):
        close = self.data.Close
        above = close[-2] < self.sma[-2] and close[-1] > self.sma[-1]
        below = close[-2] > self.sma[-2] and close[-1] < self.sma[-1]
        if self.position and below:
            self.position.close()
        elif not self.position and above:
            price = close[-1]
            stop = price * 0.95
            shares = int(self.equity * 0.01 // (price - stop))
            shares = min(shares, int(self.equity * 0.99 // price))
            if shares:
                self.buy(size=shares, sl=stop)


def test_risk_based_sizing_trades_like_the_reference():
    text = (
        "buy when the close crosses above the 50-day SMA, risk 1% of equity per trade with a "
        "5% stop loss, sell when it crosses below"
    )
    spec, bot = compiled(text)

    assert (spec.risk_pct, spec.stop_loss_pct) == (1, 5)
    ours = backtest(bot, bars("MSFT"))
    same_trades(ours, backtest(SmaCrossRisk, bars("MSFT")))
    assert ours["_trades"]["Size"].iloc[0] < 0.5 * 100_000 / bars("MSFT")["Close"].iloc[60]
    assert "risk 1% of equity per trade" in " ".join(understand(text).rules)


class RsiCashOrShares(Strategy):
    """buy when RSI(14) < 30 with $5,000 (or 100 shares) per trade, sell when RSI > 70."""

    cash_per_trade = 5000
    shares = 0

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30:
            size = self.shares or int(self.cash_per_trade // self.data.Close[-1])
            self.buy(size=size)


@pytest.mark.parametrize(
    ("text", "field", "value", "params"),
    [
        ("buy when RSI(14) < 30 with $5,000 per trade, sell when RSI > 70", "size_cash", 5000, {}),
        (
            "buy 100 shares when RSI(14) < 30, sell when RSI > 70",
            "size_shares",
            100,
            {"shares": 100},
        ),
    ],
)
def test_cash_and_share_sizes_trade_like_the_reference(text, field, value, params):
    spec, bot = compiled(text)

    assert getattr(spec, field) == value
    ours = backtest(bot, bars("IBM"))
    reference = backtest(RsiCashOrShares, bars("IBM"), **{})
    if params:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = Backtest(
                bars("IBM"), RsiCashOrShares, cash=100_000, finalize_trades=True
            ).run(**params)
    same_trades(ours, reference)


class DonchianPyramid(Strategy):
    """buy on a new 20-day high, add a unit on each new 20-day high, at most 3 units, sell when
    the close is below the 10-day low."""

    def init(self):
        high, low = pd.Series(self.data.High), pd.Series(self.data.Low)
        self.high = self.I(lambda: high.shift(1).rolling(20).max().to_numpy())
        self.low = self.I(lambda: low.shift(1).rolling(10).min().to_numpy())

    def next(self):
        new_high = self.data.Close[-1] > self.high[-1]
        if self.position and self.data.Close[-1] < self.low[-1]:
            self.position.close()
        elif not self.position and new_high:
            self.buy(size=0.33)
        elif self.position and new_high and len(self.trades) < 3:
            self.buy(size=abs(self.trades[0].size))


def test_pyramiding_trades_like_the_reference():
    text = (
        "buy on a new 20-day high, add a unit on each new 20-day high, at most 3 units, "
        "sell when the close is below the 10-day low"
    )
    spec, bot = compiled(text)

    assert (spec.max_units, spec.size_fraction) == (3, 0.33)
    ours = backtest(bot, bars("AAPL"))
    same_trades(ours, backtest(DonchianPyramid, bars("AAPL")))
    trades = ours["_trades"]
    assert trades.groupby("ExitBar").size().max() == 3  # three units closed together


class RsiScaleOut(Strategy):
    """buy when RSI(14) < 30, sell half at +10%, the rest when RSI > 70."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.sold_half = False

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif (
            self.position
            and not self.sold_half
            and self.data.Close[-1] >= self.trades[0].entry_price * 1.10
        ):
            self.position.close(0.5)
            self.sold_half = True
        elif not self.position and self.rsi[-1] < 30:
            self.sold_half = False
            self.buy(size=0.99)


def test_scaling_out_trades_like_the_reference():
    spec, bot = compiled("buy when RSI(14) < 30, sell half at +10%, the rest when RSI > 70")

    assert (spec.scale_out_pct, spec.scale_out_fraction) == (10, 0.5)
    assert shape(spec.exit) == "rsi_14 > 70"
    ours = backtest(bot, bars("AAPL"))
    same_trades(ours, backtest(RsiScaleOut, bars("AAPL")))
    assert ours["_trades"]["EntryBar"].duplicated().any()  # a half closed before the rest


# -- another symbol --------------------------------------------------------------------------------


class RsiWithMarketFilter(Strategy):
    """buy AAPL when RSI(14) is below 30 only when MSFT is above its 50-day SMA, sell when RSI
    is above 70 (MSFT stands in for a market index: it is bundled)."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)
        self.market = self.I(sma, self.data.MSFT_Close, 50)

    def next(self):
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 30 and self.data.MSFT_Close[-1] > self.market[-1]:
            self.buy(size=0.99)


FILTER_TEXT = (
    "buy AAPL when RSI(14) is below 30 only when MSFT is above its 50-day SMA, sell when RSI "
    "is above 70"
)


def test_a_market_filter_on_another_symbol_trades_like_the_reference():
    spec, bot = compiled(FILTER_TEXT)

    assert spec.symbol == "AAPL" and spec.other_symbols() == ["MSFT"]
    assert shape(spec.entry) == "rsi_14 < 30 & close@MSFT > msft_sma_50"
    frame = with_other("AAPL", "MSFT")
    ours = backtest(bot, frame)
    same_trades(ours, backtest(RsiWithMarketFilter, frame))
    unfiltered = backtest(
        compiled("buy when RSI(14) is below 30, sell when RSI is above 70")[1], frame
    )
    assert len(ours["_trades"]) < len(unfiltered["_trades"])


class Outperforms(Strategy):
    """buy when AAPL outperforms IBM over 20 days, sell when it underperforms IBM over 20 days."""

    def init(self):
        own = pd.Series(self.data.Close)
        other = pd.Series(self.data.IBM_Close)
        self.own = self.I(lambda: (100 * (own / own.shift(20) - 1)).to_numpy())
        self.other = self.I(lambda: (100 * (other / other.shift(20) - 1)).to_numpy())

    def next(self):
        if self.position and self.own[-1] < self.other[-1]:
            self.position.close()
        elif not self.position and self.own[-1] > self.other[-1]:
            self.buy(size=0.99)


def test_relative_strength_against_a_benchmark_trades_like_the_reference():
    text = "buy when AAPL outperforms IBM over 20 days, sell when it underperforms IBM over 20 days"
    spec, bot = compiled(text)

    assert shape(spec.entry) == "roc_20 > ibm_roc_20"
    frame = with_other("AAPL", "IBM")
    same_trades(backtest(bot, frame), backtest(Outperforms, frame))


def test_alignment_repeats_the_last_bar_and_never_looks_ahead():
    index = pd.DatetimeIndex(["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"])
    other = pd.DataFrame(
        {c: [1.0, 3.0, 4.0] for c in ("Open", "High", "Low", "Close", "Volume")},
        index=pd.DatetimeIndex(["2020-01-01", "2020-01-03", "2020-01-08"]),
    )
    aligned, note = other_symbols.align(other, index, "XYZ")

    # 01-02 has no XYZ bar: the 01-01 one; 01-06 and 01-07: still 01-03's (01-08 is later)
    assert aligned["Close"].tolist() == [1.0, 3.0, 3.0, 3.0]
    assert note == ""


def test_the_executor_loads_the_filter_symbol_in_the_sandbox(tmp_path):
    spec, _ = compiled(FILTER_TEXT)
    bot = tmp_path / "filtered.py"
    bot.write_text(compile_spec(spec))
    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="AAPL")

    assert result.status == "succeeded", result.error
    assert result.data["other_symbols"] == {"MSFT": "sample:quandl-wiki"}
    reference = backtest(RsiWithMarketFilter, with_other("AAPL", "MSFT"))
    assert [(t["entry_bar"], t["exit_bar"], t["size"]) for t in result.trade_list] == trade_list(
        reference
    )


def test_a_missing_filter_symbol_fails_with_a_specific_message(tmp_path):
    spec, _ = compiled(
        "buy when RSI(14) is below 30 only when QQQ is above its 50-day SMA, sell when RSI > 70"
    )
    bot = tmp_path / "qqq_filter.py"
    bot.write_text(compile_spec(spec))
    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="AAPL")

    assert result.status == "failed"
    assert result.error_type == "data_unavailable"
    assert result.error == (
        "no data for QQQ offline: bundled samples are AAPL, MSFT, IBM, GOOG; pass a file or go "
        "online"
    )


def test_a_file_can_stand_in_for_the_filter_symbol(tmp_path):
    spec, _ = compiled(
        "buy when RSI(14) is below 30 only when QQQ is above its 50-day SMA, sell when RSI > 70"
    )
    bot = tmp_path / "qqq_filter.py"
    bot.write_text(compile_spec(spec))
    qqq = tmp_path / "qqq.csv"
    bars("MSFT").to_csv(qqq, index_label="Date")
    result = BotExecutor(verbose=False).execute_bot(
        bot, test_symbol="AAPL", other_data={"QQQ": qqq}
    )

    assert result.status == "succeeded", result.error
    assert result.trades > 0
    assert result.data["other_symbols"]["QQQ"].startswith("file:")


def test_a_bot_filling_at_the_close_runs_with_trade_on_close_in_the_sandbox(tmp_path):
    spec, bot_class = compiled("buy a gap up of 1% at the close, exit at the close 2 days later")
    bot = tmp_path / "gap.py"
    bot.write_text(compile_spec(spec))
    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="MSFT")

    assert result.status == "succeeded", result.error
    reference = backtest(bot_class, bars("MSFT"), trade_on_close=True)
    assert result.trades == len(reference["_trades"])
    assert result.return_pct == pytest.approx(reference["Return [%]"])


# -- reading ---------------------------------------------------------------------------------------


def test_old_specs_without_the_new_fields_still_load():
    old = {
        "spec_version": 1,
        "name": "RsiReversion",
        "indicators": [{"id": "rsi_14", "kind": "rsi", "params": {"period": 14}}],
        "entry": {
            "type": "compare",
            "a": {"type": "indicator", "id": "rsi_14"},
            "op": "<",
            "b": {"type": "number", "value": 30},
        },
        "exit": {
            "type": "compare",
            "a": {"type": "indicator", "id": "rsi_14"},
            "op": ">",
            "b": {"type": "number", "value": 70},
        },
    }
    spec = S.StrategySpec.model_validate(old)

    assert (spec.entry_fill, spec.exit_fill, spec.trade_on_close) == (
        "next_open",
        "next_open",
        False,
    )
    assert spec.other_symbols() == [] and spec.add_on is None
    assert "TRADE_ON_CLOSE" not in compile_spec(spec)


def test_risk_sizing_without_a_stop_is_reported_not_guessed():
    u = understand("buy when RSI(14) < 35, sell when RSI > 70, risk 2% per trade")

    assert u.not_understood == ["risk 2% per trade"]
    assert u.spec.risk_pct is None


def test_a_symbol_that_is_not_an_index_is_the_traded_one():
    spec = understand("buy when AAPL closes above its 50-day SMA, sell when it closes below").spec

    assert spec.symbol == "AAPL" and spec.other_symbols() == []


def test_an_index_fund_that_every_rule_reads_is_the_traded_one():
    alone = understand("buy when QQQ crosses above its 20-day EMA, sell when it crosses below")
    filtered = understand("buy when RSI(2) < 10 and QQQ is above its 50-day SMA, sell after 5 days")

    assert alone.spec.symbol == "QQQ" and alone.spec.other_symbols() == []
    assert filtered.spec.symbol is None and filtered.spec.other_symbols() == ["QQQ"]


def test_the_one_symbol_named_is_traded_when_the_other_rules_are_of_it():
    back = understand(
        "buy when SPY is 5% below its 50 day MA, sell when it gets back to the moving average"
    )
    vix = understand("buy when the VIX is above 30, sell when RSI(2) > 70")
    market = understand("Filter: QQQ above its 50 day sma. Buy when close > 20 day high")

    assert back.spec.symbol == "SPY" and back.spec.other_symbols() == []
    assert back.rules[:2] == [
        "Buy when the close is below SMA(50) - 5%",
        "Sell when the close is at or above SMA(50)",  # "the moving average" said before
    ]
    assert vix.spec.symbol is None and vix.spec.other_symbols() == ["^VIX"]  # never traded
    assert market.spec.symbol is None and market.spec.other_symbols() == ["QQQ"]


@pytest.mark.parametrize(
    ("text", "symbol", "low"),
    [
        (
            "The Double 7s: when SPY is above its 200-day moving average and closes at a 7-day "
            "low, buy. Sell when it closes at a 7-day high.",
            "SPY",
            7,
        ),
        (
            "when QQQ is above its 100-day SMA and closes at a 5-day low, buy; sell when it "
            "closes at a 5-day high",
            "QQQ",
            5,
        ),
    ],
)
def test_a_condition_that_leaves_its_subject_out_has_the_one_before_it(text, symbol, low):
    u = understand(text)

    assert u.complete and u.spec.symbol == symbol and u.spec.other_symbols() == []
    assert u.rules[0] == (
        f"Buy when the close is above SMA({200 if low == 7 else 100}) and the close is at or "
        f"below the lowest close of the previous {low} bars"
    )


def test_the_cli_takes_the_filter_symbol_from_a_file(tmp_path):
    spec, _ = compiled(
        "buy when RSI(14) is below 30 only when QQQ is above its 50-day SMA, sell when RSI > 70"
    )
    bot = tmp_path / "qqq_filter.py"
    bot.write_text(compile_spec(spec))
    qqq = tmp_path / "qqq.csv"
    bars("MSFT").to_csv(qqq, index_label="Date")
    argv = [sys.executable, "-m", "engine", "run", str(bot), "--symbol", "AAPL", "--json"]

    offline = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    with_file = subprocess.run(
        [*argv, "--other-data", f"QQQ={qqq}"], capture_output=True, text=True, timeout=120
    )

    assert json.loads(offline.stdout)["error"].startswith("no data for QQQ offline")
    run = json.loads(with_file.stdout)
    assert run["status"] == "succeeded", run["error"]
    assert run["data"]["other_symbols"] == {"QQQ": f"file:{qqq}"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "buy at month end, sell on the fifth trading day of the month",
            "Buy when the day is the last trading day of the month",
        ),
        (
            "buy on the second-to-last trading day of the month at the close, sell on the 2nd "
            "trading day of the next month at the close",
            "Buy when the day is the 2nd-to-last trading day of the month",
        ),
        ("buy on Mondays and Tuesdays, sell on Fridays", "Buy when the day is a Monday or Tuesday"),
        (
            "buy SPY when RSI(2) is below 10 except on Mondays, sell when RSI(2) is above 70",
            "Buy when RSI(2) is below 10 and the day is not a Monday",
        ),
        (
            "buy when rsi(2) < 10 but not on mondays or fridays, sell when rsi(2) > 70",
            "Buy when RSI(2) is below 10 and the day is not a Monday or Friday",
        ),
        ("buy in November, sell in May", "Sell when the month is May"),
        ("stay invested between October and April", "Buy when the month is October through April"),
        (
            "buy when it gaps up more than 1.5%, sell after 2 days",
            "Buy when the open gaps up more than 1.5% (above the previous close x 1.015)",
        ),
        (
            "buy when RSI(2) is below 10 at the close, sell when RSI(2) is above 70 at the close",
            "Fills: orders fill at the signal bar's close (backtesting.py's trade_on_close=True: "
            "a market order fills at the close of the bar that placed it)",
        ),
        (
            "buy when RSI(14) < 30, sell when RSI > 70, risk 0.5% per trade with a 4% stop",
            "Position size: risk 0.5% of equity per trade: shares = equity x 0.5% / (entry - "
            "stop), entry = the signal bar's close, whole shares, at most 99% of equity",
        ),
        (
            "buy 100 shares when RSI(14) < 30, sell when RSI > 70",
            "Position size: 100 shares per trade",
        ),
        (
            "buy when RSI(14) < 30 with $5,000 per trade, sell when RSI > 70",
            "Position size: $5,000 per trade, in whole shares at the signal bar's close",
        ),
        (
            "buy on a 55-day breakout, pyramid on each new 20-day high up to 4 units, exit on a "
            "20-day low",
            "Add a unit (as many shares as the first entry) when the close is above the highest "
            "high of the previous 20 bars, at most 4 units in all",
        ),
        (
            "short when RSI(14) > 70, cover half at 10% profit, cover the rest when RSI(14) < 30",
            "Scale out: close 50% of the position once the close is 10% below the entry price "
            "(once per trade); the rest closes on the exit rule",
        ),
        (
            "buy when the weekly RSI(14) is above 50 and the daily RSI(2) is below 10, sell when "
            "RSI(2) is above 80",
            "Buy when the weekly RSI(14) is above 50 and RSI(2) is below 10",
        ),
        (
            "buy when RSI(2) < 10, sell when RSI(2) > 70, only buy when SPY is above its 200-day "
            "moving average",
            "Buy when RSI(2) is below 10 and SPY's close is above SPY's SMA(200)",
        ),
        (
            "buy when AAPL outperforms SPY over 20 days, sell after 10 days",
            "Buy when the 20-bar rate of change (ROC(20), %) is above SPY's 20-bar rate of change "
            "(ROC(20), %)",
        ),
        (
            "buy AAPL when QQQ is above its 50-day SMA, sell when QQQ is below its 50-day SMA",
            "Also reads QQQ: loaded from the same source as the traded symbol and aligned on its "
            "bars (a missing bar repeats the last known one; nothing from a later bar is used)",
        ),
    ],
)
def test_the_echo_states_each_rule_kind(text, line):
    u = understand(text)

    assert u.complete, u.not_understood
    assert line in u.rules


def _calendar_field():
    from engine.generation._indicator_code import FUNCTIONS

    namespace = {"pd": pd, "np": np}
    exec(FUNCTIONS["calendar_field"][0], namespace)
    return namespace["calendar_field"]


def test_trading_days_count_dates_not_bars_and_skip_partial_months():
    calendar_field = _calendar_field()
    hourly = pd.DatetimeIndex([f"2020-06-0{d} {h}:00" for d in (1, 2, 3) for h in (10, 11)])
    partial = pd.bdate_range("2020-03-16", "2020-05-14")

    assert calendar_field(hourly, "trading_day", 0).tolist() == [1, 1, 2, 2, 3, 3]
    # the next bar's day: where an order placed on this bar fills at the open
    assert calendar_field(hourly, "trading_day", 1)[:-1].tolist() == [1, 2, 2, 3, 3]
    # March starts mid-month and May ends mid-month: no count from the missing side
    assert np.isnan(calendar_field(partial, "trading_day", 0)[:12]).all()
    assert calendar_field(partial, "trading_day", 0)[12] == 1  # 2020-04-01
    assert np.isnan(calendar_field(partial, "trading_day_from_end", 0)[-10:]).all()
    assert calendar_field(partial, "trading_day_from_end", 0)[11] == 1  # 2020-03-31


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"risk_pct": 1.0}, "risk_pct sizes a trade from its stop distance"),
        ({"size_cash": 5000.0, "size_shares": 10}, "give one way to size a trade"),
        ({"max_units": 3}, "pyramiding needs both add_on and max_units"),
        ({"entry": {"type": "calendar", "unit": "month", "values": [13]}}, "month values"),
        ({"indicators": [{"id": "x", "kind": "sma", "symbol": "spy"}]}, "must be a ticker"),
    ],
)
def test_the_spec_rejects_inconsistent_rules_with_a_specific_message(fields, message):
    base = {
        "name": "Bot",
        "entry": {"type": "calendar", "unit": "weekday", "values": [0]},
        "exit": {"type": "calendar", "unit": "weekday", "values": [4]},
    }
    with pytest.raises(ValueError, match=message):
        S.StrategySpec.model_validate({**base, **fields})
