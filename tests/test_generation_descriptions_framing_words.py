"""Words left over that carry no rule: set aside and stated, never reported, and never a rule
dropped (``_match._words_of_no_rule``).

``SET_ASIDE`` rows are descriptions whose only unread words frame the rules ("For Tesla I look
at momentum.", "Could you set up a strategy that ..."), restate them ("... sell after 15 days no
matter what", "... every year" with month rules, "never hold overnight" when every exit is the
same day's close) or name a market concept that a side's concrete condition sums up ("I like to
buy MU on pullbacks ... When RSI(14) drops below 35 ..., I buy."): each is read completely, with
the rules a careful programmer writes, the words echoed as set aside. Voices: beginners in a
chat box, forum posts, swing traders, requests to an assistant.

``REPORTED`` rows are descriptions whose leftover words DO carry a rule Botlab did not read (a
limit, a negation, a market fact, a concept with no condition of its side, an idiom with nothing
to restate): they stay reported, word for word, and the reading is not complete.
"""

from __future__ import annotations

import pytest

from engine.generation import _spelling as spelling
from engine.generation import _vocabulary as vocab
from engine.generation import understand

from .generation.corpus import SETTINGS, case, check_row

NO_RULE = "(no number, indicator, price, time, symbol or order in these words)"

SET_ASIDE = [
    # framing: no rule word at all
    case(
        "For Tesla I look at momentum. When the 20-day rate of change turns positive, I buy. "
        "I sell when it turns negative.",
        entry="roc_20 x> 0",
        exit="roc_20 x< 0",
        symbol="TSLA",
        says=f"Set aside 'I look at' {NO_RULE}",
    ),
    case(
        "With Apple I look at the RSI. Buy when RSI(14) crosses above 30, sell when it crosses "
        "below 70.",
        entry="rsi_14 x> 30",
        exit="rsi_14 x< 70",
        symbol="AAPL",
        says="Set aside 'I look at'",
    ),
    case(
        "For Pepsi I look at mean reversion. Buy when RSI(2) drops below 10, sell when RSI(2) "
        "rises above 70.",
        entry="rsi_2 x< 10",
        exit="rsi_2 x> 70",
        symbol="PEP",
        says="Set aside 'I look at'",
    ),
    case(
        "For Uber I look at the MACD. Buy when the MACD line crosses above the signal line, sell "
        "when it crosses below.",
        entry="macd_12_26_9.macd x> macd_12_26_9.signal",
        exit="macd_12_26_9.macd x< macd_12_26_9.signal",
        symbol="UBER",
        says="Set aside 'I look at'",
    ),
    case(
        "Hey, I look at the stochastic on ORCL. Buy when %K crosses above 20, sell when %K "
        "crosses below 80.",
        entry="stoch_14_3.k x> 20",
        exit="stoch_14_3.k x< 80",
        symbol="ORCL",
        says="Set aside 'I look at'",
    ),
    case(
        "ok so for Amazon I look at the RSI. buy when RSI(14) goes under 30 and sell when it "
        "goes over 70",
        entry="rsi_14 x< 30",
        exit="rsi_14 x> 70",
        symbol="AMZN",
        says="Set aside 'I look at'",
    ),
    case(
        "I watch AAPL. Buy when RSI(14) < 30, sell when RSI(14) > 70.",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        symbol="AAPL",
        says="Set aside 'I watch AAPL.' (not a trading rule)",
    ),
    case(
        "what happens if i buy spy every monday and sell every friday",
        entry="calendar weekday [0]",
        exit="calendar weekday [4]",
        symbol="SPY",
        says=f"Set aside 'what happens if i' {NO_RULE}",
    ),
    case(
        "What would happen if I bought QQQ when RSI(2) < 10 and sold when RSI(2) > 90?",
        entry="rsi_2 < 10",
        exit="rsi_2 > 90",
        symbol="QQQ",
        says="Set aside 'What would happen if I'",
    ),
    case(
        "Could you set up a strategy that buys NVDA when the close crosses above the 50-day SMA "
        "and sells when it crosses below?",
        entry="close x> sma_50",
        exit="close x< sma_50",
        symbol="NVDA",
        says=f"Set aside 'Could you set up a strategy that' {NO_RULE}",
    ),
    case(
        "Hi! Could you set up a bot for me that buys BA when the 14-day CCI crosses above -100 "
        "and sells when it crosses below 100?",
        entry="cci_14 x> -100",
        exit="cci_14 x< 100",
        symbol="BA",
        says="Set aside 'Could you set up a bot for me that'",
    ),
    case(
        "Can you set up something that buys JPM when the close crosses above the upper "
        "Bollinger Band and sells when it crosses below the middle band?",
        entry="close x> bbands_20_2.upper",
        exit="close x< bbands_20_2.middle",
        symbol="JPM",
        says="Set aside 'Can you set up something that'",
    ),
    case(
        "Could you set up a bot that shorts BAC when RSI(14) rises above 75 and covers when it "
        "falls below 45?",
        short_entry="rsi_14 x> 75",
        short_exit="rsi_14 x< 45",
        symbol="BAC",
        says="Set aside 'Could you set up a bot that'",
    ),
    case(
        "Could you set up a strategy for me that buys GOOGL when the 20-day EMA crosses above "
        "the 50-day EMA and sells when it crosses back below?",
        entry="ema_20 x> ema_50",
        exit="ema_20 x< ema_50",
        symbol="GOOGL",
        says="Set aside 'Could you set up a strategy for me that'",
    ),
    case(
        "Watch the 200 day average and only buy when price is above it. Buy when RSI 14 goes "
        "below 40, sell when RSI is over 60",
        entry="rsi_14 x< 40 & close > sma_200",
        exit="rsi_14 > 60",
        says=f"Set aside 'Watch' {NO_RULE}",
    ),
    case(
        "Buy when RSI(14) < 30, sell when RSI(14) > 70, LOL",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        says=f"Set aside 'LOL' {NO_RULE}",
    ),
    # idioms restating a rule read
    case(
        "buy GLD when the 10-day SMA crosses above the 30-day SMA and sell after 15 days no "
        "matter what",
        entry="sma_10 x> sma_30",
        exit_after_bars=15,
        symbol="GLD",
        says="Set aside 'no matter what' (it restates the time exit given)",
    ),
    case(
        "short TSLA when RSI(2) is above 95 and cover after 3 days regardless",
        short_entry="rsi_2 > 95",
        exit_after_bars=3,
        symbol="TSLA",
        says="Set aside 'regardless' (it restates the time exit given)",
    ),
    case(
        "buy INTC when the 5-day EMA crosses above the 20-day EMA and sell 7 days later "
        "whatever happens",
        entry="ema_5 x> ema_20",
        exit_after_bars=7,
        symbol="INTC",
        says="Set aside 'whatever happens'",
    ),
    case(
        "buy HD when the close crosses above the 100-day SMA and exit after 20 bars no matter "
        "what happens",
        entry="close x> sma_100",
        exit_after_bars=20,
        symbol="HD",
        says="Set aside 'no matter what happens'",
    ),
    case(
        "buy CAT after 2 red days in a row and sell after 5 days no matter what",
        entry="2 down closes",
        exit_after_bars=5,
        symbol="CAT",
        says="Set aside 'no matter what'",
    ),
    case(
        "short SPY when RSI(2) rises above 95, cover after 2 days whatever happens",
        short_entry="rsi_2 x> 95",
        exit_after_bars=2,
        symbol="SPY",
        says="Set aside 'whatever happens'",
    ),
    case(
        "buy QQQ in October and sell in January every year",
        entry="calendar month [10]",
        exit="calendar month [1]",
        symbol="QQQ",
        says="Set aside 'every year' (it restates the calendar rules given)",
    ),
    case(
        "go long XLE in December and exit in March, each year",
        entry="calendar month [12]",
        exit="calendar month [3]",
        symbol="XLE",
        says="Set aside 'each year'",
    ),
    case(
        "buy TLT in September and sell in February, annually",
        entry="calendar month [9]",
        exit="calendar month [2]",
        symbol="TLT",
        says="Set aside 'annually'",
    ),
    case(
        "buy SMH in November and sell in May each year",
        entry="calendar month [11]",
        exit="calendar month [5]",
        symbol="SMH",
        says="Set aside 'each year'",
    ),
    case(
        "buy XLK in November and sell in April, every single year",
        entry="calendar month [11]",
        exit="calendar month [4]",
        symbol="XLK",
        says="Set aside 'every single year'",
    ),
    case(
        "buy SPY at the open when it opens 1% below yesterday's close and sell at the close of "
        "the same day, never hold overnight",
        entry="open <= close[-1]*0.99",
        symbol="SPY",
        says="Set aside 'never hold overnight' (every exit given is at the same day's close)",
    ),
    # market concepts summed up by their side's concrete condition
    case(
        "I like to buy MU on pullbacks in an uptrend. When RSI(14) drops below 35 and the close "
        "is above the 200-day SMA, I buy. I sell when RSI(14) rises above 65.",
        entry="close > sma_200 & rsi_14 x< 35",
        exit="rsi_14 x> 65",
        symbol="MU",
        says="Set aside 'on pullbacks' (read as summed up by the buy rule given)",
    ),
    case(
        "I follow trends on QQQ with the moving averages. I buy when the 50-day SMA crosses "
        "above the 200-day SMA and sell when it crosses below.",
        entry="sma_50 x> sma_200",
        exit="sma_50 x< sma_200",
        symbol="QQQ",
        says="Set aside 'I follow trends on' (read as summed up by the buy rule given)",
    ),
    case(
        "I buy dips in uptrends. Buy when RSI(2) < 5, sell when RSI(2) > 70.",
        entry="close > sma_200 & rsi_2 < 5",
        exit="rsi_2 > 70",
        says="Set aside 'dips' (read as summed up by the buy rule given)",
    ),
    case(
        "I short weakness in downtrends. Short QQQ when RSI(3) > 90, cover when RSI(3) < 40.",
        short_entry="close < sma_200 & rsi_3 > 90",
        short_exit="rsi_3 < 40",
        symbol="QQQ",
        says="Set aside 'weakness' (read as summed up by the short rule given)",
    ),
    # framing sentences the older framing reader sets aside, with the same words
    case(
        "I buy AMZN on dips. When RSI(3) falls below 15, I buy. I sell when RSI(3) rises above 60.",
        entry="rsi_3 x< 15",
        exit="rsi_3 x> 60",
        symbol="AMZN",
    ),
    case(
        "I short strength on XLU. Short when RSI(5) rises above 85, cover when it falls below 50.",
        short_entry="rsi_5 x> 85",
        short_exit="rsi_5 x< 50",
        symbol="XLU",
    ),
    case(
        "I follow breakouts on AMD. Buy when the close crosses above the 20-day high, exit when "
        "it crosses below the 10-day low.",
        entry="close x> highest_20",
        exit="close x< lowest_10",
        symbol="AMD",
    ),
    case(
        "I trade momentum on NFLX. Buy when ROC(20) crosses above 5, sell when ROC(20) crosses "
        "below 0.",
        entry="roc_20 x> 5",
        exit="roc_20 x< 0",
        symbol="NFLX",
    ),
]


@pytest.mark.parametrize(("text", "expect"), SET_ASIDE)
def test_words_of_no_rule_are_set_aside_and_the_rules_read(text: str, expect: dict):
    check_row(text, expect, SETTINGS)  # nothing reported, the rules as written, the bot runs
    assert understand(text).complete


REPORTED = [
    # limits and negations
    ("buy MSFT when RSI(14) < 30 unless volume is low, sell when RSI(14) > 70", ["volume is low"]),
    (
        "buy NKE when RSI(14) < 30 but not before earnings, sell when RSI(14) > 70",
        ["not before earnings"],
    ),
    (
        "buy META when RSI(14) < 30 except in a downtrend, sell when RSI(14) > 70",
        ["except"],
    ),
    (
        "buy PYPL when RSI(14) < 30 without waiting for confirmation, sell when RSI(14) > 70",
        ["without waiting for confirmation"],
    ),
    (
        "buy AMD when RSI(14) < 30 and sell after 10 days unless it keeps falling",
        ["it keeps falling"],
    ),
    (
        "buy COST when RSI(14) < 30 and sell when RSI(14) > 70 until the fed meeting",
        ["until the fed meeting"],
    ),
    (
        "buy SPY when RSI(2) < 10 and sell when RSI(2) > 70, not over the weekend",
        ["not over the weekend"],
    ),
    (
        "buy SPY when RSI(2) < 10 and sell when RSI(2) > 70, but skip news days",
        ["skip news days"],
    ),
    # market facts, times and kinds of stock
    (
        "buy QQQ when the 20-day EMA crosses above the 50-day EMA and hold overnight, sell when "
        "it crosses below",
        ["overnight"],
    ),
    ("buy IWM after a gap when RSI(2) < 10, sell when RSI(2) > 60", ["after a gap when"]),
    ("buy T when RSI(14) < 30 after dividends, sell when RSI(14) > 70", ["after dividends"]),
    (
        "buy NVDA when RSI(14) < 30 in the afternoon, sell when RSI(14) > 70",
        ["in the afternoon"],
    ),
    (
        "buy AAPL near support when RSI(14) < 30, sell at resistance",
        ["near support when", "at resistance"],
    ),
    ("buy MSFT when RSI(14) < 30 and sell when RSI(14) > 70, only in tech", ["in tech"]),
    (
        "buy SPY when RSI(2) < 10, sell when RSI(2) > 70, and watch for divergence",
        ["watch for divergence"],
    ),
    (
        "I look at earnings. Buy ADBE when RSI(14) < 30, sell when RSI(14) > 70.",
        ["I look at earnings"],
    ),
    ("buy SPY when RSI(2) < 10 with a trend filter, sell when RSI(2) > 70", ["filter"]),
    # a concept with no concrete condition of its side is the missing rule
    ("buy AAPL on pullbacks, sell at 10% profit", ["on pullbacks"]),
    ("short XOM on rallies, cover at 5% profit", ["on rallies"]),
    ("buy AAPL whenever it dips, sell at 10% profit", ["whenever it dips"]),
    ("short TSLA on weakness, cover when RSI(14) < 30", ["on weakness"]),
    ("I buy pullbacks on AAPL. Sell when RSI(14) > 70.", ["pullbacks on"]),
    (
        "Could you set up a strategy that buys AAPL on pullbacks and sells at a 10% profit?",
        ["on pullbacks"],
    ),
    # a regime said inside a rule is a filter Botlab did not read
    (
        "buy SPY when RSI(2) < 10 on strong trends, sell when RSI(2) > 70",
        ["on strong trends"],
    ),
    (
        "buy QQQ when RSI(3) < 15 in trending markets, sell when RSI(3) > 60",
        ["in trending markets"],
    ),
    ("buy NFLX when RSI(14) < 30 with momentum, sell when RSI(14) > 70", ["momentum"]),
    # an idiom with nothing to restate
    (
        "buy DIA when the 50-day SMA crosses above the 200-day SMA and sell when it crosses back "
        "below, no matter what",
        ["no matter what"],
    ),
    (
        "buy CRM when RSI(14) < 30 and sell when RSI(14) > 70, no matter what",
        ["no matter what"],
    ),
    ("buy GLD when RSI(14) < 30 and sell when RSI(14) > 70 every year", ["every year"]),
    ("buy SPY every year and sell after 20 days", ["every year"]),
    (
        "buy QQQ when RSI(2) < 10 and sell at the close. No overnight holding.",
        ["at the close", "No overnight holding"],
    ),
    (
        "buy XOM when RSI(14) < 30 and sell at the close, never hold overnight",
        ["at the close", "never hold overnight"],
    ),
    # words next to a phrase no stage uses may be part of it: reported with it
    (
        "buy NVDA on a break above the high of the pullback bar when ADX(14) is above 30, sell "
        "when ADX(14) drops below 20",
        ["of the pullback bar when"],
    ),
    (
        "For Intel I want to catch oversold bounces. Buy when RSI(3) drops below 10, sell when "
        "RSI(3) rises above 60.",
        ["I want to catch oversold bounces"],
    ),
    (
        "With NKE I look at the 20-day EMA as a guide. Buy when RSI(14) < 30, sell when RSI(14) "
        "> 70.",
        ["I look at the 20-day EMA as a guide"],
    ),
    (
        "I look for the close to be above the 100 day moving average. Then I buy when RSI(2) "
        "drops under 5. I sell when RSI(2) is above 60.",
        ["I look for the close to be above the 100 day moving average"],
    ),
    # a direction alone is a rule word; "set up" together is not
    ("buy SPY when RSI(2) < 10, sell on the way up", ["on the way up"]),
]


@pytest.mark.parametrize(("text", "words"), REPORTED, ids=lambda v: str(v)[:50])
def test_words_that_carry_a_rule_stay_reported(text: str, words: list[str]):
    u = understand(text)

    assert u.not_understood == words
    assert not u.complete
    set_aside = [a for a in u.assumptions if a.startswith("Set aside")]
    assert not any(f"'{w}'" in a for w in words for a in set_aside), set_aside


def test_rule_words_are_computed_from_the_rule_tables():
    """A word of a rule table is a rule word without being listed again; the writer's voice is
    not, even where a rule table has its word in a longer phrase ("look" is not, "up" is)."""
    for word in ("rsi", "above", "crosses", "monday", "december", "close", "stop", "short"):
        assert word in spelling.RULE_WORDS, word
    for word in ("look", "lol", "watch", "anyway"):
        assert word not in spelling.RULE_WORDS, word
    assert "up" in spelling.RULE_WORDS and "set up" in vocab.FRAMING_PHRASES
    listed = vocab.MARKET_FACTS | vocab.LIMITS | set(vocab.MARKET_CONCEPTS)
    assert {w for w in listed if w.isalpha()} <= spelling.RULE_WORDS
