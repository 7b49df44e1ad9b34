"""The sidebar every page shares: what is running now, and where the data comes from."""

from __future__ import annotations

import streamlit as st

from ui import state, text


def render() -> None:
    with st.sidebar:
        active = running_now()
        if active:
            st.markdown("**Running now**")
        for job, status in active:
            if job.execution_id:
                st.page_link(
                    state.RUN,
                    label=f"Run #{job.execution_id}: {text.status_label(status).lower()}",
                    query_params={"run": str(job.execution_id)},
                    icon=":material/pending:",
                )
            else:
                st.page_link(
                    state.RUN,
                    label=f"New bot: {text.status_label(status).lower()}",
                    query_params={"job": str(job.id)},
                    icon=":material/pending:",
                )
        source = state.settings().data_source
        mode = "offline samples" if source == "sample" else "Yahoo Finance"
        st.caption(f"Price data: {mode}. Results are backtests: past prices, not advice.")


def running_now() -> list[tuple]:
    """The active jobs with the status to show: their run's, once the job has one. A job is
    still "running" for a moment after its run finished (while it saves); the page already
    says "Finished" then, so the sidebar leaves it out rather than contradict it."""
    try:
        store = state.store()
        jobs = store.list_jobs(active_only=True, limit=5)
        shown = []
        for job in jobs:
            status = job.status
            if job.execution_id:
                execution = store.get_execution(job.execution_id)
                if execution is None or execution.finished:
                    continue
                status = execution.status
            shown.append((job, status))
        return shown
    except Exception:  # the page itself reports a database problem
        return []
