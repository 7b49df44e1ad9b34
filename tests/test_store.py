"""The run store's API against a real SQLite file (``test_store_postgres.py`` reruns it on PG)."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from engine.store import (
    DETAIL_FIELDS,
    FINISHED_STATUSES,
    HEADLINE_METRICS,
    HISTORY_FIELDS,
    MAX_EQUITY_POINTS,
    SORTABLE_COLUMNS,
    STATUSES,
    AlreadyFinishedError,
    ExecutionRecord,
    NotFoundError,
    Store,
    totals,
)
from engine.store.queries import execution_records, select_executions, select_history
from engine.store.schema import Execution, Strategy

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _strategy(store: Store, name: str = "SMA Cross", code: str = "class A: pass", **kwargs):
    return store.save_strategy(name, code, **kwargs)


def _finished_run(
    store, strategy, *, status="succeeded", created_at=None, symbol="AAPL", **metrics
):
    run_id = store.create_execution(strategy_id=strategy.id, symbol=symbol, created_at=created_at)
    store.finish_execution(run_id, status=status, metrics=metrics or None)
    return run_id


def _assert_totals_consistent(store: Store) -> None:
    with store.engine.connect() as conn:
        assert totals.drift(conn) == []


# -- strategies -------------------------------------------------------------------------------


def test_same_code_reuses_the_version_and_new_code_makes_the_next(store):
    first = _strategy(store, code="v1", description="first", spec={"n": np.int64(3)})
    again = _strategy(store, code="v1", description="ignored")
    second = _strategy(store, code="v2", source="gemini")
    other = _strategy(store, name="RSI", code="v1")

    assert again == first
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.code_sha256 == hashlib.sha256(b"v1").hexdigest()
    assert first.spec == {"n": 3} and first.description == "first"
    assert first.created_at.tzinfo is UTC
    assert [s.version for s in store.strategy_versions("SMA Cross")] == [1, 2]
    assert store.get_strategy(second.id) == second
    assert store.get_strategy(10_000) is None


def test_strategy_spec_is_sanitised(store):
    spec = {"stop": float("nan"), "limit": np.float64("inf"), "when": pd.Timestamp("2024-01-02")}
    saved = _strategy(store, spec=spec)
    assert store.get_strategy(saved.id).spec == {
        "stop": None,
        "limit": None,
        "when": "2024-01-02T00:00:00",
    }


@pytest.mark.parametrize(
    ("name", "source", "error"), [("", "file", "name"), ("X", "github", "source")]
)
def test_bad_strategy_arguments_are_refused(store, name, source, error):
    with pytest.raises(ValueError, match=error):
        store.save_strategy(name, "code", source=source)


def test_list_strategies_rolls_up_versions_and_runs(store):
    v1 = _strategy(store, "b-sma", code="v1")
    v2 = _strategy(store, "b-sma", code="v2", source="upload")
    rsi = _strategy(store, "A-rsi", code="x")
    _strategy(store, "c-unused", code="x")
    _finished_run(store, v1, return_pct=5.0)
    _finished_run(store, v2, return_pct=9.0)
    _finished_run(store, v2, status="failed")
    _finished_run(store, rsi, return_pct=-2.0)

    summaries = store.list_strategies()

    assert [s.name for s in summaries] == ["A-rsi", "b-sma", "c-unused"]
    sma = summaries[1]
    assert (sma.versions, sma.latest_version, sma.latest_id, sma.source) == (2, 2, v2.id, "upload")
    assert (sma.runs, sma.successful_runs, sma.best_return_pct) == (3, 2, 9.0)
    assert sma.last_run_at is not None and sma.last_run_at.tzinfo is UTC
    assert (summaries[2].runs, summaries[2].best_return_pct, summaries[2].last_run_at) == (
        0,
        None,
        None,
    )


# -- executions: round trip -------------------------------------------------------------------


def _backtest_like_results():
    index = pd.date_range("2023-01-02", periods=2_500, freq="h")
    rng = np.random.default_rng(3)
    equity = 10_000 * np.cumprod(1 + rng.normal(0, 0.01, len(index)))
    drawdown = (equity / np.maximum.accumulate(equity) - 1) * 100
    stats = pd.Series(
        {
            "Start": index[0],
            "Duration": index[-1] - index[0],
            "Return [%]": np.float64(12.5),
            "Sharpe Ratio": np.float64("nan"),
            "Profit Factor": np.float64("inf"),
            "# Trades": np.int64(2),
            "Max. Drawdown Duration": pd.NaT,
            "nested": {"a": [np.float32(1.5), float("-inf")]},
            "_strategy": type("SmaCross", (), {"__str__": lambda self: "SmaCross(n=10)"})(),
            "_equity_curve": pd.DataFrame({"Equity": equity}),
            "_trades": pd.DataFrame({"Size": [1]}),
        },
        dtype=object,
    )
    trades = [
        {
            "entry_time": pd.Timestamp("2023-01-02 10:00"),
            "exit_time": "2023-01-03T12:00:00+02:00",
            "entry_price": np.float64(100.5),
            "exit_price": np.float64(101.0),
            "size": np.int64(10),
            "pnl": np.float64(5.0),
            "return_pct": np.float64(0.5),
            "entry_bar": np.int64(10),
            "exit_bar": np.int64(36),
            "commission": np.float64("nan"),
            "exit_reason": "take_profit",
            "tag": None,
        },
        {
            "entry_time": datetime(2023, 1, 4, tzinfo=timezone(timedelta(hours=-5))),
            "exit_time": pd.Timestamp("2023-01-05", tz="Europe/Paris"),
            "size": -3,
            "pnl": -1.25,
            "exit_reason": "stop_loss",
            "tag": 7,
        },
    ]
    metrics = {
        "return_pct": np.float64(12.5),
        "buy_hold_return_pct": np.float32(3.25),
        "sharpe_ratio": np.float64("nan"),
        "profit_factor": np.float64("inf"),
        "max_drawdown_pct": np.float64(-7.5),
        "win_rate": np.float64(0.5),
        "trades": np.int64(2),
        "final_equity": float(equity[-1]),
    }
    curve = {"time": index, "equity": equity, "drawdown_pct": drawdown}
    return metrics, stats, trades, curve


def test_create_and_finish_round_trip_sanitises_everything(store):
    strategy = _strategy(store)
    metrics, stats, trades, curve = _backtest_like_results()
    run_id = store.create_execution(
        strategy_id=strategy.id,
        symbol="AAPL",
        interval="1h",
        cash=np.int64(10_000),
        commission=np.float64(0.002),
        test_period_days=np.int64(104),
        runner_host="box",
        runner_pid=123,
    )
    created = store.get_execution(run_id)
    assert created.status == "running" and created.started_at is not None
    assert created.finished_at is None and created.cash == 10_000.0

    store.update_execution(
        run_id,
        data_source="sample",
        data_start=curve["time"][0],
        data_end=curve["time"][-1],
        bars=np.int64(2_500),
    )
    store.finish_execution(
        run_id,
        status="succeeded",
        metrics=metrics,
        stats=stats,
        trades=trades,
        equity=curve,
        warnings=("Some trades remain open",),
        json_path="/tmp/result.json",
    )

    run = store.get_execution(run_id)
    assert run.details_loaded
    assert (run.status, run.strategy_name, run.strategy_version) == ("succeeded", "SMA Cross", 1)
    assert run.metrics == {
        **dict.fromkeys(HEADLINE_METRICS),
        "return_pct": 12.5,
        "buy_hold_return_pct": 3.25,
        "max_drawdown_pct": -7.5,
        "win_rate": 0.5,
        "trades": 2,
        "final_equity": pytest.approx(curve["equity"][-1]),
    }
    assert run.data_start == datetime(2023, 1, 2, tzinfo=UTC) and run.bars == 2_500
    assert run.duration_s >= 0 and run.finished_at >= run.started_at
    assert run.warnings == ["Some trades remain open"] and run.json_path == "/tmp/result.json"
    assert run.stats == {
        "Start": "2023-01-02T00:00:00",
        "Duration": "104 days 03:00:00",
        "Return [%]": 12.5,
        "Sharpe Ratio": None,
        "Profit Factor": None,
        "# Trades": 2,
        "Max. Drawdown Duration": None,
        "nested": {"a": [1.5, None]},
        "_strategy": "SmaCross(n=10)",
    }

    first, second = store.get_trades(run_id)
    assert (first.seq, second.seq) == (1, 2)
    assert first.entry_time == datetime(2023, 1, 2, 10, tzinfo=UTC)
    assert first.exit_time == datetime(2023, 1, 3, 10, tzinfo=UTC)
    assert (first.size, first.entry_bar, first.commission) == (10.0, 10, None)
    assert second.entry_time == datetime(2023, 1, 4, 5, tzinfo=UTC)
    assert second.exit_time == datetime(2023, 1, 4, 23, tzinfo=UTC)
    assert (second.exit_reason, second.tag, second.entry_price) == ("stop_loss", "7", None)


def test_equity_is_downsampled_keeping_extremes_and_ends(store):
    strategy = _strategy(store)
    _, _, _, curve = _backtest_like_results()
    run_id = store.create_execution(strategy_id=strategy.id)
    store.finish_execution(run_id, status="succeeded", equity=curve)

    stored = store.get_equity(run_id)

    equity = curve["equity"]
    assert len(stored["time"]) == len(stored["equity"]) == len(stored["drawdown_pct"])
    assert len(stored["equity"]) <= MAX_EQUITY_POINTS
    assert stored["time"][0] == datetime(2023, 1, 2, tzinfo=UTC)
    assert stored["time"][-1] == curve["time"][-1].to_pydatetime().replace(tzinfo=UTC)
    assert stored["equity"][-1] == equity[-1]  # float64: exact
    assert max(stored["equity"]) == equity.max() and min(stored["equity"]) == equity.min()
    assert min(stored["drawdown_pct"]) == pytest.approx(curve["drawdown_pct"].min(), rel=1e-6)
    assert stored["time"] == sorted(stored["time"])
    assert store.get_equity(10_000) is None


def test_values_are_stored_as_real_numbers_not_blobs(store):
    """SQLite would keep numpy ints as 8-byte BLOBs and NaN as NULL unless sanitised."""
    strategy = _strategy(store)
    metrics, stats, trades, _ = _backtest_like_results()
    run_id = store.create_execution(strategy_id=strategy.id, cash=np.int64(5), bars=np.int32(9))
    store.finish_execution(run_id, status="succeeded", metrics=metrics, stats=stats, trades=trades)

    query = "SELECT typeof(cash), typeof(bars), typeof(trades), stats FROM executions"
    trade_types = "SELECT DISTINCT typeof(size), typeof(entry_bar) FROM trades WHERE seq = 1"
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("typeof() is SQLite's")
        cash, bars, count, stats_json = conn.exec_driver_sql(query).one()
        sizes = conn.exec_driver_sql(trade_types).all()
    assert (cash, bars, count) == ("real", "integer", "integer")
    assert sizes == [("real", "integer")]
    assert "NaN" not in stats_json and "Infinity" not in stats_json


def test_json_columns_are_sanitised_on_the_way_in(store):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id)
    notes = ["kept", np.float64("nan"), np.int64(3), pd.Timestamp("2024-01-02")]

    store.finish_execution(run_id, status="succeeded", warnings=notes)

    assert store.get_execution(run_id).warnings == ["kept", None, 3, "2024-01-02T00:00:00"]


def test_timestamps_round_trip_as_aware_utc(store):
    strategy = _strategy(store)
    plus_two = timezone(timedelta(hours=2))
    run_id = store.create_execution(
        strategy_id=strategy.id,
        created_at=datetime(2026, 3, 1, 14, 30, tzinfo=plus_two),
        started_at=datetime(2026, 3, 1, 12, 31),  # naive: taken as UTC
        data_start=pd.Timestamp("2020-01-01 09:30", tz="America/New_York"),
        data_end="2021-06-30T00:00:00Z",
    )
    store.update_execution(run_id, heartbeat_at=np.datetime64("2026-03-01T12:32:00"))
    run = store.get_execution(run_id)

    assert run.created_at == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert run.started_at == datetime(2026, 3, 1, 12, 31, tzinfo=UTC)
    assert run.heartbeat_at == datetime(2026, 3, 1, 12, 32, tzinfo=UTC)
    assert run.data_start == datetime(2020, 1, 1, 14, 30, tzinfo=UTC)
    assert run.data_end == datetime(2021, 6, 30, tzinfo=UTC)
    for value in (run.created_at, run.started_at, run.heartbeat_at, run.data_start):
        assert value.tzinfo is UTC
    assert run.created_at < datetime.now(UTC)  # comparable with aware datetimes


def test_timestamps_are_aware_however_they_are_selected(store):
    """On SQLite the offset is appended in SQL (UTCDateTime.column_expression): every shape of
    SELECT that returns a timestamp must still get it, or values would come back naive."""
    strategy = _strategy(store)
    when = datetime(2026, 3, 1, 12, 30, 15, 250_000, tzinfo=UTC)
    run_id = store.create_execution(strategy_id=strategy.id, created_at=when)
    E, S = Execution.__table__, Strategy.__table__
    latest = sa.select(sa.func.max(E.c.created_at)).scalar_subquery()
    inner = sa.select(E.c.created_at.label("at")).subquery()
    shapes = {
        "column": sa.select(E.c.created_at),
        "aggregate": sa.select(sa.func.max(E.c.created_at)),
        "scalar subquery": sa.select(S.c.id, latest),
        "subquery column": sa.select(inner.c.at),
        "where on the column": sa.select(E.c.created_at).where(E.c.created_at == when),
    }
    with store.engine.begin() as conn:
        for shape, query in shapes.items():
            value = conn.execute(query).all()[0][-1]
            assert value == when and value.tzinfo is UTC, shape
        returned = conn.execute(
            sa.update(E)
            .where(E.c.id == run_id)
            .values(heartbeat_at=when)
            .returning(E.c.heartbeat_at)
        ).scalar_one()
        assert returned == when and returned.tzinfo is UTC
        if conn.dialect.name == "sqlite":  # stored as naive UTC text, as SQLAlchemy writes it
            assert conn.exec_driver_sql("SELECT created_at FROM executions").scalar() == (
                "2026-03-01 12:30:15.250000"
            )


def test_update_execution_moves_queued_to_running(store):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id, status="queued", priority=5)
    assert store.get_execution(run_id).started_at is None
    store.update_execution(run_id, status="running", runner_host="box", runner_pid=9)
    run = store.get_execution(run_id)
    assert (run.status, run.priority, run.runner_pid) == ("running", 5, 9)
    assert run.started_at is not None


def test_finishing_twice_is_refused_unless_the_status_is_the_same(store):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id)
    store.finish_execution(run_id, status="succeeded", metrics={"return_pct": 1.0})
    finished_at = store.get_execution(run_id).finished_at

    with pytest.raises(AlreadyFinishedError, match="already finished as 'succeeded'"):
        store.finish_execution(run_id, status="failed", error_type="X")
    with pytest.raises(AlreadyFinishedError):
        store.update_execution(run_id, status="running")

    store.finish_execution(run_id, status="succeeded", metrics={"return_pct": 2.0})
    run = store.get_execution(run_id)
    assert (run.status, run.return_pct, run.finished_at) == ("succeeded", 2.0, finished_at)
    _assert_totals_consistent(store)


def test_a_positive_drawdown_is_stored_as_negative(store):
    strategy = _strategy(store)
    run_id = _finished_run(store, strategy, max_drawdown_pct=12.5)
    assert store.get_execution(run_id).max_drawdown_pct == -12.5


def test_finishing_again_replaces_trades_and_equity(store):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id)
    curve = {"time": [0, 1, 2], "equity": [1.0, 2.0, 3.0]}
    store.finish_execution(
        run_id, status="succeeded", trades=[{"pnl": 1}, {"pnl": 2}], equity=curve
    )
    store.finish_execution(
        run_id, status="succeeded", trades=[{"pnl": 3}], equity={"equity": [5.0]}
    )
    assert [t.pnl for t in store.get_trades(run_id)] == [3.0]
    assert store.get_equity(run_id) == {"time": [None], "equity": [5.0], "drawdown_pct": [0.0]}


BAD_CALLS = [
    ("create", {"status": "succeeded"}, ValueError, "queued or running"),
    ("create", {"strategy_id": 10_000}, NotFoundError, "strategy"),
    ("create", {"colour": 1}, TypeError, "colour"),
    ("create", {"kind": "notebook"}, ValueError, "kind"),
    ("create", {"symbol": "X" * 256}, ValueError, "255"),
    ("update", {"execution_id": 10_000, "bars": 1}, NotFoundError, "execution"),
    ("update", {"status": "failed"}, ValueError, "finish_execution"),
    ("update", {"bars": 1.5}, TypeError, "integer"),
    ("finish", {"status": "running"}, ValueError, "status"),
    ("finish", {"status": "failed", "metrics": {"alpha": 1}}, TypeError, "alpha"),
    ("finish", {"status": "succeeded", "metrics": {"win_rate": 55.0}}, ValueError, "fraction"),
    ("finish", {"status": "succeeded", "metrics": {"win_rate": -0.1}}, ValueError, "fraction"),
    ("finish", {"status": "succeeded", "trades": [{"ReturnPct": 0.1}]}, TypeError, "ReturnPct"),
    ("finish", {"execution_id": 10_000, "status": "failed"}, NotFoundError, "execution"),
]


@pytest.mark.parametrize(("method", "kwargs", "error", "match"), BAD_CALLS)
def test_bad_execution_calls_raise_clear_errors(store, method, kwargs, error, match):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id)
    kwargs = dict(kwargs)
    with pytest.raises(error, match=match):
        if method == "create":
            store.create_execution(**{"strategy_id": strategy.id, **kwargs})
        elif method == "update":
            store.update_execution(kwargs.pop("execution_id", run_id), **kwargs)
        else:
            store.finish_execution(kwargs.pop("execution_id", run_id), **kwargs)
    assert store.get_execution(run_id).status == "running"  # nothing half-written


def test_failed_finish_leaves_no_partial_results(store):
    strategy = _strategy(store)
    run_id = store.create_execution(strategy_id=strategy.id)
    with pytest.raises(TypeError):
        store.finish_execution(run_id, status="succeeded", trades=[{"pnl": 1}, {"bogus": 2}])
    assert store.get_trades(run_id) == [] and store.get_execution(run_id).status == "running"


def test_list_records_equal_normally_built_records(store):
    strategy = _strategy(store)
    run_id = _finished_run(store, strategy, return_pct=3.0)
    with store.engine.connect() as conn:
        for details in (True, False):
            row = conn.execute(select_executions(details=details)).one()
            fast = execution_records([row], details=details)[0]
            values = {**dict.fromkeys(DETAIL_FIELDS), **row._asdict()}
            assert fast == ExecutionRecord(**values, details_loaded=details)
            assert fast._asdict() == {**values, "details_loaded": details}
            assert fast.id == run_id and fast.return_pct == 3.0
    assert ExecutionRecord._fields[-len(DETAIL_FIELDS) - 1 : -1] == DETAIL_FIELDS


# -- history and leaderboard --------------------------------------------------------------------


def test_strategy_history_is_newest_first_across_versions(store):
    v1 = _strategy(store, code="v1")
    v2 = _strategy(store, code="v2")
    other = _strategy(store, name="Other")
    ids = {
        _finished_run(store, v1, created_at=T0 + timedelta(hours=2)): 2,
        _finished_run(store, v2, created_at=T0 + timedelta(hours=3)): 3,
        _finished_run(store, v1, created_at=T0): 0,
        _finished_run(store, v2, created_at=T0 + timedelta(hours=1)): 1,
    }
    same_time = _finished_run(store, v1, created_at=T0 + timedelta(hours=3))
    _finished_run(store, other, created_at=T0 + timedelta(hours=9))

    history = store.strategy_history("SMA Cross")

    newest_first = sorted(ids, key=ids.get, reverse=True)
    assert [run.id for run in history] == [same_time, *newest_first]
    assert [run.strategy_version for run in history[:2]] == [1, 2]
    assert not history[0].details_loaded and history[0].stats is None
    assert [run.id for run in store.strategy_history("SMA Cross", limit=2)] == [
        same_time,
        newest_first[0],
    ]
    assert store.strategy_history("sma cross") == []  # exact name


def test_history_rows_say_why_a_run_failed_and_which_data_it_used(store):
    strategy = _strategy(store)
    failed = store.create_execution(strategy_id=strategy.id, symbol="AAPL")
    store.finish_execution(failed, status="failed", error_type="syntax_error", error_message="x")
    done = store.create_execution(
        strategy_id=strategy.id,
        data_start=datetime(2020, 1, 2, tzinfo=UTC),
        data_end=datetime(2021, 1, 4, tzinfo=UTC),
    )
    store.finish_execution(done, status="succeeded", warnings=["no_trades"])

    latest, first = store.strategy_history("SMA Cross")

    assert (first.error_type, first.error_message) == ("syntax_error", "x")
    assert latest.data_start == datetime(2020, 1, 2, tzinfo=UTC)
    assert latest.warnings == ["no_trades"]
    assert latest.data["start"] == "2020-01-02" and latest.data["end"] == "2021-01-04"
    assert latest.stats is None and latest.log_path is None  # details stay unloaded


def test_history_reads_each_runs_strategy_version_even_of_a_strategy_named_otherwise(store):
    # A run's strategy_name is its strategy's name when the Store writes it; a row written
    # around the Store may name another, and its history still shows its own version.
    mine = [_strategy(store, code="v1"), _strategy(store, code="v2")]
    other = [_strategy(store, name="Other", code=f"o{i}") for i in range(3)]
    runs = [_finished_run(store, s, created_at=T0 + timedelta(hours=i)) for i, s in enumerate(mine)]
    stray = _finished_run(store, other[2], created_at=T0 + timedelta(hours=5))
    with store.engine.begin() as conn:
        conn.execute(
            sa.update(Execution).where(Execution.id == stray).values(strategy_name="SMA Cross")
        )

    for full in (False, True):
        history = store.strategy_history("SMA Cross", full=full)
        assert [(r.id, r.strategy_id, r.strategy_version) for r in history] == [
            (stray, other[2].id, 3),
            (runs[1], mine[1].id, 2),
            (runs[0], mine[0].id, 1),
        ]


def test_history_on_sqlite_reads_only_its_covering_index(store):
    query = select_history("SMA Cross", limit=None)
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("a covering history index exists on SQLite only")
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " / ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "USING COVERING INDEX ix_executions_history" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # newest first comes from the index order


def test_history_records_equal_records_built_from_sqlalchemy_rows(store):
    v1, v2 = _strategy(store, code="v1"), _strategy(store, code="v2")
    window = {
        "data_start": datetime(2020, 1, 2, tzinfo=UTC),
        "data_end": datetime(2021, 1, 4, tzinfo=UTC),
        "buy_hold_start": datetime(2020, 1, 3, tzinfo=UTC),
    }
    for i in range(5):  # a shared data window, warnings or none, every kind of outcome
        run_id = store.create_execution(
            strategy_id=(v1, v2)[i % 2].id, symbol="AAPL", created_at=T0 + timedelta(hours=i)
        )
        if i < 4:
            store.finish_execution(
                run_id,
                status=("succeeded", "failed")[i % 2],
                metrics={"return_pct": 1.5 * i, "trades": i},
                warnings=["no_trades"] if i == 2 else [],
                error_type="syntax_error" if i % 2 else None,
                **window,
            )
    _finished_run(store, _strategy(store, name="Other"))
    query = (
        select_executions(details=False)
        .where(Execution.strategy_name == "SMA Cross")
        .order_by(Execution.created_at.desc(), Execution.id.desc())
    )
    with store.engine.connect() as conn:
        rows = [{**dict.fromkeys(DETAIL_FIELDS), **row._asdict()} for row in conn.execute(query)]
    expected = [ExecutionRecord(**row) for row in rows]
    left_out = dict.fromkeys(set(ExecutionRecord._fields[:-1]) - HISTORY_FIELDS)

    full, history = (
        store.strategy_history("SMA Cross", full=True),
        store.strategy_history("SMA Cross"),
    )

    assert full == expected and [type(r) for r in full] == [ExecutionRecord] * 5
    assert history == [record._replace(**left_out) for record in expected]
    assert store.strategy_history("SMA Cross", limit=2) == history[:2]
    for records in (full, history):
        assert records[2].warnings == ["no_trades"] and records[1].warnings == []
        assert records[1].warnings is not records[3].warnings  # each record its own list
        assert all(r.created_at.tzinfo == UTC and r.strategy_name == "SMA Cross" for r in records)
        assert records[1].data_start == window["data_start"] and records[0].data_start is None
    assert full[1].buy_hold_start == window["buy_hold_start"] and history[1].buy_hold_start is None
    assert store.strategy_history("Nobody") == [] == store.strategy_history("Nobody", full=True)


@pytest.mark.parametrize(
    ("full", "index"), [(False, "ix_executions_history_rows"), (True, "ix_executions_history")]
)
def test_history_and_list_rows_each_read_their_own_covering_index(store, full, index):
    query = select_history("SMA Cross", limit=None, full=full)
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("covering history indexes exist on SQLite only")
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " / ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert f"USING COVERING INDEX {index} (" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.fixture
def board(store):
    """A small leaderboard: 3 strategies, 2 symbols, NULL metrics, every status."""
    sma = _strategy(store, "SMA", code="a", source="template")
    rsi = _strategy(store, "RSI", code="b", source="gemini")
    macd = _strategy(store, "MACD", code="c", source="gemini")
    rng = np.random.default_rng(11)
    for i in range(36):
        strategy = (sma, rsi, macd)[i % 3]
        status = "succeeded" if i % 6 else ("failed", "timeout", "cancelled")[i % 3]
        run_id = store.create_execution(
            strategy_id=strategy.id,
            symbol=("AAPL", "btc-usd")[i % 2],
            created_at=T0 + timedelta(hours=i),
        )
        metrics = {}
        if status == "succeeded":
            metrics = {
                "return_pct": round(float(rng.normal(5, 10)), 2),
                "sharpe_ratio": None if i % 5 == 0 else round(float(rng.normal(1, 1)), 2),
                "max_drawdown_pct": -abs(round(float(rng.normal(10, 5)), 2)),
                "win_rate": None if i % 7 == 0 else round(float(rng.uniform()), 2),
                "trades": int(rng.integers(0, 30)),
                "cagr_pct": round(float(rng.normal(3, 3)), 2),
                "profit_factor": None if i % 4 == 0 else round(float(rng.gamma(2)), 2),
            }
            metrics["return_pct"] = 7.0 if i in (7, 8) else metrics["return_pct"]  # a tie
        store.finish_execution(run_id, status=status, metrics=metrics, duration_s=i % 5 or None)
    store.create_execution(strategy_id=sma.id, symbol="AAPL", status="queued")
    return store


def _reference(store, status="succeeded", **match):
    """Every matching execution, for checking list_executions against plain Python."""
    runs = [store.get_execution(i) for i in range(1, 100)]
    runs = [r for r in runs if r is not None and (status is None or r.status == status)]
    return [r for r in runs if all(getattr(r, k) == v for k, v in match.items())]


def _python_sorted(runs, sort, descending):
    present = [r for r in runs if getattr(r, sort) is not None]
    missing = [r for r in runs if getattr(r, sort) is None]
    present.sort(key=lambda r: (getattr(r, sort), r.id), reverse=descending)
    missing.sort(key=lambda r: r.id, reverse=descending)
    return [r.id for r in present + missing]


@pytest.mark.parametrize("sort", SORTABLE_COLUMNS)
@pytest.mark.parametrize("descending", [True, False])
def test_leaderboard_sorts_with_nulls_last_and_pages_without_gaps(board, sort, descending):
    expected = _python_sorted(_reference(board), sort, descending)

    pages = [
        board.list_executions(sort=sort, descending=descending, limit=7, offset=offset)
        for offset in range(0, 35, 7)
    ]

    assert [run.id for page in pages for run in page.items] == expected
    assert {page.total for page in pages} == {len(expected)}
    assert pages[0].has_more and not pages[-1].has_more


def test_leaderboard_filters(board):
    def ids(**kwargs):
        page = board.list_executions(limit=100, **kwargs)
        assert page.total == len(page.items)
        return sorted(run.id for run in page.items)

    def expected(status="succeeded", **match):
        return sorted(run.id for run in _reference(board, status, **match))

    assert ids(symbol="aapl") == expected(symbol="AAPL")
    assert ids(symbol="BTC-USD") == expected(symbol="btc-usd")
    assert ids(strategy="rsi") == expected(strategy_name="RSI")
    assert ids(strategy="nope") == []
    assert ids(status=None) == expected(None)
    assert ids(status="queued") == expected("queued")
    assert ids(status="failed", strategy="SMA") == expected("failed", strategy_name="SMA")
    gemini = expected(strategy_name="RSI") + expected(strategy_name="MACD")
    assert ids(source="gemini") == sorted(gemini)
    since, until = T0 + timedelta(hours=10), T0 + timedelta(hours=20)
    window = [r.id for r in _reference(board) if since <= r.created_at < until]
    assert ids(since=since, until=until) == sorted(window)
    plus_one = timezone(timedelta(hours=1))
    assert ids(since=since.astimezone(plus_one), until=until.isoformat()) == sorted(window)


def test_leaderboard_rows_do_not_load_details(board):
    page = board.list_executions(sort="sharpe_ratio", symbol="AAPL", limit=3)
    assert len(page.items) == 3
    for run in page.items:
        assert not run.details_loaded
        assert all(getattr(run, name) is None for name in DETAIL_FIELDS)
    assert board.get_execution(page.items[0].id).details_loaded


def test_leaderboard_beyond_the_end_and_bad_arguments(board):
    page = board.list_executions(offset=1_000)
    assert page.items == [] and page.total == 30 and not page.has_more
    assert board.list_executions(limit=0).items == []
    with pytest.raises(ValueError, match="sort"):
        board.list_executions(sort="stats")
    with pytest.raises(ValueError, match="status"):
        board.list_executions(status="done")
    with pytest.raises(ValueError, match="negative"):
        board.list_executions(offset=-1)


# -- summary ----------------------------------------------------------------------------------


def test_summary_of_an_empty_store(store):
    assert store.performance_summary() == {
        "total_executions": 0,
        "successful_executions": 0,
        "success_rate": 0.0,
        "avg_return_pct": None,
        "avg_sharpe_ratio": None,
        "best_run": None,
        "worst_run": None,
        "by_status": dict.fromkeys(STATUSES, 0),
    }
    assert store.performance_summary(strategy="missing")["total_executions"] == 0


def test_summary_values(board):
    succeeded = _reference(board)
    every = _reference(board, None)
    summary = board.performance_summary()

    assert summary["total_executions"] == len(every) == 37
    assert summary["successful_executions"] == len(succeeded) == 30
    assert summary["success_rate"] == pytest.approx(30 / 37)
    returns = [r.return_pct for r in succeeded]
    sharpes = [r.sharpe_ratio for r in succeeded if r.sharpe_ratio is not None]
    assert summary["avg_return_pct"] == pytest.approx(sum(returns) / len(returns))
    assert summary["avg_sharpe_ratio"] == pytest.approx(sum(sharpes) / len(sharpes))
    best = max(succeeded, key=lambda r: r.return_pct)
    worst = min(succeeded, key=lambda r: r.return_pct)
    assert summary["best_run"] == {
        "execution_id": best.id,
        "strategy_name": best.strategy_name,
        "return_pct": best.return_pct,
        "symbol": best.symbol,
    }
    assert summary["worst_run"]["execution_id"] == worst.id
    assert summary["by_status"] == {
        status: sum(r.status == status for r in every) for status in STATUSES
    }
    assert sum(summary["by_status"][s] for s in FINISHED_STATUSES) == 36


def test_summary_of_one_strategy(board):
    rsi = _reference(board, None, strategy_name="RSI")
    summary = board.performance_summary(strategy="rsi")
    assert summary["total_executions"] == len(rsi)
    assert summary["best_run"]["strategy_name"] == "RSI"
    ok = [r.return_pct for r in rsi if r.status == "succeeded"]
    assert summary["avg_return_pct"] == pytest.approx(sum(ok) / len(ok))


def test_totals_follow_every_kind_of_change(board):
    """The summary's running totals equal a recomputation after creates, finishes, re-finishes,
    status moves and interrupted runs."""
    strategy = board.save_strategy("SMA", "a")
    run_id = board.create_execution(strategy_id=strategy.id, status="queued", runner_host="h")
    board.update_execution(run_id, status="running", runner_pid=1, return_pct=1.0)
    board.finish_execution(run_id, status="succeeded", metrics={"sharpe_ratio": 2.0})
    board.finish_execution(run_id, status="succeeded", metrics={"return_pct": math.pi})
    dead = board.create_execution(strategy_id=strategy.id, runner_host="h", runner_pid=2)
    board.close_interrupted(is_alive=lambda host, pid: False)
    assert board.get_execution(dead).status == "failed"
    _assert_totals_consistent(board)

    with board.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM execution_totals"))
    with board.engine.connect() as conn:
        assert totals.drift(conn)
    board.rebuild_totals()
    _assert_totals_consistent(board)


# -- interrupted runs ---------------------------------------------------------------------------


def test_close_interrupted_only_touches_runs_of_dead_runners(store):
    strategy = _strategy(store)

    def run(status="running", **fields):
        return store.create_execution(strategy_id=strategy.id, status=status, **fields)

    dead_running = run(runner_host="a", runner_pid=1)
    dead_queued = run("queued", runner_host="a", runner_pid=1)
    alive = run(runner_host="a", runner_pid=2)
    other_host = run(runner_host="b", runner_pid=1)
    no_runner = run()
    queued_free = run("queued")
    finished = run(runner_host="a", runner_pid=1)
    store.finish_execution(finished, status="succeeded")
    asked = []

    def is_alive(host, pid):
        asked.append((host, pid))
        return (host, pid) != ("a", 1)

    closed = store.close_interrupted(is_alive=is_alive)

    assert sorted(closed) == [dead_running, dead_queued]
    assert sorted(asked) == [("a", 1), ("a", 2), ("b", 1)]  # once per runner
    for run_id in closed:
        run_ = store.get_execution(run_id)
        assert (run_.status, run_.error_type) == ("failed", "interrupted")
        assert "Botlab was restarted" in run_.error_message and "pid 1" in run_.error_message
        assert run_.finished_at is not None
    for run_id in (alive, other_host, no_runner):
        assert store.get_execution(run_id).status == "running"
    assert store.get_execution(queued_free).status == "queued"
    assert store.get_execution(finished).status == "succeeded"
    assert store.close_interrupted(is_alive=is_alive) == []
    _assert_totals_consistent(store)


# -- idempotency keys and transactions -----------------------------------------------------------


def test_an_idempotency_key_is_recorded_once_with_the_work_it_answers(store):
    from datetime import timedelta

    import sqlalchemy as sa

    from engine.store.idempotency import KEY_LIFETIME, IdempotencyKey, key_hash, request_hash

    strategy = _strategy(store)
    key = key_hash("token:abc", "runs", "retry-1")
    fingerprint = request_hash({"strategy_id": strategy.id})
    with store.transaction():
        run_id = store.create_execution(strategy_id=strategy.id, status="queued")
        store.record_idempotency_key(
            key,
            operation="runs",
            request_hash_=fingerprint,
            response_status=202,
            response={"run_id": run_id},
        )
    stored = store.find_idempotency_key(key)
    assert stored.answered and stored.response == {"run_id": run_id}
    assert stored.request_hash == request_hash({"strategy_id": strategy.id})

    with pytest.raises(sa.exc.IntegrityError), store.transaction():  # a second, concurrent one
        store.create_execution(strategy_id=strategy.id, status="queued")
        store.record_idempotency_key(key, operation="runs", request_hash_=fingerprint)
    assert store.list_executions(status="queued").total == 1  # its work rolled back with it

    expired = key_hash("token:abc", "runs", "old")
    store.record_idempotency_key(expired, operation="runs", request_hash_=fingerprint)
    table = IdempotencyKey.__table__
    with store.transaction() as conn:
        conn.execute(
            sa.update(table)
            .where(table.c.key_hash == expired)
            .values(created_at=stored.created_at - KEY_LIFETIME - timedelta(minutes=1))
        )
    assert store.find_idempotency_key(expired) is None  # older than 24 h: a new request
    store.record_idempotency_key(expired, operation="runs", request_hash_=fingerprint)
    assert store.find_idempotency_key(expired) is not None


def test_a_held_key_is_taken_over_only_when_its_owner_is_gone(store):
    key = "k" * 64
    store.record_idempotency_key(key, operation="execute-script", request_hash_="h", owner="a:1")
    assert not store.take_over_idempotency_key(key, owner="b:2", is_alive=lambda owner: True)
    assert store.take_over_idempotency_key(key, owner="b:2", is_alive=lambda owner: False)
    assert store.find_idempotency_key(key).owner == "b:2"
    store.answer_idempotency_key(key, 200, {"success": True})
    assert store.find_idempotency_key(key).response_status == 200
    store.release_idempotency_key(key)  # an answered key is kept
    assert store.find_idempotency_key(key) is not None


def test_trade_times_are_stored_as_sqlalchemy_writes_them():
    """The trades' INSERT formats its UTC times for SQLite itself (a column at a time): the
    text must be what UTCDateTime's own processor writes, for any time and for the values it
    hands back to that processor (None, naive, strings)."""
    from sqlalchemy.dialects import sqlite

    from engine.store.store import _T, _trade_insert

    own = _T.c.entry_time.type.dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    bind = dict(_trade_insert(sqlite.dialect())[2])["entry_time"]
    times = [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2024, 2, 29, 9, 30, 5, 123, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        None,
        datetime(2024, 1, 2, 3, 4, 5),
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5))),
        "2024-01-02T03:04:05",
    ]
    assert bind(times) == [own(t) for t in times]
    assert bind(times)[2] == "2024-02-29 09:30:05.000123"


def test_results_prepared_before_the_run_ends_are_stored_as_given_ones(store):
    """The executor prepares a run's trades and curve while its process exits: finishing with
    them stores exactly what finishing with the trades and curve themselves stores."""
    strategy = _strategy(store)
    _, _, trades, curve = _backtest_like_results()
    given, prepared = (store.create_execution(strategy_id=strategy.id) for _ in range(2))
    store.finish_execution(given, status="succeeded", trades=trades, equity=curve)
    ready = store.prepare_results(prepared, trades=trades, equity=curve)
    store.finish_execution(prepared, status="succeeded", trades=ready, equity=ready)

    def stored(run_id: int) -> tuple:
        rows = [dataclasses.replace(t, id=0, execution_id=0) for t in store.get_trades(run_id)]
        return rows, store.get_equity(run_id)

    assert len(stored(prepared)[0]) == 2
    assert stored(prepared) == stored(given)
