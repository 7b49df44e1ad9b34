"""What Botlab reports, defined once: the metrics, a run, its trades and equity curve, a job, the
summary, the leaderboard page, sweeps, errors and their hints.

* :data:`METRICS`: every headline metric under its one public name, with its unit, its label, its
  one-line explanation, where backtesting.py's stats hold it and how it is shown. The store names
  one column differently (``max_drawdown_pct``): :func:`metrics_from_store` and
  :func:`metrics_for_store` are the only place that knows.
* The pydantic models below are the documents the HTTP API answers (and its OpenAPI schema),
  ``botlab ... --json`` prints and the MCP tools return.
* :class:`Hint`: what to change to get past an error (a setting, a source, the description),
  machine-readable; each front end words it its own way.

No Streamlit, no pandas and (until a document is asked for) no pydantic here: cheap to import
anywhere. The documents' models live in :mod:`engine.results._documents` and are imported from
here on first use (``from engine.results import RunSummary``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

# -- the metrics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One headline metric. ``unit`` is what the number is in; ``shown`` formats it for people;
    ``stats_key`` and ``scale`` read it from backtesting.py's stats; ``ranks``: more is better."""

    name: str
    label: str
    unit: Literal["percent", "fraction", "ratio", "count", "dollars"]
    explanation: str
    stats_key: str
    shown: str
    scale: float = 1.0
    ranks: bool = True
    #: The store's column, when it is named differently.
    column: str | None = None

    def text(self, value) -> str:
        """The value as people read it ("+12.30%", "50.0%", "$117,900.00"; "n/a" if missing)."""
        if value is None or isinstance(value, bool):
            return "n/a"
        if isinstance(value, float) and not math.isfinite(value):
            return "n/a"
        return self.shown.format(int(value) if self.unit == "count" else value)


METRICS: tuple[Metric, ...] = (
    Metric(
        "return_pct",
        "Return",
        "percent",
        "How much the account grew or shrank over the whole test.",
        "Return [%]",
        "{:+.2f}%",
    ),
    Metric(
        "buy_hold_return_pct",
        "Buy & hold return",
        "percent",
        "What buying on the first day the bot could trade (after its indicators warmed up) and "
        "holding to the end would have made.",
        "Buy & Hold Return [%]",
        "{:+.2f}%",
        ranks=False,
    ),
    Metric(
        "cagr_pct",
        "Yearly growth (CAGR)",
        "percent",
        "The average yearly growth rate, compounded.",
        "CAGR [%]",
        "{:+.2f}%",
    ),
    Metric(
        "sharpe_ratio",
        "Sharpe ratio",
        "ratio",
        "Return per unit of ups and downs; above 1 is good, above 2 very good.",
        "Sharpe Ratio",
        "{:.2f}",
    ),
    Metric(
        "sortino_ratio",
        "Sortino ratio",
        "ratio",
        "Like Sharpe, but only counts the downs as risk.",
        "Sortino Ratio",
        "{:.2f}",
    ),
    Metric(
        "calmar_ratio",
        "Calmar ratio",
        "ratio",
        "Yearly return divided by the worst drop; higher is better.",
        "Calmar Ratio",
        "{:.2f}",
    ),
    Metric(
        "max_drawdown",
        "Max drawdown",
        "percent",
        "The worst fall from a peak before a new high, in percent.",
        "Max. Drawdown [%]",
        "{:+.2f}%",
        column="max_drawdown_pct",  # <= 0, so closer to 0 (more) is better
    ),
    Metric(
        "win_rate",
        "Win rate",
        "fraction",
        "The share of trades that made money.",
        "Win Rate [%]",
        "{:.1%}",
        scale=0.01,
    ),
    Metric(
        "trades",
        "Trades",
        "count",
        "How many trades the bot closed.",
        "# Trades",
        "{:d}",
        ranks=False,
    ),
    Metric(
        "profit_factor",
        "Profit factor",
        "ratio",
        "Money won on winners divided by money lost on losers; above 1 is a profit.",
        "Profit Factor",
        "{:.2f}",
    ),
    Metric(
        "exposure_pct",
        "Time in market",
        "percent",
        "The share of the time the bot held a position.",
        "Exposure Time [%]",
        "{:.1f}%",
        ranks=False,
    ),
    Metric(
        "sqn",
        "SQN",
        "ratio",
        "System Quality Number: trade consistency; above 2 is decent, above 3 good.",
        "SQN",
        "{:.2f}",
    ),
    Metric(
        "final_equity",
        "Final equity",
        "dollars",
        "What the account was worth at the end.",
        "Equity Final [$]",
        "${:,.2f}",
    ),
)
METRIC: dict[str, Metric] = {m.name: m for m in METRICS}
METRIC_NAMES: tuple[str, ...] = tuple(METRIC)
#: The headline a run opens with (the HTML report's cards; the dashboard shows buy and hold
#: inside its Return card).
HEADLINE: tuple[str, ...] = (
    "return_pct",
    "buy_hold_return_pct",
    "cagr_pct",
    "sharpe_ratio",
    "max_drawdown",
    "win_rate",
    "trades",
    "profit_factor",
    "exposure_pct",
)
#: Store column -> public name, for the columns named differently.
_FROM_COLUMN = {m.column: m.name for m in METRICS if m.column}


def metric_named(name: str) -> Metric | None:
    """A metric by its public name or its store column."""
    return METRIC.get(_FROM_COLUMN.get(name, name))


def metrics_from_store(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored run's metrics (keyed by store column) under their public names."""
    return {m.name: stored.get(m.column or m.name) for m in METRICS}


def metrics_for_store(metrics: dict[str, Any]) -> dict[str, Any]:
    """Metrics under their public names, keyed by store column."""
    return {(m.column or m.name): metrics.get(m.name) for m in METRICS}


def sort_keys(columns: Iterable[str]) -> tuple[str, ...]:
    """What a leaderboard can be sorted by, given the store's sortable ``columns``: each metric
    under its public name (``max_drawdown``), then, still accepted, the store columns named
    differently (``max_drawdown_pct``)."""
    columns = tuple(columns)
    return tuple(_FROM_COLUMN.get(c, c) for c in columns) + tuple(
        c for c in columns if c in _FROM_COLUMN
    )


def sort_column(key: str) -> str:
    """The store column a sort key (see :func:`sort_keys`) sorts by."""
    metric = METRIC.get(key)
    return (metric.column or key) if metric else key


def best_runs(runs: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Which of ``runs`` (run summaries) is best on each metric that ranks, ties included:
    metric -> run ids; a metric none of them has is left out."""
    best: dict[str, list[int]] = {}
    for metric in (m.name for m in METRICS if m.ranks):
        scored = [(r["metrics"][metric], r["run_id"]) for r in runs]
        scored = [(value, run_id) for value, run_id in scored if value is not None]
        if scored:
            top = max(value for value, _ in scored)
            best[metric] = [run_id for value, run_id in scored if value == top]
    return best


# -- statuses ------------------------------------------------------------------------------------

#: A run's or a job's status, in the order a run goes through them, with its words.
STATUS_WORDS: dict[str, str] = {
    "queued": "Waiting to start",
    "running": "Running",
    "succeeded": "Finished",
    "failed": "Failed",
    "timeout": "Stopped: took too long",
    "cancelled": "Cancelled",
}

# -- how a generated bot was written --------------------------------------------------------------


def route_of(source: str | None, spec: dict | None) -> Literal["spec", "code"] | None:
    """How a stored strategy's code was written, as ``botlab generate --json`` says it
    (``route``): ``"spec"`` when a reading (the offline compiler's or Gemini's) was kept as a spec
    and Botlab's compiler wrote the code, ``"code"`` when Gemini wrote the code itself; ``None``
    for a bot that was not generated (a file, an upload, a template, a hand-edited copy)."""
    if source not in ("offline", "gemini"):
        return None
    return "spec" if spec else "code"


# -- where the dashboard shows a run ------------------------------------------------------------

#: The URL paths of the dashboard's run page and comparison page.
RUN_PAGE = "run"
COMPARE_PAGE = "compare"


def run_page(run_id: int, base: str = ".") -> str:
    """The address of run ``run_id``'s dashboard page under ``base``, the dashboard's address
    (``"."``: relative to the current page; ``""``: from the server's root)."""
    return f"{base}/{RUN_PAGE}?run={run_id}"


def compare_page(run_ids: Iterable[int], base: str = ".") -> str:
    """The address of the dashboard's comparison of ``run_ids`` under ``base``."""
    return f"{base}/{COMPARE_PAGE}?runs={','.join(map(str, run_ids))}"


# -- errors and hints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hint:
    """What to change to get past an error: a ``setting`` (``name`` to ``value``), the data
    ``source``, or the ``description``. ``code`` is stable; ``cli`` is how the engine's message
    (written for the command line) says it, and is not part of the JSON (:meth:`as_json`); no
    message says the description's hint: a refusal carries it (:func:`refusal_hints`)."""

    code: str
    change: Literal["setting", "source", "description"]
    name: str
    value: str | None = None
    cli: str = ""

    def as_json(self) -> dict[str, str]:
        """The hint for programs: code, change, name and value (when there is one)."""
        fields = {"code": self.code, "change": self.change, "name": self.name}
        return fields | ({"value": self.value} if self.value is not None else {})


HINTS: dict[str, Hint] = {
    h.code: h
    for h in (
        Hint(
            code="yahoo_source",
            change="source",
            name="source",
            value="yahoo",
            cli=" (--source yahoo, or BOTLAB_DATA_SOURCE=yahoo)",
        ),
        Hint(
            code="sample_source",
            change="source",
            name="source",
            value="sample",
            cli=", source='sample')",
        ),
        Hint(
            code="gemini_engine",
            change="setting",
            name="engine",
            value="gemini",
            cli="(engine auto or gemini, with GEMINI_API_KEY set)",
        ),
        Hint(code="rephrase_description", change="description", name="description"),
        Hint(
            code="gemini_key",
            change="setting",
            name="GEMINI_API_KEY",
            cli="no Gemini API key is configured: set GEMINI_API_KEY (or several, "
            "comma-separated, in GEMINI_API_KEYS), or put GEMINI_API_KEY in "
            ".streamlit/secrets.toml",
        ),
    )
}


def hints_in(message: str | None) -> list[Hint]:
    """The hints an engine message gives (each message says its hints in command-line words)."""
    return [h for h in HINTS.values() if message and h.cli and h.cli in message]


def refusal_field(message: str, engine: str = "auto") -> str:
    """What a refused description's ``message`` (``GenerationRefused``) puts at fault: the
    ``engine`` (an unknown one, or Gemini asked for and not available), the ``name`` (its title
    is taken too often) or, else, the ``description``."""
    if "engine must be one of" in message or (
        engine == "gemini" and "Gemini is not available" in message
    ):
        return "engine"
    return "name" if "give this one a name" in message else "description"


def refusal_hints(message: str, suggestions: list[str], engine: str = "auto") -> list[Hint]:
    """What to change after a refused description: the description itself when it is at fault
    (:func:`refusal_field`; the value, the closest description Botlab does read, when there is
    one), then the hints the message gives (a Gemini key, the engine)."""
    hints = hints_in(message)
    if refusal_field(message, engine) == "description":
        value = suggestions[0] if suggestions else None
        hints.insert(0, replace(HINTS["rephrase_description"], value=value))
    return hints


def reword(message: str, words: dict[str, str]) -> str:
    """``message`` with each hint it gives said in a front end's ``words`` (hint code -> text)."""
    for hint in hints_in(message):
        if hint.code in words:
            message = message.replace(hint.cli, words[hint.code])
    return message


def __getattr__(name: str) -> Any:
    """The documents (pydantic models and their builders), imported on first use."""
    import importlib

    documents = importlib.import_module("engine.results._documents")
    try:
        return getattr(documents, name)
    except AttributeError:
        raise AttributeError(f"module 'engine.results' has no attribute {name!r}") from None
