"""Twenty's metadata validation error: one GraphQL error carrying every failed check.

Metadata mutations validate the whole change first and answer, when anything fails, with
``extensions.code = "METADATA_VALIDATION_FAILED"`` and a report grouped by metadata kind
(``workspace-migration-builder-graphql-api-exception-handler.util.ts``,
``build-metadata-validation-error-payload.util.ts``)::

    {"message": "Multiple validation errors occurred while creating fields",
     "extensions": {"code": "METADATA_VALIDATION_FAILED",
                    "errors": {"fieldMetadata": [{"type": "create_field",
                                                  "errors": [{"code", "message", ...}],
                                                  "flatEntityMinimalInformation": {...}}]},
                    "summary": {"totalErrors": 1, "fieldMetadata": 1},
                    "message": "Validation failed for 1 fieldMetadata",
                    "userFriendlyMessage": "..."}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from twenty_gql.testing.errors import EmulatorError

__all__ = ["METADATA_VALIDATION_FAILED", "Failure", "Issue", "MetadataValidationError"]

METADATA_VALIDATION_FAILED = "METADATA_VALIDATION_FAILED"


@dataclass(frozen=True, slots=True)
class Issue:
    """One failed rule (Twenty's FlatFieldMetadataValidationError)."""

    code: str
    message: str
    user_friendly_message: str | None = None
    value: Any = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.user_friendly_message is not None:
            out["userFriendlyMessage"] = self.user_friendly_message
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(slots=True)
class Failure:
    """Every issue of one entity (a field or an object) in one change."""

    metadata_name: str  # "fieldMetadata" | "objectMetadata"
    type: str  # "create_field", "update_field", "delete_field", "create_object", ...
    minimal_information: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "errors": [issue.as_json() for issue in self.issues],
            "flatEntityMinimalInformation": self.minimal_information,
        }


class MetadataValidationError(EmulatorError):
    code = METADATA_VALIDATION_FAILED

    def __init__(self, message: str, failures: list[Failure]) -> None:
        failures = [f for f in failures if f.issues]
        super().__init__(message, user_friendly_message=_user_friendly(failures))
        self.failures = failures

    @property
    def issues(self) -> list[Issue]:
        return [issue for failure in self.failures for issue in failure.issues]

    @property
    def extensions(self) -> dict[str, Any]:
        errors: dict[str, list[dict[str, Any]]] = {}
        summary: dict[str, int] = {"totalErrors": 0}
        for failure in self.failures:
            errors.setdefault(failure.metadata_name, []).append(failure.as_json())
            summary[failure.metadata_name] = summary.get(failure.metadata_name, 0) + 1
            summary["totalErrors"] += 1
        counted = ", ".join(f"{n} {name}" for name, n in summary.items() if name != "totalErrors")
        return {
            "code": self.code,
            "errors": errors,
            "summary": summary,
            "userFriendlyMessage": self.user_friendly_message,
            "message": f"Validation failed for {counted}",
        }


def _user_friendly(failures: list[Failure]) -> str:
    if len(failures) > 1:
        return "Many validation errors"
    for failure in failures:
        for issue in failure.issues:
            if issue.user_friendly_message:
                return issue.user_friendly_message
    return "Metadata validation failed"
