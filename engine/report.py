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

``result`` is the shape of :meth:`engine.execution.result.BotExecutionResult.to_dict` (the
``botlab run --json`` document); ``price`` an OHLC frame with a DatetimeIndex (optional: without
it there is no buy-and-hold line and no price chart).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from engine import charts, wording
from engine.metrics import EXPLANATIONS, LABELS, format_metric

#: The metric cards at the top of the report, in order.
HEADLINE = (
    "return_pct",
    "buy_hold_return_pct",
    "cagr_pct",
    "sharpe_ratio",
    "max_drawdown",
    "win_rate",
    "trades",
    "profit_factor",
    "exposure_pct",
)

_CSS = """
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
margin:0;background:#f8fafc;color:#0f172a;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}
.muted{color:#64748b}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));
gap:12px;margin-top:16px}.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;
padding:12px 14px}.card .label{font-size:.8rem;color:#475569}.card .value{font-size:1.45rem;
font-weight:600;margin:2px 0}.card .why{font-size:.78rem;color:#64748b}
.pos{color:#16a34a}.neg{color:#dc2626}
.box{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px 16px}
.fail{background:#fef2f2;border-color:#fecaca}.warn{background:#fffbeb;border-color:#fde68a}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.85rem}
th,td{border-bottom:1px solid #e2e8f0;padding:5px 8px;text-align:right;white-space:nowrap}
th{background:#f1f5f9;position:sticky;top:0}td.l,th.l{text-align:left}
.wide{overflow-x:auto;border:1px solid #e2e8f0;border-radius:10px}
pre{background:#0f172a;color:#e2e8f0;padding:14px;border-radius:10px;overflow:auto;
font-size:.8rem;white-space:pre-wrap}dl{display:grid;grid-template-columns:max-content 1fr;
gap:4px 16px;margin:0}dt{color:#475569}dd{margin:0}
footer{margin:32px 0 8px;font-size:.8rem;color:#94a3b8}.headline{font-size:1.05rem;margin:14px 0}
.raw{color:#94a3b8;font-size:.75rem}td.why{color:#64748b;white-space:normal;text-align:left}
@media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}
.wide{overflow:visible;border:none}th{position:static}thead{display:table-header-group}
tr,.card,.box,.js-plotly-plot{break-inside:avoid}h2{break-after:avoid}
pre{background:#fff;color:#000;border:1px solid #cbd5e1}.modebar-container{display:none}}
"""


def render_report(
    result: Mapping[str, Any],
    *,
    code: str | None = None,
    price: pd.DataFrame | None = None,
    generated_at: datetime | None = None,
) -> str:
    """The run ``result`` (``BotExecutionResult.to_dict()``) as a standalone HTML page."""
    metrics = result.get("metrics") or {}
    curve = result.get("equity_curve") or {}
    trades = list(result.get("trades") or [])
    data = result.get("data") or {}
    name = str(result.get("strategy_name") or "Bot")
    run_id = result.get("execution_id")
    title = f"Botlab run {run_id}: {name}" if run_id is not None else f"Botlab: {name}"
    parts = [_header(result, title, data)]
    if result.get("status") != "succeeded":
        parts.append(_failure(result))
    if result.get("status") == "succeeded":
        parts.append(f'<p class="headline">{_e(headline(result))}</p>')
    for warning in result.get("warnings") or []:
        notice = wording.plain_warning(warning)
        parts.append(f'<p class="box warn"><b>{_e(notice.title)}</b>: {_e(notice.message)}</p>')
    if metrics and result.get("status") == "succeeded":
        parts.append(_cards(metrics))
    parts += _charts(curve, trades, price, result.get("cash"))
    analysis = result.get("analysis") or {}
    if analysis.get("monthly_returns"):
        parts.append(_monthly_table(analysis["monthly_returns"]))
    if _both_sides(analysis.get("long_short")):
        parts.append(_long_short_table(analysis["long_short"]))
    if trades:
        parts.append(_trades_table(trades))
    if result.get("stats"):
        parts.append(_stats_table(result["stats"]))
    parts.append(_details(result, data))
    if code:
        parts.append(f"<h2>The bot's code</h2><pre>{_e(code)}</pre>")
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(
        f"<footer>Generated by Botlab on {stamp}. Past performance in a backtest does not "
        "promise future results.</footer>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        + "\n".join(parts)
        + "</main></body></html>"
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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _monthly_table(rows: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f"<th>{m}</th>" for m in _MONTHS)
    body = []
    for row in rows:
        cells = [_pct_cell(value) for value in row.get("months") or []]
        body.append(
            f'<tr><td class="l">{_e(row.get("year"))}</td>{"".join(cells)}'
            f"{_pct_cell(row.get('year_pct'), bold=True)}</tr>"
        )
    return (
        "<h2>Monthly returns (%)</h2><div class='wide'><table><thead><tr><th class='l'>Year</th>"
        f"{head}<th>Year</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _pct_cell(value, *, bold: bool = False) -> str:
    if value is None:
        return "<td></td>"
    tone = " pos" if value > 0 else (" neg" if value < 0 else "")
    text = f"{value:+.1f}"
    return f'<td class="{tone.strip()}">{f"<b>{text}</b>" if bold else text}</td>'


def _both_sides(split) -> bool:
    return bool(split) and all((split.get(side) or {}).get("trades") for side in ("long", "short"))


def _long_short_table(split: Mapping[str, Any]) -> str:
    rows = []
    for side in ("long", "short"):
        s = split[side]
        rows.append(
            f'<tr><td class="l">{side.capitalize()}</td><td>{s["trades"]}</td>'
            f"<td>{format_metric('win_rate', s.get('win_rate'))}</td>"
            f"<td>{_money(s.get('net_profit'))}</td>"
            f"<td>{format_metric('return_pct', s.get('return_pct'))}</td>"
            f"<td>{format_metric('profit_factor', s.get('profit_factor'))}</td></tr>"
        )
    return (
        "<h2>Long and short trades</h2><div class='wide'><table><thead><tr><th class='l'>Side"
        "</th><th>Trades</th><th>Win rate</th><th>Net profit</th><th>Return</th>"
        f"<th>Profit factor</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _money(value) -> str:
    return "n/a" if value is None else f"${value:+,.2f}"


def _header(result: Mapping[str, Any], title: str, data: Mapping[str, Any]) -> str:
    status = result.get("status") or "unknown"
    period = ""
    if data.get("start") or data.get("end"):
        period = f" · {_day(data.get('start'))} to {_day(data.get('end'))}"
    symbol = data.get("symbol") or result.get("test_symbol") or ""
    interval = f" ({data['interval']} bars)" if data.get("interval") else ""
    return (
        f"<h1>{_e(title)}</h1><div class='muted'>{_e(wording.status_label(status))}"
        f" · {_e(symbol)}{_e(interval)}{_e(period)}</div>"
    )


def _failure(result: Mapping[str, Any]) -> str:
    message = result.get("error") or "The run did not finish."
    kind = (result.get("error_type") or "").replace("_", " ")
    label = f"<b>{_e(kind.capitalize())}</b>: " if kind else ""
    return f'<p class="box fail">{label}{_e(_first_line(message))}</p>'


def _cards(metrics: Mapping[str, Any]) -> str:
    cards = []
    for name in HEADLINE:
        value = metrics.get(name)
        text = format_metric(name, _finite(value))
        tone = ""
        if name in ("return_pct", "cagr_pct") and _finite(value) is not None:
            tone = " pos" if value > 0 else (" neg" if value < 0 else "")
        cards.append(
            f'<div class="card"><div class="label">{_e(LABELS.get(name, name))}</div>'
            f'<div class="value{tone}">{_e(text)}</div>'
            f'<div class="why">{_e(EXPLANATIONS.get(name, ""))}</div></div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def _charts(curve, trades, price, cash) -> list[str]:
    figures = []
    if curve and curve.get("equity"):
        # the run's own buy-and-hold line: from the first bar the bot could trade, ending at
        # the reported buy-and-hold return
        benchmark = charts.buy_hold_series(curve)
        figures.append(("How the account grew", charts.equity_figure(curve, benchmark)))
        figures.append(("Drops from the previous peak", charts.drawdown_figure(curve)))
    if price is not None and not price.empty:
        figures.append(("Price, with entries and exits", charts.price_figure(price, trades)))
    out = []
    for index, (heading, figure) in enumerate(figures):
        body = figure.to_html(
            full_html=False,
            include_plotlyjs=index == 0,
            div_id=f"chart-{index}",  # not a random id: the same run gives the same file
            config={"displaylogo": False, "responsive": True},
        )
        out.append(f"<h2>{_e(heading)}</h2><div class='box'>{body}</div>")
    return out


_TRADE_COLUMNS = (
    ("seq", "#", "l"),
    ("direction", "Direction", "l"),
    ("entry_time", "Entry", "l"),
    ("entry_price", "Entry price", ""),
    ("exit_time", "Exit", "l"),
    ("exit_price", "Exit price", ""),
    ("size", "Size", ""),
    ("pnl", "Profit ($)", ""),
    ("return_pct", "Return (%)", ""),
    ("mfe_pct", "Run-up (%)", ""),
    ("mae_pct", "Drawdown (%)", ""),
    ("exit_reason", "Why it closed", "l"),
)


def _trades_table(trades: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f'<th class="{c}">{_e(label)}</th>' for _, label, c in _TRADE_COLUMNS)
    rows = []
    for position, trade in enumerate(trades, start=1):
        cells = []
        for key, _, css in _TRADE_COLUMNS:
            value = _trade_value(trade, key, position)
            tone = ""
            if key in ("pnl", "return_pct") and isinstance(trade.get(key), int | float):
                tone = " pos" if trade[key] > 0 else (" neg" if trade[key] < 0 else "")
            cells.append(f'<td class="{css}{tone}">{_e(value)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<h2>Trades ({len(trades)})</h2><div class='wide'><table><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _trade_value(trade: Mapping[str, Any], key: str, position: int) -> str:
    if key == "seq":
        return str(trade.get("seq") or position)
    if key == "direction":
        return "Long" if (trade.get("size") or 0) >= 0 else "Short"
    value = trade.get(key)
    if value is None:
        return ""
    if key in ("entry_time", "exit_time"):
        return _day(value)
    if key == "exit_reason":
        return str(value).replace("_", " ")
    if key == "size":
        return f"{abs(float(value)):,.4g}"
    if key in ("return_pct", "mae_pct", "mfe_pct"):
        return f"{float(value):+.2f}"
    if key == "pnl":
        return f"{float(value):+,.2f}"
    return f"{float(value):,.2f}"


def _stats_table(stats: Mapping[str, Any]) -> str:
    """Every statistic in plain words, then (Advanced) backtesting.py's own names and values."""
    plain = wording.plain_stats(dict(stats))
    rows = [
        f'<tr><td class="l">{_e(s.label)}</td><td>{_e(s.text)}</td>'
        f'<td class="why">{_e(s.explanation)}</td></tr>'
        for s in plain
    ]
    raw = [f'<tr><td class="l">{_e(s.key)}</td><td>{_e(s.raw)}</td></tr>' for s in plain]
    return (
        "<h2>All statistics</h2><div class='wide'><table><thead><tr><th class='l'>Statistic"
        f"</th><th>Value</th><th class='l'>What it means</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table></div><h2>Advanced: the statistics as backtesting.py reports them</h2>"
        "<div class='wide'><table><thead><tr><th class='l'>Name</th><th>Value</th></tr></thead>"
        f"<tbody>{''.join(raw)}</tbody></table></div>"
    )


def _details(result: Mapping[str, Any], data: Mapping[str, Any]) -> str:
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
        ("Parameters", _parameters((result.get("analysis") or {}).get("parameters"))),
        ("Started", _day(result.get("started_at"))),
        ("Duration", _seconds(result.get("duration_s"))),
        ("Sandbox", wording.sandbox_text(result.get("sandbox"))),
        ("Sandbox layers", result.get("sandbox")),
    ]
    shown = [(label, value) for label, value in items if value not in (None, "")]
    rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in shown)
    return f"<h2>Run details</h2><div class='box'><dl>{rows}</dl></div>"


def _parameters(parameters) -> str | None:
    if not parameters:
        return None
    return ", ".join(f"{name} = {value}" for name, value in parameters.items())


def _seconds(value) -> str | None:
    return None if value is None else f"{float(value):.2f} s"


def _first_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[-1] if lines and lines[0].startswith("Traceback") else (lines[0] if lines else "")


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _day(value) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    if isinstance(value, datetime):
        text = value.isoformat()
    text = text.replace("T", " ")[:16]
    return text.removesuffix(" 00:00")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


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
    for position, trade in enumerate(trades, start=1):
        row = [_csv_value(trade, key, digits, position) for _, key, digits in CSV_COLUMNS]
        writer.writerow(row)
    return out.getvalue()


def _csv_value(trade: Mapping[str, Any], key: str, digits, position: int):
    if key == "seq":
        return trade.get("seq") or position
    if key == "direction":
        return "Long" if (trade.get("size") or 0) >= 0 else "Short"
    if key == "bars_held":
        first, last = trade.get("entry_bar"), trade.get("exit_bar")
        return "" if first is None or last is None else int(last) - int(first)
    value = trade.get(key)
    if value is None:
        return ""
    if key == "size":
        return f"{abs(float(value)):g}"
    if key == "exit_reason":
        return str(value).replace("_", " ")
    if key in ("entry_time", "exit_time"):
        return str(value).replace("T", " ").removesuffix("+00:00")
    if digits == "price":
        digits = 2 if abs(float(value)) >= 10 else 4
    return f"{float(value):.{digits}f}"
