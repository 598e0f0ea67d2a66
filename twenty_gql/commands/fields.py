"""``twenty-gql fields OBJECT``: one object's fields as a table (with SELECT options)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..errors import TwentyError
from ..metadata import FieldInfo
from ._connection import add_connection_arguments, metadata_api, require_connection, table

__all__ = ["main", "render"]

_MAX_OPTIONS = 60


def _details(field: FieldInfo) -> str:
    if field.options:
        text = ", ".join(field.option_values)
        return text if len(text) <= _MAX_OPTIONS else text[: _MAX_OPTIONS - 1] + "…"
    if field.relation_target:
        return f"-> {field.relation_target}"
    return ""


def render(fields: list[FieldInfo]) -> str:
    rows = [
        (
            f.name,
            f.type,
            f.label,
            "" if f.is_nullable is None else ("yes" if f.is_nullable else "no"),
            "" if f.default is None else repr(f.default),
            "yes" if f.is_active else "no",
            _details(f),
        )
        for f in fields
    ]
    return table(("NAME", "TYPE", "LABEL", "NULLABLE", "DEFAULT", "ACTIVE", "OPTIONS"), rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="twenty-gql fields", description="List one object's fields (from /metadata)."
    )
    parser.add_argument("object", help="the object's singular or plural name, e.g. company")
    add_connection_arguments(parser)
    parser.add_argument("--no-system", action="store_true", help="hide system fields")
    args = parser.parse_args(argv)
    require_connection(parser, args)

    async def run() -> list[FieldInfo]:
        async with metadata_api(args.url, args.api_key) as metadata:
            return await metadata.fields(args.object)

    try:
        fields = asyncio.run(run())
    except TwentyError as exc:
        print(f"twenty-gql fields: {exc}", file=sys.stderr)
        return 1
    if args.no_system:
        fields = [f for f in fields if not f.is_system]
    print(render(fields))
    return 0
