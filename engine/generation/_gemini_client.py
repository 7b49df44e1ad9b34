"""The google-genai calls: client options, the request config, and what is read from a reply.

Facts this relies on (google-genai 3.x, read from the SDK's source and checked with mocked calls):

* ``HttpOptions.timeout`` is in **milliseconds** and the default is no timeout at all (a call to a
  silent server hangs forever), so every client gets one;
* retries are off: ``HttpRetryOptions(attempts=1)``. The SDK's own retry ignores ``RetryInfo`` and
  ``Retry-After`` and would hammer a rate-limited key; failover is :class:`~engine.generation.keys.
  KeyPool`'s job;
* the key travels in the ``x-goog-api-key`` header (never the URL);
* ``response_schema`` takes a pydantic model (no ``dict[str, X]`` fields: the Developer API
  refuses ``additionalProperties``); the reply text is parsed by us, so a malformed reply gives a
  precise error to send back for repair instead of ``parsed=None``;
* thinking tokens count against ``max_output_tokens`` and are billed as output.

``google.genai`` takes about a second to import, so it is imported on first use, not with
Botlab.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: The newest GA Flash model when this was written (a 1,048,576-token context, 65,536 output
#: tokens); override with ``BOTLAB_GEMINI_MODEL``. Preview models are not for production under
#: Gemini's terms.
DEFAULT_MODEL = "gemini-3.8-flash"
MODEL_ENV = "BOTLAB_GEMINI_MODEL"
DEFAULT_TIMEOUT_S = 60.0
#: Low: we want the most likely correct code, not variety (QuantCode-Bench used 0.1).
TEMPERATURE = 0.2
#: Room for thinking plus a module; a reply cut at this limit is repaired as ``truncated``.
MAX_OUTPUT_TOKENS = 16_384

#: ``(api_key, http_options) -> genai.Client``; tests inject a mocked HTTP transport here.
ClientFactory = Callable[[str, Any], Any]


def resolve_model(env: Mapping[str, str] | None = None) -> str:
    """The model id: ``BOTLAB_GEMINI_MODEL`` or :data:`DEFAULT_MODEL`."""
    env = os.environ if env is None else env
    return (env.get(MODEL_ENV) or "").strip() or DEFAULT_MODEL


def http_options(timeout_s: float) -> Any:
    """``types.HttpOptions`` with an explicit timeout (ms!) and the SDK's retries off."""
    from google.genai import types

    if timeout_s <= 0:
        raise ValueError("the Gemini request timeout must be positive")
    return types.HttpOptions(
        timeout=round(timeout_s * 1000), retry_options=types.HttpRetryOptions(attempts=1)
    )


def default_client_factory(api_key: str, options: Any) -> Any:
    """A real ``genai.Client`` for the Gemini Developer API."""
    from google import genai

    return genai.Client(api_key=api_key, http_options=options)


def generation_config(system_instruction: str, schema: type | dict) -> Any:
    """The request config: system prompt, low temperature, JSON constrained to ``schema``.

    ``schema`` is a pydantic model (sent as ``response_schema``) or a JSON schema dict (sent as
    ``response_json_schema``, the only form in which the Developer API accepts ``dict`` fields).
    """
    from google.genai import types

    constraint = (
        {"response_json_schema": schema}
        if isinstance(schema, dict)
        else {"response_schema": schema}
    )
    return types.GenerateContentConfig(
        system_instruction=system_instruction,
        temperature=TEMPERATURE,
        max_output_tokens=MAX_OUTPUT_TOKENS,
        response_mime_type="application/json",
        **constraint,
        # no tools are declared; turning AFC off also silences its per-call log line
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )


@dataclass(frozen=True)
class ModelReply:
    """What Botlab keeps of one generateContent reply."""

    text: str  # "" when the reply carried no text (blocked, empty)
    finish_reason: str | None  # "STOP", "MAX_TOKENS", "SAFETY", …
    prompt_tokens: int | None
    output_tokens: int | None  # answer + thinking: both are billed as output
    block_reason: str | None  # why the *prompt* was blocked, if it was
    model_version: str | None
    duration_s: float

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "MAX_TOKENS"


def ask(client: Any, model: str, prompt: str, config: Any) -> ModelReply:
    """One generateContent call; API and transport errors propagate (see ``_gemini_errors``)."""
    started = time.monotonic()
    response = client.models.generate_content(model=model, contents=prompt, config=config)
    return _reply(response, time.monotonic() - started)


def _reply(response: Any, duration_s: float) -> ModelReply:
    candidates = response.candidates or []
    finish = candidates[0].finish_reason if candidates else None
    usage = response.usage_metadata
    feedback = response.prompt_feedback
    block = feedback.block_reason if feedback is not None else None
    output = None
    if usage is not None and (usage.candidates_token_count or usage.thoughts_token_count):
        output = (usage.candidates_token_count or 0) + (usage.thoughts_token_count or 0)
    return ModelReply(
        text=(response.text or "") if candidates else "",
        finish_reason=_enum_name(finish),
        prompt_tokens=usage.prompt_token_count if usage is not None else None,
        output_tokens=output,
        block_reason=_enum_name(block),
        model_version=response.model_version,
        duration_s=duration_s,
    )


def _enum_name(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))
