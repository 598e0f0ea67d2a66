"""Document-level guards Twenty applies right after parsing, before validation.

Twenty's ``useValidateGraphqlQueryComplexity`` plugin counts, over every operation of the
document, the requested fields (``GRAPHQL_MAX_FIELDS`` = 2000) and the root resolvers
(``GRAPHQL_MAX_ROOT_RESOLVERS`` = 20), and rejects a root field named twice in one document
(``checkDuplicateRootResolvers``), aliases or not. All three are ``UserInputError``
(BAD_USER_INPUT). Introspection fields (``__schema``...) are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
)

from twenty_gql.testing.errors import UserInputError


@dataclass(slots=True)
class DocumentShape:
    fields: int = 0
    root_resolvers: list[str] = field(default_factory=list)


def _count(
    selections: Sequence[SelectionNode],
    fragments: dict[str, FragmentDefinitionNode],
    depth: int,
    shape: DocumentShape,
    seen: frozenset[str],
) -> None:
    for selection in selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            shape.fields += 1
            if depth == 0:
                shape.root_resolvers.append(selection.name.value)
            if selection.selection_set:
                _count(selection.selection_set.selections, fragments, depth + 1, shape, seen)
        elif isinstance(selection, InlineFragmentNode):
            _count(selection.selection_set.selections, fragments, depth, shape, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                _count(fragment.selection_set.selections, fragments, depth, shape, seen | {name})


def analyze_document(document: DocumentNode) -> DocumentShape:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    shape = DocumentShape()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            _count(definition.selection_set.selections, fragments, 0, shape, frozenset())
    return shape


def check_document(document: DocumentNode, *, max_fields: int, max_root_resolvers: int) -> None:
    """Raise Twenty's UserInputError for duplicate root fields or an oversized document."""
    shape = analyze_document(document)
    seen: set[str] = set()
    for name in shape.root_resolvers:
        if name in seen:
            raise UserInputError(
                f'Duplicate root resolver: "{name}"',
                user_friendly_message=(
                    "Duplicate root resolver found. Each root resolver can only be called "
                    "once per document."
                ),
            )
        seen.add(name)
    if shape.fields > max_fields:
        raise UserInputError(
            f"Query too complex - Too many fields requested: {shape.fields} - "
            f"Maximum allowed fields: {max_fields}",
            user_friendly_message=(
                "The request is too complex to process. Please try reducing the amount of "
                "requested fields."
            ),
        )
    if len(shape.root_resolvers) > max_root_resolvers:
        raise UserInputError(
            f"Query too complex - Too many root resolvers requested: "
            f"{len(shape.root_resolvers)} - Maximum allowed root resolvers: {max_root_resolvers}",
            user_friendly_message=(
                "The request is too complex to process. Please try reducing the amount of "
                "requested root resolvers."
            ),
        )
