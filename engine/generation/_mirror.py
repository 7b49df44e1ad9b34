"""The mirror image of a spec condition: the opposite signal.

Used for "the opposite" / "vice versa" / "otherwise" rules, for the exit of an entry said without
one, and for the other side of a long-and-short or always-in-the-market bot. :func:`trigger` is a
combined rule's main signal (also what a strategy is named after).
"""

from __future__ import annotations

from engine.generation import spec as S
from engine.generation._draft import Unresolved
from engine.generation._indicator_table import TABLE

_OPPOSITE_OP = {">": "<", "<": ">", ">=": "<=", "<=": ">="}


def mirror(cond: S.Condition, indicators: list[S.Indicator]) -> S.Condition:
    """The opposite signal: crosses the other way, the other side of a level or line.

    Oscillator levels mirror around their middle (RSI 30 <-> 70, stochastic 20 <-> 80); centred
    indicators (MACD, rate of change, z-score) around zero; upper and lower bands swap, and so do
    the highest-high and lowest-low channels (added to ``indicators`` when needed). Of an "and",
    only the main condition (the trigger) is mirrored; filters are dropped.
    """
    if isinstance(cond, S.And):
        if all(_bar_against_bar_before(c) for c in cond.conditions):
            # "a higher high and a higher low": the mirror bar (a lower high and a lower low),
            # as a run of up closes mirrors to a run of down closes
            return S.And(conditions=[_flipped(c, c.b, indicators) for c in cond.conditions])
        complements = _state_complements(cond, indicators)
        if complements is not None:  # not (A and B) = not A or not B
            return S.Or(conditions=complements)
    if isinstance(cond, S.Or) and all(isinstance(c, S.Calendar) for c in S.leaves(cond)):
        # "on the 1st and the 15th": the opposite of one date would close the other's trades
        raise Unresolved("dates to trade on have no one opposite")
    if isinstance(cond, S.COMPOUND):
        return mirror(trigger(cond), indicators)
    if isinstance(cond, S.Count):
        raise Unresolved("a condition counted over several bars has no one opposite")
    if isinstance(cond, S.ConsecutiveCloses):
        way = "up" if cond.direction == "down" else "down"
        return S.ConsecutiveCloses(n=cond.n, direction=way, exactly=cond.exactly)
    if isinstance(cond, S.Calendar):
        return calendar_complement(cond)
    return _flipped(cond, None, indicators)


def _flipped(
    cond: S.Cross | S.Compare, level: S.Operand | None, indicators: list[S.Indicator]
) -> S.Condition:
    """A cross or comparison the other way: a pattern's opposite, else the other direction
    against ``level`` (None: ``cond``'s level mirrored, see :func:`_mirror_level`)."""
    opposite = _opposite_pattern(cond, indicators)
    if opposite is not None:
        return opposite
    up = cond.direction == "above" if isinstance(cond, S.Cross) else cond.op in (">", ">=")
    b = _mirror_level(cond.a, cond.b, indicators, up) if level is None else level
    if isinstance(cond, S.Cross):
        direction = "below" if cond.direction == "above" else "above"
        return S.Cross(a=cond.a, direction=direction, b=b)
    return S.Compare(a=cond.a, op=_OPPOSITE_OP[cond.op], b=b)


def _opposite_pattern(cond: S.Condition, indicators: list[S.Indicator]) -> S.Condition | None:
    """A candlestick pattern's mirror image (bullish <-> bearish engulfing, hammer <-> shooting
    star), added to ``indicators``; None when ``cond`` is not a pattern."""
    a = getattr(cond, "a", None)
    if not isinstance(a, S.IndicatorRef):
        return None
    kind = next(ind.kind for ind in indicators if ind.id == a.id)
    if kind not in TABLE or not TABLE[kind].pattern:
        return None
    if not TABLE[kind].opposite:
        raise Unresolved(f"a {TABLE[kind].title} bar has no opposite pattern")
    new = S.Indicator.make(TABLE[kind].opposite)
    if all(ind.id != new.id for ind in indicators):
        indicators.append(new)
    return cond.model_copy(update={"a": a.model_copy(update={"id": new.id})})


def trigger(cond: S.Condition) -> S.Condition:
    """The main signal of a combined rule: its first event (a cross or a run of closes), else
    its first comparison that is not about volume or a slope, else its first condition."""
    if isinstance(cond, S.Sequence):  # the setup comes before: the trigger is the signal
        return cond if cond.trigger is None else trigger(cond.trigger)
    if not isinstance(cond, S.And | S.Or):
        return cond
    leaves = [trigger(c) for c in cond.conditions]
    for leaf in leaves:
        if isinstance(leaf, S.Cross | S.ConsecutiveCloses):
            return leaf
    for leaf in leaves:
        if isinstance(leaf, S.Compare) and not _is_filter(leaf):
            return leaf
    return leaves[0]


def _bar_against_bar_before(cond: S.Condition) -> bool:
    """ "the high is higher than yesterday's": a price field of this bar against the same field
    of the bar before."""
    if not isinstance(cond, S.Compare):
        return False
    a, b = cond.a, cond.b
    if not (isinstance(a, S.PriceRef) and isinstance(b, S.PriceRef)) or a.field == "volume":
        return False  # volume is a filter, dropped from a mirror
    return a.model_copy(update={"lag": b.lag}) == b and b.lag == a.lag + 1


def _is_filter(cond: S.Compare) -> bool:
    volume = any(isinstance(o, S.PriceRef) and o.field == "volume" for o in (cond.a, cond.b))
    slope = isinstance(cond.b, S.IndicatorRef | S.PriceRef) and cond.b.lag > 0
    other = any(getattr(o, "symbol", None) for o in (cond.a, cond.b))  # a market filter
    return volume or slope or other or _own_extreme(cond)


def _own_extreme(cond: S.Compare) -> bool:
    """ "Bollinger band width at a 6-month low", "ATR at its lowest in 6 months": a volatility
    measure at an extreme of its own is a setup, like a squeeze, not the signal (its level's id
    starts with the measure's)."""
    a, b = cond.a, cond.b
    if not (isinstance(a, S.IndicatorRef) and isinstance(b, S.IndicatorRef)):
        return False
    volatility = a.id.startswith(("bbwidth_", "atr_"))
    return volatility and any(b.id.startswith(f"{a.id}_{k}_") for k in ("lowest", "highest"))


def _mirror_level(
    a: S.Operand, b: S.Operand, indicators: list[S.Indicator], up: bool | None = None
) -> S.Operand:
    """The level the opposite signal is read against. A channel breakout (above the N-bar high,
    below the N-bar low: ``up`` says which way ``b`` was passed) mirrors to the other side of the
    channel; a distance from the high or low ("10% below the 52-week high") stays on its line."""
    kinds = {ind.id: ind for ind in indicators}
    if isinstance(b, S.Number) and isinstance(a, S.IndicatorRef):
        kind = kinds[a.id].kind
        if kind == "stoch":
            return S.Number(value=100 - b.value)
        center = TABLE[kind].levels.get("center") if kind in TABLE else None
        if center is not None:  # CCI 100 <-> -100, Williams %R -80 <-> -20, MFI 20 <-> 80
            return S.Number(value=2 * center - b.value)
    if isinstance(b, S.IndicatorRef) and b.output in ("upper", "lower"):
        # "$1 below the lower band" mirrors to $1 above the upper band
        other = "lower" if b.output == "upper" else "upper"
        return b.model_copy(update={"output": other, "plus": -b.plus})
    channel = isinstance(b, S.IndicatorRef) and kinds[b.id].kind in ("highest", "lowest")
    moved = channel and (b.times != 1 or b.plus != 0)  # type: ignore[union-attr]
    if channel and up is not None and (moved or up != (kinds[b.id].kind == "highest")):
        return b
    if channel:
        old = kinds[b.id]
        kind = "lowest" if old.kind == "highest" else "highest"
        source = {"high": "low", "low": "high"}.get(old.source, old.source)
        new = S.Indicator.make(kind, source, **old.params)
        if new.id not in kinds:
            indicators.append(new)
        return b.model_copy(update={"id": new.id})
    return b


def calendar_complement(cond: S.Calendar) -> S.Calendar:
    """The other days: the other weekdays (Monday to Friday), the other months, dates or times of
    day, and for a trading day of the month the day after it ("buy on the last trading day" with
    no exit sells on the next one)."""
    if cond.unit in ("weekday", "weekday_before"):
        return S.Calendar(unit=cond.unit, values=[d for d in range(5) if d not in cond.values])
    if cond.unit == "month":
        return S.Calendar(unit="month", values=[m for m in range(1, 13) if m not in cond.values])
    if cond.unit == "day_of_month":  # "the first half of the month": the second half
        others = [d for d in range(1, 32) if d not in cond.values]
        if not others:  # "on the 1st of the month": the first trading day on or after it
            raise Unresolved("a date of the month on or after the 1st has no other days")
        return S.Calendar(unit=cond.unit, values=others)
    if cond.unit in (
        "weekday_from_end",
        "day_of_month_before",
        "minute_of_day",
        "minute_of_session",
    ):
        low, high = S.CALENDAR_RANGES[cond.unit]
        others = [v for v in range(low, high + 1) if v not in cond.values]
        return S.Calendar(unit=cond.unit, values=others)
    if cond.unit == "trading_day":
        return S.Calendar(unit="trading_day", values=[max(cond.values) + 1])
    if min(cond.values) > 1:
        return S.Calendar(unit="trading_day_from_end", values=[min(cond.values) - 1])
    return S.Calendar(unit="trading_day", values=[1])


def _touched_by_the_bar(cond: S.Compare) -> bool:
    """The bar's low (high) reaching a line ("pulls back to the 21 EMA"): a touch, whose other
    side (the low above the line) is where price usually is, so never an exit of its own."""
    return isinstance(cond.a, S.PriceRef) and cond.a.field in ("low", "high") and cond.a.lag == 0


def _state_complements(cond: S.And, indicators: list[S.Indicator]) -> list[S.Condition] | None:
    """The mirror of each part of the "and" when every part is a state whose mirror image is its
    complement: the other side of the same line (price vs a moving average, MACD vs zero), not an
    event, a filter or an oscillator level mirrored to another level (RSI below 30 -> above 70).
    None otherwise, with ``indicators`` left as they were."""
    scratch = list(indicators)  # a level's mirror may add an indicator; a state's never does
    months = [c for c in cond.conditions if isinstance(c, S.Calendar) and c.unit == "month"]
    lines = [c for c in cond.conditions if c not in months]
    if not lines or not all(
        isinstance(c, S.Compare)
        and not _is_filter(c)
        and not _touched_by_the_bar(c)
        and _mirror_level(c.a, c.b, scratch) == c.b
        for c in lines
    ):
        return None
    # "long above the 100-day SMA except during September": out below it or in September
    return [_flipped(c, c.b, indicators) for c in lines] + [  # type: ignore[arg-type]
        calendar_complement(c) for c in months
    ]
