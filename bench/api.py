"""How fast the HTTP API answers reads: ``python -m bench.api [--json] [--runs N] [--reps N]``.

Serves the API in-process (Starlette's test client, no network) over a home holding ``--runs``
finished runs with trades and an equity curve, and prints the median milliseconds of
``GET /api/runs?limit=200`` (a leaderboard page: every row rendered as a ``RunSummary``),
``GET /api/runs/{id}`` (one run in full), ``GET /api/summary`` and ``GET /api/openapi.json``
(after its first, cached, build). Compare branches by running it under each one's
``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time


def _seed(home: str, runs: int) -> int:
    import pandas as pd

    from engine.config import load_settings
    from engine.store import Store

    store = Store.open(load_settings({"BOTLAB_HOME": home}))
    strategy = store.save_strategy("bench", "x = 1\n", description="bench", source="file")
    index = pd.date_range("2020-01-01", periods=250, freq="D", tz="UTC")
    trades = [
        {"entry_time": index[i], "exit_time": index[i + 3], "pnl": 10.0 - i, "return_pct": 0.1}
        for i in range(0, 200, 10)
    ]
    last = 0
    for n in range(runs):
        last = store.create_execution(strategy_id=strategy.id, symbol="GOOG", cash=10_000)
        store.finish_execution(
            last,
            status="succeeded",
            metrics={"return_pct": n * 0.1, "sharpe_ratio": 1.0, "win_rate": 0.5, "trades": 20},
            stats={"Return [%]": n * 0.1},
            trades=trades,
            equity={"time": index, "equity": [10_000.0 + i for i in range(250)]},
        )
    store.close()
    return last


def _median_ms(client, path: str, reps: int) -> float:
    assert client.get(path).status_code == 200  # warm-up
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-api-") as home:
        os.environ["BOTLAB_HOME"] = home
        last = _seed(home, args.runs)
        from starlette.testclient import TestClient

        from engine.api import ApiConfig, Service, build_app

        service = Service(ApiConfig(start_worker=False))
        app = build_app(service, is_local=lambda _client: True)  # the test client is local
        with TestClient(app, base_url="http://localhost") as client:
            figures = {
                "leaderboard_200_ms": _median_ms(client, "/runs?limit=200", args.reps),
                "run_ms": _median_ms(client, f"/runs/{last}", args.reps),
                "summary_ms": _median_ms(client, "/summary", args.reps),
                "openapi_ms": _median_ms(client, "/openapi.json", args.reps),
            }
        service.close()
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>20}: {value:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
