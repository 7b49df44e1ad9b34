"""Turn a model reply into a :class:`StrategyReply`, or into the problem to send back.

The SDK's ``response.parsed`` is simply ``None`` for a reply that does not fit the schema; parsing
the text ourselves gives the model a precise reason (which field, where the JSON ended) to repair.
"""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from engine.generation._gemini_client import ModelReply
from engine.generation._gemini_prompt import StrategyReply
from engine.generation._gemini_trial import Problem

_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*$", re.DOTALL)
_MAX_ERRORS = 3
Reply = TypeVar("Reply", bound=BaseModel)


def parse_reply(reply: ModelReply) -> tuple[StrategyReply | None, Problem | None]:
    """The parsed reply, or the ``malformed``/``truncated``/``blocked`` problem with it."""
    parsed, problem = validated(reply, StrategyReply)
    if problem:
        return None, problem
    code = _strip_fences(parsed.code)
    if not code.strip():
        return None, Problem("malformed", "the reply's code field is empty")
    return parsed.model_copy(update={"code": code, "class_name": parsed.class_name.strip()}), None


def validated(reply: ModelReply, model: type[Reply]) -> tuple[Reply, None] | tuple[None, Problem]:
    """``reply``'s JSON as ``model``, or why it is not: blocked or empty, cut off at the output
    limit, or malformed (the first few validation errors)."""
    if not reply.text.strip():
        return None, empty_reply_problem(reply)
    try:
        return model.model_validate_json(reply.text), None
    except ValidationError as exc:
        if reply.truncated:
            return None, truncated_problem(reply)
        return None, Problem("malformed", validation_summary(exc))


def empty_reply_problem(reply: ModelReply) -> Problem:
    if reply.block_reason:
        return Problem("blocked", f"the request was blocked ({reply.block_reason})")
    if reply.truncated:
        return truncated_problem(reply)
    return Problem("blocked", f"the reply was empty (finish reason {reply.finish_reason})")


def truncated_problem(reply: ModelReply) -> Problem:
    used = f" after {reply.output_tokens:,} output tokens" if reply.output_tokens else ""
    return Problem(
        "truncated", f"the reply was cut off at the output limit{used}, before the JSON ended"
    )


def validation_summary(exc: ValidationError) -> str:
    """The first few pydantic errors as one short paragraph (never the whole reply)."""
    parts = []
    for error in exc.errors()[:_MAX_ERRORS]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "the reply"
        parts.append(f"{where}: {error.get('msg')}")
    more = len(exc.errors()) - _MAX_ERRORS
    suffix = f" (and {more} more)" if more > 0 else ""
    return "the reply is not the JSON object asked for: " + "; ".join(parts) + suffix


def _strip_fences(code: str) -> str:
    """The code without a Markdown fence around it, should the model add one anyway."""
    match = _FENCE.match(code)
    return (match.group(1) if match else code).strip("\n") + "\n"
