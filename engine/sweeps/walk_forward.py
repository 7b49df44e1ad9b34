"""Walk-forward: choose the best setting on each train window, then trade it on the next window.

``botlab walk-forward FILE_OR_STRATEGY --param fast=5:30:5 --train-bars 500 --test-bars 125``

The data is cut into consecutive train/test windows (rolling, or anchored at the first bar; see
:func:`~engine.sweeps.robustness.walk_forward_windows`). On each train window every combination
of the grid runs in ONE sandboxed child (a sweep slice) and the best by the objective is chosen;
that setting then runs in one more child, and the part of its equity curve that covers the test
window is the out-of-sample result. The test run starts at its train window's first bar, so
indicators are warm and a position open at the boundary is carried as it would have been live;
only the test window's bars are counted. The test windows' curves are stitched into one
out-of-sample curve, and walk-forward efficiency compares annualised out-of-sample with
in-sample returns.

Nothing is stored: this answers "would choosing the best setting have worked going forward?",
one JSON document, no runs added to the leaderboard.
"""

from __future__ import annotations

import pickle
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from engine.metrics import metrics_from_stats
from engine.sweeps import objectives, robustness
from engine.sweeps.grid import build_grid, combination_key
from engine.sweeps.runner import SweepError, SweepRequest, SweepRunner, _check_names
from engine.sweeps.slices import SliceTask, run_slice

#: Trading days per year: the efficiency annualises returns over each window's bars.
BARS_PER_YEAR = 252


@dataclass(frozen=True)
class WalkForwardSettings:
    train_bars: int
    test_bars: int
    anchored: bool = False


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
    evaluator = _Evaluator(
        code=code,
        frame=frame,
        strategy_class=describe["strategy_class"],
        cash=request.cash if request.cash is not None else 100_000.0,
        commission=request.commission or 0.0,
        objective=objective,
        windows=cuts,
        candidates=candidates,
    )
    result = robustness.walk_forward(cuts, candidates, evaluator, bars_per_year=BARS_PER_YEAR)
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


class _Evaluator:
    """``evaluate(params, start, end)`` for :func:`robustness.walk_forward`: the first call on a
    train window runs every candidate there in one child; a test window's call runs the chosen
    setting from its train window's first bar and keeps the test window's part of the curve."""

    def __init__(
        self, *, code, frame, strategy_class, cash, commission, objective, windows, candidates
    ):
        self.code = code
        self.frame = frame
        self.strategy_class = strategy_class
        self.cash = cash
        self.commission = commission
        self.objective = objective
        self.candidates = [dict(c) for c in candidates]
        self.train = {(w.train_start, w.train_end) for w in windows}
        self.test = {(w.test_start, w.test_end): w for w in windows}
        self._trained: dict[tuple[int, int], dict[str, robustness.Evaluation]] = {}

    def __call__(self, params, start: int, end: int) -> robustness.Evaluation:
        if (start, end) in self.train:
            if (start, end) not in self._trained:
                self._trained[(start, end)] = self._train(start, end)
            return self._trained[(start, end)][combination_key(None, dict(params))]
        return self._test(dict(params), self.test[(start, end)])

    def _train(self, start: int, end: int) -> dict[str, robustness.Evaluation]:
        evaluations = {}
        for key, line in self._run(self.candidates, start, end, detail=False).items():
            if not line.get("ok"):  # a setting that fails never wins
                evaluations[key] = robustness.Evaluation(-np.inf, 0.0, [])
                continue
            metrics = metrics_from_stats(line["stats"])
            score = objectives.score(self.objective, metrics)
            evaluations[key] = robustness.Evaluation(
                -np.inf if score is None else score, metrics.get("return_pct") or 0.0, []
            )
        return evaluations

    def _test(self, params: dict, window: robustness.Window) -> robustness.Evaluation:
        lines = self._run([params], window.train_start, window.test_end, detail=True)
        line = next(iter(lines.values()))
        if not line.get("ok") or line.get("equity") is None:
            raise SweepError(
                f"the chosen setting {params} failed on the test window from bar "
                f"{window.test_start}: {line.get('error', 'no result')}"
            )
        # from the close before the test window's first bar: each window's first move counts
        equity = line["equity"][1][window.test_start - 1 - window.train_start :]
        ret = (equity[-1] / equity[0] - 1.0) * 100.0
        return robustness.Evaluation(ret, float(ret), equity.tolist())

    def _run(self, params_list: list[dict], start: int, end: int, *, detail: bool) -> dict:
        """One sandboxed child runs every setting of ``params_list`` on bars [start, end)."""
        combinations = [
            {"key": combination_key(None, p), "params": p, "symbol": None} for p in params_list
        ]
        task = SliceTask(
            slice_id=f"wf-{start}-{end}",
            code=self.code,
            combinations=combinations,
            data_bytes=pickle.dumps(self.frame.iloc[start:end]),
            strategy_class=self.strategy_class,
            cash=self.cash,
            commission=self.commission,
            detail=detail,
        )
        outcome = run_slice(task)
        by_key = {r["key"]: r for r in outcome.results}
        missing = [c["key"] for c in combinations if c["key"] not in by_key]
        if missing and outcome.failure:
            raise SweepError(
                f"the walk-forward's child stopped on bars {start}-{end}: "
                f"{outcome.failure_detail or outcome.failure}"
            )
        return by_key
