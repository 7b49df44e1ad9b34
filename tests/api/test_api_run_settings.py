"""Run settings through a real server: the spread is charged and stored beside the commission,
and a script bot's own backtest is honoured (or its Strategy run on the settings given, with
the warning). Real sandboxed runs from the queue."""

from __future__ import annotations

from .conftest import REPO, wait_until


def _finished_run(http, body: dict) -> dict:
    response = http.post("/api/runs", json=body)
    assert response.status_code == 202, response.text
    job = wait_until(
        lambda: http.get(response.json()["links"]["self"]).json(),
        lambda j: j["status"] not in ("queued", "running"),
        timeout=120,
    )
    return http.get(job["links"]["run"]).json()


def test_spread_is_a_run_setting_stored_with_the_run(http):
    code = (REPO / "examples" / "sma_cross.py").read_text()
    run = _finished_run(
        http, {"code": code, "name": "spread_sma", "symbol": "GOOG", "spread": 0.001}
    )

    assert run["status"] == "succeeded", run["error"]
    assert run["spread"] == 0.001 and run["commission"] == 0.0
    assert run["data"]["buy_hold_start"] and run["equity_curve"]["buy_hold"]
    refused = http.post("/api/runs", json={"code": code, "spread": 0.5})
    assert refused.status_code == 400 and refused.json()["field"] == "spread"


def test_an_uploaded_script_runs_as_written(http):
    code = (REPO / "tests" / "bots" / "own_backtest_script.py").read_text()
    run = _finished_run(http, {"code": code, "name": "own_script"})

    assert run["status"] == "succeeded", run["error"]
    assert run["kind"] == "script" and run["cash"] == 10_000 and run["commission"] == 0.001
    assert run["data"]["symbol"] == "GOOG"

    replaced = _finished_run(http, {"code": code, "name": "own_script", "symbol": "MSFT"})
    assert replaced["kind"] == "strategy" and replaced["data"]["symbol"] == "MSFT"
    assert any(w.startswith("script_settings_replaced:") for w in replaced["warnings"])
