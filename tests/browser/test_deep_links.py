"""A deep link opened as a fresh server's very first request shows its page, with no "Page not
found" notice, for every page of the dashboard.

Streamlit routes a process's first request before ``app.py``'s router has ever run, so each link
here gets a server of its own (started side by side, sharing one empty home).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import Server, wait_idle

#: Each page's address, as a person would paste it, and the heading its page opens with.
DEEP_LINKS = {
    "/": "New bot",
    "/new": "New bot",
    "/run?run=1": "Run not found",  # (an empty home: the page itself says so)
    "/leaderboard?lb_sort=Trades": "Leaderboard",
    "/compare?runs=1,2": "Compare runs",
    "/sweep?sweep=1": "Sweep",
    "/strategies": "Strategies",
    "/settings": "Settings",
}


@pytest.fixture(scope="module")
def fresh_servers(tmp_path_factory, server):  # `server` first: it checks the browser is there
    home = tmp_path_factory.mktemp("deep-links") / "home"
    home.mkdir()
    servers = [Server(home) for _ in DEEP_LINKS]
    with ThreadPoolExecutor(len(servers)) as pool:
        started = list(pool.map(lambda one: one.start(timeout_s=180), servers))
    try:
        yield dict(zip(DEEP_LINKS, started, strict=True))
    finally:
        for one in servers:
            one.stop()


@pytest.mark.parametrize("link", list(DEEP_LINKS))
def test_a_deep_link_as_the_first_request_opens_its_page(fresh_servers, page, link):
    from playwright.sync_api import expect

    page.goto(fresh_servers[link].url + link)
    page.get_by_role("heading", name=DEEP_LINKS[link]).first.wait_for()
    wait_idle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)
