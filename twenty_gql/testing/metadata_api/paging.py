"""nestjs-query cursor connections, as Twenty's /metadata serves ``objects`` and ``fields``.

Cursors are offset cursors, ``base64("arrayconnection:<offset>")``; the default page is 10,
the largest 1000 (``@QueryOptions({defaultResultSize: 10, maxResultsSize: 1000})``); there is
no ``totalCount`` and no sorting. Filters are nestjs-query comparisons (``eq``, ``in``,
``is``...) combined with ``and`` / ``or``.
"""

from __future__ import annotations

import base64
import fnmatch
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from twenty_gql.testing.errors import UserInputError

__all__ = ["DEFAULT_PAGE", "MAX_PAGE", "connection", "decode_cursor", "encode_cursor", "matches"]

DEFAULT_PAGE = 10
MAX_PAGE = 1000
_PREFIX = "arrayconnection:"

T = TypeVar("T")


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(_PREFIX):
            raise ValueError
        return int(text[len(_PREFIX) :])
    except ValueError:
        raise UserInputError(f"Invalid cursor: {cursor!r}") from None


def connection(items: Sequence[T], paging: dict[str, Any]) -> dict[str, Any]:
    """One page of ``items`` as ``{edges: [{node, cursor}], pageInfo}``."""
    first, last = paging.get("first"), paging.get("last")
    after, before = paging.get("after"), paging.get("before")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise UserInputError(f"paging.{name} must not be negative")
    if first is not None and last is not None:
        raise UserInputError("Cannot set both first and last in paging")
    start, end = 0, len(items)
    if after is not None:
        start = decode_cursor(after) + 1
    if before is not None:
        end = min(end, decode_cursor(before))
    forward = last is None
    if forward:
        size = min(first if first is not None else DEFAULT_PAGE, MAX_PAGE)
        page_start, page_end = start, min(end, start + size)
        has_next, has_previous = page_end < end, start > 0
    else:
        size = min(last if last is not None else DEFAULT_PAGE, MAX_PAGE)
        page_start, page_end = max(start, end - size), end
        has_next, has_previous = end < len(items), page_start > start
    edges = [{"node": items[i], "cursor": encode_cursor(i)} for i in range(page_start, page_end)]
    return {
        "edges": edges,
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_previous,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def _like(value: Any, pattern: str, *, insensitive: bool) -> bool:
    glob = pattern.replace("*", "[*]").replace("?", "[?]").replace("%", "*").replace("_", "?")
    text = "" if value is None else str(value)
    if insensitive:
        return fnmatch.fnmatchcase(text.lower(), glob.lower())
    return fnmatch.fnmatchcase(text, glob)


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda v, x: v == x,
    "neq": lambda v, x: v != x,
    "gt": lambda v, x: v is not None and v > x,
    "gte": lambda v, x: v is not None and v >= x,
    "lt": lambda v, x: v is not None and v < x,
    "lte": lambda v, x: v is not None and v <= x,
    "in": lambda v, x: v in x,
    "notIn": lambda v, x: v not in x,
    "like": lambda v, x: _like(v, x, insensitive=False),
    "notLike": lambda v, x: not _like(v, x, insensitive=False),
    "iLike": lambda v, x: _like(v, x, insensitive=True),
    "notILike": lambda v, x: not _like(v, x, insensitive=True),
    "is": lambda v, x: v is x if x is None else v == x,
    "isNot": lambda v, x: v is not x if x is None else v != x,
}


def matches(filter_: dict[str, Any] | None, value_of: Callable[[str], Any]) -> bool:
    """Does the node whose field values ``value_of`` gives pass ``filter_``?"""
    for key, condition in (filter_ or {}).items():
        if condition is None:
            continue
        if key == "and":
            if not all(matches(sub, value_of) for sub in condition):
                return False
        elif key == "or":
            if not any(matches(sub, value_of) for sub in condition):
                return False
        else:
            value = value_of(key)
            for op, operand in condition.items():
                if operand is None and op not in ("is", "isNot"):
                    continue
                if not _COMPARISONS[op](value, operand):
                    return False
    return True
