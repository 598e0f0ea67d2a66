"""Rows of an import file checked against the object's generated create input.

The file layout (dotted CSV columns, empty cell = null, JSON cells, ``true``/``false``) is
``_formats``'s, the same ``export`` writes. Here, what only an import needs:

- ``codecs_for``: how each CSV column reads back, learned from the create input (a
  ``JsonValue`` or list field is a JSON cell, a number or boolean field parses as one, the
  rest is text: a name starting with ``[`` stays text);
- the columns an export writes that a create input does not take because Twenty sets them
  itself (``SET_BY_TWENTY``): they are skipped, and the importer names them once. Any other
  column that the create input does not take is an error (``unknown field``): a column a
  user could mean is never dropped. Columns an export writes that the create input *does*
  take (``id``, ``createdAt``, ``updatedAt``, ``position``, ``createdBy.source``) are imported;
- ``validate``: a row against the model, each problem naming its line, column and what
  was expected (pydantic's lax mode: ``"42"`` for a number, ISO dates), so a row is valid
  here exactly when ``create_many`` would accept it.
"""

from __future__ import annotations

import functools
import hashlib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydantic

from ._formats import CodecOf, RowError
from ._records import Codec, did_you_mean

__all__ = [
    "SET_BY_TWENTY",
    "codecs_for",
    "file_digest",
    "skip_set_by_twenty",
    "unknown_columns",
    "validate",
]

#: columns ``export`` writes that Twenty fills in itself on create (the actor's member and
#: name come from the API key; the search vector is computed); skipped on import when the
#: create input does not accept them
SET_BY_TWENTY = frozenset(
    {
        "createdBy.workspaceMemberId",
        "createdBy.name",
        "updatedBy.workspaceMemberId",
        "updatedBy.name",
        "updatedBy.source",
        "updatedBy.context",
        "searchVector",
    }
)


def file_digest(path: Path) -> str:
    """The file's SHA-256: its identity for deterministic ids and the checkpoint."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unwrap(annotation: Any) -> Any:
    """``Optional[X]`` -> ``X``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


#: ``_column_type`` of a column the model does not have
_MISSING = object()


def _field(model: type[pydantic.BaseModel], alias: str) -> Any:
    model.model_rebuild()
    for name, info in model.model_fields.items():
        if alias in (name, info.alias):
            return _unwrap(info.annotation)
    return _MISSING


def _column_type(model: type[pydantic.BaseModel], column: str) -> Any:
    """The annotation of a (dotted) column in ``model``: a composite's sub-field, ``Any``
    for a key inside a JSON field, ``_MISSING`` for none."""
    parent, dot, sub = column.partition(".")
    annotation = _field(model, parent)
    if not dot or annotation is _MISSING:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return _field(annotation, sub)
    return Any


def _codec(annotation: Any) -> Codec:
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return "number"
    if annotation in (pydantic.JsonValue, list, dict):
        return "json"
    if typing.get_origin(annotation) in (list, dict):
        return "json"
    return "text"


def codecs_for(model: type[pydantic.BaseModel]) -> CodecOf:
    """Header -> codec from the create input (``domainName.secondaryLinks`` is JSON,
    ``employees`` a number); a header the model does not have reads as text (validation
    then reports it as unknown)."""
    cache: dict[str, Codec] = {}

    def codec_of(header: str) -> Codec:
        if header not in cache:
            cache[header] = _codec(_column_type(model, header))
        return cache[header]

    return codec_of


def _accepts(model: type[pydantic.BaseModel], column: str) -> bool:
    return _column_type(model, column) is not _MISSING


@functools.cache
def _skippable(model: type[pydantic.BaseModel]) -> tuple[tuple[str, str], ...]:
    """``(field, sub-field or "")`` of the ``SET_BY_TWENTY`` columns ``model`` does not take."""
    return tuple(
        (parent, sub)
        for parent, _, sub in (c.partition(".") for c in sorted(SET_BY_TWENTY))
        if not _accepts(model, f"{parent}.{sub}" if sub else parent)
    )


def skip_set_by_twenty(
    model: type[pydantic.BaseModel], row: dict[str, Any], skipped: set[str]
) -> dict[str, Any]:
    """``row`` without the ``SET_BY_TWENTY`` columns that ``model`` does not accept (their
    dotted names are added to ``skipped``, for the importer's one notice)."""
    for parent, sub in _skippable(model):
        if parent not in row:
            continue
        if not sub:
            del row[parent]
            skipped.add(parent)
        elif isinstance(row[parent], dict) and sub in row[parent]:
            del row[parent][sub]
            skipped.add(f"{parent}.{sub}")
            if all(v is None for v in row[parent].values()):
                del row[parent]
    return row


@functools.cache
def known_columns(model: type[pydantic.BaseModel]) -> tuple[str, ...]:
    """Every column ``model`` takes: its fields, and a composite's sub-fields dotted."""
    model.model_rebuild()
    columns: list[str] = []
    for name, info in model.model_fields.items():
        alias = info.alias or name
        columns.append(alias)
        annotation = _unwrap(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            annotation.model_rebuild()
            columns += [f"{alias}.{s.alias or n}" for n, s in annotation.model_fields.items()]
    return tuple(columns)


def unknown_field(model: type[pydantic.BaseModel], column: str | None) -> str:
    """``unknown field; did you mean name?``"""
    return "unknown field" + did_you_mean(column or "", known_columns(model))


def unknown_columns(model: type[pydantic.BaseModel], columns: Iterable[str]) -> list[str]:
    """CSV columns (dotted) that are no field of ``model`` nor set by Twenty."""
    return [c for c in columns if not _accepts(model, c) and c not in SET_BY_TWENTY]


def validate(model: type[pydantic.BaseModel], line: int, row: dict[str, Any]) -> list[RowError]:
    """The row's problems, each naming its column and what was expected (empty: valid)."""
    try:
        model.model_validate(row)
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            column = ".".join(str(p) for p in error["loc"]) or None
            if error["type"] == "extra_forbidden":
                message = unknown_field(model, column)
            else:
                message = f"{error['msg']} (got {repr(error.get('input'))[:60]})"
            problems.append(RowError(line, column, message))
        return problems
    return []
