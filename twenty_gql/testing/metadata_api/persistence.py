"""Metadata (objects, fields, webhooks, API keys) kept in the records' own SQLite database.

One key/value table, ``_twenty_gql_metadata``, next to the record tables: a server started on
an existing database file gets back its custom objects and fields, webhooks and API keys, and
a metadata change is committed in the same database as the records it reshapes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
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

__all__ = ["MetadataTable", "load_workspace", "workspace_from_json", "workspace_to_json"]

TABLE = "_twenty_gql_metadata"


class MetadataTable:
    """JSON values by key in one table; safe to call from the server and test threads."""

    def __init__(self, connection: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self._connection = connection
        self._lock = lock or threading.RLock()
        with self._lock:
            self._connection.execute(
                f'CREATE TABLE IF NOT EXISTS "{TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)'
            )
            self._commit()

    def load(self, key: str) -> Any:
        with self._lock:
            row = self._connection.execute(
                f'SELECT value FROM "{TABLE}" WHERE key = ?', (key,)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def save(self, key: str, value: Any) -> None:
        text = json.dumps(value, separators=(",", ":"))
        with self._lock:
            self._connection.execute(
                f'INSERT INTO "{TABLE}" (key, value) VALUES (?, ?) '
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )
            self._commit()

    def _commit(self) -> None:
        if not self._connection.in_transaction:
            return
        self._connection.commit()


def load_workspace(path: str) -> WorkspaceMetadata | None:
    """The metadata saved in the database file at ``path``, read before anything syncs the
    record tables to other metadata (which would drop custom columns); None if there is none."""
    if path == ":memory:" or path.startswith("file:"):
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError:  # no such file yet
        return None
    try:
        row = connection.execute(f'SELECT value FROM "{TABLE}" WHERE key = ?', ("workspace",))
        found = row.fetchone()
    except sqlite3.OperationalError:  # a records-only database
        return None
    finally:
        connection.close()
    return None if found is None else workspace_from_json(json.loads(found[0]))


def _field_to_json(fld: FieldMetadata) -> dict[str, Any]:
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
        out["options"] = [
            {
                "id": o.id,
                "value": o.value,
                "label": o.label,
                "color": o.color,
                "position": o.position,
            }
            for o in fld.options
        ]
    if fld.relation is not None:
        out["relation"] = {
            "type": fld.relation.type.value,
            "targetObject": fld.relation.target_object,
            "inverseField": fld.relation.inverse_field,
            "onDelete": fld.relation.on_delete.value,
        }
    return out


def _field_from_json(raw: dict[str, Any]) -> FieldMetadata:
    relation = raw.get("relation")
    options = raw.get("options")
    return FieldMetadata(
        name=raw["name"],
        type=FieldType(raw["type"]),
        label=raw.get("label", ""),
        description=raw.get("description"),
        icon=raw.get("icon"),
        is_nullable=raw.get("isNullable", True),
        default_value=raw.get("defaultValue"),
        options=[
            FieldOption(
                o["value"], o["label"], o.get("color", "gray"), o.get("position", 0), o["id"]
            )
            for o in options
        ]
        if options is not None
        else None,
        settings=dict(raw.get("settings") or {}),
        relation=RelationSettings(
            RelationType(relation["type"]),
            relation["targetObject"],
            relation.get("inverseField"),
            OnDelete(relation.get("onDelete", "SET_NULL")),
        )
        if relation
        else None,
        is_custom=raw.get("isCustom", False),
        is_active=raw.get("isActive", True),
        is_system=raw.get("isSystem", False),
        is_unique=raw.get("isUnique", False),
        is_ui_readonly=raw.get("isUIReadOnly", False),
        id=raw["id"],
    )


def workspace_to_json(workspace: WorkspaceMetadata) -> dict[str, Any]:
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
                "labelIdentifierField": obj.label_identifier_field,
                "fields": [_field_to_json(f) for f in obj.fields],
            }
            for obj in workspace.objects.values()
        ],
    }


def workspace_from_json(raw: dict[str, Any]) -> WorkspaceMetadata:
    objects = {}
    for o in raw["objects"]:
        objects[o["nameSingular"]] = ObjectMetadata(
            name_singular=o["nameSingular"],
            name_plural=o["namePlural"],
            label_singular=o.get("labelSingular", ""),
            label_plural=o.get("labelPlural", ""),
            description=o.get("description"),
            icon=o.get("icon"),
            fields=[_field_from_json(f) for f in o["fields"]],
            is_custom=o.get("isCustom", False),
            is_active=o.get("isActive", True),
            is_system=o.get("isSystem", False),
            is_remote=o.get("isRemote", False),
            duplicate_criteria=[list(c) for c in o.get("duplicateCriteria", [])],
            label_identifier_field=o.get("labelIdentifierField"),
            id=o["id"],
        )
    return WorkspaceMetadata(objects=objects, id=raw["id"])
