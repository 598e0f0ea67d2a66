"""Metadata persists in the same SQLite database as the records.

A Twenty workspace keeps its custom objects, fields, webhooks and API keys across server
restarts; so does an emulator started again on the same database file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.emulator.http import data, post
from tests.emulator.metadata_http import create_field_ok, create_object, md_data, object_ids
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer


async def test_custom_metadata_webhooks_and_keys_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "workspace.sqlite")
    first = EmulatorServer(Emulator(db_path=db), api_key="persisted-key").start()
    try:
        company_id = (await object_ids(first))["company"]
        await create_field_ok(
            first, type="TEXT", name="motto", label="Motto", objectMetadataId=company_id
        )
        assert "errors" not in await create_object(
            first,
            nameSingular="invoice",
            namePlural="invoices",
            labelSingular="Invoice",
            labelPlural="Invoices",
        )
        await data(first, 'mutation { createCompany(data: {name: "Kept", motto: "hi"}) { id } }')
        await data(first, 'mutation { createInvoice(data: {name: "INV-9"}) { id } }')
        await md_data(
            first,
            "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id } }",
            {"i": {"targetUrl": "http://127.0.0.1:9/hook", "operations": ["*.*"], "secret": "k"}},
        )
        roles = await md_data(first, "{ getApiKeyRoles { id } }")
        key = await md_data(
            first,
            "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { id } }",
            {
                "i": {
                    "name": "ci",
                    "roleId": roles["getApiKeyRoles"][0]["id"],
                    "expiresAt": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
                }
            },
        )
        token = (
            await md_data(
                first,
                'mutation($id: UUID!) { generateApiKeyToken(apiKeyId: $id, expiresAt: "2099-01-01")'
                " { token } }",
                {"id": key["createApiKey"]["id"]},
            )
        )["generateApiKeyToken"]["token"]
    finally:
        first.stop()
        first.emulator.store.close()

    second = EmulatorServer(Emulator(db_path=db), api_key="persisted-key").start()
    try:
        companies = await data(second, "{ companies { edges { node { name motto } } } }")
        assert companies["companies"]["edges"] == [{"node": {"name": "Kept", "motto": "hi"}}]
        invoices = await data(second, "{ invoices { edges { node { name } } } }")
        assert invoices["invoices"]["edges"] == [{"node": {"name": "INV-9"}}]
        hooks = await md_data(second, "{ webhooks { targetUrl secret } }")
        assert hooks["webhooks"] == [{"targetUrl": "http://127.0.0.1:9/hook", "secret": "k"}]
        by_token = await post(second, "{ companies { totalCount } }", token=token)
        assert by_token["data"]["companies"]["totalCount"] == 1
    finally:
        second.stop()
        second.emulator.store.close()
