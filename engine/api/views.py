"""Stored runs and jobs as JSON objects (plain, JSON-safe dicts), with their links."""

from __future__ import annotations

from typing import Any

from engine.api.config import ApiConfig
from engine.store import sanitize

API = "/api"


def run_links(run_id: int, config: ApiConfig) -> dict[str, str]:
    """Where a run is: its API resource and its dashboard page."""
    return {"self": f"{API}/runs/{run_id}", "dashboard": config.run_page(run_id)}


def job_links(job, config: ApiConfig) -> dict[str, str]:
    links = {"self": f"{API}/jobs/{job.id}"}
    if job.execution_id is not None:
        links["run"] = f"{API}/runs/{job.execution_id}"
        links["dashboard"] = config.run_page(job.execution_id)
    return links


def metrics_of(record) -> dict[str, Any]:
    """The headline metrics, named as in ``botlab run --json`` (``max_drawdown``, percent)."""
    metrics = dict(record.metrics)
    metrics["max_drawdown"] = metrics.pop("max_drawdown_pct", None)
    return metrics


def run_summary(record, config: ApiConfig) -> dict[str, Any]:
    """One row of the leaderboard or a history: no trades, no equity curve."""
    return sanitize(
        {
            "run_id": record.id,
            "strategy_id": record.strategy_id,
            "strategy_name": record.strategy_name,
            "strategy_version": record.strategy_version,
            "kind": record.kind,
            "status": record.status,
            "symbol": record.symbol,
            "interval": record.interval,
            "data_source": record.data_source,
            "bars": record.bars,
            "test_period_days": record.test_period_days,
            "cash": record.cash,
            "commission": record.commission,
            "priority": record.priority,
            "metrics": metrics_of(record),
            "buy_hold_start": record.data["buy_hold_start"],
            "created_at": record.created_at,
            "started_at": record.started_at,
            "finished_at": record.finished_at,
            "duration_s": record.duration_s,
            "error_type": record.error_type,
            "links": run_links(record.id, config),
        }
    )


def run_detail(record, store, job, config: ApiConfig) -> dict[str, Any]:
    """One run in full: ``botlab show --json``'s document (minus server file paths), plus its
    strategy version, timing, its queue job (if it came from the queue) and links."""
    from engine.execution.stored import result_from_record

    document = result_from_record(record, store, with_log=False).to_dict()
    document.pop("files", None)
    document.update(
        run_id=record.id,
        strategy_id=record.strategy_id,
        strategy_version=record.strategy_version,
        symbol=record.symbol,
        priority=record.priority,
        created_at=record.created_at,
        finished_at=record.finished_at,
        job=None if job is None else job_view(job, config),
        links=run_links(record.id, config),
    )
    return sanitize(document)


def job_view(job, config: ApiConfig) -> dict[str, Any]:
    """A queue job: what it is doing, and the run it produced (``run_id``, once it exists)."""
    return sanitize(
        {
            "job_id": job.id,
            "kind": job.kind,
            "status": job.status,
            "phase": job.phase,
            "progress": job.progress,
            "priority": job.priority,
            "created_at": job.created_at,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "cancel_requested": job.cancel_requested,
            "strategy_id": job.strategy_id,
            "run_id": job.execution_id,
            "error_type": job.error_type,
            "error": job.error_message,
            "links": job_links(job, config),
        }
    )


def queued(job, config: ApiConfig) -> dict[str, Any]:
    """The answer to a request that queued ``job``."""
    return {
        "job_id": job.id,
        "run_id": job.execution_id,
        "status": job.status,
        "phase": job.phase,
        "links": job_links(job, config),
    }


def strategy_version(record) -> dict[str, Any]:
    return sanitize(
        {
            "strategy_id": record.id,
            "name": record.name,
            "version": record.version,
            "source": record.source,
            "description": record.description,
            "created_at": record.created_at,
            "code_sha256": record.code_sha256,
        }
    )
