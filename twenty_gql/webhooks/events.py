"""``WebhookEvent``: one delivery's payload, typed, with the record as the generated model.

Twenty posts (``call-webhook.job.ts``, ``transform-event-batch-to-webhook-events.ts``; its
docs show another shape, which is wrong)::

    {"targetUrl", "eventName": "person.updated", "objectMetadata": {"id", "nameSingular"},
     "workspaceId", "webhookId", "eventDate", "userId"?, "workspaceMemberId"?,
     "record": {...after the change (before it, for deletes)...}, "updatedFields"?: [...]}

The record is validated into the object's fragment model of a generated package (default
``twenty_gql.standard``: ``objects.OBJECTS[name].fragment`` names a class of ``fragments``).
An object the package does not know, or a record the model refuses, stays a dict: an event
never loses data because the client's package is older than the workspace.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

__all__ = ["DEFAULT_PACKAGE", "WebhookEvent", "record_model"]

DEFAULT_PACKAGE = "twenty_gql.standard"


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """One verified delivery."""

    event_name: str
    object_name: str
    action: str
    record: BaseModel | dict[str, Any]
    record_data: dict[str, Any] = field(repr=False)
    webhook_id: str
    workspace_id: str
    event_date: datetime
    updated_fields: tuple[str, ...] = ()
    object_metadata_id: str | None = None
    user_id: str | None = None
    workspace_member_id: str | None = None
    target_url: str | None = None
    #: the signed bytes and the X-Twenty-* headers, for forwarding the delivery as it came
    raw_body: bytes = field(default=b"", repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def record_id(self) -> str | None:
        value = self.record_data.get("id")
        return str(value) if value is not None else None

    @property
    def dedupe_key(self) -> tuple[str, str, str | None, str | None]:
        """Twenty delivers at most once per attempt but may send the same change twice
        (retries upstream, several workers): ``(webhookId, eventName, record id, updatedAt)``."""
        updated_at = self.record_data.get("updatedAt")
        return (
            self.webhook_id,
            self.event_name,
            self.record_id,
            str(updated_at) if updated_at is not None else None,
        )


def _module(package: ModuleType | str | None) -> ModuleType:
    if package is None:
        return importlib.import_module(DEFAULT_PACKAGE)
    if isinstance(package, str):
        return importlib.import_module(package)
    return package


@functools.cache
def _models(package_name: str) -> dict[str, type[BaseModel]]:
    """object name -> fragment model of one generated package ({} if it has none)."""
    try:
        objects = importlib.import_module(f"{package_name}.objects")
        fragments = importlib.import_module(f"{package_name}.fragments")
    except ImportError:
        return {}
    models: dict[str, type[BaseModel]] = {}
    for name, ops in getattr(objects, "OBJECTS", {}).items():
        model = getattr(fragments, getattr(ops, "fragment", "") or "", None)
        if isinstance(model, type) and issubclass(model, BaseModel):
            models[name] = model
    return models


def record_model(
    object_name: str, package: ModuleType | str | None = None
) -> type[BaseModel] | None:
    """The generated fragment model for ``object_name`` in ``package``, if it has one."""
    return _models(_module(package).__name__).get(object_name)


def parse_record(
    object_name: str, record: dict[str, Any], package: ModuleType | str | None
) -> BaseModel | dict[str, Any]:
    model = record_model(object_name, package)
    if model is None:
        return record
    try:
        return model.model_validate(record)
    except PydanticValidationError:
        return record


def parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
