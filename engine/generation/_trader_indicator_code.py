"""Source of the trader-vocabulary indicators and candlestick patterns a compiled bot may contain.

Kept apart from the original set so each entry of :mod:`engine.generation._indicator_table`
points at one function here. Every docstring states the definition, which reference it follows
(TA-Lib or TradingView) where the two differ, and that nothing looks ahead.
"""

from __future__ import annotations

FUNCTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wilder": (
        '''def wilder(values, n):
    """Wilder's smoothing: an exponential average with alpha = 1/n, seeded with the first value
    and undefined for the first n - 1 values. TA-Lib and TradingView seed it with a plain
    average of the first n values instead; the difference fades within a few times n bars."""
    return pd.Series(values).ewm(alpha=1 / n, adjust=False, min_periods=n).mean().to_numpy()
''',
        (),
    ),
    "plus_di": (
        '''def plus_di(high, low, close, n):
    """+DI (Wilder's positive directional indicator): 100 x Wilder(+DM, n) / ATR(n), where +DM
    is this high minus the previous high when that rise is positive and larger than the fall
    of the low (previous low minus this low), else 0. Matches TA-Lib's PLUS_DI after warm-up."""
    rise, fall = pd.Series(high).diff(), -pd.Series(low).diff()
    movement = rise.where((rise > fall) & (rise > 0), 0.0).where(rise.notna())
    return 100 * wilder(movement, n) / atr(high, low, close, n)
''',
        ("wilder", "atr"),
    ),
    "minus_di": (
        '''def minus_di(high, low, close, n):
    """-DI (Wilder's negative directional indicator): 100 x Wilder(-DM, n) / ATR(n), where -DM
    is the previous low minus this low when that fall is positive and larger than the rise of
    the high, else 0. Matches TA-Lib's MINUS_DI after warm-up."""
    rise, fall = pd.Series(high).diff(), -pd.Series(low).diff()
    movement = fall.where((fall > rise) & (fall > 0), 0.0).where(fall.notna())
    return 100 * wilder(movement, n) / atr(high, low, close, n)
''',
        ("wilder", "atr"),
    ),
    "adx": (
        '''def adx(high, low, close, n):
    """Average Directional Index (Wilder): Wilder(DX, n) with DX = 100 x |+DI - -DI| /
    (+DI + -DI); trend strength from 0 to 100 whatever the direction (25 is the usual "trending"
    line). Matches TA-Lib's ADX after warm-up (TradingView's ADX agrees too)."""
    plus, minus = plus_di(high, low, close, n), minus_di(high, low, close, n)
    return wilder(100 * np.abs(plus - minus) / (plus + minus), n)
''',
        ("wilder", "atr", "plus_di", "minus_di"),
    ),
    "parabolic_sar": (
        '''def parabolic_sar(high, low, step, maximum):
    """Parabolic SAR (Wilder), acceleration factor from step up to maximum (standard 0.02 and
    0.2). Initialised as TA-Lib's SAR: long unless the second bar's low fell more than its high
    rose; the first SAR is the first bar's low (long) or high (short). The SAR never enters the
    current or previous bar's range; on a bar that reaches it, it flips to the extreme of the
    trend just ended. TradingView starts differently, so its first trend may differ. Uses only
    the current and earlier bars."""
    high, low = np.asarray(high, dtype=float), np.asarray(low, dtype=float)
    out = np.full(len(high), np.nan)
    if len(high) < 2:
        return out
    fall, rise = low[0] - low[1], high[1] - high[0]
    long = not (fall > 0 and fall > rise)
    extreme, sar = (high[1], low[0]) if long else (low[1], high[0])
    factor, new_high, new_low = step, high[1], low[1]
    for i in range(1, len(high)):
        prev_high, prev_low, new_high, new_low = new_high, new_low, high[i], low[i]
        if long and new_low <= sar:
            long, sar = False, max(extreme, prev_high, new_high)
            out[i] = sar
            factor, extreme = step, new_low
            sar = max(sar + factor * (extreme - sar), prev_high, new_high)
        elif not long and new_high >= sar:
            long, sar = True, min(extreme, prev_low, new_low)
            out[i] = sar
            factor, extreme = step, new_high
            sar = min(sar + factor * (extreme - sar), prev_low, new_low)
        elif long:
            out[i] = sar
            if new_high > extreme:
                extreme, factor = new_high, min(factor + step, maximum)
            sar = min(sar + factor * (extreme - sar), prev_low, new_low)
        else:
            out[i] = sar
            if new_low < extreme:
                extreme, factor = new_low, min(factor + step, maximum)
            sar = max(sar + factor * (extreme - sar), prev_high, new_high)
    return out
''',
        (),
    ),
    "supertrend_lines": (
        '''def supertrend_lines(high, low, close, n, multiplier):
    """Supertrend (TradingView's ta.supertrend): bands (high + low) / 2 +- multiplier x ATR(n);
    the lower band only rises and the upper band only falls while the close stays beyond the
    previous band. The trend turns up when the close goes above the upper band and down when
    it goes below the lower band; the line is the lower band in an up trend, the upper band in
    a down trend. Returns (line, direction) with direction +1 up (green), -1 down (red)."""
    close = np.asarray(close, dtype=float)
    middle = (np.asarray(high, dtype=float) + np.asarray(low, dtype=float)) / 2
    width = multiplier * atr(high, low, close, n)
    upper, lower = middle + width, middle - width
    line, direction = np.full(len(close), np.nan), np.full(len(close), np.nan)
    for i in np.flatnonzero(~np.isnan(width)):
        if i == 0 or np.isnan(width[i - 1]):
            up = False  # TradingView starts in a down trend
        else:
            if not (lower[i] > lower[i - 1] or close[i - 1] < lower[i - 1]):
                lower[i] = lower[i - 1]
            if not (upper[i] < upper[i - 1] or close[i - 1] > upper[i - 1]):
                upper[i] = upper[i - 1]
            was_up = direction[i - 1] > 0
            up = close[i] >= lower[i] if was_up else close[i] > upper[i]
        direction[i] = 1.0 if up else -1.0
        line[i] = lower[i] if up else upper[i]
    return line, direction
''',
        ("atr",),
    ),
    "supertrend": (
        '''def supertrend(high, low, close, n, multiplier):
    """The Supertrend line (see supertrend_lines for the definition): the lower band, under the
    price, in an up trend; the upper band, over the price, in a down trend."""
    return supertrend_lines(high, low, close, n, multiplier)[0]
''',
        ("atr", "supertrend_lines"),
    ),
    "supertrend_direction": (
        '''def supertrend_direction(high, low, close, n, multiplier):
    """The Supertrend's direction (see supertrend_lines for the definition): +1 in an up trend
    (drawn green), -1 in a down trend (drawn red)."""
    return supertrend_lines(high, low, close, n, multiplier)[1]
''',
        ("atr", "supertrend_lines"),
    ),
    "keltner_upper": (
        '''def keltner_upper(high, low, close, n, multiplier, atr_n):
    """Upper Keltner channel (the EMA/ATR variant of StockCharts and TradingView): EMA(n) of
    the close + multiplier x ATR(atr_n); standard 20, 2 and 10."""
    return ema(close, n) + multiplier * atr(high, low, close, atr_n)
''',
        ("ema", "atr"),
    ),
    "keltner_lower": (
        '''def keltner_lower(high, low, close, n, multiplier, atr_n):
    """Lower Keltner channel (the EMA/ATR variant of StockCharts and TradingView): EMA(n) of
    the close - multiplier x ATR(atr_n); standard 20, 2 and 10."""
    return ema(close, n) - multiplier * atr(high, low, close, atr_n)
''',
        ("ema", "atr"),
    ),
    "atr_band_upper": (
        '''def atr_band_upper(high, low, close, n, multiplier, atr_n):
    """Upper ATR band: SMA(n) of the close + multiplier x ATR(atr_n) (a Keltner channel
    around a simple average)."""
    return sma(close, n) + multiplier * atr(high, low, close, atr_n)
''',
        ("sma", "atr"),
    ),
    "atr_band_lower": (
        '''def atr_band_lower(high, low, close, n, multiplier, atr_n):
    """Lower ATR band: SMA(n) of the close - multiplier x ATR(atr_n) (a Keltner channel
    around a simple average)."""
    return sma(close, n) - multiplier * atr(high, low, close, atr_n)
''',
        ("sma", "atr"),
    ),
    "chandelier_long": (
        '''def chandelier_long(high, low, close, n, multiplier, atr_n):
    """Chandelier exit for longs (Le Beau, as StockCharts): the highest high of the last n bars
    (this one included) - multiplier x ATR(atr_n); standard 22, 3 and 22."""
    highest = pd.Series(high).rolling(n).max().to_numpy()
    return highest - multiplier * atr(high, low, close, atr_n)
''',
        ("atr",),
    ),
    "chandelier_short": (
        '''def chandelier_short(high, low, close, n, multiplier, atr_n):
    """Chandelier exit for shorts (Le Beau, as StockCharts): the lowest low of the last n bars
    (this one included) + multiplier x ATR(atr_n); standard 22, 3 and 22."""
    lowest = pd.Series(low).rolling(n).min().to_numpy()
    return lowest + multiplier * atr(high, low, close, atr_n)
''',
        ("atr",),
    ),
    "cci": (
        '''def cci(high, low, close, n):
    """Commodity Channel Index (Lambert), as TA-Lib and TradingView: (typical price - its
    SMA(n)) / (0.015 x the mean absolute deviation of the last n typical prices), where the
    typical price is (high + low + close) / 3."""
    typical = (np.asarray(high) + np.asarray(low) + np.asarray(close)) / 3
    out = np.full(len(typical), np.nan)
    if len(typical) >= n:
        windows = np.lib.stride_tricks.sliding_window_view(typical, n)
        mean = windows.mean(axis=1)
        deviation = np.abs(windows - mean[:, None]).mean(axis=1)
        out[n - 1 :] = (typical[n - 1 :] - mean) / (0.015 * deviation)
    return out
''',
        (),
    ),
    "williams_r": (
        '''def williams_r(high, low, close, n):
    """Williams %R, as TA-Lib and TradingView: -100 x (highest high - close) / (highest high -
    lowest low) over the last n bars including this one; from 0 (at the high) to -100."""
    highest_high = pd.Series(high).rolling(n).max()
    lowest_low = pd.Series(low).rolling(n).min()
    return (-100 * (highest_high - pd.Series(close)) / (highest_high - lowest_low)).to_numpy()
''',
        (),
    ),
    "stoch_rsi_k": (
        '''def stoch_rsi_k(close, rsi_n, stoch_n, smooth):
    """Stochastic RSI %K, as TradingView: the stochastic of RSI(rsi_n) over the last stoch_n
    bars, 100 x (RSI - lowest RSI) / (highest RSI - lowest RSI), averaged over smooth bars; from
    0 to 100. With smooth 3 it is TA-Lib's STOCHRSI fastd (fastk_period stoch_n, fastd_period 3,
    simple average) once the RSIs agree (see rsi). Uses this bar and earlier ones only."""
    values = pd.Series(rsi(close, rsi_n))
    lowest, highest = values.rolling(stoch_n).min(), values.rolling(stoch_n).max()
    return (100 * (values - lowest) / (highest - lowest)).rolling(smooth).mean().to_numpy()
''',
        ("rsi",),
    ),
    "connors_rsi": (
        '''def connors_rsi(close, rsi_n, streak_n, rank_n):
    """ConnorsRSI, as Connors and Alvarez define it: the average of RSI(rsi_n) of the close, RSI
    (streak_n) of the streak (the count of closes in a row above the one before, +1, +2, ...,
    or below it, -1, -2, ...; 0 on an unchanged close) and the percent rank of the 1-bar
    change (the share, in percent, of the previous rank_n 1-bar changes below this one's); from
    0 to 100. Uses this bar and earlier ones only."""
    closes = pd.Series(close, dtype=float)
    change = closes.diff()
    streak = np.zeros(len(closes))
    for t in range(1, len(closes)):
        step = change.iloc[t]
        if step > 0:
            streak[t] = streak[t - 1] + 1 if streak[t - 1] > 0 else 1
        elif step < 0:
            streak[t] = streak[t - 1] - 1 if streak[t - 1] < 0 else -1
    roc = change / closes.shift(1)
    values = roc.to_numpy()
    rank = np.full(len(values), np.nan)
    for t in range(rank_n + 1, len(values)):
        rank[t] = 100 * np.mean(values[t - rank_n : t] < values[t])
    return (rsi(close, rsi_n) + rsi(streak, streak_n) + rank) / 3
''',
        ("rsi",),
    ),
    "stoch_rsi_d": (
        '''def stoch_rsi_d(close, rsi_n, stoch_n, smooth, d):
    """Stochastic RSI %D, as TradingView: the d-bar simple moving average of its %K."""
    return pd.Series(stoch_rsi_k(close, rsi_n, stoch_n, smooth)).rolling(d).mean().to_numpy()
''',
        ("rsi", "stoch_rsi_k"),
    ),
    "bollinger_percent_b": (
        '''def bollinger_percent_b(close, n, k):
    """Bollinger %B, as Bollinger and TA-Lib's bands define it: (close - lower band) / (upper band
    - lower band), the bands SMA(n) +- k x the population standard deviation (ddof=0); 0 at the
    lower band, 1 at the upper band, below 0 or above 1 outside them."""
    window = pd.Series(close).rolling(n)
    mean, spread = window.mean(), k * window.std(ddof=0)
    return ((pd.Series(close) - (mean - spread)) / (2 * spread)).to_numpy()
''',
        (),
    ),
    "obv": (
        '''def obv(close, volume):
    """On-Balance Volume, as TA-Lib: starts at the first bar's volume, then adds the volume on
    a higher close, subtracts it on a lower close and keeps it on an unchanged close
    (TradingView starts at 0; only the level differs, never a rise, fall or new high)."""
    step = np.sign(pd.Series(close).diff()).fillna(1.0)
    return (step * pd.Series(volume, dtype=float)).cumsum().to_numpy()
''',
        (),
    ),
    "record_high": (
        '''def record_high(values):
    """The all-time high: the highest value of every earlier bar of the data, the current bar
    excluded (a new all-time high is a value above it); shift(1) is a lag, not a look-ahead."""
    return pd.Series(values).cummax().shift(1).to_numpy()
''',
        (),
    ),
    "record_low": (
        '''def record_low(values):
    """The all-time low: the lowest value of every earlier bar of the data, the current bar
    excluded (a new all-time low is a value below it); shift(1) is a lag, not a look-ahead."""
    return pd.Series(values).cummin().shift(1).to_numpy()
''',
        (),
    ),
    "swing_bars": (
        '''def swing_bars(values, n, highest):
    """True on each bar at which the bar n bars back is known to be a swing high (highest) or
    low: its value is the highest (lowest) of the n bars before it, itself and the n bars after
    it (ties count). Nothing after this bar is read."""
    values = pd.Series(values, dtype=float)
    centre, window = values.shift(n), values.rolling(2 * n + 1)
    return (centre >= window.max() if highest else centre <= window.min()).to_numpy()
''',
        (),
    ),
    "swing": (
        '''def swing(values, n, highest):
    """The last swing high (highest) or low: the value of the latest swing known by this bar (a
    swing is known n bars after it, see swing_bars): no look-ahead, none before the first."""
    values = pd.Series(values, dtype=float)
    return values.shift(n).where(swing_bars(values, n, highest)).ffill().to_numpy()
''',
        ("swing_bars",),
    ),
    "obv_highest": (
        '''def obv_highest(close, volume, n):
    """Highest OBV of the previous n bars, excluding the current bar (a lag, not a look-ahead)."""
    return pd.Series(obv(close, volume)).rolling(n).max().shift(1).to_numpy()
''',
        ("obv",),
    ),
    "obv_lowest": (
        '''def obv_lowest(close, volume, n):
    """Lowest OBV of the previous n bars, excluding the current bar (a lag, not a look-ahead)."""
    return pd.Series(obv(close, volume)).rolling(n).min().shift(1).to_numpy()
''',
        ("obv",),
    ),
    "money_flow_index": (
        '''def money_flow_index(high, low, close, volume, n):
    """Money Flow Index, as TA-Lib and TradingView: 100 x positive flow / (positive + negative
    flow) over the last n bars, where a bar's flow is typical price x volume, positive when
    the typical price (high + low + close) / 3 rose from the previous bar, negative when it
    fell."""
    typical = (pd.Series(high) + pd.Series(low) + pd.Series(close)) / 3
    flow, change = typical * pd.Series(volume, dtype=float), typical.diff()
    positive = flow.where(change > 0, 0.0).where(change.notna()).rolling(n).sum()
    negative = flow.where(change < 0, 0.0).where(change.notna()).rolling(n).sum()
    return (100 * positive / (positive + negative)).to_numpy()
''',
        (),
    ),
    "chaikin_money_flow": (
        '''def chaikin_money_flow(high, low, close, volume, n):
    """Chaikin Money Flow, as StockCharts and TradingView: the sum of the last n bars' money
    flow volume over the sum of their volume, from -1 to 1. A bar's money flow volume is its
    volume x ((close - low) - (high - close)) / (high - low), 0 on a bar with no range; its
    running sum is TA-Lib's AD (accumulation/distribution) line."""
    high, low, close = (np.asarray(x, dtype=float) for x in (high, low, close))
    spread = high - low
    where = np.divide((close - low) - (high - close), spread, out=np.zeros_like(spread),
                      where=spread != 0)
    volume = pd.Series(volume, dtype=float)
    return ((where * volume).rolling(n).sum() / volume.rolling(n).sum()).to_numpy()
''',
        (),
    ),
    "wma": (
        '''def wma(values, n):
    """Linearly weighted moving average, as TA-Lib's WMA and TradingView's ta.wma: weights 1..n,
    the newest bar weighted n."""
    weights = np.arange(1, n + 1, dtype=float)
    return (
        pd.Series(values, dtype=float)
        .rolling(n)
        .apply(lambda window: window @ weights / weights.sum(), raw=True)
        .to_numpy()
    )
''',
        (),
    ),
    "hull_moving_average": (
        '''def hull_moving_average(values, n):
    """Hull moving average (Alan Hull), as TradingView's ta.hma: WMA(2 x WMA(n / 2) - WMA(n),
    sqrt(n)), the half length and the square root rounded down. Uses this bar and earlier
    ones only."""
    half, root = max(int(n / 2), 1), max(int(np.sqrt(n)), 1)
    return wma(2 * wma(values, half) - wma(values, n), root)
''',
        ("wma",),
    ),
    "dema": (
        '''def dema(values, n):
    """Double exponential moving average (Patrick Mulloy), as TA-Lib's DEMA and TradingView:
    2 x EMA(n) - EMA(EMA(n), n), each EMA seeded as ema() (TA-Lib seeds with an average; the two
    agree after the warm-up). Uses this bar and earlier ones only."""
    once = ema(values, n)
    return 2 * once - ema(once, n)
''',
        ("ema",),
    ),
    "tema": (
        '''def tema(values, n):
    """Triple exponential moving average (Patrick Mulloy), as TA-Lib's TEMA and TradingView:
    3 x EMA - 3 x EMA(EMA) + EMA(EMA(EMA)), each of span n, seeded as ema() (TA-Lib seeds with
    an average; the two agree after the warm-up). Uses this bar and earlier ones only."""
    once = ema(values, n)
    twice = ema(once, n)
    return 3 * once - 3 * twice + ema(twice, n)
''',
        ("ema",),
    ),
    "chande_momentum": (
        """def chande_momentum(close, n):
    \"\"\"Chande Momentum Oscillator, as TA-Lib's CMO: 100 x (up - down) / (up + down), the
    ups and downs of the close smoothed as rsi() smooths them, so 2 x RSI(n) - 100; from -100
    to 100. TradingView's ta.cmo sums the last n changes instead (Chande's book); the two
    differ. Uses this bar and earlier ones only.\"\"\"
    return 2 * rsi(close, n) - 100
""",
        ("rsi",),
    ),
    "ppo": (
        """def ppo(close, fast, slow):
    \"\"\"Percentage Price Oscillator, as TradingView and StockCharts (TA-Lib's PPO with EMAs):
    100 x (EMA(fast) - EMA(slow)) / EMA(slow), each EMA seeded as ema(). Uses this bar and
    earlier ones only.\"\"\"
    slow_average = ema(close, slow)
    return 100 * (ema(close, fast) - slow_average) / slow_average
""",
        ("ema",),
    ),
    "ultimate_oscillator": (
        """def ultimate_oscillator(high, low, close, short, medium, long):
    \"\"\"Ultimate Oscillator (Larry Williams), as TA-Lib's ULTOSC and TradingView: buying
    pressure (close - the lower of this low and the previous close) over the true range,
    summed over 3 windows and weighted 4:2:1, x 100; from 0 to 100.\"\"\"
    high, low, close = (pd.Series(x, dtype=float) for x in (high, low, close))
    before = close.shift(1)
    floor = pd.concat([low, before], axis=1).min(axis=1, skipna=False)
    ceiling = pd.concat([high, before], axis=1).max(axis=1, skipna=False)
    pressure, true_range = close - floor, ceiling - floor

    def average(n):
        return pressure.rolling(n).sum() / true_range.rolling(n).sum()

    return (100 * (4 * average(short) + 2 * average(medium) + average(long)) / 7).to_numpy()
""",
        (),
    ),
    "awesome_oscillator": (
        """def awesome_oscillator(high, low, fast, slow):
    \"\"\"Awesome Oscillator (Bill Williams), as TradingView: SMA(fast) - SMA(slow) of the
    median price (high + low) / 2, standard 5 and 34. Uses this bar and earlier ones only.\"\"\"
    median = (pd.Series(high, dtype=float) + pd.Series(low, dtype=float)) / 2
    return (median.rolling(fast).mean() - median.rolling(slow).mean()).to_numpy()
""",
        (),
    ),
    "kama": (
        """def kama(close, n, fast, slow):
    \"\"\"Kaufman's Adaptive Moving Average, as TA-Lib's KAMA and TradingView: each bar moves
    the average toward the close by sc = (ER x (2 / (fast + 1) - 2 / (slow + 1)) + 2 / (slow
    + 1))^2, where the efficiency ratio ER is the n-bar net change over the sum of the n
    one-bar changes; seeded with the close n bars in. Uses this bar and earlier ones only.\"\"\"
    close = np.asarray(close, dtype=float)
    out = np.full(len(close), np.nan)
    if len(close) <= n:
        return out
    change = np.abs(close[n:] - close[:-n])
    path = pd.Series(np.abs(np.diff(close))).rolling(n).sum().to_numpy()[n - 1 :]
    efficiency = np.divide(change, path, out=np.zeros_like(change), where=path != 0)
    fast_sc, slow_sc = 2 / (fast + 1), 2 / (slow + 1)
    smoothing = (efficiency * (fast_sc - slow_sc) + slow_sc) ** 2
    value = close[n - 1]
    for k, sc in enumerate(smoothing):
        value = value + sc * (close[n + k] - value)
        out[n + k] = value
    return out
""",
        (),
    ),
    "vwma": (
        """def vwma(values, volume, n):
    \"\"\"Volume-weighted moving average, as TradingView's ta.vwma: the sum of value x volume
    over the last n bars divided by their volume.\"\"\"
    values, volume = pd.Series(values, dtype=float), pd.Series(volume, dtype=float)
    return ((values * volume).rolling(n).sum() / volume.rolling(n).sum()).to_numpy()
""",
        (),
    ),
    "zlema": (
        """def zlema(values, n):
    \"\"\"Zero-lag EMA (Ehlers and Way), as TradingView scripts write it: the EMA(n), seeded as
    ema(), of 2 x value - the value (n - 1) // 2 bars earlier. Uses this bar and earlier ones
    only.\"\"\"
    values = pd.Series(values, dtype=float)
    return ema(2 * values - values.shift((n - 1) // 2), n)
""",
        ("ema",),
    ),
    "elder_bull_power": (
        """def elder_bull_power(high, close, n):
    \"\"\"Elder-ray bull power (Alexander Elder): this high - the EMA(n) of the close (13 bars
    in his book), the EMA seeded as ema().\"\"\"
    return np.asarray(high, dtype=float) - ema(close, n)
""",
        ("ema",),
    ),
    "elder_bear_power": (
        """def elder_bear_power(low, close, n):
    \"\"\"Elder-ray bear power (Alexander Elder): this low - the EMA(n) of the close.\"\"\"
    return np.asarray(low, dtype=float) - ema(close, n)
""",
        ("ema",),
    ),
    "vortex_line": (
        """def vortex_line(high, low, close, n, plus):
    \"\"\"A Vortex Indicator line (Botes and Siepman), as TradingView: the sum over n bars of
    |this high - the previous low| (VI+, ``plus``) or |this low - the previous high| (VI-),
    over the sum of the true range over the same bars.\"\"\"
    high, low, close = (pd.Series(x, dtype=float) for x in (high, low, close))
    movement = (high - low.shift(1)).abs() if plus else (low - high.shift(1)).abs()
    previous = close.shift(1)
    ranges = [high - low, (high - previous).abs(), (low - previous).abs()]
    true_range = pd.concat(ranges, axis=1).max(axis=1, skipna=False)
    return (movement.rolling(n).sum() / true_range.rolling(n).sum()).to_numpy()
""",
        (),
    ),
    "vortex_plus": (
        """def vortex_plus(high, low, close, n):
    \"\"\"VI+, the Vortex Indicator's positive line: the upward movement (this high - the previous
    low) over the true range, summed over n bars (see vortex_line).\"\"\"
    return vortex_line(high, low, close, n, True)
""",
        ("vortex_line",),
    ),
    "vortex_minus": (
        """def vortex_minus(high, low, close, n):
    \"\"\"VI-, the Vortex Indicator's negative line: the downward movement (this low - the
    previous high) over the true range, summed over n bars (see vortex_line).\"\"\"
    return vortex_line(high, low, close, n, False)
""",
        ("vortex_line",),
    ),
    "trix": (
        '''def trix(close, n):
    """TRIX, as TA-Lib and StockCharts: the one-bar rate of change, in percent, of an EMA of an
    EMA of an EMA of the close, each of span n (seeded as ema(): the first value, where TA-Lib
    seeds each with an average; the two agree after the warm-up)."""
    smooth = ema(ema(ema(close, n), n), n)
    return (100 * pd.Series(smooth).pct_change(fill_method=None)).to_numpy()
''',
        ("ema",),
    ),
    "aroon_line": (
        '''def aroon_line(values, n, latest_extreme):
    """100 x (n - bars since the extreme of the last n + 1 values) / n, as TA-Lib's AROON and
    TradingView: the latest bar of a tie counting (``latest_extreme``: np.argmax or np.argmin
    over the window read newest first); from 0 to 100."""
    out = np.full(len(values), np.nan)
    if len(values) > n:
        windows = np.lib.stride_tricks.sliding_window_view(np.asarray(values, dtype=float), n + 1)
        out[n:] = 100 * (n - latest_extreme(windows[:, ::-1], axis=1)) / n
    return out
''',
        (),
    ),
    "aroon_up": (
        '''def aroon_up(high, n):
    """Aroon Up: how recent the highest high of the last n + 1 bars is (see aroon_line)."""
    return aroon_line(high, n, np.argmax)
''',
        ("aroon_line",),
    ),
    "aroon_down": (
        '''def aroon_down(low, n):
    """Aroon Down: how recent the lowest low of the last n + 1 bars is (see aroon_line)."""
    return aroon_line(low, n, np.argmin)
''',
        ("aroon_line",),
    ),
    "aroon_oscillator": (
        '''def aroon_oscillator(high, low, n):
    """Aroon oscillator, as TA-Lib's AROONOSC: Aroon Up minus Aroon Down, from -100 to 100."""
    return aroon_up(high, n) - aroon_down(low, n)
''',
        ("aroon_line", "aroon_up", "aroon_down"),
    ),
    "midpoint": (
        '''def midpoint(high, low, n):
    """(Highest high + lowest low) / 2 over the last n bars including this one."""
    return ((pd.Series(high).rolling(n).max() + pd.Series(low).rolling(n).min()) / 2).to_numpy()
''',
        (),
    ),
    "ichimoku_span_a": (
        '''def ichimoku_span_a(high, low, tenkan, kijun):
    """Ichimoku senkou span A as known at each bar: (tenkan + kijun) / 2 computed kijun bars
    earlier (the standard chart draws it kijun bars ahead; this is the same value on the bar it
    is drawn at, so nothing looks ahead)."""
    span = (midpoint(high, low, tenkan) + midpoint(high, low, kijun)) / 2
    return pd.Series(span).shift(kijun).to_numpy()
''',
        ("midpoint",),
    ),
    "ichimoku_span_b": (
        '''def ichimoku_span_b(high, low, senkou, kijun):
    """Ichimoku senkou span B as known at each bar: the midpoint of the last senkou bars,
    computed kijun bars earlier (drawn kijun bars ahead; nothing looks ahead)."""
    return pd.Series(midpoint(high, low, senkou)).shift(kijun).to_numpy()
''',
        ("midpoint",),
    ),
    "cloud_top": (
        '''def cloud_top(high, low, tenkan, kijun, senkou):
    """Top of the Ichimoku cloud at each bar: the higher of senkou spans A and B there."""
    span_a = ichimoku_span_a(high, low, tenkan, kijun)
    return np.maximum(span_a, ichimoku_span_b(high, low, senkou, kijun))
''',
        ("midpoint", "ichimoku_span_a", "ichimoku_span_b"),
    ),
    "cloud_bottom": (
        '''def cloud_bottom(high, low, tenkan, kijun, senkou):
    """Bottom of the Ichimoku cloud at each bar: the lower of senkou spans A and B there."""
    span_a = ichimoku_span_a(high, low, tenkan, kijun)
    return np.minimum(span_a, ichimoku_span_b(high, low, senkou, kijun))
''',
        ("midpoint", "ichimoku_span_a", "ichimoku_span_b"),
    ),
    "opening_range": (
        '''def opening_range(values, index, n, how):
    """The opening range: the high ("max"), low ("min"), open ("first") or close ("last") of
    each day's first n bars, on the day's later bars; NaN on the range's own bars (it is
    complete once its last bar has closed), so nothing looks ahead. Its open and close are
    known at that last bar's close, so they are on it too (the first n minutes' move is
    traded at the next bar's open). It needs intraday bars."""
    days = pd.DatetimeIndex(index).normalize()
    if not days.has_duplicates:
        raise ValueError(
            "the opening range is built from a day's first intraday bars, but these bars are "
            "daily or longer: test on 1h or shorter bars"
        )
    count = pd.Series(days).groupby(days).cumcount().to_numpy()
    inside = count < n
    level = pd.Series(values, dtype=float).where(inside).groupby(days).transform(how)
    known = count >= (n - 1 if how in ("first", "last") else n)
    return level.where(known).to_numpy()
''',
        (),
    ),
    "session_range": (
        '''def session_range(values, index, end, minutes, how):
    """A session's range: the high ("max") or low ("min") of the bars of each date that open in
    the window of the day from minute end - minutes up to (not including) minute end, on that
    date's bars opening at or after minute end (the window has closed: every bar of it is
    earlier), NaN before them and on a date with no bar in the window: nothing looks ahead.
    Minutes are of the data's own clock. It needs intraday bars."""
    index = pd.DatetimeIndex(index)
    days = index.normalize()
    if not days.has_duplicates:
        raise ValueError(
            "a session's range is built from a day's intraday bars, but these bars are "
            "daily or longer: test on 1h or shorter bars"
        )
    minute = (index.hour * 60 + index.minute).to_numpy()
    inside = (minute >= end - minutes) & (minute < end)
    level = pd.Series(values, dtype=float).where(inside).groupby(days).transform(how)
    return level.where(minute >= end).to_numpy()
''',
        (),
    ),
    "prior_day": (
        '''def prior_day(values, index, how):
    """The previous date's high ("max"), low ("min"), open ("first") or close ("last"), on each
    intraday bar of a date: from the bars of the date before it in the data (NaN on the data's
    first date). Known from a day's first bar on, when the day before has ended: no look-ahead.
    It needs intraday bars: on daily bars the previous day is the previous bar."""
    days = pd.DatetimeIndex(index).normalize()
    if not days.has_duplicates:
        raise ValueError(
            "the previous day's prices are built from intraday bars (several bars a day), "
            "but these bars are daily or longer: say the previous bar's price instead"
        )
    per_day = pd.Series(values, dtype=float).groupby(days).agg(how)
    return per_day.shift(1).reindex(days).to_numpy()
''',
        (),
    ),
    "this_day": (
        '''def this_day(values, index, how):
    """The current date's open ("first": its first bar's), or its high ("cummax") or low
    ("cummin") before this bar (the earlier bars of the date; NaN on its first bar), on each
    intraday bar of the date: known at that bar, no look-ahead (a close beyond the day's high
    so far breaks it, as a new 20-bar high is beyond the previous 20 bars). It needs intraday
    bars: on daily bars the day's price is the bar's own."""
    days = pd.DatetimeIndex(index).normalize()
    if not days.has_duplicates:
        raise ValueError(
            "the day's open, high or low so far is built from intraday bars (several bars a "
            "day), but these bars are daily or longer: say the bar's own price instead"
        )
    grouped = pd.Series(values, dtype=float).groupby(days)
    if how == "first":
        return grouped.transform("first").to_numpy()
    return getattr(grouped, how)().groupby(days).shift(1).to_numpy()
''',
        (),
    ),
    "vwap": (
        '''def vwap(high, low, close, volume, index):
    """Volume-weighted average price anchored to each day (TradingView's session VWAP): the
    running sum of typical price ((high + low + close) / 3) x volume since the day's first bar,
    divided by the running volume. It needs intraday bars: on daily bars every bar would be its
    own VWAP, so it stops with a message instead."""
    days = pd.DatetimeIndex(index).normalize()
    if not days.has_duplicates:
        raise ValueError(
            "VWAP is anchored to each day and needs intraday bars (several bars a day), "
            "but these bars are daily or longer: test on 1h or shorter bars"
        )
    typical = (pd.Series(high) + pd.Series(low) + pd.Series(close)) / 3
    volume = pd.Series(volume, dtype=float)
    sums = pd.DataFrame({"value": typical * volume, "volume": volume}).groupby(days).cumsum()
    return (sums["value"] / sums["volume"]).to_numpy()
''',
        (),
    ),
    "rsi_divergence": (
        '''def rsi_divergence(price, close, rsi_n, n, bullish):
    """RSI divergence, 1 on the bar it is known, else 0. Bullish: price's latest swing low (a
    low that is the lowest of the n bars before it, itself and the n bars after it) is below the
    swing low before it while RSI(rsi_n) at the latest is above RSI at the one before (price
    makes a lower low, RSI a higher low). Bearish: the same with swing highs of the high (a
    higher high, RSI a lower high). A swing is known n bars after it, so the divergence is
    signalled then: no look-ahead."""
    values = pd.Series(price, dtype=float)
    strength = pd.Series(rsi(close, rsi_n))
    swing = pd.Series(swing_bars(values, n, not bullish))
    out = np.zeros(len(values))
    before = None  # (price, RSI) at the swing before
    for i in np.flatnonzero(swing.to_numpy()):
        now = (values.iloc[i - n], strength.iloc[i - n])
        if before is not None and not np.isnan(now[1]) and not np.isnan(before[1]):
            lower_low = now[0] < before[0] and now[1] > before[1]
            higher_high = now[0] > before[0] and now[1] < before[1]
            out[i] = float(lower_low if bullish else higher_high)
        before = now
    return out
''',
        ("rsi", "swing_bars"),
    ),
    "rolling_vwap": (
        '''def rolling_vwap(high, low, close, volume, n):
    """Rolling VWAP: the volume-weighted average of the typical price ((high + low + close) / 3)
    over the last n bars, this one included: sum(typical x volume) / sum(volume). TA-Lib has no
    VWAP; none until n bars exist (or while they have no volume)."""
    typical = (pd.Series(high) + pd.Series(low) + pd.Series(close)) / 3
    volume = pd.Series(volume, dtype=float)
    return ((typical * volume).rolling(n).sum() / volume.rolling(n).sum()).to_numpy()
''',
        (),
    ),
    "anchored_vwap": (
        '''def anchored_vwap(high, low, close, volume, index, period):
    """Anchored VWAP: the volume-weighted average of the typical price ((high + low + close) / 3)
    from the first bar of each calendar period ("W" week, "M" month, "Y" year) to this bar, this
    one included: the running sum of typical x volume over the running volume, restarting with
    each period. TA-Lib has no VWAP."""
    periods = pd.DatetimeIndex(index).to_period(period)
    typical = (pd.Series(high) + pd.Series(low) + pd.Series(close)) / 3
    volume = pd.Series(volume, dtype=float)
    frame = pd.DataFrame({"value": (typical * volume).to_numpy(), "volume": volume.to_numpy()})
    sums = frame.groupby(periods).cumsum()
    return (sums["value"] / sums["volume"]).to_numpy()
''',
        (),
    ),
    "ibs": (
        '''def ibs(high, low, close):
    """Internal bar strength: where the close sits in the bar's range, (close - low) / (high -
    low), 0 at the low and 1 at the high. A bar with no range (high = low) has no IBS (NaN), so
    no rule comparing it holds on that bar."""
    h, lo, c = (np.asarray(x, dtype=float) for x in (high, low, close))
    span = h - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(span > 0, (c - lo) / span, np.nan)
''',
        (),
    ),
    "atr_percent": (
        '''def atr_percent(high, low, close, n):
    """ATR as a percent of price: 100 x ATR(n) / close (TA-Lib's NATR)."""
    return 100 * atr(high, low, close, n) / np.asarray(close, dtype=float)
''',
        ("atr",),
    ),
    "historical_volatility": (
        '''def historical_volatility(close, n):
    """Historical volatility: the sample standard deviation of the last n log returns (close
    over the previous close), annualised with the square root of 252 trading days, in percent
    (on daily bars; the same formula on other bars)."""
    returns = np.log(pd.Series(close, dtype=float)).diff()
    return (returns.rolling(n).std(ddof=1) * np.sqrt(252) * 100).to_numpy()
''',
        (),
    ),
    "bullish_engulfing": (
        '''def bullish_engulfing(open_, close):
    """Bullish engulfing (TA-Lib's CDLENGULFING, bullish side): a down bar (close below open)
    followed by an up bar whose body covers the previous body: open at or below the previous
    close and close at or above the previous open, at least one of them strictly. 1 or 0."""
    o, c = pd.Series(open_), pd.Series(close)
    po, pc = o.shift(1), c.shift(1)
    covers = ((c >= po) & (o < pc)) | ((c > po) & (o <= pc))
    return ((pc < po) & (c >= o) & covers).astype(float).to_numpy()
''',
        (),
    ),
    "bearish_engulfing": (
        '''def bearish_engulfing(open_, close):
    """Bearish engulfing (TA-Lib's CDLENGULFING, bearish side): an up bar (close at or above
    open) followed by a down bar whose body covers the previous body: open at or above the
    previous close and close at or below the previous open, at least one strictly. 1 or 0."""
    o, c = pd.Series(open_), pd.Series(close)
    po, pc = o.shift(1), c.shift(1)
    covers = ((o >= pc) & (c < po)) | ((o > pc) & (c <= po))
    return ((pc >= po) & (c < o) & covers).astype(float).to_numpy()
''',
        (),
    ),
    "heikin_ashi_body": (
        '''def heikin_ashi_body(open_, high, low, close):
    """The Heikin-Ashi candle of each bar, close minus open: positive for a green candle,
    negative for a red one. HA close = (open + high + low + close) / 4; HA open = (the previous
    HA open + the previous HA close) / 2, starting at (open + close) / 2 on the first bar. (The
    high and low only bound the HA candle's wicks; they never change its colour.)"""
    o, h, lo, c = (np.asarray(x, dtype=float) for x in (open_, high, low, close))
    ha_close = (o + h + lo + c) / 4
    ha_open = np.empty(len(c))
    if len(c):
        ha_open[0] = (o[0] + c[0]) / 2
    for i in range(1, len(c)):
        ha_open[i] = (ha_open[i - 1] + ha_close[i - 1]) / 2
    return ha_close - ha_open
''',
        (),
    ),
    "candle_body": (
        '''def candle_body(open_, close):
    """The body of each bar, in price units: |close - open| (0 for a doji), the part of a
    candle between its open and its close."""
    return np.abs(np.asarray(close, dtype=float) - np.asarray(open_, dtype=float))
''',
        (),
    ),
    "upper_wick": (
        '''def upper_wick(open_, high, close):
    """The upper wick (upper shadow) of each bar, in price units: high - max(open, close), the
    part of a candle above its body."""
    o, h, c = (np.asarray(x, dtype=float) for x in (open_, high, close))
    return h - np.maximum(o, c)
''',
        (),
    ),
    "lower_wick": (
        '''def lower_wick(open_, low, close):
    """The lower wick (lower shadow) of each bar, in price units: min(open, close) - low, the
    part of a candle below its body."""
    o, lo, c = (np.asarray(x, dtype=float) for x in (open_, low, close))
    return np.minimum(o, c) - lo
''',
        (),
    ),
    "bar_range": (
        '''def bar_range(high, low):
    """The range of each bar, in price units: high - low, the whole candle from the tip of its
    upper wick to the tip of its lower wick."""
    return np.asarray(high, dtype=float) - np.asarray(low, dtype=float)
''',
        (),
    ),
    "hammer": (
        '''def hammer(open_, high, low, close):
    """Hammer: a lower shadow at least twice the body and an upper shadow at most a tenth of
    the bar's high-low range (a small body at the top of a long lower wick). 1 or 0. (TA-Lib's
    CDLHAMMER also compares with averages of earlier bars; Botlab uses this one-bar form.)"""
    o, h, lo, c = (np.asarray(x, dtype=float) for x in (open_, high, low, close))
    body, span = np.abs(c - o), h - lo
    lower, upper = np.minimum(o, c) - lo, h - np.maximum(o, c)
    return ((span > 0) & (lower >= 2 * body) & (upper <= 0.1 * span)).astype(float)
''',
        (),
    ),
    "shooting_star": (
        '''def shooting_star(open_, high, low, close):
    """Shooting star: an upper shadow at least twice the body and a lower shadow at most a
    tenth of the bar's high-low range (a small body at the bottom of a long upper wick). 1 or
    0. (TA-Lib's CDLSHOOTINGSTAR also needs a gap up; Botlab uses this one-bar form.)"""
    o, h, lo, c = (np.asarray(x, dtype=float) for x in (open_, high, low, close))
    body, span = np.abs(c - o), h - lo
    lower, upper = np.minimum(o, c) - lo, h - np.maximum(o, c)
    return ((span > 0) & (upper >= 2 * body) & (lower <= 0.1 * span)).astype(float)
''',
        (),
    ),
    "doji": (
        '''def doji(open_, high, low, close):
    """Doji (TA-Lib's CDLDOJI): the body |close - open| is at most a tenth of the average
    high-low range of the previous 10 bars. 1 or 0 (0 for the first 10 bars)."""
    body = (pd.Series(close) - pd.Series(open_)).abs()
    average_range = (pd.Series(high) - pd.Series(low)).rolling(10).mean().shift(1)
    return (body <= 0.1 * average_range).astype(float).to_numpy()
''',
        (),
    ),
    "bullish_harami": (
        '''def bullish_harami(open_, close):
    """Bullish harami: a down bar (close below open) followed by an up bar (close above open)
    whose body lies inside the previous body (open above the previous close, close below the
    previous open). 1 or 0. (TA-Lib's CDLHARAMI also asks for a long first body and a short
    second one, against averages of earlier bars; Botlab uses this two-bar form.)"""
    o, c = pd.Series(open_), pd.Series(close)
    po, pc = o.shift(1), c.shift(1)
    return ((pc < po) & (c > o) & (o > pc) & (c < po)).astype(float).to_numpy()
''',
        (),
    ),
    "bearish_harami": (
        '''def bearish_harami(open_, close):
    """Bearish harami: an up bar (close above open) followed by a down bar (close below open)
    whose body lies inside the previous body (open below the previous close, close above the
    previous open). 1 or 0. (TA-Lib's CDLHARAMI also compares body sizes with averages.)"""
    o, c = pd.Series(open_), pd.Series(close)
    po, pc = o.shift(1), c.shift(1)
    return ((pc > po) & (c < o) & (o < pc) & (c > po)).astype(float).to_numpy()
''',
        (),
    ),
    "piercing_line": (
        '''def piercing_line(open_, high, low, close):
    """Piercing line: a down bar followed by an up bar that opens below the previous low and
    closes above the middle of the previous body but below the previous open. 1 or 0. (TA-Lib's
    CDLPIERCING also asks for two long bodies; Botlab uses this two-bar form.)"""
    o, c, lo = pd.Series(open_), pd.Series(close), pd.Series(low)
    po, pc, plo = o.shift(1), c.shift(1), lo.shift(1)
    middle = (po + pc) / 2
    return ((pc < po) & (c > o) & (o < plo) & (c > middle) & (c < po)).astype(float).to_numpy()
''',
        (),
    ),
    "dark_cloud_cover": (
        '''def dark_cloud_cover(open_, high, low, close):
    """Dark cloud cover: an up bar followed by a down bar that opens above the previous high and
    closes below the middle of the previous body but above the previous open. 1 or 0. (TA-Lib's
    CDLDARKCLOUDCOVER also asks for a long first body; Botlab uses this two-bar form.)"""
    o, c, h = pd.Series(open_), pd.Series(close), pd.Series(high)
    po, pc, ph = o.shift(1), c.shift(1), h.shift(1)
    middle = (po + pc) / 2
    return ((pc > po) & (c < o) & (o > ph) & (c < middle) & (c > po)).astype(float).to_numpy()
''',
        (),
    ),
    "morning_star": (
        '''def morning_star(open_, close):
    """Morning star, on the third bar: a down bar; then a bar whose body is at most half of the
    first body and lies wholly below the first close; then an up bar closing above the middle
    of the first body. 1 or 0. (TA-Lib's CDLMORNINGSTAR measures "long" and "short" bodies
    against averages of earlier bars; Botlab uses this three-bar form.)"""
    o, c = pd.Series(open_), pd.Series(close)
    o1, c1, o2, c2 = o.shift(2), c.shift(2), o.shift(1), c.shift(1)
    first_down = c1 < o1
    star = ((c2 - o2).abs() <= (o1 - c1) / 2) & (np.maximum(o2, c2) < c1)
    third_up = (c > o) & (c > (o1 + c1) / 2)
    return (first_down & star & third_up).astype(float).to_numpy()
''',
        (),
    ),
    "evening_star": (
        '''def evening_star(open_, close):
    """Evening star, on the third bar: an up bar; then a bar whose body is at most half of the
    first body and lies wholly above the first close; then a down bar closing below the middle
    of the first body. 1 or 0. (TA-Lib's CDLEVENINGSTAR measures bodies against averages.)"""
    o, c = pd.Series(open_), pd.Series(close)
    o1, c1, o2, c2 = o.shift(2), c.shift(2), o.shift(1), c.shift(1)
    first_up = c1 > o1
    star = ((c2 - o2).abs() <= (c1 - o1) / 2) & (np.minimum(o2, c2) > c1)
    third_down = (c < o) & (c < (o1 + c1) / 2)
    return (first_up & star & third_down).astype(float).to_numpy()
''',
        (),
    ),
    "three_white_soldiers": (
        '''def three_white_soldiers(open_, close):
    """Three white soldiers, on the third bar: three up bars in a row, each closing above the
    close before and opening inside the body before (at or above its open, at or below its
    close). 1 or 0. (TA-Lib's CDL3WHITESOLDIERS also limits the shadows and body sizes.)"""
    o, c = pd.Series(open_), pd.Series(close)
    up = c > o
    climbs = (c > c.shift(1)) & (o >= o.shift(1)) & (o <= c.shift(1))
    return (up & up.shift(1) & up.shift(2) & climbs & climbs.shift(1)).astype(float).to_numpy()
''',
        (),
    ),
    "three_black_crows": (
        '''def three_black_crows(open_, close):
    """Three black crows, on the third bar: three down bars in a row, each closing below the
    close before and opening inside the body before (at or below its open, at or above its
    close). 1 or 0. (TA-Lib's CDL3BLACKCROWS also limits the shadows and needs an up bar
    before.)"""
    o, c = pd.Series(open_), pd.Series(close)
    down = c < o
    falls = (c < c.shift(1)) & (o <= o.shift(1)) & (o >= c.shift(1))
    return (down & down.shift(1) & down.shift(2) & falls & falls.shift(1)).astype(float).to_numpy()
''',
        (),
    ),
    "squeeze": (
        '''def squeeze(high, low, close):
    """The Bollinger/Keltner squeeze, John Carter's TTM Squeeze settings: 1 while the Bollinger
    Bands (SMA 20 +- 2 population standard deviations) lie inside the Keltner channels (EMA 20
    +- 1.5 x Wilder's ATR 20), else 0; undefined during the warm-up."""
    upper = pd.Series(bollinger_upper(close, 20, 2))
    lower = pd.Series(bollinger_lower(close, 20, 2))
    middle = pd.Series(ema(close, 20))
    width = 1.5 * pd.Series(atr(high, low, close, 20))
    inside = ((upper < middle + width) & (lower > middle - width)).astype(float)
    return inside.where(upper.notna() & width.notna()).to_numpy()
''',
        ("bollinger_upper", "bollinger_lower", "ema", "atr"),
    ),
    "inside_bar": (
        '''def inside_bar(high, low):
    """Inside bar (inside day): a high below the previous high and a low above the previous
    low. 1 or 0."""
    h, lo = pd.Series(high), pd.Series(low)
    return ((h < h.shift(1)) & (lo > lo.shift(1))).astype(float).to_numpy()
''',
        (),
    ),
    "narrow_range": (
        '''def narrow_range(high, low, n):
    """Narrow-range bar (Toby Crabel's NR4/NR7): 1 when this bar's high - low range is below
    every one of the previous n - 1 bars' ranges (the narrowest of the last n; a tie with an
    earlier bar does not count), else 0; undefined for the first n - 1 bars."""
    span = pd.Series(high, dtype=float) - pd.Series(low, dtype=float)
    narrowest_before = span.shift(1).rolling(int(n) - 1).min()
    return (span < narrowest_before).astype(float).where(narrowest_before.notna()).to_numpy()
''',
        (),
    ),
    "outside_bar": (
        '''def outside_bar(high, low):
    """Outside bar (outside day): a high above the previous high and a low below the previous
    low. 1 or 0."""
    h, lo = pd.Series(high), pd.Series(low)
    return ((h > h.shift(1)) & (lo < lo.shift(1))).astype(float).to_numpy()
''',
        (),
    ),
}
