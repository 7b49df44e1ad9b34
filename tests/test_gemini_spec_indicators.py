"""Gemini's spec route with the trader vocabulary: Gemini is told the indicator table's kinds,
lines and pattern convention, and a spec it sends using them is compiled by Botlab like an
offline reading. Through the real google-genai client over a mocked HTTP transport."""

from __future__ import annotations

from engine.generation import compile_spec, understand
from engine.generation._gemini_spec import SPEC_INSTRUCTION
from tests.fixtures.gemini.fake_api import FakeGemini
from tests.test_gemini import FakeExecutor
from tests.test_gemini_spec import gemini, spec_reply  # noqa: F401 (a fixture)

IDEA = "buy on a bullish engulfing bar when the supertrend is green, sell when it turns red"


def test_the_instruction_names_the_new_kinds_their_lines_and_the_pattern_convention():
    for words in ('"supertrend": ["line", "direction"]', '"psar": {"step": 0.02', "cloud_top"):
        assert words in SPEC_INSTRUCTION
    assert (
        "bullish_engulfing" in SPEC_INSTRUCTION and "Compare of the pattern > 0" in SPEC_INSTRUCTION
    )


def test_a_spec_with_table_indicators_is_compiled_by_botlab(gemini):  # noqa: F811
    spec = understand(IDEA).spec.model_dump(mode="json")
    executor = FakeExecutor()

    bot = gemini(FakeGemini(spec_reply(spec)), executor).generate(IDEA)

    assert bot.route == "spec"
    assert bot.spec.model_dump(mode="json") == spec
    assert bot.code == compile_spec(bot.spec)
    assert "def supertrend_direction(" in bot.code and "def bullish_engulfing(" in bot.code
    assert executor.runs == []
