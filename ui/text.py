"""Plain-English words for what the engine stores: statuses, phases, errors, sources, metrics.

No Streamlit here (tested directly). Everything a person sees on the dashboard about a run's
state goes through these functions, so a non-programmer never meets an ``error_type`` or a
traceback on the main screen.
"""

from __future__ import annotations

import math
from datetime import datetime

from engine._metrics import EXPLANATIONS, LABELS, format_metric
from engine.generation.keys import NO_KEYS_MESSAGE

STATUS_LABELS = {
    "queued": "Waiting to start",
    "running": "Running",
    "succeeded": "Finished",
    "failed": "Failed",
    "timeout": "Stopped: took too long",
    "cancelled": "Cancelled",
}

STATUS_ICONS = {
    "queued": ":material/schedule:",
    "running": ":material/progress_activity:",
    "succeeded": ":material/check_circle:",
    "failed": ":material/error:",
    "timeout": ":material/timer_off:",
    "cancelled": ":material/cancel:",
}

#: A job's phases, in order, as the live status shows them.
PHASE_STEPS = (
    ("queued", "Waiting for the worker"),
    ("generating", "Writing the bot"),
    ("running", "Running the backtest"),
    ("saving", "Saving the results"),
)

#: error_type -> one plain sentence. The engine's one-line message is shown under it.
ERROR_SENTENCES = {
    "syntax_error": "The bot's code has a mistake Python cannot read, so it never started.",
    "import_error": "The bot tried to use a library that is not available in Botlab's sandbox.",
    "no_strategy": "The code does not contain a trading strategy Botlab can run.",
    "no_results": "The bot finished without reporting any results.",
    "strategy_error": "The bot crashed while trading: there is an error in its own code.",
    "script_error": "The bot's script stopped with an error.",
    "data_unavailable": "Botlab could not get the market data for this run.",
    "invalid_settings": "One of the run's settings (cash, commission or dates) cannot be used.",
    "timeout": "The run took too long and was stopped.",
    "output_limit": "The bot printed far too much and was stopped.",
    "memory_limit": "The bot used too much memory and was stopped.",
    "cpu_limit": "The bot used too much computing time and was stopped.",
    "disk_limit": "The bot wrote too much to its scratch space and was stopped.",
    "thread_limit": "The bot tried to run too many threads at once and was stopped.",
    "blocked_syscall": (
        "The bot tried something the sandbox forbids (such as using the network or starting "
        "programs), so it was stopped."
    ),
    "crashed": "The bot's process crashed unexpectedly.",
    "cancelled": "The run was cancelled.",
    "interrupted": "The run was cut short because Botlab's background worker stopped.",
    "sandbox_unavailable": (
        "This machine cannot run bots safely: a protection layer of the sandbox is missing."
    ),
    "file_not_found": "The bot's file could not be found.",
    "internal_error": "Something went wrong inside Botlab itself (not in your bot).",
    "generation_refused": "Botlab could not turn the description into a bot.",
    "generation_failed": "Gemini could not write a working bot from this description.",
}
DEFAULT_ERROR_SENTENCE = "The run did not finish."

SOURCE_LABELS = {
    "offline": "Offline compiler",
    "gemini": "Gemini",
    "file": "File",
    "upload": "Upload",
    "template": "Template",
    "edited": "Edited by hand",
}

#: The headline cards on a run's page, in order (names as the executor's result uses them).
HEADLINE_CARDS = (
    "return_pct",
    "cagr_pct",
    "sharpe_ratio",
    "max_drawdown",
    "win_rate",
    "trades",
    "profit_factor",
    "exposure_pct",
)

#: Store column -> executor metric name (the only metric named differently).
STORE_TO_METRIC = {"max_drawdown_pct": "max_drawdown"}


#: Command-line wording in engine messages -> what to do on the dashboard instead.
_FOR_PEOPLE = (
    (
        " (--source yahoo, or BOTLAB_DATA_SOURCE=yahoo)",
        " (choose Yahoo Finance under Price data)",
    ),
    (", source='sample')", ", under the bundled sample)"),
    ("(engine auto or gemini, with GEMINI_API_KEY set)", "(see Settings → Gemini)"),
    (NO_KEYS_MESSAGE, "no Gemini API key is set up: Settings → Gemini explains how to add one"),
)


def for_people(message: str | None) -> str:
    """An engine message with its command-line hints turned into dashboard ones."""
    text_ = str(message or "")
    for old, new in _FOR_PEOPLE:
        text_ = text_.replace(old, new)
    return text_


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", (status or "unknown").replace("_", " ").capitalize())


def error_sentence(error_type: str | None) -> str:
    """The plain sentence for an ``error_type`` (never the raw code)."""
    return ERROR_SENTENCES.get(error_type or "", DEFAULT_ERROR_SENTENCE)


def first_line(message: str | None, limit: int = 300) -> str:
    """The first meaningful line of an error message, shortened: never a traceback."""
    if not message:
        return ""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("Traceback", 'File "'))] or lines
    line = lines[-1] if lines and lines[0].startswith("Traceback") else lines[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"


def source_label(source: str | None) -> str:
    return SOURCE_LABELS.get(source or "", (source or "unknown").capitalize())


def metric_label(name: str) -> str:
    name = STORE_TO_METRIC.get(name, name)
    return LABELS.get(name, name.replace("_", " ").capitalize())


def metric_explanation(name: str) -> str:
    name = STORE_TO_METRIC.get(name, name)
    return EXPLANATIONS.get(name, "")


def metric_text(name: str, value) -> str:
    """A metric as people read it (``n/a`` when missing or not a number)."""
    name = STORE_TO_METRIC.get(name, name)
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    return format_metric(name, value)


def phase_index(phase: str | None) -> int:
    """Position of ``phase`` in :data:`PHASE_STEPS` (``done`` is past the end)."""
    names = [name for name, _ in PHASE_STEPS]
    if phase in names:
        return names.index(phase)
    return len(names) if phase == "done" else 0


def data_source_label(source: str | None) -> str:
    """Where a run's prices came from, in words."""
    if not source:
        return "unknown"
    if source.startswith("sample:"):
        return f"Bundled sample data ({source.split(':', 1)[1]})"
    if source == "yahoo":
        return "Yahoo Finance (downloaded)"
    if source == "yahoo-cache":
        return "Yahoo Finance (from the local cache)"
    if source.startswith("file:"):
        return f"Your file ({source.split(':', 1)[1].rsplit('/', 1)[-1]})"
    return source


def when(value: datetime | None) -> str:
    """A timestamp as ``2026-11-21 14:05`` (UTC), or an empty string."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M")


def day(value: datetime | str | None) -> str:
    """A date as ``2026-11-21`` (keeps the time for intraday values)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:16].replace("T", " ").removesuffix(" 00:00")
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def verdict(record) -> str:
    """One sentence on how a finished run did, in money, against buying and holding."""
    cash, final, ret = record.cash, record.final_equity, record.return_pct
    if cash is None or final is None or ret is None:
        return ""
    sentence = f"Starting with ${cash:,.0f}, this bot ended with ${final:,.0f} ({ret:+.1f}%)."
    hold = record.buy_hold_return_pct
    if hold is not None and record.symbol:
        held = cash * (1 + hold / 100)
        better = "better" if ret > hold else "worse"
        sentence += (
            f" Simply buying {record.symbol} on day one and holding would have ended with "
            f"${held:,.0f} ({hold:+.1f}%), so the bot did {better} than holding."
        )
    return sentence


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
