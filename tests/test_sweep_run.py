"""Sweeps end to end: real sandboxed children, the real backtesting engine, a real SQLite store."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from backtesting import Backtest

from engine.config import load_settings
from engine.data import load_ohlcv
from engine.execution.executor import BotExecutor
from engine.execution.sandbox import get_sandbox
from engine.metrics import metrics_from_stats
from engine.store import Store
from engine.sweeps.engines import EmbeddedEngine
from engine.sweeps.report import sweep_document
from engine.sweeps.runner import SweepError, SweepRequest, SweepRunner

from .conftest import EXAMPLES

SMA = str(EXAMPLES / "sma_cross.py")

# Crashes its whole process (not an exception) for one value of ``fast``.
CRASHER = """
import os
import pandas as pd
from backtesting import Strategy
from backtesting.lib import crossover


def sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


class Crasher(Strategy):
    fast = 10
    slow = 30

    def init(self):
        if self.fast == 7:
            os._exit(3)
        self.a = self.I(sma, self.data.Close, self.fast)
        self.b = self.I(sma, self.data.Close, self.slow)

    def next(self):
        if crossover(self.a, self.b):
            self.position.close()
            self.buy()
        elif crossover(self.b, self.a):
            self.position.close()
"""


class RecordingRunner:
    """The real sandbox, with a note of every slice it was asked to run."""

    def __init__(self) -> None:
        self.sandbox = get_sandbox(load_settings().sandbox_policy)
        self.slices: list[list[dict]] = []
        self.lock = threading.Lock()

    def __call__(self, job_dir, limits, **kwargs):
        job = json.loads((Path(job_dir) / "job.json").read_text())
        with self.lock:
            self.slices.append(job["combinations"])
        return self.sandbox.run(job_dir, limits, **kwargs)


def plain_loop(combinations, symbol="GOOG"):
    """The reference: Backtest.run() in this process, one combination after another."""
    namespace: dict = {}
    exec(compile(Path(SMA).read_text(), SMA, "exec"), namespace)
    backtest = Backtest(
        load_ohlcv(symbol).frame, namespace["SmaCross"], cash=100_000, finalize_trades=True
    )
    return [metrics_from_stats(dict(backtest.run(**p))) for p in combinations]


def test_results_equal_a_plain_backtest_loop_combination_for_combination():
    runner = SweepRunner(workers=2)
    request = SweepRequest(
        SMA, params=["fast=5:15:5", "slow=20:40:10"], constraints=["fast < slow"], symbols=["GOOG"]
    )
    sweep = runner.start(request)

    document = sweep_document(runner.store, sweep.id)
    assert sweep.status == "succeeded"
    combos = document["combinations"]
    assert len(combos) == document["total"] == 9
    expected = plain_loop([c["params"] for c in combos])
    for combo, metrics in zip(combos, expected, strict=True):
        assert combo["status"] == "succeeded"
        for name, value in metrics.items():
            if isinstance(value, float):
                assert combo["metrics"][name] == pytest.approx(value, rel=1e-12), name
            else:
                assert combo["metrics"][name] == value, name


def test_every_result_is_a_stored_run_with_typed_params_and_the_best_keep_details():
    runner = SweepRunner(workers=2)
    request = SweepRequest(SMA, params=["fast=5,10", "slow=20,30"], symbols=["GOOG"], best_n=2)
    sweep = runner.start(request)

    store = runner.store
    results = store.sweep_results(sweep.id)
    assert len(results) == 4
    run = store.get_execution(results[0].execution_id)
    assert run.sweep_id == sweep.id
    assert run.params == {"fast": 5, "slow": 20}
    assert isinstance(run.params["fast"], int)
    assert run.strategy_name == "sma_cross" and run.symbol == "GOOG"
    page = store.list_executions(strategy="sma_cross", limit=10)  # the leaderboard sees them
    assert page.total == 4
    detailed = [r for r in results if r.has_details]
    assert len(detailed) == 2
    best = sweep_document(store, sweep.id)["best"]
    assert best["execution_id"] in {r.execution_id for r in detailed}
    assert len(store.get_trades(best["execution_id"])) == best["metrics"]["trades"] > 0
    assert store.get_equity(best["execution_id"]) is not None
    assert sweep.best_execution_id == best["execution_id"]


def test_a_combination_that_kills_its_child_is_retried_then_isolated(bot_file):
    path = bot_file(CRASHER, "crasher.py")
    recorder = RecordingRunner()
    runner = SweepRunner(engine=EmbeddedEngine(1, runner=recorder))
    request = SweepRequest(str(path), params=["fast=5:9:1"], symbols=["GOOG"], best_n=0)

    sweep = runner.start(request)

    results = {r.params["fast"]: r for r in runner.store.sweep_results(sweep.id)}
    assert sorted(results) == [5, 6, 7, 8, 9]  # every combination stored, once
    bad = results.pop(7)
    assert bad.status == "failed" and bad.error_type == "crashed"
    assert "exit code 3" in bad.error_message
    assert all(r.status == "succeeded" for r in results.values())
    sizes = [[c["params"]["fast"] for c in s] for s in recorder.slices]
    assert sizes[0] == [5, 6, 7, 8, 9]  # one slice, one child
    assert sizes[1] == [7, 8, 9]  # 5 and 6 were kept; the rest retried once
    assert [7] in sizes[2:] and [8, 9] not in sizes[:2]  # then split until 7 is alone
    assert sweep.status == "succeeded"


def test_a_cancelled_sweep_resumes_without_storing_anything_twice():
    store = Store.open()
    cancel_after_first = []

    def on_progress(progress):
        if not cancel_after_first:
            cancel_after_first.append(progress.done)
            store.request_sweep_cancel(progress.sweep_id)  # as another process would

    runner = SweepRunner(store=store, engine=EmbeddedEngine(1), progress=on_progress)
    request = SweepRequest(SMA, params=["fast=2:40:2", "slow=50:60:10"], symbols=["GOOG"])
    sweep = runner.prepare(request)
    sweep = runner.run(sweep.id)

    assert sweep.status == "cancelled"
    stored_before = len(store.sweep_results(sweep.id))
    assert 0 < stored_before < sweep.combinations == 40
    sweep = SweepRunner(store=store, workers=2).resume(sweep.id)

    results = store.sweep_results(sweep.id)
    assert sweep.status == "succeeded"
    assert len(results) == 40
    assert len({r.key for r in results}) == 40
    assert len({json.dumps(r.params, sort_keys=True) for r in results}) == 40
    assert store.performance_summary()["total_executions"] == 40
    robust = sweep_document(store, sweep.id)["robustness"]
    assert robust["overfitting"] is None  # the first run's returns were not kept
    assert any("uninterrupted" in note for note in robust["notes"])
    assert robust["deflated_sharpe_ratio"] is not None and robust["verdict"]["headline"]


def test_storing_the_same_results_again_changes_nothing():
    runner = SweepRunner(workers=1)
    sweep = runner.start(SweepRequest(SMA, params=["fast=5,10"], symbols=["GOOG"], best_n=0))
    store = runner.store
    rows = [
        {"sweep_key": r.key, "params": r.params, "status": r.status, "symbol": r.symbol}
        for r in store.sweep_results(sweep.id)
    ]
    assert store.record_sweep_results(sweep.id, rows) == 0
    assert len(store.sweep_results(sweep.id)) == 2
    assert store.performance_summary()["total_executions"] == 2


def test_an_unknown_parameter_is_refused_naming_the_strategys_parameters():
    with pytest.raises(SweepError, match=r"SmaCross has no parameter 'fats'.*fast=10, slow=30"):
        SweepRunner().prepare(SweepRequest(SMA, params=["fats=1,2"], symbols=["GOOG"]))
    assert Store.open().list_sweeps() == []  # nothing recorded for bad input


def test_parameters_are_discovered_inside_the_sandbox_not_by_importing_the_bot(bot_file, tmp_path):
    marker = tmp_path / "imported-in-the-app.txt"
    source = (
        f"try:\n    open({str(marker)!r}, 'w').write('the bot ran here')\n"
        "except Exception:\n    pass\n" + Path(SMA).read_text()
    )
    path = bot_file(source, "hostile.py")
    sweep = SweepRunner(workers=1).start(
        SweepRequest(str(path), params=["fast=5,10"], symbols=["GOOG"], best_n=0)
    )
    assert sweep.status == "succeeded"
    assert not marker.exists()


def test_a_stored_strategy_can_be_swept_by_name():
    BotExecutor(verbose=False).execute_bot(SMA, strategy_name="My SMA", test_symbol="GOOG")
    runner = SweepRunner(workers=1)
    sweep = runner.start(SweepRequest("My SMA", params=["slow=20,40"], symbols=["GOOG"]))
    assert sweep.status == "succeeded" and sweep.strategy_name == "My SMA"
    with pytest.raises(SweepError, match="neither a bot file nor a stored strategy"):
        runner.prepare(SweepRequest("No such thing", params=["slow=20,40"]))


def test_several_symbols_rank_a_parameter_set_by_its_mean_score():
    runner = SweepRunner(workers=2)
    request = SweepRequest(
        SMA, params=["fast=5,10"], symbols=["GOOG", "AAPL"], objective="return", best_n=1
    )
    sweep = runner.start(request)
    document = sweep_document(runner.store, sweep.id)
    assert document["total"] == 4 and document["done"] == 4
    by_params: dict = {}
    for c in document["combinations"]:
        by_params.setdefault(c["params"]["fast"], []).append(c["metrics"]["return_pct"])
    best_fast = max(by_params, key=lambda k: sum(by_params[k]) / 2)
    assert document["best"]["params"] == {"fast": best_fast}
    assert document["best"]["score"] == pytest.approx(sum(by_params[best_fast]) / 2)
    assert sorted(document["best"]["symbols"]) == ["AAPL", "GOOG"]


def test_a_script_bot_cannot_be_swept():
    with pytest.raises(SweepError, match="needs a Strategy bot"):
        SweepRunner().prepare(
            SweepRequest(str(EXAMPLES / "script_bot.py"), params=["n=1,2"], symbols=["GOOG"])
        )


def test_every_sweep_ends_with_its_robustness_computed_from_its_own_results():
    from engine.sweeps import robustness as rb

    runner = SweepRunner(workers=2)
    request = SweepRequest(SMA, params=["fast=5:15:5", "slow=20:40:10"], symbols=["GOOG"], best_n=0)
    sweep = runner.start(request)
    document = sweep_document(runner.store, sweep.id)
    robust = document["robustness"]

    # the same figures from a plain loop in this process
    namespace: dict = {}
    exec(compile(Path(SMA).read_text(), SMA, "exec"), namespace)
    backtest = Backtest(
        load_ohlcv("GOOG").frame, namespace["SmaCross"], cash=100_000, finalize_trades=True
    )
    curves = {
        json.dumps(c["params"], sort_keys=True): backtest.run(**c["params"])["_equity_curve"]
        for c in document["combinations"]
    }
    returns = {k: (v["Equity"].pct_change().fillna(0).to_numpy()[1:]) for k, v in curves.items()}
    best = curves[json.dumps(document["best"]["params"], sort_keys=True)]["Equity"].to_numpy()
    moments = rb.return_moments(best[1:] / best[:-1] - 1)
    sharpes = [r.mean() / r.std(ddof=1) for r in returns.values()]
    expected_dsr = rb.deflated_sharpe_ratio(
        moments.sharpe, moments.observations, 9, float(np.var(sharpes, ddof=1)),
        moments.skewness, moments.kurtosis,
    )  # fmt: skip
    matrix = np.column_stack(
        [returns[json.dumps(c["params"], sort_keys=True)] for c in document["combinations"]]
    )
    expected_pbo = rb.probability_of_backtest_overfitting(matrix, partitions=16)

    assert robust["trials"] == 9
    assert robust["deflated_sharpe_ratio"] == pytest.approx(expected_dsr, abs=1e-3)
    assert robust["overfitting"]["pbo"] == pytest.approx(expected_pbo.pbo, abs=0.02)
    assert robust["overfitting"]["splits"] == expected_pbo.splits
    assert robust["stability"]["best"] == document["best"]["params"]
    assert robust["monte_carlo"]["runs"] == 1000
    assert robust["verdict"]["level"] in (
        "robust",
        "mixed",
        "likely overfit",
        "too little evidence",
    )
    codes = {f["code"] for f in robust["verdict"]["findings"]}
    assert {"enough_trades", "few_trades"} & codes and {"overfit", "not_overfit"} & codes
    # --best 0 keeps no details, even though the best was run again for these figures
    assert not any(c["has_details"] for c in document["combinations"])


def test_walk_forward_chooses_and_scores_like_a_plain_loop_over_the_same_windows():
    """By hand: on each window, every candidate's Backtest.run() on the train bars, the best
    Sharpe chosen, then that setting run from the train window's first bar (warm indicators)
    to the test window's end, and only the test bars' move (from the last train close) kept."""
    runner = SweepRunner(workers=2)
    request = SweepRequest(SMA, params=["fast=5,10", "slow=20,30"], symbols=["GOOG"], best_n=0)
    sweep = runner.start(request)
    walk = sweep_document(runner.store, sweep.id)["robustness"]["walk_forward"]

    namespace: dict = {}
    exec(compile(Path(SMA).read_text(), SMA, "exec"), namespace)
    frame = load_ohlcv("GOOG").frame
    candidates = [{"fast": f, "slow": s} for f in (5, 10) for s in (20, 30)]

    def backtest(params, start, end):
        return Backtest(
            frame.iloc[start:end], namespace["SmaCross"], cash=100_000, finalize_trades=True
        ).run(**params)

    # 2,148 bars: train on 1,074, then five test windows of 214 (the last 4 bars are left over)
    bars, train, test = len(frame), len(frame) // 2, len(frame) // 10
    growth, steps = 1.0, []
    for test_start in range(train, bars - test + 1, test):
        train_start = test_start - train
        sharpes = []
        for params in candidates:
            sharpe = backtest(params, train_start, test_start)["Sharpe Ratio"]
            sharpes.append(sharpe if np.isfinite(sharpe) else -np.inf)
        best = candidates[sharpes.index(max(sharpes))]
        equity = backtest(best, train_start, test_start + test)["_equity_curve"]["Equity"]
        window = equity.to_numpy()[test_start - 1 - train_start :]
        steps.append((best, [test_start, test_start + test], (window[-1] / window[0] - 1) * 100))
        growth *= window[-1] / window[0]

    assert len(walk["steps"]) == len(steps) == 5
    for got, (params, window, return_pct) in zip(walk["steps"], steps, strict=True):
        assert (got["params"], got["test"]) == (params, window)
        assert got["out_of_sample"]["return_pct"] == pytest.approx(return_pct, abs=1e-9)
    assert walk["out_of_sample_return_pct"] == pytest.approx((growth - 1) * 100, rel=1e-9)


# Hangs (never returns) for one value of ``fast``; finishes the others at once.
HANGER = CRASHER.replace("os._exit(3)", "while True:\n                pass").replace(
    "class Crasher", "class Hanger"
)


def test_a_combination_that_hangs_is_stopped_by_the_slice_timeout_and_isolated(bot_file):
    path = bot_file(HANGER, "hanger.py")
    runner = SweepRunner(workers=1)
    request = SweepRequest(
        str(path), params=["fast=5:9:1"], symbols=["GOOG"], best_n=0, robustness=False,
        slice_timeout=3,
    )  # fmt: skip
    sweep = runner.start(request)

    results = {r.params["fast"]: r for r in runner.store.sweep_results(sweep.id)}
    assert sweep.status == "succeeded" and sorted(results) == [5, 6, 7, 8, 9]
    assert (results[7].status, results[7].error_type) == ("timeout", "timeout")
    assert "this combination stops the sweep's process" in results[7].error_message
    assert all(results[n].status == "succeeded" for n in (5, 6, 8, 9))


def test_a_strategy_compiled_from_a_description_is_swept_over_its_own_numbers():
    from engine.generation.generator import StrategyGenerator

    strategy = StrategyGenerator().generate(
        "buy when RSI(14) drops below 30 and sell when it rises above 70", engine="auto"
    )
    runner = SweepRunner(workers=2)
    # the description's numbers are the strategy's parameters, read inside the sandbox
    assert runner.parameters(strategy.code) == {
        "rsi_period": 14,
        "oversold": 30,
        "overbought": 70,
        "size_fraction": 0.99,
    }
    sweep = runner.start(
        SweepRequest(
            strategy.name, params=["rsi_period=10,14", "oversold=20,30"], symbols=["GOOG"],
            best_n=0, robustness=False,
        )
    )  # fmt: skip

    results = runner.store.sweep_results(sweep.id)
    assert sweep.status == "succeeded" and len(results) == 4
    assert {(r.params["rsi_period"], r.params["oversold"]) for r in results} == {
        (10, 20), (10, 30), (14, 20), (14, 30),
    }  # fmt: skip
    assert all(r.status == "succeeded" for r in results)


def test_a_bot_that_fills_at_the_close_with_leverage_is_swept_with_those_settings(tmp_path):
    # TRADE_ON_CLOSE and MARGIN are the bot's own Backtest settings (a single run honours them):
    # every combination of a sweep must run with them too, or its numbers are another strategy's
    bot = tmp_path / "close_fills.py"
    bot.write_text(Path(SMA).read_text() + "\nTRADE_ON_CLOSE = True\nMARGIN = 0.5\n")
    runner = SweepRunner(workers=1)
    sweep = runner.start(
        SweepRequest(str(bot), params=["fast=5,10"], symbols=["GOOG"], best_n=0, robustness=False)
    )
    combos = sweep_document(runner.store, sweep.id)["combinations"]
    assert sweep.status == "succeeded" and len(combos) == 2

    namespace: dict = {}
    exec(compile(bot.read_text(), str(bot), "exec"), namespace)
    frame = load_ohlcv("GOOG").frame
    for combo in combos:
        params = combo["params"]
        with_settings = Backtest(
            frame, namespace["SmaCross"], cash=100_000, finalize_trades=True,
            trade_on_close=True, margin=0.5,
        ).run(**params)  # fmt: skip
        default = Backtest(frame, namespace["SmaCross"], cash=100_000, finalize_trades=True)
        expected = metrics_from_stats(dict(with_settings))
        assert (
            expected["final_equity"]
            != metrics_from_stats(dict(default.run(**params)))["final_equity"]
        )  # the settings change the result, so the comparison below tells them apart
        assert combo["metrics"]["final_equity"] == pytest.approx(expected["final_equity"])
        assert combo["metrics"]["trades"] == expected["trades"]
