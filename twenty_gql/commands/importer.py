"""``twenty-gql import OBJECT FILE``: a JSONL or CSV file into Twenty, resumable, exactly once.

Two passes over the file, so memory stays flat for any size:

1. validation: every row against the object's generated create input; any problem (a
   malformed line, an unknown column, a wrong type) is reported by line and column and
   nothing is written (exit 2);
2. writing: chunks of rows through ``CreateWriter`` (the machinery of ``create_many``).

Each row's id is a UUID5 of the file's digest and its line number (unless the row has an
``id``), so a rerun of the same file writes the same ids: with ``--resume`` the checkpoint
skips finished batches, and the batches that were in flight when the run died find their
own rows and count them as written. Failed rows go to ``--failed-out`` with their error;
the exit code is 1 when any row failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import IO, Any

import orjson
import pydantic

from ..errors import TwentyError
from ._checkpoint import Checkpoint
from ._connection import add_connection_arguments, add_rate_limit_argument, require_connection
from ._formats import CodecOf, RowError, detect_format, read_header, read_records
from ._rows import codecs_for, file_digest, skip_set_by_twenty, unknown_columns, unknown_field
from ._rows import validate as validate_row

__all__ = ["main"]

#: problems listed before the validation pass gives up listing
_MAX_PROBLEMS = 20
#: distinct failure reasons printed under the summary (all of them are in the failed-rows file)
_MAX_REASONS = 5
_NAMESPACE = uuid.UUID("6f0c6e1e-5b1a-4a57-9d7e-2b3f3c1d7a10")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twenty-gql import",
        description="Import a JSONL or CSV file of records in the layout twenty-gql export "
        "writes (CSV: dotted columns such as domainName.primaryLinkUrl for composite fields, "
        "an empty cell is null, lists as JSON, true/false). Columns Twenty sets itself "
        "(createdBy.name, createdBy.workspaceMemberId) are skipped with a notice; any other "
        "unknown column is an error. The whole file is validated before anything is written.",
    )
    parser.add_argument("object", help="object name: company, companies, Company, …")
    parser.add_argument("file", type=Path, help="a .jsonl or .csv file")
    parser.add_argument("--format", choices=("jsonl", "csv"), help="default: by extension")
    parser.add_argument(
        "--upsert", action="store_true", help="update records matched by id or a unique field"
    )
    parser.add_argument("--batch-size", type=int, default=200, help="records a request (≤200)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    parser.add_argument(
        "--resume", action="store_true", help="continue from FILE.twenty-import.json"
    )
    parser.add_argument("--failed-out", type=Path, help="default: FILE.failed.jsonl")
    parser.add_argument(
        "--package", default="twenty_gql.standard", help="generated package to validate with"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_connection_arguments(parser)
    add_rate_limit_argument(parser)
    return parser


def _client_class(package: str) -> Any:
    from ..client import BaseTwentyClient

    return type("ImportClient", (BaseTwentyClient,), {"package_name": package})


def check_file(
    model: type[pydantic.BaseModel],
    path: Path,
    fmt: str,
    skipped: set[str] | None = None,
    unknown_out: set[str] | None = None,
) -> tuple[int, list[str]]:
    """Pass 1: the number of rows, and the problems (empty when the file is importable).
    Columns skipped as set by Twenty are added to ``skipped``, unknown ones to
    ``unknown_out``."""
    problems: list[str] = []
    skipped = set() if skipped is None else skipped
    unknown_out = set() if unknown_out is None else unknown_out
    codec_of = codecs_for(model)
    rows = 0
    try:
        if fmt == "csv":
            unknown = unknown_columns(model, read_header(path))
            unknown_out.update(unknown)
            problems += [str(RowError(1, c, unknown_field(model, c))) for c in unknown]
        else:
            unknown = []
        for line, row in read_records(path, fmt, codec_of):
            rows += 1
            if len(problems) < _MAX_PROBLEMS:
                row = skip_set_by_twenty(model, row, skipped)
                # an unknown CSV column is named once, at the header, not on every line
                found = validate_row(model, line, row)
                problems += [str(p) for p in found if p.column not in unknown]
                unknown_out.update(
                    p.column for p in found if p.column and p.message.startswith("unknown field")
                )
    except RowError as exc:
        problems.append(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"cannot read {path}: {exc}")
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    require_connection(parser, args)
    if not 1 <= args.batch_size <= 200 or args.concurrency < 1:
        parser.error("--batch-size must be 1..200 and --concurrency >= 1")
    from .._binding import package_binding

    try:
        binding = package_binding(args.package).object(args.object)
        model = binding.input_model("create")
    except TwentyError as exc:
        print(f"twenty-gql import: {exc}", file=sys.stderr)
        _print_stale_hint(args, args.object, set())
        return 2
    path: Path = args.file
    fmt = detect_format(path, args.format)
    skipped: set[str] = set()
    unknown: set[str] = set()
    total, problems = check_file(model, path, fmt, skipped, unknown)
    if problems:
        for problem in problems[:_MAX_PROBLEMS]:
            print(f"{path}: {problem}", file=sys.stderr)
        more = len(problems) - _MAX_PROBLEMS
        if more > 0:
            print(f"{path}: … {more} more problems", file=sys.stderr)
        print(f"twenty-gql import: {path} is not importable; nothing was written", file=sys.stderr)
        if unknown:
            _print_stale_hint(args, binding.name, unknown)
        return 2
    if skipped:
        print(
            f"twenty-gql import: skipping {', '.join(sorted(skipped))} (set by Twenty itself)",
            file=sys.stderr,
        )
    try:
        return asyncio.run(_Import(args, binding.name, model, fmt, total).run())
    except _Refused as exc:
        print(f"twenty-gql import: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: rerun with --resume to continue", file=sys.stderr)
        return 130


def _print_stale_hint(args: argparse.Namespace, object_name: str, columns: set[str]) -> None:
    """When the workspace has what the generated package lacks (an object or field added in
    Twenty since codegen), say so: the fix is a codegen run, not the file."""
    live = asyncio.run(_live_names(args, object_name))
    if live is None:
        return  # the workspace could not be asked: the errors above stand alone
    objects, fields = live
    package = args.package
    if not columns and object_name in objects:
        print(
            f"twenty-gql import: {object_name} exists in the workspace but not in {package}: "
            "generate a package for your workspace (twenty-gql codegen --out DIR --package "
            "NAME) and pass --package NAME",
            file=sys.stderr,
        )
    stale = sorted(c for c in columns if c.partition(".")[0] in fields)
    if stale:
        print(
            f"twenty-gql import: {', '.join(stale)} {'exists' if len(stale) == 1 else 'exist'} "
            f"in the workspace's {object_name} but "
            f"not in {package}: regenerate it (twenty-gql codegen) and pass --package",
            file=sys.stderr,
        )


async def _live_names(
    args: argparse.Namespace, object_name: str
) -> tuple[set[str], set[str]] | None:
    """(object names, the object's field names) from ``/metadata``; None if it cannot say."""
    from ..client import BaseTwentyClient

    try:
        async with BaseTwentyClient(args.url, args.api_key, max_retries=1) as tw:
            objects = await tw.metadata.objects()
    except TwentyError:
        return None
    names = {n for o in objects for n in (o.name_singular, o.name_plural)}
    info = next((o for o in objects if object_name in (o.name_singular, o.name_plural)), None)
    return names, {f.name for f in info.fields} if info is not None else set()


class _Refused(Exception):
    """The import cannot start as asked (exit 2)."""


def _per_record(error: TwentyError) -> bool:
    """A failure of the row itself (retrying the same row cannot help)."""
    from ..errors import DuplicateRecordError, ValidationError

    return isinstance(error, DuplicateRecordError | ValidationError)


class _Import:
    """Pass 2: the writing, the checkpoint, the failed-rows file, the summary."""

    def __init__(
        self,
        args: argparse.Namespace,
        object_name: str,
        model: type[pydantic.BaseModel],
        fmt: str,
        total: int,
    ) -> None:
        self.args = args
        self.object_name = object_name
        self.model = model
        self.fmt = fmt
        self.total = total
        self.path: Path = args.file
        self.checkpoint_path = self.path.with_name(self.path.name + ".twenty-import.json")
        self.failed_path: Path = args.failed_out or self.path.with_name(
            self.path.name + ".failed.jsonl"
        )

    def _checkpoint(self, digest: str) -> Checkpoint:
        if self.args.resume:
            previous = Checkpoint.load(self.checkpoint_path)
            if previous is not None:
                if previous.digest != digest or previous.object != self.object_name:
                    raise _Refused(
                        f"{self.checkpoint_path} is for another version of the file or another "
                        "object; remove it to start over"
                    )
                return previous
        return Checkpoint(digest, self.object_name)

    async def run(self) -> int:
        from ..bulk.writes import BatchDone, CreateWriter, Item
        from ._progress import progress_bar

        digest = file_digest(self.path)
        checkpoint = self._checkpoint(digest)
        counts = [0, 0]  # written, failed in this run
        reasons: Counter[str] = Counter()  # "AuthenticationError: Token invalid." -> rows
        args = self.args
        started = time.monotonic()
        skipped = 0
        failed_out: IO[bytes] = self.failed_path.open("ab" if args.resume else "wb")
        client = _client_class(args.package)(args.url, args.api_key, rate_limit=args.rate_limit)
        with (
            failed_out,
            progress_bar(
                f"import {self.object_name}", self.total, enabled=not args.quiet
            ) as advance,
        ):
            async with client as tw:
                resource = tw.resource(self.object_name)

                def derived(line: int) -> str:
                    return str(uuid.uuid5(_NAMESPACE, f"{digest}:{self.object_name}:{line}"))

                writer: CreateWriter[Any] = CreateWriter(
                    resource,
                    batch_size=args.batch_size,
                    concurrency=args.concurrency,
                    upsert=args.upsert,
                    # derived ids can only exist from an earlier run of this very file
                    owned_ids=lambda item: args.resume or item.id == derived(item.index),
                    ids_only=True,  # the import counts records, it never reads them back
                )

                def on_batch(done: BatchDone[Any]) -> None:
                    # A batch that failed for a passing reason (retries spent, server down)
                    # is not marked done: --resume sends it again.
                    retry = any(not _per_record(f.error) for f in done.failed)
                    for failure in done.failed:
                        reasons[f"{type(failure.error).__name__}: {failure.error}"] += 1
                        entry = {
                            "line": failure.index,
                            "record": failure.record,
                            "error": str(failure.error),
                            "error_type": type(failure.error).__name__,
                            "retried_on_resume": retry,
                        }
                        failed_out.write(orjson.dumps(entry) + b"\n")
                    failed_out.flush()
                    counts[0] += len(done.written)
                    counts[1] += len(done.failed)
                    if not retry:
                        first, last = done.items[0].index, done.items[-1].index
                        checkpoint.finished(first, last, len(done.written), len(done.failed))
                        checkpoint.save(self.checkpoint_path)
                    advance(len(done.items))

                chunk: list[Item] = []
                chunk_size = writer.batch_size * writer.concurrency * 4

                async def flush() -> None:
                    for start in range(0, len(chunk), writer.batch_size):
                        batch = chunk[start : start + writer.batch_size]
                        checkpoint.started(batch[0].index, batch[-1].index)
                    await writer.run(chunk, on_batch)
                    chunk.clear()

                codec_of: CodecOf = codecs_for(self.model)
                for line, row in read_records(self.path, self.fmt, codec_of):
                    if checkpoint.is_done(line):
                        skipped += 1
                        advance(1)
                        continue
                    row = skip_set_by_twenty(self.model, row, set())
                    # a null (an empty cell) is left for Twenty to default, as in a create
                    # without the field: Twenty's text fields are '' and never null
                    data = self.model.model_validate(row).model_dump(
                        by_alias=True, exclude_unset=True, exclude_none=True
                    )
                    if data.get("id") is None:
                        data["id"] = derived(line)
                    chunk.append(Item(line, row, data))
                    if len(chunk) >= chunk_size:
                        await flush()
                if chunk:
                    await flush()
        elapsed = time.monotonic() - started
        if self.failed_path.stat().st_size == 0:
            self.failed_path.unlink()  # no failed rows, now or before: no empty file left
        written, failed = counts
        rate = written / elapsed if elapsed > 0 else 0.0
        print(
            f"{self.object_name}: {written} written, {failed} failed, {skipped} skipped "
            f"(done before), {elapsed:.1f} s, {rate:,.0f} records/s"
        )
        for reason, rows in reasons.most_common(_MAX_REASONS):
            print(f"  {rows} x {reason[:200]}", file=sys.stderr)
        if len(reasons) > _MAX_REASONS:
            print(f"  … and {len(reasons) - _MAX_REASONS} other errors", file=sys.stderr)
        if failed or checkpoint.failed:
            print(f"failed rows and their errors: {self.failed_path}", file=sys.stderr)
            return 1
        return 0
