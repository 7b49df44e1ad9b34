"""The API package without a server: what it imports, where it mounts, its schema and models."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from engine.api import PREFIX, openapi_document, routes
from engine.api.models import GenerateRequest, RunRequest, parse_body


def test_the_api_and_the_mcp_server_do_not_import_streamlit():
    code = (
        "import sys, engine.api, engine.mcp_server; engine.api.routes(); "
        "engine.mcp_server.build_server(); "
        "assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_one_mount_under_api_outside_streamlits_reserved_routes():
    mounted = routes()
    assert [route.path for route in mounted] == [PREFIX] == ["/api"]
    reserved = ("/_stcore", "/media", "/component", "/static")
    assert not any(route.path.startswith(reserved) for route in mounted)


def test_the_schema_describes_the_request_models():
    schemas = openapi_document()["components"]["schemas"]
    run = schemas["RunRequest"]
    assert set(run["properties"]) == set(RunRequest.model_fields)
    assert run["additionalProperties"] is False and len(run["oneOf"]) == 3
    assert set(schemas["GenerateRequest"]["properties"]) == set(GenerateRequest.model_fields)
    seed = schemas["SeedRequest"]["oneOf"]
    assert [c["properties"]["scriptTemplate"]["const"] for c in seed] == [
        "orb",
        "momentum_breakout",
        "mean_reversion",
        "pairs_trading",
    ]


def test_dates_and_types_are_checked_strictly():
    body = parse_body(RunRequest, b'{"strategy_id": 3, "start": "2010-01-04", "cash": 5000}')
    assert body.start.isoformat() == "2010-01-04" and body.cash == 5000.0
    for raw, field in [
        (b'{"strategy_id": "3"}', "strategy_id"),
        (b'{"strategy_id": 3, "start": "1850-01-01"}', "start"),
        (b'{"strategy_id": 3, "days": 1.5}', "days"),
        (b'{"strategy_id": 3, "cash": NaN}', "cash"),
        (b'{"code": "x", "name": "a/b"}', "name"),
    ]:
        try:
            parse_body(RunRequest, raw)
        except Exception as error:  # ApiError
            assert error.status == 400 and error.field == field, (raw, error.body())
        else:
            raise AssertionError(f"accepted {raw!r}")


def test_the_schemas_metrics_are_the_engines_one_definition():
    from engine import results
    from engine.metrics import STATS_TO_METRIC
    from engine.wording import metric_explanation, metric_label, metric_text

    metrics = openapi_document()["components"]["schemas"]["Metrics"]
    assert list(metrics["properties"]) == list(results.METRIC_NAMES)
    assert metrics["additionalProperties"] is False
    drawdown = results.METRIC["max_drawdown"]
    assert metrics["properties"]["max_drawdown"]["description"].startswith(drawdown.explanation)
    assert "Unit: percent" in metrics["properties"]["max_drawdown"]["description"]
    # the store's column name is read in one place, and every front end's words follow
    assert results.metrics_from_store({"max_drawdown_pct": -3.0})["max_drawdown"] == -3.0
    assert results.metrics_for_store({"max_drawdown": -3.0})["max_drawdown_pct"] == -3.0
    assert metric_label("max_drawdown_pct") == drawdown.label == "Max drawdown"
    assert metric_explanation("max_drawdown_pct") == drawdown.explanation
    assert metric_text("max_drawdown_pct", -3.0) == "-3.00%"
    assert STATS_TO_METRIC["Max. Drawdown [%]"] == ("max_drawdown", 1.0)


def test_error_bodies_carry_the_hints_their_error_gives():
    from engine.api.errors import ApiError
    from engine.data import DataError, load_ohlcv
    from engine.results import HINTS, Message

    with pytest.raises(DataError) as refused:
        load_ohlcv("ZZZZ", source="sample")
    body = ApiError(400, "invalid_request", Message(refused.value), field="symbol").body()
    assert body["hints"] == [
        {"code": "yahoo_source", "change": "source", "name": "source", "value": "yahoo"}
    ]
    assert ApiError(400, "x", "y", hints=[HINTS["yahoo_source"]]).body()["hints"] == body["hints"]
    assert "hints" not in ApiError(404, "not_found", "no run with id 5").body()


def test_every_hint_is_given_by_the_engine_and_worded_by_each_front_end(
    tmp_path, no_gemini_keys_anywhere
):
    """Each hint an engine error carries, raised by the engine itself, is said in the request's
    fields in an error body (never a flag), by the MCP tools for a model, on the command line
    and on the dashboard, each in its own words; the engine's message says none of them. The
    description's hint comes with every refused description."""
    from engine import cli, mcp_server
    from engine.api.errors import HINT_WORDS, ApiError
    from engine.results import HINTS, hint_words, hints_of
    from tests.test_app_text import _real_errors
    from ui import text

    given = _real_errors(tmp_path)
    worded = set(HINTS) - {"rephrase_description"}
    assert set(given) == worded == set(HINT_WORDS) == set(mcp_server.HINT_WORDS)
    assert set(text.HINT_WORDS) == worded
    assert set(HINTS) - worded == {"rephrase_description"}
    assert set(text.HINT_WORDS) == set(cli.HINT_WORDS) == worded
    assert {hint.change for hint in HINTS.values()} == {
        "setting",
        "source",
        "description",
        "machine",
    }
    for code, error in given.items():
        body = ApiError(400, "invalid_request", str(error), hints=hints_of(error)).body()
        assert code in [hint["code"] for hint in body["hints"]]
        # the command line's words with the hint's value (the file, the address) filled in
        (typed,) = [hint_words(h, cli.HINT_WORDS) for h in hints_of(error) if h.code == code]
        assert HINT_WORDS[code] in body["error"] and typed not in body["error"]
        assert not re.search(r"--[a-z]|botlab |GEMINI_API_KEYS|secrets.toml", body["error"])
        assert typed in cli.error_words(error)


def test_the_leaderboard_sorts_by_a_metrics_public_name():
    """One public name per metric (issue 12): ``sort=max_drawdown``, the name every document
    uses, sorts by the store's column; the column's own name still works, as before."""
    from engine.api.models import ListQuery, parse_query
    from engine.store import SORTABLE_COLUMNS

    for key in ("max_drawdown", "max_drawdown_pct"):
        assert parse_query(ListQuery, [("sort", key)]).sort == "max_drawdown_pct"
    assert parse_query(ListQuery, [("sort", "sharpe_ratio")]).sort == "sharpe_ratio"
    (sort,) = [
        p
        for p in openapi_document()["paths"]["/api/runs"]["get"]["parameters"]
        if p["name"] == "sort"
    ]
    offered = sort["schema"]["enum"]
    assert "max_drawdown" in offered and set(SORTABLE_COLUMNS) <= set(offered)


def test_a_strategy_version_says_which_way_it_was_written():
    """Issue 10's "say which path was taken", readable after a Gemini job is done: each version
    in ``GET /api/strategies/{name}/history`` carries the ``route`` generate --json names."""
    from datetime import UTC, datetime

    from engine.results import strategy_version
    from engine.store import StrategyRecord

    def version(source: str, spec: dict | None) -> dict:
        record = StrategyRecord(
            1, "idea", 1, None, source, "x = 1", "0" * 64, spec, datetime.now(UTC)
        )
        return strategy_version(record)

    assert version("gemini", {"spec_version": 1})["route"] == "spec"
    assert version("gemini", None)["route"] == "code"
    assert version("offline", {"spec_version": 1})["route"] == "spec"
    assert version("file", None)["route"] is None
    schema = openapi_document()["components"]["schemas"]["StrategyVersion"]
    assert "route" in schema["required"]


def test_the_status_names_are_one_list_and_their_words_one_table():
    from engine.results import STATUS_WORDS
    from engine.store import STATUSES
    from engine.store.jobs import JOB_STATUSES
    from engine.wording import STATUS_LABELS

    assert tuple(STATUS_WORDS) == STATUSES
    assert JOB_STATUSES is STATUSES  # a job's statuses are a run's
    assert STATUS_LABELS is STATUS_WORDS
    schema = openapi_document()["components"]["schemas"]
    assert schema["RunSummary"]["properties"]["status"]["enum"] == list(STATUSES)


def test_a_runs_data_is_a_typed_model_in_the_schema():
    """Issue 12: the run's data is a model (symbol, source, range, bars, bar size...), not an
    untyped object, in every document that carries it."""
    schemas = openapi_document()["components"]["schemas"]
    data = schemas["RunData"]
    assert {"symbol", "source", "start", "end", "bars", "interval", "buy_hold_start"} <= set(
        data["properties"]
    )
    assert all(field.get("description") for field in data["properties"].values())
    for document in ("RunDetail", "RunBrief"):
        if document in schemas:
            assert schemas[document]["properties"]["data"] == {
                "$ref": "#/components/schemas/RunData"
            }


def test_a_runs_stats_and_analysis_are_typed_models_in_the_schema():
    """Issue 12: backtesting.py's statistics and the analysis beside the metrics are models, each
    figure with its unit and one-line explanation from its one definition, not untyped objects;
    the JSON keeps backtesting.py's names ("Return [%]"), as before."""
    from engine.results import Analysis, Stats
    from engine.wording import STAT_WORDS

    schemas = openapi_document()["components"]["schemas"]
    for document in ("RunDetail", "RunDocument"):
        if document in schemas:
            properties = schemas[document]["properties"]
            assert properties["stats"] == {"$ref": "#/components/schemas/Stats"}
            assert properties["analysis"] == {"$ref": "#/components/schemas/Analysis"}
    stats = schemas["Stats"]["properties"]
    assert list(stats) == list(STAT_WORDS)
    label, _, explanation, _ = STAT_WORDS["Max. Drawdown [%]"]
    drawdown = stats["Max. Drawdown [%]"]
    assert drawdown["title"] == label
    assert drawdown["description"] == f"{explanation} Unit: percent."
    assert stats["# Trades"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert all("Unit: " in field["description"] for field in stats.values())
    analysis = schemas["Analysis"]["properties"]
    assert {"buy_hold_start", "monthly_returns", "long_short", "parameters"} <= set(analysis)
    side = schemas["SideResults"]["properties"]
    assert "Unit: fraction" in side["win_rate"]["description"]
    # a document keeps backtesting.py's names and only the keys it had
    raw = {"Return [%]": 12.5, "# Trades": 3, "Duration": "10 days 00:00:00", "Beta 2": 1.0}
    assert Stats.model_validate(raw).model_dump(mode="json", exclude_unset=True) == raw
    assert Analysis.model_validate({}).model_dump(exclude_unset=True) == {}


def test_a_failed_runs_document_carries_the_hints_of_its_error(tmp_path):
    """A failed run is an error too: run --json, show --json, GET /api/runs/{id} and MCP's
    get_run carry ``hints``, the same as an error body's, from the run's recorded error."""
    from engine.execution.result import BotExecutionResult
    from engine.results import RunDocument, render
    from tests.test_app_text import _real_errors

    schema = openapi_document()["components"]["schemas"]["RunDetail"]["properties"]["hints"]
    assert schema["items"] == {"$ref": "#/components/schemas/HintBody"}
    error = _real_errors(tmp_path)["yahoo_source"]
    hints = [hint.as_json() for hint in error.hints]
    failed = BotExecutionResult(None, False, "failed", "x", error=str(error), hints=hints)
    assert render(RunDocument, failed.to_dict())["hints"] == [
        {"code": "yahoo_source", "change": "source", "name": "source", "value": "yahoo"}
    ]
    succeeded = BotExecutionResult(None, True, "succeeded", "x")
    assert render(RunDocument, succeeded.to_dict())["hints"] == []


def test_a_damaged_database_is_said_in_the_apis_words_with_its_hint(home):
    """A 503 for a damaged database says what happened and, in the API's words, the way out
    (the operator's), never the command line's ``botlab backup``; the hint carries the file."""
    from starlette.testclient import TestClient

    from engine.api import Service, build_app
    from engine.api.config import load_api_config
    from engine.config import load_settings

    database = home / "botlab.db"
    home.mkdir(parents=True)
    database.write_bytes(b"this is not a database, whatever its name says" * 20)
    service = Service(load_api_config({}), load_settings())
    client = TestClient(
        build_app(service, is_local=lambda address: True), base_url="http://localhost"
    )
    answer = client.get("/runs")

    assert answer.status_code == 503, answer.text
    body = answer.json()
    assert body["code"] == "store_unavailable"
    assert body["hints"] == [
        {
            "code": "restore_database",
            "change": "machine",
            "name": "database",
            "value": str(database),
        }
    ]
    assert body["error"] == (
        f"The database {database} is damaged or is not a Botlab database; the server's operator "
        "restores a backup over it or moves it aside"
    )
