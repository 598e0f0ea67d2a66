"""What a resolver's caller selected: field names under a node, through fragments.

Twenty computes aggregates only when they are selected and rejects a one-to-many relation
nested in another one-to-many (``hasAtLeastTwoNestedOneToManyRelations`` → TOO_COMPLEX_QUERY).
Both need the selection, read here from graphql-core's ``GraphQLResolveInfo``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionNode,
)


def iter_fields(
    selections: Sequence[SelectionNode], fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """Field nodes of one selection level, with fragments flattened in."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from iter_fields(selection.selection_set.selections, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from iter_fields(fragment.selection_set.selections, fragments)


def child_fields(nodes: Sequence[FieldNode], info: GraphQLResolveInfo[Any]) -> list[FieldNode]:
    out: list[FieldNode] = []
    for node in nodes:
        if node.selection_set:
            out.extend(iter_fields(node.selection_set.selections, info.fragments))
    return out


def selected_names(info: GraphQLResolveInfo[Any]) -> set[str]:
    """Names selected directly under the field being resolved."""
    return {f.name.value for f in child_fields(info.field_nodes, info)}


def nodes_at(info: GraphQLResolveInfo[Any], *path: str) -> list[FieldNode]:
    """Field nodes reached by following ``path`` (field names) from the current field."""
    nodes: list[FieldNode] = list(info.field_nodes)
    for name in path:
        nodes = [f for f in child_fields(nodes, info) if f.name.value == name]
    return nodes
