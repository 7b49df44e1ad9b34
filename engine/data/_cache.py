"""The persistent Yahoo price cache: one Parquet file per (symbol, interval).

Layout: ``<cache_dir>/yahoo/<SYMBOL>_<interval>.parquet`` (plus a ``.lock`` file beside it). The
Parquet schema metadata key ``botlab`` holds JSON: ``symbol``, ``interval``, ``tz`` (the exchange
timezone; bar times are stored as its naive local time), ``covered`` (a list of disjoint half-open
ranges ``[start, end)`` known to be complete: every bar Yahoo has in them is in the file, so a
request inside one of them is answered without the network), ``rows``, ``fetched_at`` and
``version``. Bars of the current, unfinished period are never stored, so coverage stops before
them.

Concurrency: readers never lock (writes are atomic: a temporary file in the same directory, then
``os.replace``). Writers hold an exclusive ``fcntl.flock`` on the lock file for the whole
read-fetch-merge-write, so two processes topping up the same series serialise and the second
sees (and keeps) the first one's bars. On platforms without ``fcntl`` there is no cross-process
lock (writes stay atomic; a concurrent top-up may then be lost, never corrupt the file).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from engine.data._types import COLUMNS

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

VERSION = 1
_KEY = b"botlab"


@dataclass(frozen=True)
class Meta:
    symbol: str
    interval: str
    tz: str | None
    covered: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]  # sorted, disjoint, half-open
    rows: int = 0
    fetched_at: str = ""

    def covers(self, lo: pd.Timestamp, hi: pd.Timestamp) -> bool:
        """Whether ``[lo, hi)`` lies inside one covered range (then no fetch is needed)."""
        return any(a <= lo and hi <= b for a, b in self.covered)

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "version": VERSION,
                "symbol": self.symbol,
                "interval": self.interval,
                "tz": self.tz,
                "covered": [[a.isoformat(), b.isoformat()] for a, b in self.covered],
                "rows": self.rows,
                "fetched_at": self.fetched_at,
            }
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Meta:
        d = json.loads(raw)
        return cls(
            symbol=d["symbol"],
            interval=d["interval"],
            tz=d.get("tz"),
            covered=tuple((pd.Timestamp(a), pd.Timestamp(b)) for a, b in d["covered"]),
            rows=int(d.get("rows", 0)),
            fetched_at=d.get("fetched_at", ""),
        )


def yahoo_dir(cache_dir: Path) -> Path:
    return Path(cache_dir) / "yahoo"


def cache_path(cache_dir: Path, symbol: str, interval: str) -> Path:
    return yahoo_dir(cache_dir) / f"{symbol}_{interval}.parquet"


def read_meta(path: Path) -> Meta | None:
    """The metadata alone (cheap: the Parquet footer), or ``None`` if absent or unreadable."""
    try:
        schema = pq.read_schema(path)
        return Meta.from_json(schema.metadata[_KEY])
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return None


def read(path: Path) -> tuple[pd.DataFrame, Meta] | None:
    """``(frame, meta)``, or ``None`` if the file is absent or unreadable (then it is refetched)."""
    try:
        table = pq.read_table(path)
        meta = Meta.from_json(table.schema.metadata[_KEY])
        frame = table.to_pandas()
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return None
    if list(frame.columns) != list(COLUMNS) or not isinstance(frame.index, pd.DatetimeIndex):
        return None
    return frame, meta


def write(path: Path, frame: pd.DataFrame, meta: Meta) -> None:
    """Atomically replace ``path`` with ``frame`` and ``meta``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = frame[list(COLUMNS)]
    frame.index = pd.DatetimeIndex(frame.index, name="Date").as_unit("ns")
    table = pa.Table.from_pandas(frame, preserve_index=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _KEY: meta.to_json()})
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive cross-process lock of the cache file ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def entries(cache_dir: Path) -> list[tuple[Path, Meta, pd.Timestamp | None, pd.Timestamp | None]]:
    """Every readable cache file: ``(path, meta, first bar, last bar)``."""
    out = []
    folder = yahoo_dir(cache_dir)
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.parquet")):
        try:
            pf = pq.ParquetFile(path)
            meta = Meta.from_json(pf.schema_arrow.metadata[_KEY])
            idx = pf.read(columns=[], use_pandas_metadata=True).to_pandas().index
        except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
            continue
        first, last = (idx[0], idx[-1]) if len(idx) else (None, None)
        out.append((path, meta, first, last))
    return out
