"""Gemini's spec route: Gemini reads the description into Botlab's spec, Botlab compiles it.

Through the real google-genai client over a mocked HTTP transport
(:class:`tests.fixtures.gemini.fake_api.FakeGemini`).
"""

from __future__ import annotations

import json

import pytest

from engine.generation import compile_spec, render_english, understand
from engine.generation._gemini_spec import SPEC_INSTRUCTION
from engine.generation.gemini import GeminiGenerator
from engine.generation.generator import StrategyGenerator
from engine.generation.spec import StrategySpec
from tests.conftest import Clock
from tests.fixtures.gemini.fake_api import FakeGemini, reply
from tests.test_gemini import GOOD, KEY_1, FakeExecutor

IDEA = "Buy MSFT when RSI(14) drops below 30 and sell when it is above 70, with a 5% stop."


def _spec(**changes) -> dict:
    """A spec as Gemini would send it (built with the offline compiler, then changed)."""
    spec = understand(IDEA).spec.model_dump(mode="json")
    spec.update(changes)
    return spec


def spec_reply(spec: dict | None = None, *, expressible: bool = True, missing: str = ""):
    return reply(text=json.dumps({"expressible": expressible, "missing": missing, "spec": spec}))


@pytest.fixture
def gemini(store):
    made = []

    def make(fake: FakeGemini, executor=None) -> GeminiGenerator:
        generator = GeminiGenerator(
            store=store,
            executor=executor or FakeExecutor(),
            client_factory=fake.client_factory,
            keys=[KEY_1],
            clock=Clock(),
        )
        made.append(generator)
        return generator

    yield make
    for generator in made:
        generator.close()


def test_a_spec_reading_is_compiled_by_botlab_with_no_trial(gemini, store):
    spec = _spec(assumptions=["RSI period 14 (the standard)."])
    fake = FakeGemini(spec_reply(spec))
    executor = FakeExecutor()

    bot = gemini(fake, executor).generate(IDEA)

    assert bot.route == "spec"
    assert bot.route_note == (
        "Gemini read the description into Botlab's spec; Botlab's compiler wrote the code."
    )
    assert bot.spec.model_dump(mode="json") == spec
    assert bot.code == compile_spec(bot.spec)
    assert bot.assumptions == ["RSI period 14 (the standard)."]
    assert bot.trial is None and executor.runs == []  # Botlab's own code needs no trial
    (attempt,) = bot.attempts
    assert (attempt.outcome, attempt.class_name) == ("succeeded", spec["name"])
    generation = store.get_generation(bot.generation_id)
    assert (generation.status, generation.succeeded_attempt) == ("succeeded", 1)

    (call,) = fake.calls
    assert call.system_instruction == SPEC_INSTRUCTION
    assert IDEA in call.prompt
    schema = call.body["generationConfig"]["responseJsonSchema"]
    assert set(schema["required"]) >= {"expressible"}
    assert "StrategySpec" in schema["$defs"]  # generated from the pydantic model
    assert "responseSchema" not in call.body["generationConfig"]


def test_what_the_spec_cannot_express_goes_to_free_code(gemini):
    fake = FakeGemini(
        spec_reply(None, expressible=False, missing="the phase of the moon"), reply(GOOD)
    )

    bot = gemini(fake).generate("buy when the moon is full and RSI(14) is below 30")

    assert bot.route == "code" and bot.code == GOOD
    assert bot.route_note == (
        "Botlab's spec cannot express the phase of the moon, so Gemini wrote the code; it "
        "passed Botlab's checks and a trial run."
    )
    assert [a.outcome for a in bot.attempts] == ["inexpressible", "succeeded"]
    assert bot.attempts[0].error_message == "the spec cannot express the phase of the moon"
    assert fake.calls[0].system_instruction == SPEC_INSTRUCTION
    assert fake.calls[1].system_instruction != SPEC_INSTRUCTION
    assert "responseSchema" in fake.calls[1].body["generationConfig"]


def test_a_reading_that_does_not_validate_is_repaired_once(gemini):
    broken = _spec()
    broken["entry"]["a"]["id"] = "rsi_99"  # an indicator the spec does not define
    fake = FakeGemini(spec_reply(broken), spec_reply(_spec()))

    bot = gemini(fake).generate(IDEA)

    assert bot.route == "spec"
    assert [a.outcome for a in bot.attempts] == ["malformed", "succeeded"]
    assert "unknown indicator 'rsi_99'" in bot.attempts[0].error_message
    repair = fake.prompts[1]
    assert "did not validate" in repair and "unknown indicator 'rsi_99'" in repair
    assert IDEA in repair


def test_a_reading_comparing_a_price_with_an_oscillator_is_repaired_as_offline(gemini):
    mixed = _spec()
    rsi = mixed["entry"]["a"]
    close = {"type": "price", "field": "close", "lag": 0, "times": 1.0}
    mixed["entry"] = {"type": "cross", "a": close, "direction": "above", "b": rsi}
    fake = FakeGemini(spec_reply(mixed), spec_reply(_spec()))

    bot = gemini(fake).generate(IDEA)

    assert bot.route == "spec"
    assert [a.outcome for a in bot.attempts] == ["malformed", "succeeded"]
    why = "a price is never compared with RSI (an oscillator on its own scale)"
    assert why in bot.attempts[0].error_message and why in fake.prompts[1]
    offline = understand("buy when RSI is above 50 and price pulls back to it")
    assert f"{why[0].upper()}{why[1:]}: not read" in offline.assumptions


def test_two_readings_that_do_not_validate_fall_back_to_free_code(gemini):
    fake = FakeGemini(reply(text="{}"), reply(text="not json"), reply(GOOD))

    bot = gemini(fake).generate(IDEA)

    assert bot.route == "code"
    assert [a.outcome for a in bot.attempts] == ["malformed", "malformed", "succeeded"]
    assert bot.route_note.startswith("Gemini's spec reading did not validate (")


def test_the_generator_echoes_stores_and_runs_settings_of_gemini_s_spec(monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", KEY_1)
    spec = _spec(symbol="MSFT", period_days=730)
    fake = FakeGemini(spec_reply(spec))
    generator = StrategyGenerator(gemini_options={"client_factory": fake.client_factory})

    strategy = generator.generate(IDEA, engine="gemini")

    assert (strategy.engine, strategy.route) == ("gemini", "spec")
    assert strategy.rules == render_english(StrategySpec.model_validate(spec))
    assert (strategy.symbol, strategy.period_days) == ("MSFT", 730)
    assert strategy.spec == spec
    assert strategy.code_path.read_text() == strategy.code
    stored = generator.store.get_strategy(strategy.strategy_id)
    assert (stored.source, stored.spec) == ("gemini", spec)
    document = strategy.to_dict()
    assert document["route"] == "spec"
    assert document["route_note"].startswith("Gemini read the description into Botlab's spec")
