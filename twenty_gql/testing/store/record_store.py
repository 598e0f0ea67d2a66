"""The emulator's record store: Twenty's workspace data semantics on one SQLite connection.

This module holds the connection, transactions and reads; writes are in ``writes`` (mixed in)
and unique constraints in ``uniques``.

Everything is compiled to SQL (filters, ordering, keyset cursors, aggregates) so pages stay
fast at 100k records; Python only validates input and shapes output. See the module docs of
``filters``, ``ordering``, ``aggregates`` and ``migrate`` for the Twenty sources followed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import (
    WorkspaceMetadata,
)
from twenty_gql.testing.store.aggregates import select_aggregates
from twenty_gql.testing.store.columns import (
    quote,
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
from twenty_gql.testing.store.layout import Layout, Record, build_layout, decode_row
from twenty_gql.testing.store.migrate import sync_schema
from twenty_gql.testing.store.ordering import (
    cursor_values,
    decode_cursor,
    encode_cursor,
    keyset_sql,
    order_by_sql,
    parse_order_by,
)
from twenty_gql.testing.store.values import (
    parse_uuid,
)
from twenty_gql.testing.store.writes import RecordWrites

_SYSTEM_WRITE_KEYS = frozenset({"id", "createdAt", "updatedAt", "deletedAt"})


@dataclass(slots=True)
class Page:
    """One page of a connection, records in presentation order with their cursors."""

    records: list[Record]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int | None = None


class RecordStore(RecordWrites):
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
