"""The binding's special resources: notes and tasks are ``ActivityResource`` when the package
has their link objects (also for a custom object added through /metadata), and ``timeline``
exists when it has timeline activities."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from graphql import GraphQLSchema

from twenty_gql import TwentyClient
from twenty_gql.codegen import cli
from twenty_gql.codegen.binding import render_workspace_module
from twenty_gql.codegen.scaffold import discover_objects
from twenty_gql.testing.runner import EmulatorServer


def test_special_resources_need_their_link_objects(standard_schema: GraphQLSchema) -> None:
    objects = discover_objects(standard_schema)
    full = render_workspace_module(standard_schema, objects)
    assert "    ) -> ActivityResource[NoteFields," in full
    assert "    ) -> ActivityResource[TaskFields," in full
    assert "    def timeline(" in full
    assert "    ) -> Resource[CompanyFields," in full

    unlinked = {"noteTarget", "timelineActivity"}
    partial = [obj for obj in objects if obj.name_singular not in unlinked]
    text = render_workspace_module(standard_schema, partial)
    assert "    ) -> Resource[NoteFields," in text
    assert "    ) -> ActivityResource[TaskFields," in text
    assert "def timeline(" not in text and "RecordRef" not in text
    compile(text, "workspace.py", "exec")


async def test_a_custom_object_is_a_note_and_task_target_after_codegen(
    twenty_server: EmulatorServer,
    tool_python: Path,
    tmp_path: Path,
    import_package: Callable[[Path], ModuleType],
) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as admin:
        await admin.metadata.create_object("rocket", "rockets")
    package = f"crm_{uuid.uuid4().hex[:8]}"
    argv = [
        "--url", twenty_server.url, "--api-key", twenty_server.api_key,
        "--out", str(tmp_path / package), "--no-queries", "--wait-for", "rocket.*",
    ]  # fmt: skip
    assert await asyncio.to_thread(cli.main, argv) == 0

    import_package(tmp_path / package)
    workspace = __import__(f"{package}.workspace", fromlist=["TwentyClient"])
    async with workspace.TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
        rocket = await tw.rockets.create({"name": "Falcon"})
        acme = await tw.companies.create({"name": "Acme"})
        note = await tw.notes.create(title="Launch", body="*go*", targets=[rocket, acme])
        task = await tw.tasks.create(title="Fuel", targets=[("rocket", rocket.id)])
        assert [n.id async for n in tw.notes.of(rocket)] == [note.id]
        assert [n.id async for n in tw.notes.of(acme)] == [note.id]
        assert [t.id async for t in tw.tasks.of(rocket)] == [task.id]
        links = await tw.note_targets.find({"noteId": {"eq": str(note.id)}})
        assert {link.rocket_id for link in links} == {rocket.id, None}
        assert [e async for e in tw.timeline(rocket)] == []
