"""A local Twenty-compatible server (the emulator) and its pytest plugin.

It serves Twenty's ``/graphql`` and ``/metadata`` APIs, built from object metadata the way
Twenty builds them, stored in SQLite: for tests, offline development and the demo.

    from twenty_gql.testing import EmulatorServer, seed_demo

    with EmulatorServer() as server:          # loopback, a free port, a random API key
        seed_demo(server.emulator)
        ...  # point your app at server.graphql_url with server.api_key

In pytest, ask for the ``twenty_server`` fixture instead (the plugin is auto-registered).

The names below are imported on first use (module ``__getattr__``), so importing a part of the
emulator (``twenty_gql.testing.store``, ``.model``) does not load aiohttp's web server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twenty_gql.testing.contracts import EmulatorSettings, RecordEvent
    from twenty_gql.testing.emulator import Emulator
    from twenty_gql.testing.faults import FaultConfig
    from twenty_gql.testing.runner import EmulatorServer
    from twenty_gql.testing.seed import seed_demo

__all__ = [
    "Emulator",
    "EmulatorServer",
    "EmulatorSettings",
    "FaultConfig",
    "RecordEvent",
    "seed_demo",
]

_HOMES = {
    "Emulator": "twenty_gql.testing.emulator",
    "EmulatorServer": "twenty_gql.testing.runner",
    "EmulatorSettings": "twenty_gql.testing.contracts",
    "FaultConfig": "twenty_gql.testing.faults",
    "RecordEvent": "twenty_gql.testing.contracts",
    "seed_demo": "twenty_gql.testing.seed",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
