"""The documents Botlab answers with, as pydantic models: a run, its metrics, trades and equity
curve, a job, the summary, the leaderboard page, sweeps, errors (see :mod:`engine.results`, which
exports them). The HTTP API's OpenAPI schema is generated from them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from engine.results import (
    CHANGES,
    HINTS,
    METRICS,
    STATUS_WORDS,
    Hint,
    hints_of,
    metrics_from_store,
    route_of,
)

Status = Literal[tuple(STATUS_WORDS)]  # type: ignore[valid-type]

# -- documents -----------------------------------------------------------------------------------

#: An ISO 8601 time as the store gives it (kept as text, so no value is reformatted).
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


def _metrics_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        m.name: (
            int | None if m.unit == "count" else float | None,
            Field(None, description=f"{m.explanation} Unit: {m.unit}."),
        )
        for m in METRICS
    }
    return create_model(
        "Metrics",
        __base__=_Closed,
        __doc__="The headline metrics, each under its public name (null when not measured).",
        **fields,
    )


Metrics = _metrics_model()


class RunLinks(_Closed):
    self: str
    dashboard: Url


class JobLinks(_Closed):
    self: str
    run: str | None = None
    dashboard: Url | None = None


class Trade(_Closed):
    """One closed trade; ``mfe_pct``/``mae_pct`` are its best and worst price while open, in
    percent of its entry; ``seq`` its place in the run, once stored."""

    seq: int | None = None
    entry_time: str | None = None
    exit_time: str | None = None
    exit_reason: str | None = None
    tag: str | None = None
    entry_price: float | None = None
    exit_price: float | None = None
    size: float | None = None
    pnl: float | None = None
    return_pct: float | None = None
    commission: float | None = None
    mae_pct: float | None = None
    mfe_pct: float | None = None
    entry_bar: int | None = None
    exit_bar: int | None = None


class EquityCurve(_Closed):
    """Empty until the run has one; else parallel arrays, at most 1,000 points: time_ms (epoch
    milliseconds), equity, drawdown_pct, and buy_hold (the value of buying at the close of the
    first bar the bot could trade, data.buy_hold_start, and holding; null before it)."""

    time_ms: list[int] = []
    equity: list[float | None] = []
    drawdown_pct: list[float | None] = []
    buy_hold: list[float | None] = []


#: A statistic's unit, by its kind in :data:`engine.wording.STAT_WORDS`.
STAT_UNITS = {
    "money": "dollars",
    "pct": "percent",
    "signed_pct": "percent",
    "ratio": "ratio",
    "count": "count",
    "fraction_pct": "fraction",
    "date": "time: ISO 8601, or a bar's number when the data has no dates",
    "duration": "duration: backtesting.py's '1885 days 00:00:00', or bars without dates",
}
_STAT_TYPES = {"count": int | None, "date": str | int | None, "duration": str | int | None}


class _ByItsNames(_Open):
    model_config = ConfigDict(extra="allow", serialize_by_alias=True)


def _stats_model() -> type[BaseModel]:
    """backtesting.py's statistics under its own names (the JSON's keys), each described by its
    one definition in :data:`engine.wording.STAT_WORDS`: plain label, explanation and unit, and
    (for :func:`engine.wording.plain_stats`) how it is shown and whether it is advanced."""
    from engine.wording import STAT_WORDS

    fields: dict[str, Any] = {}
    for key, (label, kind, explanation, advanced) in STAT_WORDS.items():
        attribute = key.replace("[%]", "pct").replace("[$]", "dollars").replace("#", "number")
        fields[re.sub(r"\W+", "_", attribute.replace("&", "and")).strip("_").lower()] = (
            _STAT_TYPES.get(kind, float | int | None),
            Field(
                None,
                alias=key,
                title=label,
                description=f"{explanation} Unit: {STAT_UNITS[kind]}.",
                json_schema_extra={"shown": kind, "advanced": advanced},
            ),
        )
    return create_model(
        "Stats",
        __base__=_ByItsNames,
        __doc__="backtesting.py's own statistics, under its names, as it computed them (null "
        "when not a number); the headline ones are also in metrics, under their public names. "
        "A statistic a newer backtesting.py adds is kept, undescribed.",
        **fields,
    )


Stats = _stats_model()
#: Each statistic's field of :class:`Stats`, by backtesting.py's name for it.
STAT_FIELDS = {field.alias: field for field in Stats.model_fields.values()}


def explanation_of(field: FieldInfo) -> str:
    """A figure's one-line explanation: its description without the unit after it."""
    return (field.description or "").rsplit(" Unit:", 1)[0]


class MonthReturns(_Closed):
    """One year of the account's monthly returns, compounded from the equity curve."""

    year: int
    months: list[float | None] = Field(
        description="January to December, in percent; null where the data has no bar."
    )
    year_pct: float | None = Field(description="The year's return, compounded, in percent.")


#: How a figure of each unit is shown to people (the API gives the number itself).
UNIT_SHOWN = {
    "count": "{:,d}",
    "fraction": "{:.1%}",
    "dollars": "${:+,.2f}",
    "percent": "{:+.2f}%",
    "ratio": "{:.2f}",
}


def _figure(label: str, unit: str, explanation: str, optional: bool = True) -> Any:
    """A model's figure, described once: its label, its unit and what it means (the schema's
    title and description; :func:`figures` renders it for the report and the dashboard)."""
    return Field(
        None if optional else ...,
        title=label,
        description=f"{explanation} Unit: {unit}.",
        json_schema_extra={"unit": unit},
    )


class SideResults(_Closed):
    """The trades on one side (long or short)."""

    trades: int = _figure("Trades", "count", "How many trades closed on this side.", False)
    win_rate: float | None = _figure("Win rate", "fraction", "The share of them that made money.")
    net_profit: float = _figure("Net profit", "dollars", "Their profit minus their losses.", False)
    return_pct: float | None = _figure(
        "Return", "percent", "The net profit as a share of the starting cash."
    )
    profit_factor: float | None = _figure(
        "Profit factor", "ratio", "Money won divided by money lost (none without a loss)."
    )
    avg_trade_pct: float | None = _figure("Average trade", "percent", "The average trade's return.")


class Figure(BaseModel):
    """One figure of a model as people read it: label, one value shown per column, meaning."""

    label: str
    shown: dict[str, str]
    explanation: str


def figures(model: type[BaseModel], columns: dict[str, dict[str, Any]]) -> list[Figure]:
    """Each figure of ``model`` (its fields' labels, units and explanations, defined once on the
    model) for ``columns`` of values (``{"long": {...}, "short": {...}}``), shown by unit."""
    out = []
    for name, field in model.model_fields.items():
        unit = (field.json_schema_extra or {})["unit"]
        shown = {}
        for column, values in columns.items():
            value = (values or {}).get(name)
            value = int(value) if unit == "count" and value is not None else value
            shown[column] = "n/a" if value is None else UNIT_SHOWN[unit].format(value)
        out.append(
            Figure(label=field.title or name, shown=shown, explanation=explanation_of(field))
        )
    return out


def long_short_figures(split: LongShort | dict[str, Any] | None) -> list[Figure]:
    """The long and the short trades' figures (:class:`SideResults`), when the bot traded both
    ways; none otherwise."""
    if isinstance(split, dict):
        split = LongShort.model_validate(split) if split else None
    if split is None or not (split.long.trades and split.short.trades):
        return []
    return figures(SideResults, {"Long": dict(split.long), "Short": dict(split.short)})


class LongShort(_Closed):
    long: SideResults
    short: SideResults


class Analysis(_Open):
    """What a run's page shows beside the metrics (see :mod:`engine.execution.analysis`);
    empty for a script that printed its results instead of running a backtest."""

    buy_hold_start: str | None = Field(
        None,
        description="The bar buy and hold buys at the close of: the first the bot could trade.",
    )
    buy_hold_start_bar: int | None = Field(None, description="That bar's number, from 0.")
    buy_hold_start_price: float | None = Field(None, description="That bar's close.")
    monthly_returns: list[MonthReturns] = []
    long_short: LongShort | None = Field(None, description="Long and short trades apart.")
    parameters: dict[str, float | int | str | bool | None] = Field(
        {}, description="The strategy's parameters (its class attributes) as the run used them."
    )

    def parameters_text(self, mark: str = "") -> str:
        """The parameters as people read them, ``fast = 10 · slow = 30`` (each name between
        ``mark``s: the dashboard's markdown sets them as code); empty without any."""
        return " · ".join(
            f"{mark}{name}{mark} = {value}" for name, value in self.parameters.items()
        )


class RunData(_Open):
    """The market data a run used, as far as it is known (nothing, when none was loaded)."""

    symbol: str | None = Field(None, description="The traded symbol.")
    source: str | None = Field(
        None,
        description="Where the bars came from: a bundled sample (sample:...), Yahoo Finance, "
        "its cache, a file (file:PATH), or the script's own data (script).",
    )
    start: str | None = Field(None, description="The first bar's time, ISO 8601.")
    end: str | None = Field(None, description="The last bar's time, ISO 8601.")
    bars: int | None = Field(None, description="How many bars.")
    interval: str | None = Field(None, description="The bar size: 1d, 1h, 5m...")
    buy_hold_start: str | None = Field(
        None, description="The first bar the bot could trade, where buy and hold buys."
    )
    other_symbols: dict[str, Any] | None = Field(
        None, description="Other symbols' bars the bot read, each with where they came from."
    )


class RunBrief(_Closed):
    """A stored run without trades, equity curve or file paths (``botlab runs --json``)."""

    execution_id: int
    status: Status
    strategy_name: str
    metrics: Metrics  # type: ignore[valid-type]
    data: RunData
    started_at: Timestamp
    duration_s: float | None
    error: str | None
    error_type: str | None
    warnings: list[str]


class RunSummary(_Closed):
    """One row of the leaderboard or of a strategy's history."""

    run_id: int
    strategy_id: int
    strategy_name: str
    strategy_version: int | None
    kind: str
    status: Status
    symbol: str | None
    interval: str | None
    data_source: str | None
    bars: int | None
    test_period_days: int | None
    cash: float | None
    commission: float | None
    priority: int
    metrics: Metrics  # type: ignore[valid-type]
    buy_hold_start: str | None = Field(
        description="The bar whose close metrics.buy_hold_return_pct buys at: the first bar the "
        "bot could trade."
    )
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    duration_s: float | None
    error_type: str | None
    links: RunLinks


class Job(_Closed):
    """A queue job: what it is doing, and the run it produced (``run_id``, once it exists)."""

    job_id: int
    kind: Literal["run", "generate"]
    status: Status
    phase: Literal["queued", "generating", "running", "saving", "done"]
    progress: str | None
    priority: int
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    cancel_requested: bool
    strategy_id: int | None
    run_id: int | None
    error_type: str | None
    error: str | None
    links: JobLinks


class HintBody(_Closed):
    """What to change to get past an error (see :class:`engine.results.Hint`)."""

    code: Literal[tuple(HINTS)] = Field(  # type: ignore[valid-type]
        description="A stable name for the hint, e.g. 'yahoo_source'."
    )
    change: Literal[CHANGES]  # type: ignore[valid-type]
    name: str = Field(
        description="The setting, the source field or the description to change; for "
        "'machine', what on the machine running Botlab: 'database' or 'cluster'."
    )
    value: str | None = Field(
        None,
        description="The value to give it, when there is one: for the description, the closest "
        "description Botlab reads; for 'machine', the database's file or the cluster's address.",
    )


class RunDocument(_Open):
    """One run in full, as ``botlab run --json`` and ``botlab show --json`` print it (open to
    what the executor adds)."""

    execution_id: int | None
    status: Status
    success: bool
    strategy_name: str
    kind: str
    strategy_class: str | None
    metrics: Metrics  # type: ignore[valid-type]
    trades: list[Trade]
    equity_curve: EquityCurve
    data: RunData
    cash: float | None
    commission: float | None
    spread: float | None
    test_period_days: int | None
    started_at: Timestamp | None
    duration_s: float
    error: str | None
    error_type: str | None
    warnings: list[str]
    files: dict[str, str] = Field({}, description="Where the run's files are on this machine.")
    sandbox: str
    stats: Stats  # type: ignore[valid-type]
    analysis: Analysis
    hints: list[HintBody] = Field(
        [], description="What to change to get past the run's error, as an error body's hints."
    )


class RunDetail(RunDocument):
    """One run in full: ``botlab show --json``'s document minus server file paths, plus its
    strategy version, its queue job and links."""

    run_id: int
    execution_id: int
    strategy_id: int
    strategy_version: int | None
    symbol: str | None
    priority: int
    created_at: Timestamp
    finished_at: Timestamp | None
    job: Job | None
    links: RunLinks


class Queued(_Closed):
    """The answer to a request that queued a job."""

    job_id: int
    run_id: int | None = Field(
        description="The run's id; null for an upload or a Gemini generation until the worker "
        "starts the run (then GET links.self shows it)."
    )
    status: Literal["queued", "running"]
    phase: str
    links: JobLinks


class StrategyVersion(_Closed):
    """One version of a strategy, and who wrote its code: the offline compiler (source
    offline), Gemini through Botlab's spec (gemini, route spec) or Gemini's own code (gemini,
    route code); a file, an upload, a template or a hand edit otherwise."""

    strategy_id: int
    name: str
    version: int
    source: Literal["file", "offline", "gemini", "upload", "template", "edited"] = Field(
        description="Where the code came from: offline and gemini were generated from the "
        "description."
    )
    route: Literal["spec", "code"] | None = Field(
        description="How a generated version was written: spec (Botlab compiled a reading of "
        "the description, the offline compiler's or Gemini's), code (Gemini's own code); null "
        "when not generated."
    )
    description: str | None
    created_at: Timestamp
    code_sha256: str


class StrategySettings(_Closed):
    symbol: str | None
    interval: str | None
    period_days: int | None
    start: str | None
    end: str | None
    cash: float | None
    commission: float | None


class HistoryLink(_Closed):
    history: str


class GeneratedStrategy(_Closed):
    """A saved bot and what Botlab understood of its description."""

    name: str
    engine: Literal["offline", "gemini"]
    version: int
    strategy_id: int
    class_name: str
    spec: dict[str, Any] | None
    rules: list[str]
    assumptions: list[str]
    attempts: list[dict[str, Any]]
    route: Literal["spec", "code"]
    route_note: str
    code: str
    settings: StrategySettings
    links: HistoryLink


class Generated(_Closed):
    engine: Literal["offline", "gemini"]
    strategy: GeneratedStrategy | None
    run: Queued | None


class RunPage(_Closed):
    """One page of the leaderboard."""

    items: list[RunSummary]
    total: int
    limit: int
    offset: int
    has_more: bool


class History(_Closed):
    """A strategy's versions and its runs, newest first."""

    name: str
    versions: list[StrategyVersion]
    runs: list[RunSummary]
    has_more: bool


class ExtremeRun(_Closed):
    run_id: int
    execution_id: int
    strategy_name: str
    return_pct: float | None
    symbol: str | None
    links: RunLinks


class QueueState(_Closed):
    active_jobs: int
    max_queue: int


class DashboardLink(_Closed):
    dashboard: Url


ByStatus = create_model(
    "ByStatus", __base__=_Closed, **{status: (int, ...) for status in STATUS_WORDS}
)


class Summary(_Closed):
    """Totals over every run, plus the queue's state."""

    total_executions: int
    successful_executions: int
    success_rate: float = Field(ge=0, le=1)
    avg_return_pct: float | None
    avg_sharpe_ratio: float | None
    best_run: ExtremeRun | None
    worst_run: ExtremeRun | None
    by_status: ByStatus  # type: ignore[valid-type]
    queue: QueueState
    links: DashboardLink


class SweepLinks(_Closed):
    self: str
    results: str
    cancel: str
    resume: str = Field(
        description="POST here to run what a cancelled or interrupted sweep has not stored yet."
    )


class SweepCombination(_Closed):
    params: dict[str, Any] = Field(description="Parameter name -> value.")
    symbol: str | None
    status: Status
    metrics: Metrics  # type: ignore[valid-type]
    score: float | None
    execution_id: int
    has_details: bool
    error_type: str | None
    error: str | None


class SweepBest(_Closed):
    params: dict[str, Any] = Field(description="Parameter name -> value.")
    score: float
    symbols: list[str]
    execution_ids: list[int]
    execution_id: int
    metrics: Metrics  # type: ignore[valid-type]


class Sweep(_Closed):
    """A sweep: its progress, its best parameter set so far and (with results) every
    combination."""

    sweep_id: int
    status: Literal["running", "succeeded", "failed", "cancelled"]
    strategy: str
    strategy_id: int
    objective: str
    symbols: list[str]
    params: list[str]
    constraints: list[str]
    total: int
    done: int
    failed: int
    left: int
    created_at: Timestamp
    finished_at: Timestamp | None
    error_type: str | None
    error: str | None
    hints: list[HintBody] = Field(
        [], description="What to change to get past the sweep's error, as an error body's hints."
    )
    best: SweepBest | None
    robustness: dict[str, Any] | None
    links: SweepLinks
    combinations: list[SweepCombination] = []
    cancel_requested: bool = False


class ErrorBody(_Closed):
    """Every error: a specific message, a stable code, the field at fault for a bad request,
    hints on what to change, and for a refused description what was not understood and
    descriptions Botlab does read."""

    error: str
    code: str
    field: str | None = None
    fields: dict[str, str] | None = None
    hints: list[HintBody] | None = None
    not_understood: list[str] | None = None
    suggestions: list[str] | None = None


class SeedTrade(BaseModel):
    entry_price: float
    entry_time: str
    exit_price: float
    exit_time: str
    exit_reason: str
    pnl: float
    pnl_percent: float
    highest_price: float
    side: Literal["long", "short"] | None = None
    size: float | None = None


class SeedMetrics(_Closed):
    total_trades: int
    winning_trades: int
    win_rate: float
    total_pnl: float
    total_pnl_percent: float


class SeedBacktest(BaseModel):
    symbol: Any
    timeframe: Any
    start: Any
    end: Any
    bars: Any
    cash: Any


class SeedResults(BaseModel):
    backtest: SeedBacktest
    trades: list[SeedTrade]
    metrics: SeedMetrics
    summary: str
    warnings: list[str] = []


class SeedSuccess(_Closed):
    """The seed's answer to a run that succeeded."""

    success: Literal[True]
    executionId: int  # noqa: N815 (the seed's contract)
    results: SeedResults
    executionTime: float  # noqa: N815


class SeedFailure(_Closed):
    """The seed's failure: success false, a specific error and its type; executionId when the
    run was recorded, parameter (and field) naming bad input."""

    success: Literal[False]
    error: str
    errorType: str  # noqa: N815 (the seed's contract)
    executionTime: float | None = None  # noqa: N815
    executionId: int | None = None  # noqa: N815
    parameter: str | None = None
    field: str | None = None
    fields: dict[str, str] | None = None
    dataErrorCode: str | None = None  # noqa: N815
    code: str | None = None
    hints: list[HintBody] | None = None


def error_body(
    message: str, code: str, *, hints: list[Hint] | None = None, **fields: Any
) -> dict[str, Any]:
    """An :class:`ErrorBody` (keys without a value left out): ``hints`` default to those
    ``message`` carries (:func:`engine.results.hints_of`); ``fields`` are its other keys."""
    hints = hints_of(message) if hints is None else hints
    as_json = [hint.as_json() for hint in hints] or None
    body = ErrorBody(error=message, code=code, hints=as_json, **fields)
    return body.model_dump(mode="json", exclude_none=True)


# -- documents from stored records (``links``: where the front end serves them) ------------------


def render(model: type[BaseModel], document: dict[str, Any]) -> dict[str, Any]:
    """``document`` as ``model`` says it (checked against it, its keys kept), JSON-safe."""
    from engine.store import sanitize

    return model.model_validate(sanitize(document)).model_dump(mode="json", exclude_unset=True)


def run_brief(record) -> dict[str, Any]:
    """A stored run without trades, equity curve or file paths, as ``botlab runs --json`` and
    ``botlab history --json`` print it."""
    return RunBrief(
        execution_id=record.id,
        status=record.status,
        strategy_name=record.strategy_name,
        metrics=metrics_from_store(record.metrics),
        data=record.data,
        started_at=(record.started_at or record.created_at).isoformat(),
        duration_s=record.duration_s,
        error=record.error_message,
        error_type=record.error_type,
        warnings=record.warnings or [],
    ).model_dump(mode="json", exclude_unset=True)  # the data's keys as the run recorded them


def run_summary(record, links: dict[str, str]) -> dict[str, Any]:
    """One row of the leaderboard or a history: no trades, no equity curve."""
    return render(
        RunSummary,
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
            "metrics": metrics_from_store(record.metrics),
            "buy_hold_start": record.data["buy_hold_start"],
            "created_at": record.created_at,
            "started_at": record.started_at,
            "finished_at": record.finished_at,
            "duration_s": record.duration_s,
            "error_type": record.error_type,
            "links": links,
        },
    )


def run_detail(
    record, document: dict[str, Any], job: dict[str, Any] | None, links: dict[str, str]
) -> dict[str, Any]:
    """One run in full: ``botlab show --json``'s ``document`` (minus server file paths), plus
    its strategy version, timing, its queue ``job`` (if it came from the queue) and links."""
    document = dict(document)
    document.pop("files", None)
    document.update(
        run_id=record.id,
        strategy_id=record.strategy_id,
        strategy_version=record.strategy_version,
        symbol=record.symbol,
        priority=record.priority,
        created_at=record.created_at,
        finished_at=record.finished_at,
        job=job,
        links=links,
    )
    return render(RunDetail, document)


def job_document(job, links: dict[str, str]) -> dict[str, Any]:
    """A queue job: what it is doing, and the run it produced (``run_id``, once it exists)."""
    return render(
        Job,
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
            "links": links,
        },
    )


def queued(job, links: dict[str, str]) -> dict[str, Any]:
    """The answer to a request that queued ``job``."""
    document = {
        "job_id": job.id,
        "run_id": job.execution_id,
        "status": job.status,
        "phase": job.phase,
        "links": links,
    }
    return render(Queued, document)


def strategy_version(record) -> dict[str, Any]:
    return render(
        StrategyVersion,
        {
            "strategy_id": record.id,
            "name": record.name,
            "version": record.version,
            "source": record.source,
            "route": route_of(record.source, record.spec),
            "description": record.description,
            "created_at": record.created_at,
            "code_sha256": record.code_sha256,
        },
    )


def generated_strategy(strategy) -> dict[str, Any]:
    """A generated bot (:class:`~engine.generation.generator.GeneratedStrategy`) with its code,
    the settings its description named and where its history is; no server file path."""
    from urllib.parse import quote

    document = strategy.to_dict()
    document.pop("code_path", None)
    document["code"] = strategy.code
    names = ("symbol", "interval", "period_days", "start", "end", "cash", "commission")
    document["settings"] = {name: getattr(strategy, name) for name in names}
    document["links"] = {"history": f"/api/strategies/{quote(strategy.name, safe='')}/history"}
    return render(GeneratedStrategy, document)
