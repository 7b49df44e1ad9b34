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
  or above (up) the close before it; with ``exactly`` ("the third consecutive higher close") the
  run is exactly ``n`` long: this close is its n-th, the close before the run was not one.
* :class:`Count` ``(condition, at_least, bars)``: ``condition`` held (an event: happened) on at
  least ``at_least`` of the last ``bars`` bars, this bar included: "3 of the last 4 days closed
  up" (``at_least=3, bars=4``), "above the 20 SMA for a week" (``at_least = bars = 5``), "crossed
  above the 20 SMA twice within 5 days" (a cross, ``at_least=2, bars=5``). Each bar is read as
  of its own close, never a later one. ``Count`` came after spec version 1's first specs.
* :class:`Calendar` ``(unit, values)``: the date of the bar the order fills on is one of
  ``values``: a weekday (0 = Monday), a month (1 = January), the n-th trading day of its month
  (``trading_day``, 1 = the first), the n-th from its end (``trading_day_from_end``, 1 = the
  last) or the calendar date (``day_of_month``, 1-31: "the first half of the month" is
  1-15), or the time its bar opens at (``minute_of_day``, minutes after midnight on the data's
  clock: "between 9:30 and 11am" is 570-659), or its minutes after the open of its day's first
  bar (``minute_of_session``: "no trades in the first hour" is 60 and later). With fills at the
  next bar's open that is the next bar's date and time: trading days and bar times are known in
  advance from the exchange calendar, so this is not a look-ahead at prices.
* :class:`And` / :class:`Or` combine conditions.

Operands are an indicator output (:class:`IndicatorRef`), a price field (:class:`PriceRef`) or a
:class:`Number`. Both references take ``lag`` (1 = the previous bar), ``times`` (a multiplier:
``times=2`` on the average volume is "twice the average volume") and ``plus``, a distance in
price added after it ("$5 below the 20-day SMA" is the SMA with ``plus=-5``; "10 pips above the
EMA" on EURUSD ``plus=0.001``). ``plus`` came after spec version 1's first specs; a spec without
it reads as before (0).

An SMA, EMA, highest or lowest may be computed on another indicator: its ``source`` is that
indicator's id (``"obv"``, ``"macd_12_26_9.hist"`` for one line), listed earlier ("OBV crosses
above its 20-day SMA", "Bollinger band width at a 6-month low").

Operands and indicators may name another ``timeframe`` (``"D"`` daily bars built from intraday
ones, ``"W"`` weekly bars ending on Friday, ``"M"`` monthly), computed with
``backtesting.lib.resample_apply`` and visible only once that bar has closed, and another
``symbol`` (a market filter or a benchmark): its bars are loaded by the harness and reach the
strategy as ``self.data.<SYMBOL>_Open`` ... ``<SYMBOL>_Volume``
(see :func:`symbol_column`), aligned on the traded symbol's bars and forward-filled.

Fills (``entry_fill`` / ``exit_fill``): ``next_open`` (backtesting.py's default: an order placed
on a bar fills at the next bar's open) or ``close`` (the signal bar's own close: the backtest runs
with ``trade_on_close=True``); an entry may also fill ``open``: at the open of the bar its rule
reads, for a rule that reads only that open and earlier bars ("buy at the open when it gaps
down 2%": the open against the previous close). The order is placed on the bar before, as a
limit-on-open order would be (see the generated code), and ``exit_same_bar`` closes each such
trade at its entry bar's close ("sell at the close the same day"); so it does a trade entered at
the next open ("buy at the open the day after a down close, sell at the close"). Sizing:
``size_fraction`` of equity by default; or ``size_cash`` dollars, ``size_shares`` shares, or
``risk_pct`` of equity lost if the stop is hit (size = equity x risk / (entry - stop), whole
shares), or
``risk_cash`` dollars lost if it is hit ("risk $500 per trade": size = 500 / (entry - stop)).
``leverage`` ("2x leverage", "3:1 margin") runs the backtest with backtesting.py's
``margin = 1 / leverage``: a size fraction is then of the buying power, equity x leverage.
``add_on``/``max_units`` add a unit while the condition holds (pyramiding);
``add_drops_pct`` averages down instead ("average down once if it falls 8%"): the k-th unit is
added when the signal bar's close is ``add_drops_pct[k-1]`` percent below (a long) or above (a
short) the first entry's fill price, at most ``max_units`` = 1 + their number;
``scale_out_pct``/``scale_out_fraction`` close part of a trade once it is that far in profit;
``more_scale_outs`` are further such sales at larger gains ("sell a third at +5%, another third
at +10%"), each a fraction of the position first entered. ``scale_out_atr`` puts the first
partial sale that many ATR(``atr_period``) beyond the entry price instead ("take half off at 2
ATR"), the ATR of the bar that placed the entry; ``scale_out_on`` makes it a signal ("sell half
when RSI crosses above 70"): the first bar of a trade on which the condition holds.
``breakeven_pct`` / ``breakeven_atr`` move a trade's stop to its entry price (never back) once a
close is that many percent, or that many ATR(``atr_period``) of the bar that placed the entry,
beyond the entry price ("move the stop to breakeven after a 2% gain", "once it's up 1 ATR").

Directions: ``long`` (``entry`` opens a long, ``exit`` closes it), ``short`` (``short_entry`` /
``short_exit``), ``both`` (both pairs; an entry signal also closes the opposite position) and
``always_in`` (stop-and-reverse: ``entry`` goes long, ``short_entry`` goes short, each closing the
other side; there are no separate exits).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from engine.generation._indicator_table import TABLE
from engine.generation._vocabulary import LEVELLED, PRICE_FAMILIES

SPEC_VERSION = 1

_BUILT_IN_KINDS = (
    "sma", "ema"
)  # fmt: skip
#: Every indicator kind: the built-in ones, then the indicator table's (ADX, SAR, ..., patterns).
IndicatorKind = Literal[(*_BUILT_IN_KINDS, *TABLE)]  # type: ignore[valid-type]
PriceField = Literal["open", "high", "low", "close", "volume"]
PRICE_FIELDS = ("open", "high", "low", "close", "volume")
#: The kinds that may be computed on another indicator (its average or its N-bar extreme).
KINDS_OF_INDICATORS = ("sma", "ema", "highest", "lowest")
_SOURCE_REF_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z_]+)?$")
Direction = Literal["long", "short", "both", "always_in"]
Timeframe = Literal["D", "W", "M", "1m", "2m", "5m", "15m", "30m", "1h", "2h", "4h"]
Fill = Literal["next_open", "close", "open"]
CalendarUnit = Literal[
    "weekday",
    "month",
    "trading_day",
    "trading_day_from_end",
    "day_of_month",
    "weekday_before",
    "weekday_from_end",
    "day_of_month_before",
    "bar_of_day_from_end",
    "minute_of_day",
    "minute_of_session",
]

#: pandas resample rules of the higher timeframes (weekly bars end on Friday; intraday bars are
#: clock-aligned from midnight, as pandas bins them: 4-hour bars 08:00-12:00, 12:00-16:00, ...,
#: where TradingView starts them at the session's open).
TIMEFRAME_RULES: dict[str, str] = {
    "D": "1D",  # on intraday bars: a day's value is known from its last bar on, never before
    "W": "W-FRI",
    "M": "ME",
    "1m": "1min",
    "2m": "2min",
    "5m": "5min",
    "15m": "15min",
    "30m": "30min",
    "1h": "1h",
    "2h": "2h",
    "4h": "4h",
}
#: Minutes in a bar of each intraday timeframe (and interval).
INTRADAY_MINUTES: dict[str, int] = {
    "1m": 1,
    "2m": 2,
    "5m": 5,
    "15m": 15,
    "30m": 30,
    "1h": 60,
    "2h": 120,
    "4h": 240,
}
_SYMBOL_RE = re.compile(r"^\^?[A-Z0-9][A-Z0-9.=-]{0,14}$")

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

#: Each kind's name in an echo ("SMA", "RSI", "Bollinger Bands").
KIND_NAMES = {"sma": "SMA", "ema": "EMA", **{kind: entry.title for kind, entry in TABLE.items()}}

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
    source: str = Field(
        "close",
        description="a price field (open, high, low, close, volume), or for sma/ema/highest/"
        "lowest the id of an earlier indicator, with '.output' for a line of a multi-line one "
        "('obv', 'macd_12_26_9.hist'): the average or extreme of that indicator",
    )
    timeframe: Timeframe | None = None
    symbol: str | None = None

    @field_validator("symbol")
    @classmethod
    def _symbol_ok(cls, value: str | None) -> str | None:
        return _check_symbol(value)

    @field_validator("source")
    @classmethod
    def _source_ok(cls, value: str) -> str:
        if value not in PRICE_FIELDS and not _SOURCE_REF_RE.match(value):
            raise ValueError(
                f"source {value!r} must be a price field {list(PRICE_FIELDS)} or an indicator id"
            )
        return value

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
    def make(
        cls,
        kind: str,
        source: str = "close",
        *,
        timeframe: str | None = None,
        symbol: str | None = None,
        **params: float,
    ) -> Indicator:
        """Build an indicator with the standard id (``sma_50``, ``macd_12_26_9``, ``w_sma_10``,
        ``spy_sma_200``, ...)."""
        full = {**INDICATOR_PARAMS[kind], **params}
        return cls(
            id=indicator_id(kind, source, full, timeframe, symbol),
            kind=kind,
            params=full,
            source=source,
            timeframe=timeframe,
            symbol=symbol,
        )


def indicator_id(
    kind: str,
    source: str,
    params: dict[str, float],
    timeframe: str | None = None,
    symbol: str | None = None,
) -> str:
    """The standard id of an indicator: symbol and timeframe when not the traded symbol's own
    bars, kind, source when not the natural one, parameters."""
    values = dict(params)
    source = source.replace(".", "_")  # an indicator's line: "macd_12_26_9.hist"
    if kind == "stoch" and values.get("smooth", 1) == 1:
        values.pop("smooth", None)
    parts = [_format_id_number(v) for v in values.values()]
    natural = {"highest": "high", "lowest": "low"}.get(kind, "close")
    prefix = kind if source == natural else f"{source}_{kind}"
    if timeframe:  # "w_sma_10"; "h4_ema_50" (an id is an identifier: no leading digit)
        frame = timeframe.lower() if timeframe.isalpha() else timeframe[-1] + timeframe[:-1]
        prefix = f"{frame}_{prefix}"
    if symbol:
        prefix = f"{symbol_column(symbol).lower()}_{prefix}"
    return "_".join([prefix, *parts])


def symbol_column(symbol: str, field: str | None = None) -> str:
    """The column prefix of another symbol's bars in the data: ``SPY``, ``GSPC`` for ``^GSPC``,
    ``BTC_USD`` for ``BTC-USD``; with ``field`` the full column (``SPY_Close``)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "_", symbol).strip("_").upper()
    return f"{stem}_{field.capitalize()}" if field else stem


def _check_symbol(value: str | None) -> str | None:
    if value is not None and not _SYMBOL_RE.match(value):
        raise ValueError(f"symbol {value!r} must be a ticker like SPY, QQQ or ^GSPC")
    return value


def source_ref(source: str) -> tuple[str, str | None] | None:
    """The indicator id and output an indicator is computed on, when its source is one."""
    if source in PRICE_FIELDS:
        return None
    ref_id, _, output = source.partition(".")
    return ref_id, output or None


def _format_id_number(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", "_").replace("-", "m")


class _Moved(_Model):
    """A reference that may be moved by a distance in price (``plus``); a zero distance is left
    out of its dump, so a spec without one is stored as it was before ``plus`` existed."""

    @model_serializer(mode="wrap")
    def _without_zero_plus(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        if not getattr(self, "plus", 0.0):
            data.pop("plus", None)
        return data


class IndicatorRef(_Moved):
    """An indicator's value: ``output`` picks a line of a multi-line indicator (MACD, bands)."""

    type: Literal["indicator"] = "indicator"
    id: str
    output: str | None = None
    lag: int = Field(0, ge=0)
    times: float = 1.0
    plus: float = 0.0


class PriceRef(_Moved):
    """A price field of the bar (``lag=1`` is the previous bar)."""

    type: Literal["price"] = "price"
    field: PriceField = "close"
    lag: int = Field(0, ge=0)
    times: float = 1.0
    plus: float = 0.0
    timeframe: Timeframe | None = None
    symbol: str | None = None

    @field_validator("symbol")
    @classmethod
    def _symbol_ok(cls, value: str | None) -> str | None:
        return _check_symbol(value)


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
    exactly: bool = False  # the n-th close of the run, not the n-th or a later one


class Count(_Model):
    """State: ``condition`` held (an event: happened) on at least ``at_least`` of the last
    ``bars`` bars, this bar included (see the module doc)."""

    type: Literal["count"] = "count"
    condition: Condition
    at_least: int = Field(ge=1)
    bars: int = Field(ge=2, le=250)

    @model_validator(mode="after")
    def _at_most_all(self) -> Count:
        if self.at_least > self.bars:
            raise ValueError(f"at_least {self.at_least} cannot exceed bars {self.bars}")
        if any(isinstance(leaf, Calendar) for leaf in leaves(self.condition)):
            raise ValueError("a count of bars takes prices and indicators, not dates")
        return self


class Calendar(_Model):
    """State: the date of the bar the order fills on is one of ``values`` (see the module doc)."""

    type: Literal["calendar"] = "calendar"
    unit: CalendarUnit
    values: list[int] = Field(min_length=1)

    @model_validator(mode="after")
    def _values_in_range(self) -> Calendar:
        low, high = CALENDAR_RANGES[self.unit]
        bad = [v for v in self.values if not low <= v <= high]
        if bad:
            raise ValueError(f"{self.unit} values must be {low}..{high}, not {bad}")
        self.values = sorted(set(self.values))
        return self


#: Allowed values of each calendar unit.
CALENDAR_RANGES: dict[str, tuple[int, int]] = {
    "weekday": (0, 6),
    "weekday_before": (0, 6),  # the weekday of the trading day before ("if Friday was down")
    "weekday_from_end": (1, 5),  # 1: the last of its weekday in the month ("last Friday")
    "day_of_month_before": (0, 31),  # the trading day before's date, 0 in an earlier month
    "month": (1, 12),
    "trading_day": (1, 23),
    "trading_day_from_end": (1, 23),
    "day_of_month": (1, 31),
    "bar_of_day_from_end": (1, 1440),  # 1: the day's last bar ("flat at the end of the day")
    "minute_of_day": (0, 1439),  # the time a bar opens, minutes after midnight (9:30 = 570)
    "minute_of_session": (0, 1439),  # minutes from its day's first bar's open to its own
}


class ScaleOut(_Model):
    """A further partial sale: ``fraction`` of the position first entered, once the close is
    ``gain_pct`` beyond the entry price (once per trade)."""

    gain_pct: float = Field(gt=0)
    fraction: float = Field(gt=0, lt=1)


class And(_Model):
    """All conditions hold."""

    type: Literal["and"] = "and"
    conditions: list[Condition] = Field(min_length=2)


class Or(_Model):
    """At least one condition holds."""

    type: Literal["or"] = "or"
    conditions: list[Condition] = Field(min_length=2)


class Sequence(_Model):
    """A setup, then a trigger: ``trigger`` holds on this bar and ``setup`` held on at least
    one of the ``within`` bars before it ("ADX above 30 and a pullback to the 20 EMA, then buy
    a break of the bar before's high"); with no trigger, the setup alone ("only if RSI was
    below 30 sometime in the last 5 bars"). The setup is never read on the trigger's own bar,
    so it comes first; each bar back is read as it was then, never with a later bar's values."""

    type: Literal["sequence"] = "sequence"
    setup: Condition
    trigger: Condition | None = None
    within: int = Field(ge=1, le=500)

    @property
    def conditions(self) -> list[Condition]:
        """The setup and the trigger, for walks over a condition's parts (as And's)."""
        return [self.setup] if self.trigger is None else [self.setup, self.trigger]


#: Conditions made of other conditions (each has ``conditions``)
COMPOUND = (And, Or, Sequence)

Condition = Annotated[
    Cross | Compare | ConsecutiveCloses | Count | Calendar | And | Or | Sequence,
    Field(discriminator="type"),
]
And.model_rebuild()
Or.model_rebuild()
Count.model_rebuild()
Sequence.model_rebuild()


def _lag(operand: IndicatorRef | PriceRef | Number) -> int:
    return getattr(operand, "lag", 0)


def _check_operands(a: object, b: object) -> None:
    if isinstance(a, Number) and isinstance(b, Number):
        raise ValueError("a condition needs at least one side that is not a number")


class StrategySpec(_Model):
    """Everything Botlab needs to write, explain and run one strategy.

    Percentages are in percent (``stop_loss_pct=5`` is 5 %). ``stop_loss_points`` and
    ``take_profit_points`` are distances in price units ("stop $2 below entry", "target 5
    points"), measured from the same price as the percent ones. ``size_fraction`` is the fraction of
    equity each new position uses (below 1: backtesting.py reads values >= 1 as a unit count).
    ``symbol``/``interval``/``period_days``/``start``/``end``/``cash``/``commission_pct`` are
    ``None`` when the user did not state them (the runner's defaults then apply).
    ``bar_stop`` is a stop at the signal bar's low (a long) or high (a short): "stop at the low
    of the day"; when that bar closed at its low (high) there is no room for it and the trade
    opens without it. ``stop_level`` is a stop at a line's value on the signal bar ("stop at the
    lowest low of the last 5 days"), fixed for the trade, or, with ``stop_level_trails``, moved
    to the line's value at each bar's close and never loosened ("trail the stop at the 10-day
    low"); on the wrong side of the price there is no room for it, as for ``bar_stop``. Sizing
    by the risk (``risk_pct``, ``risk_cash``) measures the distance to whichever stop is set.
    ``take_profit_r`` is a target at that multiple of the risk ("a 2R target" with the stop at
    the signal bar's low): R is the distance from the price the stops are measured from to the
    stop of this trade (``bar_stop`` or ``stop_level``), so it is set per trade; a trade that
    opens without its stop (no room for it) opens without this target too.
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
    stop_loss_points: float | None = Field(None, gt=0)
    take_profit_points: float | None = Field(None, gt=0)
    take_profit_r: float | None = Field(None, gt=0)
    atr_trailing: bool = False
    atr_period: int = Field(14, ge=1)
    breakeven_pct: float | None = Field(None, gt=0, lt=100)
    breakeven_atr: float | None = Field(None, gt=0)
    bar_stop: bool = False
    #: The bar of a ``bar_stop``: this many bars before the signal bar ("the first soldier's
    #: low" of three white soldiers on the signal bar is 2).
    bar_stop_back: int = Field(0, ge=0, le=50)
    stop_level: IndicatorRef | None = None
    stop_level_trails: bool = False
    exit_after_bars: int | None = Field(None, ge=1)
    size_fraction: float = Field(0.99, gt=0, lt=1)
    size_cash: float | None = Field(None, gt=0)
    size_shares: int | None = Field(None, ge=1)
    risk_pct: float | None = Field(None, gt=0, le=100)
    risk_cash: float | None = Field(None, gt=0)
    leverage: float | None = Field(None, gt=1, le=100)
    entry_fill: Fill = "next_open"
    exit_fill: Fill = "next_open"
    exit_same_bar: bool = False
    #: Entries are stop orders at the signal bar's high (a long; its low for a short), good for
    #: the next bar only: "buy when tomorrow trades above today's high" (backtesting.py's
    #: ``buy(stop=...)``: filled at that level, or at the open when the bar opens beyond it).
    entry_stop: bool = False
    add_on: Condition | None = None
    add_drops_pct: list[Annotated[float, Field(gt=0, lt=100)]] = Field(default_factory=list)
    max_units: int = Field(1, ge=1, le=20)
    scale_out_pct: float | None = Field(None, gt=0)
    scale_out_fraction: float = Field(0.5, gt=0, lt=1)
    scale_out_atr: float | None = Field(None, gt=0)
    scale_out_on: Condition | None = None
    more_scale_outs: list[ScaleOut] = Field(default_factory=list)
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
            for leaf in leaves(condition):
                if (other := mixed_scale(leaf, by_id)) is not None:
                    raise ValueError(mixed_scale_message(other))
        self._check_sources()
        if self.stop_level is not None:
            _check_ref(self.stop_level, by_id)
        if self.stop_level_trails and self.stop_level is None:
            raise ValueError("a trailing stop at a line needs its line (stop_level)")
        if self.bar_stop_back and not self.bar_stop:
            raise ValueError("bar_stop_back places a bar_stop: set bar_stop too")
        if self.take_profit_r and not (self.bar_stop or self.stop_level is not None):
            raise ValueError(
                "a target in R needs a stop set per trade (take_profit_r needs bar_stop or "
                "stop_level; a stop of a set distance converts R into that distance's unit)"
            )
        if self.atr_trailing and self.atr_stop_multiple is None:
            raise ValueError(
                "an ATR trailing stop needs its ATR multiple (atr_trailing needs atr_stop_multiple)"
            )
        self._check_position_rules()
        return self

    def _check_sources(self) -> None:
        """An indicator computed on another one names an earlier indicator of the list."""
        earlier: dict[str, Indicator] = {}
        for ind in self.indicators:
            ref = source_ref(ind.source)
            if ref is not None:
                if ind.kind not in KINDS_OF_INDICATORS or ind.timeframe or ind.symbol:
                    raise ValueError(
                        f"{ind.id}: only {', '.join(KINDS_OF_INDICATORS)} on the traded "
                        "symbol's own bars can be computed on another indicator"
                    )
                if ref[0] not in earlier:
                    raise ValueError(f"{ind.id}: source {ref[0]!r} is not an earlier indicator")
                _check_ref(IndicatorRef(id=ref[0], output=ref[1]), earlier)
            earlier[ind.id] = ind

    def _check_position_rules(self) -> None:
        sizes = [
            f for f in ("size_cash", "size_shares", "risk_pct", "risk_cash") if getattr(self, f)
        ]
        if len(sizes) > 1:
            raise ValueError(
                f"give one way to size a trade ({' and '.join(sizes)} were both given)"
            )
        if (self.risk_pct or self.risk_cash) and not self.has_stop_loss:
            raise ValueError(
                "sizing by the money risked needs a stop loss to measure it from (risk_pct sizes "
                "a trade from its stop distance)"
            )
        if self.add_drops_pct:
            drops = self.add_drops_pct
            if self.add_on is not None or self.max_units != len(drops) + 1:
                raise ValueError(
                    "averaging down adds one unit per drop, and no other adds (max_units is 1 + "
                    "the drops, without add_on)"
                )
            if drops != sorted(set(drops)):
                raise ValueError(
                    "each drop to average down at must be larger than the one before "
                    "(add_drops_pct ascending)"
                )
        elif (self.add_on is None) != (self.max_units == 1):
            raise ValueError(
                "adding to a position needs both when to add and a cap above one unit "
                "(pyramiding needs both add_on and max_units above 1)"
            )
        if self.more_scale_outs:
            gains = [self.scale_out_pct or 0, *(m.gain_pct for m in self.more_scale_outs)]
            parts = [self.scale_out_fraction, *(m.fraction for m in self.more_scale_outs)]
            if not self.scale_out_pct or gains != sorted(set(gains)) or sum(parts) >= 1:
                raise ValueError(
                    "later partial sales must come at larger gains than the first, and all the "
                    "parts sold early must add up to less than the whole position "
                    "(more_scale_outs follow scale_out_pct)"
                )
        if self.breakeven_pct and self.breakeven_atr:
            raise ValueError("give the break-even move in percent or in ATRs, not both")
        if self.scale_out_pct and self.scale_out_atr:
            raise ValueError("give the first scale-out in percent or in ATRs, not both")
        if self.scale_out_on is not None and (self.scale_out_pct or self.scale_out_atr):
            raise ValueError("give the first scale-out as a signal or a distance, not both")
        adds = self.add_on or self.add_drops_pct
        if (adds or self.scales_out) and self.direction in ("both", "always_in"):
            raise ValueError("pyramiding and scaling out work on long-only or short-only bots")
        if self.exit_fill == "open":
            raise ValueError(
                "an exit fills at the next bar's open, not at the open of the bar it reads "
                "(exit_fill 'open' is not a fill: use 'next_open')"
            )
        if self.entry_fill == "open" and self.direction not in ("long", "short"):
            raise ValueError("entries at the open of the bar their rule reads are one-sided")
        if self.entry_stop and (
            self.direction not in ("long", "short") or self.trade_on_close or adds
        ):
            raise ValueError(
                "a stop entry is one-sided, fills after the signal bar and adds no units"
            )
        opens = self.entry_fill in ("open", "next_open")
        if self.exit_same_bar and not (opens and self.exit_fill == "close"):
            raise ValueError(
                "a sale at the same bar's close is built only for a trade bought at that bar's "
                "open (exit_same_bar needs entry_fill 'open' or 'next_open' and exit_fill "
                "'close')"
            )

    @property
    def scales_out(self) -> bool:
        """Part of each trade is sold early (at a percent, an ATR multiple or a signal)."""
        return bool(self.scale_out_pct or self.scale_out_atr or self.scale_out_on is not None)

    @property
    def margin(self) -> float:
        """backtesting.py's ``margin``: 1 / leverage (1 without leverage)."""
        return 1 / self.leverage if self.leverage else 1.0

    @property
    def trade_on_close(self) -> bool:
        """Whether the backtest fills market orders at the signal bar's close."""
        return "close" in (self.entry_fill, self.exit_fill)

    def other_symbols(self) -> list[str]:
        """Symbols other than the traded one that the rules read, in order of appearance."""
        found: list[str] = []
        for ind in self.indicators:
            if ind.symbol and ind.symbol not in found:
                found.append(ind.symbol)
        for cond in self.conditions():
            for op in iter_operands(cond):
                if isinstance(op, PriceRef) and op.symbol and op.symbol not in found:
                    found.append(op.symbol)
        return found

    @property
    def has_stop_loss(self) -> bool:
        """Whether a stop loss is set that a risk per trade can be measured from (a distance
        from the entry, the signal bar's low or high, or a line's level)."""
        distances = (self.stop_loss_pct, self.atr_stop_multiple, self.stop_loss_points)
        return any(distances) or self.bar_stop or self.stop_level is not None

    def conditions(self) -> list[Condition]:
        """The rule conditions that are set: entry, exit, short entry, short exit, add-on."""
        rules = (self.entry, self.exit, self.short_entry, self.short_exit, self.add_on)
        return [c for c in (*rules, self.scale_out_on) if c is not None]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


def iter_refs(condition: Condition):
    """Every :class:`IndicatorRef` inside a condition, depth first."""
    for operand in iter_operands(condition):
        if isinstance(operand, IndicatorRef):
            yield operand


def iter_operands(condition: Condition):
    """Every operand inside a condition, depth first."""
    if isinstance(condition, COMPOUND):
        for child in condition.conditions:
            yield from iter_operands(child)
    elif isinstance(condition, Count):
        yield from iter_operands(condition.condition)
    elif isinstance(condition, Cross | Compare):
        yield condition.a
        yield condition.b


def leaves(condition: Condition | None) -> list[Condition]:
    """The conditions inside ``condition`` that are not an And, an Or, a Sequence or a Count
    (its condition counted), depth first (none for None)."""
    if isinstance(condition, COMPOUND):
        return [leaf for child in condition.conditions for leaf in leaves(child)]
    if isinstance(condition, Count):
        return leaves(condition.condition)
    return [] if condition is None else [condition]


def mixed_scale(condition: Condition, by_id: dict[str, Indicator]) -> str | None:
    """What a price is compared with in ``condition`` when that is an oscillator or volume ("the
    close crosses above the RSI", "price pulls back to the RSI"): numbers on different scales,
    which no careful reader compares (a word was missed); None otherwise."""
    if not isinstance(condition, Cross | Compare):
        return None
    scales = {_scale(condition.a, by_id), _scale(condition.b, by_id)}
    if "price" not in scales:
        return None
    return next((x for x in scales if x not in ("price", None)), None)


def mixed_scale_message(other: str) -> str:
    """Why a comparison of a price with ``other`` (see :func:`mixed_scale`) is not read."""
    return f"a price is never compared with {other}"


def _scale(operand: Operand, by_id: dict[str, Indicator]) -> str | None:
    """What an operand measures: "price", "volume", an oscillator's name, or None (a number, or
    a line whose scale depends on what it is compared with)."""
    if isinstance(operand, PriceRef):
        return "volume" if operand.field == "volume" else "price"
    if not isinstance(operand, IndicatorRef) or operand.id not in by_id:
        return None
    ind = by_id[operand.id]
    if ind.source == "volume":
        return "volume"
    if ind.kind in PRICE_FAMILIES and ind.source in ("open", "high", "low", "close"):
        return "price"
    if ind.kind in LEVELLED:
        return f"{KIND_NAMES.get(ind.kind, ind.kind)} (an oscillator on its own scale)"
    return None


def _check_ref(ref: IndicatorRef, by_id: dict[str, Indicator]) -> None:
    if ref.id not in by_id:
        raise ValueError(f"condition refers to unknown indicator {ref.id!r}")
    outputs = INDICATOR_OUTPUTS.get(by_id[ref.id].kind, (None,))
    if ref.output not in outputs:
        raise ValueError(f"indicator {ref.id!r} has outputs {list(outputs)}, not {ref.output!r}")
