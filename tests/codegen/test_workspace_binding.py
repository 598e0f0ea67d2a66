"""The generated ``workspace.py`` binding: a custom object and a custom SELECT field added
through ``tw.metadata`` (and waited for) are typed resources of the package's ``TwentyClient`` after one codegen run, at
run time and to ``mypy --strict``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from twenty_gql import TwentyClient
from twenty_gql.codegen import cli
from twenty_gql.metadata import FieldOption, FieldType
from twenty_gql.testing.runner import EmulatorServer

from ..typecheck import USAGE, run_mypy


async def test_custom_object_and_field_are_typed_resources_after_codegen(
    twenty_server: EmulatorServer,
    tool_python: Path,
    tmp_path: Path,
    import_package: Callable[[Path], ModuleType],
) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as admin:
        await admin.metadata.create_field(
            "company",
            "tier",
            FieldType.SELECT,
            options=[FieldOption("GOLD", "Gold"), FieldOption("SILVER", "Silver")],
        )
        await admin.metadata.create_object("rocket", "rockets")
        await admin.metadata.create_field("rocket", "launches", FieldType.NUMBER)
        await admin.metadata.wait_for("company.tier", "rocket.launches", timeout=30)
    package = f"crm_{uuid.uuid4().hex[:8]}"
    argv = [
        "--url", twenty_server.url, "--api-key", twenty_server.api_key,
        "--out", str(tmp_path / package), "--no-queries",
    ]  # fmt: skip
    assert await asyncio.to_thread(cli.main, argv) == 0

    import_package(tmp_path / package)
    workspace = __import__(f"{package}.workspace", fromlist=["TwentyClient"])
    async with workspace.TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
        rocket = await tw.rockets.create({"name": "Falcon", "launches": 3})
        assert type(rocket).__name__ == "RocketFields" and rocket.launches == 3
        await tw.companies.create({"name": "Acme", "tier": "GOLD"})
        await tw.companies.create({"name": "Beta", "tier": "SILVER"})
        gold = [c.name async for c in tw.companies.iterate({"tier": {"eq": "GOLD"}})]
        assert gold == ["Acme"]

    usage = tmp_path / "usage.py"
    usage.write_text((USAGE / "custom.py.txt").read_text().replace("PACKAGE", package))
    result = await asyncio.to_thread(run_mypy, tmp_path, usage, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
