"""One slice of a sweep: a list of combinations run in ONE sandboxed child, and what came back.

:func:`run_slice` is the unit of work every engine executes (a thread of the embedded engine, or
a Dask task): it prepares a job directory, asks the sandbox (the warm zygote of
:mod:`engine.execution.sandbox`) to run :func:`engine.sweeps._child.run_job` in it under the run
limits and
a wall-clock timeout, and reads back one result per combination. The child's file is hostile
input: it is read without following links, with a size cap, and only lines for the slice's own
keys, each in the expected shape, are kept.

A slice whose child died (crash, timeout, memory) comes back with the results it streamed before
dying plus ``failure``; the caller retries the rest once and then splits it to isolate the bad
combination (see :mod:`engine.sweeps.runner`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.execution import harness, slots, supervisor
from engine.execution.job import read_equity_file
from engine.execution.other_symbols import declared
from engine.sweeps import _child

ENTRY = "engine.sweeps._child:run_job"
RESULT_LINE_LIMIT = 4 * 1024**2  # one combination's line (with trades, for the detail runs)
RESULTS_SIZE_LIMIT = 256 * 1024**2
OUTPUT_TAIL = 2000  # characters of the child's output kept to explain a failure
# a slice the cluster lost (its Dask worker died and the scheduler forgot it): nothing in it
# failed, so it is submitted again as it was, not retried or split like a crashed child
LOST = "lost"


@dataclass
class SliceTask:
    """What a slice needs; plain data, so it can travel to another machine."""

    slice_id: str
    code: str
    combinations: list[dict]  # [{"key": ..., "params": {...}}]
    data_file: str | None = None  # a pickled OHLCV frame readable here...
    data_bytes: bytes | None = None  # ...or the frame itself (a remote worker)
    strategy_class: str | None = None
    cash: float = 100_000.0
    commission: float = 0.0
    detail: bool = False
    attempt: int = 1
    lost: int = 0  # times the cluster lost this slice before it ran (see LOST)
    mode: str = "slice"  # or "describe"
    limits: dict = field(default_factory=dict)  # RunLimits fields; timeout_s is per slice

    @property
    def keys(self) -> list[str]:
        return [c["key"] for c in self.combinations]


@dataclass
class SliceOutcome:
    """What came back: one result per finished combination, and why the child stopped early."""

    task: SliceTask
    results: list[dict] = field(default_factory=list)
    failure: str | None = None  # error_type when some combinations got no result
    failure_detail: str = ""
    describe: dict | None = None  # the describe job's answer
    sandbox_report: str = ""
    wall_s: float = 0.0

    @property
    def missing(self) -> list[dict]:
        """The combinations without a result (to retry, split or record as failed)."""
        done = {r["key"] for r in self.results}
        return [c for c in self.task.combinations if c["key"] not in done]


def run_slice(task: SliceTask, *, runner=None, cancel: threading.Event | None = None):
    """Run ``task`` in a sandboxed child and return its :class:`SliceOutcome`.

    ``runner(job_dir, limits, read_only=..., entry=..., cancel=...)`` is the process boundary;
    by default the process-wide sandbox of the current settings.
    """
    from engine.config import load_settings

    settings = load_settings()
    runner = runner or _default_runner(settings)
    limits = supervisor.RunLimits(**task.limits) if task.limits else _slice_limits(settings)
    settings.scratch_dir.mkdir(parents=True, exist_ok=True)
    job_dir = Path(tempfile.mkdtemp(prefix=f"sweep-{task.slice_id}-", dir=settings.scratch_dir))
    try:
        os.chmod(job_dir, 0o700)
        read_only = _write_job(job_dir, task)
        # a slice is one sandboxed run: it holds one of the home's BOTLAB_MAX_CONCURRENT slots,
        # shared with every other run of this home (engine.execution.slots)
        with slots.run_slot(settings.home, settings.max_concurrent, cancel=cancel):
            outcome = runner(job_dir, limits, read_only=read_only, entry=ENTRY, cancel=cancel)
        return _interpret(task, job_dir, outcome)
    except slots.Cancelled as exc:  # cancelled while waiting: it never started
        return SliceOutcome(task=task, failure=supervisor.CANCELLED, failure_detail=str(exc))
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)


def _slice_limits(settings) -> supervisor.RunLimits:
    return supervisor.RunLimits.from_settings(settings)


def _default_runner(settings):
    from engine.execution.sandbox import get_sandbox

    return get_sandbox(settings.sandbox_policy).run


def _write_job(job_dir: Path, task: SliceTask) -> list[str]:
    (job_dir / "bot.py").write_text(task.code, encoding="utf-8")
    read_only: list[str] = []
    data_file = task.data_file
    if task.data_bytes is not None:
        (job_dir / "data.pkl").write_bytes(task.data_bytes)
        data_file = str(job_dir / "data.pkl")
    elif data_file is not None:
        read_only.append(data_file)
    needs = declared(task.code)  # a combination runs with the bot's fills and leverage, as a run
    job = {
        "mode": task.mode,
        "bot_file": "bot.py",
        "data_file": data_file,
        "cash": task.cash,
        "commission": task.commission,
        "trade_on_close": needs.trade_on_close,
        "margin": needs.margin,
        "strategy_class": task.strategy_class,
        "combinations": task.combinations,
        "detail": task.detail,
    }
    (job_dir / harness.JOB_FILE).write_text(json.dumps(job))
    return read_only


def _interpret(task: SliceTask, job_dir: Path, outcome: supervisor.ProcessOutcome) -> SliceOutcome:
    result = SliceOutcome(
        task=task, sandbox_report=outcome.sandbox_report, wall_s=outcome.duration_s
    )
    if task.mode == "describe":
        result.describe = _read_describe(job_dir)
    else:
        result.results = _read_results(job_dir, task)
    if task.mode == "describe" and result.describe is not None:
        return result
    if task.mode == "slice" and not result.missing:
        return result
    output = outcome.output.decode("utf-8", errors="replace")[-OUTPUT_TAIL:].strip()
    if outcome.failure:
        result.failure, result.failure_detail = outcome.failure, outcome.failure_detail
    else:
        result.failure = supervisor.CRASHED
        result.failure_detail = (
            f"the sweep's process ended (exit code {outcome.returncode}) before finishing"
        )
    if output:
        result.failure_detail += f"; its last output: {output[-500:]}"
    return result


def _read_results(job_dir: Path, task: SliceTask) -> list[dict]:
    """The child's results.jsonl: only well-formed lines for this slice's keys, first one wins."""
    raw = _read_capped(job_dir / _child.RESULTS_FILE, RESULTS_SIZE_LIMIT)
    if raw is None:
        return []
    wanted = {c["key"]: i for i, c in enumerate(task.combinations)}
    returns = _read_returns(job_dir)
    results: dict[str, dict] = {}
    for line in raw.split(b"\n"):
        if not line or len(line) > RESULT_LINE_LIMIT:
            continue
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash
        parsed = _parse_line(item, wanted, job_dir, task.detail)
        if parsed is not None and parsed["key"] not in results:
            parsed["returns"] = _row(returns, item.get("row")) if parsed["ok"] else None
            results[parsed["key"]] = parsed
    return list(results.values())


def _read_returns(job_dir: Path) -> np.ndarray | None:
    """The slice's returns (float32, every successful combination's one after the other)."""
    try:
        fd = os.open(job_dir / _child.RETURNS_FILE, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            array = np.load(handle, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return array if array.ndim == 1 and array.dtype == np.float32 else None


def _row(returns: np.ndarray | None, row) -> np.ndarray | None:
    """One combination's returns: ``row`` is [offset, length] into the slice's array."""
    if returns is None or not isinstance(row, list) or len(row) != 2:
        return None
    offset, length = row
    if not all(type(n) is int and n >= 0 for n in row) or offset + length > returns.size:
        return None
    return returns[offset : offset + length]


def _parse_line(item, wanted: dict[str, int], job_dir: Path, detail: bool) -> dict | None:
    if not isinstance(item, dict) or item.get("key") not in wanted:
        return None
    key = item["key"]
    warnings = [str(w)[:500] for w in item.get("warnings") or [] if isinstance(w, str)][:20]
    if item.get("ok") is not True:
        return {
            "key": key,
            "ok": False,
            "error_type": str(item.get("error_type") or harness.STRATEGY_ERROR)[:64],
            "error": str(item.get("error") or "the combination failed")[:2000],
            "warnings": warnings,
        }
    stats = item.get("stats")
    if not isinstance(stats, dict):
        return None
    parsed = {"key": key, "ok": True, "stats": stats, "warnings": warnings}
    if detail:
        trades = item.get("trades")
        parsed["trades"] = trades if isinstance(trades, list) else []
        parsed["equity"] = read_equity_file(job_dir / f"equity-{wanted[key]}.npy")
    return parsed


def _read_describe(job_dir: Path) -> dict | None:
    raw = _read_capped(job_dir / _child.DESCRIBE_FILE, 1024**2)
    try:
        result = json.loads(raw) if raw else None
    except ValueError:
        return None
    return result if isinstance(result, dict) and "ok" in result else None


def _read_capped(path: Path, limit: int) -> bytes | None:
    """A file the child wrote: without following links, and not past ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit)
    except OSError:
        return None
