"""Build the workspace GraphQL schema from metadata: SDL text first, then graphql-core.

Like Twenty, the SDL is the artefact (printed, cacheable, diffable); the executable schema is
parsed from it. No resolvers are attached here: the server binds them by root-field name.
"""

from __future__ import annotations

from graphql import GraphQLSchema, build_ast_schema, parse

from twenty_gql.testing.model.types import WorkspaceMetadata
from twenty_gql.testing.schema.common import common_sdl
from twenty_gql.testing.schema.composites import composites_sdl
from twenty_gql.testing.schema.inputs import inputs_sdl
from twenty_gql.testing.schema.objects import connection_types_sdl, enums_sdl, object_type_sdl
from twenty_gql.testing.schema.relation_inputs import relation_inputs_sdl
from twenty_gql.testing.schema.roots import roots_sdl
from twenty_gql.testing.schema.view import object_views


def build_workspace_sdl(workspace: WorkspaceMetadata) -> str:
    """The workspace schema as SDL text; the same metadata always gives the same text."""
    views = object_views(workspace)
    if not views:
        raise ValueError("workspace has no active objects: a schema needs at least one")
    parts = [common_sdl(), composites_sdl()]
    for view in views:
        parts += [
            enums_sdl(view),
            object_type_sdl(view),
            connection_types_sdl(view),
            relation_inputs_sdl(view),
            inputs_sdl(view),
        ]
    parts.append(roots_sdl(views))
    return "".join(parts)


def build_workspace_schema(workspace: WorkspaceMetadata) -> GraphQLSchema:
    """The executable (resolver-less) schema parsed from :func:`build_workspace_sdl`."""
    return schema_from_sdl(build_workspace_sdl(workspace))


def schema_from_sdl(text: str) -> GraphQLSchema:
    """Parse SDL we generated ourselves: locations and SDL re-validation are skipped for speed."""
    return build_ast_schema(parse(text, no_location=True), assume_valid_sdl=True)
