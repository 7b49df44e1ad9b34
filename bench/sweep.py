"""What a sweep costs: sandboxed slices against a plain in-process ``Backtest.run()`` loop.

    python -m bench.sweep            # a small table
    python -m bench.sweep --json     # one JSON object
    python -m bench.sweep --check    # exit 1 if a target is missed

On one grid of SmaCross (``examples/sma_cross.py``) over bundled GOOG daily data:

* **plain loop**: one ``Backtest`` in this process, ``run(**params)`` for every combination;
* **sweep, 1 core** and **sweep, 2 cores**: ``SweepRunner.run`` of the same grid (the sweep
  already recorded and the zygote warm, as after ``prepare``), i.e. slicing, forking sandboxed
  children, the loop inside them, reading their results and storing every combination in
  SQLite. ``best_n`` is 0 and the robustness checks are off here, so the figure is the
  per-combination cost alone.

* **sweep, Dask** (with ``--dask``): the 2-core sweep through a local Dask cluster (scheduler and
  a 2-thread worker in this process, ``LocalCluster(processes=False)``) instead of the embedded
  thread pool.

Targets: the 1-core sweep within 1.2x of the plain loop per combination (the slices amortise
the fork and the store); 2 cores at least 1.8x the combinations per second of 1 core; Dask
within 1.2x of embedded. Each figure
is the median of ``--repeats`` rounds, the three measured interleaved in every round so that
they see the same machine load. Also checks that every combination's metrics equal the plain
loop's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "examples" / "sma_cross.py"
PARAMS = ["fast=2:40:2", "slow=50:140:10"]  # 20 x 10 = 200 combinations
PER_COMBINATION_TARGET = 1.2
SCALING_TARGET = 1.8
DASK_TARGET = 1.2


def plain_loop(combinations: list[dict]) -> tuple[float, list[dict]]:
    """Seconds for a Backtest.run() loop over ``combinations``, and each one's metrics."""
    from backtesting import Backtest

    from engine.data import load_ohlcv
    from engine.metrics import metrics_from_stats

    namespace: dict = {}
    exec(compile(BOT.read_text(), str(BOT), "exec"), namespace)
    frame = load_ohlcv("GOOG").frame
    began = time.perf_counter()
    backtest = Backtest(frame, namespace["SmaCross"], cash=100_000, finalize_trades=True)
    metrics = [metrics_from_stats(dict(backtest.run(**p))) for p in combinations]
    return time.perf_counter() - began, metrics


def sweep_once(workers: int, engine=None) -> tuple[float, object, int]:
    """Seconds for ``SweepRunner.run`` of the grid on ``workers`` cores (or ``engine``), the
    store, the id."""
    from engine.sweeps.runner import SweepRequest, SweepRunner

    runner = SweepRunner(workers=workers, engine=engine)
    request = SweepRequest(str(BOT), params=PARAMS, symbols=["GOOG"], best_n=0, robustness=False)
    sweep = runner.prepare(request)
    began = time.perf_counter()
    finished = runner.run(sweep.id)
    elapsed = time.perf_counter() - began
    assert finished.status == "succeeded", finished.error_message
    return elapsed, runner.store, sweep.id


def measure(repeats: int, dask: bool = False) -> dict:
    from engine.sweeps.grid import build_grid
    from engine.sweeps.report import sweep_document

    os.environ["BOTLAB_HOME"] = tempfile.mkdtemp(prefix="bench-sweep-")
    warnings.filterwarnings("ignore")
    combinations = build_grid(PARAMS).combinations()
    count = len(combinations)
    sweep_once(1)  # warm: the zygote, imports, the data cache
    rounds: dict[str, list[float]] = {"plain": [], "sweep_1": [], "sweep_2": []}
    cluster = _local_dask() if dask else None
    if cluster is not None:
        rounds["sweep_dask"] = []
    equal = True
    for _ in range(repeats):
        seconds, expected = plain_loop(combinations)
        rounds["plain"].append(seconds)
        for workers in (1, 2):
            seconds, store, sweep_id = sweep_once(workers)
            rounds[f"sweep_{workers}"].append(seconds)
        if cluster is not None:
            rounds["sweep_dask"].append(sweep_once(2, engine=cluster[2])[0])
        got = {
            json.dumps(c["params"], sort_keys=True): c["metrics"]
            for c in sweep_document(store, sweep_id)["combinations"]
        }
        for params, metrics in zip(combinations, expected, strict=True):
            equal &= _same(got[json.dumps(params, sort_keys=True)], metrics)
    if cluster is not None:
        _close_dask(cluster)
    medians = {name: statistics.median(values) for name, values in rounds.items()}
    per_combo_ms = {name: 1000 * value / count for name, value in medians.items()}
    ratio = medians["sweep_1"] / medians["plain"]
    scaling = medians["sweep_1"] / medians["sweep_2"]
    result = {
        "combinations": count,
        "repeats": repeats,
        "cores": os.cpu_count(),
        "per_combination_ms": {k: round(v, 2) for k, v in per_combo_ms.items()},
        "combinations_per_s": {k: round(count / v, 1) for k, v in medians.items()},
        "sweep_1_vs_plain": round(ratio, 3),
        "two_cores_vs_one": round(scaling, 3),
        "targets": {"sweep_1_vs_plain": PER_COMBINATION_TARGET, "two_cores_vs_one": SCALING_TARGET},
        "results_equal_plain_loop": equal,
        "ok": equal and ratio <= PER_COMBINATION_TARGET and scaling >= SCALING_TARGET,
    }
    if cluster is not None:
        result["dask_vs_embedded"] = round(medians["sweep_dask"] / medians["sweep_2"], 3)
        result["targets"]["dask_vs_embedded"] = DASK_TARGET
        result["ok"] &= result["dask_vs_embedded"] <= DASK_TARGET
    return result


def _local_dask():
    """A scheduler and a 2-thread worker in this process, and a DaskEngine on them."""
    from distributed import Client, LocalCluster

    from engine.sweeps.dask_engine import DaskEngine

    cluster = LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    )
    client = Client(cluster)
    return cluster, client, DaskEngine(client=client)


def _close_dask(parts) -> None:
    cluster, client, engine = parts
    engine.close()
    client.close()
    cluster.close()


def _same(got: dict, expected: dict) -> bool:
    for name, value in expected.items():
        other = got.get(name)
        if isinstance(value, float) and isinstance(other, float):
            if abs(value - other) > 1e-9 * max(1.0, abs(value)):
                return False
        elif value != other:
            return False
    return True


def render(result: dict) -> str:
    ms, rate = result["per_combination_ms"], result["combinations_per_s"]
    lines = [f"{result['combinations']} combinations, median of {result['repeats']} rounds"]
    for name, label in (
        ("plain", "plain loop"),
        ("sweep_1", "sweep, 1 core"),
        ("sweep_2", "sweep, 2 cores"),
    ):
        lines.append(f"  {label:<16} {ms[name]:7.2f} ms/combination  {rate[name]:7.1f}/s")
    lines.append(
        f"  1-core sweep / plain loop: {result['sweep_1_vs_plain']:.2f}x "
        f"(target <= {PER_COMBINATION_TARGET})"
    )
    lines.append(
        f"  2 cores / 1 core: {result['two_cores_vs_one']:.2f}x (target >= {SCALING_TARGET})"
    )
    if "dask_vs_embedded" in result:
        lines.append(
            f"  Dask / embedded (2 cores): {result['dask_vs_embedded']:.2f}x "
            f"(target <= {DASK_TARGET})"
        )
    lines.append(f"  results equal the plain loop: {result['results_equal_plain_loop']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dask", action="store_true", help="also time a local Dask cluster")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    result = measure(args.repeats, dask=args.dask)
    print(json.dumps(result) if args.json else render(result))
    return 1 if args.check and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
