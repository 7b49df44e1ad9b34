"""The indicator-table functions a compiled bot contains, checked on real bundled data.

Against TA-Lib where the definitions agree (ADX and +DI/-DI, Parabolic SAR, CCI, Williams %R,
OBV, MFI, ATR as a percent of price, historical volatility, engulfing and doji, Bollinger %B and
the squeeze's bands), to floating-point tolerance; after the
warm-up where Botlab's seeding of Wilder's smoothing differs from TA-Lib's (said in the
docstring). Supertrend, Keltner channels, Ichimoku and VWAP are not in TA-Lib: each is checked
against a straightforward loop written here from the published definition. Every function is
also checked for look-ahead: its value at a bar never changes when later bars are added.
"""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest

talib = pytest.importorskip("talib")

from engine.generation import compile_spec, understand  # noqa: E402
from engine.generation._indicator_code import FUNCTIONS, with_dependencies  # noqa: E402
from engine.generation._indicator_table import TABLE  # noqa: E402
from engine.generation._trader_indicator_code import (  # noqa: E402
    FUNCTIONS as TRADER_FUNCTIONS,
)

from .generation.support import bars, load_strategy, run  # noqa: E402

SYMBOLS = ("AAPL", "MSFT", "IBM", "GOOG")
WARM_UP = 30  # x n bars: a differently seeded Wilder average then agrees within (1 - 1/n)^30n


def functions(*names: str) -> dict:
    """The generated source of ``names`` (with what they call), executed as a bot would."""
    namespace: dict = {"np": np, "pd": pd}
    for name in with_dependencies(set(names)):
        exec(FUNCTIONS[name][0], namespace)
    return namespace


def ohlcv(symbol: str) -> tuple[np.ndarray, ...]:
    frame = bars(symbol)
    return tuple(frame[c].to_numpy(dtype=float) for c in ("Open", "High", "Low", "Close", "Volume"))


def same(ours, theirs, start: int = 0, rtol: float = 1e-9) -> None:
    ours, theirs = np.asarray(ours, dtype=float)[start:], np.asarray(theirs, dtype=float)[start:]
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-9)


def assert_no_look_ahead(name: str, args: tuple) -> None:
    """Indicator ``name`` on ``args`` (``"o"``, ``"h"``, ``"lo"``, ``"c"``, ``"v"`` stand for
    AAPL's opens, highs, lows, closes and volumes): a bar's value is the same computed on the
    data up to it as on all the data."""
    o, h, lo, c, v = ohlcv("AAPL")
    data = {"o": o, "h": h, "lo": lo, "c": c, "v": v}
    function = functions(name)[name]
    full = function(*(data[a] if isinstance(a, str) else a for a in args))
    for end in (300, 700, len(c) - 1):
        cut = function(*(data[a][:end] if isinstance(a, str) else a for a in args))
        same(cut, full[:end], rtol=1e-9)


# -- against TA-Lib -------------------------------------------------------------------------------


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_adx_and_directional_indicators_match_talib_after_the_warm_up(symbol):
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("adx", "plus_di", "minus_di")
    for n in (14, 20):
        warm = WARM_UP * n
        same(f["plus_di"](h, lo, c, n), talib.PLUS_DI(h, lo, c, n), warm, rtol=1e-9)
        same(f["minus_di"](h, lo, c, n), talib.MINUS_DI(h, lo, c, n), warm, rtol=1e-9)
        same(f["adx"](h, lo, c, n), talib.ADX(h, lo, c, n), warm, rtol=1e-9)
        # both start on the same bar: only the seed differs, never the warm-up length
        assert np.isnan(f["adx"](h, lo, c, n)[: 2 * n - 1]).all()
        assert not np.isnan(f["adx"](h, lo, c, n)[2 * n - 1])


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_parabolic_sar_matches_talib_from_the_second_bar(symbol):
    _, h, lo, _, _ = ohlcv(symbol)
    f = functions("parabolic_sar")
    for step, maximum in ((0.02, 0.2), (0.01, 0.1), (0.04, 0.3)):
        same(f["parabolic_sar"](h, lo, step, maximum), talib.SAR(h, lo, step, maximum))


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_cci_williams_r_and_obv_match_talib_exactly(symbol):
    _, h, lo, c, v = ohlcv(symbol)
    f = functions("cci", "williams_r", "obv")
    for n in (14, 20):
        same(f["cci"](h, lo, c, n), talib.CCI(h, lo, c, n), rtol=1e-8)
        same(f["williams_r"](h, lo, c, n), talib.WILLR(h, lo, c, n))
    same(f["obv"](c, v), talib.OBV(c, v))


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_money_flow_index_matches_talib_where_no_typical_price_ties(symbol):
    """The adjusted samples have bars whose typical price equals the previous one up to 1e-13;
    TA-Lib's arithmetic rounds some of those to "unchanged" (no flow) and some not, so windows
    holding such a near-tie are left out; everywhere else the two agree exactly."""
    _, h, lo, c, v = ohlcv(symbol)
    n = 14
    ours = functions("money_flow_index")["money_flow_index"](h, lo, c, v, n)
    theirs = talib.MFI(h, lo, c, v, n)
    change = np.diff((h + lo + c) / 3, prepend=np.nan)
    tie = pd.Series(np.abs(change) < 1e-9 * np.abs(c)).rolling(n + 1, min_periods=1).max()
    keep = ~tie.to_numpy(dtype=bool)
    assert keep.sum() > 0.8 * len(c)
    same(ours[keep], theirs[keep])


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_historical_volatility_matches_talib_stddev_of_log_returns(symbol):
    _, _, _, c, _ = ohlcv(symbol)
    ours = functions("historical_volatility")["historical_volatility"](c, 20)
    returns = np.diff(talib.LN(c))  # TA-Lib's STDDEV is the population one: n / (n - 1) for ours
    sample = talib.STDDEV(returns, 20, 1) * np.sqrt(20 / 19)
    same(ours, np.concatenate([[np.nan], sample * np.sqrt(252) * 100]))


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_atr_percent_matches_talib_natr_after_the_warm_up(symbol):
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("atr_percent")
    same(f["atr_percent"](h, lo, c, 14), talib.NATR(h, lo, c, 14), WARM_UP * 14)
    same(f["atr"](h, lo, c, 14), talib.ATR(h, lo, c, 14), WARM_UP * 14)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_keltner_ichimoku_lines_ema_and_rsi_match_talib_where_the_definitions_agree(symbol):
    """TA-Lib has no Keltner channel or Ichimoku, but has their parts: EMA + k x ATR (equal once
    the differently seeded averages have converged) and MIDPRICE, the tenkan/kijun midpoint."""
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("keltner_upper", "keltner_lower", "midpoint", "ema", "rsi")
    ema, atr = talib.EMA(c, 20), talib.ATR(h, lo, c, 10)
    same(f["keltner_upper"](h, lo, c, 20, 2.0, 10), ema + 2 * atr, WARM_UP * 20)
    same(f["keltner_lower"](h, lo, c, 20, 2.0, 10), ema - 2 * atr, WARM_UP * 20)
    for n in (9, 26, 52):
        same(f["midpoint"](h, lo, n), talib.MIDPRICE(h, lo, n))
    same(f["ema"](c, 20), ema, WARM_UP * 20)
    same(f["rsi"](c, 14), talib.RSI(c, 14), WARM_UP * 14)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_stochastic_rsi_matches_talib_stochrsi_after_the_warm_up(symbol):
    """TradingView's %K (smoothed over 3 bars) is TA-Lib's STOCHRSI fastd with fastk_period 14
    and a 3-bar simple average; its %D is a 3-bar average of that."""
    _, _, _, c, _ = ohlcv(symbol)
    f = functions("stoch_rsi_k", "stoch_rsi_d")
    _, k = talib.STOCHRSI(c, 14, 14, 3, 0)
    warm = WARM_UP * 14
    same(f["stoch_rsi_k"](c, 14, 14, 3), k, warm, rtol=1e-7)
    same(f["stoch_rsi_d"](c, 14, 14, 3, 3), talib.SMA(k, 3), warm, rtol=1e-7)


def test_where_botlab_seeds_an_average_unlike_talib_the_docstring_says_so():
    def said(name: str) -> str:
        return " ".join(FUNCTIONS[name][0].split())

    assert "TA-Lib's EMA seeds it with the average of the first n values" in said("ema")
    assert "TA-Lib and TradingView seed them with the average of the first n" in said("rsi")
    assert "TA-Lib and TradingView seed it with a plain average" in said("wilder")


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_percent_b_and_the_squeeze_match_talib_bollinger_bands(symbol):
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("bollinger_percent_b", "squeeze")
    for n, k in ((20, 2.0), (10, 1.5)):
        upper, _, lower = talib.BBANDS(c, n, k, k, 0)
        same(f["bollinger_percent_b"](c, n, k), (c - lower) / (upper - lower), rtol=1e-6)
    upper, _, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    middle = pd.Series(c).ewm(span=20, adjust=False, min_periods=20).mean().to_numpy()
    width = 1.5 * atr_loop(h, lo, c, 20)
    inside = ((upper < middle + width) & (lower > middle - width)).astype(float)
    expected = np.where(np.isnan(upper) | np.isnan(width), np.nan, inside)
    squeeze = f["squeeze"](h, lo, c)
    same(squeeze, expected)
    assert 0 < np.nansum(squeeze) < np.sum(~np.isnan(squeeze))  # on at times, never always


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_engulfing_and_doji_match_talib_candlestick_functions(symbol):
    o, h, lo, c, _ = ohlcv(symbol)
    f = functions("bullish_engulfing", "bearish_engulfing", "doji")
    engulfing = talib.CDLENGULFING(o, h, lo, c)
    doji = talib.CDLDOJI(o, h, lo, c)
    assert (engulfing > 0).sum() > 20 and (engulfing < 0).sum() > 20 and (doji != 0).sum() > 20
    np.testing.assert_array_equal(f["bullish_engulfing"](o, c), (engulfing > 0).astype(float))
    np.testing.assert_array_equal(f["bearish_engulfing"](o, c), (engulfing < 0).astype(float))
    np.testing.assert_array_equal(f["doji"](o, h, lo, c), (doji != 0).astype(float))


# -- against loops written from the definitions ---------------------------------------------------


def wilder_loop(values, n):
    """Wilder's smoothing as the docstring says: seeded with the first value."""
    out, average, count = [], None, 0
    for x in values:
        if np.isnan(x):
            out.append(np.nan)
            continue
        average = x if average is None else average + (x - average) / n
        count += 1
        out.append(average if count >= n else np.nan)
    return np.array(out)


def atr_loop(h, lo, c, n):
    true_range = [h[0] - lo[0]] + [
        max(h[i] - lo[i], abs(h[i] - c[i - 1]), abs(lo[i] - c[i - 1])) for i in range(1, len(c))
    ]
    return wilder_loop(true_range, n)


def supertrend_loop(h, lo, c, n, k):
    """TradingView's ta.supertrend, line by line (direction here: +1 up, -1 down)."""
    atr = atr_loop(h, lo, c, n)
    line, direction = [np.nan] * len(c), [np.nan] * len(c)
    final_upper = final_lower = None
    for i in range(len(c)):
        if np.isnan(atr[i]):
            continue
        upper = (h[i] + lo[i]) / 2 + k * atr[i]
        lower = (h[i] + lo[i]) / 2 - k * atr[i]
        if final_upper is None:
            final_upper, final_lower, up = upper, lower, False
        else:
            lower = lower if lower > final_lower or c[i - 1] < final_lower else final_lower
            upper = upper if upper < final_upper or c[i - 1] > final_upper else final_upper
            up = c[i] >= lower if direction[i - 1] == 1 else c[i] > upper
            final_upper, final_lower = upper, lower
        direction[i] = 1.0 if up else -1.0
        line[i] = final_lower if up else final_upper
    return np.array(line), np.array(direction)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_supertrend_matches_tradingviews_definition(symbol):
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("supertrend", "supertrend_direction")
    for n, k in ((10, 3.0), (7, 2.0)):
        line, direction = supertrend_loop(h, lo, c, n, k)
        same(f["supertrend"](h, lo, c, n, k), line)
        same(f["supertrend_direction"](h, lo, c, n, k), direction)
        assert 10 < np.sum(np.diff(direction[n:]) != 0) < len(c) / 5  # it does flip, not always


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_keltner_channels_are_ema_plus_minus_multiples_of_atr(symbol):
    _, h, lo, c, _ = ohlcv(symbol)
    f = functions("keltner_upper", "keltner_lower")
    ema, alpha = [], 2 / 21
    for x in c:
        ema.append(x if not ema else ema[-1] + alpha * (x - ema[-1]))
    ema = np.array(ema)
    ema[:19] = np.nan
    atr = atr_loop(h, lo, c, 10)
    same(f["keltner_upper"](h, lo, c, 20, 2.0, 10), ema + 2 * atr)
    same(f["keltner_lower"](h, lo, c, 20, 2.0, 10), ema - 2 * atr)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_ichimoku_lines_and_cloud_as_known_at_each_bar(symbol):
    _, h, lo, _, _ = ohlcv(symbol)
    f = functions("midpoint", "ichimoku_span_a", "ichimoku_span_b", "cloud_top", "cloud_bottom")

    def mid(i, n):
        if i < n - 1:
            return np.nan
        return (max(h[i - n + 1 : i + 1]) + min(lo[i - n + 1 : i + 1])) / 2

    size = len(h)
    tenkan = np.array([mid(i, 9) for i in range(size)])
    kijun = np.array([mid(i, 26) for i in range(size)])
    # the cloud drawn at bar i was computed 26 bars earlier, from bars up to i - 26 only
    span_a = np.array(
        [(mid(i - 26, 9) + mid(i - 26, 26)) / 2 if i >= 26 else np.nan for i in range(size)]
    )
    span_b = np.array([mid(i - 26, 52) if i >= 26 else np.nan for i in range(size)])
    same(f["midpoint"](h, lo, 9), tenkan)
    same(f["midpoint"](h, lo, 26), kijun)
    same(f["ichimoku_span_a"](h, lo, 9, 26), span_a)
    same(f["ichimoku_span_b"](h, lo, 52, 26), span_b)
    same(f["cloud_top"](h, lo, 9, 26, 52), np.maximum(span_a, span_b))
    same(f["cloud_bottom"](h, lo, 9, 26, 52), np.minimum(span_a, span_b))


def test_vwap_restarts_each_day_on_hourly_bars():
    frame = bars("EURUSD")
    h, lo, c, v = (frame[k].to_numpy(dtype=float) for k in ("High", "Low", "Close", "Volume"))
    expected, day, value, volume = [], None, 0.0, 0.0
    for stamp, hi, low, close, vol in zip(frame.index, h, lo, c, v, strict=True):
        if stamp.date() != day:
            day, value, volume = stamp.date(), 0.0, 0.0
        value += (hi + low + close) / 3 * vol
        volume += vol
        expected.append(value / volume)
    ours = functions("vwap")["vwap"](h, lo, c, v, frame.index)
    same(ours, expected)
    first_of_day = ~pd.Series(frame.index.date).duplicated().to_numpy()
    np.testing.assert_allclose(ours[first_of_day], ((h + lo + c) / 3)[first_of_day])


def test_vwap_stops_with_a_message_on_daily_bars():
    _, h, lo, c, v = ohlcv("AAPL")
    with pytest.raises(ValueError, match="needs intraday bars"):
        functions("vwap")["vwap"](h, lo, c, v, bars("AAPL").index)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_one_bar_patterns_match_their_stated_definitions(symbol):
    o, h, lo, c, _ = ohlcv(symbol)
    f = functions("hammer", "shooting_star", "inside_bar", "outside_bar")
    hammer, star, inside, outside = ([0.0] * len(c) for _ in range(4))
    for i in range(len(c)):
        body, span = abs(c[i] - o[i]), h[i] - lo[i]
        lower, upper = min(o[i], c[i]) - lo[i], h[i] - max(o[i], c[i])
        hammer[i] = float(span > 0 and lower >= 2 * body and upper <= 0.1 * span)
        star[i] = float(span > 0 and upper >= 2 * body and lower <= 0.1 * span)
        if i:
            inside[i] = float(h[i] < h[i - 1] and lo[i] > lo[i - 1])
            outside[i] = float(h[i] > h[i - 1] and lo[i] < lo[i - 1])
    for name, expected in (
        ("hammer", hammer),
        ("shooting_star", star),
        ("inside_bar", inside),
        ("outside_bar", outside),
    ):
        args = (o, h, lo, c) if name in ("hammer", "shooting_star") else (h, lo)
        got = f[name](*args)
        np.testing.assert_array_equal(got, expected)
        assert got.sum() >= 10, name  # the sample has some


# -- no look-ahead, for every line of the table ---------------------------------------------------


#: Lines built from several bars a day, checked on hourly bars (they stop on daily ones)
_INTRADAY_LINES = frozenset({"prior_day", "this_day"})


def _line_calls():
    for kind, entry in TABLE.items():
        for output, line in entry.lines.items():
            # the opening range is NaN on each day's range bars by design: its own test
            # (test_generation_descriptions_clock_times_and_multiline) checks it for look-ahead;
            # so is a session's range before its window closes (its own test is in
            # test_generation_reference_session_ranges)
            # the day's high and low before each bar are NaN on its first bar by design: their
            # own test (test_generation_reference_day_open) checks them for look-ahead
            nan_by_design = kind == "this_day" and output != "open"
            if kind not in ("vwap", "opening_range", "session_range") and not nan_by_design:
                yield pytest.param(kind, output, line.call, id=f"{kind}-{output}")


@pytest.mark.parametrize(("kind", "output", "call"), list(_line_calls()))
def test_no_line_changes_when_later_bars_arrive(kind, output, call):
    frame = bars("EURUSD" if kind in _INTRADAY_LINES else "MSFT")
    func, _, rest = call.partition("(")
    params = {k: v for k, v in TABLE[kind].params.items()}
    f = functions(func)

    def values(upto: int):
        data = {k.lower(): frame[k].to_numpy(dtype=float)[:upto] for k in frame.columns}
        data["source"] = data["close"]
        data["index"] = frame.index[:upto]
        args = [a.strip().strip("{}") for a in rest.removesuffix(")").split(",")]
        given = {**data, **params}  # a literal argument ("True", '"M"') is itself
        return np.asarray(
            f[func](*[given[a] if a in given else ast.literal_eval(a) for a in args]), dtype=float
        )

    full = values(len(frame))
    assert len(full) == len(frame) and np.isfinite(full[-100:]).all()
    for cut in (120, 777, 1500):
        np.testing.assert_array_equal(values(cut), full[:cut])


# -- docstrings state the definition --------------------------------------------------------------


def test_every_trader_vocabulary_function_states_its_definition_and_reference():
    for name, (source, _) in TRADER_FUNCTIONS.items():
        docstring = source.split('"""')[1]
        assert len(docstring.split()) >= 12, name
    for name in ("adx", "plus_di", "parabolic_sar", "obv", "wilder"):
        assert (
            "TA-Lib" in FUNCTIONS[name][0]
            and "TradingView" in FUNCTIONS[name][0]
            or ("TA-Lib" in FUNCTIONS[name][0])
        ), name
    assert "TradingView starts" in FUNCTIONS["parabolic_sar"][0]
    assert "TradingView" in FUNCTIONS["supertrend_lines"][0]
    assert "StockCharts and TradingView" in FUNCTIONS["keltner_upper"][0]
    assert "nothing looks ahead" in FUNCTIONS["ichimoku_span_a"][0]


def test_a_compiled_vwap_bot_runs_on_hourly_bars_and_explains_itself_on_daily_bars():
    understood = understand(
        "buy when the close crosses above VWAP, sell when it crosses below VWAP, 1h bars"
    )
    assert understood.complete and understood.spec.interval == "1h"
    bot = load_strategy(compile_spec(understood.spec), understood.spec.name)
    assert run(bot, "EURUSD")["# Trades"] > 50
    with pytest.raises(RuntimeError, match='Indicator "VWAP" error') as error:
        run(bot, "AAPL")
    assert "needs intraday bars" in str(error.value.__cause__)


def test_a_vwap_bot_run_on_daily_bars_fails_saying_why(tmp_path):
    """Through the real sandbox: backtesting.py wraps the indicator's exception as
    'Indicator "VWAP" error'; the run's error carries the reason and what to change."""
    from engine.execution.executor import BotExecutor

    understood = understand("buy when price crosses above VWAP, sell when it crosses below VWAP")
    bot = tmp_path / "vwap_bot.py"
    bot.write_text(compile_spec(understood.spec))

    result = BotExecutor(verbose=False).execute_bot(bot, test_symbol="AAPL")

    assert (result.status, result.error_type) == ("failed", "strategy_error")
    assert 'Indicator "VWAP" error' in result.error
    assert "needs intraday bars" in result.error and "test on 1h or shorter bars" in result.error
