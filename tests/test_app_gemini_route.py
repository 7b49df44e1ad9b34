"""Which way Gemini wrote a bot (issue 10: "say which path was taken") is on the dashboard too,
not only in ``generate --json``'s ``route``: the Run page's code tab and the Strategies page's
versions say whether Gemini's reading was compiled from Botlab's spec or is Gemini's own code."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.execution.executor import BotExecutor
from engine.generation import compile_spec, understand
from tests.app_support import APP_FIXTURES, RUN, no_exception, open_page, open_tab, texts

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES

IDEA = "buy when RSI(14) drops below 30, sell when it rises above 70"
SPEC_ROUTE = "Gemini, read into Botlab's spec (Botlab's compiler wrote the code)"
CODE_ROUTE = "Gemini's own code (the spec could not hold the idea; checked and trial-run)"


def _gemini_run(code: str, spec: dict | None) -> int:
    executor = BotExecutor(verbose=False)
    try:
        run = executor.execute_code(
            code, "gemini idea", "GOOG", strategy_source="gemini", spec=spec, start="2012-01-01"
        )
    finally:
        executor.store.close()
    assert run.status == "succeeded", run.error
    return run.execution_id


@pytest.mark.parametrize("route", ["spec", "code"])
def test_the_run_page_says_which_way_gemini_wrote_the_bot(home, route):
    spec = understand(IDEA).spec
    if route == "spec":
        run_id = _gemini_run(compile_spec(spec), spec.model_dump(mode="json"))
    else:
        run_id = _gemini_run(Path("examples/sma_cross.py").read_text(), None)

    at = open_tab(open_page(RUN, run=run_id), "The bot's code", run_id)

    no_exception(at)
    shown = texts(at)
    expected, other = (SPEC_ROUTE, CODE_ROUTE) if route == "spec" else (CODE_ROUTE, SPEC_ROUTE)
    assert f"{expected} · version 1 of “gemini idea”" in shown
    assert other not in shown
