"""Bundled samples, range selection (start/end/days), sources and the data CLI helpers."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import engine.data as data
from engine.cli import error_words
from engine.data import DataError, MarketData, load_ohlcv
from engine.results import hints_of

ROOT = Path(__file__).resolve().parent.parent
PROVENANCE = ROOT / "engine" / "data" / "samples" / "PROVENANCE.md"
ALL = ["AAPL", "MSFT", "IBM", "GOOG", "GOOG-BT", "EURUSD", "BTCUSD"]


def assert_clean(frame: pd.DataFrame) -> None:
    """The invariants every MarketData.frame must satisfy."""
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.tz is None
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert all(frame[c].dtype == np.float64 for c in frame.columns)
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert not frame.isna().any().any()
    assert len(frame) > 0


def provenance_rows() -> dict[str, tuple[str, str, str, int]]:
    """symbol -> (interval, first bar, last bar, rows) from the tables in PROVENANCE.md."""
    pat = re.compile(
        r"^\| (\S+) \| (\S+) \| ([\d-]+(?: [\d:]+)?) \| ([\d-]+(?: [\d:]+)?) \| (\d+) \|"
    )
    rows = {}
    for line in PROVENANCE.read_text().splitlines():
        m = pat.match(line)
        if m:
            rows[m[1]] = (m[2], m[3], m[4], int(m[5]))
    return rows


# --------------------------------------------------------------------------------------------
# samples


def test_bundled_symbols():
    assert data.bundled_symbols() == ALL


@pytest.mark.parametrize("symbol", ALL)
def test_each_sample_loads_and_matches_provenance(symbol):
    md = load_ohlcv(symbol)
    assert isinstance(md, MarketData)
    assert_clean(md.frame)
    interval, first, last, rows = provenance_rows()[symbol]
    assert md.interval == interval
    assert md.bars == rows == len(md.frame)
    assert md.start == pd.Timestamp(first)
    assert md.end == pd.Timestamp(last)
    assert md.symbol == symbol
    assert md.warnings == ()
    quandl = symbol in ("AAPL", "MSFT", "IBM", "GOOG")
    assert md.source == ("sample:quandl-wiki" if quandl else "sample:backtesting.py")


def test_provenance_documents_source_licence_and_transformation():
    text = PROVENANCE.read_text()
    assert set(provenance_rows()) == set(ALL)
    for needle in (
        "public domain",
        "Quandl WIKI",
        "bokeh_sampledata",
        "Adj Close / Close",
        "build_samples.py",
        "sha256",
    ):
        assert needle in text


def test_aapl_is_split_adjusted():
    close = load_ohlcv("AAPL").frame["Close"]
    moves = close.pct_change().abs()
    for split_day in ("2000-06-21", "2005-02-28"):  # 2:1 splits: the raw close halves here
        assert moves.loc[split_day] < 0.20, split_day
    # the adjusted close is the source's Adj Close, and dollar volume is preserved
    first = load_ohlcv("AAPL", end="2000-03-01").frame.iloc[0]
    assert first["Close"] == pytest.approx(4.186662803811, rel=1e-9)
    assert first["Close"] * first["Volume"] == pytest.approx(130.31 * 9_616_100, rel=1e-6)
    assert first["Open"] / first["Close"] == pytest.approx(118.56 / 130.31, rel=1e-9)


def test_goog_samples_are_distinct_series():
    wiki, bt = load_ohlcv("GOOG").frame, load_ohlcv("GOOG-BT").frame
    assert wiki.index.equals(bt.index)
    assert not np.allclose(wiki["Volume"], bt["Volume"])


def test_sample_frames_are_copies():
    md = load_ohlcv("MSFT")
    md.frame.iloc[0, 0] = -1.0
    assert load_ohlcv("MSFT").frame.iloc[0, 0] != -1.0


def test_unknown_sample_symbol_names_bundled_and_yahoo():
    with pytest.raises(DataError) as e:
        load_ohlcv("TSLA")
    assert e.value.code == "unknown_symbol"
    msg = str(e.value)
    assert "'TSLA' is not a bundled sample" in msg
    assert "AAPL, MSFT, IBM, GOOG, GOOG-BT, EURUSD, BTCUSD" in msg
    assert "\n" not in msg
    # the way to Yahoo is a hint the error carries, said by each front end in its own words
    assert [h.code for h in hints_of(e.value)] == ["yahoo_source"]
    said = error_words(e.value)
    assert "BOTLAB_DATA_SOURCE=yahoo" in said and "--source yahoo" in said


def test_env_selects_the_source(monkeypatch):
    monkeypatch.setenv("BOTLAB_DATA_SOURCE", "sample")
    assert load_ohlcv("aapl").source == "sample:quandl-wiki"  # symbols are case-insensitive
    with pytest.raises(DataError) as e:
        load_ohlcv("AAPL", source="quandl")
    assert e.value.code == "bad_request" and "sample, yahoo" in str(e.value)


def test_sample_interval_is_checked_never_resampled():
    assert load_ohlcv("EURUSD").interval == "1h"
    assert load_ohlcv("EURUSD", interval="60m").interval == "1h"
    assert load_ohlcv("BTCUSD", interval="1mo").bars == 156
    with pytest.raises(DataError) as e:
        load_ohlcv("EURUSD", interval="1d")
    assert e.value.code == "interval_unavailable"
    assert "EURUSD is bundled only as 1h bars, not 1d" in str(e.value)


def test_yahoos_ticker_of_a_bundled_market_is_its_sample_offline_and_the_run_is_told():
    """Principle 1: "EUR/USD" is read as Yahoo's EURUSD=X, and on a machine with no network
    (the sample source, the default) it runs on the bundled EURUSD sample, saying so."""
    served, own = load_ohlcv("EURUSD=X"), load_ohlcv("EURUSD")
    assert served.frame.equals(own.frame)
    assert (served.symbol, served.source, served.interval) == (
        "EURUSD",
        "sample:backtesting.py",
        "1h",
    )
    assert own.warnings == ()
    assert served.warnings == (
        "EURUSD=X is Yahoo's ticker; offline it is served by the bundled sample EURUSD "
        "(sample:backtesting.py, 1h bars 2017-04-19T09:00:00..2018-02-07T15:00:00); use the "
        "Yahoo source for Yahoo's own EURUSD=X bars",
    )
    week = load_ohlcv("eurusd=x", start="2017-06-05", end="2017-06-06")
    assert "1h bars 2017-06-05..2017-06-06T23:00:00" in week.warnings[0]
    coin = load_ohlcv("BTC-USD")
    assert (coin.symbol, coin.interval, coin.bars) == ("BTCUSD", "1mo", 156)
    assert coin.warnings[0].startswith("BTC-USD is Yahoo's ticker; offline it is served by the")


def test_yahoos_ticker_served_by_a_sample_keeps_the_samples_checks():
    with pytest.raises(DataError) as daily:
        load_ohlcv("EURUSD=X", interval="1d")
    assert daily.value.code == "interval_unavailable"
    assert "EURUSD=X (the bundled sample EURUSD) is bundled only as 1h bars, not 1d" in str(
        daily.value
    )
    with pytest.raises(DataError) as other_pair:
        load_ohlcv("GBPUSD=X")  # no sample of that pair: still an error, never another pair
    assert other_pair.value.code == "unknown_symbol"
    assert "'GBPUSD=X' is not a bundled sample" in str(other_pair.value)


def test_describe_is_json_ready():
    d = load_ohlcv("EURUSD", days=1).describe()
    assert d == {
        "symbol": "EURUSD",
        "source": "sample:backtesting.py",
        "start": "2018-02-07",
        "end": "2018-02-07T15:00:00",
        "bars": 16,
        "interval": "1h",
    }
    json.dumps(d)


# --------------------------------------------------------------------------------------------
# selection


def test_days_are_the_last_calendar_days_of_the_sample():
    md = load_ohlcv("AAPL", days=7)  # 2013-02-23 .. 2013-03-01 (Fri): 5 trading days
    assert md.start == pd.Timestamp("2013-02-25") and md.end == pd.Timestamp("2013-03-01")
    assert md.bars == 5
    assert load_ohlcv("AAPL", days=1).bars == 1
    assert load_ohlcv("AAPL", days=365).start == pd.Timestamp("2012-03-02")


def test_days_ending_at_end():
    md = load_ohlcv("IBM", end="2010-01-08", days=7)
    assert (md.start, md.end, md.bars) == (
        pd.Timestamp("2010-01-04"),
        pd.Timestamp("2010-01-08"),
        5,
    )


@pytest.mark.parametrize(
    "start,end",
    [
        ("2010-01-04", "2010-01-08"),
        (dt.date(2010, 1, 4), dt.date(2010, 1, 8)),
        (pd.Timestamp("2010-01-04"), dt.datetime(2010, 1, 8)),
    ],
)
def test_start_and_end_are_inclusive(start, end):
    md = load_ohlcv("MSFT", start=start, end=end)
    assert md.start == pd.Timestamp("2010-01-04") and md.end == pd.Timestamp("2010-01-08")
    assert md.bars == 5


def test_end_date_includes_the_whole_day_for_intraday():
    md = load_ohlcv("EURUSD", start="2018-02-06", end="2018-02-06")
    assert md.bars == 24
    assert md.end == pd.Timestamp("2018-02-06 23:00")
    timed = load_ohlcv("EURUSD", start="2018-02-06", end="2018-02-06 10:00")
    assert timed.end == pd.Timestamp("2018-02-06 10:00") and timed.bars == 11


def test_empty_range_names_the_available_range():
    with pytest.raises(DataError) as e:
        load_ohlcv("AAPL", start="2015-01-01", end="2015-12-31")
    assert e.value.code == "empty_range"
    msg = str(e.value)
    assert "2015-01-01..2015-12-31" in msg and "2000-03-01 to 2013-03-01" in msg
    with pytest.raises(DataError) as e:
        load_ohlcv("AAPL", start="2010-01-02", end="2010-01-03")  # a weekend
    assert e.value.code == "empty_range"


def test_partial_overlap_is_used_and_reported():
    md = load_ohlcv("AAPL", start="2012-06-01", end="2014-01-01")
    assert md.end == pd.Timestamp("2013-03-01")
    assert any("only has 2000-03-01..2013-03-01" in w for w in md.warnings)
    assert load_ohlcv("AAPL", start="2012-06-01").warnings == ()


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        ({"start": "2020-13-01"}, "start='2020-13-01' is not a date"),
        ({"end": "yesterday-ish"}, "end='yesterday-ish' is not a date"),
        ({"start": 20200101}, "start=20200101 is not a date"),
        ({"days": 0}, "days=0"),
        ({"days": 2.5}, "days=2.5"),
        ({"days": 5, "start": "2010-01-01"}, "either start or days"),
        ({"start": "2011-01-01", "end": "2010-01-01"}, "is after end"),
    ],
)
def test_bad_arguments(kwargs, needle):
    with pytest.raises(DataError) as e:
        load_ohlcv("AAPL", **kwargs)
    assert e.value.code == "bad_request"
    assert needle in str(e.value)


def test_no_symbol():
    with pytest.raises(DataError) as e:
        load_ohlcv()
    assert e.value.code == "bad_request"


def test_data_error_is_picklable():
    import pickle

    err = pickle.loads(pickle.dumps(DataError("offline", "no network")))
    assert err.code == "offline" and str(err) == "no network"
    with pytest.raises(ValueError):
        DataError("not-a-code", "x")


# --------------------------------------------------------------------------------------------
# list / CLI


def test_list_series_has_every_bundled_series():
    infos = {s.symbol: s for s in data.list_series()}
    assert list(infos) == ALL
    rows = provenance_rows()
    for symbol, info in infos.items():
        assert (info.interval, info.bars) == (rows[symbol][0], rows[symbol][3])
        assert info.start == pd.Timestamp(rows[symbol][1])
        assert info.path.exists()


def test_cli_list():
    from click.testing import CliRunner

    from engine.cli import cli

    listed = CliRunner().invoke(cli, ["data", "list"])
    assert listed.exit_code == 0, listed.output
    out = listed.output.splitlines()
    assert out[0].split() == ["SYMBOL", "INTERVAL", "SOURCE", "START", "END", "BARS"]
    assert out[1].split() == [
        "AAPL",
        "1d",
        "sample:quandl-wiki",
        "2000-03-01",
        "2013-03-01",
        "3270",
    ]
    as_json = CliRunner().invoke(cli, ["data", "list", "--json"])
    assert [x["symbol"] for x in json.loads(as_json.output)] == ALL


def test_loading_samples_does_not_import_yfinance_or_backtesting_test(home):
    code = (
        "import sys, engine.data as d\n"
        "[d.load_ohlcv(s) for s in d.bundled_symbols()]\n"
        "d.list_series()\n"
        "print('yfinance' in sys.modules, 'backtesting.test' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"BOTLAB_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"end": "0001-08-19"}, "out of range"),
        ({"start": "9999-01-01"}, "out of range"),
        ({"days": 10**9}, "200 years"),
    ],
)
def test_dates_far_out_of_range_are_a_clear_data_error(kwargs, needle):
    with pytest.raises(data.DataError, match=needle) as refused:
        load_ohlcv("AAPL", **kwargs)
    assert refused.value.code == "bad_request"
