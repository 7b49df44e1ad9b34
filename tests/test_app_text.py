"""ui.text: the plain words the dashboard uses for statuses, errors and metrics."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.execution import harness, supervisor
from tests.app_support import APP_FIXTURES
from ui import text

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def test_every_error_type_the_engine_records_has_a_plain_sentence():
    engine_types = {
        harness.SYNTAX_ERROR,
        harness.IMPORT_ERROR,
        harness.NO_STRATEGY,
        harness.STRATEGY_ERROR,
        harness.SCRIPT_ERROR,
        harness.MEMORY_ERROR,
        harness.INVALID_SETTINGS,
        supervisor.TIMEOUT,
        supervisor.OUTPUT_LIMIT,
        supervisor.CPU_LIMIT,
        supervisor.BLOCKED_SYSCALL,
        supervisor.CRASHED,
        supervisor.CANCELLED,
        "data_unavailable",
        "no_results",
        "interrupted",
        "sandbox_unavailable",
        "file_not_found",
        "internal_error",
        "generation_refused",
        "generation_failed",
    }
    missing = engine_types - set(text.ERROR_SENTENCES)
    assert not missing
    for sentence in text.ERROR_SENTENCES.values():
        assert sentence.endswith(".") and "_" not in sentence
    assert text.error_sentence("something_new") == text.DEFAULT_ERROR_SENTENCE


def test_first_line_never_returns_a_traceback():
    message = (
        'Traceback (most recent call last):\n  File "bot.py", line 3, in next\n'
        "ZeroDivisionError: boom"
    )
    assert text.first_line(message) == "ZeroDivisionError: boom"
    assert text.first_line("one\ntwo") == "one"
    assert text.first_line(None) == ""
    assert len(text.first_line("x" * 1000)) == 300


def test_command_line_hints_become_dashboard_hints():
    from engine.data import DataError, load_ohlcv

    try:
        load_ohlcv("TSLA", source="sample")
    except DataError as exc:
        message = text.for_people(str(exc))
    assert "choose Yahoo Finance under Price data" in message
    assert "--source" not in message and "BOTLAB_" not in message
    from engine.generation.generator import GenerationRefused, StrategyGenerator

    try:
        StrategyGenerator().choose_engine("make me rich")
    except GenerationRefused as exc:
        refusal = text.for_people(str(exc))
    assert "Settings → Gemini explains how" in refusal and "GEMINI_API_KEYS" not in refusal


def test_labels_and_values():
    assert text.status_label("succeeded") == "Finished"
    assert text.metric_label("max_drawdown_pct") == "Max drawdown"
    assert text.metric_text("max_drawdown_pct", -12.345) == "-12.35%"
    assert text.metric_text("win_rate", 0.5) == "50.0%"
    assert text.metric_text("sharpe_ratio", float("nan")) == "n/a"
    assert text.metric_explanation("max_drawdown_pct").startswith("The worst fall")
    assert text.source_label("offline") == "Offline compiler"
    assert text.data_source_label("sample:quandl-wiki").startswith("Bundled sample data")
    assert text.data_source_label("file:/x/y/prices.csv") == "Your file (prices.csv)"
    assert text.day(datetime(2020, 1, 2, tzinfo=UTC)) == "2020-01-02"
    assert text.day(datetime(2020, 1, 2, 9, 30, tzinfo=UTC)) == "2020-01-02 09:30"
    assert text.day("2020-01-02T00:00:00") == "2020-01-02"
    assert text.plural(1, "run") == "1 run" and text.plural(2, "run") == "2 runs"
    assert text.phase_index("running") == 2 and text.phase_index("done") == 4
