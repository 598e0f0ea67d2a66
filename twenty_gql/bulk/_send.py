"""One bulk request through the resource's request path, with how many attempts it took.

The attempt count matters to bulk writes: a batch that succeeded or failed on a *retry* may
have been applied by an earlier attempt whose response was lost.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import errors

if TYPE_CHECKING:
    from ..resources import Resource

__all__ = ["attempts_of", "find_by_ids", "gc_paused", "send"]


async def send(
    resource: Resource[Any, Any, Any, Any, Any],
    kind: str,
    variables: dict[str, Any],
    timeout: float | None,
    *,
    ids_only: bool = False,
) -> tuple[Any, int]:
    """The parsed result of operation ``kind`` (selecting ``id`` alone when ``ids_only``)
    and the attempts it took (errors raise)."""
    binding = resource._binding
    operation = binding.ids_operation(kind) if ids_only else binding.operation(kind)
    response = await resource._client._graphql.send(
        operation.prepared, variables, idempotent=True, timeout=timeout
    )
    with gc_paused():
        return operation.parse(response), response.attempts


async def find_by_ids(
    resource: Resource[Any, Any, Any, Any, Any],
    ids: list[str],
    timeout: float | None,
    *,
    also: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The records with these ids (at most one page: 200) that match ``also`` too, by id:
    how a bulk write learns what an attempt whose answer was lost already did."""
    filter_ = {"id": {"in": ids}, **(also or {})}
    page = await resource._page(filter_, [{"id": "AscNullsFirst"}], None, len(ids), timeout)
    return {str(node.id): node for node in page.items}


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic GC paused for one synchronous step of a bulk write (never across awaits).

    Validating many records allocates tens of thousands of objects, which triggers
    collections that traverse every record the write has kept so far: measured, half of the
    client's CPU in a 10,000-record import. Records and dumped inputs hold no reference
    cycles, so the pause leaves no garbage the collector would miss; the collector is
    resumed (if it was on) at the end of the step.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def attempts_of(error: errors.TwentyError) -> int:
    """How many attempts the failed request took (1 when unknown)."""
    attempts = getattr(error.response, "attempts", 1)
    return attempts if isinstance(attempts, int) else 1
