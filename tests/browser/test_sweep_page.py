"""The Sweep page in a real browser: a running sweep's heatmap filling in as results arrive; a
finished sweep's heatmap, its verdict, and a click on a cell that opens that setting's run. Its
own server and home (the sweep's runs would otherwise join the other browser tests'
leaderboard)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.browser.conftest import serving, shot, wait_idle
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def sweep_server(tmp_path_factory, server):  # `server` first: it checks the browser is there
    with serving(tmp_path_factory, "sweep-browser") as running:
        yield running


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


def _open(page, url: str) -> None:
    page.goto(url)  # may be the fresh server's first request: no reload, no notice to dismiss
    wait_idle(page)


def test_a_heatmap_cell_opens_its_run(sweep_server, finished_sweep, page):
    from playwright.sync_api import expect

    sweep_id, store = finished_sweep
    _open(page, f"{sweep_server.url}/sweep?sweep={sweep_id}")
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


def test_a_running_sweeps_heatmap_fills_in_as_results_arrive(sweep_server, page):
    from playwright.sync_api import expect

    from engine.config import load_settings
    from engine.store import Store
    from tests.sweep_support import running_sweep

    store = Store.open(load_settings({"BOTLAB_HOME": str(sweep_server.home)}))
    sweep_id, last = running_sweep(store)
    _open(page, f"{sweep_server.url}/sweep?sweep={sweep_id}")
    titles = page.locator("[data-testid='stPlotlyChart'] .gtitle")
    expect(titles.first).to_have_text(
        "Sharpe ratio for each setting: 3 of 4 tried so far", timeout=30_000
    )
    expect(page.get_by_text("3 of 4 settings tried")).to_be_visible()

    store.record_sweep_results(sweep_id, last)  # the last result: drawn without a reload
    expect(titles.first).to_have_text(
        "Sharpe ratio for each setting: 4 of 4 tried so far", timeout=30_000
    )
    store.update_sweep(sweep_id, status="succeeded", finished_at=datetime.now(UTC))
    expect(titles.first).to_have_text("Sharpe ratio for each setting", timeout=30_000)
    expect(page.get_by_text("This sweep was not judged for luck")).to_be_visible(timeout=30_000)
    store.close()
