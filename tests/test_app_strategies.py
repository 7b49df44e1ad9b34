"""Strategies: each strategy's versions with code diffs, and its runs over time."""

from __future__ import annotations

from tests.app_support import (
    APP_FIXTURES,
    STRATEGIES,
    no_exception,
    open_page,
    plotly_specs,
    store,
    texts,
)
from ui import strategies

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def test_lists_every_strategy_with_its_runs(filled_home):
    at = open_page(STRATEGIES)
    no_exception(at)
    overview = at.dataframe[0].value
    assert list(overview["Strategy"]) == ["raises_in_next", "rsi_reversion", "sma_cross"]
    assert list(overview["Runs"]) == [1, 1, 1]
    at.selectbox(key="strategy").set_value("sma_cross").run()
    no_exception(at)
    assert at.subheader[0].value == "sma_cross"
    assert "Return of each run, over time" in plotly_specs(at)[0]
    runs = at.dataframe[1].value
    assert list(runs["Run"]) == ["./run?run=1"]
    assert any(e.label.startswith("Version 1 · File") for e in at.expander)


def test_versions_show_what_changed(filled_home):
    s = store()
    code = s.strategy_versions("sma_cross")[0].code
    s.save_strategy("sma_cross", code.rstrip() + "\n# tweaked by hand\n", source="edited")
    at = open_page(STRATEGIES, strategy="sma_cross")
    at.selectbox(key="strategy").set_value("sma_cross").run()
    no_exception(at)
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("Version 2 · Edited by hand")
    diff = next(c.value for c in at.code if c.language == "diff")
    assert "+# tweaked by hand" in diff and diff.startswith("--- version 1")


def test_run_this_version_queues_a_run(filled_home, no_worker):
    at = open_page(STRATEGIES)
    at.selectbox(key="strategy").set_value("rsi_reversion").run()
    strategy_id = store().strategy_versions("rsi_reversion")[0].id
    at.button(key=f"st_run_{strategy_id}").click().run()
    no_exception(at)
    [job] = store().list_jobs()
    assert job.kind == "run" and job.strategy_id == strategy_id
    assert at.query_params["run"] == str(job.execution_id)
    assert no_worker


def test_no_strategies_yet(home):
    at = open_page(STRATEGIES)
    no_exception(at)
    assert "No strategies yet" in texts(at)


def test_code_diff():
    diff = strategies.code_diff("a\nb\n", "a\nc\n", 1, 2)
    assert diff.splitlines()[:2] == ["--- version 1", "+++ version 2"]
    assert "-b" in diff and "+c" in diff
    assert strategies.code_diff("same", "same", 1, 2) == ""
