"""The MCP server driven by the official SDK's client over stdio: ``python -m engine.mcp_server``
in its own BOTLAB_HOME, its runs going through the real queue, worker and sandbox."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import pytest
from anyio.from_thread import start_blocking_portal
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from engine import jobs
from engine.config import load_settings

from .api.conftest import ORB_DAY, RSI, seed_intraday_cache

REPO = Path(__file__).resolve().parent.parent
TOOLS = {
    "generate_strategy",
    "run_strategy",
    "run_template",
    "get_run",
    "leaderboard",
    "compare_runs",
    "sweep_strategy",
    "get_sweep",
    "strategy_history",
    "summary",
}


class Client:
    """A synchronous face on the SDK's async ClientSession (its event loop runs in a thread)."""

    def __init__(self, portal, session: ClientSession) -> None:
        self.portal = portal
        self.session = session

    def tools(self):
        return self.portal.call(self.session.list_tools).tools

    def call(self, tool: str, /, **arguments):
        """``(is_error, structured result or error text)``."""
        result = self.portal.call(self.session.call_tool, tool, arguments)
        text = "\n".join(getattr(c, "text", "") for c in result.content)
        if result.is_error:
            return True, text
        return False, result.structured_content or json.loads(text)

    def ok(self, tool: str, /, **arguments) -> dict:
        failed, answer = self.call(tool, **arguments)
        assert not failed, answer
        return answer

    def error(self, tool: str, /, **arguments) -> str:
        failed, answer = self.call(tool, **arguments)
        assert failed, answer
        assert "Traceback" not in answer and 'File "' not in answer
        return answer


@pytest.fixture(scope="module")
def mcp(tmp_path_factory):
    home = tmp_path_factory.mktemp("mcp-home")
    seed_intraday_cache(home)
    with _serving(home) as client:
        yield client


@contextlib.contextmanager
def _serving(home: Path):
    """A client of ``botlab mcp`` serving ``home`` (a real stdio server process)."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "engine.mcp_server"],
        env={
            "BOTLAB_HOME": str(home),
            "BOTLAB_PUBLIC_URL": "http://botlab.test:8501",
            **{k: v for k, v in os.environ.items() if k == "BOTLAB_SANDBOX"},
        },
        cwd=REPO,
    )
    try:
        with (
            start_blocking_portal() as portal,
            portal.wrap_async_context_manager(stdio_client(params)) as (read, write),
        ):
            session = ClientSession(read, write)
            with portal.wrap_async_context_manager(session):
                client = Client(portal, session)
                client.initialized = portal.call(session.initialize)
                yield client
    finally:
        jobs.stop_worker(load_settings({"BOTLAB_HOME": str(home)}), timeout_s=15)


def test_a_damaged_database_is_said_as_what_to_ask_the_user(tmp_path):
    """A tool on a damaged database says what happened and what to ask the user, never the
    command line's ``botlab backup``."""
    database = tmp_path / "botlab.db"
    database.write_bytes(b"this is not a database, whatever its name says" * 20)
    with _serving(tmp_path) as client:
        said = client.error("summary")

    assert said == (
        f"Error executing tool summary: The database {database} is damaged or is not a Botlab "
        "database; ask the user to restore a backup over it, or to move it aside"
    )


def test_the_server_states_each_metrics_unit_and_meaning_from_the_one_definition(mcp):
    """Issue 12: MCP renders the metrics' one definition, units and explanations included."""
    from engine.results import METRICS

    instructions = mcp.initialized.instructions
    for metric in METRICS:
        assert f"{metric.name} ({metric.unit}): {metric.explanation.rstrip('.')}" in instructions


def test_the_tools_are_listed_with_their_arguments(mcp):
    tools = {tool.name: tool for tool in mcp.tools()}

    assert set(tools) == TOOLS
    generate = tools["generate_strategy"]
    assert generate.description and "plain-English" in generate.description
    assert generate.input_schema["required"] == ["description"]
    assert "run_ids" in tools["compare_runs"].input_schema["properties"]


def test_generate_run_rank_and_compare(mcp):
    generated = mcp.ok(
        "generate_strategy", description=RSI, name="mcp_rsi", wait_seconds=120, include_code=True
    )
    strategy = generated["strategy"]
    assert strategy["name"] == "mcp_rsi" and "class " in strategy["code"]
    assert strategy["route"] == "spec"  # which way the bot was written, as generate --json says
    assert (
        strategy["route_note"]
        == "Botlab's offline compiler read the description and wrote the code."
    )
    first = generated["run"]
    assert first["status"] == "succeeded", first
    assert first["metrics"]["trades"] == first["trades_total"] > 0
    assert first["dashboard_url"] == f"http://botlab.test:8501/run?run={first['run_id']}"

    second = mcp.ok("run_strategy", strategy_name="mcp_rsi", symbol="MSFT", wait_seconds=120)
    assert second["status"] == "succeeded" and second["data"]["symbol"] == "MSFT"

    board = mcp.ok("leaderboard", strategy="mcp_rsi", sort="sharpe_ratio")
    assert board["total"] == 2
    assert {r["run_id"] for r in board["runs"]} == {first["run_id"], second["run_id"]}
    sharpes = [r["metrics"]["sharpe_ratio"] for r in board["runs"]]
    assert sharpes == sorted(sharpes, reverse=True)
    by_drawdown = mcp.ok("leaderboard", strategy="mcp_rsi", sort="max_drawdown")["runs"]
    drawdowns = [r["metrics"]["max_drawdown"] for r in by_drawdown]
    assert len(drawdowns) == 2 and drawdowns == sorted(drawdowns, reverse=True)

    compared = mcp.ok("compare_runs", run_ids=[first["run_id"], second["run_id"]])
    best = first if first["metrics"]["return_pct"] >= second["metrics"]["return_pct"] else second
    assert compared["best"]["return_pct"] == [best["run_id"]]
    assert [r["run_id"] for r in compared["runs"]] == [first["run_id"], second["run_id"]]
    ids = f"{first['run_id']},{second['run_id']}"
    assert compared["dashboard_url"] == f"http://botlab.test:8501/compare?runs={ids}"

    again = mcp.ok("get_run", run_id=second["run_id"], trades=3)
    assert again["metrics"] == second["metrics"] and len(again["trades"]) <= 3
    assert again["hints"] == []  # nothing to change: it succeeded
    # buy and hold: bought on the first day the bot could trade, that day named
    assert again["metrics"]["buy_hold_return_pct"] is not None
    assert again["data"]["buy_hold_start"] > again["data"]["start"][:10]


def test_a_strategys_history_says_who_wrote_each_version(mcp):
    """The history tool answers the HTTP API's History model (its output schema is that model's):
    each version with the way its code was written, each run with its dashboard link."""
    from engine.results import History, Summary

    tools = {tool.name: tool for tool in mcp.tools()}
    assert (
        tools["strategy_history"].output_schema["properties"].keys() == History.model_fields.keys()
    )
    assert tools["summary"].output_schema["properties"].keys() == Summary.model_fields.keys()
    generated = mcp.ok("generate_strategy", description=RSI, name="mcp_history", wait_seconds=120)
    code = (REPO / "examples" / "sma_cross.py").read_text()
    mcp.ok("run_strategy", code=code, name="mcp_history", symbol="GOOG", wait_seconds=120)

    history = mcp.ok("strategy_history", name="mcp_history", limit=1)
    assert History.model_validate(history).name == "mcp_history"
    written = [(v["version"], v["source"], v["route"]) for v in history["versions"]]
    assert written == [(1, "offline", "spec"), (2, "upload", None)]
    assert len(history["runs"]) == 1 and history["has_more"] is True
    (newest,) = history["runs"]
    assert newest["run_id"] != generated["run"]["run_id"] and newest["strategy_version"] == 2
    assert newest["links"]["dashboard"].startswith("http://botlab.test:8501/run?run=")
    assert "no strategy named 'nobody'" in mcp.error("strategy_history", name="nobody")
    summary = mcp.ok("summary")
    assert summary["total_executions"] >= 2 and summary["queue"]["max_queue"] > 0


def test_an_uploaded_bot_runs_through_the_queue(mcp):
    code = (REPO / "examples" / "sma_cross.py").read_text()
    run = mcp.ok("run_strategy", code=code, name="mcp_upload", symbol="GOOG", wait_seconds=120)

    assert run["status"] == "succeeded" and run["strategy"] == "mcp_upload"
    assert run["equity"]["points"] > 10 and run["equity"]["end"] > 0


def test_a_seed_template_runs_and_links_to_its_page(mcp):
    parameters = {"ticker": "AAPL", "date": ORB_DAY, "trailingStopPct": 1}
    result = mcp.ok("run_template", template="orb", parameters=parameters)

    assert result["success"] is True and len(result["trades"]) == 1
    assert result["summary"].startswith("Opening-range breakout on AAPL")
    assert result["dashboard_url"].endswith(f"/run?run={result['run_id']}")
    assert mcp.ok("get_run", run_id=result["run_id"])["status"] == "succeeded"


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("generate_strategy", {"description": "buy when the moon is full"}, "moon"),
        ("generate_strategy", {"description": RSI, "engine": "gemini"}, "GEMINI_API_KEY"),
        ("generate_strategy", {"description": RSI, "name": "../x"}, "name"),
        ("run_strategy", {}, "exactly one of strategy_id, strategy_name"),
        ("run_strategy", {"strategy_name": "no_such_strategy"}, "no strategy named"),
        ("run_strategy", {"code": "def f(:\n"}, "syntax error on line 1"),
        ("run_strategy", {"code": "x = 1", "symbol": "ZZZZ"}, "not a bundled sample"),
        ("run_template", {"template": "orb", "parameters": {"ticker": "aapl"}}, "uppercase"),
        ("get_run", {"run_id": 987654}, "no run with id 987654"),
        ("get_run", {}, "give run_id"),
        ("compare_runs", {"run_ids": [1]}, "at least two"),
        ("leaderboard", {"limit": 0}, "limit"),
    ],
)
def test_bad_input_is_a_clear_tool_error(mcp, tool, arguments, words):
    assert words in mcp.error(tool, **arguments)


def test_a_refused_request_carries_the_apis_error_body_for_the_model_to_act_on(mcp):
    """Every refused request, not only a refused description: the structured content is the
    HTTP API's error body (code, field, hints), its text said for the model."""
    arguments = {"code": "x = 1", "symbol": "ZZZZ"}
    result = mcp.portal.call(mcp.session.call_tool, "run_strategy", arguments)
    body = result.structured_content

    assert result.is_error
    assert body["code"] == "invalid_request" and body["field"] == "symbol"
    yahoo = {"code": "yahoo_source", "change": "source", "name": "source", "value": "yahoo"}
    assert body["hints"] == [yahoo]
    assert "ask the user" in body["error"] and "--source" not in body["error"]
    missing = mcp.portal.call(mcp.session.call_tool, "strategy_history", {"name": "nobody"})
    assert missing.is_error and missing.structured_content["code"] == "not_found"


def test_a_sweep_runs_and_reports_its_best_parameter_sets(mcp):
    code = (REPO / "examples" / "sma_cross.py").read_text()
    sweep = mcp.ok(
        "sweep_strategy",
        code=code,
        name="mcp_sweep",
        params={"fast": "5:15:5", "slow": [30, 40]},
        constraints=["fast < slow"],
        objective="return",
        symbol="GOOG",
        wait_seconds=120,
    )
    assert sweep["status"] == "succeeded" and sweep["done"] == sweep["total"] == 6
    scores = [c["score"] for c in sweep["top"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 6
    assert sweep["best"]["params"] == sweep["top"][0]["params"]
    assert mcp.ok("get_sweep", sweep_id=sweep["sweep_id"])["best"] == sweep["best"]
    refused = mcp.error("sweep_strategy", code=code, params={"fats": [1, 2]}, symbol="GOOG")
    assert "no parameter 'fats'" in refused


def test_an_idempotency_key_makes_a_retried_call_run_once(mcp):
    code = (REPO / "examples" / "sma_cross.py").read_text()
    call = dict(code=code, name="mcp_once", symbol="GOOG", days=600, wait_seconds=120)
    first = mcp.ok("run_strategy", idempotency_key="retry-1", **call)
    again = mcp.ok("run_strategy", idempotency_key="retry-1", **call)
    assert first["status"] == "succeeded" and again["run_id"] == first["run_id"]
    assert mcp.ok("leaderboard", strategy="mcp_once")["total"] == 1

    changed = mcp.error("run_strategy", idempotency_key="retry-1", **{**call, "days": 700})
    assert "idempotency_key" in changed and "different" in changed

    parameters = {"ticker": "AAPL", "date": ORB_DAY, "trailingStopPct": 1}
    seed = mcp.ok("run_template", template="orb", parameters=parameters, idempotency_key="t-1")
    replay = mcp.ok("run_template", template="orb", parameters=parameters, idempotency_key="t-1")
    assert replay["run_id"] == seed["run_id"]
    assert "idempotency_key" in mcp.error(
        "run_template", template="orb", parameters=parameters, idempotency_key="two words"
    )


def test_a_refused_description_is_an_error_carrying_the_apis_refusal(mcp):
    arguments = {"description": "buy the big dip on TSLA"}
    text = mcp.error("generate_strategy", **arguments)
    result = mcp.portal.call(mcp.session.call_tool, "generate_strategy", arguments)
    refused = result.structured_content

    assert result.is_error and "the big dip on" in text
    assert "Descriptions Botlab does read: Buy when RSI(14)" in text
    # the HTTP API's error body, same keys
    assert refused["code"] == "generation_refused" and refused["field"] == "description"
    assert refused["not_understood"] == ["the big dip on"]
    assert refused["suggestions"] and all("TSLA" in s for s in refused["suggestions"])
    assert {"code": "gemini_key", "change": "setting", "name": "GEMINI_API_KEY"} in refused["hints"]
    change = {"change": "description", "name": "description", "value": refused["suggestions"][0]}
    assert refused["hints"][0] == {"code": "rephrase_description", **change}
    # the hint is said for the model, not as a command line
    assert "ask the user to set GEMINI_API_KEY" in refused["error"]
    assert ".streamlit/secrets.toml" not in text
