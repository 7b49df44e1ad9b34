"""The HTTP layer: a FastAPI app mounted at ``/api`` on the dashboard's own server.

Each route is declared once, in :func:`build_app`, with its responses (the models of
:mod:`engine.results`), its request body or query (the models of :mod:`engine.api.models`), who
may call it and its errors; ``/api/openapi.json`` is generated from those declarations.
Handlers are thin: they read and check the request (bodies are read here, so the size limit
applies before a body is all read, and validation errors keep their own wording), call
:class:`~engine.api.service.Service` in a worker thread (so the event loop that also serves the
dashboard's websockets never blocks) and answer JSON. Errors are JSON too
(:meth:`ApiError.body`), with the right status.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match

from engine import results
from engine.api import idempotency as once
from engine.api import models
from engine.api.access import AccessMiddleware, bearer_token, is_loopback
from engine.api.errors import ApiError, bad_request, not_found
from engine.api.idempotency import Idempotency
from engine.api.models import MAX_ID
from engine.api.service import Service
from engine.execution.bot_source import over_limit
from engine.store.faults import StoreUnavailable

log = logging.getLogger("botlab.api")

SEED_PATH = "/api/backtests/execute-script"


def error_response(error: ApiError, path: str = "") -> Response:
    """The JSON answer to ``error``; on the seed's endpoint it also has the seed's failure keys
    (``success: false``, ``errorType``), so a seed client reads every failure the same way."""
    body = error.body()
    if path.rstrip("/") == SEED_PATH:
        body = {"success": False, **body, "errorType": error.code, "executionTime": 0.0}
        if error.code == "invalid_parameters" and error.field:
            body["parameter"] = error.field
    return JSONResponse(body, error.status, error.headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) beyond ``limit``, before it is all read if possible."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise bad_request("Content-Length is not a number") from None
        if length > limit:
            raise _too_large(length, limit)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(size, limit)
            chunks.append(chunk)
    except ClientDisconnect:
        raise bad_request("the client disconnected before sending the whole body") from None
    return b"".join(chunks)


def _idempotency(request: Request) -> Idempotency | None:
    """The request's ``Idempotency-Key``, scoped to the token that sent it (400 if malformed)."""
    key = once.parse_key(request.headers.get(once.HEADER))
    if key is None:
        return None
    return Idempotency(key, once.token_scope(bearer_token(request.headers)))


def _replay_headers(key: Idempotency | None) -> dict[str, str] | None:
    return {once.REPLAYED_HEADER: "true"} if key is not None and key.replayed else None


def _too_large(size: int, limit: int) -> ApiError:
    return ApiError(
        413,
        "payload_too_large",
        over_limit("the request body", size, limit)
        + "; the server's BOTLAB_API_MAX_BODY_BYTES sets it",
    )


def _path_value(request: Request, name: str) -> int | str:
    """A path parameter: a strategy name as it is; a run, job or sweep id, where anything but an
    id that can exist is 404."""
    raw = request.path_params[name]
    if not name.endswith("_id"):
        return raw
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    what = name.removesuffix("_id")
    raise not_found(f"no {what} with id {raw!r} ({what} ids are whole numbers from 1)")


def _no_query(request: Request) -> None:
    for name in request.query_params:
        raise bad_request(f"unknown parameter {name!r}; this endpoint takes none", name)


def parse_seed_request(raw: bytes) -> Any:
    """The seed's request (a JSON object), checked: a bad one is 400 before it takes a
    synchronous slot."""
    from engine.templates import TemplateError, parse_request

    try:
        seed_request = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        message = f"the request body is not valid JSON: {exc}"
        raise ApiError(400, "malformed_json", message) from None
    try:
        parse_request(seed_request)
    except TemplateError as exc:
        raise ApiError(400, "invalid_parameters", str(exc), field=exc.parameter) from None
    return seed_request


class _Route(APIRoute):
    """A route whose every failure is a JSON error body: :class:`ApiError` as it says, a store
    that cannot serve as 503, anything unexpected as 500 (logged, never a traceback)."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as error:
                return error_response(error, request.url.path)
            except StoreUnavailable as exc:  # read-only, damaged or full: say so, not "internal"
                error = ApiError(503, "store_unavailable", str(exc), hints=exc.hints)
                return error_response(error, request.url.path)
            except Exception as exc:
                log.exception("internal error in %s %s", request.method, request.url.path)
                message = f"internal error: {type(exc).__name__}: {exc}"
                return error_response(ApiError(500, "internal_error", message), request.url.path)

        return endpoint


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"no API endpoint {request.url.path}; see /api/openapi.json"
        error = not_found(message)
    elif exc.status_code == 405:
        allowed = ", ".join(_allowed_methods(request))
        error = ApiError(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed on {request.url.path} (allowed: {allowed})",
            headers={"Allow": allowed},
        )
    else:
        error = ApiError(exc.status_code, "http_error", str(exc.detail))
    return error_response(error, request.url.path)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on the request's path (one route per method)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


# -- the OpenAPI description ----------------------------------------------------------------------

REF = "#/components/schemas/{model}"
#: Strategy names as they appear in URLs (no path separators, no leading dot).
URL_NAME_PATTERN = r"^[A-Za-z0-9^][A-Za-z0-9^=_.\- ]*$"
READ_SECURITY = [{}, {"bearerAuth": []}]
WRITE_SECURITY = [{"bearerAuth": []}]
ERROR_TEXT = {
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
ERROR_HEADERS = {
    401: {"WWW-Authenticate": {"required": True, "schema": {"type": "string"}}},
    429: {
        "Retry-After": {
            "required": True,
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        }
    },
}
#: The header of every POST that creates work (see engine.api.idempotency).
IDEMPOTENCY_KEY = {
    "name": once.HEADER,
    "in": "header",
    "required": False,
    "description": "Any unique string of yours (a UUID): the same key within 24 hours answers "
    "the first answer again and creates nothing (the answer has `Idempotent-Replayed: true`); "
    "the same key with a different request is 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


def _path_parameter(name: str) -> dict[str, Any]:
    """A strategy's name, or a run's, job's or sweep's id."""
    if name == "name":
        schema = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": URL_NAME_PATTERN}
        return {"name": name, "in": "path", "required": True, "schema": schema, "example": "x"}
    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    about = {"description": f"The {name.removesuffix('_id')}'s id.", "example": 1}
    return {"name": name, "in": "path", "required": True, "schema": schema, **about}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A query model's fields as OpenAPI parameters."""
    parameters = []
    for name, prop in model.model_json_schema()["properties"].items():
        branches = [b for b in prop.pop("anyOf", []) if b != {"type": "null"}]
        schema = {**prop, **branches[0]} if branches else prop  # absent, never null
        parameters.append({"name": name, "in": "query", "required": False, "schema": schema})
    return parameters


def _seed_request_schema(components: dict[str, Any]) -> dict[str, Any]:
    """The seed's request: one of the templates, each with its parameters' model."""
    from engine.templates import TEMPLATES

    choices = []
    for name, template in TEMPLATES.items():
        model = _add_schema(components, template.params, by_alias=True)
        choices.append(
            {
                "type": "object",
                "properties": {
                    "scriptTemplate": {"const": name},
                    "parameters": {"$ref": REF.format(model=model.__name__)},
                },
                "required": ["scriptTemplate"],
                "additionalProperties": False,
            }
        )
    return {
        "description": "The seed's request: a template's name and its parameters "
        "(camelCase; see each template's schema).",
        "oneOf": choices,
    }


def _add_schema(components: dict[str, Any], model: type[BaseModel], **options) -> type[BaseModel]:
    """``model``'s schema (and those it refers to) added to the document's ``components``."""
    schema = model.model_json_schema(ref_template=REF, **options)
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return model


def openapi_document(app: FastAPI | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``app``'s routes (default: the API's), its paths under
    ``/api``: the one served at ``/api/openapi.json``."""
    app = app or build_app()
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        separate_input_output_schemas=False,
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (models.RunRequest, models.GenerateRequest, models.SweepRequest):
        _add_schema(components, model)
    components["SeedRequest"] = _seed_request_schema(components)
    document["components"]["securitySchemes"] = {"bearerAuth": {"type": "http", "scheme": "bearer"}}
    document["paths"] = {f"/api{path}": item for path, item in document["paths"].items()}
    return document


#: What an answer means, when its model's docstring does not say it for this operation.
ANSWERS = {
    ("openapi", 200): "The OpenAPI 3.1 document.",
    ("generateStrategy", 201): "Generated and saved.",
    ("generateStrategy", 202): "Queued: a run, or a Gemini generation and run.",
    ("cancelRun", 200): "Cancelled (it had not started).",
    ("cancelRun", 202): "Its worker was asked to stop it (within seconds).",
    ("cancelJob", 200): "Cancelled (it had not started).",
    ("cancelJob", 202): "Its worker was asked to stop it (within seconds).",
    ("cancelSweep", 202): "Asked to stop (within seconds).",
    ("resumeSweep", 202): "Running again (or already complete).",
}
READ = (400, 401, 403)
ONE = (*READ, 404)
CANCEL = (*ONE, 409)
QUEUE = (*ONE, 413, 422, 429)
SEED = (400, 401, 403, 409, 413, 422, 429, 500, 503)


def build_app(
    service: Service | None = None,
    *,
    is_local: Callable[[str | None], bool] = is_loopback,
) -> FastAPI:
    """The API as a FastAPI app (its paths relative to where it is mounted, ``/api``).

    ``is_local`` decides which client addresses count as this machine (tests replace it).
    """
    service = service or Service()
    app = FastAPI(
        title="Botlab API",
        version="1",
        description="Plain-English trading ideas to backtested bots. Reads from this machine "
        "need no token; everything else needs 'Authorization: Bearer <token>' "
        "(BOTLAB_API_TOKENS). Errors: {error, code, field?, hints?}.",
        openapi_url=None,  # served by the openapi route below, its paths under /api
        docs_url=None,
        redoc_url=None,
        middleware=[
            Middleware(
                AccessMiddleware,
                tokens=service.config.tokens,
                respond=error_response,
                is_local=is_local,
                server_loopback=service.config.server_loopback,
            )
        ],
        exception_handlers={HTTPException: _http_exception},
    )
    app.state.service = service

    def route(
        method_path: str,
        call: Callable,
        ok: Any,
        errors: tuple[int, ...],
        *,
        body: type[BaseModel] | str | None = None,
        parse: Callable[[bytes], Any] | None = None,
        query: type[BaseModel] | None = None,
        no_query: bool = False,
        idempotent: bool = False,
    ) -> None:
        """Declare one operation: ``call`` (given the path's values, the parsed body or query
        and the idempotency key, in a worker thread), its answer's model (or status -> model;
        the first status is the usual one), its errors, its body (a model, or a schema's name
        and its ``parse``) and its query. GETs are reads, POSTs writes (see access). The
        operation's id is ``call``'s name in camelCase, its summary and description ``call``'s
        docstring."""
        method, path = method_path.split(" ")
        names = re.findall(r"{(\w+)}", path)
        answers = ok if isinstance(ok, dict) else {200: ok}
        operation = re.sub(r"_(\w)", lambda m: m[1].upper(), call.__name__)
        summary, _, description = _paragraphs(call).partition("\n\n")

        async def endpoint(request: Request) -> Response:
            args = [_path_value(request, name) for name in names]
            key = _idempotency(request) if idempotent else None
            if body is not None:
                raw = await read_body(request, service.config.max_body_bytes)
                args.append(await run_in_threadpool(parse or partial(models.parse_body, body), raw))
            if query is not None:
                args.append(models.parse_query(query, request.query_params.multi_items()))
            elif no_query:
                _no_query(request)
            answer = await run_in_threadpool(call, *args, *([key] if idempotent else []))
            if isinstance(answer, Response):  # an answer of its own: this document
                return answer
            status, answer = answer if isinstance(answer, tuple) else (next(iter(answers)), answer)
            return JSONResponse(answer, status, _replay_headers(key))

        responses: dict[int, Any] = {}
        for status, model in answers.items():
            text = ANSWERS.get((operation, status)) or _paragraphs(model).split("\n\n")[0]
            responses[status] = {"description": text, "model": model}
        error_model = results.SeedFailure if operation == "executeScript" else results.ErrorBody
        for status in errors:
            responses[status] = {"description": ERROR_TEXT[status], "model": error_model}
            if status in ERROR_HEADERS:
                responses[status]["headers"] = ERROR_HEADERS[status]
        parameters = [_path_parameter(name) for name in names]
        parameters += [IDEMPOTENCY_KEY] if idempotent else []
        parameters += _query_parameters(query) if query else []
        extra: dict[str, Any] = {"security": READ_SECURITY if method == "GET" else WRITE_SECURITY}
        if parameters:
            extra["parameters"] = parameters
        if body is not None:
            schema = {"$ref": REF.format(model=body if isinstance(body, str) else body.__name__)}
            extra["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": schema}},
            }
        app.router.add_api_route(
            path,
            endpoint,
            methods=[method],
            operation_id=operation,
            summary=summary,
            description=description or None,
            status_code=next(iter(answers)),
            responses=responses,
            openapi_extra=extra,
            route_class_override=_Route,
        )
        if method == "GET":  # HEAD too, as Starlette's own routes answer it (not in the schema)
            app.router.add_api_route(
                path,
                endpoint,
                methods=["HEAD"],
                include_in_schema=False,
                route_class_override=_Route,
            )

    cached: list[bytes] = []

    def openapi() -> Response:
        """This document."""
        if not cached:  # built once, then served as it is
            cached.append(json.dumps(openapi_document(app), separators=(",", ":")).encode())
        return Response(cached[0], media_type="application/json")

    r, sweep, cancelled = results, {202: results.Sweep}, {200: results.Job, 202: results.Job}
    route("GET /openapi.json", openapi, dict, (401, 403))
    seed_answer = r.SeedSuccess | r.SeedFailure
    route(
        "POST /backtests/execute-script",
        service.execute_script,
        seed_answer,
        SEED,
        body="SeedRequest",
        parse=parse_seed_request,
        idempotent=True,
    )
    generate, generated = service.generate_strategy, {201: r.Generated, 202: r.Generated}
    route(
        "POST /strategies/generate",
        generate,
        generated,
        (*READ, 413, 422, 429),
        body=models.GenerateRequest,
        idempotent=True,
    )
    route(
        "GET /strategies/{name}/history",
        service.strategy_history,
        r.History,
        ONE,
        query=models.HistoryQuery,
    )
    route("GET /runs", service.list_runs, r.RunPage, READ, query=models.ListQuery)
    route(
        "POST /runs",
        service.queue_run,
        {202: r.Queued},
        QUEUE,
        body=models.RunRequest,
        idempotent=True,
    )
    route("GET /runs/{run_id}", service.get_run, r.RunDetail, ONE)
    route("POST /runs/{run_id}/cancel", service.cancel_run, cancelled, CANCEL)
    route("GET /jobs/{job_id}", service.get_job, r.Job, ONE)
    route("POST /jobs/{job_id}/cancel", service.cancel_job, cancelled, CANCEL)
    route("GET /summary", service.summary, r.Summary, READ, no_query=True)
    route("POST /sweeps", service.start_sweep, sweep, (*QUEUE, 503), body=models.SweepRequest)
    route("GET /sweeps/{sweep_id}", service.get_sweep, r.Sweep, ONE, no_query=True)
    route("GET /sweeps/{sweep_id}/results", service.get_sweep_results, r.Sweep, ONE, no_query=True)
    route("POST /sweeps/{sweep_id}/cancel", service.cancel_sweep, sweep, ONE)
    route("POST /sweeps/{sweep_id}/resume", service.resume_sweep, sweep, (*ONE, 409, 429))
    return app


def _paragraphs(thing: Any) -> str:
    """A docstring's paragraphs, each on one line: an operation's summary and description, or
    what an answer of a model is."""
    text = inspect.getdoc(thing) or "The answer."
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
