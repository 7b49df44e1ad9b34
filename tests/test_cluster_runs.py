"""Queued single runs on a Dask cluster (BOTLAB_CLUSTER): the queue's worker records and
finishes each run, a Dask worker runs its sandboxed child. Against a real LocalCluster, and
against ``dask scheduler`` + ``dask worker`` processes on loopback (TLS too)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from engine import jobs
from engine.cluster import queue_execution
from engine.config import ConfigError, load_settings

from .conftest import BOTS, EXAMPLES
from .test_jobs import wait_for
from .test_sweep_dask import _start_cluster, _stop, sandboxed_children, wait_until

distributed = pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")

SLOW = """
import time

from backtesting import Strategy


class Slow(Strategy):
    def init(self):
        time.sleep(3)

    def next(self):
        if not self.position:
            self.buy()
"""


@contextlib.contextmanager
def serving(**options):
    """A queue worker in a thread of this process (it reads BOTLAB_CLUSTER when it starts)."""
    worker = jobs.Worker(poll_s=0.05, heartbeat_s=0.2, **options)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop_event.set()
        thread.join(timeout=60)


@pytest.fixture
def local_cluster(monkeypatch):
    """A LocalCluster on loopback (one worker, 2 threads, 2 SANDBOX slots), as BOTLAB_CLUSTER."""
    from distributed import LocalCluster

    with LocalCluster(
        processes=False,
        n_workers=1,
        threads_per_worker=2,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
        resources={"SANDBOX": 2},
    ) as cluster:
        monkeypatch.setenv("BOTLAB_CLUSTER", cluster.scheduler_address)
        yield cluster


def test_queued_runs_execute_on_the_cluster_and_are_finished_in_the_store(
    store, local_cluster, monkeypatch
):
    monkeypatch.setenv("BOTLAB_MAX_CONCURRENT", "1")  # this machine's cores do not limit it
    strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
    queued = [
        jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=400 + n)
        for n in range(3)
    ]
    assert all(store.get_execution(j.execution_id).status == "queued" for j in queued)

    # the queue's worker takes as many jobs at once as the cluster has SANDBOX slots, not the
    # home's BOTLAB_MAX_CONCURRENT
    settings, runner = queue_execution(load_settings())
    assert (runner.slots, settings.max_concurrent) == (2, 2)
    runner.client.close()
    # one job at a time here: CPython 3.11.7's ast.parse is not thread-safe ("AST constructor
    # recursion depth mismatch"), and the executor parses each bot
    with serving(concurrency=1):
        finished = [wait_for(store, job.id, timeout=120) for job in queued]

    assert [job.status for job in finished] == ["succeeded"] * 3
    runs = [store.get_execution(job.execution_id) for job in finished]
    assert all(run.status == "succeeded" and run.trades > 0 for run in runs)
    assert all("on Dask worker" in run.sandbox_report for run in runs)
    assert "seccomp=on" in runs[0].sandbox_report
    assert [run.test_period_days for run in runs] == [400, 401, 402]
    assert store.list_executions(limit=1).total == 3


def test_a_cluster_run_equals_the_same_run_on_this_machine(store, local_cluster, monkeypatch):
    strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
    on_cluster = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=700)
    with serving():
        wait_for(store, on_cluster.id, timeout=120)
    monkeypatch.delenv("BOTLAB_CLUSTER")
    here = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=700)
    with serving():
        wait_for(store, here.id, timeout=120)

    remote, local = (store.get_execution(j.execution_id) for j in (on_cluster, here))
    assert "on Dask worker" in remote.sandbox_report
    assert "on Dask worker" not in local.sandbox_report
    assert remote.metrics == local.metrics and remote.trades == local.trades
    # the equity curve came back from the worker's child too
    equity = store.get_equity(remote.id)
    assert equity is not None and equity == store.get_equity(local.id)


def test_cancelling_a_cluster_run_kills_its_sandboxed_child(store, local_cluster):

    # The LocalCluster's worker is this process: its zygote's new child is the run's. Processes
    # that earlier tests left running under this process (a dashboard server's zygote, say) are
    # not the run's, so only children that appear after this point count.
    earlier = sandboxed_children([os.getpid()])
    strategy = store.save_strategy("sleeper", (BOTS / "sleeper.py").read_text())
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
    with serving():
        wait_for(store, job.id, phase="running")
        child = wait_until(
            lambda: sandboxed_children([os.getpid()]) - earlier, what="the sandboxed child"
        )
        jobs.cancel(store, job.id)
        done = wait_for(store, job.id, timeout=60)

    assert done.status == "cancelled"
    execution = store.get_execution(job.execution_id)
    assert (execution.status, execution.error_type) == ("cancelled", "cancelled")
    assert wait_until(lambda: not any(_alive(pid) for pid in child), what="its end")


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie its parent has not reaped yet does not)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_bad_cluster_address_is_refused_with_its_reason(monkeypatch):
    monkeypatch.setenv("BOTLAB_CLUSTER", "host:8786")
    with pytest.raises(ConfigError, match="write tcp://host:8786 or tls://host:8786"):
        load_settings()
    monkeypatch.setenv("BOTLAB_CLUSTER", "tls://127.0.0.1:8786")
    monkeypatch.setenv("BOTLAB_CLUSTER_TLS_CERT", "/no/such/cert.pem")
    with pytest.raises(ConfigError, match="BOTLAB_CLUSTER_TLS_CERT='/no/such/cert.pem': no such"):
        load_settings()
    monkeypatch.setenv("BOTLAB_CLUSTER_TLS_CERT", __file__)  # a file, but no key beside it
    with pytest.raises(
        ConfigError, match="BOTLAB_CLUSTER_TLS_CERT is set but BOTLAB_CLUSTER_TLS_KEY"
    ):
        load_settings()


# -- a scheduler and workers as processes ---------------------------------------------------------


def _worker_running(address: str, prefix: str) -> int:
    """The pid of the Dask worker process running a task whose key starts with ``prefix``."""
    from distributed import Client

    with Client(address, timeout="30s") as client:

        def find():
            for worker, keys in client.processing().items():
                if any(str(key).startswith(prefix) for key in keys):
                    return worker
            return None

        worker = wait_until(find, what=f"a task {prefix}*")
        return client.run(os.getpid, workers=[worker])[worker]


def _kill_mid_run(tmp_path, monkeypatch, store, bot_code: str, **cluster):
    """Queue a run of ``bot_code``, SIGKILL the Dask worker running it; the finished job."""
    address, processes = _start_cluster(
        tmp_path, tmp_path / "worker-home", workers=2, threads=1, sandbox=1, **cluster
    )
    try:
        monkeypatch.setenv("BOTLAB_CLUSTER", address)
        strategy = store.save_strategy("slow", bot_code)
        job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
        with serving():
            victim = _worker_running(address, "botlab-run-")
            os.kill(victim, signal.SIGKILL)
            return wait_for(store, job.id, timeout=180), victim
    finally:
        _stop(processes)


def test_a_run_whose_dask_worker_dies_is_run_again_elsewhere(tmp_path, monkeypatch, store):
    done, _ = _kill_mid_run(tmp_path, monkeypatch, store, SLOW)

    assert done.status == "succeeded"
    execution = store.get_execution(done.execution_id)
    assert execution.status == "succeeded" and "on Dask worker" in execution.sandbox_report
    assert store.list_executions(limit=1).total == 1  # run again, stored once


def test_a_run_the_cluster_keeps_losing_fails_with_the_reason(tmp_path, monkeypatch, store):
    never_retry = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    done, _ = _kill_mid_run(tmp_path, monkeypatch, store, SLOW, scheduler_env=never_retry)

    assert done.status == "failed"
    execution = store.get_execution(done.execution_id)
    assert (execution.status, execution.error_type) == ("failed", "crashed")
    assert "the Dask cluster lost the run (KilledWorker" in execution.error_message


def _self_signed(folder) -> dict[str, str]:
    """A self-signed certificate for 127.0.0.1 (its own CA), made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-keyout", str(key), "-out", str(cert), "-subj", "/CN=botlab-test",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
            check=True, capture_output=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"openssl cannot make a test certificate: {exc}")
    return {"ca": str(cert), "cert": str(cert), "key": str(key)}


def test_a_tls_cluster_runs_queued_runs_and_sweeps(tmp_path, botlab_home, store, monkeypatch):
    from engine.cluster import ClusterError, connect
    from engine.sweeps.engines import make_engine
    from engine.sweeps.runner import SweepRequest, SweepRunner

    tls = _self_signed(tmp_path)
    address, processes = _start_cluster(
        tmp_path, tmp_path / "worker-home", workers=1, threads=2, sandbox=2, tls=tls
    )
    try:
        assert address.startswith("tls://")
        monkeypatch.setenv("BOTLAB_CLUSTER", address)
        with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
            connect()  # no certificate: the scheduler will not talk to us
        monkeypatch.setenv("BOTLAB_CLUSTER_TLS_CA_FILE", tls["ca"])
        monkeypatch.setenv("BOTLAB_CLUSTER_TLS_CERT", tls["cert"])
        monkeypatch.setenv("BOTLAB_CLUSTER_TLS_KEY", tls["key"])

        strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
        job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
        with serving():
            done = wait_for(store, job.id, timeout=120)
        engine = make_engine()
        sweep = SweepRunner(engine=engine).start(
            SweepRequest(str(EXAMPLES / "sma_cross.py"), params=["fast=5,10"], symbols=["GOOG"])
        )
        engine.close()
    finally:
        _stop(processes)

    assert done.status == "succeeded"
    assert "on Dask worker" in store.get_execution(job.execution_id).sandbox_report
    assert type(engine).__name__ == "DaskEngine" and engine.workers == 2
    assert sweep.status == "succeeded"


def _hold_the_slot(gate: str) -> None:
    """A task holding the cluster's only SANDBOX slot until the Event ``gate`` is set."""
    from distributed import Event

    Event(gate).wait(120)


@dataclass
class HeldSlot:
    """A one-slot cluster's client and the task holding its slot (see :func:`one_held_slot`)."""

    client: Any
    held: Any
    #: The keys of the tasks that ran, in the order they started (filled when the cluster closes).
    started: list[str] = field(default_factory=list)
    #: The worker's queue when the slot was released: (priority, key, state) of each task.
    queue_at_release: list[tuple] = field(default_factory=list)

    def waiting(self, count: int) -> Callable[[], bool]:
        """A test that ``count`` tasks (the holder among them) are on the worker itself, each
        running or ready to run once the slot frees. The scheduler's ``processing()`` says a
        task is sent before the worker has it in its queue: counted there, a task could still
        be on its way when the slot frees, and run after others of lower priority."""
        return lambda: sum(self.client.run(_running_or_queued).values()) == count

    def release(self) -> None:
        """Let the holding task end, freeing the slot."""
        from distributed import Event

        self.queue_at_release = next(iter(self.client.run(_queue).values()))
        Event("gate", client=self.client).set()


def _running_or_queued(dask_worker) -> int:
    return sum(ts.state in ("executing", "constrained") for ts in dask_worker.state.tasks.values())


def _queue(dask_worker) -> list[tuple]:
    return sorted(
        (ts.priority, str(ts.key), ts.state)
        for ts in dask_worker.state.tasks.values()
        if ts.state in ("executing", "constrained", "waiting", "ready")
    )


@contextlib.contextmanager
def one_held_slot(monkeypatch) -> Iterator[HeldSlot]:
    """A LocalCluster (as BOTLAB_CLUSTER) with one SANDBOX slot, held until ``release()``.

    A context manager rather than a fixture: the task stream is read once it closes, after
    which the test looks at ``started``."""
    from distributed import Client, LocalCluster, get_task_stream

    with (
        LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, host="127.0.0.1",
            protocol="tcp", dashboard_address=None, resources={"SANDBOX": 1},
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        with get_task_stream(client) as stream:
            monkeypatch.setenv("BOTLAB_CLUSTER", cluster.scheduler_address)
            held = client.submit(_hold_the_slot, "gate", resources={"SANDBOX": 1}, priority=1000)
            slot = HeldSlot(client, held)
            yield slot
        slot.started = [
            key
            for _, key in sorted(
                (min(s["start"] for s in task["startstops"]), str(task["key"]))
                for task in stream.data
            )
        ]


def test_a_queued_run_goes_before_the_sweep_slices_waiting_for_a_slot(store, monkeypatch):
    """One SANDBOX slot, held; three sweep slices wait for it, then a run: the run goes first."""
    from engine.sweeps.dask_engine import DaskEngine
    from engine.sweeps.slices import SliceTask

    code = (EXAMPLES / "sma_cross.py").read_text()
    with one_held_slot(monkeypatch) as slot:
        client = slot.client
        engine = DaskEngine(client=client)
        slices = [
            engine.submit(SliceTask(slice_id=f"s{n}", code=code, combinations=[])) for n in range(3)
        ]
        strategy = store.save_strategy("sma_cross", code)
        job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
        with serving(concurrency=1):
            wait_until(slot.waiting(5), what="the slices and the run waiting for the slot")
            slot.release()
            done = wait_for(store, job.id, timeout=120)
            client.gather([slot.held, *slices])
        engine.close()

    # every message says enough to explain a failure on a loaded machine (none seen locally)
    assert done.status == "succeeded", (done, store.get_execution(job.execution_id))
    keys = slot.started
    assert keys[0].startswith("_hold_the_slot"), keys
    assert keys[1].startswith("botlab-run-"), (keys, slot.queue_at_release)  # before the slices
    assert all(key.startswith("botlab-slice-") for key in keys[2:]) and len(keys) == 5, (
        keys,
        slot.queue_at_release,
    )


def test_a_worker_that_cannot_reach_the_cluster_says_so_without_a_traceback(botlab_home):
    import sys

    from .conftest import free_port

    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    env = {**os.environ, "BOTLAB_HOME": str(botlab_home), "BOTLAB_CLUSTER": address}
    done = subprocess.run(
        [sys.executable, "-m", "engine", "worker", "--idle-exit", "1"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert done.returncode == 2
    assert f"Error: cannot reach the Dask scheduler at {address} (BOTLAB_CLUSTER)" in done.stderr
    assert "Traceback" not in done.stderr


def test_runs_go_before_sweep_slices_and_those_before_walk_forward_windows(store, monkeypatch):
    """One SANDBOX slot, held. Waiting for it, submitted in the reverse of their priority by
    the real code paths: walk-forward windows (run_in_slices), then a sweep's two slices
    (SweepRunner), then a queued run. Once the slot frees: the run, the slices, the windows."""
    import pickle

    from engine.data import load_ohlcv
    from engine.sweeps.dask_engine import DaskEngine
    from engine.sweeps.runner import SweepRequest, SweepRunner
    from engine.sweeps.slices import SliceTask
    from engine.sweeps.walk_forward import run_in_slices

    code = (EXAMPLES / "sma_cross.py").read_text()
    data = pickle.dumps(load_ohlcv("GOOG").frame)
    windows = [{"key": f"w{n}", "params": {"fast": 5 + n}, "window": [0, 500]} for n in range(20)]

    def window_task(chunk: list[dict], number: int) -> SliceTask:
        return SliceTask(slice_id=f"wf-{number}", code=code, combinations=chunk, data_bytes=data)

    with one_held_slot(monkeypatch) as slot:
        client = slot.client
        done: dict = {}

        def in_thread(name: str, work) -> threading.Thread:
            thread = threading.Thread(target=lambda: done.update({name: work()}), daemon=True)
            thread.start()
            return thread

        window_engine, sweep_engine = DaskEngine(client=client), DaskEngine(client=client)
        threads = [
            in_thread("windows", lambda: run_in_slices(windows, window_task, engine=window_engine))
        ]
        wait_until(slot.waiting(3), what="two window slices waiting")
        request = SweepRequest(
            str(EXAMPLES / "sma_cross.py"), params=["fast=5:24:1"], symbols=["GOOG"],
            best_n=0, robustness=False,
        )  # fmt: skip
        runner = SweepRunner(engine=sweep_engine)
        threads.append(in_thread("sweep", lambda: runner.start(request)))
        wait_until(slot.waiting(5), what="two sweep slices waiting")
        strategy = store.save_strategy("sma_cross", code)
        job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
        with serving(concurrency=1):
            wait_until(slot.waiting(6), what="the run waiting")
            slot.release()
            finished = wait_for(store, job.id, timeout=120)
            for thread in threads:
                thread.join(300)
        client.gather(slot.held)
        window_engine.close()
        sweep_engine.close()

    assert finished.status == "succeeded", (finished, store.get_execution(job.execution_id))
    assert done["sweep"].status == "succeeded", done["sweep"]
    assert all(line["ok"] for line in done["windows"].values()) and len(done["windows"]) == 20
    kinds = [
        "run" if key.startswith("botlab-run-")
        else "window" if key.startswith("botlab-slice-wf-")
        else "slice" if key.startswith(f"botlab-slice-{done['sweep'].id}-")
        else key
        for key in slot.started[1:]
    ]  # fmt: skip
    assert slot.started[0].startswith("_hold_the_slot"), slot.started
    assert kinds == ["run", "slice", "slice", "window", "window"], (kinds, slot.queue_at_release)
