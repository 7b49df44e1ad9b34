"""Settings: data and cache, Gemini keys by fingerprint only, sandbox, storage, success rates."""

from __future__ import annotations

from tests.app_support import (
    APP_FIXTURES,
    SETTINGS,
    no_exception,
    open_page,
    texts,
)
from ui import settings_view

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


FAKE_KEY = "AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake123"


def test_shows_data_sandbox_storage_and_rates(filled_home):
    at = open_page(SETTINGS)
    no_exception(at)
    series = at.dataframe[0].value
    assert {"AAPL", "MSFT", "IBM", "GOOG"} <= set(series["Symbol"])
    shown = texts(at)
    assert "Data mode: bundled samples (offline)" in shown
    assert "Bots run in Botlab's sandbox: no access to your files" in shown  # in words
    assert "landlock=" not in shown  # ... their raw string behind "Advanced"
    assert str(filled_home) in shown  # where the database lives
    assert "Background worker:** not running" in shown
    assert "Gemini has not written a bot here yet" in shown
    assert [m.label for m in at.metric][:3] == ["Runs", "Runs without an error", "Average return"]
    assert at.metric[0].value == "3"
    at.toggle(key="settings_sandbox_raw").set_value(True).run()
    assert "landlock=" in texts(at)


def test_gemini_keys_appear_by_fingerprint_only(home, monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", FAKE_KEY)
    at = open_page(SETTINGS)
    no_exception(at)
    keys = at.dataframe[1].value
    assert len(keys) == 1 and keys.iloc[0]["Key"].startswith("1: k_")
    everything = texts(at) + keys.to_csv()
    assert FAKE_KEY not in everything and FAKE_KEY[:12] not in everything


def test_no_key_says_how_to_add_one(home, monkeypatch):
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GEMINI_API_KEYS", raising=False)
    monkeypatch.chdir(home.parent)  # no .streamlit/secrets.toml here
    at = open_page(SETTINGS)
    no_exception(at)
    assert "Gemini is not available: no Gemini API key is configured" in texts(at)


def test_clearing_the_cache_removes_downloads(home):
    from engine.config import load_settings

    settings = load_settings()
    folder = settings.cache_dir / "yahoo"
    folder.mkdir(parents=True)
    (folder / "AAPL-1d.parquet").write_bytes(b"x")
    assert settings_view.clear_yahoo_cache(settings) == 1
    assert not folder.exists()
    assert settings_view.clear_yahoo_cache(settings) == 0


def test_a_bad_setting_is_named_instead_of_crashing(home, monkeypatch):
    from tests.app_support import app

    monkeypatch.setenv("BOTLAB_SANDBOX", "loose")
    at = app()
    no_exception(at)
    assert "BOTLAB_SANDBOX='loose' is not one of" in at.error[0].value
