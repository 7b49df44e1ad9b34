"""Scanning a description into items, left to right.

At each token the recognisers are tried in a fixed order (separators, test settings, direction,
stops and time exits, conditions, actions, "the opposite", conditions without a subject,
connectors, vague styles, bare indicator mentions); the first that matches consumes its tokens.
Tokens no recogniser consumed are reported back as "not understood" unless they are filler.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from engine.generation import _draft, _indicator_table, _parse_rules
from engine.generation import _operands as ops
from engine.generation import _price_units as price_units
from engine.generation import _vocabulary as vocab
from engine.generation._counted import attach_counts, counted
from engine.generation._draft import DCond, Ind, Item, Multi, Num, Price, Pronoun, When
from engine.generation._english import ordinal
from engine.generation._extreme_phrases import extreme_phrase, traded_at
from engine.generation._setups import read_setups
from engine.generation._tokens import Found, Stream, Token
from engine.generation._trader_phrases import (
    FLIP_SYSTEMS,
    PATTERN_NAMES,
    after_pattern,
    defined_after_colon,
    trader_phrase,
)


@dataclass
class Scan:
    """The items found in a description and which tokens they consumed."""

    stream: Stream
    items: list[Item]
    used: list[bool]


def scan(s: Stream) -> Scan:
    """Recognise every phrase of the words ``s``."""
    _end_run_on_labels(s)
    items: list[Item] = []
    used = [False] * s.n
    i = 0
    while i < s.n:
        got = _recognise(s, i)
        if got is None:
            i += 1
            continue
        end, item = got
        end = min(max(end, i + 1), s.n)
        item.end = end
        held = item.kind == "cond" and isinstance(item.value, DCond) and item.value.n > 1
        if held and item.value.kind == "compare":
            event = items[-1].value if items and items[-1].kind == "cond" else None
            if item.value.after_run and isinstance(event, DCond):  # the resolver places it
                item.value.run_words = s.span_text(i, end)  # before its event
            else:
                item = _held(s, item, items)
        verb = _exit_verb(s, i, end) if item.kind == "risk" else None
        if verb is not None:  # "exit after 7 bars or if ...": later conditions are exits too
            items.append(verb)
        items += item.value if item.kind == "rules" else [item]
        for k in range(i, end):
            used[k] = True
        i = end
    attach_counts(s, items)
    _restriction_of_an_exit(s, items, used)
    _objects_joined(s, items)
    _name_bare_averages(items)
    _extremes_before_actions(items)
    _line_then_crossing(s, items)
    _by_a_margin(s, items, used)
    _bare_lengths_compared(s, items, used)
    _chained_comparisons(s, items)
    _zone_of_several(items)
    _level_named_then_said(items)
    _fast_against_slow(items)
    _only_when_both(s, items)
    _named_conditions(s, items, used)
    _filter_sentences(s, items, used)
    _pattern_breakout(s, items)
    _time_exit_if_not_in_profit(s, items, used)
    _state_then_entries_on(s, items)
    _its_run(s, items)
    _it_is_the_price(s, items)
    _tomorrow_beyond_today(s, items, used)
    _setup_bar_broken(items)
    _beyond_and_crossing_back(s, items)
    _unknown_subjects(s, items, used)
    read_setups(s, items, used, _read_another_way)
    _read_sequences(s, items)
    _cross_out_of_level(s, items)
    return Scan(s, items, used)


def _restriction_of_an_exit(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "..., sell when RSI > 70 but only if ...": "but only if" after an exit in its sentence
    joins the exit's conditions, as said (after an entry, or no action, it filters entries)."""
    last = None
    for n, item in enumerate(items):
        if item.kind == "sep" and item.value:
            last = None
        elif item.kind == "action" and item.value == "filter" and s.low(item.start) == "but":
            joined = _connector(s, item.start) if last in vocab.CLOSING_SIDES else None
            if joined is not None:
                items[n] = Item("conn", joined[2], item.start, joined[0])
                used[item.start : joined[0]] = [True] * (joined[0] - item.start)
        elif item.kind == "action":
            last = item.value


def _objects_joined(s: Stream, items: list[Item]) -> None:
    """ "the close is above senkou span A and span B", "above the 50 SMA and the 200 SMA": a
    line named on its own straight after "and" that ends the clause is a second object of the
    comparison before it (above both), never dropped as a mere mention."""
    n = 0
    while n + 2 < len(items):
        cond, conn, line = items[n : n + 3]
        d = cond.value
        joined = (
            cond.kind == "cond"
            and isinstance(d, DCond)
            and d.kind == "compare"
            and isinstance(d.b, Ind)
            and conn.kind == "conn"
            and conn.value == "and"
            and conn.start == cond.end
            and line.kind == "mention"
            and line.start == conn.end
            and isinstance(line.value, Ind)
        )
        if joined and s.kind(line.end) in ("", "punct", "nl"):
            d.b = Multi([d.b, line.value])
            cond.end = d.end = line.end
            del items[n + 1 : n + 3]
        n += 1


def _by_a_margin(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "the close is above the 20 SMA by more than 5%": the line compared with, moved by that
    percent (close > 1.05 x SMA). A margin in points ("+DI is over -DI by more than 10 points")
    is a difference Botlab does not compute: its words are reported, never read as a level."""
    for n, item in enumerate(items):
        d = item.value
        if item.kind != "cond" or not isinstance(d, DCond) or d.kind != "compare":
            continue
        lines = isinstance(d.a, Ind | Price) and isinstance(d.b, Ind | Price)
        if not (lines and s.low(item.end) == "by" and d.b.times == 1.0):
            continue
        k = item.end + 1
        k = s.optional(k, ("over", "above"))
        k, strict = ops.parse_bound(s, k)
        pct = s.percent(k)
        if pct is not None:
            end, value = pct
            upward = d.rel in (">", ">=")
            d.b.times = 1 + value / 100 if upward else 1 - value / 100
            d.rel = (">" if strict else ">=") if upward else ("<" if strict else "<=")
            kind, value = "cond", d
        elif (got := s.number(k)) is not None:
            end = got[0] + (s.low(got[0]) in vocab.POINT_WORDS)
            kind, value = "unparsed", None
        else:
            continue
        inside = [x for x in items[n + 1 :] if x.start < end]
        if any(x.kind != "cond" for x in inside):
            continue
        for x in inside:
            items.remove(x)
        for k in range(item.end, end):
            used[k] = True
        if kind == "unparsed":
            items.insert(n + 1, Item("unparsed", None, item.end, end))
        else:
            item.end = d.end = end


def _extremes_before_actions(items: list[Item]) -> None:
    """An N-bar high or low named as the whole condition of the action before or after it ("55
    day high to enter, 20 day low to exit", "buy on the lowest close in 10 days"): the close
    breaking through it, whichever the action."""
    for n, item in enumerate(items):
        ind = item.value
        extreme = item.kind == "mention" and isinstance(ind, Ind)
        if not (extreme and ind.family in ("highest", "lowest")):
            continue
        before = items[n - 1] if n else None
        after = items[n + 1] if n + 1 < len(items) else None
        closes_clause = after is None or after.kind == "sep"
        acted_on = before is not None and before.kind == "action" and closes_clause
        if not (acted_on or (after is not None and after.kind == "action")):
            continue  # "buy on the lowest close in 10 days": its whole condition too
        rel = ">" if ind.family == "highest" else "<"
        cond = DCond("compare", Price("close"), rel, ind, start=item.start, end=item.end)
        items[n] = Item("cond", cond, item.start, item.end)


def _line_then_crossing(s: Stream, items: list[Item]) -> None:
    """ "(sell the rest) at the 50 SMA cross down": a line, then a crossing said with no lines
    of its own, is the close crossing that line (read as two conditions, it asked for the close
    at or above the line and crossing below it on the same bar, which never happens)."""
    for n in range(len(items) - 1, 0, -1):
        line, crossing = items[n - 1].value, items[n].value
        if not (
            items[n - 1].kind == items[n].kind == "cond" and items[n - 1].end == items[n].start
        ):
            continue
        touch = isinstance(line, DCond) and line.kind == "touch" and isinstance(line.b, Ind)
        bare = isinstance(crossing, DCond) and crossing.kind == "cross" and crossing.a is None
        if not (touch and bare and crossing.b is None and crossing.rel in ("above", "below")):
            continue
        words = s.span_text(line.start, crossing.end)
        note = f"'{words}' read as the close crossing {crossing.rel} the line"
        cond = DCond(
            "cross",
            Price("close"),
            crossing.rel,
            line.b,
            notes=[note],
            start=line.start,
            end=crossing.end,
        )
        items[n - 1 : n + 1] = [Item("cond", cond, items[n - 1].start, items[n].end)]


def _unknown_subjects(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "(ratio above its 50-day average)": a condition whose subject is a word Botlab does not
    know is not read with some other subject: the words are reported back."""
    for n, item in enumerate(items):
        d = item.value
        if item.kind != "cond" or not isinstance(d, DCond) or d.a is not None or item.start == 0:
            continue
        if d.kind not in ("compare", "cross", "touch"):
            continue  # "full on Mondays": a date needs no subject
        k = item.start - 1
        if s.low(k) == ")" and s.kind(k - 1) == "num" and s.low(k - 2) == "(":
            k -= 3  # "xyz(10) > 3": the unknown name before its length
        elif s.kind(k) == "num" and not used[k]:
            k -= 1  # "wr 14 < -80"
        tok = s.tokens[k]
        unknown = not used[k] and tok.kind == "word" and tok.low not in vocab.FILLER
        if unknown and tok.low.isalpha() and tok.low not in vocab.WHEN_WORDS:
            items[n] = Item("unparsed", None, k, item.end)
            used[k] = True


def _only_when_both(s: Stream, items: list[Item]) -> None:
    """ "buy at the lower band and sell at the upper band only when ADX < 20": "only when" after
    a buy and a sell said in one breath restricts both rules (it was the sell's alone), stated;
    "but only when" sets itself against the sell before it and stays the sell's ("buy when RSI <
    25 and sell when it goes above 70 but only if the close is above the 20 EMA"). After a sell
    said only by its date or time ("buy on the first day of the month, sell on the
    last day, but only if IWM is above its 100-day SMA") it restricts the buy alone: a date to
    sell on is kept whatever the market does, or the trade would be held past it."""
    for k, item in enumerate(items):
        said = s.span_text(item.start, item.end).lower() if item.kind == "conn" else ""
        if said not in vocab.ONLY_WHEN:
            continue
        before = items[:k]
        actions = [j for j, i in enumerate(before) if i.kind == "action"]
        if len(actions) < 2 or any(i.kind == "sep" and i.value for i in before[actions[-2] :]):
            continue
        first, second = before[actions[-2]], before[actions[-1]]
        joined = before[actions[-1] - 1]
        if not (first.value in ("buy", "enter") and second.value in ("sell", "exit")):
            continue
        dated = _dated_only(before[actions[-1] + 1 :])
        if said.startswith("but") and not dated:
            continue
        and_joined = joined.kind == "conn" and joined.value == "and"
        if not (and_joined or (dated and joined.kind == "sep")):
            continue
        end = next(
            (j for j in range(k + 1, len(items)) if items[j].kind in ("sep", "action")), len(items)
        )
        filters = [copy.deepcopy(i) for i in items[k + 1 : end]]
        if not filters or any(i.kind not in ("cond", "conn") for i in filters):
            continue
        whose = "the buy's alone (a date to sell on is kept)" if dated else "a condition of both"
        for i in filters:
            if isinstance(i.value, DCond):
                i.value.notes.append(
                    f"'{s.span_text(item.start, items[end - 1].end)}' after a buy and a sell said "
                    f"together read as {whose}"
                )
        if dated:
            del items[k:end]
        items[actions[-1] - 1 : actions[-1] - 1] = [
            *filters,
        ]
        return


def _dated_only(items: list[Item]) -> bool:
    """Whether ``items`` (a sell's, up to its "only when") say only when it fills: a date, a
    time or a fill ("sell on the last day of the month", "sell at the close on Monday")."""
    said = [i for i in items if i.kind not in ("sep", "conn", "meta")]
    return bool(said) and all(
        i.kind == "cond" and isinstance(i.value, When) and i.value.kind in ("calendar", "fill")
        for i in said
    )


@dataclass
class _Definition:
    """A condition given a name: the items that are the condition, the words of the whole
    definition, and whether the condition is also a part of the rule it is said in ("buy when
    ... while the 50 EMA is above the 200 (the uptrend)")."""

    name: str
    parts: list[Item]
    words: tuple[int, int]
    in_place: bool = False


def _named_conditions(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "ema 50 above ema 200 = uptrend, buy when RSI dips below 40 in uptrend", "call it an
    uptrend when X", "a bull regime is when X; only buy in a bull regime": a condition given a
    name and then used by it is ANDed into the rule where the name is used (echoed), and is no
    rule of its own. A name used but never defined keeps its reading: a trend's common default
    (echoed), or, for another name ("in a bull regime"), its words unread."""
    for definition in _definitions(s, items):
        uses = _name_uses(s, definition)
        lo, hi = definition.words
        label = [i for i in items if i.kind == "cond" and lo <= i.start and i.end <= hi]
        if not uses and not (definition.in_place and label):
            continue  # named, never used, the name unread: as before ("... (a bear market)")
        kept = definition.parts if definition.in_place else []
        items[:] = [  # the definition is no rule; the name's own reading in it goes too
            i
            for i in items
            if any(i is part for part in kept)
            or i.kind == "sep"
            or not (lo <= i.start and i.end <= hi or any(i is p for p in definition.parts))
        ]
        for k in range(lo, hi):
            used[k] = True
        said = s.span_text(*_span(definition.parts))
        for start, end in uses:
            copies = [copy.deepcopy(part) for part in definition.parts]
            for part in copies:
                part.start, part.end, part.when = start, end, False
                if isinstance(part.value, DCond):
                    part.value.start, part.value.end = start, end
            first = next(p.value for p in copies if isinstance(p.value, DCond))
            first.notes.append(f"'{s.span_text(start, end)}' read as its definition: {said}")
            overlapping = [i for i in items if i.start < end and start < i.end and i.kind == "cond"]
            for item in overlapping:  # the trend's default reading of the name
                items.remove(item)
            at = next((n for n, i in enumerate(items) if i.start >= start), len(items))
            items[at:at] = copies
            for k in range(start, end):
                used[k] = True


def _span(parts: list[Item]) -> tuple[int, int]:
    return min(p.start for p in parts), max(p.end for p in parts)


def _definitions(s: Stream, items: list[Item]) -> list[_Definition]:
    """Each condition given a name: a clause "NAME = X", "NAME: X", "NAME is when X", "call it
    NAME when X", "define NAME as X" or "X = NAME", "X means NAME"; or "X (NAME)" in a rule."""
    found: list[_Definition] = []
    bounds = [-1, *(k for k, i in enumerate(items) if i.kind == "sep"), len(items)]
    for first, last in zip(bounds, bounds[1:], strict=False):
        clause = items[first + 1 : last]
        begin = items[first].end if first >= 0 else 0
        conds = [n for n, i in enumerate(clause) if i.kind == "cond"]
        for n in conds:  # "... while the 50 EMA is above the 200 (the uptrend)"
            after = _name_after(s, clause[n].end)
            if after is not None and after[2]:
                found.append(_Definition(after[0], [clause[n]], (clause[n].end, after[1]), True))
        if not conds or any(i.kind in ("action", "risk") for i in clause):
            continue
        named = _name_before(s, begin)
        if named is not None:
            name, start = named
            parts = [i for i in clause if i.kind in ("cond", "conn") and i.start >= start]
            if parts and parts[0].kind == "cond":
                found.append(_Definition(name, parts, (begin, parts[-1].end)))
            continue
        for n in conds:  # "ema 50 above ema 200 = uptrend": the conditions before the name
            after = _name_after(s, clause[n].end)
            if after is not None and not after[2]:
                parts = [i for i in clause[: n + 1] if i.kind in ("cond", "conn")]
                found.append(_Definition(after[0], parts, (begin, after[1])))
                break
    return found


def _name_before(s: Stream, start: int) -> tuple[str, int] | None:
    """(name, where its condition starts) when the words at ``start`` name the condition after
    them ("uptrend =", "call it an uptrend when", "a bull regime is when", "define the trend
    as")."""
    k = start
    opening = s.longest(k, vocab.NAMING_OPENINGS)
    if opening is not None:
        k = opening[0]
    k = s.skip(k, vocab.ARTICLES)
    hit = s.longest(k, vocab.DEFINED_NAMES if opening else vocab.CONDITION_NAMES)
    if hit is None:
        return None
    link = s.longest(hit[0], vocab.NAMING_LINKS if opening else vocab.NAME_THEN_DEFINITION)
    if link is None:
        return None
    return str(hit[1]), link[0]


def _name_after(s: Stream, k: int) -> tuple[str, int, bool] | None:
    """(name, end of the words, in brackets) when the words at ``k`` name the condition before
    them ("= uptrend", "means a bull regime", "(the uptrend)")."""
    link = s.longest(k, vocab.DEFINITION_THEN_NAME)
    if link is None:
        return None
    j = s.skip(link[0], vocab.ARTICLES)
    hit = s.longest(j, vocab.CONDITION_NAMES)
    if hit is None:
        return None
    bracket = s.low(k) == "("
    if bracket and s.low(hit[0]) != ")":
        return None
    return str(hit[1]), hit[0] + bracket, bracket


def _name_uses(s: Stream, definition: _Definition) -> list[tuple[int, int]]:
    """The words using a defined name outside its definition ("in uptrend", "only in a bull
    regime"), each with the words leading to it."""
    lo, hi = definition.words
    defined = _span(definition.parts)
    uses = []
    k = 0
    while k < s.n:
        hit = (
            None
            if lo <= k < hi or defined[0] <= k < defined[1]
            else s.longest(k, vocab.CONDITION_NAMES)
        )
        if hit is None or hit[1] != definition.name:
            k += 1
            continue
        start = k
        while s.low(start - 1) in vocab.ARTICLES:
            start -= 1
        lead = next(
            (
                j
                for j in (start - 2, start - 1)
                if s.longest(j, vocab.NAME_USE_LEADS) == (start, True)
            ),
            None,
        )
        uses.append((start if lead is None else lead, int(hit[0])))
        k = int(hit[0])
    return uses


def _filter_sentences(s: Stream, items: list[Item], used: list[bool]) -> None:
    """A sentence of conditions said to be a filter filters every entry: "Weekly MACD line above
    zero is my regime filter.", "Weekly chart must be bullish (weekly 10 EMA above weekly 30
    EMA);", "Trend is up when the 50 EMA sits above the 200 EMA; in that trend, buy ..." (the
    trend defined, then named)."""
    bounds = [-1, *(k for k, i in enumerate(items) if i.kind == "sep" and i.value), len(items)]
    for first, last in reversed(list(zip(bounds, bounds[1:], strict=False))):
        sentence = items[first + 1 : last]
        conds = [k for k, i in enumerate(sentence) if i.kind == "cond"]
        if not conds or any(i.kind in ("action", "risk") for i in sentence):
            continue
        start = items[first].end if first >= 0 else 0
        end = items[last].start if last < len(items) else s.n
        said = _filter_words(s, start, end, used)
        defined = _trend_defined(s, sentence, conds)
        if said is None and defined is None and _required(s, sentence):
            said = (start, start)  # "the stock must be above its 200-day MA; buy when ..."
        if said is None and defined is None:
            continue
        if defined is not None:  # "Trend is up when X": X, not the words naming the trend
            del items[first + 1 + defined]
            sentence = items[first + 1 : last - 1]
            said = _trend_named_again(s, items, last - 1, used) or (start, start)
        for k in range(*said):
            used[k] = True
        at = next(i for i in sentence if i.kind == "cond").start
        items.insert(first + 1, Item("action", "filter", at, at))


def _required(s: Stream, sentence: list[Item]) -> bool:
    """A sentence of conditions said as a requirement ("the stock must be above its 200-day MA",
    "SPY has to be above its 50-day"): a filter of every entry."""
    spans = [range(i.start, i.end) for i in sentence if i.kind == "cond"]
    return any(s.longest(k, vocab.REQUIRED_WORDS) is not None for span in spans for k in span)


def _state_then_entries_on(s: Stream, items: list[Item]) -> None:
    """ "Long if the price is above the 50-week MA, using daily candles for entries on pullbacks
    to the 20-day EMA": the state said first is when entries are taken, "for entries on" the
    entry signal within it (not a second, alternative entry)."""
    for n, item in enumerate(items):
        if item.kind != "action" or s.low(item.start - 1) not in vocab.ENTRIES_WITHIN_LEADS:
            continue
        if s.low(item.start) not in ("entries", "entry", "entering"):
            continue
        before = items[:n]
        cut = max((k for k, i in enumerate(before) if i.kind == "sep" and i.value), default=-1)
        opening = [i for i in before[cut + 1 :] if i.kind == "action"]
        conds = any(i.kind == "cond" for i in before[cut + 1 :])
        if len(opening) == 1 and opening[0].value in ("buy", "enter") and conds:
            opening[0].value = "filter"


def _time_exit_if_not_in_profit(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "if the position hasn't made money after 10 bars, get out": a time exit that depends on
    the trade's profit is not built; it is reported whole (never an exit after 10 bars
    whatever the profit)."""
    for n, item in enumerate(items):
        if item.kind != "risk" or item.value[0] != "time":
            continue
        first, last = item.start, item.end
        while first > 0 and s.low(first - 1) not in vocab.STRONG_SEPARATORS:
            first -= 1
        while last < s.n and s.low(last) not in vocab.STRONG_SEPARATORS:
            last += 1
        said = next(
            (k for k in range(first, last) if s.longest(k, vocab.NOT_IN_PROFIT) is not None), None
        )
        if said is None:
            continue
        end = s.longest(said, vocab.NOT_IN_PROFIT)[0]  # type: ignore[index]
        items[n] = Item(
            "unparsed", vocab.TIME_EXIT_IF_LOSING, min(said, item.start), max(end, item.end)
        )
        for k in range(items[n].start, items[n].end):
            used[k] = True


def _pattern_breakout(s: Stream, items: list[Item]) -> None:
    """ "enter on an inside bar breakout": the bar after the pattern closes above its high (a
    breakdown: below its low), as "a close above the high of an inside bar" reads; not in a
    title ("Inside bar breakout: buy when ...")."""
    for n in range(len(items) - 1):
        said, style = items[n], items[n + 1]
        if style.kind != "style" or style.value not in vocab.BREAKOUT_STYLES:
            continue
        if s.low(style.end) == ":":
            continue
        d = said.value
        if said.kind != "cond" or not isinstance(d, DCond) or not isinstance(d.a, Ind):
            continue
        if d.a.family not in vocab.BAR_PATTERNS or d.a.lag:
            continue
        up = style.value == "breakout"
        d.a.lag = 1
        beyond = DCond(
            "compare", Price("close"), ">" if up else "<", Price("high" if up else "low", lag=1)
        )
        beyond.start, beyond.end = d.start, style.end
        beyond.notes.append(
            f"'{vocab.BAR_PATTERN_NAMES.get(d.a.family, d.a.family)} "
            f"{'breakout' if up else 'breakdown'}' read as a close "
            f"{'above the high' if up else 'below the low'} of the pattern bar, on the next bar"
        )
        items[n + 1] = Item("cond", beyond, style.start, style.end)
        items.insert(n + 1, Item("conn", "and", style.start, style.start))


def _filter_words(s: Stream, start: int, end: int, used: list[bool]) -> tuple[int, int] | None:
    """The span of "is my regime filter" / "must be bullish" among the unread words."""
    for k in range(start, end):
        hit = None if used[k] else s.longest(k, vocab.FILTER_SAID)
        if hit is not None:
            return k, hit[0]
    return None


def _trend_defined(s: Stream, sentence: list[Item], conds: list[int]) -> int | None:
    """ "Trend is up when X": the index of the condition read from "trend is up", followed by
    the condition defining it."""
    if len(conds) != 2 or not sentence[conds[1]].when:
        return None
    head = sentence[conds[0]]
    return conds[0] if s.longest(head.start, vocab.TREND_DEFINED) is not None else None


def _trend_named_again(
    s: Stream, items: list[Item], after: int, used: list[bool]
) -> tuple[int, int] | None:
    """ "in that trend," after the trend was defined: the words, and the style item they made."""
    for n in range(after, min(after + 4, len(items))):
        item = items[n]
        for k in range(max(item.start - 2, 0), item.start + 1):
            hit = s.longest(k, vocab.TREND_NAMED_AGAIN)
            if hit is not None and hit[0] >= item.end:
                if item.kind == "style":
                    del items[n]
                return k, hit[0]
    return None


def _level_named_then_said(items: list[Item]) -> None:
    """ "it is overbought above 75", "oversold below 25": the number said is the level (not the
    standard 70/80 as well)."""
    for n in range(len(items) - 1, 0, -1):
        named, said = items[n - 1].value, items[n].value
        if items[n - 1].kind != "cond" or items[n].kind != "cond":
            continue
        if not (isinstance(named, DCond) and isinstance(said, DCond)) or said.a is not None:
            continue
        level = isinstance(named.b, Num) and named.b.level in ("overbought", "oversold")
        number = isinstance(said.b, Num) and said.b.value is not None
        if level and number and said.kind == named.kind == "compare" and said.rel == named.rel:
            named.b = said.b
            named.end = said.end
            items[n - 1].end = items[n].end
            del items[n]


def _fast_against_slow(items: list[Item]) -> None:
    """ "the fast stochastic crosses above the slow stochastic": the slow stochastic is the fast
    one's %D, so this is %K crossing %D of one stochastic (was %K against another's %K)."""
    for item in items:
        d = item.value if item.kind == "cond" else None
        if not isinstance(d, DCond) or not all(isinstance(o, Ind) for o in (d.a, d.b)):
            continue
        lines = [(o, o.params.get("smooth", 1)) for o in (d.a, d.b)]
        if any(o.family != "stoch" or o.output not in (None, "k") for o, _ in lines):
            continue
        if sorted(smooth for _, smooth in lines) != [1, 3]:
            continue
        fast = d.a if lines[0][1] == 1 else d.b
        k, slow = (
            Ind("stoch", "k", dict(fast.params), pos=fast.pos),
            Ind("stoch", "d", dict(fast.params), pos=fast.pos),
        )
        d.a, d.b = (k, slow) if fast is d.a else (slow, k)


def _zoned(item: Item | None) -> bool:
    """``item`` is a comparison with a level ("is oversold", "below 30")."""
    d = item.value if item is not None and item.kind == "cond" else None
    return isinstance(d, DCond) and d.kind == "compare" and isinstance(d.b, Num) and d.n <= 1


def _has_level(operand: object, level: str | None) -> bool:
    """``operand`` is an oscillator with the named ``level`` (None: a number, any oscillator)."""
    entry = _indicator_table.TABLE.get(operand.family) if isinstance(operand, Ind) else None
    return entry is not None and bool(entry.levels) and (level is None or level in entry.levels)


def _zone_of_several(items: list[Item]) -> None:
    """ "RSI and stochastic are (both) oversold": the level of each oscillator named; "sell when
    either is overbought" / "when both are": each oscillator of the rule before at that level,
    joined by "or" / "and" (one of them was read, silently)."""
    k = 0
    while k < len(items):
        item = items[k]
        if not _zoned(item):
            k += 1
            continue
        d, level = item.value, item.value.b.level or None
        two = k >= 3 and items[k - 2].kind == "conn" and items[k - 2].value == "and"
        named = [items[k - 3], items[k - 1]] if two else []
        mentioned = all(i.kind == "mention" and _has_level(i.value, level) for i in named)
        if two and d.a is None and mentioned:
            parts = [_at_level(d, i.value, i) for i in named]  # "RSI and MFI are oversold"
            items[k - 3 : k + 1] = [parts[0], items[k - 2], parts[1]]
            continue
        before = items[k - 2] if k >= 2 and items[k - 1].kind == "conn" else None
        listed = before is not None and before.kind == "mention" and items[k - 1].value == "and"
        if listed and _has_level(before.value, level) and _has_level(d.a, level):
            items[k - 2] = _at_level(d, before.value, before)  # "RSI and stoch are oversold"
        said_or = d.a is None and k >= 2 and items[k - 1].kind == "conn"
        said_or = said_or and items[k - 2].kind == "action"  # "either" read as a connector
        either = said_or or (isinstance(d.a, Pronoun) and d.a.either)
        both = isinstance(d.a, Pronoun) and d.a.both and not d.a.either
        subjects = _rule_oscillators(items[:k], level) if either or both else []
        if len(subjects) >= 2:
            joined = [_at_level(d, operand, item) for operand in subjects]
            for part in joined[1:]:
                part.joined = "or" if either else "and"
            first = k - 1 if said_or else k
            items[first : k + 1] = joined
            k = first + len(joined)
            continue
        k += 1


def _at_level(d: DCond, operand: Ind, where: Item) -> Item:
    cond = DCond(
        "compare",
        copy.deepcopy(operand),
        d.rel,
        copy.deepcopy(d.b),
        start=where.start,
        end=where.end,
    )
    return Item("cond", cond, where.start, where.end, when=where.when)


def _rule_oscillators(before: list[Item], level: str) -> list[Ind]:
    """The oscillators (with ``level``) compared in the rule before the last action, in order,
    one of each kind."""
    actions = [k for k, i in enumerate(before) if i.kind == "action"]
    if len(actions) < 2:
        return []
    found: list[Ind] = []
    for item in before[actions[-2] : actions[-1]]:
        d = item.value if item.kind == "cond" else None
        a = d.a if isinstance(d, DCond) else None
        if _has_level(a, level) and all(f.family != a.family for f in found):
            found.append(a)
    return found


def _chained_comparisons(s: Stream, items: list[Item]) -> None:
    """ "the 10 ema > 20 ema > 50 ema", "9 ema above 21 ema above 50 ema": a comparison written
    straight after another, with no subject, compares the other's object (20 > 50), as in
    mathematics (in words, only between moving averages: "the cloud" after "crosses above
    the kijun above the cloud" is the price's)."""
    for before, item in zip(items, items[1:], strict=False):
        a, b = before.value, item.value
        chained = before.kind == item.kind == "cond" and item.start == before.end
        if not (chained and isinstance(a, DCond) and isinstance(b, DCond)):
            continue
        compared = b.kind == a.kind == "compare"
        said = compared and s.low(item.start) in ("<", ">")
        averages = all(_an_average(line) for line in (a.a, a.b, b.b))
        worded = (
            compared and averages and s.low(item.start) in vocab.ABOVE_PREPS | vocab.BELOW_PREPS
        )
        if (said or worded) and b.a is None and isinstance(a.b, Ind | Price):
            b.a = copy.deepcopy(a.b)  # "9 ema above 21 ema above 50 ema": then 21 above 50


def _an_average(line: object) -> bool:
    return isinstance(line, Ind) and line.family in vocab.MA_FAMILIES


def _bare_lengths_compared(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "long when the 5 day sma is above the 20 day sma, exit when 5 < 20", "5>20>50": bare
    numbers compared with each other, each the length of a moving average the description
    names, are those averages."""
    named: dict[float, str] = {}
    for item in items:
        if item.kind == "cond" and isinstance(item.value, DCond):
            for ind in (item.value.a, item.value.b, item.value.b2):
                if isinstance(ind, Ind) and ind.family in ("sma", "ema") and not ind.symbol:
                    named.setdefault(ind.params.get("period", 0.0), ind.family)
    _it_against_a_length(s, items)
    previous: DCond | None = None
    for item in items:
        d = item.value
        bare = item.kind == "cond" and isinstance(d, DCond) and d.kind in ("compare", "cross")
        if not (bare and d.a is None and isinstance(d.b, Num) and d.b.value in named):
            previous = None
            continue
        lead = s.number(item.start - 1) if item.start > 0 and not used[item.start - 1] else None
        if lead is not None and lead[0] == item.start and lead[1] in named:
            d.a, item.start, d.start = (
                Ind(named[lead[1]], params={"period": lead[1]}),
                item.start - 1,
                item.start - 1,
            )
            used[item.start] = True
        elif previous is not None and d.start == previous.end:
            d.a = copy.deepcopy(previous.b)  # "5 > 20 > 50": then 20 > 50
        else:
            previous = None
            continue
        period = d.b.value
        d.b = Ind(named[period], params={"period": period})
        said = s.span_text(item.start, item.end)
        d.notes.append(f"'{said}' read as the moving averages of those lengths named before")
        previous = d


def _it_against_a_length(s: Stream, items: list[Item]) -> None:
    """ "the 10 EMA crosses over the 30 ..., when it drops back under the 30": "it" after a
    moving average, against "the" and a length of an average named before, is that average
    (an oscillator's "it drops under the 30" stays the level 30)."""
    last: object = None
    named: dict[float, str] = {}
    for item in items:
        d = item.value
        if item.kind != "cond" or not isinstance(d, DCond):
            continue
        for line in (d.a, d.b):
            if isinstance(line, Ind) and line.family in ("sma", "ema", "ma", "bare"):
                named.setdefault(line.params.get("period", 0.0), line.family)
        said = isinstance(d.b, Num) and d.b.value in named and s.low(d.end - 2) == "the"
        average = isinstance(last, Ind) and last.family in vocab.MA_FAMILIES
        if isinstance(d.a, Pronoun) and said and average and d.kind in ("compare", "cross"):
            period = d.b.value
            d.b = Ind(named[period], params={"period": period})
            d.notes.append(f"'the {period:g}' read as the {period:g}-bar average named before it")
        if d.a is not None and not isinstance(d.a, Pronoun):
            last = d.a


def _cross_out_of_level(s: Stream, items: list[Item]) -> None:
    """ "stochastic oversold cross up", "RSI overbought cross down": a named level followed at
    once by a crossing with no line of its own is the line crossing that level (out of
    oversold upwards), never "below 20 and crossing above 20" on one bar."""
    for n in range(len(items) - 1, 0, -1):
        first, then = items[n - 1], items[n]
        if first.kind != "cond" or then.kind != "cond" or then.start != first.end:
            continue
        a, b = first.value, then.value
        named_level = isinstance(a, DCond) and isinstance(a.b, Num) and a.b.level is not None
        bare_cross = isinstance(b, DCond) and b.kind == "cross" and b.a is None and b.b is None
        if not (named_level and bare_cross and a.kind == "compare"):
            continue
        b.a, b.b = a.a, a.b
        items[n - 1 : n + 1] = [Item("cond", b, first.start, then.end, when=first.when)]
        b.notes.append(
            f"'{s.span_text(first.start, then.end)}' read as crossing the {a.b.level} level"
        )


def _read_sequences(s: Stream, items: list[Item]) -> None:
    """ "A, then B" inside one rule is a sequence, which a rule checked bar by bar is not: B is
    reported as not understood ("drops below -200 then rises above -100"), unless B crosses
    back over the line A crossed, which says A by itself ("drops below 30 then crosses back
    above 30": the cross above, whose previous bar was below 30)."""
    n = len(items)
    while n > 1:
        n -= 1
        first, then, gap = items[n - 1], items[n], 1
        if first.kind == "conn" and first.value == "and" and n >= 2:
            first, gap = items[n - 2], 2  # "A and then B"
        if first.kind != "cond" or then.kind != "cond":
            continue
        between = {s.low(k) for k in range(first.end, then.start)}
        if not between & vocab.SEQUENCE_WORDS:
            continue
        a, b = first.value, then.value
        _closes_of_the_line(s, a, then)
        if _crosses_back(a, b, back="back" in between):
            _read_crossing_back(s, first, then)
            items[n - gap : n + 1] = [Item("cond", b, first.start, then.end, when=first.when)]
            n -= gap - 1  # the list is shorter by gap: the next pair ends at the item read
        elif _threshold_sequence(a, b):
            read = _dip_then_recover(s, first, then)
            after = items[n + 1 : n + 2]
            if after and after[0].kind in ("meta", "risk") and after[0].end <= read[-1].end:
                del items[n + 1]  # "within 10 days" is the window, not the test period
            items[n - gap : n + 1] = read
            n -= gap - 1  # the conditions read are not read again as a sequence
        else:
            items[n] = Item("unparsed", vocab.SEQUENCE_PROBLEM, then.start, then.end)
    _read_after_sequences(s, items)  # after: its own "then" is not a sequence inside one rule


def _read_another_way(s: Stream, first: Item, then: Item) -> str | None:
    """A setup and trigger that :func:`_read_sequences` reads as one event: a crossing back
    over the line the first crossed, or two levels of one indicator."""
    first, then = copy.deepcopy((first, then))  # the readers complete what they read
    a, b = first.value, then.value
    _closes_of_the_line(s, a, then)
    back = any(s.low(k) == "back" for k in range(first.end, then.start))
    if _crosses_back(a, b, back=back):
        return "crossing"
    return "levels" if _threshold_sequence(a, b) else None


def _read_after_sequences(s: Stream, items: list[Item]) -> None:
    """ "after RSI drops below 20, buy when it rises above 30": the same sequence as "buy when
    RSI drops below 20 then rises above 30" (a first clause of another kind is left as it is:
    "after 3 down days, buy")."""
    for n in range(len(items) - 1, -1, -1):
        first = items[n]
        if first.kind == "cond" and getattr(first.value, "setup_within", 0):
            continue  # read as a setup before its trigger (_setups)
        waited = first.kind == "cond" and s.first(first.start, vocab.WAIT_FOR) is not None
        rest = [it for it in items[n + 1 : n + 6] if it.kind not in ("sep", "conn")][:2]
        after = first.kind == "cond" and s.low(first.start - 1) in vocab.AFTER_SEQUENCE_WORDS
        read = len(rest) == 2 and rest[0].kind == "action" and rest[1].kind == "cond"
        if waited and _bare_action(items, rest):  # "wait for X, then buy": buy when X
            said = s.span_text(first.start, rest[0].end)
            first.value.notes.append(f"'{said}' read as: {s.low(rest[0].start)} when it happens")
            continue
        if waited and not read:
            items[n] = Item("unparsed", vocab.WAIT_PROBLEM, first.start, first.end)
            continue
        if not (read and (after or waited)):
            continue
        action, then = rest
        stop = items.index(then) + 1
        if waited and _crosses_back(first.value, then.value):  # "wait for X to drop below
            _read_crossing_back(s, first, then)  # 30, then buy when it crosses back above 30"
            items[n:stop] = [action, then]
        elif _threshold_sequence(first.value, then.value):
            items[n:stop] = [action, *_dip_then_recover(s, first, then)]
        elif waited:
            items[n:stop] = [Item("unparsed", vocab.WAIT_PROBLEM, first.start, then.end)]


def _bare_action(items: list[Item], rest: list[Item]) -> bool:
    """The first of ``rest`` is an action with no condition of its own ("..., then buy.")."""
    if not rest or rest[0].kind != "action":
        return False
    n = items.index(rest[0]) + 1
    following = [it for it in items[n:] if it.kind != "conn"][:1]
    return not following or following[0].kind in ("sep", "action", "risk", "meta")


#: Bars a "then" may take when no window is said ("drops below -200 then rises above -100")
SEQUENCE_BARS = 20


def _threshold_sequence(a: object, b: object) -> bool:
    """ "CCI drops below -200 then rises above -100": two levels of one indicator."""
    if not (isinstance(a, DCond) and isinstance(b, DCond) and a.kind in ("cross", "compare")):
        return False
    if not (isinstance(a.a, Ind) and isinstance(a.b, Num) and isinstance(b.b, Num)):
        return False
    if a.b.value is None or b.b.value is None or a.rel is None or b.kind != "cross":
        return False
    same = b.a is None or isinstance(b.a, Pronoun) or _same(a.a, b.a)
    return same and a.a.family not in vocab.PRICE_FAMILIES


def _dip_then_recover(s: Stream, first: Item, then: Item) -> list[Item]:
    """A then B on one indicator: B on this bar, and A's level passed at some bar of the
    previous N bars ("within 10 bars" after B, else :data:`SEQUENCE_BARS`, stated)."""
    a, b = first.value, then.value
    end, bars, said = then.end, SEQUENCE_BARS, False
    k = s.skip(end, frozenset({"within", "in", "inside", "over"}))
    window = (
        ops.parse_bars(s, s.skip(k, vocab.ARTICLES | {"next", "following"})) if k > end else None
    )
    if window is not None:
        end, bars, said = window[0], window[1], True
    below = a.rel in ("below", "<", "<=")
    b.a = a.a
    kind = "lowest" if below else "highest"
    extreme = Ind(kind, params={"period": float(bars)}, source="indicator", pos=a.a.pos, of=a.a)
    passed = DCond("compare", extreme, "<" if below else ">", a.b, start=first.start, end=end)
    how = "" if said else f" ({bars} bars assumed: no window was given)"
    b.notes.append(
        f"'{s.span_text(first.start, end)}' read as: the second event on this bar, and the "
        f"first one's level ({'below' if below else 'above'} {a.b.value:g}) passed at some bar "
        f"of the previous {bars} bars{how}"
    )
    return [
        Item("cond", passed, first.start, first.end, when=first.when),
        Item("cond", b, then.start, end),
    ]


_SIDES = {"<": "below", "<=": "below", ">": "above", ">=": "above"}


def _side_of(d: DCond) -> str | None:
    """The side a crossing goes to, or a state is on ("below -80")."""
    return d.rel if d.kind == "cross" else _SIDES.get(d.rel or "") if d.kind == "compare" else None


def _crosses_back(a: object, b: object, back: bool = False) -> bool:
    """ "drops below 30 then crosses back above 30", "%R below -80 then back above -80"
    (``back``: the word was said before ``b``)."""
    if not (isinstance(a, DCond) and isinstance(b, DCond)):
        return False
    state_back = b.kind == "compare" and (b.back or back)
    if a.kind not in ("cross", "compare") or not (b.kind == "cross" or state_back):
        return False
    if b.kind == "compare":  # "then back above -80": a crossing back, said without the verb
        b.kind, b.rel = "cross", _side_of(b)
    return (
        _side_of(a) != b.rel
        and None not in (_side_of(a), b.rel)
        and (_same(a.b, b.b) or isinstance(b.b, Pronoun) and isinstance(a.b, Ind | Num))
        and (b.a is None or isinstance(b.a, Pronoun) or _same(a.a, b.a))
    )


def _closes_of_the_line(s: Stream, a: object, then: Item) -> None:
    """ "RSI dips under 30 and then closes back above it": the line of the first event closing
    back over its level, not the price (which is never near an oscillator's 30)."""
    b = then.value
    closes = s.low(then.start) in vocab.CLOSE_VERBS
    if not (closes and isinstance(a, DCond) and isinstance(b, DCond) and b.a == Price("close")):
        return
    level = isinstance(a.a, Ind) and a.a.family not in vocab.PRICE_FAMILIES and isinstance(a.b, Num)
    if level and (isinstance(b.b, Pronoun) or _same(a.b, b.b)):  # its level, said again
        b.a = Pronoun()


def _read_crossing_back(s: Stream, first: Item, then: Item) -> None:
    """ "(drops below the SMA, then) crosses back above it": the crossing, on the first event's
    lines, says the first event by itself (it was on the other side the bar before)."""
    a, b = first.value, then.value
    b.a = a.a if b.a is None or isinstance(b.a, Pronoun) else b.a
    b.b = a.b if isinstance(b.b, Pronoun) else b.b
    said, read = s.span_text(first.start, then.end), s.span_text(then.start, then.end)
    b.notes.append(
        f"'{said}' read as '{read}' (crossing back means it was on the other side the bar before)"
    )


def _same(x: object, y: object) -> bool:
    if isinstance(x, Ind) and isinstance(y, Ind):
        return (x.family, x.output, x.params) == (y.family, y.output, y.params)
    if isinstance(x, Num) and isinstance(y, Num):
        return (x.value, x.level) == (y.value, y.level)
    return isinstance(x, Price) and isinstance(y, Price) and x.field == y.field


def _name_bare_averages(items: list[Item]) -> None:
    """A bare length ("the 9", "the 200-day") names the moving average of that length the
    description mentioned before it ("the 9 EMA crosses above the 21 EMA, sell when the 9
    crosses under the 21"): it takes that average's kind. An average named only inside a
    derived line ("2 ATR below the 50-day EMA"), or as the mean of a z-score ("2 standard
    deviations below the 20-day mean"), gives its length to a later "the EMA", "the mean"."""
    named: dict[float, str] = {}
    lengths: dict[str, float] = {}
    for item in items:
        if item.kind != "cond" or not isinstance(item.value, DCond):
            continue
        for ind in (item.value.a, item.value.b, item.value.b2):
            if not isinstance(ind, Ind) or ind.timeframe or ind.symbol:
                continue
            if ind.named is not None:
                lengths.setdefault(ind.named.family, ind.named.params["period"])
            elif ind.family == "zscore" and "period" in ind.params:
                # "3 standard deviations above the 50 day average ... back to the average"
                for mean in ("avg", "ma", "sma"):
                    lengths.setdefault(mean, ind.params["period"])
            elif ind.family in lengths and not ind.params and ind.output is None:
                ind.params["period"] = lengths[ind.family]
            period = ind.params.get("period")
            if ind.family in ("sma", "ema") and period is not None:
                named.setdefault(period, ind.family)
            elif ind.family == "bare" and period in named:
                ind.family = named[period]
                ind.notes = [
                    f"'the {period:g}' read as the {period:g}-bar {ind.family.upper()}"
                    " named before it"
                ]


def _held(s: Stream, item: Item, earlier: list[Item]) -> Item:
    """A state said to hold "3 days in a row": the same comparison on each of the last 3 bars
    (the operands lagged by 2, 1 and 0 bars: the bar itself last, so that a later "it" is this
    bar's); "rules" items joined by "and". Its subject left out is the indicator just named
    (``earlier``: the items before it; "the RSI on the daily has been below 30 for 3 days"), and
    "it" the line of the comparison before."""
    cond, n = item.value, item.value.n
    said = [b for b in earlier if b.kind != "meta"]
    if cond.a is None and said and said[-1].kind == "mention" and isinstance(said[-1].value, Ind):
        cond.a = copy.deepcopy(said[-1].value)
    if _it_closes(s, item.start, cond):  # "it closes above the 20 SMA twice in a row"
        cond.a = Price("close")
    if isinstance(cond.a, Pronoun) and not (cond.a.both or cond.a.which):
        it = cond.a
        cond.a = _draft.unlagged_line(_last_subject(said))  # "out when it falls for two bars"
        if cond.a is None and it == Pronoun() and _a_price_line(cond.b):
            cond.a = Price("close")  # "if it stays above the 50 MA for a week": the price
    lagged = _draft.held_run(cond, n)
    if lagged is None:
        return Item("unparsed", vocab.HELD_PROBLEM, item.start, item.end)
    for d in lagged[1:]:
        d.start, d.end = item.start, item.end
    for d in lagged:
        d.run_interval = run_interval(s, item.start, item.end)
    before = isinstance(cond.a, Price) and cond.a.lag == 1  # "a hammer after 3 red candles"
    bars = f"the {n} bars before this one" if before else f"the last {n} bars"
    cond.notes.append(f"'{s.span_text(item.start, item.end)}' read as: on each of {bars}")
    parts = [Item("cond", d, item.start, item.end, when=item.when) for d in reversed(lagged)]
    return Item("rules", parts, item.start, item.end)


def run_interval(s: Stream, start: int, end: int) -> str | None:
    """The bars a run said in ``start:end`` counts: "4 weeks in a row" weekly ones ("1wk"),
    "3 days in a row" daily ones; None for bars, closes or candles (the bars tested), and for a
    length held ("for a week": 5 daily bars, by the unit table). The
    run's unit is the last one said ("above the 20-week SMA for 3 days": days)."""
    for k in range(end - 1, start - 1, -1):
        if s.low(k) in vocab.HELD_LENGTH_UNITS and "for" in {s.low(k - 2), s.low(k - 4)}:
            return None  # "for a week", "for at least 2 weeks": a length, in the bars tested
        if s.low(k) in vocab.RUN_UNIT_INTERVALS:
            return vocab.RUN_UNIT_INTERVALS[s.low(k)]
        if s.low(k) in vocab.STREAK_UNITS | vocab.HELD_UNITS:
            return None
    return None


def _beyond_and_crossing_back(s: Stream, items: list[Item]) -> None:
    """ "Stoch RSI below 20 and crossing up": crossing up through the level it is below (the bar
    before was below it); read as both on one bar it could never be true."""
    for k in range(len(items) - 2, 0, -1):
        state, conn, cross = items[k - 1], items[k], items[k + 1]
        a, b = state.value, cross.value
        if not (conn.kind == "conn" and conn.value == "and"):
            continue
        if not (isinstance(a, DCond) and isinstance(b, DCond) and b.kind == "cross"):
            continue
        beyond = {"<": "above", "<=": "above", ">": "below", ">=": "below"}.get(a.rel or "")
        subject = b.a is None or isinstance(b.a, Pronoun) or _same(a.a, b.a)
        if a.kind != "compare" or not isinstance(a.b, Num) or b.b is not None or not subject:
            continue
        if beyond is None or b.rel != beyond or a.n > 1:
            continue
        read = DCond("cross", a.a, beyond, a.b, start=a.start, end=b.end)
        read.notes.append(
            f"'{s.span_text(state.start, cross.end)}' read as crossing {beyond} "
            f"{a.b.value:g} (the bar before was on the other side)"
        )
        items[k - 1 : k + 2] = [Item("cond", read, state.start, cross.end, when=state.when)]


def _last_subject(before: list[Item]) -> object:
    """The subject of the last comparison in ``before`` (None when there is none): "it" is the
    line it names (``_draft.unlagged_line``)."""
    conds = [b.value for b in before if b.kind == "cond" and isinstance(b.value, DCond)]
    return conds[-1].a if conds else None


#: The first word of a run said with no subject: a verb of the subject before ("and falling")
_SUBJECTLESS_RUN = vocab.RISING | vocab.FALLING | vocab.COPULAS


def _its_run(s: Stream, items: list[Item]) -> None:
    """ "the histogram has risen 3 bars in a row, sell when it falls 2 bars in a row": "it" is
    the indicator of the rule before, falling on each of those bars (not the close)."""
    for k, item in enumerate(items):
        d = item.value if item.kind == "cond" else None
        if not (isinstance(d, DCond) and d.kind == "consecutive"):
            continue
        # "MFI is above 80 and falling 2 bars in a row", "RSI is below 30 and has been rising
        # for 2 days": a run with no subject of its own is the line of the condition before's
        joined = s.low(d.start - 1) == "and" and s.low(d.start) in _SUBJECTLESS_RUN
        if s.low(d.start) != "it" and not (joined and k and items[k - 1].kind == "conn"):
            continue
        # said with no subject, a line on the price's scale too ("the 20 EMA is rising and has
        # risen for 3 bars"); "it" after one is the price's
        subject = _last_subject(items[:k])
        line = _draft.unlagged_line(subject) or (
            _draft.unlagged_line(subject, price=True) if joined else None
        )
        if line is None:
            if joined and not isinstance(subject, Price):  # no subject known
                items[k] = Item("unparsed", vocab.HELD_PROBLEM, item.start, item.end)
            continue  # "the close is above X and has risen 3 days": the close's run
        moved = DCond("compare", line, ">" if d.rel == "up" else "<", "slope", n=d.n)
        moved.start, moved.end = d.start, d.end
        held = Item("cond", moved, item.start, item.end, when=item.when)
        got = _held(s, held, items[:k])
        items[k : k + 1] = got.value if got.kind == "rules" else [got]


def _it_closes(s: Stream, k: int, d: DCond) -> bool:
    """ "it closes above its 5-day SMA" at token ``k``: "it" that closes beyond a line on the
    price's scale is the price (never "it closes below it", it = OBV)."""
    said = s.low(k) == "it" and s.low(k + 1) in vocab.CLOSE_VERBS
    return said and type(d.a) is Pronoun and d.a == Pronoun() and _a_price_line(d.b)


def _it_is_the_price(s: Stream, items: list[Item]) -> None:
    """ "buy SPY when it is above its 200-day MA", "sell when it closes above its 5-day SMA":
    "it" right after the ticker an action names, or "it" that closes, is the price, not an
    indicator said before (in a title or an earlier rule)."""
    for k, item in enumerate(items):
        d = item.value if item.kind == "cond" else None
        if not (isinstance(d, DCond) and type(d.a) is Pronoun) or d.a != Pronoun():
            continue
        ticker, action = items[k - 1] if k else item, items[k - 2] if k > 1 else item
        named = ticker.kind == "meta" and ticker.value[0] == "symbol"  # type: ignore[index]
        if _it_closes(s, d.start, d) or (named and action.kind == "action" and item.when):
            d.a = Price("close")


def _a_price_line(operand: object) -> bool:
    """A moving average or another line drawn on the price's scale."""
    return (
        isinstance(operand, Ind)
        and operand.source != "volume"
        and operand.family in vocab.PRICE_FAMILIES
    )


def _tomorrow_beyond_today(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "when today's range is the narrowest of 7 days, buy tomorrow if price exceeds today's
    high": the setup is the bar before the entry's, and the price goes beyond that bar's high
    (low) - the close beyond it, read on the next bar (Botlab places no stop orders), stated."""
    for k, item in enumerate(items):
        trigger = items[k + 1] if k + 1 < len(items) else None
        if item.kind != "action" or item.value not in vocab.OPENING_SIDES or trigger is None:
            continue
        later = s.longest(item.end, vocab.NEXT_BAR)
        if later is None or s.low(later[0]) not in vocab.WHEN_WORDS or trigger.kind != "cond":
            continue
        d = trigger.value
        beyond = isinstance(d, DCond) and isinstance(d.a, Price) and isinstance(d.b, Price)
        if not beyond or (d.b.field, d.b.lag) not in (("high", 0), ("low", 0)):  # type: ignore
            continue
        setup = [it for it in _same_sentence_before(s, items, k) if it.kind == "cond"]
        if not all(_lagged(it.value) for it in setup):
            continue
        for it in setup:
            it.when = True
        d.b.lag, d.kind = 1, "compare"  # type: ignore[union-attr]
        d.rel = ">" if d.b.field == "high" else "<"  # type: ignore[union-attr]
        d.notes.append(
            f"'{s.span_text(item.end, trigger.end)}' read as the next bar closing beyond the "
            f"setup bar's {d.b.field} (orders fill at the open after it: no stop orders)"  # type: ignore[union-attr]
        )
        for j in range(item.end, later[0] + 1):
            used[j] = True


def _same_sentence_before(s: Stream, items: list[Item], k: int) -> list[Item]:
    """The items of the sentence before ``items[k]``."""
    out: list[Item] = []
    for it in reversed(items[:k]):
        if it.kind == "sep" and it.value is True:
            break
        out.append(it)
    return out


def _lagged(d: object) -> bool:
    """``d`` said one bar earlier (its lines' lags each one more), if it is a comparison."""
    if not (isinstance(d, DCond) and d.kind == "compare"):
        return False
    lines = [o for o in (d.a, d.b) if isinstance(o, Ind | Price)]
    for line in lines:
        line.lag += 1
    return bool(lines)


def _exit_verb(s: Stream, i: int, end: int) -> Item | None:
    """The exit action a stop or time exit starts with ("sell after 5 days", "exit at a 10%
    profit"), so that a condition joined to it ("... or if it closes above X") is an exit."""
    hit = s.longest(i, vocab.ACTIONS)
    if hit is None or hit[0] >= end or hit[1] not in vocab.CLOSING_SIDES:
        return None
    named = s.low(i) in ("take", "tp") and s.low(end) not in ("or", "if", "when")
    if named or s.low(i) in ("stop", "stopped"):  # "rsi below 30, take profit 6%, stop 3%":
        return None  # the target's and the stop's names, not a sell rule
    return Item("action", hit[1], i, hit[0])


def _recognise(s: Stream, i: int) -> tuple[int, Item] | None:
    for recogniser in _RECOGNISERS:
        got = recogniser(s, i)
        if got is not None:
            end, kind, value = got
            when = (
                s.low(i - 1) in vocab.WHEN_WORDS
                or s.low(i - 2) in vocab.WHEN_WORDS
                and (s.low(i - 1) in vocab.ARTICLES)
            )
            return end, Item(kind, value, i, end, when=when)
    return None


# -- separators, connectors, actions ------------------------------------------------------------


def _separator(s: Stream, i: int) -> Found:
    tok = s.tokens[i]
    if tok.kind == "nl" or tok.low in vocab.STRONG_SEPARATORS:
        return i + 1, "sep", True
    if tok.low in vocab.WEAK_SEPARATORS:
        return i + 1, "sep", False
    return None


def _action(s: Stream, i: int) -> Found:
    if s.low(i - 1) in vocab.NEGATIONS:
        return None
    if s.low(i) in vocab.SIDE_PLURALS and s.low(i - 1) == "and" and _after_an_exit(s, i - 1):
        # "exit longs at a 10-day low and shorts at a 10-day high": the shorts' exit
        return i + 1, "action", vocab.SIDE_PLURALS[s.low(i)]
    hit = s.longest(i, vocab.ACTIONS)
    closing_price = s.low(i - 1) in vocab.ARTICLES or s.low(i - 1) in ("daily", "weekly")
    close_verb = s.low(i) in ("close", "out") and s.low(i + 1) in vocab.EXIT_CLOSE_WHEN
    clause_start = s.kind(i - 1) in ("", "punct", "nl")
    out_span = s.low(i + 1) in vocab.OUT_SPANS | vocab.MONTHS.keys() | vocab.WEEKDAYS.keys()
    out_span = out_span or s.low(i + 1) in vocab.BELOW_PREPS | vocab.ABOVE_PREPS  # "out below VWAP"
    close_verb = close_verb or (s.low(i) == "out" and clause_start and out_span)
    arrow = s.arrow(i - 1)
    said_as_action = arrow and s.low(i + 1) in ("", ".", ";", ",")
    close_verb = close_verb or (s.low(i) == "close" and said_as_action)  # "overbought -> close"
    if hit is None and close_verb and not closing_price:
        return i + 1, "action", "exit"  # "close when it crosses below", "out when %B > 0.5"
    label = s.low(i) in vocab.ENTRY_LABELS and s.low(i + 1) == ":"
    opens = s.kind(i - 1) in ("", "nl", "punct")  # "Signal: ...", not "Exit signal: ..."
    if hit is None and label and (opens or s.low(i) in ("trigger", "triggers")):
        return i + 1, "action", "enter"  # "Filter: close above 200 EMA. Trigger: MACD ..."
    if hit is None:
        return None
    end, side = hit
    if side in vocab.CLOSING_SIDES and s.low(end) == "only" and s.low(end + 1) in vocab.WHEN_WORDS:
        return end + 1, "action", side  # "exit only when ...": the exit rule, "only" adds nothing
    dated = s.low(end + 1) in ("on", "in") and s.low(end + 2) in vocab.WEEKDAYS | vocab.MONTHS
    if s.low(end) == "only" and dated:
        return end + 1, "action", side  # "buy only on Fridays ...": the entry, on those days
    if s.low(end) in ("term", "terms", "run", "only") or s.phrase(end, "and short"):
        return None
    if side == "short" and s.low(end) == "squeeze":
        return None  # "a short squeeze" (see _trader_phrases._other_squeeze)
    if side == "reverse" and (
        s.low(i - 1) in ("on", "the", "a", "at")
        or s.phrase(i - 2, "stop and") is not None  # "stop and reverse": a direction
        or s.low(end) not in ("when", "if", "once", "whenever", "on", "at", "position", "to")
        and s.low(end) not in ("long", "short")  # "flip short on the opposite cross"
    ):
        return None
    if side == "buy" and s.phrase(end, "and hold"):
        return end + 2, "buy_and_hold", None
    ticker = _symbol(s, end) if side == "buy" and end < s.n else None
    if ticker is not None and (k := s.first(ticker[0], vocab.HOLD_FOREVER)) is not None:
        return k, "buy_and_hold", None  # "buy spy and hold forever"
    dip = s.longest(end, vocab.DIP_NAMES) if side == "buy" else None
    if dip is not None and s.low(dip[0]) in vocab.WHEN_WORDS:
        return dip[0], "action", side  # "buy the dip when ...": the rule says what the dip is
    return end, "action", side


def _after_an_exit(s: Stream, i: int) -> bool:
    """The sentence's last action word before ``i`` closes a position (the longest action phrase
    there: "exit shorts", not its "shorts")."""
    for k in range(i - 1, -1, -1):
        if s.low(k) in (".", ";", "!", "\n"):
            return False
        hit = s.longest(k, vocab.ACTIONS)
        if hit is not None and hit[0] <= i:
            wider = s.longest(k - 1, vocab.ACTIONS) if k > 0 else None
            side = wider[1] if wider is not None and wider[0] >= hit[0] else hit[1]
            return side in vocab.CLOSING_SIDES
    return False


def _phrases(kind: str, table: dict[str, object]) -> Callable[[Stream, int], Found]:
    """The recogniser of ``table``'s phrases: ``(end, kind, the phrase's value)``."""

    def recognise(s: Stream, i: int) -> Found:
        hit = s.longest(i, table)
        return None if hit is None else (hit[0], kind, hit[1])

    return recognise


_connector = _phrases("conn", vocab.CONNECTORS)
_direction = _phrases("direction", vocab.DIRECTIONS)
_style = _phrases("style", vocab.STYLES)


_SUBJECTS = frozenset({"i", "we", "you"})


def _mirror(s: Stream, i: int) -> Found:
    hit = s.longest(i, vocab.MIRROR_PHRASES)
    if hit is None:
        return None
    if s.low(i) == "reverse" and hit[0] == i + 1 and _reversing(s, i + 1):
        return None  # "and reverse when it flips above", "reverse long/short": the action
    alternative = s.low(i) in ("otherwise", "else")
    after = s.skip(hit[0], vocab.ALTERNATIVE_FILLERS) if alternative else hit[0]
    action = s.longest(after, vocab.ACTIONS) if alternative else None
    if action is not None and s.low(action[0]) in vocab.WHEN_WORDS:
        return after, "sep", False  # "otherwise (just) buy when ...": "apart from that", a rule
    if alternative and s.first(s.skip(hit[0], _SUBJECTS), vocab.HELD_UNTIL) is not None:
        return hit[0], "sep", False  # "otherwise I hold until Friday": another exit
    end = hit[0]
    end = s.optional(end, vocab.CROSS_EVENT_WORDS)
    back = any(s.low(x) == "back" for x in range(i, end))
    if back and s.low(end) in vocab.ABOVE_PREPS | vocab.BELOW_PREPS:
        return None  # "buy on a cross back above the 50 SMA": a crossing with its line
    mirror = DCond("mirror", start=i, end=end)
    said_after = s.low(i - 1) in vocab.WEAK_SEPARATORS | vocab.STRONG_SEPARATORS
    if action is not None and not said_after and s.kind(i - 1) not in ("", "nl"):
        # "long if MACD > 0 else short": "else" ends the first rule's clause, as a comma would
        return end, "rules", [Item("sep", False, i, i), Item("cond", mirror, i, end)]
    return end, "cond", mirror


def _reversing(s: Stream, i: int) -> bool:
    """After "reverse" at ``i - 1``, words that make it the verb, stop-and-reverse: its time
    ("reverse when ..."), its sides ("reverse long/short") or its new side ("reverse to short")."""
    return (
        s.low(i) in vocab.WHEN_WORDS | {"to", "into"} or s.longest(i, vocab.DIRECTIONS) is not None
    )


# -- test settings: symbol, period, interval, size, cash, commission ---------------------------

_KNOWN_WORDS = (
    frozenset(
        word
        for table in (
            vocab.ACTIONS,
            vocab.CONNECTORS,
            vocab.DIRECTIONS,
            vocab.STYLES,
            vocab.KEYWORDS,
            vocab.COMPARATIVES,
            vocab.UNARY,
            vocab.ROLE_WORDS,
            vocab.TYPE_WORDS,
            vocab.BAND_WORDS,
        )
        for phrase in table
        for word in phrase.split()
    )
    | vocab.FILLER
    | vocab.COPULAS
    | vocab.RISING
    | vocab.FALLING
    | vocab.NEUTRAL
    | vocab.TOUCH_WORDS
)


#: Words an uppercase ticker may follow ("on AAPL", "the silver ETF SLV")
_TICKER_LEADS = vocab.SYMBOL_INTRODUCERS | vocab.ASSET_KINDS


def _unnamed_symbol(s: Stream, i: int) -> Found:
    """ "on a single stock", "any stock you like", "a stock of your choice": a symbol the text
    does not name, reported with the reason, never a guess."""
    hit = s.longest(i, vocab.UNNAMED_SYMBOLS)
    if hit is None:
        return None
    said = s.span_text(i, hit[0])
    return hit[0], "unparsed", vocab.UNNAMED_SYMBOL_PROBLEM.format(said=said)


def _symbol(s: Stream, i: int) -> Found:
    """A ticker or a market's name, with the noun before it ("ticker IWM") and the kind of asset
    after it ("XLF etf", "KO stock"); a name then its kind then a ticker ("gold ETF GLD",
    "nasdaq index ^IXIC") is the ticker said, as in brackets."""
    got = _symbol_alone(s, s.skip(i, vocab.SYMBOL_NOUNS))
    if got is None or _unknown_future(s, got):
        return None
    end = s.skip(got[0], vocab.ASSET_KINDS)
    said = _symbol_alone(s, end) if end > got[0] and end < s.n else None
    if said is not None and (s.tokens[end].kind == "sym" or s.tokens[end].text.isupper()):
        return said
    return end, "meta", got[2]


def _a_fields_label(s: Stream, i: int) -> bool:
    """A form's label ("Size", "Stop", "Symbol", "Side") before its separator."""
    return s.low(i) in vocab.FORM_LABELS and s.low(i + 1) in vocab.LABEL_SEPARATORS


def _unknown_future(s: Stream, got: tuple[int, str, object]) -> bool:
    """ "XYZ futures": a root Botlab does not know (``vocab.FUTURES_ROOTS``) is left unread, so
    it is reported, never traded as the stock of the same ticker."""
    _, symbol = got[2]
    return s.low(got[0]) in vocab.FUTURES_WORDS and not str(symbol).endswith("=F")


def _symbol_alone(s: Stream, i: int) -> Found:
    if i >= s.n:
        return None  # "... SYMBOL" ending the text: a noun with no ticker after it
    tok = s.tokens[i]
    listed = _listed_on_an_exchange(s, i)  # before the names: "NASDAQ: SHOP" is no index
    if listed is not None:
        return listed
    pair = price_units.currency_pair(s, i)  # before a "sym": "EUR-USD" is the pair's ticker
    if pair is not None:
        return pair
    if tok.kind == "sym":
        return _with_its_name_in_brackets(s, i + 1, tok.text.upper())
    cashtag = _cashtag(s, i)
    if cashtag is not None:
        return cashtag
    future = _future(s, i)
    if future is not None:
        return future
    hit = s.longest(i, vocab.SYMBOL_NAMES)
    if hit is not None:
        end, symbol = hit
        kind = s.skip(end, vocab.ASSET_KINDS)  # "the S&P 500 ETF (SPY)", "crude oil futures (USO)"
        said = _bracketed_ticker(s, _rest_of_the_name(s, kind), any_word=True)
        if said is not None:
            end, symbol = said  # "gold (GLD)": the ticker said is the one traded
        elif tok.text.isupper() and len(tok.text) > 1 and end == i + 1:
            return _with_its_name_in_brackets(s, end, str(symbol))  # "SPY (S&P 500 ETF)"
        return end, "meta", ("symbol", symbol)
    named = _name_then_its_ticker(s, i)
    if named is not None:
        return named
    if tok.kind != "word" or not tok.text.isalpha():
        return None
    prev = s.low(i - 1)
    if _lowercase_ticker(s, i):
        return i + 1, "meta", ("symbol", tok.text.upper())
    noun = prev in vocab.SYMBOL_NOUNS or _labelled(s, i, vocab.SYMBOL_NOUNS)
    if noun and len(tok.text) <= 6 and tok.low not in _KNOWN_WORDS:
        return i + 1, "meta", ("symbol", tok.text.upper())  # "ticker ko", "the symbol is ko"
    named = tok.low in vocab.SYMBOL_NOUNS and s.kind(i + 1) in ("word", "sym")
    if named and (said := _symbol(s, i + 1)) is not None:
        return said  # "ticker CAT", "symbol HD": the noun is read with its ticker
    ticker_like = tok.text.isupper() and 1 <= len(tok.text) <= 5
    if ticker_like and _a_fields_label(s, i):
        return None  # "SIZE - 25% of equity", "STOP: 2%": a form's label, in capitals
    if ticker_like and _symbol_field(s, i):
        return i + 1, "meta", ("symbol", tok.text)  # "Symbol: BA", "my stock is KO"
    if tok.low == "nr" and s.kind(i + 1) == "num":
        return None  # "on NR7": a narrow-range bar, not the ticker NR
    if ops.metatrader_frame(s, i) is not None:
        return None  # "on the H1": MetaTrader's hourly chart, not the ticker H
    if ticker_like and _in_a_tickers_place(s, i):
        return i + 1, "meta", ("symbol", tok.text)
    if not ticker_like or tok.text in vocab.NOT_TICKERS or tok.low in _KNOWN_WORDS:
        return None
    if tok.low in vocab.ASSET_KINDS:
        return None  # "... sell above 70. ETF": the kind of asset, not one
    introduced = prev in _TICKER_LEADS or (
        prev in vocab.ARTICLES and s.low(i - 2) in vocab.SYMBOL_INTRODUCERS
    )
    last = s.kind(i + 1) in ("", "nl") or (s.low(i + 1) == "." and s.kind(i + 2) in ("", "nl"))
    at_end = last and prev in (",", "-", ";", ".")  # "... > -20 sell, KO", "... sell at 70. LLY"
    if introduced or _titles(s, i) or _opens_shorthand(s, i) or at_end:
        return _with_its_name_in_brackets(s, i + 1, tok.text)
    named = _with_its_name_in_brackets(s, i + 1, tok.text)
    if named is not None and named[0] > i + 1:
        return named  # "HON (Honeywell) - buy when ...": the ticker, its name said after it
    if s.low(i + 1) in ("stock", "shares", "share", "'s"):
        return i + 1, "meta", ("symbol", tok.text)
    if prev in ("and", ",", "&") and i >= 2 and (_symbol_alone(s, i - 2) or (0,))[0] == i - 1:
        return i + 1, "meta", ("symbol", tok.text)  # "on AAPL, MSFT and IBM"
    return None


def _listed_on_an_exchange(s: Stream, i: int) -> Found:
    """ "NYSE: HON", "NASDAQ:SHOP", "BINANCE:BTCUSDT": an exchange, a colon, then the ticker
    listed there (the exchange written in capitals, or glued to the ticker as charting sites
    write it); the ticker is the symbol."""
    exchange = s.longest(i, vocab.EXCHANGE_PREFIXES)
    if exchange is None or s.low(exchange[0]) != ":" or exchange[0] + 1 >= s.n:
        return None
    colon, ticker = s.tokens[exchange[0]], s.tokens[exchange[0] + 1]
    glued = s.tokens[exchange[0] - 1].end == colon.start and colon.end == ticker.start
    if not (glued or s.tokens[i].text.isupper()):
        return None  # "Coinbase: buy when ...": a title naming the company
    if not (ticker.kind == "sym" or ticker.text.isupper() or glued):
        return None
    return _written_ticker(s, exchange[0] + 1, any_word=False)


def _bracketed_ticker(s: Stream, k: int, any_word: bool = False) -> tuple[int, str] | None:
    """ "(HON)", "[SONY]", "(NYSE: HON)", "($HON)", "(BRK.B)", "(EURUSD)" at ``k``: the end after
    the closing bracket and the ticker. A word in capitals that Botlab reads as vocabulary
    ("(RSI)", "(SL)") is no ticker, unless ``any_word`` (after a name Botlab knows: "Lowe's
    (LOW)")."""
    close = vocab.TICKER_BRACKETS.get(s.low(k))
    j = s.optional(s.skip(k + 1, vocab.SYMBOL_NOUNS), ":")  # "(ticker: PTON)"
    if close is None or j + 1 >= s.n:
        return None
    got = _listed_on_an_exchange(s, j) or _written_ticker(s, j, any_word)
    if got is None or s.low(got[0]) != close:
        return None
    return got[0] + 1, str(got[2][1])


def _written_ticker(s: Stream, j: int, any_word: bool) -> Found:
    """The ticker at ``j`` inside brackets or after an exchange: a pair, a "sym", a cashtag, a
    word in capitals or a ticker Botlab knows typed in lower case ("(aapl)")."""
    tok = s.tokens[j]
    said = price_units.currency_pair(s, j) or _cashtag(s, j)
    if said is not None or tok.kind == "sym":
        return said or (j + 1, "meta", ("symbol", tok.text.upper()))
    hit = s.longest(j, vocab.SYMBOL_NAMES)
    if hit is not None and hit[0] == j + 1 and tok.text.islower():
        return j + 1, "meta", ("symbol", hit[1])
    ticker = tok.kind == "word" and tok.text.isalpha() and tok.text.isupper() and len(tok.text) <= 5
    if not ticker:
        return None
    if not any_word and (tok.text in vocab.NOT_TICKERS or s.longest(j, vocab.KEYWORDS)):
        return None  # "(SMA)", "(SL)": an indicator's or a stop's short name
    return j + 1, "meta", ("symbol", tok.text)


#: Words of a company's name are none Botlab reads ("Relative Strength Index (RSI)" is no name)
def _a_name_word(s: Stream, k: int) -> bool:
    tok = s.tokens[k]
    return (
        tok.kind == "word"
        and tok.text[:1].isupper()
        and tok.low.removesuffix("'s") not in _KNOWN_WORDS
        and tok.low not in vocab.PLAIN_WORDS
        and tok.text not in vocab.NOT_TICKERS
    )


def _name_then_its_ticker(s: Stream, i: int) -> Found:
    """ "Honeywell (HON)", "Sony [SONY]", "Advanced Drainage Systems (WMS)": capitalised words
    Botlab does not read, then a ticker in brackets: the ticker is the symbol and the name is
    read with it (set aside, echoed by the match). A name that is also a word ("Target (TGT)")
    counts only where a symbol goes, after "buy", "short", "on" ...."""
    if not _a_name_word(s, i) and not (
        s.kind(i) == "word"
        and s.tokens[i].text[:1].isupper()
        and s.low(i - 1) in vocab.SYMBOL_INTRODUCERS
    ):
        return None
    said = _bracketed_ticker(s, _rest_of_the_name(s, i + 1))
    return None if said is None else (said[0], "meta", ("symbol", said[1]))


def _rest_of_the_name(s: Stream, k: int) -> int:
    """After the capitalised words that go on a company's name at ``k`` before a bracket
    ("Honeywell| International Inc. (HON)", "Vantorix| Holdings (VTXH)", "Acme| Oil & Gas
    (ACM)"); ``k`` itself where no bracket follows them."""
    end = k
    while end < s.n and end - k < 5:
        capitalised = s.kind(end) == "word" and s.tokens[end].text[:1].isupper()
        abbreviated = s.low(end) == "." and s.low(end + 1) in vocab.TICKER_BRACKETS  # "Inc."
        if not (capitalised or abbreviated or s.low(end) in vocab.NAME_JOINERS):
            break
        end += 1
    return end if s.low(end) in vocab.TICKER_BRACKETS else k


def _with_its_name_in_brackets(s: Stream, end: int, symbol: str) -> Found:
    """A ticker then its company's name in brackets ("HON (Honeywell)", "SPY (S&P 500 ETF)"):
    the ticker, read with the name (set aside, echoed by the match); any other bracket after
    it is not the ticker's ("SPY (daily)")."""
    close = vocab.TICKER_BRACKETS.get(s.low(end))
    if close is None:
        return end, "meta", ("symbol", symbol)
    k = end + 1
    hit = s.longest(k, vocab.SYMBOL_NAMES)
    if hit is not None:
        k = s.skip(hit[0], vocab.ASSET_KINDS)
    else:
        while k < s.n and k - end < 6 and (_a_name_word(s, k) or s.low(k) in vocab.NAME_JOINERS):
            k += 1
    if k == end + 1 or s.low(k) != close:
        return end, "meta", ("symbol", symbol)
    return k + 1, "meta", ("symbol", symbol)


def _symbol_field(s: Stream, i: int) -> bool:
    """The word at ``i`` is the value of a field naming the symbol: "Symbol: BA", "| Stock:
    PFE", a label opening its sentence ("Stock is KO", "Underlying = QQQ"), or one said with
    its article or owner anywhere ("..., the stock is KO", "my ticker is LLY")."""
    if s.low(i - 1) not in vocab.LABEL_LINKS or s.low(i - 2) not in vocab.SYMBOL_LABELS:
        return False
    if s.low(i - 1) == ":":
        return True
    if s.tokens[i].text in vocab.NOT_TICKERS or s.low(i) in _KNOWN_WORDS:
        return False  # "when the market is UP": a state said in capitals
    return s.low(i - 3) in vocab.ARTICLES or _labelled(s, i, vocab.SYMBOL_LABELS)


def _titles(s: Stream, i: int) -> bool:
    """The word at ``i`` opens the text or a line as a chart's title, alone or with its bars,
    before a colon, comma or dash ("KO: ...", "PFE daily, buy when ...", "LLY 4h - ...")."""
    if i > 0 and s.kind(i - 1) != "nl":
        return False
    chart = _chart(s, i + 1)
    return s.low(chart[0] if chart is not None else i + 1) in (":", ",", "-")


def _opens_shorthand(s: Stream, i: int) -> bool:
    """The word in capitals at ``i`` opens the text or a line and a rule's words follow it at
    once, as forum shorthand puts the ticker first ("SLV WR(14) < -80 buy", "CRWD 20/50 ema
    cross long", "UNH close > sma 200 = buy"); not in a text typed all in capitals."""
    if i > 0 and s.kind(i - 1) != "nl":
        return False
    after = s.tokens[i + 1] if i + 1 < s.n else None
    if after is None or after.text.isupper() and after.low not in _KNOWN_WORDS:
        return False
    shouted = not any(tok.kind == "word" and not tok.text.isupper() for tok in s.tokens)
    return not shouted and (after.kind == "num" or after.low in _KNOWN_WORDS)


def _in_a_tickers_place(s: Stream, i: int) -> bool:
    """ "Buy MA when ...", "Long ON when ...", "short CAT stock": a word in capitals between the
    action and the rule's condition is the symbol traded, even where it is a word Botlab reads
    (the moving average, "on"); not in a text typed all in capitals ("BUY MA WHEN ...")."""
    after = s.tokens[i + 1] if i + 1 < s.n else None
    return (
        s.low(i - 1) in vocab.UPPERCASE_TICKER_LEADS
        and s.low(i) not in vocab.NOT_LOWERCASE_TICKERS  # "Buy NOW when ...": emphasis
        and after is not None
        and after.low in vocab.UPPERCASE_TICKER_TAILS
        and not after.text.isupper()
    )


def _future(s: Stream, i: int) -> Found:
    """ "NQ futures", "crude oil futures", "ES 15m: ...": Yahoo's continuous front-month contract
    of a root or of a market named before "futures" (the name alone is its ETF: "crude oil" is
    USO); an equity index root written in capitals needs no "futures" ("trade ES", "MNQ 5m")."""
    root = vocab.FUTURES_ROOTS.get(s.low(i))
    hit = s.longest(i, vocab.FUTURES_BY_NAME) or (root and (i + 1, root))
    if not hit:
        return None
    end, symbol = hit
    said = s.skip(end, vocab.FUTURES_WORDS)
    if s.low(said) == "(":
        return None  # "crude oil futures (USO)": the ticker said is the one traded
    index_root = (
        root is not None and s.tokens[i].text.isupper() and s.low(i) in (vocab.INDEX_FUTURES_ROOTS)
    )
    if said == end and not (end == i + 1 and index_root):
        return None
    return said, "meta", ("symbol", symbol)


def _cashtag(s: Stream, i: int) -> Found:
    """ "$xle", "$GME": that ticker (see ``_parse_rules.cashtag``)."""
    tagged = _parse_rules.cashtag(s, i)
    return None if tagged is None else (tagged[0], "meta", ("symbol", tagged[1]))


def _lowercase_ticker(s: Stream, i: int) -> bool:
    """ "buy xle when ...": a short word no phrase knows, between a buy and the rule's condition,
    is the ticker typed in lower case (the match echoes it as read so)."""
    tok = s.tokens[i]
    if not (tok.text.islower() and 2 <= len(tok.text) <= 5) or i in s.corrections:
        return False
    if tok.low in _KNOWN_WORDS or tok.low in vocab.NOT_LOWERCASE_TICKERS:
        return False
    return s.low(i - 1) in vocab.LOWERCASE_TICKER_LEADS and s.low(i + 1) in (
        vocab.LOWERCASE_TICKER_TAILS
    )


def _year(s: Stream, i: int) -> int | None:
    tok = s.tokens[i] if 0 <= i < s.n else None
    if tok is None or tok.kind != "num" or "." in tok.text or "," in tok.text:
        return None
    value = int(tok.value or 0)
    return value if 1950 <= value <= 2100 else None


def _date(s: Stream, i: int, end_of_year: bool = False) -> tuple[int, date] | None:
    """ "2010", "2010-06-01", "March 2015", "Jan 1, 2015"."""
    tok = s.tokens[i] if 0 <= i < s.n else None
    if tok is None:
        return None
    if tok.kind == "date":
        try:
            return i + 1, date.fromisoformat(tok.text)
        except ValueError:
            return None
    year = _year(s, i)
    if year is not None:
        return i + 1, date(year, 12, 31) if end_of_year else date(year, 1, 1)
    if tok.low in vocab.MONTHS:
        month = vocab.MONTHS[tok.low]
        j = i + 1
        day = 1
        if s.kind(j) == "num" and _year(s, j) is None and 1 <= (s.tokens[j].value or 0) <= 31:
            day = int(s.tokens[j].value or 1)
            j += 1
            j = s.optional(j, ",")
        year = _year(s, j)
        if year is None:
            return None
        try:
            return j + 1, date(year, month, day)
        except ValueError:
            return None
    return None


def _period(s: Stream, i: int) -> Found:
    """ "over the last 2 years", "for 6 months", "past year", "since 2010", "from 2005 to 2010",
    "2015 to 2020"."""
    low = s.low(i)
    limit = s.longest(i, vocab.PERIOD_LIMITS)  # "keep it to 2019 through 2022": the range after
    if limit is not None and _year(s, limit[0]) is not None:
        return _period(s, limit[0])
    if low in vocab.SINCE_WORDS or (low == "between" and _year(s, i + 1)):
        return _date_range(s, i)
    if low in vocab.UNTIL_WORDS and (
        got := _date(s, j := s.skip(i + 1, frozenset({"in", "of"})), end_of_year=True)
    ):
        ranged = _period(s, j) if _year(s, j) is not None else None
        if ranged is not None and ranged[2][0] == "range":  # "to 2019 through 2022": both ends
            return ranged
        return got[0], "meta", ("end", got[1])
    if low == "in" and (year := _year(s, i + 1)) is not None and s.low(i + 2) not in ("-", "to"):
        return i + 2, "meta", ("range", (date(year, 1, 1), date(year, 12, 31)))
    start_year, end_year = _year(s, i), _year(s, i + 1)
    joined = i + 1 < s.n and s.tokens[i + 1].joined
    if start_year and end_year and joined and end_year > start_year:
        return i + 2, "meta", ("range", (date(start_year, 1, 1), date(end_year, 12, 31)))
    end_year = _year(s, i + 2) if s.low(i + 1) in vocab.RANGE_JOINERS else None
    if start_year and end_year and end_year > start_year:  # "backtest 2015 to 2020"
        return i + 3, "meta", ("range", (date(start_year, 1, 1), date(end_year, 12, 31)))
    if s.kind(i) == "date" and s.low(i + 1) in vocab.RANGE_JOINERS:  # "2012-01-01 to 2022-12-31"
        return _dates_from(s, i)
    if start_year and _up_to_now(s, i + 1) > i + 1:  # "2018 to now"
        return _up_to_now(s, i + 1), "meta", ("start", date(start_year, 1, 1))
    return _lookback(s, i)


def _date_range(s: Stream, i: int) -> Found:
    """ "since 2010", "from 2005 to 2010", "between 2015 and 2020": the lead word at ``i``."""
    return _dates_from(s, s.optional(i + 1, ("in", "from", "on", "at", "with")))


def _dates_from(s: Stream, j: int) -> Found:
    """A test's start at ``j``, with its end if one follows ("2012-01-01 to 2022-12-31")."""
    got = _date(s, j)
    if got is None:
        return None
    j, start = got
    if s.low(j) in vocab.RANGE_JOINERS or s.tokens[j if j < s.n else j - 1].joined:
        k = j + 1 if s.low(j) in vocab.RANGE_JOINERS else j
        end = _date(s, k, end_of_year=True)
        if end is not None:
            return end[0], "meta", ("range", (start, end[1]))
    return _up_to_now(s, j), "meta", ("start", start)


def _up_to_now(s: Stream, j: int) -> int:
    """After a test's start, skip "to now" / "- present" ("2018 to now"): the data's end."""
    if s.low(j) not in vocab.RANGE_JOINERS or s.low(j) == "and":
        return j
    now = s.longest(j + 1, vocab.UP_TO_NOW)
    return j if now is None else now[0]


def _lookback(s: Stream, i: int) -> Found:
    j = i
    back = i
    while s.low(back - 1) in ("of", "the", "in", "over"):
        back -= 1
    superlative = s.low(back - 1).endswith("est") and s.low(back - 1) not in vocab.REQUEST
    if back > 0 and superlative:
        return None  # "the narrowest of the last 7 days": a window of a rule, not the test's
    if s.low(i - 1) in vocab.EVENT_COUNTS:
        return None  # "3 times within 20 days": the window of a count of events
    if s.low(back) == "of" and (s.kind(back - 1) == "num" or s.low(back - 1) == "out"):
        return None  # "down 3 (out) of the last 4 days": a count's window
    if _after_a_move(s, i):
        return None  # "up 10% in 2 weeks", "a 5% drop within 3 sessions": a move's window
    requested = s.low(j) in vocab.REQUEST  # "backtested on 10 years", "test it over 5 years"
    if requested:
        j = s.skip(j + 1, frozenset({"it", "this", "them", "on"}))
        if j == i + 1 and s.low(j) not in vocab.WINDOW_PREPS:
            return None  # a bare "backtest 5 years" is read where the span stands alone
    introduced = requested or s.low(j) in vocab.WINDOW_PREPS
    j = s.optional(j, vocab.WINDOW_PREPS)
    j = s.skip(j, vocab.LOOKBACK_ARTICLES)
    recent = s.low(j) in vocab.LOOKBACK_WORDS
    if recent:
        j += 1
        if s.low(j) in ("few",):
            return None
    got = s.number(j)
    if (
        got is None
        and recent
        and vocab.CALENDAR_DAYS.get(s.low(j), 0) >= vocab.CALENDAR_DAYS["month"]
    ):
        got = (j, 1.0)  # "over the last year"; "sell on the last day" is a day, not the test
    if got is None:
        return None
    j, value = got
    unit = s.low(j)
    if unit not in vocab.CALENDAR_DAYS:
        return None
    j += 1
    tail = False
    end = s.first(j, vocab.HISTORY_TAILS)
    if end is not None:
        j, tail = end, True
    if not (introduced or recent or tail or _stands_alone(s, i, j, unit)):
        return None
    if _held_for(s, i) is not None and not recent:
        return None  # "long from the first session of the month for one week": a holding time
    if not introduced and s.low(j) in vocab.SPAN_SUBJECT_VERBS:
        return None  # "if the prior week closed green": a rule about that week, not the test's
    if not introduced and s.low(j) in vocab.STORY_SUBJECTS:
        return None  # "last year i lost a lot on amzn": the writer's story, not the test's span
    if s.low(j) in ("in", "of") and s.low(j + 1) in ("a", "the") and s.low(j + 2) == "row":
        return None
    indicator = ops.parse_operand(s, s.skip(j + 1, vocab.ARTICLES)) if s.low(j) == "of" else None
    if not tail and indicator is not None and isinstance(indicator[1], Ind):
        return None  # "add up the last two days of the 2-period RSI": a rule's window
    return j, "meta", ("period_days", int(round(value * vocab.CALENDAR_DAYS[unit])))


def _after_a_move(s: Stream, i: int) -> bool:
    """Token ``i`` follows a percentage or a move said as a noun ("up 10% | in 2 weeks", "a 5%
    drop | within 3 sessions"): what follows is the window of that move (a rate of change),
    never the test period or a holding time, even where the move's verb was not read."""
    said = any((s.percent(k) or (0,))[0] == i for k in range(max(0, i - 3), i))
    return said or s.low(i - 1) in vocab.CHANGE_NOUNS


def _stands_alone(s: Stream, i: int, end: int, unit: str) -> bool:
    """A bare count of months or years that is a clause of its own, after a symbol or at a
    clause's edge ("golden cross on BTC-USD, 4 years", "... NVDA 3y"): the test period, since a
    rule's window is always attached to its rule."""
    if vocab.CALENDAR_DAYS[unit] < vocab.CALENDAR_DAYS["month"]:
        return False
    after_edge = end >= s.n or _separator(s, end) is not None
    before = i - 1
    before_edge = before < 0 or _separator(s, before) is not None
    before_edge |= s.low(before) in vocab.SPAN_LEADS
    after_symbol = before >= 0 and (_symbol(s, before) or (0,))[0] == i
    return after_edge and (before_edge or after_symbol)


_INTERVAL_WORDS = {
    "hourly": "1h",
    "daily": "1d",
    "weekly": "1wk",
    "monthly": "1mo",
    "eod": "1d",
    "intraday": None,
}


def interval_of(n: int, unit: str) -> str | None:
    """The interval of bars said as a count and a unit ("15 min": "15m", "4 hours": "4h")."""
    if unit in vocab.MINUTE:
        return f"{n // 60}h" if n % 60 == 0 else f"{n}m"
    if unit in vocab.HOUR:
        return f"{n}h"
    if unit in vocab.DAY_UNITS and n == 1:
        return "1d"
    if unit in vocab.WEEK_UNITS and n == 1:
        return "1wk"
    return None


def _chart(s: Stream, k: int) -> tuple[int, str] | None:
    """``(end, interval)`` of a chart named by its bars: "the 1h chart", "15m", "the daily",
    "the 4 hour timeframe", "H4" (MetaTrader's name: the unit's letter before the count)."""
    k = s.optional(k, "the")
    low = s.low(k)
    metatrader = ops.metatrader_frame(s, k)
    if _INTERVAL_WORDS.get(low):
        end, interval = k + 1, _INTERVAL_WORDS[low]
    elif metatrader is not None:
        end, interval = metatrader
    else:
        got = s.number(k)
        if got is None or got[1] != int(got[1]) or got[1] <= 0:
            return None
        end, interval = got[0] + 1, interval_of(int(got[1]), s.low(got[0]))  # type: ignore[assignment]
    if interval is None:
        return None
    return s.optional(end, vocab.CHART_WORDS | vocab.BAR_WORDS), interval


def _chart_role(s: Stream, i: int) -> Found:
    """A chart given a role in a multi-timeframe description: "use the 1h chart for trend",
    "the 15m chart for entries", "4h for direction", "15m for timing", "trend on the daily",
    "entries on the hourly", "H4 bias", "M15 entry", "check the weekly trend first (close above
    the 30-week MA)". The entry chart is the bars tested (an interval, as "on 15m bars" is); the
    trend chart is the time frame of the conditions said on it, built from those bars (a
    condition said inside the role, without a frame of its own, is on it). Both are echoed."""
    k = s.optional(i, vocab.CHART_ROLE_LEADS)
    chart = _chart(s, k)
    if chart is not None:
        end, interval = chart
        linked = s.low(end) in vocab.CHART_ROLE_LINKS
        role = s.longest(end + linked, vocab.CHART_ROLES)
        if role is None or not (linked or _chart_named_before_its_role(s, k, role)):
            return None
        end = role[0]
    else:
        role = s.longest(k, vocab.CHART_ROLES)
        if role is None or s.low(role[0]) not in vocab.ROLE_CHART_LINKS:
            return None
        chart = _chart(s, role[0] + 1)
        if chart is None:
            return None
        end, interval = chart
    while s.low(end) in vocab.CHART_ROLE_TAILS:
        end += 1
    if role[1] == "entry":
        if not _ends_a_role(s, end):
            return None
        roles = [Item("meta", ("interval", interval), i, end)]
        return end, "rules", [*roles, Item("meta", ("chart_role", ("entry", interval)), i, end)]
    frame = vocab.FRAME_OF_INTERVAL.get(interval, interval)
    with vocab.counting_bars_of_frame(frame):  # "(close above the 30-week MA)": on its bars
        inner = _parse_rules.parenthesised_condition(s, end) if s.low(end) == "(" else None
    if inner is None and not _ends_a_role(s, end):
        return None
    items = [Item("meta", ("chart_role", ("trend", frame)), i, end)]
    if inner is not None:
        said = _parse_rules.tagged(inner[1], frame, end, inner[0])
        if said is None:
            return None
        end = inner[0]
        items.append(Item("cond", said[2], said[2].start, end))  # type: ignore[union-attr]
    return end, "rules", items


def _chart_named_before_its_role(s: Stream, k: int, role: tuple[int, object]) -> bool:
    """ "H4 bias", "M15 entry", "the daily bias", "the weekly trend (close above ...)": a chart
    named right before its role, without "for"; "the daily trend" on its own stays a bare word
    for the bars (a trend said of a rule)."""
    if ops.metatrader_frame(s, s.optional(k, "the")) is not None or s.low(role[0] - 1) != "trend":
        return True
    end = role[0]
    while s.low(end) in vocab.CHART_ROLE_TAILS:
        end += 1
    return s.low(end) == "("


def _ends_a_role(s: Stream, k: int) -> bool:
    """A chart's role ends its clause ("..., 15m for timing: buy ...", "... for trend and the
    15m chart for entries"): "entries on the 4h close above ..." is no role but a rule."""
    if s.low(k) in ("on", "for") and _symbol(s, k + 1) is not None:
        return True  # "15m for entries on BTC"
    return k >= s.n or s.kind(k) == "nl" or s.low(k) in vocab.CHART_ROLE_ENDS


def _interval(s: Stream, i: int) -> Found:
    words = _INTERVAL_WORDS
    low = s.low(i)
    short = vocab.SHORT_INTERVAL_WORDS.get(low)
    charted = s.low(i + 1) in vocab.BAR_WORDS | vocab.CHART_WORDS
    if short is not None and charted and s.kind(i - 1) != "num":
        return i + 2, "meta", ("interval", short)  # "QQQ wk chart:", "hrly bars"; not "10 wk"
    metatrader = ops.metatrader_frame(s, i)  # "on the H1", "M15 chart"
    if metatrader is not None:
        end, interval = metatrader
        noun = s.low(end) in vocab.BAR_WORDS | vocab.CHART_WORDS
        on = s.low(i - 1) in ("on", "using") or s.phrase(i - 2, "on the") is not None
        return (end + noun, "meta", ("interval", interval)) if noun or on else None
    if low in words and words[low]:
        end = i + 1
        if _said_of_a_bar(s, i):
            return None
        if s.low(end) in vocab.BAR_WORDS - vocab.CHART_WORDS:
            return end + 1, "meta", ("interval", words[low])
        if s.phrase(end, "time frame"):
            end += 2
        elif s.low(end) in vocab.CHART_WORDS:
            end += 1
            opens = i == 0 or _separator(s, i - 1) is not None
            if opens and (end >= s.n or s.low(end) in (",", ":", ";", "-")):
                return end, "meta", ("interval", words[low])  # "Hourly chart, only long if"
        # "the daily trend", "the weekly chart for direction": said of a rule, this gives way
        # to bars said with their noun ("on hourly bars"); of two such words, the later wins
        return end, "meta", ("interval_word", words[low])
    if s.phrase(i, "end of day"):
        end = i + 3
        return (end + 1 if s.low(end) in vocab.BAR_WORDS else end), "meta", ("interval", "1d")
    said_intraday = low == vocab.INTRADAY  # "intraday 5m": the bars, said as intraday ones
    got = s.number(i + said_intraday)
    if got is None:
        return None
    j, value = got
    unit = s.low(j)
    if value != int(value) or value <= 0:
        return None
    interval = interval_of(int(value), unit)
    if interval is None or (said_intraday and interval in vocab.FRAME_OF_INTERVAL):
        return None
    j += 1
    if said_intraday or s.low(j) == vocab.INTRADAY:  # "on 5m intraday (bars)"
        j += s.low(j) == vocab.INTRADAY
        return j + (s.low(j) in vocab.BAR_WORDS), "meta", ("interval", interval)
    if s.low(j) in vocab.BAR_WORDS or s.phrase(j, "time frame"):
        return j + (2 if s.low(j) == "time" else 1), "meta", ("interval", interval)
    if s.low(i - 1) in ("on", "using", "with") or (
        s.low(i - 1) == "the" and s.low(i - 2) in ("on", "using")
    ):
        return j, "meta", ("interval", interval)
    # "| Timeframe: 4h", "Symbol=NVDA, tf=1h"
    field = s.low(i - 1) in (":", "=") and s.low(i - 2) in vocab.INTERVAL_LABELS
    if field or _labelled(s, i, vocab.INTERVAL_LABELS):
        return j, "meta", ("interval", interval)  # "Timeframe: 1h" on a line of its own
    opens = i == 0 or s.low(i - 1) in (",", ";", ".") or s.kind(i - 1) == "nl"
    alone = opens and (j >= s.n or s.low(j) in (",", ";", ".") or s.kind(j) == "nl")
    if alone and unit not in vocab.DAY_UNITS:  # "ema cross, 1h, btc", "... > 70. 4h.": the bars
        return j, "meta", ("interval", interval)
    if _compact_beside_a_symbol(s, i, j) or _compact_after_the_last_level(s, i, j):
        return j, "meta", ("interval", interval)  # "short tsla 15m when ...", "4h btc: ..."
    before = i - 1 - (s.low(i - 1) == ",")  # "SPY, 1 day"
    ticker = before >= 0 and (
        s.tokens[before].text.isupper() or s.low(before) in vocab.SYMBOL_NAMES
    )
    if ticker and (j == s.n or s.low(j) in vocab.WEAK_SEPARATORS | {".", "-", "\u2013"}):
        return j, "meta", ("interval", interval)  # "EURUSD 4h: buy ...", "$NVDA 1h - ..."
    return None  # a title's bars are read with the title (``_match._read_title_bars``)


def _labelled(s: Stream, i: int, labels: frozenset[str]) -> bool:
    """What starts at ``i`` follows one of ``labels`` and a colon, "=" or "is", the label
    opening its line or sentence ("Timeframe: 1h", "...\nInterval = 15m", "The timeframe for
    everything is 15 minutes": words of LABEL_SCOPES may say what it is for)."""
    if s.low(i - 1) not in vocab.LABEL_LINKS:
        return False
    end = i - 1
    while s.low(end - 1) in vocab.LABEL_SCOPES:
        end -= 1
    for start in range(max(0, end - 3), end):
        first = start - (s.low(start - 1) in vocab.ARTICLES)  # "The timeframe is 1h"
        opens = s.kind(first - 1) in ("", "nl") or s.low(first - 1) in (".", ";")
        if opens and " ".join(s.low(k) for k in range(start, end)) in labels:
            return True
    return False


def _compact_beside_a_symbol(s: Stream, i: int, end: int) -> bool:
    """ "btc 1h when ...", "eurusd 4h: ...", "... 5m tsla", "1h ETH-USD": a count written with its
    one-letter unit ("15m", "4h") right beside the ticker is the bars the ticker is tested on, as
    chart titles write them. Not when an indicator follows ("1h rsi above 50": that indicator's
    bars) unless the ticker opens the sentence before it ("ETH 4h supertrend(10,3) flip long":
    the chart's title), nor a count written apart from its unit ("SPY 5 min"), which may be a
    rule's window."""
    unit = s.tokens[end - 1]
    if len(unit.low) != 1 or s.tokens[i].end != unit.start:
        return False
    before = [start for start in range(max(0, i - 3), i) if (_symbol(s, start) or (0,))[0] == i]
    if end < s.n and isinstance((ops.parse_operand(s, end) or (0, None))[1], Ind):
        return any(_separator(s, start - 1) is not None or start == 0 for start in before)
    return bool(before) or (_symbol(s, end) if end < s.n else None) is not None


def _compact_after_the_last_level(s: Stream, i: int, end: int) -> bool:
    """ "b when rsi lt 30 s when rsi gt 70 1h": a count written with its one-letter unit that
    ends the text, right after the level of the last rule, is the chart's bars, as chat writes
    them last (no holding time or window is a bare number before it)."""
    unit = s.tokens[end - 1]
    if len(unit.low) != 1 or s.tokens[i].end != unit.start or s.kind(i - 1) != "num":
        return False
    return end >= s.n or (s.low(end) in (".", "!") and end + 1 >= s.n)


def _said_of_a_bar(s: Stream, i: int) -> bool:
    """ "the weekly candle is green", "the monthly open", "repeat weekly", "a weekly pattern": a
    rule about one weekly (monthly) bar or price, how often something is done, or the idea the
    writer has in mind, not the bars to test on (the idea's words are then reported)."""
    nxt = s.low(i + 1)
    if nxt in vocab.IDEA_NOUNS:  # "I heard there's a weekly pattern": Monday rules, daily bars
        return True
    if s.low(i) == "daily":  # "the daily close": the bars of the daily rules
        return False
    if nxt in vocab.OHLC_FIELDS or s.low(i - 1) in vocab.FREQUENCY_VERBS:
        return True
    return nxt in vocab.ONE_BAR_WORDS and s.low(i + 2) in vocab.SPAN_SUBJECT_VERBS


def _size(s: Stream, i: int) -> Found:
    """ "use 50% of equity", "half my cash", "buy a half position": the size of each trade; a
    size said with "buy" is the buy action too ("buy 50% of equity when RSI < 30")."""
    got = _size_said(s, i)
    action = ACTIONS_BY_WORD.get(s.low(i))
    if got is not None and s.low(i) in vocab.SIZE_VERBS_THAT_BUY:
        # "invest half my capital when the fast MA crosses above ...": the buy rule's size
        end = s.phrase(got[0], "to work") or got[0]  # "put half my cash to work if ..."
        got = (end, *got[1:])
        action = "buy" if s.low(end) in vocab.EXIT_CLOSE_WHEN else None
    if got is None or action is None:
        return got
    end, kind, value = got
    return end, "rules", [Item("action", action, i, i + 1), Item(kind, value, i + 1, end)]


ACTIONS_BY_WORD = {w: a for w, a in vocab.ACTIONS.items() if " " not in w and a == "buy"}


def _size_said(s: Stream, i: int) -> Found:
    before = i - 1
    while s.low(before) in vocab.RISK_FILLERS:
        before -= 1
    if s.low(i) in vocab.RISK_VERBS or s.low(before) in vocab.RISK_VERBS | vocab.ACCOUNT_LOSS_VERBS:
        return None  # "risk 1% of equity", "a stop loses 2% of equity": risk, not the size
    j = i
    j = s.optional(j, vocab.SIZE_INTROS)
    hedge = s.first(j, vocab.SIZE_HEDGES)  # "use at most a quarter of my cash": a share of
    j = hedge or j  # equity at most is that share (sizing gives no more than it asks)
    j = s.skip(j, frozenset({"a", "the", "only"}))
    end = s.first(j, vocab.SIZE_NAMES)
    if end is not None:
        end = s.first(end, vocab.PER_TRADE_TAILS) or end  # "size each trade at 10%"
        k = s.first(end, vocab.AMOUNT_OUGHT) or end + (1 if s.low(end) in vocab.AMOUNT_LINKS else 0)
        got = s.percent(k)
        if got is not None and s.low(got[0]) == "risk":  # "position size = 0.5% risk"
            return got[0] + 1, "meta", ("risk_pct", got[1])
        if got is not None and (per_stop := _per_stop_distance(s, got[0])) is not None:
            return per_stop, "meta", ("risk_pct", got[1])  # "= 2% of account / (entry - stop)"
        if got is not None:  # "position size 10% (of equity)"
            k = got[0]
            owner = s.skip(k + 1, vocab.CASH_OWNER_FILLERS) if s.low(k) == "of" else k
            end = owner + 1 if s.low(owner) in vocab.EQUITY_WORDS else k
            return _size_found(end, got[1])
        dollars = _parse_rules.money(s, k)
        if dollars is not None and dollars[2] and hedge is None:  # "position size $20,000"
            return dollars[0], "meta", ("size_cash", dollars[1])  # ("max ...": a cap, reported)
        num = s.number(k)
        if num is not None and 0 < num[1] < 1:
            return _size_found(num[0], num[1] * 100)
        shares = num is not None and s.low(num[0]) in vocab.SHARE_NOUNS - vocab.UNIT_NOUNS
        if shares and num[1] == int(num[1]) and num[1] >= 1:  # "position size 50 shares"
            return num[0] + 1, "meta", ("size_shares", int(num[1]))
        return None
    fraction, decimal = None, False
    got = s.percent(j)
    part = s.number(j)
    if got is not None:
        k, fraction = got
    elif s.low(j) in vocab.CASH_FRACTIONS:
        fraction = vocab.CASH_FRACTIONS[s.low(j)]
        k = j + 1
    elif part is not None and s.low(part[0]) in vocab.CASH_PARTS and part[1] >= 1:
        k = part[0] + 1  # "two thirds of my money", "3 quarters of the account"
        fraction, decimal = part[1] * vocab.CASH_PARTS[s.low(part[0])], True
    elif part is not None and 0 < part[1] < 1 and s.low(part[0]) == "of":
        k, fraction, decimal = part[0], part[1] * 100, True  # "use 0.5 of my cash"
    elif (ratio := _fraction_written(s, j)) is not None:
        k, fraction, decimal = ratio[0], ratio[1] * 100, True  # "allocate 1/4 of the account"
    else:
        return None
    k0 = k
    k = s.optional(k, "of")
    k = s.skip(k, vocab.CASH_OWNER_FILLERS)
    if s.low(k) in vocab.EQUITY_WORDS:
        k += 1
        k = s.optional(k, ("power", "worth", "value"))
        k = s.first(k, vocab.PER_TRADE_TAILS) or k
        return _size_found(k, fraction)
    if decimal:
        return None  # "0.5 of" a share of the account only ("buy 0.5 of a share": no size)
    if s.low(i) in ACTIONS_BY_WORD and s.low(k0) in vocab.EXIT_CLOSE_WHEN:
        return _size_found(k0, fraction)  # "buy half when RSI < 30"
    for tail in vocab.SIZE_TAILS:
        end = s.phrase(k0, tail)
        if end is not None and (tail != "position" or s.low(i) in vocab.SIZE_INTROS):
            return _size_found(end, fraction)
    return None


def _fraction_written(s: Stream, j: int) -> tuple[int, float] | None:
    """ "1/4", "1/3": a fraction written with a slash, below one (the end and its value)."""
    top = s.number(j)
    if top is None or s.low(top[0]) != "/" or s.kind(top[0] + 1) != "num":
        return None
    bottom = s.number(top[0] + 1)
    if bottom is None or not 0 < top[1] < bottom[1]:
        return None
    return bottom[0], top[1] / bottom[1]


def _per_stop_distance(s: Stream, k: int) -> int | None:
    """After "position size = 2%": "of account / (entry - stop)", "of equity divided by the stop
    distance": the shares that lose that percent at the stop (risk sizing); the end."""
    k = s.skip(k + (s.low(k) == "of"), vocab.ACCOUNT_FILLERS | vocab.EQUITY_WORDS)
    if s.low(k) not in ("/", "divided"):
        return None
    close = next((j for j in range(k + 1, min(k + 9, s.n)) if s.low(j) in (")", "distance")), None)
    said = range(k + 1, close if close is not None else min(k + 5, s.n))
    if not any(s.low(j) in ("stop", "risk") for j in said):
        return None
    return (close + 1) if close is not None else said.stop


def _size_found(end: int, pct: float) -> Found:
    return end, "meta", ("size_pct", pct)


def _all_in(s: Stream, i: int) -> Found:
    end = s.first(i, vocab.ALL_IN)
    if end is None:
        return None
    end = s.first(end, vocab.PER_TRADE_TAILS) or end  # "all my cash on each trade"
    size = Item("meta", ("size_pct", 100.0), i, end)
    if s.low(i) in vocab.ALL_IN_VERBS and s.low(end) in vocab.WHEN_WORDS:
        return end, "rules", [Item("action", "buy", i, end), size]  # "go all in when ..."
    return end, "meta", ("size_pct", 100.0)


def _money(s: Stream, i: int) -> tuple[int, float] | None:
    """An amount of money (:func:`_parse_rules.money`); one not said as money only from 100
    ("a 25000 account", never "a 50 account")."""
    got = _parse_rules.money(s, i)
    if got is None or not got[2] and got[1] < 100:
        return None
    return got[0], got[1]


def _invested_amount(s: Stream, i: int) -> Found:
    """ "invest 500 bucks in tesla when ...", "put a thousand dollars in spy every time ...": a
    buy, with that money as the starting cash (as "buy $500 of TSLA" reads)."""
    if s.low(i) not in vocab.INVEST_VERBS:
        return None
    got = _parse_rules.money(s, i + 1)
    if got is None or not got[2] or s.low(got[0]) not in vocab.INVEST_PREPS:
        return None
    j, value = got[:2]
    end = j + 1
    money = Item("meta", ("cash", value), i, end)
    return end, "rules", [Item("action", "buy", i, end), money]


def _distance_from_a_line(s: Stream, i: int) -> Found:
    """ "$5 below 30", "30 pips under the EMA" on a stock, "2 ticks above yesterday's high" on
    an instrument whose tick is not known: a distance in price from a line that the relations
    of :mod:`_operands` could not read (its unit has no known size, or its line is no price):
    the amount is reported with the reason, never taken for the cash or a size (the line and its
    side are read on)."""
    got = price_units.price_distance(s, i)
    said = s.number(i)
    units = vocab.MARKET_PRICE_UNITS | vocab.POINT_WORDS  # "10 points" on EURUSD: no set size
    if got is None and said is not None and s.low(said[0]) in units:
        got = said[0] + 1, said[1]
    sides = vocab.ABOVE_PREPS | vocab.BELOW_PREPS | vocab.DISTANCE_PREPS
    if got is None or s.low(got[0]) not in sides:
        return None
    return got[0], "unparsed", vocab.PRICE_DISTANCE_UNREAD


def _cash(s: Stream, i: int) -> Found:
    if _points_stop(s, i) is not None:
        return None  # "with a $2 stop": a stop's distance, not the account's cash
    for intro in vocab.CASH_INTROS + vocab.CASH_HELD_INTROS:
        end = s.phrase(i, intro)
        if end is None:
            continue
        k = end + (1 if s.low(end) in vocab.AMOUNT_LINKS else 0)
        k = s.skip(k, vocab.APPROXIMATELY)  # "i have like 10K in my account"
        got = _parse_rules.money(s, k)
        if got is None and s.low(k) in vocab.INDEFINITE_ARTICLES:
            got = _parse_rules.money(s, k + 1)  # "I'm working with a 5k account"
        if got is None or not got[2] and got[1] < 100:
            continue
        j, value, said_as_money = got
        if _gain_or_loss(s, j):
            return None  # "once I have $500 profit", "if I have a 1k loss": a trade's result
        sides = vocab.ABOVE_PREPS | vocab.BELOW_PREPS | vocab.DISTANCE_PREPS
        if intro in vocab.CASH_HELD_INTROS and (value < 100 or s.low(j) in sides):
            continue  # "when it's got $5 above my entry": a distance, no account
        loose = intro.startswith(("with", "use")) or intro in vocab.CASH_HELD_INTROS
        if loose and not (said_as_money or s.low(j) in vocab.ACCOUNT_WORDS):
            continue  # "with 20 shares", "I have 2 positions": no money
        j = s.optional(j, vocab.STARTING_WORDS)
        j = s.optional(j, vocab.ACCOUNT_NOUNS)
        return s.first(j, vocab.CASH_TAILS) or j, "meta", ("cash", value)
    got = _money(s, i)
    # "$50,000 account", or with no currency sign an amount the account's words follow ("100k
    # starting capital", "25000 initial cash": a number alone is never the cash)
    account_said = got is not None and s.low(got[0]) in vocab.ACCOUNT_WORDS
    if (
        got is not None
        and (s.low(i) in vocab.CURRENCY_SIGNS or account_said)
        and s.low(got[0]) != "worth"
    ):
        j, value = got
        if s.low(j) in vocab.ACCOUNT_WORDS:
            j += 1
            j = s.optional(j, ("capital", "cash", "balance"))
        return j, "meta", ("cash", value)
    return None


def _gain_or_loss(s: Stream, j: int) -> bool:
    """An amount of money is a trade's profit or loss, not the account ("$500 profit", "$300
    in profit", "a 1k loss"): the word at ``j``, after it."""
    return s.low(s.optional(j, "in")) in vocab.PROFIT_WORDS | vocab.DRAWDOWN_WORDS | {"profits"}


def _commission(s: Stream, i: int) -> Found:
    if (
        s.phrase(i, "no commission")
        or s.phrase(i, "zero commission")
        or s.phrase(i, "without commission")
        or s.phrase(i, "no fees")
        or s.phrase(i, "no commissions")
    ):
        return i + 2, "meta", ("commission_pct", 0.0)
    got = s.percent(i)
    if got is not None:
        j = got[0]
        if s.low(j) in vocab.FEE_WORDS:
            j += 1
            while s.low(j) in vocab.FEE_WORDS or s.low(j) in vocab.FEE_TAILS:
                j += 1
            return j, "meta", ("commission_pct", got[1])
        return None
    if s.low(i) in vocab.COMMISSION_WORDS or s.phrase(i, "transaction cost"):
        j = i + (2 if s.low(i) == "transaction" else 1)
        j = s.skip(j, ("costs", "of", "at", "=", ":", "is", "per", "trade"))
        got = s.percent(j)
        if got is not None:
            return got[0], "meta", ("commission_pct", got[1])
    return None


def _fill(s: Stream, i: int) -> Found:
    end = s.first(i, vocab.NEXT_OPEN_FILLS)
    return None if end is None else (end, "meta", ("fill", "next_open"))


# -- stops, targets and time exits -------------------------------------------------------------


def _risk(s: Stream, i: int) -> Found:
    found = s.first_read(
        i,
        (
            _time_exit,
            _reward_ratio,
            _r_target,
            _verbal_stop,
            _loss_cap,
            _move_then_exit,
            _stop_at_entry_and_distance,
            _percent_stop,
            _atr_stop,
            _points_stop,
            _bar_stop,
        ),
    )
    return _measured_from_a_line(s, i, found) or _trailing_later(s, i, found) or found


def _trail_after_a_move(s: Stream, i: int) -> Found:
    """ "move the stop to breakeven at +1R, then trail 2 ATR", "after that trail 3%", "once up 5%
    trail by 2%": a trailing stop said after the move that starts it. A trailing stop is built
    from the entry (it would stop trades out sooner), so the lead and the trailing stop's clause
    are reported. "stop 5%, then trail 8%" is two stops from the entry: "then" starts a trailing
    stop later only after a break-even move in the same sentence."""
    then = s.longest(i, vocab.TRAIL_THEN_LEADS)
    afterwards = s.longest(i, vocab.TRAIL_AFTERWARDS_LEADS)
    if afterwards is not None or (then is not None and _after_a_breakeven_move(s, i)):
        lead_end = (afterwards or then)[0]  # type: ignore[index]
        trail = _trail_at(s, s.skip(lead_end, vocab.TRAIL_LEAD_FILLERS))
    elif s.low(i) in vocab.LATER_LEADS and _opens_a_clause(s, i):
        trail = _trail_after_a_gain(s, i + 1)
    else:
        return None
    if trail is None:
        return None
    clause = ops.clause_end(s, trail)
    return clause, "unparsed", vocab.TRAILING_LATER_PROBLEM.format(said=s.span_text(i, clause))


def _trail_at(s: Stream, k: int) -> int | None:
    """Where the trailing stop said at ``k`` ends, if one is."""
    found = _risk(s, k)
    if found is None:
        return None
    reported_later = found[1] == "unparsed" and found[2] == vocab.TRAILING_LATER_PROBLEM
    trails = found[1] == "risk" and found[2][0] in ("trail", "atr_trail")
    return found[0] if reported_later or trails else None


def _trail_after_a_gain(s: Stream, j: int) -> int | None:
    """ "[once] up 5% trail by 2%", "[after] a 10% gain, trail 3%": where the trailing stop said
    within a few words of a gain ends, if one is."""
    for k in range(j, min(s.n, j + vocab.TRAIL_GAIN_WORDS_AT_MOST)):
        if s.kind(k) == "nl" or s.low(k) in vocab.STRONG_SEPARATORS:
            return None
        end = _trail_at(s, k)
        if end is not None:
            gained = any(
                s.low(g) in vocab.IN_PROFIT_WORDS or any(s.phrase(g, v) for v in vocab.GAIN_VERBS)
                for g in range(j, k + 1)
            )
            return end if gained else None
    return None


def _after_a_breakeven_move(s: Stream, i: int) -> bool:
    """Whether the sentence before ``i`` moves the stop to break-even."""
    k = i - 1
    while k >= 0 and s.kind(k) != "nl" and s.low(k) not in vocab.STRONG_SEPARATORS:
        hit = s.longest(k, vocab.UNBUILT)
        if hit is not None and hit[1] == vocab.BREAKEVEN_PROBLEM:
            return True
        k -= 1
    return False


def _opens_a_clause(s: Stream, i: int) -> bool:
    """Whether ``i`` starts the text or follows punctuation ("..., once up 5% trail 2%"); in
    "buy when it's up 5%, trail 3%" the "when" is the buy's condition."""
    return i == 0 or s.kind(i - 1) in ("punct", "nl") or s.low(i - 1) == "and"


def _trailing_later(s: Stream, i: int, found: Found) -> Found:
    """ "trailing stop 15% once in profit", "trail 1.5% after that" (after a break-even move):
    a trailing stop that starts only later. A trailing stop is built from the entry, so the
    whole phrase is reported (built from the entry it would stop trades out sooner)."""
    if found is None or found[1] != "risk" or found[2][0] not in ("trail", "atr_trail"):
        return None
    end = found[0]
    if s.low(end) not in vocab.LATER_LEADS:
        return None
    clause = ops.clause_end(s, end + 1)
    said = {s.low(k) for k in range(end + 1, clause)}
    if not said & vocab.IN_PROFIT_WORDS:
        return None  # "trail 8% after entry": from the entry, as built
    return clause, "unparsed", vocab.TRAILING_LATER_PROBLEM.format(said=s.span_text(i, clause))


def _measured_from_a_line(s: Stream, i: int, found: Found) -> Found:
    """ "stop 1 ATR below the 20-day SMA", "stop 2% under the 20 EMA": a stop or target whose
    distance is measured from an indicator line, not from the entry. Only the entry is built,
    so the whole phrase is reported (read as a distance from the entry it would trade another
    stop, silently)."""
    if found is None or found[1] != "risk":
        return None
    end = found[0]
    k = end
    while k > i and s.low(k - 1) in vocab.ARTICLES:
        k -= 1  # the stop tail skips "below the": the line is said after it
    if s.low(k - 1) not in vocab.DISTANCE_PREPS:
        return None
    line = ops.parse_operand(s, end)
    if line is None or not isinstance(line[1], Ind) or line[1].family not in vocab.PRICE_FAMILIES:
        return None
    return line[0], "unparsed", vocab.STOP_FROM_A_LINE.format(said=s.span_text(i, line[0]))


def _first_day_it_moves(s: Stream, i: int) -> Found:
    """ "close the short the first day it goes down", "sell on the first day it closes up": a
    close below (above) the close before it; an exit is checked on every bar of the trade, so
    the first such bar closes it (stated)."""
    j = s.skip(i, vocab.AT_ON)
    if s.low(j) != "the" or s.low(j + 1) != "first" or s.low(j + 2) not in vocab.DAY_OR_BAR:
        return None
    k = s.skip(j + 3, frozenset({"that", "when", "where"}))
    subject = s.longest(k, vocab.PRICE_SUBJECT_WORDS)
    if subject is None:
        return None
    k = s.skip(subject[0], vocab.DAY_MOVE_VERBS)
    up = s.low(k) in vocab.UP_WORDS
    if not up and s.low(k) not in vocab.DOWN_WORDS:
        return None
    end = k + 1
    cond = DCond("compare", Price("close"), ">" if up else "<", Price("close", lag=1))
    cond.start, cond.end = i, end
    cond.notes.append(
        f"'{s.span_text(i, end)}' read as a close {'above' if up else 'below'} the close before "
        "it: the exit is checked on every bar of the trade, so the first such bar closes it"
    )
    return end, "cond", cond


def _move_then_exit(s: Stream, i: int) -> Found:
    """ "if it drops 8% get out", "once it's up 5% take profit", "if the trade loses 3% I sell":
    the move said first, the exit verb after it: the trade's stop or target."""
    if s.low(i) not in vocab.MOVE_FIRST_LEADS:
        return None
    k = i + 1
    subject = next((p for p in _LONGEST_FIRST_SUBJECTS if s.phrase(k, p) is not None), None)
    if subject is None:
        return None
    moved = _move(s, s.phrase(k, subject) or k, True, subject)
    if moved is None:
        return None
    end, value = moved
    j = s.skip(end, vocab.MOVE_EXIT_FILLERS)
    verb = s.longest(j, vocab.EXIT_VERBS)
    if verb is None or value[0] not in _STOP_OR_TARGET:
        return None
    end = s.skip(verb[0], vocab.EXIT_OBJECTS)
    if end < s.n and s.kind(end) not in ("punct", "nl") and s.low(end) not in ("and", "or"):
        return None  # "if it falls 5%, cover when RSI < 30": the verb opens a rule of its own
    return end, "risk", value


def _r_target(s: Stream, i: int) -> Found:
    """ "sell at 2R", "take profit at 3R", "a 2R target", "target 1.5 times the risk": a target
    at a multiple of the distance from the entry to the stop (converted once the stop is known)."""
    j = s.skip(i, vocab.RISK_LEAD)
    lead = _stop_word(s, j)
    exit_verb = s.low(j) in vocab.EXIT_VERB_WORDS
    if lead is not None and lead[1] == "tp":
        j = s.skip(lead[0], vocab.STOP_LINKS)
    elif exit_verb:
        j = s.skip(j + 1, vocab.STOP_LINKS)
    got = s.number(j)
    if got is None and s.low(j) in vocab.MULTIPLIER_WORDS:  # "target twice the risk"
        got = j + 1, vocab.MULTIPLIER_WORDS[s.low(j)]
    if got is None:
        return None
    k, multiple = got
    if s.low(k) in vocab.ARTICLES and got[0] == j + 1 and s.low(j) in vocab.MULTIPLIER_WORDS:
        k += 1
    hit = s.longest(k, vocab.R_UNITS)
    if hit is None and s.low(k) in vocab.TIMES_WORDS:
        k = s.skip(k + 1, frozenset({"the", "my", "our", "your", "its"}))
        hit = s.longest(k, vocab.R_UNITS)
    if hit is None:
        return None
    end = hit[0]
    word = _stop_word(s, end)
    if lead is None and word is not None and word[1] == "tp":  # "a 2R target"
        end = word[0]
    if lead is None and not exit_verb and (word is None or word[1] != "tp"):
        return None
    return end, "risk", ("r_tp", multiple)


def _reward_ratio(s: Stream, i: int) -> Found:
    """ "1:3 risk reward", "rr 1:2", "risk/reward of 1:2", "reward:risk 3:1": a target at a
    multiple of the distance from the entry to the stop, as "3R" (converted once the stop is
    known). The ratio is said with its name, before or after it: a bare "1:3" is no target."""
    name = s.longest(i, vocab.RISK_REWARD_NAMES)
    k = i if name is None else s.optional(name[0], "of")
    first = s.number(k)
    if first is None or s.low(first[0]) != ":":
        return None
    second = s.number(first[0] + 1)
    if second is None or first[1] <= 0 or second[1] <= 0:
        return None
    end = second[0]
    if name is None:
        name = s.longest(end, vocab.RISK_REWARD_NAMES)
        if name is None:
            return None
        end = name[0]
    risk, reward = (first[1], second[1]) if name[1] else (second[1], first[1])
    return end, "risk", ("r_tp", reward / risk)


def _stop_word(s: Stream, j: int) -> tuple[int, str] | None:
    if s.low(j) == "trailing" and s.low(j + 1) in vocab.STOP_TOKENS:
        end = j + 2
        end = s.optional(end, vocab.LOSS_WORDS)
        return end, "trail"
    hit = s.longest(j, vocab.STOP_WORDS)
    if hit is None:
        return None
    end, kind = hit
    if kind == "sl" and s.low(end) in vocab.LOSS_WORDS and s.low(j) != "loss":
        end += 1
    if kind == "sl":
        end = s.first(end, vocab.PER_TRADE) or end  # "max loss per trade 4%"
    end = s.optional(end, ("order", "level", "exit"))
    end = s.first(end, vocab.STOP_HIT_TAILS) or end  # "or a 3% stop is hit": the stop itself
    return end, kind  # type: ignore[return-value]


def _bar_stop(s: Stream, i: int) -> Found:
    """ "stop at the low of the day", "stop loss below the entry bar's low", "use the signal
    candle's high as the stop": a stop at the signal bar's low (a long) or high (a short)."""
    j = s.skip(i, vocab.RISK_LEAD)
    word = _stop_word(s, j)
    if word is not None and word[1] == "sl":
        k = s.skip(word[0], vocab.BAR_STOP_LINKS)
        if (part := s.longest(k, vocab.PATTERN_PART_EXTREMES)) is not None:
            return part[0], "risk", ("bar", part[1])  # "stop at the mother bar's low"
        extreme = s.longest(k, vocab.BAR_EXTREMES) or _beyond_the_signal_bar(s, word[0])
        return None if extreme is None else (extreme[0], "risk", ("bar", extreme[1]))
    if (exit_at := s.longest(j, vocab.BAR_STOP_EXITS)) is not None:
        # "exit below the first soldier's low": a stop at that bar's low
        k = s.skip(exit_at[0], vocab.BAR_STOP_LINKS)
        part = s.longest(k, vocab.PATTERN_PART_EXTREMES) or s.longest(k, vocab.BAR_EXTREMES)
        return None if part is None else (part[0], "risk", ("bar", part[1]))
    extreme = s.longest(s.skip(i, vocab.RISK_LEAD - {"the"}), vocab.BAR_EXTREMES)
    if extreme is None or s.low(extreme[0]) != "as":
        return None
    word = _stop_word(s, s.skip(extreme[0] + 1, vocab.ARTICLES | {"my", "a"}))
    return None if word is None else (word[0], "risk", ("bar", extreme[1]))


def _beyond_the_signal_bar(s: Stream, k: int) -> tuple[int, str] | None:
    """ "stop loss below the signal candle": the signal bar's low (above it: its high)."""
    side = s.longest(
        s.skip(k, frozenset({"loss", "order", "at", "placed", "set"})), vocab.STOP_BAR_SIDES
    )
    if side is None:
        return None
    bar = s.longest(side[0], vocab.STOP_SIGNAL_BARS)
    return None if bar is None else (bar[0], str(side[1]))


def _skip_tail(s: Stream, j: int) -> int:
    """Skip "below the entry price" after a stop distance."""
    k = j
    if s.low(k) in vocab.DISTANCE_PREPS:
        k = s.skip(k, vocab.STOP_TAIL)
        return k
    if s.phrase(k, "per trade") or s.phrase(k, "on each trade"):
        return k + 2 + (1 if s.low(k) == "on" else 0)
    return j


def _percent_stop(s: Stream, i: int) -> Found:
    moves = _moves_from_entry(s, i)
    if moves is not None:
        return moves
    j = s.skip(i, vocab.RISK_LEAD)
    if (hit := s.first(j, vocab.STOP_HIT_LEADS)) is not None and (
        _stop_word(s, hit) or s.percent(hit)
    ):
        j = hit  # "(exit when) price hits the trailing stop (7%)": the stop
    pct = s.percent(j)
    if pct is not None:
        k = pct[0]
        if s.low(k) == "trailing" or (s.low(k) in vocab.STOP_TOKENS and s.low(k + 1) == "trailing"):
            k += 1
            word = _stop_word(s, k)
            end = word[0] if word else k
            return _trail_tail(s, end), "risk", ("trail", pct[1])
        word = _stop_word(s, k)
        if word is None:
            return None
        end, kind = word
        return _skip_tail(s, end), "risk", (kind, pct[1])
    if s.low(j) == "trailing" and (pct := s.percent(j + 1)) is not None:
        word = _stop_word(s, pct[0])
        if word is not None and word[1] in ("sl", "trail"):
            return _trail_tail(s, word[0]), "risk", ("trail", pct[1])
    if s.low(j) == "trail" and s.low(j + 1) in ("a", "the", "by", "it", "stop", "with"):
        k = s.skip(j + 1, frozenset({"a", "the", "by", "it", "stop", "with", "of", "at"}))
        pct = s.percent(k)
        if pct is not None:
            end = pct[0]
            end = s.optional(end, vocab.STOP_TOKENS)
            return _trail_tail(s, end), "risk", ("trail", pct[1])
    word = _stop_word(s, j)
    if word is None:
        return None
    k, kind = word
    k = s.skip(k, vocab.STOP_LINKS)
    bracketed = s.low(k) == "("  # "the trailing stop (7%)"
    pct = s.percent(k + bracketed)
    if pct is None or (bracketed and s.low(pct[0]) != ")"):
        return None
    end = pct[0] + (s.low(pct[0]) in _MOVES)  # "take profit 10% higher", "stop 5% lower"
    if kind == "tp" and s.low(end) in vocab.GAIN_NOUNS:
        end += 1  # "target 2% gain"
    if kind == "sl" and vocab.STOP_WORDS.get(s.low(end)) == "trail" and not _percent_stop(s, end):
        # "stop 3 per cent trailing", "sl 5% trail"; not a trailing stop with its own distance
        # after it ("stop loss 4% trailing stop 2%": two stops)
        kind, end = "trail", end + 1
    share = _share_of_entry(s, end, pct[1])
    if share is not None:
        return share[0], "risk", (kind, share[1])
    tail = _trail_tail if kind == "trail" else _skip_tail
    return tail(s, end + bracketed), "risk", (kind, pct[1])


def _stop_at_entry_and_distance(s: Stream, i: int) -> Found:
    """ "take profit at entry + $4", "stop loss = entry - 2%", "target: entry price plus 5%": a
    stop or target that distance from the entry, in price or percent (the word says which; an
    ATR multiple is :func:`_atr_stop`'s). The "$4" is never an amount of cash."""
    word = _stop_word(s, s.skip(i, vocab.RISK_LEAD))
    if word is None or word[1] not in ("sl", "tp"):
        return None
    away = s.longest(s.skip(word[0], vocab.STOP_LINKS), vocab.FROM_THE_ENTRY)
    got = _distance(s, away[0]) if away is not None else None
    return None if got is None else (got[0], "risk", (word[1] + got[2], got[1]))


def _points_stop(s: Stream, i: int) -> Found:
    """ "stop $2 below entry", "target 5 points", "a $1.50 stop", "a 5-point target": a stop or
    target a distance in price from the entry (a trailing one in price is not built: listed
    back, saying so)."""
    j = s.skip(i, vocab.RISK_LEAD)
    distance = price_units.price_distance(s, j)
    if distance is not None:  # "a $2 stop"
        word = _stop_word(s, s.skip(distance[0], frozenset({"-"})))
    else:
        word = _stop_word(s, j)
        if word is None:
            return None
        k = s.skip(word[0], vocab.STOP_LINKS)
        distance = price_units.price_distance(s, k)
        if distance is None:
            return None
        at = "at" in {s.low(x) for x in range(word[0], k)}
        unit = s.low(distance[0] - 1) in vocab.PRICE_DISTANCE_UNITS
        if at and not unit and s.low(distance[0]) not in vocab.DISTANCE_PREPS:
            why = (
                f"A stop or target at a fixed price ('{s.span_text(i, distance[0])}') is not "
                "built: give its distance from the entry ('stop $2 below entry', 'a 5% stop')."
            )
            return distance[0], "unparsed", why
        word = (distance[0] + (s.low(distance[0]) in _MOVES), word[1])
    if word is None:
        return None
    end, kind = word
    if kind == "trail":
        why = (
            "A trailing stop a distance in price is not built: give it in percent ('a 5% "
            "trailing stop') or in ATRs ('trail by 3 ATR')."
        )
        return _skip_tail(s, end), "unparsed", why
    return _skip_tail(s, end), "risk", (f"{kind}_points", distance[1])


def _share_of_entry(s: Stream, j: int, pct: float) -> tuple[int, float] | None:
    """ "a stop at 95% of the entry price", "target 110% of my entry": a level as a share of the
    entry price, so a distance of 5% and 10% (the end, the distance in percent)."""
    if s.low(j) != "of" or not 0 < pct < 200 or pct == 100:
        return None
    k = s.skip(j + 1, frozenset({"the", "my", "our", "its"}))
    if s.low(k) not in vocab.ENTRY_PRICE_WORDS:
        return None
    k += 1 + (s.low(k + 1) == "price")
    return k, round(abs(100 - pct), 6)


#: "higher" / "lower" after a percent: which side of the entry price a long's exit is on.
_MOVES = {"higher": "tp", "up": "tp", "lower": "sl", "down": "sl"}
_SELLS = frozenset({"sell", "exit", "close", "out"})
_TURNED = {"tp": "sl", "sl": "tp"}


def _moves_from_entry(s: Stream, i: int) -> Found:
    """ "sell 10% higher or 5% lower": a take profit 10% above the entry price and a stop 5%
    below it (each part alone too: "exit 8% higher", "sell $3 above my entry": a distance in
    price); a short's the other way round ("cover $8 below my entry": its target). A move's
    words alone have no subject, so they were otherwise read as a comparison of the last
    indicator named."""
    said = s.longest(i, vocab.ACTIONS)
    cover = said is not None and said[1] == "cover"  # "cover", "buy to cover"
    if s.low(i) not in _SELLS and not cover:
        return None
    parts: list[Item] = []
    k = s.skip(said[0] if cover else i + 1, vocab.TRADE_OBJECTS)  # "close the trade 8% over ..."
    while (move := _move_said_after_exit(s, k, parts)) is not None:
        end, kind, amount = move
        kind = _TURNED[kind[:2]] + kind[2:] if cover else kind
        if any(part.value[0] == kind for part in parts):
            return None  # "10% higher or 20% higher": not one target and one stop
        parts.append(Item("risk", (kind, amount), k, end))
        k = end
        if s.low(k) not in vocab.LIST_JOINERS:
            break
        k += 1
    if not parts:
        return None
    end = parts[-1].end
    action = Item("action", "cover", i, said[0]) if cover else Item("action", "sell", i, i + 1)
    return end, "rules", [action, *parts]


def _move_said_after_exit(s: Stream, k: int, parts: list[Item]) -> tuple[int, str, float] | None:
    """A long's stop or target said after an exit verb: "10% higher", "$3 above my entry", "at
    entry + $4", "entry - 2%": ``(end, kind, amount)``."""
    signed = s.longest(s.optional(k, "at"), vocab.FROM_THE_ENTRY)
    if signed is not None:  # "exit at entry + $4 or entry - $2"
        got = _distance(s, signed[0])
        below = s.low(signed[0] - 1) in vocab.MINUS_WORDS
        return None if got is None else (got[0], ("sl" if below else "tp") + got[2], got[1])
    got = _distance(s, k)
    move = _move_from_entry(s, got[0], parts) if got is not None else None
    return None if got is None or move is None else (move[1], move[0] + got[2], got[1])


def _distance(s: Stream, k: int) -> tuple[int, float, str] | None:
    """A percent ("5%") or a distance in price ("$3", "2 points"): ``(end, amount, suffix of
    the stop's or target's kind)``, "" for a percent and "_points" for a price."""
    pct = s.percent(k)
    if pct is not None:
        return pct[0], pct[1], ""
    got = price_units.price_distance(s, k)
    return None if got is None else (got[0], got[1], "_points")


def _move_from_entry(s: Stream, k: int, parts: list[Item]) -> tuple[str, int] | None:
    """The side and end of a move written after its percent: "higher"/"lower", or "above"/
    "below" the entry price ("15% above entry", "5% below the entry price"). A bare "above"/
    "below" ends a list whose first move named the entry ("15% above entry or 5% below")."""
    word = s.low(k)
    if word in _MOVES:
        return _MOVES[word], k + 1
    side = vocab.ENTRY_SIDES.get(word)
    if side is None:
        return None
    j = s.skip(k + 1, vocab.ENTRY_PRICE_LEADS)
    if s.low(j) in vocab.ENTRY_PRICE_WORDS:
        return side, j + 1 + (s.low(j + 1) == "price")
    said_entry = parts and s.low(parts[0].end - 1) in {"price", *vocab.ENTRY_PRICE_WORDS}
    return (side, k + 1) if said_entry and s.low(k + 1) in ("", ",", ".", ";", "or") else None


def _atr_multiple(s: Stream, j: int) -> tuple[int, float, float | None] | None:
    """ "2 ATR", "2x ATR", "2.5 times the 14-day ATR", "2 ATR(20)", "ATR(14) x 2"."""
    got = s.number(j)
    if got is not None:
        k, mult = got
        k = s.optional(k, vocab.TIMES_WORDS)
        k = s.skip(k, frozenset({"the", "a", "an", "its"}))
        period = None
        pre = ops.parse_period(s, k)
        if pre is not None and s.low(pre[0]) in vocab.ATR_WORDS and pre[0] != k:
            period, k = pre[1], pre[0]
        if s.low(k) in vocab.ATR_WORDS:
            k += 1
        elif s.phrase(k, "average true range") or s.phrase(k, "average true ranges"):
            k += 3
        elif s.low(k) in vocab.TURTLE_N and period is None:  # the Turtles' "2N": an ATR
            return _turtle_n(s, k + 1, mult)
        else:
            return None
        end, nums, _ = ops.parse_suffix_params(s, k)
        if nums and period is None:
            period = nums[0][0]
        return end, mult, period
    if s.low(j) in vocab.ATR_WORDS:
        k, nums, _ = ops.parse_suffix_params(s, j + 1)
        if s.low(k) in vocab.TIMES_WORDS and (got := s.number(k + 1)):
            return got[0], got[1], nums[0][0] if nums else None
    return None


def _turtle_n(s: Stream, k: int, mult: float) -> tuple[int, float, float]:
    """After "2N": the N said ("where N is the 20-day ATR", "(N = 20-day ATR)"), else the
    Turtles' N, the 20-day ATR (shown as ATR(20) in the rule)."""
    defined = _n_defined(s, k)
    if defined is not None:
        return defined[0], mult, defined[1]
    return k, mult, vocab.TURTLE_N_PERIOD


def _n_defined(s: Stream, k: int) -> tuple[int, float] | None:
    """ "where N is the 20-day ATR", "(N = 20 ATR)", ", where N is ...": (end, the ATR's
    period)."""
    said = s.longest(k + (s.low(k) == ","), vocab.N_DEFINITIONS)
    got = ops.parse_period(s, s.skip(said[0], vocab.ARTICLES)) if said else None
    if got is None or s.low(got[0]) not in vocab.ATR_WORDS:
        return None
    return got[0] + 1 + (s.low(got[0] + 1) == ")"), got[1]


def _atr_stop(s: Stream, i: int) -> Found:
    j = s.skip(i, vocab.RISK_LEAD)
    got = _atr_multiple(s, j)
    if got is not None:
        k, mult, period = got
        word = _stop_word(s, k)
        if word is None:
            return None
        end, kind = word
        defined = _n_defined(s, end) if s.low(k - 1) in vocab.TURTLE_N else None
        if defined is not None:  # "a 2N stop where N is the 20-day ATR": N said after the stop
            end, period = defined
        return _skip_tail(s, end), "risk", ("atr_" + kind, (mult, period))
    k = j
    trailing = False
    if s.low(k) in ("atr", "atr-based"):
        k += 1
        k, nums, _ = ops.parse_suffix_params(s, k)
        period = nums[0][0] if nums else None
        k = s.optional(k, "based")
        word = _stop_word(s, k)
        if word is None:
            return None
        k, kind = word
        k = s.skip(k, ("of", "at", "=", ":", "is", "set", "to"))
        num = s.number(k)
        if num is None:
            return None
        end = num[0]
        if s.low(end) in vocab.ATR_MULTIPLE_TAILS:
            end += 1
            end = s.optional(end, vocab.ATR_WORDS)
        return _skip_tail(s, end), "risk", ("atr_" + kind, (num[1], period))
    trail_verb = s.low(k) == "trail"  # "trail the stop at 2 times ATR(10)"
    if trail_verb:
        k = s.skip(k + 1, frozenset({"the", "my", "your", "a", "it", "its"}))
        bare = _atr_multiple(s, s.skip(k, frozenset({"by", "at", "with", "a", "an"})))
        if bare is not None:  # "trail 3 ATR", "trail by 2.5 ATR(10)", "trail with a 3 ATR stop"
            end, mult, period = bare
            end = s.optional(end, vocab.STOP_TOKENS)
            return _trail_tail(s, end), "risk", ("atr_trail", (mult, period))
    word = _stop_word(s, k)
    if word is None:
        return None
    k, kind = word
    trailing = kind == "trail" or trail_verb
    # "stop under 2.5 ATR": the side a stop sits on is the trade's, said or not
    k = s.skip(k, ("of", "at", "=", ":", "is", "set", "to", "placed", "a", "by"))
    k = s.skip(k, vocab.BELOW_PREPS | vocab.ABOVE_PREPS) if _atr_multiple(s, k + 1) else k
    away = s.longest(k, vocab.FROM_THE_ENTRY)  # "stop = entry minus 3 x ATR(14)"
    k = away[0] if away is not None else k
    got = _atr_multiple(s, k)
    if got is None:
        return None
    end, mult, period = got
    if s.low(end) in vocab.TRAILING_TAILS:  # "Stop: 2.5 x ATR(14) trailing"
        trailing, end = True, end + 1
    kind = "trail" if trailing else kind
    end = _skip_tail(s, end)
    if kind != "trail":
        return end, "risk", ("atr_" + kind, (mult, period))
    line = _line_since_entry(s, end)
    if line is not None and not line[1]:  # "below the highest high since entry"
        return line[0], "unparsed", vocab.TRAIL_FROM_ANOTHER_LINE
    return (line or (end,))[0], "risk", ("atr_" + kind, (mult, period))


def _line_since_entry(s: Stream, k: int) -> tuple[int, bool] | None:
    """ "(below) the highest close since entry" after a trailing ATR stop: the end of those
    words and whether the line is the one built (below each close, moving only up, so below
    the highest close since the entry); "the highest high since entry" is another line."""
    j = s.skip(k, vocab.ARTICLES)
    said = s.longest(j, vocab.HIGHEST_CLOSE_WORDS)
    other = s.longest(j, vocab.TRAIL_PEAKS) if said is None else None
    since = s.longest((said or other or (j,))[0], vocab.SINCE_THE_ENTRY)
    if since is None:
        return None
    return since[0], said is not None


def _time_exit(s: Stream, i: int) -> Found:
    """ "exit after 5 days", "sell 5 days later", "sell tomorrow", "hold for 3 weeks", "a 10-bar
    time stop", "max holding period: 20 bars"."""
    verb = s.longest(i, vocab.EXIT_VERBS)
    if verb is None and s.low(i) == "out" and (i == 0 or s.kind(i - 1) in ("punct", "nl")):
        verb = (i + 1, True)  # "..., out after a week": the exit said in one word
    j = verb[0] if verb else i
    k = j + (
        s.low(j)
        in ("the", "position", "trade", "positions", "trades", "automatically", "it", "them")
    )
    labelled = ops.parse_bars(s, k + 1) if verb is not None and s.low(k) == ":" else None
    if labelled is not None and _clause_ends(s, _time_tail(s, labelled[0])):
        return _time_tail(s, labelled[0]), "risk", ("time", labelled[1:])  # "Exit: 5 bars"
    if verb is not None:
        later = ops.parse_bars(s, k)
        delay = later is not None and s.low(later[0]) in vocab.DELAY_WORDS
        if delay and (_clause_ends(s, later[0] + 1) or s.low(later[0]) == "later"):
            # "sell 5 days later", "sell it a week after", "buy it back a week afterwards"
            return later[0] + 1, "risk", ("time", (later[1], later[2]))
        tail = _time_tail(s, later[0]) if later is not None else 0
        if later is not None and tail > later[0] and _clause_ends(s, tail):
            return tail, "risk", ("time", (later[1], later[2]))  # "sell a week after entry"
        next_bar = s.longest(k, vocab.NEXT_BAR)
        if next_bar is not None:  # "sell the next day", "sell tomorrow"
            said = s.span_text(k, next_bar[0])
            return next_bar[0], "risk", ("time", (1, f"'{said}' read as 1 bar after the entry"))
    if s.low(k) in ("after", "in", "within") and (got := ops.parse_bars(s, k + 1)) is not None:
        if verb is None and (s.low(i - 1) in vocab.EVENT_COUNTS or _after_a_move(s, i)):
            return None  # "dips under 30 twice within 10 bars", "up 10% in 2 weeks": a window
        if s.low(got[0]) not in vocab.CONNECTORS and ops.parse_relation(s, got[0]) is not None:
            return None  # "after 2 days below the lower band": a run of closes, not a hold
        return _time_tail(s, got[0]), "risk", ("time", got[1:])
    hold = s.longest(i, vocab.HOLD_WORDS)
    if hold is not None:
        k = s.skip(hold[0], vocab.HOLD_FILLER)
        if (got := ops.parse_bars(s, k)) is not None:
            return _time_tail(s, got[0]), "risk", ("time", got[1:])
    if (held := _held_for(s, i)) is not None:
        return held
    k = s.skip(i, vocab.RISK_LEAD)
    got = ops.parse_bars(s, k)
    named = s.longest(got[0], vocab.TIME_STOP_NAMES) if got else None
    if got is not None and named is not None:  # "a 10-bar time stop"
        return named[0], "risk", ("time", got[1:])
    named = s.longest(k, vocab.TIME_STOP_NAMES)
    if named is not None:  # "time stop of 10 bars"
        got = ops.parse_bars(s, s.skip(named[0], frozenset({"of", "=", ":", "is", "at", "after"})))
        if got is not None:
            return got[0], "risk", ("time", got[1:])
    return _hold_as_the_other_way_out(s, i)


def _hold_as_the_other_way_out(s: Stream, i: int) -> Found:
    """ "exit at the middle band or 12 bars", "take profit at 3% or 10 days", "sell on RSI > 70
    or after 5": a holding time said with no verb of its own as the other way out of an exit;
    a bare count after "after" is that many bars, stated."""
    if s.low(i - 1) != "or" or not _said_with_an_exit(s, i):
        return None
    k = i + (s.low(i) == "after")
    got = ops.parse_bars(s, k)
    if got is not None:
        end = _time_tail(s, got[0])
        return (end, "risk", ("time", got[1:])) if _clause_ends(s, end) else None
    count = s.number(k)
    if k == i or count is None or count[1] != int(count[1]) or count[1] < 1:
        return None
    if not _clause_ends(s, count[0]):
        return None
    bars = int(count[1])
    note = f"'{s.span_text(i, count[0])}' read as {bars} bars after the entry (no unit was said)"
    return count[0], "risk", ("time", (bars, note))


def _said_with_an_exit(s: Stream, i: int) -> bool:
    """An exit ("sell", "exit") or a target ("take 3%") is said before ``i`` in its clause."""
    if _in_an_exit_clause(s, i) or _clause_side(s, i) in vocab.CLOSING_SIDES:
        return True
    separators = vocab.STRONG_SEPARATORS | vocab.WEAK_SEPARATORS
    k = i - 1
    while k >= 0 and s.kind(k) != "nl" and s.low(k) not in separators | vocab.TARGET_VERBS:
        k -= 1
    return s.low(k) in vocab.TARGET_VERBS


def _clause_ends(s: Stream, k: int) -> bool:
    """Nothing more is said in the clause at ``k`` (the text, a line or a punctuation mark)."""
    return k >= s.n or s.kind(k) in ("punct", "nl")


def _held_for(s: Stream, i: int) -> Found:
    """ "QQQ long from the first session of the month for one week (only)": a holding time said
    at the end of an entry clause with "for", shorter than a month (a test period is longer),
    or shorter than a year right after the action when the entry's condition follows it."""
    if s.low(i) != "for" or _clause_side(s, i) not in vocab.OPENING_SIDES:
        return None
    got = ops.parse_bars(s, i + 1)
    if got is None:
        return None
    end = got[0] + (s.low(got[0]) == "only")
    if got[1] < vocab.PERIOD_UNITS["year"] and _condition_follows_the_trade(s, i, end):
        return end, "risk", ("time", got[1:])  # a year or more is the test's span
    if got[1] >= vocab.PERIOD_UNITS["month"] or not _clause_ends(s, end):
        return None  # "buy when RSI < 30 for 3 days and ...": a state held, not a holding time
    return end, "risk", ("time", got[1:])


def _condition_follows_the_trade(s: Stream, i: int, end: int) -> bool:
    """ "Hold QQQ for 3 weeks after it makes a new high", "buy SPY for 2 weeks when ...": the
    "for" span stands right after the action (and its symbol) and the entry's condition follows
    it, so the span is how long each trade is held, never the test period."""
    before = i - 1
    said_of_the_trade = s.low(before) in vocab.ACTIONS or s.low(before) == "it"
    said_of_the_trade |= (_symbol(s, before) or (0,))[0] == i
    return said_of_the_trade and s.low(end) in vocab.WHEN_WORDS - {"as", "on"}


def _time_tail(s: Stream, end: int) -> int:
    """Skip "in the trade", "after entry", "later" after a holding time."""
    hit = s.longest(end, vocab.TIME_TAILS)
    return hit[0] if hit else end


def _profit_or_loss_reached(s: Stream, j: int) -> Found:
    """After an exit verb, "when price hits 20% profit", "once the trade reaches a 10% loss":
    a take profit or a stop loss (only with its word: "when price hits 20" is a price level)."""
    if s.low(j) not in vocab.WHEN_WORDS:
        return None
    k = j + 1
    k = (s.longest(k, vocab.TARGET_REACHED_SUBJECTS) or (k,))[0]
    verb = s.longest(k, vocab.TARGET_REACHED_VERBS)
    if verb is None:
        return None
    pct = s.percent(s.skip(verb[0], frozenset({"a", "an", "the", "+", "-"})))
    if pct is None:
        return None
    word = s.low(pct[0])
    kind = "tp" if word in vocab.PROFIT_WORDS else "sl" if word in vocab.DRAWDOWN_WORDS else None
    return None if kind is None else (_skip_tail(s, pct[0] + 1), "risk", (kind, abs(pct[1])))


def _never_sold(s: Stream, i: int) -> Found:
    """ "never sell", "don't sell", "hold forever": no exit rule at all (said back), never the
    opposite of the entry signal."""
    said = s.longest(i, vocab.NEVER_SELL)
    return None if said is None else (said[0], "never_exit", None)


def _verbal_stop(s: Stream, i: int) -> Found:
    """ "sell if it drops 5% below the entry", "exit at a 10% profit", "cut losses at 5%"."""
    verb = s.longest(i, vocab.EXIT_VERBS)
    if verb is not None and any(
        s.phrase(verb[0], v) for v in (*vocab.LOSS_VERBS, *vocab.GAIN_VERBS)
    ):
        verb = None  # "... or close falls 2 ATR below the entry": the close moves, a subject
    j = verb[0] + (s.low(verb[0]) == ":") if verb else i  # "Exit: +8% / -4%"
    if j != i and (reached := _profit_or_loss_reached(s, j)) is not None:
        return reached
    if (
        j != i
        and s.low(j) in ("at", "with", "on", "for")
        and (pct := s.percent(s.skip(j + 1, frozenset({"a", "an", "the", "+", "-"}))))
    ):
        k = pct[0]
        if s.low(k) in vocab.PROFIT_WORDS:
            return _skip_tail(s, k + 1), "risk", ("tp", pct[1])
        if s.low(k) in vocab.DRAWDOWN_WORDS:
            return _skip_tail(s, k + 1), "risk", ("sl", pct[1])
        said_alone = k >= s.n or s.kind(k) in ("punct", "nl") or s.low(k) in ("or", "and")
        if s.low(j) == "at" and said_alone:
            # "sell at +10%", "exit at -5%": a move from the entry, never an indicator's level
            loss = s.low(s.skip(j + 1, frozenset({"a", "an", "the"}))) == "-" or pct[1] < 0
            return k, "risk", ("sl" if loss else "tp", abs(pct[1]))
    closing = (
        j != i or s.low(i - 1) in vocab.MOVES_JOINED and _clause_side(s, i) in vocab.CLOSING_SIDES
    )
    if closing and _signed(s, j) and (pct := _signed_percent(s, j)) is not None:
        end = _skip_tail(s, pct[0])  # "exit +2% from entry", "sell at -3% from the entry price"
        if any(s.low(x) in vocab.ENTRY_PRICE_WORDS for x in range(pct[0], end)):
            return end, "risk", ("sl" if s.low(j).startswith("-") else "tp", abs(pct[1]))
        k = pct[0]  # "sell at +5% or -2%": the second move from the entry, said alone
        alone = k >= s.n or s.kind(k) in ("punct", "nl") or s.low(k) in ("or", "and")
        paired = s.low(k) in vocab.MOVES_JOINED and _signed(s, k + 1)  # "exit +6% / -3%"
        if (j == i or paired) and alone:
            return k, "risk", ("sl" if pct[1] < 0 else "tp", abs(pct[1]))
    taken = s.percent(i + 1) if s.low(i) in vocab.TARGET_VERBS else None
    if taken is not None and (_clause_ends(s, taken[0]) or s.low(taken[0]) == "or"):
        return taken[0], "risk", ("tp", taken[1])  # "take 3% or 10 days": a target
    if taken is not None and s.low(taken[0]) in vocab.PROFIT_WORDS:
        return taken[0] + 1, "risk", ("tp", taken[1])  # "take 15% profit or cut at 5% loss"
    if (cut := s.longest(i, vocab.CUT_LOSSES)) is not None:  # "cut losses at 5%", "cut losers"
        k = s.skip(cut[0], frozenset({"at", "after", "of", "beyond", "if", "it", "drops", "falls"}))
        pct = s.percent(k)
        if pct is not None:
            return _skip_tail(s, pct[0]), "risk", ("sl", pct[1])
    if j != i and s.low(s.skip(j, vocab.WHOLE_HOLDING)) in vocab.EXIT_CLOSE_WHEN:
        k = s.skip(j, vocab.WHOLE_HOLDING) + 1  # "sell everything if it falls 10%"
    elif j == i and s.low(i - 1) in vocab.EXIT_CLOSE_WHEN | {"or", "until", "till"}:
        k = i  # "... or if price drops 5% below entry": "or if" was read as the connector
    else:
        return None
    if s.low(k) == "soon" and s.low(k + 1) == "as":
        k += 2
    subject = next((p for p in _LONGEST_FIRST_SUBJECTS if s.phrase(k, p) is not None), None)
    if subject is not None:
        k = s.phrase(k, subject)
    elif j == i:
        return None  # "sell when down 5%": an exit verb says whose move it is
    about_trade = j != i or subject in vocab.TRADE_SUBJECTS
    if s.low(i - 1) in ("until", "till") and _clause_side(s, i) in vocab.CLOSING_SIDES:
        about_trade = True  # "keep it until it makes 10%": held until the trade's move
    if subject in vocab.POSITION_STATES and _in_an_exit_clause(s, i):
        about_trade = True  # "exit after 10 days or if it's down 4%" (not "if price drops 5%")
    held = subject == "it" and s.low(i - 2) == "or" and _in_an_exit_clause(s, i)
    about_trade = about_trade or held  # "sell after 10 days or if it falls 7%": a stop
    first = _move(s, k, about_trade, subject)
    if first is None:
        return None
    end, value = first
    if held and (s.low(end) in vocab.MOVE_WINDOW_PREPS or s.longest(end, vocab.ONE_DAY)):
        return None  # "... or if it drops 5% in a day": a move over those bars
    if value[0] == "trail" and j == i and _clause_side(s, i) in vocab.OPENING_SIDES:
        return None  # "buy when it drops 10% from its recent high": the entry, not a stop
    if s.low(end) in ("or", "and") and value[0] in _STOP_OR_TARGET:
        other = _move(s, end + 1, about_trade, subject)  # "up 10% or down 5%"
        if other is not None and other[1][0][:2] != value[0][:2]:
            return (
                other[0],
                "rules",
                [
                    Item("risk", value, i, end),
                    Item("risk", other[1], end + 1, other[0]),
                ],
            )
    return end, "risk", value


def _loss_cap(s: Stream, i: int) -> Found:
    """ "I never let a loss exceed 10%", "don't lose more than 5% on a trade", "limit losses to
    6%", "keep my losers under 3%": a cap on each trade's loss is a stop that far from the
    entry. A cap said of the account ("2% of my account", "5% a day") is no stop: left unread."""
    j = s.skip(i, vocab.LOSS_CAP_LEAD)
    limit = s.low(j) in vocab.LOSS_CAP_LIMITS
    if limit:  # "limit (my) losses to 6%"
        j = s.skip(j + 1, vocab.LOSS_CAP_LEAD)
    noun = s.longest(j, vocab.LOSS_CAP_NOUNS)
    if noun is not None:
        j = s.first(noun[0], vocab.PER_TRADE) or noun[0]  # "a loss on any trade"
    if limit and noun is not None and s.low(j) in vocab.LOSS_CAP_LINKS:
        j += 1
    else:  # "never let a loss exceed", "don't lose more than", "losses should never go past"
        j = s.skip(j, vocab.LOSS_CAP_LEAD)
        verb = s.longest(j, vocab.LOSS_CAP_VERBS)
        negated = {s.low(k) for k in range(i, j)} & vocab.LOSS_CAP_NEGATIONS
        if verb is None or not negated:
            return None
        j = verb[0]
    pct = s.percent(j)
    if pct is None:
        return None
    end = s.first(pct[0], vocab.PER_TRADE) or _skip_tail(s, pct[0])
    if s.low(end) == "of" or s.longest(end, vocab.ACCOUNT_PERIODS | vocab.ONE_DAY):
        return None  # "2% of my account", "5% in a day": a limit on the account, not a stop
    return end, "risk", ("sl", pct[1])


_STOP_OR_TARGET = ("sl", "sl_price", "sl_points", "tp", "tp_price", "tp_points")
_LONGEST_FIRST_SUBJECTS = sorted(vocab.SUBJECTS, key=len, reverse=True)


def _in_an_exit_clause(s: Stream, i: int) -> bool:
    """An exit verb starts the clause ``i`` is in ("exit after 10 days or if it's down 4%"): a
    move said there is the trade's."""
    k = i - 1
    while k >= 0 and s.tokens[k].kind not in ("punct", "nl"):
        said = s.longest(k, vocab.ACTIONS)
        short = said is not None and said[1] == "short"  # "sell short when it's up 10%": an entry
        if s.low(k) in vocab.EXIT_VERB_WORDS and not short and s.low(k - 1) not in vocab.ARTICLES:
            return True  # (not "buy at the close if it's up 5%": a noun, the entry's fill)
        k -= 1
    return False


def _every_period(s: Stream, i: int) -> Found:
    """ "every month on the first trading day", "each week on Monday": the rule's own day says
    the period, so the words are read with it (never alone: "buy every week" is not a rule)."""
    end = s.first(i, vocab.EVERY_PERIOD)
    if end is None:
        return None
    if s.low(end) in ("on", ",", "at") or _day_said_in_the_sentence(s, i, end):
        return end, "meta", ("label", None)  # "... sells on Friday close, every week"
    return None


def _day_said_in_the_sentence(s: Stream, i: int, end: int) -> bool:
    """Before or after it in the sentence, a weekday ("every week") or a day of the month
    ("every month": "of the month", "the first trading day") says the day the period repeats
    on ("buy every month first trading day", "buy first trading day every month")."""
    period = s.low(i + 1)

    def says_the_day(k: int) -> bool:
        if period == "week":
            return s.low(k) in vocab.WEEKDAYS
        return s.low(k) == "month" or (s.low(k) == "day" and s.low(k - 1) == "trading")

    def said_in(words: range) -> bool:
        for k in words:
            if s.low(k) in vocab.STRONG_SEPARATORS:
                return False
            if says_the_day(k):
                return True
        return False

    return said_in(range(i - 1, -1, -1)) or said_in(range(end, s.n))


def _field_label(s: Stream, i: int) -> Found:
    """ "Asset: NVDA", "Timeframe: daily", "Ticker - AAPL": a form's field name before its
    value, which is read on its own; a side field's value is the direction ("Bias: short only",
    "Direction: long and short", "Side: both"), and one that is no side is reported."""
    if s.low(i) in vocab.SIDE_LABELS and s.low(i + 1) in (":", "=", "-"):
        # the longest side said: "long and short" is both sides, never "long" and two words
        side = s.longest(i + 2, vocab.DIRECTIONS) or s.longest(i + 2, vocab.SIDE_VALUES)
        if side is None:
            return None
        label = Item("meta", ("label", None), i, i + 2)
        return side[0], "rules", [label, Item("direction", side[1], i + 2, side[0])]
    if s.low(i) in vocab.FIELD_LABELS and s.low(i + 1) in (":", "=", "-"):
        return i + 1, "meta", ("label", None)
    named = s.skip(i, vocab.ARTICLES)  # "my stock is KO", "the symbol is lly": the symbol's
    if s.low(named) in vocab.SYMBOL_LABELS and s.low(named + 1) in vocab.LABEL_LINKS:
        return (named + 2, "meta", ("label", None)) if _symbol(s, named + 2) else None
    label = s.longest(i, vocab.INTERVAL_LABELS)
    link = s.skip(label[0], vocab.LABEL_SCOPES) if label is not None else -1
    if s.low(link) in vocab.LABEL_LINKS and _interval(s, link + 1) is not None:
        return link + 1, "meta", ("label", None)  # "Timeframe for everything is 15 minutes"
    return None


def _none_said(s: Stream, i: int) -> Found:
    """ "no stop", "No stops, no targets", "without a stop loss": none is wanted, and none is
    added unless said (echoed)."""
    hit = s.longest(i, vocab.NONE_SAID)
    if hit is None:
        return None
    end, exit_ = hit
    return end, "meta", ("none_said", (s.span_text(i, end), exit_))


def _whichever_first(s: Stream, i: int) -> Found:
    """ "whichever comes first" after exits said with "or": how every exit is read already (the
    first one met closes the trade); read, and stated."""
    end = s.first(i, vocab.WHICHEVER_FIRST)
    return None if end is None else (end, "meta", ("first_exit", True))


def _move(
    s: Stream, k: int, about_trade: bool, subject: str | None
) -> tuple[int, tuple[str, float]] | None:
    """A loss or gain of some percent at ``k`` ("drops 5% below the entry", "is up 10%"): a stop
    or target, or a trailing stop when measured from the high since the entry."""
    if (from_entry := _distance_from_entry(s, k, subject)) is not None:
        return from_entry
    if (against := _against_the_trade(s, k)) is not None:
        return against
    for verbs, kind in ((vocab.LOSS_VERBS, "sl"), (vocab.GAIN_VERBS, "tp")):
        for verb in sorted(verbs, key=len, reverse=True):
            end = s.phrase(k, verb)
            if end is None:
                continue
            m = s.skip(end, vocab.MOVE_AMOUNT_FILLERS)
            if s.low(m) == "," and s.low(m + 1) in vocab.MOVE_HEDGES:  # "makes money, like 2%"
                m = s.skip(m + 1, vocab.MOVE_AMOUNT_FILLERS)
            pct = s.percent(m)
            atr = _atr_from_entry(s, m) if pct is None else None
            if atr is not None and atr[1][0] == f"atr_{kind}":  # "falls 2 ATR below the entry"
                return atr
            if pct is None:
                points = _points_from_entry(
                    s, m, kind, about_trade and subject in vocab.PRICE_SUBJECT_WORDS
                )
                if points is not None:
                    return points
                continue
            tail = pct[0]
            tail = s.optional(tail, ("loss", "profit", "gain"))
            window = s.skip(tail + 1, vocab.LOOKBACK_ARTICLES | vocab.LOOKBACK_WORDS)
            if s.low(tail) in vocab.MOVE_WINDOW_PREPS and ops.parse_bars(s, window):
                return None  # "sell when it is up 3% in 5 bars": the move over 5 bars (a ROC)
            versus = s.longest(tail, vocab.VERSUS_WORDS)
            if versus is not None and s.longest(versus[0], vocab.YESTERDAY_WORDS) is not None:
                return None  # "down 1% from yesterday": the day's move, not the trade's
            peak = _from_the_peak(s, tail) if kind == "sl" else None
            if peak is not None:  # "falls 10% from the high": a trailing stop
                return peak, ("trail", pct[1])
            trough = _from_the_peak(s, tail, vocab.TROUGH_WORDS) if kind == "tp" else None
            if trough is not None and s.says(vocab.SHORT_WORDS):
                return trough, ("trail", pct[1])  # a short's: "rises 5% from the low"
            if _from_a_line(s, tail):
                return None  # "falls 8% from its 52-week high": a condition on that line
            end = _skip_tail(s, tail)
            mentions_entry = any(s.low(x) in vocab.ENTRY_PRICE_WORDS for x in range(tail, end))
            if not (about_trade or mentions_entry):
                return None
            if subject not in vocab.TRADE_SUBJECTS:  # the price moved: a short's loss if up
                kind = f"{kind}_price"
            return end, (kind, pct[1])
    return None


def _points_from_entry(
    s: Stream, m: int, kind: str, price_moved: bool = False
) -> tuple[int, tuple[str, float]] | None:
    """ "drops $3 below the entry", "rises 5 points above my entry": a stop or target a distance
    in price from the entry, which must be named (a bare "$3" is an amount of cash), unless the
    price itself is said to move in an exit ("bail if it loses 3 bucks", "sell if the stock
    drops $2 a share": ``price_moved``). A long's only: for a short the side of the move would
    be read the other way round."""
    distance = price_units.price_distance(s, m)
    if distance is None or s.says(vocab.SHORT_WORDS):
        return None
    end = distance[0]
    per_share = s.longest(end, vocab.PER_SHARE)
    end = _skip_tail(s, per_share[0] if per_share else end)
    named = any(s.low(x) in vocab.ENTRY_PRICE_WORDS for x in range(distance[0], end))
    if not (named or price_moved):
        return None
    return end, (f"{kind}_points", distance[1])


def _distance_from_entry(
    s: Stream, k: int, subject: str | None
) -> tuple[int, tuple[str, float]] | None:
    """ "closes 8% above my entry", "is 5% below the entry price", "$3 above my entry" (a
    distance in price: :func:`~engine.generation._price_units.price_distance`), and after "or",
    "4% below it" (the entry said just before): a target above the entry price, a stop below it
    (on a short-only bot the other way round: see ``_rules``)."""
    j = s.skip(k, vocab.DISTANCE_VERBS)
    if (atr := _atr_from_entry(s, j)) is not None:
        return atr
    pct = s.percent(j)
    unit = ""
    if pct is None and (pct := price_units.price_distance(s, j)) is not None:
        unit = "_points"
    if pct is None or s.low(pct[0]) not in ("above", "below", "over", "under"):
        return None
    m = s.skip(pct[0] + 1, vocab.ENTRY_OWNERS)
    said_before = s.low(m) in ("it", "that") and any(
        s.low(x) in vocab.ENTRY_PRICE_WORDS for x in range(max(0, k - 4), k)
    )
    if s.low(m) not in vocab.ENTRY_PRICE_WORDS and not said_before:
        return None
    end = m + 1 + (s.low(m + 1) == "price")
    kind = ("tp" if s.low(pct[0]) in ("above", "over") else "sl") + unit
    if subject not in vocab.TRADE_SUBJECTS:  # the price moved: a short's loss if up
        kind = f"{kind}_price"
    return end, (kind, pct[1])


def _atr_from_entry(s: Stream, j: int) -> tuple[int, tuple[str, tuple[float, float | None]]] | None:
    """ "(close falls) 2*ATR(14) below the entry price", "rises 3 ATR above my entry": an ATR
    stop below the entry, an ATR target above it. A long's only: for a short the side of the
    move would be read the other way round, so it is left unread (reported)."""
    got = _atr_multiple(s, j)
    if got is None or s.says(vocab.SHORT_WORDS):
        return None
    end, mult, period = got
    side = s.low(end)
    m = s.skip(end + 1, vocab.ENTRY_OWNERS)
    if side not in ("above", "below", "over", "under") or s.low(m) not in vocab.ENTRY_PRICE_WORDS:
        return None
    kind = "atr_tp" if side in ("above", "over") else "atr_sl"
    return m + 1 + (s.low(m + 1) == "price"), (kind, (mult, period))


def _against_the_trade(s: Stream, k: int) -> tuple[int, tuple[str, float]] | None:
    """ "rallies 3% against me", "moves against me by 4%", "goes 2% against the position": a
    loss of the trade (a stop, whichever its side)."""
    j = s.skip(k, vocab.AGAINST_VERBS)
    if j == k:
        return None
    against = s.longest(j, vocab.AGAINST_ME)
    m = s.skip(against[0] if against else j, frozenset({"by", "more", "than", "over"}))
    pct = s.percent(m)
    if pct is None:
        return None
    end = pct[0]
    if against is None:
        after = s.longest(end, vocab.AGAINST_ME)
        if after is None:
            return None
        end = after[0]
    return end, ("sl", abs(pct[1]))


def _from_a_line(s: Stream, k: int) -> bool:
    """ "from its 52-week high", "below the 50-day SMA" at ``k``, after a move of some percent:
    measured from an indicator's line, not from the entry."""
    if s.low(k) not in vocab.DISTANCE_PREPS:
        return False
    got = ops.parse_operand(s, s.skip(k + 1, vocab.ARTICLES), subject=Price("close"))
    return got is not None and isinstance(got[1], Ind)


def _trail_tail(s: Stream, end: int) -> int:
    """Skip what a trailing stop's distance is from: "under the highest close (since entry)",
    the trail itself, or else "below the entry price"."""
    peak = _from_the_peak(s, end)
    if peak is None or s.low(peak) in ("high", "highs"):
        return _skip_tail(s, end)  # "below the highest high": the high's, not the close's
    return peak


def _from_the_peak(s: Stream, k: int, peaks: frozenset[str] = vocab.PEAK_WORDS) -> int | None:
    """The end of "from the high", "off its peak", "below the highest close since entry" at
    ``k`` (after a loss of some percent): the highest price since the entry, a trailing stop
    (``peaks``: the lowest, "from the low", for a short's)."""
    if s.low(k) not in vocab.DISTANCE_PREPS - {"above"}:
        return None
    k = s.skip(k + 1, vocab.PEAK_LEAD)
    if s.low(k) not in peaks or s.low(k + 1) == "of":  # "the high of the entry bar"
        return None
    k = s.skip(k + 1, vocab.PEAK_TAIL)
    return k


# -- conditions ---------------------------------------------------------------------------------


def _golden_cross(s: Stream, i: int, look_back: bool = True) -> Found:
    """ "golden cross", "death cross of the 20 and 50 EMA", "the 20/50 SMA golden cross"; "after
    a golden cross" is the state since the cross (the fast line above the slow one). A cross
    said without its lines after a crossing of two averages said with them ("golden cross on
    the 20/100 EMA, exit on the death cross", "20/50 EMA crossover: long on the golden cross")
    is of the same lines."""
    since = s.low(i) in ("after", "since", "following") and s.low(i - 1) not in vocab.ACTIONS
    j = s.skip(i + 1 if since else i, vocab.ARTICLES)
    fast, slow, family = 50.0, 200.0, "sma"
    lead, nums, _ = ops.parse_number_list(s, j)
    if len(nums) == 2:  # "20/50 sma golden cross"
        hit = s.longest(lead, vocab.KEYWORDS)
        if hit is not None and hit[1][0] in vocab.MA_FAMILIES:  # type: ignore[index]
            family, lead = ("ema" if hit[1][0] == "ema" else "sma"), hit[0]  # type: ignore[index]
        fast, slow = sorted((nums[0][0], nums[1][0]))
        j = lead
    kind = {"golden": "above", "death": "below"}.get(s.low(j))
    if kind is None or s.low(j + 1) not in ("cross", "crossover", "crosses"):
        return None
    end = j + 2
    k = end
    # "golden cross 50/200": its two lengths right after it (a list may run on: "50/200, 3 ATR")
    said_after = s.kind(k) == "num" and s.low(k + 1) == "/" and s.kind(k + 2) == "num"
    if s.low(k) in ("of", "between", "on", "with", "using") or said_after:
        k2 = k if said_after else s.skip(k + 1, vocab.ARTICLES)
        end2, nums, _ = ops.parse_number_list(s, k2)
        if said_after:
            end2, nums = k + 3, nums[:2]
        if len(nums) == 2:
            fast, slow = sorted((nums[0][0], nums[1][0]))
            end = end2
            hit = s.longest(end, vocab.KEYWORDS)
            if hit is not None and hit[1][0] in vocab.MA_FAMILIES:  # type: ignore[index]
                family = "ema" if hit[1][0] == "ema" else "sma"  # type: ignore[index]
                end = hit[0]
    if s.low(end) == "(":
        got = ops.parse_number_list(s, end + 1)
        if len(got[1]) == 2 and s.low(got[0]) == ")":
            fast, slow = sorted((got[1][0][0], got[1][1][0]))
            end = got[0] + 1
    if look_back and (fast, slow, family) == (50.0, 200.0, "sma"):
        for k in range(i):
            said = _golden_cross(s, k, look_back=False) or _pair_cross(s, k)
            said = said or _averages_crossing(s, k)  # "50 ema crosses below 200 ema (death cross)"
            if said is not None and isinstance(said[2], DCond) and said[2].end <= i:
                a, b = said[2].a, said[2].b
                lines = (a.params["period"], b.params["period"], a.family)  # type: ignore[union-attr]
                if lines != (fast, slow, family):
                    fast, slow, family = lines
                    break
    word = s.low(j)
    note = (
        f"'{word} cross' read as the {fast:g}-bar {family.upper()} crossing "
        f"{kind} the {slow:g}-bar {family.upper()}"
    )
    if since:  # "buy pullbacks after a golden cross": while the fast line stays on that side
        note = (
            f"'{s.low(i)} a {word} cross' read as the {fast:g}-bar {family.upper()} "
            f"{kind} the {slow:g}-bar {family.upper()} (the state since the cross)"
        )
    cond = DCond(
        "compare" if since else "cross",
        Ind(family, params={"period": fast}, pos=i),
        (">" if kind == "above" else "<") if since else kind,
        Ind(family, params={"period": slow}, pos=i),
        notes=[note],
        start=i,
        end=end,
    )
    return end, "cond", cond


def _averages_crossing(s: Stream, i: int) -> Found:
    """A crossing of two simple or exponential averages of the close of one kind, each with its
    length ("the 50 EMA crosses the 200 EMA"), the shorter first: the lines a golden or death
    cross said after it is of."""
    got = ops.parse_condition(s, i)
    cond = got[1] if got is not None else None
    if not isinstance(cond, DCond) or cond.kind != "cross":
        return None
    a, b = cond.a, cond.b
    if not (isinstance(a, Ind) and isinstance(b, Ind)) or a.family != b.family:
        return None
    if a.family not in ("sma", "ema") or a.source != "close" or b.source != "close":
        return None
    fast, slow = a.params.get("period"), b.params.get("period")
    if fast is None or slow is None or not fast < slow:
        return None
    return got[0], "cond", cond  # type: ignore[index]


def _second_of_pair(s: Stream, j: int, keyword: object) -> tuple[int, float] | None:
    """ "/ 21 ema" after "9 ema": the second line of a pair, of the same kind."""
    if s.low(j) not in ("/", "and", "vs", "versus", "-"):
        return None
    got = ops.parse_period(s, j + 1)
    if got is None:
        return None
    hit = s.longest(got[0], vocab.KEYWORDS)
    if hit is None or hit[1] != keyword:
        return None
    return hit[0], got[1]


def _level_pair(s: Stream, i: int) -> Found:
    """ "RSI 30/70", "RSI(2) 10/90", "stochastic 20/80": buy when the oscillator crosses below
    the first level, sell when it crosses above the second (two rules, said once)."""
    hit = s.longest(i, vocab.KEYWORDS)
    if hit is None or hit[1][0] not in ("rsi", "stoch"):  # type: ignore[index]
        return None
    family, output = hit[1]  # type: ignore[misc]
    k, nums = hit[0], []
    if s.low(k + 1) != "/":  # the levels do not follow at once: settings first, "RSI(2) 10/90"
        k, nums, _ = ops.parse_suffix_params(s, k)
    low, high = s.number(k), None
    if low is not None and s.low(low[0]) == "/":
        high = s.number(low[0] + 1)
    params = ops._params(family, nums)
    if high is None or params is None or not 0 < low[1] < high[1] < 100:  # type: ignore[index]
        return None
    end = high[0]
    note = (
        f"'{s.span_text(i, end)}' read as: buy when it crosses below {low[1]:g}, sell when it "  # type: ignore[index]
        f"crosses above {high[1]:g}"
    )

    def rule(action: str, direction: str, level: float, notes: list[str]) -> list[Item]:
        ind = Ind(family, output, dict(params), pos=i)
        cond = DCond("cross", ind, direction, Num(level), notes=notes, start=i, end=end)
        return [Item("action", action, i, end), Item("cond", cond, i, end)]

    items = rule("buy", "below", low[1], [note]) + [Item("sep", False, i, end)]  # type: ignore[index]
    return end, "rules", items + rule("sell", "above", high[1], [])


def _pair_cross(s: Stream, i: int) -> Found:
    """ "the 10/30 SMA cross", "a 20-50 EMA crossover", "crossover of the 10 and 30 day SMAs",
    and the keyword first: "ema 9/21 cross", "sma 50/200" (a slash pair needs no "cross")."""
    j = s.skip(i, vocab.ARTICLES)
    of_form = s.low(j) in vocab.CROSSING_WORDS and s.low(j + 1) in ("of", "between")
    k = s.skip(j + 2, vocab.ARTICLES) if of_form else j
    keyword_first = s.longest(k, vocab.KEYWORDS)
    if keyword_first is not None and keyword_first[1][0] in vocab.MA_FAMILIES and not of_form:  # type: ignore[index]
        family = keyword_first[1][0]  # type: ignore[index]
        end, nums, notes = ops.parse_number_list(s, keyword_first[0])
        slashed = len(nums) == 2 and s.low(keyword_first[0] + 1) == "/"
        if len(nums) == 1:  # "sma 50 and sma 200 crossover", "ema9/ema21 x-over"
            end, nums = _keyword_pair(s, end, family, nums)
            slashed = False
        if s.low(end) in vocab.CROSS_WORDS:
            end += 1
        elif s.low(end) == "x" and s.low(end + 1) == "over":
            end += 2
        elif not slashed:
            return None
    else:
        end, nums, notes = ops.parse_number_list(s, k)
        hit = s.longest(end, vocab.KEYWORDS)
        if _bare_slash_pair(s, k, end, nums):  # "L on 9/21 cross": two averages of no kind said
            named = _averages_named(s)
            hit = (end, (named or "ma", None))
            kind = f"{named.upper()}s (the averages named)" if named else "moving averages"
            notes = [*notes, f"'{s.span_text(k, end + 1)}' read as two {kind} crossing"]
        if hit is None or hit[1][0] not in vocab.MA_FAMILIES:  # type: ignore[index]
            return None
        family = hit[1][0]  # type: ignore[index]
        end = hit[0]
        second = _second_of_pair(s, end, hit[1]) if len(nums) == 1 else None
        if second is not None:  # "9 ema / 21 ema cross"
            end, period = second
            nums.append((period, "bare"))
        if not of_form:
            if s.low(end) not in vocab.CROSS_WORDS:
                return None
            end += 1
    if len(nums) != 2 or any(t == "std" for _, t in nums):
        return None
    fast, slow = sorted(v for v, _ in nums)
    a = Ind(family, params={"period": fast}, pos=i, notes=notes)
    b = Ind(family, params={"period": slow}, pos=i)
    direction = s.longest(end, vocab.CROSS_DIRECTIONS)  # "the 9/21 cross up"
    if direction is not None:
        end, direction = direction
    return end, "cond", DCond("cross", a, direction, b, start=i, end=end)


def _bare_slash_pair(s: Stream, k: int, end: int, nums: list[tuple[float, str]]) -> bool:
    """ "9/21 cross", "50/200 crossover": two lengths joined by "/" straight before a word of
    crossing, with no indicator named: only two averages cross so (their kind is echoed)."""
    slashed = end == k + 3 and s.low(k + 1) == "/" and s.kind(k) == s.kind(k + 2) == "num"
    lengths = len(nums) == 2 and all(v == int(v) and 2 <= v <= 400 for v, _ in nums)
    return slashed and lengths and nums[0][0] < nums[1][0] and s.low(end) in vocab.CROSS_WORDS


def _averages_named(s: Stream) -> str | None:
    """The one kind of moving average the text names ("ema 9/21 cross up, 9/21 cross down":
    EMAs), or None when it names none or both."""
    named = {
        hit[1][0]  # type: ignore[index]
        for k in range(s.n)
        if (hit := s.longest(k, vocab.KEYWORDS)) is not None and hit[1][0] in ("sma", "ema")  # type: ignore[index]
    }
    return named.pop() if len(named) == 1 else None


def _fast_and_slow_cross(s: Stream, i: int) -> Found:
    """ "the fast and slow moving averages cross (10 and 30 simple)": the pair's lengths said
    after it, in brackets; without them nothing says which averages, and nothing is read."""
    j = s.skip(i, vocab.ARTICLES)
    j = s.first(j, vocab.FAST_AND_SLOW)
    named = s.longest(j, vocab.KEYWORDS) if j is not None else None
    if named is None or named[1][0] not in vocab.MA_FAMILIES:  # type: ignore[index]
        return None
    family, k = named[1][0], named[0]  # type: ignore[index]
    if s.low(k) not in vocab.CROSSING_NOUNS or s.low(k + 1) != "(":
        return None
    first, second = s.number(k + 2), None
    if first is not None and s.low(first[0]) in ("and", "/", ","):
        second = s.number(first[0] + 1)
    if first is None or second is None:
        return None
    end = second[0]
    family = vocab.TYPE_WORDS.get(s.low(end), family)
    end += s.low(end) in vocab.TYPE_WORDS
    if s.low(end) != ")":
        return None
    fast, slow = (Ind(family, params={"period": n}, pos=i) for n in (first[1], second[1]))
    return end + 1, "cond", DCond("cross", fast, None, slow, start=i, end=end + 1)


def _keyword_pair(
    s: Stream, end: int, family: object, nums: list[tuple[float, str]]
) -> tuple[int, list[tuple[float, str]]]:
    """The second line of a pair written keyword first: "sma 50 and sma 200", "ema9 ema21"."""
    k = end + 1 if s.low(end) in vocab.PAIR_JOINERS else end
    hit = s.longest(k, vocab.KEYWORDS)
    if hit is None or hit[1][0] != family:  # type: ignore[index]
        return end, nums
    after, more, _ = ops.parse_number_list(s, hit[0])
    if len(more) != 1:
        return end, nums
    return after, nums + more


def _macd_cross(s: Stream, i: int) -> Found:
    j = s.skip(i, vocab.ARTICLES)
    direction = None
    if s.low(j) in vocab.SENTIMENT_WORDS:
        direction = "above" if s.low(j) in ("bullish", "positive") else "below"
        j += 1
    elif s.low(j) in vocab.CROSS_WAYS and s.low(j + 1) in vocab.CROSS_WORDS:
        direction = vocab.CROSS_WAYS[s.low(j)]  # "on the up cross"
        j += 1
    before: list[tuple[float, str]] = []
    if s.kind(j) == "num":  # "the 12/26 MACD bullish cross": the lengths said first
        end, before, _ = ops.parse_number_list(s, j)
        if s.low(end) != "macd":
            return None
        j = end
    if s.low(j) != "macd":
        if direction is None or s.low(j) not in vocab.CROSS_WORDS | {"one"}:
            return None
        # "exit on a bearish crossover": the crossing named before, the other way
        return j + 1, "cond", DCond("cross", None, direction, None, back=True, start=i, end=j + 1)
    k, _, _ = ops.parse_suffix_params(s, j + 1)
    params_end = k
    if s.low(k) in ("bullish", "bearish", "buy", "sell"):
        direction = "above" if s.low(k) in ("bullish", "buy") else "below"
        k += 1
    if s.low(k) in ("signal", "signal line"):
        k += 1
        k = s.optional(k, "line")
    if s.low(k) not in ("cross", "crossover", "crossing", "crosses", "signal"):
        return None
    if s.low(k) == "crosses":
        return None
    end = k + 1
    got = ops.parse_suffix_params(s, end)
    _, nums, notes = ops.parse_suffix_params(s, j + 1) if params_end > j + 1 else got
    end = got[0] if got[1] else end
    nums = nums or before
    way = vocab.CROSS_WAYS.get(s.low(end))
    if way is not None and direction in (None, way) and s.number(end + 1) is None:
        direction, end = way, end + 1  # "the macd cross down"
    params = ops._params("macd", nums) or {}
    a = Ind("macd", "macd", params, pos=i, notes=notes)
    b = Ind("macd", "signal", dict(params), pos=i)
    cond = DCond("cross", a, direction, b, start=i, end=end)
    return end, "cond", cond


def _row_tail(s: Stream, j: int) -> int:
    return s.first(j, vocab.IN_A_ROW) or j


def _streak_noun(s: Stream, j: int) -> tuple[int, int, str] | None:
    """ "a 3-day losing streak", "a losing streak of 4 days", "4-day winning streak"."""
    got = s.number(j)
    if got is not None:
        k, n = got[0], int(got[1])
        k = s.optional(k, ("day", "bar", "session", "days"))
        word = s.low(k)
        if word in vocab.STREAK_WORDS and s.low(k + 1) in (
            "streak",
            "streaks",
            "run",
        ):
            return k + 2, n, "down" if word in ("losing", "down", "red") else "up"
        return None
    word = s.low(j)
    streak = word in ("losing", "winning", "down", "up") and s.low(j + 1) in vocab.STREAK_NOUNS
    if streak and s.low(j + 2) == "of" and (got := s.number(j + 3)) is not None:
        k = got[0] + (1 if s.low(got[0]) in vocab.STREAK_UNITS else 0)
        return k, int(got[1]), "down" if word in ("losing", "down") else "up"
    return None


def _versus_previous(s: Stream, j: int) -> tuple[int, int, str] | None:
    """ "the close is higher than the previous close for 3 days in a row", "(sell) if lower for
    2 days"."""
    k = s.skip(j, vocab.ARTICLES)
    if s.low(k) in vocab.PRICE_SUBJECTS:
        k += 1
    elif s.low(k - 1) not in vocab.WHEN_WORDS:  # "sell if lower for 2 days": the close left out
        return None
    k = s.optional(k, ("is", "was", "has", "closes", "closed"))
    k = s.optional(k, ("been",))
    word = s.low(k)
    if word not in ("higher", "lower", "above", "below", "up", "down"):
        return None
    direction = "up" if word in ("higher", "above", "up") else "down"
    k += 1
    k = s.optional(k, "than")
    k = s.skip(k, vocab.ARTICLES)
    if s.low(k) in vocab.LAG_WORDS:
        k += 1
        k = s.optional(k, vocab.BAR_POSSESSIVES)
        k = s.optional(k, ("close", "closes", "one"))
    if s.low(k) != "for":
        return None
    got = _bar_count(s, k + 1)
    if got is None:
        return None
    return _row_tail(s, got[0]), got[1], direction


def _bar_count(s: Stream, k: int) -> tuple[int, int] | None:
    """ "3 bars", "4 consecutive days", "5 sessions": (the end, the count)."""
    got = s.number(k)
    if got is None or got[1] != int(got[1]) or got[1] < 1:
        return None
    k, n = got[0], int(got[1])
    k = s.optional(k, vocab.IN_SUCCESSION)
    return (k + 1, n) if s.low(k) in vocab.STREAK_UNITS else None


def _extreme_streak(s: Stream, i: int) -> Found:
    """ "3 higher highs in a row", "two consecutive lower lows": each of those bars' high above
    the high before it (a state held on that many bars)."""
    j = s.skip(i, vocab.ARTICLES | {"after", "following", "on"})
    maker = s.longest(j, vocab.RUN_MAKERS)  # "the market has made three lower highs"
    j = maker[0] if maker and s.number(maker[0]) else j
    nth = _ordinal_count(s, j)  # "the second consecutive lower low": exactly the run's second
    got = (nth[0], float(nth[1])) if nth else s.number(j)
    if got is None and (shared := _count_said_before(s, j)) is not None:
        got = (j, shared)  # "three consecutive lower highs and lower lows": three of each
    if got is None:  # "price makes a lower high", "a higher low than yesterday": one bar's
        got = (s.skip(j, vocab.EXTREME_LEADS), 1.0)
    if got[1] != int(got[1]) or not 1 <= got[1] <= 50:
        return None
    k = got[0] + (s.low(got[0]) in vocab.IN_SUCCESSION)
    hit = s.longest(k, vocab.EXTREME_STREAKS)
    if hit is None:
        return None
    end, (field, op) = hit
    row = s.phrase(end, "in a row")
    end = row or end
    end = (s.longest(end, vocab.THAN_THE_BAR_BEFORE) or (end,))[0]
    n = int(got[1])
    if nth:
        if not (row or k > got[0]):
            return None  # "the second lower low" alone counts nothing
        return end, "rules", _nth_extreme_of_a_run(s, i, end, n, field, op)
    cond = DCond("compare", Price(field), op, Price(field, lag=1), n=n, start=i, end=end)
    return end, "cond", cond


def _field_run(s: Stream, i: int) -> Found:
    """ "the low has been lower for three days in a row", "the high was higher 3 days running":
    each of those bars' low (high) below (above) the one before it, as "3 lower lows"."""
    j = s.skip(i, vocab.ARTICLES)
    field = vocab.BAR_EXTREME_FIELDS.get(s.low(j))
    k = s.skip(j + 1, vocab.RUN_FIELD_VERBS)
    way = vocab.RUN_FIELD_WAYS.get(s.low(k))
    if field is None or way is None or k == j + 1:
        return None
    held = ops.parse_held(s, k + 1)
    if held is None:
        return None
    end, n = held
    cond = DCond("compare", Price(field), way, Price(field, lag=1), n=n, start=i, end=end)
    return end, "cond", cond


def _count_said_before(s: Stream, j: int) -> float | None:
    """The count of a run said just before "and" ("3 lower highs and | lower lows"): that many
    of this one too."""
    if s.low(j - 1) != "and":
        return None
    for k in range(j - 2, max(j - 6, 0), -1):
        hit = s.longest(k, vocab.EXTREME_STREAKS)
        if hit is not None and hit[0] == j - 1:
            lead = k - 1 - (s.low(k - 1) in vocab.IN_SUCCESSION)
            got = s.number(lead)
            return got[1] if got is not None and got[0] == lead + 1 else None
    return None


def _nth_extreme_of_a_run(s: Stream, i: int, end: int, n: int, field: str, op: str) -> list[Item]:
    """ "the second consecutive lower low": each of the last n bars' low below the low before
    it, and not the bar before them (exactly the run's n-th)."""
    parts: list[Item] = []
    for lag in range(n, -1, -1):
        rel = op if lag < n else {"<": ">=", ">": "<="}[op]
        d = DCond("compare", Price(field, lag=lag), rel, Price(field, lag=lag + 1))
        d.start, d.end = i, end
        parts += [Item("conn", "and", i, i)] if parts else []
        parts.append(Item("cond", d, i, end))
    parts[-1].value.notes.append(
        f"'{s.span_text(i, end)}' read as exactly the {ordinal(n)} such bar in a row: the "
        f"{field} {'below' if op == '<' else 'above'} the one before on each of the last {n} "
        "bars, not on the bar before them"
    )
    return parts


def _consecutive(s: Stream, i: int) -> Found:
    """ "3 down days in a row", "three consecutive lower closes", "closes lower 3 days in a
    row", "falls 4 days in a row"; after a pattern, "(a hammer) that follows 3 down days" as
    "following 3 down days"."""
    follows = s.first(i, vocab.FOLLOWS_PHRASES)
    if follows is not None and after_pattern(s, i):
        got = _consecutive(s, follows - 1)  # at "follows" / "after"
        return None if got is None else (got[0], got[1], got[2])
    j = s.skip(i, vocab.ARTICLES | vocab.FOLLOWING_WORDS)
    if s.low(j) in vocab.PRICE_SUBJECTS and s.low(j + 1) in vocab.HAS_A_BAR:
        j = s.skip(j + 2, vocab.ARTICLES)  # "it has a down day"
    got = _streak_count_first(s, j, ordinals=True) or _streak_noun(s, j) or _versus_previous(s, j)
    if got is None:
        got = _streak_verb_first(s, j)
    if got is None:
        return None
    end, n, direction = got
    said = {s.low(k) for k in range(j, end)}
    exactly = n > 1 and _ordinal_count(s, j) is not None  # "the third consecutive up close"
    if exactly and said & vocab.CANDLE_COLOURS and said & vocab.CANDLE_NOUNS:
        return _nth_candle_of_a_run(s, i, j, end, n)
    if said & vocab.CANDLE_COLOURS and said & vocab.CANDLE_NOUNS:
        # "3 red candles in a row": a candle's colour is its close against its own open
        red = bool(said & {"red", "black"})
        note = (
            f"'{s.span_text(j, end)}' read as a close {'below' if red else 'above'} the open "
            f"(a {'red' if red else 'green'} candle)"
        )
        # "a hammer after 3 red candles": the run ends on the bar before the pattern's, as
        # "a doji after 3 down days" does (``_streak_before``)
        lag = int(s.low(i) in vocab.FOLLOWING_WORDS and after_pattern(s, i))
        if lag:
            note += "; the last of them the bar before the pattern bar"
        colour = DCond(
            "compare",
            Price("close", lag=lag),
            "<" if red else ">",
            Price("open", lag=lag),
            n=n,
            notes=[note],
        )
        colour.start, colour.end = i, end
        return end, "cond", colour
    if s.low(i) in vocab.FOLLOWING_WORDS and after_pattern(s, i):
        return _streak_before(s, i, end, n, direction)
    cond = DCond("consecutive", n=n, rel=direction, start=i, end=end, exactly=exactly)
    cond.run_interval = run_interval(s, j, end)
    if exactly:
        cond.notes.append(
            f"'{s.span_text(j, end)}' read as exactly the {ordinal(n)} close of the run: the "
            f"last {n} closes each {'above' if direction == 'up' else 'below'} the close before, "
            "the close before them not (a longer run does not signal again)"
        )
    return end, "cond", cond


def _ordinal_count(s: Stream, j: int) -> tuple[int, int] | None:
    """ "third", "3rd" (tokenised as 3 and "rd") counting the bars of a run; "first" is one bar
    and is read apart ("the first up day")."""
    if s.low(j) in vocab.ORDINALS and s.low(j) != "first":
        return j + 1, vocab.ORDINALS[s.low(j)]
    if s.kind(j) == "num" and s.low(j + 1) in vocab.ORDINAL_SUFFIXES:
        value = s.tokens[j].value or 0
        if value == int(value) and 2 <= value <= 50:
            return j + 2, int(value)
    return None


def _candle_colour(s: Stream, i: int) -> Found:
    """ "the candle is green", "close is red", "on a green candle", "it's a red bar": this bar's
    close above (green, white) or below (red, black) its own open."""
    j = s.skip(i, vocab.ARTICLES | {"on", "this", "current", "it's", "its"})
    if s.low(j) in vocab.CANDLE_COLOURS and s.low(j + 1) in vocab.ONE_CANDLE - {"close"}:
        colour, end = s.low(j), j + 2
        if s.low(end) in vocab.COLOUR_VERBS:
            return None  # "a red candle closes below its open": what the colour means
    elif s.low(j) in vocab.ONE_CANDLE and s.low(j + 1) in vocab.COLOUR_VERBS:
        colour, end = s.low(j + 2), j + 3
    elif s.low(j + (said := s.low(j) in vocab.PRICE_SUBJECTS)) in vocab.CLOSES_COLOUR_VERBS:
        colour, end = s.low(j + said + 1), j + said + 2  # "(price) closes red"
    else:
        return None
    other_bars = vocab.OTHER_CANDLES | vocab.HOUR | vocab.MINUTE  # "weekly", "4h", "HA"
    if colour not in vocab.CANDLE_COLOURS or s.low(j - 1) in other_bars:
        return None  # "the weekly candle is green": a bar of other bars than those tested
    rel = ">" if colour in vocab.GREEN_CANDLE else "<"
    return end, "cond", DCond("compare", Price("close"), rel, Price("open"), start=i, end=end)


def _nth_candle_of_a_run(s: Stream, i: int, j: int, end: int, n: int) -> Found:
    """ "the third red candle in a row": a close below the open (red) on each of the last n
    bars, and not on the bar before them (exactly the run's n-th candle)."""
    red = bool({s.low(k) for k in range(j, end)} & {"red", "black"})
    rel, other = ("<", ">=") if red else (">", "<=")
    colour = "red" if red else "green"
    note = (
        f"'{s.span_text(j, end)}' read as exactly the {ordinal(n)} {colour} candle in a row: a "
        f"close {'below' if red else 'above'} the open on each of the last {n} bars, not on the "
        "bar before them"
    )
    parts: list[Item] = []
    for lag in range(n, -1, -1):
        d = DCond("compare", Price("close", lag=lag), other if lag == n else rel)
        d.b, d.start, d.end = Price("open", lag=lag), i, end
        parts += [Item("conn", "and", i, i)] if parts else []
        parts.append(Item("cond", d, i, end))
    parts[-1].value.notes.append(note)
    return end, "rules", parts


def _bounce(s: Stream, i: int) -> Found:
    """ "price bounces off the 50-day SMA": the bar's low at or below the line and its close back
    above it; "gets rejected at the 200 SMA": the high at or above it and the close below."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) in vocab.PRICE_SUBJECTS:
        j = s.skip(j + 1, vocab.COPULAS | vocab.GETS)
    hit = s.longest(j, vocab.BOUNCES)
    if hit is None:
        return None
    k, support = hit
    got = ops.parse_operand(s, s.skip(k, vocab.ARTICLES))
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.PRICE_FAMILIES:
        return None
    end, line = got
    first, second = _touch_and_close_back(line, support, i, end)
    second.notes = [
        f"'{s.span_text(j, end)}' read as the {'low' if support else 'high'} at or "
        f"{'below' if support else 'above'} the line and the close back "
        f"{'above' if support else 'below'} it"
    ]
    return end, "rules", [Item("cond", first, i, end), Item("cond", second, i, end)]


def _touch_and_close_back(line: Ind, support: bool, start: int, end: int) -> tuple[DCond, DCond]:
    """The bar's low at or below ``line`` and its close above it (``support``: a bounce, a
    pullback), else its high at or above it and its close below it (a rejection, a rally)."""
    touch = DCond("compare", Price("low" if support else "high"), "<=" if support else ">=", line)
    held = DCond("compare", Price("close"), ">" if support else "<", copy.deepcopy(line))
    for cond in (touch, held):
        cond.start, cond.end = start, end
    return touch, held


def _coloured_run(s: Stream, i: int, j: int, end: int, n: int, up: bool) -> list[Item]:
    """n candles of one colour on the n bars before this one, and this one the other colour
    (a candle's colour is its close against its own open), said from ``j`` to ``end``."""
    parts: list[Item] = []
    for lag in range(n, -1, -1):
        d = DCond("compare", Price("close", lag=lag), ">" if (lag == 0) == up else "<")
        d.b, d.start, d.end = Price("open", lag=lag), i, end
        parts += [Item("conn", "and", i, i)] if parts else []
        parts.append(Item("cond", d, i, end))
    colour, other = ("green", "red") if up else ("red", "green")
    parts[-1].value.notes.append(
        f"'{s.span_text(j, end)}' read as {n} {other} candles (each closing "
        f"{'below' if up else 'above'} its own open) on the {n} bars before this one, and "
        f"this bar {colour}: the run may be longer"
    )
    return parts


def _day_after_streak(s: Stream, i: int) -> Found:
    """ "the first green day after 3 red days", "an up close after 4 down days": this bar's close
    against the one before, after a run of closes the other way that ends on the bar before
    (exactly the first such day: the run before it is unbroken)."""
    j = s.skip(i, vocab.ARTICLES | vocab.FIRST_WORDS)
    up = s.low(j) in vocab.UP_WORDS
    if not (up or s.low(j) in vocab.DOWN_WORDS) or s.low(j + 1) not in vocab.BAR_NOUNS:
        return None
    k = j + 2
    if s.low(k) not in vocab.FOLLOWING_WORDS:
        return None
    m = s.skip(k + 1, vocab.ARTICLES)
    got = _streak_count_first(s, m) or _streak_noun(s, m)
    if got is None:
        return None
    end, n, direction = got
    coloured = s.low(j) in vocab.CANDLE_COLOURS and s.low(j + 1) in vocab.CANDLE_NOUNS
    if coloured and s.low(end - 1) in vocab.CANDLE_NOUNS and direction != ("up" if up else "down"):
        # "the first green candle after 3 red candles": candles' colours, each bar's close
        # against its own open (a day's way is its close against the close before)
        return end, "rules", _coloured_run(s, i, j, end, n, up)
    note = f"'{s.span_text(j, j + 2)}' read as a close {'above' if up else 'below'} the one before"
    today = DCond(
        "compare", Price("close"), ">" if up else "<", Price("close", lag=1), notes=[note]
    )
    today.start, today.end = i, k
    streak = _streak_parts(s, k, end, n, direction)
    return end, "rules", [Item("cond", today, i, k), *streak]


def _run_then_turn(s: Stream, i: int) -> Found:
    """ "three red candles then a green one", "3 down days followed by an up day": the run on
    the n bars before this one (at least n: the run may be longer) and this bar the other way.
    A candle's colour is its close against its own open; a day's way, its close against the
    close before."""
    j = s.skip(i, vocab.ARTICLES | vocab.FOLLOWING_WORDS)
    if s.low(j) in vocab.PRICE_SUBJECTS and s.low(j + 1) in vocab.HAS_A_BAR:
        j = s.skip(j + 2, vocab.ARTICLES)  # "it has 2 down days in a row then an up day"
    run = _run_before_a_turn(s, j)
    if run is None:
        return None
    k, n, first, candles = run
    turn = s.longest(k, vocab.THEN_WORDS)
    if turn is None:
        return None
    m = s.skip(turn[0], vocab.ARTICLES | {"one"})
    if not candles and any(s.phrase(m, name) is not None for name in PATTERN_NAMES):
        # "two down closes followed by an inside day": the pattern, read next, on this bar
        return turn[0], "rules", _streak_parts(s, i, turn[0], n, first)
    m = s.skip(m, vocab.CLOSE_VERBS)  # "then closes higher"
    second = _way(s.low(m)) or _run_verb_way(s.low(m))
    if second is None or second == first or candles != (s.low(m) in vocab.CANDLE_COLOURS):
        return None
    end = m + 1 + (s.low(m + 1) in vocab.BAR_NOUNS | vocab.CANDLE_NOUNS | {"one"})
    up = second == "up"
    if candles:
        return end, "rules", _coloured_run(s, i, j, end, n, up)
    today = DCond("compare", Price("close"), ">" if up else "<", Price("close", lag=1))
    today.start, today.end = i, end
    today.notes.append(
        f"'{s.span_text(m, end)}' read as this close {'above' if up else 'below'} the one before"
    )
    streak = _streak_parts(s, i, end, n, first)
    return end, "rules", [*streak, Item("conn", "and", end, end), Item("cond", today, i, end)]


def _run_before_a_turn(s: Stream, j: int) -> tuple[int, int, str, bool] | None:
    """The run said before "then": "three red candles (in a row)", "3 down days", or with its
    verb first, "down 3 days in a row", "falls 3 days in a row": (end, n, its way, said as
    candles)."""
    got = s.number(j)
    if got is not None and got[1] == int(got[1]) and 1 <= got[1] <= 20:
        n, k = int(got[1]), s.skip(got[0], vocab.IN_SUCCESSION)
        first = _way(s.low(k))
        if first is not None and s.low(k + 1) in vocab.BAR_NOUNS | vocab.CANDLE_NOUNS:
            return _row_tail(s, k + 2), n, first, s.low(k) in vocab.CANDLE_COLOURS
    said = _streak_verb_first(s, j)
    if said is None or not 1 <= said[1] <= 20:
        return None
    return said[0], said[1], said[2], False


def _run_verb_way(word: str) -> str | None:
    """ "down" for a verb of a falling close ("falls", "drops"), "up" for a rising one."""
    return "down" if word in vocab.RUN_DOWN_VERBS else "up" if word in vocab.RUN_UP_VERBS else None


def _streak_before(s: Stream, i: int, end: int, n: int, direction: str) -> Found:
    """ "a doji after three down days": the streak ends on the bar before the pattern bar (each
    of those n closes below the close before it), the pattern on this bar."""
    return end, "rules", _streak_parts(s, i, end, n, direction)


def _streak_parts(s: Stream, i: int, end: int, n: int, direction: str) -> list[Item]:
    """The conditions of a run of n closes in ``direction`` ending on the bar before this one."""
    rel = "<" if direction == "down" else ">"
    note = (
        f"'{s.span_text(i, end)}' read as the {n} closes before the pattern bar, each "
        f"{'below' if rel == '<' else 'above'} the close before it"
    )
    parts: list[Item] = []
    for lag in range(n, 0, -1):
        d = DCond("compare", Price("close", lag=lag), rel, Price("close", lag=lag + 1))
        d.start, d.end = i, end
        parts.append(Item("cond", d, i, end))
    parts[-1].value.notes.append(note)
    return parts


def _after_a_run(s: Stream, i: int) -> Found:
    """ "after being below 30 for 3 days": a state held on a run of bars, said after an event
    (the run is the bars before it, see ``_held``)."""
    if s.low(i) != "after" or s.low(i + 1) != "being":
        return None  # "after 5 days below it": see _closes_beyond
    tail = ops.parse_relation_tail(s, i + 2, None, i)
    if tail is None or tail[1].kind != "compare" or tail[1].n < 2:
        return None
    end, cond = tail
    cond.after_run, cond.start = True, i
    return end, "cond", cond


def _closes_beyond(s: Stream, i: int) -> Found:
    """ "4 consecutive closes below the 5-day SMA", "3 closes in a row above the upper band":
    the close on that side of the line on each of the last N bars."""
    j = s.skip(i, vocab.ARTICLES | vocab.FOLLOWING_WORDS)
    j = s.first(j, ("at least",)) or j  # "after at least 20 days under it"
    got = s.number(j)
    if got is None or not 2 <= got[1] <= 50 or got[1] != int(got[1]):
        return None
    after_run = j > i and s.low(i) in vocab.FOLLOWING_WORDS
    k = s.skip(got[0], vocab.IN_SUCCESSION)
    if s.low(k) not in vocab.RUN_BARS:
        return None
    k += 1
    k = s.first(k, vocab.IN_A_ROW) or k
    if s.low(k) in vocab.CONNECTORS:
        return None  # "after 5 days or above 70": a hold, then another exit
    tail = ops.parse_relation_tail(s, k, Price("close"), i)
    if tail is None or tail[1].kind != "compare":
        return None
    end, cond = tail
    cond.n, cond.start, cond.after_run = int(got[1]), i, after_run
    return end, "cond", cond


def _way(word: str) -> str | None:
    """ "down" for a word of a down bar ("red", "losing"), "up" for one of an up bar, else None."""
    return "down" if word in vocab.DOWN_WORDS else "up" if word in vocab.UP_WORDS else None


def _streak_count_first(s: Stream, j: int, ordinals: bool = False) -> tuple[int, int, str] | None:
    """ "3 down days in a row", "two consecutive higher closes", "after 4 red candles"; with
    ``ordinals`` also "the third consecutive higher close" (said with "consecutive" or "in a
    row": "the third up day" alone counts nothing)."""
    nth = _ordinal_count(s, j) if ordinals else None
    got = (nth[0], float(nth[1])) if nth else s.number(j)
    single = _way(s.low(j + 1)) if s.low(j) in ("first", "an", "a", "one") else None
    if single and s.low(j + 2) in vocab.STREAK_UNITS:  # "the first up day", "a down close"
        return j + 3, 1, single
    said_a = (
        s.low(j - 1) in vocab.INDEFINITE_ARTICLES
        and s.low(j - 2) in vocab.FOLLOWING_WORDS | vocab.HAS_A_BAR
    )
    way = _way(s.low(j)) if said_a else None
    if way and s.low(j + 1) in vocab.STREAK_UNITS:  # "after a down day", "it has a red day"
        return j + 2, 1, way
    if got is None or got[1] != int(got[1]) or got[1] < 1:
        return None
    k, n = got[0], int(got[1])
    row = False
    if s.low(k) in vocab.IN_SUCCESSION:
        row, k = True, k + 1
    direction = _way(s.low(k))
    if direction:
        k += 1
        if s.low(k) in ("day", "closing", "daily") and s.low(k + 1) in vocab.STREAK_UNITS:
            k += 1
        if s.low(k) in vocab.STREAK_UNITS:
            k += 1
        elif s.low(k - 1) not in vocab.MOVE_NOUNS:
            return None
    elif s.low(k) in vocab.STREAK_UNITS:
        k += 1
        if s.low(k) in vocab.WITH_LINKS:
            direction = _way(s.low(k + 1))
            if direction:
                k += 2
                if s.low(k) in ("closes", "close", "prices"):
                    k += 1
        elif s.low(k) in vocab.MOVE_WORDS:
            direction = "down" if s.low(k) in vocab.LOWER_WORDS else "up"
            k += 1
        else:
            tail = _row_tail(s, k)
            way = _way(s.low(tail + 1))
            if tail != k and s.low(tail) in vocab.WITH_LINKS and way:
                k = tail + 2
                k = s.optional(k, vocab.CLOSE_NOUNS)
                return k, n, way
    if direction is None:
        return None
    tail = _row_tail(s, k)
    if nth and tail == k and not row:
        return None
    unmarked = tail == k and not row and s.low(k - 1) not in vocab.CLOSE_NOUNS
    if unmarked and s.low(j - 1) not in vocab.FOLLOWING_WORDS:
        return None  # "3 down days" needs "in a row", "consecutive" or "after"
    return tail, n, direction


def _streak_verb_first(s: Stream, j: int) -> tuple[int, int, str] | None:
    k = j
    if s.low(k) in vocab.PRICE_SAID_AS_SUBJECT:
        k = s.skip(k, vocab.ARTICLES | vocab.PRICE_SAID_AS_SUBJECT)
    after_its = s.low(k) == "it's" and s.low(j - 1) in vocab.FOLLOWING_WORDS
    k += after_its  # "sell after it's up 2 days": after that many up days
    verb = s.low(k)
    perfect = verb == "has"  # "it has risen for two days": each of those days
    if verb in ("closes", "closed", "close", "closing", "has", "is"):
        k += 1
        k = s.optional(k, ("closed", "been"))
        verb = s.low(k)
    phrasal = verb in vocab.GO_VERBS and s.low(k + 1) in vocab.UP_WORDS | vocab.DOWN_WORDS
    if phrasal:  # "is going up for 5 days in row", "it go down 2 days"
        k += 1
        verb = s.low(k)
    if verb in vocab.DOWN_WORDS | vocab.RUN_DOWN_VERBS:
        direction = "down"
    elif verb in vocab.UP_WORDS | vocab.RUN_UP_VERBS:
        direction = "up"
    else:
        return None
    k += 1
    lasted = s.low(k) == "for"  # "rose for 2 days"
    k = s.optional(k, ("for",))
    got = _bar_count(s, k)
    if got is None and phrasal and s.low(k) in vocab.INDEFINITE_ARTICLES:
        one_bar = s.low(k + 1) in vocab.ONE_BAR_NOUNS - {"week"}
        got = (k + 2, 1) if one_bar else None  # "goes down a day"
    if got is None:
        return None
    k, n = got
    tail = _row_tail(s, k)
    marked = {s.low(k - 2), s.low(k - 3)} & vocab.IN_SUCCESSION
    if tail == k and not marked and not (phrasal or perfect or lasted or after_its):
        return None
    return tail, n, direction


_EXTREME_WORDS = frozenset({"high", "highs", "low", "lows", "max", "min"})
#: After "a breakout of 20-day": a line of that length, not the length alone
_NOT_A_LENGTH_ALONE = _EXTREME_WORDS | vocab.CLOSE_NOUNS | vocab.BAR_WORDS


def _new_high(s: Stream, i: int, look_back: bool = True) -> Found:
    """ "a new 20-day high", "20-day high breakout", "breakout above the 20-day high"; a new
    high or low said without its length after one said with it ("55-day breakout: buy a new
    high, sell a new low") is of that length, else of 20 bars (stated)."""
    indefinite = s.low(i) == "a" or s.low(i - 1) in vocab.AT_ON or traded_at(s, i)
    j = s.skip(i, vocab.ARTICLES | {"each", "every"})  # "add on each further 20-day high"
    if (
        s.low(j) in ("close", "price", "stock", "it", "market")
        and s.low(j + 1) in vocab.HIGH_SUBJECT_VERBS
    ):
        j += 1  # "the close makes a new 20-day high"
    if s.low(j) in ("close", "price", "stock", "it") and s.low(j + 1) in vocab.COPULAS:
        k = s.skip(j + 2, frozenset({"at", "a", "an"}))
        if k > j + 2 and s.low(k) in vocab.NEW_WORDS:  # "close is a new 20-day high"
            j, indefinite = k, True
    end = s.first(j, vocab.NEW_HIGH_VERBS)
    if end is not None:
        made = s.low(end) in vocab.INDEFINITE_ARTICLES and s.low(end - 1) != "at"
        indefinite |= made  # "price makes a 20-day high" (a close "at" one is read below)
        j = s.skip(end, vocab.ARTICLES)
    breakout = False
    if s.low(j) in vocab.BREAKOUT_NOUNS and s.low(j + 1) in vocab.BREAKOUT_PREPS:
        breakout = True  # a break above a high: "of 30 days" alone is the 30-day high's
        j = s.skip(j + 2, vocab.ARTICLES | {"new"})
    is_new = s.low(j) in vocab.NEW_WORDS
    if is_new:
        j += 1
    record = ops.parse_record(s, j)
    if record is not None and (is_new or indefinite or breakout or end is not None):
        stop, ind = record  # "makes a new all-time high": above every earlier close
        rel = ">" if ind.family == "record_high" else "<"
        return stop, "cond", DCond("compare", Price("close"), rel, ind, start=i, end=stop)
    donchian_first = s.low(j) == "donchian" and s.number(j + 1) is not None
    if donchian_first:
        j += 1  # "donchian 20 breakout", "a donchian 55 high"
    elif s.low(j) == "donchian" and s.low(s.optional(j + 1, "channel")) in vocab.BREAKOUTS:
        j = s.optional(j + 1, "channel")  # "donchian channel breakout 20 days": its length after
    got = ops.parse_period(s, j)
    period, note = None, None
    if got is not None:
        j, period, note = got
    elif s.low(j) in vocab.PERIOD_ADJECTIVES:  # "a new yearly high": a year's bars
        unit = vocab.PERIOD_ADJECTIVES[s.low(j)]
        period, note = vocab.in_bars(1, unit), vocab.bars_note(1, unit)
        j += period is not None
    if s.low(j) in ("donchian", "channel") and period is not None:
        j += 1  # "the 20-day Donchian low"
    closing = s.low(j) in ("closing", "close")
    if closing:
        j += 1
    word = s.low(j)
    end = j + 1
    length = s.optional(end, "of")  # "a breakout of 20 days", "breakout 55 days"
    if word in vocab.BREAKOUTS and period is None and s.low(length + 1) in vocab.PERIOD_UNITS:
        got = ops.parse_period(s, length)
        if got is not None:
            end, period, note = got
    if word in vocab.BREAKOUTS and period is not None:
        breakout = True  # "a 20-day breakout", "a 10-day breakdown"
        word = "high" if word.startswith("breakout") else "low"
    elif (
        breakout
        and period is not None
        and word not in _EXTREME_WORDS
        and (word in vocab.OPENING_RANGE_WORDS or s.longest(j, vocab.KEYWORDS) is not None)
    ):
        return None  # "the break of the 15 min opening range", "of the 20 ema": its length
    elif breakout and period is not None and word not in _NOT_A_LENGTH_ALONE:
        word, end = "high", j  # "a breakout of 30 days": above the 30-day high
    elif word not in _EXTREME_WORDS:
        return None
    bare_count = s.kind(j - 1) == "num" and not (is_new or breakout)
    if word == "min" and (s.low(j + 1) in vocab.BAR_WORDS or bare_count):
        return None  # "on the 15 min chart", "on the 5 min": minutes, not a 15-bar minimum
    if (s.low(end) in vocab.BREAKOUT_NOUNS or s.low(end) in vocab.BREAKOUTS) and not breakout:
        breakout, end = True, end + 1  # "a 20 day low breakdown"
    if period is None:
        end2, nums, more = ops.parse_suffix_params(s, end)
        if nums:
            period, end = nums[0][0], end2
            note = more[0] if more else None
    said = s.longest(end, vocab.FOR_THE_PERIOD) if period is None else None
    if said is not None and vocab.in_bars(1, str(said[1])) is not None:
        period, note = vocab.in_bars(1, str(said[1])), vocab.bars_note(1, str(said[1]))
        end = said[0]  # "a new high for the year": of the last year's bars
    if not (is_new or breakout or (indefinite and period is not None)):
        return None
    high = word in ("high", "highs", "max")
    notes = [note] if note else []
    if period is None and breakout and not is_new and s.low(j - 1) == "the":
        return _break_of_the_bar(s, i, end, high)  # "a break above the high (of that day)"
    if period is None and not look_back:
        return None  # looking back for a length said: none here
    if period is None:
        said = (_new_high(s, k, look_back=False) for k in range(i))
        lengths = [d[2].b.params["period"] for d in said if d and d[0] <= i]  # type: ignore[union-attr]
        period = lengths[-1] if lengths else 20.0
        notes.append(f"'new {word}' read as a new {period:g}-bar {'high' if high else 'low'}")
    source = "close" if closing else ("high" if high else "low")
    ind = Ind("highest" if high else "lowest", params={"period": period}, source=source, pos=i)
    rel = ">" if high else "<"
    cond = DCond("compare", Price("close"), rel, ind, notes=notes, start=i, end=end)
    return end, "cond", cond


def _break_of_the_bar(s: Stream, i: int, end: int, high: bool) -> Found:
    """ "enter on a break above the high of that day", "buy a break of the high": the close beyond
    the high (low) of the bar before - the setup bar a pattern said before it is (see
    :func:`_setup_bar_broken`) - never a 20-bar high nobody said."""
    tail = s.longest(end, vocab.SETUP_BAR_TAILS)
    end = tail[0] if tail else end
    field = "high" if high else "low"
    note = f"{_SETUP_BAR_NOTE} '{s.span_text(i, end)}' read as a close beyond that bar's {field}"
    line = Price(field, lag=1)
    return end, "cond", DCond("compare", Price("close"), ">" if high else "<", line, notes=[note])


_SETUP_BAR_NOTE = "The bar before (the setup bar):"


def _setup_bar_broken(items: list[Item]) -> None:
    """ "NR4: narrowest range of 4 days, enter on a break above the high of that day": the
    patterns said before the break are the setup bar's, one bar before the break."""
    for k, item in enumerate(items):
        d = item.value if item.kind == "cond" else None
        if not (isinstance(d, DCond) and d.notes and d.notes[0].startswith(_SETUP_BAR_NOTE)):
            continue
        if _break_of_the_opening_range(items[:k], d):
            continue
        for earlier in items[:k]:
            e = earlier.value if earlier.kind == "cond" else None
            setup = isinstance(e, DCond) and isinstance(e.a, Ind) and e.a.lag == 0
            if setup and e.a.family in vocab.SETUP_BAR_FAMILIES:  # type: ignore[union-attr]
                e.a.lag, earlier.when = 1, True  # type: ignore[union-attr]


def _break_of_the_opening_range(earlier: list[Item], d: DCond) -> bool:
    """ "if the opening 30 min range closes red, short the break of the low": the high or low
    broken is that of the opening range said before it, not the bar before's."""
    ranges = [
        o
        for item in earlier
        if item.kind == "cond" and isinstance(item.value, DCond)
        for o in (item.value.a, item.value.b)
        if isinstance(o, Ind) and o.family == "opening_range" and o.timeframe
    ]
    if not ranges or not isinstance(d.b, Price):
        return False
    field = d.b.field
    d.b = Ind("opening_range", field, pos=ranges[-1].pos, timeframe=ranges[-1].timeframe)
    d.notes = [f"the break of the {field} read as the {field} of the opening range said before"]
    return True


def _vague_volatility(s: Stream, i: int) -> Found:
    """ "the ATR is low", "volatility is high": the ATR against its own 50-bar average, a stated
    default (the words name no level)."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) not in vocab.VOLATILITY_NAMES or s.low(j + 1) not in ("is", "gets", "stays"):
        return None
    k = s.skip(j + 2, frozenset({"very", "really", "quite", "pretty", "super"}))
    if s.low(k) not in ("low", "high") or s.low(k + 1) in vocab.PERIOD_UNITS:
        return None
    if defined_after_colon(s, k + 1):
        return None  # "only buy when volatility is low: when ATR(14) < 2% of price, ...": named
    atr = Ind("atr", pos=j)
    average = Ind("ma", params={"period": 50.0}, source="indicator", pos=j, of=atr)
    low = s.low(k) == "low"
    note = (
        f"'{s.span_text(i, k + 1)}' read as ATR(14) {'below' if low else 'above'} its 50-bar "
        "average (a common definition; name a level to change it, for example 'ATR(14) below "
        "2% of the close')"
    )
    cond = DCond("compare", atr, "<" if low else ">", average, notes=[note], start=i, end=k + 1)
    return k + 1, "cond", cond


def _volume_phrase(s: Stream, i: int) -> Found:
    j = s.skip(i, vocab.ARTICLES | {"on", "with"})
    said_alone = s.low(j + 1) in vocab.CLAUSE_STOPS or s.kind(j + 1) in ("punct", "nl", "")
    if j > i and s.low(j) == "volume" and said_alone:  # "a breakout with volume": confirmed
        avg = Ind("ma", source="volume", pos=i)
        note = f"'{s.span_text(i, j + 1)}' read as volume above its average"
        cond = DCond("compare", Price("volume"), ">", avg, notes=[note], start=i, end=j + 1)
        return j + 1, "cond", cond
    hit = s.longest(j, vocab.VOLUME_AVERAGE_PHRASES)
    if hit is None:
        return None
    end, times = hit
    if s.low(end - 1) in vocab.VOLUME_MOVE_VERBS:  # "volume spikes above twice its 50-day
        said = ops.parse_relation_tail(s, end, Price("volume"), i)  # average": that line
        if said is not None:
            return said[0], "cond", said[1]
    phrase = s.span_text(j, end).lower()
    avg = Ind("ma", source="volume", pos=i, times=times)
    note = f"'{phrase}' read as volume above " + (
        "twice its average" if times == 2.0 else "its average"
    )
    cond = DCond("compare", Price("volume"), ">", avg, notes=[note], start=i, end=end)
    return end, "cond", cond


def _versus_ago(s: Stream, i: int) -> Found:
    """ "the price is higher than it was a year ago", "it's lower than 20 days ago", "the close
    is above the close 50 days ago": the move over those bars above (below) zero, ROC(N)."""
    j = s.skip(i, vocab.ARTICLES)
    line = None if s.low(j) in vocab.PRICE_SUBJECTS else ops.parse_operand(s, i)
    if line is not None and isinstance(line[1], Ind) and not line[1].lag:
        j = line[0]  # "the 200-day SMA is higher than it was a month ago": the line's own past
    elif s.low(j) in vocab.PRICE_SUBJECTS:
        named = any(
            (hit := s.longest(k, vocab.KEYWORDS)) and hit[1][0] not in vocab.BAR_FAMILIES  # type: ignore[index]
            for k in range(j)
        )
        if s.low(j) in vocab.PRONOUNS | {"its"} and named:
            return None  # "the 50 SMA is higher ..., sell when it is lower ...": "it" is a line
        j, line = j + 1, None
    else:
        return None
    side = s.longest(s.skip(j, vocab.PRICE_VERB_FILLERS), vocab.AGO_COMPARATIVES)
    if side is None:
        return None
    k = s.skip(side[0], vocab.AGO_FILLERS)
    got = ops.parse_bars(s, k)
    if got is None and s.low(k) in vocab.INDEFINITE_ARTICLES:
        got = ops.parse_bars(s, k + 1)
    if got is None or s.low(got[0]) not in vocab.AGO_WORDS:
        return None
    end, n = got[0] + 1, got[1]
    op = ">" if side[1] else "<"
    if line is not None:
        ind = line[1]
        past = copy.deepcopy(ind)
        past.lag = n
        said = f"'{s.span_text(i, end)}' read as its value against its value {n} bars earlier"
        notes = [said, *([got[2]] if got[2] else [])]
        return end, "cond", DCond("compare", ind, op, past, notes=notes, start=i, end=end)
    note = (
        f"'{s.span_text(i, end)}' read as the close {'above' if side[1] else 'below'} the close "
        f"{n} bars earlier, a move over {n} bars: ROC({n}) {op} 0"
    )
    ind = Ind("roc", params={"period": float(n)}, pos=i, notes=[got[2]] if got[2] else [])
    return end, "cond", DCond("compare", ind, op, Num(0.0), notes=[note], start=i, end=end)


def _day_after_a_move(s: Stream, i: int) -> Found:
    """ "buy the day after it drops more than 4%": that day's move (ROC(1)), the order filling
    at the next bar's open, the day after."""
    lead = s.longest(i, vocab.DAY_AFTER_LEADS)
    if lead is None:
        return None
    got = _price_change(s, lead[0], one_bar=True)
    if got is None or not isinstance(got[2], DCond):
        return None
    cond = got[2]
    cond.start = i
    said = s.span_text(i, lead[0])
    cond.notes.append(
        f"'{said}': the move is the signal bar's, and the order fills at the next bar's open, "
        "the day after"
    )
    return got


def _price_change(s: Stream, i: int, one_bar: bool = False) -> Found:
    """ "the stock falls 5% in one day", "price is up more than 10% over 20 days": the
    rate of change over that many bars (over one bar when ``one_bar`` and none is said)."""
    j = i if s.low(i) == "its" else s.skip(i, vocab.ARTICLES)  # "its down 6%": it's
    if s.low(j) in vocab.PRICE_SUBJECTS and s.longest(j, vocab.CHANGE_TABLE) is None:
        j += 1
        j = s.optional(j, "price")
    hit = s.longest(j, vocab.CHANGE_TABLE)
    closing = s.longest(j, vocab.CLOSING_CHANGE) if hit is None else None
    if closing is not None:  # "closes up more than 4% (on the day)": over one bar
        k, op = closing
        k = s.skip(k, vocab.MARGIN_LEADS | {"by"})
        pct = s.percent(k)
        if pct is None:
            return None
        k = pct[0] + 2 * bool(s.phrase(pct[0], "or more") or s.phrase(pct[0], "or greater"))
        strict = bool(s.phrase(closing[0], "more than") or s.low(closing[0]) == "over")
        strict = strict or bool(s.phrase(s.skip(closing[0], {"by"}), "more than"))
        return _one_bar_move(s, i, k, op[0] if strict else op, pct[1])
    if hit is None:
        return None
    k, op = hit
    k += s.low(k) == ("up" if op == ">=" else "down")  # "jumps up 3%", "shot up 5%"
    bound = s.skip(k, vocab.MOVE_HEDGES | {"by"})
    strict = bool(s.phrase(bound, "more than") or s.low(bound) == "over")  # "by more than 5%"
    k = s.skip(k, vocab.MARGIN_LEADS | vocab.MOVE_HEDGES)
    pct = s.percent(k)
    if pct is None:
        return None
    k = pct[0]
    k = s.first(k, vocab.AT_LEAST_TAILS) or k  # "drops 3% or more": at least 3%
    one_day = (s.longest(k, vocab.ONE_DAY) or (None,))[0]
    versus = s.longest(k, vocab.VERSUS_WORDS)
    if one_day is None and versus is not None:  # "drops 2% from yesterday's close"
        one_day = (s.longest(versus[0], vocab.YESTERDAY_WORDS) or (None,))[0]
        if one_day is not None and _change_vs_yesterday(s, i) is not None:
            return None  # "the stock is down 3% from yesterday's close": read there
    if one_day is None and s.low(k) not in vocab.MOVE_WINDOW_PREPS:
        if not one_bar:
            return None
        one_day = k  # "the day after it drops 4%": that day's move
    k = s.skip(k + 1, frozenset({"the", "a", "last", "past", "previous", "one", "single"}))
    got = ops.parse_bars(s, k) if one_day is None else None
    n, end = (got[1], got[0]) if got else (1, one_day or k + 1)
    if got is None and one_day is None and s.low(k) not in ("day", "bar", "session", "week"):
        if s.low(k) not in vocab.BARE_SPANS:
            return None
        bars = vocab.in_bars(1, s.low(k))  # "last month": 21 daily bars, 4 weekly ones
        if bars is None:
            return None
        got = (k + 1, int(bars), vocab.bars_note(1, s.low(k)))
        n, end = got[1], got[0]
    if got is None and s.low(k) == "week":
        n = int(vocab.in_bars(1, "week") or 5)
    level = -pct[1] if op == "<=" else pct[1]
    op = op[0] if strict else op
    note = (
        f"a move of {pct[1]:g}% over {n} bar{'s' if n > 1 else ''} read as ROC({n}) {op} {level:g}"
    )
    return _rate_of_change(i, end, n, op, level, note, got[2] if got else None)


def _change_noun(s: Stream, i: int) -> Found:
    """ "buy on a 2% drop", "after a drop of -5% in one day", "a two percent pop": a one-bar
    move said as a noun, the rate of change over one bar (or the bars said). Only on an entry:
    "sell on a 5% drop" is a stop, which the stop phrases read."""
    if _clause_side(s, i) not in vocab.SCALE_IN_ACTIONS:
        return None
    j = s.skip(i, vocab.MOVE_NOUN_LEADS)
    pct = _signed_percent(s, j)
    if pct is not None:
        span = s.longest(pct[0], vocab.ONE_DAY_ADJECTIVES)  # "a 10% single-day gain"
        hit = s.longest(span[0] if span else pct[0], vocab.CHANGE_NOUNS)
        if hit is None:
            return None
        k, op = hit
    else:
        hit = s.longest(j, vocab.CHANGE_NOUNS)
        if hit is None or s.low(hit[0]) != "of":
            return None
        pct = _signed_percent(s, s.skip(hit[0] + 1, frozenset({"more", "than", "at", "least"})))
        if pct is None:
            return None
        k, op = pct[0], hit[1]
        k = s.first(k, vocab.AT_LEAST_TAILS) or k  # "dips of 3% or more": at least 3%
    if s.low(k) in vocab.DISTANCE_PREPS:
        return None  # "a 10% drop from the high": from a peak, not over one bar
    return _one_bar_move(s, i, k, op, abs(pct[1]))


def _change_vs_yesterday(s: Stream, i: int) -> Found:
    """ "close is -3% vs yesterday", "the stock is down 2% from the previous close", "price
    +2% versus yesterday": the one-bar rate of change."""
    j = i if s.low(i) in vocab.PRICE_SUBJECTS else s.skip(i, vocab.ARTICLES)  # "its down 2%"
    after_ticker = j == i and j > 0 and s.tokens[j - 1].text.isupper()
    ticker = after_ticker and s.low(j) in ("is", "was")
    moved = after_ticker and s.low(j) in vocab.MOVE_WORDS  # "SPY down more than 2% from ..."
    if s.low(j) not in vocab.PRICE_SUBJECTS and not (ticker or moved):  # "QQQ is -2% vs ..."
        return None
    if not moved:
        j = s.skip(j + (not ticker), vocab.MOVE_SUBJECT_VERBS)
    op = None
    if s.low(j) in vocab.MOVE_WORDS:
        op, j = ("<=" if s.low(j) in vocab.LOWER_WORDS else ">="), j + 1
        if (more := s.longest(j, vocab.MORE_THAN)) is not None:  # "down more than 2%"
            op, j = op[0], more[0]
    pct = _signed_percent(s, j)
    if pct is None or (op is None and not _signed(s, j)):
        return None
    versus = s.longest(pct[0], vocab.VERSUS_WORDS)
    day = None if versus is None else s.longest(versus[0], vocab.YESTERDAY_WORDS)
    if day is None:
        return None
    op = op or ("<=" if pct[1] < 0 else ">=")
    return _one_bar_move(s, i, day[0], op, abs(pct[1]))


def _one_bar_move(s: Stream, i: int, k: int, op: str, size: float) -> Found:
    """The rate of change condition of a move ending at token ``k``, over the bars said after
    it ("in 3 days") or one bar."""
    n, end, got = 1.0, k, None
    one_day = s.longest(k, vocab.ONE_DAY)
    if one_day is not None:
        end = one_day[0]
    elif s.low(k) in ("in", "over", "within") and (
        got := ops.parse_bars(s, s.skip(k + 1, frozenset({"a", "the", "one", "single"})))
    ):
        n, end = got[1], got[0]
    elif (
        s.low(k) in ("in", "over", "within")
        and s.low(k + 1) in ("a", "one")
        and s.low(k + 2) in ("day", "bar", "session")
    ):
        end = k + 3
    level = -size if op[0] == "<" else size
    note = (
        f"'{s.span_text(i, end)}' read as a move of {size:g}% over {n:g} "
        f"bar{'s' if n > 1 else ''}: ROC({n:g}) {op} {level:g}"
    )
    return _rate_of_change(i, end, n, op, level, note, got[2] if got else None)


def _rate_of_change(
    i: int, end: int, n: float, op: str, level: float, note: str, length: str | None
) -> Found:
    """A move said at ``i:end``: the ``n``-bar rate of change ``op`` ``level``, with the note of
    its ``length`` in bars, if one was said ("a week read as 5 daily bars")."""
    ind = Ind("roc", params={"period": float(n)}, pos=i, notes=[length] if length else [])
    return end, "cond", DCond("compare", ind, op, Num(level), notes=[note], start=i, end=end)


def _signed_percent(s: Stream, k: int) -> tuple[int, float] | None:
    """A percent with its sign: "-5%" is (end, -5.0), "+3%" (end, 3.0), "2%" (end, 2.0)."""
    sign = {"minus": -1.0, "plus": 1.0}.get(s.low(k))
    pct = s.percent(k + 1 if sign else k)
    return None if pct is None else (pct[0], pct[1] * (sign or 1.0))


def _signed(s: Stream, k: int) -> bool:
    """The number at ``k`` is written with its sign ("-3%", "+2%", "minus 3%")."""
    return s.low(k) in ("minus", "plus") or s.kind(k) == "num" and s.low(k)[:1] in "+-"


def _clause_side(s: Stream, i: int) -> str | None:
    """The action said last before token ``i`` in its sentence ("buy on a 2% drop": "buy")."""
    for k in range(i - 1, -1, -1):
        if s.kind(k) == "nl" or s.low(k) in (".", ";", "!", "?"):
            return None
        hit = s.longest(k, vocab.ACTIONS)
        if hit is not None and hit[0] <= i and s.low(k - 1) not in vocab.NOT_AN_ACTION_AFTER:
            return hit[1]
    return None


def _period_change(s: Stream, i: int) -> Found:
    """ "the week was down 2%", "last month closed up more than 5%", "the stock was down 2% for
    the week": the change of the last completed calendar week (month), its ROC(1) on weekly
    (monthly) bars built from the daily ones, known from that period's last close. With no
    amount ("last week was red", "the previous month was positive", "a down week") the change
    is below (above) 0; a colour is read as that change, stated."""
    j = s.skip(i, vocab.PERIOD_LEADS)
    frame = vocab.PERIOD_BARS.get(s.low(j))
    if frame is None and s.low(j) not in vocab.PRICE_SUBJECTS:
        return None  # "the week was down 2%", "the stock was down 2% for the week"
    k = s.first(j + 1, vocab.PERIOD_VERBS)
    if k is None and frame is None and s.low(j + 1) not in vocab.PERIOD_MOVES:
        return None  # "it fell that week": the move as the verb
    move = s.skip(k or j + 1, vocab.MOVE_ARTICLES) if k is not None else j + 1
    op = vocab.PERIOD_MOVES.get(s.low(move))
    if op is None:
        return None
    colour = s.low(move) in vocab.PERIOD_COLOURS
    k = move + 1
    if frame is not None and vocab.PERIOD_BARS.get(s.low(k)) == frame:
        k += 1  # "was a down week"
    strict = bool(s.phrase(k, "more than") or s.low(k) == "over")
    k = s.skip(k, vocab.MARGIN_LEADS)
    pct = s.percent(k)
    said_after = vocab.PERIOD_BARS.get(s.low(s.skip(move + 1, vocab.PERIOD_TAILS)))
    if pct is None and frame is None and (said_after is None or s.low(move + 1) == "%"):
        return None  # "if it fell that week": the period said after the move
    end = pct[0] if pct is not None else move + 1 + (k > move + 1)
    if frame is None:
        tail = s.skip(end, vocab.PERIOD_TAILS)
        frame = vocab.PERIOD_BARS.get(s.low(tail))
        if frame is None or tail == end:
            return None
        if any(s.low(x) in vocab.LOOKBACK_WORDS for x in range(end, tail)):
            return None  # "up 10% over the last month": a window of bars up to now, not a month
        end = tail + 1
    amount = pct[1] if pct is not None else 0.0
    level = -amount if op == "<=" and amount else amount
    op = op[0] if strict or pct is None else op
    unit = "week" if frame == "W" else "month"
    said = s.span_text(i, end)
    note = (
        f"'{said}' read as the last completed {unit}'s change: ROC(1) on {unit}ly bars {op} "
        f"{level:g}% (known from that {unit}'s last close, held until the next one)"
    )
    notes = [note]
    if colour:
        notes.append(
            f"'{s.low(move)}' of a {unit} read as its close {'above' if op[0] == '>' else 'below'}"
            f" the {unit} before's close"
        )
    ind = Ind("roc", params={"period": 1.0}, pos=i, timeframe=frame)
    cond = DCond("compare", ind, op, Num(level), notes=notes, start=i, end=end)
    cond.prior_day = s.low(s.skip(i, vocab.ARTICLES)) in vocab.LOOKBACK_WORDS
    return end, "cond", cond


def _day_change(s: Stream, i: int) -> Found:
    """ "the day was down more than 1%", "today closed up 2%": the signal bar's own change from
    the close before, its ROC(1) (a day is a bar on daily bars; "the previous day" is not this)."""
    j = s.skip(i, frozenset({"the", "this"}))
    if s.low(j) not in vocab.THIS_DAY_WORDS:
        return None
    k = s.first(j + 1, vocab.PERIOD_VERBS)
    move = s.skip(k, vocab.MOVE_ARTICLES) if k is not None else None
    op = vocab.PERIOD_MOVES.get(s.low(move)) if move is not None else None
    if op is None or s.low(move) in vocab.PERIOD_COLOURS:
        return None
    strict = bool(s.phrase(move + 1, "more than") or s.low(move + 1) == "over")
    pct = s.percent(s.skip(move + 1, vocab.MARGIN_LEADS))
    if pct is None:
        return None
    end = pct[0] + 2 * bool(s.phrase(pct[0], "or more") or s.phrase(pct[0], "or greater"))
    return _one_bar_move(s, i, end, op[0] if strict else op, pct[1])


def _profit_by_a_time(s: Stream, i: int) -> Found:
    """ "if it's up 2% by close of Wednesday", "if the trade is up 5% by day 3": the open trade's
    profit checked at one given close, which no rule builds: its words are reported back with
    why (never read as that day alone, dropping the profit, nor as a target on every bar)."""
    subject = s.longest(i + (s.low(i) in vocab.WHEN_WORDS), vocab.PROFIT_SUBJECTS)
    if subject is None or s.low(subject[0]) not in ("up", "down"):
        return None
    pct = s.percent(s.skip(subject[0] + 1, vocab.PRIOR_DAY_BOUNDS))
    if pct is None or s.first(pct[0], tuple(vocab.PROFIT_DEADLINES)) is None:
        return None
    if s.first(pct[0], vocab.ON_THE_DAY) is not None:
        return None  # "down more than 1% on the day": the day's own move
    end = ops.clause_end(s, pct[0] + 1)
    end -= s.low(end - 1) in _SUBJECTS  # "... by Wednesday's close I sell"
    return end, "unparsed", vocab.PROFIT_BY_A_TIME_PROBLEM


def _unknown_day(s: Stream, i: int) -> Found:
    """ "the day before Thanksgiving", "the week before options expiration": days Botlab's
    calendar rules do not know, reported back with why and what it reads instead."""
    if s.longest(i, vocab.HOLIDAYS) is not None:
        return ops.clause_end(s, i + 1), "unparsed", vocab.HOLIDAY_PROBLEM
    hit = s.longest(i, vocab.OPTION_EXPIRIES)
    if hit is not None:
        return hit[0], "unparsed", vocab.OPTION_EXPIRY_PROBLEM
    return None


def _breakeven(s: Stream, i: int) -> Found:
    """ "move the stop to breakeven after a 2% gain", "... once it's up 1 ATR", "... at +1R":
    the stop moved to the entry price once a close is that far beyond it (a distance in R is
    converted once the stop is known). Said without a distance, it is reported (``_unbuilt``)."""
    hit = s.longest(i, vocab.UNBUILT)
    if hit is None or hit[1] != vocab.BREAKEVEN_PROBLEM:
        return None
    got = s.number(s.skip(hit[0], vocab.BREAKEVEN_TRIGGER_LEADS))
    if got is None or got[1] <= 0:
        return None
    k, amount = got
    r = s.longest(k, vocab.R_UNITS)
    if s.low(k) == "%":
        unit, k = "pct", k + 1
    elif s.low(k) in vocab.ATR_WORDS:
        unit, k = "atr", k + 1
    elif r is not None:
        unit, k = "r", r[0]
    else:
        return None
    end = s.skip(k, vocab.BREAKEVEN_TRIGGER_TAILS)
    return end, "risk", ("breakeven", (abs(amount), unit))


def _unbuilt(s: Stream, i: int) -> Found:
    """ "move the stop to break-even once up 2%", "a chandelier stop", "sell when the gap
    fills", "sell the next morning's open": position management Botlab does not build; "a head
    and shoulders", "Elliott wave 3", "at support": concepts read off a chart. Reported back to
    the clause's end with why (its numbers are never read as another stop or target)."""
    hit = s.longest(i, vocab.UNBUILT)
    if hit is None:
        return None
    problem = hit[1]
    if problem == vocab.OVERNIGHT_PROBLEM and _clause_side(s, i) not in vocab.CLOSING_SIDES:
        return None  # "buy the next morning": an entry's time, read elsewhere
    if problem == vocab.SUPPORT_RESISTANCE_PROBLEM and s.low(hit[0]) in vocab.LEVEL_NAMED_AFTER:
        return None  # "resistance at the 20-day high": a line the writer names
    if problem == vocab.CHART_PATTERN_PROBLEM and s.longest(hit[0], vocab.KEYWORDS) is not None:
        return None  # "Double bottom RSI: RSI dips under 30 twice ...": a name for its rule
    end = ops.clause_end(s, hit[0])
    if s.low(end) in vocab.ENTRY_PRICE_WORDS | {"entry"}:  # "... since entry": still the clause
        end = ops.clause_end(s, end + 1)
    if problem == vocab.ACCOUNT_LOSS_LIMIT_PROBLEM and (cash := price_units.price_distance(s, end)):
        end = cash[0]  # "daily loss limit of $500": the limit's amount, never the starting cash
    since = any(s.longest(k, vocab.SINCE_THE_ENTRY) for k in range(i, end))
    if problem == vocab.CHANDELIER_PROBLEM and not since:
        return None  # "sell below the chandelier exit": its line over the last 22 bars, built
    return end, "unparsed", problem


def _exit_on_a_line(s: Stream, i: int) -> Found:
    """ "exit with a chandelier stop", "sell on the chandelier exit", "use a chandelier stop of
    3 ATR from the 22-day high" (a sentence of its own: the line is an exit): a close through
    that trailing line (below it for a long, above it when covering a short)."""
    side = _clause_side(s, i)
    if s.low(i) not in vocab.EXIT_LINE_LEADS or side not in vocab.CLOSING_SIDES | {None}:
        return None
    j = s.skip(i + 1, vocab.ARTICLES)
    named = s.longest(j, vocab.KEYWORDS)
    if named is None or named[1][0] not in vocab.EXIT_LINES:  # type: ignore[index]
        return None
    clause = ops.clause_end(s, named[0])
    if any(s.longest(k, vocab.SINCE_THE_ENTRY) for k in range(named[0], clause + 2)):
        return None  # "... below the highest high since entry": that line is not built
    distance = _atr_multiple(s, s.optional(named[0], "of"))
    if distance is not None:  # "a chandelier stop (of) 3 ATR below the 22-day high"
        params = {"multiplier": distance[1]}
        span = next((g for k in range(distance[0], clause) if (g := ops.parse_bars(s, k))), None)
        if span is not None:
            params["period"] = float(span[1])
        line: Ind = Ind("chandelier", params=params, pos=j)
        end = clause
    else:
        got = ops.parse_operand(s, j)
        if got is None or not isinstance(got[1], Ind):
            return None
        end, line = got
    covers = side == "cover" or (side is None and _opened_before(s, i) == "short")
    rel = "above" if covers else "below"
    note = f"'{s.span_text(i, end)}' read as the close crossing {rel} that line"
    cond = DCond("cross", Price("close"), rel, line, notes=[note], start=i, end=end)
    if side is not None:
        return end, "cond", cond
    action = "cover" if covers else "sell"  # "use a chandelier stop ...": the exit it says
    return end, "rules", [Item("action", action, i, i + 1), Item("cond", cond, i, end)]


def _opened_before(s: Stream, i: int) -> str | None:
    """The opening action ("buy", "short") said last before token ``i``, in any sentence."""
    for k in range(i - 1, -1, -1):
        hit = s.longest(k, vocab.ACTIONS)
        if hit is not None and hit[1] in vocab.OPENING_SIDES:
            return hit[1]
    return None


def _stop_at_line(s: Stream, i: int) -> Found:
    """ "stop at the Supertrend line", "stop loss at the 20 EMA", "my stop is at the Kijun",
    "trail with the 10 EMA", "trailing the 21 EMA": an exit when the close goes through that
    line against the trade (below it for a long, above it for a short: see ``_resolve``), never
    "at or beyond" it on the trade's side. A level, an ATR
    multiple or a bar's low after "stop at" is a stop of its own, read elsewhere; a swing low or
    an N-day low or a band's edge is reached from the side it lies on (see ``_resolve._touch``)."""
    if s.low(i - 1) in vocab.NEGATIONS:
        return None
    lead = link = s.longest(i, vocab.TRAIL_LINE_LEADS)  # "trail with the 10 EMA"
    trailed = s.low(i) in vocab.TRAIL_STOP_VERBS  # "trail the stop at the 10-day low"
    if lead is None and trailed:
        stop = s.longest(s.skip(i + 1), vocab.STOP_WORDS)
        return None if stop is None else _stop_at_a_recent_extreme(s, i, stop[0])
    if lead is None:
        lead = s.longest(s.skip(i), vocab.STOP_WORDS)  # "the stop", "my stop loss"
        if lead is None or lead[1] != "sl":
            return None
        off = _stop_off_a_line(s, i, s.skip(lead[0], vocab.STOP_LINE_LINKS | {"placed", "set"}))
        if off is not None:
            return off
        recent = _stop_at_a_recent_extreme(s, i, lead[0])
        if recent is not None and s.longest(s.skip(i), vocab.STOP_OUT_VERBS) is None:
            return recent
        link = s.longest(lead[0], vocab.STOP_LINE_LINKS)
    if link is None:
        return None
    got = ops.parse_operand(s, link[0])
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.PRICE_FAMILIES:
        return None
    end, line = got
    end = s.optional(end, vocab.LINE_NOUNS)  # "the Supertrend (7, 2) line"
    if line.family in vocab.UPPER_LINES | vocab.LOWER_LINES or line.output in ("upper", "lower"):
        return None  # "stop at the swing low", "... at the lower band": reached from its side
    if s.kind(end) not in ("", "punct", "nl") and s.low(end) not in vocab.LIST_JOINERS:
        return None  # "stop at the 20 EMA minus 1 ATR": a distance from the line, read elsewhere
    if line.family in vocab.TRAILING_STOP_LINES:  # "stop at the SAR": the stop it is drawn as
        level = DCond("compare", Price("close"), ">", line, start=link[0], end=end)
        trailed = Item("meta", ("stop_level_trails", True), i, link[0])
        return (
            end,
            "rules",
            [Item("action", "stop_level", i, link[0]), trailed, Item("cond", level, link[0], end)],
        )
    crossed = DCond("touch", Price("close"), None, line, stop=True, start=link[0], end=end)
    return end, "rules", [Item("action", "exit", i, lead[0]), Item("cond", crossed, link[0], end)]


def _setup_extreme(s: Stream, k: int) -> tuple[int, Ind] | None:
    """ "the pullback low", "the low of the setup": the lowest low (highest high) of the bars
    a setup is seen on before the signal bar, its length set when the setup is read (see
    ``_setups``); with no setup read, it is reported."""
    hit = s.longest(k, vocab.SETUP_EXTREMES)
    if hit is None:
        return None
    family = "lowest" if hit[1] == "low" else "highest"
    period = float(vocab.SETUP_BARS)
    return hit[0], Ind(family, params={"period": period}, source=hit[1], pos=k, setup_window=True)


def _stop_at_a_recent_extreme(s: Stream, i: int, k: int) -> Found:
    """ "stop at the 10-day high" (a short), "stop under the lowest low of the last 5 days",
    "stop below the swing low": a stop order at the level that high or low had on the signal
    bar, fixed for the trade (``stop_level``, a rule of its own whose condition names the line:
    see ``_assemble``). "trail the stop at the 10-day low" moves it to the line each bar, only
    ever tightening (``stop_level_trails``). Never a close through the moving line: an exit rule
    through the line, "sell when the close drops below the 20-day low", is read elsewhere."""
    trails = s.low(i) in vocab.TRAIL_STOP_VERBS
    link = s.longest(k, vocab.STOP_LINE_LINKS) or s.longest(k, vocab.STOP_BEYOND_LINKS)
    if link is None and trails:  # "move the stop (up) to the 5-day low"
        link = s.longest(k, vocab.TRAIL_STOP_LINKS)
    if link is None:
        return None
    got = ops.parse_operand(s, link[0]) or _setup_extreme(s, link[0])
    if got is None or not isinstance(got[1], Ind):
        return None
    if got[1].family not in vocab.UPPER_LINES | vocab.LOWER_LINES:
        return None
    end, line = got
    level = DCond("compare", Price("close"), ">", line, start=link[0], end=end)
    items = [Item("action", "stop_level", i, link[0]), Item("cond", level, link[0], end)]
    if trails:
        items.append(Item("meta", ("stop_level_trails", True), i, i + 1))
    return end, "rules", items


def _stop_off_a_line(s: Stream, i: int, k: int) -> Found:
    """ "stop 2% under the 10-day low", "stop $3 below the 20-day SMA", "stop 1 ATR below the
    20 EMA" (the lower Keltner line): an exit when the close goes through that line moved by
    the distance, as a stop at the line itself (see :func:`_stop_at_line`); never a stop that
    distance from the entry. ATRs from any line but an EMA (the Keltner line) or an SMA (the
    ATR bands) of the bars tested are reported: no such line is computed. The side said must be
    the trade's (checked in ``_resolve``)."""
    got = ops.parse_relation(s, k)
    if got is None:
        return None
    after, rel = got
    if rel.kind != "compare" or (rel.times == 1.0 and not rel.plus and not rel.atr_offset):
        return None  # "stop below the 10-day low": the line itself
    line = ops.parse_operand(s, after, subject=Price("close"))
    if line is not None and isinstance(line[1], Price) and line[1].field != "volume":
        return line[0], "unparsed", vocab.STOP_OFF_A_BAR_UNREAD  # "2% below yesterday's low"
    if line is None or not isinstance(line[1], Ind) or line[1].family not in vocab.PRICE_FAMILIES:
        return None  # "stop 2% below my entry": a stop from the entry, read elsewhere
    moved = ops.parse_relation_tail(s, k, Price("close"), k)
    if moved is None or not isinstance(moved[1].b, Ind):  # ATRs from no line that is built
        return (line[0], "unparsed", vocab.ATR_DISTANCE_UNREAD) if rel.atr_offset else None
    end, said = moved
    crossed = DCond(
        "touch", Price("close"), said.rel, said.b, stop=True, notes=said.notes, start=k, end=end
    )
    return end, "rules", [Item("action", "exit", i, k), Item("cond", crossed, k, end)]


def _target_line(s: Stream, i: int) -> Found:
    """ "target the 20-day average", "profit target is the middle band", "price target: the
    VWAP": an exit when the close reaches that line, on the side the move comes from (as "take
    profit at the middle band"). Only a line on the price's scale is a target. An exit's label
    with only such a line after it ("Exit: middle band", "Cover: VWAP") is the same exit."""
    lead, action = s.longest(i, vocab.TARGET_LEADS), "exit"
    labelled = s.longest(i, vocab.ACTIONS)
    if lead is None and labelled is not None and s.low(labelled[0]) == ":":
        lead, action = labelled, str(labelled[1])
        lead = lead if action in vocab.CLOSING_SIDES else None
    else:
        labelled = None
    if lead is None or s.low(i - 1) in vocab.NEGATIONS:
        return None
    k = s.skip(lead[0], vocab.TARGET_LINKS)
    got = ops.parse_operand(s, k)
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.PRICE_FAMILIES:
        return None
    end, line = got
    if labelled is not None and (s.kind(end) not in ("", "punct", "nl") or line.family == "bare"):
        return None  # "Exit: middle band cross": a rule of its own; "Exit: 3 days": a time
    reached = DCond("touch", Price("close"), None, line, start=k, end=end)
    return end, "rules", [Item("action", action, i, lead[0]), Item("cond", reached, k, end)]


def _prior_day(s: Stream, i: int) -> Found:
    """ "yesterday closed down 2%", "the prior day was red", "if the previous session was an up
    day", "if Friday was a down day": the last completed day before the one the order fills on
    (with fills at the next bar's open, the signal bar; with fills at the close, the bar before
    it: see ``_rules``). "down"/"up" is its close against the close before it, "red"/"green"
    its close against its own open; a named weekday is also that day's weekday, said first or
    after the move ("if it fell on Friday", "if it was down 1% on Friday")."""
    j = s.skip(i, vocab.ARTICLES)
    weekday = None
    subject = s.longest(j, vocab.PRIOR_DAY_SUBJECTS)
    pronoun = s.low(j) in vocab.PRICE_SUBJECTS  # "if it fell on Friday": the day said after
    # "if QQQ fell on Friday": the symbol, read before as the one traded, is the subject
    named = s.low(j) in vocab.PRIOR_DAY_MOVE_VERBS and _parse_rules.ticker(s, i - 1) is not None
    if subject is not None or pronoun or named:
        k = subject[0] if subject is not None else j + (0 if named else 1)
        pronoun = pronoun or named
    elif s.low(j) in vocab.WEEKDAYS and not s.low(j).endswith("'s"):
        weekday, k = vocab.WEEKDAYS[s.low(j)], j + 1
    else:
        lead = s.low(j) in vocab.PRIOR_DAY_LEADS
        noun = s.longest(j + 1, vocab.PRIOR_DAY_NOUNS) if lead else None
        if noun is None:
            return None
        k = noun[0]
    if s.low(k) not in vocab.DATE_SUBJECT_VERBS:
        return None
    hit = s.longest(s.skip(k + 1, vocab.MOVE_ARTICLES), vocab.PRIOR_DAY_MOVES)
    if hit is None and pronoun and s.low(k) in vocab.PRIOR_DAY_MOVE_VERBS:
        hit = k + 1, vocab.PRIOR_DAY_MOVE_VERBS[s.low(k)]  # "it fell (2%) on Friday"
    if hit is None:
        return None
    end, move = hit
    noun = s.longest(end, vocab.PRIOR_DAY_NOUNS)
    end = noun[0] if noun is not None else end  # "was a down day"
    if weekday is not None and s.low(end) == "than" and s.low(end + 1) in vocab.WEEKDAYS:
        if vocab.WEEKDAYS[s.low(end + 1)] != (weekday - 1) % 5:  # Monday's is Friday
            return None  # "Friday closed lower than Wednesday": not the close just before it
        end += 2  # "if Friday closed lower than Thursday": its close against the one before
    if s.longest(end, vocab.KEYWORDS) is not None:
        return None  # "yesterday was a bullish engulfing bar": a pattern, read elsewhere
    strict = bool(s.phrase(end, "more than") or s.low(end) == "over")
    pct = s.percent(s.skip(end, vocab.PRIOR_DAY_BOUNDS))
    if pct is not None:
        end = pct[0]
    if pronoun:  # "it was down on Friday": only with the day named is it the day before's move
        day = s.optional(end + 1, "both") if s.low(end) == "on" else end  # "on both Friday and"
        if day == end or s.low(day) not in vocab.WEEKDAYS:
            return None
        weekday, end = vocab.WEEKDAYS[s.low(day)], day + 1
    said = s.span_text(i, end)
    first_end = end
    also = _and_the_next_weekday(s, end, weekday)  # "if it fell on Friday and on Monday"
    if also is not None:
        end = also[0]
    falls = move in ("down", "red")
    if pct is not None:  # "closed down more than 2%": its 1-bar rate of change
        op = ("<" if strict else "<=") if falls else (">" if strict else ">=")
        a: object = Ind("roc", params={"period": 1.0}, pos=j)
        b: object = Num(-pct[1] if falls else pct[1])
        what = f"its change from the close before (ROC(1)) {op} {b.value:g}%"  # type: ignore[attr-defined]
    else:
        op = "<" if falls else ">"
        a = Price("close")
        b = Price("open") if move in ("red", "green") else Price("close", lag=1)
        what = f"its close {'below' if falls else 'above'} " + (
            "its own open" if move in ("red", "green") else "the close before it"
        )
    note = f"'{said}' read as the day before the order fills: {what}"
    cond = DCond("compare", a, op, b, notes=[note], start=i, end=end)  # type: ignore[arg-type]
    cond.prior_day = True
    if weekday is None:
        return end, "cond", cond
    when = s.low(i - 1) in vocab.WHEN_WORDS  # "if Friday was a down day, buy on Monday"
    parts = _move_on_a_weekday(cond, weekday, i, first_end, when)
    if also is not None:
        again = copy.deepcopy(cond)
        again.notes = [cond.notes[0].replace(f"'{said}'", f"'{s.span_text(first_end, end)}'")]
        parts += _move_on_a_weekday(again, also[1], first_end, end, when)
    return end, "rules", parts


def _move_on_a_weekday(cond: DCond, weekday: int, start: int, end: int, when: bool) -> list[Item]:
    """A move said of a named weekday ("it fell on Friday"): the weekday and the move, one span,
    both of the day before the fill unless ``_rules`` finds the weekday is the fill's own."""
    cond.start, cond.end = start, end
    day = When("calendar", unit="weekday", values=(weekday,), start=start, end=end)
    day.prior_day = True
    return [Item("cond", day, start, end, when=when), Item("cond", cond, start, end, when=when)]


def _and_the_next_weekday(s: Stream, k: int, weekday: int) -> tuple[int, int] | None:
    """ "... on Friday and on Monday": the same move on the next trading weekday too (end,
    weekday); any other day after "and" is left to the recognisers of dates."""
    j = s.optional(k + 1, ("on",)) if s.low(k) == "and" else k
    said = vocab.WEEKDAYS.get(s.low(j)) if j > k else None
    if said is None or said != (weekday + 1) % 5 or s.low(j).endswith("'s"):
        return None
    return j + 1, said


def _std_from_mean(s: Stream, i: int) -> Found:
    """ "the close is more than 2 standard deviations below its 20-day mean": a z-score level."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) in vocab.PRICE_SUBJECTS:
        j = s.skip(j + 1, vocab.PRICE_VERB_FILLERS)
    j, strict = ops.parse_bound(s, j)
    got = s.number(j)
    if got is None:
        return None
    k, k_std = got
    hit = s.longest(k, vocab.STD_WORDS)
    if hit is None:
        return None
    k = hit[0]
    below = s.low(k) in vocab.BELOW_PREPS
    if not below and s.low(k) not in ("above", "over"):
        return None
    k = s.skip(k + 1, vocab.ARTICLES)
    end, nums, notes = ops.parse_number_list(s, k)
    hit2 = s.longest(end, vocab.KEYWORDS)
    if hit2 is None or hit2[1][0] not in ("avg", "ma", "sma"):  # type: ignore[index]
        return None
    end = hit2[0]
    params = {"period": nums[0][0]} if nums else {}
    z = Ind("zscore", params=params, pos=i, notes=notes)
    op = ("<" if strict else "<=") if below else (">" if strict else ">=")
    level = Num(-k_std if below else k_std)
    note = "standard deviations from the mean read as the z-score (population deviation)"
    return end, "cond", DCond("compare", z, op, level, notes=[note], start=i, end=end)


def _range_position(s: Stream, i: int) -> Found:
    """ "the close is in the bottom 10% of its 20-day range", "in the top third of its 52-week
    range": where the close sits between the lowest low and the highest high of the last N bars,
    which is the stochastic %K(N) unsmoothed (0 at the low, 100 at the high)."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) in vocab.PRICE_SUBJECTS:
        j = s.skip(j + 1, vocab.PRICE_VERB_FILLERS)
    if s.low(j) not in ("in", "within", "inside"):
        return None
    j = s.skip(j + 1, vocab.ARTICLES)
    side = vocab.RANGE_SIDES.get(s.low(j))
    if side is None:
        return None
    j += 1
    pct = s.percent(j)
    if pct is not None:
        j, share = pct
    elif s.low(j) in vocab.RANGE_SHARES:
        j, share = j + 1, vocab.RANGE_SHARES[s.low(j)]
    else:
        return None
    if s.low(j) != "of" or not 0 < share < 100:
        return None
    got = ops.parse_period(s, s.skip(j + 1, vocab.ARTICLES | {"its", "their"}))
    if got is None or s.low(got[0]) not in ("range", "ranges", "channel"):
        return None
    end, bars, note = got[0] + 1, got[1], got[2]
    if bars != int(bars) or bars < 2:
        return None
    k = Ind("stoch", "k", {"k_period": bars, "d_period": 3, "smooth": 1}, pos=i)
    level = Num(share if side == "low" else 100 - share)
    said, bound = s.span_text(i, end), "at or below" if side == "low" else "at or above"
    notes = [
        f"'{said}' read as stochastic %K({bars:g}) {bound} {level.value:g}: where the close sits"
        f" between the lowest low (0) and the highest high (100) of the last {bars:g} bars",
        *([note] if note else []),
    ]
    rel = "<=" if side == "low" else ">="
    return end, "cond", DCond("compare", k, rel, level, notes=notes, start=i, end=end)


_CONDITION_STARTS = frozenset(
    {"when", "whenever", "if", "once", "and", "or", "but", "while", "unless"}
)


def _other_symbol(s: Stream, i: int) -> Found:
    """ "when SPY drops 2% in a day", "if SPY's RSI is above 70", "and QQQ's MACD is above 0": a
    condition on another symbol's bars, every operand of it read on that symbol (the market
    filter recogniser reads "QQQ closes below its 50-day SMA"). Only where a condition starts
    (after "when", "if", "and", ...), so that "buy TLT when ..." names the traded symbol."""
    if s.low(i - 1) not in _CONDITION_STARTS:
        return None
    j = i + (s.low(i) == "the")  # "when the S&P 500 falls 3% in a day"
    if s.longest(j, vocab.KEYWORDS) is not None or s.low(j) in _KNOWN_WORDS - {"s&p"}:
        return None  # "when ADX is above 25": an indicator, not a ticker
    got = _parse_rules.ticker(s, j)
    if got is None:
        return None
    k = got[0] + (s.low(got[0]) == "'s")
    if s.low(k) in vocab.WINDOW_PREPS:
        return None  # "and IBM over the last 5 years": a test window, not a condition
    verb = s.low(k) not in vocab.SYMBOL_OPS  # "SPY > 200 sma" alone names the traded symbol
    for recogniser in (_price_change, _new_high, _full_condition, _partial_condition):
        if recogniser is _partial_condition and not verb:
            continue
        found = recogniser(s, k)
        if found is None or found[1] != "cond" or not isinstance(found[2], DCond):
            continue
        cond = found[2]
        if cond.a is None and cond.kind in ("compare", "cross"):
            cond.a = Price("close")  # "when QQQ goes below the 200 day": QQQ's close
        operands = [cond.a, cond.b, cond.b2, *(cond.b.items if isinstance(cond.b, Multi) else [])]
        if isinstance(cond.a, Pronoun) or _price_against_zero(cond):
            return None
        for operand in operands:  # "it" is left to the line it names ("closes below it")
            if isinstance(operand, Ind | Price):
                operand.symbol = got[1]
        cond.start = i
        return found[0], "cond", cond
    return None


def _end_run_on_labels(s: Stream) -> None:
    """ "Entry: EMA(20) cross over EMA(50) Exit: ... Stop: 1.5 ATR Target: 3 ATR": labelled lines
    run together on one line; each label after a word or number starts a new sentence (a
    zero-width full stop is put before it: the text and its spans are unchanged)."""
    k = 1
    while k < s.n:
        if s.low(k) == ":":
            label = next(
                (j for j in range(max(k - 3, 1), k) if " ".join(map(s.low, range(j, k)))
                 in vocab.RULE_LABELS),
                None,
            )  # fmt: skip
            said = label is not None and (
                s.kind(label - 1) in ("word", "num", "sym") or s.low(label - 1) in (")", "%")
            )
            if label is not None and said and ":" in (s.low(x) for x in range(label)):
                at = s.tokens[label].start
                s.tokens.insert(label, Token(".", ".", "punct", at, at))
                s.n += 1
                k += 1
                s.corrections = {x + (x >= label): w for x, w in s.corrections.items()}
        k += 1


def _price_against_zero(cond: DCond) -> bool:
    """ "when TSI crosses above zero", "when the KST crosses its signal line": a price is never at
    or below zero and has no signal line, so the word before it is an indicator Botlab does not
    know, not a ticker."""
    if not isinstance(cond.a, Price):
        return False
    if isinstance(cond.b, Num):
        return (cond.b.value or 0) <= 0
    return isinstance(cond.b, Ind) and cond.b.output in ("signal", "d")


def _slope_of(s: Stream, i: int) -> Found:
    """ "the slope of the 50 SMA is positive / turns down": the line rising or falling against
    its value a bar before (the operand's own "is rising")."""
    k = s.skip(i, vocab.ARTICLES)
    lead = s.first(k, tuple(vocab.SLOPE_OF))
    got = ops.parse_operand(s, s.skip(lead, vocab.ARTICLES)) if lead is not None else None
    if got is None or isinstance(got[1], Num):
        return None
    end, line = got
    tail = s.longest(s.skip(end, vocab.COPULAS), vocab.UNARY)
    if tail is None:
        return None
    k, (kind, rel) = tail  # type: ignore[misc]
    if kind not in ("slope", "cmp0", "cross0"):
        return None
    up = rel in (">", "above")
    return k, "cond", DCond("compare", line, ">" if up else "<", "slope", start=i, end=k)  # type: ignore[arg-type]


def _first_close(s: Stream, i: int) -> Found:
    """ "the first close above the 50-day SMA": the close crossing it."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) != "first" or s.low(j + 1) not in ("close", "daily close", "bar"):
        return None
    k = j + 2
    k += s.phrase(k, "more than") is not None and 2  # "the first close more than 1% under"
    pct = s.percent(k)  # "the first close 0.3% under VWAP": that far beyond the line
    k = pct[0] if pct is not None else k
    direction = {"above": "above", "over": "above", "below": "below", "under": "below"}.get(
        s.low(k)
    )
    if direction is None:
        return None
    got = ops.parse_operand(s, k + 1, subject=Price("close"))
    if got is None:
        return None
    end, b = got
    if pct is not None:
        if not isinstance(b, Ind | Price):
            return None
        b = copy.deepcopy(b)
        b.times *= 1 + pct[1] / 100 if direction == "above" else 1 - pct[1] / 100
    return end, "cond", DCond("cross", Price("close"), direction, b, start=i, end=end)


def _stacked_averages(s: Stream, i: int) -> Found:
    """ "the 8, 13, 21, 34, 55 EMAs are all stacked bullish", "the 10/20/50 SMAs in bullish
    order": each shorter average above the next longer one (below, "stacked bearish"), one
    comparison per neighbouring pair, every one on the same bar."""
    if not s.says(vocab.STACK_MARKS):  # most texts: parse nothing twice
        return None
    got = ops.parse_operand(s, i)
    if got is None or not isinstance(got[1], Multi) or len(got[1].items) < 2:
        return None
    j = s.skip(got[0], vocab.STACK_FILLERS)
    said = s.longest(j, vocab.STACKED)
    if said is None:
        return None
    end, rel = said
    lines = sorted(got[1].items, key=lambda line: line.params["period"])
    if len({line.params["period"] for line in lines}) < len(lines):
        return None
    pairs = [
        DCond("compare", shorter, rel, longer, start=i, end=end)
        for shorter, longer in zip(lines, lines[1:], strict=False)
    ]
    return end, "rules", [Item("cond", pair, i, end) for pair in pairs]


def _full_condition(s: Stream, i: int) -> Found:
    got = ops.parse_condition(s, i)
    if got is None:
        return None
    end, cond = got
    return end, "unparsed" if cond is None else "cond", cond


def _level_then_oscillator(s: Stream, i: int) -> Found:
    """ "buy at 30 RSI", "exit above 75 RSI", "sub 20 stoch": a level said before its
    oscillator, never its length (a length has a unit or comes after an article: "the 2
    RSI"); stated."""
    hit = s.longest(i, vocab.LEVEL_FIRST_RELATIONS)
    if hit is None:
        return None
    got = s.number(hit[0])
    name = s.longest(got[0], vocab.KEYWORDS) if got is not None else None
    if name is None or name[1][0] not in vocab.LEVELLED:  # type: ignore[index]
        return None
    end, (family, output) = name  # type: ignore[misc]
    if ops.parse_relation(s, end) is not None or s.number(end) is not None:
        return None  # "at 2 RSI below 10": the number is its length
    level, rel = got[1], hit[1]  # type: ignore[index]
    ind = Ind(family, output, pos=got[0])
    ind.notes.append(
        f"'{s.span_text(hit[0], end)}' read as the level {level:g} of {s.span_text(got[0], end)}"
        f" (not its length: a length is said 'RSI(14)' or '14-day RSI')"
    )
    if rel == "touch":
        return end, "cond", DCond("touch", ind, None, Num(level), start=i, end=end)
    return end, "cond", DCond("compare", ind, rel, Num(level), start=i, end=end)  # type: ignore[arg-type]


def _level_and_beyond(s: Stream, i: int) -> Found:
    """ "RSI 30 and below", "RSI(2) is 10 or lower", "stoch 80 or more": the oscillator at or
    beyond the level."""
    name = s.longest(i, vocab.KEYWORDS)
    if name is None or name[1][0] not in vocab.LEVELLED:  # type: ignore[index]
        return None
    bare = s.number(name[0])  # "RSI 30 and below": 30 is the level, not the length
    if bare is not None and s.longest(bare[0], vocab.LEVEL_AND_BEYOND) is not None:
        got: tuple[int, object] | None = (name[0], Ind(*name[1], pos=i))  # type: ignore[misc]
    else:
        got = ops.parse_operand(s, i)
    if got is None or not isinstance(got[1], Ind):
        return None
    level = s.number(s.skip(got[0], vocab.LEVEL_VERBS))
    side = s.longest(level[0], vocab.LEVEL_AND_BEYOND) if level is not None else None
    if side is None or s.number(side[0]) is not None:
        return None  # "RSI 2 and above 70": the number is its length
    end, op = side
    return end, "cond", DCond("compare", got[1], op, Num(level[1]), start=i, end=end)  # type: ignore[arg-type,index]


def _return_to_line(s: Stream, i: int) -> Found:
    """ "pulls back to the 20 EMA", "on a pullback to the 50-day SMA", "rallies to the 20 EMA":
    the bar's low at or below the line while its close stays above it (a rally: the high at or
    above it, the close below); stated, so the move through the line is never taken for it."""
    hit = s.longest(s.skip(i, vocab.RETURN_LEADS), vocab.RETURNS_TO_LINE)
    if hit is None:
        return None
    if s.low(hit[0]) == "it":  # "the 20 EMA is rising and price pulls back to it"
        got = _line_said_before(s, i)
        got = None if got is None else (hit[0] + 1, got)
    else:
        k = s.skip(hit[0], vocab.ARTICLES | {"its", "their"})
        got = ops.parse_operand(s, k)
        length = got[1].value if got is not None and isinstance(got[1], Num) else None
        if length is not None and s.low(k - 1) == "the" and length == int(length) and length > 1:
            got = got[0], Ind("bare", params={"period": length}, pos=k)  # "back to the 21"
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.PRICE_FAMILIES:
        return None
    end, line = got
    pullback = hit[1] == "pullback"
    if not _edge_of_area_met(line, pullback):
        return None  # "pulls back to the Bollinger band": which band is not known
    touch, stays = _touch_and_close_back(line, pullback, i, end)
    side, extreme = ("above", "low") if pullback else ("below", "high")
    touch.notes.append(
        f"'{s.span_text(i, end)}' read as the bar's {extreme} reaching the line while its close "
        f"stays {side} it"
    )
    when = s.low(i - 1) in vocab.WHEN_WORDS
    parts = [  # the close first: with no exit said, its opposite (closing through it) is one
        Item("cond", stays, i, end, when=when),
        Item("cond", touch, i, end, when=when),
    ]
    return end, "rules", parts


def _edge_of_area_met(line: Ind, pullback: bool) -> bool:
    """Whether the line a move returns to is one line: a pullback to the Ichimoku cloud meets
    its top, a rally to it its bottom (set here, so the low and the close compare one edge); a
    band price trades inside, named without its edge, could be either (False)."""
    if line.family == "ichimoku" and line.output == "cloud":
        line.said_output, line.output = line.output, "cloud_top" if pullback else "cloud_bottom"
        line.notes.append(
            f"'the cloud' read as its {'top' if pullback else 'bottom'}, which a "
            f"{'pullback' if pullback else 'rally'} to it meets first"
        )
        return True
    unnamed = line.output is None or line.output == "channel"
    return not (line.family in vocab.CHANNEL_FAMILIES and unnamed)


def _line_said_before(s: Stream, i: int) -> Ind | None:
    """The price line named last before ``i`` in its sentence (what "it" is in "the 20 EMA is
    rising and price pulls back to it"); None when there is none."""
    for k in range(i - 1, -1, -1):
        if s.kind(k) == "nl" or s.low(k) in (".", ";", "!", "?"):
            return None
        got = ops.parse_operand(s, k)
        if got is not None and got[0] <= i and isinstance(got[1], Ind):
            return _draft.unlagged_line(got[1], price=True)
    return None


def _oscillator_level(s: Stream, i: int) -> Found:
    """ "exit at RSI 50", "sell on RSI 70", "sell when it gets to like rsi 85", "cover once it's
    williams %r -80", "sell when cci 100", "sell around rsi 80", "exit rsi 70", "tp rsi 70": an
    oscillator's name and a number after a word of reaching or a hedge (or "when", an exit verb
    or a target's name alone) is the oscillator reaching that level, not its length (a length is
    said "RSI(85)" or before a relation: "when rsi 2 is below 10"); stated, except after
    "at"/"on"."""
    k = s.skip(i, vocab.PRONOUNS | {"is"})  # "it", "it's"
    reach = s.longest(k, vocab.LEVEL_REACHED)
    k = reach[0] if reach is not None else k
    k = s.skip(k, vocab.APPROXIMATELY | vocab.ARTICLES)  # "like", "the"
    hit = s.longest(k, vocab.KEYWORDS)
    if hit is None or hit[1][0] not in vocab.LEVELLED:  # type: ignore[index]
        return None
    exit_verb = reach is None and (  # "exit rsi 70", "tp rsi 70", "target rsi 70"
        s.low(i - 1) in vocab.EXIT_VERB_WORDS or _said_after_an_exit(s, i)
    )
    if reach is None and not exit_verb and s.low(i - 1) not in vocab.WHEN_WORDS:
        return None  # "using rsi 2: ...": a length named, no level reached ("once it's": one)
    end, (family, output) = hit  # type: ignore[misc]
    got = s.number(end)
    if got is None or s.low(got[0]) in ("%", "day", "days", "period", "periods", "bar", "bars"):
        return None
    after = got[0]
    listed = s.kind(after + 1) == "num" and s.percent(after + 1) is None  # not "80, 3% stop"
    if s.low(after) in vocab.PARAM_SEPARATORS and listed:
        return None  # "when stochastic 5,3,3 crosses above 20": its settings, not a level
    said = after >= s.n or s.kind(after) == "nl" or s.low(after) in vocab.CLAUSE_ENDS
    said = said or s.low(after) in {"or", "then"}
    said = said or (
        s.low(after) in vocab.WHEN_WORDS and not exit_verb and not _related_later(s, after)
    )  # "sell rsi 2 when"; not "when RSI 14 on the 4 hour is below 30": a length
    if not (said or s.longest(after, vocab.CONNECTORS)) or ops.parse_relation(s, after):
        return None  # "on RSI 2 below 10", "when MACD 3/10 crosses", "on a MACD zero line"
    if s.low(after) in vocab.AT_ON and _related_later(s, after):
        return None  # "rsi 14 on spy is below 25", "rsi 14 on the daily is < 30": a length
    ind = Ind(family, output, pos=k)
    if reach is None or s.low(reach[0] - 1) not in vocab.AT_ON:
        name = s.span_text(k, end)
        ind.notes.append(
            f"'{s.span_text(k, got[0])}' read as {name} reaching {got[1]:g} (a level; a length "
            f"is said '{name}(14)')"
        )
    return got[0], "cond", DCond("touch", ind, None, Num(got[1]), start=i, end=got[0])


def _related_later(s: Stream, i: int) -> bool:
    """Whether a relation follows ``i`` within its condition (before a clause's end, a
    connector, an action or another "when"): "RSI 14 on the 4 hour is below 30", "rsi 14 on spy
    is below 25" compare the 14-bar RSI, said on its bars or symbol; "sell at CCI 100 after
    buying when ..." is a level."""
    for k in range(i + 1, s.n):
        ends = s.kind(k) == "nl" or s.low(k) in vocab.CLAUSE_ENDS | vocab.WHEN_WORDS - {"on"}
        if ends or s.longest(k, vocab.CONNECTORS) or s.longest(k, vocab.ACTIONS):
            return False
        if ops.parse_relation(s, k) is not None:
            return True
    return False


def _said_after_an_exit(s: Stream, i: int) -> bool:
    """Whether the words just before ``i`` close a trade: an exit action ("exit", "cover", "take
    profit") or a target's name ("target", "tp")."""
    for k in range(max(0, i - 3), i):
        action = s.longest(k, vocab.ACTIONS)
        if action is not None and action[0] == i and action[1] in vocab.CLOSING_SIDES:
            return True
        target = s.longest(k, vocab.STOP_WORDS)
        if target is not None and target[0] == i and target[1] == "tp":
            return True
    return False


def _partial_condition(s: Stream, i: int) -> Found:
    if s.low(i) in ("at", "to") and s.percent(s.skip(i + 1, frozenset({"+", "-"}))):
        return None  # "... or at +10%": a move, never the last indicator's level
    if s.low(i) in ("at", "to"):
        target = ops.parse_operand(s, i + 1, Pronoun())  # the price left out: "at the mean"
        if target is None or not (
            isinstance(target[1], Num)
            or isinstance(target[1], Ind)
            and target[1].family in vocab.PRICE_FAMILIES
            or isinstance(target[1], Price)  # "sell at the high of the previous day"
            and target[1].lag > 0
        ):
            return None
    tail = ops.parse_relation_tail(s, i, None, i)
    if tail is None:
        return None
    end, cond = tail
    if cond.kind == "touch" and not isinstance(cond.b, Num | Ind | Price):
        return None
    return end, "cond", cond


def _direction_alone(s: Stream, i: int) -> Found:
    """ "(when the 12 EMA crosses the 26 EMA upwards, buy,) when downwards, sell": the crossing
    said before, the other way (its lines are the earlier crossing's)."""
    if s.low(i) not in vocab.BARE_CROSS_DIRECTIONS or s.low(i - 1) not in vocab.WHEN_WORDS:
        return None
    if s.number(i + 1) is not None:
        return None  # "when down 5%": a move
    rel = vocab.CROSS_DIRECTIONS[s.low(i)]
    return i + 1, "cond", DCond("cross", None, rel, None, back=True, start=i, end=i + 1)


def _awaited(s: Stream, i: int) -> Found:
    """ "wait for RSI to drop below 30", "wait until the close falls below the 50-day SMA": the
    first event of a sequence (read with what follows by ``_read_after_sequences``)."""
    start = s.first(i, vocab.WAIT_FOR)
    if start is None:
        return None
    got = ops.parse_operand(s, start)
    if got is None:
        return None
    j, a = got
    tail = ops.parse_relation_tail(s, j + 1 if s.low(j) == "to" else j, a, i)
    return None if tail is None else (tail[0], "cond", tail[1])


def _mention(s: Stream, i: int) -> Found:
    got = ops.parse_operand(s, i)
    if got is None or not isinstance(got[1], Ind):
        return None
    if s.low(i) in vocab.LABEL_WORDS and s.low(got[0]) in (":", "-", "="):
        return None  # "Signal: close crosses above 50 EMA": a label, not the MACD signal line
    if s.low(got[0] - 1) in vocab.COMPARED_ONLY:
        return None
    end = got[0]
    before = i - 1
    while s.low(before) in vocab.ARTICLES:
        before -= 1
    verb = s.low(before) in vocab.EXIT_CLOSE_WHEN  # "exit when the SAR flips": which way, unsaid
    if got[1].family in FLIP_SYSTEMS and not verb:  # "the supertrend flip long/short": its flips
        end = s.optional(end, vocab.FLIP_NOUNS)
    return end, "mention", got[1]


_RECOGNISERS = (
    _separator,
    counted,  # before the test period: "3 of the last 5 days" is no period
    *_parse_rules.RECOGNISERS,
    _other_symbol,
    _fill,
    _commission,
    _never_sold,  # before the actions: "never sell" is no sell rule
    _invested_amount,  # before the cash: "put $1000 into SPY when ..." is also a buy
    _distance_from_a_line,  # before the cash: "drops $5 below the 20-day SMA" is no cash
    _cash,
    _all_in,
    _size,
    _unnamed_symbol,
    _symbol,
    _prior_day,  # before the price changes: "yesterday closed down 2%" is the day before a fill
    _profit_by_a_time,  # before the stops: "if it's up 2% by Wednesday" is no target
    _unknown_day,
    _breakeven,
    _unbuilt,
    _exit_on_a_line,
    _stop_at_line,
    _target_line,
    _level_then_oscillator,  # before the indicators: "at 30 RSI" is a level, not RSI(30)
    _level_and_beyond,
    _return_to_line,  # before the crossings: "pulls back to the 20 EMA" does not close below it
    _period_change,  # before the test period: "last week was down 2%" is no period
    _day_change,
    _period,
    _chart_role,  # before the bars: "the 15m chart for entries" is the bars tested, said so
    _interval,
    _direction,
    _trail_after_a_move,
    _risk,
    _awaited,
    _golden_cross,
    _level_pair,
    _pair_cross,
    _fast_and_slow_cross,
    _macd_cross,
    _day_after_streak,  # before the extremes: "the first green day after 3 red days"
    _first_day_it_moves,
    _run_then_turn,  # before the runs: "three red candles then a green one"
    _bounce,
    extreme_phrase,
    trader_phrase,
    _extreme_streak,
    _field_run,
    _after_a_run,
    _closes_beyond,
    _consecutive,
    _candle_colour,
    _new_high,
    _volume_phrase,
    _vague_volatility,
    _day_after_a_move,
    _versus_ago,
    _price_change,
    _change_vs_yesterday,
    _change_noun,
    _std_from_mean,
    _range_position,
    _first_close,
    _field_label,
    _every_period,
    _whichever_first,
    _none_said,
    _slope_of,
    _oscillator_level,  # before the conditions: "when it hits rsi 85" is a level, not RSI(85)
    _stacked_averages,
    _full_condition,
    _action,
    _mirror,
    _direction_alone,
    _partial_condition,
    _connector,
    _style,
    _mention,
)
