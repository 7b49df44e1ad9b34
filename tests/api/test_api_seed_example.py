"""The seed's own example request, verbatim, through a real server: HOOD 2025-07-31 on 5-minute
bars ("5min"), 2% trailing stop, QQQ market filter; the day's bars are in the server's data
cache, as after an earlier download (the test is offline)."""

from __future__ import annotations

from tests.test_seed_request import SEED_REQUEST, check_seed_answer

from .conftest import seed_intraday_cache


def test_the_seed_example_answers_in_the_seed_shape(token_server, http):
    for symbol in ("HOOD", "QQQ"):
        seed_intraday_cache(token_server.home, symbol, "2025-07-31")

    response = http.post("/api/backtests/execute-script", json=SEED_REQUEST)

    assert response.status_code == 200, response.text
    body = check_seed_answer(response.json())
    run = http.get(f"/api/runs/{body['executionId']}").json()  # the same run, stored
    assert run["status"] == "succeeded" and run["data"]["symbol"] == "HOOD"
    assert len(run["trades"]) == len(body["results"]["trades"])
