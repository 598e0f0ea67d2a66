"""``twenty-gql export`` at growing sizes: peak memory must stay flat, rows/s steady.

For each size, companies are written straight into an emulator SQLite file through the
store's bulk ``insert`` (no HTTP, so seeding a million takes minutes, not hours), the
emulator serves that file from its own process (``twenty-gql serve --db FILE``), and the
export runs as a third process, ``twenty-gql export companies --format csv -o /dev/null``.
Its peak RSS and CPU time come from ``os.wait4`` (the kernel's rusage of that one child), so
neither the server nor this script is counted; CPU seconds well under the wall time mean the
export waited on the server.

    python bench/bench_export.py [--sizes 10000,100000,300000] [--format csv] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_read import KEY, free_port  # noqa: E402
from twenty_gql.testing.emulator import Emulator  # noqa: E402

BATCH = 5000
CITIES = ("Paris", "Lisbon", "Tokyo", "Toronto", "London", "Berlin")


def seed(path: Path, count: int) -> float:
    """``count`` companies into the SQLite file at ``path``; the seconds it took."""
    started = time.perf_counter()
    emulator = Emulator(db_path=str(path))
    try:
        for start in range(0, count, BATCH):
            emulator.store.insert(
                "company",
                [
                    {
                        "id": str(uuid.UUID(int=i + 1, version=4)),
                        "name": f"Company {i:07d}",
                        "employees": i % 5000,
                        "domainName": {"primaryLinkUrl": f"https://c{i}.example.com"},
                        "address": {"addressCity": CITIES[i % len(CITIES)]},
                        "annualRecurringRevenue": {"amountMicros": i * 1000, "currencyCode": "EUR"},
                        "idealCustomerProfile": i % 5 == 0,
                    }
                    for i in range(start, min(start + BATCH, count))
                ],
            )
    finally:
        emulator.store.close()
    return time.perf_counter() - started


class Server:
    """``twenty-gql serve --db FILE`` in a child process."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "twenty_gql.cli", "serve", "--port", str(self.port),
                   "--api-key", KEY, "--db", str(db)]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)

    def __enter__(self) -> Server:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("twenty-gql serve did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(30)


def export(url: str, fmt: str) -> tuple[float, float, float, int]:
    """One export to /dev/null: (seconds, its CPU seconds, peak RSS in MB, exit status)."""
    command = [sys.executable, "-m", "twenty_gql.cli", "export", "companies", "--format", fmt,
               "-o", os.devnull, "-q", "--url", url, "--api-key", KEY]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - started, cpu, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,300000",
                        help="comma-separated company counts (1000000 takes a while)")  # fmt: skip
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--keep", default=None, help="directory for the SQLite files (reused)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("     rows   seed s  export s   rows/s   CPU s  peak RSS MB")
    for size in sizes:
        db = folder / f"companies-{size}.db"
        seeded = 0.0 if db.exists() else seed(db, size)
        with Server(db) as server:
            seconds, cpu, peak, code = export(server.url, args.format)
        if code != 0:
            raise SystemExit(f"export of {size} rows failed with exit status {code}")
        rate = size / seconds
        row = f"{size:>9,}  {seeded:>7.1f}  {seconds:>8.1f}  {rate:>7,.0f}  {cpu:>6.1f}"
        print(f"{row}  {peak:>11.1f}", flush=True)
        if args.keep is None:
            db.unlink()


if __name__ == "__main__":
    main()
