"""Limits that count everything a run can hold: shared memory, threads, disk in total.

Each attack runs as a real bot through the real executor in the shared strict sandbox. Where a
test depends on a layer only some machines have (a writable cgroup), it says so and skips
elsewhere; ``botlab doctor`` names the layer in force on each machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from engine.execution.sandbox import Sandbox, probe

from .conftest import descendants

MB = 1024 * 1024


def _host_shared_memory_bytes() -> int:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("Shmem:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no Shmem line in /proc/meminfo")


def _scratch_entries(home: Path) -> list[Path]:
    return list((home / "scratch").iterdir()) if (home / "scratch").exists() else []


# -- memory: shared memory is refused or counted -------------------------------------------------


@pytest.mark.parametrize("route", ["os", "posix", "syscall"])
def test_memfds_beyond_the_memory_limit_fail_as_memory_limit(
    make_executor, attack_bot, frame, route
):
    """The issue's attack: six memfds of 200 MB under a 512 MB limit, however memfd is reached."""
    before = _host_shared_memory_bytes()
    bot = attack_bot("memfd_hoard", route=route, files=6, mb_each=200)

    result = make_executor(memory_mb=512).execute_bot(bot, data=frame)

    assert result.status == "failed", result.output_log[-2000:]
    assert result.error_type == "memory_limit"
    assert "holding" not in result.output_log
    assert _host_shared_memory_bytes() - before < 100 * MB
    if route == "os":  # the friendly message names what was refused and why
        assert "memfd_create" in result.error
        assert "512 MB" in result.error


def test_every_other_shared_memory_route_is_refused(make_executor, attack_bot, frame):
    before = _host_shared_memory_bytes()

    result = make_executor(memory_mb=512).execute_bot(attack_bot("shared_memory"), data=frame)

    from .conftest import assert_all_blocked

    assert_all_blocked(
        result.output_log,
        {
            "memfd_create",
            "multiprocessing shared_memory",
            "shm_open via libc",
            "file in /dev/shm",
            "MAP_SHARED mapping of /dev/shm",
            "SysV shmget",
            "SysV msgget",
            "SysV semget",
            "POSIX mq_open",
            "pipe buffer growth",
        },
    )
    assert _host_shared_memory_bytes() - before < 32 * MB


@pytest.mark.skipif(probe().memory != "cgroup", reason="needs a writable memory cgroup")
def test_files_in_memory_count_against_the_memory_limit(
    monkeypatch, make_executor, attack_bot, frame
):
    """A scratch directory on tmpfs is memory: the run's cgroup counts it (RLIMIT_AS cannot)."""
    home = Path(tempfile.mkdtemp(prefix="botlab-tmpfs-home-", dir="/dev/shm"))
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    bot = attack_bot("disk_fill", how="files", files=4, mb_each=100)
    try:
        result = make_executor(memory_mb=256, disk_mb=2048).execute_bot(bot, data=frame)

        assert result.status == "failed", result.output_log[-2000:]
        assert result.error_type == "memory_limit"
        assert "memory" in result.error
        assert _scratch_entries(home) == []
    finally:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def test_the_report_names_the_layer_holding_each_total(make_executor, attack_bot, frame):
    result = make_executor().execute_bot(attack_bot("thread_bomb", threads=2), data=frame)

    assert result.status == "succeeded"
    expected = probe()
    for name in ("memory", "threads", "disk"):
        assert f"{name}={getattr(expected, name)}" in result.sandbox_report


# -- threads -------------------------------------------------------------------------------------


def test_two_thousand_threads_are_refused_at_the_default_cap(make_executor, attack_bot, frame):
    result = make_executor(memory_mb=2048).execute_bot(
        attack_bot("thread_bomb", threads=2000), data=frame
    )

    assert result.status == "failed", result.output_log[-2000:]
    assert result.error_type == "thread_limit"
    assert "64 threads" in result.error
    started = int(result.output_log.split("threads started: ")[1].split()[0])
    assert started < 64  # the main thread counts too


def test_the_thread_cap_follows_the_setting(make_executor, attack_bot, frame):
    executor = make_executor(threads=16, memory_mb=2048)

    within = executor.execute_bot(attack_bot("thread_bomb", threads=10), data=frame)
    beyond = executor.execute_bot(attack_bot("thread_bomb", threads=40), data=frame)

    assert within.status == "succeeded", within.output_log[-2000:]
    assert "threads started: 10" in within.output_log
    assert beyond.error_type == "thread_limit"
    assert "16 threads" in beyond.error


def test_without_a_counting_layer_threads_are_refused_outright(tmp_path, frame, monkeypatch):
    """No cgroup and no unprivileged user namespace (root in a locked-down container): seccomp
    refuses every thread rather than let them go uncounted."""
    from engine.execution.executor import BotExecutor

    box = Sandbox("strict")
    box._skip_layers = ("cgroup",)
    if probe().threads == "cgroup" and not _privileged():
        pytest.skip("unprivileged here: RLIMIT_NPROC would count the threads instead")
    try:
        executor = BotExecutor(timeout_seconds=20, verbose=False, runner=box)
        bot = tmp_path / "threads.py"
        bot.write_text(
            (Path(__file__).parent / "bots" / "thread_bomb.py")
            .read_text()
            .replace("__PARAMS__", '{"threads": 2}')
        )
        result = executor.execute_bot(bot, data=frame)
    finally:
        box.close()

    assert result.error_type == "thread_limit", result.output_log[-2000:]
    assert "threads=seccomp" in result.sandbox_report
    assert "memory=rlimit" in result.sandbox_report


def _privileged() -> bool:
    from engine.execution.sandbox._report import privileged

    return privileged()


# -- disk ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "files", "mb_each", "disk_mb"),
    [
        ("files", 5, 20, 64),
        ("nested", 5, 20, 64),
        ("mapped", 5, 20, 64),
        ("empty", 10_000, 0, 16),  # each entry counts 4 KiB: 4,096 of them make 16 MB
    ],
)
def test_a_run_that_fills_its_scratch_fails_as_disk_limit(
    make_executor, attack_bot, frame, how, files, mb_each, disk_mb, monkeypatch, tmp_path
):
    home = tmp_path / "home"  # pytest prunes it; a mkdtemp here left one directory per run in /tmp
    home.mkdir()
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    bot = attack_bot("disk_fill", how=how, files=files, mb_each=mb_each)

    result = make_executor(disk_mb=disk_mb, cpu=30, timeout=120).execute_bot(bot, data=frame)

    assert result.status == "failed", result.output_log[-2000:]
    assert result.error_type == "disk_limit"
    assert f"{disk_mb} MB" in result.error
    assert _scratch_entries(home) == []  # nothing kept on the host


def test_no_file_can_leave_the_directory_the_disk_total_counts(make_executor, attack_bot, frame):
    """Blocks of an unlinked or unnamed file that is kept open would be invisible to the count."""
    from .conftest import assert_all_blocked

    result = make_executor().execute_bot(attack_bot("disk_hide"), data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "unlink an open file",
            "unlink through libc",
            "O_TMPFILE",
            "tempfile.TemporaryFile",
            "rename",
            "unlink a mapped file",
        },
    )
    assert "disk limit" in result.output_log  # the friendly message says why


def test_a_run_within_its_disk_total_is_not_stopped(make_executor, attack_bot, frame):
    bot = attack_bot("disk_fill", how="files", files=4, mb_each=10)

    result = make_executor(disk_mb=64).execute_bot(bot, data=frame)

    assert result.status == "succeeded", result.output_log[-2000:]


def test_one_file_larger_than_the_total_fails_as_disk_limit(make_executor, attack_bot, frame):
    bot = attack_bot("disk_fill", how="files", files=1, mb_each=100)

    result = make_executor(disk_mb=32).execute_bot(bot, data=frame)

    assert result.error_type == "disk_limit", result.output_log[-2000:]


def test_the_default_disk_total_is_512_mb(make_executor, attack_bot, frame, sandbox):
    """Five 200 MB files, the issue's attack, with nothing configured."""
    bot = attack_bot("disk_fill", how="files", files=5, mb_each=200)

    result = make_executor(timeout=120, cpu=30).execute_bot(bot, data=frame)

    assert result.error_type == "disk_limit", result.output_log[-2000:]
    assert "512 MB" in result.error
    assert "file 2: 200 MB written" not in result.output_log  # the third file never finished
    assert descendants(sandbox._zygote.pid) == []


# -- botlab doctor -------------------------------------------------------------------------------


def test_doctor_names_the_layer_holding_each_total_and_tries_them():
    import subprocess
    import sys

    live = subprocess.run(
        [sys.executable, "-m", "engine", "doctor"], capture_output=True, text=True, timeout=180
    )
    probed = subprocess.run(
        [sys.executable, "-m", "engine", "doctor", "--probe"],
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert live.returncode == 0, live.stdout + live.stderr
    expected = probe()
    for output in (live.stdout, probed.stdout):
        for name in ("memory", "threads", "disk"):
            assert f"{name}: {getattr(expected, name)} (" in output, output
        assert "NOT ENFORCED" not in output
    for check in ("shared memory (memfd_create)", "SysV shared memory (shmget)", "16 threads"):
        line = next(line for line in live.stdout.splitlines() if check in line)
        assert line.rstrip().endswith("blocked"), line
