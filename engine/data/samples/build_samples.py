"""Rebuild Botlab's bundled Quandl WIKI samples (``<SYMBOL>.parquet``) and ``PROVENANCE.md``.

Source: ``bokeh_sampledata/_data/stocks.csv.gz`` from the PyPI wheel ``bokeh_sampledata`` (2026.1;
wheel BSD-3-Clause; the data is public-domain Quandl WIKI Prices). Columns
``Ticker,Date,Open,High,Low,Close,Volume,Adj Close``; OHLC and Volume are unadjusted,
``Adj Close`` is split- and dividend-adjusted.

Transformation, per symbol (AAPL, MSFT, IBM, GOOG; FB is skipped):

* ``ratio = Adj Close / Close`` for each day;
* ``Open, High, Low, Close *= ratio``, so the prices have no split gaps and match the adjusted
  close (the same convention as yfinance's ``auto_adjust=True``);
* ``Volume /= ratio``, rounded to whole shares, so dollar volume (price x volume) is preserved and
  volume is in post-split shares;
* sorted by date; ``Adj Close`` dropped.

Stored as Parquet (zstd, byte-stream-split floats), the index ``Date`` (datetime64[ns]), float64
columns ``Open High Low Close Volume``. Re-run from the repository root::

    python engine/data/samples/build_samples.py path/to/bokeh_sampledata-2026.1-py3-none-any.whl
    python engine/data/samples/build_samples.py path/to/stocks.csv.gz

(with no argument it uses an installed ``bokeh_sampledata``). The output is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
SYMBOLS = ("AAPL", "MSFT", "IBM", "GOOG")
MEMBER = "bokeh_sampledata/_data/stocks.csv.gz"
BT_SAMPLES = (
    ("GOOG-BT", "GOOG.csv", "1d"),
    ("EURUSD", "EURUSD.csv", "1h"),
    ("BTCUSD", "BTCUSD.csv", "1mo"),
)
SOURCE_NOTE = (
    "Quandl WIKI Prices (public domain), via bokeh_sampledata 2026.1 stocks.csv.gz; "
    "OHLC scaled by Adj Close/Close, Volume divided by it"
)


def read_source(path: Path | None) -> tuple[bytes, str]:
    """The bytes of stocks.csv.gz and a description of where they came from."""
    if path is None:
        spec = importlib.util.find_spec("bokeh_sampledata")
        if spec is None or not spec.submodule_search_locations:
            sys.exit("bokeh_sampledata is not installed; pass the wheel or stocks.csv.gz")
        path = Path(next(iter(spec.submodule_search_locations))) / "_data" / "stocks.csv.gz"
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            return whl.read(MEMBER), f"{path.name}:{MEMBER}"
    return path.read_bytes(), path.name


def adjust(raw: pd.DataFrame, symbol: str) -> pd.DataFrame:
    d = raw[raw["Ticker"] == symbol].copy()
    d.index = pd.DatetimeIndex(pd.to_datetime(d["Date"], format="%Y-%m-%d"), name="Date")
    d = d.sort_index()
    ratio = d["Adj Close"] / d["Close"]
    out = pd.DataFrame(
        {c: (d[c] * ratio).astype("float64") for c in ("Open", "High", "Low", "Close")}
    )
    out["Volume"] = (d["Volume"] / ratio).round().astype("float64")
    out.index = out.index.as_unit("ns")
    assert out.index.is_unique and out.notna().all().all(), symbol
    return out


def write(frame: pd.DataFrame, symbol: str, sha256: str) -> Path:
    table = pa.Table.from_pandas(frame, preserve_index=True)
    meta = dict(table.schema.metadata or {})
    meta[b"botlab"] = json.dumps(
        {
            "symbol": symbol,
            "interval": "1d",
            "source": "sample:quandl-wiki",
            "note": SOURCE_NOTE,
            "source_sha256": sha256,
        }
    ).encode()
    table = table.replace_schema_metadata(meta)
    out = HERE / f"{symbol}.parquet"
    pq.write_table(
        table,
        out,
        compression="zstd",
        compression_level=19,
        use_dictionary=False,
        use_byte_stream_split=list(frame.columns),
    )
    return out


def bt_rows() -> list[tuple[str, str, str, str, int, str]]:
    spec = importlib.util.find_spec("backtesting")
    folder = Path(next(iter(spec.submodule_search_locations))) / "test"
    rows = []
    for symbol, name, interval in BT_SAMPLES:
        f = pd.read_csv(folder / name, index_col=0, parse_dates=True)
        rows.append((symbol, interval, _fmt(f.index[0]), _fmt(f.index[-1]), len(f), name))
    return rows


def _fmt(ts: pd.Timestamp) -> str:
    return str(ts.date()) if ts == ts.normalize() else ts.strftime("%Y-%m-%d %H:%M")


def provenance(stats: list[tuple], origin: str, sha256: str, bt: list[tuple]) -> str:
    quandl = "\n".join(
        f"| {s} | 1d | {a} | {b} | {n} | {s}.parquet | {size:,} |" for s, a, b, n, size in stats
    )
    btt = "\n".join(
        f"| {s} | {i} | {a} | {b} | {n} | backtesting/test/{f} |" for s, i, a, b, n, f in bt
    )
    return f"""# Bundled market data: provenance

Botlab's offline default is real data. Two sets of samples are available without a network.

## 1. Quandl WIKI daily prices (shipped here): AAPL, MSFT, IBM, GOOG

| symbol | interval | first bar | last bar | rows | file | bytes |
|---|---|---|---|---|---|---|
{quandl}

* **Source**: `{origin}` (sha256 of `stocks.csv.gz`: `{sha256}`), from the PyPI wheel
  `bokeh_sampledata` 2026.1 (https://github.com/bokeh/bokeh_sampledata). The data is
  **Quandl WIKI Prices**, which Quandl declared public domain and redistributable
  (https://web.archive.org/web/20150411011214/https://www.quandl.com/data/WIKI); bokeh_sampledata
  took it from an archived copy (https://www.kaggle.com/datasets/marketneutral/quandl-wiki-prices-us-equites/versions/1).
  The wheel itself is BSD-3-Clause. Prices are as supplied by the source, without any accuracy
  guarantee. Botlab's `GOOG` is Google's pre-2014 history, filed under `GOOGL` in WIKI.
* **Licence**: public domain (data). No attribution is required; this file records it anyway.
* **Transformation** (`build_samples.py`, deterministic): the source's Open/High/Low/Close/Volume
  are unadjusted and its `Adj Close` is split- and dividend-adjusted (for all corporate actions up
  to 2018, when WIKI stopped). With `ratio = Adj Close / Close` per day: Open, High, Low, Close are
  multiplied by `ratio` (no split gaps; same convention as yfinance `auto_adjust=True`); Volume is
  divided by `ratio` and rounded to whole shares, so dollar volume is preserved and volume is in
  adjusted shares. `Adj Close` is dropped; FB is not shipped. Consequently these prices are not the
  prices quoted at the time (AAPL's 2000-03-01 close of 130.31 becomes about 4.19).
* **Format**: one Parquet file per symbol (zstd, byte-stream-split float64), index `Date`
  (datetime64[ns]), columns `Open High Low Close Volume`; no NaN, sorted, unique dates.
* **Rebuild**: from the repository root,
  `python engine/data/samples/build_samples.py bokeh_sampledata-2026.1-py3-none-any.whl`.

## 2. backtesting.py's own samples (read from the installed package, not copied)

Measured with backtesting {version("backtesting")}.

| symbol | interval | first bar | last bar | rows | file |
|---|---|---|---|---|---|
{btt}

* **Source**: the CSVs inside the installed `backtesting` package (`backtesting/test/`), read
  directly (`backtesting.test` is not imported). backtesting.py is AGPL-3.0. Its GOOG is not the
  WIKI GOOG above: it is not adjusted for the 2014 split (its prices are about 2x, its volumes
  about 1/4 of the adjusted WIKI series), hence the separate symbol `GOOG-BT`.
* **Transformation**: none beyond Botlab's cleaning (float64 columns, datetime64[ns] index).
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, help="the wheel or stocks.csv.gz")
    args = ap.parse_args(argv)
    blob, origin = read_source(args.source)
    sha256 = hashlib.sha256(blob).hexdigest()
    raw = pd.read_csv(io.BytesIO(blob), compression="gzip")
    stats = []
    for symbol in SYMBOLS:
        frame = adjust(raw, symbol)
        out = write(frame, symbol, sha256)
        first, last = frame.index[0].date(), frame.index[-1].date()
        stats.append((symbol, first, last, len(frame), out.stat().st_size))
        print(f"{out.name}: {len(frame)} rows {first}..{last}, {out.stat().st_size:,} bytes")
    (HERE / "PROVENANCE.md").write_text(provenance(stats, origin, sha256, bt_rows()))
    print("PROVENANCE.md written")


if __name__ == "__main__":
    main()
