"""Botlab's HTTP API, served by the dashboard's own server (Streamlit's ``st.App``).

>>> import streamlit as st
>>> from engine.api import routes
>>> app = st.App("app.py", routes=routes(listen_address=st.get_option("server.address")))

Everything is JSON in and out, under ``/api`` (``/api/openapi.json`` describes it):

* ``POST /api/backtests/execute-script``: the seed's template contract, run synchronously;
* ``POST /api/strategies/generate``: a description to a bot (and, optionally, a queued run);
* ``POST /api/runs``, ``GET /api/runs/{id}``, ``GET /api/runs``, ``POST /api/runs/{id}/cancel``;
* ``GET /api/jobs/{id}``, ``POST /api/jobs/{id}/cancel`` (a queued upload's run id comes later);
* ``GET /api/strategies/{name}/history``, ``GET /api/summary``.

Run ids are execution ids, the ids of the dashboard's ``/run?run=ID`` page and of ``botlab show
ID``. Bots never run in the server process: runs are queued for the worker (:mod:`engine.jobs`);
execute-script runs its bot through the sandboxed executor, like the worker. Access rules are in
:mod:`engine.api.access`; limits and settings (environment variables) in
:mod:`engine.api.config`. This package does not import Streamlit: it is FastAPI (Starlette
underneath), which Streamlit's server runs.
"""

from __future__ import annotations

from engine.api.config import RUN_PAGE, ApiConfig, load_api_config
from engine.api.errors import ApiError
from engine.api.service import Service

PREFIX = "/api"

__all__ = [
    "PREFIX",
    "RUN_PAGE",
    "ApiConfig",
    "ApiError",
    "Service",
    "build_app",
    "load_api_config",
    "openapi_document",
    "routes",
]


def routes(service: Service | None = None, *, listen_address: str | None = None) -> list:
    """The API's routes for ``st.App(..., routes=routes(listen_address=...))``: one mount at
    ``/api`` (outside Streamlit's reserved ``/_stcore/``, ``/media/``, ``/component/`` and
    ``/static/``).

    ``listen_address`` is the server's ``server.address`` (``None``: every interface); anonymous
    local reads exist only on a loopback address (see :mod:`engine.api.access`). Reads the
    settings now: a bad ``BOTLAB_API_*`` value stops the server with a
    :class:`~engine.config.ConfigError` naming the variable. Then, in the background, closes
    what the previous server left running and starts a worker if jobs are queued
    (:meth:`Service.recover`): a queue never waits for a POST to move again.
    """
    import threading

    from starlette.routing import Mount

    if service is None:
        service = Service(load_api_config(listen_address=listen_address))
    threading.Thread(target=service.recover, name="botlab-recover", daemon=True).start()
    return [Mount(PREFIX, app=build_app(service))]


def build_app(service: Service | None = None, **kwargs):
    """The API as a standalone FastAPI app (paths relative to ``/api``); see
    :func:`engine.api.http.build_app`."""
    from engine.api.http import build_app as build

    return build(service, **kwargs)


def openapi_document() -> dict:
    """The OpenAPI 3.1 document served at ``/api/openapi.json``."""
    from engine.api.http import openapi_document as document

    return document(build_app())
