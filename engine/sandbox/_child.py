"""The sandboxed child: what runs between the zygote's ``fork()`` and the bot.

Layer order (each step needs what the previous one still allows):

1. own process group, stdio wired to the output pipe, every other descriptor closed, chdir into
   the job directory;
2. network namespace (needs CAP_SYS_ADMIN, or a user namespace when not root; must come before
   the parent-death signal, because changing credentials clears it);
3. rlimits with soft = hard (address space, CPU seconds, open files, file size, no core), and
   not dumpable;
4. parent-death signal (SIGKILL when the zygote dies; then check the zygote is still there);
5. no-new-privs (needed by both Landlock and seccomp without CAP_SYS_ADMIN);
6. Landlock (read-only Python installation and system libraries, read-write job directory, no
   TCP, signals and abstract sockets scoped to the sandbox);
7. drop every capability (a root child keeps root's otherwise);
8. seccomp, last, because it denies calls the steps above make (unshare, setrlimit, prctl...).

Then a report of the layers in force goes to the owner on a private pipe that is closed before
any bot code runs (so a bot cannot forge it), an audit hook is installed for *friendly messages
only*, and the entry point (``engine._harness.run_job``) runs the job.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.sandbox import _landlock, _linux, _seccomp
from engine.sandbox._report import LayerReport

STATUS_FD = 3  # the report pipe, while layers are being applied
SETUP_FAILED = 125  # exit code when the sandbox could not be set up (the bot never ran)
ENTRY_CRASHED = 124  # exit code when the entry point itself raised
BLOCKED_MARK = "[botlab sandbox] blocked:"


@dataclass
class PreloadState:
    """What the zygote worked out once, so each child only has to apply it."""

    zygote_pid: int
    landlock_abi: int
    seccomp_base: bytes | None  # the static seccomp filter as BPF, None when unavailable
    seccomp_error: str
    netns_flags: int  # CLONE_NEWNET, or CLONE_NEWUSER | CLONE_NEWNET when not root, or 0
    netns_note: str
    capabilities: int
    last_cap: int
    read_only: list[str] = field(default_factory=list)  # Python installation, system libraries
    devices: list[str] = field(default_factory=list)  # /dev/null etc. (read-write files)
    environment: dict[str, str] = field(default_factory=dict)


@dataclass
class JobSpec:
    job_dir: str
    entry: str
    limits: dict
    strict: bool
    read_only: list[str] = field(default_factory=list)
    skip: frozenset[str] = frozenset()  # layers to leave out (tests of the fail-closed path)

    @classmethod
    def from_message(cls, message: dict) -> JobSpec:
        return cls(
            job_dir=str(message["job_dir"]),
            entry=str(message["entry"]),
            limits=dict(message["limits"]),
            strict=bool(message["strict"]),
            read_only=[str(p) for p in message.get("read_only", ())],
            skip=frozenset(message.get("skip", ())),
        )


def run(spec: JobSpec, out_fd: int, status_fd: int, state: PreloadState) -> None:
    """Become the sandboxed child and run the job; never returns (``os._exit``)."""
    code = SETUP_FAILED
    try:
        _wire_descriptors(out_fd, status_fd)
        entry = resolve_entry(spec.entry)  # trusted code: imported before the layers
        try:
            report = apply_layers(spec, state)
        except BaseException as exc:
            _send_status({"error": f"{type(exc).__name__}: {exc}"})
            raise
        if spec.strict and report.missing():  # fail closed: the bot never runs
            missing = ", ".join(report.missing())
            _send_status({"report": report.to_dict(), "error": f"could not apply {missing}"})
            return
        _send_status({"report": report.to_dict()})
        os.close(STATUS_FD)
        _prepare_runtime(spec.job_dir, state.environment)
        code = ENTRY_CRASHED
        result = entry(Path(spec.job_dir))
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:
        _last_words(exc)
    finally:
        _flush()
        os._exit(code)


def resolve_entry(entry: str) -> Callable[[Path], int]:
    """``"package.module:function"``, or ``"/path/to/file.py:function"`` (test stand-ins)."""
    module_name, _, func_name = entry.rpartition(":")
    if module_name.endswith(".py"):
        spec = importlib.util.spec_from_file_location("botlab_sandbox_entry", module_name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    return getattr(module, func_name)


def _wire_descriptors(out_fd: int, status_fd: int) -> None:
    """stdin = /dev/null, stdout = stderr = the output pipe, status on fd 3, nothing else."""
    os.setpgid(0, 0)  # the zygote does it too; whichever comes first wins the race
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    if status_fd != STATUS_FD:
        os.dup2(status_fd, STATUS_FD)
    os.closerange(STATUS_FD + 1, 1 << 20)  # the zygote's sockets, other runs' pipes, everything


def apply_layers(spec: JobSpec, state: PreloadState) -> LayerReport:
    """Apply every layer in order, carrying on past failures; return what is in force."""
    os.chdir(spec.job_dir)
    notes: list[str] = []

    def attempt(name: str, step: Callable[[], object], enabled: object = True) -> bool:
        if name in spec.skip:
            notes.append(f"{name}: skipped on request")
            return False
        return _attempt(step, name, notes, enabled)

    netns = attempt("netns", lambda: _linux.unshare(state.netns_flags), state.netns_flags)
    if not state.netns_flags and state.netns_note:
        notes.append(f"netns: {state.netns_note}")
    rlimits = attempt("rlimits", lambda: apply_rlimits(spec.limits))
    attempt("dumpable", _linux.set_not_dumpable)
    pdeathsig = attempt("pdeathsig", lambda: _linux.set_parent_death_signal(signal.SIGKILL))
    if os.getppid() != state.zygote_pid:
        os._exit(SETUP_FAILED)  # the zygote died before the signal was armed
    nnp = attempt("nnp", _linux.set_no_new_privs)
    landlock = attempt("landlock", lambda: _restrict_files(spec, state), state.landlock_abi)
    if not state.landlock_abi:
        notes.append("landlock: not available in this kernel")
    caps = "none"
    if state.capabilities:
        caps = "dropped" if attempt("caps", lambda: _drop_caps(state)) else "kept"
    seccomp = False
    if state.seccomp_base is not None:
        seccomp = attempt("seccomp", lambda: _seccomp.load(state.seccomp_base, os.getpid()))
    else:
        notes.append(f"seccomp: {state.seccomp_error}")
    return LayerReport(
        landlock_abi=state.landlock_abi if landlock else 0,
        seccomp=seccomp,
        netns=netns,
        rlimits=rlimits,
        pdeathsig=pdeathsig,
        nnp=nnp,
        caps=caps,
        notes=tuple(notes),
        seccomp_error=state.seccomp_error,
    )


def _attempt(step: Callable[[], object], name: str, notes: list[str], enabled: object) -> bool:
    if not enabled:
        return False
    try:
        step()
    except OSError as exc:
        notes.append(f"{name}: {exc}")
        return False
    return True


def apply_rlimits(limits: dict) -> None:
    """soft = hard, so the bot cannot raise them back (it has no CAP_SYS_RESOURCE either).

    With soft = hard the kernel sends SIGKILL (not SIGXCPU) at the CPU limit; the supervisor tells
    it from the child's CPU time in its rusage.
    """
    table = (
        (resource.RLIMIT_AS, limits["memory_bytes"]),
        (resource.RLIMIT_CPU, limits["cpu_s"]),
        (resource.RLIMIT_NOFILE, limits["open_files"]),
        (resource.RLIMIT_FSIZE, limits["file_size_bytes"]),
        (resource.RLIMIT_CORE, 0),
    )
    for kind, value in table:
        value = int(value)
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))


def _restrict_files(spec: JobSpec, state: PreloadState) -> None:
    _landlock.restrict_self(
        state.landlock_abi,
        read_only=[*state.read_only, *spec.read_only],
        read_write=[spec.job_dir],
        files_rw=state.devices,
    )


def _drop_caps(state: PreloadState) -> None:
    _linux.drop_capabilities(state.last_cap)


def _send_status(message: dict) -> None:
    with contextlib.suppress(OSError):
        os.write(STATUS_FD, json.dumps(message).encode() + b"\n")


def _prepare_runtime(job_dir: str, environment: dict[str, str]) -> None:
    """A clean environment pointing at the job dir, prompt output, friendly messages."""
    import tempfile

    os.environ.clear()
    os.environ.update(environment)
    os.environ.update(HOME=job_dir, TMPDIR=job_dir, MPLCONFIGDIR=job_dir)
    tempfile.tempdir = job_dir
    sys.dont_write_bytecode = True
    sys.stdout.reconfigure(line_buffering=True)
    sys.addaudithook(_friendly_hook(os.getpid()))


# Audit events a bot has no business raising. The kernel blocks all of these anyway (seccomp,
# Landlock); the hook only turns an obscure EPERM into a sentence, and leaves a mark in the log
# that the supervisor turns into the "blocked_syscall" failure reason. Bots can bypass it; that
# costs them the friendly message, nothing else.
_NETWORK = "network access (bots run offline; a strategy bot gets its market data from Botlab)"
_PROGRAMS = "running programs or starting processes"
_SIGNALS = "signalling other processes"
WATCHED = {
    "socket.__new__": _NETWORK,
    "socket.connect": _NETWORK,
    "socket.bind": _NETWORK,
    "socket.sendto": _NETWORK,
    "socket.getaddrinfo": _NETWORK,
    "socket.gethostbyname": _NETWORK,
    "urllib.Request": _NETWORK,
    "os.system": _PROGRAMS,
    "os.exec": _PROGRAMS,
    "os.posix_spawn": _PROGRAMS,
    "os.spawn": _PROGRAMS,
    "os.fork": _PROGRAMS,
    "os.forkpty": _PROGRAMS,
    "subprocess.Popen": _PROGRAMS,
    "os.kill": _SIGNALS,
    "os.killpg": _SIGNALS,
}


def _friendly_hook(own_pid: int) -> Callable[[str, tuple], None]:
    said: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        what = WATCHED.get(event)
        if what is None:
            return
        if event == "os.kill" and args and args[0] == own_pid:
            return
        if event not in said:
            said.add(event)
            os.write(2, f"{BLOCKED_MARK} {what} [{event}]\n".encode())
        raise PermissionError(f"Botlab sandbox: {what} is not allowed for bots [{event}]")

    return hook


def _last_words(exc: BaseException) -> None:
    import traceback

    try:
        if isinstance(exc, MemoryError):
            os.write(2, b"MemoryError: the run's memory limit was reached\n")
        else:
            sys.stderr.write("".join(traceback.format_exception(exc)))
    except BaseException:
        pass


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()
