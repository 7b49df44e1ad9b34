"""The dashboard's door: loopback by default; exposed, a login or an explicit opt-out, else no
page at all. Streamlit's ``server.address`` is set as ``streamlit run --server.address`` would."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from engine.exposure import ALLOW_ANONYMOUS_ENV, decide
from tests.app_support import APP, APP_FIXTURES, ROOT, no_exception, texts

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES

PROVIDER = ("client_id", "client_secret", "server_metadata_url")
AUTH = {
    "redirect_uri": "http://botlab.example/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-tests",
    "client_id": "botlab-test-client",
    "client_secret": "botlab-test-secret",
    "server_metadata_url": "https://accounts.example/.well-known/openid-configuration",
}
PAGE_WORDS = "Describe your trading idea"  # the New bot page's own words


@pytest.fixture
def listening(monkeypatch):
    """Set Streamlit's server.address for the test (restored afterwards)."""
    previous = st_config.get_option("server.address")

    def listen(address):
        st_config.set_option("server.address", address)

    yield listen
    st_config.set_option("server.address", previous)


def run_app(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    return at


def test_the_shipped_config_listens_on_loopback_only():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert decide("127.0.0.1").loopback and not decide("127.0.0.1").refused


def test_on_loopback_the_pages_open_without_login(home, listening):
    listening("127.0.0.1")
    at = run_app().run()
    no_exception(at)
    assert PAGE_WORDS in texts(at) or at.text_area


@pytest.mark.parametrize("address", ["0.0.0.0", "192.0.2.10", "::"])
def test_exposed_without_login_serves_no_page(home, listening, monkeypatch, address):
    monkeypatch.delenv(ALLOW_ANONYMOUS_ENV, raising=False)
    listening(address)
    at = run_app().run()
    no_exception(at)
    shown = texts(at)
    assert address in shown and "no login is configured" in shown
    assert ALLOW_ANONYMOUS_ENV in shown and "[auth]" in shown
    assert not at.text_area and not at.button and not at.dataframe
    assert PAGE_WORDS not in shown
    with pytest.raises(ValueError):  # pages/ is not served by its own URLs either
        at.switch_page("pages/run_page.py")


def test_exposed_on_purpose_without_login(home, listening, monkeypatch):
    monkeypatch.setenv(ALLOW_ANONYMOUS_ENV, "1")
    listening("0.0.0.0")
    at = run_app().run()
    no_exception(at)
    assert "no login is configured" not in texts(at)
    assert at.text_area  # the New bot page


@pytest.mark.parametrize(
    ("address", "variable", "value", "says"),
    [
        ("0.0.0.0", ALLOW_ANONYMOUS_ENV, "maybe", "is not one of 1/0, true/false, yes/no, on/off"),
        ("127.0.0.1", "BOTLAB_TIMEOUT", "soon", "is not a number"),
    ],
)
def test_a_setting_botlab_cannot_use_is_named_and_no_page_is_served(
    home, listening, monkeypatch, address, variable, value, says
):
    monkeypatch.setenv(variable, value)
    listening(address)
    at = run_app().run()
    no_exception(at)
    shown = texts(at)
    assert f"Botlab's configuration has a problem: {variable}={value!r} {says}" in shown
    assert not at.text_area and not at.button and PAGE_WORDS not in shown
    with pytest.raises(ValueError):  # pages/ is not served by its own URLs either
        at.switch_page("pages/run_page.py")


def test_a_configured_login_gates_every_page(home, listening):
    listening("0.0.0.0")
    at = run_app(auth=AUTH)
    at.user = {"is_logged_in": False}
    at.run()
    no_exception(at)
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.text_area and PAGE_WORDS not in texts(at)
    with pytest.raises(ValueError, match="Known pages: \\['Botlab'\\]"):
        at.switch_page("pages/leaderboard_page.py")  # no other page exists in this session
    at.query_params["run"] = "1"  # a deep link: still the login
    at.run()
    assert [b.label for b in at.button] == ["Log in"] and not at.dataframe


def test_a_signed_in_user_sees_the_pages(home, listening):
    listening("0.0.0.0")
    at = run_app(auth=AUTH)
    at.user = {"is_logged_in": True, "email": "ada@example.com"}
    at.run()
    no_exception(at)
    assert at.text_area
    assert "ada@example.com" in "\n".join(c.value for c in at.sidebar.caption)
    assert "Log out" in [b.label for b in at.sidebar.button]


@pytest.mark.parametrize(
    ("auth", "configured"),
    [
        (AUTH, True),
        ({**AUTH, "cookie_secret": ""}, False),
        ({k: v for k, v in AUTH.items() if k != "client_id"}, False),
        (
            {
                "redirect_uri": AUTH["redirect_uri"],
                "cookie_secret": AUTH["cookie_secret"],
                "google": {
                    k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")
                },
            },
            True,
        ),
        (None, False),
    ],
)
def test_what_counts_as_a_configured_login(auth, configured):
    assert decide("0.0.0.0", auth=auth, env={}).refused is not configured
