"""Suggestions: complete descriptions Botlab reads, offered when it did not read everything.

Candidates, each kept only when Botlab reads it completely:

1. what was understood: the description without the fragments that were not ("buy when RSI(14)
   drops below 30 and the moon is full" -> "buy when RSI(14) drops below 30");
2. the closest known phrasings: the named strategies and the dashboard's examples, ranked by how
   many meaningful words they share with the description (rapidfuzz's token-set ratio), then
   those using an indicator the description names, with the symbol, test period and stops the
   description gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from engine.generation import _vocabulary as vocab

MAX_SUGGESTIONS = 3
_MIN_SIMILARITY = 60  # below this, a known phrasing has little to do with the text

#: Indicator names: a text naming one is offered the known phrasings that use it.
_INDICATOR_WORDS = frozenset({"rsi", "macd", "bollinger", "sma", "ema", "donchian", "turtle"})

#: Every known phrasing: "name" -> the description read for it.
_PHRASEBOOK: dict[str, str] = {**vocab.NAMED_STRATEGIES, **{d: d for _, d in vocab.EXAMPLES}}


def suggest(
    text: str,
    not_understood: list[str],
    settings: dict,
    reads_completely: Callable[[str, bool], bool],
    keep: Sequence[str] = (),
) -> list[str]:
    """Up to three complete descriptions close to ``text``.

    ``settings`` are the test settings and stops already understood; ``reads_completely(text,
    own_rules)`` checks a candidate (``own_rules``: its rules are its own, not a default).
    ``text`` without what was not understood is offered only when it keeps each of ``keep``
    (the name of the instrument meant: without it, the test would run on another)."""
    candidates = []
    remainder = _without(text, not_understood)
    kept = all(word in remainder for word in keep)
    if remainder != text.strip() and kept and reads_completely(remainder, True):
        candidates.append(remainder)
    words = " ".join(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in vocab.FILLER)
    for name, _score, _ in process.extract(
        words,
        list(_PHRASEBOOK),
        scorer=fuzz.token_set_ratio,
        score_cutoff=_MIN_SIMILARITY,
        limit=8,
    ):
        candidates.append(_PHRASEBOOK[name])
    named = set(words.split()) & _INDICATOR_WORDS  # "RSI divergence": an RSI rule Botlab reads
    candidates += [d for d in _PHRASEBOOK.values() if named & set(re.findall(r"[a-z]+", d.lower()))]
    candidates = [
        c if c == remainder else _with_settings(c, settings_words(settings, c)) for c in candidates
    ]
    out: list[str] = []
    for candidate in candidates:
        if candidate and candidate not in out and reads_completely(candidate, False):
            out.append(candidate)
        if len(out) == MAX_SUGGESTIONS:
            break
    return out


def _without(text: str, fragments: list[str]) -> str:
    """``text`` with each fragment cut out, and the punctuation and joining words left dangling
    around it tidied ("buy when X and , sell" -> "buy when X, sell")."""
    out = text
    for fragment in fragments:
        out = out.replace(fragment, " ")
    out = re.sub(r"\b(and|or|but|with|when|if)\s*(?=[,.;:!?]|$)", "", out.strip())
    out = re.sub(r"\b(buy|sell|short|cover|exit)\s+(and|or|but)\b", r"\1 when", out, flags=re.I)
    out = re.sub(r"[(\[]\s*[)\]]", " ", out)  # "Sony ( ): buy ...": the ticker in it cut out
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"([,;:])\s*(?=[,.;:!?]|$)", "", out)
    return re.sub(r"\s{2,}", " ", out).strip(" ,;:")


def settings_words(values: dict, described: str) -> str:
    """The test settings and stops of a reading, as words Botlab reads back, leaving out the
    stops ``described`` sets itself."""
    words = []
    if values.get("symbol"):
        words.append(f"on {values['symbol']}")
    if values.get("period_days"):
        words.append(f"over the last {values['period_days']} days")
    if values.get("start"):
        words.append(f"since {values['start']}")
    own = described.lower()
    for key, name in (
        ("stop_loss_pct", "stop loss"),
        ("take_profit_pct", "take profit"),
        ("trailing_stop_pct", "trailing stop"),
    ):
        if values.get(key) and name not in own:
            words.append(f"a {values[key]:g}% {name}")
    if values.get("exit_after_bars") and "exit after" not in own:
        words.append(f"exit after {values['exit_after_bars']} bars")
    return ", ".join(words)


def _with_settings(description: str, settings_text: str) -> str:
    if not settings_text:
        return description
    return f"{description.rstrip('.')}, {settings_text}."
