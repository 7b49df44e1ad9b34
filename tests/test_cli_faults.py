"""The CLI when the environment or the input is at fault: a read-only home, a damaged database,
a full disk (a real tmpfs), ``botlab backup`` of a live store, bad bot files and exit codes.

Read-only and full homes are made for real, in a private mount namespace of the child
(``unshare -m``: a read-only bind mount, a 3 MB tmpfs); those tests need root and skip without
it. Every error is one line naming what and where, and never a driver's link or a traceback.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from engine.config import load_settings
from engine.store import Store

from .conftest import BOTS, EXAMPLES
from .test_cli import botlab

EXIT_RUN_FAILED, EXIT_BAD_INPUT, EXIT_ENVIRONMENT = 1, 2, 3
SMA = str(EXAMPLES / "sma_cross.py")


def clean_error(proc: subprocess.CompletedProcess) -> str:
    """The one-line error, checked to be free of tracebacks and driver links."""
    text = proc.stderr + proc.stdout
    assert "Traceback" not in text and "sqlalche.me" not in text, text
    assert "OperationalError" not in text and "internal error" not in text, text
    return proc.stderr


def in_mount_namespace(setup: str, *commands: str) -> list[subprocess.CompletedProcess]:
    """Run ``setup`` (mounts) then each command in one private mount namespace: a ``botlab``
    command line, or a shell line prefixed ``sh:`` (not reported). One CompletedProcess (stdout,
    stderr, exit code) per botlab command."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux)")
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs permission to create a mount namespace (root)")
    out = tempfile.mkdtemp(prefix="botlab-namespace-")  # outside whatever gets mounted
    script, reported = [setup, "set +e"], []  # a mount that fails stops; a command does not
    for command in commands:
        if command.startswith("sh:"):
            script.append(command[3:])
            continue
        index = len(reported)
        reported.append(command)
        argv = f"{shlex.quote(sys.executable)} -m engine {command}"
        script.append(f"{argv} >$OUT/{index}.out 2>$OUT/{index}.err; echo $? >$OUT/{index}.rc")
    done = subprocess.run(
        ["unshare", "-m", "sh", "-ec", "\n".join(script)],
        env={**os.environ, "OUT": out},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = []
    for index, command in enumerate(reported):
        texts = [Path(f"{out}/{index}.{suffix}").read_text() for suffix in ("rc", "out", "err")]
        results.append(subprocess.CompletedProcess(command, int(texts[0]), texts[1], texts[2]))
    shutil.rmtree(out)
    return results


# -- a read-only home --------------------------------------------------------------------------


def test_a_read_only_home_reads_and_refuses_writes_by_name(botlab_home):
    run = json.loads(botlab("run", SMA, "--symbol", "GOOG", "--json", check=True).stdout)
    home = shlex.quote(str(botlab_home))
    runs, show, history, summary, write = in_mount_namespace(
        f"mount --bind {home} {home}; mount -o remount,bind,ro {home}",
        "runs --json",
        f"show {run['execution_id']} --json",
        "history --name sma_cross --json",
        "summary --json",
        f"run {shlex.quote(SMA)} --symbol GOOG",
    )
    assert (
        runs.returncode == 0 and json.loads(runs.stdout)[0]["execution_id"] == run["execution_id"]
    )
    assert show.returncode == 0 and json.loads(show.stdout)["metrics"] == run["metrics"]
    assert history.returncode == 0 and len(json.loads(history.stdout)) == 1
    assert summary.returncode == 0 and json.loads(summary.stdout)["total_executions"] == 1
    assert write.returncode == EXIT_ENVIRONMENT
    error = clean_error(write)
    assert f"home {botlab_home} is read-only" in error and "BOTLAB_HOME" in error


# -- a damaged database --------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_database_names_the_file_and_what_to_do(botlab_home, damage):
    botlab("run", SMA, "--symbol", "GOOG", check=True)
    database = botlab_home / "botlab.db"
    with sqlite3.connect(database) as connection:  # everything in the file, no -wal left
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "truncated":
        with open(database, "r+b") as handle:
            handle.truncate(database.stat().st_size // 2)
    else:
        database.write_bytes(b"this is not a database, whatever its name says" * 20)
    for command in (["runs"], ["summary"], ["run", SMA, "--symbol", "GOOG"]):
        proc = botlab(*command)
        assert proc.returncode == EXIT_ENVIRONMENT, (command, proc.stderr)
        error = clean_error(proc)
        assert f"The database {database} is damaged" in error
        assert "botlab backup" in error and "move the file aside" in error


# -- a full disk ---------------------------------------------------------------------------------


def test_a_full_disk_names_the_home_and_the_space_and_stores_no_half_run(tmp_path, monkeypatch):
    disk = tmp_path / "disk"
    disk.mkdir()
    home = disk / "home"
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    mounted = shlex.quote(str(disk))
    created, full, after = in_mount_namespace(
        f"mount -t tmpfs -o size=3m tmpfs {mounted}",
        "runs",  # the store, created while there is room
        f"sh:head -c 10000000 /dev/zero > {mounted}/filler 2>/dev/null || true",
        f"run {shlex.quote(SMA)} --symbol GOOG",
        f"sh:rm {mounted}/filler",
        "runs --json --status all",
    )
    assert created.returncode == 0
    assert full.returncode == EXIT_ENVIRONMENT, full.stderr + full.stdout
    error = clean_error(full)
    assert f"The disk holding Botlab's home {home} is full" in error and "64 MB" in error
    assert after.returncode == 0
    stored = json.loads(after.stdout)
    assert all(run["status"] == "failed" for run in stored), stored  # never half-stored


# -- backup --------------------------------------------------------------------------------------


def test_backup_copies_a_live_store_consistently_and_restores(botlab_home, tmp_path):
    botlab("run", SMA, "--symbol", "GOOG", check=True)
    store = Store.open(load_settings())
    strategy = store.strategy_versions("sma_cross")[-1]
    stop = threading.Event()
    written = []

    def keep_writing():  # another process's worth of writes while the backup runs
        while not stop.is_set():
            written.append(store.create_execution(strategy_id=strategy.id, status="queued"))

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        target = tmp_path / "copy" / "botlab-backup.db"
        proc = botlab("backup", str(target))
    finally:
        stop.set()
        writer.join()
    assert proc.returncode == 0, proc.stderr
    assert f"to {target}" in proc.stdout
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = copy.execute("SELECT count(*) FROM executions").fetchone()[0]
    assert 1 <= copied <= 1 + len(written)
    assert not (tmp_path / "copy" / "botlab-backup.db-wal").exists()

    again = botlab("backup", str(target))
    assert again.returncode == EXIT_BAD_INPUT and "already exists" in clean_error(again)

    store.close()  # restore: copy the backup over the database, as the README says
    database = botlab_home / "botlab.db"
    for suffix in ("-wal", "-shm"):
        (botlab_home / f"botlab.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(target, database)
    restored = json.loads(botlab("runs", "--json", "--limit", "100000", check=True).stdout)
    assert len(restored) == copied


def test_backup_of_postgresql_prints_pg_dump_advice_without_the_password(monkeypatch, tmp_path):
    monkeypatch.setenv("BOTLAB_DATABASE_URL", "postgresql://botlab:s3cret@db.internal:5432/runs")
    proc = botlab("backup", str(tmp_path / "runs.dump"))
    assert proc.returncode == EXIT_BAD_INPUT
    error = clean_error(proc)
    assert "pg_dump --format=custom" in error and "pg_restore" in error
    assert "postgresql://botlab@db.internal:5432/runs" in error and "s3cret" not in error


# -- bad input: bot files, --data files, exit codes ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"from backtesting import Strategy\x00\n", "contains a NUL byte (character 33, line 1)"),
        (b"x = 1\nname = '\xff'\n", "contains a byte that is not UTF-8 (character 15, line 2)"),
        (b"#" * (1024 * 1024 + 1), "is over the 1,048,576-byte limit (1,048,577 bytes or more)"),
    ],
)
def test_a_bad_bot_file_is_refused_before_anything_is_stored(tmp_path, content, words):
    bot = tmp_path / "bot.py"
    bot.write_bytes(content)
    proc = botlab("run", str(bot), "--symbol", "GOOG")
    assert proc.returncode == EXIT_BAD_INPUT
    assert f"bot file {bot} {words}" in clean_error(proc)
    assert json.loads(botlab("runs", "--json").stdout) == []


def test_the_cli_and_the_api_say_the_same_limit():
    from engine.api.config import DEFAULT_MAX_BODY_BYTES
    from engine.execution.bot_source import MAX_BOT_BYTES

    assert MAX_BOT_BYTES == DEFAULT_MAX_BODY_BYTES == 1024 * 1024


@pytest.mark.parametrize("where", ["bot", "data"])
def test_dev_zero_is_not_a_regular_file_not_missing(where):
    argv = ["run", "/dev/zero"] if where == "bot" else ["run", SMA, "--data", "/dev/zero"]
    proc = botlab(*argv)
    assert proc.returncode == EXIT_BAD_INPUT
    text = clean_error(proc) + proc.stdout
    assert "/dev/zero: not a regular file" in text and "not found" not in text


def test_exit_codes_as_documented(tmp_path):
    assert botlab("run", SMA, "--symbol", "GOOG").returncode == 0
    failed = botlab("run", str(BOTS / "raises_in_next.py"), "--symbol", "GOOG")
    assert failed.returncode == EXIT_RUN_FAILED
    missing = botlab("run", SMA, "--data", str(tmp_path / "nope.csv"))
    assert missing.returncode == EXIT_BAD_INPUT and "nope.csv: no such file" in missing.stdout
    bad_prices = tmp_path / "prices.csv"
    bad_prices.write_text(
        "Date,Open,High,Low,Close\n2024-01-02,10,9,11,10\n2024-01-03,10,11,9,10\n"
    )
    proc = botlab("run", SMA, "--data", str(bad_prices), "--json")
    assert proc.returncode == EXIT_BAD_INPUT
    run = json.loads(proc.stdout)
    assert run["error_type"] == "data_unavailable"
    assert "1 bar with High below Low (line 2)" in run["error"]
    assert botlab("run", SMA, "--days", "0").returncode == EXIT_BAD_INPUT


DASHBOARD_PROBE = """
import json, sys
from pathlib import Path
from streamlit.testing.v1 import AppTest
sys.path.insert(0, str(Path(sys.argv[1]).parent))
from ui.run_view import tab_key
seen = {}
for page, query in (("pages/leaderboard_page.py", {}), ("pages/run_page.py", {"run": "1"})):
    at = AppTest.from_file(sys.argv[1], default_timeout=60).run()
    at.switch_page(page)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    exceptions, errors = [e.value for e in at.exception], [e.value for e in at.error]
    metrics = len(at.metric)
    if "run" in query:  # the trades are on their own tab, drawn when it is opened
        at.session_state[tab_key(int(query["run"]))] = "Trades"
        at.run()
        exceptions += [e.value for e in at.exception]
        errors += [e.value for e in at.error]
    seen[page] = {
        "exceptions": exceptions,
        "errors": errors,
        "tables": len(at.dataframe),
        "metrics": metrics,
    }
print(json.dumps(seen))
"""


def test_the_dashboard_reads_a_read_only_home(botlab_home, tmp_path):
    botlab("run", SMA, "--symbol", "GOOG", check=True)
    probe = tmp_path / "probe.py"
    probe.write_text(DASHBOARD_PROBE)
    home = shlex.quote(str(botlab_home))
    app = shlex.quote(str(Path(__file__).resolve().parent.parent / "app.py"))
    (seen,) = in_mount_namespace(
        f"mount --bind {home} {home}; mount -o remount,bind,ro {home}",
        f"sh:{shlex.quote(sys.executable)} {shlex.quote(str(probe))} {app} >{tmp_path}/seen.json",
        "runs",
    )
    pages = json.loads((tmp_path / "seen.json").read_text())
    assert seen.returncode == 0
    for page, shown in pages.items():
        assert shown["exceptions"] == [] and shown["errors"] == [], (page, shown)
        assert shown["tables"] >= 1, (page, shown)
    assert pages["pages/run_page.py"]["metrics"] > 0


def test_an_unreachable_database_server_is_an_environment_fault(monkeypatch):
    monkeypatch.setenv("BOTLAB_DATABASE_URL", "postgresql://botlab:s3cret@127.0.0.1:1/runs")
    proc = botlab("runs")
    assert proc.returncode == EXIT_ENVIRONMENT
    error = clean_error(proc)
    assert "cannot reach its database postgresql://botlab:***@127.0.0.1:1/runs" in error
    assert "s3cret" not in error and "BOTLAB_DATABASE_URL" in error


def test_a_database_locked_past_the_busy_timeout_is_one_line_exit_3(botlab_home, monkeypatch):
    """Another process holding the write lock longer than Botlab waits (a sweep stopped while
    writing, in CI) made `botlab sweep --cancel` print a traceback."""
    import sqlite3

    from click.testing import CliRunner

    from engine import cli
    from engine.store import Store, backend
    from tests.sweep_support import running_sweep

    with Store.open() as store:  # a sweep to cancel; no pooled connection kept
        sweep_id, _ = running_sweep(store)
    monkeypatch.setattr(backend, "SQLITE_BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(botlab_home / "botlab.db")
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli.cli, ["sweep", "--cancel", str(sweep_id)])
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 3, result.output
    assert "stayed locked by another Botlab process" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
