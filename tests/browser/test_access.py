"""The login in front of every page, in a real browser against a real server: with an ``[auth]``
section in the secrets (Streamlit's OIDC), a first visit or a deep link shows the login and
nothing of the dashboard (no navigation, no page, no runs)."""

from __future__ import annotations

import pytest

from .conftest import Server, _require_browser

AUTH = """
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "a-long-random-cookie-secret-for-the-browser-test"
client_id = "botlab-test-client"
client_secret = "botlab-test-secret"
server_metadata_url = "https://accounts.example/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def login_server(tmp_path_factory):
    """A server whose user's secrets (``~/.streamlit/secrets.toml``) configure a login."""
    _require_browser()
    root = tmp_path_factory.mktemp("login")
    (root / "user" / ".streamlit").mkdir(parents=True)
    (root / "user" / ".streamlit" / "secrets.toml").write_text(AUTH)
    (root / "home").mkdir()
    server = Server(root / "home")
    server.env = {**server.env, "HOME": str(root / "user")}
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/", "/leaderboard?lb_symbol=GOOG", "/run?run=1"])
def test_every_page_asks_for_the_login_first(login_server, browser, path):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(login_server.url + path)
        page.get_by_role("button", name="Log in").wait_for(timeout=60_000)
        text = page.locator("body").inner_text()
        assert "Sign in to see the runs and start bots" in text
        for words in ("Leaderboard", "New bot", "Describe", "Settings"):
            assert words not in text, words
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
    finally:
        context.close()
