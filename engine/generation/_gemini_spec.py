"""Gemini reads a description into Botlab's typed spec; Botlab's own compiler writes the code.

This is the first thing Botlab asks Gemini. A spec reading is echoed, stored and compiled exactly
like an offline reading (same :func:`~engine.generation.render_english`, same
:func:`~engine.generation.compile_spec`), so it needs no static gate and no trial run: the code is
Botlab's. Only when the spec cannot express the idea (Gemini says what is missing) or Gemini's
reading does not validate after one repair does Botlab ask for free code instead.

The reply schema is generated from the pydantic models, so it follows the spec as it grows.
It goes to the API as ``response_json_schema``: the spec has ``dict`` fields (an indicator's
parameters), which the Developer API accepts only in a JSON schema, not in ``response_schema``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from engine.generation._gemini_client import ModelReply
from engine.generation._gemini_reply import validated
from engine.generation._gemini_trial import Problem
from engine.generation._indicator_table import PATTERNS
from engine.generation.spec import INDICATOR_OUTPUTS, INDICATOR_PARAMS, SPEC_VERSION, StrategySpec


class SpecReply(BaseModel):
    """The JSON object Gemini replies with when asked for a spec."""

    expressible: bool = Field(
        description="True when the spec below expresses the whole idea, with nothing dropped."
    )
    missing: str = Field(
        "",
        description="When not expressible: what the spec cannot express, in a few plain words.",
    )
    spec: StrategySpec | None = Field(
        None, description="The idea as Botlab's strategy spec (null when not expressible)."
    )


def reply_schema() -> dict:
    """The JSON schema Gemini's reply must follow."""
    return SpecReply.model_json_schema()


SPEC_INSTRUCTION = f"""\
You read plain-English trading ideas into Botlab's strategy spec, a JSON document whose schema is
given. Botlab compiles the spec into a backtesting.py strategy itself.

Rules:
- Express exactly what the user asked, nothing more. Never approximate: if any part of the idea
  (an indicator the schema has no kind for, a data source, an order type, a sizing rule, a
  calendar rule) cannot be written in the spec, reply expressible=false, spec=null, and name what
  is missing in `missing`.
- spec_version is {SPEC_VERSION}. `name` is a CamelCase class name describing the rules
  (RsiReversion, GoldenCross).
- Indicator kinds and their parameters (defaults in brackets):
  {json.dumps(INDICATOR_PARAMS)}.
  Give every indicator an `id` that conditions refer to, and list it in `indicators`.
- Lines of multi-line indicators (an indicator reference's `output`):
  {json.dumps(INDICATOR_OUTPUTS)}.
  Candlestick patterns ({", ".join(sorted(PATTERNS))}) are 1 on a bar showing the pattern and 0
  otherwise: "a hammer" is a Compare of the pattern > 0. The Supertrend's `direction` is +1 in
  an up trend (green) and -1 in a down trend (red).
- A crossing is an event (Cross); "is above"/"is below" is a state (Compare). "Drops below 30" is
  a Cross below 30; "while RSI is below 30" is a Compare.
- Percentages are in percent (stop_loss_pct=5 is a 5% stop); stop_loss_points and
  take_profit_points are distances in price ("stop $2 below entry"). Leave symbol, interval,
  period, dates, cash and commission null unless the user states them.
- Dates are Calendar conditions, checked on the day the order fills (weekday 0 = Monday; month
  1-12; trading_day 1 = the month's first; trading_day_from_end 1 = its last; weekday_before =
  the weekday of the trading day before, "if Friday was down, buy Monday"; weekday_from_end 1 =
  the month's last of that weekday; day_of_month_before = the date of the trading day before, 0
  in an earlier month: "the 15th" is day_of_month 15-31 and day_of_month_before 0-14).
  "At the close" / "same day" is entry_fill or exit_fill "close"; the default "next_open" is
  the next bar's open.
  A gap bought "at the open" (its rule reads only that open and earlier bars: open vs the close
  with lag 1) is entry_fill "open"; "sell at the close the same day" after it is exit_fill
  "close" with exit_same_bar true.
- A distance in price from a line is that operand's `plus` ("$5 below the 20-day SMA": the
  SMA with plus=-5; "10 pips above the EMA" on EURUSD plus=0.001, a pip being 0.0001 of a pair's
  price and 0.01 of a yen-quoted pair's); `times` is a multiplier ("2% above": 1.02).
- A weekly or monthly value is an operand or indicator with timeframe "W" or "M" (a daily one
  on intraday bars: "D"); a market
  filter or benchmark is one with `symbol` (e.g. "SPY"). Sizes: size_fraction, size_cash,
  size_shares, risk_pct or risk_cash (dollars; both need a stop); leverage (2 = "2x", run with
  backtesting.py's margin 1/2); add_on + max_units add units; add_drops_pct averages down
  ("average down once if it falls 8%": [8], max_units 2); scale_out_pct and
  scale_out_fraction sell part of a position, more_scale_outs further parts at larger gains,
  scale_out_on instead sells that part on a signal ("sell half when RSI crosses above 70").
  "The third consecutive up close" is a consecutive condition with exactly true. "3 of the
  last 4 days closed up" is a count (condition, at_least 3, bars 4) of the close above its
  previous close; "twice within 5 days" of a cross is that cross and a count of it.
- Put every default you chose that the user did not state in `assumptions`, as a short
  sentence ("RSI period 14 (the standard)").
"""


def spec_prompt(description: str) -> str:
    """The first request: the user's idea, to be read into a spec."""
    return f"Read this trading idea into Botlab's strategy spec:\n\n{description.strip()}\n"


def spec_repair_prompt(description: str, problem: str, previous: str) -> str:
    """The second request, when the first reading did not validate."""
    return (
        f"Your spec for this idea did not validate: {problem}\n\n"
        f"The idea:\n{description.strip()}\n\n"
        f"Your previous reply:\n{previous[:4000]}\n\n"
        "Reply again with the corrected JSON object (or expressible=false if the spec cannot "
        "express the idea)."
    )


@dataclass
class SpecReading:
    """What one spec reply gave: a valid spec, or what the spec could not express."""

    spec: StrategySpec | None = None
    missing: str | None = None
    assumptions: list[str] = field(default_factory=list)

    @property
    def expressible(self) -> bool:
        return self.spec is not None


def parse_spec_reply(reply: ModelReply) -> tuple[SpecReading | None, Problem | None]:
    """A :class:`SpecReading`, or the problem (malformed, truncated, blocked) to repair."""
    parsed, problem = validated(reply, SpecReply)
    if problem:
        return None, problem
    if not parsed.expressible or parsed.spec is None:
        missing = parsed.missing.strip() or "Gemini did not say what"
        return SpecReading(missing=missing), None
    return SpecReading(spec=parsed.spec, assumptions=list(parsed.spec.assumptions)), None
