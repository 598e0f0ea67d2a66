"""``TwentyClient``: configuration, lifecycle, and the resources of one workspace.

``twenty_gql.TwentyClient`` is the standard workspace's binding (``twenty_gql.standard``,
shipped in the distribution), so ``pip install twenty-gql`` alone gives typed standard objects.
A package generated for your own workspace (``twenty-gql codegen --out app/crm --package
crm``) has its own ``crm.workspace.TwentyClient`` with your custom objects and fields typed;
both are this class with another ``package_name``.

One aiohttp session serves ``/graphql`` and ``/metadata`` for the client's lifetime, and one
request policy (retries, rate limiter, timeout) is shared by every task using the client.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, Self, TypeVar
from urllib.parse import urlsplit, urlunsplit

from . import errors
from ._policies import RateLimiter, RetryPolicy
from .transport import RequestPolicy, Transport, prepare

if TYPE_CHECKING:
    import aiohttp

    from ._binding import PackageBinding
    from .metadata import MetadataAPI
    from .resources import Resource
    from .webhooks import WebhooksAPI

__all__ = ["BaseTwentyClient", "endpoints"]

P = ParamSpec("P")
R = TypeVar("R")

URL_ENV = "TWENTY_API_URL"
KEY_ENV = "TWENTY_API_KEY"


def endpoints(url: str) -> tuple[str, str]:
    """(``/graphql`` url, ``/metadata`` url) from the server root or either endpoint."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise errors.InvalidInputError(f"url must be http(s)://host[:port][/graphql], got {url!r}")
    path = parts.path.rstrip("/")
    for suffix in ("/graphql", "/metadata"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    root = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return f"{root}/graphql", f"{root}/metadata"


def _buckets(rate_limit: Any) -> list[tuple[int, float]]:
    if rate_limit is None:
        return []
    if (
        isinstance(rate_limit, tuple)
        and len(rate_limit) == 2
        and all(isinstance(part, int | float) for part in rate_limit)
    ):
        return [(int(rate_limit[0]), float(rate_limit[1]))]
    if isinstance(rate_limit, Sequence):
        return [(int(requests), float(seconds)) for requests, seconds in rate_limit]
    raise errors.InvalidInputError(
        f"rate_limit must be (requests, seconds) or a list of them, got {rate_limit!r}"
    )


class BaseTwentyClient:
    """The client of one Twenty workspace; use ``async with``.

    ``url`` is the server root (``https://crm.example.com``) or its ``/graphql`` endpoint;
    ``url`` and ``api_key`` default to ``$TWENTY_API_URL`` and ``$TWENTY_API_KEY``.
    ``timeout`` (seconds) and ``max_retries`` apply to every call and may be overridden per
    call; ``rate_limit=(100, 60)`` paces every task of this client to 100 requests a minute
    (Twenty's throttling is learned and paced anyway).
    """

    #: the generated package whose objects this client binds (set by each package's binding)
    package_name: ClassVar[str] = "twenty_gql.standard"

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 4,
        rate_limit: tuple[int, float] | Sequence[tuple[int, float]] | None = None,
        page_size: int = 200,  # Twenty's QUERY_MAX_RECORDS (pagination.DEFAULT_PAGE_SIZE)
        headers: Mapping[str, str] | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        url = url if url is not None else os.environ.get(URL_ENV)
        api_key = api_key if api_key is not None else os.environ.get(KEY_ENV)
        if not url:
            raise errors.InvalidInputError(f"pass url= or set ${URL_ENV}")
        if not api_key:
            raise errors.InvalidInputError(f"pass api_key= or set ${KEY_ENV}")
        if not isinstance(page_size, int) or page_size < 1:
            raise errors.InvalidInputError(f"page_size must be a positive int, got {page_size!r}")
        self.graphql_url, self.metadata_url = endpoints(url)
        self.page_size = page_size
        self.policy = RequestPolicy(
            retry=RetryPolicy(max_retries=max_retries),
            rate_limiter=RateLimiter(_buckets(rate_limit)),
            timeout=timeout,
        )
        auth = {**(headers or {}), "Authorization": f"Bearer {api_key}"}
        self._session = session
        self._owns_session = session is None
        self._session_lock: asyncio.Lock | None = None
        self._graphql = Transport(
            self.graphql_url, headers=auth, policy=self.policy, session_provider=self._get_session
        )
        self._metadata = Transport(
            self.metadata_url, headers=auth, policy=self.policy, session_provider=self._get_session
        )
        self._resources: dict[str, Resource[Any, Any, Any, Any, Any]] = {}
        self._raw_client: Any = None

    @classmethod
    def from_env(cls, **options: Any) -> Self:
        """A client for ``$TWENTY_API_URL`` with ``$TWENTY_API_KEY`` (both required)."""
        missing = [name for name in (URL_ENV, KEY_ENV) if not os.environ.get(name)]
        if missing:
            raise errors.InvalidInputError(f"set {' and '.join('$' + m for m in missing)}")
        return cls(os.environ[URL_ENV], os.environ[KEY_ENV], **options)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.graphql_url!r}, package={self.package_name!r})"

    # -- lifecycle ---------------------------------------------------------------------------

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is not None and not self._session.closed:
            return self._session
        if self._session_lock is None:
            self._session_lock = asyncio.Lock()
        async with self._session_lock:
            if self._session is None or self._session.closed:
                import aiohttp

                self._session = aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=100, limit_per_host=100)
                )
                self._owns_session = True
            return self._session

    async def __aenter__(self) -> Self:
        await self._get_session()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session (when this client opened it)."""
        if self._session is not None and self._owns_session and not self._session.closed:
            await self._session.close()
        if self._owns_session:
            self._session = None

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Self:
        """This client with other limits, for some calls (openai-python's ``with_options``):
        ``await tw.with_options(max_retries=0).companies.create(...)``. It shares the session
        and the rate limiter, so it needs no ``async with`` of its own."""
        retry = self.policy.retry
        if max_retries is not None:
            retry = RetryPolicy(
                max_retries=max_retries,
                max_rate_limit_retries=retry.max_rate_limit_retries,
                backoff_base=retry.backoff_base,
                backoff_max=retry.backoff_max,
            )
        policy = RequestPolicy(
            retry=retry,
            rate_limiter=self.policy.rate_limiter,
            timeout=self.policy.timeout if timeout is None else timeout,
        )
        clone = copy.copy(self)
        clone.policy = policy
        clone._graphql = self._graphql.with_policy(policy)
        clone._metadata = self._metadata.with_policy(policy)
        clone._resources = {}
        clone._raw_client = None
        clone._owns_session = False  # closing the copy must not close the shared session
        for name in ("metadata", "webhooks"):
            clone.__dict__.pop(name, None)
        return clone

    # -- the rest of Twenty ------------------------------------------------------------------

    @functools.cached_property
    def metadata(self) -> MetadataAPI:
        """Objects and fields of the workspace (Twenty's ``/metadata``), same request path."""
        from .metadata import MetadataAPI

        return MetadataAPI(self.execute_metadata, graphql=self.execute)

    @functools.cached_property
    def webhooks(self) -> WebhooksAPI:
        """The workspace's webhooks: create, list, get, update, delete."""
        from .webhooks import WebhooksAPI

        return WebhooksAPI(self.execute_metadata)

    # -- the workspace -----------------------------------------------------------------------

    @property
    def package(self) -> PackageBinding:
        # Bindings, resources and pagination load on first use, not with ``import``.
        from ._binding import package_binding

        return package_binding(self.package_name)

    def resource(self, name: str) -> Resource[Any, Any, Any, Any, Any]:
        """The resource of any object of the package, by singular, plural or type name."""
        binding = self.package.object(name)
        cached = self._resources.get(binding.name)
        if cached is None:
            from .activities import resource_class  # on first use: keeps the import cheap

            kind = resource_class(self.package, binding.name)  # notes/tasks: ActivityResource
            cached = self._resources[binding.name] = kind(self, binding)
        return cached

    @property
    def client(self) -> Any:
        """The generated ``Client`` of the package (every operation, hand-written ones too),
        on this client's session and request path; typed by each package's binding (each
        package has its own copy of the base client, so there is no common type here)."""
        return self._generated_client()

    def _generated_client(self) -> Any:
        if self._raw_client is None:
            client_class = self.package.module("client").Client
            self._raw_client = client_class(transport=self._graphql)
        return self._raw_client

    async def execute(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """Send any GraphQL document to ``/graphql``; returns ``data``, raises like every call.

        A mutation is retried after an ambiguous failure only with ``idempotent=True``.
        """
        return await _data(self._graphql, document, variables, timeout, idempotent)

    async def execute_metadata(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """The same as ``execute``, against Twenty's ``/metadata`` API."""
        return await _data(self._metadata, document, variables, timeout, idempotent)

    async def complete(
        self, op: Callable[P, Awaitable[R]], /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run a generated operation (``tw.client.<method>``) with every nested one-to-many
        connection completed: Twenty returns at most 60 nested edges, this fetches the rest
        (``twenty_gql.bulk.nested``). Typed as the operation returns."""
        from .bulk.nested import complete

        return await complete(self, op, *args, **kwargs)


async def _data(
    transport: Transport,
    document: str,
    variables: Mapping[str, Any] | None,
    timeout: float | None,
    idempotent: bool | None,
) -> dict[str, Any]:
    response = await transport.send(
        prepare(document), variables, timeout=timeout, idempotent=idempotent
    )
    return response.raise_for_error()
