"""Turn pydantic's validation errors into messages a content editor can act on: expected vs found."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .languages import NAMES, WRITTEN
from .schema import TextBase

LANGUAGE_NAMES = NAMES
# The languages every text is written in, as messages list them: "both zh and en".
WRITTEN_WORDS = ("both " if len(WRITTEN) == 2 else "") + " and ".join(
    [", ".join(WRITTEN[:-1]), WRITTEN[-1]] if len(WRITTEN) > 1 else WRITTEN
)
TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def found(value: Any) -> str:
    kind = TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, (dict, list)) or value is None:
        return kind
    shown = repr(value)
    return f"{kind} {shown if len(shown) < 60 else shown[:57] + '...'}"


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last field of `loc` (to list its allowed fields)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if isinstance(current, type) else None
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_text(model: type[BaseModel] | None) -> bool:
    return model is not None and issubclass(model, TextBase)


def _holds_texts(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether the value at `loc` should be a text: an item of a list, or a field the model
    types as Text (whatever its name, in whichever kind of the registry)."""
    if loc and isinstance(loc[-1], int):
        return True
    owner = model_at(model, loc)
    fields = owner.model_fields if owner is not None else {}
    info = next((f for name, f in fields.items() if loc and loc[-1] in (name, f.alias)), None)
    return info is not None and _is_text(_inner_model(info.annotation))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    last = loc[-1] if loc else ""
    if kind == "missing":
        if last in LANGUAGE_NAMES:
            return f"missing {LANGUAGE_NAMES[last]} text: every text needs {WRITTEN_WORDS}"
        return "required field is missing"
    if kind == "extra_forbidden":
        owner = model_at(model, loc)
        allowed = (
            ", ".join(f.alias or name for name, f in owner.model_fields.items())
            if owner
            else "see the schema"
        )
        if _is_text(owner) and value is None:
            # {zh: …, en: Plans, rehearses and hosts}: the comma ended the text
            return (
                f"unknown field '{last}': inside {{…}} a comma followed by a space ends a text; "
                'put the text in quotes, e.g. en: "Plans, rehearses and hosts"'
            )
        return f"unknown field '{last}' (expected one of: {allowed})"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if ":" in pattern:
            return f'expected a time like "08:30" (in quotes), found {found(value)}'
        if pattern == r"\S":
            return "must not be empty or only spaces"
        return f"expected an id in lowercase-with-dashes like 'store-manager', found {found(value)}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length", "")
        return f"an id may be at most {limit} characters long, found {len(str(value))}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        return f"expected text, found {found(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if _holds_texts(model, loc):
            return f"expected a mapping with {' and '.join(WRITTEN)} texts, found {found(value)}"
        return f"expected a mapping of fields, found {found(value)}"
    if kind == "list_type":
        return f"expected a list, found {found(value)}"
    if kind == "too_short":
        return "must list at least one item"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, found {found(value)}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {found(value)}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return f"{error['msg']}, found {found(value)}"


def code_of(error: dict[str, Any], model: type[BaseModel]) -> str:
    """The stable code of a validation error (what `describe` words), for hints and tests."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    last = loc[-1] if loc else ""
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "missing-text" if last in LANGUAGE_NAMES else "missing-field"
    if kind == "extra_forbidden":
        owner = model_at(model, loc)
        comma = _is_text(owner) and value is None
        return "text-comma" if comma else "unknown-field"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return "bad-time" if ":" in pattern else "blank-text" if pattern == r"\S" else "bad-id"
    if kind == "string_type":
        return {bool: "not-text-bool", int: "not-text-number", float: "not-text-number"}.get(
            type(value), "not-text"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "not-bilingual" if _holds_texts(model, loc) else "not-a-mapping"
    if kind == "value_error":
        return getattr(ctx.get("error"), "code", "invalid")
    return _CODES.get(kind, "invalid")


_CODES = {
    "string_too_long": "id-too-long",
    "string_too_short": "empty-text",
    "list_type": "not-a-list",
    "too_short": "empty-list",
    "literal_error": "not-a-choice",
    "int_type": "not-a-number",
    "int_parsing": "not-a-number",
}


def detail_of(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, ...]:
    """What a hint for this error needs besides its code: the text or number found, or the
    unknown field and the allowed ones."""
    code, value = code_of(error, model), error.get("input")
    if code == "bad-id" and isinstance(value, str):
        return (value,)
    if code == "not-text-number":
        return (repr(value),)
    if code == "unknown-field":
        loc = tuple(error["loc"])
        owner = model_at(model, loc)
        if owner is not None:
            return (str(loc[-1]), *(f.alias or name for name, f in owner.model_fields.items()))
    return ()
