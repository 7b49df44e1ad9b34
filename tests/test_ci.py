"""CI (``.ci/run``) also holds the code to ruff's lint and format (issue 12), after the README's
test command, and stops at the first failure."""

from __future__ import annotations

from pathlib import Path

CI = Path(__file__).resolve().parents[1] / ".ci" / "run"


def test_ci_runs_the_tests_then_ruff_check_and_ruff_format_check():
    lines = [line.strip() for line in CI.read_text().splitlines()]
    assert "set -euo pipefail" in lines
    tests = next(i for i, line in enumerate(lines) if line.endswith("&& pytest"))
    assert lines.index("ruff check .") > tests
    assert lines.index("ruff format --check .") > tests
