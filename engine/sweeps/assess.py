"""A sweep's scores laid out on its grid, for a heatmap (the Sweep page, ``bench.sweep_heatmap``).

The robustness figures and the verdict are the sweep's own (:mod:`engine.sweeps.assessment`,
stored with the sweep when it ends); this only places each parameter set's score in the cell of
its values, NaN where a combination was not run, failed or was excluded by a constraint.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.sweeps.runner import rank


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


def sweep_grid(store, sweep_id: int) -> dict[str, Any] | None:
    """``{"names", "axes", "scores"}`` of a stored sweep (``scores`` only for two parameters)."""
    sweep = store.get_sweep(sweep_id)
    if sweep is None:
        return None
    definition = sweep.definition
    names = [axis["name"] for axis in definition.get("grid", [])]
    axes = [list(axis["values"]) for axis in definition.get("grid", [])]
    ranking = rank(store.sweep_results(sweep_id), sweep.objective, definition.get("symbols", []))
    scores = None
    if len(names) == 2:
        grid = score_grid(names, axes, ranking)
        scores = [[None if math.isnan(v) else float(v) for v in row] for row in grid]
    return {"names": names, "axes": axes, "scores": scores}


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value
