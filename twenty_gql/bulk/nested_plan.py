"""The plan of ``tw.complete``: a generated query rewritten once to expose what is nested where.

Every nested ONE_TO_MANY connection of the document gets probe selections under aliases that
start with ``twentyGql`` (so the caller's own selections are untouched): ``pageInfo {
hasNextPage }`` on the connection, ``id`` and the join column on its nodes, ``id`` on its parent.
The plan lists those connections per root field, for ``nested`` to find the short ones in a
response. Nested connections inside a named fragment cannot be rewritten per use: refused.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)

from .. import errors
from ..transport import prepare
from .relation_map import Relation, RelationMap

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..transport import PreparedOperation

__all__ = [
    "PROBE",
    "PROBE_FK",
    "PROBE_ID",
    "PROBE_MORE",
    "Connection",
    "Plan",
    "Planner",
    "Selection",
    "child",
    "response_key",
]

#: every probe alias starts with this (stripped before the generated code sees the response)
PROBE = "twentyGql"
PROBE_ID, PROBE_FK, PROBE_MORE = "twentyGqlId", "twentyGqlFk", "twentyGqlMore"


@dataclass(eq=False)
class Selection:
    """One node's selection: its nested connections and many-to-one objects."""

    connections: list[Connection] = field(default_factory=list)
    objects: list[tuple[str, Selection]] = field(default_factory=list)


@dataclass(eq=False)
class Connection:
    key: str
    relation: Relation
    source: FieldNode  # rewritten: carries the probes
    nodes: Selection
    page_info_key: str | None
    #: (parent node, connection) pairs of the current response
    found: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


@dataclass(eq=False)
class Plan:
    document: DocumentNode
    prepared: PreparedOperation
    roots: list[tuple[str, bool, Selection]]  # response key, is a connection, selection
    fragments: dict[str, FragmentDefinitionNode]


def response_key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _probe(alias: str, text: str) -> FieldNode:
    selection = parse(f"{{ {alias}: {text} }}", no_location=True).definitions[0]
    assert isinstance(selection, OperationDefinitionNode)
    node = selection.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    return node


def _add(selection_set: SelectionSetNode, alias: str, text: str) -> None:
    if not any(
        isinstance(s, FieldNode) and response_key(s) == alias for s in selection_set.selections
    ):
        # graphql-core's nodes are frozen; this is our own deep copy of the document
        selections = (*selection_set.selections, _probe(alias, text))
        object.__setattr__(selection_set, "selections", selections)


def child(selection_set: SelectionSetNode | None, name: str) -> FieldNode | None:
    for s in selection_set.selections if selection_set else ():
        if isinstance(s, FieldNode) and s.name.value == name:
            return s
    return None


class Planner:
    def __init__(self, client: BaseTwentyClient, relations: RelationMap) -> None:
        self._client = client
        self._relations = relations

    def plan(self, document: DocumentNode) -> Plan:
        document = copy.deepcopy(document)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._fragments = fragments
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        if operation.operation is not OperationType.QUERY:
            raise errors.InvalidInputError("complete() runs queries only, not mutations")
        roots = []
        for root in operation.selection_set.selections:
            if not isinstance(root, FieldNode) or root.selection_set is None:
                continue
            try:
                binding = self._client.package.object(root.name.value)
            except errors.InvalidInputError:
                continue  # not a record root field (currentUser, search, ...)
            is_connection = root.name.value == binding.name_plural
            target = root.selection_set
            if is_connection:
                edges = child(target, "edges")
                node = child(edges.selection_set if edges else None, "node")
                if node is None or node.selection_set is None:
                    continue
                target = node.selection_set
            roots.append((response_key(root), is_connection, self._selection(target, binding.name)))
        return Plan(document, prepare(document), roots, fragments)

    def _selection(self, selection_set: SelectionSetNode, object_name: str) -> Selection:
        found = Selection()
        for node in selection_set.selections:
            if isinstance(node, InlineFragmentNode):
                inner = self._selection(node.selection_set, object_name)
                found.connections += inner.connections
                found.objects += inner.objects
                if inner.connections:
                    _add(node.selection_set, PROBE_ID, "id")
            elif isinstance(node, FragmentSpreadNode):
                self._refuse_nested_in(node.name.value, object_name)
            elif isinstance(node, FieldNode) and node.selection_set is not None:
                relation = self._relations.of(object_name).get(node.name.value)
                if relation is None:
                    continue
                if not relation.to_many:
                    found.objects.append(
                        (response_key(node), self._selection(node.selection_set, relation.target))
                    )
                    continue
                connection = self._connection(node, relation)
                if connection is not None:
                    found.connections.append(connection)
        if found.connections:
            _add(selection_set, PROBE_ID, "id")
        return found

    def _connection(self, node: FieldNode, relation: Relation) -> Connection | None:
        assert node.selection_set is not None
        edges = child(node.selection_set, "edges")
        if edges is None:
            return None  # totalCount alone: nothing can be short
        inner = child(edges.selection_set, "node")
        if inner is None or inner.selection_set is None:
            raise errors.InvalidInputError(
                f"{relation.source}.{relation.name}: select edges {{ node {{ … }} }} so the "
                "connection can be completed"
            )
        nodes = self._selection(inner.selection_set, relation.target)
        _add(inner.selection_set, PROBE_ID, "id")
        _add(inner.selection_set, PROBE_FK, relation.join_column)
        _add(node.selection_set, PROBE_MORE, "pageInfo { hasNextPage }")
        page_info = child(node.selection_set, "pageInfo")
        page_info_key = response_key(page_info) if page_info is not None else None
        return Connection(response_key(node), relation, node, nodes, page_info_key)

    def _refuse_nested_in(self, name: str, object_name: str) -> None:
        fragment = self._fragments.get(name)
        if fragment is None:
            return
        for node in fragment.selection_set.selections:
            if isinstance(node, FieldNode):
                relation = self._relations.of(object_name).get(node.name.value)
                if relation is not None and relation.to_many:
                    raise errors.InvalidInputError(
                        f"fragment {name} selects the nested connection {object_name}."
                        f"{node.name.value}, which complete() cannot rewrite per use: "
                        "select it inline in the operation"
                    )
