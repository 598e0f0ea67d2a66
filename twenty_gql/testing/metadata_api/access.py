"""``/metadata`` resolvers for webhooks, API keys and roles: thin adapters over the registries.

Kept apart from objects and fields because they change no workspace metadata (no migration,
no schema rebuild); the registries persist themselves through their ``on_change`` hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twenty_gql.testing.api_keys import ApiKeyRegistry
from twenty_gql.testing.metadata_api.nodes import ApiKeyNode, Info, RoleNode, WebhookNode
from twenty_gql.testing.webhooks.registry import WebhookRegistry

__all__ = ["access_resolvers"]

Resolver = Callable[..., Any]


def access_resolvers(
    api_keys: ApiKeyRegistry, webhooks: WebhookRegistry
) -> dict[str, dict[str, Resolver]]:
    """Query and Mutation resolvers of the webhook and API-key fields, by GraphQL type."""

    def webhooks_(_: Any, info: Info) -> list[WebhookNode]:
        return [WebhookNode(h) for h in webhooks.all()]

    def webhook(_: Any, info: Info, id: str) -> WebhookNode | None:
        hook = webhooks.get(id)
        return WebhookNode(hook) if hook else None

    def create_webhook(_: Any, info: Info, input: dict[str, Any]) -> WebhookNode:
        return WebhookNode(
            webhooks.create(
                target_url=input["targetUrl"],
                operations=input["operations"],
                description=input.get("description"),
                secret=input.get("secret"),
                id=input.get("id"),
            )
        )

    def update_webhook(_: Any, info: Info, input: dict[str, Any]) -> WebhookNode:
        update = input["update"]
        return WebhookNode(
            webhooks.update(
                input["id"],
                target_url=update.get("targetUrl"),
                operations=update.get("operations"),
                description=update.get("description"),
                secret=update.get("secret"),
            )
        )

    def delete_webhook(_: Any, info: Info, id: str) -> WebhookNode:
        return WebhookNode(webhooks.delete(id))

    def api_keys_(_: Any, info: Info) -> list[ApiKeyNode]:
        return [ApiKeyNode(k, api_keys) for k in api_keys.all()]

    def api_key(_: Any, info: Info, input: dict[str, Any]) -> ApiKeyNode | None:
        key = api_keys.get(input["id"])
        return ApiKeyNode(key, api_keys) if key else None

    def roles(_: Any, info: Info) -> list[RoleNode]:
        return [RoleNode(r, api_keys) for r in api_keys.roles.values()]

    def api_key_roles(_: Any, info: Info) -> list[RoleNode]:
        return [
            RoleNode(r, api_keys) for r in api_keys.roles.values() if r.can_be_assigned_to_api_keys
        ]

    def create_api_key(_: Any, info: Info, input: dict[str, Any]) -> ApiKeyNode:
        key = api_keys.create(
            name=input["name"],
            expires_at=input["expiresAt"],
            role_id=input["roleId"],
            revoked_at=input.get("revokedAt"),
        )
        return ApiKeyNode(key, api_keys)

    def update_api_key(_: Any, info: Info, input: dict[str, Any]) -> ApiKeyNode | None:
        key = api_keys.update(
            input["id"],
            name=input.get("name"),
            expires_at=input.get("expiresAt"),
            revoked_at=input.get("revokedAt"),
        )
        return ApiKeyNode(key, api_keys) if key else None

    def revoke_api_key(_: Any, info: Info, input: dict[str, Any]) -> ApiKeyNode | None:
        key = api_keys.revoke(input["id"])
        return ApiKeyNode(key, api_keys) if key else None

    def generate_token(_: Any, info: Info, apiKeyId: str, expiresAt: str) -> dict[str, str]:
        return {"token": api_keys.generate_token(apiKeyId, expiresAt)}

    def assign_role(_: Any, info: Info, apiKeyId: str, roleId: str) -> bool:
        return api_keys.assign_role(apiKeyId, roleId)

    return {
        "Query": {
            "webhooks": webhooks_,
            "webhook": webhook,
            "apiKeys": api_keys_,
            "apiKey": api_key,
            "getApiKeyRoles": api_key_roles,
            "getRoles": roles,
        },
        "Mutation": {
            "createWebhook": create_webhook,
            "updateWebhook": update_webhook,
            "deleteWebhook": delete_webhook,
            "createApiKey": create_api_key,
            "updateApiKey": update_api_key,
            "revokeApiKey": revoke_api_key,
            "generateApiKeyToken": generate_token,
            "assignRoleToApiKey": assign_role,
        },
    }
