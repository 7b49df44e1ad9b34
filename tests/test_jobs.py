"""The job queue and its worker: real store, real sandboxed runs, real worker processes."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest

from engine import jobs
from engine.config import load_settings
from engine.store import Store

from .conftest import BOTS, EXAMPLES, dead_pid

RSI = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years"


@pytest.fixture
def worker():
    """A worker serving the queue in a thread of this process."""
    serving = jobs.Worker(concurrency=2, poll_s=0.05, heartbeat_s=0.2)
    thread = threading.Thread(target=serving.run, daemon=True)
    thread.start()
    yield serving
    serving.stop_event.set()
    thread.join(timeout=30)


def wait_for(store: Store, job_id: int, *, phase: str = "done", timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = store.get_job(job_id)
        if job.phase == phase or (phase == "done" and job.finished):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {phase}: {store.get_job(job_id)}")


def stored_strategy(store: Store, path=EXAMPLES / "sma_cross.py", name="sma_cross"):
    return store.save_strategy(name, path.read_text())


def test_a_queued_run_is_in_the_history_before_it_starts(store):
    strategy = stored_strategy(store)
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")

    execution = store.get_execution(job.execution_id)
    assert (job.status, job.phase) == ("queued", "queued")
    assert (execution.status, execution.symbol) == ("queued", "GOOG")
    assert [r.id for r in store.strategy_history("sma_cross")] == [job.execution_id]


def test_the_worker_runs_a_stored_strategy(store, worker):
    strategy = stored_strategy(store)
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", days=1000)

    done = wait_for(store, job.id)

    assert (done.status, done.phase) == ("succeeded", "done")
    execution = store.get_execution(job.execution_id)
    assert execution.status == "succeeded" and execution.trades > 0
    assert execution.test_period_days == 1000
    assert "seccomp=on" in execution.sandbox_report


def test_the_worker_generates_then_runs_a_description(store, worker):
    job = jobs.submit_generation(store, description=RSI, engine="offline")

    done = wait_for(store, job.id)

    assert done.status == "succeeded", done.error_message
    assert done.strategy_id is not None and done.execution_id is not None
    execution = store.get_execution(done.execution_id)
    assert (execution.status, execution.symbol, execution.test_period_days) == (
        "succeeded",
        "AAPL",
        730,
    )
    assert store.get_strategy(done.strategy_id).source == "offline"


def test_an_edited_bot_is_saved_as_a_new_version(store, worker):
    first = stored_strategy(store, name="tweaked")
    edited = first.code.replace("fast = 10", "fast = 12")
    job = jobs.submit_generation(store, description=RSI, name="tweaked", code=edited)

    done = wait_for(store, job.id)

    assert done.status == "succeeded", done.error_message
    versions = store.strategy_versions("tweaked")
    assert [v.version for v in versions] == [1, 2]
    assert versions[-1].source == "edited" and "fast = 12" in versions[-1].code


def test_a_refused_description_fails_the_job_with_its_reason(store, worker, monkeypatch):
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GEMINI_API_KEYS", raising=False)
    job = jobs.submit_generation(store, description="when the moon is full", engine="offline")

    done = wait_for(store, job.id)

    assert (done.status, done.error_type) == ("failed", "generation_refused")
    assert "moon" in done.error_message
    assert done.execution_id is None and store.list_strategies() == []


def test_higher_priority_is_claimed_first(store):
    strategy = stored_strategy(store)
    low = jobs.submit_run(store, strategy_id=strategy.id)
    high = jobs.submit_run(store, strategy_id=strategy.id, priority=5)

    first = store.claim_job(worker_host="h", worker_pid=1)
    second = store.claim_job(worker_host="h", worker_pid=1)

    assert [first.id, second.id] == [high.id, low.id]
    assert store.claim_job(worker_host="h", worker_pid=1) is None


def test_cancelling_a_queued_job_cancels_its_run(store):
    strategy = stored_strategy(store)
    job = jobs.submit_run(store, strategy_id=strategy.id)

    cancelled = jobs.cancel(store, job.id)

    assert (cancelled.status, cancelled.phase) == ("cancelled", "done")
    assert store.get_execution(job.execution_id).status == "cancelled"
    assert store.claim_job(worker_host="h", worker_pid=1) is None


def test_cancelling_a_running_job_stops_its_run(store, worker):
    strategy = store.save_strategy("sleeper", (BOTS / "sleeper.py").read_text())
    job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG")
    wait_for(store, job.id, phase="running")
    time.sleep(0.5)  # inside the sandboxed child by now

    jobs.cancel(store, job.id)
    done = wait_for(store, job.id, timeout=30)

    assert done.status == "cancelled"
    execution = store.get_execution(job.execution_id)
    assert (execution.status, execution.error_type) == ("cancelled", "cancelled")


def test_check_request_names_each_bad_field(tmp_path):
    not_ohlcv = tmp_path / "prices.csv"
    not_ohlcv.write_text("date,price\n2020-01-01,1\n")

    assert jobs.check_request(description=RSI) == {}
    assert "description" in jobs.check_request(description="   ")
    assert "4,000" in jobs.check_request(description="buy " * 1200)["description"]
    assert "TSLA" in jobs.check_request(symbol="TSLA", source="sample")["symbol"]
    assert "data" in jobs.check_request(data_path=not_ohlcv)
    period = jobs.check_request(symbol="AAPL", start="2019-01-01", end="2019-06-01")
    assert "period" in period and "2013" in period["period"]
    assert "cash" in jobs.check_request(symbol="AAPL", cash=-5)


def test_uploads_are_kept_by_content(tmp_path):
    settings = load_settings()
    first = jobs.save_upload(settings, "../../my data.csv", b"Date,Open\n")
    again = jobs.save_upload(settings, "other.csv", b"Date,Open\n")

    assert first.parent == settings.home / "uploads"
    assert first.read_bytes() == b"Date,Open\n" and ".." not in first.name
    assert again.name.split("-")[0] == first.name.split("-")[0]


def test_a_dead_workers_jobs_and_runs_are_closed_not_left_stuck(store):
    strategy = stored_strategy(store)
    job = jobs.submit_run(store, strategy_id=strategy.id)
    claimed = store.claim_job(worker_host=socket.gethostname(), worker_pid=dead_pid())
    store.update_execution(job.execution_id, status="running")

    closed = jobs.reconcile(store)

    assert closed == [claimed.id]
    done = store.get_job(job.id)
    assert (done.status, done.error_type) == ("failed", "interrupted")
    assert "worker" in done.error_message
    assert store.get_execution(job.execution_id).status == "failed"


def test_a_dead_workers_job_and_its_run_are_closed_together_or_not_at_all(store, monkeypatch):
    """Closing the job and closing its run is one write: a reader never sees the job failed
    while its run is still open (CI once caught the run ``queued`` after its job had failed)."""
    strategy = stored_strategy(store)
    job = jobs.submit_run(store, strategy_id=strategy.id)
    store.claim_job(worker_host=socket.gethostname(), worker_pid=dead_pid())

    def storage_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "finish_execution", storage_fails)
    with pytest.raises(OSError):
        jobs.reconcile(store)

    assert store.get_job(job.id).status == "running"  # not failed with its run left open
    monkeypatch.undo()
    assert jobs.reconcile(store) == [job.id]
    assert store.get_execution(job.execution_id).status == "failed"


def test_cancelling_a_queued_job_cancels_its_run_in_the_same_write(store, monkeypatch):
    job = jobs.submit_run(store, strategy_id=stored_strategy(store).id)

    def storage_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "finish_execution", storage_fails)
    with pytest.raises(OSError):
        store.request_cancel(job.id)

    assert store.get_job(job.id).status == "queued"
    monkeypatch.undo()
    assert store.request_cancel(job.id).status == "cancelled"
    assert store.get_execution(job.execution_id).status == "cancelled"


def test_one_worker_process_per_home_surviving_its_starter_and_replaced_when_killed(store):
    settings = load_settings()
    strategy = store.save_strategy("sleeper", (BOTS / "sleeper.py").read_text())
    pid = jobs.ensure_worker(settings)
    try:
        assert jobs.ensure_worker(settings) == pid  # one per home
        job = jobs.submit_run(store, strategy_id=strategy.id, symbol="GOOG", timeout=600)
        wait_for(store, job.id, phase="running")

        os.killpg(pid, signal.SIGKILL)  # the worker dies mid-run (its sandbox dies with it)
        deadline = time.monotonic() + 10
        while jobs.running_worker_pid(settings) and time.monotonic() < deadline:
            time.sleep(0.05)
        replacement = jobs.ensure_worker(settings)

        assert replacement != pid
        done = wait_for(store, job.id, timeout=30)
        assert (done.status, done.error_type) == ("failed", "interrupted")
        assert store.get_execution(job.execution_id).status == "failed"
        again = jobs.submit_run(store, strategy_id=stored_strategy(store).id, symbol="GOOG")
        assert wait_for(store, again.id).status == "succeeded"
    finally:
        jobs.stop_worker(settings)
    assert jobs.running_worker_pid(settings) is None


def test_a_worker_starting_while_the_lock_is_checked_still_serves(store):
    """A check of the worker lock used to take it for an instant; a worker starting in that
    instant exited as "already running", leaving the queue with nobody serving it. Checks now
    never take it: here they run back to back for as long as the worker starts and serves."""
    settings = load_settings()
    job = jobs.submit_run(store, strategy_id=stored_strategy(store).id, symbol="GOOG")
    checked = threading.Event()
    done = threading.Event()

    def check_without_pause() -> None:  # the server polls while the worker it started starts
        while not done.is_set():
            jobs.running_worker_pid(settings)
            checked.set()

    checker = threading.Thread(target=check_without_pause, daemon=True)
    checker.start()
    checked.wait(timeout=30)
    serving = jobs.Worker(poll_s=0.05)
    failures: list[BaseException] = []
    thread = threading.Thread(target=_capture(serving.run, failures), daemon=True)
    thread.start()
    try:
        assert wait_for(store, job.id).status == "succeeded"
        assert failures == []
    finally:
        done.set()
        serving.stop_event.set()
        thread.join(timeout=30)
        checker.join(timeout=30)


def test_a_second_worker_for_the_same_home_says_one_is_running(store):
    settings = load_settings()
    first = jobs.Worker(poll_s=0.05)
    thread = threading.Thread(target=first.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while jobs.running_worker_pid(settings) != os.getpid() and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(jobs.WorkerAlreadyRunning, match=f"pid {os.getpid()}"):
            jobs.Worker().run()
    finally:
        first.stop_event.set()
        thread.join(timeout=30)


def _capture(target, failures: list[BaseException]):
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # the test reads it: a thread's exception is otherwise lost
            failures.append(exc)

    return run


def test_start_after_end_is_the_period_s_fault_not_the_symbol_s():
    problems = jobs.check_request(symbol="AAPL", start="2020-05-01", end="2020-01-01")
    assert problems == {"period": "start 2020-05-01 is after end 2020-01-01; swap them"}
    described = jobs.check_request(
        description="buy when RSI(14) drops below 30, sell above 70 on MSFT",
        start="2020-05-01",
        end="2020-01-01",
    )
    assert "symbol" not in described and "2020-05-01 is after end" in described["period"]


@pytest.mark.parametrize(("text", "words"), [("buy\x00 dips", "NUL byte"), ("buy \udcff", "UTF-8")])
def test_a_description_with_a_nul_or_non_utf8_byte_is_refused(text, words):
    problems = jobs.check_request(description=text)
    assert words in problems["description"]
