"""Yahoo Finance through yfinance, behind the persistent Parquet cache of :mod:`._cache`.

* Prices come from ``yf.Ticker(symbol).history(start, end, interval, auto_adjust=True,
  actions=False)``: OHLC adjusted for splits and dividends, bar times in the exchange's local time.
  yfinance is imported only when the network is needed (the import costs about 0.7 s), and its
  own timezone/cookie databases live in ``<cache_dir>/yfinance``.
* A request inside the cache's covered range never touches the network. Otherwise only the
  missing parts are fetched (each extended by a few bars of overlap with the cached neighbours),
  merged and written back. If the overlap shows that Yahoo's adjusted prices moved (a split or
  dividend since the cache was filled), the cache is reset to a fresh fetch of the request and a
  warning says so: adjusted series fetched at different times are never spliced.
* Bars of the current, unfinished period (today's daily bar, this week's weekly bar, the last
  intraday bar) are returned but not cached.
* Intraday history is limited at Yahoo: 1m bars for the last 7 days, 2m-90m for 60 days, 1h/60m
  for 730 days. Requests beyond that are refused before calling (``interval_limit``), unless the
  cache already holds them.
* Failures become :class:`DataError` with codes ``offline``, ``rate_limited``, ``unknown_symbol``,
  ``no_data``, ``interval_limit`` or ``yahoo_error``; each message says what is cached or bundled
  instead. Nothing is ever substituted silently.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from engine.data import _cache
from engine.data._samples import bundled_symbols, sample_for
from engine.data._select import DAY, bounds, describe_bounds, select
from engine.data._types import COLUMNS, DataError, MarketData
from engine.results import HINTS

INTERVALS = ("1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h", "1d", "5d", "1wk", "1mo", "3mo")
_ALIASES = {"60m": "1h"}
#: How far back Yahoo serves intraday bars, in days.
INTRADAY_LIMIT_DAYS = {"1m": 7, "2m": 60, "5m": 60, "15m": 60, "30m": 60, "90m": 60, "1h": 730}
#: The range fetched when neither start nor days is given, in days (intraday: the Yahoo limit).
DEFAULT_DAYS = 3653
_SYMBOL = re.compile(r"^\^?[A-Z0-9][A-Z0-9.=&-]{0,24}$")
_ADJUST_RTOL = 1e-4
_yf_dir: str | None = None


def normalize_symbol(symbol) -> str:
    """``symbol`` upper-cased if it is Yahoo-style (AAPL, BRK-B, ^GSPC, EURUSD=X, BTC-USD)."""
    text = str(symbol or "").strip().upper()
    if not _SYMBOL.match(text):
        raise DataError(
            "bad_symbol",
            f"{symbol!r} is not a Yahoo Finance symbol: use letters, digits and . - = ^ & only, "
            "e.g. AAPL, BRK-B, ^GSPC, EURUSD=X, BTC-USD",
        )
    return text


#: Bar sizes written in words (the seed's "daily"), by Yahoo's spelling.
_WORDS = {"daily": "1d", "day": "1d", "hourly": "1h", "weekly": "1wk", "monthly": "1mo"}
_COUNTED = re.compile(r"^(\d+)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)$")


def canonical_interval(interval) -> str:
    """A bar size in Yahoo's spelling: ``5min``, ``5 minutes`` -> ``5m``; ``1hour`` -> ``1h``;
    ``daily``, ``1day`` -> ``1d``. Anything else comes back lower-cased, for the caller to
    check (so ``60min`` is ``60m``, which Yahoo also calls ``1h``)."""
    text = str(interval).strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    match = _COUNTED.match(text)
    if match:
        return f"{int(match[1])}{match[2][0]}"
    return text


def normalize_interval(interval) -> str:
    text = canonical_interval(interval or "1d")
    text = _ALIASES.get(text, text)
    if text not in INTERVALS:
        raise DataError(
            "bad_request",
            f"interval {interval!r} is not one Yahoo Finance offers: {', '.join(INTERVALS)}",
        )
    return text


def interval_delta(interval: str) -> pd.Timedelta:
    if interval.endswith("mo"):
        return pd.Timedelta(days=31 * int(interval[:-2]))
    if interval.endswith("wk"):
        return pd.Timedelta(weeks=int(interval[:-2]))
    unit = {"m": "min", "h": "h", "d": "D"}[interval[-1]]
    return pd.Timedelta(int(interval[:-1]), unit)


def is_intraday(interval: str) -> bool:
    return interval[-1] in "mh"


def _now_local(tz: str | None) -> pd.Timestamp:
    if tz:
        with contextlib.suppress(Exception):
            return pd.Timestamp.now(tz).tz_localize(None)
    return pd.Timestamp.now()


def settled_cutoff(interval: str, tz: str | None) -> pd.Timestamp:
    """Bars starting before this (exchange-local) time are final; later ones may still change."""
    now = _now_local(tz)
    if is_intraday(interval):
        return now - interval_delta(interval) - pd.Timedelta(minutes=15)
    if interval == "1d":
        return now.normalize()
    return now.normalize() - interval_delta(interval)


# --------------------------------------------------------------------------------------------
# Messages: what is available instead


def _cached_ranges(meta: _cache.Meta) -> str:
    """The covered ranges, inclusive, as dates (daily and longer) or to the minute (intraday)."""
    out = []
    for a, b in meta.covered:
        if is_intraday(meta.interval):
            out.append(f"{a:%Y-%m-%d %H:%M}..{b - pd.Timedelta(1, 'ns'):%Y-%m-%d %H:%M}")
        else:
            last = b.normalize() - DAY if b == b.normalize() else b.normalize()
            out.append(f"{a:%Y-%m-%d}..{last:%Y-%m-%d}")
    return ", ".join(out)


def alternatives(symbol: str, cache_dir: Path) -> str:
    """ "AAPL is cached: 1d 2020-01-02..2024-06-28; bundled samples: AAPL, ..." for messages."""
    cached = [
        f"{m.interval} {_cached_ranges(m)}"
        for _, m, _, _ in _cache.entries(cache_dir)
        if m.symbol == symbol and m.covered
    ]
    head = f"{symbol} is cached: {'; '.join(cached)}" if cached else f"Nothing cached for {symbol}"
    sample = sample_for(symbol)
    named = "" if sample is None else f" ({sample.symbol} serves {symbol} offline)"
    if sample is not None and sample.symbol == symbol:
        named = f" ({symbol} is one)"
    return f"{head}; bundled samples: {', '.join(bundled_symbols())}{named}"


def sample_hints(symbol: str) -> list:
    """The hint an error about ``symbol`` gives next to :func:`alternatives`: its bundled
    sample, when it has one."""
    return [HINTS["sample_source"]] if sample_for(symbol) is not None else []


# --------------------------------------------------------------------------------------------
# yfinance


def _yfinance(cache_dir: Path):
    """Import yfinance (lazily) with its own caches under ``<cache_dir>/yfinance``."""
    global _yf_dir
    import yfinance as yf

    target = str(Path(cache_dir) / "yfinance")
    if _yf_dir != target:
        Path(target).mkdir(parents=True, exist_ok=True)
        yf.set_tz_cache_location(target)
        from yfinance import cache as yfc  # forget databases opened at the previous location

        for manager, attr in (
            ("_TzCacheManager", "_tz_cache"),
            ("_CookieCacheManager", "_Cookie_cache"),
            ("_ISINCacheManager", "_isin_cache"),
        ):
            if hasattr(getattr(yfc, manager, None), attr):
                setattr(getattr(yfc, manager), attr, None)
        _yf_dir = target
    return yf


@contextlib.contextmanager
def _quiet(yf) -> Iterator[None]:
    """Raise yfinance's errors instead of logging them, and silence its logger and warnings."""
    logger = logging.getLogger("yfinance")
    disabled, hide = logger.disabled, yf.config.debug.hide_exceptions
    logger.disabled = True
    yf.config.debug.hide_exceptions = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = disabled
        yf.config.debug.hide_exceptions = hide


def _is_offline(exc: BaseException) -> bool:
    names = {c.__name__ for c in type(exc).__mro__}
    if names & {"HTTPError"}:
        return False
    if names & {
        "ConnectionError",
        "Timeout",
        "TimeoutError",
        "ConnectTimeout",
        "ReadTimeout",
        "ProxyError",
        "DNSError",
        "SSLError",
        "RemoteDisconnected",
    }:
        return True
    return isinstance(exc, socket.gaierror | ConnectionError | TimeoutError)


def _http_status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _limit_reason(text: str) -> bool:
    t = text.lower()
    return "within the last" in t or "not available for starttime" in t


def download(
    symbol: str, interval: str, a: pd.Timestamp, b: pd.Timestamp, cache_dir: Path
) -> tuple[pd.DataFrame, str | None, str | None]:
    """Bars of ``[a, b)`` from Yahoo: ``(frame, exchange tz, reason if empty)``; raise DataError."""
    yf = _yfinance(cache_dir)
    from yfinance import exceptions as yfe

    what = f"{symbol} {interval} {describe_bounds(a, b)}"
    try:
        with _quiet(yf):
            raw = yf.Ticker(symbol).history(
                start=a.to_pydatetime(),
                end=b.to_pydatetime(),
                interval=interval,
                auto_adjust=True,
                actions=False,
            )
    except yfe.YFRateLimitError:
        raise DataError(
            "rate_limited",
            f"Yahoo Finance is rate-limiting requests (Too Many Requests) while fetching {what}; "
            f"wait a few minutes and retry. {alternatives(symbol, cache_dir)}",
            hints=sample_hints(symbol),
        ) from None
    except yfe.YFPricesMissingError as e:
        reason = " ".join((e.yahoo_reason or str(e)).split())
        if _limit_reason(reason):
            raise DataError(
                "interval_limit",
                f"Yahoo Finance refused {what}: {reason}. {alternatives(symbol, cache_dir)}",
                hints=sample_hints(symbol),
            ) from None
        return _empty(), None, reason
    except yfe.YFTickerMissingError as e:
        raise _unknown(symbol, str(e), cache_dir) from None
    except Exception as e:
        status = _http_status(e)
        if status == 404:
            raise _unknown(symbol, "Yahoo answered 404 Not Found", cache_dir) from None
        if status == 429:
            raise DataError(
                "rate_limited",
                f"Yahoo Finance is rate-limiting requests (HTTP 429) while fetching {what}; "
                f"wait a few minutes and retry. {alternatives(symbol, cache_dir)}",
                hints=sample_hints(symbol),
            ) from None
        text = str(e).splitlines()[0].split(" See https://")[0] if str(e) else ""
        detail = f"{type(e).__name__}: {text}".strip(": ")
        if _is_offline(e):
            raise DataError(
                "offline",
                f"cannot reach Yahoo Finance to fetch {what} (no internet connection, or the site "
                f"did not answer). {alternatives(symbol, cache_dir)}",
                hints=sample_hints(symbol),
                detail=detail[:200],
            ) from None
        raise DataError(
            "yahoo_error",
            f"Yahoo Finance failed for {what}. {alternatives(symbol, cache_dir)}",
            hints=sample_hints(symbol),
            detail=detail[:200],
        ) from e
    if raw is None or raw.empty:
        return _empty(), None, "Yahoo returned an empty answer"
    tz = str(raw.index.tz) if getattr(raw.index, "tz", None) is not None else None
    return _tidy(raw), tz, None


def _unknown(symbol: str, detail: str, cache_dir: Path) -> DataError:
    return DataError(
        "unknown_symbol",
        f"Yahoo Finance has no ticker {symbol!r} (unknown or delisted: {detail}); check the "
        f"symbol (Yahoo style: BRK-B, ^GSPC, EURUSD=X). {alternatives(symbol, cache_dir)}",
        hints=sample_hints(symbol),
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64") for c in COLUMNS},
        index=pd.DatetimeIndex([], name="Date").as_unit("ns"),
    )


def _tidy(raw: pd.DataFrame) -> pd.DataFrame:
    """yfinance's frame -> naive exchange-local index, float64 OHLCV, no NaN, sorted, unique."""
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataError("yahoo_error", f"Yahoo's answer lacks columns {', '.join(missing)}")
    frame = raw[list(COLUMNS)].astype("float64")
    idx = pd.DatetimeIndex(frame.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    frame.index = idx.as_unit("ns").rename("Date")
    frame = frame.replace([np.inf, -np.inf], np.nan).dropna(subset=["Open", "High", "Low", "Close"])
    frame["Volume"] = frame["Volume"].fillna(0.0)
    frame = frame.sort_index(kind="stable")
    return frame[~frame.index.duplicated(keep="last")]


# --------------------------------------------------------------------------------------------
# The cache-backed load


def _window(interval: str) -> int:
    return INTRADAY_LIMIT_DAYS.get(interval, DEFAULT_DAYS)


def _missing(lo, hi, covered) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The parts of ``[lo, hi)`` outside the (sorted, disjoint) covered ranges."""
    gaps, cur = [], lo
    for a, b in covered:
        if b <= cur or a >= hi:
            continue
        if a > cur:
            gaps.append((cur, a))
        cur = max(cur, b)
        if cur >= hi:
            break
    if cur < hi:
        gaps.append((cur, hi))
    return gaps


def _union(ranges) -> tuple[tuple[pd.Timestamp, pd.Timestamp], ...]:
    out: list[list[pd.Timestamp]] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _adjustment_moved(old: pd.DataFrame, new: pd.DataFrame) -> bool:
    common = old.index.intersection(new.index)
    if len(common) == 0:
        return False
    ratio = new.loc[common, "Close"].to_numpy() / old.loc[common, "Close"].to_numpy()
    return bool(abs(np.nanmedian(ratio) - 1) > _ADJUST_RTOL)


def _check_limit(symbol, interval, gaps, cache_dir) -> None:
    days = INTRADAY_LIMIT_DAYS.get(interval)
    if days is None:
        return
    oldest = pd.Timestamp.now() - pd.Timedelta(days=days)
    for a, _ in gaps:
        if a < oldest:
            raise DataError(
                "interval_limit",
                f"Yahoo Finance keeps {interval} bars only for the last {days} days (since "
                f"{oldest:%Y-%m-%d}); {symbol} {interval} was requested from {a:%Y-%m-%d}. Use "
                f"days<={days}, or a daily interval. {alternatives(symbol, cache_dir)}",
                hints=sample_hints(symbol),
            )


def load_yahoo(symbol, interval, start, end, days, cache_dir: Path) -> MarketData:
    """Load ``symbol`` from the cache, topping it up from Yahoo as needed (see module doc)."""
    symbol = normalize_symbol(symbol)
    interval = normalize_interval(interval)
    today = pd.Timestamp.now().normalize()
    lo, hi = bounds(start, end, days, anchor=lambda: today)
    if hi is None:
        hi = today + DAY
    if lo is None:
        lo = hi.normalize() - (_window(interval) - 1) * DAY
    path = _cache.cache_path(cache_dir, symbol, interval)

    got = _cache.read(path)  # the fast path: no lock, no network, no yfinance import
    if got is not None and got[1].covers(lo, hi):
        return _from_cache(symbol, interval, got, lo, hi)

    gaps = _missing(lo, hi, got[1].covered if got else ())
    _check_limit(symbol, interval, gaps, cache_dir)
    with _cache.locked(path):
        got = _cache.read(path)  # another process may have fetched it meanwhile
        if got is not None and got[1].covers(lo, hi):
            return _from_cache(symbol, interval, got, lo, hi)
        frame, notes, reason = _top_up(symbol, interval, lo, hi, got, path, cache_dir)
    sel = select(frame, lo, hi)
    if sel.empty:
        raise DataError(
            "no_data",
            f"Yahoo Finance returned no {symbol} {interval} bars for {describe_bounds(lo, hi)}"
            f"{f' ({reason})' if reason else ''}. {alternatives(symbol, cache_dir)}",
            hints=sample_hints(symbol),
        )
    return MarketData(sel.copy(), symbol, "yahoo", interval, tuple(notes))


def _from_cache(symbol, interval, got, lo, hi) -> MarketData:
    frame, meta = got
    sel = select(frame, lo, hi)
    if sel.empty:
        raise DataError(
            "empty_range",
            f"Yahoo Finance has no {symbol} {interval} bars in {describe_bounds(lo, hi)} (per the "
            f"cache, which covers {_cached_ranges(meta)}; {meta.rows} bars)",
        )
    return MarketData(sel.copy(), symbol, "yahoo-cache", interval)


def _top_up(symbol, interval, lo, hi, got, path, cache_dir):
    """Fetch what is missing of ``[lo, hi)``, merge, write. Called under the cache lock."""
    old, meta = got if got is not None else (_empty(), None)
    covered = meta.covered if meta else ()
    tz = meta.tz if meta else None
    overlap = max(pd.Timedelta(days=5), 3 * interval_delta(interval))
    limit = INTRADAY_LIMIT_DAYS.get(interval)
    oldest = (
        pd.Timestamp.now() - pd.Timedelta(days=limit) + pd.Timedelta(minutes=10) if limit else None
    )
    gaps = _missing(lo, hi, covered)
    _check_limit(symbol, interval, gaps, cache_dir)

    pieces, fetched, reasons, notes = [], [], [], []
    for a, b in gaps:
        fa = a - overlap if covered and any(y == a for _, y in covered) else a
        fb = b + overlap if covered and any(x == b for x, _ in covered) else b
        if oldest is not None:
            fa = max(fa, min(a, oldest))
        fa, fb = fa.floor("s"), fb.ceil("s")  # Yahoo takes whole seconds; [fa, fb) must hold [a, b)
        frame, ftz, reason = download(symbol, interval, fa, fb, cache_dir)
        tz = tz or ftz
        fetched.append(select(frame, fa, fb))
        if reason:  # an empty answer is not proof of absence: don't mark it covered
            reasons.append(reason)
        else:
            pieces.append((fa, fb))
    new = pd.concat(fetched) if fetched else _empty()
    new = new[~new.index.duplicated(keep="last")].sort_index()
    cutoff = settled_cutoff(interval, tz)

    if len(old) and _adjustment_moved(old[old.index < cutoff], new[new.index < cutoff]):
        notes.append(
            f"{symbol} {interval}: Yahoo's adjusted prices changed since the cache was filled (a "
            f"split or dividend); cached bars were discarded and {describe_bounds(lo, hi)} "
            "refetched"
        )
        old, covered = _empty(), ()
        new, ftz, reason = download(symbol, interval, lo.floor("s"), hi.ceil("s"), cache_dir)
        tz = tz or ftz
        pieces, reasons = ([], [reason]) if reason else ([(lo, hi)], [])
        cutoff = settled_cutoff(interval, tz)

    settled = new[new.index < cutoff]
    merged = pd.concat([old, settled])
    merged = merged[~merged.index.duplicated(keep="last")].sort_index()
    covered = _union([*covered, *((a, min(b, cutoff)) for a, b in pieces)])
    if covered:
        meta = _cache.Meta(
            symbol=symbol,
            interval=interval,
            tz=tz,
            covered=covered,
            rows=len(merged),
            fetched_at=pd.Timestamp.now("UTC").isoformat(timespec="seconds"),
        )
        _cache.write(path, merged, meta)
    live = new[new.index >= cutoff]
    result = pd.concat([merged, live]) if len(live) else merged
    result = result[~result.index.duplicated(keep="last")].sort_index()
    return result, notes, "; ".join(reasons) if reasons else None
