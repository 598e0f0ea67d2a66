"""``twenty-gql serve``: run the Twenty-compatible emulator until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.fault_spec import FAULT_KEYS, parse_fault_spec
from twenty_gql.testing.faults import FaultConfig
from twenty_gql.testing.runner import EmulatorServer

__all__ = ["build_parser", "main", "seeded_summary"]


def _faults(spec: str) -> FaultConfig:
    try:
        return parse_fault_spec(spec)
    except ValueError as exc:  # argparse prints it and exits with status 2
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    serve = argparse.ArgumentParser(
        prog="twenty-gql serve",
        description="Run the Twenty-compatible emulator until stopped.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on")
    serve.add_argument(
        "--db",
        default=":memory:",
        help="SQLite file keeping records and custom metadata across restarts",
    )
    serve.add_argument(
        "--api-key", default=None, help="the API key to accept; a random one (printed) if not given"
    )
    serve.add_argument(
        "--seed",
        choices=("demo", "none"),
        default="none",
        help="demo: fill the workspace with companies, people, opportunities, notes, tasks",
    )
    serve.add_argument(
        "--rate-limit",
        default=None,
        metavar="SPEC",
        help="throttle API-key traffic like Twenty: N/WINDOW[,N/WINDOW] e.g. 100/1s,100/60s "
        "(one token per root resolver; off when not given)",
    )
    serve.add_argument(
        "--faults",
        default=None,
        type=_faults,
        metavar="SPEC",
        help="inject faults, seeded: key=value[,key=value] e.g. "
        "seed=3,http_error_rate=0.1,connection_reset_rate=0.05,response_lost_rate=0.05,"
        f"latency_ms=20 (keys: {', '.join(FAULT_KEYS)}; off when not given)",
    )
    return serve


def seeded_summary(counts: dict[str, int]) -> str:
    """``seeded demo workspace: 3 workspace members, 40 companies, ...`` from real counts."""
    parts = []
    for key, count in counts.items():
        words = "".join(f" {c.lower()}" if c.isupper() else c for c in key)
        parts.append(f"{count} {words}")
    return "seeded demo workspace: " + ", ".join(parts)


async def _serve(args: argparse.Namespace) -> None:
    emulator = Emulator(db_path=args.db)
    if args.seed == "demo":
        from twenty_gql.testing.seed import seed_demo

        print(seeded_summary(seed_demo(emulator)), flush=True)
    server = EmulatorServer(
        emulator,
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        rate_limit=args.rate_limit,
        faults=args.faults,
    )
    await server.start_async()
    print(f"Twenty emulator serving {server.graphql_url}", flush=True)
    print(f"API key: {server.api_key}", flush=True)
    if args.faults is not None:
        print(f"faults: {args.faults}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop_async()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0
