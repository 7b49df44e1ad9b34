"""One cap per home on the runs executing at once, shared by every process that uses the home.

Every run limit (memory, CPU, threads, disk) is per run, so N runs at once hold N times them. The
CLI, the dashboard, the API and the background worker all run bots through
:class:`engine.execution.executor.BotExecutor`, which holds a *slot* while its bot runs: one of
``BOTLAB_MAX_CONCURRENT`` (default: the CPU count) lock files under ``$BOTLAB_HOME/slots/``,
held with ``fcntl.flock``. A run that finds every slot taken waits in line instead of failing.

The kernel releases a ``flock`` when its holder's descriptor closes, process death included, so a
killed run never keeps its slot. Waiting runs line up on ``queue.lock``: only the one holding it
looks for a free slot, so runs start roughly in the order they asked. Locks are advisory and
local to one machine (and unreliable over NFS): homes shared between hosts need a queue of their
own.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

SLOTS_DIR = "slots"
QUEUE_FILE = "queue.lock"
POLL_S = 0.02


class Cancelled(Exception):
    """The run was cancelled while it waited for a slot."""


@contextlib.contextmanager
def run_slot(
    home: Path,
    limit: int,
    *,
    cancel: threading.Event | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[int]:
    """Hold one of ``limit`` slots of ``home`` for the ``with`` block; yield its number.

    Waits in line while all are taken (calling ``on_wait`` once, when it starts waiting).
    Raises :class:`Cancelled` if ``cancel`` is set while waiting.
    """
    folder = Path(home) / SLOTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    held = _try_any(folder, limit)
    if held is None:
        if on_wait is not None:
            on_wait()
        held = _wait_in_line(folder, limit, cancel)
    number, fd = held
    try:
        yield number
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_any(folder: Path, limit: int) -> tuple[int, int] | None:
    for number in range(limit):
        fd = _try_lock(folder / f"slot-{number}.lock")
        if fd is not None:
            return number, fd
    return None


def _wait_in_line(folder: Path, limit: int, cancel: threading.Event | None) -> tuple[int, int]:
    queue_fd = None
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled while waiting for a free run slot")
            if queue_fd is None:
                queue_fd = _try_lock(folder / QUEUE_FILE)
            if queue_fd is not None:  # first in line: look for a free slot
                held = _try_any(folder, limit)
                if held is not None:
                    return held
            time.sleep(POLL_S)
    finally:
        if queue_fd is not None:
            os.close(queue_fd)


def _try_lock(path: Path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd
