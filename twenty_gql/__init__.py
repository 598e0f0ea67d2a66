"""twenty-gql: a GraphQL-first, typed, async Python client for Twenty CRM.

``TwentyClient`` is the client of the standard workspace (typed resources for every standard
object); a package generated for your workspace (``twenty-gql codegen``) has its own
``<package>.workspace.TwentyClient``. ``paginate`` pages any generated operation that returns
a connection. Every failure of a call is a ``TwentyError`` (the tree is in ``errors``).

Names are imported on first use, so ``import twenty_gql`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from twenty_gql import errors
from twenty_gql.errors import *  # noqa: F403 - the error tree is the top-level surface

if TYPE_CHECKING:
    from twenty_gql.bulk.results import BulkResult as BulkResult
    from twenty_gql.bulk.results import BulkWriteError as BulkWriteError
    from twenty_gql.bulk.results import FailedRecord as FailedRecord
    from twenty_gql.bulk.results import RecordRef as RecordRef
    from twenty_gql.client import BaseTwentyClient as BaseTwentyClient
    from twenty_gql.pagination import Page as Page
    from twenty_gql.pagination import paginate as paginate
    from twenty_gql.pagination import paginate_pages as paginate_pages
    from twenty_gql.resources import Resource as Resource
    from twenty_gql.standard.workspace import TwentyClient as TwentyClient
    from twenty_gql.webhooks.verify import WebhookVerificationError as WebhookVerificationError

__version__ = "0.1.0"

#: public name -> the module that defines it (imported on first access)
_LAZY = {
    "TwentyClient": "twenty_gql.standard.workspace",
    "BaseTwentyClient": "twenty_gql.client",
    "Resource": "twenty_gql.resources",
    "Page": "twenty_gql.pagination",
    "paginate": "twenty_gql.pagination",
    "paginate_pages": "twenty_gql.pagination",
    "WebhookVerificationError": "twenty_gql.webhooks.verify",
    "BulkResult": "twenty_gql.bulk.results",
    "BulkWriteError": "twenty_gql.bulk.results",
    "FailedRecord": "twenty_gql.bulk.results",
    "RecordRef": "twenty_gql.bulk.results",
}

__all__ = [*errors.__all__, *_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twenty_gql' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
