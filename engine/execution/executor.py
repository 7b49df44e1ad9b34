"""The bot executor: run any backtesting.py bot in a child process and store the result.

>>> from engine.execution.executor import get_bot_executor
>>> result = get_bot_executor().execute_bot("examples/sma_cross.py", test_symbol="GOOG")
>>> result.success, result.return_pct, result.trades

A bot is either (see :mod:`engine.execution.bot_kind`)

* a **strategy bot**: a module defining a backtesting.py ``Strategy`` subclass. The harness loads
  the market data, runs ``Backtest(..., finalize_trades=True)`` and computes the metrics itself,
  so they are authoritative whatever the bot prints; or
* a **script bot**: a standalone script that runs its own backtest and prints its results. Its
  metrics are parsed from the output (a JSON object first, then backtesting.py's stats table).

Every run is recorded as ``running`` before it starts and always finished as ``succeeded``,
``failed``, ``timeout`` or ``cancelled``, with a specific ``error_type``. Results are kept in four
forms: the database row, and the three result files of :mod:`engine.execution.result_files`.

:meth:`BotExecutor.execute_code` runs code held in memory (a generated or compiled bot): its one
copy on disk is the job directory's ``bot.py``. :meth:`BotExecutor.execute_bot` runs a file.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable

import pandas as pd

from engine.config import Settings, load_settings
from engine.execution import harness, other_symbols, slots, supervisor
from engine.execution.bot_kind import bot_kind, builds_backtest, defines_strategy, syntax_error
from engine.execution.bot_source import read_bot_file
from engine.execution.given_settings import (
    given_settings,
    ignored_settings_warning,
    refused_settings,
    replaced_settings_warning,
)
from engine.execution.job import HarnessOutput, ResultReader, new_job_dir, write_job
from engine.execution.market_data import load_market, with_extra_columns
from engine.execution.result import (
    DATA_UNAVAILABLE,
    SANDBOX_UNAVAILABLE,
    BotExecutionResult,
    Run,
    interpret,
)
from engine.execution.result_files import write_result_files
from engine.execution.sandbox import ForkedRun
from engine.execution.sandbox import SandboxUnavailable as SandboxRefused
from engine.execution.stored import (
    buy_hold_start,
    record_dict,
    result_from_record,
    script_run_fields,
    store_equity,
    store_metrics,
)
from engine.execution.supervisor import runner_alive
from engine.metrics import format_summary
from engine.results import Message

DEFAULT_SYMBOL = "AAPL"
DEFAULT_CASH = 100_000.0
DEFAULT_COMMISSION = 0.0
DEFAULT_SPREAD = 0.0

# The process boundary: ``runner(job_dir, limits, cancel=None) -> ProcessOutcome``.
Runner = Callable[..., supervisor.ProcessOutcome]


@runtime_checkable
class ForksEarly(Protocol):
    """A runner that can also fork a run's child before the run is ready (the
    :class:`~engine.execution.sandbox.Sandbox`): the child locks itself down while the run is
    recorded and its job written, and runs the bot when :meth:`ForkedRun.go` releases it."""

    def fork(self, job_dir: Path, limits: supervisor.RunLimits) -> ForkedRun: ...


class Job(NamedTuple):
    """Where one run's bot runs: its job directory, limits and (forked early) sandboxed child."""

    dir: Path
    limits: supervisor.RunLimits
    child: ForkedRun | None


class BotFileNotFoundError(FileNotFoundError):
    """The bot file does not exist; no run is recorded."""


class BotExecutor:
    """Runs bots in isolated child processes and records every run.

    ``results_dir`` defaults to ``$BOTLAB_HOME/results``; ``timeout_seconds`` is the wall-clock
    limit per run. ``runner`` is the process boundary (the sandbox by default); one that
    :class:`ForksEarly` has each run's child forked while the run is being prepared.
    """

    def __init__(
        self,
        results_dir: str | os.PathLike | None = None,
        timeout_seconds: float = 300,
        verbose: bool = True,
        *,
        settings: Settings | None = None,
        store=None,
        runner: Runner | None = None,
    ) -> None:
        from engine.store import Store

        self.settings = settings or load_settings()
        self.settings.ensure_dirs()
        self.results_dir = Path(results_dir) if results_dir else self.settings.results_dir
        self.timeout_seconds = timeout_seconds
        self.verbose = verbose
        self.store = store or Store.open(self.settings)
        self._runner = runner or default_runner(self.settings)
        self.store.close_interrupted(is_alive=runner_alive)

    # -- the seed's API ------------------------------------------------------------------------

    def execute_bot(
        self,
        strategy_file: str | os.PathLike,
        strategy_name: str | None = None,
        test_symbol: str | None = None,
        test_period_days: int | None = None,
        **options,
    ) -> BotExecutionResult:
        """Run one bot file: :meth:`execute_code` on its code, named after the file unless
        ``strategy_name`` is given. A missing file raises :class:`BotFileNotFoundError` and
        records no run."""
        path = Path(strategy_file)
        try:
            code = read_bot_file(path)  # a regular UTF-8 file of at most 1 MiB, without NUL
        except FileNotFoundError:
            raise BotFileNotFoundError(f"bot file not found: {path}") from None
        return self.execute_code(
            code, strategy_name or path.stem, test_symbol, test_period_days, **options
        )

    def execute_code(
        self,
        code: str,
        strategy_name: str,
        test_symbol: str | None = None,
        test_period_days: int | None = None,
        *,
        data: str | os.PathLike | pd.DataFrame | None = None,
        cash: float | None = None,
        commission: float | None = None,
        timeout: float | None = None,
        start: str | None = None,
        end: str | None = None,
        interval: str | None = None,
        source: str | None = None,
        strategy_class: str | None = None,
        description: str | None = None,
        strategy_source: str = "file",
        spec: dict | None = None,
        execution_id: int | None = None,
        cancel: threading.Event | None = None,
        data_source: str | None = None,
        spread: float | None = None,
        other_data: dict[str, str | os.PathLike] | None = None,
    ) -> BotExecutionResult:
        """Run a bot's code and return its result (also stored). See the module docstring.

        ``code`` is written to disk once, into the run's job directory; ``strategy_name`` is the
        name it is stored under.

        ``execution_id`` runs an execution already recorded as ``queued`` (the job queue's case)
        instead of recording a new one; ``cancel``, when set, stops the run as ``cancelled``.
        ``data_source`` names where a DataFrame passed as ``data`` came from (recorded with the
        run instead of "dataframe"). Extra numeric columns of such a frame reach the bot as
        ``self.data.<Column>``. A bot that declares ``OTHER_SYMBOLS`` gets their bars as extra
        columns (see :mod:`engine.execution.other_symbols`); ``other_data`` maps such a symbol to a
        file to read it from instead of the data source. ``spread`` is backtesting.py's relative
        bid-ask spread (0.0002 = 0.02%), charged on each trade beside ``commission``.

        A script bot (a file that runs its own ``Backtest``) runs as written: its data, cash,
        commission and spread. Given any data or money setting as well, a script that defines a
        ``Strategy`` has that class run on what was given instead, with a
        ``script_settings_replaced`` warning naming what was replaced; one that defines none
        fails (``invalid_settings``) saying how to choose. A file with neither a Strategy nor a
        Backtest runs as a script with a ``script_settings_ignored`` warning.
        """
        given = given_settings(
            symbol=test_symbol,
            data=data,
            days=test_period_days,
            start=start,
            end=end,
            interval=interval,
            source=source,
            cash=cash,
            commission=commission,
            spread=spread,
        )
        kind = bot_kind(code)
        # a script given other data or settings: its Strategy class runs on them, and says so
        replaced = kind == "script" and bool(given) and defines_strategy(code)
        if replaced:
            kind = "strategy"
        as_written = kind == "script"  # its own data, cash, commission and spread: known later
        run = Run(
            name=strategy_name,
            code=code,
            kind=kind,
            cash=None if as_written else _number_or(cash, DEFAULT_CASH),
            commission=None if as_written else _number_or(commission, DEFAULT_COMMISSION),
            spread=None if as_written else _number_or(spread, DEFAULT_SPREAD),
            symbol=(test_symbol or (None if data is not None or as_written else DEFAULT_SYMBOL)),
            days=test_period_days,
            started=datetime.now(UTC),
            given=given,
            other_data=other_data,
        )
        if replaced:
            run.warnings.append(replaced_settings_warning(code, given))
        recorded = dict(
            kind=run.kind,
            symbol=run.symbol,
            interval=interval,
            cash=run.cash,
            commission=run.commission,
            spread=run.spread,
            test_period_days=run.days,
            started_at=run.started,  # the same instant the result and its files carry
            runner_host=socket.gethostname(),
            runner_pid=os.getpid(),
        )
        limits = supervisor.RunLimits.from_settings(
            self.settings, timeout_s=timeout or self.timeout_seconds
        )
        job_dir = new_job_dir(self.settings.scratch_dir)
        child = self._fork_early(run, job_dir, limits)
        try:
            if execution_id is None:
                strategy = self.store.save_strategy(
                    run.name, code, description=description, source=strategy_source, spec=spec
                )
                run.id = self.store.create_execution(
                    strategy_id=strategy.id, status="running", **recorded
                )
            else:
                run.id = execution_id
                self.store.update_execution(execution_id, status="running", **recorded)
            try:
                result = self._execute(
                    run,
                    Job(job_dir, limits, child),
                    data,
                    start,
                    end,
                    interval,
                    source,
                    strategy_class,
                    cancel,
                    data_source,
                )
            except BaseException as exc:  # never leave a run 'running' behind us
                self.store.finish_execution(
                    run.id,
                    status="failed",
                    error_type="internal_error",
                    error_message=f"{type(exc).__name__}: {exc}",
                )
                raise
        finally:
            if child is not None:
                child.close()  # a child whose bot never ran exits unrun, and is reaped
            shutil.rmtree(job_dir, ignore_errors=True)
        self._say(result)
        return result

    def get_strategy_history(self, strategy_name: str) -> list[dict]:
        """Every run of one strategy, newest first (plain dicts)."""
        return [record_dict(r) for r in self.store.strategy_history(strategy_name, full=True)]

    def get_all_executions(
        self,
        limit: int = 50,
        offset: int = 0,
        *,
        status: str | None = None,
        symbol: str | None = None,
        strategy: str | None = None,
        sort: str = "created_at",
        descending: bool = True,
    ) -> list[dict]:
        """All runs (the leaderboard's query), paged, filtered and sorted."""
        page = self.store.list_executions(
            status=status,
            symbol=symbol,
            strategy=strategy,
            sort=sort,
            descending=descending,
            limit=limit,
            offset=offset,
        )
        return [record_dict(r) for r in page.items]

    def get_performance_summary(self) -> dict:
        """``total_executions``, ``successful_executions``, ``success_rate`` and friends."""
        return self.store.performance_summary()

    def get_result(self, execution_id: int) -> BotExecutionResult | None:
        """A stored run as a :class:`BotExecutionResult`."""
        record = self.store.get_execution(execution_id)
        if record is None:
            return None
        return result_from_record(record, self.store)

    # -- internals -----------------------------------------------------------------------------

    def _fork_early(
        self, run: Run, job_dir: Path, limits: supervisor.RunLimits
    ) -> ForkedRun | None:
        """The run's child, forked now by a runner that :class:`ForksEarly`, else ``None``.

        A fork that fails is no failure of the run: it goes through the runner as any other
        (which fails it if the sandbox cannot run it), and its log says why the fork failed.
        """
        if not isinstance(self._runner, ForksEarly):
            return None
        try:
            return self._runner.fork(job_dir, limits)
        except Exception as exc:
            run.log_notes.append(
                f"the run's sandboxed child could not be forked ahead of the run "
                f"({type(exc).__name__}: {exc}); it was started when the run was ready instead"
            )
            return None

    def _execute(self, run, job, data, start, end, interval, source, strategy_class, cancel, label):
        market = frame = None
        if run.kind == "strategy":
            syntax = syntax_error(run.code)
            if syntax:
                return self._finish(run, error=(harness.SYNTAX_ERROR, syntax))
            try:
                market = load_market(
                    run.symbol,
                    data,
                    days=run.days,
                    start=start,
                    end=end,
                    interval=interval,
                    source=source,
                    settings=self.settings,
                )
            except Exception as exc:  # DataError, or a broken DataFrame handed to us
                return self._finish(run, error=(DATA_UNAVAILABLE, Message(exc)))
            frame = with_extra_columns(market.frame, data)
            run.data = market.describe()
            try:
                frame = self._with_other_symbols(run, market, frame, source)
            except Exception as exc:  # DataError naming the missing symbol
                return self._finish(run, error=(DATA_UNAVAILABLE, Message(exc)))
            if label:
                run.data["source"] = label
            run.symbol = market.symbol
            run.warnings += list(market.warnings)
            self.store.update_execution(
                run.id,
                symbol=market.symbol,
                interval=market.interval,
                data_source=run.data["source"],
                data_start=market.start.to_pydatetime(),
                data_end=market.end.to_pydatetime(),
                bars=market.bars,
            )
        elif run.given and builds_backtest(run.code):
            return self._finish(run, error=(harness.INVALID_SETTINGS, refused_settings(run.given)))
        elif run.given:
            run.warnings.append(ignored_settings_warning(run.given))
        write_job(job.dir, run, frame, strategy_class)
        reader = ResultReader(
            job.dir,
            prepare=lambda trades, equity: self.store.prepare_results(
                run.id, trades=trades, equity=store_equity(equity)
            ),
        )
        try:
            with self._slot(cancel):
                if job.child is not None:
                    outcome = job.child.go(cancel, on_closed=reader.on_closed)
                else:
                    outcome = self._runner(job.dir, job.limits, cancel=cancel)
            output = reader.read()
        except SandboxRefused as exc:  # strict policy and a missing layer: the bot never ran
            return self._finish(run, error=(SANDBOX_UNAVAILABLE, str(exc)))
        except slots.Cancelled as exc:  # it never started
            outcome = supervisor.ProcessOutcome(
                returncode=None, failure=supervisor.CANCELLED, failure_detail=str(exc)
            )
            return self._finish(run, outcome=outcome)
        return self._finish(run, outcome=outcome, output=output)

    def _slot(self, cancel: threading.Event | None):
        """One of the home's ``BOTLAB_MAX_CONCURRENT`` run slots; waits in line for one."""
        limit = self.settings.max_concurrent

        def say_waiting() -> None:
            if self.verbose:
                print(f"Waiting for a free run slot ({limit} running, BOTLAB_MAX_CONCURRENT)...")

        return slots.run_slot(self.settings.home, limit, cancel=cancel, on_wait=say_waiting)

    def _with_other_symbols(self, run, market, frame, source):
        """The frame plus the bars of the symbols the bot declares in ``OTHER_SYMBOLS``."""
        if not run.needs.symbols:
            return frame
        frame, notes, sources = other_symbols.attach(
            frame,
            market,
            run.needs.symbols,
            source=source,
            settings=self.settings,
            files=run.other_data,
        )
        run.data["other_symbols"] = sources
        run.warnings += notes
        return frame

    def _finish(
        self, run, *, outcome=None, output: HarnessOutput | None = None, error=None
    ) -> BotExecutionResult:
        output = output or HarnessOutput(None, None)
        equity = output.equity
        result = interpret(run, outcome, output.result, error)
        encoded = stored = None
        if result.success and equity is not None:
            result.equity_curve = output.curve or harness.equity_lists(equity)
            encoded, stored = output.encoded, output.stored
        script = result.data.get("source") == "script"
        settings = script_run_fields(result, equity) if script else {}
        result.files = write_result_files(self.results_dir, result, encoded)
        result.results_file = result.files.get("json")
        self.store.finish_execution(
            run.id,
            status=result.status,
            metrics=store_metrics(result.metrics),
            stats=result.stats or None,
            analysis=result.analysis or None,
            buy_hold_start=buy_hold_start(result),
            trades=stored or result.trade_list,
            equity=stored or store_equity(equity if result.success else None),
            error_type=result.error_type,
            error_message=None if result.error is None else str(result.error),
            error_hints=result.hints or None,
            warnings=result.warnings,
            duration_s=result.duration,
            sandbox_report=result.sandbox_report,
            log_path=result.files.get("log"),
            json_path=result.files.get("json"),
            metrics_path=result.files.get("metrics"),
            **settings,
        )
        return result

    def _say(self, result: BotExecutionResult) -> None:
        if self.verbose:
            print(format_summary(result), end="")


def _number_or(value: float | None, default: float) -> float:
    return default if value is None else float(value)


def default_runner(settings: Settings) -> Runner:
    """The process boundary every run goes through: the warm, hardened sandbox.

    Under ``BOTLAB_SANDBOX=strict`` (the default) a missing isolation layer refuses the run
    (``sandbox_unavailable``); ``permissive`` runs with what the machine has and says so.
    """
    from engine.execution.sandbox import get_sandbox

    return get_sandbox(settings.sandbox_policy)


_default_executor: BotExecutor | None = None


def get_bot_executor(**kwargs) -> BotExecutor:
    """A process-wide executor for the current settings (created on first use)."""
    global _default_executor
    if _default_executor is None or kwargs:
        _default_executor = BotExecutor(**kwargs)
    return _default_executor
