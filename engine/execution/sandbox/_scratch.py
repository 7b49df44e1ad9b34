"""The disk total of a run: watch its scratch directory and say when it is over.

No kernel mechanism counts the bytes one process tree writes to an ordinary directory (quotas
count per user, group or XFS/ext4 project, and need a filesystem mounted for them), so the
supervisor counts: an inotify watch on the job directory and every directory the bot makes in
it wakes it on each write, and it adds up the blocks allocated there. A run whose growth passes
its total is killed (``disk_limit``), and its directory is removed after the run like any other.

Bounds: RLIMIT_FSIZE caps every single file at the total (so one ``write()`` cannot overshoot it
by more than the total), each entry counts at least one 4 KiB block (so a flood of empty files
is a flood of blocks), hard links count once, and a periodic rescan catches what inotify does
not report (writes through ``mmap``); without inotify (its per-user instances used up) it
counts every 50 ms instead. What it cannot stop is the few milliseconds between a
write and the kill: a bot writing at full speed can pass the total by what the disk takes in
that time.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import struct
import threading
import time
from collections.abc import Iterator

from engine.execution.sandbox import _linux

IN_MODIFY = 0x002
IN_CLOSE_WRITE = 0x008
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC
EVENTS = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE
EVENT_HEADER = struct.Struct("iIII")
ENTRY_BYTES = 4096  # what one file or directory costs at least
RESCAN_S = 0.25  # how often to look even without events (mmap writes raise none)
MIN_GAP_S = 0.005  # a bot writing byte by byte must not keep its supervisor counting
GAP_PER_SCAN = 2  # and wait twice as long as the last count took (a huge tree costs more)
POLL_ONLY_S = 0.05  # how often to count when inotify is unavailable (instances used up)
MAX_WATCHES = 256  # per run (inotify watches are per user); the rescan covers deeper trees


class ScratchWatch:
    """Counts what a run adds to its job directory (``usage() - baseline``)."""

    def __init__(self, job_dir: str, limit_bytes: int) -> None:
        self.job_dir = job_dir
        self.limit_bytes = limit_bytes
        try:
            self.fd: int | None = _inotify_init()
        except OSError:  # e.g. fs.inotify.max_user_instances reached: count more often instead
            self.fd = None
        self.watched: set[str] = set()
        self.top = -1  # the job directory's own watch
        self.baseline = 0
        self.added = 0
        self.exceeded = False
        self.dirty = False
        self.last_scan = 0.0
        self.scan_s = 0.0
        self._watch_tree()
        self.baseline = self.usage()

    def fileno(self) -> int | None:
        """The inotify descriptor to select on, or None (then only :meth:`next_check` wakes)."""
        return self.fd

    def on_event(self) -> list[str]:
        """Drain the inotify queue and watch new directories (the recount follows soon); return
        the names of the files closed after writing at the top of the job directory."""
        new_dirs, closed = False, []
        while True:
            try:
                raw = os.read(self.fd, 65536)
            except (BlockingIOError, OSError):
                break
            if not raw:
                break
            for watch, mask, name in _events(raw):
                new_dirs |= bool(mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO))
                if mask & IN_CLOSE_WRITE and watch == self.top:
                    closed.append(name)
        if new_dirs:
            self._watch_tree()
        self.dirty = True
        return closed

    def next_check(self) -> float:
        """When (``time.monotonic()``) the next recount is due."""
        if self.dirty:
            return self.last_scan + max(MIN_GAP_S, GAP_PER_SCAN * self.scan_s)
        return self.last_scan + (RESCAN_S if self.fd is not None else POLL_ONLY_S)

    def check_if_due(self) -> bool:
        """Recount when due; True once the run has added more than its total."""
        if not self.exceeded and time.monotonic() >= self.next_check():
            self.check()
        return self.exceeded

    def check(self) -> bool:
        """Recount now; True (and ``exceeded``) once the run has added more than its total."""
        self.dirty = False
        self.added = self.usage() - self.baseline
        if self.added > self.limit_bytes:
            self.exceeded = True
        return self.exceeded

    def usage(self) -> int:
        """Bytes allocated under the job directory, plus one block per entry."""
        began = time.monotonic()
        seen: set[tuple[int, int]] = set()
        total = 0
        stack = [self.job_dir]
        while stack:
            with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
                for entry in entries:
                    with contextlib.suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        if (info.st_dev, info.st_ino) in seen:
                            continue
                        seen.add((info.st_dev, info.st_ino))
                        total += max(info.st_blocks * 512, ENTRY_BYTES)
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
        self.last_scan = time.monotonic()
        self.scan_s = self.last_scan - began
        return total

    def close(self) -> None:
        """Close the inotify instance in the background: closing one waits for the kernel's
        SRCU grace period (about 8 ms measured), which a finished run should not wait for."""
        if self.fd is not None:
            fd, self.fd = self.fd, None
            threading.Thread(target=_close_quietly, args=(fd,), daemon=True).start()

    def _watch_tree(self) -> None:
        if self.fd is None:
            return
        stack = [self.job_dir]
        while stack and len(self.watched) < MAX_WATCHES:
            path = stack.pop()
            if path not in self.watched:
                with contextlib.suppress(OSError):
                    watch = _add_watch(self.fd, path)
                    self.top = watch if path == self.job_dir else self.top
                    self.watched.add(path)
            with contextlib.suppress(OSError), os.scandir(path) as entries:
                stack.extend(e.path for e in entries if e.is_dir(follow_symlinks=False))


def _close_quietly(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def _inotify_init() -> int:
    fd = _linux.libc().inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
    if fd < 0:
        err = ctypes.get_errno() or errno.ENOSYS
        raise OSError(err, f"inotify_init1: {os.strerror(err)}")
    return fd


def _add_watch(fd: int, path: str) -> int:
    result = _linux.libc().inotify_add_watch(fd, os.fsencode(path), EVENTS)
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"inotify_add_watch: {os.strerror(err)}")
    return result


def _events(raw: bytes) -> Iterator[tuple[int, int, str]]:
    """``(watch, mask, name)`` of each inotify event in ``raw``."""
    offset = 0
    while offset + EVENT_HEADER.size <= len(raw):
        watch, mask, _, length = EVENT_HEADER.unpack_from(raw, offset)
        start = offset + EVENT_HEADER.size
        name = raw[start : start + length].rstrip(b"\0").decode("utf-8", "replace")
        yield watch, mask, name
        offset = start + length
