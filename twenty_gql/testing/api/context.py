"""Per-request state shared by the resolvers of one ``/graphql`` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from graphql import GraphQLResolveInfo

    from twenty_gql.testing.contracts import EmulatorState, RecordEvent


@dataclass(slots=True)
class RequestContext:
    emulator: EmulatorState
    #: who writes: Twenty fills ``createdBy.name`` with the API key's name
    actor_name: str = "API key"
    #: committed record changes, emitted to listeners (webhooks) after the response is built
    events: list[RecordEvent] = field(default_factory=list)
    #: many-to-one targets prefetched per page: (object name, id) -> record or None
    related: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    #: Twenty throttles each root resolver call (one token each) for API-key traffic
    throttle: Callable[[], None] = lambda: None


#: The resolver info of the emulator's resolvers, typed with their context.
Info: TypeAlias = "GraphQLResolveInfo[RequestContext]"
