"""The offline compiler on descriptions written fresh for issue 10 in the voice of beginners and
casual users typing into a chat box (plain words, typos, money in dollars, half-remembered
indicator names, stories around the rule): the phrasings this sweep showed Botlab misreading or
leaving unread, each family with variants.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting of
``FIELDS`` may be set); every row is compiled and backtested through ``check_reading``.
``UNREAD`` rows are sentences whose words Botlab must report back rather than guess at.
``REFERENCES`` are hand-written backtesting.py strategies: the compiled bot makes their trades.
"""

from __future__ import annotations

import pytest
from backtesting import Strategy

from engine.generation import understand

from .generation.corpus import case, check_settings
from .generation.support import assert_trades_like_reference, description_of
from .test_generation_descriptions_rules import check_reading
from .test_generation_reference_indicators import talib_free_rsi

SIZE = 0.99
FIELDS = (
    "exit_after_bars",
    "size_shares",
    "size_cash",
    "cash",
    "trailing_stop_pct",
    "symbol",
    "stop_loss_pct",
    "take_profit_pct",
    "direction",
    "period_days",
)


CASES = [
    case(
        "buy when the fast line goes over the slow line on the macd thing but only if the "
        "price is above the 200 day",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal & close > sma_200",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when the fast line crosses above the slow line of the macd",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "go long when the fast line crosses over the slow line in macd, exit when it crosses back",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
    ),
    case(
        "buy when the fast line crosses the slow line on the stochastic",
        entry="stoch_14_3.k x> stoch_14_3.d",
        exit="stoch_14_3.k x< stoch_14_3.d",
    ),
    case(
        "buy when price makes a higher high than yesterday and a higher low than yesterday",
        entry="high > high[-1] & low > low[-1]",
        exit="high < high[-1] & low < low[-1]",
    ),
    case(
        "buy when the high is higher than yesterday and the low is higher than yesterday",
        entry="high > high[-1] & low > low[-1]",
        exit="high < high[-1] & low < low[-1]",
    ),
    case(
        "buy when the close is above yesterday's close and the volume is above yesterday's volume",
        entry="close > close[-1] & volume > volume[-1]",
        exit="close < close[-1]",
    ),
    case(
        "buy xlf when it's trading below the low of the previous day and sell at the high of "
        "the previous day",
        entry="close < low[-1]",
        exit="close >= high[-1]",
        symbol="XLF",
    ),
    case(
        "buy when the close is above the high of yesterday, sell when close is below the low "
        "of the prior day",
        entry="close > high[-1]",
        exit="close < low[-1]",
    ),
    case(
        "short when the open is above the high of the day before",
        short_entry="open > high[-1]",
        short_exit="open < high[-1]",
        direction="short",
    ),
    case(
        "buy 100 shares when the price drops under 150 and sell at 170",
        entry="close x< 150",
        exit="close >= 170",
        size_shares=100,
    ),
    case(
        "buy when price is below 150 and sell when it hits 170",
        entry="close < 150",
        exit="close >= 170",
    ),
    case(
        "buy when the price drops under 150 and sell when it goes above 170",
        entry="close x< 150",
        exit="close x> 170",
    ),
    case(
        "buy when rsi is under 30, sell at yesterday's high",
        entry="rsi_14 < 30",
        exit="close >= high[-1]",
    ),
    case(
        "buy when the close is below yesterdays low, sell when it gets to the previous day's high",
        entry="close < low[-1]",
        exit="close >= high[-1]",
    ),
    case(
        "buy xle when rsi 2 is under 10, sell when close is above 5 day ma",
        entry="rsi_2 < 10",
        exit="close > sma_5",
        symbol="XLE",
    ),
    case(
        "purchase arkk when rsi is under 30 and sell when it is over 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="ARKK",
    ),
    case(
        "buy solana when obv is going up and price is going down",
        entry="obv > obv[-1] & close < close[-1]",
        exit="obv < obv[-1]",
        symbol="SOL-USD",
    ),
    case(
        "buy dia when the close crosses above the 50 day sma, sell when it crosses below",
        entry="close x> sma_50",
        exit="close x< sma_50",
        symbol="DIA",
    ),
    case(
        "invest 500 bucks in tesla when price is under the average and get out if it tanks 10%",
        entry="close < sma_20",
        cash=500.0,
        symbol="TSLA",
        stop_loss_pct=10.0,
    ),
    case(
        "put a thousand dollars in spy every time it closes below its 200 day average, sell "
        "when it closes above",
        entry="close < sma_200",
        exit="close > sma_200",
        cash=1000.0,
        symbol="SPY",
    ),
    case(
        "put 1k into xlf when it's trading below the low of the previous day and sell at the "
        "high of the previous day",
        entry="close < low[-1]",
        exit="close >= high[-1]",
        cash=1000.0,
        symbol="XLF",
    ),
    case(
        "invest $500 in tsla when rsi is under 30",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        cash=500.0,
        symbol="TSLA",
    ),
    case(
        "buy eth if its up more than 2 percent from yesterday, sell it when its down 1 percent "
        "from yesterday",
        entry="roc_1 > 2",
        exit="roc_1 <= -1",
        symbol="ETH-USD",
    ),
    case(
        "buy when rsi is under 30, sell when the price is down 1% from yesterday",
        entry="rsi_14 < 30",
        exit="roc_1 <= -1",
    ),
    case(
        "buy when rsi is under 30, sell when it drops 1% from yesterday's close",
        entry="rsi_14 < 30",
        exit="roc_1 <= -1",
    ),
    case(
        "buy when the short average goes above the long average, like 10 and 50 days",
        entry="sma_10 x> sma_50",
        exit="sma_10 x< sma_50",
    ),
    case(
        "buy when the short average crosses above the long average, 10 and 50 days",
        entry="sma_10 x> sma_50",
        exit="sma_10 x< sma_50",
    ),
    case(
        "buy when the fast ema crosses above the slow ema, say 9 and 21",
        entry="ema_9 x> ema_21",
        exit="ema_9 x< ema_21",
    ),
    case(
        "so basically last year i lost a lot on amzn because i held it too long, so this time "
        "i want to buy when it dips 3 percent below yesterdays close and sell as soon as it "
        "gains 4 percent, also please cut it if it loses 6 percent",
        entry="close < close[-1]*0.97",
        symbol="AMZN",
        stop_loss_pct=6.0,
        take_profit_pct=4.0,
        not_understood=["so basically last year i lost a lot on", "because i held it too"],
    ),
    case(
        "buy spy when rsi is under 30, sell above 70, last year",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="SPY",
        period_days=365,
    ),
    case(
        "buy when rsi is under 30, please cut it if it loses 6 percent",
        entry="rsi_14 < 30",
        stop_loss_pct=6.0,
    ),
    case(
        "buy when rsi is under 30 and dump it if it drops 5%",
        entry="rsi_14 < 30",
        stop_loss_pct=5.0,
    ),
    case(
        "buy when rsi is under 30, sell if it crashes 8 percent",
        entry="rsi_14 < 30",
        stop_loss_pct=8.0,
    ),
    case(
        "buy when it goes down 2 days, sell when im up a bit, like 3%",
        entry="2 down closes",
        take_profit_pct=3.0,
    ),
    case(
        "sell when im up a bit, like 3%, and get out if it goes down 2%. buy when it goes down "
        "2 days",
        entry="2 down closes",
        stop_loss_pct=2.0,
        take_profit_pct=3.0,
    ),
    case(
        "buy after 3 down days, sell once it has risen for two days",
        entry="3 down closes",
        exit="2 up closes",
    ),
    case(
        "buy after 3 down days, sell when it rose for 2 days",
        entry="3 down closes",
        exit="2 up closes",
    ),
    case(
        "short tsla when it goes up 3 days in a row, cover when it goes down a day",
        short_entry="3 up closes",
        short_exit="1 down closes",
        symbol="TSLA",
        direction="short",
    ),
    case(
        "if the stock falls for five days in a row i want to buy it, and i want to sell it "
        "once it has risen for two days",
        entry="5 down closes",
        exit="2 up closes",
    ),
    case(
        "buy when the rsi is really low, sell when it is high",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when the stochastic is low and sell when it gets high",
        entry="stoch_14_3.k < 20",
        exit="stoch_14_3.k x> 80",
    ),
    case(
        "buy when the cci thingy gets very low, sell when it is too high",
        entry="cci_20 x< -100",
        exit="cci_20 > 100",
    ),
    case(
        "i want to buy when the rsi thingy is going up from under 30, sell when its coming "
        "down from over 70",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
    ),
    case(
        "buy when rsi comes up from below 25 and sell when it goes down from above 75",
        entry="rsi_14 x> 25",
        exit="rsi_14 x< 75",
    ),
    case(
        "buy when the stochastic is turning up from under 20",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
    ),
    case(
        "buy eth when it is cheaper than its 50 day average by ten percent, get out when "
        "profit is 15 percent or loss is 8 percent",
        entry="close < sma_50*0.9",
        symbol="ETH-USD",
        stop_loss_pct=8.0,
        take_profit_pct=15.0,
    ),
    case(
        "buy when the price is cheaper than the 20 day average",
        entry="close < sma_20",
        exit="close > sma_20",
    ),
    case(
        "buy when rsi < 30, sell when it is more expensive than the 50 day average",
        entry="rsi_14 < 30",
        exit="close > sma_50",
    ),
    case(
        "buy if todays close is bigger than the highest of the last twenty days, sell when it "
        "is smaller than lowest of last ten days",
        entry="close > highest_20",
        exit="close < lowest_10",
    ),
    case(
        "buy when the close is above the highest of the last 20 days",
        entry="close > highest_20",
        exit="close < lowest_20",
    ),
    case(
        "buy every time the price is lower than the lowest price of the past week",
        entry="close < lowest_5",
        exit="close > highest_5",
    ),
    case(
        "buy when the close is above the highest high of the last month",
        entry="close > highest_21",
        exit="close < lowest_21",
    ),
    case(
        "buy doge when it pumps 10% in one day, sell the next day",
        entry="roc_1 >= 10",
        exit_after_bars=1,
        symbol="DOGE-USD",
    ),
    case(
        "buy btc when it dumps 8% in a day, sell after 3 days",
        entry="roc_1 <= -8",
        exit_after_bars=3,
        symbol="BTC-USD",
    ),
    case(
        "buy when its down 10% from the top and sell when its back up 10%",
        entry="close <= highest_20*0.9",
        take_profit_pct=10.0,
    ),
    case(
        "buy when it falls 10% from its peak",
        entry="close <= highest_20*0.9",
        exit="close >= highest_20*0.9",
    ),
    case(
        "short when it bounces 15% off the bottom",
        short_entry="close >= lowest_20*1.15",
        short_exit="close <= lowest_20*1.15",
        direction="short",
    ),
    case(
        "buy when the stock is up 2 days in a row and above its average of the last 50 days, "
        "sell if below the average",
        entry="2 up closes & close > sma_50",
        exit="close < sma_50",
    ),
    case(
        "buy when the close is above the 20 day average, sell when below the average",
        entry="close > sma_20",
        exit="close < sma_20",
    ),
    case(
        "buy when the 10 day average crosses above the 30 day average, sell when under the average",
        entry="sma_10 x> sma_30",
        exit="sma_10 < sma_30",
    ),
    case(
        "my uncle told me to buy when the stock is lower then last week and sell when it is "
        "higher than last week, can u do that",
        entry="close < close[-5]",
        exit="close > close[-5]",
        says="Set aside 'my uncle told me to'",  # who told the writer: set aside and echoed
    ),
    case(
        "buy aapl if price is less than last month and sell if more than last month",
        entry="close < close[-21]",
        exit="close > close[-21]",
        symbol="AAPL",
    ),
    case(
        "buy when the close is below last week's close",
        entry="close < close[-5]",
        exit="close > close[-5]",
    ),
    case(
        "buy when the close is above last month's close, sell when it is below last week",
        entry="close > close[-21]",
        exit="close < close[-5]",
    ),
    case(
        "i wanna buy msft when the rsi thing is low and sell when its high",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="MSFT",
    ),
    case("buy when rsi is low, sell when its high", entry="rsi_14 < 30", exit="rsi_14 > 70"),
    case(  # "it" after a price said against a level is that price, at another level
        "buy when AAPL crosses above 150, sell when it crosses below 140",
        entry="close x> 150",
        exit="close x< 140",
        symbol="AAPL",
    ),
    # a close at its own extreme is the highest close of the window, not its highest high
    case(
        "buy when it closes at the highest in 3 months",
        entry="close >= close_highest_63",
        exit="close <= close_lowest_63",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_reading(text, expect)  # the reading, and the compiled bot run over every bar
    check_settings(understand(text).spec, expect, FIELDS, exact=True)  # and no other setting


def test_what_was_guessed_is_echoed():
    """A ticker typed in lower case, lengths said after the lines they belong to, money put in,
    and an oscillator's zone said in plain words are each said back as read."""
    cases = {
        "buy xle when rsi 2 is under 10, sell when close is above 5 day ma": (
            "'xle' read as the ticker XLE"
        ),
        "buy when the short average goes above the long average, like 10 and 50 days": (
            "'10 and 50 days' read as the lengths of the fast and slow lines"
        ),
        "buy when the rsi is really low, sell when it is high": "'really low' read as oversold",
    }
    for text, said in cases.items():
        assert said in understand(text).assumptions, text


UNREAD = [  # (text, the words reported back): never read as something else
    ("buy calls when rsi is under 10", ["calls when"]),  # options are no ticker
    ("buy when rsi is under 30, sell when the price is high", ["when the price is high"]),
    # "low" and "high" are zones only of an oscillator read against levels
    ("buy when rsi is under 30, sell when the macd thing is high", ["when the macd thing is high"]),
    ("buy when the price is low", ["when the price is low"]),
]


@pytest.mark.parametrize(("text", "words"), UNREAD, ids=lambda v: str(v)[:50])
def test_words_botlab_cannot_use_are_reported(text: str, words: list[str]):
    u = understand(text)
    assert u.not_understood == words
    if u.spec is not None:
        assert u.spec.symbol is None  # nothing unread was taken for a ticker


class BelowYesterdaysLowUntilItsHigh(Strategy):
    """buy when the close is below the low of the previous day and sell when it gets to the
    high of the previous day: bought at the next open after a close under yesterday's low, sold
    at the next open after a close at or above the high of the day before it."""

    def init(self):
        pass

    def next(self):
        close, high, low = self.data.Close, self.data.High, self.data.Low
        if len(self.data) < 2:
            return
        if self.position and close[-1] >= high[-2]:
            self.position.close()
        elif not self.position and close[-1] < low[-2]:
            self.buy(size=SIZE)


class RsiBackOverItsLevels(Strategy):
    """buy when the rsi thingy is going up from under 30, sell when its coming down from over
    70: RSI(14) crossing back above 30 buys at the next open, crossing back below 70 sells."""

    def init(self):
        self.rsi = self.I(talib_free_rsi, self.data.Close, 14)

    def next(self):
        if len(self.data) < 3:
            return
        now, before = self.rsi[-1], self.rsi[-2]
        if self.position and before > 70 > now:
            self.position.close()
        elif not self.position and before < 30 < now:
            self.buy(size=SIZE)


REFERENCES = [
    (BelowYesterdaysLowUntilItsHigh, "AAPL"),
    (RsiBackOverItsLevels, "AAPL"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES, ids=lambda r: getattr(r, "__name__", r))
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    description = description_of(reference)
    assert_trades_like_reference(reference, data, description)
