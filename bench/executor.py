"""How much the sandbox costs: sandboxed runs against a bare in-process ``Backtest.run()``.

    python -m bench.executor            # a small table
    python -m bench.executor --json     # one JSON object
    python -m bench.executor --check    # exit 1 if a target is missed (for CI)

Three figures, for one SmaCross-like bot on a synthetic 22,000-bar daily series:

* **first run**: a fresh :class:`~engine.execution.sandbox.Sandbox` (zygote start and preload
  included) until its first run has finished and its ``result.json`` is read. Target: at most
  1.5 s.
* **warm sandboxed run**: job directory written (bot, job.json, pickled data), forked, layers
  applied, harness run, ``result.json`` read, scratch removed; median against the median of a
  bare ``Backtest.run()`` of the same strategy on the same data, measured interleaved in this
  process so both see the same machine load.
* **warm executor run** (the headline): the same through ``BotExecutor.execute_bot``, i.e. with
  data validation, persistence to the database and the results files. Target: at most 1.3x.
  The headline ratio is the median of paired ratios: each executor run over the bare run of
  the same round (a round runs bare, sandboxed, executor and floor back to back). The machine
  this runs on is shared, and a burst of load lasts a few hundred milliseconds, so it tends to
  hit both runs of a pair; medians of the two series taken apart (``executor_ratio``, also
  reported) let a burst that fell on one series only move the ratio. Both estimate the same
  cost; on a quiet machine they agree within a few percent.
* **executor floor** (a diagnostic): ``execute_bot`` with the harness run *in this process*
  instead of the sandbox. The gap between it and the headline is what the sandbox costs; the gap
  between it and the bare run is result serialisation and persistence.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
import types
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

BARS = 22_000
FIRST_RUN_TARGET_S = 1.5
WARM_RATIO_TARGET = 1.3

BOT_SOURCE = '''\
"""SmaCross: buy when the 10-bar average crosses above the 30-bar one, close on the reverse."""
import pandas as pd
from backtesting import Strategy
from backtesting.lib import crossover


def sma(values, n):
    return pd.Series(values).rolling(n).mean()


class SmaCross(Strategy):
    fast = 10
    slow = 30

    def init(self):
        self.ma_fast = self.I(sma, self.data.Close, self.fast)
        self.ma_slow = self.I(sma, self.data.Close, self.slow)

    def next(self):
        if crossover(self.ma_fast, self.ma_slow):
            self.position.close()
            self.buy()
        elif crossover(self.ma_slow, self.ma_fast):
            self.position.close()
'''


def synthetic_daily(bars: int = BARS, seed: int = 7) -> pd.DataFrame:
    """A geometric random walk with plausible OHLCV, one bar per calendar day."""
    rng = np.random.default_rng(seed)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0.0002, 0.012, bars)))
    open_ = np.concatenate([[close[0]], close[:-1]]) * (1 + rng.normal(0, 0.002, bars))
    high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.004, bars)))
    low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.004, bars)))
    volume = rng.integers(100_000, 1_000_000, bars).astype(float)
    index = pd.date_range("1960-01-01", periods=bars, freq="D")
    return pd.DataFrame(
        {"Open": open_, "High": high, "Low": low, "Close": close, "Volume": volume}, index=index
    )


def load_strategy(source: str) -> type:
    module = types.ModuleType("bench_bot")
    exec(compile(source, "bench_bot.py", "exec"), module.__dict__)
    return module.SmaCross


def bare_run(strategy: type, frame: pd.DataFrame) -> float:
    from backtesting import Backtest

    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Backtest(frame, strategy, cash=100_000, commission=0.0, finalize_trades=True).run()
    return time.perf_counter() - began


def write_job(scratch: Path, frame: pd.DataFrame) -> Path:
    """A job directory laid out like the executor's (see ``engine.execution.harness``)."""
    job_dir = Path(tempfile.mkdtemp(prefix="bench-", dir=scratch))
    (job_dir / "bot.py").write_text(BOT_SOURCE)
    frame.to_pickle(job_dir / "data.pkl")
    job = {
        "mode": "strategy",
        "bot_file": "bot.py",
        "data_file": "data.pkl",
        "cash": 100_000.0,
        "commission": 0.0,
        "strategy_class": None,
    }
    (job_dir / "job.json").write_text(json.dumps(job))
    return job_dir


def sandbox_run(sandbox, scratch: Path, frame: pd.DataFrame) -> tuple[float, dict]:
    from engine.execution.supervisor import RunLimits

    began = time.perf_counter()
    job_dir = write_job(scratch, frame)
    try:
        outcome = sandbox.run(job_dir, RunLimits(timeout_s=120))
        result = json.loads((job_dir / "result.json").read_text())
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)
    elapsed = time.perf_counter() - began
    if outcome.failure or not result.get("ok"):
        raise RuntimeError(f"benchmark run failed: {outcome.failure_detail or result}")
    return elapsed, {"report": outcome.sandbox_report, "trades": len(result["trades"])}


def make_executor(home: Path, runner):
    try:
        from engine.config import load_settings
        from engine.execution.executor import BotExecutor
    except ImportError:
        return None
    settings = load_settings({"BOTLAB_HOME": str(home)})
    return BotExecutor(verbose=False, settings=settings, runner=runner)


def in_process_runner(job_dir: Path, limits, *, cancel=None):
    """The harness run right here, no child process: the executor's floor (our own bot only)."""
    from engine.execution import harness
    from engine.execution.supervisor import ProcessOutcome

    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        code = harness.run_job(job_dir)
    return ProcessOutcome(returncode=code, output=log.getvalue().encode())


def executor_run(executor, bot_path: Path, frame: pd.DataFrame) -> float:
    began = time.perf_counter()
    result = executor.execute_bot(bot_path, data=frame, test_symbol="SYNTH")
    elapsed = time.perf_counter() - began
    if not result.success:
        raise RuntimeError(f"benchmark run failed: {result.error_type}: {result.error}")
    return elapsed


def measure(bars: int, repeats: int, with_executor: bool) -> dict:
    from engine.execution.sandbox import Sandbox

    frame = synthetic_daily(bars)
    strategy = load_strategy(BOT_SOURCE)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-") as tmp:
        root = Path(tmp)
        scratch = root / "scratch"
        scratch.mkdir()
        began = time.perf_counter()
        sandbox = Sandbox("strict")
        try:
            _, info = sandbox_run(sandbox, scratch, frame)
            first_run_s = time.perf_counter() - began
            executor = floor = None
            if with_executor:
                executor = make_executor(root / "home", sandbox)
                floor = make_executor(root / "floor", in_process_runner)
            bot_path = root / "sma_cross.py"
            bot_path.write_text(BOT_SOURCE)
            bare_run(strategy, frame)  # warm-up: lazy imports and caches, on both sides
            sandbox_run(sandbox, scratch, frame)
            if executor is not None:
                executor_run(executor, bot_path, frame)
                executor_run(floor, bot_path, frame)
            bare, boxed, executed, floored = [], [], [], []
            for _ in range(repeats):  # interleaved, so every series sees the same load
                bare.append(bare_run(strategy, frame))
                boxed.append(sandbox_run(sandbox, scratch, frame)[0])
                if executor is not None:
                    executed.append(executor_run(executor, bot_path, frame))
                    floored.append(executor_run(floor, bot_path, frame))
        finally:
            sandbox.close()
    result = summarise(bars, repeats, first_run_s, bare, boxed, executed, info)
    if floored:
        floor_s, bare_s = statistics.median(floored), statistics.median(bare)
        result["executor_floor_ms"] = round(floor_s * 1000, 1)
        result["executor_floor_ratio"] = round(floor_s / bare_s, 3)
    return result


def paired_ratio(series: list[float], bare: list[float]) -> float:
    """Median of run-by-run ratios: each sandboxed run against the bare run just before it, so
    a burst of load from elsewhere on the machine hits both sides of a pair."""
    return round(statistics.median(s / b for s, b in zip(series, bare, strict=True)), 3)


def summarise(bars, repeats, first_run_s, bare, boxed, executed, info) -> dict:
    bare_ms = statistics.median(bare) * 1000
    boxed_ms = statistics.median(boxed) * 1000
    out = {
        "bars": bars,
        "repeats": repeats,
        "first_run_s": round(first_run_s, 3),
        "bare_run_ms": round(bare_ms, 1),
        "sandbox_run_ms": round(boxed_ms, 1),
        "sandbox_ratio": round(boxed_ms / bare_ms, 3),
        "sandbox_paired_ratio": paired_ratio(boxed, bare),
        "executor_run_ms": None,
        "executor_ratio": None,
        "executor_paired_ratio": None,
        "sandbox_report": info["report"],
        "trades": info["trades"],
        "targets": {"first_run_s": FIRST_RUN_TARGET_S, "warm_ratio": WARM_RATIO_TARGET},
    }
    if executed:
        executor_ms = statistics.median(executed) * 1000
        out["executor_run_ms"] = round(executor_ms, 1)
        out["executor_ratio"] = round(executor_ms / bare_ms, 3)
        out["executor_paired_ratio"] = paired_ratio(executed, bare)
    out["headline_ratio"] = out["executor_paired_ratio"] or out["sandbox_paired_ratio"]
    out["ok"] = out["first_run_s"] <= FIRST_RUN_TARGET_S and out["headline_ratio"] <= (
        WARM_RATIO_TARGET
    )
    return out


def render(result: dict) -> str:
    lines = [
        f"{result['bars']:,} daily bars, SmaCross ({result['trades']} trades), "
        f"medians of {result['repeats']}",
        f"sandbox: {result['sandbox_report']}",
        "",
        f"  bare in-process Backtest.run()      {result['bare_run_ms']:8.1f} ms",
        f"  warm sandboxed run                  {result['sandbox_run_ms']:8.1f} ms"
        f"   {result['sandbox_ratio']:.2f}x  (paired {result['sandbox_paired_ratio']:.2f}x)",
    ]
    if result["executor_run_ms"] is not None:
        lines.append(
            f"  warm BotExecutor.execute_bot        {result['executor_run_ms']:8.1f} ms"
            f"   {result['executor_ratio']:.2f}x  (paired {result['executor_paired_ratio']:.2f}x:"
            f" the headline, target <= {WARM_RATIO_TARGET}x)"
        )
    if result.get("executor_floor_ms") is not None:
        lines.append(
            f"  (floor: execute_bot with the harness in-process, no sandbox:"
            f" {result['executor_floor_ms']:.1f} ms, {result['executor_floor_ratio']:.2f}x)"
        )
    lines.append(
        f"  first run, zygote start included    {result['first_run_s']:8.2f} s "
        f"   (target <= {FIRST_RUN_TARGET_S:g} s)"
    )
    lines.append("")
    lines.append("OK" if result["ok"] else "TARGET MISSED")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.executor", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--bars", type=int, default=BARS)
    parser.add_argument("--no-executor", action="store_true", help="skip BotExecutor timing")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    result = measure(args.bars, args.repeats, with_executor=not args.no_executor)
    print(json.dumps(result) if args.json else render(result))
    return 1 if args.check and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
