"""The "which data, which period, how much money" fields, shared by New bot and Run again.

Widgets are keyed ``<prefix>_<field>`` so two forms can live on one page; values persist for the
session (``persist_state``), so leaving a page and coming back keeps what was typed. Problems
found by :func:`engine.jobs.check_request` are shown under the field they concern.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

from engine import jobs
from engine.data import bundled_symbols, default_interval, list_series
from ui import state
from ui.widgets import field_error

SOURCES = ("sample", "yahoo", "upload")
SOURCE_LABELS = {
    "sample": "Bundled sample (offline)",
    "yahoo": "Yahoo Finance (online)",
    "upload": "Upload a CSV file",
}
CUSTOM = "custom"
ALL = "all"  # (a selectbox shows None as "no choice", so the defaults are words)
AUTO = "auto"
PERIODS: tuple = (ALL, 365, 730, 1825, 3650, CUSTOM)
INTERVALS: tuple = (AUTO, "1d", "1wk", "1mo", "1h", "30m", "15m", "5m")
INTERVAL_LABELS = {
    AUTO: "Automatic (the data's own)",
    "1d": "Daily",
    "1wk": "Weekly",
    "1mo": "Monthly",
    "1h": "Hourly",
    "30m": "30 minutes",
    "15m": "15 minutes",
    "5m": "5 minutes",
}
DEFAULT_SYMBOL = "GOOG"
DEFAULT_CASH = 100_000.0

#: The fields a description can set ("... on AAPL over 2 years, hourly bars, $5,000"), with the
#: value each has when neither the description nor the user chose one.
DESCRIBED_DEFAULTS: dict = {
    "symbol": DEFAULT_SYMBOL,
    "period": ALL,
    "interval": AUTO,
    "cash": DEFAULT_CASH,
    "commission_pct": 0.0,
}
#: Where a field's value came from, in the words "What Botlab understood" uses.
ORIGIN_WORDS = {
    "description": "from your description",
    "user": "set by you",
    "default": "default",
}


def period_label(value) -> str:
    labels = {
        ALL: "All available data",
        365: "Last year",
        730: "Last 2 years",
        1825: "Last 5 years",
        3650: "Last 10 years",
        CUSTOM: "Choose dates…",
    }
    if value in labels:
        return labels[value]
    return f"Last {int(value):,} days"


@st.cache_data(ttl=60, show_spinner=False)
def known_symbols(home: str) -> list[str]:
    """Bundled symbols first, then those in the Yahoo cache."""
    symbols = list(bundled_symbols())
    try:
        for series in list_series(state.settings()):
            if series.symbol not in symbols:
                symbols.append(series.symbol)
    except Exception:
        pass
    return symbols


def defaults(prefix: str, **values) -> None:
    """Set initial values (only those not set yet this session)."""
    for name, value in values.items():
        st.session_state.setdefault(f"{prefix}_{name}", value)


def origins(prefix: str) -> dict[str, str]:
    """Where each described field's value came from: ``description``, ``user`` or ``default``
    (the form's own record, kept for the session)."""
    return st.session_state.setdefault(f"{prefix}_origin", {})


def origin(prefix: str, field: str) -> str:
    return origins(prefix).get(field, "default")


def set_by_hand(prefix: str, field: str) -> None:
    """A widget's ``on_change``: the user chose this value (a description leaves it alone)."""
    origins(prefix)[field] = "user"


def apply_description(prefix: str, said: dict) -> None:
    """Set the fields from what a (new) description says, reading it afresh every time.

    ``said`` holds, for each of :data:`DESCRIBED_DEFAULTS`, the value the description names or
    ``None`` (a period of dates is :data:`CUSTOM` with ``start`` and ``end`` beside it). A value
    the description names is used, unless the user changed that field by hand after the
    description last named the same value. A value the description no longer names goes back
    to its default when it came from an earlier description (never carried over); what the user
    set by hand stays.
    """
    before = st.session_state.get(f"{prefix}_said") or {}
    marks = origins(prefix)
    for field, default in DESCRIBED_DEFAULTS.items():
        value = _said(said, field)
        if value is not None:
            if marks.get(field) == "user" and _said(before, field) == value:
                continue  # the user overrode this very value by hand: theirs stands
            if field == "period":
                value, start, end = value
                if value == CUSTOM:
                    st.session_state[f"{prefix}_start"] = start
                    st.session_state[f"{prefix}_end"] = end
            st.session_state[f"{prefix}_{field}"] = value
            marks[field] = "description"
        elif marks.get(field) == "description":
            st.session_state[f"{prefix}_{field}"] = default
            marks[field] = "default"
    st.session_state[f"{prefix}_said"] = dict(said)


def _said(said: dict, field: str):
    """What ``said`` names for ``field``; a period as ``(period, start, end)``."""
    value = said.get(field)
    if field != "period" or value is None:
        return value
    return (value, said.get("start"), said.get("end")) if value == CUSTOM else (value, None, None)


def render(prefix: str, errors: dict[str, str] | None, *, columns: int = 3) -> None:
    """Draw the fields. Read their values with :func:`options` (also inside callbacks)."""
    current = state.settings()
    defaults(
        prefix,
        source=current.data_source,
        spread_pct=0.0,
        start=date(2010, 1, 1),
        end=None,
        **DESCRIBED_DEFAULTS,
    )
    keep = {"persist_state": "session"}
    first, second, third = st.columns(columns)[:3]
    with first:
        source = st.radio(
            "Price data",
            SOURCES,
            format_func=SOURCE_LABELS.get,
            key=f"{prefix}_source",
            help="Bundled samples work offline: daily AAPL, MSFT, IBM and GOOG (2000-2013). "
            "Yahoo Finance downloads any ticker (and keeps a copy). Or bring your own file.",
            **keep,
        )
        if source == "upload":
            st.file_uploader(
                "Your price file (CSV or Parquet)",
                type=["csv", "parquet", "pq", "txt"],
                key=f"{prefix}_upload",
                help="A date column, then Open, High, Low and Close (Volume is optional).",
            )
            field_error(errors, "data")
        else:
            symbols = known_symbols(str(current.home))
            chosen = st.session_state.get(f"{prefix}_symbol")
            if chosen and chosen not in symbols:
                symbols = [*symbols, chosen]
            st.selectbox(
                "Symbol",
                symbols,
                key=f"{prefix}_symbol",
                accept_new_options=True,
                on_change=set_by_hand,
                args=(prefix, "symbol"),
                help="Pick one, or type a ticker (AAPL, BRK-B, ^GSPC, EURUSD=X, BTC-USD). "
                "Tickers that are not bundled need the Yahoo Finance source.",
                **keep,
            )
            field_error(errors, "symbol", "data")
    with second:
        periods = list(PERIODS)
        chosen = st.session_state.get(f"{prefix}_period")
        if chosen not in periods:
            periods.insert(-1, chosen)
        period = st.selectbox(
            "Period",
            periods,
            format_func=period_label,
            key=f"{prefix}_period",
            help="How much history to test on. 'Last year' means the last year of the data.",
            on_change=set_by_hand,
            args=(prefix, "period"),
            **keep,
        )
        if period == CUSTOM:
            left, right = st.columns(2)
            by_hand = {"on_change": set_by_hand, "args": (prefix, "period")}
            left.date_input(
                "From",
                min_value=date(1970, 1, 1),
                key=f"{prefix}_start",
                **by_hand,
                **keep,
            )
            right.date_input(
                "To",
                min_value=date(1970, 1, 1),
                key=f"{prefix}_end",
                **by_hand,
                **keep,
            )
        field_error(errors, "period")
        intervals = list(INTERVALS)
        chosen = st.session_state.get(f"{prefix}_interval")
        if chosen not in intervals:
            intervals.append(chosen)
        st.selectbox(
            "Bar size",
            intervals,
            format_func=lambda value: INTERVAL_LABELS.get(value, str(value)),
            key=f"{prefix}_interval",
            help="One price bar per day, hour, ... Automatic uses the data's own.",
            on_change=set_by_hand,
            args=(prefix, "interval"),
            **keep,
        )
    with third:
        st.number_input(
            "Starting cash ($)",
            min_value=0.0,
            step=10_000.0,
            format="%.0f",
            key=f"{prefix}_cash",
            on_change=set_by_hand,
            args=(prefix, "cash"),
            **keep,
        )
        field_error(errors, "cash")
        st.number_input(
            "Commission per trade (%)",
            min_value=0.0,
            max_value=100.0,
            step=0.05,
            format="%.2f",
            key=f"{prefix}_commission_pct",
            help="What the broker charges, as a percentage of each trade's value. 0.1% is typical.",
            on_change=set_by_hand,
            args=(prefix, "commission_pct"),
            **keep,
        )
        field_error(errors, "commission")
        st.number_input(
            "Spread / slippage (%)",
            min_value=0.0,
            max_value=10.0,
            step=0.01,
            format="%.2f",
            key=f"{prefix}_spread_pct",
            help="What each trade loses to the gap between buying and selling prices, as a "
            "percentage of the price (backtesting.py's spread). 0.02-0.1% is typical for stocks.",
            **keep,
        )
        field_error(errors, "spread")


def in_use(prefix: str) -> list[tuple[str, str]]:
    """What a run from this form would use, each with where it came from: lines such as
    ``("Test on MSFT", "from your description")`` for the symbol, period, bar size and money."""
    get = st.session_state.get
    source = get(f"{prefix}_source") or state.settings().data_source
    words = {field: ORIGIN_WORDS[origin(prefix, field)] for field in DESCRIBED_DEFAULTS}
    if source == "upload":
        uploaded = upload(prefix)
        name = f" ({uploaded.name})" if uploaded is not None else ""
        lines = [(f"Test on your own price file{name}", ORIGIN_WORDS["user"])]
    else:
        symbol = str(get(f"{prefix}_symbol") or DEFAULT_SYMBOL).strip().upper()
        lines = [(f"Test on {symbol}", words["symbol"])]
    period = get(f"{prefix}_period", ALL)
    if period == CUSTOM:
        start, end = _iso(get(f"{prefix}_start")), _iso(get(f"{prefix}_end"))
        shown = f"from {start or 'the first bar'} to {end or 'the last bar'}"
    else:
        shown = period_label(period)
    lines.append((f"Period: {shown}", words["period"]))
    interval = get(f"{prefix}_interval", AUTO)
    if interval in (None, AUTO):
        own = None if source == "upload" else default_interval(get(f"{prefix}_symbol"), source)
        bars = INTERVAL_LABELS.get(own, own) if own else "the data's own"
        lines.append((f"Bar size: {bars}", words["interval"] + " (the data's own bars)"))
    else:
        lines.append((f"Bar size: {INTERVAL_LABELS.get(interval, interval)}", words["interval"]))
    cash = float(get(f"{prefix}_cash") or 0.0)
    lines.append((f"Starting cash: ${cash:,.0f}", words["cash"]))
    commission = float(get(f"{prefix}_commission_pct") or 0.0)
    lines.append((f"Commission: {commission:.2f}% per trade", words["commission_pct"]))
    spread = float(get(f"{prefix}_spread_pct") or 0.0)
    if spread:
        lines.append((f"Spread / slippage: {spread:.2f}% of the price", ORIGIN_WORDS["user"]))
    return lines


def options(prefix: str) -> dict:
    """The run options the fields hold (``engine.jobs`` names; no upload handling). They are the
    whole test (``exact``): what the form shows is what runs, "All available data" included,
    whatever the description said before."""
    get = st.session_state.get
    source = get(f"{prefix}_source") or "sample"
    period = get(f"{prefix}_period")
    values: dict = {
        "source": None if source == "upload" else source,
        "symbol": None if source == "upload" else (str(get(f"{prefix}_symbol") or "").strip()),
        "interval": None
        if get(f"{prefix}_interval") in (None, AUTO)
        else get(f"{prefix}_interval"),
        "cash": get(f"{prefix}_cash"),
        "commission": (get(f"{prefix}_commission_pct") or 0.0) / 100.0,
        "spread": (get(f"{prefix}_spread_pct") or 0.0) / 100.0 or None,
        "days": None,
        "start": None,
        "end": None,
        "exact": True,
    }
    if period == CUSTOM:
        values["start"] = _iso(get(f"{prefix}_start"))
        values["end"] = _iso(get(f"{prefix}_end"))
    elif period not in (None, ALL):
        values["days"] = int(period)
    if values["symbol"] == "":
        values["symbol"] = None
    return values


def upload(prefix: str):
    """The uploaded file of the form, when the upload source is chosen."""
    if st.session_state.get(f"{prefix}_source") != "upload":
        return None
    return st.session_state.get(f"{prefix}_upload")


def check(prefix: str, **extra) -> tuple[dict, dict]:
    """Check the form (and ``extra``, e.g. the description) with ``engine.jobs.check_request``.

    Returns ``(errors by field, run options)``. An uploaded file is checked from a temporary
    copy and only kept (under the home) when everything is fine: nothing is stored half-way.
    """
    values = options(prefix)
    current = state.settings()
    if st.session_state.get(f"{prefix}_source") == "upload":
        uploaded = upload(prefix)
        if uploaded is None:
            errors = jobs.check_request(**extra, **{**values, "symbol": "AAPL", "source": "sample"})
            errors.pop("symbol", None)
            errors.pop("period", None)
            errors["data"] = "Choose a CSV or Parquet file with your prices first."
            return errors, values
        data = uploaded.getvalue()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(uploaded.name).name
            path.write_bytes(data)
            errors = jobs.check_request(**extra, **values, data_path=path, settings=current)
        if not errors:
            values["data_path"] = str(jobs.save_upload(current, uploaded.name, data))
        return errors, values
    return jobs.check_request(**extra, **values, settings=current), values


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None
