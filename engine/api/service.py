"""What the HTTP API and the MCP server do, once: plain Python, no web framework.

Every method either returns a JSON-safe dict or raises :class:`~engine.api.errors.ApiError`.
Runs go through the job queue (:mod:`engine.jobs`): this process records the request and makes
sure a worker is running; the worker generates and runs bots in the sandbox. The one exception is
:meth:`Service.execute_script`, the seed's synchronous contract, which runs the template's bot
through a sandboxed :class:`~engine.execution.executor.BotExecutor`
with the seed's 30-second timeout and
10 MB output limit. Methods block (database, data checks, runs): async callers run them in a
thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from engine import jobs, results
from engine.api import idempotency as once
from engine.api import models
from engine.api.config import SYNC_OUTPUT_LIMIT_BYTES, ApiConfig, load_api_config
from engine.api.errors import ApiError, bad_request, conflict, not_found, too_many
from engine.api.idempotency import Idempotency
from engine.api.models import MAX_ID
from engine.config import Settings, load_settings
from engine.store import sanitize

log = logging.getLogger("botlab.api")

QUEUE_RETRY_AFTER_S = 10
SYNC_RETRY_AFTER_S = 5
UPLOAD_NAME = "uploaded_bot"
#: The HTTP status of the seed's failures that are not a run that failed (those are 200).
SEED_STATUS = {
    "invalid_parameters": 400,
    "data_unavailable": 422,
    "sandbox_unavailable": 503,
    "internal_error": 500,
}
#: A sweep request's fields a sweep takes as they are.
SWEEP_FIELDS = {"code", "name", "constraints", "objective", "max_combinations", "seed", "best_n"}
#: As many runs as the dashboard's Compare page shows.
MAX_COMPARE = 8


class Service:
    """Botlab's API operations over one store (opened on first use, shared by threads)."""

    def __init__(self, config: ApiConfig | None = None, settings: Settings | None = None) -> None:
        self.config = config or load_api_config()
        self.settings = settings or load_settings()
        self._store = self._sync_executor = self._sweeps = None
        self._sync_active = 0
        self._open_lock = threading.RLock()  # opening the executor or sweeps opens the store
        self._queue_lock = threading.Lock()

    # -- plumbing ----------------------------------------------------------------------------

    def _once(self, attribute: str, make: Callable[[], Any]) -> Any:
        """``make()``, made by the first thread that asks and then shared."""
        if getattr(self, attribute) is None:
            with self._open_lock:
                if getattr(self, attribute) is None:
                    setattr(self, attribute, make())
        return getattr(self, attribute)

    @property
    def store(self):
        """The store, its runs left running by dead processes closed (unless read-only)."""
        from engine.execution.supervisor import runner_alive
        from engine.store import Store

        def open_store():
            store = Store.open(self.settings)
            if not store.read_only:  # a read-only home is only read
                store.close_interrupted(is_alive=runner_alive)
            return store

        return self._once("_store", open_store)

    @property
    def sync_executor(self):
        """The executor of execute-script: the sandbox, at most 10 MB of output per run."""
        from engine.execution.executor import BotExecutor

        limit = min(self.settings.output_limit_bytes, SYNC_OUTPUT_LIMIT_BYTES)
        settings = dataclasses.replace(self.settings, output_limit_bytes=limit)
        timeout = self.config.sync_timeout_s
        return self._once(
            "_sync_executor",
            lambda: BotExecutor(
                verbose=False, settings=settings, store=self.store, timeout_seconds=timeout
            ),
        )

    @property
    def sweeps(self):
        """The sweeps' service (:mod:`engine.sweeps.service` does their work)."""
        from engine.sweeps.service import SweepService

        return self._once("_sweeps", lambda: SweepService(self.store, self.settings))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._sync_executor = None

    def _start_worker(self) -> None:
        if self.config.start_worker:
            jobs.ensure_worker(self.settings)

    def recover(self, *, attempts: int = 4, pause_s: float = 2.0) -> None:
        """At server start: close the jobs and runs of processes that died, and start a worker
        when jobs are waiting. Never raises; a failure is tried again (``pause_s`` doubling), as
        nothing else moves a queue that no client reads."""
        for attempt in range(1, attempts + 1):
            try:
                self._refresh()
                if self.store.list_jobs(active_only=True, limit=1):
                    self._start_worker()
                return
            except Exception:
                log.exception("could not recover the queue at start-up (attempt %d)", attempt)
                time.sleep(pause_s * 2 ** (attempt - 1))

    def _start_worker_for(self, job) -> None:
        """A read of a queued job whose worker is gone starts one (a GET-only client too)."""
        if job is not None and job.status == "queued" and not self.store.read_only:
            self._start_worker()

    def _refresh(self) -> None:
        """Close jobs and runs whose worker or runner died, so none looks stuck."""
        from engine.execution.supervisor import runner_alive

        if self.store.read_only:  # nothing can be closed there; reads still work
            return
        jobs.reconcile(self.store)
        self.store.close_interrupted(is_alive=runner_alive)

    # -- reads ---------------------------------------------------------------------------------

    def get_run(self, run_id: int) -> dict[str, Any]:
        """One run: status, metrics, trades, equity curve, its job, links."""
        from engine.execution.stored import result_from_record

        record = self._execution(run_id, fresh=True)
        job = self.store.job_for_execution(run_id)
        self._start_worker_for(job)
        document = result_from_record(record, self.store, with_log=False).to_dict()
        job_view = None if job is None else results.job_document(job, self.config.job_links(job))
        return results.run_detail(record, document, job_view, self.config.run_links(run_id))

    def get_job(self, job_id: int) -> dict[str, Any]:
        """A queue job: its phase and, once it exists, its run."""
        job = self._job(job_id, fresh=True)
        self._start_worker_for(job)
        return results.job_document(job, self.config.job_links(job))

    def list_runs(self, query: models.ListQuery) -> dict[str, Any]:
        """The leaderboard: runs filtered, sorted and paged."""
        page = self.store.list_executions(
            status=None if query.status == "all" else query.status,
            descending=query.order == "desc",
            **query.model_dump(exclude={"status", "order"}),
        )
        items = [results.run_summary(r, self.config.run_links(r.id)) for r in page.items]
        keys = ("total", "limit", "offset", "has_more")
        return {"items": items, **{key: getattr(page, key) for key in keys}}

    def strategy_history(
        self, name: str, query: models.HistoryQuery | None = None
    ) -> dict[str, Any]:
        """A strategy's versions and its runs, newest first."""
        limit = (query or models.HistoryQuery()).limit
        versions = self.store.strategy_versions(name)
        if not versions:
            raise not_found(f"no strategy named {name!r}")
        runs = self.store.strategy_history(name, limit=limit + 1, full=True)
        return {
            "name": name,
            "versions": [results.strategy_version(v) for v in versions],
            "runs": [results.run_summary(r, self.config.run_links(r.id)) for r in runs[:limit]],
            "has_more": len(runs) > limit,
        }

    def summary(self) -> dict[str, Any]:
        """Totals over every run, and the queue."""
        totals = sanitize(self.store.performance_summary())
        for key in ("best_run", "worst_run"):
            if run := totals.get(key):
                run_id = run["execution_id"]
                totals[key] = {"run_id": run_id, **run, "links": self.config.run_links(run_id)}
        totals["queue"] = {
            "active_jobs": self.store.count_active_jobs(),
            "max_queue": self.config.max_queue,
        }
        totals["links"] = {"dashboard": self.config.public_url}
        return results.render(results.Summary, totals)

    def compare_runs(self, run_ids: list[int]) -> dict[str, Any]:
        """Runs' metrics side by side, and which run is best on each metric that ranks."""
        ids = list(dict.fromkeys(run_ids))
        if len(ids) < 2:
            raise bad_request("give at least two different run ids to compare", field="run_ids")
        if len(ids) > MAX_COMPARE:
            raise bad_request(f"compare at most {MAX_COMPARE} runs at once", field="run_ids")
        records = [self._execution(i) for i in ids]
        runs = [results.run_summary(r, self.config.run_links(r.id)) for r in records]
        return {
            "runs": runs,
            "best": results.best_runs(runs),
            "not_succeeded": [r["run_id"] for r in runs if r["status"] != "succeeded"],
            "dashboard_url": self.config.compare_page(ids),
        }

    # -- writes ---------------------------------------------------------------------------------

    def queue_run(
        self, request: models.RunRequest, idempotency: Idempotency | None = None
    ) -> dict[str, Any]:
        """Queue a run of a stored strategy or of an uploaded bot.

        With an idempotency key seen before, the first answer again."""
        replayed = once.replay(self.store, idempotency, "runs", request.model_dump(mode="json"))
        if replayed is not None:
            return replayed[1]
        request.check_what_runs()
        options = request.run_options()
        if request.code is not None:
            self._check_run(options)
            submit = partial(
                jobs.submit_generation,
                description=request.description or "Uploaded bot",
                code=request.code,
                code_source="upload",
                name=request.name or UPLOAD_NAME,
            )
        else:
            strategy = self._strategy(request)
            self._check_run(options, strategy.spec)
            submit = partial(jobs.submit_run, strategy_id=strategy.id)

        def queue() -> dict[str, Any]:
            return self._queued(submit(self.store, priority=request.priority, **options))

        _, answer = self._queue(idempotency, 202, queue)
        self._start_worker()
        return answer

    def generate_strategy(
        self, request: models.GenerateRequest, idempotency: Idempotency | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Turn a description into a bot; optionally queue its run.

        The offline compiler answers at once: 201 with the strategy, or 202 with the strategy
        and the queued run when `execute`. Gemini writes, checks and trial-runs its bot in the
        worker: 202 with the queued job (the worker runs the bot once written, whatever
        `execute` says). A description Botlab cannot read is 400 with `not_understood` and
        `suggestions` (descriptions it does read).
        """
        from engine.generation.generator import GenerationRefused, StrategyGenerator

        replayed = once.replay(self.store, idempotency, "generate", request.model_dump(mode="json"))
        if replayed is not None:
            return replayed
        generator = StrategyGenerator(self.settings, store=self.store)
        try:
            engine, _ = generator.choose_engine(request.description, request.engine)
        except GenerationRefused as exc:
            raise _refusal(exc) from None
        options, run_now = request.run_options(), request.execute or engine == "gemini"
        if not run_now and options:
            field = next(iter(options))
            raise bad_request(f"{field} applies to the run: send execute: true with it", field)
        if run_now:  # checked before an offline bot is saved
            self._check_run(options, description=request.description, engine=engine)
        document: dict[str, Any] = {"engine": engine, "strategy": None, "run": None}
        if engine == "offline":  # the same description and name save the same version once
            strategy = generator.generate(request.description, engine="offline", name=request.name)
            document["strategy"] = results.generated_strategy(strategy)
            submit = partial(jobs.submit_run, strategy_id=strategy.strategy_id)
        else:
            submit = partial(
                jobs.submit_generation,
                description=request.description,
                engine="gemini",
                name=request.name,
            )
        if not run_now:
            return once.create_once(self.store, idempotency, 201, lambda: document)

        def queue() -> dict[str, Any]:
            job = submit(self.store, priority=request.priority, **options)
            return {**document, "run": self._queued(job)}

        answer = self._queue(idempotency, 202, queue)
        self._start_worker()
        return answer

    def cancel_run(self, run_id: int) -> tuple[int, dict[str, Any]]:
        """Cancel a queued or running run.

        200 when it is cancelled now, 202 when its worker has been asked to stop it; 409 when it
        already finished or did not come from the queue."""
        record = self._execution(run_id)
        if record.finished:
            raise conflict(f"run {run_id} already finished ({record.status}); nothing to cancel")
        job = self.store.job_for_execution(run_id)
        if job is None:
            raise conflict(
                f"run {run_id} was not queued (it was run directly, on the server's command "
                "line); it can only be stopped where it runs"
            )
        return self._cancel(job)

    def cancel_job(self, job_id: int) -> tuple[int, dict[str, Any]]:
        """Cancel a queued or running job (and its run)."""
        return self._cancel(self._job(job_id))

    def _cancel(self, job) -> tuple[int, dict[str, Any]]:
        if job.finished:
            raise conflict(f"job {job.id} already finished ({job.status}); nothing to cancel")
        job = jobs.cancel(self.store, job.id)
        body = results.job_document(job, self.config.job_links(job))
        return (200 if job.finished else 202), body

    def execute_script(
        self, request: Any, idempotency: Idempotency | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Run a seed script template now (the seed's contract).

        Synchronous: answers when the run ends, within the server's BOTLAB_API_SYNC_TIMEOUT (30 s
        by default); output over 10 MB stops the run. 200 whenever the bot ran: `success` says
        whether it succeeded."""
        replayed = once.replay(self.store, idempotency, "execute-script", request)
        if replayed is not None:
            return replayed
        clock = time.perf_counter()
        with self._sync_slot():
            held = once.run_held(self.store, idempotency, lambda: self._execute_script(request))
        return _within_output_limit(*held, clock)

    @contextlib.contextmanager
    def _sync_slot(self):
        """One of the ``max_sync`` synchronous runs at once: 429 ``busy`` beyond."""
        with self._queue_lock:
            active = self._sync_active
            if active < self.config.max_sync:
                self._sync_active += 1
        if active >= self.config.max_sync:
            raise too_many(
                "busy",
                f"{active} synchronous run(s) already in progress (the limit is "
                f"{self.config.max_sync}); retry shortly, or queue it with POST /api/runs",
                SYNC_RETRY_AFTER_S,
            )
        try:
            yield
        finally:
            with self._queue_lock:
                self._sync_active -= 1

    def _execute_script(self, request: Any) -> tuple[int, dict[str, Any]]:
        from pandas.errors import OutOfBoundsDatetime

        from engine.templates import execute_script

        clock = time.perf_counter()
        try:
            response = execute_script(
                request, executor=self.sync_executor, timeout=self.config.sync_timeout_s
            )
        except OutOfBoundsDatetime as exc:  # a date pandas cannot hold (before 1678, after 2261)
            return 400, {
                "success": False,
                "error": f"a date is outside the range Botlab can handle (1678 to 2261): {exc}",
                "errorType": "invalid_parameters",
                "executionTime": round(time.perf_counter() - clock, 3),
            }
        if response.get("parameter"):  # only an invalid_parameters failure names one
            response["field"] = response["parameter"]
        return SEED_STATUS.get(response.get("errorType"), 200), response

    # -- helpers ------------------------------------------------------------------------------

    def _queued(self, job) -> dict[str, Any]:
        return results.queued(job, self.config.job_links(job))

    def _execution(self, run_id: int, *, fresh: bool = False):
        return self._find("run", self.store.get_execution, run_id, fresh)

    def _job(self, job_id: int, *, fresh: bool = False):
        return self._find("job", self.store.get_job, job_id, fresh)

    def _find(self, what: str, read: Callable, found_id: int, fresh: bool):
        """``read(found_id)``, 404 if there is none; ``fresh``: read again, after closing what
        died, when it is not finished (so none looks stuck)."""
        found = read(found_id) if 1 <= found_id <= MAX_ID else None
        if found is None:
            raise not_found(f"no {what} with id {found_id}")
        if fresh and not found.finished:
            self._refresh()
            return self._find(what, read, found_id, fresh=False)
        return found

    # -- sweeps ---------------------------------------------------------------------------------

    def start_sweep(self, request: models.SweepRequest) -> dict[str, Any]:
        """Sweep a strategy over a parameter grid; every combination is a run.

        Checked and recorded at once (a bad grid, an unknown parameter or missing data is a
        400/422 naming it), then run in the background in sandboxed slices. Poll
        GET /api/sweeps/{sweep_id}."""
        from engine.sweeps.runner import SweepRequest as Sweep
        from engine.sweeps.service import params_texts

        request.check_what_runs()
        if request.symbol and request.symbols:
            raise bad_request("give symbol or symbols, not both", field="symbols")
        options = request.run_options()
        options.pop("spread", None)  # a sweep's runs pay no spread yet
        symbol = options.pop("symbol", None)
        for day in ("start", "end"):
            if day in options:
                options[day] = options[day].isoformat()
        sweep = Sweep(
            bot=None,
            strategy_id=None if request.code is not None else self._strategy(request).id,
            params=params_texts(request.params),
            symbols=request.symbols or ([symbol] if symbol else []),
            **request.model_dump(include=SWEEP_FIELDS),
            **options,
        )
        return self.sweeps.start(sweep)

    def get_sweep(self, sweep_id: int) -> dict[str, Any]:
        """A sweep's progress and its best parameter set so far."""
        return self.sweeps.get(sweep_id)

    def get_sweep_results(self, sweep_id: int) -> dict[str, Any]:
        """A sweep with every stored combination (params, status, metrics)."""
        return self.sweeps.get(sweep_id, with_combinations=True)

    def cancel_sweep(self, sweep_id: int) -> dict[str, Any]:
        """Stop a running sweep (what finished stays stored; resume later)."""
        return self.sweeps.cancel(sweep_id)

    def resume_sweep(self, sweep_id: int) -> dict[str, Any]:
        """Run what a cancelled or interrupted sweep has not stored yet."""
        return self.sweeps.resume(sweep_id)

    def _strategy(self, request: models.RunRequest):
        if request.strategy_id is not None:
            strategy = self.store.get_strategy(request.strategy_id)
            if strategy is None:
                raise not_found(f"no strategy version with id {request.strategy_id}")
            return strategy
        versions = self.store.strategy_versions(request.strategy_name)
        if not versions:
            raise not_found(f"no strategy named {request.strategy_name!r}")
        if request.version is None:
            return versions[-1]
        chosen = [v for v in versions if v.version == request.version]
        if chosen:
            return chosen[0]
        raise not_found(
            f"strategy {request.strategy_name!r} has no version {request.version} "
            f"(it has {len(versions)})"
        )

    def _queue(self, idempotency, status: int, create) -> tuple[int, dict[str, Any]]:
        """``create()`` a job under the queue's limit, with its idempotency key if any."""
        with self._queue_lock:
            self._check_queue()
            return once.create_once(self.store, idempotency, status, create)

    def _check_queue(self) -> None:
        active = self.store.count_active_jobs()
        if active >= self.config.max_queue:
            raise too_many(
                "queue_full",
                f"the queue is full ({active} jobs queued or running, the limit is "
                f"{self.config.max_queue}); try again when some have finished",
                QUEUE_RETRY_AFTER_S,
            )

    def _check_run(
        self,
        options: dict[str, Any],
        spec: dict | None = None,
        *,
        description: str | None = None,
        engine: str = "auto",
    ) -> None:
        """400 naming the field when the data or settings cannot run (before anything is
        stored). A stored strategy's own symbol and period count when the request has none."""
        problems = jobs.check_request(
            description=description,
            engine=engine,
            settings=self.settings,
            strategy_spec=spec,
            **options,
        )
        if problems:
            fields = {_request_field(k, problems[k], options): problems[k] for k in problems}
            field, message = next(iter(fields.items()))
            raise bad_request(message, field=field, fields=fields if len(fields) > 1 else None)


def _request_field(field: str, message: str, options: dict[str, Any]) -> str:
    """check_request's field name as the request's: ``period`` is days, start, end or interval."""
    if field != "period":
        return field
    code = getattr(message, "code", None)  # the data error's: is the bar size at fault?
    if options.get("interval") and code in ("interval_limit", "interval_unavailable"):
        return "interval"
    return next((k for k in ("start", "end", "days", "interval") if options.get(k)), "days")


def _within_output_limit(status: int, answer: dict, clock: float) -> tuple[int, dict]:
    """The seed's answer, or, when it would be over the 10 MB output limit, a failure saying
    where to fetch the run."""
    answer = sanitize(answer)
    size = len(json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode())
    if size <= SYNC_OUTPUT_LIMIT_BYTES:
        return status, answer
    run_id = answer.get("executionId")
    failure = {
        "success": False,
        "error": f"the response would be {size / 1e6:.1f} MB, over the "
        f"{SYNC_OUTPUT_LIMIT_BYTES // 2**20} MB output limit; fetch the run with "
        f"GET /api/runs/{run_id}",
        "errorType": "output_limit",
        "executionTime": round(time.perf_counter() - clock, 3),
    }
    if run_id is not None:
        failure["executionId"] = run_id
    return 200, failure


def _refusal(exc) -> ApiError:
    """A refused description (``GenerationRefused``): 400 ``generation_refused`` with the field at
    fault, what was not understood, the compiler's suggestions (descriptions it does read) and
    what to change, as ``botlab generate --json`` prints them."""
    unread = exc.not_understood
    return ApiError(
        400,
        "generation_refused",
        str(exc),
        field=exc.field,
        fields={"description": "not understood: " + "; ".join(unread)} if unread else None,
        not_understood=unread,
        suggestions=exc.suggestions,
        hints=exc.hints,
    )
