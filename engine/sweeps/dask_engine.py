"""Slices on a Dask distributed cluster: when one machine is not enough.

Chosen by ``BOTLAB_CLUSTER=tcp://host:8786`` (or ``tls://``; TLS certificates come from Dask's
own configuration, e.g. ``DASK_DISTRIBUTED__COMM__TLS__CA_FILE``). Needs the ``botlab[cluster]``
extra here and on every worker; a worker needs nothing else than Botlab itself::

    dask scheduler --host 0.0.0.0 --port 8786
    dask worker tcp://scheduler:8786 --nworkers 1 --nthreads $(nproc) --resources SANDBOX=$(nproc)

One task is one slice: :func:`~engine.sweeps.slices.run_slice` on the worker, which forks one
sandboxed child from the worker's own warm zygote, under the worker's sandbox and limits. A worker
that declares the ``SANDBOX`` resource runs only that many slices at once (one per core), whatever
its thread count. The slice carries its market data as bytes, so workers need no shared disk
and never see the database: results come back to this process, which stores them (idempotently:
a slice Dask re-runs after losing a worker stores nothing twice).

Cancelling sets a cluster-wide :class:`distributed.Event` named after this engine: every running
slice watches it, kills its child and returns what it finished; a slice that starts after it
returns at once.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from engine._process import CANCELLED
from engine.sweeps.slices import SliceOutcome, SliceTask, run_slice

#: The worker resource that counts sandboxed children (``--resources SANDBOX=N``).
SANDBOX_RESOURCE = "SANDBOX"
CONNECT_TIMEOUT_S = 10
#: How often a running slice asks the scheduler whether the sweep was cancelled.
CANCEL_POLL_S = 0.5
_POLL_S = 0.02


class ClusterUnavailable(RuntimeError):
    """The Dask cluster cannot be used; the message says which address and why."""


class DaskEngine:
    """Runs slices as Dask tasks; see the module docstring. ``cluster`` is a scheduler address
    or an existing ``distributed.Client`` (which the engine then leaves open on ``close``)."""

    def __init__(self, cluster, *, connect_timeout_s: float = CONNECT_TIMEOUT_S) -> None:
        try:
            import distributed
        except ImportError:  # pragma: no cover - the extra is part of the test install
            raise ClusterUnavailable(
                "BOTLAB_CLUSTER is set but Dask is not installed: pip install 'botlab[cluster]'"
            ) from None
        self._distributed = distributed
        self._owns_client = isinstance(cluster, str)
        if self._owns_client:
            try:
                self.client = distributed.Client(
                    cluster, timeout=f"{connect_timeout_s}s", set_as_default=False
                )
            except (OSError, TimeoutError) as exc:
                raise ClusterUnavailable(
                    f"cannot reach the Dask scheduler at {cluster}: {exc}"
                ) from None
        else:
            self.client = cluster
        self.address = self.client.scheduler.address
        self._wait_for_a_worker(connect_timeout_s)
        self.workers, self._resources = self._capacity()
        self._cancel_name = f"botlab-sweep-cancel-{uuid.uuid4().hex}"

    def _wait_for_a_worker(self, timeout_s: float) -> None:
        try:
            self.client.wait_for_workers(1, timeout=timeout_s)
        except TimeoutError:
            raise ClusterUnavailable(
                f"no Dask worker is connected to {self.address}: start one with "
                f"`dask worker {self.address} --resources {SANDBOX_RESOURCE}=$(nproc)`"
            ) from None

    def _capacity(self) -> tuple[int, dict | None]:
        """How many slices run at once, and the resources each slice asks for."""
        # n_workers=-1: since distributed 2025.4 the default lists only 5 workers
        workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
        if all(SANDBOX_RESOURCE in (w.get("resources") or {}) for w in workers):
            total = sum(int(w["resources"][SANDBOX_RESOURCE]) for w in workers)
            return max(1, total), {SANDBOX_RESOURCE: 1}
        # Workers without the resource run one slice per thread.
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers)), None

    def submit(self, task: SliceTask, *, priority: int = 0):
        return self.client.submit(
            run_remote_slice,
            _portable(task),
            self._cancel_name,
            key=f"botlab-slice-{task.slice_id}-a{task.attempt}-{uuid.uuid4().hex[:8]}",
            priority=priority,
            resources=self._resources,
            pure=False,
        )

    def completed(self, pending: Iterable, timeout: float) -> list:
        """The futures of ``pending`` that are done, waiting up to ``timeout`` for the first.

        Polled: ``distributed.wait`` needs a default client, and this engine's client is not
        made the process's default (the dashboard may hold others). Slices last seconds, so
        a 20 ms poll costs nothing measurable.
        """
        pending = list(pending)
        deadline = time.monotonic() + timeout
        while True:
            done = [future for future in pending if future.done()]
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(_POLL_S)

    def result(self, future) -> SliceOutcome:
        return future.result()

    def cancel(self) -> None:
        """Stop every slice: running ones kill their child and return what they finished
        (the runner stores it); those not started yet return at once without running."""
        self._distributed.Event(self._cancel_name, client=self.client).set()

    def close(self) -> None:
        if self._owns_client:
            self.client.close()


def _portable(task: SliceTask) -> SliceTask:
    """The task with its data inlined: a worker on another machine cannot read our files."""
    if task.data_bytes is not None or task.data_file is None:
        return task
    return replace(task, data_bytes=Path(task.data_file).read_bytes(), data_file=None)


def run_remote_slice(task: SliceTask, cancel_name: str) -> SliceOutcome:
    """The Dask task: run the slice here, killing its child if the sweep is cancelled."""
    from distributed import Event, get_client

    cancel = threading.Event()
    done = threading.Event()
    event = Event(cancel_name, client=get_client())

    def watch() -> None:
        while not done.wait(CANCEL_POLL_S):
            try:
                if event.is_set():
                    cancel.set()
                    return
            except Exception:  # the scheduler went away: the slice finishes on its own
                return

    if event.is_set():  # cancelled while this slice waited in the queue
        return SliceOutcome(task=task, failure=CANCELLED, failure_detail="the sweep was cancelled")
    watcher = threading.Thread(target=watch, name="botlab-sweep-cancel", daemon=True)
    watcher.start()
    try:
        return run_slice(task, cancel=cancel)
    finally:
        done.set()


__all__ = ["ClusterUnavailable", "DaskEngine", "run_remote_slice"]
