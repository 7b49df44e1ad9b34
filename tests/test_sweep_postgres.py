"""A team's sweep: one PostgreSQL database, two machines (homes) and a Dask scheduler with two
workers. The sweep is started on one machine, cancelled from the other and resumed there; every
combination is stored exactly once. Skipped with a reason where PostgreSQL is not available."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from engine.store import Store

from .conftest import EXAMPLES

SMA = str(EXAMPLES / "sma_cross.py")


def test_a_sweep_started_on_one_machine_is_cancelled_and_resumed_from_another(
    pg_url,
    tmp_path,
):
    pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")
    from tests.test_sweep_dask import _start_cluster, _stop

    address, processes = _start_cluster(
        tmp_path, tmp_path / "dask-home", workers=2, threads=1, sandbox=1
    )
    homes = [tmp_path / "machine-a", tmp_path / "machine-b"]

    def botlab(home, *args, **popen):
        env = {**os.environ, "BOTLAB_HOME": str(home), "BOTLAB_DATABASE_URL": pg_url,
               "BOTLAB_CLUSTER": address}  # fmt: skip
        argv = [sys.executable, "-m", "engine", *args]
        if popen:
            return subprocess.Popen(argv, env=env, text=True, **popen)
        return subprocess.run(argv, env=env, text=True, capture_output=True, timeout=600)

    try:
        running = botlab(
            homes[0], "sweep", SMA, "--param", "fast=2:201:1", "--symbol", "GOOG",
            "--no-robustness", "--json",
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        sweep_id = re.match(r"sweep (\d+): 200 combinations", running.stderr.readline()).group(1)
        running.stderr.readline()  # the first progress line: some results are stored
        with Store(pg_url) as other_machine:  # what `botlab sweep --cancel` does there
            other_machine.request_sweep_cancel(int(sweep_id))
        out, _ = running.communicate(timeout=300)
        resumed = botlab(homes[1], "sweep", "--resume", sweep_id, "--json")
    finally:
        _stop(processes)

    stopped = json.loads(out)
    assert running.returncode == 1 and stopped["status"] == "cancelled"
    assert 0 < stopped["done"] < 200
    assert resumed.returncode == 0, resumed.stderr
    document = json.loads(resumed.stdout)
    assert document["status"] == "succeeded" and document["done"] == 200
    assert sorted(c["params"]["fast"] for c in document["combinations"]) == list(range(2, 202))
    with Store(pg_url) as store:
        assert store.engine.dialect.name == "postgresql"
        results = store.sweep_results(int(sweep_id))
        assert len(results) == len({r.key for r in results}) == 200  # each exactly once
        assert store.list_executions(limit=1).total == 200  # no run was made twice
