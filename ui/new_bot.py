"""New bot: describe an idea, see what Botlab understood, generate and run it in the background."""

from __future__ import annotations

import hashlib

import streamlit as st

from engine import jobs
from engine.generation import EXAMPLES, compile_spec, understand
from engine.generation._naming import strategy_title
from engine.generation.generator import (
    MAX_DESCRIPTION_CHARS,
    GenerationRefused,
    StrategyGenerator,
    name_for_new_idea,
)
from engine.generation.keys import gemini_available
from ui import run_settings, state, text
from ui.widgets import field_error, job_failure

P = "nb"  # widget key prefix

FIELD_NAMES = {
    "description": "the description",
    "engine": "who writes the bot",
    "symbol": "the symbol",
    "data": "the price data",
    "period": "the period",
    "cash": "the starting cash",
    "commission": "the commission",
    "spread": "the spread",
    "code": "the edited code",
}

ENGINES = ("auto", "offline", "gemini")
ENGINE_LABELS = {
    "auto": "Automatic",
    "offline": "Offline compiler",
    "gemini": "Gemini (Google's AI)",
}
ENGINE_HELP = {
    "auto": "The offline compiler when it understands everything, else Gemini (when set up).",
    "offline": "Botlab's own rule reader: instant, free, works without internet.",
    "gemini": "Reads free-form ideas; writes, tests and repairs the code (needs an API key).",
}


@st.cache_data(ttl=30, show_spinner=False)
def gemini_state(home: str) -> tuple[bool, str]:
    """Whether Gemini can be used now, and why not (cached briefly: it reads the database)."""
    try:
        return gemini_available(state.settings())
    except Exception as exc:  # never break the page over it
        return False, f"could not check the Gemini set-up ({type(exc).__name__})"


def plain_reason(reason: str) -> str:
    """Why Gemini can't be used, for someone who doesn't set environment variables."""
    if reason.startswith("no Gemini API key"):
        return "it needs a Gemini API key, and none is set up. Settings → Gemini says how."
    return reason.rstrip(".") + ". Settings → Gemini has the details."


def render() -> None:
    submitted = st.session_state.pop(f"{P}_goto", None)
    if submitted:  # queued by the button's callback: follow it on the run's page
        st.switch_page(state.RUN, query_params={"job": str(submitted)})
    st.title("New bot")
    st.caption(
        "Describe a trading idea in plain English. Botlab turns it into a bot, tests it on past "
        "prices and shows how it would have done. Nothing runs until you click Generate & run."
    )
    errors = st.session_state.get(f"{P}_errors") or {}
    _examples()
    st.text_area(
        "Describe your strategy",
        key=f"{P}_description",
        height=130,
        placeholder="For example: buy when RSI(14) drops below 30 and sell when it rises above 70, "
        "with a 5% stop loss",
        on_change=_description_changed,
        persist_state="session",
    )
    description = st.session_state.get(f"{P}_description") or ""
    length = len(description.strip())
    counter = f"{length:,} / {MAX_DESCRIPTION_CHARS:,} characters"
    st.caption(f":red[{counter}]" if length > MAX_DESCRIPTION_CHARS else counter)
    field_error(errors, "description")

    st.subheader("Test settings")
    run_settings.render(P, errors)
    engine = _engine_choice(errors)
    st.divider()
    code = _understood(description, engine)
    job_id = st.session_state.get(f"{P}_job")
    job = state.store().get_job(int(job_id)) if job_id else None
    st.button(
        "Generate & run",
        type="primary",
        icon=":material/rocket_launch:",
        key=f"{P}_go",
        on_click=_submit,
        disabled=job is not None and not job.finished,
        help="Botlab checks your settings, then writes and tests the bot in the background.",
    )
    if errors:
        names = ", ".join(FIELD_NAMES.get(name, name) for name in errors)
        st.warning(
            f"Nothing was run. Fix what is marked above ({names}), then click again.",
            icon=":material/arrow_upward:",
        )
    if job is not None:
        _job_area(job)
    if code is not None:
        _code(code, description)


def _job_area(job) -> None:
    """The last bot this session asked for (it runs on: the user may have come back here)."""
    if not job.finished:
        st.page_link(
            state.RUN,
            label="Your bot is on its way: follow it on its page",
            icon=":material/pending:",
            query_params={"job": str(job.id)},
        )
        return
    if job.execution_id:
        st.page_link(
            state.RUN,
            label=f"Your last bot: open run #{job.execution_id}",
            icon=":material/check_circle:",
            query_params={"run": str(job.execution_id)},
        )
    else:
        job_failure(job)
    if st.button("Dismiss", key=f"{P}_dismiss", type="tertiary"):
        st.session_state.pop(f"{P}_job", None)
        st.rerun()


def _examples() -> None:
    st.markdown("**Start from an example** (click one to fill in the description)")
    columns = st.columns(3)
    for index, (title, description) in enumerate(EXAMPLES):
        with columns[index % 3]:
            st.button(
                title,
                key=f"{P}_example_{index}",
                help=description,
                width="stretch",
                on_click=_use_example,
                args=(description,),
            )


def _use_example(description: str) -> None:
    st.session_state[f"{P}_description"] = description
    _description_changed()


def _description_changed() -> None:
    """Read the description afresh: the symbol, period, bar size and money it names go into the
    fields, and what an earlier description set goes back to its default (never carried over);
    what the user set by hand stays (``run_settings.apply_description``)."""
    errors = st.session_state.get(f"{P}_errors") or {}
    errors.pop("description", None)
    description = st.session_state.get(f"{P}_description") or ""
    try:  # an oversized text is refused with a message, never read (reading it takes seconds)
        oversized = len(description.strip()) > MAX_DESCRIPTION_CHARS
        spec = None if oversized else understand(description).spec
    except Exception:
        spec = None
    said = described_settings(spec)
    if said["symbol"] and st.session_state.get(f"{P}_source") == "upload":
        st.session_state[f"{P}_source"] = state.settings().data_source
    run_settings.apply_description(P, said)


def described_settings(spec) -> dict:
    """The test settings a description names, as the form's fields hold them (``None``: not
    named)."""
    said: dict = dict.fromkeys(run_settings.DESCRIBED_DEFAULTS)
    if spec is None:
        return said
    said["symbol"] = spec.symbol.upper() if spec.symbol else None
    if spec.start or spec.end:
        said["period"] = run_settings.CUSTOM
        said["start"], said["end"] = spec.start, spec.end
    elif spec.period_days:
        said["period"] = int(spec.period_days)
    said["interval"] = spec.interval or None
    cash = getattr(spec, "cash", None)
    said["cash"] = float(cash) if cash else None
    commission = getattr(spec, "commission_pct", None)
    said["commission_pct"] = float(commission) if commission is not None else None
    return said


def _engine_choice(errors: dict) -> str:
    available, reason = gemini_state(str(state.settings().home))
    engines = list(ENGINES) if available else ["auto", "offline"]
    if st.session_state.get(f"{P}_engine") not in engines:
        st.session_state[f"{P}_engine"] = "auto"
    left, right = st.columns([2, 1])
    with left:
        engine = st.radio(
            "Who writes the bot",
            engines,
            format_func=ENGINE_LABELS.get,
            captions=[ENGINE_HELP[e] for e in engines],
            horizontal=True,
            key=f"{P}_engine",
            persist_state="session",
        )
    with right:
        if not available:
            st.checkbox(
                ENGINE_LABELS["gemini"],
                value=False,
                disabled=True,
                key=f"{P}_gemini_off",
                help=f"Not available: {reason}",
            )
            st.caption(f"Gemini is greyed out: {plain_reason(reason)}")
    field_error(errors, "engine")
    return engine


def _understood(description: str, engine: str) -> str | None:
    """The "What Botlab understood" panel: the rules, then the test settings that will be used
    and where each came from. Returns the bot's code when it is known already."""
    st.subheader("What Botlab understood")
    code = _reading(description, engine)
    _test_settings()
    return code


def _reading(description: str, engine: str) -> str | None:
    if not description.strip():
        st.info(
            "Type a strategy above, or pick an example. Botlab shows here how it reads your "
            "idea before anything runs.",
            icon=":material/lightbulb:",
        )
        return None
    if len(description.strip()) > MAX_DESCRIPTION_CHARS:
        st.warning(
            f"The description is longer than {MAX_DESCRIPTION_CHARS:,} characters; shorten it "
            "to the rules themselves.",
            icon=":material/warning:",
        )
        return None
    try:
        chosen, understanding = StrategyGenerator(state.settings()).choose_engine(
            description, engine
        )
    except GenerationRefused as exc:
        understanding = understand(description)
        _rules(understanding)
        st.warning(text.error_text(str(exc), exc.hints), icon=":material/help:")
        return None
    _rules(understanding)
    if chosen == "gemini":
        st.info(
            "Gemini will write this bot when you click Generate & run, test it, and repair it if "
            "the test fails. Its code appears on the run's page.",
            icon=":material/auto_awesome:",
        )
        return None
    st.success(
        "The offline compiler understood all of it. The rules above are exactly what the bot "
        "will do.",
        icon=":material/check_circle:",
    )
    try:
        return compile_spec(understanding.spec)
    except Exception:  # the worker reports the same problem, in words, if it persists
        return None


def _test_settings() -> None:
    """The symbol, period, bar size and money the run will use, and where each came from."""
    st.markdown(
        "**The test**\n\n"
        + "\n".join(f"- {what} · *{where}*" for what, where in run_settings.in_use(P))
    )


def _rules(understanding) -> None:
    # the test settings ("Test on AAPL over the last 730 days") are shown by _test_settings,
    # as they will be used: the fields may differ from what the description said
    rules = [rule for rule in understanding.rules if not rule.startswith("Test ")]
    if rules:
        st.markdown("\n".join(f"- {rule}" for rule in rules))
    if understanding.assumptions:
        st.caption(
            "Botlab assumed: " + "; ".join(a.rstrip(".") for a in understanding.assumptions) + "."
        )
    if understanding.not_understood:
        quoted = ", ".join(f"“{part}”" for part in understanding.not_understood)
        st.markdown(f":orange[Not understood: {quoted}]")
    for problem in understanding.problems:
        st.caption(problem)
    if understanding.suggestions:
        st.caption("Botlab does read these; click one to use it:")
    for index, suggestion in enumerate(understanding.suggestions):
        st.button(
            suggestion,
            key=f"{P}_suggestion_{index}",
            icon=":material/edit_note:",
            on_click=_use_example,
            args=(suggestion,),
        )


def _code(code: str, description: str) -> None:
    digest = hashlib.sha256(code.encode()).hexdigest()[:10]
    with st.expander("The bot's code (Python): view or edit", icon=":material/code:"):
        editing = st.toggle("Edit a copy", key=f"{P}_editing")
        if not editing:
            st.code(code, language="python", line_numbers=True)
            return
        st.text_area(
            "Your edited copy",
            value=code,
            height=420,
            key=f"{P}_code_{digest}",
            help="Saved as a new version of this strategy; the original stays as it is.",
        )
        st.session_state[f"{P}_code_key"] = f"{P}_code_{digest}"
        field_error(st.session_state.get(f"{P}_errors"), "code")
        st.button(
            "Save my edited copy & run",
            key=f"{P}_save_edit",
            icon=":material/save:",
            on_click=_submit,
            kwargs={"edited": True},
        )


def _submit(edited: bool = False) -> None:
    """Check everything; queue the job only when nothing is wrong (nothing stored otherwise)."""
    description = st.session_state.get(f"{P}_description") or ""
    engine = st.session_state.get(f"{P}_engine") or "auto"
    code = None
    if edited:
        code = st.session_state.get(st.session_state.get(f"{P}_code_key") or "") or None
    errors, options = run_settings.check(P, description=description, engine=engine)
    if code is not None and not code.strip():
        errors["code"] = "The edited code is empty."
    st.session_state[f"{P}_errors"] = errors
    if errors:
        return
    store = state.store()
    name = None
    if code is not None:  # an edited copy of this description's bot: a version of its strategy
        spec = understand(description).spec
        if spec is not None:
            title = strategy_title(spec)
            name = name_for_new_idea(store, title, description.strip(), spec.symbol)
    job = jobs.submit_generation(
        store, description=description.strip(), engine=engine, name=name, code=code, **options
    )
    st.session_state[f"{P}_job"] = job.id
    st.session_state[f"{P}_goto"] = job.id  # (a callback cannot switch pages itself)
    state.start_worker()
