"""Gemini keys: resolution, fingerprints, redaction, failover state and availability."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest

from engine.config import load_settings
from engine.generation import keys as keys_module
from engine.generation.keys import (
    NO_KEYS_MESSAGE,
    REDACTED,
    KeyPool,
    NoUsableKey,
    fingerprint,
    gemini_available,
    redact,
    resolve_keys,
)
from engine.store import Store
from tests.conftest import CLOCK_START

A = "AQ.Ab8RN6Ikey-a-000000000000000000000"
B = "AIzaSyBkeyB0000000000000000000000000000"
C = "AQ.Ab8RN6Ikey-c-000000000000000000000"
MODEL = "gemini-3.8-flash"
NOW = CLOCK_START  # (the clock fixture's)


@pytest.fixture
def pool(store, clock) -> KeyPool:
    return KeyPool([A, B], store=store, model=MODEL, clock=clock)


# -- resolve_keys ------------------------------------------------------------------------------


def test_keys_come_from_both_variables_in_order_without_duplicates():
    env = {"GEMINI_API_KEYS": f" {A}, {B}\n{A};", "GEMINI_API_KEY": C}
    assert resolve_keys(env, secrets_paths=[]) == [A, B, C]
    assert resolve_keys({"GEMINI_API_KEY": B}, secrets_paths=[]) == [B]
    assert resolve_keys({}, secrets_paths=[]) == []


def test_keys_come_from_streamlit_secrets_files(tmp_path):
    project = tmp_path / "project.toml"
    project.write_text(f'GEMINI_API_KEYS = ["{A}", "{B}"]\nOTHER_SECRET = "x"\n')
    user = tmp_path / "user.toml"
    user.write_text(f'[gemini]\napi_key = "{C}"\n')
    paths = [project, user, tmp_path / "missing.toml"]
    assert resolve_keys({"GEMINI_API_KEY": B}, secrets_paths=paths) == [B, A, C]


def test_the_default_secrets_files_are_the_projects_then_the_users(tmp_path, monkeypatch):
    (tmp_path / "work" / ".streamlit").mkdir(parents=True)
    (tmp_path / "work" / ".streamlit" / "secrets.toml").write_text(f'GEMINI_API_KEY = "{A}"\n')
    (tmp_path / "home" / ".streamlit").mkdir(parents=True)
    (tmp_path / "home" / ".streamlit" / "secrets.toml").write_text(f'GEMINI_API_KEY = "{B}"\n')
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_keys({}) == [A, B]


def test_a_broken_secrets_file_is_skipped_without_quoting_it(tmp_path, caplog):
    broken = tmp_path / "secrets.toml"
    broken.write_text(f'GEMINI_API_KEY = "{A}\nPASSWORD = hunter2')
    assert resolve_keys({}, secrets_paths=[broken]) == []
    assert "TOMLDecodeError" in caplog.text
    assert A not in caplog.text and "hunter2" not in caplog.text


# -- fingerprint ---------------------------------------------------------------------------------


def test_a_fingerprint_is_short_stable_salted_and_never_the_key(tmp_path, monkeypatch):
    monkeypatch.delenv("BOTLAB_KEY_SALT", raising=False)
    home = load_settings().home
    first = fingerprint(A)
    assert first == fingerprint(A, home=home) and first.startswith("k_") and len(first) == 14
    assert first != fingerprint(B)
    assert A[3:15] not in first
    salt = home / keys_module.SALT_FILE
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    assert fingerprint(A, home=tmp_path / "elsewhere") != first  # another installation
    monkeypatch.setenv("BOTLAB_KEY_SALT", "shared-by-every-host")
    shared = fingerprint(A, home=tmp_path / "elsewhere")
    assert shared == fingerprint(A) != first


# -- redact ----------------------------------------------------------------------------------


def test_redact_removes_configured_keys_and_key_shaped_strings():
    text = f"400 Invalid API key: {A}; other {B} and a new one AQ.Zz9abcdefghijklmnopqrst"
    cleaned = redact(text, [A])
    assert A not in cleaned and B not in cleaned and "AQ.Zz9" not in cleaned
    assert cleaned.count(REDACTED) == 3 and cleaned.startswith("400 Invalid API key: ")
    assert redact("my-custom-key-123 leaked", ["my-custom-key-123"]) == f"{REDACTED} leaked"
    assert redact("a b c", ["a"]) == "a b c"  # too short to be a key: left alone
    assert redact(None, [A]) == ""


# -- KeyPool -------------------------------------------------------------------------------------


def test_the_pool_uses_the_first_usable_key_and_knows_them_by_fingerprint(pool):
    key = pool.acquire()
    assert key.secret == A and key.position == 1 and key.fingerprint == fingerprint(A)
    assert A not in repr(key) and A not in str(key) and A not in repr(pool)


def test_a_rate_limited_key_cools_and_the_next_one_is_used(pool, store, clock):
    pool.report_rate_limit(pool.keys[0], 180, reason=f"429 RESOURCE_EXHAUSTED for {A}")
    assert pool.acquire().secret == B
    assert [s.state for s in pool.status()] == ["cooling", "ok"]
    clock.now += timedelta(seconds=181)
    assert pool.acquire().secret == A
    (stats,) = store.key_stats([fingerprint(A)])
    assert (stats.calls, stats.rate_limits) == (1, 1)
    assert stats.cooled_reason == f"429 RESOURCE_EXHAUSTED for {REDACTED}"  # never the key


def test_no_usable_key_says_when_the_first_key_will_be_usable(pool):
    pool.report_rate_limit(pool.keys[0], 180)
    pool.report_rate_limit(pool.keys[1], 600)
    with pytest.raises(NoUsableKey) as caught:
        pool.acquire()
    assert str(caught.value) == (
        "all 2 Gemini keys are rate-limited; the first is usable again at 14:05 UTC (in 3 min)."
    )
    assert caught.value.retry_at == NOW + timedelta(seconds=180)
    assert caught.value.wait_s == 180


def test_no_usable_key_with_mixed_states_and_another_day(pool):
    pool.report_invalid(pool.keys[0], "400 INVALID_ARGUMENT: API key not valid")
    pool.report_rate_limit(pool.keys[1], 20 * 3600)
    with pytest.raises(NoUsableKey) as caught:
        pool.acquire()
    assert str(caught.value) == (
        "all 2 Gemini keys are unavailable (1 rate-limited, 1 disabled); the first is usable "
        "again at 2026-11-21 10:02 UTC (in 20.0 h)."
    )


def test_when_every_key_is_disabled_the_message_says_so_and_gives_no_time(pool):
    pool.report_invalid(pool.keys[0], f"400 API key not valid: {A}")
    pool.report_invalid(pool.keys[1], "403 PERMISSION_DENIED: reported as leaked")
    with pytest.raises(NoUsableKey) as caught:
        pool.acquire()
    message = str(caught.value)
    assert message.startswith("all 2 Gemini keys are disabled (key 1 (k_")
    assert "reported as leaked" in message and A not in message
    assert caught.value.retry_at is None and caught.value.wait_s is None
    assert [h.code for h in caught.value.hints] == ["gemini_key"]  # only a new key helps


def test_without_keys_the_message_says_how_to_configure_one(store):
    with pytest.raises(NoUsableKey, match="no Gemini API key is configured") as caught:
        KeyPool([], store=store, model=MODEL).acquire()
    assert [h.code for h in caught.value.hints] == ["gemini_key"]


def test_state_is_shared_through_the_database_and_can_be_reset(pool, clock):
    pool.report_invalid(pool.keys[0], "401 UNAUTHENTICATED")
    with Store.open(load_settings()) as other:
        again = KeyPool([A, B], store=other, model=MODEL, clock=clock)
        assert again.acquire().secret == B
        assert again.reset() == 1  # the one key with state
    assert pool.acquire().secret == A


def test_failures_rest_a_key_briefly_and_bot_results_are_counted(pool, store, clock):
    pool.report_failure(pool.keys[0], "503 UNAVAILABLE")
    assert pool.acquire().secret == B
    clock.now += timedelta(seconds=keys_module.TRANSIENT_COOLDOWN_S + 0.1)
    assert pool.acquire().secret == A
    pool.report_success(pool.keys[0], prompt_tokens=100, output_tokens=50)
    pool.report_bot_result(fingerprint(A), True)
    pool.report_bot_result(pool.keys[0], False)
    (stats,) = store.key_stats([fingerprint(A)])
    assert (stats.calls, stats.failures, stats.tokens) == (2, 1, 150)
    assert stats.bot_success_rate == 0.5


# -- gemini_available ----------------------------------------------------------------------------


def test_gemini_is_unavailable_without_a_key():
    assert gemini_available(env={}, secrets_paths=[]) == (False, NO_KEYS_MESSAGE)


def test_gemini_is_available_with_a_usable_key():
    assert gemini_available(env={"GEMINI_API_KEY": A}, secrets_paths=[]) == (True, "")


def test_gemini_is_unavailable_while_every_key_cools(store):
    KeyPool([A], store=store, model=MODEL).report_rate_limit(fingerprint(A), 120)
    available, reason = gemini_available(env={"GEMINI_API_KEY": A}, secrets_paths=[])
    assert not available and reason.startswith("the Gemini key is rate-limited; it is usable")


def test_gemini_is_unavailable_without_the_sdk(monkeypatch):
    real = keys_module.importlib.util.find_spec
    monkeypatch.setattr(
        keys_module.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "google.genai" else real(name, *a),
    )
    available, reason = gemini_available(env={"GEMINI_API_KEY": A}, secrets_paths=[])
    assert not available and "pip install google-genai" in reason
