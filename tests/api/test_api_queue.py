"""The queue against real server processes: exactly once (``Idempotency-Key``, also across a
server crash) and never stalled (a restarted server, or a GET, starts the worker)."""

from __future__ import annotations

import os
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine import jobs
from engine.config import load_settings
from engine.store import Store

from .conftest import MEAN_REVERSION_REQUEST, TOKEN, running, seed_runs, start_server, wait_until

NO_WORKER = {"BOTLAB_API_TOKENS": TOKEN, "BOTLAB_API_START_WORKER": "0"}
WITH_WORKER = {"BOTLAB_API_TOKENS": TOKEN}


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory):
    """Tokens on and no worker, so queued jobs stay queued and can be counted."""
    home = tmp_path_factory.mktemp("queue-home")
    ids = seed_runs(home, queued=False)
    with running(home, env=NO_WORKER) as server:
        server.ids = ids
        yield server


def count_jobs(home) -> int:
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        return len(store.list_jobs(limit=100_000))


def strategy_count(home) -> int:
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        return sum(summary.versions for summary in store.list_strategies())


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


# -- exactly once --------------------------------------------------------------------------------


def test_the_same_key_answers_the_first_answer_and_queues_nothing_more(quiet_server):
    body = {"strategy_id": quiet_server.ids["strategy_id"], "symbol": "GOOG"}
    headers = key()
    before = count_jobs(quiet_server.home)
    with quiet_server.client() as http:
        first = http.post("/api/runs", json=body, headers=headers)
        again = http.post("/api/runs", json=body, headers=headers)
        reordered = http.post("/api/runs", json=dict(reversed(body.items())), headers=headers)
        unkeyed = http.post("/api/runs", json=body)
    assert first.status_code == again.status_code == reordered.status_code == 202, again.text
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() == reordered.json()
    assert unkeyed.json()["job_id"] != first.json()["job_id"]  # no key: a new job every time
    assert count_jobs(quiet_server.home) == before + 2


def test_the_same_key_with_another_body_is_refused(quiet_server):
    headers = key()
    strategy_id = quiet_server.ids["strategy_id"]
    before = count_jobs(quiet_server.home)
    with quiet_server.client() as http:
        first = http.post("/api/runs", json={"strategy_id": strategy_id}, headers=headers)
        other = http.post(
            "/api/runs", json={"strategy_id": strategy_id, "days": 300}, headers=headers
        )
    assert first.status_code == 202
    assert other.status_code == 422, other.text
    assert other.json()["code"] == "idempotency_key_reused"
    assert "different request" in other.json()["error"]
    assert other.json()["field"] == "Idempotency-Key"
    assert count_jobs(quiet_server.home) == before + 1


def test_concurrent_retries_with_one_key_queue_one_job(quiet_server):
    body = {"strategy_id": quiet_server.ids["strategy_id"], "days": 500}
    headers = key()
    before = count_jobs(quiet_server.home)

    def post(_):
        with quiet_server.client() as http:
            return http.post("/api/runs", json=body, headers=headers)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert {a.status_code for a in answers} == {202}, [a.text for a in answers]
    assert len({a.json()["job_id"] for a in answers}) == 1
    assert count_jobs(quiet_server.home) == before + 1


def test_generate_honours_the_key(quiet_server):
    body = {"description": "buy when RSI(14) drops below 25, sell above 75", "execute": True}
    headers = key()
    with quiet_server.client() as http:
        first = http.post("/api/strategies/generate", json=body, headers=headers)
        again = http.post("/api/strategies/generate", json=body, headers=headers)
        other = http.post(
            "/api/strategies/generate", json={**body, "symbol": "MSFT"}, headers=headers
        )
    assert first.status_code == again.status_code == 202, first.text
    assert again.json()["run"]["job_id"] == first.json()["run"]["job_id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 422


def test_keys_belong_to_the_token_that_sent_them(tmp_path):
    other = "tok-" + uuid.uuid4().hex
    home = tmp_path / "home"
    ids = seed_runs(home, queued=False)
    env = {**NO_WORKER, "BOTLAB_API_TOKENS": f"{TOKEN},{other}"}
    headers = key()
    body = {"strategy_id": ids["strategy_id"]}
    with (
        running(home, env=env) as server,
        server.client(token=TOKEN) as mine,
        server.client(token=other) as theirs,
    ):
        first = mine.post("/api/runs", json=body, headers=headers).json()
        second = theirs.post("/api/runs", json=body, headers=headers).json()
    assert first["job_id"] != second["job_id"]


@pytest.mark.parametrize("bad", ["", "x" * 256, "two words", "caf\u00e9"])
def test_a_malformed_key_is_400_and_queues_nothing(quiet_server, bad):
    before = count_jobs(quiet_server.home)
    with quiet_server.client() as http:
        response = http.post(
            "/api/runs",
            json={"strategy_id": quiet_server.ids["strategy_id"]},
            headers={"Idempotency-Key": bad.encode("utf-8")},
        )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "Idempotency-Key"
    assert count_jobs(quiet_server.home) == before


def test_a_bad_request_records_no_key(quiet_server):
    headers = key()
    with quiet_server.client() as http:
        bad = http.post("/api/runs", json={"strategy_id": 987654}, headers=headers)
        good = http.post(
            "/api/runs", json={"strategy_id": quiet_server.ids["strategy_id"]}, headers=headers
        )
    assert bad.status_code == 404
    assert good.status_code == 202 and "Idempotent-Replayed" not in good.headers


def test_execute_script_with_a_key_runs_once(token_server):
    headers = key()
    with token_server.client() as http:
        first = http.post(
            "/api/backtests/execute-script", json=MEAN_REVERSION_REQUEST, headers=headers
        )
        again = http.post(
            "/api/backtests/execute-script", json=MEAN_REVERSION_REQUEST, headers=headers
        )
        other = http.post(
            "/api/backtests/execute-script",
            json={**MEAN_REVERSION_REQUEST, "parameters": {"ticker": "MSFT", "days": 400}},
            headers=headers,
        )
    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["success"] is True
    assert again.json()["executionId"] == first.json()["executionId"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 422 and other.json()["errorType"] == "idempotency_key_reused"


def test_a_retry_after_a_server_crash_makes_no_duplicate(tmp_path):
    home = tmp_path / "home"
    ids = seed_runs(home, queued=False)
    body = {"strategy_id": ids["strategy_id"], "symbol": "GOOG"}
    headers = key()
    server = start_server(home, env=NO_WORKER)
    with server.client() as http:
        first = http.post("/api/runs", json=body, headers=headers)
    assert first.status_code == 202
    os.killpg(server.process.pid, signal.SIGKILL)  # a crash: no clean shutdown
    server.process.wait(timeout=30)
    with running(home, env=NO_WORKER) as restarted, restarted.client() as http:
        retry = http.post("/api/runs", json=body, headers=headers)
    assert retry.status_code == 202 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["job_id"] == first.json()["job_id"]
    assert count_jobs(home) == 1


# -- never stalled -------------------------------------------------------------------------------


def kill_worker(home) -> None:
    settings = load_settings({"BOTLAB_HOME": str(home)})
    pid = jobs.running_worker_pid(settings)
    if pid:
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: jobs.running_worker_pid(settings), lambda p: p is None, timeout=30)


def queue_directly(home, count: int) -> list[int]:
    """Jobs written to the store with nobody serving the queue (as a crashed server leaves)."""
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        strategy = store.strategy_versions("sma_cross")[-1]
        return [
            jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=400).id
            for _ in range(count)
        ]


def job_status(home, job_id: int) -> str:
    with Store.open(load_settings({"BOTLAB_HOME": str(home)})) as store:
        return store.get_job(job_id).status


def test_a_restarted_server_finishes_the_queue_without_any_request(tmp_path):
    home = tmp_path / "home"
    ids = seed_runs(home, queued=False)
    server = start_server(home, env=WITH_WORKER)
    with server.client() as http:
        first = http.post("/api/runs", json={"strategy_id": ids["strategy_id"], "days": 300})
    assert first.status_code == 202
    kill_worker(home)
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    waiting = queue_directly(home, 2)
    time.sleep(1)  # nobody serves the queue now: it stays queued
    assert {job_status(home, j) for j in waiting} == {"queued"}

    with running(home, env=WITH_WORKER):  # no request at all: the server starts the worker
        for job_id in [first.json()["job_id"], *waiting]:
            wait_until(lambda j=job_id: job_status(home, j), lambda s: s != "queued", timeout=120)
            status = wait_until(
                lambda j=job_id: job_status(home, j),
                lambda s: s not in ("queued", "running"),
                timeout=120,
            )
            assert status in ("succeeded", "failed")
        assert all(job_status(home, j) == "succeeded" for j in waiting)


def test_a_start_up_recovery_that_fails_is_tried_again(tmp_path, monkeypatch):
    """Nothing but the start-up recovery moves a queue no client reads: a store that fails once
    (a database still busy with the previous server's last writes) must not leave it stuck."""
    from engine.api import Service
    from engine.api.config import load_api_config

    home = tmp_path / "home"
    job_id = seed_runs(home)["job_id"]  # a queued job, as a crashed server leaves
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    monkeypatch.delenv("BOTLAB_API_START_WORKER", raising=False)
    service = Service(load_api_config())
    close_interrupted, failed = service.store.close_interrupted, []

    def busy_once(**kwargs):
        if not failed:
            failed.append(True)
            raise OSError("database is locked")
        return close_interrupted(**kwargs)

    monkeypatch.setattr(service.store, "close_interrupted", busy_once)
    try:
        service.recover()
        assert failed == [True]
        status = wait_until(
            lambda: job_status(home, job_id), lambda s: s not in ("queued", "running"), timeout=120
        )
        assert status == "succeeded"
    finally:
        jobs.stop_worker(load_settings())
        service.close()


def test_a_get_of_a_queued_job_starts_the_worker(tmp_path):
    home = tmp_path / "home"
    seed_runs(home, queued=False)
    settings = load_settings({"BOTLAB_HOME": str(home)})
    with running(home, env=WITH_WORKER) as server, server.client() as http:
        time.sleep(1)  # the start-up recovery found nothing queued: no worker
        assert jobs.running_worker_pid(settings) is None
        (job_id,) = queue_directly(home, 1)
        time.sleep(1)
        assert job_status(home, job_id) == "queued"  # nothing moves it but a reader
        finished = wait_until(
            lambda: http.get(f"/api/jobs/{job_id}").json(),
            lambda job: job["status"] not in ("queued", "running"),
            timeout=120,
            interval=0.5,
        )
    assert finished["status"] == "succeeded", finished


# -- bad input refused up front ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/strategies/generate", {"description": "buy when RSI(14) < 30\u0000"}, "description"),
        ("/api/runs", {"code": "from backtesting import Strategy\n\u0000\n"}, "code"),
        ("/api/runs", {"code": "x = 1\n", "description": "an \u0000 idea"}, "description"),
    ],
)
def test_a_nul_in_a_bot_or_description_is_refused_and_nothing_saved(
    quiet_server, path, body, field
):
    before = count_jobs(quiet_server.home), strategy_count(quiet_server.home)
    with quiet_server.client() as http:
        response = http.post(path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field and "NUL byte" in response.json()["error"]
    assert (count_jobs(quiet_server.home), strategy_count(quiet_server.home)) == before


def test_a_non_utf8_body_is_refused(quiet_server):
    raw = b'{"description": "buy when RSI(14) < 30 \xff"}'
    with quiet_server.client() as http:
        response = http.post(
            "/api/strategies/generate", content=raw, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400 and response.json()["code"] == "malformed_json"


def test_start_after_end_names_the_period_not_the_symbol(quiet_server):
    body = {"strategy_id": quiet_server.ids["strategy_id"], "start": "2020-05-01"}
    with quiet_server.client() as http:
        response = http.post("/api/runs", json={**body, "end": "2020-01-01"})
    assert response.status_code == 400
    assert response.json()["field"] == "start"
    assert response.json()["error"] == "start 2020-05-01 is after end 2020-01-01; swap them"
