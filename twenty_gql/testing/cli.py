"""``twenty-gql serve``: run the Twenty-compatible emulator until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    serve = argparse.ArgumentParser(
        prog="twenty-gql serve", description="Run the Twenty-compatible emulator until stopped."
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--db", default=":memory:", help="SQLite file (default: in memory)")
    serve.add_argument("--api-key", default=None, help="the key to accept (default: random)")
    serve.add_argument("--seed", choices=("demo", "none"), default="none")
    serve.add_argument(
        "--rate-limit",
        default=None,
        metavar="SPEC",
        help="throttle API-key traffic like Twenty: N/WINDOW[,N/WINDOW] e.g. 100/1s,100/60s "
        "(one token per root resolver; default: off)",
    )
    return serve


async def _serve(args: argparse.Namespace) -> None:
    emulator = Emulator(db_path=args.db)
    if args.seed == "demo":
        from twenty_gql.testing.seed import seed_demo

        seed_demo(emulator)
    server = EmulatorServer(
        emulator,
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        rate_limit=args.rate_limit,
    )
    await server.start_async()
    print(f"Twenty emulator serving {server.graphql_url}", flush=True)
    print(f"API key: {server.api_key}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop_async()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0
