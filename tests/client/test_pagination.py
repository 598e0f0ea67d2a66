"""Cursor pagination: guards (pure, with a fake server) and paging over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from twenty_gql import PaginationError, TwentyClient, paginate, paginate_pages
from twenty_gql.pagination import Page, page_stream
from twenty_gql.testing.runner import EmulatorServer

from .conftest import seed_companies


@dataclass
class Item:
    id: int


def pages_of(*pages: Page[Item]) -> Callable[[str | None, int], Awaitable[Page[Item]]]:
    served = iter(pages)

    async def fetch(after: str | None, first: int) -> Page[Item]:
        return next(served)

    return fetch


async def collect(
    fetch: Callable[[str | None, int], Awaitable[Page[Item]]], **kw: Any
) -> list[int]:
    return [item.id async for page in page_stream(fetch, **kw) for item in page.items]


async def test_a_repeated_end_cursor_is_an_error_not_an_endless_loop() -> None:
    """twentyhq/twenty#20520: the same endCursor came back again and again."""
    fetch = pages_of(Page([Item(1)], "c1", True), Page([Item(2)], "c1", True))
    with pytest.raises(PaginationError, match="endCursor seen before"):
        await collect(fetch)


async def test_an_empty_page_that_says_there_is_more_is_an_error() -> None:
    with pytest.raises(PaginationError, match="empty"):
        await collect(pages_of(Page([], "c1", True)))


async def test_a_page_repeating_the_previous_records_is_no_progress() -> None:
    fetch = pages_of(Page([Item(1), Item(2)], "c1", True), Page([Item(2)], "c2", True))
    with pytest.raises(PaginationError, match="no progress"):
        await collect(fetch)


async def test_more_without_a_cursor_is_an_error() -> None:
    with pytest.raises(PaginationError, match="no endCursor"):
        await collect(pages_of(Page([Item(1)], None, True)))


async def test_limit_trims_and_asks_only_for_what_is_left() -> None:
    asked: list[tuple[str | None, int]] = []

    async def fetch(after: str | None, first: int) -> Page[Item]:
        asked.append((after, first))
        start = 0 if after is None else int(after)
        return Page([Item(i) for i in range(start, start + first)], str(start + first), True)

    assert await collect(fetch, page_size=4, limit=10) == list(range(10))
    assert asked == [(None, 4), ("4", 4), ("8", 2)]
    assert await collect(fetch, limit=0) == []


async def test_bad_page_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="page_size"):
        await collect(pages_of(), page_size=0)
    with pytest.raises(ValueError, match="limit"):
        await collect(pages_of(), limit=-1)


async def test_the_next_page_is_fetched_while_the_caller_works_one_ahead_only() -> None:
    in_flight = 0
    most_in_flight = 0
    started: list[int] = []

    async def fetch(after: str | None, first: int) -> Page[Item]:
        nonlocal in_flight, most_in_flight
        number = 0 if after is None else int(after)
        started.append(number)
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return Page([Item(number)], str(number + 1), number < 5)

    seen = []
    async for page in page_stream(fetch):
        seen.append(page.items[0].id)
        await asyncio.sleep(0.02)  # the caller is busy: page n+1 is fetched meanwhile
        assert started[-1] == min(page.items[0].id + 1, 5)
    assert seen == [0, 1, 2, 3, 4, 5]
    assert most_in_flight == 1


async def test_breaking_out_cancels_the_page_fetched_ahead() -> None:
    cancelled = asyncio.Event()

    async def fetch(after: str | None, first: int) -> Page[Item]:
        if after is not None:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.set()
                raise
        return Page([Item(0)], "1", True)

    stream = page_stream(fetch)
    async for _ in stream:
        await asyncio.sleep(0.01)  # the next page's request is under way
        break
    await stream.aclose()
    assert cancelled.is_set()


async def test_iterate_returns_every_record_once_in_order(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    ids = await seed_companies(twenty_server, 450)
    names = [c.name async for c in tw.companies.iterate(order_by={"name": "AscNullsFirst"})]
    assert names == [f"Co {i:05d}" for i in range(450)]
    pages = [len(page) async for page in tw.companies.pages(page_size=200)]
    assert pages == [200, 200, 50]
    seen = [str(c.id) async for c in tw.companies.iterate(page_size=37)]
    assert sorted(seen) == sorted(ids) and len(set(seen)) == 450


async def test_iterate_filters_orders_and_limits(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed_companies(twenty_server, 120)
    big = tw.companies.iterate(
        filter={"employees": {"gte": 100}}, order_by=[{"employees": "DescNullsLast"}], limit=5
    )
    assert [c.employees async for c in big] == [119, 118, 117, 116, 115]
    assert len(await tw.companies.find(limit=7)) == 7
    assert await tw.companies.count({"employees": {"lt": 10}}) == 10


async def test_nullable_sort_keys_lose_nothing(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    """twentyhq/twenty#24333: ordering by a nullable field alone dropped rows; id breaks ties."""
    await seed_companies(twenty_server, 30)
    for index in range(0, 30, 2):
        company = await tw.companies.find_one({"name": {"eq": f"Co {index:05d}"}})
        assert company is not None
        await tw.companies.update(company.id, {"employees": None})
    got = [
        c.id
        async for c in tw.companies.iterate(order_by={"employees": "AscNullsLast"}, page_size=4)
    ]
    assert len(got) == len(set(got)) == 30


async def test_paginate_pages_any_generated_connection_operation(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed_companies(twenty_server, 70)
    names = [c.name async for c in paginate(tw.client.find_many_companies, page_size=30)]
    assert sorted(names) == [f"Co {i:05d}" for i in range(70)]
    sizes = [
        len(p.items) async for p in paginate_pages(tw.client.find_many_companies, page_size=30)
    ]
    assert sizes == [30, 30, 10]
    with pytest.raises(ValueError, match="paginate sets 'first'"):
        async for _ in paginate(tw.client.find_many_companies, first=3):
            pass


async def test_paginate_pages_a_hand_written_query(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    """queries/companies.graphql compiles into the package; paginate pages it like the rest."""
    await seed_companies(twenty_server, 25)
    op = tw.client.companies_with_people_and_opportunities
    got = [c.name async for c in paginate(op, page_size=10)]
    assert len(got) == 25
