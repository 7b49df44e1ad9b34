"""Sweeps on a local Dask cluster against the embedded engine, and a worker killed halfway.

``python -m bench.sweep_dask [--combinations 200] [--kill] [--json]`` (from the repo root, with
the ``cluster`` extra installed).

* ``embedded_s`` / ``dask_s``: wall time of the same sweep (SmaCross on bundled GOOG daily bars)
  on the embedded engine (2 workers) and on a ``LocalCluster`` on loopback (scheduler + 2 worker
  processes, one ``SANDBOX`` slot each); ``dask_vs_embedded`` is their ratio (target <= 1.2).
* ``--kill``: a 2,000-combination sweep on the cluster with one worker process SIGKILLed when
  half the results are stored; prints how many combinations were stored, lost and duplicated
  (both must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _request(combinations: int):
    from engine.sweeps.runner import SweepRequest

    slows = [40, 60, 80, 100]
    fasts = max(1, combinations // len(slows))
    return SweepRequest(
        str(EXAMPLES / "sma_cross.py"),
        params=[f"fast=2:{1 + fasts}:1", "slow=" + ",".join(map(str, slows))],
        symbols=["GOOG"],
        best_n=1,
    )


def _cluster():
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        resources={"SANDBOX": 1},
    )


def _timed_sweep(request, engine=None, workers=None) -> tuple[float, int]:
    from engine.sweeps.runner import SweepRunner

    runner = SweepRunner(engine=engine, workers=workers)
    started = time.perf_counter()
    sweep = runner.start(request)
    return time.perf_counter() - started, len(runner.store.sweep_results(sweep.id))


def compare(combinations: int) -> dict:
    from engine.sweeps.dask_engine import DaskEngine

    request = _request(combinations)
    _timed_sweep(_request(8), workers=2)  # warm the zygote and the data cache
    embedded_s, done = _timed_sweep(request, workers=2)
    with _cluster() as cluster:
        engine = DaskEngine(cluster.scheduler_address)
        _timed_sweep(_request(8), engine=engine)  # warm each worker's zygote
        dask_s, dask_done = _timed_sweep(request, engine=engine)
        engine.close()
    return {
        "combinations": done,
        "embedded_s": round(embedded_s, 2),
        "dask_s": round(dask_s, 2),
        "embedded_ms_per_combination": round(1000 * embedded_s / done, 1),
        "dask_ms_per_combination": round(1000 * dask_s / dask_done, 1),
        "dask_vs_embedded": round(dask_s / embedded_s, 3),
    }


def kill_halfway(combinations: int) -> dict:
    from distributed import Client

    from engine.sweeps.dask_engine import DaskEngine
    from engine.sweeps.runner import SweepRunner

    request = _request(combinations)
    with _cluster() as cluster, Client(cluster.scheduler_address, set_as_default=False) as client:
        victim = next(iter(client.run(os.getpid).values()))
        killed: list[int] = []

        def kill(progress) -> None:
            if not killed and progress.done >= progress.total // 2:
                killed.append(progress.done)
                os.kill(victim, signal.SIGKILL)

        engine = DaskEngine(cluster.scheduler_address)
        runner = SweepRunner(engine=engine, progress=kill)
        sweep = runner.start(request)
        engine.close()
    results = runner.store.sweep_results(sweep.id)
    unique = {r.key for r in results}
    runs = runner.store.list_executions(strategy="sma_cross", limit=1).total
    return {
        "status": sweep.status,
        "combinations": sweep.combinations,
        "killed_at": killed[0] if killed else None,
        "stored": len(results),
        "lost": sweep.combinations - len(unique),
        "duplicated": runs - len(unique),
        "failed": sum(1 for r in results if r.status != "succeeded"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combinations", type=int, default=None)
    parser.add_argument("--kill", action="store_true", help="kill a worker halfway instead")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-dask-") as home:
        os.environ["BOTLAB_HOME"] = home
        if args.kill:
            figures = kill_halfway(args.combinations or 2000)
        else:
            figures = compare(args.combinations or 200)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>28}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
