"""Issue 10: "the project's own corpus of descriptions with expected readings grows to at least
400". The corpus is every case of the three description files (each file's own test reads,
compiles and runs its cases); this pins its size across them."""

from __future__ import annotations

from tests import (
    test_generation_descriptions,
    test_generation_descriptions_indicators,
    test_generation_descriptions_rules,
)

CORPUS = [
    *test_generation_descriptions.CASES,
    *test_generation_descriptions.FORUM_CASES,
    *test_generation_descriptions_rules.CASES,
    *test_generation_descriptions_indicators.CASES,
]


def test_the_corpus_has_at_least_400_descriptions_with_expected_readings():
    texts = [case.values[0] for case in CORPUS]
    assert len(set(texts)) >= 400
