"""What runs *inside* the sandboxed child for a sweep: one slice of combinations, or a description
of the strategy's parameters.

The sandbox calls :func:`run_job` (entry ``engine.sweeps._child:run_job``) on a job directory::

    job.json       {"mode": "slice"|"describe", "bot_file": "bot.py", "data_file": "/abs/data.pkl",
                    "cash": ..., "commission": ..., "trade_on_close": false, "margin": 1.0,
                    "strategy_class": null,
                    "combinations": [{"key": "...", "params": {...}}, ...], "detail": false}
    bot.py         the bot's source
    results.jsonl  (slice) one line per finished combination, flushed as each finishes, so a
                   crash keeps what was done: {"key", "ok", "stats", "row"} or {"key", "ok":
                   false, "error_type", "error"}; with ``detail`` also "trades", "equity_file"
    returns.npy    (slice) written when the slice ends: every combination's bar-by-bar returns
                   (float32) one after the other; a line's ``row`` is [offset, length]. What the
                   sweep's overfitting statistics and walk-forward need.

A combination may carry ``window``: [start, end) in bars, to run on that part of the data only
(walk-forward's train and test windows).
    result.json    (describe) {"ok", "strategy_class", "params": {name: default}}

The slice loads the bot and the data once, builds one ``Backtest`` and loops ``Backtest.run()``
in process (never ``optimize()``, which forks and needs /dev/shm). Keep this module light to
import: the child imports it before the sandbox's layers apply.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from engine.execution import harness

RESULTS_FILE = "results.jsonl"
RETURNS_FILE = "returns.npy"
DESCRIBE_FILE = "result.json"
PARAM_TYPES = (bool, int, float, str)


def run_job(job_dir: Path) -> int:
    """Run the slice or description in ``job_dir``; return the process exit code."""
    job_dir = Path(job_dir)
    job = json.loads((job_dir / harness.JOB_FILE).read_text())
    module, failure = harness._load_module(job_dir / job["bot_file"])
    strategy = None
    if failure is None:
        strategy, notes = harness._pick_strategy(module, job.get("strategy_class"))
        if strategy is None:
            failure = harness._failure(harness.NO_STRATEGY, notes[0])
    if job["mode"] == "describe":
        result = failure or describe(strategy)
        harness._write_result(job_dir, result)
        return 0 if result["ok"] else 1
    if failure is not None:  # every combination of the slice fails the same way
        _write_failure_for_all(job_dir, job, failure)
        return 1
    run_slice(job_dir, job, strategy)
    return 0


def describe(strategy) -> dict:
    """The strategy's parameters: its public class attributes holding plain values, with their
    defaults (what ``Backtest.run(**params)`` accepts)."""
    from backtesting import Strategy

    params: dict = {}
    for klass in reversed(strategy.__mro__):
        if not issubclass(klass, Strategy) or klass is Strategy:
            continue
        for name, value in vars(klass).items():
            if not name.startswith("_") and type(value) in PARAM_TYPES:
                params[name] = harness.to_json_value(value)
    return {"ok": True, "strategy_class": strategy.__name__, "params": params}


def run_slice(job_dir: Path, job: dict, strategy) -> None:
    from backtesting import Backtest

    data = pd.read_pickle(job["data_file"])
    backtests: dict = {}  # one Backtest per window of the data ([start, end) in bars)

    def backtest_for(window):
        key = tuple(window) if window else None
        if key not in backtests:
            frame = data if key is None else data.iloc[key[0] : key[1]]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", FutureWarning)
                backtest = Backtest(
                    frame,
                    strategy,
                    cash=job["cash"],
                    commission=job["commission"],
                    trade_on_close=job.get("trade_on_close", False),
                    margin=job.get("margin", 1.0),
                    finalize_trades=True,
                )
            backtests[key] = (backtest, frame)
        return backtests[key]

    returns: list[np.ndarray] = []
    with open(job_dir / RESULTS_FILE, "a", encoding="utf-8") as out:
        for index, combination in enumerate(job["combinations"]):
            backtest, frame = backtest_for(combination.get("window"))
            detail = job.get("detail", False)
            line = _run_one(backtest, frame, combination, job_dir, index, detail, returns)
            out.write(json.dumps(line, allow_nan=False) + "\n")
            out.flush()  # a later crash must not lose this combination
    if returns:
        np.save(job_dir / RETURNS_FILE, np.concatenate(returns), allow_pickle=False)


def _bar_returns(stats) -> np.ndarray:
    equity = stats["_equity_curve"]["Equity"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        changes = np.diff(equity) / equity[:-1]
    return np.nan_to_num(changes, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32)


def _run_one(
    backtest, data, combination: dict, job_dir: Path, index: int, detail: bool, returns: list
) -> dict:
    key = combination["key"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        try:
            stats = backtest.run(**combination["params"])
        except MemoryError:
            failure = harness._failure(harness.MEMORY_ERROR, "ran out of memory")
            return {"key": key, **failure}
        except Exception as exc:  # the bot's own code failed for these parameters
            return {"key": key, **harness._bot_exception(harness.STRATEGY_ERROR, exc)}
    line = {"key": key, "ok": True, "warnings": harness.summarise_warnings(caught)}
    bar_returns = _bar_returns(stats)
    line["row"] = [sum(r.size for r in returns), bar_returns.size]  # offset, length
    returns.append(bar_returns)
    if not detail:
        line["stats"] = {
            name: harness.to_json_value(value)
            for name, value in stats.items()
            if not str(name).startswith("_")
        }
        return line
    result = harness.serialise_stats(stats, data)
    equity_file = f"equity-{index}.npy"
    np.save(job_dir / equity_file, result.pop("equity_array"), allow_pickle=False)
    line.update(stats=result["stats"], trades=result["trades"], equity_file=equity_file)
    return line


def _write_failure_for_all(job_dir: Path, job: dict, failure: dict) -> None:
    with open(job_dir / RESULTS_FILE, "a", encoding="utf-8") as out:
        for combination in job["combinations"]:
            out.write(json.dumps({"key": combination["key"], **failure}) + "\n")
