"""A sweep as one JSON document: what ``botlab sweep --json``, the API and the MCP tool return.

Shape::

    {"sweep_id": 3, "status": "succeeded", "strategy": "sma_cross", "objective": "sharpe",
     "symbols": ["GOOG"], "total": 16, "done": 16, "failed": 0, "left": 0,
     "error_type": null, "error": null, "hints": [],
     "combinations": [{"params": {"fast": 5, "slow": 20}, "symbol": "GOOG",
                       "status": "succeeded", "metrics": {...the keys of run --json...},
                       "score": 0.41, "execution_id": 12, "has_details": false,
                       "error_type": null, "error": null}, ...],
     "best": {"params": {...}, "score": 0.83, "symbols": ["GOOG"], "execution_ids": [17],
              "execution_id": 17, "metrics": {...}}}

``hints`` say what to change to get past a stopped sweep's error, as a run's do (each front end
words them). ``best`` is ``None`` while no combination has a score. ``robustness`` (``None``
until the sweep has finished) holds the deflated Sharpe ratio, the probability of backtest
overfitting, parameter stability, a Monte Carlo of the best's trades and the verdict (see
:mod:`engine.sweeps.assessment`). With several symbols a parameter set's score is the mean over
its symbols, and ``best.metrics`` are that set's first symbol's.
"""

from __future__ import annotations

from engine.sweeps import objectives
from engine.sweeps.runner import rank, run_metrics


def sweep_document(
    store, sweep_id: int, *, with_combinations: bool = True, results=None, ranking=None
) -> dict | None:
    """The sweep ``sweep_id`` as a JSON-ready dict, or ``None`` when there is no such sweep.
    ``results`` (its ``store.sweep_results``) and ``ranking`` (their ``rank``): when the caller
    has them already."""
    sweep = store.get_sweep(sweep_id)
    if sweep is None:
        return None
    results = store.sweep_results(sweep_id) if results is None else results
    symbols = sweep.definition.get("symbols", [])
    failed = sum(1 for r in results if r.status != "succeeded")
    document = {
        "sweep_id": sweep.id,
        "status": sweep.status,
        "strategy": sweep.strategy_name,
        "strategy_id": sweep.strategy_id,
        "objective": sweep.objective,
        "symbols": symbols,
        "params": sweep.definition.get("params", []),
        "constraints": sweep.definition.get("constraints", []),
        "total": sweep.combinations,
        "done": len(results),
        "failed": failed,
        "left": max(sweep.combinations - len(results), 0),
        "created_at": sweep.created_at.isoformat(),
        "finished_at": sweep.finished_at.isoformat() if sweep.finished_at else None,
        "error_type": sweep.error_type,
        "error": sweep.error_message,
        "hints": sweep.error_hints or [],
    }
    if with_combinations:
        document["combinations"] = [_combination(r, sweep.objective) for r in results]
    ranking = rank(results, sweep.objective, symbols) if ranking is None else ranking
    document["best"] = _best(results, ranking)
    document["robustness"] = (sweep.summary or {}).get("robustness")
    return document


def _combination(result, objective: str) -> dict:
    metrics = run_metrics(result.metrics)
    return {
        "params": result.params,
        "symbol": result.symbol,
        "status": result.status,
        "metrics": metrics,
        "score": objectives.score(objective, metrics),
        "execution_id": result.execution_id,
        "has_details": result.has_details,
        "error_type": result.error_type,
        "error": result.error_message,
    }


def _best(results, ranking: list[dict]) -> dict | None:
    if not ranking:
        return None
    best = dict(ranking[0])
    first = best["execution_ids"][0]
    best["execution_id"] = first
    best["metrics"] = next(run_metrics(r.metrics) for r in results if r.execution_id == first)
    return best
