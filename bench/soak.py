"""Soak the queue: N queued runs while the worker and the server are killed at random moments.

    python -m bench.soak --jobs 500 --kills 10 --json

A real server (``streamlit run app.py``, API tokens on, its own temporary ``BOTLAB_HOME``) and
its on-demand worker. A client POSTs ``/api/runs`` once per job, each with its own
``Idempotency-Key``, retrying the same key on any failure (the server may be dead, or just
restarting). Meanwhile a killer SIGKILLs the worker or the whole server at random moments; a
killed server is started again (on a new port) and the client follows it. When every key has an
answer, a GET-only client polls until the queue is empty (nothing but reads and restarts move
it). Then the store is counted:

* ``created``: jobs in the store; ``keys``: jobs asked for (one key each);
* ``finished_once``: keys whose one job ended (succeeded, failed, timeout or cancelled) with its
  one run finished too;
* ``lost``: keys without a job in the store (must be 0); ``duplicated``: jobs beyond one per key
  (must be 0); ``stuck``: jobs or runs still queued or running at the end (must be 0);
* ``statuses``: how the jobs ended (a job whose worker was killed mid-run fails as
  ``interrupted``, with its reason: it is finished, not lost).

Jobs are cheap (a moving-average bot on 60 days of bundled data) so 500 finish in minutes on two
cores. Figures only: this script asserts nothing; ``tests/api/test_api_soak.py`` runs a small
version and asserts the zeros.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from engine import jobs
from engine.config import load_settings
from engine.store import Store

REPO = Path(__file__).resolve().parents[1]
FINISHED = ("succeeded", "failed", "timeout", "cancelled")
JOB_BODY = {"symbol": "GOOG", "days": 60}


@dataclass
class SoakReport:
    keys: int = 0
    created: int = 0
    finished_once: int = 0
    lost: int = 0
    duplicated: int = 0
    stuck: int = 0
    worker_kills: int = 0
    server_kills: int = 0
    retries: int = 0
    seconds: float = 0.0
    statuses: dict = field(default_factory=dict)
    error_types: dict = field(default_factory=dict)


class Server:
    """``streamlit run app.py`` on a free loopback port, restartable on the same home."""

    def __init__(self, home: Path, token: str) -> None:
        self.home, self.token = home, token
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.lock = threading.Lock()

    def start(self, timeout: float = 120) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOTLAB_", "STREAMLIT_"))}
        env.update(BOTLAB_HOME=str(self.home), BOTLAB_API_TOKENS=self.token)
        if "BOTLAB_SANDBOX" in os.environ:
            env["BOTLAB_SANDBOX"] = os.environ["BOTLAB_SANDBOX"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py")]
            + ["--server.headless=true", "--server.port=0", "--server.address=127.0.0.1"]
            + ["--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        for line in self.process.stdout:
            match = re.search(r"URL: https?://[^\s:/]+:(\d+)", line)
            if match:
                self.url = f"http://127.0.0.1:{match.group(1)}"
                break
            if time.monotonic() > deadline:
                break
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # drain
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/_stcore/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("the soak server did not start")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        self.kill()


def seed(home: Path) -> int:
    """The strategy every job runs; its id."""
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        code = (REPO / "examples" / "sma_cross.py").read_text()
        return store.save_strategy("soak_sma", code, source="file").id


def soak(
    home: Path,
    *,
    jobs_wanted: int,
    kills: int,
    seed_value: int = 1,
    settle_timeout_s: float = 900,
) -> SoakReport:
    """Run the soak in ``home`` (see the module docstring) and count."""
    rng = random.Random(seed_value)
    report = SoakReport(keys=jobs_wanted)
    settings = load_settings({"BOTLAB_HOME": str(home)})
    strategy_id = seed(home)
    token = "soak-" + secrets.token_urlsafe(24)
    server = Server(home, token)
    server.start()
    clock = time.monotonic()
    answered: dict[str, int] = {}

    def headers(key: str | None = None) -> dict:
        extra = {"Idempotency-Key": key} if key else {}
        return {"Authorization": f"Bearer {token}", **extra}

    def post_all() -> None:
        for index in range(jobs_wanted):
            key = f"soak-{seed_value}-{index}"
            body = {"strategy_id": strategy_id, **JOB_BODY}
            while key not in answered:
                try:
                    response = httpx.post(
                        f"{server.url}/api/runs", json=body, headers=headers(key), timeout=30
                    )
                    if response.status_code == 202:
                        answered[key] = response.json()["job_id"]
                        continue
                except httpx.HTTPError:
                    pass
                report.retries += 1
                time.sleep(0.2)

    def kill_worker() -> None:
        pid = jobs.running_worker_pid(settings)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            report.worker_kills += 1

    def killer() -> None:  # every kill happens (at a random moment), in turn: server, worker, both
        for index in range(kills):
            time.sleep(rng.uniform(1.0, 6.0))
            victim = ("server", "worker", "both")[index % 3]
            with server.lock:
                if victim != "server":
                    kill_worker()
                if victim != "worker":
                    server.kill()
                    report.server_kills += 1
                    time.sleep(rng.uniform(0.0, 2.0))  # both down a while: nothing moves
                    server.start()

    poster = threading.Thread(target=post_all)
    killing = threading.Thread(target=killer)
    poster.start()
    killing.start()
    poster.join()
    killing.join()
    try:
        _settle(server, token, home, settle_timeout_s)
    finally:
        report.seconds = round(time.monotonic() - clock, 1)
        server.stop()
        jobs.stop_worker(settings, timeout_s=15)
    _count(home, answered, report)
    return report


def _settle(server: Server, token: str, home: Path, timeout_s: float) -> None:
    """GET-only until no job is queued or running (or the time is up)."""
    deadline = time.monotonic() + timeout_s
    auth = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
            active = store.list_jobs(active_only=True, limit=1)
        if not active:
            return
        with contextlib.suppress(httpx.HTTPError):  # a read, as a dashboard or client would
            httpx.get(f"{server.url}/api/jobs/{active[0].id}", headers=auth, timeout=30)
        time.sleep(0.5)


def _count(home: Path, answered: dict[str, int], report: SoakReport) -> None:
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        all_jobs = store.list_jobs(limit=10**9)
        by_id = {job.id: job for job in all_jobs}
        report.created = len(all_jobs)
        report.lost = sum(1 for job_id in answered.values() if job_id not in by_id)
        report.lost += report.keys - len(answered)
        report.duplicated = max(0, len(all_jobs) - len(set(answered.values())))
        statuses, errors = Counter(), Counter()
        for job in all_jobs:
            run = store.get_execution(job.execution_id) if job.execution_id else None
            run_finished = run is not None and run.status in FINISHED
            if job.status not in FINISHED or (run is not None and not run_finished):
                report.stuck += 1
            elif run_finished:
                report.finished_once += 1
            statuses[job.status] += 1
            if job.error_type:
                errors[job.error_type] += 1
        report.statuses, report.error_types = dict(statuses), dict(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--kills", type=int, default=10, help="worker/server kills in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="botlab-soak-") as folder:
        report = soak(Path(folder), jobs_wanted=args.jobs, kills=args.kills, seed_value=args.seed)
    if args.json:
        print(json.dumps(asdict(report)))
    else:
        for name, value in asdict(report).items():
            print(f"{name:>14}: {value}")


if __name__ == "__main__":
    main()
