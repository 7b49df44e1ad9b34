"""The harness of the description-corpus modules (``tests/test_generation_descriptions_*.py``):
a row of a table (``case``), and the check that a row's description is read as the row says,
compiles, and runs over every bar (``check_row``)."""

from __future__ import annotations

import pytest

from engine.generation import compile_spec, understand

from .rules_support import rule_shape
from .support import bars, load_strategy, run

#: The rules of a spec a row writes in the compact notation (``None`` where it writes none).
SIDES = ("entry", "exit", "short_entry", "short_exit")


def case(text: str, **expect) -> pytest.ParameterSet:
    """A row: the description and what its reading must be."""
    return pytest.param(text, expect, id=text[:60])


def check_row(
    text: str, expect: dict, fields: dict[str, object], sides: tuple[str, ...] = SIDES
) -> None:
    """``text`` is read in full with each of ``sides`` as ``expect`` writes it, each spec field
    of ``fields`` as ``expect`` says or else its default there (a float to rounding), nothing left
    unread unless ``expect["not_understood"]`` says what, and ``expect["says"]`` within one of
    the assumptions; its bot then runs over every bar (hourly EURUSD for an intraday spec, else
    AAPL), unless it needs another symbol's bars (the harness loads those: their own tests run
    them)."""
    u = understand(text)

    assert u.spec is not None, u.refusal
    for side in sides:
        assert rule_shape(getattr(u.spec, side)) == expect.get(side), side
    for name, default in fields.items():
        want = expect.get(name, default)
        assert getattr(u.spec, name) == (
            pytest.approx(want) if isinstance(want, float) else want
        ), name
    assert u.not_understood == expect.get("not_understood", [])
    if "says" in expect:
        assert any(expect["says"] in a for a in u.assumptions), u.assumptions
    strategy = load_strategy(compile_spec(u.spec), u.spec.name)
    if any(ind.symbol for ind in u.spec.indicators):
        return
    data = "EURUSD" if u.spec.interval else "AAPL"
    assert len(run(strategy, data)["_equity_curve"]) == len(bars(data))
