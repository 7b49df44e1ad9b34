"""A sweep's parameter grid: parsing ``NAME=START:STOP:STEP`` / ``NAME=a,b,c``, constraints, and
expansion (all combinations, or a seeded random subset of a larger grid).

Ranges include STOP when the steps land on it (``fast=5:20:5`` is 5, 10, 15, 20), and are computed
in decimal arithmetic, so ``0.1:0.3:0.1`` is exactly 0.1, 0.2, 0.3. A range of whole numbers gives
ints, anything else floats. A list item is a number, ``true``/``false``, or else text.

Constraints such as ``"fast < slow"`` are parsed with :mod:`ast` and evaluated by a small walker
here, never by ``eval``: only parameter names, numbers, comparisons, ``and``/``or``/``not`` and
``+ - * /`` are accepted; anything else is refused with the reason.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import math
import operator
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from engine.execution.bot_source import parse_code
from engine.results import HINTS, Refused

#: The most combinations a full grid may have before it must be sampled (``max_combinations``).
MAX_FULL_GRID = 100_000
#: The most combinations enumerated to sample from (a larger grid is refused).
MAX_ENUMERATED = 2_000_000
#: The most values one range may produce.
MAX_RANGE_VALUES = 10_000


class GridError(Refused):
    """A parameter range, list or constraint that cannot be used, with the reason: the input
    at fault by its request name (``params.fast``, ``constraints``), for each front end to name
    its own way (a flag, a request field, a box)."""


Value = int | float | bool | str


@dataclass(frozen=True)
class ParamRange:
    """One parameter's values, and the text they were given as."""

    name: str
    values: tuple[Value, ...]
    text: str

    def to_dict(self) -> dict:
        return {"name": self.name, "values": list(self.values), "text": self.text}


def parse_param(text: str) -> ParamRange:
    """``NAME=START:STOP:STEP`` (STOP included), ``NAME=a,b,c`` or ``NAME=value``."""
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise GridError(
            ": write NAME=START:STOP:STEP (e.g. fast=5:20:5) or NAME=a,b,c",
            field="params",
            given=text,
        )
    if not name.isidentifier():
        raise GridError(f": {name!r} is not a valid parameter name", field="params", given=text)
    if ":" in spec:
        values = _range_values(name, spec)
    else:
        values = tuple(_list_item(name, item) for item in spec.split(","))
    if len(set(map(_canonical, values))) != len(values):
        raise GridError(f": the values {spec!r} repeat a value", field=f"params.{name}")
    return ParamRange(name, values, spec)


def _range_values(name: str, spec: str) -> tuple[Value, ...]:
    parts = spec.split(":")
    if len(parts) != 3:
        raise GridError(
            f": a range is START:STOP:STEP with STOP included (e.g. {name}=5:20:5)",
            field=f"params.{name}",
            given=spec,
        )
    start, stop, step = (_decimal(name, spec, part) for part in parts)
    if step == 0:
        raise GridError(": the step must not be 0", field=f"params.{name}", given=spec)
    if (stop - start) * step < 0:
        raise GridError(
            f": a step of {parts[2]} never reaches {parts[1]} from {parts[0]}",
            field=f"params.{name}",
            given=spec,
        )
    count = int((stop - start) / step) + 1
    if count > MAX_RANGE_VALUES:
        raise GridError(
            f": {count:,} values; at most {MAX_RANGE_VALUES:,} per parameter",
            field=f"params.{name}",
            given=spec,
        )
    whole = all(d == d.to_integral_value() for d in (start, step))
    values = (start + i * step for i in range(count))
    return tuple(int(v) if whole else float(v) for v in values)


def _decimal(name: str, spec: str, part: str) -> Decimal:
    try:
        value = Decimal(part.strip())
    except InvalidOperation:
        raise GridError(f": {part!r} is not a number", field=f"params.{name}", given=spec) from None
    if not value.is_finite():
        raise GridError(f": {part!r} is not a finite number", field=f"params.{name}", given=spec)
    return value


def _list_item(name: str, item: str) -> Value:
    item = item.strip()
    if not item:
        raise GridError(": an empty value in the list (write a,b,c)", field=f"params.{name}")
    lowered = item.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(item)
    except ValueError:
        pass
    try:
        number = float(item)
    except ValueError:
        return item.strip("'\"")
    if not math.isfinite(number):
        raise GridError(f": {item!r} is not a finite number", field=f"params.{name}")
    return number


def _canonical(value: Value) -> str:
    return json.dumps(value)


# -- constraints ---------------------------------------------------------------------------------

_COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
MAX_CONSTRAINT_LENGTH = 500


@dataclass(frozen=True)
class Constraint:
    """A checked constraint over parameter names, e.g. ``fast < slow``."""

    text: str
    tree: ast.Expression = field(repr=False, compare=False)

    def holds(self, params: Mapping[str, Value]) -> bool:
        try:
            return bool(_evaluate(self.tree.body, params))
        except ZeroDivisionError:
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            raise GridError(
                f" divides by zero at {shown}", field="constraints", given=self.text
            ) from None


def parse_constraint(text: str, names: Sequence[str]) -> Constraint:
    """Check ``text`` against the allowed grammar and the parameter ``names``."""
    source = (text or "").strip()
    if not source:
        raise GridError(" is empty", field="constraints", given="")
    if len(source) > MAX_CONSTRAINT_LENGTH:
        raise GridError(f": at most {MAX_CONSTRAINT_LENGTH} characters", field="constraints")
    try:
        tree = parse_code(source, mode="eval")
    except SyntaxError as exc:
        raise GridError(
            f" is not an expression: {exc.msg}", field="constraints", given=source
        ) from None
    for node in ast.walk(tree):
        _check_node(node, source, names)
    return Constraint(source, tree)


_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.BinOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    *_COMPARE,
    *_ARITHMETIC,
)


def _check_node(node: ast.AST, source: str, names: Sequence[str]) -> None:
    if not isinstance(node, _ALLOWED):
        raise GridError(
            f": {type(node).__name__} is not allowed; use parameter names, numbers, comparisons "
            "(< <= > >= == !=), and/or/not and + - * /",
            field="constraints",
            given=source,
        )
    if isinstance(node, ast.Name) and node.id not in names:
        known = ", ".join(names) or "none"
        raise GridError(
            f": {node.id!r} is not a swept parameter (swept: {known})",
            field="constraints",
            given=source,
        )
    if isinstance(node, ast.Constant) and (
        isinstance(node.value, bool) or not isinstance(node.value, int | float)
    ):
        raise GridError(
            f": only numbers may appear, not {node.value!r}", field="constraints", given=source
        )


def _evaluate(node: ast.AST, params: Mapping[str, Value]):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return params[node.id]
    if isinstance(node, ast.BoolOp):
        values = (_evaluate(v, params) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, params)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        return _ARITHMETIC[type(node.op)](
            _evaluate(node.left, params), _evaluate(node.right, params)
        )
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, params)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(right_node, params)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    raise GridError(f"unsupported expression {type(node).__name__}")  # _check_node prevents it


# -- expansion -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """The parameter ranges and constraints of a sweep."""

    ranges: tuple[ParamRange, ...]
    constraints: tuple[Constraint, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.ranges)

    @property
    def size(self) -> int:
        """Combinations before constraints."""
        return math.prod(len(r.values) for r in self.ranges)

    def combinations(
        self, *, max_combinations: int | None = None, seed: int | None = None
    ) -> list[dict[str, Value]]:
        """Every combination that satisfies the constraints, in grid order; with
        ``max_combinations``, a random subset of that many (reproducible with ``seed``)."""
        if self.size > MAX_ENUMERATED:
            raise GridError(
                f"the grid has {self.size:,} combinations; at most {MAX_ENUMERATED:,} can be "
                "sampled from: narrow the ranges or raise the steps"
            )
        kept = [params for params in self._all() if all(c.holds(params) for c in self.constraints)]
        if not kept:
            shown = " and ".join(c.text for c in self.constraints)
            raise GridError(f"no combination of the grid satisfies the constraint(s) {shown}")
        if max_combinations is not None and len(kept) > max_combinations:
            chosen = sorted(random.Random(seed).sample(range(len(kept)), max_combinations))
            return [kept[i] for i in chosen]
        if len(kept) > MAX_FULL_GRID:
            raise GridError(
                f"the grid has {len(kept):,} combinations, over {MAX_FULL_GRID:,}",
                field="max_combinations",
                named=False,
                hints=[HINTS["sample_grid"]],
            )
        return kept

    def _all(self) -> Iterator[dict[str, Value]]:
        names = self.names
        for values in itertools.product(*(r.values for r in self.ranges)):
            yield dict(zip(names, values, strict=True))


def build_grid(params: Sequence[str], constraints: Sequence[str] = ()) -> Grid:
    """A :class:`Grid` from ``--param`` and ``--constraint`` texts."""
    if not params:
        raise GridError(": a sweep needs at least one, NAME=START:STOP:STEP", field="params")
    ranges = tuple(parse_param(p) for p in params)
    seen: set[str] = set()
    for r in ranges:
        if r.name in seen:
            raise GridError(" is given twice", field=f"params.{r.name}")
        seen.add(r.name)
    names = [r.name for r in ranges]
    return Grid(ranges, tuple(parse_constraint(c, names) for c in constraints))


def combination_key(symbol: str, params: Mapping[str, Value]) -> str:
    """The stable identity of one combination within a sweep (what makes storing idempotent)."""
    canonical = json.dumps({"symbol": symbol, "params": dict(sorted(params.items()))})
    return hashlib.sha256(canonical.encode()).hexdigest()[:40]
