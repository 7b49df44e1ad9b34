"""The sidebar every page shares: what is running now, and where the data comes from."""

from __future__ import annotations

import streamlit as st

from ui import state, text


def render() -> None:
    with st.sidebar:
        try:
            active = state.store().list_jobs(active_only=True, limit=5)
        except Exception:  # the page itself reports a database problem
            active = []
        if active:
            st.markdown("**Running now**")
            for job in active:
                label = f"New bot: {text.status_label(job.status).lower()}"
                if job.execution_id:
                    st.page_link(
                        state.RUN,
                        label=f"Run #{job.execution_id}: {text.status_label(job.status).lower()}",
                        query_params={"run": str(job.execution_id)},
                        icon=":material/pending:",
                    )
                else:
                    st.page_link(
                        state.RUN,
                        label=label,
                        query_params={"job": str(job.id)},
                        icon=":material/pending:",
                    )
        source = state.settings().data_source
        mode = "offline samples" if source == "sample" else "Yahoo Finance"
        st.caption(f"Price data: {mode}. Results are backtests: past prices, not advice.")
