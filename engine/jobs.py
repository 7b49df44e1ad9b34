"""Background runs: submit a job, and a worker process generates and runs it.

The dashboard and the HTTP API never run (or fork) a bot in their own process. They *submit*:

>>> job = jobs.submit_generation(store, description="buy when RSI(14) drops below 30 ...")
>>> jobs.ensure_worker()        # starts `botlab worker` for this BOTLAB_HOME if none is running
>>> store.get_job(job.id).phase  # queued -> generating -> running -> saving -> done

The queue's state lives in the database (:mod:`engine.store.jobs`), so a page reload, a server
restart or a second browser all see the same jobs. One worker runs per ``BOTLAB_HOME``, guarded
by a lock file; it takes jobs by priority, runs up to ``concurrency`` at once (default:
``BOTLAB_MAX_CONCURRENT``, the home's run slots, which it shares with the CLI and the dashboard:
see :mod:`engine.execution.slots`) through the sandboxed executor, beats a heartbeat, and stops a
run
whose cancellation was requested. A worker that dies leaves jobs whose heartbeat stops; the
next worker (or :func:`reconcile`) closes them, and their runs, as failed with the reason, so
nothing stays stuck. ``botlab worker`` starts one by hand (for a server deployment).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import logging
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from engine.config import Settings, load_settings
from engine.results import Message

log = logging.getLogger("botlab.worker")

LOCK_FILE = "worker.lock"
PID_FILE = "worker.pid"
LOG_FILE = "worker.log"
#: A running job whose heartbeat is older than this is taken to be orphaned.
STALE_AFTER_S = 60.0
#: An on-demand worker exits after this long without work (the next click starts another).
DEFAULT_IDLE_EXIT_S = 1800.0
UPLOAD_DIR = "uploads"


#: The test settings a description can name, kept on a generated strategy.
DESCRIBED_SETTINGS = ("symbol", "interval", "period_days", "start", "end", "cash", "commission")


class WorkerAlreadyRunning(RuntimeError):
    """Another worker holds this home's lock."""


# -- checking and submitting ---------------------------------------------------------------------


def check_request(
    *,
    description: str | None = None,
    engine: str = "auto",
    symbol: str | None = None,
    source: str | None = None,
    days: int | None = None,
    start=None,
    end=None,
    interval: str | None = None,
    data_path: str | os.PathLike | None = None,
    cash: float | None = None,
    commission: float | None = None,
    spread: float | None = None,
    settings: Settings | None = None,
    exact: bool = False,
    strategy_spec: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Problems with a request, by field (``description``, ``engine``, ``symbol``, ``data``,
    ``period``, ``cash``, ``commission``, ``spread``), each a specific message; empty when it
    can run.

    Run before submitting, so bad input is reported next to its field and nothing is stored.
    The description's own symbol and period ("on AAPL over 2 years") count when the fields are
    empty (unless ``exact``: see :func:`submit_generation`); so do a stored strategy's
    (``strategy_spec``: its symbol, period and bar size). Checking Yahoo data may take a network
    round trip (a cache hit does not).
    """
    from engine.data import DataError, load_ohlcv

    settings = settings or load_settings()
    errors: dict[str, str] = {}
    if description is not None:
        spec = _check_description(description, engine, settings, errors)
        if spec is not None and not exact:
            symbol = symbol or spec.symbol
            days = days if days is not None else spec.period_days
            start = start or spec.start
            interval = interval or spec.interval
    if strategy_spec:
        symbol = symbol or strategy_spec.get("symbol")
        if not (days or start or end):
            days, start = strategy_spec.get("period_days"), strategy_spec.get("start")
        interval = interval or strategy_spec.get("interval")
    if cash is not None and not cash > 0:
        errors["cash"] = "Starting cash must be more than zero."
    if commission is not None and not 0 <= commission < 0.1:
        errors["commission"] = "Commission is a fraction of each trade: between 0 and 0.1 (10%)."
    if spread is not None and not 0 <= spread < 0.1:
        errors["spread"] = "The spread is a fraction of the price: between 0 and 0.1 (10%)."
    try:
        load_ohlcv(
            symbol or (None if data_path else "AAPL"),
            start=start,
            end=end,
            days=days,
            interval=interval,
            source=source,
            path=data_path,
            settings=settings,
        )
    except DataError as exc:
        errors[_data_field(exc, data_path)] = Message(exc)
    return errors


def _check_description(description, engine, settings, errors):
    from engine.generation.generator import GenerationRefused, StrategyGenerator

    try:
        chosen, understanding = StrategyGenerator(settings).choose_engine(description, engine)
    except GenerationRefused as exc:
        errors["engine" if exc.field == "engine" else "description"] = Message(exc)
        return None
    return understanding.spec if chosen == "offline" else None


def _data_field(exc, data_path) -> str:
    """Which field a data error belongs to: the period when it names one (a start after its
    end is not the symbol's fault), else the file or the symbol."""
    if exc.field is not None:
        return "period"
    if data_path is not None:
        return "data"
    if exc.code in ("empty_range", "interval_limit", "interval_unavailable"):
        return "period"
    return "symbol"


def submit_generation(
    store,
    *,
    description: str,
    engine: str = "auto",
    name: str | None = None,
    code: str | None = None,
    code_source: str = "edited",
    priority: int = 0,
    exact: bool = False,
    **run_options,
):
    """Queue "generate a bot from ``description`` (or save ``code``: an edited copy, or an
    uploaded bot with ``code_source="upload"``), then run it".

    ``run_options``: symbol, days, start, end, interval, source, data_path, cash, commission,
    timeout; the description's own test settings ("on AAPL over 2 years") fill those not given,
    unless ``exact``: then the options are the whole test (a form that showed every setting,
    "All available data" included, is run as shown). Returns the
    :class:`~engine.store.jobs.JobRecord`.
    """
    payload = {
        "description": description,
        "engine": engine,
        "name": name,
        "code": code,
        "source": code_source,
        "run": _run_options(run_options),
    }
    if exact:
        payload["exact"] = True
    return store.enqueue_job("generate", payload, priority=priority)


def submit_run(store, *, strategy_id: int, priority: int = 0, exact: bool = False, **run_options):
    """Queue a run of a stored strategy version. Its execution is recorded now, as ``queued``,
    so it is in the history (with a shareable id) before it starts. ``exact``: as for
    :func:`submit_generation`."""
    strategy = store.get_strategy(strategy_id)
    if strategy is None:
        from engine.store.errors import NotFoundError

        raise NotFoundError(f"no strategy with id {strategy_id}")
    options = _run_options(run_options)
    with store.transaction():  # the queued run and its job exist together or not at all
        return _enqueue_run(store, strategy_id, priority, options, exact=exact)


def _enqueue_run(store, strategy_id: int, priority: int, options: dict, *, exact: bool = False):
    execution_id = store.create_execution(
        strategy_id=strategy_id,
        status="queued",
        priority=priority,
        symbol=options.get("symbol"),
        interval=options.get("interval"),
        cash=options.get("cash"),
        commission=options.get("commission"),
        spread=options.get("spread"),
        test_period_days=options.get("days"),
    )
    payload: dict = {"run": options}
    if exact:
        payload["exact"] = True
    return store.enqueue_job(
        "run",
        payload,
        priority=priority,
        strategy_id=strategy_id,
        execution_id=execution_id,
    )


def cancel(store, job_id: int):
    """Cancel a queued or running job (a finished one is left as it is)."""
    return store.request_cancel(job_id)


def save_upload(settings: Settings | None, filename: str, data: bytes) -> Path:
    """Keep an uploaded data file under the home (named by its content) and return its path."""
    settings = settings or load_settings()
    folder = settings.home / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(filename).name)[-80:]
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{safe or 'data.csv'}"
    if not path.exists():
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


_RUN_KEYS = (
    "symbol",
    "days",
    "start",
    "end",
    "interval",
    "source",
    "data_path",
    "cash",
    "commission",
    "spread",
    "timeout",
)


def _run_options(options: dict) -> dict:
    unknown = set(options) - set(_RUN_KEYS)
    if unknown:
        raise TypeError(f"unknown run option(s): {', '.join(sorted(unknown))}")
    cleaned = {key: value for key, value in options.items() if value not in (None, "")}
    for key in ("start", "end"):
        if key in cleaned:
            cleaned[key] = str(cleaned[key])
    if "data_path" in cleaned:
        cleaned["data_path"] = str(cleaned["data_path"])
    return cleaned


# -- the worker process ----------------------------------------------------------------------------


def ensure_worker(settings: Settings | None = None) -> int:
    """The pid of this home's worker, starting one (detached, in its own session) if none runs.

    The worker inherits this process's environment and working directory: it needs the Gemini
    keys to generate; the bots it runs never see them (the sandbox gives them a clean one).
    """
    settings = settings or load_settings()
    settings.ensure_dirs()
    _reap_spawned()
    pid = running_worker_pid(settings)
    if pid:
        return pid
    with open(settings.home / LOG_FILE, "ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "engine", "worker", "--idle-exit", str(DEFAULT_IDLE_EXIT_S)],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
            env={**os.environ, "BOTLAB_HOME": str(settings.home)},
        )
    _spawned.append(process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        pid = running_worker_pid(settings)
        if pid:
            return pid
        time.sleep(0.05)
    return running_worker_pid(settings) or process.pid


def running_worker_pid(settings: Settings | None = None) -> int | None:
    """The pid of the worker holding this home's lock, or ``None`` when none does."""
    settings = settings or load_settings()
    lock_path = settings.home / LOCK_FILE
    if not lock_path.exists():
        return None
    with open(lock_path, "a+") as handle:
        held = _lock_held(handle)
    return _read_pid(settings.home / PID_FILE) if held else None


def stop_worker(settings: Settings | None = None, timeout_s: float = 10.0) -> bool:
    """Ask this home's worker to stop (SIGTERM: running jobs are cancelled); True if it did."""
    settings = settings or load_settings()
    pid = running_worker_pid(settings)
    if not pid:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        _reap_spawned()
        if running_worker_pid(settings) is None:
            return True
        time.sleep(0.05)
    return False


_spawned: list[subprocess.Popen] = []


def _reap_spawned() -> None:
    for process in list(_spawned):
        if process.poll() is not None:
            _spawned.remove(process)


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def reconcile(store) -> list[int]:
    """Close jobs (and their runs) left running by a worker that is gone."""
    from engine.execution.supervisor import runner_alive

    return store.fail_stale_jobs(is_alive=runner_alive, stale_after_s=STALE_AFTER_S)


class Worker:
    """Takes jobs from the queue and runs them; one per home (see the module docstring)."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        concurrency: int | None = None,
        idle_exit_s: float | None = None,
        poll_s: float = 0.1,
        heartbeat_s: float = 2.0,
    ) -> None:
        self.settings = settings or load_settings()
        self.settings.ensure_dirs()
        # More threads than the home's run slots would only wait (engine.execution.slots).
        self.concurrency = max(1, concurrency or self.settings.max_concurrent)
        self._default_concurrency = not concurrency
        self.idle_exit_s = idle_exit_s
        self.poll_s = poll_s
        self.heartbeat_s = heartbeat_s
        self.stop_event = threading.Event()
        self._cancels: dict[int, threading.Event] = {}
        self._lock_handle = None

    def run(self) -> None:
        """Serve the queue until stopped (SIGTERM/SIGINT, ``stop_event`` or idle exit)."""
        self._acquire_lock()
        from engine.cluster import queue_execution
        from engine.execution.executor import BotExecutor
        from engine.generation.generator import StrategyGenerator
        from engine.store import Store

        self.store = Store.open(self.settings)
        # BOTLAB_CLUSTER: the runs' sandboxed children run on the Dask cluster's workers
        settings, runner = queue_execution(self.settings)
        self.executor = BotExecutor(
            verbose=False, settings=settings, store=self.store, runner=runner
        )
        if runner is not None and self._default_concurrency:
            self.concurrency = settings.max_concurrent
        self.generator = StrategyGenerator(self.settings, store=self.store, executor=self.executor)
        closed = reconcile(self.store)
        if closed:
            log.warning("closed %d job(s) left running by a previous worker", len(closed))
        try:
            with ThreadPoolExecutor(self.concurrency, thread_name_prefix="botlab-job") as pool:
                self._serve(pool)
        finally:
            self._release_lock()

    def _serve(self, pool: ThreadPoolExecutor) -> None:
        active: dict[int, Future] = {}
        idle_since = time.monotonic()
        next_beat = 0.0
        while not self.stop_event.is_set():
            for job_id in [j for j, future in active.items() if future.done()]:
                active.pop(job_id)
                self._cancels.pop(job_id, None)
            claimed = False
            while len(active) < self.concurrency:
                job = self.store.claim_job(worker_host=socket.gethostname(), worker_pid=os.getpid())
                if job is None:
                    break
                claimed = True
                self._cancels[job.id] = threading.Event()
                active[job.id] = pool.submit(self._process, job, self._cancels[job.id])
            if time.monotonic() >= next_beat and active:
                for job_id in self.store.heartbeat_jobs(active):
                    self._cancels.get(job_id, threading.Event()).set()
                next_beat = time.monotonic() + self.heartbeat_s
            if active or claimed:
                idle_since = time.monotonic()
            elif self.idle_exit_s and time.monotonic() - idle_since > self.idle_exit_s:
                log.info("no work for %.0f s: exiting", self.idle_exit_s)
                break
            self.stop_event.wait(self.poll_s)
        for event in self._cancels.values():  # stopping: cancel what is still running
            event.set()

    # -- one job -----------------------------------------------------------------------------------

    def _process(self, job, cancel: threading.Event) -> None:
        try:
            result = self._run_job(job, cancel)
        except Exception as exc:  # the job fails with a specific reason; the worker goes on
            self._fail(job, exc)
            return
        if result is None:
            self.store.finish_job(
                job.id,
                status="cancelled",
                error_type="cancelled",
                error_message="cancelled by the user",
            )
            return
        self.store.update_job(job.id, phase="saving", progress="Saving the results")
        self.store.finish_job(
            job.id, status=result.status, error_type=result.error_type, error_message=result.error
        )

    def _run_job(self, job, cancel: threading.Event):
        options = dict(job.payload.get("run") or {})
        if job.kind == "generate":
            strategy = self._generate(job)
            if cancel.is_set():
                return None
            execution_id = None
        else:
            strategy = self._stored_strategy(job.strategy_id)
            execution_id = job.execution_id
        if job.payload.get("exact"):  # the options are the whole test: none from the description
            strategy = dataclasses.replace(strategy, **dict.fromkeys(DESCRIBED_SETTINGS))
        self.store.update_job(
            job.id, phase="running", progress="Running the backtest in the sandbox"
        )
        data_path = options.pop("data_path", None)
        return self.generator.run(
            strategy,
            symbol=options.pop("symbol", None),
            days=options.pop("days", None),
            data=data_path,
            source=options.pop("source", None),
            execution_id=execution_id or self._new_execution(job, strategy),
            cancel=cancel,
            **options,
        )

    def _generate(self, job):
        payload = job.payload
        self.store.update_job(job.id, phase="generating", progress="Writing the bot")

        def progress(message: str) -> None:
            self.store.update_job(job.id, progress=message)

        if payload.get("code"):
            strategy = self._save_edited(payload)
        else:
            strategy = self.generator.generate(
                payload["description"],
                engine=payload.get("engine") or "auto",
                name=payload.get("name"),
                progress=progress,
            )
        self.store.update_job(job.id, strategy_id=strategy.strategy_id)
        return strategy

    def _save_edited(self, payload):
        """An edited copy of a bot, saved as a new version of its strategy."""
        name = payload.get("name") or "edited_bot"
        record = self.store.save_strategy(
            name,
            payload["code"],
            description=payload.get("description"),
            source=payload.get("source") or "edited",
        )
        return self._as_generated(record)

    def _stored_strategy(self, strategy_id: int):
        record = self.store.get_strategy(strategy_id)
        if record is None:
            raise LookupError(f"the strategy (id {strategy_id}) no longer exists")
        return self._as_generated(record)

    def _as_generated(self, record):
        from engine.generation.generator import GeneratedStrategy, bot_file

        path = bot_file(self.settings, record.name, record.version)
        if not path.exists() or path.read_text(encoding="utf-8") != record.code:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record.code, encoding="utf-8")
        spec = record.spec or {}
        return GeneratedStrategy(
            name=record.name,
            engine=record.source,
            code=record.code,
            class_name=spec.get("name") or "",
            strategy_id=record.id,
            version=record.version,
            code_path=path,
            spec=record.spec,
            symbol=spec.get("symbol"),
            interval=spec.get("interval"),
            period_days=spec.get("period_days"),
            start=spec.get("start"),
            end=spec.get("end"),
            cash=spec.get("cash"),
        )

    def _new_execution(self, job, strategy) -> int:
        execution_id = self.store.create_execution(
            strategy_id=strategy.strategy_id, status="queued", priority=job.priority
        )
        self.store.update_job(job.id, execution_id=execution_id)
        return execution_id

    def _fail(self, job, exc: Exception) -> None:
        from engine.generation.generator import GenerationRefused

        error_type = "generation_failed" if _is_generation_error(exc) else "internal_error"
        if isinstance(exc, GenerationRefused):
            error_type = "generation_refused"
        message = str(exc) if error_type != "internal_error" else f"{type(exc).__name__}: {exc}"
        log.warning("job %s failed: %s", job.id, message)
        self.store.finish_job(job.id, status="failed", error_type=error_type, error_message=message)
        current = self.store.get_job(job.id)
        if current is not None and current.execution_id is not None:
            execution = self.store.get_execution(current.execution_id)
            if execution is not None and not execution.finished:
                self.store.finish_execution(
                    current.execution_id,
                    status="failed",
                    error_type=error_type,
                    error_message=message,
                )

    # -- the lock ----------------------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        handle = open(self.settings.home / LOCK_FILE, "a+")  # noqa: SIM115 (held for the run)
        if not _take_lock(handle):
            handle.close()
            pid = _read_pid(self.settings.home / PID_FILE)
            raise WorkerAlreadyRunning(
                f"a worker is already running for {self.settings.home} (pid {pid})"
            )
        (self.settings.home / PID_FILE).write_text(str(os.getpid()))
        self._lock_handle = handle

    def _release_lock(self) -> None:
        if self._lock_handle is not None:
            with contextlib.suppress(OSError):
                (self.settings.home / PID_FILE).unlink()
            self._lock_handle.close()  # closing it releases the lock
            self._lock_handle = None


# The worker lock. Where the system has open file description locks (Linux), a worker holds one
# on LOCK_FILE: like flock() it belongs to the open file (so two workers of one process exclude
# each other too), and F_OFD_GETLK asks whether another holds it *without taking it*, so a check
# (the server polls one while the worker it started is starting) can never make a starting worker
# find the lock taken and exit as "already running". Elsewhere it is flock(), and a check takes
# the lock for an instant.
_OFD_LOCKS = hasattr(fcntl, "F_OFD_SETLK")
_FLOCK = struct.Struct("hhqqi")  # struct flock: l_type, l_whence, l_start, l_len, l_pid


def _whole_file(kind: int) -> bytes:
    return _FLOCK.pack(kind, os.SEEK_SET, 0, 0, 0)


def _take_lock(handle) -> bool:
    """Take the worker lock on ``handle`` without waiting; False when another holds it."""
    try:
        if _OFD_LOCKS:
            fcntl.fcntl(handle, fcntl.F_OFD_SETLK, _whole_file(fcntl.F_WRLCK))
        else:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: held by another
        return False
    return True


def _lock_held(handle) -> bool:
    """Whether a worker holds the lock of the file open as ``handle`` (see above)."""
    if _OFD_LOCKS:
        answer = fcntl.fcntl(handle, fcntl.F_OFD_GETLK, _whole_file(fcntl.F_WRLCK))
        return _FLOCK.unpack(answer)[0] != fcntl.F_UNLCK
    if not _take_lock(handle):
        return True
    fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _is_generation_error(exc: Exception) -> bool:
    return type(exc).__name__ in ("GenerationRefused", "GenerationError")


def serve(
    settings: Settings | None = None,
    *,
    concurrency: int | None = None,
    idle_exit_s: float | None = None,
) -> None:
    """Run a worker in this process until SIGTERM/SIGINT (``botlab worker``)."""
    worker = Worker(settings, concurrency=concurrency, idle_exit_s=idle_exit_s)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop_event.set())
    worker.run()
