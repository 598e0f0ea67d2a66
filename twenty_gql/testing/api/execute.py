"""One ``POST /graphql`` body in, one Twenty-shaped response out.

The pipeline is Twenty's: parse (GRAPHQL_PARSE_FAILED) → document guards (duplicate root
resolvers, field and root-resolver counts → BAD_USER_INPUT) → validation against the
workspace schema (GRAPHQL_VALIDATION_FAILED) → execution, where each resolver's error carries
its own ``extensions.code``. Failures are reported in ``errors`` with HTTP 200.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeGuard

from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    execute,
    parse,
    validate,
)
from graphql.pyutils import is_awaitable

from twenty_gql.testing.api.complexity import check_document
from twenty_gql.testing.api.context import RequestContext
from twenty_gql.testing.errors import (
    BAD_USER_INPUT,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_SERVER_ERROR,
    EmulatorError,
    error_body,
    error_entry,
)

if TYPE_CHECKING:
    from twenty_gql.testing.contracts import EmulatorState, RecordEvent

log = logging.getLogger("twenty_gql.testing")


def format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    out: dict[str, Any] = {}
    if isinstance(original, EmulatorError):
        out["message"] = original.message
        extensions = original.extensions
    elif original is not None and not isinstance(original, GraphQLError):
        log.exception("emulator resolver crashed", exc_info=original)
        out["message"] = "Internal server error"
        extensions = {"code": INTERNAL_SERVER_ERROR}
    else:
        out["message"] = error.message
        extensions = dict(error.extensions or {})
        # Left here: variable and argument coercion (a bad UUID, a wrong enum value).
        extensions.setdefault("code", BAD_USER_INPUT)
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    out["extensions"] = extensions
    return out


def run_graphql(
    body: dict[str, Any],
    *,
    schema: Callable[[], GraphQLSchema],
    context: Any,
    lock: AbstractContextManager[Any],
    max_fields: int,
    max_root_resolvers: int,
) -> dict[str, Any]:
    """Twenty's pipeline for one request body, for ``/graphql`` and ``/metadata`` alike."""
    query = body.get("query")
    if not isinstance(query, str) or not query.strip():
        return error_body("Must provide query string.", GRAPHQL_PARSE_FAILED)
    variables = body.get("variables") or None
    if variables is not None and not isinstance(variables, dict):
        return error_body("Variables must be an object.", BAD_USER_INPUT)
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return error_body(exc.message, GRAPHQL_PARSE_FAILED)
    try:
        check_document(document, max_fields=max_fields, max_root_resolvers=max_root_resolvers)
    except EmulatorError as exc:
        return exc.body
    with lock:
        current = schema()
        problems = validate(current, document)
        if problems:
            return {"errors": [_validation_error(p) for p in problems]}
        result = execute(
            current,
            document,
            variable_values=variables,
            operation_name=body.get("operationName"),
            context_value=context,
            field_resolver=_resolve_field,
            is_awaitable=_never_awaitable,
        )
        if is_awaitable(result):  # pragma: no cover - every resolver is synchronous
            raise RuntimeError("the emulator's resolvers are synchronous")
        assert isinstance(result, ExecutionResult)
    response: dict[str, Any] = {}
    if result.errors:
        response["errors"] = [format_error(e) for e in result.errors]
    response["data"] = result.data
    return response


def _never_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """The emulator's resolvers are synchronous: graphql-core need not probe each value."""
    return False


def _resolve_field(source: Any, info: Any, **args: Any) -> Any:
    """graphql-core's default resolver with the emulator's records (dicts) looked up first:
    it runs for every field of every record, so the common case goes first."""
    name = info.field_name
    value = source.get(name) if isinstance(source, dict | Mapping) else getattr(source, name, None)
    if callable(value):
        return value(info, **args)
    return value


def _validation_error(problem: GraphQLError) -> dict[str, Any]:
    locations = [{"line": loc.line, "column": loc.column} for loc in problem.locations or []]
    return error_entry(problem.message, {"code": GRAPHQL_VALIDATION_FAILED}, locations)


def execute_graphql(
    emulator: EmulatorState,
    body: dict[str, Any],
    *,
    actor_name: str = "API key",
    throttle: Callable[[], None] | None = None,
) -> tuple[dict[str, Any], list[RecordEvent]]:
    """Run one ``/graphql`` request; returns the response and the record events it committed."""
    context = RequestContext(emulator=emulator, actor_name=actor_name)
    if throttle is not None:
        context.throttle = throttle
    response = run_graphql(
        body,
        schema=lambda: emulator.schema,
        context=context,
        lock=emulator.lock,
        max_fields=emulator.settings.max_fields,
        max_root_resolvers=emulator.settings.max_root_resolvers,
    )
    return response, context.events
