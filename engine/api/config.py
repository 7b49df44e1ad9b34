"""The HTTP API's settings, from environment variables (read when the API is built).

* ``BOTLAB_API_TOKENS`` (unset): bearer tokens, comma-separated, each at least 16 characters.
  Setting it switches on remote access and writes (see :mod:`engine.api.access`).
* ``BOTLAB_API_MAX_BODY_BYTES`` (1048576, 1 MiB): the largest request body; 413 beyond.
* ``BOTLAB_API_MAX_SYNC`` (2): execute-script runs at once; 429 beyond (0 switches it off).
* ``BOTLAB_API_MAX_QUEUE`` (100): jobs queued or running; 429 beyond.
* ``BOTLAB_API_SYNC_TIMEOUT`` (30): execute-script's wall-clock seconds per run.
* ``BOTLAB_API_START_WORKER`` (1): 0 never starts a worker, leaving the queue to ``botlab
  worker`` (on this machine or another one sharing the database).
* ``BOTLAB_PUBLIC_URL`` (``http://localhost:8501``): the dashboard's address, for links.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from engine import results
from engine.config import ConfigError, env_flag, env_number

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: A token shorter than this is refused: it could be guessed.
MIN_TOKEN_LENGTH = 16
#: The seed's output limit for execute-script: a run printing more is stopped, and a response
#: larger than this is not sent.
SYNC_OUTPUT_LIMIT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ApiConfig:
    """The API's limits and access settings (see the module docstring)."""

    tokens: tuple[str, ...] = field(default=(), repr=False)  # never shown
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_sync: int = 2
    max_queue: int = 100
    sync_timeout_s: float = 30.0
    start_worker: bool = True
    public_url: str = "http://localhost:8501"
    #: The server listens on loopback only (anonymous local reads are possible only then).
    server_loopback: bool = True

    def run_links(self, run_id: int) -> dict[str, str]:
        """Where a run is: its API resource and its dashboard page."""
        return {"self": f"/api/runs/{run_id}", "dashboard": self.run_page(run_id)}

    def job_links(self, job) -> dict[str, str]:
        """Where a job is, and its run once it has one."""
        links = {"self": f"/api/jobs/{job.id}"}
        if (run_id := job.execution_id) is not None:
            links.update(run=f"/api/runs/{run_id}", dashboard=self.run_page(run_id))
        return links

    def run_page(self, run_id: int) -> str:
        """The dashboard's page of run ``run_id``."""
        return results.run_page(run_id, self.public_url)

    def compare_page(self, run_ids) -> str:
        """The dashboard's comparison of ``run_ids``."""
        return results.compare_page(run_ids, self.public_url)


def load_api_config(
    env: Mapping[str, str] | None = None, *, listen_address: str | None = "127.0.0.1"
) -> ApiConfig:
    """The API's settings from ``env`` (default ``os.environ``); :class:`ConfigError` names the
    variable with a bad value. ``listen_address`` is the server's (Streamlit's
    ``server.address``; ``None`` is every interface)."""
    from engine.exposure import is_loopback_address

    env = os.environ if env is None else env
    tokens = tuple(t.strip() for t in (env.get("BOTLAB_API_TOKENS") or "").split(",") if t.strip())
    short = [t for t in tokens if len(t) < MIN_TOKEN_LENGTH]
    if short:
        raise ConfigError(
            f"BOTLAB_API_TOKENS: {len(short)} token(s) shorter than {MIN_TOKEN_LENGTH} "
            "characters; use long random tokens, e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe())'"
        )

    def whole(name: str, default: int, least: int) -> int:
        return env_number(env, name, default, whole=True, least=least)

    return ApiConfig(
        tokens=tokens,
        max_body_bytes=whole("BOTLAB_API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, least=1),
        max_sync=whole("BOTLAB_API_MAX_SYNC", ApiConfig.max_sync, least=0),
        max_queue=whole("BOTLAB_API_MAX_QUEUE", ApiConfig.max_queue, least=0),
        sync_timeout_s=env_number(
            env, "BOTLAB_API_SYNC_TIMEOUT", ApiConfig.sync_timeout_s, most=3600
        ),
        start_worker=env_flag(env, "BOTLAB_API_START_WORKER", True),
        public_url=(env.get("BOTLAB_PUBLIC_URL") or ApiConfig.public_url).strip().rstrip("/"),
        server_loopback=is_loopback_address(listen_address),
    )
