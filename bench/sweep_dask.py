"""Sweeps on a local Dask cluster against the embedded engine, and a worker killed halfway.

``python -m bench.sweep_dask [--combinations 200] [--runs 3] [--kill] [--json]`` (from the repo
root, with the ``cluster`` extra installed).

* ``embedded_s`` / ``dask_s``: the medians, over ``--runs`` interleaved rounds, of the wall time
  of the same sweep (SmaCross on bundled GOOG daily bars) on the embedded engine (2 workers) and
  on a ``LocalCluster`` on loopback (scheduler + 2 worker processes, one ``SANDBOX`` slot
  each); ``dask_vs_embedded`` is the ratio of the medians (target <= 1.2), ``ratios`` each
  round's. ``load_before``/``load_after``: the 1-minute load average (as ``uptime`` prints it):
  on a shared machine the figures are only comparable within a round.
* The overhead profile, per engine (medians): ``busy``, the share of the slots' time spent in
  sandboxed children (the rest is the engine's overhead: submitting, transferring, waiting);
  ``store_s``, the client's time storing results; ``result_kb``, the pickled size of one slice's
  outcome (what Dask sends back).
* ``--kill``: a 2,000-combination sweep on the cluster with one worker process SIGKILLed when
  half the results are stored; prints how many combinations were stored, lost and duplicated
  (both must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import statistics
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


class _Profiled:
    """An engine that notes each slice's child time and the size of what came back."""

    def __init__(self, engine) -> None:
        self.engine, self.workers = engine, engine.workers
        self.child_s, self.result_bytes = [], []

    def submit(self, task, **options):
        return self.engine.submit(task, **options)

    def completed(self, pending, timeout):
        return self.engine.completed(pending, timeout)

    def result(self, future):
        outcome = self.engine.result(future)
        self.child_s.append(outcome.wall_s)
        self.result_bytes.append(len(pickle.dumps(outcome)))
        return outcome

    def cancel(self):
        self.engine.cancel()

    def close(self):
        pass


def _timed_sweep(request, engine) -> dict:
    from engine.sweeps.runner import SweepRunner

    profiled = _Profiled(engine)
    runner = SweepRunner(engine=profiled)
    storing = runner._store_outcome
    store_s = []

    def timed_store(*args, **kwargs):
        began = time.perf_counter()
        try:
            return storing(*args, **kwargs)
        finally:
            store_s.append(time.perf_counter() - began)

    runner._store_outcome = timed_store
    started = time.perf_counter()
    sweep = runner.start(request)
    wall = time.perf_counter() - started
    return {
        "wall_s": wall,
        "done": len(runner.store.sweep_results(sweep.id)),
        "busy": sum(profiled.child_s) / (wall * engine.workers),
        "store_s": sum(store_s),
        "result_kb": statistics.median(profiled.result_bytes) / 1024,
    }


def _warm(client) -> None:
    """Each worker's zygote started (as the embedded one is, by its warm-up sweep)."""

    def start_zygote() -> None:
        from engine.config import load_settings
        from engine.execution.sandbox import get_sandbox

        get_sandbox(load_settings().sandbox_policy).start()

    client.run(start_zygote)


def compare(combinations: int, runs: int) -> dict:
    from engine.sweeps.dask_engine import DaskEngine
    from engine.sweeps.engines import EmbeddedEngine

    request = _request(combinations)
    rounds: dict[str, list[dict]] = {"embedded": [], "dask": []}
    loads = [os.getloadavg()[0]]
    embedded = EmbeddedEngine(2)
    with _cluster() as cluster:
        dask = DaskEngine(cluster.scheduler_address)
        _warm(dask.client)
        for engine in (embedded, dask):  # the zygotes, the data cache, the workers' imports
            _timed_sweep(_request(40), engine)
        for _ in range(runs):  # interleaved: the machine's load changes between rounds
            rounds["embedded"].append(_timed_sweep(request, embedded))
            rounds["dask"].append(_timed_sweep(request, dask))
        dask.close()
    embedded.close()
    loads.append(os.getloadavg()[0])

    def median(engine: str, figure: str) -> float:
        return statistics.median(r[figure] for r in rounds[engine])

    done = rounds["embedded"][0]["done"]
    embedded_s, dask_s = median("embedded", "wall_s"), median("dask", "wall_s")
    return {
        "combinations": done,
        "runs": runs,
        "embedded_s": round(embedded_s, 2),
        "dask_s": round(dask_s, 2),
        "embedded_ms_per_combination": round(1000 * embedded_s / done, 1),
        "dask_ms_per_combination": round(1000 * dask_s / done, 1),
        "dask_vs_embedded": round(dask_s / embedded_s, 3),
        "ratios": [
            round(d["wall_s"] / e["wall_s"], 3)
            for e, d in zip(rounds["embedded"], rounds["dask"], strict=True)
        ],
        "profile": {
            engine: {
                figure: round(median(engine, figure), 3)
                for figure in ("busy", "store_s", "result_kb")
            }
            for engine in rounds
        },
        "load_before": round(loads[0], 2),
        "load_after": round(loads[1], 2),
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
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--kill", action="store_true", help="kill a worker halfway instead")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-dask-") as home:
        os.environ["BOTLAB_HOME"] = home
        if args.kill:
            figures = kill_halfway(args.combinations or 2000)
        else:
            figures = compare(args.combinations or 200, args.runs)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>28}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
