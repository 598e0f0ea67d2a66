"""Webhook delivery: record events in, signed POSTs out, on the dispatcher's own thread.

The mutation that caused a delivery never waits for it. Like Twenty, a failed delivery
(timeout 5 s, non-2xx) is recorded, never retried. The emulator only delivers to loopback
addresses (tests must not reach the network); other targets are recorded as refused, as Twenty
refuses private addresses.
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import aiohttp

from twenty_gql.testing.webhooks.registry import WebhookRegistry
from twenty_gql.testing.webhooks.signing import (
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RecordEventLike,
    build_payload,
    serialize_payload,
    sign_payload,
)

__all__ = ["DELIVERY_TIMEOUT_S", "Delivery", "WebhookDispatcher", "is_loopback_url"]

#: CallWebhookJob: axios timeout
DELIVERY_TIMEOUT_S = 5.0


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
