"""Nested one-to-many connections completed, never returned short: ``tw.complete(op, ...)``.

Twenty answers a nested connection (``company { people { edges … } }``) with at most 60
edges, and a query that does not select ``pageInfo`` cannot even tell. ``complete`` runs a
generated operation (``tw.client.companies_with_people_and_opportunities``) through a
transport of its own that:

1. rewrites the document once: every nested ONE_TO_MANY connection gets
   ``twentyGqlMore: pageInfo { hasNextPage }``, its nodes ``twentyGqlId: id`` and
   ``twentyGqlFk: <join column>``, its parent node ``twentyGqlId: id`` (aliases, so your own
   selections are untouched). Truncation is then known exactly, not guessed from a count;
2. for each truncated connection, fetches the rest from the child's root connection with the
   same edge selection, ``filter: {<fk>: {in: [truncated parents]}}`` (AND the nested
   ``filter``, same ``orderBy`` plus ``id``), in full pages, and appends what is missing;
3. strips the probe aliases and hands the completed response to the generated code, which
   validates it into its usual result model.

A nested connection inside a named fragment cannot be rewritten per use: it is refused with a
message naming it (inline the selection instead). ``first:`` on a nested connection is the
size of Twenty's first slice, not a limit: ``complete`` returns every child.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
    print_ast,
    value_from_ast_untyped,
    visit,
)
from graphql.language import Visitor
from multidict import CIMultiDict, CIMultiDictProxy

from .. import errors
from ..pagination import Page, page_stream
from ..transport import Response, prepare
from .relation_map import Relation, RelationMap, relation_map
from .relations import IN_CHUNK

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..transport import PreparedOperation, Transport

__all__ = ["complete"]

P = ParamSpec("P")
R = TypeVar("R")

_PROBE = "twentyGql"
_ID, _FK, _MORE, _ROOT = "twentyGqlId", "twentyGqlFk", "twentyGqlMore", "twentyGqlRoot"


async def complete(
    client: BaseTwentyClient, op: Callable[P, Awaitable[R]], /, *args: P.args, **kwargs: P.kwargs
) -> R:
    """Run the generated operation ``op`` (a method of ``tw.client``) with every nested
    one-to-many connection of its result completed; typed as ``op`` returns."""
    generated = getattr(op, "__self__", None)
    function = getattr(op, "__func__", None)
    if generated is None or function is None or not hasattr(generated, "transport"):
        raise errors.InvalidInputError(
            "complete() takes a method of the generated client, e.g. "
            "tw.client.companies_with_people_and_opportunities"
        )
    clone = copy.copy(generated)
    clone.transport = _CompletingTransport(client, client._graphql)
    result: R = await function(clone, *args, **kwargs)
    return result


class _CompletingTransport:
    """Stands in for ``Transport`` under the generated client: sends, then completes."""

    def __init__(self, client: BaseTwentyClient, inner: Transport) -> None:
        self._client = client
        self._inner = inner
        self.url = inner.url

    async def send(
        self,
        operation: PreparedOperation,
        variables: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        **_: Any,
    ) -> Response:
        if operation.is_mutation:
            raise errors.InvalidInputError("complete() runs queries only, not mutations")
        completer = _Completer(self._client, self._inner, await relation_map(self._client), timeout)
        data = await completer.run(operation.document, dict(variables or {}))
        return Response(
            200,
            CIMultiDictProxy(CIMultiDict()),
            orjson.dumps({"data": _strip(data)}),
            operation=operation.operation_name,
        )


# -- the plan: what is nested where, found while the document is rewritten ------------------


@dataclass(eq=False)
class _Selection:
    """One node's selection: its nested connections and many-to-one objects."""

    connections: list[_Connection] = field(default_factory=list)
    objects: list[tuple[str, _Selection]] = field(default_factory=list)


@dataclass(eq=False)
class _Connection:
    key: str
    relation: Relation
    source: FieldNode  # rewritten: carries the probes
    nodes: _Selection
    page_info_key: str | None
    #: (parent node, connection) pairs of the current response
    found: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


@dataclass(eq=False)
class _Plan:
    document: DocumentNode
    prepared: PreparedOperation
    roots: list[tuple[str, bool, _Selection]]  # response key, is a connection, selection
    fragments: dict[str, FragmentDefinitionNode]


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _probe(alias: str, text: str) -> FieldNode:
    selection = parse(f"{{ {alias}: {text} }}", no_location=True).definitions[0]
    assert isinstance(selection, OperationDefinitionNode)
    node = selection.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    return node


def _add(selection_set: SelectionSetNode, alias: str, text: str) -> None:
    if not any(isinstance(s, FieldNode) and _key(s) == alias for s in selection_set.selections):
        # graphql-core's nodes are frozen; this is our own deep copy of the document
        selections = (*selection_set.selections, _probe(alias, text))
        object.__setattr__(selection_set, "selections", selections)


def _child(selection_set: SelectionSetNode | None, name: str) -> FieldNode | None:
    for s in selection_set.selections if selection_set else ():
        if isinstance(s, FieldNode) and s.name.value == name:
            return s
    return None


class _Planner:
    def __init__(self, client: BaseTwentyClient, relations: RelationMap) -> None:
        self._client = client
        self._relations = relations

    def plan(self, document: DocumentNode) -> _Plan:
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
                edges = _child(target, "edges")
                node = _child(edges.selection_set if edges else None, "node")
                if node is None or node.selection_set is None:
                    continue
                target = node.selection_set
            roots.append((_key(root), is_connection, self._selection(target, binding.name)))
        return _Plan(document, prepare(document), roots, fragments)

    def _selection(self, selection_set: SelectionSetNode, object_name: str) -> _Selection:
        found = _Selection()
        for node in selection_set.selections:
            if isinstance(node, InlineFragmentNode):
                inner = self._selection(node.selection_set, object_name)
                found.connections += inner.connections
                found.objects += inner.objects
                if inner.connections:
                    _add(node.selection_set, _ID, "id")
            elif isinstance(node, FragmentSpreadNode):
                self._refuse_nested_in(node.name.value, object_name)
            elif isinstance(node, FieldNode) and node.selection_set is not None:
                relation = self._relations.of(object_name).get(node.name.value)
                if relation is None:
                    continue
                if not relation.to_many:
                    found.objects.append(
                        (_key(node), self._selection(node.selection_set, relation.target))
                    )
                    continue
                connection = self._connection(node, relation)
                if connection is not None:
                    found.connections.append(connection)
        if found.connections:
            _add(selection_set, _ID, "id")
        return found

    def _connection(self, node: FieldNode, relation: Relation) -> _Connection | None:
        assert node.selection_set is not None
        edges = _child(node.selection_set, "edges")
        if edges is None:
            return None  # totalCount alone: nothing can be short
        inner = _child(edges.selection_set, "node")
        if inner is None or inner.selection_set is None:
            raise errors.InvalidInputError(
                f"{relation.source}.{relation.name}: select edges {{ node {{ … }} }} so the "
                "connection can be completed"
            )
        nodes = self._selection(inner.selection_set, relation.target)
        _add(inner.selection_set, _ID, "id")
        _add(inner.selection_set, _FK, relation.join_column)
        _add(node.selection_set, _MORE, "pageInfo { hasNextPage }")
        page_info = _child(node.selection_set, "pageInfo")
        page_info_key = _key(page_info) if page_info is not None else None
        return _Connection(_key(node), relation, node, nodes, page_info_key)

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


# -- running: send, find the short connections, fetch the rest ------------------------------


class _Completer:
    _plans: dict[tuple[int, str], _Plan] = {}

    def __init__(
        self,
        client: BaseTwentyClient,
        inner: Transport,
        relations: RelationMap,
        timeout: float | None,
    ) -> None:
        self._client = client
        self._inner = inner
        self._relations = relations
        self._timeout = timeout

    def _plan(self, document: DocumentNode) -> _Plan:
        key = (id(self._client.package), print_ast(document))
        plan = self._plans.get(key)
        if plan is None:
            plan = _Planner(self._client, self._relations).plan(document)
            self._plans[key] = plan
        return plan

    async def run(self, document: DocumentNode, variables: dict[str, Any]) -> dict[str, Any]:
        """Send ``document``; its data with every nested connection complete (probes kept)."""
        plan = self._plan(document)
        response = await self._inner.send(
            plan.prepared, variables, idempotent=True, timeout=self._timeout
        )
        data = response.raise_for_error()
        connections: list[_Connection] = []
        found: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for key, is_connection, selection in plan.roots:
            for node in _root_nodes(data.get(key), is_connection):
                _collect(node, selection, found, connections)
        await asyncio.gather(
            *(
                self._fill(plan, connection, variables, found[id(connection)])
                for connection in {id(c): c for c in connections}.values()
            )
        )
        return data

    async def _fill(
        self,
        plan: _Plan,
        connection: _Connection,
        variables: dict[str, Any],
        found: list[tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        short = [(p, c) for p, c in found if (c.get(_MORE) or {}).get("hasNextPage")]
        if not short:
            return
        ids = list(dict.fromkeys(str(parent[_ID]) for parent, _ in short))
        chunks = [ids[i : i + IN_CHUNK] for i in range(0, len(ids), IN_CHUNK)]
        results = await asyncio.gather(
            *(self._rest(plan, connection, variables, chunk) for chunk in chunks)
        )
        by_parent: dict[str, list[dict[str, Any]]] = {}
        for edges in results:
            for edge in edges:
                by_parent.setdefault(str(edge["node"][_FK]), []).append(edge)
        for parent, value in short:
            edges = value.setdefault("edges", [])
            have = {str(edge["node"][_ID]) for edge in edges}
            edges += [
                e for e in by_parent.get(str(parent[_ID]), []) if str(e["node"][_ID]) not in have
            ]
            info = value.get(connection.page_info_key or "")
            if isinstance(info, dict):
                if "hasNextPage" in info:
                    info["hasNextPage"] = False
                if "endCursor" in info and edges and "cursor" in edges[-1]:
                    info["endCursor"] = edges[-1]["cursor"]

    async def _rest(
        self,
        plan: _Plan,
        connection: _Connection,
        variables: dict[str, Any],
        parent_ids: list[str],
    ) -> list[dict[str, Any]]:
        """Every child of these parents through the child's root connection, in full pages."""
        document, extra = _rest_document(self._client, plan, connection, variables)
        relation = connection.relation
        own_filter = _argument(connection.source, "filter", variables)
        key_filter = {relation.join_column: {"in": parent_ids}}
        filter_ = {"and": [key_filter, own_filter]} if own_filter else key_filter
        order = _argument(connection.source, "orderBy", variables) or []
        order = [order] if isinstance(order, dict) else list(order)
        if not any(isinstance(o, dict) and "id" in o for o in order):
            order.append({"id": "AscNullsFirst"})

        async def fetch(after: str | None, first: int) -> Page[dict[str, Any]]:
            page_variables = {
                **extra,
                "twentyGqlFilter": filter_,
                "twentyGqlOrderBy": order,
                "twentyGqlFirst": first,
                "twentyGqlAfter": after,
            }
            data = await self.run(document, page_variables)
            root = data[_ROOT]
            info = root["pageInfo"]
            return Page(list(root["edges"]), info.get("endCursor"), bool(info["hasNextPage"]))

        edges: list[dict[str, Any]] = []
        async for page in page_stream(fetch, page_size=self._client.page_size):
            edges += page.items
        return edges


def _root_nodes(value: Any, is_connection: bool) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _root_nodes(item, is_connection)
    elif isinstance(value, dict):
        if is_connection:
            for edge in value.get("edges") or ():
                if isinstance(edge, dict) and isinstance(edge.get("node"), dict):
                    yield edge["node"]
        else:
            yield value


def _collect(
    node: dict[str, Any],
    selection: _Selection,
    found: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]],
    connections: list[_Connection],
) -> None:
    for connection in selection.connections:
        value = node.get(connection.key)
        if not isinstance(value, dict):
            continue
        connections.append(connection)
        found.setdefault(id(connection), []).append((node, value))
        for edge in value.get("edges") or ():
            if isinstance(edge, dict) and isinstance(edge.get("node"), dict):
                _collect(edge["node"], connection.nodes, found, connections)
    for key, inner in selection.objects:
        value = node.get(key)
        if isinstance(value, dict):
            _collect(value, inner, found, connections)


def _argument(node: FieldNode, name: str, variables: Mapping[str, Any]) -> Any:
    for argument in node.arguments or ():
        if argument.name.value == name:
            return value_from_ast_untyped(argument.value, dict(variables))
    return None


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.spreads: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.names.add(node.name.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.spreads.add(node.name.value)


def _rest_document(
    client: BaseTwentyClient,
    plan: _Plan,
    connection: _Connection,
    variables: Mapping[str, Any],
) -> tuple[DocumentNode, dict[str, Any]]:
    """``query { twentyGqlRoot: <children>(filter, orderBy, first, after) { pageInfo edges } }``
    with the connection's own edge selection, the fragments and variables it uses."""
    binding = client.package.object(connection.relation.target)
    edges = _child(connection.source.selection_set, "edges")
    assert edges is not None
    used = _Variables()
    visit(edges, used)
    fragments: list[FragmentDefinitionNode] = []
    queue = list(used.spreads)
    seen: set[str] = set()
    while queue:
        name = queue.pop()
        if name in seen or name not in plan.fragments:
            continue
        seen.add(name)
        fragments.append(plan.fragments[name])
        inner = _Variables()
        visit(plan.fragments[name], inner)
        used.names |= inner.names
        queue += inner.spreads
    operation = next(d for d in plan.document.definitions if isinstance(d, OperationDefinitionNode))
    definitions = [
        print_ast(d)
        for d in operation.variable_definitions or ()
        if d.variable.name.value in used.names
    ]
    text = (
        "query TwentyGqlComplete("
        + ", ".join(
            [
                f"$twentyGqlFilter: {binding.entry.filter_input}",
                f"$twentyGqlOrderBy: [{binding.entry.order_by_input}]",
                "$twentyGqlFirst: Int",
                "$twentyGqlAfter: String",
                *definitions,
            ]
        )
        + f") {{ {_ROOT}: {binding.name_plural}(filter: $twentyGqlFilter, orderBy: "
        "$twentyGqlOrderBy, first: $twentyGqlFirst, after: $twentyGqlAfter) { "
        f"pageInfo {{ hasNextPage endCursor }} {print_ast(edges)} }} }}\n"
        + "\n".join(print_ast(f) for f in fragments)
    )
    extra = {name: variables[name] for name in used.names if name in variables}
    return parse(text, no_location=True), extra


def _strip(value: Any) -> Any:
    """The response without the probe aliases."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not k.startswith(_PROBE)}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value
