"""The strategy spec: a typed, versioned description of one trading strategy.

A :class:`StrategySpec` is what Botlab understood from a plain-English description. It is plain
data (``spec.model_dump(mode="json")`` is stored with the strategy), it renders back to English
(:func:`engine.generation.render_english`) and it compiles to a backtesting.py module
(:func:`engine.generation.compile_spec`).

Conditions form a small expression tree:

* :class:`Cross` ``(a, direction, b)`` is an *event*: ``direction="above"`` is
  ``backtesting.lib.crossover(a, b)`` (``a`` was below ``b`` on the previous bar and is above it
  on this bar); ``"below"`` is ``crossover(b, a)``.
* :class:`Compare` ``(a, op, b)`` is a *state* that holds on every bar where ``a op b``.
  A threshold is a :class:`Compare` (or a :class:`Cross`) whose ``b`` is a :class:`Number`.
* :class:`ConsecutiveCloses` ``(n, direction)``: the last ``n`` closes each closed below (down)
  or above (up) the close before it.
* :class:`And` / :class:`Or` combine conditions.

Operands are an indicator output (:class:`IndicatorRef`), a price field (:class:`PriceRef`) or a
:class:`Number`. Both references take ``lag`` (1 = the previous bar) and ``times`` (a multiplier:
``times=2`` on the average volume is "twice the average volume").

Directions: ``long`` (``entry`` opens a long, ``exit`` closes it), ``short`` (``short_entry`` /
``short_exit``), ``both`` (both pairs; an entry signal also closes the opposite position) and
``always_in`` (stop-and-reverse: ``entry`` goes long, ``short_entry`` goes short, each closing the
other side; there are no separate exits).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from engine.generation._indicator_table import TABLE

SPEC_VERSION = 1

_BUILT_IN_KINDS = (
    "sma", "ema"
)  # fmt: skip
#: Every indicator kind: the built-in ones, then the indicator table's (ADX, SAR, ..., patterns).
IndicatorKind = Literal[(*_BUILT_IN_KINDS, *TABLE)]  # type: ignore[valid-type]
PriceField = Literal["open", "high", "low", "close", "volume"]
Direction = Literal["long", "short", "both", "always_in"]

#: Parameters of each indicator kind, in their conventional order, with the standard defaults.
INDICATOR_PARAMS: dict[str, dict[str, float]] = {
    "sma": {"period": 20},
    "ema": {"period": 20},
    **{kind: dict(entry.params) for kind, entry in TABLE.items()},
}

#: Named outputs of multi-line indicators; the others have one unnamed output (``None``).
INDICATOR_OUTPUTS: dict[str, tuple[str, ...]] = {
    **{kind: entry.outputs for kind, entry in TABLE.items() if entry.outputs},
}

_FLOAT_PARAMS = {(kind, name) for kind, entry in TABLE.items() for name in entry.float_params}
_NAME_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Indicator(_Model):
    """One indicator instance: its kind, parameters, input series and a stable id for code."""

    id: str
    kind: IndicatorKind
    params: dict[str, float] = Field(default_factory=dict)
    source: PriceField = "close"

    @field_validator("id")
    @classmethod
    def _id_is_identifier(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"indicator id {value!r} must be a lowercase identifier like rsi_14")
        return value

    @model_validator(mode="after")
    def _params_complete(self) -> Indicator:
        expected = INDICATOR_PARAMS[self.kind]
        unknown = set(self.params) - set(expected)
        if unknown:
            raise ValueError(f"{self.kind} has no parameter(s) {sorted(unknown)}")
        full = {**expected, **self.params}
        for key, value in full.items():
            if (self.kind, key) in _FLOAT_PARAMS:
                if value <= 0:
                    raise ValueError(f"{self.kind} {key} must be positive")
                full[key] = float(value)
            else:
                if value != int(value) or value < 1:
                    raise ValueError(f"{self.kind} {key} must be a whole number >= 1")
                full[key] = int(value)
        self.params = full
        return self

    @classmethod
    def make(cls, kind: str, source: str = "close", **params: float) -> Indicator:
        """Build an indicator with the standard id (``sma_50``, ``macd_12_26_9``, ...)."""
        full = {**INDICATOR_PARAMS[kind], **params}
        return cls(id=indicator_id(kind, source, full), kind=kind, params=full, source=source)


def indicator_id(kind: str, source: str, params: dict[str, float]) -> str:
    """The standard id of an indicator: kind, source when not the natural one, parameters."""
    values = dict(params)
    if kind == "stoch" and values.get("smooth", 1) == 1:
        values.pop("smooth", None)
    parts = [_format_id_number(v) for v in values.values()]
    natural = {"highest": "high", "lowest": "low"}.get(kind, "close")
    prefix = kind if source == natural else f"{source}_{kind}"
    return "_".join([prefix, *parts])


def _format_id_number(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", "_").replace("-", "m")


class IndicatorRef(_Model):
    """An indicator's value: ``output`` picks a line of a multi-line indicator (MACD, bands)."""

    type: Literal["indicator"] = "indicator"
    id: str
    output: str | None = None
    lag: int = Field(0, ge=0)
    times: float = 1.0


class PriceRef(_Model):
    """A price field of the bar (``lag=1`` is the previous bar)."""

    type: Literal["price"] = "price"
    field: PriceField = "close"
    lag: int = Field(0, ge=0)
    times: float = 1.0


class Number(_Model):
    """A constant (a threshold such as RSI 30)."""

    type: Literal["number"] = "number"
    value: float


Operand = Annotated[IndicatorRef | PriceRef | Number, Field(discriminator="type")]


class Cross(_Model):
    """Event: ``a`` crosses ``direction`` ``b`` on this bar (``backtesting.lib.crossover``)."""

    type: Literal["cross"] = "cross"
    a: Operand
    direction: Literal["above", "below"]
    b: Operand

    @model_validator(mode="after")
    def _not_two_numbers(self) -> Cross:
        _check_operands(self.a, self.b)
        if _lag(self.a) or _lag(self.b):
            raise ValueError("a cross compares this bar with the previous one; lag must be 0")
        return self


class Compare(_Model):
    """State: ``a op b`` holds on this bar."""

    type: Literal["compare"] = "compare"
    a: Operand
    op: Literal[">", "<", ">=", "<="]
    b: Operand

    @model_validator(mode="after")
    def _not_two_numbers(self) -> Compare:
        _check_operands(self.a, self.b)
        return self


class ConsecutiveCloses(_Model):
    """State: each of the last ``n`` closes was below (down) / above (up) the close before it."""

    type: Literal["consecutive"] = "consecutive"
    n: int = Field(ge=1)
    direction: Literal["up", "down"]


class And(_Model):
    """All conditions hold."""

    type: Literal["and"] = "and"
    conditions: list[Condition] = Field(min_length=2)


class Or(_Model):
    """At least one condition holds."""

    type: Literal["or"] = "or"
    conditions: list[Condition] = Field(min_length=2)


Condition = Annotated[Cross | Compare | ConsecutiveCloses | And | Or, Field(discriminator="type")]
And.model_rebuild()
Or.model_rebuild()


def _lag(operand: IndicatorRef | PriceRef | Number) -> int:
    return getattr(operand, "lag", 0)


def _check_operands(a: object, b: object) -> None:
    if isinstance(a, Number) and isinstance(b, Number):
        raise ValueError("a condition needs at least one side that is not a number")


class StrategySpec(_Model):
    """Everything Botlab needs to write, explain and run one strategy.

    Percentages are in percent (``stop_loss_pct=5`` is 5 %). ``size_fraction`` is the fraction of
    equity each new position uses (below 1: backtesting.py reads values >= 1 as a unit count).
    ``symbol``/``interval``/``period_days``/``start``/``end``/``cash``/``commission_pct`` are
    ``None`` when the user did not state them (the runner's defaults then apply).
    """

    spec_version: int = SPEC_VERSION
    name: str
    description: str | None = None
    direction: Direction = "long"
    indicators: list[Indicator] = Field(default_factory=list)
    entry: Condition | None = None
    exit: Condition | None = None
    short_entry: Condition | None = None
    short_exit: Condition | None = None
    stop_loss_pct: float | None = Field(None, gt=0, lt=100)
    take_profit_pct: float | None = Field(None, gt=0)
    trailing_stop_pct: float | None = Field(None, gt=0, lt=100)
    atr_stop_multiple: float | None = Field(None, gt=0)
    atr_take_profit_multiple: float | None = Field(None, gt=0)
    atr_trailing: bool = False
    atr_period: int = Field(14, ge=1)
    exit_after_bars: int | None = Field(None, ge=1)
    size_fraction: float = Field(0.99, gt=0, lt=1)
    symbol: str | None = None
    interval: str | None = None
    period_days: int | None = Field(None, ge=1)
    start: date | None = None
    end: date | None = None
    cash: float | None = Field(None, gt=0)
    commission_pct: float | None = Field(None, ge=0, lt=10)
    assumptions: list[str] = Field(default_factory=list)

    @field_validator("spec_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SPEC_VERSION:
            raise ValueError(f"spec_version {value} is not supported (this Botlab reads 1)")
        return value

    @field_validator("name")
    @classmethod
    def _class_name(cls, value: str) -> str:
        if not _NAME_RE.match(value):
            raise ValueError(f"name {value!r} must be a CamelCase class name like RsiReversion")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> StrategySpec:
        by_id = {ind.id: ind for ind in self.indicators}
        if len(by_id) != len(self.indicators):
            raise ValueError("indicator ids must be unique")
        for condition in self.conditions():
            for ref in iter_refs(condition):
                _check_ref(ref, by_id)
        if self.atr_trailing and self.atr_stop_multiple is None:
            raise ValueError("atr_trailing needs atr_stop_multiple")
        return self

    def conditions(self) -> list[Condition]:
        """The rule conditions that are set, in the order entry, exit, short entry, short exit."""
        rules = (self.entry, self.exit, self.short_entry, self.short_exit)
        return [c for c in rules if c is not None]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


def iter_refs(condition: Condition):
    """Every :class:`IndicatorRef` inside a condition, depth first."""
    if isinstance(condition, And | Or):
        for child in condition.conditions:
            yield from iter_refs(child)
    elif isinstance(condition, Cross | Compare):
        for operand in (condition.a, condition.b):
            if isinstance(operand, IndicatorRef):
                yield operand


def _check_ref(ref: IndicatorRef, by_id: dict[str, Indicator]) -> None:
    if ref.id not in by_id:
        raise ValueError(f"condition refers to unknown indicator {ref.id!r}")
    outputs = INDICATOR_OUTPUTS.get(by_id[ref.id].kind, (None,))
    if ref.output not in outputs:
        raise ValueError(f"indicator {ref.id!r} has outputs {list(outputs)}, not {ref.output!r}")
