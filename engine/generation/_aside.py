"""Setting aside what is not a rule: a title in front and greetings around the description.

* A **title** is the text before a first colon when the clause after the colon is a whole rule
  (an action and a condition) and the text before it states no condition of its own ("when
  ...", "only trade if ..." make it a rule): "Golden cross: buy when ...", "MACD crossover
  strategy: ...", "Hey, can you backtest this for me: buy AAPL when ...". Its symbol, test
  period, direction, stops and indicator settings are kept ("RSI(2) strategy on SPY: buy below
  10, ..."); its other words are set aside, never read as a second rule.
* A **greeting** is a sentence, or the description's opening words up to a comma, made only of
  greeting, thanks and request words and filler ("Hi!", "yo, ...", "Thanks in advance, much
  appreciated!").

Both are echoed ("set aside the title 'Golden cross'"), so nothing is dropped silently.
"""

from __future__ import annotations

from engine.generation import _vocabulary as vocab
from engine.generation._draft import Item
from engine.generation._parse import Scan

#: What a title may still say about the test: kept.
_KEPT_IN_TITLE = frozenset({"meta", "mention", "direction", "risk"})


def set_aside(sc: Scan) -> list[str]:
    """Drop title and greeting items from ``sc`` (in place); the echo of what was set aside."""
    notes = []
    greetings = _greetings(sc)
    begin = 0  # a title may follow opening greetings: "Hi! Golden cross: buy when ..."
    for start, end in greetings:
        if start == begin:
            begin = end
    title = _title_end(sc.items, sc, begin)
    if title is not None and _drop(sc, begin, title + 1, keep=_KEPT_IN_TITLE):
        notes.append(
            f"set aside the title '{sc.stream.span_text(begin, title)}' (a name, not a rule)"
        )
    for start, end in greetings:
        notes.append(f"set aside '{sc.stream.span_text(start, end)}' (not a trading rule)")
        _drop(sc, start, end, keep=frozenset())
    return notes


def _title_end(items: list[Item], sc: Scan, begin: int = 0) -> int | None:
    """The index of the colon that ends a title, if the description (from token ``begin``,
    after any opening greetings) starts with one."""
    first_sep = next(
        (n for n, item in enumerate(items) if item.kind == "sep" and item.start >= begin), None
    )
    if first_sep is None or items[first_sep].start == begin:
        return None
    if sc.stream.low(items[first_sep].start) != ":":
        return None
    before = items[:first_sep]
    if any(item.when or item.value == "filter" for item in before if item.start >= begin):
        return None  # "only when QQQ is above its 50-day SMA: buy ...": a rule, not a name
    after = []
    for item in items[first_sep + 1 :]:
        if item.kind == "sep":
            break
        after.append(item.kind)
    if "action" not in after or "cond" not in after:
        return None
    return items[first_sep].start


def _greetings(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of sentences made only of greeting words and filler."""
    s = sc.stream
    spans, start = [], 0
    for k in range(s.n + 1):
        end_of_sentence = k == s.n or s.tokens[k].kind == "nl" or s.low(k) in ".!?;"
        opening = start == 0 and s.low(k) == ","  # "Hi, buy when ...", "yo, ..."
        if not (end_of_sentence or opening):
            continue
        words = [s.low(j) for j in range(start, k) if s.kind(j) == "word"]
        chat = any(w in vocab.CHAT for w in words)
        if chat and all(w in vocab.CHAT or w in vocab.FILLER for w in words):
            spans.append((start, min(k + 1, s.n)))
        start = k + 1
    return spans


def _drop(sc: Scan, start: int, end: int, keep: frozenset[str]) -> bool:
    """Drop the items of tokens ``start:end`` but those of a ``keep`` kind, and mark the tokens
    as placed; whether any item, meaningful word or greeting was set aside ("AAPL:" and "Long
    only:" set nothing aside: their words are read)."""
    s = sc.stream
    kept = [i for i in sc.items if i.kind in keep or not start <= i.start < end]
    unread = any(
        not sc.used[k]
        and s.kind(k) == "word"
        and (s.low(k) not in vocab.FILLER or s.low(k) in vocab.CHAT)
        for k in range(start, end)
    )
    dropped = any(
        i.kind not in keep and i.kind != "sep" and start <= i.start < end for i in sc.items
    )
    sc.items = kept
    for k in range(start, end):
        sc.used[k] = True
    return unread or dropped
