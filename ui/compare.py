"""Compare (``?runs=3,5,8``): two to eight runs on one chart and side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import charts
from engine.metrics import HIGHER_IS_BETTER as _HIGHER
from engine.store import HEADLINE_METRICS, ExecutionRecord
from ui import state, text

MIN_RUNS, MAX_RUNS = 2, 8
#: Store columns where a higher value is better (engine.metrics.HIGHER_IS_BETTER, by column).
HIGHER_IS_BETTER = tuple(
    name for name in HEADLINE_METRICS if text.STORE_TO_METRIC.get(name, name) in _HIGHER
)
BEST_STYLE = "background-color: rgba(22, 163, 74, 0.18); font-weight: 600"


def render() -> None:
    st.title("Compare runs")
    st.caption(
        "Two to eight runs on one chart, each rebased to 100 at its start, and their numbers side "
        "by side. The best value in each row is highlighted."
    )
    store = state.store()
    wanted = state.query_ints("runs")
    options = _options(store, wanted)
    labels = {record.id: short_label(record) for record in options.values()}
    if "cmp_runs" not in st.session_state or st.session_state.get("cmp_from") != wanted:
        st.session_state["cmp_runs"] = [i for i in wanted if i in labels][:MAX_RUNS]
        st.session_state["cmp_from"] = wanted
    chosen = st.multiselect(
        "Runs to compare",
        list(labels),
        format_func=lambda i: labels.get(i, f"#{i}"),
        key="cmp_runs",
        max_selections=MAX_RUNS,
        placeholder="Pick runs, or tick them on the Leaderboard",
        on_change=_sync_url,
    )
    missing = [i for i in wanted if i not in labels]
    if missing:
        st.warning(
            "Not found: " + ", ".join(f"run #{i}" for i in missing), icon=":material/search_off:"
        )
    if len(chosen) < MIN_RUNS:
        st.info("Pick at least two runs to compare.", icon=":material/compare_arrows:")
        st.page_link(
            state.LEADERBOARD, label="Choose on the Leaderboard", icon=":material/leaderboard:"
        )
        return
    records = [options[i] for i in chosen]
    unusable = [r for r in records if r.status != "succeeded"]
    for record in unusable:
        st.warning(
            f"Run #{record.id} did not succeed ({text.status_label(record.status).lower()}): it "
            "has no results to compare.",
            icon=":material/warning:",
        )
    records = [r for r in records if r.status == "succeeded"]
    for note in differences(records):
        st.info(note, icon=":material/info:")
    curves = [(short_label(r), store.get_equity(r.id) or {}) for r in records]
    curves = [(label, curve) for label, curve in curves if curve.get("equity")]
    if curves:
        st.plotly_chart(charts.compare_figure(curves), key="cmp_equity")
        st.plotly_chart(charts.compare_drawdown_figure(curves), key="cmp_drawdown")
    if records:
        st.subheader("Side by side")
        st.dataframe(metrics_table(records), key="cmp_table", height="content")
        st.caption(
            "Highlighted: the best of each row. Buy & hold, trades and time in market are not "
            "ranked: more is not better or worse."
        )
        with st.expander("What the rows mean"):
            st.markdown(
                "\n".join(
                    f"- **{text.metric_label(name)}**: {text.metric_explanation(name)}"
                    for name in HEADLINE_METRICS
                    if name != "final_equity"
                )
            )


def _sync_url() -> None:
    chosen = st.session_state.get("cmp_runs") or []
    st.query_params["runs"] = ",".join(map(str, chosen))
    st.session_state["cmp_from"] = list(chosen)


def _options(store, wanted: list[int]) -> dict[int, ExecutionRecord]:
    records: dict[int, ExecutionRecord] = {}
    for execution_id in wanted[: MAX_RUNS * 2]:
        record = store.get_execution(execution_id)
        if record is not None:
            records[record.id] = record
    for record in store.list_executions(limit=40).items:
        records.setdefault(record.id, record)
    return records


def short_label(record: ExecutionRecord) -> str:
    ret = text.metric_text("return_pct", record.return_pct) if record.return_pct is not None else ""
    bits = [f"#{record.id} {record.strategy_name}", record.symbol or "?"]
    return " · ".join(bits) + (f" ({ret})" if ret else "")


def best_index(values: list, *, higher: bool = True) -> int | None:
    """Where the best value is (``None`` when fewer than two values to rank, or a tie for all)."""
    numbers = [(i, v) for i, v in enumerate(values) if isinstance(v, int | float) and v == v]
    if len(numbers) < 2 or len({v for _, v in numbers}) == 1:
        return None
    pick = max if higher else min
    return pick(numbers, key=lambda item: item[1])[0]


def metrics_table(records: list[ExecutionRecord]):
    """Metric rows × run columns, as text, with the best of each ranked row highlighted."""
    frame, css = metrics_frames(records)
    return frame.style.apply(lambda _: css, axis=None)


def metrics_frames(records: list[ExecutionRecord]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(shown values, CSS per cell)``: metric rows × run columns."""
    columns = [f"#{r.id} {r.strategy_name} · {r.symbol or '?'}" for r in records]
    names = [m for m in HEADLINE_METRICS if m != "final_equity"]
    shown, styles = [], []
    for name in names:
        values = [getattr(r, name) for r in records]
        shown.append([text.metric_text(name, v) for v in values])
        best = best_index(values) if name in HIGHER_IS_BETTER else None
        styles.append([BEST_STYLE if i == best else "" for i in range(len(values))])
    index = [text.metric_label(name) for name in names]
    frame = pd.DataFrame(shown, index=index, columns=columns)
    return frame, pd.DataFrame(styles, index=index, columns=columns)


def differences(records: list[ExecutionRecord]) -> list[str]:
    """Notes where the runs were not tested alike (so their numbers are not like for like)."""
    if len(records) < 2:
        return []
    notes = []

    def distinct(getter) -> list:
        seen = []
        for record in records:
            value = getter(record)
            if value not in seen:
                seen.append(value)
        return seen

    symbols = distinct(lambda r: r.symbol)
    if len(symbols) > 1:
        notes.append(
            "These runs traded different symbols ("
            + ", ".join(str(s) for s in symbols)
            + "), so their returns also reflect different markets."
        )
    periods = distinct(lambda r: (text.day(r.data_start), text.day(r.data_end)))
    if len(periods) > 1:
        notes.append(
            "They cover different periods ("
            + "; ".join(f"{a} to {b}" for a, b in periods)
            + "); a good or bad stretch of the market can explain part of a difference."
        )
    intervals = distinct(lambda r: r.interval)
    if len(intervals) > 1:
        notes.append("They use different bar sizes (" + ", ".join(str(i) for i in intervals) + ").")
    costs = distinct(lambda r: (r.commission, r.cash))
    if len(costs) > 1:
        described = ", ".join(
            f"{(c or 0) * 100:.3g}% commission with ${cash or 0:,.0f}" for c, cash in costs
        )
        notes.append(f"Their costs or starting cash differ ({described}).")
    return notes
