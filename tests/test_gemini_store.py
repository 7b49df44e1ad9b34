"""The generation tables: attempts, stats and per-key state, on SQLite and PostgreSQL.

The PostgreSQL variants use the suite's ``pg_url`` (``tests/conftest.py``) and are skipped,
with its reason, where PostgreSQL or psycopg is unavailable.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from engine.config import load_settings
from engine.generation.gemini import format_generation_stats
from engine.store import NotFoundError, Store, migrate

GENERATION_TABLES = {"generations", "generation_attempts", "gemini_keys"}
MODEL = "gemini-3.8-flash"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    if request.param == "sqlite":
        url = load_settings().database_url
    else:
        url = request.getfixturevalue("pg_url")
    with Store(url) as opened:
        yield opened


def _generation(store: Store, outcomes: list[str], *, tokens: int = 100) -> int:
    """A finished generation whose attempts ended with ``outcomes``."""
    generation_id = store.start_generation("buy the dip", name="Dip", model=MODEL)
    for number, outcome in enumerate(outcomes, start=1):
        store.record_attempt(
            generation_id,
            number,
            model=MODEL,
            outcome=outcome,
            key_fingerprint="k_000000000001",
            prompt_tokens=tokens,
            output_tokens=tokens // 2,
            code=f"# attempt {number}\n",
            error_message=None if outcome == "succeeded" else f"{outcome} problem",
        )
    succeeded = outcomes[-1] == "succeeded" if outcomes else False
    store.finish_generation(
        generation_id,
        status="succeeded" if succeeded else ("failed" if outcomes else "unavailable"),
        succeeded_attempt=len(outcomes) if succeeded else None,
        class_name="Dip" if succeeded else None,
        error_type=None if succeeded else "attempts_exhausted",
    )
    return generation_id


def test_a_generation_and_its_attempts_round_trip(store):
    generation_id = _generation(store, ["error", "succeeded"], tokens=1000)
    record = store.get_generation(generation_id)
    assert (record.status, record.attempt_count, record.succeeded_attempt) == ("succeeded", 2, 2)
    assert (record.prompt_tokens, record.output_tokens) == (2000, 1000)
    assert record.created_at.tzinfo is UTC and record.finished_at >= record.created_at
    assert record.duration_s >= 0 and record.description == "buy the dip"
    first, second = record.attempts
    assert (first.attempt, first.outcome, first.error_message) == (1, "error", "error problem")
    assert second.succeeded and second.code == "# attempt 2\n" and len(second.code_sha256) == 64
    assert second.started_at.tzinfo is UTC
    assert [g.id for g in store.list_generations()] == [generation_id]
    assert store.get_generation(999) is None


def test_bad_values_are_refused(store):
    with pytest.raises(ValueError, match="description"):
        store.start_generation("  ", name="x", model=MODEL)
    generation_id = store.start_generation("idea", name="x", model=MODEL)
    with pytest.raises(ValueError, match="outcome must be one of"):
        store.record_attempt(generation_id, 1, model=MODEL, outcome="great")
    with pytest.raises(NotFoundError):
        store.record_attempt(999, 1, model=MODEL, outcome="gate")
    with pytest.raises(ValueError, match="status must be one of"):
        store.finish_generation(generation_id, status="running")
    store.record_attempt(generation_id, 1, model=MODEL, outcome="gate")
    with pytest.raises(sa.exc.IntegrityError):  # one row per attempt number
        store.record_attempt(generation_id, 1, model=MODEL, outcome="gate")


def test_generation_stats_give_first_try_and_after_repair_rates(store):
    _generation(store, ["succeeded"])
    _generation(store, ["succeeded"])
    _generation(store, ["no_trades", "succeeded"])
    _generation(store, ["gate", "error", "look_ahead"])
    _generation(store, [])  # no reply at all: not part of the rates
    store.start_generation("still running", name="x", model=MODEL)
    store.record_key_bot("k_000000000001", succeeded=True)

    stats = store.generation_stats()
    assert (stats["generations"], stats["succeeded"], stats["failed"]) == (4, 3, 1)
    assert (stats["unavailable"], stats["running"]) == (1, 1)
    assert stats["first_try_success_rate"] == 0.5
    assert stats["after_repair_success_rate"] == 0.75
    assert stats["avg_attempts"] == (1 + 1 + 2 + 3) / 4
    assert stats["succeeded_at_attempt"] == {1: 2, 2: 1}
    assert stats["attempt_outcomes"]["succeeded"] == 3 and stats["attempts"] == 7
    assert (stats["prompt_tokens"], stats["output_tokens"]) == (700, 350)
    assert [k["fingerprint"] for k in stats["keys"]] == ["k_000000000001"]

    text = format_generation_stats(stats)
    assert "4 evaluated (3 succeeded, 1 failed); 1 without a reply" in text
    assert "first-try success:    50%" in text and "after-repair success: 75%" in text
    assert "average attempts:     1.75" in text and "#1: 2, #2: 1" in text
    assert "k_000000000001: 0 calls" in text and "1 bots (100% working)" in text


def test_stats_of_an_empty_database(store):
    stats = store.generation_stats()
    assert stats["generations"] == 0 and stats["first_try_success_rate"] is None
    assert "first-try success:    n/a" in format_generation_stats(stats)


def test_key_counters_and_state(store):
    fp = "k_abcdefabcdef"
    store.record_key_call(fp, outcome="ok", prompt_tokens=10, output_tokens=5)
    store.record_key_call(fp, outcome="rate_limit")
    store.record_key_call(fp, outcome="failure")
    store.record_key_bot(fp, succeeded=False)
    until = datetime(2030, 1, 1, 8, 0, 5, tzinfo=UTC)
    store.cool_key(fp, until=until, kind="rate_limit", reason="429", model=MODEL)
    (stats,) = store.key_stats([fp])
    assert (stats.calls, stats.rate_limits, stats.failures, stats.tokens) == (3, 1, 1, 15)
    assert (stats.bots_failed, stats.bot_success_rate) == (1, 0.0)
    assert stats.cooled_until == until and stats.cooling(until - timedelta(seconds=1), MODEL)
    assert not stats.cooling(until - timedelta(seconds=1), "gemini-3.5-flash-lite")
    assert not stats.cooling(until, MODEL)
    store.disable_key(fp, reason="403 PERMISSION_DENIED")
    assert store.key_stats([fp])[0].disabled
    assert store.reset_key(fp) == 1
    (cleared,) = store.key_stats([fp])
    assert not cleared.disabled and cleared.cooled_until is None and cleared.calls == 3
    unseen = store.key_stats(["k_unseen000000"])[0]
    assert unseen.calls == 0 and unseen.bot_success_rate is None
    with pytest.raises(ValueError):
        store.record_key_call(fp, outcome="maybe")


def test_downgrading_0002_removes_only_the_generation_tables(tmp_path):
    from alembic import command

    with Store(f"sqlite:///{tmp_path / 'botlab.db'}") as store:
        _generation(store, ["succeeded"])
        with store.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0001")
        with store.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert not GENERATION_TABLES & tables and "executions" in tables
        assert migrate.ensure_schema(store.engine) is True
        assert store.generation_stats()["generations"] == 0
