"""Headline metrics: from backtesting.py's stats, or parsed from a script bot's output.

Metric names are those of :class:`engine.execution.result.BotExecutionResult`. Units:
percentages are in
percent, except ``win_rate`` which is a fraction (0-1); ``max_drawdown`` is in percent and <= 0.
"""

from __future__ import annotations

import json
import math
import re

# backtesting.py stats key -> (metric name, scale)
STATS_TO_METRIC: dict[str, tuple[str, float]] = {
    "Return [%]": ("return_pct", 1.0),
    "Buy & Hold Return [%]": ("buy_hold_return_pct", 1.0),
    "CAGR [%]": ("cagr_pct", 1.0),
    "Sharpe Ratio": ("sharpe_ratio", 1.0),
    "Sortino Ratio": ("sortino_ratio", 1.0),
    "Calmar Ratio": ("calmar_ratio", 1.0),
    "Max. Drawdown [%]": ("max_drawdown", 1.0),
    "Win Rate [%]": ("win_rate", 0.01),
    "# Trades": ("trades", 1.0),
    "Profit Factor": ("profit_factor", 1.0),
    "Exposure Time [%]": ("exposure_pct", 1.0),
    "SQN": ("sqn", 1.0),
    "Equity Final [$]": ("final_equity", 1.0),
}
METRIC_NAMES: tuple[str, ...] = tuple(name for name, _ in STATS_TO_METRIC.values())
#: Metrics where more is better (``max_drawdown`` is <= 0, so closer to 0 is more). The others
#: (trades, exposure, buy and hold) describe a run without ranking it.
HIGHER_IS_BETTER: tuple[str, ...] = (
    "return_pct",
    "cagr_pct",
    "sharpe_ratio",
    "sortino_ratio",
    "calmar_ratio",
    "max_drawdown",
    "win_rate",
    "profit_factor",
    "sqn",
    "final_equity",
)

# One-line explanations, for people who do not read stats tables for a living.
EXPLANATIONS: dict[str, str] = {
    "return_pct": "How much the account grew or shrank over the whole test.",
    "buy_hold_return_pct": (
        "What buying on the first day the bot could trade (after its indicators warmed up) and "
        "holding to the end would have made."
    ),
    "cagr_pct": "The average yearly growth rate, compounded.",
    "sharpe_ratio": "Return per unit of ups and downs; above 1 is good, above 2 very good.",
    "sortino_ratio": "Like Sharpe, but only counts the downs as risk.",
    "calmar_ratio": "Yearly return divided by the worst drop; higher is better.",
    "max_drawdown": "The worst fall from a peak before a new high, in percent.",
    "win_rate": "The share of trades that made money.",
    "trades": "How many trades the bot closed.",
    "profit_factor": "Money won on winners divided by money lost on losers; above 1 is a profit.",
    "exposure_pct": "The share of the time the bot held a position.",
    "sqn": "System Quality Number: trade consistency; above 2 is decent, above 3 good.",
    "final_equity": "What the account was worth at the end.",
}

# Keys a script might print in a JSON object, mapped to our names (compared lower-cased).
_JSON_ALIASES: dict[str, tuple[str, float]] = {
    **{key.lower(): value for key, value in STATS_TO_METRIC.items()},
    **{name: (name, 1.0) for name in METRIC_NAMES},
    "return": ("return_pct", 1.0),
    "total_return_pct": ("return_pct", 1.0),
    "total_pnl_percent": ("return_pct", 1.0),
    "sharpe": ("sharpe_ratio", 1.0),
    "sortino": ("sortino_ratio", 1.0),
    "max_drawdown_pct": ("max_drawdown", 1.0),
    "total_trades": ("trades", 1.0),
    "num_trades": ("trades", 1.0),
    "win_rate_pct": ("win_rate", 0.01),
}


def metrics_from_stats(stats: dict) -> dict:
    """Headline metrics from a JSON-safe stats dict keyed as backtesting.py names them."""
    metrics = dict.fromkeys(METRIC_NAMES)
    for key, (name, scale) in STATS_TO_METRIC.items():
        metrics[name] = _scaled(stats.get(key), scale)
    if metrics["trades"] is not None:
        metrics["trades"] = int(metrics["trades"])
    return metrics


def parse_script_output(text: str) -> dict | None:
    """Metrics from a script's output: a JSON object first, then a printed stats table."""
    return _from_json(text) or _from_stats_table(text)


def _from_json(text: str) -> dict | None:
    for candidate in reversed(_json_objects(text)):
        metrics = dict.fromkeys(METRIC_NAMES)
        found = False
        for key, value in _flatten(candidate).items():
            alias = _JSON_ALIASES.get(key.lower())
            if alias and metrics[alias[0]] is None:
                metrics[alias[0]] = _scaled(value, _win_rate_scale(alias, value))
                found = True
        if found:
            return _finish(metrics)
    return None


def _win_rate_scale(alias: tuple[str, float], value) -> float:
    # "win_rate": 0.55 is a fraction, "win_rate": 55 a percentage; be tolerant of both.
    name, scale = alias
    if name == "win_rate" and scale == 1.0 and isinstance(value, int | float) and value > 1:
        return 0.01
    return scale


def _json_objects(text: str) -> list[dict]:
    decoder = json.JSONDecoder()
    found, index = [], 0
    while (index := text.find("{", index)) != -1:
        try:
            obj, end = decoder.raw_decode(text, index)
        except ValueError:
            index += 1
            continue
        if isinstance(obj, dict):
            found.append(obj)
        index = end
    return found


def _flatten(obj: dict, depth: int = 0) -> dict:
    flat: dict = {}
    for key, value in obj.items():
        if isinstance(value, dict) and depth < 2:
            for inner_key, inner in _flatten(value, depth + 1).items():
                flat.setdefault(inner_key, inner)
        else:
            flat.setdefault(str(key), value)
    return flat


_TABLE_LINE = re.compile(r"^(?P<key>[A-Za-z#&.$%()\[\] ]+?)\s{2,}(?P<value>\S+)\s*$")


def _from_stats_table(text: str) -> dict | None:
    metrics = dict.fromkeys(METRIC_NAMES)
    found = False
    for line in text.splitlines():
        match = _TABLE_LINE.match(line.strip())
        if not match or match["key"] not in STATS_TO_METRIC:
            continue
        name, scale = STATS_TO_METRIC[match["key"]]
        metrics[name] = _scaled(match["value"], scale)
        found = True
    return _finish(metrics) if found else None


def _finish(metrics: dict) -> dict:
    if metrics["trades"] is not None:
        metrics["trades"] = int(metrics["trades"])
    win_rate = metrics["win_rate"]
    if win_rate is not None and not 0 <= win_rate <= 1:
        metrics["win_rate"] = None  # a script printed something that is not a rate
    return metrics


def _scaled(value, scale: float) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return number * scale


def format_summary(result) -> str:
    """A readable metrics summary of a :class:`BotExecutionResult` (the ``.txt`` result file):
    the same labels, units and warning words as the report and the dashboard."""
    from engine.wording import plain_warning

    data = result.data or {}
    lines = [
        f"Botlab run {result.execution_id}: {result.strategy_name}",
        f"Status:    {result.status}"
        + (f" ({result.error_type}: {result.error})" if result.error else ""),
    ]
    if data:
        lines.append(
            f"Data:      {data.get('symbol')} {data.get('interval')} from {data.get('start')} "
            f"to {data.get('end')} ({data.get('bars')} bars, {data.get('source')})"
        )
    lines.append(f"Duration:  {result.duration:.2f} s")
    if result.success:
        lines += ["", "Performance"]
        for name in METRIC_NAMES:
            lines.append(f"  {LABELS[name]:<22} {format_metric(name, getattr(result, name))}")
        if data.get("buy_hold_start"):
            lines.append(
                f"  {'(buy & hold bought on':<22} {data['buy_hold_start']}, the first day the "
                "bot could trade)"
            )
    for warning in result.warnings:
        notice = plain_warning(warning)
        lines.append(f"Warning:   {notice.title}: {notice.message}")
    return "\n".join(lines) + "\n"


LABELS: dict[str, str] = {
    "return_pct": "Return",
    "buy_hold_return_pct": "Buy & hold return",
    "cagr_pct": "Yearly growth (CAGR)",
    "sharpe_ratio": "Sharpe ratio",
    "sortino_ratio": "Sortino ratio",
    "calmar_ratio": "Calmar ratio",
    "max_drawdown": "Max drawdown",
    "win_rate": "Win rate",
    "trades": "Trades",
    "profit_factor": "Profit factor",
    "exposure_pct": "Time in market",
    "sqn": "SQN",
    "final_equity": "Final equity",
}


def format_metric(name: str, value) -> str:
    """One metric as people read it: signs on returns, % where it is a percentage."""
    if value is None:
        return "n/a"
    if name in ("return_pct", "buy_hold_return_pct", "cagr_pct", "max_drawdown"):
        return f"{value:+.2f}%"
    if name == "exposure_pct":
        return f"{value:.1f}%"
    if name == "win_rate":
        return f"{value * 100:.1f}%"
    if name == "trades":
        return str(int(value))
    if name == "final_equity":
        return f"${value:,.2f}"
    return f"{value:.2f}"
