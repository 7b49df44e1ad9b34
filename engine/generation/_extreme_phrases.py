"""Phrases about an N-bar extreme (a high or low of the previous N bars) that are more than
"the close is above it".

The extreme is read as the existing new-high rule reads it: the highest high (lowest low, or the
highest/lowest close for a "closing" high) of the *previous* N bars, the current bar excluded.

* "the first down day after a new 52-week high": yesterday's close was a new 260-bar closing
  high and today closes below it. Exact, not an approximation: a close above a new closing
  high is itself a new closing high, so the first down close after one is always the bar after
  one. ("the first up day after a new 20-day low" is its mirror.)
* "buy the 10-day low", "short the 20-day high": the close making a new low/high (the new-high
  rule, with the action verb standing for "at").
* "within 2% of the 52-week high": the close at most 2% below the high (at or above 0.98 x it);
  "within 1% of the 20-day low": at most 1% above the low; of any other line ("within 2% of
  the 50-day SMA") both sides (between 0.98 and 1.02 x it).
* "a 5% drop from the 20-day high", "falls 5% off its high": the close at least 5% below the
  high; "a 10% bounce off the 20-day low": at least 10% above the low.
* a level passed in a window: "RSI was below 30 in the last 5 days": the lowest RSI of the
  previous 5 bars below 30 (the highest above, for "above").
* an indicator at an extreme of its own: "Bollinger band width is at a 6-month low", "RSI hits
  its highest level in 50 days": at or below the lowest (at or above the highest) value it had
  in the previous N bars.
"""

from __future__ import annotations

from engine.generation import _operands as ops
from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Ind, Item, Num, Price
from engine.generation._price_units import distance_notes, price_distance
from engine.generation._tokens import Found, Stream
from engine.generation._trader_phrases import after_pattern


def extreme_phrase(s: Stream, i: int) -> Found:
    """The first of this module's phrases that starts at ``i``."""
    ahead = {s.low(k) for k in range(i, i + 12)}
    if not ahead & vocab.EXTREME_CUES:  # every phrase here names a high or low soon: quick out
        return None
    return s.first_read(
        i,
        (
            _first_bar_after,
            _near_extreme,
            _move_from_extreme,
            _indicator_extreme,
            _price_at_extreme,
            _level_in_window,
            _opposite_channel,
        ),
    )


def traded_at(s: Stream, i: int) -> bool:
    """An action verb just before ``i`` that trades at the extreme written at ``i`` ("buy the
    10-day low"): read like "buy at the 10-day low"."""
    if s.low(i) in vocab.AT_ON:  # "buy at the 10-day low" is read as said
        return False
    return any(s.phrase(i - len(v.split()), v) == i for v in vocab.TRADE_AT_VERBS)


def _longest(s: Stream, i: int, phrases: frozenset[str]) -> int | None:
    ends = [s.phrase(i, p) for p in vocab.phrases_starting(phrases, s.low(i))]
    return max((e for e in ends if e is not None), default=None)


def _extreme(s: Stream, i: int) -> tuple[int, Ind] | None:
    """ "(a) new 52-week high", "the 20-day closing low", "its high": an N-bar extreme."""
    j = s.skip(i, vocab.ARTICLES | vocab.NEW_WORDS | {"making", "made"})
    got = ops.parse_operand(s, j)
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.EXTREMES:
        return None
    return got[0], got[1]


def _recent_extreme(s: Stream, i: int) -> tuple[int, Ind] | None:
    """ "its recent high", "the high", "the recent low" with no length (after a move from it):
    the 20-bar extreme, as a new high with no length is read, and said so."""
    j = s.skip(i, vocab.ARTICLES | vocab.RECENT_WORDS)
    word = s.low(j)
    if word not in ("high", "low", "peak", "top", "bottom") or s.skip(i, vocab.ARTICLES) == i:
        return None  # "from high": no article, another phrase's
    high = word in ("high", "peak", "top")
    kind = "highest" if high else "lowest"
    note = (
        f"'{s.span_text(i, j + 1)}' read as the 20-bar {word} (the {kind} "
        f"{'high' if high else 'low'} of the previous 20 bars); say the length to change it, "
        f"for example 'the 50-day {'high' if high else 'low'}'"
    )
    source = "high" if high else "low"
    return j + 1, Ind(kind, params={"period": 20.0}, source=source, pos=i, notes=[note])


def _first_bar_after(s: Stream, i: int) -> Found:
    """ "the first down day after a new 52-week high" (see the module docstring)."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) != "first":
        return None
    if s.low(j + 1) in vocab.BAR_NOUNS and s.low(j + 2) in vocab.AFTER_WORDS:
        return _day_after(s, i, j + 3)  # "the first day after a new high"
    if s.low(j + 1) in vocab.PULLBACK_NOUNS:  # "the first pullback after": a down close
        down, k = True, j + 2
    else:
        down = s.low(j + 1) in vocab.DOWN_WORDS
        up = s.low(j + 1) in vocab.UP_WORDS
        if not (down or up) or s.low(j + 2) not in vocab.BAR_NOUNS:
            return None
        k = j + 3
    if s.low(k) not in vocab.AFTER_WORDS:
        return None
    got = _extreme(s, k + 1)
    if got is None or (got[1].family in vocab.UPPER_EXTREMES) != down:
        # "the first down day after RSI crosses above 70": a bar counted from an event, which
        # a rule checked bar by bar cannot say; the whole clause is reported, never half read
        return ops.clause_end(s, k + 1), "unparsed", vocab.FIRST_AFTER_PROBLEM
    end, ext = got
    high = ext.family in vocab.UPPER_EXTREMES
    level = Ind(ext.family, params=dict(ext.params), source="close", lag=1, pos=ext.pos)
    level.notes = list(ext.notes)
    period = f"{ext.params.get('period', 20):g}"
    said = s.span_text(i, end)
    word, move = ("high", "below") if high else ("low", "above")
    note = (
        f"'{said}' read as: yesterday's close made a new {period}-bar closing {word} and today "
        f"closes {move} it (the first {'down' if high else 'up'} close after a new closing "
        f"{word} is always the next bar: a close {'above' if high else 'below'} a new closing "
        f"{word} is itself one)"
    )
    made = DCond("compare", Price("close", lag=1), ">" if high else "<", level, start=i, end=end)
    turn = DCond("compare", Price("close"), "<" if high else ">", Price("close", lag=1))
    turn.notes.append(note)
    turn.start, turn.end = i, end
    when = s.low(i - 1) in vocab.WHEN_WORDS
    parts = [Item("cond", made, i, end, when=when)]
    return end, "rules", [*parts, Item("cond", turn, i, end)]


def _day_after(s: Stream, i: int, k: int) -> Found:
    """ "(buy) the first day after a new 20-day high": the new high is the signal, and the order
    fills on the next bar (at its open, the default fill)."""
    got = _extreme(s, k)
    if got is None:  # "the first day after RSI crosses below 30": that event is the signal
        event = ops.parse_condition(s, k)
        if event is None or event[1] is None:
            return ops.clause_end(s, k), "unparsed", vocab.FIRST_AFTER_PROBLEM
        end, cond = event
        cond.notes.append(
            f"'{s.span_text(i, end)}' read as: the signal on the bar of '{s.span_text(k, end)}',"
            " the order filled on the bar after it"
        )
        cond.start = i
        return end, "cond", cond
    end, ext = got
    high = ext.family in vocab.UPPER_EXTREMES
    note = (
        f"'{s.span_text(i, end)}' read as: a new {ext.params.get('period', 20):g}-bar "
        f"{'high' if high else 'low'} on the signal bar, the order filled on the bar after it"
    )
    op = ">" if high else "<"
    return end, "cond", DCond("compare", Price("close"), op, ext, notes=[note], start=i, end=end)


def _subject(s: Stream, i: int) -> int:
    """Past "price is", "it closes", "the stock is trading" before "within"."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) in vocab.PRICE_SUBJECTS:
        j += 1
        j = s.optional(j, vocab.PRICE_NOUNS)
    end = _longest(s, j, vocab.NEAR_VERBS)
    return end if end is not None else j


def _near_extreme(s: Stream, i: int) -> Found:
    """ "price is within 2% of the 52-week high" (see the module docstring)."""
    k = s.first(_subject(s, i), vocab.WITHIN_WORDS)
    pct = None if k is None else s.percent(k)
    in_price = None if k is None or pct is not None else price_distance(s, k)
    pct = pct or in_price  # "within $1 of the VWAP": a distance in price either side
    near = _longest(s, _subject(s, i), vocab.NEAR_WORDS)
    if pct is None and near is not None and not after_pattern(s, i):
        # "near the 52-week low": the default distance ("a hammer near a 10-day low" is the
        # pattern's own phrase)
        j, pct = near, (near, vocab.NEAR_DEFAULT_PCT)
    elif pct is None:
        return None
    else:
        j = pct[0] + 1 if s.low(pct[0]) in ("of", "from", "off") else None
        j = pct[0] + 2 if s.phrase(pct[0], "away from") else j
    if j is None:
        return None
    got = ops.parse_operand(s, s.skip(j, vocab.ARTICLES), subject=Price("close"))
    if got is None or not isinstance(got[1], Ind):
        return None
    end, line = got
    said = s.span_text(i, end)
    default = (
        f" ({pct[1]:g}%, a stated default for 'near': name the distance, e.g. 'within 2% of', "
        "to change it)"
        if near is not None and k is None
        else ""
    )
    if in_price is not None and line.family not in vocab.PRICE_FAMILIES:
        return None  # "within $1 of the RSI": no line in price
    distance = f"{pct[1]:g}" if in_price is not None else f"{pct[1]:g}%"
    notes = [] if in_price is None else distance_notes(s, k, pct[0], pct[1])  # type: ignore[arg-type]
    if line.family in vocab.EXTREMES:
        high = line.family in vocab.UPPER_EXTREMES
        _move(line, -pct[1] if high else pct[1], in_price is not None)
        side = "below" if high else "above"
        notes.append(f"'{said}' read as: the close at most {distance} {side} it{default}")
        cond = DCond("compare", Price("close"), ">=" if high else "<=", line, notes=notes)
    else:
        upper = Ind(**{**line.__dict__, "notes": []})
        _move(upper, pct[1], in_price is not None)
        _move(line, -pct[1], in_price is not None)
        notes.append(f"'{said}' read as: the close at most {distance} above or below it{default}")
        cond = DCond("between", Price("close"), None, line, b2=upper, notes=notes)
    cond.start, cond.end = i, end
    return end, "cond", cond


def _move(line: Ind, amount: float, in_price: bool) -> None:
    """``line`` moved by ``amount``: in price (added) or in percent (a multiplier)."""
    if in_price:
        line.plus = amount
    else:
        line.times = 1 + amount / 100


def _move_from_extreme(s: Stream, i: int) -> Found:
    """ "a 5% drop from the 20-day high", "falls 5% off its high", "a 10% bounce off the low"."""
    if not any(s.percent(k) for k in range(i, i + 8)):
        return None
    k = s.skip(_subject(s, i), vocab.ARTICLES)
    moves = vocab.DROP_WORDS | vocab.RISE_WORDS
    k = next((j for j in range(i, k) if _longest(s, j, moves) is not None), k)  # "pulls back"
    strict = False  # "more than 5%": the close strictly beyond it
    drop = _longest(s, k, vocab.DROP_WORDS) or _longest(s, k, vocab.RISE_WORDS)
    if drop is not None:  # "drops 5% from"
        falls = _longest(s, k, vocab.DROP_WORDS) is not None
        amount = k = drop
        if s.phrase(k, "more than") or s.phrase(k, "at least"):
            amount, strict = k + 2, s.low(k) == "more"
        pct = s.percent(amount)
    else:  # "a 5% drop from"
        if s.phrase(k, "more than") or s.phrase(k, "at least"):
            k, strict = k + 2, s.low(k) == "more"
        pct = s.percent(k)
        if pct is None:
            return None
        drop = _longest(s, pct[0], vocab.DROP_WORDS) or _longest(s, pct[0], vocab.RISE_WORDS)
        falls = _longest(s, pct[0], vocab.DROP_WORDS) is not None
        if drop is None and s.low(pct[0]) in ("off", "from"):  # "8% off the 52-week high"
            got = _extreme(s, pct[0] + 1)
            drop, falls = pct[0], got is not None and got[1].family in vocab.UPPER_EXTREMES
        pct = None if drop is None else (drop, pct[1])
    if pct is None or s.low(pct[0]) not in vocab.FROM_WORDS:
        return None
    got = _extreme(s, pct[0] + 1) or _recent_extreme(s, pct[0] + 1)
    if got is None or (got[1].family in vocab.UPPER_EXTREMES) != falls:
        return None
    end, line = got
    p = pct[1] / 100
    line.times = 1 - p if falls else 1 + p
    side = "below" if falls else "above"
    bound = "more than" if strict else "at least"
    note = f"'{s.span_text(i, end)}' read as: the close {bound} {pct[1]:g}% {side} it"
    op = ("<" if falls else ">") if strict else ("<=" if falls else ">=")
    return end, "cond", DCond("compare", Price("close"), op, line, notes=[note], start=i, end=end)


def _indicator_extreme(s: Stream, i: int) -> Found:
    """ "Bollinger band width is at a 6-month low", "RSI hits its lowest level in 50 days"."""
    got = ops.parse_operand(s, i)
    if got is None or not isinstance(got[1], Ind):
        return None
    k, ind = got
    if ind.family in vocab.PRICE_FAMILIES or ind.family in vocab.OWN_EXTREME_EXCLUDED:
        return None
    k = s.skip(k, vocab.OWN_EXTREME_LEADS)
    span = _own_extreme(s, k)
    if span is None:
        return None
    end, bars, high, notes = span
    kind, op = ("highest", ">=") if high else ("lowest", "<=")
    level = Ind(kind, params={"period": float(bars)}, source="indicator", pos=k, of=ind)
    note = (
        f"'{s.span_text(i, end)}' read as: at or {'above' if high else 'below'} the "
        f"{kind} value it had in the previous {bars:g} bars"
    )
    cond = DCond("compare", ind, op, level, notes=[*notes, note], start=i, end=end)
    return end, "cond", cond


def _price_at_extreme(s: Stream, i: int) -> Found:
    """ "the close is the lowest in 5 days", "price hits its highest level in 20 days": the close
    at or beyond the lowest (highest) close of the previous N bars."""
    j = s.skip(i, vocab.ARTICLES | vocab.TODAYS)
    field = s.low(j) if s.low(j) in ("low", "high") else "close"  # "today's low is the lowest"
    if s.low(j) not in vocab.PRICE_SUBJECTS and field == "close":
        return None
    k = s.skip(j + 1, vocab.OWN_EXTREME_LEADS)
    if s.low(k) not in ("lowest", "highest"):
        return None
    if field != "close" and s.low(k + 1) not in (field, field + "s"):
        return None  # "the low is the lowest low of ...": the same field both sides
    k_noun = k + 1 if field != "close" else k
    span = _own_extreme(s, k, k_noun)
    if span is None:
        return None
    end, bars, high, notes = span
    kind, op = ("highest", ">=") if high else ("lowest", "<=")
    level = Ind(kind, params={"period": bars}, source=field, pos=k)
    note = (
        f"'{s.span_text(i, end)}' read as the {field} at or {'above' if high else 'below'} the "
        f"{kind} {field} of the previous {bars:g} bars"
    )
    cond = DCond("compare", Price(field), op, level, notes=[*notes, note], start=i, end=end)
    return end, "cond", cond


def _opposite_channel(s: Stream, i: int) -> Found:
    """ "(exit) on the 20-bar opposite channel", "at the opposite 20-day channel", "on the other
    side of the 10-bar channel": the channel's edge across from the one a breakout entry broke,
    over the length said: a long exits when the close falls below the lowest low of the
    previous N bars, a short when it rises above the highest high (the Turtles' exit). With no
    length said it is the entry's own channel: the opposite of the entry."""
    j = s.skip(s.optional(i, tuple(vocab.AT_ON)), vocab.ARTICLES)
    period = ops.parse_period(s, j)
    k = period[0] if period is not None else j
    edge = _longest(s, k, vocab.OPPOSITE_EDGE_WORDS)
    if edge is None:
        return None
    after = ops.parse_period(s, edge) if period is None else None
    k = after[0] if after is not None else edge
    period = period or after
    end = _longest(s, k, vocab.CHANNEL_NOUNS)
    if end is None:
        return None
    if period is None:  # "exit on the opposite channel": the entry's own, mirrored
        return end, "cond", DCond("mirror", start=i, end=end)
    _, bars, length_note = period
    level = Ind("lowest", params={"period": bars}, source="low", pos=i)
    note = (
        f"'{s.span_text(i, end)}' read as the opposite edge of the {bars:g}-bar channel: a long "
        f"exits when the close falls below the lowest low of the previous {bars:g} bars, a short "
        "when it rises above the highest high"
    )
    notes = [length_note, note] if length_note else [note]
    cond = DCond("compare", Price("close"), "<", level, notes=notes, start=i, end=end)
    cond.edge_of_the_side = True
    return end, "cond", cond


def _own_extreme(
    s: Stream, k: int, noun: int | None = None
) -> tuple[int, float, bool, list[str]] | None:
    """ "a 6-month low", "a new 50-day high", "its lowest level in 126 days": (end, bars, high,
    notes); ``noun``: where the words after "lowest" start, when one was read already."""
    got = ops.parse_period(s, k)
    if got is not None and s.low(got[0]) in vocab.HIGH_LOW_WORDS:
        j, bars, note = got
        return j + 1, bars, s.low(j).startswith("high"), [note] if note else []
    if s.low(k) not in ("lowest", "highest"):
        return None
    j = s.skip((noun or k) + 1, vocab.OWN_EXTREME_NOUNS)
    if s.low(j) not in ("in", "of", "over", "for", "since"):
        return None
    j = s.skip(j + 1, vocab.ARTICLES | vocab.LOOKBACK_WORDS)
    span = ops.parse_bars(s, j)
    if span is None:
        return None
    end, bars, note = span
    return end, float(bars), s.low(k) == "highest", [note] if note else []


def _level_in_window(s: Stream, i: int) -> Found:
    """ "RSI was below 30 in the last 5 days", "CCI has been above 100 within the past 10 bars":
    the indicator's lowest (highest) value of the previous N bars below (above) the level."""
    got = ops.parse_operand(s, i)
    if got is None or not isinstance(got[1], Ind) or got[1].family in vocab.PRICE_FAMILIES:
        return None
    k, ind = got
    if s.low(k) not in vocab.PAST_VERBS:
        return None
    rel = ops.parse_relation(s, k + (2 if s.phrase(k, "has been") else 1))
    if rel is None or rel[1].kind not in ("compare", "cross") or rel[1].times != 1.0:
        return None
    level = s.number(rel[0])
    if level is None or s.low(level[0]) not in vocab.MOVE_WINDOW_PREPS:
        return None
    span = ops.parse_bars(s, s.skip(level[0] + 1, vocab.ARTICLES | vocab.LOOKBACK_WORDS))
    if span is None:
        return None
    end, bars, note = span
    below = rel[1].rel in ("below", "<", "<=")
    kind = "lowest" if below else "highest"
    extreme = Ind(kind, params={"period": float(bars)}, source="indicator", pos=k, of=ind)
    said = (
        f"'{s.span_text(i, end)}' read as: its {kind} value of the previous {bars} bars "
        f"{'below' if below else 'above'} {level[1]:g}"
    )
    notes = [said, *([note] if note else [])]
    cond = DCond("compare", extreme, "<" if below else ">", Num(level[1]), notes=notes)
    cond.start, cond.end = i, end
    return end, "cond", cond
