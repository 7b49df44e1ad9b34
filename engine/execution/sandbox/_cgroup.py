"""Per-run cgroups: the kernel's own count of what a run holds.

RLIMIT_AS counts a process's address space, so it misses memory a run holds *outside* it: a memfd
or a tmpfs file written with ``write()``, SysV segments, page cache, kernel buffers. A memory
cgroup charges every page to the group that first touched it, shared memory included, and the
kernel's OOM killer ends the run when it goes over ``memory.max``. The pids controller counts
tasks, so threads (every thread is a task) are refused past ``pids.max`` with EAGAIN.

The zygote creates one group per run before it forks (a few directory writes, about 1 ms), the
child moves itself in as its first step (before Landlock hides ``/sys``), and the zygote reads the
group's event counters (OOM kills, refused forks) after the run and removes it.

Where the groups go:

* **cgroup v1** (separate ``memory`` and ``pids`` hierarchies): under the zygote's own group in
  each hierarchy, so whatever limits the deployment put on Botlab still apply around them.
* **cgroup v2**: under the zygote's own group if its ``cgroup.subtree_control`` offers ``memory``
  and ``pids`` (a delegated subtree), else, when permitted (root), under ``botlab/`` at the root
  of the hierarchy. A v2 group that holds processes cannot hand controllers to children, so a
  non-root Botlab needs a delegated, empty parent (systemd ``Delegate=yes``).

It needs write access to the cgroup filesystem: root, or a delegated subtree. Docker mounts it
read-only unless told otherwise; then :func:`detect` says why, and the sandbox falls back to
seccomp and rlimits (see ``_child``).
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path

PREFIX = "botlab-"
V2_ROOT_GROUP = "botlab"


@dataclass(frozen=True)
class Hierarchy:
    """Where run groups are created: one parent per controller (the same one on v2)."""

    version: int
    memory_parent: str
    pids_parent: str

    def describe(self) -> str:
        return f"cgroup v{self.version}"


def detect() -> tuple[Hierarchy | None, str]:
    """The hierarchy this process may create run groups in, or ``None`` and the reason why not."""
    try:
        membership = _membership()
        mounts = _mounts()
    except OSError as exc:
        return None, f"cannot read this process's cgroups: {exc}"
    if "memory" in mounts.v1 and "pids" in mounts.v1:
        parents = {}
        for controller in ("memory", "pids"):
            mount_point, mount_root = mounts.v1[controller]
            parents[controller] = _under(mount_point, mount_root, membership.get(controller, "/"))
        found = Hierarchy(1, parents["memory"], parents["pids"])
    elif mounts.v2 is not None:
        mount_point, mount_root = mounts.v2
        found, why = _v2_parent(_under(mount_point, mount_root, membership.get("", "/")), mounts.v2)
        if found is None:
            return None, why
    else:
        return None, "no cgroup filesystem with the memory and pids controllers is mounted"
    why = _writable(found)
    return (found, "") if not why else (None, why)


class RunGroup:
    """One run's cgroup(s): limits set at creation, counters read after, removed at the end."""

    def __init__(self, hierarchy: Hierarchy, name: str, memory_bytes: int, tasks: int) -> None:
        self.hierarchy = hierarchy
        self.memory_dir = os.path.join(hierarchy.memory_parent, name)
        self.pids_dir = os.path.join(hierarchy.pids_parent, name)
        self.dirs = sorted({self.memory_dir, self.pids_dir})
        for path in self.dirs:
            os.mkdir(path, 0o755)
        try:
            self._limit(int(memory_bytes), int(tasks))
        except OSError:
            self.destroy()
            raise

    def _limit(self, memory_bytes: int, tasks: int) -> None:
        if self.hierarchy.version == 1:
            _write(self.memory_dir, "memory.limit_in_bytes", memory_bytes)
            _write_if_present(self.memory_dir, "memory.memsw.limit_in_bytes", memory_bytes)
        else:
            _write(self.memory_dir, "memory.max", memory_bytes)
            _write_if_present(self.memory_dir, "memory.swap.max", 0)
        _write(self.pids_dir, "pids.max", tasks)

    @property
    def procs_files(self) -> list[str]:
        """What the child writes ``0`` (itself) to, to join the group.

        On v1 that is ``tasks``, which moves the calling thread alone: the child is
        single-threaded there (forked from the single-threaded zygote, before any bot code), so
        that is the whole process, and the kernel skips the global lock a whole-process move
        (``cgroup.procs``) takes, whose wait for an RCU grace period cost every run 5-15 ms.
        v2 only moves single threads within threaded subtrees, so there it is ``cgroup.procs``.
        """
        name = "tasks" if self.hierarchy.version == 1 else "cgroup.procs"
        return [os.path.join(path, name) for path in self.dirs]

    def oom_kills(self) -> int:
        """How many tasks the kernel's OOM killer ended in this group."""
        name = "memory.oom_control" if self.hierarchy.version == 1 else "memory.events"
        return _counter(os.path.join(self.memory_dir, name), "oom_kill")

    def refused_tasks(self) -> int:
        """How many thread or process creations ``pids.max`` refused."""
        return _counter(os.path.join(self.pids_dir, "pids.events"), "max")

    def destroy(self) -> None:
        """Kill anything left in the group and remove it (a group with tasks cannot go)."""
        for path in self.dirs:
            _kill_all(path)
            with contextlib.suppress(OSError):
                os.rmdir(path)


def join(procs_files: list[str]) -> None:
    """Move the calling process into its run group (the child's first layer)."""
    for path in procs_files:
        with open(path, "w") as fh:
            fh.write("0")


def remove_stale(hierarchy: Hierarchy) -> None:
    """Remove run groups left by zygotes that died (their runs died with them)."""
    for parent in {hierarchy.memory_parent, hierarchy.pids_parent}:
        with contextlib.suppress(OSError):
            for entry in os.scandir(parent):
                if entry.name.startswith(PREFIX) and not _zygote_alive(entry.name):
                    _kill_all(entry.path)
                    with contextlib.suppress(OSError):
                        os.rmdir(entry.path)


def group_name(zygote_pid: int, run_number: int) -> str:
    return f"{PREFIX}{zygote_pid}-{run_number}"


# -- internals ---------------------------------------------------------------------------------


@dataclass
class _Mounts:
    v1: dict[str, tuple[str, str]]  # controller -> (mount point, root of the mount)
    v2: tuple[str, str] | None


def _membership() -> dict[str, str]:
    """Controller -> this process's group path ("" is the v2 entry)."""
    found = {}
    with open("/proc/self/cgroup") as fh:
        for line in fh:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                found[controller] = path
    return found


def _mounts() -> _Mounts:
    v1: dict[str, tuple[str, str]] = {}
    v2 = None
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            head, _, tail = line.partition(" - ")
            fields, tail_fields = head.split(), tail.split()
            if len(fields) < 5 or len(tail_fields) < 3:
                continue
            root, mount_point, fstype = fields[3], fields[4], tail_fields[0]
            if fstype == "cgroup2" and v2 is None:
                v2 = (mount_point, root)
            elif fstype == "cgroup":
                for option in tail_fields[2].split(","):
                    if option in ("memory", "pids"):
                        v1[option] = (mount_point, root)
    return _Mounts(v1, v2)


def _under(mount_point: str, mount_root: str, group: str) -> str:
    """The directory of ``group`` (a path as /proc/self/cgroup shows it) under a mount."""
    if mount_root != "/" and (group == mount_root or group.startswith(mount_root + "/")):
        group = group[len(mount_root) :]
    return os.path.normpath(mount_point + "/" + group.lstrip("/"))


def _v2_parent(own: str, mount: tuple[str, str]) -> tuple[Hierarchy | None, str]:
    if _controllers(own, "cgroup.subtree_control") >= {"memory", "pids"}:
        return Hierarchy(2, own, own), ""
    root = mount[0]
    if not _controllers(root, "cgroup.controllers") >= {"memory", "pids"}:
        return None, "cgroup v2 without the memory and pids controllers"
    parent = os.path.join(root, V2_ROOT_GROUP)
    try:
        os.makedirs(parent, exist_ok=True)
        _write(root, "cgroup.subtree_control", "+memory +pids")
        _write(parent, "cgroup.subtree_control", "+memory +pids")
    except OSError as exc:
        return None, (
            f"cgroup v2: {own} does not delegate memory and pids to its children, and "
            f"{parent} cannot be used ({exc.strerror})"
        )
    return Hierarchy(2, parent, parent), ""


def _controllers(path: str, name: str) -> set[str]:
    try:
        return set(Path(path, name).read_text().split())
    except OSError:
        return set()


def _writable(hierarchy: Hierarchy) -> str:
    """Empty when a run group can be created and removed here; else why not."""
    probe = f"{PREFIX}probe-{os.getpid()}"
    made = []
    try:
        for parent in sorted({hierarchy.memory_parent, hierarchy.pids_parent}):
            path = os.path.join(parent, probe)
            os.mkdir(path)
            made.append(path)
    except OSError as exc:
        why = f"{exc.strerror}: needs root or a delegated subtree"
        return f"{hierarchy.describe()} is not writable here ({why})"
    finally:
        for path in made:
            with contextlib.suppress(OSError):
                os.rmdir(path)
    return ""


def _write(directory: str, name: str, value) -> None:
    with open(os.path.join(directory, name), "w") as fh:
        fh.write(str(value))


def _write_if_present(directory: str, name: str, value) -> None:
    if os.path.exists(os.path.join(directory, name)):
        _write(directory, name, value)


def _counter(path: str, key: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _kill_all(path: str) -> None:
    kill_file = os.path.join(path, "cgroup.kill")
    if os.path.exists(kill_file):
        with contextlib.suppress(OSError):
            _write(path, "cgroup.kill", 1)
        return
    with contextlib.suppress(OSError, ValueError), open(os.path.join(path, "cgroup.procs")) as fh:
        for line in fh:
            with contextlib.suppress(OSError):
                os.kill(int(line), signal.SIGKILL)


def _zygote_alive(name: str) -> bool:
    pid_text = name[len(PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
