"""Unique constraints on live records: Twenty's duplicate check and the upsert match.

Twenty's unique indexes (a field's ``isUnique``, the object's multi-field indexes) are partial:
soft-deleted records and empty values do not take part; ``getMatchingRecordId`` picks the
record an upsert updates from the same constraints.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from twenty_gql.testing.errors import UniqueViolationError, UserInputError
from twenty_gql.testing.model.types import FieldMetadata, ObjectMetadata
from twenty_gql.testing.store.columns import quote
from twenty_gql.testing.store.encode import encode_composite, encode_scalar, merge_composite
from twenty_gql.testing.store.layout import Layout
from twenty_gql.testing.store.migrate import index_column, unique_column
from twenty_gql.testing.store.values import parse_uuid

__all__ = ["check_unique", "integrity_error", "upsert_match"]


def upsert_match(conn: sqlite3.Connection, layout: Layout, data: dict[str, Any]) -> str | None:
    """The existing record an upsert updates: matched by id or any unique constraint.

    ``getMatchingRecordId``: each conflicting group (id, every unique field, every
    multi-field unique index) whose values are all in the input may match one live record
    on all of them; different matches are a conflict.
    """
    # fields, [(path, column, value)], the partial index's WHERE (lets SQLite use it)
    groups: list[tuple[str, list[tuple[str, str, Any]], str]] = []
    if data.get("id") is not None:
        groups.append(("id", [("id", "id", parse_uuid(data["id"], "id"))], ""))
    for fld in layout.obj.active_fields:
        column = unique_column(fld)
        if column is None or fld.name not in data:
            continue
        value = data[fld.name]
        path = fld.name
        if fld.is_composite:
            sub = column[len(fld.name) :]
            sub = sub[0].lower() + sub[1:]
            merged = merge_composite(fld, value, None) or {}
            value, path = merged.get(sub), f"{fld.name}.{sub}"
        else:
            value = encode_scalar(fld, value)
        if value not in (None, ""):
            partial = f" AND {quote(column)} IS NOT NULL AND {quote(column)} != ''"
            groups.append((fld.name, [(path, column, value)], partial))
    for index, columns in joint_indexes(layout.obj):
        values = [index_value(f, c, data) for f, c in zip(index, columns, strict=True)]
        if all(v is not None for v in values):
            names = ", ".join(f.name for f in index)
            groups.append((names, list(zip(columns, columns, values, strict=True)), ""))
    matches: list[str] = []
    for _, properties, partial in groups:
        predicates = " AND ".join(f"{quote(column)} = ?" for _, column, _ in properties)
        row = conn.execute(
            f"SELECT id FROM {quote(layout.table)} WHERE {predicates}{partial} "
            'AND "deletedAt" IS NULL LIMIT 1',
            [value for _, _, value in properties],
        ).fetchone()
        if row is not None and row[0] not in matches:
            matches.append(row[0])
    if len(matches) > 1:
        described = "; ".join(
            f"{names} ({', '.join(f'{path}: {value}' for path, _, value in properties)})"
            for names, properties, _ in groups
        )
        message = (
            f"Multiple records found with the same unique field values for {described}. "
            "Cannot determine which record to update."
        )
        raise UserInputError(
            message,
            sub_code="UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT",
            user_friendly_message=message,
        )
    return matches[0] if matches else None


def check_unique(
    conn: sqlite3.Connection, layout: Layout, row: dict[str, Any], record_id: str | None
) -> None:
    """Raise Twenty's duplicate-entry error if ``row`` would break a unique index."""
    if row.get("deletedAt") is not None:
        return
    for fld in layout.obj.active_fields:
        column = unique_column(fld)
        if column is None:
            continue
        value = row.get(column)
        if value is None or value == "":
            continue
        hit = conn.execute(
            # The extra predicates repeat the partial unique index's WHERE so SQLite
            # can answer from the index instead of scanning the table.
            f"SELECT id FROM {quote(layout.table)} WHERE {quote(column)} = ? "
            f"AND {quote(column)} IS NOT NULL AND {quote(column)} != '' "
            'AND "deletedAt" IS NULL AND id != ? LIMIT 1',
            (value, record_id or row.get("id") or ""),
        ).fetchone()
        if hit is not None:
            raise UniqueViolationError(layout.obj.name_singular, fld.name, hit[0])
    for index, columns in joint_indexes(layout.obj):
        values = [row.get(c) for c in columns]
        if any(v is None for v in values):
            continue  # NULLs are distinct in Twenty's (Postgres) unique indexes
        matches = " AND ".join(f"{quote(c)} = ?" for c in columns)
        hit = conn.execute(
            f"SELECT id FROM {quote(layout.table)} WHERE {matches} "
            'AND "deletedAt" IS NULL AND id != ? LIMIT 1',
            (*values, record_id or row.get("id") or ""),
        ).fetchone()
        if hit is not None:
            names = " and ".join(f.name for f in index)
            raise UniqueViolationError(layout.obj.name_singular, names, hit[0])


def integrity_error(layout: Layout, error: sqlite3.IntegrityError) -> Exception:
    """SQLite's UNIQUE failure (a race past :func:`check_unique`) as Twenty's error."""
    message = str(error)
    column = message.rsplit(".", 1)[-1] if "UNIQUE constraint failed" in message else ""
    field_name = layout.column_field.get(column, column or "id")
    return UniqueViolationError(layout.obj.name_singular, field_name)


def joint_indexes(obj: ObjectMetadata) -> list[tuple[list[FieldMetadata], list[str]]]:
    """Each active multi-field unique index with its columns (join columns for relations)."""
    found = []
    for index in obj.active_unique_indexes:
        columns = [c for c in map(index_column, index) if c is not None]
        if len(columns) == len(index):
            found.append((index, columns))
    return found


def index_value(fld: FieldMetadata, column: str, data: dict[str, Any]) -> Any:
    """The stored value an input gives one column of a multi-field unique index."""
    if fld.join_column is not None:
        value = data.get(fld.join_column)
        return None if value is None else encode_scalar(fld, value, fld.join_column)
    if fld.name not in data:
        return None
    if fld.is_composite:
        return encode_composite(fld, merge_composite(fld, data[fld.name], None)).get(column)
    return encode_scalar(fld, data[fld.name])
