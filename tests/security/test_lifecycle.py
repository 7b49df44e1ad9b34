"""The zygote's life: concurrent runs, restarts, and dying with its owner."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from engine.execution.sandbox import Sandbox
from engine.execution.supervisor import RunLimits

from .conftest import PYTHON, alive, descendants, make_job

REPO = Path(__file__).resolve().parents[2]
TELL_PID = (Path(__file__).parent / "bots" / "tell_pid.py").read_text()
FORK_AND_SETSID = """
import ctypes, os, time
from backtesting import Strategy

libc = ctypes.CDLL(None)


class Escapee(Strategy):
    def init(self):
        escaped = 0
        for _ in range(2):
            pid = libc.fork()
            if pid == 0:
                if libc.fork() == 0:  # a grandchild, in a session of its own
                    libc.setsid()
                    time.sleep(30)
                os._exit(0)
            escaped += pid > 0
        print(f"escaped: {escaped}")

    def next(self):
        pass
"""


def _tell_pid(token: str, sleep: float) -> str:
    return TELL_PID.replace("__PARAMS__", json.dumps({"token": token, "sleep": sleep}))


def _wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_concurrent_runs_keep_their_own_output(sandbox, frame, tmp_path):
    tokens = [f"token-{i}" for i in range(3)]
    jobs = [make_job(tmp_path / "scratch", _tell_pid(t, 0.5), frame) for t in tokens]
    outcomes: dict[str, object] = {}

    def run(token, job):
        outcomes[token] = sandbox.run(job, RunLimits(timeout_s=30))

    threads = [threading.Thread(target=run, args=pair) for pair in zip(tokens, jobs, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    slept = []
    for token in tokens:
        outcome = outcomes[token]
        assert outcome.failure is None and outcome.returncode == 0, outcome.output
        text = outcome.output.decode()
        assert token in text and all(t not in text for t in tokens if t != token)
        began, ended = re.search(r"slept from (\S+) to (\S+)", text).groups()
        slept.append((float(began), float(ended)))
        assert outcome.sandbox_report.endswith("-> strict")
    # They ran side by side: every run was asleep at the moment the last one fell asleep.
    assert max(began for began, _ in slept) < min(ended for _, ended in slept)


def test_the_zygote_has_a_clean_environment_and_one_thread(monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", "canary-zygote-env")
    box = Sandbox("strict")
    try:
        box.start()
        with open(f"/proc/{box._zygote.pid}/environ", "rb") as fh:
            environ = fh.read()
        assert b"canary-zygote-env" not in environ and b"GEMINI" not in environ
        assert b"BOTLAB_HOME" not in environ
        assert box._zygote.ready["threads"] == 1
    finally:
        box.close()


@pytest.mark.slow
def test_a_dead_zygote_ends_its_run_and_is_replaced(frame, tmp_path):
    box = Sandbox("strict")
    try:
        box.start()
        first = box._zygote.pid
        job = make_job(tmp_path / "scratch", _tell_pid("doomed", 60), frame)
        outcome = {}
        runner = threading.Thread(
            target=lambda: outcome.update(o=box.run(job, RunLimits(timeout_s=60)))
        )
        runner.start()
        # Wait for the bot itself, not just the fork: a zygote killed between its fork and
        # its "started" message loses a run that never started, which is retried elsewhere.
        assert _wait_for(lambda: (job / "began").exists())
        child = descendants(first)[0]
        os.kill(first, signal.SIGKILL)
        runner.join(10)

        assert outcome["o"].failure == "crashed"
        assert "zygote" in outcome["o"].failure_detail
        assert _wait_for(lambda: not alive(child))  # its parent-death signal fired
        again = box.run(make_job(tmp_path / "scratch", _tell_pid("after", 0), frame), RunLimits())
        assert again.failure is None and b"after" in again.output
        assert box._zygote.pid != first
    finally:
        box.close()


@pytest.mark.slow
def test_zygote_and_run_die_with_their_owner(tmp_path):
    bot = tmp_path / "tell_pid.py"
    bot.write_text(_tell_pid("orphan", 120))
    owner = subprocess.Popen(
        [PYTHON, "-m", "tests.security.owner", "hang", str(bot)],
        cwd=REPO,
        env={**os.environ, "BOTLAB_HOME": str(tmp_path / "home")},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        pids = json.loads(owner.stdout.readline())
        assert alive(pids["zygote"]) and alive(pids["child"])
        owner.kill()
        owner.wait()

        assert _wait_for(lambda: not alive(pids["zygote"]))
        assert _wait_for(lambda: not alive(pids["child"]))
    finally:
        owner.kill()
        owner.wait()


def test_the_zygote_outlives_the_thread_that_started_it(frame, tmp_path):
    """PR_SET_PDEATHSIG fires when the *thread* that spawned a process exits: a dashboard
    script-runner thread that happened to start the zygote must not take it down with it."""
    box = Sandbox("strict")
    try:
        starter = threading.Thread(target=box.start)
        starter.start()
        starter.join(60)
        zygote = box._zygote.pid
        time.sleep(0.3)

        assert alive(zygote)
        outcome = box.run(make_job(tmp_path / "scratch", _tell_pid("later", 0), frame), RunLimits())
        assert outcome.failure is None and box._zygote.pid == zygote
    finally:
        box.close()


def test_without_seccomp_escaped_grandchildren_are_still_killed(frame, tmp_path):
    """Permissive mode with seccomp missing: a bot *can* fork and setsid, so killing its process
    group is not enough; the zygote (a child subreaper) kills what was left behind."""
    box = Sandbox("permissive")
    box._skip_layers = ("seccomp",)
    try:
        with pytest.warns(UserWarning):
            outcome = box.run(make_job(tmp_path / "scratch", FORK_AND_SETSID, frame), RunLimits())
        zygote = box._zygote.pid

        assert "escaped: 2" in outcome.output.decode()  # it really forked and left the group
        assert "seccomp=off" in outcome.sandbox_report
        assert _wait_for(lambda: descendants(zygote) == [], timeout=5)
    finally:
        box.close()


def test_a_forked_child_runs_nothing_before_go_and_one_never_released_is_reaped(sandbox, tmp_path):
    """The executor forks a run's child before it records the run and writes its job: the child
    locks itself down, then waits. Released, it runs its entry point; dropped, it exits unrun,
    and is gone by the time close() returns."""
    entry = f"{Path(__file__).parent / 'entries.py'}:mark_ran"
    sandbox.start()
    zygote = sandbox._zygote.pid
    released, dropped = tmp_path / "released", tmp_path / "dropped"
    released.mkdir()
    dropped.mkdir()

    with sandbox.fork(released, RunLimits(timeout_s=30), entry=entry) as child:
        assert _wait_for(lambda: descendants(zygote))
        time.sleep(0.5)  # ample time to lock itself down and run, were it not waiting
        assert not (released / "ran").exists()
        outcome = child.go()
    assert (outcome.returncode, outcome.failure) == (0, None)
    assert (released / "ran").read_text() == "ran"

    child = sandbox.fork(dropped, RunLimits(timeout_s=30), entry=entry)
    assert _wait_for(lambda: descendants(zygote))
    child.close()
    assert [pid for pid in descendants(zygote) if alive(pid)] == []
    assert not (dropped / "ran").exists()


def test_a_run_that_ends_before_its_bot_starts_leaves_no_process(make_executor, sandbox):
    """A syntax error ends the run before the job is written: its early child is ended too."""
    sandbox.start()
    zygote = sandbox._zygote.pid
    result = make_executor().execute_code("def broken(:\n", "broken")

    assert result.error_type == "syntax_error"
    assert [pid for pid in descendants(zygote) if alive(pid)] == []
