"""New bot page: describe, see what Botlab understood, bad input next to its field, submit."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from engine.generation.generator import MAX_DESCRIPTION_CHARS
from tests.app_support import (
    APP,
    APP_FIXTURES,
    NEW_BOT,
    RUN,
    app,
    no_exception,
    open_page,
    run_worker_until_idle,
    store,
    texts,
)
from ui import new_bot

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


GOLDEN = new_bot.EXAMPLES[0][1]


def describe(at: AppTest, description: str) -> AppTest:
    at.text_area(key="nb_description").input(description)
    return at.run()


def test_the_page_shows_the_form_and_nothing_runs_yet(home):
    at = app()
    no_exception(at)
    assert at.title[0].value == "New bot"
    assert at.text_area(key="nb_description").label == "Describe your strategy"
    assert len([b for b in at.button if b.key.startswith("nb_example_")]) == len(new_bot.EXAMPLES)
    assert at.button(key="nb_go").label == "Generate & run"
    assert at.radio(key="nb_source").value == "sample"
    assert at.selectbox(key="nb_symbol").value == "GOOG"
    assert at.selectbox(key="nb_period").value == "all"
    assert "Botlab shows here how it reads your idea" in texts(at)
    # no key configured: Gemini is greyed out, with the reason beside it
    assert at.radio(key="nb_engine").options == ["Automatic", "Offline compiler"]
    assert at.checkbox(key="nb_gemini_off").disabled
    assert "needs a Gemini API key" in texts(at)
    assert store().list_jobs() == []


def test_an_example_fills_the_description_and_shows_the_rules_and_code(home):
    at = app()
    at.button(key="nb_example_0").click().run()
    no_exception(at)
    assert at.text_area(key="nb_description").value == GOLDEN
    shown = texts(at)
    assert "Buy when SMA(50) crosses above SMA(200)" in shown
    assert "Sell when SMA(50) crosses below SMA(200)" in shown
    assert "Botlab assumed: Long only" in shown
    assert "offline compiler understood all of it" in shown
    code = [c.value for c in at.code if "class " in c.value]
    assert code and "from backtesting import" in code[0]


def test_the_description_sets_symbol_and_period(home):
    at = app()
    describe(
        at,
        "Buy when the 10-day EMA crosses above the 30-day EMA on MSFT over the last 5 years; "
        "sell when it crosses back below.",
    )
    assert at.selectbox(key="nb_symbol").value == "MSFT"
    assert at.selectbox(key="nb_period").value == 1825
    assert "Test on MSFT" in texts(at)


def test_a_second_symbol_is_explained_in_plain_words(home):
    at = describe(app(), "Buy on a golden cross on AAPL and MSFT, sell on a death cross.")

    no_exception(at)
    assert at.selectbox(key="nb_symbol").value == "AAPL"
    shown = texts(at)
    assert "Not understood: “MSFT”" in shown
    assert "A bot trades one symbol at a time: this one trades AAPL" in shown


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("", "Describe your strategy first"),
        ("buy " * (MAX_DESCRIPTION_CHARS // 4 + 10), f"keep it under {MAX_DESCRIPTION_CHARS:,}"),
        ("make me rich", "did not understand 'make me rich'"),
    ],
    ids=["empty", "oversized", "meaningless"],
)
def test_bad_descriptions_get_a_message_next_to_the_field_and_nothing_is_stored(
    home, description, expected
):
    at = app()
    if description:
        describe(at, description)
    at.button(key="nb_go").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any(expected in message for message in errors), errors
    assert store().list_jobs() == []
    assert store().list_strategies() == []


def test_an_unknown_symbol_is_reported_at_the_symbol(home):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["nb_symbol"] = "ZZZZ"  # typed in (AppTest cannot type a new option)
    describe(at.run(), GOLDEN)
    at.button(key="nb_go").click().run()
    no_exception(at)
    assert any("'ZZZZ' is not a bundled sample" in e.value for e in at.error)
    assert store().list_jobs() == []


def test_offline_yahoo_is_reported_at_the_symbol(home, monkeypatch):
    from tests.fixtures.data.fake_yahoo import FakeYahoo

    FakeYahoo(mode="offline").install(monkeypatch)
    at = app()
    describe(at, GOLDEN)
    at.radio(key="nb_source").set_value("yahoo").run()
    at.selectbox(key="nb_symbol").set_value("AAPL").run()
    at.button(key="nb_go").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any("cannot reach Yahoo Finance" in m for m in errors), errors
    assert store().list_jobs() == []
    # the network library's words in plain ones; its own behind "Advanced"
    [error] = [m for m in errors if "Yahoo Finance" in m]
    assert "no internet connection, or the site did not answer" in error
    assert "curl" not in error and "DNSError" not in error
    [advanced] = [e for e in at.expander if e.label == "Advanced: the exact message"]
    assert any("curl: (6) Could not resolve host" in c.value for c in advanced.code)


def test_a_period_with_no_data_is_reported_at_the_period(home):
    at = app()
    describe(at, GOLDEN)
    at.selectbox(key="nb_period").set_value("custom").run()
    at.date_input(key="nb_start").set_value(__import__("datetime").date(2020, 1, 1)).run()
    at.button(key="nb_go").click().run()
    no_exception(at)
    assert any("no GOOG bars" in e.value for e in at.error), [e.value for e in at.error]
    assert store().list_jobs() == []


def test_bad_cash_is_reported_at_the_cash(home):
    at = app()
    describe(at, GOLDEN)
    at.number_input(key="nb_cash").set_value(0.0).run()
    at.button(key="nb_go").click().run()
    assert any("Starting cash must be more than zero" in e.value for e in at.error)
    assert store().list_jobs() == []


def submit(at: AppTest) -> AppTest:
    """Click an example, then Generate & run: the app moves to the run's page (``?job=``)."""
    at.button(key="nb_example_0").click().run()
    return at.button(key="nb_go").click().run()


def test_generate_and_run_queues_a_job_and_follows_it_live(home, no_worker):
    at = submit(app())
    no_exception(at)
    [job] = store().list_jobs()
    assert job.kind == "generate" and job.status == "queued"
    assert job.payload["description"] == GOLDEN
    assert job.payload["run"]["symbol"] == "GOOG"
    assert at.query_params["job"] == str(job.id)
    assert no_worker, "the page asks for a worker"
    assert at.title[0].value == "Your new bot"
    shown = texts(at)
    assert GOLDEN in shown
    assert "Waiting for the worker" in shown
    assert "You can leave this page and come back" in shown
    at.switch_page(NEW_BOT).run()  # back on New bot: a link to it, and no double submit
    assert at.button(key="nb_go").disabled
    assert any("on its way" in link.proto.label for link in at.get("page_link"))


def test_live_status_follows_the_phases_and_the_repair_attempts(home):
    at = submit(app())
    s = store()
    job = s.claim_job(worker_host="test", worker_pid=1)
    s.update_job(job.id, phase="generating", progress="Gemini repair attempt 2 of 3")
    at.run()
    shown = texts(at)
    assert "Gemini repair attempt 2 of 3" in shown
    assert "**Writing the bot**" in shown
    s.update_job(job.id, phase="running", progress="Running the backtest in the sandbox")
    at.run()
    assert "**Running the backtest**" in texts(at)


def test_coming_back_with_the_job_link_shows_its_status(home):
    submit(app())
    job_id = store().list_jobs()[0].id
    again = open_page(RUN, job=job_id)  # a fresh session: a new tab, or a reload
    no_exception(again)
    assert "Waiting for the worker" in texts(again)


def test_an_unknown_job_link_says_so(home):
    at = open_page(RUN, job=77)
    no_exception(at)
    assert "There is no background job #77" in at.error[0].value


def test_once_the_run_exists_the_link_becomes_the_run_link(home):
    at = submit(app())
    s = store()
    job = s.claim_job(worker_host="test", worker_pid=1)
    strategy = s.save_strategy("golden_cross", "class X: pass\n", source="offline")
    execution_id = s.create_execution(strategy_id=strategy.id, status="running", symbol="GOOG")
    s.update_job(job.id, phase="running", execution_id=execution_id)
    at.run()
    no_exception(at)
    assert at.query_params["run"] == str(execution_id) and "job" not in at.query_params
    assert at.title[0].value == "golden_cross (version 1)"
    assert "**Running the backtest**" in texts(at)


def test_a_finished_job_shows_its_run(home):
    at = submit(app())
    run_worker_until_idle(home)
    at.run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.status == "succeeded"
    assert at.title[0].value == "SMA(50/200) golden cross (version 1)"  # titled by its rules
    assert at.query_params["run"] == str(job.execution_id)


def test_a_failed_generation_is_explained_in_plain_words(home):
    at = submit(app())
    s = store()
    job = s.claim_job(worker_host="test", worker_pid=1)
    s.finish_job(
        job.id,
        status="failed",
        error_type="generation_failed",
        error_message="Gemini's bot made no trades in 3 attempts\nTraceback (most recent call)",
    )
    at.run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any("Gemini could not write a working bot" in m for m in errors), errors
    assert not any("Traceback" in m for m in errors)
    links = [link.proto.label for link in at.get("page_link")]
    assert "Change the description and try again" in links


def test_gemini_can_be_chosen_when_a_key_works(home, monkeypatch):
    monkeypatch.setattr(new_bot, "gemini_available", lambda settings=None: (True, ""))
    at = app()
    no_exception(at)
    assert at.radio(key="nb_engine").options == [
        "Automatic",
        "Offline compiler",
        "Gemini (Google's AI)",
    ]
    assert not [c for c in at.checkbox if c.key == "nb_gemini_off"]


def test_choosing_gemini_without_a_key_is_impossible(home):
    at = app()
    describe(at, GOLDEN)
    assert "gemini" not in at.radio(key="nb_engine").options


def test_an_edited_copy_is_saved_as_a_new_version(home):
    at = app()
    at.button(key="nb_example_0").click().run()
    at.toggle(key="nb_editing").set_value(True).run()
    editor = next(t for t in at.text_area if t.key.startswith("nb_code_"))
    edited = editor.value.replace("class GoldenCross", "# my tweak\nclass GoldenCross")
    editor.input(edited).run()
    at.button(key="nb_save_edit").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.payload["code"] == edited
    assert job.payload["name"] == "SMA(50/200) golden cross"  # the title from its rules
    run_worker_until_idle(home)
    versions = store().strategy_versions("SMA(50/200) golden cross")
    assert [v.source for v in versions] == ["edited"]
    assert "# my tweak" in versions[0].code


def test_upload_checks_reject_a_file_that_is_not_prices(home):
    """``run_settings.check`` on an upload (AppTest cannot drive a file uploader)."""

    def script():
        import streamlit as st

        from ui import run_settings

        class Upload:
            name = "notes.csv"

            def getvalue(self):
                return b"name,age\nann,3\nbob,4\n"

        st.session_state["up_source"] = "upload"
        st.session_state["up_upload"] = Upload()
        errors, _ = run_settings.check("up")
        st.write(errors)

    at = AppTest.from_function(script, default_timeout=30).run()
    no_exception(at)
    shown = str(at.get("json")[0].proto.body) if at.get("json") else texts(at)
    assert "data" in shown and "notes.csv" in shown
    assert not (home / "uploads").exists() or not any((home / "uploads").iterdir())


def test_leaving_and_coming_back_keeps_what_was_typed(home):
    at = app()
    describe(at, GOLDEN)
    at.selectbox(key="nb_symbol").set_value("MSFT").run()
    at.switch_page("pages/leaderboard_page.py").run()
    assert at.title[0].value == "Leaderboard"
    at.switch_page("pages/new_bot_page.py").run()
    no_exception(at)
    assert at.text_area(key="nb_description").value == GOLDEN
    assert at.selectbox(key="nb_symbol").value == "MSFT"


# -- each description is read afresh ------------------------------------------------------------

TWO_YEARS_AAPL = (
    "Buy when RSI(14) drops below 30 and sell when it rises above 70 on AAPL over 2 years"
)


def test_settings_an_earlier_description_named_are_not_carried_over(home):
    at = describe(app(), TWO_YEARS_AAPL)
    assert at.selectbox(key="nb_symbol").value == "AAPL"
    assert at.selectbox(key="nb_period").value == 730
    assert "Period: Last 2 years · *from your description*" in texts(at)
    describe(at, "golden cross on MSFT")
    no_exception(at)
    assert at.selectbox(key="nb_symbol").value == "MSFT"
    assert at.selectbox(key="nb_period").value == "all"  # not "Last 2 years", silently
    shown = texts(at)
    assert "Test on MSFT · *from your description*" in shown
    assert "Period: All available data · *default*" in shown
    assert "Bar size: Daily · *default (the data's own bars)*" in shown
    assert "Last 2 years" not in shown


def test_what_the_user_set_by_hand_stays_and_says_so(home):
    at = describe(app(), TWO_YEARS_AAPL)
    at.selectbox(key="nb_period").set_value(1825).run()
    at.selectbox(key="nb_interval").set_value("1d").run()
    assert "Period: Last 5 years · *set by you*" in texts(at)
    describe(at, "golden cross on MSFT")
    assert at.selectbox(key="nb_period").value == 1825
    assert at.selectbox(key="nb_interval").value == "1d"
    shown = texts(at)
    assert "Period: Last 5 years · *set by you*" in shown
    assert "Bar size: Daily · *set by you*" in shown
    assert "Test on MSFT · *from your description*" in shown


def test_a_hand_choice_survives_an_edit_but_a_newly_named_symbol_wins(home):
    at = describe(app(), TWO_YEARS_AAPL)
    at.selectbox(key="nb_symbol").set_value("IBM").run()
    describe(at, TWO_YEARS_AAPL.replace("RSI(14)", "RSI(10)"))  # still says AAPL: IBM stays
    assert at.selectbox(key="nb_symbol").value == "IBM"
    assert "Test on IBM · *set by you*" in texts(at)
    describe(at, "golden cross on MSFT")  # names another symbol: the newest word wins
    assert at.selectbox(key="nb_symbol").value == "MSFT"
    assert "Test on MSFT · *from your description*" in texts(at)


def test_dates_in_the_description_fill_the_period(home):
    at = describe(app(), "golden cross on IBM from 2005-01-01 to 2010-12-31")
    no_exception(at)
    assert at.selectbox(key="nb_period").value == "custom"
    assert str(at.date_input(key="nb_start").value) == "2005-01-01"
    assert "Period: from 2005-01-01 to 2010-12-31 · *from your description*" in texts(at)
    describe(at, "golden cross on IBM")
    assert at.selectbox(key="nb_period").value == "all"


def test_the_run_uses_what_the_page_showed_not_the_description(home):
    """Period set back to "All available data" by hand, though the description says 2 years:
    the run tests every bar (the worker does not put the description's period back)."""
    at = describe(app(), TWO_YEARS_AAPL)
    at.selectbox(key="nb_period").set_value("all").run()
    assert "Period: All available data · *set by you*" in texts(at)
    at.button(key="nb_go").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.payload["exact"] is True and "days" not in job.payload["run"]
    run_worker_until_idle(home)
    [job] = store().list_jobs()
    execution = store().get_execution(job.execution_id)
    assert execution.status == "succeeded", execution.error_message
    assert execution.symbol == "AAPL"
    assert execution.test_period_days is None
    assert execution.data_start.year < 2005  # the whole bundled sample, not the last 2 years


def test_the_spread_beside_the_commission_reaches_the_run(home, no_worker):
    at = describe(app(), GOLDEN)
    at.number_input(key="nb_spread_pct").set_value(0.05).run()
    assert "Spread / slippage: 0.05% of the price" in texts(at)
    at.button(key="nb_go").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.payload["run"]["spread"] == pytest.approx(0.0005)
