"""Notes and tasks linked to records in one call, and what is linked to a record.

In Twenty a note (or task) is linked to companies, people, opportunities and custom objects
through a separate link object (``noteTarget``/``taskTarget``) with one ``<object>Id`` column per
linkable object. ``tw.notes.create(title=…, body=markdown, targets=[company, person])`` writes
the note and its links (one batched ``createNoteTargets``) and, if the links fail, deletes what
it wrote before raising. ``tw.notes.of(record)`` lists a record's notes newest first, and
``timeline_of`` (``tw.timeline(record)``) its timeline activities.

Link columns are looked up in the generated input models, never hard-coded, so custom objects
work after a codegen run, and Twenty's newer ``target<Object>Id`` names are understood too.
"""

from __future__ import annotations

import functools
import heapq
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

import pydantic

from . import errors
from ._binding import ObjectBinding, PackageBinding
from ._inputs import dump_input, record_id
from .resources import CreateT, FilterT, NodeT, OrderByT, RecordId, Resource, UpdateT

if TYPE_CHECKING:
    from .client import BaseTwentyClient

__all__ = ["ACTIVITY_TARGETS", "ActivityResource", "RecordRef", "resource_class", "timeline_of"]

#: activity object -> its link object; only these get ``ActivityResource``
ACTIVITY_TARGETS = {"note": "noteTarget", "task": "taskTarget"}
TIMELINE_OBJECT = "timelineActivity"
#: how many activity ids one ``id in [...]`` request carries when listing a record's activities
ID_CHUNK = 100
_NEWEST_FIRST = [{"createdAt": "DescNullsLast"}]
_TASK_ONLY = ("status", "due_at", "assignee")

#: a record: a generated model with ``.id`` (``CompanyFields``), or ``("company", id)``
RecordRef: TypeAlias = pydantic.BaseModel | tuple[str, RecordId]


def resource_class(package: PackageBinding, name: str) -> type[Resource[Any, Any, Any, Any, Any]]:
    """``ActivityResource`` for notes and tasks when the package has their link object."""
    target = ACTIVITY_TARGETS.get(name)
    if target is not None and target in package.entries:
        return ActivityResource
    return Resource


# -- records and link columns ---------------------------------------------------------------


@functools.cache
def _objects_by_fragment(package: PackageBinding) -> dict[str, str]:
    return {entry.fragment: name for name, entry in package.entries.items()}


def resolve_record(package: PackageBinding, record: Any, what: str) -> tuple[ObjectBinding, str]:
    """(the record's object, its id) from a generated model or an ``(object, id)`` pair."""
    if isinstance(record, tuple):
        if len(record) != 2 or not isinstance(record[0], str):
            raise errors.InvalidInputError(
                f"{what}: expected a record or an (object_name, id) pair, got {record!r}"
            )
        return package.object(record[0]), record_id(record[1], f"{what} id")
    if isinstance(record, pydantic.BaseModel):
        by_fragment = _objects_by_fragment(package)
        for cls in type(record).__mro__:
            name = by_fragment.get(cls.__name__)
            if name is not None:
                return package.object(name), record_id(record, f"{what} id")
        raise errors.InvalidInputError(
            f"{what}: {type(record).__name__} is not a record model of {package.name}; "
            "pass the record (e.g. CompanyFields) or an (object_name, id) pair"
        )
    raise errors.InvalidInputError(
        f"{what}: expected a record or an (object_name, id) pair, got {type(record).__name__}"
    )


def _aliases(model: type[pydantic.BaseModel]) -> set[str]:
    """The GraphQL names of the model's fields (a deferred model may not have set them yet)."""
    generate = model.model_config.get("alias_generator")
    return {
        field.alias or (generate(name) if callable(generate) else name)
        for name, field in model.model_fields.items()
    }


def link_column(model: type[pydantic.BaseModel], obj: ObjectBinding, owner: str) -> str:
    """The ``<object>Id`` (or ``target<Object>Id``) column of ``model`` pointing at ``obj``."""
    columns = _aliases(model)
    for candidate in (f"{obj.name}Id", f"target{obj.type_name}Id"):
        if candidate in columns:
            return candidate
    linkable = sorted(
        column.removeprefix("target")[:-2]
        for column in columns
        if column.endswith("Id") and column != "id"
    )
    raise errors.InvalidInputError(
        f"a {obj.name} record cannot be linked through {owner}: it has no {obj.name}Id column "
        f"(it links: {', '.join(linkable)}); after adding the relation in Twenty, regenerate "
        "the package"
    )


# -- the resource ---------------------------------------------------------------------------


class ActivityResource(Resource[NodeT, FilterT, OrderByT, CreateT, UpdateT]):
    """Notes or tasks: ``create`` with a markdown body and linked records, ``of(record)``."""

    @functools.cached_property
    def targets(self) -> Resource[Any, Any, Any, Any, Any]:
        """The link object's resource (``noteTargets``/``taskTargets``)."""
        return self._client.resource(ACTIVITY_TARGETS[self.name])

    @functools.cached_property
    def _own_column(self) -> str:
        """The link object's column pointing at this activity (``noteId``)."""
        return link_column(self.targets._binding.input_model("create"), self._binding, self.name)

    async def create(
        self,
        data: CreateT | Mapping[str, Any] | None = None,
        *,
        title: str | None = None,
        body: str | None = None,
        targets: Iterable[RecordRef] = (),
        status: Any = None,
        due_at: datetime | str | None = None,
        assignee: pydantic.BaseModel | RecordId | None = None,
        upsert: bool = False,
        timeout: float | None = None,
    ) -> NodeT:
        """Create one note/task (``body`` is markdown) and link it to ``targets`` in one batch.

        If the links fail, the links and the record are deleted again and the error raised,
        so nothing is left half-written (with ``upsert``, a record that existed is kept).
        """
        fields = self._fields(data, title, body, status, due_at, assignee)
        links = self._links(targets)
        column_of = {obj.name: self._target_column(obj) for obj, _ in links}
        if not links:
            return await super().create(fields, upsert=upsert, timeout=timeout)
        fields.setdefault("id", str(uuid.uuid4()))
        existed = upsert and await self.find_one({"id": {"eq": fields["id"]}}) is not None
        node = await super().create(fields, upsert=upsert, timeout=timeout)
        rows = [
            {"id": str(uuid.uuid4()), self._own_column: fields["id"], column_of[obj.name]: rid}
            for obj, rid in links
        ]
        try:
            await self._create_links(rows, timeout)
        except BaseException as exc:
            await self._undo(fields["id"], [row["id"] for row in rows], existed, exc, timeout)
            raise
        return node

    def _fields(
        self,
        data: Any,
        title: str | None,
        body: str | None,
        status: Any,
        due_at: Any,
        assignee: Any,
    ) -> dict[str, Any]:
        """``data`` and the keyword fields as one validated create input (alias keys)."""
        fields = {} if data is None else self._data("create", data)
        extra: dict[str, Any] = {}
        if title is not None:
            extra["title"] = title
        if body is not None:
            if not isinstance(body, str):
                raise errors.InvalidInputError(
                    f"{self.name_plural}.create: body must be markdown text (str), "
                    f"got {type(body).__name__}"
                )
            extra["bodyV2"] = {"markdown": body}
        task_fields = {"status": status, "dueAt": due_at, "assigneeId": assignee}
        accepted = _aliases(self._binding.input_model("create"))
        for (column, value), keyword in zip(task_fields.items(), _TASK_ONLY, strict=True):
            if value is None:
                continue
            if column not in accepted:
                raise errors.InvalidInputError(
                    f"{self.name_plural}.create: a {self.name} has no {column}; "
                    f"{', '.join(_TASK_ONLY)} are for tasks"
                )
            if keyword == "assignee":
                value = self._assignee(value)
            extra[column] = value
        both = sorted(set(fields) & set(extra))
        if both:
            raise errors.InvalidInputError(
                f"{self.name_plural}.create: {', '.join(both)} given both in data and as "
                "keyword; pass each once"
            )
        return self._data("create", {**fields, **extra})

    def _assignee(self, value: Any) -> str:
        """A workspace member's id; another record passed by mistake is refused."""
        what = f"{self.name_plural}.create assignee"
        if isinstance(value, pydantic.BaseModel):
            obj, rid = resolve_record(self._client.package, value, what)
            if obj.name != "workspaceMember":
                raise errors.InvalidInputError(
                    f"{what}: expected a workspaceMember (or its id), got a {obj.name} record"
                )
            return rid
        return record_id(value, what)

    def _links(self, targets: Iterable[RecordRef]) -> list[tuple[ObjectBinding, str]]:
        """The distinct (object, id) of ``targets``; a lone record is refused, not iterated."""
        if isinstance(targets, str | pydantic.BaseModel) or (
            isinstance(targets, tuple) and len(targets) == 2 and isinstance(targets[0], str)
        ):
            raise errors.InvalidInputError(
                f"{self.name_plural}.create: targets must be a list of records or "
                f"(object_name, id) pairs, got one {type(targets).__name__}; wrap it in [...]"
            )
        package = self._client.package
        links = {
            (obj.name, rid): (obj, rid)
            for obj, rid in (resolve_record(package, t, f"{self.name} target") for t in targets)
        }
        return list(links.values())

    def _target_column(self, obj: ObjectBinding) -> str:
        return link_column(self.targets._binding.input_model("create"), obj, self.targets.name)

    async def _create_links(self, rows: list[dict[str, Any]], timeout: float | None) -> None:
        model = self.targets._binding.input_model("create")
        data = [dump_input(model, row, f"{self.targets.name} data") for row in rows]
        try:
            await self.targets._run("create_many", {"data": data}, idempotent=True, timeout=timeout)
        except errors.DuplicateRecordError as exc:
            # An earlier attempt may have been applied before its response was lost: the ids
            # are ours, so all of them being there means the links were written.
            retried = exc.response is not None and getattr(exc.response, "attempts", 1) > 1
            ids = [row["id"] for row in rows]
            if not retried or await self.targets.count({"id": {"in": ids}}) != len(ids):
                raise

    async def _undo(
        self,
        record: str,
        link_ids: list[str],
        keep_record: bool,
        cause: BaseException,
        timeout: float | None,
    ) -> None:
        """Delete the links (any that were written) and the record, reporting what remains."""
        try:
            await self.targets.destroy_many({"id": {"in": link_ids}}, timeout=timeout)
            if not keep_record:
                await self.destroy(record, timeout=timeout)
        except Exception as cleanup:  # the original error is the one to raise
            cause.add_note(
                f"cleanup after the failed {self.targets.name_plural} failed too ({cleanup}); "
                f"{self.name} {record} and its links may remain"
            )

    # -- listing -----------------------------------------------------------------------------

    def of(
        self,
        record: RecordRef,
        *,
        page_size: int | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[NodeT]:
        """The notes/tasks linked to ``record``, newest first (``async for``)."""
        obj, rid = resolve_record(self._client.package, record, f"{self.name_plural}.of")
        column = self._target_column(obj)
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise errors.InvalidInputError(f"limit must be an int >= 0, got {limit!r}")
        return self._of(column, rid, page_size, limit, timeout)

    async def _of(
        self,
        column: str,
        rid: str,
        page_size: int | None,
        limit: int | None,
        timeout: float | None,
    ) -> AsyncIterator[NodeT]:
        ids: dict[str, None] = {}  # ordered and deduplicated
        links = self.targets.iterate({column: {"eq": rid}}, page_size=page_size, timeout=timeout)
        async for link in links:
            activity = getattr(link, _snake(self._own_column), None)
            if activity is not None:
                ids[str(activity)] = None
        if not ids or limit == 0:
            return
        chunks = _chunks(list(ids), ID_CHUNK)
        streams = [
            self.iterate({"id": {"in": chunk}}, _NEWEST_FIRST, page_size=page_size, timeout=timeout)
            for chunk in chunks
        ]
        count = 0
        async for item in _merge_newest(streams):
            yield item
            count += 1
            if limit is not None and count >= limit:
                return


def _snake(alias: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in alias)


def _chunks(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _newest_key(item: Any) -> tuple[float, str]:
    """Sort key matching ``createdAt DescNullsLast, id Asc`` (what each chunk is ordered by)."""
    created = getattr(item, "created_at", None)
    newest = -created.timestamp() if isinstance(created, datetime) else float("inf")
    return newest, str(item.id)


async def _merge_newest(streams: list[AsyncIterator[NodeT]]) -> AsyncIterator[NodeT]:
    """Newest first across streams that are each newest first (a k-way merge)."""
    if len(streams) == 1:
        async for item in streams[0]:
            yield item
        return
    heap: list[tuple[tuple[float, str], int, Any]] = []
    try:
        for index, stream in enumerate(streams):
            first = await anext(stream, None)
            if first is not None:
                heap.append((_newest_key(first), index, first))
        heapq.heapify(heap)
        while heap:
            _, index, item = heap[0]
            following = await anext(streams[index], None)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (_newest_key(following), index, following))
            yield item
    finally:
        for stream in streams:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()


# -- the timeline ---------------------------------------------------------------------------


def timeline_of(
    client: BaseTwentyClient,
    record: RecordRef,
    *,
    page_size: int | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> AsyncIterator[Any]:
    """The record's timeline activities, newest first (``happensAt`` descending)."""
    activities = client.resource(TIMELINE_OBJECT)
    obj, rid = resolve_record(client.package, record, "timeline")
    column = link_column(activities._binding.input_model("filter"), obj, TIMELINE_OBJECT)
    return activities.iterate(
        {column: {"eq": rid}},
        [{"happensAt": "DescNullsLast"}],
        page_size=page_size,
        limit=limit,
        timeout=timeout,
    )
