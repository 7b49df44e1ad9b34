"""Chart builders, from a real run's results (no Streamlit involved)."""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Backtest

from engine import charts
from engine.data import load_ohlcv
from engine.execution.harness import equity_lists, serialise_stats

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def goog_run():
    frame = load_ohlcv("GOOG").frame
    namespace: dict = {}
    exec((EXAMPLES / "sma_cross.py").read_text(), namespace)
    stats = Backtest(frame, namespace["SmaCross"], cash=100_000, finalize_trades=True).run()
    result = serialise_stats(stats, frame)
    return frame, {**result, "equity": equity_lists(result["equity_array"])}


def test_equity_figure_plots_the_curve_and_buy_and_hold(goog_run):
    frame, result = goog_run
    fig = charts.equity_figure(result["equity"])  # buy and hold: the run's own line

    names = [trace.name for trace in fig.data]
    assert names == ["Buy and hold", "This bot"]
    bot = fig.data[1]
    assert len(bot.y) == len(frame)
    assert bot.y[-1] == pytest.approx(result["stats"]["Equity Final [$]"])
    # bought at the close of the first bar the bot could trade (SMA(30)'s: the 30th bar)
    hold = fig.data[0]
    assert pd.Timestamp(hold.x[0]) == frame.index[29]
    assert hold.y[0] == pytest.approx(100_000)
    assert hold.y[-1] == pytest.approx(100_000 * frame.Close.iloc[-1] / frame.Close.iloc[29])
    assert (hold.y[-1] / 100_000 - 1) * 100 == pytest.approx(
        result["stats"]["Buy & Hold Return [%]"], abs=1e-4
    )


def test_drawdown_figure_is_never_above_zero(goog_run):
    _, result = goog_run
    fig = charts.drawdown_figure(result["equity"])
    values = pd.Series(fig.data[0].y)
    assert (values <= 0).all()
    assert values.min() == pytest.approx(result["stats"]["Max. Drawdown [%]"], abs=1e-4)


def test_price_figure_marks_every_entry_and_exit(goog_run):
    frame, result = goog_run
    fig = charts.price_figure(frame, result["trades"])

    price, entries, exits = fig.data
    assert len(entries.x) == len(exits.x) == len(result["trades"])
    assert entries.y[0] == pytest.approx(result["trades"][0]["entry_price"])
    assert pd.Timestamp(entries.x[0]) == pd.Timestamp(result["trades"][0]["entry_time"])
    assert "Closed at" in exits.text[0]


def test_compare_rebases_every_run_to_100(goog_run):
    _, result = goog_run
    doubled = dict(result["equity"], equity=[2 * v for v in result["equity"]["equity"]])
    fig = charts.compare_figure([("A", result["equity"]), ("B", doubled)])

    assert [trace.name for trace in fig.data] == ["A", "B"]
    assert fig.data[0].y[0] == fig.data[1].y[0] == pytest.approx(100)
    assert list(fig.data[0].y) == pytest.approx(list(fig.data[1].y))


def test_curves_from_the_store_use_datetimes():
    times = pd.date_range("2020-01-01", periods=3, tz="UTC").to_pydatetime().tolist()
    curve = {"time": times, "equity": [1.0, 2.0, 3.0], "drawdown_pct": [0.0, 0.0, 0.0]}
    series = charts.curve_series(curve)
    assert list(series.index) == list(pd.date_range("2020-01-01", periods=3))
    assert charts.rebased(curve).iloc[-1] == pytest.approx(300)
