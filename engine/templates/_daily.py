"""What the daily-bar templates share: loading one ticker's range, the warm-up check, wording."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from engine.config import Settings
from engine.data import MarketData, load_given
from engine.execution.harness import STOP_REASONS
from engine.templates._data import DataValue, Prepared, select_dates
from engine.templates._errors import TemplateError
from engine.templates._params import DailyRangeParams


def load_daily(
    ticker: str, params: DailyRangeParams, inputs: dict[str, DataValue], settings: Settings
) -> MarketData:
    """``ticker``'s daily bars over the request's range (given data keeps its own bar size)."""
    given = inputs.get(ticker)
    market = load_given(
        ticker,
        given,
        start=params.start,
        end=params.end,
        days=params.days,
        interval="1d",
        source=params.data_source,
        settings=settings,
    )
    if isinstance(given, pd.DataFrame):  # a frame comes whole: cut it to the request's dates
        return select_dates(market, params.start, params.end, params.days)
    return market


def prepared(market: MarketData) -> Prepared:
    """A single ticker's bars as the bot's input."""
    return Prepared(
        market.frame, market.symbol, market.interval, market.source, list(market.warnings)
    )


def require_bars(prepared: Prepared, first_signal: int, parameter: str, value: int) -> None:
    """Fail, naming ``parameter``, unless the bars reach past the first possible signal bar
    (``first_signal``, counted from 0) to the bar its order would fill on."""
    needed = first_signal + 2
    bars = len(prepared.frame)
    if bars < needed:
        raise TemplateError(
            f"{parameter}: {value} needs at least {needed} bars, but {prepared.symbol} has "
            f"{bars} {prepared.interval} bars from {prepared.start.date()} to "
            f"{prepared.end.date()}; widen the date range or shorten {parameter}",
            parameter,
        )


def date_span(prepared: Prepared) -> str:
    """``"2010-01-04 to 2012-12-31"``."""
    return f"{prepared.start.date()} to {prepared.end.date()}"


def check_z_thresholds(params) -> None:
    """A z-score template's exit must come before its entry: ``exitZ`` < ``entryZ``."""
    if params.exit_z >= params.entry_z:
        raise TemplateError(
            f"exitZ: must be less than entryZ ({params.entry_z:g}), got {params.exit_z:g}", "exitZ"
        )


def z_bot_attributes(params) -> dict:
    """The class attributes every z-score bot takes (see ``Params.bot_attributes``)."""
    return {
        "lookback_days": (params.lookback_days, "lookbackDays"),
        "entry_z": (params.entry_z, "entryZ"),
        "exit_z": (params.exit_z, "exitZ"),
        "max_hold_days": (params.max_hold_days, "maxHoldDays"),
        "stop_loss_pct": (params.stop_loss_pct, "stopLossPct"),
    }


def z_exit_reason(
    trade: dict,
    frame: pd.DataFrame,
    params,
    zscore: Callable[[np.ndarray, int], Sequence[float]],
    *,
    is_long: bool,
) -> str:
    """Why a z-score template's trade closed: ``stop_loss``, ``reverted``, ``max_hold`` or
    ``end_of_data`` (see the bots' rules: deliberate exits are decided at a Close and filled at
    the next Open; any other exit before the last bar is the stop, hit or gapped through).
    ``zscore`` is the bot's own, of the Closes over ``params.lookback_days``."""
    if trade.get("exit_reason") in STOP_REASONS:
        return "stop_loss"
    entry, exit_ = trade["entry_bar"], trade["exit_bar"]
    decided = exit_ - 1
    if decided >= entry:
        value = zscore(frame["Close"].to_numpy(), params.lookback_days)[decided]
        if (value >= -params.exit_z) if is_long else (value <= params.exit_z):
            return "reverted"
        if exit_ - entry >= params.max_hold_days:
            return "max_hold"
    return "end_of_data" if exit_ >= len(frame) - 1 else "stop_loss"
