"""Rendering a template's bot: its module source with the request's values as class attributes.

The bot modules mark their parameters with two comment lines; everything between them is
replaced by one commented line per parameter. A provenance comment (template and every request
parameter) goes right after the module docstring. The result is compiled before it is returned.
"""

from __future__ import annotations

import re
import textwrap

from engine.execution.bot_source import parse_code
from engine.templates._params import TemplateParams
from engine.templates._template import Template, bot_source

_BLOCK = re.compile(
    r"^(?P<indent>[ ]+)# -- parameters.*?\n(?P<body>.*?)^[ ]+# -- end of parameters --\n",
    re.MULTILINE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"^\s*(\w+)\s*=", re.MULTILINE)
WIDTH = 96


def render_bot(template: Template, params: TemplateParams) -> str:
    """The bot's Python source for ``params`` (see the module docstring)."""
    source = bot_source(template.bot_module)
    match = _BLOCK.search(source)
    if match is None:  # a broken bot module: a bug, not a user error
        raise RuntimeError(f"bots/{template.bot_module}.py has no parameter block")
    attributes = params.bot_attributes()
    declared = _ATTRIBUTE.findall(match["body"])
    if sorted(declared) != sorted(attributes):
        raise RuntimeError(
            f"bots/{template.bot_module}.py declares {declared}, the template sets "
            f"{sorted(attributes)}"
        )
    block = _parameter_block(match["indent"], attributes, params)
    rendered = source[: match.start()] + block + source[match.end() :]
    rendered = _with_provenance(rendered, template, params)
    compile(rendered, f"{template.bot_module}.py", "exec")
    return rendered


def _parameter_block(indent: str, attributes: dict, params: TemplateParams) -> str:
    descriptions = {
        (field.alias or name): field.description or ""
        for name, field in type(params).model_fields.items()
    }
    lines = [f"{indent}# -- parameters, rendered by Botlab from the request --"]
    for name, (value, parameter) in attributes.items():
        comment = f"{parameter}: {descriptions.get(parameter, '')}".rstrip(": ")
        lines += textwrap.wrap(
            comment, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}#   "
        )
        lines.append(f"{indent}{name} = {value!r}")
    lines.append(f"{indent}# -- end of parameters --")
    return "\n".join(lines) + "\n"


def _with_provenance(source: str, template: Template, params: TemplateParams) -> str:
    """``source`` with a comment after its docstring: the template and the request's values."""
    docstring = parse_code(source).body[0]
    lines = source.splitlines(keepends=True)
    head, tail = "".join(lines[: docstring.end_lineno]), "".join(lines[docstring.end_lineno :])
    values = [f"#   {key} = {value!r}" for key, value in params.request_parameters().items()]
    note = [
        "",
        f'# Rendered by Botlab from the "{template.name}" template with these parameters:',
        *values,
        "# Botlab loads the market data (see the docstring) and runs this module's strategy",
        "# in its sandbox; the bot fetches nothing itself.",
    ]
    return head + "\n".join(note) + "\n" + tail
