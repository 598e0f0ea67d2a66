"""Notes and tasks linked to records in one call, listed per record; a record's timeline.

Over loopback HTTP against the emulator. The emulator does not write timeline activities
itself (Twenty does, from its event pipeline), so the timeline test seeds them through
``/graphql``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from twenty_gql import InvalidInputError, TwentyClient, TwentyError
from twenty_gql import activities as activities_module
from twenty_gql.activities import ActivityResource
from twenty_gql.resources import Resource
from twenty_gql.testing.runner import EmulatorServer

from .conftest import raw_post

BASE = datetime(2026, 1, 1, tzinfo=UTC)


async def _company_and_person(tw: TwentyClient) -> tuple[Any, Any]:
    company = await tw.companies.create({"name": "Acme"})
    person = await tw.people.create({"name": {"firstName": "Ada", "lastName": "Lovelace"}})
    return company, person


async def test_notes_and_tasks_are_activity_resources(tw: TwentyClient) -> None:
    assert isinstance(tw.notes, ActivityResource)
    assert isinstance(tw.tasks, ActivityResource)
    assert type(tw.companies) is Resource
    assert type(tw.note_targets) is Resource


async def test_note_with_markdown_and_two_targets_in_one_call(tw: TwentyClient) -> None:
    company, person = await _company_and_person(tw)
    note = await tw.notes.create(
        title="Kickoff", body="# Agenda\n\n- pricing\n- **dates**", targets=[company, person]
    )
    assert note.title == "Kickoff"
    assert note.body_v_2 is not None
    assert note.body_v_2.markdown == "# Agenda\n\n- pricing\n- **dates**"
    links = await tw.note_targets.find({"noteId": {"eq": str(note.id)}})
    assert {(link.company_id, link.person_id) for link in links} == {
        (company.id, None),
        (None, person.id),
    }
    assert [n.id async for n in tw.notes.of(company)] == [note.id]
    assert [n.id async for n in tw.notes.of(person)] == [note.id]
    assert [n.id async for n in tw.notes.of(("person", person.id))] == [note.id]
    fetched = await tw.notes.get(note.id)
    assert fetched.body_v_2 is not None and fetched.body_v_2.markdown == note.body_v_2.markdown


async def test_targets_as_pairs_are_deduplicated(tw: TwentyClient) -> None:
    company, _ = await _company_and_person(tw)
    note = await tw.notes.create(
        title="Twice", targets=[company, ("company", str(company.id)), ("companies", company.id)]
    )
    assert await tw.note_targets.count({"noteId": {"eq": str(note.id)}}) == 1


async def test_task_with_status_due_date_and_assignee(tw: TwentyClient) -> None:
    company, _ = await _company_and_person(tw)
    member = await tw.workspace_members.create(
        {"userId": str(uuid.uuid4()), "name": {"firstName": "Grace", "lastName": "Hopper"}}
    )
    due = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    task = await tw.tasks.create(
        title="Send quote",
        body="Call **first**",
        status="IN_PROGRESS",
        due_at=due,
        assignee=member,
        targets=[company],
    )
    assert task.status is not None and task.status.value == "IN_PROGRESS"
    assert task.due_at == due
    assert task.assignee_id == member.id
    assert task.body_v_2 is not None and task.body_v_2.markdown == "Call **first**"
    assert [t.id async for t in tw.tasks.of(company)] == [task.id]
    links = await tw.task_targets.find({"taskId": {"eq": str(task.id)}})
    assert [link.company_id for link in links] == [company.id]


async def test_assignee_must_be_a_workspace_member(tw: TwentyClient) -> None:
    company, _ = await _company_and_person(tw)
    with pytest.raises(InvalidInputError, match=r"expected a workspaceMember .* got a company"):
        await tw.tasks.create(title="x", assignee=company)
    with pytest.raises(InvalidInputError, match="assignee: expected a record UUID"):
        await tw.tasks.create(title="x", assignee="me")
    assert await tw.tasks.count() == 0


async def test_create_without_targets_and_with_data(tw: TwentyClient) -> None:
    note = await tw.notes.create({"title": "Plain", "position": 3})
    assert note.title == "Plain" and note.position == 3
    assert await tw.note_targets.count({"noteId": {"eq": str(note.id)}}) == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"status": "TODO"}, "a note has no status; status, due_at, assignee are for tasks"),
        ({"due_at": BASE}, "a note has no dueAt"),
        ({"assignee": uuid.uuid4()}, "a note has no assigneeId"),
        ({"body": 3}, "body must be markdown text (str), got int"),
        ({"data": {"title": "a"}, "title": "b"}, "title given both in data and as keyword"),
        ({"data": {"tilte": "a"}}, "tilte: unknown field"),
        ({"targets": [("rocket", uuid.uuid4())]}, "no object 'rocket'"),
        ({"targets": [("company", "nope")]}, "note target id: expected a record UUID"),
        ({"targets": ("company", uuid.uuid4())}, "targets must be a list of records"),
        ({"targets": [object()]}, "expected a record or an (object_name, id) pair"),
        ({"targets": [("workspaceMember", uuid.uuid4())]}, "a workspaceMember record cannot"),
    ],
)
async def test_bad_input_is_refused_before_anything_is_written(
    tw: TwentyClient, options: dict[str, Any], message: str
) -> None:
    data = options.pop("data", None)
    with pytest.raises(InvalidInputError, match=_literal(message)):
        await tw.notes.create(data, **options)
    assert await tw.notes.count() == 0


def _literal(text: str) -> str:
    import re

    return re.escape(text)


async def test_a_record_that_cannot_be_a_target_names_what_can(tw: TwentyClient) -> None:
    member = await tw.workspace_members.create({"userId": str(uuid.uuid4())})
    with pytest.raises(InvalidInputError) as caught:
        await tw.tasks.create(title="x", targets=[member])
    assert "company, note, opportunity, person" not in str(caught.value)
    assert "links: company, opportunity, person, task" in str(caught.value)
    with pytest.raises(InvalidInputError, match="cannot be linked"):
        tw.notes.of(member)


async def test_a_failing_target_leaves_nothing_behind(tw: TwentyClient) -> None:
    company, person = await _company_and_person(tw)
    await tw.people.destroy(person.id)  # the link to it is refused by the server
    with pytest.raises(TwentyError, match="does not exist"):
        await tw.notes.create(title="Orphan", body="x", targets=[company, person])
    assert await tw.notes.count() == 0
    assert await tw.note_targets.count() == 0
    with pytest.raises(TwentyError):
        await tw.tasks.create(title="Orphan", status="TODO", targets=[company, person])
    assert await tw.tasks.count() == 0
    assert await tw.task_targets.count() == 0


async def test_upsert_keeps_a_record_that_existed_when_targets_fail(tw: TwentyClient) -> None:
    company, person = await _company_and_person(tw)
    note = await tw.notes.create(title="Existing", targets=[company])
    await tw.people.destroy(person.id)
    with pytest.raises(TwentyError):
        await tw.notes.create({"id": note.id}, title="Renamed", targets=[person], upsert=True)
    assert (await tw.notes.get(note.id)).id == note.id
    assert await tw.note_targets.count({"noteId": {"eq": str(note.id)}}) == 1


async def test_listing_is_newest_first_across_pages_and_chunks(
    tw: TwentyClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    company, person = await _company_and_person(tw)
    created = []
    for minutes in (5, 1, 7, 3, 2, 6, 4):  # created out of date order on purpose
        note = await tw.notes.create(
            {"createdAt": BASE + timedelta(minutes=minutes)},
            title=f"n{minutes}",
            targets=[company],
        )
        created.append((minutes, note.id))
    await tw.notes.create(title="elsewhere", targets=[person])
    newest_first = [note_id for _, note_id in sorted(created, reverse=True)]
    assert [n.id async for n in tw.notes.of(company, page_size=2)] == newest_first
    monkeypatch.setattr(activities_module, "ID_CHUNK", 3)  # several id chunks, merged
    assert [n.id async for n in tw.notes.of(company, page_size=2)] == newest_first
    assert [n.id async for n in tw.notes.of(company, page_size=2, limit=3)] == newest_first[:3]
    assert [n.id async for n in tw.notes.of(company, limit=0)] == []


async def test_deleted_notes_are_not_listed(tw: TwentyClient) -> None:
    company, _ = await _company_and_person(tw)
    kept = await tw.notes.create(title="kept", targets=[company])
    gone = await tw.notes.create(title="gone", targets=[company])
    await tw.notes.delete(gone.id)
    assert [n.id async for n in tw.notes.of(company)] == [kept.id]


async def test_timeline_is_newest_first_and_paged(
    tw: TwentyClient, twenty_server: EmulatorServer
) -> None:
    company, person = await _company_and_person(tw)
    rows = [
        {
            "id": str(uuid.uuid4()),
            "name": name,
            "happensAt": (BASE + timedelta(hours=hours)).isoformat(),
            "companyId": str(company.id),
            "linkedRecordCachedName": "Acme",
            "properties": {"diff": {"step": hours}},
        }
        for hours, name in [
            (2, "company.updated"),
            (0, "company.created"),
            (5, "linked-note.created"),
        ]
    ]
    rows.append({**rows[0], "id": str(uuid.uuid4()), "companyId": None, "personId": str(person.id)})
    query = "mutation($data: [TimelineActivityCreateInput!]!) { createTimelineActivities(data: $data) { id } }"
    await raw_post(twenty_server, query, {"data": rows})
    events = [event async for event in tw.timeline(company, page_size=2)]
    assert [e.name for e in events] == ["linked-note.created", "company.updated", "company.created"]
    assert events[1].properties == {"diff": {"step": 2}}
    assert [e.id async for e in tw.timeline(("person", person.id))] == [uuid.UUID(rows[3]["id"])]
    assert len([e async for e in tw.timeline(company, limit=1)]) == 1


async def test_a_markdown_body_gets_twentys_blocknote_document_and_round_trips(
    tw: TwentyClient,
) -> None:
    """Written with markdown only, the note comes back with the computed BlockNote JSON (a
    string, as Twenty stores it); written back with that BlockNote only, the markdown is
    computed again."""
    import json

    markdown = "## Agenda\n\n- pricing\n- **next steps**\n\n1. one\n2. two\n\n```python\nx = 1\n```"
    acme = await tw.companies.create({"name": "Acme"})
    note = await tw.notes.create(title="Kickoff", body=markdown, targets=[acme])
    assert note.body_v_2 is not None and note.body_v_2.blocknote is not None
    blocks = json.loads(note.body_v_2.blocknote)
    kinds = [block["type"] for block in blocks]
    assert kinds[:3] == ["heading", "bulletListItem", "bulletListItem"]
    assert blocks[0]["props"]["level"] == 2 and "codeBlock" in kinds
    assert {"type": "text", "text": "next steps", "styles": {"bold": True}} in blocks[2]["content"]

    copy = await tw.notes.create({"bodyV2": {"blocknote": note.body_v_2.blocknote}}, title="Copy")
    assert copy.body_v_2 is not None and copy.body_v_2.markdown is not None
    again = await tw.notes.create(title="Again", body=copy.body_v_2.markdown)
    assert again.body_v_2 is not None
    again_blocks = json.loads(again.body_v_2.blocknote or "[]")
    assert len(again_blocks) == len(blocks)
    assert again_blocks == [
        {**block, "id": again_block["id"]}
        for block, again_block in zip(blocks, again_blocks, strict=True)
    ]
