"""Relational loading without N+1: ``tw.companies.load(include=["people", ...])``.

Parents are paged through their resource as usual and gathered into batches (``batch_size``
parents, across pages, so a sparse relation is not fetched in tiny pages). For each batch and
each included relation, the children come from the CHILD resource's own ``find_many`` with
``filter: {<fk>: {in: [...]}}`` in full pages: ONE_TO_MANY by the child's join column
(``person.companyId in [company ids]``), MANY_TO_ONE by ``id in [distinct parent fk values]``.
So the requests are about ``ceil(records / page size)`` per object type, however many parents
there are. Relations of one level are fetched concurrently; every request takes the client's
one request path (rate limiter, retries). Deeper paths (``"opportunities.pointOfContact"``)
repeat the same step with the children as parents. Batches are yielded as they complete:
memory holds one batch, not the workspace.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

from .. import errors
from .loaded import Loaded
from .relation_map import IN_CHUNK, Relation, RelationMap, include_tree, relation_map

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..resources import Resource

__all__ = ["DEFAULT_BATCH_SIZE", "load", "load_pages"]

NodeT = TypeVar("NodeT", bound=pydantic.BaseModel)

#: parents gathered before their children are fetched (across parent pages)
DEFAULT_BATCH_SIZE = 1000
_ID_ORDER = {"id": "AscNullsFirst"}


@dataclass(frozen=True, slots=True)
class _Step:
    """One included relation, the child resource it reads, and what is included below it."""

    relation: Relation
    resource: Resource[Any, Any, Any, Any, Any]
    below: tuple[_Step, ...]


def _plan(
    client: BaseTwentyClient, relations: RelationMap, source: str, tree: Mapping[str, Any]
) -> tuple[_Step, ...]:
    steps = []
    for name, below in tree.items():
        relation = relations.get(source, name)
        resource = client.resource(relation.target)
        steps.append(_Step(relation, resource, _plan(client, relations, relation.target, below)))
    return tuple(steps)


async def load_pages(
    resource: Resource[NodeT, Any, Any, Any, Any],
    filter: Any = None,
    order_by: Any = None,
    *,
    include: Sequence[str],
    limit: int | None = None,
    page_size: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float | None = None,
) -> AsyncIterator[list[Loaded[NodeT]]]:
    """Batches of loaded records (up to ``batch_size``), in the parents' order."""
    if not isinstance(batch_size, int) or batch_size < 1:
        raise errors.InvalidInputError(f"batch_size must be a positive int, got {batch_size!r}")
    client = resource._client
    steps = _plan(client, await relation_map(client), resource.name, include_tree(include))
    batch: list[Loaded[NodeT]] = []
    pages = resource.pages(filter, order_by, page_size=page_size, limit=limit, timeout=timeout)
    async for page in pages:
        batch.extend(Loaded(item) for item in page.items)
        if len(batch) >= batch_size:
            await _attach(batch, steps, timeout)
            yield batch
            batch = []
    if batch:
        await _attach(batch, steps, timeout)
        yield batch


async def load(
    resource: Resource[NodeT, Any, Any, Any, Any],
    filter: Any = None,
    order_by: Any = None,
    *,
    include: Sequence[str],
    limit: int | None = None,
    page_size: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float | None = None,
) -> AsyncIterator[Loaded[NodeT]]:
    """Every matching record with its included relations, one at a time."""
    batches = load_pages(
        resource,
        filter,
        order_by,
        include=include,
        limit=limit,
        page_size=page_size,
        batch_size=batch_size,
        timeout=timeout,
    )
    async for batch in batches:
        for item in batch:
            yield item


async def _attach(
    parents: Sequence[Loaded[Any]], steps: Sequence[_Step], timeout: float | None
) -> None:
    if parents and steps:
        await asyncio.gather(*(_attach_step(parents, step, timeout) for step in steps))


async def _attach_step(parents: Sequence[Loaded[Any]], step: _Step, timeout: float | None) -> None:
    """The children whose ``child_key`` is among the parents' ``parent_key`` values (the
    same plan as export's ``attach``), grouped by it onto each parent."""
    relation, child = step.relation, step.resource
    parent_key = _attribute(type(parents[0].record), relation.parent_key)
    values = (getattr(p.record, parent_key) for p in parents)
    keys = list(dict.fromkeys(str(v) for v in values if v is not None))
    records = await _fetch_in(child, relation.child_key, keys, timeout)
    child_key = _attribute(child.model, relation.child_key)
    loaded = [Loaded(r) for r in records]
    groups: dict[str, list[Loaded[Any]]] = {}
    for item in loaded:
        value = getattr(item.record, child_key)
        if value is not None:
            groups.setdefault(str(value), []).append(item)
    for parent in parents:
        value = getattr(parent.record, parent_key)
        found = groups.get(str(value), []) if value is not None else []
        if relation.to_many:
            parent._many[relation.name] = found
        else:
            parent._one[relation.name] = found[0] if found else None
    await _attach(loaded, step.below, timeout)


async def _fetch_in(
    resource: Resource[Any, Any, Any, Any, Any],
    column: str,
    values: list[str],
    timeout: float | None,
) -> list[Any]:
    """Every record whose ``column`` is in ``values``: chunks of ``IN_CHUNK`` ids, fetched
    concurrently, each in full pages."""

    async def chunk(ids: list[str]) -> list[Any]:
        pages = resource.pages({column: {"in": ids}}, _ID_ORDER, timeout=timeout)
        return [item async for page in pages for item in page.items]

    chunks = [values[i : i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]
    results = await asyncio.gather(*(chunk(ids) for ids in chunks))
    return [item for result in results for item in result]


_ATTRIBUTES: dict[tuple[type[Any], str], str] = {}


def _attribute(model: type[pydantic.BaseModel], graphql_name: str) -> str:
    """The model attribute of a GraphQL field (``companyId`` -> ``company_id``)."""
    from pydantic.alias_generators import to_camel

    cached = _ATTRIBUTES.get((model, graphql_name))
    if cached is not None:
        return cached
    for name, info in model.model_fields.items():
        if graphql_name in (name, info.alias, to_camel(name)):
            _ATTRIBUTES[model, graphql_name] = name
            return name
    raise errors.InvalidInputError(
        f"{model.__name__} has no field {graphql_name!r}: the relation's join column must be in "
        "the generated fragment (regenerate the package with twenty-gql codegen)"
    )
