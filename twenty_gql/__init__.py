"""twenty-gql: a GraphQL-first, typed, async Python client for Twenty CRM.

The typed client is generated per workspace (``twenty-gql codegen``); this package holds what
every generated client shares: the errors it raises, the transport, and the emulator
(``twenty_gql.testing``).
"""

from twenty_gql.errors import (
    AuthenticationError,
    ConflictError,
    ConnectionError,
    DuplicateRecordError,
    GraphQLError,
    HTTPStatusError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    QueryValidationError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    TwentyError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "AuthenticationError",
    "ConflictError",
    "ConnectionError",
    "DuplicateRecordError",
    "GraphQLError",
    "HTTPStatusError",
    "InvalidResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "QueryValidationError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "TwentyError",
    "ValidationError",
    "__version__",
]
