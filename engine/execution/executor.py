"""The bot executor: run any backtesting.py bot in a child process and store the result.

>>> from engine.executor import get_bot_executor
>>> result = get_bot_executor().execute_bot("examples/sma_cross.py", test_symbol="GOOG")
>>> result.success, result.return_pct, result.trades

A bot file is either

* a **strategy bot**: a module defining a backtesting.py ``Strategy`` subclass. The harness loads
  the market data, runs ``Backtest(..., finalize_trades=True)`` and computes the metrics itself,
  so they are authoritative whatever the bot prints; or
* a **script bot**: a standalone script that runs its own backtest and prints its results. Its
  metrics are parsed from the output (a JSON object first, then backtesting.py's stats table).

Every run is recorded as ``running`` before it starts and always finished as ``succeeded``,
``failed``, ``timeout`` or ``cancelled``, with a specific ``error_type``. Results are kept in four
forms: the database row, and under ``results/``: ``logs/NAME_YYYYmmdd_HHMMSS.log`` (full output),
``json/....json`` (everything) and ``metrics/....txt`` (a readable summary).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from engine import _analysis, _harness, _metrics, _other_symbols, _process, slots
from engine._process import runner_alive
from engine.bot_source import read_bot_file
from engine.config import Settings, load_settings
from engine.sandbox import SandboxUnavailable as SandboxRefused

DEFAULT_SYMBOL = "AAPL"
DEFAULT_CASH = 100_000.0
DEFAULT_COMMISSION = 0.0
DEFAULT_SPREAD = 0.0

# error_type values the executor adds to the harness's and the supervisor's.
FILE_NOT_FOUND = "file_not_found"
DATA_UNAVAILABLE = "data_unavailable"
NO_RESULTS = "no_results"
INTERRUPTED = "interrupted"
SANDBOX_UNAVAILABLE = "sandbox_unavailable"
RESULT_SIZE_LIMIT = 256 * 1024**2  # the harness's result file, read back by the executor

# The process boundary: ``runner(job_dir, limits, cancel=None) -> ProcessOutcome``.
Runner = Callable[..., _process.ProcessOutcome]


class BotFileNotFoundError(FileNotFoundError):
    """The bot file does not exist; no run is recorded."""


@dataclass
class BotExecutionResult:
    """Everything about one run. Percentages are in percent; ``win_rate`` is a fraction."""

    execution_id: int | None
    success: bool
    status: str
    strategy_name: str
    return_pct: float | None = None
    buy_hold_return_pct: float | None = None
    cagr_pct: float | None = None
    sharpe_ratio: float | None = None
    sortino_ratio: float | None = None
    calmar_ratio: float | None = None
    max_drawdown: float | None = None
    win_rate: float | None = None
    trades: int | None = None
    profit_factor: float | None = None
    exposure_pct: float | None = None
    sqn: float | None = None
    final_equity: float | None = None
    equity_curve: dict = field(default_factory=dict)
    trade_list: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    results_file: str | None = None
    output_log: str = ""
    execution_timestamp: str = ""
    test_symbol: str | None = None
    test_period_days: int | None = None
    duration: float = 0.0
    error: str | None = None
    error_type: str | None = None
    warnings: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    kind: str = "strategy"
    strategy_class: str | None = None
    sandbox_report: str = ""
    cash: float | None = None
    commission: float | None = None
    spread: float | None = None
    analysis: dict = field(default_factory=dict)

    @property
    def metrics(self) -> dict:
        return {name: getattr(self, name) for name in _metrics.METRIC_NAMES}

    def to_dict(self) -> dict:
        """The run as one JSON document (the shape of ``botlab run --json``)."""
        return {
            "execution_id": self.execution_id,
            "status": self.status,
            "success": self.success,
            "strategy_name": self.strategy_name,
            "kind": self.kind,
            "strategy_class": self.strategy_class,
            "metrics": self.metrics,
            "trades": self.trade_list,
            "equity_curve": self.equity_curve,
            "data": self.data,
            "cash": self.cash,
            "commission": self.commission,
            "spread": self.spread,
            "test_period_days": self.test_period_days,
            "started_at": self.execution_timestamp,
            "duration_s": self.duration,
            "error": self.error,
            "error_type": self.error_type,
            "warnings": self.warnings,
            "files": self.files,
            "sandbox": self.sandbox_report,
            "stats": self.stats,
            "analysis": self.analysis,
        }


class BotExecutor:
    """Runs bots in isolated child processes and records every run.

    ``results_dir`` defaults to ``$BOTLAB_HOME/results``; ``timeout_seconds`` is the wall-clock
    limit per run. ``runner`` is the process boundary (the sandbox by default).
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
        """Run one bot file and return its result (also stored). See the module docstring.

        ``execution_id`` runs an execution already recorded as ``queued`` (the job queue's case)
        instead of recording a new one; ``cancel``, when set, stops the run as ``cancelled``.
        ``data_source`` names where a DataFrame passed as ``data`` came from (recorded with the
        run instead of "dataframe"). Extra numeric columns of such a frame reach the bot as
        ``self.data.<Column>``. A bot that declares ``OTHER_SYMBOLS`` gets their bars as extra
        columns (see :mod:`engine._other_symbols`); ``other_data`` maps such a symbol to a file
        to read it from instead of the data source. ``spread`` is backtesting.py's relative
        bid-ask spread (0.0002 = 0.02%), charged on each trade beside ``commission``.

        A script bot (a file that runs its own ``Backtest``) runs as written: its data, cash,
        commission and spread. Given any data or money setting as well, a script that defines a
        ``Strategy`` has that class run on what was given instead, with a
        ``script_settings_replaced`` warning naming what was replaced; one that defines none
        fails (``invalid_settings``) saying how to choose. A file with neither a Strategy nor a
        Backtest runs as a script with a ``script_settings_ignored`` warning.
        """
        path = Path(strategy_file)
        try:
            code = read_bot_file(path)  # a regular UTF-8 file of at most 1 MiB, without NUL
        except FileNotFoundError:
            raise BotFileNotFoundError(f"bot file not found: {path}") from None
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
        run = _Run(
            name=strategy_name or path.stem,
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
                data,
                start,
                end,
                interval,
                source,
                strategy_class,
                timeout,
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
        self._say(result)
        return result

    def get_strategy_history(self, strategy_name: str) -> list[dict]:
        """Every run of one strategy, newest first (plain dicts)."""
        return [_record_dict(r) for r in self.store.strategy_history(strategy_name)]

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
        return [_record_dict(r) for r in page.items]

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

    def _execute(
        self, run, data, start, end, interval, source, strategy_class, timeout, cancel, label
    ):
        market = frame = None
        if run.kind == "strategy":
            syntax = _syntax_error(run.code)
            if syntax:
                return self._finish(run, error=(_harness.SYNTAX_ERROR, syntax))
            try:
                market = _load_market_data(run, data, start, end, interval, source, self.settings)
            except Exception as exc:  # DataError, or a broken DataFrame handed to us
                return self._finish(run, error=(DATA_UNAVAILABLE, str(exc)))
            frame = _with_extra_columns(market.frame, data)
            run.data = market.describe()
            try:
                frame = self._with_other_symbols(run, market, frame, source)
            except Exception as exc:  # DataError naming the missing symbol
                return self._finish(run, error=(DATA_UNAVAILABLE, str(exc)))
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
            return self._finish(run, error=(_harness.INVALID_SETTINGS, refused_settings(run.given)))
        elif run.given:
            run.warnings.append(ignored_settings_warning(run.given))
        limits = _process.RunLimits.from_settings(
            self.settings, timeout_s=timeout or self.timeout_seconds
        )
        job_dir = _prepare_job(self.settings.scratch_dir, run, frame, strategy_class)
        try:
            with self._slot(cancel):
                outcome = self._runner(job_dir, limits, cancel=cancel)
            harness_result = _read_result(job_dir)
            equity = _read_equity(job_dir, harness_result)
        except SandboxRefused as exc:  # strict policy and a missing layer: the bot never ran
            return self._finish(run, error=(SANDBOX_UNAVAILABLE, str(exc)))
        except slots.Cancelled as exc:  # it never started
            outcome = _process.ProcessOutcome(
                returncode=None, failure=_process.CANCELLED, failure_detail=str(exc)
            )
            return self._finish(run, outcome=outcome)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)
        return self._finish(run, outcome=outcome, harness=harness_result, equity=equity)

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
        frame, notes, sources = _other_symbols.attach(
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
        self, run, *, outcome=None, harness=None, error=None, equity=None
    ) -> BotExecutionResult:
        result = interpret(run, outcome, harness, error)
        if result.success and equity is not None:
            result.equity_curve = _harness.equity_lists(equity)
        script = result.data.get("source") == "script"
        settings = _script_run_fields(result, equity) if script else {}
        result.files = _write_result_files(self.results_dir, result)
        result.results_file = result.files.get("json")
        self.store.finish_execution(
            run.id,
            status=result.status,
            metrics=_store_metrics(result.metrics),
            stats=result.stats or None,
            analysis=result.analysis or None,
            buy_hold_start=_buy_hold_start(result),
            trades=result.trade_list,
            equity=_store_equity(equity if result.success else None),
            error_type=result.error_type,
            error_message=result.error,
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
            print(_metrics.format_summary(result), end="")


@dataclass
class _Run:
    name: str
    code: str
    kind: str
    cash: float | None
    commission: float | None
    symbol: str | None
    days: int | None
    started: datetime
    spread: float | None = None
    given: dict = field(default_factory=dict)
    other_data: dict | None = None
    id: int | None = None
    data: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def needs(self) -> _other_symbols.BotNeeds:
        """Other symbols and the fill mode the bot declares (read, never run)."""
        return _other_symbols.declared(self.code)


def _number_or(value: float | None, default: float) -> float:
    return default if value is None else float(value)


def _buy_hold_start(result: BotExecutionResult):
    """The buy-and-hold start bar as a timestamp for the store (None for bar numbers)."""
    return _timestamp_or_none((result.analysis or {}).get("buy_hold_start"))


def interpret(run: _Run, outcome, harness: dict | None, error) -> BotExecutionResult:
    """Combine what the supervisor saw and what the harness wrote into one result."""
    result = BotExecutionResult(
        execution_id=run.id,
        success=False,
        status="failed",
        strategy_name=run.name,
        kind=run.kind,
        test_symbol=run.symbol,
        test_period_days=run.days,
        execution_timestamp=run.started.isoformat(),
        data=run.data,
        warnings=list(run.warnings),
        cash=run.cash,
        commission=run.commission,
        spread=run.spread,
    )
    result.duration = (datetime.now(UTC) - run.started).total_seconds()
    if error:
        result.error_type, result.error = error
        return result
    result.output_log = outcome.output.decode("utf-8", errors="replace")
    if outcome.output_truncated:
        result.output_log += "\n[botlab: output limit reached; the rest was dropped]\n"
    result.sandbox_report = outcome.sandbox_report
    if outcome.failure:
        result.error_type, result.error = outcome.failure, outcome.failure_detail
        if outcome.failure == _process.TIMEOUT:
            result.status = "timeout"
        elif outcome.failure == _process.CANCELLED:
            result.status = "cancelled"
        return result
    if harness is None:
        result.error_type = _process.CRASHED
        result.error = f"the bot's process ended (exit code {outcome.returncode}) without a result"
        return result
    result.warnings += harness.get("warnings", [])
    if not harness["ok"]:
        result.error_type, result.error = harness["error_type"], harness["error"]
        return result
    if harness["mode"] == "script" and "stats" not in harness:
        metrics = _metrics.parse_script_output(result.output_log)
        if metrics is None:
            result.error_type = NO_RESULTS
            result.error = (
                "no Strategy subclass and no results in the output: print a JSON object of "
                "metrics or backtesting.py's stats"
            )
            return result
    else:
        result.stats = harness["stats"]
        result.trade_list = harness["trades"]
        result.strategy_class = harness.get("strategy_class")
        result.analysis = harness.get("analysis") or {}
        if "backtest" in harness:
            _take_script_settings(result, harness["backtest"], run.code)
        metrics = _metrics.metrics_from_stats(result.stats)
    for name, value in metrics.items():
        setattr(result, name, value)
    result.success, result.status = True, "succeeded"
    if result.analysis.get("buy_hold_start"):
        result.data = {**result.data, "buy_hold_start": result.analysis["buy_hold_start"]}
    if result.trades == 0:
        result.warnings.append("no_trades: " + _no_trades_cause(result, harness))
    few = _analysis.few_trades_warning(result.trades)
    if few:
        result.warnings.append(few)
    return result


def _script_run_fields(result: BotExecutionResult, equity: np.ndarray | None) -> dict:
    """The execution columns a script's own backtest decides (its bar size is told from the
    equity curve's times), also set on ``result.data``."""
    if equity is not None and len(equity[0]) > 1 and equity[0][0] > 0:
        from engine.data._clean import infer_interval

        result.data["interval"] = infer_interval(pd.to_datetime(equity[0], unit="ms"))
    data = result.data
    return {
        "symbol": data.get("symbol"),
        "interval": data.get("interval"),
        "data_source": "script",
        "data_start": _timestamp_or_none(data.get("start")),
        "data_end": _timestamp_or_none(data.get("end")),
        "bars": data.get("bars"),
        "cash": result.cash,
        "commission": result.commission,
        "spread": result.spread,
    }


def _timestamp_or_none(text):
    try:
        return None if not text else pd.Timestamp(text).to_pydatetime()
    except (TypeError, ValueError):
        return None


def _take_script_settings(result: BotExecutionResult, backtest: dict, code: str) -> None:
    """A script ran its own Backtest: the run is what that backtest used, not Botlab's
    defaults (cash, commission, spread, and the data's symbol and range where known)."""
    result.cash = backtest.get("cash")
    result.commission = backtest.get("commission")
    result.spread = backtest.get("spread")
    symbol = backtest.get("symbol") or script_symbol(code)
    result.test_symbol = symbol
    result.data = {
        "symbol": symbol,
        "source": "script",
        "start": backtest.get("start"),
        "end": backtest.get("end"),
        "bars": backtest.get("bars"),
        "interval": None,
    }


def _no_trades_cause(result: BotExecutionResult, harness: dict) -> str:
    notes = " ".join(harness.get("warnings", []))
    if "insufficient margin" in notes or "larger than initial cash" in notes:
        return (
            "the bot made no trades: the price was above the cash available, so not even one "
            "share could be bought; raise the cash"
        )
    if result.kind == "script":
        return "the script reported zero trades"
    return "the bot made no trades: its entry conditions were never met on this data"


# -- job preparation and results ---------------------------------------------------------------


def _prepare_job(scratch_root: Path, run: _Run, frame, strategy_class: str | None) -> Path:
    scratch_root.mkdir(parents=True, exist_ok=True)
    job_dir = Path(tempfile.mkdtemp(prefix=f"run{run.id}-", dir=scratch_root))
    os.chmod(job_dir, 0o700)
    (job_dir / "bot.py").write_text(run.code, encoding="utf-8")
    job = {
        "mode": run.kind,
        "bot_file": "bot.py",
        "data_file": None,
        "cash": run.cash,
        "commission": run.commission,
        "spread": run.spread or 0.0,
        "strategy_class": strategy_class,
        "trade_on_close": run.needs.trade_on_close,
    }
    if frame is not None:
        frame.to_pickle(job_dir / "data.pkl")
        job["data_file"] = "data.pkl"
    (job_dir / _harness.JOB_FILE).write_text(json.dumps(job))
    return job_dir


def _read_result(job_dir: Path) -> dict | None:
    """The harness's result, read without following links and with a size cap: the job
    directory was writable by the bot."""
    try:
        fd = os.open(job_dir / _harness.RESULT_FILE, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(RESULT_SIZE_LIMIT + 1)
        if len(raw) > RESULT_SIZE_LIMIT:
            return None
        result = json.loads(raw)
    except (OSError, ValueError):
        return None
    return result if isinstance(result, dict) and "ok" in result else None


def _write_result_files(results_dir: Path, result: BotExecutionResult) -> dict:
    stamp = datetime.fromisoformat(result.execution_timestamp).strftime("%Y%m%d_%H%M%S")
    base = _unique_base(results_dir, f"{safe_name(result.strategy_name)}_{stamp}")
    files = {
        "log": results_dir / "logs" / f"{base}.log",
        "json": results_dir / "json" / f"{base}.json",
        "metrics": results_dir / "metrics" / f"{base}.txt",
    }
    result.files = {kind: str(path) for kind, path in files.items()}
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["log"].write_text(result.output_log, encoding="utf-8")
    files["json"].write_text(json.dumps(result.to_dict(), default=str, allow_nan=False))
    files["metrics"].write_text(_metrics.format_summary(result), encoding="utf-8")
    return result.files


def _unique_base(results_dir: Path, base: str) -> str:
    """Claim ``base`` (or ``base-2``, ...) by creating its JSON file exclusively: runs of the
    same bot finishing in the same second, in concurrent workers, never overwrite each other."""
    (results_dir / "json").mkdir(parents=True, exist_ok=True)
    candidate, n = base, 1
    while True:
        try:
            (results_dir / "json" / f"{candidate}.json").open("x").close()
            return candidate
        except FileExistsError:
            n += 1
            candidate = f"{base}-{n}"


def safe_name(name: str) -> str:
    """``name`` as a file-name stem: no path separators, no leading dots, at most 80 chars."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._")
    return cleaned[:80] or "bot"


# -- helpers -----------------------------------------------------------------------------------


BACKTEST_CLASSES = frozenset({"Backtest", "FractionalBacktest", "MultiBacktest"})


def bot_kind(code: str) -> str:
    """``strategy`` or ``script``, decided from the source without running it.

    A file that defines a ``*Strategy`` subclass and builds no ``Backtest`` is a strategy bot,
    run by the harness on the data Botlab loads. A file that builds its own ``Backtest``
    anywhere (an ``if __name__ == "__main__":`` block included: that is how the file runs), or
    defines no strategy at all, is a script bot, run as written.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "strategy"  # reported as a syntax error, with its line, by the strategy path
    if _backtest_calls(tree) or not _defines_strategy(tree):
        return "script"
    return "strategy"


def defines_strategy(code: str) -> bool:
    """Whether the source defines a ``*Strategy`` subclass (without running it)."""
    try:
        return _defines_strategy(ast.parse(code))
    except SyntaxError:
        return False


def builds_backtest(code: str) -> bool:
    """Whether the source builds a backtesting.py ``Backtest`` anywhere (without running it)."""
    try:
        return bool(_backtest_calls(ast.parse(code)))
    except SyntaxError:
        return False


def _defines_strategy(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ClassDef)
        and any(_name_of(base).endswith("Strategy") for base in node.bases)
        for node in ast.walk(tree)
    )


def _backtest_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name_of(node.func) in BACKTEST_CLASSES
    ]


#: The settings that choose a run's data and money, as the user names them.
SETTING_NAMES = (
    "symbol",
    "data",
    "days",
    "start",
    "end",
    "interval",
    "source",
    "cash",
    "commission",
    "spread",
)


def given_settings(**settings) -> dict:
    """The data and money settings actually given (not None), in :data:`SETTING_NAMES` order."""
    return {name: settings[name] for name in SETTING_NAMES if settings.get(name) is not None}


def _describe_given(given: dict) -> str:
    def one(name: str, value) -> str:
        if isinstance(value, pd.DataFrame):
            return "data (a table of bars)"
        if name == "cash":
            return f"cash {float(value):,.0f}"
        return f"{name} {value}"

    parts = [one(name, value) for name, value in given.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_CHOOSE = (
    "To run the script as written, give none of symbol, data, days, start, end, interval, "
    "source, cash, commission or spread."
)


def replaced_settings_warning(code: str, given: dict) -> str:
    """``script_settings_replaced: ...``: a script's Strategy was run on what the user gave."""
    call = script_backtest_call(code)
    own = f" ({call})" if call else ""
    return (
        f"script_settings_replaced: this file runs its own backtest{own}; because "
        f"{_describe_given(given)} {'was' if len(given) == 1 else 'were'} given, Botlab ran its "
        "Strategy class on that instead of the script's own data and settings (Botlab's "
        f"defaults for anything not given). {_CHOOSE}"
    )


def ignored_settings_warning(given: dict) -> str:
    """``script_settings_ignored: ...``: a file with neither a Strategy nor a Backtest ran as a
    script, so the settings given could not be used."""
    return (
        "script_settings_ignored: this file defines no Strategy class and runs no backtesting.py "
        f"Backtest, so {_describe_given(given)} could not be used: it ran as a script, and its "
        "printed results were read."
    )


def refused_settings(given: dict) -> str:
    """Why a script that defines no Strategy cannot take the settings the user gave."""
    return (
        f"this script loads its own data and runs its own backtest, and defines no Strategy "
        f"class Botlab could run on other data, so {_describe_given(given)} cannot apply. "
        f"{_CHOOSE}"
    )


def script_backtest_call(code: str, limit: int = 160) -> str:
    """The source of a script's (last) ``Backtest(...)`` call, shortened for a message."""
    try:
        calls = _backtest_calls(ast.parse(code))
    except SyntaxError:
        return ""
    if not calls:
        return ""
    text = " ".join(ast.unparse(calls[-1]).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TICKER_CALL = re.compile(
    r"""(?:download|Ticker|load_ohlcv|history)\(\s*["']([A-Za-z0-9.^=\-]{1,20})["']"""
)


def script_symbol(code: str) -> str | None:
    """The one ticker a script fetches by name (``yf.download("AAPL", ...)``), if just one."""
    found = set(_TICKER_CALL.findall(code))
    return found.pop().upper() if len(found) == 1 else None


def _name_of(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return getattr(node, "id", "")


def _syntax_error(code: str) -> str | None:
    try:
        compile(code, "bot.py", "exec")
    except SyntaxError as exc:
        return _harness._syntax_message(exc)
    except ValueError as exc:  # e.g. null bytes
        return f"the file is not valid Python source: {exc}"
    return None


def _load_market_data(run, data, start, end, interval, source, settings):
    from engine import data as market_data

    if isinstance(data, pd.DataFrame):
        return market_data.load_frame(data, name=run.symbol or "dataframe")
    if data is not None:
        return market_data.load_ohlcv(
            run.symbol, path=data, start=start, end=end, days=run.days, settings=settings
        )
    return market_data.load_ohlcv(
        run.symbol,
        start=start,
        end=end,
        days=run.days,
        interval=interval,
        source=source,
        settings=settings,
    )


def _with_extra_columns(clean: pd.DataFrame, data) -> pd.DataFrame:
    """The cleaned OHLCV frame plus any extra numeric columns of a DataFrame the caller gave
    (e.g. a market filter's ``Filter_Close``), aligned on the cleaned index."""
    if not isinstance(data, pd.DataFrame):
        return clean
    extra = [
        c
        for c in data.columns
        if c not in clean.columns
        and str(c).lower() not in _OHLCV_LOWER
        and pd.api.types.is_numeric_dtype(data[c])
    ]
    if not extra:
        return clean
    columns = data[extra].copy()
    columns.index = pd.DatetimeIndex(pd.to_datetime(columns.index))
    if columns.index.tz is not None and clean.index.tz is None:
        columns.index = columns.index.tz_localize(None)
    columns = columns[~columns.index.duplicated(keep="last")]
    return clean.join(columns.reindex(clean.index))


_OHLCV_LOWER = {"open", "high", "low", "close", "volume", "adj close", "date", "datetime"}


def _store_metrics(metrics: dict) -> dict:
    stored = dict(metrics)
    stored["max_drawdown_pct"] = stored.pop("max_drawdown")
    return stored


def _store_equity(array: np.ndarray | None) -> dict | None:
    """The curve for the store, kept as arrays (the store downsamples them vectorised)."""
    if array is None:
        return None
    times = array[0].astype(np.int64).astype("datetime64[ms]")
    curve = {"time": times, "equity": array[1], "drawdown_pct": array[2]}
    if len(array) > 3:
        curve["buy_hold"] = array[3]
    return curve


def _read_equity(job_dir: Path, harness: dict | None) -> np.ndarray | None:
    """The harness's equity.npy: 3 or 4 x N float64 (time, equity, drawdown, buy and hold),
    read without following links or pickles."""
    if not harness or not harness.get("ok") or harness.get("equity_file") != _harness.EQUITY_FILE:
        return None
    return read_equity_file(job_dir / _harness.EQUITY_FILE)


def read_equity_file(path: Path) -> np.ndarray | None:
    """An equity curve a child wrote (3 x N float64: epoch ms, equity, drawdown %), read
    without following links or pickles; ``None`` when missing or of another shape."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            array = np.load(handle, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if array.ndim != 2 or array.shape[0] not in (3, 4) or array.dtype != np.float64:
        return None
    return array


def _record_dict(record) -> dict:
    if hasattr(record, "_asdict"):  # ExecutionRecord, a named tuple
        return record._asdict()
    return asdict(record) if hasattr(record, "__dataclass_fields__") else dict(record)


def result_from_record(record, store, *, with_log: bool = True) -> BotExecutionResult:
    """Rebuild a :class:`BotExecutionResult` from a stored execution (``with_log=False`` skips
    reading the log file, up to 10 MB, when only the results are wanted)."""
    metrics = dict(record.metrics)
    metrics["max_drawdown"] = metrics.pop("max_drawdown_pct", None)
    equity = store.get_equity(record.id) or {}
    curve = {}
    if equity:
        curve = {
            "time_ms": [int(t.timestamp() * 1000) for t in equity["time"]],
            "equity": list(equity["equity"]),
            "drawdown_pct": list(equity["drawdown_pct"]),
        }
        if "buy_hold" in equity:
            curve["buy_hold"] = list(equity["buy_hold"])
    result = BotExecutionResult(
        execution_id=record.id,
        success=record.status == "succeeded",
        status=record.status,
        strategy_name=record.strategy_name,
        equity_curve=curve,
        trade_list=[_trade_dict(t) for t in store.get_trades(record.id)],
        stats=record.stats or {},
        results_file=record.json_path,
        output_log=_read_text(record.log_path) if with_log else "",
        execution_timestamp=_iso(record.started_at or record.created_at),
        test_symbol=record.symbol,
        test_period_days=record.test_period_days,
        duration=record.duration_s or 0.0,
        error=record.error_message,
        error_type=record.error_type,
        warnings=list(record.warnings or []),
        data=record.data,
        files={
            k: v
            for k, v in (
                ("log", record.log_path),
                ("json", record.json_path),
                ("metrics", record.metrics_path),
            )
            if v
        },
        kind=record.kind or "strategy",
        sandbox_report=record.sandbox_report or "",
        cash=record.cash,
        commission=record.commission,
        spread=record.spread,
        analysis=dict(record.analysis or {}),
    )
    for name in _metrics.METRIC_NAMES:
        setattr(result, name, metrics.get(name))
    return result


def _trade_dict(trade) -> dict:
    row = _record_dict(trade)
    for key in ("entry_time", "exit_time"):
        if isinstance(row.get(key), datetime):
            row[key] = row[key].isoformat()
    row.pop("id", None)
    row.pop("execution_id", None)
    return row


def _read_text(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def default_runner(settings: Settings) -> Runner:
    """The process boundary every run goes through: the warm, hardened sandbox.

    Under ``BOTLAB_SANDBOX=strict`` (the default) a missing isolation layer refuses the run
    (``sandbox_unavailable``); ``permissive`` runs with what the machine has and says so.
    """
    from engine.sandbox import get_sandbox

    sandbox = get_sandbox(settings.sandbox_policy)

    def run(job_dir: Path, limits: _process.RunLimits, *, cancel=None):
        return sandbox.run(job_dir, limits, cancel=cancel)

    return run


_default_executor: BotExecutor | None = None


def get_bot_executor(**kwargs) -> BotExecutor:
    """A process-wide executor for the current settings (created on first use)."""
    global _default_executor
    if _default_executor is None or kwargs:
        _default_executor = BotExecutor(**kwargs)
    return _default_executor
