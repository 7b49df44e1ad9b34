"""Numbers the writer takes back and says again, applied before anything is read.

People correct themselves mid-text: "buy on the 10 day high breakout... actually make it the 20
day high", "a trailing stop of 8%, scratch that, make it 10%", "the 150 day moving average, no
wait, the 100 day", "above the 50 day SMA, not the 50, the 100". The correction names only new
numbers; each replaces the latest number said before it in the same unit (days, bars, weeks: a
length; "%": a percentage; no unit: a number said with none, such as a level), in order ("the
50 day crosses the 200 day... actually make it the 20 day crossing the 100 day": 50 -> 20 and
200 -> 100). The text is rewritten with the new numbers, the correction's own words removed,
and read as a whole; the echo quotes the correction and each number it changed. A correction
whose numbers find no earlier number of their unit changes nothing (its words are reported,
never guessed). A correction that says a whole condition again ("... I mean close above the
prior 3-bar high") is not a number's and is read where conditions are
(``_match._self_corrections``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.generation import _vocabulary as vocab
from engine.generation._tokens import Stream

#: At most this many words after the marker belong to the correction
_LONGEST = 12


@dataclass(frozen=True)
class _Number:
    start: int  # first token
    digits_end: int  # token after the number
    end: int  # token after the number and its unit
    value: float
    unit: str  # "%", "length", "" (none)


def restate(s: Stream) -> tuple[str, list[str]]:
    """The text of ``s`` with its number corrections applied, and a note for each (the text is
    returned unchanged, with no notes, when it has none)."""
    text, notes = s.text, []
    for _ in range(s.n):  # each pass applies one correction, then reads the new text
        found = _first_correction(s)
        if found is None:
            break
        text, note = found
        notes.append(note)
        s = Stream(text)
    for _ in range(s.n):  # then each alternative said with doubt, one a pass
        found = _first_alternative(s)
        if found is None:
            break
        text, note = found
        notes.append(note)
        s = Stream(text)
    return text, notes


def _first_alternative(s: Stream) -> tuple[str, str] | None:
    """ "the 20 day, maybe 21, moving average", "RSI under 30 (or 25, not sure)", "below 30 or
    maybe 25": a number followed by another said with doubt. The first is read, the
    alternative's words are removed, and the echo names the alternative to try."""
    for k in range(s.n):
        first = _number_at(s, k)
        if first is None:
            continue
        opener = s.low(first.end) if s.low(first.end) in (",", "(") else None
        j = first.end + (opener is not None)
        marker = s.longest(j, vocab.ALTERNATIVE_MARKERS)
        if marker is None:
            continue
        alt = _number_at(s, marker[0] + (s.low(marker[0]) == "the"))
        if alt is None or alt.unit not in ("", first.unit) or alt.value == first.value:
            continue
        end = alt.end
        doubt = s.longest(s.optional(end, ","), vocab.DOUBT_TAILS)
        end = doubt[0] if doubt is not None else end
        if s.low(marker[0] - 1) == "or" and opener != "(" and doubt is None:
            continue  # "RSI below 20 or 80": a plain "or" is doubt only in brackets or said so
        if opener == "(" and s.low(end) != ")":
            continue
        if opener is not None and s.low(end) == {"(": ")", ",": ","}[opener]:
            end += 1  # the bracket or comma that closes the aside
        return _aside_removed(s, first, alt, first.end, end)
    return None


def _aside_removed(
    s: Stream, first: _Number, alt: _Number, start: int, end: int
) -> tuple[str, str]:
    """The text without the aside in tokens ``start:end``, and the note naming both numbers."""
    cut_from, cut_to = s.tokens[start - 1].end, s.tokens[end - 1].end
    text = s.text[:cut_from] + s.text[cut_to:]
    said = s.span_text(first.start, end).rstrip(", ")
    note = (
        f"'{said}' read with the first number said, {first.value:g}; {alt.value:g} was said as "
        "an alternative: test it too to compare"
    )
    return text, note


def approximations(s: Stream, read: Callable[[int], bool]) -> list[str]:
    """ "about 2%", "roughly 30": an approximate number is read as the number itself, said of
    each number a rule reads (``read(token)``; never one of an explanation set aside)."""
    notes = []
    for k in range(s.n - 1):
        number = _number_at(s, k + 1) if s.low(k) in vocab.APPROXIMATE_NUMBERS else None
        if number is not None and read(number.start):
            said = s.span_text(k, number.end)
            notes.append(f"'{said}' read as exactly {s.span_text(number.start, number.end)}")
    return notes


def _first_correction(s: Stream) -> tuple[str, str] | None:
    for k in range(s.n):
        opens = k == 0 or s.kind(k - 1) in ("punct", "nl")  # "I actually use 5": no correction
        marker = s.longest(k, vocab.NUMBER_CORRECTIONS) if opens else None
        if marker is not None:
            found = _said_again(s, k, marker[0])
        elif s.low(k) == "not":
            found = _not_this_but_that(s, k)
        else:
            continue
        if found is not None:
            return found
    return None


def _said_again(s: Stream, k: int, after: int) -> tuple[str, str] | None:
    """ "... actually make it the 20 day high": the numbers after the marker at ``k`` replace
    the latest ones of their unit before it."""
    j = after
    while (lead := s.longest(j, vocab.CORRECTION_LEADS)) is not None or s.low(j) in (",", "-"):
        j = j + 1 if lead is None else lead[0]
    if s.number(j) is None:
        return None  # "actually, sell when ...": a condition, not a number, said again
    end = _phrase_end(s, j)
    new = _numbers(s, j, end)
    said = _numbers(s, 0, k)
    targets = _targets(said, new)
    if targets is None:
        return None
    changes = list(zip(targets, new, strict=True))
    if len(changes) == 1:
        changes += _same_setting(s, said, changes[0], _words(s, j, end))
    return _rewrite(s, changes, k, end)


def _words(s: Stream, start: int, end: int) -> frozenset[str]:
    return frozenset(s.low(i) for i in range(start, end) if s.kind(i) == "word")


def _same_setting(
    s: Stream, said: list[_Number], change: tuple[_Number, _Number], named: frozenset[str]
) -> list[tuple[_Number, _Number]]:
    """ "buy when the RSI 14 crosses 30 ..., use 14 day RSI, no I mean 10 day RSI": the other
    times the replaced number was said beside a word the correction names again (the RSI's
    length) are the same setting, replaced too."""
    old, new = change

    def beside(n: _Number) -> bool:
        return bool({s.low(n.start - 1), s.low(n.end)} & named)

    if not beside(old):
        return []
    return [(n, new) for n in said if n != old and n.value == old.value and beside(n)]


def _not_this_but_that(s: Stream, k: int) -> tuple[str, str] | None:
    """ "the 50 day SMA, not the 50, the 100": the number after "not" names the one replaced."""
    j = k + 1 + (s.low(k + 1) == "the")
    old = _number_at(s, j)
    if old is None or s.low(old.end) != ",":
        return None
    m = old.end + 1
    m += s.low(m) == "but"
    m += s.low(m) == "the"
    new = _number_at(s, m)
    if new is None:
        return None
    said = [
        n
        for n in _numbers(s, 0, k)
        if n.value == old.value and (not old.unit or n.unit == old.unit)
    ]
    if not said:
        return None
    return _rewrite(s, [(said[-1], new)], k, new.end)


def _phrase_end(s: Stream, j: int) -> int:
    """The token after the correction starting at ``j``: up to a separator, an action word or
    ``_LONGEST`` words."""
    end = j
    while end < min(s.n, j + _LONGEST):
        listed = s.low(end) == "and" and s.number(end + 1) is not None  # "make it 25 and 75"
        if (s.low(end) in vocab.CORRECTION_ENDS and not listed) or s.kind(end) == "nl":
            break
        if s.low(end) in vocab.ACTIONS and end > j:
            break
        end += 1
    return end


def _number_at(s: Stream, i: int) -> _Number | None:
    got = s.number(i)
    if got is None:
        return None
    j, value = got
    unit = s.low(j)
    if unit in vocab.PERCENT_WORDS:
        return _Number(i, j, j + 1, value, "%")
    if unit in vocab.PERIOD_UNITS:
        return _Number(i, j, j + 1, value, "length")
    return _Number(i, j, j, value, "")


def _numbers(s: Stream, start: int, end: int) -> list[_Number]:
    out, i = [], start
    while i < end:
        found = _number_at(s, i)
        if found is None or found.end > end:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _same_unit(said: _Number, new: _Number) -> bool:
    """A number said again replaces one of its unit: a bare one ("RSI under 30 and above the 200
    day SMA, actually no, make it 25") a bare one (30, a level), never a length or a percent."""
    return said.unit == new.unit


def _targets(said: list[_Number], new: list[_Number]) -> list[_Number] | None:
    """For each new number, in order, the number it replaces: the latest one of its unit
    before the next one's target; None when one has none."""
    out: list[_Number] = []
    pool = list(said)
    for number in reversed(new):
        match = next((n for n in reversed(pool) if _same_unit(n, number)), None)
        if match is None:
            return None
        out.insert(0, match)
        pool = pool[: pool.index(match)]
    return out


def _rewrite(
    s: Stream, changes: list[tuple[_Number, _Number]], start: int, end: int
) -> tuple[str, str]:
    """The text with each replaced number's digits changed and the correction's words
    (tokens ``start:end``) removed, and the note saying so."""
    text = s.text
    cut_from, cut_to = s.tokens[start].start, s.tokens[end - 1].end
    edits = [(cut_from, cut_to, "")]
    for old, new in changes:
        digits = f"{new.value:g}"
        edits.append((s.tokens[old.start].start, s.tokens[old.digits_end - 1].end, digits))
    for a, b, put in sorted(edits, reverse=True):
        text = text[:a] + put + text[b:]
    changed = ", ".join(
        f"{s.span_text(old.start, old.digits_end)} -> {new.value:g}" for old, new in changes
    )
    note = f"read '{s.span_text(start, end)}' as a correction of what was said before it: {changed}"
    return text, note
