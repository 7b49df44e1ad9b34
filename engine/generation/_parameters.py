"""Named settings declared once and used by name, put in place before anything is read.

People who write for a chatbot declare their numbers in a block and use the names in the rules:
"Params: fast=10, slow=30 / Buy QQQ when fast EMA crosses above slow EMA / exit when fast crosses
below slow", "Params: rsi_len=7, lower=20, upper=80 / Long SPY when RSI(rsi_len) < lower". A
careful programmer writes the same bot as from "10 EMA ... 30 EMA" and "RSI(7) < 20".

A block is a line of ``name=number`` pairs, after a label of ``vocab.PARAMETER_LABELS`` or
alone. Each use of a name is replaced by its number where a number belongs:

* inside brackets ("RSI(rsi_len)", "Bollinger(length, mult)", "MACD(fast, slow, signal)");
* after a comparison or product sign ("< lower", "= atr_mult * ATR(length)");
* before a length's unit ("the highest close in lookback days");
* before an indicator's name ("fast EMA": "10 EMA"), which also binds the name to that line,
  so a later bare use ("exit when fast crosses below slow") is the line ("10 EMA");
* anywhere, when the name is no word of Botlab's vocabulary ("rsi_len", "lookback2").

A name that is one of Botlab's words and stands elsewhere keeps its own meaning ("crosses above
the signal line" stays the MACD's signal line). The block's own words are removed and echoed
with the values read, so nothing is guessed silently: a name the rules never use is echoed too.
"""

from __future__ import annotations

import re

from engine.generation import _spelling as spelling
from engine.generation import _vocabulary as vocab

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PAIR = re.compile(rf"({_NAME})\s*=\s*(-?\d+(?:\.\d+)?)")
_PAIRS_LINE = re.compile(
    rf"^[ \t]*(?:(?P<label>[A-Za-z ]+?)[ \t]*:[ \t]*)?(?P<pairs>{_NAME}\s*=\s*-?[\d.]+"
    rf"(?:\s*[,;]?\s*{_NAME}\s*=\s*-?[\d.]+)*)[ \t.]*$",
    re.MULTILINE,
)
#: Signs a number follows ("< lower", "atr_mult * ATR(length)")
_VALUE_SIGNS = frozenset("<>=*x\u00d7")


def declared(text: str) -> tuple[str, list[str]]:
    """``text`` with its named settings put in place of their names, and the echo of each block
    (the text unchanged, with no notes, when it declares none)."""
    blocks = [
        block
        for block in _PAIRS_LINE.finditer(text)
        if (block.group("label") or "").strip().lower() in vocab.PARAMETER_LABELS
    ]
    if not blocks:
        return text, []
    values: dict[str, str] = {}
    notes = []
    for block in blocks:
        said = dict(_PAIR.findall(block.group("pairs")))
        values.update(said)
        echo = ", ".join(f"'{name}' is {number}" for name, number in said.items())
        notes.append(f"'{block.group().strip()}' read as named settings: {echo}")
    for block in reversed(blocks):  # "Stop: x=2" is no block: its label is no settings' label
        text = text[: block.start()] + text[block.end() :]
    return _put_in_place(text, values), notes


def _put_in_place(text: str, values: dict[str, str]) -> str:
    """``text`` with each use of a name of ``values`` replaced where a number belongs (see the
    module docstring); the names bound to a line ("fast EMA") replaced by that line when bare."""
    lines: dict[str, str] = {}
    names = "|".join(re.escape(name) for name in sorted(values, key=len, reverse=True))
    use = re.compile(rf"(?<![A-Za-z0-9_])({names})(?![A-Za-z0-9_])(?!\s*=)")
    out, last = [], 0
    for m in use.finditer(text):
        name = m.group(1)
        before, after = text[: m.start()], text[m.end() :]
        indicator = _indicator_after(after)
        if indicator is not None and _number_belongs(name, before, after, indicator=True):
            lines.setdefault(name, f"{values[name]} {indicator}")
            put = values[name]
        elif name in lines:
            put = lines[name]
        elif _number_belongs(name, before, after, indicator=False):
            put = values[name]
        else:
            continue
        out += [text[last : m.start()], put]
        last = m.end()
    return "".join(out) + text[last:]


def _indicator_after(after: str) -> str | None:
    """The indicator's name right after a use of a name ("fast EMA crosses": "EMA"), if any."""
    word = re.match(r"\s+([A-Za-z]+)", after)
    if word is None or word.group(1).lower() not in vocab.KEYWORDS:
        return None
    return word.group(1)


def _number_belongs(name: str, before: str, after: str, indicator: bool) -> bool:
    """Whether a number belongs where ``name`` is used, between ``before`` and ``after``."""
    if not spelling.known(name.lower()):
        return True  # "rsi_len", "lookback": a name of the writer's, nothing else
    if indicator:
        return name.lower() in vocab.PARAMETER_LINE_NAMES  # "fast EMA", not "lower Bollinger"
    opened, closed = before.rfind("("), before.rfind(")")
    if opened > closed:
        return True  # "MACD(fast, slow, signal)"
    sign = before.rstrip()[-1:]
    if sign and sign.lower() in _VALUE_SIGNS:
        return True  # "< lower"
    unit = re.match(r"\s+([A-Za-z]+)", after)
    return unit is not None and unit.group(1).lower() in vocab.PERIOD_UNITS
