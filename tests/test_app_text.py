"""ui.text: the plain words the dashboard uses for statuses, errors and metrics."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

import pytest

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
        message = text.error_text(str(exc), exc.hints)
    assert "choose Yahoo Finance under Price data" in message
    assert "--source" not in message and "BOTLAB_" not in message
    from engine.generation.generator import GenerationRefused, StrategyGenerator

    try:
        StrategyGenerator().choose_engine("make me rich")
    except GenerationRefused as exc:
        refusal = text.error_text(str(exc), exc.hints)
    assert "Settings → Gemini explains how" in refusal and "GEMINI_API_KEYS" not in refusal


def _real_errors(tmp_path) -> dict[str, Exception]:
    """Each hint's engine error, raised by the engine itself (so an error that loses its hint
    fails here), by the hint it carries."""
    from engine.data import DataError, load_ohlcv
    from engine.generation.generator import GenerationRefused, StrategyGenerator
    from engine.sweeps.grid import GridError, build_grid

    errors: dict[str, Exception] = {}
    for key, symbol, options in [
        ("sample_source", "AAPL", {"interval": "5m", "start": "2001-01-02", "source": "yahoo"}),
        ("yahoo_source", "TSLA", {"source": "sample"}),
    ]:
        try:
            load_ohlcv(symbol, **options)
        except DataError as exc:
            errors[key] = exc
    for key, description, engine in [
        (
            "gemini_engine",
            "buy when RSI(14) drops below 30, sell above 70 when the moon is full",
            "offline",
        ),
        ("gemini_key", "make me rich", "auto"),
    ]:
        try:
            StrategyGenerator().choose_engine(description, engine)
        except GenerationRefused as exc:
            errors[key] = exc
    try:
        build_grid(["fast=1:400:1", "slow=1:400:1"]).combinations()
    except GridError as exc:
        errors["sample_grid"] = exc
    from engine.store import Store
    from engine.store.faults import DamagedStore

    damaged = tmp_path / "botlab.db"
    damaged.write_bytes(b"this is not a database, whatever its name says" * 20)
    try:
        Store(f"sqlite:///{damaged}").list_strategies()
    except DamagedStore as exc:
        errors["restore_database"] = exc
    errors["start_worker"] = _no_worker_joined()
    return errors


@functools.cache
def _no_worker_joined() -> Exception:
    """A real Dask scheduler no worker joins, waited for 0.1 s (started once: it takes a
    second)."""
    from distributed import Client, LocalCluster

    from engine import cluster
    from engine.config import load_settings

    settings = load_settings({"BOTLAB_CLUSTER_WORKER_WAIT": "0.1"})
    with (
        LocalCluster(
            n_workers=0, processes=False, host="127.0.0.1", protocol="tcp", dashboard_address=None
        ) as local,
        Client(local) as client,
    ):
        try:
            cluster.wait_for_a_worker(client, settings)
        except cluster.ClusterError as exc:
            return exc
    raise AssertionError("a cluster without workers was waited for without an error")


@pytest.mark.parametrize(
    ("code", "dashboard", "change"),
    [
        (
            "yahoo_source",
            "use the Yahoo source (choose Yahoo Finance under Price data)",
            ("source", "source", "yahoo"),
        ),
        (
            "sample_source",
            "(AAPL is one); its bundled sample works offline (choose the bundled sample under "
            "Price data)",
            ("source", "source", "sample"),
        ),
        (
            "gemini_engine",
            "or use Gemini; Gemini reads more (see Settings → Gemini)",
            ("setting", "engine", "gemini"),
        ),
        (
            "gemini_key",
            "no Gemini API key is set up: Settings → Gemini explains how to add one",
            ("setting", "GEMINI_API_KEY", None),
        ),
        (
            "sample_grid",
            "vary fewer settings, or use larger steps",
            ("setting", "max_combinations", None),
        ),
    ],
)
def test_each_engine_hint_is_carried_and_worded_for_the_dashboard(
    tmp_path, no_gemini_keys_anywhere, code, dashboard, change
):
    """An engine error carries its hints as facts (not in its message, which says none), and
    the dashboard says them as what to click."""
    from engine.cli import HINT_WORDS

    error = _real_errors(tmp_path)[code]
    hints = [h for h in error.hints if h.code != "rephrase_description"]
    assert [h.code for h in hints] == [code]
    assert (hints[0].change, hints[0].name, hints[0].value) == change
    assert "cli" not in hints[0].as_json()
    assert HINT_WORDS[code] not in str(error)  # the engine's message holds no front end's words
    assert not re.search(r"--[a-z]|botlab |GEMINI_API_KEYS|secrets.toml", str(error))
    worded = text.error_text(str(error), error.hints)
    assert dashboard in worded and HINT_WORDS[code] not in worded


def test_a_damaged_database_and_a_cluster_without_workers_carry_the_way_out_as_a_hint(tmp_path):
    """What to do about the machine (restore the database, start a Dask worker) is a hint with
    the file or address as its value: the engine's message says only what happened, the command
    line says the commands to type, the dashboard plain words."""
    from engine import cli
    from engine.results import HINTS

    errors = _real_errors(tmp_path)
    database, address = tmp_path / "botlab.db", errors["start_worker"].hints[0].value
    assert str(errors["restore_database"]) == (
        f"The database {database} is damaged or is not a Botlab database."
    )
    assert errors["restore_database"].hints == [HINTS["restore_database"].given(database)]
    assert str(errors["start_worker"]) == f"no Dask worker joined {address} within 0.1 s"
    assert address.startswith("tcp://")
    assert errors["start_worker"].hints == [HINTS["start_worker"].given(address)]
    for code, typed, plain in [
        (
            "restore_database",
            f"restore a backup (made with 'botlab backup FILE': copy it to {database}), or move "
            f"the file aside (e.g. mv {database} {database}.damaged) and Botlab starts a new, "
            "empty one",
            "restore a backup of it (see Backup and restore in Botlab's README), or move the "
            "file aside and Botlab starts a new, empty one",
        ),
        (
            "start_worker",
            f"start one with `dask worker {address} --nworkers 1 --nthreads $(nproc) "
            "--resources SANDBOX=$(nproc)` (BOTLAB_CLUSTER_WORKER_WAIT sets how long to wait)",
            "start a Dask worker for it (Botlab's README says how)",
        ),
    ]:
        error = errors[code]
        assert not re.search(r"--[a-z]|botlab |dask worker|backup|mv ", str(error))
        assert cli.error_words(error) == f"{str(error).rstrip('.')}; {typed}"
        worded = text.error_text(str(error), error.hints)
        assert worded == f"{str(error).rstrip('.')}; {plain}"
        assert not re.search(r"--[a-z]|botlab |dask worker|mv ", worded)


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


@pytest.mark.parametrize(
    ("params", "constraints", "says"),
    [
        (["fast=5:2:1"], [], "fast (from, to, step): a step of 1 never reaches 2 from 5"),
        (
            ["fast=1:400:1", "slow=1:400:1"],
            [],
            "The grid has 160,000 combinations, over 100,000; vary fewer settings, or use "
            "larger steps.",
        ),
        (["fast=1:3:1"], ["fast <"], """The rule under "Only where" 'fast <' is not an"""),
    ],
)
def test_a_refused_sweep_is_said_in_the_sweep_pages_words(params, constraints, says):
    """The grid's own refusal, through the sweeps' service (an API error, its refusal kept as
    its cause), in the page's words: its boxes, no flag and no API field."""
    from engine.sweeps.grid import GridError, build_grid
    from engine.sweeps.service import refused

    with pytest.raises(GridError) as refusal:
        build_grid(params, constraints).combinations()
    try:
        raise refused(refusal.value, "invalid_sweep") from refusal.value
    except Exception as exc:  # what ui.sweep catches
        words = text.sweep_error(exc.__cause__)
    assert says in words
    assert not re.search(r"--|params\.|max_combinations|constraints", words)
