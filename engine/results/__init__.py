"""What Botlab reports, defined once: the metrics, a run, its trades and equity curve, a job, the
summary, the leaderboard page, sweeps, errors and their hints.

* :data:`METRICS`: every headline metric under its one public name, with its unit, its label, its
  one-line explanation, where backtesting.py's stats hold it and how it is shown. The store names
  one column differently (``max_drawdown_pct``): :func:`metrics_from_store` and
  :func:`metrics_for_store` are the only place that knows.
* The pydantic models below are the documents the HTTP API answers (and its OpenAPI schema),
  ``botlab ... --json`` prints and the MCP tools return.
* :class:`Hint`: what to change to get past an error (a setting, a source, the description,
  the machine Botlab runs on), machine-readable; an error carries its hints (:func:`hints_of`)
  and each front end words them its own way (:func:`said`). :class:`Refused`: bad input held as
  facts (the input at fault by its request name, what was given, what is wrong), which each
  front end names its own way.

No Streamlit, no pandas and (until a document is asked for) no pydantic here: cheap to import
anywhere. The documents' models live in :mod:`engine.results._documents` and are imported from
here on first use (``from engine.results import RunSummary``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
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


#: What a hint can ask to change (see :class:`Hint`).
CHANGES = ("setting", "source", "description", "machine")


@dataclass(frozen=True)
class Hint:
    """What to change to get past an error: a ``setting`` (``name`` to ``value``), the data
    ``source``, the ``description``, or the ``machine`` Botlab runs on (``name`` what on it:
    the ``database`` file at ``value``, the ``cluster`` at ``value``), which only whoever runs
    Botlab can change. ``code`` is stable; an error carries its hints as these facts, and each
    front end says them its own way (the command line as flags and commands, the API as
    request fields, the dashboard as what to click, MCP as what to ask the user), next to the
    error's message, which says none of them."""

    code: str
    change: Literal[CHANGES]  # type: ignore[valid-type]
    name: str
    value: str | None = None

    def given(self, value: str) -> Hint:
        """This hint with its ``value`` (the file or address it is about)."""
        return dataclasses.replace(self, value=str(value))

    def as_json(self) -> dict[str, str]:
        """The hint for programs: code, change, name and value (when there is one)."""
        fields = {"code": self.code, "change": self.change, "name": self.name}
        return fields | ({"value": self.value} if self.value is not None else {})


HINTS: dict[str, Hint] = {
    h.code: h
    for h in (
        Hint(code="yahoo_source", change="source", name="source", value="yahoo"),
        Hint(code="sample_source", change="source", name="source", value="sample"),
        Hint(code="gemini_engine", change="setting", name="engine", value="gemini"),
        Hint(code="rephrase_description", change="description", name="description"),
        Hint(code="gemini_key", change="setting", name="GEMINI_API_KEY"),
        Hint(code="sample_grid", change="setting", name="max_combinations"),
        # the value of these two is the damaged database's file, the cluster's address
        Hint(code="restore_database", change="machine", name="database"),
        Hint(code="start_worker", change="machine", name="cluster"),
    )
}


def hints_of(error: object) -> list[Hint]:
    """The hints ``error`` (an exception, a :class:`Message`) carries; none for one without."""
    return list(getattr(error, "hints", None) or ())


class Message(str):
    """An error's message, still a ``str``, that keeps the facts of the error it came from,
    for code that hands messages on (a request's problems, by field): its hints
    (:func:`hints_of`), its ``plain`` words (without a library's own, :func:`plain_of`) and its
    ``code``."""

    hints: list[Hint]
    plain: str
    code: str | None

    def __new__(cls, error: object) -> Message:
        message = super().__new__(cls, str(error))
        message.hints, message.plain = hints_of(error), plain_of(error)
        message.code = getattr(error, "code", None)
        return message


def plain_of(error: object) -> str:
    """``error``'s message in plain words: without the library's own words for the failure
    (``DNSError: ...``) an error keeps apart as its ``detail``; ``str(error)`` otherwise."""
    return getattr(error, "plain", None) or str(error or "")


def said(message: str, hints: Iterable[Hint | dict], words: dict[str, str]) -> str:
    """``message`` followed by each of its ``hints`` (or a stored hint's JSON) in a front end's
    ``words`` (hint code -> text, ``{value}`` standing for the hint's value; a hint it has no
    words for is left to the structured ``hints``)."""
    worded = [w for hint in hints if (w := hint_words(hint, words))]
    return "; ".join([message.rstrip("."), *worded]) if worded else message


def hint_words(hint: Hint | dict, words: dict[str, str]) -> str | None:
    """One hint (or a stored hint's JSON) in a front end's ``words``; ``None`` without any."""
    hint = Hint(**hint) if isinstance(hint, dict) else hint
    text = words.get(hint.code)
    return text.replace("{value}", hint.value or "") if text else None


class Refused(ValueError):
    """Input Botlab refuses, held as facts, so that each front end says it its own way.

    ``field`` is the input at fault by its request name (``params.fast``, ``constraints``,
    ``max_combinations``, ``symbols``...), ``given`` what was given for it, ``detail`` what is
    wrong, written to follow the input's name (``": the step must not be 0"``, ``" is not an
    expression: ..."``; the whole sentence when no input is at fault); ``code`` a stable word
    (``invalid_request``, ``not_found``, ``conflict``); ``hints`` what to change; ``named``
    False when the input is at fault without being named (the detail is the sentence). A front end
    names the input with its own ``subject(field, given)`` (the command line a flag, the API
    the request field, the dashboard a box: :meth:`said`); ``str()`` says it in the request's
    names."""

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        given: str | None = None,
        code: str = "invalid_request",
        hints: Iterable[Hint] = (),
        named: bool = True,
    ) -> None:
        self.detail, self.field, self.given, self.code = detail, field, given, code
        self.hints = list(hints)
        self.named = bool(field) and named  # False: ``detail`` is the whole sentence
        super().__init__(self.said(request_subject))

    def said(self, subject, words: dict[str, str] | None = None) -> str:
        """The refusal with its input named by ``subject(field, given)`` and its hints in
        ``words`` (see :func:`said`)."""
        head = f"{subject(self.field, self.given)}{self.detail}" if self.named else self.detail
        return said(head, self.hints, words or {})


def request_subject(field: str, given: str | None) -> str:
    """An input by its request name, with what was given for it: ``params.fast=5:20``, and one
    item of a list in the singular, ``constraint 'fast <'``."""
    if given is None:
        return field
    if field.startswith("params."):
        return f"{field}={given}"
    name = "constraint" if field == "constraints" else field  # one of the list's items
    return f"{name} {given!r}"


def __getattr__(name: str) -> Any:
    """The documents (pydantic models and their builders), imported on first use."""
    import importlib

    documents = importlib.import_module("engine.results._documents")
    try:
        return getattr(documents, name)
    except AttributeError:
        raise AttributeError(f"module 'engine.results' has no attribute {name!r}") from None
