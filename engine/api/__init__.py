"""Botlab's HTTP API, served by the dashboard's own server (Streamlit's ``st.App``).

>>> import streamlit as st
>>> from engine.api import routes
>>> app = st.App("app.py", routes=routes(listen_address=st.get_option("server.address")))

Everything is JSON in and out, under ``/api``; ``/api/openapi.json`` lists and describes every
operation. Run ids are execution ids, the ids of the dashboard's ``/run?run=ID`` page and of
``botlab show ID``. Bots never run in the server process: runs are queued for the worker
(:mod:`engine.jobs`); execute-script runs its bot through the sandboxed executor, like the
worker. The operations are :class:`~engine.api.service.Service`'s (the MCP server's too), the
routes :mod:`engine.api.http`'s; access rules are in :mod:`engine.api.access`, limits and
settings (environment variables) in :mod:`engine.api.config`. This package does not import
Streamlit: it is FastAPI (Starlette underneath), which Streamlit's server runs.
"""

from __future__ import annotations

from engine.api.config import ApiConfig, load_api_config
from engine.api.errors import ApiError
from engine.api.service import Service

PREFIX = "/api"

__all__ = ["PREFIX", "ApiConfig", "ApiError", "Service", "build_app", "openapi_document", "routes"]


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

    from engine.api.http import build_app

    if service is None:
        service = Service(load_api_config(listen_address=listen_address))
    threading.Thread(target=service.recover, name="botlab-recover", daemon=True).start()
    return [Mount(PREFIX, app=build_app(service))]


def __getattr__(name: str):
    """``build_app`` and ``openapi_document`` from :mod:`engine.api.http`, imported on first use
    (FastAPI stays out of the MCP server's start-up)."""
    if name not in ("build_app", "openapi_document"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from engine.api import http

    return getattr(http, name)
