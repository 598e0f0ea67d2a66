"""What the metadata commands share: ``--url``/``--api-key``, a ``MetadataAPI``, tables."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from ..metadata import MetadataAPI

__all__ = [
    "add_connection_arguments",
    "add_rate_limit_argument",
    "metadata_api",
    "metadata_url",
    "parse_rate_limit",
    "require_connection",
    "table",
]


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        default=os.environ.get("TWENTY_API_URL"),
        help="Twenty server URL, its /graphql or /metadata (default $TWENTY_API_URL)",
    )
    parser.add_argument(
        "--api-key",
        default=os.environ.get("TWENTY_API_KEY"),
        help="API key (default $TWENTY_API_KEY)",
    )


def parse_rate_limit(text: str) -> tuple[int, float]:
    """``100/60`` or ``100/60s`` -> (100, 60.0): requests per seconds."""
    try:
        requests, _, seconds = text.strip().rstrip("s").partition("/")
        parsed = (int(requests), float(seconds or 60))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--rate-limit must be REQUESTS/SECONDS such as 100/60, got {text!r}"
        ) from None
    if parsed[0] < 1 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError(f"--rate-limit must be positive, got {text!r}")
    return parsed


def add_rate_limit_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rate-limit",
        type=parse_rate_limit,
        default=None,
        metavar="N/SECONDS",
        help="pace requests to N per SECONDS (e.g. 100/60, Twenty Cloud's limit); "
        "throttling by the server is learned and paced anyway",
    )


def metadata_url(url: str) -> str:
    """``http://h:3000``, ``…/graphql`` or ``…/metadata`` -> ``…/metadata``."""
    base = url.rstrip("/")
    for suffix in ("/graphql", "/metadata"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return f"{base}/metadata"


@asynccontextmanager
async def metadata_api(url: str, api_key: str) -> AsyncIterator[MetadataAPI]:
    """The ``MetadataAPI`` of a ``TwentyClient`` for ``url`` (root, /graphql or /metadata)."""
    from ..client import BaseTwentyClient

    async with BaseTwentyClient(url, api_key) as client:
        yield client.metadata


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: left-aligned columns, a rule under the header."""
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def require_connection(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not args.url:
        parser.error("no server: pass --url or set TWENTY_API_URL")
    if not args.api_key:
        parser.error("no API key: pass --api-key or set TWENTY_API_KEY")
