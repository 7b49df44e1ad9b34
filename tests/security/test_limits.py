"""Resource attacks end with the right failure reason, quickly, with bounded memory."""

from __future__ import annotations

import threading

import pytest

from engine.execution.supervisor import RunLimits

from ..conftest import BOTS
from .conftest import descendants, make_job


def _vm_hwm_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


@pytest.mark.slow
def test_a_cpu_loop_stops_at_the_cpu_limit(make_executor, attack_bot, frame):
    result = make_executor(cpu=2, timeout=30).execute_bot(attack_bot("cpu_loop"), data=frame)

    assert result.status == "failed"
    assert result.error_type == "cpu_limit"
    assert "2 s of CPU" in result.error  # not "timeout": the CPU limit came first


@pytest.mark.parametrize("bot", ["memory_bomb", "numpy_bomb"])
def test_a_memory_bomb_stops_at_the_memory_limit(make_executor, attack_bot, frame, bot):
    result = make_executor(memory_mb=640).execute_bot(attack_bot(bot), data=frame)

    assert result.status == "failed"
    assert result.error_type == "memory_limit"


def test_a_sleeping_bot_is_killed_at_the_timeout(make_executor, frame, sandbox):
    result = make_executor(timeout=1.5).execute_bot(BOTS / "sleeper.py", data=frame)

    assert result.status == "timeout"
    assert result.error_type == "timeout"
    assert result.duration >= 1.5
    assert descendants(sandbox._zygote.pid) == []


def test_an_output_flood_stops_at_the_cap_with_bounded_memory(make_executor, attack_bot, frame):
    before = _vm_hwm_kb()
    result = make_executor(output_mb=1).execute_bot(attack_bot("flood"), data=frame)

    assert result.status == "failed"
    assert result.error_type == "output_limit"
    assert len(result.output_log.encode()) <= 1024**2 + 200  # the cap, plus the executor's note
    assert _vm_hwm_kb() - before < 64 * 1024  # the 1 GiB never sat in this process


def test_cancel_kills_the_run(sandbox, frame, tmp_path):
    source = (BOTS / "sleeper.py").read_text()
    job = make_job(tmp_path / "scratch", source, frame)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()

    outcome = sandbox.run(job, RunLimits(timeout_s=60), cancel=cancel)

    assert outcome.failure == "cancelled"  # not "timeout": the cancel stopped it, not the clock
    assert descendants(sandbox._zygote.pid) == []
