"""Running totals of executions per (strategy name, status): the performance summary's source.

Aggregating 100,000 executions takes ~17 ms on SQLite even from a covering index, and grows with
every run. Instead, each write that changes an execution's ``status``, ``return_pct`` or
``sharpe_ratio`` calls :func:`record_change` in the same transaction, which adds the difference to
the ``execution_totals`` row(s) of the strategy and status involved. Reading the summary is then a
sum over at most (strategies × statuses) rows.

:func:`rebuild` recomputes everything from ``executions`` (after bulk loads, or to repair);
:func:`drift` reports any difference between the totals and a recomputation (used by tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from engine.store import backend
from engine.store.schema import Execution, ExecutionTotal

_E: sa.Table = Execution.__table__
_TOTALS: sa.Table = ExecutionTotal.__table__
_AMOUNTS = ("runs", "return_count", "return_sum", "sharpe_count", "sharpe_sum")


class Contribution(NamedTuple):
    """What one execution adds to the totals."""

    strategy_name: str
    status: str
    return_pct: float | None
    sharpe_ratio: float | None


class Totals(NamedTuple):
    """Summed totals of some executions."""

    runs: int = 0
    return_count: int = 0
    return_sum: float = 0.0
    sharpe_count: int = 0
    sharpe_sum: float = 0.0

    @property
    def avg_return_pct(self) -> float | None:
        """Mean ``return_pct`` of the runs that have one."""
        return self.return_sum / self.return_count if self.return_count else None

    @property
    def avg_sharpe_ratio(self) -> float | None:
        """Mean ``sharpe_ratio`` of the runs that have one."""
        return self.sharpe_sum / self.sharpe_count if self.sharpe_count else None


def contribution(row: Any) -> Contribution:
    """The contribution of ``row`` (anything with the four attributes, e.g. a result row)."""
    return Contribution(row.strategy_name, row.status, row.return_pct, row.sharpe_ratio)


def record_change(
    connection: Connection, before: Contribution | None, after: Contribution | None
) -> None:
    """Move the totals from ``before`` to ``after`` (``None``: the execution didn't/doesn't exist).

    Rows are touched in key order, so concurrent writers always lock them in the same order.
    """
    if before == after:
        return
    deltas: dict[tuple[str, str], list] = {}
    for sign, item in ((-1, before), (1, after)):
        if item is None:
            continue
        delta = deltas.setdefault((item.strategy_name, item.status), [0, 0, 0.0, 0, 0.0])
        delta[0] += sign
        if item.return_pct is not None:
            delta[1] += sign
            delta[2] += sign * item.return_pct
        if item.sharpe_ratio is not None:
            delta[3] += sign
            delta[4] += sign * item.sharpe_ratio
    for (name, status), delta in sorted(deltas.items()):
        if any(delta):
            key = {"strategy_name": name, "status": status}
            backend.increment(connection, _TOTALS, key, dict(zip(_AMOUNTS, delta, strict=True)))


def by_status(connection: Connection, names: Iterable[str] | None = None) -> dict[str, Totals]:
    """Totals per status, over every strategy or only ``names``."""
    query = sa.select(_TOTALS.c.status, *(sa.func.sum(_TOTALS.c[a]) for a in _AMOUNTS))
    if names is not None:
        query = query.where(_TOTALS.c.strategy_name.in_(list(names)))
    rows = connection.execute(query.group_by(_TOTALS.c.status))
    return {row[0]: _totals(row[1:]) for row in rows}


def by_strategy(connection: Connection, status: str | None = None) -> dict[str, Totals]:
    """Totals per strategy name, over every status or only ``status``."""
    query = sa.select(_TOTALS.c.strategy_name, *(sa.func.sum(_TOTALS.c[a]) for a in _AMOUNTS))
    if status is not None:
        query = query.where(_TOTALS.c.status == status)
    rows = connection.execute(query.group_by(_TOTALS.c.strategy_name))
    return {row[0]: _totals(row[1:]) for row in rows}


def rebuild(connection: Connection) -> None:
    """Recompute every total from ``executions``."""
    connection.execute(sa.delete(_TOTALS))
    connection.execute(
        sa.insert(_TOTALS).from_select(["strategy_name", "status", *_AMOUNTS], _recomputed())
    )


def drift(connection: Connection, tolerance: float = 1e-6) -> list[str]:
    """Differences between the stored totals and a recomputation (empty when consistent)."""
    stored = {(r[0], r[1]): _totals(r[2:]) for r in connection.execute(sa.select(_TOTALS))}
    actual = {(r[0], r[1]): _totals(r[2:]) for r in connection.execute(_recomputed())}
    problems = []
    for key in sorted(set(stored) | set(actual)):
        have, want = stored.get(key, Totals()), actual.get(key, Totals())
        for name, a, b in zip(_AMOUNTS, have, want, strict=True):
            if abs(a - b) > tolerance * max(1.0, abs(b)):
                problems.append(f"{key}: {name} is {a}, should be {b}")
    return problems


def _recomputed() -> sa.Select:
    return sa.select(
        _E.c.strategy_name,
        _E.c.status,
        sa.func.count(),
        sa.func.count(_E.c.return_pct),
        sa.func.coalesce(sa.func.sum(_E.c.return_pct), 0.0),
        sa.func.count(_E.c.sharpe_ratio),
        sa.func.coalesce(sa.func.sum(_E.c.sharpe_ratio), 0.0),
    ).group_by(_E.c.strategy_name, _E.c.status)


def _totals(values: Iterable[Any]) -> Totals:
    runs, return_count, return_sum, sharpe_count, sharpe_sum = values
    return Totals(
        int(runs or 0),
        int(return_count or 0),
        float(return_sum or 0.0),
        int(sharpe_count or 0),
        float(sharpe_sum or 0.0),
    )
