"""The OpenAPI 3.1 document served at ``/api/openapi.json``.

Request bodies come from the pydantic models that validate them (:mod:`engine.api.models`, and
each seed template's parameter model), so the schema and the checks cannot drift apart; responses
are described here by hand, next to the views that build them (:mod:`engine.api.views`). The test
suite runs schemathesis over this document against a live server.
"""

from __future__ import annotations

import typing
from typing import Any

from engine.api.models import MAX_ID, GenerateRequest, RunRequest, SweepRequest
from engine.store import HEADLINE_METRICS, SORTABLE_COLUMNS, SOURCES, STATUSES

REF = "#/components/schemas/{model}"
#: Strategy names as they appear in URLs (no path separators, no leading dot).
URL_NAME_PATTERN = r"^[A-Za-z0-9^][A-Za-z0-9^=_.\- ]*$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], *, closed: bool = True, optional=()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
TIMESTAMP = {"type": "string", "format": "date-time"}
ANY_OBJECT = {"type": "object"}


def _metrics() -> dict[str, Any]:
    names = [("max_drawdown" if n == "max_drawdown_pct" else n) for n in HEADLINE_METRICS]
    return _object({n: _nullable(INTEGER if n == "trades" else NUMBER) for n in names})


def _run_links() -> dict[str, Any]:
    return _object({"self": STRING, "dashboard": {"type": "string", "format": "uri"}})


def _job_links() -> dict[str, Any]:
    return _object(
        {
            "self": STRING,
            "run": STRING,
            "dashboard": {"type": "string", "format": "uri"},
        },
        optional=("run", "dashboard"),
    )


def _run_summary() -> dict[str, Any]:
    return _object(
        {
            "run_id": INTEGER,
            "strategy_id": INTEGER,
            "strategy_name": STRING,
            "strategy_version": _nullable(INTEGER),
            "kind": STRING,
            "status": {"type": "string", "enum": list(STATUSES)},
            "symbol": _nullable(STRING),
            "interval": _nullable(STRING),
            "data_source": _nullable(STRING),
            "bars": _nullable(INTEGER),
            "test_period_days": _nullable(INTEGER),
            "cash": _nullable(NUMBER),
            "commission": _nullable(NUMBER),
            "priority": INTEGER,
            "metrics": _ref("Metrics"),
            "buy_hold_start": {
                **_nullable(STRING),
                "description": "The bar whose close metrics.buy_hold_return_pct buys at: the "
                "first bar the bot could trade.",
            },
            "created_at": TIMESTAMP,
            "started_at": _nullable(TIMESTAMP),
            "finished_at": _nullable(TIMESTAMP),
            "duration_s": _nullable(NUMBER),
            "error_type": _nullable(STRING),
            "links": _ref("RunLinks"),
        }
    )


def _trade() -> dict[str, Any]:
    fields: dict[str, Any] = {"seq": INTEGER}
    for name in ("entry_time", "exit_time", "exit_reason", "tag"):
        fields[name] = _nullable(STRING)
    for name in (
        "entry_price",
        "exit_price",
        "size",
        "pnl",
        "return_pct",
        "commission",
        "mae_pct",
        "mfe_pct",
    ):
        fields[name] = _nullable(NUMBER)
    for name in ("entry_bar", "exit_bar"):
        fields[name] = _nullable(INTEGER)
    return _object(fields)


def _run_detail() -> dict[str, Any]:
    # The document of `botlab show --json` (engine.execution.result.BotExecutionResult.to_dict)
    # minus server file paths, plus the API's own keys; left open to the executor's additions.
    return _object(
        {
            "run_id": INTEGER,
            "execution_id": INTEGER,
            "status": {"type": "string", "enum": list(STATUSES)},
            "success": BOOLEAN,
            "strategy_id": INTEGER,
            "strategy_name": STRING,
            "strategy_version": _nullable(INTEGER),
            "strategy_class": _nullable(STRING),
            "kind": STRING,
            "symbol": _nullable(STRING),
            "priority": INTEGER,
            "metrics": _ref("Metrics"),
            "trades": {"type": "array", "items": _ref("Trade")},
            "equity_curve": {
                "type": "object",
                "description": "Empty until the run has one; else parallel arrays, at most "
                "1,000 points: time_ms (epoch milliseconds), equity, drawdown_pct, and "
                "buy_hold (the value of buying at the close of the first bar the bot could "
                "trade, data.buy_hold_start, and holding; null before it).",
                "properties": {
                    "time_ms": {"type": "array", "items": INTEGER},
                    "equity": {"type": "array", "items": _nullable(NUMBER)},
                    "drawdown_pct": {"type": "array", "items": _nullable(NUMBER)},
                    "buy_hold": {"type": "array", "items": _nullable(NUMBER)},
                },
                "additionalProperties": False,
            },
            "data": ANY_OBJECT,
            "cash": _nullable(NUMBER),
            "commission": _nullable(NUMBER),
            "spread": _nullable(NUMBER),
            "analysis": ANY_OBJECT,
            "test_period_days": _nullable(INTEGER),
            "created_at": TIMESTAMP,
            "started_at": _nullable(TIMESTAMP),
            "finished_at": _nullable(TIMESTAMP),
            "duration_s": NUMBER,
            "error": _nullable(STRING),
            "error_type": _nullable(STRING),
            "warnings": {"type": "array", "items": STRING},
            "sandbox": STRING,
            "stats": ANY_OBJECT,
            "job": _nullable(_ref("Job")),
            "links": _ref("RunLinks"),
        },
        closed=False,
    )


def _job() -> dict[str, Any]:
    return _object(
        {
            "job_id": INTEGER,
            "kind": {"type": "string", "enum": ["run", "generate"]},
            "status": {"type": "string", "enum": list(STATUSES)},
            "phase": {
                "type": "string",
                "enum": ["queued", "generating", "running", "saving", "done"],
            },
            "progress": _nullable(STRING),
            "priority": INTEGER,
            "created_at": TIMESTAMP,
            "started_at": _nullable(TIMESTAMP),
            "finished_at": _nullable(TIMESTAMP),
            "cancel_requested": BOOLEAN,
            "strategy_id": _nullable(INTEGER),
            "run_id": _nullable(INTEGER),
            "error_type": _nullable(STRING),
            "error": _nullable(STRING),
            "links": _ref("JobLinks"),
        }
    )


def _queued() -> dict[str, Any]:
    return _object(
        {
            "job_id": INTEGER,
            "run_id": {
                **_nullable(INTEGER),
                "description": "The run's id; null for an upload or a Gemini generation until "
                "the worker starts the run (then GET links.self shows it).",
            },
            "status": {"type": "string", "enum": ["queued", "running"]},
            "phase": STRING,
            "links": _ref("JobLinks"),
        }
    )


def _strategy_version() -> dict[str, Any]:
    return _object(
        {
            "strategy_id": INTEGER,
            "name": STRING,
            "version": INTEGER,
            "source": {"type": "string", "enum": list(SOURCES)},
            "description": _nullable(STRING),
            "created_at": TIMESTAMP,
            "code_sha256": STRING,
        }
    )


def _generated() -> dict[str, Any]:
    settings = _object(
        {
            "symbol": _nullable(STRING),
            "interval": _nullable(STRING),
            "period_days": _nullable(INTEGER),
            "start": _nullable(STRING),
            "end": _nullable(STRING),
            "cash": _nullable(NUMBER),
            "commission": _nullable(NUMBER),
        }
    )
    return _object(
        {
            "name": STRING,
            "engine": {"type": "string", "enum": ["offline", "gemini"]},
            "version": INTEGER,
            "strategy_id": INTEGER,
            "class_name": STRING,
            "spec": _nullable(ANY_OBJECT),
            "rules": {"type": "array", "items": STRING},
            "assumptions": {"type": "array", "items": STRING},
            "attempts": {"type": "array", "items": ANY_OBJECT},
            "route": {"type": "string", "enum": ["spec", "code"]},
            "route_note": STRING,
            "code": STRING,
            "settings": settings,
            "links": _object({"history": STRING}),
        }
    )


def _summary() -> dict[str, Any]:
    extreme = _nullable(
        _object(
            {
                "run_id": INTEGER,
                "execution_id": INTEGER,
                "strategy_name": STRING,
                "return_pct": _nullable(NUMBER),
                "symbol": _nullable(STRING),
                "links": _ref("RunLinks"),
            }
        )
    )
    return _object(
        {
            "total_executions": INTEGER,
            "successful_executions": INTEGER,
            "success_rate": {"type": "number", "minimum": 0, "maximum": 1},
            "avg_return_pct": _nullable(NUMBER),
            "avg_sharpe_ratio": _nullable(NUMBER),
            "best_run": extreme,
            "worst_run": extreme,
            "by_status": _object({status: INTEGER for status in STATUSES}),
            "queue": _object({"active_jobs": INTEGER, "max_queue": INTEGER}),
            "links": _object({"dashboard": {"type": "string", "format": "uri"}}),
        }
    )


def _error() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Every error: a specific message, a stable code, and the field at fault "
        "for a bad request.",
        "properties": {
            "error": STRING,
            "code": STRING,
            "field": STRING,
            "fields": {"type": "object", "additionalProperties": STRING},
        },
        "required": ["error", "code"],
        "additionalProperties": False,
    }


def _seed_success() -> dict[str, Any]:
    trade = {
        "type": "object",
        "properties": {
            "entry_price": NUMBER,
            "entry_time": STRING,
            "exit_price": NUMBER,
            "exit_time": STRING,
            "exit_reason": STRING,
            "pnl": NUMBER,
            "pnl_percent": NUMBER,
            "highest_price": NUMBER,
            "side": {"type": "string", "enum": ["long", "short"]},
            "size": _nullable(NUMBER),
        },
        "required": [
            "entry_price",
            "entry_time",
            "exit_price",
            "exit_time",
            "exit_reason",
            "pnl",
            "pnl_percent",
            "highest_price",
        ],
    }
    metrics = _object(
        {
            "total_trades": INTEGER,
            "winning_trades": INTEGER,
            "win_rate": NUMBER,
            "total_pnl": NUMBER,
            "total_pnl_percent": NUMBER,
        }
    )
    results = {
        "type": "object",
        "properties": {
            "backtest": {
                "type": "object",
                "required": ["symbol", "timeframe", "start", "end", "bars", "cash"],
            },
            "trades": {"type": "array", "items": trade},
            "metrics": metrics,
            "summary": STRING,
            "warnings": {"type": "array", "items": STRING},
        },
        "required": ["backtest", "trades", "metrics", "summary"],
    }
    return _object(
        {
            "success": {"const": True},
            "executionId": INTEGER,
            "results": results,
            "executionTime": NUMBER,
        }
    )


def _seed_failure() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The seed's failure: success false, a specific error and its type; "
        "executionId when the run was recorded, parameter (and field) naming bad input.",
        "properties": {
            "success": {"const": False},
            "error": STRING,
            "errorType": STRING,
            "executionTime": NUMBER,
            "executionId": INTEGER,
            "parameter": STRING,
            "field": STRING,
            "fields": {"type": "object", "additionalProperties": STRING},
            "dataErrorCode": STRING,
            "code": STRING,
        },
        "required": ["success", "error", "errorType"],
        "additionalProperties": False,
    }


def _seed_request(schemas: dict[str, Any]) -> dict[str, Any]:
    from engine.templates import TEMPLATES

    choices = []
    for name, template in TEMPLATES.items():
        model_name = f"{template.params.__name__}"
        schema = template.params.model_json_schema(by_alias=True, ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        _describe_tickers(template.params, schema)
        schemas[model_name] = schema
        choices.append(
            _object(
                {"scriptTemplate": {"const": name}, "parameters": _ref(model_name)},
                optional=("parameters",),
            )
        )
    return {
        "description": "The seed's request: a template's name and its parameters "
        "(camelCase; see each template's schema).",
        "oneOf": choices,
    }


def _describe_tickers(model, schema: dict[str, Any]) -> None:
    """Tickers are checked by a validator function, which pydantic cannot put in the schema:
    add their pattern and length, so the schema says what the server accepts."""
    from engine.templates._params import TICKER_MAX_LENGTH, TICKER_PATTERN, check_ticker

    rule = {"pattern": TICKER_PATTERN.pattern, "maxLength": TICKER_MAX_LENGTH}

    def checked(annotation) -> bool:
        if any(
            getattr(m, "func", None) is check_ticker
            for m in getattr(annotation, "__metadata__", ())
        ):
            return True
        return any(checked(arg) for arg in typing.get_args(annotation))

    for name, info in model.model_fields.items():
        metadata = info.metadata
        if not any(getattr(m, "func", None) is check_ticker for m in metadata) and not checked(
            info.annotation
        ):
            continue
        prop = schema["properties"][info.alias or name]
        targets = [s for s in prop.get("anyOf", [prop]) if s.get("type") == "string"]
        for target in targets:
            target.update(rule)


def _run_request(schemas: dict[str, Any]) -> dict[str, Any]:
    schema = RunRequest.model_json_schema(ref_template=REF)
    schemas.update(schema.pop("$defs", {}))
    schema["oneOf"] = _one_strategy(with_description=True)
    return schema


def _one_strategy(*, with_description: bool) -> list[dict[str, Any]]:
    """Exactly one way to say what runs (null counts as absent); version goes with a name,
    name (and description) with code."""
    absent = {"type": "null"}
    code_only = ("name", "description") if with_description else ("name",)
    ways = {
        "strategy_id": ("strategy_name", "version", "code", *code_only),
        "strategy_name": ("strategy_id", "code", *code_only),
        "code": ("strategy_id", "strategy_name", "version"),
    }
    return [
        {
            "required": [chosen],
            "properties": {
                chosen: {"not": {"type": "null"}},
                **{other: absent for other in others},
            },
        }
        for chosen, others in ways.items()
    ]


def _generate_request(schemas: dict[str, Any]) -> dict[str, Any]:
    schema = GenerateRequest.model_json_schema(ref_template=REF)
    schemas.update(schema.pop("$defs", {}))
    return schema


def _sweep_request(schemas: dict[str, Any]) -> dict[str, Any]:
    schema = SweepRequest.model_json_schema(ref_template=REF)
    schemas.update(schema.pop("$defs", {}))
    schema["oneOf"] = _one_strategy(with_description=False)
    # symbol or symbols, not both
    schema["anyOf"] = [
        {"properties": {"symbol": {"type": "null"}}},
        {"properties": {"symbols": {"type": "null"}}},
    ]
    return schema


def _sweep_schemas() -> dict[str, Any]:
    sweep_statuses = ["running", "succeeded", "failed", "cancelled"]
    params = {"type": "object", "description": "Parameter name -> value."}
    return {
        "SweepLinks": _object({"self": STRING, "results": STRING, "cancel": STRING}),
        "SweepCombination": _object(
            {
                "params": params,
                "symbol": _nullable(STRING),
                "status": {"type": "string", "enum": list(STATUSES)},
                "metrics": _ref("Metrics"),
                "score": _nullable(NUMBER),
                "execution_id": INTEGER,
                "has_details": BOOLEAN,
                "error_type": _nullable(STRING),
                "error": _nullable(STRING),
            }
        ),
        "SweepBest": _object(
            {
                "params": params,
                "score": NUMBER,
                "symbols": {"type": "array", "items": STRING},
                "execution_ids": {"type": "array", "items": INTEGER},
                "execution_id": INTEGER,
                "metrics": _ref("Metrics"),
            }
        ),
        "Sweep": _object(
            {
                "sweep_id": INTEGER,
                "status": {"type": "string", "enum": sweep_statuses},
                "strategy": STRING,
                "strategy_id": INTEGER,
                "objective": STRING,
                "symbols": {"type": "array", "items": STRING},
                "params": {"type": "array", "items": STRING},
                "constraints": {"type": "array", "items": STRING},
                "total": INTEGER,
                "done": INTEGER,
                "failed": INTEGER,
                "left": INTEGER,
                "created_at": TIMESTAMP,
                "finished_at": _nullable(TIMESTAMP),
                "error_type": _nullable(STRING),
                "error": _nullable(STRING),
                "best": _nullable(_ref("SweepBest")),
                "robustness": _nullable(ANY_OBJECT),
                "links": _ref("SweepLinks"),
                "combinations": {"type": "array", "items": _ref("SweepCombination")},
                "cancel_requested": BOOLEAN,
            },
            optional=("combinations", "cancel_requested"),
        ),
    }


def _sweep_paths(read_errors: tuple[int, ...]) -> dict[str, Any]:
    sweep_id = _id_parameter("sweep_id", "sweep")
    sweep = _ref("Sweep")
    return {
        "/api/sweeps": {
            "post": {
                "operationId": "startSweep",
                "summary": "Sweep a strategy over a parameter grid; every combination is a run.",
                "description": "Checked and recorded at once (a bad grid, an unknown parameter "
                "or missing data is a 400/422 naming it), then run in the background in "
                "sandboxed slices. Poll GET /api/sweeps/{sweep_id}.",
                "security": WRITE_SECURITY,
                "requestBody": {"required": True, "content": _json(_ref("SweepRequest"))},
                "responses": _responses(
                    {202: ("Recorded and running.", sweep)},
                    (400, 401, 403, 404, 413, 422, 429, 503),
                ),
            }
        },
        "/api/sweeps/{sweep_id}": {
            "get": {
                "operationId": "getSweep",
                "summary": "A sweep's progress and its best parameter set so far.",
                "security": READ_SECURITY,
                "parameters": [sweep_id],
                "responses": _responses({200: ("The sweep.", sweep)}, (*read_errors, 404)),
            }
        },
        "/api/sweeps/{sweep_id}/results": {
            "get": {
                "operationId": "getSweepResults",
                "summary": "A sweep with every stored combination (params, status, metrics).",
                "security": READ_SECURITY,
                "parameters": [sweep_id],
                "responses": _responses(
                    {200: ("The sweep and its combinations.", sweep)}, (*read_errors, 404)
                ),
            }
        },
        "/api/sweeps/{sweep_id}/cancel": {
            "post": {
                "operationId": "cancelSweep",
                "summary": "Stop a running sweep (what finished stays stored; resume later).",
                "security": WRITE_SECURITY,
                "parameters": [sweep_id],
                "responses": _responses(
                    {202: ("Asked to stop (within seconds).", sweep)}, (400, 401, 403, 404)
                ),
            }
        },
        "/api/sweeps/{sweep_id}/resume": {
            "post": {
                "operationId": "resumeSweep",
                "summary": "Run what a cancelled or interrupted sweep has not stored yet.",
                "security": WRITE_SECURITY,
                "parameters": [sweep_id],
                "responses": _responses(
                    {202: ("Running again (or already complete).", sweep)},
                    (400, 401, 403, 404, 409, 429),
                ),
            }
        },
    }


# -- operations ---------------------------------------------------------------------------------

_ERROR_TEXT = {
    400: "Bad request: the message names the problem, `field` the field at fault.",
    401: "A bearer token is needed (or the one sent is not valid).",
    403: "Remote access or writes are switched off (set BOTLAB_API_TOKENS on the server).",
    404: "No such resource.",
    409: "The run or job already finished, or a request with the same Idempotency-Key is "
    "still in progress.",
    413: "The request body is over the limit (BOTLAB_API_MAX_BODY_BYTES).",
    422: "The market data for the request cannot be loaded, or the Idempotency-Key was already "
    "used with a different request.",
    429: "The queue is full, or too many synchronous runs are in progress: retry later.",
    500: "Botlab failed unexpectedly.",
    503: "The sandbox is not available on this server.",
}

_HEADERS = {
    401: {"WWW-Authenticate": {"required": True, "schema": STRING}},
    429: {
        "Retry-After": {
            "required": True,
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        }
    },
}

READ_SECURITY = [{}, {"bearerAuth": []}]
WRITE_SECURITY = [{"bearerAuth": []}]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _responses(
    ok: dict[int, tuple[str, dict]], errors: tuple[int, ...], *, seed: bool = False
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(status): {"description": text, "content": _json(schema)}
        for status, (text, schema) in ok.items()
    }
    for status in errors:
        response: dict[str, Any] = {
            "description": _ERROR_TEXT[status],
            "content": _json(_ref("SeedFailure" if seed else "Error")),
        }
        if status in _HEADERS:
            response["headers"] = _HEADERS[status]
        responses[str(status)] = response
    return responses


#: The header of every POST that creates work (see engine.api.idempotency).
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string of yours (a UUID): the same key within 24 hours answers "
    "the first answer again and creates nothing (the answer has `Idempotent-Replayed: true`); "
    "the same key with a different request is 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


def _id_parameter(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"The {what}'s id.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "example": 1,
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _list_parameters() -> list[dict[str, Any]]:
    when = {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ]
    }
    return [
        _query(
            "status",
            {"type": "string", "enum": ["all", *STATUSES], "default": "all"},
            "Only runs with this status (the leaderboard uses succeeded).",
        ),
        _query("symbol", {"type": "string", "minLength": 1, "maxLength": 255}, "Symbol, any case."),
        _query("strategy", {"type": "string", "minLength": 1, "maxLength": 200}, "Strategy name."),
        _query("source", {"type": "string", "enum": list(SOURCES)}, "Where the code came from."),
        _query("since", when, "Created at or after (YYYY-MM-DD or an RFC 3339 time, UTC)."),
        _query("until", when, "Created before (YYYY-MM-DD or an RFC 3339 time, UTC)."),
        _query(
            "sort",
            {"type": "string", "enum": list(SORTABLE_COLUMNS), "default": "created_at"},
            "Sort column; runs without a value come last.",
        ),
        _query("order", {"type": "string", "enum": ["asc", "desc"], "default": "desc"}, "Order."),
        _query(
            "limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "Page size."
        ),
        _query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0},
            "Rows to skip.",
        ),
    ]


def document() -> dict[str, Any]:
    """The OpenAPI document (a new dict each call)."""
    schemas: dict[str, Any] = {
        "Error": _error(),
        "SeedSuccess": _seed_success(),
        "SeedFailure": _seed_failure(),
        "Metrics": _metrics(),
        "RunLinks": _run_links(),
        "JobLinks": _job_links(),
        "RunSummary": _run_summary(),
        "Trade": _trade(),
        "RunDetail": _run_detail(),
        "Job": _job(),
        "Queued": _queued(),
        "StrategyVersion": _strategy_version(),
        "GeneratedStrategy": _generated(),
        "Summary": _summary(),
        "RunPage": _object(
            {
                "items": {"type": "array", "items": _ref("RunSummary")},
                "total": INTEGER,
                "limit": INTEGER,
                "offset": INTEGER,
                "has_more": BOOLEAN,
            }
        ),
        "History": _object(
            {
                "name": STRING,
                "versions": {"type": "array", "items": _ref("StrategyVersion")},
                "runs": {"type": "array", "items": _ref("RunSummary")},
                "has_more": BOOLEAN,
            }
        ),
        "Generated": _object(
            {
                "engine": {"type": "string", "enum": ["offline", "gemini"]},
                "strategy": _nullable(_ref("GeneratedStrategy")),
                "run": _nullable(_ref("Queued")),
            }
        ),
    }
    schemas["SeedRequest"] = _seed_request(schemas)
    schemas["RunRequest"] = _run_request(schemas)
    schemas["GenerateRequest"] = _generate_request(schemas)
    schemas["SweepRequest"] = _sweep_request(schemas)
    schemas.update(_sweep_schemas())
    read_errors = (400, 401, 403)
    run_id = _id_parameter("run_id", "run (execution)")
    job_id = _id_parameter("job_id", "queue job")
    paths = {
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "security": READ_SECURITY,
                "responses": _responses({200: ("The OpenAPI document.", ANY_OBJECT)}, (401, 403)),
            }
        },
        "/api/backtests/execute-script": {
            "post": {
                "operationId": "executeScript",
                "summary": "Run a seed script template now (the seed's contract).",
                "description": "Synchronous: answers when the run ends, within the server's "
                "BOTLAB_API_SYNC_TIMEOUT (30 s by default); output over 10 MB stops the run. "
                "200 whenever the bot ran: `success` says whether it succeeded.",
                "security": WRITE_SECURITY,
                "parameters": [IDEMPOTENCY_KEY],
                "requestBody": {"required": True, "content": _json(_ref("SeedRequest"))},
                "responses": _responses(
                    {
                        200: (
                            "The run: the seed's results, or its failure with executionId.",
                            {"oneOf": [_ref("SeedSuccess"), _ref("SeedFailure")]},
                        )
                    },
                    (400, 401, 403, 409, 413, 422, 429, 500, 503),
                    seed=True,
                ),
            }
        },
        "/api/strategies/generate": {
            "post": {
                "operationId": "generateStrategy",
                "summary": "Turn a description into a bot; optionally queue its run.",
                "description": "The offline compiler answers at once: 201 with the strategy, or "
                "202 with the strategy and the queued run when `execute`. Gemini writes, checks "
                "and trial-runs its bot in the worker: 202 with the queued job (the worker runs "
                "the bot once written, whatever `execute` says).",
                "security": WRITE_SECURITY,
                "parameters": [IDEMPOTENCY_KEY],
                "requestBody": {"required": True, "content": _json(_ref("GenerateRequest"))},
                "responses": _responses(
                    {
                        201: ("Generated and saved.", _ref("Generated")),
                        202: ("Queued: a run, or a Gemini generation and run.", _ref("Generated")),
                    },
                    (400, 401, 403, 413, 422, 429),
                ),
            }
        },
        "/api/strategies/{name}/history": {
            "get": {
                "operationId": "strategyHistory",
                "summary": "A strategy's versions and its runs, newest first.",
                "security": READ_SECURITY,
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 200,
                            "pattern": URL_NAME_PATTERN,
                        },
                        "example": "rsi_dip",
                    },
                    _query(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                        "At most this many runs.",
                    ),
                ],
                "responses": _responses(
                    {200: ("Versions and runs.", _ref("History"))}, (*read_errors, 404)
                ),
            }
        },
        "/api/runs": {
            "get": {
                "operationId": "listRuns",
                "summary": "The leaderboard: runs filtered, sorted and paged.",
                "security": READ_SECURITY,
                "parameters": _list_parameters(),
                "responses": _responses({200: ("One page of runs.", _ref("RunPage"))}, read_errors),
            },
            "post": {
                "operationId": "queueRun",
                "summary": "Queue a run of a stored strategy or of an uploaded bot.",
                "security": WRITE_SECURITY,
                "parameters": [IDEMPOTENCY_KEY],
                "requestBody": {"required": True, "content": _json(_ref("RunRequest"))},
                "responses": _responses(
                    {202: ("Queued.", _ref("Queued"))}, (400, 401, 403, 404, 413, 422, 429)
                ),
            },
        },
        "/api/runs/{run_id}": {
            "get": {
                "operationId": "getRun",
                "summary": "One run: status, metrics, trades, equity curve, its job, links.",
                "security": READ_SECURITY,
                "parameters": [run_id],
                "responses": _responses(
                    {200: ("The run.", _ref("RunDetail"))}, (*read_errors, 404)
                ),
            }
        },
        "/api/runs/{run_id}/cancel": {
            "post": {
                "operationId": "cancelRun",
                "summary": "Cancel a queued or running run.",
                "security": WRITE_SECURITY,
                "parameters": [run_id],
                "responses": _responses(
                    {
                        200: ("Cancelled (it had not started).", _ref("Job")),
                        202: ("Its worker was asked to stop it (within seconds).", _ref("Job")),
                    },
                    (400, 401, 403, 404, 409),
                ),
            }
        },
        "/api/jobs/{job_id}": {
            "get": {
                "operationId": "getJob",
                "summary": "A queue job: its phase and, once it exists, its run.",
                "security": READ_SECURITY,
                "parameters": [job_id],
                "responses": _responses({200: ("The job.", _ref("Job"))}, (*read_errors, 404)),
            }
        },
        "/api/jobs/{job_id}/cancel": {
            "post": {
                "operationId": "cancelJob",
                "summary": "Cancel a queued or running job (and its run).",
                "security": WRITE_SECURITY,
                "parameters": [job_id],
                "responses": _responses(
                    {
                        200: ("Cancelled (it had not started).", _ref("Job")),
                        202: ("Its worker was asked to stop it (within seconds).", _ref("Job")),
                    },
                    (400, 401, 403, 404, 409),
                ),
            }
        },
        "/api/summary": {
            "get": {
                "operationId": "summary",
                "summary": "Totals over every run, and the queue.",
                "security": READ_SECURITY,
                "responses": _responses({200: ("The totals.", _ref("Summary"))}, read_errors),
            }
        },
        **_sweep_paths(read_errors),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Botlab API",
            "version": "1",
            "description": "Plain-English trading ideas to backtested bots. Reads from this "
            "machine need no token; everything else needs 'Authorization: Bearer <token>' "
            "(BOTLAB_API_TOKENS). Errors: {error, code, field?}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }
