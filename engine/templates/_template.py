"""The :class:`Template` record: a template's name, parameters, bot and data preparation."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd
from pydantic_core import PydanticUndefined

from engine.config import Settings
from engine.execution.bot_source import parse_code
from engine.execution.harness import STOP_REASONS
from engine.templates._data import DataValue, Prepared
from engine.templates._errors import bounds_text, ordered_fields
from engine.templates._params import TemplateParams

Prepare = Callable[[Any, dict[str, DataValue], Settings], Prepared]
ExitReason = Callable[[dict, pd.DataFrame, Any], str]
Headline = Callable[[Any, Prepared], str]


def trailing_stop_exit_reason(trade: dict, frame: pd.DataFrame, at_end: str) -> str:
    """Why a trailing-stop bot's trade closed: ``at_end`` (``end_of_data``, ``session_close``)
    when it was still open at the last bar, else ``trailing_stop`` (hit, or gapped through at
    an Open)."""
    if trade.get("exit_reason") not in STOP_REASONS and trade["exit_bar"] >= len(frame) - 1:
        return at_end
    return "trailing_stop"


@functools.cache
def bot_source(module: str) -> str:
    """The source text of ``engine/templates/bots/<module>.py`` (read, not imported)."""
    return resources.files("engine.templates.bots").joinpath(f"{module}.py").read_text("utf-8")


@dataclass(frozen=True)
class Template:
    """One named, parameterised template.

    ``params`` is its pydantic parameter model; ``bot_module``/``strategy_class`` the bot it
    renders (``engine/templates/bots/<bot_module>.py``); ``prepare`` loads the bars the bot runs
    on; ``exit_reason`` names why a finished trade closed (``trailing_stop``, ``session_close``,
    ...); ``headline`` opens the run's one-sentence summary.
    """

    name: str
    title: str
    params: type[TemplateParams]
    bot_module: str
    strategy_class: str
    prepare: Prepare
    exit_reason: ExitReason
    headline: Headline

    @property
    def description(self) -> str:
        """What the template does, exactly: its bot module's docstring."""
        return ast.get_docstring(parse_code(bot_source(self.bot_module))) or ""

    def parameters(self) -> list[dict]:
        """Each parameter: ``name`` (request spelling), ``type``, ``required``, ``default``,
        ``range`` (numbers) or ``choices`` (fixed values), and ``description``."""
        docs = []
        for name, field in ordered_fields(self.params):
            default = None if field.default is PydanticUndefined else field.default
            doc = {
                "name": field.alias or name,
                "type": _type_name(field.annotation),
                "required": field.is_required(),
                "default": default.isoformat() if hasattr(default, "isoformat") else default,
                "description": field.description or "",
            }
            if any(hasattr(m, a) for m in field.metadata for a in ("gt", "ge", "lt", "le")):
                doc["range"] = bounds_text(field)
            choices = _choices(field.annotation)
            if choices:
                doc["choices"] = choices
            docs.append(doc)
        return docs

    def json_schema(self) -> dict:
        """The parameters as a JSON Schema (camelCase property names)."""
        return self.params.model_json_schema(by_alias=True)


_TYPE_NAMES = {str: "string", float: "number", int: "integer", bool: "boolean"}


def _type_name(annotation) -> str:
    """``"number"``, ``"date"``, ``"string"``... (``" or null"`` when it may be left out)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    base = args[0] if optional and len(args) == 1 else annotation
    if typing.get_origin(base) is typing.Literal:
        name = "string"
    elif base is dt.date:
        name = "date (YYYY-MM-DD)"
    else:
        name = _TYPE_NAMES.get(base, getattr(base, "__name__", str(base)))
    return f"{name} or null" if optional else name


def _choices(annotation) -> list | None:
    """The allowed values of a ``Literal`` (possibly optional) annotation."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return list(typing.get_args(candidate))
    return None
