"""The error table: Twenty's ``extensions.code`` (+ message) and HTTP status -> one class."""

from __future__ import annotations

from typing import Any

import pytest

from twenty_gql import errors


def _body(code: str | None, message: str, **extensions: Any) -> dict[str, Any]:
    ext = {"code": code, **extensions} if code else extensions
    return {"data": None, "errors": [{"message": message, "extensions": ext}]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Twenty: invalid or missing token -> UNAUTHENTICATED at HTTP 200
        (_body("UNAUTHENTICATED", "Token invalid."), errors.AuthenticationError),
        # role lacks permission -> FORBIDDEN (subCode PERMISSION_DENIED)
        (_body("FORBIDDEN", "no permission", subCode="PERMISSION_DENIED"),
         errors.PermissionDeniedError),
        # unknown id on findOne/update/destroy -> NOT_FOUND "Record not found"
        (_body("NOT_FOUND", "Record not found"), errors.NotFoundError),
        # the throttler raises UserInputError: BAD_USER_INPUT "Limit reached (...)"
        (_body("BAD_USER_INPUT", "Limit reached (100 tokens per 60000 ms)"),
         errors.RateLimitError),
        # unique index violation arrives as BAD_USER_INPUT too
        (_body("BAD_USER_INPUT", "A duplicate entry was detected",
               userFriendlyMessage="This record already exists."),
         errors.DuplicateRecordError),
        (_body("BAD_USER_INPUT", "Cannot provide both first and last"), errors.ValidationError),
        (_body("GRAPHQL_VALIDATION_FAILED", 'Cannot query field "x" on type "Company".'),
         errors.QueryValidationError),
        (_body("GRAPHQL_PARSE_FAILED", "Syntax Error"), errors.QueryValidationError),
        (_body("CONFLICT", "conflict"), errors.ConflictError),
        (_body("INTERNAL_SERVER_ERROR", "boom"), errors.ServerError),
        (_body("SOMETHING_NEW", "?"), errors.ServerError),
        (_body(None, "no code at all"), errors.ServerError),
    ],
)  # fmt: skip
def test_graphql_errors_map_by_code_then_message(
    body: dict[str, Any], expected: type[errors.GraphQLError]
) -> None:
    error = errors.error_from_response(200, {}, body)
    assert type(error) is expected
    assert isinstance(error, errors.GraphQLError)
    assert error.errors == body["errors"]
    assert error.message == body["errors"][0]["message"]


def test_graphql_error_keeps_data_code_and_user_friendly_message() -> None:
    body = {
        "data": {"createCompany": None},
        "errors": [
            {
                "message": "A duplicate entry was detected",
                "path": ["createCompany"],
                "extensions": {"code": "BAD_USER_INPUT", "userFriendlyMessage": "Exists."},
            },
            {"message": "second", "extensions": {"code": "BAD_USER_INPUT"}},
        ],
    }
    error = errors.error_from_response(200, {}, body)
    assert isinstance(error, errors.DuplicateRecordError)
    assert error.data == {"createCompany": None}
    assert error.code == "BAD_USER_INPUT"
    assert error.user_friendly_message == "Exists."
    assert str(error) == (
        "A duplicate entry was detected [BAD_USER_INPUT] at createCompany (+1 more error)"
    )


def test_rate_limit_error_parses_the_bucket_size() -> None:
    """Twenty's message "Limit reached (N tokens per M ms)" says how fast the bucket refills."""
    error = errors.error_from_response(
        200, {}, _body("BAD_USER_INPUT", "Limit reached (100 tokens per 60000 ms)")
    )
    assert isinstance(error, errors.RateLimitError)
    assert (error.tokens, error.window_ms) == (100, 60000)


@pytest.mark.parametrize(
    ("status", "headers", "body", "text", "expected"),
    [
        # a proxy's HTML 502: no GraphQL body -> HTTPStatusError
        (502, {}, None, "<html>bad gateway</html>", errors.HTTPStatusError),
        # REST-style 429 with Retry-After
        (429, {"Retry-After": "7"}, None, "Too Many Requests", errors.HTTPStatusError),
        # a GraphQL error body wins over the status
        (400, {}, _body("GRAPHQL_PARSE_FAILED", "POST body sent invalid JSON."), "",
         errors.QueryValidationError),
        # 200 that is not GraphQL at all
        (200, {}, None, "hello", errors.InvalidResponseError),
        (200, {}, {"unexpected": 1}, "", errors.InvalidResponseError),
    ],
)  # fmt: skip
def test_http_status_matters_only_without_graphql_errors(
    status: int, headers: dict[str, str], body: Any, text: str, expected: type[Exception]
) -> None:
    error = errors.error_from_response(status, headers, body, text)
    assert type(error) is expected


def test_retry_after_is_kept_per_response() -> None:
    error = errors.error_from_response(429, {"Retry-After": "7"}, None, "slow down")
    assert isinstance(error, errors.HTTPStatusError)
    assert (error.status_code, error.retry_after) == (429, 7.0)


def test_data_without_errors_is_not_an_error() -> None:
    assert errors.error_from_response(200, {}, {"data": {"companies": None}}) is None


def test_transport_errors_are_also_builtin_errors() -> None:
    """``except TimeoutError`` / ``except ConnectionError`` keep working for callers, and no
    public name shadows a builtin under ``from twenty_gql import *``."""
    import builtins

    import twenty_gql

    assert issubclass(errors.APITimeoutError, TimeoutError)
    assert issubclass(errors.APIConnectionError, ConnectionError)
    assert issubclass(errors.APITimeoutError, errors.TransportError)
    assert str(errors.APIConnectionError("request failed")) == "request failed"
    assert not set(twenty_gql.__all__) & set(dir(builtins))
