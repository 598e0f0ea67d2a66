"""What the builders see of one object: its type name and the fields that reach the schema."""

from __future__ import annotations

import re
from dataclasses import dataclass

from twenty_gql.testing.model.naming import enum_type_name, type_name
from twenty_gql.testing.model.types import (
    FieldMetadata,
    ObjectMetadata,
    WorkspaceMetadata,
)
from twenty_gql.testing.schema.type_mapper import ENUM_TYPES
from twenty_gql.testing.schema.typedefs import Arg

_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_RESERVED_ENUM_VALUES = frozenset({"true", "false", "null"})


@dataclass(frozen=True, slots=True)
class ObjectView:
    obj: ObjectMetadata
    #: ``pascalCase(nameSingular)``: the prefix of every type of this object
    name: str
    #: active fields in metadata order; relations only when their target object is active
    fields: tuple[FieldMetadata, ...]
    #: GraphQL type names of the other active objects, keyed by ``nameSingular``
    targets: dict[str, str]

    @property
    def plain_fields(self) -> list[FieldMetadata]:
        return [f for f in self.fields if f.relation is None]

    @property
    def enum_fields(self) -> list[FieldMetadata]:
        return [f for f in self.fields if f.type in ENUM_TYPES]

    def target(self, field: FieldMetadata) -> str:
        assert field.relation is not None
        return self.targets[field.relation.target_object]


def object_views(workspace: WorkspaceMetadata) -> list[ObjectView]:
    """One view per active object, in workspace (creation) order."""
    active = workspace.active_objects
    targets = {o.name_singular: type_name(o.name_singular) for o in active}
    views = []
    for obj in active:
        for name in (obj.name_singular, obj.name_plural):
            if not _GRAPHQL_NAME.fullmatch(name):
                raise ValueError(f"object name {name!r} is not a GraphQL name")
        fields = tuple(
            f
            for f in obj.fields
            if f.is_active and (f.relation is None or f.relation.target_object in targets)
        )
        for field in fields:
            _check_names(obj, field)
        views.append(ObjectView(obj, targets[obj.name_singular], fields, targets))
    return views


def _check_names(obj: ObjectMetadata, field: FieldMetadata) -> None:
    """Refuse metadata that would print an invalid SDL, naming the culprit."""
    if not _GRAPHQL_NAME.fullmatch(field.name):
        raise ValueError(f"{obj.name_singular}: field name {field.name!r} is not a GraphQL name")
    if field.type in ENUM_TYPES:
        values = field.enum_values
        if not values:
            raise ValueError(f"{obj.name_singular}.{field.name}: a {field.type} needs options")
        for value in values:
            if not _GRAPHQL_NAME.fullmatch(value) or value in _RESERVED_ENUM_VALUES:
                raise ValueError(
                    f"{obj.name_singular}.{field.name}: option value {value!r} is not a valid "
                    f"GraphQL enum value for {enum_type_name(obj.name_singular, field.name)}"
                )


def find_many_args(target: str) -> list[Arg]:
    """Arguments of a findMany root field and of every one-to-many connection field."""
    return [
        ("first", "Int"),
        ("last", "Int"),
        ("offset", "Int"),
        ("before", "String"),
        ("after", "String"),
        ("filter", f"{target}FilterInput"),
        ("orderBy", f"[{target}OrderByInput]"),
    ]
