"""The ``orb`` template: opening-range breakout on one session (rules: :mod:`.bots.orb`).

Botlab loads the request's session of intraday bars: from Yahoo by default (the only source of
intraday bars for stocks; 1m bars go back 7 days, 2m-90m bars 60 days), or from the data the
caller gives. Timezone-aware data is converted to US/Eastern and cut to the regular session,
09:30-16:00; naive bar times are taken as the exchange's own, so the first bar of the date is the
open. A file's bar times are read as written (:mod:`engine.data` keeps a timestamp's wall time
and drops its UTC offset), so give files in exchange time.

With ``marketFilterTicker`` the filter's bars of the same session are loaded the same way and
joined onto the traded ticker's bar times as the columns ``Filter_Open``, ``Filter_High``,
``Filter_Low`` and ``Filter_Close`` (NaN where the filter has no bar at that time).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

import pandas as pd
from pydantic import BeforeValidator, Field

from engine.config import Settings
from engine.data import DataError, MarketData, load_given
from engine.data._yahoo import canonical_interval
from engine.templates._data import (
    DataValue,
    Prepared,
    one_day,
    regular_session,
    same_interval,
)
from engine.templates._errors import TemplateError
from engine.templates._params import IsoDate, TemplateParams, Ticker, TradedTicker
from engine.templates._template import Template, trailing_stop_exit_reason

#: Intraday bar sizes Yahoo offers, in minutes.
BAR_MINUTES = {"1m": 1, "2m": 2, "5m": 5, "15m": 15, "30m": 30, "60m": 60, "90m": 90, "1h": 60}
DEFAULT_RANGE_MINUTES = 15
FILTER_COLUMNS = {
    "Open": "Filter_Open",
    "High": "Filter_High",
    "Low": "Filter_Low",
    "Close": "Filter_Close",
}

#: The bar size, in Yahoo's spelling; the seed's ("5min", "60min", "daily"...) are read as the
#: same sizes. Daily bars are understood, then refused by ``check`` with the reason.
Timeframe = Annotated[
    Literal["1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h", "1d"],
    BeforeValidator(lambda value: canonical_interval(value) if isinstance(value, str) else value),
]


class OrbParams(TemplateParams):
    """Parameters of ``orb``."""

    template: ClassVar[str] = "orb"

    ticker: TradedTicker
    date: IsoDate = Field(
        description="The session to trade, YYYY-MM-DD (Yahoo keeps 1m bars for 7 days, "
        "2m-90m bars for 60 days)."
    )
    timeframe: Timeframe = Field("5m", description="The bar size.")
    trailing_stop_pct: float = Field(
        1.0,
        gt=0,
        le=50,
        description="Trailing stop: percent below the highest High since entry (above the "
        "lowest Low for a short).",
    )
    opening_range_minutes: int | None = Field(
        None,
        ge=1,
        le=240,
        description=f"Length of the opening range in minutes, a multiple of the bar size. "
        f"Default: {DEFAULT_RANGE_MINUTES}, or one bar when bars are longer.",
    )
    allow_short: bool = Field(
        False, description="Also sell short the first close below the range Low."
    )
    market_filter_ticker: Ticker | None = Field(
        None,
        description="A market ticker that must agree, such as QQQ or SPY: longs only while it "
        "is up on the session, shorts only while it is down (see marketFilterRule).",
    )
    market_filter_rule: Literal["above_open", "above_range"] = Field(
        "above_open",
        description="When the filter agrees with a long: 'above_open' = its Close is above its "
        "session open; 'above_range' = above its own opening-range High (shorts: below its "
        "open / its range Low). Needs marketFilterTicker.",
    )

    def tickers(self) -> list[str]:
        return [self.ticker] + ([self.market_filter_ticker] if self.market_filter_ticker else [])

    def strategy_name(self) -> str:
        return f"{self.template}_{self.ticker}"

    @property
    def range_minutes(self) -> int:
        """The opening range's length: as given, else 15 minutes or one bar if longer."""
        if self.opening_range_minutes is not None:
            return self.opening_range_minutes
        return max(DEFAULT_RANGE_MINUTES, BAR_MINUTES[self.timeframe])

    def check(self) -> None:
        if self.timeframe not in BAR_MINUTES:
            raise TemplateError(
                f"timeframe: an opening-range breakout trades inside one session, so it needs "
                f"intraday bars ({', '.join(BAR_MINUTES)}; or 1min, 5min, 15min, 30min, 60min), "
                f"not {self.timeframe} bars",
                "timeframe",
            )
        if self.date > dt.date.today():
            raise TemplateError(f"date: {self.date} is in the future", "date")
        bar = BAR_MINUTES[self.timeframe]
        if self.range_minutes % bar:
            raise TemplateError(
                f"openingRangeMinutes: must be a multiple of the {self.timeframe} bar size "
                f"({bar} minutes), got {self.range_minutes}",
                "openingRangeMinutes",
            )
        if self.given("market_filter_rule") and not self.market_filter_ticker:
            raise TemplateError(
                "marketFilterRule: only applies with a marketFilterTicker", "marketFilterRule"
            )
        if self.market_filter_ticker == self.ticker:
            raise TemplateError(
                f"marketFilterTicker: must differ from ticker ({self.ticker})",
                "marketFilterTicker",
            )

    def bot_attributes(self) -> dict:
        has_filter = self.market_filter_ticker is not None
        return {
            "opening_range_minutes": (self.range_minutes, "openingRangeMinutes"),
            "trailing_stop_pct": (self.trailing_stop_pct, "trailingStopPct"),
            "allow_short": (self.allow_short, "allowShort"),
            "market_filter_rule": (
                self.market_filter_rule if has_filter else None,
                "marketFilterRule",
            ),
            "market_filter_ticker": (self.market_filter_ticker, "marketFilterTicker"),
        }


def prepare(params: OrbParams, inputs: dict[str, DataValue], settings: Settings) -> Prepared:
    """The session's bars of the ticker (and the filter's, as ``Filter_*`` columns)."""
    market = load_session(params.ticker, inputs.get(params.ticker), params, settings)
    require_bars_after_range(market, params)
    bars = Prepared(
        market.frame, params.ticker, params.timeframe, market.source, list(market.warnings)
    )
    if params.market_filter_ticker:
        ticker = params.market_filter_ticker
        market_filter = load_session(ticker, inputs.get(ticker), params, settings)
        bars.frame, notes = attach_filter(bars.frame, market_filter, params)
        bars.source += f"; filter {ticker}: {market_filter.source}"
        bars.warnings += [*market_filter.warnings, *notes]
    return bars


def load_session(
    ticker: str, given: DataValue | None, params: OrbParams, settings: Settings
) -> MarketData:
    """``ticker``'s bars on ``params.date``: loaded for that date, or cut from given data."""
    if given is None:
        market = load_given(
            ticker,
            None,
            start=params.date,
            end=params.date,
            interval=params.timeframe,
            source=params.data_source or "yahoo",
            settings=settings,
        )
    else:
        if isinstance(given, pd.DataFrame):
            given = regular_session(given)
        market = load_given(ticker, given)
        if not same_interval(market.interval, params.timeframe):
            raise TemplateError(
                f"timeframe: {params.timeframe!r} was asked for, but the {ticker} data given "
                f"has {market.interval} bars; set timeframe to {market.interval!r}",
                "timeframe",
            )
    return one_day(market, params.date)


def require_bars_after_range(market: MarketData, params: OrbParams) -> None:
    """Fail unless the session goes on long enough after the opening range to trade."""
    index = market.frame.index
    after = int(((index - index[0]) >= pd.Timedelta(minutes=params.range_minutes)).sum())
    if after < 3:  # a signal bar and its fill bar before the session's last bar
        raise TemplateError(
            f"openingRangeMinutes: the {params.date} session of {market.symbol} has "
            f"{len(index)} {params.timeframe} bars ({index[0].time()}-{index[-1].time()}), "
            f"{after} of them after a {params.range_minutes}-minute opening range: too few "
            "to trade",
            "openingRangeMinutes",
        )


def attach_filter(
    frame: pd.DataFrame, market_filter: MarketData, params: OrbParams
) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with the filter's OHLC as ``Filter_*`` columns, on ``frame``'s bar times."""
    aligned = market_filter.frame.reindex(frame.index)
    missing = int(aligned["Close"].isna().sum())
    if missing == len(frame):
        raise DataError(
            "empty_range",
            f"the market filter {market_filter.symbol} has no bars at the times of the "
            f"{params.ticker} bars on {params.date}",
        )
    out = frame.copy()
    for column, name in FILTER_COLUMNS.items():
        out[name] = aligned[column].to_numpy()
    notes = []
    if missing:
        notes.append(
            f"market filter {market_filter.symbol}: no bar at {missing} of the {len(frame)} "
            f"{params.ticker} bar times; no entries on those bars"
        )
    return out, notes


def exit_reason(trade: dict, frame: pd.DataFrame, params: OrbParams) -> str:
    """``trailing_stop`` (hit, or gapped through at an Open) or ``session_close``."""
    return trailing_stop_exit_reason(trade, frame, at_end="session_close")


def headline(params: OrbParams, bars: Prepared) -> str:
    extras = ", shorts allowed" if params.allow_short else ""
    if params.market_filter_ticker:
        versus = "session open" if params.market_filter_rule == "above_open" else "opening range"
        extras += f", filtered by {params.market_filter_ticker} against its {versus}"
    return (
        f"Opening-range breakout on {params.ticker} {params.timeframe} bars of {params.date} "
        f"({params.range_minutes}-minute range, {params.trailing_stop_pct:g}% trailing "
        f"stop{extras})"
    )


TEMPLATE = Template(
    name="orb",
    title="Opening-range breakout",
    params=OrbParams,
    bot_module="orb",
    strategy_class="OpeningRangeBreakout",
    prepare=prepare,
    exit_reason=exit_reason,
    headline=headline,
)
