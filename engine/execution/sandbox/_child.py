"""The sandboxed child: what runs between the zygote's ``fork()`` and the bot.

Layer order (each step needs what the previous one still allows):

1. own process group, stdio wired to the output pipe, every other descriptor closed, chdir into
   the job directory, and into the run's cgroup when there is one (memory and task counts);
2. network namespace (needs CAP_SYS_ADMIN, or a user namespace when not root; must come before
   the parent-death signal, because changing credentials clears it);
3. rlimits with soft = hard (address space, CPU seconds, open files, file size capped at the
   run's disk total, no POSIX message queues, no core; tasks too when the run is unprivileged
   in its own user namespace and no cgroup counts them), and not dumpable;
4. parent-death signal (SIGKILL when the zygote dies; then check the zygote is still there);
5. no-new-privs (needed by both Landlock and seccomp without CAP_SYS_ADMIN);
6. Landlock (read-only Python installation and system libraries, read-write job directory, no
   TCP, signals and abstract sockets scoped to the sandbox);
7. drop every capability (a root child keeps root's otherwise);
8. seccomp, last, because it denies calls the steps above make (unshare, setrlimit, prctl...);
   it also refuses every shared-memory route (memfd, SysV, POSIX queues), and threads
   altogether when nothing else can count them.

Then a report of the layers in force goes to the owner on a private pipe that is closed before
any bot code runs (so a bot cannot forge it), and an audit hook is installed for *friendly
messages only*. The child then waits for its owner's *go* (one byte on a pipe of its own): the
owner asks for the fork before it has written the job directory, and releases the child once the
run is recorded and its job is written. Only then does the entry point
(``engine.execution.harness.run_job``) run the job; at the go pipe's end of file instead (the run
ended before its bot could start) the child exits without running it.
"""

from __future__ import annotations

import contextlib
import fcntl
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

from engine.execution.sandbox import _cgroup, _landlock, _linux, _seccomp
from engine.execution.sandbox._report import LayerReport, limit_layers

STATUS_FD = 3  # the report pipe, while layers are being applied
GO_FD = 4  # the owner's go: one byte to run the entry point, end of file to exit unrun
SETUP_FAILED = 125  # exit code when the sandbox could not be set up (the bot never ran)
NOT_RELEASED = 123  # exit code when the owner ended the run before its go (the bot never ran)
ENTRY_CRASHED = 124  # exit code when the entry point itself raised
BLOCKED_MARK = "[botlab sandbox] blocked:"
# Written to the log when a run is refused memory or a thread; the supervisor turns it into the
# failure reason (memory_limit, thread_limit) when that refusal is what ended the run.
LIMIT_MARK = "[botlab sandbox] limit:"
MEMORY_MARK = f"{LIMIT_MARK} memory"
THREADS_MARK = f"{LIMIT_MARK} threads"


@dataclass
class PreloadState:
    """What the zygote worked out once, so each child only has to apply it."""

    zygote_pid: int
    landlock_abi: int
    seccomp_base: bytes | None  # the static seccomp filter as BPF, None when unavailable
    seccomp_error: str
    seccomp_no_threads: bytes | None  # the same filter refusing threads too (the last fallback)
    netns_flags: int  # CLONE_NEWNET, or CLONE_NEWUSER | CLONE_NEWNET when not root, or 0
    netns_note: str
    capabilities: int
    last_cap: int
    cgroup: _cgroup.Hierarchy | None = None  # where run groups go, None when unavailable
    cgroup_note: str = ""
    nproc: bool = False  # unprivileged, with a user namespace per run: RLIMIT_NPROC counts
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
    cgroup_procs: list[str] = field(default_factory=list)  # set by the zygote: files to join
    cgroup_error: str = ""  # set by the zygote when it could not make the run's group

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


def run(spec: JobSpec, out_fd: int, status_fd: int, go_fd: int, state: PreloadState) -> None:
    """Become the sandboxed child, wait for the owner's go and run the job; never returns
    (``os._exit``)."""
    code = SETUP_FAILED
    try:
        _wire_descriptors(out_fd, status_fd, go_fd)
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
        _prepare_runtime(spec.job_dir, state.environment, spec.limits, report.threads)
        if not _released():
            code = NOT_RELEASED
            return
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


def _wire_descriptors(out_fd: int, status_fd: int, go_fd: int) -> None:
    """stdin = /dev/null, stdout = stderr = the output pipe, status on fd 3, go on fd 4, nothing
    else."""
    os.setpgid(0, 0)  # the zygote does it too; whichever comes first wins the race
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    # copies above both targets first: either descriptor may already hold the other's number
    status_fd, go_fd = (fcntl.fcntl(fd, fcntl.F_DUPFD, GO_FD + 1) for fd in (status_fd, go_fd))
    os.dup2(status_fd, STATUS_FD)
    os.dup2(go_fd, GO_FD)
    os.closerange(GO_FD + 1, 1 << 20)  # the zygote's sockets, other runs' pipes, everything


def _released() -> bool:
    """Wait for the owner's go: True to run the entry point, False when the run ended first."""
    try:
        return os.read(GO_FD, 1) == b"g"
    except OSError:
        return False
    finally:
        os.close(GO_FD)


def apply_layers(spec: JobSpec, state: PreloadState) -> LayerReport:
    """Apply every layer in order, carrying on past failures; return what is in force."""
    os.chdir(spec.job_dir)
    notes: list[str] = []

    def attempt(name: str, step: Callable[[], object], enabled: object = True) -> bool:
        if name in spec.skip:
            notes.append(f"{name}: skipped on request")
            return False
        return _attempt(step, name, notes, enabled)

    cgroup = attempt("cgroup", lambda: _cgroup.join(spec.cgroup_procs), spec.cgroup_procs)
    if not spec.cgroup_procs and "cgroup" not in spec.skip:
        notes.append(f"cgroup: {spec.cgroup_error or state.cgroup_note}")
    netns = attempt("netns", lambda: _linux.unshare(state.netns_flags), state.netns_flags)
    if not state.netns_flags and state.netns_note:
        notes.append(f"netns: {state.netns_note}")
    # In its own user namespace (made just above, before the limit is lowered) an unprivileged
    # run's RLIMIT_NPROC counts its own tasks only.
    nproc = bool(not cgroup and netns and state.nproc)
    rlimits = attempt("rlimits", lambda: apply_rlimits(spec.limits, tasks=nproc))
    nproc = nproc and rlimits
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
    counted = cgroup or nproc  # else seccomp refuses threads: nothing would count them
    program = state.seccomp_base if counted else state.seccomp_no_threads
    if program is not None:
        seccomp = attempt("seccomp", lambda: _seccomp.load(program, os.getpid()))
    else:
        notes.append(f"seccomp: {state.seccomp_error}")
    memory, threads = limit_layers(cgroup=cgroup, nproc=nproc, seccomp=seccomp)
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
        memory=memory,
        threads=threads,
        disk="watch",  # the supervisor's; it refuses to start a run it cannot watch
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


def apply_rlimits(limits: dict, *, tasks: bool = False) -> None:
    """soft = hard, so the bot cannot raise them back (it has no CAP_SYS_RESOURCE either).

    With soft = hard the kernel sends SIGKILL (not SIGXCPU) at the CPU limit; the supervisor tells
    it from the child's CPU time in its rusage.
    ``tasks`` also caps RLIMIT_NPROC at the thread limit (only meaningful in a user namespace of
    the run's own, and for an unprivileged user).
    """
    table = [
        (resource.RLIMIT_AS, limits["memory_bytes"]),
        (resource.RLIMIT_CPU, limits["cpu_s"]),
        (resource.RLIMIT_NOFILE, limits["open_files"]),
        (resource.RLIMIT_FSIZE, limits["file_size_bytes"]),  # already capped at the disk total
        (resource.RLIMIT_MSGQUEUE, 0),
        (resource.RLIMIT_CORE, 0),
    ]
    if tasks:
        table.append((resource.RLIMIT_NPROC, limits["threads"]))
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


def _prepare_runtime(
    job_dir: str, environment: dict[str, str], limits: dict, threads_layer: str
) -> None:
    """A clean environment pointing at the job dir, prompt output, friendly messages."""
    import tempfile

    os.environ.clear()
    os.environ.update(environment)
    os.environ.update(HOME=job_dir, TMPDIR=job_dir, MPLCONFIGDIR=job_dir)
    tempfile.tempdir = job_dir
    sys.dont_write_bytecode = True
    sys.stdout.reconfigure(line_buffering=True)
    sys.addaudithook(_friendly_hook(os.getpid()))
    _explain_limit_refusals(limits, threads_layer)


# Audit events a bot has no business raising. The kernel blocks all of these anyway (seccomp,
# Landlock); the hook only turns an obscure EPERM into a sentence, and leaves a mark in the log
# that the supervisor turns into the "blocked_syscall" failure reason. Bots can bypass it; that
# costs them the friendly message, nothing else.
_NETWORK = "network access (bots run offline; a strategy bot gets its market data from Botlab)"
_PROGRAMS = "running programs or starting processes"
_SIGNALS = "signalling other processes"
_REMOVING = (
    "deleting or renaming files (what a run writes stays in its scratch directory, where it "
    "counts towards the run's disk limit, until the run ends)"
)
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
    "os.remove": _REMOVING,
    "os.rename": _REMOVING,
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


def _explain_limit_refusals(limits: dict, threads_layer: str) -> None:
    """Turn the kernel's refusals of shared memory and of threads into sentences.

    Friendly messages only: seccomp, the cgroup and the rlimits enforce the limits whatever the
    bot calls (ctypes included); these wrappers just say why, and leave the mark the supervisor
    uses to name the failure.
    """
    import threading

    memory_mb = int(limits["memory_bytes"]) // 1024**2
    threads = int(limits["threads"])

    def refuse(what: str):
        def refused(*args, **kwargs):
            message = (
                f"shared memory ({what}) is not available to bots: it would escape the run's "
                f"{memory_mb} MB memory limit"
            )
            os.write(2, f"{MEMORY_MARK}: {message}\n".encode())
            raise MemoryError(f"Botlab sandbox: {message}")

        return refused

    os.memfd_create = refuse("memfd_create")
    with contextlib.suppress(ImportError):
        import _posixshmem

        _posixshmem.shm_open = refuse("shm_open")
    for name in ("_start_new_thread", "_start_joinable_thread"):
        start = getattr(threading, name, None)
        if start is not None:
            setattr(threading, name, _counted_start(start, threads, threads_layer))


def _counted_start(start: Callable, limit: int, layer: str) -> Callable:
    def start_thread(*args, **kwargs):
        try:
            return start(*args, **kwargs)
        except RuntimeError:
            import threading

            if layer != "seccomp" and threading.active_count() < limit // 2:
                raise  # far from the cap: the memory limit left no room for its stack
            if layer == "seccomp":
                limit_text = "no threads here: nothing on this machine can count them"
                message = f"bots may not start threads ({limit_text})"
            else:
                message = f"a run may hold at most {limit} threads at once (BOTLAB_THREAD_LIMIT)"
            os.write(2, f"{THREADS_MARK}: {message}\n".encode())
            raise RuntimeError(f"Botlab sandbox: can't start a new thread: {message}") from None

    return start_thread


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
