"""Yahoo Finance through yfinance's real code, with only the HTTP GET replaced (no network).

See tests/fixtures/data/fake_yahoo.py: ``YfData.get`` answers with synthetic chart JSON in Yahoo's
format; ``Ticker.history``, the timezone probe, parsing and ``auto_adjust`` are yfinance's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import engine.data as data
from engine.data import DataError, _cache, _yahoo, load_ohlcv
from tests.fixtures.data.fake_yahoo import TZ, FakeYahoo, price

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def yahoo_by_default(monkeypatch):
    """Every test here reads Yahoo's data unless it says otherwise (through a fake Yahoo)."""
    monkeypatch.setenv("BOTLAB_DATA_SOURCE", "yahoo")


@pytest.fixture
def yahoo(monkeypatch) -> FakeYahoo:
    return FakeYahoo().install(monkeypatch)


def no_network(monkeypatch):
    """Make any HTTP GET by yfinance fail the test."""
    import yfinance.data as yfd

    def forbidden(self, url, params=None, timeout=30):
        raise AssertionError(f"network used: {url} {params}")

    monkeypatch.setattr(yfd.YfData, "get", forbidden)
    yfd.YfData.cache_get.cache_clear()


def epoch(day: str) -> int:
    """Midnight of ``day`` at the exchange, as Yahoo's period1/period2."""
    return int(pd.Timestamp(day, tz=TZ).timestamp())


def cache_file(home: Path, symbol="AAPL", interval="1d") -> Path:
    return home / "cache" / "yahoo" / f"{symbol}_{interval}.parquet"


def expected_close(index: pd.DatetimeIndex, adj: float, hour=9, minute=30) -> list[float]:
    return [round(price(t + pd.Timedelta(hours=hour, minutes=minute)), 4) * adj for t in index]


def err(**kwargs) -> DataError:
    with pytest.raises(DataError) as e:
        load_ohlcv(**kwargs)
    assert "\n" not in str(e.value)
    return e.value


# --------------------------------------------------------------------------------------------
# fetching and the cache


def test_daily_history_through_yfinance(yahoo, home):
    md = load_ohlcv("aapl", start="2024-01-02", end="2024-01-31")
    assert (md.symbol, md.source, md.interval) == ("AAPL", "yahoo", "1d")
    assert md.frame.index.tz is None
    assert md.start == pd.Timestamp("2024-01-02") and md.end == pd.Timestamp("2024-01-31")
    assert md.bars == 22  # business days (the fake has no holidays)
    # yfinance's auto_adjust scaled OHLC by adjclose/close = 0.5
    assert md.frame["Close"].tolist() == pytest.approx(expected_close(md.frame.index, 0.5))
    assert md.frame["Open"].tolist() == pytest.approx(
        [round(c * 0.998, 4) * 0.5 for c in expected_close(md.frame.index, 1.0)]
    )
    [call] = yahoo.chart_calls()
    assert (call["period1"], call["period2"]) == (epoch("2024-01-02"), epoch("2024-02-01"))
    assert call["interval"] == "1d"
    assert (home / "cache" / "yfinance" / "tkr-tz.db").exists()  # yfinance's own cache, in ours
    meta = _cache.read_meta(cache_file(home))
    assert meta.covered == ((pd.Timestamp("2024-01-02"), pd.Timestamp("2024-02-01")),)
    assert (meta.symbol, meta.interval, meta.tz, meta.rows) == ("AAPL", "1d", TZ, 22)


def test_cache_hit_never_touches_the_network(yahoo, home, monkeypatch):
    first = load_ohlcv("AAPL", start="2024-01-02", end="2024-03-28")
    no_network(monkeypatch)
    hit = load_ohlcv("AAPL", start="2024-02-01", end="2024-02-29")
    assert hit.source == "yahoo-cache"
    pd.testing.assert_frame_equal(hit.frame, first.frame.loc["2024-02-01":"2024-02-29"])
    with pytest.raises(DataError) as e:  # inside the covered range, but a weekend
        load_ohlcv("AAPL", start="2024-02-03", end="2024-02-04")
    assert e.value.code == "empty_range" and "2024-01-02..2024-03-28" in str(e.value)


def test_cache_hit_in_a_fresh_process_does_not_import_yfinance(yahoo, home):
    load_ohlcv("AAPL", start="2024-01-02", end="2024-03-28")
    code = (
        "import sys, engine.data as d\n"
        "m = d.load_ohlcv('AAPL', start='2024-01-02', end='2024-03-28', source='yahoo')\n"
        "print(m.source, m.bars, 'yfinance' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BOTLAB_HOME": str(home)},
    )
    assert out.stdout.split() == ["yahoo-cache", "63", "False"]


def test_top_up_fetches_only_the_missing_tail_and_head(yahoo, home, monkeypatch):
    load_ohlcv("AAPL", start="2024-01-02", end="2024-03-29")
    md = load_ohlcv("AAPL", start="2024-01-02", end="2024-06-28")
    assert md.source == "yahoo" and md.bars == 129
    tail = yahoo.chart_calls()[-1]
    # only the tail, overlapping the cache by 5 days to check the adjustment is unchanged
    assert tail["period1"] == epoch("2024-03-25") and tail["period2"] == epoch("2024-06-29")
    assert md.frame["Close"].tolist() == pytest.approx(expected_close(md.frame.index, 0.5))

    md = load_ohlcv("AAPL", start="2023-10-02", end="2024-06-28")
    head = yahoo.chart_calls()[-1]
    assert head["period1"] == epoch("2023-10-02") and head["period2"] == epoch("2024-01-07")
    assert len(yahoo.chart_calls()) == 3
    meta = _cache.read_meta(cache_file(home))
    assert meta.covered == ((pd.Timestamp("2023-10-02"), pd.Timestamp("2024-06-29")),)

    no_network(monkeypatch)
    whole = load_ohlcv("AAPL", start="2023-10-02", end="2024-06-28")
    assert whole.source == "yahoo-cache" and whole.bars == md.bars
    assert whole.frame.index.is_unique


def test_disjoint_ranges_are_cached_without_fetching_the_gap(yahoo, home):
    load_ohlcv("AAPL", start="2020-01-02", end="2020-01-31")
    load_ohlcv("AAPL", start="2024-01-02", end="2024-01-31")
    assert yahoo.chart_calls()[-1]["period1"] == epoch("2024-01-02")
    meta = _cache.read_meta(cache_file(home))
    assert len(meta.covered) == 2 and meta.rows == 22 + 22


def test_split_after_caching_refetches_instead_of_splicing(yahoo, home):
    load_ohlcv("AAPL", start="2024-01-02", end="2024-03-29")
    yahoo.known["AAPL"] = 0.25  # a 2:1 split: Yahoo now scales all history by another 0.5
    md = load_ohlcv("AAPL", start="2024-01-02", end="2024-06-28")
    assert md.frame["Close"].tolist() == pytest.approx(expected_close(md.frame.index, 0.25))
    assert any("adjusted prices changed" in w for w in md.warnings)
    assert yahoo.chart_calls()[-1]["period1"] == epoch("2024-01-02")
    cached, _ = _cache.read(cache_file(home))
    assert cached["Close"].tolist() == pytest.approx(expected_close(cached.index, 0.25))


def test_days_end_today_and_the_unfinished_bar_is_not_cached(yahoo, home):
    md = load_ohlcv("AAPL", days=10)
    today = pd.Timestamp.now().normalize()
    assert md.start >= today - pd.Timedelta(days=9)
    cutoff = _yahoo.settled_cutoff("1d", TZ)
    cached, meta = _cache.read(cache_file(home))
    assert cached.index.max() < cutoff and meta.covered[-1][1] == cutoff
    n = len(yahoo.chart_calls())
    again = load_ohlcv("AAPL", days=10)  # ends today: topped up (the tail only), not a cache hit
    assert again.source == "yahoo" and len(yahoo.chart_calls()) == n + 1
    assert yahoo.chart_calls()[-1]["period1"] == epoch(str((cutoff - pd.Timedelta(days=5)).date()))


def test_intraday_bars_in_exchange_local_time(yahoo, home):
    md = load_ohlcv("MSFT", days=5, interval="5m")
    assert md.interval == "5m" and md.frame.index.tz is None
    times = {t.time() for t in md.frame.index}
    assert min(times) == pd.Timestamp("09:30").time() and max(times) == pd.Timestamp("15:55").time()
    assert md.frame["Close"].tolist() == pytest.approx(
        [round(price(t), 4) for t in md.frame.index]  # intraday bars: no adjclose, unscaled
    )


def test_intraday_end_with_a_time_includes_that_bar(yahoo):
    day = (pd.Timestamp.now() - pd.offsets.BDay(3)).date()
    md = load_ohlcv("MSFT", interval="5m", start=f"{day} 09:30", end=f"{day} 10:00")
    assert md.start == pd.Timestamp(f"{day} 09:30") and md.end == pd.Timestamp(f"{day} 10:00")
    assert md.bars == 7
    [call] = yahoo.chart_calls()
    assert call["period2"] == int(pd.Timestamp(f"{day} 10:00:01", tz=TZ).timestamp())


def test_fetch_and_list_series(yahoo, home, monkeypatch):
    md = data.fetch("SPY", start="2024-01-02", end="2024-01-31")
    assert md.source == "yahoo" and md.bars == 22
    infos = [s for s in data.list_series() if s.source == "yahoo-cache"]
    assert [(s.symbol, s.interval, s.bars) for s in infos] == [("SPY", "1d", 22)]
    assert (infos[0].start, infos[0].end) == (
        pd.Timestamp("2024-01-02"),
        pd.Timestamp("2024-01-31"),
    )

    from click.testing import CliRunner

    from engine.cli import cli

    fetched = CliRunner().invoke(
        cli, ["data", "fetch", "MSFT", "--start", "2024-02-01", "--end", "2024-02-29"]
    )
    assert fetched.exit_code == 0, fetched.output
    assert fetched.output.strip() == "MSFT 1d: 21 bars 2024-02-01..2024-02-29 (source: yahoo)"
    listed = CliRunner().invoke(cli, ["data", "list"])
    out = listed.output
    assert "MSFT     1d        yahoo-cache" in out and "SPY      1d        yahoo-cache" in out
    # a sample-mode request for a cached symbol says where it is, without using it
    monkeypatch.setenv("BOTLAB_DATA_SOURCE", "sample")
    e = err(symbol="SPY")
    assert (
        e.code == "unknown_symbol"
        and "SPY is in the Yahoo cache (1d 2024-01-02..2024-01-31)" in str(e)
    )


def test_corrupt_cache_file_is_refetched(yahoo, home):
    load_ohlcv("AAPL", start="2024-01-02", end="2024-01-31")
    cache_file(home).write_bytes(b"garbage")
    md = load_ohlcv("AAPL", start="2024-01-02", end="2024-01-31")
    assert md.source == "yahoo" and md.bars == 22
    assert _cache.read(cache_file(home)) is not None


# --------------------------------------------------------------------------------------------
# failures: each specific, each naming what is cached or bundled instead


def test_offline(yahoo, home):
    load_ohlcv("AAPL", start="2024-01-02", end="2024-03-28")
    yahoo.mode = "offline"
    e = err(symbol="AAPL", start="2024-01-02", end="2024-06-28")
    assert e.code == "offline"
    msg = str(e)
    assert msg.startswith("cannot reach Yahoo Finance to fetch AAPL 1d ")
    assert "DNSError: Failed to perform, curl: (6) Could not resolve host" in msg
    assert "AAPL is cached: 1d 2024-01-02..2024-03-28" in msg
    assert "bundled samples: AAPL, MSFT, IBM, GOOG, GOOG-BT, EURUSD, BTCUSD" in msg
    # the cached part still loads offline, from the cache
    assert load_ohlcv("AAPL", start="2024-01-02", end="2024-03-28").source == "yahoo-cache"


def test_rate_limited(yahoo):
    yahoo.mode = "rate_limited"
    e = err(symbol="MSFT", start="2024-01-02", end="2024-01-31")
    assert e.code == "rate_limited"
    assert "rate-limiting" in str(e) and "Nothing cached for MSFT" in str(e)


def test_unknown_ticker(yahoo):
    # the first unknown tickers take yfinance's quoteSummary fallback (404); later ones raise
    # YFTzMissingError directly: both are "unknown_symbol"
    for symbol in ("NOPEA", "NOPEB", "NOPEC"):
        e = err(symbol=symbol, start="2024-01-02", end="2024-01-31")
        assert e.code == "unknown_symbol"
        assert f"Yahoo Finance has no ticker '{symbol}' (unknown or delisted" in str(e)
        assert "bundled samples: AAPL" in str(e)
    assert not cache_file_exists("NOPEA")


def cache_file_exists(symbol: str) -> bool:
    return cache_file(Path(os.environ["BOTLAB_HOME"]), symbol).exists()


def test_empty_answer(yahoo):
    yahoo.mode = "empty"
    e = err(symbol="AAPL", start="2024-01-02", end="2024-01-31")
    assert e.code == "no_data"
    assert str(e).startswith("Yahoo Finance returned no AAPL 1d bars for 2024-01-02..2024-01-31")
    assert not cache_file_exists("AAPL")  # an empty answer is not cached as "no bars"


def test_intraday_limit_is_refused_before_calling(yahoo):
    e = err(symbol="AAPL", interval="5m", days=90)
    assert e.code == "interval_limit"
    assert "keeps 5m bars only for the last 60 days" in str(e) and "bundled samples" in str(e)
    e = err(symbol="AAPL", interval="1m", days=8)
    assert e.code == "interval_limit" and "last 7 days" in str(e)
    e = err(symbol="AAPL", interval="1h", start="2020-01-01")
    assert e.code == "interval_limit" and "last 730 days" in str(e)
    assert yahoo.calls == []
    assert load_ohlcv("AAPL", interval="1m", days=7).interval == "1m"


def test_intraday_limit_reported_by_yahoo(yahoo):
    yahoo.intraday_limit_days = {"15m": 30}  # Yahoo tightened its limit (issue #2706)
    e = err(symbol="AAPL", interval="15m", days=45)
    assert e.code == "interval_limit"
    assert "The requested range must be within the last 30 days" in str(e)


@pytest.mark.parametrize("symbol", ["AAPL US", "../etc", "", "A" * 30, "AA/PL"])
def test_bad_symbols_are_refused_before_calling(yahoo, symbol):
    e = err(symbol=symbol or None) if not symbol else err(symbol=symbol)
    assert e.code == ("bad_request" if not symbol else "bad_symbol")
    assert yahoo.calls == []


@pytest.mark.parametrize("symbol", ["BRK-B", "^GSPC", "EURUSD=X", "BTC-USD", "RDS.A", "M&M.NS"])
def test_yahoo_style_symbols_are_accepted(symbol):
    assert _yahoo.normalize_symbol(symbol.lower()) == symbol


def test_bad_interval(yahoo):
    e = err(symbol="AAPL", interval="7m")
    assert e.code == "bad_request" and "1m, 2m, 5m" in str(e)


def test_every_error_code_is_documented():
    assert set(data.ERROR_CODES) >= {
        "unknown_symbol",
        "offline",
        "rate_limited",
        "no_data",
        "interval_limit",
        "bad_file",
        "missing_columns",
        "bad_dates",
        "non_numeric",
        "empty_range",
    }


# --------------------------------------------------------------------------------------------
# two processes writing the cache at once

WRITER = """
import sys, time, pathlib, pytest
from tests.fixtures.data.fake_yahoo import FakeYahoo
import engine.data as d
start, end, ready, go = sys.argv[1:5]
fake = FakeYahoo(delay=0.6).install(pytest.MonkeyPatch())
import yfinance  # imported before the race so both processes reach the cache together
pathlib.Path(ready).touch()
while not pathlib.Path(go).exists():
    time.sleep(0.005)
m = d.load_ohlcv("AAPL", start=start, end=end, source="yahoo")
print(m.source, m.bars, len(fake.chart_calls()))
"""


def test_two_processes_writing_at_once_keep_both_ranges(home, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    ranges = [("2023-01-03", "2023-03-31"), ("2023-07-03", "2023-09-29")]
    procs = []
    for i, (start, end) in enumerate(ranges):
        procs.append(
            subprocess.Popen(
                [sys.executable, str(script), start, end, str(tmp_path / f"ready{i}"), str(go)],
                cwd=ROOT,
                env={**os.environ, "BOTLAB_HOME": str(home), "PYTHONPATH": str(ROOT)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.time() + 60
    while not all((tmp_path / f"ready{i}").exists() for i in range(2)):
        assert time.time() < deadline and all(p.poll() is None for p in procs), [
            p.communicate() for p in procs if p.poll() is not None
        ]
        time.sleep(0.01)
    go.touch()
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(o.split()[:2] for o, _ in outs) == [["yahoo", "64"], ["yahoo", "65"]]

    path = cache_file(home)
    table = pq.read_table(path)  # a valid Parquet file...
    frame = table.to_pandas()
    meta = json.loads(table.schema.metadata[b"botlab"])
    assert len(meta["covered"]) == 2  # ...holding both ranges
    assert len(frame.loc["2023-01-03":"2023-03-31"]) == 64
    assert len(frame.loc["2023-07-03":"2023-09-29"]) == 65
    assert len(frame) == meta["rows"] == 129
    assert not list(path.parent.glob("*.tmp"))
    # and both are served from the cache afterwards
    for start, end in ranges:
        assert load_ohlcv("AAPL", start=start, end=end).source == "yahoo-cache"
