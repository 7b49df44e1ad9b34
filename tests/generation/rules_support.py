"""The compact condition notation of ``support.shape``, extended to the rule kinds of
``tests/test_generation_rules.py``: ``calendar month [5]`` is a calendar condition and
``close@W`` / ``close@SPY`` a price on weekly bars / of another symbol (indicator ids already
carry their timeframe and symbol: ``w_sma_10``, ``spy_sma_200``)."""

from __future__ import annotations

from engine.generation import spec as S

from .support import shape


def rule_shape(cond: S.Condition | None) -> str | None:
    """``support.shape`` plus calendar conditions and prices of another timeframe or symbol."""
    if cond is None:
        return None
    if isinstance(cond, S.Sequence):  # "{setup} within 5 then {trigger}"
        setup = f"{{{rule_shape(cond.setup)}}} within {cond.within}"
        return setup if cond.trigger is None else f"{setup} then {rule_shape(cond.trigger)}"
    if isinstance(cond, S.And | S.Or):
        joiner = " & " if isinstance(cond, S.And) else " | "
        parts = [rule_shape(c) for c in cond.conditions]
        return joiner.join(
            f"({p})" if isinstance(c, S.And | S.Or | S.Sequence) else p
            for c, p in zip(cond.conditions, parts, strict=True)
        )
    if isinstance(cond, S.Calendar):
        return f"calendar {cond.unit} {cond.values}"
    if isinstance(cond, S.Count):  # "3 of 4 [1 up closes]"
        return f"{cond.at_least} of {cond.bars} [{rule_shape(cond.condition)}]"
    if isinstance(cond, S.ConsecutiveCloses) and cond.exactly:  # "the third up close"
        return f"exactly {shape(cond)}"
    text = shape(cond)
    for op in (cond.a, cond.b) if isinstance(cond, S.Cross | S.Compare) else ():
        if isinstance(op, S.PriceRef) and (op.timeframe or op.symbol):
            tag = op.timeframe or op.symbol
            text = text.replace(op.field, f"{op.field}@{tag}", 1)
    return text
