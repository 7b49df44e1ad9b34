"""One run (``?run=ID``): how it did, in pictures and numbers, with everything behind it."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from engine import charts, jobs, wording
from engine.execution.stored import result_from_record
from engine.report import render_report, run_price, trade_rows, trades_csv
from engine.store import ExecutionRecord
from ui import robustness, run_settings, state, text
from ui.widgets import (
    PLOTLY_CONFIG,
    failure_box,
    field_error,
    headline_cards,
    job_failure,
    live_job,
)

P = "again"  # "run again" widget key prefix


def render() -> None:
    run_id = state.query_int("run")
    job_id = state.query_int("job")
    if run_id is None and job_id is not None:
        run_id = _job(job_id)
        if run_id is None:
            return
    if run_id is None and st.session_state.get("last_run"):
        run_id = int(st.session_state["last_run"])
        st.query_params["run"] = str(run_id)
    if run_id is None:
        _choose_run()
        return
    store = state.store()
    record = store.get_execution(run_id)
    if record is None:
        st.title("Run not found")
        st.error(f"There is no run #{run_id} in this Botlab.", icon=":material/search_off:")
        _choose_run(title=False)
        return
    st.session_state["last_run"] = run_id
    _header(record)
    if not record.finished:
        job = store.job_for_execution(record.id)

        def finished() -> bool:
            current = store.get_execution(run_id)
            return current is None or current.finished

        live_job(job.id if job else None, key="run_live", done=finished)
        return
    result = _result(store.url, record.id, record.finished_at)
    strategy = store.get_strategy(record.strategy_id)
    code = strategy.code if strategy is not None else ""
    if record.status == "succeeded":
        _verdict(record, result)
    else:
        _failed(record, result)
    _tabs(record, result, code, strategy)
    _downloads(record, result, code)
    _run_again(record)


# -- the parts ----------------------------------------------------------------------------------


def _job(job_id: int) -> int | None:
    """A background job (``?job=ID``): its run's id once the run exists (the link becomes
    ``?run=ID``), else its live status here, and ``None``."""
    job = state.store().get_job(job_id)
    if job is None:
        st.title("Not found")
        st.error(
            f"There is no background job #{job_id} in this Botlab.", icon=":material/search_off:"
        )
        return None
    if job.execution_id is not None:
        st.query_params.from_dict({"run": str(job.execution_id)})
        return job.execution_id
    title = job.payload.get("name") or "Your new bot"
    st.title(title.replace("_", " ").capitalize() if job.payload.get("name") else title)
    description = job.payload.get("description")
    if description:
        st.markdown(f"> {description}")
    if not job.finished:

        def run_or_end() -> bool:
            current = state.store().get_job(job_id)
            return current is None or current.finished or current.execution_id is not None

        live_job(job.id, key="job_live", done=run_or_end)
        return None
    job_failure(job)
    st.page_link(
        state.NEW_BOT, label="Change the description and try again", icon=":material/edit:"
    )
    return None


def _choose_run(*, title: bool = True) -> None:
    if title:
        st.title("Run")
    page = state.store().list_executions(status=None, limit=15)
    if not page.items:
        st.info(
            "No runs yet. Describe a strategy on the New bot page to make the first one.",
            icon=":material/info:",
        )
        st.page_link(state.NEW_BOT, label="New bot", icon=":material/add_circle:")
        return
    st.markdown("**Recent runs**")
    for item in page.items:
        label = (
            f"#{item.id} · {item.strategy_name} · {item.symbol or '?'} · "
            f"{text.status_label(item.status)}"
        )
        if item.return_pct is not None:
            label += f" · {text.metric_text('return_pct', item.return_pct)}"
        st.page_link(state.RUN, label=label, query_params={"run": str(item.id)})


def _header(record: ExecutionRecord) -> None:
    version = f" (version {record.strategy_version})" if record.strategy_version else ""
    st.title(f"{record.strategy_name}{version}")
    bits = [f"Run #{record.id}", text.status_label(record.status)]
    if record.symbol:
        bits.append(record.symbol)
    if record.data_start and record.data_end:
        bits.append(f"{text.day(record.data_start)} to {text.day(record.data_end)}")
    if record.finished_at:
        bits.append(f"finished {text.when(record.finished_at)} UTC")
    st.caption(" · ".join(bits))
    with st.popover("Share", icon=":material/share:"):
        st.caption("Anyone who can open this Botlab sees this run at:")
        st.code(state.share_url(record.id), language=None)


def _failed(record: ExecutionRecord, result) -> None:
    failure_box(
        record.error_type, record.error_message, details=False, hints=record.error_hints or []
    )
    if result.output_log:
        with st.expander("What the bot printed (full log)"):
            st.code(result.output_log[-50_000:], language=None)


def _verdict(record: ExecutionRecord, result) -> None:
    """One sentence (what the bot made, what holding made), then any warning, above the tabs."""
    summary = text.verdict(record)
    if summary:
        st.markdown(f"##### {summary}")
    for warning in result.warnings:
        notice = wording.plain_warning(warning)
        st.warning(f"**{notice.title}.** {notice.message}", icon=":material/warning:")


def _overview(record: ExecutionRecord, result) -> None:
    """The account's curve, then the cards and the strategy's parameters: the curve comes first,
    so on a phone it is the first thing under the sentence."""
    curve = result.equity_curve
    if curve.get("equity"):
        st.plotly_chart(charts.equity_figure(curve), key="equity_chart", config=PLOTLY_CONFIG)
        if not curve.get("buy_hold"):
            st.caption("Buy and hold is not drawn: this run was stored without its line.")
    else:
        st.info("This run stored no equity curve.", icon=":material/info:")
    headline_cards(result.metrics, hold_start=text.day(record.buy_hold_start))
    parameters = _analysis(result).parameters_text(mark="`")
    if parameters:
        st.markdown(f"**The strategy's parameters:** {parameters}")


def _charts(record: ExecutionRecord, result) -> None:
    """Drops from the peak, the price with entries and exits, and the monthly returns."""
    curve = result.equity_curve
    if curve.get("equity"):
        st.plotly_chart(charts.drawdown_figure(curve), key="drawdown_chart", config=PLOTLY_CONFIG)
    price = _price(record)
    if price is not None:
        candles = st.toggle(
            "Candlesticks",
            key="price_candles",
            help="Each bar's open, high, low and close instead of the closing price.",
        )
        figure = charts.price_figure(price, result.trade_list, candles=candles)
        st.plotly_chart(figure, key="price_chart", config=PLOTLY_CONFIG)
    months = _analysis(result).monthly_returns
    if months:
        st.plotly_chart(
            charts.monthly_returns_figure(months), key="monthly_chart", config=PLOTLY_CONFIG
        )


def _analysis(result):
    """The run's analysis as its typed model (:class:`~engine.results.Analysis`)."""
    from engine.results import Analysis

    return Analysis.model_validate(result.analysis or {})


def long_short_frame(sides) -> pd.DataFrame:
    """The long/short split as a table: one row per measure, a column per side, and what the
    measure means (labels, units and meanings from the one model,
    :class:`~engine.results.SideResults`, as the HTML report shows them); empty unless the bot
    traded both ways."""
    from engine.results import long_short_figures

    rows = long_short_figures(sides)
    return pd.DataFrame(
        [{"Measure": f.label, **f.shown, "What it means": f.explanation} for f in rows]
    )


def _downloads(record: ExecutionRecord, result, code: str) -> None:
    """The run as JSON, its trades as CSV and the HTML report, each made when clicked (not on
    every view of the page, a tab chosen included)."""
    st.markdown("**Downloads**")
    left, middle, right, _ = st.columns([1, 1, 1, 2])
    name = f"botlab-run-{record.id}"
    left.download_button(
        "Results (JSON)",
        data=lambda: json.dumps(result.to_dict(), indent=2, default=str),
        file_name=f"{name}.json",
        mime="application/json",
        icon=":material/data_object:",
        on_click="ignore",
        key="dl_json",
    )
    middle.download_button(
        "Trades (CSV)",
        data=lambda: trades_csv(result.trade_list),
        file_name=f"{name}-trades.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="dl_trades",
        disabled=not result.trade_list,
    )

    def report() -> str:
        return render_report(result.to_dict(), code=code, price=_price(record))

    right.download_button(
        "Report (HTML)",
        data=report,
        file_name=f"{name}.html",
        mime="text/html",
        icon=":material/description:",
        on_click="ignore",
        key="dl_report",
        help="One file with the charts, trades and statistics; opens in any browser, offline.",
    )


#: The Run page's tabs, in order; a run that did not succeed has no overview or charts.
TABS = (
    "Overview",
    "Charts",
    "Trades",
    "All statistics",
    "Robustness",
    "The bot's code",
    "Log",
    "Data and sandbox",
)


def _tabs(record: ExecutionRecord, result, code: str, strategy) -> None:
    """Everything about the run, one tab at a time. Only the open tab is drawn (choosing
    another reruns the page to draw it): the first view is the curve and the cards alone, so the
    browser has one chart to draw instead of four charts, two tables and highlighted code."""
    parts = {
        "Overview": lambda: _overview(record, result),
        "Charts": lambda: _charts(record, result),
        "Trades": lambda: _trades(record, result),
        "All statistics": lambda: _statistics(result),
        "Robustness": lambda: robustness.render(record.id),
        "The bot's code": lambda: _code(record, code, strategy),
        "Log": lambda: _log(result),
        "Data and sandbox": lambda: _details(record),
    }
    succeeded = record.status == "succeeded"
    names = [name for name in TABS if succeeded or name not in ("Overview", "Charts")]
    tabs = st.tabs(
        names,
        default=names[0] if succeeded else "The bot's code",
        key=tab_key(record.id),
        on_change="rerun",
    )
    for name, tab in zip(names, tabs, strict=True):
        if tab.open:
            with tab:
                parts[name]()


def tab_key(execution_id: int) -> str:
    """The session-state key of a run's open tab (one per run: another run opens on its first
    tab)."""
    return f"run_tab_{execution_id}"


def _trades(record: ExecutionRecord, result) -> None:
    frame = trades_frame(result.trade_list)
    if frame.empty:
        st.info("No trades.", icon=":material/info:")
        return
    st.caption("Click a column header to sort.")
    shown = _time_format(record)
    st.dataframe(
        frame,
        hide_index=True,
        key="trades_table",
        column_config={
            "Entry time": st.column_config.DatetimeColumn(format=shown),
            "Exit time": st.column_config.DatetimeColumn(format=shown),
            "Profit ($)": st.column_config.NumberColumn(format="%+.2f"),
            "Return (%)": st.column_config.NumberColumn(format="%+.2f"),
            "Entry price": st.column_config.NumberColumn(format="%.2f"),
            "Exit price": st.column_config.NumberColumn(format="%.2f"),
            "Best run-up (%)": st.column_config.NumberColumn(
                format="%+.2f", help="The most the trade was ahead while open (MFE)."
            ),
            "Worst drawdown (%)": st.column_config.NumberColumn(
                format="%+.2f", help="The most the trade was behind while open (MAE)."
            ),
        },
    )


def _statistics(result) -> None:
    """The long/short split (when the bot traded both ways), then every statistic in plain
    words; backtesting.py's own names and values behind "Advanced"."""
    sides = long_short_frame(_analysis(result).long_short)
    if not sides.empty:
        st.markdown("**Long and short trades**")
        st.dataframe(sides, hide_index=True, key="long_short_table")
    stats = stats_frame(result.stats)
    if stats.empty:
        st.info("No statistics were recorded.", icon=":material/info:")
    elif st.toggle("Advanced: every statistic, as backtesting.py names it", key="stats_raw"):
        advanced = stats_frame(result.stats, advanced=True)
        st.dataframe(advanced, hide_index=True, key="stats_raw_table")
    else:
        st.dataframe(stats, hide_index=True, key="stats_table")


def _log(result) -> None:
    if result.output_log:
        st.code(result.output_log[-50_000:], language=None)
    else:
        st.caption("The bot printed nothing.")


def _details(record: ExecutionRecord) -> None:
    st.markdown(
        "\n".join(f"- **{label}:** {value}" for label, value in run_details(record) if value)
    )
    if record.sandbox_report:
        st.markdown("**Sandbox** (the protections this run had)")
        st.markdown(wording.sandbox_text(record.sandbox_report))
        if st.toggle("Advanced: the sandbox's own report", key="sandbox_raw"):
            st.code(record.sandbox_report, language=None)


def _time_format(record: ExecutionRecord) -> str:
    daily = (record.interval or "1d") in ("1d", "1wk", "1mo", "5d", "3mo")
    return "YYYY-MM-DD" if daily else "YYYY-MM-DD HH:mm"


def _code(record: ExecutionRecord, code: str, strategy) -> None:
    if not code:
        st.caption("The code of this bot is not stored.")
        return
    if strategy is not None:
        st.caption(f"{text.written_by(strategy)} · version {strategy.version} of “{strategy.name}”")
        if strategy.description:
            st.markdown(f"> {strategy.description}")
    editing = st.toggle("Edit a copy and run it as a new version", key="run_editing")
    if not editing:
        st.code(code, language="python", line_numbers=True)
        return
    st.text_area("Your edited copy", value=code, height=420, key=f"run_code_{record.id}")
    field_error(st.session_state.get("run_edit_errors"), "code", "description")
    if st.button("Save as new version & run", icon=":material/save:", key="run_save_edit"):
        edited = st.session_state.get(f"run_code_{record.id}") or ""
        if not edited.strip():
            st.session_state["run_edit_errors"] = {"code": "The edited code is empty."}
            st.rerun()
        job = jobs.submit_generation(
            state.store(),
            description=(strategy.description if strategy else None) or record.strategy_name,
            name=record.strategy_name,
            code=edited,
            **_same_data(record),
        )
        state.start_worker()
        st.session_state.pop("run_edit_errors", None)
        st.switch_page(state.RUN, query_params={"job": str(job.id)})


def _same_data(record: ExecutionRecord) -> dict:
    options = {
        "symbol": record.symbol,
        "interval": record.interval,
        "cash": record.cash,
        "commission": record.commission,
    }
    source = record.data_source or ""
    if source.startswith("file:"):
        options["data_path"] = source.split(":", 1)[1]
        options["symbol"] = None
    elif source.startswith("sample"):
        options["source"] = "sample"
    elif source.startswith("yahoo"):
        options["source"] = "yahoo"
    if record.data_start is not None and record.data_end is not None:
        options["start"] = text.day(record.data_start)[:10]
        options["end"] = text.day(record.data_end)[:10]
    return options


def run_again_settings(record: ExecutionRecord) -> dict:
    """Every setting of ``record``, as the run settings' fields hold them: "Run again" starts
    from exactly the run it is on (the period included: its days, or the dates it covered)."""
    source = (record.data_source or "").split(":", 1)[0]
    values: dict = {
        "source": "yahoo" if source.startswith("yahoo") else "sample",
        "symbol": record.symbol or run_settings.DEFAULT_SYMBOL,
        "cash": record.cash or run_settings.DEFAULT_CASH,
        "commission_pct": (record.commission or 0.0) * 100,
        "spread_pct": (record.spread or 0.0) * 100,
        "interval": record.interval or run_settings.AUTO,
        "period": run_settings.ALL,
    }
    if record.test_period_days:
        values["period"] = int(record.test_period_days)
    elif record.data_start is not None and record.data_end is not None:
        values["period"] = run_settings.CUSTOM
        values["start"], values["end"] = record.data_start.date(), record.data_end.date()
    return values


def _run_again(record: ExecutionRecord) -> None:
    with st.expander("Run this bot again on other data", icon=":material/replay:"):
        st.caption("Same bot, different symbol, period or costs. The result gets its own page.")
        errors = st.session_state.get(f"{P}_errors") or {}
        if st.session_state.get(f"{P}_for") != record.id:
            st.session_state[f"{P}_for"] = record.id
            for name in (*run_settings.DESCRIBED_DEFAULTS, "source", "spread_pct", "start", "end"):
                st.session_state.pop(f"{P}_{name}", None)
            st.session_state.pop(f"{P}_origin", None)
            errors = {}
            run_settings.defaults(P, **run_again_settings(record))
        run_settings.render(P, errors)
        if st.button("Run again", type="primary", icon=":material/play_arrow:", key=f"{P}_go"):
            errors, options = run_settings.check(P)
            st.session_state[f"{P}_errors"] = errors
            if errors:
                st.rerun()
            job = jobs.submit_run(state.store(), strategy_id=record.strategy_id, **options)
            state.start_worker()
            st.session_state.pop(f"{P}_for", None)
            st.switch_page(state.RUN, query_params={"run": str(job.execution_id)})


# -- data for the page (cached: a finished run never changes) ---------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _result(url: str, execution_id: int, finished_at):
    store = state.store()
    record = store.get_execution(execution_id)
    return result_from_record(record, store)


def _price(record: ExecutionRecord) -> pd.DataFrame | None:
    source = record.data_source or ""
    if not record.symbol and not source.startswith("file:"):
        return None
    return load_price(
        record.symbol,
        source,
        None if record.data_start is None else record.data_start.isoformat(),
        None if record.data_end is None else record.data_end.isoformat(),
        record.interval,
        str(state.settings().home),
    )


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def load_price(symbol, source, start, end, interval, home) -> pd.DataFrame | None:
    """The prices a run was tested on (for buy and hold and the price chart), or ``None``."""
    from types import SimpleNamespace

    record = SimpleNamespace(
        symbol=symbol,
        data_source=source,
        interval=interval,
        data_start=None if start is None else pd.Timestamp(start),
        data_end=None if end is None else pd.Timestamp(end),
    )
    return run_price(record, state.settings())


def trades_frame(trades: list[dict]) -> pd.DataFrame:
    """The trades as people read them: :func:`engine.report.trade_rows` (the CSV download's
    rows too), with the dashboard's words for why each one closed."""
    rows = []
    for trade, row in zip(trades, trade_rows(trades), strict=True):
        entry, exit_ = trade.get("entry_time"), trade.get("exit_time")
        rows.append(
            {
                "#": row["seq"],
                "Direction": row["direction"],
                "Entry time": pd.Timestamp(entry).tz_localize(None) if entry else None,
                "Entry price": trade.get("entry_price"),
                "Exit time": pd.Timestamp(exit_).tz_localize(None) if exit_ else None,
                "Exit price": trade.get("exit_price"),
                "Size": abs(trade.get("size") or 0),
                "Profit ($)": trade.get("pnl"),
                "Return (%)": trade.get("return_pct"),
                "Bars held": row["bars_held"],
                "Why it closed": row["exit_reason"],
                "Best run-up (%)": trade.get("mfe_pct"),
                "Worst drawdown (%)": trade.get("mae_pct"),
            }
        )
    return pd.DataFrame(rows)


def stats_frame(stats: dict, *, advanced: bool = False) -> pd.DataFrame:
    """The statistics in plain words, each with what it means (``engine.wording``); the
    ``advanced`` view adds the specialist ones and backtesting.py's own names and values."""
    rows = [stat for stat in wording.plain_stats(stats or {}) if advanced or not stat.advanced]
    if advanced:
        return pd.DataFrame(
            [(s.label, s.text, s.key, s.raw) for s in rows],
            columns=["Statistic", "Value", "backtesting.py's name", "Its value"],
        )
    return pd.DataFrame(
        [(s.label, s.text, s.explanation) for s in rows],
        columns=["Statistic", "Value", "What it means"],
    )


def run_details(record: ExecutionRecord) -> list[tuple[str, str]]:
    return [
        ("Symbol", record.symbol or ""),
        ("Price data", text.data_source_label(record.data_source)),
        (
            "Period tested",
            f"{text.day(record.data_start)} to {text.day(record.data_end)}"
            if record.data_start
            else "",
        ),
        ("Bars", f"{record.bars:,} ({record.interval or '?'} bars)" if record.bars else ""),
        ("Starting cash", f"${record.cash:,.0f}" if record.cash is not None else ""),
        (
            "Commission",
            f"{record.commission * 100:.3g}% per trade" if record.commission is not None else "",
        ),
        (
            "Spread",
            f"{record.spread * 100:.3g}% of the price" if record.spread else "",
        ),
        ("Run took", f"{record.duration_s:.2f} s" if record.duration_s is not None else ""),
        ("Created", f"{text.when(record.created_at)} UTC"),
    ]
