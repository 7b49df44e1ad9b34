"""Sweeps through the HTTP API on a real server: start, poll, results, cancel, resume, errors."""

from __future__ import annotations

import pytest

from engine.metrics import METRIC_NAMES

from .conftest import TOKEN, running, seed_runs, wait_until

METRIC_KEYS = set(METRIC_NAMES)  # the keys of run --json's metrics


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("sweep-api-home")
    seed_runs(home, queued=False)
    env = {"BOTLAB_API_TOKENS": TOKEN, "BOTLAB_API_START_WORKER": "0"}
    with running(home, env=env) as server:
        yield server


def finished(sweep: dict) -> bool:
    return sweep["status"] != "running"


def test_a_sweep_started_over_http_stores_every_combination(server):
    body = {
        "strategy_name": "sma_cross",
        "params": {"fast": "5:15:5", "slow": [20, 40]},
        "constraints": ["fast < slow"],
        "objective": "return_dd",
        "symbol": "GOOG",
    }
    with server.client() as client:
        started = client.post("/api/sweeps", json=body)
        assert started.status_code == 202, started.text
        sweep_id = started.json()["sweep_id"]
        assert started.json()["total"] == 6
        assert started.json()["links"]["results"] == f"/api/sweeps/{sweep_id}/results"
        sweep = wait_until(lambda: client.get(f"/api/sweeps/{sweep_id}").json(), finished)
        results = client.get(f"/api/sweeps/{sweep_id}/results").json()

    assert sweep["status"] == "succeeded" and sweep["done"] == 6 and sweep["left"] == 0
    assert "combinations" not in sweep  # the progress view stays small
    combos = results["combinations"]
    assert sorted((c["params"]["fast"], c["params"]["slow"]) for c in combos) == [
        (5, 20), (5, 40), (10, 20), (10, 40), (15, 20), (15, 40)
    ]  # fmt: skip
    for combo in combos:
        assert combo["status"] == "succeeded" and set(combo["metrics"]) == METRIC_KEYS
        m = combo["metrics"]
        assert combo["score"] == pytest.approx(m["return_pct"] / abs(m["max_drawdown"]))
    assert results["best"]["score"] == max(c["score"] for c in combos)
    run = server.client().get(f"/api/runs/{results['best']['execution_id']}").json()
    assert run["status"] == "succeeded" and run["trades"]  # the best keep their trades


def test_a_cancelled_sweep_resumes_to_completion_without_duplicates(server):
    body = {"strategy_name": "sma_cross", "params": {"fast": "2:60:1"}, "symbol": "GOOG"}
    with server.client() as client:
        sweep_id = client.post("/api/sweeps", json=body).json()["sweep_id"]
        cancel = client.post(f"/api/sweeps/{sweep_id}/cancel")
        assert cancel.status_code == 202 and cancel.json()["cancel_requested"] is True
        stopped = wait_until(lambda: client.get(f"/api/sweeps/{sweep_id}").json(), finished)
        assert stopped["status"] == "cancelled" and stopped["done"] < stopped["total"] == 59
        assert client.post(f"/api/sweeps/{sweep_id}/resume").status_code == 202
        done = wait_until(
            lambda: client.get(f"/api/sweeps/{sweep_id}").json(), finished, timeout=300
        )
        results = client.get(f"/api/sweeps/{sweep_id}/results").json()
    assert done["status"] == "succeeded" and done["done"] == 59
    assert sorted(c["params"]["fast"] for c in results["combinations"]) == list(range(2, 61))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"params": {"fast": "5:20"}}, "START:STOP:STEP"),
        ({"params": {"fats": [1, 2]}}, "no parameter 'fats'"),
        ({"params": {"fast": [5, 10]}, "constraints": ["__import__('os')"]}, "not allowed"),
        ({"params": {"fast": [5, 10]}, "objective": "luck"}, "objective"),
    ],
)
def test_bad_sweeps_are_refused_with_the_reason(server, body, message):
    body = {"strategy_name": "sma_cross", "symbol": "GOOG", **body}
    answer = server.client().post("/api/sweeps", json=body)
    assert answer.status_code == 400, answer.text
    assert message in answer.json()["error"]
    assert "--" not in answer.json()["error"]  # the request's fields, not botlab sweep's flags


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"params": {"fast": "5:20"}}, "params.fast", "params.fast=5:20: a range is START:STOP"),
        (
            {"params": {"fast": "1:400:1", "slow": "1:400:1"}},
            "max_combinations",
            "sample it with max_combinations (and seed), or narrow it",
        ),
        (
            {"params": {"fast": [5, 10]}, "constraints": ["fast <"]},
            "constraints",
            "constraint 'fast <' is not an expression",
        ),
    ],
)
def test_a_bad_sweep_is_said_in_the_requests_fields(server, body, field, words):
    """The grid's checks name the input at fault as a fact (its request field); the API says
    it as the request's field (not ``botlab sweep``'s ``--param``) and names it."""
    body = {"strategy_name": "sma_cross", "symbol": "GOOG", **body}
    answer = server.client().post("/api/sweeps", json=body)
    assert answer.status_code == 400, answer.text
    error = answer.json()
    assert error["code"] == "invalid_sweep" and error["field"] == field
    assert words in error["error"] and "--" not in error["error"]


def test_sweep_writes_need_a_token_and_unknown_sweeps_are_404(server):
    body = {"strategy_name": "sma_cross", "params": {"fast": [5, 10]}}
    assert server.client(token=None).post("/api/sweeps", json=body).status_code in (401, 403)
    with server.client() as client:
        assert client.get("/api/sweeps/999").status_code == 404
        assert client.get("/api/sweeps/999/results").status_code == 404
        assert client.post("/api/sweeps/999/cancel").status_code == 404
        assert client.post("/api/sweeps/999/resume").status_code == 404
        paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/sweeps", "/api/sweeps/{sweep_id}", "/api/sweeps/{sweep_id}/cancel"} <= set(paths)
