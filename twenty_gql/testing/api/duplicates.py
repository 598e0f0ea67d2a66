"""``xDuplicates`` semantics: for each given record, the other records that look like it.

Follows ``common-find-duplicates-query-runner.service.ts`` and
``build-duplicate-conditions.utils.ts``: exactly one of ``ids`` / ``data`` (INVALID_QUERY_INPUT
otherwise); ``ids`` are looked up among live records (unknown ids give no connection), ``data``
items are normalised like create input. Each ``duplicateCriteria`` entry whose values are all
strings of at least 3 characters (``minLengthOfStringForDuplicateCheck``) becomes an ``eq``
condition; the conditions are or-ed and the record itself is excluded (``id: {neq}``). Each
connection holds at most QUERY_MAX_RECORDS duplicates in id order, with ``totalCount`` and no
next/previous page.
"""

from __future__ import annotations

from typing import Any

from twenty_gql.testing.api.context import Info, RequestContext
from twenty_gql.testing.api.reads import prefetch_many_to_one, reject_nested_one_to_many
from twenty_gql.testing.api.selection import nodes_at
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import ObjectMetadata
from twenty_gql.testing.store.encode import merge_composite

MIN_LENGTH_OF_STRING_FOR_DUPLICATE_CHECK = 3
QUERY_MAX_RECORDS = 200


def _invalid(message: str) -> UserInputError:
    return UserInputError(message, sub_code="INVALID_QUERY_INPUT")


def validate(ids: list[str] | None, data: list[dict[str, Any]] | None) -> None:
    if data is None and ids is None:
        raise _invalid('You have to provide either "data" or "ids" argument')
    if data is not None and ids is not None:
        raise _invalid('You cannot provide both "data" and "ids" arguments')
    if ids is None and not data:
        raise _invalid('The "data" condition can not be empty when "ids" input not provided')


def find_duplicates(
    ctx: RequestContext,
    obj: ObjectMetadata,
    ids: list[str] | None,
    data: list[dict[str, Any]] | None,
    info: Info,
) -> list[dict[str, Any]]:
    validate(ids, data)
    record_nodes = nodes_at(info, "edges", "node")
    reject_nested_one_to_many(ctx, obj, record_nodes, info)
    store = ctx.emulator.store
    sources: list[dict[str, Any]]
    if ids:
        found = store.get_by_ids(obj.name_singular, ids)
        sources = [found[i] for i in dict.fromkeys(ids) if i in found]
    else:
        sources = [_normalise(obj, item) for item in data or [] if item is not None]
    out: list[dict[str, Any]] = []
    every_record: list[dict[str, Any]] = []
    for source in sources:
        condition = duplicate_filter(obj, source)
        if condition is None:
            out.append(_connection([], [], 0))
            continue
        page = store.find_many(
            obj.name_singular,
            filter=condition,
            first=QUERY_MAX_RECORDS,
            limit=QUERY_MAX_RECORDS,
            with_total=True,
        )
        every_record += page.records
        out.append(_connection(page.records, page.cursors, page.total_count or 0))
    prefetch_many_to_one(ctx, obj, every_record, record_nodes, info)
    return out


def duplicate_filter(obj: ObjectMetadata, record: dict[str, Any]) -> dict[str, Any] | None:
    """``buildDuplicateConditions`` for one record; None when no criterion applies."""
    conditions: list[dict[str, Any]] = []
    for criteria in obj.duplicate_criteria:
        values = [_value_at(record, path) for path in criteria]
        if not all(
            isinstance(v, str) and len(v) >= MIN_LENGTH_OF_STRING_FOR_DUPLICATE_CHECK
            for v in values
        ):
            continue
        condition: dict[str, Any] = {}
        for path, value in zip(criteria, values, strict=True):
            name, _, sub = path.partition(".")
            if sub:
                condition.setdefault(name, {})[sub] = {"eq": value}
            else:
                condition[name] = {"eq": value}
        conditions.append(condition)
    if not conditions:
        return None
    result: dict[str, Any] = {"or": conditions}
    if record.get("id"):
        result["id"] = {"neq": record["id"]}
    return result


def _value_at(record: dict[str, Any], path: str) -> Any:
    name, _, sub = path.partition(".")
    value = record.get(name)
    if sub:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def _normalise(obj: ObjectMetadata, item: dict[str, Any]) -> dict[str, Any]:
    """Composite input as the data-arg processor leaves it (links and emails canonical)."""
    out = dict(item)
    for fld in obj.active_fields:
        if fld.is_composite and isinstance(out.get(fld.name), dict):
            out[fld.name] = merge_composite(fld, out[fld.name], None)
    return out


def _connection(records: list[dict[str, Any]], cursors: list[str], total: int) -> dict[str, Any]:
    return {
        "edges": [{"node": r, "cursor": c} for r, c in zip(records, cursors, strict=True)],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
        },
        "totalCount": total,
    }
