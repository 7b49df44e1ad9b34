"""Sweeps on Dask: a LocalCluster, and a scheduler and workers started as processes on loopback.

The slices run where Dask puts them, each in a sandboxed child of that worker's own zygote; the
results come back here and are stored once. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from engine.sweeps.dask_engine import ClusterUnavailable, DaskEngine
from engine.sweeps.engines import make_engine
from engine.sweeps.report import sweep_document
from engine.sweeps.runner import SweepRequest, SweepRunner

from .conftest import EXAMPLES

SMA = str(EXAMPLES / "sma_cross.py")
DASK = Path(sys.executable).parent / "dask"


@pytest.fixture
def restore_environ():
    """LocalCluster writes MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS... into os.environ."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def _by_params(document: dict) -> dict:
    return {
        tuple(sorted(c["params"].items())): (c["status"], c["metrics"])
        for c in document["combinations"]
    }


def test_a_local_cluster_gives_the_embedded_engines_results(restore_environ):
    request = SweepRequest(
        SMA, params=["fast=5:15:5", "slow=20:40:10"], constraints=["fast < slow"], symbols=["GOOG"]
    )
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        resources={"SANDBOX": 1},
    ) as cluster:
        engine = make_engine(cluster=cluster.scheduler_address)
        assert isinstance(engine, DaskEngine)
        assert engine.workers == 2  # one sandboxed child per declared SANDBOX slot
        runner = SweepRunner(engine=engine)
        on_dask = runner.start(request)
        engine.close()
    embedded = SweepRunner(workers=2).start(request)

    assert on_dask.status == embedded.status == "succeeded"
    dask_results = _by_params(sweep_document(runner.store, on_dask.id))
    assert len(dask_results) == 9
    assert dask_results == _by_params(sweep_document(runner.store, embedded.id))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProcessCluster:
    """``dask scheduler`` and ``dask worker`` as real processes, each in its own session."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.processes: list[subprocess.Popen] = []
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = self._start(
            "scheduler", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"
        )
        self.workers = [self.add_worker(f"worker-{i}") for i in range(2)]
        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)

    def add_worker(self, name: str) -> subprocess.Popen:
        return self._start(
            name,
            "worker",
            self.address,
            "--name",
            name,
            "--nthreads",
            "1",
            "--resources",
            "SANDBOX=1",
            "--host",
            "127.0.0.1",
            "--no-dashboard",
        )

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the process and everything in its session (the worker and its nanny)."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def process_cluster(tmp_path):
    cluster = ProcessCluster(tmp_path)
    yield cluster
    cluster.close()


def test_a_worker_killed_mid_sweep_loses_and_repeats_nothing(process_cluster):
    killed: list[int] = []

    def kill_one_worker(progress) -> None:
        if not killed and progress.done < progress.total:
            killed.append(progress.done)
            process_cluster.kill(process_cluster.workers[0])

    engine = DaskEngine(process_cluster.address)
    assert engine.workers == 2
    runner = SweepRunner(engine=engine, progress=kill_one_worker)
    request = SweepRequest(SMA, params=["fast=2:31:1", "slow=40,60"], symbols=["GOOG"])
    sweep = runner.start(request)
    engine.close()

    assert killed, "the sweep finished before a worker could be killed"
    assert killed[0] < 60  # it died with work left to do
    assert process_cluster.workers[0].poll() is not None
    assert sweep.status == "succeeded"
    results = runner.store.sweep_results(sweep.id)
    keys = [r.key for r in results]
    assert len(keys) == len(set(keys)) == 60  # every combination has its result
    assert all(r.status == "succeeded" for r in results)
    # ...stored as exactly one run each, though Dask re-ran what the dead worker held
    assert runner.store.list_executions(strategy="sma_cross", limit=500).total == 60


def test_an_unreachable_scheduler_is_named():
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    with pytest.raises(ClusterUnavailable, match=f"cannot reach the Dask scheduler at {address}"):
        DaskEngine(address, connect_timeout_s=2)


SLOW = """
import time

from backtesting import Strategy


class Slow(Strategy):
    wait = 1

    def init(self):
        time.sleep(1)

    def next(self):
        pass
"""


def _cancel_when_running(runner: SweepRunner, slices: int) -> None:
    scratch = runner.settings.scratch_dir
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len(list(scratch.glob("sweep-*"))) >= slices:
            time.sleep(2.5)
            break
        time.sleep(0.1)
    runner.cancel.set()


def test_cancel_reaches_slices_running_on_the_workers(restore_environ, bot_file):
    path = bot_file(SLOW, "slow.py")
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        resources={"SANDBOX": 1},
    ) as cluster:
        engine = DaskEngine(cluster.scheduler_address)
        runner = SweepRunner(engine=engine)
        # 40 one-second combinations in four slices of ten: two run, two wait in Dask's queue.
        # Cancel once both running slices are a few combinations in.
        threading.Thread(target=_cancel_when_running, args=(runner, 2), daemon=True).start()
        sweep = runner.start(SweepRequest(str(path), params=["wait=1:40:1"], symbols=["GOOG"]))
        engine.close()

    assert sweep.status == "cancelled"
    # Had the running children not been killed, both running slices would have finished all
    # their ten combinations; the waiting ones never start.
    assert len(runner.store.sweep_results(sweep.id)) < 20
