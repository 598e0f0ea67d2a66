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
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
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
from ..transport import Response
from .nested_plan import (
    PROBE,
    PROBE_FK,
    PROBE_ID,
    PROBE_MORE,
    Connection,
    Plan,
    Planner,
    Selection,
    child,
)
from .relation_map import IN_CHUNK, RelationMap, relation_map

if TYPE_CHECKING:
    from ..client import BaseTwentyClient
    from ..transport import PreparedOperation, Transport

__all__ = ["complete"]

P = ParamSpec("P")
R = TypeVar("R")

_ROOT = "twentyGqlRoot"


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
        data = await completer.run(operation.document, operation.text, dict(variables or {}))
        return Response(
            200,
            CIMultiDictProxy(CIMultiDict()),
            orjson.dumps({"data": _strip(data)}),
            operation=operation.operation_name,
        )


# -- running: send, find the short connections, fetch the rest ------------------------------


class _Completer:
    _plans: dict[tuple[int, str], Plan] = {}

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

    def _plan(self, document: DocumentNode, text: str) -> Plan:
        key = (id(self._client.package), text)
        plan = self._plans.get(key)
        if plan is None:
            plan = Planner(self._client, self._relations).plan(document)
            self._plans[key] = plan
        return plan

    async def run(
        self, document: DocumentNode, text: str, variables: dict[str, Any]
    ) -> dict[str, Any]:
        """Send ``document``; its data with every nested connection complete (probes kept)."""
        plan = self._plan(document, text)
        response = await self._inner.send(
            plan.prepared, variables, idempotent=True, timeout=self._timeout
        )
        data = response.raise_for_error()
        connections: list[Connection] = []
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
        plan: Plan,
        connection: Connection,
        variables: dict[str, Any],
        found: list[tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        short = [(p, c) for p, c in found if (c.get(PROBE_MORE) or {}).get("hasNextPage")]
        if not short:
            return
        ids = list(dict.fromkeys(str(parent[PROBE_ID]) for parent, _ in short))
        chunks = [ids[i : i + IN_CHUNK] for i in range(0, len(ids), IN_CHUNK)]
        results = await asyncio.gather(
            *(self._rest(plan, connection, variables, chunk) for chunk in chunks)
        )
        by_parent: dict[str, list[dict[str, Any]]] = {}
        for edges in results:
            for edge in edges:
                by_parent.setdefault(str(edge["node"][PROBE_FK]), []).append(edge)
        for parent, value in short:
            edges = value.setdefault("edges", [])
            have = {str(edge["node"][PROBE_ID]) for edge in edges}
            edges += [
                e
                for e in by_parent.get(str(parent[PROBE_ID]), [])
                if str(e["node"][PROBE_ID]) not in have
            ]
            info = value.get(connection.page_info_key or "")
            if isinstance(info, dict):
                if "hasNextPage" in info:
                    info["hasNextPage"] = False
                if "endCursor" in info and edges and "cursor" in edges[-1]:
                    info["endCursor"] = edges[-1]["cursor"]

    async def _rest(
        self,
        plan: Plan,
        connection: Connection,
        variables: dict[str, Any],
        parent_ids: list[str],
    ) -> list[dict[str, Any]]:
        """Every child of these parents through the child's root connection, in full pages."""
        document, text, extra = _rest_document(self._client, plan, connection, variables)
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
            data = await self.run(document, text, page_variables)
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
    selection: Selection,
    found: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]],
    connections: list[Connection],
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
    plan: Plan,
    connection: Connection,
    variables: Mapping[str, Any],
) -> tuple[DocumentNode, str, dict[str, Any]]:
    """``query { twentyGqlRoot: <children>(filter, orderBy, first, after) { pageInfo edges } }``
    with the connection's own edge selection, the fragments and variables it uses."""
    binding = client.package.object(connection.relation.target)
    edges = child(connection.source.selection_set, "edges")
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
    return parse(text, no_location=True), text, extra


def _strip(value: Any) -> Any:
    """The response without the probe aliases."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not k.startswith(PROBE)}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value
