"""Sweep: one strategy over a grid of settings, live progress, a heatmap and a plain verdict.

``/sweep`` starts one (the strategy's settings are read inside the sandbox, never by importing
it here); ``/sweep?sweep=ID`` follows it while it runs and shows its results when it ends. The
sweep runs in the background of the dashboard's server (:class:`engine.sweeps.service.
SweepService`), its slices in sandboxed children; every figure comes from ``engine.sweeps``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from engine import charts
from engine.results import run_page
from engine.sweeps.assessment import grid_of
from engine.sweeps.objectives import DEFAULT_OBJECTIVE, OBJECTIVES
from engine.sweeps.report import sweep_document
from engine.sweeps.runner import rank
from ui import state, text, widgets

P = "sw"  # widget key prefix
BEST_TO_COMPARE = 5
POLL_SECONDS = 0.5  # a poll that finds nothing new costs two small queries
VALUES_PER_SETTING = 10


@st.cache_resource(show_spinner=False, max_entries=8)
def _service_for(url: str, home: str):
    from engine.sweeps.service import SweepService

    return SweepService(state.store(), state.settings())


def service():
    """The sweeps running in this server (one service per database)."""
    current = state.settings()
    return _service_for(current.database_url, str(current.home))


@st.cache_data(max_entries=64, show_spinner="Reading the strategy's settings...")
def parameters(url: str, strategy_id: int) -> dict:
    """A stored strategy version's settings and their defaults (versions never change)."""
    from engine.sweeps.runner import SweepRunner

    record = state.store().get_strategy(strategy_id)
    return SweepRunner(store=state.store()).parameters(record.code)


def render() -> None:
    st.title("Sweep")
    st.caption(
        "Try one strategy over a grid of settings, then see whether its best setting is skill "
        "or luck."
    )
    raw = st.query_params.get("sweep", "")
    if raw.isdigit():
        _show(int(raw))
        return
    _form()
    _recent()


# -- starting a sweep ------------------------------------------------------------------------


def _form() -> None:
    store = state.store()
    names = [summary.name for summary in store.list_strategies()]
    if not names:
        st.info("Make a bot on the New bot page first: its settings can then be swept here.")
        return
    name = st.selectbox("Strategy", names, key=f"{P}_strategy")
    version = store.strategy_versions(name)[-1]
    try:
        settings = parameters(store.url, version.id)
    except Exception as exc:
        st.error(f"Botlab could not read this strategy's settings: {exc}")
        return
    numeric = {
        key: value
        for key, value in settings.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if not numeric:
        st.warning(f"{name} has no numeric settings to vary.")
        return
    chosen = st.multiselect(
        "Settings to vary",
        list(numeric),
        default=list(numeric)[:2],
        key=f"{P}_chosen_{version.id}",
        help="Two settings give a heatmap; one a line; more a chart of every combination.",
    )
    ranges = [_range_inputs(key, numeric[key], version.id) for key in chosen]
    constraint = st.text_input(
        "Only where (optional)",
        placeholder="fast < slow",
        key=f"{P}_constraint",
        help="A rule the settings must meet, using their names, numbers, < > <= >= and, or.",
    )
    left, right = st.columns(2)
    objective = left.selectbox(
        "Pick the best by",
        list(OBJECTIVES),
        index=list(OBJECTIVES).index(DEFAULT_OBJECTIVE),
        format_func=lambda key: OBJECTIVES[key][0][0].upper() + OBJECTIVES[key][0][1:],
        key=f"{P}_objective",
    )
    from engine.data import bundled_symbols

    symbol = right.selectbox("Symbol", bundled_symbols(), key=f"{P}_symbol")
    combinations = math.prod(len(_values(*r[1:])) for r in ranges) if ranges else 0
    st.caption(f"{combinations:,} combinations before the rule above.")
    if st.button("Start sweep", type="primary", disabled=not ranges, key=f"{P}_start"):
        _start(version.id, ranges, constraint, objective, symbol)


def _range_inputs(key: str, default: float, version_id: int) -> tuple[str, float, float, float]:
    start, stop, step = proposed_range(default)
    columns = st.columns(3)
    prefix = f"{P}_{version_id}_{key}"
    start = columns[0].number_input(f"{key}: from", value=start, key=f"{prefix}_from")
    stop = columns[1].number_input(f"{key}: to", value=stop, key=f"{prefix}_to")
    step = columns[2].number_input(f"{key}: step", value=step, key=f"{prefix}_step")
    return key, start, stop, step


def proposed_range(default: float) -> tuple:
    """About ten values from half to twice a setting's default (whole numbers stay whole)."""
    if isinstance(default, int):
        start = max(1, round(default / 2))
        stop = max(start + 1, round(default * 2))
        step = max(1, round((stop - start) / (VALUES_PER_SETTING - 1)))
        return start, stop, step
    if default == 0:
        return 0.0, 1.0, 0.1
    low, high = sorted((default / 2, default * 2))
    step = float(f"{(high - low) / (VALUES_PER_SETTING - 1):.2g}")
    return float(f"{low:.4g}"), float(f"{high:.4g}"), step


def _values(start: float, stop: float, step: float) -> list[float]:
    if step <= 0 or stop < start:
        return [start]
    return [start + i * step for i in range(int((stop - start) / step + 1e-9) + 1)]


def _start(strategy_id: int, ranges, constraint: str, objective: str, symbol: str) -> None:
    from engine.api.errors import ApiError
    from engine.results import Refused
    from engine.sweeps.runner import SweepRequest

    request = SweepRequest(
        None,
        params=[f"{key}={start}:{stop}:{step}" for key, start, stop, step in ranges],
        constraints=[constraint] if constraint.strip() else [],
        objective=objective,
        symbols=[symbol],
        strategy_id=strategy_id,
    )
    try:
        document = service().start(request)
    except ApiError as exc:  # the refusal itself, when there is one: the page words it
        refusal = exc.__cause__
        st.error(text.sweep_error(refusal) if isinstance(refusal, Refused) else exc.message)
        return
    st.query_params["sweep"] = str(document["sweep_id"])
    st.rerun()


def _recent() -> None:
    sweeps = service().list(limit=20)
    if not sweeps:
        return
    st.subheader("Recent sweeps")
    table = pd.DataFrame(
        {
            "Sweep": [f"/sweep?sweep={s['sweep_id']}" for s in sweeps],
            "Strategy": [s["strategy"] for s in sweeps],
            "Status": [s["status"] for s in sweeps],
            "Done": [f"{s['done']} of {s['total']}" for s in sweeps],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={"Sweep": st.column_config.LinkColumn("Sweep", display_text=r"sweep=(\d+)")},
    )


# -- one sweep -------------------------------------------------------------------------------


def _show(sweep_id: int) -> None:
    store = state.store()
    record = store.get_sweep(sweep_id)
    if record is None:
        st.error(f"There is no sweep {sweep_id}.")
        return
    label = OBJECTIVES.get(record.objective, (record.objective,))[0]
    symbols = ", ".join(record.definition.get("symbols", []))
    st.subheader(f"Sweep {sweep_id}: {record.strategy_name} on {symbols}, best by {label}")
    st.page_link(state.SWEEP, label="Start another sweep", icon=":material/add:")
    if record.status == "running":
        _live(sweep_id, label)
        return
    if record.status != "succeeded":
        # with its stored hints in the dashboard's words, as the Run page says a run's
        reason = record.error_message or record.status
        if record.error_message:
            reason = text.error_text(record.error_message, record.error_hints or [])
        st.warning(f"This sweep {record.status}: {reason}. Its finished settings are below.")
    _results(sweep_id, label)


def _state(store, sweep_id: int) -> tuple[str, str | None, int]:
    """What a sweep's view depends on: its status, when it finished, how many results it has
    (two small queries, so that a poll that finds nothing new costs next to nothing)."""
    record = store.get_sweep(sweep_id)
    finished = record.finished_at.isoformat() if record.finished_at else None
    return record.status, finished, len(store.sweep_keys(sweep_id))


@st.cache_resource(max_entries=16, show_spinner=False)
def sweep_view(url: str, sweep_id: int, label: str, status: str, finished: str | None, done: int):
    """A sweep's document, parameter names and figure in one state (``status``, ``finished``,
    ``done`` results; see :func:`_state`): built once per state, so every rerun that finds the
    sweep as it was (a poll while it runs, a click on a cell) reuses it. A resource, not data:
    Streamlit would unpickle a cached figure on every rerun (0.1 s for a 50 x 50 grid); the
    view is shared and never changed."""
    store = state.store()
    record = store.get_sweep(sweep_id)
    results = store.sweep_results(sweep_id)  # read and ranked once for the document and grid
    ranking = rank(results, record.objective, record.definition.get("symbols", []))
    grid = grid_of(record.definition, ranking)
    names = grid["names"]
    heatmap = len(names) == 2 and grid["scores"] is not None
    running = status == "running"
    # a running sweep's heatmap needs no list of its combinations (2,500 dicts for 50 x 50)
    document = sweep_document(
        store,
        sweep_id,
        results=results,
        ranking=ranking,
        with_combinations=not (running and heatmap),
    )
    combinations = document.get("combinations", [])
    stability = (document.get("robustness") or {}).get("stability") or {}
    if heatmap and running:
        # the cells alone while it runs: redrawn at every new result, and the layer that makes
        # 2,500 cells clickable (one SVG marker each) takes the browser a second or more
        figure = charts.sweep_heatmap(
            names,
            grid["axes"],
            grid["scores"],
            objective=label,
            title=f"{label} for each setting: {document['done']:,} of "
            f"{document['total']:,} tried so far",
        )
    elif heatmap:
        runs = {
            (c["params"][names[0]], c["params"][names[1]]): c["execution_id"]
            for c in combinations
            if c["status"] == "succeeded"
        }
        figure = charts.sweep_heatmap(
            names,
            grid["axes"],
            grid["scores"],
            objective=label,
            runs=runs,
            stable=[cell for cell in stability.get("stable") or [] if cell],
            best=stability.get("best"),
        )
    else:
        figure = charts.sweep_lines(names, combinations, objective=label)
    # a dict, not the Figure: a Figure comes back from the cache with its layout reordered, so
    # its JSON, the chart's identity, would differ between the first draw and the click on it
    # (and the first click on a newly finished sweep would be lost)
    return document, names, figure.to_dict()


def _live(sweep_id: int, label: str) -> None:
    """Progress and the results so far, polled: only this part reruns, and the heatmap is
    rebuilt only when a result has come in."""
    store = state.store()

    @st.fragment(run_every=POLL_SECONDS)
    def panel() -> None:
        document, _names, figure = sweep_view(store.url, sweep_id, label, *_state(store, sweep_id))
        if document["status"] != "running":
            st.rerun()  # the whole page, once: the results and the verdict replace the progress
        total = max(document["total"], 1)
        st.progress(
            min(document["done"] / total, 1.0),
            text=f"{document['done']:,} of {document['total']:,} settings tried",
        )
        started = datetime.fromisoformat(document["created_at"])
        elapsed = max((datetime.now(UTC) - started).total_seconds(), 1e-6)
        columns = st.columns(4)
        columns[0].metric("Done", f"{document['done']:,}")
        columns[1].metric("Failed", f"{document['failed']:,}")
        columns[2].metric("Left", f"{document['left']:,}")
        columns[3].metric("Per second", f"{document['done'] / elapsed:.1f}")
        if st.button("Cancel sweep", key=f"{P}_cancel_{sweep_id}"):
            service().cancel(sweep_id)
        if document["done"]:
            st.plotly_chart(figure, key=f"{P}_live_{sweep_id}")
            st.caption("Each cell's run opens with a click once the sweep has finished.")

    panel()


def _chart(figure, sweep_id: int) -> None:
    event = st.plotly_chart(
        figure, on_select="rerun", selection_mode="points", key=f"{P}_chart_{sweep_id}"
    )
    _open_clicked(event)


def _results(sweep_id: int, label: str) -> None:
    store = state.store()
    document, names, figure = sweep_view(store.url, sweep_id, label, *_state(store, sweep_id))
    robustness = document.get("robustness")
    if robustness and robustness.get("verdict"):
        verdict = robustness["verdict"]
        widgets.VERDICT_BOXES[verdict["level"]](verdict["headline"])
        with st.expander("The numbers behind this verdict"):
            for finding in verdict["findings"]:
                st.markdown(f"- {finding['sentence']}")
            for note in robustness.get("notes") or []:
                st.caption(note)
            st.json(
                {key: value for key, value in robustness.items() if key != "verdict"},
                expanded=False,
            )
    else:
        st.info("This sweep was not judged for luck (its robustness checks were turned off).")
    if len(names) == 2:
        caption = (
            "Green settings scored above zero, red below. The ringed cells are the stable region "
            "(they and their neighbours score close to the best); the star is the best. Click a "
            "cell to open its run."
        )
    else:
        caption = "Click a point to open its run." if len(names) == 1 else ""
    _chart(figure, sweep_id)
    if caption:
        st.caption(caption)
    _table(document["combinations"], names)


def _open_clicked(event) -> None:
    points = (getattr(event, "selection", None) or {}).get("points") or []
    for point in points:
        run_id = point.get("customdata")
        if isinstance(run_id, list):
            run_id = run_id[0] if run_id else None
        if run_id is not None:
            st.switch_page(state.RUN, query_params={"run": str(int(run_id))})


def _table(combinations: list[dict], names: list[str]) -> None:
    ranked = sorted((c for c in combinations if c["score"] is not None), key=lambda c: -c["score"])
    best = [c["execution_id"] for c in ranked[:BEST_TO_COMPARE]]
    if len(best) >= 2 and st.button(
        f"Compare the best {len(best)}", icon=":material/compare_arrows:", key=f"{P}_compare"
    ):
        st.switch_page(state.COMPARE, query_params={"runs": ",".join(map(str, best))})
    rows = ranked + [c for c in combinations if c["score"] is None]
    table = pd.DataFrame(
        {
            **{name: [c["params"].get(name) for c in rows] for name in names},
            "Score": [c["score"] for c in rows],
            "Return %": [c["metrics"].get("return_pct") for c in rows],
            "Sharpe": [c["metrics"].get("sharpe_ratio") for c in rows],
            "Max drawdown %": [c["metrics"].get("max_drawdown") for c in rows],
            "Trades": [c["metrics"].get("trades") for c in rows],
            "Status": [c["status"] for c in rows],
            "Run": [run_page(c["execution_id"], "") for c in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={"Run": st.column_config.LinkColumn("Run", display_text=r"run=(\d+)")},
    )
