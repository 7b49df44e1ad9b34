"""Helpers shared by the generation tests: bundled data, loading compiled bots, running them,
and a compact notation for conditions so expectations read like the rules.

Notation (``shape``): ``rsi_14 x< 30`` is a cross below, ``close > sma_200`` a comparison,
``3 down closes`` a run of closes, ``a & b`` / ``a | b`` an and / an or; an operand is an
indicator id (``.output`` for MACD/bands/stochastic lines), a price field, or a number; ``*2``
is a multiplier, ``-5`` / ``+0.001`` a distance in price added (``sma_20-5``) and ``[-1]`` the
previous bar.
"""

from __future__ import annotations

import subprocess
import sys
import types
import warnings
from functools import cache
from pathlib import Path

import pandas as pd
from backtesting import Backtest, Strategy

from engine.generation import spec as S

ROOT = Path(__file__).resolve().parents[2]


@cache
def bars(symbol: str) -> pd.DataFrame:
    """Bundled OHLCV: AAPL/MSFT/IBM/GOOG daily 2000-2013, or backtesting.py's hourly EURUSD."""
    if symbol == "EURUSD":
        from backtesting.test import EURUSD

        return EURUSD
    try:
        from engine.data import load_ohlcv
    except ImportError:  # the data package is still being finished: read the samples directly
        return pd.read_parquet(ROOT / "engine" / "data" / "samples" / f"{symbol}.parquet")
    return load_ohlcv(symbol).frame


def load_strategy(source: str, name: str) -> type:
    """Execute a compiled module in a fresh module object and return its Strategy class."""
    module = types.ModuleType(f"generated_{name.lower()}")
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return getattr(module, name)


def run(strategy: type, symbol: str) -> pd.Series:
    """Backtest in-process with the harness's settings (cash 100,000, open trades closed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Backtest(bars(symbol), strategy, cash=100_000, finalize_trades=True).run()


def trade_list(stats: pd.Series) -> list[tuple[int, int, int]]:
    """(EntryBar, ExitBar, Size) of every closed trade."""
    trades = stats["_trades"]
    return list(
        zip(
            trades["EntryBar"].tolist(),
            trades["ExitBar"].tolist(),
            trades["Size"].tolist(),
            strict=True,
        )
    )


def held(strategy: Strategy) -> int:
    """Bars since the open trade's entry (it opened at that bar's open): "sell after N days"
    closes it at the next open once this is N."""
    return len(strategy.data) - strategy.trades[-1].entry_bar


class TimeExit(Strategy):
    """Closes a trade ``hold`` bars after it opened, at the next open (as "sell after N days")."""

    hold = 0

    def init(self):
        pass

    def time_is_up(self) -> bool:
        return bool(self.position) and held(self) >= self.hold


def description_of(reference: type) -> str:
    """A reference strategy's description: its docstring up to a colon (what follows explains
    it), on one line."""
    return " ".join(reference.__doc__.split(":")[0].split())


def assert_trades_like_reference(reference: type, data: str, description: str = "") -> None:
    """The bot compiled from ``description`` (by default the reference's docstring up to a
    colon: what follows explains it) makes the hand-written ``reference``'s trades on ``data``,
    trade for trade, and the same return (at least 5 trades, so it means something)."""
    import pytest

    from engine.generation import compile_spec, understand

    understood = understand(description or description_of(reference))
    assert understood.complete, understood.not_understood
    compiled = load_strategy(compile_spec(understood.spec), understood.spec.name)

    ours, theirs = run(compiled, data), run(reference, data)

    assert theirs["# Trades"] >= 5  # the comparison means something
    assert trade_list(ours) == trade_list(theirs)
    assert ours["Return [%]"] == pytest.approx(theirs["Return [%]"], rel=1e-9, abs=1e-9)


def ruff(paths: list[Path]) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """``ruff check`` and ``ruff format --check`` with the project's configuration."""
    config = str(ROOT / "pyproject.toml")
    exe = [sys.executable, "-m", "ruff"]
    files = [str(p) for p in paths]
    check = subprocess.run(
        [*exe, "check", "--no-cache", "--config", config, *files], capture_output=True, text=True
    )
    fmt = subprocess.run(
        [*exe, "format", "--check", "--no-cache", "--config", config, *files],
        capture_output=True,
        text=True,
    )
    return check, fmt


def shape(cond: S.Condition | None) -> str | None:
    """A condition in the compact notation of the module docstring."""
    if cond is None:
        return None
    if isinstance(cond, S.And | S.Or):
        joiner = " & " if isinstance(cond, S.And) else " | "
        parts = [shape(c) for c in cond.conditions]
        nested = [
            f"({p})" if isinstance(c, S.And | S.Or) else p
            for c, p in zip(cond.conditions, parts, strict=True)
        ]
        return joiner.join(nested)  # type: ignore[arg-type]
    if isinstance(cond, S.ConsecutiveCloses):
        return f"{cond.n} {cond.direction} closes"
    if isinstance(cond, S.Count):  # "3 of 4 [1 up closes]"
        return f"{cond.at_least} of {cond.bars} [{shape(cond.condition)}]"
    a, b = _operand(cond.a), _operand(cond.b)
    if isinstance(cond, S.Cross):
        return f"{a} x{'>' if cond.direction == 'above' else '<'} {b}"
    return f"{a} {cond.op} {b}"


def _operand(op: S.Operand) -> str:
    if isinstance(op, S.Number):
        return f"{op.value:g}"
    text = op.field if isinstance(op, S.PriceRef) else op.id
    if isinstance(op, S.IndicatorRef) and op.output:
        text += f".{op.output}"
    if op.lag:
        text += f"[-{op.lag}]"
    if op.times != 1:
        text += f"*{op.times:g}"
    if op.plus:
        text += f"{op.plus:+g}"
    return text
