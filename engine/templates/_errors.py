"""``TemplateError``, and the translation of pydantic's validation errors into plain messages."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

_NUMBER_BOUNDS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
#: Fields every template has; listed after the template's own.
COMMON_FIELDS = ("cash", "commission", "data_source")


class TemplateError(ValueError):
    """A request the templates can't run: unknown template, or bad or unknown parameters.

    ``str(error)`` names the parameter and says what is wrong with it. ``parameter`` is that
    parameter's name as the request spells it (``"trailingStopPct"``), ``"scriptTemplate"`` or
    ``"parameters"`` for the request itself, or ``None``. ``errors`` lists every problem found,
    as ``(parameter, message)`` pairs; the message joins them all.
    """

    def __init__(
        self,
        message: str,
        parameter: str | None = None,
        errors: list[tuple[str | None, str]] | None = None,
    ):
        super().__init__(message)
        self.parameter = parameter
        self.errors = errors or [(parameter, message)]

    @classmethod
    def collect(cls, problems: list[tuple[str | None, str]]) -> TemplateError:
        """One error reporting several problems (the first one's parameter is ``parameter``)."""
        message = "; ".join(text for _, text in problems)
        return cls(message, problems[0][0], problems)


def from_validation_error(
    exc: ValidationError, model: type[BaseModel], template: str
) -> TemplateError:
    """A :class:`TemplateError` naming each parameter pydantic rejected, in request spelling."""
    problems = []
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else None
        problems.append((name, _message(error, name, model, template)))
    return TemplateError.collect(problems)


def _message(error: dict, name: str | None, model: type[BaseModel], template: str) -> str:
    kind = error["type"]
    field = _field_by_alias(model, name)
    if kind == "missing":
        what = f": {_first_sentence(field.description)}" if field and field.description else ""
        return f"{name}: required parameter is missing{what}"
    if kind == "extra_forbidden":
        known = ", ".join(parameter_names(model))
        return f"unknown parameter {name!r} for template {template!r}; its parameters: {known}"
    got = f", got {error['input']!r}" if "input" in error else ""
    if kind in _NUMBER_BOUNDS and field is not None:
        return f"{name}: must be {bounds_text(field)}{got}"
    text = str(error["msg"])
    text = text.removeprefix("Value error, ")
    if error["type"].startswith("invalid_"):  # our own checks say what they got
        return f"{name}: {text}"
    return f"{name}: {text[:1].lower()}{text[1:]}{got}"


def _field_by_alias(model: type[BaseModel], alias: str | None):
    for field_name, field in model.model_fields.items():
        if (field.alias or field_name) == alias:
            return field
    return None


def ordered_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """``(name, field)`` pairs: required parameters, then the template's optional ones, then
    the ones every template has (cash, commission, dataSource)."""
    items = list(model.model_fields.items())
    required = [i for i in items if i[1].is_required()]
    common = [i for i in items if i[0] in COMMON_FIELDS]
    return required + [i for i in items if i not in required and i not in common] + common


def parameter_names(model: type[BaseModel]) -> list[str]:
    """The model's parameters as a request spells them, in :func:`ordered_fields` order."""
    return [field.alias or name for name, field in ordered_fields(model)]


def bounds_text(field) -> str:
    """A field's numeric bounds in words: ``"> 0 and <= 50"``."""
    parts = []
    for item in field.metadata:
        for attr, symbol in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
            value = getattr(item, attr, None)
            if value is not None:
                parts.append(f"{symbol} {value:g}")
    return " and ".join(parts) if parts else "in range"


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].rstrip(".")
    return head[:1].lower() + head[1:]
