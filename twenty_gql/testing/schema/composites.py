"""Composite field types (Links, Currency, FullName...) and their input types.

A composite field is one GraphQL object whose properties are the sub-fields of
``COMPOSITE_SUBFIELDS``; each has ``<C>CreateInput``, ``<C>UpdateInput``, ``<C>FilterInput``,
``<C>OrderByInput`` and ``<C>GroupByInput`` (Twenty's ``composite-types/*.ts``).
"""

from __future__ import annotations

from functools import cache

from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    COMPOSITE_TYPE_NAMES,
    CompositeSubField,
    FieldType,
)
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.common import enum_filter
from twenty_gql.testing.schema.typedefs import TypeDef

_SUB_OUTPUT = {
    FieldType.TEXT: "String",
    FieldType.NUMERIC: "BigFloat",
    FieldType.RAW_JSON: "JSON",
    FieldType.UUID: "UUID",
}
_SUB_FILTER = {
    FieldType.TEXT: "StringFilter",
    FieldType.NUMERIC: "BigFloatFilter",
    FieldType.RAW_JSON: "RawJsonFilter",
    FieldType.UUID: "UUIDFilter",
}

#: Sub-fields the server fills itself, so they are not writable (Actor: who created it).
SERVER_FILLED: frozenset[tuple[FieldType, str]] = frozenset(
    {(FieldType.ACTOR, "workspaceMemberId"), (FieldType.ACTOR, "name")}
)

#: Sub-fields of the unique constraint of a unique composite (``isIncludedInUniqueConstraint``).
UNIQUE_SUBFIELDS: dict[FieldType, tuple[str, ...]] = {
    FieldType.LINKS: ("primaryLinkUrl",),
    FieldType.EMAILS: ("primaryEmail",),
    FieldType.PHONES: ("primaryPhoneNumber",),
    FieldType.FULL_NAME: ("firstName", "lastName"),
}

#: ``FullName`` is also a core DTO with required names; the merged schema prints them non-null.
_NON_NULL_OUTPUT: frozenset[tuple[FieldType, str]] = frozenset(
    {(FieldType.FULL_NAME, "firstName"), (FieldType.FULL_NAME, "lastName")}
)


def sub_field_type(sub: CompositeSubField) -> str:
    if sub.enum_name is not None:
        return sub.enum_name
    return _SUB_OUTPUT[sub.type]


def _sub_filter(sub: CompositeSubField) -> str:
    if sub.enum_name is not None:
        return f"{sub.enum_name}Filter"
    return _SUB_FILTER[sub.type]


def _composite_types(kind: FieldType) -> list[TypeDef]:
    name = COMPOSITE_TYPE_NAMES[kind]
    subs = COMPOSITE_SUBFIELDS[kind]
    writable = [s for s in subs if (kind, s.name) not in SERVER_FILLED]
    output = [
        td.field(
            s.name,
            sub_field_type(s) + ("!" if (kind, s.name) in _NON_NULL_OUTPUT else ""),
        )
        for s in subs
    ]
    parts = [td.object_type(name, output)]
    for suffix in ("CreateInput", "UpdateInput"):
        parts.append(
            td.input_type(name + suffix, [td.field(s.name, sub_field_type(s)) for s in writable])
        )
    parts.append(
        td.input_type(f"{name}FilterInput", [td.field(s.name, _sub_filter(s)) for s in subs])
    )
    parts.append(
        td.input_type(f"{name}OrderByInput", [td.field(s.name, "OrderByDirection") for s in subs])
    )
    parts.append(td.input_type(f"{name}GroupByInput", [td.field(s.name, "Boolean") for s in subs]))
    return parts


@cache
def composite_types() -> tuple[TypeDef, ...]:
    """Every composite type and its inputs, plus the enums of SELECT sub-fields."""
    parts: list[TypeDef] = []
    seen_enums: set[str] = set()
    for kind in COMPOSITE_TYPE_NAMES:
        for sub in COMPOSITE_SUBFIELDS[kind]:
            if sub.enum_name is not None and sub.enum_name not in seen_enums:
                seen_enums.add(sub.enum_name)
                parts.append(td.enum(sub.enum_name, sub.enum_values))
                parts.append(enum_filter(sub.enum_name))
        parts += _composite_types(kind)
    return tuple(parts)
