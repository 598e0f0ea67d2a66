"""``twenty-gql``: serve the emulator, or generate a typed client from a workspace schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="run the Twenty-compatible emulator until stopped")
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
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "codegen":
        from twenty_gql.codegen.cli import main as codegen_main

        return codegen_main(argv[1:])
    parser = argparse.ArgumentParser(prog="twenty-gql", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _serve_parser(sub)
    sub.add_parser("codegen", help="generate a typed client (see twenty-gql codegen --help)")
    args = parser.parse_args(argv)
    if args.command == "serve":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
