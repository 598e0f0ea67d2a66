"""Paging an object's records as plain dicts, and attaching related records to a page.

Every read is one document with one root field (Twenty refuses a root field twice per
document) and goes through ``page_stream``, so cursor guards and one-page-ahead prefetching
are the client's usual ones. ``totalCount`` is asked on the first page only: counting again
on every page would cost the server a full count each time.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._executor import Executor
from ..bulk.relation_map import IN_CHUNK, Relation
from ..pagination import DEFAULT_PAGE_SIZE, Page, page_stream
from ._records import Column, ObjectShape

__all__ = ["Include", "attach", "pages"]


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


@dataclass(frozen=True, slots=True)
class Include:
    """One relation to nest, the shape of its records, and what to nest in those in turn
    (``--include people.pointOfContactForOpportunities``)."""

    relation: Relation
    target: ObjectShape
    below: tuple[Include, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        """The target's columns plus the keys this level and the levels below join on."""
        keys = [self.relation.child_key, *(i.relation.parent_key for i in self.below)]
        have = {c.name for c in self.target.columns}
        extra = [self.target.column(k) or Column(k) for k in dict.fromkeys(keys) if k not in have]
        return (*self.target.columns, *extra)


async def attach(
    execute: Executor,
    records: Sequence[dict[str, Any]],
    include: Include,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> None:
    """Set ``record[relation.name]`` on every record: the list of its children (one-to-many)
    or the record it points at, or None (many-to-one), then the levels below on those. One
    filtered query per ``IN_CHUNK`` keys, itself paged to the end, so no child is ever cut
    off; relations side by side are fetched concurrently."""
    relation = include.relation
    keys = [k for k in dict.fromkeys(r[relation.parent_key] for r in records) if k is not None]
    found: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(keys), IN_CHUNK):
        wanted = {relation.child_key: {"in": keys[start : start + IN_CHUNK]}}
        stream = pages(
            execute, include.target, include.columns, wanted, page_size=page_size, count=False
        )
        async for page in stream:
            for child in page.items:
                found[child[relation.child_key]].append(child)
    for record in records:
        children = found.get(record[relation.parent_key], [])
        one = children[0] if children else None
        record[relation.name] = children if relation.to_many else one
    if include.below:
        # each child once, though a many-to-one target may be shared by several parents
        unique = {id(child): child for children in found.values() for child in children}
        nested = list(unique.values())
        await asyncio.gather(
            *(attach(execute, nested, below, page_size=page_size) for below in include.below)
        )
