"""Robustness of one stored run, on demand: ``botlab robustness RUN_ID``.

Reads the run's closed trades from the store and its full-resolution equity curve from the
run's JSON results file (the store keeps a downsampled curve, whose point-to-point changes are
not bar returns; it is used only when the file is gone, and the answer says so).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from engine.sweeps.robustness import assess_run


class RunNotAssessable(ValueError):
    """The run does not exist (``code`` ``not_found``) or did not succeed (``conflict``)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def assessable_run(store, run_id: int):
    """Run ``run_id``'s record, or :class:`RunNotAssessable` saying why it cannot be assessed
    (one row read: cheap enough to ask before offering an assessment)."""
    record = store.get_execution(run_id)
    if record is None:
        raise RunNotAssessable(f"no run with id {run_id}", "not_found")
    if record.status != "succeeded":
        raise RunNotAssessable(
            f"run {run_id} {record.status}: only a succeeded run has trades to assess", "conflict"
        )
    return record


def assess_stored_run(store, run_id: int, **options: Any) -> dict[str, Any]:
    """The :class:`~engine.sweeps.robustness.RunAssessment` of run ``run_id`` as a JSON-safe dict,
    with ``run_id`` and ``equity_source`` ("results file" or "stored, downsampled")."""
    record = assessable_run(store, run_id)
    trades = [t.return_pct for t in store.get_trades(run_id)]
    equity, source = _full_equity(record.json_path), "results file"
    if equity is None:
        stored = store.get_equity(run_id) or {}
        equity, source = list(stored.get("equity") or []), "stored, downsampled"
    assessment = assess_run(trades, equity, **options)
    return {"run_id": run_id, "equity_source": source, **dataclasses.asdict(assessment)}


def _full_equity(json_path: str | None) -> list[float] | None:
    if not json_path:
        return None
    try:
        document = json.loads(Path(json_path).read_text())
    except (OSError, ValueError):
        return None
    curve = (document.get("equity_curve") or {}).get("equity")
    return curve if isinstance(curve, list) and curve else None
