"""Twenty's webhook body and signature (``transform-event-batch-to-webhook-events``,
``call-webhook.job``).

The body is ``{targetUrl, eventName, objectMetadata: {id, nameSingular}, workspaceId,
webhookId, eventDate, record, updatedFields?}`` serialised like ``JSON.stringify``;
``X-Twenty-Webhook-Timestamp`` = ``Date.now()`` in ms, ``X-Twenty-Webhook-Signature`` = hex
HMAC-SHA256(secret, ``"<timestamp>:<body>"``), ``X-Twenty-Webhook-Nonce`` = 16 random bytes in
hex (not signed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from twenty_gql.testing.js_numbers import js_numbers
from twenty_gql.testing.webhooks.registry import Webhook

__all__ = [
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "RecordEventLike",
    "build_payload",
    "serialize_payload",
    "sign_payload",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Twenty-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twenty-Webhook-Timestamp"
NONCE_HEADER = "X-Twenty-Webhook-Nonce"


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
    return json.dumps(
        js_numbers(payload), separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def sign_payload(secret: str, timestamp_ms: str, body: str) -> str:
    return hmac.new(secret.encode(), f"{timestamp_ms}:{body}".encode(), hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp_ms: str, raw_body: bytes, signature: str) -> bool:
    """What a receiver does: HMAC over ``"<timestamp>:"`` + the raw body, constant-time."""
    expected = hmac.new(
        secret.encode(), timestamp_ms.encode() + b":" + raw_body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature)
