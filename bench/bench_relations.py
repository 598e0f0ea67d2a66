"""Relational loading vs an N+1 loop, on the same emulator, same data, same run.

Seeds companies x people x opportunities (each opportunity per company, its point of contact
one of the company's people), then reads every company with its people and each person's
opportunities twice: ``tw.companies.load(include=["people.pointOfContactForOpportunities"])``
and the loop people write by hand (per company its people, per person their opportunities).
Requests are counted on the client's own aiohttp session (a TraceConfig), wall time by the
clock; the emulator runs in its own process (``twenty-gql serve``).

    python bench/bench_relations.py [--companies 1000] [--people 10] [--opportunities 3]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_read import KEY, serve  # noqa: E402
from tests.client.relations_seed import seed_workspace  # noqa: E402
from twenty_gql import TwentyClient  # noqa: E402

Totals = tuple[int, int, int]


async def with_load(tw: TwentyClient) -> Totals:
    companies = people = opportunities = 0
    async for company in tw.companies.load(include=["people.pointOfContactForOpportunities"]):
        companies += 1
        for person in company.many_loaded("people"):
            people += 1
            opportunities += len(person.many("pointOfContactForOpportunities"))
    return companies, people, opportunities


async def n_plus_one(tw: TwentyClient) -> Totals:
    companies = people = opportunities = 0
    async for company in tw.companies.iterate():
        companies += 1
        async for person in tw.people.iterate({"companyId": {"eq": company.id}}):
            people += 1
            opportunities += len(
                await tw.opportunities.find({"pointOfContactId": {"eq": person.id}})
            )
    return companies, people, opportunities


async def measure(url: str, run: Callable[[TwentyClient], Awaitable[Totals]]) -> tuple[Any, ...]:
    """(requests, wall seconds, totals) of one way of reading, on a fresh client."""
    requests = 0

    async def count(*_: Any) -> None:
        nonlocal requests
        requests += 1

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(count)
    async with (
        aiohttp.ClientSession(trace_configs=[trace]) as session,
        TwentyClient(url, KEY, session=session) as tw,
    ):
        started = time.perf_counter()
        totals = await run(tw)
        return requests, time.perf_counter() - started, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--people", type=int, default=10, help="per company")
    parser.add_argument("--opportunities", type=int, default=3, help="per company")
    args = parser.parse_args()
    with serve() as url:
        seed = seed_workspace(
            f"{url}/graphql", KEY, args.companies, args.people, args.opportunities
        )
        asyncio.run(seed)
        rows = [(name, asyncio.run(measure(url, run))) for name, run in
                (("load(include=…)", with_load), ("N+1 loop", n_plus_one))]  # fmt: skip
    assert rows[0][1][2] == rows[1][1][2], rows
    companies, people, opportunities = rows[0][1][2]
    print(
        f"{companies:,} companies, {people:,} people, {opportunities:,} opportunities "
        "(each company's people, each person's opportunities)"
    )
    print(f"{'':<18}{'requests':>10}{'wall s':>9}{'records/s':>11}")
    for name, (requests, seconds, totals) in rows:
        print(f"{name:<18}{requests:>10,}{seconds:>9.2f}{sum(totals) / seconds:>11,.0f}")
    load, loop = rows[0][1], rows[1][1]
    print(f"load: {loop[0] / load[0]:.0f}x fewer requests, {loop[1] / load[1]:.1f}x faster")


if __name__ == "__main__":
    main()
