"""Plotly figures for runs: plain functions from stored results to ``go.Figure``.

No Streamlit here: pages call these and hand the figure to ``st.plotly_chart``; the HTML report
and the tests use them directly. Inputs are the shapes the executor and store produce:

* an equity *curve*: ``{"time": [datetime...] | "time_ms": [epoch ms...], "equity": [...],
  "drawdown_pct": [...]}`` (drawdown in percent, <= 0);
* a *trade*: a dict with ``entry_time``, ``exit_time``, ``entry_price``, ``exit_price``, ``size``,
  ``pnl``, ``return_pct`` (percent) and ``exit_reason``;
* a price *frame*: a DataFrame with a DatetimeIndex and ``Open High Low Close``.

Labels are written for people who do not read charts for a living.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

if TYPE_CHECKING:
    from engine.results import MonthReturns

STRATEGY_COLOR = "#2563eb"
BENCHMARK_COLOR = "#9ca3af"
LOSS_COLOR = "#dc2626"
WIN_COLOR = "#16a34a"
# Distinct, colour-blind-friendly colours for up to eight runs side by side.
PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563")


def curve_series(curve: dict, column: str = "equity") -> pd.Series:
    """One column of a curve as a Series indexed by time."""
    if not curve or not curve.get(column):
        return pd.Series(dtype=float)
    if "time" in curve:
        index = pd.DatetimeIndex(pd.to_datetime(curve["time"], utc=True)).tz_localize(None)
    else:
        index = pd.to_datetime(curve["time_ms"], unit="ms")
    return pd.Series(curve[column], index=index, dtype=float)


def buy_hold_series(curve: dict) -> pd.Series:
    """Buy and hold's value over time as the run stored it (the curve's ``buy_hold``): bought
    at the close of the first bar the bot could trade, so it starts there (not at the first
    bar) and its last point is the run's ``buy_hold_return_pct``. Empty for runs stored without
    it."""
    if not curve or not curve.get("buy_hold"):
        return pd.Series(dtype=float)
    return curve_series(curve, "buy_hold").dropna()


def equity_figure(curve: dict, benchmark: pd.Series | None = None, *, title: str = "") -> go.Figure:
    """The account's value over time, with buy and hold for comparison: ``benchmark`` when
    given, else the run's own stored line (:func:`buy_hold_series`)."""
    equity = curve_series(curve)
    if benchmark is None:
        benchmark = buy_hold_series(curve)
    fig = go.Figure()
    if benchmark is not None and not benchmark.empty:
        fig.add_trace(
            go.Scatter(
                x=benchmark.index,
                y=benchmark.values,
                name="Buy and hold",
                line={"color": BENCHMARK_COLOR, "width": 1.5, "dash": "dot"},
                hovertemplate="%{x|%Y-%m-%d}<br>Buy and hold: $%{y:,.0f}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=equity.index,
            y=equity.values,
            name="This bot",
            line={"color": STRATEGY_COLOR, "width": 2},
            hovertemplate="%{x|%Y-%m-%d}<br>Account value: $%{y:,.0f}<extra></extra>",
        )
    )
    return _layout(fig, title or "Account value over time", y_title="Account value ($)")


def drawdown_figure(curve: dict, *, title: str = "") -> go.Figure:
    """The 'underwater' chart: how far below its last peak the account was, at each moment."""
    drawdown = curve_series(curve, "drawdown_pct")
    fig = go.Figure(
        go.Scatter(
            x=drawdown.index,
            y=drawdown.values,
            name="Drop from peak",
            fill="tozeroy",
            line={"color": LOSS_COLOR, "width": 1},
            hovertemplate="%{x|%Y-%m-%d}<br>%{y:.1f}% below the peak<extra></extra>",
        )
    )
    return _layout(fig, title or "Drops from the previous peak", y_title="Below peak (%)")


def price_figure(
    frame: pd.DataFrame, trades: Sequence[dict], *, title: str = "", candles: bool = False
) -> go.Figure:
    """The price with a marker where each trade was entered and where it was closed: the close
    as a line, or (``candles``) each bar's open, high, low and close as a candlestick."""
    if candles:
        price = go.Candlestick(
            x=frame.index,
            open=frame["Open"],
            high=frame["High"],
            low=frame["Low"],
            close=frame["Close"],
            name="Price",
            increasing={"line": {"color": WIN_COLOR}},
            decreasing={"line": {"color": LOSS_COLOR}},
        )
    else:
        price = go.Scatter(
            x=frame.index,
            y=frame["Close"],
            name="Price",
            line={"color": BENCHMARK_COLOR, "width": 1.2},
            hovertemplate="%{x|%Y-%m-%d %H:%M}<br>Close: %{y:,.2f}<extra></extra>",
        )
    fig = go.Figure(price)
    if candles:
        fig.update_xaxes(rangeslider_visible=False)
    entries = [t for t in trades if t.get("entry_time") is not None]
    exits = [t for t in trades if t.get("exit_time") is not None]
    fig.add_trace(_markers(entries, "entry", "Entry", "triangle-up", WIN_COLOR))
    fig.add_trace(_markers(exits, "exit", "Exit", "triangle-down", LOSS_COLOR))
    return _layout(fig, title or "Price, with the bot's entries and exits", y_title="Price")


def _markers(trades: Sequence[dict], side: str, name: str, symbol: str, color: str) -> go.Scatter:
    times = pd.to_datetime([t[f"{side}_time"] for t in trades], utc=True).tz_localize(None)
    texts = [_trade_hover(t, side) for t in trades]
    return go.Scatter(
        x=times,
        y=[t[f"{side}_price"] for t in trades],
        mode="markers",
        name=name,
        marker={"symbol": symbol, "size": 10, "color": color, "line": {"width": 1}},
        text=texts,
        hovertemplate="%{text}<extra></extra>",
    )


def _trade_hover(trade: dict, side: str) -> str:
    direction = "long" if (trade.get("size") or 0) > 0 else "short"
    if side == "entry":
        return f"Entered {direction} at {trade['entry_price']:,.2f}"
    result = trade.get("return_pct")
    outcome = "" if result is None else f", {result:+.2f}%"
    reason = (trade.get("exit_reason") or "").replace("_", " ")
    return f"Closed at {trade['exit_price']:,.2f}{outcome}" + (f" ({reason})" if reason else "")


def rebased(curve: dict, base: float = 100.0) -> pd.Series:
    """An equity curve scaled to start at ``base``, so runs with different cash compare."""
    equity = curve_series(curve)
    if equity.empty or equity.iloc[0] == 0:
        return equity
    return base * equity / equity.iloc[0]


def compare_figure(runs: Sequence[tuple[str, dict]], *, title: str = "") -> go.Figure:
    """Several runs' equity curves on one chart, each rebased to 100 at its start."""
    fig = _compare_lines(runs, rebased, width=2, unit="")
    return _layout(
        fig, title or "Growth of 100 invested at the start", y_title="Value (start = 100)"
    )


def compare_drawdown_figure(runs: Sequence[tuple[str, dict]], *, title: str = "") -> go.Figure:
    """Several runs' drops from their peaks on one chart."""
    fig = _compare_lines(
        runs, lambda curve: curve_series(curve, "drawdown_pct"), width=1.5, unit="%"
    )
    return _layout(fig, title or "Drops from the previous peak", y_title="Below peak (%)")


def _compare_lines(
    runs: Sequence[tuple[str, dict]],
    series: Callable[[dict], pd.Series],
    *,
    width: float,
    unit: str,
) -> go.Figure:
    """One line a run: ``series`` of its equity curve, in the palette's colours in turn."""
    fig = go.Figure()
    for (label, curve), color in zip(runs, PALETTE * 2, strict=False):
        line = series(curve)
        fig.add_trace(
            go.Scatter(
                x=line.index,
                y=line.values,
                name=label,
                line={"color": color, "width": width},
                hovertemplate=f"{label}<br>%{{x|%Y-%m-%d}}: %{{y:.1f}}{unit}<extra></extra>",
            )
        )
    return fig


def _layout(fig: go.Figure, title: str, *, y_title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        template="plotly_white",
        hovermode="x unified",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        height=380,
    )
    fig.update_yaxes(title_text=y_title)
    return fig


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def monthly_returns_figure(rows: Sequence[MonthReturns], *, title: str = "") -> go.Figure:
    """The account's return in each month, as a heatmap: a row per year, a column per month
    and one for the whole year (``rows``: the run's :class:`~engine.results.Analysis`'
    ``monthly_returns``)."""
    years = [str(row.year) for row in rows]
    values = [[*row.months, row.year_pct] for row in rows]
    labels = [["" if v is None else f"{v:+.1f}%" for v in line] for line in values]
    limit = max((abs(v) for line in values for v in line[:12] if v is not None), default=1.0)
    fig = go.Figure(
        go.Heatmap(
            z=[[None if v is None else v for v in line[:12]] + [None] for line in values],
            x=[*MONTHS, "Year"],
            y=years,
            text=labels,
            texttemplate="%{text}",
            colorscale=[[0, LOSS_COLOR], [0.5, "#ffffff"], [1, WIN_COLOR]],
            zmid=0,
            zmin=-limit,
            zmax=limit,
            showscale=False,
            hovertemplate="%{x} %{y}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    _layout(fig, title or "Return in each month", y_title="")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top")
    fig.update_layout(height=max(160, 34 * len(years) + 80), hovermode="closest")
    return fig


# --- sweeps ---------------------------------------------------------------------------------


def sweep_heatmap(
    names: Sequence[str],
    axes: Sequence[Sequence],
    scores: Sequence[Sequence[float | None]],
    *,
    objective: str,
    runs: dict[tuple, int] | None = None,
    stable: Sequence[dict] = (),
    best: dict | None = None,
    title: str | None = None,
) -> go.Figure:
    """A two-parameter sweep's scores: ``names[0]`` down, ``names[1]`` across (``title``:
    "OBJECTIVE for each setting" unless given).

    Losing settings are red and winning ones green (centred on 0), blank where a combination
    was not run; the stable region is ringed and the best cell starred. A transparent marker
    on every cell that has a run carries its id (``customdata``), so a click can open it.
    """
    rows, columns = [list(values) for values in axes]
    labels = [np.array([str(v) for v in rows]), np.array([str(v) for v in columns])]
    # NumPy arrays, not lists: Plotly validates a list element by element (a 50 x 50 grid took
    # about a second that way) but takes an array as it is.
    z = np.array([[np.nan if v is None else v for v in row] for row in scores], dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels[1],
            y=labels[0],
            colorscale="RdYlGn",
            zmid=0,
            colorbar={"title": {"text": objective}},
            hovertemplate=f"{names[0]} %{{y}}, {names[1]} %{{x}}<br>{objective}: %{{z:.2f}}"
            "<extra></extra>",
        )
    )
    if runs:
        cells = [(r, c, runs[(r, c)]) for r in rows for c in columns if (r, c) in runs]
        fig.add_trace(
            go.Scatter(
                x=np.array([str(c) for _, c, _ in cells]),
                y=np.array([str(r) for r, _, _ in cells]),
                # a list: plotly.js hands it back on a click (a typed array may not survive)
                customdata=[run_id for *_, run_id in cells],
                mode="markers",
                marker={"size": 18, "symbol": "square", "opacity": 0.01, "color": "#000"},
                hovertemplate="Click to open run %{customdata}<extra></extra>",
                name="open run",
                showlegend=False,
            )
        )
    if stable:
        fig.add_trace(
            go.Scatter(
                x=np.array([str(cell[names[1]]) for cell in stable]),
                y=np.array([str(cell[names[0]]) for cell in stable]),
                mode="markers",
                marker={
                    "size": 12,
                    "symbol": "circle-open",
                    "color": "#1e3a8a",
                    "line": {"width": 2},
                },
                name="stable region",
                hoverinfo="skip",
            )
        )
    if best:
        fig.add_trace(
            go.Scatter(
                x=[str(best[names[1]])],
                y=[str(best[names[0]])],
                mode="markers",
                marker={"size": 16, "symbol": "star", "color": "#111827"},
                name="best",
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        title={"text": title or f"{objective} for each setting", "x": 0, "xanchor": "left"},
        template="plotly_white",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        height=460,
        clickmode="event+select",
    )
    fig.update_xaxes(title_text=names[1], type="category")
    fig.update_yaxes(title_text=names[0], type="category")
    return fig


def sweep_lines(names: Sequence[str], combinations: Sequence[dict], *, objective: str) -> go.Figure:
    """One parameter against the objective, or (more than two) parallel coordinates."""
    done = [c for c in combinations if c.get("score") is not None]
    if len(names) == 1:
        ordered = sorted(done, key=lambda c: c["params"][names[0]])
        fig = go.Figure(
            go.Scatter(
                x=[c["params"][names[0]] for c in ordered],
                y=[c["score"] for c in ordered],
                customdata=[c["execution_id"] for c in ordered],
                mode="lines+markers",
                line={"color": STRATEGY_COLOR},
                hovertemplate=f"{names[0]} %{{x}}: %{{y:.2f}}<br>run %{{customdata}}"
                "<extra></extra>",
            )
        )
        fig.update_xaxes(title_text=names[0])
        return _layout(fig, f"{objective} for each setting", y_title=objective)
    dimensions = [
        {"label": name, "values": [c["params"][name] for c in done]} for name in names
    ] + [{"label": objective, "values": [c["score"] for c in done]}]
    fig = go.Figure(
        go.Parcoords(
            line={
                "color": [c["score"] for c in done],
                "colorscale": "RdYlGn",
                "showscale": True,
            },
            dimensions=dimensions,
        )
    )
    fig.update_layout(
        title={"text": f"Every setting and its {objective}", "x": 0, "xanchor": "left"},
        template="plotly_white",
        margin={"l": 40, "r": 40, "t": 60, "b": 20},
        height=420,
    )
    return fig
