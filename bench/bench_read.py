"""Reading through the facade vs a raw aiohttp + orjson cursor loop, on the same server.

The emulator runs in its own process (``twenty-gql serve``), so the CPU time measured here
(``time.process_time``) is the client's alone. Both sides send the same document (the
facade's ``FindManyCompanies`` with the full ``CompanyFields`` fragment) with the same page
size and order; the raw loop decodes with orjson and touches each node dict, the facade
validates each record into ``CompanyFields``. Also measured: the generated client paging by
hand (bytes -> dicts -> models, what users wrote before the facade), an export under
Twenty-style throttling (30 requests per 3 s) against the rate the limit allows, and the
import cost of ``from twenty_gql import TwentyClient`` over its dependencies' floor.

    python bench/bench_read.py [--records 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twenty_gql import TwentyClient  # noqa: E402

KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(*extra: str) -> Any:
    """``twenty-gql serve`` in a child process; yields its root URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "twenty_gql.cli", "serve", "--port", str(port),
               "--api-key", KEY, *extra]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


async def seed(url: str, records: int) -> None:
    query = "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { id } }"
    headers = {"Authorization": f"Bearer {KEY}"}
    async with aiohttp.ClientSession() as session:
        for start in range(0, records, 200):
            rows = [
                {
                    "id": str(uuid.uuid4()),
                    "name": f"Company {i}",
                    "employees": i % 5000,
                    "domainName": {"primaryLinkUrl": f"https://c{i}.example"},
                    "address": {"addressCity": "Paris", "addressCountry": "France"},
                    "annualRecurringRevenue": {
                        "amountMicros": i * 1_000_000,
                        "currencyCode": "EUR",
                    },
                }
                for i in range(start, min(start + 200, records))
            ]
            while True:
                async with session.post(
                    f"{url}/graphql",
                    json={"query": query, "variables": {"d": rows}},
                    headers=headers,
                ) as response:
                    body = await response.json()
                if "Limit reached" in str(body.get("errors")):
                    await asyncio.sleep(0.5)  # a throttled server: wait for its bucket
                    continue
                assert "errors" not in body, body["errors"]
                break


async def raw_loop(url: str, document: str, operation: str) -> int:
    """What a careful hand-written client does: one session, orjson, a cursor loop."""
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    count, after = 0, None
    async with aiohttp.ClientSession() as session:
        while True:
            variables: dict[str, Any] = {"first": 200, "orderBy": [{"id": "AscNullsFirst"}]}
            if after is not None:
                variables["after"] = after
            payload = {"query": document, "operationName": operation, "variables": variables}
            async with session.post(
                f"{url}/graphql", data=orjson.dumps(payload), headers=headers
            ) as response:
                body = orjson.loads(await response.read())
            connection = body["data"]["companies"]
            for edge in connection["edges"]:
                count += edge["node"]["id"] is not None
            info = connection["pageInfo"]
            if not info["hasNextPage"]:
                return count
            after = info["endCursor"]


async def facade(url: str) -> int:
    async with TwentyClient(url, KEY) as tw:
        return sum([1 async for _ in tw.companies.iterate()])


async def generated_loop(url: str) -> int:
    """The generated client paged by hand (the 8 lines users wrote before the facade)."""
    async with TwentyClient(url, KEY) as tw:
        count, after = 0, None
        while True:
            page = await tw.client.find_many_companies(
                first=200, after=after, order_by=[{"id": "AscNullsFirst"}]
            )
            count += len(page.edges)
            if not page.page_info.has_next_page:
                return count
            after = page.page_info.end_cursor


def measure(run: Callable[[], Awaitable[int]]) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    count = asyncio.run(run())
    return time.perf_counter() - wall, time.process_time() - cpu, count


async def throttled_export(url: str, page_size: int) -> tuple[float, int, int]:
    async with TwentyClient(url, KEY, max_retries=4) as tw:
        started = time.perf_counter()
        count = sum([1 async for _ in tw.companies.iterate(page_size=page_size)])
        return time.perf_counter() - started, count, len(tw.policy.rate_limiter.buckets)


def _client_loop(argv: list[str]) -> None:
    """Child mode for --instructions: run one client loop ``times`` times in this process."""
    mode, url, document_file, operation, times = argv
    text = Path(document_file).read_text()
    for _ in range(int(times)):
        if mode == "raw":
            asyncio.run(raw_loop(url, text, operation))
        elif mode == "facade":
            asyncio.run(facade(url))
        else:
            asyncio.run(generated_loop(url))


def instructions_per_record(url: str, text: str, operation: str, records: int) -> dict[str, int]:
    """Client instructions per record in steady state, counted by callgrind (deterministic,
    whatever else the machine does): one loop run twice minus once in a fresh process, so
    imports and first-use model builds cancel out."""
    document = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-read-{os.getpid()}.graphql"
    document.write_text(text)

    def count(mode: str, times: int) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                   sys.executable, __file__, "--client-loop", mode, url, str(document),
                   operation, str(times)]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        match = re.search(r"refs:\s+([\d,]+)", result.stderr)
        assert match, result.stderr[-500:]
        return int(match.group(1).replace(",", ""))

    try:
        return {
            mode: (count(mode, 2) - count(mode, 1)) // records
            for mode in ("raw", "facade", "generated")
        }
    finally:
        document.unlink(missing_ok=True)


def import_cost(runs: int = 15) -> tuple[float, float]:
    """Milliseconds of ``from twenty_gql import TwentyClient`` in a fresh interpreter that has
    already imported its dependencies' floor (pydantic with one model defined, aiohttp,
    orjson): (median, min) over ``runs`` interpreters, timed inside each one."""
    code = (
        "import time, pydantic, aiohttp, orjson\n"
        "class M(pydantic.BaseModel):\n    x: int\n"
        "M(x=1)\n"
        "started = time.perf_counter()\n"
        "from twenty_gql import TwentyClient\n"
        "print((time.perf_counter() - started) * 1000)\n"
    )
    samples = sorted(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(runs)
    )  # fmt: skip
    return statistics.median(samples), samples[0]


def read_benchmark(records: int, runs: int, text: str, operation: str) -> None:
    """Wall and CPU of the three ways to read every company, interleaved, medians."""
    results: dict[str, list[tuple[float, float, int]]] = {"raw": [], "facade": [], "generated": []}
    with serve() as url:
        asyncio.run(seed(url, records))
        runners: dict[str, Callable[[], Awaitable[int]]] = {
            "raw": lambda: raw_loop(url, text, operation),
            "facade": lambda: facade(url),
            "generated": lambda: generated_loop(url),
        }
        for run in runners.values():
            measure(run)  # warm-up: server caches, model builds
        for _ in range(runs):
            for name, run in runners.items():
                results[name].append(measure(run))
    for name, samples in results.items():
        assert all(count == records for _, _, count in samples), (name, samples)

    def med(name: str, index: int) -> float:
        return statistics.median(sample[index] for sample in results[name])

    print(f"iterate {records:,} companies (full CompanyFields), median of {runs}")
    print(f"{'':<28}{'wall s':>9}{'µs CPU/record':>16}{'wall x raw':>11}{'CPU x raw':>10}")
    for name, label in (("raw", "raw aiohttp + orjson loop"), ("facade", "tw.companies.iterate()"),
                        ("generated", "generated client, by hand")):  # fmt: skip
        wall, cpu = med(name, 0), med(name, 1)
        print(
            f"{label:<28}{wall:>9.3f}{cpu / records * 1e6:>16.1f}"
            f"{wall / med('raw', 0):>11.2f}{cpu / med('raw', 1):>10.2f}"
        )


def main() -> None:
    if sys.argv[1:2] == ["--client-loop"]:
        _client_loop(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000, help="0: skip the read table")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttled-records", type=int, default=20_000)
    parser.add_argument("--throttled-page-size", type=int, default=200)
    parser.add_argument(
        "--instructions",
        type=int,
        default=2000,
        metavar="RECORDS",
        help="also count client CPU instructions per record with callgrind (0: skip)",
    )
    args = parser.parse_args()

    async def document() -> tuple[str, str]:
        async with TwentyClient("http://127.0.0.1:1", KEY) as tw:
            prepared = tw.companies._binding.operation("find_many").prepared
            return prepared.text, prepared.operation_name or ""

    text, operation = asyncio.run(document())
    if args.records:
        read_benchmark(args.records, args.runs, text, operation)
    if args.instructions and shutil.which("valgrind"):
        with serve() as url:
            asyncio.run(seed(url, args.instructions))
            counted = instructions_per_record(url, text, operation, args.instructions)
        print(f"\nclient instructions per record (callgrind, {args.instructions:,} records):")
        for name, value in counted.items():
            print(f"  {name:<10}{value:>10,}  {value / counted['raw']:.2f} x raw")

    with serve("--rate-limit", "30/3s") as url:
        asyncio.run(seed(url, args.throttled_records))
        time.sleep(3.1)  # let the bucket the seeding used refill
        seconds, count, learned = asyncio.run(throttled_export(url, args.throttled_page_size))
    allowed = 30 / 3 * args.throttled_page_size
    rate = count / seconds
    print(
        f"\nexport of {count:,} under 30 requests / 3 s: {rate:,.0f} records/s = "
        f"{rate / allowed:.0%} of the {allowed:,.0f}/s the limit allows "
        f"(buckets learned: {learned}, no throttle error surfaced)"
    )

    median, best = import_cost()
    print(
        f"\nimport: `from twenty_gql import TwentyClient` over its dependencies' floor: "
        f"median {median:.0f} ms, best {best:.0f} ms"
    )


if __name__ == "__main__":
    main()
