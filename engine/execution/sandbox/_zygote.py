"""The zygote: a clean, preloaded, single-threaded process that forks one sandboxed child per run.

Started by :class:`engine.execution.sandbox.Sandbox` with an allowlisted environment (no keys: a
child could otherwise read them from ``/proc/<zygote>/environ``, which is the exec-time
environment). It
imports numpy, pandas, backtesting, the harness and the seccomp bindings once, builds the static
part of the seccomp filter, runs one tiny backtest to warm lazy caches, freezes the heap for
copy-on-write friendliness, then serves fork requests.

It is a child subreaper (anything a run leaves behind is reparented here, not to PID 1, and
reaped), and it dies with its owner: PR_SET_PDEATHSIG(SIGKILL), plus exit on EOF of the control
socket. Its children carry their own PDEATHSIG, so they die with it.

The zygote is single-threaded on purpose: the children are forked from it, and ``unshare`` of a
user namespace needs a single-threaded caller. The owner starts it with pyarrow on the system
allocator (``ARROW_DEFAULT_MEMORY_POOL=system``): mimalloc would reserve 1 GiB of address space
that every child's RLIMIT_AS would pay for, and jemalloc would start a background thread.
"""

from __future__ import annotations

import contextlib
import gc
import os
import selectors
import signal
import socket
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

from engine.execution.sandbox import _cgroup, _child, _landlock, _linux, _protocol, _report

CAP_SYS_ADMIN = 21
SYSTEM_READ_ONLY = (
    "/usr/lib",
    "/usr/lib64",
    "/lib",
    "/lib64",
    "/usr/share/zoneinfo",
    "/etc/localtime",
    "/etc/ld.so.cache",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
)
DEVICES_READ_WRITE = ("/dev/null",)


def main(argv: list[str]) -> None:
    ctl_fd, owner_pid = int(argv[0]), int(argv[1])
    _tie_to_owner(owner_pid)
    _linux.set_child_subreaper()
    ctl = socket.socket(fileno=ctl_fd)
    began = time.monotonic()
    try:
        state = preload()
    except BaseException:
        _protocol.send(ctl, {"event": "failed", "error": traceback.format_exc()[-4000:]})
        os._exit(1)
    zygote = Zygote(ctl, state)
    _protocol.send(ctl, zygote.ready_message(time.monotonic() - began))
    zygote.serve()


def _tie_to_owner(owner_pid: int) -> None:
    """Die with the owner. PDEATHSIG follows the owner *thread* that spawned us: the owner keeps a
    dedicated keeper thread alive for as long as we run."""
    _linux.set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != owner_pid:  # the owner died before the signal was armed
        os._exit(0)


# -- preloading --------------------------------------------------------------------------------


def preload() -> _child.PreloadState:
    """Import what every run needs, work out the layers once, warm the caches."""
    defer_plotting()
    import backtesting  # noqa: F401
    import backtesting.lib  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import engine.execution.harness  # noqa: F401
    from engine.execution.sandbox import (
        _seccomp,  # imports pyseccomp: runs ldconfig, so before Landlock
    )

    base = _seccomp.compile_base() if _seccomp.available() else None
    no_threads = _seccomp.compile_base(threads=False) if base is not None else None
    seccomp_error = "" if base is not None else (_seccomp.IMPORT_ERROR or "unavailable")
    caps = _capabilities()
    netns_flags, netns_note = _netns_flags(caps)
    hierarchy, cgroup_note = _cgroup.detect()
    if hierarchy is not None:
        _cgroup.remove_stale(hierarchy)
    state = _child.PreloadState(
        zygote_pid=os.getpid(),
        landlock_abi=_landlock.abi_version(),
        seccomp_base=base,
        seccomp_error=seccomp_error,
        seccomp_no_threads=no_threads,
        cgroup=hierarchy,
        cgroup_note=cgroup_note,
        nproc=bool(netns_flags & _linux.CLONE_NEWUSER) and not _report.privileged(),
        netns_flags=netns_flags,
        netns_note=netns_note,
        capabilities=caps,
        last_cap=_linux.last_capability(),
        read_only=installation_paths() + list(SYSTEM_READ_ONLY),
        devices=list(DEVICES_READ_WRITE),
        environment=dict(os.environ),
    )
    _warm_up()
    gc.collect()
    gc.freeze()  # children's GC never walks (and so never copies) the preloaded heap
    return state


#: What backtesting.py imports from its plotting module (``from ._plotting import ...``).
PLOTTING_NAMES = ("plot", "plot_heatmaps", "set_bokeh_output")


def defer_plotting() -> None:
    """Stand in for ``backtesting._plotting`` until a bot plots.

    backtesting.py imports Bokeh with its plotting module, more than half of the zygote's
    start-up, for something a run needs only when the bot calls ``plot()``. The stand-in's
    functions import the real module (inside the run, read-only like any import) and call it.
    """
    import importlib
    import types

    name = "backtesting._plotting"
    stand_in = types.ModuleType(name, "backtesting.py's plotting, imported on first use")

    def deferred(function: str):
        def call(*args, **kwargs):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            real = importlib.import_module(name)
            return getattr(real, function)(*args, **kwargs)

        call.__name__ = function
        return call

    for function in PLOTTING_NAMES:
        setattr(stand_in, function, deferred(function))
    sys.modules[name] = stand_in


def installation_paths() -> list[str]:
    """Where Python code may be imported from inside the sandbox, read-only.

    Only ``sys.path`` entries inside the interpreter's prefixes (stdlib, lib-dynload, the venv's
    site-packages), plus the ``engine`` package itself. Never a project root: an editable install
    puts the project directory on ``sys.path``, and that is where ``.env`` and
    ``.streamlit/secrets.toml`` live.
    """
    import engine

    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    paths = []
    for entry in sys.path:
        if not entry:
            continue
        resolved = Path(entry).resolve()
        if resolved.exists() and any(resolved.is_relative_to(p) for p in prefixes):
            paths.append(str(resolved))
    paths.append(str(Path(engine.__file__).resolve().parent))
    return sorted(set(paths))


def _capabilities() -> int:
    try:
        return _linux.effective_capabilities()
    except OSError:
        return 0


def _netns_flags(caps: int) -> tuple[int, str]:
    """Which ``unshare`` flags give a child its own (empty) network namespace here, tested once."""
    candidates = [_linux.CLONE_NEWNET] if caps & (1 << CAP_SYS_ADMIN) else []
    candidates.append(_linux.CLONE_NEWUSER | _linux.CLONE_NEWNET)
    for flags in candidates:
        if _try_in_child(lambda flags=flags: _linux.unshare(flags)):
            return flags, ""
    _, why = _report.netns_possible()
    return 0, why or "unshare(CLONE_NEWNET) is not permitted here (seccomp still denies sockets)"


def _try_in_child(step) -> bool:
    pid = os.fork()
    if pid == 0:
        try:
            step()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _warm_up() -> None:
    """One tiny backtest and result serialisation, so children do not pay for lazy imports and
    first-call caches (each child would otherwise redo them, and copy the pages they touch)."""
    import io
    import json
    import warnings

    import numpy as np
    import pandas as pd
    from backtesting import Backtest, Strategy
    from backtesting.lib import crossover

    from engine.execution import harness

    n = 400
    close = 100 + np.cumsum(np.sin(np.arange(n) / 7.0))
    index = pd.date_range("2000-01-03", periods=n, freq="D")
    frame = pd.DataFrame(
        {"Open": close, "High": close + 1, "Low": close - 1, "Close": close, "Volume": 1000.0},
        index=index,
    )

    def sma(values, length):
        return pd.Series(values).rolling(length).mean()

    class _WarmUp(Strategy):
        def init(self):
            self.fast = self.I(sma, self.data.Close, 5)
            self.slow = self.I(sma, self.data.Close, 20)

        def next(self):
            if crossover(self.fast, self.slow):
                self.position.close()
                self.buy()
            elif crossover(self.slow, self.fast):
                self.position.close()

    buffer = io.BytesIO()
    frame.to_pickle(buffer)
    frame = pd.read_pickle(io.BytesIO(buffer.getvalue()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats = Backtest(frame, _WarmUp, cash=100_000, finalize_trades=True).run()
        result = harness.serialise_stats(stats, frame)
        np.save(io.BytesIO(), result.pop("equity_array"), allow_pickle=False)
        json.dumps(result, allow_nan=False)


# -- serving -----------------------------------------------------------------------------------


class Zygote:
    """The fork server loop: control requests, run sockets, child exits."""

    def __init__(self, ctl: socket.socket, state: _child.PreloadState) -> None:
        self.ctl = ctl
        self.state = state
        self.runs: dict[int, socket.socket | None] = {}  # pid -> its run socket (None: owner gone)
        self.can_fork: set[int] = set()  # runs without seccomp: they may leave processes behind
        self.groups: dict[int, _cgroup.RunGroup] = {}  # pid -> its run's cgroup
        self.started_runs = 0
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wakeup fd is written
        self.selector.register(ctl, selectors.EVENT_READ, self._on_control)
        self.selector.register(self.wake_r, selectors.EVENT_READ, self._on_wake)

    def ready_message(self, preload_s: float) -> dict:
        state = self.state
        memory, threads = _report.limit_layers(
            cgroup=state.cgroup is not None,
            nproc=state.nproc,
            seccomp=state.seccomp_base is not None,
        )
        report = _report.LayerReport(
            landlock_abi=state.landlock_abi,
            seccomp=state.seccomp_base is not None,
            netns=bool(state.netns_flags),
            rlimits=True,
            pdeathsig=True,
            nnp=True,
            caps="dropped" if state.capabilities else "none",
            notes=tuple(n for n in (state.netns_note, state.seccomp_error, state.cgroup_note) if n),
            seccomp_error=state.seccomp_error,
            memory=memory,
            threads=threads,
            disk="watch",
        )
        return {
            "event": "ready",
            "pid": os.getpid(),
            "report": report.to_dict(),
            "threads": len(os.listdir("/proc/self/task")),
            "preload_s": round(preload_s, 3),
        }

    def serve(self) -> None:
        while True:
            for key, _ in self.selector.select(timeout=5.0):
                key.data(key.fileobj)
            self._reap()

    # -- events --------------------------------------------------------------------------------

    def _on_control(self, ctl: socket.socket) -> None:
        try:
            message, fds = _protocol.recv(ctl)
        except OSError:
            message, fds = None, []
        if message is None:  # the owner closed the channel, or died
            self._shutdown()
        if message.get("op") == "run" and len(fds) == 4:
            self._start(message, fds)
        else:
            for fd in fds:
                os.close(fd)

    def _on_wake(self, fd: int) -> None:
        try:
            while os.read(fd, 512):
                pass
        except BlockingIOError:
            pass
        self._reap()

    def _on_run_socket(self, pid: int):
        def handle(sock: socket.socket) -> None:
            try:
                message, fds = _protocol.recv(sock)
            except OSError:
                message, fds = None, []
            for fd in fds:
                os.close(fd)
            if message is None:  # the owner stopped supervising: nothing runs unsupervised
                self.selector.unregister(sock)
                sock.close()
                if pid in self.runs:
                    self.runs[pid] = None
                    _kill_group(pid)
            elif message.get("op") == "kill" and pid in self.runs:
                _kill_group(pid)

        return handle

    # -- runs ----------------------------------------------------------------------------------

    def _start(self, message: dict, fds: list[int]) -> None:
        run_sock = socket.socket(fileno=fds[0])
        child_fds = fds[1:]  # the output pipe's and the status pipe's write ends, go's read end
        group = None
        try:
            spec = _child.JobSpec.from_message(message)
            group = self._make_group(spec)
            pid = os.fork()
        except Exception as exc:
            if group is not None:
                group.destroy()
            _send_quietly(run_sock, {"event": "error", "error": f"{type(exc).__name__}: {exc}"})
            run_sock.close()
            for fd in child_fds:
                os.close(fd)
            return
        if pid == 0:
            self._become_child(spec, *child_fds)
        for fd in child_fds:
            os.close(fd)
        with contextlib.suppress(OSError):  # the child did it first, or already exited
            os.setpgid(pid, pid)
        self.runs[pid] = run_sock
        if group is not None:
            self.groups[pid] = group
        if self.state.seccomp_base is None or "seccomp" in spec.skip:
            self.can_fork.add(pid)
        self.selector.register(run_sock, selectors.EVENT_READ, self._on_run_socket(pid))
        _send_quietly(run_sock, {"event": "started", "pid": pid})

    def _make_group(self, spec: _child.JobSpec) -> _cgroup.RunGroup | None:
        """The run's cgroup, made before the fork so the child can join it at once."""
        if self.state.cgroup is None or "cgroup" in spec.skip:
            return None
        self.started_runs += 1
        name = _cgroup.group_name(os.getpid(), self.started_runs)
        try:
            group = _cgroup.RunGroup(
                self.state.cgroup, name, spec.limits["memory_bytes"], spec.limits["threads"]
            )
        except OSError as exc:
            spec.cgroup_error = f"could not create the run's cgroup: {exc}"
            return None
        spec.cgroup_procs = group.procs_files
        return group

    def _become_child(self, spec: _child.JobSpec, out_w: int, status_w: int, go_r: int) -> None:
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # Detach the zygote's socket objects: their descriptors are closed by the child's
            # closerange, and a later garbage collection must not close a reused number.
            for sock in [self.ctl, *[s for s in self.runs.values() if s is not None]]:
                sock.detach()
            _child.run(spec, out_w, status_w, go_r, self.state)
        finally:
            os._exit(_child.SETUP_FAILED)

    def _reap(self) -> None:
        """Reap every exited child; report runs' exits with their CPU time."""
        while True:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or not info.si_pid:
                return
            pid = info.si_pid
            if pid in self.runs:
                _kill_group(pid)  # stragglers in its group; the unreaped leader pins the pgid
            _, status, usage = os.wait4(pid, 0)
            if pid in self.runs:
                self._finish(pid, status, usage)

    def _finish(self, pid: int, status: int, usage) -> None:
        sock = self.runs.pop(pid)
        group = self.groups.pop(pid, None)
        counters = {}
        if group is not None:
            counters = {"oom_kills": group.oom_kills(), "refused_tasks": group.refused_tasks()}
            group.destroy()
        if pid in self.can_fork:  # it may have forked, and its children may have left the group
            self.can_fork.discard(pid)
            self._kill_orphans()
        if sock is not None:
            message = {
                "event": "exit",
                "status": status,
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
                "maxrss_kb": usage.ru_maxrss,
                "minflt": usage.ru_minflt,
                **counters,
            }
            _send_quietly(sock, message)
            self.selector.unregister(sock)
            sock.close()

    def _kill_orphans(self) -> None:
        """Kill every descendant not under a live run (escaped grandchildren end up here)."""
        children = defaultdict(list)
        for pid, ppid in _process_parents().items():
            children[ppid].append(pid)
        stack = [p for p in children[os.getpid()] if p not in self.runs]
        while stack:
            pid = stack.pop()
            stack.extend(children.get(pid, ()))
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def _shutdown(self) -> None:
        for pid in list(self.runs):
            _kill_group(pid)
        for pid, group in self.groups.items():
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)  # a group cannot be removed while its task exists
            group.destroy()
        os._exit(0)  # our children die with us (PDEATHSIG); nothing here needs cleaning


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _send_quietly(sock: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):  # the owner has gone: its socket's EOF kills the run
        _protocol.send(sock, message)


def _process_parents() -> dict[int, int]:
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            parents[int(name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    return parents


if __name__ == "__main__":
    main(sys.argv[1:])
