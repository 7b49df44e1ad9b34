"""Walk-forward: choose the best setting on each train window, then trade it on the next window.

One evaluator, :class:`SandboxBacktests`, serves all three walk-forwards:

* ``botlab walk-forward FILE_OR_STRATEGY --param fast=5:30:5 --train-bars 500 --test-bars 125``
  (:func:`run_walk_forward`; nothing is stored: it answers "would choosing the best setting have
  worked going forward?" in one JSON document, no runs added to the leaderboard);
* the Run page's Robustness tab (the same function, on the run's own data);
* the walk-forward every sweep ends with (:func:`sweep_walk_forward`).

The data is cut into consecutive train/test windows (rolling, or anchored at the first bar; see
:func:`~engine.sweeps.robustness.walk_forward_windows`). Every candidate's run on every train
window goes through the slice engine in ONE batch of sandboxed slices (the windows in
parallel, one slice per core, or on a Dask cluster); the best by the objective on each window is
chosen, and the choices run in one more batch. The test windows' curves are stitched into one
out-of-sample curve, and walk-forward efficiency compares annualised out-of-sample with in-sample
returns.

Every test run **warms up**, in all three: it starts at its train window's first bar, so the
indicators are warm when the test window opens and a position open at the boundary is carried as
it would have been live, and only the test window's bars are counted (from the close before its
first bar). Returns are annualised over the data's own bars per year (its span), for every
walk-forward alike.
"""

from __future__ import annotations

import json
import math
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from engine import cluster
from engine.metrics import metrics_from_stats
from engine.sweeps import objectives, robustness
from engine.sweeps.grid import build_grid
from engine.sweeps.runner import (
    CANCEL_POLL_S,
    MAX_SLICE,
    MIN_SLICE,
    SweepError,
    SweepRequest,
    SweepRunner,
    _bars_per_year,
    _check_names,
    _outcome_of,
    _resend,
    _sent_again,
)
from engine.sweeps.slices import SliceTask

#: The sweep's windows: the first half of the bars trains the first step, and test windows of a
#: tenth of the bars each follow (the last half of the data is all out of sample).
TRAIN_SHARE = 0.5
TEST_SHARE = 0.1
MAX_BACKTESTS = 5000  # candidates x windows a sweep's walk-forward may run
EQUITY_POINTS = 500  # the sweep's stitched out-of-sample curve, downsampled for its document

#: ``run(combinations, detail)`` runs ``[{"key", "params", "window": [start, end]}]`` in sandboxed
#: slices and returns every one's result line by key (a failed one with ``ok`` False).
RunCombinations = Callable[[list[dict], bool], dict[str, dict]]


@dataclass(frozen=True)
class WalkForwardSettings:
    train_bars: int
    test_bars: int
    anchored: bool = False


class SandboxBacktests:
    """:class:`~engine.sweeps.robustness.Backtests` run in sandboxed slices: the train runs of
    every window in one batch, the chosen settings' test runs (warmed up on their train
    window's bars) in one more."""

    def __init__(self, run: RunCombinations, *, objective: str, cash: float):
        self.run = run
        self.objective = objective
        self.cash = cash

    def train(self, trials) -> list[robustness.Evaluation]:
        lines = self._run([(p, w.train_start, w.train_end) for p, w in trials], detail=False)
        return [self._scored(line) for line in lines]

    def test(self, trials) -> list[robustness.Evaluation]:
        runs = [(p, w.train_start, w.test_end) for p, w in trials]
        evaluations = []
        for (params, window), line in zip(trials, self._run(runs, detail=True), strict=True):
            if not line.get("ok") or line.get("equity") is None:
                raise SweepError(
                    f"the chosen setting {params} failed on the test window from bar "
                    f"{window.test_start}: {line.get('error', 'no result')}"
                )
            # from the close before the test window's first bar: each window's first move counts
            equity = np.asarray(line["equity"][1])[window.test_start - 1 - window.train_start :]
            change = float((equity[-1] / equity[0] - 1.0) * 100.0)
            # the run's own statistics span its warm-up too: the window's return stands for
            # the objective out of sample
            evaluations.append(robustness.Evaluation(change, change, equity.tolist()))
        return evaluations

    def _run(self, runs: list[tuple[dict, int, int]], *, detail: bool) -> list[dict]:
        """One batch: each ``(params, start, end)``'s result line, in order."""
        keys = [_key(params, start, end) for params, start, end in runs]
        combinations = {
            key: {"key": key, "params": dict(params), "window": [start, end]}
            for key, (params, start, end) in zip(keys, runs, strict=True)
        }
        lines = self.run(list(combinations.values()), detail)
        return [lines.get(key) or {"key": key, "ok": False} for key in keys]

    def _scored(self, line: dict) -> robustness.Evaluation:
        """A train run as walk-forward sees it; a failed one never wins."""
        if not line.get("ok"):
            return robustness.Evaluation(-math.inf, 0.0, [])
        metrics = metrics_from_stats(line["stats"])
        score = objectives.score(self.objective, metrics)
        return robustness.Evaluation(
            -math.inf if score is None else score, metrics.get("return_pct") or 0.0, []
        )


def _key(params: dict, start: int, end: int) -> str:
    return f"wf:{json.dumps(params, sort_keys=True)}@{start}:{end}"


def run_in_slices(
    combinations: list[dict],
    make_task: Callable[[list[dict], int], SliceTask],
    *,
    engine=None,
    workers: int | None = None,
    cancel: threading.Event | None = None,
) -> dict[str, dict]:
    """Run ``combinations`` in slices (``make_task(chunk, number)``) on ``engine``, a new
    embedded or Dask one when None; every combination's result line by key. A combination a
    dead child left without a result gets a failed line saying why; a slice the cluster lost
    before it ran is sent again."""
    from engine.sweeps.engines import make_engine

    own = engine is None
    engine = engine or make_engine(workers)
    try:
        size = min(MAX_SLICE, max(MIN_SLICE, math.ceil(len(combinations) / (4 * engine.workers))))
        tasks = [
            make_task(combinations[i : i + size], number)
            for number, i in enumerate(range(0, len(combinations), size))
        ]
        in_flight = {engine.submit(task, priority=cluster.WINDOW_PRIORITY): task for task in tasks}
        lines: dict[str, dict] = {}
        while in_flight:
            for future in engine.completed(list(in_flight), timeout=CANCEL_POLL_S):
                outcome = _outcome_of(engine, future, in_flight.pop(future))
                lines.update({line["key"]: line for line in outcome.results})
                if _resend(outcome) and not (cancel is not None and cancel.is_set()):
                    again = _sent_again(outcome)
                    in_flight[engine.submit(again, priority=cluster.WINDOW_PRIORITY)] = again
                    continue
                why = outcome.failure_detail or outcome.failure or "no result"
                for missing in outcome.missing:
                    lines[missing["key"]] = {"key": missing["key"], "ok": False, "error": why}
            if cancel is not None and cancel.is_set():
                engine.cancel()
        return lines
    finally:
        if own:
            engine.close()


def run_walk_forward(
    request: SweepRequest, windows: WalkForwardSettings, *, runner: SweepRunner | None = None
) -> dict[str, Any]:
    """Walk ``request``'s grid forward over its data; a JSON-ready document (see module doc).

    Raises :class:`~engine.sweeps.runner.SweepError` or ``GridError`` for a request that cannot
    run, and the data layer's ``DataError`` for data that cannot be loaded.
    """
    runner = runner or SweepRunner()
    code, label, _source = runner._bot_code(request)
    grid = build_grid(list(request.params), list(request.constraints))
    objective = objectives.check_objective(request.objective)
    describe = runner._describe(code, request.strategy_class)
    _check_names(grid, describe)
    candidates = grid.combinations(max_combinations=request.max_combinations, seed=request.seed)
    symbol = request.symbols[0] if request.symbols else None
    market = runner._load(symbol, request)
    frame = market.frame
    cuts = robustness.walk_forward_windows(
        len(frame), windows.train_bars, windows.test_bars, anchored=windows.anchored
    )
    cash = request.cash if request.cash is not None else 100_000.0
    data = pickle.dumps(frame)

    def task(chunk: list[dict], number: int, detail: bool) -> SliceTask:
        return SliceTask(
            slice_id=f"wf-{number}",
            code=code,
            combinations=chunk,
            data_bytes=data,
            strategy_class=describe["strategy_class"],
            cash=cash,
            commission=request.commission or 0.0,
            detail=detail,
        )

    backtests = SandboxBacktests(
        lambda combos, detail: run_in_slices(
            combos, lambda chunk, number: task(chunk, number, detail)
        ),
        objective=objective,
        cash=cash,
    )
    bars_per_year = _bars_per_year(market.describe())
    result = robustness.walk_forward(cuts, candidates, backtests, bars_per_year=bars_per_year)
    times = frame.index
    return {
        "strategy": label,
        "symbol": market.symbol,
        "objective": objective,
        "train_bars": windows.train_bars,
        "test_bars": windows.test_bars,
        "anchored": windows.anchored,
        "combinations": len(candidates),
        "windows": [
            {
                "train_start": times[step.window.train_start].date().isoformat(),
                "train_end": times[step.window.train_end - 1].date().isoformat(),
                "test_start": times[step.window.test_start].date().isoformat(),
                "test_end": times[step.window.test_end - 1].date().isoformat(),
                "params": step.params,
                "in_sample_score": step.in_sample.score,
                "in_sample_return_pct": step.in_sample.return_pct,
                "out_of_sample_return_pct": step.out_of_sample.return_pct,
            }
            for step in result.steps
        ],
        "out_of_sample_return_pct": result.out_of_sample_return_pct,
        "efficiency": result.efficiency,
        "equity": {
            "time": [t.isoformat() for t in times[cuts[0].test_start - 1 : cuts[-1].test_end]],
            "equity": [round(v, 2) for v in result.equity],
        },
        "verdict": asdict(robustness.verdict(walk_forward_efficiency=result.efficiency)),
    }


def sweep_walk_forward(
    *,
    bars: int,
    bars_per_year: float,
    candidates: Sequence[dict],
    objective: str,
    cash: float,
    run: RunCombinations,
) -> tuple[dict | None, str | None]:
    """The walk-forward a sweep ends with: ``(report, None)`` or ``(None, why it was left out)``.

    Every combination that succeeded on the whole data is a candidate; it is left out when
    candidates x windows would exceed :data:`MAX_BACKTESTS` or the data is too short.
    """
    try:
        windows = robustness.walk_forward_windows(
            bars, int(bars * TRAIN_SHARE), max(1, int(bars * TEST_SHARE))
        )
    except ValueError as exc:
        return None, f"walk-forward: {exc}"
    if not candidates:
        return None, "walk-forward: no combination succeeded"
    if len(candidates) * len(windows) > MAX_BACKTESTS:
        return None, (
            f"walk-forward: {len(candidates)} candidates x {len(windows)} windows is over "
            f"{MAX_BACKTESTS} backtests; sweep fewer values to get it"
        )
    backtests = SandboxBacktests(run, objective=objective, cash=cash)
    result = robustness.walk_forward(windows, candidates, backtests, bars_per_year)
    step = max(1, len(result.equity) // EQUITY_POINTS)
    return {
        "steps": [
            {
                "train": [s.window.train_start, s.window.train_end],
                "test": [s.window.test_start, s.window.test_end],
                "params": s.params,
                "in_sample": _summary(s.in_sample),
                # its return only: its objective would span the warm-up bars too
                "out_of_sample": {"return_pct": s.out_of_sample.return_pct},
            }
            for s in result.steps
        ],
        "out_of_sample_return_pct": result.out_of_sample_return_pct,
        "efficiency": result.efficiency,
        "equity": result.equity[::step],
    }, None


def _summary(evaluation: robustness.Evaluation) -> dict:
    score = evaluation.score if math.isfinite(evaluation.score) else None
    return {"score": score, "return_pct": evaluation.return_pct}
