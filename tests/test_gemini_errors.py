"""How Gemini failures are sorted for the key pool (errors built by the real SDK client)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx2
import pytest
from google import genai
from google.genai import errors, types

from engine.generation._gemini_client import http_options
from engine.generation._gemini_errors import (
    FATAL,
    INVALID_KEY,
    RATE_LIMITED,
    TRANSIENT,
    classify,
)
from engine.generation.keys import redact
from tests.fixtures.gemini.fake_api import FakeGemini, error, timeout

KEY = "AIzaSyTestTestTestTestTestTestTest12345"
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # daylight saving time: Pacific is UTC-7


def _raised(step) -> BaseException:
    """What the real SDK client raises when the API answers with ``step``."""
    client = FakeGemini(step).client_factory(KEY, http_options(5))
    with pytest.raises(Exception) as caught:  # noqa: PT011 - any failure is what we study
        client.models.generate_content(model="gemini-3.8-flash", contents="hi")
    return caught.value


@pytest.mark.parametrize(
    ("step", "kind", "retry_after_s"),
    [
        (error("429_per_minute"), RATE_LIMITED, 26.0),
        (error("429_per_minute", headers={"Retry-After": "90"}), RATE_LIMITED, 26.0),
        (error("400_api_key_invalid"), INVALID_KEY, None),
        (error("403_leaked"), INVALID_KEY, None),
        (error("400_bad_request"), FATAL, None),
        (error("404_model"), FATAL, None),
        (error("503"), TRANSIENT, None),
        (timeout(), TRANSIENT, None),
    ],
)
def test_failures_are_classified(step, kind, retry_after_s):
    failure = classify(_raised(step), now=NOW)
    assert (failure.kind, failure.retry_after_s) == (kind, retry_after_s)


def test_a_429_without_retry_info_uses_retry_after():
    def limited(request):
        body = {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "slow down"}}
        return httpx2.Response(429, json=body, headers={"Retry-After": "90"})

    assert classify(_raised(limited), now=NOW).retry_after_s == 90.0


def test_a_daily_quota_lasts_until_midnight_pacific_in_summer_too():
    failure = classify(_raised(error("429_per_day")), now=NOW)
    # 12:00 UTC on 1 July is 05:00 PDT; midnight PDT is 07:00 UTC the next day, plus 5 s
    assert failure.retry_after_s == 19 * 3600 + 5


def test_an_unreachable_server_is_transient():
    def refused(request):
        raise httpx2.ConnectError("[Errno -2] Name or service not known", request=request)

    assert classify(_raised(refused), now=NOW).kind == TRANSIENT


def test_a_bug_is_not_an_api_failure():
    assert classify(ValueError("additionalProperties is not supported"), now=NOW) is None


def test_the_sdks_error_text_echoes_the_key_but_the_summary_and_redaction_do_not():
    exc = _raised(error("400_api_key_invalid"))
    assert isinstance(exc, errors.ClientError) and KEY in str(exc)  # DebugInfo echoes it
    assert KEY not in classify(exc, now=NOW).summary
    assert KEY not in redact(str(exc), [KEY])


def test_the_sdk_makes_exactly_one_request_per_call():
    fake = FakeGemini(error("503"))
    client = fake.client_factory(KEY, http_options(5))
    with pytest.raises(errors.ServerError):
        client.models.generate_content(model="gemini-3.8-flash", contents="hi")
    assert len(fake.calls) == 1


def test_http_options_are_milliseconds_with_retries_off():
    options = http_options(60)
    assert options.timeout == 60_000
    assert options.retry_options.attempts == 1
    with pytest.raises(ValueError):
        http_options(0)
    assert isinstance(genai.Client(api_key=KEY, http_options=options), genai.Client)
    assert isinstance(options, types.HttpOptions)
