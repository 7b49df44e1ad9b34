"""The Dask engine: a sweep's slices as tasks on a Dask distributed cluster.

Chosen by ``BOTLAB_CLUSTER=tcp://host:8786`` (or ``tls://``); needs ``pip install
'botlab[cluster]'`` here and on every worker, where ``dask worker tcp://host:8786 --nworkers 1
--nthreads $(nproc) --resources SANDBOX=$(nproc)`` is all a worker needs besides Botlab itself:
each task thread asks the worker's own warm zygote for a sandboxed child, and each task holds one
``SANDBOX``, so a worker runs at most as many children as it has cores (see :mod:`engine.cluster`,
which also sends queued single runs to the same workers, before any slice). The data travels
with the sweep (scattered once per symbol), so workers need no market data or database; the
process that runs the sweep stores every result.

One task per slice, with the sweep's priority. Dask runs a lost worker's task again elsewhere;
one that fails ``KilledWorker`` after Dask's own retries is retried and split by the sweep runner
as for a crashed child. A slice the scheduler *forgot* when its worker died (its future
cancelled) never ran: it comes back as :data:`~engine.sweeps.slices.LOST`, and the runner
submits it again as it was. Cancelling sets a cluster-wide :class:`distributed.Event` that each
running task watches, so the sandboxed children are killed, not just forgotten; they are
killed too if the sweep's process dies (a :class:`~engine.cluster.Lease`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from engine import cluster
from engine.config import load_settings
from engine.sweeps.slices import LOST, SliceOutcome, SliceTask, run_slice


class DaskEngine:
    """Slices as Dask tasks on the cluster at ``address`` (default ``BOTLAB_CLUSTER``), or on
    the given ``client``."""

    def __init__(self, address: str | None = None, *, client=None) -> None:
        self._own_client = client is None
        self.client = client or cluster.connect(address=address)
        self._cancel_name = f"botlab-sweep-cancel-{uuid.uuid4().hex}"
        self._scattered: dict[str, object] = {}
        self._tasks: dict[str, SliceTask] = {}  # by future key: the tasks not yet answered
        settings = load_settings()
        try:
            cluster.wait_for_a_worker(self.client, settings)
        except cluster.ClusterError:
            if self._own_client:
                self.client.close()
            raise
        slots, self._resources = cluster.sandbox_slots(self.client)
        self.workers = max(1, slots)
        self._watch = cluster.WorkerWatch(self.client, settings, self._resources)
        self._lease = cluster.Lease(self.client)

    def submit(self, task: SliceTask, *, priority: int = cluster.SWEEP_PRIORITY):
        data = self._data(task)
        remote = replace(task, data_file=None, data_bytes=None)
        future = self.client.submit(
            run_remote_slice,
            remote,
            data,
            self._cancel_name,
            self._lease.name,
            key=f"botlab-slice-{task.slice_id}-{uuid.uuid4().hex[:8]}",
            priority=priority,
            resources=self._resources,
            pure=False,
        )
        self._tasks[future.key] = task
        return future

    def completed(self, pending: Iterable, timeout: float) -> list:
        from distributed import wait
        from distributed.client import FuturesCancelledError

        pending = list(pending)
        if not pending:
            return []
        try:
            # wait() uses the process's default client: with a second one in this process (a
            # queue worker's, say) it would wait on the wrong event loop
            with self.client.as_current():
                done, _ = wait(pending, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            self._watch.check()  # every worker gone: fail rather than wait forever
            return []
        except FuturesCancelledError:
            # a worker killed mid-slice can make the scheduler forget its slices ("already
            # forgotten"): they are finished, as failures the runner retries, never a crash
            return [future for future in pending if future.done()]
        return list(done)

    def result(self, future) -> SliceOutcome:
        task = self._tasks.pop(future.key)
        if future.cancelled():  # not by us (a cancel stops the child and returns its outcome)
            return SliceOutcome(
                task=task, failure=LOST, failure_detail="the cluster lost it with its worker"
            )
        outcome = future.result()
        if isinstance(outcome, dict):  # the worker cannot build the strict sandbox
            cluster.raise_refusal(outcome)
        outcome.task = task  # the client's own, with its data file (for a retry or a split)
        return outcome

    def cancel(self) -> None:
        from distributed import Event

        Event(self._cancel_name, client=self.client).set()

    def close(self) -> None:
        for future in self._scattered.values():
            future.release()
        self._scattered.clear()
        cluster.forget_cancel(self.client, self._cancel_name)
        self._lease.close()
        if self._own_client:
            self.client.close()

    def _data(self, task: SliceTask):
        """The slice's market data, sent to the cluster once per file."""
        if task.data_bytes is not None:
            return task.data_bytes
        if task.data_file is None:
            return None
        if task.data_file not in self._scattered:
            payload = Path(task.data_file).read_bytes()
            self._scattered[task.data_file] = self.client.scatter(payload, broadcast=True)
        return self._scattered[task.data_file]


def run_remote_slice(
    task: SliceTask, data: bytes | None, cancel_name: str, lease: str | None = None
) -> SliceOutcome | dict:
    """The Dask task: run the slice in this worker's sandbox, killing it if the sweep is
    cancelled or its process is gone (``lease``); a :func:`~engine.cluster.refusal` when this
    worker cannot build the sandbox."""
    from engine.execution.sandbox import SandboxUnavailable

    with cluster.watch_cancel(cancel_name, lease) as cancel:
        try:
            outcome = run_slice(replace(task, data_bytes=data), cancel=cancel)
        except SandboxUnavailable as exc:
            return cluster.refusal(exc)
    outcome.task = None  # the client has it: its data would be most of the bytes sent back
    return outcome
