"""The process boundary: run one bot job in a child process and supervise it.

A *job* is a scratch directory prepared by the executor (see :mod:`engine.execution.harness` for its
layout). The child runs the harness on it; the harness writes ``result.json`` there. This module
only supervises: wall-clock timeout, kill of the whole process group, an output cap applied while
streaming, reaping, and a precise reason when the child did not finish normally.

:func:`run_plain` is the plain child process (a fresh interpreter, clean environment, own session).
The hardened, warm path lives in :mod:`engine.execution.sandbox` and returns the same
:class:`ProcessOutcome`.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from engine.config import Settings

# Failure reasons a supervisor can tell apart; stored as the run's ``error_type``.
TIMEOUT = "timeout"
OUTPUT_LIMIT = "output_limit"
MEMORY_LIMIT = "memory_limit"
CPU_LIMIT = "cpu_limit"
DISK_LIMIT = "disk_limit"
THREAD_LIMIT = "thread_limit"
BLOCKED_SYSCALL = "blocked_syscall"
CRASHED = "crashed"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class RunLimits:
    """Resource limits for one run (defaults from :mod:`engine.config`)."""

    timeout_s: float = Settings.timeout_s
    cpu_s: int = Settings.cpu_limit_s
    memory_bytes: int = Settings.memory_limit_bytes
    output_bytes: int = Settings.output_limit_bytes
    open_files: int = 256
    file_size_bytes: int = 256 * 1024**2
    threads: int = Settings.thread_limit
    disk_bytes: int = Settings.disk_limit_bytes

    @classmethod
    def from_settings(cls, settings, timeout_s: float | None = None) -> RunLimits:
        return cls(
            timeout_s=timeout_s or settings.timeout_s,
            cpu_s=settings.cpu_limit_s,
            memory_bytes=settings.memory_limit_bytes,
            output_bytes=settings.output_limit_bytes,
            threads=settings.thread_limit,
            disk_bytes=settings.disk_limit_bytes,
        )

    @property
    def largest_file_bytes(self) -> int:
        """RLIMIT_FSIZE: the per-file cap, never above the total disk cap (one write cannot
        overshoot the total)."""
        return min(self.file_size_bytes, self.disk_bytes)


@dataclass
class ProcessOutcome:
    """What the supervisor saw of one child process."""

    returncode: int | None
    output: bytes = b""
    output_truncated: bool = False
    timed_out: bool = False
    duration_s: float = 0.0
    failure: str | None = None  # one of the reasons above, None when the child exited by itself
    failure_detail: str = ""  # one line for the user, e.g. "killed after 300 s"
    sandbox_report: str = "none"
    extra: dict = field(default_factory=dict)


def safe_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """An allowlisted environment for children: no keys, no secrets, one BLAS thread.

    The thread pools of numeric libraries default to one thread per core; a run's threads are
    capped (``BOTLAB_THREAD_LIMIT``), so keep ordinary bots far below the cap on any machine.
    """
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "VECLIB_MAXIMUM_THREADS": "1",
        "NUMBA_NUM_THREADS": "1",
        "RAYON_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    env.update(extra or {})
    return env


def run_plain(job_dir: Path, limits: RunLimits, *, cancel: Event | None = None) -> ProcessOutcome:
    """Run the harness on ``job_dir`` in a fresh interpreter and supervise it."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-m", "engine.execution.harness", str(job_dir)],
        cwd=job_dir,
        env=safe_environment({"HOME": str(job_dir), "TMPDIR": str(job_dir)}),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        close_fds=True,
        preexec_fn=_child_limits(limits),
    )
    outcome = supervise(
        proc.pid, proc.stdout, limits, started=started, wait=proc.wait, cancel=cancel
    )
    outcome.sandbox_report = "plain process: clean env, own session, rlimits (no isolation layers)"
    return outcome


def supervise(
    pid, stream, limits: RunLimits, *, started: float, wait, cancel: Event | None = None
) -> ProcessOutcome:
    """Stream ``stream`` with a cap until EOF, the deadline or ``cancel``; kill the group; reap.

    ``wait`` reaps the child and returns its raw status as ``Popen.wait`` does (negative for a
    signal). Never waits for EOF after a kill: an escaped grandchild could hold the pipe open.
    """
    deadline = started + limits.timeout_s
    chunks: list[bytes] = []
    size = 0
    truncated = timed_out = cancelled = False
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            if not selector.select(timeout=min(remaining, 0.2)):
                continue
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                break
            room = limits.output_bytes - size
            if len(chunk) > room:
                chunks.append(chunk[: max(room, 0)])
                size = limits.output_bytes
                truncated = True
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        selector.close()
    if timed_out or truncated or cancelled:
        _kill_group(pid)
    returncode = wait()
    _kill_group(pid)  # stragglers that outlived the leader
    stream.close()
    outcome = ProcessOutcome(
        returncode=returncode,
        output=b"".join(chunks),
        output_truncated=truncated,
        timed_out=timed_out,
        duration_s=time.monotonic() - started,
    )
    if cancelled:
        outcome.failure, outcome.failure_detail = CANCELLED, "cancelled by the user"
    else:
        classify(outcome, limits)
    return outcome


def classify(outcome: ProcessOutcome, limits: RunLimits) -> None:
    """Set ``failure`` and ``failure_detail`` from what the supervisor saw."""
    code = outcome.returncode
    if outcome.timed_out:
        outcome.failure = TIMEOUT
        outcome.failure_detail = f"stopped after the {limits.timeout_s:g} s time limit"
    elif outcome.output_truncated:
        outcome.failure = OUTPUT_LIMIT
        outcome.failure_detail = (
            f"stopped after printing more than {limits.output_bytes // 1024**2} MB of output"
        )
    elif code is not None and code < 0:
        sig = -code
        if sig == signal.SIGXCPU:
            outcome.failure = CPU_LIMIT
            outcome.failure_detail = f"used more than {limits.cpu_s} s of CPU time"
        elif sig == signal.SIGSYS:
            outcome.failure = BLOCKED_SYSCALL
            outcome.failure_detail = "made a system call the sandbox forbids"
        else:
            outcome.failure = CRASHED
            outcome.failure_detail = f"the bot's process was killed by {signal.Signals(sig).name}"


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _child_limits(limits: RunLimits):
    """Rlimits with soft = hard, applied in the child between fork and exec."""

    def apply() -> None:
        import resource

        def hard(kind: int, value: int) -> None:
            with contextlib.suppress(ValueError, OSError):  # e.g. RLIMIT_AS on macOS
                resource.setrlimit(kind, (value, value))

        hard(resource.RLIMIT_AS, limits.memory_bytes)
        # Soft < hard for CPU so the child gets SIGXCPU (a clear reason) before SIGKILL.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 1))
        hard(resource.RLIMIT_FSIZE, limits.largest_file_bytes)
        hard(resource.RLIMIT_CORE, 0)

    return apply


def runner_alive(host: str | None, pid: int | None) -> bool:
    """Whether the process that owns a 'running' row still exists (other hosts: assume so)."""
    if not pid or host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
