"""The eleven objects users work with behave fully, linked as Twenty links them, and
the demo seed (``twenty-gql serve --seed demo``) builds a realistic workspace from them."""

from __future__ import annotations

from typing import Any

from tests.emulator.http import data
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.seed import seed_demo


async def create(server: EmulatorServer, type_name: str, root: str, values: dict[str, Any]) -> str:
    result = await data(
        server,
        f"mutation($d: {type_name}CreateInput!) {{ {root}(data: $d) {{ id }} }}",
        {"d": values},
    )
    record_id: str = result[root]["id"]
    return record_id


async def test_the_eleven_core_objects_link_and_read_back(twenty_server: EmulatorServer) -> None:
    """company, person, opportunity, note, task, noteTarget, taskTarget, attachment,
    timelineActivity, workspaceMember and favorite: create each, linked, and read the links."""
    member = await create(
        twenty_server,
        "WorkspaceMember",
        "createWorkspaceMember",
        {
            "name": {"firstName": "Tim"},
            "userEmail": "tim@x.example",
            "userId": "20202020-0687-4c41-b707-ed1bfca972a7",
        },
    )
    company = await create(
        twenty_server, "Company", "createCompany", {"name": "Acme", "accountOwnerId": member}
    )
    person = await create(twenty_server, "Person", "createPerson", {"companyId": company})
    opportunity = await create(
        twenty_server,
        "Opportunity",
        "createOpportunity",
        {"name": "Deal", "companyId": company, "pointOfContactId": person},
    )
    note = await create(twenty_server, "Note", "createNote", {"title": "Call"})
    task = await create(
        twenty_server, "Task", "createTask", {"title": "Follow up", "assigneeId": member}
    )
    await create(
        twenty_server, "NoteTarget", "createNoteTarget", {"noteId": note, "companyId": company}
    )
    await create(
        twenty_server,
        "TaskTarget",
        "createTaskTarget",
        {"taskId": task, "opportunityId": opportunity},
    )
    await create(
        twenty_server,
        "Attachment",
        "createAttachment",
        {"name": "deck.pdf", "fullPath": "attachment/deck.pdf", "companyId": company},
    )
    await create(
        twenty_server,
        "TimelineActivity",
        "createTimelineActivity",
        {"name": "company.created", "companyId": company},
    )
    await create(
        twenty_server,
        "Favorite",
        "createFavorite",
        {"position": 1, "companyId": company, "forWorkspaceMemberId": member},
    )
    result = await data(
        twenty_server,
        """{ companies { edges { node {
              name accountOwner { userEmail }
              people { edges { node { id } } }
              opportunities { edges { node { name pointOfContact { id } } } }
              noteTargets { edges { node { note { title } } } }
              attachments { edges { node { name } } }
              timelineActivities { edges { node { name } } }
              favorites { edges { node { forWorkspaceMember { id } } } } } } }
            tasks { edges { node { status assignee { id }
              taskTargets { edges { node { opportunity { name } } } } } } } }""",
    )
    acme = result["companies"]["edges"][0]["node"]
    assert acme["accountOwner"] == {"userEmail": "tim@x.example"}
    assert [e["node"]["id"] for e in acme["people"]["edges"]] == [person]
    assert acme["opportunities"]["edges"][0]["node"] == {
        "name": "Deal",
        "pointOfContact": {"id": person},
    }
    assert acme["noteTargets"]["edges"][0]["node"]["note"] == {"title": "Call"}
    assert acme["attachments"]["edges"][0]["node"]["name"] == "deck.pdf"
    assert acme["timelineActivities"]["edges"][0]["node"]["name"] == "company.created"
    assert acme["favorites"]["edges"][0]["node"]["forWorkspaceMember"] == {"id": member}
    task_node = result["tasks"]["edges"][0]["node"]
    assert task_node["status"] == "TODO"  # the SELECT default
    assert task_node["assignee"] == {"id": member}
    assert task_node["taskTargets"]["edges"][0]["node"]["opportunity"] == {"name": "Deal"}


async def test_every_standard_object_answers_its_plural_query(
    twenty_server: EmulatorServer,
) -> None:
    """All 29 standard objects exist with their root fields (the first eleven link to them)."""
    plurals = [
        obj.name_plural
        for obj in twenty_server.emulator.workspace.active_objects
        if not obj.is_custom
    ]
    assert len(plurals) == 29
    for start in range(0, len(plurals), 20):
        chunk = plurals[start : start + 20]
        result = await data(
            twenty_server, "{ " + " ".join(f"{p} {{ totalCount }}" for p in chunk) + " }"
        )
        assert all(result[p]["totalCount"] == 0 for p in chunk)


async def test_demo_seed_builds_a_realistic_workspace(twenty_server: EmulatorServer) -> None:
    counts = seed_demo(twenty_server.emulator)
    assert counts["companies"] >= 24 and counts["people"] > counts["companies"]
    result = await data(
        twenty_server,
        """{ companies(first: 1, orderBy: [{name: AscNullsFirst}]) { totalCount edges { node {
              people { edges { node { id } } } opportunities { edges { node { stage } } } } } }
            notes { totalCount } tasks { totalCount } noteTargets { totalCount } }""",
    )
    assert result["companies"]["totalCount"] == counts["companies"]
    first = result["companies"]["edges"][0]["node"]
    assert first["people"]["edges"] and first["opportunities"]["edges"]
    assert result["notes"]["totalCount"] == counts["notes"]
    assert result["tasks"]["totalCount"] == counts["tasks"]
    assert result["noteTargets"]["totalCount"] >= counts["notes"]
