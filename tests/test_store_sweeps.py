"""The store's side of sweeps: the sweeps table, results stored once, typed parameters, cancel
and interrupted sweeps. Also collected by tests/test_store_postgres.py against PostgreSQL."""

from __future__ import annotations

import multiprocessing
import socket

import pytest

from engine.store import Store, totals

from .conftest import dead_pid

KEYS = [f"k{i}" for i in range(40)]


def _sweep(store, combinations: int = len(KEYS), **kwargs):
    strategy = store.save_strategy("swept", "class S: pass")
    definition = {"grid": [{"name": "n", "values": [1, 2]}], "symbols": ["GOOG"]}
    return store.create_sweep(
        strategy_id=strategy.id,
        objective="sharpe",
        combinations=combinations,
        definition=definition,
        **kwargs,
    )


def _row(key: str, n: int = 1, status: str = "succeeded") -> dict:
    return {
        "sweep_key": key,
        "params": {"n": n, "ratio": 0.5, "flag": True, "kind": "ema"},
        "status": status,
        "symbol": "GOOG",
        "return_pct": float(n),
        "sharpe_ratio": n / 10,
        "max_drawdown_pct": -5.0,
        "stats": {"Return [%]": float(n), "Sharpe Ratio": float("nan")},
    }


def test_a_sweep_is_recorded_running_with_its_definition(store):
    sweep = _sweep(store, runner_host="here", runner_pid=42)
    again = store.get_sweep(sweep.id)
    assert again.status == "running" and again.strategy_name == "swept"
    assert again.definition["grid"] == [{"name": "n", "values": [1, 2]}]
    assert again.created_at.tzinfo is not None
    assert store.list_sweeps()[0].id == sweep.id


def test_results_are_runs_of_the_sweep_stored_once_with_typed_params(store):
    sweep = _sweep(store)
    assert store.record_sweep_results(sweep.id, [_row("a", 1), _row("b", 2)]) == 2
    assert store.record_sweep_results(sweep.id, [_row("b", 2), _row("c", 3)]) == 1
    assert store.record_sweep_results(sweep.id, [_row("a", 1)]) == 0

    results = store.sweep_results(sweep.id)
    assert [r.key for r in results] == ["a", "b", "c"]
    run = store.get_execution(results[1].execution_id)
    assert run.sweep_id == sweep.id and run.strategy_name == "swept"
    assert run.params == {"n": 2, "ratio": 0.5, "flag": True, "kind": "ema"}
    assert type(run.params["n"]) is int and type(run.params["flag"]) is bool
    assert run.stats["Sharpe Ratio"] is None  # NaN stored as null on every backend
    assert run.return_pct == 2.0 and run.status == "succeeded"
    assert store.performance_summary()["total_executions"] == 3
    with store.engine.connect() as conn:
        assert totals.drift(conn) == []


def test_a_failed_combination_keeps_its_reason(store):
    sweep = _sweep(store)
    failed = {**_row("bad"), "status": "failed", "error_type": "crashed", "error_message": "boom"}
    for metric in ("return_pct", "sharpe_ratio", "max_drawdown_pct", "stats"):
        failed.pop(metric)
    store.record_sweep_results(sweep.id, [failed])
    (result,) = store.sweep_results(sweep.id)
    assert (result.status, result.error_type, result.error_message) == ("failed", "crashed", "boom")
    assert result.metrics["return_pct"] is None


def test_bad_result_rows_are_refused(store):
    sweep = _sweep(store)
    with pytest.raises(ValueError, match="finished"):
        store.record_sweep_results(sweep.id, [{**_row("x"), "status": "running"}])
    with pytest.raises(TypeError, match="strategy_id"):
        store.record_sweep_results(sweep.id, [{**_row("x"), "strategy_id": 1}])


def test_cancel_is_a_flag_the_running_process_reads(store):
    sweep = _sweep(store)
    assert store.sweep_cancel_requested(sweep.id) is False
    assert store.request_sweep_cancel(sweep.id).cancel_requested is True
    assert store.sweep_cancel_requested(sweep.id) is True


def test_a_sweep_whose_process_died_is_closed_as_interrupted(store):
    alive = _sweep(store, runner_host=socket.gethostname(), runner_pid=None)
    orphan = _sweep(store, runner_host=socket.gethostname(), runner_pid=dead_pid())
    from engine.execution.supervisor import runner_alive

    assert store.close_interrupted_sweeps(is_alive=runner_alive) == [orphan.id]
    closed = store.get_sweep(orphan.id)
    assert closed.status == "failed" and closed.error_type == "interrupted"
    # the store holds the fact; how to resume it is each front end's to say
    assert closed.error_message == "interrupted: the process running it is gone"
    assert store.get_sweep(alive.id).status == "running"
    from engine.sweeps.cli_command import human_summary
    from engine.sweeps.report import sweep_document
    from engine.sweeps.service import links

    document = sweep_document(store, orphan.id)
    assert f"resume with: botlab sweep --resume {orphan.id}" in human_summary(document)
    assert links(orphan.id)["resume"] == f"/api/sweeps/{orphan.id}/resume"  # the API's way


def _record_all(url: str, sweep_id: int, offset: int) -> None:
    """Store every key, in batches, starting at a different place than the other process."""
    with Store(url) as store:
        order = KEYS[offset:] + KEYS[:offset]
        for start in range(0, len(order), 5):
            store.record_sweep_results(sweep_id, [_row(k) for k in order[start : start + 5]])


def test_two_processes_storing_the_same_results_at_once_store_each_once(store):
    sweep = _sweep(store)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_record_all, args=(store.url, sweep.id, offset))
        for offset in (0, 20)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(240)
    assert [worker.exitcode for worker in workers] == [0, 0]
    results = store.sweep_results(sweep.id)
    assert sorted(r.key for r in results) == sorted(KEYS)
    assert store.performance_summary()["total_executions"] == len(KEYS)
    with store.engine.connect() as conn:
        assert totals.drift(conn) == []
