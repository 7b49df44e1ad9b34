"""The template bots' rules, checked bar by bar against the data (in-process, no executor)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from backtesting import Backtest

from engine.data import load_ohlcv
from engine.templates import TEMPLATES, render, validate
from engine.templates._pairs import ratio_frame
from engine.templates.bots.mean_reversion import MeanReversion, zscore
from engine.templates.bots.momentum_breakout import MomentumBreakout
from engine.templates.bots.orb import OpeningRangeBreakout
from engine.templates.bots.pairs_trading import PairsTrading, spread_zscore

from .fixtures.templates.intraday import intraday_frame, session_bars

DAY = "2024-05-01"


def run(strategy, frame: pd.DataFrame, **params) -> pd.DataFrame:
    """The closed trades of ``strategy`` on ``frame`` (as the harness runs it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats = Backtest(frame, strategy, cash=100_000, finalize_trades=True).run(**params)
    return stats["_trades"]


def first_breakout(frame: pd.DataFrame, range_bars: int = 3, side: str = "long") -> int:
    """The bar whose close first leaves the opening range (the signal bar)."""
    top, bottom = frame["High"].iloc[:range_bars].max(), frame["Low"].iloc[:range_bars].min()
    closes = frame["Close"].iloc[range_bars:]
    beyond = closes > top if side == "long" else closes < bottom
    return range_bars + int(np.argmax(beyond.to_numpy()))


def trailing_exit_price(frame: pd.DataFrame, entry: int, exit_: int, pct: float, long=True):
    """Where a trailing stop set from the bars entry..exit-1 fills on bar ``exit_``."""
    stop = pct / 100
    if long:
        level = frame["High"].iloc[entry:exit_].max() * (1 - stop)
        return min(level, frame["Open"].iloc[exit_]), level
    level = frame["Low"].iloc[entry:exit_].min() * (1 + stop)
    return max(level, frame["Open"].iloc[exit_]), level


# -- orb -----------------------------------------------------------------------------------------


def test_orb_enters_on_the_first_close_above_the_range_and_trails_its_stop():
    frame = session_bars(DAY, "breakout_then_stop")
    trades = run(OpeningRangeBreakout, frame, trailing_stop_pct=1.0)

    assert len(trades) == 1
    trade = trades.iloc[0]
    signal = first_breakout(frame)
    assert signal == 7  # the fixture's designed breakout bar
    assert trade.EntryBar == signal + 1
    assert trade.EntryPrice == pytest.approx(frame["Open"].iloc[signal + 1])
    expected, level = trailing_exit_price(frame, trade.EntryBar, trade.ExitBar, 1.0)
    assert trade.ExitPrice == pytest.approx(expected)
    for bar in range(trade.EntryBar + 1, trade.ExitBar):  # nothing touched the stop earlier
        _, earlier = trailing_exit_price(frame, trade.EntryBar, bar, 1.0)
        assert frame["Low"].iloc[bar] > earlier
    assert trade.ExitBar < len(frame) - 1


def test_orb_closes_at_the_open_of_the_sessions_last_bar():
    frame = session_bars(DAY, "breakout_and_hold")
    trades = run(OpeningRangeBreakout, frame, trailing_stop_pct=1.0)

    assert len(trades) == 1
    assert trades.iloc[0].ExitBar == len(frame) - 1
    assert trades.iloc[0].ExitPrice == pytest.approx(frame["Open"].iloc[-1])


def test_orb_shorts_only_when_allowed():
    frame = session_bars(DAY, "breakdown")
    assert run(OpeningRangeBreakout, frame).empty

    trades = run(OpeningRangeBreakout, frame, allow_short=True, trailing_stop_pct=2.0)
    trade = trades.iloc[0]
    assert trade.Size < 0
    assert trade.EntryBar == first_breakout(frame, side="short") + 1


def test_orb_quiet_session_makes_no_trade():
    assert run(OpeningRangeBreakout, session_bars(DAY, "quiet"), allow_short=True).empty


def test_orb_opening_range_length_counts_minutes():
    frame = session_bars(DAY, "breakout_then_stop")
    trades = run(OpeningRangeBreakout, frame, opening_range_minutes=30)

    signal = trades.iloc[0].EntryBar - 1
    assert signal == first_breakout(frame, range_bars=6)


def test_orb_on_several_sessions_never_holds_overnight():
    frame = intraday_frame()
    trades = run(OpeningRangeBreakout, frame, allow_short=True)

    days = frame.index.normalize()
    assert len(trades) == 2  # the third session is quiet
    for trade in trades.itertuples():
        assert days[trade.EntryBar] == days[trade.ExitBar]
        last_of_day = np.flatnonzero(days == days[trade.EntryBar])[-1]
        assert trade.ExitBar <= last_of_day


def _with_filter(frame: pd.DataFrame, shape: str) -> pd.DataFrame:
    market = session_bars(DAY, shape, scale=4.0, seed=3)
    out = frame.copy()
    for column in ("Open", "High", "Low", "Close"):
        out[f"Filter_{column}"] = market[column].to_numpy()
    return out


@pytest.mark.parametrize("rule", ["above_open", "above_range"])
def test_orb_market_filter_blocks_longs_while_the_market_is_down(rule):
    frame = session_bars(DAY, "breakout_then_stop")
    params = {"market_filter_rule": rule, "market_filter_ticker": "QQQ"}

    assert run(OpeningRangeBreakout, _with_filter(frame, "breakdown"), **params).empty
    agreeing = run(OpeningRangeBreakout, _with_filter(frame, "breakout_and_hold"), **params)
    assert len(agreeing) == 1


def test_orb_market_filter_needs_its_columns():
    frame = session_bars(DAY, "breakout_then_stop")
    with pytest.raises(ValueError, match="Filter_Close"):
        run(OpeningRangeBreakout, frame, market_filter_rule="above_open")


def test_orb_filter_bar_without_data_blocks_the_entry():
    frame = _with_filter(session_bars(DAY, "breakout_then_stop"), "breakout_and_hold")
    signal = first_breakout(frame)
    frame.loc[frame.index[signal], "Filter_Close"] = np.nan
    trades = run(OpeningRangeBreakout, frame, market_filter_rule="above_open")

    assert trades.iloc[0].EntryBar > signal + 1  # a later close above the range entered


# -- daily templates ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def aapl() -> pd.DataFrame:
    return load_ohlcv("AAPL", start="2009-01-01", end="2012-12-31").frame


def test_momentum_entries_follow_a_volume_confirmed_breakout(aapl):
    trades = run(MomentumBreakout, aapl)

    assert len(trades) >= 3
    high, volume, close = aapl["High"], aapl["Volume"], aapl["Close"]
    for trade in trades.itertuples():
        signal = trade.EntryBar - 1
        assert signal >= 21  # warm-up: max(lookbacks) + 1
        assert close.iloc[signal] > high.iloc[signal - 20 : signal].max()
        assert volume.iloc[signal] > 1.5 * volume.iloc[signal - 20 : signal].mean()
        if trade.ExitBar < len(aapl) - 1:
            expected, _ = trailing_exit_price(aapl, trade.EntryBar, trade.ExitBar, 8.0)
            assert trade.ExitPrice == pytest.approx(expected)


def test_mean_reversion_rules(aapl):
    trades = run(MeanReversion, aapl, max_hold_days=5)
    z = zscore(aapl["Close"].to_numpy(), 20)

    assert len(trades) >= 3
    for trade in trades.itertuples():
        assert z[trade.EntryBar - 1] <= -2.0
        held = trade.ExitBar - trade.EntryBar
        assert held <= 5
        stopped = trade.ExitPrice <= trade.EntryPrice * 0.95 + 1e-9
        reverted = z[trade.ExitBar - 1] >= 0
        assert stopped or reverted or held == 5 or trade.ExitBar == len(aapl) - 1


def test_pairs_ratio_frame_and_zscore():
    a = load_ohlcv("AAPL", start="2010-01-01", end="2010-12-31").frame
    m = load_ohlcv("MSFT", start="2010-01-01", end="2010-12-31").frame
    pair = ratio_frame(a, m.iloc[5:])

    assert pair.index.equals(a.index[5:])
    assert pair["Close"].iloc[0] == pytest.approx(100.0)
    assert (pair["High"] >= pair[["Open", "Close"]].max(axis=1)).all()
    assert (pair["Low"] <= pair[["Open", "Close"]].min(axis=1)).all()
    ratio = a["Close"].iloc[5:] / m["Close"].iloc[5:]
    spread = np.log(ratio)
    expected = (spread - spread.rolling(20).mean()) / spread.rolling(20).std()
    np.testing.assert_allclose(spread_zscore(pair["Close"].to_numpy(), 20), expected, rtol=1e-9)

    trades = run(PairsTrading, pair, lookback_days=20)
    z = spread_zscore(pair["Close"].to_numpy(), 20)
    for trade in trades.itertuples():
        signal_z = z[trade.EntryBar - 1]
        assert signal_z <= -2 if trade.Size > 0 else signal_z >= 2


# -- rendering ------------------------------------------------------------------------------------

GOOD = {
    "orb": {"ticker": "AAPL", "date": DAY, "trailingStopPct": 0.8, "allowShort": True},
    "momentum_breakout": {"ticker": "MSFT", "lookbackDays": 30, "trailingStopPct": 6},
    "mean_reversion": {"ticker": "AAPL", "entryZ": 1.5, "maxHoldDays": 4},
    "pairs_trading": {"ticker1": "AAPL", "ticker2": "MSFT", "lookbackDays": 40},
}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_rendered_bot_carries_the_parameters(name):
    template = TEMPLATES[name]
    params = validate(name, GOOD[name])
    source = render(name, GOOD[name])

    namespace: dict = {"__name__": f"rendered_{name}"}
    exec(compile(source, f"{name}.py", "exec"), namespace)
    strategy = namespace[template.strategy_class]
    for attribute, (value, _) in params.bot_attributes().items():
        assert getattr(strategy, attribute) == value
    assert template.description.splitlines()[0] in source  # the rules travel with the bot
    assert f'Rendered by Botlab from the "{name}" template' in source
    for parameter, value in GOOD[name].items():
        assert f"#   {parameter} = {value!r}" in source
    assert "import requests" not in source and "yfinance" not in source


def test_rendered_orb_trades_like_the_module():
    frame = session_bars(DAY, "breakout_then_stop")
    namespace: dict = {"__name__": "rendered_orb"}
    exec(compile(render("orb", GOOD["orb"]), "orb.py", "exec"), namespace)

    rendered = run(namespace["OpeningRangeBreakout"], frame)
    direct = run(OpeningRangeBreakout, frame, trailing_stop_pct=0.8, allow_short=True)
    pd.testing.assert_frame_equal(
        rendered[["EntryBar", "ExitBar", "EntryPrice", "ExitPrice"]],
        direct[["EntryBar", "ExitBar", "EntryPrice", "ExitPrice"]],
    )
