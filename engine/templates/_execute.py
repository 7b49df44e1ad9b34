"""``execute_script``: the seed's request/response contract, as one plain function.

Request::

    {"scriptTemplate": "orb", "parameters": {"ticker": "AAPL", "date": "2024-05-01", ...}}

Response on success::

    {"success": true, "executionId": 12, "executionTime": 1.234,
     "results": {"backtest": {...}, "trades": [...], "metrics": {...}, "summary": "...",
                 "warnings": [...]}}

``backtest``: ``symbol`` (``KO/PEP`` for a pair), ``timeframe``, ``start``/``end`` (ISO bar
times), ``bars``, ``cash``, ``commission``, ``data_source`` (where the bars came from), and
``return_pct``, ``buy_hold_return_pct``, ``sharpe_ratio``, ``max_drawdown_pct`` (percent, <= 0)
from backtesting.py, and ``buy_hold_start`` (the bar whose close buy and hold is bought at: the
first bar the bot could trade). ``trades``: one object per closed trade with the seed's keys
``entry_price``, ``entry_time``, ``exit_price``, ``exit_time``, ``exit_reason`` (the template's
words: ``trailing_stop``, ``session_close``, ``stop_loss``, ``reverted``, ``max_hold``,
``end_of_data``), ``pnl``, ``pnl_percent`` (the trade's return in percent) and
``highest_price`` (the highest High from the entry bar to the exit bar, both included, for
shorts too), plus ``side`` and ``size`` (units, negative for shorts). ``metrics``:
``total_trades``, ``winning_trades`` (pnl > 0), ``win_rate`` (percent, as the seed),
``total_pnl`` and ``total_pnl_percent`` (of the starting cash). ``summary``: one sentence.
``warnings``: what loading the data and running the bot noticed. ``executionTime``: seconds,
the whole request.

On failure: ``{"success": false, "error": "...", "errorType": "...", "executionTime": ...}``,
plus ``parameter`` for bad input (``errorType`` ``invalid_parameters``), ``dataErrorCode`` when
data could not be loaded (``data_unavailable``; the code is :data:`engine.data.ERROR_CODES`'),
and ``executionId`` when the run was recorded and failed (``errorType`` is then the executor's:
``strategy_error``, ``timeout``...). Bad input and missing data record nothing.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pandas as pd
from pydantic import ValidationError

from engine.config import load_settings
from engine.data import DataError
from engine.templates._data import DataArg, Prepared, data_by_ticker
from engine.templates._errors import TemplateError, from_validation_error
from engine.templates._params import TemplateParams
from engine.templates._template import Template

DEFAULT_TIMEOUT = 30.0
REQUEST_FIELDS = ("scriptTemplate", "parameters")
INVALID_PARAMETERS = "invalid_parameters"
DATA_UNAVAILABLE = "data_unavailable"


def get_template(name: Any) -> Template:
    """The template called ``name``; a :class:`TemplateError` listing the known ones if none."""
    from engine.templates import TEMPLATES

    if isinstance(name, str) and name in TEMPLATES:
        return TEMPLATES[name]
    raise TemplateError(
        f"scriptTemplate: unknown template {name!r}; known templates: {', '.join(TEMPLATES)}",
        "scriptTemplate",
    )


def validate(name: str, parameters: Mapping[str, Any]) -> TemplateParams:
    """The validated parameters of template ``name``, or a :class:`TemplateError`."""
    template = get_template(name)
    if not isinstance(parameters, Mapping):
        raise TemplateError(
            f"parameters: expected an object of {name} parameters, got {parameters!r}",
            "parameters",
        )
    try:
        params = template.params.model_validate(dict(parameters))
    except ValidationError as exc:
        raise from_validation_error(exc, template.params, name) from None
    params.check()
    return params


def parse_request(request: Any) -> tuple[Template, TemplateParams]:
    """The template and validated parameters of a seed request (a :class:`TemplateError`)."""
    if not isinstance(request, Mapping):
        raise TemplateError(
            'the request must be an object: {"scriptTemplate": NAME, "parameters": {...}}'
        )
    unknown = [str(key) for key in request if key not in REQUEST_FIELDS]
    if unknown:
        raise TemplateError(
            f"unknown request field {unknown[0]!r}; a request has only "
            f"{' and '.join(REQUEST_FIELDS)}",
            unknown[0],
        )
    if "scriptTemplate" not in request:
        raise TemplateError("scriptTemplate: missing (the template's name)", "scriptTemplate")
    template = get_template(request["scriptTemplate"])
    return template, validate(template.name, request.get("parameters", {}))


def execute_script(
    request: Any,
    *,
    data: DataArg = None,
    executor=None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict:
    """Run a seed request end to end and answer with the seed's response (see module doc).

    ``data``: ``None`` (load through :mod:`engine.data`), a path or DataFrame for the request's
    first ticker, or ``{ticker: path or DataFrame}``. ``executor``: a
    :class:`~engine.execution.executor.BotExecutor` (default: a new one, not verbose).
    ``timeout``: the
    run's wall-clock limit in seconds. Bad input and missing data are answered without
    recording anything; every run the executor starts is stored, ``strategy_source="template"``.
    """
    clock = time.perf_counter()
    try:
        template, params = parse_request(request)
        settings = executor.settings if executor is not None else load_settings()
        bars = template.prepare(params, data_by_ticker(data, params.tickers()), settings)
    except TemplateError as exc:
        return _failure(clock, str(exc), INVALID_PARAMETERS, parameter=exc.parameter)
    except DataError as exc:
        return _failure(clock, str(exc), DATA_UNAVAILABLE, dataErrorCode=exc.code)
    if executor is None:
        from engine.execution.executor import BotExecutor

        executor = BotExecutor(verbose=False, timeout_seconds=timeout)
    result = run_template(template, params, bars, executor, timeout)
    if not result.success:
        return _failure(
            clock,
            result.error or f"the run ended as {result.status}",
            result.error_type or result.status,
            executionId=result.execution_id,
        )
    return {
        "success": True,
        "executionId": result.execution_id,
        "results": build_results(template, params, bars, result),
        "executionTime": _elapsed(clock),
    }


def run_template(template: Template, params: TemplateParams, bars: Prepared, executor, timeout):
    """Render the bot, run it on ``bars`` through ``executor`` and record the data's source."""
    from engine.templates import render

    return executor.execute_code(
        render(template.name, params),
        params.strategy_name(),
        test_symbol=bars.symbol,
        data=bars.frame,
        cash=params.cash,
        commission=params.commission,
        timeout=timeout,
        interval=bars.interval,
        strategy_class=template.strategy_class,
        description=f"{template.title} (template {template.name})",
        strategy_source="template",
        spec={"template": template.name, "parameters": params.request_parameters()},
        data_source=bars.source,
    )


def build_results(template: Template, params: TemplateParams, bars: Prepared, result) -> dict:
    """The ``results`` object of a successful run."""
    trades = [trade_row(t, bars.frame, template, params) for t in result.trade_list]
    metrics = trade_metrics(trades, params.cash)
    return {
        "backtest": {
            "symbol": bars.symbol,
            "timeframe": bars.interval,
            "start": bars.start.isoformat(),
            "end": bars.end.isoformat(),
            "bars": len(bars.frame),
            "cash": params.cash,
            "commission": params.commission,
            "data_source": bars.source,
            "return_pct": result.return_pct,
            "buy_hold_return_pct": result.buy_hold_return_pct,
            "buy_hold_start": (result.data or {}).get("buy_hold_start"),
            "sharpe_ratio": result.sharpe_ratio,
            "max_drawdown_pct": result.max_drawdown,
        },
        "trades": trades,
        "metrics": metrics,
        "summary": summary(template.headline(params, bars), metrics, params.cash, result),
        "warnings": [*bars.warnings, *result.warnings],
    }


def trade_row(trade: dict, frame: pd.DataFrame, template: Template, params) -> dict:
    """One closed trade in the seed's shape (plus ``side`` and ``size``)."""
    entry, exit_ = trade["entry_bar"], trade["exit_bar"]
    return {
        "entry_price": trade["entry_price"],
        "entry_time": trade["entry_time"],
        "exit_price": trade["exit_price"],
        "exit_time": trade["exit_time"],
        "exit_reason": template.exit_reason(trade, frame, params),
        "pnl": trade["pnl"],
        "pnl_percent": trade["return_pct"],
        "highest_price": float(frame["High"].iloc[entry : exit_ + 1].max()),
        "side": "long" if (trade.get("size") or 0) > 0 else "short",
        "size": trade.get("size"),
    }


def trade_metrics(trades: list[dict], cash: float) -> dict:
    """Counts and totals over closed trades; ``win_rate`` in percent, as the seed has it."""
    winning = sum(1 for t in trades if (t["pnl"] or 0) > 0)
    total = float(sum(t["pnl"] or 0 for t in trades))
    return {
        "total_trades": len(trades),
        "winning_trades": winning,
        "win_rate": 100.0 * winning / len(trades) if trades else 0.0,
        "total_pnl": total,
        "total_pnl_percent": 100.0 * total / cash,
    }


def summary(headline: str, metrics: dict, cash: float, result) -> str:
    """One plain-English sentence: what ran, and how it went."""
    n = metrics["total_trades"]
    if n == 0:
        cause = next(
            (w.split(": ", 2)[-1] for w in result.warnings if w.startswith("no_trades:")),
            "its entry conditions were never met",
        )
        return f"{headline}: no trades, because {cause}."
    pnl = metrics["total_pnl"]
    return (
        f"{headline}: {n} trade{'s' if n != 1 else ''}, {metrics['winning_trades']} winning "
        f"({metrics['win_rate']:.0f}%), total P&L {'-' if pnl < 0 else '+'}${abs(pnl):,.2f} "
        f"({metrics['total_pnl_percent']:+.2f}% of ${cash:,.0f} starting cash)."
    )


def _failure(clock: float, error: str, error_type: str, **extra) -> dict:
    response = {"success": False, "error": error, "errorType": error_type}
    response.update({key: value for key, value in extra.items() if value is not None})
    response["executionTime"] = _elapsed(clock)
    return response


def _elapsed(clock: float) -> float:
    return round(time.perf_counter() - clock, 3)
