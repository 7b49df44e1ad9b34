"""Several processes writing to one SQLite store at once lose nothing."""

from __future__ import annotations

import multiprocessing
import os
import threading

from engine.store import Store, totals

RUNS_PER_WORKER = 50


def _worker(url: str, worker: int) -> None:
    """Create and finish RUNS_PER_WORKER runs, saving the shared strategy each time."""
    with Store(url) as store:
        for i in range(RUNS_PER_WORKER):
            strategy = store.save_strategy("shared", "same code")
            run_id = store.create_execution(
                strategy_id=strategy.id, symbol="AAPL", runner_host=f"w{worker}", runner_pid=i
            )
            store.update_execution(run_id, bars=100 + i)
            store.finish_execution(
                run_id,
                status="succeeded",
                metrics={"return_pct": float(i), "sharpe_ratio": worker + i / 100},
                trades=[{"pnl": float(k)} for k in range(3)],
                equity={"time": list(range(10)), "equity": [float(k) for k in range(10)]},
            )
            store.save_strategy(f"w{worker}-{i}", f"code {i}")


def _check(store: Store, workers: int) -> None:
    expected = workers * RUNS_PER_WORKER
    summary = store.performance_summary()
    assert summary["total_executions"] == summary["successful_executions"] == expected
    page = store.list_executions(limit=expected + 10)
    assert page.total == expected and len({run.id for run in page.items}) == expected
    for run in page.items[:: max(expected // 10, 1)]:
        assert len(store.get_trades(run.id)) == 3
        assert len(store.get_equity(run.id)["equity"]) == 10
    assert [s.version for s in store.strategy_versions("shared")] == [1]
    assert len(store.list_strategies()) == 1 + expected
    with store.engine.connect() as conn:
        assert totals.drift(conn) == []


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'botlab.db'}"
    Store(url).close()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(url, n)) for n in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(240)
    assert [process.exitcode for process in processes] == [0, 0]
    with Store(url) as store:
        _check(store, 2)


def test_threads_sharing_one_store_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'botlab.db'}"
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            _worker(url, n)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(240)
    assert errors == []
    with Store(url) as store:
        _check(store, 3)


def test_a_forked_child_gets_its_own_connections(tmp_path):
    """Pooled connections opened before fork() are not reused by the child."""
    store = Store(f"sqlite:///{tmp_path / 'botlab.db'}")
    strategy = store.save_strategy("s", "c")
    pid = os.fork()
    if pid == 0:  # child: use the inherited store, then leave without cleanup
        code = 1
        try:
            store.create_execution(strategy_id=strategy.id)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.performance_summary()["total_executions"] == 1  # parent's pool still works
    store.close()
