"""The errors a Twenty client raises, and the one table that picks them.

Twenty answers almost every failure with HTTP 200 and ``errors[].extensions.code``; throttling
and unique violations both arrive as ``BAD_USER_INPUT`` and are told apart by their message.
So the class is chosen from the GraphQL code first (plus the message where Twenty overloads a
code), and from the HTTP status only when the body carries no GraphQL errors::

    TwentyError                         .operation (name), .response (status, headers)
    ├── InvalidInputError               refused before sending: names the field (a ValueError)
    ├── PaginationError                 the server's cursors stopped making progress
    ├── TransportError                  the request did not complete
    │   ├── APIConnectionError          could not connect / connection dropped
    │   └── APITimeoutError             no answer in time
    ├── HTTPStatusError                 status >= 400 without a GraphQL body (.status_code)
    ├── InvalidResponseError            2xx whose body is not a GraphQL response
    └── GraphQLError                    the server answered with ``errors`` (.errors, .data)
        ├── AuthenticationError         UNAUTHENTICATED
        ├── PermissionDeniedError       FORBIDDEN
        ├── NotFoundError               NOT_FOUND
        ├── RateLimitError              BAD_USER_INPUT "Limit reached ..."
        ├── DuplicateRecordError        BAD_USER_INPUT "A duplicate entry was detected"
        ├── ValidationError             BAD_USER_INPUT (anything else), METADATA_VALIDATION_FAILED
        ├── QueryValidationError        GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED
        ├── ConflictError               CONFLICT
        └── ServerError                 INTERNAL_SERVER_ERROR, TIMEOUT, unknown codes

Messages quote the server's message and code, never request headers or variables, so an API
key can't leak into a log line through an exception. No class shadows a builtin name
(``APIConnectionError`` is still an ``OSError``-family ``ConnectionError``, ``APITimeoutError``
a ``TimeoutError``), so ``from twenty_gql import *`` is safe.
"""

from __future__ import annotations

import builtins
import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from multidict import CIMultiDict, CIMultiDictProxy

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "ConflictError",
    "DuplicateRecordError",
    "GraphQLError",
    "HTTPStatusError",
    "InvalidInputError",
    "InvalidResponseError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "QueryValidationError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "TwentyError",
    "ValidationError",
    "error_from_response",
]


class ResponseInfo(Protocol):
    """What an error keeps of the HTTP exchange (``twenty_gql.transport.Response``)."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


class TwentyError(Exception):
    """Base of every error this client raises.

    ``operation`` is the GraphQL operation name of the call that failed and ``response`` the
    HTTP exchange (status, case-insensitive headers) when there was one; the request path fills
    both in, so a log line or a bug report can say which call failed and how.
    """

    operation: str | None = None
    response: ResponseInfo | None = None


class InvalidInputError(TwentyError, ValueError):
    """An argument was refused before anything was sent: the message names the field."""


class PaginationError(TwentyError):
    """Paging stopped making progress (a repeated ``endCursor``, or an empty page that says
    there is more): Twenty has shipped both bugs, and a naive loop would never end."""


class TransportError(TwentyError):
    """The HTTP exchange itself failed; nothing is known about the server's answer.

    ``sent`` is False when the request provably never reached the server (the connection
    could not be opened), so even a non-idempotent write may be retried.
    """

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


class APIConnectionError(TransportError, builtins.ConnectionError):
    """Connecting failed or the connection dropped before a response arrived."""


class APITimeoutError(TransportError, builtins.TimeoutError):
    """No complete response within the configured timeout."""


class HTTPStatusError(TwentyError):
    """A status >= 400 whose body is not a GraphQL response (proxy pages, REST-style 429s)."""

    def __init__(
        self, status_code: int, *, retry_after: float | None = None, body: str = ""
    ) -> None:
        super().__init__(f"HTTP {status_code}" + (f": {body[:200]}" if body else ""))
        self.status_code = status_code
        self.retry_after = retry_after
        self.body = body


class InvalidResponseError(TwentyError):
    """A 2xx answer that is not JSON with ``data`` or ``errors``."""

    def __init__(self, status_code: int, body: str) -> None:
        super().__init__(f"invalid GraphQL response (HTTP {status_code}): {body[:200]!r}")
        self.status_code = status_code
        self.body = body


class GraphQLError(TwentyError):
    """The server answered with ``errors``; the first one names the class.

    ``errors`` keeps every error dict as sent, ``data`` any partial data, ``code`` and
    ``user_friendly_message`` come from the first error's ``extensions``.
    """

    def __init__(
        self,
        errors: Sequence[Mapping[str, Any]],
        *,
        data: Mapping[str, Any] | None = None,
        status_code: int = 200,
        retry_after: float | None = None,
    ) -> None:
        self.errors: list[dict[str, Any]] = [dict(e) for e in errors]
        self.data = dict(data) if data is not None else None
        self.status_code = status_code
        self.retry_after = retry_after
        first = self.errors[0] if self.errors else {}
        extensions = first.get("extensions") or {}
        self.message: str = str(first.get("message", ""))
        self.code: str | None = extensions.get("code")
        self.sub_code: str | None = extensions.get("subCode")
        self.user_friendly_message: str | None = extensions.get("userFriendlyMessage")
        self.path: list[str | int] | None = first.get("path")
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = self.message or "GraphQL error"
        if self.code:
            text = f"{text} [{self.code}]"
        if self.path:
            text = f"{text} at {'.'.join(str(p) for p in self.path)}"
        more = len(self.errors) - 1
        if more > 0:
            text = f"{text} (+{more} more error{'s' if more > 1 else ''})"
        return text


class AuthenticationError(GraphQLError):
    """UNAUTHENTICATED: missing, invalid or expired token."""


class PermissionDeniedError(GraphQLError):
    """FORBIDDEN: the token's role may not read or write this object or field."""


class NotFoundError(GraphQLError):
    """NOT_FOUND: no record with that id (or it is soft-deleted, for updates)."""


class RateLimitError(GraphQLError):
    """Twenty's throttler: ``BAD_USER_INPUT`` "Limit reached (N tokens per M ms)".

    ``tokens`` and ``window_ms`` are parsed from the message when present, so a retry policy
    can wait for the bucket to refill rather than guess.
    """

    def __init__(self, errors: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        super().__init__(errors, **kwargs)
        match = _LIMIT_DETAIL.search(self.message)
        self.tokens: int | None = int(match.group(1)) if match else None
        self.window_ms: int | None = int(match.group(2)) if match else None


class DuplicateRecordError(GraphQLError):
    """A unique index was hit ("A duplicate entry was detected")."""


class ValidationError(GraphQLError):
    """BAD_USER_INPUT: the arguments or data were refused; retrying will not help."""


class QueryValidationError(GraphQLError):
    """The document does not fit the schema (a stale generated client, usually)."""


class ConflictError(GraphQLError):
    """CONFLICT."""


class ServerError(GraphQLError):
    """INTERNAL_SERVER_ERROR, TIMEOUT, or a code this client does not know."""


_LIMIT_DETAIL = re.compile(r"\((\d+)\s+tokens?\s+per\s+(\d+)\s*ms\)")

#: (extensions.code, message prefix or None) -> class. The first matching row wins, so rows
#: with a message come before the code's catch-all row.
ERROR_TABLE: tuple[tuple[str, str | None, type[GraphQLError]], ...] = (
    ("UNAUTHENTICATED", None, AuthenticationError),
    ("FORBIDDEN", None, PermissionDeniedError),
    ("NOT_FOUND", None, NotFoundError),
    ("BAD_USER_INPUT", "Limit reached", RateLimitError),
    ("BAD_USER_INPUT", "A duplicate entry was detected", DuplicateRecordError),
    ("BAD_USER_INPUT", None, ValidationError),
    ("METADATA_VALIDATION_FAILED", None, ValidationError),
    ("GRAPHQL_VALIDATION_FAILED", None, QueryValidationError),
    ("GRAPHQL_PARSE_FAILED", None, QueryValidationError),
    ("CONFLICT", None, ConflictError),
    ("INTERNAL_SERVER_ERROR", None, ServerError),
    ("TIMEOUT", None, ServerError),
)


def graphql_error_class(code: str | None, message: str) -> type[GraphQLError]:
    """The class for one error's ``extensions.code`` and ``message``; ServerError if unknown."""
    for row_code, prefix, cls in ERROR_TABLE:
        if code == row_code and (prefix is None or message.startswith(prefix)):
            return cls
    return ServerError


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP date), case-insensitively."""
    if not isinstance(headers, CIMultiDict | CIMultiDictProxy):
        headers = CIMultiDict(headers)
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils  # rare (an HTTP date): not worth loading at import

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    body: Any,
    text: str = "",
) -> TwentyError | None:
    """The error one HTTP exchange amounts to, or None when it carries usable ``data``.

    ``body`` is the decoded JSON (or None when the body was not JSON), ``text`` the raw body
    for messages. Pure: a table-driven test covers it without a server.
    """
    retry_after = _retry_after(headers)
    if isinstance(body, dict) and body.get("errors"):
        errors: list[dict[str, Any]] = [
            e if isinstance(e, dict) else {"message": str(e)} for e in body["errors"]
        ]
        first = errors[0]
        code = (first.get("extensions") or {}).get("code")
        cls = graphql_error_class(code, str(first.get("message", "")))
        return cls(
            errors,
            data=body.get("data"),
            status_code=status_code,
            retry_after=retry_after,
        )
    if status_code >= 400:
        return HTTPStatusError(status_code, retry_after=retry_after, body=text)
    if not isinstance(body, dict) or "data" not in body:
        return InvalidResponseError(status_code, text)
    return None
