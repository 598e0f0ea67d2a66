"""The relations of a workspace, as relational loading needs them, read once per client.

``/metadata`` says for each RELATION field its kind, target object, inverse field and join
column; one ``tw.metadata.objects()`` call (one request up to 1000 objects) answers for every
object, so it is cached per client rather than asked per load.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .. import errors

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..metadata import ObjectInfo

__all__ = ["IN_CHUNK", "Relation", "RelationMap", "include_tree", "relation_map"]

Kind = Literal["ONE_TO_MANY", "MANY_TO_ONE"]

#: ids per ``in`` list: a multiple of the 200-record page (MANY_TO_ONE chunks fill whole
#: pages), small enough for any server (about 40 kB of UUIDs)
IN_CHUNK = 1000


def include_tree(include: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``["people", "opportunities.pointOfContact"]`` -> nested dicts by relation name."""
    if isinstance(include, str):
        include = [include]
    tree: dict[str, dict[str, Any]] = {}
    for path in include:
        if not isinstance(path, str) or not path or any(not p for p in path.split(".")):
            raise errors.InvalidInputError(f"include paths are 'relation.relation…', got {path!r}")
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
    return tree


@dataclass(frozen=True, slots=True)
class Relation:
    """``company.people``: ONE_TO_MANY to ``person``, whose ``companyId`` points back."""

    source: str
    name: str
    kind: Kind
    target: str
    #: ONE_TO_MANY: the child's foreign key (``companyId``); MANY_TO_ONE: the parent's own
    join_column: str

    @property
    def to_many(self) -> bool:
        return self.kind == "ONE_TO_MANY"

    @property
    def parent_key(self) -> str:
        """The parent's field whose values select the children: its ``id`` (ONE_TO_MANY) or
        its join column (MANY_TO_ONE, ``person.companyId``)."""
        return "id" if self.to_many else self.join_column

    @property
    def child_key(self) -> str:
        """The child's field filtered with ``{child_key: {in: [parent keys]}}`` and grouped
        by to attach: its join column (ONE_TO_MANY) or its ``id`` (MANY_TO_ONE)."""
        return self.join_column if self.to_many else "id"


class RelationMap:
    """Relations by object (singular name) and field name."""

    def __init__(self, objects: list[ObjectInfo]) -> None:
        by_name = {o.name_singular: o for o in objects}
        self._relations: dict[str, dict[str, Relation]] = {}
        for obj in objects:
            found: dict[str, Relation] = {}
            for fld in obj.fields:
                relation = _relation_of(obj.name_singular, fld, by_name)
                if relation is not None:
                    found[fld.name] = relation
            self._relations[obj.name_singular] = found

    def of(self, object_name: str) -> dict[str, Relation]:
        return self._relations.get(object_name, {})

    def get(self, object_name: str, name: str) -> Relation:
        """The relation ``name`` of the object; ``InvalidInputError`` listing the real ones."""
        relations = self.of(object_name)
        relation = relations.get(name)
        if relation is None:
            known = ", ".join(sorted(relations)) or "none"
            raise errors.InvalidInputError(
                f"{object_name} has no relation {name!r} (its relations: {known})"
            )
        return relation


def _relation_of(source: str, fld: object, by_name: dict[str, ObjectInfo]) -> Relation | None:
    from ..metadata import FieldInfo

    assert isinstance(fld, FieldInfo)
    if not fld.is_active or fld.relation_target is None or fld.relation_type is None:
        return None
    if fld.relation_type == "MANY_TO_ONE":
        join = fld.join_column or f"{fld.name}Id"
        return Relation(source, fld.name, "MANY_TO_ONE", fld.relation_target, join)
    if fld.relation_type != "ONE_TO_MANY" or fld.inverse_field is None:
        return None
    target = by_name.get(fld.relation_target)
    inverse = target.field(fld.inverse_field) if target is not None else None
    join = (inverse.join_column if inverse is not None else None) or f"{fld.inverse_field}Id"
    return Relation(source, fld.name, "ONE_TO_MANY", fld.relation_target, join)


_CACHE: weakref.WeakKeyDictionary[BaseTwentyClient, asyncio.Future[RelationMap]] = (
    weakref.WeakKeyDictionary()
)


async def relation_map(client: BaseTwentyClient) -> RelationMap:
    """The workspace's relations, fetched on first use and kept for the client's life."""
    future = _CACHE.get(client)
    if future is None or (future.done() and future.exception() is not None):
        future = asyncio.ensure_future(_fetch(client))
        _CACHE[client] = future
    return await asyncio.shield(future)


async def _fetch(client: BaseTwentyClient) -> RelationMap:
    return RelationMap(await client.metadata.objects())
