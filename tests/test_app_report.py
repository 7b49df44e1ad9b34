"""engine.report: a run as one self-contained HTML file (no Streamlit)."""

from __future__ import annotations

import re

from engine.data import load_ohlcv
from engine.metrics import EXPLANATIONS
from engine.report import render_report
from tests.app_support import (
    APP_FIXTURES,
    FAILED_RUN,
    GOOG_RUN,
    store,
)

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES


def result(execution_id: int) -> dict:
    from engine.execution.stored import result_from_record

    s = store()
    return result_from_record(s.get_execution(execution_id), s).to_dict()


def test_a_succeeded_run_has_everything_and_needs_no_network(filled_home):
    document = result(GOOG_RUN)
    price = load_ohlcv("GOOG", source="sample").frame
    html = render_report(document, code="class SmaCross(Strategy): <script>", price=price)
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>")
    assert f"Botlab run {GOOG_RUN}: sma_cross" in html
    for name in ("return_pct", "sharpe_ratio", "max_drawdown", "win_rate", "profit_factor"):
        assert EXPLANATIONS[name] in html, name
    assert html.count('class="plotly-graph-div"') == 3  # equity, drawdown, price
    assert "Buy and hold" in html
    assert len(re.findall(r"<script[^>]*src=", html)) == 0  # plotly.js is inlined, not fetched
    assert html.count("plotly.js v") >= 1 or "Plotly" in html
    assert f"Trades ({len(document['trades'])})" in html
    assert "Sharpe Ratio" in html  # all statistics
    assert "landlock=" in html  # the sandbox report
    assert "&lt;script&gt;" in html  # code is escaped


def test_a_failed_run_says_why_without_a_traceback(filled_home):
    document = result(FAILED_RUN)
    html = render_report(document)
    assert "ZeroDivisionError: boom at bar 50" in html
    assert "Traceback" not in html
    assert 'class="card"' not in html  # no metrics for a failed run


def test_without_prices_there_is_no_price_chart_but_buy_and_hold_is_the_runs_own(filled_home):
    # buy and hold is stored with the run (from the first bar the bot could trade), so the
    # report draws it without loading prices again; only the price chart needs them
    document = result(GOOG_RUN)
    html = render_report(document)
    assert html.count('class="plotly-graph-div"') == 2
    assert '"Entry"' not in html and '"Exit"' not in html  # no price chart
    assert '"name":"Buy and hold"' in html  # (the trace's name)
    assert "Buy &amp; hold return" in html  # the metric card
    assert f"Buying GOOG on {document['data']['buy_hold_start']}, the first day" in html


def test_the_report_and_the_run_page_render_the_long_short_model_with_its_words():
    """The long/short split is one model (``SideResults``): the HTML report and the Run page
    show each of its figures with the label, unit and meaning the API's schema gives it, from
    that one definition (no copy of the labels in either)."""
    from engine.api import openapi_document
    from engine.results import SideResults
    from ui.run_view import long_short_frame

    split = {
        "long": {"trades": 3, "win_rate": 0.5, "net_profit": 12.5, "return_pct": 0.0125,
                 "profit_factor": 1.5, "avg_trade_pct": 0.25},
        "short": {"trades": 2, "win_rate": 0.0, "net_profit": -3.0, "return_pct": -0.003,
                  "profit_factor": None, "avg_trade_pct": -0.1},
    }  # fmt: skip
    schema = openapi_document()["components"]["schemas"]["SideResults"]["properties"]
    words = [(p["title"], p["description"].rsplit(" Unit:", 1)[0]) for p in schema.values()]
    assert [name for name in schema] == list(SideResults.model_fields)
    html = render_report({"status": "succeeded", "strategy_name": "x", "execution_id": 1,
                          "metrics": {}, "analysis": {"long_short": split}})  # fmt: skip
    table = html[html.index("Long and short trades") :].split("</table>")[0]
    for label, meaning in words:
        assert f'<td class="l">{label}</td>' in table and meaning.replace("'", "&#39;") in table
    assert "<td>50.0%</td><td>0.0%</td>" in table and "<td>$+12.50</td><td>$-3.00</td>" in table
    page = long_short_frame(split)
    assert list(zip(page["Measure"], page["What it means"], strict=True)) == words
    assert list(page.set_index("Measure").loc["Win rate", ["Long", "Short"]]) == ["50.0%", "0.0%"]


def test_every_statistic_reads_as_the_stats_model_and_the_api_schema_describe_it():
    """The report's and the Run page's statistics (:func:`engine.wording.plain_stats`) render the
    ``Stats`` model's fields: each label, explanation, unit shown and "Advanced" flag is the
    one the API's schema gives the statistic."""
    from engine import wording
    from engine.api import openapi_document

    schema = openapi_document()["components"]["schemas"]["Stats"]["properties"]
    values = {"date": "2004-08-19T00:00:00", "duration": "1885 days 00:00:00", "count": 54}
    stats = {key: values.get(field["shown"], 1.5) for key, field in schema.items()}
    plain = wording.plain_stats(stats)

    assert [stat.key for stat in plain] == list(schema)
    for stat in plain:
        field = schema[stat.key]
        assert stat.label == field["title"]
        assert stat.explanation == field["description"].rsplit(" Unit:", 1)[0]
        assert stat.advanced is field["advanced"]
        assert stat.text == wording.stat_text(stats[stat.key], field["shown"])
    assert {stat.key: stat.text for stat in plain}["Equity Final [$]"] == "$1.50"


def test_the_report_and_the_run_page_say_the_parameters_with_one_formatter():
    """The strategy's parameters, read from the run's typed ``Analysis``, in the same words on
    the HTML report and the Run page (which sets the names as code)."""
    from engine.results import Analysis

    analysis = {"parameters": {"fast": 10, "slow": 30, "exit_on_close": True}}
    html = render_report({"status": "succeeded", "execution_id": 1, "analysis": analysis})
    said = Analysis.model_validate(analysis).parameters_text()

    assert said == "fast = 10 · slow = 30 · exit_on_close = True"
    assert f"<dt>Parameters</dt><dd>{said}</dd>" in html
    assert Analysis.model_validate(analysis).parameters_text(mark="`") == (
        "`fast` = 10 · `slow` = 30 · `exit_on_close` = True"
    )
