"""A new idea is a new strategy, titled by its rules; versions are for the same idea
regenerated, repaired or edited. Through the real ``botlab generate`` (offline compiler) and a
real SQLite store."""

from __future__ import annotations

import json

import pytest

from engine.generation import spec as S
from engine.generation._indicator_table import TABLE
from engine.generation._naming import _label, strategy_title
from engine.generation.generator import name_for_new_idea
from engine.store import Store

from .test_cli import botlab

RSI_AAPL = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL"
RSI_IBM = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on IBM"
RSI_GOOG = "buy when RSI(14) drops below 25 and sell above 75 on GOOG"


def generate(description: str) -> dict:
    proc = botlab("generate", description, "--engine", "offline", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["strategy"]


def test_different_ideas_are_different_strategies_and_the_same_idea_a_version():
    first = generate(RSI_AAPL)
    other_symbol = generate(RSI_IBM)
    other_rules = generate(RSI_GOOG)
    again = generate(RSI_AAPL.upper() + ".")

    assert first["name"] == "RSI(14) 30/70 reversion, 5% stop"
    assert first["version"] == 1
    # the same rules on another symbol, from another description: a strategy of its own
    assert other_symbol["name"] == "RSI(14) 30/70 reversion, 5% stop on IBM"
    assert other_symbol["version"] == 1
    assert other_rules["name"] == "RSI(14) 25/75 reversion" and other_rules["version"] == 1
    # the same description again (case and a full stop aside): the same strategy
    assert again["name"] == first["name"]
    store = Store.open()
    names = {s.name: s.versions for s in store.list_strategies()}
    assert names == {
        "RSI(14) 30/70 reversion, 5% stop": len(store.strategy_versions(first["name"])),
        "RSI(14) 30/70 reversion, 5% stop on IBM": 1,
        "RSI(14) 25/75 reversion": 1,
    }


def test_regenerating_the_same_description_gives_the_same_version():
    first = generate(RSI_AAPL)
    second = generate(RSI_AAPL)
    assert (second["name"], second["version"]) == (first["name"], first["version"])


def test_a_taken_title_is_numbered_once_the_symbol_is_taken_too():
    store = Store.open()
    title = "RSI(14) 30/70 reversion, 5% stop"
    store.save_strategy(title, "a = 1\n", description="one idea")
    store.save_strategy(f"{title} on AAPL", "a = 2\n", description="another idea")

    assert name_for_new_idea(store, title, "a third idea", "AAPL") == f"{title} #2"
    assert name_for_new_idea(store, title, "One idea.", "AAPL") == title


@pytest.mark.parametrize("kind", sorted(TABLE))
def test_every_indicator_in_the_table_titles_a_strategy(kind):
    """A bot whose entry reads any indicator of the table gets a title (a missing label once
    made ``botlab generate`` fail on every CCI, Parabolic SAR or candlestick bot)."""
    indicator = S.Indicator.make(kind)
    line = next(iter(TABLE[kind].lines))
    entry = S.Compare(a=S.IndicatorRef(id=indicator.id, output=line), op=">", b=S.Number(value=0))
    spec = S.StrategySpec(name="X", description="d", indicators=[indicator], entry=entry)

    title = strategy_title(spec)

    assert title.startswith(_label(kind))
    if TABLE[kind].pattern:  # a candlestick is named as it is, not "Hammer 0 signal"
        assert title == _label(kind)


def test_a_candlestick_bot_is_titled_by_its_pattern_and_its_exit():
    assert generate("buy a hammer, sell after 5 days")["name"] == "Hammer, exit after 5 bars"
    assert (
        generate("buy when CCI crosses above -100, sell when CCI crosses below 100")["name"]
        == "CCI(20) -100/100 signal"
    )
