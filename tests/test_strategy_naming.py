"""A new idea is a new strategy, titled by its rules; versions are for the same idea
regenerated, repaired or edited. Through the real ``botlab generate`` (offline compiler) and a
real SQLite store."""

from __future__ import annotations

import json

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
