"""Sweep (``/sweep``): a strategy's settings read in the sandbox, a sweep started and followed,
then its heatmap, verdict and links to the runs. The sweep runs for real (sandboxed slices)."""

from __future__ import annotations

import plotly.io

from tests.app_support import APP_FIXTURES, no_exception, open_page, plotly_specs, store, texts
from ui import sweep

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES

SWEEP = "pages/sweep_page.py"


def test_proposed_ranges_run_from_half_to_twice_the_default():
    assert sweep.proposed_range(10) == (5, 20, 2)
    assert sweep.proposed_range(30) == (15, 60, 5)
    assert sweep.proposed_range(1) == (1, 2, 1)
    assert sweep.proposed_range(2.0) == (1.0, 4.0, 0.33)
    assert sweep.proposed_range(0.0) == (0.0, 1.0, 0.1)


def test_a_sweep_is_started_followed_and_read(filled_home):
    at = open_page(SWEEP)
    no_exception(at)
    at.selectbox(key="sw_strategy").set_value("sma_cross").run()
    no_exception(at)
    version = store().strategy_versions("sma_cross")[-1].id
    # the settings come from inside the sandbox, with their defaults proposed around them
    assert at.multiselect(key=f"sw_chosen_{version}").value == ["fast", "slow"]
    assert at.number_input(key=f"sw_{version}_fast_from").value == 5
    for name, (start, stop, step) in {"fast": (5, 15, 5), "slow": (20, 40, 10)}.items():
        at.number_input(key=f"sw_{version}_{name}_from").set_value(start)
        at.number_input(key=f"sw_{version}_{name}_to").set_value(stop)
        at.number_input(key=f"sw_{version}_{name}_step").set_value(step)
    at.text_input(key="sw_constraint").set_value("fast < slow")
    at.selectbox(key="sw_symbol").set_value("GOOG")
    at.run()
    assert "9 combinations before the rule above" in texts(at)

    at.button(key="sw_start").click().run()
    no_exception(at)
    sweep_id = int(
        at.query_params["sweep"][0]
        if isinstance(at.query_params["sweep"], list)
        else at.query_params["sweep"]
    )
    sweep.service().wait(sweep_id, timeout=240)

    at = open_page(SWEEP, sweep=sweep_id)
    no_exception(at)
    shown = texts(at)
    assert f"Sweep {sweep_id}: sma_cross on GOOG, best by Sharpe ratio" in shown
    record = store().get_sweep(sweep_id)
    assert record.status == "succeeded"
    # the verdict, in words, with the numbers one click away
    boxes = [b.value for kind in ("success", "warning", "error", "info") for b in getattr(at, kind)]
    assert any(
        b.startswith(("Robust so far", "Mixed evidence", "Likely overfit", "Too little"))
        for b in boxes
    ), boxes
    (heatmap,) = plotly_specs(at)
    figure = plotly.io.from_json(heatmap)  # decodes the arrays Plotly sends as typed arrays
    traces = {trace.name or trace.type: trace for trace in figure.data}
    assert list(traces["heatmap"].y) == ["5", "10", "15"]
    assert list(traces["heatmap"].x) == ["20", "30", "40"]
    results = store().sweep_results(sweep_id)
    assert sorted(traces["open run"].customdata) == sorted(r.execution_id for r in results)
    assert len(traces["best"].x) == 1
    table = at.dataframe[0].value
    assert len(table) == 9 and list(table.columns[:2]) == ["fast", "slow"]
    # the best five go to Compare
    at.button(key="sw_compare").click().run()
    assert at.query_params["runs"] and len(str(at.query_params["runs"]).split(",")) == 5
