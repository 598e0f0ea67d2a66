"""Webhooks as Twenty sends them: registry, Twenty's payload and signature, async delivery.

Registration mirrors ``metadata-modules/webhook`` (``createWebhook`` ... on ``/metadata``; a
missing secret is generated as 32 random bytes in hex). On every committed record change the
emulator posts, per matching webhook, the payload of ``transform-event-batch-to-webhook-events``:
``{targetUrl, eventName, objectMetadata: {id, nameSingular}, workspaceId, webhookId, eventDate,
record, updatedFields?}`` serialised like ``JSON.stringify`` and signed like ``call-webhook.job``:
``X-Twenty-Webhook-Timestamp`` = ``Date.now()`` in ms, ``X-Twenty-Webhook-Signature`` =
hex HMAC-SHA256(secret, ``"<timestamp>:<body>"``), ``X-Twenty-Webhook-Nonce`` = 16 random bytes
in hex (not signed). Operations match ``<object>.<action>``, ``*.<action>``, ``<object>.*`` and
``*.*``. Like Twenty, a failed delivery (timeout 5 s, non-2xx) is recorded, never retried.

Deliveries run on the dispatcher's own thread and event loop, so the mutation that caused them
never waits. The emulator only delivers to loopback addresses (tests must not reach the
network); other targets are recorded as refused, as Twenty refuses private addresses.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp

from twenty_gql.testing.errors import EntityNotFoundError, UserInputError

__all__ = [
    "Delivery",
    "RecordEventLike",
    "Webhook",
    "WebhookDispatcher",
    "WebhookRegistry",
    "build_payload",
    "is_loopback_url",
    "operations_matching",
    "serialize_payload",
    "sign_payload",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Twenty-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twenty-Webhook-Timestamp"
NONCE_HEADER = "X-Twenty-Webhook-Nonce"
#: CallWebhookJob: axios timeout
DELIVERY_TIMEOUT_S = 5.0

_ACTIONS = ("created", "updated", "deleted", "destroyed", "restored", "upserted")


class _ObjectLike(Protocol):
    id: str
    name_singular: str


class RecordEventLike(Protocol):
    """What the dispatcher needs of the emulator's ``RecordEvent``."""

    @property
    def name(self) -> str: ...
    @property
    def object_metadata(self) -> _ObjectLike: ...
    @property
    def record(self) -> dict[str, Any]: ...
    @property
    def updated_fields(self) -> list[str] | None: ...


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


# -- payload and signature ---------------------------------------------------------------------
def _iso_ms(moment: datetime) -> str:
    """``Date.prototype.toJSON``: UTC, millisecond precision, ``Z``."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def build_payload(
    webhook: Webhook,
    event: RecordEventLike,
    *,
    workspace_id: str,
    event_date: datetime | None = None,
) -> dict[str, Any]:
    """Twenty's webhook body for one record event, keys in Twenty's order."""
    payload: dict[str, Any] = {
        "targetUrl": webhook.target_url,
        "eventName": event.name,
        "objectMetadata": {
            "id": event.object_metadata.id,
            "nameSingular": event.object_metadata.name_singular,
        },
        "workspaceId": workspace_id,
        "webhookId": webhook.id,
        "eventDate": _iso_ms(event_date or datetime.now(UTC)),
        "record": event.record,
    }
    if event.updated_fields:
        payload["updatedFields"] = list(event.updated_fields)
    return payload


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso_ms(value)
    return str(value)


def serialize_payload(payload: Mapping[str, Any]) -> str:
    """``JSON.stringify``: no spaces, non-ASCII kept as is."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def sign_payload(secret: str, timestamp_ms: str, body: str) -> str:
    return hmac.new(secret.encode(), f"{timestamp_ms}:{body}".encode(), hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp_ms: str, raw_body: bytes, signature: str) -> bool:
    """What a receiver does: HMAC over ``"<timestamp>:"`` + the raw body, constant-time."""
    expected = hmac.new(
        secret.encode(), timestamp_ms.encode() + b":" + raw_body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature)


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- delivery ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery attempt, like Twenty's WEBHOOK_RESPONSE_EVENT audit record."""

    webhook_id: str
    event_name: str
    url: str
    success: bool
    status: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Job:
    webhook_id: str
    event_name: str
    url: str
    secret: str
    body: str


class WebhookDispatcher:
    """Turns record events into signed POSTs on a background thread; never blocks a write.

    Use as the emulator's record-event listener: ``emulator.subscribe(dispatcher)``.
    """

    def __init__(
        self,
        registry: WebhookRegistry,
        workspace_id: str,
        *,
        timeout_s: float = DELIVERY_TIMEOUT_S,
        allow_url: Callable[[str], bool] = is_loopback_url,
    ) -> None:
        self.registry = registry
        self.workspace_id = workspace_id
        self.timeout_s = timeout_s
        self.allow_url = allow_url
        self.deliveries: list[Delivery] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._session: aiohttp.ClientSession | None = None
        self._pending = 0
        self._idle = threading.Condition()
        self._start_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"WebhookDispatcher(pending={self._pending}, delivered={len(self.deliveries)})"

    # -- listener ------------------------------------------------------------------------------
    def __call__(self, event: RecordEventLike) -> None:
        hooks = self.registry.matching(event.name)
        if not hooks:
            return
        now = datetime.now(UTC)
        jobs = [
            _Job(
                hook.id,
                event.name,
                hook.target_url,
                hook.secret,
                serialize_payload(
                    build_payload(hook, event, workspace_id=self.workspace_id, event_date=now)
                ),
            )
            for hook in hooks
        ]
        loop = self._ensure_started()
        with self._idle:
            self._pending += len(jobs)
        for job in jobs:
            asyncio.run_coroutine_threadsafe(self._deliver(job), loop)

    # -- lifecycle -------------------------------------------------------------------------------
    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Block until every queued delivery finished (for tests); False on timeout."""
        deadline = time.monotonic() + timeout_s
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        """Finish in-flight deliveries (up to the timeout) and stop the thread."""
        with self._start_lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        self.wait_idle(self.timeout_s + 1)
        asyncio.run_coroutine_threadsafe(self._close_session(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()
                    loop.close()

                self._thread = threading.Thread(target=run, name="twenty-gql-webhooks", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    async def _close_session(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _deliver(self, job: _Job) -> None:
        try:
            self.deliveries.append(await self._post(job))
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    async def _post(self, job: _Job) -> Delivery:
        def record(success: bool, status: int | None = None, error: str | None = None) -> Delivery:
            return Delivery(job.webhook_id, job.event_name, job.url, success, status, error)

        if not self.allow_url(job.url):
            return record(False, error="the emulator only delivers webhooks to loopback addresses")
        timestamp = str(time.time_ns() // 1_000_000)
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign_payload(job.secret, timestamp, job.body),
            NONCE_HEADER: secrets.token_hex(16),
        }
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout_s)
            )
        try:
            async with self._session.post(
                job.url, data=job.body.encode(), headers=headers
            ) as response:
                await response.read()
                return record(200 <= response.status < 300, response.status)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return record(False, error=f"{type(exc).__name__}: {exc}")
