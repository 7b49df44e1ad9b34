"""The ``mean_reversion`` template (rules: :mod:`engine.templates.bots.mean_reversion`)."""

from __future__ import annotations

from typing import ClassVar

import pandas as pd
from pydantic import Field

from engine.config import Settings
from engine.templates._daily import (
    check_z_thresholds,
    date_span,
    load_daily,
    prepared,
    require_bars,
    z_bot_attributes,
    z_exit_reason,
)
from engine.templates._data import DataValue, Prepared
from engine.templates._params import DailyRangeParams, TradedTicker
from engine.templates._template import Template


class MeanReversionParams(DailyRangeParams):
    """Parameters of ``mean_reversion``."""

    template: ClassVar[str] = "mean_reversion"

    ticker: TradedTicker
    lookback_days: int = Field(
        20, ge=5, le=250, description="Bars in the mean and standard deviation of the z-score."
    )
    entry_z: float = Field(
        2.0, gt=0, le=5, description="Buy when the z-score closes at or below minus this."
    )
    exit_z: float = Field(
        0.0,
        ge=0,
        le=5,
        description="Sell when the z-score is back at or above minus this (0 = at the mean); "
        "less than entryZ.",
    )
    max_hold_days: int = Field(
        10, ge=1, le=250, description="Sell after this many bars in the trade at most."
    )
    stop_loss_pct: float = Field(
        5.0, gt=0, le=50, description="Stop loss: percent below the entry price."
    )

    def tickers(self) -> list[str]:
        return [self.ticker]

    def check(self) -> None:
        super().check()
        check_z_thresholds(self)

    def bot_attributes(self) -> dict:
        return z_bot_attributes(self)


def prepare(
    params: MeanReversionParams, inputs: dict[str, DataValue], settings: Settings
) -> Prepared:
    """The ticker's daily bars over the requested range, with room for the warm-up."""
    bars = prepared(load_daily(params.ticker, params, inputs, settings))
    require_bars(bars, params.lookback_days, "lookbackDays", params.lookback_days)
    return bars


def exit_reason(trade: dict, frame: pd.DataFrame, params: MeanReversionParams) -> str:
    """``reverted``, ``max_hold``, ``stop_loss`` or ``end_of_data``."""
    from engine.templates.bots.mean_reversion import zscore

    return z_exit_reason(trade, frame, params, zscore, is_long=True)


def headline(params: MeanReversionParams, bars: Prepared) -> str:
    exit_rule = "at the mean" if params.exit_z == 0 else f"at z >= -{params.exit_z:g}"
    return (
        f"Mean reversion on {params.ticker} ({date_span(bars)}, buy at z <= -{params.entry_z:g} "
        f"over {params.lookback_days} bars, sell {exit_rule} or after {params.max_hold_days} "
        f"bars, {params.stop_loss_pct:g}% stop)"
    )


TEMPLATE = Template(
    name="mean_reversion",
    title="Mean reversion (z-score)",
    params=MeanReversionParams,
    bot_module="mean_reversion",
    strategy_class="MeanReversion",
    prepare=prepare,
    exit_reason=exit_reason,
    headline=headline,
)
