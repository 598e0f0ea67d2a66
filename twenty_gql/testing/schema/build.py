"""Build the workspace GraphQL schema from metadata.

The builders describe every type once (``typedefs``); from that description come both the SDL
text (what Twenty prints and caches) and the executable graphql-core schema. No resolvers are
attached here: the server binds them by root-field name.
"""

from __future__ import annotations

from graphql import GraphQLSchema, build_ast_schema, parse

from twenty_gql.testing.model.types import WorkspaceMetadata
from twenty_gql.testing.schema.common import common_types
from twenty_gql.testing.schema.composites import composite_types
from twenty_gql.testing.schema.inputs import input_types
from twenty_gql.testing.schema.materialize import materialize
from twenty_gql.testing.schema.objects import connection_types, enum_types, object_type
from twenty_gql.testing.schema.relation_inputs import relation_input_types
from twenty_gql.testing.schema.render import render_sdl
from twenty_gql.testing.schema.roots import root_types
from twenty_gql.testing.schema.typedefs import TypeDef
from twenty_gql.testing.schema.view import object_views


def workspace_type_defs(workspace: WorkspaceMetadata) -> list[TypeDef]:
    """Every type of the workspace schema, in Twenty's generation order."""
    views = object_views(workspace)
    if not views:
        raise ValueError("workspace has no active objects: a schema needs at least one")
    types: list[TypeDef] = [*common_types(), *composite_types()]
    for view in views:
        types += enum_types(view)
        types.append(object_type(view))
        types += connection_types(view)
        types += relation_input_types(view)
        types += input_types(view)
    types += root_types(views)
    return types


def build_workspace_sdl(workspace: WorkspaceMetadata) -> str:
    """The workspace schema as SDL text; the same metadata always gives the same text."""
    return render_sdl(workspace_type_defs(workspace))


def build_workspace_schema(workspace: WorkspaceMetadata) -> GraphQLSchema:
    """The executable (resolver-less) schema; equal to parsing :func:`build_workspace_sdl`."""
    return materialize(workspace_type_defs(workspace))


def schema_from_sdl(text: str) -> GraphQLSchema:
    """Parse SDL we generated ourselves (slower than :func:`build_workspace_schema`)."""
    return build_ast_schema(parse(text, no_location=True), assume_valid_sdl=True)
