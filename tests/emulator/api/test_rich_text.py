"""Rich text bodies over /graphql: a note or task written with markdown only gets its BlockNote
document, one written with BlockNote only gets its markdown, as Twenty computes them."""

from __future__ import annotations

import orjson

from tests.emulator.http import data
from twenty_gql.testing.runner import EmulatorServer


async def test_a_note_written_with_markdown_gets_its_blocknote_document(
    twenty_server: EmulatorServer,
) -> None:
    created = await data(
        twenty_server,
        "mutation($d: NoteCreateInput!) { createNote(data: $d) { bodyV2 { markdown blocknote } } }",
        {"d": {"title": "Plan", "bodyV2": {"markdown": "## Plan\n\n- [ ] call **Ada**"}}},
    )
    body = created["createNote"]["bodyV2"]
    assert body["markdown"] == "## Plan\n\n- [ ] call **Ada**"
    blocks = orjson.loads(body["blocknote"])
    assert [b["type"] for b in blocks] == ["heading", "checkListItem"]
    assert blocks[0]["props"]["level"] == 2
    assert blocks[1]["props"]["checked"] is False
    assert blocks[1]["content"] == [
        {"type": "text", "text": "call ", "styles": {}},
        {"type": "text", "text": "Ada", "styles": {"bold": True}},
    ]


async def test_a_task_written_with_blocknote_gets_its_markdown(
    twenty_server: EmulatorServer,
) -> None:
    document = [
        {
            "id": "6f1c1d5e-9c1e-4a7e-8a53-6f5a3b7c2d10",
            "type": "paragraph",
            "props": {
                "textColor": "default",
                "backgroundColor": "default",
                "textAlignment": "left",
            },
            "content": [{"type": "text", "text": "Ship it", "styles": {"italic": True}}],
            "children": [],
        }
    ]
    blocknote = orjson.dumps(document).decode()
    created = await data(
        twenty_server,
        "mutation($d: TaskCreateInput!) { createTask(data: $d) { id bodyV2 { markdown blocknote } } }",
        {"d": {"title": "Release", "bodyV2": {"blocknote": blocknote}}},
    )
    body = created["createTask"]["bodyV2"]
    assert body == {"markdown": "*Ship it*\n", "blocknote": blocknote}
    updated = await data(
        twenty_server,
        'mutation($id: UUID!) { updateTask(id: $id, data: {bodyV2: {markdown: "# Done"}})'
        " { bodyV2 { markdown blocknote } } }",
        {"id": created["createTask"]["id"]},
    )
    after = updated["updateTask"]["bodyV2"]
    assert after["markdown"] == "# Done"
    assert orjson.loads(after["blocknote"])[0]["type"] == "heading"
