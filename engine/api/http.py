"""The HTTP layer: a Starlette app mounted at ``/api`` on the dashboard's own server.

Handlers are thin: they read and check the request, call :class:`~engine.api.service.Service` in a
worker thread (so the event loop that also serves the dashboard's websockets never blocks) and
answer JSON. Errors are JSON too (:meth:`ApiError.body`), with the right status.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.api import idempotency as once
from engine.api.access import AccessMiddleware, bearer_token, is_loopback
from engine.api.config import SYNC_OUTPUT_LIMIT_BYTES
from engine.api.errors import ApiError, bad_request, not_found, too_many
from engine.api.idempotency import Idempotency
from engine.api.models import (
    MAX_ID,
    GenerateRequest,
    HistoryQuery,
    ListQuery,
    RunRequest,
    SweepRequest,
    parse_body,
    parse_query,
)
from engine.api.service import SYNC_RETRY_AFTER_S, Service
from engine.execution.bot_source import over_limit
from engine.store import sanitize
from engine.store.faults import StoreUnavailable

log = logging.getLogger("botlab.api")

SEED_PATH = "/api/backtests/execute-script"


def json_response(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(error: ApiError, path: str = "") -> Response:
    """The JSON answer to ``error``; on the seed's endpoint it also has the seed's failure keys
    (``success: false``, ``errorType``), so a seed client reads every failure the same way."""
    body = error.body()
    if path.rstrip("/") == SEED_PATH:
        body = {"success": False, **body, "errorType": error.code, "executionTime": 0.0}
        if error.code == "invalid_parameters" and error.field:
            body["parameter"] = error.field
    return json_response(body, error.status, error.headers)


class _Handlers:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.config = service.config
        self._sync_active = 0
        self._sync_limiter: anyio.CapacityLimiter | None = None
        self._openapi: bytes | None = None

    # -- reads ---------------------------------------------------------------------------------

    async def openapi(self, request: Request) -> Response:
        if self._openapi is None:
            from engine.api.openapi import document

            self._openapi = json.dumps(document(), separators=(",", ":")).encode()
        return Response(self._openapi, media_type="application/json")

    async def runs(self, request: Request) -> Response:
        if request.method == "POST":
            return await self.queue_run(request)
        return await self.list_runs(request)

    async def list_runs(self, request: Request) -> Response:
        query = parse_query(ListQuery, request.query_params.multi_items())
        return json_response(await run_in_threadpool(self.service.list_runs, query))

    async def get_run(self, request: Request) -> Response:
        run_id = _path_id(request, "run_id")
        return json_response(await run_in_threadpool(self.service.get_run, run_id))

    async def get_job(self, request: Request) -> Response:
        job_id = _path_id(request, "job_id")
        return json_response(await run_in_threadpool(self.service.get_job, job_id))

    async def history(self, request: Request) -> Response:
        query = parse_query(HistoryQuery, request.query_params.multi_items())
        name = request.path_params["name"]
        return json_response(await run_in_threadpool(self.service.strategy_history, name, query))

    async def summary(self, request: Request) -> Response:
        _no_query(request)
        return json_response(await run_in_threadpool(self.service.summary))

    # -- writes --------------------------------------------------------------------------------

    async def queue_run(self, request: Request) -> Response:
        key = _idempotency(request)
        body = parse_body(RunRequest, await self._body(request))
        answer = await run_in_threadpool(self.service.queue_run, body, key)
        return json_response(answer, 202, _replay_headers(key))

    async def generate(self, request: Request) -> Response:
        key = _idempotency(request)
        body = parse_body(GenerateRequest, await self._body(request))
        status, answer = await run_in_threadpool(self.service.generate, body, key)
        return json_response(answer, status, _replay_headers(key))

    async def cancel_run(self, request: Request) -> Response:
        run_id = _path_id(request, "run_id")
        status, answer = await run_in_threadpool(self.service.cancel_run, run_id)
        return json_response(answer, status)

    async def cancel_job(self, request: Request) -> Response:
        job_id = _path_id(request, "job_id")
        status, answer = await run_in_threadpool(self.service.cancel_job, job_id)
        return json_response(answer, status)

    async def execute_script(self, request: Request) -> Response:
        """The seed's contract, synchronously (see :meth:`Service.execute_script`)."""
        clock = time.perf_counter()
        key = _idempotency(request)
        raw = await self._body(request)
        try:
            seed_request = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            message = f"the request body is not valid JSON: {exc}"
            raise ApiError(400, "malformed_json", message) from None
        await run_in_threadpool(_check_seed_request, seed_request)
        if key is not None:
            replayed = await run_in_threadpool(
                once.replay, self.service.store, key, "execute-script", seed_request
            )
            if replayed is not None:
                return json_response(replayed[1], replayed[0], _replay_headers(key))
        if self._sync_active >= self.config.max_sync:
            raise too_many(
                "busy",
                f"{self._sync_active} synchronous run(s) already in progress (the limit is "
                f"{self.config.max_sync}); retry shortly, or queue it with POST /api/runs",
                SYNC_RETRY_AFTER_S,
            )
        self._sync_active += 1
        try:
            if self._sync_limiter is None:
                self._sync_limiter = anyio.CapacityLimiter(max(1, self.config.max_sync))
            status, answer = await anyio.to_thread.run_sync(
                self.service.execute_script, seed_request, key, limiter=self._sync_limiter
            )
        finally:
            self._sync_active -= 1
        content = json.dumps(
            sanitize(answer), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        ).encode("utf-8")
        if len(content) > SYNC_OUTPUT_LIMIT_BYTES:
            run_id = answer.get("executionId")
            answer = {
                "success": False,
                "error": f"the response would be {len(content) / 1e6:.1f} MB, over the "
                f"{SYNC_OUTPUT_LIMIT_BYTES // 2**20} MB output limit; fetch the run with "
                f"GET /api/runs/{run_id}",
                "errorType": "output_limit",
                "executionTime": round(time.perf_counter() - clock, 3),
            }
            if run_id is not None:
                answer["executionId"] = run_id
            return json_response(answer, 200)
        return Response(content, status, _replay_headers(key), media_type="application/json")

    # -- sweeps --------------------------------------------------------------------------------

    async def start_sweep(self, request: Request) -> Response:
        body = parse_body(SweepRequest, await self._body(request))
        return json_response(await run_in_threadpool(self.service.start_sweep, body), 202)

    async def get_sweep(self, request: Request) -> Response:
        sweep_id = _path_id(request, "sweep_id")
        _no_query(request)
        return json_response(await run_in_threadpool(self.service.sweeps.get, sweep_id))

    async def sweep_results(self, request: Request) -> Response:
        sweep_id = _path_id(request, "sweep_id")
        _no_query(request)
        answer = await run_in_threadpool(self.service.sweeps.get, sweep_id, with_combinations=True)
        return json_response(answer)

    async def cancel_sweep(self, request: Request) -> Response:
        sweep_id = _path_id(request, "sweep_id")
        return json_response(await run_in_threadpool(self.service.sweeps.cancel, sweep_id), 202)

    async def resume_sweep(self, request: Request) -> Response:
        sweep_id = _path_id(request, "sweep_id")
        return json_response(await run_in_threadpool(self.service.sweeps.resume, sweep_id), 202)

    async def _body(self, request: Request) -> bytes:
        """The request body, refused (413) beyond the limit, before it is all read if possible."""
        limit = self.config.max_body_bytes
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


def _path_id(request: Request, name: str) -> int:
    """A run or job id from the path; anything but an id that can exist is 404."""
    raw = request.path_params[name]
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    what = name.removesuffix("_id")
    raise not_found(f"no {what} with id {raw!r} ({what} ids are whole numbers from 1)")


def _no_query(request: Request) -> None:
    for name in request.query_params:
        raise bad_request(f"unknown parameter {name!r}; this endpoint takes none", name)


def _check_seed_request(seed_request: Any) -> None:
    """Bad seed requests answer 400 before taking a synchronous slot."""
    from engine.templates import TemplateError, parse_request

    try:
        parse_request(seed_request)
    except TemplateError as exc:
        raise ApiError(400, "invalid_parameters", str(exc), field=exc.parameter) from None


def _handled(handler: Callable) -> Callable:
    """Turn :class:`ApiError` and unexpected exceptions into JSON answers."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as error:
            return error_response(error, request.url.path)
        except StoreUnavailable as exc:  # read-only, damaged or full: say so, not "internal"
            error = ApiError(503, "store_unavailable", str(exc))
            return error_response(error, request.url.path)
        except Exception as exc:
            log.exception("internal error in %s %s", request.method, request.url.path)
            error = ApiError(500, "internal_error", f"internal error: {type(exc).__name__}: {exc}")
            return error_response(error, request.url.path)

    endpoint.__name__ = getattr(handler, "__name__", "endpoint")
    return endpoint


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"no API endpoint {request.url.path}; see /api/openapi.json"
        error = ApiError(404, "not_found", message)
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        error = ApiError(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed on {request.url.path} (allowed: {allowed})",
            headers=dict(exc.headers or {}),
        )
    else:
        error = ApiError(exc.status_code, "http_error", str(exc.detail))
    return error_response(error, request.url.path)


def build_app(
    service: Service | None = None,
    *,
    is_local: Callable[[str | None], bool] = is_loopback,
) -> Starlette:
    """The API as a Starlette app (its paths relative to where it is mounted, ``/api``).

    ``is_local`` decides which client addresses count as this machine (tests replace it).
    """
    service = service or Service()
    h = _Handlers(service)
    routes = [
        Route("/openapi.json", _handled(h.openapi), methods=["GET"]),
        Route("/backtests/execute-script", _handled(h.execute_script), methods=["POST"]),
        Route("/strategies/generate", _handled(h.generate), methods=["POST"]),
        Route("/strategies/{name}/history", _handled(h.history), methods=["GET"]),
        Route("/runs", _handled(h.runs), methods=["GET", "POST"]),
        Route("/runs/{run_id}", _handled(h.get_run), methods=["GET"]),
        Route("/runs/{run_id}/cancel", _handled(h.cancel_run), methods=["POST"]),
        Route("/jobs/{job_id}", _handled(h.get_job), methods=["GET"]),
        Route("/jobs/{job_id}/cancel", _handled(h.cancel_job), methods=["POST"]),
        Route("/summary", _handled(h.summary), methods=["GET"]),
        Route("/sweeps", _handled(h.start_sweep), methods=["POST"]),
        Route("/sweeps/{sweep_id}", _handled(h.get_sweep), methods=["GET"]),
        Route("/sweeps/{sweep_id}/results", _handled(h.sweep_results), methods=["GET"]),
        Route("/sweeps/{sweep_id}/cancel", _handled(h.cancel_sweep), methods=["POST"]),
        Route("/sweeps/{sweep_id}/resume", _handled(h.resume_sweep), methods=["POST"]),
    ]
    middleware = [
        Middleware(
            AccessMiddleware,
            tokens=service.config.tokens,
            respond=error_response,
            is_local=is_local,
            server_loopback=service.config.server_loopback,
        )
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_exception},
    )
    app.state.service = service
    return app
