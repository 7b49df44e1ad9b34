"""Where slices run: one small interface, two engines.

* :class:`EmbeddedEngine` (the default): a thread pool on this machine, one slice per core; each
  thread only waits on a sandboxed child forked from the local warm zygote, so the CPU work
  happens in the children.
* :class:`DaskEngine`: a Dask distributed cluster, chosen by ``BOTLAB_CLUSTER=tcp://host:8786``
  (or ``tls://``); one task per slice (needs the ``botlab[cluster]`` extra; see
  :mod:`engine.cluster`).

Both implement :class:`SliceEngine`: ``submit`` a :class:`~engine.sweeps.slices.SliceTask` and
get a future of its :class:`~engine.sweeps.slices.SliceOutcome`, take the futures ``completed``
so far (waiting up to a timeout, so the caller can look for a cancel request meanwhile), and
``cancel`` everything still running (the sandboxed children are killed).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from concurrent import futures
from typing import Protocol

from engine.sweeps.slices import SliceOutcome, SliceTask, run_slice


class SliceEngine(Protocol):
    """Runs slices somewhere; the sweep runner only talks to this."""

    #: how many slices can run at once (the runner keeps about twice as many in flight)
    workers: int

    def submit(self, task: SliceTask, *, priority: int = 0) -> futures.Future: ...

    def completed(self, pending: Iterable, timeout: float) -> list: ...

    def result(self, future) -> SliceOutcome: ...

    def cancel(self) -> None: ...

    def close(self) -> None: ...


class EmbeddedEngine:
    """Slices in sandboxed children of the local zygote, ``workers`` at a time (default: one per
    core). ``runner`` replaces the sandbox (tests of the process boundary)."""

    def __init__(self, workers: int | None = None, *, runner=None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool = futures.ThreadPoolExecutor(self.workers, thread_name_prefix="botlab-sweep")
        self._cancel = threading.Event()
        self._runner = runner

    def submit(self, task: SliceTask, *, priority: int = 0) -> futures.Future:
        return self._pool.submit(run_slice, task, runner=self._runner, cancel=self._cancel)

    def completed(self, pending: Iterable, timeout: float) -> list:
        """The futures of ``pending`` that are done, waiting up to ``timeout`` for the first."""
        done, _ = futures.wait(list(pending), timeout=timeout, return_when=futures.FIRST_COMPLETED)
        return list(done)

    def result(self, future) -> SliceOutcome:
        return future.result()

    def cancel(self) -> None:
        self._cancel.set()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_engine(workers: int | None = None, *, cluster: str | None = None) -> SliceEngine:
    """The embedded engine, or the Dask one when ``cluster`` (default ``BOTLAB_CLUSTER``) is
    set."""
    from engine.config import load_settings

    cluster = cluster if cluster is not None else load_settings().cluster
    if cluster:
        from engine.sweeps.dask_engine import DaskEngine

        return DaskEngine(cluster)
    return EmbeddedEngine(workers)
