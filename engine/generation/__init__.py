"""Strategy generation: a typed strategy spec, the offline English compiler and code generation.

Public API::

    understand(description) -> Understanding      # offline parser (no key, no network)
    EXAMPLES                                      # (title, description) of the example bots
    render_english(spec) -> list[str]             # "What Botlab understood"
    compile_spec(spec) -> str                     # a ruff-clean backtesting.py module
    StrategySpec, Indicator, conditions, operands # the versioned spec (pydantic)
    CompileError                                  # the spec lacks something; the message says what
"""

from engine.generation._english import render_english
from engine.generation._vocabulary import EXAMPLES
from engine.generation.compiler import CompileError, Understanding, compile_spec, understand
from engine.generation.spec import (
    INDICATOR_OUTPUTS,
    INDICATOR_PARAMS,
    SPEC_VERSION,
    And,
    Calendar,
    Compare,
    Condition,
    ConsecutiveCloses,
    Cross,
    Indicator,
    IndicatorRef,
    Number,
    Operand,
    Or,
    PriceRef,
    StrategySpec,
)

__all__ = [
    "EXAMPLES",
    "INDICATOR_OUTPUTS",
    "INDICATOR_PARAMS",
    "SPEC_VERSION",
    "And",
    "Calendar",
    "CompileError",
    "Compare",
    "Condition",
    "ConsecutiveCloses",
    "Cross",
    "Indicator",
    "IndicatorRef",
    "Number",
    "Operand",
    "Or",
    "PriceRef",
    "StrategySpec",
    "Understanding",
    "compile_spec",
    "render_english",
    "understand",
]
