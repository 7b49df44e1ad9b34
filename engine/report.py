"""A run as one self-contained HTML file: open it anywhere, offline, and see how the bot did.

>>> from engine.report import render_report
>>> html = render_report(result.to_dict(), code=code, price=market.frame)
>>> Path("run-12.html").write_text(html, encoding="utf-8")

The page holds everything it needs: the headline metrics with a one-line explanation each, the
equity curve against buy and hold, the drawdown ("underwater") chart, the price with entries and
exits, the trades, every statistic, the data's source and range, the sandbox report and the
bot's code. Plotly's JavaScript is inlined once (about 4.5 MB), so the charts stay interactive
without a network. No Streamlit here: the dashboard calls this for its download button, and so
can a script.

The page is the template ``report.html.jinja`` beside this module, autoescaped: a strategy name,
an error message or a line of code holding ``<script>`` is shown as text. Its words are the
engine's own (:mod:`engine.wording`), the ones the dashboard shows. Printed or saved as PDF
(its "Print or save as PDF" button), it reads on paper: white background, each part from a new
page, tables wrapped to the page's width, and each chart as a still picture drawn to fit.

``result`` is the shape of :meth:`engine.execution.result.BotExecutionResult.to_dict` (the
``botlab run --json`` document); ``price`` an OHLC frame with a DatetimeIndex (optional: without
it there is no buy-and-hold line and no price chart).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

import jinja2
import pandas as pd
from markupsafe import Markup

from engine import charts, wording
from engine.results import (
    HEADLINE,  # the cards on top: buying and holding is a card of its own
    Analysis,
    long_short_figures,
)


def render_report(
    result: Mapping[str, Any],
    *,
    code: str | None = None,
    price: pd.DataFrame | None = None,
    generated_at: datetime | None = None,
) -> str:
    """The run ``result`` (``BotExecutionResult.to_dict()``) as a standalone HTML page."""
    metrics = result.get("metrics") or {}
    trades = list(result.get("trades") or [])
    data = result.get("data") or {}
    analysis = Analysis.model_validate(result.get("analysis") or {})
    succeeded = result.get("status") == "succeeded"
    name = str(result.get("strategy_name") or "Bot")
    run_id = result.get("execution_id")
    return _template().render(
        title=f"Botlab run {run_id}: {name}" if run_id is not None else f"Botlab: {name}",
        subtitle=_subtitle(result, data),
        failure=None if succeeded else _failure(result),
        headline=headline(result) if succeeded else "",
        notices=[wording.plain_warning(warning) for warning in result.get("warnings") or []],
        cards=_cards(metrics) if succeeded and metrics else [],
        charts=_charts(result.get("equity_curve") or {}, trades, price),
        months=charts.MONTHS,
        monthly=analysis.monthly_returns,
        long_short=long_short_figures(analysis.long_short),
        trade_columns=_TRADE_COLUMNS,
        trades=[_trade_row(trade) for trade in trade_rows(trades)],
        stats=wording.plain_stats(dict(result["stats"])) if result.get("stats") else [],
        details=_details(result, data, analysis),
        sandbox=result.get("sandbox"),
        code=code,
        stamp=(generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    )


@cache
def _template() -> jinja2.Template:
    # autoescape on whatever the file is called: names, messages and code from a bot are text;
    # a key an older stored run lacks (a month's figure, say) is left empty, as before
    environment = jinja2.Environment(autoescape=True)
    environment.globals["tone"] = _tone
    return environment.from_string(
        files("engine").joinpath("report.html.jinja").read_text(encoding="utf-8")
    )


def headline(result: Mapping[str, Any]) -> str:
    """The run in a sentence or two: the money, then buying and holding from the first day the
    bot could trade (named), as the dashboard says it."""
    metrics = result.get("metrics") or {}
    data = result.get("data") or {}
    return wording.run_sentence(
        cash=result.get("cash"),
        final_equity=metrics.get("final_equity"),
        return_pct=metrics.get("return_pct"),
        symbol=data.get("symbol"),
        buy_hold_start=data.get("buy_hold_start"),
        buy_hold_return_pct=metrics.get("buy_hold_return_pct"),
    )


def _tone(value) -> str:
    """The CSS class of a signed number: green above zero, red below."""
    if not isinstance(value, int | float) or not math.isfinite(value) or value == 0:
        return ""
    return "pos" if value > 0 else "neg"


def _subtitle(result: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    symbol = data.get("symbol") or result.get("test_symbol") or ""
    interval = f" ({data['interval']} bars)" if data.get("interval") else ""
    period = ""
    if data.get("start") or data.get("end"):
        period = f" · {_day(data.get('start'))} to {_day(data.get('end'))}"
    return f"{wording.status_label(result.get('status'))} · {symbol}{interval}{period}"


class Failure(NamedTuple):
    kind: str
    message: str


def _failure(result: Mapping[str, Any]) -> Failure:
    kind = (result.get("error_type") or "").replace("_", " ").capitalize()
    return Failure(kind, _first_line(result.get("error") or "The run did not finish."))


def _cards(metrics: Mapping[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "label": wording.metric_label(name),
            "text": wording.metric_text(name, metrics.get(name)),
            "tone": _tone(metrics.get(name)) if name in ("return_pct", "cagr_pct") else "",
            "why": wording.metric_explanation(name),
        }
        for name in HEADLINE
    ]


def _charts(curve: Mapping[str, Any], trades, price) -> list[dict[str, Any]]:
    figures = []
    if curve.get("equity"):
        # the run's own buy-and-hold line: from the first bar the bot could trade, ending at
        # the reported buy-and-hold return
        benchmark = charts.buy_hold_series(curve)
        figures.append(("How the account grew", charts.equity_figure(curve, benchmark)))
        figures.append(("Drops from the previous peak", charts.drawdown_figure(curve)))
    if price is not None and not price.empty:
        figures.append(("Price, with entries and exits", charts.price_figure(price, trades)))
    return [
        {
            "heading": heading,
            # Plotly's own markup (its JSON escapes "<"); plotly.js inlined once, so the
            # report needs no network
            "html": Markup(
                figure.to_html(
                    full_html=False,
                    include_plotlyjs=index == 0,
                    div_id=f"chart-{index}",  # not a random id: the same run, the same file
                    config={"displaylogo": False, "responsive": True},
                )
            ),
        }
        for index, (heading, figure) in enumerate(figures)
    ]


class Column(NamedTuple):
    key: str
    label: str
    css: str


_TRADE_COLUMNS = (
    Column("seq", "#", "l"),
    Column("direction", "Direction", "l"),
    Column("entry_time", "Entry", "l date"),
    Column("entry_price", "Entry price", ""),
    Column("exit_time", "Exit", "l date"),
    Column("exit_price", "Exit price", ""),
    Column("size", "Size", ""),
    Column("pnl", "Profit ($)", ""),
    Column("return_pct", "Return (%)", ""),
    Column("mfe_pct", "Run-up (%)", ""),
    Column("mae_pct", "Drawdown (%)", ""),
    Column("exit_reason", "Why it closed", "l"),
)


class Cell(NamedTuple):
    text: str
    css: str


def trade_rows(trades: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The trades as every table of them reads (the report's, the CSV download's): each one's
    ``seq`` (counted from 1 where it has none), ``direction`` (Long or Short, by the size's
    sign), ``size`` unsigned, ``bars_held`` and ``exit_reason`` in words; the rest as stored,
    ``None`` where unknown. Each table formats the numbers its own way."""
    rows = []
    for position, trade in enumerate(trades, start=1):
        size, reason = trade.get("size"), trade.get("exit_reason")
        first, last = trade.get("entry_bar"), trade.get("exit_bar")
        rows.append(
            {
                **trade,
                "seq": trade.get("seq") or position,
                "direction": "Long" if (size or 0) >= 0 else "Short",
                "size": None if size is None else abs(float(size)),
                "bars_held": None if first is None or last is None else int(last) - int(first),
                "exit_reason": wording.exit_reason_text(reason),
            }
        )
    return rows


def _trade_row(row: Mapping[str, Any]) -> list[Cell]:
    return [
        Cell(
            _trade_value(row, column.key),
            f"{column.css} {_tone(row.get(column.key))}".strip()
            if column.key in ("pnl", "return_pct")
            else column.css,
        )
        for column in _TRADE_COLUMNS
    ]


def _trade_value(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None or key in ("seq", "direction", "exit_reason"):
        return "" if value is None else str(value)
    if key in ("entry_time", "exit_time"):
        return _day(value)
    if key == "size":
        return f"{value:,.4g}"
    if key in ("return_pct", "mae_pct", "mfe_pct"):
        return f"{float(value):+.2f}"
    if key == "pnl":
        return f"{float(value):+,.2f}"
    return f"{float(value):,.2f}"


def _details(
    result: Mapping[str, Any], data: Mapping[str, Any], analysis: Analysis
) -> list[tuple[str, Any]]:
    """The run's settings and where its data came from, as (label, value) pairs."""
    items = [
        ("Strategy", result.get("strategy_name")),
        ("Symbol", data.get("symbol")),
        ("Data source", data.get("source")),
        ("Bar interval", data.get("interval")),
        ("From", _day(data.get("start"))),
        ("To", _day(data.get("end"))),
        ("Bars", data.get("bars")),
        ("Starting cash", None if result.get("cash") is None else f"${result['cash']:,.2f}"),
        (
            "Commission",
            None if result.get("commission") is None else f"{result['commission'] * 100:.3g}%",
        ),
        ("Spread", None if result.get("spread") is None else f"{result['spread'] * 100:.3g}%"),
        ("Buy and hold from", _day(data.get("buy_hold_start"))),
        ("Parameters", analysis.parameters_text()),
        ("Started", _day(result.get("started_at"))),
        ("Duration", _seconds(result.get("duration_s"))),
        ("Sandbox", wording.sandbox_text(result.get("sandbox"))),
    ]
    return [(label, value) for label, value in items if value not in (None, "")]


def _seconds(value) -> str | None:
    return None if value is None else f"{float(value):.2f} s"


def _first_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[-1] if lines and lines[0].startswith("Traceback") else (lines[0] if lines else "")


def _day(value) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    if isinstance(value, datetime):
        text = value.isoformat()
    text = text.replace("T", " ")[:16]
    return text.removesuffix(" 00:00")


# -- a stored run --------------------------------------------------------------------------------


def report_for_run(store, run_id: int, settings=None) -> str:
    """The report of stored run ``run_id``: what the dashboard's "Report (HTML)" download and
    ``botlab report RUN_ID -o FILE`` write. Raises ``LookupError`` when there is no such run."""
    from engine.execution.stored import result_from_record

    record = store.get_execution(run_id)
    if record is None:
        raise LookupError(f"no run with id {run_id}")
    strategy = store.get_strategy(record.strategy_id)
    result = result_from_record(record, store, with_log=False)
    return render_report(
        result.to_dict(),
        code=strategy.code if strategy else None,
        price=run_price(record, settings),
    )


def run_price(record, settings=None) -> pd.DataFrame | None:
    """The bars a stored run was tested on (for the price chart), loaded again from where they
    came from (a bundled sample, the Yahoo cache, a file), or ``None`` when they cannot be."""
    from engine.data import DataError, load_ohlcv

    source = record.data_source or ""
    if not record.symbol and not source.startswith("file:"):
        return None
    kwargs: dict[str, Any] = {"interval": record.interval}
    if source.startswith("file:"):
        kwargs["path"] = source.split(":", 1)[1]
    elif source.startswith(("sample", "yahoo")):
        kwargs["source"] = "sample" if source.startswith("sample") else "yahoo"
    else:
        return None
    for key, value in (("start", record.data_start), ("end", record.data_end)):
        if value is not None:
            stamp = pd.Timestamp(value)
            kwargs[key] = stamp.tz_convert(None) if stamp.tzinfo else stamp
    try:
        return load_ohlcv(record.symbol, settings=settings, **kwargs).frame
    except (DataError, OSError, ValueError):
        return None


#: The trades CSV's columns: (header, trade key, decimals). Money to the cent, percents to
#: 1/10,000 of a percent; prices to the cent (4 decimals below $10: currency pairs, pennies).
CSV_COLUMNS = (
    ("#", "seq", None),
    ("Direction", "direction", None),
    ("Entry time", "entry_time", None),
    ("Entry price", "entry_price", "price"),
    ("Exit time", "exit_time", None),
    ("Exit price", "exit_price", "price"),
    ("Size", "size", None),
    ("Profit ($)", "pnl", 2),
    ("Commission ($)", "commission", 2),
    ("Return (%)", "return_pct", 4),
    ("Run-up (%)", "mfe_pct", 4),
    ("Drawdown (%)", "mae_pct", 4),
    ("Bars held", "bars_held", None),
    ("Why it closed", "exit_reason", None),
)


def trades_csv(trades: Sequence[Mapping[str, Any]]) -> str:
    """The trades as CSV (the dashboard's "Trades (CSV)" download), one row per trade."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _, _ in CSV_COLUMNS])
    for row in trade_rows(trades):
        writer.writerow([_csv_value(row, key, digits) for _, key, digits in CSV_COLUMNS])
    return out.getvalue()


def _csv_value(row: Mapping[str, Any], key: str, digits):
    value = row.get(key)
    if value is None:
        return ""
    if key in ("entry_time", "exit_time"):
        return str(value).replace("T", " ").removesuffix("+00:00")
    if key == "size":
        return f"{value:g}"
    if digits is None:  # its number, direction, bars held, why it closed: as trade_rows has them
        return value
    if digits == "price":
        digits = 2 if abs(float(value)) >= 10 else 4
    return f"{float(value):.{digits}f}"
