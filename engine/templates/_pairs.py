"""The ``pairs_trading`` template (rules and caveats: :mod:`engine.templates.bots.pairs_trading`).

Botlab builds the synthetic instrument the bot trades: the two tickers' daily bars on the dates
both traded, combined into ``PAIR = 100 * (ticker1 / ticker2)`` rebased to 100 on the first Close.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
from pydantic import Field

from engine.config import Settings
from engine.data import DataError, load_frame
from engine.templates._daily import (
    check_z_thresholds,
    date_span,
    load_daily,
    require_bars,
    z_bot_attributes,
    z_exit_reason,
)
from engine.templates._data import DataValue, Prepared
from engine.templates._errors import TemplateError
from engine.templates._params import DailyRangeParams, Ticker
from engine.templates._template import Template


class PairsTradingParams(DailyRangeParams):
    """Parameters of ``pairs_trading``."""

    template: ClassVar[str] = "pairs_trading"

    ticker1: Ticker = Field(
        description="The first ticker, Yahoo style: PAIR goes up when it outperforms ticker2."
    )
    ticker2: Ticker = Field(description="The second ticker, Yahoo style; not the same as ticker1.")
    lookback_days: int = Field(
        60, ge=5, le=250, description="Bars in the mean and standard deviation of the z-score."
    )
    entry_z: float = Field(
        2.0,
        gt=0,
        le=5,
        description="Buy PAIR when the spread's z-score closes at or below minus this; sell "
        "it short at or above this (with allowShort).",
    )
    exit_z: float = Field(
        0.0,
        ge=0,
        le=5,
        description="Exit when the z-score is back within this of the mean (0 = at the mean); "
        "less than entryZ.",
    )
    max_hold_days: int = Field(
        20, ge=1, le=250, description="Exit after this many bars in the trade at most."
    )
    stop_loss_pct: float = Field(
        10.0, gt=0, le=50, description="Stop loss: percent of PAIR's price against the entry."
    )
    allow_short: bool = Field(
        True, description="Also sell PAIR short when the spread is high (ticker1 rich)."
    )

    def tickers(self) -> list[str]:
        return [self.ticker1, self.ticker2]

    def check(self) -> None:
        super().check()
        if self.ticker1 == self.ticker2:
            raise TemplateError(
                f"ticker2: must differ from ticker1 (both are {self.ticker1})", "ticker2"
            )
        check_z_thresholds(self)

    def bot_attributes(self) -> dict:
        return {**z_bot_attributes(self), "allow_short": (self.allow_short, "allowShort")}


def ratio_frame(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """PAIR's bars from two tickers' bars on their common dates (see the module docstring).

    Open and Close are the ratios of the Opens and of the Closes; High is High1 / Low2 and Low
    is Low1 / High2, the widest the ratio can have been within the bar. Volume is 0.
    """
    a, b = first.align(second, join="inner", axis=0)
    pair = pd.DataFrame(
        {
            "Open": a["Open"] / b["Open"],
            "High": a["High"] / b["Low"],
            "Low": a["Low"] / b["High"],
            "Close": a["Close"] / b["Close"],
        },
        index=a.index,
    )
    pair = pair * (100.0 / pair["Close"].iloc[0])
    pair["Volume"] = 0.0
    return pair


def prepare(
    params: PairsTradingParams, inputs: dict[str, DataValue], settings: Settings
) -> Prepared:
    """Both tickers' daily bars over the range, combined into PAIR."""
    legs = [load_daily(ticker, params, inputs, settings) for ticker in params.tickers()]
    common = legs[0].frame.index.intersection(legs[1].frame.index)
    symbol = f"{params.ticker1}/{params.ticker2}"
    if common.empty:
        raise DataError(
            "empty_range",
            f"{params.ticker1} and {params.ticker2} have no dates in common in the range "
            f"({legs[0].frame.index[0].date()}..{legs[0].frame.index[-1].date()} vs "
            f"{legs[1].frame.index[0].date()}..{legs[1].frame.index[-1].date()})",
        )
    pair = ratio_frame(legs[0].frame, legs[1].frame)
    if not np.isfinite(pair.to_numpy()).all():
        raise DataError("bad_file", f"{symbol}: a zero price makes the ratio undefined")
    notes = [*legs[0].warnings, *legs[1].warnings]
    dropped = len(legs[0].frame) + len(legs[1].frame) - 2 * len(common)
    if dropped:
        notes.append(
            f"{symbol}: {dropped} bars on dates only one of the two tickers traded were left out"
        )
    market = load_frame(pair, name=symbol)
    source = (
        f"synthetic ratio of {params.ticker1} ({legs[0].source}) / "
        f"{params.ticker2} ({legs[1].source})"
    )
    bars = Prepared(market.frame, symbol, legs[0].interval, source, notes)
    require_bars(bars, params.lookback_days, "lookbackDays", params.lookback_days)
    return bars


def exit_reason(trade: dict, frame: pd.DataFrame, params: PairsTradingParams) -> str:
    """``reverted``, ``max_hold``, ``stop_loss`` or ``end_of_data``."""
    from engine.templates.bots.pairs_trading import spread_zscore

    return z_exit_reason(trade, frame, params, spread_zscore, is_long=(trade.get("size") or 0) > 0)


def headline(params: PairsTradingParams, bars: Prepared) -> str:
    sides = "both ways" if params.allow_short else "long only"
    return (
        f"Pairs trade {params.ticker1}/{params.ticker2}, run as one synthetic instrument (their "
        f"price ratio), {sides} ({date_span(bars)}, entry at |z| >= {params.entry_z:g} over "
        f"{params.lookback_days} bars, {params.stop_loss_pct:g}% stop)"
    )


TEMPLATE = Template(
    name="pairs_trading",
    title="Pairs trading (synthetic ratio)",
    params=PairsTradingParams,
    bot_module="pairs_trading",
    strategy_class="PairsTrading",
    prepare=prepare,
    exit_reason=exit_reason,
    headline=headline,
)
