"""Small Streamlit pieces shared by the pages: metric cards, a job's live status, field errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from engine import jobs
from engine.results import plain_of
from ui import state, text

#: Plotly's toolbar hidden (it sat on the charts' titles and legends, worst on a phone); drag to
#: zoom and double-click to reset still work.
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": False, "displayModeBar": False}
#: How a robustness verdict is shown (engine.sweeps.robustness.Verdict.level -> its box).
VERDICT_BOXES = {
    "robust": st.success,
    "mixed": st.warning,
    "likely overfit": st.error,
    "too little evidence": st.info,
}


def field_error(errors: dict[str, str] | None, *fields: str) -> None:
    """Show the message for any of ``fields`` right where it applies, in plain words (the exact
    message behind "Advanced" when the words differ)."""
    for name in fields:
        message = (errors or {}).get(name)
        if message:
            plain = text.error_text(message)
            st.error(plain, icon=":material/error:")
            if plain_of(message) != message:  # a library's own words, kept apart
                with st.expander("Advanced: the exact message"):
                    st.code(message, language=None, wrap_lines=True)


def metric_card(name: str, value, *, delta: str | None = None, explanation: str = "") -> None:
    """One headline number with its one-line explanation underneath."""
    explanation = explanation or text.metric_explanation(name)
    with st.container(border=True):
        st.metric(
            text.metric_label(name),
            text.metric_text(name, value),
            delta=delta,
            delta_color="normal" if delta else "off",
            help=explanation,
        )
        st.caption(explanation)


def headline_cards(metrics: dict, *, columns: int = 4, hold_start: str = "") -> None:
    """The eight headline cards of a run, return first (compared with buy and hold, bought on
    ``hold_start``, the first day the bot could trade)."""
    names = text.HEADLINE_CARDS
    rows = [names[i : i + columns] for i in range(0, len(names), columns)]
    for row in rows:
        for column, name in zip(st.columns(columns), row, strict=False):
            with column:
                if name == "return_pct":
                    _return_card(metrics, hold_start)
                else:
                    metric_card(name, metrics.get(name))


def _return_card(metrics: dict, hold_start: str = "") -> None:
    value, hold = metrics.get("return_pct"), metrics.get("buy_hold_return_pct")
    delta = None
    explanation = "How much the account grew or shrank over the whole test."
    if value is not None and hold is not None:
        delta = f"{value - hold:+.1f} pts vs buy & hold"
        when = f" on {hold_start}, the first day the bot could trade," if hold_start else ""
        explanation += f" Buying{when} and holding made {hold:+.1f}%: the dotted line on the chart."
    metric_card("return_pct", value, delta=delta, explanation=explanation)


def _steps(job) -> list[tuple[str, str]]:
    steps = list(text.PHASE_STEPS)
    if job.kind == "run":
        steps = [step for step in steps if step[0] != "generating"]
    return steps


def job_panel(job, *, title: str | None = None) -> None:
    """Where a background job is: its steps, what it is doing now, how long it has taken."""
    steps = _steps(job)
    names = [name for name, _ in steps]
    current = names.index(job.phase) if job.phase in names else len(steps)
    finished = job.finished
    with st.container(border=True):
        heading = title or ("Generating and running your bot" if job.kind == "generate" else "Run")
        st.markdown(f"**{heading}** · {text.status_label(job.status)}")
        marks = []
        for index, (_, label) in enumerate(steps):
            if finished and job.status == "succeeded" or index < current:
                marks.append(f":green[:material/check_circle:] {label}")
            elif index == current and not finished:
                marks.append(f":blue[:material/pending:] **{label}**")
            elif index == current and finished:
                marks.append(f":red[:material/cancel:] {label}")
            else:
                marks.append(f":gray[:material/radio_button_unchecked: {label}]")
        st.markdown(" → ".join(marks))
        if not finished:
            fraction = min((current + 0.5) / len(steps), 0.95)
            st.progress(fraction, text=job.progress or "Waiting for the worker to pick it up")
            st.caption(f"Started {_ago(job.created_at)}. You can leave this page and come back.")


def _ago(moment: datetime | None) -> str:
    if moment is None:
        return "just now"
    seconds = max((datetime.now(UTC) - moment).total_seconds(), 0)
    if seconds < 60:
        return f"{seconds:.0f} s ago"
    return f"{seconds / 60:.0f} min ago"


def cancel_button(job, *, key: str) -> None:
    if job.finished:
        return
    if st.button("Cancel", key=key, icon=":material/stop_circle:", disabled=job.cancel_requested):
        jobs.cancel(state.store(), job.id)
        st.rerun()


def failure_box(
    error_type: str | None, message: str | None, *, details: bool = True, hints=()
) -> None:
    """A failure in plain words: one sentence for the kind, the message's first line with what
    to do (its stored ``hints``, said as the dashboard says them), and (``details``) the whole
    message tucked away. Never a traceback on the main screen."""
    sentence = text.error_sentence(error_type)
    detail = text.error_text(text.first_line(message), hints)
    body = f"**{sentence}**\n\n{detail}" if detail else f"**{sentence}**"
    st.error(body, icon=":material/error:")
    if details and message and message.strip() != detail:
        with st.expander("Details"):
            st.code(message, language=None, wrap_lines=True)


def job_failure(job) -> None:
    """A failed job in plain words, with the details tucked away."""
    failure_box(job.error_type, job.error_message)


def live_job(job_id: int | None, *, key: str, done: Callable[[], bool]) -> None:
    """Where a background job is, polled until ``done()`` says what the page waits for has
    happened; then the whole page reruns, on the same page, to show it. ``job_id`` may be
    ``None`` (a run started elsewhere, e.g. by the command line): only ``done`` is polled.

    Never switch pages from here: a poll of the page being left can reach the server just after
    the switch and leave the browser with an empty page. So the page that polls is the page
    where the result appears.
    """
    store = state.store()
    if done():
        st.rerun(scope="app")
    job = store.get_job(job_id) if job_id is not None else None
    if job is not None and not job.finished and not state.worker_running():
        state.start_worker()

    @st.fragment(run_every=state.POLL_SECONDS)
    def panel() -> None:
        if done():
            st.rerun(scope="app")
        current = store.get_job(job_id) if job_id is not None else None
        if current is None:
            st.info("Running. This page updates when it finishes.", icon=":material/pending:")
            return
        job_panel(current)
        if not current.finished:
            cancel_button(current, key=f"{key}_cancel")

    panel()
