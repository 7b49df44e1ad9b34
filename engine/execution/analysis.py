"""What a results page shows beside the headline metrics, computed once from a finished backtest.

One definition each, used by the harness (inside the sandbox child, on backtesting.py's stats and
the bars it ran on) and read back everywhere else from the stored run:

* **buy and hold** is measured as backtesting.py measures "Buy & Hold Return [%]": bought at the
  close of the first bar the bot could trade (the first bar where every indicator has a value,
  after its warm-up), held to the last close. :func:`buy_hold_curve` is that holding's value,
  starting from the run's starting cash at that bar, so the chart's line ends exactly at the
  reported return;
* **monthly returns**: the account's return in each calendar month, compounded from the equity
  curve (month-end over the previous month-end; the first month over the starting cash);
* **run-up and drawdown of each trade** (MFE/MAE): the best and worst price the trade saw while
  open, in percent of its entry price, from the bars' highs and lows;
* **long/short split**: trades, win rate, net profit and profit factor per side;
* **the strategy's parameters**: its class attributes that are numbers, strings or booleans.

numpy only: the harness imports this inside the sandbox.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: Fewer closed trades than this and a result may well be luck (the usual rule of thumb).
MIN_TRADES_FOR_CONFIDENCE = 30
FEW_TRADES = "few_trades"


def warmup_bars(strategy: Any) -> int:
    """The index of the first bar the bot could trade: where all its indicators have values.

    backtesting.py's own rule (``_indicator_warmup_nbars``), so the bar matches the one its
    "Buy & Hold Return [%]" is measured from; 0 when the strategy is unknown.
    """
    if strategy is None:
        return 0
    try:
        from backtesting._util import _indicator_warmup_nbars
    except ImportError:  # a backtesting.py without it: measure from the first bar
        return 0
    try:
        return int(_indicator_warmup_nbars(strategy))
    except Exception:  # an exotic indicator array: never fail a finished run over this
        return 0


def buy_hold_curve(close: np.ndarray, start_bar: int, cash: float) -> np.ndarray:
    """``cash`` put into the asset at the close of ``start_bar``: its value at every bar, NaN
    before. Its last value is ``cash * (1 + buy_hold_return_pct / 100)``."""
    close = np.asarray(close, dtype=np.float64)
    curve = np.full(len(close), np.nan)
    if 0 <= start_bar < len(close) and close[start_bar] > 0:
        curve[start_bar:] = cash * close[start_bar:] / close[start_bar]
    return curve


def buy_hold_return_pct(close: np.ndarray, start_bar: int) -> float | None:
    """The return of buying at the close of ``start_bar`` and holding to the last close."""
    close = np.asarray(close, dtype=np.float64)
    if not 0 <= start_bar < len(close) or not close[start_bar] > 0:
        return None
    return float((close[-1] - close[start_bar]) / close[start_bar] * 100)


def monthly_returns(time_ms: Sequence[float], equity: Sequence[float]) -> list[dict]:
    """The account's return per calendar month, in percent, compounded from the equity curve.

    One row per year: ``{"year": 2008, "months": [12 values, None where no bar],
    "year_pct": the year's compounded return}``. Empty without a time axis.
    """
    values = np.asarray(equity, dtype=np.float64)
    if len(values) < 2 or not np.isfinite(values[0]) or values[0] == 0:
        return []
    stamps = np.asarray(time_ms, dtype=np.int64).astype("datetime64[ms]")
    months = stamps.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    if months.min() < 12:  # bar numbers, not times
        return []
    last = np.flatnonzero(np.diff(months, append=months[-1] + 1))  # each month's last bar
    month_end = values[last]
    base = np.concatenate([[values[0]], month_end[:-1]])
    by_month = (month_end / base - 1.0) * 100.0
    keys = months[last]
    rows: dict[int, dict] = {}
    for key, value, end in zip(keys.tolist(), by_month.tolist(), month_end.tolist(), strict=True):
        year, month = 1970 + key // 12, key % 12
        row = rows.setdefault(year, {"year": year, "months": [None] * 12, "_end": end})
        row["months"][month] = _finite(value)
        row["_end"] = end
    start = values[0]
    for row in rows.values():
        end = row.pop("_end")
        row["year_pct"] = _finite(end / start * 100 - 100)
        start = end
    return list(rows.values())


def excursions(
    entry_price: np.ndarray,
    exit_price: np.ndarray,
    entry_bar: np.ndarray,
    exit_bar: np.ndarray,
    size: np.ndarray,
    high: np.ndarray,
    low: np.ndarray,
) -> tuple[list, list]:
    """``(mae_pct, mfe_pct)``, a list each with one value per trade (the trades given as
    columns): the worst and best move while it was open, in percent of its entry price (MAE
    <= 0, MFE >= 0); None where the entry price is zero or unknown or the exit price unknown.

    The trade is open from its entry (at ``entry_price`` on ``entry_bar``) through the bars
    before its exit bar, and on the exit bar until it closes at ``exit_price``: the exit bar's
    later range is not the trade's (a stop fills at the stop, a market exit at the open).
    Computed a column at a time (a run can close thousands of trades); each comparison picks
    as Python's ``max``/``min`` would, so a bar range holding a NaN is ignored.
    """
    entry = np.asarray(entry_price, dtype=np.float64)
    exit_ = np.asarray(exit_price, dtype=np.float64)
    first = np.asarray(entry_bar, dtype=np.int64)
    last = np.asarray(exit_bar, dtype=np.int64)
    top = np.where(exit_ > entry, exit_, entry)
    bottom = np.where(exit_ < entry, exit_, entry)
    window_high, window_low = _window_extremes(first, last, high, low)
    held = last > first  # open through at least one bar before the exit bar
    top = np.where(held & (window_high > top), window_high, top)
    bottom = np.where(held & (window_low < bottom), window_low, bottom)
    is_long = np.asarray(size) >= 0  # long: up is favourable
    with np.errstate(divide="ignore", invalid="ignore"):
        best = np.where(is_long, (top - entry) / entry, (entry - bottom) / entry)
        worst = np.where(is_long, (bottom - entry) / entry, (entry - top) / entry)
    mae = np.where(worst > 0.0, 0.0, worst) * 100
    mfe = np.where(best < 0.0, 0.0, best) * 100
    unknown = ~(np.isfinite(entry) & (entry != 0) & np.isfinite(exit_))
    mae[unknown] = mfe[unknown] = np.nan
    return _finite_list(mae), _finite_list(mfe)


def _window_extremes(
    first: np.ndarray, last: np.ndarray, high: np.ndarray, low: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The highest high and lowest low of bars ``[first, last)`` of each trade (NaN when that
    is no bar, or when one of its bars is NaN), in two numpy calls for all the trades."""
    high = np.asarray(high, dtype=np.float64)
    low = np.asarray(low, dtype=np.float64)
    first = np.maximum(first, 0)
    last = np.minimum(last, len(high))
    chosen = np.flatnonzero(first < last)
    highest = np.full(len(first), np.nan)
    lowest = np.full(len(first), np.nan)
    if len(chosen):
        # reduceat over (first, last) pairs: the even outputs reduce [first, last); the one
        # element of padding keeps every index below the length, as reduceat requires
        bounds = np.column_stack([first[chosen], last[chosen]]).ravel()
        highest[chosen] = np.maximum.reduceat(np.append(high, np.nan), bounds)[::2]
        lowest[chosen] = np.minimum.reduceat(np.append(low, np.nan), bounds)[::2]
    return highest, lowest


def long_short(trades: Sequence[Mapping], cash: float | None) -> dict:
    """Per side (``long``, ``short``): ``trades``, ``win_rate`` (a fraction 0-1, as the headline
    metric), ``net_profit`` ($), ``return_pct`` (net profit in percent of the starting cash),
    ``profit_factor`` (gross profit / gross loss; None without a loss) and ``avg_trade_pct``."""
    out = {}
    for side, is_side in (("long", lambda s: s >= 0), ("short", lambda s: s < 0)):
        chosen = [t for t in trades if is_side(t.get("size") or 0)]
        pnls = [float(t.get("pnl") or 0.0) for t in chosen]
        wins = sum(p for p in pnls if p > 0)
        losses = -sum(p for p in pnls if p < 0)
        returns = [t["return_pct"] for t in chosen if t.get("return_pct") is not None]
        out[side] = {
            "trades": len(chosen),
            "win_rate": (sum(p > 0 for p in pnls) / len(pnls)) if pnls else None,
            "net_profit": round(sum(pnls), 2) if pnls else 0.0,
            "return_pct": (sum(pnls) / cash * 100) if (pnls and cash) else None,
            "profit_factor": (wins / losses) if losses > 0 else None,
            "avg_trade_pct": (sum(returns) / len(returns)) if returns else None,
        }
    return out


def strategy_parameters(strategy: Any) -> dict:
    """A Strategy's parameters: the class attributes (own and inherited, up to backtesting.py's
    ``Strategy``) holding a number, string, boolean or None, with the values the run used."""
    if strategy is None:
        return {}
    cls = strategy if isinstance(strategy, type) else type(strategy)
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("backtesting") or klass is object:
            continue
        for name, value in vars(klass).items():
            if not name.startswith("_") and _is_parameter(value) and name not in names:
                names.append(name)
    return {name: _plain(getattr(strategy, name, None)) for name in names}


def few_trades_warning(trades: int | None) -> str | None:
    """``few_trades: ...`` when a run closed between 1 and 29 trades (0 has its own warning)."""
    if trades is None or not 0 < trades < MIN_TRADES_FOR_CONFIDENCE:
        return None
    return (
        f"{FEW_TRADES}: only {trades} trade{'' if trades == 1 else 's'}: with fewer than "
        f"{MIN_TRADES_FOR_CONFIDENCE}, this result may be down to chance rather than the rules"
    )


def _is_parameter(value: Any) -> bool:
    if isinstance(value, bool | int | float | str) or value is None:
        return True
    return isinstance(value, np.generic) and np.ndim(value) == 0


def _plain(value: Any):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _finite_list(values: np.ndarray) -> list:
    """The numbers as a list, None for NaN and infinities."""
    out = values.tolist()
    for position in np.flatnonzero(~np.isfinite(values)).tolist():
        out[position] = None
    return out


def _finite(value) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
