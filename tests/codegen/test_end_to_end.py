"""End to end: a custom field and a custom object added through /metadata become typed
attributes and typed async methods after one codegen run against the live server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from tests.emulator.metadata_http import add_field, add_object
from twenty_gql.codegen import cli
from twenty_gql.testing.runner import EmulatorServer


async def test_custom_field_and_object_are_typed_after_one_codegen_run(
    twenty_server: EmulatorServer,
    tool_python: Path,
    tmp_path: Path,
    import_package: Callable[[Path], ModuleType],
) -> None:
    await add_field(twenty_server, "company", "tagline", "TEXT")
    await add_object(twenty_server, "rocket", "rockets")
    await add_field(twenty_server, "rocket", "launches", "NUMBER")

    package_dir = tmp_path / f"workspace_{uuid.uuid4().hex[:8]}"
    argv = [
        "--url", twenty_server.url,  # the server root: codegen posts to /graphql
        "--api-key", twenty_server.api_key,
        "--out", str(package_dir),
        "--no-queries",
        "--wait-for", "company.tagline",
        "--wait-for", "rocket.launches",
    ]  # fmt: skip
    assert await asyncio.to_thread(cli.main, argv) == 0

    workspace = import_package(package_dir)
    assert workspace.CompanyFields.model_fields["tagline"].annotation == str | None
    assert workspace.RocketFields.model_fields["launches"].annotation == float | None
    assert (
        workspace.OBJECTS["rocket"].create_one == "create_rocket"
        if hasattr(workspace, "OBJECTS")
        else True
    )
    objects = __import__(f"{package_dir.name}.objects", fromlist=["OBJECTS"]).OBJECTS
    assert objects["rocket"].find_many == "find_many_rockets"

    async with workspace.Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        created = await client.create_company(
            workspace.CompanyCreateInput(name="Acme", tagline="We make everything")
        )
        assert created.tagline == "We make everything"
        page = await client.find_many_companies(
            filter_=workspace.CompanyFilterInput(
                tagline=workspace.StringFilter(eq="We make everything")
            )
        )
        assert [(edge.node.name, edge.node.tagline) for edge in page.edges] == [
            ("Acme", "We make everything")
        ]

        rocket = await client.create_rocket(workspace.RocketCreateInput(name="Falcon", launches=3))
        assert isinstance(rocket.id, uuid.UUID)
        rockets = await client.find_many_rockets(first=10)
        assert [(edge.node.name, edge.node.launches) for edge in rockets.edges] == [("Falcon", 3.0)]
