"""``python -m engine.execution.sandbox`` (and ``botlab doctor``): which layers this machine
gives bots.

:func:`probe` says what the kernel and libraries offer without running anything. :func:`self_test`
goes further: it starts a zygote and runs one sandboxed child that *tries* each forbidden thing
through raw libc calls (no Python-level hooks in the way), then reports what was blocked.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import resource
import shutil
import tempfile
from pathlib import Path

from engine.execution.sandbox._report import LayerReport, probe

ENTRY = "engine.execution.sandbox._doctor:attempt_everything"
RESULT = "result.json"
THREADS = 16  # the live check's thread cap: it tries one more


def self_test(policy: str = "permissive") -> dict:
    """Run the live check; returns ``{"probe": ..., "run": ..., "checks": {name: verdict}}``."""
    from engine.execution.sandbox._sandbox import Sandbox
    from engine.execution.supervisor import RunLimits

    report = probe()
    out = {"platform": platform.platform(), "probe": report.to_dict(), "checks": {}, "run": None}
    job_dir = Path(tempfile.mkdtemp(prefix="botlab-doctor-"))
    sandbox = Sandbox(policy)
    try:
        outcome = sandbox.run(job_dir, RunLimits(timeout_s=30, threads=THREADS), entry=ENTRY)
        out["run"] = {
            "sandbox_report": outcome.sandbox_report,
            "failure": outcome.failure,
            "returncode": outcome.returncode,
            "layers": outcome.extra.get("layers"),
        }
        try:
            results = json.loads((job_dir / RESULT).read_text())
        except (OSError, ValueError):
            results = {}
        checks = {name: ("blocked" if ok else "ALLOWED") for name, ok in results.items()}
        checks.setdefault("exec", "ALLOWED")  # missing: the process became /bin/true
        out["checks"] = checks
    except Exception as exc:  # SandboxUnavailable in strict mode, or a broken install
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        sandbox.close()
        shutil.rmtree(job_dir, ignore_errors=True)
    return out


def format_self_test(result: dict) -> str:
    lines = [f"Botlab sandbox on {result['platform']}"]
    lines.append(f"  available: {result['probe']['one_line']}")
    for note in result["probe"].get("notes", ()):
        lines.append(f"    note: {note}")
    if result.get("run"):
        lines.append(f"  in force:  {result['run']['sandbox_report']}")
    lines.append("  what holds each run total:")
    for line in _limits_report(result).describe_limits():
        lines.append(f"    {line}")
    if result.get("error"):
        lines.append(f"  live check failed: {result['error']}")
    if result["checks"]:
        lines.append("  live check (a sandboxed child tried each of these with raw libc calls):")
        for name, verdict in result["checks"].items():
            lines.append(f"    {name:<28} {verdict}")
    allowed = [n for n, v in result["checks"].items() if v != "blocked"]
    if allowed:
        lines.append(f"  NOT CONTAINED: {', '.join(allowed)}")
    elif result["checks"]:
        lines.append("  every check was blocked")
    return "\n".join(lines)


def _limits_report(result: dict) -> LayerReport:
    """The layers the live run had, else what the probe found."""
    layers = (result.get("run") or {}).get("layers") or result["probe"]
    return LayerReport.from_dict(layers)


# -- what runs inside the sandboxed child ----------------------------------------------------


def attempt_everything(job_dir: Path) -> int:
    """Try each forbidden action with libc directly; True means it failed (blocked)."""
    libc = ctypes.CDLL(None, use_errno=True)
    results = {
        "network: TCP socket": libc.socket(2, 1, 0) < 0,
        "network: UDP socket": libc.socket(2, 2, 0) < 0,
        "network: UNIX socket": libc.socket(1, 1, 0) < 0,
        "read /etc/passwd": _fails(lambda: _read("/etc/passwd")),
        "read parent's environment": _fails(lambda: _read(f"/proc/{os.getppid()}/environ")),
        "write outside the job dir": _fails(lambda: _write_and_remove("/tmp")),
        "fork": _fork_fails(libc),
        "signal the parent": libc.kill(os.getppid(), 0) < 0,
        "new session (setsid)": libc.setsid() < 0,
        "raise the CPU limit": _fails(_raise_cpu_limit),
        "shared memory (memfd_create)": libc.memfd_create(b"doctor", 0) < 0,
        "SysV shared memory (shmget)": libc.shmget(0, 1 << 20, 0o1000 | 0o600) < 0,
        f"more than {THREADS} threads": _threads_capped(),
    }
    _save(job_dir, results)
    libc.execve(b"/bin/true", None, None)  # if this works, "exec" never gets recorded
    results["exec"] = True
    _save(job_dir, results)
    return 0


def _fails(action) -> bool:
    try:
        action()
    except (OSError, ValueError):  # setrlimit reports EPERM as ValueError
        return True
    return False


def _read(path: str) -> None:
    with open(path, "rb") as fh:
        fh.read(1)


def _write_and_remove(directory: str) -> None:
    path = os.path.join(directory, f"botlab-doctor-{os.getpid()}")
    with open(path, "w") as fh:
        fh.write("x")
    os.unlink(path)


def _fork_fails(libc) -> bool:
    pid = libc.fork()
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
    return pid < 0


def _threads_capped() -> bool:
    import threading

    release, started = threading.Event(), []
    try:
        for _ in range(THREADS + 1):
            thread = threading.Thread(target=release.wait, daemon=True)
            thread.start()
            started.append(thread)
    except RuntimeError:
        pass
    finally:
        release.set()
        for thread in started:
            thread.join()
    return len(started) < THREADS  # the main thread counts too


def _raise_cpu_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard + 10, hard + 10))


def _save(job_dir: Path, results: dict) -> None:
    (Path(job_dir) / RESULT).write_text(json.dumps(results))
