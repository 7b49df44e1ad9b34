"""Benchmark market-data loading: ``python -m bench.data [--json] [--reps N]`` (from the repo root).

Measures, as medians over ``--reps`` calls after one warm-up call:

* ``cached_10y_daily_ms``: ``load_ohlcv(..., source="yahoo")`` answered from the Parquet
  cache, for a synthetic 10-year daily series (2,608 bars) written into a temporary cache. The
  target is <= 30 ms. Each call reads the file (no in-process caching of Yahoo data).
* ``sample_cold_ms``: loading a bundled sample (AAPL, 3,270 bars) with the in-process sample cache
  cleared before each call (reads the Parquet file).
* ``sample_warm_ms``: the same with the in-process cache (selection and copy only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time

import numpy as np
import pandas as pd


def _median_ms(fn, reps: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _synthetic(start: str, end: str) -> pd.DataFrame:
    idx = pd.bdate_range(start, end, name="Date").as_unit("ns")
    rng = np.random.default_rng(0)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(idx))))
    open_ = close * (1 + rng.normal(0, 0.002, len(idx)))
    return pd.DataFrame(
        {
            "Open": open_,
            "High": np.maximum(open_, close) * 1.005,
            "Low": np.minimum(open_, close) * 0.995,
            "Close": close,
            "Volume": rng.integers(1_000_000, 5_000_000, len(idx)).astype("float64"),
        },
        index=idx,
    )


def run(reps: int = 20) -> dict:
    from engine.config import load_settings
    from engine.data import _cache, _samples, load_ohlcv

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"BOTLAB_HOME": tmp})
        start, end = "2014-01-01", "2023-12-31"
        frame = _synthetic(start, end)
        meta = _cache.Meta(
            symbol="BENCH",
            interval="1d",
            tz="America/New_York",
            covered=((pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)),),
            rows=len(frame),
        )
        _cache.write(_cache.cache_path(settings.cache_dir, "BENCH", "1d"), frame, meta)

        def cached():
            md = load_ohlcv("BENCH", start=start, end=end, source="yahoo", settings=settings)
            assert md.source == "yahoo-cache" and md.bars == len(frame)

        cached_ms = _median_ms(cached, reps)

        def sample_cold():
            _samples._load.cache_clear()
            load_ohlcv("AAPL", source="sample", settings=settings)

        cold_ms = _median_ms(sample_cold, reps)
        warm_ms = _median_ms(lambda: load_ohlcv("AAPL", source="sample", settings=settings), reps)
    return {
        "reps": reps,
        "cached_10y_daily_bars": len(frame),
        "cached_10y_daily_ms": round(cached_ms, 2),
        "cached_target_ms": 30,
        "sample_bars": 3270,
        "sample_cold_ms": round(cold_ms, 2),
        "sample_warm_ms": round(warm_ms, 2),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Benchmark engine.data loading (medians).")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args(argv)
    r = run(args.reps)
    if args.json:
        print(json.dumps(r))
        return
    ok = "OK" if r["cached_10y_daily_ms"] <= r["cached_target_ms"] else "OVER TARGET"
    print(f"median of {r['reps']} after warm-up")
    print(
        f"cached 10-year daily ({r['cached_10y_daily_bars']} bars): "
        f"{r['cached_10y_daily_ms']:.2f} ms (target <= {r['cached_target_ms']} ms: {ok})"
    )
    print(f"bundled sample AAPL ({r['sample_bars']} bars), cold: {r['sample_cold_ms']:.2f} ms")
    print(f"bundled sample AAPL ({r['sample_bars']} bars), warm: {r['sample_warm_ms']:.2f} ms")


if __name__ == "__main__":
    main()
