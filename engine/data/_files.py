"""A user's own CSV or Parquet file (the accepted layouts are described in :mod:`._clean`).

Format by extension (``.parquet``/``.pq``; ``.csv``/``.txt``/``.tsv``, optionally ``.gz``/``.zip``/
``.bz2``/``.xz``), else by content (Parquet's ``PAR1`` magic, otherwise CSV). The CSV delimiter
(comma, semicolon, tab or pipe) is detected. Errors name the file and, for CSV, the line number
(header = line 1; blank lines count).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from engine.data._clean import clean_frame
from engine.data._types import DataError

_PARQUET = {".parquet", ".pq"}
_COMPRESSED = {".gz", ".zip", ".bz2", ".xz", ".zst"}


def resolve(path: str | os.PathLike) -> Path:
    p = Path(path).expanduser()
    if not p.exists():
        raise DataError("file_not_found", f"{p}: no such file")
    if p.is_dir():
        raise DataError("bad_file", f"{p}: is a directory, not a CSV or Parquet file")
    if not p.is_file():  # /dev/zero, a pipe, a socket: reading it could never end
        raise DataError(
            "bad_file",
            f"{p}: not a regular file (a device, pipe or socket); give a CSV or Parquet file",
        )
    return p.resolve()


def _is_parquet(p: Path) -> bool:
    if p.suffix.lower() in _PARQUET:
        return True
    if p.suffix.lower() in {".csv", ".txt", ".tsv"} | _COMPRESSED:
        return False
    with open(p, "rb") as fh:
        return fh.read(4) == b"PAR1"


def _delimiter(p: Path) -> str:
    if p.suffix.lower() in _COMPRESSED:
        return ","
    with open(p, newline="", encoding="utf-8", errors="replace") as fh:
        head = fh.read(16_384)
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def load_file(path: str | os.PathLike) -> tuple[pd.DataFrame, list[str], Path]:
    """``(clean frame, warnings, resolved path)`` from a CSV or Parquet file, or DataError."""
    p = resolve(path)
    name = p.name
    if _is_parquet(p):
        try:
            import pyarrow.parquet as pq

            raw = pq.read_table(p).to_pandas()
        except Exception as e:  # pyarrow raises several types for a damaged file
            raise DataError("bad_file", f"{name}: not a readable Parquet file ({e})") from None
        frame, notes = clean_frame(raw, name=name)
        return frame, notes, p
    try:
        raw = pd.read_csv(
            p, sep=_delimiter(p), skip_blank_lines=False, skipinitialspace=True, low_memory=False
        )
    except pd.errors.EmptyDataError:
        raise DataError("bad_file", f"{name}: the file is empty") from None
    except pd.errors.ParserError as e:
        raise DataError("bad_file", f"{name}: not a readable CSV file ({e})") from None
    except UnicodeDecodeError:
        raise DataError(
            "bad_file", f"{name}: not a text CSV file (can't decode as UTF-8)"
        ) from None
    frame, notes = clean_frame(raw, name=name, row_label=lambda i: f"line {i + 2}")
    return frame, notes, p
