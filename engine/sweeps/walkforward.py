"""Walk-forward for a finished sweep: optimise on each train window, run the choice on the test
window after it, stitch the out-of-sample equity, and compare out-of-sample with in-sample.

Windows are rolling, over the first symbol's data: the first half of the bars trains the first
step and five test windows of a tenth of the bars each follow (the last half of the data is all
out of sample). Every combination that succeeded on the whole data is a candidate. The train
runs (candidates x windows) go through the sweep's slice engine in sandboxed slices, then one
slice runs each window's choice on its test window; :func:`engine.sweeps.robustness.walk_forward`
does the bookkeeping on those precomputed results.

It is left out, with the reason, when candidates x windows would exceed
:data:`MAX_BACKTESTS` (sample the grid, or sweep fewer values) or the data is too short.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence

import numpy as np

from engine.sweeps import objectives
from engine.sweeps import robustness as rb

TRAIN_SHARE = 0.5
TEST_SHARE = 0.1
MAX_BACKTESTS = 5000
EQUITY_POINTS = 500  # the stitched out-of-sample curve, downsampled for the document


def walk_forward_report(
    *,
    bars: int,
    bars_per_year: float,
    candidates: Sequence[dict],
    objective: str,
    cash: float,
    run: Callable[[list[dict]], dict[str, dict]],
) -> tuple[dict | None, str | None]:
    """``(report, None)`` or ``(None, why it was left out)``.

    ``run(combinations)`` runs ``[{"key", "params", "window": [start, end]}]`` in the sandbox
    and returns each finished one's result line by key (``stats`` and ``returns``).
    """
    try:
        windows = rb.walk_forward_windows(
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
    evaluations: dict[tuple, rb.Evaluation] = {}

    def batch(items: list[tuple[dict, int, int]]) -> None:
        combos = {_key(p, a, b): {"params": p, "window": [a, b]} for p, a, b in items}
        lines = run([{"key": k, **c} for k, c in combos.items()])
        for key in combos:
            evaluations[key] = _evaluation(lines.get(key), objective, cash)

    batch([(p, w.train_start, w.train_end) for w in windows for p in candidates])
    chosen = []
    for w in windows:  # walk_forward's own choice: the highest score, the first on a tie
        scored = [(evaluations[_key(p, w.train_start, w.train_end)].score, p) for p in candidates]
        chosen.append((max(scored, key=lambda item: item[0])[1], w.test_start, w.test_end))
    batch(chosen)
    result = rb.walk_forward(
        windows, candidates, lambda p, a, b: evaluations[_key(p, a, b)], bars_per_year
    )
    return _view(result), None


def _key(params: dict, start: int, end: int) -> str:
    return f"wf:{json.dumps(params, sort_keys=True)}@{start}:{end}"


def _evaluation(line: dict | None, objective: str, cash: float) -> rb.Evaluation:
    """A windowed run as walk-forward sees it; a failed one never wins and earns nothing."""
    from engine.metrics import metrics_from_stats

    if not line or not line.get("ok"):
        return rb.Evaluation(-math.inf, 0.0, [cash, cash])
    metrics = metrics_from_stats(line["stats"])
    score = objectives.score(objective, metrics)
    returns = line.get("returns")
    growth = np.cumprod(1.0 + np.asarray(returns, dtype=np.float64)) if returns is not None else []
    equity = [cash, *(cash * np.asarray(growth)).tolist()]
    return rb.Evaluation(
        -math.inf if score is None else score, metrics["return_pct"] or 0.0, equity
    )


def _view(result: rb.WalkForwardResult) -> dict:
    step = max(1, len(result.equity) // EQUITY_POINTS)
    return {
        "steps": [
            {
                "train": [s.window.train_start, s.window.train_end],
                "test": [s.window.test_start, s.window.test_end],
                "params": s.params,
                "in_sample": _summary(s.in_sample),
                "out_of_sample": _summary(s.out_of_sample),
            }
            for s in result.steps
        ],
        "out_of_sample_return_pct": result.out_of_sample_return_pct,
        "efficiency": result.efficiency,
        "equity": result.equity[::step],
    }


def _summary(evaluation: rb.Evaluation) -> dict:
    score = evaluation.score if math.isfinite(evaluation.score) else None
    return {"score": score, "return_pct": evaluation.return_pct}
