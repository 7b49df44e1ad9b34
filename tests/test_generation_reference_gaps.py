"""Trade-for-trade references for a gap traded inside its own day: bought (or shorted) at the
open that makes the gap and closed at that day's close; and for "sell when it falls 10% from the
high", a trailing stop 10% below the highest close since the entry signal.

The reference is what a careful programmer writes from the sentence without backtesting.py: a
plain loop over the bars that finds each gap day (its open against the previous close, nothing
else of that day) and takes the open-to-close move. The compiled bot, run by backtesting.py, must
make exactly those trades: entered at the gap day's open, exited at its close, one per gap day.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy

from engine.execution.executor import BotExecutor
from engine.generation import compile_spec, understand

from .generation.support import bars, trade_list
from .test_generation_rules import backtest, compiled, rsi


def gap_days(frame: pd.DataFrame, pct: float, down: bool) -> list[tuple[int, float, float]]:
    """(bar, open, close) of each day whose open gaps more than ``pct``% beyond the previous
    close. backtesting.py calls a strategy first on the second bar, so an order for an open can
    first be placed there: the loop starts at the third bar."""
    opens, closes = frame["Open"].to_numpy(), frame["Close"].to_numpy()
    out = []
    for t in range(2, len(frame)):
        threshold = closes[t - 1] * (1 - pct / 100 if down else 1 + pct / 100)
        if opens[t] < threshold if down else opens[t] > threshold:
            out.append((t, float(opens[t]), float(closes[t])))
    return out


def same(ours: list[tuple[int, float, float]], reference: list[tuple[int, float, float]]) -> None:
    """The same bars, each filled at the same open and closed at the same close."""
    assert [t for t, _, _ in ours] == [t for t, _, _ in reference]
    assert [p for _, *prices in ours for p in prices] == pytest.approx(
        [p for _, *prices in reference for p in prices]
    )


def bot_trades(stats: pd.Series) -> list[tuple[int, float, float]]:
    trades = stats["_trades"]
    assert (trades["EntryBar"] == trades["ExitBar"]).all()  # every trade inside one day
    return [
        (int(row.EntryBar), float(row.EntryPrice), float(row.ExitPrice))
        for row in trades.itertuples()
    ]


@pytest.mark.parametrize(
    ("text", "symbol", "pct", "down"),
    [
        (
            "buy at the open when it gaps down more than 2%, sell at the close the same day",
            "AAPL",
            2,
            True,
        ),
        ("buy at the open when it gaps down more than 2%, sell at the close", "MSFT", 2, True),
        (
            "buy when it gaps up more than 1% at the open, sell at the close of the same day",
            "IBM",
            1,
            False,
        ),
        (
            "short at the open when it gaps up more than 1.5%, cover at the close the same day",
            "GOOG",
            1.5,
            False,
        ),
    ],
)
def test_a_gap_traded_inside_its_day_matches_a_plain_loop(text, symbol, pct, down):
    spec, bot = compiled(text)
    frame = bars(symbol)

    assert (spec.entry_fill, spec.exit_fill, spec.exit_same_bar) == ("open", "close", True)
    stats = backtest(bot, frame, trade_on_close=True)
    expected = gap_days(frame, pct, down)
    assert len(expected) > 10
    same(bot_trades(stats), expected)
    short = spec.direction == "short"
    assert (stats["_trades"]["Size"] < 0).all() == short
    moves = [(c / o - 1) * (-1 if short else 1) for _, o, c in expected]
    assert stats["_trades"]["ReturnPct"].tolist() == pytest.approx(moves)


def test_consecutive_gap_days_are_each_traded():
    """A trade closed at one day's close does not keep the next gap day's order from being
    placed on that same bar."""
    spec, bot = compiled("buy at the open when it gaps down more than 1%, sell at the close")
    frame = bars("AAPL")
    expected = gap_days(frame, 1, True)
    back_to_back = [
        a for (a, _, _), (b, _, _) in zip(expected, expected[1:], strict=False) if b == a + 1
    ]

    assert back_to_back  # the data has gap days in a row
    same(bot_trades(backtest(bot, frame, trade_on_close=True)), expected)


def test_the_open_is_the_only_price_of_the_gap_day_the_entry_reads():
    """Moving each gap day's high, low and close (the close up 5%, so the day turns from a loss
    to a gain or back) keeps every gap day a trade at the same open: the decision is made at
    the open. (The close is the next day's previous close, so the next days follow the loop.)"""
    spec, bot = compiled(
        "buy at the open when it gaps down more than 2%, sell at the close the same day"
    )
    frame = bars("AAPL").copy()
    before = bot_trades(backtest(bot, frame, trade_on_close=True))
    days = [t for t, _, _ in before]
    for column, factor in (("Close", 1.05), ("High", 1.05), ("Low", 0.9)):
        frame.iloc[days, frame.columns.get_loc(column)] *= factor
    after = bot_trades(backtest(bot, frame, trade_on_close=True))

    assert {t: o for t, o, _ in before}.items() <= {t: o for t, o, _ in after}.items()
    same(after, gap_days(frame, 2, True))


def test_an_indicator_checked_at_the_open_is_the_previous_closes():
    """RSI(2) below 10 at the gap's open: the RSI of the previous close (the latest known)."""
    _, bot = compiled(
        "buy at the open when it gaps down more than 1% and RSI(2) is below 10, sell at the close"
    )
    frame = bars("AAPL")
    oversold = rsi(frame["Close"].to_numpy(), 2) < 10
    expected = [g for g in gap_days(frame, 1, True) if oversold[g[0] - 1]]

    assert len(expected) > 3
    same(bot_trades(backtest(bot, frame, trade_on_close=True)), expected)


def test_a_gap_bought_at_its_open_and_held_two_more_days():
    """Sold at the close 2 days after the gap day; gap days while holding are not bought."""
    _, bot = compiled(
        "buy at the open when it gaps down more than 2%, sell at the close 2 days later"
    )
    frame = bars("MSFT")
    expected, free_from = [], 0
    for t, open_, _ in gap_days(frame, 2, True):
        if t >= free_from:
            expected.append((t, open_, float(frame["Close"].iloc[t + 2])))
            free_from = t + 3  # the order for t + 3's open is placed on the exit bar t + 2
    trades = backtest(bot, frame, trade_on_close=True)["_trades"]
    ours = [(int(r.EntryBar), float(r.EntryPrice), float(r.ExitPrice)) for r in trades.itertuples()]

    assert (trades["ExitBar"] - trades["EntryBar"] == 2).all()
    same(ours, expected)


def test_the_echo_states_both_fills():
    u = understand("buy at the open when it gaps down more than 2%, sell at the close the same day")

    assert "Exit at the close of the entry bar" in " ".join(u.rules)
    fills = next(r for r in u.rules if r.startswith("Fills:"))
    assert "entries fill at the open of the bar their rule reads" in fills
    assert "exits at the signal bar's close" in fills


def test_a_gap_day_bot_runs_in_the_sandbox_with_the_same_trades(tmp_path):
    spec, bot_class = compiled("short at the open when it gaps up more than 1%, cover at the close")
    bot = tmp_path / "gap.py"
    bot.write_text(compile_spec(spec))
    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="MSFT")

    assert result.status == "succeeded", result.error
    assert result.trades == len(gap_days(bars("MSFT"), 1, False))
    reference = backtest(bot_class, bars("MSFT"), trade_on_close=True)
    assert result.return_pct == pytest.approx(reference["Return [%]"])


def test_a_gap_bought_at_its_open_and_sold_at_the_next_open():
    """Every gap day is bought at its open and sold at the next day's open, where the next gap
    day's trade (if any) is bought."""
    _, bot = compiled("buy at the open when it gaps down more than 2%, sell at the next day's open")
    frame = bars("AAPL")
    opens = frame["Open"].to_numpy()
    expected = [(t, o, float(opens[t + 1])) for t, o, _ in gap_days(frame, 2, True)]
    trades = backtest(bot, frame)["_trades"]
    ours = [(int(r.EntryBar), float(r.EntryPrice), float(r.ExitPrice)) for r in trades.itertuples()]

    assert (trades["ExitBar"] - trades["EntryBar"] == 1).all()
    same(ours, expected)


class FallFromTheHigh(Strategy):
    """buy when RSI(2) < 10, sell when it falls 10% from the high: a stop 10% below the
    highest close since the signal bar (the bar the order is placed on), raised as it rises."""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 2)
        self.peak = None

    def next(self):
        close = self.data.Close[-1]
        if self.position:
            self.peak = max(self.peak, close)
            self.trades[-1].sl = self.peak * 0.9
        elif self.rsi[-1] < 10:
            self.peak = close
            self.buy(size=0.99, sl=close * 0.9)


@pytest.mark.parametrize(
    "text",
    [
        "buy when RSI(2) < 10, sell when it falls 10% from the high",
        "buy when RSI(2) is below 10 and sell if price drops 10% off its peak",
        "buy when RSI(2) < 10, exit when it falls 10% from the highest close since entry",
    ],
)
def test_a_fall_from_the_high_is_a_trailing_stop_like_the_reference(text):
    spec, bot = compiled(text)

    assert (spec.trailing_stop_pct, spec.stop_loss_pct) == (10.0, None)
    ours = backtest(bot, bars("AAPL"))
    reference = backtest(FallFromTheHigh, bars("AAPL"))
    assert trade_list(ours) == trade_list(reference)
    assert len(trade_list(ours)) > 3
    assert ours["Return [%]"] == pytest.approx(reference["Return [%]"])
