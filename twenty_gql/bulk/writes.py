"""``create_many``: any number of records, in concurrent batches, nothing duplicated or lost.

Why each piece:

- Every record is validated before the first request, so a typo costs nothing written.
- Every record gets a client UUID (unless it has one), so a batch is safe to repeat: the
  transport retries it after a lost response, and a repeat that meets its own earlier rows
  (a duplicate) looks those ids up and writes only the missing ones.
- Twenty rejects a whole batch for one bad record (a duplicate domain, a refused value);
  such a batch is bisected until the bad records are alone, and the rest is written.
- Batches share the client's request path, so the rate limiter paces all of them together.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .. import _policies, errors
from .._inputs import dump_input
from ._send import attempts_of, find_by_ids, gc_paused, send
from .results import BulkResult, FailedRecord, RecordRef

if TYPE_CHECKING:
    from ..resources import Resource

__all__ = ["MAX_BATCH", "BatchDone", "CreateWriter", "Item", "check_sizes", "prepare_creates"]

NodeT = TypeVar("NodeT")

#: Twenty's QUERY_MAX_RECORDS: the most records one createMany/updateMany/deleteMany takes
MAX_BATCH = 200

#: failures that say nothing about one record: every further batch would fail the same way
_FATAL = (errors.AuthenticationError, errors.PermissionDeniedError, errors.QueryValidationError)
#: failures that one bad record of a batch causes: bisect to find it
_PER_RECORD = (errors.DuplicateRecordError, errors.ValidationError)


@dataclass(slots=True)
class Item:
    """One input record: its input position, the input as given, the dumped data sent."""

    index: int
    record: Any
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass(slots=True)
class BatchDone(Generic[NodeT]):
    """One batch finished: its items, and which of them were written or failed."""

    items: list[Item]
    written: list[tuple[int, NodeT]]
    failed: list[FailedRecord]


def check_sizes(batch_size: int, concurrency: int) -> tuple[int, int]:
    """``batch_size`` clamped to 1..200 (Twenty's cap); ``concurrency`` must be >= 1."""
    if batch_size < 1:
        raise errors.InvalidInputError(f"batch_size must be >= 1, got {batch_size}")
    if concurrency < 1:
        raise errors.InvalidInputError(f"concurrency must be >= 1, got {concurrency}")
    return min(batch_size, MAX_BATCH), concurrency


def prepare_creates(
    resource: Resource[Any, Any, Any, Any, Any], records: Sequence[Any]
) -> list[Item]:
    """Each record validated against the create input and given an id; the first bad one
    raises ``InvalidInputError`` naming its index and field."""
    model = resource._binding.input_model("create")
    items: list[Item] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        data = dump_input(model, record, f"{resource.name_plural}.create_many record #{index}")
        if data.get("id") is None:
            data["id"] = str(uuid.uuid4())
        key = str(data["id"])
        if key in seen:
            raise errors.InvalidInputError(
                f"{resource.name_plural}.create_many record #{index}: id {key} repeats "
                f"record #{seen[key]}'s"
            )
        seen[key] = index
        items.append(Item(index, record, data))
    return items


class CreateWriter(Generic[NodeT]):
    """Writes prepared items in batches; ``owned_ids`` says an id found already existing can
    only be from an earlier attempt of this write (client-assigned or deterministic ids)."""

    def __init__(
        self,
        resource: Resource[Any, Any, Any, Any, Any],
        *,
        batch_size: int = MAX_BATCH,
        concurrency: int = 4,
        upsert: bool = False,
        timeout: float | None = None,
        owned_ids: Callable[[Item], bool] | None = None,
        ids_only: bool = False,
    ) -> None:
        self.resource = resource
        self.ids_only = ids_only
        self.batch_size, self.concurrency = check_sizes(batch_size, concurrency)
        self.upsert = upsert
        self.timeout = timeout
        self._owned = owned_ids or (lambda item: False)
        self._fatal: errors.TwentyError | None = None

    async def run(
        self, items: Sequence[Item], on_batch: Callable[[BatchDone[NodeT]], object] | None = None
    ) -> BulkResult[NodeT]:
        """Write ``items``; ``on_batch`` is called as each batch finishes (in any order)."""
        semaphore = asyncio.Semaphore(self.concurrency)
        written: list[tuple[int, NodeT]] = []
        failed: list[FailedRecord] = []

        async def one(batch: list[Item]) -> None:
            async with semaphore:
                done: BatchDone[NodeT] = BatchDone(batch, [], [])
                await self._write(batch, done)
            written.extend(done.written)
            failed.extend(done.failed)
            if on_batch is not None:
                on_batch(done)

        batches = [
            list(items[start : start + self.batch_size])
            for start in range(0, len(items), self.batch_size)
        ]
        await asyncio.gather(*(one(batch) for batch in batches))
        written.sort(key=lambda pair: pair[0])
        failed.sort(key=lambda failure: failure.index)
        return BulkResult([node for _, node in written], failed)

    async def _write(self, items: list[Item], done: BatchDone[NodeT]) -> None:
        if self._fatal is not None:
            done.failed += [FailedRecord(i.index, i.record, self._fatal) for i in items]
            return
        variables: dict[str, Any] = {"data": [item.data for item in items]}
        if self.upsert:
            variables["upsert"] = True
        try:
            nodes, _ = await send(
                self.resource, "create_many", variables, self.timeout, ids_only=self.ids_only
            )
        except errors.TwentyError as exc:
            await self._recover(items, exc, done)
            return
        done.written += _pair(items, nodes)

    async def _recover(
        self, items: list[Item], exc: errors.TwentyError, done: BatchDone[NodeT]
    ) -> None:
        """After a failed batch: count our own earlier rows, bisect out bad records."""
        if isinstance(exc, errors.DuplicateRecordError):
            # A duplicate on a retry may be this batch's own first attempt, applied although
            # its response was lost; with owned ids, a previous run's.
            if attempts_of(exc) > 1 or all(self._owned(item) for item in items):
                rest = await self._skip_existing(items, exc, done)
                if rest is None or not rest:
                    return
                if len(rest) < len(items):
                    await self._write(rest, done)
                    return
            await self._bisect(items, exc, done)
        elif isinstance(exc, _PER_RECORD):
            await self._bisect(items, exc, done)
        elif _policies.may_have_been_applied(exc):
            # retries spent on an ambiguous failure: what exists was written, the rest failed
            rest = await self._skip_existing(items, exc, done)
            done.failed += [FailedRecord(i.index, i.record, exc) for i in rest or ()]
        else:
            if isinstance(exc, _FATAL):
                self._fatal = exc
            done.failed += [FailedRecord(i.index, i.record, exc) for i in items]

    async def _skip_existing(
        self, items: list[Item], exc: errors.TwentyError, done: BatchDone[NodeT]
    ) -> list[Item] | None:
        """Count the items whose id already exists as written and return the others; None
        when the lookup itself failed (then every item is reported failed with ``exc``)."""
        try:
            existing = await find_by_ids(self.resource, [i.id for i in items], self.timeout)
        except errors.TwentyError:
            done.failed += [FailedRecord(i.index, i.record, exc) for i in items]
            return None
        rest = []
        for item in items:
            node = existing.get(item.id)
            if node is None:
                rest.append(item)
            else:
                found: Any = RecordRef(id=node.id) if self.ids_only else node
                done.written.append((item.index, found))
        return rest

    async def _bisect(
        self, items: list[Item], exc: errors.TwentyError, done: BatchDone[NodeT]
    ) -> None:
        if len(items) == 1:
            done.failed.append(FailedRecord(items[0].index, items[0].record, exc))
            return
        middle = len(items) // 2
        await self._write(items[:middle], done)
        await self._write(items[middle:], done)


def _pair(items: list[Item], nodes: list[Any]) -> list[tuple[int, Any]]:
    """Each returned record with its input's index. Twenty returns a batch's records in
    database order, not input order, so they are matched by id; a record an upsert matched
    by a unique field keeps its own id (Twenty drops the one sent), so what is left pairs
    up in order."""
    by_id = {str(node.id): node for node in nodes}
    paired: list[tuple[int, Any]] = []
    unmatched: list[Item] = []
    for item in items:
        node = by_id.pop(item.id, None)
        if node is None:
            unmatched.append(item)
        else:
            paired.append((item.index, node))
    leftover = [node for node in nodes if str(node.id) in by_id]
    paired += [(item.index, node) for item, node in zip(unmatched, leftover, strict=False)]
    return paired


async def create_many(
    resource: Resource[Any, Any, Any, Any, Any],
    records: Sequence[Any],
    *,
    batch_size: int,
    concurrency: int,
    upsert: bool,
    on_progress: Callable[[int], object] | None,
    timeout: float | None,
    returning: str = "records",
) -> BulkResult[Any]:
    """What ``Resource.create_many`` does (documented there)."""
    if returning not in ("records", "ids"):
        raise errors.InvalidInputError(f"returning must be 'records' or 'ids', got {returning!r}")
    with gc_paused():
        items = prepare_creates(resource, records)
    writer: CreateWriter[Any] = CreateWriter(
        resource,
        batch_size=batch_size,
        concurrency=concurrency,
        upsert=upsert,
        timeout=timeout,
        ids_only=returning == "ids",
    )
    progress = 0

    def on_batch(batch: BatchDone[Any]) -> None:
        nonlocal progress
        progress += len(batch.items)
        if on_progress is not None:
            on_progress(progress)

    return await writer.run(items, on_batch)
