"""The Dask engine: the same sweep on a real LocalCluster, and on a scheduler and a worker started
as processes on loopback (chosen through BOTLAB_CLUSTER, as a user would)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from engine.sweeps.engines import EmbeddedEngine, make_engine
from engine.sweeps.report import sweep_document
from engine.sweeps.runner import SweepRequest, SweepRunner

from .conftest import EXAMPLES
from .test_sweep_run import CRASHER

distributed = pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")

SMA = str(EXAMPLES / "sma_cross.py")
REQUEST = dict(params=["fast=5:15:5", "slow=20:40:10"], constraints=["fast < slow"], best_n=1)


def _metrics_by_params(runner, sweep) -> dict:
    document = sweep_document(runner.store, sweep.id)
    return {json.dumps(c["params"], sort_keys=True): c["metrics"] for c in document["combinations"]}


@contextlib.contextmanager
def local_cluster(threads: int):
    """A DaskEngine on a scheduler and one worker with ``threads`` threads, in this process."""
    from distributed import Client, LocalCluster

    from engine.sweeps.dask_engine import DaskEngine

    with (
        LocalCluster(
            processes=False, n_workers=1, threads_per_worker=threads, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        engine = DaskEngine(client=client)
        try:
            yield engine
        finally:
            engine.close()


def test_a_sweep_on_a_local_cluster_equals_the_embedded_one():
    embedded = SweepRunner(engine=EmbeddedEngine(2))
    reference = embedded.start(SweepRequest(SMA, symbols=["GOOG"], **REQUEST))
    with local_cluster(threads=2) as engine:
        assert engine.workers == 2
        runner = SweepRunner(engine=engine)
        sweep = runner.start(SweepRequest(SMA, symbols=["GOOG"], **REQUEST))

    assert sweep.status == "succeeded"
    assert _metrics_by_params(runner, sweep) == _metrics_by_params(embedded, reference)


def test_a_crashing_combination_is_isolated_on_the_cluster_too(bot_file):
    path = bot_file(CRASHER, "crasher.py")
    with local_cluster(threads=1) as engine:
        runner = SweepRunner(engine=engine)
        sweep = runner.start(
            SweepRequest(str(path), params=["fast=5:9:1"], symbols=["GOOG"], best_n=0)
        )
    results = {r.params["fast"]: r for r in runner.store.sweep_results(sweep.id)}
    assert sorted(results) == [5, 6, 7, 8, 9]
    assert results[7].error_type == "crashed"
    assert all(results[n].status == "succeeded" for n in (5, 6, 8, 9))


def test_slices_the_scheduler_forgot_are_finished_failures_not_a_crash():
    """A worker killed mid-slice can make the scheduler forget its futures, and wait() then
    raises FuturesCancelledError: the engine hands them back as finished, so the runner counts
    them as crashed slices and retries them instead of the whole sweep failing."""
    with local_cluster(threads=1) as engine:
        client = engine.client
        future = client.submit(time.sleep, 3, pure=False)
        client.cancel([future])

        finished = engine.completed([future], timeout=10)

        assert finished == [future]
        with pytest.raises(distributed.client.FutureCancelledError):
            future.result()


class LosingEngine:
    """The Dask engine, except that the cluster loses each combination's first ``times``
    slices: their futures are cancelled, as the scheduler does with the slices of a worker that
    died before they ran."""

    def __init__(self, engine, times: int) -> None:
        self.engine, self.times, self.sent = engine, times, Counter()
        self.workers = engine.workers

    def submit(self, task, *, priority):
        future = self.engine.submit(task, priority=priority)
        if any(self.sent[key] < self.times for key in task.keys):
            self.engine.client.cancel([future])
        self.sent.update(task.keys)
        return future

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_a_slice_the_cluster_lost_is_sent_again_not_recorded_failed():
    """Nothing in a lost slice failed: it is sent again as it was, without using up the retry
    that finds a combination killing its child (which would record the combination failed)."""
    from engine.sweeps.runner import LOST_RESUBMITS

    with local_cluster(threads=1) as dask_engine:
        engine = LosingEngine(dask_engine, times=LOST_RESUBMITS)
        runner = SweepRunner(engine=engine)
        request = SweepRequest(SMA, params=["fast=10:11:1"], symbols=["GOOG"], best_n=0)
        sweep = runner.start(request)

    results = runner.store.sweep_results(sweep.id)
    assert sweep.status == "succeeded"
    assert engine.sent == {key: LOST_RESUBMITS + 1 for key in engine.sent}  # lost, lost, .., ran
    assert sorted(r.params["fast"] for r in results) == [10, 11]
    assert all(r.status == "succeeded" for r in results), [
        (r.params, r.error_message) for r in results
    ]


def _scheduler_address(scheduler_file: Path, deadline: float) -> str:
    """The address in the scheduler's file, once it is written whole: the scheduler creates the
    file before it writes it, so an empty or partial file is waited on, not parsed."""
    while True:
        try:
            return json.loads(scheduler_file.read_text())["address"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _start_cluster(
    tmp_path: Path,
    home: Path,
    workers: int,
    threads: int,
    *,
    sandbox: int | None = None,
    tls: dict[str, str] | None = None,
    scheduler_env: dict[str, str] | None = None,
    worker_args: tuple[str, ...] = (),
):
    """``dask scheduler`` and ``workers`` x ``dask worker`` as processes on loopback; returns
    the scheduler's address and the processes (the scheduler first). ``sandbox``: each worker
    declares that many ``SANDBOX`` resources; ``tls``: ``ca``, ``cert`` and ``key`` files, for a
    ``tls://`` cluster; ``worker_args``: more options for each ``dask worker``."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("the dask command is not installed")
    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "BOTLAB_HOME": str(home)}
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    secure = []
    if tls:
        secure = ["--tls-ca-file", tls["ca"], "--tls-cert", tls["cert"], "--tls-key", tls["key"]]
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--scheduler-file", str(scheduler_file), "--no-dashboard",
             *(["--protocol", "tls"] if tls else []), *secure],
            start_new_session=True, env={**env, **(scheduler_env or {})}, **quiet,
        )
    ]  # fmt: skip
    try:
        address = _scheduler_address(scheduler_file, deadline=time.monotonic() + 60)
        resources = ["--resources", f"SANDBOX={sandbox}"] if sandbox else []
        for _ in range(workers):
            processes.append(
                subprocess.Popen(
                    [dask, "worker", address, "--nworkers", "1", "--nthreads", str(threads),
                     "--host", "127.0.0.1", "--no-dashboard", *resources, *secure,
                     *worker_args],
                    start_new_session=True, env=env, **quiet,
                )
            )  # fmt: skip
        from distributed import Client
        from distributed.security import Security

        security = (
            Security(tls_ca_file=tls["ca"], tls_client_cert=tls["cert"],
                     tls_client_key=tls["key"], require_encryption=True)
            if tls else None
        )  # fmt: skip
        with Client(address, timeout="30s", security=security) as client:
            client.wait_for_workers(workers, timeout=60)
    except BaseException:
        _stop(processes)
        raise
    return address, processes


def _stop(processes) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


@pytest.fixture
def cluster_processes(tmp_path, botlab_home):
    """A scheduler and one worker with 2 threads."""
    address, processes = _start_cluster(tmp_path, botlab_home, workers=1, threads=2)
    yield address
    _stop(processes)


def test_botlab_cluster_sends_the_sweep_to_a_scheduler_and_worker_processes(
    cluster_processes, monkeypatch
):
    monkeypatch.setenv("BOTLAB_CLUSTER", cluster_processes)
    engine = make_engine()
    assert type(engine).__name__ == "DaskEngine" and engine.workers == 2
    runner = SweepRunner(engine=engine)
    sweep = runner.start(SweepRequest(SMA, symbols=["GOOG"], **REQUEST))
    engine.close()

    assert sweep.status == "succeeded"
    results = runner.store.sweep_results(sweep.id)
    assert len(results) == 9 and all(r.status == "succeeded" for r in results)
    assert len({r.key for r in results}) == 9


def test_a_worker_killed_mid_sweep_loses_nothing_and_duplicates_nothing(tmp_path, botlab_home):
    address, processes = _start_cluster(tmp_path, botlab_home, workers=2, threads=1)
    killed = []

    def kill_one_worker(progress) -> None:
        if not killed:  # halfway through the first slices: one worker and its children die
            killed.append(progress.done)
            os.killpg(processes[1].pid, signal.SIGKILL)

    try:
        from engine.sweeps.dask_engine import DaskEngine

        engine = DaskEngine(address)
        runner = SweepRunner(engine=engine, progress=kill_one_worker)
        request = SweepRequest(SMA, params=["fast=2:121:1"], symbols=["GOOG"], best_n=0)
        sweep = runner.start(request)
        engine.close()
    finally:
        _stop(processes)

    assert killed and killed[0] < 120
    results = runner.store.sweep_results(sweep.id)
    assert sweep.status == "succeeded"
    assert sorted(r.params["fast"] for r in results) == list(range(2, 122))  # each exactly once
    assert all(r.status == "succeeded" for r in results), [
        (r.params, r.status, r.error_type, r.error_message)
        for r in results
        if r.status != "succeeded"
    ]


SLEEPER = """
import threading
import time

from backtesting import Strategy


class Sleeper(Strategy):
    n = 1

    def init(self):
        time.sleep(600)

    def next(self):
        pass
"""


def sandboxed_children(worker_pids) -> set[int]:
    """The pids of the sandboxed children of these Dask worker processes: the children of
    their zygotes (each worker's own children)."""
    import psutil

    found = set()
    for pid in worker_pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            for zygote in psutil.Process(pid).children():
                with contextlib.suppress(psutil.NoSuchProcess):
                    found |= {child.pid for child in zygote.children()}
    return found


def wait_until(predicate, timeout: float = 120, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_cancelling_a_sweep_on_the_cluster_kills_its_remote_sandboxed_children(
    tmp_path, botlab_home, bot_file
):
    import psutil
    from distributed import Client

    from engine.sweeps.dask_engine import DaskEngine

    path = bot_file(SLEEPER, "sleeper.py")
    address, processes = _start_cluster(tmp_path, botlab_home, workers=1, threads=2, sandbox=2)
    try:
        with Client(address) as client:
            worker_pids = list(client.run(os.getpid).values())
        engine = DaskEngine(address)
        runner = SweepRunner(engine=engine)
        # 20 combinations: two slices of 10, one sandboxed child each, both running at once
        sweep = runner.prepare(SweepRequest(str(path), params=["n=1:20:1"], symbols=["GOOG"]))
        running: list[int] = []

        def cancel_once_both_run() -> None:
            def both() -> set[int]:
                found = sandboxed_children(worker_pids)
                return found if len(found) == 2 else set()

            found = wait_until(both, what="two sandboxed children")
            running.extend(found)
            runner.store.request_sweep_cancel(sweep.id)  # as the dashboard or the API would

        canceller = threading.Thread(target=cancel_once_both_run, daemon=True)
        canceller.start()
        finished = runner.run(sweep.id)
        canceller.join(10)
        engine.close()

        assert len(running) == 2
        assert finished.status == "cancelled"
        gone = wait_until(
            lambda: not any(psutil.pid_exists(pid) for pid in running), what="the children to die"
        )
        assert gone and sandboxed_children(worker_pids) == set()
        assert runner.store.sweep_results(sweep.id) == []  # none stored, none after the cancel
        assert runner.store.get_sweep(sweep.id).status == "cancelled"
    finally:
        _stop(processes)
