"""Webhooks as Twenty sends them: ``registry`` (what is registered), ``signing`` (Twenty's
payload and HMAC signature) and ``dispatcher`` (async delivery of committed record events).
"""

from twenty_gql.testing.webhooks.dispatcher import Delivery, WebhookDispatcher, is_loopback_url
from twenty_gql.testing.webhooks.registry import Webhook, WebhookRegistry, operations_matching
from twenty_gql.testing.webhooks.signing import (
    RecordEventLike,
    build_payload,
    serialize_payload,
    sign_payload,
    verify_signature,
)

__all__ = [
    "Delivery",
    "RecordEventLike",
    "Webhook",
    "WebhookDispatcher",
    "WebhookRegistry",
    "build_payload",
    "is_loopback_url",
    "operations_matching",
    "serialize_payload",
    "sign_payload",
    "verify_signature",
]
