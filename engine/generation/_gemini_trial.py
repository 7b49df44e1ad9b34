"""The trial run of a generated strategy, and the diagnosis that goes back to the model.

A reply that parses and passes the gate is run like any bot, from memory:
:meth:`~engine.execution.executor.BotExecutor.execute_code`, in the sandboxed child (whose
environment is an allowlist: the API key never reaches it), on bundled offline data, and recorded
as an execution with ``strategy_source="gemini"``. The result is then judged:

* the run failed (exception, timeout, resource limit) → ``error``, with the error and the tail of
  the run's output (the traceback), redacted and with local paths shortened;
* it made no trades → ``no_trades``, with the executor's explanation and the run's warnings
  (the most common silent failure of generated strategies: 18% in QuantCode-Bench);
* its return is implausibly far above buy-and-hold → ``look_ahead`` (the rule is
  :func:`looks_like_look_ahead`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Return above ``LOOK_AHEAD_FACTOR`` × |buy-and-hold| *and* above buy-and-hold +
#: ``LOOK_AHEAD_MARGIN_PCT`` points is treated as look-ahead. Generous on purpose: a real edge
#: rarely beats buy-and-hold fivefold over years of daily bars, while a strategy that reads
#: tomorrow's close returns thousands or millions of percent (a bot reading ``shift(-1)`` was
#: measured at 2,665,853%). The margin keeps small buy-and-hold figures (a flat market) from
#: flagging ordinary returns.
LOOK_AHEAD_FACTOR = 5.0
LOOK_AHEAD_MARGIN_PCT = 200.0
#: Lines of the run's output sent back with an error (tracebacks end with the useful part).
LOG_TAIL_LINES = 30
_MAX_LOG_TAIL_CHARS = 4_000

_FILE = re.compile(r'File "(/[^"]*)"')


#: Trial failures that say nothing about the code (the machine cannot run bots right now): they
#: end the generation instead of being sent to the model for a repair it cannot make.
ENVIRONMENT_ERRORS = frozenset({"sandbox_unavailable", "data_unavailable", "internal_error"})


class TrialUnavailable(RuntimeError):
    """The trial run could not judge the code (see :data:`ENVIRONMENT_ERRORS`)."""


@dataclass(frozen=True)
class Problem:
    """Why an attempt is not a working bot: an ``ATTEMPT_OUTCOMES`` value and the message fed
    back to the model (already redacted)."""

    outcome: str
    message: str


def looks_like_look_ahead(return_pct: float | None, buy_hold_pct: float | None) -> bool:
    """Whether a return smells of look-ahead (see :data:`LOOK_AHEAD_FACTOR`)."""
    if return_pct is None or buy_hold_pct is None:
        return False
    bound = max(LOOK_AHEAD_FACTOR * abs(buy_hold_pct), buy_hold_pct + LOOK_AHEAD_MARGIN_PCT)
    return return_pct > bound


def run_trial(
    executor,
    code: str,
    *,
    name: str,
    class_name: str,
    description: str,
    symbol: str,
    days: int | None,
    timeout_s: float,
):
    """Run ``code`` through the executor (its one copy on disk is the run's job directory);
    returns its result."""
    return executor.execute_code(
        code,
        name,
        test_symbol=symbol,
        test_period_days=days,
        source="sample",
        timeout=timeout_s,
        strategy_class=class_name,
        description=description,
        strategy_source="gemini",
    )


def diagnose(result, redact: Callable[[str], str]) -> Problem | None:
    """``None`` if the trial ``result`` is a working bot, else what is wrong with it.

    Raises :class:`TrialUnavailable` when the run failed for reasons outside the code.
    """
    if result.error_type in ENVIRONMENT_ERRORS:
        raise TrialUnavailable(redact(f"the trial run could not start: {result.error}"))
    if not result.success:
        return Problem("error", redact(_error_report(result)))
    if not result.trades:
        return Problem("no_trades", redact(_no_trades_report(result)))
    if looks_like_look_ahead(result.return_pct, result.buy_hold_return_pct):
        return Problem("look_ahead", _look_ahead_report(result))
    return None


def _error_report(result) -> str:
    lines = [f"The trial run failed ({result.error_type}): {result.error}"]
    if result.status == "timeout":
        lines.append(
            "It was too slow: compute indicators once in init() with self.I; next() must only "
            "read [-1]/[-2] values, never loop over the history."
        )
    tail = log_tail(result.output_log)
    if tail:
        lines += ["", "End of the run's output:", tail]
    return "\n".join(lines)


def _no_trades_report(result) -> str:
    data = result.data or {}
    where = f"{data.get('symbol') or result.test_symbol}"
    if data.get("bars"):
        where += f", {data['bars']} daily bars from {data.get('start')} to {data.get('end')}"
    lines = [f"The backtest ran ({where}) but the strategy made no trades."]
    lines += [f"- {warning}" for warning in result.warnings]
    return "\n".join(lines)


def _look_ahead_report(result) -> str:
    return (
        f"The trial returned {result.return_pct:,.0f}% while buy-and-hold returned "
        f"{result.buy_hold_return_pct:,.0f}% over the same bars ({result.trades} trades). A "
        "return this far above buy-and-hold almost always means the strategy reads future data."
    )


def log_tail(output: str | None, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` of a run's output, with local paths shortened (not redacted)."""
    if not output:
        return ""
    text = _FILE.sub(lambda match: f'File "{_short_path(match.group(1))}"', output)
    tail = "\n".join(text.rstrip().splitlines()[-lines:])
    return tail[-_MAX_LOG_TAIL_CHARS:]


def _short_path(path: str) -> str:
    """``…/site-packages/backtesting/x.py`` → ``backtesting/x.py``; other paths → file name.

    The model needs the library and line, not this machine's directory layout.
    """
    _, found, inside = path.rpartition("/site-packages/")
    return inside if found else path.rsplit("/", 1)[-1]
