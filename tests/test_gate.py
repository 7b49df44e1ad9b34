"""The static gate: friendly early rejections of generated code (not a security boundary)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.generation._gemini_prompt import EXAMPLE_CODE
from engine.generation.gate import MAX_CODE_CHARS, check_code

EXAMPLES = Path(__file__).parent.parent / "examples"
STRATEGY = """\
import pandas as pd
from backtesting import Strategy


def sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


class Dip(Strategy):
    n = 20

    def init(self):
        self.sma = self.I(sma, self.data.Close, self.n)

    def next(self):
        if not self.position and self.data.Close[-1] < self.sma[-1]:
            self.buy()
"""


def _with(extra_import: str = "", init: str = "", top: str = "") -> str:
    """STRATEGY with an extra import line first, a line in init() and a top-level line."""
    code = STRATEGY.replace("        self.sma = ", f"        {init}\n        self.sma = ", 1)
    return (extra_import + "\n" if extra_import else "") + code + top


@pytest.mark.parametrize(
    "code",
    [
        EXAMPLE_CODE,
        STRATEGY,
        '"""A docstring."""\nimport math\nimport numpy as np\nfrom numpy.linalg import norm\n'
        + STRATEGY,
    ],
)
def test_good_strategies_pass(code):
    assert check_code(code) == []


def test_the_repository_examples_of_strategy_bots_pass():
    for name in ("sma_cross.py", "rsi_reversion.py", "donchian_breakout.py"):
        assert check_code((EXAMPLES / name).read_text()) == [], name


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            _with("import os"),
            "imports os: only numpy, pandas, math, backtesting and backtesting.lib are allowed "
            "(line 1)",
        ),
        (_with("import talib as ta"), "imports talib:"),
        (_with("from urllib import request"), "imports urllib:"),
        (_with("from . import helpers"), "uses a relative import"),
        (
            _with("from backtesting.test import SMA"),
            "imports backtesting.test: it only ships SMA and sample data; write indicators with "
            "pandas (line 1)",
        ),
        (_with(init="data = open('/etc/passwd').read()"), "calls open(): no file, network"),
        (_with(init="eval('1 + 1')"), "calls eval()"),
        (_with(init="exec('x = 1')"), "calls exec()"),
        (_with(init="getattr(self, 'x')"), "calls getattr()"),
        (_with(init="pd.read_csv('prices.csv')"), "calls read_csv(): a strategy must not read"),
        (_with(init="x = ().__class__.__bases__"), "uses .__bases__: dunder attributes"),
        (_with(init="__builtins__"), "uses __builtins__: dunder names are not allowed"),
        (_with(init="global counter"), "uses global: keep state on self"),
        (_with(init="x = self.data.close"), "self.data.close: columns are capitalised"),
        (
            _with(init="x = self.data.Close.rolling(5).mean()"),
            "self.data.Close.rolling: self.data.Close is a numpy array",
        ),
        (
            _with(init="x = pd.Series(self.data.Close).shift(-1)"),
            "shift() by a negative number reads future bars (look-ahead)",
        ),
        (_with(init="x = pd.Series(self.data.Close).shift(periods=-2)"), "look-ahead"),
        (
            _with(init="x = pd.Series(self.data.Close).rolling(5, center=True).mean()"),
            "center=True uses future bars",
        ),
        (_with(top="\nprint('loaded')\n"), "runs code when the module is imported (line 20)"),
        (
            _with("from backtesting import Backtest"),
            "uses Backtest: Botlab builds the Backtest and runs it itself",
        ),
        (
            _with(top="\nif __name__ == '__main__':\n    pass\n"),
            "runs code when the module is imported",
        ),
        (
            STRATEGY.replace(
                "    def init(self):",
                "    def __init__(self):\n        pass\n\n    def init(self):",
            ),
            "defines __init__: parameters are class attributes and setup goes in init()",
        ),
        (STRATEGY.replace("def next(self)", "def step(self)"), "Dip has no next() method"),
        ("import pandas as pd\n", "defines no Strategy subclass"),
        (STRATEGY + "\n\nclass Other(Dip):\n    pass\n", "defines 2 Strategy subclasses"),
        ("def broken(:\n", "syntax error: invalid syntax (line 1)"),
    ],
)
def test_each_problem_is_named_with_its_line(code, expected):
    problems = check_code(code)
    assert any(expected in problem for problem in problems), problems


def test_the_class_name_must_match_the_reply():
    assert check_code(STRATEGY, class_name="Dip") == []
    assert check_code(STRATEGY, class_name="DipBuyer") == [
        "class_name is 'DipBuyer' but the Strategy subclass is named 'Dip'"
    ]


def test_a_runaway_module_is_refused_before_parsing():
    (problem,) = check_code("x = 1\n" * (MAX_CODE_CHARS // 6 + 1))
    assert "keep it under 40,000" in problem


def test_problems_are_listed_once_each():
    code = _with("import os", init="eval('1')")
    problems = check_code(code)
    assert len(problems) == len(set(problems)) == 2
