"""Registered webhooks, as Twenty's ``metadata-modules/webhook`` keeps them.

``createWebhook`` ... on ``/metadata`` land here; a missing secret is generated as 32 random
bytes in hex. Operations match ``<object>.<action>``, ``*.<action>``, ``<object>.*`` and ``*.*``.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from twenty_gql.testing.errors import EntityNotFoundError, UserInputError

__all__ = ["Webhook", "WebhookRegistry", "operations_matching"]

_ACTIONS = ("created", "updated", "deleted", "destroyed", "restored", "upserted")


@dataclass(frozen=True, slots=True)
class Webhook:
    id: str
    target_url: str
    operations: tuple[str, ...]
    secret: str
    description: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __repr__(self) -> str:  # the secret never appears in reprs or logs
        return f"Webhook(id={self.id!r}, target_url={self.target_url!r}, ops={self.operations})"

    def matches(self, event_name: str) -> bool:
        return any(op in self.operations for op in operations_matching(event_name))


def operations_matching(event_name: str) -> tuple[str, ...]:
    """``person.updated`` -> the four operation strings that select it (call-webhook-jobs)."""
    name, _, action = event_name.partition(".")
    return (f"{name}.{action}", f"*.{action}", f"{name}.*", "*.*")


def _normalize_url(url: str) -> str:
    """``new URL(targetUrl)`` then http/https only (WebhookException INVALID_TARGET_URL)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserInputError(
            "Please provide a valid HTTP or HTTPS URL.",
            sub_code="INVALID_TARGET_URL",
            user_friendly_message="Please provide a valid HTTP or HTTPS URL.",
        )
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc.lower()}{path}{query}"


def _check_operations(operations: Iterable[str]) -> tuple[str, ...]:
    ops = tuple(operations)
    if not ops:
        raise UserInputError("Webhook operations must not be empty (use ['*.*'] for all events)")
    for op in ops:
        name, dot, action = op.partition(".")
        record_op = bool(name) and action in (*_ACTIONS, "*")
        if not dot or not (record_op or name == "metadata"):
            raise UserInputError(
                f"Invalid webhook operation {op!r}: expected <object>.<action> with action one "
                f"of {', '.join(_ACTIONS)} or '*', e.g. company.created, *.updated, *.*"
            )
    return ops


class WebhookRegistry:
    """The workspace's webhooks (thread-safe; the server and tests share it)."""

    def __init__(self) -> None:
        self._hooks: dict[str, Webhook] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def __repr__(self) -> str:
        return f"WebhookRegistry(webhooks={len(self._hooks)})"

    def create(
        self,
        *,
        target_url: str,
        operations: Iterable[str] = ("*.*",),
        description: str | None = None,
        secret: str | None = None,
        id: str | None = None,
    ) -> Webhook:
        hook_id = str(uuid.UUID(id)) if id else str(uuid.uuid4())
        hook = Webhook(
            id=hook_id,
            target_url=_normalize_url(target_url),
            operations=_check_operations(operations),
            description=description,
            secret=secret or secrets.token_hex(32),
        )
        with self._lock:
            if hook_id in self._hooks:
                raise UserInputError(f"A webhook with id {hook_id} already exists")
            self._hooks[hook_id] = hook
        self._changed()
        return hook

    def update(
        self,
        webhook_id: str,
        *,
        target_url: str | None = None,
        operations: Iterable[str] | None = None,
        description: str | None = None,
        secret: str | None = None,
    ) -> Webhook:
        changes: dict[str, Any] = {"updated_at": datetime.now(UTC)}
        if target_url is not None:
            changes["target_url"] = _normalize_url(target_url)
        if operations is not None:
            changes["operations"] = _check_operations(operations)
        if description is not None:
            changes["description"] = description
        if secret is not None:
            changes["secret"] = secret
        with self._lock:
            hook = self._require(webhook_id)
            hook = self._hooks[webhook_id] = replace(hook, **changes)
        self._changed()
        return hook

    def delete(self, webhook_id: str) -> Webhook:
        with self._lock:
            hook = self._require(webhook_id)
            del self._hooks[webhook_id]
        self._changed()
        return hook

    def get(self, webhook_id: str) -> Webhook | None:
        with self._lock:
            return self._hooks.get(webhook_id)

    def all(self) -> list[Webhook]:
        with self._lock:
            return list(self._hooks.values())

    def matching(self, event_name: str) -> list[Webhook]:
        return [hook for hook in self.all() if hook.matches(event_name)]

    def clear(self) -> None:
        with self._lock:
            self._hooks.clear()
        self._changed()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {
                    "id": h.id,
                    "targetUrl": h.target_url,
                    "operations": list(h.operations),
                    "description": h.description,
                    "secret": h.secret,
                    "createdAt": h.created_at.isoformat(),
                    "updatedAt": h.updated_at.isoformat(),
                }
                for h in self._hooks.values()
            ]

    def restore(self, state: Iterable[Mapping[str, Any]]) -> None:
        with self._lock:
            self._hooks = {
                raw["id"]: Webhook(
                    id=raw["id"],
                    target_url=raw["targetUrl"],
                    operations=tuple(raw["operations"]),
                    description=raw.get("description"),
                    secret=raw["secret"],
                    created_at=datetime.fromisoformat(raw["createdAt"]),
                    updated_at=datetime.fromisoformat(raw["updatedAt"]),
                )
                for raw in state
            }

    def _require(self, webhook_id: str) -> Webhook:
        hook = self._hooks.get(webhook_id)
        if hook is None:
            raise EntityNotFoundError("Webhook not found", sub_code="WEBHOOK_NOT_FOUND")
        return hook

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
