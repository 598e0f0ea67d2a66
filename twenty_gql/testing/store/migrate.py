"""Keeping the SQLite schema in step with the workspace metadata.

Like Twenty's workspace migrations: a new object is a new table, a new field new columns, a
removed field drops its columns, a renamed object or field (same metadata ``id``) renames its
table or columns, and every other record value survives. Indexes (unique fields, join columns,
common order keys) are rebuilt from metadata on every sync.
"""

from __future__ import annotations

import sqlite3

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
    WorkspaceMetadata,
)
from twenty_gql.testing.store.columns import (
    Column,
    composite_column_name,
    object_columns,
    quote,
)
from twenty_gql.testing.store.encode import encode_composite, encode_scalar, resolve_default

_META_DDL = (
    'CREATE TABLE IF NOT EXISTS "_twenty_tables" (object_id TEXT PRIMARY KEY, table_name TEXT)',
    'CREATE TABLE IF NOT EXISTS "_twenty_columns" ('
    "object_id TEXT, column_key TEXT, column_name TEXT, PRIMARY KEY (object_id, column_key))",
)
_INDEXED_TYPES = frozenset(
    {FieldType.NUMBER, FieldType.NUMERIC, FieldType.DATE_TIME, FieldType.DATE}
)


def unique_column(field: FieldMetadata) -> str | None:
    """The column a unique field is unique on: composites use their primary sub-field.

    Twenty's unique composites are ``domainName.primaryLinkUrl`` and ``emails.primaryEmail``.
    """
    if not field.is_unique:
        return None
    return index_column(field)


def index_column(field: FieldMetadata) -> str | None:
    """The column that stands for a field in a unique index (a relation's join column)."""
    if field.is_composite:
        primary = {
            FieldType.LINKS: "primaryLinkUrl",
            FieldType.EMAILS: "primaryEmail",
            FieldType.PHONES: "primaryPhoneNumber",
        }.get(field.type, COMPOSITE_SUBFIELDS[field.type][0].name)
        return composite_column_name(field.name, primary)
    if field.type is FieldType.RELATION:
        return field.join_column
    return field.name


def _column_key(column: Column) -> str:
    if column.field is None:
        return f"system:{column.name}"
    return f"{column.field.id}:{column.sub_field.name if column.sub_field else ''}"


def _existing_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({quote(table)})")]


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {row[0] for row in rows}


def sync_schema(conn: sqlite3.Connection, workspace: WorkspaceMetadata) -> None:
    for ddl in _META_DDL:
        conn.execute(ddl)
    known_tables = dict(conn.execute('SELECT object_id, table_name FROM "_twenty_tables"'))
    tables = _tables(conn)
    wanted: dict[str, ObjectMetadata] = {o.id: o for o in workspace.objects.values()}

    claimed = {o.name_singular for o in wanted.values()}
    for object_id, table in list(known_tables.items()):
        # A table whose object is gone is dropped, unless another object (metadata rebuilt
        # with fresh ids) claims the same name: then it is simply adopted.
        if object_id not in wanted and table in tables and table not in claimed:
            conn.execute(f"DROP TABLE {quote(table)}")
            tables.discard(table)
        if object_id not in wanted:
            conn.execute('DELETE FROM "_twenty_tables" WHERE object_id = ?', (object_id,))
            conn.execute('DELETE FROM "_twenty_columns" WHERE object_id = ?', (object_id,))

    for obj in wanted.values():
        table = obj.name_singular
        old = known_tables.get(obj.id)
        if old is not None and old != table and old in tables and table not in tables:
            conn.execute(f"ALTER TABLE {quote(old)} RENAME TO {quote(table)}")
            tables.discard(old)
            tables.add(table)
        _sync_table(conn, obj, table in tables)
        tables.add(table)
        conn.execute(
            'INSERT OR REPLACE INTO "_twenty_tables" (object_id, table_name) VALUES (?, ?)',
            (obj.id, table),
        )


def _sync_table(conn: sqlite3.Connection, obj: ObjectMetadata, exists: bool) -> None:
    table = obj.name_singular
    columns = object_columns(obj, include_inactive=True)
    wanted = _desired_indexes(obj, {c.name for c in columns})
    kept: set[str] = set()
    if not exists:
        definitions = [
            f"{c.quoted} {c.sql_type}" + (" PRIMARY KEY NOT NULL" if c.name == "id" else "")
            for c in columns
        ]
        conn.execute(f"CREATE TABLE {quote(table)} ({', '.join(definitions)})")
    else:
        kept = _drop_stale_indexes(conn, table, wanted)
        known = dict(
            conn.execute(
                'SELECT column_key, column_name FROM "_twenty_columns" WHERE object_id = ?',
                (obj.id,),
            )
        )
        existing = set(_existing_columns(conn, table))
        wanted_names = {c.name for c in columns}
        for column in columns:
            old = known.get(_column_key(column))
            if (
                old is not None
                and old != column.name
                and old in existing
                and column.name not in existing
                and old not in wanted_names
            ):
                conn.execute(
                    f"ALTER TABLE {quote(table)} RENAME COLUMN {quote(old)} TO {column.quoted}"
                )
                existing.discard(old)
                existing.add(column.name)
        for column in columns:
            if column.name not in existing:
                conn.execute(
                    f"ALTER TABLE {quote(table)} ADD COLUMN {column.quoted} {column.sql_type}"
                )
                _backfill_default(conn, table, column)
        for name in existing - wanted_names:
            conn.execute(f"ALTER TABLE {quote(table)} DROP COLUMN {quote(name)}")
    conn.execute('DELETE FROM "_twenty_columns" WHERE object_id = ?', (obj.id,))
    conn.executemany(
        'INSERT INTO "_twenty_columns" (object_id, column_key, column_name) VALUES (?, ?, ?)',
        [(obj.id, _column_key(c), c.name) for c in columns],
    )
    for name, ddl in wanted.items():
        if name not in kept:
            conn.execute(ddl)


#: A UUID v4 per row, in SQL: what Postgres' ``uuid_generate_v4()`` column default gives.
_SQL_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) "
    "|| substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def _backfill_default(conn: sqlite3.Connection, table: str, column: Column) -> None:
    """Existing rows take a new field's default.

    Twenty's field migrations add columns with ``ADD COLUMN ... DEFAULT <default>``, which
    fills every existing row (composites: each sub-column its own default; ``uuid`` a fresh
    id per row). A default the field's own type refuses is left out, like a column without one.
    """
    field = column.field
    if field is None or field.default_value is None or field.type is FieldType.RELATION:
        return
    if field.default_value == "uuid" and column.sub_field is None:
        conn.execute(f"UPDATE {quote(table)} SET {column.quoted} = {_SQL_UUID4}")
        return
    default = resolve_default(field)
    try:
        if column.sub_field is not None:
            parts = encode_composite(field, default if isinstance(default, dict) else None)
            stored = parts.get(column.name)
        else:
            stored = encode_scalar(field, default)
    except UserInputError:
        return
    if stored is not None:
        conn.execute(f"UPDATE {quote(table)} SET {column.quoted} = ?", (stored,))


def _desired_indexes(obj: ObjectMetadata, columns: set[str]) -> dict[str, str]:
    """Index name -> its CREATE statement: unique fields (partial: live, non-empty values),
    multi-field unique indexes (partial: live records), join columns, common order keys, and
    the label identifier under ``lower()``."""
    table = obj.name_singular
    wanted: dict[str, str] = {}
    plain: list[str] = ["position", "createdAt", "updatedAt"]
    for field in obj.active_fields:
        column = unique_column(field)
        if column is not None and column in columns:
            name = f"twu_{table}_{column}"
            wanted[name] = (
                f"CREATE UNIQUE INDEX {quote(name)} ON {quote(table)} ({quote(column)}) "
                f"WHERE {quote('deletedAt')} IS NULL AND {quote(column)} IS NOT NULL "
                f"AND {quote(column)} != ''"
            )
        if field.join_column:
            plain.append(field.join_column)
        elif field.type in _INDEXED_TYPES and field.name != "deletedAt":
            # deletedAt IS NULL holds for nearly every row: an index on it only misleads the
            # planner into walking the whole table through it.
            plain.append(field.name)
    for column in dict.fromkeys(plain):
        if column in columns:
            name = f"tw_{table}_{column}"
            wanted[name] = f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})"
    for index in obj.active_unique_indexes:
        index_columns = [index_column(f) for f in index]
        if all(c is not None and c in columns for c in index_columns):
            name = f"twu_{table}_{'_'.join(c for c in index_columns if c)}"
            # Twenty's partial index: only live records; NULLs are distinct as in Postgres
            wanted[name] = (
                f"CREATE UNIQUE INDEX {quote(name)} ON {quote(table)} "
                f"({', '.join(quote(c) for c in index_columns if c)}) "
                f"WHERE {quote('deletedAt')} IS NULL"
            )
    label = obj.label_identifier_field
    label_field = obj.find_field(label) if label else None
    if label_field is not None and label_field.type is FieldType.TEXT and label in columns:
        name = f"tw_{table}_{label}_lower"
        wanted[name] = f"CREATE INDEX {quote(name)} ON {quote(table)} (lower({quote(label)}))"
    return wanted


def _drop_stale_indexes(conn: sqlite3.Connection, table: str, wanted: dict[str, str]) -> set[str]:
    """Drop our indexes that metadata no longer asks for; return the ones kept."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND name LIKE 'tw%'",
        (table,),
    ).fetchall()
    kept = set()
    for name, sql in rows:
        if wanted.get(name) == sql:
            kept.add(name)
        else:
            conn.execute(f"DROP INDEX {quote(name)}")
    return kept
