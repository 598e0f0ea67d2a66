"""twenty-gql: a GraphQL-first, typed, async Python client for Twenty CRM.

The typed client is generated per workspace (``twenty-gql codegen``); this package holds what
every generated client shares: the errors it raises, the transport, and the emulator
(``twenty_gql.testing``).
"""

from twenty_gql import errors
from twenty_gql.errors import *  # noqa: F403 - the error tree is the top-level surface

__version__ = "0.1.0"

__all__ = [*errors.__all__, "__version__"]
