"""The Sweep page in a real browser: a finished sweep's heatmap, its verdict, and a click on a
cell that opens that setting's run. Its own server and home (the sweep's runs would otherwise
join the other browser tests' leaderboard)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Server, shot, wait_idle
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def sweep_server(tmp_path_factory, server):  # `server` first: it checks the browser is there
    home = tmp_path_factory.mktemp("sweep-browser") / "home"
    home.mkdir()
    running = Server(home).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def finished_sweep(sweep_server):
    from engine.config import load_settings
    from engine.sweeps.runner import SweepRequest, SweepRunner

    runner = SweepRunner(settings=load_settings({"BOTLAB_HOME": str(sweep_server.home)}))
    request = SweepRequest(
        str(EXAMPLES / "sma_cross.py"),
        params=["fast=5:15:5", "slow=20:40:10"],
        constraints=["fast < slow"],
        symbols=["GOOG"],
    )
    sweep = runner.start(request)
    assert sweep.status == "succeeded"
    return sweep.id, runner.store


def test_a_heatmap_cell_opens_its_run(sweep_server, finished_sweep, page):
    from playwright.sync_api import expect

    sweep_id, store = finished_sweep
    page.goto(f"{sweep_server.url}/sweep?sweep={sweep_id}")  # the fresh server's first request
    wait_idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.locator(".main-svg").first.wait_for()
    expect(chart.get_by_text("stable region").first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^(Robust so far|Mixed evidence|Likely overfit|Too little)"))
    ).to_be_visible()
    shot(page, "sweep-heatmap")
    page.wait_for_timeout(1500)  # the screenshot resized the window: let Plotly lay out again

    wait_idle(page)
    page.wait_for_function(  # drawn, with the clickable markers on
        """() => {
            const gd = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
            return gd && gd._fullLayout && gd.data.some(t => t.name === "open run");
        }"""
    )
    # the pixel centre of the cell fast=10, slow=30, from Plotly's own axes
    x, y = page.evaluate(
        """() => {
            const gd = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            const column = xa._categoriesMap["30"], row = ya._categoriesMap["10"];
            return [box.left + xa._offset + xa.l2p(column), box.top + ya._offset + ya.l2p(row)];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/run\?run=\d+"), timeout=30_000)
    run_id = int(re.search(r"run=(\d+)", page.url).group(1))
    (cell,) = [r for r in store.sweep_results(sweep_id) if r.params == {"fast": 10, "slow": 30}]
    assert run_id == cell.execution_id
