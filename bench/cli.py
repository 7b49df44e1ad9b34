"""How fast the CLI answers: ``python -m bench.cli [--json] [--reps N]`` (from the repo root).

Times whole ``botlab`` processes (interpreter start, imports, opening the store, the answer) on a
fresh empty home, as the median of ``--reps`` runs after one warm-up: ``history``, ``runs`` and
``summary`` read only the store, so they must not import pandas, backtesting or the Gemini SDK
(``tests/test_cli.py`` checks the imports; this prints the seconds). ``help_s`` is the floor:
Python plus click and the command table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "help_s": ["--help"],
    "history_s": ["history", "--name", "sma_cross"],
    "runs_s": ["runs"],
    "summary_s": ["summary"],
}


def _median_s(argv: list[str], env: dict, reps: int) -> float:
    command = [sys.executable, "-m", "engine", *argv]
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm-up (bytecode, cache)
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-cli-") as home:
        env = {**os.environ, "BOTLAB_HOME": home}
        figures = {name: _median_s(command, env, args.reps) for name, command in COMMANDS.items()}
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>10}: {value:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
