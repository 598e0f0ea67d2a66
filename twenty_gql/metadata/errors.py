"""Typed errors for metadata calls: what Twenty refused, and which field or object it was.

Twenty validates a metadata change as a whole and answers with one GraphQL error whose
``extensions`` group every failed rule by entity (``METADATA_VALIDATION_FAILED``;
``build-metadata-validation-error-payload.util.ts`` in twentyhq/twenty)::

    {"message": "Multiple validation errors occurred while creating fields",
     "extensions": {"code": "METADATA_VALIDATION_FAILED",
                    "errors": {"fieldMetadata": [{"type": "create_field",
                                                  "errors": [{"code", "message", ...}],
                                                  "flatEntityMinimalInformation": {...}}]}}}

Older paths answer ``BAD_USER_INPUT`` with the rule in ``message``. Both become
``MetadataValidationError``, whose text names the field and lists every rule it broke.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import errors

__all__ = [
    "METADATA_VALIDATION_FAILED",
    "FieldNotFoundError",
    "MetadataIssue",
    "MetadataValidationError",
    "ObjectNotFoundError",
]

METADATA_VALIDATION_FAILED = "METADATA_VALIDATION_FAILED"


@dataclass(frozen=True, slots=True)
class MetadataIssue:
    """One rule a metadata change broke."""

    message: str
    code: str | None = None
    field_name: str | None = None
    object_name: str | None = None


class MetadataValidationError(errors.ValidationError):
    """Twenty refused a metadata change ("Name should be in camelCase", a duplicate name, an
    active field deleted...). ``issues`` lists every broken rule; ``field_name`` and
    ``object_name`` say what the change was about, where known."""

    def __init__(
        self,
        errors_: Sequence[Mapping[str, Any]],
        *,
        field_name: str | None = None,
        object_name: str | None = None,
        action: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.field_name = field_name
        self.object_name = object_name
        self.action = action
        self.issues: tuple[MetadataIssue, ...] = tuple(_issues(errors_))
        super().__init__(errors_, **kwargs)

    @classmethod
    def from_error(
        cls,
        error: errors.GraphQLError,
        *,
        field_name: str | None = None,
        object_name: str | None = None,
        action: str | None = None,
    ) -> MetadataValidationError:
        return cls(
            error.errors,
            data=error.data,
            status_code=error.status_code,
            field_name=field_name,
            object_name=object_name,
            action=action,
        )

    def _describe(self) -> str:
        subject = ""
        if self.field_name and self.object_name:
            subject = f"field {self.object_name}.{self.field_name}"
        elif self.field_name:
            subject = f"field {self.field_name!r}"
        elif self.object_name:
            subject = f"object {self.object_name!r}"
        what = f"{self.action} {subject}".strip() if self.action else subject
        rules = "; ".join(dict.fromkeys(i.message for i in self.issues)) or "validation failed"
        head = f"Twenty refused to {what}" if what else "Twenty refused the metadata change"
        code = f" [{self.code}]" if self.code else ""
        return f"{head}: {rules}{code}"


def _issues(raw_errors: Sequence[Mapping[str, Any]]) -> list[MetadataIssue]:
    found: list[MetadataIssue] = []
    for error in raw_errors:
        extensions = error.get("extensions") or {}
        grouped = extensions.get("errors")
        before = len(found)
        if isinstance(grouped, Mapping):
            for metadata_name, failures in grouped.items():
                for failure in failures if isinstance(failures, list) else ():
                    if not isinstance(failure, Mapping):
                        continue
                    info = failure.get("flatEntityMinimalInformation") or {}
                    is_field = metadata_name == "fieldMetadata"
                    for issue in failure.get("errors") or ():
                        if not isinstance(issue, Mapping):
                            continue
                        found.append(
                            MetadataIssue(
                                message=str(issue.get("message", "")),
                                code=issue.get("code"),
                                field_name=info.get("name") if is_field else None,
                                object_name=None if is_field else info.get("nameSingular"),
                            )
                        )
        if len(found) == before:
            found.append(MetadataIssue(str(error.get("message", "")), extensions.get("code")))
    return found


def _not_found(message: str) -> list[dict[str, Any]]:
    return [{"message": message, "extensions": {"code": "NOT_FOUND"}}]


class ObjectNotFoundError(errors.NotFoundError):
    """No object with that name in this workspace."""

    def __init__(self, object_name: str, known: Sequence[str] = ()) -> None:
        self.object_name = object_name
        hint = _closest(object_name, known)
        super().__init__(_not_found(f"no object named {object_name!r} in this workspace" + hint))


class FieldNotFoundError(errors.NotFoundError):
    """The object exists but has no field with that name."""

    def __init__(self, object_name: str, field_name: str, known: Sequence[str] = ()) -> None:
        self.object_name = object_name
        self.field_name = field_name
        hint = _closest(field_name, known)
        super().__init__(_not_found(f"object {object_name!r} has no field {field_name!r}{hint}"))


def _closest(name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""
