"""Headline metrics: from backtesting.py's stats, or parsed from a script bot's output.

Metric names, units and explanations are defined once in :mod:`engine.results`.
"""

from __future__ import annotations

import json
import math
import re

from engine.results import METRIC, METRIC_NAMES, METRICS

# backtesting.py stats key -> (metric name, scale)
STATS_TO_METRIC: dict[str, tuple[str, float]] = {m.stats_key: (m.name, m.scale) for m in METRICS}
#: Metrics where more is better (``max_drawdown`` is <= 0, so closer to 0 is more). The others
#: (trades, exposure, buy and hold) describe a run without ranking it.
HIGHER_IS_BETTER: tuple[str, ...] = tuple(m.name for m in METRICS if m.ranks)
EXPLANATIONS: dict[str, str] = {m.name: m.explanation for m in METRICS}
LABELS: dict[str, str] = {m.name: m.label for m in METRICS}

# Keys a script might print in a JSON object, mapped to our names (compared lower-cased).
_JSON_ALIASES: dict[str, tuple[str, float]] = {
    **{key.lower(): value for key, value in STATS_TO_METRIC.items()},
    **{name: (name, 1.0) for name in METRIC_NAMES},
    **{m.column: (m.name, 1.0) for m in METRICS if m.column},  # max_drawdown_pct
    "return": ("return_pct", 1.0),
    "total_return_pct": ("return_pct", 1.0),
    "total_pnl_percent": ("return_pct", 1.0),
    "sharpe": ("sharpe_ratio", 1.0),
    "sortino": ("sortino_ratio", 1.0),
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


def format_metric(name: str, value) -> str:
    """One metric as people read it: signs on returns, % where it is a percentage."""
    return METRIC[name].text(value)
