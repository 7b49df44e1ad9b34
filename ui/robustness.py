"""The Run page's Robustness tab: was this run luck?

The Run page draws this tab when it is chosen; even then nothing here is computed until asked
for: a Monte Carlo of the run's trades and the probabilistic Sharpe ratio of its daily returns (the
full results file read, 1,000 samples; a second or so) on one click, a walk-forward of the
strategy's settings over the run's own data (in sandboxed children, about half a minute) on
another. Each part is a fragment: its button reruns it alone, not the Run page. Every figure
comes from ``engine.sweeps``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine import charts
from ui import state, widgets
from ui.widgets import PLOTLY_CONFIG

P = "rb"
#: Values tried per setting on each train window, and at most this many settings.
WALK_VALUES = 3
WALK_SETTINGS = 2
TRAIN_BARS, TEST_BARS = 504, 126  # about two years to choose, six months to trade


@st.cache_data(max_entries=256, show_spinner=False)
def monte_carlo(url: str, run_id: int) -> dict:
    from engine.sweeps.run_check import assess_stored_run

    return assess_stored_run(state.store(), run_id)


def render(run_id: int) -> None:
    from engine.sweeps.run_check import RunNotAssessable, assessable_run

    try:
        assessable_run(state.store(), run_id)
    except RunNotAssessable as exc:
        st.info(f"Nothing to judge: {exc}.", icon=":material/info:")
        return
    _luck(run_id)
    _walk_forward(run_id)


@st.fragment
def _luck(run_id: int) -> None:
    opened = f"{P}_luck_{run_id}"  # once asked for, shown on every later view of the run
    if not st.session_state.get(opened):
        st.caption(
            "Draw the run's trades again at random a thousand times, and weigh its Sharpe ratio "
            "by how long it ran: how much of the result could be luck?"
        )
        if not st.button("Judge its luck", icon=":material/casino:", key=f"{P}_judge_{run_id}"):
            return
        st.session_state[opened] = True
    report = monte_carlo(state.store().url, run_id)
    verdict = report["verdict"]
    widgets.VERDICT_BOXES[verdict["level"]](verdict["headline"])
    for finding in verdict["findings"]:
        st.markdown(f"- {finding['sentence']}")
    carlo = report["monte_carlo"]
    if carlo:
        st.plotly_chart(_bands(carlo), key=f"{P}_bands_{run_id}", config=PLOTLY_CONFIG)
        st.caption(
            f"The run's {report['trades']} trades drawn again at random {carlo['runs']:,} times: "
            "the bars span the middle 90% of the outcomes, the mark is the middle one."
        )


def _bands(carlo: dict) -> go.Figure:
    rows = [
        ("Final return (%)", carlo["final_return_pct"]),
        ("Worst drop (%)", carlo["max_drawdown_pct"]),
    ]
    fig = go.Figure()
    for label, band in rows:
        fig.add_trace(
            go.Scatter(
                x=[band["p5"], band["p95"]],
                y=[label, label],
                mode="lines",
                line={"width": 14, "color": charts.STRATEGY_COLOR},
                opacity=0.35,
                showlegend=False,
                hovertemplate="5th to 95th percentile: %{x:.1f}%<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[band["p50"]],
                y=[label],
                mode="markers",
                marker={"size": 12, "color": charts.STRATEGY_COLOR, "symbol": "line-ns-open"},
                showlegend=False,
                hovertemplate="median: %{x:.1f}%<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": "What reshuffled luck could have given", "x": 0, "xanchor": "left"},
        template="plotly_white",
        height=220,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


@st.fragment
def _walk_forward(run_id: int) -> None:
    st.subheader("Walk-forward")
    st.caption(
        "Choose the best setting on two years, trade it on the next six months, move on, and "
        "see how much of the result survives on data it was not chosen on."
    )
    key = f"{P}_walk_{run_id}"
    if key not in st.session_state:
        if st.button("Run a walk-forward", icon=":material/fast_forward:", key=f"{P}_go_{run_id}"):
            with st.spinner("Choosing and trading window by window, in the sandbox..."):
                st.session_state[key] = _run_walk_forward(run_id)
        else:
            return
    document = st.session_state[key]
    if isinstance(document, str):
        st.warning(document)
        return
    verdict = document["verdict"]
    widgets.VERDICT_BOXES[verdict["level"]](
        verdict["findings"][0]["sentence"] if verdict["findings"] else verdict["headline"]
    )
    curve = pd.Series(
        document["equity"]["equity"], index=pd.to_datetime(document["equity"]["time"])
    )
    fig = go.Figure(
        go.Scatter(
            x=curve.index,
            y=curve.values,
            line={"color": charts.STRATEGY_COLOR, "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": "Out of sample only, window after window", "x": 0, "xanchor": "left"},
        template="plotly_white",
        height=320,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    st.plotly_chart(fig, key=f"{P}_walk_chart_{run_id}", config=PLOTLY_CONFIG)
    st.dataframe(
        pd.DataFrame(
            {
                "Traded from": [w["test_start"] for w in document["windows"]],
                "to": [w["test_end"] for w in document["windows"]],
                "Setting chosen": [
                    ", ".join(f"{k}={v}" for k, v in w["params"].items())
                    for w in document["windows"]
                ],
                "Return when chosen (%)": [w["in_sample_return_pct"] for w in document["windows"]],
                "Return after (%)": [w["out_of_sample_return_pct"] for w in document["windows"]],
            }
        ),
        hide_index=True,
    )


def _run_walk_forward(run_id: int) -> dict | str:
    """The walk-forward's document, or why it cannot run, in a sentence."""
    from engine.sweeps.grid import GridError
    from engine.sweeps.runner import SweepError, SweepRequest
    from engine.sweeps.walk_forward import WalkForwardSettings, run_walk_forward
    from ui.sweep import parameters, proposed_range

    store = state.store()
    record = store.get_execution(run_id)
    source = (record.data_source or "").split(":")[0]  # "sample:quandl-wiki" -> "sample"
    if source not in ("sample", "yahoo"):
        return "A walk-forward reloads the run's data; this run used your own file."
    settings = parameters(store.url, record.strategy_id)
    numeric = [
        (k, v)
        for k, v in settings.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    ][:WALK_SETTINGS]
    if not numeric:
        return "This strategy has no numeric settings to choose between."
    params = []
    for name, default in numeric:
        start, stop, _ = proposed_range(default)
        step = (stop - start) / (WALK_VALUES - 1)
        step = max(1, round(step)) if isinstance(default, int) else round(step, 4)
        params.append(f"{name}={start}:{stop}:{step}")
    bars = record.bars or 0
    train, test = (TRAIN_BARS, TEST_BARS) if bars >= 3 * TRAIN_BARS else (bars // 2, bars // 6)
    request = SweepRequest(
        None,
        params=params,
        symbols=[record.symbol],
        start=record.data["start"][:10] if record.data["start"] else None,
        end=record.data["end"][:10] if record.data["end"] else None,
        interval=record.interval,
        source=source,
        cash=record.cash,
        commission=record.commission,
        strategy_id=record.strategy_id,
    )
    try:
        return run_walk_forward(request, WalkForwardSettings(train, test))
    except (GridError, SweepError, ValueError) as exc:
        return f"The walk-forward could not run: {exc}"
