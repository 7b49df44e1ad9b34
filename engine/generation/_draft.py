"""Draft objects the parser produces before they are resolved into a StrategySpec.

A draft operand may still be incomplete: an indicator without parameters (filled from another
mention of the same indicator, or the standard default), a pronoun ("it"), or a threshold named
by a word ("oversold"). Items are the recognised phrases of a description, in order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from engine.generation._indicator_table import TABLE
from engine.generation._vocabulary import PRICE_FAMILIES


class Unresolved(Exception):
    """A draft that cannot be placed (its words are reported as not understood)."""


@dataclass
class Ind:
    """An indicator mention. ``family`` "ma" is an SMA unless made exponential; "bare" is "the
    200-day" with no indicator word (a moving average of the same type as the other side)."""

    family: str
    output: str | None = None
    params: dict[str, float] = field(default_factory=dict)
    role: str | None = None  # fast | slow (when no period was given)
    source: str = "close"
    times: float = 1.0
    plus: float = 0.0  # a distance in price added ("$5 below the SMA": -5)
    lag: int = 0
    pos: int = 0
    notes: list[str] = field(default_factory=list)
    timeframe: str | None = None  # "W" / "M": computed on weekly / monthly bars
    # the timeframe was said of the condition's subject, not of this line ("the 1h close above
    # the 200 EMA"): a chart said after the condition is this line's ("... on the 4h chart")
    frame_shared: bool = False
    symbol: str | None = None  # another symbol's bars (a market filter, a benchmark)
    named: Ind | None = None  # the line said, when this one is derived ("2 ATR below the EMA")
    of: Ind | None = None  # the indicator this average is computed on ("RSI above its 9 EMA")
    its: bool = False  # "its 20-day average" after "it": of the subject, once "it" is known
    levels: dict[str, float] = field(default_factory=dict)  # "RSI (9, 80/20)": its own levels
    said_output: str | None = None  # a sided line ("the cloud") before its side was chosen
    setup_window: bool = False  # "the pullback low": of a setup's bars, their number set later

    def valid_params(self) -> bool:
        """Periods are whole numbers of bars >= 1; a band width is positive."""
        floats = TABLE[self.family].float_params if self.family in TABLE else frozenset()
        for key, value in self.params.items():
            fractional = key == "std" or key in floats
            ok = value > 0 if fractional else value == int(value) and value >= 1
            if not ok or value > 100_000:
                return False
        return True


@dataclass
class Price:
    """A price field of the bar (of another ``timeframe`` or ``symbol`` when set)."""

    field: str = "close"
    lag: int = 0
    times: float = 1.0
    plus: float = 0.0  # a distance in price added ("$2 above yesterday's high": +2)
    timeframe: str | None = None
    symbol: str | None = None
    frame_shared: bool = False  # as ``Ind.frame_shared``
    bare: bool = False  # "the high" with no bar, day or length: perhaps a high named before
    of_the_day: bool = False  # "today's open", "the open of the day": on intraday bars the day's


@dataclass
class Num:
    """A number, or a named level ("oversold", "overbought") resolved against the subject."""

    value: float | None = None
    level: str | None = None
    dollars: bool = False  # "under $55": a price, whatever oscillator was named before


@dataclass
class Pronoun:
    """ "it": the subject of an earlier condition; "which": its object; "both": both sides of
    the previous comparison."""

    which: bool = False
    both: bool = False
    either: bool = False  # "below either (of them)": any one of the lines, not all
    times: float = 1.0  # "10% above it": the line it names, moved by that percent
    plus: float = 0.0  # "$5 below it": moved by that distance in price


@dataclass
class Multi:
    """Several lines compared at once: "above the 50-day and 200-day moving averages"."""

    items: list[Ind] = field(default_factory=list)
    either: bool = False  # "below either of them": any one of the lines, not all


Operand = Ind | Price | Num | Pronoun | Multi


@dataclass
class DCond:
    """A draft condition.

    ``kind`` is "cross" (``rel`` "above"/"below"/None when the direction was not said),
    "compare" (``rel`` one of > < >= <=), "between" (``b`` to ``b2``), "consecutive" (``n``,
    ``rel`` "up"/"down"), "touch" ("reaches"/"hits": the direction comes from the level) or
    "mirror" (the opposite of the entry). ``a`` is None when the subject was left out ("sell
    above 70"); ``b`` is None for "crosses back below" with no object.
    """

    kind: str
    a: Operand | None = None
    rel: str | None = None
    b: Operand | None = None
    n: int = 0
    back: bool = False
    b2: Operand | None = None  # the upper bound of "between b and b2"
    day_after: bool = False  # known at the close, acted on the next day ("the day after a gap")
    prior_day: bool = False  # of the last completed day (week) before the order fills
    after_run: bool = False  # "... after being below 30 for 3 days": a run said after an event
    run_words: str = ""  # a run said after an event, left whole for the resolver: its words
    run_interval: str | None = None  # a run said in weeks: "1wk" (in days "1d"; in bars None)
    exactly: bool = False  # "the third consecutive up close": the run's n-th bar, not a later one
    stop: bool = False  # "stop at the 20 EMA": the close falling through the line (a stop)
    edge_of_the_side: bool = False  # "the opposite 20-bar channel": a long's exit edge; a short's
    # is the other one (set when the rule's side is known, see _rules._opposite_channel_edges)
    #: counted over the last bars ("3 of the last 4 days"): the bars needed, the window's bars,
    #: and whether it is an event that must happen on this bar ("twice within 5 days")
    count: tuple[int, int, bool] | None = None
    # a setup: true on one of this many bars before the rule's other conditions, its trigger
    # ("ADX above 30, then buy when price breaks the bar before's high"); 0: not a setup
    setup_within: int = 0
    notes: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


def held_run(cond: DCond, n: int, before: int = 0) -> list[DCond] | None:
    """``cond``, a comparison, on each of ``n`` bars in a row: copies with the operands lagged
    by 1 .. n - 1 bars after ``cond`` itself (all lagged ``before`` more bars when the run ended
    that many bars ago); None when an operand cannot be lagged ("it" left unnamed). ``cond`` is
    changed in place (its ``n`` is spent)."""
    cond.n = 0
    for operand in (cond.a, cond.b) if before else ():
        if isinstance(operand, Ind | Price):
            operand.lag += before
    lagged = [cond]
    for lag in range(1, n):
        a, b = copy.deepcopy((cond.a, cond.b))
        for operand in (a, b):
            if isinstance(operand, Ind | Price):
                operand.lag += lag
            elif not isinstance(operand, Num) and operand != "slope":  # rising N bars running
                return None
        lagged.append(DCond("compare", a, cond.rel, b, start=cond.start, end=cond.end))
    return lagged


def unlagged_line(operand: object, *, price: bool = False) -> Ind | None:
    """The line "it" names when ``operand`` was said before: an indicator (a copy, unlagged) on
    its own scale, never a price; with ``price``, a line on the price's scale ("the 20 EMA is
    rising and price pulls back to it")."""
    if not isinstance(operand, Ind) or (operand.family in PRICE_FAMILIES) != price:
        return None
    return replace(copy.deepcopy(operand), lag=0)


@dataclass
class When(DCond):
    """A calendar condition ("on Mondays", "in May", "the last trading day of the month") and/or
    a fill ("at the close", "Monday's open"): ``kind`` is "calendar" (``unit``, ``values``) or
    "fill" (only ``fill``); ``fill`` is "next_open", "close" or None."""

    unit: str = ""
    values: tuple[int, ...] = ()
    fill: str | None = None
    avoided: bool = False  # the complement of months or days said to be avoided ("not in May")
    at_time: bool = False  # "exit at 3:50pm": ``values`` is that one minute, until _rules
    # "the 1st and the 15th of each month": any of these dates, each all of its parts (one
    # condition, so that another joined to it holds on each date, not only on the last)
    either: tuple[tuple[When, ...], ...] = ()


@dataclass
class Item:
    """A recognised phrase: ``kind`` is action, cond, conn, sep, risk, meta, direction, style or
    mention; ``value`` depends on the kind."""

    kind: str
    value: Any
    start: int
    end: int
    when: bool = False  # a condition introduced by "when"/"if" (may attach to a later action)
    joined: str = "and"  # a part of one phrase read as several conditions: how it joins the
    # part before ("or": "sell when either is overbought"), no connector being said between them
