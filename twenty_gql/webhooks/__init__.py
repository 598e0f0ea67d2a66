"""Twenty webhooks: manage them (``WebhooksAPI``), verify deliveries (``verify``), receive
them in an aiohttp app (``webhook_handler`` / ``add_webhook_route``).

The receiver loads aiohttp's server side, so it is imported on first use: verifying a
delivery in another framework costs no aiohttp import.
"""

from typing import TYPE_CHECKING, Any

from .api import Webhook, WebhookNotFoundError, WebhooksAPI
from .events import WebhookEvent, record_model
from .operations import ACTIONS, WebhookOperationError, validate_operations
from .verify import (
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    VerificationFailure,
    WebhookVerificationError,
    sign,
    verify,
)

if TYPE_CHECKING:
    from .receiver import (
        EventCallback,
        WebhookHandler,
        WebhookReceiver,
        add_webhook_route,
        webhook_handler,
    )

_RECEIVER = (
    "EventCallback",
    "WebhookHandler",
    "WebhookReceiver",
    "add_webhook_route",
    "webhook_handler",
)


def __getattr__(name: str) -> Any:
    if name in _RECEIVER:
        from . import receiver

        return getattr(receiver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACTIONS",
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "EventCallback",
    "VerificationFailure",
    "Webhook",
    "WebhookEvent",
    "WebhookHandler",
    "WebhookNotFoundError",
    "WebhookOperationError",
    "WebhookReceiver",
    "WebhookVerificationError",
    "WebhooksAPI",
    "add_webhook_route",
    "record_model",
    "sign",
    "validate_operations",
    "verify",
    "webhook_handler",
]
