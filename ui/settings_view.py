"""Settings: where things are and how they are set up on this machine (read-mostly)."""

from __future__ import annotations

import os

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from engine import jobs, wording
from engine.data import clear_cache, list_series, yahoo_cache_dir
from engine.generation.keys import KeyPool, gemini_available, resolve_keys
from ui import state, text
from ui.run_settings import INTERVAL_LABELS


def render() -> None:
    st.title("Settings")
    st.caption(
        "How this Botlab is set up. Settings come from environment variables (see the README); "
        "this page shows them and what they mean."
    )
    current = state.settings()
    tabs = st.tabs(["Market data", "Gemini", "Sandbox", "Storage and worker", "Success rates"])
    with tabs[0]:
        _data(current)
    with tabs[1]:
        _gemini(current)
    with tabs[2]:
        _sandbox(current)
    with tabs[3]:
        _storage(current)
    with tabs[4]:
        _rates()


def _data(current) -> None:
    if current.data_source == "sample":
        st.markdown(
            "**Data mode: bundled samples (offline).** Runs use the prices shipped with Botlab "
            "unless you pick Yahoo Finance on the New bot page. Set `BOTLAB_DATA_SOURCE=yahoo` to "
            "make Yahoo the default."
        )
    else:
        st.markdown(
            "**Data mode: Yahoo Finance (online).** Downloads are kept in the cache below, so a "
            "range already fetched never goes to the network again."
        )
    series = list_series(current)
    st.dataframe(series_frame(series), hide_index=True, key="set_series")
    cached = [s for s in series if s.source == "yahoo-cache"]
    folder = yahoo_cache_dir(current)
    size = sum(p.stat().st_size for p in folder.glob("*") if p.is_file()) if folder.is_dir() else 0
    st.caption(f"Yahoo cache: {len(cached)} series ({size / 1e6:.1f} MB) in `{folder}`.")
    if cached:
        confirm = st.checkbox("Yes, delete the downloaded prices", key="set_clear_confirm")
        if st.button(
            "Clear the Yahoo cache",
            icon=":material/delete:",
            disabled=not confirm,
            key="set_clear_cache",
        ):
            removed = clear_yahoo_cache(current)
            st.session_state.pop("set_clear_confirm", None)
            st.toast(f"Removed {text.plural(removed, 'file')}.")
            st.rerun()


def series_frame(series) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Symbol": s.symbol,
                "Bar size": INTERVAL_LABELS.get(s.interval, s.interval),
                "Source": text.data_source_label(s.source),
                "From": text.day(s.start.to_pydatetime()),
                "To": text.day(s.end.to_pydatetime()),
                "Bars": s.bars,
            }
            for s in series
        ]
    )


def clear_yahoo_cache(current) -> int:
    """Delete the cached Yahoo downloads; returns how many files went."""
    return clear_cache(current)


def _gemini(current) -> None:
    available, reason = gemini_available(current)
    if available:
        st.success("Gemini is ready to write bots.", icon=":material/check_circle:")
    else:
        st.warning(f"Gemini is not available: {reason}.", icon=":material/key_off:")
    keys = resolve_keys()
    st.markdown(
        "Keys come from `GEMINI_API_KEYS` / `GEMINI_API_KEY` or `.streamlit/secrets.toml`. Botlab "
        "never shows or stores a key: each is known by a **fingerprint** (a one-way code), and "
        "several keys are used for failover, one after the other."
    )
    if not keys:
        st.caption("No key is configured.")
        return
    from engine.generation._gemini_client import resolve_model

    model = resolve_model()
    pool = KeyPool(keys, store=state.store(), model=model, home=current.home)
    st.caption(f"Model: `{model}`")
    rows = []
    for status in pool.status():
        stats = status.stats
        rows.append(
            {
                "Key": f"{status.position}: {status.fingerprint}",
                "State": {"ok": "Ready", "cooling": "Resting", "disabled": "Disabled"}.get(
                    status.state, status.state
                ),
                "Until": text.when(status.until),
                "Why": status.reason or "",
                "Calls": stats.calls,
                "Rate limited": stats.rate_limits,
                "Failures": stats.failures,
                "Tokens": stats.tokens,
                "Bots passed": stats.bots_succeeded,
                "Bots failed": stats.bots_failed,
                "Pass rate": None
                if stats.bot_success_rate is None
                else round(stats.bot_success_rate * 100, 1),
                "Last used": text.when(stats.last_used_at),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="set_keys")


def _sandbox(current) -> None:
    from engine.execution.sandbox import probe

    report = probe()
    policy = current.sandbox_policy
    if report.strict:
        st.success(
            "Every protection layer is available: bots run with no network, no access to your "
            "files and strict limits.",
            icon=":material/shield:",
        )
    else:
        st.warning(
            "Some protection layers are missing on this machine.", icon=":material/gpp_maybe:"
        )
        for line in report.explain():
            st.markdown(f"- {line}")
    st.markdown(f"**Policy:** `{policy}` (`BOTLAB_SANDBOX`)")
    # (wording says what protected a run; here it is what protects every run)
    st.markdown(wording.sandbox_text(report.one_line()).replace("Ran in", "Bots run in", 1))
    for line in report.describe_limits():
        st.markdown(f"- {line}")
    if st.toggle("Advanced: the sandbox's own report", key="settings_sandbox_raw"):
        st.code(report.one_line(), language=None)
        st.caption(
            "landlock: file access limits · seccomp: forbidden system calls (network, programs) "
            "· netns: no network · rlimits: memory, CPU and file limits · pdeathsig: stops with "
            "Botlab · nnp: no privilege gain · caps: no special powers · memory, threads, disk: "
            "what holds each run total (cgroup: counted by the kernel)."
        )
    st.markdown(
        f"Limits per run: {current.timeout_s:.0f} s wall clock, {current.cpu_limit_s} s CPU, "
        f"{current.memory_limit_bytes / 1024**2:,.0f} MB memory, "
        f"{current.thread_limit} threads, "
        f"{current.disk_limit_bytes / 1024**2:,.0f} MB of scratch disk, "
        f"{current.output_limit_bytes / 1024**2:,.0f} MB of output; "
        f"at most {current.max_concurrent} runs at once."
    )


def _storage(current) -> None:
    url = sa.make_url(current.database_url).render_as_string(hide_password=True)
    st.markdown(f"**Botlab home:** `{current.home}`")
    st.markdown(f"**Database:** `{url}`")
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if os.path.exists(path):
            st.caption(f"{os.path.getsize(path) / 1e6:.1f} MB on disk.")
    st.markdown(f"**Results files:** `{current.results_dir}`")
    st.markdown(f"**Saved bots:** `{current.bots_dir}`")
    pid = jobs.running_worker_pid(current)
    if pid:
        st.markdown(f"**Background worker:** running (process {pid}).")
    else:
        st.markdown(
            "**Background worker:** not running. It starts by itself when you run a bot, and "
            "stops after 30 idle minutes."
        )
        if st.button("Start it now", icon=":material/play_arrow:", key="set_start_worker"):
            state.start_worker(current)
            st.toast("Starting the worker…")
    st.caption(f"Worker log: `{current.home / jobs.LOG_FILE}`")
    active = state.store().list_jobs(active_only=True, limit=20)
    if active:
        st.markdown(f"**In the queue:** {text.plural(len(active), 'job')}")


def _rates() -> None:
    store = state.store()
    summary = store.performance_summary()
    first, second, third = st.columns(3)
    first.metric("Runs", f"{summary['total_executions']:,}", border=True)
    second.metric("Runs without an error", f"{summary['success_rate']:.0%}", border=True)
    average = summary["avg_return_pct"]
    third.metric(
        "Average return",
        "n/a" if average is None else f"{average:+.1f}%",
        border=True,
        help="Over the runs that finished.",
    )
    stats = store.generation_stats()
    st.markdown("**Gemini generations**")
    if not stats["generations"]:
        st.caption("Gemini has not written a bot here yet.")
    else:
        a, b, c, d = st.columns(4)
        a.metric("Generations", stats["generations"], border=True)
        b.metric(
            "Worked first time",
            _pct(stats["first_try_success_rate"]),
            border=True,
            help="Share of generations whose first reply passed every check.",
        )
        c.metric(
            "Worked after repairs",
            _pct(stats["after_repair_success_rate"]),
            border=True,
            help="Share that ended with a working bot, repairs included.",
        )
        d.metric("Average attempts", f"{stats['avg_attempts'] or 0:.2f}", border=True)
        outcomes = stats.get("attempt_outcomes") or {}
        if outcomes:
            st.caption(
                "Attempt outcomes: "
                + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in outcomes.items())
            )
    by_source: dict[str, int] = {}
    for summary_ in store.list_strategies():
        by_source[summary_.source] = by_source.get(summary_.source, 0) + 1
    if by_source:
        st.markdown("**Strategies by who wrote them**")
        st.caption(" · ".join(f"{text.source_label(k)}: {v}" for k, v in sorted(by_source.items())))


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.0%}"
