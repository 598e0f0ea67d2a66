"""The record store's write engine: create, upsert, update, soft delete, restore, destroy.

Each write validates its input keys, encodes values to columns (``encode``), resolves
positions, enforces unique constraints (``uniques``) and applies each relation's ``onDelete``
on destroy, all inside the store's transaction. :class:`RecordWrites` is mixed into
:class:`~twenty_gql.testing.store.record_store.RecordStore`, which supplies the connection,
layouts and reads it declares.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import FieldType, ObjectMetadata, OnDelete, WorkspaceMetadata
from twenty_gql.testing.store.columns import quote
from twenty_gql.testing.store.encode import (
    encode_composite,
    encode_scalar,
    merge_composite,
    resolve_default,
)
from twenty_gql.testing.store.layout import Layout, Record, encode_record
from twenty_gql.testing.store.positions import resolve_positions
from twenty_gql.testing.store.search import fill_search_vector
from twenty_gql.testing.store.uniques import check_unique, integrity_error, upsert_match
from twenty_gql.testing.store.values import INVALID_ARGS_DATA, now_iso, parse_datetime, parse_uuid

__all__ = ["RecordWrites"]

_SYSTEM_WRITE_KEYS = frozenset({"id", "createdAt", "updatedAt", "deletedAt"})


class RecordWrites:
    """Writes of the record store; the store provides what is declared first."""

    workspace: WorkspaceMetadata
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _layout(self, object_name: str) -> Layout:
        raise NotImplementedError

    def _fetch(
        self, layout: Layout, ids: Sequence[str], *, with_deleted: bool
    ) -> dict[str, Record]:
        raise NotImplementedError

    def _select_ids(self, layout: Layout, filter: dict[str, Any] | None, scope: str) -> list[str]:
        raise NotImplementedError

    def insert(
        self, object_name: str, records: Sequence[dict[str, Any]], *, upsert: bool = False
    ) -> list[Record]:
        """Create records (or, with ``upsert``, update the one matched by id/unique field)."""
        layout = self._layout(object_name)
        with self.transaction():
            # Resolved once per batch: composite defaults are copied by merge_composite.
            defaults = {f.name: resolve_default(f) for f in layout.obj.active_fields}
            for data in records:
                self._check_keys(layout, data)
            matches = [upsert_match(self._conn, layout, d) if upsert else None for d in records]
            position = position_column(layout.obj)
            creates = resolve_positions(
                self._conn,
                layout.table,
                position,
                [d for d, m in zip(records, matches, strict=True) if m is None],
                backfill=True,
            )
            updates = resolve_positions(
                self._conn,
                layout.table,
                position,
                [d for d, m in zip(records, matches, strict=True) if m is not None],
                backfill=False,
            )
            ids: list[str] = []
            for match in matches:
                if match is not None:
                    changes = {k: v for k, v in updates.pop(0).items() if k != "id"}
                    self._update_records(layout, [match], changes)
                    ids.append(match)
                    continue
                row = self._new_row(layout, creates.pop(0), defaults)
                check_unique(self._conn, layout, row, None)
                names = list(row)
                sql = (
                    f"INSERT INTO {quote(layout.table)} ({', '.join(quote(n) for n in names)}) "
                    f"VALUES ({', '.join('?' * len(names))})"
                )
                try:
                    self._conn.execute(sql, [row[n] for n in names])
                except sqlite3.IntegrityError as error:
                    raise integrity_error(layout, error) from None
                ids.append(row["id"])
            found = self._fetch(layout, ids, with_deleted=True)
            return [found[i] for i in ids]

    def update(
        self, object_name: str, filter: dict[str, Any], data: dict[str, Any]
    ) -> list[Record]:
        """Update every non-deleted record matching ``filter``; composites merge sub-fields."""
        layout = self._layout(object_name)
        self._check_keys(layout, data)
        with self.transaction():
            ids = self._select_ids(layout, filter, "active")
            (data,) = resolve_positions(
                self._conn, layout.table, position_column(layout.obj), [data], backfill=False
            )
            self._update_records(layout, ids, data)
            found = self._fetch(layout, ids, with_deleted=True)
            return [found[i] for i in ids]

    def soft_delete(self, object_name: str, filter: dict[str, Any]) -> list[Record]:
        """Set ``deletedAt`` on the matching records that are not deleted yet."""
        layout = self._layout(object_name)
        with self.transaction():
            ids = self._select_ids(layout, filter, "active")
            self._set_deleted_at(layout, ids, now_iso())
            found = self._fetch(layout, ids, with_deleted=True)
            return [found[i] for i in ids]

    def restore(self, object_name: str, filter: dict[str, Any]) -> list[Record]:
        """Clear ``deletedAt`` on the matching soft-deleted records."""
        layout = self._layout(object_name)
        with self.transaction():
            ids = self._select_ids(layout, filter, "deleted")
            found = self._fetch(layout, ids, with_deleted=True)
            for record_id in ids:
                row = {**encode_record(layout, found[record_id]), "deletedAt": None}
                check_unique(self._conn, layout, row, record_id)
            self._set_deleted_at(layout, ids, None)
            found = self._fetch(layout, ids, with_deleted=True)
            return [found[i] for i in ids]

    def destroy(self, object_name: str, filter: dict[str, Any]) -> list[Record]:
        """Hard-delete matching records (deleted or not), applying each relation's onDelete."""
        layout = self._layout(object_name)
        with self.transaction():
            ids = self._select_ids(layout, filter, "all")
            found = self._fetch(layout, ids, with_deleted=True)
            self._destroy_ids(layout, ids)
            return [found[i] for i in ids]

    def _destroy_ids(self, layout: Layout, ids: list[str]) -> None:
        if not ids:
            return
        for other in self.workspace.active_objects:
            for fld in other.active_fields:
                relation = fld.relation
                if (
                    relation is None
                    or not relation.is_many_to_one
                    or relation.target_object != layout.obj.name_singular
                    or fld.join_column is None
                ):
                    continue
                other_layout = self._layout(other.name_singular)
                join = quote(fld.join_column)
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    marks = ", ".join("?" * len(chunk))
                    table = quote(other.name_singular)
                    if relation.on_delete is OnDelete.CASCADE:
                        rows = self._conn.execute(
                            f"SELECT id FROM {table} WHERE {join} IN ({marks})", chunk
                        )
                        dependants = [row[0] for row in rows]
                        self._destroy_ids(other_layout, dependants)
                    elif relation.on_delete is OnDelete.RESTRICT:
                        hit = self._conn.execute(
                            f"SELECT 1 FROM {table} WHERE {join} IN ({marks}) LIMIT 1", chunk
                        ).fetchone()
                        if hit is not None:
                            raise UserInputError(
                                f"Cannot destroy {layout.obj.name_singular}: "
                                f"{other.name_singular}.{fld.name} still points at it",
                                sub_code="RELATION_ON_DELETE_RESTRICT",
                            )
                    else:
                        self._conn.execute(
                            f"UPDATE {table} SET {join} = NULL WHERE {join} IN ({marks})", chunk
                        )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            self._conn.execute(f"DELETE FROM {quote(layout.table)} WHERE id IN ({marks})", chunk)

    def _set_deleted_at(self, layout: Layout, ids: list[str], value: str | None) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            self._conn.execute(
                f'UPDATE {quote(layout.table)} SET "deletedAt" = ? WHERE id IN ({marks})',
                [value, *chunk],
            )

    # ------------------------------------------------------------------ write helpers

    def _check_keys(self, layout: Layout, data: Any) -> None:
        if not isinstance(data, dict):
            raise UserInputError("Record data must be an object", sub_code=INVALID_ARGS_DATA)
        for key in data:
            if key in _SYSTEM_WRITE_KEYS or key in layout.joins:
                continue
            fld = layout.fields.get(key)
            if fld is None:
                raise UserInputError(
                    f'Object {layout.obj.name_singular} doesn\'t have any "{key}" field.',
                    sub_code=INVALID_ARGS_DATA,
                )
            if fld.type is FieldType.RELATION:
                hint = f': use "{fld.join_column}"' if fld.join_column else ""
                raise UserInputError(
                    f'Relation field "{key}" cannot be written directly{hint}',
                    sub_code=INVALID_ARGS_DATA,
                )

    def _new_row(
        self,
        layout: Layout,
        data: dict[str, Any],
        defaults: dict[str, Any],
    ) -> dict[str, Any]:
        now = now_iso()
        row: dict[str, Any] = {
            "id": parse_uuid(data["id"], "id") if data.get("id") is not None else str(uuid.uuid4()),
            "createdAt": _datetime_or(data.get("createdAt"), "createdAt", now),
            "updatedAt": _datetime_or(data.get("updatedAt"), "updatedAt", now),
            "deletedAt": _datetime_or(data.get("deletedAt"), "deletedAt", None),
        }
        for fld in layout.obj.active_fields:
            if fld.name in _SYSTEM_WRITE_KEYS:
                continue
            if fld.type is FieldType.RELATION:
                if fld.join_column:
                    row[fld.join_column] = encode_scalar(
                        fld, data.get(fld.join_column), fld.join_column
                    )
                continue
            if fld.type is FieldType.POSITION:
                row[fld.name] = encode_scalar(fld, data.get(fld.name))
                continue
            if fld.type is FieldType.TS_VECTOR:
                continue
            default = defaults[fld.name]
            given = fld.name in data
            value = data[fld.name] if given else default
            if given and value is None and not fld.is_nullable and default is None:
                raise UserInputError(
                    f"Field {fld.name} is not nullable and has no default value.",
                    sub_code=INVALID_ARGS_DATA,
                    user_friendly_message="A required field is missing.",
                )
            if fld.is_composite:
                base = default if given and isinstance(default, dict) else None
                row.update(encode_composite(fld, merge_composite(fld, value, base)))
            else:
                row[fld.name] = encode_scalar(fld, value)
        fill_search_vector(layout.obj, row)
        return row

    def _update_records(
        self,
        layout: Layout,
        ids: list[str],
        data: dict[str, Any],
    ) -> None:
        if not ids:
            return
        current = self._fetch(layout, ids, with_deleted=True)
        now = now_iso()
        for record_id in ids:
            record = current[record_id]
            changes = self._encode_changes(layout, record, data)
            if "updatedAt" not in changes:
                changes["updatedAt"] = now
            merged_row = {**encode_record(layout, record), **changes}
            search_column = fill_search_vector(layout.obj, merged_row)
            if search_column is not None:
                changes[search_column] = merged_row[search_column]
            check_unique(self._conn, layout, merged_row, record_id)
            names = list(changes)
            assignments = ", ".join(f"{quote(n)} = ?" for n in names)
            try:
                self._conn.execute(
                    f"UPDATE {quote(layout.table)} SET {assignments} WHERE id = ?",
                    [*(changes[n] for n in names), record_id],
                )
            except sqlite3.IntegrityError as error:
                raise integrity_error(layout, error) from None

    def _encode_changes(
        self,
        layout: Layout,
        record: Record,
        data: dict[str, Any],
    ) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key == "id":
                if value is not None and parse_uuid(value, "id") != record["id"]:
                    raise UserInputError(
                        "The id of a record cannot be changed", sub_code=INVALID_ARGS_DATA
                    )
                continue
            if key in ("createdAt", "updatedAt", "deletedAt"):
                changes[key] = _datetime_or(value, key, None)
                continue
            if key in layout.joins:
                changes[key] = encode_scalar(layout.joins[key], value, key)
                continue
            fld = layout.fields[key]
            if value is None and not fld.is_nullable and resolve_default(fld) is None:
                raise UserInputError(
                    f"Field {key} is not nullable and has no default value.",
                    sub_code=INVALID_ARGS_DATA,
                    user_friendly_message="A required field is missing.",
                )
            if fld.type is FieldType.TS_VECTOR:
                continue
            elif fld.is_composite:
                existing = record.get(key) if value is not None else None
                changes.update(encode_composite(fld, merge_composite(fld, value, existing)))
            else:
                changes[key] = encode_scalar(fld, value)
        return changes


def position_column(obj: ObjectMetadata) -> str | None:
    fld = obj.find_field("position")
    return "position" if fld is not None and fld.is_active else None


def _datetime_or(value: Any, name: str, fallback: str | None) -> str | None:
    return fallback if value is None else parse_datetime(value, name)
