"""Importing companies: ``create_many`` vs a one-by-one ``create`` loop vs raw aiohttp.

The emulator runs in its own process (``twenty-gql serve``), so the CPU time measured here
(``time.process_time``) is the client's alone. ``create_many`` and the raw loop send the same
document (the facade's ``CreateCompanies`` with the full ``CompanyFields`` fragment) with the
same batches of 200 and the same concurrency (4 requests in flight); the raw loop assigns ids,
posts with orjson and decodes the answer, ``create_many`` also validates every record first
and returns typed ``CompanyFields``. The one-by-one loop is timed on a sample and
extrapolated (it says so), as a full run would take minutes.

    python bench/bench_bulk.py [--records 10000] [--runs 3] [--sample 500] [--latency-ms 20]

Each import runs twice more with ``{ id }`` as the only selection, raw and
``create_many(returning="ids")``: the server then reads nothing back.

``--latency-ms`` has the emulator delay every request (its fault injector), as a network
between the client and a hosted Twenty would: loopback alone flatters the one-by-one loop.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_read import KEY, serve  # noqa: E402
from twenty_gql import TwentyClient  # noqa: E402

CONCURRENCY = 4
BATCH = 200


def rows(count: int, tag: str) -> list[dict[str, Any]]:
    """Distinct domains per run (a unique field), so every run writes fresh records."""
    return [
        {
            "name": f"Company {tag} {i}",
            "employees": i % 5000,
            "domainName": {"primaryLinkUrl": f"https://{tag}-{i}.example"},
            "address": {"addressCity": "Paris", "addressCountry": "France"},
        }
        for i in range(count)
    ]


async def raw_batches(url: str, records: list[dict[str, Any]], document: tuple[str, str]) -> int:
    """A careful hand-written import: ids assigned, batches of 200, 4 in flight, orjson."""
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    semaphore = asyncio.Semaphore(CONCURRENCY)
    written = 0
    async with aiohttp.ClientSession() as session:

        async def post(batch: list[dict[str, Any]]) -> None:
            nonlocal written
            data = [{**record, "id": str(uuid.uuid4())} for record in batch]
            payload = {"query": document[0], "operationName": document[1],
                       "variables": {"data": data}}  # fmt: skip
            async with (
                semaphore,
                session.post(
                    f"{url}/graphql", data=orjson.dumps(payload), headers=headers
                ) as response,
            ):
                body = orjson.loads(await response.read())
            assert "errors" not in body, body["errors"]
            written += len(body["data"]["createCompanies"])

        batches = [records[i : i + BATCH] for i in range(0, len(records), BATCH)]
        await asyncio.gather(*(post(batch) for batch in batches))
    return written


async def bulk(url: str, records: list[dict[str, Any]]) -> int:
    async with TwentyClient(url, KEY) as tw:
        result = await tw.companies.create_many(records, concurrency=CONCURRENCY)
        return result.raise_for_failures().written_count


async def bulk_ids(url: str, records: list[dict[str, Any]]) -> int:
    async with TwentyClient(url, KEY) as tw:
        result = await tw.companies.create_many(records, concurrency=CONCURRENCY, returning="ids")
        return result.raise_for_failures().written_count


async def one_by_one(url: str, records: list[dict[str, Any]]) -> int:
    async with TwentyClient(url, KEY) as tw:
        for record in records:
            await tw.companies.create(record)
        return len(records)


async def documents(url: str) -> dict[str, tuple[str, str]]:
    """The facade's documents (text, operation name): full records, and ids alone."""
    async with TwentyClient(url, KEY) as tw:
        binding = tw.companies._binding
        full, ids = binding.operation("create_many"), binding.ids_operation("create_many")
        return {
            "full": (full.prepared.text, full.prepared.operation_name or ""),
            "ids": (ids.prepared.text, ids.prepared.operation_name or ""),
        }


def measure(run: Callable[[], Awaitable[int]], expected: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    count = asyncio.run(run())
    assert count == expected, (count, expected)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=500, help="one-by-one creates timed")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay per request (server)")
    args = parser.parse_args()
    n = args.records
    kinds = ("raw", "bulk", "raw_ids", "bulk_ids")
    results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    extra = ("--faults", f"latency_ms={args.latency_ms}") if args.latency_ms else ()
    with serve(*extra) as url:
        docs = asyncio.run(documents(url))
        measure(lambda: bulk(url, rows(400, "warm")), 400)  # server caches, model builds
        measure(lambda: bulk_ids(url, rows(400, "warm-ids")), 400)
        runners: dict[str, Callable[[list[dict[str, Any]]], Awaitable[int]]] = {
            "raw": lambda r: raw_batches(url, r, docs["full"]),
            "bulk": lambda r: bulk(url, r),
            "raw_ids": lambda r: raw_batches(url, r, docs["ids"]),
            "bulk_ids": lambda r: bulk_ids(url, r),
        }
        for run in range(args.runs):
            for kind in kinds:
                fresh = rows(n, f"{kind}{run}")
                results[kind].append(measure(lambda r=fresh, k=kind: runners[k](r), n))
        sample_rows = rows(args.sample, "one")
        wall, cpu = measure(lambda: one_by_one(url, sample_rows), args.sample)
        scale = n / args.sample
        one = (wall * scale, cpu * scale)

    def med(name: str, index: int) -> float:
        return statistics.median(sample[index] for sample in results[name])

    raw_wall, raw_cpu = med("raw", 0), med("raw", 1)
    table = [
        ("raw aiohttp, batches of 200", raw_wall, raw_cpu),
        ("tw.companies.create_many()", med("bulk", 0), med("bulk", 1)),
        ("raw aiohttp, { id } only", med("raw_ids", 0), med("raw_ids", 1)),
        ('create_many(returning="ids")', med("bulk_ids", 0), med("bulk_ids", 1)),
        (f"create() loop (x{scale:g} of {args.sample})", *one),
    ]
    latency = f", {args.latency_ms} ms latency per request" if args.latency_ms else ", loopback"
    print(f"import {n:,} companies, median of {args.runs} (same run, interleaved){latency}")
    print(f"{'':<34}{'wall s':>9}{'rec/s':>9}{'µs CPU/rec':>12}{'wall x raw':>11}{'CPU x raw':>10}")
    for label, wall, cpu in table:
        print(
            f"{label:<34}{wall:>9.2f}{n / wall:>9,.0f}{cpu / n * 1e6:>12.1f}"
            f"{wall / raw_wall:>11.2f}{cpu / raw_cpu:>10.2f}"
        )
    ids_wall = med("bulk_ids", 0)
    print(
        f'create_many(returning="ids") vs its raw baseline: {ids_wall / med("raw_ids", 0):.2f}x; '
        f"the create() loop takes {one[0] / med('bulk', 0):.1f}x create_many(), "
        f'{one[0] / ids_wall:.1f}x create_many(returning="ids")'
    )


if __name__ == "__main__":
    main()
