"""Words: the first stage of reading; typos of vocabulary words, corrected against the vocabulary.

:func:`words` is the token stream of a description, corrected, that ``_match`` scans. The
vocabulary is every word of ``_vocabulary`` and the indicator table, and the phrases the
recognisers compare against.

A word Botlab does not know ("bellow") is read as the closest word it does know ("below") when
the two are one edit apart (two for words of eight letters or more; swapping two neighbouring
letters is one edit), start with the same letter, and no other vocabulary word is as close.
Tickers (words in capitals), names (a capitalised word inside a sentence, unless it becomes an
indicator named after a person: "Bolinger"), numbers and words of fewer than four letters are
never corrected, and neither is a common English word (``vocab.PLAIN_WORDS``: "it shot up"
is no short) nor a word into a filler word ("Nike" is never "like"). Every correction that
ends up in a rule is echoed ("read 'bellow' as 'below'").
"""

from __future__ import annotations

import re
from types import FunctionType, ModuleType

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from engine.generation import _indicator_table, _operands, _parse, _parse_rules, _trader_phrases
from engine.generation import _vocabulary as vocab
from engine.generation._tokens import Stream

_WORD = re.compile(r"^[a-z][a-z' &%/-]*[a-z%]$|^[a-z]$")
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", ":", "\n"})
#: Indicators named after people, written capitalised mid-sentence ("the upper Bolinger band"):
#: corrected like any other word, while other capitalised words stay names.
_PROPER_NAMES = frozenset(
    {"bollinger", "keltner", "ichimoku", "donchian", "williams", "stochastic", "parabolic"}
)


def vocabulary_words(
    *modules: ModuleType, voice: bool = True, names: bool = True
) -> frozenset[str]:
    """Every word of the phrase tables of ``modules`` (dicts, sets, sequences and table entries)
    and of the phrases their recognisers compare against (string constants of four words or
    fewer, docstrings excluded); without the tables of the writer's ``voice`` (those made only
    of ``VOICE_WORDS``: filler, chat, requests, framing) when it is False, and without the
    instruments' ``names`` (``vocab.SYMBOL_NAMES``) when that is False."""
    words: set[str] = set()
    for module in modules:
        for name, value in vars(module).items():
            if name.startswith("__") or value is vocab.PLAIN_WORDS:
                continue  # plain English, known only as never a typo
            if not names and value is vocab.SYMBOL_NAMES:
                continue
            if not (voice or _says_rules(value)):
                continue
            for text in _strings(value):
                words.update(text.split())
    return frozenset(w for w in words if w.isalpha())


def _says_rules(value: object) -> bool:
    """Whether a module-level ``value`` is more than a table of the writer's voice."""
    voice = (vocab.VOICE_WORDS, vocab._VOICE_TABLE, vocab.VOICE_PHRASES, *vocab.VOICE_PHRASES)
    if any(value is table for table in voice):
        return False
    if isinstance(value, dict | set | frozenset) and value:
        return not all(isinstance(k, str) and k in vocab.VOICE_WORDS for k in value)
    return True


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if _WORD.match(value) and len(value.split()) <= 4 else []
    if isinstance(value, dict):
        return [t for key in value for t in _strings(key)]
    if isinstance(value, list | tuple | set | frozenset):
        return [t for item in value for t in _strings(item)]
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return [t for field in vars(value).values() for t in _strings(field)]  # a table entry
    if isinstance(value, FunctionType):
        consts = value.__code__.co_consts
        doc = value.__doc__
        return [t for c in consts if c is not doc for t in _strings(c)]
    return []


def correct(s: Stream, known: frozenset[str], targets: tuple[str, ...]) -> None:
    """Replace the lowercase form of misspelt words of ``s`` in place; the original words are
    kept in ``s.corrections`` (token index -> original text)."""
    for i, tok in enumerate(s.tokens):
        meant = vocab.CONFUSED_WORDS.get(tok.low)
        if meant is not None and i > 0 and s.tokens[i - 1].low in meant[0]:
            s.corrections[i] = tok.text  # "less then 30", "stop lose 5%": a real word, misused
            tok.low = meant[1]
            continue
        shorthand = _shorthand(s, i) or _side_letter(s, i)
        if shorthand is not None:
            s.corrections[i] = tok.text  # "b $spy when px gt 200sma", echoed like a typo
            tok.low = shorthand
            continue
        if tok.kind != "word" or tok.low in known or tok.low in vocab.PLAIN_WORDS:
            continue
        if not _correctable(s, i, names=True):
            continue
        best = _closest(tok.low, targets)
        if best is not None and (_correctable(s, i) or best in _PROPER_NAMES):
            s.corrections[i] = tok.text
            tok.low = best


def _shorthand(s: Stream, i: int) -> str | None:
    """The word chat shorthand at ``i`` stands for (``vocab.CHAT_SHORTHAND``), or None: a
    one-letter action only in lower case, never after a number ("double 7 s") nor beside
    ``vocab.NOT_SHORTHAND_BESIDE`` ("s&p", "b/e", "percent b") or a percent sign of no number
    ("% b"; "> 1% s at close" is a sell)."""
    tok = s.tokens[i]
    meant = vocab.CHAT_SHORTHAND.get(tok.low) if tok.kind == "word" else None
    if meant is None or tok.joined or (i > 0 and s.tokens[i - 1].end == tok.start):
        return None
    if tok.low in vocab.CHAT_SHORTHAND_LOWER_ONLY:
        beside = {s.low(i - 1), s.low(i + 1)} & vocab.NOT_SHORTHAND_BESIDE
        beside |= {"%"} if s.low(i - 1) == "%" and s.kind(i - 2) != "num" else set()  # "% b"
        plural = s.kind(i - 1) == "num" and s.low(i - 2) not in vocab.SHORTHAND_LEVEL_LEADS
        named = any(
            (hit := s.longest(k, vocab.KEYWORDS)) is not None and hit[0] > i
            for k in range(max(0, i - 3), i)
        )  # the letter ending an indicator's name ("senkou span b")
        if not tok.text.islower() or beside or plural or named:
            return None
    return meant


def _side_letter(s: Stream, i: int) -> str | None:
    """The side a capital "L" or "S" at ``i`` names (``vocab.SIDE_LETTERS``) when both letters
    open a clause before a when-word ("L on 9/21 cross, S on 9/21 cross down"), else None."""
    if s.tokens[i].text not in vocab.SIDE_LETTERS:
        return None
    opening = [k for k in range(s.n) if _opens_side_clause(s, k)]
    said = {s.tokens[k].text for k in opening}
    return (
        vocab.SIDE_LETTERS[s.tokens[i].text]
        if i in opening and said >= set(vocab.SIDE_LETTERS)
        else None
    )


def _opens_side_clause(s: Stream, k: int) -> bool:
    """Token ``k`` is a side letter opening a clause, before a when-word ("L on", "S when")."""
    opens = k == 0 or s.kind(k - 1) in ("punct", "nl")
    return opens and s.tokens[k].text in vocab.SIDE_LETTERS and s.low(k + 1) in vocab.WHEN_WORDS


def _ends_a_name(s: Stream, i: int) -> bool:
    """Whether token ``i`` ends an indicator's name ("stochastic k") or follows one right away
    ("stoch k": its line's letter, read there)."""
    return any(
        (hit := s.longest(k, vocab.KEYWORDS)) is not None and hit[0] in (i, i + 1)
        for k in range(max(0, i - 3), i)
    )


def _correctable(s: Stream, i: int, names: bool = False) -> bool:
    """A word that may be corrected (never a cashtag's, "$coin"); ``names``: a capitalised word
    inside a sentence too (then only into one of the indicators named after people)."""
    text = s.tokens[i].text
    if len(text) < 4 or not text.isalpha() or text.isupper():
        return False
    if i > 0 and s.tokens[i - 1].low == "$" and s.tokens[i - 1].end == s.tokens[i].start:
        return False  # "$coin": a cashtag names a ticker, never a misspelt word
    sentence_start = i == 0 or s.tokens[i - 1].low in _SENTENCE_ENDS
    return names or not (text[0].isupper() and not sentence_start)


def _closest(word: str, targets: tuple[str, ...]) -> str | None:
    limit = 1 if len(word) < 8 else 2
    found = process.extract(word, targets, scorer=OSA.distance, score_cutoff=limit, limit=5)
    near = [t for t, dist, _ in found if t[0] == word[0] and abs(len(t) - len(word)) <= limit]
    if not near:
        return None
    best = min(OSA.distance(word, t) for t in near)
    near = [t for t in near if OSA.distance(word, t) == best]
    near.sort(key=lambda t: fuzz.ratio(word, t), reverse=True)
    if len(near) > 1 and fuzz.ratio(word, near[0]) == fuzz.ratio(word, near[1]):
        return None  # two words are as close: never guess
    return near[0]


def words(text: str) -> Stream:
    """The words of ``text``, typos of vocabulary words corrected: the first stage of reading."""
    s = Stream(text)
    correct(s, _VOCABULARY, _SPELLING_TARGETS)
    _levels_said_last(s)
    _stochastic_line_letters(s)
    return s


def _stochastic_line_letters(s: Stream) -> None:
    """Read a lone "k" or "d" as the stochastic's %K or %D line when the text names a
    stochastic ("stochastics k crosses above d", "sell when k above 80"), echoed as a
    correction. Never a letter written against another token ("10k", "d1"), after a number
    ("5 d": days) or ending a name already ("stoch k")."""
    named = any(
        (hit := s.longest(k, vocab.KEYWORDS)) is not None and hit[1][0] == "stoch"  # type: ignore[index]
        for k in range(s.n)
    )
    if not named:
        return
    for i, tok in enumerate(s.tokens):
        line = vocab.STOCHASTIC_LINE_LETTERS.get(tok.low) if tok.kind == "word" else None
        if line is None or tok.joined or s.kind(i - 1) == "num" or _ends_a_name(s, i):
            continue
        glued = (i > 0 and s.tokens[i - 1].end == tok.start) or (
            i + 1 < s.n and s.tokens[i + 1].start == tok.end
        )
        if not glued:
            s.corrections[i] = tok.text
            tok.low = line


def _levels_said_last(s: Stream) -> None:
    """Put a level said before its direction after it, in place: "when RSI is 30 below buy" is
    "RSI is below 30", the word order of languages that say the level first. Only a plain number
    (no unit: "2% below" is an offset) whose direction ends the comparison
    (``vocab.LEVEL_LAST_ENDS`` or the end of the text): "rsi 2 below 10" compares RSI(2). The
    original words are kept in ``s.reordered`` (echoed)."""
    for i in range(s.n - 1):
        number, direction = s.tokens[i], s.tokens[i + 1]
        if number.kind != "num" or direction.low not in vocab.LEVEL_LAST_DIRECTIONS:
            continue
        if i + 2 < s.n and s.low(i + 2) not in vocab.LEVEL_LAST_ENDS:
            continue
        if i == 0 or s.kind(i - 1) != "word":
            continue  # "... 14, 30 below": a level needs a line or a verb before it
        s.reordered[i] = s.span_text(i, i + 2)
        number.start, number.end, direction.start, direction.end = (
            direction.start,
            direction.end,
            number.start,
            number.end,
        )
        s.tokens[i], s.tokens[i + 1] = direction, number


def known(word: str) -> bool:
    """Whether ``word`` (lower case) is a word of Botlab's vocabulary, filler included."""
    return word in _VOCABULARY


#: Letters of the shortest instrument's name a typo is read as ("ethereum", not "fiber")
_LONG_NAME = 7
#: Every word the recognisers know; a typo is corrected only into a meaningful one.
_MODULES = (vocab, _operands, _parse_rules, _indicator_table, _trader_phrases, _parse)
_WITHOUT_NAMES = vocabulary_words(*_MODULES, names=False)
_NAME_WORDS = frozenset(
    word for name in _strings(vocab.SYMBOL_NAMES) for word in name.split() if word.isalpha()
)
_VOCABULARY = _WITHOUT_NAMES | _NAME_WORDS
#: Words only the instruments' names bring ("health" of CVS Health, "fiber" for EUR/USD): known,
#: but a typo is read as one only when it is long ("etherium"); a short word one letter from a
#: name ("healthy", "faber") is far more often another word than a misspelt name
_SHORT_NAME_WORDS = frozenset(
    word for word in _NAME_WORDS - _WITHOUT_NAMES if len(word) < _LONG_NAME
)
_SPELLING_TARGETS = tuple(sorted(_VOCABULARY - vocab.FILLER - _SHORT_NAME_WORDS))
#: Every word of the tables that say rules (indicators, price fields, actions, comparisons,
#: units of time, days, months, sessions, sizes, stops ...): computed, so a word added to a rule
#: table is one; the writer's voice (filler, chat, requests, framing) is not
RULE_WORDS = vocabulary_words(*_MODULES, voice=False)
