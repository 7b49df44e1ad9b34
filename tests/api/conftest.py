"""Real servers for the API tests: ``streamlit run app.py`` (the dashboard plus the API's
routes, on Streamlit's own Starlette/uvicorn server) in a subprocess with its own
BOTLAB_HOME, reached over HTTP with httpx. Servers are shared by the whole session and stopped
(with any worker they started) at its end.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pandas as pd
import pytest

from engine import jobs
from engine.config import load_settings
from engine.store import Store

REPO = Path(__file__).resolve().parents[2]
ENTRY = REPO / "app.py"  # the shipped entry: `streamlit run app.py` serves the API too
TOKEN = "tok-" + secrets.token_urlsafe(24)
OTHER_TOKEN = "tok-" + secrets.token_urlsafe(24)
ORB_DAY = "2024-05-01"
RSI = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years"
START_TIMEOUT_S = 90
#: A seed request that runs on the bundled (offline) sample data in about a second.
MEAN_REVERSION_REQUEST = {
    "scriptTemplate": "mean_reversion",
    "parameters": {"ticker": "AAPL", "start": "2008-01-01", "end": "2012-12-31"},
}


@dataclass
class Server:
    """A running test server: its base URL, home and process."""

    url: str
    home: Path
    process: subprocess.Popen
    token: str | None
    output: list[str] = field(default_factory=list)

    def client(self, token: str | None = "default", **kwargs) -> httpx.Client:
        """An HTTP client; ``token`` defaults to the server's own (None: no Authorization)."""
        token = self.token if token == "default" else token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120, **kwargs)

    def store(self) -> Store:
        return Store.open(load_settings({"BOTLAB_HOME": str(self.home)}))

    def log(self) -> str:
        return "".join(self.output[-200:])


def _free_port_url(process: subprocess.Popen, output: list[str], deadline: float) -> str:
    while time.monotonic() < deadline:
        for line in list(output):
            match = re.search(r"URL: (https?://[^\s:/]+:(\d+))", line)
            if match:
                return f"http://127.0.0.1:{match.group(2)}"
        if process.poll() is not None:
            raise RuntimeError("the test server exited:\n" + "".join(output))
        time.sleep(0.05)
    raise RuntimeError("the test server printed no URL:\n" + "".join(output))


def _isolated(name: str) -> bool:
    """Settings a test server must not inherit (its home, API settings, keys); the sandbox
    policy and limits pass through."""
    own = ("BOTLAB_HOME", "BOTLAB_DATABASE_URL", "BOTLAB_DATA_SOURCE", "BOTLAB_PUBLIC_URL")
    return name in own or name.startswith(("BOTLAB_API_", "STREAMLIT_", "GEMINI_", "GOOGLE_"))


def start_server(home: Path, *, env: dict[str, str] | None = None, address="127.0.0.1") -> Server:
    """Start the server on a free port and wait until it is healthy."""
    home.mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if not _isolated(k)}
    environment.update(BOTLAB_HOME=str(home), **(env or {}))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ENTRY),
        "--server.headless=true",
        "--server.port=0",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    if address is not None:  # None: the shipped .streamlit/config.toml decides
        command.append(f"--server.address={address}")
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        url = _free_port_url(process, output, deadline)
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("the test server never became healthy:\n" + "".join(output))
    except BaseException:
        stop_server_process(process)
        raise
    return Server(url, home, process, (env or {}).get("BOTLAB_API_TOKENS"), output)


def stop_server_process(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def stop_server(server: Server) -> None:
    stop_server_process(server.process)
    jobs.stop_worker(load_settings({"BOTLAB_HOME": str(server.home)}), timeout_s=15)


@contextlib.contextmanager
def running(home: Path, **kwargs):
    server = start_server(home, **kwargs)
    try:
        yield server
    finally:
        stop_server(server)


def seed_intraday_cache(home: Path, symbol: str = "AAPL", day: str = ORB_DAY) -> None:
    """Put one synthetic 5-minute session in the Yahoo cache, so orb runs offline."""
    from engine.data import _cache
    from tests.fixtures.templates.intraday import session_bars

    frame = session_bars(day)
    meta = _cache.Meta(
        symbol=symbol,
        interval="5m",
        tz="America/New_York",
        covered=(
            (pd.Timestamp(day) - pd.Timedelta(days=30), pd.Timestamp(day) + pd.Timedelta(days=30)),
        ),
        rows=len(frame),
        fetched_at="2024-06-01T00:00:00",
    )
    settings = load_settings({"BOTLAB_HOME": str(home)})
    _cache.write(_cache.cache_path(settings.cache_dir, symbol, "5m"), frame, meta)


def seed_runs(home: Path, *, queued: bool = True) -> dict[str, int]:
    """A stored strategy with a finished run (trades, equity) and a queued job, written
    directly to the store: realistic data for the read endpoints, without running anything."""
    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    try:
        code = (REPO / "examples" / "sma_cross.py").read_text()
        strategy = store.save_strategy("sma_cross", code, description="SMA cross", source="file")
        run_id = store.create_execution(strategy_id=strategy.id, symbol="GOOG", cash=10_000)
        index = pd.date_range("2020-01-01", periods=50, freq="D", tz="UTC")
        store.finish_execution(
            run_id,
            status="succeeded",
            metrics={"return_pct": 12.5, "sharpe_ratio": 1.1, "win_rate": 0.5, "trades": 2},
            stats={"Return [%]": 12.5},
            trades=[
                {"entry_time": index[1], "exit_time": index[5], "pnl": 42.0, "return_pct": 1.2},
                {"entry_time": index[7], "exit_time": index[9], "pnl": -3.0, "return_pct": -0.1},
            ],
            equity={"time": index, "equity": [10_000 + i for i in range(50)]},
        )
        ids = {"strategy_id": strategy.id, "run_id": run_id}
        if queued:
            ids["job_id"] = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG").id
        return ids
    finally:
        store.close()


def wait_until(fetch, done, *, timeout: float = 60, interval: float = 0.1):
    """Call ``fetch`` until ``done(value)``; return the value (fail with the last one)."""
    deadline = time.monotonic() + timeout
    value = fetch()
    while not done(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {timeout} s; last: {value!r}")
        time.sleep(interval)
        value = fetch()
    return value


@pytest.fixture(scope="session")
def open_server(tmp_path_factory):
    """No tokens configured: local reads only."""
    with running(tmp_path_factory.mktemp("open-home")) as server:
        yield server


@pytest.fixture(scope="session")
def token_server(tmp_path_factory):
    """Two tokens, one synchronous slot, a worker on demand, an intraday session cached."""
    home = tmp_path_factory.mktemp("token-home")
    seed_intraday_cache(home)
    env = {"BOTLAB_API_TOKENS": f"{TOKEN},{OTHER_TOKEN}", "BOTLAB_API_MAX_SYNC": "1"}
    with running(home, env=env) as server:
        server.token = TOKEN  # the client's default; OTHER_TOKEN works too
        yield server


@pytest.fixture(scope="module")
def limits_server(tmp_path_factory):
    """Small limits and no worker, so queued jobs stay queued."""
    env = {
        "BOTLAB_API_TOKENS": TOKEN,
        "BOTLAB_API_MAX_BODY_BYTES": "4096",
        "BOTLAB_API_MAX_QUEUE": "2",
        "BOTLAB_API_MAX_SYNC": "0",
        "BOTLAB_API_START_WORKER": "0",
        "BOTLAB_PUBLIC_URL": "https://botlab.example",
    }
    with running(tmp_path_factory.mktemp("limits-home"), env=env) as server:
        yield server


@pytest.fixture
def http(token_server):
    """A client of the token server, sending its token."""
    with token_server.client() as client:
        yield client
