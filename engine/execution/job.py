"""The job directory: what the executor hands the harness and reads back from it.

The executor writes the bot's code (the one time a run's code is written to disk), ``job.json``
and the pickled data; it reads ``result.json`` and ``equity.npy`` back without following links
and with a size cap, because the bot could write to the directory (:class:`ResultReader`: as
soon as the harness has closed them, kept if unchanged when the child has exited). The layout is
described in :mod:`engine.execution.harness`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import orjson

from engine.execution import harness
from engine.execution.result import Run
from engine.execution.result_files import to_json

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


class HarnessOutput(NamedTuple):
    """What the harness left in a job directory: its result and equity array, and (when read
    early, for a run that succeeded) the curve's JSON lists, the results file's encoded
    ``trades`` and ``equity_curve``, and the trades and curve as the store writes them."""

    result: dict | None
    equity: np.ndarray | None
    curve: dict | None = None
    encoded: dict | None = None
    stored: Any = None  # engine.store.PreparedResults


class ResultReader:
    """Reads the harness's output as soon as the harness has closed ``result.json``
    (:meth:`on_closed`, called while the run goes on): the child still takes milliseconds to
    exit then, as its memory is released, and reading, and encoding the curve and trades for
    the results file, need not wait for that. The job directory is the bot's to write, so what
    was read early counts only if neither file changed by the end of the run (:meth:`read`)."""

    def __init__(self, job_dir: Path, prepare: Callable[[dict, np.ndarray], Any]) -> None:
        self.job_dir = job_dir
        self.prepare = prepare  # (trades, equity array) -> what the store writes of them
        self._early: tuple[list, HarnessOutput] | None = None

    def on_closed(self, name: str) -> None:
        if name != harness.RESULT_FILE or self._early is not None:
            return
        stamps = self._stamps()
        output = self._read()
        if output.equity is not None:  # the run succeeded, as far as the harness says
            try:
                trades = output.result["trades"]
                curve = harness.equity_lists(output.equity)
                encoded = {"trades": trades, "equity_curve": curve}
                encoded = {key: orjson.Fragment(to_json(value)) for key, value in encoded.items()}
                stored = self.prepare(trades, output.equity)
            except Exception:  # e.g. a trade the store refuses: it says so at the end, as ever
                return
            output = output._replace(curve=curve, encoded=encoded, stored=stored)
        self._early = stamps, output

    def read(self) -> HarnessOutput:
        """The harness's output, once the run is over."""
        if self._early is not None and self._early[0] == self._stamps():
            return self._early[1]
        return self._read()

    def _read(self) -> HarnessOutput:
        result = read_result(self.job_dir)
        return HarnessOutput(result, read_equity(self.job_dir, result))

    def _stamps(self) -> list:
        stamps = []
        for name in (harness.RESULT_FILE, harness.EQUITY_FILE):
            try:
                info = os.stat(self.job_dir / name, follow_symlinks=False)
            except OSError:
                stamps.append(None)
            else:
                stamps.append((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        return stamps


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
