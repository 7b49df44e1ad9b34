"""The bundled samples: Quandl WIKI daily AAPL/MSFT/IBM/GOOG (shipped in ``samples/``, see
``samples/PROVENANCE.md``) and backtesting.py's GOOG/EURUSD/BTCUSD (read from the installed
``backtesting/test/`` CSVs without importing ``backtesting.test``, which loads all three)."""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from engine.data._clean import clean_frame
from engine.data._types import COLUMNS, DataError

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
QUANDL = "sample:quandl-wiki"
BACKTESTING = "sample:backtesting.py"


@dataclass(frozen=True)
class Sample:
    symbol: str
    interval: str
    source: str
    filename: str
    #: Yahoo's ticker of the same market ("EURUSD=X"), which this sample serves offline
    yahoo: str | None = None


_SAMPLES = (
    Sample("AAPL", "1d", QUANDL, "AAPL.parquet"),
    Sample("MSFT", "1d", QUANDL, "MSFT.parquet"),
    Sample("IBM", "1d", QUANDL, "IBM.parquet"),
    Sample("GOOG", "1d", QUANDL, "GOOG.parquet"),
    Sample("GOOG-BT", "1d", BACKTESTING, "GOOG.csv"),
    Sample("EURUSD", "1h", BACKTESTING, "EURUSD.csv", yahoo="EURUSD=X"),
    Sample("BTCUSD", "1mo", BACKTESTING, "BTCUSD.csv", yahoo="BTC-USD"),
)
SAMPLES = {s.symbol: s for s in _SAMPLES}
#: Yahoo's tickers that a bundled sample serves offline ("EURUSD=X" -> the EURUSD sample)
_BY_YAHOO = {s.yahoo: s for s in _SAMPLES if s.yahoo}


def sample_for(symbol: str) -> Sample | None:
    """The bundled sample of ``symbol``: by its own name ("EURUSD"), or by Yahoo's ticker of the
    same market ("EURUSD=X", "BTC-USD"), so a pair a description names as Yahoo does still runs
    offline; ``None`` when nothing bundled has it."""
    key = symbol.strip().upper()
    return SAMPLES.get(key) or _BY_YAHOO.get(key)


def bundled_symbols() -> list[str]:
    return [s.symbol for s in _SAMPLES]


def _backtesting_dir() -> Path:
    spec = importlib.util.find_spec("backtesting")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "unknown_symbol", "backtesting.py is not installed; its samples are missing"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "test"


def sample_path(sample: Sample) -> Path:
    if sample.source == QUANDL:
        return SAMPLES_DIR / sample.filename
    return _backtesting_dir() / sample.filename


@functools.cache
def _load(symbol: str) -> pd.DataFrame:
    sample = SAMPLES[symbol]
    path = sample_path(sample)
    if sample.source == QUANDL:
        frame = pq.read_table(path).to_pandas()
        frame.index = frame.index.as_unit("ns")
        return frame[list(COLUMNS)].astype("float64")
    raw = pd.read_csv(path)
    frame, _ = clean_frame(raw, name=f"backtesting/test/{sample.filename}")
    return frame


def load_sample(symbol: str) -> pd.DataFrame:
    """The whole bundled series (shared, read-only: copy before changing it)."""
    return _load(symbol)
