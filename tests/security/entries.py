"""Stand-in entry points for ``Sandbox.run(..., entry="<this file>:<function>")``."""

from __future__ import annotations

import json
from pathlib import Path


def read_paths(job_dir: Path) -> int:
    """Try to read each path listed in ``paths.json``; record what could be read."""
    verdicts = {}
    for path in json.loads((job_dir / "paths.json").read_text()):
        try:
            verdicts[path] = Path(path).read_text()
        except OSError as exc:
            verdicts[path] = f"denied: {exc.strerror}"
    (job_dir / "result.json").write_text(json.dumps(verdicts))
    return 0


def use_threads(job_dir: Path) -> int:
    """Threads stay allowed (seccomp only denies clone without CLONE_THREAD)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        total = sum(pool.map(lambda x: x * x, range(100)))
    (job_dir / "result.json").write_text(json.dumps({"total": total}))
    return 0


def mark_ran(job_dir: Path) -> int:
    """Leave ``ran`` in the job directory: the entry point was called."""
    (job_dir / "ran").write_text("ran")
    return 0
