"""Cursor pagination over ``edges``/``pageInfo``, with guards against Twenty's cursor bugs.

One engine (``page_stream``) serves ``Resource.iterate``/``pages`` and ``paginate``, which
pages ANY generated operation returning a connection (hand-written ``queries/*.graphql``
included) and is typed by what that operation returns.

- The next page is requested while the caller consumes the current one: one page ahead, no
  more, so memory stays flat however many records pass.
- A repeated ``endCursor``, a page that says there is more but holds nothing, or a page that
  only repeats the previous one raises ``PaginationError`` instead of looping forever
  (twentyhq/twenty#20520); ``id`` is added as the last sort key so cursors are total
  (#24333: ordering by a nullable field alone lost rows).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from . import errors

__all__ = ["DEFAULT_PAGE_SIZE", "Page", "page_stream", "paginate", "paginate_pages"]

#: Twenty's ``QUERY_MAX_RECORDS``: a larger ``first`` is served as this many anyway
DEFAULT_PAGE_SIZE = 200
#: how many recent cursors are remembered to detect a cycle (bounded: memory stays flat)
CURSOR_MEMORY = 64

N = TypeVar("N")
N_co = TypeVar("N_co", covariant=True)
E_co = TypeVar("E_co", covariant=True)


@dataclass(slots=True)
class Page(Generic[N]):
    """One page: its records and where the next one starts."""

    items: list[N]
    end_cursor: str | None
    has_next_page: bool
    total_count: int | None = None

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_connection(cls, connection: Any) -> Page[Any]:
        """A generated connection model (``edges``, ``page_info``, maybe ``total_count``);
        None, as a nullable root field may answer, is an empty last page."""
        if connection is None:
            return cls([], None, False)
        info = connection.page_info
        return cls(
            [edge.node for edge in connection.edges],
            info.end_cursor,
            info.has_next_page,
            getattr(connection, "total_count", None),
        )


FetchPage = Callable[[str | None, int], Awaitable[Page[N]]]


def _check_page_size(page_size: int, limit: int | None) -> None:
    if not isinstance(page_size, int) or page_size < 1:
        raise errors.InvalidInputError(f"page_size must be a positive int, got {page_size!r}")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise errors.InvalidInputError(f"limit must be an int >= 0, got {limit!r}")


class _Guard:
    """Remembers the last few cursors and the previous page's ids; raises on no progress."""

    def __init__(self) -> None:
        self._recent: deque[str] = deque(maxlen=CURSOR_MEMORY)
        self._previous_ids: set[Any] = set()

    def check(self, page: Page[Any], number: int) -> None:
        if not page.has_next_page:
            return
        if not page.items:
            raise errors.PaginationError(
                f"page {number} is empty but says hasNextPage: the server's cursor is stuck"
            )
        if page.end_cursor is None:
            raise errors.PaginationError(f"page {number} says hasNextPage but has no endCursor")
        if page.end_cursor in self._recent:
            raise errors.PaginationError(
                f"page {number} returned an endCursor seen before ({page.end_cursor[:40]}…): "
                "the server is repeating pages (twentyhq/twenty#20520)"
            )
        ids = {getattr(item, "id", None) for item in page.items} - {None}
        if ids and ids <= self._previous_ids:
            raise errors.PaginationError(
                f"page {number} only repeats records of the previous page: no progress"
            )
        self._recent.append(page.end_cursor)
        self._previous_ids = ids


async def page_stream(
    fetch: FetchPage[N], *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
) -> AsyncIterator[Page[N]]:
    """Pages from ``fetch(after, first)`` until the last one or ``limit`` records."""
    _check_page_size(page_size, limit)
    if limit == 0:
        return
    guard = _Guard()
    remaining = limit
    pending: asyncio.Task[Page[N]] | None = asyncio.ensure_future(
        fetch(None, page_size if remaining is None else min(page_size, remaining))
    )
    number = 0
    try:
        while pending is not None:
            page = await pending
            pending = None
            number += 1
            guard.check(page, number)
            if remaining is not None:
                page.items = page.items[:remaining]
                remaining -= len(page.items)
            more = page.has_next_page and (remaining is None or remaining > 0)
            if more:
                size = page_size if remaining is None else min(page_size, remaining)
                pending = asyncio.ensure_future(fetch(page.end_cursor, size))
            yield page
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(BaseException):
                await pending


class _PageInfoLike(Protocol):
    @property
    def has_next_page(self) -> bool: ...
    @property
    def end_cursor(self) -> str | None: ...


class _EdgeLike(Protocol[N_co]):
    @property
    def node(self) -> N_co: ...


class _ConnectionLike(Protocol[E_co]):
    @property
    def edges(self) -> Sequence[E_co]: ...
    @property
    def page_info(self) -> _PageInfoLike: ...


def _with_id_tiebreak(op: Callable[..., Any], arguments: dict[str, Any]) -> dict[str, Any]:
    """``order_by`` gets ``{id: AscNullsFirst}`` last unless it already sorts by id."""
    try:
        accepts = "order_by" in inspect.signature(op).parameters
    except (TypeError, ValueError):
        accepts = False
    if not accepts:
        return arguments
    order = list(arguments.get("order_by") or [])
    if not any(_sorts_by_id(item) for item in order):
        order.append({"id": "AscNullsFirst"})
    return {**arguments, "order_by": order}


def _sorts_by_id(item: Any) -> bool:
    if isinstance(item, dict):
        return item.get("id") is not None
    return getattr(item, "id", None) is not None


def _connection_fetcher(
    op: Callable[..., Awaitable[_ConnectionLike[_EdgeLike[N]] | None]], arguments: dict[str, Any]
) -> FetchPage[N]:
    for reserved in ("first", "after", "last", "before"):
        if reserved in arguments:
            raise errors.InvalidInputError(
                f"paginate sets {reserved!r} itself; pass page_size= and limit= instead"
            )
    arguments = _with_id_tiebreak(op, arguments)

    async def fetch(after: str | None, first: int) -> Page[N]:
        page: Page[N] = Page.from_connection(await op(first=first, after=after, **arguments))
        return page

    return fetch


async def paginate(
    op: Callable[..., Awaitable[_ConnectionLike[_EdgeLike[N]] | None]],
    /,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    limit: int | None = None,
    **arguments: Any,
) -> AsyncIterator[N]:
    """Every node of a generated operation that returns a connection, page after page.

    ``op`` is a generated client method (``tw.client.find_many_people``, or one compiled from
    your ``queries/*.graphql``); ``arguments`` are its other arguments (``filter_=…``)::

        async for person in paginate(tw.client.find_many_people, filter_=…, limit=1000):
            ...
    """
    fetch = _connection_fetcher(op, dict(arguments))
    async for page in page_stream(fetch, page_size=page_size, limit=limit):
        for item in page.items:
            yield item


async def paginate_pages(
    op: Callable[..., Awaitable[_ConnectionLike[_EdgeLike[N]] | None]],
    /,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    limit: int | None = None,
    **arguments: Any,
) -> AsyncIterator[Page[N]]:
    """Like ``paginate``, a ``Page`` at a time (its ``items``, ``end_cursor``, …)."""
    fetch = _connection_fetcher(op, dict(arguments))
    async for page in page_stream(fetch, page_size=page_size, limit=limit):
        yield page
