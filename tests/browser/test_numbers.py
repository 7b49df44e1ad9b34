"""Every number tells the truth, in a real browser: descriptions read afresh, buy and hold the same
in the sentence, the card and the chart, a phone-sized Run page, and nothing fetched from outside.

Same server as ``test_dashboard.py`` (session fixture); these tests make their own runs and never
assume run ids. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import ARTIFACTS, shot, wait_idle
from tests.browser.test_dashboard import charts, generate, open_, open_tab, says

TWO_YEARS_AAPL = (
    "Buy when RSI(14) drops below 30 and sell when it rises above 70 on AAPL over 2 years"
)
VERDICT = re.compile(
    r"this bot ended with \$([\d,]+) \(([+-][\d.]+)%\)\. Buying (\S+) on "
    r"(\d{4}-\d{2}-\d{2}), the first day the bot could trade, and holding would have ended with "
    r"\$([\d,]+) \(([+-][\d.]+)%\)"
)
PHONE = {"width": 390, "height": 844}


def describe(page, description: str) -> None:
    box = page.get_by_label("Describe your strategy")
    box.fill(description)
    box.press("Control+Enter")  # a text area commits on blur or Ctrl+Enter
    wait_idle(page)


@pytest.fixture(scope="module")
def msft_run(server, browser):
    """A run made the way the issue found the bug: a description naming AAPL over 2 years, then
    "golden cross on MSFT" typed over it. Returns its run id."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        open_(page, server, "/")
        describe(page, TWO_YEARS_AAPL)
        says(page, "Period: Last 2 years · from your description").wait_for()
        expect(page.locator(".st-key-nb_period input")).to_have_value("Last 2 years")
        describe(page, "golden cross on MSFT")
        expect(page.locator(".st-key-nb_symbol input")).to_have_value("MSFT")
        expect(page.locator(".st-key-nb_period input")).to_have_value("All available data")
        says(page, "Test on MSFT · from your description").wait_for()
        says(page, "Period: All available data · default").wait_for()
        says(page, "Bar size: Daily · default").wait_for()
        shot(page, "11-new-bot-read-afresh")
        run_id, _ = generate(page, server, description="golden cross on MSFT", symbol="MSFT")
        return run_id
    finally:
        context.close()


def test_each_description_is_read_afresh(server, msft_run):
    execution = server.store().get_execution(msft_run)
    assert execution.status == "succeeded"
    assert execution.symbol == "MSFT"
    assert execution.test_period_days is None  # not "Last 2 years", carried over silently
    assert execution.data_start.year == 2000  # the whole bundled sample
    assert execution.trades > 0  # over the last 2 years it made none


def test_the_sentence_the_card_and_the_chart_agree_on_buy_and_hold(server, page, msft_run):
    open_(page, server, f"/run?run={msft_run}")
    charts(page).first.wait_for(state="visible")
    sentence = (
        page.locator("h5").filter(has_text="the first day the bot could trade").first.inner_text()
    )
    match = VERDICT.search(sentence)
    assert match, sentence
    symbol, start = match[3], match[4]
    held, hold_pct = float(match[5].replace(",", "")), float(match[6])
    execution = server.store().get_execution(msft_run)
    assert symbol == "MSFT"
    assert start == execution.buy_hold_start.strftime("%Y-%m-%d")
    assert start > execution.data_start.strftime("%Y-%m-%d")  # after the indicators' warm-up
    # the chart's own data, as Plotly holds it in the page
    line = page.wait_for_function(  # (until Plotly has drawn the chart's traces)
        """() => {
            const plot = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
            // _fullData: the traces as Plotly drew them (arrays decoded from the figure JSON)
            const trace = plot && (plot._fullData || []).find(t => t.name === "Buy and hold");
            if (!trace) return null;
            const xs = Array.from(trace.x), ys = Array.from(trace.y);
            const first = ys.findIndex(y => y !== null && !Number.isNaN(y));
            return {x0: String(xs[first]), y0: ys[first], y1: ys[ys.length - 1]};
        }"""
    ).json_value()
    assert line["x0"][:10] == start  # the line starts on the day the sentence names
    assert line["y0"] == pytest.approx(execution.cash)
    assert round(line["y1"]) == pytest.approx(held, abs=1)  # ... and ends where it says
    assert (line["y1"] / line["y0"] - 1) * 100 == pytest.approx(hold_pct, abs=0.05)
    # the Return card's comparison is with the same number
    delta = page.locator("[data-testid='stMetricDelta']").first.inner_text()
    expected = execution.return_pct - execution.buy_hold_return_pct
    assert f"{expected:+.1f} pts vs buy & hold" in delta
    assert execution.buy_hold_return_pct == pytest.approx(hold_pct, abs=0.05)
    shot(page, "12-buy-and-hold-agrees")


def test_the_run_page_on_a_phone(server, browser, msft_run):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        open_(page, server, f"/run?run={msft_run}")
        charts(page).first.wait_for(state="visible")
        wait_idle(page)
        page.wait_for_timeout(500)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "13-phone-run-top.png"))
        # the sidebar is closed: it does not cover the page
        sidebar = page.locator("[data-testid='stSidebar']")
        box = sidebar.bounding_box() if sidebar.count() else None
        assert box is None or box["x"] + box["width"] <= 1 or not sidebar.is_visible()
        # the chart comes before the detail (the cards)
        chart_top = charts(page).first.bounding_box()["y"]
        card_top = page.locator("[data-testid='stMetric']").first.bounding_box()["y"]
        assert chart_top < card_top
        # no Plotly toolbar sitting on the titles
        assert page.locator(".modebar-container .modebar-group").count() == 0
        # nothing is wider than the phone: the page does not scroll sideways
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1
        # the trades table fits the screen and scrolls inside itself
        open_tab(page, "Trades")
        table = page.locator("[data-testid='stDataFrame']").first
        table.wait_for()
        table.scroll_into_view_if_needed()
        table_box = table.bounding_box()
        assert table_box["x"] >= 0 and table_box["x"] + table_box["width"] <= PHONE["width"] + 1
        scrolls = table.evaluate(
            "el => [...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 5 && "
            "['auto', 'scroll'].includes(getComputedStyle(e).overflowX))"
        )
        assert scrolls, "the trades table should scroll sideways inside itself"
        page.screenshot(path=str(ARTIFACTS / "14-phone-trades.png"))
    finally:
        context.close()


def test_nothing_leaves_the_machine_and_nothing_is_missing(server, browser, msft_run):
    """Every request of every page, a deep link first: none leaves 127.0.0.1, none is a 404."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    requests, bad = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "response",
        lambda response: response.status >= 400 and bad.append((response.status, response.url)),
    )
    context.on(
        "requestfailed",
        lambda request: (
            "ERR_ABORTED" not in (request.failure or "")
            and bad.append((request.failure, request.url))
        ),
    )
    page = context.new_page()
    try:
        open_(page, server, f"/run?run={msft_run}")  # a deep link, first thing
        charts(page).first.wait_for(state="visible")
        page.wait_for_timeout(1000)
        open_(page, server, "/new")
        page.get_by_role("heading", name="New bot").wait_for()  # /new is a working path
        for path, heading in (
            ("/leaderboard", "Leaderboard"),
            (f"/compare?runs={msft_run}", "Compare runs"),
            ("/strategies", "Strategies"),
            ("/settings", "Settings"),
            ("/run?run=999999", "Run not found"),
            ("/", "New bot"),
        ):
            open_(page, server, path)
            page.get_by_role("heading", name=heading).first.wait_for()
            page.wait_for_timeout(500)
    finally:
        context.close()
    hosts = {urlparse(url).hostname for url in requests if urlparse(url).scheme != "data"}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if "127.0.0.1" not in url)
    assert not bad, bad
    assert len(requests) > 20  # the listener saw the pages' traffic


def test_the_chart_library_is_loaded_while_the_new_bot_page_is_read(server, page):
    """The Run page's first chart needs Plotly (4.5 MB), its cards their own component: the page
    loads both once idle, so a click on "Generate & run" finds them ready."""
    open_(page, server, "/")
    page.get_by_role("heading", name="New bot").wait_for()
    for component in ("PlotlyChart", "Metric"):
        page.wait_for_function(
            "name => performance.getEntriesByType('resource')"
            ".some(entry => entry.name.includes(`/static/js/${name}.`))",
            arg=component,
        )
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # no chart drew it
