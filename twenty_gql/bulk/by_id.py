"""Bulk writes of records named by id: per-record updates, soft deletes, destroys.

Twenty has no "update these records with these data" mutation: ``updateMany`` applies one
``data`` to a filter. So records with identical data are grouped into one
``updateMany(filter: {id: {in: [...]}})`` (up to 200 ids a request) and the rest go out as
concurrent ``updateOne`` calls, every one through the client's request path. (An upsert
``createMany`` would be one request per 200 records, but Twenty's upsert also matches on
unique fields and may create what was meant as an update, so it is not used.)

An id the server did not return (absent, or soft-deleted for updates and deletes) is
reported as a failed record with a ``NotFoundError``; repeated ids are refused up front.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import orjson
from pydantic_core import to_jsonable_python

from .. import errors
from .._inputs import dump_input, record_id
from ._send import find_by_ids, send
from .results import BulkResult, FailedRecord
from .writes import check_sizes

if TYPE_CHECKING:
    from ..resources import Resource

__all__ = ["remove_many_by_id", "update_many_by_id"]

AnyResource: TypeAlias = "Resource[Any, Any, Any, Any, Any]"
Progress: TypeAlias = Callable[[int], object] | None


class _Tally:
    """Results by input index, and the progress callback fed as records finish."""

    def __init__(self, on_progress: Progress) -> None:
        self.written: list[tuple[int, Any]] = []
        self.failed: list[FailedRecord] = []
        self.done = 0
        self._on_progress = on_progress

    def finished(self, records: int) -> None:
        self.done += records
        if self._on_progress is not None:
            self._on_progress(self.done)

    def result(self) -> BulkResult[Any]:
        self.written.sort(key=lambda pair: pair[0])
        self.failed.sort(key=lambda failure: failure.index)
        return BulkResult([node for _, node in self.written], self.failed)


def _ids(resource: AnyResource, values: Iterable[Any], action: str) -> list[str]:
    ids: list[str] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        ident = record_id(value, f"{resource.name_plural}.{action} id #{index}")
        if ident in seen:
            raise errors.InvalidInputError(
                f"{resource.name_plural}.{action} id #{index}: {ident} repeats id #{seen[ident]}"
            )
        seen[ident] = index
        ids.append(ident)
    return ids


def _split_update(resource: AnyResource, index: int, entry: Any) -> tuple[Any, Any]:
    if isinstance(entry, Mapping):
        if "id" not in entry:
            raise errors.InvalidInputError(
                f"{resource.name_plural}.update_many_by_id record #{index}: no 'id'"
            )
        return entry["id"], {k: v for k, v in entry.items() if k != "id"}
    if isinstance(entry, tuple) and len(entry) == 2:
        return entry[0], entry[1]
    raise errors.InvalidInputError(
        f"{resource.name_plural}.update_many_by_id record #{index}: expected a mapping with "
        f"'id' or an (id, data) pair, got {type(entry).__name__}"
    )


async def update_many_by_id(
    resource: AnyResource,
    records: Sequence[Any],
    *,
    batch_size: int,
    concurrency: int,
    on_progress: Progress,
    timeout: float | None,
) -> BulkResult[Any]:
    """What ``Resource.update_many_by_id`` does (documented there)."""
    batch_size, concurrency = check_sizes(batch_size, concurrency)
    model = resource._binding.input_model("update")
    pairs = [_split_update(resource, index, entry) for index, entry in enumerate(records)]
    ids = _ids(resource, (ident for ident, _ in pairs), "update_many_by_id")
    groups: dict[bytes, list[int]] = {}
    dumped: list[dict[str, Any]] = []
    for index, (_, data) in enumerate(pairs):
        what = f"{resource.name_plural}.update_many_by_id record #{index}"
        dumped.append(dump_input(model, data, what))
        key = orjson.dumps(dumped[-1], default=to_jsonable_python, option=orjson.OPT_SORT_KEYS)
        groups.setdefault(key, []).append(index)

    tally = _Tally(on_progress)
    semaphore = asyncio.Semaphore(concurrency)

    async def update_one(index: int) -> None:
        variables = {"id": ids[index], "data": dumped[index]}
        try:
            node, _ = await send(resource, "update_one", variables, timeout)
        except errors.TwentyError as exc:
            if isinstance(exc, errors.NotFoundError):
                exc = resource._not_found(ids[index])
            tally.failed.append(FailedRecord(index, records[index], exc))
        else:
            if node is None:
                error = resource._not_found(ids[index])
                tally.failed.append(FailedRecord(index, records[index], error))
            else:
                tally.written.append((index, node))

    async def update_group(indexes: list[int]) -> None:
        async with semaphore:
            if len(indexes) == 1:
                await update_one(indexes[0])
                tally.finished(1)
                return
            variables = {"filter": {"id": {"in": [ids[i] for i in indexes]}}}
            variables["data"] = dumped[indexes[0]]
            try:
                nodes, _ = await send(resource, "update_many", variables, timeout)
            except (errors.DuplicateRecordError, errors.ValidationError):
                # one record refused the shared data: find it by updating each alone
                for index in indexes:
                    await update_one(index)
            except errors.TwentyError as exc:
                tally.failed += [FailedRecord(i, records[i], exc) for i in indexes]
            else:
                by_id = {str(node.id): node for node in nodes}
                for index in indexes:
                    node = by_id.get(ids[index])
                    if node is None:
                        error = resource._not_found(ids[index])
                        tally.failed.append(FailedRecord(index, records[index], error))
                    else:
                        tally.written.append((index, node))
            tally.finished(len(indexes))

    chunks = [
        indexes[start : start + batch_size]
        for indexes in groups.values()
        for start in range(0, len(indexes), batch_size)
    ]
    await asyncio.gather(*(update_group(chunk) for chunk in chunks))
    return tally.result()


async def remove_many_by_id(
    resource: AnyResource,
    kind: str,
    ids: Sequence[Any],
    *,
    batch_size: int,
    concurrency: int,
    on_progress: Progress,
    timeout: float | None,
) -> BulkResult[Any]:
    """``delete_many`` or ``destroy_many`` by ids, in batches; absent ids are failures."""
    batch_size, concurrency = check_sizes(batch_size, concurrency)
    action = f"{kind}_by_id"
    idents = _ids(resource, ids, action)
    tally = _Tally(on_progress)
    semaphore = asyncio.Semaphore(concurrency)

    async def batch(start: int) -> None:
        indexes = range(start, min(start + batch_size, len(idents)))
        async with semaphore:
            variables = {"filter": {"id": {"in": [idents[i] for i in indexes]}}}
            try:
                nodes, attempts = await send(resource, kind, variables, timeout)
            except errors.TwentyError as exc:
                tally.failed += [FailedRecord(i, ids[i], exc) for i in indexes]
                tally.finished(len(indexes))
                return
        by_id = {str(node.id): node for node in nodes}
        missing = [idents[i] for i in indexes if idents[i] not in by_id]
        hint = ""
        if missing and attempts > 1:
            # The retried request's first attempt may have been applied, its answer lost:
            # the repeat then misses those ids. Soft-deleted ones can be found in the trash.
            hint = "; a retried request may have removed it before"
            if kind == "delete_many":
                by_id.update(await trashed(missing))
        for i in indexes:
            node = by_id.get(idents[i])
            if node is None:
                tally.failed.append(FailedRecord(i, ids[i], resource._not_found(idents[i], hint)))
            else:
                tally.written.append((i, node))
        tally.finished(len(indexes))

    async def trashed(missing: list[str]) -> dict[str, Any]:
        try:
            return await find_by_ids(
                resource, missing, timeout, also={"deletedAt": {"is": "NOT_NULL"}}
            )
        except errors.TwentyError:
            return {}

    await asyncio.gather(*(batch(start) for start in range(0, len(idents), batch_size)))
    return tally.result()
