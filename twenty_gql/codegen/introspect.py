"""Where the schema comes from: the live ``/graphql`` endpoint or an SDL file.

Twenty builds a schema per workspace *and per role*, so codegen introspects with the same API
key the application will use (anchors §0.1). The schema is saved printed in a stable order
(types, fields and arguments sorted) so that a diff of two saved schemas reads as the change.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, cast

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    IntrospectionQuery,
    build_ast_schema,
    build_client_schema,
    get_introspection_query,
    lexicographic_sort_schema,
    parse,
    print_schema,
)

from .. import errors
from .._naming import pascal_case
from ..transport import Transport, prepare

__all__ = [
    "INTROSPECTION_WITHOUT_DESCRIPTIONS",
    "FieldWaitTimeout",
    "fetch_schema",
    "graphql_url",
    "load_sdl",
    "missing_fields",
    "poll_fields",
    "print_sorted",
    "schema_from_introspection",
    "schema_from_sdl",
    "schema_hash",
    "sorted_schema",
    "wait_for_fields",
]

_INTROSPECTION = prepare(get_introspection_query(descriptions=True))
#: what ``wait_for`` polls with: names and types are all ``missing_fields`` looks at
INTROSPECTION_WITHOUT_DESCRIPTIONS = get_introspection_query(descriptions=False)


def graphql_url(url: str) -> str:
    """Accept the server root or the endpoint itself: ``http://h:3000`` -> ``…/graphql``."""
    url = url.rstrip("/")
    return url if url.endswith("/graphql") else f"{url}/graphql"


async def fetch_schema(url: str, api_key: str | None, *, timeout: float = 60.0) -> GraphQLSchema:
    """Introspect ``/graphql`` with ``api_key`` (the role whose fields the client may use)."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    async with Transport(graphql_url(url), headers=headers, timeout=timeout) as transport:
        response = await transport.send(_INTROSPECTION)
    return schema_from_introspection(response.raise_for_error(), response.status_code)


def schema_from_introspection(data: dict[str, Any], status_code: int = 200) -> GraphQLSchema:
    """The schema of an introspection answer's ``data``."""
    if "__schema" not in data:
        raise errors.InvalidResponseError(status_code, "no __schema in the answer")
    return build_client_schema(cast(IntrospectionQuery, data))


def load_sdl(path: str | Path) -> GraphQLSchema:
    """Build a schema from an SDL file (a saved schema, or Twenty's printed one)."""
    return schema_from_sdl(Path(path).read_text(encoding="utf-8"))


def schema_from_sdl(sdl: str) -> GraphQLSchema:
    """``build_schema`` without source locations or SDL rule checks: 2-5x faster on Twenty's
    multi-megabyte schemas. The type system is still checked (``assert_valid_schema``) before
    any operation is validated against it."""
    return build_ast_schema(parse(sdl, no_location=True), assume_valid_sdl=True)


def sorted_schema(schema: GraphQLSchema) -> tuple[str, GraphQLSchema]:
    """The schema with every type, field, argument and enum value sorted, and its SDL.

    The sorted schema object is what scaffolding and validation use, so it need not be
    parsed back from the text."""
    ordered = lexicographic_sort_schema(schema)
    return print_schema(ordered) + "\n", ordered


def print_sorted(schema: GraphQLSchema) -> str:
    """The schema printed with every type, field, argument and enum value sorted."""
    return sorted_schema(schema)[0]


def schema_hash(sdl: str) -> str:
    return hashlib.sha256(sdl.encode("utf-8")).hexdigest()


def _type_name(object_name: str) -> str:
    """``company`` and ``Company`` both name the GraphQL type ``Company``."""
    return pascal_case(object_name)


def missing_fields(schema: GraphQLSchema, wanted: Sequence[str]) -> list[str]:
    """The ``object.field`` specs in ``wanted`` that ``schema`` does not have yet."""
    missing = []
    for spec in wanted:
        object_name, _, field_name = spec.partition(".")
        if not field_name:
            raise ValueError(f"--wait-for expects object.field, got {spec!r}")
        graphql_type = schema.get_type(_type_name(object_name))
        if not isinstance(graphql_type, GraphQLObjectType) or (
            field_name != "*" and field_name not in graphql_type.fields
        ):
            missing.append(spec)
    return missing


class FieldWaitTimeout(errors.TwentyError):
    """The awaited fields did not appear in the schema before the timeout."""

    def __init__(self, missing: Sequence[str], waited: float) -> None:
        super().__init__(
            f"after {waited:.1f}s the schema still lacks: {', '.join(missing)} "
            "(Twenty caches workspace schemas; was the field created on this workspace?)"
        )
        self.missing = list(missing)


async def wait_for_fields(
    url: str,
    api_key: str | None,
    wanted: Sequence[str],
    *,
    timeout: float = 60.0,
    interval: float = 0.25,
    **fetch_kwargs: Any,
) -> GraphQLSchema:
    """Introspect ``url`` until every ``object.field`` in ``wanted`` exists (``poll_fields``)."""
    return await poll_fields(
        lambda: fetch_schema(url, api_key, **fetch_kwargs),
        wanted,
        timeout=timeout,
        interval=interval,
    )


async def poll_fields(
    fetch: Callable[[], Awaitable[GraphQLSchema]],
    wanted: Sequence[str],
    *,
    timeout: float = 60.0,
    interval: float = 0.25,
) -> GraphQLSchema:
    """Fetch the schema until every ``object.field`` in ``wanted`` exists (``object.*``: object).

    Twenty caches the schema per workspace, so a field created through ``/metadata`` may be
    missing from ``/graphql`` for a moment (Twenty PRs #19111, #19343). Polls with a backoff
    capped at 2 s; raises ``FieldWaitTimeout`` naming what is still missing. ``fetch`` is any
    introspection (``fetch_schema``, or a client's executor through ``schema_from_introspection``).
    """
    missing_fields(GraphQLSchema(), wanted)  # refuse malformed specs before the first request
    started = time.monotonic()
    delay = interval
    while True:
        schema = await fetch()
        missing = missing_fields(schema, wanted)
        if not missing:
            return schema
        waited = time.monotonic() - started
        if waited + delay > timeout:
            raise FieldWaitTimeout(missing, waited)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)
