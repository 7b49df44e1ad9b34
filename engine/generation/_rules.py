"""Grouping scanned items into rules: which conditions belong to which action.

Sentences end at ". ; ! ?" or a line break; clauses end at "," or ":". Within a clause, the
conditions after an action belong to it, and conditions before the first action belong to that
action ("when X buy"); in a clause that puts its conditions first, a condition between two
actions belongs to the later one ("when X buy and when Y sell"). A clause without an action
belongs to the previous action of its sentence ("buy when X, Y"), or to the next one when it
starts with "when"/"if" and the next clause starts with an action ("When X, buy"), when no
action came before it in the sentence, or when the next clause is an action alone and the
previous rule has its conditions ("RSI > 50: long, RSI < 50: short"); such a clause goes back
to an action said bare before it when the next action has conditions of its own ("buy: when X,
then sell when Y"). Conditions left over at the end of a sentence join the last rule ("Buy when
X. Only when Y."). Months said to be avoided restrict the entries wherever they are said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.generation._draft import DCond, Item, When

ENTRY_ACTIONS = ("buy", "enter", "short", "implied_buy", "reverse")


@dataclass
class Rule:
    """An action and its conditions; ``parts`` pairs each condition with its connector."""

    action: str
    start: int
    parts: list[tuple[str, DCond]] = field(default_factory=list)
    side: str = ""


def group_rules(items: list[Item]) -> tuple[list[Rule], list[DCond]]:
    """Rules in text order, and conditions that belong to no action."""
    rules: list[Rule] = []
    carried: list[tuple[str, DCond]] = []
    for sentence in _split(items, strong=True):
        before = len(rules)
        pending = _sentence_rules(sentence, rules)
        if carried and len(rules) > before and not rules[before].parts:
            rules[before].parts[:0] = carried  # "When RSI drops below 30. Buy."
            carried = []
        if pending and rules and pending[0][1].start > rules[-1].start:
            rules[-1].parts += pending  # "Buy when X. Only when Y."
        elif pending:
            carried += pending
    if carried and not any(r.action in ENTRY_ACTIONS for r in rules):
        # "golden cross on MSFT", "golden cross, death cross exit": a condition with no action
        rules.insert(0, Rule("implied_buy", carried[0][1].start, carried))
        carried = []
    return rules, [cond for _, cond in _avoided_months_to_entries(rules, carried)]


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
    sentence_rules = 0
    first = len(rules)  # this sentence's first rule
    for n, clause in enumerate(clauses):
        actions = [k for k, item in enumerate(clause) if item.kind == "action"]
        if not actions:
            conds = _conditions(clause)
            if not conds:
                continue
            ahead = clauses[n + 1] if n + 1 < len(clauses) else []
            bare = len(ahead) == 1 and ahead[0].kind == "action"  # "X: long, Y: short"
            forward = _starts_with_action(clauses, n + 1) and (
                clause_starts_with_when(clause) or (bare and bool(rules) and bool(rules[-1].parts))
            )
            if forward or sentence_rules == 0:
                pending += conds
            else:
                rules[-1].parts += conds
            continue
        head = _conditions(clause[: actions[0]])
        carried: list[tuple[str, DCond]] = []
        for m, k in enumerate(actions):
            end = actions[m + 1] if m + 1 < len(actions) else len(clause)
            rule = Rule(clause[k].value, clause[k].start)
            own = _conditions(clause[k + 1 : end])
            if m == 0:
                rule.parts += head
                if not head and not own:  # "When X, buy": X is this rule's condition
                    rule.parts += pending
                    pending = []
                elif pending and len(rules) > first and not rules[-1].parts:
                    rules[-1].parts += pending  # "buy: when X, then sell when Y"
                    pending = []
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
    connector = "and"
    for item in items:
        if item.kind == "conn":
            connector = item.value
        elif item.kind == "cond":
            out.append((connector, item.value))
            connector = "and"
    return out
