"""What goes wrong on a Dask cluster (BOTLAB_CLUSTER), said plainly and cleaned up: no worker
ever joins, a worker cannot build the strict sandbox, the queue's worker dies while its run's
child runs remotely. Against a real LocalCluster and real scheduler/worker processes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from engine import jobs

from .conftest import BOTS, EXAMPLES
from .test_cluster_runs import serving
from .test_jobs import wait_for
from .test_sweep_dask import _start_cluster, _stop

pytest_plugins = ["tests.app_fixtures"]  # the Sweep page's: clean caches, no worker started
distributed = pytest.importorskip("distributed", reason="pip install 'botlab[cluster]'")

SMA = str(EXAMPLES / "sma_cross.py")


@pytest.fixture
def empty_cluster(monkeypatch):
    """A Dask scheduler no worker ever joins, as BOTLAB_CLUSTER; work waits 2 s for one."""
    from distributed import LocalCluster

    with LocalCluster(
        processes=False,
        n_workers=0,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        monkeypatch.setenv("BOTLAB_CLUSTER", cluster.scheduler_address)
        monkeypatch.setenv("BOTLAB_CLUSTER_WORKER_WAIT", "2")
        yield cluster.scheduler_address


def _no_worker(address: str) -> str:
    return (
        f"no Dask worker joined {address} within 2 s; start one with `dask worker {address} "
        "--nworkers 1 --nthreads $(nproc) --resources SANDBOX=$(nproc)`"
    )


def test_a_queued_run_on_a_cluster_without_workers_fails_saying_how_to_start_one(
    store, empty_cluster
):
    strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
    with serving():
        done = wait_for(store, job.id, timeout=120)

    assert done.status == "failed"
    execution = store.get_execution(done.execution_id)
    assert (execution.status, execution.error_type) == ("failed", "cluster_unavailable")
    # the run stores the fact and the way out as a hint; the command line says the command
    assert execution.error_message == f"no Dask worker joined {empty_cluster} within 2 s"
    assert execution.error_hints == [
        {"code": "start_worker", "change": "machine", "name": "cluster", "value": empty_cluster}
    ]
    shown = subprocess.run(
        [sys.executable, "-m", "engine", "show", str(execution.id)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    said = f"{execution.error_message}; " + shown.stdout.split("Try:", 1)[1].strip()
    assert said.startswith(_no_worker(empty_cluster))
    assert "BOTLAB_CLUSTER_WORKER_WAIT" in said


@pytest.mark.usefixtures("clean_streamlit_caches", "no_worker")
def test_a_sweep_on_a_cluster_without_workers_fails_saying_how_to_start_one(store, empty_cluster):
    answer = subprocess.run(
        [sys.executable, "-m", "engine", "sweep", SMA, "--param", "fast=5,10", "--symbol", "GOOG"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert answer.returncode == 2, answer.stderr
    assert f"Error: {_no_worker(empty_cluster)}" in answer.stderr
    assert "Traceback" not in answer.stderr
    (sweep,) = store.list_sweeps()
    assert (sweep.status, sweep.error_type) == ("failed", "cluster_unavailable")
    assert sweep.error_message == f"no Dask worker joined {empty_cluster} within 2 s"  # the fact
    # the way out is stored as a hint, as a run's is, and each front end says it its own way
    hint = {"code": "start_worker", "change": "machine", "name": "cluster", "value": empty_cluster}
    assert sweep.error_hints == [hint]
    _the_api_and_the_sweep_page_say_how_to_get_past_it(sweep, hint)


def _the_api_and_the_sweep_page_say_how_to_get_past_it(sweep, hint: dict) -> None:
    """The API's and MCP's sweep documents carry the stored hint; ``botlab sweep``'s summary
    says it as commands, the Sweep page in the dashboard's words (as the Run page says a
    run's)."""
    from starlette.testclient import TestClient

    from engine.api import Service, build_app
    from engine.api.config import load_api_config
    from engine.config import load_settings
    from engine.mcp_server import BotlabTools
    from engine.sweeps.cli_command import human_summary
    from engine.sweeps.report import sweep_document
    from tests.app_support import open_page

    service = Service(load_api_config({"BOTLAB_API_START_WORKER": "0"}), load_settings())
    document = BotlabTools(service).get_sweep(sweep.id)
    assert document["hints"] == [hint]
    assert document["note"].endswith("; ask the user to start a Dask worker for it")
    summary = human_summary(sweep_document(service.store, sweep.id))
    assert f"  {_no_worker(hint['value'])} (BOTLAB_CLUSTER_WORKER_WAIT" in summary
    client = TestClient(
        build_app(service, is_local=lambda address: True), base_url="http://localhost"
    )
    for path in (f"/sweeps/{sweep.id}", f"/sweeps/{sweep.id}/results"):
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        assert answer.json()["hints"] == [hint]
        assert answer.json()["error"] == sweep.error_message

    at = open_page("pages/sweep_page.py", sweep=sweep.id)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert (
        f"This sweep failed: {sweep.error_message}; start a Dask worker for it (Botlab's README "
        "says how). Its finished settings are below."
    ) in warnings, warnings


def test_a_worker_that_cannot_build_the_sandbox_stops_the_sweep_in_plain_words(
    store, tmp_path, monkeypatch
):
    """A worker machine whose kernel cannot apply a layer refuses the slices: the sweep stops,
    saying so as a single run does (which worker, what is missing, what to do). The worker is a
    real ``dask worker`` process whose sandbox skips seccomp in the child, which the strict
    sandbox refuses for real."""
    import socket

    preload = tmp_path / "no_seccomp.py"
    preload.write_text(
        "from engine.execution.sandbox import get_sandbox\n"
        "get_sandbox('strict')._skip_layers = ('seccomp',)\n"
    )
    address, processes = _start_cluster(
        tmp_path, tmp_path / "worker-home", workers=1, threads=1,
        worker_args=("--preload", str(preload)),
    )  # fmt: skip
    try:
        monkeypatch.setenv("BOTLAB_CLUSTER", address)
        answer = subprocess.run(
            [sys.executable, "-m", "engine", "sweep", SMA, "--param", "fast=5,10",
             "--symbol", "GOOG"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        _stop(processes)

    assert answer.returncode == 2, answer.stderr
    said = answer.stderr.split("Error: ", 1)[-1].strip()
    assert said.startswith("Botlab's sandbox cannot run bots safely here (landlock=")
    assert f"On the Dask worker {socket.gethostname()}." in said
    assert "seccomp" in said and "BOTLAB_SANDBOX=permissive" in said
    assert "Traceback" not in answer.stderr
    (sweep,) = store.list_sweeps()
    assert (sweep.status, sweep.error_type) == ("failed", "sandbox_unavailable")
    assert sweep.error_message == said  # no exception class name, no Dask wrapping
    assert store.sweep_results(sweep.id) == []  # nothing ran


def test_a_queue_worker_that_dies_stops_its_runs_child_on_the_dask_worker(store, tmp_path):
    """The queue's worker (a ``botlab worker`` process) is killed while its run's sandboxed
    child sleeps on a Dask worker: the child is killed within the lease's timeout, not left to
    run on until the run's time limit (5 minutes here)."""
    strategy = store.save_strategy("sleeper", (BOTS / "sleeper.py").read_text())
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")

    assert _orphan_is_killed(
        tmp_path,
        [sys.executable, "-m", "engine", "worker"],
        {"BOTLAB_TIMEOUT": "300"},
        "the run's child",
        running=lambda: wait_for(store, job.id, phase="running", timeout=120),
    )


def test_a_sweep_process_that_dies_stops_its_slices_children_on_the_dask_worker(tmp_path, bot_file):
    """``botlab sweep`` is killed while its slice's child sleeps on a Dask worker: the child is
    killed within the lease's timeout, not left to run on until the slice's time limit."""
    from .test_sweep_dask import SLEEPER

    path = bot_file(SLEEPER, "sleeper.py")
    assert _orphan_is_killed(
        tmp_path,
        [sys.executable, "-m", "engine", "sweep", str(path), "--param", "n=1,2",
         "--symbol", "GOOG", "--timeout", "300"],
        {},
        "the slice's child",
    )  # fmt: skip


def _orphan_is_killed(
    tmp_path, command: list[str], env: dict[str, str], what: str, *, running=lambda: None
) -> bool:
    """Start ``command`` against a one-worker, one-slot cluster of real processes, wait
    (``running``, then for ``what``: a sandboxed child on the Dask worker), kill the command,
    and say whether its orphaned child was then killed within the lease's timeout."""
    import psutil
    from distributed import Client

    from .test_sweep_dask import sandboxed_children, wait_until

    address, processes = _start_cluster(
        tmp_path, tmp_path / "worker-home", workers=1, threads=1, sandbox=1
    )
    process = None
    try:
        with Client(address) as client:
            dask_workers = list(client.run(os.getpid).values())
        process = subprocess.Popen(
            command,
            env={**os.environ, "BOTLAB_CLUSTER": address, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        running()
        child = wait_until(lambda: sandboxed_children(dask_workers), what=what)

        process.kill()
        process.wait(30)
        return wait_until(
            lambda: not any(psutil.pid_exists(pid) for pid in child),
            timeout=120,
            what="the orphaned child to be killed",
        )
    finally:
        if process is not None and process.poll() is None:
            process.kill()
        _stop(processes)
