"""Paging an object's records as plain dicts, and attaching related records to a page.

Every read is one document with one root field (Twenty refuses a root field twice per
document) and goes through ``page_stream``, so cursor guards and one-page-ahead prefetching
are the client's usual ones. ``totalCount`` is asked on the first page only: counting again
on every page would cost the server a full count each time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from .._executor import Executor
from ..bulk.relation_map import Relation
from ..pagination import DEFAULT_PAGE_SIZE, Page, page_stream
from ._records import Column, ObjectShape

__all__ = ["attach", "pages"]


def _document(shape: ObjectShape, columns: Sequence[Column], *, count: bool) -> str:
    fields = " ".join(c.selection() for c in columns)
    total = "totalCount " if count else ""
    return (
        f"query TwentyGqlExport{shape.type_name}($filter: {shape.type_name}FilterInput, "
        f"$first: Int, $after: String) {{ {shape.plural}(filter: $filter, first: $first, "
        f"after: $after) {{ {total}pageInfo {{ hasNextPage endCursor }} "
        f"edges {{ node {{ {fields} }} }} }} }}"
    )


def pages(
    execute: Executor,
    shape: ObjectShape,
    columns: Sequence[Column],
    filter: Mapping[str, Any] | None,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    count: bool = True,
) -> AsyncIterator[Page[dict[str, Any]]]:
    """Every page of ``shape``'s records matching ``filter``, each node a dict of ``columns``
    (the first page with ``total_count`` when ``count``)."""
    first_document = _document(shape, columns, count=count)
    next_document = _document(shape, columns, count=False)

    async def fetch(after: str | None, first: int) -> Page[dict[str, Any]]:
        document = first_document if after is None else next_document
        variables = {"filter": filter, "first": first, "after": after}
        connection = (await execute(document, variables))[shape.plural]
        if connection is None:
            return Page([], None, False)
        info = connection["pageInfo"]
        return Page(
            [edge["node"] for edge in connection["edges"]],
            info.get("endCursor"),
            bool(info.get("hasNextPage")),
            connection.get("totalCount"),
        )

    return page_stream(fetch, page_size=page_size)


async def attach(
    execute: Executor,
    records: Sequence[dict[str, Any]],
    relation: Relation,
    target: ObjectShape,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> None:
    """Set ``record[relation.name]`` on every record: the list of its children (one-to-many)
    or the record it points at, or None (many-to-one). One filtered query per page of
    parents, itself paged to the end, so no child is ever cut off."""
    keys = list(dict.fromkeys(r[relation.parent_key] for r in records))
    keys = [k for k in keys if k is not None]
    found: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    if keys:
        columns = target.columns
        if target.column(relation.child_key) is None:
            columns = (*columns, Column(relation.child_key))
        wanted = {relation.child_key: {"in": keys}}
        stream = pages(execute, target, columns, wanted, page_size=page_size, count=False)
        async for page in stream:
            for child in page.items:
                found[child[relation.child_key]].append(child)
    for record in records:
        children = found.get(record[relation.parent_key], [])
        one = children[0] if children else None
        record[relation.name] = children if relation.to_many else one
