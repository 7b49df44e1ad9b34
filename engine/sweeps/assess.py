"""Was the best setting of a sweep luck? The robustness figures of one stored sweep.

:func:`assess_sweep` lays the sweep's scores on its grid (one axis per parameter, NaN where a
combination was not run, failed or was excluded by a constraint), measures how the objective
falls off around the best point (:func:`~engine.sweeps.robustness.parameter_stability`), deflates
the best Sharpe ratio by the number of combinations actually tried
(:func:`~engine.sweeps.robustness.deflated_sharpe_ratio`) and reads it all into a plain verdict.

The Sharpe ratios are backtesting.py's (annualised from daily returns with sqrt(252)); the
deflated Sharpe ratio works per observation, so each is divided by sqrt(252) and the number of
observations is the number of trading days tested. Returns are taken as normal (skewness 0,
kurtosis 3): a sweep keeps bar-by-bar equity only for its best runs, downsampled.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

import numpy as np

from engine.sweeps import robustness
from engine.sweeps.runner import rank, run_metrics

TRADING_DAYS_PER_YEAR = 252


def score_grid(names: list[str], axes: list[list], ranking: list[dict]) -> np.ndarray:
    """The ranked parameter sets' scores on the grid, NaN where there is none."""
    grid = np.full(tuple(len(values) for values in axes), np.nan)
    positions = [{_hashable(v): i for i, v in enumerate(values)} for values in axes]
    for entry in ranking:
        try:
            index = tuple(
                positions[i][_hashable(entry["params"][name])] for i, name in enumerate(names)
            )
        except KeyError:
            continue  # a set from an earlier definition of the grid
        grid[index] = entry["score"]
    return grid


def assess_sweep(store, sweep_id: int) -> dict[str, Any] | None:
    """The sweep's grid of scores, stability, deflated Sharpe ratio and verdict, JSON-ready."""
    sweep = store.get_sweep(sweep_id)
    if sweep is None:
        return None
    definition = sweep.definition
    names = [axis["name"] for axis in definition.get("grid", [])]
    axes = [list(axis["values"]) for axis in definition.get("grid", [])]
    results = store.sweep_results(sweep_id)
    ranking = rank(results, sweep.objective, definition.get("symbols", []))
    grid = score_grid(names, axes, ranking)
    stability = None
    if ranking and not np.all(np.isnan(grid)):
        stability = robustness.parameter_stability(grid)

    sharpes = [
        run_metrics(r.metrics).get("sharpe_ratio") for r in results if r.status == "succeeded"
    ]
    sharpes = [s for s in sharpes if s is not None and math.isfinite(s)]
    best = _best_run(results, ranking)
    days = _trading_days(definition)
    deflated = None
    if best is not None and len(sharpes) >= 2 and days and days > 1:
        best_sharpe = best.get("sharpe_ratio")
        if best_sharpe is not None and math.isfinite(best_sharpe):
            per_day = np.array(sharpes) / math.sqrt(TRADING_DAYS_PER_YEAR)
            deflated = robustness.deflated_sharpe_ratio(
                best_sharpe / math.sqrt(TRADING_DAYS_PER_YEAR),
                days,
                trials=len(sharpes),
                sharpe_variance=float(np.var(per_day, ddof=1)),
            )
    verdict = robustness.verdict(
        trades=None if best is None else best.get("trades"),
        trials=len(sharpes) or None,
        deflated_sharpe=deflated,
        stability=stability,
    )
    return {
        "sweep_id": sweep_id,
        "objective": sweep.objective,
        "names": names,
        "axes": axes,
        "scores": [[_json_float(v) for v in row] for row in np.atleast_2d(grid)]
        if len(names) == 2
        else None,
        "trials": len(sharpes),
        "trading_days": days,
        "deflated_sharpe_ratio": deflated,
        "stability": None if stability is None else _stability(stability, names, axes),
        "verdict": dataclasses.asdict(verdict),
    }


def _best_run(results, ranking: list[dict]) -> dict | None:
    if not ranking:
        return None
    first = ranking[0]["execution_ids"][0]
    return next((run_metrics(r.metrics) for r in results if r.execution_id == first), None)


def _trading_days(definition: dict) -> int | None:
    """Trading days the sweep tested (on its first symbol): its bars when they are daily."""
    markets = definition.get("markets") or {}
    if not markets:
        return None
    market = next(iter(markets.values()))
    if market.get("interval") in (None, "1d") and market.get("bars"):
        return int(market["bars"])
    try:
        span = date.fromisoformat(market["end"][:10]) - date.fromisoformat(market["start"][:10])
    except (KeyError, TypeError, ValueError):
        return None
    return max(1, round(span.days * TRADING_DAYS_PER_YEAR / 365))


def _stability(result: robustness.StabilityResult, names: list[str], axes: list[list]) -> dict:
    def params(position) -> dict | None:
        if position is None:
            return None
        return {name: axes[i][p] for i, (name, p) in enumerate(zip(names, position, strict=True))}

    document = dataclasses.asdict(result)
    document["best_params"] = params(result.best)
    document["robust_best_params"] = params(result.robust_best)
    document["stable_params"] = [params(p) for p in result.stable]
    return document


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
