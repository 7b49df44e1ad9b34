"""Limits on a real server with small settings (BOTLAB_API_MAX_BODY_BYTES=4096,
BOTLAB_API_MAX_QUEUE=2, BOTLAB_API_MAX_SYNC=0, no worker): 413, 429 and the queue's state."""

from __future__ import annotations

import pytest

from .conftest import RSI, seed_runs


@pytest.fixture
def client(limits_server):
    with limits_server.client() as client:
        yield client


def test_an_oversized_body_is_413(client):
    response = client.post("/api/runs", json={"code": "x = 1\n" * 1000})

    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "payload_too_large" and "4,096-byte limit" in body["error"]


def test_an_oversized_streamed_body_is_413(client):
    def chunks():  # no Content-Length: the server counts as it reads
        for _ in range(10):
            yield b" " * 1000

    response = client.post("/api/strategies/generate", content=chunks())

    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_execute_script_answers_429_when_no_slot_is_free(client):
    request = {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "AAPL"}}
    response = client.post("/api/backtests/execute-script", json=request)

    assert response.status_code == 429
    assert response.headers["Retry-After"].isdigit()
    body = response.json()
    assert body["success"] is False and body["errorType"] == "busy"
    # a bad request is still told what is wrong, not to come back later
    bad = client.post("/api/backtests/execute-script", json={"scriptTemplate": "nope"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "scriptTemplate"


def test_a_full_queue_answers_429_and_cancelling_makes_room(client, limits_server):
    strategy = client.post("/api/strategies/generate", json={"description": RSI}).json()
    strategy_id = strategy["strategy"]["strategy_id"]
    tickets = []
    for _ in range(4):
        response = client.post("/api/runs", json={"strategy_id": strategy_id})
        if response.status_code != 202:
            break
        tickets.append(response.json())

    assert len(tickets) == 2 and response.status_code == 429, response.text
    assert response.headers["Retry-After"].isdigit()
    assert response.json()["code"] == "queue_full" and "limit is 2" in response.json()["error"]
    assert client.get("/api/summary").json()["queue"] == {"active_jobs": 2, "max_queue": 2}
    # with execute, generating is refused too, before anything is saved
    refused = client.post("/api/strategies/generate", json={"description": RSI, "execute": True})
    assert refused.status_code == 429

    run_id = tickets[0]["run_id"]
    cancelled = client.post(f"/api/runs/{run_id}/cancel")  # queued, no worker: cancelled now
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    run = client.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "cancelled" and run["job"]["status"] == "cancelled"
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 409
    assert client.post("/api/runs", json={"strategy_id": strategy_id}).status_code == 202


def test_links_use_the_public_url(client, limits_server):
    seed_runs(limits_server.home, queued=False)  # a run to list, whichever tests ran before
    strategy = client.post("/api/strategies/generate", json={"description": RSI}).json()
    listed = client.get("/api/runs", params={"status": "all", "limit": 1}).json()

    assert strategy["strategy"]["links"]["history"].startswith("/api/strategies/")
    run = listed["items"][0]
    assert run["links"]["dashboard"] == f"https://botlab.example/run?run={run['run_id']}"
    summary = client.get("/api/summary").json()
    assert summary["links"]["dashboard"] == "https://botlab.example"
