"""A small soak of the queue against real server processes (``bench/soak.py`` in miniature):
40 queued runs, the worker and the server killed 3 times at random moments; every job asked
for is created once and finishes once, none is lost, duplicated or stuck."""

from __future__ import annotations

from bench.soak import soak


def test_forty_jobs_through_three_kills_finish_exactly_once(tmp_path):
    report = soak(tmp_path / "home", jobs_wanted=40, kills=3, seed_value=7)

    assert report.server_kills == 2, report  # the server alone, then server and worker
    assert report.worker_kills >= 1, report  # a worker only exists while there is work
    assert report.created == report.keys == 40, report
    assert (report.lost, report.duplicated, report.stuck) == (0, 0, 0), report
    assert report.finished_once == 40, report
    assert set(report.statuses) <= {"succeeded", "failed"}, report
    assert set(report.error_types) <= {"interrupted"}, report  # killed mid-run: said so
