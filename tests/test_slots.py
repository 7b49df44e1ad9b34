"""One cap per home on runs at once (``BOTLAB_MAX_CONCURRENT``), with real parallel processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from engine.config import load_settings
from engine.execution import slots

# A strategy bot that says when it ran (wall clock: the same for every process on the machine).
SPAN_BOT = textwrap.dedent(
    """
    import time
    from backtesting import Strategy

    class Span(Strategy):
        def init(self):
            began = time.time()
            time.sleep(2.5)  # long enough that uncapped runs would overlap
            print(f"span {began!r} {time.time()!r}")

        def next(self):
            pass
    """
)


def _botlab(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "engine", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _most_at_once(spans: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    running = most = 0
    for _, step in events:  # an end sorts before a start at the same instant
        running += step
        most = max(most, running)
    return most


def test_parallel_cli_runs_never_exceed_the_cap_and_all_finish(tmp_path):
    bot = tmp_path / "span.py"
    bot.write_text(SPAN_BOT)
    env = {**os.environ, "BOTLAB_MAX_CONCURRENT": "2"}
    procs = [_botlab("run", str(bot), "--symbol", "GOOG", "--json", env=env) for _ in range(5)]

    spans = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        run = json.loads(out)
        log = Path(run["files"]["log"]).read_text()
        line = next(line for line in log.splitlines() if line.startswith("span "))
        _, began, ended = line.split()
        spans.append((float(began), float(ended)))

    assert len(spans) == 5
    assert _most_at_once(spans) <= 2


def test_the_default_cap_is_the_cpu_count(monkeypatch):
    monkeypatch.delenv("BOTLAB_MAX_CONCURRENT", raising=False)

    assert load_settings().max_concurrent == (os.cpu_count() or 1)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from engine.execution import slots
    with slots.run_slot(Path(sys.argv[1]), 1) as number:
        print(number, flush=True)
        time.sleep(600)
    """
)


def test_a_killed_holder_frees_its_slot_and_the_next_in_line_runs(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "0"  # it holds the only slot
        got: list[int] = []
        waited = threading.Event()
        waiter = threading.Thread(
            target=lambda: got.append(_take_one(tmp_path, 1, on_wait=waited.set)), daemon=True
        )
        waiter.start()
        assert waited.wait(30)  # in line, not failed
        assert got == []
        os.kill(holder.pid, signal.SIGKILL)
        waiter.join(30)
        assert got == [0]
    finally:
        holder.kill()
        holder.wait()


def _take_one(home: Path, limit: int, **kwargs) -> int:
    with slots.run_slot(home, limit, **kwargs) as number:
        return number


def test_a_run_cancelled_while_waiting_never_starts(tmp_path):
    cancel = threading.Event()
    with slots.run_slot(tmp_path, 1):
        threading.Timer(0.2, cancel.set).start()
        with pytest.raises(slots.Cancelled):
            _take_one(tmp_path, 1, cancel=cancel)


def test_slots_are_shared_between_threads_of_one_process(tmp_path):
    with slots.run_slot(tmp_path, 2) as first, slots.run_slot(tmp_path, 2) as second:
        assert {first, second} == {0, 1}
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(slots.Cancelled):
            _take_one(tmp_path, 2, cancel=cancel)


def test_the_worker_runs_as_many_at_once_as_the_home_has_slots(monkeypatch):
    from engine.jobs import Worker

    monkeypatch.setenv("BOTLAB_MAX_CONCURRENT", "3")

    assert Worker().concurrency == 3


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("BOTLAB_MAX_CONCURRENT", "0", "must be positive"),
        ("BOTLAB_MAX_CONCURRENT", "1.5", "whole number"),
        ("BOTLAB_THREAD_LIMIT", "many", "not a number"),
        ("BOTLAB_DISK_LIMIT_MB", "-1", "must be positive"),
    ],
)
def test_a_bad_limit_setting_is_named(monkeypatch, name, value, words):
    from engine.config import ConfigError

    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError, match=name) as bad:
        load_settings()
    assert words in str(bad.value)


def test_the_run_totals_default_as_documented(monkeypatch):
    for name in ("BOTLAB_THREAD_LIMIT", "BOTLAB_DISK_LIMIT_MB"):
        monkeypatch.delenv(name, raising=False)

    settings = load_settings()

    assert settings.thread_limit == 64
    assert settings.disk_limit_bytes == 512 * 1024**2
