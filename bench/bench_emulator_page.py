"""Emulator page latency: a filtered, ordered 200-record page out of 100k companies, over HTTP.

Measured end to end through aiohttp on loopback (request → auth → parse/validate → SQL →
serialise), against a baseline taken in the same run: the round trip of ``GET /healthz`` on
the same server (pure HTTP overhead). Prints medians and the ratio; no assertion.

    python bench/bench_emulator_page.py [--records 100000] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer

PAGE = """
query Page($after: String) {
  companies(first: 200, after: $after,
            filter: {employees: {gte: 50}, name: {ilike: "%a%"}},
            orderBy: [{employees: DescNullsLast}]) {
    totalCount
    edges { cursor node { id name employees domainName { primaryLinkUrl } createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

#: what a paginating client sends after the first page: no totalCount (a full count each time)
NEXT_PAGE = PAGE.replace("    totalCount\n", "")

WORDS = ("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "wonka")


def populate(emulator: Emulator, records: int) -> None:
    rng = random.Random(1)
    rows = [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
            "employees": None if i % 10 == 0 else float(rng.randrange(1, 5000)),
            "domainName": {"primaryLinkUrl": f"https://c{i}.example"},
        }
        for i in range(records)
    ]
    store = emulator.store
    with store.transaction():
        for start in range(0, records, 5000):
            store.insert("company", rows[start : start + 5000])


async def timed(session: aiohttp.ClientSession, method: str, url: str, **kw: object) -> float:
    start = time.perf_counter()
    async with session.request(method, url, **kw) as response:  # type: ignore[arg-type]
        await response.read()
        assert response.status == 200
    return (time.perf_counter() - start) * 1000


async def main(records: int, runs: int) -> None:
    emulator = Emulator()
    t0 = time.perf_counter()
    populate(emulator, records)
    print(f"seeded {records} companies in {time.perf_counter() - t0:.1f}s")
    with EmulatorServer(emulator) as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        async with aiohttp.ClientSession(headers=headers) as session:
            body = {"query": PAGE, "variables": {}}
            async with session.post(server.graphql_url, json=body) as r:
                first = await r.json()
            cursor = first["data"]["companies"]["pageInfo"]["endCursor"]
            total = first["data"]["companies"]["totalCount"]
            page1 = [
                await timed(session, "POST", server.graphql_url, json=body) for _ in range(runs)
            ]
            body2 = {"query": NEXT_PAGE, "variables": {"after": cursor}}
            page2 = [
                await timed(session, "POST", server.graphql_url, json=body2) for _ in range(runs)
            ]
            base = [await timed(session, "GET", server.url + "/healthz") for _ in range(runs)]
    p1, p2, b = statistics.median(page1), statistics.median(page2), statistics.median(base)
    print(f"filtered set: {total} of {records} companies; page = 200 records")
    print(f"first page with totalCount:     median {p1:.1f} ms")
    print(f"next page by cursor (no count): median {p2:.1f} ms")
    print(f"baseline GET /healthz:          median {b:.2f} ms")
    print(f"ratios to the baseline: first page {p1 / b:.0f}x, next page {p2 / b:.0f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    ns = parser.parse_args()
    asyncio.run(main(ns.records, ns.runs))
