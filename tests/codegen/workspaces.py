"""Workspaces for codegen tests and benchmarks: the standard one plus custom fields/objects.

Custom objects get the fields Twenty creates with every object, taken from the emulator's
``/metadata`` implementation (``metadata_api.objects.default_fields``), not copied.
"""

from __future__ import annotations

from graphql import build_schema

from twenty_gql._naming import pascal_case
from twenty_gql.codegen.introspect import print_sorted
from twenty_gql.testing.metadata_api.objects import default_fields
from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldOption,
    FieldType,
    ObjectMetadata,
    WorkspaceMetadata,
)
from twenty_gql.testing.schema import build_workspace_sdl

__all__ = ["custom_object", "sorted_sdl", "synthetic_workspace", "with_custom_field"]


def sorted_sdl(workspace: WorkspaceMetadata) -> str:
    """The workspace schema printed the way codegen saves it."""
    return print_sorted(build_schema(build_workspace_sdl(workspace)))


def custom_object(
    name_singular: str, name_plural: str, fields: list[FieldMetadata] | None = None
) -> ObjectMetadata:
    label = pascal_case(name_singular)
    return ObjectMetadata(
        name_singular=name_singular,
        name_plural=name_plural,
        label_singular=label,
        label_plural=label + "s",
        fields=[*default_fields(), *(fields or [])],
        is_custom=True,
    )


def with_custom_field(
    workspace: WorkspaceMetadata, object_name: str, field: FieldMetadata
) -> WorkspaceMetadata:
    field.is_custom = True
    workspace.object(object_name).fields.append(field)
    return workspace


_CYCLE = (
    FieldType.TEXT,
    FieldType.NUMBER,
    FieldType.BOOLEAN,
    FieldType.DATE_TIME,
    FieldType.SELECT,
    FieldType.CURRENCY,
    FieldType.LINKS,
    FieldType.NUMERIC,
    FieldType.EMAILS,
    FieldType.RAW_JSON,
)


def synthetic_workspace(objects: int = 60, fields: int = 40) -> WorkspaceMetadata:
    """The standard workspace plus ``objects`` custom objects of ``fields`` custom fields each."""
    workspace = standard_workspace()
    for i in range(objects):
        custom = []
        for j in range(fields):
            kind = _CYCLE[j % len(_CYCLE)]
            options = (
                [FieldOption(f"OPTION_{k}", f"Option {k}", position=k) for k in range(4)]
                if kind is FieldType.SELECT
                else None
            )
            custom.append(
                FieldMetadata(f"field{j}", kind, f"Field {j}", options=options, is_custom=True)
            )
        obj = custom_object(f"thing{i}", f"things{i}", custom)
        workspace.objects[obj.name_singular] = obj
    return workspace
