"""Strategies: each strategy's versions (what changed in the code) and its runs over time."""

from __future__ import annotations

import difflib

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine import charts, jobs
from ui import state, text


def render() -> None:
    st.title("Strategies")
    st.caption("Every bot Botlab has saved, with each version of its code and how its runs went.")
    store = state.store()
    summaries = store.list_strategies()
    if not summaries:
        st.info("No strategies yet. Describe one on the New bot page.", icon=":material/info:")
        st.page_link(state.NEW_BOT, label="New bot", icon=":material/add_circle:")
        return
    st.dataframe(
        overview_frame(summaries),
        hide_index=True,
        key="st_overview",
        column_config={
            "Best return": st.column_config.NumberColumn(format="%+.2f%%"),
            "Last run": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )
    names = [s.name for s in summaries]
    latest = max(summaries, key=lambda s: (s.last_run_at or s.updated_at, s.updated_at))
    name = st.selectbox(
        "Strategy", names, index=names.index(latest.name), key="strategy", bind="query-params"
    )
    summary = next(s for s in summaries if s.name == name)
    versions = store.strategy_versions(name)
    history = store.strategy_history(name, limit=2000)
    st.subheader(name)
    if summary.description:
        st.markdown(f"> {summary.description}")
    _runs_over_time(history)
    _versions(versions, history)


def overview_frame(summaries) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Strategy": s.name,
                "Versions": s.versions,
                "Written by": text.source_label(s.source),
                "Runs": s.runs,
                "Succeeded": s.successful_runs,
                "Best return": s.best_return_pct,
                "Last run": None if s.last_run_at is None else pd.Timestamp(s.last_run_at),
            }
            for s in summaries
        ]
    )


def _runs_over_time(history) -> None:
    done = [r for r in history if r.status == "succeeded" and r.return_pct is not None]
    if not history:
        st.info("This strategy has not been run yet.", icon=":material/info:")
        return
    if done:
        figure = go.Figure()
        versions = sorted({r.strategy_version or 0 for r in done})
        for index, version in enumerate(versions):
            rows = [r for r in done if (r.strategy_version or 0) == version]
            figure.add_trace(
                go.Scatter(
                    x=[r.created_at for r in rows],
                    y=[r.return_pct for r in rows],
                    mode="markers",
                    name=f"Version {version}",
                    marker={"size": 9, "color": charts.PALETTE[index % len(charts.PALETTE)]},
                    text=[f"Run #{r.id} · {r.symbol}" for r in rows],
                    hovertemplate="%{text}<br>%{x|%Y-%m-%d %H:%M}<br>Return %{y:+.2f}%"
                    "<extra></extra>",
                )
            )
        figure.update_layout(
            title={"text": "Return of each run, over time", "x": 0},
            template="plotly_white",
            height=320,
            margin={"l": 10, "r": 10, "t": 50, "b": 10},
            legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        )
        figure.update_yaxes(title_text="Return (%)")
        st.plotly_chart(figure, key="st_runs_chart")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Run": state.run_link(r.id),
                    "Version": r.strategy_version,
                    "Symbol": r.symbol,
                    "Status": text.status_label(r.status),
                    "Return": r.return_pct,
                    "Sharpe": r.sharpe_ratio,
                    "Trades": r.trades,
                    "Date": pd.Timestamp(r.created_at),
                }
                for r in history[:200]
            ]
        ),
        hide_index=True,
        key="st_runs",
        column_config={
            "Run": st.column_config.LinkColumn("Run", display_text=r"run\?run=(\d+)$"),
            "Return": st.column_config.NumberColumn(format="%+.2f%%"),
            "Sharpe": st.column_config.NumberColumn(format="%.2f"),
            "Date": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )


def _versions(versions, history) -> None:
    st.markdown(f"**Versions** ({len(versions)})")
    runs_per_version: dict[int, int] = {}
    for record in history:
        runs_per_version[record.strategy_id] = runs_per_version.get(record.strategy_id, 0) + 1
    previous = None
    for record in reversed(versions):  # newest first
        older = next((v for v in versions if v.version == record.version - 1), None)
        label = (
            f"Version {record.version} · {text.written_by(record)} · "
            f"{text.when(record.created_at)} · "
            f"{text.plural(runs_per_version.get(record.id, 0), 'run')}"
        )
        with st.expander(label, expanded=previous is None):
            if record.description:
                st.caption(record.description)
            show_diff = older is not None and st.toggle(
                f"Show what changed since version {older.version}",
                value=True,
                key=f"st_diff_{record.id}",
            )
            if show_diff:
                diff = code_diff(older.code, record.code, older.version, record.version)
                st.code(diff or "(no change in the code)", language="diff")
            else:
                st.code(record.code, language="python", line_numbers=True)
            run = st.button(
                "Run this version", key=f"st_run_{record.id}", icon=":material/play_arrow:"
            )
            if run:
                job = jobs.submit_run(state.store(), strategy_id=record.id)
                state.start_worker()
                st.switch_page(state.RUN, query_params={"run": str(job.execution_id)})
        previous = record


def code_diff(old: str, new: str, old_version: int, new_version: int) -> str:
    """A unified diff between two versions' code."""
    lines = difflib.unified_diff(
        old.splitlines(),
        new.splitlines(),
        fromfile=f"version {old_version}",
        tofile=f"version {new_version}",
        lineterm="",
    )
    return "\n".join(lines)
