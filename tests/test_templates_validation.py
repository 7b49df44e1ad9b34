"""Template requests that never reach the executor: validation, data errors, preparation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from engine.config import load_settings
from engine.data import load_ohlcv
from engine.store import Store
from engine.templates import TEMPLATES, TemplateError, execute_script, validate
from engine.templates._params import check_ticker

from .fixtures.templates.intraday import intraday_frame, session_bars, with_extended_hours

DAY = "2024-05-01"
ORB = {"ticker": "AAPL", "date": DAY}


def orb(**changes) -> dict:
    return {"scriptTemplate": "orb", "parameters": {**ORB, **changes}}


def stored_runs() -> int:
    with Store.open(load_settings()) as store:
        return store.performance_summary()["total_executions"]


# -- the registry --------------------------------------------------------------------------------


def test_the_four_templates_are_documented():
    assert list(TEMPLATES) == ["orb", "momentum_breakout", "mean_reversion", "pairs_trading"]
    for template in TEMPLATES.values():
        assert len(template.description) > 400
        for doc in template.parameters():
            assert doc["description"], doc["name"]
            assert doc["required"] or "default" in doc
            if doc["type"] in ("number", "integer"):
                assert doc["range"], doc["name"]
        properties = template.json_schema()["properties"]
        assert "cash" in properties and "data_source" not in properties


def test_orb_documents_its_parameters():
    docs = {doc["name"]: doc for doc in TEMPLATES["orb"].parameters()}
    assert [name for name, doc in docs.items() if doc["required"]] == ["ticker", "date"]
    assert docs["trailingStopPct"]["range"] == "> 0 and <= 50"
    assert docs["trailingStopPct"]["default"] == 1.0
    assert docs["timeframe"]["default"] == "5m" and "1m" in docs["timeframe"]["choices"]
    assert docs["marketFilterTicker"]["default"] is None
    assert list(docs)[-3:] == ["cash", "commission", "dataSource"]


def test_validate_fills_defaults_and_keeps_camel_case():
    params = validate("orb", {**ORB, "timeframe": "30m", "marketFilterTicker": "QQQ"})
    assert params.date == dt.date(2024, 5, 1)
    assert params.range_minutes == 30  # one 30m bar: the 15-minute default can't be cut
    assert params.tickers() == ["AAPL", "QQQ"]
    assert params.strategy_name() == "orb_AAPL"
    assert params.request_parameters()["trailingStopPct"] == 1.0
    with pytest.raises(TemplateError, match="trailing_stop_pct"):  # snake_case is not accepted
        validate("orb", {**ORB, "trailing_stop_pct": 2})


# -- tickers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ticker", ["AAPL", "BRK-B", "BRK.B", "^GSPC", "EURUSD=X", "ES=F", "BTC-USD", "VOD.L", "7203.T"]
)
def test_yahoo_tickers_are_accepted(ticker):
    assert check_ticker(ticker) == ticker


@pytest.mark.parametrize(
    "ticker",
    [
        "aapl",
        "aapl$",
        "AAPL$",
        "",
        "^",
        "A--B",
        "-AB",
        "AB.",
        "=X",
        "EURUSD=Y",
        "A B",
        "X" * 21,
        42,
    ],
)
def test_anything_else_is_rejected(ticker):
    with pytest.raises(TemplateError) as caught:
        validate("orb", {**ORB, "ticker": ticker})
    assert caught.value.parameter == "ticker"


# -- bad requests --------------------------------------------------------------------------------

BAD = [
    ("orb", {**ORB, "ticker": "aapl$"}, "ticker", "not a valid ticker"),
    ("orb", {**ORB, "date": "2024-13-01"}, "date", "not a real calendar date"),
    ("orb", {**ORB, "date": "2024-02-30"}, "date", "not a real calendar date"),
    ("orb", {**ORB, "date": "05/01/2024"}, "date", "YYYY-MM-DD"),
    ("orb", {**ORB, "date": "2999-01-04"}, "date", "in the future"),
    ("orb", {**ORB, "trailingStopPct": 80}, "trailingStopPct", "must be > 0 and <= 50, got 80"),
    ("orb", {**ORB, "trailingStopPct": 0}, "trailingStopPct", "> 0"),
    ("orb", {**ORB, "trailingStopPct": "wide"}, "trailingStopPct", "number"),
    ("orb", {"date": DAY}, "ticker", "required parameter is missing"),
    ("orb", {**ORB, "stopLoss": 2}, "stopLoss", "unknown parameter 'stopLoss'"),
    ("orb", {**ORB, "timeframe": "3m"}, "timeframe", "'5m'"),
    ("orb", {**ORB, "openingRangeMinutes": 12}, "openingRangeMinutes", "multiple of the 5m"),
    ("orb", {**ORB, "marketFilterRule": "above_range"}, "marketFilterRule", "marketFilterTicker"),
    ("orb", {**ORB, "marketFilterTicker": "AAPL"}, "marketFilterTicker", "differ"),
    ("orb", {**ORB, "marketFilterTicker": "qqq"}, "marketFilterTicker", "uppercase: 'QQQ'"),
    ("orb", {**ORB, "cash": 10}, "cash", ">= 1000"),
    ("momentum_breakout", {"ticker": "MSFT", "lookbackDays": 2}, "lookbackDays", ">= 5"),
    ("momentum_breakout", {"ticker": "MSFT", "volumeMultiplier": 0}, "volumeMultiplier", "> 0"),
    (
        "momentum_breakout",
        {"ticker": "MSFT", "start": "2012-01-01", "end": "2011-01-01"},
        "end",
        "before start",
    ),
    (
        "momentum_breakout",
        {"ticker": "MSFT", "start": "2012-01-01", "days": 90},
        "days",
        "not both",
    ),
    ("mean_reversion", {"ticker": "AAPL", "exitZ": 2, "entryZ": 1.5}, "exitZ", "less than entryZ"),
    ("mean_reversion", {"ticker": "AAPL", "maxHoldDays": 0}, "maxHoldDays", ">= 1"),
    ("mean_reversion", {"ticker": "AAPL", "stopLossPct": 80}, "stopLossPct", "<= 50"),
    ("pairs_trading", {"ticker1": "KO", "ticker2": "KO"}, "ticker2", "differ"),
    ("pairs_trading", {"ticker1": "KO"}, "ticker2", "missing"),
    ("pairs_trading", {"ticker1": "KO", "ticker2": "PEP", "dataSource": "csv"}, "dataSource", ""),
]


@pytest.mark.parametrize(("name", "parameters", "parameter", "text"), BAD)
def test_bad_parameters_are_named(name, parameters, parameter, text):
    response = execute_script({"scriptTemplate": name, "parameters": parameters})

    assert response["success"] is False
    assert response["errorType"] == "invalid_parameters"
    assert response["parameter"] == parameter
    assert response["error"].startswith(parameter) or f"'{parameter}'" in response["error"]
    assert text in response["error"]
    assert isinstance(response["executionTime"], float)
    assert "executionId" not in response


def test_every_problem_is_reported():
    with pytest.raises(TemplateError) as caught:
        validate("orb", {"ticker": "aapl$", "date": "2024-13-01", "trailingStopPct": 80})
    assert [p for p, _ in caught.value.errors] == ["ticker", "date", "trailingStopPct"]
    assert caught.value.parameter == "ticker"


@pytest.mark.parametrize(
    ("request_", "parameter", "text"),
    [
        (
            {"scriptTemplate": "breakout", "parameters": ORB},
            "scriptTemplate",
            "known templates: orb",
        ),
        ({"parameters": ORB}, "scriptTemplate", "missing"),
        ({"scriptTemplate": "orb", "parameters": ["AAPL"]}, "parameters", "expected an object"),
        ({"scriptTemplate": "orb", "parameters": ORB, "debug": True}, "debug", "unknown request"),
        (["orb"], None, "must be an object"),
    ],
)
def test_bad_requests(request_, parameter, text):
    response = execute_script(request_)

    assert response["success"] is False
    assert response.get("parameter") == parameter
    assert text in response["error"]


def test_bad_input_stores_nothing():
    for name, parameters, _, _ in BAD[:5]:
        execute_script({"scriptTemplate": name, "parameters": parameters})
    execute_script(orb(date="2024-05-04"), data=intraday_frame())
    assert stored_runs() == 0


# -- data errors ---------------------------------------------------------------------------------


def test_a_day_without_bars_is_a_data_error():
    response = execute_script(orb(date="2024-05-04"), data=intraday_frame())

    assert response["success"] is False
    assert response["errorType"] == "data_unavailable"
    assert response["dataErrorCode"] == "empty_range"
    assert "no AAPL bars on 2024-05-04" in response["error"]


def test_bundled_samples_have_no_intraday_bars():
    response = execute_script(orb(dataSource="sample"))

    assert response["dataErrorCode"] == "interval_unavailable"
    assert "AAPL is bundled only as 1d bars" in response["error"]


def test_unknown_sample_symbol_is_a_data_error():
    response = execute_script(
        {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "NVDA"}}
    )

    assert response["dataErrorCode"] == "unknown_symbol"
    assert "'NVDA' is not a bundled sample" in response["error"]


def test_missing_file_is_a_data_error(tmp_path):
    response = execute_script(orb(), data=tmp_path / "nope.csv")
    assert response["dataErrorCode"] == "file_not_found"


def test_data_for_a_ticker_the_request_does_not_use():
    response = execute_script(orb(), data={"AAPL": intraday_frame(), "SPY": intraday_frame()})

    assert response["dataErrorCode"] == "bad_request"
    assert "SPY" in response["error"]


def test_data_at_another_bar_size_names_the_timeframe():
    response = execute_script(orb(), data=intraday_frame(freq_minutes=1))

    assert response["parameter"] == "timeframe"
    assert "has 1m bars" in response["error"]


def test_too_short_a_range_names_the_lookback():
    response = execute_script(
        {"scriptTemplate": "momentum_breakout", "parameters": {"ticker": "IBM", "days": 20}}
    )
    assert response["parameter"] == "lookbackDays"
    assert "needs at least" in response["error"]


def test_opening_range_covering_the_session_names_it():
    short_day = session_bars(DAY).iloc[:8]  # 09:30-10:05
    response = execute_script(orb(openingRangeMinutes=30), data=short_day)
    assert response["parameter"] == "openingRangeMinutes"


# -- preparing the bars --------------------------------------------------------------------------


def test_orb_gets_one_regular_session():
    frame = intraday_frame()
    params = validate("orb", ORB)
    settings = load_settings()
    naive = TEMPLATES["orb"].prepare(params, {"AAPL": frame}, settings)
    aware = TEMPLATES["orb"].prepare(params, {"AAPL": with_extended_hours(frame)}, settings)

    assert len(naive.frame) == 78
    assert str(naive.start) == f"{DAY} 09:30:00" and str(naive.end) == f"{DAY} 15:55:00"
    pd.testing.assert_frame_equal(aware.frame, naive.frame)  # pre/post-market bars dropped


def test_timezone_aware_bars_are_read_in_eastern_time():
    utc = with_extended_hours(intraday_frame()).tz_convert("UTC")
    params = validate("orb", ORB)
    bars = TEMPLATES["orb"].prepare(params, {"AAPL": utc}, load_settings())
    assert str(bars.start) == f"{DAY} 09:30:00" and len(bars.frame) == 78


def test_orb_filter_becomes_extra_columns():
    frame = intraday_frame()
    market = intraday_frame(scale=4.0).drop(pd.Timestamp(f"{DAY} 11:00"))
    params = validate("orb", {**ORB, "marketFilterTicker": "QQQ"})
    bars = TEMPLATES["orb"].prepare(params, {"AAPL": frame, "QQQ": market}, load_settings())

    assert list(bars.frame.columns[-4:]) == [
        "Filter_Open",
        "Filter_High",
        "Filter_Low",
        "Filter_Close",
    ]
    assert bars.frame["Filter_Close"].isna().sum() == 1
    assert bars.frame["Filter_Open"].iloc[0] == pytest.approx(market["Open"].iloc[0])
    assert any("QQQ: no bar at 1 of the 78" in note for note in bars.warnings)
    assert "filter QQQ: dataframe" in bars.source


def test_pairs_are_aligned_on_common_dates():
    params = validate("pairs_trading", {"ticker1": "AAPL", "ticker2": "MSFT", "days": 365})
    msft = load_ohlcv("MSFT", days=365).frame
    bars = TEMPLATES["pairs_trading"].prepare(params, {"MSFT": msft.iloc[::2]}, load_settings())

    assert bars.symbol == "AAPL/MSFT"
    assert bars.frame.index.equals(msft.index[::2])
    assert bars.frame["Close"].iloc[0] == pytest.approx(100.0)
    assert "synthetic ratio of AAPL (sample:quandl-wiki) / MSFT (dataframe)" in bars.source
    assert any("only one of the two tickers traded" in note for note in bars.warnings)
