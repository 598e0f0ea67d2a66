"""``twenty-gql objects``: the workspace's objects as a table."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..errors import TwentyError
from ..metadata import ObjectInfo
from ._connection import add_connection_arguments, metadata_api, require_connection, table

__all__ = ["main", "render"]


def render(objects: list[ObjectInfo]) -> str:
    rows = [
        (
            o.name_singular,
            o.name_plural,
            o.label_singular,
            len(o.fields),
            "yes" if o.is_active else "no",
            "yes" if o.is_system else "",
        )
        for o in sorted(objects, key=lambda o: o.name_singular)
    ]
    return table(("NAME", "PLURAL", "LABEL", "FIELDS", "ACTIVE", "SYSTEM"), rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="twenty-gql objects", description="List the workspace's objects (from /metadata)."
    )
    add_connection_arguments(parser)
    parser.add_argument("--no-system", action="store_true", help="hide system objects")
    args = parser.parse_args(argv)
    require_connection(parser, args)

    async def run() -> list[ObjectInfo]:
        async with metadata_api(args.url, args.api_key) as metadata:
            return await metadata.objects()

    try:
        objects = asyncio.run(run())
    except TwentyError as exc:
        print(f"twenty-gql objects: {exc}", file=sys.stderr)
        return 1
    if args.no_system:
        objects = [o for o in objects if not o.is_system]
    print(render(objects))
    return 0
