"""Run page (``?run=ID``): results, failures in plain words, live status, run again, downloads."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from engine import jobs, wording
from engine.metrics import EXPLANATIONS
from tests.app_support import (
    AAPL_RUN,
    APP,
    APP_FIXTURES,
    FAILED_RUN,
    GOOG_RUN,
    LEADERBOARD,
    ROOT,
    RUN,
    app,
    no_exception,
    open_page,
    open_tab,
    plotly_specs,
    run_worker_until_idle,
    store,
    texts,
)
from ui import run_view

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


CARD_LABELS = [
    "Return",
    "Yearly growth (CAGR)",
    "Sharpe ratio",
    "Max drawdown",
    "Win rate",
    "Trades",
    "Profit factor",
    "Time in market",
]


def test_a_succeeded_run_shows_cards_charts_trades_and_downloads(filled_home):
    at = open_page(RUN, run=GOOG_RUN)
    no_exception(at)
    assert at.title[0].value == "sma_cross (version 1)"
    assert [m.label for m in at.metric] == CARD_LABELS
    record = store().get_execution(GOOG_RUN)
    assert at.metric[0].value == f"{record.return_pct:+.2f}%"
    assert "vs buy & hold" in at.metric[0].proto.delta
    captions = [c.value for c in at.caption]
    for name in ("cagr_pct", "sharpe_ratio", "max_drawdown", "win_rate", "profit_factor"):
        assert EXPLANATIONS[name] in captions, name
    # the first view draws the equity curve alone; each tab is drawn when it is chosen
    [equity] = plotly_specs(at)
    assert not at.dataframe and not any("class SmaCross" in c.value for c in at.code)
    specs = [equity] + plotly_specs(open_tab(at, "Charts", GOOG_RUN))
    open_tab(at, "Robustness", GOOG_RUN)
    at.button(key=f"rb_judge_{GOOG_RUN}").click().run()  # the Robustness tab draws on request
    specs += plotly_specs(at)
    # equity with buy and hold, drawdown, price with trades, months, the Monte Carlo band
    assert len(specs) == 5
    assert '"Buy and hold"' in specs[0] and '"This bot"' in specs[0]
    assert "tozeroy" in specs[1]
    assert '"Entry"' in specs[2] and '"Exit"' in specs[2]
    assert '"type":"heatmap"' in specs[3].replace(" ", "") and '"Dec"' in specs[3]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Results (JSON)", "Trades (CSV)", "Report (HTML)"]
    [trades] = (frame.value for frame in open_tab(at, "Trades", GOOG_RUN).dataframe)
    [stats] = (frame.value for frame in open_tab(at, "All statistics", GOOG_RUN).dataframe)
    assert len(trades) == record.trades
    assert list(trades.columns)[:4] == ["#", "Direction", "Entry time", "Entry price"]
    # every statistic in plain words with what it means; backtesting.py's raw forms are not
    assert "Sharpe ratio" in set(stats["Statistic"])
    assert "Equity Final [$]" not in set(stats["Statistic"])
    final = stats.set_index("Statistic").loc["Final account value"]
    assert final["Value"] == f"${record.final_equity:,.2f}" and final["What it means"]
    assert stats.set_index("Statistic").loc["Length of the test", "Value"] == (
        "3,116 days (8.5 years)"
    )
    assert not any("e+0" in value or "00:00:00" in value for value in stats["Value"])
    at.toggle(key="stats_raw").set_value(True).run()
    raw = at.dataframe[0].value
    assert "Equity Final [$]" in set(raw["backtesting.py's name"])
    assert any("class SmaCross" in c.value for c in open_tab(at, "The bot's code", GOOG_RUN).code)
    # the sandbox in words; its own report behind "Advanced"
    open_tab(at, "Data and sandbox", GOOG_RUN)
    assert "Ran in Botlab's sandbox: no access to your files" in texts(at)
    assert not any("landlock" in c.value for c in at.code)
    at.toggle(key="sandbox_raw").set_value(True).run()
    assert any("landlock" in c.value for c in at.code)
    shown = texts(at)
    assert "Bundled sample data" in shown and "2004-08-19 to 2013-03-01" in shown
    assert f"/run?run={GOOG_RUN}" in shown  # the shareable link


def test_a_failed_run_says_why_in_plain_words_without_a_traceback(filled_home):
    at = open_page(RUN, run=FAILED_RUN)
    no_exception(at)
    [error] = at.error
    assert "The bot crashed while trading" in error.value
    assert "ZeroDivisionError: boom at bar 50" in error.value
    assert "Traceback" not in error.value
    assert not at.metric and not plotly_specs(at)
    # the full log is there, tucked away in an expander
    assert any(e.label == "What the bot printed (full log)" for e in at.expander)
    assert any("Traceback" in c.value for c in at.code)


def test_an_unknown_run_says_so(filled_home):
    at = open_page(RUN, run=999)
    no_exception(at)
    assert at.title[0].value == "Run not found"
    assert "There is no run #999" in at.error[0].value


def test_a_garbled_run_id_shows_the_recent_runs(filled_home):
    at = open_page(RUN, run="abc")
    no_exception(at)
    links = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith(f"#{GOOG_RUN} · sma_cross") for label in links), links


def test_without_runs_the_page_points_to_new_bot(home):
    at = open_page(RUN)
    no_exception(at)
    assert "No runs yet" in texts(at)


def test_a_link_to_the_main_page_opens_the_run(filled_home):
    at = app(run=AAPL_RUN)
    no_exception(at)
    assert at.title[0].value == "rsi_reversion (version 1)"


def test_a_queued_run_shows_live_status_then_its_results(filled_home):
    from engine import jobs

    s = store()
    job = jobs.submit_run(s, strategy_id=s.get_execution(GOOG_RUN).strategy_id, symbol="IBM")
    at = open_page(RUN, run=job.execution_id)
    no_exception(at)
    assert "Waiting for the worker" in texts(at)
    assert not at.metric
    run_worker_until_idle(filled_home)
    at.run()
    no_exception(at)
    assert [m.label for m in at.metric] == CARD_LABELS
    assert "IBM" in at.caption[0].value


def test_run_again_queues_a_new_run_and_opens_it(filled_home, no_worker):
    at = open_page(RUN, run=GOOG_RUN)
    at.selectbox(key="again_symbol").set_value("AAPL").run()
    at.selectbox(key="again_period").set_value(730).run()
    at.button(key="again_go").click().run()
    no_exception(at)
    s = store()
    [job] = s.list_jobs()
    assert job.kind == "run" and job.payload["run"]["symbol"] == "AAPL"
    assert job.payload["run"]["days"] == 730
    assert at.query_params["run"] == str(job.execution_id)
    assert s.get_execution(job.execution_id).status == "queued"
    assert no_worker


def test_run_again_with_a_bad_symbol_stores_nothing(filled_home):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["again_for"] = GOOG_RUN  # the form is for this run already ...
    at.session_state["again_symbol"] = "NOPE"  # ... and "NOPE" was typed in
    at.run().switch_page(RUN)
    at.query_params["run"] = str(GOOG_RUN)
    at.run()
    at.button(key="again_go").click().run()
    no_exception(at)
    assert any("'NOPE' is not a bundled sample" in e.value for e in at.error)
    assert store().list_jobs() == []
    assert store().list_executions(status=None).total == 3


def test_trades_frame_and_csv_are_plain():
    trades = [
        {
            "seq": 1,
            "entry_time": "2020-01-02T00:00:00+00:00",
            "exit_time": "2020-01-10T00:00:00+00:00",
            "entry_price": 10.0,
            "exit_price": 11.0,
            "size": -5,
            "pnl": 5.0,
            "return_pct": 10.0,
            "entry_bar": 3,
            "exit_bar": 9,
            "exit_reason": "stop_loss",
        }
    ]
    frame = run_view.trades_frame(trades)
    row = frame.iloc[0]
    assert row["Direction"] == "Short" and row["Size"] == 5 and row["Bars held"] == 6
    assert row["Why it closed"] == "Stop loss"
    assert [wording.exit_reason_text(reason) for reason in ("signal", "end_of_data")] == [
        "Exit rule",
        "Test ended",
    ]
    csv = frame.to_csv(index=False)
    assert csv.splitlines()[0].startswith("#,Direction,Entry time")
    assert run_view.trades_frame([]).empty


def test_the_json_download_is_the_run_document(filled_home):
    from engine.execution.stored import result_from_record

    s = store()
    document = json.loads(json.dumps(result_from_record(s.get_execution(GOOG_RUN), s).to_dict()))
    assert document["execution_id"] == GOOG_RUN and document["status"] == "succeeded"
    assert document["trades"] and document["equity_curve"]["equity"]
    record = s.get_execution(GOOG_RUN)  # buy and hold as the page states it
    assert document["metrics"]["buy_hold_return_pct"] == record.buy_hold_return_pct
    assert document["data"]["buy_hold_start"] == record.data["buy_hold_start"] > "2004-08-19"


def test_run_again_starts_from_every_setting_of_the_run(filled_home):
    at = open_page(RUN, run=AAPL_RUN)  # rsi_reversion on AAPL, the last 730 days
    no_exception(at)
    assert at.selectbox(key="again_symbol").value == "AAPL"
    assert at.selectbox(key="again_period").value == 730
    assert at.selectbox(key="again_interval").value == "1d"
    assert at.number_input(key="again_cash").value == store().get_execution(AAPL_RUN).cash
    assert at.number_input(key="again_spread_pct").value == 0.0
    at.button(key="again_go").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.payload["run"]["days"] == 730 and job.payload["run"]["symbol"] == "AAPL"
    assert job.payload["exact"] is True


def test_run_again_on_a_whole_sample_keeps_its_dates(filled_home):
    at = open_page(RUN, run=GOOG_RUN)  # every bar of the GOOG sample
    no_exception(at)
    assert at.selectbox(key="again_period").value == "custom"
    assert str(at.date_input(key="again_start").value) == "2004-08-19"
    assert str(at.date_input(key="again_end").value) == "2013-03-01"
    assert not at.warning  # no "default value and Session State" clash


def test_the_sidebar_never_says_running_beside_a_finished_run(filled_home):
    """The job saves for a moment after its run finished: the sidebar follows the run."""
    s = store()
    job = jobs.submit_run(s, strategy_id=s.get_execution(GOOG_RUN).strategy_id, symbol="GOOG")
    s.claim_job(worker_host="test", worker_pid=1)
    at = open_page(RUN, run=job.execution_id)
    sidebar_links = [link.proto.label for link in at.sidebar.get("page_link")]
    assert f"Run #{job.execution_id}: waiting to start" in sidebar_links
    s.finish_execution(job.execution_id, status="succeeded")  # the run is done, the job saves
    at = open_page(RUN, run=job.execution_id)
    no_exception(at)
    assert f"Run #{job.execution_id}" not in " ".join(
        link.proto.label for link in at.sidebar.get("page_link")
    )
    assert "Finished" in texts(at)


def test_an_edited_strategy_is_saved_as_a_new_version_of_it(filled_home):
    at = open_tab(open_page(RUN, run=GOOG_RUN), "The bot's code", GOOG_RUN)
    at.toggle(key="run_editing").set_value(True).run()
    editor = at.text_area(key=f"run_code_{GOOG_RUN}")
    edited = editor.value.replace("class SmaCross", "# tighter\nclass SmaCross")
    editor.input(edited).run()
    assert at.button(key="run_save_edit").label == "Save as new version & run"
    at.button(key="run_save_edit").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.payload["code"] == edited and job.payload["name"] == "sma_cross"
    run_worker_until_idle(filled_home)
    versions = store().strategy_versions("sma_cross")
    assert sorted(v.version for v in versions) == [1, 2]
    assert any("# tighter" in v.code and v.version == 2 for v in versions)


FLIP = """from backtesting import Strategy
from backtesting.lib import crossover
from backtesting.test import SMA


class Flip(Strategy):
    fast = 10
    slow = 30

    def init(self):
        self.a = self.I(SMA, self.data.Close, self.fast)
        self.b = self.I(SMA, self.data.Close, self.slow)

    def next(self):
        if crossover(self.a, self.b):
            self.position.close()
            self.buy(size=0.5)
        elif crossover(self.b, self.a):
            self.position.close()
            self.sell(size=0.5)
"""


def test_the_run_page_shows_what_traders_expect(filled_home):
    """Parameters, the few-trades warning, candlesticks on request, run-up and drawdown per
    trade, the long/short split, and "Run again" from the run's own costs: each on the page."""
    from engine.execution.executor import BotExecutor

    executor = BotExecutor(verbose=False)
    run = executor.execute_code(
        FLIP, "flip", "GOOG", start="2012-01-01", commission=0.001, spread=0.002
    )
    executor.store.close()
    assert run.status == "succeeded" and 0 < run.trades < 30, run.error
    at = open_page(RUN, run=run.execution_id)
    no_exception(at)
    assert "**The strategy's parameters:** `fast` = 10 · `slow` = 30" in texts(at)
    few = f"**Few trades.** Only {run.trades} trades: with fewer than 30, this result may be down"
    assert any(w.value.startswith(few) and "chance" in w.value for w in at.warning)

    open_tab(at, "Charts", run.execution_id)
    price = plotly_specs(at)[1]
    assert '"Entry"' in price and '"candlestick"' not in price
    at.toggle(key="price_candles").set_value(True).run()
    assert '"type":"candlestick"' in plotly_specs(at)[1].replace(" ", "")

    trades = open_tab(at, "Trades", run.execution_id).dataframe[0].value
    assert len(trades) == run.trades
    assert list(trades["Best run-up (%)"]) == [t["mfe_pct"] for t in run.trade_list]
    assert list(trades["Worst drawdown (%)"]) == [t["mae_pct"] for t in run.trade_list]
    assert set(trades["Direction"]) == {"Long", "Short"}

    split = open_tab(at, "All statistics", run.execution_id).dataframe[0].value
    counts = split.set_index("Measure").loc["Trades"]
    shorts = sum(t["size"] < 0 for t in run.trade_list)
    assert (counts["Long"], counts["Short"]) == (str(run.trades - shorts), str(shorts))

    assert at.number_input(key="again_commission_pct").value == 0.1
    assert at.number_input(key="again_spread_pct").value == 0.2


def test_a_failed_run_says_what_to_do_from_the_hints_it_stored(home):
    """The Run page says a failed run's stored hints as what to choose on the dashboard, not
    as the command line's flags."""
    from engine.config import load_settings
    from engine.execution.executor import BotExecutor

    settings = load_settings({"BOTLAB_HOME": str(home), "BOTLAB_DATA_SOURCE": "sample"})
    executor = BotExecutor(verbose=False, settings=settings)
    failed = executor.execute_bot(ROOT / "examples" / "sma_cross.py", test_symbol="TSLA")
    executor.store.close()
    assert failed.error_type == "data_unavailable" and failed.hints[0]["code"] == "yahoo_source"

    at = open_page(RUN, run=failed.execution_id)
    no_exception(at)
    [error] = at.error
    assert "use the Yahoo source (choose Yahoo Finance under Price data)" in error.value
    assert "--source" not in error.value and "BOTLAB_DATA_SOURCE" not in error.value


def test_a_damaged_database_says_what_to_do_in_plain_words(home):
    """Every page on a damaged database says so, with the way out in the dashboard's words
    (no command to type), never a traceback."""
    home.mkdir(parents=True)
    database = home / "botlab.db"
    database.write_bytes(b"this is not a database, whatever its name says" * 20)
    for page in (LEADERBOARD, RUN):
        at = open_page(page)
        no_exception(at)
        assert [e.value for e in at.error] == [
            f"The database {database} is damaged or is not a Botlab database; restore a backup "
            "of it (see Backup and restore in Botlab's README), or move the file aside and "
            "Botlab starts a new, empty one"
        ]
