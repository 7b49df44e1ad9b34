"""Conditions counted over the last bars.

"3 of the last 4 days closed up", "at least 3 up days in the last 5", "closed higher in 3 of the
past 5 sessions", "above the 50 MA every day for the last 5 days" (a state on at least K of the
last M bars, this one included: a spec ``Count``), and "crosses above the 20 SMA twice within 5
days" (an event on this bar that is at least its K-th in the last M bars). :func:`counted`
recognises the count, with the up or down days it counts when they are said with it;
:func:`attach_counts` puts a count said before or after a condition on it. A count with no
condition beside it is reported, never dropped. ("For a week" is a run held on each bar, read
with the other runs in ``_operands.parse_held``.)
"""

from __future__ import annotations

from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Item, Price, When
from engine.generation._tokens import Found, Stream

#: A count: the bars needed, the bars of the window, and whether it counts an event that must
#: happen on this bar ("twice within 5 days": the second time)
Tally = tuple[int, int, bool]


def counted(s: Stream, i: int) -> Found:
    """A count at token ``i``: a "count" item (the condition is said beside it) or, for "3 up
    days in the last 5", the condition with its count."""
    days = _days_counted(s, i)
    if days is not None:
        return days
    way = _way_first(s, i)
    if way is not None:
        return way
    nth = _nth_time(s, i)
    if nth is not None:  # "the second time (the close crosses above ...) within 10 days"
        return nth[0], "count", (nth[1], 0, True, "next", None)
    window = _window(s, i)
    if window is not None:  # "3 of the last 4 days (closed up)": the condition follows
        end, need, bars = window
        said = _way_said(s, end)
        if said is not None:  # "... were down days"
            return _way_cond(s, i, said[0], said[1], (need, bars, False))
        end = s.optional(end, vocab.COUNT_TAILS)  # "... had volume above its average"
        return end, "count", (need, bars, False, "next", None)
    after = _count_after(s, i)
    if after is not None:
        end, tally, length = after
        return end, "count", (*tally, "before", length)
    return None


def _nth_time(s: Stream, i: int) -> tuple[int, int] | None:
    """ "the second time", "the 3rd time": (the end, the times)."""
    j = s.optional(i, "the")
    if s.low(j) in vocab.ORDINALS and s.low(j) != "first":
        j, times = j + 1, vocab.ORDINALS[s.low(j)]
    elif s.kind(j) == "num" and s.low(j + 1) in vocab.ORDINAL_SUFFIXES:
        j, times = j + 2, s.tokens[j].value or 0
    else:
        return None
    if s.low(j) != "time" or times != int(times) or not 2 <= times <= 50:
        return None
    if s.first(j + 1, vocab.IN_A_ROW) is not None:
        return None  # "for the third time in a row": a run, read with the runs
    return j + 1, int(times)


def _within_bars(s: Stream, item: Item) -> int | None:
    """The bars of "within 10 days" read as the item ``item`` (a test period, a length): the
    window the n-th time is counted in."""
    j = s.first(item.start, vocab.TIMES_WITHIN)
    got = s.number(s.optional(s.optional(j, "the"), vocab.COUNT_WINDOWS)) if j else None
    if got is None or not _whole(got[1], got[1]):
        return None
    end = s.optional(got[0], vocab.HELD_UNITS)
    return int(got[1]) if end == item.end else None


def _window(s: Stream, k: int) -> tuple[int, int, int] | None:
    """ "3 of the last 5 days", "at least 4 out of the past 6 closes", "each of the last 5
    days": (the end, the bars needed, the bars of the window)."""
    j = s.first(k, vocab.HELD_AT_LEAST) or k
    every = s.low(j) in ("each", "all", "every")
    got = None if every else s.number(j)
    after_need = j + 1 if every else (got[0] if got else None)
    if after_need is None:
        return None
    j = s.first(after_need, vocab.COUNT_OF)
    window = _window_only(s, j) if j is not None else None
    if window is None:
        return None
    end, bars = window
    need = bars if every else got[1]  # type: ignore[index]
    return (end, int(need), bars) if _whole(need, bars) else None


def _whole(need: float, bars: float) -> bool:
    return need == int(need) and bars == int(bars) and 1 <= need <= bars and 2 <= bars <= 250


def _days_counted(s: Stream, i: int) -> Found:
    """ "at least 3 up days in the last 5", "2 green candles out of the last 3": the up or down
    bars with their count."""
    j = _after_the_price(s, i)  # "the market had 4 red days out of the last 5"
    j = s.first(j, vocab.HELD_AT_LEAST) or j
    got = s.number(j)
    if got is None or not (s.low(got[0]) in vocab.DOWN_WORDS or _up(s, got[0])):
        return None
    way_at = got[0]
    unit = way_at + 1
    if s.low(unit) not in vocab.STREAK_UNITS:
        return None
    lead = s.first(unit + 1, ("in", "out of", "of", "over", "during"))
    window = _window_only(s, lead) if lead is not None else None
    if window is None or not _whole(got[1], window[1]):
        return None
    end, bars = window
    return _way_cond(s, i, way_at, end, (int(got[1]), bars, False))


def _way_first(s: Stream, i: int) -> Found:
    """ "it's down 3 of the last 4 days", "the stock closed up on 4 of the past 5 sessions":
    the way, then the count."""
    k = _after_the_price(s, i)
    if not (s.low(k) in vocab.DOWN_WORDS or _up(s, k)) or s.low(k) in vocab.CANDLE_COLOURS:
        return None
    j = s.optional(k + 1, vocab.COUNT_LEADS)
    window = _window(s, j)
    if window is None:
        return None
    end, need, bars = window
    return _way_cond(s, i, k, end, (need, bars, False))


def _after_the_price(s: Stream, i: int) -> int:
    """After the price and its verb said before the bars counted ("it closed", "the market
    had"): the price is the subject of the up or down bars."""
    return s.skip(s.skip(i, vocab.ARTICLES | vocab.PRICE_SUBJECTS), vocab.COUNT_WAY_VERBS)


def _up(s: Stream, k: int) -> bool:
    return s.low(k) in vocab.UP_WORDS


def _way_said(s: Stream, k: int) -> tuple[int, int] | None:
    """ "were down days", "were green candles" after a window: (the way's token, the end)."""
    j = s.optional(k, ("were", "was", "are", "have been", "been"))
    if j == k or not (s.low(j) in vocab.DOWN_WORDS or _up(s, j)):
        return None
    if s.low(j + 1) not in vocab.STREAK_UNITS:
        return None
    return j, j + 2


def _way_cond(s: Stream, i: int, way_at: int, end: int, tally: Tally) -> Found:
    """The up or down bars counted: a close above (below) the close before, or for coloured
    candles the close above (below) its own open."""
    down = s.low(way_at) in vocab.DOWN_WORDS
    candles = s.low(way_at) in vocab.CANDLE_COLOURS and s.low(way_at + 1) in vocab.CANDLE_NOUNS
    if candles:
        colour = "red" if down else "green"
        cond = DCond("compare", Price("close"), "<" if down else ">", Price("open"))
        cond.notes.append(f"'{s.span_text(way_at, way_at + 2)}' read as {colour} candles")
    else:
        cond = DCond("consecutive", n=1, rel="down" if down else "up")
    cond.start, cond.end = i, end
    cond.count = tally
    cond.notes.append(_note(s, i, end, tally))
    return end, "cond", cond


def _count_after(s: Stream, i: int) -> tuple[int, Tally, str | None] | None:
    """A count said after its condition: "in 3 of the past 5 sessions", "every day for the last
    5 days", "on each of the last 3 bars", "for a week", "twice within 5 days"."""
    lead = s.first(i, vocab.COUNT_LEADS)
    if lead is not None and (window := _window(s, lead)) is not None:
        return window[0], (window[1], window[2], False), None
    every = s.first(i, vocab.EVERY_BAR)
    if every is not None:
        j = s.first(every, ("for", "in", "over", "of"))
        window = _window_only(s, j) if j is not None else None
        if window is not None:
            return window[0], (window[1], window[1], False), None
    times = _times_within(s, i)
    return None if times is None else (*times, None)


def _window_only(s: Stream, k: int) -> tuple[int, int] | None:
    """ "the last 5 days" (2 to 250 whole bars): (the end, the bars)."""
    j = s.optional(k, "the")
    if s.low(j) not in vocab.COUNT_WINDOWS:
        return None
    got = s.number(j + 1)
    if got is None or not _whole(got[1], got[1]):
        return None
    return s.optional(got[0], vocab.HELD_UNITS), int(got[1])


def _times_within(s: Stream, i: int) -> tuple[int, Tally] | None:
    """ "twice within 5 days", "3 times in the last 10 bars": an event's times."""
    if s.low(i) in vocab.TIMES_SAID:
        j, times = i + 1, vocab.TIMES_SAID[s.low(i)]
    else:
        got = s.number(i)
        if got is None or s.low(got[0]) != "times" or got[1] != int(got[1]):
            return None
        j, times = got[0] + 1, int(got[1])
    j = s.first(j, vocab.TIMES_WITHIN)
    if j is None:
        return None
    j = s.optional(s.optional(j, "the"), vocab.COUNT_WINDOWS)
    got = s.number(j)
    if got is None or not _whole(times, got[1]) or times < 2:
        return None
    end = s.optional(got[0], vocab.HELD_UNITS)
    return end, (times, int(got[1]), True)


def _note(s: Stream, start: int, end: int, tally: Tally) -> str:
    need, bars, event = tally
    words = s.span_text(start, end)
    if event:
        return (
            f"'{words}' read as: on a bar it happens, having happened at least {need} times in "
            f"the last {bars} bars (this one included)"
        )
    if need == bars:
        return f"'{words}' read as: on each of the last {bars} bars (this one included)"
    return f"'{words}' read as: on at least {need} of the last {bars} bars (this one included)"


def _touching(items: list[Item], first: int, second: int) -> bool:
    """Item ``first`` ends where item ``second`` starts, and one of them is a condition."""
    if first < 0 or second >= len(items):
        return False
    kinds = {items[first].kind, items[second].kind}
    return items[first].end == items[second].start and "cond" in kinds


def attach_counts(s: Stream, items: list[Item]) -> None:
    """A count said before its condition ("3 of the last 4 days closed up") or after it ("...
    in 3 of the past 5 sessions", "twice within 5 days") counts that condition; one with no
    condition beside it, or beside one counted already, is reported."""
    n = 0
    while n < len(items):
        item = items[n]
        if item.kind != "count":
            n += 1
            continue
        need, bars, event, side, length = item.value
        if side == "next" and not _touching(items, n, n + 1) and _touching(items, n - 1, n):
            side = "before"  # "closed green 4 of the last 6 days": said after its condition
        at = n + 1 if side == "next" else n - 1
        target = items[at] if 0 <= at < len(items) else None
        d = target.value if target is not None and target.kind == "cond" else None
        touching = target is not None and (
            target.start == item.end if side == "next" else target.end == item.start
        )
        countable = isinstance(d, DCond) and not isinstance(d, When) and d.count is None
        if not countable or not touching:
            items[n] = Item("unparsed", vocab.COUNT_PROBLEM, item.start, item.end)
            n += 1
            continue
        if bars == 0:  # "the second time ... within 10 days": the window said after it
            after = items[n + 2] if n + 2 < len(items) and touching else None
            bars = _within_bars(s, after) if after and after.start == target.end else 0
            if bars and need <= bars:
                item.end = after.end  # type: ignore[union-attr]
                del items[n + 2]
            else:
                bars = 0
        if (event and d.kind != "cross") or bars == 0:  # a count of an event, not a state
            why = vocab.NTH_TIME_PROBLEM if bars == 0 else vocab.COUNT_PROBLEM
            items[n] = Item("unparsed", why, item.start, item.end)
            n += 1
            continue
        d.count = (need, bars, event)
        start, end = min(item.start, target.start), max(item.end, target.end)
        d.notes.append(_note(s, start, end, d.count))
        d.notes += [length] if length else []  # "1 week read as 5 daily bars (5 per week)"
        if side == "next":
            target.start, target.when = item.start, item.when or target.when
        else:
            target.end = item.end
        del items[n]
