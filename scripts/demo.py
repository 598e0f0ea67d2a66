#!/usr/bin/env python3
"""The demo: a typed Twenty client against the embedded emulator, with demo data.

Starts the Twenty-compatible emulator on loopback (seeded with a demo workspace), then talks to
it exactly as an app talks to a real Twenty workspace: the generated, typed async client over
HTTP. Point ``TWENTY_API_URL`` / ``TWENTY_API_KEY`` at a real workspace to run the same queries
there instead (read-only steps only).

    python3 scripts/dev.py demo
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generated.client import Client
from generated.input_types import (
    CompanyCreateInput,
    CompanyFilterInput,
    CompanyOrderByInput,
    LinksCreateInput,
    PersonCreateInput,
    StringFilter,
)
from twenty_gql.errors import DuplicateRecordError
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.seed import seed_demo


def money(micros: float | None, code: str | None) -> str:
    if micros is None:
        return "-"
    return f"{micros / 1_000_000:,.0f} {code or ''}".strip()


async def tour(client: Client, *, writes: bool) -> None:
    # 1. One request: a page of companies with their people and opportunities (no N+1).
    page = await client.companies_with_people_and_opportunities(
        first=5, order_by=[CompanyOrderByInput(name="AscNullsFirst")]
    )
    assert page is not None
    print(f"\n{page.total_count} companies; the first 5 with people and deals, in one request:")
    for edge in page.edges:
        company = edge.node
        people = ", ".join(
            f"{p.node.name.first_name} {p.node.name.last_name}"
            for p in (company.people.edges if company.people else [])
            if p.node.name
        )
        deals = [d.node for d in (company.opportunities.edges if company.opportunities else [])]
        arr = company.annual_recurring_revenue
        revenue = money(arr.amount_micros, arr.currency_code) if arr else "-"
        print(f"  {company.name:<24} ARR {revenue:>16}")
        print(f"      people: {people}")
        for deal in deals:
            print(f"      deal:   {deal.name} [{deal.stage.value}]")

    # 2. Cursor pagination over every person, 50 per page, with typed nodes.
    seen, after, pages = 0, None, 0
    while True:
        people = await client.find_many_people(first=50, after=after)
        assert people is not None
        seen += len(people.edges)
        pages += 1
        if not people.page_info.has_next_page:
            break
        after = people.page_info.end_cursor
    print(f"\npaged through {seen} people in {pages} requests (cursor pagination)")

    # 3. Filters are typed input models, not strings.
    acme = await client.find_many_companies(
        first=3, filter_=CompanyFilterInput(name=StringFilter(ilike="%labs%"))
    )
    assert acme is not None
    print("companies matching %labs%:", [e.node.name for e in acme.edges])

    if not writes:
        return
    # 4. Writes: a batch create, and Twenty's unique constraint surfacing as a typed error.
    created = await client.create_companies(
        data=[
            CompanyCreateInput(
                name="Demo Rockets",
                domain_name=LinksCreateInput(primary_link_url="https://rockets.example"),
                employees=42,
            )
        ]
    )
    assert created
    rockets = created[0]
    print(f"\ncreated {rockets.name} id={rockets.id} createdAt={rockets.created_at:%Y-%m-%d}")
    person = await client.create_person(
        data=PersonCreateInput(job_title="Rocket scientist", company_id=rockets.id)
    )
    assert person is not None
    print(f"created person {person.id} at company {person.company_id}")
    try:
        await client.create_company(
            data=CompanyCreateInput(
                name="Copycat",
                domain_name=LinksCreateInput(primary_link_url="https://rockets.example"),
            )
        )
    except DuplicateRecordError as exc:
        print(f"duplicate domain refused as {type(exc).__name__}: {exc}")


async def main() -> None:
    url, key = os.environ.get("TWENTY_API_URL"), os.environ.get("TWENTY_API_KEY")
    if url and key:
        print(f"Using the Twenty workspace at {url}")
        async with Client(url.rstrip("/") + "/graphql", api_key=key) as client:
            await tour(client, writes=False)
        return
    emulator = Emulator()
    counts = seed_demo(emulator)
    with EmulatorServer(emulator) as server:
        print(f"Twenty emulator at {server.graphql_url} with demo data: {counts}")
        async with Client(server.graphql_url, api_key=server.api_key) as client:
            await tour(client, writes=True)


if __name__ == "__main__":
    asyncio.run(main())
