"""Leaderboard: every stored run, filtered, sorted and paged by the database (fast at 100k)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta

import pandas as pd
import streamlit as st

from engine.results import METRIC
from engine.store import STATUSES
from ui import state, text

#: Store column -> its label, for the sort choice (each metric's label from engine.results).
SORTS = {
    **{
        (METRIC[name].column or name): METRIC[name].label
        for name in ("return_pct", "sharpe_ratio", "max_drawdown", "win_rate", "trades")
    },
    "created_at": "Date",
    **{name: METRIC[name].label for name in ("cagr_pct", "profit_factor")},
}
GENERATORS = ("", "offline", "gemini", "edited", "file", "upload", "template")
PAGE_SIZE = 50
MAX_COMPARE = 8


@st.cache_data(ttl=30, show_spinner=False)
def strategy_names(url: str) -> list[str]:
    return [summary.name for summary in state.store().list_strategies()]


@st.cache_data(max_entries=2048, show_spinner=False)
def strategy_source(url: str, strategy_id: int) -> str:
    """Which generator made a strategy version (versions never change)."""
    record = state.store().get_strategy(strategy_id)
    return "" if record is None else record.source


def render() -> None:
    st.title("Leaderboard")
    st.caption(
        "Every run Botlab has stored. Sort and filter here; tick rows to compare them or open one."
    )
    store = state.store()
    filters = _filters(store.url)
    sort = st.session_state.get("lb_sort") or "return_pct"
    descending = st.session_state.get("lb_order", "Highest first") == "Highest first"
    page_number = max(int(st.session_state.get("lb_page") or 1), 1)
    page = store.list_executions(
        **filters,
        sort=sort,
        descending=descending,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    if page.total and page.offset >= page.total:  # the filters shrank the result
        st.session_state["lb_page"] = 1
        st.rerun()
    pages = max(math.ceil(page.total / PAGE_SIZE), 1)
    matches = "matches" if page.total == 1 else "match"
    st.caption(
        f"{text.plural(page.total, 'run')} {matches} · page {page_number} of {pages:,} · "
        f"sorted by {SORTS[sort].lower()}, {'highest' if descending else 'lowest'} first"
    )
    if not page.items:
        st.info(
            "No runs match. Clear a filter, or make a bot on the New bot page.",
            icon=":material/filter_alt_off:",
        )
        return
    frame = leaderboard_frame(page.items, store.url)
    event = st.dataframe(
        frame,
        hide_index=True,
        key="lb_table",
        on_select="rerun",
        selection_mode="multi-row",
        column_order=[c for c in frame.columns if c != "id"],
        column_config=_COLUMNS,
    )
    if pages > 1:
        st.pagination(pages, key="lb_page", max_visible_pages=7)
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    chosen = [int(frame.iloc[i]["id"]) for i in rows if i < len(frame)]
    _actions(chosen)


_COLUMNS = {
    "Run": st.column_config.LinkColumn(
        "Run", display_text=r"run\?run=(\d+)$", width="small", help="Open the run's page"
    ),
    "Return": st.column_config.NumberColumn(format="%+.2f%%"),
    "Buy & hold": st.column_config.NumberColumn(format="%+.2f%%"),
    "Sharpe": st.column_config.NumberColumn(format="%.2f"),
    "Max drawdown": st.column_config.NumberColumn(format="%.2f%%"),
    "Win rate": st.column_config.NumberColumn(format="%.1f%%"),
    "Trades": st.column_config.NumberColumn(format="%d"),
    "Date": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
}


def _filters(url: str) -> dict:
    row = st.columns([1.1, 1, 1.4, 1.1, 1.2, 1.2])
    with row[0]:
        status = st.selectbox(
            "Status",
            ["succeeded", *[s for s in STATUSES if s != "succeeded"], "all"],
            format_func=lambda s: "Any status" if s == "all" else text.status_label(s),
            key="lb_status",
            bind="query-params",
        )
    with row[1]:
        symbol = st.text_input(
            "Symbol", key="lb_symbol", placeholder="any", bind="query-params"
        ).strip()
    with row[2]:
        strategy = st.selectbox(
            "Strategy",
            ["", *strategy_names(url)],
            format_func=lambda s: s or "Any strategy",
            key="lb_strategy",
            bind="query-params",
        )
    with row[3]:
        generator = st.selectbox(
            "Written by",
            GENERATORS,
            format_func=lambda s: text.source_label(s) if s else "Anyone",
            key="lb_generator",
            bind="query-params",
        )
    with row[4]:
        since = st.date_input("From date", value=None, key="lb_since")
    with row[5]:
        until = st.date_input("To date", value=None, key="lb_until")
    left, right, _ = st.columns([1.4, 1.4, 3])
    left.selectbox(
        "Sort by", list(SORTS), format_func=SORTS.get, key="lb_sort", bind="query-params"
    )
    right.radio(
        "Order",
        ["Highest first", "Lowest first"],
        key="lb_order",
        horizontal=True,
        help="For max drawdown, 'highest' means the smallest drop.",
    )
    return query_filters(status, symbol, strategy, generator, since, until)


def query_filters(status, symbol, strategy, generator, since, until) -> dict:
    """The form's values as ``Store.list_executions`` arguments (dates: whole days, UTC)."""
    return {
        "status": None if status == "all" else status,
        "symbol": symbol or None,
        "strategy": strategy or None,
        "source": generator or None,
        "since": None if since is None else datetime.combine(since, time(), tzinfo=UTC),
        "until": None
        if until is None
        else datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC),
    }


def leaderboard_frame(items, url: str) -> pd.DataFrame:
    rows = []
    for item in items:
        rows.append(
            {
                "id": item.id,
                "Run": state.run_link(item.id),
                "Strategy": item.strategy_name
                + (f" v{item.strategy_version}" if item.strategy_version else ""),
                "Symbol": item.symbol,
                "Return": item.return_pct,
                "Buy & hold": item.buy_hold_return_pct,
                "Sharpe": item.sharpe_ratio,
                "Max drawdown": item.max_drawdown_pct,
                "Win rate": None if item.win_rate is None else item.win_rate * 100,
                "Trades": item.trades,
                "Written by": text.source_label(strategy_source(url, item.strategy_id)),
                "Status": text.status_label(item.status),
                "Date": None
                if item.created_at is None
                else pd.Timestamp(item.created_at).tz_convert(None),
            }
        )
    return pd.DataFrame(rows)


def _actions(chosen: list[int]) -> None:
    left, right, _ = st.columns([1.4, 1.2, 3])
    count = len(chosen)
    with left:
        if st.button(
            f"Compare selected ({count})",
            icon=":material/compare_arrows:",
            type="primary",
            disabled=not 2 <= count <= MAX_COMPARE,
            help="Tick two to eight rows.",
            key="lb_compare",
        ):
            st.switch_page(state.COMPARE, query_params={"runs": ",".join(map(str, chosen))})
    with right:
        if st.button(
            "Open selected run",
            icon=":material/open_in_new:",
            disabled=count != 1,
            key="lb_open",
        ):
            st.switch_page(state.RUN, query_params={"run": str(chosen[0])})
    if count > MAX_COMPARE:
        st.caption(f"Compare takes at most {MAX_COMPARE} runs.")
