"""The Gemini generator, through the real google-genai client over a mocked HTTP transport.

:class:`tests.fixtures.gemini.fake_api.FakeGemini` scripts the API's replies (see its docstring).
Trial runs that are under test go through the real executor (a child process each, about a
second; 9 in this module); tests about key failover use :class:`FakeExecutor`, since the trial is
not what they check.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import UTC, datetime, timedelta

import pytest

from engine.config import load_settings
from engine.execution.executor import BotExecutor
from engine.execution.result import BotExecutionResult
from engine.execution.sandbox import Sandbox
from engine.generation import gemini as gemini_module
from engine.generation._gemini_prompt import EXAMPLE_CODE, EXAMPLE_REQUEST
from engine.generation.gemini import GeminiGenerator, GenerationError
from engine.generation.keys import KeyPool, fingerprint
from engine.store import Store
from tests.conftest import CLOCK_START
from tests.fixtures.gemini.fake_api import FakeGemini, error, reply, strategy_code, timeout

KEY_1 = "AQ.Ab8RN6Itest-key-one-00000000000000"
KEY_2 = "AQ.Ab8RN6Itest-key-two-00000000000000"
KEY_3 = "AQ.Ab8RN6Itest-key-three-000000000000"
GOOD = EXAMPLE_CODE
DESCRIPTION = EXAMPLE_REQUEST
START = CLOCK_START  # (the clock fixture's)


class FakeExecutor:
    """Stands in for the executor where the trial is not under test: every bot trades."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, dict]] = []

    def execute_code(self, code, strategy_name, **options) -> BotExecutionResult:
        self.runs.append((code, {"strategy_name": strategy_name, **options}))
        return BotExecutionResult(
            execution_id=None,
            success=True,
            status="succeeded",
            strategy_name=strategy_name,
            trades=12,
            return_pct=80.0,
            buy_hold_return_pct=120.0,
        )


@pytest.fixture
def real_executor(store) -> BotExecutor:
    return BotExecutor(verbose=False, store=store)


@pytest.fixture
def generator_for(store, clock):
    """``generator_for(fake, keys=..., executor=..., **options)``: a generator on ``fake``.

    These tests are about the code route (free code, gate, trial, repair, key failover), so the
    spec reading that comes first is off unless a test turns it on (``spec_first=True``); the
    spec route has its own tests in ``test_gemini_spec.py``.
    """
    made: list[GeminiGenerator] = []

    def make(fake: FakeGemini, *, keys=(KEY_1, KEY_2), executor=None, **options):
        options.setdefault("spec_first", False)
        generator = GeminiGenerator(
            store=store,
            executor=executor or FakeExecutor(),
            client_factory=fake.client_factory,
            keys=None if keys is None else list(keys),
            clock=clock,
            sleep=clock.sleep,
            **options,
        )
        made.append(generator)
        return generator

    yield make
    for generator in made:
        generator.close()


def _key(store: Store, key: str):
    (stats,) = store.key_stats([fingerprint(key)])
    return stats


# -- success ---------------------------------------------------------------------------------


def test_a_good_reply_is_trial_run_and_stored_with_its_tokens(generator_for, real_executor, store):
    fake = FakeGemini(reply(GOOD))
    bot = generator_for(fake, executor=real_executor).generate(DESCRIPTION)

    assert (bot.class_name, bot.code, bot.model) == ("EmaCrossRsi", GOOD, "gemini-3.8-flash")
    assert bot.parameters == {"fast": 10}
    assert bot.assumptions == ["Long-only.", "Invest 95% of equity per trade."]
    assert bot.trial.success and bot.trial.trades > 0 and not bot.repaired
    assert bot.path.read_text() == GOOD and bot.path.is_relative_to(load_settings().bots_dir)
    (attempt,) = bot.attempts
    assert attempt.outcome == "succeeded" and attempt.error_message is None
    assert (attempt.prompt_tokens, attempt.output_tokens) == (2412, 613 + 388)
    assert attempt.key_fingerprint == fingerprint(KEY_1)
    assert attempt.execution_id == bot.trial.execution_id
    assert attempt.code_sha256 == hashlib.sha256(GOOD.encode()).hexdigest()
    assert attempt.finish_reason == "STOP"

    generation = store.get_generation(bot.generation_id)
    assert (generation.status, generation.succeeded_attempt, generation.attempt_count) == (
        "succeeded",
        1,
        1,
    )
    assert generation.execution_id == bot.trial.execution_id
    assert (generation.prompt_tokens, generation.output_tokens) == (2412, 1001)
    execution = store.get_execution(bot.trial.execution_id)
    strategy = store.get_strategy(execution.strategy_id)
    assert (strategy.source, strategy.description, strategy.code) == ("gemini", DESCRIPTION, GOOD)
    assert execution.symbol == "GOOG" and execution.data_source.startswith("sample")
    key = _key(store, KEY_1)
    assert (key.calls, key.tokens, key.bots_succeeded, key.bots_failed) == (1, 3413, 1, 0)


def test_the_request_has_the_prompt_schema_timeout_and_key_header(generator_for):
    fake = FakeGemini(reply(GOOD))
    generator_for(fake, timeout_s=45).generate(DESCRIPTION, name="EMA cross")

    (call,) = fake.calls  # the SDK's own retries are off: one HTTP request
    assert call.request.url.path == "/v1/models/gemini-3.8-flash:generateContent"
    assert call.key == KEY_1 and KEY_1 not in str(call.request.url)
    # HttpOptions.timeout is in milliseconds: 45 s must reach the transport as 45 s
    assert call.request.extensions["timeout"]["read"] == 45.0
    config = call.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    schema = config["responseSchema"]
    assert set(schema["required"]) == {"class_name", "assumptions", "parameters", "code"}
    assert config["temperature"] <= 0.3 and config["maxOutputTokens"] >= 8192
    for fact in ("absolute PRICES", "self.I(", "finalize_trades=True", "Never define __init__"):
        assert fact in call.system_instruction
    assert DESCRIPTION in call.prompt


def test_the_model_comes_from_botlab_gemini_model(generator_for, monkeypatch):
    monkeypatch.setenv("BOTLAB_GEMINI_MODEL", "gemini-3.7-flash")
    fake = FakeGemini(reply(GOOD))
    bot = generator_for(fake).generate(DESCRIPTION)
    assert fake.calls[0].request.url.path == "/v1/models/gemini-3.7-flash:generateContent"
    assert bot.model == "gemini-3.7-flash" == bot.attempts[0].model


# -- repair ------------------------------------------------------------------------------------


def test_malformed_and_truncated_json_are_sent_back_for_repair(generator_for):
    executor = FakeExecutor()
    truncated = '{"class_name": "EmaCrossRsi", "assumptions": ["Long-only."], "code": "import pan'
    fake = FakeGemini(
        reply(text="Sure! Here is the strategy you asked for."),
        reply(text=truncated, finish="MAX_TOKENS", output_tokens=16_000),
        reply(GOOD),
    )
    bot = generator_for(fake, executor=executor).generate(DESCRIPTION)

    assert [a.outcome for a in bot.attempts] == ["malformed", "truncated", "succeeded"]
    assert "not the JSON object asked for" in fake.prompts[1]
    assert "Invalid JSON" in bot.attempts[0].error_message
    assert "cut off at the output limit" in fake.prompts[2]
    assert bot.attempts[1].finish_reason == "MAX_TOKENS"
    assert bot.attempts[1].output_tokens == 16_388
    assert len(executor.runs) == 1  # unusable replies never reach a trial run


def test_code_that_fails_is_repaired_with_its_error(generator_for, real_executor, store):
    broken = strategy_code("broken_targets")
    fake = FakeGemini(reply(broken, class_name="EmaCrossTargets"), reply(GOOD))
    bot = generator_for(fake, executor=real_executor).generate(DESCRIPTION)

    first, second = bot.attempts
    assert (first.outcome, second.outcome) == ("error", "succeeded")
    assert "Long orders require: SL (0.92)" in first.error_message
    repair = fake.prompts[1]
    assert DESCRIPTION in repair and broken in repair  # the request and the code it fixes
    assert "Long orders require: SL (0.92)" in repair  # the error
    assert 'File "bot.py", line 22, in next' in repair  # the traceback, paths shortened
    assert "site-packages" not in repair and str(load_settings().home) not in repair
    assert store.get_execution(first.execution_id).status == "failed"
    assert store.get_generation(bot.generation_id).succeeded_attempt == 2
    leftovers = sorted(p.name for p in bot.path.parent.iterdir())
    assert leftovers == [bot.path.name]  # the failed attempt's file is gone


def test_zero_trades_is_repaired(generator_for, real_executor):
    fake = FakeGemini(reply(strategy_code("no_trades"), class_name="SmaCrossScalars"), reply(GOOD))
    bot = generator_for(fake, executor=real_executor).generate(DESCRIPTION)

    assert [a.outcome for a in bot.attempts] == ["no_trades", "succeeded"]
    repair = fake.prompts[1]
    assert "made no trades" in repair and "GOOG, 2148 daily bars" in repair
    assert "entry conditions were never met" in repair  # the executor's explanation
    assert "crossover() of arrays not made with self.I" in repair  # the hints


def test_a_return_that_smells_of_look_ahead_is_repaired(generator_for, real_executor):
    fake = FakeGemini(reply(strategy_code("look_ahead"), class_name="NextOpenMove"), reply(GOOD))
    bot = generator_for(fake, executor=real_executor).generate(DESCRIPTION)

    assert [a.outcome for a in bot.attempts] == ["look_ahead", "succeeded"]
    repair = fake.prompts[1]
    assert "while buy-and-hold returned 703%" in repair
    assert "shift() by a negative number" in repair


def test_gate_rejections_are_fed_back_without_a_trial_run(generator_for, real_executor, store):
    fake = FakeGemini(reply("import os\n" + GOOD), reply(GOOD))
    bot = generator_for(fake, executor=real_executor).generate(DESCRIPTION)

    first, _ = bot.attempts
    assert first.outcome == "gate" and first.execution_id is None
    expected = (
        "imports os: only numpy, pandas, math, backtesting and backtesting.lib are allowed (line 1)"
    )
    assert expected in first.error_message and expected in fake.prompts[1]
    assert store.list_executions(status=None).total == 1  # only the good code ran


def test_when_every_attempt_fails_the_error_says_why(generator_for, store):
    fake = FakeGemini(*(reply("import requests\n" + GOOD) for _ in range(3)))
    with pytest.raises(GenerationError) as caught:
        generator_for(fake).generate(DESCRIPTION)

    error_ = caught.value
    assert error_.reason == "attempts_exhausted" and len(error_.attempts) == 3
    assert "did not produce a working bot in 3 attempts" in str(error_)
    assert "imports requests" in str(error_)
    generation = store.get_generation(error_.generation_id)
    assert (generation.status, generation.attempt_count) == ("failed", 3)
    assert store.generation_stats()["after_repair_success_rate"] == 0.0
    assert _key(store, KEY_1).bots_failed == 3


# -- key failover --------------------------------------------------------------------------------


def test_a_429_cools_the_key_for_its_retry_delay_and_fails_over(generator_for, store, clock):
    fake = FakeGemini(error("429_per_minute"), reply(GOOD))
    bot = generator_for(fake).generate(DESCRIPTION)

    assert fake.keys == [KEY_1, KEY_2]
    assert bot.attempts[0].key_fingerprint == fingerprint(KEY_2)
    cooled = _key(store, KEY_1)
    assert cooled.cooled_until == START + timedelta(seconds=26)  # RetryInfo.retryDelay
    assert (cooled.cooled_kind, cooled.cooled_model) == ("rate_limit", "gemini-3.8-flash")
    assert (cooled.calls, cooled.rate_limits) == (1, 1)
    assert "429 RESOURCE_EXHAUSTED" in cooled.cooled_reason

    # persisted: another process (another store) skips key 1 until the delay is over
    with Store.open(load_settings()) as other:
        pool = KeyPool([KEY_1, KEY_2], store=other, model="gemini-3.8-flash", clock=clock)
        assert pool.acquire().secret == KEY_2
        clock.advance(27)
        assert pool.acquire().secret == KEY_1
        # quotas are per model: another model may use key 1 meanwhile
        clock.advance(-27)
        other_model = KeyPool([KEY_1], store=other, model="gemini-3.5-flash-lite", clock=clock)
        assert other_model.acquire().secret == KEY_1


def test_a_daily_quota_cools_the_key_until_midnight_pacific(generator_for, store):
    fake = FakeGemini(error("429_per_day"), reply(GOOD))
    generator_for(fake).generate(DESCRIPTION)
    # 14:02 UTC on 20 Nov is 06:02 PST; the quota resets at 00:00 PST = 08:00 UTC next day
    assert _key(store, KEY_1).cooled_until == datetime(2026, 11, 21, 8, 0, 5, tzinfo=UTC)


def test_invalid_and_forbidden_keys_are_disabled(generator_for, store):
    fake = FakeGemini(error("400_api_key_invalid"), error("403_leaked"), reply(GOOD))
    generator = generator_for(fake, keys=(KEY_1, KEY_2, KEY_3))
    generator.generate(DESCRIPTION)

    assert fake.keys == [KEY_1, KEY_2, KEY_3]
    first, second = _key(store, KEY_1), _key(store, KEY_2)
    assert first.disabled and "400 INVALID_ARGUMENT: API key not valid" in first.disabled_reason
    assert second.disabled and "403 PERMISSION_DENIED" in second.disabled_reason
    assert (first.failures, second.failures) == (1, 1)

    fake.add(reply(GOOD))
    generator.generate(DESCRIPTION)
    assert fake.keys[3:] == [KEY_3]  # disabled keys are not tried again


def test_when_every_key_is_disabled_the_error_says_a_key_is_what_to_change(generator_for):
    fake = FakeGemini(error("400_api_key_invalid"), error("403_leaked"))
    with pytest.raises(GenerationError) as caught:
        generator_for(fake, keys=(KEY_1, KEY_2)).generate(DESCRIPTION)

    assert caught.value.reason == "no_usable_key"
    assert [h.code for h in caught.value.hints] == ["gemini_key"]


def test_server_errors_and_timeouts_move_to_the_next_key(generator_for, store):
    fake = FakeGemini(error("503"), timeout(), reply(GOOD))
    bot = generator_for(fake, keys=(KEY_1, KEY_2, KEY_3)).generate(DESCRIPTION)

    assert fake.keys == [KEY_1, KEY_2, KEY_3]
    assert bot.attempts[0].key_fingerprint == fingerprint(KEY_3)
    for key, reason in ((KEY_1, "503 UNAVAILABLE"), (KEY_2, "ReadTimeout")):
        stats = _key(store, key)
        assert (stats.failures, stats.cooled_kind, stats.disabled) == (1, "error", False)
        assert stats.cooled_until == START + timedelta(seconds=5)
        assert reason in stats.cooled_reason


def test_a_single_key_resting_after_a_server_error_is_waited_for_once(generator_for, clock):
    fake = FakeGemini(error("503"), reply(GOOD))
    bot = generator_for(fake, keys=(KEY_1,)).generate(DESCRIPTION)
    assert fake.keys == [KEY_1, KEY_1] and clock.slept == [5.0]
    assert bot.attempts[0].outcome == "succeeded"


def test_when_all_keys_are_cooling_the_message_says_when_one_will_be_usable(generator_for, store):
    fake = FakeGemini(error("429_per_minute"), error("429_per_minute"))
    generator = generator_for(fake)
    with pytest.raises(GenerationError) as caught:
        generator.generate(DESCRIPTION)

    error_ = caught.value
    assert str(error_) == (
        "all 2 Gemini keys are rate-limited; the first is usable again at 14:02 UTC (in 26 s)."
    )
    assert error_.reason == "no_usable_key" and error_.attempts == []
    assert error_.hints == []  # waiting helps, not another key
    assert error_.retry_at == START + timedelta(seconds=26)
    generation = store.get_generation(error_.generation_id)
    assert (generation.status, generation.error_type) == ("unavailable", "no_usable_key")

    with pytest.raises(GenerationError, match="rate-limited"):
        generator.generate(DESCRIPTION)
    assert len(fake.calls) == 2  # no request while every key is cooling
    assert store.generation_stats()["unavailable"] == 2


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("404_model", "set BOTLAB_GEMINI_MODEL"),
        ("400_bad_request", "Invalid JSON payload received"),
    ],
)
def test_a_request_error_is_reported_without_trying_other_keys(
    generator_for, store, fixture, expected
):
    fake = FakeGemini(error(fixture))
    with pytest.raises(GenerationError, match="Gemini refused the request") as caught:
        generator_for(fake).generate(DESCRIPTION)
    assert expected in str(caught.value) and caught.value.reason == "api_error"
    assert fake.keys == [KEY_1]
    key = _key(store, KEY_1)
    assert (key.failures, key.disabled, key.cooled_until) == (1, False, None)


def test_a_trial_that_cannot_run_here_ends_the_generation_without_a_repair(generator_for, store):
    class NoSandbox(FakeExecutor):
        def execute_code(self, code, strategy_name, **options):
            result = super().execute_code(code, strategy_name, **options)
            result.success, result.status, result.trades = False, "failed", None
            result.error_type = "sandbox_unavailable"
            result.error = "strict sandbox: the seccomp layer is missing"
            return result

    fake = FakeGemini(reply(GOOD))
    with pytest.raises(GenerationError, match="seccomp layer is missing") as caught:
        generator_for(fake, executor=NoSandbox()).generate(DESCRIPTION)
    assert caught.value.reason == "trial_unavailable" and len(fake.calls) == 1
    generation = store.get_generation(caught.value.generation_id)
    assert (generation.status, generation.attempts) == ("unavailable", ())
    assert not list(load_settings().bots_dir.rglob("*.py"))


def test_a_crash_does_not_leave_the_generation_running(generator_for, store):
    class Exploding(FakeExecutor):
        def execute_code(self, code, strategy_name, **options):
            raise RuntimeError("the executor broke")

    with pytest.raises(RuntimeError):
        generator_for(FakeGemini(reply(GOOD)), executor=Exploding()).generate(DESCRIPTION)
    (generation,) = store.list_generations()
    assert generation.status != "running" and generation.error_type == "internal_error"


# -- secrets -----------------------------------------------------------------------------------

CANARY_1 = "AIzaSyCanaryCanaryCanaryCanary0000001"
CANARY_2 = "AQ.Ab8RN6Icanary-canary-canary-0000002"

PRINTS_ENVIRONMENT = GOOD.replace("import pandas as pd\n", "import os\n\nimport pandas as pd\n")
PRINTS_ENVIRONMENT = PRINTS_ENVIRONMENT.replace(
    "    def init(self):\n", "    def init(self):\n        print(sorted(os.environ.items()))\n"
)


@pytest.fixture
def fresh_sandbox():
    """A sandbox whose warm zygote starts inside the test (after the keys are in the
    environment), not the process-wide one an earlier test may have started."""
    sandbox = Sandbox(load_settings().sandbox_policy)
    yield lambda job_dir, limits, *, cancel=None: sandbox.run(job_dir, limits, cancel=cancel)
    sandbox.close()


def test_keys_never_reach_the_child_the_database_the_files_or_the_logs(
    generator_for, store, monkeypatch, tmp_path, caplog, fresh_sandbox
):
    # keys from the environment (as in production); no secrets files from this machine
    monkeypatch.setenv("GEMINI_API_KEYS", CANARY_1)
    monkeypatch.setenv("GEMINI_API_KEY", CANARY_2)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    # the gate would refuse `import os`; the point here is what the child can see
    monkeypatch.setattr(gemini_module, "check_code", lambda code, class_name=None: [])
    caplog.set_level(logging.DEBUG)
    executor = BotExecutor(verbose=False, store=store, runner=fresh_sandbox)
    fake = FakeGemini(error("400_api_key_invalid"), reply(PRINTS_ENVIRONMENT))
    bot = generator_for(fake, keys=None, executor=executor).generate(DESCRIPTION)

    assert fake.keys == [CANARY_1, CANARY_2]
    assert CANARY_1 in fake.calls[0].request.headers["x-goog-api-key"]
    log = bot.trial.output_log
    assert "'PATH'" in log  # the bot did print its environment ...
    assert CANARY_1 not in log and CANARY_2 not in log  # ... which holds no key
    assert "GEMINI" not in log

    home = load_settings().home
    for path in home.rglob("*"):  # database (and its WAL), results, bot files, salt
        if path.is_file():
            data = path.read_bytes()
            assert CANARY_1.encode() not in data and CANARY_2.encode() not in data, path
    assert CANARY_1 not in caplog.text and CANARY_2 not in caplog.text
    disabled = _key(store, CANARY_1)
    assert disabled.disabled and CANARY_1 not in disabled.disabled_reason
    assert os.environ["GEMINI_API_KEY"] == CANARY_2  # the parent's environment is untouched
