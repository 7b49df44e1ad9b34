"""A setup, then a trigger: "ADX above 30 and price pulls back to the 20 EMA, then buy when price
goes above the prior bar's high", "after a close above the upper band, buy the first pullback to
the 20 EMA", "MACD crosses up, and within 3 bars price breaks the prior high -> long", "buy when
price crosses above the 50 SMA, but only if RSI was below 30 sometime in the last 5 bars".

The setup's conditions are marked (``DCond.setup_within``: the bars before the trigger it may be
seen on, said or :data:`~engine.generation._vocabulary.SETUP_BARS`, stated) and placed after the
trigger's in the rule of the action, so the rule reads "trigger now, setup on one of the N bars
before" (the resolver builds a :class:`~engine.generation.spec.Sequence`). A window said between
or after them ("within 3 bars") is the setup's, never a time exit. Two forms keep their own
readings (``_parse._read_sequences``): a crossing back over the line the first event crossed
("drops below 30, then crosses back above 30") and two levels of one indicator.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.generation import _operands as ops
from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Ind, Item
from engine.generation._tokens import Stream

#: The form a one-condition setup and its trigger are read as another way: "crossing" (back
#: over the line the first crossed) or "levels" (two levels of one indicator), else None
Special = Callable[[Stream, Item, Item], str | None]


def read_setups(s: Stream, items: list[Item], used: list[bool], special: Special) -> None:
    """Mark every setup said before its trigger and place it in the trigger's rule (the words
    of a window read are marked ``used``)."""
    n = 0
    while n < len(items):
        read: list[bool] = list(used)  # the window's words, kept only when a setup is read
        got = _setup_at(s, items, n, read, special)
        if got is not None:
            used[:] = read
        n = got or n + 1
    _setups_said_with_a_window(s, items, used)
    _extremes_of_the_setup(s, items)


def _setup_at(
    s: Stream, items: list[Item], n: int, used: list[bool], special: Special
) -> int | None:
    """The setup run of conditions starting at item ``n``, when a trigger follows it: read,
    returning the index after the items it rearranged; else None."""
    if not _free(items[n]) or (n and items[n - 1].kind == "cond"):
        return None
    setup_end = _run_end(s, items, n)
    led = _led(s, items, n)
    k = _skip_joins(items, setup_end)
    if k < len(items) and _then_opens(s, items[k]):  # "Wait for X. Then buy when Y."
        k = _skip_joins(items, k + 1)
    if k >= len(items):
        return None
    gap_start = items[setup_end - 1].end
    marked = _then_between(s, gap_start, items[k].start)
    window, dropped, k = _window_item(s, items, k)
    if window is None and k < len(items):
        window = _window_words(s, gap_start, items[k], used)
    if not (marked or led or window) or k >= len(items):
        return None
    action_before = _action_before(items, n)
    if items[k].kind == "action" and action_before is None:
        # "then buy when B": B straight after the action, and not another action's ("..., then
        # buying, when downwards then selling")
        straight = k + 1 < len(items) and _free(items[k + 1])
        trigger = _run(s, items, k + 1) if straight else []
        after = _skip_joins(items, trigger[-1] + 1) if trigger else len(items)
        if after < len(items) and _leads_to(s, items[trigger[-1]], items[after]):
            return None
        action = k
    elif items[k].kind == "cond" and _free(items[k]):
        trigger = _run(s, items, k)
        after = _skip_joins(items, trigger[-1] + 1) if trigger else len(items)
        trailing = after < len(items) and items[after].kind == "action" and _bare(items, after)
        if action_before is not None and not led:
            action = None  # "buy when A, then B": the setup and trigger of the action before
        elif trailing and action_before is None:
            action = after  # "A, then within 3 bars B -> long"
        else:
            return None
    else:
        return None
    if not trigger:
        return None
    setup = [m for m in range(n, setup_end) if items[m].kind == "cond"]
    end = trigger[-1] + 1
    if window is None:
        window = _window_after(s, items[trigger[-1]].end, items, end, used)
    if len(setup) == 1 and len(trigger) == 1:
        form = special(s, items[setup[0]], items[trigger[0]])
        if form == "levels" or (form == "crossing" and not window):
            return None  # "drops below 30, then crosses back above 30": read as its own form
    if any(_on_the_bar_before(items[m].value) for m in setup):
        return None  # "inside day, then buy a break of its high": read on the bar before
    if window is not None and end < len(items) and _is_window(items[end]):
        dropped = items[end]
    bars, said = (window, True) if window else (vocab.SETUP_BARS, False)
    _mark(s, [items[m] for m in setup], [items[m] for m in trigger], bars, said)
    _wait_words(s, items[trigger[0]], used)
    _lead_words(s, items[setup[0]], used)
    first = _first_after_setup(s, items[trigger[0]], used)
    if first:
        items[trigger[0]].value.notes.append(first)
    _chain_before(s, items, n)
    return _rearrange(items, n, setup, trigger, action, dropped)


def _rearrange(
    items: list[Item],
    n: int,
    setup: list[int],
    trigger: list[int],
    action: int | None,
    window: Item | None,
) -> int:
    """Items ``n`` up to the last trigger (and its action) as one rule: the action, the
    trigger's conditions, then the setup's (an "and" between them), other items kept after;
    the ``window`` item read is no time exit."""
    if window is not None and window in items[n:]:
        gone = items.index(window, n)
        items.pop(gone)
        setup = [m - (m > gone) for m in setup]
        trigger = [m - (m > gone) for m in trigger]
        action = None if action is None else action - (action > gone)
    last = max([*trigger, *([action] if action is not None else [])])
    span = items[n : last + 1]
    picked = set(setup) | set(trigger) | ({action} if action is not None else set())
    kept = [
        it
        for m, it in zip(range(n, last + 1), span, strict=True)
        if m not in picked and it.kind not in ("sep", "conn")
    ]
    head = [items[action]] if action is not None else []
    conds = [items[m] for m in trigger] + [items[m] for m in setup]
    for it in conds:
        it.when = True
    items[n : last + 1] = [*head, *conds, *kept]
    return n + len(head) + len(conds) + len(kept)


def _mark(s: Stream, setup: list[Item], trigger: list[Item], bars: int, said: bool) -> None:
    """The setup's conditions marked with their window; how it was read, said back once."""
    for it in setup:
        it.value.setup_within = bars
    what = s.span_text(setup[0].start, setup[-1].end)
    then = s.span_text(trigger[0].start, trigger[-1].end)
    how = "" if said else f" ({bars} bars assumed: no window was given)"
    setup[0].value.notes.append(
        f"'{what}' read as the setup and '{then}' as the trigger: the trigger on the signal bar, "
        f"the setup on one of the {bars} bars before it{how}"
    )


def _then_opens(s: Stream, item: Item) -> bool:
    """A sentence end followed by "Then" ("Wait for a close above the high. Then buy ...")."""
    return item.kind == "sep" and bool(item.value) and s.low(item.end) in vocab.SETUP_THEN_WORDS


def _chain_before(s: Stream, items: list[Item], n: int) -> None:
    """ "Once the 10 EMA crosses above the 30 EMA, wait for a dip to it, then buy when ...": a
    first event before a setup read is a chain of three, which one window does not say: the
    first is reported, never joined to the trigger's bar."""
    k = n - 1
    while k >= 0 and _joins(items[k]):
        k -= 1
    if k >= 0 and _free(items[k]) and _led(s, items, k) and items[k].start != items[n].start:
        first = k
        while (
            first > 0
            and items[first - 1].kind == "cond"
            and items[first - 1].start == items[k].start
        ):
            first -= 1
        for m in range(first, k + 1):
            items[m] = Item("unparsed", vocab.SETUP_CHAIN_PROBLEM, items[m].start, items[m].end)


def _on_the_bar_before(d: DCond) -> bool:
    """A setup already read on the bar before the signal bar ("an inside day, then a break of
    its high": the previous bar was an inside bar), whose trigger names that bar."""
    return any(getattr(op, "lag", 0) >= 1 for op in (d.a, d.b))


def _free(item: Item) -> bool:
    """A condition not yet part of a sequence."""
    d = item.value
    return item.kind == "cond" and isinstance(d, DCond) and not d.setup_within


def _run_end(s: Stream, items: list[Item], n: int) -> int:
    """The index after the last condition of the run starting at ``n``: conditions joined by
    commas or "and", up to a word that says the next comes later."""
    end = n + 1
    k = n + 1
    while k < len(items):
        it = items[k]
        if it.kind == "cond" and _free(it):
            one_phrase = it.start == items[end - 1].start  # "pulls back to": two conditions
            waited = _waited(s, it) and not one_phrase
            if waited or _then_between(s, items[end - 1].end, it.start):
                break
            end = k + 1
        elif not _joins(it):
            break
        k += 1
    return end


def _run(s: Stream, items: list[Item], k: int) -> list[int]:
    """The conditions of the run starting at ``k`` (each joined by a comma or "and")."""
    if k >= len(items) or not _free(items[k]):
        k = _skip_joins(items, k)
        if k >= len(items) or not _free(items[k]):
            return []
    return [m for m in range(k, _run_end(s, items, k)) if items[m].kind == "cond"]


def _leads_to(s: Stream, cond: Item, action: Item) -> bool:
    """ "..., when downwards then selling": ``cond`` is the condition of the ``action`` after it
    (a word or an arrow between them says so)."""
    between = range(cond.end, action.start)
    return action.kind == "action" and any(
        s.arrow(k) or s.low(k) in vocab.SETUP_THEN_WORDS for k in between
    )


def _bare(items: list[Item], k: int) -> bool:
    """The action at ``k`` has no condition of its own after it ("..., then B -> long.")."""
    following = [it for it in items[k + 1 :] if it.kind != "conn"][:1]
    return not following or following[0].kind in ("sep", "action", "risk", "meta")


def _joins(item: Item) -> bool:
    return (item.kind == "sep" and not item.value) or (item.kind == "conn" and item.value == "and")


def _skip_joins(items: list[Item], k: int) -> int:
    while k < len(items) and _joins(items[k]):
        k += 1
    return k


def _then_between(s: Stream, start: int, end: int) -> bool:
    """A word between two phrases saying the second comes later ("then", "followed by"); an
    arrow typed is no such word ("RSI < 30 -> buy")."""
    for k in range(start, end):
        if s.arrow(k):
            continue
        if s.low(k) in vocab.SETUP_THEN_WORDS or s.phrase(k, "after that") is not None:
            return True
    return False


def _waited(s: Stream, item: Item) -> bool:
    """ "wait for a pullback to the 10 EMA": a phrase said as what comes next."""
    start = item.start
    return s.first(start, vocab.WAIT_FOR) is not None or any(
        s.first(k, vocab.WAIT_FOR) == start for k in range(max(0, start - 4), start)
    )


def _led(s: Stream, items: list[Item], n: int) -> bool:
    """The run at ``n`` is said as what comes first: "after X", "once X", "wait for X"."""
    return s.low(items[n].start - 1) in vocab.AFTER_SEQUENCE_WORDS or _waited(s, items[n])


def _action_before(items: list[Item], n: int) -> int | None:
    """The action of the sentence before item ``n``, if it has one."""
    for k in range(n - 1, -1, -1):
        it = items[k]
        if it.kind == "sep" and it.value:
            return None
        if it.kind == "action":
            return k
    return None


def _is_window(item: Item) -> bool:
    value = item.value
    return item.kind == "risk" and isinstance(value, tuple) and value[0] == "time"


def _window_item(s: Stream, items: list[Item], k: int) -> tuple[int | None, Item | None, int]:
    """ "..., within 3 bars B": a time read as an exit, between a setup and its trigger, is the
    setup's window: its bars, the item (removed once the setup is read) and the index of what
    follows it ("and hold for 5 days" is an exit)."""
    if k < len(items) and _is_window(items[k]) and s.low(items[k].start) in vocab.MOVE_WINDOW_PREPS:
        bars = items[k].value[1][0]
        bars = bars if isinstance(bars, int) and bars >= 1 else None
        return bars, items[k], _skip_joins(items, k + 1)
    return None, None, k


def _window_words(s: Stream, start: int, then: Item, used: list[bool]) -> int | None:
    """A window written between two phrases ("then within the next 4 bars"); a phrase read
    from inside it ("4 bars price closes above ...") starts after it."""
    for k in range(start, then.start):
        got = window_at(s, k)
        if got is None:
            continue
        used[k : got[0]] = [True] * (got[0] - k)
        if then.start < got[0] < then.end:
            then.start = got[0]
            then.value.start = max(then.value.start, got[0])
        return got[1]
    return None


def _window_after(s: Stream, k: int, items: list[Item], n: int, used: list[bool]) -> int | None:
    """A window said after the trigger ("... crosses above 20 within 5 bars")."""
    said = n < len(items) and s.low(items[n].start) in vocab.MOVE_WINDOW_PREPS
    if said and _is_window(items[n]) and items[n].start <= k + 1:
        bars = items[n].value[1][0]
        return bars if isinstance(bars, int) and bars >= 1 else None
    got = window_at(s, k)
    if got is None:
        return None
    used[k : got[0]] = [True] * (got[0] - k)
    return got[1]


def window_at(
    s: Stream, k: int, preps: frozenset[str] = vocab.MOVE_WINDOW_PREPS
) -> tuple[int, int] | None:
    """ "within 3 bars", "in the next 4 candles", "over the last 5 days" at ``k``: (end, bars)."""
    j = s.skip(k, preps)
    if j == k:
        return None
    got = ops.parse_bars(s, s.skip(j, vocab.SETUP_WINDOW_FILLERS))
    return (got[0], got[1]) if got is not None else None


def _lead_words(s: Stream, setup: Item, used: list[bool]) -> None:
    """ "First the 9 EMA crosses above the 21 EMA, then ...": the word saying it comes first."""
    start = setup.start
    for k in range(max(0, start - 3), start):
        if s.first(k, vocab.SETUP_LEADS) == start:
            used[k:start] = [True] * (start - k)
            return


def _wait_words(s: Stream, trigger: Item, used: list[bool]) -> None:
    """ "wait for a pullback to the 10 EMA": the words of the wait are the trigger's."""
    start = trigger.start
    for k in range(max(0, start - 4), start):
        if s.first(k, vocab.WAIT_FOR) == start:
            used[k:start] = [True] * (start - k)
            return


def _first_after_setup(s: Stream, trigger: Item, used: list[bool]) -> str | None:
    """ "buy the first pullback": the first trigger after the setup, as far as one trade at a
    time allows (said back)."""
    start = trigger.start
    for k in range(max(0, start - 3), start + 1):
        end = s.first(k, vocab.FIRST_AFTER_SETUP)
        if end is not None and start - 1 <= end <= start:
            used[k:end] = [True] * (end - k)
            return (
                f"'{s.span_text(k, end)}' read as a trigger after the setup while no trade is "
                "open (a later trigger in the setup's window can enter again after an exit)"
            )
    return None


def _setups_said_with_a_window(s: Stream, items: list[Item], used: list[bool]) -> None:
    """ "RSI under 30 in the last 3 candles and price closes above the 10 EMA", "but only if RSI
    was below 30 sometime in the last 5 bars": a state said with a window of bars before is a
    setup of the rule's other conditions."""
    for it in items:
        if not _free(it):
            continue
        sometime = s.longest(it.end, vocab.SETUP_SOMETIME)
        k = sometime[0] if sometime else it.end
        got = window_at(s, k, vocab.SETUP_STATE_PREPS)
        if got is None or vocab.SETUP_WINDOW_BACK.isdisjoint(_words(s, k, got[0])):
            continue
        if got[1] > vocab.SETUP_WINDOW_MAX_BARS:  # "over the last 5 years": the test period
            continue
        d = it.value
        d.setup_within = got[1]
        used[it.end : got[0]] = [True] * (got[0] - it.end)
        it.end = got[0]
        d.end = got[0]
        d.notes.append(
            f"'{s.span_text(it.start, got[0])}' read as a setup on one of the {got[1]} bars "
            "before the signal bar, the rule's other conditions on the signal bar"
        )


def _extremes_of_the_setup(s: Stream, items: list[Item]) -> None:
    """ "stop below the pullback low": the lowest low of the setup's window before the signal
    bar (the longest window of the setups read); with no setup read, reported."""
    windows = [it.value.setup_within for it in items if it.kind == "cond" and not _free(it)]
    windows = [w for w in windows if w]
    for n, it in enumerate(items):
        if windows and _setup_bar_stop(s, it):
            items[n] = Item("unparsed", vocab.SETUP_BAR_STOP_PROBLEM, it.start, it.end)
            continue
        d = it.value
        line = d.b if it.kind == "cond" and isinstance(d, DCond) else None
        if not (isinstance(line, Ind) and line.setup_window):
            continue
        if not windows:
            items[n] = Item("unparsed", vocab.SETUP_EXTREME_PROBLEM, it.start, it.end)
            continue
        line.params["period"] = float(max(windows))
        d.notes.append(
            f"'{s.span_text(it.start, it.end)}' read as the {line.family} {line.source} of the "
            f"{max(windows)} bars before the signal bar, the setup's window"
        )


def _setup_bar_stop(s: Stream, item: Item) -> bool:
    """ "stop below the setup bar's low" after a setup read on one of several bars."""
    value = item.value
    bar = item.kind == "risk" and isinstance(value, tuple) and value[0] == "bar"
    return bar and "setup" in _words(s, item.start, item.end)


def _words(s: Stream, start: int, end: int) -> list[str]:
    return [s.low(k) for k in range(start, end)]
