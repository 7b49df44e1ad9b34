"""Compare (``?runs=...``): curves rebased to 100, metrics side by side, differences noted."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.app_support import (
    AAPL_RUN,
    APP_FIXTURES,
    COMPARE,
    FAILED_RUN,
    GOOG_RUN,
    no_exception,
    open_page,
    plotly_specs,
    store,
    texts,
)
from ui import compare

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def test_two_runs_on_one_chart_and_side_by_side(filled_home):
    at = open_page(COMPARE, runs=f"{GOOG_RUN},{AAPL_RUN}")
    no_exception(at)
    assert at.multiselect(key="cmp_runs").value == [GOOG_RUN, AAPL_RUN]
    equity, drawdown = plotly_specs(at)
    assert "Growth of 100 invested" in equity
    assert f"#{GOOG_RUN} sma_cross" in equity and f"#{AAPL_RUN} rsi_reversion" in equity
    assert "Drops from the previous peak" in drawdown
    table = at.dataframe[0].value  # a Styler: the shown values
    frame = table.data if hasattr(table, "data") else table
    assert list(frame.index)[:3] == ["Return", "Buy & hold return", "Yearly growth (CAGR)"]
    goog = store().get_execution(GOOG_RUN)  # buy and hold bought on its first tradable day
    assert frame.loc["Buy & hold return"].iloc[0] == f"{goog.buy_hold_return_pct:+.2f}%"
    assert len(frame.columns) == 2
    notes = [i.value for i in at.info]
    assert any("different symbols (GOOG, AAPL)" in n for n in notes)
    assert any("different periods" in n for n in notes)


def test_the_best_of_each_row_is_highlighted(filled_home):
    s = store()
    records = [s.get_execution(GOOG_RUN), s.get_execution(AAPL_RUN)]
    shown, css = compare.metrics_frames(records)
    best = records.index(max(records, key=lambda r: r.return_pct))
    assert css.loc["Return"].tolist()[best] == compare.BEST_STYLE
    assert css.loc["Return"].tolist()[1 - best] == ""
    worst_drop = records.index(min(records, key=lambda r: r.max_drawdown_pct))
    assert css.loc["Max drawdown"].tolist()[worst_drop] == ""  # the bigger drop is not best
    assert set(css.loc["Trades"]) == {""}  # not ranked
    assert shown.loc["Return"].tolist()[best].endswith("%")
    assert "background-color" in compare.metrics_table(records).to_html()


def test_fewer_than_two_runs_asks_for_more(filled_home):
    at = open_page(COMPARE, runs=str(GOOG_RUN))
    no_exception(at)
    assert "Pick at least two runs" in texts(at)
    assert not plotly_specs(at)


def test_unknown_and_failed_runs_are_named(filled_home):
    at = open_page(COMPARE, runs=f"{GOOG_RUN},{FAILED_RUN},999")
    no_exception(at)
    warnings = [w.value for w in at.warning]
    assert any("run #999" in w for w in warnings)
    assert any(f"Run #{FAILED_RUN} did not succeed" in w for w in warnings)


def test_choosing_runs_updates_the_link(filled_home):
    at = open_page(COMPARE)
    at.multiselect(key="cmp_runs").set_value([AAPL_RUN, GOOG_RUN]).run()
    no_exception(at)
    assert at.query_params["runs"] == f"{AAPL_RUN},{GOOG_RUN}"
    assert len(plotly_specs(at)) == 2


def test_best_index():
    assert compare.best_index([1.0, 3.0, 2.0]) == 1
    assert compare.best_index([-30.0, -10.0]) == 1  # drawdown: the smaller drop
    assert compare.best_index([None, 2.0]) is None  # nothing to rank against
    assert compare.best_index([2.0, 2.0]) is None
    assert compare.best_index([float("nan"), 1.0, 0.5]) == 1


def test_differences_name_what_is_not_alike(filled_home):
    s = store()
    goog = s.get_execution(GOOG_RUN)
    assert compare.differences([goog, goog]) == []
    notes = compare.differences([goog, s.get_execution(AAPL_RUN)])
    assert len(notes) == 2  # symbol and period; same costs and bar size
    cheap = goog._replace(commission=0.001, id=99)
    [note] = compare.differences([goog, cheap])
    assert "costs or starting cash differ" in note and "0.1% commission" in note
    later = goog._replace(data_start=datetime(2010, 1, 1, tzinfo=UTC))
    assert "different periods" in compare.differences([goog, later])[0]
