"""One run's result: :class:`BotExecutionResult`, and how it is told from what the supervisor saw
and what the harness wrote (:func:`interpret`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from engine.execution import supervisor
from engine.execution.analysis import few_trades_warning
from engine.execution.bot_kind import script_symbol
from engine.execution.other_symbols import BotNeeds, declared
from engine.metrics import METRIC_NAMES, metrics_from_stats, parse_script_output
from engine.results import hints_of

# error_type values the executor adds to the harness's and the supervisor's.
FILE_NOT_FOUND = "file_not_found"
DATA_UNAVAILABLE = "data_unavailable"
NO_RESULTS = "no_results"
INTERRUPTED = "interrupted"
SANDBOX_UNAVAILABLE = "sandbox_unavailable"


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
    #: What to change to get past the error (engine.results.Hint as JSON), as its error carried.
    hints: list[dict] = field(default_factory=list)

    @property
    def metrics(self) -> dict:
        return {name: getattr(self, name) for name in METRIC_NAMES}

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
            "hints": self.hints,
        }


@dataclass
class Run:
    """One run while it is being executed: what was asked, and what is known so far."""

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
    #: what Botlab has to say about how the run went, written at the top of its log
    log_notes: list[str] = field(default_factory=list)

    @cached_property
    def needs(self) -> BotNeeds:
        """Other symbols and the fill mode the bot declares (read, never run; parsed once)."""
        return declared(self.code)


def _hints_json(error) -> list[dict]:
    """The hints a failure's message carries (:func:`engine.results.hints_of`), as stored."""
    return [hint.as_json() for hint in hints_of(error)]


def interpret(run: Run, outcome, harness: dict | None, error) -> BotExecutionResult:
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
        result.hints = _hints_json(result.error)
        return result
    notes = "".join(f"[botlab: {note}]\n" for note in run.log_notes)
    result.output_log = notes + outcome.output.decode("utf-8", errors="replace")
    if outcome.output_truncated:
        result.output_log += "\n[botlab: output limit reached; the rest was dropped]\n"
    result.sandbox_report = outcome.sandbox_report
    if outcome.failure:
        result.error_type, result.error = outcome.failure, outcome.failure_detail
        result.hints = _hints_json(result.error)  # e.g. the cluster's: start a worker
        if outcome.failure == supervisor.TIMEOUT:
            result.status = "timeout"
        elif outcome.failure == supervisor.CANCELLED:
            result.status = "cancelled"
        return result
    if harness is None:
        result.error_type = supervisor.CRASHED
        result.error = f"the bot's process ended (exit code {outcome.returncode}) without a result"
        return result
    result.warnings += harness.get("warnings", [])
    if not harness["ok"]:
        result.error_type, result.error = harness["error_type"], harness["error"]
        return result
    if harness["mode"] == "script" and "stats" not in harness:
        metrics = parse_script_output(result.output_log)
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
        metrics = metrics_from_stats(result.stats)
    for name, value in metrics.items():
        setattr(result, name, value)
    result.success, result.status = True, "succeeded"
    if result.analysis.get("buy_hold_start"):
        result.data = {**result.data, "buy_hold_start": result.analysis["buy_hold_start"]}
    if result.trades == 0:
        result.warnings.append("no_trades: " + _no_trades_cause(result, harness))
    few = few_trades_warning(result.trades)
    if few:
        result.warnings.append(few)
    return result


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
