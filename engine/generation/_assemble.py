"""Resolved conditions -> a StrategySpec (or a refusal): the fourth stage of reading.

:func:`assemble` builds the spec from the sides and the direction ``_resolve`` decided,
completes the position settings, states every default as an assumption, and names the strategy.
A description with no entry is refused with what to add; buy-and-hold is refused with the
reason; a VWAP rule on daily bars is refused. An indicator named on its own ("using RSI(2)")
that no rule uses is reported as not understood.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from engine.generation import _english, _naming
from engine.generation import _vocabulary as vocab
from engine.generation import spec as S
from engine.generation._draft import Ind
from engine.generation._english import stop_base
from engine.generation._indicator_table import TABLE
from engine.generation._match import EXAMPLE, Span
from engine.generation._resolve import Resolved
from engine.generation._rules import STOPS, Rules

NOTHING = (
    "Botlab could not find a trading rule in this text. Say when to buy (or short) and when to "
    f"sell, for example: '{EXAMPLE}'."
)
NO_ENTRY = (
    "Botlab understood part of this but not when to enter a trade. Add an entry rule, for "
    "example: 'buy when the 50-day SMA crosses above the 200-day SMA'."
)
BUY_AND_HOLD = (
    "Buy and hold needs no bot: every backtest already reports the buy-and-hold return of the "
    "same period. Describe when to buy and when to sell, for example: "
    f"'{EXAMPLE}'."
)
_VWAP_NOTE = (
    "VWAP is anchored to each day and needs intraday bars: test on 1h or shorter bars (on daily "
    "bars the bot stops with a message saying so)"
)


@dataclass
class Assembled:
    """The spec (or the refusal), the spans of phrases not used, and why some were not.

    ``settings`` are the test settings and stops that were read, kept with a refusal for the
    suggestions; ``defaulted``: no rule was given, a style's documented default was used.
    """

    spec: S.StrategySpec | None
    rejected: list[Span]
    refusal: str | None = None
    problems: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    defaulted: bool = False


def assemble(text: str, rules: Rules, resolved: Resolved) -> Assembled:
    """The spec of ``text`` from its rules and resolved conditions (see the module docstring)."""
    rejected = rules.rejected + resolved.rejected
    if rules.refusal is not None:
        return Assembled(None, rejected, rules.refusal, rules.problems, rules.values)
    if not resolved.direction:  # no entry (or short entry) was resolved
        refusal = (
            BUY_AND_HOLD if rules.buy_and_hold else NO_ENTRY if rules.read_anything else NOTHING
        )
        read = {**rules.values, **rules.risk}
        return Assembled(None, rejected, refusal, rules.problems, read)
    level = rules.values.get("entry_stop")
    if level is not None and (resolved.direction, level) not in (
        ("long", "high"),
        ("short", "low"),
    ):
        return Assembled(None, rejected, STOP_ENTRY_SIDE, rules.problems)
    if level is not None and "close" in (rules.values.get(k) for k in ("entry_fill", "exit_fill")):
        return Assembled(None, rejected, STOP_ENTRY_AT_CLOSE, rules.problems)
    indicators = list({ind.id: ind for ind in resolved.indicators}.values())
    try:
        spec = _build(text, resolved, indicators, rules)
    except ValidationError as error:  # parts read one by one that no single bot can hold
        return Assembled(None, rejected, _cannot_combine(error), rules.problems)
    refusal = _vwap_refusal({ind.kind for ind in spec.indicators}, spec.interval)
    refusal = refusal or _many_series_refusal(spec) or _intraday_frame_refusal(spec)
    refusal = refusal or _impossible_refusal(spec) or _against_itself_refusal(spec)
    refusal = refusal or _stop_level_side_refusal(spec)
    if refusal is not None:
        return Assembled(None, rejected, refusal, rules.problems)
    rejected += [(m.start, m.end) for m in rules.mention_items if not _used(m.value, spec)]
    return Assembled(spec, rejected, problems=rules.problems, defaulted=rules.defaulted)


#: A spec check's detail for programmers and models, in brackets after its plain words
#: ("... (exit_same_bar needs entry_fill 'open' ...)"): never shown to the writer
_FIELD_DETAIL = re.compile(r" \([^()]*_[^()]*\)")


def _cannot_combine(error: ValidationError) -> str:
    """The refusal for rules each read on its own that contradict one another in one bot
    ("stop at the open ... exit at the close" after a gap bought at the open: two exit
    fills), naming the first contradiction in plain words (its field names left out)."""
    reason = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
    reason = _FIELD_DETAIL.sub("", reason)
    return (
        f"Botlab read these rules but cannot build them into one bot: {reason}. Say each exit "
        "once, with one fill ('sell at the close', 'stop 2% below entry')."
    )


#: A stop entry whose level is not the side's (a long's stop above the high, a short's below)
STOP_ENTRY_SIDE = (
    "A stop entry is built for a long above the signal bar's high ('buy when tomorrow trades "
    "above today's high') or a short below its low ('short when tomorrow trades below today's "
    "low'), on a long-only or short-only bot; this one asks for another level or side."
)


def _vwap_refusal(kinds: set[str], interval: str | None) -> str | None:
    """Why a VWAP rule cannot run on the bars asked for (daily or longer), else None."""
    if "vwap" not in kinds or interval is None or interval.endswith(("m", "h")):
        return None
    return (
        f"VWAP is anchored to each trading day, so it needs intraday bars; this description asks "
        f"for {interval} bars, where every bar would be its own VWAP. Test it on 1h or shorter "
        "bars (for example 'on 5 minute bars'), or use a moving average instead."
    )


_SIDE_NAMES = {"entry": "buy", "exit": "sell", "short_entry": "short", "short_exit": "cover"}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "above": "below", "below": "above"}


def _stop_level_side_refusal(spec: S.StrategySpec) -> str | None:
    """ "buy ..., stop at the 10-day high": a high is above the price a long is bought at, so
    no stop can sit there; said of a long (a low of a short), the sentence has a slip."""
    if spec.stop_level is None or spec.direction not in ("long", "short"):
        return None
    kind = spec.indicator(spec.stop_level.id).kind
    wrong = vocab.UPPER_LINES if spec.direction == "long" else vocab.LOWER_LINES
    if kind not in wrong:
        return None
    line = _english.operand(spec, spec.stop_level)
    side = "below" if spec.direction == "long" else "above"
    return vocab.STOP_LEVEL_ON_THE_WRONG_SIDE.format(line=line, trade=spec.direction, side=side)


def _impossible_refusal(spec: S.StrategySpec) -> str | None:
    """Why a rule can never be true (two of its "and" parts contradict each other on one bar:
    "RSI below 10 and above 90", "MACD crosses above its signal and is below it"), else None:
    such a reading joined words of another rule to this one, so it is refused, never run."""
    for side, verb in _SIDE_NAMES.items():
        rule = getattr(spec, side)
        parts = rule.conditions if isinstance(rule, S.And) else []
        for n, first in enumerate(parts):
            for second in parts[n + 1 :]:
                dates = _dates_apart(first, second)
                if dates or _contradict(first, second) or _contradict(second, first):
                    said = " and ".join(
                        _english.condition(spec, c, nested=True) for c in (first, second)
                    )
                    return (
                        f"The {verb} rule as read can never be true: {said}, on the same bar. "
                        + (_date_hint(first) if dates else _OTHER_RULE_HINT)
                    )
    return None


def _against_itself_refusal(spec: S.StrategySpec) -> str | None:
    """Why a rule compares a value with a multiple of itself on the same bar ("limit buy 2%
    below the close" read as the close below 98% of the close), which is always or never true,
    else None: such words said an order at a price, which Botlab does not place."""
    for side, verb in _SIDE_NAMES.items():
        for cond in S.leaves(getattr(spec, side)):
            if not isinstance(cond, S.Compare | S.Cross):
                continue
            a, b = cond.a, cond.b
            if isinstance(a, S.Number) or type(a) is not type(b):
                continue
            if _beyond_its_bar(cond):
                said = _english.condition(spec, cond, nested=True)
                return (
                    f"The {verb} rule as read has a price beyond its own bar's range ({said}), "
                    f"which is never true. {vocab.PRICE_ORDERS_UNBUILT}"
                )
            bare = {"times": 1.0, "plus": 0.0}
            if a.model_copy(update=bare) == b.model_copy(update=bare):
                said = _english.condition(spec, cond, nested=True)
                return (
                    f"The {verb} rule as read compares a value with itself ({said}), which is "
                    f"always or never true. {vocab.PRICE_ORDERS_UNBUILT}"
                )
    return None


def _beyond_its_bar(cond: S.Compare | S.Cross) -> bool:
    """The close or open said beyond the same bar's high or low ("buy when price breaks above
    the high of the first 30 minutes" read as the close above the high): never true."""
    a, b = cond.a, cond.b
    prices = isinstance(a, S.PriceRef) and isinstance(b, S.PriceRef)
    if not (prices and a.times == b.times == 1 and a.plus == b.plus == 0):
        return False
    rel = cond.op if isinstance(cond, S.Compare) else cond.direction
    same_bar = (a.lag, a.timeframe, a.symbol) == (b.lag, b.timeframe, b.symbol)
    above = rel in (">", "above") and b.field == "high"
    below = rel in ("<", "below") and b.field == "low"
    return same_bar and a.field in ("close", "open") and (above or below)


def _sides_of(cond: S.Condition) -> tuple[str, str, object] | None:
    """(line, direction, other side) of a comparison or crossing, the line being the side
    that is not a number (a crossing's direction is where it ends: above or below)."""
    if not isinstance(cond, S.Compare | S.Cross):
        return None
    rel = cond.op if isinstance(cond, S.Compare) else cond.direction
    line, other = cond.a, cond.b
    if isinstance(line, S.Number):
        line, other, rel = other, line, _FLIP[rel]
    direction = "above" if rel in (">", ">=", "above") else "below"
    strict = rel in (">", "<", "above", "below")
    level = other.value if isinstance(other, S.Number) else other.model_dump_json()
    return line.model_dump_json(), direction + ("" if strict else "="), level


def _contradict(first: S.Condition, second: S.Condition) -> bool:
    """``first`` puts a line above (or at) something that ``second`` puts it below, on one bar."""
    one, two = _sides_of(first), _sides_of(second)
    if one is None or two is None or one[0] != two[0]:
        return False
    (_, up, low), (_, down, high) = one, two
    if not (up.startswith("above") and down.startswith("below")):
        return False
    if isinstance(low, float) and isinstance(high, float):
        both_inclusive = up.endswith("=") and down.endswith("=")
        return low > high or (low == high and not both_inclusive)
    return low == high and not (up.endswith("=") and down.endswith("="))


_OTHER_RULE_HINT = (
    "Part of it probably belongs to another rule: start that rule with its own action word, for "
    "example 'buy when RSI(2) is below 10, sell when RSI(2) is above 90'."
)
_DATE_RANGE_HINT = (
    "A range of dates is a buy on its first day and a sell after its last, for example 'buy on "
    "the last trading day of the month, sell on the 3rd trading day of the new month'."
)

_DAYS_TO_TRADE_ON_HINT = (
    "Two dates, days of the week or months are days to trade on: say them as 'on the 1st or the "
    "15th of each month', 'on Mondays or Fridays', 'in March or October'."
)
#: Date rules two of which say days to trade on ("on Mondays and Fridays"), not a range
_DAYS_TO_TRADE_ON = ("day_of_month", "day_of_month_before", "weekday", "month")


def _date_hint(cond: S.Condition) -> str:
    """How to say the dates of a date rule that can never be true."""
    days = isinstance(cond, S.Calendar) and cond.unit in _DAYS_TO_TRADE_ON
    return _DAYS_TO_TRADE_ON_HINT if days else _DATE_RANGE_HINT


STOP_ENTRY_AT_CLOSE = (
    "A stop entry (a buy-stop at the signal bar's high, for the next bar) and a fill at the "
    "close cannot be built together: backtesting.py fills every market order of a bot at the "
    "close or none. Say the exit as a number of days: exit at the next bar's open ('exit 3 days "
    "later') instead, or enter at the close."
)


def _dates_apart(x: S.Condition, y: S.Condition) -> bool:
    """Two date rules that no day meets both of: one unit with no value in common ("the month
    is October and the month is April"), or a trading day from the start and one from the end
    too close for any month to have both (a month has at least 18 trading days)."""
    if not (isinstance(x, S.Calendar) and isinstance(y, S.Calendar)):
        return False
    if x.unit == y.unit:
        return not set(x.values) & set(y.values)
    units = {x.unit: x.values, y.unit: y.values}
    if set(units) == {"day_of_month", "day_of_month_before"}:
        return not _a_trading_day_after(units["day_of_month"], units["day_of_month_before"])
    if set(units) != {"trading_day", "trading_day_from_end"}:
        return False
    return max(units["trading_day"]) + max(units["trading_day_from_end"]) <= 16


#: The most calendar days from one trading day to the next (a long weekend next to a closure)
_LONGEST_GAP_BETWEEN_TRADING_DAYS = 7


def _a_trading_day_after(days: Sequence[int], before: Sequence[int]) -> bool:
    """Whether a trading day on one of ``days`` of the month can follow one on ``before`` (0:
    in the month before): "the 15th or later, the day before in the month before" never does."""
    gap = _LONGEST_GAP_BETWEEN_TRADING_DAYS
    return any(0 < day - prior <= gap if prior else day <= gap for day in days for prior in before)


def _many_series_refusal(spec: S.StrategySpec) -> str | None:
    """Why an indicator of several price series (ATR, VWAP, ...) cannot be computed on another
    timeframe's bars (resample_apply resamples one series), else None."""
    for ind in spec.indicators:
        entry = TABLE.get(ind.kind)
        calls = [line.call for line in entry.lines.values()] if entry else []
        if ind.timeframe and any(f in c for c in calls for f in _OTHER_SERIES):
            words = vocab.TIMEFRAME_WORDS[ind.timeframe]
            return (
                f"The {words} {entry.title} needs more than the close of each {words} bar, which "  # type: ignore[union-attr]
                "Botlab cannot build yet. Use it on the bars tested on, or "
                f"{'an' if words[0] in 'aeiouh' else 'a'} {words} indicator of the close (a "
                "moving average, RSI, ...)."
            )
    return None


_OTHER_SERIES = ("{high}", "{low}", "{open}", "{volume}", "{index}")


def _intraday_frame_refusal(spec: S.StrategySpec) -> str | None:
    """Why a rule on 4-hour (hourly, 15-minute...) bars cannot run on the bars tested on (daily,
    or not shorter than its own), else None; when it can, the spec's assumptions say how those
    bars are built (in place)."""
    frames = {ind.timeframe for ind in spec.indicators} | _price_frames(spec.conditions())
    if "D" in frames:
        spec.assumptions.append(
            f"Daily bars are built from the {spec.interval} bars with "
            "backtesting.lib.resample_apply (calendar days from midnight); each daily value is "
            "the last completed day's, used from the first bar of the next day (no look-ahead)"
        )
    intraday = sorted((f for f in frames if f in S.INTRADAY_MINUTES), key=S.INTRADAY_MINUTES.get)
    if not intraday:
        return None
    frame = intraday[-1]
    words = vocab.TIMEFRAME_WORDS[frame]
    unit = re.fullmatch(r"(\d+)(m|h)", spec.interval or "")
    minutes = int(unit[1]) * (60 if unit[2] == "h" else 1) if unit else None
    if minutes is None or minutes >= S.INTRADAY_MINUTES[intraday[0]]:
        article = "An" if words[0] in "aeiouh" else "A"
        least = intraday[0]  # bars that build every frame said: 15-minute ones, or its own
        shorter = "15 minute" if S.INTRADAY_MINUTES[least] > 15 else vocab.TIMEFRAME_WORDS[least]
        tested = f"{spec.interval} bars" if spec.interval else "daily bars (the default)"
        return (
            f"{article} {words} rule is computed from shorter intraday bars, but this "
            f"description tests on {tested}. Say the bars to test on: {words} bars read it on "
            f"those bars themselves, shorter ones build it from them, for example 'on {shorter} "
            "bars'."
        )
    spec.assumptions.append(
        f"{words.capitalize()} bars are built from the {spec.interval} bars with "
        "backtesting.lib.resample_apply, clock-aligned from midnight; each "
        f"{words} value is used from the first bar after its period ends (no look-ahead)"
    )
    return None


def _price_frames(conditions: list[S.Condition]) -> set[str | None]:
    """The timeframes of the prices the conditions compare ("the 4-hour close")."""
    frames: set[str | None] = set()
    for cond in conditions:
        if isinstance(cond, S.COMPOUND):
            frames |= _price_frames(cond.conditions)
        for side in ("a", "b"):
            operand = getattr(cond, side, None)
            if isinstance(operand, S.PriceRef):
                frames.add(operand.timeframe)
    return frames


_KIND_OF = {"ma": "sma", "bare": "sma", "band": "bbands", "slowstoch": "stoch"}


def _used(mention: Ind, spec: S.StrategySpec) -> bool:
    """An indicator named on its own ("using RSI(2)") ended up in a rule, or names the ATR of an
    ATR stop; otherwise it is reported as not understood."""
    kind = _KIND_OF.get(mention.family, mention.family)
    kinds = {"donchian": ("highest", "lowest")}.get(kind, (kind,))
    candidates = list(spec.indicators)
    if spec.atr_stop_multiple or spec.atr_take_profit_multiple:
        candidates.append(S.Indicator.make("atr", period=spec.atr_period))
    for ind in candidates:
        same_params = all(ind.params.get(k) == v for k, v in mention.params.items())
        if ind.kind in kinds and (same_params or kind == "donchian"):
            return True
    return False


# -- the spec -----------------------------------------------------------------------------------


def _build(
    text: str, resolved: Resolved, indicators: list[S.Indicator], rules: Rules
) -> S.StrategySpec:
    notes = rules.notes + resolved.notes
    sides: dict[str, S.Condition | None] = dict(resolved.sides)
    sides["add_on"] = resolved.conditions.get("add_on")
    sides["scale_out_on"] = resolved.conditions.get("scale_out_on")
    values = dict(rules.values)
    if values.pop("add_on_entry", False) and sides["add_on"] is None:
        sides["add_on"] = sides["entry"]  # "10 shares every time ..., up to 50 shares total"
    level = resolved.conditions.get("stop_level")  # "stop at the 5-day low": its line
    if isinstance(level, S.Compare) and isinstance(level.b, S.IndicatorRef):
        values["stop_level"] = level.b
    used = {ref.id for cond in sides.values() if cond is not None for ref in S.iter_refs(cond)}
    used |= {values["stop_level"].id} if "stop_level" in values else set()
    for ind in reversed(indicators):  # "the 9 EMA of RSI" uses RSI
        ref = S.source_ref(ind.source)
        if ind.id in used and ref is not None:
            used.add(ref[0])
    indicators = [ind for ind in indicators if ind.id in used]  # named but unused: reported
    values.pop("fill", None)
    values["entry_stop"] = bool(values.get("entry_stop"))
    fields = dict(
        name="Strategy",
        description=text.strip(),
        direction=resolved.direction,
        indicators=indicators,
        **sides,
        **rules.risk,
        **values,
    )
    if any(ind.kind == "vwap" for ind in indicators) and not values.get("interval"):
        notes.append(_VWAP_NOTE)
    explicit = any(k in rules.values for k in ("size_fraction", "size_cash", "size_shares"))
    _finish(fields, explicit, notes)
    _standard_notes(fields, rules, notes)
    fields["assumptions"] = _dedupe(notes)
    spec = S.StrategySpec(**fields)
    return spec.model_copy(update={"name": _naming.strategy_name(spec)})


def _standard_notes(fields: dict, rules: Rules, notes: list[str]) -> None:
    sized = ("size_fraction", "size_cash", "size_shares", "risk_pct", "risk_cash", "max_units")
    if not any(fields.get(k) for k in sized):
        notes.append("each trade invests 99% of equity (size fraction 0.99)")
    if any(fields.get(k) for k in STOPS):
        base = stop_base(fields.get("entry_fill", "next_open"))
        notes.append(f"stops and targets are measured from {base}")
    atrs = ("atr_stop_multiple", "atr_take_profit_multiple", "scale_out_atr", "breakeven_atr")
    if any(fields.get(k) for k in atrs) and ("atr_period" not in rules.risk):
        notes.append("ATR period 14 (the standard, Wilder's smoothing) because none was given")
    if fields.get("entry_stop"):
        notes.append("exits fill at the next bar's open; entries are stop orders (see the rules)")
    elif (
        fields.get("entry_fill", "next_open") == fields.get("exit_fill", "next_open") == "next_open"
    ):
        notes.append("orders fill at the next bar's open (backtesting.py's default)")


def _average_down(fields: dict, notes: list[str]) -> None:
    """ "average down once if it falls 8%", "add a unit each time it drops another 5%, at most
    3 adds": the drops from the first entry's fill price at which a unit is added."""
    said = fields.pop("add_drops", None)
    if said is None:
        return
    levels, each = said[:2]  # a move in the trade's favour was reported by the rules
    if fields.get("add_on") is not None or fields["direction"] not in ("long", "short"):
        notes.append(
            "averaging down works on long-only or short-only bots without another add rule"
        )
        fields.pop("max_units", None)
        return
    if each:  # "each time it drops another 5%": every further 5%, up to the most units said
        adds = fields.get("max_units", 3) - 1
        if "max_units" not in fields:
            notes.append("at most 3 units (no maximum was given): 2 adds")
        levels = [round(levels[0] * k, 9) for k in range(1, adds + 1)]
    elif fields.get("max_units", len(levels) + 1) != len(levels) + 1:
        notes.append(f"one unit is added at each drop said: {len(levels) + 1} units in all")
    fields["add_drops_pct"], fields["max_units"] = levels, len(levels) + 1
    way = "below" if fields["direction"] == "long" else "above"
    drops = ", ".join(f"{d:g}%" for d in levels)
    notes.append(
        "averaging down is measured from the first entry's fill price, at the signal bar's "
        f"close: a unit is added at the next fill once the close is {drops} {way} it"
    )


def _dedupe(notes: list[str]) -> list[str]:
    seen: list[str] = []
    for n in notes:
        text = n[0].upper() + n[1:] if n else n
        if text not in seen:
            seen.append(text)
    return seen


def _finish(fields: dict, explicit_size: bool, notes: list[str]) -> None:
    """Defaults and consistency of the position rules, each stated in ``notes``."""
    _average_down(fields, notes)
    averaging_down = bool(fields.get("add_drops_pct"))
    if not averaging_down and fields.get("add_on") is None:
        if fields.pop("max_units", None):
            notes.append("a maximum number of units was given but no rule adds to a position")
    elif not averaging_down and fields["direction"] not in ("long", "short"):
        fields["add_on"] = None
        fields.pop("max_units", None)
        notes.append("adding units works on long-only or short-only bots: not used here")
    else:
        if "max_units" not in fields:  # averaging down has one unit per drop, set already
            fields["max_units"] = 3
            notes.append("at most 3 units (no maximum was given)")
        if not explicit_size:
            fields["size_fraction"] = round(0.99 / fields["max_units"], 4)
            notes.append(
                f"each unit is 1/{fields['max_units']} of 99% of equity, so that every unit "
                "can be bought; added units are as many shares as the first"
            )
    scales = fields.get("scale_out_pct") or fields.get("scale_out_atr") or fields["scale_out_on"]
    if scales and fields["direction"] not in ("long", "short"):
        fields["scale_out_on"] = None
        fields.pop("scale_out_pct", None)
        fields.pop("scale_out_atr", None)
        fields.pop("scale_out_fraction", None)
        fields.pop("more_scale_outs", None)
        notes.append("scaling out works on long-only or short-only bots: not used here")
    fills = {fields.get("entry_fill", "next_open"), fields.get("exit_fill", "next_open")}
    mixed = "close" in fills and len(fills) > 1  # market orders at the close, some not
    target = fields.get("take_profit_pct") or fields.get("atr_take_profit_multiple")
    if mixed and (target or fields["direction"] in ("both", "always_in")):
        fields["entry_fill"] = fields["exit_fill"] = "close"
        fields.pop("exit_same_bar", None)
        notes.append(
            "entries and exits both fill at the close: an entry at the next open with exits at "
            "the close works only for one-sided bots without a profit target"
        )
