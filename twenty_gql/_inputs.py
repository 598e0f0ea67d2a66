"""Inputs checked against the generated models before anything is sent.

Nothing a caller passes is dropped silently: a dict is validated by the object's generated
input model (which forbids unknown fields), a model of the wrong object is refused, and a
filter that would match every record is refused for bulk writes unless asked explicitly.
Every refusal is an ``InvalidInputError`` whose message names the field.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic

from .errors import InvalidInputError

__all__ = ["dump_input", "dump_order_by", "matches_everything", "record_id"]

#: the order every cursor ends with, so that equal sort keys still page deterministically
ID_TIEBREAK = {"id": "AscNullsFirst"}


def _describe(exc: pydantic.ValidationError, limit: int = 3) -> str:
    problems = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(part) for part in error.get("loc", ())) or "(value)"
        message = (
            "unknown field" if error.get("type") == "extra_forbidden" else error.get("msg", "")
        )
        problems.append(f"{where}: {message}")
    more = exc.error_count() - limit
    return "; ".join(problems) + (f" (+{more} more)" if more > 0 else "")


def dump_input(model: type[pydantic.BaseModel], value: Any, what: str) -> dict[str, Any]:
    """``value`` (a ``model`` or a mapping) as the JSON-able dict GraphQL receives."""
    if isinstance(value, model):
        instance = value
    elif isinstance(value, pydantic.BaseModel):
        raise InvalidInputError(
            f"{what}: expected {model.__name__} or a dict, got {type(value).__name__}"
        )
    elif isinstance(value, Mapping):
        try:
            instance = model.model_validate(value)
        except pydantic.ValidationError as exc:
            raise InvalidInputError(f"{what} ({model.__name__}): {_describe(exc)}") from exc
    else:
        raise InvalidInputError(
            f"{what}: expected {model.__name__} or a dict, got {type(value).__name__}"
        )
    dumped: dict[str, Any] = instance.model_dump(by_alias=True, exclude_unset=True)
    return dumped


def dump_order_by(
    model: type[pydantic.BaseModel], order_by: Any, what: str
) -> list[dict[str, Any]]:
    """One order or a list of them, with ``id`` appended as the last key."""
    if order_by is None:
        items: Sequence[Any] = []
    elif isinstance(order_by, Mapping | pydantic.BaseModel):
        items = [order_by]
    elif isinstance(order_by, Sequence) and not isinstance(order_by, str):
        items = order_by
    else:
        raise InvalidInputError(f"{what}: expected {model.__name__}, a dict or a list of them")
    dumped = [dump_input(model, item, what) for item in items]
    if not any(item.get("id") is not None for item in dumped):
        dumped.append(dict(ID_TIEBREAK))
    return dumped


def matches_everything(filter_: Mapping[str, Any] | None) -> bool:
    """Whether a dumped filter selects every record (Twenty treats ``{}`` as no filter).

    ``and`` of match-everything parts matches everything too; ``or``/``not`` of anything, or
    any field condition, narrows it.
    """
    if not filter_:
        return True
    for key, value in filter_.items():
        if value is None:
            continue  # an unset-as-null key adds no condition
        if (
            key == "and"
            and isinstance(value, list)
            and all(isinstance(part, Mapping) and matches_everything(part) for part in value)
        ):
            continue
        return False
    return True


def record_id(value: Any, what: str = "id") -> str:
    """A record id as Twenty wants it (a UUID string); a model with ``.id`` is accepted."""
    candidate = getattr(value, "id", value)
    if isinstance(candidate, uuid.UUID):
        return str(candidate)
    if isinstance(candidate, str):
        try:
            return str(uuid.UUID(candidate))
        except ValueError:
            pass
    raise InvalidInputError(f"{what}: expected a record UUID, got {candidate!r}")
