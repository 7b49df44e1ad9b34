"""Times of the day as written ("9:30", "11am", "00:00-07:00 UTC") and the trading sessions named
by their market ("the London session", "the Asian range"), read for both a window to trade in
(``_parse_rules.time_window``) and the bars a range is taken over (``_operands``: "the Asian
high"). Every time is a minute of the day on the data's own clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.generation import _vocabulary as vocab
from engine.generation._indicator_table import clock
from engine.generation._tokens import Stream

#: How a zone said after a window is read, echoed: Botlab never shifts the data's clock.
ZONE_NOTE = (
    "read as the data's own clock (the exchange's time for stocks, UTC for Yahoo's crypto bars)"
)


@dataclass
class Window:
    """Minutes ``start`` up to (not including) ``stop`` of each day, said from ``end``'s
    token back; ``notes`` say how it was read; ``problem``: why it cannot be read as said (a
    time zone other than the data's clock)."""

    end: int
    start: int
    stop: int
    notes: list[str] = field(default_factory=list)
    problem: str | None = None


@dataclass
class Zone:
    """A time zone said after a time ("9:30 ET", "14:30 UTC") up to token ``end``: ``note`` says
    it is the data's own clock, else ``problem`` says why it is not read (Botlab never shifts
    the data's clock, and a zone with daylight saving is no fixed shift from another)."""

    end: int
    note: str | None = None
    problem: str | None = None


def zone_after(s: Stream, i: int) -> Zone | None:
    """The zone said at ``i``, judged against the clock of the data of the market traded
    (:data:`vocab.DATA_CLOCKS`: Yahoo's bars of a US stock in New York time, crypto in UTC)."""
    said = s.longest(i, vocab.CLOCK_ZONES)
    if said is None:
        return None
    end, zone = said
    words = s.span_text(i, end)
    data = vocab.DATA_CLOCKS.get(vocab.MARKET.get())
    if zone == "exchange" or (data is not None and zone == data[0]):
        clock_said = data[1] if data is not None else "the exchange's own clock"
        return Zone(end, note=f"'{words}' is the data's own clock ({clock_said})")
    if data is None:  # a currency pair's: read as said on the data's clock, echoed
        return Zone(end, note=f"'{words}' {ZONE_NOTE}")
    problem = (
        f"A time said in {words} is not read: Botlab reads a time of the day on the data's "
        f"own clock ({data[1]}) and does not convert between zones (daylight saving moves "
        f"them apart through the year). Say the time in {data[0]} time, for example {data[2]}."
    )
    return Zone(end, problem=problem)


def clock_time(s: Stream, i: int) -> tuple[int, int, bool] | None:
    """ "9:30", "11am", "3:55 pm", "15:00", "11": (the end, minutes after midnight, whether it
    was written as a time: with minutes or am/pm)."""
    tok = s.tokens[i] if 0 <= i < s.n else None
    if tok is None or tok.kind != "num" or not tok.text.isdigit() or int(tok.text) > 24:
        return None
    hour, minute, end = int(tok.text), 0, i + 1
    said = False
    if s.low(end) == ":" and s.kind(end + 1) == "num" and len(s.tokens[end + 1].text) == 2:
        minute, end, said = int(s.tokens[end + 1].text), end + 2, True
        if minute > 59:
            return None
    half = s.longest(end, vocab.AM_PM)
    if half is not None and 1 <= hour <= 12:
        hour, end, said = hour % 12 + half[1], half[0], True
    if hour * 60 + minute >= 24 * 60:
        return None
    return end, hour * 60 + minute, said


def clock_window(s: Stream, i: int) -> Window | None:
    """ "between 9:30 and 11am", "from 10:00 to 15:00", "9am-5pm utc": from the first time up to
    (not including) the second. One of the times must be written as a time ("9:30", "11am"):
    "between 10 and 15" is a level's range. An hour without am/pm before the first time is in
    the afternoon ("between 10 and 2pm"). A zone said after it is the data's own clock, said."""
    k = i + 1 if s.low(i) in vocab.TIME_WINDOW_LEADS else i
    first = clock_time(s, k)
    if first is None:
        return None
    k, start, said_first = first
    if s.low(k) in vocab.RANGE_JOINERS:
        k += 1
    elif not (k < s.n and s.tokens[k].joined):  # "9am-5pm": the hyphen joins the two
        return None
    second = clock_time(s, k)
    if second is None or not (said_first or second[2]):
        return None
    end, stop, _ = second
    if stop <= start and stop < 12 * 60:
        stop += 12 * 60  # "from 10:00 to 3": the afternoon
    if stop <= start:
        return None
    zone = zone_after(s, end)
    if zone is None:
        return Window(end, start, stop)
    # a window that defines a range keeps the zone read on the data's clock, said
    note = zone.note or f"'{s.span_text(end, zone.end)}' {ZONE_NOTE}"
    return Window(zone.end, start, stop, [note], zone.problem)


def bracketed_window(s: Stream, i: int) -> Window | None:
    """ "(00:00-07:00 UTC)" at ``i``: the window in brackets, its end after the closing one."""
    if s.low(i) != "(":
        return None
    window = clock_window(s, i + 1)
    if window is None or s.low(window.end) != ")":
        return None
    window.end += 1
    return window


def named_session(s: Stream, i: int, bare: bool = False) -> Window | None:
    """ "the London session", "the Asian session (00:00-06:00 UTC)", and with ``bare`` (after
    "during") "London": a session named by its market, as a window to trade in (see
    :func:`session_window`). Without ``bare`` the name needs its noun ("session", "hours"):
    "London" alone may be a place or a word of a name."""
    k = s.skip(i, frozenset({"the"}))
    hit = s.longest(k, vocab.SESSION_HOURS)
    if hit is None:
        return None
    end = s.optional(hit[0], vocab.SESSION_NOUNS)
    if end == hit[0] and not bare and bracketed_window(s, end) is None:
        return None
    return session_window(s, i, end, hit[1])  # type: ignore[arg-type]


def session_window(s: Stream, i: int, end: int, hours: tuple[int, int] | None) -> Window | None:
    """The hours of a session named from ``i`` to ``end``: those in brackets at ``end``
    ("London (08:00-12:00 UTC)": the writer's, they win), else its usual ones,
    :data:`vocab.SESSION_HOURS` (UTC, read on the data's own clock, said), else None (no
    one-day window is known: Sydney's crosses midnight, "the overnight range" needs hours)."""
    said = bracketed_window(s, s.optional(end, "only"))  # "London session only (08:00-12:00)"
    if said is not None:
        return said
    defined = defined_range(s, i)
    if defined is not None:  # "mark the high and low between 00:00 and 07:00, ... the Asian high"
        note = f"'{s.span_text(i, end)}' read as the range of {clock(defined.start)}-"
        note += f"{clock(defined.stop)} defined before it"
        return Window(end, defined.start, defined.stop, [note])
    if hours is None:
        return None
    start, stop = hours
    note = (
        f"'{s.span_text(i, end)}' read as {clock(start)}-{clock(stop)} UTC, the session's usual "
        f"hours, {ZONE_NOTE}"
    )
    return Window(end, start, stop, [note])


def defined_range(s: Stream, before: int) -> Window | None:
    """The window a range was defined over before token ``before`` ("mark the high and low
    between 00:00 and 07:00 UTC, ..."): the last said, else None."""
    found = None
    for start, end in s.said(vocab.RANGE_DEFINED):
        if start >= before:
            break
        found = clock_window(s, end) or found
    return found
