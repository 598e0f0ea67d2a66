"""Webhook operation patterns, checked before they reach the server.

Twenty matches a record event ``person.updated`` against a webhook's operations
``person.updated``, ``*.updated``, ``person.*`` and ``*.*`` (``call-webhook-jobs.job.ts``).
Actions are ``DatabaseEventAction``: created, updated, deleted (soft), destroyed (hard),
restored, upserted (``database-event-action.ts`` in twentyhq/twenty). Newer servers also send
metadata events to ``metadata.<name>.<type>`` operations, with ``*`` wildcards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import errors

__all__ = ["ACTIONS", "WebhookOperationError", "validate_operations"]

ACTIONS = ("created", "updated", "deleted", "destroyed", "restored", "upserted")
_NAME = re.compile(r"^(\*|[a-z][a-zA-Z0-9]*)$")


class WebhookOperationError(errors.TwentyError, ValueError):
    """An operation pattern Twenty would never match (typo'd action, bad object name...)."""


def validate_operations(operations: Iterable[str]) -> list[str]:
    """The patterns as a list, or ``WebhookOperationError`` naming the first bad one."""
    if isinstance(operations, str):
        raise WebhookOperationError(
            f"operations must be a list of patterns, not the string {operations!r} "
            f"(did you mean [{operations!r}]?)"
        )
    ops = list(operations)
    if not ops:
        raise WebhookOperationError("operations must not be empty (use ['*.*'] for every event)")
    for op in ops:
        _check(op)
    return ops


def _check(op: object) -> None:
    if not isinstance(op, str):
        raise WebhookOperationError(f"operation {op!r} must be a string like 'person.created'")
    parts = op.split(".")
    if parts[0] == "metadata" and len(parts) == 3:
        if all(_NAME.match(p) for p in parts[1:]):
            return
        raise WebhookOperationError(
            f"invalid metadata operation {op!r}: expected metadata.<name>.<type>, "
            "each a camelCase name or '*'"
        )
    if len(parts) != 2:
        raise WebhookOperationError(
            f"invalid operation {op!r}: expected <object>.<action>, e.g. 'person.created', "
            "'*.updated' or '*.*'"
        )
    name, action = parts
    if not _NAME.match(name):
        raise WebhookOperationError(
            f"invalid object {name!r} in operation {op!r}: expected an object's singular "
            "camelCase name (e.g. 'person', 'opportunity') or '*'"
        )
    if action != "*" and action not in ACTIONS:
        raise WebhookOperationError(
            f"invalid action {action!r} in operation {op!r}: expected one of "
            f"{', '.join(ACTIONS)} or '*'"
        )
