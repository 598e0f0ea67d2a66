"""The workspace GraphQL schema, generated from object metadata the way Twenty generates it."""

from twenty_gql.testing.schema.build import (
    build_workspace_schema,
    build_workspace_sdl,
    schema_from_sdl,
)

__all__ = ["build_workspace_schema", "build_workspace_sdl", "schema_from_sdl"]
