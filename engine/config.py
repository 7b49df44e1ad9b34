"""Botlab's configuration, resolved in one place.

Every setting comes from an environment variable with a sensible default, so a fresh machine with
nothing configured works offline. Call :func:`load_settings` where a setting is needed rather than
caching values at import time: tests and long-lived processes change the environment.

- ``BOTLAB_HOME`` (``~/.botlab``): the database, results, generated bots and data caches.
- ``BOTLAB_DATABASE_URL`` (a SQLite file in the home): any SQLAlchemy URL.
- ``BOTLAB_DATA_SOURCE`` (``sample``): default market data, ``sample`` (bundled, offline) or
  ``yahoo`` (online, cached).
- ``BOTLAB_SANDBOX`` (``strict``): ``strict`` fails closed when an isolation layer is missing;
  ``permissive`` runs with what is available and warns.
- ``BOTLAB_TIMEOUT`` (300), ``BOTLAB_CPU_LIMIT`` (60): wall-clock and CPU seconds per run.
- ``BOTLAB_MEMORY_LIMIT_MB`` (2048), ``BOTLAB_OUTPUT_LIMIT_MB`` (10): memory (address space, and
  resident memory with shared memory included where a cgroup counts it) and captured output per run.
- ``BOTLAB_THREAD_LIMIT`` (64): threads a run may hold at once (its main thread included).
- ``BOTLAB_DISK_LIMIT_MB`` (512): bytes a run may add to its scratch directory, in total.
- ``BOTLAB_MAX_CONCURRENT`` (the CPU count): runs executing at once per home, shared by every
  process using it (CLI, dashboard, API, worker); the others wait in line.
- ``BOTLAB_CLUSTER`` (unset): a Dask scheduler, ``tcp://host:8786`` or ``tls://host:8786``;
  sweeps and queued runs then execute on its workers (see :mod:`engine.cluster`).
- ``BOTLAB_CLUSTER_WORKER_WAIT`` (60): seconds a sweep or a queued run waits for a Dask worker
  to join a cluster that has none before it fails, saying how to start one.
- ``BOTLAB_CLUSTER_TLS_CA_FILE``, ``BOTLAB_CLUSTER_TLS_CERT``, ``BOTLAB_CLUSTER_TLS_KEY``
  (unset): for a ``tls://`` scheduler, the CA that signed the cluster's certificates and this
  client's certificate and key (PEM files). Unset, Dask's own ``distributed.comm.tls``
  configuration applies.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA_SOURCES = ("sample", "yahoo")
CLUSTER_SCHEMES = ("tcp://", "tls://")
#: Settings field -> environment variable, for a tls:// cluster
CLUSTER_TLS = {
    "cluster_tls_ca_file": "BOTLAB_CLUSTER_TLS_CA_FILE",
    "cluster_tls_cert": "BOTLAB_CLUSTER_TLS_CERT",
    "cluster_tls_key": "BOTLAB_CLUSTER_TLS_KEY",
}
SANDBOX_POLICIES = ("strict", "permissive")
_MB = 1024**2


class ConfigError(ValueError):
    """A setting has a value Botlab cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    data_source: str = "sample"
    sandbox_policy: str = "strict"
    timeout_s: float = 300.0
    cpu_limit_s: int = 60
    memory_limit_bytes: int = 2048 * 1024**2
    output_limit_bytes: int = 10 * 1024**2
    thread_limit: int = 64
    disk_limit_bytes: int = 512 * 1024**2
    max_concurrent: int = 1
    cluster: str = ""  # a Dask scheduler's address; "" runs everything on this machine
    cluster_worker_wait_s: float = 60.0  # how long work waits for a worker on an empty cluster
    cluster_tls_ca_file: str = ""  # PEM files for a tls:// cluster (see CLUSTER_TLS)
    cluster_tls_cert: str = ""
    cluster_tls_key: str = ""

    @property
    def results_dir(self) -> Path:
        """Where the log, JSON and metrics files of every run are written."""
        return self.home / "results"

    @property
    def bots_dir(self) -> Path:
        """Where generated bots are saved."""
        return self.home / "bots"

    @property
    def cache_dir(self) -> Path:
        """Where downloaded market data is cached (Parquet)."""
        return self.home / "cache"

    @property
    def scratch_dir(self) -> Path:
        """Parent of the per-run scratch directories (each removed after its run)."""
        return self.home / "scratch"

    def ensure_dirs(self) -> None:
        for path in (self.home, self.results_dir, self.bots_dir, self.cache_dir, self.scratch_dir):
            path.mkdir(parents=True, exist_ok=True)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    home = Path(env.get("BOTLAB_HOME") or Path.home() / ".botlab").expanduser().resolve()
    database_url = env.get("BOTLAB_DATABASE_URL") or f"sqlite:///{home / 'botlab.db'}"
    return Settings(
        home=home,
        database_url=database_url,
        data_source=_choice(env, "BOTLAB_DATA_SOURCE", Settings.data_source, DATA_SOURCES),
        sandbox_policy=_choice(env, "BOTLAB_SANDBOX", Settings.sandbox_policy, SANDBOX_POLICIES),
        timeout_s=env_number(env, "BOTLAB_TIMEOUT", Settings.timeout_s),
        cpu_limit_s=int(env_number(env, "BOTLAB_CPU_LIMIT", Settings.cpu_limit_s)),
        memory_limit_bytes=_megabytes(env, "BOTLAB_MEMORY_LIMIT_MB", Settings.memory_limit_bytes),
        output_limit_bytes=_megabytes(env, "BOTLAB_OUTPUT_LIMIT_MB", Settings.output_limit_bytes),
        thread_limit=env_number(env, "BOTLAB_THREAD_LIMIT", Settings.thread_limit, whole=True),
        disk_limit_bytes=_megabytes(env, "BOTLAB_DISK_LIMIT_MB", Settings.disk_limit_bytes),
        max_concurrent=env_number(env, "BOTLAB_MAX_CONCURRENT", os.cpu_count() or 1, whole=True),
        cluster=_cluster(env),
        cluster_worker_wait_s=env_number(
            env, "BOTLAB_CLUSTER_WORKER_WAIT", Settings.cluster_worker_wait_s
        ),
        **_cluster_tls(env),
    )


def _megabytes(env: Mapping[str, str], name: str, default_bytes: int) -> int:
    """A size set in megabytes, in bytes."""
    return int(env_number(env, name, default_bytes // _MB) * _MB)


def _cluster(env: Mapping[str, str]) -> str:
    address = (env.get("BOTLAB_CLUSTER") or "").strip()
    if address and not address.startswith(CLUSTER_SCHEMES):
        raise ConfigError(
            f"BOTLAB_CLUSTER={address!r} is not a Dask scheduler address: "
            "write tcp://host:8786 or tls://host:8786"
        )
    return address


def _cluster_tls(env: Mapping[str, str]) -> dict[str, str]:
    """The TLS files given; each must exist, and a certificate needs its key (and vice versa)."""
    files = {}
    for field_name, name in CLUSTER_TLS.items():
        raw = (env.get(name) or "").strip()
        if not raw:
            continue
        path = Path(raw).expanduser()
        if not path.is_file():
            raise ConfigError(f"{name}={raw!r}: no such file")
        files[field_name] = str(path)
    cert, key = "cluster_tls_cert", "cluster_tls_key"
    if (cert in files) != (key in files):
        given, missing = (cert, key) if cert in files else (key, cert)
        raise ConfigError(
            f"{CLUSTER_TLS[given]} is set but {CLUSTER_TLS[missing]} is not: "
            "a TLS client needs its certificate and its key"
        )
    return files


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name}={value!r} is not one of: {', '.join(allowed)}")
    return value


def env_number(
    env: Mapping[str, str],
    name: str,
    default: float,
    *,
    whole: bool = False,
    least: float | None = None,
    most: float | None = None,
) -> float:
    """Variable ``name`` of ``env`` as a number, ``default`` when unset or blank: more than 0
    (at least ``least`` when given), at most ``most``, whole when ``whole``. A bad value is a
    :class:`ConfigError` naming the variable."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ConfigError(f"{name}={raw!r} is not a number")
    if whole and value != int(value):
        raise ConfigError(f"{name}={raw!r} must be a whole number")
    if value <= 0 if least is None else value < least:
        raise ConfigError(
            f"{name}={raw!r} must be " + ("positive" if least is None else f"at least {least}")
        )
    if most is not None and value > most:
        raise ConfigError(f"{name}={raw!r} must be at most {most}")
    return int(value) if whole else value


def env_flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Variable ``name`` of ``env`` as a yes or no, ``default`` when unset or blank."""
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not one of 1/0, true/false, yes/no, on/off")
