"""The read side of the store: query builders and row → record conversion.

Each function takes an open :class:`~sqlalchemy.engine.Connection`; :class:`engine.store.Store`
owns the connections and transactions. Every query here is backed by an index declared in
:mod:`engine.store.schema` (see ``bench/store.py`` for the measurements).
"""

from __future__ import annotations

import copy
import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Compiled, Connection, Dialect

from engine.store import totals
from engine.store.records import (
    DETAIL_FIELDS,
    HISTORY_FIELDS,
    STATUSES,
    SUCCEEDED,
    ExecutionRecord,
    StrategySummary,
)
from engine.store.sanitize import to_utc
from engine.store.schema import Execution, RepeatedUTCDateTime, Strategy, holds_json

S: sa.Table = Strategy.__table__
E: sa.Table = Execution.__table__

#: Every field of a record read from the database, and those of a list row (a prefix of them).
_ALL_FIELDS = ExecutionRecord._fields[:-1]  # all but ``details_loaded``
_LIST_FIELDS = _ALL_FIELDS[: -len(DETAIL_FIELDS)]
assert _ALL_FIELDS[len(_LIST_FIELDS) :] == DETAIL_FIELDS, "DETAIL_FIELDS must be the last fields"


# -- executions ------------------------------------------------------------------------------


def select_executions(*, details: bool, fields: Sequence[str] | None = None) -> sa.Select:
    """Execution rows with their strategy's version: ``fields`` (record fields, in record
    order), else list fields, or every field when ``details``."""
    names = fields or (_ALL_FIELDS if details else _LIST_FIELDS)
    columns = [
        S.c.version.label(name) if name == "strategy_version" else E.c[name] for name in names
    ]
    return sa.select(*columns).select_from(E.join(S, S.c.id == E.c.strategy_id))


def select_history(name: str, limit: int | None = None, *, full: bool = False) -> sa.Select:
    """One strategy's runs, newest first, from ``executions`` alone: the columns of history rows
    (the :data:`HISTORY_FIELDS`), or of list rows when ``full``, but for ``strategy_name`` (it is
    ``name``) and ``strategy_version`` (:func:`history_records` looks up each version once instead
    of joining ``strategies`` on every row). The data window's times (:data:`_REPEATING`) are
    selected as stored (:class:`~engine.store.schema.RepeatedUTCDateTime`). On SQLite each query
    reads a covering index alone (``ix_executions_history_rows`` and ``ix_executions_history`` in
    :mod:`engine.store.schema`)."""
    columns = [
        sa.type_coerce(E.c[f], RepeatedUTCDateTime()).label(f) if f in _REPEATING else E.c[f]
        for f in (_LIST_FIELDS if full else _HISTORY_ROW)
        if f not in ("strategy_name", "strategy_version")
    ]
    return (
        sa.select(*columns)
        .where(E.c.strategy_name == name)
        .order_by(E.c.created_at.desc(), E.c.id.desc())
        .limit(limit)
    )


#: A history row's fields (:data:`HISTORY_FIELDS`), in record order.
_HISTORY_ROW = tuple(name for name in _LIST_FIELDS if name in HISTORY_FIELDS)

#: Fields whose few distinct values are converted once each per read: the market data's window.
_REPEATING = frozenset({"data_start", "data_end", "buy_hold_start"})


def history_records(
    conn: Connection, name: str, limit: int | None = None, *, full: bool = False
) -> list[ExecutionRecord]:
    """:func:`select_history`'s rows as records, the fields it leaves out ``None``.

    The store's hot read (a strategy page shows up to 2,000 runs; ``bench/store.py``). Measured,
    most of its time is the driver's, per row and per value (pysqlite releases the GIL for every
    row and takes SQLite's mutex for every value), not SQLite's reading of the index; so the query
    reads as few values as it can, and the rest is done in C: the query is compiled once per
    dialect (:func:`_history_reader`) and run on the driver's cursor; its rows become records a
    column at a time, a ``map`` per column to convert (SQLAlchemy's own result processors, once
    per distinct value where values repeat: :class:`_Conversion`), a ``zip`` putting each record's
    fields in order, each record built in one call. The strategy versions come from one small
    query rather than a join per row. Driver errors are raised as SQLAlchemy's, like every other
    read's.
    """
    reader = _history_reader(conn.dialect, full=full, limited=limit is not None)
    cursor = conn.connection.cursor()
    try:
        _execute(cursor, reader.compiled, {"name": name, "limit": limit})
        # Read once the runs' query has begun: every strategy they ran is then visible too.
        versions = _StrategyVersions(conn, reader.versions, name)
        convert = [
            (c.index, c.start()) for c in _conversions(reader, *(d[1] for d in cursor.description))
        ]
        records: list[ExecutionRecord] = []
        while rows := _fetch(cursor, reader.compiled):
            columns: list[Iterable[Any]] = list(zip(*rows, strict=True))
            strategy_ids = columns[reader.strategy_id]
            for i, values in convert:
                columns[i] = values(columns[i])
            fields = [_NONE if i is None else columns[i] for i in reader.columns]
            fields[_STRATEGY_NAME] = repeat(name)
            fields[_STRATEGY_VERSION] = map(versions.__getitem__, strategy_ids)
            records += map(_new_record, zip(*fields, _FALSE, strict=False))  # _FALSE never ends
        return records
    finally:
        cursor.close()


class _Reader(NamedTuple):
    """A query of record fields compiled for one dialect (see :func:`history_records`)."""

    compiled: Compiled
    #: each record field's column in a row, or ``None`` for a field the query leaves out
    columns: tuple[int | None, ...]
    #: the column of ``strategy_id``, whose versions :attr:`versions` reads
    strategy_id: int
    #: each column's type, as the dialect reads it
    types: tuple[sa.types.TypeEngine, ...]
    #: whether each column's values repeat across a strategy's runs (see :data:`_REPEATING`)
    repeats: tuple[bool, ...]
    #: the ``(id, version)`` of every strategy called ``name``
    versions: Compiled


#: Rows turned into records at a time: fewer than the garbage collector's 700-object pass, so
#: each batch's driver rows are gone before it runs (it then has half the objects to walk).
HISTORY_BATCH = 100


@functools.lru_cache(maxsize=32)
def _history_reader(dialect: Dialect, *, full: bool, limited: bool) -> _Reader:
    """:func:`select_history` compiled for ``dialect``, with ``name`` and ``limit`` parameters."""
    limit = sa.bindparam("limit", type_=sa.Integer) if limited else None
    name = sa.bindparam("name", type_=sa.String)
    query = select_history(name, limit, full=full)
    fields = list(query.selected_columns.keys())
    versions = sa.select(S.c.id, S.c.version).where(S.c.name == name)
    return _Reader(
        compiled=query.compile(dialect=dialect),
        columns=tuple(fields.index(f) if f in fields else None for f in _ALL_FIELDS),
        strategy_id=fields.index("strategy_id"),
        types=tuple(column.type.dialect_impl(dialect) for column in query.selected_columns),
        repeats=tuple(f in _REPEATING for f in fields),
        versions=versions.compile(dialect=dialect),
    )


def _execute(cursor: Any, compiled: Compiled, values: dict[str, Any]) -> None:
    """Run ``compiled`` with ``values`` on a driver cursor, raising its errors as SQLAlchemy's."""
    params: Any = compiled.construct_params(values)
    order = compiled.positiontup  # the parameters' names, when the driver wants a tuple
    if order is not None:
        params = tuple(params[key] for key in order)
    try:
        cursor.execute(compiled.string, params)
    except compiled.dialect.loaded_dbapi.Error as error:
        raise _sqlalchemy_error(compiled, params, error) from error


def _fetch(cursor: Any, compiled: Compiled) -> list[Sequence[Any]]:
    """The next :data:`HISTORY_BATCH` rows of ``compiled``, run on ``cursor``."""
    try:
        return cursor.fetchmany(HISTORY_BATCH)
    except compiled.dialect.loaded_dbapi.Error as error:
        raise _sqlalchemy_error(compiled, None, error) from error


def _sqlalchemy_error(compiled: Compiled, params: Any, error: Exception) -> sa.exc.DBAPIError:
    dbapi_error = compiled.dialect.loaded_dbapi.Error
    return sa.exc.DBAPIError.instance(compiled.string, params, error, dbapi_error)


class _StrategyVersions(dict):
    """Strategy versions by id: those of the strategies called ``name``, read in one query.

    A run's ``strategy_name`` is its strategy's name (the Store copies it, and neither changes),
    so these are all its runs need; the version of any other id (a row written around the Store)
    is read when first asked for.
    """

    def __init__(self, conn: Connection, query: Compiled, name: str) -> None:
        cursor = conn.connection.cursor()
        try:
            _execute(cursor, query, {"name": name})
            super().__init__(cursor.fetchall())
        finally:
            cursor.close()
        self.conn = conn

    def __missing__(self, strategy_id: int) -> int:
        query = sa.select(S.c.version).where(S.c.id == strategy_id)
        version = self[strategy_id] = self.conn.execute(query).scalar_one()
        return version


class _Conversion(NamedTuple):
    """How the driver's values of one column become field values (see :func:`history_records`)."""

    index: int
    #: SQLAlchemy's result processor of the column, for the type the driver reported
    process: Callable[[Any], Any]
    #: the column's few distinct values repeat across rows: each is processed once per read
    repeats: bool
    #: JSON text: processed once per distinct text, each record getting its own copy
    json: bool

    def start(self) -> Callable[[Iterable[Any]], Iterator[Any]]:
        """For one read: a function from a batch's driver values to their field values."""
        if self.json:
            makers = _Memo(lambda text: _copier(self.process(text)))
            return lambda values: map(operator.call, map(makers.__getitem__, values))
        if self.repeats:
            return functools.partial(map, _Memo(self.process).__getitem__)
        return functools.partial(map, self.process)


@functools.lru_cache(maxsize=64)
def _conversions(reader: _Reader, *driver_types: Any) -> tuple[_Conversion, ...]:
    """A :class:`_Conversion` for each of ``reader``'s columns whose driver values need
    converting, given the types the driver reported (``cursor.description``): SQLAlchemy's own
    result processors (text → datetime on SQLite, JSON text → lists, timestamps → UTC…)."""
    dialect = reader.compiled.dialect
    processors = (
        type_.result_processor(dialect, driver_type)
        for type_, driver_type in zip(reader.types, driver_types, strict=True)
    )
    return tuple(
        _Conversion(i, processor, reader.repeats[i], holds_json(reader.types[i]))
        for i, processor in enumerate(processors)
        if processor is not None
    )


class _Memo(dict):
    """``function``'s results by argument, each computed once (``memo[value]``)."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, value: Any) -> Any:
        result = self[value] = self.function(value)
        return result


def _copier(value: Any) -> Callable[[], Any]:
    """A function returning a new copy of ``value`` at each call: in C for what list rows' JSON
    holds (``None``, or a list of texts such as the run's warnings)."""
    if value is None:
        return _NONE.__next__
    if isinstance(value, list) and all(isinstance(item, _ATOMS) for item in value):
        return value.copy
    return functools.partial(copy.deepcopy, value)


_ATOMS = (str, int, float, type(None))
_NONE, _FALSE = repeat(None), repeat(False)
_STRATEGY_NAME = _ALL_FIELDS.index("strategy_name")
_STRATEGY_VERSION = _ALL_FIELDS.index("strategy_version")
_new_record = functools.partial(tuple.__new__, ExecutionRecord)


def execution_records(rows: Iterable[Sequence[Any]], *, details: bool) -> list[ExecutionRecord]:
    """Rows of :func:`select_executions` as records: each row plus the fields it left out."""
    rest = (True,) if details else (*(None for _ in DETAIL_FIELDS), False)
    new = tuple.__new__  # what ExecutionRecord._make does, minus its length check per row
    return [new(ExecutionRecord, (*row, *rest)) for row in rows]


def filters(conn: Connection, status, symbol, strategy, source, since, until) -> list | None:
    """WHERE conditions on executions, or ``None`` when nothing can match."""
    conditions = []
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)} or None, not {status!r}")
        conditions.append(E.c.status == status)
    if symbol:
        # lower(symbol) is indexed, so this is an index lookup on every backend
        conditions.append(sa.func.lower(E.c.symbol) == sa.func.lower(symbol))
    if strategy:
        names = strategy_names(conn, strategy)
        if not names:
            return None
        conditions.append(E.c.strategy_name.in_(names))
    if source:
        conditions.append(E.c.strategy_id.in_(sa.select(S.c.id).where(S.c.source == source)))
    if since is not None:
        conditions.append(E.c.created_at >= to_utc(since))
    if until is not None:
        conditions.append(E.c.created_at < to_utc(until))
    return conditions


def strategy_names(conn: Connection, name: str) -> list[str]:
    """The stored strategy names equal to ``name`` ignoring case (resolved in the small table)."""
    query = sa.select(S.c.name).where(sa.func.lower(S.c.name) == sa.func.lower(name)).distinct()
    return list(conn.execute(query).scalars())


def page_ids(
    conn: Connection,
    conditions: list,
    column: sa.Column,
    *,
    descending: bool,
    limit: int,
    offset: int,
) -> tuple[int, list[int]]:
    """``(total matching, ids of one page)``: rows with a value in index order, then the NULLs.

    Splitting on NULL keeps "NULLs last" portable and lets every backend walk an index instead of
    sorting; selecting ids first keeps deep pages from reading the rows they skip. Ties go by id
    in the same direction.
    """
    count = sa.select(sa.func.count(), sa.func.count(column)).where(*conditions)
    total, non_null = conn.execute(count).one()
    ids: list[int] = []
    id_order = E.c.id.desc() if descending else E.c.id.asc()
    if offset < non_null and limit:
        order = column.desc() if descending else column.asc()
        query = sa.select(E.c.id).where(*conditions, column.is_not(None)).order_by(order, id_order)
        ids += conn.execute(query.limit(limit).offset(offset)).scalars()
    remaining = limit - len(ids)
    if remaining > 0 and total > non_null:
        query = sa.select(E.c.id).where(*conditions, column.is_(None)).order_by(id_order)
        ids += conn.execute(query.limit(remaining).offset(max(offset - non_null, 0))).scalars()
    return total, ids


def executions_by_id(conn: Connection, ids: list[int]) -> list[ExecutionRecord]:
    """List records of ``ids``, in that order."""
    if not ids:
        return []
    query = select_executions(details=False).where(E.c.id.in_(ids))
    records = execution_records(conn.execute(query).all(), details=False)
    by_id = {record.id: record for record in records}
    return [by_id[i] for i in ids if i in by_id]


# -- summaries -------------------------------------------------------------------------------


def performance_summary(conn: Connection, names: list[str] | None) -> dict[str, Any]:
    """The summary over every strategy, or over ``names`` (see ``Store.performance_summary``)."""
    per_status = totals.by_status(conn, names)
    counts = {status: per_status.get(status, totals.Totals()).runs for status in STATUSES}
    total = sum(t.runs for t in per_status.values())
    succeeded = per_status.get(SUCCEEDED, totals.Totals())
    conditions = [] if names is None else [E.c.strategy_name.in_(names)]
    return {
        "total_executions": total,
        "successful_executions": succeeded.runs,
        "success_rate": succeeded.runs / total if total else 0.0,
        "avg_return_pct": succeeded.avg_return_pct,
        "avg_sharpe_ratio": succeeded.avg_sharpe_ratio,
        "best_run": extreme_run(conn, conditions, best=True),
        "worst_run": extreme_run(conn, conditions, best=False),
        "by_status": counts,
    }


def extreme_run(conn: Connection, conditions: list, *, best: bool) -> dict[str, Any] | None:
    """The succeeded run with the highest (``best``) or lowest return: one index seek."""
    order = (E.c.return_pct.desc(), E.c.id.desc()) if best else (E.c.return_pct, E.c.id)
    query = (
        sa.select(E.c.id, E.c.strategy_name, E.c.return_pct, E.c.symbol)
        .where(*conditions, E.c.status == SUCCEEDED, E.c.return_pct.is_not(None))
        .order_by(*order)
        .limit(1)
    )
    row = conn.execute(query).one_or_none()
    if row is None:
        return None
    return {
        "execution_id": row.id,
        "strategy_name": row.strategy_name,
        "return_pct": row.return_pct,
        "symbol": row.symbol,
    }


def strategy_summaries(conn: Connection) -> list[StrategySummary]:
    """Every strategy name with versions and runs rolled up, sorted by name."""
    versions = sa.select(
        S.c.id, S.c.name, S.c.version, S.c.source, S.c.description, S.c.created_at
    ).order_by(S.c.name, S.c.version)
    rows = conn.execute(versions).all()
    runs = totals.by_strategy(conn)
    succeeded = totals.by_strategy(conn, SUCCEEDED)
    best, last = _best_and_last(conn)
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.name, []).append(row)
    summaries = [
        StrategySummary(
            name=name,
            versions=len(group),
            latest_version=group[-1].version,
            latest_id=group[-1].id,
            source=group[-1].source,
            description=group[-1].description,
            created_at=group[0].created_at,
            updated_at=group[-1].created_at,
            runs=runs.get(name, totals.Totals()).runs,
            successful_runs=succeeded.get(name, totals.Totals()).runs,
            best_return_pct=best.get(name),
            last_run_at=last.get(name),
        )
        for name, group in grouped.items()
    ]
    return sorted(summaries, key=lambda s: (s.name.casefold(), s.name))


def _best_and_last(conn: Connection) -> tuple[dict, dict]:
    """Best succeeded return and latest run per strategy name: one index seek each."""
    names = sa.select(S.c.name).distinct().subquery()
    best = (
        sa.select(sa.func.max(E.c.return_pct))
        .where(E.c.strategy_name == names.c.name, E.c.status == SUCCEEDED)
        .scalar_subquery()
    )
    last = (
        sa.select(sa.func.max(E.c.created_at))
        .where(E.c.strategy_name == names.c.name)
        .scalar_subquery()
    )
    rows = conn.execute(sa.select(names.c.name, best, last)).all()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}
