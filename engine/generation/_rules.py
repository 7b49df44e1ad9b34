"""Matched phrases -> rules: the second stage of reading a description.

:func:`read_rules` groups the conditions under their actions, gives each rule its side, and
reads the settings (symbol, period, sizing, stops, fills); its output, :class:`Rules`, is what
``_resolve`` turns into spec conditions.

**Grouping.**
Sentences end at ". ; ! ?" or a line break; clauses end at "," or ":". Within a clause, the
conditions after an action belong to it, and conditions before the first action belong to that
action ("when X buy"); in a clause that puts its conditions first, a condition between two
actions belongs to the later one ("when X buy and when Y sell"). A clause without an action
belongs to the previous action of its sentence ("buy when X, Y"), or to the next one when it
starts with "when"/"if" and the next clause starts with an action ("When X, buy"), when no
action came before it in the sentence, or when the next clause is an action alone and the
previous rule has its conditions ("RSI > 50: long, RSI < 50: short"); such a clause goes back
to an action said bare before it when the next action has conditions of its own ("buy: when X,
then sell when Y"). Conditions said without an action before "and/but" and an action are a
clause of their own ("golden cross but exit when RSI > 80"). Conditions left over at the end of
a sentence join the last rule ("Buy when X. Only when Y."). Months said to be avoided restrict
the entries wherever they are said.

**Sides.** "buy"/"enter"/"go long" open a long; "sell"/"exit" close it; "short" opens a short;
"cover"/"buy back" close it. "sell" with no buy rule anywhere is a short sale; "buy" after a
short rule with no sell rule is buying to cover; under "always in the market" a sell rule is the
short entry.

**Fills and symbols.** A fill said in a rule ("sell at the close", "Monday's open") applies to
that rule's side (entries or exits); said on its own ("all orders at the close") to both. A side
whose fill was not said takes the other side's, and that is stated as an assumption. A condition
on a named symbol is on the traded symbol when it names that symbol, or when no symbol was given
and it is not a market index or index fund, or every rule reads only that symbol (then that
symbol is traded); otherwise it reads the other symbol's bars (a market filter, a benchmark).

**Vague requests.** A description with no conditions but a recognisable style or indicator ("a
momentum strategy", "something with moving averages", "sell in May") and no word left unread
gets that style's documented default rules, stated as an assumption.

Values out of range (a 150% stop, a 0-day period) and settings that need another (a risk per
trade without a stop) are not used: their spans are ``rejected`` and quoted back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from engine.generation import _trader_phrases as trader
from engine.generation import _vocabulary as vocab
from engine.generation import spec as S
from engine.generation._draft import DCond, Ind, Item, Multi, Num, Price, When
from engine.generation._english import clock
from engine.generation._indicator_table import TABLE
from engine.generation._match import Matched, Span, said_interval
from engine.generation._operands import frame_at, opening_range_definition
from engine.generation._tokens import Stream

ENTRY_ACTIONS = ("buy", "enter", "short", "implied_buy", "reverse")
PATTERN_KINDS = frozenset(kind for kind, entry in TABLE.items() if entry.pattern)
ENTRY_SIDES = ("entry", "short_entry", "add_on")
#: Symbols read as a market filter (not as the traded symbol) when no symbol is given.
MARKET_SYMBOLS = frozenset(
    {"SPY", "QQQ", "IWM", "DIA", "VTI", "VOO", "^GSPC", "^IXIC", "^NDX", "^DJI", "^VIX", "TLT"}
)


@dataclass
class Rule:
    """An action and its conditions; ``parts`` pairs each condition with its connector."""

    action: str
    start: int
    parts: list[tuple[str, DCond]] = field(default_factory=list)
    side: str = ""


@dataclass
class Rules:
    """The rules of a description, with its settings.

    ``values`` are the spec's settings (symbol, period, sizing, fills) and ``risk`` its stops,
    target and time exit; ``notes`` the assumptions so far; ``rejected`` the spans of phrases
    that could not be used. ``defaulted``: no rule was given, so ``rules`` are a style's
    documented default. ``read_anything``: some phrase of the text was matched.
    """

    rules: list[Rule] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    risk: dict[str, object] = field(default_factory=dict)
    direction: str | None = None
    styles: list[str] = field(default_factory=list)
    mentions: list[Ind] = field(default_factory=list)
    mention_items: list[Item] = field(default_factory=list)
    buy_and_hold: bool = False
    never_exit: bool = False  # "never sell": no exit rule, not the entry's opposite
    notes: list[str] = field(default_factory=list)
    extra_symbols: list[str] = field(default_factory=list)
    implied: bool = False  # the entry was a condition said without an action word
    #: "price drops 5%", "5% below my entry": (kind, amount, words), sided by _short_price_moves
    price_moves: list[tuple[str, float, Span]] = field(default_factory=list)
    rejected: list[Span] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why some words were not used
    refusal: str | None = None  # a rule said that cannot be built as said ("sell at 2R", no stop)
    defaulted: bool = False
    read_anything: bool = False
    avoided: list[Rule] = field(default_factory=list)  # "except when X": X as said
    unread_sides: set[str] = field(default_factory=set)  # "exit once CCI tops +50": words lost
    chart_roles: list[Item] = field(default_factory=list)  # "the 1h chart for trend", echoed
    standard_risk: set[str] = field(default_factory=set)  # a named strategy's default stops


def read_rules(matched: Matched) -> Rules:
    """The rules and settings of ``matched`` (see the module docstring)."""
    out = _settings(matched.items, matched.named_until)
    out.notes += matched.notes
    # the test would run on another symbol than the one meant
    out.problems += [vocab.UNKNOWN_NAME_PROBLEM.format(name=n) for n in matched.unknown_names]
    out.rejected += _risk_without_stop(matched.items, out)
    out.rejected += _size_beyond_the_account(matched.items, out)
    out.rejected += _r_target(matched, out)
    out.rejected += _breakeven_in_r(matched.items, out)
    rules, orphans = group_rules(matched.items)
    rules = _only_dated_entries_restrict(rules, matched.stream)
    if any(r.action == "implied_buy" for r in rules) and _unread_action(matched):
        # "market filter using SPY's golden cross; trade MSFT pullbacks to the 20 ema only when
        # the filter is on": the entry is in the words not read, not the condition that was
        orphans += [d for r in rules if r.action == "implied_buy" for _, d in r.parts]
        rules = [r for r in rules if r.action != "implied_buy"]
    opens = any(r.action in ENTRY_ACTIONS for r in rules)
    if out.direction is None and not opens and _below_the_entry(matched):
        out.direction = "long"
        out.notes.append("a loss measured below the entry price is a long's: 'sell' closes a long")
    _assign_sides(rules, out, _said_long(matched))
    _opposite_channel_edges(rules)
    _adds_in_the_trades_favour(rules, out)
    _tranches(rules, out)
    _held_but_never_bought(rules, matched, out)
    _bar_stop_on_the_signal_bar(rules, matched.items, out)
    _filters_need_an_entry(rules, out)
    _short_price_moves(rules, out)
    _opening_range_lengths(rules, matched.stream, out)
    _opening_move_once_a_day(rules, out)
    _chart_roles(rules, orphans, matched.stream, out)
    _frames_of_the_bars_tested(rules, out)
    intraday = str(out.values.get("interval") or "1d")[-1] in ("m", "h")
    if intraday:
        _the_days_prices(rules, matched.stream, out)
        _days_on_intraday_bars(rules, matched.stream, out)
        _day_stops_on_intraday_bars(matched, out)
        _market_close_on_intraday_bars(rules, matched.stream, out.notes)
    _day_end_on_daily_bars(rules, intraday)
    _clock_points(rules, matched.stream, out)
    _gap_at_the_open(rules, orphans, matched, out, intraday)
    _bought_at_the_open_sold_at_its_close(rules, matched.stream, out, intraday)
    out.values.update(_take_fills(rules, orphans, out.notes, out.risk, intraday))
    _prior_day_before_the_fill(rules, matched.stream, out)
    if out.values.pop("entry_fill_at_open", False):
        out.values["entry_fill"] = "open"  # not the exits' fill, whatever _take_fills noted
        out.notes[:] = [n for n in out.notes if not n.startswith("entries also fill")]
    _month_end_on_monthly_bars(rules, out)
    _runs_in_other_bars(rules, out)
    _lengths_shorter_than_a_bar(rules, matched, out)
    _subjects_carried(rules, matched.stream)
    market_said = any(matched.stream.said(vocab.OF_THE_MARKET))  # "of the market (SPY)"
    _place_symbols(rules, out.values, out.notes, matched.stream.text, market_said)
    _total_shares(out)
    _repeated_entries(rules, matched, out)
    out.rules = rules
    out.rejected += [(d.start, d.end) for d in orphans]
    out.unread_sides = _unread_sides(rules, matched, out.rejected)
    out.read_anything = any(i.kind not in ("sep", "conn") for i in matched.items)
    if out.extra_symbols:
        others = " and ".join(out.extra_symbols)
        again = "it" if len(out.extra_symbols) == 1 else "each"
        out.problems.append(
            f"A bot trades one symbol at a time: this one trades {out.values['symbol']}. "
            f"To test {others} too, run the same bot again with {again} as its symbol."
        )
    vague = out.styles or any(_default_for(m) for m in out.mentions)
    if vague and not any(r.parts for r in rules) and _asks_how_it_went(matched.stream):
        out.refusal = ASKS_HOW_IT_WENT  # "What was the return of SPY last year?"
    elif vague and not out.buy_and_hold and not any(r.parts for r in rules):
        inside = {k for start, end in out.rejected for k in range(start, end)}
        unread = any(k in inside or not matched.used[k] for k in matched.meaningful)
        if not unread:  # a vague request, every word read: the style's documented default
            mention = next((m for m in out.mentions if _default_for(m)), None)
            style = out.styles[0] if out.styles else None
            entry, exit_, note = _style_rules(style, mention)
            out.notes.append(note)
            out.rules = _default_rules(entry, exit_, rules, out)
            out.defaulted = True
    return out


#: The answer to a question about how a market did, asked with no rule
ASKS_HOW_IT_WENT = (
    "This asks how a market did, which Botlab does not look up: it tests a strategy, and every "
    "backtest reports the buy-and-hold return of its period beside the bot's. Describe when to "
    "buy and when to sell, for example: 'buy SPY when RSI(14) drops below 30, sell when it "
    "rises above 70, over the last year'."
)


def _asks_how_it_went(s: Stream) -> bool:
    """ "What was the return of SPY last year?", "How did QQQ do in 2022?": a question about the
    past (it opens with one of ``PAST_QUESTIONS`` and ends with "?"), not a vague request for a
    strategy, which would otherwise get a style's default ("return" is momentum's)."""
    ends = s.n > 0 and s.low(s.n - 1) == "?"
    return ends and s.longest(0, vocab.PAST_QUESTIONS) is not None


# -- grouping -----------------------------------------------------------------------------------


def group_rules(items: list[Item]) -> tuple[list[Rule], list[DCond]]:
    """Rules in text order, and conditions that belong to no action."""
    rules: list[Rule] = []
    carried: list[tuple[str, DCond]] = []
    framing: list[Rule] = []  # rules of sentences with no "when/if" ("I buy dips in uptrends.")
    for sentence in _split(items, strong=True):
        before = len(rules)
        pending = _sentence_rules(sentence, rules)
        if not any(i.kind == "cond" and i.when for i in sentence):
            framing += rules[before:]
        if carried and len(rules) > before and _only_fills(rules[before].parts):
            # "When RSI drops below 30. Buy.", "X and Y; buy at the close"
            rules[before].parts[:0] = carried
            carried = []
        if pending and rules and pending[0][1].start > rules[-1].start:
            for rule in _rules_of_late_conditions(rules, pending):
                rule.parts += pending  # "Buy when X. Only when Y."
        elif pending:
            carried += pending
    if carried and not any(r.action in ENTRY_ACTIONS for r in rules):
        # "golden cross on MSFT", "golden cross, death cross exit": a condition with no action
        closing = _opposite_crossings(carried)
        entry = [p for p in carried if p not in closing]
        rules.insert(0, Rule("implied_buy", entry[0][1].start, entry))
        if closing and not any(r.action == "sell" for r in rules):
            # "Golden Cross / Death Cross": the same two lines crossing both ways, no action
            # word: in on the first crossing, out on the other
            rules.insert(1, Rule("sell", closing[0][1].start, closing))
        carried = []
    rules = _framings_filter_their_rule(rules, framing)
    return _fills_join_their_rule(rules), [
        cond for _, cond in _avoided_months_to_entries(rules, carried)
    ]


#: Actions that open the same long trade ("buy ... Enter when ...")
_LONG_ENTRIES = dict.fromkeys(("buy", "enter"), "buy")


def _framings_filter_their_rule(rules: list[Rule], framing: list[Rule]) -> list[Rule]:
    """ "I buy dips in uptrends. Buy when RSI(2) < 5": an entry said in a sentence with no
    "when/if" of its own, before a "when" rule of the same action in a later sentence, frames
    that rule: its conditions filter it (ANDed), never a second entry ORed with it. Rules are
    told apart by identity: comparing them field by field made a long text's reading cubic."""
    framed = {id(rule) for rule in framing}
    filtering: set[int] = set()
    for rule in framing:
        action = _LONG_ENTRIES.get(rule.action, rule.action)
        later = next(
            (
                r
                for r in rules
                if id(r) not in framed
                and r.start > rule.start
                and _LONG_ENTRIES.get(r.action, r.action) == action
            ),
            None,
        )
        if rule.action in ENTRY_ACTIONS and rule.parts and later is not None:
            later.parts[:0] = [("and", cond) for _, cond in rule.parts]
            filtering.add(id(rule))
    return [rule for rule in rules if id(rule) not in filtering]


def _only_dated_entries_restrict(rules: list[Rule], s: Stream) -> list[Rule]:
    """ "Buy when RSI < 30 ... Only buy on Fridays." / "Buy only in January.": an entry said
    with "only" whose every condition is a date restricts the other entries of its action (ANDed
    into each), never a second entry ORed with them that would buy every Friday. Without "only"
    ("buy on Mondays") two entries stay two."""
    restricting = [
        rule
        for rule in rules
        if rule.action in ENTRY_ACTIONS
        and _dates(rule.parts, avoided=False)
        and vocab.ONLY_WORD in (s.low(rule.start - 1), s.low(rule.start + 1))
    ]
    dropped: set[int] = set()
    for rule in restricting:
        action = _LONG_ENTRIES.get(rule.action, rule.action)
        others = [
            r
            for r in rules
            if r is not rule
            and id(r) not in dropped
            and _LONG_ENTRIES.get(r.action, r.action) == action
            and r.parts
            and not _dates(r.parts)
        ]
        for other in others:
            other.parts += [("and", copy.deepcopy(cond)) for _, cond in rule.parts]
        if others:
            dropped.add(id(rule))
    return [rule for rule in rules if id(rule) not in dropped]


def _rules_of_late_conditions(rules: list[Rule], conds: list[tuple[str, DCond]]) -> list[Rule]:
    """The rules that conditions said after the last rule, with no action of their own, belong
    to: that rule's, except days and months said after an exit ("buy at the open on a gap down,
    sell at the close, but only Tuesday through Thursday", "..., only in Q4"), which say when to
    enter: every opening rule takes them, and the exit still happens whatever the day. An
    exit said bare before them ("Exit: 15:55") is the one they complete."""
    dates = _dates(conds) and bool(rules[-1].parts)
    opening = [r for r in rules if r.action in ENTRY_ACTIONS] or [
        r
        for r in rules
        if r.action == "sell"  # "sell short ..., cover ...": "sell" opens
    ]
    if dates and opening and rules[-1] not in opening:
        return opening
    return rules[-1:]


def _only_fills(parts: list[tuple[str, DCond]]) -> bool:
    """Every part is a fill ("buy at the close"), or there is none: no condition of its own."""
    return all(isinstance(d, When) and d.kind == "fill" for _, d in parts)


def _fills_join_their_rule(rules: list[Rule]) -> list[Rule]:
    """A rule said again with only a fill ("fade gaps up of 1%: short the open, cover at the
    close") is where the earlier rule of that action fills, not a second rule."""
    out: list[Rule] = []
    for rule in rules:
        fills = bool(rule.parts) and _only_fills(rule.parts)
        earlier = next((r for r in reversed(out) if r.action == rule.action), None)
        if fills and earlier is not None and earlier.parts:
            earlier.parts += rule.parts
        else:
            out.append(rule)
    return out


def _opposite_crossings(carried: list[tuple[str, DCond]]) -> list[tuple[str, DCond]]:
    """The actionless conditions after the first that cross the first's lines the other way
    ("golden cross / death cross", "the 9/21 EMA cross up and cross down")."""
    first = carried[0][1]
    if first.kind != "cross" or first.rel not in ("above", "below"):
        return []
    return [
        (conn, d)
        for conn, d in carried[1:]
        if d.kind == "cross"
        and d.rel in ("above", "below")
        and d.rel != first.rel
        and (d.a is None or _same_line(d.a, first.a))  # "..., cross down": the same lines
        and (d.b is None or _same_line(d.b, first.b))
    ]


def _same_line(x: object, y: object) -> bool:
    """Whether ``x`` and ``y`` are one line: a setting left unsaid is the standard one ("RSI >
    60" is "RSI(14) > 60")."""
    if isinstance(x, Ind) and isinstance(y, Ind):
        return (x.family, _said_or_standard(x), x.output) == (
            y.family,
            _said_or_standard(y),
            y.output,
        )
    return type(x) is type(y) and x == y


def _said_or_standard(ind: Ind) -> dict[str, float]:
    """``ind``'s settings, each one left unsaid at its standard value."""
    entry = TABLE.get(ind.family)
    return {**(entry.params if entry else {}), **ind.params}


def _avoided_months_to_entries(
    rules: list[Rule], carried: list[tuple[str, DCond]]
) -> list[tuple[str, DCond]]:
    """Months said to be avoided ("avoid September and October") keep every entry out of them,
    wherever they were said (in a sentence of their own, after the exit rule); what is left of
    ``carried`` is returned."""
    entries = [r for r in rules if r.action in ENTRY_ACTIONS]
    if not entries:
        return carried
    avoided = [p for p in carried if isinstance(p[1], When) and p[1].avoided]
    for rule in rules:
        if rule not in entries:
            avoided += [p for p in rule.parts if isinstance(p[1], When) and p[1].avoided]
            rule.parts = [p for p in rule.parts if p not in avoided]
    for rule in entries:
        rule.parts += [p for p in avoided if p not in rule.parts]
    return [p for p in carried if p not in avoided]


def _split(items: list[Item], strong: bool) -> list[list[Item]]:
    parts: list[list[Item]] = [[]]
    for n, item in enumerate(items):
        if item.kind == "sep" and (item.value or not strong):
            parts.append([])
        elif not strong and _ends_actionless_clause(parts[-1], items, n):
            parts.append([])  # "golden cross but exit when ...": the cross is not the exit's
        else:
            parts[-1].append(item)
    return [p for p in parts if p]


def _ends_actionless_clause(clause: list[Item], items: list[Item], n: int) -> bool:
    """Item ``n`` is "and"/"but" between conditions with no action and an action ("golden
    cross but sell when RSI > 70"): the conditions before it are a clause of their own."""
    return (
        items[n].kind == "conn"
        and n + 1 < len(items)
        and items[n + 1].kind == "action"
        and any(item.kind == "cond" for item in clause)
        and not any(item.kind == "action" for item in clause)
    )


def _sentence_rules(sentence: list[Item], rules: list[Rule]) -> list[tuple[str, DCond]]:
    """Add the sentence's rules to ``rules``; return conditions still waiting for an action."""
    clauses = _split(sentence, strong=False)
    pending: list[tuple[str, DCond]] = []
    said_first = False  # the pending conditions were a "when/if" clause before an action
    sentence_rules = 0
    first = len(rules)  # this sentence's first rule
    for n, clause in enumerate(clauses):
        actions = [k for k, item in enumerate(clause) if item.kind == "action"]
        if not actions:
            conds = _conditions(clause)
            if not conds:
                continue
            ahead = clauses[n + 1] if n + 1 < len(clauses) else []
            # "X: long, Y: short", "rsi under 20, you buy, ... rsi over 50, and then you sell"
            bare = [item.kind for item in ahead if item.kind != "conn"] == ["action"]
            forward = _starts_with_action(clauses, n + 1) and (
                clause_starts_with_when(clause) or (bare and bool(rules) and bool(rules[-1].parts))
            )
            if forward or sentence_rules == 0:
                said_first = forward
                pending += conds
            else:
                for rule in _rules_of_late_conditions(rules, conds):
                    rule.parts += conds
            continue
        head = _conditions(clause[: actions[0]])
        if head and len(actions) > 1 and not _conditions(clause[actions[-1] + 1 :]):
            # "rsi below 30 buy above 70 sell": every action ends its condition, so each takes
            # the condition before it, not the one after
            for prev, k in zip([-1, *actions], actions, strict=False):
                rules.append(
                    Rule(clause[k].value, clause[k].start, _conditions(clause[prev + 1 : k]))
                )
                sentence_rules += 1
            continue
        carried: list[tuple[str, DCond]] = []
        for m, k in enumerate(actions):
            end = actions[m + 1] if m + 1 < len(actions) else len(clause)
            rule = Rule(clause[k].value, clause[k].start)
            own = _conditions(clause[k + 1 : end])
            if m == 0 and not head and _names_the_pending_cross(own, pending):
                own, pending = (
                    _pending_cross(own, pending),
                    [],
                )  # "X/Y crossover, long on the up cross"
            if m == 0:
                rule.parts += head
                if not head and _only_fills(own):  # "When X, buy (the open)": X is this rule's
                    rule.parts += pending
                    pending = []
                elif pending and said_first and not head and _filters_the_entry(rule, rules):
                    rule.parts += pending  # "if QQQ is above its 200-day, buy TQQQ when X"
                    pending = []  # ("15m for entries: if the 1h EMA rises, buy when X" too)
                elif pending and len(rules) > first and not rules[-1].parts:
                    rules[-1].parts += pending  # "buy: when X, then sell when Y"
                    pending = []
                elif pending and said_first and not head and rule.action in ENTRY_ACTIONS:
                    rule.parts += pending  # "if QQQ is above its 200-day, buy TQQQ when X"
                    pending = []
                elif not head and rule.action in ENTRY_ACTIONS and _dates(pending, avoided=False):
                    rule.parts += pending  # "after 10am, buy when X", "on Mondays, buy when X"
                    pending = []  # (days and months avoided go to every entry: see group_rules)
                # else ("golden cross, death cross exit"): the earlier clause is another rule's
            rule.parts += carried
            carried = []
            segment = clause[k + 1 : end]
            if head and m + 1 < len(actions) and clause_starts_with_when(segment):
                own, carried = [], own  # "when X buy and when Y sell": Y is the sell's
            rule.parts += own
            rules.append(rule)
            sentence_rules += 1
    return pending


def _filters_the_entry(rule: Rule, rules: list[Rule]) -> bool:
    """An entry after a "when/if" clause, itself after an entry with no condition of its own
    ("use 15m for entries: if the 1h 50 EMA is rising, buy when RSI crosses up through 30"): the
    clause filters this entry; it is not the other entry's condition, an alternative ORed with
    this one. (After an exit, "buy: when X, then sell when Y", it is the earlier rule's.)"""
    earlier = rules[-1] if rules else None
    return (
        rule.action in ENTRY_ACTIONS
        and earlier is not None
        and not earlier.parts
        and earlier.action in ENTRY_ACTIONS
    )


def _dates(conds: list[tuple[str, DCond]], avoided: bool | None = None) -> bool:
    """There are conditions and every one is a date or a time of day (no fill); with
    ``avoided``, said to be avoided ("skip September") or not."""
    return bool(conds) and all(
        isinstance(d, When) and d.kind == "calendar" and not d.fill and avoided in (None, d.avoided)
        for _, d in conds
    )


def _names_the_pending_cross(own: list[tuple[str, DCond]], pending: list) -> bool:
    """ "sma 50 and sma 200 crossover, go long on the up cross": the action's only condition is a
    crossing with no lines of its own, and the clause before named one."""
    bare = len(own) == 1 and own[0][1].kind == "cross" and own[0][1].a is None
    return bare and own[0][1].b is None and any(d.kind == "cross" for _, d in pending)


def _pending_cross(
    own: list[tuple[str, DCond]], pending: list[tuple[str, DCond]]
) -> list[tuple[str, DCond]]:
    said = own[0][1]
    out = []
    for conn, d in pending:
        if d.kind == "cross" and said.rel is not None:
            d.rel = said.rel
            d.end = max(d.end, said.end)
        out.append((conn, d))
    return out


def clause_starts_with_when(clause: list[Item]) -> bool:
    """The clause's first condition was introduced by "when"/"if"."""
    for item in clause:
        if item.kind == "cond":
            return item.when
    return False


def _starts_with_action(clauses: list[list[Item]], n: int) -> bool:
    if n >= len(clauses):
        return False
    for item in clauses[n]:
        if item.kind == "action":
            return True
        if item.kind == "cond":
            return False
    return False


def _conditions(items: list[Item]) -> list[tuple[str, DCond]]:
    """Conditions with the connector before each ("and" unless "or" was said)."""
    out: list[tuple[str, DCond]] = []
    connector = None
    for item in items:
        if item.kind == "conn":
            connector = item.value
        elif item.kind == "cond":
            out.append((connector or item.joined, item.value))
            connector = None
    return out


# -- settings -----------------------------------------------------------------------------------


def _settings(items: list[Item], named_until: int = 0) -> Rules:
    out = Rules()
    for item in items:
        if item.kind == "meta":
            _meta(out, item)
        elif item.kind == "risk":
            span = (item.start, item.end)
            if not _risk(out, item.value, standard=item.start < named_until, span=span):
                out.rejected.append((item.start, item.end))
        elif item.kind == "direction":
            out.direction = item.value
        elif item.kind == "style":
            out.styles.append(item.value)
        elif item.kind == "mention":
            out.mentions.append(item.value)
            out.mention_items.append(item)
        elif item.kind == "buy_and_hold":
            out.buy_and_hold = True
        elif item.kind == "never_exit":
            out.never_exit = True
        elif item.kind == "unparsed":
            out.rejected.append((item.start, item.end))
            if item.value and item.value not in out.problems:  # a known reason, said once
                out.problems.append(item.value)
            if item.value in vocab.UNKNOWN_DAYS:  # the rest would trade on other days
                out.refusal = out.refusal or item.value
    _bars_tested(items, out)
    return out


def _bar_stop_on_the_signal_bar(rules: list[Rule], items: list[Item], out: Rules) -> None:
    """A stop at "the low of the hammer" is at the signal bar's low; when the entry is a break
    of a pattern bar before the signal bar ("closes above the hammer's high"), that is another
    bar, which no stop says: the words are reported back. A named bar of the entry's pattern
    ("the first soldier's low", "the mother bar's low") is placed by that pattern's lag."""
    if not out.risk.get("bar_stop"):
        return
    patterns = [
        o
        for r in rules
        if r.side in ENTRY_SIDES
        for _, d in r.parts
        for o in (d.a, d.b)
        if isinstance(o, Ind) and o.family in PATTERN_KINDS
    ]
    part = out.risk.pop("bar_stop_part", None)
    if isinstance(part, tuple):
        extreme, name = part
        back = _pattern_part_back(name, patterns)
        if back is not None:
            if back:
                out.risk["bar_stop_back"] = back
                out.notes.append(
                    f"The {name}'s {extreme} read as the {extreme} of the bar {back} "
                    f"bar{'s' if back > 1 else ''} before the signal bar, from the entry's pattern"
                )
            return
    if part is not None or any(o.lag >= 1 for o in patterns):
        out.risk.pop("bar_stop")
        rejected = ("bar", "r_tp") if out.risk.pop("take_profit_r", None) else ("bar",)
        out.rejected += [  # a target in R of that stop goes with it
            (i.start, i.end) for i in items if i.kind == "risk" and i.value[0] in rejected
        ]


def _pattern_part_back(part: str, patterns: list[Ind]) -> int | None:
    """How many bars before the signal bar a named bar of the entry's pattern is ("the mother
    bar" of "the previous bar was an inside bar" is 2), or None when no entry pattern (or more
    than one) has it."""
    backs = vocab.PATTERN_PARTS[part]
    found = {o.lag + backs[o.family] for o in patterns if o.family in backs}
    return found.pop() if len(found) == 1 else None


def _filters_need_an_entry(rules: list[Rule], out: Rules) -> None:
    """ "psar long entry with a 200 EMA filter": a filter named as such filters an entry; with
    no entry condition read it is no rule of its own (its words are reported back). On a
    short-only bot it keeps the shorts below the average."""
    filters = [r for r in rules if r.action == "average_filter"]
    sides = {r.side for r in rules if r.parts and r not in filters}
    if not sides & {"entry", "short_entry"}:
        for rule in filters:
            out.rejected += [(d.start, d.end) for _, d in rule.parts]
            rules.remove(rule)
        return
    if "entry" in sides:
        return
    for _, d in [p for rule in filters for p in rule.parts]:
        d.rel = "<"
        d.notes = [n.replace("the close above", "the close below") for n in d.notes]


def _short_price_moves(rules: list[Rule], out: Rules) -> None:
    """On a short-only bot a rise of the price is the loss ("short when RSI > 70, cover if price
    rises 5% above entry" is a 5% stop) and a fall the profit ("cover $8 below my entry" is an
    $8 target, whatever stop is said beside it)."""
    short_only = any(r.side == "short_entry" for r in rules) and not any(
        r.side == "entry" for r in rules
    )
    if not out.price_moves:
        return
    if not short_only:  # a long's move and a stop in its own words, both of one kind: the
        for kind, amount, span in out.price_moves:  # stop is used, the move reported
            if out.risk.get(_RISK_KEYS[kind]) != amount:
                out.rejected.append(span)
                _second_stop(out)
        return
    turned = {"sl": "tp", "tp": "sl", "sl_points": "tp_points", "tp_points": "sl_points"}
    for kind, amount, _ in out.price_moves:  # a stop said in its own words keeps its place
        if out.risk.get(_RISK_KEYS[kind]) == amount:
            out.risk.pop(_RISK_KEYS[kind])
    for kind, amount, _ in out.price_moves:
        out.risk[_RISK_KEYS[turned[kind]]] = amount
    out.notes.append("on a short a rise of the price is the loss and a fall the profit")


def _below_the_entry(matched: Matched) -> bool:
    """ "sell if price drops 5% below entry": a sell rule that closes a long, never a short."""
    s = matched.stream
    return any(
        s.phrase(k, phrase) is not None
        for k in range(s.n)
        for phrase in ("below entry", "below the entry", "below my entry", "under my entry")
    )


def _tranches(rules: list[Rule], out: Rules) -> None:
    """ "buy a third when RSI(2) < 10, another third if it drops 5% more, the last third at
    -10%": equal parts, the first on the entry rule and each later one at its drop, read as
    averaging down with a unit of that part (stated). A first part alone ("buy half when RSI <
    30") is the size of each trade; unequal parts, or later parts with none first, are listed
    back."""
    first = out.values.pop("tranche_part", None)
    if _in_halves(first, rules, out):
        return
    said = out.values.get("add_drops")
    parts = said[4] if said else []
    if first is None and not any(p is not None for p in parts):
        return
    if first is not None and said is None and "size_fraction" not in out.values:
        out.values["size_fraction"] = first[0]  # "buy half when RSI < 30": half of equity
        return
    share = first[0] if first else None
    rest = 1 - (share or 0) * (1 + sum(1 for p in parts if p != "rest"))
    sizes = [rest if p == "rest" else share if p is None else p for p in parts]
    equal = share is not None and parts and all(abs(p - share) < 1e-6 for p in sizes)
    if not equal or "size_fraction" in out.values:
        out.problems.append(vocab.PARTS_NOT_BUILT)
        out.rejected += [span for span in (first and first[1], said and said[3]) if span]
        out.values.pop("add_drops", None)
        return
    out.values["size_fraction"] = round(0.99 * share, 4)
    out.notes.append(
        f"entering in parts: each part is {share:.3g} of 99% of equity at the first fill, and "
        "each later part, bought at its drop from that fill, is as many shares as the first"
    )


def _in_halves(first: tuple | None, rules: list[Rule], out: Rules) -> bool:
    """ "buy half when RSI(2) < 10 and the other half if it drops under 5": half of 99% of
    equity on the entry rule and the same shares again on the second half's signal while
    holding (the add rule), two units in all. True when a second half was said; said after a
    first part that is not a half, or with another size, it is listed back."""
    second = out.values.pop("second_half", None)
    if second is None:
        return False
    if first is None or first[0] != 0.5 or "size_fraction" in out.values:
        out.problems.append(vocab.PARTS_NOT_BUILT)
        out.rejected += [span for span in (first and first[1], second) if span]
        unbuilt = [r for r in rules if r.action == "add" and r.start == second[0]]
        out.rejected += [(d.start, d.end) for r in unbuilt for _, d in r.parts]
        rules[:] = [r for r in rules if r not in unbuilt]
        return True
    out.values["size_fraction"] = round(0.99 * first[0], 4)
    out.values["max_units"] = 2
    out.notes.append(
        "entering in halves: the first half is half of 99% of equity, bought on the entry "
        "rule; the second half, as many shares, on its own rule while holding"
    )
    return True


def _adds_in_the_trades_favour(rules: list[Rule], out: Rules) -> None:
    """ "buy ..., add if it rises 5%": a unit added at a move in the trade's favour (pyramiding
    at a gain from the entry) is not built; only adding against it (averaging down) is. The
    words are reported back, never read as averaging down."""
    said = out.values.get("add_drops")
    if said is None or said[2] == "against":
        return
    sides = {r.side for r in rules}
    short = "short_entry" in sides and "entry" not in sides
    if (said[2] == "up") == short:
        return
    del out.values["add_drops"]
    out.rejected.append(said[3])
    out.problems.append(vocab.ADD_IN_FAVOUR_UNBUILT)


def _repeated_entries(rules: list[Rule], matched: Matched, out: Rules) -> None:
    """ "buy $2k each time RSI < 30, up to 5 positions", "buy on a new 20-day high, pyramid up
    to 4 units": a number of units with an entry said to repeat (or a pyramid said with no
    condition of its own) adds a unit on each new entry signal while holding."""
    said = out.values.get("add_on_entry") or any(r.action == "add" and r.parts for r in rules)
    if said or "add_drops" in out.values:
        return
    s = matched.stream
    if not out.values.get("max_units"):
        _accumulated(matched, out)
        return
    said_each = [(k, end) for k in range(s.n) for p in vocab.EACH_TIME if (end := s.phrase(k, p))]
    if any(_unread_after(matched, end) for _, end in said_each):
        return  # "add a unit every time price moves 1 ATR in my favor": that, not the entry
    repeats = (s.span_text(k, end) for k, end in said_each)
    adds = (s.span_text(r.start, r.start + 1) for r in rules if r.action == "add")
    each = next(repeats, None) or next(adds, None)
    if each is None:
        return
    out.values["add_on_entry"] = True
    out.notes.append(
        f"'{each}' with up to {out.values['max_units']} units: each new entry signal while "
        "holding adds a unit"
    )


def _accumulated(matched: Matched, out: Rules) -> None:
    """ "buy $500 of BTC every Monday, never sell": a buy said to repeat, never sold, adds a unit
    on each new entry signal while holding (dollar-cost averaging), up to the most units a bot
    holds, said back."""
    s = matched.stream
    repeat = next((k for k in range(s.n) if s.low(k) in vocab.REPEAT_WORDS), None)
    if not out.never_exit or repeat is None:
        return
    cap = vocab.ACCUMULATED_UNITS_CAP
    out.values["max_units"] = cap
    out.values["add_on_entry"] = True
    out.notes.append(
        f"'{s.span_text(repeat, repeat + 2)}' with no sell: each new entry signal while holding "
        f"adds a unit (dollar-cost averaging), at most {cap} units (the most a bot holds); "
        "later signals buy nothing"
    )


def _unread_after(matched: Matched, k: int) -> bool:
    """The words after "every time" are a condition not read ("add a unit every time price
    moves 1 ATR in my favor"): the repeat is of that condition, not of the entry signal."""
    after = range(k, min(k + 3, len(matched.used)))
    return any(not matched.used[j] and j in matched.meaningful for j in after)


def _total_shares(out: Rules) -> None:
    """ "buy 10 shares every time RSI goes under 30, up to 50 shares total": each new entry
    signal while holding adds the same shares, at most total / shares units; a total that is
    not a whole number (2 to 20) of the trade's shares is reported back."""
    said = out.values.pop("max_shares", None)
    if said is None:
        return
    total, span = said  # type: ignore[misc]
    each = out.values.get("size_shares")
    units = total // each if isinstance(each, int) else 0
    if not units or total % each or not _valid("max_units", units):  # type: ignore[operator]
        out.rejected.append(span)
        return
    out.values["max_units"] = units
    out.values["add_on_entry"] = True
    out.notes.append(
        f"up to {total} shares with {each} shares a trade: each new entry signal while holding "
        f"adds {each} shares, at most {units} units"
    )


# Values outside these ranges are reported back as not understood instead of being used.
_VALID = {
    "stop_loss_pct": lambda v: 0 < v < 100,
    "breakeven_pct": lambda v: 0 < v < 100,
    "take_profit_pct": lambda v: v > 0,
    "trailing_stop_pct": lambda v: 0 < v < 100,
    "atr_stop_multiple": lambda v: v > 0,
    "atr_take_profit_multiple": lambda v: v > 0,
    "stop_loss_points": lambda v: v > 0,
    "take_profit_points": lambda v: v > 0,
    "atr_period": lambda v: v == int(v) and v >= 1,
    "size_pct": lambda v: v > 0,
    "period_days": lambda v: v >= 1,
    "cash": lambda v: v > 0,
    "commission_pct": lambda v: 0 <= v < 10,
    "risk_pct": lambda v: 0 < v <= 25,
    "risk_cash": lambda v: v > 0,
    "size_cash": lambda v: v > 0,
    "size_shares": lambda v: v >= 1,
    "max_units": lambda v: 2 <= v <= 20,
    "leverage": lambda v: 1 < v <= 100,
}


#: The settings of each exit a "no ..." can take back (an ATR stop that trails is a trail's)
_EXIT_SETTINGS = {
    "stop": ("stop_loss_pct", "stop_loss_points", "atr_stop_multiple"),
    "target": ("take_profit_pct", "take_profit_points", "atr_take_profit_multiple"),
    "trail": ("trailing_stop_pct", "atr_stop_multiple"),
    "exit": (),  # "a 2% trailing stop only ... No other exit": no exit rule is added
}


def _take_back(out: Rules, said: str, exit_: str) -> None:
    """ "no stop": none is used. Said after that exit was given ("take profit 8%. Actually
    scratch the take profit"), the writer takes it back: it is dropped, echoed."""
    trails = bool(out.risk.get("atr_trailing"))
    given = [
        key
        for key in _EXIT_SETTINGS[exit_]
        if key in out.risk and (key != "atr_stop_multiple" or trails == (exit_ == "trail"))
    ]
    if not given:
        out.notes.append(f"'{said}': none is used")
        return
    for key in given:
        del out.risk[key]
    out.risk.pop("atr_trailing", None) if exit_ == "trail" else None
    out.notes.append(f"'{said}' takes back the {exit_} given before it: none is used")


def _valid(key: str, value: object) -> bool:
    check = _VALID.get(key)
    return check is None or bool(check(value))


def _meta(out: Rules, item: Item) -> None:
    """Record a test, sizing or position setting; one out of range is reported back."""
    key, value = item.value
    if key in ("fill", "rest", "label"):  # fills are read with the rules; "the rest" sells on
        return  # the exit; a field's label ("Asset:") only introduces its value
    if key in ("interval", "interval_word"):  # all of them at once: _bars_tested
        return
    if key == "chart_role":  # once the rules are read: _chart_roles
        out.chart_roles.append(item)
        return
    if key == "max_adds":  # "at most 3 adds": the first unit and 3 added
        item.value = ("max_units", value + 1)
        out.notes.append(
            f"at most {value} add{'s' if value != 1 else ''} read as {value + 1} units in all "
            f"(the first and {value} added)"
        )
        key, value = item.value
    if key == "size_units":  # "1 mini lot", "2 contracts": whole units, how they were counted
        units, note = value
        item.value = key, value = "size_shares", units
        if note:
            out.notes.append(note)
    if key == "price_order":  # the order the rule places is not built: no rule is guessed
        out.refusal = out.refusal or value
        out.rejected.append((item.start, item.end))
        return
    if key == "entry_stop":  # "buy when tomorrow trades above today's high": a stop order
        out.values["entry_stop"] = value  # the level ("high"), read against the side later
        return
    if key == "first_exit":
        out.notes.append("'whichever comes first': the first exit met closes the trade")
        return
    if key == "none_said":  # "no stop": Botlab adds no stop or target that was not said
        _take_back(out, *value)
        return
    if key == "scale_out_atr":  # "take half off at 2 ATR": the first scale-out only
        fraction, multiple, period = value
        said = out.values.get("scale_out_pct") or out.values.get("scale_out_atr")
        same = period is None or out.risk.get("atr_period", period) == period
        if said or not (0 < fraction < 1 and multiple > 0 and same):
            out.rejected.append((item.start, item.end))
            return
        out.values["scale_out_atr"], out.values["scale_out_fraction"] = multiple, fraction
        if period:
            out.risk["atr_period"] = int(period)
        return
    if key == "scale_out":
        fraction, pct = value
        valid = 0 < fraction < 1 and pct > 0
    else:
        valid = _valid(key, value)
    another = key == "symbol" and out.values.get("symbol", value) != value  # one per strategy
    if not valid or another:
        out.rejected.append((item.start, item.end))
        if another and value not in out.extra_symbols:
            out.extra_symbols.append(value)
    elif key == "scale_out":
        if not _scale_out(out, float(fraction), float(pct)):
            out.rejected.append((item.start, item.end))
    elif key == "range":
        out.values["start"], out.values["end"] = value
    elif key == "add_drops" and "add_drops" in out.values:  # "..., the last third at -10%"
        levels, each, way, span, parts = out.values["add_drops"]
        way = way if way == value[2] else "against"
        span = (min(span[0], value[3][0]), max(span[1], value[3][1]))
        out.values[key] = (levels + value[0], each or value[1], way, span, parts + value[4])
    elif key == "max_shares":  # read against the shares of a trade in _total_shares
        out.values[key] = (value, (item.start, item.end))
    elif key == "size_pct":
        pct = float(value)
        if pct == 100:
            out.notes.append(
                "a 100% position is sized at 99.99% of equity (backtesting.py needs < 1)"
            )
            pct = 99.99
        out.values["size_fraction"] = pct / 100  # above 1: _size_beyond_the_account
    else:
        out.values[key] = value


def _scale_out(out: Rules, fraction: float, pct: float) -> bool:
    """The first partial sale, or a further one ("another third at +10%"): at a larger gain,
    the parts sold early less than the whole position. Parts that add up to all of it ("a third
    at +5%, another at +10%, the last third at +15%") make the last one the target of what is
    left (stated); anything else is listed back."""
    if out.values.get("scale_out_atr"):
        return False  # further levels follow a first one in percent
    if "scale_out_pct" not in out.values:
        out.values["scale_out_pct"], out.values["scale_out_fraction"] = pct, fraction
        return True
    more = out.values.setdefault("more_scale_outs", [])
    gains = [out.values["scale_out_pct"], *(m["gain_pct"] for m in more)]
    sold = out.values["scale_out_fraction"] + sum(m["fraction"] for m in more)
    if pct <= gains[-1] or sold + fraction > 1 + 1e-9:
        return False
    if sold + fraction < 1 - 1e-9:
        more.append({"gain_pct": pct, "fraction": fraction})
        return True
    if out.risk.get("take_profit_pct") not in (None, pct):
        return False
    out.risk["take_profit_pct"] = pct
    out.notes.append(
        f"the last part, sold at +{pct:g}%, is the rest of the position: a take profit at {pct:g}%"
    )
    return True


def _bars_tested(items: list[Item], out: Rules) -> None:
    """The bars to test on (:func:`said_interval`, as the lengths were counted in). A bare word
    said of a rule ("the daily trend") that bars said with their noun ("on hourly bars")
    contradict is reported back: a daily rule on intraday bars is not built."""
    interval = said_interval(items)
    if interval is None:
        return
    out.values["interval"] = interval
    said = [i for i in items if i.kind == "meta" and i.value[0] in ("interval", "interval_word")]
    if any(i.value[0] == "interval" for i in said):
        out.rejected += [(i.start, i.end) for i in said if i.value[1] != interval]


#: The spec's field for each kind of stop or target said in percent or in price
_RISK_KEYS = {
    "sl": "stop_loss_pct",
    "tp": "take_profit_pct",
    "trail": "trailing_stop_pct",
    "sl_points": "stop_loss_points",
    "tp_points": "take_profit_points",
}


def _risk(
    out: Rules, value: tuple[str, object], standard: bool = False, span: Span = (0, 0)
) -> bool:
    """Record a stop, target or time exit; False when its value is out of range or it is a
    second one of its kind. ``standard``: said by a named strategy's standard description,
    so a default the writer's own replaces."""
    kind, amount = value
    if kind.endswith("_price"):  # "price drops 5%", "$3 above my entry": sides known later
        kind = kind.removesuffix("_price")
        out.price_moves.append((kind, float(amount), span))  # type: ignore[arg-type]
    if kind == "bar":  # "stop at the low of the day"
        out.risk["bar_stop"] = True
        if isinstance(amount, tuple):  # "the first soldier's low": placed by the entry's pattern
            out.risk["bar_stop_part"] = amount
        return True
    if kind == "r_tp":  # "sell at 2R": converted by _r_target once every stop is read
        out.risk["r_multiple"] = float(amount)  # type: ignore[arg-type]
        return float(amount) > 0  # type: ignore[arg-type]
    if kind == "breakeven":  # converted by _breakeven_in_r once every stop is read
        distance, unit = amount  # type: ignore[misc]
        if not _valid(f"breakeven_{unit}", distance):
            return False
        out.risk[f"breakeven_{unit}"] = float(distance)
        return True
    if kind == "time":
        bars, note = amount  # type: ignore[misc]
        out.risk["exit_after_bars"] = bars
        if note:
            out.notes.append(note)
        return True
    if kind in ("sl", "trail") and float(amount) < 0:  # type: ignore[arg-type]
        amount = -float(amount)  # type: ignore[arg-type]  # "stop loss at -2%": 2% below
    if kind in _RISK_KEYS:
        key = _RISK_KEYS[kind]
        if not _valid(key, amount) or _said_otherwise(out, key, float(amount)):  # type: ignore[arg-type]
            return False
        out.risk[key] = float(amount)  # type: ignore[arg-type]
        if standard:
            out.standard_risk.add(key)
        return True
    mult, period = amount  # type: ignore[misc]
    target = "atr_take_profit_multiple" if kind == "atr_tp" else "atr_stop_multiple"
    if not _valid(target, mult) or (period is not None and not _valid("atr_period", period)):
        return False
    # "initial stop 1.5 ATR, trail 3 ATR": one ATR stop per trade is built, fixed or trailing
    trails = bool(out.risk.get("atr_trailing"))
    mixed = target == "atr_stop_multiple" and trails != (kind == "atr_trail")
    if _said_otherwise(out, target, float(mult), mixed):
        return False
    out.risk[target] = float(mult)
    if standard:
        out.standard_risk.add(target)
    if kind == "atr_trail":
        out.risk["atr_trailing"] = True
    if period:
        out.risk["atr_period"] = int(period)
    return True


def _said_otherwise(out: Rules, key: str, value: float, other_kind: bool = False) -> bool:
    """A stop or target given a second time with another distance ("stop 3% ... stop loss
    5%") or of another kind (``other_kind``: a fixed ATR stop, then a trailing one): the later
    one is reported, with why, never written over the first silently."""
    if key in out.standard_risk:  # "buy the dip with a 2% stop": the writer's own stop
        out.standard_risk.discard(key)
        if key == "atr_stop_multiple":
            out.risk.pop("atr_trailing", None)
        return False
    if key not in out.risk or (out.risk[key] == value and not other_kind):
        return False
    if _moves_said(out, key):  # "cover 5% below my entry, stop 3% above it": sides known later
        return False  # (see ``_short_price_moves``, which also reports a long's second stop)
    _second_stop(out)
    return True


def _moves_said(out: Rules, key: str) -> bool:
    """A price move ("price drops 5%", "5% below my entry") is one of ``key``'s kind: its side
    of the trade is known only once the bot's direction is."""
    return any(_RISK_KEYS[kind] == key for kind, _, _ in out.price_moves)


def _second_stop(out: Rules) -> None:
    if vocab.SECOND_STOP_PROBLEM not in out.problems:
        out.problems.append(vocab.SECOND_STOP_PROBLEM)


def _risk_without_stop(items: list[Item], out: Rules) -> list[Span]:
    """A risk-per-trade size needs a stop to measure the risk: without one it is not used and
    its words are reported back, saying so."""
    stops = ("stop_loss_pct", "atr_stop_multiple", "stop_loss_points")
    sizes = [k for k in ("risk_pct", "risk_cash") if k in out.values]
    at_a_level = out.risk.get("bar_stop") or any(
        i.kind == "action" and i.value == "stop_level" for i in items
    )
    if not sizes or at_a_level or any(out.risk.get(k) for k in stops):
        return []
    for key in sizes:
        del out.values[key]
    out.problems.append(vocab.RISK_NEEDS_A_STOP)
    return [(i.start, i.end) for i in items if i.kind == "meta" and i.value[0] in sizes]


def _size_beyond_the_account(items: list[Item], out: Rules) -> list[Span]:
    """A trade larger than the account can pay for: more than 100% of equity ("use 150% of my
    equity"), or more dollars than the starting cash ("I have 10k, put 20k in each trade"), is
    bought only with leverage that covers it (then 150% of equity at 2x is 75% of the buying
    power, echoed); without it, the size is not used and its words are reported, saying why
    (backtesting.py would cancel every such order: no trade at all)."""
    leverage = float(out.values.get("leverage") or 1)
    fraction = out.values.get("size_fraction")
    if fraction is not None and fraction > 1:
        if fraction <= leverage:
            share = min(round(fraction / leverage, 4), 0.9999)
            out.values["size_fraction"] = share
            out.notes.append(
                f"a position of {fraction * 100:g}% of equity with {leverage:g}x leverage is "
                f"{share * 100:g}% of the buying power"
            )
            return []
        del out.values["size_fraction"]
        out.problems.append(vocab.SIZE_BEYOND_EQUITY.format(pct=f"{fraction * 100:g}%"))
        return _said(items, "size_pct")
    cash = out.values.get("cash")
    for key in ("size_cash", "risk_cash"):
        amount = out.values.get(key)
        beyond = cash and amount and amount > cash * leverage  # more than it can buy
        if key == "risk_cash":
            beyond = cash and amount and amount >= cash  # a risk of all of it, or more
        if beyond:
            del out.values[key]
            out.problems.append(
                vocab.AMOUNT_BEYOND_CASH[key].format(amount=f"${amount:,g}", cash=f"${cash:,g}")
            )
            return _said(items, key)
    return []


def _said(items: list[Item], key: str) -> list[Span]:
    """The words of the settings of ``key`` in ``items``."""
    return [(i.start, i.end) for i in items if i.kind == "meta" and i.value[0] == key]


def _breakeven_in_r(items: list[Item], out: Rules) -> list[Span]:
    """A break-even move at +1R is one stop distance beyond the entry, as a target in R is: a
    5% stop makes it 5%, a 2 ATR stop 2 ATR. Without a stop of a set distance (in percent or
    ATRs) there is no R: the words are reported back, saying so."""
    multiple = out.risk.pop("breakeven_r", None)
    if multiple is None:
        return []
    stop = out.risk.get("stop_loss_pct")
    atr = out.risk.get("atr_stop_multiple")
    if stop or (atr and not out.risk.get("atr_trailing")):
        key, unit, distance = (
            ("breakeven_pct", "%", stop) if stop else ("breakeven_atr", " ATR", atr)
        )
        out.risk[key] = multiple * float(distance)  # type: ignore[arg-type]
        out.notes.append(
            f"{multiple:g}R read as {multiple:g} x the {distance:g}{unit} stop distance: "
            f"{multiple * float(distance):g}{unit} beyond the entry"  # type: ignore[arg-type]
        )
        return []
    out.problems.append(vocab.BREAKEVEN_NEEDS_A_STOP)
    return [(i.start, i.end) for i in items if i.kind == "risk" and i.value[0] == "breakeven"]


def _r_target(matched: Matched, out: Rules) -> list[Span]:
    """A target in R ("sell at 2R") is that multiple of the stop's distance from the entry, the
    same reference both are measured from: a 5% stop makes 2R a 10% target, a 2 ATR stop a
    4 ATR one. Without a stop of a fixed distance there is no R: the words are reported back
    with what is missing."""
    rejected = _r_scale_out(matched.items, out)
    multiple = out.risk.pop("r_multiple", None)
    if multiple is None:
        return rejected
    said = any(k in out.risk for k in ("take_profit_pct", "atr_take_profit_multiple"))
    said = said or "take_profit_points" in out.risk
    stop = out.risk.get("stop_loss_pct") or out.risk.get("trailing_stop_pct")
    atr = out.risk.get("atr_stop_multiple")
    points = out.risk.get("stop_loss_points")
    if not said and (stop or atr or points):
        key, unit = ("take_profit_pct", "%") if stop else ("atr_take_profit_multiple", " ATR")
        if not (stop or atr):
            key, unit = "take_profit_points", " points"
        distance = float(stop or atr or points)  # type: ignore[arg-type]
        out.risk[key] = multiple * distance
        out.notes.append(
            f"{multiple:g}R read as a target {multiple:g} x the {distance:g}{unit} stop "
            f"distance: {multiple * distance:g}{unit} from the entry"
        )
        return rejected
    if not said and (out.risk.get("bar_stop") or _stop_at_a_line(matched.items)):
        out.risk["take_profit_r"] = multiple
        out.notes.append(
            f"{multiple:g}R read as a target {multiple:g} x the distance from the price the stops "
            "are measured from to this trade's stop, set on each trade"
        )
        return rejected
    if said:
        missing = "A second target was given: keep one of them."
    elif _stop_in_r(matched.stream):
        missing = (
            "The stop is said in R too ('stop -1R'), and R is the stop's own distance, so neither "
            "has a size: give the stop one, for example 'stop 2%' or 'stop at 2 ATR'."
        )
    elif out.risk.get("bar_stop") or _stop_off_the_entry(matched):
        missing = (
            "A stop at the signal bar's low or high, or at a line or a recent low, is a different "
            "distance on each trade: use a stop of a set distance, for example 'with a 5% stop "
            "loss' or 'stop at 2 ATR'."
        )
    else:
        missing = (
            "No stop loss was given: add one, for example 'with a 5% stop loss' or 'stop at 2 ATR'."
        )
    out.refusal = (
        f"A target of {multiple:g}R is {multiple:g} times the risk, the distance from the entry "
        f"to the stop loss, so it needs a stop of a set distance. {missing}"
    )
    return [(i.start, i.end) for i in matched.items if i.kind == "risk" and i.value[0] == "r_tp"]


def _stop_at_a_line(items: list[Item]) -> bool:
    """A stop at a line's level on the signal bar ("stop at the 20-day low"): set per trade."""
    return any(i.kind == "action" and i.value == "stop_level" for i in items)


def _stop_in_r(s: Stream) -> bool:
    """A stop said in R ("stop -1R", "SL 1R"): R measured by itself."""
    return any(
        s.kind(k) == "num"
        and s.low(k + 1) == "r"
        and vocab.NONE_SAID_EXITS.get(s.low(k - 1)) == "stop"
        for k in range(1, s.n)
    )


def _stop_off_the_entry(matched: Matched) -> bool:
    """A stop was said at a line or a recent low ("stop at the 20-day low", "stop below the
    lowest low of the last 5 days", "stop 1 ATR below the 20-day SMA"): a stop, but not a
    distance from the entry to measure R by."""
    line_stops = tuple(
        problem.split("{")[0]
        for problem in (vocab.STOP_FROM_A_LINE, vocab.STOP_AT_A_RECENT_EXTREME)
    )
    return any(
        (i.kind == "cond" and getattr(i.value, "stop", False))
        or (i.kind == "unparsed" and str(i.value).startswith(line_stops))
        or (i.kind == "action" and matched.stream.low(i.start) in vocab.STOP_TOKENS)
        for i in matched.items
    )


def _gap_at_the_open(
    rules: list[Rule], orphans: list[DCond], matched: Matched, out: Rules, intraday: bool
) -> None:
    """ "buy at the open when it gaps down 2%, sell at the close (the same day)": the entry is
    decided at the open that makes the gap, from that open and earlier bars only, and fills at
    it (``entry_fill`` "open", placed at the bar before as a limit-on-open order would be); an
    exit said only as "at the close" (or "the same day") after it is that bar's close
    (``exit_same_bar``). An entry rule that reads more of the gap bar than its open (its close,
    an indicator on it) is not known at the open: refused, saying so."""
    gap_rules = [
        rule
        for rule in rules
        if rule.side in ENTRY_SIDES and any(_is_gap(d) and not d.day_after for _, d in rule.parts)
    ]
    _gap_said_at_its_open(gap_rules, matched.stream, out.notes)
    at_open = [
        rule
        for rule in gap_rules
        if any(isinstance(d, When) and d.fill == "next_open" for _, d in rule.parts)
    ]
    exit_fills = [d for r in rules if r.side not in ENTRY_SIDES for _, d in r.parts] + orphans
    day_ends = ("close",) if intraday else ("close", "session_close")  # "the end of the day"
    closes = [
        d for d in exit_fills if isinstance(d, When) and d.fill in day_ends and d.kind == "fill"
    ]
    same_day = _said_the_same_day(closes, matched.stream)
    entry_at_close = any(
        isinstance(d, When) and d.fill == "close" for r in gap_rules for _, d in r.parts
    )
    # "short it and cover at the close": the close said as such (not "the end of the day",
    # which is listed back when nothing says which day)
    only_closes = (
        bool(closes)
        and all(d.fill == "close" for d in closes)
        and not entry_at_close
        and "exit_after_bars" not in out.risk
        and all(
            all(isinstance(d, When) and d.kind == "fill" for _, d in r.parts)
            for r in rules
            if r.side not in ENTRY_SIDES
        )
    )
    if not (at_open or (gap_rules and (same_day or only_closes))):
        return
    if not at_open:  # "buy when it gaps down 2%, sell at the close (the same day)"
        at_open = gap_rules
        out.notes.append(
            "the gap is bought at the open that makes it: the exit is that same day's close"
        )
    parts = [d for r in at_open for _, d in r.parts if not isinstance(d, When)]
    if not all(_read_at_the_open(d) for d in parts):
        out.refusal = out.refusal or (
            "This trade is bought at the open that makes the gap, so its entry rule can read "
            "only that open and earlier bars: the rest of the gap day is not known at its open. "
            "Use only that open and earlier bars in the entry rule, for example 'buy at the open "
            "when it gaps down more than 2%, sell at the close the same day' (bought at the gap's "
            "open, sold at that day's close)."
        )
        return
    for d in parts:  # "and RSI(2) is below 10": its value at the previous close
        for operand in (d.a, d.b, d.b2):
            if isinstance(operand, Ind) and not operand.lag:
                operand.lag = 1
                out.notes.append(
                    "an indicator in a rule checked at the open is its value at the previous "
                    "close, the latest known at the open"
                )
    # a side's label with nothing under it ("Entry: short at the open if ...") is no side
    if {r.side for r in rules if r.parts} >= {"entry", "short_entry"}:
        out.refusal = out.refusal or (
            "An entry at the gap's open is built for a long-only or short-only bot: test the "
            "long and the short rules as two bots, for example 'buy at the open when it gaps "
            "down more than 2%, sell at the close' and 'short at the open when it gaps up more "
            "than 2%, cover at the close'."
        )
        return
    if any(r.side == "add_on" for r in rules):
        out.refusal = out.refusal or (
            "Adding units to a gap bought at its open is not built: Botlab reads the gap bought "
            "at its open and sold at a close ('buy at the open when it gaps down more than 2%, "
            "sell at the close the same day'), one unit per trade."
        )
        return
    stops = [k for k in _PRICED_EXITS if out.risk.get(k)]
    if stops and not (closes or set(stops) <= set(_STOPS_AT_THE_OPEN)):
        # backtesting.py checks an order's target against the close of the bar that places
        # it: a gap beyond the target would make the order invalid
        out.refusal = out.refusal or (
            "A profit target on a gap bought at its open is not built: backtesting.py checks an "
            "order's target against the close of the bar that places it, the day before the "
            "gap, and a gap beyond the target makes that order invalid. Closest that Botlab "
            "reads: a stop loss or trailing stop, measured from that open ('buy at the open when "
            "it gaps down more than 2%, sell after 3 days, 1% stop loss'), or the gap bought at "
            "its day's close ('buy on a gap down of more than 2% at the close, with a 1% stop "
            "loss, exit at the close 1 day later')."
        )
        return
    against = all(_gap_against(rule) for rule in at_open)
    if stops and not closes and not against:
        out.refusal = out.refusal or (
            "A stop on a gap bought at its open in the direction of the gap (bought on a gap up, "
            "shorted on a gap down) is not built: backtesting.py checks an order's stop against "
            "the close of the bar that places it, the day before the gap, and the gap can "
            "already be beyond the stop. Botlab builds stops for a gap traded against it "
            "('buy at the open when it gaps down more than 2%, sell after 3 days, 1% stop loss')."
        )
        return
    if stops and closes:
        # Exits at a close make the entry a limit order (see _position_code.limit_args), and
        # backtesting.py checks a limit order's stop only from the bar after its fill
        out.refusal = out.refusal or (
            "A stop loss, profit target or trailing stop on a gap bought at its open and sold at "
            "a close is not built: with exits at the close the entry at the open is a limit "
            "order, and backtesting.py checks its stop only from the next bar, which would skip "
            "the gap day's own low. Closest that Botlab reads: the same rules without it ('buy "
            "at the open when it gaps down more than 2%, sell at the close the same day'), the "
            "stop with an exit at an open ('buy at the open when it gaps down more than 2%, "
            "sell after 3 days, 1% stop loss', the stop measured from that open), or the gap "
            "bought at its day's close ('buy on a gap down of more than 2% at the close, with a "
            "1% stop loss, exit at the close 1 day later')."
        )
        return
    out.values["entry_fill_at_open"] = True
    exits = [r for r in rules if r.side not in ENTRY_SIDES]
    said_only_fill = all(all(d.kind == "fill" for _, d in r.parts) for r in exits)
    if not said_only_fill or "exit_after_bars" in out.risk:
        return
    if closes:
        out.risk["exit_same_bar"] = True
    elif any(  # "sell at the next day's open": the open after the gap day
        isinstance(d, When) and d.fill == "next_open" and d.kind == "fill"
        for r in exits
        for _, d in r.parts
    ):
        out.risk["exit_after_bars"] = 1
        out.notes.append("the next day's open is the open after the gap day: exit after 1 bar")


def _said_the_same_day(fills: list[DCond], s: Stream) -> bool:
    """A fill said of the same day or bar ("sell at the close the same day", "at the close of
    that day")."""
    return any(
        vocab.SAME_DAY_WORDS & set(s.span_text(d.start, d.end).lower().split()) for d in fills
    )


def _bought_at_the_open_sold_at_its_close(
    rules: list[Rule], s: Stream, out: Rules, intraday: bool
) -> None:
    """ "go long at the open on the day after a bullish engulfing candle and exit at the
    close": an entry said to fill at the (next) open and an exit said only as "at the close" is
    a trade closed at its entry bar's close (``exit_same_bar``), on a one-sided daily bot
    without stops or added units (a stop would be checked only from the next bar). An entry
    said with no fill and an exit "at the close of the same day" is the same trade: bought at
    the next open (the default), sold at that day's close."""
    if intraday or out.risk.get("exit_same_bar") or "exit_after_bars" in out.risk:
        return
    entries = [r for r in rules if r.side in ENTRY_SIDES]
    exits = [r for r in rules if r.side not in ENTRY_SIDES and r.side != "entry_filter"]
    fills = [d for r in rules for _, d in r.parts if isinstance(d, When) and d.fill]
    entry_fills = [d for r in entries for _, d in r.parts if isinstance(d, When) and d.fill]
    default_open = not entry_fills and _said_the_same_day(fills, s)
    # "NR4 bar: buy tomorrow's open": the condition said as the entry's filter (a heading)
    filtered = any(r.side == "entry_filter" and r.parts for r in rules)
    at_open = [
        r
        for r in entries
        if (default_open or any(isinstance(d, When) and d.fill == "next_open" for _, d in r.parts))
        and (filtered or any(d.kind != "fill" for _, d in r.parts))
    ]
    sides = {r.side for r in entries}
    closes = exits and all(
        r.parts
        and all(isinstance(d, When) and d.kind == "fill" and d.fill == "close" for _, d in r.parts)
        for r in exits
    )
    stops = any(out.risk.get(k) for k in _PRICED_EXITS)
    if len(at_open) != len(entries) or not at_open or not closes or stops or len(sides) != 1:
        return
    out.risk["exit_same_bar"] = True
    if default_open:  # bought at the next open, as unsaid entries are (a fill _take_fills reads)
        for r in at_open:
            r.parts.append(("and", When("fill", fill="next_open", start=r.start, end=r.start)))
        out.notes.append(
            "sold at the close of the same day: bought at the next bar's open (no entry fill "
            "was said) and sold at that bar's close"
        )
        return
    out.notes.append(
        "bought at the open and sold 'at the close': that day's close (the entry bar's)"
    )


#: Stops built on an entry at the open with exits at an open: a market order, whose stop
#: backtesting.py also checks on its fill bar, measured from the open it fills at
_STOPS_AT_THE_OPEN = ("stop_loss_pct", "trailing_stop_pct", "atr_stop_multiple", "stop_loss_points")


def _gap_against(rule: Rule) -> bool:
    """The entry trades against its gap (bought on a gap down, shorted on a gap up): a stop
    below (above) that open is below (above) the previous close as well."""
    for _, d in rule.parts:
        if isinstance(d.a, Price) and d.a.field == "open" and isinstance(d.b, Price) and d.b.lag:
            down = d.rel in ("<", "<=")
            return down == (rule.side == "entry")
    return False


#: The stops and targets of a trade, each measured from its entry.
STOPS = (
    "stop_loss_pct",
    "take_profit_pct",
    "trailing_stop_pct",
    "atr_stop_multiple",
    "atr_take_profit_multiple",
    "stop_loss_points",
    "take_profit_points",
)


def _gap_said_at_its_open(gap_rules: list[Rule], s: Stream, notes: list[str]) -> None:
    """ "when JPM gaps up more than 1% at the open and closes above it, I buy at the close": an
    "at the open" said right after the gap is where the gap is (every gap is at an open), not
    the entry's fill, when the rule says its fill at the close: that open fill is dropped,
    echoed. Without a fill at the close it stays the fill ("buy when it gaps down 2% at the
    open, sell at the close": bought at the gap's open)."""
    for rule in gap_rules:
        fills = [d for _, d in rule.parts if isinstance(d, When) and d.kind == "fill"]
        if not any(d.fill == "close" for d in fills):
            continue
        gap_ends = {d.end for _, d in rule.parts if _is_gap(d)}
        said = [d for d in fills if d.fill == "next_open" and d.start in gap_ends]
        for d in said:
            notes.append(
                f"'{s.span_text(d.start, d.end)}' after the gap read as where the gap is (the "
                "open against the previous close), not the entry's fill: it fills at the close, "
                "as said"
            )
        rule.parts = [p for p in rule.parts if not any(p[1] is d for d in said)]


def _is_gap(d: object) -> bool:
    """A gap's condition: the open against an earlier close (see ``_parse_rules.gap``)."""
    return (
        isinstance(d, DCond)
        and isinstance(d.a, Price)
        and d.a.field == "open"
        and isinstance(d.b, Price)
        and bool(d.b.lag)
    )


#: Exits priced from the signal bar's close (see ``_gap_at_the_open``).
_PRICED_EXITS = (*STOPS, "bar_stop")


def _read_at_the_open(d: DCond) -> bool:
    """Whether ``d`` can be checked at a bar's open: it compares that open, earlier bars and
    indicators (read at the previous close), never the bar's own close, high or low."""
    if d.kind not in ("compare", "between"):
        return False
    for operand in (d.a, d.b, d.b2):
        if operand is None or isinstance(operand, Num):
            continue
        if isinstance(operand, Ind):
            if operand.timeframe is not None or operand.symbol is not None:
                return False
            continue
        if not isinstance(operand, Price) or operand.timeframe or operand.symbol:
            return False
        if not (operand.lag >= 1 or operand.field == "open"):
            return False
    return True


def _r_scale_out(items: list[Item], out: Rules) -> list[Span]:
    """ "sell half at 2R" (and "another third at 3R") with a percent stop: scale-outs at those
    multiples of the stop's percent, in the order said; with no percent stop their words are
    listed back, saying why."""
    out.values.pop("scale_out_r", None)
    said = [i for i in items if i.kind == "meta" and i.value[0] == "scale_out_r"]
    if not said:
        return []
    stop = out.risk.get("stop_loss_pct") or out.risk.get("trailing_stop_pct")
    atr = out.risk.get("atr_stop_multiple")
    if not stop and atr:
        return _r_scale_out_in_atr(said, out, float(atr))  # type: ignore[arg-type]
    if not stop:
        multiple = said[0].value[1][1]
        out.problems.append(
            f"Scaling out at {multiple:g}R needs a stop loss in percent or ATRs to measure R (a "
            "bar stop is a different distance on each trade): add one, for example 'with a 5% "
            "stop loss'."
        )
        return [(i.start, i.end) for i in said]
    rejected: list[Span] = []
    for item in said:
        fraction, multiple = item.value[1]
        pct = multiple * float(stop)  # type: ignore[arg-type]
        if not (0 < fraction < 1 and multiple > 0 and _scale_out(out, float(fraction), pct)):
            rejected.append((item.start, item.end))
            continue
        out.notes.append(
            f"{multiple:g}R read as {multiple:g} x the {float(stop):g}% stop distance: the "  # type: ignore[arg-type]
            f"scale-out is at {pct:g}% from the entry"
        )
    return rejected


def _r_scale_out_in_atr(said: list[Item], out: Rules, atr: float) -> list[Span]:
    """ "take half off at 2R" with a 2 ATR stop (fixed or trailing, its first distance): one
    scale-out at 4 ATR from the entry, the ATR of the bar that placed it as the stop's. Only a
    first scale-out is built in ATRs: the rest are listed back."""
    fraction, multiple = said[0].value[1]
    if out.values.get("scale_out_pct") or out.values.get("scale_out_atr"):
        return [(i.start, i.end) for i in said]
    if not (0 < fraction < 1 and multiple > 0):
        return [(i.start, i.end) for i in said]
    out.values["scale_out_atr"], out.values["scale_out_fraction"] = multiple * atr, fraction
    out.notes.append(
        f"{multiple:g}R read as {multiple:g} x the {atr:g} ATR stop distance: the scale-out is "
        f"at {multiple * atr:g} ATR from the entry"
    )
    return [(i.start, i.end) for i in said[1:]]


def _take_fills(
    rules: list[Rule], orphans: list[DCond], notes: list[str], risk: dict, intraday: bool
) -> dict[str, str]:
    """``entry_fill``/``exit_fill`` from the fill phrases, which are removed from the rules. An
    exit rule that says only how it fills ("sell at the close") and no time exit says nothing
    of when: its words are reported back. "At the end of the day" is the close on daily bars;
    on intraday bars it is the session's end, which no fill says: reported back too."""
    said_fills: list[tuple[str, When]] = []  # (the side's key, the fill phrase) in text order
    overnight: list[DCond] = []
    for rule in rules:
        for _, d in rule.parts:
            if isinstance(d, When) and d.fill == "session_close" and intraday:
                orphans.append(d)
                d.fill = None
            elif isinstance(d, When) and d.fill == "session_close":
                d.fill = "close"
        only_fill = rule.parts and all(d.kind == "fill" for _, d in rule.parts)
        if only_fill and rule.side in ("exit", "short_exit"):
            overnight += [d for _, d in rule.parts]  # "sell at the close": when is not said
        else:
            key = "entry_fill" if rule.side in ENTRY_SIDES else "exit_fill"
            said_fills += [(key, d) for _, d in rule.parts if isinstance(d, When) and d.fill]
        rule.parts = [(c, d) for c, d in rule.parts if d.kind != "fill"]
    rules[:] = [r for r in rules if not _only_avoided(r)]
    for d in [o for o in orphans if isinstance(o, When) and o.kind == "fill" and o.fill]:
        if d.fill == "session_close" and intraday:
            continue
        d.fill = "close" if d.fill == "session_close" else d.fill
        orphans.remove(d)
        said_fills += [("entry_fill", d), ("exit_fill", d)]
    said_fills += [("exit_fill", d) for d in overnight if isinstance(d, When) and d.fill]
    if overnight and "exit_after_bars" not in risk and "exit_same_bar" not in risk:
        # An exit that says only how it fills ("sell at the close", "sell at the next day's
        # open") does not say when: reported back rather than read as some other exit.
        orphans += overnight
    said: dict[str, str] = {}
    for key, d in said_fills:
        # Words listed back are words not read: a fill among them is not used, and its side
        # keeps the default rather than copying the other side's fill.
        listed_back = any(d is o for o in orphans)
        said.setdefault(key, "next_open" if listed_back else d.fill or "next_open")
    day_end = any(
        d.unit == "bar_of_day_from_end" or (key == "exit_fill" and d.unit == "minute_of_day")
        for key, d in said_fills
    )
    if len(said) == 1 and day_end and "exit_fill" in said:
        # "exit at the end of the day" on intraday bars: the day's last bar is left at its
        # close; entries keep the next bar's open (one signalled on the last bar fills at the
        # next day's first bar, so no trade is held overnight). So does an exit at a time of
        # day: "sell at 9:35am next morning" is left at that bar's close
        said["entry_fill"] = "next_open"
        clock_exit = any(d.unit == "minute_of_day" for _, d in said_fills)  # "exit at 3:50pm"
        at = "the signal bar's close" if clock_exit else "the day's last bar's close"
        notes.append(f"entries fill at the next bar's open; exits at {at}")
    elif len(said) == 1:
        ((key, fill),) = said.items()
        other = "exit_fill" if key == "entry_fill" else "entry_fill"
        said[other] = fill
        if fill == "close":
            stated, rest = ("entries", "exits") if key == "entry_fill" else ("exits", "entries")
            notes.append(
                f"{rest} also fill at the signal bar's close (only the {stated}' was said)"
            )
    return said


def _prior_day_before_the_fill(rules: list[Rule], s: Stream, out: Rules) -> None:
    """ "yesterday", "the prior day", "last week" are the last completed day (week) before the
    day the order fills on, as a weekday rule is the fill day's: with fills at the next bar's
    open that is the signal bar, with fills at the close the bar before it (one bar back)."""
    for rule in rules:
        entry = rule.side in ENTRY_SIDES or rule.side == "entry_filter"
        at_close = out.values.get("entry_fill" if entry else "exit_fill", "next_open") == "close"
        _moves_on_the_fill_day(rule, s, at_close, out)
        for _, d in rule.parts:
            if not d.prior_day or isinstance(d, When):
                continue
            if at_close:
                for operand in (d.a, d.b):
                    if isinstance(operand, (Ind, Price)):
                        operand.lag += 1
            bar = "the bar before the signal bar" if at_close else "the signal bar"
            fill = "the close" if at_close else "the next bar's open"
            d.notes[0] += f" (with fills at {fill}: {bar})"


def _moves_on_the_fill_day(rule: Rule, s: Stream, at_close: bool, out: Rules) -> None:
    """A move said of the weekday the rule fills on ("buy at Monday's close if it fell on
    Friday and on Monday"): Monday's move is the fill day's own, known at its close (the signal
    bar), never the day before it; at the next bar's open it is not known yet, so refused. A
    move of any other weekday than the fill day and the trading day before it is refused too:
    the rule would need both days to be the one before the fill."""
    fill_days = {
        v
        for _, d in rule.parts
        if isinstance(d, When) and d.unit == "weekday" and not d.prior_day and not d.avoided
        for v in d.values
    }
    named = [
        d for _, d in rule.parts if isinstance(d, When) and d.prior_day and d.unit == "weekday"
    ]
    if not fill_days and len(named) == 2 and (named[0].values[0] + 1) % 5 == named[1].values[0]:
        _the_day_before_that(rule, s, *named)
        return
    for day in named if fill_days else ():
        said, weekday = s.span_text(day.start, day.end), vocab.WEEKDAY_NAMES[day.values[0]]
        fills = " or ".join(vocab.WEEKDAY_NAMES[f] for f in sorted(fill_days))
        if day.values[0] not in fill_days:
            if any((day.values[0] + 1) % 5 == f for f in fill_days):
                continue  # the trading day before the fill, as read
            out.refusal = out.refusal or (
                f"'{said}' names {weekday}, which is neither the day the order fills ({fills}) "
                "nor the trading day before it, the two days a rule can read a move of. Say "
                "the move of one of them, for example 'buy at Monday's close if it fell on Friday "
                "and on Monday'."
            )
            continue
        if not at_close:
            out.refusal = out.refusal or (
                f"'{said}' is a move on {weekday}, the day the order fills at its open, before "
                f"that day's close is known. Say 'at {weekday}'s close' to trade on it, or name "
                "the day before."
            )
            continue
        day.prior_day = False  # the fill day itself, as the rule's own weekday
        for _, d in rule.parts:
            if d.prior_day and not isinstance(d, When) and (d.start, d.end) == (day.start, day.end):
                d.prior_day = False
                d.notes[0] = d.notes[0].replace(
                    "the day before the order fills", "the day the order fills (its close)"
                )


def _the_day_before_that(rule: Rule, s: Stream, earlier: When, later: When) -> None:
    """ "(buy) if it fell on Monday and Tuesday", no day of the fill said: Tuesday is the day
    before the fill, and Monday the trading day before Tuesday (its move one bar earlier; its
    weekday follows from Tuesday's, a holiday aside, so it is not checked again)."""
    moved = [d for _, d in rule.parts if d.prior_day and not isinstance(d, When)]
    for d in moved:
        if (d.start, d.end) != (earlier.start, earlier.end):
            continue
        for operand in (d.a, d.b):
            if isinstance(operand, (Ind, Price)):
                operand.lag += 1
        d.notes[0] = (
            f"'{s.span_text(earlier.start, earlier.end)}' read as the trading day before "
            f"{vocab.WEEKDAY_NAMES[later.values[0]]}'s: its close below the close before it"
        )
    rule.parts = [(c, d) for c, d in rule.parts if d is not earlier]


def _held_but_never_bought(rules: list[Rule], matched: Matched, out: Rules) -> None:
    """ "If it's up 2% by Wednesday I sell, otherwise I hold until Friday close": a 'sell' with
    no buy rule is a short sale elsewhere, but a position said to be held until something was
    bought, and when is not said: refused, naming the words, rather than a guessed entry."""
    s = matched.stream
    if not any(r.side == "short_entry" and r.action == "sell" for r in rules):
        return
    for rule in rules:
        end = s.first(rule.start, vocab.HELD_UNTIL) if rule.action == "exit" else None
        if end is not None:
            out.refusal = out.refusal or (
                f"'{s.span_text(rule.start, end)}' holds a position, but no rule says when it "
                "is bought, so its 'sell' is not a short sale and Botlab does not guess the "
                "entry. Say when to buy, for example 'buy Monday's open, sell Friday's close'."
            )
            return


def _only_avoided(rule: Rule) -> bool:
    """A rule without an action whose only conditions are months to avoid ("don't trade in
    September"): a filter with nothing to filter, so no entry rule."""
    return (
        rule.action == "implied_buy"
        and bool(rule.parts)
        and all(isinstance(d, When) and d.avoided for _, d in rule.parts)
    )


def _subjects_carried(rules: list[Rule], s: Stream) -> None:
    """ "when SPY is above its 200-day SMA and closes at a 7-day low": a condition joined by
    "and" that opens with a verb has the subject of the one before it, so its lines are read on
    that symbol's bars too."""
    for rule in rules:
        symbol = None
        for conn, d in rule.parts:
            subject = getattr(d, "a", None)
            if not isinstance(subject, Ind | Price):
                symbol = None
                continue
            carried = conn == "and" and symbol is not None and subject.symbol is None
            if carried and s.low(d.start) in vocab.SUBJECT_LEFT_OUT_VERBS:
                for operand in _operands(d):
                    operand.symbol = operand.symbol or symbol
            symbol = subject.symbol


def _filters(rules: list[Rule]) -> bool:
    """Whether the other symbol named is a filter: an index (Yahoo's "^VIX", "^GSPC" are read,
    never traded), a symbol read in a filter ("only trade when SPY ...", "Filter: QQQ above its
    50 day sma.") or beside the traded symbol's own bars in one rule ("buy when RSI(2) < 10 and
    QQQ is above its 50-day SMA")."""
    for rule in rules:
        operands = [o for _, d in rule.parts if not isinstance(d, When) for o in _operands(d)]
        named = [o for o in operands if o.symbol]
        if any(o.symbol.startswith("^") for o in named) or (named and rule.action == "filter"):
            return True
        if named and len(named) < len(operands):
            return True
    return False


def _entry_opens_on_an_indicator_of(rules: list[Rule]) -> str | None:
    """The symbol whose indicator, against a level, opens the first rule that names a symbol,
    when that rule is an entry ("buy when SPY's RSI(3) < 15 and ...", "buy when the RSI of QQQ
    falls below 30 and ..."): the rule's trigger is said of that symbol. Not a price ("buy when
    RSI(2) < 10 and QQQ is above its 50-day SMA"), a trend of its lines ("the 200-day SMA of SPY
    is rising and RSI(14) drops below 35": a market filter beside the trigger), an index (never
    traded) or a filter rule."""
    for rule in rules:
        conds = [d for _, d in rule.parts if not isinstance(d, When)]
        if not any(o.symbol for d in conds for o in _operands(d)):
            continue
        first = conds[0].a if conds else None
        level = conds[0].b if conds else None
        entry = rule.action in ENTRY_ACTIONS and isinstance(level, Num)
        said_of = isinstance(first, Ind) and first.symbol and not first.symbol.startswith("^")
        return first.symbol if entry and said_of else None
    return None


def _place_symbols(
    rules: list[Rule], values: dict, notes: list[str], text: str, market_said: bool = False
) -> None:
    """Decide which named symbols are the traded one (see the module docstring); a pair said
    without Yahoo's "=X" ("EURUSD", "EUR/USD") is said back as the ticker traded. A symbol said
    to be "the market" (``market_said``) is never the one traded unless every rule reads it."""
    conds = [d for rule in rules for _, d in rule.parts if not isinstance(d, When)]
    named = {o.symbol for d in conds for o in _operands(d) if o.symbol}
    own = any(not o.symbol for d in conds for o in _operands(d))
    opening = (
        _entry_opens_on_an_indicator_of(rules) if len(named) == 1 and not market_said else None
    )
    if values.get("symbol") is None and len(named) == 1 and not (own and _filters(rules)):
        # every rule reads it ("buy when QQQ crosses ..."), or the one symbol named is what "it"
        # of another rule is ("buy when SPY is 5% below its 50 day MA, sell when it gets back
        # to the moving average"), unless it is a filter
        values["symbol"] = named.pop()
    elif values.get("symbol") is None and opening in MARKET_SYMBOLS & named:
        # "buy the close of any day where SPY's RSI(3) is below 15 and the close is above the
        # 200-day SMA": the entry is said of SPY's indicator, so the bars beside it are SPY's
        # (another symbol named alone is traded anyway: see below)
        values["symbol"] = opening
        notes.append(
            f"{opening} is traded: the only symbol named, and the entry is said of its indicator"
        )
    for rule in rules:
        for _, d in rule.parts:
            for operand in _operands(d):
                symbol = operand.symbol
                if symbol is None:
                    continue
                traded = values.get("symbol")
                if traded is None and symbol not in MARKET_SYMBOLS:
                    values["symbol"] = traded = symbol
                if symbol == traded:
                    operand.symbol = None
                elif traded is None:
                    notes.append(
                        f"{symbol} is read as a market filter on the traded symbol's bars (no "
                        "symbol to trade was named: the default applies)"
                    )
    traded = str(values.get("symbol") or "")
    if traded.endswith("=X") and traded.lower() not in text.lower():
        notes.append(f"{traded[:-2]} is traded as Yahoo's currency pair {traded}")


def _month_end_on_monthly_bars(rules: list[Rule], out: Rules) -> None:
    """ "at month end" on monthly bars is every bar's close (the bar's date is the month's first
    day). Lengths in months (weeks) on monthly (weekly) bars were counted in those bars as the
    text was read (``compiler._read``)."""
    if out.values.get("interval") != "1mo":
        return
    for rule in rules:
        edge = [
            (c, d)
            for c, d in rule.parts
            if isinstance(d, When) and d.unit == "trading_day_from_end" and d.values == (1,)
        ]
        if edge and len(edge) < len(rule.parts):
            rule.parts = [p for p in rule.parts if p not in edge]
            out.notes.append("'at month end' on monthly bars: each bar's close is a month end")


def _runs_in_other_bars(rules: list[Rule], out: Rules) -> None:
    """ "buy when it has gone down four weeks in a row" on daily bars: a run said in weeks
    (months, days) is a run of weekly (monthly, daily) closes, not of the bars tested; Botlab
    does not count a run on other bars than those tested, so the condition is reported with the
    reason, never read as a run of days."""
    interval = str(out.values.get("interval") or "1d")
    for rule in rules:
        for part in list(rule.parts):
            cond = part[1]
            said = cond.run_interval if isinstance(cond, DCond) else None
            if said is None or said == interval:
                continue
            rule.parts.remove(part)
            out.rejected.append((cond.start, cond.end))
            tested = vocab.INTERVAL_BAR_NAMES.get(interval, (interval, ""))[0]
            wanted, unit = vocab.INTERVAL_BAR_NAMES[said]
            why = (
                f"A run said in {unit} is a run of {wanted} "
                f"closes, and the bars tested are {tested} bars: Botlab counts a run only in "
                f"the bars tested. Test on {wanted} bars ('{wanted} bars: buy when ...') or say "
                "the run in bars."
            )
            if why not in out.problems:
                out.problems.append(why)


def _lengths_shorter_than_a_bar(rules: list[Rule], matched: Matched, out: Rules) -> None:
    """ "Weekly bars: buy when the close breaks the 20-day high": a length in days on weekly
    bars is no whole number of bars, so it was not read; say why. So too in another time
    frame's phrase ("the weekly close above its 12-day SMA" on daily bars): the condition read
    around the length without its time frame (the daily close above SMA(12)) is dropped."""
    s = matched.stream
    interval = vocab.BAR_INTERVAL.get()
    for k in range(s.n):
        unit = s.low(k)
        if unit not in vocab.PERIOD_UNITS or s.kind(k - 1) != "num":
            continue
        if unit in vocab.CLOCK_MINUTES:
            frame = matched.used[k] and frame_at(s, k - 1) is not None  # "the 1-hour RSI"
            whole = frame or vocab.in_bars(s.number(k - 1)[1], unit) is not None
            why = None if whole else _clock_length_not_whole(interval)
            if why is not None and why not in out.problems:
                out.problems.append(why)
        elif vocab.unit_bars(unit) is None:
            bars, said = vocab.INTERVAL_BAR_NAMES[interval][0], vocab.RUN_UNIT_INTERVALS[unit]
            why = (
                f"On {bars} bars a length in {vocab.INTERVAL_BAR_NAMES[said][1]} is not a whole "
                f"number of bars: say it in {vocab.INTERVAL_BAR_NAMES[interval][1]} or bars, or "
                f"test on {vocab.INTERVAL_BAR_NAMES[said][0]} bars."
            )
            if why not in out.problems:
                out.problems.append(why)
    for k, counted_in in sorted(s.lengths_not_read.items()):
        if counted_in == interval:
            continue  # the bars tested: reported above
        bars, unit = vocab.INTERVAL_BAR_NAMES[counted_in]
        why = (
            f"'{s.span_text(k - 1, k + 1)}' in a {bars} time frame is not a whole number of "
            f"{bars} bars: say it in {unit}."
        )
        if why not in out.problems:
            out.problems.append(why)
        for rule in rules:
            for part in list(rule.parts):
                if isinstance(part[1], DCond) and part[1].start <= k < part[1].end:
                    rule.parts.remove(part)
                    out.rejected.append((part[1].start, part[1].end))


def _clock_length_not_whole(interval: str) -> str:
    """Why a length in hours or minutes was not read on these bars."""
    bars = vocab.interval_bar_name(interval)
    if vocab.interval_minutes(interval) is None:
        return (
            f"On {bars} bars a length in hours or minutes is not a whole number of bars: say "
            "it in bars of the test, or test on intraday bars ('on the 1h chart: ...')."
        )
    return (
        f"On {bars} bars this length in hours or minutes is not a whole number of bars: say "
        "it in bars, or in a multiple of the bar."
    )


def _operands(d: DCond) -> list[Ind | Price]:
    out = [d.a, d.b, d.b2, *(d.b.items if isinstance(d.b, Multi) else [])]
    return [o for o in out if isinstance(o, Ind | Price)]


# -- sides --------------------------------------------------------------------------------------


def _opening_range_lengths(rules: list[Rule], s: Stream, out: Rules) -> None:
    """ "the 30-minute opening range high": the range's length, read as a time frame, is that
    many of the bars tested (2 on 15-minute bars), stated; one that is no whole number of them
    is reported."""
    bar = vocab.interval_minutes(str(out.values.get("interval") or "1d"))
    _opening_range_defined(rules, s, out.notes)
    for rule in rules:
        for part in list(rule.parts):
            ranges = [
                o
                for o in _operands(part[1])
                if isinstance(o, Ind) and o.family == "opening_range" and o.timeframe
            ]
            for line in ranges:
                minutes = S.INTRADAY_MINUTES.get(line.timeframe or "")
                if bar is None or minutes is None or minutes % bar:
                    rule.parts.remove(part)
                    out.rejected.append((part[1].start, part[1].end))
                    why = _clock_length_not_whole(str(out.values.get("interval") or "1d"))
                    out.problems += [why] if why not in out.problems else []
                    break
                line.params["period"], line.timeframe = minutes // bar, None
                out.notes.append(
                    f"the {minutes}-minute opening range read as the day's first "
                    f"{minutes // bar} bar(s) of {bar} minutes"
                )


def _opening_move_once_a_day(rules: list[Rule], out: Rules) -> None:
    """ "If the first 15 minutes are up, short": an entry on the opening move alone is taken
    once, on the bar right after those minutes (the order fills as it opens), not again on
    every later bar of the day the move stays true; with another condition or a time ("...
    short at 10:30") that one says when."""
    bar = vocab.interval_minutes(str(out.values.get("interval") or "1d"))
    for rule in rules:
        if rule.side not in ENTRY_SIDES or not rule.parts or bar is None:
            continue
        if not all(_opening_move(d) for _, d in rule.parts):
            continue
        bars = int(rule.parts[0][1].a.params["period"])  # type: ignore[union-attr]
        start = bars * bar
        when = When("calendar", unit="minute_of_session", values=tuple(range(start, start + bar)))
        when.start, when.end = rule.parts[0][1].start, rule.parts[0][1].end
        rule.parts.append(("and", when))
        out.notes.append(
            f"the opening move is traded once a day: on the bar opening {start} minutes after "
            "the day's first bar, right after the minutes it is measured over"
        )


def _opening_move(d: DCond) -> bool:
    """ "the first 15 minutes are up": an opening range's close against its open."""
    return (
        not isinstance(d, When)
        and isinstance(d.a, Ind)
        and isinstance(d.b, Ind)
        and d.a.family == d.b.family == "opening_range"
        and {d.a.output, d.b.output} == {"open", "close"}
        and "period" in d.a.params
    )


def _opening_range_defined(rules: list[Rule], s: Stream, notes: list[str]) -> None:
    """ "Opening range = first 30 min. Buy a break above the OR high": an opening range said
    without a length has the one the text defines (``_operands.opening_range_definition``)."""
    defined = opening_range_definition(s)
    if defined is None:
        return
    start, end, frame = defined
    bare = [
        o
        for rule in rules
        for _, d in rule.parts
        for o in _operands(d)
        if isinstance(o, Ind)
        and o.family == "opening_range"
        and not o.timeframe
        and "period" not in o.params
    ]
    for line in bare:
        line.timeframe = frame
    if bare:
        notes.append(f"'{s.span_text(start, end)}' read as the length of the opening range")


def _chart_roles(rules: list[Rule], orphans: list[DCond], s: Stream, out: Rules) -> None:
    """The roles the text gives its charts, echoed: the entry chart is the bars tested; the
    trend chart is the time frame of the conditions said on it. A condition wholly on another
    chart said before the entry and left without a rule ("check the weekly trend first (close
    above the 30-week MA), then buy ...") filters every entry. A trend chart no condition is
    said on is reported, never applied to conditions said without a frame (which of them is the
    trend's is the writer's to say)."""
    tested = str(out.values.get("interval") or "1d")
    if out.chart_roles:
        _higher_frame_filters(rules, orphans, s, out)
    for item in out.chart_roles:
        role, frame = item.value[1]
        said = s.span_text(item.start, item.end)
        if role == "entry":
            out.notes.append(
                f"'{said}' read as the bars tested: {vocab.interval_bar_name(frame)} bars"
            )
            continue
        on_it = [
            d
            for rule in rules
            for _, d in rule.parts
            if any(getattr(o, "timeframe", None) == frame for o in _operands_of(d))
        ]
        if not on_it:
            out.rejected.append((item.start, item.end))
            bars = vocab.TIMEFRAME_WORDS.get(frame, frame)
            out.problems.append(
                f"'{said}' gives the trend to the {bars} chart, but no condition is said on "
                f"it: name it there ('the {bars} close is above the {bars} 50 EMA')."
            )
            continue
        bars = vocab.TIMEFRAME_WORDS.get(frame, frame)
        out.notes.append(
            f"'{said}' read as the trend's chart: the conditions said on it are computed on "
            f"{bars} bars built from the {vocab.interval_bar_name(tested)} bars tested"
        )


def _higher_frame_filters(rules: list[Rule], orphans: list[DCond], s: Stream, out: Rules) -> None:
    """Conditions wholly on another chart, said before the entry rule and left without a rule
    in a text that gives its charts roles ("check the weekly trend first (close above the
    30-week MA), then buy ...", "H4 trend up, M15 entry: buy when ..."): filters of every entry,
    as a trend chart's conditions are (stated)."""
    entries = [rule for rule in rules if rule.action in ENTRY_ACTIONS]
    if not entries:
        return
    first = min(rule.start for rule in entries)
    framed = [
        d
        for d in orphans
        if d.end <= first
        and (operands := [o for o in _operands_of(d) if isinstance(o, Ind | Price)])
        and all(o.timeframe for o in operands)
    ]
    for rule in entries:
        rule.parts += [("and", copy.deepcopy(d)) for d in framed]
    orphans[:] = [d for d in orphans if all(d is not x for x in framed)]
    for d in framed:
        said = s.span_text(d.start, d.end)
        out.notes.append(f"'{said}' said with the charts' roles: it filters every entry")


def _operands_of(d: DCond | When) -> list[object]:
    return [getattr(d, side, None) for side in ("a", "b", "b2")]


def _frames_of_the_bars_tested(rules: list[Rule], out: Rules) -> None:
    """ "the hourly MACD" tested on hourly bars: the indicator of the bars tested themselves, not
    of another time frame built from them (stated). A line named alone ("use the 15m RSI. buy
    when it drops below 30") too, so that "it" is that line of the bars tested."""
    interval = out.values.get("interval")
    daily = str(interval or "1d")[-1] not in ("m", "h")  # "the daily RSI" on daily bars: its own
    tested = vocab.FRAME_OF_INTERVAL.get(interval, interval)  # "the weekly close" on "1wk" bars
    named: set[str] = set()
    said = [o for rule in rules for _, cond in rule.parts for o in (cond.a, cond.b, cond.b2)]
    for operand in said + list(out.mentions):
        while isinstance(operand, Ind | Price):
            if operand.timeframe == "D" and daily:
                operand.timeframe = None
            if operand.timeframe is not None and operand.timeframe == tested:
                named.add(operand.timeframe)
                operand.timeframe = None
            operand = getattr(operand, "of", None)
    for frame in sorted(named):
        out.notes.append(
            f"'{vocab.TIMEFRAME_WORDS[frame]}' names the {interval} bars tested on: each such "
            "indicator is computed on those bars themselves"
        )


def _day_end_on_daily_bars(rules: list[Rule], intraday: bool) -> None:
    """ "exit at the end of the day" on daily bars: each bar is a day, so its close (a fill at
    the close, as "exit at the close" reads); on intraday bars the day's last bar stays."""
    if intraday:
        return
    for rule in rules:
        for k, (conn, d) in enumerate(rule.parts):
            if isinstance(d, When) and d.unit == "bar_of_day_from_end":
                rule.parts[k] = (conn, When("fill", fill="close", start=d.start, end=d.end))


def _clock_points(rules: list[Rule], s: Stream, out: Rules) -> None:
    """Times of the day on the bars tested. An exit at a time ("exit at 3:50pm", "flat by
    15:45", see ``_parse_rules.clock_point``) closes at the close of the first bar that closes
    at or after it, or of the day's last bar when none does: flat by then, never held overnight
    for want of a bar at that minute. An entry at a time ("buy at 10am") fills at the open of
    the bar opening in one bar's length from it. On daily or longer bars no bar has a time of
    day (each is stamped midnight): every such condition is reported, with the reason."""
    minutes = vocab.interval_minutes(str(out.values.get("interval") or "1d"))
    entered = _entry_clock_point(rules)
    for rule in rules:
        for conn, d in list(rule.parts):
            if not isinstance(d, When) or d.unit not in ("minute_of_day", "minute_of_session"):
                continue
            if minutes is None:
                _no_time_of_day(rule, (conn, d), s, out)
            elif d.at_time:
                _place_clock_point(rule, (conn, d), minutes, s, out.notes, entered)


def _entry_clock_point(rules: list[Rule]) -> When | None:
    """The one time of day an entry is said at ("go long at 3:55pm"), if there is one."""
    said = [
        d
        for rule in rules
        if rule.side in ENTRY_SIDES
        for _, d in rule.parts
        if isinstance(d, When) and d.unit == "minute_of_day" and d.at_time and len(d.values) == 1
    ]
    return said[0] if len(said) == 1 else None


def _no_time_of_day(rule: Rule, part: tuple[str, DCond], s: Stream, out: Rules) -> None:
    """A time of day on daily bars: reported, not read as a rule never true."""
    rule.parts.remove(part)
    out.rejected.append((part[1].start, part[1].end))
    why = (
        f"'{s.span_text(part[1].start, part[1].end)}' is a time of day, and daily bars have "
        "none: test on intraday bars ('on the 15m chart: ...')."
    )
    if why not in out.problems:
        out.problems.append(why)


def _place_clock_point(
    rule: Rule,
    part: tuple[str, DCond],
    minutes: int,
    s: Stream,
    notes: list[str],
    entered: When | None = None,
) -> None:
    """One time said with "at"/"by" (see ``_clock_points``), on bars of ``minutes``. An exit at
    a time earlier in the day than the entry's ("long at 3:55pm, sell at 9:35am next morning")
    is the next day's: the trade is held overnight, never closed on the bar it opened."""
    d = part[1]
    assert isinstance(d, When)
    (time,) = d.values
    d.at_time = False
    said = s.span_text(d.start, d.end)
    opened = entered.values[0] if entered is not None and entered is not d else None
    if rule.side not in ENTRY_SIDES and opened is not None and time < opened:
        d.values, d.fill = tuple(range(max(time - minutes, 0), opened)), "close"
        notes.append(
            f"'{said}' read as: exit at the close of the first bar closing at or after "
            f"{clock(time)} after the entry at {clock(opened)}, the next day (the trade is held "
            "overnight), on the data's own clock"
        )
        return
    if rule.side in ENTRY_SIDES or rule.side == "entry_filter":
        d.values = tuple(range(time, min(time + minutes, 24 * 60)))
        notes.append(
            f"'{said}' read as the bar opening at {clock(time)} to {clock(d.values[-1])} (the "
            f"first {minutes}-minute bar from {clock(time)}), on the data's own clock"
        )
        return
    d.values, d.fill = tuple(range(max(time - minutes, 0), 24 * 60)), "close"
    last = When("calendar", unit="bar_of_day_from_end", values=(1,), fill="close")
    last.start, last.end = d.start, d.end
    if not any(isinstance(e, When) and e.unit == last.unit for _, e in rule.parts):
        rule.parts.insert(rule.parts.index(part) + 1, ("or", last))  # once: "or at the close"
    notes.append(
        f"'{said}' read as: exit at the close of the first bar closing at or after "
        f"{clock(time)}, or of the day's last bar if none does, on the data's own clock (the "
        "exchange's for stocks, UTC for Yahoo's crypto)"
    )


def _market_close_on_intraday_bars(rules: list[Rule], s: Stream, notes: list[str]) -> None:
    """On intraday bars "exit at the close", "or at the close", "cover by the bell" name the
    market's close, not the bar's: the close of the day's last bar (as "at the end of the day").
    Only an exit said by its fill alone or joined by "or" is one; "sell at the close when ..."
    keeps its fill, and a bar's own close ("at the bar's close") is never the day's."""
    for rule in rules:
        if rule.side not in ("exit", "short_exit"):
            continue
        alone = all(d.kind == "fill" for _, d in rule.parts)
        for n, (joiner, d) in enumerate(rule.parts):
            said = s.span_text(d.start, d.end).lower()
            if not (isinstance(d, When) and d.kind == "fill" and d.fill == "close"):
                continue
            if said not in vocab.MARKET_CLOSE_FILLS or not (alone or joiner == "or"):
                continue
            last = When("calendar", unit="bar_of_day_from_end", values=(1,), fill="close")
            last.start, last.end = d.start, d.end
            rule.parts[n] = (joiner, last)
            notes.append(
                f"'{said}' on intraday bars read as the market's close: the close of the day's "
                "last bar"
            )


def _the_days_prices(rules: list[Rule], s: Stream, out: Rules) -> None:
    """ "buy if the price is up 1% from the open of the day" on 5-minute bars: today's open is
    the open of the day's first bar, not this bar's; its high or low that of the day's bars
    before this one ("breaks above today's high", ``this_day``, stated). A move "from the open"
    ("up 1% from the open") is from the day's open too. The close said of the day is this
    bar's, the latest."""
    for rule in rules:
        for _, cond in rule.parts:
            said = False
            words = set(s.span_text(cond.start, cond.end).lower().split())
            moved = isinstance(cond.b, Price) and cond.b.times != 1 and "from" in words
            if moved and cond.b.field == "open" and not cond.b.lag:  # type: ignore[union-attr]
                cond.b.of_the_day = True  # type: ignore[union-attr]  # "up 1% from the open"
            for side in ("a", "b", "b2"):
                op = getattr(cond, side)
                if isinstance(op, Price) and op.of_the_day and op.field in ("open", "high", "low"):
                    setattr(cond, side, Ind("this_day", output=op.field, times=op.times))
                    said = True
            if said:
                out.notes.append(
                    f"'{s.span_text(cond.start, cond.end)}': on intraday bars the day's open is "
                    "its first bar's open (its high or low, that of the day's bars before this "
                    "one), not this bar's"
                )


def _days_on_intraday_bars(rules: list[Rule], s: Stream, out: Rules) -> None:
    """ "on 1h bars short below the prior day's low": on intraday bars the day before is not the
    bar before: a price of the previous bar said as the previous day's is that day's price,
    built from the intraday bars (``prior_day``, stated). Any other daily value or move over
    days said of these bars is reported with the reason."""
    for rule in rules:
        for part in list(rule.parts):
            cond = part[1]
            said = [s.low(k) for k in range(cond.start, cond.end)]
            before = cond.start - 1 - (s.low(cond.start - 1) in vocab.ARTICLES)
            move = _move_over_days(cond, said)
            daily = s.low(before) == "daily" or "daily" in said  # "the daily 200 sma"
            daily = daily and not any(o.timeframe == "D" for o in _operands(cond))  # built
            prior = any(w in vocab.DAY_LAG_WORDS for w in said) or any(
                a in vocab.LAG_WORDS and b in vocab.DAY_WORDS
                for a, b in zip(said, said[1:], strict=False)
            )
            if prior and not (daily or move) and _prior_day_prices(cond):
                out.notes.append(
                    f"'{s.span_text(cond.start, cond.end)}': the previous day's price is built "
                    "from these intraday bars (that date's high, low, open or close), known from "
                    "the next day's first bar"
                )
                continue
            if move and not (daily or prior) and _a_days_move(cond, " ".join(said)):
                out.notes.append(
                    f"'{s.span_text(cond.start, cond.end)}': the day's move on intraday bars is "
                    "the close against the previous day's close, built from these bars"
                )
                continue
            if not (daily or move or prior):
                continue
            rule.parts.remove(part)
            out.rejected.append((min(cond.start, before), cond.end))
            why = (
                "A daily value (the previous day's high, a daily moving average) on intraday "
                "bars is not the previous bar's or an average of bars; Botlab builds a daily "
                "indicator from intraday bars ('the daily 20 EMA is rising') but not the "
                "previous day's prices yet: test on daily bars, or say the rule in bars ('the "
                "high 6 bars earlier')."
            )
            if move:
                why = (
                    "A move over days or weeks on intraday bars: Botlab does not know how many "
                    "of these bars a day holds (a session is not 24 hours); say the window in "
                    "bars ('drops 5% over 12 bars'), or test on daily bars."
                )
            if why not in out.problems:
                out.problems.append(why)


def _day_stops_on_intraday_bars(matched: Matched, out: Rules) -> None:
    """ "stop at yesterday's low", "stop at the low of the day" on intraday bars: a day's low is
    not the signal bar's, where Botlab's bar stop is; reported with the reason, never placed at
    the bar's low."""
    s = matched.stream
    said = [
        i
        for i in matched.items
        if i.kind == "risk"
        and i.value[0] == "bar"
        and any(
            s.low(k) in vocab.DAY_WORDS or s.low(k) in vocab.DAY_LAG_WORDS
            for k in range(i.start, i.end)
        )
    ]
    if not said or not out.risk.pop("bar_stop", None):
        return
    out.rejected += [(i.start, i.end) for i in said]
    out.problems.append(
        "A stop at a day's high or low on intraday bars is not built: Botlab's bar stop is at "
        "the signal bar's low (high for a short). Say 'stop at the signal bar's low', a percent "
        "stop, or an exit ('sell when the close crosses below the previous day's low')."
    )


def _prior_day_prices(cond: DCond) -> bool:
    """The previous bar's prices in ``cond`` said as the previous day's ("the close crosses
    above yesterday's high") become that day's, from intraday bars; False (nothing changed)
    when ``cond`` reads anything else a bar or more back, or no such price."""
    sides = ("a", "b", "b2")
    ops = [getattr(cond, side) for side in sides]
    back = [op for op in ops if isinstance(op, Ind | Price) and op.lag]
    prices = [op for op in back if isinstance(op, Price) and op.lag == 1 and op.field != "volume"]
    if not prices or len(prices) != len(back) or isinstance(cond.b, Multi):
        return False
    for side, op in zip(sides, ops, strict=True):
        if any(op is p for p in prices):
            setattr(cond, side, Ind("prior_day", output=op.field, times=op.times, plus=op.plus))
    return True


def _a_days_move(cond: DCond, said: str) -> bool:
    """ "the price is up 1% on the day" on 5-minute bars: a 1-bar move said of one day is the
    close against the previous day's close (``prior_day``), changed in place; False (nothing
    changed) for a move over more days, or said as "intraday" (from which price is unsaid)."""
    days = (f" {p} " for p in vocab.ONE_DAY_SESSION_MOVES)
    roc = cond.a if isinstance(cond.a, Ind) and cond.a.family == "roc" else None
    if roc is None or roc.params.get("period") != 1 or not isinstance(cond.b, Num):
        return False
    if cond.b.value is None or not any(p in f" {said} " for p in days):
        return False
    level = Ind("prior_day", output="close", times=1 + cond.b.value / 100, symbol=roc.symbol)
    cond.a, cond.b = Price("close", symbol=roc.symbol), level  # "when SPY is up 1% on the day"
    cond.notes = [n for n in cond.notes if "ROC(1)" not in n]  # no longer one bar's move
    return True


def _move_over_days(cond: DCond, said: list[str]) -> bool:
    """ "drops 5% in a day", "up 15% in a week": a move over a span of days, whose number of
    intraday bars Botlab does not know (a session is not 24 hours)."""
    move = any(" a move " in note or note.startswith("a move of") for note in cond.notes)
    bars = {"bar", "bars", "period", "periods", "candle", "candles", "d"}
    spans = vocab.DAY_WORDS | frozenset(vocab.PERIOD_UNITS) - bars - vocab.CLOCK_MINUTES.keys()
    spans |= {w for w in vocab.ONE_DAY if " " not in w}  # "drops 2% intraday": a day, not a bar
    return move and any(w in spans for w in said) and not any(w in bars for w in said)


def _unread_sides(rules: list[Rule], matched: Matched, rejected: list[Span]) -> set[str]:
    """The sides of the rules said with words no phrase read between their action word and the
    next rule's ("exit once CCI tops +50"): what they say is not known."""
    inside = {k for start, end in rejected for k in range(start, end)}
    starts = sorted(r.start for r in rules) + [matched.stream.n]
    sides = set()
    for rule in rules:
        end = next(x for x in starts if x > rule.start)
        lost = any(
            k in matched.meaningful and (k in inside or not matched.used[k])
            for k in range(rule.start, end)
        )
        if lost:
            sides.add(rule.side)
    return sides


def _unread_action(matched: Matched) -> bool:
    """A word that opens a trade ("trade", "buy", "long") among the words no phrase read."""
    s = matched.stream

    def unread_word(k: int) -> bool:
        return k < s.n and not matched.used[k] and s.kind(k) in ("word", "sym")

    def clause_unread(k: int) -> bool:  # "trade MSFT pullbacks to": two unread words after
        ticker = k + 1 < s.n and s.tokens[k + 1].text.isupper()
        j = k + 1 + ticker  # the action (and its ticker)
        return unread_word(j) and unread_word(j + 1) and s.low(j) not in vocab.ARTICLES

    reported = any(  # "Then I wait for the RSI to drop under 10. I buy at the close": the
        item.kind == "unparsed"  # entry is in words reported back, not the condition read
        and any(s.low(k) in vocab.UNREAD_BUY_WORDS for k in range(item.start, item.end))
        for item in matched.items
    )
    return reported or any(
        unread_word(k) and s.low(k) in vocab.UNREAD_ACTION_WORDS and clause_unread(k)
        for k in range(s.n)
    )


def _said_long(matched: Matched) -> frozenset[int]:
    """Where a buy is said as going long ("go long", "long when"): never a cover."""
    s = matched.stream
    return frozenset(
        i.start
        for i in matched.items
        if i.kind == "action"
        and i.value == "buy"
        and any(s.low(k) == "long" for k in range(i.start, i.end))
    )


def _opposite_channel_edges(rules: list[Rule]) -> None:
    """ "short a 55-bar breakdown, exit on the opposite 20-bar channel": the opposite channel is
    read as a long's exit edge (the lowest low); a short's exit is the highest high."""
    for rule in rules:
        if rule.side != "short_exit":
            continue
        for _, d in rule.parts:
            if d.edge_of_the_side and isinstance(d.b, Ind):
                d.rel, d.b.family, d.b.source = ">", "highest", "high"


def _short_said_of_the_entry(rules: list[Rule]) -> bool:
    """ "Setup: shooting star at a 15-day high / Entry: short at the next open": an entry said
    with no side (a labelled condition) whose only side is a "short" said with no condition of
    its own (only its fill) opens a short."""
    shorts = [r for r in rules if r.action == "short"]
    bare = all(isinstance(d, When) and d.kind == "fill" for r in shorts for _, d in r.parts)
    buys = any(r.action in ("buy", "implied_buy") for r in rules)
    return bool(shorts) and bare and not buys


def _assign_sides(rules: list[Rule], settings: Rules, said_long: frozenset[int]) -> None:
    _negated_filters(rules, settings)
    _filter_as_the_entry(rules, settings)
    if any(r.action == "reverse" for r in rules) and settings.direction is None:
        settings.direction = "always_in"
        settings.notes.append("'reverse' read as stop-and-reverse: always in the market")
    actions = [r.action for r in rules if r.parts or r.action not in ("sell", "exit")]
    has_buy = any(a in ("buy", "enter", "implied_buy") for a in actions)
    has_sell = any(r.action == "sell" for r in rules)
    first_short = min((r.start for r in rules if r.action == "short"), default=None)
    # a sell after a short, with no cover said, closes it (as "buy" after a short covers)
    closes_the_short = first_short is not None and not any(r.action == "cover" for r in rules)
    reversing = settings.direction in ("always_in", "both")
    has_short_sale = not has_buy and any(r.action == "sell" and r.parts for r in rules)
    shorting = settings.direction == "short"  # "short only: ... entry, cover on ..."
    seasonal = _sells_on_the_calendar(rules) and any(r.action == "cover" for r in rules)
    last_entry = "entry"
    for rule in rules:
        action = rule.action
        if action in ("add", "filter", "average_filter", "scale_out_on", "stop_level"):
            sides = {"add": "add_on", "scale_out_on": "scale_out_on", "stop_level": "stop_level"}
            rule.side = sides.get(action, "entry_filter")
            continue
        if action == "buy":
            covering = first_short is not None and first_short < rule.start and not has_sell
            if covering and not reversing and rule.start not in said_long:
                rule.side = "short_exit"
                settings.notes.append("'buy' after a short rule read as buying to cover")
            else:
                rule.side = "entry"
        elif action == "implied_buy":
            rule.side = "short_entry" if settings.direction == "short" else "entry"
            settings.implied = True
            settings.notes.append("no action word: the condition is read as the entry signal")
        elif action == "enter":
            short = settings.direction == "short" or _short_said_of_the_entry(rules)
            rule.side = "short_entry" if short else "entry"
        elif action == "sell":
            if settings.direction == "always_in" or (reversing and first_short is None):
                rule.side = "short_entry"
            elif has_buy or settings.direction == "long" or seasonal:
                rule.side = "exit"
            elif closes_the_short and first_short < rule.start and not reversing:
                rule.side = "short_exit"  # "short when RSI > 70, sell when RSI < 30"
                settings.notes.append("'sell' after a short rule read as closing the short")
            else:
                rule.side = "short_entry"
                if rule.parts:
                    settings.notes.append("'sell' with no buy rule read as selling short")
        elif action == "short":
            rule.side = "short_entry"
        elif action == "reverse":
            rule.side = "entry" if last_entry == "short_entry" else "short_entry"
        elif (
            action == "cover"
            and has_sell
            and not first_short
            and (settings.direction == "long" or seasonal)
        ):
            rule.side = "entry"  # "hold SPY, sell in May and buy back in November"
            settings.notes.append("'buy back' after selling a long read as buying again")
        elif action == "cover" and first_short is None and not has_short_sale and not shorting:
            rule.side = "exit"
            settings.notes.append("'cover' with no short rule read as closing the long position")
        elif action == "cover":
            rule.side = "short_exit"
        else:  # exit
            rule.side = "short_exit" if last_entry == "short_entry" else "exit"
            if settings.direction == "always_in":
                rule.side = "short_entry"
        if rule.side in ("entry", "short_entry"):
            last_entry = rule.side
    _one_exit_for_both_sides(rules, settings)


_NEGATED = {"<": ">=", ">": "<=", "<=": ">", ">=": "<"}


def _negated_filters(rules: list[Rule], settings: Rules) -> None:
    """ "don't trade when ADX is below 20", "buy ... but not if the close is under the 200 SMA",
    "unless": an entry filter on the other side of each comparison (ADX >= 20). Not A or not B
    is not (A and B), so conditions joined by "or" become one joined by "and"; a crossing, a
    held state or an "and" has no one-rule opposite, and its words are reported unread."""
    for rule, after in zip(rules, [*rules[1:], None], strict=False):
        if rule.action != "avoid":
            continue
        if after is not None and after.parts and after.parts[0][1].kind == "mirror":
            # "if ATR% > 3 don't trade, otherwise buy when ...": "otherwise" is this filter
            after.parts = [(conn, d) for conn, d in after.parts[1:]]
        conns = {conn for conn, _ in rule.parts[1:]}
        states = all(d.kind == "compare" and d.rel in _NEGATED and d.n <= 1 for _, d in rule.parts)
        if not rule.parts or not states or conns - {"or"}:
            settings.rejected += [(d.start, d.end) for _, d in rule.parts]
            rule.parts = []
            continue
        avoided = Rule("avoided", rule.start, copy.deepcopy(rule.parts))
        for _, d in rule.parts:
            d.rel = _NEGATED[d.rel]
        rule.parts = [("and" if k else conn, d) for k, (conn, d) in enumerate(rule.parts)]
        rule.action = "filter"
        settings.notes.append("'don't trade when ...' read as an entry filter on the other side")
        settings.avoided.append(avoided)


def _filter_as_the_entry(rules: list[Rule], settings: Rules) -> None:
    """ "only buy when the close is above the 20 day SMA and RSI < 30, sell when RSI > 60": with
    no other rule opening a trade, "only buy when" says when to buy (not a filter of nothing, and
    the "sell" then closes the long rather than opening a short)."""
    opening = ("buy", "enter", "implied_buy", "short", "reverse")
    if any(r.action in opening and r.parts for r in rules):
        return
    filters = [r for r in rules if r.action == "filter" and r.parts]
    for rule in filters:
        rule.action = "buy"
    if filters:
        settings.notes.append(
            "an 'only buy when ...' filter with no other buy rule is read as the buy rule"
        )
    closing = any(r.action in vocab.CLOSING_SIDES and r.parts for r in rules)
    if filters and settings.avoided and not closing:
        # "stay invested in SPY except in weeks where X": out when X (not the mirror image
        # of the entry, which for an oscillator is the other extreme: RSI(2) > 95 -> < 5)
        for avoided in settings.avoided:
            avoided.action = "sell"
            rules.append(avoided)
        settings.notes.append(
            "holding except when a condition holds: sell when it holds, buy when it no longer does"
        )


def _one_exit_for_both_sides(rules: list[Rule], settings: Rules) -> None:
    """Long and short entries with one exit said after both, without a side or a direction
    ("long rsi<30, short rsi>70, exit (both) at 50", "exit when it crosses 50", "flat at
    15:55", "Exit: ADX(14) < 15" after entries on ADX > 20): the exit closes either position,
    each from its own side."""
    sides = [r.side for r in rules if r.parts]
    exits = [r for r in rules if r.action == "exit" and r.parts]
    if "entry" not in sides or "short_entry" not in sides or len(exits) != 1:
        return
    if sides.count("exit") + sides.count("short_exit") != 1:
        return
    exit_ = exits[0]
    entries = [r.start for r in rules if r.side in ("entry", "short_entry") and r.parts]
    neutral = all(  # a time of day ("flat at 15:55") closes a long as it does a short
        d.kind in ("touch", "calendar") or (d.kind == "cross" and d.rel is None)
        for _, d in exit_.parts
    )
    if exit_.start < max(entries):
        return  # "buy ..., exit when RSI > 50, short ...": the long's exit, said as a level
    if not neutral and not _a_level_neither_entry_holds(rules, exit_):
        _exit_to_the_side_it_can_close(rules, exit_, settings)
        return
    # its own copy of each condition: a time of day is placed on each rule's bars later
    twin = Rule(exit_.action, exit_.start, copy.deepcopy(exit_.parts), "short_exit")
    exit_.side = "exit"
    rules.insert(rules.index(exit_) + 1, twin)
    settings.notes.append("one exit rule for a long and a short entry: it closes either position")


def _a_level_neither_entry_holds(rules: list[Rule], exit_: Rule) -> bool:
    """``exit_`` compares lines with levels and neither entry implies it ("Entry long: ADX(14) >
    20 and ...", "Entry short: ADX(14) > 20 and ...", "Exit: ADX(14) < 15"): it is said of
    neither side, so it closes both."""
    levels = all(
        d.kind == "compare" and isinstance(d.b, Num) and d.b.value is not None
        for _, d in exit_.parts
    )
    entries = [r for r in rules if r.side in ("entry", "short_entry") and r.parts]
    return levels and not any(_implied_by(entry, exit_) for entry in entries)


def _exit_to_the_side_it_can_close(rules: list[Rule], exit_: Rule, settings: Rules) -> None:
    """ "buy when RSI < 30, short when RSI > 70, exit when RSI > 50": the exit is already true
    when the short opens (RSI above 70 is above 50), so it would close the short on its first
    bar; it is the long's exit (and the other way round)."""
    sides = {"exit": "entry", "short_exit": "short_entry"}
    other = "exit" if exit_.side == "short_exit" else "short_exit"
    own_entry = [r for r in rules if r.side == sides[exit_.side] and r.parts]
    other_entry = [r for r in rules if r.side == sides[other] and r.parts]
    if not own_entry or not other_entry:
        return
    if _implied_by(own_entry[0], exit_) and not _implied_by(other_entry[0], exit_):
        exit_.side = other
        whose = "long" if other == "exit" else "short"
        settings.notes.append(
            f"the exit rule is already true when the {'short' if whose == 'long' else 'long'} "
            f"opens, so it is read as the {whose}'s exit"
        )


def _implied_by(entry: Rule, exit_: Rule) -> bool:
    """Every part of ``exit_`` holds whenever a part of ``entry`` on the same line holds (both
    compare one indicator with a level: "RSI > 70" implies "RSI > 50")."""
    for _, d in exit_.parts:
        if d.kind != "compare" or not isinstance(d.b, Num) or d.b.value is None:
            return False
        implied = False
        for _, e in entry.parts:
            if e.kind != "compare" or not isinstance(e.b, Num) or e.b.value is None:
                continue
            if not _same_line(e.a, d.a):
                continue
            up = d.rel in (">", ">=") and e.rel in (">", ">=") and e.b.value >= d.b.value
            down = d.rel in ("<", "<=") and e.rel in ("<", "<=") and e.b.value <= d.b.value
            implied = implied or up or down
        if not implied:
            return False
    return True


def _sells_on_the_calendar(rules: list[Rule]) -> bool:
    """Every sell rule is a month, weekday or trading day ("sell in May, buy back in November"):
    selling a holding and buying it back on the calendar, since a short sale is said "short"."""
    sells = [r for r in rules if r.action == "sell"]
    return bool(sells) and all(
        r.parts and all(isinstance(d, When) and d.kind == "calendar" for _, d in r.parts)
        for r in sells
    )


# -- the documented defaults of a vague request -------------------------------------------------


#: Indicators a vague request may name ("an RSI strategy"): each has a documented default.
_DEFAULTED = {
    "sma", "ema", "ma", "rsi", "macd", "bbands", "band", "donchian", "highest", "lowest", "roc",
    "stoch", "zscore", *trader.FLIP_SYSTEMS,
}  # fmt: skip


def _default_for(ind: Ind) -> bool:
    return ind.valid_params() and ind.family in _DEFAULTED


def _style_rules(style: str | None, mention: Ind | None) -> tuple[DCond, DCond, str]:
    """The documented entry and exit of a vague request, and the note that states them (the
    stage that resolves a condition works on a copy, so the two may share operands)."""
    seasonal = _seasonal_rules(style)
    if seasonal is not None:
        return seasonal
    family = mention.family if mention else None
    params = dict(mention.params) if mention else {}
    if family in trader.FLIP_SYSTEMS:
        return _flip_rules(family, params)
    close = Price("close")
    if family in ("roc",) or style == "momentum":
        roc = Ind("roc", params={"period": params.get("period", 252.0)})
        return (
            DCond("compare", roc, ">", Num(0.0)),
            DCond("compare", roc, "<", Num(0.0)),
            f"no rules were given for momentum: buy while the {roc.params['period']:g}-bar rate of "
            "change (12 months of daily bars by default) is above 0, sell when it is below 0",
        )
    if family == "rsi" or (style == "mean_reversion" and family is None):
        rsi = Ind("rsi", params={"period": params.get("period", 14.0)})
        return (
            DCond("cross", rsi, "below", Num(30.0)),
            DCond("cross", rsi, "above", Num(70.0)),
            f"no rules were given: the standard RSI({rsi.params['period']:g}) rules, buy when it "
            "crosses below 30 and sell when it crosses above 70",
        )
    if family == "macd":
        line, signal = Ind("macd", "macd", params), Ind("macd", "signal", params)
        return (
            DCond("cross", line, "above", signal),
            DCond("cross", line, "below", signal),
            "no rules were given: buy when the MACD line crosses above its signal line, sell "
            "when it crosses below",
        )
    if family in ("bbands", "band"):
        return (
            DCond("compare", close, "<", Ind("bbands", "lower", params)),
            DCond("compare", close, ">", Ind("bbands", "middle", params)),
            "no rules were given: Bollinger mean reversion, buy when the close is below the "
            "lower band and sell when it is above the middle band",
        )
    if family == "stoch":
        k = Ind("stoch", "k", params)
        return (
            DCond("cross", k, "below", Num(20.0)),
            DCond("cross", k, "above", Num(80.0)),
            "no rules were given: buy when stochastic %K crosses below 20, sell when it crosses "
            "above 80",
        )
    if family == "zscore":
        z = Ind("zscore", params={"period": params.get("period", 20.0)})
        return (
            DCond("compare", z, "<", Num(-2.0)),
            DCond("compare", z, ">", Num(0.0)),
            "no rules were given: buy when the z-score is below -2, sell when it is above 0",
        )
    if family in ("donchian", "highest", "lowest") or style == "breakout":
        entry_p = params.get("period", 20.0)
        exit_p = params.get("exit_period", min(10.0, entry_p))
        return (
            DCond("compare", close, ">", Ind("highest", params={"period": entry_p}, source="high")),
            DCond("compare", close, "<", Ind("lowest", params={"period": exit_p}, source="low")),
            f"no rules were given for a breakout: buy when the close is above the {entry_p:g}-bar "
            f"high, sell when it is below the {exit_p:g}-bar low (Donchian / Turtle style)",
        )
    if style == "trend" or (family in vocab.MA_FAMILIES and params.get("period")):
        kind = "ema" if family == "ema" else "sma"
        ma = Ind(kind, params={"period": params.get("period", 200.0)})
        return (
            DCond("compare", close, ">", ma),
            DCond("compare", close, "<", ma),
            f"no rules were given for trend following: hold while the close is above the "
            f"{ma.params['period']:g}-bar {kind.upper()}, sell when it is below",
        )
    kind = "ema" if (family == "ema" or style == "ema_cross") else "sma"
    fast, slow = (12.0, 26.0) if kind == "ema" else (50.0, 200.0)
    a, b = Ind(kind, params={"period": fast}), Ind(kind, params={"period": slow})
    return (
        DCond("cross", a, "above", b),
        DCond("cross", a, "below", b),
        f"no rules were given for a moving-average crossover: buy when the {fast:g}-bar "
        f"{kind.upper()} crosses above the {slow:g}-bar {kind.upper()}, sell when it crosses below",
    )


def _default_rules(entry: DCond, exit_: DCond, said: list[Rule], out: Rules) -> list[Rule]:
    """A vague request's documented rules on the side it asks for: long (buy, sell); short
    ("RSI strategy, short only", "short the supertrend": short on the sell signal, cover on the
    buy signal); or, asked long and short or always in the market, when the sell signal is the
    buy signal's opposite ("supertrend flip long/short", "MACD both ways"), each signal
    reverses the position."""
    actions = {r.action for r in said}
    shorting = out.direction == "short" or (
        out.direction is None and "short" in actions and not actions & {"buy", "enter"}
    )
    if shorting:
        out.notes.append("short only: short on the sell signal, cover on the buy signal")
        return [
            Rule("short", 0, [("and", exit_)], "short_entry"),
            Rule("cover", 0, [("and", entry)], "short_exit"),
        ]
    if out.direction in ("both", "always_in") and _opposite_signals(entry, exit_):
        out.direction = "always_in"
        out.notes.append(
            "long and short: short on the sell signal, each signal reversing the position"
        )
        return [
            Rule("buy", 0, [("and", entry)], "entry"),
            Rule("short", 0, [("and", exit_)], "short_entry"),
        ]
    return [Rule("buy", 0, [("and", entry)], "entry"), Rule("sell", 0, [("and", exit_)], "exit")]


def _opposite_signals(entry: DCond, exit_: DCond) -> bool:
    """The two conditions are one line crossing (or standing on) either side of another."""
    return (
        entry.kind == exit_.kind
        and entry.a == exit_.a
        and entry.b == exit_.b
        and entry.rel != exit_.rel
    )


def _flip_rules(family: str, params: dict[str, float]) -> tuple[DCond, DCond, str]:
    """ "Supertrend(7,2) long only", "parabolic SAR stop and reverse": a trend-following line
    named alone is traded on its flips, in on the turn up and out (or short: "stop and
    reverse") on the turn down."""
    name = TABLE[family].title
    return (
        trader.colour(family, params, bullish=True, event=True),
        trader.colour(family, params, bullish=False, event=True),
        f"no rules were given for the {name}: buy when it flips bullish ("
        f"{trader.state_words(family, True)}), sell when it flips bearish",
    )


def _seasonal_rules(style: str | None) -> tuple[DCond, DCond, str] | None:
    """The documented rules of a seasonal style, or None."""
    if style == "sell_in_may":
        return (
            When("calendar", unit="month", values=(11, 12, 1, 2, 3, 4)),
            When("calendar", unit="month", values=(5, 6, 7, 8, 9, 10)),
            "'sell in May and go away' read as invested from November through April and out "
            "from May through October",
        )
    if style == "turn_of_month":
        return (
            When("calendar", unit="trading_day_from_end", values=(1,)),
            When("calendar", unit="trading_day", values=(3,)),
            "turn of the month read as: buy on the last trading day of the month, sell on the "
            "third trading day of the next month",
        )
    return None
