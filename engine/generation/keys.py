"""Gemini API keys: where they come from, how they are named, and failover between them.

Keys come from ``GEMINI_API_KEYS`` (several, separated by commas or whitespace), then
``GEMINI_API_KEY``, then Streamlit's secrets files (``.streamlit/secrets.toml`` in the working
directory and in the home directory; read with :mod:`tomllib`, the engine never imports
Streamlit). Several keys are **failover**, not quota multiplication: Gemini's rate limits are per
Google Cloud project (and model), and Google's terms forbid circumventing them. The pool always
uses the first usable key in configuration order and moves on only when that one fails.

Secrets discipline: a key is only ever handed to the SDK client. Everything Botlab stores or shows
refers to a key by its :func:`fingerprint` (an HMAC with a per-installation salt, so a leaked
database cannot confirm a guessed key), and every error text goes through :func:`redact` first,
because Gemini's 400 replies can echo the key back.

Failover policy (:class:`KeyPool`, state persisted in the database so it survives restarts and is
shared by processes):

* 429: the key cools for the server's ``RetryInfo.retryDelay`` (else ``Retry-After``, else a
  minute); a per-day quota cools it until the quota resets (midnight Pacific). Cooling is scoped
  to the model, as Gemini's quotas are.
* 400 ``API_KEY_INVALID``, 401, 403: the key is disabled until :meth:`KeyPool.reset`.
* 5xx, timeouts, connection errors: the key cools briefly and the next one is tried.
* When no key is usable, :class:`NoUsableKey` says when one will be.
"""

from __future__ import annotations

import contextlib
import hmac
import importlib.util
import logging
import math
import os
import re
import secrets
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from engine.config import Settings, load_settings
from engine.results import HINTS, Message

if TYPE_CHECKING:
    from engine.store import Store
    from engine.store.generation import KeyStats

log = logging.getLogger(__name__)

#: File in ``BOTLAB_HOME`` holding the fingerprint salt (created 0600 on first use).
SALT_FILE = "gemini-key-salt"
#: Overrides the salt file: set the same value on every host sharing one PostgreSQL database,
#: so that they agree on fingerprints (and so on cooling and disabled keys).
SALT_ENV = "BOTLAB_KEY_SALT"
#: How long a key rests after a 5xx, a timeout or a connection error.
TRANSIENT_COOLDOWN_S = 5.0
#: Cooldown after a 429 that says nothing about when to retry.
DEFAULT_RATE_LIMIT_COOLDOWN_S = 60.0

REDACTED = "[redacted-key]"
# Key-shaped substrings redacted even when not a configured key: classic "AIza…" keys and the
# 2026 auth keys "AQ.…". Never used to *validate* a key (their format has changed before).
_KEY_SHAPES = re.compile(r"AIza[0-9A-Za-z_\-]{30,}|AQ\.[0-9A-Za-z_\-.]{16,}")
_MIN_REDACTED_LENGTH = 6
_SEPARATORS = re.compile(r"[\s,;]+")

_salts: dict[Path, bytes] = {}


# -- where keys come from ------------------------------------------------------------------------


def resolve_keys(
    env: Mapping[str, str] | None = None, secrets_paths: Iterable[Path | str] | None = None
) -> list[str]:
    """Every configured key, in order, without duplicates (see the module docstring)."""
    env = os.environ if env is None else env
    found = _split(env.get("GEMINI_API_KEYS")) + _split(env.get("GEMINI_API_KEY"))
    paths = default_secrets_paths() if secrets_paths is None else secrets_paths
    for path in paths:
        found += _keys_from_secrets(Path(path))
    return list(dict.fromkeys(found))


def default_secrets_paths() -> list[Path]:
    """Streamlit's secrets files: the project's (working directory), then the user's."""
    return [Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def _split(value: object) -> list[str]:
    if isinstance(value, str):
        return [part for part in _SEPARATORS.split(value) if part]
    if isinstance(value, list | tuple):
        return [part for item in value for part in _split(item)]
    return []


def _keys_from_secrets(path: Path) -> list[str]:
    """Keys in a secrets file: top-level ``GEMINI_API_KEYS``/``GEMINI_API_KEY`` (a string or a
    list), or ``api_keys``/``api_key`` in a ``[gemini]`` table."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # the file may hold other secrets: name the problem, never quote the content
        log.warning("ignoring %s: %s", path, type(exc).__name__)
        return []
    table = data.get("gemini") if isinstance(data.get("gemini"), dict) else {}
    return (
        _split(data.get("GEMINI_API_KEYS"))
        + _split(data.get("GEMINI_API_KEY"))
        + _split(table.get("api_keys"))
        + _split(table.get("api_key"))
    )


# -- naming keys without revealing them ------------------------------------------------------------


def fingerprint(key: str, *, home: Path | None = None) -> str:
    """A short, stable name for ``key``: ``"k_"`` + 12 hex digits of HMAC-SHA256(salt, key).

    The salt is per installation (``$BOTLAB_HOME/gemini-key-salt``, or ``BOTLAB_KEY_SALT``), so
    the fingerprint identifies a key in Botlab's records without letting anyone who reads them
    test guesses of it.
    """
    digest = hmac.new(_salt(home), key.encode("utf-8"), "sha256").hexdigest()
    return "k_" + digest[:12]


def _salt(home: Path | None) -> bytes:
    configured = os.environ.get(SALT_ENV)
    if configured:
        return configured.encode("utf-8")
    home = (home or load_settings().home).resolve()
    if home not in _salts:
        _salts[home] = _read_or_create_salt(home / SALT_FILE)
    return _salts[home]


def _read_or_create_salt(path: Path) -> bytes:
    """Read the salt, creating it atomically (0600) if missing: a temporary file is linked into
    place, so concurrent first uses agree on one salt and nobody reads a half-written file."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # another process won the race: use its salt
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()


def redact(text: str | None, keys: Iterable[str] = ()) -> str:
    """``text`` with every key in ``keys``, and anything shaped like a Google API key, replaced.

    Apply to every error text before it is logged, stored, shown or sent back to the model.
    """
    if not text:
        return ""
    for key in sorted({k for k in keys if k and len(k) >= _MIN_REDACTED_LENGTH}, key=len)[::-1]:
        text = text.replace(key, REDACTED)
    return _KEY_SHAPES.sub(REDACTED, text)


# -- failover ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One configured key. Its ``secret`` is left out of ``repr``/``str``."""

    secret: str = field(repr=False)
    fingerprint: str
    position: int  # 1-based, in configuration order

    def __str__(self) -> str:
        return f"key {self.position} ({self.fingerprint})"


class NoUsableKey(RuntimeError):
    """No Gemini key can be used now; the message says why and when one will be.

    ``retry_at`` is when the first cooling key becomes usable (``None`` if none will by itself:
    no keys, or all disabled).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_at: datetime | None = None,
        now: datetime,
        needs_a_key: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_at = retry_at
        # no key is configured, or every one is disabled: only a new key helps (a hint, said
        # by each front end its own way), not waiting
        self.hints = [HINTS["gemini_key"]] if needs_a_key else []
        self.wait_s = None if retry_at is None else max((retry_at - now).total_seconds(), 0.0)


@dataclass(frozen=True)
class KeyStatus:
    """What the pool knows about one key right now (for the dashboard)."""

    fingerprint: str
    position: int
    state: str  # "ok", "cooling" or "disabled"
    until: datetime | None
    reason: str | None
    stats: KeyStats


class KeyPool:
    """Failover between the configured keys; state lives in the store (by fingerprint).

    ``model`` scopes rate-limit cooldowns (Gemini quotas are per project and model). ``clock``
    returns the current UTC time (tests move it).
    """

    def __init__(
        self,
        keys: Sequence[str],
        *,
        store: Store,
        model: str,
        home: Path | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.model = model
        self._clock = clock or (lambda: datetime.now(UTC))
        unique = list(dict.fromkeys(k.strip() for k in keys if k and k.strip()))
        self.keys = tuple(
            Key(secret, fingerprint(secret, home=home), position)
            for position, secret in enumerate(unique, start=1)
        )

    def __repr__(self) -> str:
        return f"KeyPool({[k.fingerprint for k in self.keys]}, model={self.model!r})"

    def redact(self, text: str | None) -> str:
        """:func:`redact` with this pool's keys."""
        return redact(text, (key.secret for key in self.keys))

    def status(self) -> list[KeyStatus]:
        """Every key with its state, in configuration order."""
        now = self._clock()
        stats = self.store.key_stats([key.fingerprint for key in self.keys])
        pairs = zip(self.keys, stats, strict=True)
        return [_status(key, stat, now, self.model) for key, stat in pairs]

    def acquire(self) -> Key:
        """The first usable key, in configuration order; raises :class:`NoUsableKey`."""
        statuses = self.status()
        for status in statuses:
            if status.state == "ok":
                return self.keys[status.position - 1]
        raise _no_usable_key(statuses, self._clock())

    # -- what happened with a key -------------------------------------------------------------

    def report_success(
        self, key: Key | str, *, prompt_tokens: int | None = 0, output_tokens: int | None = 0
    ) -> None:
        """A call with the key returned a reply (its tokens are added to the key's counts)."""
        self.store.record_key_call(
            _fp(key), outcome="ok", prompt_tokens=prompt_tokens, output_tokens=output_tokens
        )

    def report_rate_limit(
        self, key: Key | str, retry_after_s: float | None, *, reason: str = ""
    ) -> None:
        """A 429: cool the key for ``retry_after_s`` (default a minute) on this model."""
        seconds = DEFAULT_RATE_LIMIT_COOLDOWN_S if retry_after_s is None else retry_after_s
        until = self._clock() + timedelta(seconds=max(seconds, 1.0))
        reason = self.redact(reason) or "429"
        self.store.record_key_call(_fp(key), outcome="rate_limit")
        self.store.cool_key(
            _fp(key), until=until, kind="rate_limit", reason=reason, model=self.model
        )
        log.warning("Gemini %s rate-limited until %s: %s", _label(key), _hhmm(until), reason)

    def report_invalid(self, key: Key | str, reason: str) -> None:
        """An invalid, leaked or forbidden key: disable it (until :meth:`reset`)."""
        reason = self.redact(reason)
        self.store.record_key_call(_fp(key), outcome="failure")
        self.store.disable_key(_fp(key), reason=reason)
        log.error("Gemini %s disabled: %s", _label(key), reason)

    def report_failure(
        self, key: Key | str, reason: str, *, cool_s: float = TRANSIENT_COOLDOWN_S
    ) -> None:
        """A 5xx, timeout or connection error: count it and rest the key for ``cool_s``."""
        reason = self.redact(reason)
        self.store.record_key_call(_fp(key), outcome="failure")
        if cool_s > 0:
            until = self._clock() + timedelta(seconds=cool_s)
            self.store.cool_key(_fp(key), until=until, kind="error", reason=reason)
        log.warning("Gemini call via %s failed: %s", _label(key), reason)

    def report_bot_result(self, fingerprint: Key | str, succeeded: bool) -> None:
        """Whether a reply obtained with the key turned out to be a working bot."""
        self.store.record_key_bot(_fp(fingerprint), succeeded=succeeded)

    def reset(self, fingerprint: str | None = None) -> int:
        """Clear cooldowns and disabled flags of one key or all of this pool's keys."""
        targets = [fingerprint] if fingerprint else [key.fingerprint for key in self.keys]
        return sum(self.store.reset_key(fp) for fp in targets)


def _fp(key: Key | str) -> str:
    return key.fingerprint if isinstance(key, Key) else key


def _label(key: Key | str) -> str:
    return str(key) if isinstance(key, Key) else key


def _status(key: Key, stats: KeyStats, now: datetime, model: str) -> KeyStatus:
    if stats.disabled:
        state, until, reason = "disabled", None, stats.disabled_reason
    elif stats.cooling(now, model):
        state, until, reason = "cooling", stats.cooled_until, stats.cooled_reason
    else:
        state, until, reason = "ok", None, None
    return KeyStatus(key.fingerprint, key.position, state, until, reason, stats)


def _no_usable_key(statuses: list[KeyStatus], now: datetime) -> NoUsableKey:
    """The error for ``statuses`` none of which is usable: what they are, and when one will be."""
    if not statuses:
        return NoUsableKey(NO_KEYS_MESSAGE, now=now, needs_a_key=True)
    total = len(statuses)
    keys = "the Gemini key is" if total == 1 else f"all {total} Gemini keys are"
    cooling = [s for s in statuses if s.state == "cooling"]
    if not cooling:
        reasons = "; ".join(f"key {s.position} ({s.fingerprint}): {s.reason}" for s in statuses)
        return NoUsableKey(
            f"{keys} disabled ({reasons}). Replace {'it' if total == 1 else 'them'} in "
            "GEMINI_API_KEYS / GEMINI_API_KEY (or fix the key and reset it).",
            now=now,
            needs_a_key=True,
        )
    first = min(s.until for s in cooling)
    kinds = {s.stats.cooled_kind for s in cooling}
    if len(cooling) == total and kinds == {"rate_limit"}:
        what = f"{keys} rate-limited"
    elif len(cooling) == total and kinds == {"error"}:
        what = f"{keys} resting after server errors or timeouts"
    else:
        parts = _state_counts(statuses)
        what = f"{keys} unavailable ({parts})"
    which = "it" if total == 1 else "the first"
    return NoUsableKey(
        f"{what}; {which} is usable again at {_when(first, now)} (in {_duration(first - now)}).",
        retry_at=first,
        now=now,
    )


def _state_counts(statuses: list[KeyStatus]) -> str:
    counts = {"rate-limited": 0, "resting after errors": 0, "disabled": 0}
    for s in statuses:
        if s.state == "disabled":
            counts["disabled"] += 1
        elif s.stats.cooled_kind == "rate_limit":
            counts["rate-limited"] += 1
        else:
            counts["resting after errors"] += 1
    return ", ".join(f"{n} {label}" for label, n in counts.items() if n)


def _when(moment: datetime, now: datetime) -> str:
    moment = moment.astimezone(UTC)
    if moment.date() == now.astimezone(UTC).date():
        return _hhmm(moment)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M UTC")


def _duration(delta: timedelta) -> str:
    seconds = max(delta.total_seconds(), 0.0)
    if seconds < 90:
        return f"{math.ceil(seconds)} s"
    if seconds < 90 * 60:
        return f"{math.ceil(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


#: Why Gemini is not available when no key is set (a ``gemini_key`` hint says what to do).
NO_KEYS_MESSAGE = "no Gemini API key is configured: GEMINI_API_KEY is not set"


# -- for the dashboard ---------------------------------------------------------------------------


def gemini_available(
    settings: Settings | None = None,
    *,
    env: Mapping[str, str] | None = None,
    secrets_paths: Iterable[Path | str] | None = None,
) -> tuple[bool, str]:
    """``(True, "")`` if a Gemini generation can start now, else ``(False, reason)``; the reason
    carries the hints of the error behind it (:func:`engine.results.hints_of`).

    Checks the SDK is installed, a key is configured and (in the database) one of them is neither
    disabled nor cooling. Never calls the API. ``env`` and ``secrets_paths`` are where keys and
    the model are looked up (default: the process environment and Streamlit's secrets files).
    """
    if importlib.util.find_spec("google.genai") is None:
        return False, "the google-genai package is not installed: pip install google-genai"
    keys = resolve_keys(env, secrets_paths)
    if not keys:
        return False, Message(_no_usable_key([], datetime.now(UTC)))
    from engine.generation._gemini_client import resolve_model
    from engine.store import Store

    settings = settings or load_settings()  # env is for the keys and model only
    try:
        store = Store.open(settings)
    except Exception as exc:  # the generation itself will report the database problem
        log.warning("could not read the Gemini key state: %s", type(exc).__name__)
        return True, ""
    try:
        KeyPool(keys, store=store, model=resolve_model(env), home=settings.home).acquire()
    except NoUsableKey as exc:
        return False, Message(exc)
    finally:
        store.close()
    return True, ""
