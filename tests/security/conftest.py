"""Fixtures for the security suite: a shared strict sandbox, canary secrets, a loopback listener.

Every attack is a real bot file under ``bots/`` run through the real executor (or ``Sandbox.run``
for the lifecycle tests), with small limits so that a sandbox regression cannot hurt the machine:
seconds of CPU, a 1 GiB address space, a short wall-clock timeout, a 1 MB output cap. Dangerous
signals only ever target sacrificial processes; broad ones (``kill(-1)``) use signal 0, which
only asks whether the kill *would* have been allowed.

Attack bots print ``attempt <name>: blocked (...)`` or ``attempt <name>: SUCCEEDED``; tests assert
both that each attempt really ran (so a bot that crashed early does not pass as "contained") and
that it had no effect outside.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.execution.sandbox import Sandbox

HERE = Path(__file__).parent
ATTACK_BOTS = HERE / "bots"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a security test that takes a few seconds")


def pytest_collection_modifyitems(config, items):
    """Not Linux: the sandbox cannot exist, skip. Linux without a layer: fail, loudly (a CI
    machine that silently skipped the security suite would hide a broken sandbox)."""
    if sys.platform.startswith("linux"):
        return
    skip = pytest.mark.skip(reason="Landlock and seccomp are Linux-only")
    for item in items:
        if "tests/security" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sandbox():
    """One strict sandbox (one zygote) for the whole suite, like the dashboard's."""
    box = Sandbox("strict")
    box.start()
    yield box
    box.close()


@pytest.fixture
def frame() -> pd.DataFrame:
    """300 daily bars of a deterministic random walk: enough for a crossover bot."""
    rng = np.random.default_rng(3)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.015, 300)))
    index = pd.date_range("2020-01-01", periods=300, freq="D")
    return pd.DataFrame(
        {"Open": close, "High": close * 1.01, "Low": close * 0.99, "Close": close, "Volume": 1e6},
        index=index,
    )


@pytest.fixture
def make_executor(monkeypatch, sandbox):
    """A real BotExecutor whose process boundary is the shared sandbox, with small limits."""
    from engine.execution.executor import BotExecutor

    def make(
        *,
        timeout: float = 20,
        cpu: int = 5,
        memory_mb: int = 1024,
        output_mb: int = 1,
        threads: int | None = None,
        disk_mb: int | None = None,
    ):
        """``threads``/``disk_mb`` unset: the defaults (64 threads, 512 MB), as shipped."""
        monkeypatch.setenv("BOTLAB_CPU_LIMIT", str(cpu))
        monkeypatch.setenv("BOTLAB_MEMORY_LIMIT_MB", str(memory_mb))
        monkeypatch.setenv("BOTLAB_OUTPUT_LIMIT_MB", str(output_mb))
        for name, value in (("BOTLAB_THREAD_LIMIT", threads), ("BOTLAB_DISK_LIMIT_MB", disk_mb)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, str(value))
        return BotExecutor(
            timeout_seconds=timeout,
            verbose=False,
            runner=sandbox,
        )

    return make


@pytest.fixture
def attack_bot(tmp_path):
    """Copy ``bots/<name>.py`` with its ``__PARAMS__`` placeholder filled in; return the path."""

    def write(name: str, **params) -> Path:
        source = (ATTACK_BOTS / f"{name}.py").read_text()
        source = source.replace("__PARAMS__", json.dumps(params).replace("\\", "\\\\"))
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        return path

    return write


# -- canaries ----------------------------------------------------------------------------------


@dataclass
class AppSecrets:
    """A fake app directory with canary secrets, the way a real deployment would have them."""

    app_dir: Path
    env_file: Path
    secrets_toml: Path
    app_db: Path
    canaries: list[str] = field(default_factory=list)

    def leaked_into(self, *texts: str) -> list[str]:
        return [c for c in self.canaries for text in texts if c in text]


@pytest.fixture
def app_secrets(tmp_path, monkeypatch) -> AppSecrets:
    app = tmp_path / "app"
    (app / ".streamlit").mkdir(parents=True)
    tag = uuid.uuid4().hex[:12]
    env_canary, toml_canary, db_canary = (f"canary-{k}-{tag}" for k in ("env", "toml", "db"))
    proc_canary = f"canary-process-env-{tag}"
    (app / ".env").write_text(f"GEMINI_API_KEY={env_canary}\n")
    (app / ".streamlit" / "secrets.toml").write_text(f'GEMINI_API_KEY = "{toml_canary}"\n')
    db = app / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table keys (name text, value text)")
        conn.execute("insert into keys values ('gemini', ?)", (db_canary,))
    monkeypatch.setenv("GEMINI_API_KEY", proc_canary)  # the owner's own environment
    return AppSecrets(
        app_dir=app,
        env_file=app / ".env",
        secrets_toml=app / ".streamlit" / "secrets.toml",
        app_db=db,
        canaries=[env_canary, toml_canary, db_canary, proc_canary],
    )


def everything_stored(home: Path) -> str:
    """Every byte Botlab wrote under BOTLAB_HOME (database, logs, JSON, metrics), as text."""
    chunks = []
    for path in sorted(home.rglob("*")):
        if path.is_file():
            chunks.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(chunks)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- a loopback listener -----------------------------------------------------------------------


@dataclass
class Listener:
    host: str
    tcp_port: int
    udp_port: int
    unix_path: str
    received: list[str] = field(default_factory=list)


@pytest.fixture
def listener(tmp_path):
    """TCP, UDP and pathname-UNIX servers on this machine that log anything reaching them."""
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    unix_path = str(tmp_path / "app.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(unix_path)
    os.chmod(unix_path, 0o777)
    unix.listen()
    found = Listener("127.0.0.1", tcp.getsockname()[1], udp.getsockname()[1], unix_path)
    stop = threading.Event()

    def serve(sock: socket.socket, kind: str) -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                if kind == "udp":
                    data, _ = sock.recvfrom(65536)
                    found.received.append(f"udp:{data!r}")
                else:
                    conn, _ = sock.accept()
                    found.received.append(f"{kind}: connection")
                    conn.close()
            except (TimeoutError, OSError):
                continue

    threads = [
        threading.Thread(target=serve, args=(s, k), daemon=True)
        for s, k in ((tcp, "tcp"), (udp, "udp"), (unix, "unix"))
    ]
    for thread in threads:
        thread.start()
    yield found
    stop.set()
    for thread in threads:
        thread.join(1)
    for sock in (tcp, udp, unix):
        sock.close()


# -- processes ---------------------------------------------------------------------------------


@pytest.fixture
def victim():
    """A sacrificial process a bot will try to kill."""
    proc = subprocess.Popen(["sleep", "120"])
    yield proc
    proc.kill()
    proc.wait()


@pytest.fixture
def usr1_received():
    """Whether this test process received SIGUSR1 (a bot tries to send it)."""
    got: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
    yield got
    signal.signal(signal.SIGUSR1, previous)


def descendants(pid: int) -> list[int]:
    """Every live (non-zombie) descendant of ``pid``, from /proc."""
    parents, states = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
        states[int(name)] = fields[0]
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current:
                frontier.append(child)
                if states[child] != b"Z":
                    found.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def attempts(output: str) -> dict[str, str]:
    """``{"tcp connect": "blocked (...)"}`` from the bot's ``attempt ...`` lines."""
    found = {}
    for line in output.splitlines():
        if line.startswith("attempt ") and ": " in line:
            name, verdict = line[len("attempt ") :].split(": ", 1)
            found[name] = verdict
    return found


def assert_all_blocked(output: str, expected: set[str]) -> dict[str, str]:
    seen = attempts(output)
    missing = expected - set(seen)
    assert not missing, f"attempts that never ran: {sorted(missing)}\n{output[-3000:]}"
    succeeded = {name: v for name, v in seen.items() if not v.startswith("blocked")}
    assert not succeeded, f"attacks that were NOT contained: {succeeded}"
    return seen


PYTHON = sys.executable


# -- job directories for Sandbox.run -----------------------------------------------------------


def make_job(root: Path, source: str, frame: pd.DataFrame | None = None) -> Path:
    """A job directory laid out like the executor's (see engine.execution.harness)."""
    root.mkdir(parents=True, exist_ok=True)
    job_dir = Path(tempfile.mkdtemp(prefix="job-", dir=root))
    (job_dir / "bot.py").write_text(source)
    job = {
        "mode": "strategy" if frame is not None else "script",
        "bot_file": "bot.py",
        "data_file": None,
        "cash": 100_000.0,
        "commission": 0.0,
        "strategy_class": None,
    }
    if frame is not None:
        frame.to_pickle(job_dir / "data.pkl")
        job["data_file"] = "data.pkl"
    (job_dir / "job.json").write_text(json.dumps(job))
    return job_dir
