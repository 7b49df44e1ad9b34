"""Turn a plain-English trading idea into a working backtesting.py bot with Google's Gemini.

>>> from engine.generation.gemini import GeminiGenerator
>>> bot = GeminiGenerator().generate("Buy GOOG when RSI(14) < 30, sell when it is above 70")
>>> bot.class_name, bot.trial.return_pct, len(bot.attempts)

First, Gemini is asked to read the description into Botlab's typed spec
(:mod:`engine.generation._gemini_spec`); a valid reading is compiled by Botlab's own compiler,
exactly like an offline reading, and that is the bot (``route="spec"``). Only when the spec
cannot express the idea, or Gemini's reading does not validate after one repair, does Botlab ask
for free code (``route="code"``, with ``route_note`` saying why). Each code attempt:

1. asks Gemini (google-genai SDK, ``BOTLAB_GEMINI_MODEL``, explicit timeout, SDK retries off) for
   a JSON object ``{class_name, assumptions, parameters, code}`` through whichever configured key
   is usable (:class:`~engine.generation.keys.KeyPool`: rate-limited keys cool, invalid keys are
   disabled, 5xx/timeouts move on to the next key);
2. parses it, runs the static gate (:func:`~engine.generation.gate.check_code`), then a trial run
   in the sandboxed child on bundled data (:mod:`engine.generation._gemini_trial`);
3. on any problem (malformed or truncated JSON, gate, exception, zero trades, a return that smells
   of look-ahead) sends the redacted diagnosis back with the code for repair, up to
   ``max_attempts`` in all.

Every attempt is stored (:mod:`engine.store.generation`), so ``Store.generation_stats()`` gives the
first-try and after-repair success rates; keys appear only as fingerprints, and every error text
is redacted. The trial runs are ordinary executions (``strategy_source="gemini"``), so a failed
attempt shows up as a failed run of the strategy's earlier version.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.config import Settings, load_settings
from engine.generation import _gemini_client, _gemini_prompt, _gemini_spec, _gemini_trial
from engine.generation._codegen import CompileError, compile_spec
from engine.generation._gemini_client import (
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT_S,
    MODEL_ENV,
    ClientFactory,
    ModelReply,
    resolve_model,
)
from engine.generation._gemini_errors import FATAL, INVALID_KEY, RATE_LIMITED, classify
from engine.generation._gemini_reply import parse_reply
from engine.generation._gemini_trial import Problem
from engine.generation.gate import check_code
from engine.generation.keys import Key, KeyPool, NoUsableKey, resolve_keys
from engine.results import Hint, hints_of
from engine.store.generation import FAILED, SUCCEEDED, UNAVAILABLE, AttemptRecord

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_ENV",
    "GeminiGenerator",
    "GeneratedBot",
    "GenerationError",
    "format_generation_stats",
    "resolve_model",
]

log = logging.getLogger(__name__)

#: Attempts per generation: the literature's gains come in the first two repair rounds.
DEFAULT_MAX_ATTEMPTS = 3
#: Wall-clock limit of one trial run (the bundled data runs in about a second).
DEFAULT_TRIAL_TIMEOUT_S = 120.0
#: If every key is cooling but one is usable within this many seconds (a key resting after a
#: 5xx), wait once instead of failing.
DEFAULT_MAX_WAIT_S = 10.0
_PROBLEM_PREVIEW_CHARS = 600


@dataclass
class GeneratedBot:
    """A strategy from Gemini: its spec reading compiled by Botlab (``route="spec"``), or code
    Gemini wrote that passed the gate and its trial run (``route="code"``)."""

    code: str
    class_name: str
    parameters: dict[str, float | int]
    assumptions: list[str]
    attempts: list[AttemptRecord]
    model: str
    generation_id: int
    trial: Any | None  # engine.execution.result.BotExecutionResult of the successful trial
    name: str = ""
    path: Path | None = None  # the bot file (kept under $BOTLAB_HOME/bots/gemini)
    route: str = "code"  # "spec": Gemini's spec, Botlab's code; "code": Gemini's code
    route_note: str = ""  # why: the plain-English reason for the route taken
    spec: Any | None = None  # the StrategySpec, on the spec route

    @property
    def repaired(self) -> bool:
        """Whether it took more than one attempt."""
        return len(self.attempts) > 1


class GenerationError(RuntimeError):
    """No working bot came out; the message is clear and redacted.

    ``reason``: ``attempts_exhausted`` (every attempt had a problem), ``no_usable_key`` (see
    ``retry_at``), ``api_error`` (Gemini refused the request) or ``trial_unavailable`` (bots
    cannot run here now: sandbox or data unavailable). ``attempts`` are the stored
    attempts (possibly none).
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        attempts: Sequence[AttemptRecord] = (),
        generation_id: int | None = None,
        retry_at: datetime | None = None,
        hints: Sequence[Hint] = (),
    ) -> None:
        super().__init__(message)
        self.hints = list(hints)  # what to change (a key), said by each front end its own way
        self.reason = reason
        self.attempts = list(attempts)
        self.generation_id = generation_id
        self.retry_at = retry_at


class _ApiRefused(Exception):
    """A call failed in a way no other key would fix (message redacted)."""


@dataclass
class _Context:
    """One generation in progress."""

    generation_id: int
    description: str
    name: str
    symbol: str
    days: int | None
    attempts: list[AttemptRecord] = field(default_factory=list)
    last_code: str | None = None
    code_reason: str = ""  # why the spec route was not taken
    keep_file: bool = True  # write the working bot under bots/gemini


class GeminiGenerator:
    """Generates bots with Gemini; see the module docstring.

    ``keys`` overrides :func:`~engine.generation.keys.resolve_keys`. ``client_factory(api_key,
    http_options)`` builds the SDK client (tests inject a mocked HTTP transport). ``executor``
    defaults to a quiet :class:`~engine.execution.executor.BotExecutor` on the same store.
    ``clock`` and ``sleep`` are for tests.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store=None,
        executor=None,
        client_factory: ClientFactory | None = None,
        model: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        keys: Sequence[str] | None = None,
        trial_timeout_s: float = DEFAULT_TRIAL_TIMEOUT_S,
        max_wait_s: float = DEFAULT_MAX_WAIT_S,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        spec_first: bool = True,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.settings = settings or load_settings()
        self.store = store or getattr(executor, "store", None) or _open_store(self.settings)
        self.model = model or resolve_model()
        self.max_attempts = max_attempts
        self.trial_timeout_s = trial_timeout_s
        self.max_wait_s = max_wait_s
        self.spec_first = spec_first
        self._clock = clock or (lambda: datetime.now(UTC))
        self._sleep = sleep
        self._executor = executor
        self._client_factory = client_factory or _gemini_client.default_client_factory
        self._http_options = _gemini_client.http_options(timeout_s)
        self._config = None  # built on first use: it imports google.genai
        self._spec_config = None
        self._clients: dict[str, Any] = {}
        self.pool = KeyPool(
            resolve_keys() if keys is None else keys,
            store=self.store,
            model=self.model,
            home=self.settings.home,
            clock=self._clock,
        )

    def close(self) -> None:
        """Close the SDK clients' HTTP connections."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> GeminiGenerator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- generation ----------------------------------------------------------------------------

    def generate(
        self,
        description: str,
        *,
        name: str | None = None,
        trial_symbol: str = "GOOG",
        trial_days: int | None = None,
        keep_file: bool = True,
    ) -> GeneratedBot:
        """A bot for ``description`` that passed its trial run; raises :class:`GenerationError`.

        ``name`` is the strategy's name in Botlab (default: from the description).
        ``trial_symbol`` is one of the bundled symbols (offline data); ``trial_days`` limits the
        trial to the last days of it. ``keep_file`` writes the working bot under
        ``$BOTLAB_HOME/bots/gemini`` (``GeneratedBot.path``); the strategy generator, which saves
        its own versioned copy, says False so that the bot is written once.
        """
        description = (description or "").strip()
        if not description:
            raise ValueError("describe the trading idea first")
        name = (name or "").strip() or default_name(description)
        context = _Context(
            generation_id=self.store.start_generation(description, name=name, model=self.model),
            description=description,
            name=name,
            symbol=trial_symbol,
            days=trial_days,
            keep_file=keep_file,
        )
        try:
            if self.spec_first:
                bot = self._from_spec(context)
                if bot is not None:
                    return bot
            return self._generate(context)
        except GenerationError:
            raise
        except BaseException as exc:  # never leave a generation 'running' behind us
            self._finish_failed(context, "internal_error", f"{type(exc).__name__}: {exc}")
            raise

    # -- the spec route ----------------------------------------------------------------------

    def _from_spec(self, context: _Context) -> GeneratedBot | None:
        """Gemini's spec reading compiled by Botlab, or None (``context.code_reason`` says why)."""
        prompt = _gemini_spec.spec_prompt(context.description)
        for _ in range(2):  # the reading, and one repair of a reading that does not validate
            started = self._clock()
            try:
                reply, key = self._ask(prompt, self.spec_config)
            except NoUsableKey as exc:
                raise self._unavailable(context, "no_usable_key", exc, exc.retry_at) from None
            except _ApiRefused as exc:
                raise self._unavailable(context, "api_error", str(exc), None) from None
            reading, problem = _gemini_spec.parse_spec_reply(reply)
            code = None
            if reading is not None and reading.expressible:
                try:
                    code = compile_spec(reading.spec)
                except CompileError as exc:
                    problem = Problem("malformed", f"the spec does not compile: {exc}")
            if code is not None:
                outcome, message = SUCCEEDED, None
            elif problem is None:
                outcome, message = "inexpressible", f"the spec cannot express {reading.missing}"
            else:
                outcome, message = problem.outcome, problem.message
            record = self._record(
                context,
                reply,
                key,
                started,
                outcome,
                message,
                code=code,
                class_name=reading.spec.name if code is not None else None,
            )
            if code is not None:
                self.store.finish_generation(
                    context.generation_id,
                    status=SUCCEEDED,
                    succeeded_attempt=record.attempt,
                    class_name=reading.spec.name,
                )
                return GeneratedBot(
                    code=code,
                    class_name=reading.spec.name,
                    parameters={},
                    assumptions=list(reading.assumptions),
                    attempts=list(context.attempts),
                    model=self.model,
                    generation_id=context.generation_id,
                    trial=None,
                    name=context.name,
                    route="spec",
                    route_note="Gemini read the description into Botlab's spec; Botlab's "
                    "compiler wrote the code.",
                    spec=reading.spec,
                )
            if problem is None:
                context.code_reason = f"Botlab's spec cannot express {reading.missing}"
                return None
            prompt = _gemini_spec.spec_repair_prompt(
                context.description, problem.message, reply.text
            )
        context.code_reason = f"Gemini's spec reading did not validate ({problem.message})"
        return None

    @property
    def spec_config(self):
        """The request config of the spec route: its instruction and JSON schema."""
        if self._spec_config is None:
            self._spec_config = _gemini_client.generation_config(
                _gemini_spec.SPEC_INSTRUCTION, _gemini_spec.reply_schema()
            )
        return self._spec_config

    # -- the code route ----------------------------------------------------------------------

    def _generate(self, context: _Context) -> GeneratedBot:
        prompt = _gemini_prompt.request_prompt(context.description)
        first = len(context.attempts) + 1  # after the spec readings, when there were any
        for number in range(first, first + self.max_attempts):
            try:
                bot, problem = self._attempt(context, number, prompt)
            except NoUsableKey as exc:
                raise self._unavailable(context, "no_usable_key", exc, exc.retry_at) from None
            except _ApiRefused as exc:
                raise self._unavailable(context, "api_error", str(exc), None) from None
            except _gemini_trial.TrialUnavailable as exc:
                raise self._unavailable(context, "trial_unavailable", str(exc), None) from None
            if bot is not None:
                return bot
            prompt = _gemini_prompt.repair_prompt(
                context.description,
                attempt=number,
                outcome=problem.outcome,
                problem=problem.message,
                previous_code=context.last_code,
            )
        message = (
            f"Gemini did not produce a working bot in {self.max_attempts} attempt"
            f"{'s' if self.max_attempts > 1 else ''}; the last one failed ({problem.outcome}): "
            f"{_preview(problem.message)}"
        )
        self._finish_failed(context, "attempts_exhausted", message)
        raise GenerationError(
            message,
            reason="attempts_exhausted",
            attempts=context.attempts,
            generation_id=context.generation_id,
        )

    def _attempt(
        self, context: _Context, number: int, prompt: str
    ) -> tuple[GeneratedBot | None, Problem | None]:
        """Ask, check, trial-run and store one attempt."""
        started = self._clock()
        reply, key = self._ask(prompt)
        parsed, problem = parse_reply(reply)
        trial = None
        if parsed is not None:
            context.last_code = parsed.code
            problem = _gate_problem(parsed)
        if parsed is not None and problem is None:
            trial = self._trial(context, parsed)
            problem = _gemini_trial.diagnose(trial, self.pool.redact)
        record = self._record(
            context,
            reply,
            key,
            started,
            SUCCEEDED if problem is None else problem.outcome,
            None if problem is None else problem.message,
            execution_id=getattr(trial, "execution_id", None),
            code=None if parsed is None else parsed.code,
            class_name=None if parsed is None else parsed.class_name,
        )
        if problem is not None:
            return None, problem
        path = self._keep(context, number, parsed.code) if context.keep_file else None
        return self._succeeded(context, parsed, trial, record, path), None

    def _record(
        self,
        context: _Context,
        reply: ModelReply,
        key: Key,
        started: datetime,
        outcome: str,
        problem: str | None,
        **fields: Any,
    ) -> AttemptRecord:
        """Store one attempt (its problem redacted) and tell the key pool how it went."""
        record = self.store.record_attempt(
            context.generation_id,
            len(context.attempts) + 1,
            model=self.model,
            outcome=outcome,
            started_at=started,
            key_fingerprint=key.fingerprint,
            duration_s=(self._clock() - started).total_seconds(),
            prompt_tokens=reply.prompt_tokens,
            output_tokens=reply.output_tokens,
            finish_reason=reply.finish_reason,
            error_message=None if problem is None else self.pool.redact(problem),
            **fields,
        )
        context.attempts.append(record)
        self.pool.report_bot_result(key, outcome in (SUCCEEDED, "inexpressible"))
        log.info(
            "generation %s attempt %s via %s: %s",
            context.generation_id,
            record.attempt,
            key.fingerprint,
            outcome,
        )
        return record

    def _succeeded(self, context, parsed, trial, record: AttemptRecord, path) -> GeneratedBot:
        self.store.finish_generation(
            context.generation_id,
            status=SUCCEEDED,
            succeeded_attempt=record.attempt,
            class_name=parsed.class_name,
            execution_id=trial.execution_id,
        )
        return GeneratedBot(
            code=parsed.code,
            class_name=parsed.class_name,
            parameters={p.name: _number(p.value) for p in parsed.parameters},
            assumptions=list(parsed.assumptions),
            attempts=list(context.attempts),
            model=self.model,
            generation_id=context.generation_id,
            trial=trial,
            name=context.name,
            path=path,
            route="code",
            route_note=(
                f"{context.code_reason}, so Gemini wrote the code; it passed Botlab's checks "
                "and a trial run."
                if context.code_reason
                else "Gemini wrote the code; it passed Botlab's checks and a trial run."
            ),
        )

    def _trial(self, context: _Context, parsed):
        return _gemini_trial.run_trial(
            self.executor,
            parsed.code,
            name=context.name,
            class_name=parsed.class_name,
            description=context.description,
            symbol=context.symbol,
            days=context.days,
            timeout_s=self.trial_timeout_s,
        )

    def _keep(self, context: _Context, number: int, code: str) -> Path:
        """Write the working bot of attempt ``number`` under ``bots/gemini``; its path."""
        slug = re.sub(r"[^a-z0-9]+", "_", context.name.lower()).strip("_")[:40] or "bot"
        path = self.settings.bots_dir / "gemini" / f"g{context.generation_id}-a{number}-{slug}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
        return path

    @property
    def executor(self):
        """The executor of the trial runs (a quiet one on this store unless one was given)."""
        if self._executor is None:
            from engine.execution.executor import BotExecutor

            self._executor = BotExecutor(verbose=False, settings=self.settings, store=self.store)
        return self._executor

    # -- calling the model, with failover ----------------------------------------------------------

    def _ask(self, prompt: str, config: Any = None) -> tuple[ModelReply, Key]:
        """One reply from the first key that gives one; raises NoUsableKey or _ApiRefused."""
        waited = False
        for _ in range(3 * len(self.pool.keys) + 2):  # every failure cools or disables a key
            try:
                key = self.pool.acquire()
            except NoUsableKey as exc:
                if waited or exc.wait_s is None or exc.wait_s > self.max_wait_s:
                    raise
                self._sleep(exc.wait_s)
                waited = True
                continue
            try:
                reply = _gemini_client.ask(
                    self._client(key), self.model, prompt, config or self.config
                )
            except Exception as exc:
                self._handle_call_failure(key, exc)
                continue
            self.pool.report_success(
                key, prompt_tokens=reply.prompt_tokens, output_tokens=reply.output_tokens
            )
            return reply, key
        raise NoUsableKey("Gemini keeps failing on every key; try again later", now=self._clock())

    def _handle_call_failure(self, key: Key, exc: Exception) -> None:
        """Tell the pool what the failure means for ``key``; raise if no key would help."""
        failure = classify(exc, now=self._clock())
        if failure is None:
            raise exc  # not an API or network failure: a bug, let it surface
        summary = self.pool.redact(failure.summary)
        if failure.kind == RATE_LIMITED:
            self.pool.report_rate_limit(key, failure.retry_after_s, reason=summary)
        elif failure.kind == INVALID_KEY:
            self.pool.report_invalid(key, summary)
        elif failure.kind == FATAL:
            self.pool.report_failure(key, summary, cool_s=0)
            hint = f" (is {self.model!r} a Gemini model? set {MODEL_ENV})"
            raise _ApiRefused(
                f"Gemini refused the request: {summary}{hint if failure.code == 404 else ''}"
            ) from None
        else:
            self.pool.report_failure(key, summary)

    def _client(self, key: Key):
        client = self._clients.get(key.fingerprint)
        if client is None:
            client = self._client_factory(key.secret, self._http_options)
            self._clients[key.fingerprint] = client
        return client

    @property
    def config(self):
        """The request config (system instruction, schema, temperature, token limit)."""
        if self._config is None:
            self._config = _gemini_client.generation_config(
                _gemini_prompt.SYSTEM_INSTRUCTION, _gemini_prompt.StrategyReply
            )
        return self._config

    # -- endings ---------------------------------------------------------------------------------

    def _unavailable(self, context, reason: str, error: object, retry_at) -> GenerationError:
        message = self.pool.redact(str(error))
        if context.attempts:  # replies came, then the API went away: a failed generation
            self._finish_failed(context, reason, message)
        else:
            self.store.finish_generation(
                context.generation_id,
                status=UNAVAILABLE,
                error_type=reason,
                error_message=message,
            )
        return GenerationError(
            message,
            reason=reason,
            attempts=context.attempts,
            generation_id=context.generation_id,
            retry_at=retry_at,
            hints=hints_of(error),
        )

    def _finish_failed(self, context: _Context, reason: str, message: str) -> None:
        status = FAILED if context.attempts else UNAVAILABLE
        self.store.finish_generation(
            context.generation_id,
            status=status,
            error_type=reason,
            error_message=self.pool.redact(message),
        )


def _gate_problem(parsed) -> Problem | None:
    problems = check_code(parsed.code, class_name=parsed.class_name)
    if not problems:
        return None
    return Problem("gate", "\n".join(f"- {problem}" for problem in problems))


def _open_store(settings: Settings):
    from engine.store import Store

    return Store.open(settings)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _preview(text: str) -> str:
    text = text.strip()
    if len(text) <= _PROBLEM_PREVIEW_CHARS:
        return text
    return text[: _PROBLEM_PREVIEW_CHARS - 1] + "…"


def default_name(description: str) -> str:
    """A strategy name from a description: its first line, squeezed, at most 60 characters."""
    line = " ".join(description.strip().splitlines()[0].split()) if description.strip() else ""
    return line if len(line) <= 60 else line[:59].rstrip() + "…"


# -- reporting -----------------------------------------------------------------------------------


def format_generation_stats(stats: dict[str, Any]) -> str:
    """``Store.generation_stats()`` as the text of ``botlab stats generation``."""
    total = stats["generations"]
    lines = [
        f"Gemini generations: {total} evaluated ({stats['succeeded']} succeeded, "
        f"{stats['failed']} failed); {stats['unavailable']} without a reply "
        f"(no usable key or API error); {stats['running']} running",
        f"  first-try success:    {_rate(stats['first_try_success_rate'])}",
        f"  after-repair success: {_rate(stats['after_repair_success_rate'])}",
        f"  average attempts:     {_decimal(stats['avg_attempts'])}",
    ]
    if stats["succeeded_at_attempt"]:
        parts = ", ".join(f"#{n}: {c}" for n, c in stats["succeeded_at_attempt"].items())
        lines.append(f"  succeeded at attempt: {parts}")
    if stats["attempt_outcomes"]:
        parts = ", ".join(f"{o} {c}" for o, c in stats["attempt_outcomes"].items())
        lines.append(f"  attempt outcomes:     {parts}")
    lines.append(
        f"  tokens:               {stats['prompt_tokens']:,} prompt, "
        f"{stats['output_tokens']:,} output"
    )
    if stats.get("keys"):
        lines.append("Keys (by fingerprint):")
        lines += [_key_line(key) for key in stats["keys"]]
    return "\n".join(lines) + "\n"


def _key_line(key: dict[str, Any]) -> str:
    state = ""
    until = key.get("cooled_until")
    if key.get("disabled"):
        state = f"; DISABLED: {key.get('disabled_reason')}"
    elif until and datetime.fromisoformat(until) > datetime.now(UTC):
        state = f"; cooling until {until} ({key.get('cooled_kind')})"
    bots = key["bots_succeeded"] + key["bots_failed"]
    return (
        f"  {key['fingerprint']}: {key['calls']} calls, {key['rate_limits']} rate-limited, "
        f"{key['failures']} failed, {key['prompt_tokens'] + key['output_tokens']:,} tokens, "
        f"{bots} bots ({_rate(key.get('bot_success_rate'))} working){state}"
    )


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _decimal(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
