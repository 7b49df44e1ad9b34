"""Source code of the indicator functions a compiled bot may contain.

Each function takes and returns NumPy-compatible arrays of the data's length (what
``Strategy.I`` expects); the docstrings state the standard definition used. Nothing looks ahead:
the only shift is ``shift(1)`` (a lag) in ``highest``/``lowest``.
"""

from __future__ import annotations

from engine.generation._trader_indicator_code import FUNCTIONS as TRADER_FUNCTIONS

FUNCTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sma": (
        '''def sma(values, n):
    """Simple moving average: the mean of the last n values (a pandas rolling mean)."""
    return pd.Series(values).rolling(n).mean().to_numpy()
''',
        (),
    ),
    "ema": (
        '''def ema(values, n):
    """Exponential moving average with span n: alpha = 2 / (n + 1), seeded with the first value
    (pandas ewm(adjust=False), as TradingView) and undefined for the first n - 1 bars. TA-Lib's
    EMA seeds it with the average of the first n values instead; the two agree within a few
    times n bars."""
    return pd.Series(values).ewm(span=n, adjust=False, min_periods=n).mean().to_numpy()
''',
        (),
    ),
    "rsi": (
        '''def rsi(close, n):
    """Relative Strength Index with Wilder's smoothing (alpha = 1/n), as TA-Lib and TradingView:
    100 - 100 / (1 + average gain / average loss); undefined for the first n bars. The averages
    are seeded with the first change, where TA-Lib and TradingView seed them with the average of
    the first n changes; the two agree within a few times n bars."""
    delta = pd.Series(close).diff()
    gain = delta.clip(lower=0).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    return (100 - 100 / (1 + gain / loss)).to_numpy()
''',
        (),
    ),
    "macd_line": (
        '''def macd_line(close, fast, slow):
    """MACD line: EMA(fast) - EMA(slow) of the close (standard 12, 26; EMAs with span n)."""
    return ema(close, fast) - ema(close, slow)
''',
        ("ema",),
    ),
    "macd_signal": (
        '''def macd_signal(close, fast, slow, signal):
    """MACD signal line: the EMA(signal) of the MACD line (standard 9)."""
    return ema(macd_line(close, fast, slow), signal)
''',
        ("ema", "macd_line"),
    ),
    "macd_hist": (
        '''def macd_hist(close, fast, slow, signal):
    """MACD histogram: the MACD line minus its signal line."""
    return macd_line(close, fast, slow) - macd_signal(close, fast, slow, signal)
''',
        ("ema", "macd_line", "macd_signal"),
    ),
    "bollinger_upper": (
        '''def bollinger_upper(close, n, k):
    """Upper Bollinger Band: SMA(n) + k x the population standard deviation (ddof=0) of the
    last n closes, as Bollinger defines it."""
    window = pd.Series(close).rolling(n)
    return (window.mean() + k * window.std(ddof=0)).to_numpy()
''',
        (),
    ),
    "bollinger_lower": (
        '''def bollinger_lower(close, n, k):
    """Lower Bollinger Band: SMA(n) - k x the population standard deviation (ddof=0) of the
    last n closes, as Bollinger defines it."""
    window = pd.Series(close).rolling(n)
    return (window.mean() - k * window.std(ddof=0)).to_numpy()
''',
        (),
    ),
    "bollinger_width": (
        '''def bollinger_width(close, n, k):
    """Bollinger band width: (upper band - lower band) / middle band, as Bollinger defines it
    (TradingView's BBW without its x100): 2 x k x the population standard deviation / SMA(n)."""
    return (bollinger_upper(close, n, k) - bollinger_lower(close, n, k)) / sma(close, n)
''',
        ("bollinger_upper", "bollinger_lower", "sma"),
    ),
    "highest": (
        '''def highest(values, n):
    """Highest value of the previous n bars, excluding the current bar (the Donchian channel's
    upper line); shift(1) is a lag, not a look-ahead."""
    return pd.Series(values).rolling(n).max().shift(1).to_numpy()
''',
        (),
    ),
    "lowest": (
        '''def lowest(values, n):
    """Lowest value of the previous n bars, excluding the current bar (the Donchian channel's
    lower line); shift(1) is a lag, not a look-ahead."""
    return pd.Series(values).rolling(n).min().shift(1).to_numpy()
''',
        (),
    ),
    "roc": (
        '''def roc(values, n):
    """Rate of change in percent: 100 x (value / value n bars earlier - 1)."""
    series = pd.Series(values)
    return (100 * (series / series.shift(n) - 1)).to_numpy()
''',
        (),
    ),
    "stochastic_k": (
        '''def stochastic_k(high, low, close, n, smooth=1):
    """Stochastic %K: 100 x (close - lowest low) / (highest high - lowest low) over the last n
    bars including this one: the fast %K; smooth > 1 averages it over that many bars (slow %K)."""
    highest_high = pd.Series(high).rolling(n).max()
    lowest_low = pd.Series(low).rolling(n).min()
    k = 100 * (pd.Series(close) - lowest_low) / (highest_high - lowest_low)
    return k.rolling(smooth).mean().to_numpy()
''',
        (),
    ),
    "stochastic_d": (
        '''def stochastic_d(high, low, close, n, d, smooth=1):
    """Stochastic %D: the d-bar simple moving average of %K."""
    k = pd.Series(stochastic_k(high, low, close, n, smooth))
    return k.rolling(d).mean().to_numpy()
''',
        ("stochastic_k",),
    ),
    "atr": (
        '''def atr(high, low, close, n):
    """Average True Range with Wilder's smoothing (alpha = 1/n), as TA-Lib and TradingView; the
    true range is max(high - low, |high - previous close|, |low - previous close|)."""
    high, low, close = pd.Series(high), pd.Series(low), pd.Series(close)
    previous_close = close.shift(1)
    ranges = [high - low, (high - previous_close).abs(), (low - previous_close).abs()]
    true_range = pd.concat(ranges, axis=1).max(axis=1)
    return true_range.ewm(alpha=1 / n, adjust=False, min_periods=n).mean().to_numpy()
''',
        (),
    ),
    "zscore": (
        '''def zscore(values, n):
    """Z-score: (value - SMA(n)) / the population standard deviation (ddof=0) of the last n
    values (the same deviation as Bollinger Bands)."""
    series = pd.Series(values)
    window = series.rolling(n)
    return ((series - window.mean()) / window.std(ddof=0)).to_numpy()
''',
        (),
    ),
    "close_streak": (
        '''def close_streak(close):
    """Closes in a row in one direction: +k after k closes each above the close before, -k after
    k closes each below it, 0 after an unchanged close."""
    step = np.sign(pd.Series(close).diff().fillna(0))
    run = (step != step.shift()).cumsum()
    return step.groupby(run).cumsum().to_numpy()
''',
        (),
    ),
    "opening_price": (
        '''def opening_price(open_):
    """The open of the next bar, on the bar before it (NaN on the last bar): the one price a
    limit-on-open order placed at this close is filled or cancelled on. backtesting.py has no
    on-open order (its limit order would also fill on a dip later in the day), so the bot places
    an order for the next open only when that open meets its rule, and the rule reads nothing
    of the next bar but its open."""
    return np.append(np.asarray(open_, dtype=float)[1:], np.nan)
''',
        (),
    ),
    "bars_back": (
        '''def bars_back(values, func, n, *args):
    """``func`` of ``values`` (bars of a longer timeframe) as it was ``n`` of those bars earlier:
    "the daily EMA is rising" compares today's value with yesterday's, not with the value on the
    bar tested before, which is mostly the same day's."""
    return pd.Series(np.asarray(func(values, *args), dtype=float), index=values.index).shift(n)
''',
        (),
    ),
    "calendar_field": (
        '''def calendar_field(index, unit, shift):
    """The date of each bar ``shift`` bars later (1: the next bar, where an order placed now
    fills at the open; NaN past the last bar; -1: the bar before) as a weekday (0 = Monday), a
    month (1-12), the trading day of its month (1 = the first) or the trading day counted from
    the month's end (1 = the last). Trading days are the distinct dates of the data (so intraday
    bars of one day share a number), which the exchange calendar fixes in advance; a month the
    data covers only in part (its first or last) has no numbers counted from the missing side;
    or the calendar date of the month (1-31)."""
    dates = pd.DatetimeIndex(index)
    days = pd.Series(dates.normalize())
    months = pd.Series(dates.year * 12 + dates.month)
    if unit == "weekday":
        values = pd.Series(dates.weekday, dtype=float)
    elif unit == "month":
        values = pd.Series(dates.month, dtype=float)
    elif unit == "day_of_month":
        values = pd.Series(dates.day, dtype=float)
    elif unit == "trading_day":
        values = days.groupby(months).rank(method="dense")
        first = days.iloc[0]
        if first != first - pd.offsets.BMonthBegin(0) + pd.offsets.BMonthBegin(0):
            values[months == months.iloc[0]] = np.nan
    else:
        values = days.groupby(months).rank(method="dense", ascending=False)
        last = days.iloc[-1]
        if last != last + pd.offsets.BMonthEnd(0):
            values[months == months.iloc[-1]] = np.nan
    return values.shift(-shift).to_numpy()
''',
        (),
    ),
    "month_position": (
        '''def month_position(index, unit, shift):
    """Where each bar ``shift`` bars later (1: the next bar, where an order placed now fills at
    the open) stands in its month, by the calendar: "weekday_from_end", which occurrence of its
    weekday counted from the month's end (1 = the last Friday of the month, 2 = the one
    before); "day_of_month_before", the date of the trading day before it, 0 when that day is in
    an earlier month (so a bar is the first trading day on or after the 15th when its date is
    15 or later and this value is 14 or less)."""
    dates = pd.DatetimeIndex(index)
    if unit == "weekday_from_end":
        values = pd.Series((dates.days_in_month - dates.day) // 7 + 1, dtype=float)
    else:
        days = pd.Series(dates.normalize())
        months = pd.Series(dates.year * 12 + dates.month)
        change = days != days.shift()  # intraday bars of one day share the day before
        before = pd.Series(np.where(change, days.shift().dt.day, np.nan)).ffill()
        same_month = months == months.where(change).shift().ffill()
        values = before.where(same_month, 0.0)
        values[days == days.iloc[0]] = np.nan  # the first day of the data has no day before
    return values.shift(-shift).to_numpy()
''',
        (),
    ),
    "day_position": (
        '''def day_position(index, unit, shift):
    """Where each bar ``shift`` bars later stands in its day: "bar_of_day_from_end", its place
    counted from the day's last bar (1 = the last bar of its date in the data, whose session
    times the exchange fixes in advance; the last bar of the data is its day's last);
    "minute_of_day", the clock time its bar opens at, in minutes after midnight (9:30 = 570),
    on the data's own clock (the exchange's for stocks, UTC for Yahoo's crypto);
    "minute_of_session", the minutes from the open of the first bar of its date to its own
    (the day's first bar, known from the exchange's session times, is never a later one)."""
    dates = pd.DatetimeIndex(index)
    if unit in ("minute_of_day", "minute_of_session"):
        values = pd.Series(dates.hour * 60 + dates.minute, dtype=float)
        if unit == "minute_of_session":
            values -= values.groupby(pd.Series(dates.normalize())).transform("min")
    else:
        days = pd.Series(dates.normalize())
        values = days.groupby(days).cumcount(ascending=False).astype(float) + 1
    return values.shift(-shift).to_numpy()
''',
        (),
    ),
}

FUNCTIONS.update(TRADER_FUNCTIONS)  # ADX, SAR, Supertrend, ..., candlestick patterns
ORDER = tuple(FUNCTIONS)


def with_dependencies(names: set[str]) -> list[str]:
    """The functions needed for ``names``, in a stable order, dependencies included."""
    needed = set(names)
    for name in names:
        needed.update(FUNCTIONS[name][1])
    return [name for name in ORDER if name in needed]
