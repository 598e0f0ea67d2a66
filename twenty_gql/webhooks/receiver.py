"""A webhook receiver for aiohttp apps: verify, answer fast, dedupe, hand over.

Twenty waits 5 s for a 2xx and never retries (``call-webhook.job.ts`` swallows errors), so the
receiver answers as soon as the delivery is verified and runs the app's callback in a
background task. Deliveries can still arrive twice (several workers, a proxy retrying), so the
last ``dedupe_size`` keys ``(webhookId, eventName, record id, updatedAt)`` are remembered and a
repeat is acknowledged without reaching the app. Refusals: 401 for anything about the
signature or timestamp (the app never sees it), 400 for a malformed signed body, 405 for
methods other than POST.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from types import ModuleType
from typing import Any, Protocol, cast

from aiohttp import web
from pydantic import SecretStr

from twenty_gql.errors import InvalidInputError

from .events import WebhookEvent
from .verify import VerificationFailure, WebhookVerificationError, verify

__all__ = [
    "EventCallback",
    "WebhookHandler",
    "WebhookReceiver",
    "add_webhook_route",
    "webhook_handler",
]

log = logging.getLogger("twenty_gql.webhooks")

EventCallback = Callable[[WebhookEvent], Awaitable[None] | None]


class _LRU:
    """The last ``size`` keys seen."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: OrderedDict[Hashable, None] = OrderedDict()

    def seen(self, key: Hashable) -> bool:
        """True if ``key`` was seen; remembers it either way."""
        if key in self._keys:
            self._keys.move_to_end(key)
            return True
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return False


class WebhookReceiver:
    """Verifies and dispatches deliveries; ``handle`` is the aiohttp handler.

    Register ``close`` on the app's cleanup (``add_webhook_route`` does) so callbacks still
    running finish before the app stops.
    """

    def __init__(
        self,
        secret: str | bytes | SecretStr,
        on_event: EventCallback,
        *,
        package: ModuleType | str | None = None,
        dedupe_size: int = 10_000,
        tolerance: float = 300,
    ) -> None:
        if isinstance(secret, str | bytes) and not secret:
            raise InvalidInputError("the webhook secret must not be empty")
        if dedupe_size < 0:
            raise InvalidInputError(f"dedupe_size must be >= 0, got {dedupe_size}")
        self._secret = secret if isinstance(secret, SecretStr) else SecretStr(_text(secret))
        self.on_event = on_event
        self.package = package
        self.tolerance = tolerance
        self._seen = _LRU(dedupe_size)
        self._tasks: set[asyncio.Task[None]] = set()
        self.received = 0
        self.duplicates = 0
        self.refused = 0

    def __repr__(self) -> str:
        return (
            f"WebhookReceiver(received={self.received}, duplicates={self.duplicates}, "
            f"refused={self.refused}, running={len(self._tasks)})"
        )

    async def handle(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            return web.json_response(
                {"error": "method_not_allowed", "message": "webhooks are POSTed"},
                status=405,
                headers={"Allow": "POST"},
            )
        raw = await request.read()
        try:
            event = verify(
                raw,
                request.headers,
                self._secret,
                tolerance=self.tolerance,
                package=self.package,
            )
        except WebhookVerificationError as exc:
            self.refused += 1
            status = 400 if exc.reason is VerificationFailure.MALFORMED_BODY else 401
            log.warning("refused a webhook delivery from %s: %s", request.remote, exc)
            body = {"error": exc.reason.value, "message": str(exc)}
            return web.json_response(body, status=status)
        if self._seen.size and self._seen.seen(event.dedupe_key):
            self.duplicates += 1
            return web.json_response({"ok": True, "duplicate": True})
        self.received += 1
        task = asyncio.get_running_loop().create_task(self._dispatch(event))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"ok": True, "duplicate": False})

    async def _dispatch(self, event: WebhookEvent) -> None:
        try:
            result = self.on_event(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception(
                "webhook callback failed for %s (webhook %s)", event.event_name, event.webhook_id
            )

    async def drain(self) -> None:
        """Wait for every callback started so far."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self, app: web.Application | None = None) -> None:
        """App cleanup hook: let running callbacks finish."""
        await self.drain()


def _text(secret: str | bytes) -> str:
    return secret.decode() if isinstance(secret, bytes) else secret


class WebhookHandler(Protocol):
    """An aiohttp handler with its receiver's ``close`` (for ``app.on_cleanup``) and ``drain``."""

    receiver: WebhookReceiver

    def __call__(self, request: web.Request) -> Awaitable[web.Response]: ...
    async def close(self, app: web.Application | None = None) -> None: ...
    async def drain(self) -> None: ...


def webhook_handler(
    secret: str | bytes | SecretStr,
    on_event: EventCallback,
    *,
    package: ModuleType | str | None = None,
    dedupe_size: int = 10_000,
    tolerance: float = 300,
) -> WebhookHandler:
    """An aiohttp handler for Twenty's webhooks: ``app.router.add_post(path, handler)`` and
    ``app.on_cleanup.append(handler.close)``. ``on_event`` may be sync or async."""
    receiver = WebhookReceiver(
        secret, on_event, package=package, dedupe_size=dedupe_size, tolerance=tolerance
    )

    async def handler(request: web.Request) -> web.Response:
        return await receiver.handle(request)

    # a plain coroutine function (aiohttp deprecates callable objects as handlers)
    attributes: Any = handler
    attributes.receiver = receiver
    attributes.close = receiver.close
    attributes.drain = receiver.drain
    return cast(WebhookHandler, handler)


def add_webhook_route(
    app: web.Application,
    path: str,
    secret: str | bytes | SecretStr,
    on_event: EventCallback,
    **options: object,
) -> WebhookReceiver:
    """Route every method of ``path`` to a new receiver (non-POST get 405) and wait for its
    callbacks on app cleanup. ``options``: those of ``webhook_handler``."""
    receiver = WebhookReceiver(secret, on_event, **options)  # type: ignore[arg-type]
    app.router.add_route("*", path, receiver.handle)
    app.on_cleanup.append(receiver.close)
    return receiver
