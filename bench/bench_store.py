"""Record store page latency at 100k companies, in process (no HTTP).

Measures a filtered (``employees gt`` + ``name ilike``), ordered (``employees DescNullsLast``)
200-record page with ``totalCount``, then the next page by cursor, against two baselines taken
in the same run over the same rows:

* ``python``: a naive in-memory filter + sort of the same dicts (what a store without SQL does);
* ``raw sql``: the equivalent hand-written SQLite query returning bare tuples (the floor the
  store's compilation, validation and record shaping add to).

Prints medians in ms and ratios; no assertion (see /work/notes: performance is measured, not
asserted).

    python bench/bench_store.py [--records 100000] [--runs 25]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.store import RecordStore

WORDS = ("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "wonka")
CITIES = ("Paris", "Berlin", "Oslo", "Lagos", "Lima", "Osaka", None)
FILTER = {"employees": {"gt": 100}, "name": {"ilike": "%acme%"}}
ORDER = [{"employees": "DescNullsLast"}]


def make_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(1)
    rows = []
    for i in range(count):
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "name": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
                "employees": None if i % 10 == 0 else float(rng.randrange(1, 5000)),
                "domainName": {"primaryLinkUrl": f"https://c{i}.example.com"},
                "address": {"addressCity": rng.choice(CITIES)},
                "annualRecurringRevenue": {
                    "amountMicros": rng.randrange(0, 10**12),
                    "currencyCode": "USD",
                },
                "idealCustomerProfile": rng.random() < 0.2,
            }
        )
    return rows


def median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def python_page(rows: list[dict[str, Any]], after: tuple[float, str] | None) -> list[Any]:
    """Naive baseline: filter and sort the dicts in Python, then slice a page."""
    hits = [
        r
        for r in rows
        if r["employees"] is not None and r["employees"] > 100 and "acme" in r["name"].lower()
    ]
    hits.sort(key=lambda r: r["id"])
    hits.sort(key=lambda r: r["employees"], reverse=True)
    if after is not None:
        hits = [r for r in hits if (-r["employees"], r["id"]) > (-after[0], after[1])]
    _total = len(hits)
    return hits[:201]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()

    rows = make_rows(args.records)
    store = RecordStore(standard_workspace())
    start = time.perf_counter()
    with store.transaction():
        for offset in range(0, len(rows), 5000):
            store.insert("company", rows[offset : offset + 5000])
    load_s = time.perf_counter() - start

    first = store.find_many("company", filter=FILTER, order_by=ORDER, first=200, with_total=True)
    cursor = first.cursors[-1]
    boundary = first.records[-1]

    page_ms = median_ms(
        lambda: store.find_many("company", filter=FILTER, order_by=ORDER, first=200), args.runs
    )
    total_ms = median_ms(lambda: store.count("company", FILTER), args.runs)
    page_total_ms = median_ms(
        lambda: store.find_many(
            "company", filter=FILTER, order_by=ORDER, first=200, with_total=True
        ),
        args.runs,
    )
    next_ms = median_ms(
        lambda: store.find_many("company", filter=FILTER, order_by=ORDER, first=200, after=cursor),
        args.runs,
    )
    python_ms = median_ms(lambda: python_page(rows, None), max(3, args.runs // 5))
    python_next_ms = median_ms(
        lambda: python_page(rows, (boundary["employees"], boundary["id"])), max(3, args.runs // 5)
    )
    raw_sql = (
        'SELECT id, name, employees FROM company WHERE employees > ? AND name LIKE ? ESCAPE "\\" '
        'AND "deletedAt" IS NULL ORDER BY employees DESC NULLS LAST, id ASC LIMIT 201'
    )
    raw_ms = median_ms(lambda: store._conn.execute(raw_sql, (100, "%acme%")).fetchall(), args.runs)

    print(
        f"record store, {args.records} companies (loaded in {load_s:.1f} s, "
        f"{args.records / load_s:,.0f} records/s); page of 200 matching {first.total_count}"
    )
    print(f"  page (filter+order, 200 rows)         {page_ms:8.2f} ms")
    print(f"  page + totalCount                     {page_total_ms:8.2f} ms")
    print(f"  next page by cursor                   {next_ms:8.2f} ms")
    print(f"  totalCount alone                      {total_ms:8.2f} ms")
    print(f"  baseline python filter+sort (page)    {python_ms:8.2f} ms")
    print(f"  baseline python filter+sort (next)    {python_next_ms:8.2f} ms")
    print(f"  baseline raw SQL (bare tuples)        {raw_ms:8.2f} ms")
    print(f"  ratio page+total / python             {page_total_ms / python_ms:8.3f}")
    print(f"  ratio next page / python              {next_ms / python_next_ms:8.3f}")
    print(f"  ratio page / raw SQL                  {page_ms / raw_ms:8.2f}")


if __name__ == "__main__":
    main()
