"""The aiohttp receiver on a loopback port, fed by the emulator's real deliveries: verified,
handed to the app once even when delivered twice; tampered, wrongly signed and stale
deliveries get 401 and never reach the app."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from twenty_gql._executor import Executor
from twenty_gql.standard.fragments import PersonFields
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.webhooks import (
    WebhookEvent,
    WebhookReceiver,
    WebhooksAPI,
    add_webhook_route,
    sign,
    webhook_handler,
)

SECRET = "receiver-secret-9f8e7d6c5b4a"


@dataclass
class App:
    url: str
    receiver: WebhookReceiver
    events: list[WebhookEvent] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
async def app() -> AsyncIterator[App]:
    events: list[WebhookEvent] = []
    arrived = asyncio.Event()

    async def on_event(event: WebhookEvent) -> None:
        events.append(event)
        arrived.set()

    web_app = web.Application()
    receiver = add_webhook_route(web_app, "/twenty", SECRET, on_event)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state = App(f"http://127.0.0.1:{port}/twenty", receiver, events, arrived)
    try:
        yield state
    finally:
        await runner.cleanup()


async def _deliver(
    twenty_server: EmulatorServer, metadata_execute: Executor, graphql_execute: Executor, app: App
) -> WebhookEvent:
    await WebhooksAPI(metadata_execute).create(app.url, ["person.created"], secret=SECRET)
    await graphql_execute(
        'mutation { createPerson(data: {name: {firstName: "Ada", lastName: "Lovelace"}, '
        'jobTitle: "Countess"}) { id } }'
    )
    assert await asyncio.to_thread(twenty_server.services.dispatcher.wait_idle, 5)
    await asyncio.wait_for(app.arrived.wait(), 5)
    await app.receiver.drain()
    assert len(app.events) == 1
    return app.events[0]


async def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status, await response.json()


async def test_emulator_delivery_verified_and_handed_over_once(
    twenty_server: EmulatorServer,
    metadata_execute: Executor,
    graphql_execute: Executor,
    app: App,
) -> None:
    event = await _deliver(twenty_server, metadata_execute, graphql_execute, app)
    assert (event.event_name, event.object_name, event.action) == (
        "person.created",
        "person",
        "created",
    )
    assert isinstance(event.record, PersonFields), event.record
    assert event.record.job_title == "Countess"
    assert event.record.name is not None and event.record.name.first_name == "Ada"
    assert event.webhook_id and event.workspace_id and event.event_date.tzinfo is not None

    # the same delivery again: acknowledged, not handed over
    status, answer = await _post(app.url, event.raw_body, dict(event.headers))
    assert (status, answer) == (200, {"ok": True, "duplicate": True})
    await app.receiver.drain()
    assert len(app.events) == 1
    assert (app.receiver.received, app.receiver.duplicates) == (1, 1)


async def test_refusals_never_reach_the_app(
    twenty_server: EmulatorServer,
    metadata_execute: Executor,
    graphql_execute: Executor,
    app: App,
) -> None:
    event = await _deliver(twenty_server, metadata_execute, graphql_execute, app)
    raw = event.raw_body
    fresh = dict(event.headers)
    other = json.loads(raw) | {
        "record": event.record_data | {"id": "11111111-1111-4111-8111-111111111111"}
    }
    other_raw = json.dumps(other).encode()
    now_ms = int(time.time() * 1000)

    def signed(body: bytes, secret: str, ts: int) -> dict[str, str]:
        return {
            "X-Twenty-Webhook-Timestamp": str(ts),
            "X-Twenty-Webhook-Signature": sign(body, secret, ts),
        }

    refusals = {
        "tampered body": (raw.replace(b"Countess", b"Duchess!"), fresh, 401, "bad_signature"),
        "wrong secret": (
            other_raw,
            signed(other_raw, "not-the-secret", now_ms),
            401,
            "bad_signature",
        ),
        "stale": (other_raw, signed(other_raw, SECRET, now_ms - 600_000), 401, "stale"),
        "future": (other_raw, signed(other_raw, SECRET, now_ms + 600_000), 401, "future"),
        "unsigned": (other_raw, {}, 401, "missing_header"),
        "malformed": (b"{oops", signed(b"{oops", SECRET, now_ms), 400, "malformed_body"),
    }
    for case, (body, headers, status, reason) in refusals.items():
        got, answer = await _post(app.url, body, headers)
        assert (got, answer["error"]) == (status, reason), case
        assert SECRET not in answer["message"]
    async with aiohttp.ClientSession() as session, session.get(app.url) as response:
        assert response.status == 405 and response.headers["Allow"] == "POST"
    await app.receiver.drain()
    assert len(app.events) == 1
    assert app.receiver.refused == len(refusals)
    assert SECRET not in repr(app.receiver)

    # a fresh, correctly signed event for another record does reach the app
    status, _ = await _post(app.url, other_raw, signed(other_raw, SECRET, now_ms))
    assert status == 200
    await app.receiver.drain()
    assert [e.record_id for e in app.events][-1] == "11111111-1111-4111-8111-111111111111"


async def test_slow_app_does_not_delay_the_answer_and_is_awaited_on_cleanup() -> None:
    release = asyncio.Event()
    done: list[str] = []

    async def slow(event: WebhookEvent) -> None:
        await release.wait()
        done.append(event.event_name)

    handler = webhook_handler(SECRET, slow, dedupe_size=2)
    web_app = web.Application()
    web_app.router.add_post("/hook", handler)
    web_app.on_cleanup.append(handler.close)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/hook"
    payload = {
        "eventName": "company.updated",
        "webhookId": "w",
        "workspaceId": "ws",
        "eventDate": "2026-06-01T10:00:00.000Z",
        "record": {"id": "c1", "updatedAt": "t1"},
        "objectMetadata": {"id": "o", "nameSingular": "company"},
    }
    raw = json.dumps(payload).encode()
    ts = int(time.time() * 1000)
    # the handler is blocked until release: an answer at all shows nobody waited for it
    status, _ = await asyncio.wait_for(
        _post(
            url,
            raw,
            {
                "X-Twenty-Webhook-Timestamp": str(ts),
                "X-Twenty-Webhook-Signature": sign(raw, SECRET, ts),
            },
        ),
        10,
    )
    assert status == 200
    assert done == []
    cleanup = asyncio.create_task(runner.cleanup())
    await asyncio.sleep(0.05)
    assert not cleanup.done()
    release.set()
    await cleanup
    assert done == ["company.updated"]


async def test_sync_callback_errors_are_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def broken(event: WebhookEvent) -> None:
        raise RuntimeError("app bug")

    handler = webhook_handler(SECRET, broken)
    payload = {
        "eventName": "company.created",
        "webhookId": "w",
        "workspaceId": "ws",
        "eventDate": "2026-06-01T10:00:00.000Z",
        "record": {"id": "c1"},
    }
    raw = json.dumps(payload).encode()
    ts = int(time.time() * 1000)
    web_app = web.Application()
    web_app.router.add_post("/hook", handler)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        status, _ = await _post(
            f"http://127.0.0.1:{port}/hook",
            raw,
            {
                "X-Twenty-Webhook-Timestamp": str(ts),
                "X-Twenty-Webhook-Signature": sign(raw, SECRET, ts),
            },
        )
        await handler.drain()
    finally:
        await runner.cleanup()
    assert status == 200
    assert "webhook callback failed for company.created" in caplog.text


def test_receiver_arguments() -> None:
    with pytest.raises(ValueError, match="secret must not be empty"):
        webhook_handler("", print)
    with pytest.raises(ValueError, match="dedupe_size"):
        webhook_handler(SECRET, print, dedupe_size=-1)
