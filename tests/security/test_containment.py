"""The threat model, one attack bot per row, each run through the real executor and sandbox.

Every test asserts that each attempt really ran and was blocked, and that it had no effect
outside: nothing reached the loopback listener, no marker file exists, no canary secret appears in
the output, the logs, the results files or the database, the database is intact, bystander
processes are alive.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from engine.execution.supervisor import RunLimits

from .conftest import (
    PYTHON,
    alive,
    assert_all_blocked,
    descendants,
    everything_stored,
    file_digest,
)

REPO = Path(__file__).resolve().parents[2]


def test_network_of_every_kind_is_unreachable(make_executor, attack_bot, frame, listener):
    bot = attack_bot(
        "network",
        host=listener.host,
        tcp_port=listener.tcp_port,
        udp_port=listener.udp_port,
        unix_path=listener.unix_path,
    )
    result = make_executor().execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "tcp connect",
            "udp sendto",
            "unix connect",
            "tcp connect elsewhere",
            "udp elsewhere",
            "pandas read_csv url",
            "urllib urlopen",
            "socketpair",
            "raw libc socket tcp",
            "raw libc udp sendto",
            "raw libc netlink",
        },
    )
    time.sleep(0.3)  # anything in flight would have arrived by now
    assert listener.received == []
    assert result.status == "succeeded"  # the bot caught its own errors and went on
    assert result.sandbox_report.endswith("-> strict")


def test_a_script_bot_that_needs_the_network_fails_saying_so(make_executor, attack_bot, listener):
    bot = attack_bot("script_network", host=listener.host, tcp_port=listener.tcp_port)
    result = make_executor().execute_bot(bot)

    assert result.kind == "script"
    assert result.status == "failed"
    assert result.error_type == "blocked_syscall"
    assert "network" in result.error
    assert listener.received == []


def test_no_program_can_be_run(make_executor, attack_bot, frame, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir(mode=0o777)
    bot = attack_bot("programs", marker_dir=str(markers))
    result = make_executor().execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "os.system",
            "subprocess.run",
            "os.posix_spawn",
            "libc system",
            "subclasses chain",
            "enum.bltns chain",
            "os.execv",
        },
    )
    assert list(markers.iterdir()) == []
    assert result.status == "succeeded"


def test_secrets_and_data_are_unreadable_even_at_import_time(
    make_executor, attack_bot, frame, app_secrets, botlab_home
):
    executor = make_executor()
    bot = attack_bot(
        "secrets",
        env_file=str(app_secrets.env_file),
        secrets_toml=str(app_secrets.secrets_toml),
        app_db=str(app_secrets.app_db),
        botlab_db=str(botlab_home / "botlab.db"),
        botlab_home=str(botlab_home),
        owner_pid=os.getpid(),
    )
    executor.execute_bot(bot, data=frame)  # a first run, so there are results to steal
    result = executor.execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "read .env",
            "read secrets.toml",
            "query app database",
            "read app database bytes",
            "query botlab database",
            "list other runs' results",
            "list other runs' scratch",
            "read /proc/<pid>/environ",
            "read /proc/self/environ",
            "own environment",
            "read /etc/shadow",
        },
    )
    assert app_secrets.leaked_into(result.output_log, everything_stored(botlab_home)) == []


@pytest.mark.slow
def test_secrets_in_the_owners_start_environment_stay_there(app_secrets, attack_bot, tmp_path):
    """A fresh owner process with the API key in its exec-time environment (what
    /proc/<pid>/environ shows), its own zygote and database: nothing leaks anywhere."""
    home = tmp_path / "owner-home"
    bot = attack_bot(
        "secrets",
        env_file=str(app_secrets.env_file),
        secrets_toml=str(app_secrets.secrets_toml),
        app_db=str(app_secrets.app_db),
        botlab_db=str(home / "botlab.db"),
        botlab_home=str(home),
        owner_pid=0,  # unknown to the bot: it scans the pids around its parent instead
    )
    env = {**os.environ, "BOTLAB_HOME": str(home), "GEMINI_API_KEY": app_secrets.canaries[-1]}
    done = subprocess.run(
        [PYTHON, "-m", "tests.security.owner", "run", str(bot)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert_all_blocked(report["log"], {"read /proc/<pid>/environ", "own environment"})
    assert app_secrets.leaked_into(done.stdout, done.stderr, everything_stored(home)) == []


def test_nothing_outside_the_scratch_dir_can_be_written(
    make_executor, attack_bot, frame, app_secrets, botlab_home, tmp_path
):
    executor = make_executor()
    markers = tmp_path / "markers"
    markers.mkdir(mode=0o777)
    tmp_marker = Path("/tmp") / f"botlab-pwned-{uuid.uuid4().hex}"
    env_before = file_digest(app_secrets.env_file)
    bot = attack_bot(
        "writes",
        app_dir=str(app_secrets.app_dir),
        env_file=str(app_secrets.env_file),
        botlab_home=str(botlab_home),
        botlab_db=str(botlab_home / "botlab.db"),
        tmp_marker=str(tmp_marker),
        marker_dir=str(markers),
    )
    result = executor.execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "write app dir",
            "append .env",
            "write botlab home",
            "write results dir",
            "write scratch root",
            "write /tmp",
            "write marker dir",
            "corrupt botlab database",
            "symlink to .env",
            "hard link .env",
            "mkfifo",
            "mknod",
        },
    )
    assert not tmp_marker.exists()
    assert list(markers.iterdir()) == []
    assert not (app_secrets.app_dir / "pwned").exists()
    assert file_digest(app_secrets.env_file) == env_before
    assert not (botlab_home / "pwned").exists()
    assert not (botlab_home / "results" / "x").exists()
    assert not any(p.name == "pwned" for p in (botlab_home / "scratch").rglob("*"))
    with sqlite3.connect(botlab_home / "botlab.db") as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master")}
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert "pwned" not in tables
    assert executor.get_result(result.execution_id).status == "succeeded"


def test_other_processes_cannot_be_signalled(
    make_executor, attack_bot, frame, sandbox, victim, usr1_received
):
    executor = make_executor()
    zygote_before = sandbox.start() and sandbox._zygote.pid
    bot = attack_bot("signals", owner_pid=os.getpid(), victim_pid=victim.pid)
    result = executor.execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "kill zygote",
            "libc kill zygote",
            "signal owner",
            "kill bystander",
            "pidfd kill bystander",
            "probe kill everything",
            "probe kill init",
            "probe owner group",
        },
    )
    assert victim.poll() is None
    assert usr1_received == []
    assert sandbox._zygote.pid == zygote_before and alive(zygote_before)
    assert result.status == "succeeded"


def test_nothing_escapes_the_process_group_or_outlives_the_run(
    make_executor, attack_bot, frame, sandbox
):
    bot = attack_bot("escape")
    result = make_executor().execute_bot(bot, data=frame)

    assert_all_blocked(
        result.output_log,
        {
            "os.fork",
            "libc fork",
            "raw clone",
            "vfork",
            "setsid",
            "setpgid",
            "drop parent-death signal",
            "unshare user namespace",
            "ptrace attach zygote",
        },
    )
    assert descendants(sandbox._zygote.pid) == []


def test_fork_fan_out_makes_no_process(make_executor, frame, sandbox, attack_bot):
    result = make_executor().execute_bot(attack_bot("fork_bomb"), data=frame)

    assert "forks succeeded: 0" in result.output_log
    assert result.status == "succeeded"
    assert descendants(sandbox._zygote.pid) == []


def test_a_run_reads_only_the_extra_files_it_is_given(sandbox, tmp_path):
    granted, other = tmp_path / "granted.csv", tmp_path / "other.csv"
    granted.write_text("granted data")
    other.write_text("someone else's data")
    job = tmp_path / "scratch" / "job"
    job.mkdir(parents=True)
    (job / "paths.json").write_text(json.dumps([str(granted), str(other)]))

    outcome = sandbox.run(
        job,
        RunLimits(timeout_s=20),
        read_only=[granted],
        entry=f"{Path(__file__).parent / 'entries.py'}:read_paths",
    )

    assert outcome.returncode == 0, outcome.output
    verdicts = json.loads((job / "result.json").read_text())
    assert verdicts[str(granted)] == "granted data"
    assert verdicts[str(other)].startswith("denied")


DENIED_READ = """
from backtesting import Strategy


class Nosy(Strategy):
    def init(self):
        open("/etc/passwd").read()

    def next(self):
        pass
"""

CAUGHT_THEN_BROKEN = """
import socket
from backtesting import Strategy


class Clumsy(Strategy):
    def init(self):
        try:
            socket.socket()
        except OSError:
            pass
        raise ValueError("a bug of its own")

    def next(self):
        pass
"""


def test_a_denial_that_ends_the_run_is_the_recorded_reason(make_executor, frame, bot_file):
    result = make_executor().execute_bot(bot_file(DENIED_READ), data=frame)

    assert result.error_type == "blocked_syscall"
    assert "Permission denied" in result.error and "/etc/passwd" in result.error


def test_a_caught_denial_does_not_hide_the_bots_own_error(make_executor, frame, bot_file):
    result = make_executor().execute_bot(bot_file(CAUGHT_THEN_BROKEN), data=frame)

    assert result.error_type == "strategy_error"
    assert "a bug of its own" in result.error
