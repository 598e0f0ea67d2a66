"""One generic, typed resource per record object: ``tw.companies``, ``tw.people``, ``tw.rockets``.

The behaviour is written once here; the types come from the generated package's binding
(``workspace.py``), so ``await tw.companies.get(id)`` is a ``CompanyFields`` to mypy and a
custom object added in Twenty is a typed resource after one codegen run.

Every call goes through the client's one request path (rate limiter, retries, timeouts), with
``idempotent`` set where a repeat is harmless: reads, and writes that name their record by id.
A create is made idempotent by assigning the record's UUID here, so a create whose response was
lost is retried without making a duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar, overload

import pydantic

from . import errors
from ._binding import ObjectBinding
from ._inputs import dump_input, dump_order_by, matches_everything, record_id
from .pagination import Page, page_stream

if TYPE_CHECKING:
    from .bulk.loaded import Loaded
    from .bulk.results import BulkResult, RecordRef
    from .client import BaseTwentyClient

__all__ = ["Resource"]

NodeT = TypeVar("NodeT", bound=pydantic.BaseModel)
FilterT = TypeVar("FilterT", bound=pydantic.BaseModel)
OrderByT = TypeVar("OrderByT", bound=pydantic.BaseModel)
CreateT = TypeVar("CreateT", bound=pydantic.BaseModel)
UpdateT = TypeVar("UpdateT", bound=pydantic.BaseModel)
_O = TypeVar("_O", bound=pydantic.BaseModel)

RecordId = uuid.UUID | str
#: one sort key or several, as models or dicts: ``{"name": "AscNullsFirst"}``
OrderInput: TypeAlias = "_O | Mapping[str, Any] | Sequence[_O | Mapping[str, Any]]"


class Resource(Generic[NodeT, FilterT, OrderByT, CreateT, UpdateT]):
    """Records of one object. Inputs are the generated models or plain dicts (validated
    against those models before sending); results are the generated models."""

    def __init__(self, client: BaseTwentyClient, binding: ObjectBinding) -> None:
        self._client = client
        self._binding = binding
        self.name = binding.name
        self.name_plural = binding.name_plural

    def __repr__(self) -> str:
        return f"Resource({self.name_plural!r})"

    @property
    def model(self) -> type[NodeT]:
        """The generated model of one record (``CompanyFields``)."""
        model: type[NodeT] = self._binding.node_model  # type: ignore[assignment]
        return model

    # -- inputs ------------------------------------------------------------------------------

    def _filter(self, filter: FilterT | Mapping[str, Any] | None) -> dict[str, Any]:
        if filter is None:
            return {}
        return dump_input(self._binding.input_model("filter"), filter, f"{self.name} filter")

    def _data(self, kind: str, data: Any) -> dict[str, Any]:
        return dump_input(self._binding.input_model(kind), data, f"{self.name} {kind} data")

    def _refuse_match_all(self, action: str, filter_: dict[str, Any], allow_all: bool) -> None:
        if matches_everything(filter_) and not allow_all:
            raise errors.InvalidInputError(
                f"{self.name_plural}.{action}: the filter is empty and would match every "
                f"{self.name} record; pass a filter, or allow_all=True to mean it"
            )

    # -- the request -------------------------------------------------------------------------

    async def _run(
        self,
        kind: str,
        variables: dict[str, Any],
        *,
        idempotent: bool,
        timeout: float | None = None,
    ) -> Any:
        operation = self._binding.operation(kind)
        response = await self._client._graphql.send(
            operation.prepared, variables, idempotent=idempotent, timeout=timeout
        )
        return operation.parse(response)

    def _not_found(self, record: str, hint: str = "") -> errors.NotFoundError:
        message = f"no {self.name} with id {record} (or it is soft-deleted){hint}"
        return errors.NotFoundError([{"message": message, "extensions": {"code": "NOT_FOUND"}}])

    # -- reads -------------------------------------------------------------------------------

    async def get(self, id: RecordId, *, timeout: float | None = None) -> NodeT:
        """The record with this id; ``NotFoundError`` when there is none or it is deleted."""
        record = record_id(id)
        try:
            node = await self._run(
                "find_one", {"filter": {"id": {"eq": record}}}, idempotent=True, timeout=timeout
            )
        except errors.NotFoundError as exc:
            raise self._not_found(record) from exc
        if node is None:
            raise self._not_found(record)
        result: NodeT = node
        return result

    async def find_one(
        self, filter: FilterT | Mapping[str, Any], *, timeout: float | None = None
    ) -> NodeT | None:
        """The first record matching ``filter``, or None."""
        dumped = self._filter(filter)
        if matches_everything(dumped):
            raise errors.InvalidInputError(f"{self.name_plural}.find_one needs a filter")
        try:
            node = await self._run("find_one", {"filter": dumped}, idempotent=True, timeout=timeout)
        except errors.NotFoundError:
            return None
        result: NodeT | None = node
        return result

    async def _page(
        self,
        filter_: dict[str, Any],
        order_by: list[dict[str, Any]],
        after: str | None,
        first: int,
        timeout: float | None,
        *,
        with_total: bool = False,
    ) -> Page[NodeT]:
        # Twenty runs a COUNT for every page that selects totalCount: ask only when wanted.
        variables: dict[str, Any] = {"first": first, "orderBy": order_by, "withTotal": with_total}
        if filter_:
            variables["filter"] = filter_
        if after is not None:
            variables["after"] = after
        connection = await self._run("find_many", variables, idempotent=True, timeout=timeout)
        page: Page[NodeT] = Page.from_connection(connection)
        return page

    def pages(
        self,
        filter: FilterT | Mapping[str, Any] | None = None,
        order_by: OrderInput[OrderByT] | None = None,
        *,
        page_size: int | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[Page[NodeT]]:
        """Pages of records (``page.items``), the next one fetched while you use this one."""
        filter_ = self._filter(filter)
        order = dump_order_by(
            self._binding.input_model("order_by"), order_by, f"{self.name} order_by"
        )

        async def fetch(after: str | None, first: int) -> Page[NodeT]:
            return await self._page(filter_, order, after, first, timeout)

        size = page_size if page_size is not None else self._client.page_size
        return page_stream(fetch, page_size=size, limit=limit)

    async def iterate(
        self,
        filter: FilterT | Mapping[str, Any] | None = None,
        order_by: OrderInput[OrderByT] | None = None,
        *,
        page_size: int | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[NodeT]:
        """Every matching record, in order, in full pages (``async for c in ….iterate()``)."""
        pages = self.pages(filter, order_by, page_size=page_size, limit=limit, timeout=timeout)
        async for page in pages:
            for item in page.items:
                yield item

    async def find(
        self,
        filter: FilterT | Mapping[str, Any] | None = None,
        order_by: OrderInput[OrderByT] | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> list[NodeT]:
        """Matching records as a list (all of them unless ``limit``)."""
        return [item async for item in self.iterate(filter, order_by, limit=limit, timeout=timeout)]

    async def count(
        self, filter: FilterT | Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> int:
        """How many records match (Twenty's ``totalCount``)."""
        page = await self._page(
            self._filter(filter), [dict(_ID_ORDER)], None, 1, timeout, with_total=True
        )
        if page.total_count is None:
            raise errors.InvalidResponseError(200, f"{self.name_plural} returned no totalCount")
        return page.total_count

    # -- writes by id ------------------------------------------------------------------------

    async def create(
        self,
        data: CreateT | Mapping[str, Any],
        *,
        upsert: bool = False,
        timeout: float | None = None,
    ) -> NodeT:
        """Create one record. Its UUID is assigned here unless given, so a retry after a lost
        response cannot create it twice."""
        dumped = self._data("create", data)
        assigned = dumped.get("id") is None
        if assigned:
            dumped["id"] = str(uuid.uuid4())
        variables: dict[str, Any] = {"data": dumped}
        if upsert:
            variables["upsert"] = True
        try:
            node = await self._run("create_one", variables, idempotent=True, timeout=timeout)
        except errors.DuplicateRecordError as exc:
            # Our own earlier attempt may have been applied before its response was lost.
            from .bulk._send import attempts_of

            retried = attempts_of(exc) > 1
            if not (assigned and retried):
                raise
            try:
                return await self.get(dumped["id"], timeout=timeout)
            except errors.NotFoundError:
                raise exc from None
        result: NodeT = node
        return result

    async def update(
        self, id: RecordId, data: UpdateT | Mapping[str, Any], *, timeout: float | None = None
    ) -> NodeT:
        """Update one record's fields (those set in ``data``)."""
        variables = {"id": record_id(id), "data": self._data("update", data)}
        node: NodeT = await self._by_id("update_one", variables, timeout)
        return node

    async def delete(self, id: RecordId, *, timeout: float | None = None) -> NodeT:
        """Soft-delete one record (Twenty keeps it, with ``deletedAt``; ``restore`` undoes)."""
        node: NodeT = await self._by_id("delete_one", {"id": record_id(id)}, timeout)
        return node

    async def restore(self, id: RecordId, *, timeout: float | None = None) -> NodeT:
        """Undo a soft delete."""
        node: NodeT = await self._by_id("restore_one", {"id": record_id(id)}, timeout)
        return node

    async def destroy(self, id: RecordId, *, timeout: float | None = None) -> NodeT:
        """Delete one record for good."""
        node: NodeT = await self._by_id("destroy_one", {"id": record_id(id)}, timeout)
        return node

    async def _by_id(self, kind: str, variables: dict[str, Any], timeout: float | None) -> Any:
        node = await self._run(kind, variables, idempotent=True, timeout=timeout)
        if node is None:
            raise self._not_found(variables["id"])
        return node

    # -- writes by filter --------------------------------------------------------------------

    async def update_many(
        self,
        filter: FilterT | Mapping[str, Any] | None,
        data: UpdateT | Mapping[str, Any],
        *,
        allow_all: bool = False,
        timeout: float | None = None,
    ) -> list[NodeT]:
        """Apply the same ``data`` to every matching record. An empty filter matches every
        record in Twenty, so it is refused unless ``allow_all=True``."""
        filter_ = self._filter(filter)
        self._refuse_match_all("update_many", filter_, allow_all)
        variables = {"filter": filter_, "data": self._data("update", data)}
        nodes: list[NodeT] = await self._run(
            "update_many", variables, idempotent=True, timeout=timeout
        )
        return nodes

    async def delete_many(
        self,
        filter: FilterT | Mapping[str, Any] | None,
        *,
        allow_all: bool = False,
        timeout: float | None = None,
    ) -> list[NodeT]:
        """Soft-delete every matching record (empty filter refused unless ``allow_all``)."""
        return await self._many("delete_many", filter, allow_all, timeout)

    async def destroy_many(
        self,
        filter: FilterT | Mapping[str, Any] | None,
        *,
        allow_all: bool = False,
        timeout: float | None = None,
    ) -> list[NodeT]:
        """Delete every matching record for good (empty filter refused unless ``allow_all``)."""
        return await self._many("destroy_many", filter, allow_all, timeout)

    async def restore_many(
        self,
        filter: FilterT | Mapping[str, Any] | None,
        *,
        allow_all: bool = False,
        timeout: float | None = None,
    ) -> list[NodeT]:
        """Undo the soft delete of every matching record."""
        return await self._many("restore_many", filter, allow_all, timeout)

    async def _many(
        self, kind: str, filter: Any, allow_all: bool, timeout: float | None
    ) -> list[NodeT]:
        filter_ = self._filter(filter)
        self._refuse_match_all(kind, filter_, allow_all)
        nodes: list[NodeT] = await self._run(
            kind, {"filter": filter_}, idempotent=True, timeout=timeout
        )
        return nodes

    # -- relational loading (twenty_gql.bulk.relations) -------------------------------------

    def load(
        self,
        filter: FilterT | Mapping[str, Any] | None = None,
        order_by: OrderInput[OrderByT] | None = None,
        *,
        include: Sequence[str],
        limit: int | None = None,
        page_size: int | None = None,
        batch_size: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[Loaded[NodeT]]:
        """Matching records with the relations named in ``include`` (``"people"``,
        ``"opportunities.pointOfContact"``) attached, children fetched in bulk (no N+1)."""
        from .bulk.relations import DEFAULT_BATCH_SIZE, load

        return load(self, filter, order_by, include=include, limit=limit, page_size=page_size,
                    batch_size=batch_size or DEFAULT_BATCH_SIZE, timeout=timeout)  # fmt: skip

    def load_pages(
        self,
        filter: FilterT | Mapping[str, Any] | None = None,
        order_by: OrderInput[OrderByT] | None = None,
        *,
        include: Sequence[str],
        limit: int | None = None,
        page_size: int | None = None,
        batch_size: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[list[Loaded[NodeT]]]:
        """Like ``load``, a batch of loaded records at a time (up to ``batch_size``)."""
        from .bulk.relations import DEFAULT_BATCH_SIZE, load_pages

        return load_pages(self, filter, order_by, include=include, limit=limit,
                          page_size=page_size, batch_size=batch_size or DEFAULT_BATCH_SIZE,
                          timeout=timeout)  # fmt: skip

    # -- bulk writes (twenty_gql.bulk) -------------------------------------------------------

    @overload
    async def create_many(
        self,
        records: Sequence[CreateT | Mapping[str, Any]],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        upsert: bool = False,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
        returning: Literal["records"] = "records",
    ) -> BulkResult[NodeT]: ...

    @overload
    async def create_many(
        self,
        records: Sequence[CreateT | Mapping[str, Any]],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        upsert: bool = False,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
        returning: Literal["ids"],
    ) -> BulkResult[RecordRef]: ...

    async def create_many(
        self,
        records: Sequence[CreateT | Mapping[str, Any]],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        upsert: bool = False,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
        returning: Literal["records", "ids"] = "records",
    ) -> BulkResult[NodeT] | BulkResult[RecordRef]:
        """Create any number of records in batches of ``batch_size`` (at most 200, Twenty's
        cap), ``concurrency`` batches at a time. Every record is validated first (the first
        bad one raises ``InvalidInputError`` naming its index; nothing is written) and given
        a UUID, so retried batches never duplicate. A batch Twenty rejects for one record is
        split until that record is alone; it lands in ``result.failed``, the rest is written.
        ``on_progress(done)`` gets the number of records handled so far after each batch.
        ``returning="ids"`` asks the server for each record's id alone (``RecordRef``), which
        spares it reading back and sending every field: the choice for imports."""
        from .bulk.writes import create_many

        result: BulkResult[Any] = await create_many(
            self,
            records,
            batch_size=batch_size,
            concurrency=concurrency,
            upsert=upsert,
            on_progress=on_progress,
            timeout=timeout,
            returning=returning,
        )
        return result

    async def update_many_by_id(
        self,
        records: Sequence[Mapping[str, Any] | tuple[RecordId, UpdateT | Mapping[str, Any]]],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
    ) -> BulkResult[NodeT]:
        """Update each record with its own data: ``{"id": …, **fields}`` or ``(id, data)``.
        Records sharing identical data go out as one ``updateMany`` (by id, 200 a request),
        the others as concurrent ``updateOne``. Ids not found are in ``result.failed``;
        ``on_progress(done)`` as for ``create_many``."""
        from .bulk.by_id import update_many_by_id

        result: BulkResult[NodeT] = await update_many_by_id(
            self,
            records,
            batch_size=batch_size,
            concurrency=concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )
        return result

    async def delete_many_by_id(
        self,
        ids: Sequence[RecordId],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
    ) -> BulkResult[NodeT]:
        """Soft-delete these records, 200 a request; ids not found are in ``result.failed``."""
        return await self._remove_by_id(
            "delete_many", ids, batch_size, concurrency, on_progress, timeout
        )

    async def destroy_many_by_id(
        self,
        ids: Sequence[RecordId],
        *,
        batch_size: int = 200,
        concurrency: int = 4,
        on_progress: Callable[[int], object] | None = None,
        timeout: float | None = None,
    ) -> BulkResult[NodeT]:
        """Delete these records for good, 200 a request; ids not found are failures."""
        return await self._remove_by_id(
            "destroy_many", ids, batch_size, concurrency, on_progress, timeout
        )

    async def _remove_by_id(
        self,
        kind: str,
        ids: Sequence[RecordId],
        batch_size: int,
        concurrency: int,
        on_progress: Callable[[int], object] | None,
        timeout: float | None,
    ) -> BulkResult[NodeT]:
        from .bulk.by_id import remove_many_by_id

        result: BulkResult[NodeT] = await remove_many_by_id(
            self,
            kind,
            ids,
            batch_size=batch_size,
            concurrency=concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )
        return result


_ID_ORDER = {"id": "AscNullsFirst"}
