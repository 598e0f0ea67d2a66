"""``verify``: Twenty's signature over ``"<ms timestamp>:<raw body>"``, each failure named,
and the secret and signature never in the error text."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr
from pydantic.alias_generators import to_camel

from twenty_gql import InvalidInputError
from twenty_gql.errors import TwentyError
from twenty_gql.standard.fragments import PersonFields
from twenty_gql.testing.webhooks import sign_payload
from twenty_gql.webhooks import (
    VerificationFailure,
    WebhookEvent,
    WebhookVerificationError,
    sign,
    verify,
)

SECRET = "s3cr3t-webhook-secret-value"
NOW_MS = 1_780_000_000_000
NOW = NOW_MS / 1000

PERSON = {
    "id": "0b9f5bd1-59ae-4b0c-a8b6-1b1f3c7f2a10",
    "name": {"firstName": "Ada", "lastName": "Lovelace"},
    "updatedAt": "2026-06-01T10:00:00.000Z",
}
PAYLOAD: dict[str, Any] = {
    "targetUrl": "http://127.0.0.1:9/hook",
    "eventName": "person.updated",
    "objectMetadata": {"id": "5f0c1c1e-0000-4000-8000-000000000001", "nameSingular": "person"},
    "workspaceId": "20202020-1c25-4d02-bf25-6aeccf7ea419",
    "webhookId": "8a1c9f20-0000-4000-8000-000000000002",
    "eventDate": "2026-06-01T10:00:00.123Z",
    "record": PERSON,
    "updatedFields": ["jobTitle"],
}


def body(payload: Any = PAYLOAD) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def headers(raw: bytes, *, ts: int = NOW_MS, secret: str = SECRET) -> dict[str, str]:
    return {
        "X-Twenty-Webhook-Timestamp": str(ts),
        "X-Twenty-Webhook-Signature": sign(raw, secret, ts),
        "X-Twenty-Webhook-Nonce": "00" * 16,
    }


def test_valid_delivery_is_typed() -> None:
    raw = body()
    event = verify(raw, headers(raw), SECRET, now=NOW)
    assert isinstance(event, WebhookEvent)
    assert (event.event_name, event.object_name, event.action) == (
        "person.updated",
        "person",
        "updated",
    )
    assert event.updated_fields == ("jobTitle",)
    assert event.webhook_id == PAYLOAD["webhookId"]
    assert event.workspace_id == PAYLOAD["workspaceId"]
    assert event.event_date.year == 2026 and event.event_date.tzinfo is not None
    assert event.record_id == PERSON["id"]
    assert event.dedupe_key == (
        PAYLOAD["webhookId"],
        "person.updated",
        PERSON["id"],
        PERSON["updatedAt"],
    )
    # PersonFields wants every field of its fragment: a partial record stays a dict
    assert event.record == PERSON


def test_signature_matches_the_emulators_signing() -> None:
    raw = body()
    assert sign(raw, SECRET, NOW_MS) == sign_payload(SECRET, str(NOW_MS), raw.decode())


def test_header_names_are_case_insensitive_and_secret_may_be_secretstr() -> None:
    raw = body()
    lowered = {k.lower(): v for k, v in headers(raw).items()}
    assert verify(raw, lowered, SecretStr(SECRET), now=NOW).event_name == "person.updated"
    upper = {k.upper(): v.upper() for k, v in headers(raw).items()}
    assert verify(raw, upper, SECRET.encode(), now=NOW).event_name == "person.updated"


def test_record_becomes_the_generated_model_when_complete() -> None:
    actor = {"source": "API", "name": "x", "context": {}, "workspaceMemberId": None}
    full: dict[str, Any] = {to_camel(name): None for name in PersonFields.model_fields}
    full |= {
        "id": PERSON["id"],
        "avatarUrl": "",
        "city": "London",
        "jobTitle": "",
        "createdAt": "2026-06-01T10:00:00.000Z",
        "updatedAt": "2026-06-01T10:00:00.000Z",
        "position": 1,
        "createdBy": actor,
        "emails": {"primaryEmail": "ada@example.com", "additionalEmails": None},
        "phones": {
            "primaryPhoneNumber": "",
            "primaryPhoneCountryCode": "",
            "primaryPhoneCallingCode": "",
            "additionalPhones": None,
        },
        "name": {"firstName": "Ada", "lastName": "Lovelace"},
    }
    raw = body(PAYLOAD | {"record": full})
    event = verify(raw, headers(raw), SECRET, now=NOW)
    assert isinstance(event.record, PersonFields), event.record
    assert event.record_data == full
    unknown = body(
        PAYLOAD
        | {"eventName": "rocket.created", "objectMetadata": {"id": "x", "nameSingular": "rocket"}}
    )
    other = verify(unknown, headers(unknown), SECRET, now=NOW)
    assert other.object_name == "rocket" and isinstance(other.record, dict)
    assert not isinstance(other.record, BaseModel)


def _tampered() -> tuple[bytes, dict[str, str]]:
    raw = body()
    return raw.replace(b"Ada", b"Eve"), headers(raw)


def _without(name: str) -> tuple[bytes, dict[str, str]]:
    raw = body()
    h = headers(raw)
    del h[name]
    return raw, h


def _with(**changes: str) -> tuple[bytes, dict[str, str]]:
    raw = body()
    return raw, headers(raw) | changes


def _signed(raw: bytes, **kwargs: Any) -> tuple[bytes, dict[str, str]]:
    return raw, headers(raw, **kwargs)


CASES = {
    "no timestamp": (_without("X-Twenty-Webhook-Timestamp"), VerificationFailure.MISSING_HEADER),
    "no signature": (_without("X-Twenty-Webhook-Signature"), VerificationFailure.MISSING_HEADER),
    "empty signature": (
        _with(**{"X-Twenty-Webhook-Signature": " "}),
        VerificationFailure.MISSING_HEADER,
    ),
    "seconds with decimals": (
        _with(**{"X-Twenty-Webhook-Timestamp": "1780000000.5"}),
        VerificationFailure.MALFORMED_TIMESTAMP,
    ),
    "iso timestamp": (
        _with(**{"X-Twenty-Webhook-Timestamp": "2026-06-01T10:00:00Z"}),
        VerificationFailure.MALFORMED_TIMESTAMP,
    ),
    "tampered body": (_tampered(), VerificationFailure.BAD_SIGNATURE),
    "wrong secret": (_signed(body(), secret="another-secret"), VerificationFailure.BAD_SIGNATURE),
    "non-hex signature": (
        _with(**{"X-Twenty-Webhook-Signature": "é" * 64}),
        VerificationFailure.BAD_SIGNATURE,
    ),
    "signature of another timestamp": (
        (body(), headers(body(), ts=NOW_MS - 1) | {"X-Twenty-Webhook-Timestamp": str(NOW_MS)}),
        VerificationFailure.BAD_SIGNATURE,
    ),
    "stale": (_signed(body(), ts=NOW_MS - 301_000), VerificationFailure.STALE),
    "future": (_signed(body(), ts=NOW_MS + 301_000), VerificationFailure.FUTURE),
    "not json": (_signed(b"{not json"), VerificationFailure.MALFORMED_BODY),
    "not an object": (_signed(b"[1,2]"), VerificationFailure.MALFORMED_BODY),
    "no event name": (
        _signed(body({**PAYLOAD, "eventName": None})),
        VerificationFailure.MALFORMED_BODY,
    ),
    "record not an object": (
        _signed(body({**PAYLOAD, "record": [1]})),
        VerificationFailure.MALFORMED_BODY,
    ),
    "no webhook id": (
        _signed(body({k: v for k, v in PAYLOAD.items() if k != "webhookId"})),
        VerificationFailure.MALFORMED_BODY,
    ),
    "bad event date": (
        _signed(body({**PAYLOAD, "eventDate": "yesterday"})),
        VerificationFailure.MALFORMED_BODY,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_failure_is_named_without_quoting_secrets(case: str) -> None:
    (raw, hdrs), reason = CASES[case]
    with pytest.raises(WebhookVerificationError) as caught:
        verify(raw, hdrs, SECRET, now=NOW)
    error = caught.value
    assert isinstance(error, TwentyError)
    assert error.reason is reason
    assert reason.value in str(error)
    text = f"{error} {error!r} {error.args}"
    assert SECRET not in text
    signature = hdrs.get("X-Twenty-Webhook-Signature", "").strip()
    if len(signature) > 8:
        assert signature not in text and signature.lower() not in text


def test_tolerance_is_configurable_and_default_uses_the_clock() -> None:
    raw = body()
    old = headers(raw, ts=NOW_MS - 3_600_000)
    assert verify(raw, old, SECRET, now=NOW, tolerance=7200).event_name == "person.updated"
    fresh = headers(raw, ts=int(time.time() * 1000))
    assert verify(raw, fresh, SECRET).webhook_id == PAYLOAD["webhookId"]


def test_bad_arguments() -> None:
    raw = body()
    with pytest.raises(ValueError, match="secret must not be empty"):
        verify(raw, headers(raw), "", now=NOW)
    with pytest.raises(InvalidInputError, match="raw request body as bytes"):
        verify(raw.decode(), headers(raw), SECRET, now=NOW)  # type: ignore[arg-type]


def test_event_repr_hides_raw_body_and_headers() -> None:
    raw = body()
    event = verify(raw, headers(raw), SECRET, now=NOW)
    text = repr(event)
    assert "person.updated" in text and headers(raw)["X-Twenty-Webhook-Signature"] not in text
    assert event.headers["X-Twenty-Webhook-Signature"] == headers(raw)["X-Twenty-Webhook-Signature"]
    assert event.raw_body == raw
