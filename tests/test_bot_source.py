"""Reading a bot's code from several threads at once: a queue worker runs jobs in threads, the API
serves requests from a thread pool, and each parses bots (``engine.execution.bot_source``)."""

from __future__ import annotations

import gc
import sys
import threading
import time

import pytest

from engine.execution.bot_source import parse_code

#: Deep enough that building its tree recurses 40 levels, and many statements: many AST nodes.
NESTED = ("x = " + "(" * 40 + "1" + ")" * 40 + "\n") * 10
THREADS, ROUNDS = 4, 100


class _YieldsWhenCollected:
    """Cyclic garbage whose finalizer lets another thread run, as any ``__del__`` that does I/O
    does: the garbage collector runs it in the middle of building a tree, which is C code that
    otherwise never lets another thread in."""

    def __init__(self) -> None:
        self.cycle = self

    def __del__(self) -> None:
        time.sleep(0)


@pytest.fixture
def eager_thread_switches():
    """Threads switch at every chance (the default is every 5 ms), and the garbage collector
    (with the finalizers it runs) comes every 50 new objects instead of every 700."""
    interval, thresholds = sys.getswitchinterval(), gc.get_threshold()
    sys.setswitchinterval(1e-5)
    gc.set_threshold(50)
    yield
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


def test_threads_parsing_at_once_each_get_their_own_tree(eager_thread_switches):
    """CPython 3.11 keeps the AST constructor's recursion depth per interpreter, not per thread:
    a thread that runs while another is half-way through a tree leaves it a wrong depth, and
    that parse fails ("SystemError: AST constructor recursion depth mismatch", or a spurious
    RecursionError). Without the lock it failed in 10 of 10 runs on 3.11.7."""
    failures: list[str] = []
    parsed = [0] * THREADS
    failed = threading.Event()

    def parse_from(thread: int, depth: int) -> None:
        if depth:  # each thread parses from its own stack depth, as real callers do
            return parse_from(thread, depth - 1)
        for _ in range(ROUNDS):
            if failed.is_set():
                return
            _YieldsWhenCollected()
            try:
                tree = parse_code(NESTED)
            except Exception as exc:  # (what a parse that ran into another one raises)
                failures.append(f"{type(exc).__name__}: {exc}")
                failed.set()
                return
            parsed[thread] += len(tree.body)

    threads = [
        threading.Thread(target=parse_from, args=(number, 5 + 7 * number))
        for number in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert parsed == [10 * ROUNDS] * THREADS
