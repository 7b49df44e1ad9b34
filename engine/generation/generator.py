"""From a description to a saved bot (and, optionally, a run): the one entry point.

The CLI (``botlab generate``), the job worker behind the dashboard, and the HTTP API all call
:class:`StrategyGenerator`. Engines:

* ``offline``: Botlab's own compiler (:func:`engine.generation.understand`); no key, no network;
* ``gemini``: Google's Gemini with self-repair (:mod:`engine.generation.gemini`);
* ``auto`` (the default): offline when the compiler understands the whole description; else
  Gemini when a key is configured; else a clear refusal that lists what was not understood and
  how to switch Gemini on.

Every generated bot is saved as a strategy version (code, description, source engine and, for
the compiler, its parsed spec) and as a file under ``$BOTLAB_HOME/bots``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.config import Settings, load_settings
from engine.execution.bot_source import text_problem
from engine.results import HINTS, Hint, hints_of

ENGINES = ("auto", "offline", "gemini")
MAX_DESCRIPTION_CHARS = 4000

Progress = Callable[[str], None]


class GenerationRefused(ValueError):
    """Botlab will not generate a bot from this description; the message says why.
    ``not_understood`` lists the fragments the compiler could not place; ``suggestions`` are
    complete descriptions it does read, closest first; ``field`` is the input at fault (the
    ``description``, the ``engine`` or the ``name``); ``hints`` what to change (when the
    description is at fault, first to rephrase it: to the closest suggestion, if any)."""

    def __init__(
        self,
        message: str,
        *,
        not_understood: list[str] | None = None,
        suggestions: list[str] | None = None,
        field: str = "description",
        hints: list[Hint] | None = None,
    ) -> None:
        super().__init__(message)
        self.not_understood = list(not_understood or [])
        self.suggestions = list(suggestions or [])
        self.field = field
        closest = self.suggestions[0] if self.suggestions else None
        rephrase = replace(HINTS["rephrase_description"], value=closest)
        self.hints = ([rephrase] if field == "description" else []) + list(hints or [])


@dataclass
class GeneratedStrategy:
    """A saved bot and what Botlab understood of the description."""

    name: str
    engine: str  # "offline" or "gemini"
    code: str
    class_name: str
    strategy_id: int
    version: int
    code_path: Path
    rules: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    spec: dict | None = None
    attempts: list[dict] = field(default_factory=list)
    # the test settings the description asked for ("on AAPL over the last 2 years"), if any
    symbol: str | None = None
    interval: str | None = None
    period_days: int | None = None
    start: str | None = None
    end: str | None = None
    cash: float | None = None
    commission: float | None = None
    #: "spec": compiled by Botlab from a spec (the offline reading, or Gemini's); "code": code
    #: Gemini wrote itself, because the spec could not express the idea (``route_note`` says why)
    route: str = "spec"
    route_note: str = ""

    def to_dict(self) -> dict:
        """The ``strategy`` object of ``botlab generate --json``."""
        return {
            "name": self.name,
            "engine": self.engine,
            "version": self.version,
            "strategy_id": self.strategy_id,
            "class_name": self.class_name,
            "spec": self.spec,
            "rules": self.rules,
            "assumptions": self.assumptions,
            "code_path": str(self.code_path),
            "attempts": self.attempts,
            "route": self.route,
            "route_note": self.route_note,
        }


def check_description(description: str | None) -> str:
    """The description, stripped; :class:`GenerationRefused` when empty, too long, or holding
    a NUL or non-UTF-8 byte."""
    text = (description or "").strip()
    problem = text_problem(text)
    if problem is not None:
        raise GenerationRefused(f"The description {problem}.")
    if not text:
        raise GenerationRefused(
            "Describe your strategy first, for example: 'buy when RSI(14) drops below 30, "
            "sell when it rises above 70, 5% stop loss, on AAPL over the last 2 years'."
        )
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise GenerationRefused(
            f"The description is {len(text):,} characters long; keep it under "
            f"{MAX_DESCRIPTION_CHARS:,} (the rules, not an essay)."
        )
    return text


class StrategyGenerator:
    """Turns descriptions into saved bots; see the module docstring."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store=None,
        executor=None,
        gemini_options: dict | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self._store = store
        self._executor = executor
        # passed to GeminiGenerator (tests give a client factory over a mocked transport)
        self.gemini_options = dict(gemini_options or {})

    @property
    def store(self):
        if self._store is None:
            from engine.store import Store

            self._store = Store.open(self.settings)
        return self._store

    @property
    def executor(self):
        if self._executor is None:
            from engine.execution.executor import BotExecutor

            self._executor = BotExecutor(verbose=False, settings=self.settings, store=self.store)
        return self._executor

    # -- choosing an engine ----------------------------------------------------------------------

    def choose_engine(self, description: str, engine: str = "auto") -> tuple[str, object]:
        """``(engine, understanding)``: which engine will serve this description, and the
        offline compiler's reading of it (always computed: it is cheap and it is what the
        dashboard shows as "What Botlab understood")."""
        from engine.generation import understand

        if engine not in ENGINES:
            raise GenerationRefused(
                f"engine must be one of {', '.join(ENGINES)}, not {engine!r}", field="engine"
            )
        text = check_description(description)
        understanding = understand(text)
        if understanding.blocked:  # not a strategy: no engine writes code from it
            raise GenerationRefused(
                understanding.refusal or "", not_understood=understanding.not_understood
            )
        if engine == "offline":
            _require_offline(understanding)
            return "offline", understanding
        if engine == "gemini":
            _require_gemini(self.settings)
            return "gemini", understanding
        if understanding.complete and understanding.spec is not None:
            return "offline", understanding
        from engine.generation.keys import gemini_available

        available, reason = gemini_available(self.settings)
        if available:
            return "gemini", understanding
        raise GenerationRefused(
            _auto_refusal(understanding, reason),
            not_understood=understanding.not_understood,
            suggestions=understanding.suggestions,
            hints=_gemini_hints(reason),
        )

    # -- generating ------------------------------------------------------------------------------

    def generate(
        self,
        description: str,
        *,
        engine: str = "auto",
        name: str | None = None,
        progress: Progress | None = None,
    ) -> GeneratedStrategy:
        """Generate and save a bot; raises :class:`GenerationRefused` (or the Gemini
        generator's ``GenerationError``) with a clear message when it cannot."""
        say = progress or (lambda _message: None)
        chosen, understanding = self.choose_engine(description, engine)
        text = check_description(description)
        if chosen == "offline":
            say("Compiling the description with Botlab's offline compiler")
            return self._save_offline(text, understanding, name)
        say("Asking Gemini to write the bot")
        return self._generate_with_gemini(text, understanding, name, say)

    def generate_and_save(
        self,
        description: str,
        output_path: str | Path | None = None,
        execute_after_generation: bool = True,
        test_symbol: str | None = None,
        test_period_days: int | None = 365,
        name: str | None = None,
        engine: str = "auto",
        **run_options,
    ):
        """The seed's API: ``(path of the bot file, BotExecutionResult or None)``.

        The description's own symbol and period ("on AAPL over 2 years") are used unless
        ``test_symbol``/``test_period_days`` say otherwise (365 is the seed's default, and
        gives way to a period the description states).
        """
        strategy = self.generate(description, engine=engine, name=name)
        path = strategy.code_path
        if output_path is not None:
            path = Path(output_path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(strategy.code, encoding="utf-8")
        if not execute_after_generation:
            return path, None
        days = (
            strategy.period_days
            if test_period_days == 365 and strategy.period_days
            else (test_period_days)
        )
        return path, self.run(strategy, symbol=test_symbol, days=days, **run_options)

    def run(self, strategy: GeneratedStrategy, *, symbol=None, days=None, **options):
        """Run a generated strategy with the description's settings, overridden by arguments."""
        settings = {
            "test_symbol": symbol or strategy.symbol,
            "test_period_days": days if days is not None else strategy.period_days,
            "start": options.pop("start", None) or strategy.start,
            "end": options.pop("end", None) or strategy.end,
            "interval": options.pop("interval", None) or strategy.interval,
            "cash": options.pop("cash", None) or strategy.cash,
            "commission": _first(options.pop("commission", None), strategy.commission),
        }
        if settings["start"] and days is None:
            settings["test_period_days"] = None
        return self.executor.execute_code(
            strategy.code,
            strategy.name,
            strategy_class=strategy.class_name,
            description=None,
            strategy_source=strategy.engine,
            spec=strategy.spec,
            **settings,
            **options,
        )

    # -- engines -----------------------------------------------------------------------------------

    def _save_offline(self, text: str, understanding, name: str | None) -> GeneratedStrategy:
        spec = understanding.spec
        return self._save_spec(
            text,
            spec,
            name,
            engine="offline",
            rules=list(understanding.rules),
            route_note="Botlab's offline compiler read the description and wrote the code.",
        )

    def _save_spec(
        self, text: str, spec, name: str | None, *, engine: str, rules: list[str], **extra
    ) -> GeneratedStrategy:
        """Save a bot compiled from ``spec``: the offline reading, or Gemini's. Without a
        ``name``, a new description is a new strategy titled by its rules (:meth:`name_for`)."""
        from engine.generation import compile_spec
        from engine.generation._naming import strategy_title

        code = compile_spec(spec)
        spec_json = spec.model_dump(mode="json")
        name = name or self.name_for(strategy_title(spec), text, spec.symbol)
        strategy = self._save(name, code, text, engine, spec_json)
        return GeneratedStrategy(
            name=strategy.name,
            engine=engine,
            code=code,
            class_name=spec.name,
            strategy_id=strategy.id,
            version=strategy.version,
            code_path=self._write_bot(strategy, code),
            rules=rules,
            assumptions=list(spec.assumptions),
            spec=spec_json,
            symbol=spec.symbol,
            interval=spec.interval,
            period_days=spec.period_days,
            start=_iso(spec.start),
            end=_iso(getattr(spec, "end", None)),
            cash=getattr(spec, "cash", None),
            commission=_fraction(getattr(spec, "commission_pct", None)),
            route="spec",
            **extra,
        )

    def _generate_with_gemini(self, text, understanding, name, say) -> GeneratedStrategy:
        from engine.generation._naming import strategy_title
        from engine.generation.gemini import GeminiGenerator

        spec = understanding.spec
        from engine.data._samples import sample_for

        options = {"store": self.store, "executor": self.executor, **self.gemini_options}
        trial = {}
        if spec is not None and spec.symbol and sample_for(spec.symbol) is not None:
            trial["trial_symbol"] = spec.symbol  # try it on what the user asked for, offline
        with GeminiGenerator(self.settings, **options) as gemini:
            bot = gemini.generate(text, name=name, keep_file=False, **trial)
        attempts = [_attempt_dict(a) for a in bot.attempts]
        if bot.route == "spec":
            from engine.generation import render_english

            say("Gemini read the description into Botlab's spec; Botlab compiled it")
            return self._save_spec(
                text,
                bot.spec,
                name,
                engine="gemini",
                rules=render_english(bot.spec),
                attempts=attempts,
                route_note=bot.route_note,
            )
        say(f"Gemini's bot passed its trial run after {len(bot.attempts)} attempt(s)")
        if not name:  # a new description is a new strategy, titled by its rules where known
            title = strategy_title(spec) if spec is not None else bot.name
            name = self.name_for(title, text, spec.symbol if spec is not None else None)
        strategy = self._save(name, bot.code, text, "gemini", None)
        return GeneratedStrategy(
            name=strategy.name,
            engine="gemini",
            code=bot.code,
            class_name=bot.class_name,
            strategy_id=strategy.id,
            version=strategy.version,
            code_path=self._write_bot(strategy, bot.code),
            rules=list(understanding.rules) if spec is not None else [],
            assumptions=list(bot.assumptions),
            attempts=attempts,
            symbol=spec.symbol if spec is not None else None,
            interval=spec.interval if spec is not None else None,
            period_days=spec.period_days if spec is not None else None,
            start=_iso(spec.start) if spec is not None else None,
            route="code",
            route_note=bot.route_note,
        )

    def name_for(self, title: str, description: str, symbol: str | None = None) -> str:
        """See :func:`name_for_new_idea`."""
        return name_for_new_idea(self.store, title, description, symbol)

    def _save(self, name: str, code: str, description: str, source: str, spec):
        return self.store.save_strategy(
            name, code, description=description, source=source, spec=spec
        )

    def _write_bot(self, strategy, code: str) -> Path:
        path = bot_file(self.settings, strategy.name, strategy.version)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
        return path


def bot_file(settings: Settings, name: str, version: int) -> Path:
    """Where version ``version`` of strategy ``name`` is kept: always inside the bots folder,
    whatever the name holds (a name is user input)."""
    from engine.execution.result_files import safe_name

    return settings.bots_dir / f"{safe_name(name)}_v{int(version)}.py"


def _require_offline(understanding) -> None:
    if understanding.refusal:
        words = "; ".join(f"'{w}'" for w in understanding.not_understood)
        unread = f" Not understood: {words}." if words else ""
        raise GenerationRefused(
            understanding.refusal + unread,
            not_understood=understanding.not_understood,
            suggestions=understanding.suggestions,
        )
    if understanding.spec is None or not understanding.complete:
        raise GenerationRefused(
            f"The offline compiler {_unread(understanding, 'parts of it')} Rephrase it, or use "
            "Gemini",
            not_understood=understanding.not_understood,
            suggestions=understanding.suggestions,
            hints=[HINTS["gemini_engine"]],
        )


def _require_gemini(settings: Settings) -> None:
    from engine.generation.keys import gemini_available

    available, reason = gemini_available(settings)
    if not available:
        raise GenerationRefused(
            f"Gemini is not available: {reason}", field="engine", hints=_gemini_hints(reason)
        )


def _gemini_hints(reason: str) -> list[Hint]:
    """What to change when Gemini is not available for ``reason``: a key, when none is set or
    every one is disabled (the hints the reason carries, see ``gemini_available``)."""
    return hints_of(reason)


def _auto_refusal(understanding, gemini_reason: str) -> str:
    if understanding.refusal and not understanding.not_understood:
        return f"{understanding.refusal} Gemini could not help either: {gemini_reason}."
    return (
        f"Botlab's offline compiler {_unread(understanding, 'the rules')} Rephrase that part, or "
        f"switch Gemini on to read it ({gemini_reason})."
    )


def _unread(understanding, nothing_quoted: str) -> str:
    """ "did not understand 'x'; 'y'." plus why, where the compiler knows (a second symbol)."""
    words = "; ".join(f"'{w}'" for w in understanding.not_understood) or nothing_quoted
    return f"did not understand {words}." + "".join(f" {p}" for p in understanding.problems)


def _attempt_dict(attempt) -> dict:
    return {
        "attempt": attempt.attempt,
        "outcome": attempt.outcome,
        "error": attempt.error_message,
        "prompt_tokens": attempt.prompt_tokens,
        "output_tokens": attempt.output_tokens,
        "execution_id": attempt.execution_id,
    }


def name_for_new_idea(store, title: str, description: str, symbol: str | None = None) -> str:
    """The strategy a bot generated from ``description`` is saved under when no name was given.

    A new idea is a new strategy: ``title`` (from its rules, see
    :func:`engine.generation._naming.strategy_title`) unless a strategy of that name holds
    another description; then the title with the symbol ("... on AAPL"), then numbered
    ("... #2"). The same description again (regenerated, repaired or edited) finds its own
    strategy, where different code becomes its next version.
    """
    title = title[:MAX_TITLE_CHARS]
    candidates = [title, *([f"{title} on {symbol}"] if symbol else [])]
    candidates += [f"{title} #{n}" for n in range(2, 1000)]
    wanted = same_idea_key(description)
    for candidate in candidates:
        versions = store.strategy_versions(candidate)
        if not versions or any(same_idea_key(v.description) == wanted for v in versions):
            return candidate
    raise GenerationRefused(
        f"too many strategies are called {title!r}; give this one a name", field="name"
    )


#: The longest title a strategy gets from its rules (the store allows 200 characters).
MAX_TITLE_CHARS = 150


def same_idea_key(description: str | None) -> str:
    """A description reduced to what makes it the same idea: its words, case and spacing and
    trailing punctuation aside ("Buy when RSI < 30." is "buy when rsi < 30")."""
    return " ".join((description or "").lower().split()).rstrip(" .!")


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100.0


def _first(*values):
    return next((v for v in values if v is not None), None)
