"""``twenty-gql export OBJECT``: stream every record of an object to JSON Lines or CSV.

Fields are learned at run time (``/metadata`` and the schema), so a custom field added in
Twenty a minute ago is exported without running codegen. Memory stays flat: one page is
written and dropped while the next one is on its way. The CSV layout is the one ``twenty-gql
import`` reads (``_formats``). Exit status: 0 done, 1 the server or the network failed,
2 the command was wrong (unknown object, field or relation, a bad ``--filter``).

    twenty-gql export companies --format csv -o companies.csv
    twenty-gql export people --fields name,emails.primaryEmail,companyId --include company
    twenty-gql export companies --filter '{"employees": {"gte": 100}}' --include people
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from ..bulk.relation_map import include_tree
from ..errors import InvalidInputError, QueryValidationError, TwentyError, ValidationError
from ..pagination import DEFAULT_PAGE_SIZE, Page
from ._connection import add_connection_arguments, add_rate_limit_argument, require_connection
from ._fetch import Include, attach, pages
from ._formats import CsvWriter, JsonlWriter, RecordWriter
from ._progress import progress_bar
from ._records import (
    Column,
    ObjectShape,
    UnknownNameError,
    choose_columns,
    did_you_mean,
    load_shape,
    relation_of,
)

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..metadata import ObjectInfo

__all__ = ["build_parser", "main", "parse_filter"]

_PROG = "twenty-gql export"
T = TypeVar("T")
_LOGICAL = ("and", "or", "not")


def _csv_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_filter(text: str) -> dict[str, Any]:
    """``--filter`` JSON -> a dict; a syntax error names its line, column and character."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(
            f"--filter is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno} "
            f"(char {exc.pos})"
        ) from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(
            f'--filter must be a JSON object such as {{"name": {{"eq": "Acme"}}}}, '
            f"got {type(value).__name__}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Stream an object's records to JSON Lines or CSV (fields from /metadata).",
    )
    parser.add_argument("object", help="the object's plural or singular name, e.g. companies")
    parser.add_argument(
        "--filter",
        type=parse_filter,
        default=None,
        metavar="JSON",
        help='a Twenty filter, e.g. \'{"employees": {"gte": 100}}\'',
    )
    parser.add_argument(
        "--fields",
        type=_csv_list,
        default=None,
        metavar="F1,F2",
        help="only these fields (a composite's sub-field: name.firstName)",
    )
    parser.add_argument(
        "--include",
        type=_csv_list,
        default=[],
        metavar="REL[.REL…],…",
        help="nest these relations' records, to any depth (people.pointOfContactForOpportunities)",
    )
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument(
        "-o", "--output", default="-", metavar="FILE", help="where to write (default -: stdout)"
    )
    parser.add_argument(
        "--page-size",
        type=int,
        default=DEFAULT_PAGE_SIZE,
        metavar="N",
        help=f"records per request (Twenty serves at most {DEFAULT_PAGE_SIZE})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_connection_arguments(parser)
    add_rate_limit_argument(parser)
    return parser


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one export reads: the object, its output columns, the relations to nest."""

    shape: ObjectShape
    columns: tuple[Column, ...]
    includes: tuple[Include, ...]

    @property
    def query_columns(self) -> tuple[Column, ...]:
        """The output columns plus the keys the relations are joined on."""
        extra = [i.relation.parent_key for i in self.includes]
        names = {c.name for c in self.columns}
        added = [self.shape.column(k) or Column(k) for k in dict.fromkeys(extra) if k not in names]
        return (*self.columns, *added)


def _check_filter(shape: ObjectShape, value: Any) -> None:
    """Top-level keys of the filter (and of and/or/not) must be fields: a typo fails here,
    naming close matches, not as a server error halfway through."""
    known = [f.name for f in shape.info.fields if f.is_active] + [c.name for c in shape.columns]
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, Mapping):
            continue
        for key, inner in item.items():
            if key in _LOGICAL:
                _check_filter(shape, inner)
            elif key not in known:
                hint = did_you_mean(key, known)
                raise UnknownNameError(
                    f"--filter: {shape.info.name_singular} has no field {key!r}{hint}"
                )


async def _plan(tw: BaseTwentyClient, args: argparse.Namespace) -> _Plan:
    objects = await tw.metadata.objects()
    info = next((o for o in objects if args.object in (o.name_plural, o.name_singular)), None)
    if info is None:
        hint = did_you_mean(args.object, [o.name_plural for o in objects if o.is_active])
        raise UnknownNameError(f"no object named {args.object!r} in this workspace{hint}")
    shape = await load_shape(tw.execute, info)
    columns = shape.columns if args.fields is None else choose_columns(shape, args.fields)
    if args.filter is not None:
        _check_filter(shape, args.filter)
    includes = await _includes(tw, objects, info, include_tree(args.include))
    return _Plan(shape, columns, includes)


async def _includes(
    tw: BaseTwentyClient,
    objects: Sequence[ObjectInfo],
    info: ObjectInfo,
    tree: Mapping[str, Mapping[str, Any]],
) -> tuple[Include, ...]:
    """``--include`` paths (``people.pointOfContactForOpportunities``) as a tree of includes,
    each with the shape of the records it reads (one introspection per object)."""
    found = []
    for name, below in tree.items():
        relation, target = relation_of(info, objects, name)
        shape = await load_shape(tw.execute, target)
        found.append(Include(relation, shape, await _includes(tw, objects, target, below)))
    return tuple(found)


@contextlib.contextmanager
def _opened(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        yield out


async def _write(
    tw: BaseTwentyClient,
    plan: _Plan,
    args: argparse.Namespace,
    stream: AsyncIterator[Page[dict[str, Any]]],
    out: TextIO,
) -> int:
    """Write every page of ``stream`` to ``out`` and drop it; the number of records."""
    includes = [i.relation.name for i in plan.includes]
    writer: RecordWriter = (CsvWriter if args.format == "csv" else JsonlWriter)(
        out, plan.columns, includes
    )
    written = 0
    with contextlib.ExitStack() as stack:
        advance = None
        async for page in stream:
            if advance is None:
                bar = progress_bar(
                    f"export {plan.shape.plural}", page.total_count, enabled=not args.quiet
                )
                advance = stack.enter_context(bar)
            await asyncio.gather(
                *(
                    attach(tw.execute, page.items, include, page_size=args.page_size)
                    for include in plan.includes
                )
            )
            writer.write(page.items)
            written += len(page.items)
            advance(len(page.items))
    return written


async def _prepend(first: Page[T], rest: AsyncIterator[Page[T]]) -> AsyncIterator[Page[T]]:
    yield first
    async for page in rest:
        yield page


async def _run(args: argparse.Namespace) -> int:
    from ..client import BaseTwentyClient

    async with BaseTwentyClient(args.url, args.api_key, rate_limit=args.rate_limit) as tw:
        plan = await _plan(tw, args)
        stream = pages(
            tw.execute, plan.shape, plan.query_columns, args.filter, page_size=args.page_size
        )
        # -o is opened once the first page came: a refused filter leaves no empty file
        first = await anext(stream)
        with _opened(args.output) as out:
            return await _write(tw, plan, args, _prepend(first, stream), out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(None if argv is None else list(argv))
    require_connection(parser, args)
    if args.page_size < 1:
        parser.error("--page-size must be at least 1")
    try:
        asyncio.run(_run(args))
    except (InvalidInputError, ValidationError, QueryValidationError) as exc:
        print(f"{_PROG}: {exc}", file=sys.stderr)
        return 2
    except TwentyError as exc:
        print(f"{_PROG}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `| head`: the reader has all it wants
        devnull = os.open(os.devnull, os.O_WRONLY)  # so the flush at exit does not fail
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0
