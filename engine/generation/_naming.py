"""Names for a spec, derived from its rules: the CamelCase class name ("RsiReversion",
"SmaCross") and the readable title a strategy is stored under ("RSI(14) 30/70 reversion, 5%
stop")."""

from __future__ import annotations

import re

from engine.generation import spec as S
from engine.generation._english import gap
from engine.generation._indicator_table import TABLE
from engine.generation._mirror import trigger

_KIND_WORDS = {
    **{kind: "".join(part.capitalize() for part in kind.split("_")) for kind in TABLE},
    "sma": "Sma",
    "ema": "Ema",
    "macd": "Macd",
    "bbands": "Bollinger",
    "highest": "Donchian",
    "lowest": "Donchian",
    "donchian_mid": "Donchian",
    "stoch": "Stochastic",
}
_CALENDAR_WORDS = {
    "weekday": "Weekday",
    "weekday_before": "Weekday",
    "weekday_from_end": "Weekday",
    "day_of_month_before": "DayOfMonth",
    "month": "Seasonal",
    "trading_day": "TurnOfMonth",
    "trading_day_from_end": "TurnOfMonth",
    "day_of_month": "HalfMonth",
    "bar_of_day_from_end": "EndOfDay",
    "minute_of_day": "TimeOfDay",
    "minute_of_session": "TimeOfDay",
}
_SUFFIX = {"long": "", "short": "Short", "both": "LongShort", "always_in": "Reversal"}


def strategy_name(spec: S.StrategySpec) -> str:
    """The class name: the entry's main idea plus the direction ("SmaCrossReversal")."""
    entry = spec.entry or spec.short_entry
    base = _base(spec, entry) if entry is not None else "Strategy"
    return base + _SUFFIX[spec.direction]


def _base(spec: S.StrategySpec, entry: S.Condition) -> str:
    cond = trigger(entry)
    if isinstance(cond, S.Count):  # named after what it counts
        return _base(spec, cond.condition)
    if isinstance(cond, S.ConsecutiveCloses):
        return "DownStreak" if cond.direction == "down" else "UpStreak"
    if isinstance(cond, S.Calendar):
        return _CALENDAR_WORDS[cond.unit]
    if isinstance(cond, S.Compare) and gap(cond):
        return "Gap"
    refs = [o for o in (cond.a, cond.b) if isinstance(o, S.IndicatorRef)]
    if not refs:
        field = cond.a.field if isinstance(cond.a, S.PriceRef) else "price"
        return "VolumeThreshold" if field == "volume" else "PriceThreshold"
    kinds = [spec.indicator(r.id).kind for r in refs]
    ind = spec.indicator(refs[0].id)
    word = _KIND_WORDS[ind.kind]
    if ind.source == "volume":
        return "VolumeBreakout"
    if len(refs) == 2 and kinds[0] == kinds[1] and ind.kind in ("sma", "ema"):
        periods = sorted(spec.indicator(r.id).params["period"] for r in refs)
        golden = ind.kind == "sma" and periods == [50, 200]
        return "GoldenCross" if golden else f"{word}Cross"
    if ind.kind in ("sma", "ema"):
        return f"{word}Trend"
    if ind.kind == "macd":
        other = refs[1].output if len(refs) == 2 else None
        return "MacdSignalCross" if other == "signal" or refs[0].output == "signal" else "MacdZero"
    if ind.kind == "stoch" and len(refs) == 2:
        return "StochasticCross"
    if ind.kind in ("highest", "lowest"):
        return "DonchianBreakout"
    if ind.kind == "donchian_mid":
        return "DonchianMidline"
    if ind.kind == "bbands":
        buy_low = refs[0].output == "lower" or _below(cond)
        return "BollingerReversion" if buy_low else "BollingerBreakout"
    if ind.kind in ("rsi", "stoch", "zscore"):
        return f"{word}Reversion" if _below(cond) else f"{word}Momentum"
    if ind.kind == "roc":
        return "RocMomentum"
    return f"{word}Signal"


def _below(cond: S.Condition) -> bool:
    if isinstance(cond, S.Cross):
        return cond.direction == "below"
    if isinstance(cond, S.Compare):
        return cond.op in ("<", "<=")
    return False


# -- a readable title ---------------------------------------------------------------------------

#: Short labels where the indicator table's title is long ("Bollinger Bands" -> "Bollinger");
#: any other indicator is labelled by its title (see :func:`_label`).
_LABELS = {
    "sma": "SMA",
    "ema": "EMA",
    "rsi": "RSI",
    "macd": "MACD",
    "bbands": "Bollinger",
    "highest": "Donchian",
    "lowest": "Donchian",
    "donchian_mid": "Donchian",
    "roc": "ROC",
    "stoch": "Stochastic",
    "atr": "ATR",
    "zscore": "Z-score",
}
_DIRECTION_WORDS = {"long": "", "short": " (short)", "both": " (long and short)"}


def strategy_title(spec: S.StrategySpec) -> str:
    """A readable title from the rules: the entry's indicator with its settings, its thresholds,
    the idea, then the exits: "RSI(14) 30/70 reversion, 5% stop", "SMA(50/200) golden cross"."""
    entry = spec.entry or spec.short_entry
    words = [_idea(spec, entry)] if entry is not None else ["Custom rules"]
    exits = _exit_words(spec)
    title = words[0] + (", " + ", ".join(exits) if exits else "")
    return title + _DIRECTION_WORDS.get(spec.direction, " (always in the market)")


def _idea(spec: S.StrategySpec, entry: S.Condition) -> str:
    base = _base(spec, entry)
    cond = trigger(entry)
    refs = [o for o in (getattr(cond, "a", None), getattr(cond, "b", None))]
    refs = [r for r in refs if isinstance(r, S.IndicatorRef)]
    if not refs:
        return _words(base).capitalize()
    first = spec.indicator(refs[0].id)
    if first.kind in TABLE and TABLE[first.kind].pattern:  # "Hammer", not "Hammer 0 signal"
        return _label(first.kind)
    label = _indicator_label(spec, first, refs)
    levels = _levels(spec.entry or spec.short_entry, first.id)
    exit_levels = _levels(spec.exit or spec.short_exit, first.id)
    if levels and exit_levels and exit_levels != levels:
        levels = f"{levels}/{exit_levels}"
    idea = _words(base)
    word = _KIND_WORDS.get(first.kind, "").lower()
    if idea.startswith(word + " ") and base != "GoldenCross":
        idea = idea[len(word) + 1 :]
    return " ".join(part for part in (label, levels, idea) if part)


def _indicator_label(spec: S.StrategySpec, first: S.Indicator, refs) -> str:
    same = [spec.indicator(r.id) for r in refs if spec.indicator(r.id).kind == first.kind]
    if len(same) == 2 and "period" in first.params:
        periods = sorted({_num(i.params["period"]) for i in same}, key=float)
        return f"{_label(first.kind)}({'/'.join(periods)})"
    params = S.INDICATOR_PARAMS.get(first.kind, {})
    values = [_num(first.params.get(name, default)) for name, default in params.items()]
    return f"{_label(first.kind)}({','.join(values)})" if values else _label(first.kind)


def _label(kind: str) -> str:
    """An indicator's label in a title: a short one, else the indicator table's title."""
    if kind in _LABELS:
        return _LABELS[kind]
    title = TABLE[kind].title
    return title[0].upper() + title[1:]


def _levels(condition: S.Condition | None, indicator_id: str) -> str:
    """The numbers a condition compares this indicator with ("30"), joined by "/"."""
    if condition is None:
        return ""
    found: list[str] = []
    stack = [condition]
    while stack:
        cond = stack.pop(0)
        if isinstance(cond, S.COMPOUND):
            stack.extend(cond.conditions)
            continue
        a, b = getattr(cond, "a", None), getattr(cond, "b", None)
        if isinstance(a, S.IndicatorRef) and a.id == indicator_id and isinstance(b, S.Number):
            found.append(_num(b.value))
    return "/".join(dict.fromkeys(found))


def _exit_words(spec: S.StrategySpec) -> list[str]:
    out = []
    if spec.stop_loss_pct:
        out.append(f"{_num(spec.stop_loss_pct)}% stop")
    if spec.atr_stop_multiple:
        out.append(
            f"{_num(spec.atr_stop_multiple)}x ATR {'trailing ' if spec.atr_trailing else ''}stop"
        )
    if spec.stop_loss_points:
        out.append(f"{_num(spec.stop_loss_points)}-point stop")
    if spec.trailing_stop_pct:
        out.append(f"{_num(spec.trailing_stop_pct)}% trailing stop")
    if spec.bar_stop:
        out.append("stop at the signal bar's extreme")
    if spec.take_profit_pct:
        out.append(f"{_num(spec.take_profit_pct)}% target")
    if spec.take_profit_points:
        out.append(f"{_num(spec.take_profit_points)}-point target")
    if spec.take_profit_r:
        out.append(f"{_num(spec.take_profit_r)}R target")
    if spec.atr_take_profit_multiple:
        out.append(f"{_num(spec.atr_take_profit_multiple)}x ATR target")
    if spec.exit_after_bars:
        out.append(f"exit after {spec.exit_after_bars} bars")
    return out


def _words(camel: str) -> str:
    """``"MacdSignalCross"`` -> ``"macd signal cross"``."""
    return " ".join(part.lower() for part in re.findall(r"[A-Z][a-z0-9]*", camel))


def _num(value: float) -> str:
    return f"{float(value):g}"
