"""A local Twenty-compatible server (the emulator) and its pytest plugin.

It serves Twenty's ``/graphql`` and ``/metadata`` APIs, built from object metadata the way
Twenty builds them, stored in SQLite: for tests, offline development and the demo.
"""
