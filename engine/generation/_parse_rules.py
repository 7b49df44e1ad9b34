"""Recognisers for rule kinds beyond indicator conditions: dates, gaps, fills, another symbol or
timeframe, position sizing, pyramiding and scaling out.

They run before the indicator recognisers of :mod:`engine.generation._parse` and produce the
same items: a condition (``cond``: a :class:`~engine.generation._draft.DCond`, or a
:class:`~engine.generation._draft.When` for dates and fills), an ``action`` ("add" for
pyramiding), or a setting (``meta``: risk_pct, size_cash, size_shares, max_units, scale_out).
The words are the tables of :mod:`engine.generation._vocabulary`. Where a rule kind wraps an
indicator condition (a weekly one, a filter on another symbol) it reads it with the operand
parsers of :mod:`engine.generation._operands`, as ``_parse`` does.
"""

from __future__ import annotations

import copy

from engine.generation import _clock as clock
from engine.generation import _operands as ops
from engine.generation import _price_units
from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Ind, Item, Multi, Num, Price, When
from engine.generation._indicator_table import TABLE
from engine.generation._tokens import Found, Stream
from engine.generation._vocabulary import MONTH_NAMES, TIMEFRAME_WORDS, WEEKDAY_NAMES, ordinal

# -- fills --------------------------------------------------------------------------------------


def fill(s: Stream, i: int) -> Found:
    """ "at the close", "same day", "market on close", "at the open", "next day's open"; right
    after an action, "the close" and "the open" ("buy the close when ..."), and "open" or
    "close" alone ending a clause ("buy open, sell close same day"; not "open a position")."""
    hit = s.longest(i, vocab.FILLS)
    after_action = any(
        (s.longest(k, vocab.ACTIONS) or (0,))[0] == i for k in range(max(i - 3, 0), i)
    )
    if hit is None and after_action:
        hit = s.longest(i, vocab.ACTION_FILLS)  # "buy the close", "sell the open"
        ends = hit is not None and (
            s.kind(hit[0]) in ("", "punct", "nl") or s.low(hit[0]) in vocab.SAME_DAY_WORDS
        )
        alone = hit is not None and hit[0] == i + 1
        held = s.low(i - 1) in vocab.HOLD_UNTIL_ENDS  # "holds until the close drops below"
        hit = None if (alone or held) and not ends else hit
    if hit is None:
        return None
    end, kind = hit
    if _sold_overnight(s, i, end):
        return None  # "sell at tomorrow's open": reported as not built (see _parse._unbuilt)
    if s.low(i) == "same" and s.low(end) in ("bar", "candle"):
        end += 1
    if s.low(end) in vocab.RELATION_WORDS or s.longest(end, vocab.COMPARATIVES):
        return None  # "enter on the close above the 50-day SMA": a close, not a fill
    return end, "cond", When("fill", fill=str(kind), start=i, end=end)


def conditions_together(s: Stream, i: int) -> Found:
    """ "%K below 20 and CCI(20) below -100 on the same day", "... at the same time",
    "... simultaneously": said after a condition (no action nor price before it), the words say
    the conditions hold on one bar, as they always do: read as "and", never a fill ("sell the
    same day", "sell at the close the same day" keep theirs: see :func:`fill`)."""
    hit = s.longest(i, vocab.SAME_BAR_TOGETHER)
    if hit is None or s.low(i - 1) in vocab.FILL_PRICE_WORDS:
        return None
    if any((s.longest(k, vocab.ACTIONS) or (0,))[0] == i for k in range(max(i - 3, 0), i)):
        return None
    return hit[0], "conn", "and"


def _sold_overnight(s: Stream, i: int, end: int) -> bool:
    """ "sell at tomorrow's open" right after an exit's verb: the next morning's open of an exit,
    which with entries at the close is an overnight hold (not built, reported). "The next
    day's open" stays a fill: the fill rules refuse it after an entry at the close."""
    said = " ".join(s.low(k) for k in range(i, end))
    tomorrow = {"tomorrow", "tomorrow's"} & set(said.split())
    if vocab.UNBUILT.get(said) != vocab.OVERNIGHT_PROBLEM or not tomorrow:
        return False
    verb = [s.longest(k, vocab.ACTIONS) for k in range(max(i - 3, 0), i)]
    return any(v is not None and v[0] == i and v[1] in vocab.CLOSING_SIDES for v in verb)


def next_close(s: Stream, i: int) -> Found:
    """ "sell at the next day's close", "exit on the close of the following day": the close one
    bar later, read as "sell at the close 1 day later" (a close fill and a time exit)."""
    end = s.first(i, vocab.NEXT_CLOSE_FILLS)
    if end is None:
        return None
    if s.low(end - 1) == "close" and s.low(end) in vocab.ABOVE_PREPS | vocab.BELOW_PREPS:
        # "buy on the next close above the upper band": the first close there, a condition
        # (read from "close" on) filled as any other, no fill at the close nor time exit
        return end - 1, "meta", ("label", None)
    if _bought_at_the_next_open(s, i):  # "buy tomorrow's open and sell at tomorrow's close"
        note = (
            f"'{s.span_text(i, end)}' after buying at the next day's open read as that same "
            "day's close (the entry bar's)"
        )
        return end, "cond", When("fill", fill="close", notes=[note], start=i, end=end)
    return (
        end,
        "rules",
        [
            Item("cond", When("fill", fill="close", start=i, end=end), i, end),
            Item("risk", ("time", (1, None)), i, end),
        ],
    )


def _bought_at_the_next_open(s: Stream, i: int) -> bool:
    """A fill at the next open said before ``i`` ("buy tomorrow's open", "buy at the next
    open"): the day after the signal is the entry's own day."""
    for k in range(i):
        hit = s.longest(k, vocab.FILLS)
        # not "at the open" alone: a gap's own open, on the signal's day
        if (
            hit is not None
            and hit[1] == "next_open"
            and vocab.NEXT_DAY_WORDS & set(map(s.low, range(k, hit[0])))
        ):
            return True
    return False


def day_end(s: Stream, i: int) -> Found:
    """ "exit at the end of the day", "flat by the close of the session", "EOD": on intraday
    bars, at the close of the day's last bar; on daily bars each bar is a day, so the close
    (see ``_rules``). "close" opening a clause before it is the exit verb ("..., close at end of
    day"), not the closing price."""
    if s.low(i) == "close" and s.low(i - 1) in ("", ",", ";", ".", "\n", "and", "then"):
        said = day_end(s, i + 1)
        if said is not None:
            exit_now = Item("action", "exit", i, i + 1)
            return said[0], "rules", [exit_now, Item("cond", said[2], i + 1, said[0])]
    end = s.first(i, vocab.DAY_END)
    if end is None:
        return None
    when = When("calendar", unit="bar_of_day_from_end", values=(1,), fill="close")
    when.start, when.end = i, end
    return end, "cond", when


# -- dates --------------------------------------------------------------------------------------


def weekday(s: Stream, i: int) -> Found:
    """ "on Mondays", "every Friday", "Monday's open", "Friday's close", "on Monday and Tuesday";
    "every day except Monday", "not on Fridays": the other days of the week; "the third Friday
    of the month": that weekday among the month's dates 15-21."""
    avoided = _avoided_weekdays(s, i)
    if avoided is not None:
        return avoided
    nth = _nth_weekday(s, i)
    if nth is not None:
        return nth
    j = i + 1 if s.low(i) in ("on", "every", "each") else i
    if s.low(j) not in vocab.WEEKDAYS:
        return None
    days = [vocab.WEEKDAYS[s.low(j)]]
    possessive = s.low(j).endswith("'s")
    end = j + 1
    while s.low(end) in vocab.LIST_JOINERS:  # "on Monday and on Friday": either day
        more = s.optional(s.optional(end + 1, "and"), ("on", "every"))
        if s.low(more) not in vocab.WEEKDAYS:
            break
        days.append(vocab.WEEKDAYS[s.low(more)])
        end = more + 1
    ranged = s.low(end) in vocab.MONTH_RANGE_JOINERS and s.low(end + 1) in vocab.WEEKDAYS
    if ranged or (end < s.n and s.tokens[end].joined and s.low(end) in vocab.WEEKDAYS):
        end += ranged  # "Tuesday through Thursday", "Mon - Wed", "Mon-Wed": each day between
        last = vocab.WEEKDAYS[s.low(end)]
        days = [(days[0] + n) % 7 for n in range((last - days[0]) % 7 + 1)]
        end += 1
    how = None
    if (possessive or s.low(end) in ("open", "close")) and s.low(end) in vocab.OPEN_CLOSE:
        how = "close" if s.low(end).startswith("clos") else "next_open"
        end += 1
        end = s.optional(end, "price")
    if _said_of(s, end):
        return None
    return (
        end,
        "cond",
        When("calendar", unit="weekday", values=tuple(days), fill=how, start=i, end=end),
    )


def _nth_weekday(s: Stream, i: int) -> Found:
    """ "the first Monday of the month", "every third Friday of the month": the weekday on one
    of the dates 1-7 (8-14, 15-21, 22-28) of the month."""
    j = s.skip(i, frozenset({"on", "the", "every", "each"}))
    if s.low(j) in vocab.LAST_OF_A_KIND and s.low(j + 1) in vocab.WEEKDAYS:
        return _last_weekday(s, i, j + 1)
    got = _ordinal(s, j)
    if got is None or not 1 <= got[1] <= 4 or s.low(got[0]) not in vocab.WEEKDAYS:
        return None
    k, n = got
    day = vocab.WEEKDAYS[s.low(k)]
    end = s.skip(k + 1, frozenset({"of", "the", "each", "every", "a"}))
    if s.low(end) != "month" or s.low(k + 1) != "of":
        return None
    end += 1
    dates = tuple(range(7 * (n - 1) + 1, 7 * n + 1))
    said = s.span_text(i, end)
    note = (
        f"'{said}' read as a {WEEKDAY_NAMES[day]} on the {ordinal(dates[0])} to the "
        f"{ordinal(dates[-1])} of the month (in a month where that day is a holiday, no trade)"
    )
    weekday_ = When("calendar", unit="weekday", values=(day,), notes=[note], start=i, end=end)
    date = When("calendar", unit="day_of_month", values=dates, start=i, end=end)
    parts = [Item("cond", weekday_, i, end)]
    return end, "rules", [*parts, Item("cond", date, i, end)]


def _monthly_sentence(s: Stream, i: int) -> bool:
    """The sentence around ``i`` says the rule is monthly ("every month", "each month")."""
    first, last = i, i
    while first > 0 and s.low(first - 1) not in vocab.STRONG_SEPARATORS:
        first -= 1
    while last < s.n and s.low(last) not in vocab.STRONG_SEPARATORS:
        last += 1
    return any(s.longest(k, vocab.EVERY_MONTH) is not None for k in range(first, last))


def _month_end(s: Stream, k: int) -> int | None:
    """The end of "of the month", "of every month", "of each month" at ``k``."""
    end = s.skip(k + 1, frozenset({"the", "each", "every", "a", "next", "following", "new"}))
    return end + 1 if s.low(k) == "of" and s.low(end) == "month" else None


def _last_weekday(s: Stream, i: int, k: int) -> Found:
    """ "the last Friday of the month": that weekday with no other of it later in the month
    (by the calendar; in a month where that day is a holiday, no trade)."""
    end = _month_end(s, k + 1)
    if end is None:
        return None
    day = vocab.WEEKDAYS[s.low(k)]
    note = (
        f"'{s.span_text(i, end)}' read as the month's last {WEEKDAY_NAMES[day]} by the calendar "
        "(in a month where that day is a holiday, no trade)"
    )
    weekday_ = When("calendar", unit="weekday", values=(day,), notes=[note], start=i, end=end)
    last = When("calendar", unit="weekday_from_end", values=(1,), start=i, end=end)
    parts = [Item("cond", weekday_, i, end)]
    return end, "rules", [*parts, Item("cond", last, i, end)]


def date_of_month(s: Stream, i: int) -> Found:
    """ "on the 15th of every month", "the 10th of each month": the first trading day on or
    after that date (the date itself when it is a trading day), stated. "the 1st and the 15th
    of each month", "the 5th, 10th or 20th": any of the dates (two dates of one day never
    both hold, so a list of them says when to trade, not a rule that is never true)."""
    j = s.skip(i, frozenset({"on", "the", "every", "each"}))
    got = _ordinal(s, j)
    if got is None and s.low(j) == "day" and (num := s.number(j + 1)) is not None:
        got = num[0], int(num[1]) if num[1] == int(num[1]) else 0  # "day 14"
    if got is None or not 1 <= got[1] <= 28:
        return None
    k, n = got
    dates = [n]
    while s.low(after := _month_end(s, k) or k) in vocab.LIST_JOINERS:  # "the 1st of it and"
        more = _ordinal(s, s.skip(s.optional(after + 1, "and"), frozenset({"on", "the"})))
        if more is None or not 1 <= more[1] <= 28:
            break
        k, _ = more
        dates.append(more[1])
    end = _month_end(s, k)
    digits = any(c.isdigit() for c in s.tokens[j].text) or s.low(j) == "day"
    if end is None and digits and s.low(k) in vocab.DATE_ENDS and _monthly_sentence(s, i):
        end = k  # "every month, buy on the 14th", "buy on day 14 each month"
    if end is None:
        return None
    either = []
    for date in dates:
        said = s.span_text(i, end) if len(dates) == 1 else f"the {ordinal(date)}"
        note = (
            f"'{said}' read as the first trading day on or after the {ordinal(date)} "
            "of the month (the date itself when it is a trading day)"
        )
        on = When("calendar", unit="day_of_month", values=tuple(range(date, 32)), notes=[note])
        before = When("calendar", unit="day_of_month_before", values=tuple(range(date)))
        for cond in (on, before):
            cond.start, cond.end = i, end
        either.append((on, before))
    if len(either) == 1:
        return end, "rules", [Item("cond", part, i, end) for part in either[0]]
    notes = [note for date in either for note in date[0].notes]
    days = tuple(range(min(dates), 32))
    any_date = When("calendar", unit="day_of_month", values=days, notes=notes, either=tuple(either))
    any_date.start, any_date.end = i, end
    return end, "cond", any_date


def named_session(s: Stream, i: int) -> Found:
    """ "only trade the London session", "during London (08:00-12:00 UTC)", "the London/NY
    overlap": the time of day the bar an order fills on opens in, as ``time_window`` reads a
    window, over the session's hours (``_clock.named_session``: its usual hours, said, or the
    writer's in brackets). A session whose hours Botlab does not know is reported with how to
    say them."""
    bare = s.low(i) in vocab.SESSION_LEADS
    window = clock.named_session(s, i + 1 if bare else i, bare)
    if window is not None:
        values = tuple(range(window.start, window.stop))
        when = When("calendar", unit="minute_of_day", values=values, notes=window.notes)
        when.start, when.end = i, window.end
        return window.end, "cond", when
    hit = s.longest(s.skip(i), vocab.NAMED_SESSIONS)
    return None if hit is None else (hit[0], "unparsed", vocab.NAMED_SESSION_PROBLEM)


def session_end(s: Stream, i: int) -> Found:
    """ "exit at the close of the London session", "flat by the end of the NY session": one time
    of the day, the session's end (its usual hours, said, or the writer's in brackets), read as
    "exit at 17:00" is (``clock_point``); never the session's hours as a window to exit in."""
    lead = s.longest(i, vocab.SESSION_END_LEADS)
    window = None if lead is None else clock.named_session(s, lead[0])
    if window is None:
        return None
    notes = [*window.notes, f"'{s.span_text(i, window.end)}' read as a time: the session's end"]
    point = When("calendar", unit="minute_of_day", values=(window.stop,), at_time=True)
    point.notes, point.start, point.end = notes, i, window.end
    return window.end, "cond", point


def range_definition(s: Stream, i: int) -> Found:
    """ "mark the high and low between 00:00 and 07:00 UTC": the window of the day a range the
    rules name later is taken over ("a close above the Asian high"), its high a line of the
    text (``_clock.defined_range`` gives the later names its hours); never a time to trade."""
    k = s.skip(s.optional(i, vocab.RANGE_MARK_VERBS))
    hit = s.longest(k, vocab.RANGE_DEFINED)
    window = None if hit is None else clock.clock_window(s, hit[0])
    if window is None:
        return None
    line = Ind("session_range", "high", pos=i, notes=window.notes)
    line.params = {"end": window.stop, "minutes": window.stop - window.start}
    return window.end, "mention", line


def time_window(s: Stream, i: int) -> Found:
    """ "between 9:30 and 11am", "from 10:00 to 15:00", "9am-5pm utc", "after 10am": the time of
    day the bar an order fills on opens at, from the first time up to (not including) the second
    (``_clock.clock_window``; "after": to midnight; "before": from it)."""
    window = clock.clock_window(s, i)
    if window is None:
        return _one_edge(s, i)
    if _defines_a_range(s, i):
        return window.end, "unparsed", vocab.WINDOW_RANGE_PROBLEM
    if window.problem is not None:  # "between 14:30 and 16:00 UTC" on a US stock's bars
        return window.end, "unparsed", window.problem
    values = tuple(range(window.start, window.stop))
    when = When("calendar", unit="minute_of_day", values=values, notes=window.notes)
    when.start, when.end = i, window.end
    return window.end, "cond", when


def trade_only_in_session_edges(s: Stream, i: int) -> Found:
    """ "only trade the first hour", "trade only the last hour", "only take trades during the
    first 30 minutes": entries kept to those minutes of each day (``_session_edges``: counted
    from the open of its first bar; the last ones from the end of the market's session),
    wherever it is said, as ``avoid_times`` keeps them out of the rest."""
    hit = s.longest(i, vocab.TRADE_ONLY_WORDS)
    if hit is None:
        return None
    edges = _session_edges(s, s.skip(hit[0], vocab.TRADE_ONLY_LINKS))
    if edges is None:
        return None
    end, kept, notes = edges
    when = When("calendar", unit="minute_of_session", values=tuple(sorted(kept)), notes=notes)
    # the rest of the day is avoided: every entry, wherever it is said (as avoid_times reads)
    when.start, when.end, when.avoided = i, end, True
    return end, "cond", when


def opening_move(s: Stream, i: int) -> Found:
    """ "if the first 15 minutes are up", "the first hour closed green": the day's opening
    minutes moved that way (``_operands.opening_move``); its bars become the test's in
    ``_rules._opening_range_lengths``, as an opening range's do."""
    got = ops.opening_move(s, i)
    return None if got is None else (got[0], "cond", got[1])


def _defines_a_range(s: Stream, i: int) -> bool:
    """ "the high (00:00-07:00 UTC)", "mark the high and low between 00:00 and 07:00": a window
    in brackets or said right after a high or low names the bars that range is taken over."""
    bracket = next((j for j in range(i - 1, max(i - 4, 0), -1) if s.low(j) == "("), None)
    return s.low(i - 1 if bracket is None else bracket - 1) in ("high", "low", "range")


def avoid_times(s: Stream, i: int) -> Found:
    """ "no new entries after 3pm", "don't trade between 12:00 and 13:00", "no trades before
    10am", "don't buy at 8 am" (the bar opening then, as ``clock_point`` reads it): every entry
    kept out of that window of the day (the rest of the day), wherever it is said, as months
    to avoid are."""
    hit = s.longest(i, vocab.AVOID_WORDS)
    j = -1 if hit is None else s.skip(hit[0], frozenset({"in", "during", "for"}))
    edges = _session_edges(s, j)
    if edges is not None:  # "no trades in the first hour", "avoid the first and last hour"
        end, avoided, notes = edges
        kept = tuple(m for m in range(24 * 60) if m not in avoided)
        after = When("calendar", unit="minute_of_session", values=kept, notes=notes)
        after.start, after.end, after.avoided = i, end, True
        return end, "cond", after
    got = None if hit is None else time_window(s, j)
    if got is None and vocab.CLOCK_POINT_LEADS.get(s.low(j)):
        got = clock_point(s, j)
    if got is None or got[1] == "unparsed":
        return got
    end, _, said = got
    avoided, notes = set(said.values), list(said.notes)  # type: ignore[union-attr]
    while s.low(end) in vocab.LIST_JOINERS:  # "before 10am or after 3pm": both kept out
        more = time_window(s, s.optional(end + 1, vocab.LIST_JOINERS))
        if more is None or more[1] != "cond":
            break
        end, _, said = more
        avoided |= set(said.values)  # type: ignore[union-attr]
        notes += said.notes  # type: ignore[union-attr]
    keep = tuple(m for m in range(24 * 60) if m not in avoided)
    when = When("calendar", unit="minute_of_day", values=keep, notes=notes, avoided=True)
    when.start, when.end = i, end
    return end, "cond", when


def clock_point(s: Stream, i: int) -> Found:
    """ "exit at 3:50pm", "flat by 15:55", "buy at 10am": one time of the day (written as a
    time: "at 3" is no time), whose bars ``_rules._clock_points`` fixes once the rule's side
    and the bars' length are known. A time after a label's colon is said as "at" says it
    ("Exit: 15:55"), unless it starts a window ("Hours: 9:30-11:00")."""
    labelled = s.low(i - 1) == ":" and time_window(s, i) is None
    if s.low(i) not in vocab.CLOCK_POINT_LEADS and not labelled:
        return None
    said = clock.clock_time(s, i if labelled else i + 1)
    if said is None or not said[2]:
        return None
    end, minute, _ = said
    first = i if labelled else i + 1
    notes = []
    if _morning_before_the_open(s, first, end, minute):
        notes.append(
            f"'{s.span_text(first, end)}' read as {minute // 60 + 12}:{minute % 60:02d} (a US "
            "stock trades 9:30-16:00: there are no bars at that time in the morning)"
        )
        minute += 12 * 60
    zone = clock.zone_after(s, end)
    if zone is not None and zone.problem is not None:  # "exit at 20:55 UTC" on a US stock
        return zone.end, "unparsed", zone.problem
    if zone is not None:
        notes.append(str(zone.note))
        end = zone.end
    point = When("calendar", unit="minute_of_day", values=(minute,), at_time=True, notes=notes)
    point.start, point.end = i, end
    return end, "cond", point


def _morning_before_the_open(s: Stream, start: int, end: int, minute: int) -> bool:
    """ "close everything by 3:55" on a US stock: a time written without am/pm between 1:00 and
    7:59 is before the session opens, so the writer means the afternoon."""
    said_half = any(s.longest(k, vocab.AM_PM) for k in range(start, end))
    return not said_half and vocab.MARKET.get() == "stock" and 60 <= minute < 8 * 60


def _one_edge(s: Stream, i: int) -> Found:
    """ "only after 10am", "before 3:30pm": a window of the day open on one side, to or from
    midnight (the time must be written as one: "after 10 bars" is no time). "After the first
    30 minutes" and "in the first hour" are counted from the day's first bar."""
    side = vocab.TIME_WINDOW_EDGES.get(s.low(i))
    opening = _session_opening(s, i + 1) if side in ("after", "within") else None
    if opening is not None:  # "only after the first 30 minutes", "during the first hour"
        end, minutes = opening
        values = tuple(range(minutes, 24 * 60) if side == "after" else range(minutes))
        return (
            end,
            "cond",
            When("calendar", unit="minute_of_session", values=values, start=i, end=end),
        )
    said = clock.clock_time(s, i + 1) if side in ("after", "before") else None
    if said is None or not said[2] or said[1] == 0:
        return None
    end, minute, _ = said
    zone = clock.zone_after(s, end)  # "no trades after 2:30pm ET"
    if zone is not None and zone.problem is not None:
        return zone.end, "unparsed", zone.problem
    notes = [] if zone is None else [str(zone.note)]
    end = end if zone is None else zone.end
    values = tuple(range(minute, 24 * 60) if side == "after" else range(minute))
    when = When("calendar", unit="minute_of_day", values=values, notes=notes)
    when.start, when.end = i, end
    return end, "cond", when


def _session_edges(s: Stream, i: int) -> tuple[int, set[int], list[str]] | None:
    """ "the first hour", "the last 30 minutes", "the first and last hour", "the first 15
    minutes or the last 30 minutes": (the end, the minutes of the day they are, counted from
    the open of its first bar as ``minute_of_session`` counts, and notes). The last minutes end
    the session of the market traded (:data:`vocab.MARKET`: the last hour of a US stock's
    6.5-hour session opens 330 minutes after 9:30), stated."""
    minutes: set[int] = set()
    notes: list[str] = []
    k = end = i
    while (part := _session_part(s, k)) is not None:
        start, (end, length, sides) = k, part
        if "first" in sides:
            minutes |= set(range(length))
        if "last" in sides:
            session = vocab.MARKET_SESSIONS[vocab.MARKET.get()]
            minutes |= set(range(session.minutes - length, 24 * 60))
            notes.append(
                f"'{s.span_text(start, end)}': the last {length} minutes read as the bars "
                f"opening {session.minutes - length} minutes or more after the day's first bar "
                f"({session.said})"
            )
        k = end + 1 if s.low(end) in vocab.LIST_JOINERS else -1  # "... or the last 30 minutes"
    return None if not minutes else (end, minutes, notes)


def _session_opening(s: Stream, i: int) -> tuple[int, int] | None:
    """ "the first hour", "the first 30 minutes", "the first half hour" of the day: (the end,
    its length in minutes), counted from the open of the day's first bar (9:30 for US stocks
    on the exchange's clock; midnight UTC for Yahoo's crypto)."""
    part = _session_part(s, i)
    return None if part is None or part[2] != ("first",) else part[:2]


def _session_part(s: Stream, i: int) -> tuple[int, int, tuple[str, ...]] | None:
    """ "the first hour", "the last 30 minutes", "the first and last hour": (the end, the
    length in minutes, which ends of the day: "first", "last" or both)."""
    if s.low(i) != "the" or s.low(i + 1) not in ("first", "last"):
        return None
    sides, k = [s.low(i + 1)], i + 2
    if s.low(k) in vocab.LIST_JOINERS and s.low(s.skip(k + 1)) in ("first", "last"):
        k = s.skip(k + 1)  # "the first and (the) last hour"
        sides, k = [*sides, s.low(k)], k + 1
    count = 1.0
    if s.low(k) == "half":
        k, count = k + 1, 0.5
    elif (num := s.number(k)) is not None:
        k, count = num
    minutes = count * vocab.CLOCK_MINUTES.get(s.low(k), 0)
    if minutes != int(minutes) or not 0 < minutes < 24 * 60 or s.low(k + 1) in vocab.PEAK_WORDS:
        return None  # "the first 30-minute high" is a price (an opening range), not a window
    return k + 1, int(minutes), tuple(sides)


def date_of_a_month(s: Stream, i: int) -> Found:
    """ "on December 20th", "on Jan 5", "on the 20th of December (each year)": the first trading
    day on or after that date of that month (the date itself when it is a trading day), stated,
    as a date of every month reads."""
    if s.low(i) != "on":
        return None
    j = s.skip(i + 1, frozenset({"the"}))
    month = _month(s, j)
    if month is not None:  # "December 20th", "Dec 20"
        got = _ordinal(s, j + 1) or _day_number(s, j + 1)
    else:  # "the 20th of December"
        got = _ordinal(s, j)
        month = _month(s, got[0] + 1) if got is not None and s.low(got[0]) == "of" else None
        got = None if month is None else (got[0] + 2, got[1])  # type: ignore[index]
    if got is None or month is None or not 1 <= got[1] <= 28:
        return None  # a later date may have no trading day on or after it in its month
    end, day = got
    end = s.longest(end, vocab.EVERY_YEAR)[0] if s.longest(end, vocab.EVERY_YEAR) else end
    name = vocab.MONTH_NAMES[month - 1]
    note = (
        f"'{s.span_text(i, end)}' read as the first trading day on or after {name} {day} (the "
        "date itself when it is a trading day)"
    )
    parts = _on_or_after(month, day, i, end)
    parts[0].value.notes.append(note)
    return end, "rules", parts


def _day_number(s: Stream, j: int) -> tuple[int, int] | None:
    """A date's day written as a bare number ("Dec 20")."""
    got = s.number(j)
    if got is None or got[1] != int(got[1]) or s.tokens[j].joined:
        return None
    return got[0], int(got[1])


def _avoided_weekdays(s: Stream, i: int) -> Found:
    """ "every day except Monday", "any day but Friday", "not on Mondays", "skip Fridays": every
    day of the week but those (a condition of the rule it is said in, or of every entry)."""
    every = s.longest(i, vocab.EVERY_DAY)
    k = i if every is None else every[0]
    hit = s.longest(k, vocab.AVOID_WORDS)
    if hit is None and every is not None and s.low(k) == "but":  # "any day but Friday"
        hit = (k + 1, True)
    if hit is None:
        return None
    j = s.skip(hit[0], frozenset({"on", "for", "a"}))  # "never buy on a Friday"
    got = weekday(s, j) if s.longest(j, vocab.AVOID_WORDS) is None else None
    if got is None:
        return None
    end, _, cond = got
    keep = tuple(d for d in range(7) if d not in cond.values)  # type: ignore[union-attr]
    fill = cond.fill  # type: ignore[union-attr]
    when = When("calendar", unit="weekday", values=keep, fill=fill, avoided=True, start=i, end=end)
    return end, "cond", when


def _said_of(s: Stream, end: int) -> bool:
    """A date followed by what it did ("if Friday was a down day", "the first 5 days of January
    are positive"): the subject of a rule about its prices, not a date to trade on; its words
    are reported back rather than read as a date rule."""
    return s.low(end) in vocab.DATE_SUBJECT_VERBS


def _ordinal(s: Stream, j: int) -> tuple[int, int] | None:
    """ "third", "3rd" (tokenised as 3 and "rd")."""
    if s.low(j) in vocab.ORDINALS:
        return j + 1, vocab.ORDINALS[s.low(j)]
    if s.kind(j) == "num" and s.low(j + 1) in vocab.ORDINAL_SUFFIXES:
        value = s.tokens[j].value or 0
        if value == int(value) and value >= 1:
            return j + 2, int(value)
    return None


def _month(s: Stream, j: int) -> int | None:
    word = s.low(j)
    if word not in vocab.MONTHS:
        return None
    if word == "may" and s.tokens[j].text != "May":
        return None  # "you may buy"
    nxt = s.tokens[j + 1] if j + 1 < s.n else None
    if nxt is not None and nxt.kind == "num" and (nxt.value or 0) >= 1000:
        return None  # "March 2015": a date, read by the test-period recogniser
    return vocab.MONTHS[word]


def months(s: Stream, i: int) -> Found:
    """ "in May", "November through April", "from November to April", "between November and
    April", "during September and October"."""
    j = i
    if s.phrase(j, "the month is") or s.phrase(j, "it is"):
        j += 3 if s.low(j) == "the" else 2
    if s.low(j) in vocab.MONTH_RANGE_INTROS:
        j += 1
        if s.low(j) in ("the", "months", "month"):
            j += 1
            j = s.optional(j, ("months", "of"))
    if (quarter := _quarter(s, j)) is not None:
        return quarter
    edge = s.longest(j, vocab.MONTH_EDGES) if s.low(i) in ("from", "between") else None
    if edge is not None:  # "from the end of October to the end of April": November to April
        j = edge[0]
    first = _month(s, j)
    if first is None:
        return None
    if edge is not None:
        return _month_edges(s, i, j, first, int(edge[1]))  # type: ignore[call-overload]
    whole = _whole_months_by_date(s, i, j, first) or _dated_window(s, i, j, first)
    if whole is not None:
        return whole
    ranged = s.low(j + 1) in vocab.MONTH_RANGE_JOINERS
    introduced = (
        s.low(i - 1) in vocab.MONTH_INTROS or s.longest(i - 1, vocab.AVOID_WORDS) is not None
    )
    if j == i and not ranged and not introduced and s.low(i - 2) not in ("avoid", "avoiding"):
        return None  # "since March", "March 2015": a test period, not a month rule
    values = [first]
    end = j + 1
    if s.low(end) in vocab.RANGE_JOINERS or (end < s.n and s.tokens[end].joined and _month(s, end)):
        step = end + (0 if end < s.n and s.tokens[end].joined and _month(s, end) else 1)
        last = _month(s, step)
        if last is not None:
            inclusive = s.low(end) != "and" or s.low(i) == "between"
            values = _month_range(first, last) if inclusive else [first, last]
            end = step + 1
            end = s.optional(end, ("inclusive",))
    while s.low(end) in vocab.LIST_JOINERS:  # "in March and in October": either month
        more = s.optional(s.optional(end + 1, "and"), ("in", "during"))
        if _month(s, more) is None:
            break
        values.append(_month(s, more) or 1)
        end = more + 1
    if _said_of(s, end):
        return None
    return end, "cond", When("calendar", unit="month", values=tuple(values), start=i, end=end)


def _whole_months_by_date(s: Stream, i: int, j: int, first: int) -> Found:
    """ "from Nov 1 to Apr 30", "between November 1st and April 30th": from the first day of a
    month to the last of another, the months between them (a date inside a month is not read
    here: its days are left to be reported)."""
    day = _ordinal(s, j + 1) or _day_number(s, j + 1)
    if day is None or day[1] != 1 or s.low(day[0]) not in vocab.RANGE_JOINERS:
        return None
    last = _month(s, day[0] + 1)
    until = (_ordinal(s, day[0] + 2) or _day_number(s, day[0] + 2)) if last else None
    if last is None or until is None or until[1] not in _LAST_DAYS[last]:
        return None
    end = until[0]
    return _months_said(s, i, end, first, last)


def _months_said(s: Stream, i: int, end: int, first: int, last: int) -> Found:
    """The months ``first`` through ``last`` (wrapping past December), said from ``i`` to
    ``end``, as one calendar condition, with the note that says so."""
    note = (
        f"'{s.span_text(i, end)}' read as the months {MONTH_NAMES[first - 1]} through "
        f"{MONTH_NAMES[last - 1]}"
    )
    values = tuple(_month_range(first, last))
    month = When("calendar", unit="month", values=values, notes=[note], start=i, end=end)
    return end, "cond", month


def _dated_window(s: Stream, i: int, j: int, first: int) -> Found:
    """ "from Nov 15 to Apr 30", "between December 10th and January 20th": in the market from
    the first trading day on or after the first date (the date itself when it trades) to the
    last: sold on the first trading day after it, each as a date of a month reads."""
    day = _ordinal(s, j + 1) or _day_number(s, j + 1)
    if day is None or not 1 <= day[1] <= 28 or s.low(day[0]) not in vocab.RANGE_JOINERS:
        return None
    last = _month(s, day[0] + 1)
    until = (_ordinal(s, day[0] + 2) or _day_number(s, day[0] + 2)) if last else None
    if last is None or until is None or not 1 <= until[1] <= 27:
        return None  # a later last day: the day after it may be in the next month
    end = until[0]
    note = (
        f"'{s.span_text(i, end)}' read as: bought on the first trading day on or after "
        f"{MONTH_NAMES[first - 1]} {day[1]}, sold on the first trading day after "
        f"{MONTH_NAMES[last - 1]} {until[1]} (the dates themselves when they are trading days)"
    )
    bought = _on_or_after(first, day[1], i, day[0])
    sold = _on_or_after(last, until[1] + 1, day[0], end)
    bought[0].value.notes.append(note)
    return (
        end,
        "rules",
        [
            *bought,
            Item("sep", False, day[0], day[0]),
            Item("action", "sell", day[0], day[0] + 1),
            *sold,
        ],
    )


def _on_or_after(month: int, day: int, start: int, end: int) -> list[Item]:
    """The first trading day on or after ``day`` of ``month``: its date is ``day`` or later and
    the trading day before's is earlier (or in the month before)."""
    on = When("calendar", unit="day_of_month", values=tuple(range(day, 32)))
    before = When("calendar", unit="day_of_month_before", values=tuple(range(day)))
    of_month = When("calendar", unit="month", values=(month,))
    for cond in (on, before, of_month):
        cond.start, cond.end = start, end
    return [Item("cond", cond, start, end) for cond in (on, before, of_month)]


#: The days a month may end on (February's in a leap year too)
_LAST_DAYS = {m: (31,) for m in (1, 3, 5, 7, 8, 10, 12)} | {m: (30,) for m in (4, 6, 9, 11)}
_LAST_DAYS[2] = (28, 29)


def _quarter(s: Stream, j: int) -> Found:
    """ "Q4", "the fourth quarter", "Q4 (Oct-Dec)": the three months of a calendar quarter (its
    months in brackets after it say the same)."""
    if s.low(j) == "q" and s.kind(j + 1) == "num" and s.tokens[j + 1].start == s.tokens[j].end:
        n, end = s.tokens[j + 1].value, j + 2
    else:
        k = s.skip(j, frozenset({"the"}))
        got = _ordinal(s, k)
        if got is None or s.low(got[0]) != "quarter":
            return None
        n, end = got[1], got[0] + 1
    if n not in (1, 2, 3, 4):
        return None
    values = tuple(range(3 * int(n) - 2, 3 * int(n) + 1))
    first, last = MONTH_NAMES[values[0] - 1], MONTH_NAMES[values[-1] - 1]
    note = f"'{s.span_text(j, end)}' read as {first} through {last}"
    if s.low(end) == "(":  # "Q4 (Oct-Dec)": the same months again
        inside = [_month(s, k) for k in range(end + 1, min(end + 6, s.n)) if s.low(k) != "-"]
        close = next((k for k in range(end + 1, min(end + 7, s.n)) if s.low(k) == ")"), None)
        named = [m for m in inside[: (close or 0) - end - 1] if m is not None]
        if close is not None and named and named[0] == values[0] and named[-1] == values[-1]:
            end = close + 1
    return (
        end,
        "cond",
        When("calendar", unit="month", values=values, notes=[note], start=j, end=end),
    )


def _month_edges(s: Stream, i: int, j: int, first: int, shift: int) -> Found:
    """ "from the end of October to the end of April", "from the start of November until the
    beginning of May": the months held, each edge said (the end of a month starts the next)."""
    k = j + 1
    if s.low(k) not in vocab.RANGE_JOINERS:
        return None
    edge = s.longest(k + 1, vocab.MONTH_EDGES)
    last = _month(s, edge[0] if edge else k + 1)
    if last is None:
        return None
    end = (edge[0] if edge else k + 1) + 1
    first = first % 12 + 1 if shift else first
    if edge is not None and not edge[1]:
        last = (last - 2) % 12 + 1  # "until the start of May": through April
    return _months_said(s, i, end, first, last)


def month_edge(s: Stream, i: int) -> Found:
    """ "sell at the end of April", "buy at the start of November": the last (first) trading
    day of that month. A range ("from the end of October to the end of April") is the months'."""
    j = s.skip(i, frozenset({"at", "by", "on", "around"}))
    edge = s.longest(j, vocab.MONTH_EDGES)
    if edge is None or s.low(j) in ("late", "early"):
        return None
    month = _month(s, edge[0])
    end = edge[0] + 1
    ranged = s.low(end) in vocab.MONTH_RANGE_JOINERS | {"and"} and (
        _month(s, end + 1) is not None or s.longest(end + 1, vocab.MONTH_EDGES) is not None
    )
    if month is None or ranged or s.low(i) == "from":
        return None
    from_end = bool(edge[1])
    day = "last" if from_end else "first"
    note = f"'{s.span_text(i, end)}' read as the {day} trading day of {MONTH_NAMES[month - 1]}"
    unit = "trading_day_from_end" if from_end else "trading_day"
    month_ = When("calendar", unit="month", values=(month,), notes=[note], start=i, end=end)
    date = When("calendar", unit=unit, values=(1,), start=i, end=end)
    return (
        end,
        "rules",
        [Item("cond", month_, i, end), Item("cond", date, i, end)],
    )


def avoid_months(s: Stream, i: int) -> Found:
    """ "don't trade in September", "avoid September and October", "except in August": every
    month but those (an entry condition); "all year except May" is the same."""
    year = s.longest(i, vocab.ALL_YEAR)
    hit = s.longest(i if year is None else year[0], vocab.AVOID_WORDS)
    if hit is None:
        return None
    j = hit[0]
    named = s.longest(j, vocab.MONTH_NAMED_AS)  # "skip the month of September"
    j = named[0] if named is not None and _month(s, named[0]) is not None else j
    if s.low(j) not in ("in", "during") and _month(s, j) is None and _quarter(s, j) is None:
        return None
    got = months(s, j)
    if got is None:
        return None
    end, _, cond = got
    keep = tuple(m for m in range(1, 13) if m not in cond.values)  # type: ignore[union-attr]
    return end, "cond", When("calendar", unit="month", values=keep, avoided=True, start=i, end=end)


def _month_range(first: int, last: int) -> list[int]:
    out = [first]
    while out[-1] != last:
        out.append(out[-1] % 12 + 1)
    return out


def half_month(s: Stream, i: int) -> Found:
    """ "in the first half of the month", "during the second half of each month", "in the latter
    half of the month": calendar dates 1-15 and 16-31, as the studies of the half-month effect
    and traders count them (not trading days, so the halves do not shift with holidays)."""
    j = s.skip(i, frozenset({"only", "in", "during", "within", "the", "on"}))
    half = vocab.MONTH_HALVES.get(s.low(j))
    if half is None or s.low(j + 1) != "half":
        return None
    k = s.skip(j + 3, frozenset({"the", "each", "every", "a"}))
    if s.low(j + 2) != "of" or s.low(k) not in ("month", "months"):
        said = any(s.low(n) in ("month", "months") for n in range(i))
        if not said or s.low(j - 1) != "the":
            return None
        k = j + 1  # "... the first half of the month, sell in the second half": the month's
    values = tuple(range(1, 16)) if half == "first" else tuple(range(16, 32))
    note = (
        f"'{s.span_text(i, k + 1)}' read as calendar dates "
        f"{'1-15' if half == 'first' else '16-31'} of the month (not trading days)"
    )
    cond = When("calendar", unit="day_of_month", values=values, notes=[note], start=i, end=k + 1)
    return k + 1, "cond", cond


def trading_day(s: Stream, i: int) -> Found:
    """ "the last trading day of the month", "the third trading day of the next month", "the
    first 3 trading days of the month", "month end", "the second-to-last trading day"; "of the
    month" may be left out when the description speaks of the month elsewhere."""
    j = i + 1 if s.low(i) in ("on", "at", "by", "into") else i
    counted = _days_around_month_end(s, j)
    if counted is not None:
        end, unit, n, note = counted
        return end, "cond", When("calendar", unit=unit, values=(n,), notes=[note], start=i, end=end)
    hit = s.longest(j, vocab.MONTH_END_PHRASES)
    if hit is not None:
        unit, n = hit[1]  # type: ignore[misc]
        return hit[0], "cond", When("calendar", unit=unit, values=(n,), start=i, end=hit[0])
    j = s.skip(j, frozenset({"the", "each", "every"}))
    from_end = False
    count = None
    if s.low(j) in vocab.LAST_WORDS:
        from_end = True
        n = 2 if s.low(j) == "penultimate" else 1
        j += 1
    elif _ordinal(s, j) is not None:
        j, n = _ordinal(s, j)  # type: ignore[misc]
        if s.low(j) in ("to", "from") and s.low(j + 1) == "last":
            from_end, j = True, j + 2
    else:
        return None
    got = s.number(j)
    if got is not None and s.low(got[0]) in ("trading", "business", "days"):
        count, j = int(got[1]), got[0]  # "the first 3 trading days"
    j = s.optional(j, ("trading", "business"))
    fill = "close" if s.low(j) == "close" and count is None else None  # "the final close of"
    if s.low(j) not in ("day", "days", "session", "sessions", "bar") and fill is None:
        return None
    j += 1
    of_month = s.phrase(j, "of the") or s.low(j) == "of"
    if not of_month and s.says(("month",)):
        k = j  # "turn of the month: buy the last day of the month, sell on the 3rd trading day"
    elif not of_month:
        return None
    else:
        j += 2 if s.phrase(j, "of the") else 1
        k = s.skip(j, vocab.NEXT_PERIOD_FILLERS)
    if of_month and s.low(k) in vocab.QUARTER_WORDS:  # "the first trading day of each quarter"
        return _of_the_quarter(
            i, k + 1, from_end, (n,) if not count else tuple(range(1, count + 1))
        )
    if not of_month or s.low(k) == "month":
        end = k + (1 if of_month else 0)
    elif k == j and _month(s, k) is not None:
        end = k - 1  # "the first trading day of November": "of November" is a month rule
    elif k > j and s.low(k - 1) in ("next", "new", "following"):
        end = k  # "the third trading day of the next"
    else:
        return None
    unit = "trading_day_from_end" if from_end else "trading_day"
    values = tuple(range(1, count + 1)) if count else (n,)
    if not 1 <= max(values) <= 23:
        return None  # a month has at most 23 trading days
    if _said_of(s, end) or (_month(s, end + 1) is not None and _said_of(s, end + 2)):
        return None
    when = When("calendar", unit=unit, values=values, fill=fill, start=i, end=end)
    return end, "cond", when


def _of_the_quarter(start: int, end: int, from_end: bool, values: tuple[int, ...]) -> Found:
    """The trading days of a quarter's first month (counted from the end: its last month)."""
    unit = "trading_day_from_end" if from_end else "trading_day"
    months = (3, 6, 9, 12) if from_end else (1, 4, 7, 10)
    day = When("calendar", unit=unit, values=values, start=start, end=end)
    month = When("calendar", unit="month", values=months, start=start, end=end)
    month.notes.append(
        f"'of the quarter' read as the {'last' if from_end else 'first'} month of each quarter "
        f"({', '.join(MONTH_NAMES[m - 1] for m in months)})"
    )
    parts = [Item("cond", day, start, end)]
    return end, "rules", [*parts, Item("cond", month, start, end)]


def held_days(s: Stream, i: int) -> Found:
    """ "hold from the last 2 days of a month through the first 3 days of the next": in the
    market on those trading days, so bought at the open of the first and sold at the open of the
    trading day after the last (dates are those of the fill, as every date rule). Days of named
    months are those months' ("from the last trading day of October to the first trading day of
    May", "buy the last 5 trading days of December and the first 2 of January")."""
    hold = s.longest(i, vocab.HOLDING) or s.longest(i, vocab.INVESTED_WORDS)
    j = s.skip(hold[0] if hold is not None else i, frozenset({"only"}))
    during = s.low(j) in vocab.DURING_WORDS  # "only during the last 5 days and the first 3"
    said = _bought_days(s, i)  # "buy (SPY on) the last 5 trading days of December and ..."
    if s.low(j) != "from" and not during and said is None:
        return None
    bought = said is not None
    j = said[0] - 1 if said is not None else j
    first = _days_of_a_month(s, j + 1, trading_day(s, j + 1))
    joined = first is not None and s.low(first[0]) in vocab.MONTH_RANGE_JOINERS
    if first is None or not (joined or s.low(first[0]) == "and"):
        return None
    last = _days_of_a_month(
        s,
        first[0] + 1,
        trading_day(s, first[0] + 1)
        or _first_of_the_next(s, first[0] + 1)
        or _first_of_a_month(s, first[0] + 1),
    )
    if last is None:
        return None
    start, end = first[1], last[1]
    if not (joined and not bought) and not (
        # "the last 5 days and the first 3 of the next": around the turn
        start.unit == "trading_day_from_end"
        and 1 in start.values
        and end.unit == "trading_day"
        and 1 in end.values
    ):
        return None
    held = _held_from_to(s, i, j, first, last)
    if held is None or said is None or said[1] is None:
        return held
    symbol = Item("meta", ("symbol", said[1]), i + 1, i + 2)  # "buy SPY on the last 5 ..."
    return held[0], held[1], [symbol, *held[2]]  # type: ignore[misc]


def _bought_days(s: Stream, i: int) -> tuple[int, str | None] | None:
    """Where the days held start after an action said with no "from" ("buy the last 5 ...",
    "buy SPY on the last 5 ...", "long QQQ during the last 5 ..."), and the symbol said."""
    if s.low(i) not in vocab.HELD_DAYS_ACTIONS:
        return None
    symbol = ticker(s, i + 1)
    k = s.skip(symbol[0] if symbol is not None else i + 1, frozenset({"on", "during", "for"}))
    return (k, symbol[1] if symbol is not None else None) if s.low(k) == "the" else None


def _held_from_to(
    s: Stream,
    i: int,
    j: int,
    first: tuple[int, When, int | None],
    last: tuple[int, When, int | None],
) -> Found:
    """The buy on the first of the days held and the sell on the trading day after the last."""
    (first_end, start, first_month), (last_end, end, last_month) = first, last
    after = _day_after(end)
    if after is None:
        return None
    opens = When("calendar", unit=start.unit, values=(max(start.values),), start=i, end=first_end)
    closes = When("calendar", unit=after[0], values=(after[1],), start=first_end, end=last_end)
    closes.notes.append(
        f"'{s.span_text(i, last_end)}' read as: bought at the open of the first of those days, "
        "sold at the open of the trading day after the last"
    )
    buy = [Item("cond", opens, j + 1, first_end)]
    if first_month is not None:
        month = When("calendar", unit="month", values=(first_month,), start=i, end=first_end)
        buy.append(Item("cond", month, j + 1, first_end))
    sell = [Item("cond", closes, first_end + 1, last_end)]
    if last_month is not None:  # the day after the last of a month is in the next one
        next_month = after == ("trading_day", 1) and end.unit == "trading_day_from_end"
        value = last_month % 12 + 1 if next_month else last_month
        month = When("calendar", unit="month", values=(value,), start=first_end, end=last_end)
        sell.append(Item("cond", month, first_end + 1, last_end))
    flat = s.longest(s.skip(last_end, frozenset({",", "and"})), vocab.FLAT_OTHERWISE)
    return (
        last_end if flat is None else flat[0],  # "flat otherwise": what the sell already says
        "rules",
        [
            Item("action", "buy", i, j + 1),
            *buy,
            Item("sep", False, first_end, first_end),
            Item("action", "sell", first_end, first_end + 1),
            *sell,
        ],
    )


def _days_of_a_month(s: Stream, k: int, days: Found) -> tuple[int, When, int | None] | None:
    """Trading days read at ``k``, and the month named after them ("the last trading day of
    October"; None when none is): (end, days, month)."""
    if days is None or days[1] != "cond" or not isinstance(days[2], When):
        return None
    end, _, when = days
    month = _month(s, end + 1) if s.low(end) == "of" else None
    return (end + 2 if month is not None else end), when, month


def _first_of_a_month(s: Stream, i: int) -> Found:
    """ "the first 2 of January", said after the last days of a month: that month's first
    trading days (the month is read by the caller)."""
    j = s.skip(i, vocab.ARTICLES)
    got = s.number(j + 1) if s.low(j) == "first" else None
    if got is None or not 1 <= got[1] <= 10 or got[1] != int(got[1]):
        return None
    if s.low(got[0]) != "of" or _month(s, got[0] + 1) is None:
        return None
    values = tuple(range(1, int(got[1]) + 1))
    return got[0], "cond", When("calendar", unit="trading_day", values=values, start=i, end=got[0])


def _first_of_the_next(s: Stream, i: int) -> Found:
    """ "the first three of the next (month)", said after the last days of a month: its first
    trading days."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) != "first" or (got := s.number(j + 1)) is None or not 1 <= got[1] <= 10:
        return None
    end = s.first(got[0], vocab.OF_THE_NEXT_MONTH)
    if end is None:
        return None
    values = tuple(range(1, int(got[1]) + 1))
    return end, "cond", When("calendar", unit="trading_day", values=values, start=i, end=end)


def _day_after(days: When) -> tuple[str, int] | None:
    """The trading day after the last of ``days`` (the month's next first day after its end)."""
    if days.unit == "trading_day":
        return ("trading_day", max(days.values) + 1) if max(days.values) < 23 else None
    if min(days.values) == 1:
        return "trading_day", 1
    return "trading_day_from_end", min(days.values) - 1


def _days_around_month_end(s: Stream, j: int) -> tuple[int, str, int, str] | None:
    """ "2 days before month end" (the 3rd-to-last trading day: month end is the last one),
    "3 days into the new month" (its 3rd trading day): (end, unit, n, note)."""
    got = s.number(j)
    if got is None or got[1] != int(got[1]) or not 1 <= got[1] <= 20:
        return None
    k, n = got[0], int(got[1])
    k = s.optional(k, ("trading", "business"))
    if s.low(k) not in ("day", "days", "sessions"):
        return None
    said = s.span_text(j, k + 1)
    k += 1
    before = s.longest(k, vocab.DAYS_BEFORE_MONTH_END)
    if before is not None:
        note = f"'{said} before month end' read as the {_nth(n + 1)}-to-last trading day"
        return before[0], "trading_day_from_end", n + 1, note
    into = s.longest(k, vocab.DAYS_INTO_THE_MONTH)
    if into is not None:
        note = f"'{said} into the month' read as its {_nth(n)} trading day"
        return into[0], "trading_day", n, note
    return None


def _nth(n: int) -> str:
    return f"{n}{'tsnrhtdd'[(n // 10 % 10 != 1) * (n % 10 < 4) * n % 10 :: 4]}"


# -- gaps ---------------------------------------------------------------------------------------


def gap(s: Stream, i: int) -> Found:
    """ "gaps down more than 2%", "a gap up of 1%", "a 2% gap down", "opens 3% below the
    previous close": the open against the previous bar's close."""
    after = s.first(i, vocab.DAY_AFTER)
    if after is not None:  # "the day after a 3% gap down": the gap was the bar before
        got = gap(s, s.skip(after, frozenset({"a", "an", "the"})))
        if got is None:
            return None
        end, _, cond = got
        cond.day_after = True  # type: ignore[union-attr]
        cond.notes.append(  # type: ignore[union-attr]
            f"'{s.span_text(i, end)}' read as: the gap is seen at that day's close and the "
            "trade opens at the next day's open"
        )
        cond.start = i  # type: ignore[union-attr]
        return end, "rules", [Item("cond", cond, i, end, when=True)]  # like "after a gap"
    j = i
    pct_first = s.percent(j)
    if pct_first is not None and s.low(pct_first[0]) in ("gap", "gaps"):
        k = pct_first[0] + 1
        side = _gap_side(s, k)
        if side is None:
            return None
        return _gap_cond(i, side[0], side[1], ">=", pct_first[1])
    if s.low(j) in vocab.GAP_WORDS:
        side = _gap_side(s, j + 1)
        if side is None:
            return None
        k, up = side
        op, k = _gap_bound(s, k)
        pct = s.percent(k)
        if pct is None:
            return _gap_cond(i, k, up, ">", 0.0)
        end = pct[0]
        if s.phrase(end, "or more") or s.phrase(end, "or greater"):
            op, end = ">=", end + 2
        end, field = _gap_measured_from(s, end, up)
        return _gap_cond(i, end, up, op, pct[1], field)
    if s.low(j) in vocab.OPEN_WORDS:
        return _open_against_the_close(s, i, j + 1)
    return _move_at_the_open(s, i)


def _move_at_the_open(s: Stream, i: int) -> Found:
    """ "jumps 5% at the open", "drops more than 2% on the open": a move said where it happens,
    the open against the previous close (a gap)."""
    verb = s.longest(i, vocab.CHANGE_TABLE)
    if verb is None:
        return None
    end, rel = verb
    op, k = _gap_bound(s, s.optional(end, ("up", "down")))
    pct = s.percent(k)
    at_open = s.longest(pct[0], vocab.AT_THE_OPEN) if pct is not None else None
    if pct is None or at_open is None:
        return None
    return _gap_cond(i, at_open[0], rel == ">=", op, pct[1])


def _open_against_the_close(s: Stream, i: int, k: int) -> Found:
    """After "opens": "3% below the previous close", "2% or more under yesterday's close",
    "more than 1.5% above the prior close", "way above prior close (over 1.5 pct)"; or a move
    with no line after it, which is against the previous close ("opens 5% higher", "opens up
    more than 2%")."""
    moved = _open_moved(s, i, k)
    if moved is not None:
        return moved
    op, k = _gap_bound(s, k)
    pct = s.percent(k)
    if pct is not None:
        k = pct[0]
        if s.phrase(k, "or more") or s.phrase(k, "or greater"):
            op, k = ">=", k + 2
    k = s.skip(k, vocab.GAP_INTENSIFIERS)
    if s.low(k) not in ("below", "above", "lower", "higher", "under", "over"):
        return None
    up = s.low(k) in ("above", "higher", "over")
    end = s.first(s.skip(k + 1, frozenset({"than"})), vocab.PREVIOUS_CLOSE)
    if end is None:
        return None
    if pct is None and s.low(end) == "(":  # "... above prior close (over 1.5 pct)"
        op, inner = _gap_bound(s, end + 1)
        pct = s.percent(inner)
        if pct is None or s.low(pct[0]) != ")":
            return None
        end = pct[0] + 1
    if pct is None:
        return None
    return _gap_cond(i, end, up, op, pct[1])


def _open_moved(s: Stream, i: int, k: int) -> Found:
    """ "opens 5% higher", "opens up more than 2%", "opened 3% lower": the open's move, which
    is always against the previous close (a comparative with "than" names its own line)."""
    side = _gap_side(s, k)
    if side is not None:  # "opens up 5%"
        op, after = _gap_bound(s, side[0])
        pct = s.percent(after)
        if pct is None:
            return None
        return _gap_cond(i, pct[0], side[1], op, pct[1])
    op, after = _gap_bound(s, k)
    pct = s.percent(after)
    side = _gap_side(s, pct[0]) if pct is not None else None
    if pct is None or side is None or s.low(side[0]) == "than":
        return None
    return _gap_cond(i, side[0], side[1], op, pct[1])


def _gap_side(s: Stream, k: int) -> tuple[int, bool] | None:
    if s.low(k) in vocab.HIGHER_WORDS | vocab.GAP_UPS:
        return k + 1, True
    if s.low(k) in vocab.LOWER_WORDS | vocab.GAP_DOWNS:
        return k + 1, False
    return None


def fade(s: Stream, i: int) -> Found:
    """ "fade gaps up of more than 1%", "fade the gap down": trade against the gap at the open
    that makes it, short a gap up and buy a gap down."""
    if s.low(i) not in vocab.FADE_WORDS:
        return None
    got = gap(s, s.skip(i + 1))
    if got is None:
        return None
    end, _, cond = got
    action = "short" if cond.rel in (">", ">=") else "buy"
    cond.notes.append(
        f"'{s.low(i)}' read as trading against the gap at the open that makes it: "
        f"{'short a gap up' if action == 'short' else 'buy a gap down'}"
    )
    at_open = When("fill", fill="next_open", start=i, end=i + 1)
    return (
        end,
        "rules",
        [
            Item("action", action, i, i + 1),
            Item("cond", cond, cond.start, end),
            Item("cond", at_open, i, i + 1),
        ],
    )


def _gap_bound(s: Stream, k: int) -> tuple[str, int]:
    """ "by more than", "of at least", "over", ">", "of": the comparison and where the number
    starts; a plain "of 1%"/"by 1%" is at least 1%."""
    k = s.optional(k, ("by", "of"))
    for phrase, op in (
        ("more than", ">"),
        ("greater than", ">"),
        ("bigger than", ">"),
        ("larger than", ">"),
        ("over", ">"),
        (">", ">"),
        ("at least", ">="),
        (">=", ">="),
        ("of", ">="),
    ):
        end = s.phrase(k, phrase)
        if end is not None:
            return op, end
    return ">=", k


def _gap_measured_from(s: Stream, k: int, up: bool) -> tuple[int, str]:
    """After a gap's size, the previous bar's price it is measured from ("gaps up 4% above
    yesterday's high"): the end and the field; the previous close when none is said."""
    side = ("above", "over") if up else ("below", "under")
    said = s.longest(k + 1, vocab.PREVIOUS_BAR_FIELDS) if s.low(k) in side else None
    return (said[0], str(said[1])) if said is not None else (k, "close")


def _gap_cond(i: int, end: int, up: bool, op: str, pct: float, field: str = "close") -> Found:
    pct = abs(pct)
    times = 1 + pct / 100 if up else 1 - pct / 100
    rel = op if up else {">": "<", ">=": "<="}[op]
    b = Price(field, lag=1, times=times)
    return end, "cond", DCond("compare", Price("open"), rel, b, start=i, end=end)


# -- another timeframe --------------------------------------------------------------------------


def timeframe(s: Stream, i: int) -> Found:
    """ "weekly trend up (close above the 10-week MA)", "the weekly close is above its 10-week
    SMA", "weekly RSI below 30": a condition on weekly (or monthly) bars."""
    j = i + 1 if s.low(i) == "the" else i
    framed = ops.frame_at(s, j)
    if framed is None:
        return None
    named = s.longest(j, vocab.KEYWORDS)
    if named is not None and named[0] > framed[0]:
        return None  # "the weekly VWAP": one indicator's name (anchored to each week)
    k, frame = framed
    if s.low(k) in ("bars", "bar", "candles", "chart", "charts", "timeframe"):
        return None  # "on 4-hour bars": the test's bars, not a rule
    # "the weekly close is above its 50-day SMA": its lengths are counted in weekly bars (10)
    with vocab.counting_bars_of_frame(frame):
        return _framed_condition(s, i, k, frame)


def _framed_condition(s: Stream, i: int, k: int, frame: str) -> Found:
    """The condition said after a time frame's word at ``k`` ("weekly RSI below 30"), on its
    bars."""
    trend = _trend_words(s, k)
    if trend is not None:
        k, up = trend
        inner = parenthesised_condition(s, k)
        framed_inner = timeframe(s, k + 1) if inner is None and s.low(k) == "(" else None
        if framed_inner is not None and s.low(framed_inner[0]) == ")":
            end, _, cond = framed_inner  # "4 hour trend is up (4h close > 4h 50 ema)"
            cond.start, cond.end = i, end + 1  # type: ignore[union-attr]
            return end + 1, "cond", cond
        if inner is not None:
            end, cond = inner
        else:
            end = k
            ma = Ind("sma", params={"period": 10.0})
            cond = DCond("compare", Price("close"), ">" if up else "<", ma, start=i, end=end)
            word = TIMEFRAME_WORDS[frame]
            unit = {"W": "10-week", "M": "10-month"}.get(frame, f"10-bar {word}")
            side = "above" if up else "below"
            cond.notes.append(
                f"{word} trend {'up' if up else 'down'} read as the {word} close {side} its "
                f"{unit} SMA"
            )
        return tagged(cond, frame, i, end)
    got = ops.parse_condition(s, k)
    if got is None or got[1] is None:
        return None
    for operand in _operands(got[1])[1:]:  # "the 1h close above the 200 EMA": said of the close
        if not getattr(operand, "timeframe", None):
            operand.frame_shared = True  # type: ignore[union-attr]
    return tagged(got[1], frame, i, got[0])


def _trend_words(s: Stream, k: int) -> tuple[int, bool] | None:
    hit = s.longest(k, vocab.TREND_WORDS)
    return None if hit is None else (hit[0], bool(hit[1]))


def parenthesised_condition(s: Stream, k: int) -> tuple[int, DCond] | None:
    if s.low(k) not in ("(", ":", ","):
        return None
    j = s.skip(k + 1, frozenset({"the", "i.e.", "ie", "meaning", "weekly"}))
    got = ops.parse_condition(s, j)
    if got is None or got[1] is None:
        return None
    end, cond = got
    if s.low(end) == ")":
        end += 1
    elif s.low(k) == "(":
        return None
    return end, cond


def tagged(cond: DCond, frame: str, start: int, end: int) -> Found:
    """Put every operand of ``cond`` on ``frame`` bars (its lengths were read in them)."""
    for operand in _operands(cond):
        if isinstance(operand, Price) and operand.lag:
            return None
        if isinstance(operand, Price | Ind):
            operand.timeframe = frame
    cond.start, cond.end = start, end
    return end, "cond", cond


def on_frame(cond: DCond, frame: str) -> bool:
    """Put ``cond`` on ``frame`` bars (said apart from it: "... on the daily chart"), unless an
    operand takes a lag, or it names none ("sell above 70 on daily bars": its subject is only
    known later); whether it was. An operand that names shorter intraday bars keeps them and
    the others are put on ``frame`` ("the 1h close above the 200 EMA on the 4h chart"); one
    naming any other timeframe leaves the condition as said."""
    operands = _operands(cond)
    framed = [o for o in operands if getattr(o, "timeframe", None) and not o.frame_shared]
    if not operands or len(framed) == len(operands):
        return False
    limit = vocab.frame_minutes(frame)
    for o in framed:
        minutes = vocab.interval_minutes(str(o.timeframe))
        if minutes is None or minutes >= limit:
            return False
    if any(isinstance(o, Price) and o.lag for o in operands):
        return False
    for o in operands:
        o.timeframe = o.timeframe if o in framed else frame
    return True


def _operands(cond: DCond) -> list[object]:
    out: list[object] = [cond.a, cond.b, cond.b2]
    if isinstance(cond.b, Multi):
        out += cond.b.items
    return [o for o in out if isinstance(o, Ind | Price)]


# -- another symbol -----------------------------------------------------------------------------


def cashtag(s: Stream, i: int) -> tuple[int, str] | None:
    """ "$xle", "$GME": a dollar sign written against a word of letters is that ticker, as chat
    and social media tag them (a name it stands for, "$btc", is read as that name's)."""
    tag = s.tokens[i + 1] if s.low(i) == "$" and i + 1 < s.n else None
    if tag is None or tag.kind != "word" or tag.start != s.tokens[i].end:
        return None
    if not (tag.text.isalpha() and len(tag.text) <= 5):
        return None
    hit = s.longest(i + 1, vocab.SYMBOL_NAMES)
    return (hit[0], str(hit[1])) if hit is not None else (i + 2, tag.text.upper())


def ticker(s: Stream, i: int) -> tuple[int, str] | None:
    tok = s.tokens[i] if 0 <= i < s.n else None
    if tok is None:
        return None
    tagged = cashtag(s, i)
    if tagged is not None:
        return tagged  # "$spy gt 200sma": SPY's bars
    hit = s.longest(i, vocab.SYMBOL_NAMES)
    if hit is not None:
        end, symbol = hit
        return end, str(symbol)
    if tok.kind == "sym":
        return i + 1, tok.text.upper()
    text = tok.text.removesuffix("'s")  # "SPY's RSI": one token
    if (
        tok.kind == "word"
        and text.isupper()
        and text.isalpha()
        and 2 <= len(text) <= 5
        and text not in vocab.NOT_TICKERS
        and s.longest(i, vocab.KEYWORDS) is None  # "OBV crosses above its 20-day SMA"
    ):
        return i + 1, text
    return None


def _another_ticker(s: Stream, symbol: str) -> bool:
    return any((got := ticker(s, k)) is not None and got[1] != symbol for k in range(s.n))


def market_filter(s: Stream, i: int) -> Found:
    """ "QQQ is above its 50-day SMA", "SPY closes below its 200-day moving average", "the S&P
    500 is above its 200-day MA": a condition on another symbol's bars. Whether that symbol is
    the traded one is decided later (a condition on the traded symbol needs no second symbol)."""
    j = i + 1 if s.low(i) == "the" else i
    got = ticker(s, j) or _ticker_in_brackets(s, j)
    if got is None:
        return None
    k, symbol = got
    said = ticker(s, k + 1) if s.low(k) == "(" else None
    if said is not None and s.low(said[0]) == ")":
        k, symbol = said[0] + 1, said[1]  # "the S&P 500 (SPY)": the ticker said is the one read
    if s.low(k) == "'s" or s.low(k) in ("price", "close"):
        k += 1
    defined = _defined_in_brackets(s, k, symbol, i)
    if defined is not None:
        return defined
    if s.low(k) not in vocab.FILTER_VERBS and not (
        s.low(k) in (">", "<", ">=", "<=")
        and (_another_ticker(s, symbol) or symbol in vocab.LEVEL_SYMBOLS)
    ):
        return None  # "SPY close > 200 ema. buy NVDA ...": a filter when another is traded
    look = s.skip(k + 1, vocab.LOOKBACK_ARTICLES)
    if s.low(look) in ("last", "past", "previous", "prior", "next"):
        return None  # "TSLA over the last 3 years": a test period, not a filter
    tail = ops.parse_relation_tail(s, k, None, i)
    if tail is None:
        return None
    end, cond = tail
    if cond.b is None or isinstance(cond.b, Multi) or cond.kind not in ("compare", "cross"):
        return None
    if isinstance(cond.b, Ind) and cond.b.family not in vocab.PRICE_FAMILIES:
        return None
    level = isinstance(cond.b, Num) and cond.b.value is not None and symbol in vocab.LEVEL_SYMBOLS
    if not isinstance(cond.b, Ind) and not level:  # "the VIX is below 20": the index's level
        return None
    cond.a = Price("close", symbol=symbol)
    if isinstance(cond.b, Ind):
        cond.b.symbol = symbol
    cond.start, cond.end = i, end
    return end, "cond", cond


def _ticker_in_brackets(s: Stream, j: int) -> tuple[int, str] | None:
    """ "oil (USO)", "small caps (IWM)": a name with its ticker in brackets, read as the ticker."""
    opening = next((k for k in range(j + 1, min(j + 4, s.n)) if s.low(k) == "("), None)
    if opening is None or any(s.kind(k) != "word" for k in range(j, opening)):
        return None
    got = ticker(s, opening + 1)
    if got is None or s.low(got[0]) != ")":
        return None
    return got[0] + 1, got[1]


def _defined_in_brackets(s: Stream, k: int, symbol: str, i: int) -> Found:
    """ "TLT is falling (below its 20 day SMA)", "SMH is in an uptrend (price above 50 EMA)": a
    state of ``symbol`` said in words, then defined in brackets; the definition is the rule."""
    opening = next((p for p in range(k, min(k + 6, s.n)) if s.low(p) == "("), None)
    if opening is None or opening == k or s.low(k) not in vocab.COPULAS | vocab.FILTER_VERBS:
        return None
    if any(s.kind(p) != "word" for p in range(k, opening)):
        return None
    inner = s.skip(opening + 1, vocab.BRACKET_SUBJECTS)
    named = ticker(s, inner)  # "the Nasdaq is in an uptrend (QQQ above 50 SMA)": QQQ's bars
    if named is not None and s.longest(inner, vocab.KEYWORDS) is None:
        inner, symbol = s.skip(named[0], vocab.BRACKET_SUBJECTS), named[1]
    tail = ops.parse_relation_tail(s, inner, None, i)
    if tail is None or s.low(tail[0]) != ")":
        return None
    end, cond = tail
    if not isinstance(cond.b, Ind | Num) or cond.kind not in ("compare", "cross"):
        return None
    cond.a = Price("close", symbol=symbol)
    if isinstance(cond.b, Ind):
        cond.b.symbol = symbol
    words = s.span_text(k, opening).strip()
    said = s.span_text(opening + 1, end).strip()
    cond.notes.append(f"'{symbol} {words}' read as its definition in brackets: {said}")
    cond.start, cond.end = i, end + 1
    return end + 1, "cond", cond


def checking_period(s: Stream, i: int) -> Found:
    """ "Rebalance monthly.", "check weekly": one symbol's rule checked only once a period,
    which is not built (a bot checks its rules on every bar); reported with the reason. Said
    before two symbols ("rebalance monthly between SPY and TLT") it is a rotation."""
    if s.low(i) not in vocab.CHECK_PERIOD_VERBS:
        return None
    period = s.longest(i + 1, vocab.CHECK_PERIODS)
    if period is None or not (period[0] >= s.n or s.low(period[0]) in vocab.CLAUSE_ENDS):
        return None
    switching = vocab.ROTATION_PHRASES - vocab.CHECK_PERIOD_VERBS  # "whichever is stronger"
    if any(s.longest(k, switching) for k in range(s.n)):
        return None  # the rotation's own words say why
    why = (
        "A rule checked only once a week or a month ('rebalance monthly', 'check weekly') is not "
        "built: a Botlab bot checks its rules on every bar. Leave those words out to test the "
        "rule on every bar, or say the day, for example 'buy ... only on the first trading day "
        "of the month'."
    )
    return period[0], "unparsed", why


def rotation(s: Stream, i: int) -> Found:
    """ "whichever is stronger between SPY and TLT", "rotate into the strongest sector",
    "rebalance monthly": switching between symbols, which one bot (one symbol) cannot do; the
    words up to the clause's end are reported back with the reason."""
    hit = s.longest(i, vocab.ROTATION_PHRASES)
    if hit is None:
        return None
    end = hit[0]
    while (
        end < s.n and s.low(end) not in vocab.CLAUSE_ENDS and s.longest(end, vocab.ACTIONS) is None
    ):
        end += 1
    why = (
        "Switching between symbols (a rotation, or a monthly rebalance) is not something a "
        "Botlab bot does yet: a bot trades one symbol. Test each symbol with its own rule, for "
        "example 'buy SPY when it outperforms TLT over 3 months, sell when it underperforms'."
    )
    return end, "unparsed", why


def _to_clause_end(s: Stream, end: int) -> int:
    while end < s.n and s.low(end) not in vocab.CLAUSE_ENDS:
        end += 1
    return end


def pair_trade(s: Stream, i: int) -> Found:
    """ "long KO short PEP when the spread ...", "buy XOM and short CVX": two legs at once, one
    bought and one shorted, which one bot (one symbol) cannot trade; reported with the reason."""
    first = s.longest(i, vocab.ACTIONS)
    if first is None or first[1] not in vocab.OPENING_SIDES:
        return None
    leg = ticker(s, first[0])
    if leg is None:
        return None
    k = leg[0] + (s.low(leg[0]) in ("and", ",", "&", "/", "vs"))
    second = s.longest(k, vocab.ACTIONS)
    if second is None or {first[1], second[1]} != vocab.OPENING_SIDES:
        return None
    other = ticker(s, second[0])
    if other is None or other[1] == leg[1]:
        return None
    why = (
        f"A pair trade ({s.span_text(i, other[0])}: one symbol bought and another shorted at "
        "once) is not something a Botlab bot does yet: a bot trades one symbol. Test one leg "
        f"with its own rule, for example 'buy {leg[1]} when it outperforms {other[1]} over 20 "
        "days, sell when it underperforms'."
    )
    end = other[0]  # the rest of the sentence is the pair's ("..., close at 0")
    while end < s.n and s.kind(end) != "nl" and s.low(end) not in (".", ";", "!", "?"):
        end += 1
    return end, "unparsed", why


def conditional_size(s: Stream, i: int) -> Found:
    """ "use half position size when VIX is above 25", "trade half size if ATR is high", "buy twice
    as much when RSI is below 20": a size that depends on a condition, which Botlab does not
    build; reported with the reason."""
    if i > 0 and s.low(i - 1) not in vocab.CLAUSE_ENDS and s.kind(i - 1) != "nl":
        return None
    j = s.skip(i, vocab.SIZE_CHANGE_LEADS)
    said = next((k for k in range(j, min(j + 4, s.n)) if s.low(k) in vocab.SIZE_CHANGE_WORDS), None)
    if s.low(i) in vocab.BUY_MORE_LEADS and s.low(i + 1) in vocab.SIZE_MULTIPLES:
        j = said = i + 1
    if said is None or j == i and s.low(i) not in vocab.SIZE_CHANGE_WORDS:
        return None
    when = s.skip(said + 1, vocab.SIZE_CHANGE_WORDS | vocab.SIZE_MULTIPLES | vocab.SIZE_CHANGE_TAIL)
    if s.low(when) not in ("when", "whenever", "if", "while"):
        return None
    why = (
        "A position size that changes with a condition is not something Botlab builds yet: "
        "each trade has one size. Say one size, for example 'use 50% of equity per trade'."
    )
    return _to_clause_end(s, when), "unparsed", why


def zero_line_cross(s: Stream, i: int) -> Found:
    """ "a MACD zero-line cross to the upside", "a bullish MACD zero line crossover", "the ROC
    zero-line crossover down": the line crossing 0 (above unless said bearish or down)."""
    j = s.skip(i, vocab.ARTICLES)
    mood = vocab.CROSS_MOODS.get(s.low(j))
    j += mood is not None
    got = None if s.longest(j, vocab.ZERO_LINE_CROSSES) else ops.parse_operand(s, j)
    if got is not None and not isinstance(got[1], Ind):
        return None
    k, line = got if got is not None else (j, None)  # "exit on a bearish zero line crossover"
    said = s.longest(k, vocab.ZERO_LINE_CROSSES)
    if said is None:
        return None
    end = said[0]
    way = s.longest(end, vocab.CROSS_DIRECTIONS)
    if way is not None:
        end, mood = way[0], way[1]
    if line is not None and line.family == "macd" and line.output is None:
        line.output = "macd"  # the MACD line, not its histogram
    cond = DCond("cross", line, mood or "above", Num(0.0), start=i, end=end)
    return end, "cond", cond


def signal_line_cross(s: Stream, i: int) -> Found:
    """ "a slow stochastic (14,3,3) bullish cross", "a bearish MACD crossover": the line
    crossing its signal line (%K over %D, MACD over its signal), the side said by the mood."""
    j = s.skip(i, vocab.ARTICLES)
    mood = vocab.CROSS_MOODS.get(s.low(j))
    got = ops.parse_operand(s, j + (mood is not None))
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.SIGNAL_LINES:
        return None
    k, line = got
    mood = mood or vocab.CROSS_MOODS.get(s.low(k))
    k += s.low(k) in vocab.CROSS_MOODS
    said = s.longest(k, vocab.CROSSING_WORDS)
    if mood is None or said is None:
        return None
    own, signal = vocab.SIGNAL_LINES[line.family]
    line.output = own
    other = Ind(line.family, signal, dict(line.params), pos=line.pos)
    return said[0], "cond", DCond("cross", line, mood, other, start=i, end=said[0])


def symbol_ratio(s: Stream, i: int) -> Found:
    """ "the ratio of MSFT/SPY makes a new high", "the XLY/XLP ratio is rising": a line of one
    symbol's price over another's, which Botlab does not build; the whole condition is
    reported back with the relative-strength phrasing it reads."""
    j = s.skip(i, frozenset({"the"}))
    lead = s.low(j) == "ratio" and s.low(j + 1) in ("of", "between")
    k = j + 2 if lead else j
    first = ticker(s, k)
    to_other = _ratio_to_another(s, i)  # "its ratio to SPY": the traded symbol's price over SPY's
    if to_other is not None:
        first, second = (to_other[0], "the stock"), to_other
    elif first is None or s.low(first[0]) not in vocab.RATIO_JOINERS:
        return None
    else:
        second = ticker(s, first[0] + 1)
    if second is None or not (lead or to_other or s.low(second[0]) == "ratio"):
        return None
    end = second[0] + (s.low(second[0]) == "ratio")
    while (
        end < s.n and s.low(end) not in vocab.CLAUSE_ENDS and s.longest(end, vocab.ACTIONS) is None
    ):
        end += 1
    own, other = first[1], second[1]
    why = (
        f"A ratio of two symbols' prices ({own}/{other}) is not something Botlab builds yet; "
        f"relative strength is, for example 'buy when {own} outperforms {other} over 50 days'."
    )
    return end, "unparsed", why


def _ratio_to_another(s: Stream, i: int) -> tuple[int, str] | None:
    """ "its ratio to SPY", "the price ratio against QQQ": the end and the other symbol."""
    j = s.skip(i, frozenset({"its", "the", "price", "stock's", "stock"}))
    if j == i or s.low(j) != "ratio" or s.low(j + 1) not in vocab.RATIO_TO_WORDS:
        return None
    return ticker(s, j + 2)


def relative_strength(s: Stream, i: int) -> Found:
    """ "outperforms SPY over 20 days", "is stronger than QQQ over the last 3 months",
    "underperforms SPY": the traded symbol's N-bar rate of change against the other's."""
    said = _return_subject(s, i)  # "its 6 month return beats SPY's"
    start = i if said is None else said[0]
    j = start
    j = s.skip(j, ("is", "it", "has", "have", "been", "keeps", "continues"))
    hit = s.longest(start, vocab.OUTPERFORMS) or s.longest(j, vocab.OUTPERFORMS)
    compare = s.longest(start, vocab.RETURN_COMPARES) or s.longest(j, vocab.RETURN_COMPARES)
    if hit is None and compare is not None:
        # "is above", "worse than" compare returns only once a return was named, here or before
        returns = said is not None or any(_return_subject(s, k) for k in range(i))
        hit = compare if returns else None
    if hit is None:
        return None
    j, up = hit[0], bool(hit[1])
    j = s.skip(j, frozenset({"the"}))
    got = ticker(s, j)
    if got is None:
        return _same_benchmark(s, i, j, up)
    end, symbol = got
    k = end
    margin = s.percent(k + 1) if s.low(k) == "by" else None  # "beats SPY by 5%"
    if margin is not None:
        margin_span, k = (k, margin[0]), margin[0]
    k = s.optional(k, ("over", "in", "during", "across", "for"))
    k = s.skip(k, frozenset({"the", "last", "past", "previous", "prior", "a"}))
    period = ops.parse_period(s, k)
    unit = vocab.in_bars(1, s.low(k)) if s.low(k) in vocab.PERIOD_UNITS else None
    if period is None and unit is not None and s.low(k) not in ("d", "bar", "bars"):
        period = k + 1, unit, vocab.bars_note(1, s.low(k))  # "over the last month"
    notes = []
    if said is not None:
        end = s.skip(end, vocab.RETURN_NOUNS | {"'s"})  # "... SPY's (return)"
        bars, notes = said[1], said[2]
    elif period is not None and s.low(period[0] - 1) in vocab.PERIOD_UNITS:
        end, bars, note = period
        notes = [note] if note else []
    elif (before := _said_before(s, i, symbol)) is not None:
        bars = before  # "... better than QQQ's, sell when it is worse than QQQ's": the same
    else:
        bars = 20.0
        notes = ["no period was given for relative strength: 20 bars"]
    own = Ind("roc", params={"period": bars})
    other = Ind("roc", params={"period": bars}, symbol=symbol)
    cond = DCond("compare", own, ">" if up else "<", other, notes=notes, start=i, end=end)
    if margin is None:
        return end, "cond", cond
    why = (
        f"A margin of relative strength ('by {margin[1]:g}%') is not something Botlab builds "
        f"yet: the rule reads the rate of change against {symbol}'s without it."
    )
    unread = Item("unparsed", why, *margin_span)
    return end, "rules", [Item("cond", cond, i, end), unread]


def _said_before(s: Stream, i: int, symbol: str) -> float | None:
    """The period of an earlier comparison with the same symbol's return, if one was said."""
    for k in range(i - 1, -1, -1):
        named = s.longest(k, vocab.OUTPERFORMS) or _return_subject(s, k)
        said = relative_strength(s, k) if named else None
        other = said[2].b if said is not None and isinstance(said[2], DCond) else None
        if isinstance(other, Ind) and other.symbol == symbol:
            return other.params["period"]
    return None


def _return_subject(s: Stream, i: int) -> tuple[int, float, list[str]] | None:
    """ "its 6 month return", "the 20-day performance": a rate of change over that period, said
    as the subject of a comparison with another symbol's (end, bars, notes)."""
    k = s.skip(i, vocab.ARTICLES)
    period = ops.parse_period(s, k)
    if period is None or s.low(period[0] - 1) not in vocab.PERIOD_UNITS:
        return None
    end, bars, note = period
    if s.low(end) not in vocab.RETURN_NOUNS:
        return None
    return end + 1, bars, [note] if note else []


def _same_benchmark(s: Stream, i: int, j: int, up: bool) -> Found:
    """ "buy when it outperforms SPY over 3 months, sell when it underperforms": the benchmark
    and period left out are those of the comparison said before."""
    for k in range(i - 1, -1, -1):
        named = s.longest(k, vocab.OUTPERFORMS) or _return_subject(s, k)
        said = relative_strength(s, k) if named else None
        if said is not None:
            before = said[2]
            assert isinstance(before, DCond)
            rel = ">" if up else "<"
            own, other = copy.deepcopy((before.a, before.b))
            return j, "cond", DCond("compare", own, rel, other, start=i, end=j)
    return None


# -- sizing and position management -------------------------------------------------------------


def _per_trade(s: Stream, k: int) -> int | None:
    for phrase in vocab.PER_TRADE:
        end = s.phrase(k, phrase)
        if end is not None:
            return end
    return None


def money(s: Stream, i: int) -> tuple[int, float, bool] | None:
    """An amount of money at ``i``: "$5,000", "5k", "10K", "5 grand", "ten thousand dollars",
    "a thousand bucks", "USD 500", "€500": the end, the amount, and whether it was said as money
    (a currency, a money word or thousands; a bare "500" may be shares or a level)."""
    sign = s.low(i) in vocab.CURRENCY_SIGNS
    j = i + sign
    if s.low(j) in ("a", "one") and s.low(j + 1) in vocab.THOUSAND_WORDS:
        got: tuple[int, float] | None = j + 1, 1.0  # "a thousand dollars", "one grand"
    else:
        got = s.number(j)
    if got is None:
        return None
    j, value = got
    thousands = s.low(j) in vocab.THOUSAND_WORDS
    if s.low(j) in vocab.MONEY_SCALES:
        value, j = value * vocab.MONEY_SCALES[s.low(j)], j + 1
    word = s.low(j) in vocab.MONEY_WORDS
    return j + word, value, sign or word or thousands


def _risk_tail(s: Stream, k: int) -> int:
    """The end of what follows a risk's amount and says it again: "per trade", "at risk per
    unit", "if stopped out" (in any order)."""
    while True:
        end = (
            _per_trade(s, k) or s.longest(k, vocab.RISK_NOUNS) or s.longest(k, vocab.STOPPED_TAILS)
        )
        if end is None:
            return k
        k = end if isinstance(end, int) else end[0]


def _risk_after_amount(s: Stream, k: int) -> int | None:
    """After a percentage, "risk" or "at risk", maybe after the account it is of: "1% risk per
    trade", "1% of equity at risk", "1.5% account risk" (the end), else None."""
    if s.low(k) == "of":
        k = s.skip(k + 1, vocab.ACCOUNT_FILLERS)
        k += s.low(k) in vocab.ACCOUNT_NOUNS
    else:
        k = s.skip(k, vocab.ACCOUNT_FILLERS | vocab.ACCOUNT_NOUNS)
    k = s.optional(k, ("is", "are"))  # "so that 1% of equity is at risk"
    said = s.longest(k, vocab.RISK_NOUNS)
    return None if said is None else said[0]


def sizing(s: Stream, i: int) -> Found:
    """ "risk 1% of equity per trade", "1% at risk per unit", "$5,000 per trade", "100 shares",
    "buy 100 shares"."""
    lead = s.first(i, vocab.SIZE_SO_THAT)  # "size so that a 2 ATR stop risks 1% of equity"
    if lead is not None:
        return lead, "meta", ("label", None)
    j = i
    first = s.percent(j)
    risk = _risk_after_amount(s, first[0]) if first is not None else None
    if first is not None and risk is not None:  # "1% risk per trade", "1.5% account risk"
        return _risk_tail(s, risk), "meta", ("risk_pct", first[1])
    lost = _loss_per_trade(s, j)
    if lost is not None:  # "max loss per trade 200 bucks": the dollars lost at the stop
        return lost
    lose = s.low(j) in vocab.ACCOUNT_LOSS_VERBS  # "so that a stop loses 2% of equity"
    if s.low(j) in vocab.RISK_VERBS or lose:
        k = s.skip(j + 1, vocab.RISK_FILLERS)
        k = _per_trade(s, k) or k  # "risk per trade of 1%"
        k = s.skip(k, vocab.AMOUNT_LINKS)
        pct = s.percent(k)
        cash = money(s, k) if not lose else None
        if cash is not None and cash[2]:  # "risk $500 per trade", "risk 200 bucks a trade":
            end = cash[0]  # dollars lost if the stop is hit
            return _per_trade(s, end) or end, "meta", ("risk_cash", cash[1])
        if pct is None:
            return None
        end = pct[0]
        if s.longest(end, vocab.STOP_WORDS) is not None:
            return None  # "risk 2% stop": the stop's distance, read as a stop
        of_account = False
        if s.low(end) == "of":
            end = s.skip(end + 1, vocab.ACCOUNT_FILLERS)
            of_account = vocab.ACCOUNT_NOUNS & {s.low(end), s.low(end - 1)} != set()
            end += s.low(end) in vocab.ACCOUNT_NOUNS
        if lose and not of_account:
            return None  # "if it loses 5%": a move of the price, not of the account
        return _risk_tail(s, end), "meta", ("risk_pct", pct[1])
    each = _amount_of_each_trade(s, j)
    if each is not None:  # "each trade should use 2k", "per trade: $1,000"
        return each
    j = s.optional(j, vocab.ALLOCATE_VERBS)
    dollars = s.low(j) in vocab.CURRENCY_SIGNS
    got = s.number(j + 1 if dollars else j)
    if got is None:
        return None
    k, value = got
    thousands = s.low(k) in vocab.THOUSAND_WORDS
    if thousands:
        value, k = value * 1000, k + 1
    if s.low(k) in vocab.MONEY_WORDS:
        dollars, k = True, k + 1
    if thousands and not dollars and s.low(k) not in vocab.SHARE_NOUNS:
        dollars = True  # "10k per trade": an amount of money
    if dollars and s.low(k) == "worth":  # "go long $5000 worth of NVDA": each trade's amount
        return k + 1 + (s.low(k + 1) == "of"), "meta", ("size_cash", value)
    if dollars and s.low(k) == "of" and vocab.ACTIONS.get(s.low(i - 1)) == "buy":
        return k + 1, "meta", ("size_cash", value)  # "buy $500 of BTC": what each buy spends
    if dollars:
        end = _per_trade(s, k) or _position_noun(s, k)  # "$2,500 positions"
        if end is None and s.low(k) in ("in", "on", "into") and _per_trade(s, k + 1):
            end = _per_trade(s, k + 1)
        if end is None:
            return None
        return end, "meta", ("size_cash", value)
    shares = s.low(k) in vocab.SHARE_NOUNS and s.low(k) not in vocab.UNIT_NOUNS
    if shares and _after_closing_action(s, i) and value not in _shares_said_before(s, i):
        return None  # "sell 25 shares if it rises 10%": part of a position, not the trade size
    if not _after_closing_action(s, i) and (units := _units_traded(s, i, j, k, value)):
        return units
    if shares and value == int(value) and value >= 1:
        end = _per_trade(s, k + 1) or k + 1
        if s.low(k - 1) == "unit" or (s.low(k) == "units" and i == j):
            return None
        return end, "meta", ("size_shares", int(value))
    return None


def _loss_per_trade(s: Stream, i: int) -> Found:
    """ "max loss per trade 200 bucks", "maximum loss of $200 per trade", "lose no more than
    $300 per trade": the money a trade loses at its stop (risk sizing). Only with "per trade"
    (before or after the amount): "max loss $2" alone is a stop $2 from the entry."""
    named = s.longest(i, vocab.LOSS_PER_TRADE_NAMES)
    if named is None:
        return None
    k = s.skip(named[0], vocab.RISK_FILLERS)
    each = _per_trade(s, k)
    k = s.skip(each or k, vocab.AMOUNT_LINKS | vocab.RISK_FILLERS)
    got = money(s, k)
    if got is None or not got[2]:
        return None
    end = _per_trade(s, got[0])
    if each is None and end is None:
        return None
    return end or got[0], "meta", ("risk_cash", got[1])


def _position_noun(s: Stream, k: int) -> int | None:
    """After an amount of money, the position it buys ("$2,500 positions", "a $5k position
    size", "$1,000 each"): the end, else None."""
    got = s.longest(k, vocab.POSITION_NOUNS)
    return None if got is None else got[0]


def _amount_of_each_trade(s: Stream, i: int) -> Found:
    """ "each trade should use 2k", "every position gets $5,000", "per trade: $1,000", "each
    trade uses 10% of the account": each trade's amount, said after the trade."""
    j = None
    if s.low(i) in vocab.EACH_WORDS:  # "each trade", "each position", "per trade"
        j = _per_trade(s, i) or s.first(i, vocab.PER_TRADE_TAILS)
    if j is None:
        return None
    k = s.skip(j, vocab.EACH_TRADE_VERBS)
    got = money(s, k)
    if got is not None and got[2]:
        return got[0], "meta", ("size_cash", got[1])
    pct = s.percent(k)
    if pct is None or s.low(pct[0]) != "of":
        return None
    owner = s.skip(pct[0] + 1, vocab.CASH_OWNER_FILLERS)
    if s.low(owner) not in vocab.EQUITY_WORDS:
        return None
    return owner + 1, "meta", ("size_pct", pct[1])


def _units_traded(s: Stream, i: int, j: int, k: int, value: float) -> Found:
    """ "trade 10,000 units of EURUSD=X", "1 mini lot" (of a currency pair: 10,000 units),
    "2 contracts", "buy 3 ETH", "1.5 shares": ``value`` units of the traded instrument each
    trade, the number said at ``i`` (after a verb such as "trade" ending at ``j``) and its unit
    at ``k``. backtesting.py trades whole units (a size below 1 is a fraction of equity), so a
    part of a unit ("0.5 ETH", "0.01 BTC", "1.5 shares") is reported with that reason, never
    rounded; a contract is one unit of the quoted price (no multiplier), said in the echo."""
    note = None
    lot = s.longest(k, vocab.LOT_SIZES)
    coin = vocab.market_of(vocab.SYMBOL_NAMES.get(s.low(k), "").upper() or None) == "crypto"
    if lot is not None:
        if _price_units.pip_size(s) is None:
            return None  # a lot of a stock or a coin has no set size
        end, value = lot[0], value * lot[1]
        note = f"'{s.span_text(i, end)}' read as {value:,g} units of the currency pair"
    elif s.low(k) in vocab.CONTRACT_WORDS:
        end = k + 1
        note = (
            f"'{s.span_text(i, end)}' read as {value:g} units of the quoted price: "
            "backtesting.py has no contract multiplier, so each trade's profit is the price "
            "move times the contracts, not times the contract's dollar value"
        )
    elif coin:  # "buy 0.5 ETH": the coin's name is also the symbol, read on its own
        end = k
    elif s.low(k) in vocab.SHARE_NOUNS - vocab.UNIT_NOUNS:
        end = k + 1  # "100 shares", "1.5 shares"
    elif s.low(k) in vocab.SHARE_NOUNS and (s.low(k + 1) == "of" or _per_trade(s, k + 1)):
        end = k + 1  # "trade 500 units of EURUSD=X" ("use 4 units max": a cap)
    else:
        return None
    if value != int(value) or value < 1:
        return max(end, i + 1), "unparsed", vocab.PART_OF_A_UNIT_UNREAD
    end = _per_trade(s, end) or end
    return end, "meta", ("size_units", (int(value), note))


def stop_entry(s: Stream, i: int) -> Found:
    """ "buy when tomorrow trades above today's high", "short if the next bar breaks this bar's
    low": a stop order at the signal bar's high (low), good for the next bar only."""
    j = s.skip(i, vocab.WHEN_WORDS)
    nxt = s.first(j, vocab.NEXT_BAR_SUBJECTS)
    if nxt is None:
        return _break_of_the_bar_next(s, i)
    k = s.skip(nxt, vocab.BREAK_THROUGH_VERBS)
    side = s.low(k)
    if side not in ("above", "over", "below", "under", "through", "beyond") and k == nxt:
        return None
    k += side in ("above", "over", "below", "under", "through", "beyond")
    bar = s.first(k, vocab.SIGNAL_BAR_OWNERS)
    if bar is None or s.low(bar) not in ("high", "low"):
        return None
    return bar + 1, "meta", ("entry_stop", s.low(bar))


def _break_of_the_bar_next(s: Stream, i: int) -> Found:
    """ "(buy) a break of today's high tomorrow", "a break above this bar's high on the next
    bar": the same stop order, said as a noun with the next bar after it (without it, a break
    of the bar's own high is no rule: reported elsewhere)."""
    j = s.skip(i, vocab.INDEFINITE_ARTICLES)
    if s.low(j) not in vocab.BREAK_NOUNS:
        return None
    k = j + 1 + (s.low(j + 1) in vocab.BREAK_NOUN_LINKS)
    bar = s.first(k, vocab.SIGNAL_BAR_OWNERS)
    if bar is None or s.low(bar) not in ("high", "low"):
        return None
    after = s.first(bar + 1 + (s.low(bar + 1) == "on"), vocab.NEXT_BAR_SUBJECTS)
    return None if after is None else (after, "meta", ("entry_stop", s.low(bar)))


def price_order(s: Stream, i: int) -> Found:
    """ "buy stop above yesterday's high", "limit buy 2% below the close", "sell limit at the
    upper band", "buy at $150": an order at a price level, which Botlab does not place: its
    clause is listed back, saying so (never read as a condition on the bar)."""
    kind = s.low(i) in vocab.PRICE_ORDER_TYPES
    verb = s.low(i + kind)
    if verb not in vocab.PRICE_ORDER_VERBS:
        return None
    end = i + kind + 1 + (s.low(i + kind + 1) == "-")
    typed = not kind and s.low(end) in vocab.PRICE_ORDER_TYPES
    if typed and (verb == "sell" and s.low(end) == "stop" or s.low(end + 1) in vocab.LOSS_WORDS):
        return None  # "sell stop at 5% below entry": a long's stop loss
    priced = s.low(end) == "at" and s.low(end + 1) in vocab.CURRENCY_SIGNS
    if not (kind or typed or priced):
        return None
    level = s.number(end + 2) if priced else None
    close = level[0] if level else ops.clause_end(s, end + 1)
    return close, "meta", ("price_order", vocab.PRICE_ORDERS_UNBUILT)


def add_at_a_move(s: Stream, i: int) -> Found:
    """ "average down once if it falls 8%", "add a unit each time it drops another 5%", "buy
    more at -5% and -10%": a unit added at drops from the first entry's price (``add_drops``:
    the drops, and whether one drop repeats). Other sizes ("add another 25% if it drops 5%
    more", "double the position") are not built: the clause is listed back, saying so (never
    read as a second entry rule, nor as a stop)."""
    lead = s.first(i, vocab.ADD_AT_A_MOVE_LEADS)
    if lead is None:
        return None
    built = _average_down(s, i, max(lead, (s.longest(i, vocab.ADD_VERBS) or (lead,))[0]))
    if built is not None:
        return built
    end = ops.clause_end(s, lead)
    for k in range(lead, end):
        pct = s.percent(k)
        if pct is None:
            continue
        further = s.low(pct[0]) in vocab.FURTHER_MOVE_WORDS
        if further or s.low(k - 1) in vocab.FURTHER_MOVE_LEADS:
            return max(end, pct[0] + further), "unparsed", vocab.ADD_AT_A_MOVE_UNBUILT
    return None


def _average_down(s: Stream, start: int, k: int) -> Found:
    """After the words that add (``start`` to ``k``): "[once] if it falls 8% [below the
    entry]", "each time it drops another 5%", "at -5% and -10%"; with a part first ("another
    third if it drops 5% more"), the part of the position each drop buys (else a unit)."""
    said = _portion(s, k) or _portion_noun(s, k)
    part = None
    if said is not None and s.percent(k) is None:
        k, part = said
    got = _drops(s, start, s.skip(k, vocab.ONCE_WORDS))
    if got is None:
        return None
    end, (levels, each, way, span) = got
    return end, "meta", ("add_drops", (levels, each, way, span, [part] * len(levels)))


def _drops(s: Stream, start: int, k: int) -> tuple[int, tuple] | None:
    """The drops at which a part is added (see ``_average_down``): (end, (drops, whether the
    drop repeats, its way, the span said))."""
    each = s.longest(k, vocab.EACH_DROP)
    if each is not None:
        k = each[0]
    elif s.low(k) in ("if", "when", "on", "after"):
        k += 1
    elif s.low(k) == "at":  # "at -5% and -10%", "at 5% and 10% below the entry"
        drops = []
        while (pct := s.percent(k + 1)) is not None and (signed := _adverse(s, k + 1, pct)):
            drops.append(abs(pct[1]))
            k = signed
            if s.low(k) not in ("and", ",", "or") or s.percent(k + 1) is None:
                break
        end = _from_the_entry(s, k) if drops else None
        if end is None or drops != sorted(set(drops)):
            return None
        return end, (drops, False, "against", (start, end))
    else:
        return None
    k = s.skip(k, vocab.ARTICLES | vocab.PRICE_SUBJECTS)
    verb = s.longest(k, vocab.ADD_MOVE_VERBS)
    if verb is None:
        return None
    way = verb[1]
    k = s.skip(verb[0], vocab.FURTHER_MOVE_LEADS | {"a"})
    pct = s.percent(k)
    if pct is None or not 0 < abs(pct[1]) < 100:
        return None
    end = _from_the_entry(s, pct[0])
    if end is None:
        return None
    return end, ([abs(pct[1])], each is not None, way, (start, end))


def _adverse(s: Stream, k: int, pct: tuple[int, float]) -> int | None:
    """The end of a drop said at ``k``: "-5%", or "5%" with "below"/"lower"/"down" after it."""
    if pct[1] < 0 or s.low(k) == "-":
        return pct[0]
    return pct[0] if s.low(pct[0]) in vocab.FURTHER_MOVE_WORDS | {"down"} else None


def _from_the_entry(s: Stream, k: int) -> int | None:
    """The end of what may follow a drop ("more", "below the entry", "from my buy price"); None
    when something else follows in the clause (a drop of something else)."""
    k = s.skip(k, vocab.FURTHER_MOVE_WORDS | {"down", "from", "off", "under"})
    hit = s.longest(
        s.skip(k, vocab.ARTICLES | {"my", "our", "the", "first", "initial"}),
        vocab.ENTRY_PRICE_NOUNS,
    )
    if hit is not None:
        k = hit[0]
    if k < s.n and s.kind(k) not in ("punct", "nl") and s.low(k) not in vocab.AFTER_A_DROP:
        return None
    return k


def tranche_start(s: Stream, i: int) -> Found:
    """ "buy a third when RSI(2) < 10", "buy 1/3 if ...": the first part of a position entered
    in parts (the later parts are bought at drops, see ``add_at_a_move`` and ``last_part``)."""
    hit = s.longest(i, vocab.ACTIONS)
    if hit is None or hit[1] not in vocab.OPENING_SIDES or s.percent(hit[0]) is not None:
        return None
    part = _portion(s, hit[0]) or None
    if part is None or not 0 < part[1] < 1 or s.low(part[0] - 1) in vocab.SHARE_NOUNS:
        return None
    end = s.longest(part[0], vocab.PART_OF_A_POSITION)
    end = end[0] if end is not None else part[0]
    of_symbol = s.low(end) == "of" and (said := ticker(s, end + 1)) is not None
    condition = said[0] if of_symbol else end  # "buy half a position of TLT when ..."
    at_a_signal = s.low(condition) == "at" and s.kind(condition + 1) == "word"
    at_a_time = any(s.longest(condition, table) for table in (vocab.FILLS, vocab.AT_THE_OPEN))
    at_a_signal = at_a_signal and not at_a_time  # "buy half at the open when ...": a fill time
    if s.low(condition) not in ("when", "if", "on", "once", "whenever") and not at_a_signal:
        return None  # "buy half at the golden cross" is a signal; "buy half at 150", a price
    end += of_symbol  # the symbol itself is read as the symbol
    first = ("tranche_part", (part[1], (hit[0], end)))
    return end, "rules", [Item("action", hit[1], i, hit[0]), Item("meta", first, *first[1][1])]


def last_part(s: Stream, i: int) -> Found:
    """ "the rest at -10%", "the last third if it drops 10%": the last part of a position
    entered in parts, bought at that drop from the first entry."""
    hit = s.longest(i, vocab.REST_OR_LAST_PARTS)
    if hit is None:
        return None
    got = _drops(s, i, s.skip(hit[0], vocab.ONCE_WORDS))
    if got is None:
        return None
    end, (levels, each, way, span) = got
    if each or len(levels) != 1:
        return None
    return end, "meta", ("add_drops", (levels, each, way, span, ["rest"]))


def divergence_said_in_full(s: Stream, i: int) -> Found:
    """ "(bullish divergence:) price makes a lower low but RSI makes a higher low", "higher high
    in price, lower high in RSI", "price LL, RSI(14) HL": a divergence said by the swing each
    line makes, read as the RSI divergence it defines (price's latest swing low below the one
    before while RSI is higher there). Of another oscillator, or a hidden one, it is reported
    as not built, never read as two unrelated "the low is falling" conditions."""
    start = i
    said_way = None
    k = s.skip(i, vocab.DIVERGENCE_KINDS - {"hidden"})
    if k > i and s.low(k) in ("divergence", "divergences"):  # the name, said before its terms
        said_way = s.low(i)
        i = s.skip(k + 1, vocab.DIVERGENCE_LINKS)
    found = _divergence_swings(s, i)
    if found is None:
        return None
    end, price, line, other = found
    kind = vocab.DIVERGENCE_OF_SWINGS.get((price, other))
    if kind is None and said_way is None:
        return None  # "price makes a lower high and a lower low and RSI < 50": no divergence
    named = f"rsi_{kind}_divergence"
    unread = kind is None or named not in TABLE or line.family != "rsi"
    if unread or (said_way in ("bullish", "bearish") and said_way != kind):
        return end, "unparsed", vocab.DIVERGENCE_UNBUILT
    params = {"rsi_period": line.params["period"]} if "period" in line.params else {}
    cond = DCond("compare", Ind(named, params=params, pos=i), ">", Num(0.0), start=start, end=end)
    cond.notes.append(
        f"'{s.span_text(start, end)}' read as a {kind} RSI divergence (see its definition)"
    )
    return end, "cond", cond


def _divergence_swings(
    s: Stream, i: int
) -> tuple[int, tuple[str, str], Ind, tuple[str, str]] | None:
    """The end, price's swing, the oscillator and its swing of a divergence said in full,
    each swing said after its line ("price makes a lower low") or before it ("a lower low in
    price"), with only linking words between."""
    pairs: list[tuple[str | Ind, tuple[str, str]]] = []
    subject: str | Ind | None = None
    swing: tuple[str, str] | None = None
    k, end = i, i
    while k < s.n and len(pairs) < 2:
        if (hit := s.longest(k, vocab.DIVERGENCE_SWINGS)) is not None:
            k, swing = hit[0], hit[1]  # type: ignore[assignment]
        elif (hit := s.longest(k, vocab.DIVERGENCE_PRICE)) is not None:
            k, subject = hit[0], "price"
        elif (got := ops.parse_operand(s, k)) is not None and isinstance(got[1], Ind):
            k, subject = got[0], got[1]
        elif s.low(k) in vocab.DIVERGENCE_LINKS or s.longest(k, vocab.DIVERGENCE_LINKS):
            k = (s.longest(k, vocab.DIVERGENCE_LINKS) or (k + 1, None))[0]
            continue
        else:
            break
        if subject is not None and swing is not None:
            pairs.append((subject, swing))
            subject, swing, end = None, None, k
    if len(pairs) != 2 or subject is not None or swing is not None:
        return None
    (first, first_swing), (second, second_swing) = pairs
    if first == "price" and isinstance(second, Ind):
        return end, first_swing, second, second_swing
    if second == "price" and isinstance(first, Ind):
        return end, second_swing, first, first_swing
    return None


def other_divergence(s: Stream, i: int) -> Found:
    """ "a bullish divergence", "bearish divergence on MACD", "hidden divergence", "a bullish
    MACD divergence", "MACD divergence": a divergence not of RSI (which is read: "a bullish
    divergence on RSI", "RSI bullish divergence"), reported with the reason and the phrasing
    Botlab reads, never guessed."""
    if not any(s.low(k) in ("divergence", "divergences") for k in range(i, min(i + 8, s.n))):
        return None
    said = s.longest(i, vocab.KEYWORDS)
    if said is not None and said[1][0].endswith("_divergence"):
        return None  # an RSI divergence, read
    k = s.skip(i, vocab.DIVERGENCE_KINDS)
    line = ops.parse_operand(s, k)  # "bullish MACD divergence", "MACD bullish divergence"
    if line is not None and isinstance(line[1], Ind) and line[1].family != "rsi":
        k = s.skip(line[0], vocab.DIVERGENCE_KINDS)
    if k == i or s.low(k) not in ("divergence", "divergences"):
        return None
    end = k + 1
    if s.low(end) in ("on", "in", "with", "between", "of"):  # "... on MACD", "... on the OBV"
        end = s.skip(end + 1, vocab.ARTICLES)
        got = ops.parse_operand(s, end)
        end = got[0] if got is not None else end + (s.kind(end) == "word")
    return end, "unparsed", vocab.DIVERGENCE_UNBUILT


def tranches(s: Stream, i: int) -> Found:
    """ "buy in three tranches", "enter in 3 parts": an entry split into parts, not built."""
    start = i + (s.low(i) == "in")  # "in" may be read with the action ("buy in")
    got = s.number(start)
    if got is None or s.low(got[0]) not in vocab.TRANCHE_NOUNS or s.low(start - 1) != "in":
        return None
    return got[0] + 1, "unparsed", vocab.TRANCHES_UNBUILT


def leverage(s: Stream, i: int) -> Found:
    """ "use 2x leverage", "3:1 margin", "leverage of 2", "leveraged 2x", "with 2 times
    leverage", "a 50% margin" (a margin requirement: 2x)."""
    before = i - 1
    while s.low(before) in vocab.LEVERAGE_LEAD:
        before -= 1
    if s.low(before) == "by":
        return None  # "above the SMA by a margin of 2%": a distance, not leverage
    k = s.skip(i, vocab.LEVERAGE_LEAD)
    ratio = _ratio(s, k)
    if ratio is not None and s.low(ratio[0]) in vocab.LEVERAGE_WORDS:
        return ratio[0] + 1, "meta", ("leverage", ratio[1])
    pct = s.percent(k)
    if pct is not None and s.low(pct[0]) == "margin" and pct[1] >= vocab.LEAST_MARGIN_PCT:
        return pct[0] + 1, "meta", ("leverage", 100 / pct[1])
    if s.low(k) not in vocab.LEVERAGE_WORDS:
        return None
    j = s.skip(k + 1, vocab.AMOUNT_LINKS | {"at", "to", "ratio"})
    pct = s.percent(j)
    if s.low(k) == "margin" and pct is not None and pct[1] >= vocab.LEAST_MARGIN_PCT:
        return pct[0], "meta", ("leverage", 100 / pct[1])
    ratio = _ratio(s, j)
    if ratio is None and s.low(k) != "margin":
        got = s.number(j)  # "leverage of 2"
        ratio = got if got is not None and s.low(got[0]) != "%" else None
    if ratio is None:  # "with margin", "use leverage": how much is not said
        said = s.low(i) in vocab.LEVERAGE_LEAD or s.low(k - 1) == "on"
        return (k + 1, "unparsed", vocab.LEVERAGE_UNSAID) if said else None
    return ratio[0], "meta", ("leverage", ratio[1])


def _ratio(s: Stream, k: int) -> tuple[int, float] | None:
    """ "2x", "2 times", "3:1", "3 to 1": a multiple of the account."""
    got = s.number(k)
    if got is None:
        return None
    end, value = got
    if s.low(end) in vocab.TIMES_WORDS:
        return end + 1, value
    if s.low(end) in (":", "to") and s.low(end + 1) == "1":
        return end + 2, value
    return None


def _after_closing_action(s: Stream, i: int) -> bool:
    """A sell, exit or cover action ends just before ``i``."""
    for k in range(max(i - 3, 0), i):
        hit = s.longest(k, vocab.ACTIONS)
        if hit is not None and hit[0] == i and hit[1] in vocab.CLOSING_SIDES:
            return True
    return False


def _shares_said_before(s: Stream, i: int) -> list[float]:
    """The numbers of shares said before ``i``, in order ("buy 100 shares ..., sell 100
    shares")."""
    said = (s.number(k) for k in range(i))
    return [got[1] for got in said if got is not None and s.low(got[0]) in vocab.SHARE_NOUNS]


def add_on(s: Stream, i: int) -> Found:
    """ "add a unit", "add to the position", "pyramid": an action whose conditions add a unit."""
    hit = s.longest(i, vocab.ADD_VERBS)
    if hit is None:
        return None
    end = hit[0]
    bare = s.low(i) in ("add", "adds") and end == i + 1 and s.low(end) not in vocab.ADD_WHEN
    if bare and s.first(end, vocab.AT_MOST) is None:  # "add up to two more units on each ..."
        return None  # a bare "add" needs "a unit" / "to the position" / "on each new high"
    return end, "action", "add"


def max_units(s: Stream, i: int) -> Found:
    """ "at most 3 units", "up to 3 units", "max 3 units", "a maximum of 4 entries"."""
    j = i
    j = s.first(j, vocab.AT_MOST)
    if j is None:
        return None
    times = _add_count(s, i, j)
    if times is not None:
        return times[0], "meta", ("max_adds", times[1])
    got = s.number(j)
    if got is None:
        return None
    k, value = got
    shares = s.low(k) in vocab.SHARE_NOUNS and s.low(k) not in vocab.UNIT_NOUNS
    if shares and value == int(value) and value >= 1:
        end = k + 1  # "up to 50 shares total": a cap on the position, in shares
        end = s.phrase(end, "in total") or s.phrase(end, "total") or end
        return end, "meta", ("max_shares", int(value))
    if s.low(k) in vocab.ADDED_UNIT_NOUNS:
        return k + 1, "meta", ("max_adds", int(value))
    if s.low(k) in vocab.MORE_UNITS and s.low(k + 1) in vocab.UNIT_NOUNS:
        return k + 2, "meta", ("max_adds", int(value))  # "up to two more units"
    if s.low(k) not in vocab.UNIT_NOUNS:
        return None
    end = s.first(k + 1, vocab.IN_ALL) or k + 1  # "up to 4 units total"
    return end, "meta", ("max_units", int(value))


def _add_count(s: Stream, i: int, j: int) -> tuple[int, int] | None:
    """ "at most twice" at ``j`` (after "at most" at ``i``), said after an add action in the
    same sentence ("add on a pullback to the 20 EMA, at most twice"): the end and the number of
    adds. Elsewhere the count is no unit count, so it is left unread. ("up to 3 times" counts
    units, the first entry with them: ``UNIT_NOUNS``.)"""
    count = vocab.ADD_COUNT_WORDS.get(s.low(j))
    if count is None:
        return None
    start = next((k for k in range(i - 1, -1, -1) if s.low(k) in (".", "!", "?", ";")), -1)
    if not any(s.longest(k, vocab.ADD_VERBS) for k in range(start + 1, i)):
        return None
    return j + 1, count


def scale_out_in_parts(s: Stream, i: int) -> Found:
    """ "take profits in thirds at 5%, 10% and 15% above entry": a third sold at each of the
    first levels, the last part's level a target for the rest (as "sell a third at +5%,
    another third at +10%, the last third at +15%" reads); with one level fewer than parts
    the rest closes on the exit rule."""
    verb = next(
        (v for v in sorted(vocab.SCALE_OUT_VERBS, key=len, reverse=True) if s.phrase(i, v)), None
    )
    if verb is None:
        return None
    j = s.phrase(i, verb) or i
    j = s.skip(j, frozenset({"profits", "profit", "off", "out", "the", "position"}))
    if s.low(j) != "in" or s.low(j + 1) not in vocab.EQUAL_PARTS:
        return None
    parts = vocab.EQUAL_PARTS[s.low(j + 1)]
    k = s.skip(j + 2, frozenset({"at", "of", ":"}))
    levels: list[float] = []
    while (pct := s.percent(s.skip(k, frozenset({"+"})))) is not None:
        levels.append(abs(pct[1]))
        k = pct[0]
        if s.low(k) in (",", "and") or s.phrase(k, ", and"):
            k = s.skip(k, frozenset({",", "and"}))
    if len(levels) not in (parts - 1, parts) or levels != sorted(levels):
        return None
    k = s.skip(k, vocab.TARGET_TAILS)
    items = [Item("meta", ("scale_out", (1 / parts, level)), i, k) for level in levels[: parts - 1]]
    if len(levels) == parts:  # the last part at its level: a target for the rest
        items.append(Item("risk", ("tp", levels[-1]), i, k))
    return k, "rules", items


def scale_out(s: Stream, i: int) -> Found:
    """ "sell half at +10%", "take half off at a 10% gain", "sell 50% of the position at 10%
    profit", "scale out of half at +10%"."""
    j = i
    verbs = vocab.SCALE_OUT_VERBS
    for verb in sorted(verbs, key=len, reverse=True):
        end = s.phrase(j, verb)
        if end is not None:
            j = end
            break
    again = s.first(j, vocab.SCALE_OUT_AGAIN)  # "(sell) another third at +10%"
    if again is None and j == i:
        if not _after_a_scale_out(s, i):
            return None
        again = i  # "close 1/3 at +4%, 1/3 at +8%": the list of levels goes on
    part = _portion(s, j) if again is None else _portion(s, again) or _portion_noun(s, again)
    if part is None:
        return None
    k, fraction = part
    k = s.skip(k, vocab.SCALE_OUT_FILLERS)
    if s.low(k) not in ("at", "when", "once", "on", "if", "after"):
        return None
    when = k
    k = s.skip(k + 1, vocab.TARGET_FILLERS)
    pct = s.percent(k)
    if pct is None:
        units = _scale_out_in_units(s, k, fraction)
        if units is None and again is None:  # "sell half when RSI crosses 70": on a signal
            said = [Item("action", "scale_out_on", i, when)]
            return when, "rules", [*said, Item("meta", ("scale_out_fraction", fraction), i, when)]
        return units
    if pct[1] < 0:
        return None  # "the last third at -10%": a part bought (or sold) at a loss, not a gain
    end = pct[0]
    if s.low(end) in ("gain", "profit", "up", "in"):
        end += 1
        end = s.optional(end, "profit")
    if j == i and _last_action(s, i) in vocab.SCALE_IN_ACTIONS:
        # "buy a third at the first signal, ..., the final third at 10% higher": buying in parts
        end = s.skip(end, vocab.PART_PRICE_TAILS)
        return end, "unparsed", vocab.PARTS_NOT_BUILT
    return end, "meta", ("scale_out", (fraction, abs(pct[1])))


def _last_action(s: Stream, i: int) -> str | None:
    """The side of the sentence's last action word before ``i``."""
    for k in range(i - 1, -1, -1):
        if s.low(k) in (".", ";", "!", "\n"):
            return None
        if any(s.phrase(k, verb) for verb in vocab.SCALE_OUT_VERBS if verb != "close"):
            return "sell"  # "take a third off at 10%, then another third at 20%"
        hit = s.longest(k, vocab.ACTIONS)
        if hit is not None and hit[0] <= i:
            return hit[1]
    return None


def _scale_out_in_units(s: Stream, k: int, fraction: float) -> Found:
    """ "take a third off at 2R": a scale-out in R, converted once the stop is known; "sell
    half at 2x ATR", "take half off at 2 ATR(10)": a scale-out that many ATRs beyond the
    entry price."""
    got = s.number(k)
    if got is None:
        return None
    end = got[0] + (s.low(got[0]) in vocab.TIMES_WORDS)
    unit = s.longest(end, vocab.R_UNITS)
    if unit is not None:
        return unit[0], "meta", ("scale_out_r", (fraction, got[1]))
    if s.low(end) not in vocab.ATR_WORDS:
        return None
    k, nums, _ = ops.parse_suffix_params(s, end + 1)  # "2 ATR(10)"
    period = nums[0][0] if nums else None
    return k, "meta", ("scale_out_atr", (fraction, got[1], period))


def _after_a_scale_out(s: Stream, i: int) -> bool:
    """A scale-out ends just before the comma (or "and", "then") at ``i - 1``."""
    if s.low(i - 1) not in (",", "and", "then"):
        return False
    for k in range(max(0, i - 16), i - 1):
        got = scale_out(s, k)
        if got is not None and got[0] == i - 1 and got[1] == "meta":
            return True
    return False


def _portion_noun(s: Stream, j: int) -> tuple[int, float] | None:
    """ "third", "quarter" after "another": the part its article would say ("a third")."""
    value = vocab.PORTIONS.get(f"a {s.low(j)}")
    return None if value is None else (j + 1, value)


def _portion(s: Stream, j: int) -> tuple[int, float] | None:
    """ "half", "a third", "two thirds", "1/3", "25%": a part of the position."""
    for phrase in sorted(vocab.PORTIONS, key=len, reverse=True):
        end = s.phrase(j, phrase)
        if end is not None:
            return end, vocab.PORTIONS[phrase]
    top, bottom = s.number(j), s.number(j + 2) if s.low(j + 1) == "/" else None
    if top is not None and bottom is not None and 0 < top[1] < bottom[1]:
        return bottom[0], top[1] / bottom[1]  # "1/3", "2/3"
    pct = s.percent(j)
    if pct is not None and 0 < pct[1] < 100:
        return pct[0], pct[1] / 100
    return _shares_of_the_position(s, j)


def _shares_of_the_position(s: Stream, j: int) -> tuple[int, float] | None:
    """ "(buy 50 shares ..., sell) 25 shares": that part of the shares bought."""
    part = s.number(j)
    if part is None or s.low(part[0]) not in vocab.SHARE_NOUNS:
        return None
    whole = next((n for n in _shares_said_before(s, j) if n > part[1] > 0), None)
    return None if whole is None else (part[0] + 1, part[1] / whole)


def rest(s: Stream, i: int) -> Found:
    """ "the rest", "the remainder": what is left after scaling out, sold by the exit rule."""
    hit = s.longest(i, vocab.REST_PHRASES)
    if hit is None:
        return None
    end = hit[0]
    got = s.first(end, vocab.ON_EXIT)
    if got is not None:
        return got, "meta", ("rest", None)
    target = _rest_target(s, end)
    if target is not None and _last_action(s, i) in vocab.SCALE_IN_ACTIONS:
        # "buy half when RSI(2) < 10, the other half at 3% lower": the rest bought later
        return s.skip(target[0], vocab.PART_PRICE_TAILS), "unparsed", vocab.PARTS_NOT_BUILT
    if target is not None:  # "(sell half at +5%,) the rest at +10%": a target for the rest
        return target
    if s.low(end) in ("when", "if", "once", "whenever", "on", "at", "after"):
        halves = s.longest(i, vocab.SECOND_HALF) is not None
        if halves and _last_action(s, i) in vocab.SCALE_IN_ACTIONS:
            # "buy half when RSI(2) < 10 and the other half if it drops under 5": bought on
            # that signal while holding the first half, never an exit
            second = ("second_half", (i, end))
            return end, "rules", [Item("action", "add", i, end), Item("meta", second, i, end)]
        return end, "action", "exit"  # "the rest when RSI is above 70": the exit rule
    return end, "meta", ("rest", None)


def _rest_target(s: Stream, k: int) -> Found:
    """ "at +10%", "at a 10% gain", "at 2R" after "the rest": the target of what is left, never
    a level of an indicator named earlier."""
    if s.low(k) not in ("at", "for", "on", "with"):
        return None
    k = s.skip(k + 1, frozenset({"a", "an", "+", "the"}))
    pct = s.percent(k)
    if pct is not None and s.low(pct[0]) in vocab.STOP_NOUNS_AFTER_A_SIZE:
        return None  # "let the rest run with a 5% trailing stop": a stop, read on its own
    if pct is not None:
        end = pct[0] + (1 if s.low(pct[0]) in vocab.PROFIT_WORDS else 0)
        return end, "risk", ("tp", pct[1])
    got = s.number(k)
    hit = None if got is None else s.longest(got[0], vocab.R_UNITS)
    if got is None or hit is None:
        return None
    return hit[0], "risk", ("r_tp", got[1])


def invested(s: Stream, i: int) -> Found:
    """ "invested November through April", "stay invested": holding. "hold SPY except in
    September", "buy and hold QQQ but stay out in September": holding, but for the months said
    to be avoided later in the sentence (without them, buy and hold needs no bot). Opening a
    description that sells later ("hold SPY, but sell in May and buy back in November"), it says
    the position is a long: the sell closes it, it is not a short sale."""
    cap = s.longest(i, vocab.HOLD_WORDS)
    if cap is not None and {"than", "most", "up"} & {s.low(k) for k in range(i, cap[0])}:
        return None  # "hold no longer than 15 days": a time exit, not holding
    hit = s.longest(i, vocab.INVESTED_WORDS)
    if hit is None:
        hit = s.longest(i, vocab.HOLDING)
        if hit is None or s.low(hit[0]) in ("for", "until", "till", "while", "through"):
            return None  # "buy when X and hold for 5 days": a time exit of another rule
        if any(s.longest(k, vocab.ACTIONS) for k in range(i)):
            return None
        if not _months_avoided_after(s, hit[0]) and not _months_held_after(s, hit[0]):
            later = (s.longest(k, vocab.ACTIONS) for k in range(hit[0], s.n))
            if i == 0 and any(a is not None and a[1] == "sell" for a in later):
                return hit[0], "direction", "long"  # "hold SPY, but sell in May ...": a long
            return None
    return hit[0], "action", "buy"


def average_filter(s: Stream, i: int) -> Found:
    """ "with a 200 EMA filter", "a 200-day moving average filter", "200 sma trend filter", "a
    200 day filter": the close above that average (an SMA unless said), a condition every long
    entry must also meet."""
    j = s.skip(i, frozenset({"with", "using", "plus", "and", "a", "an", "the"}))
    if j == i and s.low(i - 1) not in ("", ",", ".", ";", ":"):
        return None  # "the 200 sma filter" said inside another phrase is not this
    got = ops.parse_operand(s, j)
    lines = (*vocab.MA_FAMILIES, "bare")  # "a 200 day filter": the 200-day average
    if got is None or not isinstance(got[1], Ind) or got[1].family not in lines:
        return None
    end, average = got
    end = s.skip(end, frozenset({"trend", "regime", "market"}))
    if s.low(end) != "filter" or "period" not in average.params:
        return None
    family = average.family if average.family in ("sma", "ema") else "sma"
    average.family = family
    note = (
        f"'{s.span_text(j, end + 1)}' read as the close above the {average.params['period']:g}-bar "
        f"{family.upper()} (a condition of every entry)"
    )
    cond = DCond("compare", Price("close"), ">", average, notes=[note], start=j, end=end + 1)
    items = [Item("action", "average_filter", i, j), Item("cond", cond, j, end + 1)]
    return end + 1, "rules", items


def _months_avoided_after(s: Stream, i: int) -> bool:
    """Months to stay out of are said later in the same sentence ("... except in September")."""
    k = i
    while k < s.n and s.low(k) not in vocab.STRONG_SEPARATORS and s.kind(k) != "nl":
        if s.longest(k, vocab.AVOID_WORDS) is not None and avoid_months(s, k) is not None:
            return True
        k += 1
    return False


def _months_held_after(s: Stream, i: int) -> bool:
    """Months to hold are said right after holding, in the same clause ("hold SPY in December
    only", "hold QQQ from the end of October through the end of April")."""
    k = i
    while k < s.n and s.low(k) not in vocab.CLAUSE_ENDS and s.longest(k, vocab.ACTIONS) is None:
        if s.low(k) in vocab.MONTH_RANGE_INTROS and months(s, k) is not None:
            return True
        k += 1
    return False


def _window_of_the_traded(s: Stream, i: int) -> Found:
    """ "only trade AAPL between 9:45 and 11:30", "only trade it after 10am": a time window
    entries are taken in, with the traded symbol (read next) or "it" between the lead and the
    window's first word."""
    lead = s.longest(i, vocab.WINDOW_LEADS)
    if lead is None:
        return None
    if s.low(lead[0]) in ("it", "them"):
        return (lead[0] + 1, "action", "filter") if _opens_a_window(s, lead[0] + 1) else None
    symbol = ticker(s, lead[0])
    if symbol is None or not _opens_a_window(s, symbol[0]):
        return None
    return lead[0], "action", "filter"


def _opens_a_window(s: Stream, k: int) -> bool:
    """A time window starts at ``k`` ("between 9:45 and 11:30", "after 10am")."""
    return s.low(k) in vocab.WINDOW_EDGES and s.kind(k + 1) == "num"


def _opening_then_only_when(s: Stream, i: int) -> Found:
    """ "Buy AAPL only when SPY is above its 200-day ...; entry signal is ...": the symbol said
    between the action and "only when" makes the action a filter all the same (the symbol is
    read next); with no other buy rule the filter is the buy rule."""
    hit = s.longest(i, vocab.ACTIONS)
    if hit is None or hit[1] not in ("buy", "enter"):
        return None
    k = s.skip(hit[0], vocab.ARTICLES)
    symbol = ticker(s, k)
    if symbol is None or s.longest(symbol[0], vocab.ONLY_WHEN) is None:
        return None
    return hit[0], "action", "filter"


def _dated_entry_lead(s: Stream, i: int) -> Found:
    """ "Only enter on Tuesdays, Wednesdays and Thursdays", "entries only in January": the days
    or months every entry must fall on, whether said before or after the entry rule (a second
    "enter" rule would be ORed with the first, buying every Tuesday). The preposition stays."""
    hit = s.longest(i, vocab.DATED_ENTRY_LEADS)
    if hit is None or s.low(hit[0]) not in vocab.WEEKDAYS.keys() | vocab.MONTHS.keys():
        return None
    return hit[0] - 1, "action", "filter"


def entry_filter(s: Stream, i: int) -> Found:
    """ "only buy when ...", "only trade if ...": conditions every entry must also meet; so is
    "only ..." said after the exit rule ("rsi(3) < 15 buy, rsi(3) > 85 sell, only above the
    200 day"), which restricts when trades are taken, not when they are closed; and so is a
    sentence that opens with "only when ..." ("only when QQQ is above its 50-day SMA: buy ...")."""
    dated = _dated_entry_lead(s, i)
    if dated is not None:
        return dated
    hit = s.longest(i, vocab.ENTRY_FILTERS)
    if hit is not None:  # "but only when" after an exit is the exit's: see _parse
        return hit[0] - 1, "action", hit[1]  # "when"/"if" stays, introducing the condition
    tail = s.longest(i, vocab.FILTER_TAILS) if i > 0 else None
    if tail is not None and _a_condition_ends_at(s, i):
        return tail[0], "action", "filter"  # "SPY above its 200-day SMA as the market filter"
    said = _opening_then_only_when(s, i) or _window_of_the_traded(s, i)
    if said is not None:
        return said
    hit = s.longest(i, vocab.AVOID_FILTERS)  # "don't trade when ...", "unless ..."
    if hit is not None:
        return hit[0] - (s.low(hit[0] - 1) in vocab.WHEN_WORDS), "action", "avoid"
    end = s.first(i, vocab.AVOID_ACTIONS)
    if end is not None and s.low(end) in ("", ".", ";", "!", ",", "\n"):
        # "if ATR% > 3 dont trade.": said after a sentence opening "if"/"when" (and not
        # "otherwise don't trade", an exit)
        opening = i
        while s.low(opening - 1) not in ("", ".", ";", "!", "\n"):
            opening -= 1
        after = s.low(i - 1) not in ("", ".", ";", "!", "\n", "otherwise", "else")
        if after and s.low(opening) in vocab.WHEN_WORDS:
            return end, "action", "avoid"
    named = _filter_naming_the_traded(s, i)
    if named is not None:
        return named
    if s.low(i - 1) in ("", ".", ";", "!", "\n") and s.first(i, vocab.FILTER_OPENINGS):
        return i + 1, "action", "filter"
    titled = s.longest(i, vocab.FILTER_TITLES)
    if s.low(i - 1) in ("", ".", ";", "!", "\n") and titled and s.low(titled[0]) in (":", "="):
        return titled[0] + 1, "action", "filter"  # "market filter: SPY close > 200 ema."
    if (
        s.low(i - 1) in ("", ".", ";", "!", "\n")
        and titled
        and s.longest(titled[0], vocab.KEYWORDS)
    ):
        return titled[0], "action", "filter"  # "Trend filter ADX(20) above 30; long when ..."
    trailing = s.low(i) == "only" and s.low(i - 1) in (",", ";", ".", "")
    if trailing and s.low(i + 1) in vocab.FILTER_LEADS and _last_action_exits(s, i):
        return i + 1, "action", "filter"
    return _market_proviso(s, i)


def _a_condition_ends_at(s: Stream, i: int) -> bool:
    """The words of ``i``'s clause before it are one condition ("weekly MACD histogram rising",
    "using SPY above its 200-day SMA"), not a line alone ("I use the 200 SMA as my filter")."""
    start = i
    while (
        start > 0
        and s.low(start - 1) not in (".", ";", ",", "!", "?")
        and s.kind(start - 1) != "nl"
    ):
        start -= 1
    for k in range(start, i):
        got = ops.parse_condition(s, k)
        if got is not None and got[1] is not None and got[0] == i:
            return True
        other = market_filter(s, k)  # "SPY above its 200-day SMA": another symbol's
        if other is not None and other[0] == i:
            return True
    return False


def _market_proviso(s: Stream, i: int) -> Found:
    """ "..., sell above 70, provided QQQ closes above its 20 EMA", "..., as long as the S&P 500
    (SPY) is over its 200 SMA": a proviso after the exit rule on another symbol's trend is a
    market filter, which restricts when trades are taken (as "only when" said there does),
    never when they are closed: a sell that waits for the market's uptrend would hold through
    every fall of it. The condition is read next (:func:`market_filter`)."""
    hit = s.longest(i, vocab.PROVISOS) if s.low(i - 1) in (",", ";") else None
    if hit is None or not _last_action_exits(s, i):
        return None
    said = market_filter(s, hit[0])
    if said is None or not isinstance(said[2], DCond) or said[2].a is None:
        return None
    symbol = getattr(said[2].a, "symbol", None)
    if symbol is None or not _another_ticker(s, symbol):
        return None  # "..., as long as AAPL is above its 200 SMA" on AAPL: the exit's own
    return hit[0], "action", "filter"


def _filter_naming_the_traded(s: Stream, i: int) -> Found:
    """ "only go long NVDA when SMH ...", "only buy XLK if ...", "trade QQQ only when SPY ...":
    the filter phrase with the traded symbol between its verb and "(only) when"."""
    for k in range(i + 1, min(i + 5, s.n)):
        got = ticker(s, k)
        if got is None:
            continue
        when = got[0] + (s.low(got[0]) == "only")
        if s.low(when) not in vocab.WHEN_WORDS:
            continue
        said = " ".join(s.low(n) for n in [*range(i, k), *range(got[0], when + 1)])
        if vocab.ENTRY_FILTERS.get(said) is None:
            continue
        symbol = Item("meta", ("symbol", got[1]), k, got[0])
        return when, "rules", [Item("action", "filter", i, k), symbol]
    return None


def _last_action_exits(s: Stream, i: int) -> bool:
    """The last action before ``i`` closes trades and an entry action came before it."""
    sides = [hit[1] for k in range(i) if (hit := s.longest(k, vocab.ACTIONS)) is not None]
    opens = vocab.SCALE_IN_ACTIONS & set(sides)
    return bool(sides) and sides[-1] in vocab.CLOSING_SIDES and bool(opens)


def later_exit(s: Stream, i: int) -> Found:
    """ "2 days later" after an exit verb ("exit at the close 2 days later")."""
    if not any(s.low(k) in vocab.EXIT_VERB_WORDS for k in range(i - 5, i)):
        return None
    got = ops.parse_bars(s, i)
    if got is None or s.low(got[0]) != "later":
        return None
    end, bars, note = got
    return end + 1, "risk", ("time", (bars, note))


def style(s: Stream, i: int) -> Found:
    """ "sell in May (and go away)", "turn of the month": seasonal strategies with a default."""
    hit = s.longest(i, vocab.SEASONAL_STYLES)
    if hit is None:
        return None
    end, name = hit
    buys = s.says(vocab.BUY_WORDS) or s.says(("back",))
    if end == i + 3 and s.low(i) == "sell" and (s.tokens[i + 2].text != "May" or buys):
        return None  # "buy in November, sell in May": an exit rule, not the style
    if end > i + 3 and s.low(i) == "sell" and buys:
        # "sell in May and go away, buy back in November": the saying names the exit, the
        # buy rule the month to come back; "and go away" adds nothing to read
        may = When("calendar", unit="month", values=(5,), start=i + 1, end=i + 3)
        return end, "rules", [Item("action", "sell", i, i + 1), Item("cond", may, i + 1, end)]
    end = s.optional(end, vocab.SEASONAL_NOUNS)
    return end, "style", name


RECOGNISERS = (
    held_days,
    next_close,
    session_end,  # before the fills: "at the close of the London session" is a time
    day_end,  # before the fills: "at the close of the session" is the day's last bar
    avoid_months,
    avoid_times,
    trade_only_in_session_edges,
    opening_move,  # before a bar's move: "the first 5-minute candle is green" is the day's
    style,
    average_filter,
    entry_filter,
    invested,
    later_exit,
    scale_out_in_parts,
    scale_out,
    tranche_start,
    last_part,  # before "the rest": "the rest at -10%" is a part bought, not a target
    rest,
    pair_trade,
    conditional_size,
    stop_entry,  # before the price orders: "when tomorrow trades above today's high" is built
    price_order,
    add_at_a_move,
    divergence_said_in_full,
    other_divergence,
    tranches,
    sizing,
    leverage,
    max_units,
    add_on,
    conditions_together,  # before the fills: "X and Y on the same day" is no fill
    fill,
    clock_point,
    named_session,
    range_definition,  # before the windows: "mark the high and low between ..."
    time_window,
    weekday,
    date_of_a_month,
    date_of_month,
    trading_day,
    half_month,
    month_edge,
    months,
    fade,
    gap,
    timeframe,
    zero_line_cross,
    signal_line_cross,
    symbol_ratio,
    checking_period,
    rotation,
    relative_strength,
    market_filter,
)
