"""What kind of bot a source is, told from its code without running it.

* a **strategy bot** defines a backtesting.py ``Strategy`` subclass and builds no ``Backtest``:
  the harness runs it on the data Botlab loads;
* a **script bot** builds its own ``Backtest`` (or defines no strategy at all) and runs as written.
"""

from __future__ import annotations

import ast
import re

from engine.execution.bot_source import parse_code
from engine.execution.harness import syntax_message

BACKTEST_CLASSES = frozenset({"Backtest", "FractionalBacktest", "MultiBacktest"})


def bot_kind(code: str) -> str:
    """``strategy`` or ``script``, decided from the source without running it.

    A file that defines a ``*Strategy`` subclass and builds no ``Backtest`` is a strategy bot,
    run by the harness on the data Botlab loads. A file that builds its own ``Backtest``
    anywhere (an ``if __name__ == "__main__":`` block included: that is how the file runs), or
    defines no strategy at all, is a script bot, run as written.
    """
    try:
        tree = parse_code(code)
    except SyntaxError:
        return "strategy"  # reported as a syntax error, with its line, by the strategy path
    if _backtest_calls(tree) or not _defines_strategy(tree):
        return "script"
    return "strategy"


def defines_strategy(code: str) -> bool:
    """Whether the source defines a ``*Strategy`` subclass (without running it)."""
    try:
        return _defines_strategy(parse_code(code))
    except SyntaxError:
        return False


def builds_backtest(code: str) -> bool:
    """Whether the source builds a backtesting.py ``Backtest`` anywhere (without running it)."""
    try:
        return bool(_backtest_calls(parse_code(code)))
    except SyntaxError:
        return False


def script_backtest_call(code: str, limit: int = 160) -> str:
    """The source of a script's (last) ``Backtest(...)`` call, shortened for a message."""
    try:
        calls = _backtest_calls(parse_code(code))
    except SyntaxError:
        return ""
    if not calls:
        return ""
    text = " ".join(ast.unparse(calls[-1]).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TICKER_CALL = re.compile(
    r"""(?:download|Ticker|load_ohlcv|history)\(\s*["']([A-Za-z0-9.^=\-]{1,20})["']"""
)


def script_symbol(code: str) -> str | None:
    """The one ticker a script fetches by name (``yf.download("AAPL", ...)``), if just one."""
    found = set(_TICKER_CALL.findall(code))
    return found.pop().upper() if len(found) == 1 else None


def syntax_error(code: str) -> str | None:
    """Why the source does not compile, worded as the harness words it, or ``None``."""
    try:
        compile(code, "bot.py", "exec")
    except SyntaxError as exc:
        return syntax_message(exc)
    except ValueError as exc:  # e.g. null bytes
        return f"the file is not valid Python source: {exc}"
    return None


def _defines_strategy(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ClassDef)
        and any(_name_of(base).endswith("Strategy") for base in node.bases)
        for node in ast.walk(tree)
    )


def _backtest_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name_of(node.func) in BACKTEST_CLASSES
    ]


def _name_of(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return getattr(node, "id", "")
