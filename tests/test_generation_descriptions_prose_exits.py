"""The offline compiler on exits and stops as people say them in prose (issue 10): a cap on a
trade's loss said as a rule of conduct ("I never let a loss exceed 10%"), a holding time said as
the other way out ("exit at the middle band or 12 bars", "take 3% or 10 days"), a line named by
its letter or side after its indicator ("Exit: K above 90", "the lower one"), a close "back
inside or below the cloud", a loose move ("sell when it goes down": one bar's move, said back),
a run of closes counted in words ("closes down four days in a row").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``. ``ACCOUNT_LIMITS`` are
caps on the account, never built as a stop on the trade.
"""

from __future__ import annotations

import pytest

from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

FIELDS = (*SETTINGS, "direction")

RSI_ENTRY = "Buy AAPL when RSI(14) < 30, sell when RSI > 70. "
RSI_RULES = {"entry": "rsi_14 < 30", "exit": "rsi_14 > 70", "symbol": "AAPL"}
CROSS_ENTRY = "Buy MSFT when the 20 EMA crosses above the 50 EMA. "
CROSS_RULES = {"entry": "ema_20 x> ema_50", "symbol": "MSFT"}

CASES = [
    # -- a cap on each trade's loss is a stop that far from the entry (was left unread) -----------
    case(RSI_ENTRY + "I never let a loss exceed 10%.", **RSI_RULES, stop_loss_pct=10.0),
    case(RSI_ENTRY + "Don't lose more than 5% on a trade.", **RSI_RULES, stop_loss_pct=5.0),
    case(RSI_ENTRY + "Max loss per trade 4%.", **RSI_RULES, stop_loss_pct=4.0),
    case(CROSS_ENTRY + "Never lose more than 7% on a position.", **CROSS_RULES, stop_loss_pct=7.0),
    case(CROSS_ENTRY + "My max loss on any trade is 5%.", **CROSS_RULES, stop_loss_pct=5.0),
    case(CROSS_ENTRY + "Limit losses to 6%.", **CROSS_RULES, stop_loss_pct=6.0),
    case(CROSS_ENTRY + "Losses never exceed 5%.", **CROSS_RULES, stop_loss_pct=5.0),
    case(CROSS_ENTRY + "Don't let a loser go past 8%.", **CROSS_RULES, stop_loss_pct=8.0),
    case(CROSS_ENTRY + "Keep my losses under 3% per trade.", **CROSS_RULES, stop_loss_pct=3.0),
    case(
        "Short TSLA when RSI(14) > 70, cover when RSI < 30. We don't lose more than 5% on a trade.",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        symbol="TSLA",
        direction="short",
        stop_loss_pct=5.0,  # above the entry: a short's loss
    ),
    # the forms read before stay read
    case(RSI_ENTRY + "Cut losses at 8%.", **RSI_RULES, stop_loss_pct=8.0),
    case(RSI_ENTRY + "Get out if I'm down 3%.", **RSI_RULES, stop_loss_pct=3.0),
    case(RSI_ENTRY + "Bail if it drops 6% from where I bought.", **RSI_RULES, stop_loss_pct=6.0),
    # -- a holding time as the other way out of an exit, with no verb of its own (was unread) ---
    case(
        "Buy SPY when close is below the lower Bollinger band, exit at the middle band or 12 bars.",
        entry="close < bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="SPY",
        exit_after_bars=12,
    ),
    case(
        "Buy AAPL when RSI(2) < 10, sell on RSI > 70 or after 5.",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="AAPL",
        exit_after_bars=5,
        says="'after 5' read as 5 bars after the entry (no unit was said)",
    ),
    case(
        "Buy IWM when RSI(2) < 5. Sell when the close is above the 5-day SMA or after 7.",
        entry="rsi_2 < 5",
        exit="close > sma_5",
        symbol="IWM",
        exit_after_bars=7,
        says="'after 7' read as 7 bars",
    ),
    case(
        "Short TSLA when RSI(14) > 75, cover at RSI 40 or 8 bars.",
        short_entry="rsi_14 > 75",
        short_exit="rsi_14 <= 40",
        symbol="TSLA",
        direction="short",
        exit_after_bars=8,
    ),
    case(
        "Buy XLK on a 20-day high. Exit at the 10-day low or 15 days.",
        entry="close > highest_20",
        exit="close <= lowest_10",
        symbol="XLK",
        exit_after_bars=15,
    ),
    case(
        "Buy QQQ when RSI(14) < 30. Take 3% or 10 days, whichever first.",
        entry="rsi_14 < 30",
        symbol="QQQ",
        take_profit_pct=3.0,
        exit_after_bars=10,
    ),
    case(
        "Buy GLD when the close crosses above the 20 EMA. Take 5% or 3 weeks, whichever comes "
        "first.",
        entry="close x> ema_20",
        symbol="GLD",
        take_profit_pct=5.0,
        exit_after_bars=15,
    ),
    case(
        "Buy QQQ when RSI(14) < 30, out after a week.",
        entry="rsi_14 < 30",
        symbol="QQQ",
        exit_after_bars=5,
        says="1 week read as 5 daily bars",
    ),
    case(
        "Buy SPY when RSI(14) < 30, out after 10 days.",
        entry="rsi_14 < 30",
        symbol="SPY",
        exit_after_bars=10,
    ),
    # -- a line named by its letter alone after a stochastic is that stochastic's, with its
    # settings (the exit was unread); a Donchian line after a Donchian channel with settings is
    # of that channel (was the 20-bar default)
    case(
        "Entry: Stochastic RSI (14,14,3,3) K below 10\nExit: K above 90",
        entry="stochrsi_14_14_3_3.k < 10",
        exit="stochrsi_14_14_3_3.k > 90",
    ),
    case(
        "Entry: Stoch RSI (21,14,5,3) K below 10\nExit: K above 90",
        entry="stochrsi_21_14_5_3.k < 10",
        exit="stochrsi_21_14_5_3.k > 90",
    ),
    case(
        "Buy SPY when the Stochastic RSI K crosses above 20. Sell when K crosses below 80.",
        entry="stochrsi_14_14_3_3.k x> 20",
        exit="stochrsi_14_14_3_3.k x< 80",
        symbol="SPY",
    ),
    case(
        "Buy QQQ when the stochastic (5,3,3) K is below 20, sell when K is above 80.",
        entry="stoch_5_3_3.k < 20",
        exit="stoch_5_3_3.k > 80",
        symbol="QQQ",
    ),
    case(
        "Buy QQQ when the stochastic (5,3,3) K is below 20, sell when D is above 80.",
        entry="stoch_5_3_3.k < 20",
        exit="stoch_5_3_3.d > 80",
        symbol="QQQ",
    ),
    case(
        "Buy QQQ when the slow stochastic (14,3,3) K crosses above D, sell when K crosses below D.",
        entry="stoch_14_3_3.k x> stoch_14_3_3.d",
        exit="stoch_14_3_3.k x< stoch_14_3_3.d",
        symbol="QQQ",
    ),
    case(
        "Buy SPY when price breaks above the upper Donchian channel (55), sell when it closes "
        "below the lower one.",
        entry="close x> highest_55",
        exit="close < lowest_55",
        symbol="SPY",
        says="Donchian lower line read as that of the channel named before (55)",
    ),
    case(
        "Buy SPY when price breaks above the 55-day Donchian channel, sell when it closes below "
        "the lower band.",
        entry="close x> highest_55",
        exit="close < lowest_55",
        symbol="SPY",
    ),
    # the component references read before stay read, with their indicator's settings
    case(
        "Buy AAPL when MACD (12,26,9) crosses above the signal line. Sell when it crosses below "
        "the signal line.",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="AAPL",
    ),
    case(
        "Buy SPY when price closes below the lower Bollinger band (30, 2.5), sell when it closes "
        "above the upper one.",
        entry="close < bbands_30_2_5.lower",
        exit="close > bbands_30_2_5.upper",
        symbol="SPY",
    ),
    case(
        "Buy SPY when price closes below the lower Keltner channel (20, 1.5), sell at the upper "
        "band.",
        entry="close < keltner_20_1_5_10.lower",
        exit="close >= keltner_20_1_5_10.upper",
        symbol="SPY",
    ),
    # -- "back inside" a band or the cloud: back over the edge the entry went beyond ("inside or
    # below the cloud" after a buy above it is below its top, never its bottom; was unread)
    case(
        "Buy SPY when price closes above the Ichimoku cloud, exit when price closes back inside "
        "or below the cloud.",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_top",
        symbol="SPY",
    ),
    case(
        "Buy SPY when price closes above the cloud, sell when it closes back in the cloud.",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_top",
        symbol="SPY",
    ),
    case(
        "Short SPY when price closes below the Ichimoku cloud, cover when price closes back "
        "inside or above the cloud.",
        short_entry="close < ichimoku_9_26_52.cloud_bottom",
        short_exit="close x> ichimoku_9_26_52.cloud_bottom",
        symbol="SPY",
        direction="short",
    ),
    case(
        "Buy SPY when the Tenkan crosses above the Kijun and price is above the cloud, exit when "
        "price closes back inside or below the cloud.",
        entry="ichimoku_9_26_52.tenkan x> ichimoku_9_26_52.kijun & close > "
        "ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_top",
        symbol="SPY",
    ),
    # a move with its side said still picks the edge for that side; the bands as read before
    case(
        "Buy SPY when price closes above the Ichimoku cloud, exit when price drops below the "
        "cloud.",
        entry="close > ichimoku_9_26_52.cloud_top",
        exit="close x< ichimoku_9_26_52.cloud_bottom",
        symbol="SPY",
    ),
    case(
        "Buy SPY when price closes below the lower Bollinger band, exit when it closes back "
        "inside the bands.",
        entry="close < bbands_20_2.lower",
        exit="close x> bbands_20_2.lower",
        symbol="SPY",
    ),
    case(
        "Short SPY when price closes above the upper Keltner channel, cover when it closes back "
        "inside the channel.",
        short_entry="close > keltner_20_2_10.upper",
        short_exit="close x< keltner_20_2_10.upper",
        symbol="SPY",
        direction="short",
    ),
    # -- a loose move with no size or line: one bar's move, said back (was unread, the exit the
    # mirror of the entry until rephrased); "it" after an indicator is said to be the stock
    case(
        "Buy SPY when RSI(14) < 30, sell when it goes down.",
        entry="rsi_14 < 30",
        exit="close < close[-1]",
        symbol="SPY",
        says="'goes down' read as one bar's move: below the bar before",
    ),
    case(
        "Buy SPY when RSI(14) < 30, get out when it starts falling.",
        entry="rsi_14 < 30",
        exit="close < close[-1]",
        symbol="SPY",
        says="'it' read as the stock (its close), not the RSI named before",
    ),
    case(
        "Buy SPY when RSI(14) < 30, sell when it turns down.",
        entry="rsi_14 < 30",
        exit="close < close[-1]",
        symbol="SPY",
        says="'it' read as the stock (its close), not the RSI named before",
    ),
    case(
        "Buy SPY after 3 up days in a row, sell when it starts dropping.",
        entry="3 up closes",
        exit="close < close[-1]",
        symbol="SPY",
        says="'starts dropping' read as one bar's move",
    ),
    case(
        "Buy SPY when RSI(14) < 30, sell when the stock heads lower.",
        entry="rsi_14 < 30",
        exit="close < close[-1]",
        symbol="SPY",
        says="'heads lower' read as one bar's move",
    ),
    case(
        "Short SPY when RSI(14) > 70, cover once it begins to rise.",
        short_entry="rsi_14 > 70",
        short_exit="close > close[-1]",
        symbol="SPY",
        direction="short",
        says="'begins to rise' read as one bar's move: above the bar before",
    ),
    case(
        "Buy SPY when the 50 SMA goes up, sell when it goes down.",
        entry="sma_50 > sma_50[-1]",
        exit="sma_50 < sma_50[-1]",
        symbol="SPY",
    ),
    # a move with a size is still the move ("goes up 20% in a day"), never one bar's direction
    case(
        "Buy SPY when it goes down 3% in a day, sell after 5 days.",
        entry="roc_1 <= -3",
        symbol="SPY",
        exit_after_bars=5,
    ),
    # -- a run of closes counted in words, after "closes down/up/lower" (was one close) ----------
    case(
        "Buy SPY when the stock closes down four days in a row, sell after 5 days.",
        entry="4 down closes",
        symbol="SPY",
        exit_after_bars=5,
    ),
    case(
        "Short QQQ when it closes up three days in a row, cover after 4 days.",
        short_entry="3 up closes",
        symbol="QQQ",
        direction="short",
        exit_after_bars=4,
    ),
    case(
        "Buy NVDA when it closes down four days running, sell after 5 days.",
        entry="4 down closes",
        symbol="NVDA",
        exit_after_bars=5,
    ),
    case(
        # the ticker as the subject: a run, never the close against a 4-day average
        "Buy SPY when SPY closes lower four days in a row, sell after 5 days.",
        entry="4 down closes",
        symbol="SPY",
        exit_after_bars=5,
    ),
    case(
        "Buy SPY when price closes up five days in a row, sell after 5 days.",
        entry="5 up closes",
        symbol="SPY",
        exit_after_bars=5,
    ),
    # the counted forms read before stay read, numbers as words too
    case(
        "Buy TLT after it closes down five sessions in a row, sell after 3 days.",
        entry="5 down closes",
        symbol="TLT",
        exit_after_bars=3,
    ),
    case(
        "Buy SPY after three red candles in a row, sell after 5 days.",
        entry="close[-2] < open[-2] & close[-1] < open[-1] & close < open",
        symbol="SPY",
        exit_after_bars=5,
    ),
    case(
        "Buy XLE after 5 consecutive higher closes, sell after 5 days.",
        entry="5 up closes",
        symbol="XLE",
        exit_after_bars=5,
    ),
    case(
        "Short SPY after two lower lows in a row, cover after 5 days.",
        short_entry="low[-1] < low[-2] & low < low[-1]",
        symbol="SPY",
        direction="short",
        exit_after_bars=5,
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


ACCOUNT_LIMITS = [  # a cap on the account over time or on its equity: never a stop on the trade
    CROSS_ENTRY + "Don't lose more than 5% a day.",
    CROSS_ENTRY + "Never lose more than 2% of my account on a trade.",
    RSI_ENTRY + "Daily loss limit 3%.",
    RSI_ENTRY + "Max drawdown 20%.",
]


@pytest.mark.parametrize("text", ACCOUNT_LIMITS)
def test_a_cap_on_the_account_is_never_built_as_a_stop(text: str):
    u = understand(text)

    assert not u.complete
    assert u.not_understood
    assert u.spec.stop_loss_pct is None
