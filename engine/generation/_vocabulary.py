"""Word tables for the offline compiler: the vocabulary Botlab understands.

Multi-word phrases are written as space-separated lowercase words, after tokenising: hyphens
that join words disappear ("stop-loss" is "stop loss", "z-score" is "z score") and "S&P" is
"s & p".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from engine.generation import _indicator_table
from engine.generation import _symbol_table as symbol_table
from engine.generation._indicator_table import phrases as _phrases


def _words(text: str) -> list[str]:
    return text.split()


def _longest_first(text: str) -> tuple[str, ...]:
    """Phrases in the order ``Stream.first`` tries them: the longest first ("at the end of the
    day" before "end of day")."""
    return tuple(sorted(_phrases(text), key=len, reverse=True))


ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "my", "current"})

#: The writer's own voice, each word once under the roles it plays (a word's roles, space
#: separated, are its key). The roles:
#: - filler: no meaning on its own; never reported as "not understood".
#: - chat: greetings, thanks, asides ("Hi!", "Thanks in advance, much appreciated!"): a sentence
#:   made only of these and filler is set aside and echoed as such.
#: - marker: a chat word that marks a clause's edge as chat ("... > 70 lol", "idk if this works
#:   but buy ..."); not the greetings' "morning" or "afternoon", which a rule can mean ("sell in
#:   the afternoon" is a time of day, reported when not read).
#: - request: a request to the tool ("can you test this:", "please backtest:"): filler inside a
#:   rule, but a title made of them is set aside and echoed, never dropped silently.
#: - signoff: signs a message off before a name ("Cheers, Mark").
#: - source: who or where the writer got the idea from, and the pronouns that stand for that
#:   person ("I saw a YouTube video where the guy buys ...", "someone on reddit said to short
#:   ...", "he sells when ..."): the rule is read as the writer's own, so these words are chat
#:   markers, set aside at a clause's edge like "lol" and never reported.
#: - framing: a word of a sentence about the writer's own practice ("I trade pullbacks in strong
#:   stocks."): a manner of trading or a kind of stock, never a condition, a number, a day or a
#:   side (see ``FRAMING_OPENINGS``).
_VOICE_TABLE = {
    "filler": """
        = a about adn after again algo algorithm all also always an and any applied
        apply are around as at back bar bars based basic basically be been before being
        bot both bots but by candle candles chart charts classic currently day days do
        does done each eg either every follow followed following for from get gets go goes
        going
        gonna has have how hte i i'd i'll i'm i've if in into is it it's its just kindly
        let's lets level levels like line lines looking market markets me must my need
        needs new now of ok okay on once one only onto or order orders our own per
        period periods plain planning position positions price prices really require
        required requires rule rules say setup shall share shares should side sides
        signal signals simple simply some something soon specifically standard still
        stock stocks strat strategies strategy strats stuff such system teh that the
        their them then there there's theres these they thing things this those time
        times to today
        today's trade trades trading trying typical ur us use used uses using value very w w/
        wanna want wanted was we we'll we're wehn wen were what when whenever where
        which whne with your
        """,
    "filler request": """
        backtest backtesting build building can code coding could create generate give make
        making run show
        simulate test u will would write you
        """,
    "filler chat": "here idea so",
    "filler chat marker": "hello hey hi please pls plz thank",
    "filler chat marker signoff": "thanks",
    "filler marker": "thinking",
    "filler framing": "trader",
    "chat": """
        advance afternoon anyone anyway appreciate appreciated awesome cool curious dear
        dumb evening everyone folks good great guys helping here's heres
        chatgpt claude gpt ideas interested lot lots madam morning much newbie nice noob
        noticed possible assistant happen happened performed perform performs did
        post question quick see sir sure team watched watching wonder work working works
        wow
        """,
    "chat marker": """
        afaik btw decent dunno fine fwiw guess hah haha hiya hmm hope hoping idk iirc imho
        imo lmao lmk lol maybe mind ngl perhaps probably ps sup tbh think too wondering yeah
        yep yo
        """,
    "chat marker signoff": "cheers thx ty",
    "filler chat marker source": "he she him",
    "chat marker source": """
        blog book buddy coworker cousin dad discord forum friend friends guy heard podcast
        reddit said
        saw says someone somebody swears tiktok told twitter uncle video videos youtube
        """,
    "chat signoff": "best br kind regards sincerely",
    "chat request": "check help try",
    "chat framing": "look love watch",
    "request": "backtested implement program ran tested",
    "signoff": "rgds tia warm yours",
    "framing": """
        am approach big bounce bounces breakout breakouts cap caps catch catching coins
        confirm confirmation confirms crypto dip dips entries etfs exits favorite
        favourite filter filters find focus focuses follows generally growth guide hold
        holds hunt hunts industries industry laggards large leaders likes liquid looks
        mainly majors mid momentum mostly moves names normally often play plays prefer
        primarily pullback pullbacks quality rallies rally reversal reversals ride rides
        scalp scalps scalping scalper sector sectors setups small spot strength strong style
        swing swings tech through tickers timing traders trend trending trends typically
        usually weak weakness
        """,
}
VOICE_WORDS: dict[str, frozenset[str]] = {
    word: frozenset(roles.split())
    for roles, words in _VOICE_TABLE.items()
    for word in _words(words)
}


def _voice(role: str) -> frozenset[str]:
    """The voice words that play ``role`` (see ``VOICE_WORDS``)."""
    return frozenset(word for word, roles in VOICE_WORDS.items() if role in roles)


FILLER = _voice("filler")
CHAT = _voice("chat")
CHAT_MARKERS = _voice("marker")
REQUEST = _voice("request")
SIGN_OFFS = _voice("signoff")
FRAMING_WORDS = _voice("framing")

#: How a sentence about the writer or the post opens ("first post here", "I am trading since 3
#: years", "v2", "not financial advice"): with nothing read in it, it is set aside and echoed
ASIDE_OPENINGS = dict.fromkeys(
    _phrases(
        "first post | first time posting | first time poster | long time lurker | "
        "longtime lurker | new here | newbie here | noob here | beginner here | i am new | "
        "i'm new | im new | i am a beginner | i'm a beginner | i am trading | i'm trading | "
        "im trading | i have been trading | i've been trading | ive been trading | "
        "been trading | i trade since | i am investing | i have traded | i've traded | "
        "update | edit | "
        "disclaimer | not financial advice | nfa | dyor | gl | glhf | "
        "any ideas | any thoughts | thoughts | "
        "what do you think | what do you guys think | let me know | does this make sense | "
        "is this possible | feedback welcome | would love feedback | any feedback | "
        "sorry for my english | sorry for the long post | english is not my first language | "
        "does that make sense | does that sound reasonable | does that sound right | "
        "does this sound reasonable | is that possible | is that a good idea | "
        "can you also show | can you show | also show me | i've been watching | "
        "i have been watching | i wonder if | i keep seeing | default settings are fine | "
        "defaults are fine | the defaults are fine | default settings are ok | "
        "standard settings are fine | can you set that up | can you set this up | "
        "could you set that up | could you set this up | please set that up | "
        # a prompt written for a chatbot: the role it is given ("You are an expert quant."),
        # its section headings ("Task:", "Requirements:") and what to show of the results
        # ("show me the equity curve", "compare to buy and hold": Botlab's report has both)
        "you are | you're | act as | acting as | pretend you are | pretend to be | "
        "task | the task | your task | requirements | constraints | context | instructions | "
        "objective | goal | deliverables | output | notes | strategy name | bot name | name | "
        "show me | show the | also show | plot | plot the | display | print | report | "
        "compare to | compare with | compare against | compare it to | compare it with | "
        "compare vs | compare versus | compared to | benchmark against | benchmark it against | "
        + " | ".join(
            f"{lead} {hold}"
            for lead in _phrases(
                "compare to | compare with | compare against | compare it to | compare it with | "
                "compare vs | compare versus | compared to | vs | versus | benchmark against | "
                "benchmark it against | and compare to | and compare with"
            )
            for hold in _phrases("buy and hold | buy & hold | b&h | buy-and-hold | holding")
        )
    ),
    True,
)
#: How the writer frames the request or sums the idea up ("Keep it simple, nothing fancy.",
#: "That's it.", "Can you code this up?", "Would be great to see how it does.", "FWIW I trade
#: this by hand:"): a clause opening so with nothing read in it (beside rules, a line or style
#: it names) is set aside and echoed; before a colon opening the text it is the title, echoed
#: as one ("I want to test this: buy ...")
REQUEST_FRAMINGS = dict.fromkeys(
    _phrases(
        "keep it simple | keep it basic | nothing fancy | nothing too fancy | "
        "nothing complicated | pretty straightforward | pretty simple | super simple | "
        "simple enough | straightforward | that's it | thats it | that is it | that's all | "
        "thats all | that is all | quick one | quick question | first time trying | "
        "first time trying this | lmk | i'm testing | im testing | i am testing | "
        "i'm trying out | i want to try | i wanna try | i'd like to try | i would like to try | "
        "so i want to try | i want to test | i'd like to test | i would like to test | "
        "so i want to test | i want to backtest | i'd like to backtest | "
        "can you code this up | could you code this up | can you code this | "
        "could you code this | code this up | can you build this | could you build this | "
        "would be great to see | would be nice to see | it would be great | "
        "it would be nice | would love to see | i'd love to see | just want to see | "
        "i just want to see | just wanna see | i just wanna see | just curious | "
        "curious to see | curious how | wondering if | wondering whether | i'm wondering | "
        "im wondering | i was wondering | fwiw | for what it's worth | "
        "i've been using it | i have been using it | ive been using it | "
        "been using it"
    ),
    True,
)
#: How a clause asking how the idea did, asking for it to be tried, or saying what its source
#: thinks of it opens ("Would this have made money since 2018?", "Try it on META.", "he says it
#: works great in bull markets"): with nothing read in it but the symbol, bars or period to test
#: (kept), it is set aside and echoed; a clause that says a setting ("he said to risk 10% of the
#: account") is read or reported, never dropped
HEARSAY_OPENINGS = dict.fromkeys(
    _phrases(
        "would this | would that | would it | does this | does that | does it | did this | "
        "did that | did it | is this | is that | is it | is the | isn't that | isn't this | "
        "isn't it | how would | how does | how did | will this | will that | will it | "
        "could this | could that | can this | do you think | sounds reasonable | "
        "sound reasonable | sounds good | try it on | try it with | try this on | try that on | "
        "try on | try | could you try it on | can you try it on | could you try | can you try | "
        "i'd run it on | i'd use it on | i'd want to test it on | i'd test it on | "
        "he says | he said | she says | she said | they say | people say | he swears | "
        "she swears | he claims | he called it | he calls it | she called it | i've heard it | "
        "i heard it | works great | it works great | he says it works | he said it works | "
        "apparently | supposedly | apparently it | apparently this"
    ),
    True,
)
#: The label of a form's line that names the strategy ("Strategy: MACD crossover" over "Entry:
#: ..." and "Exit: ..." lines): the name is set aside and echoed, the lines under it read
NAME_LABELS = frozenset(
    _phrases(
        "strategy | strategy name | name | title | system | strategy idea | idea | bot | "
        "bot name | strat | type | strategy type"
    )
)
#: The label of a line of named settings ("Params: fast=10, slow=30"); "" is a line of pairs
#: alone
PARAMETER_LABELS = frozenset(
    {
        "",
        *_phrases(
            "params | param | parameters | inputs | input | settings | variables | vars | "
            "config | configuration | defaults | constants | let"
        ),
    }
)
#: Said of a list of conditions, that each must hold ("Entry conditions (all must be true):",
#: "Buy when all of the following are true:"): how a list is read anyway, set aside and echoed
ALL_MUST_HOLD = dict.fromkeys(
    [
        f"{lead} {verb}"
        for lead in _phrases(
            "all | all of them | all of these | all of the following | all conditions | "
            "all the conditions | all of the conditions | all rules | all of the rules"
        )
        for verb in _phrases(
            "must be true | must be met | must hold | must match | are true | are met | hold | "
            "need to be true | need to be met | have to be true | required | true"
        )
    ]
    + _phrases("all of the following | all of these | all true | all required"),
    True,
)
#: Said of a list of conditions, that one is enough ("Buy when any of these is true:", "sell
#: if one of the following holds:"): the items listed under it are joined with "or"
ANY_MUST_HOLD = dict.fromkeys(
    [
        f"{lead} {verb}".strip()
        for lead in _phrases(
            "any of these | any of the following | any of the conditions | one of these | "
            "one of the following | one of the conditions | either of these | "
            "either of the following"
        )
        for verb in _phrases(
            "is true | are true | is met | holds | hold | happens | applies | | conditions | "
            "conditions is true | conditions are true | is | are"
        )
    ],
    True,
)
#: A line that is only a heading over the rules under it ("## Risk" over "- stop loss 4%")
SECTION_HEADINGS = frozenset(
    _phrases(
        "risk | risk management | money management | position sizing | sizing | "
        "risk and sizing | stops | stops and targets | overview | summary | logic | details"
    )
)
#: Many symbols at once ("short any stock that goes up 20% in a day"): a bot trades one symbol,
#: so the words are reported, never read as whichever symbol the bot is given
UNIVERSES = frozenset(
    _phrases(
        "any stock | any stocks | every stock | all stocks | all the stocks | each stock | "
        "any ticker | every ticker | any coin | every coin | all coins | any symbol | "
        "every symbol | any share | any etf | every etf | any crypto | any company"
    )
)
#: The bullets a list's line may open with ("- compare to buy and hold", "* TP: 6%")
LIST_BULLETS = frozenset(_phrases("- | *"))
#: How a constraint Botlab's bots always keep is said ("max 1 position", "no leverage"): set
#: aside and echoed as kept, never reported (backtesting.py holds one position at a time and
#: Botlab's sizes never borrow)
KEPT_ANYWAY = dict.fromkeys(
    _phrases(
        "max 1 position | max one position | maximum 1 position | maximum one position | "
        "max 1 open position | max one open position | max positions 1 | max positions : 1 | "
        "max 1 trade at a time | one position at a time | 1 position at a time | "
        "only one position | only 1 position | one trade at a time | 1 trade at a time | "
        "no pyramiding | no leverage | without leverage | no margin"
    ),
    True,
)
#: How a sentence naming the idea opens ("I think this is called a moving average crossover
#: strategy."): beside rules said elsewhere, whatever it names is a name, set aside and echoed
CALLED_OPENINGS = dict.fromkeys(
    _phrases(
        "i think it's called | it's called | it is called | i think this is called | "
        "this is called | they call it | people call it | i think they call it"
    ),
    True,
)
#: How a sentence about what the writer likes to trade, or calls the idea, opens ("I like buying
#: oversold dips in the S&P. Buy SPY when ...", "I think it's called buy the dip"): before or
#: after a rule of the same action that has its own condition, it is chat, set aside and echoed,
#: never a second entry
LIKES_OPENINGS = (
    dict.fromkeys(
        _phrases(
            "i like | i love | i enjoy | i prefer | i'm into | im into | i am into | "
            "i'm a fan of | i am a fan of | my favourite is | my favorite is"
        ),
        True,
    )
    | CALLED_OPENINGS
)
#: How a sentence about the writer's own practice opens ("I trade pullbacks in strong stocks.",
#: "I use On-Balance Volume to confirm breakouts.", "We swing trade the weekly chart."): with
#: rules elsewhere, nothing of its own but the actions, lines, symbol and bars the rules say,
#: and no word but ``FRAMING_WORDS`` and filler, it frames the rules: set aside and echoed
FRAMING_OPENINGS = dict.fromkeys(_phrases("i | we | i'm | im | i am | we are | my | our"), True)
#: What the writer has seen the market do ("I noticed it tends to bounce when it tags the 50
#: day"): a clause saying it, with no action, is the backstory of a rule, set aside and echoed
OBSERVATIONS = frozenset(
    _phrases(
        "tends to | tend to | tended to | i noticed | i've noticed | i have noticed | "
        "i've seen | i have seen | seems to | seem to"
    )
)
#: A reason given for a rule ("..., because that usually means momentum, and ...", "..., i.e. a
#: pullback inside an uptrend"): with no condition in it, set aside and echoed; with one, its
#: words are reported, never joined to the rule
REASONS = frozenset(
    _phrases(
        "because | cause | 'cause | cuz | coz | bc | which means | which is why | "
        "the idea being | so that | since | i . e . | i . e | ie | in case | just in case"
    )
)
#: Reasons that open only where a clause opens ("..., since big gaps keep running": "highest
#: close since entry" is a line, not a reason)
CLAUSE_OPENING_REASONS = frozenset(_phrases("since"))
#: A clause opening with one of these tells Botlab what to do ("..., use 15m"): never background
INSTRUCTION_VERBS = frozenset(_words("use make switch change set try test trade run go"))
#: Where a reason ends
REASON_ENDS = frozenset(_phrases(", | . | ! | ? | ; | :"))
#: Where such a clause ends ("..., so I want to buy when ...")
OBSERVATION_ENDS = frozenset(_phrases(", | . | ! | ? | ; | so"))
#: Market concepts a rule can sum up ("I like to buy MSFT on pullbacks. When ... the RSI drops
#: below 40, I buy."): Botlab builds no rule from these words. Words left over that are only
#: these and framing words are set aside, stated, when the side they are said of has a concrete
#: condition of its own; without one they ARE the missing rule, reported (see
#: ``_match._summary_side``). An "event" is what a side's trigger catches ("buy dips"); a
#: "regime" is a state to trade in ("on strong trends"), summed up only when said in a sentence
#: about the writer's practice ("I follow trends on SBUX."), never inside a rule, where it is a
#: filter Botlab did not read
MARKET_CONCEPTS = {
    **dict.fromkeys(
        _words(
            "pullback pullbacks dip dips breakout breakouts strength weakness bounce bounces "
            "rally rallies reversal reversals gap gaps"
        ),
        "event",
    ),
    **dict.fromkeys(
        _words("trend trends trending uptrend uptrends downtrend downtrends momentum weak strong"),
        "regime",
    ),
}
#: What a bracket after a condition may call it, naming what it means ("(low volatility)",
#: "(strong trend)", "(bullish)"): set aside with the words of ``MARKET_CONCEPTS``
GLOSS_WORDS = frozenset(
    _words(
        "low high volatility volatile quiet calm bullish bearish oversold overbought "
        "sideways choppy ranging regime"
    )
)
#: Words with which a concept names one bar or a price rather than what a side trades ("buy on
#: a break above the high of the pullback bar"): left over with them, it is reported
CONCEPT_QUALIFIERS = frozenset(_words("of bar bars candle candles"))
#: Market facts, times and kinds of stock Botlab builds no rule from ("but not before earnings",
#: "unless volume is low", "hold overnight", "sell in the afternoon", "tech stocks"): a word
#: left over that is one of these is always reported, never set aside as framing
MARKET_FACTS = frozenset(
    _words(
        "earnings news overnight weekend weekends volume support resistance squeeze divergence "
        "dividend dividends fed fomc cpi holiday holidays split splits afternoon tech growth "
        "sector sectors industry industries liquid quality leaders laggards cap caps majors "
        "confirm confirms confirmation"
    )
)
#: The limits that restrict what a sentence says, in a title too ("Only buy MSFT in the morning
#: session: ..." is no name)
RESTRICTIONS = frozenset(_words("not no never only unless except excluding without avoid"))
#: Words that limit or negate a rule ("only on Tuesdays", "avoid Mondays", "unless ..."): a word
#: left over that is one of these is always reported, never set aside as framing
LIMITS = RESTRICTIONS | frozenset(
    _words(
        "exclude don't dont doesn't won't can't cant avoiding skip until till nor neither "
        "after before once ignore"
    )
)
#: A request or framing phrase whose words carry no rule together, though one alone may ("Could
#: you set up a strategy that ...": "up" alone is a direction)
FRAMING_PHRASES = frozenset(
    _phrases(
        "set up | set it up | set this up | set that up | set me up | look at | looking at | "
        "put together | come up with | help me | help me with | "
        # what the writer wants to see of the test ("I'd like to see how it did since 2018")
        "see how it did | see how it does | see how it would do | see how it went | "
        "would have performed | would have done | would it have done | would have worked | "
        "what would happen | what would have happened | check how | show how | what happens if | "
        "what happened if"
    )
)
#: Idioms that restate a rule already read, with what they restate: "no matter what" after a
#: time exit ("sell after 10 days no matter what"), "every year" with month or day rules ("buy
#: in November, sell in April every year"), "no overnight holding" when every exit is the same
#: day's close. Set aside and echoed only then; elsewhere they are reported.
RESTATING_IDIOMS = {
    **dict.fromkeys(
        _phrases(
            "no matter what | no matter what happens | regardless | regardless of anything | "
            "whatever happens | come what may | either way"
        ),
        "time exit",
    ),
    **dict.fromkeys(
        _phrases(
            "every year | each year | annually | yearly | every single year | year after year | "
            "each and every year"
        ),
        "calendar",
    ),
    **dict.fromkeys(
        _phrases(
            "no overnight holding | no overnight holds | no overnight positions | "
            "no overnight position | no overnight risk | no overnights | never hold overnight | "
            "don't hold overnight | dont hold overnight | do not hold overnight | "
            "nothing held overnight | not held overnight | never held overnight | flat overnight"
        ),
        "same day",
    ),
}
#: On intraday bars, the day trader's rule that nothing is held overnight ("no overnight holds",
#: "day trade only"): an exit at the close of each day's last bar (see ``_match``); said where
#: an exit there is already read, it restates it
DAY_TRADES_ONLY = frozenset(
    [k for k, v in RESTATING_IDIOMS.items() if v == "same day"]
    + _phrases(
        "no overnight | no overnight trades | no overnight holding period | no holding overnight | "
        "don't hold positions overnight | dont hold positions overnight | never hold positions "
        "overnight | do not hold positions overnight | not holding overnight | "
        "day trade only | day trades only | day trading only | daytrade only | "
        "daytrades only | intraday only | intraday trades only | flat every night | "
        "flat each night | flat at the end of every day | flat every day | "
        "no positions overnight | no positions held overnight | never carry overnight | "
        "no carrying overnight | close everything before the close"
    )
)
#: How a sentence of textbook background opens, copied from a strategy site around the rules
#: ("Traditionally, RSI is considered overbought when above 70 ...", "Many traders believe
#: ...", "They consist of a middle band ..."): with no action of its own and rules beside it,
#: an explanation, set aside and echoed (its numbers are not read)
BACKGROUND_OPENINGS = frozenset(
    _phrases(
        "traditionally | historically | conventionally | by convention | classically | "
        "many traders | most traders | some traders | a lot of traders | lots of traders | "
        "traders often | traders typically | traders usually | "
        "it oscillates | they oscillate | it measures | they measure | it is calculated | "
        "it's calculated | they are calculated | it is computed | they consist of | "
        "it consists of | it was developed | they were developed | it was created | "
        "it was invented | it is plotted | they are plotted | it is used to | they are used to"
    )
)
#: What a line is said to be where a sentence defines it ("The Relative Strength Index (RSI)
#: is a momentum oscillator that ...", "MACD is a trend-following momentum indicator"): after
#: the line's name opening a sentence with no action, that sentence is background, set aside
DEFINING_PHRASES = frozenset(
    _phrases(
        "is a momentum | is an oscillator | is a technical | is an indicator | "
        "is a trend following | is a trend - following | is a trend-following | "
        "is a volatility | is a popular | is a widely | is one of | is a lagging | "
        "is a leading | is a tool | is a measure | is a type of | are a technical | "
        "are a volatility | are a popular | are a type of | are an indicator | are a tool | "
        "measures | oscillates | was developed | were developed | was created | "
        "was invented | is calculated | are calculated | is computed | consist of | "
        "consists of | is used to | are used to | is plotted | are plotted"
    )
)
#: The phrase tables of the writer's voice, besides ``VOICE_WORDS``: their words are no rule
#: words (``_spelling.RULE_WORDS`` leaves them out), though a rule table may have them too
VOICE_PHRASES = (
    ASIDE_OPENINGS,
    REQUEST_FRAMINGS,
    BACKGROUND_OPENINGS,
    DEFINING_PHRASES,
    LIKES_OPENINGS,
    FRAMING_OPENINGS,
    OBSERVATIONS,
    REASONS,
    FRAMING_PHRASES,
    RESTATING_IDIOMS,
)
#: A version tag opening a clause ("v2 buy when ...", "version 3:"; "v2" is read as "v" and 2):
#: set aside and echoed
VERSION_TAGS = dict.fromkeys(
    _phrases("v 1 | v 2 | v 3 | v 4 | v 5 | version 1 | version 2 | version 3 | version 4"), True
)
#: Position management Botlab does not build, reported back with why and what it reads instead
#: (the whole clause: "moved to breakeven after a 3% gain" is no 3% take profit)
BREAKEVEN_PROBLEM = (
    "Moving the stop to break-even (the entry price) is built once the trade is up by a set "
    "distance: say when, for example 'move the stop to breakeven after a 2% gain', 'once it's "
    "up 1 ATR' or 'at +1R' (with a stop of a set distance)."
)
BREAKEVEN_NEEDS_A_STOP = (
    "A break-even move at a multiple of R is measured in the stop's distance from the entry, so "
    "it needs a stop of a set distance ('5% stop loss', 'stop at 2 ATR'); or say the move in "
    "percent ('move the stop to breakeven after a 2% gain')."
)
#: Between "move the stop to breakeven" and the distance that triggers it ("once it's up 1 ATR")
BREAKEVEN_TRIGGER_LEADS = frozenset(
    _phrases(
        "after | once | when | if | at | as | soon | it's | it | is | has | the | trade | price | "
        "position | we're | we | are | up | a | an | in | profit | of | by | reaches | hits | gets "
        "| moved | moves | gained"
    )
)
#: After that distance ("after a 2% gain", "1R in profit", "a 1 ATR move")
BREAKEVEN_TRIGGER_TAILS = frozenset(
    _phrases("gain | gains | profit | in | up | move | favorable | favourable | open | the | trade")
)
CHANDELIER_PROBLEM = (
    "A chandelier exit (a stop N ATR below the highest high since the entry or of the last N "
    "bars) is not built. Say a trailing ATR stop ('trail the stop 3 ATR below the highest close "
    "since entry') or an exit on a low ('sell on a 10-day low')."
)
GAP_FILL_PROBLEM = (
    "Selling when the gap fills (the price back at the close before the gap) needs the close "
    "before the entry, which the rules do not keep. Say a target ('sell at a 2% profit') or a "
    "time exit ('sell at the close', 'sell after 1 day')."
)
OVERNIGHT_PROBLEM = (
    "Selling at the next morning's open after buying at the close (holding overnight) needs two "
    "fill times in one backtest, which is not built: say 'buy at the close, sell at the next "
    "close' or 'buy at the open, sell at the close'."
)
#: Volume said against its average with no number: above it, or above twice it for a spike
#: ("high volume", "a volume spike", "vol surges"); the number is said in the phrase's note
VOLUME_AVERAGE_PHRASES = {
    **dict.fromkeys(
        _phrases(
            "volume is high | volume is strong | volume is heavy | high volume | heavy volume | "
            "above average volume | above - average volume | strong volume | big volume | "
            "large volume | rising volume | increased volume | higher than average volume"
        ),
        1.0,
    ),
    **dict.fromkeys(
        _phrases(
            "volume spike | spike in volume | volume surge | surge in volume | volume spikes | "
            "volume surges | volume jumps | volume explodes | vol spike | vol spikes | "
            "vol surge | vol surges | spike in vol | surge in vol"
        ),
        2.0,
    ),
}
#: A spike said as a verb, which may name the line it spikes past ("volume spikes above twice
#: its 50-day average")
VOLUME_MOVE_VERBS = frozenset(_phrases("spikes | surges | jumps | explodes"))
#: Concepts read off a chart, not rules on bars: reported by name with the closest phrasing
#: Botlab reads (never read as something else)
CHART_PATTERN_PROBLEM = (
    "Chart patterns drawn across several swings (head and shoulders, double tops and bottoms, "
    "triangles, flags, cup and handle) are not read: Botlab reads bar patterns ('a hammer', 'a "
    "bullish engulfing bar', 'an inside bar') and breaks of the last bars' range ('short when "
    "the close breaks below the 20-day low')."
)
ELLIOTT_WAVE_PROBLEM = (
    "Elliott wave counts are not read (which wave a market is in is a judgment on the chart, "
    "not a rule on bars): say the move as a rule, for example 'buy when the close breaks above "
    "the 20-day high' or 'buy when price bounces off the 200-day SMA'."
)
SUPPORT_RESISTANCE_PROBLEM = (
    "Support and resistance zones drawn on the chart are not read: say the level as a line of "
    "the bars, for example 'buy at the 20-day low, sell at the 20-day high' or 'buy when price "
    "bounces off the 200-day SMA'."
)
#: After support or resistance, the words that name its level ("resistance at the 20-day
#: high", "support of the 50 SMA"): the writer's own line, read by the phrase that names it
LEVEL_NAMED_AFTER = frozenset(_phrases("at | of | on | near | around | from | = | : | is | ("))
_CHART_READINGS = {
    **dict.fromkeys(
        _phrases(
            "head and shoulders | head & shoulders | head - and - shoulders | inverse head and "
            "shoulders | inverted head and shoulders | reverse head and shoulders | double top | "
            "double bottom | triple top | triple bottom | cup and handle | cup - and - handle | "
            "ascending triangle | descending triangle | symmetrical triangle | bull flag | "
            "bear flag | rising wedge | falling wedge"
        ),
        CHART_PATTERN_PROBLEM,
    ),
    **dict.fromkeys(
        _phrases("elliott wave | elliot wave | elliott waves | elliot waves | elliott"),
        ELLIOTT_WAVE_PROBLEM,
    ),
    **dict.fromkeys(
        _phrases(
            "support | resistance | support zone | support zones | resistance zone | "
            "resistance zones | support level | support levels | resistance level | "
            "resistance levels | support and resistance | support / resistance | "
            "support and resistance zones | support / resistance zones | s / r | s / r zones | "
            "supply zone | demand zone | supply zones | demand zones"
        ),
        SUPPORT_RESISTANCE_PROBLEM,
    ),
}
_BREAKEVEN_WORDS = ("break even", "breakeven", "break - even", "b / e", "entry price", "entry")
_BREAKEVEN_LEADS = (
    "move the stop to | move stop to | move my stop to | move your stop to | move the stop loss "
    "to | move the sl to | move sl to | moving the stop to | moved to | move it to | raise the "
    "stop to | raise stop to | bring the stop to | set the stop to | put the stop at | stop to"
)
ACCOUNT_LOSS_LIMIT_PROBLEM = (
    "A loss limit on the account over a day, week or drawdown (a 'daily loss limit', 'max "
    "drawdown') is not built: a bot trades one position, with stops per trade ('a 2% stop "
    "loss', 'risk 1% per trade')."
)
UNBUILT = {
    **dict.fromkeys(
        [f"{lead} {word}" for lead in _phrases(_BREAKEVEN_LEADS) for word in _BREAKEVEN_WORDS]
        + _phrases("break even stop | breakeven stop | break even | breakeven"),
        BREAKEVEN_PROBLEM,
    ),
    **dict.fromkeys(
        _phrases(
            "chandelier exit | chandelier stop | chandelier trailing stop | chandelier | "
            "a chandelier exit | a chandelier stop | the chandelier exit | a chandelier"
        ),
        CHANDELIER_PROBLEM,
    ),
    **dict.fromkeys(
        _phrases(
            "when the gap fills | when the gap is filled | when the gap closes | once the gap "
            "fills | once the gap is filled | the gap fills | the gap is filled | gap fills | "
            "gap fill | fills the gap | closes the gap | when it fills the gap | on the gap fill | "
            # the gap's own words for its fill ("sell when price is back at yesterday's close")
            "price is back at yesterday's close | it is back at yesterday's close | "
            "it's back at yesterday's close | it gets back to yesterday's close | "
            "price gets back to yesterday's close | price returns to yesterday's close | "
            "it returns to the previous close | price is back to the previous close"
        ),
        GAP_FILL_PROBLEM,
    ),
    **dict.fromkeys(
        [
            f"{period} {limit}"
            for period in _phrases("daily | day's | weekly | week's | monthly | account")
            for limit in _phrases("loss limit | max loss | maximum loss | stop | drawdown limit")
        ]
        + [
            f"{cap} {period} {noun}"
            for cap in _phrases("max | maximum")
            for period in _phrases("daily | weekly | monthly | account")
            for noun in _phrases("loss | drawdown")
        ]
        + _phrases(
            "loss limit per day | loss limit for the day | stop trading for the day | "
            "max drawdown | maximum drawdown | drawdown limit"
        ),
        ACCOUNT_LOSS_LIMIT_PROBLEM,
    ),
    **dict.fromkeys(
        _phrases(
            "the next morning's open | next morning's open | the next morning | next morning | "
            "the following morning | the next day's open | next day's open | tomorrow's open | "
            "at the next morning's open | at the next day's open | at tomorrow's open | "
            "the open the next morning | the open the next day"
        ),
        OVERNIGHT_PROBLEM,
    ),
    **_CHART_READINGS,
}
#: Before a trailing line an exit is said on ("exit with a chandelier stop", "sell on the
#: chandelier exit"), and the lines read so
EXIT_LINE_LEADS = frozenset({"on", "with", "using", "via", "at", "use"})
#: A target said with the line it is ("target the 20-day average", "profit target is the middle
#: band", "price target: VWAP"): the close reaching that line
TARGET_LEADS = frozenset(
    _phrases(
        "target | targets | aim for | take profit | take profits | profit target | price target | "
        "take profit target | profit target is | price target is | target is | the target is | "
        "my target is | first target | targeting | take profit is"
    )
)
#: Between a target and its line ("profit target: the middle band", "target = VWAP")
TARGET_LINKS = frozenset(_phrases(": | = | is | - | of | will be"))
EXIT_LINES = frozenset({"chandelier"})
#: A stop trailed along a line ("trail with the 10 EMA", "trailing the 21 EMA"): as a stop at it
TRAIL_LINE_LEADS = frozenset(
    _phrases(
        "trail with | trail it with | trail the stop with | trail stop with | trail my stop with | "
        "trail the stop using | trail using | trail the stop along | trail along | trail on | "
        "trail the stop on | trailing | trailing with | trailing stop at | trailing stop on | "
        "trailing stop along | trail the stop under | trail under | trail below | trail it under"
    )
)
#: Between a stop (``STOP_WORDS``) and the line it is put at ("stop at the 20 EMA", "stop loss
#: at the Supertrend line"): "at" is said ("stop is at the Kijun", "stop placed at ...")
STOP_LINE_LINKS = frozenset(_phrases("at | is at | placed at | goes at | set at | sits at"))
#: Between a stop and a recent high or low it sits beyond ("stop under the 10-day low")
STOP_BEYOND_LINKS = frozenset(
    _phrases("below | under | above | beneath | over | just below | just under | just above")
)
#: Before a stop at a recent high or low that moves with it each bar ("trail the stop at the
#: 10-day low")
TRAIL_STOP_VERBS = frozenset(_phrases("trail | trailing | move | moving | ratchet"))
#: A stop at a recent high or low on the side of the price no stop of the trade can be
STOP_LEVEL_ON_THE_WRONG_SIDE = (
    "A {trade}'s stop must sit {side} the price, and {line} is on the other side of it: say "
    "which line the stop is at ('stop at the 10-day low' for a long, 'the 10-day high' for a "
    "short)."
)
#: Lines drawn as a trailing stop: a stop "at the Supertrend line" or "at the SAR" sits at the
#: line's value and follows it each bar (``stop_level_trails``), never loosened
TRAILING_STOP_LINES = frozenset({"supertrend", "psar"})
#: Between such a verb's stop and the line it moves to ("move the stop up to the 5-day low")
TRAIL_STOP_LINKS = frozenset(_phrases("to | up to | down to"))
#: A stop said as a verb: "stop out below the 10-day low" is the exit through the moving line
#: (the Turtle system's exit), never a level taken at the entry
STOP_OUT_VERBS = frozenset(_phrases("stop out | stopped out"))
STOP_AT_A_RECENT_EXTREME = (
    "A stop at a recent high or low ('{said}') is not built: a trader's stop there stays at the "
    "level it had on the day of the entry, and Botlab's stops are a distance from the entry "
    "('a 2 ATR stop') or the signal bar's own low or high ('stop at the low of the signal "
    "bar'). To exit when the close goes through the moving line, say so ('sell when the close "
    "drops below the 20-day low')."
)
#: Trading sayings, not rules ("buy low sell high lol but like when it's below ..."): set aside
#: and echoed; one that opens with an action keeps it for the condition said after it
SLOGANS = dict.fromkeys(
    _phrases(
        "buy low sell high | buy low , sell high | buy low and sell high | "
        "buy low then sell high | "
        "buy the rumor sell the news | buy the rumour sell the news | "
        "cut your losses and let your winners run | cut losses and let winners run | "
        "let your winners run | the trend is your friend"
    ),
    True,
)
#: Market holidays and option expiries, which Botlab's calendar rules do not know: reported back
#: with why and what it reads instead
HOLIDAYS = dict.fromkeys(
    _phrases(
        "thanksgiving | christmas | xmas | new year's | new years | new year | easter | "
        "good friday | independence day | july 4th | fourth of july | labor day | labour day | "
        "memorial day | presidents day | presidents' day | mlk day | juneteenth | holiday | "
        "holidays"
    ),
    True,
)
HOLIDAY_PROBLEM = (
    "Market holidays (Thanksgiving, Christmas, ...) are not in Botlab's calendar rules, which "
    "know weekdays, months, dates and trading days of the month: say the days by those, for "
    "example 'buy on the 3rd-to-last trading day of November' or 'buy on the last trading day "
    "of December, sell on the 2nd trading day of January'."
)
OPTION_EXPIRIES = dict.fromkeys(
    _phrases(
        "options expiration | option expiration | options expiry | option expiry | opex | "
        "expiration day | expiration friday | expiry day | monthly expiration | triple witching "
        "| quad witching | quadruple witching"
    ),
    True,
)
OPTION_EXPIRY_PROBLEM = (
    "Options expiration is the third Friday of the month, which Botlab reads when said so ('buy "
    "on the third Friday of the month, sell after 5 days'); the days around it ('the week "
    "before options expiration') are not built: say the dates, for example 'buy on the 8th of "
    "every month, sell after 5 days'."
)
#: A day said by a name the calendar rules do not know: the rule it dates is refused, since
#: without it the rule would trade on other days
UNKNOWN_DAYS = frozenset({HOLIDAY_PROBLEM, OPTION_EXPIRY_PROBLEM})
#: Before a bare span that is the test period ("backtest 5 years", "ETH-USD daily 3 years")
SPAN_LEADS = REQUEST | frozenset(_phrases("daily | weekly | hourly | bars"))
#: Which half of the month ("the first half of the month", "the latter half").
MONTH_HALVES = {
    **dict.fromkeys(["first", "1st", "early", "earlier", "front", "opening"], "first"),
    **dict.fromkeys(["second", "2nd", "last", "latter", "later", "back", "final"], "second"),
}


NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

#: A word written as two ("5 per cent", British and Indian usage): the pair -> the one word
#: the tokeniser reads in its place
TWO_WORD_SPELLINGS: dict[tuple[str, str], str] = {("per", "cent"): "percent"}


#: Pine Script written into a description ("ta.crossover(ta.ema(close, 9), ta.ema(close, 21))
#: -> strategy.entry('L', strategy.long)"), read as the words it stands for (see _tokens).
#: A library prefix said before a function ("ta.rsi"): no meaning of its own.
SCRIPT_NAMESPACES = frozenset({"ta"})
#: A series named as a function's first argument ("sma(close, 10)"): the words it stands for
#: before the function ("sma(volume, 20)": "volume sma(20)"); the close, every indicator's own
#: series, stands for none. Other series ("rsi(high, 14)") are left as written (unread).
SCRIPT_SOURCES: dict[str, tuple[str, ...]] = {"close": (), "volume": ("volume",)}
#: The extremes whose series is said after their name ("highest(high, 55)": "highest high (55)";
#: "[1]" after them is the house reading already: the bars before this one).
SCRIPT_EXTREMES = frozenset({"highest", "lowest"})
#: Crossing functions: "crossover(a, b)" is "a crosses above b".
SCRIPT_CROSSES: dict[str, tuple[str, ...]] = {
    "crossover": ("crosses", "above"),
    "crossunder": ("crosses", "below"),
    "cross": ("crosses",),
}
#: Order calls, by the direction word or function name that decides them ("strategy.entry(
#: 'L', strategy.long)": buy; "strategy.close('L')": exit).
SCRIPT_ORDERS: dict[str, str] = {
    "long": "buy",
    "short": "short",
    "close": "exit",
    "close_all": "exit",
}

#: Uppercase compounds that the ticker pattern would otherwise read as a symbol.
COMPOUND_WORDS = frozenset({"long-only", "short-only", "z-score", "stop-loss", "take-profit"})

#: Multipliers written as words.
MULTIPLIER_WORDS: dict[str, float] = {"twice": 2.0, "double": 2.0, "triple": 3.0, "thrice": 3.0}
#: A fraction after a comparison ("the body is less than half the range")
FRACTION_WORDS: dict[str, float] = {"half": 0.5}

#: Bar-count units, the one table for every length in bars ("a 12-month SMA", "sell after 2
#: months", "hold for 3 weeks"): how many bars one unit is on daily data (5 trading days a week,
#: 21 a month, 252 a year).
#: Units that are the bars tested themselves, on any interval
BAR_UNIT_WORDS = frozenset(
    _phrases("period | periods | bar | bars | session | sessions | candle | candles")
)
PERIOD_UNITS: dict[str, int] = {
    **dict.fromkeys(["day", "days", "d", "period", "periods", "bar", "bars"], 1),
    **dict.fromkeys(["session", "sessions", "candle", "candles", "trading"], 1),
    **dict.fromkeys(["week", "weeks", "wk", "wks"], 5),
    **dict.fromkeys(["month", "months", "mo", "mos"], 21),
    **dict.fromkeys(["year", "years", "yr", "yrs"], 252),
    # clock time, less than a daily bar: counted only on intraday bars (see CLOCK_MINUTES)
    **dict.fromkeys(["hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins"], 0),
}
#: Minutes in one unit of a length said in clock time ("the 50-hour SMA", "exit after 90
#: minutes"): on intraday bars that many minutes of bars (50 hours: 50 hourly bars, 200
#: 15-minute ones); on daily or longer bars no whole number of bars, so never read there.
CLOCK_MINUTES = {
    **dict.fromkeys(["hour", "hours", "hr", "hrs"], 60),
    **dict.fromkeys(["minute", "minutes", "min", "mins"], 1),
}
_INTRADAY_INTERVAL = re.compile(r"^(\d+)(m|h)$")


def interval_minutes(interval: str) -> int | None:
    """Minutes in one bar of an intraday interval ("15m": 15, "4h": 240); None for daily and
    longer bars."""
    said = _INTRADAY_INTERVAL.match(interval)
    if said is None:
        return None
    return int(said.group(1)) * (60 if said.group(2) == "h" else 1)


#: Calendar days in a bar of daily and longer intervals (to order them after intraday ones)
_DAYS_IN_BAR = {"1d": 1, "1wk": 7, "1mo": 31}


def bar_minutes(interval: str) -> int:
    """Minutes a bar of ``interval`` spans, to tell the finer of two intervals ("1h" < "1d")."""
    return interval_minutes(interval) or _DAYS_IN_BAR.get(interval, 1) * 24 * 60


def interval_bar_name(interval: str) -> str:
    """How the bars of an interval are named in a message ("daily", "hourly", "15-minute")."""
    minutes = interval_minutes(interval)
    if minutes is None:
        return _BAR_NAMES.get(interval, interval)
    if minutes == 60:
        return "hourly"
    return f"{minutes // 60}-hour" if minutes % 60 == 0 else f"{minutes}-minute"


@dataclass(frozen=True)
class MarketSession:
    """When a market trades: what one day of bars is on intraday bars ("exit after 2 days" on
    hourly bars of a US stock is its 14 bars; the 20-day SMA on 15-minute bars of BTC-USD is
    SMA(1920))."""

    said: str  # why, in the echo ("a US stock's regular session, 9:30-16:00")
    minutes: int  # traded in one day
    days: dict[int, int]  # trading days in a day, week, month, year (keys: PERIOD_UNITS' values)

    def bars_a_day(self, bar_minutes: int) -> int:
        """Bars in one day: a last, shorter bar counts (Yahoo's hourly bars of a US stock open
        at 9:30, 10:30, ..., 15:30: 7 a day)."""
        return -(-self.minutes // bar_minutes)


_WEEKDAYS = {1: 1, 5: 5, 21: 21, 252: 252}
#: The sessions of the markets Botlab tests (the market of a symbol: :func:`market_of`)
MARKET_SESSIONS = {
    "stock": MarketSession("a US stock's regular session, 9:30-16:00", 390, _WEEKDAYS),
    "crypto": MarketSession(
        "crypto trades around the clock, every day", 1440, {1: 1, 5: 7, 21: 30, 252: 365}
    ),
    "forex": MarketSession("forex trades around the clock on weekdays", 1440, _WEEKDAYS),
    "future": MarketSession("futures trade about 23 hours a weekday", 1380, _WEEKDAYS),
}
#: The market of the symbol a text is read for ("stock" when it names none), set with the bars
MARKET: ContextVar[str] = ContextVar("market", default="stock")
#: Units that are the bars tested on intraday bars too (a session there is a day)
INTRADAY_BAR_UNITS = frozenset(_phrases("period | periods | bar | bars | candle | candles"))
#: Lines of the close that a length in days on intraday bars puts on daily bars ("the 20-day
#: SMA" on hourly bars is the daily SMA(20), the line a trader means by it); other lengths in
#: days there count the bars of that many sessions ("the 10-day high": 70 hourly bars back)
DAILY_LINE_FAMILIES = frozenset(
    _phrases("sma | ema | ma | bare | rsi | roc | macd | bbands | zscore | hma | wma | dema")
    + _phrases("tema | cmo | ppo | kama | zlema | trix | stochrsi")
)
#: Yahoo's currency pairs without their "=X" (the bundled sample "EURUSD")
_FOREX_PAIR = re.compile(r"^[A-Z]{6}$")
_CRYPTO_QUOTES = ("-USD", "-USDT", "-EUR", "-BTC", "-ETH")


def market_of(symbol: str | None) -> str:
    """The market a Yahoo symbol trades on (a key of :data:`MARKET_SESSIONS`)."""
    if symbol is None:
        return "stock"
    if symbol.endswith(_CRYPTO_QUOTES):
        return "crypto"
    if symbol.endswith("=X") or _FOREX_PAIR.match(symbol) and symbol[3:] in ("USD", "JPY"):
        return "forex"
    return "future" if symbol.endswith("=F") else "stock"


#: The bars of the test a text is read for ("1d" unless it says "weekly bars" or "monthly
#: bars"): a length said in the bars' own unit is that many bars ("the 4-week low" on weekly
#: bars is 4 bars, not 20). Set by the compiler around one reading.
BAR_INTERVAL: ContextVar[str] = ContextVar("bar_interval", default="1d")
#: Bars in one unit on weekly and monthly bars (52 weeks a year, 12 months); a unit shorter
#: than the bar (a day on weekly bars) has none: such a length is not read.
_LONGER_BAR_UNITS = {"1wk": {5: 1.0, 21: 52 / 12, 252: 52.0}, "1mo": {21: 1.0, 252: 12.0}}
#: Whether lengths are being read inside another time frame's phrase whose bars are built from
#: the daily bars tested: a day is then a known part of its bar (a week's 5 trading days, a
#: month's 21), and "the weekly close above its 50-day SMA" is 10 weekly bars
_FRAME_OF_DAILY_BARS: ContextVar[bool] = ContextVar("frame_of_daily_bars", default=False)
#: The interval whose unit table counts a length said inside another time frame's phrase
_FRAME_INTERVALS = {"D": "1d", "W": "1wk", "M": "1mo"}
#: The frame a condition is computed on, built from finer bars tested, for each interval said
#: ("rsi below 40 on daily" on hourly bars: "D"); an intraday interval is its own frame
FRAME_OF_INTERVAL = {interval: frame for frame, interval in _FRAME_INTERVALS.items()}


def frame_minutes(frame: str) -> int:
    """Minutes a bar of a condition's frame spans ("4h": 240, "D": a day's), to order frames."""
    return bar_minutes(_FRAME_INTERVALS.get(frame, frame))


#: Names of the bars of an interval, in a note ("4 weeks read as 4 weekly bars")
_BAR_NAMES = {"1d": "daily", "1wk": "weekly", "1mo": "monthly"}


def unit_bars(unit: str, interval: str | None = None) -> float | None:
    """Bars in one ``unit`` (a key of :data:`PERIOD_UNITS`) on the bars of ``interval`` (the
    bars tested, :data:`BAR_INTERVAL`, when not given); None when the unit is shorter than a bar
    ("days" on weekly bars tested, hours on daily bars; inside a weekly phrase on daily bars a
    day is a fifth of a bar). Bars, sessions and candles are bars; on intraday bars a day (a
    session) is the bars of one day of the market traded (:data:`MARKET`)."""
    interval = interval or BAR_INTERVAL.get()
    bar = interval_minutes(interval)
    if unit in CLOCK_MINUTES:
        return None if bar is None else CLOCK_MINUTES[unit] / bar
    per = PERIOD_UNITS[unit]
    if bar is not None and unit not in INTRADAY_BAR_UNITS:
        market = MARKET_SESSIONS[MARKET.get()]
        return market.days[per] * market.bars_a_day(bar)
    table = _LONGER_BAR_UNITS.get(interval)
    if table is None and unit not in BAR_UNIT_WORDS:  # daily bars: the days the market trades
        return float(MARKET_SESSIONS[MARKET.get()].days.get(per, per))  # (a crypto week is 7)
    if table is None or unit in BAR_UNIT_WORDS:
        return float(per)
    if per == 1 and _FRAME_OF_DAILY_BARS.get():  # days in a bar: those of its week (month)
        return 1 / PERIOD_UNITS[INTERVAL_BAR_NAMES[interval][1]]
    return table.get(per)


@contextmanager
def counting_bars_of(interval: str, symbol: str | None = None) -> Iterator[None]:
    """Lengths read inside the block are counted in ``interval``'s bars (:data:`BAR_INTERVAL`),
    the bars tested, of ``symbol``'s market (:data:`MARKET`; unchanged when not given)."""
    token = BAR_INTERVAL.set(interval)
    market = MARKET.set(market_of(symbol) if symbol is not None else MARKET.get())
    try:
        yield
    finally:
        MARKET.reset(market)
        BAR_INTERVAL.reset(token)


@contextmanager
def counting_bars_of_frame(frame: str) -> Iterator[None]:
    """Lengths read inside the block are counted in the bars of ``frame`` ("W"), another time
    frame said in a phrase: "the weekly close above its 10-week SMA" is 10 weekly bars, and on
    daily bars tested "its 50-day SMA" is 10 too (5 trading days a weekly bar)."""
    # the bars tested, not those of a frame said around this one ("the weekly ... the weekly")
    daily = _FRAME_OF_DAILY_BARS.get() or BAR_INTERVAL.get() == "1d"
    token = _FRAME_OF_DAILY_BARS.set(daily)
    try:
        with counting_bars_of(_FRAME_INTERVALS.get(frame, BAR_INTERVAL.get())):
            yield
    finally:
        _FRAME_OF_DAILY_BARS.reset(token)


def in_bars(value: float, unit: str) -> float | None:
    """``value`` ``unit``s in bars of the test ("6 months" on weekly bars: 26, "50 days" 10);
    None when the unit is shorter than a bar and the length is no whole number of bars."""
    per = unit_bars(unit)
    if per is None:
        return None
    if unit in CLOCK_MINUTES:  # "45 minutes" on 30-minute bars: no whole number of bars
        bar = interval_minutes(BAR_INTERVAL.get()) or 1
        minutes = value * CLOCK_MINUTES[unit]
        return minutes / bar if minutes % bar == 0 else None
    count = value * per
    if per < 1:  # "12 days" on weekly bars: 2.4 bars is no length
        return float(round(count)) if abs(count - round(count)) < 1e-9 and count >= 1 else None
    return count if per == int(per) else float(round(count))


def bars_note(value: float, unit: str) -> str | None:
    """How a length in weeks, months or years, or in hours or minutes on intraday bars, was
    turned into bars (None for bars/days on daily bars)."""
    per = unit_bars(unit)
    interval = BAR_INTERVAL.get()
    clock = unit in CLOCK_MINUTES  # always said: "50 hours read as 50 hourly bars"
    minutes = interval_minutes(interval)
    if minutes is not None:  # intraday: a day is a session's bars, a bar or candle is one
        own = unit in INTRADAY_BAR_UNITS
    else:
        own = unit in BAR_UNIT_WORDS or (per == 1 and interval not in _LONGER_BAR_UNITS)
    if per is None or (own and not clock):
        return None
    count = in_bars(value, unit)
    if count is None:
        return None
    singular = unit[:-1] if unit.endswith("s") and unit not in ("mos", "wks", "yrs") else unit
    bars = f"{count:g} {interval_bar_name(interval)} bar{'' if count == 1 else 's'}"
    if minutes is not None and not clock:  # "2 days" on hourly bars: the bars of 2 sessions
        market = MARKET_SESSIONS[MARKET.get()]
        days = market.days[PERIOD_UNITS[unit]]
        a_day = f"{market.bars_a_day(minutes)} a day: {market.said}"
        week = f", {days} trading days a {singular}" if days > 1 else ""
        return f"{value:g} {unit} read as {bars} ({a_day}{week})"
    if per == 1 or clock:
        return f"{value:g} {unit} read as {bars}"
    if per < 1:  # a day inside a weekly (monthly) phrase: the only unit shorter than its bar
        return f"{value:g} {unit} read as {bars} ({1 / per:g} trading days a bar)"
    return f"{value:g} {unit} read as {bars} ({per:.3g} per {singular})"


#: The bars a run of them is counted in when said in days, weeks or months ("4 weeks in a
#: row" is 4 weekly closes): the interval whose bars they are.
RUN_UNIT_INTERVALS: dict[str, str] = {
    **dict.fromkeys(_phrases("day | days | session | sessions | trading day | trading days"), "1d"),
    **dict.fromkeys(_phrases("week | weeks | wk | wks"), "1wk"),
    **dict.fromkeys(_phrases("month | months | mo | mos"), "1mo"),
}
#: How an interval's bars and their unit are named in a message ("daily bars", "days")
INTERVAL_BAR_NAMES = {
    "1d": ("daily", "days"),
    "1wk": ("weekly", "weeks"),
    "1mo": ("monthly", "months"),
}


#: Calendar units for the test period ("over the last 2 years").
CALENDAR_DAYS: dict[str, int] = {
    "day": 1,
    "days": 1,
    "d": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "month": 30,
    "months": 30,
    "mo": 30,
    "mos": 30,
    "year": 365,
    "years": 365,
    "yr": 365,
    "yrs": 365,
    "y": 365,
    "decade": 3650,
    "decades": 3650,
}

#: The names of the days and months, and of the time frames, as the echo writes them
WEEKDAY_NAMES = tuple(_words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"))
MONTH_NAMES = tuple(
    _words("January February March April May June July August September October November December")
)
TIMEFRAME_WORDS = {
    "D": "daily",
    "W": "weekly",
    "M": "monthly",
    "1m": "1-minute",
    "2m": "2-minute",
    "5m": "5-minute",
    "15m": "15-minute",
    "30m": "30-minute",
    "1h": "hourly",
    "2h": "2-hour",
    "4h": "4-hour",
}


def ordinal(n: int) -> str:
    """ "1st", "2nd", "23rd", "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: After a date of a named month ("on December 20th each year"): every year's, as read anyway.
EVERY_YEAR = frozenset(_phrases("each year | every year | of each year | of every year"))
MONTHS: dict[str, int] = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

#: Company, fund, index, coin and currency names -> Yahoo symbols (``_symbol_table``), plus
#: a few tickers typed in lower case.
SYMBOL_NAMES: dict[str, str] = symbol_table.NAMES
#: Before a ticker typed in lower case ("buy xle when ...", "put 1k into xlf if ...")
LOWERCASE_TICKER_LEADS = frozenset(
    _phrases("buy | buying | purchase | short | shorting | into | in | trade | trading")
)
#: After a ticker typed in lower case: the rule's condition begins
LOWERCASE_TICKER_TAILS = frozenset(
    _phrases("when | whenever | if | after | once | every | as | on | at")
)
#: Before a word in capitals that is the symbol even where it is also a word Botlab reads
#: ("Buy MA when ...": Mastercard, "Long ON when ...": ON Semiconductor) ...
UPPERCASE_TICKER_LEADS = (LOWERCASE_TICKER_LEADS - frozenset(_phrases("in | into"))) | frozenset(
    _phrases("long | longing")
)
#: ... and after it, in lower case (a text all in capitals is no sign of a ticker)
UPPERCASE_TICKER_TAILS = frozenset(_phrases("when | whenever | if | once | stock | shares | share"))
#: Verbs that put money into a symbol ("invest 500 bucks in tesla", "put 1k into xlf")
INVEST_VERBS = frozenset(_phrases("invest | put | throw | spend | allocate | drop"))
#: After the money put in, before the symbol
INVEST_PREPS = frozenset(_phrases("in | into | on"))
#: Short words that may sit between "buy" and "when" and are never a ticker
NOT_LOWERCASE_TICKERS = frozenset(
    _phrases(
        "calls | puts | call | put | them | more | less | dips | dip | lots | some | cheap | "
        "low | high | big | small | again | back | now | only | it | this | that | half | all"
    )
)
#: Settings named by a word before their number ("multiplier 3", "ATR 10", "period 7"), by
#: indicator setting; "atr" is the ATR's length (the Supertrend's period, Keltner's atr_period).
SETTING_NAMES: dict[str, str] = {
    **dict.fromkeys(_phrases("period | length | lookback | len | ema | ema period"), "period"),
    **dict.fromkeys(
        _phrases("multiplier | mult | factor | multiple | atr multiplier"), "multiplier"
    ),
    **dict.fromkeys(_phrases("atr | atr period | atr length"), "atr_period"),
    **dict.fromkeys(_phrases("std | stdev | sd | deviations | deviation | dev | std dev"), "std"),
    **dict.fromkeys(_phrases("step | af | acceleration | acceleration factor"), "step"),
    **dict.fromkeys(_phrases("max | maximum | max af | maximum af"), "maximum"),
}
#: Words after a number that name its setting ("20 EMA, 2 ATR" on a Keltner channel).
SETTING_UNITS: dict[str, str] = {
    **dict.fromkeys(_phrases("ema | sma | period | bars | days | length"), "period"),
    **dict.fromkeys(_phrases("atr | atrs | x atr | times atr"), "multiplier"),
    **dict.fromkeys(_phrases("std | sd | stdev | standard deviations | deviations"), "std"),
    **dict.fromkeys(  # a swing's bars ("3 bars each side", "2 bars left and right")
        _phrases(
            "bars each side | bars on each side | bars either side | bars on either side | "
            "bars on both sides | bars left and right | bars to the left and right | "
            "candles each side | candles on each side | bar each side | bars per side"
        ),
        "bars",
    ),
}

#: Verbs before a break beyond a pattern bar's high or low ("price goes above the inside bar's
#: high", "breaks below the low of the hammer").
PATTERN_BREAK_VERBS = frozenset(
    _phrases(
        "goes | breaks | trades | moves | closes | is | gets | rises | falls | drops | "
        "pushes | breaks out | break | go | trade | move | close"
    )
)

#: Symbols whose level itself is a rule ("only when the VIX is below 20").
LEVEL_SYMBOLS = frozenset({"^VIX"})

#: Coins by their exchange ticker ("btc"): Yahoo quotes each in US dollars ("BTC-USD")
COIN_TICKERS = {
    name: symbol
    for name, symbol in SYMBOL_NAMES.items()
    if symbol.endswith("-USD") and symbol.startswith(name.upper())
}
#: Quotes of a crypto pair read as the US dollar ("ETHUSD", "btc/usdt": Yahoo's BTC-USD); a
#: stablecoin's price is the dollar's to a fraction of a percent (echoed)
DOLLAR_QUOTES = ("usdt", "usdc", "usd")
#: ISO codes of the currencies Yahoo quotes pairs of ("EURUSD", "EUR/USD" -> EURUSD=X).
CURRENCIES = frozenset(
    _phrases(
        "usd | eur | gbp | jpy | chf | aud | cad | nzd | sek | nok | dkk | hkd | sgd | cnh | cny | "
        "mxn | zar | try | inr | krw | pln"
    )
)

#: A stock said without naming one ("on a single stock", "any stock you like"): reported
UNNAMED_SYMBOLS = frozenset(
    _phrases(
        "a single stock | one stock | any stock | any single stock | a stock of your choice | "
        "any stock of your choice | the stock of your choice | a stock you like | "
        "any stock you like | a stock you choose | any stock you want | your favorite stock | "
        "your favourite stock | a random stock | a given stock | some stock | any ticker | "
        "a ticker of your choice | any symbol | a symbol of your choice | a single ticker | "
        "a single symbol | one ticker | one symbol | any stock or etf | an etf of your choice"
    )
)
UNNAMED_SYMBOL_PROBLEM = (
    "No symbol is named ('{said}'): a bot is tested on one symbol, and Botlab never picks one "
    "for you. Name it, for example 'on MSFT', or leave these words out to test on the default "
    "symbol."
)
UNKNOWN_NAME_PROBLEM = (
    "'{name}' looks like the stock or market you mean, but it is no ticker or name Botlab "
    "knows: write its ticker (for example 'on MSFT'), or the test runs on the default symbol."
)
#: Words that introduce a ticker ("on AAPL", "trade MSFT", "ticker ibm").
SYMBOL_INTRODUCERS = frozenset(
    _phrases(
        "on | for | trade | trading | buy | buying | short | shorting | sell | of | in | "
        "ticker | symbol | stock | using | with | test | backtest | long | "
        # a bot described in the third person ("a bot that buys XLK on Monday open")
        "buys | shorts | sells | trades | hold | holds"
    )
)

#: Uppercase words that are vocabulary, never tickers.
NOT_TICKERS = frozenset(
    _phrases(
        "RSI | SMA | EMA | MA | MACD | ATR | ROC | BB | EOD | I | A | OK | USD | AND | OR | IF | "
        "THE | SL | TP | MOM | YTD | MAS | EMAS | SMAS | K | D | ON | BUY | SELL | SHORT | "
        "LONG | EXIT | WHEN | STOP | TAKE | PROFIT | ALL | IN | NO | AT | "
        # chat words said at the end of a description ("..., sell when > 70, LOL")
        "LOL | IMO | TBH | ASAP | PLS | THX | FYI | THANKS | TY | "
        "IMHO | NGL | IDK | BTW | OMG | WTF | LMAO | DYOR | NFA | GL | TIA | FWIW | IIRC | AKA | "
        "PS | NB | TLDR | EDIT | NOTE | UPDATE | IMPORTANT | RULES | RULE | ENTRY | EXITS | "
        # English words written in capitals for emphasis ("Buy IT when ...", "ONLY long")
        "IT | IS | BE | GO | UP | DOWN | OUT | NOW | NEW | THEN | NOT | TO | OF | BY | AS | AN | "
        "MY | ME | WE | SO | DO | FOR | BUT | ONLY | JUST | NEVER | ALWAYS | MUST | ONE | "
        "HIGH | LOW | OPEN | CLOSE | DAY | DAILY | HOLD | COVER | CALL | CALLS | PUT | PUTS | "
        "BULL | BEAR | TREND | RISK | SIZE | "
        # the clock, sessions and places ("in RTH", "all times in UTC", "the NY open")
        "RTH | UTC | GMT | EST | EDT | CET | ET | PT | CT | NY | NYC | US | USA | UK | EU | "
        "AM | PM | EOW | EOM | EOY | MTD | QTD | TF | HTF | LTF | MTF | "
        # events, orders and trading words ("no trades on FOMC days", "OCO orders", "DCA")
        "FOMC | CPI | NFP | PPI | GDP | FED | ECB | BOJ | BOE | PCE | OPEX | OCO | GTC | MOC | "
        "MOO | LOC | LMT | MKT | BTO | STC | STO | IOC | FOK | ATH | ATL | HH | HL | LH | LL | "
        "OHLC | OHLCV | SR | BOS | FVG | ORB | VWAP | POC | DCA | HODL | FOMO | YOLO | BTFD | "
        "TA | FA | DD | RR | R | ROI | PNL | EV | CAGR | DTE | IV | HV | OTM | ITM | ATM | "
        "ETF | ETFS | IPO | EPS | PE | CEO | AI | ML | API | BOT | EA | "
        # chat shorthand opening one ("FWIW I trade this by hand: ...", "LMK if ...")
        "LMK | AFAIK"
    )
)
#: Exchanges written before a ticker and a colon ("NYSE: HON", "NASDAQ:AAPL", TradingView's
#: "BINANCE:BTCUSDT"): the ticker after them is the symbol, never the exchange's own index
EXCHANGE_PREFIXES = frozenset(
    _phrases(
        "nyse | nasdaq | amex | nyse arca | nysearca | arca | bats | cboe | otc | otcmkts | "
        "tsx | tsxv | lse | asx | nse | bse | xetra | binance | coinbase | kraken | bitstamp | "
        "bybit | okx | bitfinex | fx | oanda | fxcm | forexcom | pepperstone | cme | comex | "
        "nymex | cbot"
    )
)
#: Brackets around a ticker said after a name ("Honeywell (HON)", "Sony [SONY]") or a name
#: said after a ticker ("HON (Honeywell)"): each opening bracket and the one closing it
TICKER_BRACKETS = {"(": ")", "[": "]"}
#: Words that may join the capitalised words of a company's name ("Bank of America", "Procter
#: & Gamble", "Johnson and Johnson")
NAME_JOINERS = frozenset(_phrases("of | & | and | -"))


#: The other forms of the verbs that close a position, for a rule retold in the third person or
#: the past ("Sam closes the short", "she covered the position", "he got out of the trade")
_CLOSING_VERB_FORMS = {
    "close": "closes closed closing",
    "exit": "exits exited exiting",
    "cover": "covers covered covering",
    "get": "gets got getting",
    "take": "takes took taking",
    "square": "squares squared squaring",
    "book": "books booked booking",
    "flatten": "flattens flattened flattening",
    "sell": "sells sold selling",
    "buy": "buys bought buying",
    "liquidate": "liquidates liquidated liquidating",
}


def _retold(text: str) -> list[str]:
    """``text``'s phrases, each phrase led by a closing verb also in that verb's other forms
    ("close the short" -> "closes the short", "closed the short", "closing the short")."""
    out: list[str] = []
    for phrase in _phrases(text):
        out.append(phrase)
        verb, _, rest = phrase.partition(" ")
        for form in _CLOSING_VERB_FORMS.get(verb, "").split():
            out.append(f"{form} {rest}".strip())
    return out


ACTIONS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "buy | buys | bought | buying | go long | goes long | going long | enter long | "
            "enter a long | enter a long position | open a long | open a long position | "
            "open long | long | get long | be long | purchase | buy in | get in | "
            "take a long position | initiate a long | buy the stock | buy shares | go in | "
            "buy again | buy it again | come back | come back in | get back in | get back into | "
            "stay long | remain long | stay in long | invest in | get into | hold | "
            # trader slang ("grab it at the open")
            "grab | grab it | grabs | scoop up | scoop it up | pick up | pick it up"
        ),
        "buy",
    ),
    **dict.fromkeys(
        _retold(
            # each verb also in its other forms ("sells", "sold it": see _retold)
            "sell | sell out | sell the position | "
            # the holding as the verb's object ("sell it at the close": no price called "it")
            "sell it | sell them | "
            "dump | dump it | dumps | unload | unload it | offload | offload it | ditch it | "
            "exit long | exit the long | close the long | close long | exit longs | close longs | "
            "sell the stock | sell shares"
        ),
        "sell",
    ),
    **dict.fromkeys(
        _retold(
            "exit | exit the trade | exit the position | exit a position | "
            # a profit taken closes a long or a short ("short ..., tp when RSI < 30"), whichever
            # side is open: it never opens a short
            "take profits | take profit | tp | "
            "take it out | take it all out | take the money out | pull it out | pull out | "
            "close the position | close the trade | close position | close out | get out | "
            "liquidate | flatten | close it | close out the position | close positions | "
            # Indian usage: an intraday position is "squared off"
            "square off | square it off | square off the position | square off the trade | "
            # a gain booked or a position closed out ("books the gain", "closed it out")
            "book the gain | book the gains | book the profit | book profit | book profits | "
            "close it out | close the position out | close the trade out | flatten it | "
            "flatten the position | get out of the trade | get out of the position | "
            "get out of it | close everything | close all | close all positions | "
            "flatten everything | "
            "exit everything | sell all | sell it all | bail | bail out | hold until | "
            # a retold hold ("he holds it until ..."); a closing verb's other forms are _retold's
            "holds until | holds it until | held until | held it until | holding until | "
            "holding it until | "
            # the whole pyramided position ("close the whole thing when ...")
            "close the whole thing | close the whole position | close the whole trade | "
            "exit the whole position | exit the whole thing | close it all | close all units | "
            "exit all units | sell all units | close the lot | sell the lot | "
            # a holding sold off, never a short sale ("then selling everything")
            "sell everything | sell all of it | sell all my shares | sell my shares | "
            "hold till | hold it until | stay in until | keep it until | hold the position until | "
            # a hold said with its side or trade ("keep the short until it closes above ...")
            "keep the short until | keep the position until | keep the trade until | "
            "stay short until | hold the short until | hold short until | remain short until | "
            "keep the long until | stay long until | hold the long until | remain in until | "
            "hold on until | hang on until | ride it until | keep it open until | "
            "exit positions | exit all | stay out | stay flat | be flat | go flat | go to cash | "
            "move to cash | stay in cash | be out | get flat | stand aside | flat | in cash | "
            "cash | be in cash | sit in cash | "
            "stay out of the market | out of the market | be out of the market | exit rule | "
            "exit rules | exit condition | "
            "exit conditions | exit signal | sell rule | sell rules | sell signal | "
            "sell condition | sell conditions | long exit | target | aim for | stop | stop out | "
            "stopped out | close either position | close either | close both | "
            "close both positions | exit either position | exit both | exit both positions | "
            "close any position | exit any position | long exit condition | "
            "long exit conditions"
        ),
        "exit",
    ),
    **dict.fromkeys(
        _phrases(
            "enter | enters | entering | enter a trade | enter the trade | enter a position | "
            "open a position | open a trade | get into a position | take a position | entry | "
            "entry rule | entry rules | entry condition | entry conditions | entry signal | "
            "long entry | buy rule | buy rules | buy condition | buy conditions | buy signal | "
            "entries | long condition | long conditions | long entry condition | "
            "long entry conditions"
        ),
        "enter",
    ),
    **dict.fromkeys(
        _phrases(
            "short | shorts | shorting | go short | goes short | going short | sell short | "
            "sell it short | sells it short | sell them short | "
            "short sell | short the stock | enter short | enter a short | open a short | "
            "open a short position | enter a short position | get short | be short | "
            "take a short position | initiate a short | open short | short entry | short rule | "
            "short signal | short entry rule | short condition | short conditions | "
            "short entry condition | short entry conditions"
        ),
        "short",
    ),
    **dict.fromkeys(
        _retold(
            "cover | covers | cover the short | cover shorts | buy to cover | buy back | "
            "buy it back | close the short | exit the short | exit short | close short | "
            "cover the position | cover it | cover the trade | "
            "exit shorts | close shorts | short exit | cover rule | cover signal | "
            "short exit rule | short exit condition | short exit conditions | cover condition"
        ),
        "cover",
    ),
}

#: After an exit verb, the whole holding ("sell everything if it falls 10%", "sell it all if")
WHOLE_HOLDING = frozenset({"everything", "all", "of", "it"})
#: Between "otherwise" and the rule it introduces ("otherwise just buy when ..."): no condition
ALTERNATIVE_FILLERS = frozenset({"just", "simply", "then"})

#: An exit said as holding a position until something ("otherwise I hold until Friday close"):
#: the position was bought, so a 'sell' beside it is never a short sale
HELD_UNTIL = _phrases(
    "hold until | hold till | hold it until | keep it until | hold the position until | "
    "stay in until | i hold until | hold on until"
)
#: The last word of an exit said as a hold ("hold until", "holds it till"): the price after it
#: is its condition's subject ("hold until the close drops below the 10 day SMA"), no fill
HOLD_UNTIL_ENDS = frozenset(_phrases("until | till | til"))
#: The open trade said as the subject of its profit ("if it's up 2% by Wednesday's close")
PROFIT_SUBJECTS = dict.fromkeys(
    _phrases(
        "it's | it is | the trade is | the position is | i'm | i am | we're | we are | "
        "the stock is | price is"
    ),
    True,
)
#: After a profit, the time it is checked at ("up 2% by Wednesday's close", "by day 3")
PROFIT_DEADLINES = frozenset(_phrases("by | on | at the end of | at | before"))
#: A move said of the bar itself, not by a deadline ("down 1% on the day")
ON_THE_DAY = tuple(
    _phrases("on the day | on the session | on the bar | on the candle | on the week")
)
PROFIT_BY_A_TIME_PROBLEM = (
    "A profit checked at one given time ('up 2% by Wednesday's close') is a condition on the "
    "open trade at that close, which Botlab does not build. It reads a profit target checked "
    "on every bar ('sell when it is up 2%') and a time exit ('sell after 3 days'), or a day to "
    "sell on ('sell Wednesday's close')."
)
#: Verbs that close a position, said before a stop, a target or a holding time ("sell after 5
#: days", "exit at a 10% profit"); the conditions joined to them are exits too.
EXIT_VERBS = frozenset(
    _phrases(
        "sell | sell it | exit | exit the trade | exit the position | exit trades | "
        "cut it | cut the trade | cut the position | dump it | ditch it | "
        "exit positions | close | close it | close the position | close the trade | "
        "close positions | close trades | close out | get out | get out of the trade | cover | "
        "stop out | liquidate | bail | bail out | take profit | take profits | book profit | "
        "square off | square it off | square off the position | "
        "book profits | take the profit | buy back | buy it back | buy them back | buy to cover | "
        # the -ing forms ("... and selling five days later")
        "selling | selling it | exiting | closing it | covering | buying it back | buying back | "
        # the past and third-person forms of a retold trade ("sold the next day", "sells them
        # 20 trading days later")
        "sell them | sold | sold it | sold them | sells | sells it | sells them | exited | "
        "exits | covered | covers"
    )
)

#: "hold for 10 days", "keep the position 5 bars".
HOLD_WORDS = frozenset(
    _phrases(
        "hold | holds | holding | hold it | hold the position | hold positions | "
        "hold each trade | hold the trade | hold trades | keep | keep the position | "
        # a retold hold ("held it for exactly 10 days", "keeps them 5 days")
        "held | held it | held them | held the position | hold them | holds it | holds them | "
        "kept | kept it | kept them | keep it | keep them | keeps it | keeps them | "
        "keep positions | stay in | stay in the trade | max | maximum | at most | no more than | "
        "max holding | maximum holding | max holding time | max hold time | "
        # a cap on the holding time ("hold no longer than 15 days", "don't hold more than a week")
        "hold no longer than | hold for no longer than | hold no more than | "
        "hold for no more than | hold at most | hold for up to | hold up to | "
        "don't hold longer than | don't hold more than | don't hold for more than | "
        "do not hold longer than | do not hold more than | dont hold longer than | "
        "dont hold more than | never hold longer than | never hold more than | "
        "never hold for more than | keep it no longer than | stay in no longer than | "
        "stay in no more than | "
        # "I don't want to hold any position longer than 30 days"
        "don't want to hold longer than | don't want to hold more than | "
        "don't want to hold any position longer than | don't want to hold a position longer than | "
        "don't want to hold positions longer than | don't want to hold any trade longer than | "
        "don't want to hold any position for more than | do not want to hold longer than | "
        "do not want to hold any position longer than | "
        "do not want to hold a position longer than | "
        "never hold any position longer than | never hold a position longer than | "
        "never hold a trade longer than | never hold any trade longer than"
    )
)

#: Names of a holding-time exit ("a 10-bar time stop", "max holding period of 20 days").
TIME_STOP_NAMES = frozenset(
    _phrases(
        "time stop | time exit | time based exit | time limit | hold | holding period | "
        "holding time | max hold | maximum hold | max holding period | maximum holding period | "
        "max holding time | maximum holding time | pass | passed | have passed | has passed | "
        "elapse | have elapsed"
    )
)

#: After a holding time, its delay said last ("sell 5 days later", "sell it a week after")
DELAY_WORDS = frozenset(_phrases("later | after | afterwards | on"))
#: Words after a holding time that add nothing ("5 days in the trade", "10 bars after entry").
TIME_TAILS = frozenset(
    _phrases(
        "in the trade | in a trade | in trade | in position | in the position | after entry | "
        "after entering | after the entry | from entry | since entry | after buying | "
        "after the buy | later | of holding | max | maximum | at most | tops | at the most"
    )
)

#: One bar after the entry: "sell tomorrow", "exit the next day". ("at the next open" says how an
#: order fills, not when: the fill rules read it.)
NEXT_BAR = frozenset(
    _phrases(
        "tomorrow | next day | the next day | on the next day | the following day | "
        "the day after | the next bar | on the next bar"
    )
)

#: A move within one bar: "down more than 2% on the day".
ONE_DAY = frozenset(
    ["on the day", "for the day", "today", "on one day", "on a single day", "intraday"]
)
#: Before a move noun, its one-bar span said as an adjective ("a 10% single-day gain")
ONE_DAY_ADJECTIVES = frozenset(
    _phrases(
        "single-day | single day | one-day | one day | 1-day | 1 day | daily | one-bar | one bar | "
        "1-bar | single-bar | single bar | one-session | single-session"
    )
)
#: Of those, the ones that say the day's move from the previous close ("up 1% on the day"), on
#: intraday bars built from the previous day's close ("intraday" may be from the open: unsaid)
ONE_DAY_SESSION_MOVES = ONE_DAY - {"intraday"}
#: Said beside a chart's intraday bars ("intraday 5m", "on 15m intraday bars"): part of the bars
INTRADAY = "intraday"

#: The direction of a crossing said after it ("the 9/21 cross up", "crosses to the downside").
#: Not "above"/"below": after a crossing they start a comparison ("crosses the signal line above
#: zero" is the crossing and MACD > 0).
CROSS_DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "up | upward | upwards | to the upside | higher | going up | heading up | moving up | "
            "going higher | heading higher | moving higher | on the way up"
        ),
        "above",
    ),
    **dict.fromkeys(
        _phrases(
            "down | downward | downwards | to the downside | lower | going down | heading down | "
            "moving down | going lower | heading lower | moving lower | on the way down"
        ),
        "below",
    ),
}

#: The first words of a crossing's direction said right after its verb, with no line between
#: ("crosses to the upside", "crosses going down")
CROSS_DIRECTION_LEADS = frozenset(_phrases("to | going | heading | moving | on"))
#: After "buy <symbol>": holding with no exit, which needs no bot ("buy spy and hold forever")
HOLD_FOREVER = ("and hold forever", "and hold it forever", "and just hold", "and hold it")
#: A position said never to be sold, with the buys still a rule ("buy $500 of BTC every Monday,
#: never sell"): no exit rule, not the opposite of the entry
NEVER_SELL = frozenset(
    _phrases(
        "never sell | never sell it | never sells | don't sell | dont sell | do not sell | "
        "don't ever sell | never exit | never close | no selling | "
        "hold forever | hold it forever | hold them forever | and hold forever | "
        "hold indefinitely | hold it indefinitely | and never sell | never sell anything"
    )
)
#: Buys said to repeat with no sell and no cap on units ("every Monday, never sell"): the
#: units the spec can hold at most, said back
ACCUMULATED_UNITS_CAP = 20
#: Words that say the buy repeats ("every Monday", "each week", "whenever")
REPEAT_WORDS = frozenset(_phrases("every | each | whenever"))
#: A profit or loss the trade reaches, said between an exit verb and its percent ("sell when
#: price hits 20% profit", "exit once the trade reaches a 10% loss")
TARGET_REACHED_SUBJECTS = frozenset(
    _phrases(
        "price | the price | it | the trade | the position | my position | the stock | we | i | "
        "the trade's price"
    )
)
TARGET_REACHED_VERBS = frozenset(
    _phrases("hits | hit | reaches | reach | gets to | get to | is at | touches | shows | makes")
)
#: Between a named crossover and its two lengths ("an SMA crossover with 10 and 30 days")
LENGTH_LINKS = frozenset(_phrases("with | using | of | at | , | :"))
#: A crossing's direction said alone after "when" ("..., when downwards then selling")
BARE_CROSS_DIRECTIONS = frozenset(_phrases("upward | upwards | downward | downwards"))

#: A crossing, said as a verb or a noun ("crosses above", "a DMI crossover", "ema 9/21 xover").
CROSS_WORDS = frozenset(
    _phrases("cross | crosses | crossed | crossing | crossover | crossovers | xover")
)
#: Between parameters ("12/26/9", "12, 26 and 9", "20 x 2")
PARAM_SEPARATORS = frozenset(_phrases(", | / | and | & | x | -"))
#: Between two lines named keyword first ("sma 50 and sma 200 crossover", "ema9/ema21 x-over",
#: "ema 9 vs ema 21").
PAIR_JOINERS = PARAM_SEPARATORS | {"vs", "versus"}
#: Labels of a target and a stop said together before their sizes ("TP/SL 6%/3%")
PAIRED_EXIT_LABELS = frozenset(_phrases("tp | sl | target | stop"))
#: Between a target and a stop said as moves from the entry ("sell at +5% or -2%", "Exit: +8% /
#: -4%"): the second is the same exit's other move
MOVES_JOINED = frozenset(_phrases("or | and | /"))

#: "3 days in a row", "for 2 consecutive closes": a state held on that many bars running.
HELD_UNITS = frozenset(
    _phrases(
        "days | bars | sessions | closes | candles | trading days | periods | times | "
        # the singular, as written in a hurry ("for 3 day in row")
        "day | bar | session | candle | trading day"
    )
)
#: Before the bars of a held state ("for 3 days", "on 2 consecutive bars")
HELD_LEADS = frozenset(_phrases("for | on"))
#: Before the bars of a held state ("for at least 3 days")
HELD_AT_LEAST = ("at least", "a minimum of", "no less than", "not less than")
#: "3 higher highs": each bar's high against the one before.
EXTREME_STREAKS = {
    "higher highs": ("high", ">"),
    "higher high": ("high", ">"),
    "lower lows": ("low", "<"),
    "lower low": ("low", "<"),
    "higher lows": ("low", ">"),
    "lower highs": ("high", "<"),
    "higher low": ("low", ">"),
    "lower high": ("high", "<"),
}
#: A bar's high or low said as the subject of a run ("the low has been lower for 3 days")
BAR_EXTREME_FIELDS = {"low": "low", "lows": "low", "high": "high", "highs": "high"}
#: Between that subject and its way ("has been", "was", "kept getting")
RUN_FIELD_VERBS = frozenset(_phrases("has | have | been | is | was | were | are | kept | getting"))
#: The way of each bar's high or low against the one before
RUN_FIELD_WAYS = {"lower": "<", "higher": ">"}
#: Before one bar's "lower high" ("price makes a lower high")
EXTREME_LEADS = frozenset(
    _phrases("price | the price | it | the stock | makes | made | making | prints | forms | a | an")
)
#: Before a counted run of highs or lows, after "the": who made it ("the market has made three
#: lower highs")
RUN_MAKERS = frozenset(
    _phrases(
        "market has made | market made | market makes | price has made | stock has made | "
        "it has made | there have been | there were | we have had | we had"
    )
)
#: After one bar's "higher high": the bar it is compared with
THAN_THE_BAR_BEFORE = dict.fromkeys(
    _phrases(
        "than yesterday | than the previous day | than the day before | than the prior day | "
        "than the previous bar | than the prior bar | than the bar before | vs yesterday | "
        "than yesterday's | than the previous candle | than the last bar"
    ),
    True,
)
HELD_PROBLEM = (
    "A state held for several bars needs its subject named, not 'it': for example 'the close is "
    "above the 50-day SMA for 3 days in a row'."
)
SEQUENCE_PROBLEM = (
    "'A, then B' is a sequence of events, and a rule is checked on each bar by itself: Botlab "
    "read the event before 'then', not the one after it. Name the one event to trade on, for "
    "example 'buy when RSI(14) crosses back above 30'."
)
#: Between two conditions of one rule, a sequence ("drops below -200 then rises above -100").
SEQUENCE_WORDS = frozenset(_phrases("then | afterwards | subsequently | later | followed"))
#: After "out" opening a clause, it is the exit ("..., out May through October"; a time of
#: day: "..., out by 3:55pm", "out at 15:50", "out before the close").
OUT_SPANS = frozenset(
    _phrases(
        "in | during | from | for | between | through | thru | on | every | each | by | at | before"
    )
)

ACTIONS.update({"reverse": "reverse", "reverse the trade": "reverse", "flip": "reverse"})
#: The dip bought, named before the rule that defines it ("buy the dip when it's down 2% ...")
DIP_NAMES = frozenset(_phrases("the dip | dips | the dips | a dip"))
#: Words naming a moving average in a strategy's name ("ema crossover", "moving average cross").
AVERAGE_NAME_WORDS = frozenset(_phrases("sma | ema | ma | moving | average | averages | mas"))
#: A candle's colour ("3 red candles in a row": the close below the open on each) and the
#: nouns that make a colour the candle's, not the day's change ("3 red days": down closes).
CANDLE_COLOURS = frozenset(_phrases("red | green | black | white"))
CANDLE_NOUNS = frozenset(_phrases("candle | candles | candlestick | candlesticks | bar | bars"))
#: This bar's colour: its close above its open (green) or below it (red)
GREEN_CANDLE = frozenset(_phrases("green | white"))
#: The bar said to be one colour ("the candle is green", "close is red", "HA candle")
ONE_CANDLE = frozenset(_phrases("candle | candlestick | bar | close"))
#: Candles of other bars than those tested, whose colour is not this bar's ("the weekly candle",
#: "a heikin ashi green candle": Botlab does not build Heikin-Ashi bars)
OTHER_CANDLES = frozenset(_phrases("weekly | monthly | daily | hourly | ashi | ha | heikin"))
#: Verbs between the bar and its colour ("the candle closes green", "it prints red")
COLOUR_VERBS = frozenset(_phrases("is | was | closes | closed | turns | prints | printed"))
#: A close said with its colour, of the price or of no subject ("gaps up 5% and closes red")
CLOSES_COLOUR_VERBS = frozenset(_phrases("closes | closed | closing | finishes | ends"))
#: A one-day move said as a noun ("a 2% drop", "a drop of 5% in one day", "a 3% pop").
CHANGE_NOUNS = {
    **dict.fromkeys(
        _phrases(
            "drop | decline | fall | selloff | sell-off | dip | loss | plunge | down move | "
            "down day | red day | down close | slide | "
            "drops | declines | dips | selloffs | plunges | down moves"  # "buy dips of 3% or more"
        ),
        "<=",
    ),
    **dict.fromkeys(
        _phrases(
            "gain | rise | jump | rally | pop | surge | up move | up day | green day | up close | "
            "advance | jumps | rallies | pops | surges | spikes | spike"
        ),
        ">=",
    ),
}
#: After a move's size: at least that much ("drops 3% or more", "dips of 3% or bigger")
AT_LEAST_TAILS = ("or more", "or greater", "or bigger", "or larger", "plus")
#: After a target's size ("target 2% gain")
GAIN_NOUNS = frozenset(_phrases("gain | gains | profit | profits | upside | move"))
#: After a move, the bar it is measured against ("-3% vs yesterday", "down 2% from the prior
#: close"): a one-bar change.
VERSUS_WORDS = frozenset(
    _phrases("vs | vs. | versus | from | compared to | compared with | on | against")
)
YESTERDAY_WORDS = frozenset(
    _phrases(
        "yesterday | yesterday's close | the previous close | the prior close | the last close | "
        "the previous day | the prior day | the day before | previous close | prior close | "
        "the previous day's close | the prior day's close | the previous bar | the prior bar | "
        "yesterdays close | yesterdays | the day before's close | the close before | "
        "yesterday close | last close"
    )
)
#: What the verb before a move noun does ("buy on a 2% drop"; "sell on a 5% drop" is a stop).
MOVE_NOUN_LEADS = frozenset(_phrases("on | after | following | a | an | the | any | each | every"))
#: Before these an action word is a noun ("2% from entry", "since the entry").
NOT_AN_ACTION_AFTER = frozenset(_phrases("from | since | of | the | above | below | after"))
#: A margin in points ("above -DI by more than 10 points").
POINT_WORDS = frozenset(_phrases("points | point | pts | pt"))
#: The actions that close a position ("exit only when ...": "only" adds nothing to them).
CLOSING_SIDES = frozenset({"sell", "exit", "cover"})
#: Words after a line naming its value now ("RSI(2) today is above 50")
NOW_WORDS = frozenset(_phrases("today | now | currently | right now"))
#: Names of published setups Botlab reads by their rules, not their names: known words, so never
#: "corrected" into another ("smash day" is no "smas day"), and reported when left unread
SETUP_NAMES = frozenset(_phrases("smash | oops | soup | holy grail | specialist | anti"))
#: "closes higher than it did 20 days ago": the verb standing for the subject's own value then
THEN_VERBS = frozenset(_phrases("did | was | were | closed | stood | had"))
#: An oscillator's values added up over some bars ("cumulative RSI(2) over 3 days", "the sum of
#: RSI(2) over the last 2 days")
SUM_WORDS = dict.fromkeys(_phrases("cumulative | cumulated | summed | sum of | total of"), True)
#: Words naming a crossover's two lines by their count ("dual moving average crossover 10/30")
PAIR_COUNT_WORDS = frozenset({"dual", "double", "two"})
#: A side named after an exit ("exit longs at a 10-day low and shorts at a 10-day high"): that
#: side's exit
SIDE_PLURALS = {"longs": "sell", "shorts": "cover"}
#: The actions that open a position
OPENING_SIDES = frozenset({"buy", "short"})

CONNECTORS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "and | & | while | whilst | as long as | provided | provided that | only when | "
            "only if | but only when | but only if | and only when | and only if | but | "
            "and also | with | and when | and if | plus | given that | and while"
        ),
        "and",
    ),
    **dict.fromkeys(
        _phrases(
            "or | or when | or if | either | either of them | either one | any of them | "
            "one of them | either of the two"
        ),
        "or",
    ),
}

#: Phrases that end a rule: a strong one ends the sentence.
STRONG_SEPARATORS = frozenset({".", ";", "!", "?", "\n"})
WEAK_SEPARATORS = frozenset({",", ":"})
#: A numbered line's marker: "1)", "2.", "(3)", "Step 1:", "Rule 2 -" (see _tokens._list_mark)
LIST_MARKER_WORDS = frozenset(_phrases("step | rule | condition | part | item | point"))
LIST_MARKER_ENDS = frozenset({")", ".", ":", "-"})
#: A lettered line's marker, closed by ")": "a) buy when ...", "(b) sell when ..."
LIST_MARKER_LETTERS = frozenset("abcdefgh")
#: Labels of the bars tested on a line of their own ("Timeframe: 1h", "Interval: 15m")
#: Between a form's label and its value ("Timeframe: 1h", "Interval = 15m", "The timeframe is 4h")
LABEL_LINKS = frozenset({":", "=", "is"})
#: Between a label and its link, what the setting is for ("Timeframe for everything is 15m")
LABEL_SCOPES = frozenset(
    _phrases("for | everything | all | all signals | signals | the | strategy | used | trades")
)
INTERVAL_LABELS = frozenset(
    _phrases(
        "timeframe | time frame | interval | chart | bars | candles | resolution | tf | "
        "bar size | bar interval | chart timeframe | candle size | time frame used"
    )
)

#: Words that introduce a condition clause ("when X, buy").
WHEN_WORDS = frozenset({"when", "whenever", "if", "once", "as", "after", "on"})
#: "close" is the exit verb, not the closing price, before these words ("close when ..."): not
#: "on"/"after" ("the close on the day is above the open" is the price).
EXIT_CLOSE_WHEN = WHEN_WORDS - {"on", "after"}

DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "always in the market | always in | always invested | always in a position | "
            "always be in the market | stay in the market | stop and reverse | "
            "reverse the position | reverse position | flip between long and short | "
            "flipping between long and short | "
            "flip long and short | reversal system | always long or short | "
            "stop and reverse system"
        ),
        "always_in",
    ),
    **dict.fromkeys(
        _phrases(
            "long only | only long | longs only | only go long | no shorting | no shorts | "
            "never short | no short selling | long side only | i don't want to short | "
            "i do not want to short | don't want to short | i don't short | don't short | "
            "do not short | i don't want to short anything | i never short"
        ),
        "long",
    ),
    **dict.fromkeys(
        _phrases(
            "short only | only short | shorts only | only go short | short side only | "
            "i don't want to go long | i do not want to go long | don't want to go long | "
            "no longs | don't go long | do not go long"
        ),
        "short",
    ),
    **dict.fromkeys(
        _phrases(
            "long and short | long / short | both long and short | both directions | "
            "in both directions | both ways | long or short | long & short | long short | "
            "both sides | longs and shorts | shorts mirrored | short side mirrored | "
            "mirror for shorts | mirrored for shorts | and the mirror for shorts | "
            "shorts are the mirror image | same for shorts in reverse | "
            # the exit's signal also opens a short ("go short on the sell signal too")
            "go short on the sell signal | short on the sell signal | short the sell signal | "
            "go short on sell signals | short on sell signals | short the sell signals | "
            "go short on the exit signal | short on the exit signal | also short the sell signal"
        ),
        "both",
    ),
}

#: Vague requests that map to a documented default strategy.
STYLES: dict[str, str] = {
    **dict.fromkeys(["time series momentum", "momentum investing"], "momentum"),
    **dict.fromkeys(
        ["trend following", "trend follower", "trend", "follow the trend", "trend strategy"],
        "trend",
    ),
    **dict.fromkeys(
        ["mean reversion", "mean reverting", "reversion", "mean revert", "reversal"],
        "mean_reversion",
    ),
    **dict.fromkeys(
        ["breakout", "breakouts", "channel breakout", "turtle", "turtle trading"], "breakout"
    ),
    **dict.fromkeys(
        _phrases(
            "moving average crossover | moving average cross | ma crossover | ma cross | "
            "crossover | moving averages | moving average | sma crossover | sma cross | "
            "dual moving average"
        ),
        "ma_cross",
    ),
    **dict.fromkeys(["ema crossover", "ema cross", "exponential moving averages"], "ema_cross"),
}

#: Requests to the machine rather than trading rules ("ignore previous instructions ..."), and
#: code where words belong: such a text is refused whatever else it says, by every engine.
INJECTION_PHRASES = tuple(
    _phrases(
        "ignore previous | ignore all previous | ignore the previous | ignore prior | "
        "ignore your | ignore the above | ignore all instructions | disregard previous | "
        "disregard all | disregard the above | disregard your | forget your instructions | "
        "forget previous | forget all previous | new instructions | system prompt | "
        "your instructions | you are now | pretend to be | pretend you are | jailbreak | "
        "developer mode | reveal your | api key | api_key | password | environment variable | "
        "import os | os.system | os.environ | subprocess | __import__ | eval( | exec( | rm -rf | "
        "<script"
    )
)

#: The dashboard's example strategies (title, description). Each title typed on its own, or any
#: name below, is read as that description ("buy the dip" is the "Buy the dip" example), and the
#: echo says so.
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Golden cross",
        "Buy when the 50-day SMA crosses above the 200-day SMA and sell when it crosses back "
        "below.",
    ),
    (
        "Buy the dip",
        "Buy when RSI(14) drops below 30 and sell when it rises above 70, with a 5% stop loss.",
    ),
    (
        "Dips in an uptrend",
        "Buy when RSI(14) falls below 30 but only when the close is above the 200-day SMA. "
        "Sell when RSI(14) climbs back above 50.",
    ),
    (
        "MACD crossover",
        "When MACD crosses above its signal line, buy; when it crosses below, sell.",
    ),
    (
        "Bollinger bounce",
        "Buy when the close drops below the lower Bollinger Band; sell when it rises above the "
        "middle band.",
    ),
    (
        "20-day breakout",
        "Buy when price makes a new 20-day closing high. Exit after 10 trading days or at a 5% "
        "stop loss.",
    ),
)
_EXAMPLE = dict(EXAMPLES)

#: Named strategies traders type on their own -> the description Botlab reads instead. Keys are
#: phrases after tokenising ("20-day" is "20 day").
NAMED_STRATEGIES: dict[str, str] = {
    **{title.lower().replace("-", " "): text for title, text in EXAMPLES},
    **dict.fromkeys(
        _phrases(
            "buy the dips | buying the dip | buying dips | dip buying | buy dips | buy on dips | "
            "buy on the dip | buy on the dips | buying on dips | buying on the dip | "
            "buy every dip | buy any dip"
        ),
        _EXAMPLE["Buy the dip"],
    ),
    **dict.fromkeys(
        ["buy dips in an uptrend", "buy the dip in an uptrend", "dip buying in an uptrend"],
        _EXAMPLE["Dips in an uptrend"],
    ),
    **dict.fromkeys(
        _phrases(
            "bollinger band bounce | bollinger bands bounce | bollinger mean reversion | "
            "bollinger band mean reversion | bollinger bands mean reversion | "
            "bollinger reversion"
        ),
        _EXAMPLE["Bollinger bounce"],
    ),
    **dict.fromkeys(
        ["macd cross", "macd signal cross", "macd signal line crossover"],
        _EXAMPLE["MACD crossover"],
    ),
    **dict.fromkeys(
        ["20 day high breakout", "new 20 day high", "20 day high"], _EXAMPLE["20-day breakout"]
    ),
    **dict.fromkeys(
        ["golden cross strategy", "the golden cross", "50 200 golden cross"],
        _EXAMPLE["Golden cross"],
    ),
    **dict.fromkeys(
        _phrases(
            "moving average crossover | moving average cross | moving averages crossover | "
            "ma crossover | ma cross | sma crossover | sma cross | dual moving average | "
            "dual moving average crossover | double moving average crossover | "
            "two moving average crossover | dual ma crossover | dual sma crossover | "
            "dual moving average system"
        ),
        "Buy when the 50-day SMA crosses above the 200-day SMA and sell when it crosses below.",
    ),
    **dict.fromkeys(
        ["ema crossover", "ema cross", "exponential moving average crossover"],
        "Buy when the 12-day EMA crosses above the 26-day EMA and sell when it crosses below.",
    ),
    **dict.fromkeys(
        ["death cross", "the death cross", "death cross strategy", "short the death cross"],
        "Short when the 50-day SMA crosses below the 200-day SMA and cover when it crosses back "
        "above.",
    ),
    **dict.fromkeys(
        _phrases(
            "turtle | turtle breakout | turtle trading | turtle system | turtle strategy | "
            "turtles | donchian breakout | donchian channel breakout"
        ),
        "Buy when the close is above the 20-day high and sell when it is below the 10-day low.",
    ),
    **dict.fromkeys(
        _phrases(
            "double 7 s | double sevens | double seven | double 7 | connors double 7 s | "
            "connors double sevens | connors double seven | connors double 7 | "
            "double 7 s strategy | double seven strategy | double sevens strategy | "
            "double 7 strategy | connors ' double 7 | connors ' double 7 s | "
            "connors ' double 7 strategy | connors ' double 7 s strategy | "
            "connors double 7 strategy | connors double 7 s strategy"
        ),
        "Buy when the close is above the 200-day SMA and it closes at a 7-day low; sell when it "
        "closes at a 7-day high.",
    ),
    **dict.fromkeys(
        _phrases(
            "holy grail | the holy grail | holy grail setup | holy grail strategy | "
            "raschke's holy grail | raschke holy grail | linda raschke's holy grail | "
            "the holy grail setup"
        ),
        "Buy when ADX(14) is above 30 and rising and price pulls back to the 20-day EMA; sell "
        "at a new 20-day high.",
    ),
    **dict.fromkeys(
        _phrases(
            "turtle system 2 | turtle system two | turtles system 2 | turtle 55 day breakout | "
            "turtle system 2 breakout"
        ),
        "Buy when the close is above the 55-day high and sell when it is below the 20-day low.",
    ),
    **dict.fromkeys(
        _phrases(
            "ibs strategy | ibs mean reversion | ibs reversion | ibs system | "
            "internal bar strength strategy | internal bar strength mean reversion"
        ),
        "Buy when the IBS is below 0.2 and sell when it is above 0.8.",
    ),
    **dict.fromkeys(
        _phrases(
            "nr 7 | nr 7 strategy | nr 7 breakout | nr 7 setup | narrow range 7 | nr7 | "
            "nr7 breakout"
        ),
        "Buy an NR7 bar if tomorrow trades above today's high; sell after 3 days.",
    ),
    **dict.fromkeys(
        _phrases(
            "santa claus rally | santa rally | the santa claus rally | santa claus rally strategy"
        ),
        "Buy the last 5 trading days of December and the first 2 of January.",
    ),
    **dict.fromkeys(
        _phrases(
            "connors rsi 2 | larry connors rsi 2 | connors rsi ( 2 ) | rsi 2 pullback | "
            "rsi 2 strategy | rsi ( 2 ) strategy | rsi2 strategy | rsi 2 system | "
            "connors rsi 2 strategy | connors rsi ( 2 ) strategy | rsi ( 2 ) pullback"
        ),
        "Buy when RSI(2) is below 10 and the close is above the 200-day SMA; sell when the close "
        "is above the 5-day SMA.",
    ),
}

#: Names of the channel breakout system, before its entry and exit lengths ("turtle 55/20")
CHANNEL_SYSTEMS = frozenset(_phrases("donchian | turtle | turtles"))

#: The other edge of a channel from the one an entry broke ("exit on the opposite 20-bar
#: channel", "the other side of the channel"): before the channel's noun
OPPOSITE_EDGE_WORDS = frozenset(
    _phrases("opposite | other | opposite side of the | other side of the")
)
#: A channel's noun after its opposite edge was said ("channel", "donchian channel", "band")
CHANNEL_NOUNS = frozenset(
    _phrases(
        "channel | channels | donchian channel | donchian | band | bands | channel break | "
        "channel breakout | channel breakdown | donchian break | donchian channel break"
    )
)

#: Phrases meaning "the mirror image of the entry rule".
MIRROR_PHRASES = frozenset(
    _phrases(
        "the opposite | the reverse | opposite | reverse | the opposite signal | "
        "they cross the other way | it crosses the other way | they cross back the other way | "
        "the cross goes the other way | they cross in the other direction | "
        "the opposite cross | the opposite crossover | the reverse cross | "
        "the reverse crossover | an opposite cross | a reverse cross | a reverse crossover | "
        "an opposite signal | the opposite happens | the reverse happens | vice versa | "
        "the opposite crossing | the reverse signal | it reverses | the cross reverses | "
        "opposite cross | opposite crossover | reverse crossover | reverse cross | "
        "opposite signal | the crossover reverses | a cross back | it crosses back | "
        "they cross back | otherwise | else | when it is not | when it isn't | "
        "when that is no longer true | when that stops | when it no longer holds | "
        "when that no longer holds | when the condition no longer holds | "
        "when that's no longer the case | the first day it isn't | the first day it is not | "
        "the first bar it isn't | the first bar it is not | the day it isn't | "
        "as soon as it isn't | once it isn't | once it is not | when it's not | once it's not | "
        "when it stops | "
        "when it no longer is | once that is no longer true | when no longer true"
    )
)


_INDEX: dict[int, dict[str, tuple[str, ...]]] = {}
_KEEP: list[object] = []


def phrases_starting(table: dict[str, object] | frozenset[str], word: str) -> tuple[str, ...]:
    """The phrases of ``table`` whose first word is ``word``.

    The index is cached by the table's identity, so ``table`` must be a module-level constant
    (never a temporary dict, whose id could be reused by another).
    """
    index = _INDEX.get(id(table))
    if index is None:
        _KEEP.append(table)  # keep it alive so its id is never reused
        grouped: dict[str, list[str]] = {}
        for key in table:
            grouped.setdefault(key.split()[0], []).append(key)
        index = {k: tuple(v) for k, v in grouped.items()}
        _INDEX[id(table)] = index
    return index.get(word, ())


# -- calendar, fills, sizing and position management (see _parse_rules) -------------------------

#: Weekdays (0 = Monday), with plurals and possessives ("Monday's open").
WEEKDAYS: dict[str, int] = {
    form: n
    for n, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
        ]
    )
    for name in names
    for form in (name, name + "s", name + "'s")
}

#: Ordinals for trading days ("the third trading day"); "last" counts from the month's end.
ORDINALS: dict[str, int] = {
    **{
        w: n
        for n, w in enumerate(
            _words("first second third fourth fifth sixth seventh eighth ninth tenth"), start=1
        )
    },
    **{f"{n}{s}": n for n in range(1, 24) for s in ("st", "nd", "rd", "th")},
}

#: The day after the signal, in a fill ("tomorrow's open", "the next open", "the following day")
NEXT_DAY_WORDS = frozenset(_phrases("tomorrow | tomorrow's | next | following"))
#: A fill on the same bar as the entry ("sell at the close the same day")
SAME_DAY_WORDS = frozenset(_phrases("same | that"))
#: The same bar said after conditions ("X and Y on the same day"): they hold together, no fill
SAME_BAR_TOGETHER = frozenset(
    _phrases(
        "same day | on the same day | the same day | same bar | on the same bar | the same bar | "
        "on the same candle | same candle | the same candle | at the same time | simultaneously"
    )
)
#: A price a same-day fill follows ("sell close same day", "at the open the same day")
FILL_PRICE_WORDS = frozenset(_phrases("close | open | close's | open's"))
#: Fill phrases: "next_open" is backtesting.py's default, "close" is trade_on_close=True.
#: The close one bar after the entry's ("sell at the next day's close"): a close fill and a
#: time exit after 1 bar, as "sell at the close 1 day later"
NEXT_CLOSE_FILLS = frozenset(
    _phrases(
        "at the next day's close | at next day's close | the next day's close | "
        "tomorrow's close | on tomorrow's close | tomorrow at the close | at the close tomorrow | "
        "at the following day's close | the following day's close | at the next close | "
        "on the next close | on the next day's close | at tomorrow's close | "
        "on the close of the next day | on the close of the following day | "
        "at the close of the next day | at the close of the following day | "
        "at the close the next day | at the close the following day | "
        "the close of the next day | the close of the following day | "
        "on the following day's close | at the next bar's close | on the next bar's close"
    )
)
FILLS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "at the close | on the close | at close | on close | at the closing price | "
            "at the close of the day | at today's close | at the day's close | "
            "at the same day's close | at the same bar's close | at that day's close | "
            "on the same day's close | on that day's close | on the same bar's close | "
            "at the bar's close | at the signal bar's close | same day | on the same day | "
            "at the close of the same day | on the close of the same day | "
            "the close of the same day | at the close of that day | "
            "at the close of that same day | "
            "at the close of the same bar | at the close of the entry day | "
            "at the entry day's close | at the entry bar's close | close of the entry day | "
            "the close of the entry day | close of the same day | the entry day's close | "
            "the same day | same bar | on the same bar | market on close | moc | "
            # the trader's bell and "by" ("dump it at the bell", "buy back by close")
            "at the bell | at the closing bell | on the bell | by close | by the close | "
            "by the bell"
        ),
        "close",
    ),
    #: The session's last bar: the close on daily bars; on intraday bars no fill says it.
    **dict.fromkeys(
        _phrases(
            "at the end of the day | at end of day | before the close | into the close | "
            "at the end of the session | at the session close | by the end of the day | eod | "
            "at eod | end of day"
        ),
        "session_close",
    ),
    **dict.fromkeys(
        _phrases(
            "at the open | on the open | at open | on open | at the next open | "
            "on the next open | at the next bar's open | at the next day's open | "
            "next day's open | next bar's open | the next open | at the opening price | "
            "at the next day's opening price | market on open | moo | the next morning | "
            "next morning | at the open the next day | at the next session's open | "
            "at market open | at the market open | at the market's open | right at open | "
            "right at the open | at the opening bell | at the bell open | next open | "
            "the next bar open | next bar open | next day open | at the next bar open | "
            "tomorrow's open | at tomorrow's open | on tomorrow's open | tomorrow at the open | "
            "at the open tomorrow | tomorrow on the open | the next day at the open"
        ),
        "next_open",
    ),
}

#: The fills of ``FILLS`` that name the market's close, not a bar's: on intraday bars an exit
#: said by one of them alone ("exit at the close", "or at the close") is at the day's last bar
MARKET_CLOSE_FILLS = frozenset(
    _phrases(
        "at the close | on the close | at close | on close | at the close of the day | "
        "at today's close | at the day's close | market on close | moc | at the bell | "
        "at the closing bell | on the bell | by close | by the close | by the bell"
    )
)
#: Fills said as an action's object ("buy the close", "sell the next open").
ACTION_FILLS = {
    **dict.fromkeys(
        _phrases(
            "the close | the closing price | the day's close | that close | that day's close | "
            "the same day's close | the same bar's close | the entry day's close | "
            "the same session's close | the close of the same day | the close of that day | "
            "close"  # "gap down >2% on SPY, buy open, sell close same day"
        ),
        "close",
    ),
    **dict.fromkeys(
        _phrases(
            "the open | the next open | the opening price | that open | that day's open | open"
        ),
        "next_open",
    ),
}

#: Words for "the month's last trading day" and "its first".
MONTH_END_PHRASES: dict[str, tuple[str, int]] = {
    "month end": ("trading_day_from_end", 1),
    "month's end": ("trading_day_from_end", 1),
    "the end of the month": ("trading_day_from_end", 1),
    "end of the month": ("trading_day_from_end", 1),
    "end of month": ("trading_day_from_end", 1),
    "the month end": ("trading_day_from_end", 1),
    "the start of the month": ("trading_day", 1),
    "start of the month": ("trading_day", 1),
    "the beginning of the month": ("trading_day", 1),
    "beginning of the month": ("trading_day", 1),
    "month start": ("trading_day", 1),
}

#: After "N days": the month's last trading day, N before it ("2 days before month end")
DAYS_BEFORE_MONTH_END = frozenset(
    _phrases(
        "before month end | before the month end | before the end of the month | "
        "before month-end | before the last trading day of the month | before the end of month | "
        "prior to month end | before the end of each month | before the end of every month | "
        "before each month end | before month's end | before the end of the trading month | "
        "prior to the end of the month | prior to the end of each month"
    )
)
#: After "N days": the month's first trading day counted as the first ("3 days into the month")
DAYS_INTO_THE_MONTH = frozenset(
    _phrases(
        "into the new month | into the next month | into the month | into a new month | "
        "after month end | after the month end | into the following month"
    )
)

#: Verbs that add to an open position (pyramiding).
ADD_VERBS = frozenset(
    _phrases(
        "add a unit | add another unit | add one unit | add 1 unit | add a position | "
        "add to the position | add to position | add to it | add to winners | add to the trade | "
        "add to the short | add to my short | add to my position | add to the long | "
        "add another position | pyramid | pyramid in | buy another unit | buy one more unit | "
        "add | adds | buy more | add more | buy some more | add some more"
    )
)

#: What "the rest"/"the remainder" of a scaled-out position is, when it says nothing else.
REST_PHRASES = frozenset(
    _phrases(
        "the rest | the remainder | the other half | the remaining half | "
        "the remaining position | the rest of the position | the remainder of the position | "
        "rest | remainder | the remaining shares | the rest of the year | "
        "out the rest of the year | out otherwise | and out otherwise | let the rest run | "
        "let the remainder run | let the rest ride | let the remainder ride | let the rest | "
        "let the remainder"
    )
)

#: Words after "the rest ... with a 5%" that make the percent a stop, not the rest's target.
STOP_NOUNS_AFTER_A_SIZE = frozenset(
    _phrases("trailing | trail | trailing stop | stop | stop loss | stop-loss | trailing-stop")
)

#: Phrases meaning "per trade" after a size.
PER_TRADE = tuple(
    _phrases(
        "per trade | per position | a trade | each trade | on each trade | in each trade | "
        "for each trade | per entry | on every trade | every trade | per signal | each time | "
        "on each entry | per unit | each unit | per position unit | on a trade | on any trade | "
        "in a trade | in any trade | on a position | on any position | on a single trade | "
        "on any single trade | on any one trade | on one trade"
    )
)
#: The money a trade may lose, said before it with "per trade" ("max loss per trade $200",
#: "lose no more than $300 per trade", "stop loss $200 per trade": no distance per share): the
#: risk sizing
LOSS_PER_TRADE_NAMES = frozenset(
    _phrases(
        "max loss | maximum loss | max. loss | loss | losses | lose | losing | max risk | "
        "maximum risk | max dollar loss | max dollar risk | dollar risk | dollar loss | "
        "don't lose | dont lose | do not lose | never lose | not lose | cut losses | "
        "cut my losses | stop loss | stop | sl | stop out"
    )
)
#: After an amount of money, the position it buys ("$2,500 positions", "$5k position size")
POSITION_NOUNS = frozenset(
    _phrases(
        "positions | position | position size | a position | each | apiece | a pop | "
        "per position | lots | bets | a bet | per bet | each time"
    )
)
#: Before "trade" or "position" that names each of them ("each trade", "per trade")
EACH_WORDS = frozenset(_phrases("each | every | per | a"))
#: Between "each trade" and its amount ("each trade should use 2k", "per trade: $1,000")
EACH_TRADE_VERBS = frozenset(
    _phrases(
        "should | will | would | must | can | use | uses | using | get | gets | is | be | to | "
        "= | : | "
        "- | of | around | about | roughly | only | just | max | at | most | sized | size"
    )
)
#: A risk said after its amount ("1% at risk per trade", "1.5% account risk"): the risk sizing
RISK_NOUNS = frozenset(_phrases("risk | at risk | risked | of risk"))
#: After a risk, saying that the stop is where it is lost ("lose at most 2% if stopped out")
STOPPED_TAILS = frozenset(
    _phrases(
        "if stopped | if stopped out | when stopped | when stopped out | if i am stopped out | "
        "if i get stopped out | if it is stopped out | if the stop is hit | when the stop is hit | "
        "if the stop gets hit | at the stop | on the stop | on a stop out"
    )
)
#: Why a second stop or target of one kind was not used ("stop 3% ... stop loss 5%")
SECOND_STOP_PROBLEM = (
    "Two different stops (or targets) of one kind were given, for example a fixed ATR stop and "
    "an ATR trailing stop, or two percentages: a trade has one of each kind (a percent stop, a "
    "percent trailing stop, one ATR stop, fixed or trailing), so one is used and the other's "
    "words are reported as not read. Give one, or mix kinds ('a 2% stop and a 3 ATR trailing "
    "stop')."
)
#: Why a risk per trade was not used
RISK_NEEDS_A_STOP = (
    "Sizing by the risk per trade ('risk 1% per trade') needs a stop to measure the risk "
    "from, at a fixed distance from the entry or a level known then (a percentage, an ATR "
    "multiple, points, the signal bar's low or a line's level; not a trailing percent stop): "
    "add one ('stop loss 5%', 'stop at 2 ATR', 'stop at the 10-day "
    "low'), or give the size as a share of equity ('use 50% of equity per trade')."
)

#: Why a size above the whole account is not used ("use 150% of my equity per trade")
SIZE_BEYOND_EQUITY = (
    "A position of {pct} of equity is more than the account holds: backtesting.py would cancel "
    "every such order. Give a share of equity up to 100% ('use 50% of equity per trade'), or "
    "add the leverage that pays for it ('with 2x leverage')."
)
#: Why an amount per trade (or a risk) above the starting cash is not used
AMOUNT_BEYOND_CASH = {
    "size_cash": (
        "Each trade's {amount} is more than the {cash} starting cash: backtesting.py would "
        "cancel every such order. Give a smaller amount per trade, a larger starting cash, or "
        "the leverage that pays for it ('with 2x leverage')."
    ),
    "risk_cash": (
        "Risking {amount} per trade is as much as the whole {cash} starting cash or more: give "
        "a smaller risk per trade ('risk $100 per trade', 'risk 1% per trade') or a larger "
        "starting cash."
    ),
}

#: Holding for a stretch of time, read as the entry ("invested November through April").
INVESTED_WORDS = frozenset(
    {"invested", "be invested", "stay invested", "stays invested", "remain invested", "in stocks"}
)

#: Holding said plainly, read as the entry only when months to avoid follow ("hold SPY except
#: in September", "buy and hold QQQ but stay out in September and October")
HOLDING = frozenset(
    _phrases(
        "hold | holding | buy and hold | buy & hold | be long | stay long | be in the market | "
        "be in stocks | own | own it | stay in"
    )
)
#: The whole year, after holding ("be invested all year except May")
ALL_YEAR = frozenset(
    _phrases(
        "all year | all year round | year round | year-round | the whole year | the entire year | "
        "every month | all the time | the rest of the year"
    )
)

#: Conditions every entry must meet as well ("only buy when SPY is above its 200-day").
#: Before a time window entries are taken in ("only trade between 10:00 and 15:00", "only
#: trade AAPL after 10am": the traded symbol may stand between).
WINDOW_LEADS = frozenset(
    _phrases(
        "only trade | trade only | only take trades | only enter | only buy | "
        "only go long | only enter trades | only open trades | only open positions"
    )
)
#: The words that open a time window after WINDOW_LEADS.
WINDOW_EDGES = ("between", "after", "before")
ENTRY_FILTERS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "only buy when | only buy if | buy only when | buy only if | only go long when | "
            "only go long if | only enter when | only enter if | only take longs when | "
            "only take longs if | only take long trades if | only go long while | "
            "only take long trades when | only trade when | only trade if | "
            "only take trades when | only take trades if | trade only when | trade only if | "
            "only enter trades when | only long when | only long if | long only when | "
            "long only if | only be long when | only be long if | only trade long when | "
            "only trade long if | only trade longs when | only trade longs if | "
            "trade long only when | trade long only if | only take long positions when | "
            "only take long positions if | only take a long when | only take a long if | "
            # after the symbol traded ("Trade AMD but only when QQQ is above its 20 ema")
            "but only when | but only if | but only while"
        ),
        "filter",
    ),
    # "only trade in an uptrend": the last word ("in") stays, introducing the trend
    **dict.fromkeys(
        _phrases(
            "only trade in | trade only in | only buy in | buy only in | only go long in | "
            "only take trades in | only take longs in | only trade during | only buy during"
        ),
        "filter",
    ),
    # "only trade between 10:00 and 15:00", "trade only after 10am", "only trade the London
    # session": the window stays, read as a time of day
    **dict.fromkeys(
        [f"{lead} {edge}" for lead in WINDOW_LEADS for edge in (*WINDOW_EDGES, "the")],
        "filter",
    ),
}

#: Before the days or months entries are kept to, said as a restriction of its own ("Only enter
#: on Tuesdays", "entries only in January"): an entry filter ANDed into every entry, never a
#: second entry ORed with the one said; the preposition stays, introducing the date. Read so
#: only when a weekday or month follows (see ``_parse_rules.entry_filter``). Words of one side
#: ("only buy on Fridays") are that side's rule's (see ``_rules._only_dated_entries_restrict``).
#: Not "trade only": "I trade only on Mondays." over rules that do not say so is reported.
DATED_ENTRY_LEADS = frozenset(
    f"{lead} {link}"
    for lead in _phrases(
        "only enter | enter only | entries only | only take entries | only open trades | "
        "only open positions | only enter trades | only take trades | only trade | trades only"
    )
    for link in ("on", "in", "during")
)

#: A trend named with no definition ("in an uptrend"): the direction of the close against
#: TREND_AVERAGE, stated as an assumption
TRENDS = {
    **dict.fromkeys(_phrases("uptrend | up trend | uptrends | bullish trend | rising trend"), ">"),
    **dict.fromkeys(
        _phrases("downtrend | down trend | downtrends | bearish trend | falling trend"), "<"
    ),
}
#: "the trend is up"
TREND_STATES = {
    **dict.fromkeys(_phrases("the trend is up | trend is up | the trend is bullish"), ">"),
    **dict.fromkeys(_phrases("the trend is down | trend is down | the trend is bearish"), "<"),
}
#: The words before a trend: "(when) the stock is in an uptrend", "during a downtrend"
TREND_LEADS = frozenset(
    _phrases(
        "the | stock | price | it | it's | is | its | are | in | during | within | a | an | "
        "an established | a clear | strong | confirmed | long-term | long term"
    )
)
#: The average a named trend is measured against: the close above the 200-day SMA is up
TREND_AVERAGE = 200
#: Names a condition is given and then used by ("ema 50 above ema 200 = uptrend, buy when RSI
#: dips below 40 in uptrend"): each phrase -> the name it is
CONDITION_NAMES = {
    **{phrase: "uptrend" if rel == ">" else "downtrend" for phrase, rel in TRENDS.items()},
    **{phrase: "uptrend" if rel == ">" else "downtrend" for phrase, rel in TREND_STATES.items()},
    **dict.fromkeys(
        _phrases(
            "bull regime | bullish regime | bull market | bull phase | risk on | risk on regime"
        ),
        "bull regime",
    ),
    **dict.fromkeys(
        _phrases(
            "bear regime | bearish regime | bear market | bear phase | risk off | risk off regime"
        ),
        "bear regime",
    ),
}
#: "define the trend as X": the trend is up when X
TRENDS_DEFINED = dict.fromkeys(_phrases("trend | market trend | trend filter"), "uptrend")
#: The names a definition may give after a naming opening ("define the trend as ..."): one
#: table, so its phrase index is built once
DEFINED_NAMES = {**CONDITION_NAMES, **TRENDS_DEFINED}
#: Between a name and the condition it names ("uptrend = ...", "a bull regime is when ...")
NAME_THEN_DEFINITION = frozenset(
    _phrases(
        "= | : | means | is when | is defined as | is | is if | happens when | := | == | when | "
        "if | whenever"
    )
)
#: Between a condition and its name ("ema 50 above ema 200 = uptrend", "... (the uptrend)")
DEFINITION_THEN_NAME = frozenset(
    _phrases("= | means | is | is called | -> | => | defines | signals | ( | == | :")
)
#: Opening a name given to the condition after it ("call it an uptrend when ...")
NAMING_OPENINGS = frozenset(
    _phrases(
        "call it | we call it | i call it | let's call it | lets call it | define | we define | "
        "i define | consider it"
    )
)
#: Between a name so opened and its condition ("define the trend as ...")
NAMING_LINKS = frozenset(_phrases("when | if | as | : | = | whenever | while"))
#: Before a name used as a condition ("only buy in a bull regime", "during an uptrend")
NAME_USE_LEADS = frozenset(
    _phrases("in | during | within | while in | when in | if in | only in | while | when | if")
)

#: A sentence opening with these is an entry filter ("Only when QQQ is above its 50-day: ...").
FILTER_OPENINGS = tuple(_phrases("only when | only if | only while"))

#: A sentence opening with these and a colon is an entry filter ("market filter: SPY > 200 ema").
FILTER_TITLES = frozenset(
    _phrases(
        "market filter | filter | trend filter | regime filter | market regime filter | "
        "volatility filter | vol filter | atr filter | adx filter | volume filter | "
        "momentum filter | trend strength filter | volatility regime filter | "
        "uptrend filter | downtrend filter | regime | range regime | trend regime | "
        "market regime | ranging regime | trending regime | regime condition | trend condition | "
        "chop filter | range filter"
    )
)

#: Said of a sentence of conditions: they filter every entry ("X is my regime filter",
#: "the weekly chart must be bullish (X)").
FILTER_SAID = dict.fromkeys(
    [
        f"{verb} {owner} {kind}"
        for verb in ("is", "as", "acts as", "serves as", "works as")
        for owner in ("my", "the", "a", "our")
        for kind in _phrases(
            "filter | regime filter | trend filter | market filter | regime | trend | "
            "market regime filter | regime check | condition"
        )
    ]
    + [
        f"{modal} {state}"
        for modal in _phrases("must be | has to be | needs to be | should be | must stay")
        for state in _phrases(
            "bullish | up | in an uptrend | trending up | positive | true | green | supportive"
        )
    ],
    True,
)
#: After a condition, naming it the entry filter in a rule's sentence ("weekly MACD histogram
#: rising as the trend filter, then buy when ...", "SPY above its 200-day SMA as the market
#: filter, buy XLK when ..."): the condition before is one every entry must meet
FILTER_TAILS = frozenset(
    said for said in FILTER_SAID if said.endswith("filter") and not said.startswith("is ")
)
#: A trend defined by the condition after it ("Trend is up when the 50 EMA is above the 200").
TREND_DEFINED = dict.fromkeys(
    _phrases(
        "trend is up | the trend is up | uptrend is | an uptrend is | the uptrend is | "
        "trend is bullish | the trend is bullish | we are in an uptrend | it's an uptrend | "
        "the market is bullish | market is bullish | regime is bullish | the regime is bullish"
    ),
    True,
)
#: The defined trend named again before the entry ("in that trend, buy ...").
TREND_NAMED_AGAIN = dict.fromkeys(
    _phrases(
        "in that trend | in this trend | in that uptrend | in this uptrend | in that regime | "
        "in this regime | in that case | during that trend | during that uptrend | "
        "while that holds | while that is true | when that holds | when that is true"
    ),
    True,
)

#: The role a chart is given in a multi-timeframe description ("the 1h chart for trend and the
#: 15m chart for entries", "4h for direction, 15m for timing", "H4 bias, M15 entry"): the entry
#: chart is the bars tested; the trend chart's conditions are computed on its bars, built from
#: them
_TREND_ROLES = "trend | the trend | direction | the direction | bias | the bias"
_ENTRY_ROLES = (
    "entries | entry | the entries | the entry | entering | timing | the timing | execution | "
    "triggers | trigger | entry signals"
)
CHART_ROLES = {
    **dict.fromkeys(_phrases(_TREND_ROLES), "trend"),
    **dict.fromkeys(_phrases(_ENTRY_ROLES), "entry"),
}
#: Before a chart given a role ("use the 1h chart for trend", "check the weekly trend first")
CHART_ROLE_LEADS = frozenset(_phrases("use | using | check | with"))
#: Between a chart and its role ("the 1h chart for trend", "15m as the entry timeframe") or a
#: role and its chart ("trend on the daily", "entries from the 15m")
CHART_ROLE_LINKS = frozenset(_phrases("for | as"))
ROLE_CHART_LINKS = frozenset(_phrases("on | from | using | in"))
#: After a chart's role, where its clause ends ("15m for timing: buy ...", "the 1h chart for
#: trend and ..."); "on" or "for" end it before a symbol ("15m for entries on BTC")
CHART_ROLE_ENDS = frozenset(_phrases(", | : | ; | . | and | - | ( | then"))
#: Said after a chart's role, adding nothing ("check the weekly trend first (...)")
CHART_ROLE_TAILS = frozenset(_phrases("first | only | timeframe | chart"))
#: Before "entries" said after a state ("long if X, using daily candles for entries on Y").
ENTRIES_WITHIN_LEADS = frozenset(_phrases("for | with | taking | timing | time"))

#: Actions that open a position (a part said after one is bought, not sold).
SCALE_IN_ACTIONS = frozenset({"buy", "enter", "short"})
#: After the price move of a part bought later ("the final third at 10% higher").
PART_PRICE_TAILS = frozenset(_phrases("higher | lower | up | down | above | below | more"))
#: Why a position bought in parts is, or is not, built (one message for every such refusal).
PARTS_NOT_BUILT = (
    "Buying in parts is built when the parts are equal and each is said with when it is bought "
    "('buy a third when RSI(2) < 10, another third if it drops 5% more, the last third at -10%'); "
    "other parts (more at higher prices, parts of different sizes) are not built: each trade is "
    "bought at once. Botlab also adds units on a signal ('add a unit on each new 20-day high, at "
    "most 3')."
)

#: A trade not (yet) in profit, said with a time exit ("if it hasn't made money after 10 bars").
NOT_IN_PROFIT = dict.fromkeys(
    [
        f"{subject} {state}"
        for subject in ("", "it", "the trade", "the position", "trade", "position")
        for state in _phrases(
            "hasn't made money | has not made money | hasn't made any money | isn't profitable | "
            "is not profitable | isn't in profit | is not in profit | is still losing | "
            "is losing | is still negative | is still red | is not working | isn't working | "
            "hasn't worked | has not worked | is flat or down | is not up | isn't up | "
            "not profitable | not in profit | not working | still losing | in the red | "
            "hasn't moved | has not moved | goes nowhere | is underwater | is still underwater"
        )
    ],
    True,
)
TIME_EXIT_IF_LOSING = (
    "A time exit that depends on the trade's profit ('if it hasn't made money after 10 bars') "
    "is not built: a time exit closes every trade after its bars. Say 'exit after 10 bars' for "
    "that."
)

#: "the market" / "the index" before the ticker said in brackets ("of the market (SPY)").
OF_THE_MARKET = dict.fromkeys(
    _phrases(
        "the market | the broad market | the overall market | the index | the benchmark | "
        "the s&p | the s&p 500 | the nasdaq | the nasdaq 100"
    ),
    True,
)

#: After "ratio" before the other symbol ("its ratio to SPY").
RATIO_TO_WORDS = frozenset(_phrases("to | against | versus | vs | vs. | over | relative to"))

#: A bar pattern broken out of ("an inside bar breakout"): its style word, and its name.
BREAKOUT_STYLES = frozenset({"breakout", "breakdown"})
BAR_PATTERNS = frozenset({"inside_bar", "outside_bar", "doji", "hammer", "shooting_star"})
BAR_PATTERN_NAMES = {"inside_bar": "inside bar", "outside_bar": "outside bar"}
#: Bars a later break of "the high" is measured from ("NR4 ..., enter on a break above the high")
SETUP_BAR_FAMILIES = BAR_PATTERNS | {"narrow_range"}
#: After "a break above the high": which bar's ("of that day", "of the inside bar")
SETUP_BAR_TAILS = frozenset(
    _phrases(
        "of that day | of the day | of that bar | of the bar | of it | of the setup bar | "
        "of the setup day | of the inside bar | of the inside day | of the signal bar"
    )
)

#: A crossing of the zero line said as a noun ("a MACD zero-line cross", "zero line crossover").
ZERO_LINE_CROSSES = dict.fromkeys(
    [
        f"{zero} {cross}"
        for zero in _phrases("zero line | zero-line | zero | 0 line | centerline | centreline")
        for cross in _phrases("cross | crossover | crossing | cross over")
    ],
    True,
)
#: The side of a crossing said as a mood before it ("a bullish zero-line cross").
CROSS_MOODS = {
    **dict.fromkeys(_phrases("bullish | positive | upward | upside"), "above"),
    **dict.fromkeys(_phrases("bearish | negative | downward | downside"), "below"),
}

#: A position sold in equal parts ("take profits in thirds at 5%, 10% and 15%").
EQUAL_PARTS = {"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4}
#: After the levels of a scale-out ("... 15% above entry", "... 15% profit").
TARGET_TAILS = frozenset(
    _phrases("above | below | the | entry | my | entry price | price | profit | gain | from | of")
)

#: A rule said to repeat each month ("every month, buy on the 14th").
EVERY_MONTH = dict.fromkeys(
    _phrases("every month | each month | monthly | of the month | of every month | a month"),
    True,
)

#: After a bare date of the month ("buy on the 14th and sell ...", "on day 14)").
DATE_ENDS = frozenset(_phrases(", | . | ; | ) | and | then | each | every | "))

#: Lines with a signal line a "bullish cross" is said of: (the line, its signal line).
SIGNAL_LINES = {"stoch": ("k", "d"), "macd": ("macd", "signal")}

#: Conditions no entry may meet ("don't trade when ADX < 20", "buy ... unless RSI > 70")
AVOID_FILTERS = dict.fromkeys(
    [
        f"{lead} {when}"
        for lead in _phrases(
            "don't trade | dont trade | do not trade | never trade | no trades | no trade | "
            "no trading | avoid trading | avoid trades | stay out | stay flat | "
            "stay out of the market | don't buy | dont buy | do not buy | never buy | "
            "don't enter | dont enter | do not enter | never enter | skip trades | "
            "skip entries | skip the trade | skip the entry | but not | and not | except"
        )
        for when in ("when", "if", "while")
    ]
    + ["unless", "but not on days when"]
    # the bars left out named before the condition ("stay invested except in weeks where ...")
    + [
        f"{lead} {bars} {when}"
        for lead in ("except", "but not", "other than")
        for bars in _phrases(
            "in weeks | in months | on days | during weeks | during months | for weeks | "
            "in the weeks | in the months | on the days | in periods | at times"
        )
        for when in ("when", "where", "if", "that")
    ]
    + [f"except {where}" for where in ("where", "whenever", "at times when")],
    True,
)
#: The same said after its condition ("if ATR is above 3% of the close, don't trade.")
AVOID_ACTIONS = tuple(
    _phrases(
        "don't trade | dont trade | do not trade | no trade | no trades | don't buy | "
        "dont buy | do not buy | then don't trade | then no trade | stay out | stay flat"
    )
)
#: Words after a trailing "only" that make it an entry filter ("..., sell ..., only above X").
FILTER_LEADS = frozenset({"above", "below", "over", "under", "when", "if", "while", "in"})

#: Before a part of the day entries are kept to ("only trade the first hour", "trade only
#: during the last 30 minutes"), and the words between them
TRADE_ONLY_WORDS = frozenset(
    _phrases(
        "only trade | trade only | only trading | trading only | only take trades | "
        "only take entries | only enter | enter only | entries only | trades only | "
        "only open trades | only open positions"
    )
)
TRADE_ONLY_LINKS = frozenset(_phrases("in | during | within | for | inside | over"))
#: Phrases before months to stay out of ("don't trade in September").
AVOID_WORDS = frozenset(
    _phrases(
        "don't trade | do not trade | dont trade | never trade | no trading | no trades | "
        "avoid | avoid trading | avoiding | except | excluding | but not | not | skip | never | "
        "stay out | stay out of the market | be out | other than | apart from | "
        # entries ruled out ("no new entries on Fridays", "skip trades in September")
        "no new entries | no entries | no new trades | no new positions | no new longs | "
        "no longs | no buys | no buying | skip trades | skip trading | skip entries | "
        "don't buy | do not buy | dont buy | never buy | don't enter | do not enter | "
        "no entry | don't take trades | do not take trades"
    )
)

#: Before a month named as such ("skip the month of September", "avoid the months of May").
MONTH_NAMED_AS = dict.fromkeys(
    _phrases(
        "the month of | the months of | in the month of | in the months of | during the month of "
        "| during the months of | all of | the whole of | the entire month of | month of"
    ),
    True,
)

#: Every day of the week, before the days left out ("every day except Monday").
EVERY_DAY = frozenset(
    _phrases(
        "every day | each day | any day | all days | every trading day | each trading day | "
        "any trading day | all other days | every other day of the week | every weekday | "
        "daily | trade every day | trade daily"
    )
)

#: "weekly trend up": True for up, False for down.
TREND_WORDS: dict[str, bool] = {
    **dict.fromkeys(
        ["trend is up", "trend up", "uptrend", "trend is bullish", "trend bullish"], True
    ),
    **dict.fromkeys(
        ["trend is down", "trend down", "downtrend", "trend is bearish", "trend bearish"], False
    ),
}

#: Relative strength against a benchmark: True when the traded symbol does better.
#: A return said as a noun after its period ("its 6 month return beats SPY's")
RETURN_NOUNS = frozenset(_phrases("return | returns | performance | gain | change | momentum"))
#: Comparisons of two returns, once a return was named ("its 6 month return is above SPY's")
RETURN_COMPARES: dict[str, bool] = {
    **dict.fromkeys(
        _phrases(
            "is above | is higher than | is greater than | exceeds | is better than | tops | "
            "is more than | outpaces | > | >= | above | higher than | greater than | "
            "better than | more than"
        ),
        True,
    ),
    **dict.fromkeys(
        _phrases(
            "is below | is lower than | is less than | is worse than | trails | < | <= | below | "
            "lower than | less than | worse than"
        ),
        False,
    ),
}
OUTPERFORMS: dict[str, bool] = {
    **dict.fromkeys(
        _phrases(
            "outperforms | outperform | outperformed | outperforming | beats | "
            "is stronger than | stronger than | does better than"
        ),
        True,
    ),
    **dict.fromkeys(
        _phrases(
            "underperforms | underperform | underperformed | underperforming | lags | "
            "is weaker than | weaker than | does worse than"
        ),
        False,
    ),
}

#: Seasonal strategies with a documented default (see _rules._seasonal_rules).
SEASONAL_STYLES: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "sell in may and go away | sell in may | halloween indicator | halloween effect | "
            "halloween strategy | halloween | halloween trade | best six months | "
            "the best six months | best 6 months | the best 6 months | six month seasonal | "
            "best six months strategy | the best months | during the best months | "
            "during the best six months | during the best 6 months"
        ),
        "sell_in_may",
    ),
    **dict.fromkeys(["turn of the month", "turn of month"], "turn_of_month"),
}


# -- vocabulary of operands ---------------------------------------------------------------------

ROLE_WORDS = {
    "fast": "fast",
    "faster": "fast",
    "quick": "fast",
    "short": "fast",
    "shorter": "fast",
    "short term": "fast",
    "shorter term": "fast",
    "slow": "slow",
    "slower": "slow",
    "long": "slow",
    "longer": "slow",
    "long term": "slow",
    "longer term": "slow",
}
#: A role said alone before the average it names ("slow is the 34 EMA"); "long"/"short" alone
#: there are sides ("Long on the cross up")
ROLES_SAID_ALONE = frozenset(_phrases("fast | faster | quick | slow | slower"))
#: After such a role, the line it names ("the fast line is a 5 EMA")
ROLE_NOUNS = frozenset(_phrases("line | one | average | ma | mean"))
#: Between a role and the average it names ("Fast MA is the 8 EMA", "Slow average: 50 SMA")
ROLE_LINKS = frozenset({"is", ":", "=", "-", "will", "be", "should", "a", "an", "the"})
#: Between an average and the role it is given ("an 8 EMA as the fast MA")
ROLE_GIVERS = frozenset(_phrases("as | for"))
#: An indicator with no fast/slow pair: "long"/"short" opening a clause before it is a side
#: ("long rsi<30, short rsi>70"), not a role ("the short EMA").
SIDE_BEFORE_OSCILLATOR = frozenset(
    _phrases("rsi | macd | stoch | stochastic | cci | adx | roc | mfi | williams | obv")
)
#: What a side says it trades ("... goes over 70 short it", "go long the stock"): "long"/"short"
#: before it is the action, never an average's role ("the short EMA").
SIDE_OBJECTS = frozenset(_phrases("it | them | this | that | here | now | the stock | the market"))
TYPE_WORDS = {"simple": "sma", "exponential": "ema", "exp": "ema", "exponentially weighted": "ema"}
BAND_WORDS = {
    "upper": "upper",
    "top": "upper",
    "lower": "lower",
    "bottom": "lower",
    "middle": "middle",
    "mid": "middle",
    "center": "middle",
    "centre": "middle",
}
STD_WORDS = {
    "standard deviation": 1,
    "standard deviations": 1,
    "std": 1,
    "stdev": 1,
    "stddev": 1,
    "std dev": 1,
    "sd": 1,
    "sigma": 1,
    "sigmas": 1,
    "deviations": 1,
    "deviation": 1,
    "stdevs": 1,
    "std devs": 1,
}

#: keyword -> (family, output)
KEYWORDS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(
        _phrases(
            "sma | smas | simple moving average | simple moving averages | simple average | "
            "simple ma"
        ),
        ("sma", None),
    ),
    **dict.fromkeys(
        _phrases(
            "ema | emas | exponential moving average | exponential moving averages | "
            "exponential average | exponential ma | ewma"
        ),
        ("ema", None),
    ),
    **dict.fromkeys(
        _phrases(
            "moving average | moving averages | ma | mas | moving avg | mov avg | moving mean | "
            "daily moving average | dma | dmas | day moving average"
        ),
        ("ma", None),
    ),
    **dict.fromkeys(["average", "mean", "avg"], ("avg", None)),
    **dict.fromkeys(["signal line", "signal", "trigger line"], ("signal", None)),
    # a bare "channel" is the channel the text names ("keltner lower channel ... sell at upper
    # channel"), else Donchian's (see _band_family)
    **dict.fromkeys(["band", "bands", "channel"], ("band", None)),
    **dict.fromkeys(
        ["middle line", "midline", "mid line", "middle", "middle one"], ("band", "middle")
    ),
    **dict.fromkeys(
        _phrases(
            "donchian channel | donchian channels | donchian | donchian band | donchian bands"
        ),
        ("donchian", None),
    ),
    **dict.fromkeys(["highest high", "highest highs", "max high"], ("highest", "high")),
    # said plainly ("bigger than the highest of the last twenty days", "the lowest price of
    # the past week"): the channel of highs (lows)
    **dict.fromkeys(
        ["highest", "highest price", "highest point", "highest level"], ("highest", "high")
    ),
    **dict.fromkeys(["lowest", "lowest price", "lowest point", "lowest level"], ("lowest", "low")),
    **dict.fromkeys(
        ["highest close", "highest closing price", "closing high", "highest closes"],
        ("highest", "close"),
    ),
    **dict.fromkeys(["lowest low", "lowest lows", "min low"], ("lowest", "low")),
    **dict.fromkeys(
        ["lowest close", "lowest closing price", "closing low", "lowest closes"],
        ("lowest", "close"),
    ),
    **dict.fromkeys(["high", "highs"], ("high", None)),
    **dict.fromkeys(["low", "lows"], ("low", None)),
    **dict.fromkeys(
        ["slow stochastic", "slow stochastics", "slow %k", "slow stochastic %k"],
        ("slowstoch", "k"),
    ),
    # "vol" in shorthand ("vol > 2x its 20-day average"); volatility is said in full, or as
    # "vol (ATR)" (``VOLATILITY_WORDS``)
    **dict.fromkeys(
        ["volume", "volumes", "trading volume", "daily volume", "vol"], ("volume", None)
    ),
    **dict.fromkeys(
        _phrases(
            "average volume | avg volume | average daily volume | volume average | "
            "volume moving average | volume ma | volume sma | average trading volume | "
            "mean volume | volume's average | volume's moving average | normal volume | "
            "usual volume | typical volume | regular volume | its normal volume | "
            "its usual volume | avg vol | average vol | vol average | vol ma | vol sma"
        ),
        ("volavg", None),
    ),
    **dict.fromkeys(
        _phrases(
            "price | prices | close | closing price | close price | closes | last price | "
            "share price | stock price | the stock | stock | market | stock's price | "
            "closing prices | spot | last close | underlying | candles | price bars"
        ),
        ("price", "close"),
    ),
    **dict.fromkeys(["open", "opening price", "open price"], ("price", "open")),
}

KEYWORDS.update(_indicator_table.keywords())  # RSI, ATR, ADX, SAR, Supertrend, ...: one entry each

#: The bar before ("the previous close", "yesterday's high", "prev day's low").
LAG_WORDS = frozenset(
    _phrases("previous | prior | preceding | last | prev | yesterday | yesterday's | yesterdays")
)
#: The day before, said of prices ("yesterday's high", "the previous day high")
DAY_LAG_WORDS = frozenset(_phrases("yesterday | yesterday's | yesterdays"))
DAY_WORDS = frozenset(_phrases("day | day's | days | session | session's | daily"))
#: A bar's price fields said after "previous day" ("previous day high").
BAR_FIELDS = frozenset(_phrases("high | low | close | open | closing | opening"))
PRICE_FAMILIES = {
    "sma", "ema", "ma", "bare", "bbands", "band", "donchian", "highest", "lowest",
    *(kind for kind, entry in _indicator_table.TABLE.items() if entry.price_scale),
}  # fmt: skip
#: Families with upper/middle/lower lines ("the upper Keltner channel").
BANDED = ("bbands", "donchian", "band", "keltner")

# -- vocabulary of relations --------------------------------------------------------------------

COPULAS = set(
    _phrases(
        "is | are | was | were | stays | stay | remains | remain | holds | trades | trading | "
        "sits | being | still | also | currently | has | been | be | now | trade | "
        # a reading said as printed ("RSI-14 prints above 78")
        "prints | printed | reads | reading | registers | shows"
    )
)
#: Before a state that a rule requires ("the 40 week average must be sloping up")
MODALS = dict.fromkeys(
    _phrases("must | must be | should | should be | needs to be | has to be | have to be"), True
)
CLOSE_VERBS = {"closes", "closed", "close", "closing", "settles", "settle", "finishes", "ends"}
RISING = set(
    _phrases(
        "rise | rises | rose | rising | climb | climbs | climbed | climbing | rally | rallies | "
        "rallied | jump | jumps | jumped | pop | pops | popped | surge | surges | surged | "
        "spike | spikes | spiked | recover | recovers | recovered | bounce | bounces | bounced | "
        "breakout | breakouts | advance | advances | shoot | shoots | shot | lifts"
    )
)
FALLING = set(
    _phrases(
        "drop | drops | dropped | dropping | fall | falls | fell | falling | dip | dips | "
        "dipped | dipping | sink | sinks | sank | slip | slips | slipped | slide | slides | "
        "slid | decline | declines | declined | plunge | plunges | plunged | tumble | tumbles | "
        "dive | dives | breakdown | breakdowns | retreat | retreats | crash | crashes | pull | "
        "pulls | pulled | pulling | retrace | retraces | retraced | retracing"
    )
)
NEUTRAL = set(
    _phrases(
        "cross | crosses | crossed | crossing | crossover | crossovers | move | moves | moved | "
        "moving | go | goes | went | going | get | gets | got | break | breaks | broke | "
        "breaking | come | comes | came | return | returns | returned | push | pushes | pushed | "
        "turn | turns | turned | crosses back | flip | flips | flipped | flipping"
    )
)
#: Verbs whose object is the line broken ("breaks the 55-day high", "takes out the lower band").
BREAK_VERBS = frozenset(_phrases("break | breaks | broke | breaking | breaches | breach | clears"))
#: How that object starts.
BREAK_OBJECT_STARTS = frozenset(_phrases("the | a | its | their")) | LAG_WORDS
#: A move said loosely, with no size or line ("sell when it goes down", "get out when it starts
#: falling"): one bar's move, against the bar before, said back
LOOSE_FALLS = frozenset(
    _phrases(
        "goes down | goes lower | heads down | heads lower | starts falling | starts to fall | "
        "starts dropping | starts to drop | starts going down | starts to go down | "
        "begins to fall | begins falling | begins to drop | begins dropping | moves lower"
    )
)
LOOSE_RISES = frozenset(
    _phrases(
        "goes up | goes higher | heads up | heads higher | starts rising | starts to rise | "
        "starts climbing | starts to climb | starts going up | starts to go up | "
        "begins to rise | begins rising | begins to climb | moves higher"
    )
)
#: Verbs that cross the line they name, in one way ("price loses the 10 EMA", "reclaims the 50").
CROSS_OBJECT_VERBS: dict[str, str] = {
    **dict.fromkeys(_phrases("loses | lose | lost | losing | gives up | falls through"), "below"),
    **dict.fromkeys(
        _phrases(
            "reclaims | reclaim | reclaimed | regains | regain | regained | tops | topped | "
            "surpasses | surpassed"
        ),
        "above",
    ),
}
PARTICLES = {
    *_phrases("back | up | down | out | right | decisively | clearly | straight | again"),
    *_phrases("upward | upwards | downward | downwards"),  # "crosses upward through the 30 SMA"
}
ABOVE_PREPS = {"above", "over", "past"}
BELOW_PREPS = {"below", "under", "beneath", "underneath"}
DIRECTED_PREPS = {"through", "to", "into", "toward", "towards", "thru"}

COMPARATIVES: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            "above | over | higher than | greater than | more than | bigger than | larger than | "
            "exceeds | exceed | exceeding | in excess of | on top of | trading above | higher | "
            "greater | north of | longer than | taller than | beats | beat"
        ),
        ">",
    ),
    **dict.fromkeys(
        _phrases(
            "at least | at or above | at or over | above or equal to | "
            "greater than or equal to | greater or equal to | equal to or above | "
            "equal to or greater than | not below | no lower than | no less than | or above | "
            "or higher | or more"
        ),
        ">=",
    ),
    **dict.fromkeys(
        _phrases(
            "below | under | beneath | lower than | less than | smaller than | underneath | "
            "trading below | lower | smaller | less | sub | south of | shorter than"
        ),
        "<",
    ),
    **dict.fromkeys(
        _phrases(
            "at most | at or below | at or under | below or equal to | less than or equal to | "
            "less or equal to | equal to or below | equal to or less than | not above | "
            "no higher than | no more than | or below | or lower | or less"
        ),
        "<=",
    ),
    # the price said as what it costs ("when it's cheaper than its 50 day average")
    **dict.fromkeys(_phrases("cheaper than | cheaper"), "<"),
    **dict.fromkeys(_phrases("more expensive than | pricier than | dearer than"), ">"),
}
SYMBOL_OPS = {">": ">", "<": "<", ">=": ">=", "<=": "<="}

TOUCH_WORDS = frozenset(
    _phrases(
        "touch | touches | touched | touching | hit | hits | hitting | reach | reaches | "
        "reached | reaching | tag | tags | tagged | at | gets to | comes to | goes to | equals | "
        "tests | back to | back at | reverts to | revert to | reverted to"
    )
)

UNARY: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        _phrases(
            "turns positive | goes positive | becomes positive | flips positive | "
            "turned positive | turn positive | crosses into positive territory | "
            "moves into positive territory | goes into positive territory | "
            "crosses into positive | flips to positive | turns to positive | turning positive | "
            "going positive | flipping positive | flipped positive | went positive"
        ),
        ("cross0", "above"),
    ),
    **dict.fromkeys(
        _phrases(
            "turns negative | goes negative | becomes negative | flips negative | "
            "turned negative | turn negative | crosses into negative territory | "
            "moves into negative territory | goes into negative territory | "
            "crosses into negative | flips to negative | turns to negative | turning negative | "
            "going negative | flipping negative | flipped negative | went negative"
        ),
        ("cross0", "below"),
    ),
    **dict.fromkeys(["positive", "in positive territory", "above zero"], ("cmp0", ">")),
    **dict.fromkeys(["negative", "in negative territory"], ("cmp0", "<")),
    **dict.fromkeys(
        _phrases(
            "rising | increasing | sloping up | sloping upward | sloping upwards | slopes up | "
            "slopes upward | turns up | turning up | trending up | trends up | pointing up | "
            "points up | heading up | going up | moving up | upward sloping | up sloping | "
            "trending higher | going higher | rising today | ticking up | ticks up | "
            "higher than yesterday | higher than the day before | up on the day | "
            "up for the day | up today | higher on the day"
        ),
        ("slope", ">"),
    ),
    **dict.fromkeys(
        _phrases(
            "slope is positive | slope is up | slope positive | has a positive slope | "
            "slope is rising | slope is upward | slope up | slope > 0 | slope turns up | "
            "slope turns positive | slope goes positive | slope turns upward | slope turned up | "
            "slope is turning up"
        ),
        ("slope", ">"),
    ),
    **dict.fromkeys(
        _phrases(
            "slope is negative | slope is down | slope negative | has a negative slope | "
            "slope is falling | slope is downward | slope down | slope < 0 | slope turns down | "
            "slope turns negative | slope goes negative | slope turns downward | "
            "slope turned down | slope is turning down"
        ),
        ("slope", "<"),
    ),
    **dict.fromkeys(
        _phrases(
            "falling | decreasing | declining | sloping down | sloping downward | "
            "sloping downwards | slopes down | slopes downward | turns down | turning down | "
            "trending down | trends down | pointing down | points down | heading down | "
            "going down | moving down | downward sloping | down sloping | trending lower | "
            "going lower | ticking down | ticks down | lower than yesterday | "
            "lower than the day before | down on the day | down for the day | down today | "
            "lower on the day"
        ),
        ("slope", "<"),
    ),
    **dict.fromkeys(LOOSE_FALLS, ("slope", "<")),
    **dict.fromkeys(LOOSE_RISES, ("slope", ">")),
}
INTO_VERBS = set(
    _phrases(
        "becomes | become | gets | get | goes | go | turns | turn | enters | enter | "
        "falls into | drops into | moves into | dips into | goes into | gets into | rises into | "
        "climbs into | enters into | pushes into | reaches | hits | moves | is entering | "
        "entering"
    )
)
OUT_VERBS = set(
    _phrases(
        "leaves | leave | exits | exit | comes out of | moves out of | rises out of | "
        "climbs out of | gets out of | crosses out of | recovers from | emerges from | "
        "bounces out of | bounces from | falls out of | drops out of | comes back from | "
        "exiting | leaving | moves back out of | is leaving"
    )
)
ZONE_VERBS: dict[str, str] = {
    **dict.fromkeys(INTO_VERBS, "into"),
    **dict.fromkeys(OUT_VERBS, "out"),
}
ZONE_TAILS = {"territory", "zone", "area", "region", "levels", "level", "conditions", "range"}


# -- settings, stops, streaks and moves (see _parse) -----------------------------------------------

#: Between a condition and the chart it is read on ("... above the 50 EMA on the daily chart")
CHART_LEADS = frozenset({"on", "in", "the", "using", "of"})
#: A timeframe said of a chart, which may be a rule's ("the weekly chart for direction")
CHART_WORDS = frozenset(_phrases("chart | charts | timeframe | timeframes"))
BAR_WORDS = frozenset(
    _phrases(
        "bars | bar | candles | candle | candlesticks | chart | charts | timeframe | "
        "timeframes | data | interval | intervals | prices | resolution | ohlc"
    )
)

#: Units of an intraday bar or timeframe ("15-minute", "4h", "4 hr. chart").
MINUTE = frozenset({"minute", "minutes", "min", "mins", "m"})

HOUR = frozenset({"hour", "hours", "hr", "hrs", "h", "hourly", "hr."})

EQUITY_WORDS = frozenset(
    _phrases(
        "equity | capital | cash | account | portfolio | balance | funds | money | bankroll | "
        "buying | wallet | net | available"
    )
)

#: Verbs of a size that buy when a condition follows ("invest half my capital when X crosses")
SIZE_VERBS_THAT_BUY = frozenset(
    _phrases("invest | allocate | put | deploy | commit | put on | spend")
)
#: Between a size's verb and its amount, saying it is a most ("use at most a quarter of my cash",
#: "put no more than 10% in"): the size each trade takes
SIZE_HEDGES = tuple(
    _phrases(
        "at most | no more than | not more than | up to | a max of | a maximum of | max | "
        "maximum | only | just | about | around | roughly"
    )
)
SIZE_INTROS = frozenset(
    _phrases(
        "use | using | invest | investing | allocate | allocating | put | with | bet | deploy | "
        "buy | spend | trade | commit"
    )
)

FEE_WORDS = frozenset(
    _phrases(
        "commission | commissions | fee | fees | transaction | trading | costs | cost | slippage"
    )
)

STOP_WORDS = {
    "stop": "sl",
    "stop loss": "sl",
    "stoploss": "sl",
    "stops": "sl",
    "sl": "sl",
    "protective stop": "sl",
    "hard stop": "sl",
    "fixed stop": "sl",
    "initial stop": "sl",
    "max loss": "sl",
    "maximum loss": "sl",
    "loss limit": "sl",
    "stop out": "sl",
    "stops out": "sl",
    "stopped out": "sl",
    "stopping out": "sl",
    "stop-out": "sl",
    "stop losses": "sl",
    "loss": "sl",
    "stop loss order": "sl",
    "protective stop loss": "sl",
    "trailing stop": "trail",
    "trailing stop loss": "trail",
    "trailing": "trail",
    "trailing stops": "trail",
    "trail": "trail",
    "trailing sl": "trail",
    "take profit": "tp",
    "take profits": "tp",
    "takes profit": "tp",  # a retold rule's third person ("he takes profit at 5%")
    "takes profits": "tp",
    "profit target": "tp",
    "target": "tp",
    "tp": "tp",
    "profit": "tp",
    "gain": "tp",
    "profit taking": "tp",
    "target profit": "tp",
    "profit objective": "tp",
    "price target": "tp",
    "take profit target": "tp",
    "upside": "tp",
    "profit take": "tp",
    "takeprofit": "tp",
    "book profit": "tp",  # Indian and British usage ("book profit at 2 per cent")
    "book profits": "tp",
}

#: The risk of a trade, a target's unit ("2R", "3 R-multiples", "1.5 times the risk")
#: Names of a target's ratio to the stop ("1:3 risk reward", "rr 1:2"): True when the risk is
#: said first (1:3 is a target 3 times the stop), False when the reward is ("reward:risk 3:1")
RISK_REWARD_NAMES = {
    **dict.fromkeys(
        _phrases(
            "risk reward | risk / reward | risk to reward | risk : reward | risk reward ratio | "
            "risk to reward ratio | risk / reward ratio | rr | r : r | r / r | rrr | rr ratio"
        ),
        True,
    ),
    **dict.fromkeys(
        _phrases(
            "reward risk | reward / risk | reward to risk | reward : risk | reward to risk ratio"
        ),
        False,
    ),
}
R_UNITS = dict.fromkeys(
    _phrases(
        "r | rr | r-multiple | r-multiples | r multiple | r multiples | risk | initial risk | "
        "stop distance | risk distance | distance to the stop | amount risked | risk amount"
    ),
    "r",
)

#: The signal bar's low or high, where a stop is put ("stop at the low of the day").
BAR_EXTREMES: dict[str, str] = {
    phrase: extreme
    for extreme in ("low", "high")
    for bar in _phrases(
        "the day | the bar | the candle | the entry bar | the entry candle | the entry day | "
        "the signal bar | the signal candle | the signal day | that bar | that day | that candle | "
        "the setup bar | the trigger bar | the setup candle | the trigger candle | "
        "the hammer | the hammer candle | the doji | the shooting star | the engulfing bar | "
        "the engulfing candle | the inside bar | the outside bar | the pattern | the pattern bar | "
        # the day before the fill at the next open: the signal bar
        "the prior day | the previous day | the prior bar | the previous bar | yesterday"
    )
    for phrase in (
        f"the {extreme} of {bar}",
        f"{extreme} of {bar}",  # "Stop loss: low of the hammer"
        f"{bar}'s {extreme}",
        f"{bar} {extreme}",  # "SL below the signal candle low"
        f"the {extreme} of today",
        f"today's {extreme}",
        f"the daily {extreme}",
    )
}
#: The signal bar named alone beyond a stop ("stop loss below the signal candle": its low)
STOP_SIGNAL_BARS = frozenset(
    _phrases(
        "the signal candle | the signal bar | the signal day | the entry candle | the entry bar | "
        "the trigger candle | the trigger bar | signal candle | signal bar"
    )
)
#: Beyond a bar, the side of it a stop is on ("below the signal candle": its low)
STOP_BAR_SIDES = {
    **dict.fromkeys(_phrases("below | under | beneath | just below | just under"), "low"),
    **dict.fromkeys(_phrases("above | over | just above"), "high"),
}
#: A named bar of a pattern's low or high ("the first soldier's low", "the low of the mother
#: bar") -> (the extreme, the bar's name in ``_indicator_table.pattern_parts``): a stop there.
PATTERN_PARTS = _indicator_table.pattern_parts()
PATTERN_PART_EXTREMES: dict[str, tuple[str, str]] = {
    phrase: (extreme, part)
    for extreme in ("low", "high")
    for part in PATTERN_PARTS
    for phrase in (
        f"the {part}'s {extreme}",
        f"{part}'s {extreme}",
        f"the {extreme} of the {part}",
        f"{extreme} of the {part}",
        f"the {part} {extreme}",
        f"{part} {extreme}",
    )
}
#: Between a stop word and the bar's low ("stop loss just below the low of the day").
BAR_STOP_LINKS = frozenset(
    _phrases("at | below | under | beneath | above | on | just | slightly | placed | set | = | :")
)
#: An exit said at a bar's low or high, a stop there: "exit below the hammer's low", "cover
#: above the signal bar's high". Only the side a stop is on (below for a long's exit, above for
#: a short's cover): "exit above the high" may be a target, "sell below the low" a short entry,
#: and "close above" a price.
BAR_STOP_EXITS = frozenset(
    f"{verb} {side}"
    for verbs, sides in (
        ("exit | get out | stop out | bail | bail out", "below | under | beneath"),
        ("cover | exit the short | get out of the short", "above | over"),
    )
    for verb in _phrases(verbs)
    for side in _phrases(sides)
)

#: After a stop or target, saying it fires ("exit ... or when the 3% stop is hit").
STOP_HIT_TAILS = tuple(
    _phrases(
        "is hit | gets hit | hit | is triggered | gets triggered | triggered | triggers | "
        "is reached | reached | is touched"
    )
)

RISK_LEAD = frozenset(
    _phrases(
        "a | an | the | at | with | use | using | and | plus | set | place | put | add | have | "
        "apply | also | include | including | keep | risk | my"  # "risk 2% stop": a 2% stop
    )
)

STOP_TAIL = frozenset(
    _phrases(
        "below | under | above | from | off | the | entry | price | purchase | buy | fill | of | "
        "entry's | my | our | cost | basis | away | level"
    )
)

HOLD_FILLER = frozenset(
    {"it", "them", "the", "position", "positions", "trade", "trades", "for", "up", "to", "at"}
    | {"most", "max", "maximum", "a", "no", "more", "than", "only", "exactly", "just"}
)

LOSS_VERBS = tuple(
    _phrases(
        "falls | drops | declines | loses | is down | goes down | moves against | fall | drop | "
        "lose | decline | dips | sinks | is off | falls by | drops by | has lost | "
        "loses more than | is down more than | down | have lost | goes back down | "
        "comes back down | falls back | drops back | "
        "tanks | tanked | craters | plunges | plunged | crashes | crashed | dumps"
    )
)

GAIN_VERBS = tuple(
    _phrases(
        "rises | gains | is up | goes up | climbs | rallies | rise | gain | climb | has gained | "
        "is up more than | gains more than | up | jumps | makes | earns | has risen | make | "
        "earn | have made | has made | goes back up | comes back up | gets back up | "
        "makes money | made money | make money | is in profit | is profitable | "
        "moves back up | bounces | bounces back | rebounds | is back up | back up | "
        "recovers | recovered | recover | comes back"
    )
)

TRADE_SUBJECTS = tuple(
    _phrases(
        "the trade | the position | the loss | the profit | the gain | we | i | my position | "
        "the investment | the trade is | the position is | i'm | im | we're | i am | we are | "
        "the trade's | the position's"
    )
)

SUBJECTS = tuple(
    _phrases(
        "it | the price | price | the stock | the trade | the position | we | i | the close | "
        "close | the trade is | the position is | its price | the market | the loss | the profit | "
        "the gain | my position | the investment | it's | its | i'm | im | we're | i am | we are | "
        "the trade's | the position's"
    )
)

MA_FAMILIES = ("sma", "ema", "ma")
#: Averages in order of length, shortest on top ("the 8, 21, 55 EMAs are stacked bullish"):
#: each shorter one above (">") or below ("<") the next longer one
STACKED = {
    **dict.fromkeys(
        _phrases(
            "stacked bullish | stacked bullishly | stacked up | stacked in bullish order | "
            "in bullish order | in bullish alignment | bullishly aligned | aligned bullish | "
            "stacked in order | in order | bullish stack | in a bullish stack | stacked"
        ),
        ">",
    ),
    **dict.fromkeys(
        _phrases(
            "stacked bearish | stacked bearishly | stacked down | stacked in bearish order | "
            "in bearish order | in bearish alignment | bearishly aligned | aligned bearish | "
            "bearish stack | in a bearish stack"
        ),
        "<",
    ),
}
#: Words every way of saying a stack has one of (a quick test before reading it)
STACK_MARKS = frozenset(_phrases("stacked | stack | order | aligned | alignment | bullishly"))
#: Between the averages and how they are stacked ("the 8, 21, 55 EMAs are all stacked")
STACK_FILLERS = frozenset(_phrases("are | is | all | are all | each | have | get | become"))
#: Before averages listed after their plural noun, each one meant ("above all three MAs
#: (20/50/200)", "above all the EMAs 20, 50 and 200"); a count may follow ("all three")
LINE_QUANTIFIERS = frozenset(_phrases("all | all the | all of the | each of the | every one of"))

DOWN_WORDS = frozenset(
    _phrases(
        "down | lower | losing | declining | negative | falling | red | bearish | weaker | "
        "decline | declines | drops | drop | losses | loss | dropping"
    )
)

UP_WORDS = frozenset(
    _phrases(
        "up | higher | winning | rising | positive | advancing | green | bullish | stronger | "
        "gains | gain | advances | rises | rallies"
    )
)

STREAK_UNITS = frozenset(
    _phrases(
        "days | day | closes | close | bars | bar | sessions | session | candles | candle | "
        "times | periods | weeks | week | months | month"
    )
)

#: After a count of bars held ("3 days in a row"; "in row" as typed in a hurry)
IN_A_ROW = (
    "in a row",
    "in succession",
    "straight",
    "consecutively",
    "running",
    "in sequence",
    "in row",
)

DROP_VERBS = tuple(
    _phrases(
        "falls | drops | declines | loses | is down | has fallen | has dropped | fell | "
        "dropped | declined | lost | was down | sinks | plunges | gaps down | "
        # chat and non-native forms ("if spy drop 2%", "its down 6% over 3 days")
        "fall | drop | decline | its down | it's down | goes down | go down | went down | "
        "dips | dipped | tanks | tanked | slides | slid | moves down | moved down | sank | "
        "plunged | "
        "crashes | crashed | craters | cratered | dumps | dumped | "  # crypto chat
        "down"  # the verb left out, as phone typists do ("if down 3% in a day")
    )
)

GAIN_WORDS = tuple(
    _phrases(
        "rises | gains | climbs | jumps | is up | has risen | has gained | rose | gained | "
        "climbed | jumped | was up | rallies | gaps up | surges | "
        "rise | gain | climb | jump | its up | it's up | goes up | go up | went up | pops | "
        "popped | spikes | spiked | soars | soared | moves up | moved up | rallied | surged | "
        "shoots | shot | "
        "pumps | pumped | moons | mooned | rips | ripped | "  # crypto chat ("when doge pumps 10%")
        "up"  # the verb left out ("sell short gme if up more than 10% in a day")
    )
)

CHANGE_TABLE = {**dict.fromkeys(DROP_VERBS, "<="), **dict.fromkeys(GAIN_WORDS, ">=")}
#: A day's change said with its close ("closes up more than 4%"): over one bar unless said.
CLOSING_CHANGE = {
    **dict.fromkeys(
        _phrases(
            "closes down | closed down | close down | closes lower by | finishes down | "
            "finished down | ends down | ended down | ends the day down | ended the day down | "
            "closes the day down | closed the day down | finishes the day down | "
            "finished the day down"
        ),
        "<=",
    ),
    **dict.fromkeys(
        _phrases(
            "closes up | closed up | close up | closes higher by | finishes up | finished up | "
            "ends up | ended up | ends the day up | ended the day up | closes the day up | "
            "closed the day up | finishes the day up | finished the day up"
        ),
        ">=",
    ),
}

CLAUSE_STOPS = frozenset({"and", "or", "while", "but", "then", "with", "when", "if"})

LEVELLED = frozenset(
    {
        "stoch",
        *(
            kind
            for kind, entry in _indicator_table.TABLE.items()
            if entry.levels and not entry.pattern
        ),
    }
)  # RSI, z-score, CCI, Williams %R, MFI, ...: indicators read against a level


# -- calendar, filters and position words (see _parse_rules) ---------------------------------------

MONTH_INTROS = frozenset({"in", "during", "from", "through", "thru", "until", "till", "to", "of"})

FILTER_VERBS = frozenset(
    {"is", "closes", "closed", "trades", "trading", "crosses", "stays", "remains", "holds", "was"}
    | {"'s", "above", "below", "over", "under", "rises", "falls", "drops", "breaks", "moves"}
)

#: A condition opening with one of these after "and" left its subject out: it is the subject of
#: the condition before it ("when SPY is above its 200-day SMA and closes at a 7-day low")
SUBJECT_LEFT_OUT_VERBS = FILTER_VERBS - {"'s", "above", "below", "over", "under", "trading"}

#: Before an event of the previous bar ("the day after a 3% gap down")
DAY_AFTER = tuple(
    _phrases(
        "the day after | the day following | the session after | the bar after | "
        "the morning after | the next day after | the next day following | day after | "
        "the trading day after | one day after | a day after"
    )
)
#: Switching between symbols ("whichever is stronger", "rebalance monthly"): not built
ROTATION_PHRASES = frozenset(
    _phrases(
        "whichever is stronger | whichever is strongest | whichever is better | "
        "whichever one is stronger | whichever performed better | whichever has | "
        "whichever did better | rotate | rotate into | rotate between | "
        "rotating | rotation | switch between | switch to | switch into | rebalance | "
        "rebalancing | rebalanced | the strongest of | the best performing | the top performing | "
        "whichever of | whichever one of | the better of | the stronger of"
    )
)
#: Between the two symbols of a price ratio ("MSFT/SPY", "XLY to XLP")
RATIO_JOINERS = frozenset(_phrases("/ | to | vs | versus | over | and"))
#: Where a clause ends
CLAUSE_ENDS = frozenset(_phrases(", | ; | . | ! | ? | :"))
#: A level said before its direction, in the word order of other languages ("when RSI is 30
#: below buy", "rsi 70 above and price under the upper band"): the directions so said, and the
#: words that end such a comparison (nothing is compared after the direction)
LEVEL_LAST_DIRECTIONS = frozenset(_phrases("above | below | over | under"))
LEVEL_LAST_ENDS = (
    CLAUSE_STOPS | CLAUSE_ENDS | frozenset(_phrases("buy | sell | short | cover | exit | go"))
)
#: Skipped at the start of a definition in brackets ("SMH is in an uptrend (price above 50 EMA)")
BRACKET_SUBJECTS = frozenset(
    _phrases(
        "i.e. | ie | i | e | . | , | meaning | means | = | price | close | its | it | is | the"
    )
)

RELATION_WORDS = frozenset(
    {"above", "below", "over", "under", "beneath", "through", "is", "crosses", "breaks", ">", "<"}
)

BUY_WORDS = frozenset({"buy", "long", "invested", "enter", "hold"})

OPEN_CLOSE = frozenset({"open", "opening", "close", "closing"})

TIMEFRAMES = {"weekly": "W", "monthly": "M", "hourly": "1h"}
#: A chart's one-bar code for a longer frame, its letter written against a 1 ("d1 close above
#: ema 50", "1d rsi", "w1 ema 20"): the frame word it stands for
ONE_BAR_FRAME_CODES = {"d": "daily", "w": "weekly", "wk": "weekly"}
#: "4-hour", "4h", "15-minute", "60 min": a higher intraday timeframe, by its unit word.
FRAME_UNITS = {**dict.fromkeys(HOUR, 60), **dict.fromkeys(MINUTE, 1)}
#: The first word of an opening range's name after its length ("the break of the 15 min
#: opening range", "a 5 minute ORB"): the length is the range's, never a channel's
OPENING_RANGE_WORDS = frozenset(_phrases("opening | orb | initial"))
#: After an opening range's length ("the high of the first 15-minute bar")
OPENING_RANGE_BARS = frozenset(_phrases("bar | bars | candle | candles | range"))
#: An opening range named before the length it is defined with ("opening range = first 30
#: min", "ORB 15"), and the words between them
OPENING_RANGE_NAMES = dict.fromkeys(_phrases("opening range | orb | opening range breakout"), True)
OPENING_RANGE_DEFINITION_LINKS = frozenset(
    _phrases(
        "is | = | : | ( | of | being | defined | as | the | - | using | over | from | on | "
        "uses | set | by"
    )
)
#: The day's first minutes said to move ("the first 15 minutes are up", "the first hour's
#: move closed green", "the opening 30 min range closes red"): the words between the span and
#: the side, and the side
OPENING_MOVE_NOUNS = frozenset(_phrases("move | candle | bar | range | moves | action | 's"))
OPENING_MOVE_VERBS = frozenset(
    _phrases(
        "is | are | was | were | closed | closes | close | ends | ended | finishes | finished | "
        "goes | went | moved | moves | closing | been | has | have | comes | came"
    )
)
OPENING_MOVE_SIDES = {
    **dict.fromkeys(_phrases("up | green | positive | higher | bullish"), "up"),
    **dict.fromkeys(_phrases("down | red | negative | lower | bearish"), "down"),
}
#: Between an opening range's length and its high or low ("the first 5-minute bar's high")
OPENING_RANGE_BAR_OWNERS = frozenset(_phrases("bar's | candle's | range's"))
#: Between an opening range's high or low and its length ("the opening range high of the first
#: 30 minutes", "the ORB low from the first hour")
OPENING_RANGE_WINDOWS = frozenset(_phrases("of | from | in | during | over | for"))


# -- candles, colours and pairs (see _trader_phrases) ----------------------------------------------

#: Two-bar patterns whose second bar lies inside the first: the pattern's high and low are the
#: first bar's ("an inside bar at a 20-day low": the first bar's low is that low)
INSIDE_PATTERNS = frozenset({"inside_bar", "bullish_harami", "bearish_harami"})
PATTERN_TAILS = frozenset(
    {"bar", "candle", "candlestick", "pattern", "forms", "appears", "prints", "occurs", "shows"}
    | {"appear", "form", "print", "occur", "show", "formation", "shows up", "candles"}
    | {"that", "which", "comes", "came", "come", "coming"}  # "a hammer that comes after ..."
)

BULLISH = frozenset({"green", "bullish", "up", "long", "positive", "buy", "blue", "uptrend"})

BEARISH = frozenset({"red", "bearish", "down", "short", "negative", "sell", "downtrend"})

TURN_VERBS = frozenset(
    {"turns", "turn", "turned", "flips", "flip", "flipped", "changes", "switches", "goes"}
)

STATE_VERBS = frozenset({"is", "are", "stays", "remains", "shows"})

#: After a Supertrend or SAR named alone, its flips named ("the supertrend flip long/short")
FLIP_NOUNS = frozenset({"flip", "flips", "flipping"})

PAIRS: dict[str, tuple[str, str, str]] = {
    "dmi": ("adx", "plus_di", "minus_di"),
    "di": ("adx", "plus_di", "minus_di"),
    "directional": ("adx", "plus_di", "minus_di"),
    "tk": ("ichimoku", "tenkan", "kijun"),
    "tenkan kijun": ("ichimoku", "tenkan", "kijun"),
    "tenkan / kijun": ("ichimoku", "tenkan", "kijun"),
    "tenkan sen kijun sen": ("ichimoku", "tenkan", "kijun"),
}


# -- the Bollinger/Keltner squeeze (see _trader_phrases) -----------------------------------------

#: Words that open a trade: one left unread means the entry was not read ("trade MSFT
#: pullbacks to the 20 ema only when the filter is on"), so no condition is made the entry
UNREAD_ACTION_WORDS = frozenset(_phrases("trade | buy | long | enter | short | go"))
#: ... and those that say the entry alone ("I buy at the close of that day")
UNREAD_BUY_WORDS = frozenset(_phrases("buy | buys | bought"))
#: Before a size said with a condition ("use half position size when ...")
SIZE_CHANGE_LEADS = frozenset(
    _phrases("use | trade | take | go | cut | reduce | with | a | the | my | positions | position")
)
#: A buy said with a multiple of the size ("buy twice as much when ..."; "buy half when ..." is a
#: fixed size, read)
BUY_MORE_LEADS = frozenset(_phrases("buy | invest | put | bet"))
SIZE_MULTIPLES = frozenset(_phrases("twice | double | triple | thrice"))
#: A size that changes ("half size", "smaller positions", "size down")
SIZE_CHANGE_WORDS = frozenset(
    _phrases(
        "size | sizes | sizing | smaller | bigger | larger | lighter | heavier | half | double | "
        "halve | reduced | size down | size up"
    )
)
#: Between a size change and its condition ("buy twice as much when ...")
SIZE_CHANGE_TAIL = frozenset(
    _phrases("position | positions | as | much | many | shares | amount | number | of")
)
#: A buy at the day's open, said before a pattern on "the previous day"
AT_THE_OPEN = dict.fromkeys(
    _phrases("at the open | at market open | at the market open | at open | on the open"), True
)
#: Setups said by their name alone (a candlestick pattern, the squeeze): a heading that only
#: names one the rules after it read again is a title ("TTM squeeze: buy when the squeeze
#: fires"), not a state every entry needs
NAMED_SETUPS = frozenset({"squeeze", *_indicator_table.PATTERNS})
#: Words before a candlestick pattern or the squeeze ("there is a doji", "on a TTM squeeze")
PATTERN_LEADS = ARTICLES | {"there", "is", "we", "get", "see", "on", "after", "there's", "theres"}
#: "the Bollinger Bands squeeze / are / move inside the Keltner channels"
SQUEEZE_VERBS = frozenset(
    {"squeeze", "squeezes", "squeezed", "squeezing", "are", "is", "go", "goes", "move", "moves"}
    | {"contract", "contracts", "tighten", "tightens", "narrow", "narrows", "sit", "sits"}
    | {"stay", "stays", "fall", "falls", "get", "gets", "fully", "completely", "back", "have"}
    | {"has", "moved", "gone", "come", "expand", "expands", "break", "breaks"}
)
SQUEEZE_PREPS = frozenset({"inside", "within", "into", "in"})
#: The bands leaving the channels ("move outside the Keltner channels"): the squeeze released
SQUEEZE_OUT_PREPS = tuple(_phrases("outside of | outside | out of"))
#: The squeeze's own settings, said after the bands and the channels (John Carter's)
SQUEEZE_BAND_SETTINGS = (20.0, 2.0)
SQUEEZE_CHANNEL_SETTINGS = (20.0, 1.5)
#: A move to the Ichimoku cloud: into it, or to its near edge ("falls to the cloud": its top)
CLOUD_REACH_PREPS = SQUEEZE_PREPS | frozenset(_phrases("to | toward | towards"))
#: Before "squeeze" when it is not the Bollinger/Keltner one ("a short squeeze")
OTHER_SQUEEZES = frozenset(_phrases("short | gamma | margin | shorts"))
#: "the squeeze fires": the bands leave the channels after a squeeze
SQUEEZE_FIRES = frozenset(
    _phrases(
        "fires | fired | firing | releases | released | is released | ends | ended | turns off | "
        "goes off | is over | breaks"
    )
)
#: "... and price breaks out up": the side of the breakout
BREAKOUT_VERBS = frozenset(
    ["breaks out", "break out", "breaks", "breakout", "breaking out", "broke out", "moves"]
)
#: ... the side of the breakout: a crossing's directions, and "above"/"below" too ("breaks out
#: above").
BREAKOUT_SIDES = {**CROSS_DIRECTIONS, "above": "above", "below": "below"}
BREAKOUT_LEADS = frozenset({"and", "then", ",", "when", "as", "once", "price", "it", "close"})


# -- phrases matched in order (Stream.first) ----------------------------------------------------

#: After a lookback ("2 years of data", "5 years back")
HISTORY_TAILS = tuple(
    _phrases(
        "of data | of history | of prices | of price data | worth of data | of daily data | "
        "history | of trading | of backtest | back"
    )
)

#: Names of the position size ("position size 50%", "allocation of 0.5")
SIZE_NAMES = tuple(
    _phrases(
        "position size | position sizing | size | allocation | sizing | trade size | "
        "position size of"
    )
)

#: "per trade" after a size ("10% of equity per trade")
PER_TRADE_TAILS = (
    "per trade",
    "on each trade",
    "per position",
    "each trade",
    "in each trade",
    "every trade",
    "each position",
    "every position",
)

#: The whole equity in each trade ("all in", "fully invested")
ALL_IN = tuple(
    _phrases(
        "all in | go all in | fully invested | full position | all of the equity | "
        "the whole account | all my money | full size | entire account | all my cash | "
        "all of my cash | all my capital | all of my capital | all of my money | "
        "risk all my cash | risk all my money | risk all my capital | risk everything"
    )
)

#: Opening "all in" as an action ("go all in when ...")
ALL_IN_VERBS = frozenset(_phrases("go | going | goes | get"))

#: Fills at the next bar's open, backtesting.py's default
NEXT_OPEN_FILLS = tuple(
    _phrases(
        "at the next open | on the next open | at the next bar's open | at the open | "
        "on the open | at the next day's open | at market | market orders | with market orders | "
        "at the market | next day's open | on the next bar | at the next bar | next bar's open | "
        "the next open"
    )
)

#: Verbs before a new high or low ("makes a new 20-day high", "closes at a 10-day low")
NEW_HIGH_VERBS = tuple(
    _phrases(
        "makes | make | hits | hit | sets | set | reaches | prints | closes at | close at | "
        "closing at | trades at | at | breaks out to | breaks to | breaks out at | making | "
        "hitting | setting"
    )
)

#: The previous close, after a gap ("gaps 2% below the previous close")
PREVIOUS_CLOSE = tuple(
    _phrases(
        "the previous close | the prior close | yesterday's close | the previous day's close | "
        "the last close | the previous bar's close | than the previous close | "
        "than yesterday's close | prior close | previous close | yesterdays close | "
        "the prior day's close | last close | the close before"
    )
)
#: The previous bar's price a gap is measured from ("gaps up 4% above yesterday's high"):
#: phrase -> field, the same phrases as ``PREVIOUS_CLOSE`` for each field
PREVIOUS_BAR_FIELDS = {
    phrase.replace("close", field): field
    for phrase in PREVIOUS_CLOSE
    for field in ("close", "high", "low")
}
#: Between "opens" and the side of a gap ("opens way above prior close")
GAP_INTENSIFIERS = frozenset(_phrases("way | well | far | much | sharply | significantly"))

#: Before a maximum number of units ("at most 3 units")
AT_MOST = tuple(
    _phrases("at most | up to | max | maximum | a maximum of | maximum of | no more than")
)

#: "the rest on the exit signal": sold by the exit rule
ON_EXIT = ("on the exit signal", "at the exit signal", "on the sell signal", "on exit")

#: "the 20-day high is broken" (the price crosses it), "the lower band is touched"
BROKEN_WORDS = ("broken", "taken out", "breached", "penetrated", "exceeded")
#: The same said of the line in the active voice, with nothing after it ("when the Donchian
#: 55-day upper band breaks"; not "breaks above X", a cross)
BREAKS_WORDS = ("breaks", "gets broken", "gets taken out", "is taken out", "gives way")
TOUCHED_WORDS = ("touched", "hit", "tagged", "reached", "tested")


# -- small word sets the recognisers share ------------------------------------------------------

#: An average ("its 20-day average")
AVERAGE_WORDS = frozenset({"ma", "sma", "mean", "avg", "average"})
#: A percentage ("5%", "5 percent"; "5 per cent" is joined into "percent" by the tokeniser)
PERCENT_WORDS = frozenset({"percent", "pct", "procent", "%"})
#: Before a run of bars ("3 consecutive down days", "for 2 straight closes", "sequential")
#: A level's sign said as a word before its digits ("CCI under minus 100", "over plus 100")
SIGN_WORDS = {"minus": -1.0, "negative": -1.0, "plus": 1.0, "positive": 1.0}
IN_SUCCESSION = frozenset(_phrases("consecutive | straight | successive | sequential"))
#: Before "a down day" said of the stock ("sell when it has a down day", "when there is a red
#: day"): that one bar's close against the one before
HAS_A_BAR = frozenset(_phrases("has | had | makes | made | prints | printed | gets | got"))
#: Before "up"/"down" in a run of closes ("is going up for 5 days", "it go down 2 days")
GO_VERBS = frozenset(_phrases("go | goes | going | went | gone | moves | moving | moved"))
#: ATR after a multiple ("2 ATRs")
ATR_WORDS = frozenset({"atr", "atrs"})
#: The Turtle rules' "N" ("a 2N stop"): an ATR, the 20-day one unless the text says which
TURTLE_N = frozenset({"n"})
TURTLE_N_PERIOD = 20.0
#: This bar said as a day ("today's low is the lowest low of the past 5 days")
TODAYS = frozenset(_phrases("today's | todays | this bar's | the current"))
#: The current day named before a price ("today's open", "the session open"): on daily bars the
#: bar's own price, on intraday bars the day's (its first open, its high or low so far)
THIS_DAY_OWNERS = frozenset(
    _phrases("today's | todays | day's | session's | session | day | days | sessions")
)
#: The current day named after a price ("the open of the day", "the open today")
OF_THIS_DAY = frozenset(
    _phrases(
        "of the day | of today | of the session | of the trading day | of the current day | "
        "of the current session | of this day | of day | so far | so far today | "
        "so far of the day"
    )
)
#: A condition said as a requirement of every entry ("the stock must be above its 200-day MA")
REQUIRED_WORDS = frozenset(_phrases("must be | must stay | has to be | needs to be | must close"))
#: Between a price and its move from yesterday ("the stock is down 2%", "price closed up 1%")
MOVE_SUBJECT_VERBS = frozenset({"is", "was", "closes", "closed", "price", "trades"})
#: Before a move's size, making it strict ("down more than 2% from yesterday's close")
MORE_THAN = frozenset(_phrases("more than | over | by more than"))
#: A stochastic's lines said by their letter alone, once a stochastic is named ("exit: K > 90")
STOCHASTIC_LETTERS = {"k": "k", "d": "d"}
STOCHASTIC_FAMILIES = frozenset({"stoch", "stochrsi", "slowstoch"})
#: A target said as taking its gain ("take 3% or 10 days", "bank 5%")
TARGET_VERBS = frozenset(_phrases("take | bank | grab | pocket"))
#: A stop loss said as cutting the losses ("cut losses at 5%", O'Neil's "cut losers at 7%")
CUT_LOSSES = frozenset(
    _phrases(
        "cut losses | cut the loss | cut loss | cut the losses | cut your losses | cut losers | "
        "cut your losers | cut the losers | cut losing trades | cut losing positions | "
        "cut losses short | cut all losses"
    )
)
#: A cap on a trade's loss said in prose ("I never let a loss exceed 10%", "don't lose more
#: than 5% on a trade", "limit losses to 6%"): a stop that far from the entry. The words that
#: may come before the cap; one of ``LOSS_CAP_NEGATIONS`` must be said for it to be a cap.
LOSS_CAP_LEAD = frozenset(
    _phrases(
        "i | we | never | don't | do | not | won't | will | i'll | let | allow | a | an | my | "
        "the | any | single | one | should | must | can't | cannot | to | ever | it | position"
    )
)
LOSS_CAP_NEGATIONS = frozenset(_phrases("never | don't | not | won't | can't | cannot"))
#: A loss, the subject of such a cap ("a loss", "my losers", "a losing trade")
LOSS_CAP_NOUNS = frozenset(
    _phrases("loss | losses | loser | losers | losing trade | losing trades | losing position")
)
#: Going beyond the cap, after a loss ("exceed", "go past") or as the move itself ("lose more
#: than", "drop over")
LOSS_CAP_VERBS = frozenset(
    _phrases(
        "exceed | exceeds | go past | go beyond | go over | run past | get past | grow past | "
        "get bigger than | get larger than | be more than | be bigger than | be larger than | "
        "run more than | go more than | get to more than | reach more than"
    )
    + [
        f"{move} {beyond}"
        for move in _phrases("lose | drop | fall | go down | sink | move against me")
        for beyond in _phrases("more than | over | beyond | past | by more than")
    ]
)
#: Verbs that put a cap on the losses ("limit losses to 6%", "keep my loss under 3%"), and the
#: words between the loss and its size
LOSS_CAP_LIMITS = frozenset(_phrases("limit | cap | keep | hold | restrict"))
LOSS_CAP_LINKS = frozenset(_phrases("to | at | under | below | within | of"))
#: After a cap's size, what makes it a cap on the account over time ("5% a day", "per week")
ACCOUNT_PERIODS = frozenset(
    f"{per} {period}"
    for per in _phrases("a | per | in a | in one | each | every | on any")
    for period in _phrases("day | week | month | session")
) | frozenset(_phrases("daily | weekly | monthly | today | this week | this month"))
#: What the Turtles' N is said to be after "2N" ("where N is the 20-day ATR", "(N = 20 ATR)")
N_DEFINITIONS = frozenset(
    _phrases("where n is | where n = | with n being | n being | n is | ( n = | (n = | n =")
)
#: A multiple ("2 x ATR", "1.5 times")
TIMES_WORDS = frozenset({"*", "x", "×", "times"})
#: Money before or after an amount ("$5,000", "5000 usd")
#: Currencies other than the dollar ("€5000", "£2k"): amounts in the traded symbol's currency
OTHER_CURRENCY_SIGNS = frozenset({"\u20ac", "\u00a3", "eur", "euros", "gbp"})  # "€", "£"
CURRENCY_SIGNS = frozenset({"$", "usd", "\u20ac", "\u00a3"})  # "$", "USD", "€", "£"
#: The settings that are amounts of money ("$5,000 per trade", "risk $200", "a $10k account")
MONEY_SETTINGS = frozenset({"cash", "size_cash", "risk_cash"})
#: Between two dates or months ("2015 to 2020", "May through October")
RANGE_JOINERS = frozenset({"thru", "through", "until", "to", "till", "-", "and"})
#: Before the first time of a window of the day ("between 9:30 and 11am", "from 10:00 to 15:00")
TIME_WINDOW_LEADS = frozenset(_phrases("between | from"))
#: Before the one time of a window open on one side ("only after 10am", "before 3:30pm")
TIME_WINDOW_EDGES = {
    **dict.fromkeys(_phrases("after | past | from"), "after"),
    **dict.fromkeys(_phrases("before | until | till"), "before"),
    # before the day's opening minutes only ("buy ... in the first hour", "during the first 30
    # minutes"): the window from the day's first bar
    **dict.fromkeys(_phrases("in | during | within | inside"), "within"),
}
#: A trading session named by its market ("only trade the London session", "the Asian high"):
#: its usual hours in UTC (minutes of the day, from up to not including), read on the data's own
#: clock and said so (see ``_clock.named_session``); None: no one-day window without its hours
#: said ("the overnight range (00:00-06:00)"; Sydney's session crosses midnight)
SESSION_HOURS: dict[str, tuple[int, int] | None] = {
    **dict.fromkeys(_phrases("asian | asia"), (0, 7 * 60)),
    "tokyo": (0, 9 * 60),
    **dict.fromkeys(_phrases("london | european | europe"), (8 * 60, 17 * 60)),
    **dict.fromkeys(_phrases("new york | ny"), (13 * 60, 22 * 60)),
    **dict.fromkeys(
        _phrases(
            "london new york overlap | london ny overlap | london / new york overlap | "
            "london / ny overlap"
        ),
        (13 * 60, 17 * 60),
    ),
    # "the range high (00:00-07:00)", "the range" after "mark the high and low between ..."
    **dict.fromkeys(_phrases("sydney | overnight | opening range | pre london | range"), None),
}
#: A range defined by its window before the rules name it ("mark the high and low between
#: 00:00 and 07:00 UTC, buy a close above the Asian high"): the verb, then the range's words
RANGE_MARK_VERBS = frozenset(_phrases("mark | take | note | record | get | find | track | use"))
RANGE_DEFINED = frozenset(
    _phrases("high and low | low and high | high / low | high - low | range | high-low range")
)
#: After a session's name: the session itself ("the London session", "the Asian session high")
SESSION_NOUNS = frozenset(_phrases("session | hours"))
#: After a session's name before its high or low: the session or its range ("the Asian range")
SESSION_RANGE_NOUNS = SESSION_NOUNS | {"range"}
#: Before a session's name said alone as a time to trade ("during London", "in the Asian")
SESSION_LEADS = frozenset(_phrases("during | in | within | inside"))
#: Before a session named by its market whose end is a time to act at ("exit at the close of
#: the London session")
SESSION_END_LEADS = dict.fromkeys(
    _phrases(
        "at the close of | at the end of | by the close of | by the end of | before the close of "
        "| before the end of | into the close of | on the close of"
    ),
    True,
)
#: A session named by its market without hours Botlab can read ("the London open", "the Sydney
#: session"): reported, with how to say its hours (NAMED_SESSION_PROBLEM)
NAMED_SESSIONS = frozenset(
    _phrases(
        "london session | london open | london hours | new york session | ny session | "
        "new york open | new york hours | asian session | asia session | tokyo session | "
        "sydney session | european session | europe session | us session"
    )
)
#: A window in brackets after a high or low no range could be read from ("the high
#: (00:00-07:00)"): it defines that range, never a time to trade
WINDOW_RANGE_PROBLEM = (
    "The high or low of a window of the day is read when the range is named: 'the Asian "
    "session high (00:00-07:00)', 'the high between 00:00 and 07:00', 'the high of the "
    "00:00-07:00 range'. This one was not, and a window of the day defining a range is never "
    "read as a time to trade."
)
NAMED_SESSION_PROBLEM = (
    "A session named by its market (the London or New York session) is not read: Botlab reads "
    "a time of the day on the data's own clock (the exchange's for stocks, UTC for Yahoo's "
    "crypto), so say its hours on that clock, for example 'only between 8:00 and 16:30'."
)
#: Before one time of the day a rule acts at ("exit at 3:50pm", "flat by 15:55"): see
#: ``_rules._clock_points``. True: the word also names the one bar an entry is kept out of
#: ("don't buy at 8 am"); "by" is a deadline ("don't trade by 10am" is no bar to avoid).
CLOCK_POINT_LEADS = {"at": True, "by": False}
#: After a clock hour: morning or afternoon ("11am", "3:55 pm")
AM_PM = {"am": 0, "pm": 12}
#: Time zones said after a time ("9am-5pm utc", "exit at 15:55 ET"), with the clock each is:
#: a time is read only in the zone of the data's own clock (see ``_clock.zone_after``)
CLOCK_ZONES: dict[str, str] = {
    **dict.fromkeys(_phrases("utc | gmt | utc time | gmt time | zulu"), "UTC"),
    **dict.fromkeys(
        _phrases(
            "et | est | edt | ny time | new york time | eastern | eastern time | us eastern | "
            "est time | et time | new york"
        ),
        "New York",
    ),
    **dict.fromkeys(_phrases("exchange time | exchange's time | market time"), "exchange"),
    **dict.fromkeys(_phrases("london time | uk time | bst"), "London"),
    **dict.fromkeys(
        _phrases("cet | cest | central european time | frankfurt time | berlin time"),
        "Central European",
    ),
    **dict.fromkeys(_phrases("tokyo time | jst"), "Tokyo"),
    **dict.fromkeys(_phrases("sydney time | aest"), "Sydney"),
    **dict.fromkeys(_phrases("chicago time | cst | cdt | central time"), "Chicago"),
    **dict.fromkeys(_phrases("pacific time | pst | pdt"), "Pacific"),
}
#: The clock of each market's bars as Botlab loads them (Yahoo's exchange-local times, the zone
#: dropped): its zone, how it is said, an example time on it. Currency pairs have none: Yahoo's
#: are London's and the bundled sample's are not known, so a zone said there is reported.
DATA_CLOCKS: dict[str, tuple[str, str, str]] = {
    "stock": ("New York", "Yahoo's bars of a US stock are in New York time", "'9:30 to 11:00'"),
    "future": ("New York", "Yahoo's futures bars are in New York time", "'9:30 to 11:00'"),
    "crypto": ("UTC", "Yahoo's crypto bars are in UTC", "'14:30 to 21:00'"),
}


# -- operand ends (see _operands) ------------------------------------------------------------------

#: Before a state a crossing has just left ("... after being", "once it has been")
_EARLIER_STATE_LEADS = _phrases(
    "after being | after having been | after first being | having been | once it has been | "
    "after it has been | after it was | after trading | after closing | after dipping"
)
#: A state a crossing has just left ("oversold", "below", "negative")
_EARLIER_STATES = _phrases(
    "oversold | overbought | below | above | under | over | negative | positive | "
    "in negative territory | in positive territory | below zero | above zero"
)
#: "crosses back above 30 after being oversold", "turns positive after being negative": the
#: crossing already says where the line was the bar before
REDUNDANT_TAILS = tuple(
    [f"{lead} {state}" for lead in _EARLIER_STATE_LEADS for state in _EARLIER_STATES]
    + _phrases("from oversold | from overbought | out of oversold | out of overbought")
)

OBJECT_ENDS = set(
    _phrases(
        ", | . | ; | : | ! | ? | and | or | then | with | sell | buy | exit | short | cover | "
        "again | back | it | too | instead"
    )
)


# -- words the recognisers expect at one place ----------------------------------------------------

#: After a number that is a level, not a moving average ("the 50 level")
LEVEL_NOUNS = frozenset(_phrases("level | line | mark | %"))
#: After "both" as a pronoun ("both are below 20", "below both.")
BOTH_TAILS = frozenset(_phrases("are | lines | of | is | remain | stay |  | . | , | ; | !"))
#: After "either" as the lines of an earlier "both" ("sell when below either of them")
EITHER_TAILS = frozenset(_phrases("of | one | line | average |  | . | , | ; | !"))
#: After "breakout" ("a breakout above the 20-day high")
BREAKOUT_PREPS = frozenset(_phrases("above | over | of | to | through | past | beyond"))
#: After "the close" before a new high ("the close makes a new 20-day high")
HIGH_SUBJECT_VERBS = frozenset(
    _phrases("makes | hits | sets | reaches | prints | closes | breaks | trades")
)
#: Between a stop word and its percent ("stop loss at 5%", "stop = 2%")
STOP_LINKS = frozenset(
    _phrases(
        "of | at | = | : | is | set | to | placed | by | with | a | + | around | about | "
        "under | below | above | over | like | roughly | approximately | maybe"
    )
)
#: After a commission ("0.1% per trade", "each way")
FEE_TAILS = frozenset(_phrases("per | trade | side | each | way"))
#: Before the starting cash ("starting capital of $10,000")
CASH_INTROS = tuple(
    _phrases(
        "starting capital of | starting capital | initial capital of | initial capital | "
        "capital of | starting with | start with | initial cash of | initial cash | cash of | "
        "an account of | account of | account size of | balance of | bankroll of | "
        "starting balance of | starting balance | with a | with an | with | use a | use an | "
        "use | using a | using | "
        # a form's fields ("Cash: 25000", "Capital: $10k", "Account size: 50,000")
        "starting cash | cash | capital | account size | account balance | account value | "
        "starting equity | initial equity | portfolio size | initial balance of | "
        "initial balance | starting bankroll | initial bankroll | initial deposit of | "
        "initial deposit | deposit of | account | bankroll"
    )
)
#: Before the starting cash, said as what the writer has ("I have 10k", "my account is
#: $25,000", "I've got 50 grand"): read only when the amount is said as money
CASH_HELD_INTROS = tuple(
    _phrases(
        "my account is | the account is | account is | my balance is | my capital is | "
        "my bankroll is | my portfolio is | i have | i've got | ive got | i have got | i got | "
        "i've | got | have | i'm starting with | im starting with | i am starting with | "
        "i start with | out of a | out of an | out of | "
        "i'm working with | i am working with | im working with | i'll start with"
    )
)
#: After the starting cash, where it is ("10k in my account", "$5,000 to trade with")
CASH_TAILS = tuple(
    _phrases(
        "in my account | in the account | in my trading account | in my portfolio | "
        "to trade with | to start with | to work with | to invest | to start | "
        "in capital | of capital | in cash | of cash | account"
    )
)
#: After a size ("10% position", "25% of equity per trade")
SIZE_TAILS = tuple(
    _phrases(
        "position size | position | per trade | of equity per trade | allocation | positions | size"
    )
)
#: Verbs of scaling out ("sell half at +10%", "take profits on half")
SCALE_OUT_VERBS = tuple(
    _phrases(
        "sell | take | close | exit | scale out | scale out of | book | cover | "
        "take profit on | take profits on | take partial profits on | take profit of | "
        "take profits of | take partial profits of | book profits on"
    )
)
#: Units of a position ("at most 3 units", "4 entries")
UNIT_NOUNS = frozenset(
    _phrases("units | unit | entries | times | positions | adds | additions | lots")
)
#: After a bare "add" that says when it adds ("add on each new 20-day high", "add whenever")
ADD_WHEN = frozenset(_phrases("on | whenever | when | if | every | each | at"))
#: Adding said as a move from the entry price ("average down if it drops 5% more")
ADD_AT_A_MOVE_LEADS = tuple(
    _phrases(
        "average down | average in | double down | double up | double the position | "
        "double my position | add another | buy another | add | buy more | add more | "
        "scale in | scale into | another"
    )
)
#: After a percent, it is a further move from the entry ("5% more", "another 5% lower")
FURTHER_MOVE_WORDS = frozenset(_phrases("more | further | lower | higher | below | above"))
#: Before a percent, the same ("drops another 5%", "a further 5%")
FURTHER_MOVE_LEADS = frozenset(_phrases("another | further"))
#: Before the drop a unit is added at ("once if it falls 8%")
ONCE_WORDS = frozenset(_phrases("once | one time | only once | once more | one more time | more"))
#: A drop that repeats ("each time it drops another 5%")
EACH_DROP = frozenset(_phrases("each time | every time | whenever | for every | on every | every"))
#: A move a unit is added at, by its way ("if it falls 8%", "if it rises 5%" against a short);
#: against the position whatever the way ("if it moves against me 5%")
ADD_MOVE_VERBS = {
    **dict.fromkeys(
        _phrases(
            "drops | falls | declines | dips | sinks | slides | is down | goes down | gets down | "
            "moves down | trades down | drop | fall | decline | dip | dropped | fell | "
            "has dropped | has fallen"
        ),
        "down",
    ),
    **dict.fromkeys(
        _phrases("rises | climbs | rallies | is up | goes up | moves up | rise | rose | has risen"),
        "up",
    ),
    **dict.fromkeys(
        _phrases("moves against me | moves against us | goes against me | goes against us"),
        "against",
    ),
}
#: The price a drop is measured from ("below the entry", "from my buy price")
ENTRY_PRICE_NOUNS = frozenset(
    _phrases(
        "entry | entry price | buy price | purchase price | buy | purchase | fill | fill price | "
        "cost | cost basis | buy-in | entry point"
    )
)
#: Words that may follow a drop a unit is added at ("... falls 8% and sell when ...", "... 5%
#: up to 3 times")
AFTER_A_DROP = frozenset(_phrases("and | or | then | but | max | maximum | up | at | with"))
#: Before "divergence" ("a bullish divergence", "hidden bearish divergence")
DIVERGENCE_KINDS = frozenset(
    _phrases("bullish | bearish | positive | negative | hidden | regular | classic")
)
#: A divergence said by what each line makes ("price makes a lower low but RSI makes a higher
#: low", "higher high in price, lower high in RSI"): the swing each makes -> (the extreme, the
#: way it moved)
DIVERGENCE_SWINGS: dict[str, tuple[str, str]] = {
    phrase: (extreme, way)
    for way in ("lower", "higher")
    for extreme in ("low", "high")
    for phrase in _phrases(
        f"{way} {extreme} | {way} {extreme}s | {way}-{extreme} | {way}-{extreme}s"
    )
}
DIVERGENCE_SWINGS |= {"ll": ("low", "lower"), "hl": ("low", "higher")}
DIVERGENCE_SWINGS |= {"hh": ("high", "higher"), "lh": ("high", "lower")}
#: Price, the line a divergence compares an oscillator with
DIVERGENCE_PRICE = frozenset(
    _phrases("price | prices | the price | the stock | the close | close | closes | candles")
)
#: Words between the lines and the swings of a divergence said in full
DIVERGENCE_LINKS = frozenset(
    _phrases(
        "makes | made | making | make | forms | formed | prints | printed | printing | has | "
        "puts in | put in | putting in | puts | putting | sets | "
        "a | an | the | in | on | of | for | with | but | while | and | yet | "
        "whereas | however | at the same time | , | - | : | = | ( | ) | vs | versus | i.e. | ie | "
        "where | meaning | is | are | new"
    )
)
#: Which divergence each pair of swings is: (price's, the oscillator's) -> its kind
DIVERGENCE_OF_SWINGS = {
    (("low", "lower"), ("low", "higher")): "bullish",
    (("high", "higher"), ("high", "lower")): "bearish",
    (("low", "higher"), ("low", "lower")): "hidden",
    (("high", "lower"), ("high", "higher")): "hidden",
}
DIVERGENCE_UNBUILT = (
    "A divergence is read on RSI only, for example 'buy on a bullish divergence on RSI' (price's "
    "latest swing low below the one before while RSI is higher there); a hidden divergence, or "
    "one of another indicator, is not built."
)
#: The last part of a position entered in parts ("the last third at -10%")
LAST_PARTS = frozenset(
    _phrases(
        "the last third | the final third | the remaining third | the last half | "
        "the last quarter | the final quarter | the last part | the final part | the last tranche"
    )
)
#: The remaining part of a position or its last one ("the rest at -10%", "the last third if it
#: drops 10%"), one table so the phrase index is built once
REST_OR_LAST_PARTS = REST_PHRASES | LAST_PARTS
ADD_IN_FAVOUR_UNBUILT = (
    "Adding a unit at a move in the trade's favour ('add if it rises 5%' to a long) is not "
    "built: add on a rule instead, for example 'add a unit on each new 20-day high, at most 3 "
    "units'."
)
ADD_AT_A_MOVE_UNBUILT = (
    "Adding at a move from the entry price ('add another 25% if it drops 5% more', 'average "
    "down', 'double the position if it falls 10%') is not built: add on a rule instead, for "
    "example 'add a unit when RSI(2) < 5, at most 3 units'."
)
#: Parts an entry is split into ("buy in three tranches")
TRANCHE_NOUNS = frozenset(_phrases("tranches | tranche | parts | legs | steps | installments"))
TRANCHES_UNBUILT = (
    "Entering in parts ('buy in three tranches') is not built: say when each part is bought, for "
    "example 'buy a third when RSI < 30, add a unit when RSI < 20, at most 3 units'."
)
#: How many times a unit is added, after "at most" on an add rule ("add on a pullback, at most
#: twice": 2 adds, 3 units in all)
ADD_COUNT_WORDS = {"once": 1, "twice": 2, "thrice": 3}
#: Units counted as those added to the first ("at most 3 adds": 4 units in all)
ADDED_UNIT_NOUNS = frozenset(_phrases("adds | additions | add-ons"))
#: Before a unit noun, the units counted are the ones added ("up to two more units").
MORE_UNITS = frozenset(_phrases("more | additional | extra | further"))

# -- small word sets the recognisers test one token against ---------------------------------------

#: Words that deny the action after them ("don't buy", "never sell")
NEGATIONS = frozenset(_phrases("don't | not | never | dont | cannot | can't | won't"))
#: The price as the subject of a clause ("the close is", "it closes", "the stock rises 5%")
PRICE_SUBJECTS = frozenset(
    _phrases("close | price | stock | it | its | it's | market | share | shares")
)
#: The price said before its verb in a run or a break ("the close rose", "price goes above")
PRICE_SAID_AS_SUBJECT = frozenset(_phrases("the | price | it | stock | close"))
#: After an asset's name, before its ticker in brackets ("the S&P 500 ETF (SPY)")
ASSET_KINDS = frozenset(_phrases("etf | etfs | fund | futures | future | index | stock | shares"))
#: Where the close sits in its range ("in the bottom 10% of its 20-day range"): the side, and a
#: share said as a word ("the top third")
RANGE_SIDES = {**dict.fromkeys(_phrases("bottom | lower | low"), "low"),
               **dict.fromkeys(_phrases("top | upper | high"), "high")}  # fmt: skip
RANGE_SHARES = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
#: After "stop" ("stop loss", "stop losses")
LOSS_WORDS = frozenset(_phrases("loss | losses"))
#: Before a risk per trade ("risk 1%", "risking 2%")
RISK_VERBS = frozenset(_phrases("risk | risking | risks | risked"))
#: A loss of the account said as risk ("a stop-out loses 2% of equity")
#: An order's type said with its action ("buy stop", "limit buy", "sell limit"); "sell stop"
#: is left out: for a long it is its stop loss.
PRICE_ORDER_TYPES = frozenset(_phrases("limit | stop"))
#: The actions such an order is said with ("buy stop", "sell limit", "short at $50").
PRICE_ORDER_VERBS = frozenset(_phrases("buy | sell | short"))
#: Why an order at a price level is not built (a limit or stop entry, "buy at 150").
PRICE_ORDERS_UNBUILT = (
    "Orders at a price level (a limit or stop order: 'limit buy 2% below the close', 'buy stop "
    "above yesterday's high', 'buy at 150') are not built: Botlab's orders fill at the next "
    "bar's open or at the close. Say when to buy instead, for example 'buy when the close "
    "crosses above yesterday's high'."
)
#: Before a size said as what a stop-out loses ("size so that a 2 ATR stop risks 1% of equity"):
#: the words say how the size follows from the risk, which the risk's own words set.
SIZE_SO_THAT = tuple(
    _phrases(
        "size so that | size it so that | size positions so that | size the position so that | "
        "size each position so that | size each trade so that | size trades so that | "
        "position size so that | size such that | size it such that | size positions such that | "
        "size so | size it so | size positions so | size the position so | size each position so | "
        "size each trade so | size trades so | position size so"
    )
)
ACCOUNT_LOSS_VERBS = frozenset(_phrases("lose | loses | losing | lost | costs | cost"))
#: A breakout said as a noun ("a 20-day breakout", "the break of")
BREAKOUT_NOUNS = frozenset(_phrases("breakout | break"))
#: The close said as a word ("closes below", "the close of")
CLOSE_NOUNS = frozenset(_phrases("closes | close"))
#: Between a setting and its amount ("stop = 2%", "risk of 1%", "cash: $5,000")
AMOUNT_LINKS = frozenset(_phrases("of | = | : | is"))
#: Between a size's name and its amount, said as what it ought to be ("position size should
#: be 25% of equity")
AMOUNT_OUGHT = tuple(_phrases("should be | will be | would be | must be | is to be | set to | at"))
#: Borrowed buying power ("2x leverage", "3:1 margin", "leveraged 2x").
LEVERAGE_WORDS = frozenset(_phrases("leverage | leveraged | margin"))
#: The smallest margin requirement read as leverage ("a 50% margin": 2x); a smaller percent
#: ("with a 2% margin") is more likely a distance than 50x leverage, so it is not read so
LEAST_MARGIN_PCT = 10
#: Why a leverage with no amount is listed back
LEVERAGE_UNSAID = (
    "Say how much leverage, for example 'use 2x leverage' or '3:1 margin' (backtesting.py's "
    "margin is 1 / leverage)."
)
#: Before a leverage ("use 2x leverage", "trade with 3:1 margin", "at 2x leverage").
LEVERAGE_LEAD = frozenset(
    _phrases("use | using | with | at | a | an | apply | trade | trading | size | sizing")
)
#: Before a look-back window ("the last 20 days", "over the past month")
#: Between a move and its size ("a drop of 3%", "a day with a 2% gain")
WITH_LINKS = frozenset(_phrases("of | with"))
#: Before the bar a condition follows ("after a down day", "following")
FOLLOWING_WORDS = frozenset(_phrases("after | following | follows | follow"))
#: A pattern bar said to follow a run ("a hammer that follows 3 down days"), up to the word
#: that reads as "following"
FOLLOWS_PHRASES = tuple(
    _phrases(
        "that follows | which follows | that comes after | which comes after | coming after | "
        "that came after | that come after | which come after | that appears after | "
        "which appears after | that forms after | which forms after"
    )
)
#: Between a run of bars and the bar that turns ("three red candles then a green one")
THEN_WORDS = frozenset(_phrases("then | and then | followed by | , then | , followed by"))
#: A run of bars said as a noun ("a losing streak", "a down run")
STREAK_NOUNS = frozenset(_phrases("streak | run"))
#: Before a level or a bar that is reached ("at RSI 50", "on the close")
AT_ON = frozenset(_phrases("at | on"))
#: Before a level said ahead of its oscillator ("at 30 RSI", "below 25 RSI", "sub 20 stoch"):
#: how the oscillator stands to it ("touch": reaches it, the direction from the level)
LEVEL_FIRST_RELATIONS = {
    **dict.fromkeys(_phrases("at | on | hits | reaches | near"), "touch"),
    **dict.fromkeys(_phrases("below | under | beneath | sub | less than"), "<"),
    **dict.fromkeys(_phrases("above | over | more than | north of"), ">"),
}
#: After a level, the side of it that counts too ("RSI 30 and below", "RSI is 70 or above")
LEVEL_AND_BEYOND = {
    **dict.fromkeys(
        _phrases(
            "or below | and below | or lower | and lower | or less | and less | or under | "
            "and under | or beneath | and beneath"
        ),
        "<=",
    ),
    **dict.fromkeys(
        _phrases(
            "or above | and above | or higher | and higher | or more | and more | or over | "
            "and over | or greater | and up"
        ),
        ">=",
    ),
}
#: A move back to a line without closing through it ("pulls back to the 20 EMA", "on a
#: pullback to the 50-day SMA"): for a pullback the bar's low reaches the line while its close
#: stays above; for a rally the high reaches it while the close stays below
RETURNS_TO_LINE = {
    **dict.fromkeys(
        _phrases(
            "pulls back to | pull back to | pulled back to | pulling back to | pullback to | "
            "pulls back into | pullback into | dips to | dip to | dips into | retraces to | "
            "retrace to | retracement to | comes back to | falls back to | drops back to | "
            "pulls back to touch | dips back to | pullbacks to | pullbacks into | dips back into"
        ),
        "pullback",
    ),
    **dict.fromkeys(
        _phrases("rallies to | rally to | rallies back to | bounces up to | rises back to"),
        "rally",
    ),
}
#: Before a move back to a line: its subject, or the noun's article ("on a pullback to")
RETURN_LEADS = frozenset(_phrases("the | a | on | price | stock | it | the stock | close | market"))
#: Between an oscillator and a level said with its side ("RSI is 30 or below")
LEVEL_VERBS = frozenset(_phrases("is | at | reads | of | 's | sits at | goes to | gets to"))
#: The price said as a noun ("the price", "closing prices")
PRICE_NOUNS = frozenset(_phrases("price | prices"))
#: A high or a low ("the 20-day high", "new lows")
HIGH_LOW_WORDS = frozenset(_phrases("high | low | highs | lows"))
#: After the name of a band ("the upper band", "the lower channel line")
LINE_NOUNS = frozenset(_phrases("band | line | channel | value | level"))
#: A move up ("gaps up", "moves higher")
HIGHER_WORDS = frozenset(_phrases("up | higher"))
#: A move down ("gaps down", "closes lower")
LOWER_WORDS = frozenset(_phrases("down | lower"))
#: Directions of a move ("up", "lower")
MOVE_WORDS = HIGHER_WORDS | LOWER_WORDS
#: The highest (lowest) close of every earlier bar: "an all-time high", "ATH", "a record low"
RECORD_EXTREMES = {
    **dict.fromkeys(
        _phrases(
            "all time high | all time highs | all time closing high | all time high close | "
            "alltime high | ath | aths | record high | record highs | record close | "
            "record closing high | highest close ever | highest close in history | "
            "highest price ever | highest level ever"
        ),
        "record_high",
    ),
    **dict.fromkeys(
        _phrases(
            "all time low | all time lows | all time closing low | all time low close | "
            "alltime low | atl | atls | record low | record lows | record closing low | "
            "lowest close ever | lowest close in history | lowest price ever | lowest level ever"
        ),
        "record_low",
    ),
}
#: Lines that are a highest (lowest) value: "breaks" them upward (downward), "at" them is at
#: or above (below)
UPPER_EXTREMES = frozenset({"highest", "record_high"})
LOWER_EXTREMES = frozenset({"lowest", "record_low"})
EXTREMES = UPPER_EXTREMES | LOWER_EXTREMES
#: Lines price reaches from below (a high) or from above (a low): "exit at the recent swing high"
#: is the close at or above it, "stop at the swing low" the close at or below it
UPPER_LINES = UPPER_EXTREMES | {"swing_high"}
LOWER_LINES = LOWER_EXTREMES | {"swing_low"}
#: A description opening with these and a state before a comma sets when to enter ("On
#: Mondays, buy when ...", "During an uptrend, ...")
STATE_OPENINGS = frozenset(_phrases("in | during | on | only | every | each | throughout"))
#: Comparatives that mean nothing without what they compare to: "sell when higher" is not
#: "higher than the entry's level" (that would borrow the last indicator silently), it is unread
OPEN_COMPARATIVES = frozenset(
    _phrases("higher | lower | greater | smaller | less | bigger | larger | more | than")
)
#: "a" and "an" ("a 20-day high", "an 8-period EMA")
INDEFINITE_ARTICLES = frozenset(_phrases("a | an"))
#: Between items of a list ("Monday, Tuesday and Friday")
LIST_JOINERS = frozenset(_phrases("and | or | ,"))

#: After an amount of money ("$5,000 dollars", "10k usd", "500 euros")
MONEY_WORDS = frozenset(_phrases("dollars | dollar | usd | bucks | $ | eur | euros | rupees"))
#: Why a distance in price from a line is reported, not read
PRICE_DISTANCE_UNREAD = (
    "A distance in price from a line is read in dollars or points ('$5 below the 20-day SMA'), "
    "in pips on a currency pair (0.0001, 0.01 on a yen pair) and in ticks on a future whose "
    "tick is known (ES=F: 0.25); this one could not be placed (its unit has no known size for "
    "this instrument, its line is no price, or the phrase is not read yet): say it in dollars "
    "('$0.05 below the 20-day low'), in percent ('2% below the 20-day SMA') or in ATRs ('2 ATR "
    "below the 20 EMA')."
)
#: Why a stop some ATRs from a line that is no EMA or SMA of the bars tested is reported
ATR_DISTANCE_UNREAD = (
    "A stop some ATRs from a line is built from an EMA or an SMA of the close on the bars "
    "tested ('stop 2 ATR below the 20 EMA': the lower Keltner line); from another line it is "
    "not: say the distance in percent or in dollars ('stop 2% below the lower band')."
)
#: Why a stop a distance from a bar's price ("stop 2% below yesterday's low") is reported: the
#: price is the signal bar's, fixed when the trade opens, which no stop of the spec measures from
STOP_OFF_A_BAR_UNREAD = (
    "A stop a distance from a bar's price ('stop 2% below yesterday's low') is not built: a stop "
    "at the signal bar's low is ('stop at the low of the day'), or give the distance from the "
    "entry ('a 2% stop') or from a line ('stop 2% below the 10-day low')."
)
#: Why an amount of the instrument that is not a whole unit ("0.5 ETH") is reported, not read
PART_OF_A_UNIT_UNREAD = (
    "backtesting.py buys and sells whole units (a size below 1 is a fraction of equity, not of "
    "a unit), so a part of a share or coin ('0.5 ETH', '1.5 shares') cannot be traded as said "
    "and is never rounded: give each trade's amount in dollars ('$1,000 per trade'), a percent "
    "of equity ('10% of equity per trade') or whole units ('3 ETH')."
)
#: Units of the traded currency pair in one lot ("1 mini lot of EURUSD": 10,000 units)
LOT_SIZES = {
    **dict.fromkeys(_phrases("lot | lots | standard lot | standard lots"), 100_000),
    **dict.fromkeys(_phrases("mini lot | mini lots | mini-lot | mini-lots"), 10_000),
    **dict.fromkeys(_phrases("micro lot | micro lots | micro-lot | micro-lots"), 1_000),
}
#: The line some ATRs from an average is ("2 ATR below the 20 EMA": the lower Keltner line)
ATR_OFFSET_LINES = {"ema": "keltner", "sma": "atr_bands", "ma": "atr_bands"}
#: Futures contracts as a trade's size ("buy 2 contracts of ES=F")
CONTRACT_WORDS = frozenset(_phrases("contract | contracts"))
#: A commission ("0.1% commission", "fees of $1")
COMMISSION_WORDS = frozenset(_phrases("commission | commissions | fees | fee"))
#: Before the starting cash ("starting cash", "initial capital")
STARTING_WORDS = frozenset(_phrases("starting | initial | start"))
#: A profit target said as a noun ("10% profit", "a 5% gain")
PROFIT_WORDS = frozenset(_phrases("profit | gain | return | upside"))
#: A loss limit said as a noun ("a 5% loss", "10% drawdown")
DRAWDOWN_WORDS = frozenset(_phrases("loss | drawdown | decline | drop"))
#: The entry price ("5% above entry", "below the purchase price")
ENTRY_PRICE_WORDS = frozenset(_phrases("entry | purchase | bought | cost | fill"))
#: Between a move's verb and its percent ("drops by more than 5%", "drops another 5%": from
#: the entry, where the trade was bought after a first drop)
MOVE_AMOUNT_FILLERS = frozenset(
    _phrases(
        "by | more | than | over | at | least | a | of | another | an | additional | further | "
        "like | about | around | roughly | maybe | "  # hedges: "once its up like 8%"
        "bit | little | tad | say | ,"  # "when im up a bit, like 3%"
    )
)
#: After a price, the bar before said behind it ("the close the day before", "the high of the
#: previous day")
BAR_BEFORE_AFTER = frozenset(
    _phrases(
        "the day before | the previous day | the prior day | the bar before | the session "
        "before | a day earlier | one day earlier | 1 day earlier | a bar earlier | one bar "
        "earlier | 1 bar earlier | the day prior | of the day before | of the previous day | "
        "of the prior day | of the previous bar | of the prior bar | of the bar before | the "
        "previous session | of the previous session | the preceding day | of the preceding day"
    )
)
#: A period said as an adjective before a high or low ("a new yearly high"): its unit
PERIOD_ADJECTIVES = {
    **dict.fromkeys(_phrases("yearly | annual | 52 week | 12 month"), "year"),
    **dict.fromkeys(_phrases("monthly"), "month"),
    **dict.fromkeys(_phrases("weekly"), "week"),
}
#: A period said after a high or low ("a new high for the year", "the high of the month")
FOR_THE_PERIOD = {
    **dict.fromkeys(
        _phrases(
            "for the year | of the year | on the year | in a year | in the last year | "
            "in the past year | over the last year | over the past year | of the past year | "
            "of the last year | this year"
        ),
        "year",
    ),
    **dict.fromkeys(
        _phrases(
            "for the month | of the month | in a month | in the last month | over the last "
            "month | over the past month | in the past month"
        ),
        "month",
    ),
    **dict.fromkeys(
        _phrases("for the week | of the week | in a week | in the last week | over the last week"),
        "week",
    ),
}
#: Between an average's name and the lengths it is stacked in ("EMA stack 8 > 21 > 55")
STACK_WORDS = _longest_first(
    "stack | stacked | are stacked | is stacked | stacking | ribbon | in order | order | "
    "aligned | are aligned | lined up | are lined up | stacked up | are stacked up | "
    "ribbon is | ribbon at | is | are | at"
)
#: Verbs of a SAR's dot against the bar ("the SAR prints above the bar")
SAR_PRINT_VERBS = frozenset(
    _phrases(
        "is | are | prints | printed | plots | appears | sits | moves | flips | flip | "
        "flipped | crosses | crossed | dots | dot | now | goes | gets | jumps"
    )
)
#: What a SAR's dot is said to be above or below ("the bar", "the candles", "price bars")
SAR_BAR_OBJECTS = frozenset(
    _phrases(
        "bar | bars | candle | candles | price bar | price bars | price candle | "
        "price candles | current bar | current candle | candlestick | candlesticks"
    )
)
#: After a count of units: all of them ("up to 4 units total")
IN_ALL = tuple(_phrases("in total | total | in all | overall | altogether | max | at most"))
#: Before the days a holding lasts ("only during the last 5 trading days of each month")
DURING_WORDS = frozenset(_phrases("during | over | throughout | for"))
#: An action before the trading days held, said with no "from" ("buy the last 5 trading days
#: of December and the first 2 of January")
HELD_DAYS_ACTIONS = frozenset(_phrases("buy | long | hold | own"))
#: Out of the market on every other day, said after the days held ("from the last trading day
#: of October to the first trading day of May, flat otherwise"): the sell already says it
FLAT_OTHERWISE = dict.fromkeys(
    _phrases(
        "flat otherwise | out otherwise | in cash otherwise | otherwise flat | otherwise out | "
        "otherwise in cash | be flat otherwise | be out otherwise | flat the rest of the year | "
        "out the rest of the year | in cash the rest of the year"
    ),
    True,
)
#: After "the first three" said of the month after ("and the first three of the next")
OF_THE_NEXT_MONTH = _longest_first(
    "of the next | of the next month | of the following month | of the following | "
    "of the new month | trading days of the next month | days of the next month | "
    "trading days of the next | days of the next | trading days of the new month | "
    "trading days of the following month | days of the following month"
)
#: The bar after the signal, said as the subject of a stop entry ("when tomorrow trades above")
NEXT_BAR_SUBJECTS = _longest_first(
    "tomorrow | the next bar | next bar | the next day | next day | the next session | "
    "the following day | the following bar | price tomorrow | it tomorrow | the stock "
    "tomorrow | tomorrow's price | the next candle"
)
#: A break said as a noun ("buy a break of today's high tomorrow") and what links it to the level
BREAK_NOUNS = frozenset(_phrases("break | breakout | breach"))
BREAK_NOUN_LINKS = frozenset(_phrases("of | above | below | through | over | under"))
#: Its move through the level ("trades above", "takes out", "breaks")
BREAK_THROUGH_VERBS = frozenset(
    _phrases("trades | goes | moves | breaks | takes | out | gets | rises | falls | prints")
)
#: The signal bar named as the owner of the level ("today's high", "this bar's low")
SIGNAL_BAR_OWNERS = _longest_first(
    "today's | this bar's | the signal bar's | the inside bar's | that bar's | the "
    "current bar's | this candle's | today"
)
#: The end of the trading day ("exit at the end of the day", "flat by the session close")
DAY_END = _longest_first(
    "at the end of the day | by the end of the day | at the end of the session | "
    "by the end of the session | at end of day | by end of day | at eod | by eod | eod | "
    "at the end of each day | at the end of every day | at the end of the trading day | "
    "by the end of the trading day | at the close of the session | "
    "by the close of the session | at the session close | by the session close | "
    "at the close of the day | by the close of the day | at the close of each day | "
    "at the end of each session | before the end of the day | end of day | end of the day | "
    "by the close | before the close | by the closing bell | before the closing bell | "
    "by the bell | by the end of the session each day | at end of session | by end of session | "
    "at the end of session | by the end of session"
)
#: A bar said as a day ("the first day it goes down")
DAY_OR_BAR = frozenset(_phrases("day | bar | session | candle | time"))
#: Verbs of one bar's move ("the first day it closes up")
DAY_MOVE_VERBS = frozenset(
    _phrases("goes | moves | closes | is | finishes | ends | trades | turns | comes | ticks")
)
#: Before a move said ahead of its exit verb ("if it drops 8% get out")
MOVE_FIRST_LEADS = frozenset(_phrases("if | once | when | whenever | should"))
#: Between such a move and its exit verb ("if it drops 8%, then I just sell")
MOVE_EXIT_FILLERS = frozenset(
    _phrases(", | then | i | we | just | i'll | we'll | i will | we will | you | please | pls")
)
#: After an exit verb that ends a move said first ("if it drops 8% sell it all")
EXIT_OBJECTS = frozenset(
    _phrases("it | it all | everything | all | the position | out | immediately | right away")
)
#: The price as the subject of a move in an exit ("bail if it loses 3 bucks")
PRICE_SUBJECT_WORDS = frozenset(_phrases("it | the price | price | the stock | its price"))
#: After a distance in price: per share ("$2 a share")
PER_SHARE = frozenset(_phrases("a share | per share | each share | a unit | per unit"))
#: A move against the trade ("rallies 3% against me")
AGAINST_VERBS = frozenset(
    _phrases(
        "moves | move | goes | go | runs | run | rallies | rally | rises | drops | falls | "
        "turns | trades | gets | is | it's | it"
    )
)
AGAINST_ME = dict.fromkeys(
    _phrases(
        "against me | against us | against you | against the position | against the trade | "
        "against my position | against the short | against the long"
    ),
    True,
)
#: Before a distance from the entry price ("closes 8% above my entry")
DISTANCE_VERBS = frozenset(
    _phrases("closes | closed | is | trades | gets | ends | finishes | gets to | reaches | at")
)
#: Between a distance and the entry price ("8% above my entry", "5% below the entry price")
ENTRY_OWNERS = frozenset(_phrases("my | the | our | its | your | an | average"))
#: Before the entry price ("5% above my entry", "below the entry price")
ENTRY_PRICE_LEADS = frozenset(_phrases("the | my | our | your | its | of"))
#: What an exit verb closes ("close the trade", "sell the position", "get it out")
TRADE_OBJECTS = frozenset(_phrases("the | trade | position | it | out | my | long"))
#: Bands and channels: a line the price reaches ("take profit at the upper band")
CHANNEL_FAMILIES = frozenset(_phrases("band | bbands | keltner | donchian | highest | lowest"))
#: Indicators with a signal line ("MACD crosses its signal", "%K crosses the signal")
SIGNAL_FAMILIES = frozenset(_phrases("macd | stoch | slowstoch | stochrsi"))
#: Oscillators whose signal line is an EMA of them ("TRIX crosses its signal line (9)")
EMA_SIGNAL_FAMILIES = frozenset(_phrases("trix | ppo"))
#: The word that makes an entry said on dates restrict the others ("only buy on Fridays")
ONLY_WORD = "only"
#: A restriction said after a rule ("... sell at the upper band only when ADX < 20")
ONLY_WHEN = frozenset(_phrases("only when | only if | but only when | but only if | only while"))
#: A proviso said after the exit rule; on another symbol's trend it is a market filter of the
#: entries ("..., sell above 70, as long as the S&P 500 (SPY) is over its 200 SMA")
PROVISOS = ONLY_WHEN | frozenset(
    _phrases("if | as long as | so long as | provided | provided that | given that | while")
)
#: Real words written for others after these words (word -> (the words before, the word
#: meant)): "less then 30" is "less than", "stop lose 5%" is "stop loss"
CONFUSED_WORDS = {
    "then": (
        frozenset(_phrases("less | more | greater | higher | lower | bigger | smaller")),
        "than",
    ),
    "lose": (frozenset(_phrases("stop")), "loss"),
}
#: Common English words one edit (two, from eight letters) from a vocabulary word: words, never
#: typos ("it shot up 5%" is no short, "fails to hold" no fall, "my broker" no "broke", "a
#: currency" no "current"). They are the ten thousand commonest words by frequency (Peter
#: Norvig's counts of Google's web corpus) that ``_spelling`` would otherwise correct, less those
#: more often a trader's typo than themselves ("brought" for bought, "trial" for trail, "loose"
#: for lose, "brake" for break, "blow" for below). Not vocabulary: ``_spelling`` leaves them out.
PLAIN_WORDS = frozenset(
    _words(
        """
    accounts actions adam addiction addition additionally advise advocate aids
    aims allocated allows alloy alone americans americas among amounts appeal
    appeals appeared approaches approximate areas arena asin assets assigned assignment
    atlas attending auction auctions audi balanced bald bali barn bases basics
    basin bass beach beaches beads beans bears became beer begin beginners belle belly
    belt belts bend bent beta beth bids bills billy bind bios bite bits blacks blank
    block blogs blues boat boats bond bonds boring bowl boxing boys brad branches
    brand bras breath breathing breeding broker brook buck bugs bulk businesses
    busy butter calendars camel camp camps cannon cape capitol card carl cars cart
    cases casey cats caused causes cell cells centers centres chad chan chances changed
    chapters char charge chargers charges cheapest cheat checks chef chick chip
    choosing chose christian christians chuck claim class clean cleaners clicking clone
    closer closest clothing clouds cloudy cnet coaching coalition coast codes
    colin collection colon colors comm commissioner commissioners community comp
    compiled complete completed composed concrete conditional condo conference
    configurations connection cons considered considers const constant constantly
    constraint construct consultants consumer contact contacts content contents contest
    contests continue continued continuous contractor contractors contrary contrast
    convenience conversation conviction cook cord corrections correlation
    corruption costa cove craps crop crowd crown cruz cult cups currency cute cuts dairy
    daisy dale dame dana dated dates dawn dead deadline deaf dealer dean deaths decide
    deck declared deer defining demands demo depending dept depth designed detail
    detailed detection developers develops dial dice died dies directive
    director directors disclaimers displayed displays distances distinct divide divx
    docs dodge dome door dose drive drives earl earliest earrings ears ease easier
    east eden editing effects election electrical electron emacs emma
    encoding ensuring entirely entities environmental environments equality establish
    events exception excerpt excessive exchanges exciting excluded executive
    exemption exist existing exists expanded expansys exploration explorer expo extended
    extending extensive extras face faces facing fact factors factory fail failing fails
    fair fake fame fans fare farm farming farms fate favorites fear feat features feeds
    feel feels feet felt fighters filed filing filling film films finals financing firm
    fist fixtures flags flame flesh flour flows foam focused fold folk font food forge
    forgot fort forth foster foul found framed frames fred free friendly frost fuel funk
    furnished gamespot gays gene glad glow goals goat golf goods gore goto grad grain
    grams grande grant gras grass gray greatest greek greene greeting grew grown grows
    guest guests guided guides guns halo hand handled handles hans harm
    hart hash hats headline healing hear hearing hearings heart heat heating helps herb
    herbs hero heroes hill hint hints holes holly homes hong hood hoped hopes
    host hugh hurt ideal ignored images immediate implemented imported imports included
    includes inclusion increase increases increasingly independent indicate indicated
    indicates indication indicators inherited initially initiated initiative
    inserted insider instruction instructional instructors instrumental
    inter interest interests internet intimate intl investments investor items jane jean
    joan johnston jokes judy junk jury karma keen kent keys kinds king knew known knows
    labels labs lace lake lakes lane lang laos latex laughing layer leader lean learners
    lenders lending lens leon letter lies lift limits linked lists lite live lived lives
    loading locations lock locks lodging login logs loop loops lotus loved lover lovers
    loves loving lung macro main major maker makers male males maps marc marco marked
    markers marking marks marsh mart mask mass master mate math mating mats
    matters mcdonald meal meals meat medline meet mega memories mens ment mentioned
    menus mere mesa mesh mess metal mild milk millions minds mine mines mint mirrors
    miss model modem modes mods moments monitors monkey monte mood moon moore moses moss
    mounting mouth movements movers movie movies multi naked nato naturally
    naturals nest newer nick nodes noon norm norman noted notice notices notified notre
    nova nuke numbers objectives oclc oils openings opinions optional ordinary others
    outputs owen pace pack packet pads paid pain painted painting paintings pairs palace
    pants para parameter paris park parks partially particle party passes passport
    passwords pasta paste pays peace peas pendant peoples performances performer
    pets phases phrase picks pill pills pilot pink pins pipe pipes places plan
    plane plans plate playback played pockets podcasts poet pointed poker poll
    polls pope porter ports pose posing posted posters postings posts potter
    powder powers pray precious prefers pregnant prep presence presented presently
    presents president prevent previews previously printer printers proceeding
    productive profiles programme programs promised promptly pros prospective prot
    protecting protection provide provider providers provides pubs pump punch purchased
    purchases pure qualify quantity questions quit quote race radio rage rain
    raised raising rand ranger rangers rank ranking rankings rare rated rates ratios
    rats rays read readings ready realize realm rear reasonably receiver receivers
    recently recorded recorder recorders records recovery reduces reed reel referral
    referrals referred referring reflected regard regarded regarding regions
    register registered registry regularly reid relating relatively relatives religion
    rely remained reminder remote removed rent replacement replacing reported reporter
    reporting reports requested requests requirement reserved reserves resistant
    resolutions resort restricted retained revealed reveals revenues reviewer reviews
    revision revolution rewards rick rider riders ridge riding rights roads rock roles
    roll rosa roses ross rounds rows rugs ryan safe sage sail sake sale sand sara save
    scales scan scanning scared scored seal sean seat seating seats seattle seconds
    sections securely seed seeds seeking seeks sees self senators send sentence
    sequences serve served server servers settled sewing shame shared shaw shipped
    shipping ships shirt shirts shoes shop shopping shoulder shower shown
    sick significant silk sims sing singles site sites sitting skin sleeping smart
    smell snow soap soil sole solo soma sort sorted sorts soul sources spain
    spam spanking spears specialists specials speed spell spelling spent spice spies
    spin spine spoke sport sporting sports spots springer stage stake stan stands
    starring stated states stating stats steering sterling steven stevens stick
    stockings store stores strand stranger stream streams strengthen strengths strictly
    striking string strongly struct stuart stuck stud styles subjects suit suits summer
    superb supported supporting supports surf surgeons surprised suse swingers switched
    tabs tale tales talk talked talking talks tamil tank tape tapes targeted tasks taxes
    teach teaching teams tear teen teeth tell temp tender tent texts thai thee themes
    theories thick thin thinks thorough thou though thought thousands threaded thrown
    throws ticket tickets ties tile tips titled titles todd token tons totals
    tough tours toys trace tracking tracks tract tracy trailer trailers train trained
    trainers training trains trance transactions transition translation traveling tray
    treasure treasurer treasures treating trick tricks trim trio trip troy truck
    tube tubes tune tunes tuning turner ultimately univ universal unix updated
    updates upload usda user usps valuable valued valves variance vary verse
    vista voice volt wage wages wake wales wall wanting watches watt wear weed
    wellness west wherever whose windows winter witch wives wood woods worker
    world worlds worst worthy writing writings zope
        """
    )
)
#: Chat and phone shorthand for one word ("rsi lt 30 b, s rsi gt 70", "9ema x 21ema dn", "ts
#: 3%"): read as the word it stands for and echoed like a correction ("read 'gt' as 'above'").
#: The one-letter actions only typed in lower case and never before "&" ("s&p"); see
#: ``_spelling.correct``.
CHAT_SHORTHAND = {
    "b": "buy",
    "s": "sell",
    "gt": "above",
    "lt": "below",
    "abv": "above",
    "blw": "below",
    "wen": "when",
    "whn": "when",
    "px": "price",
    "dn": "down",
    "tgt": "target",
    "ts": "trail",
    "prev": "previous",
}
#: The capital letters a chat names both sides by ("L on 9/21 cross, S on 9/21 cross down"):
#: read as "long" and "short" only when both open a clause before a when-word, so a lone "S"
#: (sell or short?) or "L" is never guessed
SIDE_LETTERS = {"L": "long", "S": "short"}
#: A stochastic's lines named by their bare letters once a stochastic is named ("stochastic k
#: crosses above d", "sell when k above 80"): read as "%K" and "%D" and echoed like shorthand
STOCHASTIC_LINE_LETTERS = {"k": "%k", "d": "%d"}
#: A chart's bars written unit first, as forex and MetaTrader traders do ("h4", "M15", "d1"):
#: the tokeniser reads the number, then the letter ("4h", "15m", "1d")
UNIT_FIRST_INTERVALS = frozenset({"m", "h", "d"})
#: Shorthand letters that are also a name when capitalised ("Plan B"), or a letter of another
#: word beside these ("s&p", "b/e", "percent b", "pct b", "double 7 s"): there never shorthand
CHAT_SHORTHAND_LOWER_ONLY = frozenset({"b", "s"})
NOT_SHORTHAND_BESIDE = frozenset({"&", "/", "'"}) | (PERCENT_WORDS - {"%"})
#: After a number, a one-letter action only when that number is a level just compared against
#: ("rsi lt 30 s rsi gt 70"): after other numbers it is a plural ("double 7 s")
SHORTHAND_LEVEL_LEADS = frozenset({"above", "below", "over", "under", ">", "<", ">=", "<=", "="})
#: Before a stop that is hit ("price hits the trailing stop (7%)")
STOP_HIT_LEADS = tuple(
    _phrases(
        "price hits the | price hits a | price hits my | it hits the | it hits a | hits the | "
        "hits a | hits my | price touches the | touches the"
    )
)
#: Past participles of a move held for bars ("has risen 3 bars in a row")
HELD_MOVES = {"risen": ">", "gone up": ">", "fallen": "<", "gone down": "<"}
#: Before "back inside the bands" ("the first close back inside the channel")
BACK_INSIDE_SUBJECTS = tuple(
    _phrases(
        "the first close | first close | the close is | the close closes | the close | "
        "price closes | price is | it closes | it is | it's | closes | close | price"
    )
)
#: A return within a band the entry went beyond
BACK_INSIDE = tuple(_phrases("back inside | back within | back in | back into"))
#: A band, channel or cloud named after "back inside"
BAND_NAMES = tuple(
    _phrases(
        "bollinger bands | bollinger band | keltner channels | keltner channel | bands | band | "
        "channels | channel | envelope | ichimoku cloud | cloud | kumo"
    )
)
#: A pair of averages named by role ("the fast and slow moving averages cross (10 and 30)")
FAST_AND_SLOW = tuple(
    _phrases("fast and slow | fast and the slow | short and long | faster and slower")
)
#: Words for a crossing after a pair of averages
CROSSING_NOUNS = frozenset(_phrases("cross | crosses | crossover | crossing | crossed"))
#: A move's side from the entry price, for a long ("15% above entry" is its target)
ENTRY_SIDES = {"above": "tp", "over": "tp", "below": "sl", "under": "sl"}
#: "falls 10% from the high": a long's trailing stop from the highest close since the entry
#: (``PEAK_WORDS`` after "from/off/below (the/its)", then any of ``PEAK_TAIL``)
PEAK_WORDS = frozenset(_phrases("high | peak | top | highest | max | maximum | highs"))
#: "cover when it rises 5% from the low": a short's trailing stop from its lowest close
TROUGH_WORDS = frozenset(_phrases("low | lows | bottom | trough | lowest | min | minimum"))
#: Words that make a description a short's ("short", "cover")
SHORT_WORDS = frozenset(_phrases("short | shorts | shorting | shorted | cover | covers"))
PEAK_LEAD = frozenset(_phrases("the | its | a | their | recent | latest | trade's | position's"))
PEAK_TAIL = frozenset(
    _phrases(
        "price | close | closing | point | level | value | since | entry | the | trade | "
        "purchase | buying | it | was | bought | reached | hit | made | we | i | in | of | my"
    )
)
#: Before the first date of a test ("since 2015", "starting 2018")
SINCE_WORDS = frozenset(_phrases("since | from | starting | beginning | after | start"))
#: The end of a test said as the present ("2018 to now", "from 2015 to present"): the data's end
UP_TO_NOW = frozenset(
    _phrases("now | present | the present | today | date | current | the current day | recent")
)
#: Before a test's range, keeping the test to it ("keep it to 2019 through 2022", "restrict the
#: test to 2018 to 2023"): the range's words follow
PERIOD_LIMITS = frozenset(
    _phrases(
        "keep it to | limit it to | restrict it to | confine it to | keep the test to | "
        "limit the test to | restrict the test to | confine the test to | keep the backtest to | "
        "limit the backtest to | restrict the backtest to | restrict testing to | "
        "limit testing to | keep testing to"
    )
)
#: Before the last date of a test ("until 2020", "ending 2022")
UNTIL_WORDS = frozenset(_phrases("until | till | through | thru | to | ending | end"))
#: Before a symbol ("the ticker SPY", "symbols AAPL and MSFT")
SYMBOL_NOUNS = frozenset(_phrases("ticker | symbol | tickers | symbols"))
#: Before a test window ("over the last 5 years", "during 2020")
WINDOW_PREPS = frozenset(_phrases("over | for | in | during | across | within | covering"))
#: A gap ("gaps down 2%", "a gapped open")
GAP_WORDS = frozenset(_phrases("gap | gaps | gapped | gapping"))
#: Before a distance from the entry price ("stop = entry minus 3 x ATR", "entry + 2 ATR")
FROM_THE_ENTRY = frozenset(
    _phrases(
        "entry minus | entry - | entry price minus | entry price - | the entry minus | "
        "the entry price minus | entry less | entry plus | entry + | entry price plus | "
        "entry price + | the entry plus | the entry price plus"
    )
)
#: The sign words of FROM_THE_ENTRY that put the distance below the entry ("entry - $2")
MINUS_WORDS = frozenset(_phrases("minus | - | less"))
#: A label before a colon that is also an indicator's word ("Signal: close crosses above ...")
LABEL_WORDS = frozenset(_phrases("signal | signals | trigger | setup"))
#: Names of a line that are also everyday words ("ADX under 20 means range:", a trading range):
#: such a line is read only where it is compared ("the range is above 2 ATR"), never named alone
COMPARED_ONLY = frozenset(_phrases("range"))
#: An entry said to repeat while holding ("buy $2k each time RSI < 30, up to 5 positions")
EACH_TIME = tuple(_phrases("each time | every time | each new | every new | again each time"))
#: A quarter of the year ("the first trading day of each quarter")
QUARTER_WORDS = frozenset(_phrases("quarter | quarters | qtr"))
#: After a gap word, its side said as a plural noun ("gap ups", "gap downs")
GAP_UPS = frozenset(_phrases("ups"))
GAP_DOWNS = frozenset(_phrases("downs"))
#: A subject said with its state ("it's down 4%"): in an exit's clause, the position's
POSITION_STATES = frozenset(_phrases("it's | its"))
#: "every month" said before the day of the month it means ("every month on the first trading
#: day buy SPY"): read with that day
EVERY_PERIOD = tuple(_phrases("every month | each month | every week | each week"))
#: The form fields whose value is the ticker ("Symbol: BA", "Stock: PFE", "Universe: TLT")
SYMBOL_LABELS = frozenset(
    _phrases(
        "asset | ticker | symbol | instrument | market | stock | pair | underlying | security | "
        "universe"
    )
)
#: The form fields whose value is the side traded ("Direction: short", "Bias: short only")
SIDE_LABELS = frozenset(_phrases("direction | side | bias | trade direction | position side"))
#: How the name of a filter defined after a colon opens ("only trade when the market is
#: healthy: ...", "only buy in an uptrend: ...")
CONDITION_NAME_LEADS = frozenset(_phrases("when | whenever | if | while | in"))
#: The values of a side field, the direction ("Direction: short", "Side: both"), beside the
#: DIRECTIONS said anywhere ("Direction: long and short"); another one ("Direction: up") leaves
#: the field reported, never dropped
SIDE_VALUES = {
    **dict.fromkeys(_phrases("long | longs"), "long"),
    **dict.fromkeys(_phrases("short | shorts"), "short"),
    "both": "both",
}
#: Names of settings that name a line by its role ("Params: fast=10, slow=30 ... fast EMA"): a
#: bare use later ("exit when fast crosses below slow") is that line. Not the sides ("Long SPY
#: when ..." is an action, whatever "long=50" said)
PARAMETER_LINE_NAMES = frozenset(ROLE_WORDS) - frozenset(SIDE_VALUES)
#: After a stop's distance, saying it trails ("Stop: 2.5 x ATR(14) trailing")
TRAILING_TAILS = frozenset(_phrases("trailing | trail | trailed"))
#: A form's field names ("Asset: NVDA", "Timeframe: daily"), set before their values
FIELD_LABELS = SYMBOL_LABELS | INTERVAL_LABELS | SIDE_LABELS
#: A dash, hyphen or en or em ("SIZE - 25%", "Size \u2013 25%")
DASHES = frozenset({"-", "\u2013", "\u2014"})
#: Between a form's label and its value ("Symbol: BA", "SIZE - 25%", "Side = long")
LABEL_SEPARATORS = frozenset({":", "="}) | DASHES
#: A bar that reaches a line and closes back on its side: True for support ("bounces off the
#: 50-day SMA": the low at or below it, the close above), False for resistance ("rejected at")
BOUNCES: dict[str, bool] = {
    **dict.fromkeys(
        _phrases(
            "bounces off | bounced off | bounce off | bouncing off | bounces from | bounce from | "
            "bounced from | rebounds off | rebounds from | rebound off | finds support at | "
            "finds support on | gets support at | "
            "bounces of | bounce of | bounced of | bounces on | bounce on | bounced on"  # "of": off
        ),
        True,
    ),
    **dict.fromkeys(
        _phrases(
            "is rejected at | is rejected from | gets rejected at | gets rejected from | "
            "rejected at | rejected from | rejected by | gets rejected by | is rejected by | "
            "finds resistance at"
        ),
        False,
    ),
}
#: "gets rejected at": the verb before a passive
GETS = frozenset(_phrases("gets | got"))
FIRST_WORDS = frozenset(_phrases("first"))
#: The bars of a run of closes beyond a line ("4 consecutive closes below the 5-day SMA")
RUN_BARS = frozenset(_phrases("closes | close | closings | days | bars | sessions | candles"))
#: After exits said with "or", or a time stop said after exits: the first one met closes the
#: trade
WHICHEVER_FIRST = tuple(
    _phrases(
        "whichever comes first | whichever is first | whichever happens first | "
        "whichever first | whichever hits first | whichever occurs first | "
        "whatever comes first | whichever one comes first | whichever is hit first | "
        # a time stop after the exits ("a 10-day time stop if neither happens")
        "if neither happens | if neither is hit | if neither hits | if neither triggers | "
        "if neither of them happens | if neither of those happens | if neither one happens"
    )
)
#: Before the line a slope is said of ("the slope of the 50 SMA is positive")
SLOPE_OF = frozenset(_phrases("slope of | slope on | direction of"))
#: Trading against a move ("fade the gap up": sell it short; "fade gap downs": buy them)
FADE_WORDS = frozenset(_phrases("fade | fades | fading"))
#: The open said as a word ("opens above", "the opening price")
OPEN_WORDS = frozenset(_phrases("opens | open | opened | opening"))
#: After a number of thousands ("10k", "5 thousand", "20 grand")
THOUSAND_WORDS = frozenset(_phrases("k | thousand | grand"))
#: After an amount of money, what it is multiplied by ("10k", "5 grand", "$2m")
MONEY_SCALES = {
    **dict.fromkeys(THOUSAND_WORDS, 1e3),
    **dict.fromkeys(_phrases("m | million | mm"), 1e6),
}
#: After a fraction of the account ("2% of equity", "10% of the portfolio")
ACCOUNT_NOUNS = frozenset(
    _phrases("equity | capital | account | portfolio | balance | cash | bankroll")
)
#: After an amount of money ("$10,000 account", "$5,000 starting balance")
ACCOUNT_WORDS = ACCOUNT_NOUNS | STARTING_WORDS
#: After a seasonal rule's name ("the January effect", "turn-of-the-month pattern")
SEASONAL_NOUNS = frozenset(_phrases("effect | strategy | trade | pattern | seasonality | anomaly"))
#: Before a fixed amount per trade ("trade $5,000", "put 10% in")
ALLOCATE_VERBS = frozenset(_phrases("trade | invest | use | with | allocate | put | bet | spend"))
#: The centre line of an oscillator ("crosses the centerline", "the zero line")
CENTRE_LINE = frozenset(_phrases("centerline | centreline | midline | center line | centre line"))
#: One word naming a band's middle line after the band ("the Donchian midline", "the Keltner
#: basis"); two words ("middle line", "mid band") are a band word and a line noun
MIDDLE_LINE_NAMES = CENTRE_LINE | {"basis"}
#: After a number that is a threshold ("the 70 level", "the 30 zone")
THRESHOLD_NOUNS = frozenset(_phrases("level | line | mark | threshold | area | zone | handle"))
#: The MACD histogram ("the histogram", "macd hist")
HISTOGRAM_WORDS = frozenset(_phrases("histogram | hist | histo"))
#: The MACD histogram's colour, as charts draw it: green above 0, red below ("flips green")
HISTOGRAM_COLOURS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        _phrases(
            "turns green | flips green | goes green | turned green | flips to green | "
            "turns to green | changes to green | prints green | flips from red to green | "
            "turns from red to green | goes from red to green | changes from red to green"
        ),
        ("cross", "above"),
    ),
    **dict.fromkeys(
        _phrases(
            "turns red | flips red | goes red | turned red | flips to red | turns to red | "
            "changes to red | prints red | flips from green to red | turns from green to red | "
            "goes from green to red | changes from green to red"
        ),
        ("cross", "below"),
    ),
    **dict.fromkeys(_phrases("is green | green | is in the green"), ("compare", ">")),
    **dict.fromkeys(_phrases("is red | red | is in the red"), ("compare", "<")),
}
#: Before an indicator's length ("period of 14", "lookback 20", "settings 12/26/9")
PERIOD_WORDS = frozenset(_phrases("period | length | lookback | window | setting | settings"))
#: A length in years ("5 years", "2 yrs")
YEAR_WORDS = frozenset(_phrases("year | years | yr | yrs"))
#: After an indicator's name, before its parameters ("RSI indicator (14)", "Donchian breakout [20]")
SYSTEM_NOUNS = frozenset(_phrases("breakout | system | strategy | indicator | oscillator"))
#: A bar as an owner ("the day's high", "the candle's close")
BAR_POSSESSIVES = frozenset(_phrases("day's | bar's | session's | candle's"))
#: After the bar before ("the previous day's high", "yesterday's bar")
LAG_TAILS = BAR_POSSESSIVES | {"days", "day", "bar", "session"}
#: Calendar units of a length ("20 days", "3 months")
SPAN_UNITS = frozenset(_phrases("day | days | week | weeks | month | months"))

#: After the name of a crossing ("the golden cross signal", "when the crossover happens")
CROSS_EVENT_WORDS = frozenset(_phrases("signal | cross | crossover | happens | occurs"))
#: A side said as a mood ("a bullish cross", "turns negative")
SENTIMENT_WORDS = frozenset(_phrases("bullish | positive | bearish | negative"))
#: A crossing's way said before it ("long on the up cross", "exit on the down cross").
CROSS_WAYS = {
    **dict.fromkeys(_phrases("up | upward | upside | golden"), "above"),
    **dict.fromkeys(_phrases("down | downward | downside"), "below"),
}
#: Moves counted as nouns ("3 declines in a row", "two gains")
MOVE_NOUNS = frozenset(_phrases("declines | gains | drops | advances | losses | rises"))
#: A breakout or a breakdown as a noun ("a 20-day breakout", "breakdowns")
BREAKOUTS = frozenset(_phrases("breakout | breakouts | breakdown | breakdowns"))
#: After the multiple of an ATR stop ("2x ATR", "3 times", "1.5 ATRs")
ATR_MULTIPLE_TAILS = TIMES_WORDS | ATR_WORDS
#: Before "streak" or "run" ("a losing streak", "a green run")
STREAK_WORDS = frozenset(_phrases("losing | down | red | winning | up | green"))
#: After a day of the month ("the 1st", "the 15th")
ORDINAL_SUFFIXES = frozenset(_phrases("st | nd | rd | th"))
#: The subject said again as a pronoun ("it", "they", "it's")
PRONOUNS = frozenset(_phrases("it | they | it's | them"))
#: The closing price as an indicator's input ("the 20-day average of the close")
CLOSE_PRICE_WORDS = frozenset(
    _phrases("close | closes | closing | price | prices | closing prices")
)
#: A new extreme ("a fresh 52-week high", "makes new highs")
NEW_WORDS = frozenset(_phrases("new | fresh | further | subsequent"))
#: Words of a margin before an amount ("by more than 5%", "at least 2%", "over 3%")
MARGIN_LEADS = frozenset(_phrases("by | more | than | at | least | over"))
#: Before a move said without its window ("buy the day after it drops more than 4%"): the move
#: is that one day's, and the order fills the day after (the next bar's open)
DAY_AFTER_LEADS = frozenset(
    _phrases(
        "the day after | a day after | one day after | the session after | the morning after | "
        "the next day after | the bar after | on the day after"
    )
)
#: The close against its own past ("higher than it was a year ago", "above the close 20 days
#: ago"): True for above
AGO_COMPARATIVES = {
    **dict.fromkeys(_phrases("higher | higher than | above | greater than | over | up from"), True),
    **dict.fromkeys(_phrases("lower | lower than | below | less than | under | down from"), False),
}
#: Between the comparison and the span ("than it was", "where it closed", "its level")
AGO_FILLERS = frozenset(
    _words("than it was were where closed the close closing price its level value of that is")
)
AGO_WORDS = frozenset(_phrases("ago | earlier | before | back"))
#: A span said alone after a look-back word ("up 10% over the last month"): one of it
BARE_SPANS = frozenset({"month", "year"})
#: Indicator-table families that are the bar's own prices ("the price", "the high")
BAR_FAMILIES = frozenset({"price", "high", "low", "open", "close", "volume"})
#: Hedges between a move and its amount ("goes up too much, like more than 15% in a week",
#: "sell when it makes money, like 2%")
MOVE_HEDGES = frozenset(
    {"too", "much", ",", "like", "about", "around", "roughly", "say", "maybe", "approx"}
)
#: After a percent, a distance from the line that follows ("15% down from the 200-day average",
#: "10% off the high"; "5% below" is a comparison of its own), longest first
OFFSET_BELOW = ("down from", "lower from", "off of", "off", "beneath")
OFFSET_ABOVE = ("up from", "higher from")
#: The side said before the percent of an offset ("up 1% from the open", "down 3% from the high")
OFFSET_SIDES_FIRST = {"up": "above", "higher": "above", "down": "below", "lower": "below"}
#: After the percent of an offset said side first, the line it is measured from
OFFSET_FROM = frozenset(_phrases("from | off | off of"))
#: Before a window of bars a move is made in ("in 10 days", "within 5 bars", "over a week")
MOVE_WINDOW_PREPS = frozenset(_phrases("in | over | within | during"))
#: A crossing said as a noun ("a crossover of", "the crossing of")
CROSSING_WORDS = frozenset(_phrases("crossover | crossovers | crossing | cross"))
#: Before an indicator's parameters ("RSI with 14", "using 20", "settings 12/26/9")
PARAM_INTROS = frozenset(
    _phrases("with | using | of | over | in | across | for | setting | settings")
)
#: The line a trailing stop follows when it is the closes' peak ("below the highest close ...")
HIGHEST_CLOSE_WORDS = dict.fromkeys(
    _phrases(
        "highest close | highest closing price | highest closing | peak close | best close | "
        "highest close reached | highest close made"
    ),
    True,
)
#: Other lines a trailing stop may hang from ("3 ATR below the highest high since entry").
TRAIL_PEAKS = dict.fromkeys(
    _phrases("highest high | highest price | peak | high | top | highest point | best price"),
    True,
)
TRAIL_FROM_ANOTHER_LINE = (
    "A trailing stop below the highest high (or peak price) since the entry is not built: the "
    "ATR trailing stop follows the closes. Say 'trail the stop 3 ATR below the highest close "
    "since entry' for that stop."
)
#: After a trailing stop, words that start it later ("trail 1.5% after that", "once in profit")
LATER_LEADS = frozenset(_phrases("after | once | when | as soon as | thereafter"))
IN_PROFIT_WORDS = frozenset(
    _phrases(
        "profit | profitable | profits | money | green | breakeven | break-even | break | gain | "
        "gains | up | that | this | thereafter | r | 1r | 2r | 3r"
    )
)
#: Before a trailing stop, words that start it after what was said before it ("move the stop to
#: breakeven at +1R, then trail 2 ATR"): "then" only after a break-even move (in "stop 5%, then
#: trail 8%" both stops follow the trade from its entry); the others always.
TRAIL_THEN_LEADS = frozenset(_phrases("then | and then"))
TRAIL_AFTERWARDS_LEADS = frozenset(
    _phrases("after that | and after that | thereafter | afterwards | after which | from there")
)
#: Between "then" and its trailing stop ("then I'd trail 2 ATR"); a gain said before one
#: ("once up 5% trail by 2%") is at most this many words.
TRAIL_LEAD_FILLERS = frozenset(_phrases(", | i | we | i'd | we'd | just | start to | start"))
TRAIL_GAIN_WORDS_AT_MOST = 8
TRAILING_LATER_PROBLEM = (
    "A trailing stop that starts only later ('{said}') is not built: a trailing stop follows "
    "the trade from its entry. Say 'a 5% trailing stop' (from the entry), or move the stop "
    "to break-even ('move the stop to entry after +1R')."
)
#: A stop or target measured from an indicator line ("stop 1 ATR below the 20-day SMA").
STOP_FROM_A_LINE = (
    "A stop or target measured from an indicator line ('{said}') is not built: stops and "
    "targets are measured from the entry ('stop 1 ATR below entry', 'a 2% stop'); a close "
    "through a line is an exit rule ('sell when the close drops below the 20-day SMA')."
)
#: "... since entry": measured over the open trade.
SINCE_THE_ENTRY = dict.fromkeys(
    _phrases(
        "since entry | since the entry | since my entry | since we entered | since i entered | "
        "since the trade opened | since the trade was opened | since opening the trade | "
        "since purchase | since the purchase | since buying | since i bought | "
        "during the trade | in the trade | of the trade"
    ),
    True,
)
#: After the distance of a stop ("2% below entry", "5% off the high")
DISTANCE_PREPS = frozenset(_phrases("below | under | above | from | off | away"))
#: The unit of a stop or target distance in price, after its number ("5 points", "2 dollars").
PRICE_DISTANCE_UNITS = POINT_WORDS | frozenset(_phrases("dollars | dollar | bucks | usd | cents"))

#: A distance in pips, a forex pair's smallest usual step: 0.01 on a yen-quoted pair
#: ("GBPJPY=X"), else 0.0001 ("20 pips" on EURUSD is 0.0020 in price).
PIP_WORDS = frozenset(_phrases("pips | pip"))
#: Units of a distance whose size in price depends on the market ("30 pips", "2 ticks")
TICK_WORDS = frozenset(_phrases("ticks | tick"))
MARKET_PRICE_UNITS = PIP_WORDS | TICK_WORDS
#: The smallest price step (a tick) of the futures contracts a distance in ticks is read on
#: ("3 ticks below the low" on ES=F is 0.75); any other instrument's tick is reported
TICK_SIZES = {
    "ES=F": 0.25, "MES=F": 0.25, "NQ=F": 0.25, "MNQ=F": 0.25, "YM=F": 1.0, "RTY=F": 0.1,
    "CL=F": 0.01, "GC=F": 0.1, "SI=F": 0.005, "NG=F": 0.001, "MGC=F": 0.1,
    "ZN=F": 0.015625, "ZF=F": 0.0078125, "ZT=F": 0.00390625,
    "ZC=F": 0.25, "ZS=F": 0.25, "ZW=F": 0.25,
    "6E=F": 0.00005, "6B=F": 0.0001, "6J=F": 0.0000005, "6A=F": 0.00005, "6C=F": 0.00005,
    "6S=F": 0.00005,
}  # fmt: skip
#: A future said by its root ("NQ futures", "ES 15m: ...", "trade MES") is Yahoo's continuous
#: front-month contract of that root ("NQ=F"), the contracts whose tick is known above
FUTURES_ROOTS = {symbol.removesuffix("=F").lower(): symbol for symbol in TICK_SIZES}
#: Roots of equity index futures read as the future wherever written in capitals as a ticker
#: ("ES 15m: buy ..."); the others ("CL", "GC") only before a word of FUTURES_WORDS
INDEX_FUTURES_ROOTS = frozenset(_phrases("es | nq | ym | rty | mes | mnq"))
#: After a root or a market's name: the future is meant ("gold futures", "NQ contract")
FUTURES_WORDS = frozenset(_phrases("futures | future | contract | contracts"))
#: A market's name before a word of FUTURES_WORDS ("crude oil futures"): that future, where the
#: name alone is its ETF (SYMBOL_NAMES: "crude oil" is USO)
FUTURES_BY_NAME = {
    **dict.fromkeys(_phrases("crude oil | crude | oil | wti | wti crude"), "CL=F"),
    **dict.fromkeys(_phrases("gold"), "GC=F"),
    **dict.fromkeys(_phrases("silver"), "SI=F"),
    **dict.fromkeys(_phrases("natural gas | nat gas"), "NG=F"),
    **dict.fromkeys(_phrases("s & p | s & p 500 | sp500 | sp 500 | e mini s & p | emini s & p | "
                             "e mini | emini | mini s & p"), "ES=F"),
    **dict.fromkeys(_phrases("nasdaq | nasdaq 100 | e mini nasdaq | emini nasdaq | mini nasdaq"),
                    "NQ=F"),
    **dict.fromkeys(_phrases("dow | dow jones | mini dow"), "YM=F"),
    **dict.fromkeys(_phrases("russell | russell 2000"), "RTY=F"),
    **dict.fromkeys(_phrases("10 year note | treasury note"), "ZN=F"),
}  # fmt: skip
PIP_SIZES = {"JPY": 0.01}
PIP_SIZE = 0.0001

#: Skipped before the cash a fraction is of ("half of my available cash")
CASH_OWNER_FILLERS = frozenset(_phrases("the | my | our | your | total | available | of"))
#: Skipped after the price before its distance from a mean ("the close is 2 std below ...")
PRICE_VERB_FILLERS = frozenset(_phrases("is | closes | trades | falls | drops | rises"))
#: Skipped before a calendar period ("the next month", "each new week")
NEXT_PERIOD_FILLERS = frozenset(_phrases("next | new | following | each | every | a | calendar"))
#: A hedge before a number, read as the number ("drops like 5% in a day", "RSI around 30")
APPROXIMATELY = frozenset(
    _phrases("about | around | roughly | approximately | approx | ~ | like | circa | some | ca")
)
#: Before an oscillator's name and a number that is the level it reaches, not its length
#: ("sell when it gets to rsi 85", "exit near stoch 80", "sell around rsi 80")
LEVEL_REACHED = TOUCH_WORDS | AT_ON | APPROXIMATELY | frozenset({"near"})
#: Skipped after "risk" before its amount ("risk only a max of 1%")
RISK_FILLERS = frozenset(
    _phrases(
        "only | just | a | max | maximum | of | at | most | no | more | than | me | up | to | "
        "about | around | roughly | approximately | approx | ~"
    )
)
#: Skipped before the account a risk is of ("1% of my total account")
ACCOUNT_FILLERS = frozenset(_phrases("the | my | our | total | account | current"))
#: Skipped after the part sold ("sell half of the position at +10%")
SCALE_OUT_FILLERS = frozenset(_phrases("of | the | position | my | it | off | profits | profit"))
#: A further part sold after a first scale-out ("another third at +10%", "the last third")
SCALE_OUT_AGAIN = tuple(
    _phrases(
        "and another | then another | another | a further | then a further | the last | "
        "the final | and the last | then the last"
    )
)
#: A part of the position said in words ("sell half", "take two thirds off")
PORTIONS: dict[str, float] = {
    **dict.fromkeys(_phrases("half | a half | one half"), 0.5),
    **dict.fromkeys(_phrases("a third | one third | 1 third"), 1 / 3),
    **dict.fromkeys(_phrases("two thirds | 2 thirds"), 2 / 3),
    **dict.fromkeys(_phrases("a quarter | one quarter | a fourth | one fourth"), 0.25),
    **dict.fromkeys(_phrases("three quarters | 3 quarters"), 0.75),
}
#: After the first part of a position bought in parts ("buy half a position of TLT when ...")
PART_OF_A_POSITION = frozenset(
    _phrases("a position | the position | of a position | of the position | a full position")
)
#: The second half of a position bought in halves ("buy half when ..., the other half if ...")
SECOND_HALF = frozenset(
    _phrases("the other half | the remaining half | the second half | the rest | the remainder")
)
#: Skipped before a scale-out target ("when it reaches +10%", "is up 5%")
TARGET_FILLERS = frozenset(
    _phrases("a | the | it | is | reaches | hits | up | gains | + | rises | climbs | gets | goes")
)
#: Skipped between the price and where it stays ("the close stays inside the bands")
STAY_VERBS = frozenset(_phrases("is | trades | closes | stays | remains | sits"))
#: Why price moving into the Ichimoku cloud with no side said was not read
CLOUD_SIDE_UNSAID = (
    "Price moving into the Ichimoku cloud crosses the edge it comes through: say 'falls into "
    "the cloud' or 'enters the cloud from above' (the close crosses below the cloud's top), or "
    "'rises into the cloud' or 'enters it from below' (above its bottom)."
)
#: Entering an area ("enters the cloud from above", "re-enters the kumo")
ENTER_VERBS = frozenset(
    _phrases("enter | enters | entered | entering | re enters | re enter | reenters | reenter")
)

#: A bar of one day ("1 day bars", "1d", "daily")
DAY_UNITS = frozenset(_phrases("day | d | daily"))
#: A bar's price fields after "weekly"/"monthly" ("the monthly open"): a price, not the bars
OHLC_FIELDS = frozenset(_phrases("open | high | low | close | opening | closing"))
#: One bar after "weekly" ("the weekly candle is green"): a rule about that bar
ONE_BAR_WORDS = frozenset(_phrases("candle | bar | candlestick"))
#: Before "weekly"/"monthly" saying how often ("repeat weekly", "check monthly"), not the bars
FREQUENCY_VERBS = frozenset(
    _phrases("repeat | repeated | check | checked | review | reviewed | rerun | reset | run")
)
#: How often a rule would be checked, after a frequency verb or "rebalance" ("rebalance
#: monthly", "check weekly"): one symbol's rule checked only then, not built (reported)
CHECK_PERIOD_VERBS = FREQUENCY_VERBS | frozenset(_phrases("rebalance | rebalanced | rebalancing"))
CHECK_PERIODS = frozenset(
    _phrases(
        "monthly | weekly | quarterly | yearly | annually | every month | every week | "
        "every quarter | each month | each week | once a month | once a week"
    )
)
#: After "weekly"/"monthly"/"daily", the idea a writer has in mind ("a weekly pattern", "the
#: monthly effect"), not the bars to test on
IDEA_NOUNS = frozenset(
    _phrases("pattern | patterns | effect | seasonality | cycle | cycles | tendency | anomaly")
)
#: Shorthand for "weekly", "hourly" ... said before a chart or bars ("QQQ wk chart:", "hrly
#: bars"): only there, since "10wk" is ten weeks
SHORT_INTERVAL_WORDS = {"wk": "1wk", "wkly": "1wk", "hrly": "1h", "mthly": "1mo", "mo": "1mo"}
#: A bar of one week ("1 week bars", "1wk", "weekly")
WEEK_UNITS = frozenset(_phrases("week | wk | weekly"))
#: A stop in one word ("stop", "SL", "stop-loss")
STOP_TOKENS = frozenset(_phrases("stop | stops | sl | stop-loss"))
#: After "N ATR" at the end of a list of numbers: a stop or target, not a setting ("crosses
#: above 70, 2 ATR stop")
ATR_EXIT_WORDS = STOP_TOKENS | frozenset(_phrases("trailing | target | tp | take | trail"))
#: A fraction of the cash in words ("half my cash", "a quarter of the account", "a fifth of my
#: money"), in percent
CASH_FRACTIONS = {
    "half": 50.0,
    "all": 100.0,
    "quarter": 25.0,
    "third": 100 / 3,
    "fifth": 20.0,
    "tenth": 10.0,
}
#: Parts of the cash counted by a number before them ("two thirds", "3 quarters"), in percent
CASH_PARTS = {"thirds": 100 / 3, "quarters": 25.0, "fifths": 20.0, "tenths": 10.0}
#: The last of a period ("the last trading day of the month", "the final day")
LAST_WORDS = frozenset(_phrases("last | final | penultimate"))
#: The last of its kind in a month ("the last Friday of the month")
LAST_OF_A_KIND = frozenset(_phrases("last | final"))
#: After a number of shares ("100 shares", "10 units")
SHARE_NOUNS = frozenset(_phrases("shares | share | units"))
#: An exit verb a few words before a delay ("exit at the close 2 days later")
EXIT_VERB_WORDS = CLOSING_SIDES | {"close"}
#: After a period, the start of an average ("20 day moving average", "50 avg")
AVERAGE_STARTS = frozenset(_phrases("average | avg | mean | moving"))
#: After a number that is a percent or a multiple, not a period ("2%", "1.5x")
RATIO_UNITS = PERCENT_WORDS | TIMES_WORDS
#: After the name of an Ichimoku line ("senkou span", "kijun sen")
ICHIMOKU_LINE_TAILS = frozenset(_phrases("span | sen | line"))

#: Before a range of months ("between May and October", "only in winter")
MONTH_RANGE_INTROS = frozenset(_phrases("between | during | from | in | only"))
#: The edge of a month in a range: 1 for its end, 0 for its start ("from the end of October")
MONTH_EDGES = {
    **dict.fromkeys(_phrases("end of | the end of | late | the last days of"), 1),
    **dict.fromkeys(
        _phrases("start of | the start of | beginning of | the beginning of | early"), 0
    ),
}
#: Between the first and last month of a range ("May through October"): not "and" ("May and
#: October" are two months)
MONTH_RANGE_JOINERS = RANGE_JOINERS - {"and"}
#: A calendar week or month as a bar of its own ("the week was down 2%"): its timeframe
PERIOD_BARS = {
    **dict.fromkeys(_phrases("week | weeks | weekly"), "W"),
    **dict.fromkeys(_phrases("month | months | monthly"), "M"),
}
#: The signal bar said as a day ("the day was down 1%", "today closed up 2%")
THIS_DAY_WORDS = frozenset(_phrases("day | today | session | day's close"))
#: Before the period ("last week", "the prior month") and between it and its move
PERIOD_LEADS = frozenset(_phrases("the | a | last | previous | prior | past | this | that"))
PERIOD_VERBS = frozenset(
    _phrases("was | is | has been | closed | closes | ended | ends | finished | finishes | went")
)
#: The direction of a period's move ("the week was down 2%"): its change at most or at least
PERIOD_MOVES = {
    **dict.fromkeys(_phrases("down | lower | negative | red | bearish | losing"), "<="),
    **dict.fromkeys(_phrases("up | higher | positive | green | bullish | winning"), ">="),
    # a verb of the move ("if it fell that week"), said with the period after it
    **dict.fromkeys(_phrases("fell | dropped | declined | lost | falls | drops"), "<="),
    **dict.fromkeys(_phrases("rose | gained | rallied | rises | gains"), ">="),
}
#: Said of a period, its colour: read as its change ("last week was red": the week's close below
#: the week before's), stated
PERIOD_COLOURS = frozenset(_phrases("red | green | bearish | bullish"))
#: After the move, the period it was over ("the stock was down 2% for the week")
PERIOD_TAILS = frozenset(
    _phrases("for | on | over | in | during | the | last | this | past | that | of")
)
#: After a multiple, the size word ("volume twice as high as its average", "3x as large as")
SIZE_ADJECTIVES = frozenset(_phrases("high | large | big"))
#: After an indicator's state ("the Supertrend turns bullish trend", "in buy mode")
STATE_TAILS = frozenset(_phrases("trend | mode | signal | color | colour"))
#: After a side said bare ("the supertrend buy signal", "SAR sell signal"): the flip, an event
EVENT_TAILS = frozenset(_phrases("signal | signals"))

#: Skipped before a look-back word ("the last 20 days", "a past week")
LOOKBACK_ARTICLES = frozenset(_phrases("the | a"))

# -- N-bar extremes: the bar after one, trading one, distance from one (_extreme_phrases) --------
#: The bar of "the first down day"
BAR_NOUNS = frozenset(_phrases("day | days | close | closes | bar | bars | candle | session"))
#: Between the bar and the extreme ("the first down day after / following a new high")
AFTER_WORDS = frozenset(_phrases("after | following | since | off"))
#: Before an extreme a trade is made at ("buy the 10-day low", "short the 20-day high")
TRADE_AT_VERBS = frozenset(_phrases("buy | short | sell | cover | go long | go short"))
#: Between an amount and an extreme: a fall from a high ("a 5% drop from the 20-day high")
DROP_WORDS = frozenset(
    _phrases("drop | decline | pullback | pull back | fall | retracement | correction | dip")
    + _phrases("drops | declines | pulls back | falls | retraces | dips | is down | sells off")
    + _phrases("down | lower")
)
#: ... and a rise from a low ("a 10% bounce off the 20-day low")
RISE_WORDS = frozenset(
    _phrases("rise | rally | bounce | gain | rebound | advance | rises | rallies | bounces")
    + _phrases("gains | rebounds | is up | up | higher")
)
#: Between a drop and its extreme ("from the high", "off its 52-week high")
FROM_WORDS = frozenset(_phrases("from | off | below | under | above | of"))
#: Between "its" and a high or low with no length ("10% from its recent high")
RECENT_WORDS = frozenset(_phrases("recent | latest | last | previous | prior"))
NEAR_VERBS = frozenset(
    _phrases(
        "is | closes | trades | is trading | sits | comes | gets | moves | stays | was | "
        "pulls back to | pulls back | comes back to | comes back | drops to | falls to | dips to | "
        "rallies to | rises to | returns to | gets back to | trades back"
    )
)
#: Before an indicator named in brackets ("volatility (ATR) drops under 1.5% of the close")
VOLATILITY_WORDS = frozenset(_phrases("volatility | vol | range"))
#: The subject of a vague volatility state ("the ATR is low", "volatility is high")
VOLATILITY_NAMES = frozenset(_phrases("atr | volatility | vola"))
#: Between an indicator and an extreme of its own ("RSI hits a new 50-day low", "is at its
#: lowest level in 6 months", "falls to its lowest in 120 days": one word at a time)
OWN_EXTREME_LEADS = frozenset(
    _phrases("is | at | hits | makes | reaches | sets | prints | touches | drops | falls")
    + _phrases("dips | sinks | rises | climbs | fell | dropped | rose | climbed")
    + _phrases("the | a | an | its | new | fresh | to | has | hit | made | reached")
    # a close said with its verb ("it closes at its lowest point in twenty days")
    + _phrases("closes | closed | finishes | finished | ends | ended | settles | trades")
)
#: After "lowest"/"highest" ("its lowest level in 126 days", "lowest reading of the year")
OWN_EXTREME_NOUNS = frozenset(_phrases("level | reading | value | point | print | close"))
#: After a span that is the subject of a rule ("the prior week closed green", "the last 3 days
#: were down"): not the test period.
SPAN_SUBJECT_VERBS = frozenset(
    _phrases(
        "closed | closes | close | was | were | is | are | ended | ends | finished | rose | "
        "fell | gained | lost | dropped | declined | went | made | had | has | did"
    )
)
#: After a date that is the subject of a rule about prices ("Friday was a down day")
DATE_SUBJECT_VERBS = frozenset(
    _phrases(
        "was | were | are | closed | closes | ended | ends | finished | rose | fell | gained | "
        "dropped | declined | slipped | rallied | climbed"
    )
)
#: The day before the one an order fills on, said as the subject of a rule ("yesterday closed
#: down 2%", "the prior day was red", "if the previous session was an up day")
PRIOR_DAY_SUBJECTS = dict.fromkeys(
    _phrases("yesterday | yday | yesterday's close | yesterday's candle | yesterday's bar"), True
)
PRIOR_DAY_LEADS = frozenset(_phrases("previous | prior | last | preceding"))
PRIOR_DAY_NOUNS = dict.fromkeys(
    _phrases("day | session | trading day | trading session | bar | candle | daily bar"), True
)
#: How the prior day (week, month) went: "down"/"up" against the close before it, "red"/"green"
#: the candle's colour (its close against its own open)
PRIOR_DAY_MOVES = {
    **dict.fromkeys(_phrases("down | lower | negative | a loser | losing"), "down"),
    **dict.fromkeys(_phrases("up | higher | positive | a winner | winning"), "up"),
    **dict.fromkeys(_phrases("red"), "red"),
    **dict.fromkeys(_phrases("green"), "green"),
}
#: A move said by its verb alone, of a day named after it ("if it fell on Friday")
PRIOR_DAY_MOVE_VERBS = {
    **dict.fromkeys(_phrases("fell | dropped | declined | slipped"), "down"),
    **dict.fromkeys(_phrases("rose | gained | rallied | climbed"), "up"),
}
#: Between the move and its size ("down by more than 2%", "up at least 1%")
PRIOR_DAY_BOUNDS = frozenset(_phrases("by | more | than | at | least | over | of"))
#: Before a move, its article ("was a down day", "an up week")
MOVE_ARTICLES = frozenset(_phrases("a | an"))
#: Before a span ("in the last 6 months", "over the past 126 days")
LOOKBACK_WORDS = frozenset(_phrases("last | past | previous | prior | preceding"))
#: Indicators whose own extremes are read elsewhere (OBV: "OBV makes a new 20-day high")
OWN_EXTREME_EXCLUDED = frozenset(_phrases("obv | highest | lowest | bare | ma | sma | ema"))
#: "the first pullback after a new high": a close below the one before
PULLBACK_NOUNS = frozenset(_phrases("pullback | dip | retreat | retracement"))
FIRST_AFTER_PROBLEM = (
    "'the first down day after ...' counts bars from an event, which Botlab reads only after a "
    "new N-day high or low ('buy the first down day after a new 52-week high'). Name the "
    "condition to trade on, for example 'buy when RSI(14) crosses below 70'."
)
#: Before the first event of a sequence said first ("after RSI drops below 20, buy when ...")
AFTER_SEQUENCE_WORDS = FOLLOWING_WORDS | {"once"}
#: Before the first event of a sequence said as a wait ("wait for RSI to drop below 30, then
#: buy when it crosses back above 30"); its verb may be an infinitive ("to drop")
WAIT_FOR = frozenset(
    _phrases(
        "wait for | wait until | wait till | waiting for | first wait for | we wait for | "
        "i wait for | let's wait for | wait for the moment | wait til"
    )
)
WAIT_PROBLEM = (
    "'wait for A, then B' is a sequence of events, and a rule is checked on each bar by itself: "
    "Botlab reads it when B crosses back over the line A crossed ('wait for RSI to drop below "
    "30, then buy when it crosses back above 30') or when A and B are two levels of one "
    "indicator ('wait for RSI to drop below 20, then buy when it rises above 30'). Name the one "
    "event to trade on, for example 'buy when the close crosses above the 50-day SMA'."
)
#: Bars a setup said before its trigger may be seen on when no window is said ("ADX above 30
#: and a pullback to the 20 EMA, then buy a break of the bar before's high"), stated
SETUP_BARS = 5
#: After a window's preposition, before its length ("within the next 4 bars", "in the last 3
#: candles", "over the past 5 days")
SETUP_WINDOW_FILLERS = ARTICLES | frozenset(
    _phrases("next | following | last | past | previous | prior | few | couple | of")
)
#: Before a window a state was seen in ("RSI under 30 in the last 3 candles"); "over the last 5
#: years" is a test period, and so is any window longer than SETUP_WINDOW_MAX_BARS
SETUP_STATE_PREPS = MOVE_WINDOW_PREPS - {"over"}
SETUP_WINDOW_MAX_BARS = 60
#: A stop at the extreme of a setup's bars ("stop below the pullback low"): the lowest low
#: (a long) or highest high (a short) of the setup's window before the signal bar
SETUP_EXTREMES: dict[str, str] = {
    phrase: extreme
    for extreme in ("low", "high")
    for phrase in _phrases(
        f"the pullback {extreme} | the pullback's {extreme} | the {extreme} of the pullback | "
        f"the setup {extreme} | the setup's {extreme} | the {extreme} of the setup | "
        f"the pullback {extreme}s | the {extreme}s of the pullback | pullback {extreme}"
    )
}
SETUP_EXTREME_PROBLEM = (
    "A stop at the pullback's (the setup's) low or high needs the bars of the setup: Botlab "
    "reads it after a setup it read ('ADX above 30 and a pullback to the 20 EMA, then buy on a "
    "break of the prior high'). Otherwise name its bars, for example 'stop under the lowest low "
    "of the last 5 bars'."
)
#: Before a setup said first ("First the 9 EMA crosses above the 21 EMA, then ...")
SETUP_LEADS = tuple(_phrases("first of all | first off | first | firstly | step 1 | step one"))
#: A stop at the setup bar's low when the setup is one of several bars before the signal bar
SETUP_BAR_STOP_PROBLEM = (
    "A stop at the setup bar's low or high: the setup may be any of several bars before the "
    "signal bar, so Botlab does not pick one. Say 'stop below the pullback low' (the lowest low "
    "of the setup's bars) or 'stop below the signal bar's low'."
)
SETUP_CHAIN_PROBLEM = (
    "Three events in a row ('once A, wait for B, then buy when C') need two windows: Botlab "
    "reads a setup, then a trigger ('B, then buy when C'). Say A as a state of the setup's bars "
    "('the 10 EMA is above the 30 EMA and price dips to the 10 EMA, then buy when ...')."
)
#: A window of bars before the signal bar ("in the last 3 candles"), not after it
SETUP_WINDOW_BACK = LOOKBACK_WORDS - {"preceding"}
#: Before a state's window said after it ("RSI was below 30 sometime in the last 5 bars")
SETUP_SOMETIME = frozenset(
    _phrases("sometime | some time | at some point | at least once | once | anytime | any time")
)
#: Before a trigger that is the first after its setup ("buy the first pullback to the 20 EMA")
FIRST_AFTER_SETUP = tuple(_phrases("the first time | the first | first time | first"))
#: Between a setup and its trigger, the words that say the trigger comes later
SETUP_THEN_WORDS = SEQUENCE_WORDS | frozenset(_phrases("after that | afterwards"))
#: Before an amount that bounds a distance from a line ("less than 3% from the 52-week high")
WITHIN_WORDS = ("within", "less than", "no more than", "not more than", "at most")
#: Before a distance on one side of a line that is its most ("no more than 2% above the 100-day
#: SMA": the close at or below the line moved up 2%); "less than" is strict
AT_MOST_DISTANCE = WITHIN_WORDS[1:]
#: "near the 52-week low" with no distance: within NEAR_DEFAULT_PCT of the line, stated
NEAR_WORDS = frozenset(_phrases("near | near to | close to | nearing | approaching | right at"))
NEAR_DEFAULT_PCT = 5.0
#: One of these is written within a few words of every N-bar-extreme phrase's start
EXTREME_CUES = frozenset(
    _phrases("high | low | highs | lows | lowest | highest | first | within | max | min")
    + _phrases("ath | atl | aths | atls")
    + _phrases("last | past | previous | prior")
    + _phrases("sma | ema | average | ma | avg | moving | mean")
    + _phrases("top | peak | bottom")  # "down 10% from the top": the recent high
    + _phrases("opposite | other")  # "exit on the opposite 20-bar channel"
)
#: After an indicator, a level passed earlier ("RSI was below 30 in the last 5 days")
PAST_VERBS = frozenset(_phrases("was | went | dropped | fell | rose | got | dipped | has"))
#: Words of a strategy's name, known so the speller leaves them ("ETH 15m scalp: ..." is not
#: "scale"); a title is set aside whole, so they need no meaning of their own.
STYLE_NAME_WORDS = frozenset(
    _phrases(
        "scalp | scalping | scalper | swing | swings | setup | playbook | system | regime | "
        "flag | pennant | wedge | handle"
    )
)
#: How many times an event happened, before the window it happened in ("dips under 30 twice
#: within 10 bars"): the window is not a holding time.
EVENT_COUNTS = frozenset(_phrases("twice | thrice | times | again | more"))
#: How a question about the past opens ("What was the return of SPY last year?")
PAST_QUESTIONS = frozenset(
    _phrases(
        "what was | what were | what did | what has | what have | how did | how was | how were | "
        "how has | how have | how much did | how much has | did | was | were"
    )
)
#: The writer correcting what was just said ("... I mean close above the 3-bar high").
SELF_CORRECTIONS = frozenset(
    _phrases(
        "i mean | i meant | sorry i mean | sorry i meant | sorry, i mean | sorry, i meant | "
        "or rather | scratch that | correction | no wait"
    )
)
#: A sentence opening that says the rule before it again, exactly ("Buy when OBV trends up.
#: Concretely: OBV above its 30-day SMA"): its conditions are that rule's, the vague ones set aside
RESTATEMENTS = frozenset(
    _phrases("concretely | specifically | in other words | precisely | that is | i . e | ie")
)
#: How a writer opens a sentence that explains or illustrates the rules said beside it ("Why RSI
#: 2? ...", "Say it closes at $50 ...", "The reason I use the 200-day is ...", "Same rule in other
#: words: ..."): with rules said elsewhere, set aside to the sentence's end and echoed, its
#: numbers never read as rules (a year in it is no test period, a price no level). A restating
#: opening (``RESTATEMENTS``: "Specifically, enter when ...") may say the concrete rule: not here
EXPLAINING_OPENINGS = frozenset(
    _phrases(
        "why | say | suppose | imagine | for example | for instance | e . g . | e . g | eg | "
        "same rule in other words | the reason | the logic | the idea is | the point is"
    )
)
#: Of those, the ones that may also open after a comma ("..., for example it bounced 40%")
EXPLAINING_AFTER_COMMA = frozenset(_phrases("for example | for instance | e . g . | e . g | eg"))
#: The writer saying a number again ("the 10 day high... actually make it the 20 day high", "8%,
#: scratch that, make it 10%"): "correction" is left out, a pullback's word ("a 5% correction")
NUMBER_CORRECTIONS = (SELF_CORRECTIONS - {"correction"}) | frozenset(
    _phrases("actually | no actually | no i mean | no i meant | wait no | oops | sorry | no")
)
#: Before a second number said with doubt ("the 20 day, maybe 21", "30 (or 25, not sure)")
ALTERNATIVE_MARKERS = frozenset(
    _phrases("maybe | or maybe | possibly | or possibly | perhaps | or perhaps | or")
)
#: After an alternative, the doubt it is said with ("(or 25, not sure)")
DOUBT_TAILS = frozenset(
    _phrases(
        "not sure | i'm not sure | im not sure | i am not sure | not certain | idk | i think | "
        "haven't decided | havent decided | ?"
    )
)
#: Before a number said approximately, echoed as read exactly ("about 2%", "roughly 30")
APPROXIMATE_NUMBERS = frozenset(
    _phrases("about | around | roughly | approximately | approx | ~ | circa")
)
#: Between a correction's marker and its first number ("actually make it the 20 day")
CORRECTION_LEADS = frozenset(
    _phrases(
        "make it | make that | use | change it to | change that to | go with | the | a | an | "
        "to | it's | its | it should be | should be | no"
    )
)
#: Where a correction's new numbers end ("no wait, the 100 day, and exit when ...")
CORRECTION_ENDS = frozenset(
    _phrases(", | . | ; | ? | ! | : | ... | and | but | because | when | if | so | since | then")
)
#: Labels of a rule's line ("Exit: ...", "Stop: 2%"): run together on one line, each one starts
#: a new sentence ("Entry: EMA 20 > EMA 50 Exit: EMA 20 < EMA 50").
RULE_LABELS = frozenset(
    _phrases(
        "entry | entries | exit | exits | stop | stop loss | sl | target | targets | tp | "
        "take profit | profit target | trailing stop | trail | long | short | cover | filter | "
        "trigger | long entry | short entry | long exit | short exit | entry condition | "
        "exit condition | long condition | short condition | buy | sell | risk | size | "
        "time stop | time exit | max hold | hold | stop and reverse"
    )
)
#: A form's labels, of a rule's line and of a field ("Stop: 2%", "Symbol: BA")
FORM_LABELS = RULE_LABELS | FIELD_LABELS
#: A bar's close against the one before, said in a word ("the close is up", "an up day").
UP_OR_DOWN = {"up": ">", "down": "<"}
#: The same, said as a comparative before the bar's noun ("sell on a lower close", "after a
#: higher close"; with no article only right after a when-word: "when lower close", not "a
#: fourth higher close")
UP_OR_DOWN_BEFORE_A_BAR = {**UP_OR_DOWN, "higher": ">", "lower": "<"}
#: After "an up" / "a down": one bar ("an up day", "a down close").
ONE_BAR_NOUNS = frozenset(_phrases("day | close | bar | session | candle | week"))
#: The close, then a verb, before "up"/"down" ("the close is up", "it closed down"; not "it is
#: up", which may be the trade's profit).
CLOSE_SUBJECTS = frozenset(
    [
        f"{subject} {verb}"
        for subject in _phrases("close | the close | today's close | the day's close")
        for verb in _phrases("is | was")
    ]
    + [
        f"{subject} {verb}"
        for subject in _phrases("it | price | the price | the stock | today | the day | the bar")
        for verb in _phrases("closes | closed | finishes | finished | ends | ended")
    ]
)
#: A band's breakout: the way out of it ("a Bollinger band breakout", "a lower band breakdown")
BREAKOUT_WORDS = {
    **dict.fromkeys(_phrases("breakout | breakouts | break-out | breakthrough"), "above"),
    **dict.fromkeys(_phrases("breakdown | breakdowns | break-down"), "below"),
}
#: Before a breakout, its side ("an upside breakout of the Keltner channel")
BREAKOUT_LEAD_SIDES = {
    **dict.fromkeys(_phrases("upside | bullish | upper | up"), "above"),
    **dict.fromkeys(_phrases("downside | bearish | lower | down"), "below"),
}
#: The bands a close breaks out of
BREAKOUT_BANDS = frozenset(_phrases("bbands | keltner | band"))
#: A stochastic's two lines named by their speed ("fast stoch crosses above slow stoch")
STOCHASTIC_LINES = {
    **dict.fromkeys(
        _phrases(
            "fast stoch | fast stochastic | fast stoch line | fast stochastic line | fast line | "
            "fast stoch %k | fast one"
        ),
        "k",
    ),
    **dict.fromkeys(
        _phrases(
            "slow stoch | slow stochastic | slow stoch line | slow stochastic line | slow line | "
            "slow one | slow stoch %d"
        ),
        "d",
    ),
}
#: A stop or target said to be absent ("no stop", "no targets"): none is added, echoed.
#: The exit a "no ..." names ("no stop", "scratch the take profit")
NONE_SAID_EXITS = {
    **dict.fromkeys(
        _phrases("stop | stops | stop loss | stop losses | stoploss | sl | hard stop"), "stop"
    ),
    **dict.fromkeys(
        _phrases(
            "target | targets | take profit | take profits | profit target | profit targets | tp"
        ),
        "target",
    ),
    **dict.fromkeys(_phrases("trailing stop | trailing stops | trail"), "trail"),
    **dict.fromkeys(_phrases("other exit | other exits | other exit rule | exit rule"), "exit"),
}
#: "no stop", "without a target": none is wanted; said after one was given ("take profit 8%.
#: Actually scratch the take profit"), the writer takes that one back
NONE_SAID = {
    f"{lead} {what}": exit_
    for lead in _phrases(
        "no | without a | without | with no | and no | but no | scratch the | forget the | "
        "drop the | remove the | ditch the | lose the | get rid of the | skip the"
    )
    for what, exit_ in NONE_SAID_EXITS.items()
    if not (lead == "no" and what == "trail")
} | {  # a form's field said empty ("Stop: none", "Stop loss: n/a", "TP none")
    f"{what} {empty}": exit_
    for what, exit_ in NONE_SAID_EXITS.items()
    if exit_ != "exit"
    for empty in _phrases(": none | : n / a | : na | : no | : nil | = none | - none | : - | none")
}
#: A Supertrend's or SAR's state said right after it, with no verb ("Supertrend bullish").
BARE_STATES = frozenset(_phrases("bullish | bearish | green | red | blue"))
#: A candle or bar of the line named before ("buy on the first green Heikin-Ashi candle, sell on
#: the first red one")
CANDLE_PRONOUNS = frozenset(_phrases("one | candle | bar"))
#: After a coloured candle, the run it follows ("a green candle after 2 red ones")
RUN_AFTER_WORDS = frozenset(_phrases("after | following"))
#: The sign of a line, in a change of sign ("turns from negative to positive")
SIGNS = {
    **dict.fromkeys(_phrases("positive | above zero | above 0 | plus | bullish"), 1),
    **dict.fromkeys(_phrases("negative | below zero | below 0 | minus | bearish"), -1),
}
#: A band's touch said as a noun ("a lower band touch", "a tag of the lower band")
TOUCH_NOUNS = frozenset(_phrases("touch | touches | tag | tags | test | retest"))
#: An arrow from a condition to its action ("oversold -> buy", "mid band = sell")
ACTION_ARROWS = frozenset({"->", "=>", "\u2192", "="})
#: A label before the entry's condition ("Trigger: MACD crosses its signal", "Setup: a hammer")
ENTRY_LABELS = frozenset(
    _phrases("trigger | triggers | setup | setups | signal | signals | pattern | patterns")
)
#: After an indicator named loosely ("the rsi thing is low", "the macd thingy")
VAGUE_NOUNS = frozenset(_phrases("thing | thingy | thingie | thingies | things"))
#: After an indicator whose lines were named, nothing more said ("on the macd thing")
OWNER_TAIL_WORDS = VAGUE_NOUNS | frozenset(_phrases("indicator | one | lines | line"))
#: After a price field, the bar it is of when that is the one before ("the low of the previous
#: day", "the high of yesterday")
OF_THE_BAR_BEFORE = frozenset(
    f"of {the}{when}"
    for the in ("", "the ")
    for when in _phrases(
        "previous day | prior day | day before | previous bar | prior bar | bar before | "
        "previous session | prior session | previous candle | prior candle | last bar | "
        "last candle | preceding day | preceding bar"
    )
) | frozenset(_phrases("of yesterday | from yesterday's bar | of yesterday's bar"))
#: Between a crossing of lines named by role and their lengths ("..., like 10 and 50 days")
ROLE_LENGTH_LEADS = frozenset(
    _phrases(", | like | say | e.g. | eg | maybe | using | with | of | ( | i.e. | ie | so")
)
#: A person after a span of time, which makes it a story ("last year i lost a lot on amzn")
STORY_SUBJECTS = frozenset(_phrases("i | i've | ive | we | my | our | he | she | they | you"))
#: Verbs of a run of down (up) closes said with its length ("fell for 3 days", "has risen two
#: days")
RUN_DOWN_VERBS = frozenset(
    _phrases("falls | fell | fallen | drops | dropped | declines | declined | sinks | sank")
)
RUN_UP_VERBS = frozenset(
    _phrases("rises | rose | risen | climbs | climbed | gains | gained | rallied | rallies")
)
#: An oscillator's zones said in plain words ("the rsi thing is low", "when it's really high")
PLAIN_ZONES = {"low": "oversold", "high": "overbought"}
PLAIN_ZONE_LEADS = frozenset(
    _phrases("very | really | super | too | pretty | quite | real | so | kinda | kind of")
)
#: Before "up from under 30" / "down from over 70": a move back over a level
TURN_BACK_VERBS = frozenset(
    _phrases("goes | going | comes | coming | turns | turning | moves | moving | ticks | gets")
)
#: A window of one unit said without a number ("of the past week", "over the last month"); a
#: year is left out: "over the last year" is the test period
ONE_SPAN_UNITS = frozenset(_phrases("week | month"))
#: The price a week (month) before, said as what it is compared with ("lower than last week",
#: "higher than last month's close"): the close that many daily bars earlier
EARLIER_SPAN_CLOSES = {
    **dict.fromkeys(
        _phrases(
            "last week | last week's | last weeks | last week's close | last weeks close | "
            "the week before | the previous week | the prior week | the previous week's close"
        ),
        PERIOD_UNITS["week"],
    ),
    **dict.fromkeys(
        _phrases(
            "last month | last month's | last months | last month's close | "
            "last months close | the month before | the previous month | the prior month"
        ),
        PERIOD_UNITS["month"],
    ),
}
#: Before such a price ("than last week", "compared to last month")
SPAN_COMPARED_LEADS = frozenset(_phrases("than | to | with | vs | versus | above | below | under"))

#: Before the bars a condition is counted on ("3 of the last 4 days", "in 2 of the past 5
#: sessions"): the window ends with this bar
COUNT_WINDOWS = LOOKBACK_WORDS | {"latest"}
#: Between the bars a condition must hold on and the window ("3 of", "3 out of")
COUNT_OF = ("out of", "of")
#: Before a count said after its condition ("closed higher in 3 of the past 5 sessions")
COUNT_LEADS = ("in", "on", "during", "over", "for", "within")
#: A length a state is said to hold for, counted in bars by the unit table ("for a week")
HELD_LENGTH_UNITS = frozenset(_phrases("week | weeks | month | months"))
#: Between the price and the way of the bars counted ("it closed lower 4 of the last 5 days")
COUNT_WAY_VERBS = frozenset(
    _phrases(
        "closed | closes | close | closing | was | is | has | had | been | finished | ended | saw"
    )
)
#: Between a count of bars and the condition they had ("2 of the last 3 days had volume ...")
COUNT_TAILS = frozenset(_phrases("had | have | saw | showed | with"))
#: An event said to happen several times ("crosses above twice within 5 days")
TIMES_SAID = {"twice": 2, "thrice": 3}
#: Before the bars an event's times are counted in ("twice within 5 days", "2 times in 10 bars")
TIMES_WITHIN = ("within", "in the space of", "inside of", "inside", "in", "over")
#: Before the bars of a condition held on each of them ("every day for the last 5 days")
EVERY_BAR = ("every day", "each day", "every session", "every bar", "each bar", "every close")
NTH_TIME_PROBLEM = (
    "'The second time' needs the bars it is counted in: for example 'the second time the close "
    "crosses above the 20-day SMA within 10 days'."
)
COUNT_PROBLEM = (
    "A count of bars ('3 of the last 5 days') needs its condition said next to it: for example "
    "'the close is above the 20-day SMA on 3 of the last 5 days'."
)
