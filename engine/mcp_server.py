"""Botlab's Model Context Protocol server: ``botlab mcp`` (stdio), for LLM agents.

Tools (each result links to the run's dashboard page, ``dashboard_url``):

* ``generate_strategy``: plain English to a saved bot, and by default a backtest of it;
* ``run_strategy``: backtest a stored strategy (by name or id) or the Python code of a bot;
* ``run_template``: one of the seed's script templates (``orb``, ``momentum_breakout``,
  ``mean_reversion``, ``pairs_trading``) with its parameters, e.g. an opening-range breakout on
  one day with a 2% trailing stop;
* ``get_run``: a run's status, metrics, first trades and equity in brief;
* ``leaderboard``: runs filtered and ranked by a metric;
* ``compare_runs``: runs' metrics side by side, and which is best on each;
* ``strategy_history``: a strategy's versions (who wrote each: the offline compiler, Gemini
  through Botlab's spec, or Gemini's own code) and its runs, as ``GET
  /api/strategies/{name}/history`` answers;
* ``summary``: totals over every run and the queue, as ``GET /api/summary`` answers;
* ``sweep_strategy`` and ``get_sweep``: a parameter grid's runs and its best parameter sets.

It is the HTTP API's :class:`~engine.api.service.Service` without HTTP: the same store
(``BOTLAB_HOME``), the same queue and worker for generated and stored strategies (the worker runs
them in the sandbox; this process only records requests and waits for results), the same
synchronous, sandboxed path as ``POST /api/backtests/execute-script`` for templates, and the same
limits (``BOTLAB_API_MAX_QUEUE``, ``BOTLAB_API_SYNC_TIMEOUT``). Bad input is answered with a
tool error whose text says what to change, and whose structured content is the HTTP API's error
body (``code``, ``field``, ``hints``); never a traceback.

Add it to an MCP client (Claude Desktop, Cursor, ...) as a stdio server: command ``botlab``,
arguments ``["mcp"]`` (or ``python -m engine.mcp_server``), with ``BOTLAB_HOME`` in its
environment if not the default.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from typing import Annotated, Any, Literal

from pydantic import Field

from engine.api.errors import ApiError
from engine.api.idempotency import Idempotency, parse_key
from engine.api.models import (
    GenerateRequest,
    HistoryQuery,
    ListQuery,
    RunRequest,
    SweepRequest,
    parse_body,
    parse_query,
)
from engine.api.service import Service
from engine.results import METRIC_NAMES, METRICS, History, Summary, hints_of, said, sort_keys
from engine.store import SORTABLE_COLUMNS, STATUSES
from engine.store.faults import StoreUnavailable

log = logging.getLogger("botlab.mcp")

#: The tools' choices, from the store's own lists (a tuple inside Literal[] gives its values).
SortColumn = Literal[sort_keys(SORTABLE_COLUMNS)]
StatusFilter = Literal[(*STATUSES, "all")]

MAX_WAIT_S = 300.0
POLL_S = 0.5
TRADES_SHOWN = 20
#: How many of a sweep's best parameter sets a tool lists.
SWEEP_TOP = 10
#: Every metric, under its public name (engine.results.METRICS).
KEY_METRICS = METRIC_NAMES
#: How a tool error says each hint of an engine message (see engine.results.HINTS): what the
#: model can do, or ask the user to do, since the tools take no command-line flags.
HINT_WORDS = {
    "yahoo_source": "the Botlab server downloads other symbols from Yahoo Finance only with "
    "BOTLAB_DATA_SOURCE=yahoo: ask the user, or use AAPL, MSFT, IBM or GOOG",
    "sample_source": "its bundled sample works offline",
    "gemini_engine": "engine='gemini' reads it once the Botlab server has a Gemini API key",
    "gemini_key": "the Botlab server has no Gemini API key: ask the user to set GEMINI_API_KEY",
    "sample_grid": "sample it with max_combinations (and seed), or narrow it",
    "restore_database": "ask the user to restore a backup over it, or to move it aside",
    "start_worker": "ask the user to start a Dask worker for it",
}
INSTRUCTIONS = (
    "Botlab turns plain-English trading ideas into backtesting.py bots and backtests them on "
    "market data (bundled daily AAPL, MSFT, IBM, GOOG 2000-2013 offline; any Yahoo symbol "
    "online). Every run's metrics, under their names, with their units (a fraction is 0-1) "
    "and meanings: "
    + "; ".join(f"{m.name} ({m.unit}): {m.explanation.rstrip('.')}" for m in METRICS)
    + ". max_drawdown is <= 0; buy_hold_return_pct is bought on buy_hold_start, the first day "
    "the bot could trade. Every run has a dashboard_url: give it to the user. Runs are queued; "
    "a tool waits up to wait_seconds, then returns the run's status: call get_run later for "
    "the results."
)

Symbol = Annotated[
    str | None,
    Field(description="Symbol to test on, e.g. AAPL; default the strategy's own, else AAPL."),
]
Days = Annotated[int | None, Field(description="Test on the last N days of the data.")]
Date = Annotated[str | None, Field(description="YYYY-MM-DD.")]
IdempotencyKeyArg = Annotated[
    str | None,
    Field(
        description="Any unique string (a UUID): calling again with the same key within 24 "
        "hours returns the first call's run instead of starting another; the same key with "
        "different arguments is refused."
    ),
]
#: MCP clients' keys never replay an HTTP client's answers (see engine.api.idempotency).
MCP_SCOPE = "mcp"
Code = Annotated[str | None, Field(description="Python source of a backtesting.py Strategy bot")]
CodeName = Annotated[str | None, Field(description="With code: the name to save it as")]
Wait = Annotated[
    float,
    Field(description="Seconds to wait for the result (0 returns at once; at most 300)."),
]


def _friendly(error: ApiError) -> str:
    hints = hints_of(error.message) if error.hints is None else error.hints
    text = said(error.message, hints, HINT_WORDS)
    if error.field and error.field not in text:
        text = f"{error.field}: {text}"
    if error.status == 429:
        text += f" (retry in {error.headers.get('Retry-After', 'a few')} seconds)"
    return text


class _Refused(Exception):
    """An :class:`ApiError` on its way out of a tool, answered by :func:`_answering_errors`."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.message)
        self.error = error


def _error_result(error: ApiError):
    """A request Botlab refuses, as the tool's error result: the message (and a refused
    description's suggestions) in words for the model, and the HTTP API's error body
    (``error``, ``code``, ``field``, ``hints``, ``not_understood``, ``suggestions``) as
    structured content, which the model can act on (offer the suggestions, change a field)."""
    from mcp_types import CallToolResult, TextContent

    body = {**error.body(), "error": _friendly(error)}
    text = body["error"]
    if body.get("suggestions"):
        text += "\nDescriptions Botlab does read: " + " | ".join(body["suggestions"])
    content = [TextContent(type="text", text=text)]
    return CallToolResult(content=content, structured_content=body, is_error=True)


def _answering_errors(tool):
    """``tool`` answering a refused request (:class:`_Refused`) with :func:`_error_result`."""

    @functools.wraps(tool)
    def answer(*args, **kwargs):
        try:
            return tool(*args, **kwargs)
        except _Refused as refused:
            return _error_result(refused.error)

    return answer


def _tool_error(message: str) -> Exception:
    from mcp.server.mcpserver.exceptions import ToolError

    return ToolError(message)


def _failure(exc: Exception) -> Exception:
    """An exception as a clear tool error: never a traceback to the model (the log has it)."""
    if isinstance(exc, ApiError):
        return _Refused(exc)
    if isinstance(exc, StoreUnavailable):  # read-only, damaged or full: say what to do
        return _tool_error(said(str(exc), exc.hints, HINT_WORDS))
    log.error("tool failed", exc_info=exc)
    return _tool_error(f"internal error: {type(exc).__name__}: {exc}")


def _call(fn, *args, **kwargs):
    """Run a Service call: ApiError and unexpected errors become clear tool errors."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        raise _failure(exc) from None


def _validated(model, arguments: dict[str, Any]):
    """A tool's arguments (its ``locals()``) as a request model: those the model has, through the
    HTTP API's own checks (JSON rules)."""
    body = {k: v for k, v in arguments.items() if k in model.model_fields and v is not None}
    return _call(parse_body, model, json.dumps(body).encode())


# -- shaping results for a model -------------------------------------------------------------------


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    """A run summary without the noise: what a model needs to report on it."""
    metrics = summary.get("metrics") or {}
    return {
        "run_id": summary["run_id"],
        "strategy": summary["strategy_name"],
        "version": summary.get("strategy_version"),
        "status": summary["status"],
        "symbol": summary.get("symbol"),
        "interval": summary.get("interval"),
        "metrics": {k: metrics.get(k) for k in KEY_METRICS},
        "buy_hold_start": summary.get("buy_hold_start"),
        "error_type": summary.get("error_type"),
        "dashboard_url": summary["links"]["dashboard"],
    }


def _run_result(detail: dict[str, Any], trades: int = TRADES_SHOWN) -> dict[str, Any]:
    """A full run (``Service.get_run``) cut down for a model."""
    curve = detail.get("equity_curve") or {}
    equity = [v for v in curve.get("equity") or [] if v is not None]
    job = detail.get("job") or {}
    result = {
        "run_id": detail["run_id"],
        "strategy": detail["strategy_name"],
        "version": detail.get("strategy_version"),
        "status": detail["status"],
        "success": detail["success"],
        "data": detail.get("data"),
        "metrics": {k: (detail.get("metrics") or {}).get(k) for k in KEY_METRICS},
        "settings": {k: detail.get(k) for k in ("cash", "commission", "spread")},
        "parameters": (detail.get("analysis") or {}).get("parameters"),
        "long_short": (detail.get("analysis") or {}).get("long_short"),
        "error": detail.get("error"),
        "error_type": detail.get("error_type"),
        "hints": detail.get("hints") or [],
        "warnings": detail.get("warnings") or [],
        "trades_total": len(detail.get("trades") or []),
        "trades": (detail.get("trades") or [])[: max(0, trades)],
        "equity": {
            "points": len(equity),
            "start": equity[0] if equity else None,
            "end": equity[-1] if equity else None,
            "low": min(equity) if equity else None,
            "high": max(equity) if equity else None,
        },
        "duration_s": detail.get("duration_s"),
        "dashboard_url": detail["links"]["dashboard"],
    }
    if job and detail["status"] in ("queued", "running"):
        result["progress"] = job.get("progress") or job.get("phase")
    return result


def _idempotency(key: str | None) -> Idempotency | None:
    """An MCP tool's ``idempotency_key`` (checked like the HTTP header), scoped to MCP."""
    checked = _call(parse_key, key, name="idempotency_key")
    return None if checked is None else Idempotency(checked, MCP_SCOPE, name="idempotency_key")


class BotlabTools:
    """The tools, over one :class:`Service`: each method is a tool, its signature the tool's
    arguments and its docstring what the model reads (kept apart from MCP for testing). A tool
    annotated as returning one of the API's models (``History``, ``Summary``) returns the
    API's document, which MCP checks against that model, its output schema."""

    def __init__(self, service: Service | None = None) -> None:
        self.service = service or Service()

    def _wait(self, ticket: dict[str, Any], wait_seconds: float) -> dict[str, Any]:
        """Wait for a queued job up to ``wait_seconds``; the run (or the job) as it is then."""
        store = self.service.store
        deadline = time.monotonic() + min(max(wait_seconds, 0.0), MAX_WAIT_S)
        job = store.get_job(ticket["job_id"])
        while not job.finished and time.monotonic() < deadline:
            time.sleep(POLL_S)
            job = store.get_job(ticket["job_id"])
        if job.execution_id is not None:
            return _run_result(self.service.get_run(job.execution_id))
        view = self.service.get_job(job.id)
        return {
            "job_id": job.id,
            "status": job.status,
            "phase": job.phase,
            "progress": job.progress,
            "error": job.error_message,
            "run_id": None,
            "note": "the run has not started yet: call get_run with this job_id later",
            "links": view["links"],
        }

    def generate_strategy(
        self,
        description: Annotated[
            str,
            Field(
                description="The idea in plain English: entry and exit rules, stops, symbol, "
                "period. E.g. 'buy when RSI(14) drops below 30, sell above 70, 5% stop, on "
                "AAPL over 2 years'."
            ),
        ],
        engine: Annotated[
            Literal["auto", "offline", "gemini"],
            Field(description="offline compiler, Gemini, or auto (offline when it understands)"),
        ] = "auto",
        name: Annotated[
            str | None, Field(description="Strategy name (letters, digits, _ . -)")
        ] = None,
        execute: Annotated[bool, Field(description="Also backtest the new bot")] = True,
        symbol: Symbol = None,
        days: Days = None,
        start: Date = None,
        end: Date = None,
        wait_seconds: Wait = 60,
        include_code: Annotated[bool, Field(description="Include the bot's Python code")] = False,
        idempotency_key: IdempotencyKeyArg = None,
    ) -> dict[str, Any]:
        """Write a backtesting.py bot from a plain-English trading idea and save it; by default
        also backtest it and return the results (with the run's dashboard_url). A description
        Botlab cannot read is an error whose structured content has error, code
        'generation_refused', not_understood and suggestions: descriptions it does read, to
        offer the user."""
        request = _validated(GenerateRequest, locals())
        key = _idempotency(idempotency_key)
        _, answer = _call(self.service.generate_strategy, request, key)
        strategy = answer.get("strategy")
        result: dict[str, Any] = {"engine": answer["engine"]}
        if strategy is not None:
            keys = ("name", "version", "strategy_id", "rules", "assumptions", "route", "route_note")
            result["strategy"] = {k: strategy[k] for k in keys}
            if include_code:
                result["strategy"]["code"] = strategy["code"]
        if answer.get("run") is not None:
            result["run"] = _call(self._wait, answer["run"], wait_seconds)
        return result

    def run_strategy(
        self,
        strategy_name: Annotated[str | None, Field(description="A stored strategy's name")] = None,
        strategy_id: Annotated[int | None, Field(description="A stored version's id")] = None,
        version: Annotated[int | None, Field(description="With strategy_name")] = None,
        code: Code = None,
        name: CodeName = None,
        symbol: Symbol = None,
        days: Days = None,
        start: Date = None,
        end: Date = None,
        interval: Annotated[str | None, Field(description="Bar size: 1d, 1h, 5m...")] = None,
        cash: Annotated[float | None, Field(description="Starting cash (100,000)")] = None,
        commission: Annotated[float | None, Field(description="Fraction per trade")] = None,
        spread: Annotated[
            float | None, Field(description="Bid-ask spread per trade, a fraction (0.0002)")
        ] = None,
        wait_seconds: Wait = 60,
        idempotency_key: IdempotencyKeyArg = None,
    ) -> dict[str, Any]:
        """Backtest a stored strategy (strategy_name or strategy_id) or a bot's code; returns
        the results with the run's dashboard_url (or its status, if still running)."""
        request = _validated(RunRequest, locals())
        ticket = _call(self.service.queue_run, request, _idempotency(idempotency_key))
        return _call(self._wait, ticket, wait_seconds)

    def run_template(
        self,
        template: Annotated[
            Literal["orb", "momentum_breakout", "mean_reversion", "pairs_trading"],
            Field(description="Which seed template"),
        ],
        parameters: Annotated[
            dict[str, Any],
            Field(
                description="The template's parameters, camelCase. orb: ticker, date "
                "(YYYY-MM-DD), timeframe (5m), trailingStopPct, marketFilterTicker. "
                "momentum_breakout / mean_reversion: ticker, start, end or days. "
                "pairs_trading: ticker1, ticker2. All: cash, commission, dataSource."
            ),
        ],
        idempotency_key: IdempotencyKeyArg = None,
    ) -> dict[str, Any]:
        """Run one of Botlab's ready-made script templates now (about a second; at most
        BOTLAB_API_SYNC_TIMEOUT): e.g. an opening-range breakout of one ticker on one day with
        a trailing stop. Returns the trades, metrics, a one-sentence summary and the run's
        dashboard_url."""
        status, answer = _call(
            self.service.execute_script,
            {"scriptTemplate": template, "parameters": parameters},
            _idempotency(idempotency_key),
        )
        if status >= 400:
            where = f" ({answer['parameter']})" if answer.get("parameter") else ""
            raise _tool_error(f"{answer.get('error')}{where}")
        result = {
            "success": answer["success"],
            "run_id": answer.get("executionId"),
            "execution_time_s": answer.get("executionTime"),
        }
        if answer["success"]:
            results = answer["results"]
            result.update(
                summary=results["summary"],
                backtest=results["backtest"],
                metrics=results["metrics"],
                trades=results["trades"][:TRADES_SHOWN],
                warnings=results.get("warnings") or [],
            )
        else:
            result.update(error=answer.get("error"), error_type=answer.get("errorType"))
        if result["run_id"] is not None:
            result["dashboard_url"] = self.service.config.run_page(result["run_id"])
        return result

    def get_run(
        self,
        run_id: Annotated[int | None, Field(description="The run's id")] = None,
        job_id: Annotated[int | None, Field(description="Or the job id of a queued run")] = None,
        trades: Annotated[int, Field(description="How many trades to include")] = TRADES_SHOWN,
    ) -> dict[str, Any]:
        """A run's status, metrics, trades and equity in brief, with its dashboard_url."""
        if (run_id is None) == (job_id is None):
            raise _tool_error("give run_id, or job_id for a run that has not started yet")
        if run_id is None:
            job = _call(self.service.get_job, job_id)
            if job["run_id"] is None:
                return {**job, "note": "the run has not started yet; ask again shortly"}
            run_id = job["run_id"]
        return _run_result(_call(self.service.get_run, run_id), trades)

    def leaderboard(
        self,
        sort: Annotated[SortColumn, Field(description="Rank by this metric")] = "return_pct",
        symbol: Annotated[str | None, Field(description="Only runs on this symbol")] = None,
        strategy: Annotated[str | None, Field(description="Only this strategy")] = None,
        status: Annotated[
            StatusFilter, Field(description="Only runs with this status")
        ] = "succeeded",
        order: Annotated[Literal["desc", "asc"], Field(description="desc: best first")] = "desc",
        limit: Annotated[int, Field(description="How many runs (1-200)")] = 10,
    ) -> dict[str, Any]:
        """The leaderboard: runs ranked by a metric, filtered by symbol, strategy or status."""
        arguments = locals()
        items = [(k, v) for k, v in arguments.items() if k in ListQuery.model_fields]
        query = _call(parse_query, ListQuery, [(k, v) for k, v in items if v is not None])
        page = _call(self.service.list_runs, query)
        return {"total": page["total"], "runs": [_brief(r) for r in page["items"]]}

    def compare_runs(
        self, run_ids: Annotated[list[int], Field(description="Two to eight run ids")]
    ) -> dict[str, Any]:
        """Runs' metrics side by side, and which run is best on each metric (higher is better
        everywhere, max_drawdown included: it is <= 0)."""
        answer = _call(self.service.compare_runs, run_ids)
        return {
            "runs": [_brief(r) for r in answer["runs"]],
            "best": answer["best"],
            "not_succeeded": answer["not_succeeded"],
            "dashboard_url": answer["dashboard_url"],
        }

    def strategy_history(
        self,
        name: Annotated[str, Field(description="The strategy's name")],
        limit: Annotated[
            int, Field(description="How many of its runs, newest first (1-1000)")
        ] = 20,
    ) -> History:
        """A strategy's versions and its runs, newest first, each run with its dashboard link
        (links.dashboard). Each version says who wrote its code: source 'offline' is Botlab's
        offline compiler; source 'gemini' with route 'spec' is Gemini's reading compiled by
        Botlab, with route 'code' Gemini's own code; 'file', 'upload', 'template', 'edited'
        were not generated."""
        query = _call(parse_query, HistoryQuery, [("limit", str(limit))])
        return _call(self.service.strategy_history, name, query)

    def summary(self) -> Summary:
        """Totals over every run (how many, success rate, average return and Sharpe, the best
        and worst run) and the queue's state."""
        return _call(self.service.summary)

    def sweep_strategy(
        self,
        params: Annotated[
            dict[str, str | list[int | float | bool | str]],
            Field(
                description="Parameter name -> START:STOP:STEP (STOP included) or a list, e.g. "
                '{"fast": "5:20:5", "slow": [20, 30, 40]}'
            ),
        ],
        strategy_name: Annotated[str | None, Field(description="A stored strategy's name")] = None,
        strategy_id: Annotated[int | None, Field(description="A stored version's id")] = None,
        code: Code = None,
        name: CodeName = None,
        constraints: Annotated[
            list[str] | None, Field(description="Conditions such as 'fast < slow'")
        ] = None,
        objective: Annotated[
            Literal["sharpe", "return", "calmar", "sqn", "return_dd"],
            Field(description="What best means; return_dd = return / |max drawdown|"),
        ] = "sharpe",
        symbol: Symbol = None,
        symbols: Annotated[list[str] | None, Field(description="Several symbols")] = None,
        days: Days = None,
        start: Date = None,
        end: Date = None,
        max_combinations: Annotated[
            int | None, Field(description="Run a random subset of this many combinations")
        ] = None,
        seed: Annotated[int | None, Field(description="The random subset's seed")] = None,
        wait_seconds: Wait = 120,
    ) -> dict[str, Any]:
        """Sweep a strategy over a parameter grid (every combination is stored as a run) and
        return the best parameter sets by the objective; call get_sweep later if still running."""
        request = _validated(SweepRequest, locals())
        started = _call(self.service.start_sweep, request)
        self.service.sweeps.wait(started["sweep_id"], min(max(wait_seconds, 0.0), MAX_WAIT_S))
        return self.get_sweep(started["sweep_id"])

    def get_sweep(
        self, sweep_id: Annotated[int, Field(description="The sweep's id")]
    ) -> dict[str, Any]:
        """A sweep's progress (done, failed, left) and its best parameter sets so far; a
        stopped sweep's error says its hints in words the model can act on (``note``)."""
        document = _call(self.service.sweeps.get, sweep_id, with_combinations=True)
        scored = [c for c in document.pop("combinations") if c["score"] is not None]
        scored.sort(key=lambda c: -c["score"])
        document["top"] = [
            {k: c[k] for k in ("params", "symbol", "score", "execution_id")}
            for c in scored[:SWEEP_TOP]
        ]
        if document["status"] == "running":
            document["note"] = "still running: call get_sweep with this sweep_id later"
        elif document.get("error") and document.get("hints"):
            document["note"] = said(document["error"], document["hints"], HINT_WORDS)
        return document


def build_server(tools: BotlabTools | None = None):
    """The MCP server (``mcp.server.mcpserver.MCPServer``) with Botlab's tools."""
    from mcp.server.mcpserver import MCPServer
    from mcp_types import ToolAnnotations

    tools = tools or BotlabTools()
    server = MCPServer(
        name="botlab",
        title="Botlab",
        instructions=INSTRUCTIONS,
        version=_version(),
        log_level="WARNING",
    )
    reads = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
    writes = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)
    writing = (tools.generate_strategy, tools.run_strategy, tools.run_template)
    writing += (tools.sweep_strategy,)
    reading = (tools.get_run, tools.leaderboard, tools.compare_runs, tools.strategy_history)
    reading += (tools.summary, tools.get_sweep)
    for tool in (*writing, *reading):
        server.tool(annotations=writes if tool in writing else reads)(_answering_errors(tool))
    return server


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("botlab")
    except PackageNotFoundError:
        return "0"


def main() -> None:
    """``botlab mcp``: serve the tools over stdio until the client closes the connection."""
    from engine.config import ConfigError

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        server = build_server()
        server.run("stdio")
    except ConfigError as exc:
        print(f"botlab mcp: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
