"""Run a parameter sweep: validate it, record it, run its slices, store every result once.

>>> from engine.sweeps import SweepRequest, SweepRunner
>>> request = SweepRequest("examples/sma_cross.py", params=["fast=5:20:5", "slow=20:60:10"],
...                        constraints=["fast < slow"], symbols=["GOOG"])
>>> sweep = SweepRunner().start(request)

Order of work: everything the user typed is checked first (the bot or stored strategy, the grid,
the constraints, the objective, the market data, and the strategy's own parameters, which are
discovered inside the sandbox: the bot is never imported here). Then the sweep is recorded as
``running`` and its combinations run in slices through a
:class:`~engine.sweeps.engines.SliceEngine`.
Results are stored as each slice comes back. A slice whose child dies has its unfinished
combinations retried once, then split in halves until the combination that kills it is alone and
recorded as failed; a slice the cluster lost before it ran is sent again as it was (up to
``LOST_RESUBMITS`` times). Cancelling (``Store.request_sweep_cancel`` from anywhere, or the
``cancel`` event) stops the slices; :meth:`SweepRunner.resume` later runs only what is not stored
yet. At the end the best ``best_n`` parameter sets are run once more to keep their trades and
equity curves.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from engine import cluster
from engine.config import Settings, load_settings
from engine.execution.supervisor import CANCELLED, TIMEOUT, runner_alive
from engine.metrics import metrics_from_stats
from engine.results import Hint, Refused, hints_of, metrics_for_store, metrics_from_store
from engine.sweeps import objectives
from engine.sweeps.engines import SliceEngine, make_engine
from engine.sweeps.grid import Grid, GridError, ParamRange, build_grid, combination_key
from engine.sweeps.slices import LOST, SliceOutcome, SliceTask, run_slice

DEFAULT_BEST_N = 5
MAX_SLICE = 100  # combinations per slice at most (1-10 s of work for daily data)
LOST_RESUBMITS = 3  # a slice the cluster lost is sent again this often, then counts as crashed
MIN_SLICE = 10  # and at least (the fork and data load are paid once per slice)
CANCEL_POLL_S = 1.0
MAX_KEPT_RETURNS = 50_000_000  # float32 bar returns kept for PBO (200 MB)


class SweepError(Refused):
    """A sweep that cannot start or resume, with the reason (bad input, mostly): the input at
    fault by its request name, for each front end to name its own way."""


@dataclass
class SweepRequest:
    """Everything a sweep is: one strategy x a grid x symbols x a period, an objective."""

    bot: str | None  # a bot file, or the name of a stored strategy (or see code/strategy_id)
    params: Sequence[str]  # "NAME=START:STOP:STEP" | "NAME=a,b,c"
    constraints: Sequence[str] = ()
    objective: str = objectives.DEFAULT_OBJECTIVE
    symbols: Sequence[str] = ()
    data_file: str | None = None
    start: str | None = None
    end: str | None = None
    days: int | None = None
    interval: str | None = None
    source: str | None = None
    cash: float | None = None
    commission: float | None = None
    max_combinations: int | None = None
    seed: int | None = None
    best_n: int = DEFAULT_BEST_N
    strategy_class: str | None = None
    name: str | None = None
    slice_timeout: float | None = None
    robustness: bool = True  # walk-forward, PBO, DSR, stability, Monte Carlo at the end
    code: str | None = None  # a bot's source (the API's upload), saved under ``name``
    strategy_id: int | None = None  # a stored strategy version


@dataclass
class Progress:
    """How far a sweep is, after each slice."""

    sweep_id: int
    total: int
    done: int
    failed: int
    elapsed_s: float
    ran_now: int  # combinations finished by this process (for the rate)

    @property
    def left(self) -> int:
        return max(self.total - self.done, 0)

    @property
    def per_second(self) -> float:
        return self.ran_now / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def line(self) -> str:
        return (
            f"sweep {self.sweep_id}: {self.done}/{self.total} done, {self.failed} failed, "
            f"{self.left} left, {self.per_second:.1f} combinations/s"
        )


@dataclass
class _Plan:
    """A sweep ready to run: its code, data files and the combinations still to do."""

    code: str
    strategy_class: str | None
    cash: float
    commission: float
    data: dict[str, dict]  # symbol -> {"file", "describe"}
    todo: list[dict] = field(default_factory=list)  # {"key", "params", "symbol"}
    scratch: Path | None = None


class SweepRunner:
    """Runs sweeps against a store, on a slice engine (embedded by default, or Dask)."""

    def __init__(
        self,
        *,
        store=None,
        settings: Settings | None = None,
        engine: SliceEngine | None = None,
        workers: int | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        from engine.store import Store

        self.settings = settings or load_settings()
        self.settings.ensure_dirs()
        self.store = store or Store.open(self.settings)
        self._engine = engine
        self._workers = workers
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self._returns: dict[str, object] = {}  # combination key -> bar returns (this process)
        self._returns_size = 0
        self.store.close_interrupted_sweeps(is_alive=runner_alive)

    # -- public ------------------------------------------------------------------------------

    def prepare(self, request: SweepRequest):
        """Check ``request`` and record the sweep (``running``) without running it yet; returns
        the sweep record. Raises :class:`SweepError` (or the data's ``DataError``)."""
        code, name, source = self._bot_code(request)
        grid = build_grid(list(request.params), list(request.constraints))
        objective = objectives.check_objective(request.objective)
        if request.best_n < 0:
            raise SweepError(" must be 0 or more", field="best_n")
        symbols = _symbols(request)
        describe = self._describe(code, request.strategy_class)
        _check_names(grid, describe)
        combinations = grid.combinations(
            max_combinations=request.max_combinations, seed=request.seed
        )
        markets = {symbol: self._load(symbol, request) for symbol in symbols}
        strategy = self.store.save_strategy(name, code, source=source)
        definition = {
            "bot": request.bot,
            "params": list(request.params),
            "grid": [r.to_dict() for r in grid.ranges],
            "constraints": list(request.constraints),
            "symbols": [m.symbol for m in markets.values()],
            "data": {
                "file": _absolute(request.data_file),
                "start": request.start,
                "end": request.end,
                "days": request.days,
                "interval": request.interval,
                "source": request.source,
            },
            "cash": _default(request.cash, "cash"),
            "commission": _default(request.commission, "commission"),
            "max_combinations": request.max_combinations,
            "seed": request.seed,
            "best_n": request.best_n,
            "strategy_class": describe["strategy_class"],
            "defaults": describe["params"],
            "slice_timeout": request.slice_timeout,
            "robustness": request.robustness,
            "markets": {s: m.describe() for s, m in zip(symbols, markets.values(), strict=True)},
        }
        return self.store.create_sweep(
            strategy_id=strategy.id,
            objective=objective,
            combinations=len(combinations) * len(symbols),
            definition=definition,
            runner_host=socket.gethostname(),
            runner_pid=os.getpid(),
        )

    def start(self, request: SweepRequest):
        """Check, record and run a sweep to its end; returns the finished sweep record."""
        sweep = self.prepare(request)
        return self.run(sweep.id)

    def resume(self, sweep_id: int):
        """Run what a cancelled or interrupted sweep has not stored yet."""
        sweep = self.check_resumable(sweep_id)
        if sweep.status == "succeeded":
            return sweep  # every combination is stored: nothing to resume
        self.store.update_sweep(
            sweep_id,
            status="running",
            cancel_requested=False,
            runner_host=socket.gethostname(),
            runner_pid=os.getpid(),
            finished_at=None,
            error_type=None,
            error_message=None,
        )
        return self.run(sweep_id)

    def check_resumable(self, sweep_id: int):
        """The sweep, or :class:`SweepError` when there is none or another process runs it."""
        sweep = self.store.get_sweep(sweep_id)
        if sweep is None:
            raise SweepError(f"no sweep with id {sweep_id}", code="not_found")
        alive = runner_alive(sweep.runner_host, sweep.runner_pid)
        if sweep.status == "running" and not self._is_ours(sweep) and alive:
            raise SweepError(
                f"sweep {sweep_id} is still running (pid {sweep.runner_pid} on "
                f"{sweep.runner_host}); cancel it first",
                code="conflict",
            )
        if sweep.status == "running" and self._is_ours(sweep):
            raise SweepError(
                f"sweep {sweep_id} is already running in this process", code="conflict"
            )
        return sweep

    def run(self, sweep_id: int):
        """Run every combination of a recorded sweep not stored yet, then finish it."""
        sweep = self.store.get_sweep(sweep_id)
        plan = None
        try:
            plan = self._plan(sweep)
            cancelled = self._run_slices(sweep, plan)
            if cancelled:
                self._finish(sweep, "cancelled", "cancelled", "cancelled by the user")
            else:
                self._conclude(sweep, plan)
        except BaseException as exc:
            self._finish(sweep, "failed", *_failure(exc))
            raise
        finally:
            if plan is not None and plan.scratch is not None:
                shutil.rmtree(plan.scratch, ignore_errors=True)
        return self.store.get_sweep(sweep_id)

    def keep_details(self, sweep_id: int, execution_ids: Sequence[int]) -> list[int]:
        """Run the given combinations of a sweep again and keep their trades and equity curves
        (what the best N get automatically); returns the ids now holding details."""
        sweep = self.store.get_sweep(sweep_id)
        if sweep is None:
            raise SweepError(f"no sweep with id {sweep_id}", code="not_found")
        plan = self._plan(sweep, todo=False)
        try:
            return sorted(self._run_details(sweep, plan, list(execution_ids)))
        finally:
            if plan.scratch is not None:
                shutil.rmtree(plan.scratch, ignore_errors=True)

    # -- checking ------------------------------------------------------------------------------

    def _bot_code(self, request: SweepRequest) -> tuple[str, str, str]:
        """(code, strategy name, source) of what the request sweeps."""
        from engine.execution.bot_kind import bot_kind

        if request.code is not None:
            code, label, source = request.code, request.name or "uploaded_bot", "upload"
        elif request.strategy_id is not None:
            stored = self.store.get_strategy(request.strategy_id)
            if stored is None:
                raise SweepError(f"no strategy with id {request.strategy_id}", code="not_found")
            code, label, source = stored.code, request.name or stored.name, stored.source
        elif request.bot and Path(request.bot).is_file():
            path = Path(request.bot)
            code = path.read_text(encoding="utf-8", errors="replace")
            label, source = request.name or path.stem, "file"
        else:
            versions = self.store.strategy_versions(request.bot or "")
            if not versions:
                raise SweepError(
                    f"{request.bot!r} is neither a bot file nor a stored strategy's name"
                )
            latest = versions[-1]
            code, label, source = latest.code, request.name or latest.name, latest.source
        if bot_kind(code) != "strategy":
            raise SweepError(
                f"{request.bot or label}: a sweep needs a Strategy bot (a backtesting.py Strategy "
                "subclass whose parameters are class attributes); this is a script that runs its "
                "own backtest"
            )
        return code, label, source

    def parameters(self, code: str, strategy_class: str | None = None) -> dict:
        """A strategy's parameters and their defaults, read inside the sandbox (the code is
        never imported here); raises :class:`SweepError` when it cannot be inspected."""
        return dict(self._describe(code, strategy_class)["params"])

    def _describe(self, code: str, strategy_class: str | None) -> dict:
        """The strategy's class and parameters, found inside the sandbox."""
        task = SliceTask(
            slice_id="describe",
            code=code,
            combinations=[],
            strategy_class=strategy_class,
            mode="describe",
        )
        outcome = run_slice(task)
        answer = outcome.describe
        if answer is None:
            raise SweepError(f"the strategy could not be inspected: {outcome.failure_detail}")
        if not answer.get("ok"):
            raise SweepError(f"the strategy cannot run: {answer.get('error')}")
        if not isinstance(answer.get("params"), dict) or not answer.get("strategy_class"):
            raise SweepError("the strategy could not be inspected: malformed description")
        return answer

    def _load(self, symbol: str | None, request: SweepRequest):
        from engine import data as market_data

        return market_data.load_ohlcv(
            symbol,
            path=request.data_file,
            start=request.start,
            end=request.end,
            days=request.days,
            interval=request.interval if request.data_file is None else None,
            source=request.source,
            settings=self.settings,
        )

    def _is_ours(self, sweep) -> bool:
        return sweep.runner_host == socket.gethostname() and sweep.runner_pid == os.getpid()

    # -- planning ------------------------------------------------------------------------------

    def _plan(self, sweep, *, todo: bool = True) -> _Plan:
        import pandas as pd  # noqa: F401  (to_pickle below needs it loaded)

        definition = sweep.definition
        strategy = self.store.get_strategy(sweep.strategy_id)
        plan = _Plan(
            code=strategy.code,
            strategy_class=definition.get("strategy_class"),
            cash=definition["cash"],
            commission=definition["commission"],
            data={},
        )
        data = definition["data"]
        request = SweepRequest(
            bot=definition["bot"],
            params=definition["params"],
            data_file=data.get("file"),
            start=data.get("start"),
            end=data.get("end"),
            days=data.get("days"),
            interval=data.get("interval"),
            source=data.get("source"),
        )
        self.settings.scratch_dir.mkdir(parents=True, exist_ok=True)
        plan.scratch = Path(
            tempfile.mkdtemp(prefix=f"sweep{sweep.id}-", dir=self.settings.scratch_dir)
        )
        os.chmod(plan.scratch, 0o700)
        for number, symbol in enumerate(definition["symbols"]):
            market = self._load(symbol, request)
            path = plan.scratch / f"data-{number}.pkl"
            market.frame.to_pickle(path)
            plan.data[symbol] = {"file": str(path), "describe": market.describe()}
        if todo:
            stored = self.store.sweep_keys(sweep.id)
            plan.todo = [c for c in expand(definition) if c["key"] not in stored]
        return plan

    # -- running -------------------------------------------------------------------------------

    def _run_slices(self, sweep, plan: _Plan) -> bool:
        """Run ``plan.todo``; returns whether the sweep was cancelled."""
        engine = self._engine or make_engine(self._workers)
        try:
            return self._drive(engine, sweep, plan)
        finally:
            if self._engine is None:
                engine.close()

    def _drive(self, engine: SliceEngine, sweep, plan: _Plan) -> bool:
        pending = deque(self._slices(sweep, plan, plan.todo, engine.workers))
        in_flight: dict = {}
        counts = _Counts.from_store(self.store, sweep.id)
        began, last_poll, cancelled = time.monotonic(), 0.0, False
        while (pending and not cancelled) or in_flight:
            try:
                while pending and not cancelled and len(in_flight) < 2 * engine.workers:
                    task = pending.popleft()
                    in_flight[engine.submit(task, priority=cluster.SWEEP_PRIORITY)] = task
                finished = engine.completed(list(in_flight), timeout=CANCEL_POLL_S)
                for future in finished:
                    task = in_flight.pop(future)
                    outcome = _outcome_of(engine, future, task)
                    counts.add(self._store_outcome(sweep, plan, outcome, cancelled))
                    pending.extendleft(reversed(self._follow_up(outcome, cancelled)))
                    self._report(sweep, counts, began)
                # after every result (so a cancel stops the next slice) and at least every second
                if finished or time.monotonic() - last_poll >= CANCEL_POLL_S:
                    last_poll = time.monotonic()
                    if self.store.sweep_cancel_requested(sweep.id):
                        self.cancel.set()
            except KeyboardInterrupt:  # Ctrl-C: stop like a cancel, keep what finished
                self.cancel.set()
            if self.cancel.is_set() and not cancelled:
                cancelled = True
                engine.cancel()
        return cancelled

    def _slices(self, sweep, plan: _Plan, combos: list[dict], workers: int) -> list[SliceTask]:
        size = min(MAX_SLICE, max(MIN_SLICE, math.ceil(len(combos) / (4 * workers))))
        by_symbol: dict[str, list[dict]] = {}
        for combo in combos:
            by_symbol.setdefault(combo["symbol"], []).append(combo)
        tasks = []
        for symbol, items in by_symbol.items():
            for start in range(0, len(items), size):
                chunk = items[start : start + size]
                tasks.append(self._task(sweep, plan, symbol, chunk, f"{sweep.id}-{len(tasks)}"))
        return tasks

    def _task(self, sweep, plan, symbol, combos, slice_id, *, detail=False, attempt=1):
        limits = {}
        timeout = sweep.definition.get("slice_timeout")
        if timeout:
            from engine.execution.supervisor import RunLimits

            limits = asdict(RunLimits.from_settings(self.settings, timeout_s=timeout))
        return SliceTask(
            slice_id=slice_id,
            code=plan.code,
            combinations=[
                {"key": c["key"], "params": c["params"], "symbol": symbol}
                | ({"window": c["window"]} if c.get("window") else {})
                for c in combos
            ],
            data_file=plan.data[symbol]["file"],
            strategy_class=plan.strategy_class,
            cash=plan.cash,
            commission=plan.commission,
            detail=detail,
            attempt=attempt,
            limits=limits,
        )

    def _follow_up(self, outcome: SliceOutcome, cancelled: bool) -> list[SliceTask]:
        """Send a lost slice again as it was; retry the unfinished combinations of a crashed one
        once, then split them in halves."""
        missing = outcome.missing
        if cancelled or not missing or outcome.failure == CANCELLED:
            return []
        task = outcome.task
        if _resend(outcome):
            return [_sent_again(outcome)]
        if task.attempt == 1:
            return [_derive(task, missing, "r", attempt=2)]
        if len(missing) == 1:
            return []  # stored as failed by _store_outcome
        half = len(missing) // 2
        return [
            _derive(task, missing[:half], "a", attempt=2),
            _derive(task, missing[half:], "b", attempt=2),
        ]

    def _store_outcome(self, sweep, plan, outcome: SliceOutcome, cancelled: bool) -> list[dict]:
        task = outcome.task
        by_key = {c["key"]: c for c in task.combinations}
        now = datetime.now(UTC)
        each_s = (outcome.wall_s / len(outcome.results)) if outcome.results else None
        rows = [
            _result_row(by_key[r["key"]], r, plan, now, each_s, sweep.definition)
            for r in outcome.results
        ]
        self._keep_returns(outcome.results)
        missing = outcome.missing
        isolated = task.attempt >= 2 and len(missing) == 1 and not _resend(outcome)
        if isolated and not cancelled and outcome.failure != CANCELLED:
            rows.append(
                _failed_row(by_key[missing[0]["key"]], outcome, plan, now, sweep.definition)
            )
        if rows:
            self.store.record_sweep_results(sweep.id, rows)
        return rows

    def _keep_returns(self, results: list[dict]) -> None:
        """Keep each combination's bar returns for the overfitting statistics, up to a cap."""
        for result in results:
            returns = result.get("returns")
            if returns is None or result["key"] in self._returns:
                continue
            if self._returns_size + returns.size > MAX_KEPT_RETURNS:
                return
            self._returns[result["key"]] = returns
            self._returns_size += returns.size

    def _report(self, sweep, counts: _Counts, began: float) -> None:
        if self.progress is None:
            return
        self.progress(
            Progress(
                sweep_id=sweep.id,
                total=sweep.combinations,
                done=counts.done,
                failed=counts.failed,
                elapsed_s=time.monotonic() - began,
                ran_now=counts.ran_now,
            )
        )

    # -- finishing -----------------------------------------------------------------------------

    def _conclude(self, sweep, plan: _Plan) -> None:
        results = self.store.sweep_results(sweep.id)
        ranking = rank(results, sweep.objective, sweep.definition["symbols"])
        best_n = int(sweep.definition.get("best_n", DEFAULT_BEST_N))
        judge = sweep.definition.get("robustness", True)
        chosen = [eid for entry in ranking[:best_n] for eid in entry["execution_ids"]]
        if ranking and not chosen and judge:  # --best 0: the best still runs, for robustness
            chosen = ranking[0]["execution_ids"][:1]
        details = self._run_details(sweep, plan, chosen, keep=best_n > 0) if chosen else {}
        failed = sum(1 for r in results if r.status != "succeeded")
        summary = {
            "done": len(results),
            "failed": failed,
            "best": ranking[0] if ranking else None,
            "robustness": (
                self._robustness(sweep, plan, results, ranking, details) if judge else None
            ),
        }
        best_id = ranking[0]["execution_ids"][0] if ranking else None
        if results and failed == len(results):
            first = results[0]
            self._finish(
                sweep,
                "failed",
                "all_failed",
                f"every combination failed; the first: {first.error_type}: {first.error_message}",
                summary=summary,
            )
            return
        self._finish(sweep, "succeeded", None, None, summary=summary, best=best_id)

    def _robustness(self, sweep, plan, results, ranking, details: dict) -> dict | None:
        from engine.sweeps.assessment import assess_sweep

        symbol = sweep.definition["symbols"][0]
        first = [r for r in results if r.symbol == symbol]
        try:
            walk, why_not = self._walk_forward(sweep, plan, symbol, first)
        except Exception as exc:  # never costs the sweep its results
            walk, why_not = None, f"walk-forward failed: {type(exc).__name__}: {exc}"
        best_id = ranking[0]["execution_ids"][0] if ranking else None
        best_key = next((r.key for r in results if r.execution_id == best_id), None)
        try:
            return assess_sweep(
                definition=sweep.definition,
                scores={
                    r.key: objectives.score(sweep.objective, run_metrics(r.metrics)) for r in first
                },
                params_of={r.key: r.params for r in first},
                returns=self._returns,
                first_symbol_keys=[r.key for r in first],
                best_key=best_key,
                best_detail=details.get(best_id),
                walk_forward=walk,
                walk_forward_note=why_not,
            )
        except Exception as exc:  # the statistics must never cost the sweep its results
            return {"error": f"{type(exc).__name__}: {exc}"}

    def _walk_forward(self, sweep, plan: _Plan, symbol: str, first) -> tuple[dict | None, str]:
        from engine.sweeps.walk_forward import run_in_slices, sweep_walk_forward

        if self.cancel.is_set():
            return None, "walk-forward: the sweep was cancelled"
        market = plan.data[symbol]["describe"]
        candidates = []
        for result in first:
            if result.status == "succeeded" and result.params not in candidates:
                candidates.append(result.params)

        def run(combos: list[dict], detail: bool) -> dict[str, dict]:
            def task(chunk: list[dict], number: int) -> SliceTask:
                slice_id = f"{sweep.id}-wf{'d' if detail else ''}{number}"
                return self._task(sweep, plan, symbol, chunk, slice_id, detail=detail)

            return run_in_slices(
                combos, task, engine=self._engine, workers=self._workers, cancel=self.cancel
            )

        return sweep_walk_forward(
            bars=int(market["bars"]),
            bars_per_year=_bars_per_year(market),
            candidates=candidates,
            objective=sweep.objective,
            cash=plan.cash,
            run=run,
        )

    def _run_details(self, sweep, plan: _Plan, execution_ids: list[int], *, keep=True) -> dict:
        """Run combinations again with their trades and equity; store those (``keep``) and
        return the rerun lines by execution id."""
        wanted = set(execution_ids)
        results = [r for r in self.store.sweep_results(sweep.id) if r.execution_id in wanted]
        if len(results) != len(wanted):
            unknown = wanted - {r.execution_id for r in results}
            raise SweepError(f"not results of sweep {sweep.id}: {sorted(unknown)}")
        ids = {r.key: r.execution_id for r in results}
        lines = {}
        for symbol in {r.symbol for r in results}:
            combos = [
                {"key": r.key, "params": r.params}
                for r in results
                if r.symbol == symbol and r.status == "succeeded"
            ]
            if not combos:
                continue
            task = self._task(sweep, plan, symbol, combos, f"{sweep.id}-detail", detail=True)
            for line in run_slice(task, cancel=self.cancel).results:
                if line["ok"]:
                    if keep:
                        self._store_details(ids[line["key"]], line)
                    lines[ids[line["key"]]] = line
        return lines

    def _store_details(self, execution_id: int, line: dict) -> None:
        from engine.execution.stored import store_equity

        self.store.finish_execution(
            execution_id,
            status="succeeded",
            trades=line["trades"],
            equity=store_equity(line.get("equity")),
        )

    def _finish(
        self, sweep, status, error_type, message, hints=(), *, summary=None, best=None
    ) -> None:
        """Store the sweep as finished; a stopped one's ``hints`` (what to change to get past
        its error, :class:`engine.results.Hint`) are kept as a run's are, for each front end."""
        values = {
            "status": status,
            "finished_at": datetime.now(UTC),
            "error_type": error_type,
            "error_message": message,
            "error_hints": [hint.as_json() for hint in hints] or None,
        }
        if summary is not None:
            values["summary"] = summary
        if best is not None:
            values["best_execution_id"] = best
        self.store.update_sweep(sweep.id, **values)


# -- plain functions ---------------------------------------------------------------------------


def expand(definition: dict) -> list[dict]:
    """Every combination of a recorded sweep: ``{"key", "params", "symbol"}``, in grid order."""
    # the values recorded when the sweep started, not a new parse of the texts
    ranges = tuple(
        ParamRange(r["name"], tuple(r["values"]), r.get("text", "")) for r in definition["grid"]
    )
    checked = build_grid(definition["params"], definition.get("constraints", ()))
    grid = Grid(ranges, checked.constraints)
    combos = grid.combinations(
        max_combinations=definition.get("max_combinations"), seed=definition.get("seed")
    )
    return [
        {"key": combination_key(symbol, params), "params": params, "symbol": symbol}
        for symbol in definition["symbols"]
        for params in combos
    ]


def rank(results, objective: str, symbols: Sequence[str]) -> list[dict]:
    """Parameter sets by objective, best first. With several symbols a set's score is the mean
    over the symbols, and a set that failed on any symbol is not ranked."""
    by_params: dict[str, list] = {}
    for result in results:
        by_params.setdefault(_params_key(result.params), []).append(result)
    ranked = []
    for group in by_params.values():
        scores = [objectives.score(objective, run_metrics(r.metrics)) for r in group]
        if len(group) < len(symbols) or any(s is None for s in scores):
            continue
        ranked.append(
            {
                "params": group[0].params,
                "score": sum(scores) / len(scores),
                "execution_ids": [r.execution_id for r in group],
                "symbols": [r.symbol for r in group],
            }
        )
    ranked.sort(key=lambda entry: -entry["score"])
    return ranked


def run_metrics(stored: dict) -> dict:
    """Stored metric columns keyed as ``botlab run --json`` keys them."""
    return metrics_from_store(stored)


def _bars_per_year(market: dict) -> float:
    """Bars per year of the data (252 for daily stock data), from its span."""
    try:
        start, end = datetime.fromisoformat(market["start"]), datetime.fromisoformat(market["end"])
        years = (end - start).days / 365.25
    except (KeyError, TypeError, ValueError):
        return 252.0
    return market["bars"] / years if years > 0 else 252.0


def _params_key(params: dict) -> str:
    return json.dumps(params, sort_keys=True)


class _Counts:
    def __init__(self, done: int, failed: int) -> None:
        self.done, self.failed, self.ran_now = done, failed, 0

    @classmethod
    def from_store(cls, store, sweep_id: int) -> _Counts:
        results = store.sweep_results(sweep_id)
        return cls(len(results), sum(1 for r in results if r.status != "succeeded"))

    def add(self, rows: list[dict]) -> None:
        self.done += len(rows)
        self.ran_now += len(rows)
        self.failed += sum(1 for row in rows if row["status"] != "succeeded")


def _outcome_of(engine: SliceEngine, future, task: SliceTask) -> SliceOutcome:
    """The slice's outcome; an engine-level error (a lost worker...) counts as a failed child."""
    try:
        return engine.result(future)
    except Exception as exc:
        if _sandbox_refused(exc):  # no child can run at all: stop the sweep, say why
            raise
        detail = f"{type(exc).__name__}: {exc}"
        return SliceOutcome(task=task, failure="crashed", failure_detail=detail)


def _failure(exc: BaseException) -> tuple[str, str, list[Hint]]:
    """A sweep stopped by ``exc``: its error type, message (plain for the known causes) and the
    hints it carries (no Dask worker joined: ``start_worker``)."""
    if _sandbox_refused(exc):
        return "sandbox_unavailable", str(exc), hints_of(exc)
    if isinstance(exc, cluster.ClusterError):
        return cluster.CLUSTER_UNAVAILABLE, str(exc), hints_of(exc)
    return "internal_error", f"{type(exc).__name__}: {exc}", hints_of(exc)


def _sandbox_refused(exc: BaseException) -> bool:
    from engine.execution.sandbox import SandboxUnavailable

    return isinstance(exc, SandboxUnavailable)


def _resend(outcome: SliceOutcome) -> bool:
    """Whether the slice never ran because the cluster lost it, and may be sent again."""
    return outcome.failure == LOST and outcome.task.lost < LOST_RESUBMITS


def _sent_again(outcome: SliceOutcome) -> SliceTask:
    """The lost slice, to send again as it was (the same attempt: nothing in it failed)."""
    task = outcome.task
    return _derive(task, outcome.missing, "l", attempt=task.attempt, lost=task.lost + 1)


def _derive(task: SliceTask, combos: list[dict], tag: str, *, attempt: int, lost: int = 0):
    return SliceTask(
        **{
            **{f: getattr(task, f) for f in task.__dataclass_fields__},
            "slice_id": f"{task.slice_id}{tag}",
            "combinations": combos,
            "attempt": attempt,
            "lost": lost,
        }
    )


def _result_row(combo, line, plan, now, each_s, definition) -> dict:
    row = _base_row(combo, plan, now, definition)
    row["duration_s"] = each_s
    row["warnings"] = line.get("warnings") or []
    if not line["ok"]:
        row.update(status="failed", error_type=line["error_type"], error_message=line["error"])
        return row
    metrics = metrics_for_store(metrics_from_stats(line["stats"]))
    row.update(status="succeeded", stats=line["stats"], **metrics)
    return row


def _failed_row(combo, outcome: SliceOutcome, plan, now, definition) -> dict:
    row = _base_row(combo, plan, now, definition)
    status = "timeout" if outcome.failure == TIMEOUT else "failed"
    detail = outcome.failure_detail or "the sandboxed process ended early"
    message = f"this combination stops the sweep's process: {detail}"
    row.update(status=status, error_type=outcome.failure or "crashed", error_message=message)
    return row


def _base_row(combo, plan: _Plan, now: datetime, definition: dict) -> dict:
    market = plan.data[combo["symbol"]]["describe"]
    return {
        "sweep_key": combo["key"],
        "params": combo["params"],
        "symbol": combo["symbol"],
        "interval": market.get("interval"),
        "data_source": market.get("source"),
        "data_start": market.get("start"),
        "data_end": market.get("end"),
        "bars": market.get("bars"),
        "cash": plan.cash,
        "commission": plan.commission,
        "started_at": now,
        "finished_at": now,
    }


def _check_names(grid: Grid, describe: dict) -> None:
    known = describe["params"]
    for name in grid.names:
        if name not in known:
            listed = ", ".join(f"{k}={v}" for k, v in known.items()) or "none"
            raise SweepError(
                f": {describe['strategy_class']} has no parameter {name!r} "
                f"(its parameters, as class attributes: {listed})",
                field=f"params.{name}",
            )


def _symbols(request: SweepRequest) -> list[str | None]:
    from engine.execution.executor import DEFAULT_SYMBOL

    symbols = [s.strip() for s in request.symbols if s and s.strip()]
    if request.data_file is not None:
        if len(symbols) > 1:
            raise SweepError(
                ": one data file is one symbol: give at most one to name it", field="symbols"
            )
        return [symbols[0] if symbols else Path(request.data_file).stem]
    if len(set(s.upper() for s in symbols)) != len(symbols):
        raise SweepError(": a symbol is given twice", field="symbols")
    return symbols or [DEFAULT_SYMBOL]


def _default(value, what: str) -> float:
    from engine.execution.executor import DEFAULT_CASH, DEFAULT_COMMISSION

    if value is not None:
        return float(value)
    return DEFAULT_CASH if what == "cash" else DEFAULT_COMMISSION


def _absolute(path: str | None) -> str | None:
    return None if path is None else str(Path(path).resolve())


__all__ = [
    "GridError",
    "Progress",
    "SweepError",
    "SweepRequest",
    "SweepRunner",
    "expand",
    "rank",
    "run_metrics",
]
