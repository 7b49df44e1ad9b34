"""What Botlab tells Gemini: the system instruction, the reply schema and the repair prompts.

The structure follows what worked in public backtesting code generators and benchmarks: an
output contract, a card of backtesting.py facts written as rules, hard rules (import whitelist,
no look-ahead), one complete example, then repair prompts that name the stage that failed, the
redacted error or diagnosis, the previous code and the original request. Every fact in the card
is one an LLM was observed to get wrong (reproduced with backtesting.py 0.6): fractional sizes,
sl/tp as prices, ``self.I``, ``[-1]`` indexing, ``sell()`` opening a short, indicators
backtesting.py does not ship.

:data:`EXAMPLE_CODE` must pass the static gate and trade on the bundled GOOG data; the tests run it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

#: Allowed imports, as the prompt and the gate phrase them.
ALLOWED_IMPORTS = ("numpy", "pandas", "math", "backtesting", "backtesting.lib")


class Parameter(BaseModel):
    """One tunable class attribute (a list of these, not a dict: see ``_gemini_client``)."""

    name: str = Field(description="The class attribute's name, as written in the code.")
    value: float = Field(description="Its default value in the code.")
    meaning: str = Field(description="What it controls, in a few words.")


class StrategyReply(BaseModel):
    """The JSON object Gemini must reply with (sent as ``response_schema``).

    ``assumptions`` come before ``code`` on purpose: the model states its choices, then writes
    the code that follows them.
    """

    class_name: str = Field(description="Name of the one Strategy subclass defined in code.")
    assumptions: list[str] = Field(
        description="Every choice the request left open, and anything that could not be done."
    )
    parameters: list[Parameter] = Field(description="Every tunable class attribute.")
    code: str = Field(description="The complete Python module, without Markdown fences.")


EXAMPLE_REQUEST = (
    "Buy when the 10-day EMA crosses above the 30-day EMA while RSI(14) is below 70; sell when "
    "it crosses back below; 8% stop loss."
)

EXAMPLE_CODE = """\
import pandas as pd
from backtesting import Strategy
from backtesting.lib import crossover


def ema(values, n):
    return pd.Series(values).ewm(span=n, adjust=False).mean().to_numpy()


def rsi(values, n):
    delta = pd.Series(values).diff()
    gain = delta.clip(lower=0).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    return (100 - 100 / (1 + gain / loss)).to_numpy()


class EmaCrossRsi(Strategy):
    fast = 10
    slow = 30
    rsi_period = 14
    rsi_max = 70
    stop_loss_pct = 8.0

    def init(self):
        self.fast_ema = self.I(ema, self.data.Close, self.fast, name="EMA fast")
        self.slow_ema = self.I(ema, self.data.Close, self.slow, name="EMA slow")
        self.rsi = self.I(rsi, self.data.Close, self.rsi_period, name="RSI")

    def next(self):
        price = self.data.Close[-1]
        if not self.position:
            if crossover(self.fast_ema, self.slow_ema) and self.rsi[-1] < self.rsi_max:
                self.buy(size=0.95, sl=price * (1 - self.stop_loss_pct / 100))
        elif crossover(self.slow_ema, self.fast_ema):
            self.position.close()
"""

SYSTEM_INSTRUCTION = f"""\
You write trading strategies for Botlab: one Python module for backtesting.py 0.6.

OUTPUT
Reply with one JSON object:
- class_name: the name of the single Strategy subclass in the code.
- assumptions: short sentences stating every choice the request left open (periods, thresholds,
  stop distances, position size, long-only) and anything you could not do.
- parameters: every tunable class attribute with its default value and meaning.
- code: the complete module as plain Python source (no Markdown fences).

HOW BOTLAB RUNS THE MODULE
- Botlab imports the module, takes the Strategy subclass named class_name and runs
  Backtest(data, YourStrategy, cash=100_000, commission=0, finalize_trades=True) itself.
  So: do not load data, create a Backtest, call run/optimize/plot, print, or add an
  `if __name__ == "__main__":` block.
- data is a pandas DataFrame of daily bars (unless the request says otherwise) with a
  DatetimeIndex and the capitalised columns Open, High, Low, Close, Volume.
- Market orders fill at the next bar's open.

BACKTESTING.PY FACTS
1. Subclass backtesting.Strategy (or backtesting.lib.TrailingStrategy / SignalStrategy) and
   define both init(self) and next(self). Never define __init__.
2. Parameters are class attributes with numeric defaults (fast = 10), read as self.fast. Never
   strings for numbers.
3. Compute every indicator once, in init(), with self.I(func, self.data.Close, n, name="...").
   func receives numpy arrays and must return a numpy array (or a tuple of arrays) as long as
   the data: wrap the input in pd.Series(values), compute, return .to_numpy(). Leading NaNs are
   fine: the backtest starts once every indicator has a value.
4. In next(), self.data.Close[-1] and self.rsi[-1] are the current bar and [-2] the previous
   one. [0] is the FIRST bar of the history, never the current one. These are numpy arrays:
   no .rolling(), .shift(), .iloc or .mean() over them in next(); an indicator not made with
   self.I is not revealed bar by bar.
5. Crossovers: from backtesting.lib import crossover; crossover(self.fast_ema, self.slow_ema) is
   True on the bar where the first crosses above the second.
6. self.buy(size=..., sl=..., tp=...) and self.sell(...): size is a fraction of equity strictly
   between 0 and 1 (0.95) or a whole number of shares >= 1; never 1.5 or a percentage like 50.
   Omit size to invest almost everything.
7. sl and tp are absolute PRICES, not fractions or percentages. Long: sl = price * (1 - 0.05)
   < entry price < tp = price * (1 + 0.10). Short: the reverse.
8. Close a position with self.position.close(). self.sell() does NOT close a long: it opens a
   short.
9. Enter only `if not self.position:`, otherwise buy() fires on every bar and piles up trades.
10. Also available: self.position.size / .pl_pct / .is_long / .is_short, self.trades (open
    trades: .entry_price, .entry_bar, writable .sl and .tp), len(self.data) (bars so far),
    self.data.index[-1] (current timestamp), self.equity.
11. backtesting.py ships no indicators you may use (do not import backtesting.test). Write them
    with pandas/numpy, for example:
    - SMA: pd.Series(x).rolling(n).mean()
    - EMA: pd.Series(x).ewm(span=n, adjust=False).mean()
    - RSI (Wilder): d = s.diff(); gain = d.clip(lower=0).ewm(alpha=1/n, adjust=False,
      min_periods=n).mean(); loss = (-d.clip(upper=0)).ewm(same).mean();
      rsi = 100 - 100 / (1 + gain / loss)
    - MACD: ema(close, 12) - ema(close, 26); signal = ema(macd, 9)
    - Bollinger: mid = sma(n); upper/lower = mid +/- k * pd.Series(x).rolling(n).std()
    - ATR (Wilder): true range = max(high - low, |high - previous close|, |low - previous
      close|), then .ewm(alpha=1/n, adjust=False).mean()
    - highest high of the previous n bars: pd.Series(high).rolling(n).max().shift(1)
    An indicator of several series takes them all: self.I(atr, self.data.High, self.data.Low,
    self.data.Close, 14). An indicator returning several lines returns a tuple of arrays.

HARD RULES
- Imports: only {", ".join(ALLOWED_IMPORTS)}. Nothing else (no talib, pandas_ta, scipy, os,
  sys, requests).
- No file, network or environment access; no eval, exec, compile, open, __import__, getattr,
  globals, and no dunder attributes.
- No look-ahead: at bar t use only bars up to t. Never shift by a negative number, never
  rolling(center=True), never statistics of the whole series (its max, mean, normalisation).
- Exactly one Strategy subclass; helper functions at module level are fine.
- The strategy must trade on several years of daily data: use common thresholds, and when the
  request is vague pick sensible defaults and list them in assumptions. Long-only unless the
  request asks for shorts.
- Keep it short: comments only where the logic is not obvious.

EXAMPLE
Request: "{EXAMPLE_REQUEST}"
Reply: class_name "EmaCrossRsi", assumptions ["Long-only.", "Invest 95% of equity per trade.",
"The stop is 8% below the close of the signal bar."], parameters fast=10, slow=30,
rsi_period=14, rsi_max=70, stop_loss_pct=8, and this code:

{EXAMPLE_CODE}"""

_HINTS = {
    "malformed": (
        "Reply with exactly one JSON object with the fields class_name, assumptions, "
        "parameters and code, nothing before or after it."
    ),
    "truncated": (
        "Your reply was cut off at the output limit before the JSON ended. Write a shorter "
        "module: fewer helper functions, no long comments or docstrings."
    ),
    "blocked": "Your reply was empty. Reply with the JSON object described above.",
    "gate": (
        "Keep to the hard rules: allowed imports only, one Strategy subclass with init() and "
        "next(), no look-ahead, nothing run at import."
    ),
    "error": (
        "Common causes: lowercase columns (use self.data.Close), pandas methods on the arrays "
        "in next(), an indicator function not returning a numpy array as long as the data, "
        "size >= 1 that is not a whole number, sl/tp given as fractions instead of prices or on "
        "the wrong side of the price."
    ),
    "no_trades": (
        "Common causes: entry conditions that can never all be true at once (check thresholds "
        "and directions), crossover() of arrays not made with self.I, comparing with [0] "
        "instead of [-1], an indicator that stays NaN, or a position size that rounds to zero "
        "shares. Loosen the conditions or fix the logic so that it trades a few times a year."
    ),
    "look_ahead": (
        "Such a return means the strategy sees the future. Look for shift() by a negative "
        "number, rolling(center=True), indexing the full arrays by a future bar, or "
        "statistics of the whole series (max, mean, normalisation) used as a signal, and "
        "compute everything from bars up to the current one."
    ),
}


def request_prompt(description: str) -> str:
    """The first prompt: the user's request, verbatim."""
    return (
        "Write a Botlab strategy for this request:\n\n"
        f"{description.strip()}\n\n"
        "Reply with the JSON object described in your instructions."
    )


def repair_prompt(
    description: str, *, attempt: int, outcome: str, problem: str, previous_code: str | None
) -> str:
    """A repair prompt: the original request, the previous code and what went wrong with it.

    ``problem`` must already be redacted. Each prompt stands alone (no chat history), so the
    model always sees the request and the code it is fixing.
    """
    parts = ["Write a Botlab strategy for this request:", "", description.strip(), ""]
    if previous_code:
        parts += [f"Your previous module (attempt {attempt}):", "```python", previous_code, "```"]
        parts.append("")
    parts += [
        f"Botlab checked attempt {attempt} and it failed at the {_STAGES[outcome]} stage:",
        problem.strip(),
        "",
        _HINTS[outcome],
        "",
        "Fix the cause, not the symptom. Reply with the complete corrected module in the same "
        "JSON object (class_name, assumptions, parameters, code); make the first assumption one "
        "sentence saying what you changed.",
    ]
    return "\n".join(parts)


_STAGES = {
    "malformed": "reply-format",
    "truncated": "reply-format",
    "blocked": "reply-format",
    "gate": "static-check",
    "error": "trial-run",
    "no_trades": "trial-run (no trades)",
    "look_ahead": "trial-run (look-ahead check)",
}
