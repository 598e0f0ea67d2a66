"""A local Twenty-compatible server (the emulator) and its pytest plugin.

It serves Twenty's ``/graphql`` and ``/metadata`` APIs, built from object metadata the way
Twenty builds them, stored in SQLite: for tests, offline development and the demo.

    from twenty_gql.testing import EmulatorServer, seed_demo

    with EmulatorServer() as server:          # loopback, a free port, a random API key
        seed_demo(server.emulator)
        ...  # point your app at server.graphql_url with server.api_key

In pytest, ask for the ``twenty_server`` fixture instead (the plugin is auto-registered).
"""

from twenty_gql.testing.emulator import Emulator, EmulatorSettings, RecordEvent
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
