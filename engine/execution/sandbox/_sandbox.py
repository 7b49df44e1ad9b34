"""The owner's side: start the zygote, hand it runs, and supervise each run.

The owner (the Streamlit server, the CLI, a job-queue worker) never forks a bot itself: it holds
keys, database handles and threads. It asks the zygote to fork one (:meth:`Sandbox.fork`: the
child locks itself down while the owner writes the job, and runs it at :meth:`ForkedRun.go`),
and supervises the run from here: the output arrives on a pipe whose write end the owner made
and passed down (so the cap is applied while streaming, and memory stays bounded), the layers in
force arrive on a second pipe that the child closes before any bot code runs, and the exit
status with the child's CPU time arrives on the run's own socket. Timeout, cancel and the output
cap all end in a kill of the run's process group, done by the zygote, which is the child's
parent and so the only process that can kill it without a pid-reuse race.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.config import SANDBOX_POLICIES, load_settings
from engine.execution import supervisor
from engine.execution.sandbox import _child, _linux, _protocol, _scratch
from engine.execution.sandbox._report import LayerReport, SandboxUnavailable, SandboxWarning, probe
from engine.execution.supervisor import ProcessOutcome, RunLimits

log = logging.getLogger("botlab.sandbox")

DEFAULT_ENTRY = "engine.execution.harness:run_job"
START_TIMEOUT_S = 60.0  # preloading takes ~1 s; a loaded CI machine can be much slower
POLL_S = 0.05  # how often a run looks at its cancel event
KILL_GRACE_S = 5.0  # how long to wait for the zygote to report a killed child's exit
STATUS_LIMIT = 16 * 1024
MEMORY_SIGNS = (b"MemoryError", b"std::bad_alloc", b"Cannot allocate memory", b"out of memory")
# How a denial looks when it ends a run: the friendly hook's PermissionError, seccomp's EPERM,
# Landlock's EACCES (the job directory itself is always writable, so EACCES means "outside").
DENIAL_SIGNS = (b"Botlab sandbox:", b"[Errno 1] Operation not permitted", b"[Errno 13] Permission")
BLOCKED_RE = re.compile(re.escape(_child.BLOCKED_MARK.encode()) + rb" ([^\n\[]{1,200})")
MEMORY_MARK_RE = re.compile(re.escape(_child.MEMORY_MARK.encode()) + rb": ([^\n]{1,300})")

# pyarrow (which pandas 3 uses for strings) allocates through mimalloc by default, and mimalloc
# reserves 1 GiB of address space up front: that would eat half of every child's RLIMIT_AS. Its
# jemalloc would start a background thread, and the zygote must stay single-threaded (it forks,
# and children may unshare a user namespace). The system allocator has neither problem.
ZYGOTE_ENV = {
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
}

# Loads the exact ``engine`` package the owner runs, without putting its parent directory (the
# project root, home of .env) on sys.path, and whether or not the package is installed.
_BOOTSTRAP = """\
import importlib.util, sys
root = sys.argv[1]
spec = importlib.util.spec_from_file_location(
    "engine", root + "/__init__.py", submodule_search_locations=[root])
module = importlib.util.module_from_spec(spec)
sys.modules["engine"] = module
spec.loader.exec_module(module)
from engine.execution.sandbox._zygote import main
main(sys.argv[2:])
"""


class _ZygoteLost(RuntimeError):
    """The zygote went away before it started the run: safe to retry with a new one."""


class _Zygote:
    """One zygote process, seen from its owner."""

    def __init__(self, python: str) -> None:
        self.sock, theirs = _protocol.socketpair()
        self.exited = threading.Event()
        self.proc: subprocess.Popen | None = None
        self._send_lock = threading.Lock()
        spawned = threading.Event()
        failure: list[BaseException] = []

        def keeper() -> None:
            # The zygote's PDEATHSIG fires when *this thread* ends, so it lives as long as the
            # zygote does, and doubles as its reaper.
            try:
                self.proc = subprocess.Popen(
                    _zygote_command(python, theirs.fileno()),
                    pass_fds=(theirs.fileno(),),
                    env=supervisor.safe_environment(ZYGOTE_ENV),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    cwd="/",
                    start_new_session=True,  # no terminal signals (Ctrl-C goes to the owner)
                )
            except BaseException as exc:
                failure.append(exc)
                self.exited.set()
                return
            finally:
                spawned.set()
            self.proc.wait()
            self.exited.set()

        threading.Thread(target=keeper, name="botlab-zygote-keeper", daemon=True).start()
        spawned.wait()
        theirs.close()
        if failure:
            self.sock.close()
            raise failure[0]
        self.ready = self._await_ready()
        self.report = LayerReport.from_dict(self.ready["report"])

    def _await_ready(self) -> dict:
        self.sock.settimeout(START_TIMEOUT_S)
        try:
            message, _ = _protocol.recv(self.sock)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise RuntimeError(f"the sandbox zygote did not start: {exc}") from exc
        finally:
            if self.sock.fileno() >= 0:
                self.sock.settimeout(None)
        if not message or message.get("event") != "ready":
            detail = (message or {}).get("error", "it exited during start-up")
            self.close()
            raise RuntimeError(f"the sandbox zygote failed to start: {detail}")
        return message

    @property
    def pid(self) -> int:
        return self.ready["pid"]

    def alive(self) -> bool:
        return not self.exited.is_set() and self.sock.fileno() >= 0

    def send(self, message: dict, fds: Sequence[int]) -> None:
        with self._send_lock:
            _protocol.send(self.sock, message, fds)

    def close(self, wait_s: float = 5.0) -> None:
        """EOF on the control socket makes the zygote kill its runs and exit."""
        with contextlib.suppress(OSError):
            self.sock.close()
        if self.proc is not None and not self.exited.wait(wait_s):
            self.proc.kill()
            self.exited.wait(wait_s)


def _zygote_command(python: str, fd: int) -> list[str]:
    import engine

    engine_dir = str(Path(engine.__file__).resolve().parent)
    return [python, "-I", "-c", _BOOTSTRAP, engine_dir, str(fd), str(os.getpid())]


class Sandbox:
    """Runs jobs in sandboxed children of a warm zygote. Thread-safe; one zygote per instance.

    A sandbox is a runner of :class:`~engine.execution.executor.BotExecutor` (calling it is
    :meth:`run`) that can also fork a run's child early (:meth:`fork`).

    ``policy`` is ``strict`` (refuse to run when a required layer is missing: raise
    :class:`SandboxUnavailable`) or ``permissive`` (run with what there is, warn loudly).
    """

    def __init__(self, policy: str = "strict", *, python: str = sys.executable) -> None:
        if policy not in SANDBOX_POLICIES:
            raise ValueError(f"sandbox policy {policy!r} is not one of {SANDBOX_POLICIES}")
        self.policy = policy
        self.python = python
        self._lock = threading.Lock()
        self._zygote: _Zygote | None = None
        self._owner_pid = os.getpid()
        self._warned = False
        self.closed = False
        # Layers the children should leave out. Only for tests of the fail-closed path and for
        # diagnosing a machine: strict mode then refuses to run, permissive runs without them.
        self._skip_layers: tuple[str, ...] = ()

    @property
    def strict(self) -> bool:
        return self.policy == "strict"

    def start(self) -> LayerReport:
        """Start the zygote now rather than on the first run; return the layers it can apply."""
        return self._ensure_zygote().report

    def run(
        self,
        job_dir: Path,
        limits: RunLimits,
        *,
        read_only: Sequence[Path] = (),
        entry: str = DEFAULT_ENTRY,
        cancel: threading.Event | None = None,
    ) -> ProcessOutcome:
        """Run ``entry(job_dir)`` in a sandboxed child and supervise it; see the module docstring.

        ``read_only`` lists extra files or directories the run may read (e.g. a cached data
        file outside the job directory). ``entry`` is ``"module:function"``, or
        ``"/path/to/file.py:function"`` for a stand-in; it is imported before the layers apply,
        so it must be trusted code. Setting ``cancel`` kills the run (failure ``cancelled``).
        """
        with self.fork(job_dir, limits, read_only=read_only, entry=entry) as child:
            return child.go(cancel)

    __call__ = run

    def fork(
        self,
        job_dir: Path,
        limits: RunLimits,
        *,
        read_only: Sequence[Path] = (),
        entry: str = DEFAULT_ENTRY,
    ) -> ForkedRun:
        """Have the zygote fork the run's child now; it runs ``entry`` at :meth:`ForkedRun.go`.

        ``job_dir`` must exist; its files may be written until ``go`` (the child locks itself
        down meanwhile, so forking overlaps the owner's own preparations). Use it as a context
        manager, or call :meth:`ForkedRun.close`: a child never released exits unrun.
        """
        job_dir = Path(job_dir).resolve()
        if not _linux.IS_LINUX:
            return ForkedRun(self, None, job_dir, limits)
        request = {
            "op": "run",
            "job_dir": str(job_dir),
            "entry": entry,
            "strict": self.strict,
            "skip": list(self._skip_layers),
            "read_only": [str(Path(p).resolve()) for p in read_only],
            "limits": {
                "memory_bytes": limits.memory_bytes,
                "cpu_s": limits.cpu_s,
                "open_files": limits.open_files,
                "file_size_bytes": limits.largest_file_bytes,
                "threads": limits.threads,
            },
        }
        return ForkedRun(self, request, job_dir, limits)

    def close(self) -> None:
        """Stop the zygote (its running children die with it)."""
        with self._lock:
            self.closed = True
            zygote, self._zygote = self._zygote, None
        if zygote is not None:
            zygote.close()

    # -- internals -----------------------------------------------------------------------------

    def _ensure_zygote(self) -> _Zygote:
        with self._lock:
            if self.closed:
                raise RuntimeError("this Sandbox has been closed")
            if self._owner_pid != os.getpid():  # a forked copy of the owner: get our own
                if self._zygote is not None:
                    self._zygote.sock.close()  # our copy only; the parent keeps its zygote
                self._zygote, self._owner_pid = None, os.getpid()
            zygote = self._zygote
            if zygote is not None and zygote.alive():
                return zygote
            if zygote is not None:
                zygote.close(wait_s=0.5)
            self._check_policy(probe())
            zygote = _Zygote(self.python)
            try:
                self._check_policy(zygote.report)
            except SandboxUnavailable:
                zygote.close()
                raise
            self._zygote = zygote
            return zygote

    def _discard(self, zygote: _Zygote) -> None:
        with self._lock:
            if self._zygote is zygote:
                self._zygote = None
        zygote.close(wait_s=0.5)

    def _check_policy(self, report: LayerReport) -> None:
        if report.strict:
            return
        if self.strict:
            raise SandboxUnavailable(report)
        if not self._warned:
            self._warned = True
            message = (
                "BOTLAB_SANDBOX=permissive: running bots WITHOUT full isolation "
                f"({report.one_line()}). " + " ".join(report.explain())
            )
            log.warning(message)
            warnings.warn(message, SandboxWarning, stacklevel=4)

    def _run_unsandboxed(self, job_dir: Path, limits: RunLimits) -> ProcessOutcome:
        report = probe()
        self._check_policy(report)  # strict raises here: not Linux
        outcome = supervisor.run_plain(job_dir, limits)
        outcome.sandbox_report = (
            f"UNSANDBOXED ({sys.platform}): plain child process, clean environment, rlimits only"
        )
        return outcome


class ForkedRun:
    """One run's child, forked and locking itself down, waiting for :meth:`go`.

    ``go`` releases it (one byte on its go pipe) and supervises the run to its end; ``close``
    ends a child never released (it exits unrun at the go pipe's end of file, and the zygote
    kills and reaps it) and waits for its exit, so no process outlives its run either way.
    """

    def __init__(
        self, sandbox: Sandbox, request: dict | None, job_dir: Path, limits: RunLimits
    ) -> None:
        self.sandbox, self.request, self.job_dir, self.limits = sandbox, request, job_dir, limits
        self.done = False
        self._lost: _ZygoteLost | None = None
        if request is None:  # not Linux: a plain child process at go
            return
        self.zygote = sandbox._ensure_zygote()
        self.out_r, out_w = os.pipe()
        self.status_r, status_w = os.pipe()
        go_r, self.go_w = os.pipe()
        self.sock, theirs = _protocol.socketpair()
        try:
            self.zygote.send(request, [theirs.fileno(), out_w, status_w, go_r])
        except OSError as exc:
            self._lost = _ZygoteLost(str(exc))
        finally:
            theirs.close()
            for fd in (out_w, status_w, go_r):
                os.close(fd)

    def __enter__(self) -> ForkedRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def go(
        self,
        cancel: threading.Event | None = None,
        *,
        on_closed: Callable[[str], None] | None = None,
    ) -> ProcessOutcome:
        """Release the child and supervise its run; see :meth:`Sandbox.run`.

        ``on_closed(name)`` is called, while the run goes on, for each file the run closes
        after writing it at the top of the job directory (e.g. to read a result while the
        child exits, which takes milliseconds as its memory is released). What it reads may
        change until the run is over; the caller checks.
        """
        if self.request is None:
            self.done = True
            return self.sandbox._run_unsandboxed(self.job_dir, self.limits)
        try:
            outcome = self._supervise(cancel, on_closed)
        except _ZygoteLost:  # it died before starting the run: once more with a fresh one
            self.sandbox._discard(self.zygote)
            with ForkedRun(self.sandbox, self.request, self.job_dir, self.limits) as again:
                try:
                    outcome = again._supervise(cancel, on_closed)
                except _ZygoteLost as exc:
                    died = "the sandbox zygote died twice while starting a run"
                    raise RuntimeError(died) from exc
        if "layers" in outcome.extra:
            self.sandbox._check_policy(LayerReport.from_dict(outcome.extra["layers"]))  # warns once
        return outcome

    def close(self) -> None:
        """End a child that was never released and wait for its exit (a no-op after go)."""
        if self.done:
            return
        self.done = True
        if self.request is None:
            return
        self._close_go()  # end of file: the child exits without running its entry point
        if self._lost is None:
            _end_unreleased(self.sock)
        self._close_channels()

    def _supervise(self, cancel: threading.Event | None, on_closed) -> ProcessOutcome:
        """Release the child and watch its run. The disk total is the one limit the supervisor
        enforces itself (no watch, no run), counted from the job as written until now."""
        self.done = True
        scratch = _scratch.ScratchWatch(str(self.job_dir), self.limits.disk_bytes)
        try:
            if self._lost is not None:
                raise self._lost
            watch = _Watch(self.limits, cancel, scratch)
            watch.on_closed = on_closed
            with contextlib.suppress(OSError):  # the child is gone already: its exit says why
                os.write(self.go_w, b"g")
            self._close_go()
            _watch_run(watch, self.sock, self.out_r, self.status_r)
        finally:
            scratch.close()
            self._close_channels()
        return _outcome(watch, strict=self.request["strict"])

    def _close_go(self) -> None:
        if self.go_w >= 0:
            os.close(self.go_w)
            self.go_w = -1

    def _close_channels(self) -> None:
        self._close_go()
        self.sock.close()
        os.close(self.out_r)
        os.close(self.status_r)


def _end_unreleased(sock: socket.socket) -> None:
    """Have the zygote kill a run that never started and wait for its exit (or the zygote's end);
    past :data:`KILL_GRACE_S` kill its group here (it is unreaped, so its pid is still its own)."""
    pid = None
    with contextlib.suppress(OSError):
        _protocol.send(sock, {"op": "kill"})
        sock.settimeout(KILL_GRACE_S)
        while True:
            message, _ = _protocol.recv(sock)
            if message is None or message.get("event") in ("exit", "error"):
                return
            if message.get("event") == "started":
                pid = int(message["pid"])
    if pid is not None:
        _kill_group(pid)


# -- supervising one run -----------------------------------------------------------------------


class _Watch:
    """Everything one run's supervisor has seen so far."""

    def __init__(
        self, limits: RunLimits, cancel: threading.Event | None, scratch: _scratch.ScratchWatch
    ) -> None:
        self.limits = limits
        self.scratch = scratch
        self.cancel = cancel
        self.started = time.monotonic()
        self.deadline = self.started + limits.timeout_s
        self.chunks: list[bytes] = []
        self.size = 0
        self.status = b""
        self.truncated = self.timed_out = self.cancelled = self.disk_full = False
        self.pid: int | None = None
        self.exit: dict | None = None
        self.kill_sent_at: float | None = None
        self.zygote_gone = False
        self.on_closed: Callable[[str], None] | None = None

    def keep(self, chunk: bytes) -> None:
        """Keep output up to the cap; past it, mark the run for killing."""
        room = self.limits.output_bytes - self.size
        if len(chunk) > room:
            self.chunks.append(chunk[: max(room, 0)])
            self.size = self.limits.output_bytes
            self.truncated = True
        else:
            self.chunks.append(chunk)
            self.size += len(chunk)

    @property
    def must_stop(self) -> bool:
        return self.truncated or self.timed_out or self.cancelled or self.disk_full


def _watch_run(watch: _Watch, sock: socket.socket, out_r: int, status_r: int) -> None:
    """Stream output and status until the zygote reports the exit (or is gone)."""
    selector = selectors.DefaultSelector()
    selector.register(out_r, selectors.EVENT_READ, "out")
    selector.register(status_r, selectors.EVENT_READ, "status")
    selector.register(sock, selectors.EVENT_READ, "zygote")
    if watch.scratch.fileno() is not None:
        selector.register(watch.scratch.fileno(), selectors.EVENT_READ, "disk")
    try:
        while watch.exit is None and not watch.zygote_gone:
            _check_deadlines(watch, sock)
            for key, _ in selector.select(timeout=_next_wake(watch)):
                _on_event(key, watch, selector, sock)
        if watch.exit is not None:
            _drain(out_r, watch)  # what the child wrote before it died; never wait for EOF
            _read_status(status_r, watch)
            if watch.scratch.check():  # what it wrote between the last count and its exit
                watch.disk_full = True
    finally:
        selector.close()


def _next_wake(watch: _Watch) -> float:
    now = time.monotonic()
    if watch.kill_sent_at is not None:
        return max(0.0, min(POLL_S * 4, watch.kill_sent_at + KILL_GRACE_S - now))
    wake = min(watch.deadline, watch.scratch.next_check()) - now
    if watch.cancel is not None:
        wake = min(wake, POLL_S)
    return max(0.0, wake)


def _check_deadlines(watch: _Watch, sock: socket.socket) -> None:
    now = time.monotonic()
    if watch.kill_sent_at is None:
        if watch.cancel is not None and watch.cancel.is_set():
            watch.cancelled = True
        elif now >= watch.deadline:
            watch.timed_out = True
        elif watch.scratch.check_if_due():
            watch.disk_full = True
        if watch.must_stop:
            _request_kill(watch, sock)
    elif now >= watch.kill_sent_at + KILL_GRACE_S:
        # The zygote did not confirm: kill the child ourselves (it is still unreaped, so its
        # pid cannot have been reused) and stop waiting.
        if watch.pid is not None:
            _kill_group(watch.pid)
        watch.zygote_gone = True


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def _request_kill(watch: _Watch, sock: socket.socket) -> None:
    watch.kill_sent_at = time.monotonic()
    with contextlib.suppress(OSError):
        _protocol.send(sock, {"op": "kill"})


def _on_event(key, watch: _Watch, selector, sock: socket.socket) -> None:
    if key.data == "disk":
        for name in watch.scratch.on_event():
            if watch.on_closed is not None:
                watch.on_closed(name)
    elif key.data == "out":
        chunk = _read(key.fileobj)
        if not chunk:
            selector.unregister(key.fileobj)
        elif not watch.truncated:
            watch.keep(chunk)
            if watch.truncated:
                _request_kill(watch, sock)
    elif key.data == "status":
        chunk = _read(key.fileobj)
        if not chunk:
            selector.unregister(key.fileobj)
        elif len(watch.status) < STATUS_LIMIT:
            watch.status += chunk
    else:
        try:
            message, _ = _protocol.recv(sock)
        except OSError:
            message = None
        if message is None:
            if watch.pid is None:
                raise _ZygoteLost("the zygote closed the run before starting it")
            watch.zygote_gone = True
        elif message.get("event") == "started":
            watch.pid = int(message["pid"])
        elif message.get("event") == "exit":
            watch.exit = message
        elif message.get("event") == "error":
            watch.exit = {"status": None, "error": message.get("error", "")}


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except BlockingIOError:
        return b""
    except OSError:
        return b""


def _drain(fd: int, watch: _Watch) -> None:
    _read_ready(fd, 65536, lambda: not watch.truncated, watch.keep)


def _read_status(fd: int, watch: _Watch) -> None:
    def add(chunk: bytes) -> None:
        watch.status += chunk

    _read_ready(fd, 4096, lambda: len(watch.status) < STATUS_LIMIT, add)


def _read_ready(
    fd: int, size: int, wanted: Callable[[], bool], take: Callable[[bytes], None]
) -> None:
    """Hand ``take`` what ``fd`` holds now, ``size`` bytes at a time, while ``wanted()``; stop
    at end of file or when a read would block (never wait)."""
    os.set_blocking(fd, False)
    while wanted():
        try:
            chunk = os.read(fd, size)
        except (BlockingIOError, OSError):
            return
        if not chunk:
            return
        take(chunk)


# -- turning what was seen into a ProcessOutcome -------------------------------------------------


def _outcome(watch: _Watch, *, strict: bool) -> ProcessOutcome:
    exit_info = watch.exit or {}
    status = exit_info.get("status")
    returncode = os.waitstatus_to_exitcode(status) if isinstance(status, int) else None
    outcome = ProcessOutcome(
        returncode=returncode,
        output=b"".join(watch.chunks),
        output_truncated=watch.truncated,
        timed_out=watch.timed_out,
        duration_s=time.monotonic() - watch.started,
    )
    outcome.extra.update(
        pid=watch.pid,
        cpu_s=exit_info.get("cpu_s"),
        maxrss_kb=exit_info.get("maxrss_kb"),
        minflt=exit_info.get("minflt"),
    )
    supervisor.classify(outcome, watch.limits)
    report, layers_error = _apply_status(outcome, watch.status)
    if strict and report is not None and report.missing():
        raise SandboxUnavailable(
            report, context=f"The run's process could not apply them: {'; '.join(report.notes)}"
        )
    _refine(outcome, watch, exit_info, layers_error)
    return outcome


def _apply_status(outcome: ProcessOutcome, raw: bytes) -> tuple[LayerReport | None, str]:
    """Record the layers the child reported; return them and its setup error, if any."""
    report, error = None, ""
    for line in raw.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if "report" in message:
            report = LayerReport.from_dict(message["report"])
            outcome.sandbox_report = report.one_line()
            outcome.extra["layers"] = message["report"]
        if message.get("error"):
            error = str(message["error"])
    if not raw:
        outcome.sandbox_report = "sandbox setup did not complete"
    if error:
        outcome.sandbox_report = f"sandbox setup failed: {error}"
    return report, error


def _refine(outcome: ProcessOutcome, watch: _Watch, exit_info: dict, layers_error: str) -> None:
    """Sharper reasons than the generic classification, from what only we know."""
    limits = watch.limits
    code = outcome.returncode
    tail = outcome.output[-8192:]
    if watch.cancelled:
        outcome.failure, outcome.failure_detail = (
            supervisor.CANCELLED,
            "cancelled before it finished",
        )
    elif watch.disk_full:
        outcome.failure = supervisor.DISK_LIMIT
        outcome.failure_detail = (
            f"wrote more than {_mb(limits.disk_bytes)} MB to its scratch directory "
            "(the run's disk limit, BOTLAB_DISK_LIMIT_MB)"
        )
    elif watch.zygote_gone and exit_info.get("status") is None and not watch.must_stop:
        outcome.failure = supervisor.CRASHED
        outcome.failure_detail = "the sandbox's zygote process died during the run"
    elif exit_info.get("error"):
        outcome.failure = supervisor.CRASHED
        outcome.failure_detail = f"the sandbox could not start the run: {exit_info['error']}"
    elif layers_error or (code == _child.SETUP_FAILED and "layers" not in outcome.extra):
        outcome.failure = supervisor.CRASHED
        outcome.failure_detail = "the sandbox could not be set up, so the bot was not run: " + (
            layers_error or "see the log"
        )
    elif exit_info.get("oom_kills") and code == -signal.SIGKILL:
        outcome.failure = supervisor.MEMORY_LIMIT
        outcome.failure_detail = (
            f"used more than its {_mb(limits.memory_bytes)} MB of memory, as the kernel counts "
            "it (shared memory and files in memory included), and was stopped"
        )
    elif outcome.failure in (None, supervisor.CRASHED) and _hit_cpu_limit(code, exit_info, limits):
        outcome.failure = supervisor.CPU_LIMIT
        outcome.failure_detail = f"used more than {limits.cpu_s} s of CPU time"
    elif code == -signal.SIGXFSZ:
        outcome.failure = supervisor.DISK_LIMIT
        outcome.failure_detail = (
            f"wrote a file larger than {_mb(limits.largest_file_bytes)} MB (no file may be larger "
            "than the per-file limit or the run's disk limit, BOTLAB_DISK_LIMIT_MB)"
        )
    elif code not in (0, None) and _hit_thread_limit(outcome.output, exit_info):
        outcome.failure = supervisor.THREAD_LIMIT
        outcome.failure_detail = (
            f"tried to run more than {limits.threads} threads at once (the run's thread limit, "
            "BOTLAB_THREAD_LIMIT)"
        )
    elif _ran_out_of_memory(code, tail):
        outcome.failure = supervisor.MEMORY_LIMIT
        outcome.failure_detail = _memory_detail(outcome.output, limits)
    elif outcome.failure is None and code not in (0, None):
        detail = _blocked(outcome.output, tail)
        if detail:
            outcome.failure, outcome.failure_detail = supervisor.BLOCKED_SYSCALL, detail


def _blocked(output: bytes, tail: bytes) -> str:
    """Why a failed run failed, when the sandbox denying something is what ended it.

    Only when the error that ended the run (at the end of the log) is a denial: a bot that
    caught a denial and failed later for another reason keeps its own error.
    """
    if not any(sign in tail for sign in DENIAL_SIGNS):
        return ""
    marks = BLOCKED_RE.findall(output)
    if marks:
        return f"the sandbox blocked {marks[-1].decode('utf-8', 'replace').strip()}"
    line = next(
        line for line in reversed(tail.splitlines()) if any(s in line for s in DENIAL_SIGNS)
    )
    return "the sandbox denied an operation: " + line.decode("utf-8", "replace").strip()[:300]


def _hit_cpu_limit(code: int | None, exit_info: dict, limits: RunLimits) -> bool:
    """soft = hard RLIMIT_CPU ends in SIGKILL (not SIGXCPU): tell it by the CPU time used."""
    cpu = exit_info.get("cpu_s")
    return code == -signal.SIGKILL and cpu is not None and cpu >= limits.cpu_s - 0.5


def _ran_out_of_memory(code: int | None, tail: bytes) -> bool:
    """A crash from lack of memory, or a failure whose last error is a refusal of memory
    (ENOMEM: RLIMIT_AS, or seccomp refusing shared memory however it was asked for)."""
    if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, _child.ENTRY_CRASHED):
        return any(sign in tail for sign in MEMORY_SIGNS)
    if code not in (0, None):
        return _child.MEMORY_MARK.encode() in tail or b"[Errno 12] Cannot allocate memory" in tail
    return False


def _memory_detail(output: bytes, limits: RunLimits) -> str:
    found = MEMORY_MARK_RE.findall(output)
    if found:
        return found[-1].decode("utf-8", "replace").strip()
    return f"ran out of memory (the {_mb(limits.memory_bytes)} MB limit was reached)"


def _hit_thread_limit(output: bytes, exit_info: dict) -> bool:
    """The kernel refused a thread at the cap (pids cgroup counter), or the child said so."""
    tail = output[-8192:]
    refused = exit_info.get("refused_tasks") and b"can't start" in tail
    return bool(refused) or _child.THREADS_MARK.encode() in tail


def _mb(size: int) -> int:
    return size // 1024**2


# -- the process-wide instance -----------------------------------------------------------------

_instances: dict[str, Sandbox] = {}
_instances_lock = threading.Lock()


def get_sandbox(policy: str | None = None) -> Sandbox:
    """The process-wide sandbox for ``policy`` (default: ``BOTLAB_SANDBOX`` from the settings).

    Its zygote starts on first use and is restarted transparently if it dies.
    """
    policy = policy or load_settings().sandbox_policy
    with _instances_lock:
        sandbox = _instances.get(policy)
        if sandbox is None or sandbox.closed:
            if not _instances:
                atexit.register(_close_all)
            sandbox = _instances[policy] = Sandbox(policy)
        return sandbox


def _close_all() -> None:
    with _instances_lock:
        sandboxes = list(_instances.values())
        _instances.clear()
    for sandbox in sandboxes:
        sandbox.close()
