"""A run as the store keeps it, and back: the metric and equity forms of
:meth:`engine.store.Store.finish_execution`, and :func:`result_from_record`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from engine.execution.result import BotExecutionResult
from engine.metrics import METRIC_NAMES
from engine.results import metrics_for_store, metrics_from_store


def store_metrics(metrics: dict) -> dict:
    """The result's metrics under the store's column names."""
    return metrics_for_store(metrics)


def store_equity(array: np.ndarray | None) -> dict | None:
    """The curve for the store, kept as arrays (the store downsamples them vectorised)."""
    if array is None:
        return None
    times = array[0].astype(np.int64).astype("datetime64[ms]")
    curve = {"time": times, "equity": array[1], "drawdown_pct": array[2]}
    if len(array) > 3:
        curve["buy_hold"] = array[3]
    return curve


def buy_hold_start(result: BotExecutionResult):
    """The buy-and-hold start bar as a timestamp for the store (None for bar numbers)."""
    return timestamp_or_none((result.analysis or {}).get("buy_hold_start"))


def script_run_fields(result: BotExecutionResult, equity: np.ndarray | None) -> dict:
    """The execution columns a script's own backtest decides (its bar size is told from the
    equity curve's times), also set on ``result.data``."""
    if equity is not None and len(equity[0]) > 1 and equity[0][0] > 0:
        from engine.data._clean import infer_interval

        result.data["interval"] = infer_interval(pd.to_datetime(equity[0], unit="ms"))
    data = result.data
    return {
        "symbol": data.get("symbol"),
        "interval": data.get("interval"),
        "data_source": "script",
        "data_start": timestamp_or_none(data.get("start")),
        "data_end": timestamp_or_none(data.get("end")),
        "bars": data.get("bars"),
        "cash": result.cash,
        "commission": result.commission,
        "spread": result.spread,
    }


def timestamp_or_none(text):
    """``text`` as a ``datetime``, or None when empty or not a time."""
    try:
        return None if not text else pd.Timestamp(text).to_pydatetime()
    except (TypeError, ValueError):
        return None


def record_dict(record) -> dict:
    """A stored row (named tuple, dataclass or mapping) as a plain dict."""
    if hasattr(record, "_asdict"):  # ExecutionRecord, a named tuple
        return record._asdict()
    return asdict(record) if hasattr(record, "__dataclass_fields__") else dict(record)


def result_from_record(record, store, *, with_log: bool = True) -> BotExecutionResult:
    """Rebuild a :class:`BotExecutionResult` from a stored execution (``with_log=False`` skips
    reading the log file, up to 10 MB, when only the results are wanted)."""
    metrics = metrics_from_store(record.metrics)
    equity = store.get_equity(record.id) or {}
    curve = {}
    if equity:
        curve = {
            "time_ms": [int(t.timestamp() * 1000) for t in equity["time"]],
            "equity": list(equity["equity"]),
            "drawdown_pct": list(equity["drawdown_pct"]),
        }
        if "buy_hold" in equity:
            curve["buy_hold"] = list(equity["buy_hold"])
    result = BotExecutionResult(
        execution_id=record.id,
        success=record.status == "succeeded",
        status=record.status,
        strategy_name=record.strategy_name,
        equity_curve=curve,
        trade_list=[_trade_dict(t) for t in store.get_trades(record.id)],
        stats=record.stats or {},
        results_file=record.json_path,
        output_log=_read_text(record.log_path) if with_log else "",
        execution_timestamp=_iso(record.started_at or record.created_at),
        test_symbol=record.symbol,
        test_period_days=record.test_period_days,
        duration=record.duration_s or 0.0,
        error=record.error_message,
        error_type=record.error_type,
        warnings=list(record.warnings or []),
        data=record.data,
        files={
            k: v
            for k, v in (
                ("log", record.log_path),
                ("json", record.json_path),
                ("metrics", record.metrics_path),
            )
            if v
        },
        kind=record.kind or "strategy",
        sandbox_report=record.sandbox_report or "",
        cash=record.cash,
        commission=record.commission,
        spread=record.spread,
        analysis=dict(record.analysis or {}),
        hints=list(record.error_hints or []),
    )
    for name in METRIC_NAMES:
        setattr(result, name, metrics.get(name))
    return result


def _trade_dict(trade) -> dict:
    row = record_dict(trade)
    for key in ("entry_time", "exit_time"):
        if isinstance(row.get(key), datetime):
            row[key] = row[key].isoformat()
    row.pop("id", None)
    row.pop("execution_id", None)
    return row


def _read_text(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
