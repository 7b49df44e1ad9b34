"""From scanned items to a StrategySpec (or a refusal), with assumptions and unplaced words.

Sides: "buy"/"enter"/"go long" open a long; "sell"/"exit" close it; "short" opens a short;
"cover"/"buy back" close it. "sell" with no buy rule anywhere is a short sale; "buy" after a
short rule with no sell rule is buying to cover; under "always in the market" a sell rule is the
short entry. With long and short entries but no exits at all the strategy is always in the market
(stop-and-reverse). A side with an entry but no exit (and no stop, target or time exit) exits on
the opposite signal, as does a crossing of two lines said without an action word ("trade the
9/21 EMA cross": both ways, whatever stops come with it). A description with no rules but a
recognisable style or indicator ("a momentum strategy", "something with moving averages") gets
that style's documented default; one that is only a named strategy ("buy the dip on AAPL") is
read as that strategy's description with the rest of the text. Requests to the machine rather
than rules are refused before anything is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.generation import _assemble_rules, _naming
from engine.generation import _vocabulary as vocab
from engine.generation import spec as S
from engine.generation._aside import set_aside
from engine.generation._draft import DCond, Ind, Item, Num, Price
from engine.generation._parse import Scan, scan
from engine.generation._resolve import (
    Resolver,
    Unresolved,
    combine,
    mirror,
    params_ok,
    squeeze_before_breakout,
    to_condition,
)
from engine.generation._rules import Rule, group_rules
from engine.generation._trader_phrases import VWAP_NOTE, vwap_refusal
from engine.generation._vocabulary import FILLER

EXAMPLE = (
    "buy when RSI(14) drops below 30, sell when it rises above 70, 5% stop loss, "
    "on AAPL over the last 2 years"
)
EMPTY = f"Describe a strategy in plain English, for example: '{EXAMPLE}'."
NOTHING = (
    "Botlab could not find a trading rule in this text. Say when to buy (or short) and when to "
    f"sell, for example: '{EXAMPLE}'."
)
INJECTION = (
    "Botlab reads trading rules, not instructions to a machine: this text asks for something "
    "else, so no bot is written from it. Describe when to buy and when to sell, for example: "
    f"'{EXAMPLE}'."
)
_INJECTION_RE = re.compile(
    "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in vocab.INJECTION_PHRASES), re.IGNORECASE
)
BUY_AND_HOLD = (
    "Buy and hold needs no bot: every backtest already reports the buy-and-hold return of the "
    "same period. Describe when to buy and when to sell, for example: "
    f"'{EXAMPLE}'."
)
SIDES = ("entry", "exit", "short_entry", "short_exit")
PARTNER = {"exit": "entry", "short_exit": "short_entry", "short_entry": "entry", "entry": "exit"}


@dataclass
class Assembled:
    """The outcome of reading one description."""

    spec: S.StrategySpec | None
    not_understood: list[str]
    refusal: str | None = None
    problems: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # test settings and stops that were read
    blocked: bool = False  # a request to the machine, refused by every engine
    defaulted: bool = False  # no rule was given: a style's documented default was used


@dataclass
class _Settings:
    values: dict[str, object] = field(default_factory=dict)
    risk: dict[str, object] = field(default_factory=dict)
    direction: str | None = None
    styles: list[str] = field(default_factory=list)
    mentions: list[Ind] = field(default_factory=list)
    mention_items: list[Item] = field(default_factory=list)
    buy_and_hold: bool = False
    unplaced: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra_symbols: list[str] = field(default_factory=list)
    implied: bool = False  # the entry was a condition said without an action word

    def problems(self) -> list[str]:
        """Why some of the words were not used, where a plain reason is known."""
        reasons = [i.value for i in self.unplaced if i.kind == "unparsed" and i.value]
        if not self.extra_symbols:
            return reasons
        others = " and ".join(self.extra_symbols)
        again = "it" if len(self.extra_symbols) == 1 else "each"
        return [
            *reasons,
            f"A bot trades one symbol at a time: this one trades {self.values['symbol']}. "
            f"To test {others} too, run the same bot again with {again} as its symbol.",
        ]


def assemble(text: str) -> Assembled:
    """Read ``text`` into a spec, or explain why not."""
    if not text.strip():
        return Assembled(None, [], EMPTY)
    injection = _injection(text)
    if injection is not None:
        return Assembled(None, [injection], INJECTION, blocked=True)
    sc = scan(text)
    aside = set_aside(sc)
    named = _named(sc)
    read, note = text, None
    if named is not None:  # "buy the dip on TSLA": its standard description, read in its place
        read, note = _expand_named(text, sc, *named)
        sc = scan(read)
        aside = set_aside(sc)
    settings = _settings(sc.items)
    settings.notes += [note] if note else []
    settings.notes += aside
    settings.notes += _corrections(sc)
    settings.unplaced += _assemble_rules.risk_without_stop(sc.items, settings.values, settings.risk)
    rules, orphans = group_rules(sc.items)
    _assign_sides(rules, settings)
    fills = _assemble_rules.take_fills(rules, orphans, settings.notes, settings.risk)
    settings.values.update(fills)
    _assemble_rules.place_symbols(rules, settings.values, settings.notes)
    failed = [(d.start, d.end) for d in orphans] + [(i.start, i.end) for i in settings.unplaced]
    resolver = Resolver(band_family=_band_family(sc))
    for m in settings.mentions:
        resolver.mention(m)
    resolved = _resolve_rules(rules, resolver, failed)
    conditions = _conditions(resolved, resolver, rules, failed)
    _assemble_rules.merge_filters(conditions)
    defaulted = not conditions.get("entry") and not conditions.get("short_entry")
    if defaulted:
        refusal = _no_entry(sc, settings, rules, failed)
        if refusal is not None:
            read = {**settings.values, **settings.risk}
            return Assembled(None, _fragments(sc, failed), refusal, settings.problems(), read)
        conditions, resolver = _style_default(settings)
    indicators = list({ind.id: ind for ind in conditions.pop("_indicators")}.values())
    spec = _build(text, conditions, indicators, settings, resolver)
    refusal = vwap_refusal({ind.kind for ind in spec.indicators}, spec.interval)
    if refusal is not None:
        return Assembled(None, _fragments(sc, failed), refusal, settings.problems())
    failed += [(m.start, m.end) for m in settings.mention_items if not _used(m.value, spec)]
    fragments = _fragments(sc, failed)
    return Assembled(spec, fragments, problems=settings.problems(), defaulted=defaulted)


def _injection(text: str) -> str | None:
    """The words of ``text`` that ask the machine for something other than a strategy."""
    found = _INJECTION_RE.search(text)
    return found.group() if found else None


# -- named strategies ---------------------------------------------------------------------------

_RULE_ITEMS = frozenset({"action", "cond", "style", "mention", "unparsed", "buy_and_hold"})


def _named(sc: Scan) -> tuple[int, int, str] | None:
    """``(first token, end token, description)`` when the only rule the text names is a named
    strategy ("buy the dip on AAPL", "death cross since 2010")."""
    s = sc.stream
    for i in range(s.n):
        hit = s.longest(i, vocab.NAMED_STRATEGIES)
        if hit is None:
            continue
        end, described = hit
        if any(not i <= it.start < end for it in sc.items if it.kind in _RULE_ITEMS):
            return None  # other rules too (or the name was a title): the words are read
        return i, end, described  # type: ignore[return-value]
    return None


def _expand_named(text: str, sc: Scan, start: int, end: int, described: str) -> tuple[str, str]:
    """The text with the named strategy's description in place of its name (the rest, such as
    symbol, period and stops, kept), and the note that says so."""
    tokens = sc.stream.tokens
    name = sc.stream.span_text(start, end)
    rest = text[: tokens[start].start] + " " + text[tokens[end - 1].end :]
    note = f"'{name}' read as Botlab's standard '{name}' strategy: {described}"
    return f"{described} {rest.strip()}", note


# -- settings -----------------------------------------------------------------------------------


def _settings(items: list[Item]) -> _Settings:
    out = _Settings()
    for item in items:
        if item.kind == "meta":
            _meta(out, item)
        elif item.kind == "risk":
            if not _risk(out, item.value):
                out.unplaced.append(item)
        elif item.kind == "direction":
            out.direction = item.value
        elif item.kind == "style":
            out.styles.append(item.value)
        elif item.kind == "mention":
            out.mentions.append(item.value)
            out.mention_items.append(item)
        elif item.kind == "buy_and_hold":
            out.buy_and_hold = True
        elif item.kind == "unparsed":
            out.unplaced.append(item)
    return out


# Values outside these ranges are reported back as not understood instead of being used.
_VALID = {
    "stop_loss_pct": lambda v: 0 < v < 100,
    "take_profit_pct": lambda v: v > 0,
    "trailing_stop_pct": lambda v: 0 < v < 100,
    "atr_stop_multiple": lambda v: v > 0,
    "atr_take_profit_multiple": lambda v: v > 0,
    "atr_period": lambda v: v == int(v) and v >= 1,
    "size_pct": lambda v: v > 0,
    "period_days": lambda v: v >= 1,
    "cash": lambda v: v > 0,
    "commission_pct": lambda v: 0 <= v < 10,
}


def _valid(key: str, value: object) -> bool:
    check = _VALID.get(key)
    return check is None or bool(check(value))


def _meta(out: _Settings, item: Item) -> None:
    key, value = item.value
    if key == "fill":
        return
    placed = _assemble_rules.apply_meta(out.values, item)
    if placed is not None:
        if not placed:
            out.unplaced.append(item)
        return
    if not _valid(key, value):
        out.unplaced.append(item)
        return
    if key == "symbol" and "symbol" in out.values and out.values["symbol"] != value:
        out.unplaced.append(item)  # one symbol per strategy
        if value not in out.extra_symbols:
            out.extra_symbols.append(value)
        return
    if key == "range":
        out.values["start"], out.values["end"] = value
        return
    if key == "size_pct":
        pct = float(value)
        if pct >= 100:
            out.notes.append(
                "a 100% position is sized at 99.99% of equity (backtesting.py needs < 1)"
            )
            pct = 99.99
        out.values["size_fraction"] = pct / 100
        return
    out.values[key] = value


def _risk(out: _Settings, value: tuple[str, object]) -> bool:
    """Record a stop, target or time exit; False when its value is out of range."""
    kind, amount = value
    if kind == "bar":  # "stop at the low of the day"
        out.risk["bar_stop"] = True
        return True
    if kind == "time":
        bars, note = amount  # type: ignore[misc]
        out.risk["exit_after_bars"] = bars
        if note:
            out.notes.append(note)
        return True
    names = {"sl": "stop_loss_pct", "tp": "take_profit_pct", "trail": "trailing_stop_pct"}
    if kind in ("sl", "trail") and float(amount) < 0:  # type: ignore[arg-type]
        amount = -float(amount)  # type: ignore[arg-type]  # "stop loss at -2%": 2% below
    if kind in names:
        if not _valid(names[kind], amount):
            return False
        out.risk[names[kind]] = float(amount)  # type: ignore[arg-type]
        return True
    mult, period = amount  # type: ignore[misc]
    target = "atr_take_profit_multiple" if kind == "atr_tp" else "atr_stop_multiple"
    if not _valid(target, mult) or (period is not None and not _valid("atr_period", period)):
        return False
    out.risk[target] = float(mult)
    if kind == "atr_trail":
        out.risk["atr_trailing"] = True
    if period:
        out.risk["atr_period"] = int(period)
    return True


def _corrections(sc: Scan) -> list[str]:
    """ "read 'bellow' as 'below'", for every corrected word a rule uses."""
    s = sc.stream
    return [
        f"read '{word}' as '{s.tokens[k].low}'" for k, word in s.corrections.items() if sc.used[k]
    ]


def _band_family(sc: Scan) -> str:
    """What "the band" means: the Keltner or Donchian channel when the text names one (a bare
    "channel" is Donchian's), else the Bollinger Bands."""
    words = {t.low for t in sc.stream.tokens}
    if "keltner" in words and not words & {"bollinger", "bb", "bbands", "donchian"}:
        return "keltner"
    if words & {"donchian", "channel", "channels"} and "keltner" not in words:
        return "donchian"
    return "bbands"


# -- sides --------------------------------------------------------------------------------------


def _assign_sides(rules: list[Rule], settings: _Settings) -> None:
    if any(r.action == "reverse" for r in rules) and settings.direction is None:
        settings.direction = "always_in"
        settings.notes.append("'reverse' read as stop-and-reverse: always in the market")
    actions = [r.action for r in rules if r.parts or r.action not in ("sell", "exit")]
    has_buy = any(a in ("buy", "enter", "implied_buy") for a in actions)
    has_sell = any(r.action == "sell" for r in rules)
    first_short = min((r.start for r in rules if r.action == "short"), default=None)
    reversing = settings.direction in ("always_in", "both")
    has_short_sale = not has_buy and any(r.action == "sell" and r.parts for r in rules)
    last_entry = "entry"
    for rule in rules:
        action = rule.action
        if action in ("add", "filter"):
            rule.side = "add_on" if action == "add" else "entry_filter"
            continue
        if action == "buy":
            covering = first_short is not None and first_short < rule.start and not has_sell
            if covering and not reversing:
                rule.side = "short_exit"
                settings.notes.append("'buy' after a short rule read as buying to cover")
            else:
                rule.side = "entry"
        elif action == "implied_buy":
            rule.side = "short_entry" if settings.direction == "short" else "entry"
            settings.implied = True
            settings.notes.append("no action word: the condition is read as the entry signal")
        elif action == "enter":
            rule.side = "short_entry" if settings.direction == "short" else "entry"
        elif action == "sell":
            if settings.direction == "always_in" or (reversing and first_short is None):
                rule.side = "short_entry"
            elif has_buy or settings.direction == "long":
                rule.side = "exit"
            else:
                rule.side = "short_entry"
                if rule.parts:
                    settings.notes.append("'sell' with no buy rule read as selling short")
        elif action == "short":
            rule.side = "short_entry"
        elif action == "reverse":
            rule.side = "entry" if last_entry == "short_entry" else "short_entry"
        elif action == "cover" and first_short is None and not has_short_sale:
            rule.side = "exit"
            settings.notes.append("'cover' with no short rule read as closing the long position")
        elif action == "cover":
            rule.side = "short_exit"
        else:  # exit
            rule.side = "short_exit" if last_entry == "short_entry" else "exit"
            if settings.direction == "always_in":
                rule.side = "short_entry"
        if rule.side in ("entry", "short_entry"):
            last_entry = rule.side


# -- conditions ---------------------------------------------------------------------------------


def _resolve_rules(
    rules: list[Rule], resolver: Resolver, failed: list[tuple[int, int]]
) -> dict[int, list[tuple[str, DCond | None]]]:
    """Resolve every non-mirror condition in text order; ``None`` marks a mirror."""
    order = sorted(
        ((d.start, n, k) for n, r in enumerate(rules) for k, (_, d) in enumerate(r.parts)),
    )
    done: dict[tuple[int, int], DCond] = {}
    for _, n, k in order:
        d = rules[n].parts[k][1]
        if d.kind == "mirror":
            continue
        try:
            done[(n, k)] = resolver.condition(d, rules[n].side)
        except Unresolved:
            failed.append((d.start, d.end))
    out: dict[int, list[tuple[str, DCond | None]]] = {}
    for n, rule in enumerate(rules):
        parts: list[tuple[str, DCond | None]] = []
        for k, (conn, d) in enumerate(rule.parts):
            if d.kind == "mirror":
                parts.append((conn, None))
            elif (n, k) in done:
                parts.append((conn, done[(n, k)]))
        out[n] = parts
    return out


def _conditions(
    resolved: dict[int, list[tuple[str, DCond | None]]],
    resolver: Resolver,
    rules: list[Rule],
    failed: list[tuple[int, int]],
) -> dict:
    table = resolver.indicators()
    indicators = list(table.values())
    by_side: dict[str, list[S.Condition]] = {}
    mirrors: list[tuple[str, list[tuple[str, S.Condition]]]] = []
    for n, parts in resolved.items():
        side = rules[n].side
        built = []
        for c, d in parts:
            if d is None:
                continue
            cond = to_condition(d, table)
            if _degenerate(cond):  # "the weighted moving average crosses the 50-day SMA"
                failed.append((d.start, d.end))
                continue
            built.append((c, cond))
        built = squeeze_before_breakout(built, resolver.note)
        if any(d is None for _, d in parts):
            mirrors.append((side, built))
            continue
        cond = combine(built)
        if cond is not None:
            by_side.setdefault(side, []).append(cond)
    out: dict = {side: _any(conds) for side, conds in by_side.items()}
    for side, extra in mirrors:
        partner = out.get(PARTNER[side]) or (out.get("short_entry") if side == "entry" else None)
        if partner is None:
            continue
        try:
            opposite = mirror(partner, indicators)
        except Unresolved:  # a doji or an inside bar has no opposite
            continue
        resolver.note(
            f"the {side.replace('_', ' ')} rule is the opposite of the "
            f"{PARTNER[side].replace('_', ' ')} rule"
        )
        cond = combine([("and", opposite), *extra])
        out[side] = _any([c for c in (out.get(side), cond) if c is not None])
    out["_indicators"] = indicators
    return out


def _degenerate(cond: S.Condition) -> bool:
    """A comparison of a line with itself: a word was missed, never a rule."""
    return isinstance(cond, S.Cross | S.Compare) and cond.a == cond.b


def _any(conds: list[S.Condition]) -> S.Condition:
    return conds[0] if len(conds) == 1 else S.Or(conditions=conds)


# -- no entry: refusal or a documented default --------------------------------------------------


def _no_entry(
    sc: Scan, settings: _Settings, rules: list[Rule], failed: list[tuple[int, int]]
) -> str | None:
    """A refusal message, or None when a style default applies (only to a request that is
    vague, not to one whose specific rule could not be read)."""
    if settings.buy_and_hold:
        return BUY_AND_HOLD
    vague = settings.styles or any(_default_for(m) for m in settings.mentions)
    unknown = _fragments(sc, failed)  # a vague request has no words Botlab could not place
    if vague and not unknown and not any(r.parts for r in rules):
        return None
    understood = [i for i in sc.items if i.kind not in ("sep", "conn")]
    if not understood:
        return NOTHING
    return (
        "Botlab understood part of this but not when to enter a trade. Add an entry rule, for "
        "example: 'buy when the 50-day SMA crosses above the 200-day SMA'."
    )


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


def _default_for(ind: Ind) -> bool:
    return params_ok(ind) and ind.family in (
        "sma",
        "ema",
        "ma",
        "rsi",
        "macd",
        "bbands",
        "band",
        "donchian",
        "highest",
        "lowest",
        "roc",
        "stoch",
        "zscore",
    )


def _style_default(settings: _Settings) -> tuple[dict, Resolver]:
    """The documented default rules for a vague request."""
    resolver = Resolver()
    mention = next((m for m in settings.mentions if _default_for(m)), None)
    style = settings.styles[0] if settings.styles else None
    entry, exit_, note = _style_rules(style, mention)
    resolver.note(note)
    d_entry = resolver.condition(entry, "entry")
    d_exit = resolver.condition(exit_, "exit")
    table = resolver.indicators()
    out = {
        "entry": to_condition(d_entry, table),
        "exit": to_condition(d_exit, table),
        "_indicators": list(table.values()),
    }
    return out, resolver


def _style_rules(style: str | None, mention: Ind | None) -> tuple[DCond, DCond, str]:
    seasonal = _assemble_rules.style_rules(style)
    if seasonal is not None:
        return seasonal
    family = mention.family if mention else None
    params = dict(mention.params) if mention else {}
    if family in ("roc",) or style == "momentum":
        p = {"period": params.get("period", 252.0)}
        roc = Ind("roc", params=p)
        return (
            DCond("compare", roc, ">", Num(0.0)),
            DCond("compare", Ind("roc", params=p), "<", Num(0.0)),
            f"no rules were given for momentum: buy while the {p['period']:g}-bar rate of change "
            "(12 months of daily bars by default) is above 0, sell when it is below 0",
        )
    if family == "rsi" or (style == "mean_reversion" and family is None):
        p = {"period": params.get("period", 14.0)}
        return (
            DCond("cross", Ind("rsi", params=p), "below", Num(30.0)),
            DCond("cross", Ind("rsi", params=dict(p)), "above", Num(70.0)),
            f"no rules were given: the standard RSI({p['period']:g}) rules, buy when it crosses "
            "below 30 and sell when it crosses above 70",
        )
    if family == "macd":
        a, b = Ind("macd", "macd", params), Ind("macd", "signal", dict(params))
        return (
            DCond("cross", a, "above", b),
            DCond(
                "cross",
                Ind("macd", "macd", dict(params)),
                "below",
                Ind("macd", "signal", dict(params)),
            ),
            "no rules were given: buy when the MACD line crosses above its signal line, sell "
            "when it crosses below",
        )
    if family in ("bbands", "band"):
        lower = Ind("bbands", "lower", params)
        middle = Ind("bbands", "middle", dict(params))
        return (
            DCond("compare", Price("close"), "<", lower),
            DCond("compare", Price("close"), ">", middle),
            "no rules were given: Bollinger mean reversion, buy when the close is below the "
            "lower band and sell when it is above the middle band",
        )
    if family == "stoch":
        return (
            DCond("cross", Ind("stoch", "k", params), "below", Num(20.0)),
            DCond("cross", Ind("stoch", "k", dict(params)), "above", Num(80.0)),
            "no rules were given: buy when stochastic %K crosses below 20, sell when it crosses "
            "above 80",
        )
    if family == "zscore":
        p = {"period": params.get("period", 20.0)}
        return (
            DCond("compare", Ind("zscore", params=p), "<", Num(-2.0)),
            DCond("compare", Ind("zscore", params=dict(p)), ">", Num(0.0)),
            "no rules were given: buy when the z-score is below -2, sell when it is above 0",
        )
    if family in ("donchian", "highest", "lowest") or style == "breakout":
        entry_p = params.get("period", 20.0)
        exit_p = min(10.0, entry_p)
        return (
            DCond(
                "compare",
                Price("close"),
                ">",
                Ind("highest", params={"period": entry_p}, source="high"),
            ),
            DCond(
                "compare",
                Price("close"),
                "<",
                Ind("lowest", params={"period": exit_p}, source="low"),
            ),
            f"no rules were given for a breakout: buy when the close is above the {entry_p:g}-bar "
            f"high, sell when it is below the {exit_p:g}-bar low (Donchian / Turtle style)",
        )
    if style == "trend" or (family in vocab.MA_FAMILIES and params.get("period")):
        kind = "ema" if family == "ema" else "sma"
        p = {"period": params.get("period", 200.0)}
        return (
            DCond("compare", Price("close"), ">", Ind(kind, params=p)),
            DCond("compare", Price("close"), "<", Ind(kind, params=dict(p))),
            f"no rules were given for trend following: hold while the close is above the "
            f"{p['period']:g}-bar {kind.upper()}, sell when it is below",
        )
    kind = "ema" if (family == "ema" or style == "ema_cross") else "sma"
    fast, slow = (12.0, 26.0) if kind == "ema" else (50.0, 200.0)
    name = kind.upper()
    return (
        DCond(
            "cross", Ind(kind, params={"period": fast}), "above", Ind(kind, params={"period": slow})
        ),
        DCond(
            "cross", Ind(kind, params={"period": fast}), "below", Ind(kind, params={"period": slow})
        ),
        f"no rules were given for a moving-average crossover: buy when the {fast:g}-bar {name} "
        f"crosses above the {slow:g}-bar {name}, sell when it crosses below",
    )


# -- the spec -----------------------------------------------------------------------------------


def _build(
    text: str,
    conditions: dict,
    indicators: list[S.Indicator],
    settings: _Settings,
    resolver: Resolver,
) -> S.StrategySpec:
    notes = list(settings.notes) + resolver.notes
    sides = {side: conditions.get(side) for side in SIDES}
    direction = _direction(sides, settings, indicators, notes)
    _default_exits(sides, direction, settings, indicators, notes)
    sides["add_on"] = conditions.get("add_on")
    used = {ref.id for cond in sides.values() if cond is not None for ref in S.iter_refs(cond)}
    indicators = [ind for ind in indicators if ind.id in used]  # named but unused: reported
    values = dict(settings.values)
    values.pop("fill", None)
    fields = dict(
        name="Strategy",
        description=text.strip(),
        direction=direction,
        indicators=indicators,
        **sides,
        **settings.risk,
        **values,
    )
    if any(ind.kind == "vwap" for ind in indicators) and not values.get("interval"):
        notes.append(VWAP_NOTE)
    explicit = any(k in settings.values for k in ("size_fraction", "size_cash", "size_shares"))
    _assemble_rules.finish(fields, explicit, notes)
    _standard_notes(fields, settings, notes)
    fields["assumptions"] = _dedupe(notes)
    spec = S.StrategySpec(**fields)
    return spec.model_copy(update={"name": _naming.strategy_name(spec)})


def _direction(
    sides: dict, settings: _Settings, indicators: list[S.Indicator], notes: list[str]
) -> str:
    long_, short = sides["entry"] is not None, sides["short_entry"] is not None
    explicit = settings.direction
    if explicit == "always_in":
        if not long_ and short:
            sides["entry"] = mirror(sides["short_entry"], indicators)
            notes.append("always in the market: go long on the opposite of the short rule")
        if sides["short_entry"] is None:
            sides["short_entry"] = sides["exit"] or mirror(sides["entry"], indicators)
            if sides["exit"] is None:
                notes.append("always in the market: go short on the opposite of the buy rule")
        sides["exit"] = sides["short_exit"] = None
        return "always_in"
    if explicit == "both" and not (long_ and short):
        if long_:
            sides["short_entry"] = mirror(sides["entry"], indicators)
            notes.append("long and short: short on the opposite of the buy rule")
        else:
            sides["entry"] = mirror(sides["short_entry"], indicators)
            notes.append("long and short: buy on the opposite of the short rule")
        long_ = short = True
    if explicit == "long" and short:
        sides["short_entry"] = sides["short_exit"] = None
        notes.append("long only, as stated: the short rules are ignored")
        short = False
    if long_ and short:
        if sides["exit"] is None and sides["short_exit"] is None and not _has_exit(settings):
            notes.append(
                "no exit rules: each entry signal closes the opposite position "
                "(always in the market after the first signal)"
            )
            return "always_in"
        return "both"
    if short and not long_:
        sides["entry"] = sides["exit"] = None
        return "short"
    sides["short_entry"] = sides["short_exit"] = None
    if explicit != "long":
        notes.append("long only (no short rule was given)")
    return "long"


def _has_exit(settings: _Settings) -> bool:
    keys = (
        "stop_loss_pct",
        "take_profit_pct",
        "trailing_stop_pct",
        "atr_stop_multiple",
        "atr_take_profit_multiple",
        "exit_after_bars",
        "bar_stop",
    )
    return any(settings.risk.get(k) for k in keys)


def _default_exits(
    sides: dict,
    direction: str,
    settings: _Settings,
    indicators: list[S.Indicator],
    notes: list[str],
) -> None:
    if direction == "always_in":
        return
    pairs = {
        "long": [("entry", "exit")],
        "short": [("short_entry", "short_exit")],
        "both": [("entry", "exit"), ("short_entry", "short_exit")],
    }[direction]
    for entry, exit_ in pairs:
        opposite = "short_entry" if entry == "entry" else "entry"
        if sides[exit_] is not None or (direction == "both" and sides[opposite] is not None):
            continue  # in "both", the opposite entry closes the position
        if _symmetric(settings, sides[entry]):
            sides[exit_] = mirror(sides[entry], indicators)
            notes.append(
                "a crossover named without 'buy' or 'sell' is traded both ways: long on the "
                "cross up, flat on the cross down"
            )
            continue
        if _has_exit(settings):
            notes.append(
                f"no {exit_.replace('_', ' ')} rule: trades close only at the stops, "
                "target or time exit"
            )
            continue
        try:
            sides[exit_] = mirror(sides[entry], indicators)
        except Unresolved:  # no opposite (a doji): the compiler asks for an exit
            continue
        word = "sell" if exit_ == "exit" else "cover"
        notes.append(f"no {word} rule was given: {word} on the opposite of the entry signal")


def _symmetric(settings: _Settings, entry: S.Condition | None) -> bool:
    """ "trade the 9/21 EMA cross", "ema 20/50 cross with a 3% stop": a crossing said without an
    action word is a signal both ways, whatever stops come with it."""
    lines = isinstance(entry, S.Cross) and all(
        isinstance(x, S.IndicatorRef) for x in (entry.a, entry.b)
    )
    return settings.implied and lines


def _standard_notes(fields: dict, settings: _Settings, notes: list[str]) -> None:
    sized = ("size_fraction", "size_cash", "size_shares", "risk_pct", "max_units")
    if not any(fields.get(k) for k in sized):
        notes.append("each trade invests 99% of equity (size fraction 0.99)")
    if any(
        fields.get(k)
        for k in (
            "stop_loss_pct",
            "take_profit_pct",
            "trailing_stop_pct",
            "atr_stop_multiple",
            "atr_take_profit_multiple",
        )
    ):
        notes.append("stops and targets are measured from the signal bar's close")
    if (fields.get("atr_stop_multiple") or fields.get("atr_take_profit_multiple")) and (
        "atr_period" not in settings.risk
    ):
        notes.append("ATR period 14 (the standard, Wilder's smoothing) because none was given")
    if fields.get("entry_fill", "next_open") == fields.get("exit_fill", "next_open") == "next_open":
        notes.append("orders fill at the next bar's open (backtesting.py's default)")


def _dedupe(notes: list[str]) -> list[str]:
    seen: list[str] = []
    for n in notes:
        text = n[0].upper() + n[1:] if n else n
        if text not in seen:
            seen.append(text)
    return seen


# -- not understood -----------------------------------------------------------------------------


def _fragments(sc: Scan, failed: list[tuple[int, int]]) -> list[str]:
    """Contiguous runs of unplaced tokens that contain a meaningful word, verbatim.

    Punctuation ends a run, except inside a clause that was read but could not be placed, which
    is quoted whole ("ATR(14) is above its 50-day average").
    """
    placed = list(sc.used)
    inside = [False] * len(placed)
    for start, end in failed:
        for k in range(start, end):
            placed[k] = False
            inside[k] = True
    s = sc.stream
    out: list[str] = []
    run: list[int] = []
    for k in range(s.n + 1):
        tok = s.tokens[k] if k < s.n else None
        punct = tok is not None and tok.kind in ("punct", "nl") and tok.low not in _JOINERS
        if tok is None or placed[k] or (punct and not inside[k]):
            if any(_meaningful(s.tokens[j]) for j in run):
                out.append(s.span_text(run[0], run[-1] + 1))
            run = []
        else:
            run.append(k)
    return out


_JOINERS = frozenset({"'", "&", "/", "$", "%", "-"})


def _meaningful(tok) -> bool:
    if tok.kind in ("num", "sym", "date"):
        return True
    return tok.kind in ("word", "op") and tok.low not in FILLER  # "X = buy": "=" is filler
