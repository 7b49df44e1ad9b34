"""Botlab on a Dask cluster: the connection, and queued single runs executed by its workers.

``BOTLAB_CLUSTER=tcp://host:8786`` (or ``tls://``, with the ``BOTLAB_CLUSTER_TLS_*`` files of
:mod:`engine.config`) sends two kinds of work to the cluster (``pip install 'botlab[cluster]'``
here and on every worker):

* a sweep's slices (:mod:`engine.sweeps.dask_engine`);
* runs queued from the dashboard, the CLI or the API. The home's ``botlab worker`` still takes
  each job from the queue and keeps the store: the run is recorded (``queued``) before it starts
  and finished there, whatever happens on the cluster. Only its sandboxed child runs on a Dask
  worker (:func:`cluster_runner`): the job directory (the bot, its settings, its data) travels
  with the task and the result files come back, so workers need no database and no market data.

**One sandboxed child per core.** Start each worker with ``--resources SANDBOX=$(nproc)``: every
task asks for one ``SANDBOX``, so a worker never runs more sandboxed children than it has cores,
whatever its thread count. (On a cluster whose workers declare no ``SANDBOX``, tasks go without
the restriction, one per worker thread.)

**Priorities.** Dask runs the highest ``priority`` first: single runs (:data:`RUN_PRIORITY`),
which someone is waiting for, before sweep slices, and those before walk-forward windows.

**Lost workers.** Dask runs a task again elsewhere when its worker dies (up to
``distributed.scheduler.allowed-failures`` times, 3 by default); after that, or if the scheduler
itself goes away, the run fails as ``crashed`` with the reason. Each attempt starts from the same
job directory, and only the answer that comes back is stored: never twice.

**No worker.** A Dask task on a cluster without a worker (able to take it) waits forever; Botlab
waits ``BOTLAB_CLUSTER_WORKER_WAIT`` seconds (60) for one to join (:class:`WorkerWatch`), then
fails the sweep or the run (``cluster_unavailable``) with a ``start_worker`` hint that each
front end words (the command line as the ``dask worker`` command to type).

**Cancel.** Cancelling sets a cluster-wide :class:`distributed.Event` that the task watches: the
sandboxed child is killed (not just forgotten), and a task still waiting in the cluster's queue
never starts. A task whose client died (the queue's worker, a sweep's process) stops its child
too, within :data:`LEASE_TIMEOUT_S`: see :class:`Lease`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from engine.config import Settings, load_settings
from engine.execution import harness, supervisor
from engine.results import HINTS, Hint, Message

SANDBOX = "SANDBOX"  # the worker resource: sandboxed children a worker may run at once
RUN_PRIORITY = 100  # a queued single run: someone is waiting for it
SWEEP_PRIORITY = 10  # a sweep's slices
WINDOW_PRIORITY = 5  # walk-forward windows
CANCEL_POLL_S = 0.5  # how often a task looks for a cancel (and the client for one to send)
CANCEL_GRACE_S = 5.0  # how long a cancelled running task has to kill its child and answer
LEASE_BEAT_S = 2.0  # how often a client shows its tasks it is alive (a Lease)
LEASE_TIMEOUT_S = 20.0  # a task whose client's Lease stands still this long stops its child
#: The files a run's child leaves that the executor reads (the rest stay on the worker).
RUN_OUTPUTS = (harness.RESULT_FILE, harness.EQUITY_FILE)
OUTPUT_SIZE_LIMIT = 64 * 1024**2  # per file brought back: the child's files are hostile input
#: The error_type of work the cluster could not take (no worker joined, scheduler unreachable).
CLUSTER_UNAVAILABLE = "cluster_unavailable"


class ClusterError(RuntimeError):
    """The cluster cannot be used (Dask missing, scheduler unreachable, no worker); the message
    says why, ``hints`` what to change (see :class:`engine.results.Hint`)."""

    def __init__(self, message: str, *, hints: list[Hint] | None = None) -> None:
        super().__init__(message)
        self.hints = hints or []


def connect(settings: Settings | None = None, address: str | None = None):
    """A :class:`distributed.Client` for ``address`` (default ``BOTLAB_CLUSTER``), over TLS
    with the ``BOTLAB_CLUSTER_TLS_*`` files when they are set."""
    settings = settings or load_settings()
    address = address or settings.cluster
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "BOTLAB_CLUSTER is set but Dask is not installed: pip install 'botlab[cluster]'"
        ) from None
    try:
        return Client(address, security=security(settings), timeout="10s")
    except Exception as exc:  # refused, timed out, TLS handshake failed...
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} (BOTLAB_CLUSTER): {exc}"
        ) from None


def security(settings: Settings):
    """distributed's ``Security`` from the ``BOTLAB_CLUSTER_TLS_*`` files, or ``None`` (Dask's
    own ``distributed.comm.tls`` configuration then applies)."""
    if not (settings.cluster_tls_ca_file or settings.cluster_tls_cert):
        return None
    from distributed.security import Security

    return Security(
        tls_ca_file=settings.cluster_tls_ca_file or None,
        tls_client_cert=settings.cluster_tls_cert or None,
        tls_client_key=settings.cluster_tls_key or None,
        require_encryption=True,
    )


def sandbox_slots(client) -> tuple[int, dict | None]:
    """How many sandboxed children the cluster runs at once, and the ``resources=`` each task
    asks for: the workers' ``SANDBOX`` resources when they declare them, else their threads.

    Asks for every worker (``n_workers=-1``): since distributed 2025.4 the scheduler lists only
    5 otherwise.
    """
    workers = client.scheduler_info(n_workers=-1).get("workers", {}).values()
    declared = [(w.get("resources") or {}).get(SANDBOX, 0) for w in workers]
    if any(declared):
        return int(sum(declared)), {SANDBOX: 1}
    return sum(w.get("nthreads", 1) for w in workers), None


def no_worker(address: str, wait_s: float) -> ClusterError:
    """No worker joined the cluster at ``address``: said, with starting one as a hint (the
    command line says the ``dask worker`` command; see :mod:`engine.cli`)."""
    return ClusterError(
        f"no Dask worker joined {address} within {wait_s:g} s",
        hints=[HINTS["start_worker"].given(address)],
    )


def wait_for_a_worker(client, settings: Settings) -> None:
    """Return once the cluster has a worker; :class:`ClusterError` after
    ``BOTLAB_CLUSTER_WORKER_WAIT`` seconds without one."""
    try:
        client.wait_for_workers(1, timeout=settings.cluster_worker_wait_s)
    except TimeoutError:
        address = client.scheduler.address
        raise no_worker(address, settings.cluster_worker_wait_s) from None


class WorkerWatch:
    """For a wait on submitted work: :meth:`check` raises :class:`ClusterError` once no worker
    able to take it (one declaring ``SANDBOX`` when ``resources`` asks for it) has been on the
    cluster for ``BOTLAB_CLUSTER_WORKER_WAIT`` seconds, counted from the first check that
    found none."""

    def __init__(self, client, settings: Settings, resources: dict | None) -> None:
        self.client = client
        self.resources = resources
        self.wait_s = settings.cluster_worker_wait_s
        self._alone_since: float | None = None

    def check(self) -> None:
        workers = self.client.scheduler_info(n_workers=-1).get("workers", {}).values()
        if self.resources:
            workers = [w for w in workers if (w.get("resources") or {}).get(SANDBOX, 0) > 0]
        if workers:
            self._alone_since = None
            return
        now = time.monotonic()
        if self._alone_since is None:
            self._alone_since = now
        if now - self._alone_since >= self.wait_s:
            address = self.client.scheduler.address
            raise no_worker(address, self.wait_s)


class Lease:
    """A client's sign of life for its tasks: a counter in the cluster-wide Variable ``name``,
    bumped every :data:`LEASE_BEAT_S` by a thread of this process. A task whose client dies
    (a queue worker or a sweep killed while the child runs on a Dask worker) sees the counter
    stand still and stops its sandboxed child (:func:`watch_cancel`), instead of leaving it to
    run on, orphaned, until its time limit. Dask itself only forgets the task: a running
    one is never interrupted."""

    def __init__(self, client) -> None:
        from distributed import Variable

        self.name = f"botlab-lease-{uuid.uuid4().hex}"
        self._variable = Variable(self.name, client=client)
        self._variable.set(0)
        self._stop = threading.Event()
        threading.Thread(target=self._beat, name="botlab-lease", daemon=True).start()

    def _beat(self) -> None:
        beats = 0
        while not self._stop.wait(LEASE_BEAT_S):
            beats += 1
            with contextlib.suppress(Exception):  # the scheduler away a moment: tasks wait
                self._variable.set(beats)

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(Exception):
            self._variable.delete()


@contextlib.contextmanager
def watch_cancel(name: str, lease: str | None = None) -> Iterator[threading.Event]:
    """In a Dask task: a local event set once the cluster-wide Event ``name`` is (polled), or
    once the client's :class:`Lease` ``lease`` has not moved for :data:`LEASE_TIMEOUT_S`
    (timed by this worker's clock: the machines' clocks need not agree)."""
    from distributed import Event, Variable, get_client

    cancel, finished = threading.Event(), threading.Event()
    client = get_client()
    remote = Event(name, client=client)
    beats = Variable(lease, client=client) if lease else None
    seen, moved, looked = None, time.monotonic(), 0.0

    def client_gone() -> bool:
        nonlocal seen, moved, looked
        now = time.monotonic()
        if beats is None or now - looked < LEASE_BEAT_S:
            return False
        looked = now
        with contextlib.suppress(Exception):  # deleted or not readable: it did not move
            value = beats.get(timeout=LEASE_BEAT_S)
            if value != seen:
                seen, moved = value, now
        return now - moved > LEASE_TIMEOUT_S

    def watch() -> None:
        # the first look at once (a task cancelled while it waited in the queue is stopped as
        # it starts), but in this thread: the task does not wait for the scheduler's answer
        first = True
        while first or not finished.wait(CANCEL_POLL_S):
            first = False
            try:
                if remote.is_set() or client_gone():
                    cancel.set()
                    return
            except Exception:  # the scheduler went away: the run's own time limit still holds
                return

    watcher = threading.Thread(target=watch, name="botlab-cancel-watch", daemon=True)
    watcher.start()
    try:
        yield cancel
    finally:
        finished.set()


def forget_cancel(client, name: str) -> None:
    """Drop a cluster-wide cancel Event that was set (the scheduler keeps set ones)."""
    from distributed import Event

    with contextlib.suppress(Exception):
        Event(name, client=client).clear()


# -- queued single runs -------------------------------------------------------------------------


def queue_execution(settings: Settings) -> tuple[Settings, object | None]:
    """For the queue's worker: the settings and runner of its executor. Without a cluster, the
    same settings and ``None`` (the local sandbox); with one, a runner that sends each run to
    the cluster, and as many run slots as the cluster has sandbox slots (the home's
    ``BOTLAB_MAX_CONCURRENT`` would otherwise cap a cluster at one machine's cores)."""
    if not settings.cluster:
        return settings, None
    client = connect(settings)
    runner = cluster_runner(settings, client)
    slots_ = max(runner.slots, settings.max_concurrent)
    return dataclasses.replace(settings, max_concurrent=slots_), runner


class cluster_runner:  # noqa: N801 - used like the executor's other runners (a callable)
    """The executor's process boundary on a cluster: ``runner(job_dir, limits, cancel=...)``
    runs the prepared job in a sandboxed child on a Dask worker, writes the child's result
    files back into ``job_dir`` and returns its
    :class:`~engine.execution.supervisor.ProcessOutcome`."""

    def __init__(self, settings: Settings, client) -> None:
        self.settings = settings
        self.client = client
        self.slots, self.resources = sandbox_slots(client)
        self.lease = Lease(client)

    def __call__(self, job_dir: Path, limits: supervisor.RunLimits, *, cancel=None):
        job_dir = Path(job_dir)
        if not self.slots:  # no worker yet when the queue's worker started: look again
            self.slots, self.resources = sandbox_slots(self.client)
        files = {p.name: p.read_bytes() for p in job_dir.iterdir() if p.is_file()}
        cancel_name = f"botlab-run-cancel-{uuid.uuid4().hex}"
        future = self.client.submit(
            run_remote_job,
            files,
            limits,
            cancel_name,
            self.settings.sandbox_policy,
            self.lease.name,
            key=f"botlab-run-{job_dir.name}-{uuid.uuid4().hex[:8]}",
            priority=RUN_PRIORITY,
            resources=self.resources,
            pure=False,
        )
        watch = WorkerWatch(self.client, self.settings, self.resources)
        try:
            answer = self._wait(future, cancel_name, cancel, watch)
        except ClusterError as exc:  # no worker to run it
            future.cancel()
            return supervisor.ProcessOutcome(
                returncode=None,
                failure=CLUSTER_UNAVAILABLE,
                failure_detail=Message(exc),  # keeps its hints for the stored run
                sandbox_report=f"Dask cluster {self.settings.cluster}",
            )
        except Exception as exc:  # KilledWorker (lost too often), the scheduler gone...
            future.cancel()
            return supervisor.ProcessOutcome(
                returncode=None,
                failure=supervisor.CRASHED,
                failure_detail=f"the Dask cluster lost the run ({type(exc).__name__}: {exc})",
                sandbox_report=f"Dask cluster {self.settings.cluster}",
            )
        if answer is None:  # cancelled before it answered (or before it started)
            return supervisor.ProcessOutcome(
                returncode=None,
                failure=supervisor.CANCELLED,
                failure_detail="cancelled by the user",
                sandbox_report=f"Dask cluster {self.settings.cluster}",
            )
        if "refused" in answer:
            raise_refusal(answer)
        for name, data in answer["files"].items():
            (job_dir / name).write_bytes(data)
        outcome = answer["outcome"]
        outcome.sandbox_report = f"{outcome.sandbox_report} (on Dask worker {answer['host']})"
        return outcome

    def _wait(self, future, cancel_name: str, cancel: threading.Event | None, watch):
        """The task's answer, or ``None`` once ``cancel`` is set and the task is stopped."""
        while True:
            try:
                return future.result(timeout=CANCEL_POLL_S)
            except TimeoutError:
                if cancel is not None and cancel.is_set():
                    break
                watch.check()
        from distributed import Event

        Event(cancel_name, client=self.client).set()  # a running task kills its child
        try:
            answer = future.result(timeout=CANCEL_GRACE_S)
        except TimeoutError:  # still queued: it sees the Event if it ever starts
            future.cancel()
            return None
        forget_cancel(self.client, cancel_name)
        return answer


def run_remote_job(
    files: dict[str, bytes], limits, cancel_name: str, policy: str, lease: str | None = None
) -> dict:
    """The Dask task of one run: the job directory rebuilt under this worker's scratch
    directory, run in its sandbox; returns the outcome and the result files (or ``refused``
    with the sandbox's report). The child is killed on a cancel, or once the queue's worker
    that waits for it is gone (its ``lease`` stands still).

    It takes none of the worker home's run slots: its ``SANDBOX`` resource is the cap, and the
    queue's worker that waits for it already holds a slot of ITS home, which may be this one.
    """
    from engine.execution.sandbox import SandboxUnavailable, get_sandbox

    settings = load_settings()
    settings.scratch_dir.mkdir(parents=True, exist_ok=True)
    job_dir = Path(tempfile.mkdtemp(prefix="cluster-run-", dir=settings.scratch_dir))
    host = socket.gethostname()
    try:
        os.chmod(job_dir, 0o700)
        for name, data in files.items():
            (job_dir / Path(name).name).write_bytes(data)
        with watch_cancel(cancel_name, lease) as cancel:
            try:
                outcome = get_sandbox(policy).run(job_dir, limits, cancel=cancel)
            except SandboxUnavailable as exc:
                return refusal(exc)
        outputs = {name: _read_output(job_dir / name) for name in RUN_OUTPUTS}
        return {
            "outcome": outcome,
            "files": {name: data for name, data in outputs.items() if data is not None},
            "host": host,
        }
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)


def refusal(exc) -> dict:
    """A task's answer when this worker cannot build the strict sandbox (a ``SandboxUnavailable``
    does not survive pickling: its report travels as data instead)."""
    return {"refused": exc.report.to_dict(), "host": socket.gethostname()}


def raise_refusal(answer: dict) -> None:
    """Raise a worker's :func:`refusal` here, worded as this machine's own would be (the layers
    missing, how to get them, the permissive escape hatch), naming the worker."""
    from engine.execution.sandbox import LayerReport, SandboxUnavailable

    report = LayerReport.from_dict(answer["refused"])
    raise SandboxUnavailable(report, f"On the Dask worker {answer['host']}.")


def _read_output(path: Path) -> bytes | None:
    """A file the child wrote: without following links; ``None`` when missing or too big (the
    executor then reports the run as having no result, as it would locally)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(OUTPUT_SIZE_LIMIT + 1)
    except OSError:
        return None
    return data if len(data) <= OUTPUT_SIZE_LIMIT else None
