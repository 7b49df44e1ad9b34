"""Robustness of a finished sweep, by default: the figures of :mod:`engine.sweeps.robustness`
computed from what the sweep produced, and the plain-English verdict.

* the **deflated Sharpe ratio** of the best combination, deflated by the number of combinations
  actually tried (their Sharpe ratios' spread comes from their bar returns);
* the **probability of backtest overfitting** (CSCV) over every combination's bar returns on the
  first symbol (only when this process saw all of them: a resumed sweep's earlier returns are
  not stored);
* **parameter stability** around the best point of the grid (the objective's scores laid out on
  the grid, constraints leaving holes);
* a **Monte Carlo** of the best combination's trades (bootstrap, 1,000 runs, seed 0);
* **walk-forward** (see :mod:`engine.sweeps.walkforward`): its efficiency joins the verdict;
* the **verdict**, with the findings and figures behind it.

Each part is left out (``None``, with the reason in ``notes``) when the sweep cannot support it,
e.g. a single combination has nothing to be deflated by or compared with.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

import numpy as np

from engine.sweeps import robustness as rb

MONTE_CARLO_RUNS = 1000
#: CSCV's work grows with its splits (C(S, S/2) for S blocks) times bars times combinations;
#: 16 blocks are 12,870 splits, about 30 s for even 9 combinations here. The most blocks of
#: these whose work stays under PBO_BUDGET element operations are used (at least 6: 20 splits).
PBO_BLOCKS = (10, 8, 6)
PBO_BUDGET = 1e9


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
            "overfitting": overfitting,
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
        (s for s in PBO_BLOCKS if math.comb(s, s // 2) * matrix.size <= PBO_BUDGET), PBO_BLOCKS[-1]
    )
    try:
        return rb.probability_of_backtest_overfitting(matrix, partitions=partitions)
    except ValueError as exc:
        notes.append(f"overfitting (PBO): {exc}")
        return None


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
    values = [list(r["values"]) for r in grid]
    layout = np.full([len(v) for v in values], np.nan)
    for key in keys:
        score = scores.get(key)
        if score is None:
            continue
        params = params_of[key]
        try:
            position = tuple(v.index(params[r["name"]]) for v, r in zip(values, grid, strict=True))
        except (KeyError, ValueError):
            continue
        layout[position] = score
    if np.all(np.isnan(layout)):
        notes.append("parameter stability: no combination has a score")
        return None
    if layout.size < 2:
        notes.append("parameter stability needs more than one point of the grid")
        return None
    return rb.parameter_stability(layout)


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
