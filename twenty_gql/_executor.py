from collections.abc import Awaitable, Mapping
from typing import Any, Protocol


class Executor(Protocol):
    """Sends one GraphQL document to one endpoint through the client's request path; returns `data`, raises twenty_gql errors."""  # noqa: E501

    def __call__(
        self, document: str, variables: Mapping[str, Any] | None = None
    ) -> Awaitable[dict[str, Any]]: ...
