"""Plain-English rendering of a spec ("What Botlab understood"): the echo stage.

One line per rule, stop, exit and test setting, with every number (defaults included): indicator
rules, calendar rules, gaps, fills, sizing, pyramiding, scaling out and data from another symbol
or timeframe. The generated code's comments and the strategy's name use the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.generation import spec as S
from engine.generation._indicator_table import TABLE
from engine.generation._vocabulary import (
    MONTH_NAMES,
    TIMEFRAME_WORDS,
    WEEKDAY_NAMES,
    market_of,
    ordinal,
)

_OPS = {">": "is above", "<": "is below", ">=": "is at or above", "<=": "is at or below"}
_FIELDS = {
    "open": "the open",
    "high": "the high",
    "low": "the low",
    "close": "the close",
    "volume": "volume",
}


def render_english(spec: S.StrategySpec) -> list[str]:
    """One line per rule, stop, exit and test setting, with every number (defaults included)."""
    lines = _rules(spec)
    lines += _position_lines(spec)
    lines += _risk(spec)
    lines.append(_size_line(spec))
    if spec.leverage:
        lines.append(
            f"Leverage: {spec.leverage:g}x (backtesting.py's margin = 1/{spec.leverage:g}): a "
            f"position may be worth up to {spec.leverage:g} x equity; there are no margin calls "
            "(backtesting.py stops the test only when equity reaches zero)"
        )
    if spec.entry_fill != "next_open" or spec.exit_fill != "next_open":
        lines.append(fills_sentence(spec))
    lines += [note for note in (_calendar_note(spec),) if note]
    lines += _data_lines(spec)
    test = _test(spec)
    if test:
        lines.append(test)
    return lines


def _rules(spec: S.StrategySpec) -> list[str]:
    out: list[str] = []
    if spec.direction == "always_in":
        if spec.entry is not None:
            out.append(f"Go long when {condition(spec, spec.entry)} (closing any short)")
        if spec.short_entry is not None:
            out.append(f"Go short when {condition(spec, spec.short_entry)} (closing any long)")
        out.append("Always in the market after the first signal (stop-and-reverse)")
        return out
    both = spec.direction == "both"
    if spec.entry is not None:
        tail = " (closing any short)" if both else ""
        out.append(f"Buy when {condition(spec, spec.entry)}{tail}")
    if spec.exit is not None:
        out.append(f"Sell when {condition(spec, spec.exit)}")
    if spec.short_entry is not None:
        tail = " (closing any long)" if both else ""
        out.append(f"Short when {condition(spec, spec.short_entry)}{tail}")
    if spec.short_exit is not None:
        out.append(f"Cover when {condition(spec, spec.short_exit)}")
    if spec.direction == "long":
        out.append("Long only")
    elif spec.direction == "short":
        out.append("Short only")
    return out


def stop_base(entry_fill: str) -> str:
    """The price stops and targets are measured from: the close of the bar that places the
    order, or, for an entry that fills at the open of the bar it reads, that open."""
    return "the entry's open" if entry_fill == "open" else "the signal bar's close"


def _risk(spec: S.StrategySpec) -> list[str]:
    below, above = _sides(spec)
    atr = f"ATR({spec.atr_period})"
    base = stop_base(spec.entry_fill)
    out = []
    if spec.stop_loss_pct:
        out.append(f"Stop loss: {spec.stop_loss_pct:g}% {below} {base}")
    if spec.bar_stop:
        extreme = "high" if spec.direction == "short" else "low"
        back = spec.bar_stop_back
        if back:
            bars = f"{back} bar{'s' if back > 1 else ''}"
            out.append(
                f"Stop at the {extreme} of the bar {bars} before the signal bar, fixed for the "
                f"trade (none when the signal bar closed at or beyond it)"
            )
        else:
            out.append(
                f"Stop at the signal bar's {extreme} (none when that bar closed at its {extreme})"
            )
    if spec.stop_level is not None:
        out.append(_stop_level_line(spec))
    if spec.stop_loss_points:
        none = " (none when that is at or below zero)" if spec.direction != "short" else ""
        out.append(f"Stop loss: {spec.stop_loss_points:g} in price (points) {below} {base}{none}")
    if spec.take_profit_pct:
        out.append(f"Take profit: {spec.take_profit_pct:g}% {above} {base}")
    if spec.take_profit_r:
        out.append(
            f"Take profit: {spec.take_profit_r:g}R, {spec.take_profit_r:g} x the distance from "
            f"{base} to this trade's stop, {above} {base} (none when the trade has no stop)"
        )
    if spec.take_profit_points:
        none = " (none when that is at or below zero)" if spec.direction != "long" else ""
        out.append(
            f"Take profit: {spec.take_profit_points:g} in price (points) {above} {base}{none}"
        )
    if spec.trailing_stop_pct:
        extreme = _extreme(spec)
        out.append(
            f"Trailing stop: {spec.trailing_stop_pct:g}% {below} the {extreme} close since the "
            f"{'entry' if spec.entry_fill == 'open' else 'signal bar'}, moving only in the "
            "trade's favour"
        )
    if spec.atr_stop_multiple:
        if spec.atr_trailing:
            out.append(
                f"Trailing ATR stop: {spec.atr_stop_multiple:g} x {atr} {below} each close, "
                "moving only in the trade's favour"
            )
        else:
            out.append(f"ATR stop: {spec.atr_stop_multiple:g} x {atr} {below} {base}")
    if spec.atr_take_profit_multiple:
        out.append(f"ATR target: {spec.atr_take_profit_multiple:g} x {atr} {above} {base}")
    if spec.breakeven_pct or spec.breakeven_atr:
        distance = (
            f"{spec.breakeven_pct:g}%"
            if spec.breakeven_pct
            else f"{spec.breakeven_atr:g} x {atr} (of the bar that placed the entry)"
        )
        out.append(
            f"Break-even stop: once a close is {distance} {above} the entry price, the stop "
            "moves to the entry price (and never back)"
        )
    if spec.entry_stop:
        level = "low" if spec.direction == "short" else "high"
        order = "sell-stop" if spec.direction == "short" else "buy-stop"
        out.append(
            f"Entry order: a {order} at the signal bar's {level}, good for the next bar only "
            f"(backtesting.py's stop order: filled at that {level}, or at the open when the bar "
            "opens beyond it; cancelled when the bar does not reach it)"
        )
    if spec.exit_same_bar:
        out.append(
            "Exit at the close of the entry bar: each trade opens at a bar's open and closes at "
            "its close"
        )
    if spec.exit_after_bars:
        n = spec.exit_after_bars
        out.append(
            f"Exit after {n} bar{'s' if n != 1 else ''}: a trade is closed {n} bars after it opened"
        )
    return out


def _sides(spec: S.StrategySpec) -> tuple[str, str]:
    if spec.direction == "short":
        return "above", "below"
    if spec.direction == "long":
        return "below", "above"
    return "beyond (against the trade)", "beyond (with the trade)"


def _extreme(spec: S.StrategySpec) -> str:
    return {"long": "highest", "short": "lowest"}.get(spec.direction, "best")


def _test(spec: S.StrategySpec) -> str:
    where = f"on {spec.symbol}" if spec.symbol else ""
    if spec.interval:
        where += f" ({spec.interval} bars)" if where else f"on {spec.interval} bars"
    when = ""
    if spec.period_days:
        when = f"over the last {spec.period_days} days"
    if spec.start and spec.end:
        when = f"from {spec.start.isoformat()} to {spec.end.isoformat()}"
    elif spec.start:
        when = f"from {spec.start.isoformat()}"
    elif spec.end:
        when = f"until {spec.end.isoformat()}"
    extras = []
    if spec.cash:
        extras.append(f"with {spec.cash:,.0f} starting cash")
    if spec.commission_pct is not None:
        extras.append(f"{spec.commission_pct:g}% commission per trade")
    text = " ".join(bit for bit in (where, when) if bit)
    text = ", ".join(bit for bit in (text, *extras) if bit)
    return f"Test {text}" if text else ""


def condition(spec: S.StrategySpec, cond: S.Condition, nested: bool = False) -> str:
    """A condition in words."""
    if isinstance(cond, S.And | S.Or):
        word = " and " if isinstance(cond, S.And) else " or "
        text = word.join(condition(spec, c, nested=True) for c in cond.conditions)
        return f"({text})" if nested else text
    if isinstance(cond, S.Sequence):
        text = sequence(spec, cond)
        return f"({text})" if nested else text
    if isinstance(cond, S.ConsecutiveCloses):
        verb, side = ("fell", "below") if cond.direction == "down" else ("rose", "above")
        if cond.n == 1:
            return f"the close {verb} (closed {side} the previous close)"
        if cond.exactly:
            return (
                f"the close {verb} for exactly the {ordinal(cond.n)} bar in a row (each of the "
                f"last {cond.n} closes {side} the one before, the close before them not)"
            )
        return f"the close {verb} {cond.n} bars in a row (each close {side} the one before)"
    if isinstance(cond, S.Count):
        return _count(spec, cond)
    if isinstance(cond, S.Calendar):
        return calendar(cond)
    gap_words = gap(cond) if isinstance(cond, S.Compare) else None
    if gap_words:
        return gap_words
    pattern = _pattern(spec, cond)
    if pattern:
        return pattern
    trend = _trend_direction(spec, cond)
    if trend:
        return trend
    a, b = operand(spec, cond.a), operand(spec, cond.b) + _unit(spec, cond.a, cond.b)
    if isinstance(cond, S.Cross):
        return f"{a} crosses {cond.direction} {b}"
    if _is_slope(cond):
        word = "rising" if cond.op in (">", ">=") else "falling"
        frame = _frame_of(spec, cond.a)
        before = f"the {TIMEFRAME_WORDS[frame]} bar before" if frame else "the bar before"
        return f"{a} is {word} (compared with {before})"
    return f"{a} {_OPS[cond.op]} {b}"


def _count(spec: S.StrategySpec, cond: S.Count) -> str:
    """ "the close is above SMA(20) on at least 3 of the last 4 bars (this bar included)"; an
    event counted is said in times ("... at least 2 times in the last 5 bars")."""
    what = condition(spec, cond.condition, nested=True)
    if cond.at_least == cond.bars:
        return f"{what} on each of the last {cond.bars} bars (this bar included)"
    if any(isinstance(leaf, S.Cross) for leaf in S.leaves(cond.condition)):
        times = "once" if cond.at_least == 1 else f"{cond.at_least} times"
        return f"{what} at least {times} in the last {cond.bars} bars (this bar included)"
    return f"{what} on at least {cond.at_least} of the last {cond.bars} bars (this bar included)"


def sequence(spec: S.StrategySpec, cond: S.Sequence) -> str:
    """A setup, then a trigger, in words: the trigger on this bar, the setup before it."""
    bars = "the bar" if cond.within == 1 else f"one of the {cond.within} bars"
    if cond.trigger is None:
        return f"{condition(spec, cond.setup, nested=True)} on {bars} before"
    return (
        f"{condition(spec, cond.trigger, nested=True)}, after the setup "
        f"{condition(spec, cond.setup, nested=True)} on {bars} before"
    )


def _pattern(spec: S.StrategySpec, cond: S.Cross | S.Compare) -> str:
    """ "this bar is a bullish engulfing bar (a down bar followed by ...)", for a candlestick
    pattern's "is present" test (its 0/1 value above 0); empty for anything else."""
    if not isinstance(cond, S.Compare) or not isinstance(cond.a, S.IndicatorRef):
        return ""
    entry = TABLE.get(spec.indicator(cond.a.id).kind)
    if entry is None or not entry.pattern or cond.b != S.Number(value=0) or cond.op == "<":
        return ""
    lag = cond.a.lag
    when = {0: "this bar is", 1: "the previous bar was"}.get(lag, f"the bar {lag} bars earlier was")
    params = {k: f"{v:g}" for k, v in spec.indicator(cond.a.id).params.items()}
    name = entry.english(None, spec.indicator(cond.a.id).params)
    if cond.op == "<=":  # "the squeeze fires": none on this bar
        return f"{when} not {name}"
    return f"{when} {name} ({entry.pattern.format(**params)})"


def _trend_direction(spec: S.StrategySpec, cond: S.Cross | S.Compare) -> str:
    """ "the Supertrend (10, 3) turns up (green)" for its direction line against 0; "the
    Heikin-Ashi candle turns green (...)" for its close - open against 0."""
    a = cond.a
    if not isinstance(a, S.IndicatorRef) or cond.b != S.Number(value=0):
        return ""
    up = cond.direction == "above" if isinstance(cond, S.Cross) else cond.op in (">", ">=")
    if spec.indicator(a.id).kind == "heikin_ashi" and a.lag == 0:
        colour = "green (its close above its open)" if up else "red (its close below its open)"
        turn = "turns" if isinstance(cond, S.Cross) else "is"
        return f"the Heikin-Ashi candle {turn} {colour}"
    if a.output != "direction":
        return ""
    name = TABLE["supertrend"].english("line", spec.indicator(a.id).params)
    colour = "up (green)" if up else "down (red)"
    if isinstance(cond, S.Cross):
        band = "upper" if up else "lower"
        return f"{name} turns {colour}: the close goes {'above' if up else 'below'} its {band} band"
    return f"{name} is {colour}"


def _unit(spec: S.StrategySpec, a: S.Operand, b: S.Operand) -> str:
    """ "%" after a level of an indicator measured in percent ("ATR ... is below 2%")."""
    if not isinstance(a, S.IndicatorRef) or not isinstance(b, S.Number):
        return ""
    entry = TABLE.get(spec.indicator(a.id).kind)
    return entry.unit if entry else ""


def _is_slope(cond: S.Compare) -> bool:
    a, b = cond.a, cond.b
    if isinstance(a, S.Number) or isinstance(b, S.Number) or type(a) is not type(b):
        return False
    same = a.model_dump(exclude={"lag"}) == b.model_dump(exclude={"lag"})
    return same and b.lag == a.lag + 1


def operand(spec: S.StrategySpec, op: S.Operand) -> str:
    """An operand in words ("RSI(14)", "the upper Bollinger Band (20, 2)", "the close")."""
    if isinstance(op, S.Number):
        return f"{op.value:g}"
    if isinstance(op, S.PriceRef):
        name, symbol, timeframe = _FIELDS[op.field], op.symbol, op.timeframe
    else:
        ind = spec.indicator(op.id)
        name, symbol, timeframe = indicator_name(ind, op.output, spec), ind.symbol, ind.timeframe
    prefix = operand_prefix(symbol, timeframe)
    if prefix:
        name = prefix + name.removeprefix("the ")
    if op.lag:
        name = f"{name} {op.lag} bar{'s' if op.lag > 1 else ''} earlier"
    return _plus(_times(name, op.times), op.plus)


def _plus(name: str, plus: float) -> str:
    """ "SMA(20) - 5": a line moved by a distance in price."""
    if plus == 0:
        return name
    return f"{name} {'+' if plus > 0 else '-'} {abs(plus):g}"


def _times(name: str, times: float) -> str:
    if times == 1:
        return name
    if times == int(times) or times >= 1.5:
        return f"{times:g} x {name}"
    pct = (times - 1) * 100
    return f"{name} {'+' if pct > 0 else '-'} {abs(pct):g}%"


def indicator_name(
    ind: S.Indicator, output: str | None = None, spec: S.StrategySpec | None = None
) -> str:
    """An indicator line in words, with its parameters (``spec`` names the indicator one is
    computed on: "the 20-bar SMA of OBV")."""
    p = ind.params
    kind = ind.kind
    ref = S.source_ref(ind.source)
    if ref is not None and spec is not None:
        inner = indicator_name(spec.indicator(ref[0]), ref[1], spec).removeprefix("the ")
        if kind in ("sma", "ema"):
            return f"the {p['period']:g}-bar {kind.upper()} of {inner}"
        return TABLE[kind].english(output, p, inner)
    if kind == "stoch":
        slow = "slow " if p["smooth"] != 1 else ""
        if output == "d":
            return f"{slow}stochastic %D({p['k_period']:g}, {p['d_period']:g})"
        return f"{slow}stochastic %K({p['k_period']:g})"
    if kind in TABLE:
        return TABLE[kind].english(output, p, ind.source)
    if ind.source == "volume":  # an SMA or EMA, the kinds outside the table
        return f"the {p['period']:g}-bar average volume"
    return f"{kind.upper()}({p['period']:g})"


# -- calendar rules, gaps, fills, sizing, pyramiding, scaling out, other data -------------------


def _said_runs(values: list[int], say: Callable[[int], str], to: str) -> str:
    """Sorted calendar values said as their runs of consecutive ones ("09:30 to 10:59", "the
    1st to the 5th"), each run alone one by one ("Monday or Friday", "08:00")."""
    return _either([say(a) if a == b else f"{say(a)}{to}{say(b)}" for a, b in _runs(values)])


def _from_end(values: Sequence[int]) -> str:
    """Places counted from the end: "last", "2nd-to-last or last"."""
    return _either(["last" if v == 1 else f"{ordinal(v)}-to-last" for v in values])


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def calendar(cond: S.Calendar) -> str:
    """ "the day is a Monday", "the month is November, ... or April", "the day is the last
    trading day of the month"."""
    if cond.unit == "weekday_from_end":
        return f"the day is the {_from_end(cond.values)} of its weekday in the month"
    if cond.unit == "day_of_month_before":
        dates = [v for v in cond.values if v]
        said = f"the {_said_runs(dates, ordinal, ' to the ')}" if dates else ""
        month = "in the month before" if 0 in cond.values else ""
        return "the trading day before was " + " or ".join(w for w in (said, month) if w)
    if cond.unit == "minute_of_day":
        return f"the time is {_times_of_day(list(cond.values))}"
    if cond.unit == "minute_of_session":
        return f"the bar opens {_minutes_after_the_first_bar(list(cond.values))}"
    if cond.unit == "bar_of_day_from_end":
        return f"the bar is the {_from_end(cond.values)} bar of its day"
    if cond.unit == "weekday_before":
        return f"the trading day before is a {_either([WEEKDAY_NAMES[v] for v in cond.values])}"
    if cond.unit == "weekday":
        if len(cond.values) >= 5:  # "no new trades on Mondays": said as the days left out
            left_out = [day for v, day in enumerate(WEEKDAY_NAMES) if v not in cond.values]
            return f"the day is not a {_either(left_out)}"
        return f"the day is a {_either([WEEKDAY_NAMES[v] for v in cond.values])}"
    if cond.unit == "month":
        run = _wrapped_run(cond.values)
        if run is not None:
            return f"the month is {MONTH_NAMES[run[0] - 1]} through {MONTH_NAMES[run[1] - 1]}"
        return f"the month is {_either([MONTH_NAMES[v - 1] for v in cond.values])}"
    if cond.unit == "day_of_month":
        return f"the date is the {_said_runs(list(cond.values), ordinal, ' to the ')} of the month"
    if cond.unit == "trading_day":
        days = _either([ordinal(v) for v in cond.values])
        return f"the day is the {days} trading day of the month"
    return f"the day is the {_from_end(cond.values)} trading day of the month"


def _times_of_day(values: list[int]) -> str:
    """Minutes of the day as runs ("09:30 to 10:59", "09:30 to 10:59 or 14:00 to 15:59"); a
    day with less left out than kept ("no trades between 12:00 and 13:00", "not at 8 am") is
    said by what is left out: "not 12:00 to 12:59", "not 08:00"."""
    kept = _runs(values)
    left_out = [m for m in range(24 * 60) if m not in set(values)]
    if len(kept) > 1 and len(left_out) < len(values):
        return "not " + _said_runs(left_out, clock, " to ")
    return _said_runs(values, clock, " to ")


def _runs(values: list[int]) -> list[tuple[int, int]]:
    """Sorted values as (first, last) runs of consecutive ones."""
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][1] + 1:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    return [(a, b) for a, b in runs]


def _minutes_after_the_first_bar(minutes: list[int]) -> str:
    """ "60 minutes or more after the day's first bar", "less than 60 minutes after ...", "60 to
    329 minutes after ..." (one run of minutes, as the session's windows are)."""
    first, last = minutes[0], minutes[-1]
    if last == 24 * 60 - 1:
        return f"{first} minutes or more after the day's first bar"
    if first == 0:
        return f"less than {last + 1} minutes after the day's first bar"
    return f"{first} to {last} minutes after the day's first bar"


def clock(minutes: int) -> str:
    """A time of day given in minutes after midnight, as a 24-hour clock reads it ("09:30")."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _wrapped_run(values: list[int]) -> tuple[int, int] | None:
    """(first, last) when the months are one run of 3 or more, wrapping past December."""
    if len(values) < 3 or len(values) == 12:
        return None
    chosen = set(values)
    starts = [m for m in chosen if (m - 2) % 12 + 1 not in chosen]
    if len(starts) != 1:
        return None
    first = last = starts[0]
    while last % 12 + 1 in chosen:
        last = last % 12 + 1
    return first, last


def gap(cond: S.Compare) -> str | None:
    """ "the open gaps down more than 2% (below the previous close x 0.98)", or None when the
    comparison is not a gap (the open against the previous close)."""
    a, b = cond.a, cond.b
    if not (
        isinstance(a, S.PriceRef)
        and isinstance(b, S.PriceRef)
        and (a.field, a.lag, b.field, b.lag) == ("open", 0, "close", 1)
        and a.times == 1
        and a.plus == b.plus == 0
        and a.symbol == b.symbol
        and not (a.timeframe or b.timeframe)
    ):
        return None
    pct = abs(b.times - 1) * 100
    up = cond.op in (">", ">=")
    if (b.times > 1) != up or pct == 0:
        return None
    word = "more than" if cond.op in (">", "<") else "at least"
    side = "above" if up else "below"
    return (
        f"the open gaps {'up' if up else 'down'} {word} {pct:g}% ({side} the previous close "
        f"x {b.times:g})"
    )


def _frame_of(spec: S.StrategySpec, op: S.Operand) -> str | None:
    """The other timeframe an operand is computed on, if any."""
    if isinstance(op, S.IndicatorRef):
        return next((i.timeframe for i in spec.indicators if i.id == op.id), None)
    return getattr(op, "timeframe", None)


def operand_prefix(symbol: str | None, timeframe: str | None) -> str:
    """ "SPY's ", "the weekly ", "SPY's weekly " (empty for the traded symbol's own bars)."""
    words = [f"{symbol}'s" if symbol else "the"] if symbol or timeframe else []
    if timeframe:
        words.append(TIMEFRAME_WORDS[timeframe])
    return " ".join(words) + (" " if words else "")


def fills_sentence(spec: S.StrategySpec) -> str:
    """When orders fill, as the echo and the generated module's docstring say it."""
    entry = _fill_words(spec.entry_fill)
    exits = _fill_words(spec.exit_fill)
    how = (
        "backtesting.py's trade_on_close=True: a market order fills at the close of the bar that "
        "placed it"
        if spec.trade_on_close
        else "backtesting.py's default"
    )
    text = f"orders fill {entry}" if entry == exits else f"entries fill {entry}, exits {exits}"
    extra = ""
    if spec.trade_on_close and {"next_open", "open"} & {spec.entry_fill, spec.exit_fill}:
        extra = "; an order for the next open is a limit order that cannot bind"
    return f"Fills: {text} ({how}{extra})"


def _fill_words(fill: str) -> str:
    if fill == "open":
        return (
            "at the open of the bar their rule reads (placed at the close before, as a "
            "limit-on-open order: filled only if that open meets the rule)"
        )
    return "at the next bar's open" if fill == "next_open" else "at the signal bar's close"


def has_calendar(spec: S.StrategySpec) -> bool:
    return any(calendar_in(c) for c in spec.conditions())


def calendar_in(cond: S.Condition, unit: str | None = None) -> bool:
    """Whether ``cond`` has a calendar rule (of ``unit``, when given)."""
    if isinstance(cond, S.COMPOUND):
        return any(calendar_in(c, unit) for c in cond.conditions)
    return isinstance(cond, S.Calendar) and unit in (None, cond.unit)


def _calendar_note(spec: S.StrategySpec) -> str | None:
    """How date rules are checked, when the spec has one."""
    if not has_calendar(spec):
        return None
    note = (
        "Dates: a weekday, month or trading-day rule is checked on the day the order fills "
        "(with fills at the next bar's open, the next bar's date, which the exchange calendar "
        "fixes in advance)"
    )
    clocks = ("minute_of_day", "minute_of_session")
    if any(calendar_in(c, unit) for c in spec.conditions() for unit in clocks):
        note += (
            "; a time of day is the time the bar the order fills on opens, on the data's own "
            "clock (the exchange's for stocks, UTC for Yahoo's crypto)"
        )
    return note


def _size_line(spec: S.StrategySpec) -> str:
    """The position-size line of the echo."""
    if spec.size_shares:  # a currency pair, a coin or a future is counted in units
        noun = "shares" if market_of(spec.symbol) == "stock" else "units"
        return f"Position size: {spec.size_shares} {noun} per trade"
    if spec.size_cash:
        return (
            f"Position size: ${spec.size_cash:,.0f} per trade, in whole shares at the signal "
            "bar's close"
        )
    if spec.risk_cash:
        return (
            f"Position size: risk ${spec.risk_cash:,.0f} per trade: shares = "
            f"${spec.risk_cash:,.0f} / (entry - stop), entry = the signal bar's close, whole "
            f"shares, at most {spec.size_fraction * 100:g}% of equity"
        )
    if spec.risk_pct:
        levered = f" x {spec.leverage:g} leverage" if spec.leverage else ""
        return (
            f"Position size: risk {spec.risk_pct:g}% of equity per trade: shares = equity x "
            f"{spec.risk_pct:g}% / (entry - stop), entry = the signal bar's close, whole shares, "
            f"at most {spec.size_fraction * 100:g}% of equity{levered}"
        )
    if spec.leverage:
        return (
            f"Position size: {spec.size_fraction * 100:g}% of the buying power per trade (equity "
            f"x {spec.leverage:g} leverage: "
            f"{spec.size_fraction * spec.leverage * 100:g}% of equity)"
        )
    return f"Position size: {spec.size_fraction * 100:g}% of equity per trade"


def _position_lines(spec: S.StrategySpec) -> list[str]:
    """Pyramiding and scaling out, when set."""
    out = []
    if spec.add_on is not None:
        out.append(
            f"Add a unit (as many shares as the first entry) when {condition(spec, spec.add_on)}, "
            f"at most {spec.max_units} units in all"
        )
    if spec.add_drops_pct:
        way = "below" if spec.direction == "long" else "above"
        levels = _either([f"{d:g}%" for d in spec.add_drops_pct]).replace(" or ", " and ")
        head = "Average down" if spec.direction == "long" else "Add against the short"
        out.append(
            f"{head}: add a unit (as many shares as the first entry) when the close is "
            f"{levels} {way} the first entry's fill price, one unit at each level, at most "
            f"{spec.max_units} units in all"
        )
    if spec.scales_out:
        side = "above" if spec.direction == "long" else "below"
        distance = f"{spec.scale_out_pct or 0:g}%"
        if spec.scale_out_atr:
            distance = (
                f"{spec.scale_out_atr:g} x ATR({spec.atr_period}) (of the bar that placed the "
                "entry)"
            )
        when = f"the close is {distance} {side} the entry price"
        if spec.scale_out_on is not None:
            when = condition(spec, spec.scale_out_on)
        out.append(
            f"Scale out: close {spec.scale_out_fraction * 100:.3g}% of the position once {when} "
            "(once per trade)"
            + "".join(
                f"; then {m.fraction * 100:.3g}% of the position first entered once it is "
                f"{m.gain_pct:g}% {side} (one sale per bar)"
                for m in spec.more_scale_outs
            )
            + "; the rest closes on the exit rule"
            + (", the stops or the target" if spec.take_profit_pct else _or_the_stops(spec))
        )
    return out


def _stop_level_line(spec: S.StrategySpec) -> str:
    """ "Stop at the lowest low of the previous 5 bars on the signal bar, fixed for the trade"."""
    assert spec.stop_level is not None
    line = operand(spec, spec.stop_level)
    side = "above" if spec.direction == "short" else "below"
    none = f" (none when it is not {side} the signal bar's close)"
    if spec.stop_level_trails:
        return (
            f"Trailing stop at {line}: set at its value on the signal bar{none}, then moved to "
            "its value at each bar's close, only ever tightening"
        )
    return f"Stop at {line} as it was on the signal bar, fixed for the trade{none}"


def _or_the_stops(spec: S.StrategySpec) -> str:
    """ "let the rest run with a 5% trailing stop": the stop (set from the entry, on the whole
    position until the scale-out) closes the rest too."""
    stops = (spec.stop_loss_pct, spec.trailing_stop_pct, spec.atr_stop_multiple, spec.bar_stop)
    stops += (spec.stop_level is not None,)
    return " or the stops (on the whole position from the entry)" if any(stops) else ""


def _data_lines(spec: S.StrategySpec) -> list[str]:
    """Where another symbol's bars come from, when the rules read one."""
    others = spec.other_symbols()
    if not others:
        return []
    names = " and ".join(others)
    return [
        f"Also reads {names}: loaded from the same source as the traded symbol and aligned on "
        "its bars (a missing bar repeats the last known one; nothing from a later bar is used)"
    ]
