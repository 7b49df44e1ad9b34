"""The harness of the description-corpus modules (``tests/test_generation_descriptions_*.py``):
a row of a table (``case``), and the check that a row's description is read as the row says,
compiles, and runs over every bar (``check_row``), changing no setting it does not state
(``check_settings``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from engine.generation import compile_spec, understand
from engine.generation.spec import StrategySpec

from .rules_support import rule_shape
from .support import bars, load_strategy, run

#: The rules of a spec a row writes in the compact notation (``None`` where it writes none).
SIDES = ("entry", "exit", "short_entry", "short_exit")
#: Settings most rows leave alone: a row changes none of them unless it says so.
SETTINGS = (
    "exit_after_bars",
    "size_shares",
    "size_cash",
    "scale_out_pct",
    "trailing_stop_pct",
    "symbol",
    "interval",
    "risk_pct",
    "stop_loss_pct",
    "take_profit_pct",
    "atr_stop_multiple",
)
#: A spec with every setting at its default.
DEFAULTS = StrategySpec(name="Defaults")


def case(text: str, **expect) -> pytest.ParameterSet:
    """A row: the description and what its reading must be."""
    return pytest.param(text, expect, id=text[:60])


def check_row(
    text: str, expect: dict, fields: Iterable[str], sides: tuple[str, ...] = SIDES
) -> None:
    """``text`` is read in full with each of ``sides`` as ``expect`` writes it, each setting of
    ``fields`` as :func:`check_settings` checks it, nothing left unread unless
    ``expect["not_understood"]`` says what, and ``expect["says"]`` within one of the
    assumptions; its bot then runs over every bar (hourly EURUSD for an intraday spec, else
    AAPL), unless it needs another symbol's bars (the harness loads those: their own tests run
    them)."""
    u = understand(text)

    assert u.spec is not None, u.refusal
    for side in sides:
        assert rule_shape(getattr(u.spec, side)) == expect.get(side), side
    check_settings(u.spec, expect, fields)
    assert u.not_understood == expect.get("not_understood", [])
    if "says" in expect:
        assert any(expect["says"] in a for a in u.assumptions), u.assumptions
    strategy = load_strategy(compile_spec(u.spec), u.spec.name)
    if any(ind.symbol for ind in u.spec.indicators):
        return
    data = "EURUSD" if u.spec.interval else "AAPL"
    assert len(run(strategy, data)["_equity_curve"]) == len(bars(data))


def check_settings(
    spec: StrategySpec, expect: dict, fields: Iterable[str], *, exact: bool = False
) -> None:
    """Each setting of ``spec`` named in ``fields`` is as ``expect`` says, else its default (the
    value ``fields`` gives it when it is a mapping, the spec's own default otherwise): a row
    changes no setting it does not state. A float to rounding unless ``exact``."""
    defaults = fields if isinstance(fields, Mapping) else {}
    for name in fields:
        want = expect.get(name, defaults.get(name, getattr(DEFAULTS, name)))
        rounded = isinstance(want, float) and not exact
        assert getattr(spec, name) == (pytest.approx(want) if rounded else want), name
