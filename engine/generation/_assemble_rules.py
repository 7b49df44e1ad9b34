"""Placing what :mod:`engine.generation._parse_rules` read: fills per side, sizing settings, the
add-on (pyramiding) rule, conditions on another symbol, and the seasonal defaults.

* A fill said in a rule ("sell at the close", "Monday's open") applies to that rule's side
  (entries or exits); said on its own ("all orders at the close") to both. A side whose fill was
  not said takes the other side's, and that is stated as an assumption.
* A condition on a named symbol is on the traded symbol when it names that symbol, or when no
  symbol was given and it is not a market index or index fund, or every rule reads only that
  symbol (then that symbol is traded); otherwise it reads the other symbol's bars (a market
  filter, a benchmark).
"""

from __future__ import annotations

from engine.generation import spec as S
from engine.generation._draft import DCond, Ind, Item, Multi, Price, When
from engine.generation._rules import Rule

#: Symbols read as a market filter (not as the traded symbol) when no symbol is given.
MARKET_SYMBOLS = frozenset(
    {"SPY", "QQQ", "IWM", "DIA", "VTI", "VOO", "^GSPC", "^IXIC", "^NDX", "^DJI", "^VIX", "TLT"}
)
ENTRY_SIDES = ("entry", "short_entry", "add_on")
POSITION_KEYS = frozenset(
    {"risk_pct", "size_cash", "size_shares", "max_units", "scale_out", "rest"}
)
_VALID = {
    "risk_pct": lambda v: 0 < v <= 25,
    "size_cash": lambda v: v > 0,
    "size_shares": lambda v: v >= 1,
    "max_units": lambda v: 2 <= v <= 20,
}


def apply_meta(values: dict, item: Item) -> bool | None:
    """Record a sizing or position setting: True when used, False when its value is out of
    range (reported back), None when ``item`` is not one of these settings."""
    key, value = item.value
    if key not in POSITION_KEYS:
        return None
    if key == "rest":
        return True
    if key == "scale_out":
        fraction, pct = value
        if not (0 < fraction < 1 and pct > 0):
            return False
        values["scale_out_pct"], values["scale_out_fraction"] = float(pct), float(fraction)
        return True
    if not _VALID[key](value):
        return False
    values[key] = value
    return True


def risk_without_stop(items: list[Item], values: dict, risk: dict) -> list[Item]:
    """A risk-per-trade size needs a stop to measure the risk: without one it is not used and
    its words are reported back."""
    if "risk_pct" not in values or risk.get("stop_loss_pct") or risk.get("atr_stop_multiple"):
        return []
    del values["risk_pct"]
    return [i for i in items if i.kind == "meta" and i.value[0] == "risk_pct"]


def take_fills(
    rules: list[Rule], orphans: list[DCond], notes: list[str], risk: dict
) -> dict[str, str]:
    """``entry_fill``/``exit_fill`` from the fill phrases, which are removed from the rules. An
    exit rule that says only how it fills ("sell at the close") and no time exit says nothing
    of when: its words are reported back."""
    said: dict[str, str] = {}
    overnight: list[DCond] = []
    for rule in rules:
        for _, d in rule.parts:
            if isinstance(d, When) and d.fill:
                key = "entry_fill" if rule.side in ENTRY_SIDES else "exit_fill"
                said.setdefault(key, d.fill)
        only_fill = rule.parts and all(d.kind == "fill" for _, d in rule.parts)
        if only_fill and rule.side in ("exit", "short_exit"):
            overnight += [d for _, d in rule.parts]  # "sell at the close": when is not said
        rule.parts = [(c, d) for c, d in rule.parts if d.kind != "fill"]
    rules[:] = [r for r in rules if not _only_avoided(r)]
    for d in [o for o in orphans if isinstance(o, When) and o.kind == "fill"]:
        orphans.remove(d)
        for key in ("entry_fill", "exit_fill"):
            said.setdefault(key, d.fill or "next_open")
    if overnight and "exit_after_bars" not in risk:
        # An exit that says only how it fills ("sell at the close", "sell at the next day's
        # open") does not say when: reported back rather than read as some other exit.
        orphans += overnight
    if len(said) == 1:
        ((key, fill),) = said.items()
        other = "exit_fill" if key == "entry_fill" else "entry_fill"
        said[other] = fill
        if fill == "close":
            stated, rest = ("entries", "exits") if key == "entry_fill" else ("exits", "entries")
            notes.append(
                f"{rest} also fill at the signal bar's close (only the {stated}' was said)"
            )
    return said


def _only_avoided(rule: Rule) -> bool:
    """A rule without an action whose only conditions are months to avoid ("don't trade in
    September"): a filter with nothing to filter, so no entry rule."""
    return (
        rule.action == "implied_buy"
        and bool(rule.parts)
        and all(isinstance(d, When) and d.avoided for _, d in rule.parts)
    )


def place_symbols(rules: list[Rule], values: dict, notes: list[str]) -> None:
    """Decide which named symbols are the traded one (see the module docstring)."""
    conds = [d for rule in rules for _, d in rule.parts if not isinstance(d, When)]
    named = {o.symbol for d in conds for o in _operands(d) if o.symbol}
    own = any(not o.symbol for d in conds for o in _operands(d))
    if values.get("symbol") is None and len(named) == 1 and not own:
        values["symbol"] = named.pop()  # every rule reads it: "buy when QQQ crosses ..."
    for rule in rules:
        for _, d in rule.parts:
            for operand in _operands(d):
                symbol = operand.symbol
                if symbol is None:
                    continue
                traded = values.get("symbol")
                if traded is None and symbol not in MARKET_SYMBOLS:
                    values["symbol"] = traded = symbol
                if symbol == traded:
                    operand.symbol = None
                elif traded is None:
                    notes.append(
                        f"{symbol} is read as a market filter on the traded symbol's bars (no "
                        "symbol to trade was named: the default applies)"
                    )


def _operands(d: DCond) -> list[Ind | Price]:
    out = [d.a, d.b, d.b2, *(d.b.items if isinstance(d.b, Multi) else [])]
    return [o for o in out if isinstance(o, Ind | Price)]


def finish(fields: dict, explicit_size: bool, notes: list[str]) -> None:
    """Defaults and consistency of the position settings, each stated in ``notes``."""
    if fields.get("add_on") is None:
        if fields.pop("max_units", None):
            notes.append("a maximum number of units was given but no rule adds to a position")
    else:
        if fields["direction"] not in ("long", "short"):
            fields["add_on"] = None
            fields.pop("max_units", None)
            notes.append("adding units works on long-only or short-only bots: not used here")
        else:
            if "max_units" not in fields:
                fields["max_units"] = 3
                notes.append("at most 3 units (no maximum was given)")
            if not explicit_size:
                fields["size_fraction"] = round(0.99 / fields["max_units"], 4)
                notes.append(
                    f"each unit is 1/{fields['max_units']} of 99% of equity, so that every unit "
                    "can be bought; added units are as many shares as the first"
                )
    if fields.get("scale_out_pct") and fields["direction"] not in ("long", "short"):
        fields.pop("scale_out_pct")
        fields.pop("scale_out_fraction", None)
        notes.append("scaling out works on long-only or short-only bots: not used here")
    if fields.get("risk_pct") and not (
        fields.get("stop_loss_pct") or fields.get("atr_stop_multiple")
    ):
        fields.pop("risk_pct")
        notes.append(
            "risk-based sizing needs a stop loss to measure the risk: none was given, so the "
            "default size is used (add e.g. 'with a 5% stop loss')"
        )
    mixed = fields.get("entry_fill", "next_open") != fields.get("exit_fill", "next_open")
    target = fields.get("take_profit_pct") or fields.get("atr_take_profit_multiple")
    if mixed and (target or fields["direction"] in ("both", "always_in")):
        fields["entry_fill"] = fields["exit_fill"] = "close"
        notes.append(
            "entries and exits both fill at the close: an entry at the next open with exits at "
            "the close works only for one-sided bots without a profit target"
        )


def merge_filters(conditions: dict) -> None:
    """AND the "only buy when ..." conditions into every entry rule (or make them the entry)."""
    extra = conditions.pop("entry_filter", None)
    if extra is None:
        return
    entries = [side for side in ("entry", "short_entry") if conditions.get(side) is not None]
    for side in entries:
        conditions[side] = S.And(conditions=[conditions[side], extra])
    if not entries:
        conditions["entry"] = extra


def style_rules(style: str | None) -> tuple[DCond, DCond, str] | None:
    """The documented rules of a seasonal style, or None."""
    if style == "sell_in_may":
        return (
            When("calendar", unit="month", values=(11, 12, 1, 2, 3, 4)),
            When("calendar", unit="month", values=(5, 6, 7, 8, 9, 10)),
            "'sell in May and go away' read as invested from November through April and out "
            "from May through October",
        )
    if style == "turn_of_month":
        return (
            When("calendar", unit="trading_day_from_end", values=(1,)),
            When("calendar", unit="trading_day", values=(3,)),
            "turn of the month read as: buy on the last trading day of the month, sell on the "
            "third trading day of the next month",
        )
    return None
