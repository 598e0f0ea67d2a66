"""Webhooks registered on /metadata, delivered as Twenty delivers them.

Twenty posts, per record event and matching webhook, ``{targetUrl, eventName,
objectMetadata: {id, nameSingular}, workspaceId, webhookId, eventDate, record, updatedFields?}``
with ``X-Twenty-Webhook-Timestamp`` (ms), ``X-Twenty-Webhook-Signature`` = hex HMAC-SHA256 of
``"<timestamp>:<body>"`` and ``X-Twenty-Webhook-Nonce``; operations match ``object.action``,
``*.action``, ``object.*`` and ``*.*``; the mutation never waits for the delivery.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from tests.emulator.http import data, error_code
from tests.emulator.metadata_http import md, md_data, object_ids
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.webhooks import operations_matching, verify_signature

WEBHOOK = "id targetUrl operations description secret createdAt updatedAt deletedAt"


@dataclass
class Receiver:
    """An aiohttp app on loopback that records every POST it gets."""

    url: str = ""
    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    arrived: asyncio.Queue[None] = field(default_factory=asyncio.Queue)
    #: when set, each request waits for this event before answering
    hold: asyncio.Event | None = None

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append((dict(request.headers), await request.read()))
        self.arrived.put_nowait(None)
        if self.hold is not None:
            await self.hold.wait()
        return web.Response(text="ok")

    async def wait_for(self, count: int, timeout: float = 10.0) -> None:
        while len(self.calls) < count:
            await asyncio.wait_for(self.arrived.get(), timeout)

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.calls]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    rec.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield rec
    finally:
        if rec.hold is not None:
            rec.hold.set()
        await runner.cleanup()


async def _create_webhook(server: EmulatorServer, **webhook: Any) -> dict[str, Any]:
    result = await md_data(
        server,
        f"mutation($i: CreateWebhookInput!) {{ createWebhook(input: $i) {{ {WEBHOOK} }} }}",
        {"i": webhook},
    )
    created: dict[str, Any] = result["createWebhook"]
    return created


async def test_signed_payloads_for_create_update_delete(
    twenty_server: EmulatorServer, receiver: Receiver
) -> None:
    """company.created / *.updated / company.deleted each arrive once, signed with the secret."""
    hook = await _create_webhook(
        twenty_server,
        targetUrl=receiver.url,
        operations=["company.created", "*.updated", "company.deleted"],
        description="CRM sync",
        secret="s3cret",
    )
    created = await data(
        twenty_server,
        'mutation { createCompany(data: {name: "Hooked", employees: 3}) { id } }',
    )
    company_id = created["createCompany"]["id"]
    await data(
        twenty_server,
        "mutation($id: UUID!) { updateCompany(id: $id, data: {employees: 4}) { id } }",
        {"id": company_id},
    )
    await data(
        twenty_server, "mutation($id: UUID!) { deleteCompany(id: $id) { id } }", {"id": company_id}
    )
    await receiver.wait_for(3)
    # every queued delivery done (off the loop, which serves the receiver): no fourth call
    assert await asyncio.to_thread(twenty_server.services.dispatcher.wait_idle, 5)
    assert len(receiver.calls) == 3

    company_object_id = (await object_ids(twenty_server))["company"]
    workspace_id = twenty_server.emulator.workspace.id
    payloads = receiver.payloads()
    assert [p["eventName"] for p in payloads] == [
        "company.created",
        "company.updated",
        "company.deleted",
    ]
    for (headers, body), payload in zip(receiver.calls, payloads, strict=True):
        timestamp = headers["X-Twenty-Webhook-Timestamp"]
        expected = hmac.new(b"s3cret", f"{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
        assert headers["X-Twenty-Webhook-Signature"] == expected
        assert verify_signature("s3cret", timestamp, body, headers["X-Twenty-Webhook-Signature"])
        assert timestamp.isdigit() and len(timestamp) == 13  # Date.now(): milliseconds
        assert len(headers["X-Twenty-Webhook-Nonce"]) == 32
        assert headers["Content-Type"].startswith("application/json")
        assert list(payload)[:7] == [
            "targetUrl",
            "eventName",
            "objectMetadata",
            "workspaceId",
            "webhookId",
            "eventDate",
            "record",
        ]
        assert payload["targetUrl"] == receiver.url and payload["webhookId"] == hook["id"]
        assert payload["objectMetadata"] == {"id": company_object_id, "nameSingular": "company"}
        assert payload["workspaceId"] == workspace_id
        assert payload["eventDate"].endswith("Z")
        assert payload["record"]["id"] == company_id
        assert b" " not in body.split(b'"record"')[0]  # JSON.stringify: no spaces
    assert "updatedFields" not in payloads[0]
    assert payloads[1]["updatedFields"] == ["employees"]
    assert payloads[1]["record"]["employees"] == 4
    assert payloads[2]["record"]["deletedAt"] is not None


async def test_delivery_does_not_block_the_mutation(
    twenty_server: EmulatorServer, receiver: Receiver
) -> None:
    """The mutation answers while the receiver still holds the webhook request open."""
    receiver.hold = asyncio.Event()
    await _create_webhook(twenty_server, targetUrl=receiver.url, operations=["*.*"])
    result = await data(
        twenty_server, 'mutation { createPerson(data: {name: {firstName: "Ann"}}) { id } }'
    )
    assert result["createPerson"]["id"]
    await receiver.wait_for(1)
    assert not receiver.hold.is_set()  # the response came back before the receiver answered
    receiver.hold.set()


async def test_operation_matching_and_generated_secret(
    twenty_server: EmulatorServer, receiver: Receiver
) -> None:
    """``person.*`` ignores company events; a webhook without a secret gets a 64-hex one."""
    hook = await _create_webhook(twenty_server, targetUrl=receiver.url, operations=["person.*"])
    assert len(hook["secret"]) == 64 and int(hook["secret"], 16) >= 0
    await data(twenty_server, 'mutation { createCompany(data: {name: "Ignored"}) { id } }')
    await data(twenty_server, 'mutation { createPerson(data: {name: {firstName: "Bo"}}) { id } }')
    await receiver.wait_for(1)
    assert twenty_server.services.dispatcher.wait_idle(5)
    assert [p["eventName"] for p in receiver.payloads()] == ["person.created"]
    headers, body = receiver.calls[0]
    assert verify_signature(
        hook["secret"],
        headers["X-Twenty-Webhook-Timestamp"],
        body,
        headers["X-Twenty-Webhook-Signature"],
    )


async def test_webhook_crud(twenty_server: EmulatorServer, receiver: Receiver) -> None:
    """webhooks / webhook(id) / updateWebhook / deleteWebhook; no delivery after delete."""
    hook = await _create_webhook(twenty_server, targetUrl=receiver.url, operations=["*.created"])
    listed = await md_data(twenty_server, f"{{ webhooks {{ {WEBHOOK} }} }}")
    assert [w["id"] for w in listed["webhooks"]] == [hook["id"]]
    updated = await md_data(
        twenty_server,
        f"mutation($i: UpdateWebhookInput!) {{ updateWebhook(input: $i) {{ {WEBHOOK} }} }}",
        {"i": {"id": hook["id"], "update": {"operations": ["note.created"], "description": "x"}}},
    )
    assert updated["updateWebhook"]["operations"] == ["note.created"]
    one = await md_data(
        twenty_server,
        f"query($id: UUID!) {{ webhook(id: $id) {{ {WEBHOOK} }} }}",
        {"id": hook["id"]},
    )
    assert one["webhook"]["description"] == "x"
    deleted = await md_data(
        twenty_server, "mutation($id: UUID!) { deleteWebhook(id: $id) { id } }", {"id": hook["id"]}
    )
    assert deleted["deleteWebhook"]["id"] == hook["id"]
    await data(twenty_server, 'mutation { createNote(data: {title: "quiet"}) { id } }')
    assert twenty_server.services.dispatcher.wait_idle(5)
    assert receiver.calls == []
    again = await md(
        twenty_server, "mutation($id: UUID!) { deleteWebhook(id: $id) { id } }", {"id": hook["id"]}
    )
    assert error_code(again) == "NOT_FOUND"
    gone = await md_data(
        twenty_server, "query($id: UUID!) { webhook(id: $id) { id } }", {"id": hook["id"]}
    )
    assert gone["webhook"] is None


async def test_invalid_target_url_and_operation(twenty_server: EmulatorServer) -> None:
    """WebhookException INVALID_TARGET_URL: only http(s) URLs; operations need an action."""
    body = await md(
        twenty_server,
        "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id } }",
        {"i": {"targetUrl": "ftp://example.com/x", "operations": ["*.*"]}},
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "Please provide a valid HTTP or HTTPS URL."
    bad_op = await md(
        twenty_server,
        "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id } }",
        {"i": {"targetUrl": "http://127.0.0.1:9/x", "operations": ["company.exploded"]}},
    )
    assert error_code(bad_op) == "BAD_USER_INPUT"


async def test_non_loopback_targets_are_refused_at_delivery(twenty_server: EmulatorServer) -> None:
    """Like Twenty's refusal of private addresses, the emulator delivers to loopback only;
    the attempt is recorded, the mutation unaffected."""
    await _create_webhook(
        twenty_server, targetUrl="https://hooks.example.com/in", operations=["*.*"]
    )
    await data(twenty_server, 'mutation { createCompany(data: {name: "Far"}) { id } }')
    dispatcher = twenty_server.services.dispatcher
    assert dispatcher.wait_idle(5)
    last = dispatcher.deliveries[-1]
    assert last.success is False and "loopback" in (last.error or "")


def test_operation_patterns_follow_call_webhook_jobs() -> None:
    """call-webhook-jobs.job.ts: the four operation strings an event name matches."""
    assert operations_matching("person.updated") == (
        "person.updated",
        "*.updated",
        "person.*",
        "*.*",
    )


async def test_custom_object_events_and_destroy(
    twenty_server: EmulatorServer, receiver: Receiver
) -> None:
    """Events of a custom object carry its own metadata id; destroy is ``<object>.destroyed``."""
    made = await md_data(
        twenty_server,
        "mutation($i: CreateOneObjectInput!) { createOneObject(input: $i) { id } }",
        {
            "i": {
                "object": {
                    "nameSingular": "invoice",
                    "namePlural": "invoices",
                    "labelSingular": "Invoice",
                    "labelPlural": "Invoices",
                }
            }
        },
    )
    await _create_webhook(twenty_server, targetUrl=receiver.url, operations=["invoice.*"])
    created = await data(twenty_server, 'mutation { createInvoice(data: {name: "I"}) { id } }')
    await data(
        twenty_server,
        "mutation($id: UUID!) { destroyInvoice(id: $id) { id } }",
        {"id": created["createInvoice"]["id"]},
    )
    await receiver.wait_for(2)
    payloads = receiver.payloads()
    assert [p["eventName"] for p in payloads] == ["invoice.created", "invoice.destroyed"]
    assert {p["objectMetadata"]["id"] for p in payloads} == {made["createOneObject"]["id"]}
    assert payloads[0]["record"]["name"] == "I"
