"""The API end to end on a real server: the seed's contract, generating, queueing, polling,
uploading and cancelling runs, and the error statuses. Real sandboxed runs (about ten)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import ORB_DAY, REPO, RSI, wait_until

SEED_KEYS = {"success", "executionId", "results", "executionTime"}
SEED_TRADE_KEYS = {
    "entry_price",
    "entry_time",
    "exit_price",
    "exit_time",
    "exit_reason",
    "pnl",
    "pnl_percent",
    "highest_price",
}
MEAN_REVERSION = {
    "scriptTemplate": "mean_reversion",
    "parameters": {"ticker": "AAPL", "start": "2008-01-01", "end": "2012-12-31"},
}
SLOW_BOT = """
import time
from backtesting import Strategy


class Slow(Strategy):
    def init(self):
        pass

    def next(self):
        time.sleep(0.05)
"""


def check_seed_success(response) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["success"] is True, body
    assert set(body) == SEED_KEYS
    assert isinstance(body["executionId"], int) and body["executionTime"] > 0
    results = body["results"]
    assert {"backtest", "trades", "metrics", "summary"} <= set(results)
    for trade in results["trades"]:
        assert set(trade) >= SEED_TRADE_KEYS
    assert results["metrics"]["total_trades"] == len(results["trades"])
    assert results["summary"].endswith(".")
    return body


def finished(run: dict) -> bool:
    return run["status"] not in ("queued", "running")


def poll_run(http, run_id: int, timeout: float = 120) -> dict:
    return wait_until(lambda: http.get(f"/api/runs/{run_id}").json(), finished, timeout=timeout)


# -- the seed's contract -------------------------------------------------------------------------


def test_execute_script_keeps_the_seed_contract(http, token_server):
    body = check_seed_success(http.post("/api/backtests/execute-script", json=MEAN_REVERSION))

    results = body["results"]
    assert results["backtest"]["symbol"] == "AAPL" and results["trades"]
    assert {t["exit_reason"] for t in results["trades"]} <= {
        "reverted",
        "max_hold",
        "stop_loss",
        "end_of_data",
    }
    run = http.get(f"/api/runs/{body['executionId']}").json()  # the same run, stored
    assert run["status"] == "succeeded" and run["strategy_name"] == "mean_reversion_AAPL"
    assert len(run["trades"]) == len(results["trades"])
    assert run["job"] is None  # synchronous: not from the queue
    assert "seccomp=on" in run["sandbox"]


def test_execute_script_orb_on_intraday_bars(http):
    request = {
        "scriptTemplate": "orb",
        "parameters": {"ticker": "AAPL", "date": ORB_DAY, "trailingStopPct": 1},
    }
    body = check_seed_success(http.post("/api/backtests/execute-script", json=request))

    trades = body["results"]["trades"]
    assert len(trades) == 1 and trades[0]["exit_reason"] in {"trailing_stop", "session_close"}
    assert trades[0]["entry_time"].startswith(ORB_DAY)
    assert body["results"]["backtest"]["timeframe"] == "5m"


def test_execute_script_names_the_bad_parameter(http):
    request = {"scriptTemplate": "orb", "parameters": {"ticker": "AAPL", "trailingStopPct": 80}}
    response = http.post("/api/backtests/execute-script", json=request)

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and body["errorType"] == "invalid_parameters"
    assert body["parameter"] in {"trailingStopPct", "date"} and body["field"] == body["parameter"]


def test_execute_script_without_data_is_422(http):
    request = {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "ZZZZ"}}
    response = http.post("/api/backtests/execute-script", json=request)

    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False and body["errorType"] == "data_unavailable"
    assert "ZZZZ" in body["error"] and body["dataErrorCode"]


def test_synchronous_runs_are_limited(token_server):
    """BOTLAB_API_MAX_SYNC=1 on this server: of three at once, the extra ones get 429."""
    barrier = threading.Barrier(3)

    def post(_):
        with token_server.client() as client:
            barrier.wait()
            return client.post("/api/backtests/execute-script", json=MEAN_REVERSION)

    with ThreadPoolExecutor(3) as pool:
        responses = list(pool.map(post, range(3)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses[0] == 200 and 429 in statuses, [r.text for r in responses]
    busy = next(r for r in responses if r.status_code == 429)
    assert busy.headers["Retry-After"].isdigit()
    assert busy.json()["errorType"] == "busy" and busy.json()["success"] is False


# -- generate, queue, poll -----------------------------------------------------------------------


def test_generate_then_queue_a_run_and_read_it_back(http, token_server):
    generated = http.post("/api/strategies/generate", json={"description": RSI, "name": "rsi_api"})
    assert generated.status_code == 201, generated.text
    strategy = generated.json()["strategy"]
    assert strategy["name"] == "rsi_api" and strategy["engine"] == "offline"
    assert "class RsiReversion" in strategy["code"] or "class " in strategy["code"]
    assert strategy["settings"]["symbol"] == "AAPL" and strategy["rules"]

    queued = http.post("/api/runs", json={"strategy_id": strategy["strategy_id"], "priority": 5})
    assert queued.status_code == 202, queued.text
    ticket = queued.json()
    run_id = ticket["run_id"]
    assert ticket["status"] == "queued" and isinstance(run_id, int)
    assert ticket["links"]["dashboard"] == f"http://localhost:8501/run?run={run_id}"

    run = poll_run(http, run_id)
    assert run["status"] == "succeeded", run["error"]
    assert run["symbol"] == "AAPL" and run["metrics"]["trades"] == len(run["trades"]) > 0
    assert len(run["equity_curve"]["equity"]) == len(run["equity_curve"]["time_ms"]) > 10
    assert run["job"]["phase"] == "done" and run["job"]["job_id"] == ticket["job_id"]
    assert run["priority"] == 5 and run["strategy_version"] == 1

    history = http.get("/api/strategies/rsi_api/history").json()
    assert [v["version"] for v in history["versions"]] == [1]
    assert run_id in [r["run_id"] for r in history["runs"]]
    board = http.get("/api/runs", params={"strategy": "RSI_API", "sort": "return_pct"}).json()
    assert [r["run_id"] for r in board["items"]] == [run_id] and board["total"] == 1
    assert board["items"][0]["metrics"]["return_pct"] == run["metrics"]["return_pct"]
    summary = http.get("/api/summary").json()
    assert summary["total_executions"] >= 1 and summary["queue"]["max_queue"] == 100


def test_generate_with_execute_queues_the_run(http):
    response = http.post(
        "/api/strategies/generate",
        json={"description": RSI, "execute": True, "symbol": "MSFT", "days": 800},
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["engine"] == "offline" and body["strategy"]["strategy_id"]

    run = poll_run(http, body["run"]["run_id"])
    assert run["status"] == "succeeded" and run["symbol"] == "MSFT"
    assert run["test_period_days"] == 800


def test_an_uploaded_bot_is_saved_then_run(http):
    code = (REPO / "examples" / "sma_cross.py").read_text()
    response = http.post(
        "/api/runs", json={"code": code, "name": "uploaded_sma", "symbol": "GOOG", "days": 1000}
    )
    assert response.status_code == 202, response.text
    ticket = response.json()
    assert ticket["run_id"] is None and ticket["links"]["self"] == f"/api/jobs/{ticket['job_id']}"

    job = wait_until(
        lambda: http.get(ticket["links"]["self"]).json(),
        lambda j: j["status"] not in ("queued", "running"),
    )
    assert job["status"] == "succeeded", job["error"]
    run = http.get(job["links"]["run"]).json()
    assert run["strategy_name"] == "uploaded_sma" and run["symbol"] == "GOOG"
    assert job["links"]["dashboard"].endswith(f"/run?run={run['run_id']}")


def test_cancel_a_running_run_then_again_is_409(http):
    ticket = http.post("/api/runs", json={"code": SLOW_BOT, "name": "slow_bot"}).json()
    job = wait_until(
        lambda: http.get(f"/api/jobs/{ticket['job_id']}").json(),
        lambda j: j["run_id"] is not None and j["phase"] == "running",
    )
    run_id = job["run_id"]

    response = http.post(f"/api/runs/{run_id}/cancel")
    assert response.status_code in (200, 202), response.text
    assert response.json()["cancel_requested"] is True

    run = poll_run(http, run_id, timeout=60)
    assert run["status"] == "cancelled"
    again = http.post(f"/api/runs/{run_id}/cancel")
    assert again.status_code == 409 and "already finished" in again.json()["error"]
    assert http.post(f"/api/jobs/{ticket['job_id']}/cancel").status_code == 409


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/runs/987654", 404, "not_found"),
        ("GET", "/api/jobs/987654", 404, "not_found"),
        ("GET", "/api/strategies/no_such_strategy/history", 404, "not_found"),
        ("GET", "/api/runs/abc", 404, "not_found"),
        ("GET", "/api/runs/0", 404, "not_found"),
        ("GET", "/api/no/such/endpoint", 404, "not_found"),
        ("DELETE", "/api/runs", 405, "method_not_allowed"),
        ("GET", "/api/runs/1/cancel", 405, "method_not_allowed"),
        ("POST", "/api/runs/987654/cancel", 404, "not_found"),
        ("GET", "/api/runs?sort=nonsense", 400, "invalid_request"),
        ("GET", "/api/runs?limit=0", 400, "invalid_request"),
        ("GET", "/api/runs?since=yesterday", 400, "invalid_request"),
        ("GET", "/api/summary?x=1", 400, "invalid_request"),
    ],
)
def test_error_statuses_are_json(http, method, path, status, code):
    response = http.request(method, path)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["code"] == code and body["error"]
    if status == 405:
        assert response.headers["Allow"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"strategy_id": "5"}, "strategy_id", "valid integer"),
        ({"strategy_id": 5, "sybmol": "AAPL"}, "sybmol", "unknown field"),
        ({"strategy_id": 5, "strategy_name": "x"}, "strategy_name", "exactly one"),
        ({}, "strategy_id", "exactly one"),
        ({"strategy_name": "x", "name": "y"}, "name", "goes with code"),
        ({"code": "def broken(:\n"}, "code", "syntax error on line 1"),
        ({"code": "x = 1", "name": "../escape"}, "name", "no '/'"),
        ({"code": "x = 1", "symbol": "ZZZZ"}, "symbol", "not a bundled sample"),
        ({"code": "x = 1", "start": "2031-01-01"}, "start", ""),
        ({"code": "x = 1", "cash": -5}, "cash", "greater than 0"),
        ({"code": "x = 1", "commission": 0.5}, "commission", "less than 0.1"),
        ({"code": "x = 1", "start": "2020-02-30"}, "start", ""),
    ],
)
def test_a_bad_run_request_names_its_field(http, body, field, words):
    response = http.post("/api/runs", json=body)

    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["field"] == field and words in answer["error"]


def test_malformed_and_non_object_bodies_are_400(http):
    for path in ("/api/runs", "/api/strategies/generate", "/api/backtests/execute-script"):
        response = http.post(path, content=b'{"description": ', headers={"content-type": "x"})
        assert response.status_code == 400 and response.json()["code"] == "malformed_json"
        response = http.post(path, json=["a", "list"])
        assert response.status_code == 400, response.text


def test_generation_refusal_says_what_was_not_understood(http):
    response = http.post(
        "/api/strategies/generate", json={"description": "buy AAPL when the moon is full"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "generation_refused" and body["field"] == "description"
    assert "moon" in body["error"]
    settings = http.post("/api/strategies/generate", json={"description": RSI, "symbol": "MSFT"})
    assert settings.status_code == 400 and settings.json()["field"] == "symbol"
    assert "execute" in settings.json()["error"]
    gemini = http.post("/api/strategies/generate", json={"description": RSI, "engine": "gemini"})
    assert gemini.status_code == 400 and gemini.json()["field"] == "engine"
    assert "GEMINI_API_KEY" in gemini.json()["error"]


def test_the_openapi_document_lists_every_endpoint(http):
    document = http.get("/api/openapi.json").json()

    assert document["openapi"].startswith("3.1")
    operations = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert operations == {
        ("GET", "/api/openapi.json"),
        ("POST", "/api/backtests/execute-script"),
        ("POST", "/api/strategies/generate"),
        ("GET", "/api/strategies/{name}/history"),
        ("GET", "/api/runs"),
        ("POST", "/api/runs"),
        ("GET", "/api/runs/{run_id}"),
        ("POST", "/api/runs/{run_id}/cancel"),
        ("GET", "/api/jobs/{job_id}"),
        ("POST", "/api/jobs/{job_id}/cancel"),
        ("GET", "/api/summary"),
        ("POST", "/api/sweeps"),
        ("GET", "/api/sweeps/{sweep_id}"),
        ("GET", "/api/sweeps/{sweep_id}/results"),
        ("POST", "/api/sweeps/{sweep_id}/cancel"),
        ("POST", "/api/sweeps/{sweep_id}/resume"),
    }
    json.dumps(document)


def test_the_dashboard_still_answers(token_server):
    """The API's routes sit beside Streamlit's: its page and health check still work."""
    import httpx

    assert httpx.get(f"{token_server.url}/_stcore/health").text == "ok"
    page = httpx.get(f"{token_server.url}/")
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_a_refused_description_carries_the_compilers_suggestions(http):
    response = http.post(
        "/api/strategies/generate", json={"description": "buy the big dip on TSLA"}
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "generation_refused" and body["field"] == "description"
    assert body["not_understood"] == ["the big dip on"]
    assert body["suggestions"] and all("TSLA" in s for s in body["suggestions"])
    assert body["suggestions"][0].startswith("Buy when RSI(14) drops below 30")
    assert {"code": "gemini_key", "change": "setting", "name": "GEMINI_API_KEY"} in body["hints"]
    # what to change first: the description, to the closest one Botlab does read
    assert body["hints"][0] == {
        "code": "rephrase_description",
        "change": "description",
        "name": "description",
        "value": body["suggestions"][0],
    }
    # said in the request's words, not the command line's
    assert "the server has no Gemini API key" in body["error"]
    assert "GEMINI_API_KEYS" not in body["error"] and "secrets.toml" not in body["error"]


def test_an_error_says_what_to_change_as_a_hint(http):
    response = http.post("/api/runs", json={"code": "x = 1", "symbol": "ZZZZ"})

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "symbol" and "not a bundled sample" in body["error"]
    yahoo = {"code": "yahoo_source", "change": "source", "name": "source", "value": "yahoo"}
    assert body["hints"] == [yahoo]
    assert '(send "source": "yahoo")' in body["error"] and "--source" not in body["error"]


def test_a_bar_size_the_data_lacks_is_the_intervals_fault_not_the_periods(http):
    """The field at fault comes from the data error's code (``interval_unavailable``), not from
    words in its message."""
    body = {"code": "x = 1", "symbol": "AAPL", "interval": "1h", "days": 30}
    response = http.post("/api/runs", json=body)

    assert response.status_code == 400, response.text
    assert response.json()["field"] == "interval"
    assert "bundled only as 1d bars" in response.json()["error"]
