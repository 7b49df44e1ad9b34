"""Plain-English words for what the engine stores: statuses, phases, errors, sources, metrics.

No Streamlit here (tested directly). Everything a person sees on the dashboard about a run's
state goes through these functions, so a non-programmer never meets an ``error_type`` or a
traceback on the main screen.
"""

from __future__ import annotations

from datetime import datetime

from engine.results import Refused, hints_of, plain_of, route_of, said
from engine.wording import (  # noqa: F401  (one definition, named here for the pages)
    DEFAULT_ERROR_SENTENCE,
    ERROR_SENTENCES,
    HEADLINE_CARDS,
    STATUS_LABELS,
    error_sentence,
    metric_explanation,
    metric_label,
    metric_text,
    run_sentence,
    status_label,
)

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


SOURCE_LABELS = {
    "offline": "Offline compiler",
    "gemini": "Gemini",
    "file": "File",
    "upload": "Upload",
    "template": "Template",
    "edited": "Edited by hand",
}

#: How the dashboard says each hint of an engine error (see engine.results.HINTS): where to
#: click, not which flag to pass.
HINT_WORDS = {
    "yahoo_source": "to download it from Yahoo Finance use the Yahoo source (choose Yahoo "
    "Finance under Price data)",
    "sample_source": "its bundled sample works offline (choose the bundled sample under Price "
    "data)",
    "gemini_engine": "Gemini reads more (see Settings → Gemini)",
    "gemini_key": "no Gemini API key is set up: Settings → Gemini explains how to add one",
    "sample_grid": "vary fewer settings, or use larger steps",
    "restore_database": "restore a backup of it (see Backup and restore in Botlab's README), or "
    "move the file aside and Botlab starts a new, empty one",
    "start_worker": "start a Dask worker for it (Botlab's README says how)",
}


def error_text(message: str | None, hints=None) -> str:
    """An engine error for the dashboard: its plain words (:func:`engine.results.plain_of`: no
    network library's), then each hint it carries (``hints``, default those of ``message``: a
    source, a setting) said as what to do on the dashboard."""
    hints = hints_of(message) if hints is None else hints
    return said(plain_of(message), hints, HINT_WORDS)


def _box(field: str | None, given: str | None) -> str:
    """A sweep's input as the Sweep page shows it: its boxes, not ``params.fast``."""
    field = field or ""
    if field.startswith("params."):
        return f"{field.removeprefix('params.')} (from, to, step)"
    if field == "constraints":
        return 'The rule under "Only where"' + (f" {given!r}" if given else "")
    return field.replace("_", " ")


def sweep_error(refusal: Refused) -> str:
    """A sweep the checks refused, in the Sweep page's words: the boxes it is about, not
    ``params.fast`` or ``max_combinations``, which the page has no box for."""
    sentence = refusal.said(_box, HINT_WORDS)
    if not refusal.named:  # a box's name is written as on the page; a sentence starts capital
        sentence = sentence[:1].upper() + sentence[1:]
    return sentence + ("" if sentence.endswith(".") else ".")


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


def written_by(strategy) -> str:
    """Who wrote a stored strategy's code and, for Gemini, which way (its
    :func:`~engine.results.route_of`, as ``botlab generate --json`` and the API name it)."""
    if strategy.source != "gemini":
        return source_label(strategy.source)
    if route_of(strategy.source, strategy.spec) == "spec":
        return "Gemini, read into Botlab's spec (Botlab's compiler wrote the code)"
    return "Gemini's own code (the spec could not hold the idea; checked and trial-run)"


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
    """One sentence on how a finished run did, in money, against buying and holding from the
    first day the bot could trade (the day is named)."""
    return run_sentence(
        cash=record.cash,
        final_equity=record.final_equity,
        return_pct=record.return_pct,
        symbol=record.symbol,
        buy_hold_start=record.data.get("buy_hold_start"),
        buy_hold_return_pct=record.buy_hold_return_pct,
    )


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
