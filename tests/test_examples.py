"""The examples run as the README says."""

from __future__ import annotations

import subprocess
import sys

from .conftest import EXAMPLES


def test_the_workflow_example_runs_history_and_summary():
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "workflow.py")], capture_output=True, text=True, timeout=300
    )

    assert proc.returncode == 0, proc.stderr
    for symbol in ("AAPL", "MSFT", "GOOG"):
        assert f"{symbol}: succeeded" in proc.stdout
    assert "History of SmaCross" in proc.stdout and "3 runs, 100% succeeded" in proc.stdout
