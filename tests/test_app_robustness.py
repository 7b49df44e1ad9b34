"""The Run page's Robustness tab (``ui.robustness``): a Monte Carlo of the run's trades at once,
a walk-forward of its settings on request, both for real (the walk-forward in the sandbox)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app_support import APP_FIXTURES, FAILED_RUN, GOOG_RUN, no_exception, plotly_specs, texts

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def _tab(run_id: int) -> AppTest:
    def page(run_id):
        from ui import robustness

        robustness.render(run_id)

    return AppTest.from_function(page, args=(run_id,), default_timeout=300).run()


def test_a_runs_luck_is_judged_at_once_and_walked_forward_on_request(filled_home):
    at = _tab(GOOG_RUN)
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
