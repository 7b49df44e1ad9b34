"""The whole dashboard in a real browser: describe → run → chart → leaderboard → compare → share.

One fresh server for the module (see ``conftest.py``). The tests run in order and build on each
other's runs, the way a person would use the app; each keeps screenshots in
``test-artifacts/browser/``.
"""

from __future__ import annotations

import contextlib
import json
import re
import time

from tests.browser.conftest import ARTIFACTS, shot, wait_idle

GOLDEN_RULE = "Buy when SMA(50) crosses above SMA(200)"
RSI_DESCRIPTION = "Buy when RSI(14) drops below 30 and sell when it rises above 70 on AAPL"
NAV_PAGES = {"New bot", "Run", "Leaderboard", "Compare", "Sweep", "Strategies", "Settings"}


def open_(page, server, path: str) -> None:
    page.goto(server.url + path)
    wait_idle(page)


def charts(page):
    return page.locator("[data-testid='stPlotlyChart'] .main-svg")


def open_tab(page, name: str) -> None:
    """Choose the Run page's tab ``name`` (drawn when chosen) and wait for it to be drawn. A
    click landing while a script run is still under way can be undone by that run's answer (it
    names the tab it drew): click again until the tab stays chosen."""
    tab = page.get_by_role("tab", name=name, exact=True)
    for _ in range(3):
        wait_idle(page)
        tab.click()
        wait_idle(page)
        if tab.get_attribute("aria-selected") == "true":
            return
    raise AssertionError(f"the tab {name!r} did not open")


def says(page, text: str):
    """Where the page says ``text`` in words (markdown, alerts, captions), not in code."""
    words = "[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']"
    return page.locator(words).get_by_text(text).first


def in_chart(page, text: str):
    return page.locator("[data-testid='stPlotlyChart']").get_by_text(text).first


def nav_labels(page) -> set[str]:
    links = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    return {text.strip().splitlines()[-1] for text in links}  # (the icon's name comes first)


def cell(page, column: int, row: int, table: int = 0) -> str:
    grid = page.locator("[data-testid='stDataFrame']").nth(table)
    return grid.locator(f"[data-testid='glide-cell-{column}-{row}']").text_content() or ""


def use_example(page, name: str) -> None:
    """Click an example button until the description holds it (a click that lands while the
    page is still connecting is lost)."""
    box = page.get_by_label("Describe your strategy")
    for _ in range(3):
        wait_idle(page)
        page.get_by_role("button", name=name, exact=True).click()
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "el => el.value.length > 0", arg=box.element_handle(), timeout=5_000
            )
            wait_idle(page)
            return
    raise AssertionError(f"the example {name!r} did not fill the description")


def generate(
    page,
    server,
    *,
    example: str | None = None,
    description: str | None = None,
    symbol: str | None = None,
    status_shot: str | None = None,
):
    """From the New bot page to a finished run's page; returns (run id, seconds to the chart).

    ``symbol``: the one the description names; wait until the Symbol field shows it (a click on
    "Generate & run" sent before that rerun reaches the browser would send the old symbol back).
    """
    open_(page, server, "/")
    if example:
        use_example(page, example)
    else:
        box = page.get_by_label("Describe your strategy")
        box.fill(description)
        box.press("Control+Enter")  # a text area commits on blur or Ctrl+Enter
    page.get_by_role("heading", name="What Botlab understood").wait_for()
    if symbol:
        from playwright.sync_api import expect

        expect(page.locator(".st-key-nb_symbol input")).to_have_value(symbol)
    wait_idle(page)
    started = time.perf_counter()
    page.get_by_role("button", name="Generate & run").click()
    if status_shot:  # the live status, on the page where the run will appear
        page.wait_for_url(re.compile(r"/run\?(job|run)=\d+"), timeout=30_000)
        with contextlib.suppress(Exception):  # (a quick run may be done already)
            says(page, "Generating and running your bot").wait_for(timeout=10_000)
        page.screenshot(path=str(ARTIFACTS / f"{status_shot}.png"))
    page.wait_for_url(re.compile(r"/run\?run=\d+"), timeout=90_000)
    charts(page).first.wait_for(state="visible", timeout=60_000)
    seconds = time.perf_counter() - started
    run_id = int(re.search(r"run=(\d+)", page.url).group(1))
    return run_id, seconds


def test_a_deep_link_is_the_first_request_on_a_fresh_server(server, page):
    from playwright.sync_api import expect

    open_(page, server, "/leaderboard?lb_sort=Trades&lb_symbol=GOOG")
    page.get_by_role("heading", name="Leaderboard").wait_for()
    assert nav_labels(page) == NAV_PAGES  # the router ran: not the legacy pages/ list
    says(page, "No runs match").wait_for()
    # the sort and the filter came from the link
    expect(page.locator(".st-key-lb_sort input")).to_have_value("Trades")
    expect(page.locator(".st-key-lb_symbol input")).to_have_value("GOOG")
    shot(page, "01-leaderboard-empty-deep-link")


def test_describe_run_and_see_the_chart(server, page):
    open_(page, server, "/")
    use_example(page, "Golden cross")
    says(page, GOLDEN_RULE).wait_for()
    says(page, "The offline compiler understood all of it").wait_for()
    shot(page, "02-new-bot-understood")
    run_id, seconds = generate(page, server, example="Golden cross", status_shot="02b-live-status")
    print(f"click to equity curve: {seconds:.2f} s (worker started cold)")
    page.get_by_role("heading", name="SMA(50/200) golden cross (version 1)").wait_for()
    page.locator("[data-testid='stMetricLabel']").first.wait_for()  # (drawn after the chart)
    for label in ("Return", "Sharpe ratio", "Max drawdown", "Win rate", "Profit factor"):
        # the cards come in one rerun after the first label seen (CI once counted in between)
        page.locator("[data-testid='stMetricLabel']", has_text=label).first.wait_for()
        assert page.locator("[data-testid='stMetricLabel']", has_text=label).count() >= 1
    assert "pts vs buy & hold" in page.locator("[data-testid='stMetricDelta']").first.inner_text()
    in_chart(page, "Buy and hold").wait_for()
    shot(page, "03-run-page")
    open_tab(page, "Charts")  # the first view draws the equity curve alone
    in_chart(page, "Entry").wait_for()
    assert charts(page).count() >= 3  # drawdown, price (with its entries), months
    assert page.locator("text=Traceback").count() == 0
    shot(page, "03b-run-page-charts")
    assert server.store().get_execution(run_id).status == "succeeded"


def test_a_second_bot_and_the_leaderboard(server, page):
    run_id, seconds = generate(page, server, description=RSI_DESCRIPTION, symbol="AAPL")
    print(f"click to equity curve: {seconds:.2f} s (warm worker; bench.dashboard measures it)")
    assert server.store().get_execution(run_id).symbol == "AAPL"  # as the description says
    page.get_by_role("heading", name=re.compile(r"RSI\(14\) 30\/70 reversion")).wait_for()
    open_(page, server, "/leaderboard")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    strategies = {cell(page, 2, 0), cell(page, 2, 1)}
    assert strategies == {"SMA(50/200) golden cross v1", "RSI(14) 30/70 reversion v1"}
    says(page, "2 runs match").wait_for()
    shot(page, "04-leaderboard")


def test_compare_two_runs_from_the_leaderboard(server, page):
    open_(page, server, "/leaderboard")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    box = grid.locator("canvas").first.bounding_box()
    for row in (0, 1):  # tick the row markers on the left of each row
        page.mouse.click(box["x"] + 18, box["y"] + 35 * (row + 1) + 17)
        wait_idle(page)
    button = page.get_by_role("button", name="Compare selected (2)")
    button.wait_for()
    button.click()
    page.get_by_role("heading", name="Compare runs").wait_for()
    page.wait_for_url(re.compile(r"/compare\?runs=\d+(,|%2C)\d+"))
    charts(page).nth(1).wait_for(state="visible")
    in_chart(page, "Growth of 100").wait_for()
    says(page, "These runs traded different symbols").wait_for()
    shot(page, "05-compare")


def test_a_shared_link_works_in_a_fresh_browser(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(f"{server.url}/run?run=1")
        charts(fresh).first.wait_for(state="visible", timeout=30_000)
        fresh.get_by_role("heading", name="SMA(50/200) golden cross (version 1)").wait_for()
        shot(fresh, "06-shared-link-fresh-browser")
    finally:
        context.close()


def test_the_downloads(server, page, tmp_path):
    open_(page, server, "/run?run=1")
    charts(page).first.wait_for(state="visible")
    files = {}
    for label in ("Results (JSON)", "Trades (CSV)", "Report (HTML)"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files[label] = path
    assert json.loads(files["Results (JSON)"].read_text())["execution_id"] == 1
    assert files["Trades (CSV)"].read_text().startswith("#,Direction,Entry time")
    report = files["Report (HTML)"].read_text()
    assert report.startswith("<!DOCTYPE html>")
    assert "Botlab run 1: SMA(50/200) golden cross" in report
    assert "<script src=" not in report  # self-contained: plotly.js is inside


def test_an_upload_that_is_not_prices_is_refused_next_to_the_field(server, page, tmp_path):
    jobs_before = len(server.store().list_jobs(limit=1000))
    notes = tmp_path / "shopping.csv"
    notes.write_text("item,qty\napples,3\npears,4\n")
    from playwright.sync_api import expect

    open_(page, server, "/")
    use_example(page, "Buy the dip")
    expect(page.get_by_label("Describe your strategy")).to_have_value(re.compile("RSI"))
    page.get_by_text("Upload a CSV file").click()
    wait_idle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(notes))
    wait_idle(page)
    page.get_by_role("button", name="Generate & run").click()
    wait_idle(page)
    error = page.locator("[data-testid='stAlertContentError']", has_text="shopping.csv")
    error.wait_for()
    assert "no date column" in error.inner_text()
    assert page.locator("[data-testid='stAlertContentError']").count() == 1  # only that field
    assert len(server.store().list_jobs(limit=1000)) == jobs_before  # nothing stored
    assert not (server.home / "uploads").exists() or not list((server.home / "uploads").iterdir())
    shot(page, "07-bad-upload")


def test_a_failed_run_reads_in_plain_words(server, page):
    store = server.store()
    strategy = store.save_strategy(
        "broken_bot",
        "from backtesting import Strategy\n\n\nclass Broken(Strategy):\n    def init(self):\n"
        "        pass\n\n    def next(self):\n        raise ValueError('the bot gave up')\n",
        source="edited",
    )
    from engine import jobs

    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
    open_(page, server, f"/run?run={job.execution_id}")
    says(page, "The bot crashed while trading").wait_for(timeout=60_000)
    says(page, "ValueError: the bot gave up").wait_for()
    assert page.locator("[data-testid='stAlertContentError']", has_text="Traceback").count() == 0
    shot(page, "08-failed-run")


def test_every_other_page_renders(server, page):
    for path, heading in (("/strategies", "Strategies"), ("/settings", "Settings")):
        open_(page, server, path)
        page.get_by_role("heading", name=heading).wait_for()
        assert page.locator("[data-testid='stException']").count() == 0
        shot(page, f"09-{heading.lower()}")
    for tab in ("Gemini", "Sandbox", "Storage and worker", "Success rates"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(300)
        assert page.locator("[data-testid='stException']").count() == 0
        shot(page, f"10-settings-{tab.split()[0].lower()}")
