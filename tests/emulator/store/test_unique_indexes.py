"""Multi-field unique indexes, over HTTP: Twenty's ``messageChannelMessageAssociation`` has a
unique index on (messageChannelId, messageId) with ``WHERE "deletedAt" IS NULL``; it refuses a
second live record for the same pair, matches upserts on the pair and connects by it."""

from __future__ import annotations

from typing import Any

from tests.emulator.http import data, error_code, post
from tests.emulator.metadata_http import create_field_ok, object_ids
from twenty_gql.testing.model.codec import workspace_from_dict, workspace_to_dict
from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.runner import EmulatorServer

CREATE = (
    "mutation($d: MessageChannelMessageAssociationCreateInput!) { "
    "createMessageChannelMessageAssociation(data: $d) { id messageChannelId messageId } }"
)


async def _pair(server: EmulatorServer) -> tuple[str, str]:
    """A fresh message channel and message (the two sides of the index)."""
    result = await data(
        server,
        'mutation { createMessageChannel(data: {handle: "me@acme.com"}) { id } '
        'createMessage(data: {subject: "Hello"}) { id } }',
    )
    return result["createMessageChannel"]["id"], result["createMessage"]["id"]


async def _associate(server: EmulatorServer, channel: str, message: str) -> dict[str, Any]:
    return await post(server, CREATE, {"d": {"messageChannelId": channel, "messageId": message}})


def test_unique_indexes_round_trip_through_the_codec() -> None:
    """The standard workspace carries Twenty's joint index, and persisted metadata keeps it."""
    obj = standard_workspace().object("messageChannelMessageAssociation")
    assert obj.unique_indexes == [["messageChannel", "message"]]
    again = workspace_from_dict(workspace_to_dict(standard_workspace()))
    assert again.object("messageChannelMessageAssociation").unique_indexes == obj.unique_indexes


async def test_duplicate_pair_is_refused_as_a_duplicate_entry(
    twenty_server: EmulatorServer,
) -> None:
    """Twenty's unique index turns a second live (channel, message) row into BAD_USER_INPUT
    "A duplicate entry was detected"; another message on the same channel is fine."""
    channel, message = await _pair(twenty_server)
    first = await _associate(twenty_server, channel, message)
    assert "errors" not in first, first
    again = await _associate(twenty_server, channel, message)
    assert error_code(again) == "BAD_USER_INPUT"
    assert again["errors"][0]["message"] == "A duplicate entry was detected"
    _, other_message = await _pair(twenty_server)
    other = await _associate(twenty_server, channel, other_message)
    assert "errors" not in other, other


async def test_update_into_an_existing_pair_is_refused(twenty_server: EmulatorServer) -> None:
    """The index holds on update too: moving a row onto a live pair is a duplicate entry."""
    channel, message = await _pair(twenty_server)
    _, other_message = await _pair(twenty_server)
    await _associate(twenty_server, channel, message)
    second = await _associate(twenty_server, channel, other_message)
    moved = await post(
        twenty_server,
        "mutation($id: UUID!, $m: ID!) { updateMessageChannelMessageAssociation("
        "id: $id, data: {messageId: $m}) { id } }",
        {"id": second["data"]["createMessageChannelMessageAssociation"]["id"], "m": message},
    )
    assert error_code(moved) == "BAD_USER_INPUT"


async def test_same_pair_is_allowed_again_after_soft_delete(twenty_server: EmulatorServer) -> None:
    """The index is partial (``WHERE "deletedAt" IS NULL``): a soft-deleted row frees its pair,
    and restoring it while a live row holds the pair is refused."""
    channel, message = await _pair(twenty_server)
    first = await _associate(twenty_server, channel, message)
    first_id = first["data"]["createMessageChannelMessageAssociation"]["id"]
    await data(
        twenty_server,
        "mutation($id: UUID!) { deleteMessageChannelMessageAssociation(id: $id) { id } }",
        {"id": first_id},
    )
    second = await _associate(twenty_server, channel, message)
    assert "errors" not in second, second
    restored = await post(
        twenty_server,
        "mutation($id: UUID!) { restoreMessageChannelMessageAssociation(id: $id) { id } }",
        {"id": first_id},
    )
    assert error_code(restored) == "BAD_USER_INPUT"


async def test_upsert_matches_on_the_pair(twenty_server: EmulatorServer) -> None:
    """Twenty's ``getConflictingFields`` lists every unique index, so an upsert carrying a
    live pair updates that record instead of creating a duplicate."""
    channel, message = await _pair(twenty_server)
    first = await _associate(twenty_server, channel, message)
    first_id = first["data"]["createMessageChannelMessageAssociation"]["id"]
    upserted = await data(
        twenty_server,
        "mutation($d: [MessageChannelMessageAssociationCreateInput!]!) { "
        "createMessageChannelMessageAssociations(data: $d, upsert: true) { id direction } }",
        {"d": [{"messageChannelId": channel, "messageId": message, "direction": "OUTGOING"}]},
    )
    assert upserted["createMessageChannelMessageAssociations"] == [
        {"id": first_id, "direction": "OUTGOING"}
    ]


async def test_connect_by_the_pair_finds_the_record(twenty_server: EmulatorServer) -> None:
    """``XWhereUniqueInput`` offers the index's relations (``messageChannel: ID``,
    ``message: ID``) as connect keys, and Twenty finds the record by the join columns.
    No standard object points at an association, so a custom relation (task -> association,
    made through /metadata as in Twenty) does the connecting."""
    ids = await object_ids(twenty_server)
    await create_field_ok(
        twenty_server,
        type="RELATION",
        name="association",
        label="Association",
        objectMetadataId=ids["task"],
        relationCreationPayload={
            "type": "MANY_TO_ONE",
            "targetObjectMetadataId": ids["messageChannelMessageAssociation"],
            "targetFieldLabel": "Tasks",
            "targetFieldIcon": "IconCheckbox",
        },
    )
    channel, message = await _pair(twenty_server)
    _, other_message = await _pair(twenty_server)
    await _associate(twenty_server, channel, other_message)  # same channel, other message
    created = await _associate(twenty_server, channel, message)
    association_id = created["data"]["createMessageChannelMessageAssociation"]["id"]
    task = await data(
        twenty_server,
        'mutation($c: ID!, $m: ID!) { createTask(data: {title: "Reply", association: '
        "{connect: {where: {messageChannel: $c, message: $m}}}}) { associationId } }",
        {"c": channel, "m": message},
    )
    assert task["createTask"]["associationId"] == association_id
    _, unknown = await _pair(twenty_server)
    missing = await post(
        twenty_server,
        'mutation($c: ID!, $m: ID!) { createTask(data: {title: "None", association: '
        "{connect: {where: {messageChannel: $c, message: $m}}}}) { id } }",
        {"c": channel, "m": unknown},
    )
    assert error_code(missing) == "BAD_USER_INPUT"
