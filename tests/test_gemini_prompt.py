"""What Botlab tells Gemini: the system instruction, the schema, repair prompts, reply parsing."""

from __future__ import annotations

import json

import pytest

from engine.generation._gemini_client import ModelReply
from engine.generation._gemini_prompt import (
    EXAMPLE_CODE,
    SYSTEM_INSTRUCTION,
    StrategyReply,
    repair_prompt,
    request_prompt,
)
from engine.generation._gemini_reply import parse_reply
from engine.generation.gate import check_code
from engine.generation.gemini import default_name


def _reply(text: str, finish: str = "STOP", block: str | None = None) -> ModelReply:
    return ModelReply(text, finish, 10, 20, block, "gemini-3.8-flash", 0.1)


@pytest.mark.parametrize(
    "fact",
    [
        "strictly between 0 and 1",  # size fractions
        "absolute PRICES",  # sl/tp
        "self.I(func, self.data.Close, n",  # indicators through self.I
        "[0] is the FIRST bar",  # indexing
        "self.sell() does NOT close a long",  # exits
        "finalize_trades=True",  # how Botlab runs it
        "RSI (Wilder)",  # indicators written with pandas
        "Never shift by a negative number",  # look-ahead
        "do not import backtesting.test",
        "only numpy, pandas, math, backtesting, backtesting.lib",
    ],
)
def test_the_system_instruction_carries_the_engine_facts(fact):
    assert fact in " ".join(SYSTEM_INSTRUCTION.split())  # wherever the lines break


def test_the_example_passes_the_gate_and_is_in_the_instruction():
    assert check_code(EXAMPLE_CODE, class_name="EmaCrossRsi") == []
    assert EXAMPLE_CODE in SYSTEM_INSTRUCTION  # and test_gemini.py runs it on GOOG


def test_the_schema_has_no_free_form_objects():
    # the Gemini Developer API refuses additionalProperties (dict[str, X] fields)
    assert "additionalProperties" not in json.dumps(StrategyReply.model_json_schema())


def test_a_repair_prompt_has_the_request_the_code_the_problem_and_hints():
    prompt = repair_prompt(
        "buy dips", attempt=2, outcome="no_trades", problem="made no trades", previous_code="X=1"
    )
    assert prompt.startswith("Write a Botlab strategy for this request:\n\nbuy dips")
    assert "```python\nX=1\n```" in prompt and "attempt 2" in prompt
    assert "trial-run (no trades) stage:\nmade no trades" in prompt
    assert "Loosen the conditions" in prompt
    assert "request" in request_prompt("buy dips") and "buy dips" in request_prompt("buy dips")


def test_replies_are_parsed_or_explained():
    good = json.dumps(
        {"class_name": " A ", "assumptions": [], "parameters": [], "code": "```python\nx = 1\n```"}
    )
    parsed, problem = parse_reply(_reply(good))
    assert problem is None and parsed.code == "x = 1\n" and parsed.class_name == "A"

    _, problem = parse_reply(_reply('{"class_name": "A"}'))
    assert problem.outcome == "malformed" and "assumptions: Field required" in problem.message
    _, problem = parse_reply(_reply('{"class_name": "A", "code": "x', finish="MAX_TOKENS"))
    assert problem.outcome == "truncated"
    _, problem = parse_reply(_reply("", finish="SAFETY"))
    assert (problem.outcome, problem.message) == (
        "blocked",
        "the reply was empty (finish reason SAFETY)",
    )
    _, problem = parse_reply(_reply("", block="PROHIBITED_CONTENT"))
    assert "blocked (PROHIBITED_CONTENT)" in problem.message
    empty = json.dumps({"class_name": "A", "assumptions": [], "parameters": [], "code": " "})
    assert parse_reply(_reply(empty))[1].message == "the reply's code field is empty"


def test_default_names_come_from_the_description():
    assert default_name("  Buy   the dip\nwith a stop") == "Buy the dip"
    assert len(default_name("x" * 100)) == 60
