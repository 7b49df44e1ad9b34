"""A user's own CSV/Parquet file, and in-memory DataFrames (load_frame)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.data import DataError, load_frame, load_ohlcv


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def assert_clean(frame: pd.DataFrame) -> None:
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.tz is None
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert all(frame[c].dtype == np.float64 for c in frame.columns)
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert not frame.isna().any().any()


def error(**kwargs) -> DataError:
    with pytest.raises(DataError) as e:
        load_ohlcv(**kwargs)
    assert "\n" not in str(e.value)
    return e.value


ODD = """ DATE ;<OPEN>;high;LOW;Close;Adj Close;vol
2024-01-05;10.5;11;10;10.8;10.7;1000
2024-01-04;10.2;10.9;10.1;10.5;10.4;
2024-01-03;10;10.4;9.8;10.2;10.1;1200

2024-01-02;;10.1;9.7;10.0;9.9;1300
"""


def test_csv_with_odd_headers(tmp_path):
    path = write(tmp_path, "odd.csv", ODD)
    md = load_ohlcv(path=path)
    assert_clean(md.frame)
    assert md.symbol == "odd"
    assert md.source == f"file:{path.resolve()}"
    assert md.interval == "1d"
    assert list(md.frame.index) == list(pd.to_datetime(["2024-01-03", "2024-01-04", "2024-01-05"]))
    assert md.frame.loc["2024-01-04"].tolist() == [10.2, 10.9, 10.1, 10.5, 0.0]
    assert md.frame["Close"].tolist() == [10.2, 10.5, 10.8]  # Close, not Adj Close
    assert md.warnings == (
        "odd.csv: column 'Adj Close' ignored; Open/High/Low/Close used as given (not adjusted)",
        "odd.csv: dropped 2 rows with missing values (first at line 5)",
        "odd.csv: 1 missing Volume value set to 0",
        "odd.csv: rows were not in time order; sorted",
    )


def test_csv_written_by_pandas_with_its_index(tmp_path):
    frame = load_ohlcv("GOOG-BT").frame.iloc[:50]
    path = tmp_path / "goog.csv"
    frame.rename_axis(None).to_csv(path)  # an unnamed first column, like backtesting.py's CSVs
    md = load_ohlcv(path=path, symbol="MYGOOG")
    assert md.symbol == "MYGOOG"
    assert_clean(md.frame)
    pd.testing.assert_frame_equal(md.frame, frame, check_names=False, check_freq=False)
    assert md.warnings == ()


def test_separate_date_and_time_columns_and_intraday_interval(tmp_path):
    path = write(
        tmp_path,
        "fx.csv",
        "Date,Time,Open,High,Low,Close\n"
        "2024.01.02,09:00,1.1,1.2,1.0,1.15\n"
        "2024.01.02,10:00,1.15,1.25,1.1,1.2\n"
        "2024.01.02,11:00,1.2,1.3,1.1,1.25\n",
    )
    md = load_ohlcv(path=path, days=1)
    assert md.interval == "1h"
    assert md.frame.index[-1] == pd.Timestamp("2024-01-02 11:00")
    assert md.frame["Volume"].tolist() == [0.0, 0.0, 0.0]
    assert md.warnings == ("fx.csv: no Volume column; volume set to 0",)
    mismatch = load_ohlcv(path=path, interval="1d")
    assert "interval 1d requested, but its bars are 1h apart" in mismatch.warnings[-1]


def test_mixed_utc_offsets_keep_local_wall_time(tmp_path):
    path = write(
        tmp_path,
        "dst.csv",
        "timestamp,open,high,low,close,volume\n"
        "2024-03-08 09:30:00-05:00,1,2,0.5,1.5,10\n"
        "2024-03-11 09:30:00-04:00,1,2,0.5,1.5,10\n",
    )
    md = load_ohlcv(path=path)
    assert list(md.frame.index) == [
        pd.Timestamp("2024-03-08 09:30"),
        pd.Timestamp("2024-03-11 09:30"),
    ]


def test_parquet_with_datetime_index_and_epoch_column(tmp_path):
    frame = load_ohlcv("MSFT", start="2010-01-01", end="2010-03-31").frame
    p1 = tmp_path / "msft.parquet"
    frame.to_parquet(p1)
    md = load_ohlcv(path=p1, start="2010-02-01", end="2010-02-28")
    assert_clean(md.frame)
    assert md.symbol == "msft" and md.source == f"file:{p1.resolve()}"
    pd.testing.assert_frame_equal(
        md.frame, frame.loc["2010-02-01":"2010-02-28"], check_names=False, check_freq=False
    )

    epoch = frame.reset_index(drop=True).rename(columns=str.lower)
    epoch.insert(0, "Timestamp", frame.index.astype("int64") // 10**9)
    p2 = tmp_path / "data.bin"  # no extension: recognised by its PAR1 magic
    epoch.to_parquet(p2)
    md2 = load_ohlcv(path=p2)
    assert md2.frame.index.equals(frame.index.as_unit("ns"))


def test_parquet_error_names_the_row(tmp_path):
    raw = pd.DataFrame(
        {
            "date": ["2024-01-02", "2024-01-03"],
            "open": [1.0, 2.0],
            "high": [1.0, "x"],
            "low": [1.0, 2.0],
            "close": [1.0, 2.0],
        }
    )
    path = tmp_path / "bad.parquet"
    raw.astype({"high": "string"}).to_parquet(path)
    e = error(path=path)
    assert e.code == "non_numeric"
    assert str(e) == "bad.parquet: column High has a non-numeric value 'x' at row 2 (1 bad value)"


# --------------------------------------------------------------------------------------------
# errors


def test_missing_columns_lists_them_and_what_was_found(tmp_path):
    path = write(tmp_path, "p.csv", "Date,Open,Close\n2024-01-02,1,2\n")
    e = error(path=path)
    assert e.code == "missing_columns"
    assert str(e) == "p.csv: missing columns High, Low; found columns: Date, Open, Close"


def test_missing_date_column(tmp_path):
    path = write(tmp_path, "p.csv", "day,open,high,low,close\nmonday,1,2,0.5,1.5\n")
    e = error(path=path)
    assert e.code == "missing_columns"
    assert "no date column" in str(e) and "found columns: day, open, high, low, close" in str(e)


def test_unparseable_date_gives_line_and_value(tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        "Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n"
        "2024-02-30,1,2,0.5,1.5\nnot a date,1,2,0.5,1.5\n",
    )
    e = error(path=path)
    assert e.code == "bad_dates"
    assert str(e).startswith(
        "p.csv: can't parse date '2024-02-30' in column Date at line 4 (2 bad values)"
    )


def test_non_numeric_price_gives_column_line_and_value(tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,7\n2024-01-03,1,2,0.5,n/a?,7\n",
    )
    e = error(path=path)
    assert e.code == "non_numeric"
    assert str(e) == "p.csv: column Close has a non-numeric value 'n/a?' at line 3 (1 bad value)"


def test_non_numeric_volume(tmp_path):
    path = write(
        tmp_path, "p.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,1.2M\n"
    )
    e = error(path=path)
    assert e.code == "non_numeric" and "column Volume" in str(e) and "'1.2M' at line 2" in str(e)


def test_file_not_found_and_bad_files(tmp_path):
    e = error(path=tmp_path / "nope.csv")
    assert e.code == "file_not_found" and "nope.csv: no such file" in str(e)
    assert error(path=tmp_path).code == "bad_file"
    empty = write(tmp_path, "empty.csv", "")
    e = error(path=empty)
    assert e.code == "bad_file" and str(e) == "empty.csv: the file is empty"
    header_only = write(tmp_path, "h.csv", "Date,Open,High,Low,Close\n")
    assert error(path=header_only).code == "bad_file"
    binary = tmp_path / "junk.parquet"
    binary.write_bytes(b"\x00\x01not parquet at all")
    e = error(path=binary)
    assert e.code == "bad_file" and "junk.parquet: not a readable Parquet file" in str(e)
    ambiguous = write(tmp_path, "a.csv", "Date,Close,close,Open,High,Low\n2024-01-02,1,1,1,1,1\n")
    e = error(path=ambiguous)
    assert e.code == "bad_file" and "'Close' and 'close' both mean Close" in str(e)


def test_all_rows_missing(tmp_path):
    path = write(tmp_path, "p.csv", "Date,Open,High,Low,Close\n2024-01-02,,,,\n2024-01-03,1,,1,1\n")
    e = error(path=path)
    assert e.code == "bad_file" and "no usable rows (all 2 rows" in str(e)


def test_file_range_selection_and_empty_range(tmp_path):
    path = tmp_path / "ibm.csv"
    load_ohlcv("IBM").frame.to_csv(path)
    md = load_ohlcv(path=path, days=7)
    assert md.end == pd.Timestamp("2013-03-01") and md.bars == 5
    e = error(path=path, start="2020-01-01")
    assert e.code == "empty_range" and "2000-03-01 to 2013-03-01" in str(e)


# --------------------------------------------------------------------------------------------
# load_frame


def test_load_frame_converts_tz_aware_index_to_local_wall_time():
    idx = pd.date_range("2024-01-02 09:30", periods=3, freq="5min", tz="America/New_York")
    df = pd.DataFrame(
        {
            "Open": [1, 2, 3],
            "High": [2, 3, 4],
            "Low": [0.5, 1, 2],
            "Close": [1.5, 2.5, 3.5],
            "Volume": [10, 20, 30],
            "Dividends": 0.0,
        },
        index=idx,
    )
    md = load_frame(df, name="spy")
    assert_clean(md.frame)
    assert md.frame.index[0] == pd.Timestamp("2024-01-02 09:30")
    assert (md.symbol, md.source, md.interval) == ("spy", "dataframe", "5m")
    assert md.warnings == ()


def test_load_frame_duplicates_nan_and_inf():
    df = pd.DataFrame(
        {
            "date": ["2024-01-02", "2024-01-03", "2024-01-03", "2024-01-04", "2024-01-05"],
            "open": [1.0, 2.0, 2.5, np.inf, 4.0],
            "high": [2.0, 3.0, 3.5, 4.0, 5.0],
            "low": [0.5, 1.5, 2.0, 3.0, 3.5],
            "close": [1.5, 2.5, 3.0, 3.5, np.nan],
            "volume": [1, 2, 3, 4, 5],
        }
    )
    md = load_frame(df)
    assert md.frame["Open"].tolist() == [1.0, 2.5]  # the last duplicate wins
    assert md.warnings == (
        "dataframe: dropped 2 rows with missing values (first at row 4)",
        "dataframe: dropped 1 row with a duplicate timestamp (kept the last of each)",
    )


def test_load_frame_rejects_multiindex_columns_and_non_frames():
    cols = pd.MultiIndex.from_product([["Open", "High", "Low", "Close"], ["SPY"]])
    df = pd.DataFrame([[1, 2, 0.5, 1.5]], columns=cols, index=pd.to_datetime(["2024-01-02"]))
    with pytest.raises(DataError) as e:
        load_frame(df)
    assert e.value.code == "bad_file" and "multi-level columns" in str(e.value)
    with pytest.raises(DataError) as e:
        load_frame([1, 2, 3])
    assert e.value.code == "bad_request"


def test_load_frame_refuses_inconsistent_bars_naming_the_row():
    df = pd.DataFrame(
        {"Open": [1.0, 2.0], "High": [0.5, 3.0], "Low": [0.4, 1.0], "Close": [1.0, 2.0]},
        index=pd.to_datetime(["2024-01-02", "2024-01-03"]),
    )
    with pytest.raises(DataError) as caught:
        load_frame(df)
    assert caught.value.code == "bad_prices"
    assert str(caught.value) == (
        "dataframe: 1 bar with Close outside High/Low (row 1); fix or remove those rows"
    )


IMPOSSIBLE_BARS = [
    # (the bad row's Open, High, Low, Close), words of the error
    ((10.0, 11.0, 9.0, -1.0), "a zero or negative price"),
    ((0.0, 11.0, 0.0, 10.0), "a zero or negative price"),
    ((10.0, 9.0, 11.0, 10.0), "High below Low"),
    ((10.0, 11.0, 9.0, 12.0), "Close outside High/Low"),
    ((10.0, 11.0, 9.0, 8.5), "Close outside High/Low"),
    ((12.0, 11.0, 9.0, 10.0), "Open outside High/Low"),
]


@pytest.mark.parametrize(("bar", "words"), IMPOSSIBLE_BARS)
def test_impossible_prices_in_a_file_name_the_lines(tmp_path, bar, words):
    rows = ["Date,Open,High,Low,Close,Volume"]
    rows += [f"2024-01-{day:02d},10,11,9,10,100" for day in range(2, 9)]
    rows[4] = "2024-01-04," + ",".join(map(str, bar)) + ",100"  # line 5
    rows[7] = "2024-01-07," + ",".join(map(str, bar)) + ",100"  # line 8
    path = tmp_path / "prices.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(DataError) as caught:
        load_ohlcv(path=path)
    assert caught.value.code == "bad_prices"
    assert f"prices.csv: 2 bars with {words} (line 5, line 8)" in str(caught.value)


def test_many_impossible_rows_are_counted(tmp_path):
    frame = pd.DataFrame(
        {"Open": 10.0, "High": 11.0, "Low": 9.0, "Close": -1.0},
        index=pd.date_range("2024-01-01", periods=9, freq="D"),
    )
    with pytest.raises(DataError, match=r"9 bars .* \(row 1, row 2, row 3, row 4, row 5 and 4"):
        load_frame(frame)


@pytest.mark.parametrize("rows", [1, 3])
def test_a_single_usable_row_is_a_data_error(tmp_path, rows):
    lines = ["Date,Open,High,Low,Close", "2024-01-02,10,11,9,10"]
    lines += ["2024-01-03,,,,"] * (rows - 1)  # rows without prices are dropped
    path = tmp_path / "one.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as caught:
        load_ohlcv(path=path)
    assert caught.value.code == "bad_file"
    assert "one.csv: only 1 usable row; a backtest needs at least 2 bars" in str(caught.value)
    single = pd.DataFrame({"Open": [1.0], "High": [1.0], "Low": [1.0], "Close": [1.0]})
    single.index = pd.to_datetime(["2024-01-02"])
    with pytest.raises(DataError, match="only 1 usable row"):
        load_frame(single)
