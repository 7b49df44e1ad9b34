"""Rules -> spec conditions: the third stage of reading a description.

:func:`resolve` turns every rule's draft conditions into spec conditions, in text order, and
joins them per side: "and" binds tighter than "or", several rules of one side are alternatives,
a rule said as "the opposite" of another is its mirror image (``_mirror``), and "only buy
when ..." filters are ANDed into every entry. Then it decides the direction and the exits that
were not said: with long and short entries but no exits at all the strategy is always in the
market (stop-and-reverse); a side with an entry but no exit (and no stop, target or time exit)
exits on the opposite signal, as does a crossing of two lines said without an action word
("trade the 9/21 EMA cross": both ways, whatever stops come with it). A condition that cannot
be resolved, or that compares a line with itself (a word was missed), is ``rejected``. Three
steps per condition:

1. **Context** (:class:`Resolver.condition`): "it" and left-out subjects become the subject of
   an earlier condition (an oscillator for a number: "sell above 70" after an RSI rule; the price
   for a price level: "sell when it crosses the middle band"); "crosses back below" with no
   object takes the earlier condition's object; "crosses" without a direction is "above" on a
   buy/cover rule and "below" on a sell/short rule; "oversold"/"overbought" become the
   indicator's levels (RSI 30/70, stochastic 20/80); "reaches"/"touches" become comparisons.
2. **Parameters** (:meth:`Resolver.indicators`): an indicator written without parameters takes
   them from the nearest mention of the same indicator that has them ("RSI(2) ... sell when RSI
   is above 90"), else the standard default, which is recorded as an assumption.
3. **Spec objects**: indicators get their stable ids; numbers, prices and references become
   :mod:`engine.generation.spec` operands.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from engine.generation import spec as S
from engine.generation._draft import (
    DCond,
    Ind,
    Multi,
    Num,
    Operand,
    Price,
    Pronoun,
    Unresolved,
    When,
    held_run,
    unlagged_line,
)
from engine.generation._indicator_table import TABLE
from engine.generation._match import Span
from engine.generation._mirror import mirror
from engine.generation._rules import STOPS, Rule, Rules
from engine.generation._vocabulary import (
    CHANNEL_FAMILIES,
    EMA_SIGNAL_FAMILIES,
    HELD_PROBLEM,
    LOWER_LINES,
    MA_FAMILIES,
    PRICE_FAMILIES,
    UPPER_LINES,
)
from engine.generation.spec import KIND_NAMES

OSCILLATOR_LEVELS = {
    **{kind: dict(entry.levels) for kind, entry in TABLE.items() if entry.levels},
}
_PRICE_SCALE = frozenset(kind for kind, entry in TABLE.items() if entry.price_scale)
ROLE_DEFAULTS = {"sma": (50.0, 200.0), "ema": (12.0, 26.0)}
ENTRY_SIDES = ("entry", "short_exit")  # rules that buy
SIDES = ("entry", "exit", "short_entry", "short_exit")
PARTNER = {"exit": "entry", "short_exit": "short_entry", "short_entry": "entry", "entry": "exit"}


@dataclass
class Resolved:
    """Spec conditions by side ("entry", "exit", "short_entry", "short_exit", "add_on"), the
    indicators they use, the assumptions made and the spans of the conditions not used.
    ``sides`` and ``direction``: the spec's four sides once the direction is decided and the
    exits not said are added (empty when there is no entry or the rules were refused)."""

    conditions: dict[str, S.Condition]
    indicators: list[S.Indicator]
    notes: list[str]
    rejected: list[Span]
    sides: dict[str, S.Condition | None] = field(default_factory=dict)
    direction: str = ""


def resolve(rules: Rules, band_family: str) -> Resolved:
    """Resolve every rule of ``rules`` (see the module docstring)."""
    resolver = Resolver(band_family=band_family)
    for m in [] if rules.defaulted else rules.mentions:  # a default's conditions are complete
        resolver.mention(m)
    rejected: list[Span] = []
    for rule in rules.rules:
        _runs_before_their_events(rule, rules.problems, rejected)
    drafts = _resolve_drafts(rules.rules, resolver, rejected)
    table = resolver.indicators()
    indicators = list(table.values())
    by_id = {ind.id: ind for ind in indicators}
    by_side: dict[str, list[S.Condition]] = {}
    mirrors: list[tuple[str, list[tuple[str, S.Condition]]]] = []
    for rule, parts in zip(rules.rules, drafts, strict=True):
        built: list[tuple[str, S.Condition]] = []
        setup: list[tuple[str, S.Condition]] = []
        within = 0
        for c, d in parts:
            if d is None:
                continue
            try:
                cond = to_condition(d, table)
            except Unresolved:  # a shape no spec condition has: reported, never a traceback
                rejected.append((d.start, d.end))
                continue
            if _degenerate(cond):  # "the weighted moving average crosses the 50-day SMA"
                rejected.append((d.start, d.end))
                continue
            scales = (S.mixed_scale(leaf, by_id) for leaf in S.leaves(cond))
            if (other := next((x for x in scales if x), None)) is not None:  # "price x RSI"
                resolver.note(f"{S.mixed_scale_message(other)}: not read")
                rejected.append((d.start, d.end))
                continue
            if d.setup_within:  # said to come before the rule's other conditions
                setup.append((c, cond))
                within = max(within, d.setup_within)
                continue
            built.append((c, cond))
        built = squeeze_before_breakout(built, resolver.note)
        if setup and not built and rule.side != "entry_filter":
            # a setup with no trigger after it is never an entry or an exit by itself: reported,
            # and how it would have been read is not said back
            for _, d in parts:
                if d is not None and d.setup_within:
                    rejected.append((d.start, d.end))
                    resolver.notes[:] = [n for n in resolver.notes if n not in d.notes]
            continue
        if any(d is None for _, d in parts):
            if rule.side in PARTNER:  # a side with an opposite ("sell on the opposite")
                mirrors.append((rule.side, built))
            continue
        cond = combine(built)
        if setup:  # "only if RSI was below 30 in the last 5 bars": the setup alone, a filter
            cond = S.Sequence(setup=combine(setup), trigger=cond, within=within)
        if cond is not None:
            by_side.setdefault(rule.side, []).append(cond)
    out = {side: _any(conds) for side, conds in by_side.items()}
    for side, extra in mirrors:
        partner = out.get(PARTNER[side]) or (out.get("short_entry") if side == "entry" else None)
        if partner is None:
            continue
        try:
            opposite = mirror(partner, indicators)
        except Unresolved:  # a doji or an inside bar has no opposite
            continue
        resolver.note(
            f"the {side.replace('_', ' ')} rule is the opposite of the "
            f"{PARTNER[side].replace('_', ' ')} rule"
        )
        cond = combine([("and", opposite), *extra])
        out[side] = _any([c for c in (out.get(side), cond) if c is not None])
    _merge_filters(out)
    resolved = Resolved(out, indicators, resolver.notes, rejected)
    for start, _ in rejected:  # "sell when it crosses below 140": its condition lost
        owners = [r for r in rules.rules if r.start <= start]
        if owners:
            rules.unread_sides.add(max(owners, key=lambda r: r.start).side)
    if rules.refusal is None and (out.get("entry") or out.get("short_entry")):
        resolved.sides = {side: out.get(side) for side in SIDES}
        resolved.direction = _direction(resolved.sides, rules, indicators, resolver.notes)
        _default_exits(resolved.sides, resolved.direction, rules, indicators, resolver.notes)
    return resolved


def _add_for_exit(owner: str, side: str) -> bool:
    """Whether a condition of the ``owner`` rule is one an exit on ``side`` never refers back
    to: an add rule's, from an exit."""
    return owner == "add_on" and side in ("exit", "short_exit")


def _runs_before_their_events(rule: Rule, problems: list[str], rejected: list[Span]) -> None:
    """ "RSI crosses above 30 after being below it for 3 days": a run said after its event is
    the bars before the event's bar (each operand lagged one bar more), its subject left out
    the event's and its "it" the line the event crosses; the event is resolved after the run,
    so that a later "it" or left-out subject is its bar's."""
    k = 1
    while k < len(rule.parts):
        run, (conn, event) = rule.parts[k][1], rule.parts[k - 1]
        if not run.run_words:
            k += 1
            continue
        n = run.n
        if run.a is None:
            run.a = copy.deepcopy(event.a)
        elif isinstance(run.a, Pronoun) and not (run.a.both or run.a.which):
            run.a = unlagged_line(event.a)
        if isinstance(run.b, Pronoun) and isinstance(event.b, Ind | Price | Num):
            run.b = copy.deepcopy(event.b)
        lagged = held_run(run, n, 1)
        if lagged is None:  # a run whose subject is not named
            rejected.append((run.start, run.end))
            problems += [] if HELD_PROBLEM in problems else [HELD_PROBLEM]
            del rule.parts[k]
            continue
        run.notes.append(f"'{run.run_words}' read as: on the {n} bars before this one")
        for d in lagged:  # resolved in text order, then part order: the event last
            d.start = event.start
        ordered = [*reversed(lagged), event]
        rule.parts[k - 1 : k + 1] = [(conn, ordered[0]), *(("and", d) for d in ordered[1:])]
        k += len(ordered)


def _direction(sides: dict, rules: Rules, indicators: list[S.Indicator], notes: list[str]) -> str:
    long_, short = sides["entry"] is not None, sides["short_entry"] is not None
    explicit = rules.direction
    if explicit == "always_in":
        if not long_ and short:
            sides["entry"] = mirror(sides["short_entry"], indicators)
            notes.append("always in the market: go long on the opposite of the short rule")
        if sides["short_entry"] is None:
            sides["short_entry"] = sides["exit"] or mirror(sides["entry"], indicators)
            if sides["exit"] is None:
                notes.append("always in the market: go short on the opposite of the buy rule")
        sides["exit"] = sides["short_exit"] = None
        return "always_in"
    if explicit == "both" and not (long_ and short):
        if long_:
            sides["short_entry"] = mirror(sides["entry"], indicators)
            notes.append("long and short: short on the opposite of the buy rule")
            if sides["exit"] is not None:  # "..., out on a 20 bar low, shorts mirrored"
                sides["short_exit"] = mirror(sides["exit"], indicators)
                notes.append("long and short: cover on the opposite of the sell rule")
        else:
            sides["entry"] = mirror(sides["short_entry"], indicators)
            notes.append("long and short: buy on the opposite of the short rule")
        long_ = short = True
    if explicit == "long" and short:
        sides["short_entry"] = sides["short_exit"] = None
        notes.append("long only, as stated: the short rules are ignored")
        short = False
    if long_ and short:
        if sides["exit"] is None and sides["short_exit"] is None and not _has_exit(rules):
            notes.append(
                "no exit rules: each entry signal closes the opposite position "
                "(always in the market after the first signal)"
            )
            return "always_in"
        return "both"
    if short and not long_:
        sides["entry"] = sides["exit"] = None
        return "short"
    sides["short_entry"] = sides["short_exit"] = None
    if explicit != "long":
        notes.append("long only (no short rule was given)")
    return "long"


def _has_exit(rules: Rules) -> bool:
    """Whether a stop, target or time exit closes trades (then no exit rule is implied)."""
    at_a_line = any(r.side == "stop_level" for r in rules.rules)  # "stop at the 10-day low"
    stops = (*STOPS, "exit_after_bars", "bar_stop", "exit_same_bar")
    return at_a_line or any(rules.risk.get(k) for k in stops)


def _default_exits(
    sides: dict,
    direction: str,
    rules: Rules,
    indicators: list[S.Indicator],
    notes: list[str],
) -> None:
    if direction == "always_in":
        return
    pairs = {
        "long": [("entry", "exit")],
        "short": [("short_entry", "short_exit")],
        "both": [("entry", "exit"), ("short_entry", "short_exit")],
    }[direction]
    for entry, exit_ in pairs:
        opposite = "short_entry" if entry == "entry" else "entry"
        if sides[exit_] is not None or (direction == "both" and sides[opposite] is not None):
            continue  # in "both", the opposite entry closes the position
        if _symmetric(rules, sides[entry]):
            sides[exit_] = mirror(sides[entry], indicators)
            notes.append(
                "a crossover named without 'buy' or 'sell' is traded both ways: long on the "
                "cross up, flat on the cross down"
            )
            continue
        if rules.risk.get("exit_same_bar"):
            continue  # "sell at the close the same day": the echo says it
        if rules.never_exit:
            notes.append(
                f"no {exit_.replace('_', ' ')} rule ('never sell'): trades close only at the "
                "stops, target or time exit, else are held to the end of the test"
            )
            continue
        if _has_exit(rules):
            notes.append(
                f"no {exit_.replace('_', ' ')} rule: trades close only at the stops, "
                "target or time exit"
            )
            continue
        word = "sell" if exit_ == "exit" else "cover"
        try:
            sides[exit_] = mirror(sides[entry], indicators)
        except Unresolved:  # no opposite (a doji, "on the 1st of the month"): said, not guessed
            notes.append(
                f"no {word} rule was given and the entry signal has no opposite: a trade is "
                "held to the end of the test (say when to sell, for example 'sell after 5 days')"
            )
            continue
        unread = exit_ in rules.unread_sides  # a sell said, its condition lost
        if unread:  # "close everything at the end of the day" on 15-minute bars
            notes.append(
                f"the {word} rule's condition was not understood: {word} on the opposite of the "
                "entry signal until it is rephrased"
            )
        else:
            notes.append(f"no {word} rule was given: {word} on the opposite of the entry signal")


def _symmetric(rules: Rules, entry: S.Condition | None) -> bool:
    """ "trade the 9/21 EMA cross", "ema 20/50 cross with a 3% stop": a crossing said without an
    action word is a signal both ways, whatever stops come with it."""
    lines = isinstance(entry, S.Cross) and all(
        isinstance(x, S.IndicatorRef) for x in (entry.a, entry.b)
    )
    return rules.implied and lines


def _resolve_drafts(
    rules: list[Rule], resolver: Resolver, rejected: list[Span]
) -> list[list[tuple[str, DCond | None]]]:
    """Each rule's resolved conditions, resolved in text order; ``None`` marks "the opposite"."""
    order = sorted(
        ((d.start, n, k) for n, r in enumerate(rules) for k, (_, d) in enumerate(r.parts)),
    )
    done: dict[tuple[int, int], DCond] = {}
    for _, n, k in order:
        d = rules[n].parts[k][1]
        if d.kind == "mirror":
            continue
        try:
            done[(n, k)] = resolver.condition(d, rules[n].side)
        except Unresolved:
            rejected.append((d.start, d.end))
    return [
        [
            (conn, None if d.kind == "mirror" else done[(n, k)])
            for k, (conn, d) in enumerate(rule.parts)
            if d.kind == "mirror" or (n, k) in done
        ]
        for n, rule in enumerate(rules)
    ]


def _degenerate(cond: S.Condition) -> bool:
    """A comparison of a line with itself: a word was missed, never a rule."""
    return isinstance(cond, S.Cross | S.Compare) and cond.a == cond.b


def _any(conds: list[S.Condition]) -> S.Condition:
    """Either of ``conds``; one said twice (two rules for one exit: "trail with the 10 EMA:
    exit on a close below it") once."""
    once = [c for k, c in enumerate(conds) if c not in conds[:k]]
    return once[0] if len(once) == 1 else S.Or(conditions=once)


def _merge_filters(conditions: dict) -> None:
    """AND the "only buy when ..." conditions into every entry rule (or make them the entry)."""
    extra = conditions.pop("entry_filter", None)
    if extra is None:
        return
    entries = [side for side in ("entry", "short_entry") if conditions.get(side) is not None]
    for side in entries:
        own = conditions[side]
        if extra not in (own.conditions if isinstance(own, S.And) else [own]):
            conditions[side] = S.And(conditions=[own, extra])  # ("55-day breakout: buy a new
    if not entries:  # high": the filter said again as the rule, once)
        conditions["entry"] = extra


@dataclass(frozen=True)
class Move:
    """Where a rule put a line against another: "buy when the close crosses above the upper
    band" is the close, above, on the entry side, against the upper band (``touched`` when said
    as "touches"/"reaches": at it, not through it)."""

    subject: Operand | None
    direction: str  # above | below
    side: str
    level: float | None  # the number it was compared with, if one
    against: Operand | None = None
    touched: bool = False


#: Bands price normally trades inside; the Ichimoku cloud it mostly trades outside of
_INSIDE_BANDS = frozenset({"bbands", "keltner", "donchian"})
#: Each band's edges (upper, lower), its name and the name of its edges in a note
_BAND_EDGES = {
    "bbands": ("upper", "lower", "Bollinger band", "band"),
    "keltner": ("upper", "lower", "Keltner channel", "channel"),
    "donchian": ("upper", "lower", "Donchian channel", "channel"),
    "ichimoku": ("cloud_top", "cloud_bottom", "Ichimoku cloud", ""),
}
_EXTREME_EDGES = {"highest": ("donchian", "upper"), "lowest": ("donchian", "lower")}


@dataclass
class Resolver:
    """Resolves conditions in text order and collects the assumptions it makes."""

    notes: list[str] = field(default_factory=list)
    history: list[tuple[Operand, Operand | None]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # the kind of each history entry
    sides: list[str] = field(default_factory=list)  # the side of each history entry's rule
    mentioned: list[Ind] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    inds: list[Ind] = field(default_factory=list)
    band_family: str = "bbands"  # what "the band" means: bbands, keltner or donchian
    donchians: list[tuple[int, dict]] = field(default_factory=list)  # (pos, settings) said

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # -- step 1: context ------------------------------------------------------------------------

    def mention(self, ind: Ind) -> None:
        """An indicator named without a condition ("RSI(2) strategy: ..."); a bare length ("the
        last 7 days") names no indicator."""
        if ind.family == "bare":
            return
        try:
            self._family(ind, None, None)
        except Unresolved:
            return
        if not ind.valid_params():
            return
        if ind.of is not None:  # "Cumulative RSI strategy: ...": the RSI it adds up first
            self._family(ind.of, None, None)
            self.inds.append(ind.of)
        self.inds.append(ind)
        self.mentioned.append(ind)

    def condition(self, d: DCond, side: str) -> DCond:
        """A copy of ``d`` with subject, object, direction and levels filled in."""
        d = copy.deepcopy(d)
        lines = [*(d.b.items if isinstance(d.b, Multi) else [d.b]), d.a, d.b2]
        for text in d.notes + [n for o in lines if isinstance(o, Ind) for n in o.notes]:
            self.note(text)  # how the words were read, "30 week read as 150 daily bars"
        if d.kind in ("consecutive", "calendar"):
            return d
        if isinstance(d.b, Pronoun):
            said = d.b
            d.b = self._pick_object(d.a, both=said.both, either=said.either, before=d.start)
            if isinstance(d.b, Ind | Price):
                # "it" is the line itself, moved only by what is said here: "5% below the 200
                # SMA, sell when above it" is the SMA; "sell when it's 10% above it", 1.1 x
                d.b.times, d.b.plus = said.times, said.plus
            if isinstance(d.b, Ind) and d.b.said_output == "range":
                # "long above the opening range, short below it": "it" is the range as said,
                # its side chosen again by this rule's direction (its low here)
                d.b.output = d.b.said_output
        if d.b is None:
            self._fill_back(d, side)
        if isinstance(d.a, Pronoun) and (d.a.which or d.a.both):
            self._relative_subject(d)
        if d.a is None and d.b == "slope":  # type: ignore[comparison-overlap]
            d.a = self._last_subject()  # "ADX is above 25 and rising"
        if d.a is None or isinstance(d.a, Pronoun):
            # "cover at the 20 SMA" with no subject: the price reaches that line, never an
            # average named before ("the 50 SMA is falling") does
            reached = d.a is None and d.kind == "touch"
            said_it = isinstance(d.a, Pronoun)
            d.a = self._pick_subject(d.b, reached=reached)
            if said_it and d.b == "slope" and isinstance(d.a, Price):  # type: ignore[comparison-overlap]
                self._note_the_stock_moves()
        if isinstance(d.b, Price) and d.b.bare:
            d.b = self._extreme_named_before(d.b)
        b, a = d.b, d.a
        fraction = isinstance(b, Num) and b.value is not None and 0 < abs(b.value) <= 1
        if fraction and isinstance(a, Ind) and a.family == "stochrsi":
            b.value = b.value * 100  # type: ignore[union-attr, operator]
            self.note(  # "stoch RSI below 0.2": platforms that draw it from 0 to 1
                f"Stochastic RSI level {b.value / 100:g} read on its 0-100 scale as "  # type: ignore[union-attr, operator]
                f"{b.value:g}"  # type: ignore[union-attr]
            )
        if isinstance(b, Ind) and b.its and (b.family, b.output) == ("macd", "signal"):
            d.b = b = self._signal_of(a, b)  # "it crosses its signal line": whose, now known
        if _signal_length_said(a, b):
            # "the 3-10 MACD crosses above its 16-period signal line": one MACD, signal 16
            a.params["signal"] = next(iter(b.params.values()))  # type: ignore[union-attr]
            b.params = dict(a.params)  # type: ignore[union-attr]
            self.note(f"the signal line's {a.params['signal']:g} read as the MACD's signal length")
        if isinstance(b, Ind) and b.its and isinstance(a, Ind) and a.family not in PRICE_FAMILIES:
            b.of, b.source = a, "indicator"  # "it is below its 20-day average", it = OBV
        if d.kind == "cross" and d.rel is None:
            d.rel = self._cross_direction(d, side)
        if d.kind == "cross" and any(getattr(o, "lag", 0) for o in (d.a, d.b)):
            # "crosses above yesterday's high": a crossing compares two lines on the same two
            # bars, so a line that is itself a bar behind is read as the state, never a crash
            d.kind, d.rel = "compare", ">" if d.rel == "above" else "<"
            self.note(
                f"'crosses {'above' if d.rel == '>' else 'below'}' an earlier bar's price "
                f"read as 'is {'above' if d.rel == '>' else 'below'}' it"
            )
        if isinstance(d.b, Num) and d.b.level is not None:
            d.b = self._level(d.a, d.b)
        if isinstance(d.a, Ind) and d.a.family == "ibs":
            d.b, d.b2 = (self._ibs_level(n) for n in (d.b, d.b2))
        touched = d.kind == "touch"
        if touched:
            self._touch(d, side)
            self._touch_by_the_close(d)
        direction = d.rel if d.kind == "cross" else ("above" if d.rel in (">", ">=") else "below")
        others = d.b.items if isinstance(d.b, Multi) else [d.b]
        if d.b2 is not None and not isinstance(d.b2, Num):
            others.append(d.b2)  # "both are below 20": the second line
        subjects = d.a.items if isinstance(d.a, Multi) else [d.a]  # "the 10 and 20 day EMAs"
        for operand, other in [(a, others[0]) for a in subjects] + [(o, d.a) for o in others]:
            if isinstance(operand, Ind):
                self._family(operand, other, direction)
                if not operand.valid_params():
                    raise Unresolved("a setting out of range")
        for operand in [*subjects, *others]:
            if isinstance(operand, Ind):
                inner = operand.of
                if inner is not None and not any(inner is o for o in [d.a, *others]):
                    self._family(inner, None, direction)  # "... its 20-day SMA" said apart
                    self.inds.append(inner)
                self.inds.append(operand)
        if isinstance(d.a, Num):
            raise Unresolved("a number cannot be the subject")
        self.history.append((d.a, d.b if d.b != "slope" else None))  # type: ignore[comparison-overlap]
        self.kinds.append(d.kind)
        self.sides.append(side)
        if d.rel in ("above", "below", ">", ">=", "<", "<="):
            level = d.b.value if isinstance(d.b, Num) else None
            above = d.rel in ("above", ">", ">=")
            self.moves.append(Move(d.a, "above" if above else "below", side, level, d.b, touched))
        return d

    def _entry_move(
        self, subject: Operand | None, side: str, against: Operand | None = None
    ) -> str | None:
        """On an exit rule (or a short entry, which closes the long): how the matching entry rule
        had the same line (above/below); with ``against``, also a rule that had the two lines
        the other way round ("buy when +DI crosses -DI, sell when -DI crosses +DI": the entry
        had -DI below)."""
        if side == "entry":
            return None
        entry_side = "short_entry" if side == "short_exit" else "entry"
        for move in reversed(self.moves):
            if move.side != entry_side:
                continue
            if _same(move.subject, subject):
                return move.direction
            swapped = against is not None and _same(move.against, subject)
            if swapped and _same(move.subject, against):
                return "below" if move.direction == "above" else "above"
        return None

    def _entry_level(self, subject: Operand | None, side: str) -> float | None:
        """On an exit rule: the level the matching entry rule had the same line at, if any."""
        entry_side = "short_entry" if side == "short_exit" else "entry"
        for move in reversed(self.moves):
            if move.side == entry_side and _same(move.subject, subject):
                return move.level
        return None

    def _cross_direction(self, d: DCond, side: str) -> str:
        """ "crosses" with no direction: on an exit, the opposite of how the entry had the same
        line ("buy below the lower band ... exit when price crosses the middle band" is a cross
        above); otherwise above on a buy and below on a sell or short."""
        entry = self._entry_move(d.a, side, d.b if not isinstance(d.b, Num) else None)
        start = self._entry_level(d.a, side) if entry is not None else None
        level = d.b.value if isinstance(d.b, Num) else None
        further = level is not None and start is not None and level != start  # (not back to it)
        if further and (level > start) == (entry == "above"):  # type: ignore[operator]
            # "buy when RSI crosses above 30, sell half when it crosses 70": 70 is further on
            # the way the entry crossed, so the line crosses it the same way
            self.note(
                f"'crosses {level:g}' with no direction read as 'crosses {entry} {level:g}' (the "
                f"entry crossed {start:g} {entry}, so the line reaches {level:g} going that way)"
            )
            return entry
        if entry is not None:
            opposite = "below" if entry == "above" else "above"
            self.note(
                f"'crosses' with no direction read as 'crosses {opposite}' "
                f"(the entry has it {entry})"
            )
            return opposite
        direction = "above" if side in ENTRY_SIDES else "below"
        verb = "buy" if side in ENTRY_SIDES else "sell"
        self.note(f"'crosses' with no direction read as 'crosses {direction}' on the {verb} rule")
        return direction

    def _last_subject(self) -> Operand:
        """The subject of the condition just before ("... and rising" continues it)."""
        if not self.history or isinstance(self.history[-1][0], Num):
            raise Unresolved("nothing for 'rising'/'falling' to describe")
        return copy.deepcopy(self.history[-1][0])

    def _relative_subject(self, d: DCond) -> None:
        """ "the 10-day EMA is above the 20-day EMA which is above the 50-day EMA" (which = the
        previous object); "%K crosses above %D and both are below 20" (both sides)."""
        pronoun = d.a
        for pa, pb in reversed(self.history):
            if pb is None or isinstance(pb, Num):
                continue
            if pronoun.which:  # type: ignore[union-attr]
                d.a = copy.deepcopy(pb)
            else:
                d.kind, d.a, d.b2 = "both", copy.deepcopy(pa), copy.deepcopy(pb)
            return
        raise Unresolved("nothing for 'which'/'both' to refer to")

    def _pick_object(
        self, a: Operand | None, both: bool = False, either: bool = False, before: int = 0
    ) -> Operand:
        """ "sell on the first close below it": the earlier condition's object (or subject);
        "below both": the lines an earlier condition compared at once; with no earlier
        condition, the line named on its own just before ("watch the 200 day average and only
        buy when price is above it"), also when it was named after the earlier condition ("buy a
        touch of the 20 EMA (low at or below it)")."""
        named = [m for m in self.mentioned if m.pos < before and not _same(m, a)]
        said = [o.pos for pair in self.history for o in pair if isinstance(o, Ind)]
        if not both and named and said and max(m.pos for m in named) > max(said):
            return copy.deepcopy(max(named, key=lambda m: m.pos))
        for pa, pb in reversed(self.history):
            if both and isinstance(pb, Multi):
                lines = copy.deepcopy(pb)
                lines.either = either
                return lines
            two = [o for o in (pa, pb) if isinstance(o, Ind) and not _same(o, a)]
            if both and len(two) == 2:  # "the 150 above the 200, the 50-day above both"
                return Multi(copy.deepcopy(two), either=either)
            for candidate in (pb, pa):
                if isinstance(candidate, Ind) and not _same(candidate, a):
                    return copy.deepcopy(candidate)
        if not both and named:
            return copy.deepcopy(max(named, key=lambda m: m.pos))
        raise Unresolved("nothing for 'it' to refer to")

    def _fill_back(self, d: DCond, side: str) -> None:
        """ "short when it crosses below": the earlier condition of the same kind (a crossing
        for a crossing, so a filter such as "RSI is below 70" is skipped), else any. An exit
        skips the conditions of an add rule ("buy on the EMA cross, add when RSI drops below
        40, sell when they cross back": the EMAs' cross, never the add's, which would sell at
        every add)."""
        said = zip(self.history, self.kinds, self.sides, strict=True)
        entries = [(pair, kind) for pair, kind, owner in said if not _add_for_exit(owner, side)]
        entries = entries[::-1]
        same_kind = [pair for pair, kind in entries if kind == d.kind]
        for a, b in same_kind + [pair for pair, _ in entries]:
            if b is None:
                continue
            if d.a is None or isinstance(d.a, Pronoun) or _same(d.a, a):
                d.a, d.b = (a if d.a is None or isinstance(d.a, Pronoun) else d.a), b
                if isinstance(b, Ind) and b.family == "ichimoku" and b.said_output and d.rel:
                    # "over the cloud ... exit when it goes under": under the cloud, its
                    # bottom (the side is chosen again for this direction); "back inside"
                    # it, with no direction, is back over the edge the entry crossed
                    d.b = copy.deepcopy(b)
                    d.b.output = b.said_output
                return
            if _same(d.a, b):
                d.b = a
                return
        if isinstance(d.a, Ind) and d.a.family == "macd" and d.a.output in (None, "macd"):
            d.a.output = "macd"  # "MACD crosses up": the MACD line and its signal line
            d.b = Ind("macd", "signal", dict(d.a.params), pos=d.a.pos)
            self.note(
                "'MACD crosses' with nothing to cross read as the MACD line crossing its "
                "signal line"
            )
            return
        raise Unresolved("nothing earlier to cross back over")

    def _signal_of(self, a: Operand | None, signal: Ind) -> Ind:
        """ "it crosses its signal line (9)": MACD's signal line, or for an oscillator whose
        signal line is an EMA of it (TRIX, PPO) that EMA, its length the number said."""
        signal.its = False
        if not isinstance(a, Ind) or a.family not in EMA_SIGNAL_FAMILIES:
            return signal
        said = list(signal.params.values())  # "(9)" was read as the MACD's first setting
        period = said[0] if len(said) == 1 else 9
        if not said:
            self.note("its signal line read as the 9-bar EMA of it (the usual signal line)")
        line = Ind("ema", params={"period": period}, source="indicator", pos=signal.pos)
        line.of = copy.deepcopy(a)
        return line

    def _note_the_stock_moves(self) -> None:
        """ "RSI(14) < 30, sell when it turns down": "it" moving is read as the stock, said back
        when the condition before was on an indicator (which "it" could also mean)."""
        last = self.history[-1][0] if self.history else None
        if isinstance(last, Ind) and last.family not in PRICE_FAMILIES:
            name = KIND_NAMES.get(last.family, last.family.upper())
            self.note(f"'it' read as the stock (its close), not the {name} named before")

    def _pick_subject(self, b: object, reached: bool = False) -> Operand:
        """Who a condition said without its subject is about; ``reached`` when the condition
        is a line being reached ("at the 20 SMA"), which only the price does."""
        subjects = [a for a, _ in reversed(self.history)]
        last = subjects[0] if subjects else None
        its_indicator = isinstance(last, Ind) and last.family not in PRICE_FAMILIES
        if isinstance(b, Ind) and b.its and its_indicator:
            if b.family not in MA_FAMILIES or self._averaged_before(last):
                return copy.deepcopy(last)  # "it is below its 20-day average", it = OBV
            self.note(  # "RSI(2) is under 5 as long as it's above its 200-day moving average"
                "'it ... its average' read as the price and the price's average: "
                f"{KIND_NAMES.get(last.family, last.family)} was compared with a level, not "
                "with an average of itself"
            )
        named = [m for m in self.mentioned if m.family not in PRICE_FAMILIES]
        if isinstance(b, Ind) and b.its and last is None and named:
            return copy.deepcopy(named[-1])  # "Use the TRIX (15): buy when it crosses its ..."
        if b == "slope" and isinstance(last, Ind) and last.family in _PRICE_SCALE:
            return copy.deepcopy(last)  # "the Hull MA turns up, sell when it turns down"
        turned = self._line_said_to_turn() if b == "slope" else None
        if turned is not None:
            return turned  # "the 20 day SMA turns up and price is above it, ... it turns down"
        if isinstance(b, Num) and b.dollars:  # "RSI(14) is over 50, sell if it falls under $400"
            prices = [a for a in subjects if isinstance(a, Price) and a.field != "volume"]
            return copy.deepcopy(prices[0]) if prices else Price("close")
        if isinstance(b, Num):
            said = self.history[-1] if self.history else None
            if said is not None and isinstance(said[0], Price) and isinstance(said[1], Num):
                return copy.deepcopy(said[0])  # "drops under 150, sell when it hits 170"
            for a in subjects + list(reversed(self.mentioned)):
                if isinstance(a, Ind) and a.of is not None and a.times == 1.0:
                    a = a.of  # "RSI was below 30 in the last 5 days and it crosses above 50"
                    # (but a cumulative RSI, N x an average, is on a scale of its own)
                if isinstance(a, Ind) and a.family not in PRICE_FAMILIES:
                    return a
            if b.level in ("oversold", "overbought"):
                self.note(f"'{b.level}' with no indicator read as RSI(14) {b.level}")
                return Ind("rsi")
            raise Unresolved("no indicator for this level")
        if isinstance(b, Ind) and b.family not in PRICE_FAMILIES:
            for a in subjects + list(reversed(self.mentioned)):
                if isinstance(a, Ind) and a.family == b.family:
                    main = {"macd": "macd", "stoch": "k"}.get(a.family, a.output)
                    return Ind(a.family, main, dict(a.params), source=a.source, pos=a.pos)
            raise Unresolved("no subject")
        closes = [a for a in subjects if isinstance(a, Price) and a.field == "close"]
        # "the 50 EMA is rising, take profit at the upper band": a band or channel with its
        # subject left out is reached by the price, never by an average named before
        channel = isinstance(b, Ind) and (b.family in CHANNEL_FAMILIES or b.family == "vwap")
        for a in subjects:
            if isinstance(a, Price) and a.field in ("low", "high"):
                # "pulls back to the 20 EMA, sell when it ...", "three lower lows in a row, as
                # long as it's above the 200 SMA": "it" is the stock, read at its close
                return (
                    closes[0] if closes else Price("close", timeframe=a.timeframe, symbol=a.symbol)
                )
            if isinstance(a, Price) and a.field != "volume":
                return a
            line = ("sma", "ema", *_PRICE_SCALE) if isinstance(b, Price) else ("sma", "ema")
            average = isinstance(a, Ind) and a.family in line and not _same(a, b)
            if average and not channel and not reached:
                return a
        return Price("close")

    def _line_said_to_turn(self) -> Ind | None:
        """The last line said to rise, fall or turn ("the 20 day SMA turns up"): what "it turns
        down" means even when the price was compared with that line since."""
        turned = [
            a
            for (a, line), kind in zip(self.history, self.kinds, strict=True)
            if line is None and kind == "compare" and isinstance(a, Ind)
        ]
        return copy.deepcopy(turned[-1]) if turned else None

    def _averaged_before(self, indicator: Ind) -> bool:
        """The condition just before compared ``indicator`` with an average of itself ("OBV is
        above its 20-day average"), so a following "it ... its average" is the same line."""
        subject, line = self.history[-1]
        return _same(subject, indicator) and isinstance(line, Ind) and line.of is not None

    def _extreme_named_before(self, price: Price) -> Operand:
        """ "10% below its 52-week high, sell when it gets back to the high": the high (low) over
        a window named before, not the bar's own; "20% off the high" with none named says
        which high is meant (a close 20% below its own bar's high is no one's rule)."""
        kinds = (("highest", "high"), ("record_high", "close"))
        if price.field == "low":
            kinds = (("lowest", "low"), ("record_low", "close"))
        named = [o for o in self.inds if (o.family, o.source) in kinds and not o.of]
        if named:
            line = copy.deepcopy(named[-1])
            line.times, line.plus = price.times, price.plus
            self.note(f"'the {price.field}' read as the {price.field} named before it")
            return line
        if price.times != 1.0 or price.plus:
            raise Unresolved(f"which {price.field}: say its window, as in 'its 52-week high'")
        return price

    def _level(self, a: Operand | None, b: Num) -> Num:
        family = a.family if isinstance(a, Ind) else None
        levels = OSCILLATOR_LEVELS.get(family or "", {})
        if b.level not in levels:
            raise Unresolved(f"'{b.level}' needs an oscillator")
        value = levels[b.level]
        given = a.levels.get(b.level) if isinstance(a, Ind) else None
        if given is not None:  # "RSI (9, 80/20)": the levels said with its length
            value = given
        elif b.level != "center":
            name = KIND_NAMES[family or ""]
            self.note(f"{name} {b.level} level {value:g} (the standard)")
        return Num(value)

    def _touch(self, d: DCond, side: str) -> None:
        """ "reaches 70", "touches the lower band", "at the middle band": the close at or beyond
        the level, on the side the move comes from."""
        a, b = d.a, d.b
        d.kind = "compare"
        if d.stop:  # "stop at the 20 EMA": the close through it, against the trade
            said, d.rel = d.rel, ">" if side in ENTRY_SIDES else "<"
            if said is not None and said[0] != d.rel:  # "stop 2% above the 20 EMA" on a long
                raise Unresolved("a stop below a line closes a long, and above it a short")
            said = "above" if d.rel == ">" else "below"
            self.note(f"a stop at a line read as an exit when the close is {said} that line")
            return
        if isinstance(b, Num) and isinstance(a, Ind):
            entry = self._entry_move(a, side)
            level = self._entry_level(a, side) if side != "entry" else None
            if level is not None and b.value is not None and b.value != level:
                # "buy when RSI crosses above 30, sell at 60": on to 60, the side of 30 it is on
                d.rel = ">=" if b.value > level else "<="
                return
            if entry is not None:  # "buy below 30 ... exit at RSI 50": rising back to 50
                d.rel = ">=" if entry == "below" else "<="
                return
            middle = OSCILLATOR_LEVELS.get(a.family, {}).get("center", 0.0)
            d.rel = ">=" if (b.value or 0.0) > middle else "<="
            return
        if isinstance(b, Ind) and self._band_edges(b) is not None:
            d.rel = self._edge_met(a, b, side)
            return
        if isinstance(b, Ind):
            upper = b.output == "upper" or b.family in UPPER_LINES
            lower = b.output == "lower" or b.family in LOWER_LINES
            if not (upper or lower):  # a middle line: back from where the entry had the price
                entry = self._entry_move(a, side)
                upper = entry == "below" if entry is not None else side not in ENTRY_SIDES
            d.rel = ">=" if upper else "<="
            return
        if isinstance(b, Price) and b.field in ("high", "low"):
            d.rel = ">=" if b.field == "high" else "<="  # "sell at yesterday's high": up to it
            return
        if isinstance(b, Num | Price):
            d.rel = ">=" if side not in ENTRY_SIDES else "<="
            return
        raise Unresolved("cannot tell which way 'reaches' goes")

    def _touch_by_the_close(self, d: DCond) -> None:
        """ "price touches the lower band" is read as the close at or beyond the line (as the
        corpus has long read it), where "the low touches the 20 EMA" and "pulls back to the
        21 EMA" are the bar's low reaching it: a touch the close need not make, so the close
        reading is echoed, never silent."""
        plain = isinstance(d.a, Price) and d.a == Price("close")
        if d.stop or not plain or not isinstance(d.b, Ind) or d.rel not in ("<=", ">="):
            return
        beyond, extreme = ("below", "low") if d.rel == "<=" else ("above", "high")
        self.note(
            f"reaching a line ('touches', 'at', 'back to') read as the close at or {beyond} "
            f"it, not the bar's {extreme} touching it"
        )

    def _band_edges(self, ind: Ind) -> str | None:
        """The family of a band or cloud named without its edge ("the Bollinger band", "the
        channel", "the cloud"); None for any other line."""
        family = self.band_family if ind.family == "band" else ind.family
        sided = TABLE[family].sided if family in TABLE else {}
        unnamed = ind.output in sided or (family in ("bbands", "donchian") and ind.output is None)
        return family if family in _BAND_EDGES and unnamed else None

    def _edge_met(self, subject: Operand | None, band: Ind, side: str) -> str:
        """ "sell when price touches the cloud": the edge price meets coming from where the
        entry put it (above the cloud: its top, from above; inside the bands, rising: the upper
        band), set on ``band``; the comparison it makes. With no entry against the band, the
        near edge of a band price trades inside (a buy at the lower band, a sell at the upper);
        a cloud's edge is then unknown, as is which band a mean-reversion trade entered beyond
        a band, or a momentum trade entered at one, exits at: all are reported, never
        guessed."""
        family = str(self._band_edges(band))
        upper, lower, name, noun = _BAND_EDGES[family]
        where = self._entry_against(subject, family, side)
        if where is None and family not in _INSIDE_BANDS:
            raise Unresolved("which edge of the cloud: say its top or its bottom")
        if where is None:
            top, rel = side not in ENTRY_SIDES, None
        else:
            direction, edge, touched = where
            beyond = (direction, edge) in (("above", "upper"), ("below", "lower"))
            long = side in ("exit", "short_entry")
            reverting = (edge == "lower") == long  # a long from the lower band: to the upper
            if beyond and not touched and family in _INSIDE_BANDS and reverting:
                raise Unresolved("which band: the one it returns to, or the far one")
            top = edge == "upper" if beyond and not touched else direction == "above"
            if touched and edge in ("upper", "lower"):  # at one band: on to the other one
                if family in _INSIDE_BANDS and not reverting:
                    raise Unresolved("which band: the one it is at, or the far one")
                top = edge == "lower"
            rel = ("<=" if top else ">=") if beyond and not touched else None
        band.family, band.said_output, band.output = family, band.output, upper if top else lower
        edge = f"{band.output.replace('_', ' ')} {noun}".strip()
        why = "from where the entry had the price" if where is not None else "its near edge"
        self.note(f"'the {name}' read as its {edge} (the edge price meets first, {why})")
        return rel or (">=" if top else "<=")

    def _entry_against(
        self, subject: Operand | None, family: str, side: str
    ) -> tuple[str, str, bool] | None:
        """On an exit (or a short entry closing a long): how the entry had ``subject`` against
        an edge of a band of ``family``: (above | below, upper | lower | middle, touched)."""
        if side == "entry":
            return None
        entry_side = "short_entry" if side == "short_exit" else "entry"
        for move in reversed(self.moves):
            line = move.against
            if move.side != entry_side or not _same(move.subject, subject):
                continue
            if not isinstance(line, Ind):
                continue
            owner, output = _EXTREME_EDGES.get(line.family, (line.family, line.output))
            if owner != family:
                continue
            upper, lower, _, _ = _BAND_EDGES[family]
            edge = {upper: "upper", lower: "lower"}.get(output or "", "middle")
            return move.direction, edge, move.touched
        return None

    def _family(self, ind: Ind, other: object, direction: str | None) -> None:
        """Settle moving-average type, band family and output."""
        if ind.family == "bare":
            same = isinstance(other, Ind) and other.family in ("sma", "ema")
            kinds = {o.family for o in [*self.inds, *self.mentioned]} & {"sma", "ema"}
            ema = not same and kinds == {"ema"}  # "3 EMA strategy: ... pulls back to the 21"
            ind.family = other.family if same else ("ema" if ema else "sma")  # type: ignore[union-attr]
            period = ind.params.get("period", 0)
            if ema:
                self.note(
                    f"'the {period:g}' read as the {period:g}-bar EMA (the averages named are EMAs)"
                )
            elif not same:
                self.note(f"'the {period:g}-day' read as the {period:g}-day simple moving average")
        said = self._average_said_before(ind)
        if said is not None:  # "8% below the 100-day EMA, sell when it gets back to the average"
            ind.family, ind.params = said.family, dict(said.params)
            self.note(
                f"'the average' read as the {said.family.upper()}({said.params['period']:g}) "
                "named before"
            )
        named = {o.family for o in self.inds if o.family in ("sma", "ema") and not o.role}
        if ind.family == "ma" and ind.role and len(named) == 1:
            ind.family = named.pop()  # "9 ema crosses 21 ema, sell when fast crosses slow"
            self.note(f"'{ind.role}' read as an {ind.family.upper()} (the averages named are)")
        if ind.family == "ma":
            ind.family = "sma"
            what = "average volume" if ind.source == "volume" else "'moving average'"
            self.note(f"{what} read as a simple moving average (SMA)")
        if ind.family == "band":
            ind.family = self.band_family
        if ind.family == "stoch" and not ind.params and ind.output in ("k", "d"):
            named = {o.family for o in self.inds if o is not ind}
            if "stochrsi" in named and "stoch" not in named:
                ind.family = "stochrsi"  # "the Stoch RSI %K ..., sell when %K > 80": its %K
        sided = TABLE[ind.family].sided if ind.family in TABLE else {}
        if ind.output in sided and direction is not None:
            upper, lower = sided[ind.output]
            said = ind.output or "channel"
            ind.said_output = ind.output
            ind.output = upper if direction == "above" else lower
            line = ind.output.replace("_", " ")
            name = TABLE[ind.family].title
            self.note(f"'the {name} {said}' read as its {line} (price moving {direction})")
        if ind.family in ("bbands", "donchian") and ind.output is None:
            if direction is None:
                if ind.family == "bbands":
                    return
                raise Unresolved("which band")
            ind.output = "upper" if direction == "above" else "lower"
            name = "Bollinger" if ind.family == "bbands" else "Donchian"
            self.note(f"'the {name} band' read as the {ind.output} band (price moving {direction})")
        if ind.family == "donchian":
            self._donchian_settings_said_before(ind)
            self.donchians.append((ind.pos, dict(ind.params)))
        if ind.family == "donchian" and ind.output == "middle":
            ind.family, ind.output = "donchian_mid", None  # "the Donchian midline"
            ind.params.pop("exit_period", None)
            return
        if ind.family == "donchian":
            ind.family = "highest" if ind.output == "upper" else "lowest"
            ind.source = "high" if ind.family == "highest" else "low"
            ind.output = None
            exit_period = ind.params.pop("exit_period", None)
            if exit_period is not None and ind.family == "lowest":
                ind.params["period"] = exit_period  # "below the Donchian 55/20": the exit's

    def _donchian_settings_said_before(self, ind: Ind) -> None:
        """ "above the upper Donchian channel (55), sell below the lower one": a Donchian line
        named with no settings is of the channel named before with them (its lines are read as
        highest/lowest lines, no longer of the Donchian kind the donors are found by)."""
        said = [params for pos, params in self.donchians if params and pos < ind.pos]
        if ind.params or not said:
            return
        ind.params = dict(said[-1])  # with its exit period ("the Donchian 55/20")
        period = ind.params.get("exit_period" if ind.output == "lower" else "period")
        period = period or ind.params["period"]
        line = ind.output or "channel"
        self.note(f"the Donchian {line} line read as that of the channel named before ({period:g})")

    # -- step 2: parameters ---------------------------------------------------------------------

    def indicators(self) -> dict[int, S.Indicator]:
        """Complete every indicator's parameters; map ``id(draft)`` to its Indicator."""
        out: dict[int, S.Indicator] = {}
        for ind in self.inds:
            if ind.family in ("bbands",) and ind.output is None:
                continue
            if ind.family in TABLE and ind.output in TABLE[ind.family].sided:
                continue  # a channel named without a side or a move: never used in a rule
            params = self._params(ind)
            source = ind.source if ind.of is None else _source_of(ind.of, out)
            out[id(ind)] = S.Indicator.make(
                ind.family, source, timeframe=ind.timeframe, symbol=ind.symbol, **params
            )
        return out

    def _pair_said(self, kind: str) -> tuple[float, float] | None:
        """(fast, slow) lengths of the only two averages of ``kind`` the text gives a length
        ("10 sma above 30 sma, sell when fast below slow"), else None."""
        periods = {
            o.params["period"]
            for o in self.inds
            if o.family == kind and not o.role and "period" in o.params
        }
        if len(periods) != 2:
            return None
        fast, slow = sorted(periods)
        return fast, slow

    def _params(self, ind: Ind) -> dict[str, float]:
        kind = ind.family
        expected = S.INDICATOR_PARAMS[kind]
        params = dict(ind.params)
        if ind.role and not params and kind in ROLE_DEFAULTS:
            pair = self._pair_said(kind)
            if pair is not None:  # "ma cross 10 and 30: buy when fast above slow": that pair
                params["period"] = pair[0] if ind.role == "fast" else pair[1]
                self.note(
                    f"'{ind.role}' read as the {params['period']:g}-bar {kind.upper()} of the "
                    f"{pair[0]:g}/{pair[1]:g} pair said"
                )
                return params
            fast, slow = ROLE_DEFAULTS[kind]
            params["period"] = fast if ind.role == "fast" else slow
            self.note(
                f"fast/slow {kind.upper()} periods {fast:g}/{slow:g} (a common pair) because "
                "none were given"
            )
            return params
        needed = set(expected) - {"smooth"}
        framed = self._line_of_framed(ind) if not params else None
        if framed is not None:  # "the daily lower band (20, 2) ..., exit at the middle band"
            ind.timeframe = framed.timeframe
        for donor in self._donors(ind):  # "%K(5) crosses above %D(3)": each gives one setting
            if set(params) >= needed:
                break
            for key, value in donor.params.items():
                params.setdefault(key, value)
        if set(params) >= needed:
            return params
        missing = {k: v for k, v in expected.items() if k not in params and k != "smooth"}
        partly = kind in TABLE and TABLE[kind].default_note and set(params) - {"smooth"}
        if partly:  # "Keltner (20, 1.5)": only the rest is a default, not "none were given"
            said = ", ".join(
                f"{k.replace('_', ' ').replace('atr', 'ATR')} {v:g}" for k, v in missing.items()
            )
            self.note(f"{TABLE[kind].title} {said} (the default) because it was not given")
        else:
            self.note(_default_note(kind, ind.source, missing))
        return {**params, **missing}

    def _average_said_before(self, ind: Ind) -> Ind | None:
        """For "the average" with no length: the one EMA of the price named before it, when it
        is the only moving average named (an SMA's length is lent by the SMA donors)."""
        if ind.family != "ma" or ind.params or ind.role or ind.source != "close" or ind.of:
            return None
        earlier = {
            (o.family, o.params.get("period"))
            for o in [*self.inds, *self.mentioned]
            if o.family in ("sma", "ema")
            and "period" in o.params
            and o.pos < ind.pos
            and o.source == "close"
            and not (o.timeframe or o.symbol)
        }
        if len(earlier) != 1:
            return None
        family, period = earlier.pop()
        return Ind(family, params={"period": period}) if family == "ema" else None

    def _ibs_level(self, level: object) -> object:
        """An IBS level said on a 0-100 scale ("IBS below 20", "IBS < 20%") as the 0-1 IBS."""
        if not isinstance(level, Num) or level.value is None or not 1 < level.value <= 100:
            return level
        self.note(f"IBS level {level.value:g} read as {level.value / 100:g} (IBS runs from 0 to 1)")
        return Num(level.value / 100)

    def _line_of_framed(self, ind: Ind) -> Ind | None:
        """For another line of a many-lined indicator named with no settings or time frame
        ("the middle band"), or an average named again ("sell at the EMA"): the one named
        before on another time frame ("the daily lower Bollinger band", "the 20-day EMA" on
        hourly bars), when it is the only one of its kind named before with settings."""
        many = ind.family in TABLE and bool(TABLE[ind.family].outputs)
        if ind.timeframe or ind.symbol or not (many or ind.family in PRICE_FAMILIES):
            return None
        earlier = [o for o in self._settled_kin(ind) if o.pos < ind.pos]
        if len({(o.timeframe, o.symbol) for o in earlier}) != 1:
            return None
        framed = earlier[-1]
        other_line = framed.output != ind.output or not many
        return framed if framed.timeframe and other_line else None

    def _settled_kin(self, ind: Ind) -> list[Ind]:
        """The other mentions of ``ind``'s kind, of the same source, with written settings."""
        return [
            o
            for o in self.inds
            if o is not ind and o.family == ind.family and o.source == ind.source and o.params
        ]

    def _donors(self, ind: Ind) -> list[Ind]:
        """Same-kind mentions with written settings: the nearest earlier ones first, then the
        later ones in order."""
        frame = (ind.timeframe, ind.symbol)
        same = [o for o in self._settled_kin(ind) if (o.timeframe, o.symbol) == frame]
        before = sorted((o for o in same if o.pos <= ind.pos), key=lambda o: -o.pos)
        after = sorted((o for o in same if o.pos > ind.pos), key=lambda o: o.pos)
        return before + after


def _source_of(inner: Ind, table: dict[int, S.Indicator]) -> str:
    """The spec source of an average of ``inner``: its id, and ".output" for one line of it."""
    if id(inner) not in table:
        raise Unresolved("the indicator an average is computed on")
    ref = to_operand(inner, table)
    return ref.id + (f".{ref.output}" if ref.output else "")  # type: ignore[union-attr]


def _default_note(kind: str, source: str, missing: dict[str, float]) -> str:
    if kind in TABLE and TABLE[kind].default_note:
        return TABLE[kind].default_note
    if kind == "sma" and source == "volume":
        return f"average volume over {missing['period']:g} bars (a common default)"
    if kind == "bbands":
        bits = []
        if "period" in missing:
            bits.append(f"{missing['period']:g} bars")
        if "std" in missing:
            bits.append(f"{missing['std']:g} standard deviations")
        return f"Bollinger Bands {', '.join(bits)} (the standard) because none were given"
    name = KIND_NAMES[kind]
    return f"{name} period {missing.get('period', 0):g} (a common default) because none was given"


def _same(x: object, y: object) -> bool:
    if isinstance(x, Ind) and isinstance(y, Ind):
        return (
            x.family == y.family
            and x.output == y.output
            and (not x.params or not y.params or x.params == y.params)
        )
    if isinstance(x, Price) and isinstance(y, Price):
        return x.field == y.field
    return False


# -- step 3: spec objects -----------------------------------------------------------------------


def to_operand(operand: Operand, table: dict[int, S.Indicator]) -> S.Operand:
    """A spec operand for a resolved draft operand."""
    if isinstance(operand, Num):
        return S.Number(value=operand.value or 0.0)
    if isinstance(operand, Price):
        return S.PriceRef(
            field=operand.field,
            lag=operand.lag,
            times=operand.times,
            plus=operand.plus,
            timeframe=operand.timeframe,
            symbol=operand.symbol,
        )
    if isinstance(operand, Ind):
        indicator = table[id(operand)]
        outputs = S.INDICATOR_OUTPUTS.get(indicator.kind)
        output = operand.output if outputs else None
        if outputs and output is None:
            output = outputs[0]
        return S.IndicatorRef(
            id=indicator.id, output=output, lag=operand.lag, times=operand.times, plus=operand.plus
        )
    raise Unresolved("unresolved operand")


def to_condition(d: DCond, table: dict[int, S.Indicator]) -> S.Condition:
    """A spec condition for a resolved draft condition."""
    if d.count is not None:  # "3 of the last 4 days ...", "twice within 5 days"
        need, bars, event = d.count
        each = to_condition(replace(d, count=None), table)
        tally = S.Count(condition=each, at_least=need, bars=bars)
        return S.And(conditions=[each, tally]) if event else tally
    if d.kind == "consecutive":
        return S.ConsecutiveCloses(n=d.n, direction=d.rel, exactly=d.exactly)  # type: ignore[arg-type]
    if isinstance(d, When) and d.either:
        dates = [S.And(conditions=[to_condition(w, table) for w in e]) for e in d.either]
        return S.Or(conditions=dates)
    if isinstance(d, When):
        unit = "weekday_before" if d.prior_day else d.unit
        return S.Calendar(unit=unit, values=list(d.values))  # type: ignore[arg-type]
    if isinstance(d.a, Multi):  # "both the 10 and 20 day EMAs are rising": each of them
        each = [to_condition(replace(d, a=item), table) for item in d.a.items]
        return S.And(conditions=each)
    a = to_operand(d.a, table)  # type: ignore[arg-type]
    if isinstance(d.b, Multi):
        parts = [_single(d.kind, a, d.rel, to_operand(x, table)) for x in d.b.items]
        return S.Or(conditions=parts) if d.b.either else S.And(conditions=parts)
    if d.kind == "both":
        second = to_operand(d.b2, table)  # type: ignore[arg-type]
        level = to_operand(d.b, table)  # type: ignore[arg-type]
        return S.And(
            conditions=[
                S.Compare(a=a, op=d.rel, b=level),  # type: ignore[arg-type]
                S.Compare(a=second, op=d.rel, b=level),
            ]
        )  # type: ignore[arg-type]
    if d.kind == "between":
        low, high = to_operand(d.b, table), to_operand(d.b2, table)  # type: ignore[arg-type]
        return S.And(conditions=[S.Compare(a=a, op=">=", b=low), S.Compare(a=a, op="<=", b=high)])
    if d.b == "slope":  # type: ignore[comparison-overlap]
        b = a.model_copy(update={"lag": a.lag + 1})  # type: ignore[union-attr]
        return S.Compare(a=a, op=d.rel, b=b)  # type: ignore[arg-type]
    b = to_operand(d.b, table)  # type: ignore[arg-type]
    if d.kind == "cross":
        return S.Cross(a=a, direction=d.rel, b=b)  # type: ignore[arg-type]
    return S.Compare(a=a, op=d.rel, b=b)  # type: ignore[arg-type]


def _single(kind: str, a: S.Operand, rel: str | None, b: S.Operand) -> S.Condition:
    if kind == "cross":
        return S.Cross(a=a, direction=rel, b=b)  # type: ignore[arg-type]
    return S.Compare(a=a, op=rel, b=b)  # type: ignore[arg-type]


def combine(parts: list[tuple[str, S.Condition]]) -> S.Condition | None:
    """Join conditions: "and" binds tighter than "or"."""
    groups: list[list[S.Condition]] = []
    for connector, cond in parts:
        if connector == "or" and groups:
            groups.append([cond])
        elif groups:
            if cond not in groups[-1]:  # "buy sma 50/200 golden cross": one condition, twice
                groups[-1].append(cond)
        else:
            groups.append([cond])
    ands = [g[0] if len(g) == 1 else S.And(conditions=g) for g in groups]
    if not ands:
        return None
    return ands[0] if len(ands) == 1 else S.Or(conditions=ands)


# -- the squeeze ---------------------------------------------------------------------------------


def squeeze_before_breakout(
    parts: list[tuple[str, S.Condition]], note: Callable[[str], None]
) -> list[tuple[str, S.Condition]]:
    """A squeeze and a breakout in one rule ("the bands squeeze inside the Keltner channels and
    price breaks out up", "closes above the upper Keltner channel and the squeeze was on"): the
    squeeze is the setup, so it is checked on the bar before the breakout (a close beyond a
    Bollinger or Keltner band), as in John Carter's TTM Squeeze."""
    joined = all(connector == "and" for connector, _ in parts[1:])
    if not joined or not any(_outside_a_band(c) for _, c in parts):
        return parts
    out = []
    for connector, cond in parts:
        squeeze = isinstance(cond, S.Compare) and isinstance(cond.a, S.IndicatorRef)
        if squeeze and cond.a.id == "squeeze" and cond.a.lag == 0 and cond.op == ">":
            cond = cond.model_copy(update={"a": cond.a.model_copy(update={"lag": 1})})
            note(
                "a squeeze and a breakout in one rule: the squeeze is the setup, checked on the "
                "bar before the breakout"
            )
        out.append((connector, cond))
    return out


def _outside_a_band(cond: S.Condition) -> bool:
    """The price crosses or closes beyond an upper or lower Bollinger or Keltner band."""
    if not isinstance(cond, S.Cross | S.Compare):
        return False
    return any(
        isinstance(o, S.IndicatorRef)
        and o.id.startswith(("bbands", "keltner"))
        and o.output in ("upper", "lower")
        for o in (cond.a, cond.b)
    )


def _signal_length_said(a: object, b: object) -> bool:
    """The MACD line against a signal line with one number of its own ("its 16-period signal
    line", "the signal line (9)"): that number is the signal's length, not a second MACD's."""
    return (
        isinstance(a, Ind)
        and isinstance(b, Ind)
        and (a.family, a.output, b.family, b.output) == ("macd", "macd", "macd", "signal")
        and len(b.params) == 1
        and "signal" not in a.params
        and a.params != b.params
    )
