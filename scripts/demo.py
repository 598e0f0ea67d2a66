#!/usr/bin/env python3
"""The demo: twenty-gql's main job on the embedded emulator, through ``TwentyClient``.

1. a bulk import (``twenty-gql import``, with its progress bar) of 2,000 companies and 6,000
   people linked to them, idempotent and resumable;
2. a bulk relational read: every company with its people and their opportunities, counting the
   requests it takes against the N+1 loop's count;
3. an export (``twenty-gql export``) of companies with their people to CSV;
then a short summary. With ``TWENTY_API_URL`` and ``TWENTY_API_KEY`` set, steps 2 and 3 run
read-only against that workspace instead (nothing is written there).

    python3 scripts/dev.py demo
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from rich.console import Console
from rich.table import Table

from twenty_gql import TwentyClient
from twenty_gql.commands import export, importer
from twenty_gql.standard.fragments import OpportunityFields, PersonFields

console = Console()
COMPANIES, PEOPLE_PER_COMPANY = 2_000, 3


@dataclass
class RequestCounter:
    """Counts the HTTP requests of a client, through aiohttp's tracing (any server)."""

    count: int = 0
    config: aiohttp.TraceConfig = field(default_factory=aiohttp.TraceConfig)

    def __post_init__(self) -> None:
        async def started(*_: object) -> None:
            self.count += 1

        self.config.on_request_start.append(started)


def write_import_files(folder: Path) -> tuple[Path, Path]:
    """A JSONL of companies and a CSV of their people, as a sync job would export them."""
    companies, people = folder / "companies.jsonl", folder / "people.csv"
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-company-{i}")) for i in range(COMPANIES)]
    with companies.open("w") as out:
        for i, company_id in enumerate(ids):
            row = {
                "id": company_id,
                "name": f"Imported {i:04d}",
                "employees": 10 + i % 500,
                "domainName": {"primaryLinkUrl": f"https://imported-{i:04d}.example"},
            }
            out.write(json.dumps(row) + "\n")
    with people.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name.firstName", "name.lastName", "jobTitle", "companyId"])
        for i, company_id in enumerate(ids):
            for j in range(PEOPLE_PER_COMPANY):
                writer.writerow([f"Person{j}", f"Of{i:04d}", "Engineer", company_id])
    return companies, people


async def relational_read(url: str, key: str) -> dict[str, float]:
    """Every company with its people and each person's opportunities (companies -> people ->
    opportunities); requests counted on the wire."""
    counter = RequestCounter()
    started = time.perf_counter()
    companies = people = deals = 0
    samples: list[str] = []
    async with (
        aiohttp.ClientSession(trace_configs=[counter.config]) as session,
        TwentyClient(url, key, session=session) as tw,
    ):
        include = ["people.pointOfContactForOpportunities"]
        async for company in tw.companies.load(include=include):
            companies += 1
            for person in company.many_loaded("people", PersonFields):
                people += 1
                their_deals = person.many("pointOfContactForOpportunities", OpportunityFields)
                deals += len(their_deals)
                if their_deals and len(samples) < 3 and person.record.name:
                    names = ", ".join(f"{d.name} [{d.stage.value}]" for d in their_deals[:2])
                    samples.append(
                        f"  {company.record.name} -> {person.record.name.first_name} "
                        f"{person.record.name.last_name} -> {names}"
                    )
    elapsed = time.perf_counter() - started
    pages = -(-companies // 200)
    naive = pages + companies + people  # a page of companies, per company its people, per
    # person their opportunities
    console.print(
        f"[bold]relational read[/]: {companies:,} companies, {people:,} people, {deals:,} "
        f"opportunities in [green]{counter.count} requests[/] ({elapsed:.1f} s); "
        f"an N+1 loop needs [red]{naive:,}[/]"
    )
    console.print("\n".join(samples))
    return {
        "companies": companies,
        "people": people,
        "deals": deals,
        "requests": counter.count,
        "naive": naive,
        "seconds": elapsed,
    }


def export_companies(url: str, key: str, folder: Path) -> dict[str, float]:
    target = folder / "companies.csv"
    started = time.perf_counter()
    argv = ["companies", "--include", "people", "--format", "csv", "-o", str(target)]
    code = export.main([*argv, "--url", url, "--api-key", key])
    if code != 0:
        raise SystemExit(f"export failed with exit code {code}")
    with target.open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = sum(1 for _ in reader)
    elapsed = time.perf_counter() - started
    dotted = [column for column in header if "." in column][:3]
    console.print(
        f"[bold]export[/]: {rows:,} companies with their people to {target.name} "
        f"({target.stat().st_size / 1e6:.1f} MB, {len(header)} columns such as {dotted}) "
        f"in {elapsed:.1f} s"
    )
    return {"rows": rows, "seconds": elapsed}


def import_files(url: str, key: str, folder: Path) -> dict[str, float]:
    companies, people = write_import_files(folder)
    started = time.perf_counter()
    for path, name in ((companies, "companies"), (people, "people")):
        code = importer.main([name, str(path), "--url", url, "--api-key", key])
        if code != 0:
            raise SystemExit(f"import of {path.name} failed with exit code {code}")
    elapsed = time.perf_counter() - started
    total = COMPANIES * (1 + PEOPLE_PER_COMPANY)
    console.print(
        f"[bold]bulk import[/]: {COMPANIES:,} companies and {COMPANIES * PEOPLE_PER_COMPANY:,} "
        f"people in {elapsed:.1f} s ({total / elapsed:,.0f} records/s)"
    )
    return {"records": total, "seconds": elapsed}


def summary(results: dict[str, dict[str, float]]) -> None:
    table = Table(title="twenty-gql demo")
    table.add_column("step")
    table.add_column("what")
    table.add_column("requests / time", justify="right")
    if "import" in results:
        imp = results["import"]
        table.add_row(
            "bulk import",
            f"{imp['records']:,.0f} records, batches of 200, client UUIDs (no duplicates)",
            f"{imp['seconds']:.1f} s",
        )
    read = results["read"]
    table.add_row(
        "relational read",
        f"{read['companies']:,.0f} companies → {read['people']:,.0f} people, "
        f"{read['deals']:,.0f} opportunities",
        f"{read['requests']:.0f} requests vs N+1 {read['naive']:,.0f} "
        f"({read['naive'] / read['requests']:.0f} times fewer)",
    )
    exp = results["export"]
    table.add_row(
        "export", f"{exp['rows']:,.0f} companies with people, CSV", f"{exp['seconds']:.1f} s"
    )
    console.print(table)


async def read_and_export(url: str, key: str, folder: Path) -> dict[str, dict[str, float]]:
    read = await relational_read(url, key)
    exported = await asyncio.to_thread(export_companies, url, key, folder)
    return {"read": read, "export": exported}


def main() -> None:
    url, key = os.environ.get("TWENTY_API_URL"), os.environ.get("TWENTY_API_KEY")
    with tempfile.TemporaryDirectory(prefix="twenty-gql-demo-") as tmp:
        folder = Path(tmp)
        if url and key:
            console.print(f"Using the Twenty workspace at {url} (read-only)")
            summary(asyncio.run(read_and_export(url, key, folder)))
            return
        from twenty_gql.testing.emulator import Emulator
        from twenty_gql.testing.runner import EmulatorServer
        from twenty_gql.testing.seed import seed_demo

        emulator = Emulator()
        counts = seed_demo(emulator)
        with EmulatorServer(emulator) as server:
            console.print(f"Twenty emulator at {server.url} with demo data: {counts}")
            results = {"import": import_files(server.url, server.api_key, folder)}
            results.update(asyncio.run(read_and_export(server.url, server.api_key, folder)))
        summary(results)


if __name__ == "__main__":
    sys.exit(main())
