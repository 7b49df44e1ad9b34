"""The job directory: what the executor hands the harness and reads back from it.

The executor writes the bot's code (the one time a run's code is written to disk), ``job.json``
and the pickled data; after the child has exited it reads ``result.json`` and ``equity.npy``
without following links and with a size cap, because the bot could write to the directory. The
layout is described in :mod:`engine.execution.harness`.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
import orjson

from engine.execution import harness
from engine.execution.result import Run

RESULT_SIZE_LIMIT = 256 * 1024**2  # the harness's result file, read back by the executor


def new_job_dir(scratch_root: Path) -> Path:
    """A new, empty, private job directory under ``scratch_root``."""
    scratch_root.mkdir(parents=True, exist_ok=True)
    job_dir = Path(tempfile.mkdtemp(prefix="run-", dir=scratch_root))
    os.chmod(job_dir, 0o700)
    return job_dir


def write_job(job_dir: Path, run: Run, frame, strategy_class: str | None) -> None:
    """Write the bot, its job and its data into ``job_dir``."""
    (job_dir / harness.BOT_FILE).write_text(run.code, encoding="utf-8")
    job = {
        "mode": run.kind,
        "bot_file": harness.BOT_FILE,
        "data_file": None,
        "cash": run.cash,
        "commission": run.commission,
        "spread": run.spread or 0.0,
        "strategy_class": strategy_class,
        "trade_on_close": run.needs.trade_on_close,
        "margin": run.needs.margin,
    }
    if frame is not None:
        frame.to_pickle(job_dir / "data.pkl")
        job["data_file"] = "data.pkl"
    (job_dir / harness.JOB_FILE).write_text(json.dumps(job))


def read_result(job_dir: Path) -> dict | None:
    """The harness's result, read without following links and with a size cap: the job
    directory was writable by the bot."""
    try:
        fd = os.open(job_dir / harness.RESULT_FILE, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(RESULT_SIZE_LIMIT + 1)
        if len(raw) > RESULT_SIZE_LIMIT:
            return None
        result = orjson.loads(raw)  # JSONDecodeError is a ValueError
    except (OSError, ValueError):
        return None
    return result if isinstance(result, dict) and "ok" in result else None


def read_equity(job_dir: Path, result: dict | None) -> np.ndarray | None:
    """The harness's equity.npy: 3 or 4 x N float64 (time, equity, drawdown, buy and hold),
    read without following links or pickles."""
    if not result or not result.get("ok") or result.get("equity_file") != harness.EQUITY_FILE:
        return None
    return read_equity_file(job_dir / harness.EQUITY_FILE)


def read_equity_file(path: Path) -> np.ndarray | None:
    """An equity curve a child wrote (3 x N float64: epoch ms, equity, drawdown %), read
    without following links or pickles; ``None`` when missing or of another shape."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            array = np.load(handle, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if array.ndim != 2 or array.shape[0] not in (3, 4) or array.dtype != np.float64:
        return None
    return array
