"""Opening-range breakout (ORB): trade the first break of the session's opening range.

Data: intraday bars (1m, 5m, 15m...). Botlab gives the bot one session (the request's date); the
rules also hold, session by session, on several days of bars.

1. Sessions. Each calendar date of the bar index is one session; a timezone-aware index is read
   in US/Eastern. The session's first bar is its open and its last bar its close. (Botlab cuts
   timezone-aware data to the regular session, 09:30-16:00 ET; naive bar times are taken as
   they are, so the first bar of the date is the open.)
2. Opening range: the highest High and lowest Low of the bars that start within the first
   ``opening_range_minutes`` of the session (15 minutes = the first three 5-minute bars). Nothing
   is traded during the range.
3. Entry: the first bar after the range that closes above the range High buys; with
   ``allow_short``, a close below the range Low sells short instead, whichever comes first. The
   order fills at the next bar's Open (backtesting.py fills market orders at the next bar's
   open). One trade per session at most, and no signal is taken on the session's last two bars
   (the position would have no bar left before the close).
4. Market filter (optional): a second ticker such as QQQ, given to the bot as the extra columns
   ``Filter_Open``, ``Filter_High``, ``Filter_Low``, ``Filter_Close`` on the same bar times. With
   ``market_filter_rule = "above_open"`` a long needs the filter's Close, on the signal bar, above
   the filter's session open (the Open of its first bar of the session); with ``"above_range"``,
   above the filter's own opening-range High. A short needs it below its session open, or below
   its opening-range Low. A bar where the filter has no data blocks entries. A signal blocked
   by the filter is skipped; a later bar that closes beyond the range while the filter agrees
   can still enter.
5. Trailing stop: a long's stop is ``trailing_stop_pct`` percent below the highest High since
   entry (the fill bar included); a short's is that far above the lowest Low since entry. Until
   the fill bar has closed, the stop sits that far from the signal bar's Close. A level set from
   one bar's High applies from the next bar on (within a bar, the order of High and Low is
   unknown). A touched stop exits at the stop price, or at the bar's Open if it opens beyond the
   stop (a gap).
6. Session close: a position still open is closed at the Open of the session's last bar. The
   close order goes out one bar earlier because orders fill at the next Open, so this is the
   latest fill the backtest can give (15:55 ET with 5-minute bars); the stop is cancelled with
   it, since the order fills first at that Open. No position is held overnight.

Position size: all the cash (whole shares), no leverage. No commission unless Botlab sets one.
"""

import numpy as np
import pandas as pd
from backtesting import Strategy

FILTER_COLUMNS = ("Filter_Open", "Filter_High", "Filter_Low", "Filter_Close")
EASTERN = "America/New_York"


def session_layout(index, range_minutes):
    """Per bar: its session number, whether it is in the opening range, bars left in session."""
    times = pd.DatetimeIndex(index)
    if times.tz is not None:
        times = times.tz_convert(EASTERN).tz_localize(None)
    session = pd.factorize(times.normalize())[0]
    frame = pd.DataFrame({"session": session, "time": times})
    grouped = frame.groupby("session")["time"]
    minutes_in = (frame["time"] - grouped.transform("min")) / pd.Timedelta(minutes=1)
    in_range = (minutes_in < range_minutes).to_numpy()
    bars_left = (grouped.transform("size") - grouped.cumcount() - 1).to_numpy()
    return session, in_range, bars_left


def opening_range(high, low, session, in_range):
    """The session's opening-range High and Low on each bar after the range (NaN inside it)."""
    frame = pd.DataFrame(
        {
            "session": session,
            "high": np.where(in_range, high, np.nan),
            "low": np.where(in_range, low, np.nan),
        }
    )
    grouped = frame.groupby("session")
    top = grouped["high"].transform("max").to_numpy()
    bottom = grouped["low"].transform("min").to_numpy()
    return np.where(in_range, np.nan, top), np.where(in_range, np.nan, bottom)


def market_filter(columns, session, in_range, rule):
    """Bars where the filter allows a long, and a short (False where it has no data)."""
    open_, high, low, close = (np.asarray(c, dtype=float) for c in columns)
    if rule == "above_open":
        first_open = pd.Series(open_).groupby(session).transform("first").to_numpy()
        up, down = first_open, first_open
    else:  # "above_range"
        up, down = opening_range(high, low, session, in_range)
    with np.errstate(invalid="ignore"):
        return close > up, close < down


class OpeningRangeBreakout(Strategy):
    """Buy the first close above the opening range; trail a stop; flat by the session close."""

    # -- parameters (Botlab renders these from the request; see the module docstring) --
    opening_range_minutes = 15
    trailing_stop_pct = 1.0
    allow_short = False
    market_filter_rule = None
    market_filter_ticker = None
    # -- end of parameters --

    def init(self):
        # Plain arrays rather than self.I(): backtesting.py starts calling next() one bar after
        # every indicator is defined, which would skip the first bar after the opening range.
        self.session, in_range, self.bars_left = session_layout(
            self.data.index, self.opening_range_minutes
        )
        self.range_high, self.range_low = opening_range(
            np.asarray(self.data.High), np.asarray(self.data.Low), self.session, in_range
        )
        self.long_ok = np.ones(len(self.session), dtype=bool)
        self.short_ok = np.ones(len(self.session), dtype=bool)
        if self.market_filter_rule:
            self.long_ok, self.short_ok = market_filter(
                self._filter_columns(), self.session, in_range, self.market_filter_rule
            )
        self.traded_sessions = set()

    def _filter_columns(self):
        missing = [name for name in FILTER_COLUMNS if name not in self.data.df.columns]
        if missing:
            raise ValueError(
                f"the market filter ({self.market_filter_ticker}) needs the data columns "
                f"{', '.join(FILTER_COLUMNS)}; missing: {', '.join(missing)}"
            )
        return [self.data.df[name].to_numpy() for name in FILTER_COLUMNS]

    def next(self):
        i = len(self.data) - 1
        if self.position:
            self._trail_stops()
            if self.bars_left[i] == 1:
                self.close_at_next_open()  # the Open of the session's last bar
            return
        if self.session[i] in self.traded_sessions or self.bars_left[i] < 2:
            return
        close = self.data.Close[-1]
        stop = self.trailing_stop_pct / 100
        if close > self.range_high[i] and self.long_ok[i]:
            self.buy(sl=close * (1 - stop))
            self.traded_sessions.add(self.session[i])
        elif self.allow_short and close < self.range_low[i] and self.short_ok[i]:
            self.sell(sl=close * (1 + stop))
            self.traded_sessions.add(self.session[i])

    def close_at_next_open(self):
        """Close the position at the next bar's Open. The stop is cancelled first: an order
        filled at the open comes before anything the stop could catch later in that bar."""
        for trade in self.trades:
            trade.sl = None
        self.position.close()

    def _trail_stops(self):
        """Put each stop its distance from the best price since entry (the fill bar included)."""
        stop = self.trailing_stop_pct / 100
        for trade in self.trades:
            if trade.is_long:
                trade.sl = self.data.High[trade.entry_bar :].max() * (1 - stop)
            else:
                trade.sl = self.data.Low[trade.entry_bar :].min() * (1 + stop)
