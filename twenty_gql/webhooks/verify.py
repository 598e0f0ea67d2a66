"""``verify``: check a webhook delivery's signature and freshness, then parse it.

Twenty signs each delivery (``call-webhook.job.ts``) with::

    X-Twenty-Webhook-Timestamp: Date.now()            (milliseconds since the epoch)
    X-Twenty-Webhook-Signature: hex(HMAC-SHA256(secret, f"{timestamp}:{body}"))

where ``body`` is the exact JSON posted, so the HMAC is computed over the raw bytes received,
never over re-serialised JSON (Twenty's docs sample stringifies twice; it is wrong).
``X-Twenty-Webhook-Nonce`` is not signed. Checks run in this order: headers present,
timestamp well-formed, signature, timestamp within ``tolerance`` (so "stale" is only ever said
of an authentic delivery), body. Error messages name the check, never the secret or signature.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from enum import StrEnum
from types import ModuleType
from typing import Any

from pydantic import SecretStr

from twenty_gql.errors import InvalidInputError

from .. import errors
from .events import WebhookEvent, parse_datetime, parse_record

__all__ = [
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "VerificationFailure",
    "WebhookVerificationError",
    "sign",
    "verify",
]

SIGNATURE_HEADER = "X-Twenty-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twenty-Webhook-Timestamp"
NONCE_HEADER = "X-Twenty-Webhook-Nonce"


class VerificationFailure(StrEnum):
    MISSING_HEADER = "missing_header"
    MALFORMED_TIMESTAMP = "malformed_timestamp"
    BAD_SIGNATURE = "bad_signature"
    STALE = "stale"
    FUTURE = "future"
    MALFORMED_BODY = "malformed_body"


class WebhookVerificationError(errors.TwentyError):
    """A delivery failed verification; ``reason`` says which check."""

    def __init__(self, reason: VerificationFailure, message: str) -> None:
        super().__init__(f"webhook refused ({reason.value}): {message}")
        self.reason = reason


def _secret_bytes(secret: str | bytes | SecretStr) -> bytes:
    if isinstance(secret, SecretStr):
        secret = secret.get_secret_value()
    if isinstance(secret, str):
        secret = secret.encode()
    if not secret:
        raise InvalidInputError("the webhook secret must not be empty")
    return secret


def sign(raw_body: bytes, secret: str | bytes | SecretStr, timestamp_ms: int | str) -> str:
    """Twenty's signature of ``raw_body`` at ``timestamp_ms`` (for tests and forwarding)."""
    message = str(timestamp_ms).encode() + b":" + raw_body
    return hmac.new(_secret_bytes(secret), message, hashlib.sha256).hexdigest()


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    if value is None or not value.strip():
        raise WebhookVerificationError(
            VerificationFailure.MISSING_HEADER, f"the {name} header is missing"
        )
    return value.strip()


def verify(
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str | bytes | SecretStr,
    *,
    tolerance: float = 300,
    package: ModuleType | str | None = None,
    now: float | None = None,
) -> WebhookEvent:
    """Verify one delivery and return it typed, or raise ``WebhookVerificationError``.

    ``tolerance`` (seconds) bounds how old, or how far in the future, the signed timestamp
    may be: a captured delivery cannot be replayed later. ``package`` is the generated
    package whose models type ``event.record`` (default ``twenty_gql.standard``). ``now``
    (epoch seconds) is for tests.
    """
    if not isinstance(raw_body, bytes | bytearray):
        raise InvalidInputError(
            "verify needs the raw request body as bytes (the signature covers the exact bytes)"
        )
    key = _secret_bytes(secret)
    timestamp = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if not timestamp.isascii() or not timestamp.isdigit():
        raise WebhookVerificationError(
            VerificationFailure.MALFORMED_TIMESTAMP,
            f"{TIMESTAMP_HEADER} must be milliseconds since the epoch",
        )
    expected = hmac.new(key, timestamp.encode() + b":" + bytes(raw_body), hashlib.sha256)
    if not signature.isascii() or not hmac.compare_digest(expected.hexdigest(), signature.lower()):
        raise WebhookVerificationError(
            VerificationFailure.BAD_SIGNATURE,
            "the signature does not match the body and timestamp (wrong secret, or altered)",
        )
    age = (time.time() if now is None else now) - int(timestamp) / 1000
    if age > tolerance:
        raise WebhookVerificationError(
            VerificationFailure.STALE,
            f"signed {age:.0f}s ago, more than the {tolerance:g}s tolerance (a replay?)",
        )
    if -age > tolerance:
        raise WebhookVerificationError(
            VerificationFailure.FUTURE,
            f"signed {-age:.0f}s in the future, more than the {tolerance:g}s tolerance "
            "(check the clocks)",
        )
    return parse_event(bytes(raw_body), headers, package)


def _malformed(message: str) -> WebhookVerificationError:
    return WebhookVerificationError(VerificationFailure.MALFORMED_BODY, message)


def parse_event(
    raw_body: bytes, headers: Mapping[str, str], package: ModuleType | str | None
) -> WebhookEvent:
    """A verified body as a ``WebhookEvent`` (malformed bodies raise MALFORMED_BODY)."""
    try:
        payload: Any = json.loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _malformed("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise _malformed("the body is not a JSON object")
    event_name = payload.get("eventName")
    if not isinstance(event_name, str) or "." not in event_name:
        raise _malformed("eventName is missing or not '<object>.<action>'")
    object_name, _, action = event_name.rpartition(".")
    metadata = payload.get("objectMetadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("nameSingular"), str):
        object_name = metadata["nameSingular"]
    else:
        metadata = {}
    record = payload.get("record", {})
    if not isinstance(record, dict):
        raise _malformed("record is not a JSON object")
    for key in ("webhookId", "workspaceId", "eventDate"):
        if not isinstance(payload.get(key), str):
            raise _malformed(f"{key} is missing")
    try:
        event_date = parse_datetime(payload["eventDate"])
    except ValueError:
        raise _malformed("eventDate is not an ISO 8601 date") from None
    updated = payload.get("updatedFields") or ()
    if not isinstance(updated, list | tuple):
        raise _malformed("updatedFields is not a list")
    kept = {k: v for k, v in headers.items() if k.lower().startswith("x-twenty-webhook-")}
    return WebhookEvent(
        event_name=event_name,
        object_name=object_name,
        action=action,
        record=parse_record(object_name, record, package),
        record_data=record,
        webhook_id=payload["webhookId"],
        workspace_id=payload["workspaceId"],
        event_date=event_date,
        updated_fields=tuple(str(f) for f in updated),
        object_metadata_id=metadata.get("id"),
        user_id=payload.get("userId"),
        workspace_member_id=payload.get("workspaceMemberId"),
        target_url=payload.get("targetUrl"),
        raw_body=raw_body,
        headers=kept,
    )
