"""What goes wrong on a Dask cluster (BOTLAB_CLUSTER), said plainly and cleaned up: no worker
ever joins, a worker cannot build the strict sandbox, the queue's worker dies while its run's
child runs remotely. Against a real LocalCluster and real scheduler/worker processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from engine import jobs
from engine.store import Store

from .conftest import EXAMPLES
from .test_cluster_runs import serving
from .test_jobs import wait_for

distributed = pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")

SMA = str(EXAMPLES / "sma_cross.py")


@pytest.fixture
def store() -> Store:
    return Store.open()


@pytest.fixture
def empty_cluster(monkeypatch):
    """A Dask scheduler no worker ever joins, as BOTLAB_CLUSTER; work waits 2 s for one."""
    from distributed import LocalCluster

    with LocalCluster(
        processes=False,
        n_workers=0,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        monkeypatch.setenv("BOTLAB_CLUSTER", cluster.scheduler_address)
        monkeypatch.setenv("BOTLAB_CLUSTER_WORKER_WAIT", "2")
        yield cluster.scheduler_address


def _no_worker(address: str) -> str:
    return (
        f"no Dask worker joined {address} within 2 s; start one with `dask worker {address} "
        "--nworkers 1 --nthreads $(nproc) --resources SANDBOX=$(nproc)`"
    )


def test_a_queued_run_on_a_cluster_without_workers_fails_saying_how_to_start_one(
    store, empty_cluster
):
    strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
    with serving():
        done = wait_for(store, job.id, timeout=120)

    assert done.status == "failed"
    execution = store.get_execution(done.execution_id)
    assert (execution.status, execution.error_type) == ("failed", "cluster_unavailable")
    assert execution.error_message.startswith(_no_worker(empty_cluster))
    assert "BOTLAB_CLUSTER_WORKER_WAIT" in execution.error_message


def test_a_sweep_on_a_cluster_without_workers_fails_saying_how_to_start_one(
    store, empty_cluster
):
    answer = subprocess.run(
        [sys.executable, "-m", "engine", "sweep", SMA, "--param", "fast=5,10", "--symbol", "GOOG"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert answer.returncode == 2, answer.stderr
    assert f"Error: {_no_worker(empty_cluster)}" in answer.stderr
    assert "Traceback" not in answer.stderr
    (sweep,) = store.list_sweeps()
    assert (sweep.status, sweep.error_type) == ("failed", "cluster_unavailable")
    assert sweep.error_message.startswith(_no_worker(empty_cluster))
