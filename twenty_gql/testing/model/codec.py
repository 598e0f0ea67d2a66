"""Workspace metadata to and from plain JSON (camelCase keys, like Twenty's metadata API).

One codec for every place metadata is read or written: the standard workspace shipped as
``standard_workspace.json``, metadata persisted next to the records, and test references.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
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

__all__ = ["workspace_from_dict", "workspace_to_dict"]


def _option_to_dict(option: FieldOption) -> dict[str, Any]:
    return {
        "id": option.id,
        "value": option.value,
        "label": option.label,
        "color": option.color,
        "position": option.position,
    }


def _field_to_dict(fld: FieldMetadata) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": fld.id,
        "name": fld.name,
        "type": fld.type.value,
        "label": fld.label,
        "description": fld.description,
        "icon": fld.icon,
        "isNullable": fld.is_nullable,
        "defaultValue": fld.default_value,
        "settings": fld.settings,
        "isCustom": fld.is_custom,
        "isActive": fld.is_active,
        "isSystem": fld.is_system,
        "isUnique": fld.is_unique,
        "isUIReadOnly": fld.is_ui_readonly,
    }
    if fld.options is not None:
        out["options"] = [_option_to_dict(o) for o in fld.options]
    if fld.relation is not None:
        out["relation"] = {
            "type": fld.relation.type.value,
            "targetObject": fld.relation.target_object,
            "inverseField": fld.relation.inverse_field,
            "onDelete": fld.relation.on_delete.value,
        }
    return out


def workspace_to_dict(workspace: WorkspaceMetadata) -> dict[str, Any]:
    return {
        "id": workspace.id,
        "objects": [
            {
                "id": obj.id,
                "nameSingular": obj.name_singular,
                "namePlural": obj.name_plural,
                "labelSingular": obj.label_singular,
                "labelPlural": obj.label_plural,
                "description": obj.description,
                "icon": obj.icon,
                "isCustom": obj.is_custom,
                "isActive": obj.is_active,
                "isSystem": obj.is_system,
                "isRemote": obj.is_remote,
                "duplicateCriteria": obj.duplicate_criteria,
                "uniqueIndexes": obj.unique_indexes,
                "labelIdentifierField": obj.label_identifier_field,
                "fields": [_field_to_dict(f) for f in obj.fields],
            }
            for obj in workspace.objects.values()
        ],
    }


def _option(raw: Mapping[str, Any]) -> FieldOption:
    return FieldOption(
        value=raw["value"],
        label=raw["label"],
        color=raw.get("color", "gray"),
        position=raw.get("position", 0),
        id=raw["id"],
    )


def _relation(raw: Mapping[str, Any] | None) -> RelationSettings | None:
    if not raw:
        return None
    return RelationSettings(
        type=RelationType(raw["type"]),
        target_object=raw["targetObject"],
        inverse_field=raw.get("inverseField"),
        on_delete=OnDelete(raw.get("onDelete", "SET_NULL")),
    )


def _field(raw: Mapping[str, Any]) -> FieldMetadata:
    options = raw.get("options")
    return FieldMetadata(
        name=raw["name"],
        type=FieldType(raw["type"]),
        label=raw.get("label", ""),
        description=raw.get("description"),
        icon=raw.get("icon"),
        is_nullable=raw.get("isNullable", True),
        # copied: the metadata is mutable and the input (a cached resource) must stay intact
        default_value=copy.deepcopy(raw.get("defaultValue")),
        options=[_option(o) for o in options] if options is not None else None,
        settings=copy.deepcopy(dict(raw.get("settings") or {})),
        relation=_relation(raw.get("relation")),
        is_custom=raw.get("isCustom", False),
        is_active=raw.get("isActive", True),
        is_system=raw.get("isSystem", False),
        is_unique=raw.get("isUnique", False),
        is_ui_readonly=raw.get("isUIReadOnly", False),
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
        is_active=raw.get("isActive", True),
        is_system=raw.get("isSystem", False),
        is_remote=raw.get("isRemote", False),
        duplicate_criteria=[list(c) for c in raw.get("duplicateCriteria", [])],
        unique_indexes=[list(i) for i in raw.get("uniqueIndexes", [])],
        label_identifier_field=raw.get("labelIdentifierField"),
        id=raw["id"],
    )


def workspace_from_dict(data: Mapping[str, Any]) -> WorkspaceMetadata:
    """Metadata from ``{"id"?, "objects": [...]}``; the input is neither modified nor kept."""
    workspace = WorkspaceMetadata(objects={o["nameSingular"]: _object(o) for o in data["objects"]})
    if data.get("id"):
        workspace.id = data["id"]
    return workspace
