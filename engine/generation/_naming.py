"""A CamelCase class name for a spec, derived from its entry rule ("RsiReversion", "SmaCross")."""

from __future__ import annotations

from engine.generation import _rules_english as _english_rules
from engine.generation import spec as S
from engine.generation._resolve import trigger

_KIND_WORDS = {
    "sma": "Sma",
    "ema": "Ema",
    "rsi": "Rsi",
    "macd": "Macd",
    "bbands": "Bollinger",
    "highest": "Donchian",
    "lowest": "Donchian",
    "roc": "Roc",
    "stoch": "Stochastic",
    "atr": "Atr",
    "zscore": "Zscore",
}
_CALENDAR_WORDS = {
    "weekday": "Weekday",
    "month": "Seasonal",
    "trading_day": "TurnOfMonth",
    "trading_day_from_end": "TurnOfMonth",
}
_SUFFIX = {"long": "", "short": "Short", "both": "LongShort", "always_in": "Reversal"}


def strategy_name(spec: S.StrategySpec) -> str:
    """The class name: the entry's main idea plus the direction ("SmaCrossReversal")."""
    entry = spec.entry or spec.short_entry
    base = _base(spec, entry) if entry is not None else "Strategy"
    return base + _SUFFIX[spec.direction]


def _base(spec: S.StrategySpec, entry: S.Condition) -> str:
    cond = trigger(entry)
    if isinstance(cond, S.ConsecutiveCloses):
        return "DownStreak" if cond.direction == "down" else "UpStreak"
    if isinstance(cond, S.Calendar):
        return _CALENDAR_WORDS[cond.unit]
    if isinstance(cond, S.Compare) and _english_rules.gap(cond):
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
