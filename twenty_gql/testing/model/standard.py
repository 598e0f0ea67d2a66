"""The standard workspace: the objects a fresh Twenty workspace has, as metadata.

The facts live in ``standard_workspace.json`` (written by ``scripts/derive_standard_workspace.py``
from Twenty's real printed schema, without the dev-seed customisations). Every call returns a
fresh, independent :class:`WorkspaceMetadata`, because the emulator mutates its metadata when a
test adds custom fields and a reset must start clean.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldOption,
    FieldType,
    ObjectMetadata,
    OnDelete,
    RelationSettings,
    RelationType,
    WorkspaceMetadata,
)

__all__ = ["standard_workspace", "workspace_from_dict"]

_RESOURCE = "standard_workspace.json"


@cache
def _raw_objects() -> tuple[dict[str, Any], ...]:
    """The parsed JSON, read once per process (never mutated: objects are built from it)."""
    text = resources.files(__package__).joinpath(_RESOURCE).read_text(encoding="utf-8")
    objects: list[dict[str, Any]] = json.loads(text)["objects"]
    return tuple(objects)


def _option(raw: Mapping[str, Any]) -> FieldOption:
    return FieldOption(
        value=raw["value"],
        label=raw["label"],
        color=raw.get("color", "gray"),
        position=raw["position"],
        id=raw["id"],
    )


def _relation(raw: Mapping[str, Any] | None) -> RelationSettings | None:
    if raw is None:
        return None
    return RelationSettings(
        type=RelationType(raw["type"]),
        target_object=raw["targetObject"],
        inverse_field=raw.get("inverseField"),
        on_delete=OnDelete(raw.get("onDelete", "SET_NULL")),
    )


def _field(raw: Mapping[str, Any]) -> FieldMetadata:
    default = raw.get("defaultValue")
    options = raw.get("options")
    return FieldMetadata(
        name=raw["name"],
        type=FieldType(raw["type"]),
        label=raw.get("label", ""),
        description=raw.get("description"),
        icon=raw.get("icon"),
        is_nullable=raw.get("isNullable", True),
        default_value=copy.deepcopy(default) if isinstance(default, dict | list) else default,
        options=[_option(o) for o in options] if options is not None else None,
        settings=dict(raw.get("settings", {})),
        relation=_relation(raw.get("relation")),
        is_custom=raw.get("isCustom", False),
        is_system=raw.get("isSystem", False),
        is_unique=raw.get("isUnique", False),
        id=raw["id"],
    )


def _object(raw: Mapping[str, Any]) -> ObjectMetadata:
    return ObjectMetadata(
        name_singular=raw["nameSingular"],
        name_plural=raw["namePlural"],
        label_singular=raw.get("labelSingular", ""),
        label_plural=raw.get("labelPlural", ""),
        description=raw.get("description"),
        icon=raw.get("icon"),
        fields=[_field(f) for f in raw["fields"]],
        is_custom=raw.get("isCustom", False),
        is_system=raw.get("isSystem", False),
        duplicate_criteria=[list(c) for c in raw.get("duplicateCriteria", [])],
        label_identifier_field=raw.get("labelIdentifierField"),
        id=raw["id"],
    )


def workspace_from_dict(data: Mapping[str, Any]) -> WorkspaceMetadata:
    """Metadata from the JSON shape of ``standard_workspace.json`` (``{"objects": [...]}``,
    camelCase keys like Twenty's metadata API). The input is not modified or retained."""
    return _workspace(data["objects"])


def standard_workspace() -> WorkspaceMetadata:
    """A fresh copy of a default Twenty workspace's metadata (29 standard objects)."""
    return _workspace(_raw_objects())


def _workspace(objects: Iterable[Mapping[str, Any]]) -> WorkspaceMetadata:
    return WorkspaceMetadata(objects={raw["nameSingular"]: _object(raw) for raw in objects})
