"""The offline compiler on descriptions written fresh for issue 10 in seven voices at once (a
beginner in a chat box, forum shorthand, a swing trader's sentences, a day trader on intraday
bars, a published strategy retold, a structured "Entry:/Exit:" spec, a conversational request):
the general phrasings this sweep showed Botlab misreading silently or leaving unread, each
family with new variants.

Each row is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields), compiled and run over
every bar of bundled data.
"""

from __future__ import annotations

import pytest

from .test_generation_descriptions_rules import case, check_reading

CASES = [
    # A band's line alone, arrowed to an action ("mid band = sell", "upper BB -> sell"), is the
    # price reaching it, as "sell at the mid band" is; it was dropped and the exit mirrored
    case(
        "GLD keltner(20,2) lower band touch = buy, mid band = sell",
        entry="close <= keltner_20_2_10.lower",
        exit="close >= keltner_20_2_10.middle",
        symbol="GLD",
    ),
    case(
        "TLT: lower BB = buy, upper BB = sell",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.upper",
        symbol="TLT",
    ),
    case(
        "QQQ upper keltner = short, mid line = cover",
        short_entry="close >= keltner_20_2_10.upper",
        short_exit="close <= keltner_20_2_10.middle",
        symbol="QQQ",
        direction="short",
    ),
    case(
        "SPY: price at lower band => buy; mid band => sell",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="SPY",
    ),
    case(
        "buy GLD at the lower bollinger band, middle band -> exit",
        entry="close <= bbands_20_2.lower",
        exit="close >= bbands_20_2.middle",
        symbol="GLD",
    ),
    # A ticker in capitals opening forum shorthand, before the rule's words ("SLV WR(14) < -80
    # buy"), is the symbol traded
    case(
        "SLV WR(14) < -80 buy, > -20 sell",
        entry="willr_14 < -80",
        exit="willr_14 > -20",
        symbol="SLV",
    ),
    case(
        "XLE rsi(2) < 10 buy, > 90 sell",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="XLE",
    ),
    case(
        "CRWD 20/50 ema cross long",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="CRWD",
    ),
    case(
        "UNH close > sma 200 = buy, close < sma 200 = sell",
        entry="close > sma_200",
        exit="close < sma_200",
        symbol="UNH",
    ),
    # An index's ETF named by the index ("the Nasdaq ETF") is the fund, never the index
    case(
        "Short the Nasdaq ETF when the Ichimoku price is below the cloud and the conversion line "
        "crosses under the base line. Cover when price closes back above the cloud.",
        short_entry=(
            "close < ichimoku_9_26_52.cloud_bottom & ichimoku_9_26_52.tenkan x< "
            "ichimoku_9_26_52.kijun"
        ),
        short_exit="close > ichimoku_9_26_52.cloud_top",
        symbol="QQQ",
        direction="short",
    ),
    case(
        "Short the Nasdaq ETF when RSI(14) > 70, cover below 50",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 50",
        symbol="QQQ",
        direction="short",
    ),
    case(
        "buy the Russell 2000 ETF when it closes above the 50 day sma, sell when it closes below "
        "it",
        entry="close > sma_50",
        exit="close < sma_50",
        symbol="IWM",
    ),
    case(
        "buy the Dow ETF on a golden cross, sell on a death cross",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="DIA",
    ),
    case(
        "long the silver ETF when rsi < 30, exit when rsi > 60",
        entry="rsi_14 < 30",
        exit="rsi_14 > 60",
        symbol="SLV",
    ),
    # "Go short on the sell signal (too)": the exit's signal also opens a short (always in); it
    # was dropped, leaving the bot long only
    case(
        "GBPUSD 15 minute: buy when stochastic(5,3,3) crosses up from below 20, sell when it "
        "crosses down from above 80. Go short on the sell signal too.",
        entry="stoch_5_3_3.k x> 20",
        short_entry="stoch_5_3_3.k x< 80",
        symbol="GBPUSD=X",
        direction="always_in",
        interval="15m",
    ),
    case(
        "buy SPY when rsi crosses above 30, sell when it crosses below 70, also go short on the "
        "sell signal",
        entry="rsi_14 x> 30",
        short_entry="rsi_14 x< 70",
        symbol="SPY",
        direction="always_in",
    ),
    case(
        "buy IBM when the 20 ema crosses above the 50 ema, sell when it crosses below; short on "
        "sell signals too",
        entry="ema_20 x> ema_50",
        short_entry="ema_20 x< ema_50",
        symbol="IBM",
        direction="always_in",
    ),
    # A run of coloured candles before a pattern ("a hammer after 3 red candles") ends on the bar
    # before the pattern's, as "a doji after 3 down days" does; it included the pattern bar
    case(
        "ETH-USD 4h candles, long on hammer candle after 3 red candles, exit after 6 bars or 4% "
        "gain.",
        entry="hammer > 0 & close[-3] < open[-3] & close[-2] < open[-2] & close[-1] < open[-1]",
        exit_after_bars=6,
        symbol="ETH-USD",
        interval="4h",
        take_profit_pct=4.0,
    ),
    case(
        "buy SPY on a bullish engulfing after 4 red bars, exit after 5 days",
        entry=(
            "bullish_engulfing > 0 & close[-4] < open[-4] & close[-3] < open[-3] & close[-2] < "
            "open[-2] & close[-1] < open[-1]"
        ),
        exit_after_bars=5,
        symbol="SPY",
    ),
    case(
        "short QQQ on a shooting star after 3 green candles in a row, cover after 3 bars",
        short_entry=(
            "shooting_star > 0 & close[-3] > open[-3] & close[-2] > open[-2] & close[-1] > open[-1]"
        ),
        exit_after_bars=3,
        symbol="QQQ",
        direction="short",
    ),
    # The writer's voice around the rules is set aside: a reason ("in case it keeps falling"),
    # a style of trading ("Scalp BTC ..."), what they want to see ("I'd like to see how it did",
    # "would have performed", "What would happen if I"), "Hey assistant", "whenever there's"
    case(
        "Swing trade AMD on daily bars: enter long when the stochastic %K crosses above %D below "
        "20. Exit when %K crosses below %D above 80, with a 7% stop loss in case it keeps "
        "falling.",
        entry="stoch_14_3.k x> stoch_14_3.d & stoch_14_3.k < 20",
        exit="stoch_14_3.k x< stoch_14_3.d & stoch_14_3.k > 80",
        symbol="AMD",
        stop_loss_pct=7.0,
        interval="1d",
    ),
    case(
        "buy SPY when rsi(2) < 10, sell when rsi(2) > 70, 8% stop just in case",
        entry="rsi_2 < 10",
        exit="rsi_2 > 70",
        symbol="SPY",
        stop_loss_pct=8.0,
    ),
    case(
        "Scalp BTC on the 5 minute chart. Long when the 9 EMA is above the 21 EMA and price "
        "pulls back to touch the 9 EMA. 0.5% stop, 1% target.",
        entry="ema_9 > ema_21 & close > ema_9 & low <= ema_9",
        symbol="BTC-USD",
        stop_loss_pct=0.5,
        interval="5m",
        take_profit_pct=1.0,
    ),
    case(
        "Swing trading NVDA on the daily. Buy when RSI(14) < 30, sell when RSI(14) > 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="NVDA",
        interval="1d",
    ),
    case(
        "Could you write me a strategy that buys Netflix whenever the 20-day EMA crosses above "
        "the 50-day EMA, and sells when it crosses back below? I'd like to see how it did since "
        "2018.",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="NFLX",
    ),
    case(
        "Hey, I'm curious how a simple RSI strategy on Amazon would do. Buy when RSI hits 30, "
        "sell at 70. Can you set that up with a 10% stop?",
        entry="rsi_14 <= 30",
        exit="rsi_14 >= 70",
        symbol="AMZN",
        stop_loss_pct=10.0,
    ),
    case(
        "I'd like you to help me test a strategy on Google stock: buy whenever there's a bullish "
        "MACD crossover while the price is above the 200 day moving average, and sell on a "
        "bearish crossover.",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & close > sma_200",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="GOOG",
    ),
    case(
        "Can you check how buying Tesla on a three white soldiers pattern and selling after 10 "
        "days would have performed?",
        entry="three_white_soldiers > 0",
        exit_after_bars=10,
        symbol="TSLA",
    ),
    case(
        "Hey assistant, build me a simple trend system on the hourly chart for ETH: long when "
        "the price is above the 200 EMA and the 20 EMA crosses above the 50 EMA. Close it when "
        "the 20 crosses back under the 50.",
        entry="close > ema_200 & ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="ETH-USD",
        interval="1h",
    ),
    case(
        "What would happen if I bought Disney every time the Stochastic RSI went under 0.2 and "
        "sold above 0.8?",
        entry="stochrsi_14_14_3_3.k x< 20",
        exit="stochrsi_14_14_3_3.k > 80",
        symbol="DIS",
    ),
    case(
        "What would have happened if I bought MSFT when RSI(14) dropped below 25 and sold when "
        "it rose above 65?",
        entry="rsi_14 x< 25",
        exit="rsi_14 x> 65",
        symbol="MSFT",
    ),
    # A size said as what it ought to be ("position size should be 25%"), and all of one's cash
    # on each trade
    case(
        "buy SPY when rsi < 30, sell > 70. Position size should be 25% of equity.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.25,
        symbol="SPY",
    ),
    case(
        "buy SPY when rsi < 30, sell > 70. The position size should be 50% of my account.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
        symbol="SPY",
    ),
    case(
        "On Microsoft, buy when the 50-day crosses above the 200-day (a golden cross) and sell "
        "on the death cross. I want to risk all my cash on each trade.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        size_fraction=pytest.approx(0.9999),  # all in, as "go all in" is
        symbol="MSFT",
    ),
    # A market filter with the traded symbol before "only when" ("trade QQQ only when SPY ...")
    case(
        "I want to trade QQQ only when SPY is above its 200-day moving average. Entry is when "
        "QQQ's RSI(5) goes below 20, exit when it goes above 70.",
        entry="rsi_5 x< 20 & close@SPY > spy_sma_200",
        exit="rsi_5 x> 70",
        symbol="QQQ",
        other_symbols=["SPY"],
    ),
    case(
        "Buy AMD only when SMH is above its 50 day sma. Entry when RSI(14) < 30, exit when "
        "RSI(14) > 60.",
        entry="rsi_14 < 30 & close@SMH > smh_sma_50",
        exit="rsi_14 > 60",
        symbol="AMD",
        other_symbols=["SMH"],
    ),
    case(
        "trade TSLA only if QQQ closes above its 20 EMA. buy on macd cross up, sell on cross down",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & close@QQQ > qqq_ema_20",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="TSLA",
        other_symbols=["QQQ"],
    ),
    # An ATR stop said with the side it sits on ("stop under 2.5 ATR")
    case(
        "SOL-USD 30m, supertrend 7,2 long signals only, stop under 2.5 ATR.",
        entry="supertrend_7_2.direction x> 0",
        symbol="SOL-USD",
        atr_stop_multiple=2.5,
        interval="30m",
    ),
    case(
        "buy SPY when rsi < 30, sell > 70, stop under 2.5 ATR",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        atr_stop_multiple=2.5,
    ),
    case(
        "short SPY when rsi > 70, cover < 30, stop above 2 ATR",
        short_entry="rsi_14 > 70",
        short_exit="rsi_14 < 30",
        symbol="SPY",
        atr_stop_multiple=2.0,
        direction="short",
    ),
    # The bars tested as "tf=1h" in a key=value form
    case(
        "Symbol=NVDA, tf=1h, long if close>ema(50) and rsi(14)>55, exit if close<ema(50)",
        entry="close > ema_50 & rsi_14 > 55",
        exit="close < ema_50",
        symbol="NVDA",
        interval="1h",
    ),
    case(
        "ticker=NVDA timeframe=4h long if rsi(14)>55 exit if rsi(14)<45",
        entry="rsi_14 > 55",
        exit="rsi_14 < 45",
        symbol="NVDA",
        interval="4h",
    ),
    # An N-day extreme said with what it is of ("the 3-day low of lows", "... high of closes")
    case(
        "The 3-bar low strategy on SPY: buy when price closes below the 3-day low of lows and "
        "above the 200 SMA, exit when it closes above the 3-day high of highs.",
        entry="close < lowest_3 & close > sma_200",
        exit="close > highest_3",
        symbol="SPY",
    ),
    case(
        "buy SPY when the close is below the 5 day low of the lows, sell when the close is above "
        "the 5 day high of the highs",
        entry="close < lowest_5",
        exit="close > highest_5",
        symbol="SPY",
    ),
    case(
        "buy SPY when the close is above the 20 day high of closes, sell when it is below the 10 "
        "day low of closing prices",
        entry="close > close_highest_20",
        exit="close < close_lowest_10",
        symbol="SPY",
    ),
    # A bracket naming the condition before it ("(low volatility)", "(bullish trend)") is set
    # aside, said
    case(
        "Hey, I want to go long Apple when the ATR(14) is below its 50-day average (low "
        "volatility) and price breaks the 20-day high. Use a 2 ATR trailing stop.",
        entry="atr_14 < atr_14_sma_50 & close x> highest_20",
        symbol="AAPL",
        atr_stop_multiple=2.0,
        atr_trailing=True,
    ),
    case(
        "buy MSFT when the 20 EMA is above the 50 EMA (bullish trend) and rsi < 40, sell when "
        "rsi > 70",
        entry="ema_20 > ema_50 & rsi_14 < 40",
        exit="rsi_14 > 70",
        symbol="MSFT",
    ),
    # A condition named the filter in a rule's sentence ("... rising as the trend filter, then buy
    # ...", "SPY above its 200-day SMA as the market filter") is one every entry must meet; as a
    # heading before a colon it was set aside as a title
    case(
        "Weekly MACD histogram rising as the trend filter, then buy AAPL when the daily "
        "stochastic drops below 30. Exit when the daily stochastic goes above 70.",
        entry="stoch_14_3.k x< 30 & w_macd_12_26_9.hist > w_macd_12_26_9.hist[-1]",
        exit="stoch_14_3.k x> 70",
        symbol="AAPL",
    ),
    case(
        "Using SPY above its 200-day SMA as the market filter, buy XLK when RSI(2) < 10, sell "
        "when RSI(2) > 70",
        entry="rsi_2 < 10 & close@SPY > spy_sma_200",
        exit="rsi_2 > 70",
        symbol="XLK",
        other_symbols=["SPY"],
    ),
    case(
        "ADX(14) above 20 as a trend filter; buy MSFT when the 10 EMA crosses above the 30 EMA, "
        "sell on the cross back",
        entry="ema_10 x> ema_30 & adx_14.adx > 20",
        exit="ema_10 x< ema_30",
        symbol="MSFT",
    ),
    case(
        "QQQ closes above its 50 EMA as a market filter: buy NVDA when RSI(14) < 35, sell when "
        "RSI(14) > 65",
        entry="rsi_14 < 35 & close@QQQ > qqq_ema_50",
        exit="rsi_14 > 65",
        symbol="NVDA",
        other_symbols=["QQQ"],
    ),
    # A sentence of the writer's own that says the size of each trade is no framing: the size is
    # read, not echoed as set aside
    case(
        "buy SPY when rsi < 30, sell > 70. I want to use 50% of equity per trade.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_fraction=0.5,
        symbol="SPY",
    ),
    case(
        "buy GOOG when the close crosses above the 50 day sma, sell when it crosses below. I "
        "trade with 10k per trade.",
        entry="close x> sma_50",
        exit="close x< sma_50",
        size_cash=10000.0,
        symbol="GOOG",
    ),
    # A line said to break, with nothing after the verb ("when the Donchian 55 day upper band
    # breaks"), is the price crossing it, as "the 20-day high is broken" is; it was unread
    case(
        "buy SPY when the 20-day high breaks, sell when the 10-day low breaks",
        entry="close x> highest_20",
        exit="close x< lowest_10",
        symbol="SPY",
    ),
    case(
        "short QQQ when the lower bollinger band breaks, cover at the middle band",
        short_entry="close x< bbands_20_2.lower",
        short_exit="close >= bbands_20_2.middle",
        symbol="QQQ",
        direction="short",
    ),
    case(
        "buy AAPL when the Donchian 55 day upper band breaks, sell when the close is below the 20 "
        "day low",
        entry="close x> highest_55",
        exit="close < lowest_20",
        symbol="AAPL",
    ),
    # "back to the average" after "N standard deviations above the 50 day average" is that
    # average (the z-score's mean), not a 20-bar SMA by default: a silent misread
    case(
        "short SPY when price is more than 3 standard deviations above the 50 day average, "
        "cover when it's back to the average",
        short_entry="zscore_50 > 3",
        short_exit="close <= sma_50",
        symbol="SPY",
        direction="short",
    ),
    case(
        "buy XLE when price is 2 standard deviations below the 30-day mean and sell when it "
        "returns to the mean",
        entry="zscore_30 < -2",
        exit="close >= sma_30",
        symbol="XLE",
    ),
    case(
        "buy GLD when the close is 2.5 std devs under its 100 day moving average, sell at the "
        "moving average",
        entry="zscore_100 < -2.5",
        exit="close >= sma_100",
        symbol="GLD",
    ),
    # A size named by the trade it sizes ("size each trade at 10% of equity", "size every trade
    # at $3000"); a form's field left empty without a colon ("TP none"); a concept in a bracket
    # after a condition ("(strong trend)")
    case(
        "I'm testing a channel breakout on crude oil: go long on a close above the 40-day high, "
        "exit on a close below the 20-day low, and size each trade at 10% of equity.",
        entry="close > highest_40",
        exit="close < lowest_20",
        size_fraction=0.1,
        symbol="USO",
    ),
    case(
        "buy SPY when rsi < 30, sell when rsi > 70, size every trade at $3000",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        size_cash=3000.0,
        symbol="SPY",
    ),
    case(
        "AAPL daily: buy when CCI(14) < -150, sell when CCI > 0. SL 5%. TP none.",
        entry="cci_14 < -150",
        exit="cci_14 > 0",
        symbol="AAPL",
        stop_loss_pct=5.0,
        take_profit_pct=None,
        interval="1d",
    ),
    case(
        "buy AAPL when ADX > 25 (strong trend) and +DI > -DI, sell when ADX < 20",
        entry="adx_14.adx > 25 & adx_14.plus_di > adx_14.minus_di",
        exit="adx_14.adx < 20",
        symbol="AAPL",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text, expect):
    check_reading(text, expect)
