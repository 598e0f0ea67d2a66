"""The emulator's record store: Twenty's workspace data semantics on one SQLite connection.

Everything is compiled to SQL (filters, ordering, keyset cursors, aggregates) so pages stay
fast at 100k records; Python only validates input and shapes output. See the module docs of
``filters``, ``ordering``, ``aggregates`` and ``migrate`` for the Twenty sources followed.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from twenty_gql.testing.errors import UniqueViolationError, UserInputError
from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldType,
    ObjectMetadata,
    OnDelete,
    WorkspaceMetadata,
)
from twenty_gql.testing.store.aggregates import select_aggregates
from twenty_gql.testing.store.columns import (
    quote,
)
from twenty_gql.testing.store.encode import (
    encode_composite,
    encode_scalar,
    merge_composite,
    resolve_default,
)
from twenty_gql.testing.store.filters import (
    SQL_FUNCTIONS,
    FilterCompiler,
    mentions_deleted_at,
)
from twenty_gql.testing.store.group_by import (
    Group,
    fill_group_records,
    parse_group_by,
    select_groups,
)
from twenty_gql.testing.store.layout import Layout, Record, build_layout, decode_row, encode_record
from twenty_gql.testing.store.migrate import index_column, sync_schema, unique_column
from twenty_gql.testing.store.ordering import (
    cursor_values,
    decode_cursor,
    encode_cursor,
    keyset_sql,
    order_by_sql,
    parse_order_by,
)
from twenty_gql.testing.store.positions import resolve_positions
from twenty_gql.testing.store.search import fill_search_vector
from twenty_gql.testing.store.values import (
    INVALID_ARGS_DATA,
    now_iso,
    parse_datetime,
    parse_uuid,
)

_SYSTEM_WRITE_KEYS = frozenset({"id", "createdAt", "updatedAt", "deletedAt"})


@dataclass(slots=True)
class Page:
    """One page of a connection, records in presentation order with their cursors."""

    records: list[Record]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int | None = None


class RecordStore:
    """Records of every active object of ``workspace``, stored in SQLite at ``path``."""

    def __init__(self, workspace: WorkspaceMetadata, path: str = ":memory:") -> None:
        self.workspace = workspace
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA synchronous = OFF")
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        for name, arity, function in SQL_FUNCTIONS:
            self._conn.create_function(name, arity, function, deterministic=True)
        self._depth = 0
        self._layouts: dict[str, Layout] = {}
        self.sync()

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for state kept beside the records (persisted metadata)."""
        return self._conn

    # ------------------------------------------------------------------ schema

    def sync(self) -> None:
        """Create/alter tables to match ``self.workspace``; existing records survive."""
        with self.transaction():
            sync_schema(self._conn, self.workspace)
        self._layouts = {}

    def reset(self) -> None:
        """Delete every record of every object (tables and indexes stay)."""
        with self.transaction():
            for obj in self.workspace.objects.values():
                self._conn.execute(f"DELETE FROM {quote(obj.name_singular)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls become savepoints of the outer transaction."""
        name = f"tw_sp_{self._depth}"
        self._depth += 1
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")
            raise
        else:
            self._conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def _layout(self, object_name: str) -> Layout:
        layout = self._layouts.get(object_name)
        if layout is not None:
            return layout
        try:
            obj = self.workspace.object(object_name)
        except KeyError:
            raise UserInputError(f"Object {object_name!r} not found") from None
        if not obj.is_active:
            raise UserInputError(f"Object {object_name!r} is not active")
        layout = build_layout(obj)
        self._layouts[object_name] = layout
        return layout

    # ------------------------------------------------------------------ reading

    def find_many(
        self,
        object_name: str,
        *,
        filter: dict[str, Any] | None = None,
        order_by: list[dict[str, Any]] | None = None,
        first: int | None = None,
        last: int | None = None,
        before: str | None = None,
        after: str | None = None,
        offset: int | None = None,
        limit: int = 200,
        with_total: bool = False,
    ) -> Page:
        """One page, as Twenty's find-many runner computes it.

        Only ``before`` reverses the scan (``isForwardPagination = !isDefined(args.before)``);
        ``last`` alone is just a page size, like ``first``.
        """
        _validate_page_args(first, last, before, after, offset)
        layout = self._layout(object_name)
        leaves = parse_order_by(layout.obj, order_by)
        backward = before is not None
        take = first if first is not None else last if last is not None else limit
        where, params = self._where(layout, filter)
        cursor = after if after is not None else before
        if cursor is not None:
            values = cursor_values(decode_cursor(cursor), leaves)
            keyset, keyset_params = keyset_sql(leaves, values, layout.alias, backward=backward)
            where = f"({where}) AND ({keyset})"
            params = params + keyset_params
        sql = (
            f"SELECT {layout.select_sql} FROM {quote(layout.table)} AS {quote(layout.alias)} "
            f"WHERE {where} ORDER BY {order_by_sql(leaves, layout.alias, backward=backward)} "
            "LIMIT ? OFFSET ?"
        )
        rows = self._conn.execute(sql, [*params, take + 1, offset or 0]).fetchall()
        has_more = len(rows) > take
        records = [decode_row(layout, row) for row in rows[:take]]
        if backward:
            records.reverse()
        return Page(
            records=records,
            cursors=[encode_cursor(r, leaves) for r in records],
            has_next_page=True if backward else has_more,
            has_previous_page=has_more if backward else after is not None,
            total_count=self.count(object_name, filter) if with_total else None,
        )

    def count(self, object_name: str, filter: dict[str, Any] | None = None) -> int:
        layout = self._layout(object_name)
        where, params = self._where(layout, filter)
        sql = f"SELECT COUNT(*) FROM {quote(layout.table)} AS {quote(layout.alias)} WHERE {where}"
        return int(self._conn.execute(sql, params).fetchone()[0])

    def aggregate(
        self, object_name: str, filter: dict[str, Any] | None, names: Sequence[str]
    ) -> dict[str, Any]:
        """Connection aggregate fields (``countEmptyName``, ``sumEmployees``...) by name."""
        layout = self._layout(object_name)
        chosen = select_aggregates(layout.obj, layout.alias, names)
        if not chosen:
            return {}
        where, params = self._where(layout, filter)
        selects = ", ".join(aggregate.sql for _, aggregate in chosen)
        sql = f"SELECT {selects} FROM {quote(layout.table)} AS {quote(layout.alias)} WHERE {where}"
        row = self._conn.execute(sql, params).fetchone()
        return {
            name: aggregate.convert(value)
            for (name, aggregate), value in zip(chosen, row, strict=True)
        }

    def group_by(
        self,
        object_name: str,
        *,
        group_by: Sequence[dict[str, Any]],
        filter: dict[str, Any] | None = None,
        order_by: Sequence[dict[str, Any] | None] | None = None,
        aggregates: Sequence[str] = (),
        limit: int | None = None,
        records_order_by: list[dict[str, Any]] | None = None,
        with_records: bool = False,
    ) -> list[Group]:
        """``XGroupBy``: groups with their aggregates (and first records); see ``group_by``."""
        layout = self._layout(object_name)
        dimensions = parse_group_by(layout, group_by)
        where = self._where(layout, filter)
        groups = select_groups(self._conn, layout, where, dimensions, aggregates, order_by, limit)
        if with_records:
            leaves = parse_order_by(layout.obj, records_order_by)
            fill_group_records(self._conn, layout, where, dimensions, groups, leaves)
        return groups

    def get_by_ids(
        self, object_name: str, ids: Sequence[str], *, with_deleted: bool = False
    ) -> dict[str, Record]:
        layout = self._layout(object_name)
        wanted = [parse_uuid(i, "id") for i in ids]
        return self._fetch(layout, wanted, with_deleted=with_deleted)

    def _where(self, layout: Layout, filter: dict[str, Any] | None) -> tuple[str, list[Any]]:
        compiler = FilterCompiler(self.workspace, layout.obj, layout.alias)
        sql, params = compiler.compile(filter)
        if not mentions_deleted_at(filter):
            sql = f"({sql}) AND {compiler.column_ref('deletedAt')} IS NULL"
        return sql, params

    def _fetch(
        self, layout: Layout, ids: Sequence[str], *, with_deleted: bool
    ) -> dict[str, Record]:
        found: dict[str, Record] = {}
        alias = quote(layout.alias)
        deleted = "" if with_deleted else f" AND {alias}.{quote('deletedAt')} IS NULL"
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            sql = (
                f"SELECT {layout.select_sql} FROM {quote(layout.table)} AS {alias} "
                f"WHERE {alias}.id IN ({marks}){deleted}"
            )
            for row in self._conn.execute(sql, chunk):
                record = decode_row(layout, row)
                found[record["id"]] = record
        return found

    def _select_ids(self, layout: Layout, filter: dict[str, Any] | None, scope: str) -> list[str]:
        """Ids matching ``filter`` among ``scope``: active, deleted, or all records."""
        compiler = FilterCompiler(self.workspace, layout.obj, layout.alias)
        sql, params = compiler.compile(filter)
        deleted_at = compiler.column_ref("deletedAt")
        if scope == "active":
            sql = f"({sql}) AND {deleted_at} IS NULL"
        elif scope == "deleted":
            sql = f"({sql}) AND {deleted_at} IS NOT NULL"
        query = (
            f"SELECT {quote(layout.alias)}.id FROM {quote(layout.table)} AS {quote(layout.alias)} "
            f"WHERE {sql} ORDER BY {quote(layout.alias)}.rowid"
        )
        return [row[0] for row in self._conn.execute(query, params)]

    # ------------------------------------------------------------------ writing

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
            matches = [self._upsert_match(layout, d) if upsert else None for d in records]
            position = _position_column(layout.obj)
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
                self._check_unique(layout, row, None)
                names = list(row)
                sql = (
                    f"INSERT INTO {quote(layout.table)} ({', '.join(quote(n) for n in names)}) "
                    f"VALUES ({', '.join('?' * len(names))})"
                )
                try:
                    self._conn.execute(sql, [row[n] for n in names])
                except sqlite3.IntegrityError as error:
                    raise self._integrity_error(layout, error) from None
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
                self._conn, layout.table, _position_column(layout.obj), [data], backfill=False
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
                self._check_unique(layout, row, record_id)
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
            self._check_unique(layout, merged_row, record_id)
            names = list(changes)
            assignments = ", ".join(f"{quote(n)} = ?" for n in names)
            try:
                self._conn.execute(
                    f"UPDATE {quote(layout.table)} SET {assignments} WHERE id = ?",
                    [*(changes[n] for n in names), record_id],
                )
            except sqlite3.IntegrityError as error:
                raise self._integrity_error(layout, error) from None

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

    def _upsert_match(self, layout: Layout, data: dict[str, Any]) -> str | None:
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
        for index, columns in _joint_indexes(layout.obj):
            values = [_index_value(f, c, data) for f, c in zip(index, columns, strict=True)]
            if all(v is not None for v in values):
                names = ", ".join(f.name for f in index)
                groups.append((names, list(zip(columns, columns, values, strict=True)), ""))
        matches: list[str] = []
        for _, properties, partial in groups:
            predicates = " AND ".join(f"{quote(column)} = ?" for _, column, _ in properties)
            row = self._conn.execute(
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

    def _check_unique(self, layout: Layout, row: dict[str, Any], record_id: str | None) -> None:
        if row.get("deletedAt") is not None:
            return
        for fld in layout.obj.active_fields:
            column = unique_column(fld)
            if column is None:
                continue
            value = row.get(column)
            if value is None or value == "":
                continue
            hit = self._conn.execute(
                # The extra predicates repeat the partial unique index's WHERE so SQLite
                # can answer from the index instead of scanning the table.
                f"SELECT id FROM {quote(layout.table)} WHERE {quote(column)} = ? "
                f"AND {quote(column)} IS NOT NULL AND {quote(column)} != '' "
                'AND "deletedAt" IS NULL AND id != ? LIMIT 1',
                (value, record_id or row.get("id") or ""),
            ).fetchone()
            if hit is not None:
                raise UniqueViolationError(layout.obj.name_singular, fld.name, hit[0])
        for index, columns in _joint_indexes(layout.obj):
            values = [row.get(c) for c in columns]
            if any(v is None for v in values):
                continue  # NULLs are distinct in Twenty's (Postgres) unique indexes
            matches = " AND ".join(f"{quote(c)} = ?" for c in columns)
            hit = self._conn.execute(
                f"SELECT id FROM {quote(layout.table)} WHERE {matches} "
                'AND "deletedAt" IS NULL AND id != ? LIMIT 1',
                (*values, record_id or row.get("id") or ""),
            ).fetchone()
            if hit is not None:
                names = " and ".join(f.name for f in index)
                raise UniqueViolationError(layout.obj.name_singular, names, hit[0])

    def _integrity_error(self, layout: Layout, error: sqlite3.IntegrityError) -> Exception:
        message = str(error)
        column = message.rsplit(".", 1)[-1] if "UNIQUE constraint failed" in message else ""
        field_name = layout.column_field.get(column, column or "id")
        return UniqueViolationError(layout.obj.name_singular, field_name)


def _joint_indexes(obj: ObjectMetadata) -> list[tuple[list[FieldMetadata], list[str]]]:
    """Each active multi-field unique index with its columns (join columns for relations)."""
    found = []
    for index in obj.active_unique_indexes:
        columns = [c for c in map(index_column, index) if c is not None]
        if len(columns) == len(index):
            found.append((index, columns))
    return found


def _index_value(fld: FieldMetadata, column: str, data: dict[str, Any]) -> Any:
    """The stored value an input gives one column of a multi-field unique index."""
    if fld.join_column is not None:
        value = data.get(fld.join_column)
        return None if value is None else encode_scalar(fld, value, fld.join_column)
    if fld.name not in data:
        return None
    if fld.is_composite:
        return encode_composite(fld, merge_composite(fld, data[fld.name], None)).get(column)
    return encode_scalar(fld, data[fld.name])


def _position_column(obj: ObjectMetadata) -> str | None:
    fld = obj.find_field("position")
    return "position" if fld is not None and fld.is_active else None


def _datetime_or(value: Any, name: str, fallback: str | None) -> str | None:
    return fallback if value is None else parse_datetime(value, name)


def _validate_page_args(
    first: int | None,
    last: int | None,
    before: str | None,
    after: str | None,
    offset: int | None,
) -> None:
    """``validate()`` of common-find-many-query-runner.service.ts."""
    conflicts = [
        (first is not None and last is not None, "Cannot provide both first and last"),
        (before is not None and after is not None, "Cannot provide both before and after"),
        (before is not None and first is not None, "Cannot provide both before and first"),
        (after is not None and last is not None, "Cannot provide both after and last"),
    ]
    for conflict, message in conflicts:
        if conflict:
            raise UserInputError(message, sub_code="ARGS_CONFLICT")
    if first is not None and first < 0:
        raise UserInputError("First argument must be non-negative", sub_code="INVALID_ARGS_FIRST")
    if last is not None and last < 0:
        raise UserInputError("Last argument must be non-negative", sub_code="INVALID_ARGS_LAST")
    if offset is not None and offset < 0:
        raise UserInputError("Offset argument must be non-negative", sub_code="INVALID_ARGS_OFFSET")
