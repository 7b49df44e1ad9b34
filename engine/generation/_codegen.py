"""Compiling a StrategySpec into a backtesting.py module.

The module has a docstring quoting the rules and assumptions in English, the indicator functions
it needs (their standard definitions in their docstrings), and one ``Strategy`` subclass whose
parameters are class attributes. Lines are laid out the way ``ruff format`` lays them out, so the
output is ruff-clean as generated.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from engine.generation import _english, _position_code
from engine.generation import spec as S
from engine.generation._indicator_code import FUNCTIONS, with_dependencies
from engine.generation._indicator_table import TABLE

WIDTH = 100


class CompileError(ValueError):
    """The spec cannot be compiled; the message says exactly what is missing."""


SEMANTICS = """\
How the rules are read:
- "crosses above" / "rises above" / "breaks above" is an event on one bar:
  backtesting.lib.crossover(a, b), true when a was below b on the previous bar and is above it
  on this bar ("crosses below" / "drops below" is crossover(b, a)).
- "is above" / "above" / "is below" / "under" is a state, checked on every bar.
- A new position opens only when none is open (no pyramiding); with long and short rules an
  entry signal first closes the opposite position (stop-and-reverse).
- Orders are market orders and fill at the next bar's open (backtesting.py's default).
- Stops and targets are prices computed from the signal bar's close; a trailing stop only ever
  moves in the trade's favour.
- "Exit after N bars" closes a trade that opened at bar e at the open of bar e + N.
- Trading starts once every indicator has a value (backtesting.py skips the warm-up bars).
- Nothing looks ahead: indicators use only the current and earlier bars."""

_PRICE = {"open": "Open", "high": "High", "low": "Low", "close": "Close", "volume": "Volume"}
_STEMS = {
    "sma": "sma",
    "ema": "ema",
}
_RANKS = {2: ("fast", "slow"), 3: ("fast", "mid", "slow")}
_ZONES = {
    **{
        kind: (entry.levels["oversold"], entry.levels["overbought"])
        for kind, entry in TABLE.items()
        if "oversold" in entry.levels
    },
}
_OSCILLATORS = tuple(_ZONES)
#: Calendar units computed by month_position (the rest by calendar_field)
_MONTH_POSITIONS = frozenset({"weekday_from_end", "day_of_month_before"})
#: Calendar units computed by day_position
_DAY_POSITIONS = frozenset({"bar_of_day_from_end", "minute_of_day", "minute_of_session"})
_LABELS = {
    "sma": "SMA",
    "ema": "EMA",
}
_SIDE = {"down": "below", "up": "above"}
_CENTRED = tuple(k for k, e in TABLE.items() if e.levels.get("center") == 0)


def compile_spec(spec: S.StrategySpec) -> str:
    """A complete, ruff-clean backtesting.py module for ``spec``."""
    check_complete(spec)
    plan = _Plan(spec)
    plan.build()
    return plan.module()


def check_complete(spec: S.StrategySpec) -> None:
    """Raise :class:`CompileError` naming what the spec lacks for its direction."""
    d = spec.direction
    if d in ("long", "both", "always_in") and spec.entry is None:
        raise CompileError(
            f"direction is {d!r} but there is no entry rule: say when to buy, e.g. "
            "'buy when RSI(14) drops below 30'"
        )
    if d in ("short", "both", "always_in") and spec.short_entry is None:
        raise CompileError(
            f"direction is {d!r} but there is no short entry rule: say when to sell short, e.g. "
            "'short when RSI(14) rises above 70'"
        )
    if d == "long" and (spec.short_entry or spec.short_exit):
        raise CompileError("direction is 'long' but short rules are set: use direction 'both'")
    if d == "short" and (spec.entry or spec.exit):
        raise CompileError("direction is 'short' but long rules are set: use direction 'both'")
    if d == "always_in" and (spec.exit or spec.short_exit):
        raise CompileError(
            "direction 'always_in' reverses on the entry signals and has no separate exit "
            "rules: remove exit/short_exit or use direction 'both'"
        )
    has_exit = any(
        (
            spec.stop_loss_pct,
            spec.take_profit_pct,
            spec.trailing_stop_pct,
            spec.atr_stop_multiple,
            spec.atr_take_profit_multiple,
            spec.stop_loss_points,
            spec.take_profit_points,
            spec.exit_after_bars,
            spec.bar_stop,
            spec.stop_level is not None,
            spec.exit_same_bar,
        )
    )
    # In "both" and "always_in" the opposite entry closes a position, so only one-sided
    # strategies need an exit of their own.
    for entry, exit_, word in (("entry", "exit", "sell"), ("short_entry", "short_exit", "cover")):
        side = d == "long" if entry == "entry" else d == "short"
        if side and getattr(spec, exit_) is None and not has_exit:
            raise CompileError(
                f"the {entry.replace('_', ' ')} never closes: add an {exit_.replace('_', ' ')} "
                f"rule (when to {word}), a stop loss, a take profit, a trailing stop or "
                "'exit after N bars'"
            )


@dataclass
class _Param:
    name: str
    value: str
    comment: str


@dataclass
class _Plan:
    spec: S.StrategySpec
    params: list[_Param] = field(default_factory=list)
    attrs: dict[tuple[str, str | None], str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    param_names: dict[str, dict[str, str]] = field(default_factory=dict)
    init_lines: list[str] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)
    levels: dict[tuple[str, float], str] = field(default_factory=dict)
    crossover: bool = False
    atr_id: str | None = None
    streak: bool = False
    signals: list[tuple[str, object]] = field(default_factory=list)
    indicators: dict[str, S.Indicator] = field(default_factory=dict)
    resample: bool = False
    shift: int = 1  # the calendar shift of the rule being compiled (1: it fills at the next open)
    at_open: bool = False  # the rule being compiled reads the open of the bar it fills at
    calendars: dict[tuple[str, int], str] = field(default_factory=dict)
    series_attrs: dict[tuple[str, str | None, str | None], str] = field(default_factory=dict)
    frame_calls: dict[str, tuple[str, str, list[str], list[str]]] = field(default_factory=dict)
    frames_back: dict[tuple[str, int], str] = field(default_factory=dict)
    #: Each counted condition's method: its name, what it tests (words) and its expression
    counted: list[tuple[str, str, object]] = field(default_factory=list)
    #: compiling a count or a setup: each value is read ``back`` bars before this bar
    back: bool = False
    setups: list[list[str]] = field(default_factory=list)  # the setup methods' lines

    # -- planning -----------------------------------------------------------------------------

    def build(self) -> None:
        spec = self.spec
        indicators = {ind.id: ind for ind in spec.indicators}
        uses = self._uses()
        if self._needs_atr():
            atr = S.Indicator.make("atr", period=spec.atr_period)
            indicators.setdefault(atr.id, atr)
            self.atr_id = atr.id
            if (atr.id, None) not in uses:
                uses.append((atr.id, None))
        uses = _with_sources(uses, indicators)
        used_ids = list(dict.fromkeys(i for i, _ in uses))
        self._name_stems([indicators[i] for i in used_ids])
        for ind_id in used_ids:
            self._indicator_params(indicators[ind_id])
        for ind_id, output in uses:
            self._attribute(indicators[ind_id], output)
        self.indicators = indicators
        for side, name in self._signal_names():
            cond = getattr(spec, side)
            fill = spec.exit_fill if side in ("exit", "short_exit") else spec.entry_fill
            self.shift = 0 if fill == "close" else 1
            self.at_open = fill == "open"
            self.signals.append((name, self._expr(cond)))
        self._risk_params()

    def _uses(self) -> list[tuple[str, str | None]]:
        uses: list[tuple[str, str | None]] = []
        for cond in self.spec.conditions():
            for ref in S.iter_refs(cond):
                key = (ref.id, ref.output)
                if key not in uses:
                    uses.append(key)
        level = self.spec.stop_level
        if level is not None and (level.id, level.output) not in uses:
            uses.append((level.id, level.output))
        return uses

    def _needs_atr(self) -> bool:
        spec = self.spec
        atrs = (spec.atr_stop_multiple, spec.atr_take_profit_multiple, spec.scale_out_atr)
        return any((*atrs, spec.breakeven_atr))

    def _signal_names(self) -> list[tuple[str, str]]:
        names = {
            "entry": "buy_signal",
            "exit": "sell_signal",
            "short_entry": "short_signal",
            "short_exit": "cover_signal",
            "add_on": "add_signal",
            "scale_out_on": "scale_signal",
        }
        return [(side, name) for side, name in names.items() if getattr(self.spec, side)]

    def _name_stems(self, indicators: list[S.Indicator]) -> None:
        groups: dict[tuple[str, str], list[S.Indicator]] = {}
        for ind in indicators:
            groups.setdefault((ind.kind, ind.source), []).append(ind)
        for (kind, source), members in groups.items():
            ref = S.source_ref(source)
            if ref is not None:  # "obv_sma": named after the indicator it averages
                source = "_".join(filter(None, (self.stems[ref[0]], ref[1])))
            base = _stem(kind, source)
            members = sorted(members, key=lambda i: tuple(i.params.values()))
            ranks = _RANKS.get(len(members))
            for n, ind in enumerate(members):
                if len(members) == 1:
                    self.stems[ind.id] = base
                elif ranks:
                    self.stems[ind.id] = f"{base}_{ranks[n]}"
                else:
                    self.stems[ind.id] = f"{base}_{n + 1}"

    def _add_param(self, name: str, value: str, comment: str) -> str:
        for p in self.params:
            if p.name == name:
                return name
        self.params.append(_Param(name, value, comment))
        return name

    def _indicator_params(self, ind: S.Indicator) -> None:
        stem = self.stems[ind.id]
        names: dict[str, str] = {}
        entry = TABLE.get(ind.kind)
        label = entry.title if entry else _LABELS.get(ind.kind, ind.kind.upper())
        if ind.source == "volume" and ind.kind == "sma":
            label = "average volume"
        role = stem.rsplit("_", 1)[-1] if stem.endswith(("_fast", "_mid", "_slow")) else ""
        comments = entry.param_comments if entry else {}
        attrs = entry.param_attrs if entry else {}
        omitted = entry.omitted if entry else {}
        for key, value in ind.params.items():
            if omitted.get(key) == value:
                continue  # the standard value, left out (the stochastic's smoothing of 1)
            comment = comments.get(key, "{label} lookback, in bars")
            comment = comment.format(
                label=f"{role} {label}".strip(), role=f"{role} " if role else ""
            )
            names[key] = self._add_param(f"{stem}_{attrs.get(key, key)}", _literal(value), comment)
        self.param_names[ind.id] = names

    def _attribute(self, ind: S.Indicator, output: str | None) -> None:
        if ind.kind in TABLE:
            func, args, label, suffix = self._table_call(ind, output)
            self._add_indicator(ind, output, self.stems[ind.id] + suffix, func, args, label)
            return
        period = f"self.{self.param_names[ind.id]['period']}"  # an SMA or EMA
        volume_sma = ind.source == "volume" and ind.kind == "sma"
        label = "Volume SMA" if volume_sma else ind.kind.upper()
        args = [self._source(ind), period]
        self._add_indicator(ind, output, self.stems[ind.id], ind.kind, args, label)

    def _table_call(self, ind: S.Indicator, output: str | None) -> tuple[str, list[str], str, str]:
        """Function, arguments, chart label and attribute suffix of an indicator-table line."""
        line = TABLE[ind.kind].lines[output]
        func, _, rest = line.call.partition("(")
        values = {key: _series(key, ind.symbol) for key in _PRICE}
        values["index"] = "self.data.index"
        values["source"] = self._source(ind)
        names = self.param_names[ind.id]
        values.update({k: f"self.{v}" for k, v in names.items()})
        args = [
            arg.strip().format(**values)
            for arg in rest.removesuffix(")").split(",")
            if arg.strip(" {}") in values or arg.strip(" {}") not in ind.params  # omitted: dropped
        ]
        source = ind.source if S.source_ref(ind.source) is None else self.stems[ind.id]
        return func, args, line.label.format(source=source), line.suffix

    def _source(self, ind: S.Indicator) -> str:
        """The series an indicator is computed on: a price series, or another indicator's."""
        ref = S.source_ref(ind.source)
        if ref is None:
            return _series(ind.source, ind.symbol)
        return f"self.{self.attrs[ref]}"

    def _add_indicator(
        self,
        ind: S.Indicator,
        output: str | None,
        attr: str,
        func: str,
        args: list[str],
        label: str,
    ) -> None:
        if any(p.name == attr for p in self.params):
            attr += "_line"  # never shadow a parameter of the same name
        self.functions.add(func)
        label = _position_code.series_label(label, ind.timeframe, ind.symbol)
        params = {f"self.{p.name}" for p in self.params}
        shown = [a for a in args if a in params]  # not another indicator's series
        name = f'f"{label}({", ".join("{" + a + "}" for a in shown)})"' if shown else f'"{label}"'
        if 12 + len(f"name={name},") > WIDTH:
            name = f'"{label}"'
        self.attrs[(ind.id, output)] = attr
        if ind.timeframe:
            self._resampled(attr, ind, func, args, name)
            return
        self.init_lines += call_lines(8, f"self.{attr} = self.I(", [func, *args, f"name={name}"])

    def _resampled(self, attr: str, ind: S.Indicator, func: str, args: list[str], name: str):
        """A higher-timeframe indicator: backtesting.lib.resample_apply resamples the input with
        label="right", so a weekly value appears on the week's last bar, never before."""
        series = [a for a in args if a.startswith("self.data.")]
        if len(series) != 1:
            raise CompileError(
                f"{ind.kind} needs several price series and cannot run on {ind.timeframe} bars"
            )
        self.resample = True
        rule = S.TIMEFRAME_RULES[ind.timeframe or "W"]
        agg = _position_code.AGG[ind.source]
        extra = [] if agg == "last" else [f'agg="{agg}"']
        call = [f'"{rule}"', func, *args, *extra, f"name={name}"]
        self.init_lines += call_lines(8, f"self.{attr} = resample_apply(", call)
        self.frame_calls[attr] = (rule, func, args, extra)

    def _frame_back(self, attr: str, lag: int) -> str:
        """A longer timeframe's indicator ``lag`` of its own bars back ("the daily EMA is rising":
        today's value against yesterday's), not ``lag`` bars tested on back, which are mostly of
        the same day."""
        if (attr, lag) not in self.frames_back:
            rule, func, args, extra = self.frame_calls[attr]
            self.functions.add("bars_back")
            back = f"{attr}_back{lag}"
            call = [f'"{rule}"', "bars_back", args[0], func, str(lag), *args[1:], *extra]
            call += [f'name="{attr} {lag} back"', "plot=False"]
            self.init_lines += call_lines(8, f"self.{back} = resample_apply(", call)
            self.frames_back[(attr, lag)] = back
        return self.frames_back[(attr, lag)]

    # -- expressions --------------------------------------------------------------------------

    def _expr(self, cond: S.Condition) -> object:
        if isinstance(cond, S.And):
            return ("and", [self._expr(c) for c in cond.conditions])
        if isinstance(cond, S.Or):
            return ("or", [self._expr(c) for c in cond.conditions])
        if isinstance(cond, S.ConsecutiveCloses):
            return self._streak(cond)
        if isinstance(cond, S.Count):
            return self._count(cond)
        if isinstance(cond, S.Calendar):
            return self._calendar(cond)
        if isinstance(cond, S.Cross) and self.back:
            return self._cross_back(cond)
        if isinstance(cond, S.Sequence):
            return self._sequence(cond)
        if isinstance(cond, S.Cross) and self.at_open:
            raise CompileError("a crossover cannot be read at the open of the bar it fills at")
        if isinstance(cond, S.Cross):
            self.crossover = True
            a = self._array(cond.a, cond.b)
            b = self._array(cond.b, cond.a)
            return f"crossover({a}, {b})" if cond.direction == "above" else f"crossover({b}, {a})"
        return f"{self._value(cond.a, cond.b)} {cond.op} {self._value(cond.b, cond.a)}"

    def _sequence(self, cond: S.Sequence) -> object:
        """The trigger on this bar, and the setup on one of the ``within`` bars before it: the
        setup is a method of the bars back (``back``), each value read as it was on that bar."""
        if self.at_open or self.back:
            raise CompileError("a setup is read only before a trigger seen at a bar's close")
        setup = self._read_back(cond.setup)
        name = "setup" if not self.setups else f"setup_{len(self.setups) + 1}"
        said = _english.condition(self.spec, cond.setup)
        doc = f"The setup, {said}, on the bar ``back`` bars before this one (as known on that bar)."
        self.setups.append(
            [
                "",
                f"    def {name}(self, back):",
                *_wrap(_safe(doc), '        """', "        "),
                '        """',
                *("        " + line for line in assignment_lines(8, "held", setup)),
                "        return held",
            ]
        )
        bars = self._unique(f"{name}_bars", cond.within, "bars before the trigger a setup counts")
        reach = _reach(cond.setup)
        seen = f"self.seen(self.{name}, {bars}, {reach})"
        return seen if cond.trigger is None else ("and", [seen, self._expr(cond.trigger)])

    def _calendar(self, cond: S.Calendar) -> str:
        if self.back:
            raise CompileError("a date is not read on an earlier bar (in a count or a setup)")
        unit, shift = cond.unit, self.shift
        if unit == "weekday_before":  # the trading day before the fill: one bar earlier
            unit, shift = "weekday", shift - 1
        key = (unit, shift)
        if key not in self.calendars:
            attr = _position_code.calendar_attr(unit, shift)
            function = (
                "month_position"
                if unit in _MONTH_POSITIONS
                else "day_position"
                if unit in _DAY_POSITIONS
                else "calendar_field"
            )
            self.functions.add(function)
            label = _position_code.calendar_label(unit, shift)
            args = [function, "self.data.index", f'"{unit}"', str(shift)]
            self.init_lines += call_lines(
                8, f"self.{attr} = self.I(", [*args, f'name="{label}"', "plot=False"]
            )
            self.calendars[key] = attr
        value = f"self.{self.calendars[key]}[-1]"
        if len(cond.values) == 1:
            return f"{value} == {cond.values[0]}"
        first, last = cond.values[0], cond.values[-1]
        if len(cond.values) > 2 and cond.values == list(range(first, last + 1)):
            return f"{first} <= {value} <= {last}"  # a run of values ("9:30 to 11:00")
        return f"{value} in ({', '.join(str(v) for v in cond.values)})"

    def _count(self, cond: S.Count) -> str:
        """A condition counted over the last bars: a method that reads it ``back`` bars before
        this one (each bar as of its own close), summed over ``range(bars)``."""
        if self.back or self.at_open:
            raise CompileError("a count of bars cannot be counted again or read at the open")
        expr = self._read_back(cond.condition)
        method = f"held_{len(self.counted) + 1}"
        self.counted.append((method, _english.condition(self.spec, cond.condition), expr))
        bars = self._add_param(f"{method}_bars", str(cond.bars), "bars counted, this one too")
        times = f"self.times_held(self.{method}, self.{bars})"
        if cond.at_least == cond.bars:
            return f"{times} == self.{bars}"
        needed = self._add_param(f"{method}_min", str(cond.at_least), "of them that must hold")
        return f"{times} >= self.{needed}"

    def _read_back(self, cond: S.Condition) -> object:
        """``cond`` compiled as the body of a method of ``back``: each value read ``back`` bars
        before this bar (a count's bars, a setup's bars before its trigger)."""
        self.back = True
        try:
            return self._expr(cond)
        finally:
            self.back = False

    def _cross_back(self, cond: S.Cross) -> object:
        """``crossover(a, b)`` read ``back`` bars ago: below (above) on the bar before that one,
        above (below) on it, as backtesting.lib.crossover compares its last two values."""
        a, b = (cond.a, cond.b) if cond.direction == "above" else (cond.b, cond.a)
        before = [
            o.model_copy(update={"lag": o.lag + 1}) if not isinstance(o, S.Number) else o
            for o in (a, b)
        ]
        return (
            "and",
            [
                f"{self._value(before[0], before[1])} < {self._value(before[1], before[0])}",
                f"{self._value(a, b)} > {self._value(b, a)}",
            ],
        )

    def _streak(self, cond: S.ConsecutiveCloses) -> str:
        if not self.streak:
            self.streak = True
            self.functions.add("close_streak")
            self.init_lines += call_lines(
                8, "self.streak = self.I(", ["close_streak", "self.data.Close", 'name="Streak"']
            )
        name = self._add_param(
            f"{cond.direction}_closes",
            str(cond.n),
            f"closes in a row, each {_SIDE[cond.direction]} the one before",
        )
        streak = f"self.streak[{_index(0, self.back)}]"
        if cond.exactly:  # the run's n-th close: close_streak counts it exactly n
            return f"{streak} == {'-' if cond.direction == 'down' else ''}self.{name}"
        if cond.direction == "down":
            return f"{streak} <= -self.{name}"
        return f"{streak} >= self.{name}"

    def _array(self, op: S.Operand, other: S.Operand) -> str:
        if isinstance(op, S.Number):
            return self._number(op.value, other)
        base = self._ref(op)
        if op.times != 1:
            base = f"{base} * {self._multiple(op)}"
        return self._plus(base, op)

    def _value(self, op: S.Operand, other: S.Operand) -> str:
        if isinstance(op, S.Number):
            return self._number(op.value, other)
        index = _index(op.lag, self.back)
        value = self._opening(op) if self.at_open else f"{self._ref(op)}[{index}]"
        attr = self.attrs.get((op.id, op.output)) if isinstance(op, S.IndicatorRef) else None
        if op.lag and not self.at_open and attr in self.frame_calls:
            value = f"self.{self._frame_back(attr, op.lag)}[{_index(0, self.back)}]"  # type: ignore[arg-type]
        if op.times != 1:
            value = f"{self._multiple(op)} * {value}"
        return self._plus(value, op)

    def _opening(self, op: S.IndicatorRef | S.PriceRef) -> str:
        """``op`` in an entry that fills at the open of the bar it reads, seen from the bar
        before, where the order is placed: that bar's open is ``opening_price`` and a value one
        bar back is this bar's. Anything else of the fill bar is not known at its open."""
        if op.lag:
            return f"{self._ref(op)}[{-op.lag}]"
        if not (isinstance(op, S.PriceRef) and op.field == "open" and op.timeframe is None):
            raise CompileError("an entry at the open can read only that open and earlier bars")
        if op.symbol is not None:
            raise CompileError("an entry at the open can read only the traded symbol's open")
        if "opening_price" not in self.functions:
            self.functions.add("opening_price")
            args = ["opening_price", "self.data.Open", 'name="Next open"', "plot=False"]
            self.init_lines += call_lines(8, "self.next_open = self.I(", args)
        return "self.next_open[-1]"

    def _ref(self, op: S.IndicatorRef | S.PriceRef) -> str:
        if isinstance(op, S.PriceRef):
            if op.timeframe is None:
                return _series(op.field, op.symbol)
            return f"self.{self._resampled_price(op)}"
        return f"self.{self.attrs[(op.id, op.output)]}"

    def _resampled_price(self, op: S.PriceRef) -> str:
        key = (op.field, op.timeframe, op.symbol)
        if key not in self.series_attrs:
            if op.lag:
                raise CompileError("a weekly or monthly price cannot take a lag in daily bars")
            attr = _position_code.price_attr(op.field, op.timeframe, op.symbol)
            self.resample = True
            rule = S.TIMEFRAME_RULES[op.timeframe or "W"]
            agg = _position_code.AGG[op.field]
            label = _position_code.series_label(_FIELD_LABELS[op.field], op.timeframe, op.symbol)
            call = [f'"{rule}"', "None", _series(op.field, op.symbol), f'agg="{agg}"']
            self.init_lines += call_lines(
                8, f"self.{attr} = resample_apply(", [*call, f'name="{label}"']
            )
            self.series_attrs[key] = attr
        return self.series_attrs[key]

    def _multiple(self, op: S.IndicatorRef | S.PriceRef) -> str:
        stem = self.attrs[(op.id, op.output)] if isinstance(op, S.IndicatorRef) else op.field
        what = _english.operand(self.spec, op.model_copy(update={"times": 1.0}))
        return self._unique(f"{stem}_multiple", op.times, f"multiplier applied to {what}")

    def _plus(self, value: str, op: S.IndicatorRef | S.PriceRef) -> str:
        """``value`` moved by the operand's distance in price ("$5 below the SMA": ``- 5``),
        a parameter named for the line it moves."""
        if op.plus == 0:
            return value
        stem = self.attrs[(op.id, op.output)] if isinstance(op, S.IndicatorRef) else op.field
        what = _english.operand(self.spec, op.model_copy(update={"plus": 0.0}))
        name = self._unique(f"{stem}_offset", op.plus, f"distance in price added to {what}")
        return f"({value} + {name})"

    def _number(self, value: float, other: S.Operand) -> str:
        kind = self.indicators[other.id].kind if isinstance(other, S.IndicatorRef) else None
        if kind in _CENTRED and value == 0:
            return "0"
        if isinstance(other, S.IndicatorRef):
            stem = self.stems[other.id]
            what = _english.indicator_name(self.indicators[other.id], other.output, self.spec)
            if kind in _OSCILLATORS:
                low, high = _ZONES[kind]  # named zones only at or beyond the standard levels
                word = "oversold" if value <= low else "overbought" if value >= high else None
                solo = len([k for k in self.stems if self.indicators[k].kind in _OSCILLATORS])
                if word is not None:
                    base = word if solo == 1 else f"{stem}_{word}"
                    return self._unique(base, value, f"{word} level of {what}")
            return self._unique(f"{stem}_level", value, f"level of {what}")
        field_name = other.field if isinstance(other, S.PriceRef) else "price"
        return self._unique(f"{field_name}_level", value, f"level of the {field_name}")

    def _unique(self, base: str, value: float, comment: str) -> str:
        key = (base, value)
        if key in self.levels:
            return f"self.{self.levels[key]}"
        taken = {p.name for p in self.params}
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        self.levels[key] = name
        self.params.append(_Param(name, _literal(value), comment))
        return f"self.{name}"

    # -- stops and sizing ---------------------------------------------------------------------

    def _risk_params(self) -> None:
        spec = self.spec
        below = "against the trade from" if spec.direction != "long" else "below"
        base = _english.stop_base(spec.entry_fill)
        items = [
            ("stop_loss_pct", spec.stop_loss_pct, f"stop loss, % {below} {base}"),
            ("take_profit_pct", spec.take_profit_pct, f"take profit, % from {base}"),
            ("trailing_stop_pct", spec.trailing_stop_pct, "trailing stop, % from the best close"),
            ("atr_stop_multiple", spec.atr_stop_multiple, "stop distance in ATRs"),
            ("atr_take_profit_multiple", spec.atr_take_profit_multiple, "target distance in ATRs"),
            ("stop_loss_points", spec.stop_loss_points, f"stop loss, price units {below} {base}"),
            ("take_profit_points", spec.take_profit_points, f"take profit, price from {base}"),
            ("take_profit_r", spec.take_profit_r, "target, in distances to the stop (R)"),
            ("breakeven_pct", spec.breakeven_pct, "stop to the entry once a close is this % up"),
            (
                "breakeven_atr",
                spec.breakeven_atr,
                "stop to the entry once a close is this many ATR up",
            ),
        ]
        for name, value, comment in items:
            if value:
                self._add_param(name, repr(float(value)), comment)
        if spec.exit_after_bars:
            self._add_param(
                "exit_after_bars",
                str(spec.exit_after_bars),
                "close a trade this many bars after it opened",
            )
        self._add_param(
            "size_fraction",
            repr(spec.size_fraction),
            "fraction of equity per trade (must stay below 1)",
        )
        for name, value, comment in _position_code.position_params(spec):
            self._add_param(name, value, comment)

    def _stop_exprs(self, long: bool, price: str = "price") -> tuple[list[str], list[str]]:
        """Stop and target prices, measured from ``price``."""
        spec = self.spec
        sign = "-" if long else "+"
        anti = "+" if long else "-"
        atr = f"self.{self.attrs[(self.atr_id, None)]}[-1]" if self.atr_id else ""

        def distances(side: str, pct: str, atr_multiple: str, points: str) -> list[str]:
            """A price ``side`` of ``price`` by each of the percent, ATR and point distances
            the spec sets (the fields named)."""
            templates = (
                (pct, f"{price} * (1 {side} self.{pct} / 100)"),
                (atr_multiple, f"{price} {side} self.{atr_multiple} * {atr}"),
                (points, f"{price} {side} self.{points}"),
            )
            return [expr for field, expr in templates if getattr(spec, field)]

        stops = distances(sign, "stop_loss_pct", "atr_stop_multiple", "stop_loss_points")
        if spec.trailing_stop_pct:
            stops.append(f"{price} * (1 {sign} self.trailing_stop_pct / 100)")
        if spec.bar_stop:
            back = f"[-{1 + spec.bar_stop_back}]"  # the signal bar, or a bar of its pattern
            stops.append(f"self.data.Low{back}" if long else f"self.data.High{back}")
        if spec.stop_level is not None:
            stops.append(self._stop_level())
        targets = distances(
            anti, "take_profit_pct", "atr_take_profit_multiple", "take_profit_points"
        )
        return stops, targets

    def _stop_moves(self, long: bool) -> list[str]:
        """The lines that move one trade's stop (a long's when ``long``), never against it."""
        indent = 12 if self.spec.direction in ("long", "short") else 16
        trails = self._trail_exprs(long)
        first, start = ("trade.sl = max(", "trade.sl or 0") if long else ("trade.sl = min(", "")
        start = start or 'trade.sl or float("inf")'
        out = _extreme_lines(indent, first, start, trails) if trails else []
        return out + self._breakeven_lines(long)

    def _breakeven_lines(self, long: bool) -> list[str]:
        """ "Move the stop to breakeven after a 2% gain": once a close is that far beyond the
        entry price, the stop is at least the entry price."""
        spec = self.spec
        sign, beyond = ("+", ">=") if long else ("-", "<=")
        if spec.breakeven_pct:
            level = f"trade.entry_price * (1 {sign} self.breakeven_pct / 100)"
        elif spec.breakeven_atr:  # in the ATR of the bar that placed the entry, as the stop
            # (a fill at the close is on that bar; any other, on the bar after it)
            placed = "trade.entry_bar" if spec.entry_fill == "close" else "trade.entry_bar - 1"
            atr = f"self.{self.attrs[(self.atr_id, None)]}[{placed}]"
            level = f"trade.entry_price {sign} self.breakeven_atr * {atr}"
        else:
            return []
        indent = 12 if spec.direction in ("long", "short") else 16
        moved = "max(trade.sl or 0, " if long else 'min(trade.sl or float("inf"), '
        return [
            *call_lines(indent, "break_even_at = (", [level], bare=True),
            f"if price {beyond} break_even_at:  # far enough in profit: never below the entry"
            if long
            else f"if price {beyond} break_even_at:  # far enough in profit: never above the entry",
            f"    trade.sl = {moved}trade.entry_price)",
        ]

    def _trail_exprs(self, long: bool) -> list[str]:
        spec = self.spec
        sign = "-" if long else "+"
        out = []
        if spec.trailing_stop_pct:
            out.append(f"price * (1 {sign} self.trailing_stop_pct / 100)")
        if spec.atr_trailing and self.atr_id:
            atr = f"self.{self.attrs[(self.atr_id, None)]}[-1]"
            out.append(f"price {sign} self.atr_stop_multiple * {atr}")
        if spec.stop_level_trails:  # "trail the stop at the 10-day low": the line, each bar
            out.append(self._stop_level())
        return out

    def _stop_level(self) -> str:
        """The value of the stop's line (``stop_level``) on the current bar."""
        level = self.spec.stop_level
        assert level is not None
        at_open, self.at_open = self.at_open, False  # read at the bar's close, as a stop is
        try:
            return self._value(level, level)
        finally:
            self.at_open = at_open

    # -- output -------------------------------------------------------------------------------

    def module(self) -> str:
        parts = [self._imports()]
        for name in with_dependencies(self.functions):
            parts.append(FUNCTIONS[name][0])
        parts.append(self._class())
        body = "\n\n\n".join(p.rstrip("\n") for p in parts)
        return f"{self._docstring()}\n\n{body}\n"

    def _docstring(self) -> str:
        spec = self.spec
        lines = [f"{spec.name}: a backtesting.py strategy generated by Botlab from a spec.", ""]
        if spec.description:
            lines.append("The description:")
            lines += _wrap(_safe(spec.description), "    ", "    ")
            lines.append("")
        lines.append("What Botlab understood:")
        for rule in _english.render_english(spec):
            lines += _wrap(_safe(rule), "- ", "  ")
        if spec.assumptions:
            lines += ["", "Assumptions (defaults Botlab chose):"]
            for note in spec.assumptions:
                lines += _wrap(_safe(note), "- ", "  ")
        lines += ["", *_semantics(spec).splitlines(), ""]
        lines.append(f"Strategy spec version {spec.spec_version}.")
        return '"""' + "\n".join(lines) + '\n"""'

    def _imports(self) -> str:
        lines = []
        code = "".join(FUNCTIONS[name][0] for name in with_dependencies(self.functions))
        if self.streak or "calendar_field" in self.functions or "np." in code:
            lines.append("import numpy as np")
        if "pd." in code:  # the SAR and the one-bar patterns use NumPy only
            lines.append("import pandas as pd")
        lines.append("from backtesting import Strategy")
        wanted = (("crossover", self.crossover), ("resample_apply", self.resample))
        lib = [name for name, used in wanted if used]
        if lib:
            lines.append(f"from backtesting.lib import {', '.join(lib)}")
        constants = _position_code.module_constants(self.spec)
        if constants:
            lines += ["", *constants]
        return "\n".join(lines)

    def _class(self) -> str:
        spec = self.spec
        summary = {
            "long": "Long only",
            "short": "Short only",
            "both": "Long and short",
            "always_in": "Always in the market (stop-and-reverse)",
        }[spec.direction]
        lines = [f"class {spec.name}(Strategy):"]
        lines.append(f'    """{summary}; the rules are in the module docstring."""')
        lines.append("")
        for p in self.params:
            lines.append(_param_line(p))
        init = self.init_lines or ["pass  # no indicators: the rules use prices only"]
        if self.spec.scales_out:
            start = _position_code.scaled_out_start(spec)
            what = (
                "parts of this trade sold"
                if spec.more_scale_outs
                else "part of this trade already sold"
            )
            init = [*self.init_lines, f"self.scaled_out = {start}  # {what}"]
        lines += ["", "    def init(self):", *("        " + line for line in init), ""]
        lines += self._next()
        lines += self._counted_methods()
        if spec.exit_after_bars and spec.exit_fill == "close":
            lines += [
                "",
                "    def bars_held(self):",
                '        """Bars since the open trade\'s entry bar (exits fill at the close, so',
                '        "after N bars" is the close N bars after the entry bar)."""',
                "        if not self.trades:",
                "            return 0",
                "        return len(self.data) - 1 - self.trades[-1].entry_bar",
            ]
        elif spec.exit_after_bars and (spec.add_on is not None or spec.add_drops_pct):
            lines += [
                "",
                "    def bars_held(self):",
                '        """Bars since the first unit was entered (1 on its entry bar)."""',
                "        return len(self.data) - self.trades[0].entry_bar if self.trades else 0",
            ]
        elif spec.exit_after_bars:
            lines += [
                "",
                "    def bars_held(self):",
                '        """Bars since the open trade was entered (1 on its entry bar)."""',
                "        return len(self.data) - self.trades[-1].entry_bar if self.trades else 0",
            ]
        for setup in self.setups:
            lines += setup
        if self.setups:
            lines += [
                "",
                "    def seen(self, setup, bars, reach):",
                '        """Whether ``setup`` held on one of the ``bars`` bars before this one',
                '        (bars that exist, with ``reach`` more before them for what it reads)."""',
                "        last = min(bars, len(self.data) - 1 - reach)",
                "        return any(setup(back) for back in range(1, last + 1))",
            ]
        lines += _position_code.size_method(spec)
        return "\n".join(lines)

    def _counted_methods(self) -> list[str]:
        """One method per counted condition: whether it held ``back`` bars before this one."""
        if not self.counted:
            return []
        lines = [
            "",
            "    def times_held(self, held, bars):",
            '        """On how many of the last `bars` bars (this one too) `held` held."""',
            "        return sum(held(back) for back in range(bars))",
        ]
        for method, words, expr in self.counted:
            doc = textwrap.wrap(f'"""Whether {words}, `back` bars before this bar."""', WIDTH - 8)
            body = [*doc, *assignment_lines(8, "held", expr), "return held"]
            lines += ["", f"    def {method}(self, back):", *("        " + line for line in body)]
        return lines

    def _next(self) -> list[str]:
        body: list[str] = []
        ops = [op for c in self.spec.conditions() for op in S.iter_operands(c)]
        back = max((getattr(op, "lag", 0) for op in ops), default=0)
        back = max([back, *(_count_depth(c) for c in self.spec.conditions())])
        if back > 1:  # backtesting.py starts at the second bar: earlier bars do not exist yet
            body += [f"if len(self.data) <= {back}:  # the rules look {back} bars back"]
            body += ["    return"]
        stops_needed = any(self._stop_exprs(True)) or any(self._stop_moves(True))
        if stops_needed or _position_code.needs_price(self.spec):
            body.append("price = self.data.Close[-1]")
        if self.spec.entry_stop:  # a stop entry not reached on the bar after its signal lapses
            body += ["for order in self.orders:", "    if not order.is_contingent:"]
            body += ["        order.cancel()"]
        for name, expr in self.signals:
            body += assignment_lines(8, name, expr)
        body += self._trailing_block()
        body += self._decisions()
        return ["    def next(self):", *("        " + line if line else "" for line in body)]

    def _trailing_block(self) -> list[str]:
        """Each open trade's stop moved in its favour: trailed, or to the entry price."""
        if not self._stop_moves(True):
            return []
        d = self.spec.direction
        long_lines, short_lines = self._stop_moves(True), self._stop_moves(False)
        out = ["for trade in self.trades:"]
        if d == "long":
            return out + ["    " + line for line in long_lines]
        if d == "short":
            return out + ["    " + line for line in short_lines]
        out.append("    if trade.is_long:")
        out += ["        " + line for line in long_lines]
        out.append("    else:")
        out += ["        " + line for line in short_lines]
        return out

    def _decisions(self) -> list[str]:
        spec = self.spec
        d = spec.direction
        timed = " or self.bars_held() >= self.exit_after_bars" if spec.exit_after_bars else ""
        names = dict((side, name) for side, name in self._signal_names())
        out: list[str] = []
        if d in ("long", "short"):
            exit_name = names.get("exit" if d == "long" else "short_exit")
            entry_name = names["entry" if d == "long" else "short_entry"]
            long = d == "long"
            close_if = _either(exit_name, timed)
            if spec.exit_same_bar:
                # Bought at this bar's open, sold at its close: the entry for the next open is
                # placed on the same bar (the close order is filled first, at this close).
                out += ["if self.position:  # bought at this bar's open: out at its close"]
                out += ["    " + line for line in _position_code.close_lines(spec, long)]
                out.append(f"if {entry_name}:  # the next bar's open meets the entry rule")
                return out + ["    " + line for line in self._order(long)]
            if close_if:
                out += [f"if self.position and {close_if}:"]
                out += ["    " + line for line in _position_code.close_lines(spec, long)]
                if spec.entry_fill == "open":
                    # Out by the next open (the close order is filled first), so an entry at
                    # that open can be placed now.
                    out.append(f"    if {entry_name}:  # the next bar's open meets the entry rule")
                    out += ["        " + line for line in self._order(long)]
            out += _position_code.scale_out_lines(spec, long, out)
            out.append(f"{'elif' if out else 'if'} not self.position and {entry_name}:")
            if spec.scales_out:
                out.append(f"    self.scaled_out = {_position_code.scaled_out_start(spec)}")
            if spec.scale_out_atr:
                atr = f"self.{self.attrs[(self.atr_id, None)]}[-1]"
                out.append(f"    self.entry_atr = {atr}  # the ATR the scale-out is measured in")
            out += ["    " + line for line in self._order(long)]
            if spec.add_on is not None:
                add = "elif self.position and add_signal and len(self.trades) < self.max_units:"
                out.append(add)
                out += ["    " + line for line in self._order(long, add=True)]
            for head in _position_code.average_down_heads(spec, long):
                out += [*head, *("    " + line for line in self._order(long, add=True))]
            return out
        # Long and short: a position closes on its exit rule, its time exit or the opposite
        # entry; then an entry opens unless that side is already held (so an opposite entry
        # reverses the position on the same bar, and an exit never re-enters the same side).
        close_long = [names.get("exit"), names.get("short_entry")]
        close_short = [names.get("short_exit"), names.get("entry")]
        if timed:
            close_long.append(timed.removeprefix(" or "))
            close_short.append(timed.removeprefix(" or "))
        for var, test, reasons in (
            ("close_long", "self.position.is_long", close_long),
            ("close_short", "self.position.is_short", close_short),
        ):
            reasons = [r for r in reasons if r]
            expr = reasons[0] if len(reasons) == 1 else ("or", reasons)
            out += assignment_lines(8, var, ("and", [test, expr]))
        out += ["if close_long or close_short:", "    self.position.close()"]
        out.append("if buy_signal and not self.position.is_long:")
        out += ["    " + line for line in self._order(True)]
        out.append("elif short_signal and not self.position.is_short:")
        out += ["    " + line for line in self._order(False)]
        return out

    def _order(self, long: bool, add: bool = False) -> list[str]:
        price = "price"
        if self.spec.entry_fill == "open":  # filled at the open the rule read: priced from it
            price = self._opening(S.PriceRef(field="open"))
        stops, targets = self._stop_exprs(long, price)
        out: list[str] = []
        size = _position_code.size_expr(self.spec, add)
        args = [f"size={size}"]
        if stops:
            out += _extreme_lines(12, "sl = max(" if long else "sl = min(", "", stops)
            if self.spec.bar_stop or self.spec.stop_level is not None:
                # a bar that closed at its low (a line at or above the close) leaves no room
                out.append(f"sl = sl if sl {'<' if long else '>'} price else None")
            args.append("sl=sl")
        if targets:
            out += _extreme_lines(12, "tp = min(" if long else "tp = max(", "", targets)
            args.append("tp=tp")
        elif self.spec.take_profit_r and stops:  # "a 2R target": R is this trade's stop distance
            risk = "(price - sl)" if long else "(sl - price)"
            out.append(
                f"tp = price {'+' if long else '-'} self.take_profit_r * {risk} "
                "if sl is not None else None"
            )
            args.append("tp=tp")
        args += _position_code.limit_args(self.spec, long)
        if self.spec.entry_stop and not add:  # "when tomorrow trades above today's high"
            args.append(f"stop=self.data.{'High' if long else 'Low'}[-1]")
        if size == "size":
            out += _position_code.size_lines(self.spec, bool(stops))
        out += _position_code.below_zero_lines(self.spec, long)
        if size == "size":
            order = call_lines(16, "self.buy(" if long else "self.sell(", args)
            if not add:
                order += _position_code.same_bar_exit_lines(self.spec, long)
            return [*out, "if size:", *("    " + line for line in order)]
        out += call_lines(12, "self.buy(" if long else "self.sell(", args)
        return out


# -- layout helpers -----------------------------------------------------------------------------


def _with_sources(
    uses: list[tuple[str, str | None]], indicators: dict[str, S.Indicator]
) -> list[tuple[str, str | None]]:
    """``uses`` with each indicator another one is computed on placed before it."""
    out: list[tuple[str, str | None]] = []
    for use in uses:
        ref = S.source_ref(indicators[use[0]].source)
        for needed in (*_with_sources([ref], indicators), use) if ref else (use,):
            if needed not in out:
                out.append(needed)
    return out


def _series(field: str, symbol: str | None) -> str:
    """A price series of the data: the traded symbol's, or another symbol's column."""
    if symbol:
        return f"self.data.{S.symbol_column(symbol, field)}"
    return f"self.data.{_PRICE[field]}"


_FIELD_LABELS = {"open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume"}


def _stem(kind: str, source: str) -> str:
    if kind == "sma" and source == "volume":
        return "volume_avg"
    if kind in TABLE:
        base = TABLE[kind].stem or kind
        if "{source}" in base:  # "highest_high": the series is part of the name
            return base.format(source=source)
        return base if source == "close" else f"{source}_{base}"
    natural = "close"
    base = _STEMS[kind]
    return base if source == natural else f"{source}_{base}"


def _semantics(spec: S.StrategySpec) -> str:
    """The fixed reading rules, with the lines on fills and position size made true for ``spec``."""
    text = SEMANTICS
    if spec.entry_fill != "next_open" or spec.exit_fill != "next_open":
        default = (
            "Orders are market orders and fill at the next bar's open (backtesting.py's default)."
        )
        text = text.replace(f"- {default}", f"- {_english.fills_sentence(spec)}.")
    if spec.entry_fill == "open":
        text = text.replace(
            "indicators use only the current and earlier bars.",
            "indicators use only the current and earlier bars; an entry at the open reads the "
            "next bar's open (self.next_open) only to place the order that fills at that open, "
            "as a limit-on-open order is filled or cancelled on it, and nothing else of that bar.",
        )
    if spec.add_on is not None:
        text = text.replace(
            "opens only when none is open (no pyramiding)",
            "opens when none is open; a unit is added while the add rule holds",
        )
    if text == SEMANTICS:
        return text
    bullets = ("\n" + text).split("\n- ")
    lines = [bullets[0].strip()]
    for bullet in bullets[1:]:
        lines += _wrap(" ".join(bullet.split()), "- ", "  ")
    return "\n".join(lines)


def _literal(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _either(name: str | None, timed: str) -> str:
    if name and timed:
        return f"({name}{timed})"
    if name:
        return name
    return timed.removeprefix(" or ")


def _param_line(p: _Param) -> str:
    line = f"    {p.name} = {p.value}"
    comment = p.comment
    room = WIDTH - len(line) - 4
    if room < 10:
        return line
    if len(comment) > room:
        comment = comment[: room - 3].rstrip() + "..."
    return f"{line}  # {comment}"


def _extreme_lines(indent: int, head: str, first: str, exprs: list[str]) -> list[str]:
    """``sl = max(a, b)`` (or just ``sl = a``), laid out within the line width."""
    args = [first, *exprs] if first else list(exprs)
    if len(args) == 1:
        target = head.split(" = ")[0]
        return call_lines(indent, f"{target} = (", args, bare=True)
    return call_lines(indent, head, args)


def call_lines(indent: int, head: str, args: list[str], bare: bool = False) -> list[str]:
    """A call laid out as ruff format does: one line, args on one line, or one arg per line."""
    pad = " " * indent
    if bare:
        one = f"{head[:-1]}{args[0]}"
        if indent + len(one) <= WIDTH:
            return [one]
        return [head, " " * 4 + args[0], ")"]
    one = f"{head}{', '.join(args)})"
    if indent + len(one) <= WIDTH:
        return [one]
    inner = ", ".join(args)
    if indent + 4 + len(inner) <= WIDTH:
        return [head, f"    {inner}", ")"]
    del pad
    return [head, *(f"    {a}," for a in args), ")"]


def _index(lag: int, back: bool) -> str:
    """The index of a value ``lag`` bars before the bar read: this bar, or with ``back`` the
    bar ``back`` bars before it (a setup)."""
    return f"{-1 - lag} - back" if back else str(-1 - lag)


def _flat(expr: object, nested: bool = False) -> str:
    if isinstance(expr, str):
        return expr
    op, children = expr  # type: ignore[misc]
    text = f" {op} ".join(_flat(c, nested=True) for c in children)
    return f"({text})" if nested else text


def _count_depth(cond: S.Condition) -> int:
    """How many bars before this one a counted condition reads (0 without a count)."""
    if isinstance(cond, S.COMPOUND):
        return max(_count_depth(c) for c in cond.conditions)
    if not isinstance(cond, S.Count):
        return 0
    return cond.bars - 1 + _reach(cond.condition)


def _reach(cond: S.Condition) -> int:
    """How many bars before the bar it is read on ``cond`` reads: its operands' lags, and one
    for a crossing (``_cross_back`` compares with the bar before)."""
    lags = [getattr(op, "lag", 0) for op in S.iter_operands(cond)]
    crosses = any(isinstance(leaf, S.Cross) for leaf in S.leaves(cond))
    return max([*lags, int(crosses)])


def assignment_lines(indent: int, name: str, expr: object) -> list[str]:
    """``name = expr`` laid out as ruff format does.

    Flat when it fits; else, with a single operator whose right operand is a call or a
    parenthesised group, that operand's brackets are split ("hugging"); else the expression is
    wrapped in parentheses, on one line inside them if it fits, otherwise split before each
    operator.
    """
    one = f"{name} = {_flat(expr)}"
    if indent + len(one) <= WIDTH or isinstance(expr, str):
        return [one]
    hugged = _hug_last(indent, name, expr)
    if hugged is not None:
        return hugged
    return [f"{name} = (", *_parenthesized_body(indent + 4, expr), ")"]


def _hug_last(indent: int, name: str, expr: object) -> list[str] | None:
    op, children = expr  # type: ignore[misc]
    if len(children) != 2:
        return None
    first, last = _flat(children[0], nested=True), children[1]
    if isinstance(last, str):
        call = _split_call(last)
        if call is None:
            return None
        func, args = call
        head = f"{name} = {first} {op} {func}("
        if indent + len(head) > WIDTH:
            return None
        inner = ", ".join(args)
        if indent + 4 + len(inner) <= WIDTH:
            return [head, f"    {inner}", ")"]
        return [head, *(f"    {a}," for a in args), ")"]
    head = f"{name} = {first} {op} ("
    if indent + len(head) > WIDTH:
        return None
    return [head, *_parenthesized_body(indent + 4, last), ")"]


def _parenthesized_body(indent: int, expr: object) -> list[str]:
    flat = _flat(expr)
    if indent + len(flat) <= WIDTH:
        return ["    " + flat]
    return _bool_lines(indent, expr)


def _split_call(text: str) -> tuple[str, list[str]] | None:
    """ "crossover(a, b)" -> ("crossover", ["a", "b"]) for a simple top-level call."""
    if not text.endswith(")") or "(" not in text:
        return None
    func, _, rest = text.partition("(")
    if not func.isidentifier():
        return None
    args, depth, current = [], 0, ""
    for ch in rest[:-1]:
        if ch == "," and depth == 0:
            args.append(current.strip())
            current = ""
            continue
        depth += ch in "(["
        depth -= ch in ")]"
        current += ch
    args.append(current.strip())
    return func, args


def _bool_lines(indent: int, expr: object) -> list[str]:
    op, children = expr  # type: ignore[misc]
    lines: list[str] = []
    for n, child in enumerate(children):
        prefix = "" if n == 0 else f"{op} "
        text = prefix + _flat(child, nested=True)
        if indent + len(text) <= WIDTH or isinstance(child, str):
            lines.append("    " + text)
            continue
        lines.append(f"    {prefix}(")
        lines += ["    " + line for line in _parenthesized_body(indent + 4, child)]
        lines.append("    )")
    return lines


def _safe(text: str) -> str:
    """Text that is safe inside a triple-quoted docstring."""
    return text.replace("\\", "/").replace('"""', "'''").replace("\r", "")


def _wrap(text: str, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph,
            WIDTH - 4,
            initial_indent=first if not lines else rest,
            subsequent_indent=rest,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [first.rstrip()]
    return [line.rstrip() for line in lines]
