"""Benchmark the run store at scale: ``python -m bench.store --executions 100000 --json``.

Fills a fresh SQLite store with realistic executions (about 50 strategies, several symbols, ~85%
succeeded, ~10 trades and a ~500-point equity curve per finished run, backtesting.py-shaped stats)
using Core bulk inserts, then times the store's hot paths, each the median of ``--reps`` calls:

* ``history_ms``: ``strategy_history(name)``, every run of one strategy (``history_rows``, ~2% of
  all runs) as history rows; ``history_full_ms`` the same as list rows (``full=True``, what
  ``botlab history --json`` reads); ``history_page_ms`` the newest 100 of them;
* ``summary_ms``: ``performance_summary()`` over everything (``summary_one_strategy_ms``: one);
* ``leaderboard_ms``: ``list_executions(status="succeeded", symbol=..., sort="sharpe_ratio")``,
  the first page of 50 (``leaderboard_by_win_rate_ms``: a sort without a symbol index;
  ``leaderboard_deep_page_ms``: page 101 of everything by return);
* ``store_run_ms``: ``create_execution`` + ``finish_execution`` of one run with 20 trades, a
  2,500-point equity curve and full stats;
* ``open_ms``: opening the up-to-date store; ``list_strategies_ms``; ``db_size_mb``.

The store is ``$BOTLAB_HOME/bench/store-<N>.db`` (never Botlab's own database), or a temporary
directory, removed afterwards, when ``BOTLAB_HOME`` is unset. ``--reuse`` times the store an
earlier run left there instead of filling a new one (``fill_s`` is then ``null``; opening it
migrates it to the code's schema): for A/B runs of two commits, each against its own store.
Targets: history and summary <= 20 ms (a strategy's history <= 10 ms), leaderboard <= 50 ms,
storing a run <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from engine.store import FAILED, HEADLINE_METRICS, SUCCEEDED, Store
from engine.store.equity import pack_equity
from engine.store.schema import EquityCurve, Execution, Trade

SYMBOLS = ("AAPL", "MSFT", "SPY", "NVDA", "TSLA", "BTC-USD", "ETH-USD", "EURUSD=X")
SYMBOL_WEIGHTS = (0.22, 0.14, 0.18, 0.1, 0.1, 0.12, 0.08, 0.06)
STATUS_MIX = {"succeeded": 0.85, "failed": 0.09, "timeout": 0.03, "cancelled": 0.02, "queued": 0.01}
SOURCES = ("file", "offline", "gemini", "upload", "template")
ERRORS = (
    ("SyntaxError", "invalid syntax (strategy.py, line 14)"),
    ("NameError", "name 'crossover' is not defined"),
    ("ValueError", "Long orders require: SL (101.2) < LIMIT (100.9) < TP (105.0)"),
    ("ImportError", "import of 'requests' is not allowed"),
)
HISTORY_SPAN = timedelta(days=365)
CHUNK = 2_000


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    args = _parse_args(argv)
    with _bench_home() as (home, temporary):
        db = home / "bench" / f"store-{args.executions}.db"
        reuse = args.reuse and not temporary and db.exists()
        if not reuse:
            _remove_database(db)
        _log(f"store: {db}" + (" (temporary directory)" if temporary else " (under BOTLAB_HOME)"))
        url = f"sqlite:///{db}"
        results = run(url, args.executions, reps=args.reps, seed=args.seed, fill_store=not reuse)
        results["db_size_mb"] = round(_size_mb(db), 1)
        results["database"] = str(db) if not temporary else "(temporary, removed)"
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:>22}: {value}")
    return 0


def run(
    url: str, executions: int, *, reps: int = 15, seed: int = 7, fill_store: bool = True
) -> dict[str, Any]:
    """Fill the store at ``url`` (unless not ``fill_store``: it was filled before, with the same
    seed) and time its queries; returns the figures."""
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    store = Store(url)
    strategies = _save_strategies(store, rng)  # the same strategies again when not filling
    if fill_store:
        fill(store, executions, strategies, rng)
        store.rebuild_totals()  # the rows went in directly, not through the store
    store.close()
    fill_s = round(time.perf_counter() - started, 1) if fill_store else None
    _log(f"filled {executions:,} executions in {fill_s} s; timing…" if fill_store else "timing…")

    opened: list[Store] = []
    open_ms = _median_ms(lambda: opened.append(Store(url)), reps)
    for other in opened:
        other.close()
    store = Store(url)
    try:
        names = [name for name, _ in strategies]
        symbol = SYMBOLS[0]
        figures = {
            "executions": executions,
            "fill_s": fill_s,
            "open_ms": open_ms,
            "history_ms": _median_ms(_cycling(names, store.strategy_history), reps),
            "history_full_ms": _median_ms(
                _cycling(names, lambda name: store.strategy_history(name, full=True)), reps
            ),
            "history_page_ms": _median_ms(
                _cycling(names, lambda name: store.strategy_history(name, limit=100)), reps
            ),
            "summary_ms": _median_ms(store.performance_summary, reps),
            "summary_one_strategy_ms": _median_ms(
                _cycling(names, lambda name: store.performance_summary(strategy=name)), reps
            ),
            "leaderboard_ms": _median_ms(
                lambda: store.list_executions(
                    status=SUCCEEDED, symbol=symbol, sort="sharpe_ratio", limit=50
                ),
                reps,
            ),
            "leaderboard_by_win_rate_ms": _median_ms(
                lambda: store.list_executions(symbol=symbol, sort="win_rate", limit=50), reps
            ),
            "leaderboard_deep_page_ms": _median_ms(
                lambda: store.list_executions(sort="return_pct", limit=50, offset=5_000), reps
            ),
            "list_strategies_ms": _median_ms(store.list_strategies, reps),
            "history_rows": len(store.strategy_history(names[0])),
        }
        figures["store_run_ms"] = _median_ms(_store_one_run(store, strategies[0][1], rng), reps)
    finally:
        store.close()
    return figures


# -- filling -------------------------------------------------------------------------------------


def fill(store: Store, executions: int, strategies: list[tuple[str, int]], rng) -> None:
    """Insert ``executions`` runs with trades and equity curves, in chunks (Core bulk inserts)."""
    start = datetime.now(UTC) - HISTORY_SPAN
    step = HISTORY_SPAN / max(executions, 1)
    insert_runs = sa.insert(Execution.__table__).returning(
        Execution.__table__.c.id, sort_by_parameter_order=True
    )
    for first in range(0, executions, CHUNK):
        count = min(CHUNK, executions - first)
        runs = _runs(rng, count, strategies, start + step * first, step)
        with store.engine.begin() as conn:
            ids = conn.execute(insert_runs, runs).scalars().all()
            trades, curves = _results(rng, ids, runs)
            if trades:
                conn.execute(sa.insert(Trade.__table__), trades)
            if curves:
                conn.execute(sa.insert(EquityCurve.__table__), curves)
        if first and first % 20_000 == 0:
            _log(f"  {first:,} executions…")


def _save_strategies(store: Store, rng) -> list[tuple[str, int]]:
    """About 50 strategies, a few with several versions; returns ``(name, latest id)``."""
    names = [
        f"{kind} {n}"
        for kind in ("SMA Cross", "RSI Revert", "Breakout", "MACD")
        for n in range(1, 13)
    ] + ["Bollinger Squeeze", "Momentum Rotation"]
    saved = []
    for index, name in enumerate(names):
        for version in range(1 + int(rng.integers(0, 3))):
            record = store.save_strategy(
                name,
                _strategy_code(name, version),
                description=f"{name}: a benchmark strategy",
                source=SOURCES[index % len(SOURCES)],
                spec={"indicators": ["SMA", "RSI"], "stop_loss_pct": 2.0, "version": version},
            )
        saved.append((name, record.id))
    return saved


def _strategy_code(name: str, version: int) -> str:
    body = "\n".join(f"        # rule {i}: keep the code realistically long" for i in range(40))
    return (
        "from backtesting import Strategy\nfrom backtesting.lib import crossover\n\n\n"
        f"class Bot(Strategy):\n    '''{name} v{version}'''\n    n1 = {10 + version}\n"
        f"    n2 = 30\n\n    def init(self):\n        pass\n\n    def next(self):\n{body}\n"
        "        pass\n"
    )


def _runs(rng, count: int, strategies, start: datetime, step: timedelta) -> list[dict[str, Any]]:
    """``count`` execution rows, created one ``step`` apart from ``start``."""
    statuses = rng.choice(list(STATUS_MIX), size=count, p=list(STATUS_MIX.values()))
    symbols = rng.choice(SYMBOLS, size=count, p=SYMBOL_WEIGHTS)
    picks = rng.integers(0, len(strategies), size=count)
    returns = rng.normal(8.0, 25.0, size=count)
    sharpe = rng.normal(0.6, 0.8, size=count)
    trades = rng.poisson(10, size=count)
    durations = rng.gamma(2.0, 1.5, size=count)
    rows = []
    for i in range(count):
        created = start + step * i
        name, strategy_id = strategies[picks[i]]
        status = str(statuses[i])
        row = _base_row(name, strategy_id, status, str(symbols[i]), created, float(durations[i]))
        if status == SUCCEEDED:
            row.update(_metrics(rng, float(returns[i]), float(sharpe[i]), int(trades[i])))
        elif status == FAILED:
            row["error_type"], row["error_message"] = ERRORS[i % len(ERRORS)]
        rows.append(row)
    return rows


def _base_row(name, strategy_id, status, symbol, created, duration) -> dict[str, Any]:
    finished = status not in ("queued", "running")
    return {
        "strategy_id": strategy_id,
        "strategy_name": name,
        "kind": "strategy",
        "status": status,
        "priority": 0,
        "created_at": created,
        "started_at": created if status != "queued" else None,
        "finished_at": created + timedelta(seconds=duration) if finished else None,
        "heartbeat_at": None,
        "duration_s": duration if finished else None,
        "runner_host": "bench-host",
        "runner_pid": 4242,
        "symbol": symbol,
        "interval": "1d",
        "data_source": "sample",
        "data_start": datetime(2018, 1, 1, tzinfo=UTC),
        "data_end": datetime(2023, 12, 29, tzinfo=UTC),
        "bars": 1_508,
        "test_period_days": 2_188,
        "cash": 10_000.0,
        "commission": 0.002,
        **dict.fromkeys(HEADLINE_METRICS),
        **dict.fromkeys(("error_type", "error_message", "stats", "warnings", "sandbox_report")),
        "log_path": f"/home/user/.botlab/results/{created:%Y%m%d-%H%M%S}/run.log",
        "json_path": f"/home/user/.botlab/results/{created:%Y%m%d-%H%M%S}/result.json",
        "metrics_path": f"/home/user/.botlab/results/{created:%Y%m%d-%H%M%S}/metrics.json",
    }


def _metrics(rng, ret: float, sharpe: float, trades: int) -> dict[str, Any]:
    drawdown = -abs(float(rng.normal(15, 8)))
    win_rate = float(rng.uniform(0.3, 0.7)) if trades else None
    metrics = {
        "return_pct": ret,
        "buy_hold_return_pct": float(rng.normal(10, 20)),
        "cagr_pct": ret / 6,
        "sharpe_ratio": sharpe if trades else None,
        "sortino_ratio": sharpe * 1.4 if trades else None,
        "calmar_ratio": (ret / 6) / -drawdown if trades else None,
        "max_drawdown_pct": drawdown,
        "win_rate": win_rate,
        "trades": trades,
        "profit_factor": float(rng.gamma(4, 0.3)) if trades else None,
        "exposure_pct": float(rng.uniform(5, 95)),
        "sqn": float(rng.normal(0.5, 1)) if trades else None,
        "final_equity": 10_000.0 * (1 + ret / 100),
    }
    metrics["stats"] = _stats(metrics)
    metrics["warnings"] = ["Some trades remain open at the end of backtest."] if trades > 15 else []
    return metrics


def _stats(m: dict[str, Any]) -> dict[str, Any]:
    """A backtesting.py-shaped stats dict (sanitised: NaN already None, times as strings)."""
    return {
        "Start": "2018-01-02T00:00:00",
        "End": "2023-12-29T00:00:00",
        "Duration": "2187 days 00:00:00",
        "Exposure Time [%]": m["exposure_pct"],
        "Equity Final [$]": m["final_equity"],
        "Equity Peak [$]": m["final_equity"] * 1.08,
        "Commissions [$]": 120.5,
        "Return [%]": m["return_pct"],
        "Buy & Hold Return [%]": m["buy_hold_return_pct"],
        "Return (Ann.) [%]": m["cagr_pct"],
        "Volatility (Ann.) [%]": 18.3,
        "CAGR [%]": m["cagr_pct"],
        "Sharpe Ratio": m["sharpe_ratio"],
        "Sortino Ratio": m["sortino_ratio"],
        "Calmar Ratio": m["calmar_ratio"],
        "Alpha [%]": 1.2,
        "Beta": 0.4,
        "Max. Drawdown [%]": m["max_drawdown_pct"],
        "Avg. Drawdown [%]": m["max_drawdown_pct"] / 4,
        "Max. Drawdown Duration": "412 days 00:00:00",
        "Avg. Drawdown Duration": "37 days 00:00:00",
        "# Trades": m["trades"],
        "Win Rate [%]": None if m["win_rate"] is None else m["win_rate"] * 100,
        "Best Trade [%]": 12.4,
        "Worst Trade [%]": -7.9,
        "Avg. Trade [%]": 0.8,
        "Max. Trade Duration": "88 days 00:00:00",
        "Avg. Trade Duration": "19 days 00:00:00",
        "Profit Factor": m["profit_factor"],
        "Expectancy [%]": 0.9,
        "SQN": m["sqn"],
        "Kelly Criterion": 0.12,
        "_strategy": "Bot(n1=10,n2=30)",
    }


def _results(rng, ids: list[int], runs: list[dict[str, Any]]) -> tuple[list, list]:
    """Trades and packed equity curves for the succeeded runs among ``ids`` (vectorised)."""
    done = [(i, r) for i, r in zip(ids, runs, strict=True) if r["status"] == SUCCEEDED]
    if not done:
        return [], []
    counts = [row["trades"] for _, row in done]
    owners = np.repeat([execution_id for execution_id, _ in done], counts).tolist()
    trades = _trades(rng, sum(counts))
    for trade, owner, seq in zip(trades, owners, _sequences(counts), strict=True):
        trade["execution_id"], trade["seq"] = owner, seq
    finals = np.array([row["final_equity"] for _, row in done])
    curves = []
    for (execution_id, _), equity in zip(done, _equity_curves(rng, finals, 500), strict=True):
        points, payload = pack_equity({"time": _CURVE_DAYS[: len(equity)], "equity": equity})
        curves.append({"execution_id": execution_id, "points": points, "payload": payload})
    return trades, curves


_DAYS = [datetime(2018, 1, 2, tzinfo=UTC) + timedelta(days=day) for day in range(1_500)]
_CURVE_DAYS = np.datetime64("2018-01-02") + np.arange(5_000).astype("timedelta64[D]")
_EXIT_REASONS = ("signal", "stop_loss", "take_profit", "end_of_data")


def _sequences(counts: list[int]) -> list[int]:
    """1, 2, … within each run: ``[2, 3]`` gives ``[1, 2, 1, 2, 3]``."""
    return [seq for count in counts for seq in range(1, count + 1)]


def _trades(rng, count: int) -> list[dict[str, Any]]:
    """``count`` trade rows (without ``execution_id``/``seq``)."""
    entries = rng.integers(0, 1_400, size=count).tolist()
    holds = rng.integers(1, 60, size=count).tolist()
    prices = rng.uniform(50, 400, size=count).tolist()
    returns = rng.normal(0.8, 6, size=count).tolist()
    return [
        {
            "entry_time": _DAYS[entries[i]],
            "exit_time": _DAYS[entries[i] + holds[i]],
            "entry_price": prices[i],
            "exit_price": prices[i] * (1 + returns[i] / 100),
            "size": float(10 + i % 50),
            "pnl": prices[i] * returns[i] / 10,
            "return_pct": returns[i],
            "entry_bar": entries[i],
            "exit_bar": entries[i] + holds[i],
            "commission": 0.4,
            "exit_reason": _EXIT_REASONS[i % 4],
            "tag": None,
        }
        for i in range(count)
    ]


def _equity_curves(rng, finals: np.ndarray, points: int) -> np.ndarray:
    """Random-walk equity curves (one row each) ending at ``finals``, flat out of the market."""
    steps = rng.normal(0.0, 0.01, size=(len(finals), points))
    steps[rng.random(steps.shape) < 0.4] = 0.0
    walk = np.cumprod(1 + steps, axis=1)
    equity = 10_000.0 + (walk - walk[:, :1]) * 10_000.0
    equity += np.linspace(0, 1, points) * (finals - equity[:, -1])[:, None]
    return equity


# -- timing --------------------------------------------------------------------------------------


def _store_one_run(store: Store, strategy_id: int, rng) -> Callable[[], None]:
    """A callable storing one finished run: 20 trades, a 2,500-point curve, full stats."""
    metrics = _metrics(rng, 12.5, 1.1, 20)
    stats, warnings = metrics.pop("stats"), metrics.pop("warnings")
    trades = _trades(rng, 20)
    equity = _equity_curves(rng, np.array([metrics["final_equity"]]), 2_500)[0]
    curve = {"time": _CURVE_DAYS[:2_500], "equity": equity}

    def store_run() -> None:
        run_id = store.create_execution(
            strategy_id=strategy_id,
            symbol="AAPL",
            interval="1d",
            cash=10_000,
            commission=0.002,
            runner_host="bench-host",
            runner_pid=os.getpid(),
        )
        store.finish_execution(
            run_id,
            status=SUCCEEDED,
            metrics=metrics,
            stats=stats,
            trades=trades,
            equity=curve,
            warnings=warnings,
        )

    return store_run


def _cycling(values: list, call: Callable[[Any], Any]) -> Callable[[], Any]:
    """A no-argument callable calling ``call`` on each of ``values`` in turn."""
    state = {"i": 0}

    def next_call() -> Any:
        value = values[state["i"] % len(values)]
        state["i"] += 1
        return call(value)

    return next_call


def _median_ms(call: Callable[[], Any], reps: int) -> float:
    call()  # warm-up: statement caches, page cache
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


# -- plumbing ------------------------------------------------------------------------------------


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.store", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--executions", type=int, default=100_000, help="runs to insert")
    parser.add_argument("--reps", type=int, default=15, help="timed calls per figure (median)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the generated data")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the store an earlier run left under BOTLAB_HOME instead of filling a new one",
    )
    return parser.parse_args(argv)


@contextmanager
def _bench_home() -> Iterator[tuple[Path, bool]]:
    """``BOTLAB_HOME``, or a temporary directory removed afterwards."""
    home = os.environ.get("BOTLAB_HOME")
    if home:
        yield Path(home).expanduser().resolve(), False
        return
    temporary = Path(tempfile.mkdtemp(prefix="botlab-bench-"))
    try:
        yield temporary, True
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _remove_database(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _size_mb(db: Path) -> float:
    return (
        sum(
            Path(f"{db}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{db}{suffix}").exists()
        )
        / 1024**2
    )


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
