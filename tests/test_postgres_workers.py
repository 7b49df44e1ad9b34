"""A team's store: several workers and a sweep on one PostgreSQL database.

Each ``botlab worker`` has its own ``BOTLAB_HOME`` (one worker per home) and all share the
database named by ``BOTLAB_DATABASE_URL``, as on a team's machines. Skipped with a reason where
PostgreSQL is not available (see ``pg_server`` in ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import jobs
from engine.store import Store
from engine.sweeps.report import sweep_document
from engine.sweeps.runner import SweepRequest, SweepRunner

from .conftest import EXAMPLES

SMA = EXAMPLES / "sma_cross.py"
JOBS = 12


def _worker(home: Path, url: str, **extra_env: str) -> subprocess.Popen:
    env = {**os.environ, "BOTLAB_HOME": str(home), "BOTLAB_DATABASE_URL": url, **extra_env}
    log = open(home.parent / f"{home.name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "engine", "worker", "--concurrency", "1", "--idle-exit", "5"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _queue_and_serve(url: str, tmp_path, **extra_env: str):
    """Queue JOBS runs, serve them with two ``botlab worker`` processes (one home each) until
    idle; returns the jobs and the workers."""
    with Store(url) as store:
        strategy = store.save_strategy("sma_cross", SMA.read_text())
        queued = [
            jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=365 + n)
            for n in range(JOBS)
        ]
    homes = [tmp_path / "machine-a", tmp_path / "machine-b"]
    for home in homes:
        home.mkdir()
    workers = [_worker(home, url, **extra_env) for home in homes]
    for worker in workers:
        worker.wait(300)
    assert [worker.returncode for worker in workers] == [0, 0]
    return queued, workers


def test_two_workers_on_one_database_run_every_job_exactly_once(pg_url, tmp_path):
    queued, workers = _queue_and_serve(pg_url, tmp_path)

    with Store(pg_url) as store:
        finished = [store.get_job(job.id) for job in queued]
        assert [job.status for job in finished] == ["succeeded"] * JOBS
        # each job ran once, in one of the two workers, and both took a share
        assert {job.worker_pid for job in finished} == {worker.pid for worker in workers}
        runs = [store.get_execution(job.execution_id) for job in finished]
        assert [run.status for run in runs] == ["succeeded"] * JOBS
        assert [run.test_period_days for run in runs] == [365 + n for n in range(JOBS)]
        assert store.list_executions(limit=1).total == JOBS  # no run was made twice


def test_a_sweep_stores_its_results_once_on_postgresql(pg_url, monkeypatch):
    monkeypatch.setenv("BOTLAB_DATABASE_URL", pg_url)
    runner = SweepRunner(workers=2)
    assert runner.store.engine.dialect.name == "postgresql"
    request = SweepRequest(str(SMA), params=["fast=5,10", "slow=20,30,40"], symbols=["GOOG"])
    sweep = runner.start(request)

    document = sweep_document(runner.store, sweep.id)
    assert (sweep.status, document["done"], document["failed"]) == ("succeeded", 6, 0)
    store = runner.store
    results = store.sweep_results(sweep.id)
    assert len({r.key for r in results}) == 6
    # Storing the same results again (as after a slice Dask re-ran) changes nothing.
    rows = [
        {"sweep_key": r.key, "params": r.params, "status": r.status, "symbol": r.symbol}
        for r in results
    ]
    assert store.record_sweep_results(sweep.id, rows) == 0
    assert store.list_executions(strategy="sma_cross", limit=1).total == 6


def test_two_workers_send_their_runs_to_one_dask_cluster_each_run_once(pg_url, tmp_path):
    """A team: two queue workers on one PostgreSQL store, their runs' sandboxed children on a
    Dask scheduler and two workers (processes on loopback, one SANDBOX slot each)."""
    pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")
    from tests.test_sweep_dask import _start_cluster, _stop

    address, processes = _start_cluster(
        tmp_path, tmp_path / "dask-home", workers=2, threads=1, sandbox=1
    )
    try:
        queued, workers = _queue_and_serve(pg_url, tmp_path, BOTLAB_CLUSTER=address)
    finally:
        _stop(processes)

    with Store(pg_url) as store:
        finished = [store.get_job(job.id) for job in queued]
        assert [job.status for job in finished] == ["succeeded"] * JOBS
        runs = [store.get_execution(job.execution_id) for job in finished]
        assert [run.status for run in runs] == ["succeeded"] * JOBS
        assert all("on Dask worker" in run.sandbox_report for run in runs)
        assert [run.test_period_days for run in runs] == [365 + n for n in range(JOBS)]
        assert store.list_executions(limit=1).total == JOBS  # no run was made twice
