"""A run's result files under ``results/``: ``logs/NAME_YYYYmmdd_HHMMSS.log`` (full output),
``json/....json`` (everything, the shape of ``botlab run --json``) and ``metrics/....txt`` (a
readable summary)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from engine.execution.result import BotExecutionResult
from engine.metrics import format_summary


def write_result_files(
    results_dir: Path, result: BotExecutionResult, encoded: dict | None = None
) -> dict:
    """Write the three files of ``result`` and return their paths by kind (also set as
    ``result.files``, which the JSON file includes). ``encoded`` holds parts of the JSON
    document already encoded (``orjson.Fragment``), in place of the result's own."""
    stamp = datetime.fromisoformat(result.execution_timestamp).strftime("%Y%m%d_%H%M%S")
    base = _unique_base(results_dir, f"{safe_name(result.strategy_name)}_{stamp}")
    files = {
        "log": results_dir / "logs" / f"{base}.log",
        "json": results_dir / "json" / f"{base}.json",
        "metrics": results_dir / "metrics" / f"{base}.txt",
    }
    result.files = {kind: str(path) for kind, path in files.items()}
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["log"].write_text(result.output_log, encoding="utf-8")
    files["json"].write_bytes(to_json({**result.to_dict(), **(encoded or {})}))
    files["metrics"].write_text(format_summary(result), encoding="utf-8")
    return result.files


def _unique_base(results_dir: Path, base: str) -> str:
    """Claim ``base`` (or ``base-2``, ...) by creating its JSON file exclusively: runs of the
    same bot finishing in the same second, in concurrent workers, never overwrite each other."""
    (results_dir / "json").mkdir(parents=True, exist_ok=True)
    candidate, n = base, 1
    while True:
        try:
            (results_dir / "json" / f"{candidate}.json").open("x").close()
            return candidate
        except FileExistsError:
            n += 1
            candidate = f"{base}-{n}"


def safe_name(name: str) -> str:
    """``name`` as a file-name stem: no path separators, no leading dots, at most 80 chars."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._")
    return cleaned[:80] or "bot"


def to_json(document: dict) -> bytes:
    """``document`` as JSON, the way ``json.dumps(document, default=str)`` writes it, about ten
    times faster: a run's document carries its full-resolution equity curve, tens of thousands
    of numbers, whose encoding was the biggest cost of storing a run."""
    return orjson.dumps(
        document,
        default=_as_json,
        option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME,
    )


def _as_json(value):
    # what json.dumps does with values it has no JSON type for: a float subclass (numpy's
    # float64) is a number, anything else (a datetime, numpy's int64, a path) its str()
    return float(value) if isinstance(value, float) else str(value)
