"""API keys the way Twenty issues and checks them, so clients can test their auth handling.

Twenty stores an API key (name, expiry, revocation, role) and signs a JWT for it on request
(``generateApiKeyToken``): ``{sub: workspaceId, type: "API_KEY", workspaceId}``, ``jti`` = key
id, HS256. The token is never stored. A request with a bad or expired token fails with
``UNAUTHENTICATED`` (``Token invalid.`` / ``Token has expired.``); a token of a revoked key fails
with ``FORBIDDEN`` (``This API Key is revoked``), both as HTTP 200 GraphQL errors
(``core-modules/api-key/services/api-key.service.ts``,
``engine/middlewares/middleware.service.ts``).

The emulator also accepts one or more *static* keys (``twenty-gql serve --api-key``, the pytest
fixture's ``api_key``), compared verbatim, so tests need no key-minting ceremony.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from twenty_gql.testing.errors import (
    EntityNotFoundError,
    ForbiddenError,
    UnauthenticatedError,
    UserInputError,
)

__all__ = [
    "ADMIN_ROLE",
    "MEMBER_ROLE",
    "ApiKey",
    "ApiKeyIdentity",
    "ApiKeyRegistry",
    "Role",
    "parse_datetime",
]

#: Twenty signs tokens without expiry for "100y".
_HUNDRED_YEARS = timedelta(days=36_500)


@dataclass(frozen=True, slots=True)
class Role:
    """A workspace role (Twenty's default Admin and Member roles; API keys need one)."""

    id: str
    label: str
    description: str
    icon: str
    can_be_assigned_to_api_keys: bool = True
    can_update_all_settings: bool = True


ADMIN_ROLE = Role(
    id="20202020-0000-4000-8000-00000000a0a1",
    label="Admin",
    description="Admin role",
    icon="IconUserCog",
)
MEMBER_ROLE = Role(
    id="20202020-0000-4000-8000-00000000a0a2",
    label="Member",
    description="Member role",
    icon="IconUser",
    can_update_all_settings=False,
)


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    expires_at: datetime
    role_id: str
    revoked_at: datetime | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __repr__(self) -> str:  # no token material exists here, but keep reprs short
        return f"ApiKey(id={self.id!r}, name={self.name!r}, revoked={self.revoked_at is not None})"


@dataclass(frozen=True, slots=True)
class ApiKeyIdentity:
    """Who a request is: the workspace and, for minted tokens, the API key id."""

    workspace_id: str
    api_key_id: str | None = None


def parse_datetime(value: str, *, what: str) -> datetime:
    """An ISO-8601 date-time as Twenty's ``new Date(value)`` reads it; naive means UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise UserInputError(f"Invalid {what}: {value!r} is not an ISO-8601 date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ApiKeyRegistry:
    """The workspace's API keys, their tokens and request authentication (thread-safe)."""

    def __init__(
        self,
        workspace_id: str,
        *,
        static_keys: Iterable[str] = (),
        signing_secret: bytes | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.workspace_id = workspace_id
        self.roles: dict[str, Role] = {r.id: r for r in (ADMIN_ROLE, MEMBER_ROLE)}
        self._static = set(static_keys)
        # Twenty: sha256(APP_SECRET + workspaceId + type); here a random app secret per server
        self._app_secret = signing_secret or secrets.token_bytes(32)
        self._clock = clock
        self._keys: dict[str, ApiKey] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def __repr__(self) -> str:
        return f"ApiKeyRegistry(keys={len(self._keys)}, static_keys={len(self._static)})"

    # -- static keys ---------------------------------------------------------------------------
    # -- CRUD (createApiKey, updateApiKey, revokeApiKey, apiKeys, apiKey) -------------------------
    def create(
        self,
        *,
        name: str,
        expires_at: str | datetime,
        role_id: str,
        revoked_at: str | datetime | None = None,
    ) -> ApiKey:
        if not name.strip():
            raise UserInputError("API key name must not be empty")
        role = self.roles.get(role_id)
        if role is None:
            raise EntityNotFoundError(
                f"Role with id {role_id} not found", sub_code="ROLE_NOT_FOUND"
            )
        if not role.can_be_assigned_to_api_keys:
            raise ForbiddenError(f"Role {role.label} cannot be assigned to API keys")
        now = self._clock()
        key = ApiKey(
            id=str(uuid.uuid4()),
            name=name,
            expires_at=self._as_datetime(expires_at, "expiresAt"),
            role_id=role_id,
            revoked_at=self._as_datetime(revoked_at, "revokedAt") if revoked_at else None,
            created_at=now,
            updated_at=now,
        )
        with self._lock:
            self._keys[key.id] = key
        self._changed()
        return key

    def get(self, api_key_id: str) -> ApiKey | None:
        with self._lock:
            return self._keys.get(api_key_id)

    def all(self) -> list[ApiKey]:
        with self._lock:
            return list(self._keys.values())

    def update(
        self,
        api_key_id: str,
        *,
        name: str | None = None,
        expires_at: str | datetime | None = None,
        revoked_at: str | datetime | None = None,
    ) -> ApiKey | None:
        """Like Twenty's ``updateApiKey``: an unknown id answers ``None`` (null), no error."""
        with self._lock:
            key = self._keys.get(api_key_id)
            if key is None:
                return None
            changes: dict[str, Any] = {"updated_at": self._clock()}
            if name is not None:
                changes["name"] = name
            if expires_at is not None:
                changes["expires_at"] = self._as_datetime(expires_at, "expiresAt")
            if revoked_at is not None:
                changes["revoked_at"] = self._as_datetime(revoked_at, "revokedAt")
            key = self._keys[api_key_id] = replace(key, **changes)
        self._changed()
        return key

    def revoke(self, api_key_id: str) -> ApiKey | None:
        return self.update(api_key_id, revoked_at=self._clock())

    def assign_role(self, api_key_id: str, role_id: str) -> bool:
        if role_id not in self.roles:
            raise EntityNotFoundError(
                f"Role with id {role_id} not found", sub_code="ROLE_NOT_FOUND"
            )
        with self._lock:
            key = self._keys.get(api_key_id)
            if key is None:
                raise EntityNotFoundError(f"API Key with id {api_key_id} not found")
            self._keys[api_key_id] = replace(key, role_id=role_id, updated_at=self._clock())
        self._changed()
        return True

    # -- tokens ------------------------------------------------------------------------------
    def generate_token(self, api_key_id: str, expires_at: str | datetime | None = None) -> str:
        """``generateApiKeyToken``: refuses unknown (NOT_FOUND), revoked, expired keys."""
        key = self.get(api_key_id)
        if key is None:
            raise EntityNotFoundError(f"API Key with id {api_key_id} not found")
        now = self._clock()
        if key.revoked_at is not None:
            raise ForbiddenError(
                "This API Key is revoked",
                user_friendly_message="This API Key has been revoked and can no longer be used.",
            )
        if now > key.expires_at:
            raise UserInputError(
                "This API Key has expired",
                user_friendly_message="This API Key has expired. Please create a new one.",
            )
        expiry = self._as_datetime(expires_at, "expiresAt") if expires_at else now + _HUNDRED_YEARS
        payload = {
            "sub": self.workspace_id,
            "type": "API_KEY",
            "workspaceId": self.workspace_id,
            "iat": int(now.timestamp()),
            "exp": int(expiry.timestamp()),
            "jti": key.id,
        }
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{header}.{body}.{self._sign(f'{header}.{body}')}"

    def authenticate(self, token: str | None) -> ApiKeyIdentity:
        """The identity behind a bearer token, or Twenty's auth error for it."""
        if not token:
            raise UnauthenticatedError("Missing authentication token", sub_code="UNAUTHENTICATED")
        with self._lock:
            if token in self._static:
                return ApiKeyIdentity(self.workspace_id)
        payload = self._verified_payload(token)
        now = self._clock()
        if not isinstance(payload.get("exp"), int) or payload["exp"] <= now.timestamp():
            raise UnauthenticatedError("Token has expired.", sub_code="UNAUTHENTICATED")
        if payload.get("type") != "API_KEY" or payload.get("workspaceId") != self.workspace_id:
            raise UnauthenticatedError("Token invalid.", sub_code="UNAUTHENTICATED")
        key = self.get(str(payload.get("jti")))
        if key is None or key.revoked_at is not None:
            raise ForbiddenError("This API Key is revoked", sub_code="FORBIDDEN_EXCEPTION")
        if now > key.expires_at:
            raise UnauthenticatedError("Token has expired.", sub_code="UNAUTHENTICATED")
        return ApiKeyIdentity(self.workspace_id, key.id)

    # -- persistence -------------------------------------------------------------------------
    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def snapshot(self) -> dict[str, Any]:
        """JSON-able state (keys and the signing secret, so tokens survive a restart)."""
        with self._lock:
            return {
                "secret": self._app_secret.hex(),
                "keys": [
                    {
                        "id": k.id,
                        "name": k.name,
                        "expiresAt": k.expires_at.isoformat(),
                        "revokedAt": k.revoked_at.isoformat() if k.revoked_at else None,
                        "roleId": k.role_id,
                        "createdAt": k.created_at.isoformat(),
                        "updatedAt": k.updated_at.isoformat(),
                    }
                    for k in self._keys.values()
                ],
            }

    def restore(self, state: dict[str, Any]) -> None:
        with self._lock:
            self._app_secret = bytes.fromhex(state["secret"])
            self._keys = {
                raw["id"]: ApiKey(
                    id=raw["id"],
                    name=raw["name"],
                    expires_at=datetime.fromisoformat(raw["expiresAt"]),
                    revoked_at=(
                        datetime.fromisoformat(raw["revokedAt"]) if raw["revokedAt"] else None
                    ),
                    role_id=raw["roleId"],
                    created_at=datetime.fromisoformat(raw["createdAt"]),
                    updated_at=datetime.fromisoformat(raw["updatedAt"]),
                )
                for raw in state.get("keys", [])
            }

    def clear(self) -> None:
        """Forget every minted key (static keys stay): a clean workspace per test."""
        with self._lock:
            self._keys.clear()
        self._changed()

    # -- internals -----------------------------------------------------------------------------
    def _signing_key(self) -> bytes:
        material = self._app_secret.hex() + self.workspace_id + "API_KEY"
        return hashlib.sha256(material.encode()).hexdigest().encode()

    def _sign(self, signing_input: str) -> str:
        digest = hmac.new(self._signing_key(), signing_input.encode(), hashlib.sha256).digest()
        return _b64(digest)

    def _verified_payload(self, token: str) -> dict[str, Any]:
        parts = token.split(".")
        invalid = UnauthenticatedError("Token invalid.", sub_code="UNAUTHENTICATED")
        if len(parts) != 3:
            raise invalid
        header, body, signature = parts
        if not hmac.compare_digest(self._sign(f"{header}.{body}"), signature):
            raise invalid
        try:
            payload = json.loads(_unb64(body))
        except (ValueError, UnicodeDecodeError):
            raise invalid from None
        if not isinstance(payload, dict):
            raise invalid
        return payload

    def _as_datetime(self, value: str | datetime | None, what: str) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if value is None:
            raise UserInputError(f"{what} is required")
        return parse_datetime(value, what=what)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
