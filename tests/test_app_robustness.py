"""The Run page's Robustness tab (``ui.robustness``): a Monte Carlo of the run's trades and a
walk-forward of its settings, each on request, both for real (the walk-forward in the sandbox);
opening a Run page computes neither."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app_support import (
    APP_FIXTURES,
    FAILED_RUN,
    GOOG_RUN,
    no_exception,
    open_page,
    open_tab,
    plotly_specs,
    texts,
)

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def _tab(run_id: int) -> AppTest:
    def page(run_id):
        from ui import robustness

        robustness.render(run_id)

    return AppTest.from_function(page, args=(run_id,), default_timeout=300).run()


def test_a_runs_luck_is_judged_and_walked_forward_on_request(filled_home):
    at = _tab(GOOG_RUN)
    no_exception(at)
    at.button(key=f"rb_judge_{GOOG_RUN}").click().run()
    no_exception(at)
    shown = texts(at)
    assert "Resampling the trades 1000 times, the final return ranged from" in shown
    assert "chance that the bot's true Sharpe ratio is above zero" in shown
    (bands,) = plotly_specs(at)
    assert "What reshuffled luck could have given" in bands

    at.button(key=f"rb_go_{GOOG_RUN}").click().run()
    no_exception(at)
    walk = json.loads(plotly_specs(at)[1])
    assert walk["layout"]["title"]["text"] == "Out of sample only, window after window"
    windows = at.dataframe[0].value
    assert len(windows) >= 2 and "Setting chosen" in windows.columns
    assert all("fast=" in s and "slow=" in s for s in windows["Setting chosen"])


def test_a_failed_run_has_nothing_to_judge(filled_home):
    at = _tab(FAILED_RUN)
    no_exception(at)
    assert "Nothing to judge: run 3 failed: only a succeeded run has trades to assess." in texts(at)


def test_opening_a_run_page_does_not_judge_its_luck(filled_home, monkeypatch):
    from engine.sweeps import run_check

    assessed = []
    real = run_check.assess_stored_run

    def counted(store, run_id, **options):
        assessed.append(run_id)
        return real(store, run_id, **options)

    monkeypatch.setattr(run_check, "assess_stored_run", counted)
    at = open_page("pages/run_page.py", run=GOOG_RUN)
    no_exception(at)
    assert "Robustness" in [tab.label for tab in at.tabs]
    assert assessed == []  # neither the results file read nor a Monte Carlo sample drawn
    assert "Resampling the trades" not in texts(at)
    # the Robustness tab offers it; asked, it is computed once, for this run
    open_tab(at, "Robustness", GOOG_RUN)
    at.button(key=f"rb_judge_{GOOG_RUN}").click().run()
    no_exception(at)
    assert assessed == [GOOG_RUN]
    assert "Resampling the trades 1000 times, the final return ranged from" in texts(at)
