"""Turn any OHLCV-ish DataFrame into the clean frame every Botlab run gets, or say exactly why not.

The rules (they are the documentation of what a user's file may look like):

* **Time**: a :class:`~pandas.DatetimeIndex`, or a column named (case and punctuation ignored)
  ``datetime``, ``timestamp``, ``date`` or ``time`` (in that order of preference), or an unnamed
  first column (a CSV written by ``DataFrame.to_csv``). Separate ``date`` and ``time`` columns are
  combined. Values may be any format pandas recognises, applied consistently (``MM/DD/YYYY`` is read
  month first), ``YYYYMMDD`` integers, or Unix epoch numbers (s/ms/us/ns, by magnitude).
  Timezone-aware values keep their local wall time and drop the zone (for Yahoo data: the
  exchange's local time). A value that can't be parsed is an error (``bad_dates``) naming its
  line; an empty one drops the row.
* **Prices**: ``Open High Low Close`` are required; names are matched ignoring case, spaces and
  punctuation (``open``, ``OPEN``, ``<OPEN>`` all work). ``Volume`` (or ``Vol``) is optional: when
  absent it is 0, and missing volumes become 0; both are reported in the warnings. ``Adj Close`` is
  ignored, with a warning: prices are used as given, so supply adjusted OHLC if you want them.
  Other columns are ignored. A value that isn't a number is an error (``non_numeric``); empty or
  infinite values make the row missing.
* **Rows** with a missing time or price are dropped and counted in the warnings; rows out of time
  order are sorted; for duplicate timestamps the last row is kept; both are reported.
* **Prices must make sense**: every price above zero, and each bar's High and Low containing its
  Open and Close (so High >= Low). Otherwise it is an error (``bad_prices``) naming the rows:
  a backtest of impossible bars would fail later with an unhelpful message, or mislead.
* At least **two bars** remain (``bad_file`` otherwise): a backtest needs a price change.

The result: tz-naive ``datetime64[ns]`` index named ``Date``, float64 columns
``Open High Low Close Volume`` in that order, sorted, unique, no NaN.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from engine.data._types import COLUMNS, DataError

_TIME_NAMES = ("datetime", "timestamp", "date", "time")
_PRICE_NAMES = {
    "open": "Open",
    "high": "High",
    "low": "Low",
    "close": "Close",
    "volume": "Volume",
    "vol": "Volume",
}
_ADJ_NAMES = {"adjclose", "adjustedclose"}
_UNNAMED = re.compile(r"^(unnamed0|index|)$")
_TZ_SUFFIX = r"\s*(?:Z|[+-]\d\d:?\d\d)$"

RowLabel = Callable[[int], str]


def _row_label(i: int) -> str:
    return f"row {i + 1}"


def _norm(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _first_bad(values: pd.Series, bad: np.ndarray, row_label: RowLabel) -> tuple[str, str, str]:
    """For a message about a column's bad values: the first one (quoted), where it is, and how
    many there are (``"2 bad values"``)."""
    i = int(np.flatnonzero(bad)[0])
    return repr(str(values.iloc[i])), row_label(i), _plural(int(bad.sum()), "bad value")


def clean_frame(
    df: pd.DataFrame, *, name: str, row_label: RowLabel = _row_label
) -> tuple[pd.DataFrame, list[str]]:
    """Validate and clean ``df``; return ``(frame, warnings)`` or raise :class:`DataError`.

    ``name`` prefixes every message (a file name, or ``"dataframe"``); ``row_label(i)`` turns the
    0-based position of an input row into words ("line 7" for a CSV with a header).
    """
    notes: list[str] = []
    if not isinstance(df, pd.DataFrame):
        raise DataError(
            "bad_request", f"{name}: expected a pandas DataFrame, got {type(df).__name__}"
        )
    if isinstance(df.columns, pd.MultiIndex):
        raise DataError(
            "bad_file",
            f"{name}: has multi-level columns {list(df.columns[:3])}...; pass one symbol's "
            "columns (e.g. yf.download(..., multi_level_index=False))",
        )
    if len(df) == 0:
        raise DataError("bad_file", f"{name}: has no rows")

    when = _find_time(df, name, row_label)
    prices = _find_prices(df, name, notes)

    n_in = len(df)
    data = {}
    for col in ("Open", "High", "Low", "Close"):
        data[col] = _numeric(df[prices[col]], col, name, row_label)
    if "Volume" in prices:
        vol = _numeric(df[prices["Volume"]], "Volume", name, row_label)
    else:
        vol = np.zeros(n_in)
        notes.append(f"{name}: no Volume column; volume set to 0")

    ohlc = np.column_stack([data[c] for c in ("Open", "High", "Low", "Close")])
    ohlc[~np.isfinite(ohlc)] = np.nan
    missing = np.isnan(ohlc).any(axis=1) | np.asarray(pd.isna(when))
    if missing.any():
        first = int(np.flatnonzero(missing)[0])
        n = int(missing.sum())
        notes.append(
            f"{name}: dropped {_plural(n, 'row')} with missing values (first at {row_label(first)})"
        )
    keep = ~missing
    _check_prices(ohlc[keep], np.flatnonzero(keep), name, row_label)
    vol = np.where(np.isfinite(vol), vol, np.nan)
    n_vol = int((np.isnan(vol) & keep).sum())
    if n_vol:
        notes.append(f"{name}: {_plural(n_vol, 'missing Volume value')} set to 0")
    vol = np.nan_to_num(vol, nan=0.0)

    index = pd.DatetimeIndex(when[keep], name="Date").as_unit("ns")
    frame = pd.DataFrame(
        np.column_stack([ohlc[keep], vol[keep]]),
        index=index,
        columns=list(COLUMNS),
        dtype="float64",
    )
    if frame.empty:
        raise DataError(
            "bad_file", f"{name}: no usable rows (all {n_in} rows had a missing time or price)"
        )
    frame = finish(frame, name, notes)
    if len(frame) < 2:
        raise DataError(
            "bad_file",
            f"{name}: only {_plural(len(frame), 'usable row')}; a backtest needs at least 2 bars",
        )
    return frame, notes


#: How many offending rows an error names before "and N more".
ROWS_NAMED = 5


def _check_prices(ohlc: np.ndarray, positions: np.ndarray, name: str, row_label: RowLabel) -> None:
    """Refuse zero or negative prices and bars whose High/Low do not contain Open/Close,
    naming the rows (``positions`` are the input rows of ``ohlc``'s rows)."""
    o, h, lo, c = ohlc.T
    problems = [
        (ohlc <= 0).any(axis=1),
        "a zero or negative price",
        h < lo,
        "High below Low",
        (c > h) | (c < lo),
        "Close outside High/Low",
        (o > h) | (o < lo),
        "Open outside High/Low",
    ]
    for bad, what in zip(problems[::2], problems[1::2], strict=True):
        if bad.any():
            rows = [row_label(int(i)) for i in positions[np.flatnonzero(bad)]]
            named = ", ".join(rows[:ROWS_NAMED])
            more = f" and {len(rows) - ROWS_NAMED} more" if len(rows) > ROWS_NAMED else ""
            raise DataError(
                "bad_prices",
                f"{name}: {_plural(len(rows), 'bar')} with {what} ({named}{more}); fix or "
                "remove those rows",
            )


def finish(frame: pd.DataFrame, name: str, notes: list[str]) -> pd.DataFrame:
    """Sort and de-duplicate an already-typed OHLCV frame (notes are appended)."""
    if not frame.index.is_monotonic_increasing:
        frame = frame.sort_index(kind="stable")
        notes.append(f"{name}: rows were not in time order; sorted")
    dup = frame.index.duplicated(keep="last")
    if dup.any():
        frame = frame[~dup]
        notes.append(
            f"{name}: dropped {_plural(int(dup.sum()), 'row')} with a duplicate timestamp "
            "(kept the last of each)"
        )
    return frame


def _find_time(df: pd.DataFrame, name: str, row_label: RowLabel) -> np.ndarray:
    """The bar times as a datetime64[ns] array (NaT where missing), or raise."""
    if isinstance(df.index, pd.DatetimeIndex):
        idx = df.index
        if idx.tz is not None:
            idx = idx.tz_localize(None)
        return idx.as_unit("ns").to_numpy()
    if not isinstance(df.index, pd.RangeIndex) and df.index.name not in df.columns:
        df = df.reset_index()  # a named index (e.g. "Date" strings) becomes a column
    by_name: dict[str, object] = {}
    for col in df.columns:
        by_name.setdefault(_norm(col), col)
    if "date" in by_name and "time" in by_name and not ({"datetime", "timestamp"} & set(by_name)):
        d, t = df[by_name["date"]], df[by_name["time"]]
        combined = d.astype("string").str.strip() + " " + t.astype("string").str.strip()
        return _parse_times(combined, f"{by_name['date']!s} + {by_name['time']!s}", name, row_label)
    for key in _TIME_NAMES:
        if key in by_name:
            return _parse_times(df[by_name[key]], str(by_name[key]), name, row_label)
    first = df.columns[0] if len(df.columns) else None
    if (
        first is not None
        and _UNNAMED.match(_norm(first))
        and not pd.api.types.is_numeric_dtype(df[first].dtype)
    ):  # an unnamed first column of text: a CSV written with its index
        return _parse_times(df[first], "(first column)", name, row_label)
    raise DataError(
        "missing_columns",
        f"{name}: no date column: expected a column named Date, Datetime, Timestamp or Time (any "
        f"case) or a datetime index; found columns: {', '.join(map(str, df.columns))}",
    )


def _parse_times(values: pd.Series, col: str, name: str, row_label: RowLabel) -> np.ndarray:
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        parsed = s
    elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        parsed = _parse_numeric_times(s)
    else:
        text = s.astype("string").str.strip()
        text = text.mask(text == "")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                parsed = pd.to_datetime(text, errors="coerce")
            except ValueError:  # mixed UTC offsets (DST): keep each value's local wall time
                parsed = pd.to_datetime(
                    text.str.replace(_TZ_SUFFIX, "", regex=True), errors="coerce"
                )
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    bad = s.notna().to_numpy() & parsed.isna().to_numpy()
    if not pd.api.types.is_numeric_dtype(s.dtype):
        bad &= (s.astype("string").str.strip() != "").fillna(False).to_numpy()
    if bad.any():
        value, where, count = _first_bad(s, bad, row_label)
        raise DataError(
            "bad_dates",
            f"{name}: can't parse date {value} in column {col} at {where} ({count}); "
            "use e.g. 2024-01-31 or 2024-01-31 15:30",
        )
    return pd.DatetimeIndex(parsed).as_unit("ns").to_numpy()


def _parse_numeric_times(s: pd.Series) -> pd.Series:
    v = s.astype("float64")
    finite = v[np.isfinite(v)]
    if (
        len(finite)
        and (finite == finite.round()).all()
        and finite.between(18000101, 22001231).all()
    ):
        return pd.to_datetime(s.astype("Int64").astype("string"), format="%Y%m%d", errors="coerce")
    big = finite.abs().max() if len(finite) else 0
    unit = "ns" if big > 1e17 else "us" if big > 1e14 else "ms" if big > 1e11 else "s"
    return pd.to_datetime(v, unit=unit, errors="coerce")


def _find_prices(df: pd.DataFrame, name: str, notes: list[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    adj = []
    for col in df.columns:
        key = _norm(col)
        canon = _PRICE_NAMES.get(key)
        if canon is None:
            if key in _ADJ_NAMES:
                adj.append(col)
            continue
        if canon in found:
            raise DataError(
                "bad_file",
                f"{name}: columns {found[canon]!r} and {col!r} both mean {canon}; keep one",
            )
        found[canon] = col
    missing = [c for c in ("Open", "High", "Low", "Close") if c not in found]
    if missing:
        raise DataError(
            "missing_columns",
            f"{name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"found columns: {', '.join(map(str, df.columns))}",
        )
    if adj:
        notes.append(
            f"{name}: column {adj[0]!r} ignored; Open/High/Low/Close used as given (not adjusted)"
        )
    return found


def _numeric(values: pd.Series, col: str, name: str, row_label: RowLabel) -> np.ndarray:
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_bool_dtype(s.dtype):
        raise DataError("non_numeric", f"{name}: column {col} holds true/false values, not numbers")
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.to_numpy(dtype="float64", na_value=np.nan)
    text = s.astype("string").str.strip()
    out = pd.to_numeric(text.mask(text == ""), errors="coerce")
    bad = text.notna().to_numpy() & (text != "").fillna(False).to_numpy() & out.isna().to_numpy()
    if bad.any():
        value, where, count = _first_bad(s, bad, row_label)
        raise DataError(
            "non_numeric",
            f"{name}: column {col} has a non-numeric value {value} at {where} ({count})",
        )
    return out.to_numpy(dtype="float64", na_value=np.nan)


def infer_interval(index: pd.DatetimeIndex) -> str:
    """The bar interval of a series, in Yahoo's spelling ("1d", "1h", "5m", "1wk", "1mo"...)."""
    if len(index) < 2:
        return "1d"
    step = pd.Series(index).diff().dropna().median()
    secs = int(round(step.total_seconds()))
    day = 86_400
    if secs <= 0:
        return "1d"
    if secs < day:
        if secs % 3600 == 0:
            return f"{secs // 3600}h"
        if secs % 60 == 0:
            return f"{secs // 60}m"
        return f"{secs}s"
    days = secs / day
    for label, lo, hi in (("1wk", 6.5, 7.5), ("1mo", 27.5, 31.5), ("3mo", 88.5, 92.5)):
        if lo <= days <= hi:
            return label
    if 364 <= days <= 367:
        return "1y"
    return f"{round(days)}d"
