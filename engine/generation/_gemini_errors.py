"""Sort what a Gemini call raised into what the key pool should do about it.

google-genai raises ``errors.ClientError`` (4xx) or ``errors.ServerError`` (5xx), both with the
HTTP ``.code``, the JSON error body in ``.details`` and the HTTP response; there are no per-status
subclasses. Timeouts and connection failures are *not* wrapped: they come from the active HTTP
package (``httpx2`` in SDK 3.x, ``httpx`` when configured), as the SDK's ``errors.py`` and
``_api_client.py`` show.

The verdicts:

* ``rate_limited``: 429; cool the key for the server's ``RetryInfo.retryDelay``, else its
  ``Retry-After``; a per-day quota (a ``quotaId`` containing ``PerDay``) until it resets at
  midnight Pacific time;
* ``invalid_key``: 400 with ``API_KEY_INVALID``, 401, 403 (leaked, blocked, API disabled);
* ``transient``: 408, 5xx, timeouts, connection errors; try the next key;
* ``fatal``: anything else (a 400 about the request, 404 unknown model): no key would do better.

``summary`` texts can quote the server's message, which can echo the key: redact before use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RATE_LIMITED = "rate_limited"
INVALID_KEY = "invalid_key"
TRANSIENT = "transient"
FATAL = "fatal"

#: Gemini's daily quotas reset at midnight Pacific time; resume a few seconds after.
_DAILY_RESET_SLACK = timedelta(seconds=5)
_MAX_SUMMARY = 300
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


@dataclass(frozen=True)
class ApiFailure:
    """What a failed call means for its key."""

    kind: str
    summary: str  # one line, e.g. "429 RESOURCE_EXHAUSTED: Quota exceeded …" (redact it)
    code: int | None = None
    retry_after_s: float | None = None  # rate_limited only: how long the key should rest


def classify(exc: BaseException, *, now: datetime) -> ApiFailure | None:
    """The verdict on ``exc``, or ``None`` when it is not an API or transport failure (a bug)."""
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        return _classify_api_error(exc, now)
    if isinstance(exc, _transport_errors()):
        detail = str(exc) or "no detail"
        return ApiFailure(TRANSIENT, _clip(f"{type(exc).__name__}: {detail}"))
    return None


def _classify_api_error(exc, now: datetime) -> ApiFailure:
    code = int(exc.code or 0)
    summary = _clip(f"{code} {exc.status or ''}: {exc.message or ''}".replace(" :", ":"))
    details = _error_details(exc.details)
    if code == 429:
        return ApiFailure(RATE_LIMITED, summary, code, _retry_after(exc, details, now))
    if code in (401, 403) or (code == 400 and _is_invalid_key(exc, details)):
        return ApiFailure(INVALID_KEY, summary, code)
    if code == 408 or code >= 500:
        return ApiFailure(TRANSIENT, summary, code)
    return ApiFailure(FATAL, summary, code)


def _transport_errors() -> tuple[type[BaseException], ...]:
    """Timeout and connection errors of whichever HTTP packages are installed."""
    found: list[type[BaseException]] = [TimeoutError, ConnectionError]
    for package in ("httpx2", "httpx"):
        try:
            module = __import__(package)
        except ImportError:
            continue
        found.append(module.TransportError)
    return tuple(found)


def _error_details(body: Any) -> list[dict]:
    """The ``error.details`` list of a Google API error body (``[]`` if absent or odd)."""
    if isinstance(body, list) and body:
        body = body[0]
    if not isinstance(body, dict):
        return []
    error = body.get("error", body)
    details = error.get("details") if isinstance(error, dict) else None
    return [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []


def _is_invalid_key(exc, details: list[dict]) -> bool:
    reasons = {d.get("reason") for d in details}
    return "API_KEY_INVALID" in reasons or "api key not valid" in (exc.message or "").lower()


def _retry_after(exc, details: list[dict], now: datetime) -> float | None:
    """Seconds until the key may be used again, from the 429 itself."""
    if _is_daily_quota(details):
        return (_next_pacific_midnight(now) + _DAILY_RESET_SLACK - now).total_seconds()
    for detail in details:
        if str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            seconds = _parse_duration(detail.get("retryDelay"))
            if seconds is not None:
                return seconds
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    header = headers.get("retry-after") if headers is not None else None
    return _parse_retry_after(header, now)


def _is_daily_quota(details: list[dict]) -> bool:
    for detail in details:
        for violation in detail.get("violations") or []:
            if isinstance(violation, dict) and "perday" in str(violation.get("quotaId")).lower():
                return True
    return False


def _parse_duration(value: Any) -> float | None:
    """A protobuf JSON duration such as ``"26s"`` or ``"1.5s"``."""
    match = _DURATION.match(value) if isinstance(value, str) else None
    return float(match.group(1)) if match else None


def _parse_retry_after(value: str | None, now: datetime) -> float | None:
    """``Retry-After``: delay seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - now).total_seconds(), 0.0)


def _next_pacific_midnight(now: datetime) -> datetime:
    try:
        pacific: tzinfo = ZoneInfo("America/Los_Angeles")
    except ZoneInfoNotFoundError:  # no tz database: PST (an hour late during daylight saving)
        pacific = timezone(timedelta(hours=-8), "PST")
    local = now.astimezone(pacific)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=pacific)
    return tomorrow.astimezone(UTC)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SUMMARY else text[: _MAX_SUMMARY - 1] + "…"
