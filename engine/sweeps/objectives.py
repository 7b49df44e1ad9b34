"""What a sweep maximises: an objective computed from a combination's metrics.

Metrics are keyed as ``botlab run --json`` keys them (``return_pct``, ``sharpe_ratio``,
``max_drawdown`` in percent and <= 0, ...). Every objective is "higher is better"; a combination
without a value (no trades, a failed run, no drawdown for ``return_dd``) is never the best.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from engine.results import Refused

DEFAULT_OBJECTIVE = "sharpe"


def _metric(name: str) -> Callable[[Mapping], float | None]:
    return lambda metrics: metrics.get(name)


def _return_over_drawdown(metrics: Mapping) -> float | None:
    ret, drawdown = metrics.get("return_pct"), metrics.get("max_drawdown")
    if ret is None or not drawdown:
        return None
    return ret / abs(drawdown)


#: Objective name -> (what it is, how to compute it from run --json metrics)
OBJECTIVES: dict[str, tuple[str, Callable[[Mapping], float | None]]] = {
    "sharpe": ("Sharpe ratio", _metric("sharpe_ratio")),
    "return": ("total return in percent", _metric("return_pct")),
    "calmar": ("Calmar ratio (yearly return / max drawdown)", _metric("calmar_ratio")),
    "sqn": ("System Quality Number", _metric("sqn")),
    "return_dd": ("return divided by the magnitude of the max drawdown", _return_over_drawdown),
}


def check_objective(name: str) -> str:
    """``name`` if it is an objective, else a :class:`~engine.results.Refused` (a ValueError)
    listing them."""
    if name not in OBJECTIVES:
        raise Refused(
            f" is not one of: {', '.join(OBJECTIVES)} (return_dd = return / |max drawdown|)",
            field="objective",
            given=name,
        )
    return name


def score(objective: str, metrics: Mapping) -> float | None:
    """The objective's value for one combination's metrics, or ``None`` when it has none."""
    value = OBJECTIVES[objective][1](metrics)
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
