"""Leaderboard: server-side filters, sorting and paging; select runs to compare or open."""

from __future__ import annotations

import numpy as np

from tests.app_support import (
    AAPL_RUN,
    APP_FIXTURES,
    FAILED_RUN,
    GOOG_RUN,
    LEADERBOARD,
    no_exception,
    open_page,
    store,
    texts,
)
from ui import leaderboard

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def table(at):
    return at.dataframe[0].value


def test_succeeded_runs_best_return_first(filled_home):
    at = open_page(LEADERBOARD)
    no_exception(at)
    frame = table(at)
    assert list(frame["id"]) == [GOOG_RUN, AAPL_RUN]  # the failed run is not listed by default
    assert frame["Return"].is_monotonic_decreasing
    assert list(frame["Run"]) == [f"./run?run={GOOG_RUN}", f"./run?run={AAPL_RUN}"]
    assert set(frame["Written by"]) == {"File"}
    assert "2 runs match" in texts(at)
    # buy and hold is the runs' own, bought on the first day each bot could trade
    holds = [store().get_execution(run).buy_hold_return_pct for run in (GOOG_RUN, AAPL_RUN)]
    assert list(frame["Buy & hold"]) == holds


def test_any_status_lists_the_failed_run_too(filled_home):
    at = open_page(LEADERBOARD)
    at.selectbox(key="lb_status").set_value("all").run()
    assert set(table(at)["id"]) == {GOOG_RUN, AAPL_RUN, FAILED_RUN}


def test_filters_by_symbol_strategy_and_generator(filled_home):
    at = open_page(LEADERBOARD)
    at.text_input(key="lb_symbol").input("goog").run()
    assert list(table(at)["id"]) == [GOOG_RUN]
    at.text_input(key="lb_symbol").input("").run()
    at.selectbox(key="lb_strategy").set_value("rsi_reversion").run()
    assert list(table(at)["id"]) == [AAPL_RUN]
    at.selectbox(key="lb_strategy").set_value("").run()
    at.selectbox(key="lb_generator").set_value("gemini").run()
    no_exception(at)
    assert not at.dataframe
    assert "No runs match" in texts(at)


def test_sorting_by_trades_lowest_first(filled_home):
    at = open_page(LEADERBOARD)
    at.selectbox(key="lb_sort").set_value("trades").run()
    at.radio(key="lb_order").set_value("Lowest first").run()
    frame = table(at)
    assert list(frame["Trades"]) == sorted(frame["Trades"])
    assert "sorted by trades, lowest first" in texts(at)


def test_date_filters_are_whole_days(filled_home):
    """(AppTest cannot set an empty date input, so the form's mapping is checked directly.)"""
    import datetime

    day = store().get_execution(GOOG_RUN).created_at.date()
    args = leaderboard.query_filters("all", "", "", "", day, day)
    assert args["since"].isoformat() == f"{day.isoformat()}T00:00:00+00:00"
    assert (args["until"] - args["since"]).days == 1
    assert store().list_executions(**args).total == 3
    before = leaderboard.query_filters("succeeded", "", "", "", None, datetime.date(2001, 1, 1))
    assert store().list_executions(**before).total == 0


def test_selecting_two_runs_opens_them_in_compare(filled_home):
    at = open_page(LEADERBOARD)
    assert at.button(key="lb_compare").disabled
    at.session_state["lb_table"] = {"selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    assert not at.button(key="lb_compare").disabled
    assert at.button(key="lb_compare").label == "Compare selected (2)"
    at.button(key="lb_compare").click().run()
    no_exception(at)
    assert at.title[0].value == "Compare runs"
    assert at.query_params["runs"] == f"{GOOG_RUN},{AAPL_RUN}"


def test_selecting_one_run_opens_it(filled_home):
    at = open_page(LEADERBOARD)
    at.session_state["lb_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    at.button(key="lb_open").click().run()
    assert at.title[0].value == "rsi_reversion (version 1)"


def test_pages_are_fetched_from_the_database(home):
    from bench.store import fill

    s = store()
    strategy = s.save_strategy("bulk", "class Bot: pass\n", source="offline")
    fill(s, 130, [("bulk", strategy.id)], np.random.default_rng(3))
    s.rebuild_totals()
    at = open_page(LEADERBOARD)
    no_exception(at)
    total = s.list_executions().total
    assert len(table(at)) == leaderboard.PAGE_SIZE
    assert f"page 1 of {-(-total // leaderboard.PAGE_SIZE)}" in texts(at)
    first_page = set(table(at)["id"])
    at.session_state["lb_page"] = 2
    at.run()
    second_page = set(table(at)["id"])
    assert len(second_page) == leaderboard.PAGE_SIZE and not first_page & second_page
    assert "Offline compiler" in set(table(at)["Written by"])


def test_an_empty_store(home):
    at = open_page(LEADERBOARD)
    no_exception(at)
    assert "No runs match" in texts(at)
