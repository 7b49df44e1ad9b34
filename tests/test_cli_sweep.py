"""``botlab sweep``, run as a real subprocess the way a user runs it."""

from __future__ import annotations

import json

from .conftest import EXAMPLES
from .test_cli import botlab

SMA = str(EXAMPLES / "sma_cross.py")


def test_sweep_json_is_one_document_with_the_documented_shape():
    proc = botlab(
        "sweep", SMA, "--param", "fast=5:15:5", "--param", "slow=20:40:10",
        "--constraint", "fast < slow", "--objective", "sharpe", "--symbol", "GOOG",
        "--cash", "50000", "--commission", "0.001", "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)  # the whole stdout is one JSON document
    run = json.loads(botlab("run", SMA, "--symbol", "GOOG", "--json").stdout)

    assert isinstance(document["sweep_id"], int)
    combos = document["combinations"]
    assert len(combos) == 9  # 3 x 3, all with fast < slow
    for combo in combos:
        assert set(combo["params"]) == {"fast", "slow"}
        assert combo["params"]["fast"] < combo["params"]["slow"]
        assert combo["status"] == "succeeded"
        assert set(combo["metrics"]) == set(run["metrics"])  # the same keys as run --json
    assert {(c["params"]["fast"], c["params"]["slow"]) for c in combos} == {
        (f, s) for f in (5, 10, 15) for s in (20, 30, 40)
    }
    best = document["best"]
    assert best["score"] == max(c["metrics"]["sharpe_ratio"] for c in combos)
    assert best["params"] in [c["params"] for c in combos]
    assert set(best["metrics"]) == set(run["metrics"])
    shown = json.loads(botlab("show", str(best["execution_id"]), "--json").stdout)
    assert shown["metrics"]["sharpe_ratio"] == best["score"]
    assert "combinations/s" in proc.stderr and "left" in proc.stderr and "failed" in proc.stderr
    assert document["robustness"]["trials"] == 9 and document["robustness"]["verdict"]["headline"]


def test_sweep_resume_of_a_finished_sweep_prints_it_again():
    first = json.loads(
        botlab("sweep", SMA, "--param", "fast=5,10", "--symbol", "GOOG", "--no-robustness",
               "--json").stdout
    )  # fmt: skip
    assert first["robustness"] is None
    proc = botlab("sweep", "--resume", str(first["sweep_id"]), "--json")
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)
    assert again["sweep_id"] == first["sweep_id"]
    assert again["combinations"] == first["combinations"]


def test_bad_sweep_input_is_one_specific_line_and_exit_code_2():
    cases = {
        ("--param", "fast=5:20"): "START:STOP:STEP",
        ("--param", "fats=1,2"): "no parameter 'fats'",
        ("--param", "fast=1,2", "--constraint", "__import__('os')"): "Call is not allowed",
        ("--param", "fast=1,2", "--symbol", "NOPE_NOT_A_SYMBOL"): "NOPE_NOT_A_SYMBOL",
    }
    for args, message in cases.items():
        proc = botlab("sweep", SMA, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr and "Traceback" not in proc.stderr
    unknown = botlab("sweep", "--resume", "999")
    assert unknown.returncode == 2 and "no sweep with id 999" in unknown.stderr


def test_sweep_cancel_of_an_unknown_sweep_is_refused():
    proc = botlab("sweep", "--cancel", "12345")
    assert proc.returncode == 2 and "no sweep with id 12345" in proc.stderr


def test_a_sweep_cancelled_from_another_command_resumes_to_completion(tmp_path):
    import os
    import re
    import shutil
    import signal
    import subprocess
    import sys

    command = shutil.which("botlab") or sys.executable
    argv = [command] if command != sys.executable else [command, "-m", "engine"]
    # (no robustness: most of a resume's time, and test_sweep_run judges a resumed sweep)
    running = subprocess.Popen(
        [*argv, "sweep", SMA, "--param", "fast=2:80:1", "--symbol", "GOOG", "--workers", "1",
         "--no-robustness", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )  # fmt: skip
    first = running.stderr.readline()  # "sweep N: 79 combinations"
    sweep_id = re.match(r"sweep (\d+): 79 combinations", first).group(1)
    for line in iter(running.stderr.readline, ""):
        if " done, " in line:  # the first progress line: some results are stored
            break
    # Paused while the other command asks: the slices left take about as long as a `botlab`
    # start-up, so an unpaused sweep could finish before the cancel reached it (it did, under
    # load). Paused, it checks for a cancel after its next result, before it starts another.
    _pause_outside_a_write(running.pid)
    try:
        cancel = botlab("sweep", "--cancel", sweep_id)
    finally:
        os.kill(running.pid, signal.SIGCONT)
    out, err = running.communicate(timeout=120)

    assert cancel.returncode == 0 and "cancel requested" in cancel.stdout
    assert running.returncode == 1
    stopped = json.loads(out)
    assert stopped["status"] == "cancelled" and 0 < stopped["done"] < 79
    resumed = botlab("sweep", "--resume", sweep_id, "--json")
    assert resumed.returncode == 0, resumed.stderr
    document = json.loads(resumed.stdout)
    assert document["status"] == "succeeded" and document["done"] == 79
    assert sorted(c["params"]["fast"] for c in document["combinations"]) == list(range(2, 81))


def test_keep_details_keeps_a_combinations_trades_on_demand():
    proc = botlab(
        "sweep", SMA, "--param", "fast=5,10,15", "--symbol", "GOOG", "--best", "1", "--json"
    )  # fmt: skip
    document = json.loads(proc.stdout)
    without = [c for c in document["combinations"] if not c["has_details"]]
    assert len(without) == 2  # only the best one kept its details
    run_id = without[0]["execution_id"]
    assert json.loads(botlab("show", str(run_id), "--json").stdout)["trades"] == []

    kept = botlab("sweep", "--keep-details", str(run_id), "--json")

    assert kept.returncode == 0, kept.stderr
    assert json.loads(kept.stdout) == {"kept": [run_id]}
    shown = json.loads(botlab("show", str(run_id), "--json").stdout)
    assert len(shown["trades"]) == shown["metrics"]["trades"] > 0
    assert shown["equity_curve"]["equity"]
    refused = botlab("sweep", "--keep-details", "99999")
    assert refused.returncode == 2 and "not a combination of a sweep" in refused.stderr


def _pause_outside_a_write(pid: int) -> None:
    """SIGSTOP the sweep at a moment it holds no write lock on the database: stopped while
    writing, it would keep the lock and the cancel would wait for it in vain."""
    import os
    import signal
    import sqlite3
    import time

    database = os.path.join(os.environ["BOTLAB_HOME"], "botlab.db")
    for _ in range(200):
        os.kill(pid, signal.SIGSTOP)
        try:
            with sqlite3.connect(database, timeout=0) as probe:
                probe.execute("BEGIN IMMEDIATE")
                probe.rollback()
            return
        except sqlite3.OperationalError:  # locked: let it finish that write
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.02)
    raise AssertionError("the sweep never let go of the database")
