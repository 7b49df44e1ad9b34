"""The ``momentum_breakout`` template (rules: :mod:`engine.templates.bots.momentum_breakout`)."""

from __future__ import annotations

from typing import ClassVar

import pandas as pd
from pydantic import Field

from engine.config import Settings
from engine.templates._daily import date_span, load_daily, prepared, require_bars
from engine.templates._data import DataValue, Prepared
from engine.templates._params import DailyRangeParams, TradedTicker
from engine.templates._template import Template, trailing_stop_exit_reason


class MomentumBreakoutParams(DailyRangeParams):
    """Parameters of ``momentum_breakout``."""

    template: ClassVar[str] = "momentum_breakout"

    ticker: TradedTicker
    lookback_days: int = Field(
        20, ge=5, le=250, description="Breakout: a Close above the highest High of this many bars."
    )
    volume_lookback_days: int = Field(
        20, ge=5, le=250, description="Bars in the average Volume the breakout day is compared to."
    )
    volume_multiplier: float = Field(
        1.5,
        gt=0,
        le=10,
        description="The breakout day's Volume must exceed this multiple of the average "
        "(1.0 = simply above average).",
    )
    trailing_stop_pct: float = Field(
        8.0, gt=0, le=50, description="Trailing stop: percent below the highest High since entry."
    )

    def tickers(self) -> list[str]:
        return [self.ticker]

    def bot_attributes(self) -> dict:
        return {
            "lookback_days": (self.lookback_days, "lookbackDays"),
            "volume_lookback_days": (self.volume_lookback_days, "volumeLookbackDays"),
            "volume_multiplier": (self.volume_multiplier, "volumeMultiplier"),
            "trailing_stop_pct": (self.trailing_stop_pct, "trailingStopPct"),
        }


def prepare(
    params: MomentumBreakoutParams, inputs: dict[str, DataValue], settings: Settings
) -> Prepared:
    """The ticker's daily bars over the requested range, with room for the warm-up."""
    bars = prepared(load_daily(params.ticker, params, inputs, settings))
    longest = max(
        ("lookbackDays", params.lookback_days),
        ("volumeLookbackDays", params.volume_lookback_days),
        key=lambda item: item[1],
    )
    require_bars(bars, longest[1] + 1, *longest)
    return bars


def exit_reason(trade: dict, frame: pd.DataFrame, params: MomentumBreakoutParams) -> str:
    """``trailing_stop`` (hit, or gapped through at an Open) or ``end_of_data``."""
    return trailing_stop_exit_reason(trade, frame, at_end="end_of_data")


def headline(params: MomentumBreakoutParams, bars: Prepared) -> str:
    return (
        f"Momentum breakout on {params.ticker} ({date_span(bars)}, {params.lookback_days}-bar "
        f"high, volume above {params.volume_multiplier:g}x its {params.volume_lookback_days}-bar "
        f"average, {params.trailing_stop_pct:g}% trailing stop)"
    )


TEMPLATE = Template(
    name="momentum_breakout",
    title="Momentum breakout",
    params=MomentumBreakoutParams,
    bot_module="momentum_breakout",
    strategy_class="MomentumBreakout",
    prepare=prepare,
    exit_reason=exit_reason,
    headline=headline,
)
