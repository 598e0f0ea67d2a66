"""One bulk request through the resource's request path, with how many attempts it took.

The attempt count matters to bulk writes: a batch that succeeded or failed on a *retry* may
have been applied by an earlier attempt whose response was lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import errors

if TYPE_CHECKING:
    from ..resources import Resource

__all__ = ["attempts_of", "send"]


async def send(
    resource: Resource[Any, Any, Any, Any, Any],
    kind: str,
    variables: dict[str, Any],
    timeout: float | None,
) -> tuple[Any, int]:
    """The parsed result of operation ``kind`` and the attempts it took (errors raise)."""
    operation = resource._binding.operation(kind)
    response = await resource._client._graphql.send(
        operation.prepared, variables, idempotent=True, timeout=timeout
    )
    return operation.parse(response), response.attempts


def attempts_of(error: errors.TwentyError) -> int:
    """How many attempts the failed request took (1 when unknown)."""
    attempts = getattr(error.response, "attempts", 1)
    return attempts if isinstance(attempts, int) else 1
