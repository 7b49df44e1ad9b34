"""Robustness of a finished sweep, by default: the figures of :mod:`engine.sweeps.robustness`
computed from what the sweep produced, and the plain-English verdict.

* the **deflated Sharpe ratio** of the best combination, deflated by the number of combinations
  actually tried (their Sharpe ratios' spread comes from their bar returns);
* the **probability of backtest overfitting** (CSCV) over every combination's bar returns on the
  first symbol (only when this process saw all of them: a resumed sweep's earlier returns are
  not stored);
* **parameter stability** around the best point of the grid (the objective's scores laid out on
  the grid by :func:`score_grid`, constraints leaving holes; the Sweep page's heatmap draws the
  same layout, :func:`sweep_grid`);
* a **Monte Carlo** of the best combination's trades (bootstrap, 1,000 runs, seed 0);
* **walk-forward** (:func:`engine.sweeps.walk_forward.sweep_walk_forward`): its efficiency
  joins the verdict;
* the **verdict**, with the findings and figures behind it.

Each part is left out (``None``, with the reason in ``notes``) when the sweep cannot support it,
e.g. a single combination has nothing to be deflated by or compared with.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from engine.sweeps import robustness as rb

MONTE_CARLO_RUNS = 1000
#: CSCV's work grows with its splits (C(S, S/2) for S blocks) times the combinations: 16 blocks
#: (Bailey et al.'s usual S) are 12,870 splits; 770 combinations of 2,148 bars took 3-8 s on a
#: loaded 2-core machine (9 took 0.1-0.5 s, against 15-50 s before the split statistics were
#: vectorised). The most blocks of these whose splits x combinations stay within PBO_BUDGET
#: are used (at least 6).
PBO_BLOCKS = (16, 10, 8, 6)
PBO_BUDGET = 1e7


def assess_sweep(
    *,
    definition: dict,
    scores: Mapping[str, float | None],
    params_of: Mapping[str, dict],
    returns: Mapping[str, np.ndarray],
    first_symbol_keys: Sequence[str],
    best_key: str | None,
    best_detail: dict | None,
    walk_forward: dict | None = None,
    walk_forward_note: str | None = None,
) -> dict:
    """The sweep's robustness as a JSON-safe dict (see the module docstring).

    ``scores`` and ``params_of`` are keyed by combination key (``scores`` on the first symbol);
    ``returns`` holds the bar returns seen; ``best_detail`` the best's rerun (``equity`` array and
    ``trades``).
    """
    notes: list[str] = [walk_forward_note] if walk_forward_note else []
    succeeded = [k for k in first_symbol_keys if scores.get(k) is not None]
    trials = len(succeeded)
    overfitting = _overfitting(first_symbol_keys, succeeded, returns, notes)
    deflated = _deflated_sharpe(best_key, succeeded, returns, best_detail, notes)
    stability = _stability(definition, scores, params_of, first_symbol_keys, notes)
    carlo = _monte_carlo(best_detail, notes)
    trades = len(best_detail.get("trades") or []) if best_detail else None
    verdict = rb.verdict(
        trades=trades,
        trials=trials or None,
        deflated_sharpe=deflated,
        overfitting=overfitting,
        stability=stability,
        monte_carlo=carlo,
        walk_forward_efficiency=(walk_forward or {}).get("efficiency"),
    )
    return _plain(
        {
            "trials": trials,
            "deflated_sharpe_ratio": deflated,
            "overfitting": _without_logits(overfitting),
            "stability": _stability_view(stability, definition),
            "monte_carlo": carlo,
            "walk_forward": walk_forward,
            "verdict": verdict,
            "notes": notes,
        }
    )


def _overfitting(keys, succeeded, returns, notes) -> rb.OverfittingResult | None:
    if len(succeeded) < 2:
        notes.append("overfitting (PBO) needs at least two combinations that ran")
        return None
    if len(succeeded) != len(keys) or any(k not in returns for k in succeeded):
        notes.append(
            "overfitting (PBO) needs every combination's bar returns from one uninterrupted run "
            "(failed or resumed combinations leave gaps)"
        )
        return None
    matrix = np.column_stack([returns[k].astype(np.float64) for k in succeeded])
    partitions = next(
        (s for s in PBO_BLOCKS if math.comb(s, s // 2) * matrix.shape[1] <= PBO_BUDGET),
        PBO_BLOCKS[-1],
    )
    try:
        return rb.probability_of_backtest_overfitting(matrix, partitions=partitions)
    except ValueError as exc:
        notes.append(f"overfitting (PBO): {exc}")
        return None


def _without_logits(overfitting: rb.OverfittingResult | None) -> dict | None:
    """The PBO's figures for the sweep's document, not its logits: one per split, 12,870 of
    them over 16 blocks."""
    if overfitting is None:
        return None
    return {k: v for k, v in dataclasses.asdict(overfitting).items() if k != "logits"}


def _deflated_sharpe(best_key, succeeded, returns, best_detail, notes) -> float | None:
    if best_key is None or best_detail is None or best_detail.get("equity") is None:
        notes.append("deflated Sharpe ratio: no best combination with an equity curve")
        return None
    equity = np.asarray(best_detail["equity"][1], dtype=np.float64)
    if equity.size < 3 or not np.all(equity > 0):
        notes.append("deflated Sharpe ratio: the best equity curve is too short or not positive")
        return None
    moments = rb.return_moments(np.diff(equity) / equity[:-1])
    sharpes = [_sharpe(returns[k]) for k in succeeded if k in returns]
    variance = float(np.var(sharpes, ddof=1)) if len(sharpes) > 1 else 0.0
    return rb.deflated_sharpe_ratio(
        moments.sharpe,
        moments.observations,
        max(len(succeeded), 1),
        variance,
        moments.skewness,
        moments.kurtosis,
    )


def _sharpe(returns: np.ndarray) -> float:
    values = returns.astype(np.float64)
    std = values.std(ddof=1) if values.size > 1 else 0.0
    return float(values.mean() / std) if std > 0 else 0.0


def _stability(definition, scores, params_of, keys, notes) -> rb.StabilityResult | None:
    grid = definition.get("grid") or []
    layout = score_grid(
        [axis["name"] for axis in grid],
        [list(axis["values"]) for axis in grid],
        [{"params": params_of[key], "score": scores.get(key)} for key in keys],
    )
    if np.all(np.isnan(layout)):
        notes.append("parameter stability: no combination has a score")
        return None
    if layout.size < 2:
        notes.append("parameter stability needs more than one point of the grid")
        return None
    return rb.parameter_stability(layout)


def score_grid(names: list[str], axes: list[list], scored: Iterable[dict]) -> np.ndarray:
    """Scores laid out on the grid, one axis per parameter: each ``{"params", "score"}`` in the
    cell of its values, NaN where a combination was not run, failed or was excluded by a
    constraint (and a set from an earlier definition of the grid left out)."""
    grid = np.full(tuple(len(values) for values in axes), np.nan)
    positions = [{_hashable(v): i for i, v in enumerate(values)} for values in axes]
    for entry in scored:
        if entry["score"] is None:
            continue
        try:
            index = tuple(
                positions[i][_hashable(entry["params"][name])] for i, name in enumerate(names)
            )
        except (KeyError, TypeError):
            continue
        grid[index] = entry["score"]
    return grid


def sweep_grid(store, sweep_id: int) -> dict[str, Any] | None:
    """A stored sweep's ``{"names", "axes", "scores"}`` for its heatmap (see :func:`grid_of`),
    or None when there is no such sweep."""
    from engine.sweeps.runner import rank

    sweep = store.get_sweep(sweep_id)
    if sweep is None:
        return None
    symbols = sweep.definition.get("symbols", [])
    return grid_of(sweep.definition, rank(store.sweep_results(sweep_id), sweep.objective, symbols))


def grid_of(definition: dict, ranking: list[dict]) -> dict[str, Any]:
    """A sweep's ``{"names", "axes", "scores"}`` for its heatmap (the Sweep page,
    ``bench.sweep_heatmap``): its ranked parameter sets' scores (``runner.rank``) on the grid;
    ``scores`` only for two parameters, None in the empty cells."""
    names = [axis["name"] for axis in definition.get("grid", [])]
    axes = [list(axis["values"]) for axis in definition.get("grid", [])]
    scores = None
    if len(names) == 2:
        grid = score_grid(names, axes, ranking)
        scores = [[None if math.isnan(v) else float(v) for v in row] for row in grid]
    return {"names": names, "axes": axes, "scores": scores}


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _stability_view(stability: rb.StabilityResult | None, definition: dict) -> dict | None:
    """The stability result with grid positions turned into parameter values."""
    if stability is None:
        return None
    grid = definition.get("grid") or []

    def params(position) -> dict | None:
        if position is None:
            return None
        return {r["name"]: r["values"][i] for r, i in zip(grid, position, strict=True)}

    view = dataclasses.asdict(stability)
    view["best"] = params(stability.best)
    view["robust_best"] = params(stability.robust_best)
    view["stable"] = [params(p) for p in stability.stable]
    return view


def _monte_carlo(best_detail, notes) -> rb.MonteCarloResult | None:
    trades = [t.get("return_pct") for t in (best_detail or {}).get("trades") or []]
    trades = [t for t in trades if isinstance(t, int | float) and math.isfinite(t)]
    if not trades:
        notes.append("Monte Carlo: the best combination closed no trade")
        return None
    return rb.monte_carlo_trades(trades, MONTE_CARLO_RUNS)


def _plain(value):
    """Dataclasses, tuples and numpy numbers as JSON-safe Python (NaN/inf as None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
