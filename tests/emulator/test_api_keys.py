"""API keys as Twenty issues them (createApiKey + generateApiKeyToken) and checks them.

A token of a live key works on /graphql and /metadata and writes ``createdBy.name`` = the key's
name; a malformed or foreign token answers ``UNAUTHENTICATED`` ("Token invalid."), a revoked
key ``FORBIDDEN`` ("This API Key is revoked"), all as HTTP 200 GraphQL errors.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.emulator.http import error_code, post
from tests.emulator.metadata_http import md, md_data
from twenty_gql.testing.api_keys import ApiKeyRegistry
from twenty_gql.testing.runner import EmulatorServer

API_KEY = "id name expiresAt revokedAt createdAt updatedAt role { id label canBeAssignedToApiKeys }"
IN_A_YEAR = (datetime.now(UTC) + timedelta(days=365)).isoformat()


async def _new_key(
    server: EmulatorServer, name: str, expires_at: str = IN_A_YEAR
) -> dict[str, Any]:
    roles = await md_data(server, "{ getApiKeyRoles { id label } }")
    admin = next(r for r in roles["getApiKeyRoles"] if r["label"] == "Admin")
    created = await md_data(
        server,
        f"mutation($i: CreateApiKeyInput!) {{ createApiKey(input: $i) {{ {API_KEY} }} }}",
        {"i": {"name": name, "expiresAt": expires_at, "roleId": admin["id"]}},
    )
    key: dict[str, Any] = created["createApiKey"]
    return key


async def _token(server: EmulatorServer, key_id: str) -> dict[str, Any]:
    return await md(
        server,
        "mutation($id: UUID!, $e: String!) { generateApiKeyToken(apiKeyId: $id, expiresAt: $e)"
        " { token } }",
        {"id": key_id, "e": IN_A_YEAR},
    )


async def test_minted_token_works_everywhere_and_names_the_writer(
    twenty_server: EmulatorServer,
) -> None:
    """createApiKey -> generateApiKeyToken -> Bearer token on /graphql and /metadata."""
    key = await _new_key(twenty_server, "Zapier sync")
    assert key["role"]["label"] == "Admin" and key["revokedAt"] is None
    token = (await _token(twenty_server, key["id"]))["data"]["generateApiKeyToken"]["token"]
    assert token.count(".") == 2  # a JWT, opaque to clients
    created = await post(
        twenty_server,
        'mutation { createCompany(data: {name: "ByKey"}) { createdBy { source name } } }',
        token=token,
    )
    assert created["data"]["createCompany"]["createdBy"] == {"source": "API", "name": "Zapier sync"}
    listed = await md(twenty_server, "{ apiKeys { id name } }", token=token)
    assert {"id": key["id"], "name": "Zapier sync"} in listed["data"]["apiKeys"]


async def test_invalid_token_is_unauthenticated(twenty_server: EmulatorServer) -> None:
    """Bad signature / garbage / another server's token: UNAUTHENTICATED "Token invalid."."""
    key = await _new_key(twenty_server, "k")
    token = (await _token(twenty_server, key["id"]))["data"]["generateApiKeyToken"]["token"]
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-2]}xx"
    foreign = ApiKeyRegistry(twenty_server.emulator.workspace.id)
    foreign_key = foreign.create(name="f", expires_at=IN_A_YEAR, role_id=next(iter(foreign.roles)))
    for bad in ("garbage", tampered, foreign.generate_token(foreign_key.id)):
        body = await post(twenty_server, "{ companies { totalCount } }", token=bad)
        assert error_code(body) == "UNAUTHENTICATED"
        assert body["errors"][0]["message"] == "Token invalid."


async def test_revoked_key_is_forbidden(twenty_server: EmulatorServer) -> None:
    """revokeApiKey: its tokens answer FORBIDDEN; generateApiKeyToken refuses it too."""
    key = await _new_key(twenty_server, "to revoke")
    token = (await _token(twenty_server, key["id"]))["data"]["generateApiKeyToken"]["token"]
    assert "errors" not in await post(twenty_server, "{ companies { totalCount } }", token=token)
    revoked = await md_data(
        twenty_server,
        f"mutation($i: RevokeApiKeyInput!) {{ revokeApiKey(input: $i) {{ {API_KEY} }} }}",
        {"i": {"id": key["id"]}},
    )
    assert revoked["revokeApiKey"]["revokedAt"] is not None
    for path in ("/graphql", "/metadata"):
        body = await post(twenty_server, "{ __typename }", token=token, path=path)
        assert error_code(body) == "FORBIDDEN", path
        assert body["errors"][0]["message"] == "This API Key is revoked"
    again = await _token(twenty_server, key["id"])
    assert error_code(again) == "FORBIDDEN"


async def test_expired_key_and_unknown_ids(twenty_server: EmulatorServer) -> None:
    """An expired key cannot mint tokens (BAD_USER_INPUT "This API Key has expired");
    unknown key or role ids are NOT_FOUND; updateApiKey of an unknown id is null."""
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    old = await _new_key(twenty_server, "old", expires_at=past)
    expired = await _token(twenty_server, old["id"])
    assert error_code(expired) == "BAD_USER_INPUT"
    assert expired["errors"][0]["message"] == "This API Key has expired"
    unknown = await _token(twenty_server, "00000000-0000-4000-8000-000000000000")
    assert error_code(unknown) == "NOT_FOUND"
    no_role = await md(
        twenty_server,
        "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { id } }",
        {
            "i": {
                "name": "x",
                "expiresAt": IN_A_YEAR,
                "roleId": "00000000-0000-4000-8000-000000000000",
            }
        },
    )
    assert error_code(no_role) == "NOT_FOUND"
    nothing = await md_data(
        twenty_server,
        "mutation($i: UpdateApiKeyInput!) { updateApiKey(input: $i) { id } }",
        {"i": {"id": "00000000-0000-4000-8000-000000000000", "name": "y"}},
    )
    assert nothing["updateApiKey"] is None


async def test_keys_are_listed_with_their_role(twenty_server: EmulatorServer) -> None:
    """apiKeys / apiKey(input: {id}) / getRoles with the keys assigned to each role."""
    key = await _new_key(twenty_server, "listed")
    one = await md_data(
        twenty_server,
        f"query($i: GetApiKeyInput!) {{ apiKey(input: $i) {{ {API_KEY} }} }}",
        {"i": {"id": key["id"]}},
    )
    assert one["apiKey"]["name"] == "listed"
    roles = await md_data(twenty_server, "{ getRoles { label apiKeys { id name } } }")
    admin = next(r for r in roles["getRoles"] if r["label"] == "Admin")
    assert {"id": key["id"], "name": "listed"} in admin["apiKeys"]
