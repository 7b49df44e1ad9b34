"""A sweep's grid: ranges with STOP included, lists, constraints (parsed, never run), sampling."""

from __future__ import annotations

import pytest

from engine.cli import error_words
from engine.sweeps.grid import GridError, build_grid, combination_key, parse_constraint, parse_param


def test_a_range_includes_its_stop_and_whole_numbers_stay_ints():
    assert parse_param("fast=5:20:5").values == (5, 10, 15, 20)
    assert all(type(v) is int for v in parse_param("fast=5:20:5").values)
    assert parse_param("n=5:19:5").values == (5, 10, 15)  # STOP not on a step: not reached


def test_a_decimal_range_has_no_float_drift():
    assert parse_param("stop=0.1:0.3:0.1").values == (0.1, 0.2, 0.3)
    assert parse_param("x=1:2:0.25").values == (1.0, 1.25, 1.5, 1.75, 2.0)


def test_a_descending_range_needs_a_negative_step():
    assert parse_param("n=20:10:-5").values == (20, 15, 10)
    with pytest.raises(GridError, match="never reaches"):
        parse_param("n=20:10:5")


def test_lists_take_numbers_booleans_and_text():
    assert parse_param("n=3,5,8").values == (3, 5, 8)
    assert parse_param("flag=true,false").values == (True, False)
    assert parse_param("ratio=0.5,1.5").values == (0.5, 1.5)
    assert parse_param("kind=ema,sma").values == ("ema", "sma")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fast", "write NAME=START:STOP:STEP"),
        ("fast=", "write NAME=START:STOP:STEP"),
        ("1fast=1,2", "not a valid parameter name"),
        ("fast=5:20", "START:STOP:STEP"),
        ("fast=5:20:0", "step must not be 0"),
        ("fast=a:20:5", "'a' is not a number"),
        ("fast=1,,2", "empty value"),
        ("fast=1,2,1", "repeat"),
        ("fast=0:100000:1", "at most 10,000"),
    ],
)
def test_bad_params_are_refused_naming_the_parameter(text, message):
    with pytest.raises(GridError, match=message) as caught:
        parse_param(text)
    assert text.split("=")[0] in str(caught.value)


def test_the_grid_is_the_product_filtered_by_the_constraints():
    grid = build_grid(["fast=5:20:5", "slow=10:30:10"], ["fast < slow"])
    combos = grid.combinations()
    assert grid.size == 12
    assert {(c["fast"], c["slow"]) for c in combos} == {
        (f, s) for f in (5, 10, 15, 20) for s in (10, 20, 30) if f < s
    }
    assert combos[0] == {"fast": 5, "slow": 10}  # grid order


def test_constraints_support_arithmetic_and_boolean_logic():
    grid = build_grid(
        ["a=1:4:1", "b=1:4:1"],
        ["a * 2 <= b + 2 and not a == b", "b - a < 3 or a / b > 1"],  # noqa: SIM201
    )
    expected = [
        {"a": a, "b": b}
        for a in range(1, 5)
        for b in range(1, 5)
        if a * 2 <= b + 2 and a != b and (b - a < 3 or a / b > 1)
    ]
    assert grid.combinations() == expected


@pytest.mark.parametrize(
    "malicious",
    [
        "__import__('os').system('touch /tmp/pwned')",
        "fast.__class__.__mro__",
        "(lambda: 1)()",
        "[x for x in ().__class__.__bases__]",
        "open('/etc/passwd')",
        "fast < slow if 1 else 0",
        "fast['x']",
        "'abc' < 'abd'",
        "fast ** 1000000",
        "slow := 3",
    ],
)
def test_a_malicious_constraint_is_refused_before_anything_runs(malicious):
    with pytest.raises(GridError) as refused:
        parse_constraint(malicious, ["fast", "slow"])
    assert refused.value.field == "constraints"
    assert error_words(refused.value).startswith("--constraint")


def test_a_constraint_may_only_name_swept_parameters():
    with pytest.raises(GridError, match="'cash' is not a swept parameter"):
        parse_constraint("fast < cash", ["fast", "slow"])


def test_a_constraint_dividing_by_zero_says_where():
    grid = build_grid(["a=0:2:1"], ["1 / a > 0"])
    with pytest.raises(GridError, match="divides by zero at a=0"):
        grid.combinations()


def test_constraints_that_exclude_everything_are_an_error():
    with pytest.raises(GridError, match="no combination"):
        build_grid(["a=1:3:1"], ["a > 5"]).combinations()


def test_a_random_subset_is_reproducible_with_its_seed():
    grid = build_grid(["a=1:30:1", "b=1:30:1"], ["a < b"])
    first = grid.combinations(max_combinations=25, seed=7)
    assert len(first) == 25
    assert first == grid.combinations(max_combinations=25, seed=7)
    assert first != grid.combinations(max_combinations=25, seed=8)
    assert all(c["a"] < c["b"] for c in first)
    assert len({tuple(c.values()) for c in first}) == 25


def test_a_huge_grid_must_be_sampled():
    grid = build_grid(["a=1:1000:1", "b=1:1000:1"])
    with pytest.raises(GridError) as refused:
        grid.combinations()
    assert refused.value.field == "max_combinations"
    assert "--max-combinations" in error_words(refused.value)
    assert len(grid.combinations(max_combinations=50, seed=1)) == 50


def test_a_parameter_given_twice_is_refused():
    with pytest.raises(GridError, match="given twice"):
        build_grid(["a=1,2", "a=3,4"])


def test_combination_keys_depend_on_symbol_and_values_not_on_order():
    assert combination_key("GOOG", {"a": 1, "b": 2}) == combination_key("GOOG", {"b": 2, "a": 1})
    assert combination_key("GOOG", {"a": 1}) != combination_key("AAPL", {"a": 1})
    assert combination_key("GOOG", {"a": 1}) != combination_key("GOOG", {"a": 2})
