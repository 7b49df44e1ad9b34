"""A static check of generated strategy code, run before spending a trial run on it.

:func:`check_code` reads the module's syntax tree and lists friendly, specific problems, each with
its line, phrased so that they can be sent back to the model as they are. It catches what LLMs
were seen to get wrong (the failure modes reproduced with backtesting.py 0.6 and reported by
public code-generation benchmarks) and what Botlab does not allow:

* imports other than numpy, pandas, math, backtesting and backtesting.lib;
* file, network and process access (``open``, pandas ``read_*``/``to_csv``…) and code tricks
  (``eval``, ``exec``, ``compile``, ``getattr``…, any dunder name or attribute);
* anything but exactly one Strategy subclass with ``init()`` and ``next()`` and no
  ``__init__``;
* code that runs at import (the harness runs the backtest; a module only defines things), or that
  builds its own ``Backtest``;
* obvious look-ahead: ``shift(-1)``, ``rolling(center=True)``;
* lowercase columns (``self.data.close``) and pandas methods on ``self.data.Close``.

**This is not a security boundary.** Python offers endless ways around any AST filter; the
sandboxed child process (:mod:`engine.execution.sandbox`) is what contains hostile code. The gate
exists to
reject honest mistakes early, with a better message than a traceback, and to save a trial run.
"""

from __future__ import annotations

import ast

from engine.execution.bot_source import parse_code

ALLOWED_MODULES = frozenset({"numpy", "pandas", "math", "backtesting", "backtesting.lib"})
_ALLOWED_TEXT = "only numpy, pandas, math, backtesting and backtesting.lib are allowed"
#: Builtins a strategy has no business calling.
FORBIDDEN_CALLS = frozenset(
    {
        "open",
        "eval",
        "exec",
        "compile",
        "getattr",
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "input",
        "breakpoint",
        "exit",
        "quit",
        "help",
        "memoryview",
    }
)
_BACKTEST_NAMES = frozenset({"Backtest", "FractionalBacktest", "MultiBacktest"})
_COLUMNS = {"open": "Open", "high": "High", "low": "Low", "close": "Close", "volume": "Volume"}
_PANDAS_ONLY = frozenset(
    {"rolling", "ewm", "shift", "iloc", "loc", "diff", "pct_change", "expanding", "apply"}
)
_FILE_WRITERS = frozenset(
    {"to_csv", "to_pickle", "to_parquet", "to_json", "to_excel", "to_sql", "to_hdf", "tofile"}
)
#: Generated modules are a page or two; anything far bigger is a runaway reply.
MAX_CODE_CHARS = 40_000


def check_code(code: str, *, class_name: str | None = None) -> list[str]:
    """Problems with ``code`` as a Botlab strategy module; empty when it looks fine.

    ``class_name``, when given, must be the name of the module's Strategy subclass (the name the
    model claimed in its reply). Not a security check: see the module docstring.
    """
    if len(code) > MAX_CODE_CHARS:
        return [f"the module is {len(code):,} characters long; keep it under {MAX_CODE_CHARS:,}"]
    try:
        tree = parse_code(code)
    except SyntaxError as exc:
        return [f"syntax error: {exc.msg} (line {exc.lineno})"]
    problems: list[str] = []
    problems += _top_level_problems(tree)
    visitor = _Visitor()
    visitor.visit(tree)
    problems += visitor.problems
    problems += _strategy_problems(tree, class_name)
    return list(dict.fromkeys(problems))


# -- the module's shape --------------------------------------------------------------------------


def _top_level_problems(tree: ast.Module) -> list[str]:
    """Only imports, definitions and constants at module level: nothing that *runs*."""
    problems = []
    for node in tree.body:
        if isinstance(node, _DEFINITIONS) or _is_docstring(node):
            continue
        problems.append(
            f"runs code when the module is imported (line {node.lineno}): the module must only "
            "define the strategy; Botlab loads the data and runs the backtest"
        )
    return problems


_DEFINITIONS = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.ClassDef,
    ast.Assign,
    ast.AnnAssign,
)


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _strategy_problems(tree: ast.Module, class_name: str | None) -> list[str]:
    """Exactly one Strategy subclass, with init() and next() and without __init__."""
    strategies = _strategy_classes(tree)
    if not strategies:
        return [
            "defines no Strategy subclass: define one class deriving from backtesting.Strategy "
            "with init() and next()"
        ]
    if len(strategies) > 1:
        names = ", ".join(f"{s.name} (line {s.lineno})" for s in strategies)
        return [f"defines {len(strategies)} Strategy subclasses ({names}): define exactly one"]
    strategy = strategies[0]
    problems = []
    if class_name and strategy.name != class_name:
        problems.append(
            f"class_name is {class_name!r} but the Strategy subclass is named {strategy.name!r}"
        )
    methods = {n.name: n for n in strategy.body if isinstance(n, ast.FunctionDef)}
    for required in ("init", "next"):
        if required not in methods:
            problems.append(
                f"{strategy.name} has no {required}() method: backtesting.py needs both init() "
                "and next()"
            )
    return problems


def _strategy_classes(tree: ast.Module) -> list[ast.ClassDef]:
    """Classes deriving from a ``*Strategy`` base, directly or through each other."""
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    found: dict[str, ast.ClassDef] = {}
    changed = True
    while changed:
        changed = False
        for node in classes:
            if node.name in found:
                continue
            bases = [_base_name(base) for base in node.bases]
            if any(name.endswith("Strategy") or name in found for name in bases):
                found[node.name] = node
                changed = True
    return sorted(found.values(), key=lambda node: node.lineno)


def _base_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


# -- everything else, node by node --------------------------------------------------------------


class _Visitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[str] = []

    def _add(self, node: ast.AST, message: str) -> None:
        self.problems.append(f"{message} (line {getattr(node, 'lineno', '?')})")

    # imports

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self._add(node, f"uses a relative import: {_ALLOWED_TEXT}")
            return
        self._check_module(node, node.module or "")
        if node.module in ALLOWED_MODULES:
            for alias in node.names:
                if alias.name in _BACKTEST_NAMES:
                    self._add(node, _backtest_message(alias.name))

    def _check_module(self, node: ast.AST, module: str) -> None:
        if module in ALLOWED_MODULES:
            return
        top = module.split(".")[0]
        if module.startswith("backtesting.test"):
            self._add(
                node,
                "imports backtesting.test: it only ships SMA and sample data; write indicators "
                "with pandas",
            )
        elif top in {"numpy", "pandas"}:
            return  # numpy.linalg, pandas.api… are parts of allowed packages
        else:
            self._add(node, f"imports {module}: {_ALLOWED_TEXT}")

    # names, attributes, calls

    def visit_Name(self, node: ast.Name) -> None:
        if _is_dunder(node.id):
            self._add(node, f"uses {node.id}: dunder names are not allowed in a strategy")
        elif node.id in _BACKTEST_NAMES:
            self._add(node, _backtest_message(node.id))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_dunder(node.attr):
            self._add(node, f"uses .{node.attr}: dunder attributes are not allowed in a strategy")
        elif node.attr in _BACKTEST_NAMES:
            self._add(node, _backtest_message(node.attr))
        elif _is_data_column(node.value) and node.attr in _COLUMNS:
            right = _COLUMNS[node.attr]
            self._add(
                node, f"self.data.{node.attr}: columns are capitalised, use self.data.{right}"
            )
        elif _is_data_column(node.value.value if isinstance(node.value, ast.Attribute) else None):
            self._check_pandas_on_array(node)
        self.generic_visit(node)

    def _check_pandas_on_array(self, node: ast.Attribute) -> None:
        column = node.value.attr if isinstance(node.value, ast.Attribute) else ""
        if node.attr in _PANDAS_ONLY and column in _COLUMNS.values():
            self._add(
                node,
                f"self.data.{column}.{node.attr}: self.data.{column} is a numpy array, not a "
                f"pandas Series; compute indicators in a function given to self.I, using "
                f"pd.Series(values).{node.attr}(...)",
            )

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in FORBIDDEN_CALLS:
            self._add(
                node,
                f"calls {name}(): no file, network or environment access, eval/exec or "
                "introspection in a strategy",
            )
        method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if method.startswith("read_") or method in _FILE_WRITERS:
            self._add(node, f"calls {method}(): a strategy must not read or write files")
        if method == "shift" and _shifts_backwards(node):
            self._add(
                node,
                "shift() by a negative number reads future bars (look-ahead): at bar t use only "
                "bars up to t, e.g. shift(1) for the previous bar",
            )
        for keyword in node.keywords:
            if keyword.arg == "center" and _is_true(keyword.value):
                self._add(node, "center=True uses future bars (look-ahead): use a trailing window")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name == "__init__":
            self._add(
                node,
                "defines __init__: parameters are class attributes and setup goes in init()",
            )
        elif _is_dunder(node.name):
            self._add(node, f"defines {node.name}: dunder methods are not allowed in a strategy")
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        self._add(node, "uses global: keep state on self")

    visit_AsyncFunctionDef = visit_FunctionDef


def _backtest_message(name: str) -> str:
    return (
        f"uses {name}: Botlab builds the Backtest and runs it itself; the module only defines "
        "the strategy"
    )


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_data_column(node: ast.AST | None) -> bool:
    """Whether ``node`` is ``self.data``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "data"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _shifts_backwards(call: ast.Call) -> bool:
    """``x.shift(-k)`` or ``x.shift(periods=-k)`` with a literal negative k."""
    values = list(call.args[:1]) + [k.value for k in call.keywords if k.arg == "periods"]
    return any(_negative_literal(value) for value in values)


def _negative_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return isinstance(node.operand, ast.Constant) and _positive_number(node.operand.value)
    return isinstance(node, ast.Constant) and _is_number(node.value) and node.value < 0


def _positive_number(value: object) -> bool:
    return _is_number(value) and value > 0


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True
