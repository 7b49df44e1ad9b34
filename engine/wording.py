"""Plain words for everything the engine says about a run: one definition, reused by the HTML
report, the command line and the dashboard.

* :func:`plain_stats`: every backtesting.py statistic ("Equity Final [$]" 1.179e+05,
  "Duration" 1885 days 00:00:00) as a :class:`Stat`: a plain label, the value with its unit
  ("$117,900.00", "1,885 days (5.2 years)"), a one-line explanation, the raw form kept for an
  "Advanced" view, and whether it is an advanced statistic;
* :func:`metric_text` / :func:`metric_label` / :func:`metric_explanation`: the headline
  metrics (``return_pct``...), and :data:`HEADLINE_CARDS`, the ones a run's page leads with;
* :func:`plain_warning`: a run's warning (``no_trades: ...``, ``few_trades: ...``) as a
  :class:`Notice` with a title, the sentence without its code, and the raw text;
* :func:`error_sentence`, :data:`STATUS_LABELS`: a failure's kind and a run's status in words;
* :func:`exit_reason_text`: why a trade closed, in words;
* :func:`sandbox_text`: the sandbox's layer string ("landlock=abi4 seccomp=on ...") in words;
* :func:`buy_hold_sentence`: the headline comparison with buying and holding, naming the day the
  holding starts (the first day the bot could trade).

No pandas, no Streamlit: cheap to import anywhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from engine.results import HEADLINE, METRIC, STATUS_WORDS, metric_named

#: A run's status in words (defined with the statuses in :mod:`engine.results`).
STATUS_LABELS = STATUS_WORDS
EXPLANATIONS = {name: metric.explanation for name, metric in METRIC.items()}

#: error_type -> one plain sentence (the engine's own one-line message goes under it).
ERROR_SENTENCES = {
    "syntax_error": "The bot's code has a mistake Python cannot read, so it never started.",
    "import_error": "The bot tried to use a library that is not available in Botlab's sandbox.",
    "no_strategy": "The code does not contain a trading strategy Botlab can run.",
    "no_results": "The bot finished without reporting any results.",
    "strategy_error": "The bot crashed while trading: there is an error in its own code.",
    "script_error": "The bot's script stopped with an error.",
    "data_unavailable": "Botlab could not get the market data for this run.",
    "invalid_settings": "One of the run's settings (cash, commission or dates) cannot be used.",
    "timeout": "The run took too long and was stopped.",
    "output_limit": "The bot printed far too much and was stopped.",
    "memory_limit": "The bot used too much memory and was stopped.",
    "cpu_limit": "The bot used too much computing time and was stopped.",
    "disk_limit": "The bot wrote too much to its scratch space and was stopped.",
    "thread_limit": "The bot tried to run too many threads at once and was stopped.",
    "blocked_syscall": (
        "The bot tried something the sandbox forbids (such as using the network or starting "
        "programs), so it was stopped."
    ),
    "crashed": "The bot's process crashed unexpectedly.",
    "cancelled": "The run was cancelled.",
    "interrupted": "The run was cut short because Botlab's background worker stopped.",
    "sandbox_unavailable": (
        "This machine cannot run bots safely: a protection layer of the sandbox is missing."
    ),
    "cluster_unavailable": "No computer of the Dask cluster was there to run it.",
    "file_not_found": "The bot's file could not be found.",
    "internal_error": "Something went wrong inside Botlab itself (not in your bot).",
    "generation_refused": "Botlab could not turn the description into a bot.",
    "generation_failed": "Gemini could not write a working bot from this description.",
}
DEFAULT_ERROR_SENTENCE = "The run did not finish."

#: Warning code -> the title a person reads above the sentence.
WARNING_TITLES = {
    "no_trades": "No trades",
    "few_trades": "Few trades",
    "script_settings_replaced": "Your settings replaced the script's own",
    "script_settings_ignored": "Your settings were not used",
}
_CODE = re.compile(r"^([a-z][a-z_]+): ")

#: Why a trade closed (its stored ``exit_reason``), as every table of trades says it.
EXIT_WORDS = {
    "stop_loss": "Stop loss",
    "trailing_stop": "Trailing stop",
    "take_profit": "Take profit",
    "time_exit": "Held long enough",
    "max_hold": "Held long enough",
    "reverted": "Back to its average",
    "signal": "Exit rule",
    "end_of_data": "Test ended",
}


#: A run's headline cards, in order: the Run page's, and the HTML report's (which shows buying
#: and holding as a card of its own after the return; the page's Return card compares with it).
HEADLINE_CARDS = tuple(name for name in HEADLINE if name != "buy_hold_return_pct")


def metric_label(name: str) -> str:
    """A headline metric's plain label (``return_pct`` -> "Return"); store names too."""
    metric = metric_named(name)
    return metric.label if metric else name.replace("_", " ").capitalize()


def metric_text(name: str, value) -> str:
    """A headline metric with its unit ("+12.30%", "$117,900.00"; "n/a" when missing or not a
    number); store names too."""
    metric = metric_named(name)
    if metric is not None:
        return metric.text(value)
    return "n/a" if value is None else f"{value:.2f}"


def metric_explanation(name: str) -> str:
    """A headline metric's one-line explanation; store names too."""
    metric = metric_named(name)
    return metric.explanation if metric else ""


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", (status or "unknown").replace("_", " ").capitalize())


def exit_reason_text(reason: str | None) -> str | None:
    """A trade's ``exit_reason`` in words (:data:`EXIT_WORDS`; an unknown one with its
    underscores as spaces), ``None`` when it has none."""
    if reason is None:
        return None
    return EXIT_WORDS.get(str(reason), str(reason).replace("_", " ").capitalize())


def error_sentence(error_type: str | None) -> str:
    return ERROR_SENTENCES.get(error_type or "", DEFAULT_ERROR_SENTENCE)


# -- backtesting.py's statistics ----------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """One statistic in plain words; ``raw`` is backtesting.py's own form of it."""

    key: str
    label: str
    text: str
    raw: str
    explanation: str
    advanced: bool


# key -> (label, kind, explanation, advanced). kinds: money, pct, signed_pct, ratio, count,
# date, duration, fraction_pct (Kelly: a fraction shown as a percentage)
STAT_WORDS: dict[str, tuple[str, str, str, bool]] = {
    "Start": ("First bar", "date", "The first bar of the data.", False),
    "End": ("Last bar", "date", "The last bar of the data.", False),
    "Duration": ("Length of the test", "duration", "From the first bar to the last.", False),
    "Exposure Time [%]": (
        "Time in the market",
        "pct",
        "The share of bars on which the bot held a position.",
        False,
    ),
    "Equity Final [$]": ("Final account value", "money", "What the account was worth.", False),
    "Equity Peak [$]": ("Highest account value", "money", "The account at its best.", False),
    "Commissions [$]": ("Commissions paid", "money", "Fees paid on all the trades.", False),
    "Return [%]": ("Return", "signed_pct", "How much the account grew or shrank.", False),
    "Buy & Hold Return [%]": (
        "Buy and hold return",
        "signed_pct",
        "Buying at the close of the first day the bot could trade and holding to the end.",
        False,
    ),
    "Return (Ann.) [%]": ("Yearly return", "signed_pct", "The return per year.", True),
    "Volatility (Ann.) [%]": (
        "Yearly volatility",
        "pct",
        "How much the account's value swung, per year.",
        True,
    ),
    "CAGR [%]": ("Yearly growth (CAGR)", "signed_pct", "Growth per year, compounded.", False),
    "Sharpe Ratio": ("Sharpe ratio", "ratio", EXPLANATIONS["sharpe_ratio"], False),
    "Sortino Ratio": ("Sortino ratio", "ratio", EXPLANATIONS["sortino_ratio"], True),
    "Calmar Ratio": ("Calmar ratio", "ratio", EXPLANATIONS["calmar_ratio"], True),
    "Alpha [%]": (
        "Alpha",
        "signed_pct",
        "The return not explained by simply following the market.",
        True,
    ),
    "Beta": ("Beta", "ratio", "How closely the account followed the market (1 = exactly).", True),
    "Max. Drawdown [%]": ("Worst drop", "signed_pct", EXPLANATIONS["max_drawdown"], False),
    "Avg. Drawdown [%]": ("Average drop", "signed_pct", "The average fall from a peak.", True),
    "Max. Drawdown Duration": (
        "Longest time below a peak",
        "duration",
        "The longest the account took to get back to a previous high.",
        False,
    ),
    "Avg. Drawdown Duration": (
        "Average time below a peak",
        "duration",
        "How long the account usually took to get back to a previous high.",
        True,
    ),
    "# Trades": ("Trades", "count", EXPLANATIONS["trades"], False),
    "Win Rate [%]": ("Winning trades", "pct", EXPLANATIONS["win_rate"], False),
    "Best Trade [%]": ("Best trade", "signed_pct", "The best single trade.", False),
    "Worst Trade [%]": ("Worst trade", "signed_pct", "The worst single trade.", False),
    "Avg. Trade [%]": ("Average trade", "signed_pct", "The average trade's return.", False),
    "Max. Trade Duration": ("Longest trade", "duration", "The longest a trade was held.", True),
    "Avg. Trade Duration": (
        "Average trade length",
        "duration",
        "How long a trade was usually held.",
        False,
    ),
    "Profit Factor": ("Profit factor", "ratio", EXPLANATIONS["profit_factor"], False),
    "Expectancy [%]": (
        "Expected return per trade",
        "signed_pct",
        "What an average trade made, weighing wins and losses.",
        True,
    ),
    "SQN": ("System quality (SQN)", "ratio", EXPLANATIONS["sqn"], True),
    "Kelly Criterion": (
        "Kelly fraction",
        "fraction_pct",
        "The share of the account the Kelly formula would bet per trade.",
        True,
    ),
}


def plain_stats(stats: dict[str, Any]) -> list[Stat]:
    """Every statistic of a run (backtesting.py's keys, JSON-safe values) in plain words, in
    backtesting.py's order, each as its field of the :class:`~engine.results.Stats` model
    describes it (the API's schema says the same); unknown keys keep their name and an
    "Advanced" flag."""
    from engine.results import STAT_FIELDS, explanation_of

    out = []
    for key, value in stats.items():
        if str(key).startswith("_"):
            continue
        field = STAT_FIELDS.get(key)
        if field is None:
            out.append(Stat(key, str(key), stat_text(value, ""), _raw(value), "", True))
            continue
        shown, advanced = field.json_schema_extra["shown"], field.json_schema_extra["advanced"]
        text = stat_text(value, shown)
        out.append(Stat(key, field.title, text, _raw(value), explanation_of(field), advanced))
    return out


def stat_text(value, kind: str) -> str:
    """One statistic's value with its unit, by its kind (see :data:`STAT_WORDS`)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if kind == "duration":
        return duration_text(value)
    if kind == "date":
        return str(value).replace("T", " ").removesuffix(" 00:00:00")[:16]
    number = _number(value)
    if number is None:
        return str(value)
    if kind == "money":
        return f"${number:,.2f}"
    if kind == "signed_pct":
        return f"{number:+.2f}%"
    if kind == "pct":
        return f"{number:.2f}%"
    if kind == "fraction_pct":
        return f"{number * 100:.1f}%"
    if kind == "count":
        return f"{int(number):,}"
    return f"{number:,.2f}"


_TIMEDELTA = re.compile(r"^(-?\d+) days? (\d{2}):(\d{2}):(\d{2})")


def duration_text(value) -> str:
    """backtesting.py's ``"1885 days 00:00:00"`` as "1,885 days (5.2 years)"; under a day,
    "2 h 30 min"; under a week, "3 days 4 h"."""
    match = _TIMEDELTA.match(str(value))
    if not match:
        return str(value)
    days, hours, minutes = int(match[1]), int(match[2]), int(match[3])
    if days == 0:
        if hours == 0:
            return f"{minutes} min"
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    text = f"{days:,} day{'' if days == 1 else 's'}"
    if days < 7 and hours:
        return f"{text} {hours} h"
    if days >= 365:
        return f"{text} ({days / 365.25:.1f} years)"
    if days >= 60:
        return f"{text} ({days / 30.44:.0f} months)"
    return text


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _raw(value) -> str:
    if value is None:
        return "NaN"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e5 else f"{value:.3e}"
    return str(value)


# -- warnings, the sandbox, the headline sentence -----------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A run's warning for a person: a title, the sentence, and the raw text (with its code)."""

    code: str | None
    title: str
    message: str
    raw: str


def plain_warning(text: str) -> Notice:
    """``"no_trades: the bot made no trades: ..."`` -> Notice("no_trades", "No trades",
    "The bot made no trades: ...", raw). Warnings without a code keep their text as it is."""
    match = _CODE.match(text)
    if not match or match[1] not in WARNING_TITLES:
        return Notice(None, "Note", text[:1].upper() + text[1:], text)
    body = text[match.end() :]
    return Notice(match[1], WARNING_TITLES[match[1]], body[:1].upper() + body[1:], text)


_LAYER_WORDS = {
    "landlock": "no access to your files",
    "seccomp": "no network and no other programs",
    "netns": "its own empty network",
    "rlimits": "limits on memory and time",
}


def sandbox_text(report: str | None) -> str:
    """The sandbox's layer string in words: what protected this run, and what was missing."""
    if not report:
        return ""
    flags = dict(re.findall(r"(\w+)=(\w+)", report))
    on = [words for layer, words in _LAYER_WORDS.items() if flags.get(layer, "off") != "off"]
    off = [layer for layer in ("landlock", "seccomp") if flags.get(layer, "off") == "off"]
    sentence = "Ran in Botlab's sandbox: " + (", ".join(on) if on else "no protection layers")
    if off:
        sentence += f" (missing here: {', '.join(off)}, so the bot was less isolated)"
    return sentence + "."


def run_sentence(
    *,
    cash: float | None,
    final_equity: float | None,
    return_pct: float | None,
    symbol: str | None,
    buy_hold_start: str | None,
    buy_hold_return_pct: float | None,
) -> str:
    """How a finished run did, in money, then against buying and holding from the first day the
    bot could trade (see :func:`buy_hold_sentence`). Empty without the money figures."""
    if cash is None or final_equity is None or return_pct is None:
        return ""
    sentence = (
        f"Starting with ${cash:,.0f}, this bot ended with ${final_equity:,.0f} "
        f"({return_pct:+.1f}%)."
    )
    hold = buy_hold_sentence(symbol, buy_hold_start, cash, buy_hold_return_pct, return_pct)
    return f"{sentence} {hold}" if hold else sentence


def buy_hold_sentence(
    symbol: str | None,
    start: str | None,
    cash: float | None,
    hold_pct: float | None,
    return_pct: float | None,
) -> str:
    """The headline comparison: "Buying GOOG on 2004-10-06, the first day the bot could trade,
    and holding would have ended with $588,116 (+488.1%), so the bot did worse than holding."
    Empty when a number is missing."""
    if None in (symbol, start, cash, hold_pct):
        return ""
    day = str(start).replace("T", " ").removesuffix(" 00:00:00")
    held = cash * (1 + hold_pct / 100)
    sentence = (
        f"Buying {symbol} on {day}, the first day the bot could trade, and holding would have "
        f"ended with ${held:,.0f} ({hold_pct:+.1f}%)"
    )
    if return_pct is None:
        return sentence + "."
    better = "better" if return_pct > hold_pct else "worse"
    return sentence + f", so the bot did {better} than holding."
