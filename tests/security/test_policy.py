"""BOTLAB_SANDBOX: strict fails closed naming the missing layer; permissive runs and warns."""

from __future__ import annotations

import re

import pytest

from engine.execution.sandbox import (
    LayerReport,
    Sandbox,
    SandboxUnavailable,
    SandboxWarning,
    _linux,
    _sandbox,
    get_sandbox,
    probe,
)
from engine.execution.supervisor import RunLimits

from ..conftest import BOTS
from .conftest import make_job

FULL = dict(
    landlock_abi=7,
    seccomp=True,
    netns=True,
    rlimits=True,
    pdeathsig=True,
    nnp=True,
    caps="none",
    memory="cgroup",
    threads="cgroup",
    disk="watch",
)


def _report(**overrides) -> LayerReport:
    return LayerReport(**{**FULL, **overrides})


@pytest.fixture
def job(tmp_path, frame):
    return make_job(tmp_path / "scratch", (BOTS / "spoofer.py").read_text(), frame)


def test_probe_reports_every_layer_in_one_line():
    line = probe().one_line()
    assert re.fullmatch(
        r"landlock=(abi\d+|off) seccomp=(on|off) netns=(on|off) rlimits=(on|off) "
        r"pdeathsig=(on|off) nnp=(on|off) caps=\w+ memory=(cgroup|rlimit|off) "
        r"threads=(cgroup|nproc|seccomp|off) disk=(watch|off) -> (strict|degraded \(no .+\))",
        line,
    ), line


@pytest.mark.parametrize(
    ("missing", "words"),
    [
        (dict(landlock_abi=0), ["Landlock", "lsm="]),
        (dict(seccomp=False, seccomp_error="RuntimeError: Unable to find libseccomp"), [
            "seccomp", "apt-get install libseccomp2", "Unable to find libseccomp",
        ]),
        (dict(memory="off"), ["no memory", "shared memory"]),
        (dict(threads="off"), ["no threads", "process IDs"]),
        (dict(disk="off"), ["no disk", "total disk use"]),
    ],
)  # fmt: skip
def test_strict_refuses_to_run_without_a_required_layer(monkeypatch, job, missing, words):
    monkeypatch.setattr(_sandbox, "probe", lambda: _report(**missing))
    box = Sandbox("strict")

    with pytest.raises(SandboxUnavailable) as refused:
        box.run(job, RunLimits(timeout_s=10))

    message = str(refused.value)
    assert all(word in message for word in words), message
    assert "BOTLAB_SANDBOX=permissive" in message
    assert box._zygote is None  # nothing was started
    assert not (job / "result.json").exists()  # the bot never ran


def test_strict_fails_closed_when_a_layer_cannot_be_applied_in_the_child(job):
    box = Sandbox("strict")
    box._skip_layers = ("seccomp",)
    try:
        with pytest.raises(SandboxUnavailable) as refused:
            box.run(job, RunLimits(timeout_s=10))
    finally:
        box.close()

    assert "seccomp" in str(refused.value)
    assert not (job / "result.json").exists()  # the bot never ran


def test_the_executor_records_a_refused_run(monkeypatch, frame):
    from engine.execution.executor import BotExecutor

    monkeypatch.setattr(_sandbox, "probe", lambda: _report(landlock_abi=0))
    box = Sandbox("strict")
    executor = BotExecutor(verbose=False, runner=box)

    result = executor.execute_bot(BOTS / "spoofer.py", data=frame)

    assert (result.status, result.error_type) == ("failed", "sandbox_unavailable")
    assert "Landlock" in result.error and "BOTLAB_SANDBOX=permissive" in result.error
    stored = executor.get_result(result.execution_id)
    assert (stored.status, stored.error_type) == ("failed", "sandbox_unavailable")
    assert "Landlock" in (stored.error or "")


def test_permissive_runs_with_what_there_is_and_warns(monkeypatch, job):
    monkeypatch.setattr(_sandbox, "probe", lambda: _report(landlock_abi=0))
    box = Sandbox("permissive")
    box._skip_layers = ("landlock",)
    try:
        with pytest.warns(SandboxWarning, match="WITHOUT full isolation"):
            outcome = box.run(job, RunLimits(timeout_s=30))
    finally:
        box.close()

    assert outcome.failure is None and outcome.returncode == 0
    assert "landlock=off" in outcome.sandbox_report
    assert outcome.sandbox_report.endswith("-> degraded (no landlock)")
    assert (job / "result.json").exists()


def test_off_linux_strict_refuses_and_permissive_runs_unsandboxed(monkeypatch, job):
    monkeypatch.setattr(_linux, "IS_LINUX", False)
    with pytest.raises(SandboxUnavailable, match="Linux-only"):
        Sandbox("strict").run(job, RunLimits(timeout_s=30))

    with pytest.warns(SandboxWarning):
        outcome = Sandbox("permissive").run(job, RunLimits(timeout_s=60))
    assert outcome.sandbox_report.startswith("UNSANDBOXED")
    assert outcome.returncode == 0, outcome.output


def test_get_sandbox_follows_the_setting_and_is_shared(monkeypatch):
    monkeypatch.setenv("BOTLAB_SANDBOX", "permissive")
    assert get_sandbox().policy == "permissive"
    assert get_sandbox("strict") is get_sandbox("strict")
    with pytest.raises(ValueError):
        Sandbox("lenient")
