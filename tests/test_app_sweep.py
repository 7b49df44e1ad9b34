"""Sweep (``/sweep``): a strategy's settings read in the sandbox, a sweep started and followed,
then its heatmap, verdict and links to the runs. The sweep runs for real (sandboxed slices)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import numpy as np
import plotly.io

from engine.store import Store
from tests.app_support import APP_FIXTURES, no_exception, open_page, plotly_specs, store, texts
from tests.sweep_support import running_sweep
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


def _heatmap(at):
    (spec,) = plotly_specs(at)
    figure = plotly.io.from_json(spec)
    (heatmap,) = [trace for trace in figure.data if trace.type == "heatmap"]
    z = heatmap.z
    if isinstance(z, dict):  # a typed array, as Plotly sends NumPy arrays
        shape = [int(n) for n in str(z["shape"]).split(",")]
        z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)
    cells = np.asarray(z, dtype=float).round(6).tolist()
    return figure.layout.title.text, [[None if v != v else v for v in row] for row in cells]


def test_a_sweeps_view_is_built_once_per_state_of_the_sweep(filled_home, monkeypatch):
    """The page reads a sweep's results and draws its figure once per state (status, results
    stored): a poll that finds nothing new reads nothing, a new result is drawn at once."""
    records = store()
    sweep_id, last = running_sweep(records)
    reads = []
    real = Store.sweep_results

    def counted(self, sweep_id):
        reads.append(sweep_id)
        return real(self, sweep_id)

    monkeypatch.setattr(Store, "sweep_results", counted)

    at = open_page(SWEEP, sweep=sweep_id)
    no_exception(at)
    title, z = _heatmap(at)  # running: the results so far, drawn as they come
    assert title == "Sharpe ratio for each setting: 3 of 4 tried so far"
    assert z == [[0.3, 0.2], [0.8, None]]
    assert reads == [sweep_id]
    at.run()  # a poll that finds nothing new
    no_exception(at)
    assert reads == [sweep_id] and _heatmap(at)[1] == z

    records.record_sweep_results(sweep_id, last)
    at.run()
    assert _heatmap(at) == (
        "Sharpe ratio for each setting: 4 of 4 tried so far",
        [[0.3, 0.2], [0.8, 0.7]],
    )
    assert len(reads) == 2

    records.update_sweep(sweep_id, status="succeeded", finished_at=datetime.now(UTC))
    at.run()
    no_exception(at)
    assert _heatmap(at)[0] == "Sharpe ratio for each setting"
    assert len(at.dataframe[0].value) == 4
    built = len(reads)
    at.run()  # a rerun of the finished page (a click, say) reads nothing again
    assert len(reads) == built


def test_more_than_two_parameters_are_drawn_as_parallel_coordinates(filled_home):
    """A finished 2 x 2 x 2 sweep (made in the store: the page is under test): no heatmap, but
    one parallel-coordinates line per setting, an axis per parameter and one for the score."""
    import os
    import socket

    from engine.sweeps.grid import combination_key
    from tests.conftest import EXAMPLES

    records = store()
    strategy = records.save_strategy("three_bot", (EXAMPLES / "sma_cross.py").read_text())
    values = {"fast": [5, 10], "slow": [20, 30], "size": [0.5, 0.9]}
    record = records.create_sweep(
        strategy_id=strategy.id,
        objective="sharpe",
        combinations=8,
        definition={
            "params": [f"{name}={','.join(map(str, v))}" for name, v in values.items()],
            "grid": [{"name": n, "values": v, "text": ""} for n, v in values.items()],
            "symbols": ["GOOG"],
        },
        runner_host=socket.gethostname(),
        runner_pid=os.getpid(),
    )
    settings = [
        {"fast": f, "slow": s, "size": z} for f in (5, 10) for s in (20, 30) for z in (0.5, 0.9)
    ]
    records.record_sweep_results(
        record.id,
        [
            {
                "sweep_key": combination_key("GOOG", p),
                "params": p,
                "symbol": "GOOG",
                "status": "succeeded",
                "sharpe_ratio": p["fast"] / 10 - p["slow"] / 100 + p["size"],
                "trades": 40,
            }
            for p in settings
        ],
    )
    records.update_sweep(record.id, status="succeeded", finished_at=datetime.now(UTC))

    at = open_page(SWEEP, sweep=record.id)
    no_exception(at)
    (spec,) = plotly_specs(at)
    (lines,) = plotly.io.from_json(spec).data
    assert lines.type == "parcoords"
    axes = {d.label: list(d.values) for d in lines.dimensions}
    assert list(axes) == ["fast", "slow", "size", "Sharpe ratio"]
    shown = sorted(zip(axes["fast"], axes["slow"], axes["size"], axes["Sharpe ratio"], strict=True))
    expected = sorted(
        (p["fast"], p["slow"], p["size"], p["fast"] / 10 - p["slow"] / 100 + p["size"])
        for p in settings
    )
    assert shown == [tuple(map(float, row)) for row in expected]
    table = at.dataframe[0].value
    assert len(table) == 8 and list(table.columns[:3]) == ["fast", "slow", "size"]


def test_a_refused_sweep_is_said_on_the_page_in_its_own_words(filled_home):
    """The grid's refusal reaches the page as a fact (the input at fault), which the page says
    with its own boxes: no flag, no API field."""
    at = open_page(SWEEP)
    at.selectbox(key="sw_strategy").set_value("sma_cross").run()
    at.text_input(key="sw_constraint").set_value("fast <")
    at.selectbox(key="sw_symbol").set_value("GOOG")
    at.run()
    at.button(key="sw_start").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    said = """The rule under "Only where" 'fast <' is not an expression"""
    assert any(e.startswith(said) for e in errors), errors
    assert not any("--" in e or "constraints" in e for e in errors)
    assert store().list_sweeps() == []
