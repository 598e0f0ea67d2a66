"""Errors the emulator answers with, shaped as Twenty sends them.

Twenty reports almost every failure as HTTP 200 with ``errors[].extensions.code`` (one of
``GraphQLErrorCode`` in twenty-shared) and often a ``subCode`` (the exception's own code) and a
``userFriendlyMessage``. Store and resolver code raise these; the server serialises them.

The names are the emulator's own (``EmulatorError``, ``EntityNotFoundError``,
``UnauthenticatedError``...): the client's ``twenty_gql.errors`` classes are what a caller
*receives*; these are what the emulator *raises*. :func:`error_entry` and :func:`error_body`
are the one place the ``{"errors": [{"message", "extensions": {"code", ...}}]}`` shape is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
CONFLICT = "CONFLICT"


def error_entry(
    message: str,
    extensions: Mapping[str, Any],
    locations: Sequence[Mapping[str, int]] | None = None,
) -> dict[str, Any]:
    """One item of a Twenty response's ``errors`` list."""
    entry: dict[str, Any] = {"message": message}
    if locations is not None:
        entry["locations"] = list(locations)
    entry["extensions"] = dict(extensions)
    return entry


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A whole response body holding one error (``extensions.code`` first, as Twenty's)."""
    return {"errors": [error_entry(message, {"code": code, **extensions})]}


class EmulatorError(Exception):
    """One GraphQL error as Twenty would return it."""

    code: str = INTERNAL_SERVER_ERROR

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        sub_code: str | None = None,
        user_friendly_message: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.sub_code = sub_code
        self.user_friendly_message = user_friendly_message
        self.extra = extra or {}

    @property
    def extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": self.code}
        if self.sub_code:
            ext["subCode"] = self.sub_code
        if self.user_friendly_message:
            ext["userFriendlyMessage"] = self.user_friendly_message
        ext.update(self.extra)
        return ext

    @property
    def entry(self) -> dict[str, Any]:
        """This error as one item of a response's ``errors``."""
        return error_entry(self.message, self.extensions)

    @property
    def body(self) -> dict[str, Any]:
        """This error as a whole response body."""
        return {"errors": [self.entry]}


class UserInputError(EmulatorError):
    code = BAD_USER_INPUT


class EntityNotFoundError(EmulatorError):
    code = NOT_FOUND

    def __init__(self, message: str = "Record not found", **kwargs: Any) -> None:
        kwargs.setdefault("sub_code", "RECORD_NOT_FOUND")
        super().__init__(message, **kwargs)


class UnauthenticatedError(EmulatorError):
    code = UNAUTHENTICATED


class ForbiddenError(EmulatorError):
    code = FORBIDDEN


class UniqueViolationError(UserInputError):
    """A unique index (company domain, person primary email, custom unique field) was hit."""

    def __init__(
        self,
        object_name: str,
        field_name: str,
        conflicting_record_id: str | None = None,
    ) -> None:
        super().__init__(
            "A duplicate entry was detected",
            sub_code="DUPLICATE_ENTRY_DETECTED",
            user_friendly_message=(
                f"This {field_name} value is already used by another {object_name} record."
            ),
            extra={
                "conflictingObjectNameSingular": object_name,
                **({"conflictingRecordId": conflicting_record_id} if conflicting_record_id else {}),
            },
        )
        self.object_name = object_name
        self.field_name = field_name
        self.conflicting_record_id = conflicting_record_id
