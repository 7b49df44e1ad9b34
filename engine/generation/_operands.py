"""Operands ("the 50-day SMA", "RSI(14)", "its signal line", "30") and relations ("crosses
above", "is below", "is twice", "turns positive") of the offline parser.

Each ``parse_*`` function takes the token stream and a start index and returns ``(end, value)``
or ``None``; nothing is consumed on failure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from engine.generation import _indicator_table as table
from engine.generation import spec as S
from engine.generation._clock import Window, bracketed_window, clock_window, session_window
from engine.generation._draft import DCond, Ind, Multi, Num, Operand, Price, Pronoun
from engine.generation._price_units import distance_notes, price_distance
from engine.generation._tokens import Stream
from engine.generation._vocabulary import (
    ABOVE_PREPS,
    ACTIONS,
    AM_PM,
    AMOUNT_LINKS,
    APPROXIMATELY,
    ARTICLES,
    AT_MOST_DISTANCE,
    AT_ON,
    ATR_EXIT_WORDS,
    ATR_OFFSET_LINES,
    ATR_WORDS,
    AVERAGE_STARTS,
    AVERAGE_WORDS,
    BAND_WORDS,
    BANDED,
    BAR_BEFORE_AFTER,
    BAR_FIELDS,
    BAR_INTERVAL,
    BAR_POSSESSIVES,
    BAR_WORDS,
    BELOW_PREPS,
    BOTH_TAILS,
    BREAK_NOUNS,
    BREAK_OBJECT_STARTS,
    BREAK_VERBS,
    BREAKS_WORDS,
    BROKEN_WORDS,
    CENTRE_LINE,
    CLAUSE_STOPS,
    CLOCK_MINUTES,
    CLOSE_PRICE_WORDS,
    CLOSE_VERBS,
    COMPARATIVES,
    COPULAS,
    CROSS_DIRECTION_LEADS,
    CROSS_DIRECTIONS,
    CROSS_OBJECT_VERBS,
    CROSS_WORDS,
    CROSSING_WORDS,
    CURRENCY_SIGNS,
    DAILY_LINE_FAMILIES,
    DIRECTED_PREPS,
    DISTANCE_PREPS,
    EARLIER_SPAN_CLOSES,
    EITHER_TAILS,
    EMA_SIGNAL_FAMILIES,
    FALLING,
    FRACTION_WORDS,
    FRAME_UNITS,
    HELD_AT_LEAST,
    HELD_LEADS,
    HELD_LENGTH_UNITS,
    HELD_MOVES,
    HELD_UNITS,
    HIGH_LOW_WORDS,
    HIGHER_WORDS,
    HISTOGRAM_COLOURS,
    HISTOGRAM_WORDS,
    IN_A_ROW,
    IN_SUCCESSION,
    INDEFINITE_ARTICLES,
    INTRADAY_BAR_UNITS,
    KEYWORDS,
    LAG_TAILS,
    LAG_WORDS,
    LEVEL_NOUNS,
    LEVELLED,
    LINE_NOUNS,
    LINE_QUANTIFIERS,
    LOOSE_FALLS,
    LOOSE_RISES,
    LOWER_LINES,
    MA_FAMILIES,
    MARKET_PRICE_UNITS,
    MIDDLE_LINE_NAMES,
    MODALS,
    MONEY_WORDS,
    MOVE_WORDS,
    MULTIPLIER_WORDS,
    NEUTRAL,
    NEW_WORDS,
    NOT_TICKERS,
    NOW_WORDS,
    NUMBER_WORDS,
    OBJECT_ENDS,
    OF_THE_BAR_BEFORE,
    OF_THE_MARKET,
    OF_THIS_DAY,
    OFFSET_ABOVE,
    OFFSET_BELOW,
    OFFSET_FROM,
    OFFSET_SIDES_FIRST,
    ONE_BAR_FRAME_CODES,
    ONE_SPAN_UNITS,
    OPEN_COMPARATIVES,
    OPENING_MOVE_NOUNS,
    OPENING_MOVE_SIDES,
    OPENING_MOVE_VERBS,
    OPENING_RANGE_BAR_OWNERS,
    OPENING_RANGE_BARS,
    OPENING_RANGE_DEFINITION_LINKS,
    OPENING_RANGE_NAMES,
    OPENING_RANGE_WINDOWS,
    PARAM_INTROS,
    PARAM_SEPARATORS,
    PARTICLES,
    PERCENT_WORDS,
    PERIOD_UNITS,
    PERIOD_WORDS,
    PLAIN_ZONE_LEADS,
    PLAIN_ZONES,
    POINT_WORDS,
    PREVIOUS_CLOSE,
    PRICE_FAMILIES,
    PRICE_NOUNS,
    PRICE_SUBJECTS,
    PRONOUNS,
    RATIO_UNITS,
    RECORD_EXTREMES,
    REDUNDANT_TAILS,
    RISING,
    ROLE_WORDS,
    ROLES_SAID_ALONE,
    SAR_BAR_OBJECTS,
    SAR_PRINT_VERBS,
    SESSION_HOURS,
    SESSION_RANGE_NOUNS,
    SETTING_NAMES,
    SETTING_UNITS,
    SIDE_BEFORE_OSCILLATOR,
    SIDE_OBJECTS,
    SIGN_WORDS,
    SIGNAL_FAMILIES,
    SIZE_ADJECTIVES,
    SPAN_COMPARED_LEADS,
    SPAN_UNITS,
    STD_WORDS,
    STOCHASTIC_FAMILIES,
    STOCHASTIC_LETTERS,
    STYLES,
    SUM_WORDS,
    SYMBOL_NAMES,
    SYMBOL_OPS,
    SYSTEM_NOUNS,
    THEN_VERBS,
    THIS_DAY_OWNERS,
    THRESHOLD_NOUNS,
    TIMEFRAMES,
    TIMES_SAID,
    TIMES_WORDS,
    TOUCH_WORDS,
    TOUCHED_WORDS,
    TURN_BACK_VERBS,
    TYPE_WORDS,
    UNARY,
    UPPER_LINES,
    VAGUE_NOUNS,
    VERSUS_WORDS,
    WAIT_FOR,
    WHEN_WORDS,
    YEAR_WORDS,
    ZONE_TAILS,
    ZONE_VERBS,
    bars_note,
    counting_bars_of_frame,
    in_bars,
    interval_bar_name,
    interval_minutes,
    unit_bars,
)

#: The intraday bar size of a number of minutes ("5" -> "5m"): minutes are unique per size
_FRAME_OF_MINUTES = {minutes: frame for frame, minutes in S.INTRADAY_MINUTES.items()}


@dataclass
class Rel:
    """A parsed relation: see :class:`DCond` for ``kind``/``rel``."""

    kind: str
    rel: str | None
    back: bool = False
    close_subject: bool = False
    times: float = 1.0
    plus: float = 0.0  # "$5 below": the object moved by a distance in price
    b: Operand | None = None  # set for unary relations (turns positive, oversold, rising)
    slope: bool = False
    notes: list[str] = field(default_factory=list)
    breaks: bool = False  # "breaks the 20-day high": the side is the object's (high, upper band)
    atr_offset: tuple[float, float, str] | None = None  # "2 ATR below": (2, ATR period, "lower")
    held: int = 0  # "closes 3 days in a row above": the state holds on the last 3 bars
    plain_zone: bool = False  # "the RSI is low": a zone said in plain words, of an oscillator


# -- numbers with units -------------------------------------------------------------------------


def parse_period(s: Stream, i: int) -> tuple[int, float, str | None] | None:
    """ "14", "14-day", "20 periods", "12-month" (252 bars): (end, bars, note)."""
    got = s.number(i)
    if got is None:
        return None
    j, value = got
    if s.low(j) in PERCENT_WORDS:
        return None
    unit = s.low(j)
    if unit in PERIOD_UNITS and not (unit == "d" and s.low(j + 1) == "line"):
        bars = in_bars(value, unit)
        if bars is None:  # "the 20-day high" on weekly bars: no whole number of bars
            s.lengths_not_read[j] = BAR_INTERVAL.get()
            return None
        note = bars_note(value, unit)
        j += 1
        if s.low(j) in ("trading", "calendar") and s.low(j + 1) in PERIOD_UNITS:
            j += 1
        return j, bars, note
    return j, value, None


def parse_bars(s: Stream, j: int) -> tuple[int, int, str | None] | None:
    """A length in bars: "5 days", "2 weeks" (10 bars), "a month": (end, bars, note)."""
    got = s.number(j)
    if got is None and s.low(j) in INDEFINITE_ARTICLES and s.low(j + 1) in PERIOD_UNITS:
        got = (j + 1, 1.0)  # "exit after a month"
    elif got is None and s.low(j - 1) in INDEFINITE_ARTICLES and s.low(j) in PERIOD_UNITS:
        got = (j, 1.0)  # "hold for a month" (the article already skipped)
    if got is None:
        return None
    k, value = got
    unit = s.low(k)
    compact = s.tokens[k - 1].end == s.tokens[k].start if 0 < k < s.n else False
    if unit not in PERIOD_UNITS or (unit == "d" and not compact) or value != int(value):
        return None  # a lone "d" is a letter ("%K 14 d"); "hold 5d" is 5 days
    if value < 1:
        return None
    k += 1
    if unit == "trading" and s.low(k) in ("days", "day", "sessions"):
        k += 1
    length = in_bars(int(value), unit)
    if length is None:  # "sell after 3 days" on weekly bars: no whole number of bars
        s.lengths_not_read[k - 1] = BAR_INTERVAL.get()
        return None
    bars = int(length)
    note = bars_note(value, unit)
    if s.low(k) in ("in", "of") and s.low(k + 1) in ("a", "the") and s.low(k + 2) == "row":
        return None
    if s.low(k) in ("in", "of", "with") and s.low(k + 1) in MOVE_WORDS:
        return None
    return k, bars, note


def parse_bound(s: Stream, k: int) -> tuple[int, bool]:
    """ "more than" (strict) or "at least" before an amount: (the amount's start, strict); an
    amount with neither is strict ("5% above")."""
    if s.phrase(k, "more than") or s.phrase(k, "at least"):
        return k + 2, s.low(k) == "more"
    return k, True


def _std(s: Stream, i: int) -> tuple[int, float] | None:
    got = s.number(i)
    if got is None:
        return None
    j, value = got
    hit = s.longest(j, STD_WORDS)
    if hit is None:
        return None
    return hit[0], value


def parse_number_list(s: Stream, i: int) -> tuple[int, list[tuple[float, str]], list[str]]:
    """Numbers tagged "period", "std" or "bare": "20, 2", "12/26/9", "20 periods and 2 std"."""
    nums: list[tuple[float, str]] = []
    notes: list[str] = []
    j = i
    while True:
        std = _std(s, j)
        if std is not None:
            j = std[0]
            nums.append((std[1], "std"))
        else:
            got = parse_period(s, j)
            if got is None:
                break
            end, value, note = got
            tag = (
                "period" if s.low(end - 1) in PERIOD_UNITS and s.kind(end - 1) == "word" else "bare"
            )
            nums.append((value, tag))
            if note:
                notes.append(note)
            j = end
        k = j
        if s.low(k) in PARAM_SEPARATORS:
            k += 1
            listed = s.low(i - 1) == "the" and s.low(k - 1) == "and"
            if listed and s.low(k) == "the" and s.kind(k + 1) == "num":
                k += 1  # "the 50 and the 200 day moving averages" (not "below 30 and the 20")
        elif not (s.kind(k) == "num" and s.tokens[k].joined):
            break
        if _std(s, k) is None and parse_period(s, k) is None:
            break  # "RSI(5) < 50, 5% stop": the comma is not part of a list
        if s.low(k + 1) in ATR_WORDS and s.low(k + 2) in ATR_EXIT_WORDS:
            break  # "crosses above 70, 2 ATR stop": a stop in ATRs starts a new clause (not
            # "Keltner (20, 2 ATR)": its settings)
        j = k
    return j, *_shared_unit(s, j, nums, notes)


def _shared_unit(
    s: Stream, end: int, nums: list[tuple[float, str]], notes: list[str]
) -> tuple[list[tuple[float, str]], list[str]]:
    """ "the 10 and 30 week averages": a unit written after the last length is every bare
    length's ("10 weeks" too, 50 bars)."""
    unit = s.low(end - 1)
    if len(nums) < 2 or nums[-1][1] != "period" or unit_bars(unit) in (None, 1.0):
        return nums, notes
    shared = []
    for value, tag in nums:
        if tag == "bare":
            bars = in_bars(value, unit)
            if bars is None:
                return nums, notes
            value, tag, notes = bars, "period", [*notes, str(bars_note(value, unit))]
        shared.append((value, tag))
    return shared, notes


def _setting_value(k: int, value: float, tag: str) -> bool:
    """Whether the ``k``-th bare number after an indicator word can be a setting: a length
    (a whole number), a width in standard deviations or, after the length, a fractional
    multiplier ("Keltner 20/1.5")."""
    return value == int(value) and 1 <= value <= 1000 or tag == "std" or (k > 0 and 0 < value <= 10)


def parse_suffix_params(s: Stream, i: int) -> tuple[int, list[tuple[float, str]], list[str]]:
    """Parameters written after an indicator word: "(14)", "14", "of 14 days", "with period 20",
    "over the last 20 days", "(20, 2)", "with 20 periods and 2 standard deviations"."""
    j = i
    recent = False
    if s.low(j) in ("(", "["):
        end, nums, notes = parse_number_list(s, j + 1)
        end = _atr_multiplier_tail(s, end, nums)[0] if len(nums) > 1 else end
        if nums and s.low(end) in (")", "]"):
            return end + 1, nums, notes
        return i, [], []
    k = j
    if s.low(k) == "over" and s.kind(k + 1) == "num" and s.low(k + 2) not in PERIOD_UNITS:
        return i, [], []  # "MFI over 80" is a level; "over 20 days" is a period
    if s.low(k) in PARAM_INTROS:
        k += 1
        k = s.skip(k, ARTICLES | {"a", "last", "past", "previous", "prior", "lookback", "length"})
        if s.low(k) in PERIOD_WORDS:
            k += 1
            k = s.optional(k, AMOUNT_LINKS)
        if s.low(j) == "for" and parse_held(s, j) is not None:
            return i, [], []  # "above the upper band for 2 days": a run of bars, not a period
        end, nums, notes = parse_number_list(s, k)
        if recent and s.low(end - 1) in YEAR_WORDS:
            return i, [], []  # "over the last 2 years" is the test period
        if nums and s.first(end, IN_A_ROW):
            return i, [], []  # "above the upper band for 2 days in a row": a run, not a period
        if nums:
            return end, nums, notes
        if s.low(k - 1) in ("last", "past", "previous", "prior") and s.low(k) in ONE_SPAN_UNITS:
            unit = s.low(k)  # "the lowest price of the past week" ("the last year" is a test's)
            return k + 1, [(float(PERIOD_UNITS[unit]), "period")], [str(bars_note(1, unit))]
        return i, [], []
    if s.low(j) in ("period", "length", "lookback", "window"):
        k = j + 1
        k = s.optional(k, AMOUNT_LINKS)
        end, nums, notes = parse_number_list(s, k)
        if nums:
            return end, nums, notes
        return i, [], []
    if s.kind(j) == "num" or s.low(j) in NUMBER_WORDS:  # "ema 12", "ema twelve"
        end, nums, notes = parse_number_list(s, j)
        if nums and all(_setting_value(k, v, t) for k, (v, t) in enumerate(nums)):
            if s.low(end) in ("%", "percent", "times") or s.first(end, IN_A_ROW):
                return i, [], []
            return end, nums, notes
    return i, [], []


def _said_again(s: Stream, k: int, side: str) -> int:
    """After a crossing's side, the same side said again in words ("crosses over the 50 EMA to
    the upside", "crosses under to the downside"): the end of those words (a single word, "up"
    or "lower", may start something else and is never taken)."""
    said = s.longest(k, CROSS_DIRECTIONS)
    if said is None or said[1] != side or " " not in s.span_text(k, said[0]):
        return k
    return said[0]


def _atr_multiplier_tail(
    s: Stream, end: int, nums: list[tuple[float, str]]
) -> tuple[int, list[tuple[float, str]]]:
    """After an indicator's settings, "ATR" or "x ATR" after the last one ("Keltner (20, 2 ATR)",
    "keltner(20, 2xATR)") or after one more number ("keltner 20 2.5 atr"): that number
    multiplies the ATR. The end of those words and the settings with it."""
    k = s.optional(end, TIMES_WORDS)
    if len(nums) > 1 and s.low(k) in ATR_WORDS:
        return k + 1, nums
    said = s.number(end) if len(nums) == 1 else None
    k = s.optional(said[0], TIMES_WORDS) if said is not None else end
    if said is not None and s.low(k) in ATR_WORDS:
        return k + 1, [*nums, (said[1], "bare")]
    return end, nums


# -- operands -----------------------------------------------------------------------------------


@dataclass
class _Prefix:
    role: str | None = None
    typ: str | None = None
    band: str | None = None
    nums: list[tuple[float, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lag: bool = False
    possessive: bool = False
    article: bool = False
    each: int | None = None  # "all three MAs (20/50/200)": how many lines follow (0: not said)
    of_the_day: bool = False  # "today's open", "the session open": the day's price


def _prefix(s: Stream, i: int) -> tuple[int, _Prefix]:
    pre = _Prefix()
    j = i
    while True:
        low = s.low(j)
        if low in ("its", "their"):
            pre.possessive = True
            j += 1 + (s.low(j + 1) == "own")  # "above its own 200-day average": the same line
        elif low in THIS_DAY_OWNERS and s.low(j + 1) in BAR_FIELDS:
            pre.article = pre.of_the_day = True  # "today's open", "the session high"
            j += 1
        elif low in ARTICLES or low in ("this", "that", "the"):
            pre.article = True
            j += 1
        elif low in LAG_WORDS:
            pre.lag = True
            j += 1
            if s.low(j) in LAG_TAILS and s.kind(j) == "word" and s.low(j) in BAR_POSSESSIVES:
                j += 1
            elif s.low(j) in LAG_TAILS and s.low(j + 1) in BAR_FIELDS:
                j += 1  # "previous day high", "prior bar low"
        elif (kw := s.longest(j, KEYWORDS)) is not None and kw[0] > j + 1:
            break
        elif (
            pre.each is None
            and (each := s.longest(j, LINE_QUANTIFIERS)) is not None
            and s.low(each[0]) != "time"  # "all time high", "all-time high": no lines listed
            and not (each[0] < s.n and s.tokens[each[0]].joined)
        ):
            count = s.number(each[0])  # "all three"
            whole = count is not None and count[1] == int(count[1]) and count[1] > 1
            j, pre.each = (count[0], int(count[1])) if whole else (each[0], 0)  # type: ignore[index]
        elif (hit := s.longest(j, ROLE_WORDS)) is not None:
            if low in ("long", "short") and s.kind(hit[0]) in ("", "punct", "nl"):
                break  # "RSI > 50 long, < 50 short": a side at the clause's end, not a role
            opens = j == 0 or s.kind(j - 1) in ("punct", "nl")
            if low in ("long", "short") and opens and s.low(hit[0]) in SIDE_BEFORE_OSCILLATOR:
                break  # "long rsi<30, short rsi>70": a side opening the clause, not a role
            if low in ("long", "short") and s.longest(hit[0], SIDE_OBJECTS) is not None:
                break  # "RSI goes over 70 short it": the action after the level, not a role
            if low in ("long", "short") and s.low(hit[0]) in ARTICLES:
                break  # "short a close below the low": the action, its object after it
            pre.role = hit[1]  # type: ignore[assignment]
            j = hit[0]
        elif low in TYPE_WORDS:
            pre.typ = TYPE_WORDS[low]
            j += 1
        elif low in BAND_WORDS:
            if s.longest(j, KEYWORDS) is not None and s.longest(j + 1, KEYWORDS) is None:
                break  # "sell at the middle": the line itself, no other line named after it
            pre.band = BAND_WORDS[low]
            j += 1
        elif low == "(" and not pre.nums and pre.role:
            end, nums, notes = parse_number_list(s, j + 1)
            if not nums or s.low(end) != ")":
                break
            pre.nums, j = nums, end + 1  # "the fast (12) EMA"
            pre.notes += notes
        elif s.number(j) is not None and not pre.nums and not (pre.band and low == "one"):
            end, nums, notes = parse_number_list(s, j)
            if not nums or s.low(end) in RATIO_UNITS:
                break
            pre.nums, j = nums, end
            pre.notes += notes
        else:
            break
    return j, pre


def parse_operand(s: Stream, i: int, subject: Operand | None = None) -> tuple[int, Operand] | None:
    """An operand at ``i``; ``subject`` (the other side) decides what "its average" means. A
    line followed by "of SPY" / "of the market (SPY)" is that symbol's line; one followed by
    "20 days ago" is its value that many bars earlier."""
    then = _as_it_was(s, i, subject)
    if then is not None:
        return then
    got = _operand_at(s, i, subject)
    if got is not None and isinstance(got[1], Multi) and _a_level_of(subject, s, i):
        return i + 1, Num(s.tokens[i].value)  # "RSI > 50 and 200-day SMA is rising": a level
    if got is not None and isinstance(got[1], Ind | Multi) and _length_in_days(s, i, got):
        got = _on_daily_bars(s, i, subject) or got
    if got is not None and _extreme_since(s, got):
        return None  # "the lowest close since the last short": since an event, no channel
    if got is not None and isinstance(got[1], Ind | Price) and (ago := bars_ago(s, got[0])):
        got[1].lag += ago[1]  # "the close 20 days ago", "RSI(2) three days ago"
        got[1].notes.append(ago[2]) if isinstance(got[1], Ind) else None
        got = ago[0], got[1]
    elif got is not None and isinstance(got[1], Ind | Price) and s.low(got[0]) in NOW_WORDS:
        got = got[0] + 1, got[1]  # "RSI(2) today is above 50": its value on this bar
    if got is not None and isinstance(got[1], Price) and not got[1].lag:
        before = s.longest(got[0], OF_THE_BAR_BEFORE)  # "the low of the previous day"
        if before is not None:
            got[1].lag = 1
            got = before[0], got[1]
    if got is None or not isinstance(got[1], Ind | Price) or got[1].symbol:
        return got
    if _atrs_from_a_line(s, i, got):
        return None
    owner = _of_a_symbol(s, got[0])
    if owner is None:
        return got
    got[1].symbol = owner[1]
    return owner[0], got[1]


def _a_level_of(subject: Operand | None, s: Stream, i: int) -> bool:
    """Whether the number at ``i`` is a level of ``subject``, an oscillator ("RSI(14) > 50 and
    the 200-day SMA ..."), never the first of a list of average lengths ("50 and 200-day")."""
    return isinstance(subject, Ind) and subject.family in LEVELLED and s.kind(i) == "num"


def _chandelier_side(b: Operand, line: str) -> bool:
    """ATRs below the highest high (above the lowest low) of some bars: a chandelier exit."""
    if not isinstance(b, Ind):
        return False
    high = b.family == "highest" and b.source == "high" and line == "lower"
    return high or (b.family == "lowest" and b.source == "low" and line == "upper")


def _atrs_from_a_line(s: Stream, i: int, got: tuple[int, Operand]) -> bool:
    """ "3 ATR below the highest high", "2 ATR under the 22-day high": a number of ATRs away
    from a line, never ATR(3) (the Keltner line "2 ATR below the 20 EMA" is read by its
    relation, which starts before the number)."""
    ind, said = got[1], s.number(i)
    counted = said is not None and s.low(said[0]) in ATR_WORDS  # "3 ATR below"
    counted = counted or (s.kind(i - 1) == "num" and s.low(i) in ATR_WORDS)  # "3" left unread
    return (
        isinstance(ind, Ind)
        and ind.family == "atr"
        and counted
        and s.low(got[0]) in ABOVE_PREPS | BELOW_PREPS
    )


def _extreme_since(s: Stream, got: tuple[int, Operand]) -> bool:
    """A highest or lowest value with no length, said since an event ("the lowest close since
    the last short"): not a channel of some default length."""
    end, line = got
    extreme = isinstance(line, Ind) and line.family in ("highest", "lowest") and not line.params
    return extreme and s.low(end) == "since"


def bars_ago(s: Stream, k: int) -> tuple[int, int, str] | None:
    """ "20 days ago", "three bars ago" at ``k``: (end, bars, the note that says so)."""
    got = parse_bars(s, k)
    if got is None or s.low(got[0]) != "ago":
        return None
    return got[0] + 1, got[1], f"'{s.span_text(k, got[0] + 1)}' read as {got[1]} bars earlier"


def _as_it_was(s: Stream, i: int, subject: Operand | None) -> tuple[int, Operand] | None:
    """ "(closes higher than) it did 20 days ago", "(RSI is above) where it was 5 bars ago": the
    subject itself that many bars earlier (the close when the subject is a pronoun)."""
    k = i + (s.low(i) == "where")
    if s.low(k) not in ("it", "they") or s.low(k + 1) not in THEN_VERBS:
        return None
    ago = bars_ago(s, k + 2)
    if ago is None:
        return None
    then = copy.deepcopy(subject) if isinstance(subject, Ind | Price) else Price("close")
    then.lag += ago[1]
    return ago[0], then


def _of_a_symbol(s: Stream, k: int) -> tuple[int, str] | None:
    """ "of SPY", "of the market (SPY)", "of the S&P 500" after a line: the end and the symbol."""
    if s.low(k) != "of":
        return None
    j = k + 1
    market = s.longest(j, OF_THE_MARKET)
    if market is not None and s.low(market[0]) == "(":
        said = _ticker_at(s, market[0] + 1)
        if said is not None and s.low(said[0]) == ")":
            return said[0] + 1, said[1]
    named = s.longest(s.skip(j, frozenset({"the"})), SYMBOL_NAMES)
    if named is not None:
        return named[0], str(named[1])
    return _ticker_at(s, j)


def _ticker_at(s: Stream, j: int) -> tuple[int, str] | None:
    text = s.tokens[j].text if 0 <= j < s.n else ""
    upper = text.isupper() and text.isalpha() and 2 <= len(text) <= 5
    if upper and text not in NOT_TICKERS and s.longest(j, KEYWORDS) is None:
        return j + 1, text
    return None


def _first_minutes_extreme(s: Stream, i: int) -> tuple[int, Operand] | None:
    """ "the high of the first 30 minutes", "the low of the first hour", "the first 30-minute
    high", "the first hour's low": an opening range's high or low, its length a time frame the
    rules turn into bars of the test (see ``_rules._opening_range_lengths``)."""
    k = s.skip(i, ARTICLES)
    side = None
    named = s.longest(k, KEYWORDS)
    ranged = named is not None and named[1] in (("opening_range", "high"), ("opening_range", "low"))
    if s.low(k) in ("high", "low") and s.low(k + 1) == "of":
        side, k = s.low(k), s.skip(k + 2, ARTICLES)
    elif ranged and s.low(named[0]) in OPENING_RANGE_WINDOWS:  # "... high of the first hour"
        side, k = named[1][1], s.skip(named[0] + 1, ARTICLES)
    framed = _first_frame(s, k)
    if framed is None:
        return None
    end, frame = framed
    if side is None and s.low(end) in OPENING_RANGE_BAR_OWNERS:
        end += 1  # "the first 5-minute bar's high", "the first 15m candle's low"
    if side is None:  # "the first 30-minute high", "the first hour's low"
        side = s.low(end) if s.low(end) in ("high", "low") else None
        end += 1
    elif s.low(end) in OPENING_RANGE_BARS:
        end += 1  # "the high of the first 15-minute bar"
    if side is None:
        return None
    return end, Ind("opening_range", side, pos=i, timeframe=frame)


def _session_extreme(s: Stream, i: int) -> tuple[int, Operand] | None:
    """ "the Asian high", "the London session low", "the high of the Asian session", "the
    overnight range high (00:00-06:00 UTC)", "the high between 00:00 and 07:00", "the high of the
    00:00-07:00 range", "above the Asian range" (its high above, its low below): the high or low
    of each day's bars in that window of the day (``session_range``), a named session's hours
    its usual ones (said) unless the writer's follow in brackets (``_clock.session_window``)."""
    k = s.skip(i, ARTICLES)
    side = None
    if s.low(k) in ("high", "low") and s.low(k + 1) in OPENING_RANGE_WINDOWS | {"between"}:
        side, k = s.low(k), k + 1 if s.low(k + 1) == "between" else s.skip(k + 2, ARTICLES)
    hit = s.longest(k, SESSION_HOURS)
    if hit is None and side is None and s.low(k) in ("high", "low"):  # "the high (00:00-07:00)"
        window = bracketed_window(s, k + 1)
        return None if window is None else _session_range(s.low(k), window, i)
    if hit is None:
        window = clock_window(s, k)  # "the high between 00:00 and 07:00", "the 9:30-10:00 high"
        if window is None:
            return None
        end = s.optional(window.end, SESSION_RANGE_NOUNS)
    else:
        end = s.optional(hit[0], SESSION_RANGE_NOUNS)
    if side is None and s.low(end) not in ("high", "low") and s.low(end - 1) != "range":
        return None  # "the London session", "between 9:30 and 11am": a time to trade
    if side is None:
        side = s.low(end) if s.low(end) in ("high", "low") else "range"
        end += side != "range"
    if hit is not None:
        window = session_window(s, k, end, hit[1])  # type: ignore[arg-type]
    if window is None:
        return None
    window.end = max(end, window.end)
    return _session_range(side, window, i)


def _session_range(side: str, window: Window, i: int) -> tuple[int, Operand]:
    """The ``session_range`` line of ``side`` over ``window``, said from token ``i``."""
    line = Ind("session_range", side, pos=i, notes=window.notes)
    line.params = {"end": window.stop, "minutes": window.stop - window.start}
    return window.end, line


def opening_range_definition(s: Stream) -> tuple[int, int, str] | None:
    """The length an opening range is defined with, said once for the text: "opening range =
    first 30 min", "the opening range (first 15 minutes)", "ORB 15", "ORB of the first hour":
    (start, end, timeframe), the first said; None when none is."""
    for k in range(s.n):
        named = s.longest(k, OPENING_RANGE_NAMES)
        if named is None:
            continue
        start, j = k, s.skip(named[0], OPENING_RANGE_DEFINITION_LINKS)
        if s.low(j) in ("high", "low") and s.low(j + 1) == "(":  # "the OR high (first 15 min)"
            start, j = j + 1, s.skip(j + 1, OPENING_RANGE_DEFINITION_LINKS)
        framed = _first_frame(s, j)
        if framed is None and s.low(k) == "orb" and s.kind(j) == "num":
            framed = frame_at(s, j) or _bare_minutes(s, j)  # "ORB 15", "ORB 30 min"
        if framed is None:
            continue
        end = framed[0] + (s.low(framed[0]) == ")" and s.low(start - 1) != "(")
        return start, end, framed[1]
    return None


def opening_move(s: Stream, i: int) -> tuple[int, DCond] | None:
    """ "the first 15 minutes are up", "the first hour closed green", "the first hour's move is
    down", "the first 5-minute candle is red", "the opening 30 min range closes red": the day's
    first minutes moved up (down): the close of their last bar above (below) the open of the
    first, an opening range's close and open, known at the close of their last bar."""
    k = s.skip(i, ARTICLES)
    if s.low(k) == "opening" and s.low(k + 1) != "range":
        framed = frame_at(s, k + 1)  # "the opening 30 min range"
    else:
        framed = _first_frame(s, k)
    if framed is None:
        return None
    j = s.skip(framed[0], OPENING_MOVE_NOUNS | OPENING_MOVE_VERBS)
    side = OPENING_MOVE_SIDES.get(s.low(j))
    if side is None or j == framed[0]:
        return None
    close, open_ = (Ind("opening_range", f, pos=i, timeframe=framed[1]) for f in ("close", "open"))
    note = (
        f"'{s.span_text(i, j + 1)}' read as the close of the day's first bars in that time "
        f"{'above' if side == 'up' else 'below'} the open of its first bar (known at the "
        "close of their last bar)"
    )
    cond = DCond("compare", close, ">" if side == "up" else "<", open_, notes=[note])
    cond.start, cond.end = i, j + 1
    return j + 1, cond


def _bare_minutes(s: Stream, j: int) -> tuple[int, str] | None:
    """(end, timeframe) of a bare count of minutes ("ORB 15")."""
    minutes = s.tokens[j].value if s.kind(j) == "num" else None
    frame = _FRAME_OF_MINUTES.get(minutes)
    return None if frame is None else (j + 1, frame)


def _first_frame(s: Stream, k: int) -> tuple[int, str] | None:
    """(end, timeframe) of "first 30 minutes", "first 15-minute", "first hour" at ``k``."""
    if s.low(k) != "first":
        return None
    return frame_at(s, k + 1) if s.low(k + 1) not in ("hour", "hour's") else (k + 2, "1h")


def _operand_at(s: Stream, i: int, subject: Operand | None = None) -> tuple[int, Operand] | None:
    first = _session_extreme(s, i) or _first_minutes_extreme(s, i)
    if first is not None:
        return first
    span = s.longest(i, EARLIER_SPAN_CLOSES) if s.low(i - 1) in SPAN_COMPARED_LEADS else None
    if span is not None:  # "(lower) than last week": the close that many bars earlier
        return span[0], Price("close", lag=int(span[1]))  # type: ignore[call-overload]
    if s.low(i) in PRONOUNS:
        return i + 1, Pronoun()
    subject_said = s.low(i) == "its" and s.low(i - 1) in WHEN_WORDS
    zone = _plain_zone(s, i + 1) if subject_said else None
    if zone is not None and (
        s.kind(zone[0]) in ("", "punct", "nl") or s.low(zone[0]) in ("and", "or")
    ):
        return i + 1, Pronoun()  # "sell when its high": it's (the oscillator) high
    if s.low(i) in ("this", "that") and s.low(i + 1) not in KEYWORDS:
        return i + 1, Pronoun()
    if s.low(i) == "which" or (s.low(i) == "that" and s.low(i + 1) in ("is", "are")):
        return i + 1, Pronoun(which=True)
    if s.low(i) == "both":  # "above both the 50 and 200-day SMAs": the lines named after it
        got = parse_operand(s, i + 1, subject)
        if got is not None and isinstance(got[1], Multi):
            return got
        if got is not None and isinstance(got[1], Ind) and s.low(got[0]) == "and":
            return got  # "above both span A and span B": the second line is joined after it
    if s.low(i) == "either" and s.low(i + 1) in EITHER_TAILS:
        end = i + 1  # "sell when below either (of them / one / line)": after "both ..."
        if s.phrase(end, "of them") or s.phrase(end, "of the two"):
            end += 3 if s.low(end + 1) == "the" else 2
        elif s.low(end) in ("one", "line", "average", "of"):
            end += 1
        return end, Pronoun(both=True, either=True)
    if s.low(i) == "both" and s.low(i + 1) in BOTH_TAILS:
        end = i + 1
        if s.phrase(end, "of them") or s.low(end) == "lines":
            end += 2 if s.low(end) == "of" else 1
        return end, Pronoun(both=True)
    owned = _possessive_owner(s, i)
    if owned is not None:  # "SPY's 60 day return", "the stock's 60 day return"
        start, owner = owned
        got = parse_operand(s, start, subject)
        if got is not None and isinstance(got[1], Ind | Price) and not got[1].symbol:
            got[1].symbol = owner or None
            return got
    pct = s.percent(i)
    if pct is not None and s.low(pct[0]) not in ("above", "below", "over", "under", "of"):
        return pct[0], Num(pct[1])
    price = s.number(i + 1) if s.low(i) in CURRENCY_SIGNS else None
    of_the_price = subject is None or isinstance(subject, Price | Pronoun)
    if price is not None and of_the_price and s.low(price[0]) not in DISTANCE_PREPS:
        return price[0], Num(price[1], dollars=True)  # "if it drops under $55": a price
    sign = SIGN_WORDS.get(s.low(i))
    if sign is not None and s.kind(i + 1) == "num" and s.percent(i + 1) is None:
        return i + 2, Num(sign * (s.tokens[i + 1].value or 0.0))  # "under minus 100"
    framed = _other_timeframe(s, i, subject)
    if framed is not None:
        return framed
    summed = _cumulative(s, i)
    if summed is not None:
        return summed
    j, pre = _prefix(s, i)
    histogram = _histogram_of_macd(s, j)
    if histogram is not None:
        return histogram
    hit: tuple[int, object] | None
    if s.low(j) in ("volume's", "volumes"):  # "volume's 20-day average"
        k = j + 1
        after, nums, notes = parse_number_list(s, k)
        if nums and not pre.nums and s.low(after) in AVERAGE_STARTS:
            pre.nums, pre.notes, k = nums, pre.notes + notes, after
        if s.phrase(k, "moving average") is not None:
            hit = (k + 2, ("volavg", None))
        elif s.low(k) in AVERAGE_WORDS:
            hit = (k + 1, ("volavg", None))
        else:
            hit = (k, ("volume", None))
    else:
        hit = s.longest(j, KEYWORDS)
        if hit is None and s.low(j) in STOCHASTIC_LETTERS and _stochastic_said_before(s, j):
            hit = (j + 1, ("stoch", STOCHASTIC_LETTERS[s.low(j)]))  # "Exit: K above 90"
        style = s.longest(j, STYLES) if hit is not None and hit[1] == ("avg", None) else None
        if style is not None and style[0] > hit[0]:  # type: ignore[index]
            hit = None  # "30 minute mean reversion": the first word of a style, no average
    bare_extreme = hit is not None and hit[0] == j + 1 and s.low(j) in ("highest", "lowest")
    if bare_extreme and s.low(j + 1) not in ("of", "over"):  # "the highest of the last 20 days"
        return None  # "closes at the highest in 3 months": its own phrase
    if hit is None and pre.band and s.low(j) == "one":
        hit = (j + 1, ("band", None))  # "touches the bottom band, ... the top one"
    record = parse_record(s, s.skip(j, NEW_WORDS))
    if record is not None and (hit is None or hit[0] <= record[0]):
        return record  # "a new all-time high", "its ATH"
    if hit is None and _role_alone(s, i, j, pre):
        return j, Ind("ma", role=pre.role, pos=i)  # "buy when fast crosses over slow"
    if hit is None:
        return _numeric_operand(s, i, j, pre, subject)
    end, (family, output) = hit  # type: ignore[misc]
    return _of_indicator(s, _build(s, i, end, family, output, pre, subject))


def _stochastic_said_before(s: Stream, j: int) -> bool:
    """A stochastic (or Stochastic RSI) is named before token ``j``: a letter "K" or "D" alone
    after it is its line ("Entry: Stochastic RSI (14,14,3,3) K below 10 / Exit: K above 90")."""
    return any(
        (hit := s.longest(k, KEYWORDS)) is not None and hit[1][0] in STOCHASTIC_FAMILIES  # type: ignore[index]
        for k in range(j)
    )


def _histogram_of_macd(s: Stream, j: int) -> tuple[int, Operand] | None:
    """ "the histogram of MACD (12,26,9)", "the histogram of the MACD": the MACD's histogram
    (the MACD line minus its signal line), never the MACD line the words end on."""
    if s.low(j) not in HISTOGRAM_WORDS or s.low(j + 1) != "of":
        return None
    got = parse_operand(s, s.skip(j + 2, ARTICLES))
    if got is None or not isinstance(got[1], Ind) or got[1].family != "macd":
        return None
    got[1].output = "hist"
    return got


def _cumulative(s: Stream, i: int) -> tuple[int, Ind] | None:
    """Connors' cumulative RSI: "cumulative RSI(2) over 3 days", "the 2-day cumulative RSI",
    "the sum of RSI(2) over the last 2 days": an oscillator's values over the last N bars added
    up, computed as N x their N-bar SMA (the same number); "cumulative RSI" alone is Connors' 2
    days of RSI(2), stated."""
    k = s.skip(i, ARTICLES)
    days = parse_bars(s, k)
    k = days[0] if days else k
    summed = s.longest(k, SUM_WORDS)
    if summed is None:
        return None
    inner = parse_operand(s, s.skip(summed[0], ARTICLES))
    if inner is None or not isinstance(inner[1], Ind) or inner[1].family != "rsi":
        return None
    end, rsi = inner
    notes = list(rsi.notes)
    if days is None and (over := _over_the_last(s, end)) is not None:
        end, days = over[0], over
    if "period" not in rsi.params and days is None:
        rsi.params["period"] = 2.0
        notes.append("'cumulative RSI' read as Connors' RSI(2) (no length was given)")
    bars = int(days[1]) if days is not None else 2
    if days is None:
        notes.append("'cumulative RSI' summed over 2 days (Connors' default: none was given)")
    notes.append(
        f"'{s.span_text(i, end)}' read as the sum of the last {bars} RSI({rsi.params['period']:g})"
        f" values: {bars} x their {bars}-bar SMA"
    )
    rsi.notes = []
    line = Ind("sma", params={"period": float(bars)}, source="indicator", times=float(bars))
    line.of, line.pos, line.notes = rsi, i, notes
    return end, line


def _over_the_last(s: Stream, k: int) -> tuple[int, int, str | None] | None:
    """ "over 3 days", "over the last 2 days", "for the past 3 bars": the bars summed."""
    if s.low(k) not in ("over", "for", "of", "in"):
        return None
    return parse_bars(s, s.skip(k + 1, frozenset({"the", "last", "past", "previous"})))


def parse_record(s: Stream, i: int) -> tuple[int, Ind] | None:
    """ "all-time high", "ATH", "record low" at ``i``: the highest (lowest) close of every
    earlier bar of the data tested, which is stated (a record set before it is not seen)."""
    hit = s.longest(i, RECORD_EXTREMES)
    if hit is None:
        return None
    end, kind = hit
    word = "highest" if kind == "record_high" else "lowest"
    note = (
        f"'{s.span_text(i, end)}' read as the {word} close of every earlier bar of the data "
        "tested (a record set before its first bar is not seen)"
    )
    return end, Ind(str(kind), pos=i, notes=[note])


def _of_indicator(s: Stream, got: tuple[int, Operand] | None) -> tuple[int, Operand] | None:
    """ "the 9-day EMA of RSI", "a 20-bar SMA of OBV": a moving average of an indicator."""
    if got is None or s.low(got[0]) != "of" or not isinstance(got[1], Ind):
        return got
    end, average = got
    if average.family not in MA_FAMILIES or average.source != "close":
        return got
    inner = parse_operand(s, s.skip(end + 1, ARTICLES))
    if inner is None or not isinstance(inner[1], Ind) or inner[1].family in PRICE_FAMILIES:
        return got
    if inner[1].timeframe or inner[1].symbol or average.timeframe or average.symbol:
        return got
    average.of, average.source = inner[1], "indicator"
    return inner[0], average


def _length_in_days(s: Stream, i: int, got: tuple[int, Ind | Multi]) -> bool:
    """Whether the lines of ``got`` (said from ``i``) are lines of the close whose length is
    said in days, weeks, months or years, read on intraday bars: the daily lines are meant."""
    end, said = got
    lines = said.items if isinstance(said, Multi) else [said]
    if interval_minutes(BAR_INTERVAL.get()) is None:
        return False
    for line in lines:
        if line.timeframe or line.symbol or line.of or line.source != "close":
            return False
        if line.family not in DAILY_LINE_FAMILIES:
            return False
    return any(
        s.low(k) in PERIOD_UNITS
        and s.low(k) not in INTRADAY_BAR_UNITS | CLOCK_MINUTES.keys()
        and s.kind(k - 1) == "num"
        for k in range(i, end)
    )


def _on_daily_bars(s: Stream, i: int, subject: Operand | None) -> tuple[int, Operand] | None:
    """ "the 20-day SMA" on hourly bars: SMA(20) of the daily closes, each day's value known
    from the day's last bar on (as "the daily 20 SMA" is read)."""
    with counting_bars_of_frame("D"):
        got = _operand_at(s, i, subject)
    if got is None or not isinstance(got[1], Ind | Multi):
        return None
    lines = got[1].items if isinstance(got[1], Multi) else [got[1]]
    for line in lines:
        line.timeframe = "D"
    bars = interval_bar_name(BAR_INTERVAL.get())
    lines[0].notes.append(
        f"'{s.span_text(i, got[0])}' on {bars} bars computed on daily bars (a length in days "
        "counts days)"
    )
    return got


def frame_at(s: Stream, k: int) -> tuple[int, str] | None:
    """(end, timeframe) of "weekly", "monthly", "hourly", "4-hour", "4h", "15-minute", "60 min",
    "H4": another timeframe's bars."""
    if s.low(k) in TIMEFRAMES or s.low(k) in s.frames:
        return k + 1, {**TIMEFRAMES, **s.frames}[s.low(k)]
    metatrader = metatrader_frame(s, k)
    if metatrader is not None:
        return metatrader
    code = one_bar_frame_code(s, k)
    if code is not None and code[1] in {**TIMEFRAMES, **s.frames}:
        return code[0], {**TIMEFRAMES, **s.frames}[code[1]]
    got = s.number(k)
    if got is None or s.low(got[0]) not in FRAME_UNITS:
        return None
    minutes = got[1] * FRAME_UNITS[s.low(got[0])]
    frame = _FRAME_OF_MINUTES.get(minutes)
    return None if frame is None else (got[0] + 1, frame)


def one_bar_frame_code(s: Stream, k: int) -> tuple[int, str] | None:
    """(end, frame word) of "d1", "1d", "w1": a longer frame's one-bar code (the tokeniser has
    put the number first), read as the word it stands for ("daily", "weekly")."""
    word = ONE_BAR_FRAME_CODES.get(s.low(k + 1))
    if word is None or s.kind(k) != "num" or s.tokens[k].value != 1:
        return None
    if s.tokens[k].text != "1" or s.tokens[k].end != s.tokens[k + 1].start:
        return None  # "1 d", "1.0d": no code
    return k + 2, word


def metatrader_frame(s: Stream, k: int) -> tuple[int, str] | None:
    """(end, timeframe) of "H4", "M15", "H1": MetaTrader's names of intraday time frames, the
    unit's letter written right before the count."""
    low = s.low(k)
    if len(low) != 1 or low not in FRAME_UNITS or s.kind(k + 1) != "num":
        return None
    if s.tokens[k].end != s.tokens[k + 1].start:
        return None  # "m 15": no name
    minutes = (s.tokens[k + 1].value or 0) * FRAME_UNITS[low]
    frame = _FRAME_OF_MINUTES.get(minutes)
    return None if frame is None else (k + 2, frame)


def _other_timeframe(s: Stream, i: int, subject: Operand | None) -> tuple[int, Operand] | None:
    """ "the weekly 20 EMA", "its monthly 10 SMA": an indicator computed on weekly (monthly)
    bars, its length counted in those bars ("the weekly 10-week SMA" is 10 weekly bars, "the
    weekly 50-day SMA" 10 too)."""
    k = s.skip(i, ARTICLES | {"its", "their"})
    framed = frame_at(s, k)
    if framed is None or frame_at(s, framed[0]) is not None:
        return None
    named = s.longest(k, KEYWORDS)
    if named is not None and named[0] > framed[0]:
        return None  # "the monthly VWAP": one indicator's name (anchored to each month)
    after, frame = framed
    with counting_bars_of_frame(frame):
        got = parse_operand(s, after, subject)
    if got is None or not isinstance(got[1], Ind) or got[1].timeframe or got[1].symbol:
        return None
    got[1].timeframe = frame
    return got


def _role_alone(s: Stream, i: int, j: int, pre: _Prefix) -> bool:
    """ "fast crosses over slow", "fast above slow": an average's role said with no average
    after it ("fast", "slow", never the sides "long"/"short") is that line where it crosses, is
    crossed or is compared with another ("the trend is slow" is no line)."""
    said = [s.low(k) for k in range(i, j) if s.low(k) not in ARTICLES]
    if pre.nums or said not in ([word] for word in ROLES_SAID_ALONE):
        return False
    relation = CROSS_WORDS | ABOVE_PREPS | BELOW_PREPS
    before = {s.low(k) for k in range(i - 3, i)}  # "crosses (back) over slow", "above slow"
    return s.low(s.optional(j, "is")) in relation or not before.isdisjoint(relation)


def _numeric_operand(
    s: Stream, i: int, j: int, pre: _Prefix, subject: Operand | None
) -> tuple[int, Operand] | None:
    if not pre.nums or pre.typ or pre.band:
        return _center_or_zero(s, j, pre)
    value, tag = pre.nums[0]
    if tag == "period" and pre.lag:
        return None  # "over the last 5 years": a span of history, not an average
    day_unit = s.low(j - 1) in SPAN_UNITS
    if day_unit and s.first(j, IN_A_ROW) is not None:
        return None  # "(closes lower) four days in a row": a count of bars, never an average
    if s.low(j - 1) in CLOCK_MINUTES and (s.low(j) in BAR_WORDS or s.low(i - 1) in AT_ON):
        return None  # "on the 15-minute chart", "on the 5 min": the bars tested, not an average
    if tag == "period" and len(pre.nums) == 1 and (pre.article or day_unit):
        ind = Ind("bare", params={"period": value}, pos=i, role=pre.role, notes=pre.notes)
        return j, ind
    first = s.number(i)
    if len(pre.nums) > 1 and not pre.role and first and s.low(first[0]) == ",":
        return first[0], Num(value)  # "> 70, 3:1 margin": a level, then the next clause
    if pre.role or len(pre.nums) > 1 or tag in ("std", "period"):
        return None  # a span of time ("over 5 years") is never a level
    if s.low(j) in AM_PM:
        return None  # "close at 4 pm": a time of day, never a price of 4
    if s.phrase(j, "of the last") or s.phrase(j, "out of"):
        return None  # "closed lower 4 out of the last 5 days": a count of bars, never a level
    least = 2 if isinstance(subject, Ind) and subject.family == "bare" else 5
    line = isinstance(subject, Ind) and subject.family in MA_FAMILIES and subject.output is None
    # "the 200", "the 9 crosses the 21", "the 10 sma goes under the 20"
    average = isinstance(subject, Price) or least == 2 or line
    if pre.article and average and value >= least and s.low(j) not in LEVEL_NOUNS:
        note = f"'the {value:g}' read as the {value:g}-bar moving average"
        return j, Ind("bare", params={"period": value}, pos=i, notes=[note])
    end = j
    end = s.optional(end, PERCENT_WORDS)
    end = s.optional(end, MONEY_WORDS)  # "drops below 150 dollars": the price, in its currency
    end = s.optional(end, THRESHOLD_NOUNS)
    return end, Num(value)


def _center_or_zero(s: Stream, j: int, pre: _Prefix) -> tuple[int, Operand] | None:
    if pre.nums or pre.typ:
        return None
    if s.low(j) in CENTRE_LINE:
        return j + 1, Num(level="center")
    if s.phrase(j, "center line") or s.phrase(j, "centre line") or s.phrase(j, "mid line"):
        return j + 2, Num(level="center")
    if s.low(j) in ("oversold", "overbought"):
        end = j + 1
        end = s.optional(end, ZONE_TAILS)
        return end, Num(level=s.low(j))
    if pre.band == "middle" and s.low(j) in ("line",):
        return j + 1, Num(level="center")
    return None


def _build(
    s: Stream,
    i: int,
    end: int,
    family: str,
    output: str | None,
    pre: _Prefix,
    subject: Operand | None,
) -> tuple[int, Operand] | None:
    if family == "price":
        return _price(s, end, output or "close", pre)
    if family == "volume":
        if s.low(end) in AVERAGE_WORDS:
            family, end = "volavg", end + 1
        elif s.phrase(end, "moving average"):
            family, end = "volavg", end + 2
        else:
            return end, Price("volume", lag=1 if pre.lag else 0)
    if family in ("high", "low"):
        return _high_low(s, i, end, family, pre)
    if pre.possessive and family in ("ma", "sma", "ema", "avg"):
        if isinstance(subject, Price) and subject.field == "volume":
            family = "volavg" if family in ("ma", "sma", "avg") else family
        elif isinstance(subject, Ind) and subject.family not in PRICE_FAMILIES:
            return _average_of(s, i, end, "ma" if family == "avg" else family, pre, subject)
    if pre.possessive and family in ("ma", "sma", "ema", "avg") and isinstance(subject, Pronoun):
        got = _build(s, i, end, family, output, pre, Price("close"))
        if got is not None and isinstance(got[1], Ind):
            got[1].its = True  # "it is below its 20-day average": of what "it" is
        return got
    if family == "avg":
        volume_subject = isinstance(subject, Price) and subject.field == "volume"
        price_subject = isinstance(subject, Price | Pronoun) and pre.article
        if not (pre.nums or pre.possessive or pre.role or volume_subject or price_subject):
            return None
        if isinstance(subject, Price) and subject.field == "volume":
            family = "volavg"
        elif isinstance(subject, Ind) and subject.family not in PRICE_FAMILIES:
            named = s.longest(end, KEYWORDS)  # "ATR is 1.5x the 20 day average ATR": its own
            if named is None or named[1][0] != subject.family or not pre.nums:  # type: ignore[index]
                return None
            got = _average_of(s, i, end, "sma", pre, subject)
            return None if got is None else (max(got[0], named[0]), got[1])
        else:
            family = "ma"
    if family in ("highest", "lowest"):
        return _channel(s, i, end, family, output or "close", pre)
    if family == "signal":
        if isinstance(subject, Ind) and subject.family in EMA_SIGNAL_FAMILIES:
            return _ema_signal_line(s, i, end, pre, subject)
        if isinstance(subject, Ind) and subject.family not in SIGNAL_FAMILIES:
            return None  # "CCI crosses its signal line": no signal line Botlab computes
        if isinstance(subject, Price) and pre.possessive:
            return None  # "the KST crosses its signal line": a price has no signal line
        stochastic = isinstance(subject, Ind) and subject.family in ("stoch", "slowstoch")
        family, output = ("stoch", "d") if stochastic else ("macd", "signal")
        if isinstance(subject, Pronoun) and pre.possessive and not stochastic:
            got = _indicator(s, i, end, family, output, pre)
            if got is not None and isinstance(got[1], Ind):
                got[1].its = True  # "it crosses its signal line": MACD's, or TRIX's once known
            return got
    own_d = isinstance(subject, Ind) and subject.family == "stochrsi" and not pre.nums
    if own_d and family in ("stoch", "macd") and output in ("d", "signal"):
        family, output = "stochrsi", "d"  # "the stoch RSI %K crosses above %D": its own
    return _indicator(s, i, end, family, output, pre)


def _ema_signal_line(
    s: Stream, i: int, end: int, pre: _Prefix, subject: Ind
) -> tuple[int, Operand] | None:
    """ "TRIX crosses above its signal line (9)": the signal line of an oscillator drawn with
    one, an EMA of it (9 bars unless said), as StockCharts and TradingView draw TRIX's."""
    got = _average_of(s, i, end, "ema", pre, subject)
    if got is None or not isinstance(got[1], Ind):
        return None
    line = got[1]
    if "period" not in line.params:
        said = _signal_length_said(s, i)  # "crosses above its signal (5) ... below its signal"
        line.params["period"] = said or 9
        if said is None:
            line.notes.append("its signal line read as the 9-bar EMA of it (the usual signal line)")
    return got


def _signal_length_said(s: Stream, i: int) -> float | None:
    """The length of a signal line said earlier in the text ("its signal (5)"), if any."""
    for k in range(i - 1, -1, -1):
        j = k + 1 + (s.low(k + 1) == "line")
        bracketed = s.low(j) in ("(", "[") and s.low(j + 2) in (")", "]")
        if s.low(k) == "signal" and bracketed and s.kind(j + 1) == "num":
            return float(s.tokens[j + 1].value or 0) or None
    return None


def _average_of(
    s: Stream, i: int, end: int, family: str, pre: _Prefix, subject: Ind
) -> tuple[int, Operand] | None:
    """ "(RSI crosses above) its 9-period EMA": the moving average of the subject indicator."""
    got = _indicator(s, i, end, family, None, pre)
    if got is None or not isinstance(got[1], Ind) or subject.timeframe or subject.symbol:
        return None
    got[1].of, got[1].source = subject, "indicator"
    return got


def _channel(
    s: Stream, i: int, end: int, kind: str, source: str, pre: _Prefix
) -> tuple[int, Operand] | None:
    """ "the highest high of the last 20 days", "20-day highest close"."""
    j, more, more_notes = parse_suffix_params(s, end)
    periods = [v for v, t in pre.nums + more if t in ("period", "bare")]
    if len(periods) > 1:
        return None
    params = {"period": periods[0]} if periods else {}
    return j, Ind(kind, params=params, source=source, pos=i, notes=pre.notes + more_notes)


def _price(s: Stream, end: int, fld: str, pre: _Prefix) -> tuple[int, Operand]:
    if s.low(end) in PRICE_NOUNS and fld in ("close", "open"):
        end += 1
    before = s.longest(end, BAR_BEFORE_AFTER)  # "the close the day before": the bar before's
    if before is not None and not pre.lag:
        return before[0], Price(fld, lag=1)
    day = s.longest(end, OF_THIS_DAY) if not pre.lag else None  # "the open of the day"
    end = day[0] if day is not None else end
    return end, Price(fld, lag=1 if pre.lag else 0, of_the_day=pre.of_the_day or day is not None)


def _high_low(s: Stream, i: int, end: int, family: str, pre: _Prefix) -> tuple[int, Operand] | None:
    kind = "highest" if family == "high" else "lowest"
    nums = list(pre.nums)
    notes = list(pre.notes)
    j, more, more_notes = parse_suffix_params(s, end)
    if more:
        nums += more
        notes += more_notes
    periods = [v for v, t in nums if t in ("period", "bare")]
    if not periods:
        j, price = _price(s, end, family, pre)
        if isinstance(price, Price) and j == i + 2 and s.low(i) in ("the", "its", "that", "this"):
            price.bare = True  # "sell when it gets back to the high": which high is settled later
        return j, price
    if s.low(j) in ("earlier", "ago", "before") and periods[0] == int(periods[0]) and not pre.lag:
        return j + 1, Price(family, lag=int(periods[0]))  # "the high 2 bars earlier"
    source = family
    if s.low(j) in ("close", "closes", "closing"):
        source = "close"
    of = s.skip(j + 1, ARTICLES) if s.low(j) == "of" else j
    if of > j and s.low(of) == family + "s":  # "the 3-day low of (the) lows": the same line
        j = of + 1
    elif of > j and s.low(of) in ("closes", "closing"):  # "the 20-day high of closes"
        source, j = "close", s.optional(of + 1, PRICE_NOUNS)
    ind = Ind(kind, params={"period": periods[0]}, source=source, pos=i, notes=notes)
    return j, ind


def _lines_listed_after(
    s: Stream, end: int, family: str, pre: _Prefix
) -> tuple[int, Operand] | None:
    """ "all three MAs (20/50/200)", "all the EMAs 20, 50 and 200": averages said with "all"
    and their lengths listed after the noun are each of those lines (as "the 20, 50 and 200
    day SMAs" are); a count said ("all three") must match the lengths."""
    if family not in MA_FAMILIES or pre.each is None or pre.nums:
        return None
    bracket = s.low(end) == "("
    j, nums, _ = parse_number_list(s, end + bracket)
    periods = [v for v, t in nums if t != "std"]
    if len(periods) < 2 or len(periods) != len(nums) or pre.each not in (0, len(periods)):
        return None
    if bracket and s.low(j) != ")":
        return None
    kind = pre.typ or family
    return j + bracket, Multi([Ind(kind, params={"period": p}, pos=end) for p in periods])


def _indicator(
    s: Stream, i: int, end: int, family: str, output: str | None, pre: _Prefix
) -> tuple[int, Operand] | None:
    source = "close"
    if family == "volavg":
        family, source = "ma", "volume"
    slow_stoch = family == "slowstoch"
    if slow_stoch:
        family = "stoch"
    end, output = _output_words(s, end, family, output)
    if s.low(end) == "(" and s.low(end + 2) == ")" and s.low(end + 1) in KEYWORDS:
        end += 3  # "Relative Strength Index (RSI)"
    if s.low(end) in SYSTEM_NOUNS and s.low(end + 1) in ("(", "["):
        end += 1
    periods = [v for v, t in pre.nums if t != "std"]
    if family in MA_FAMILIES and len(periods) > 1 and not pre.role:
        kind = pre.typ or family  # "the 50-day and 200-day moving averages"
        lines = [Ind(kind, params={"period": p}, pos=i) for p in periods]
        lines[0].notes = list(pre.notes)  # "10 weeks read as 50 daily bars"
        return end, Multi(lines)
    listed = _lines_listed_after(s, end, family, pre)
    if listed is not None:
        return listed
    levels = _levels_in_brackets(s, end, family)
    named_inside = named_in_brackets(s, end, family)
    if named_inside is not None:  # "the lower band (BB 20, 2.5)"
        family = named_inside[0]
        (j, more, more_notes), given = named_inside[1], {}
    elif levels is not None:
        j, more, more_notes, given = levels
    else:
        (j, more, more_notes), given = parse_suffix_params(s, end), {}
        if more and family in table.TABLE and _named_settings(s, end, family)[0] > j:
            j, more, more_notes = end, [], []  # "with 20 EMA and 1.5 ATR": named, read below
    if family == "vwap" and (pre.nums or more):
        family = "rolling_vwap"  # "the 20-day VWAP", "VWAP(20)": over the last 20 bars
    if family in ("swing_high", "swing_low") and pre.nums:  # "the 3-bar swing high"
        pre.notes.append(
            f"'{s.span_text(i, end)}' read as a swing of {pre.nums[0][0]:g} bars on each side (a "
            "'3-bar' swing counting all its bars is 1 each side: say 'of 1 bar each side')"
        )
    nums = pre.nums + more
    notes = pre.notes + more_notes
    if more and pre.nums and _params(family, nums) is None:
        j, nums, notes = end, pre.nums, pre.notes
    while more and s.kind(j) == "num" and family not in MA_FAMILIES:  # "supertrend 7 3"
        k, extra, _ = parse_suffix_params(s, j)
        said = s.number(j) if not extra else None
        fraction = said is not None and _setting_value(len(nums), said[1], "bare")
        if said is not None and fraction and s.low(said[0]) not in ("%", "percent", "times", "x"):
            k, extra = said[0], [(said[1], "bare")]  # "keltner 20 1.5": its multiplier
        if not extra or _params(family, nums + extra) is None:
            break
        j, nums = k, nums + extra
    if more and family in table.TABLE and "multiplier" in table.TABLE[family].params:
        j, nums = _atr_multiplier_tail(s, j, nums)  # "keltner 20 2.5 atr"
    named: dict[str, float] = {}
    if not more and family in table.TABLE:  # "supertrend (ATR 10, multiplier 3)"
        j, named = _named_settings(s, j, family)
    j, output = _output_words(s, j, family, output)
    j, source = _source_words(s, j, source)
    if family == "zscore" and not (nums or more) and (mean := _mean_measured_from(s, j)):
        j, nums = mean[0], [(mean[1], "period")]  # "the z-score of close vs its 20-day mean"
    if not more:
        k, more, more_notes = parse_suffix_params(s, j)
        if more and _params(family, nums + more) is not None:
            j, nums, notes = k, nums + more, notes + more_notes
    if family == "ma" and pre.typ:
        family = pre.typ
    if family in BANDED and pre.band:
        output = pre.band
    if family in BANDED and output is None:
        j2 = j
        if s.low(j2) in BAND_WORDS:
            output = BAND_WORDS[s.low(j2)]
            j = j2 + 1
            j = s.optional(j, LINE_NOUNS)
    params = _params(family, nums)
    if params is None:
        return None
    params.update(named)
    if family == "stoch" and output == "d" and len(nums) == 1:
        params = {"d_period": nums[0][0]}  # "%D(3)"
    if slow_stoch and "smooth" not in params:
        params["smooth"] = 3
    role = pre.role if not params.get("period") else None
    ind = Ind(family, output, params, role=role, source=source, pos=i, notes=notes, levels=given)
    return j, ind


def _mean_measured_from(s: Stream, j: int) -> tuple[int, float] | None:
    """ "(the z-score of close) vs its 20-day mean": the end of those words and the length of
    the simple average a z-score is measured from (its own length)."""
    lead = s.longest(j, VERSUS_WORDS)
    got = parse_operand(s, s.skip(lead[0], ARTICLES | {"its"})) if lead else None
    mean = got[1] if got else None
    if (
        not isinstance(mean, Ind)
        or mean.family not in ("ma", "sma")
        or set(mean.params) != {"period"}
    ):
        return None
    return got[0], mean.params["period"]


def named_in_brackets(
    s: Stream, i: int, family: str
) -> tuple[str, tuple[int, list[tuple[float, str]], list[str]]] | None:
    """ "the lower band (BB 20, 2.5)", "the 20 line (EMA 20)": the indicator named again in
    brackets, with its settings; the name there says which band ("band" alone is Bollinger's)."""
    if s.low(i) not in ("(", "["):
        return None
    named = s.longest(i + 1, KEYWORDS)
    if named is None:
        return None
    k, (kind, _) = named  # type: ignore[misc]
    if kind != family and not (family == "band" and kind in ("bbands", "keltner")):
        return None
    end, nums, notes = parse_number_list(s, k)
    if not nums or s.low(end) not in (")", "]"):
        return None
    return kind, (end + 1, nums, notes)


def _levels_in_brackets(
    s: Stream, i: int, family: str
) -> tuple[int, list[tuple[float, str]], list[str], dict[str, float]] | None:
    """ "RSI (14, 70/30)", "Stoch (14, 80-20)": an oscillator's length and then its overbought
    and oversold levels in one bracket, as TradingView scripts list their inputs."""
    levels = table.TABLE[family].levels if family in table.TABLE else {}
    if s.low(i) not in ("(", "[") or "overbought" not in levels:
        return None
    length = parse_period(s, i + 1)
    if length is None or s.low(length[0]) != ",":
        return None
    first = s.number(length[0] + 1)
    if first is None:
        return None
    k = first[0] + (s.low(first[0]) in ("/", "-"))  # "80/20", "80-20"
    second = s.number(k)
    if second is None or s.low(second[0]) not in (")", "]"):
        return None
    # The signs are the standard levels' ("80-20" is not 80 and -20; "100/-100" is read without
    # its minus sign): CCI's +100/-100, Williams %R's -20/-80.
    up, down = (1 if levels[side] >= 0 else -1 for side in ("overbought", "oversold"))
    big, small = sorted((abs(first[1]), abs(second[1])), reverse=True)
    high, low = (big, -small if down < 0 else small) if up > 0 else (-small, -big)
    note = f"'{high:g}/{low:g}' in brackets read as the overbought/oversold levels"
    notes = [length[2]] if length[2] else []
    given = {"overbought": high, "oversold": low}
    return second[0] + 1, [(length[1], "bare")], [*notes, note], given


def _output_words(s: Stream, j: int, family: str, output: str | None) -> tuple[int, str | None]:
    if family == "macd":
        if s.low(j) == "line":
            return j + 1, "macd"
        if s.low(j) in HISTOGRAM_WORDS:
            return j + 1, "hist"
        if s.phrase(j, "signal line"):
            return j + 2, "signal"
        if s.low(j) == "signal":
            return j + 1, "signal"
    if family in ("stoch", "stochrsi"):  # "StochRSI (14,14,3,3) K"
        if s.low(j) in ("%k", "k"):
            return j + 1, "k"
        if s.low(j) in ("%d", "d"):
            return j + 1, "d"
        if s.low(j) == "line":
            return j + 1, output
    if family == "donchian" and s.low(j) in HIGH_LOW_WORDS:
        return j + 1, "upper" if s.low(j).startswith("high") else "lower"
    if family in BANDED and s.low(j) in MIDDLE_LINE_NAMES:  # "the Donchian midline", "basis"
        return j + 1, "middle"
    if family in BANDED and s.low(j) in BAND_WORDS:
        end = j + 1
        end = s.optional(end, LINE_NOUNS)
        return end, BAND_WORDS[s.low(j)]
    return j, output


def _source_words(s: Stream, j: int, source: str) -> tuple[int, str]:
    k = j
    if s.low(k) in ("of", "on"):
        k = s.skip(k + 1)
        if s.low(k) in CLOSE_PRICE_WORDS:
            k += 1
            k = s.optional(k, PRICE_NOUNS)
            return k, "close"
        if s.low(k) in ("volume", "volumes"):
            return k + 1, "volume"
    return j, source


def _possessive_owner(s: Stream, i: int) -> tuple[int, str] | None:
    """ "SPY's" (another symbol's: its ticker), "the stock's" (the traded symbol's: "")."""
    j = i + 1 if s.low(i) == "the" else i
    if s.low(j) in ("stock's", "ticker's", "share's", "price's"):
        return j + 1, ""
    text = s.tokens[i].text if 0 <= i < s.n else ""
    ticker = text[:-2]
    if text.endswith("'s") and ticker.isupper() and 2 <= len(ticker) <= 5:
        return (i + 1, ticker) if ticker not in NOT_TICKERS else None
    return None


def _named_settings(s: Stream, j: int, family: str) -> tuple[int, dict[str, float]]:
    """Settings named by words, in parentheses or after "with": "(period 7, multiplier 2)",
    "with ATR 10 and multiplier 3", "(20 EMA, 2 ATR)"; only names the indicator has, else none
    are read (the words are then reported)."""
    expected = S.INDICATOR_PARAMS.get(family, {})
    bracket = s.low(j) in ("(", "[")
    k = j + 1 if bracket or s.low(j) in ("with", "using") else j
    named: dict[str, float] = {}
    while True:
        word = s.longest(k, SETTING_NAMES)
        got = s.number(word[0]) if word else None
        if word is not None and got is not None:
            key, k = str(word[1]), got[0]
            value = got[1]
        elif (got := s.number(k)) is not None and (unit := s.longest(got[0], SETTING_UNITS)):
            key, k, value = str(unit[1]), unit[0], got[1]
            length = s.number(k)  # "2 x ATR 10": the multiplier, then the ATR's own length
            if key == "multiplier" and length is not None and "atr_period" in expected:
                if "atr_period" in named:
                    return j, {}
                named["atr_period"], k = length[1], length[0]
        else:
            break
        if key == "atr_period" and "atr_period" not in expected:
            key = "period"  # the Supertrend's period is its ATR's
        if key == "period" and "bars" in expected and s.low(k - 1) in ("bars", "bar"):
            key = "bars"  # "the swing high (3 bars)": a swing's bars on each side
        if key not in expected or key in named:
            return j, {}
        named[key] = value
        k = s.optional(k, (",", "and", "&", "/"))
    if not named or (bracket and s.low(k) not in (")", "]")) or s.first(k, IN_A_ROW):
        return j, {}  # "above the band 2 days in a row" is a run of bars, not the band's period
    return (k + 1 if bracket else k), named


def params_for(family: str, nums: list[tuple[float, str]]) -> dict[str, float] | None:
    """The settings of ``family`` from numbers said for it, None when they cannot fit."""
    return _params(family, nums)


def _params(family: str, nums: list[tuple[float, str]]) -> dict[str, float] | None:
    """Map numbers to parameters in the conventional order; None when they cannot fit."""
    periods = [v for v, t in nums if t != "std"]
    stds = [v for v, t in nums if t == "std"]
    if family in ("ma", "sma", "ema", "rsi", "roc", "atr", "zscore", "bare", "highest", "lowest"):
        if len(periods) > 1 or stds:
            return None
        return {"period": periods[0]} if periods else {}
    if family == "macd":
        if len(periods) > 3 or stds:
            return None
        return dict(zip(("fast", "slow", "signal"), periods, strict=False))
    if family in ("bbands", "band"):
        params: dict[str, float] = {}
        if periods:
            params["period"] = periods[0]
        if stds:
            params["std"] = stds[0]
        elif len(periods) > 1:
            params["std"] = periods[1]
        return params if len(periods) <= 2 and len(stds) <= 1 else None
    if family == "donchian":  # "Donchian 55/20": the entry's channel, then the exit's
        if len(periods) > 2 or stds:
            return None
        return dict(zip(("period", "exit_period"), periods, strict=False))
    if family == "stoch":
        if len(periods) == 3:
            return {"k_period": periods[0], "smooth": periods[1], "d_period": periods[2]}
        return dict(zip(("k_period", "d_period"), periods, strict=False))
    if family in table.TABLE:  # numbers fill the table's parameters in their order
        names = list(table.TABLE[family].params)
        values = [v for v, _ in nums]
        return None if len(values) > len(names) else dict(zip(names, values, strict=False))
    return {}


# -- relations ----------------------------------------------------------------------------------


def _shorthand_cross(s: Stream, i: int) -> bool:
    """The "x" at ``i`` is traders' shorthand for a crossing, not a multiplier ("2 x ATR", "ATR
    x 2"): before a word ("ema9 x ema21"), a length written against its average ("9ema x
    21ema"), or a level with the crossing's direction after it ("macd hist x 0 up")."""
    if s.kind(i + 1) == "word":
        return True
    if s.kind(i + 1) != "num":
        return False
    after = s.tokens[i + 2] if i + 2 < s.n else None
    attached = after is not None and after.kind == "word" and after.start == s.tokens[i + 1].end
    return (attached and s.kind(i - 1) != "num") or s.low(i + 2) in CROSS_DIRECTIONS


def parse_relation(s: Stream, i: int) -> tuple[int, Rel] | None:
    """A relation at ``i`` (its object is parsed separately unless it is unary)."""
    if s.low(i) in SYMBOL_OPS:
        multiple = _multiplier(s, i)  # "volume > 1.5x its 20 SMA"
        return multiple or (i + 1, Rel("compare", SYMBOL_OPS[s.low(i)]))
    if s.low(i) in ("x", "\u00d7") and s.low(i + 1) in ABOVE_PREPS | BELOW_PREPS:
        return i + 2, Rel("cross", "above" if s.low(i + 1) in ABOVE_PREPS else "below")  # "x over"
    if s.low(i) in ("x", "\u00d7") and _shorthand_cross(s, i):
        return i + 1, Rel("cross", None)  # traders' shorthand: "ema9 x ema21 up", "9ema x 21ema"
    j = i
    close_subject = False
    j += s.low(j) in VAGUE_NOUNS  # "the rsi thing is low"
    while s.low(j) in COPULAS or s.low(j) == "it's" or s.longest(j, MODALS) is not None:
        j = hit[0] if (hit := s.longest(j, MODALS)) is not None else j + 1
    moved = _moved_for_bars(s, j)
    if moved is not None:  # "OBV rises 3 days in a row", "the histogram has risen 3 bars"
        return moved
    held = 0
    back = False
    if s.low(j) in CLOSE_VERBS:
        close_subject, j = True, j + 1
        back, j = s.low(j) == "back", s.optional(j, "back")  # "closes back above it"
        got_held = parse_held(s, j)
        if got_held is not None:  # "closes 3 days in a row above the upper band"
            j, held = got_held
        word = s.low(j)
        if word in MOVE_WORDS and s.low(j + 1) != "than" and (s.number(j + 1) is None):
            rel = ">" if word in HIGHER_WORDS else "<"
            return j + 1, Rel("compare", rel, close_subject=True, slope=True)
    if s.low(j) == "between":
        return j + 1, Rel("between", None)
    for words, kind in ((BROKEN_WORDS, "broken"), (TOUCHED_WORDS, "touched")):
        got = s.first(j, words)
        if got is not None and j > i:  # "the 20-day high is broken", "the lower band is touched"
            return got, Rel(kind, None)
    breaks = s.first(j, BREAKS_WORDS)
    if breaks is not None and clause_end(s, breaks) == breaks:  # "the upper band breaks"
        return breaks, Rel("broken", None)
    for parse in (
        _back_from_beyond,
        _unary,
        _zone,
        _multiplier,
        _percent_offset,
        _atr_offset,
        _cross,
        _comparative,
        _touch,
    ):
        got = parse(s, j)
        if got is not None:
            end, rel = got
            rel.held = held
            rel.back = rel.back or back
            rel.close_subject = rel.close_subject or close_subject
            if close_subject and rel.kind == "cross":
                rel.kind = "compare"
                rel.rel = ">" if rel.rel == "above" else "<" if rel.rel == "below" else None
                if rel.rel is None:
                    return None
            return end, rel
    return None


def _moved_for_bars(s: Stream, j: int) -> tuple[int, Rel] | None:
    """A rise or fall said with the bars it lasts: rising (or falling) on each of them."""
    k = j + (s.low(j) in ("has", "have")) + (s.low(j + 1) == "been")
    if s.low(k) not in RISING | FALLING | set(HELD_MOVES):
        return None
    held = parse_held(s, k + 1)
    count = s.number(k + 1)  # "OBV falls 3 days": the bars of the fall
    counted = count is not None and s.low(count[0]) in HELD_UNITS
    if held is None and counted and count[1] == int(count[1]) and 2 <= count[1] <= 50:
        held = count[0] + 1, int(count[1])
    if held is None:
        return None
    up = s.low(k) in RISING or HELD_MOVES.get(s.low(k)) == ">"
    return held[0], Rel("compare", ">" if up else "<", slope=True, held=held[1])


def _unary(s: Stream, j: int) -> tuple[int, Rel] | None:
    hit = s.longest(j, UNARY)
    if hit is None:
        return None
    end, (kind, rel) = hit  # type: ignore[misc]
    if kind == "cross0":
        return end, Rel("cross", rel, b=Num(0.0))
    if kind == "cmp0":
        return end, Rel("compare", rel, b=Num(0.0))
    return end, Rel("compare", rel, slope=True)


def _zone(s: Stream, j: int) -> tuple[int, Rel] | None:
    """ "oversold", "becomes overbought", "leaves oversold territory"."""
    k = j
    mode = "state"
    hit = s.longest(k, ZONE_VERBS)
    if hit is not None:
        mode, k = hit[1], hit[0]  # type: ignore[assignment]
    k = s.skip(k, ARTICLES | {"in", "into", "of", "the", "from"})
    level, end, notes = s.low(k), k + 1, []
    if level not in ("oversold", "overbought"):
        plain = _plain_zone(s, k) if _oscillator_before(s, j) else None  # "the RSI is low"
        if plain is None:
            return None
        end, level = plain
        notes = [f"'{s.span_text(k, end)}' read as {level}"]
    end = s.optional(end, ZONE_TAILS)
    low_side = level == "oversold"
    if mode == "state":
        rel = "<" if low_side else ">"
        return end, Rel("compare", rel, b=Num(level=level), notes=notes, plain_zone=bool(notes))
    into = mode == "into"
    direction = ("below" if into else "above") if low_side else ("above" if into else "below")
    return end, Rel("cross", direction, b=Num(level=level), notes=notes, plain_zone=bool(notes))


def _back_from_beyond(s: Stream, j: int) -> tuple[int, Rel] | None:
    """ "going up from under 30", "coming down from over 70": a cross back over that level."""
    k = j + (s.low(j) in TURN_BACK_VERBS)
    way = s.low(k)
    if way not in ("up", "down") or s.low(k + 1) != "from":
        return None
    side = s.low(k + 2)
    below = side in BELOW_PREPS and way == "up"
    if not (below or side in ABOVE_PREPS and way == "down") or s.number(k + 3) is None:
        return None
    return k + 3, Rel("cross", "above" if below else "below")


def _of_an_oscillator(s: Stream, a: Operand | None, start: int) -> bool:
    """``a`` is an oscillator read against levels, or "it" after one was named."""
    if isinstance(a, Ind):
        return a.family in LEVELLED
    if not isinstance(a, Pronoun):
        return False
    named = (s.longest(k, KEYWORDS) for k in range(start))
    return any(hit is not None and hit[1][0] in LEVELLED for hit in named)  # type: ignore[index]


def _oscillator_before(s: Stream, j: int) -> bool:
    """An oscillator read against levels, or "it", said just before the verb at ``j`` ("the RSI
    thing is", "when it gets"): only its zones are said in plain words."""
    for k in range(max(j - 4, 0), j):
        if s.low(k) in PRONOUNS | {"its", "it's"}:
            return True
        hit = s.longest(k, KEYWORDS)
        if hit is not None and hit[1][0] in LEVELLED:  # type: ignore[index]
            return True
    return False


def _plain_zone(s: Stream, j: int) -> tuple[int, str] | None:
    """ "(the RSI is) low", "really high": oversold / overbought said in plain words (only of an
    oscillator, checked where the subject is known): the end and the zone."""
    k = s.skip(j, PLAIN_ZONE_LEADS)
    level = PLAIN_ZONES.get(s.low(k))
    if level is None or s.number(k + 1) is not None or s.low(k + 1) in ("than", "of", "as"):
        return None
    if s.low(s.skip(k + 1, frozenset({","}))) in APPROXIMATELY | {"say", "eg", "ie"}:
        return None  # "really low, say under 20": the level said next is the one meant
    return k + 1, level


def _multiplier(s: Stream, j: int) -> tuple[int, Rel] | None:
    """ "more than twice", "at least 1.5 times", "3x"; with a comparison, a fraction: "less
    than half", "under 30% of"."""
    k = j
    op = ">="
    hit = s.longest(k, COMPARATIVES)
    if hit is None and s.low(k) in SYMBOL_OPS:  # "volume > 1.5x its 20 SMA", "> 2 x avg volume"
        said = s.number(k + 1)
        if said is None or s.low(said[0]) not in TIMES_WORDS:
            return None  # "> 30": a plain comparison
        hit = (k + 1, SYMBOL_OPS[s.low(k)])
    if hit is not None:
        op = hit[1]  # type: ignore[assignment]
        k = hit[0]
    low = s.low(k)
    share = s.percent(k) if hit is not None else None
    whole = parse_operand(s, share[0] + 1) if share is not None else None
    if whole is None or isinstance(whole[1], Price) or s.low(share[0] + 1) in PRICE_SUBJECTS:  # type: ignore[index]
        share = None  # "ATR is under 2% of the stock's price": ATR% of the close, read elsewhere
    if low in MULTIPLIER_WORDS:
        factor, k = MULTIPLIER_WORDS[low], k + 1
    elif hit is not None and low in FRACTION_WORDS:
        factor, k = FRACTION_WORDS[low], k + 1
    elif share is not None and s.low(share[0]) == "of":
        factor, k = share[1] / 100, share[0] + 1
    else:
        got = s.number(k)
        if got is None or s.low(got[0]) not in TIMES_WORDS:
            return None
        factor, k = got[1], got[0] + 1
    if s.low(k) in ("as", "the", "its", "of") and s.low(k + 1) in SIZE_ADJECTIVES:
        k += 2
        k = s.optional(k, "as")
    if s.low(k) in ("above", "over", "higher", "more"):
        k += 1
        k = s.optional(k, "than")
    return k, Rel("compare", op, times=factor)


def _percent_offset(s: Stream, j: int) -> tuple[int, Rel] | None:
    """ "5% above", "more than 3% below", "15% down from", "10% off", "up 1% from" (at least
    1% above); in price, "$5 below", "10 pips above"
    (:func:`~engine.generation._price_units.price_distance`)."""
    side = OFFSET_SIDES_FIRST.get(s.low(j))
    if side is not None:  # "up 1% from the open", "down more than 3% from the 20-day high"
        k, strict = parse_bound(s, j + 1)
        got = s.percent(k)
        end = s.longest(got[0], OFFSET_FROM) if got is not None else None
        if got is None or end is None or s.first(end[0], PREVIOUS_CLOSE) is not None:
            return None  # "down 2% from yesterday's close": a move over 1 bar, read as such
        factor = 1 + got[1] / 100 if side == "above" else 1 - got[1] / 100
        op = (">" if strict else ">=") if side == "above" else ("<" if strict else "<=")
        return end[0], Rel("compare", op, times=factor)
    k, strict = parse_bound(s, j)
    at_most = _at_most(s, j)  # "no more than 2% above": the close on the line's side of it
    k, strict = at_most or (k, strict)
    got = s.percent(k)
    in_price = price_distance(s, k) if got is None else None
    if got is None and in_price is None:
        return None
    said = k
    k, amount = got or in_price  # type: ignore[misc]
    notes = [] if in_price is None else distance_notes(s, said, k, amount)
    if s.low(k) in ("or", "and") and s.low(k + 1) == "more":
        k += 2
        strict = False
    low = s.low(k)
    end = s.first(k, OFFSET_BELOW)  # "15% down from the 200-day average"
    if end is None and (low in BELOW_PREPS or s.phrase(k, "lower than")):
        end = k + (2 if low == "lower" else 1)
    below = end is not None
    if end is None:
        end = s.first(k, OFFSET_ABOVE)
    if end is None and (low in ABOVE_PREPS or s.phrase(k, "higher than")):
        end = k + (2 if low == "higher" else 1)
    if end is None:
        return None
    if at_most:  # the close on the line's own side of it also meets the bound: said
        side, other = ("below", "above") if below else ("above", "below")
        notes.append(
            f"'{s.span_text(j, end)}' read as: the close at most {s.span_text(said, k)} "
            f"{side} the line, or {other} it"
        )
    op = _bounded_op(below != bool(at_most), strict)
    return end, _offset_rel(op, -amount if below else amount, in_price is not None, notes)


def _at_most(s: Stream, j: int) -> tuple[int, bool] | None:
    """ "less than" (strict), "no more than", "at most" before a distance from a line: (the
    distance's start, strict); the close is then on the line's side of the moved line."""
    end = s.first(j, AT_MOST_DISTANCE)
    return None if end is None else (end, s.low(j) == "less")


def _bounded_op(below: bool, strict: bool) -> str:
    """The comparison of the close with a moved line it is below (or above), strict or not."""
    return ("<" if strict else "<=") if below else (">" if strict else ">=")


def _in_price(b: Operand) -> bool:
    """A line in price that a distance in price may move (a price, or an average, band or
    channel of prices), never an oscillator, a volume or a number."""
    if isinstance(b, Price | Pronoun):
        return True
    return isinstance(b, Ind) and b.family in PRICE_FAMILIES and b.source != "volume"


def _added_distance(s: Stream, k: int) -> tuple[int, float, list[str]] | None:
    """ "+ 2", "- $3", "minus 10 pips", "plus 50 cents" after a line: ``(end, signed distance
    in price, notes)``; a bare number is in the price's own units, a percent is no distance."""
    sign = {"+": 1.0, "plus": 1.0, "-": -1.0, "minus": -1.0}.get(s.low(k))
    if sign is None:
        return None
    got = price_distance(s, k + 1)
    if got is None:
        said = s.number(k + 1)
        unit = s.low(said[0]) if said is not None else ""
        if said is None or unit in PERCENT_WORDS or unit in MARKET_PRICE_UNITS | POINT_WORDS:
            return None  # "+ 2%": a multiple; "- 10 pips" of no known size: reported
        got = said
    return got[0], sign * got[1], distance_notes(s, k + 1, got[0], got[1])


def _added_atrs(s: Stream, k: int) -> tuple[int, float, float] | None:
    """ "+ 0.5 ATR", "plus 1.5 times the 14 day ATR", "- 1.5*ATR(14)", "plus one ATR" after a
    line: ``(end, signed number of ATRs, ATR period)`` (14 unless said)."""
    sign = {"+": 1.0, "plus": 1.0, "-": -1.0, "minus": -1.0}.get(s.low(k))
    got = s.number(k + 1) if sign is not None else None
    if got is None:
        return None
    j = s.skip(got[0] + (s.low(got[0]) in TIMES_WORDS), ARTICLES)
    period = 14.0
    length = s.number(j)
    if length is not None and PERIOD_UNITS.get(s.low(length[0] + (s.low(length[0]) == "-"))) == 1:
        period, j = length[1], length[0] + 1 + (s.low(length[0]) == "-")
    if s.low(j) not in ATR_WORDS:
        return None
    j += 1
    if s.low(j) == "(" and s.kind(j + 1) == "num" and s.low(j + 2) == ")":
        period, j = float(s.tokens[j + 1].value or 14.0), j + 3
    return j, sign * got[1], period


def _atrs_moved(b: Operand, atrs: tuple[int, float, float], said: str) -> Ind | None:
    """The line ``b`` moved by ATRs (``_added_atrs``): an EMA's Keltner line, an SMA's ATR band;
    None from any other line (no such line is built: the words stay unread and are reported)."""
    _, times, period = atrs
    if not isinstance(b, Ind) or b.times != 1 or b.plus or times == 0:
        return None
    return _atrs_from(b, (abs(times), period, "upper" if times > 0 else "lower"), said)


def _offset_rel(op: str, amount: float, in_price: bool, notes: list[str]) -> Rel:
    """A relation to its object moved by ``amount``: percent (a multiplier) or price (added)."""
    if in_price:
        return Rel("compare", op, plus=amount, notes=notes)
    return Rel("compare", op, times=1 + amount / 100, notes=notes)


def _atr_offset(s: Stream, j: int) -> tuple[int, Rel] | None:
    """ "2 ATR below", "more than 1.5 ATRs above": an offset in ATRs from an EMA (a Keltner
    line; see :func:`parse_relation_tail`)."""
    k, strict = parse_bound(s, j)
    at_most = _at_most(s, j)  # "less than 2 ATR above the 20 EMA": below the upper line
    k, strict = at_most or (k, strict)
    got = s.number(k)
    if got is None or s.low(got[0]) not in ATR_WORDS:
        return None
    k, period = got[0] + 1, 14.0
    if s.low(k) == "(" and s.kind(k + 1) == "num" and s.low(k + 2) == ")":
        period, k = float(s.tokens[k + 1].value or 14.0), k + 3
    if s.low(k) not in ABOVE_PREPS | BELOW_PREPS:
        return None
    below = s.low(k) in BELOW_PREPS
    op = _bounded_op(below != bool(at_most), strict)
    return k + 1, Rel("compare", op, atr_offset=(got[1], period, "lower" if below else "upper"))


def _an_extreme(line: Operand) -> bool:
    """An N-bar high or low, or a high or low said bare ("its high")."""
    if isinstance(line, Price):
        return line.field in ("high", "low") and (line.bare or not line.lag)
    return isinstance(line, Ind) and line.family in ("highest", "lowest")


def _crossed_object(s: Stream, k: int) -> bool:
    """The line or level after a verb that crosses it: "the 10 ema", "+50", "VWAP"."""
    if s.low(k) in BREAK_OBJECT_STARTS or s.kind(k) == "num" or s.low(k) in BAND_WORDS:
        return True  # ... "upper band": a band's line
    if s.low(k) in ("+", "-") and s.kind(k + 1) == "num":
        return True
    return s.longest(k, KEYWORDS) is not None


def _from_side_to_side(s: Stream, k: int) -> tuple[int, Rel] | None:
    """ "(RSI goes) from below 30 to above 30": a crossing of the line named last (the relation
    ends before it, so it is read as the object)."""
    first = parse_operand(s, k + 2)
    if first is None or s.low(first[0]) != "to":
        return None
    side = s.low(first[0] + 1)
    below = s.low(k + 1) in BELOW_PREPS
    if side not in (ABOVE_PREPS if below else BELOW_PREPS):
        return None
    return first[0] + 2, Rel("cross", "above" if below else "below")


def _cross(s: Stream, j: int) -> tuple[int, Rel] | None:
    said = s.longest(j, CROSS_OBJECT_VERBS)
    if said is not None and _crossed_object(s, said[0]):  # "loses the 10 ema", "tops +50"
        return said[0], Rel("cross", said[1])  # type: ignore[arg-type]
    verb = s.low(j)
    noun = verb in ("a", "an", "the")  # "a cross of the ...", never "X cross the Y upwards"
    if noun:
        j += 1
        verb = s.low(j)
    if verb not in RISING | FALLING | NEUTRAL:
        return None
    k = j + 1
    back = False
    particle = None
    while s.low(k) in PARTICLES:
        back = back or s.low(k) == "back"
        way = CROSS_DIRECTIONS.get(s.low(k))
        particle = particle or {"above": "up", "below": "down"}.get(way or "")
        k += 1
    times, plus, notes = 1.0, 0.0, []
    pct = s.percent(k)
    in_price = price_distance(s, k) if pct is None else None
    moved = pct or in_price
    if moved is not None and s.low(moved[0]) in ABOVE_PREPS | BELOW_PREPS:
        said, k = k, moved[0]  # "drops 2% below", "drops $5 below": the line moved by that much
        amount = moved[1] if s.low(k) in ABOVE_PREPS else -moved[1]
        times, plus = (1.0, amount) if in_price is not None else (1 + amount / 100, 0.0)
        notes = [] if in_price is None else distance_notes(s, said, k, moved[1])
    moved_from = s.longest(pct[0], OFFSET_FROM) if pct is not None else None
    directed = verb in RISING or verb in FALLING
    line = parse_operand(s, moved_from[0]) if moved_from is not None and directed else None
    if line is not None and not back and particle is None and not _an_extreme(line[1]):
        # "drops 1% from today's open", "rises 2% from the 50-day SMA": through the line moved
        # that far (from a high or low: a move from an extreme, see _extreme_phrases)
        up = verb in RISING
        times = 1 + pct[1] / 100 if up else 1 - pct[1] / 100  # type: ignore[index]
        return moved_from[0], Rel("cross", "above" if up else "below", back=back, times=times)
    if s.low(k) == "from" and s.low(k + 1) in ABOVE_PREPS | BELOW_PREPS:
        if verb not in CROSS_WORDS:
            return _from_side_to_side(s, k)
        side = "above" if s.low(k + 1) in BELOW_PREPS else "below"
        return k + 2, Rel("cross", side, back=back)  # "crosses from above"
    prep = s.low(k)
    said = s.longest(k, CROSS_DIRECTIONS) if prep in CROSS_DIRECTION_LEADS else None
    if said is not None:  # "crosses to the upside", "crosses going down"
        return said[0], Rel("cross", said[1], back=back)  # type: ignore[arg-type]
    rising, falling = verb in RISING, verb in FALLING
    if prep in ABOVE_PREPS and not falling:
        return _said_again(s, k + 1, "above"), Rel(
            "cross", "above", back=back, times=times, plus=plus, notes=notes
        )
    if prep in BELOW_PREPS and not rising:
        return _said_again(s, k + 1, "below"), Rel(
            "cross", "below", back=back, times=times, plus=plus, notes=notes
        )
    if prep in DIRECTED_PREPS and (rising or falling or particle):
        above = rising or particle == "up"
        return k + 1, Rel("cross", "above" if above else "below", back=back)
    if prep in ("to", "into") and verb in NEUTRAL and verb not in CROSS_WORDS:
        return k + 1, Rel("touch", None)
    if verb in CROSS_WORDS or (back and verb in NEUTRAL):
        if prep in ("of", "the") and verb in CROSSING_WORDS and (noun or prep == "of"):
            return None
        direction = {"up": "above", "down": "below"}.get(particle or "")
        return k, Rel("cross", direction, back=back)
    if noun and verb in BREAK_NOUNS and prep == "of" and particle is None:
        return k + 1, Rel("cross", None, breaks=True)  # "the break of the opening range high"
    said_object = prep in BREAK_OBJECT_STARTS or (_crossed_object(s, k) and s.low(k + 1) != "%")
    if verb in BREAK_VERBS and particle is None and said_object:
        return k, Rel("cross", None, breaks=True)  # "breaks (the) upper band": its side
    return None


def _extreme_said_as_a_day(s: Stream, end: int, b: object) -> bool:
    """ "(closes at) a 7-day low": an N-bar extreme named by the day's high or low alone, not
    the field it is of ("the lowest low of 7 days" says the lows)."""
    return (
        isinstance(b, Ind)
        and b.family in ("highest", "lowest")
        and b.source in ("high", "low")
        and s.low(end - 1) in ("high", "low")
        and s.low(end - 2) not in ("highest", "lowest")
    )


def _touch(s: Stream, j: int) -> tuple[int, Rel] | None:
    hit = s.longest(j, TOUCH_WORDS)
    if hit is None:
        return None
    return hit[0], Rel("touch", None)


def _comparative(s: Stream, j: int) -> tuple[int, Rel] | None:
    hit = s.longest(j, COMPARATIVES)
    if hit is None:
        return None
    end, op = hit
    if s.low(end) == "or" and s.low(end + 1) in ("equal", "equals"):
        end += 2
        end = s.optional(end, "to")
        op = {">": ">=", "<": "<="}.get(op, op)  # type: ignore[arg-type]
    elif s.low(end) == "than":
        end += 1
    return end, Rel("compare", op)  # type: ignore[arg-type]


# -- conditions ---------------------------------------------------------------------------------


def _atrs_from(b: Operand, offset: tuple[float, float, str], said: str) -> Ind | None:
    """The line ``offset`` (ATRs, their period, "upper"/"lower") from ``b``: from an EMA the
    Keltner line, from an SMA the ATR band, of the bars ``b`` is of ("the 20-day EMA" on
    hourly bars: the daily line); None from any other line."""
    family = ATR_OFFSET_LINES.get(b.family) if isinstance(b, Ind) else None
    if family is None or "period" not in b.params or b.source != "close":  # type: ignore[union-attr]
        return None
    times, atr_period, line = offset
    params = {"period": b.params["period"], "multiplier": times, "atr_period": atr_period}  # type: ignore[union-attr]
    sign = "+" if line == "upper" else "-"
    average, name = ("EMA", "Keltner line") if family == "keltner" else ("SMA", "ATR band")
    note = (
        f"'{said}' read as the {line} {name}: "
        f"{average}({params['period']:g}) {sign} {times:g} x ATR({atr_period:g})"
    )
    moved = Ind(family, line, params=params, pos=b.pos, notes=[note], named=b)  # type: ignore[union-attr]
    moved.timeframe, moved.symbol = b.timeframe, b.symbol  # type: ignore[union-attr]
    return moved


def _by_a_percent(s: Stream, k: int, cond: DCond) -> tuple[int, DCond]:
    """ "below its 52-week high by 10% (or more)", "above the 200 SMA by more than 5%": the line
    moved by that percent, as "10% below its 52-week high" is."""
    line = cond.b
    if (
        s.low(k) != "by"
        or cond.kind not in ("compare", "cross")
        or not isinstance(line, Ind | Price)
    ):
        return k, cond
    j = k + 1
    at_least = s.phrase(j, "at least")
    more = s.phrase(j, "more than")
    j = at_least or more or j
    pct = s.percent(j)
    if pct is None or line.times != 1 or cond.rel not in ("<", ">", "<=", ">=", "below", "above"):
        return _by_atrs(s, k, j, cond, at_least is not None)
    if cond.kind == "cross":  # "falls under the VWAP by 0.5%": crosses the line moved by 0.5%
        if at_least is not None or more is not None:
            return k, cond
        line.times = 1 - pct[1] / 100 if cond.rel == "below" else 1 + pct[1] / 100
        cond.end = pct[0]
        return pct[0], cond
    end = pct[0]
    or_more = s.phrase(end, "or more")
    if or_more is not None:
        end = or_more
    below = cond.rel in ("<", "<=")
    line.times = 1 - pct[1] / 100 if below else 1 + pct[1] / 100
    if at_least is not None or or_more is not None:
        cond.rel = "<=" if below else ">="
    cond.end = end
    return end, cond


def _by_atrs(s: Stream, k: int, j: int, cond: DCond, at_least: bool) -> tuple[int, DCond]:
    """ "above the 20 EMA by at least 2 ATR" (the amount at ``j``, "by" at ``k``): the state
    against the line that many ATRs away, as "at least 2 ATR above the 20 EMA" is."""
    got = s.number(j)
    if got is None or s.low(got[0]) not in ATR_WORDS or cond.kind != "compare":
        return k, cond
    below = cond.rel in ("<", "<=")
    offset = (got[1], 14.0, "lower" if below else "upper")
    moved = _atrs_from(cond.b, offset, s.span_text(cond.start, got[0] + 1))  # type: ignore[arg-type]
    if moved is None or cond.b.times != 1 or cond.b.plus:  # type: ignore[union-attr]
        return k, cond
    cond.b, cond.end = moved, got[0] + 1
    if at_least:
        cond.rel = "<=" if below else ">="
    cond.notes += moved.notes
    moved.notes = []
    return cond.end, cond


def _histogram_colour(s: Stream, j: int, a: Operand | None, start: int) -> tuple[int, DCond] | None:
    """ "the MACD histogram flips green", "... sell when it turns red": the histogram crossing 0
    (charts draw it green above 0 and red below); said of "it", only when the line it stands
    for, the last one named before it, is the histogram."""
    hit = s.longest(j, HISTOGRAM_COLOURS)
    if hit is None:
        return None
    histogram = isinstance(a, Ind) and a.family == "macd" and a.output == "hist"
    if isinstance(a, Pronoun) and not a.both:
        named = (k for k in range(start - 1, -1, -1) if s.longest(k, KEYWORDS) is not None)
        histogram = s.low(next(named, -1)) in HISTOGRAM_WORDS
    if not histogram:
        return None
    end, (kind, rel) = hit  # type: ignore[misc]
    return end, DCond(kind, a, rel, Num(0.0), start=start, end=end)


def _sar_beside_the_bar(
    s: Stream, j: int, a: Operand | None, start: int
) -> tuple[int, DCond] | None:
    """ "the SAR prints above the bar", "the SAR is below the candles": its dot above (below)
    the bar's close, as "the SAR is above the price" reads; "flips above the bar" is the dot
    crossing above it."""
    if not (isinstance(a, Ind) and a.family == "psar"):
        return None
    k = s.skip(j, SAR_PRINT_VERBS)
    flips = any(s.low(x) in CROSS_WORDS | {"flips", "flip", "flipped"} for x in range(j, k))
    side = s.low(k)
    if side not in ("above", "below", "over", "under"):
        return None
    end = s.skip(k + 1, ARTICLES)
    bar = s.longest(end, SAR_BAR_OBJECTS)
    if bar is None:
        return None
    up = side in ("above", "over")
    line = Price("close")
    if flips:
        return bar[0], DCond("cross", a, "above" if up else "below", line, start=start, end=bar[0])
    return bar[0], DCond("compare", a, ">" if up else "<", line, start=start, end=bar[0])


def _closes_higher(a: Operand, rel: Rel) -> bool:
    """ "(the other half if) it closes higher": a move of the close from the bar before, whatever
    "it" last named (an average does not close; "the SMA crosses ..., add when it closes higher"
    is the price)."""
    return rel.slope and isinstance(a, Pronoun) and not (a.both or a.which)


def parse_relation_tail(
    s: Stream, j: int, a: Operand | None, start: int
) -> tuple[int, DCond] | None:
    """Relation and object after the subject ``a`` (``None``: the subject was left out)."""
    colour = _histogram_colour(s, j, a, start) or _sar_beside_the_bar(s, j, a, start)
    if colour is not None:
        return colour
    got = parse_relation(s, j)
    if got is None:
        return None
    k, rel = got
    if rel.close_subject and (a is None or isinstance(a, Price) or _closes_higher(a, rel)):
        a = Price("close")  # "closes above": the close ("it closes above 50" keeps "it")
    if rel.slope:
        if a is None and rel.held and s.low(start - 1) == "and":
            a = Pronoun()  # "MFI over 80 and falling for 2 bars": the line named before
        if a is None or isinstance(a, Num):
            return None
        held = (k, rel.held) if rel.held else parse_held(s, k)  # "has risen 3 bars in a row"
        said = s.span_text(j, k).lower()
        k, n = held if held is not None else (k, 0)
        slope = DCond("compare", a, rel.rel, "slope", n=n, start=start, end=k)
        if not n and said in LOOSE_FALLS | LOOSE_RISES:  # "sell when it goes down"
            if clause_end(s, k) != k:
                return None  # "goes up 20% in a day", "goes down to the 50 SMA": its own phrase
            way = "below" if rel.rel == "<" else "above"
            slope.notes.append(f"'{said}' read as one bar's move: {way} the bar before")
        return k, slope
    if rel.b is not None:  # "is negative", "turns positive"
        if rel.plain_zone and not _of_an_oscillator(s, a, start):
            return None  # "the price is high": no zone of its own
        held = parse_held(s, k) if rel.kind == "compare" else None
        k = _redundant_tail(s, k, rel)  # "turns positive after being negative"
        k, n = held or (k, 0)  # "negative for 5 days", "above zero for 3 straight bars"
        return k, DCond(rel.kind, a, rel.rel, rel.b, n=n, notes=list(rel.notes), start=start, end=k)
    if rel.kind == "between":
        return _between(s, k, a, start)
    if rel.kind == "touched":
        if not isinstance(a, Ind):
            return None
        return k, DCond("touch", None, None, a, start=start, end=k)
    if rel.kind == "broken":
        if not isinstance(a, Ind):
            return None
        upper = a.output == "upper" or a.family in UPPER_LINES
        lower = a.output == "lower" or a.family in LOWER_LINES
        direction = "above" if upper else "below" if lower else None
        return k, DCond("cross", Price("close"), direction, a, start=start, end=k)
    implied = Pronoun() if a is None and rel.kind == "touch" else a  # "exit at the mean": price's
    obj = parse_operand(s, k, subject=implied)
    if obj is None and a is None and s.low(s.skip(k, ARTICLES)) in AVERAGE_WORDS:
        obj = parse_operand(s, k, subject=Pronoun())  # "sell when below the average": the price's
    if obj is None:
        omitted = object_omitted(s, k)
        if rel.kind == "cross" and (rel.back or a is None or omitted):
            return k, DCond("cross", a, rel.rel, None, back=True, start=start, end=k)
        notes = []
        if rel.kind == "compare" and s.low(k - 1) in OPEN_COMPARATIVES:
            earlier = _earlier_comparison(s, start)
            if earlier is None:
                return None  # "buy when RSI < 30, sell when higher": higher than what is unsaid
            notes.append(  # "... is higher than SPY's return, sell when it is lower"
                f"'{s.span_text(j, k)}' with nothing to compare to read as the earlier "
                f"'{earlier}' comparison, turned around"
            )
        if rel.kind == "compare" and omitted and rel.times == 1.0:
            notes = notes or [  # "buy when RSI < 30, sell when above": above 30, said
                f"'{s.span_text(j, k)}' with nothing after it read against the line or level "
                "of the earlier condition"
            ]
            return k, DCond("compare", a, rel.rel, None, back=True, notes=notes, start=start, end=k)
        return None
    end, b = obj
    closes = rel.close_subject or s.low(j - 1) in CLOSE_VERBS  # "it closes at", "closes at"
    if rel.kind == "touch" and closes and _extreme_said_as_a_day(s, end, b):
        b.source = "close"  # type: ignore[union-attr]
        b.notes.append(  # type: ignore[union-attr]
            f"'{s.span_text(j, end)}' read as the close at the {b.family} close of the previous "  # type: ignore[union-attr]
            f"{b.params['period']:g} bars (a close's N-day high or low is of the closes)"  # type: ignore[union-attr]
        )
    both_it = isinstance(b, Pronoun) and isinstance(a, Pronoun)
    if both_it and rel.kind != "touch" and not (rel.back and _after_wait(s)):
        return None  # "it crosses back above it" only after "wait for X to cross below Y"
    # ("it gets back to it": the price reaching the line said before)
    if s.low(end) == "from" and s.low(end + 1) in ABOVE_PREPS | BELOW_PREPS:
        if rel.kind != "cross":
            return None
        rel.rel = "above" if s.low(end + 1) in BELOW_PREPS else "below"
        end += 2  # "crosses 30 from below"
    if isinstance(b, Ind) and b.source == "volume" and b.family == "ma" and _not_volume(a):
        a = Price("volume")  # "closes above X on 2x average volume": the volume is compared
    if rel.atr_offset is not None and _chandelier_side(b, rel.atr_offset[2]):
        times, atr_period, line = rel.atr_offset  # "3 ATR below the highest high of 22 bars"
        period = b.params.get("period", 22.0)  # type: ignore[union-attr]
        atr_n = atr_period or period
        params = {"period": period, "multiplier": times, "atr_period": atr_n}
        side = "long" if line == "lower" else "short"
        extreme, sign = ("highest high", "-") if side == "long" else ("lowest low", "+")
        note = (
            f"'{s.span_text(start, end)}' read as the chandelier exit for {side}s: the "
            f"{extreme} of the last {period:g} bars (this one included) {sign} {times:g} x "
            f"ATR({atr_n:g})"
        )
        b = Ind("chandelier", side, params=params, pos=b.pos, notes=[note], named=b)  # type: ignore[union-attr]
    elif rel.atr_offset is not None:
        b = _atrs_from(b, rel.atr_offset, s.span_text(start, end))  # type: ignore[assignment]
        if b is None:
            return None  # ATRs from anything but an EMA or an SMA has no line Botlab computes
    if rel.breaks:
        upper = isinstance(b, Ind) and (b.output == "upper" or b.family in UPPER_LINES)
        lower = isinstance(b, Ind) and (b.output == "lower" or b.family in LOWER_LINES)
        if upper != lower:  # "breaks the 50-day SMA" is a cross said without its direction
            rel.rel = "above" if upper else "below"
    end = _redundant_tail(s, end, rel, b)
    said = s.longest(end, CROSS_DIRECTIONS) if rel.kind == "cross" else None
    if said is not None and rel.rel is None:
        end, rel.rel = said  # "ema9 x ema21 up", "crosses the 200 EMA to the upside"
    elif rel.kind == "cross" and rel.rel in ("above", "below"):
        end = _said_again(s, end, rel.rel)  # "crosses over the 50 EMA to the upside"
    if s.phrase(end, "for the first time") is not None and rel.kind == "compare":
        if rel.rel not in (">", "<"):
            return None
        rel.kind, rel.rel = "cross", "above" if rel.rel == ">" else "below"
        end += 4  # "closes above the 20-day SMA for the first time" is the crossing
    if isinstance(b, Multi):
        if rel.times != 1.0 or rel.plus or rel.kind != "compare":
            return None  # crossing two lines on the same bar is not a rule anyone means
        return end, DCond(rel.kind, a, rel.rel, b, start=start, end=end)
    if rel.times != 1.0:
        if isinstance(b, Pronoun):
            b.times = rel.times
        elif isinstance(b, Num):
            b = Num(b.value * rel.times if b.value is not None else None, b.level)
        else:
            b.times = rel.times
    if rel.plus:  # "$5 below the 20-day SMA": the line moved by that distance in price
        if not _in_price(b):
            return None  # "$5 below 30", "$2 above the RSI": no line in price to move
        b.plus = rel.plus
    atrs = _added_atrs(s, end) if _in_price(b) else None
    if atrs is not None:  # "the 20 EMA plus 2 ATR": the Keltner line; from any other line,
        moved = _atrs_moved(b, atrs, s.span_text(start, atrs[0]))  # left unread (reported)
        if moved is not None:
            end, b = atrs[0], moved
            rel.notes += moved.notes
            moved.notes = []
    added = _added_distance(s, end) if _in_price(b) and atrs is None else None
    if added is not None:  # "close > sma(20) + 2", "below the 20-day SMA minus $3"
        end, amount, notes = added
        b.plus += amount  # type: ignore[union-attr]
        rel.notes += notes
    held = parse_held(s, end) if rel.kind == "compare" else None
    if held is not None:  # "RSI(2) below 10 for 2 days in a row"
        end, rel.held = held
    n = rel.held if rel.kind == "compare" else 0
    cond = DCond(rel.kind, a, rel.rel, b, back=rel.back, n=n, start=start, end=end)
    cond.notes += rel.notes
    return _by_a_percent(s, end, cond)


def parse_held(s: Stream, k: int) -> tuple[int, int] | None:
    """ "3 days in a row", "for 2 consecutive closes", "for 5 bars": a state that must hold on
    that many bars running (the end, the count)."""
    j = k + 1 if s.low(k) in HELD_LEADS else k
    if s.low(j) in TIMES_SAID and (row := s.first(j + 1, IN_A_ROW)) is not None:
        return row, TIMES_SAID[s.low(j)]  # "closes above the 20 SMA twice in a row"
    if s.low(k) == "for" and (length := _held_length(s, j)) is not None:
        return length  # "stays above the 50 MA for a week"
    extra = 0
    if (more := s.first(j, ("more than", "longer than", "over"))) is not None:
        j, extra = more, 1  # "for more than 2 days": 3 bars
    j = s.first(j, HELD_AT_LEAST) or j  # "for at least 3 days": the last 3 bars all hold
    got = s.number(j)
    if got is None or not 2 <= got[1] + extra <= 50 or got[1] != int(got[1]):
        return None
    j, n = got[0], got[1] + extra
    running = s.low(j) in IN_SUCCESSION
    j += running
    if s.low(j) not in HELD_UNITS:
        return None
    j += 1
    if (row := s.first(j, IN_A_ROW)) is not None:
        j, running = row, True
    return (j, int(n)) if running or s.low(k) == "for" else None


def _held_length(s: Stream, j: int) -> tuple[int, int] | None:
    """ "(for) a week", "(for) 2 weeks straight": a state held on each bar of that length, in
    bars by the unit table (a week is 5 daily bars of a stock); (the end, the bars)."""
    j = s.first(j, HELD_AT_LEAST) or j
    got = (j + 1, 1.0) if s.low(j) in ("a", "an", "one") else s.number(j)
    if got is None or s.low(got[0]) not in HELD_LENGTH_UNITS:
        return None
    bars = in_bars(got[1], s.low(got[0]))
    if bars is None or bars != int(bars) or not 2 <= bars <= 250:
        return None
    return s.first(got[0] + 1, IN_A_ROW) or got[0] + 1, int(bars)


def _not_volume(a: Operand | None) -> bool:
    """``a`` is left out, "it", or a price other than the volume."""
    return a is None or isinstance(a, Pronoun) or (isinstance(a, Price) and a.field != "volume")


def _redundant_tail(s: Stream, end: int, rel: Rel, level: Operand | None = None) -> int:
    """ "crosses back above 30 after being oversold", "... after being below 30", "turns positive
    after being negative": the crossing already says where the line was the bar before."""
    if rel.kind != "cross":
        return end
    for phrase in sorted(REDUNDANT_TAILS, key=len, reverse=True):
        got = s.phrase(end, phrase)
        if got is not None and any(parse_held(s, k) for k in range(got, got + 5)):
            return end  # "after being below 30 for 3 days": a run of its own (see _after_a_run)
        if got is not None:
            number = s.number(got)
            if number is not None and isinstance(level, Num) and number[1] == level.value:
                got = number[0]  # "... after being below 30": the level crossed, said again
            elif s.low(got) in PRONOUNS:
                got += 1  # "... after being below it"
            return s.optional(got, ZONE_TAILS)
    return end


def _between(s: Stream, k: int, a: Operand | None, start: int) -> tuple[int, DCond] | None:
    """ "between 30 and 40": both bounds inclusive."""
    low = s.percent(k) or s.number(k)
    if low is None or s.low(low[0]) not in ("and", "to", "-"):
        return None
    high = s.percent(low[0] + 1) or s.number(low[0] + 1)
    if high is None:
        return None
    end = high[0]
    return end, DCond("between", a, None, Num(low[1]), b2=Num(high[1]), start=start, end=end)


def _after_wait(s: Stream) -> bool:
    """The description waits for a first event ("wait for the close to cross below ...")."""
    return any(s.first(k, WAIT_FOR) is not None for k in range(s.n))


def _earlier_comparison(s: Stream, before: int) -> str | None:
    """The last "higher than"/"lower than" said before token ``before``, if any: what a bare
    "lower" later in the text is the other side of."""
    for k in range(before - 1, 0, -1):
        if s.low(k) == "than" and s.low(k - 1) in OPEN_COMPARATIVES:
            return s.span_text(k - 1, k + 1)
    return None


def object_omitted(s: Stream, k: int) -> bool:
    """Nothing follows the relation ("sell when it closes below"): the object is implied."""
    return k >= s.n or s.low(k) in OBJECT_ENDS or s.kind(k) == "nl" or _action_follows(s, k)


def _action_follows(s: Stream, k: int) -> bool:
    """An action starts at ``k`` ("if it's below go short"): the relation's object was left out."""
    return s.longest(k, ACTIONS) is not None


def parse_condition(s: Stream, i: int) -> tuple[int, DCond | None] | None:
    """A whole condition at ``i``: a subject and its relation ("the close is above the 50-day
    SMA"). A subject and a relation whose object cannot be read ("ATR is above its 50-day
    average") give ``(end of the clause, None)``: the whole clause is reported, never re-read
    without its subject."""
    got = parse_operand(s, i)
    if got is None:
        return None
    j, a = got
    if isinstance(a, Num):
        return _bare_average_condition(s, i, j, a)
    tail = parse_relation_tail(s, j, a, i)
    if tail is not None and tail[1].kind == "compare" and (ago := bars_ago(s, tail[0])):
        for line in (tail[1].a, tail[1].b):  # "RSI(5) was below 60 three days ago": then
            if isinstance(line, Ind | Price):
                line.lag += ago[1]
        tail[1].notes.append(ago[2])
        return ago[0], tail[1]
    if tail is not None and _then_said_of_both(s, j, tail):
        tail[1].a.lag = tail[1].b.lag  # type: ignore[union-attr]
    if tail is not None:
        return tail
    if parse_relation(s, j) is None or isinstance(a, Pronoun):
        return None
    return clause_end(s, j), None


def _then_said_of_both(s: Stream, j: int, tail: tuple[int, DCond]) -> bool:
    """ "the close was above the 50-day SMA 10 days ago": a past verb and "ago" at the end date
    both sides, not only the line the "ago" follows."""
    end, d = tail
    past = s.low(j) in ("was", "were", "closed") and s.low(end - 1) == "ago"
    lines = isinstance(d.a, Ind | Price) and isinstance(d.b, Ind | Price)
    return past and lines and d.a.lag == 0 and d.b.lag > 0  # type: ignore[union-attr]


def _bare_average_condition(s: Stream, i: int, j: int, a: Num) -> tuple[int, DCond] | None:
    """ "the 9 crosses under the 21": bare numbers are moving averages when both sides are
    ("the 50 crosses the 200"); the kind comes from the description's earlier mention of the
    same length ("the 9 EMA"), else it is the simple moving average, stated."""
    value = a.value or 0.0
    if s.low(i) not in ARTICLES or value < 2 or value != int(value):
        return None
    tail = parse_relation_tail(s, j, Ind("bare", params={"period": value}, pos=i), i)
    if tail is None or not (isinstance(tail[1].b, Ind) and tail[1].b.family == "bare"):
        return None
    return tail


def clause_end(s: Stream, j: int) -> int:
    """Where the clause that goes on at ``j`` ends: at punctuation, a clause word or an action."""
    k = j
    while k < s.n:
        tok = s.tokens[k]
        if tok.kind in ("punct", "nl") and tok.low not in ("(", ")", "%", "/", "-"):
            break
        continues = tok.low == "and" and s.kind(k + 1) == "num"  # "the 50-day and 200-day"
        if (tok.low in CLAUSE_STOPS and not continues) or s.longest(k, ACTIONS):
            break
        k += 1
    return k
