"""Custom objects through /metadata, with Twenty's default fields and relations.

``createOneObject`` gives a custom object Twenty's default fields (id, name, createdAt,
updatedAt, deletedAt, createdBy, position, searchVector), a ONE_TO_MANY to each of
timelineActivity, favorite, attachment, noteTarget and taskTarget, and on each of those a
MANY_TO_ONE named after the object, and the object gets the whole /graphql surface of a
standard one (``invoices``, ``createInvoice``, ``InvoiceFilterInput``...).
"""

from __future__ import annotations

import pytest

from tests.emulator.http import data, error_code, post
from tests.emulator.metadata_http import (
    create_field_ok,
    create_object,
    introspect_type,
    md,
    md_data,
    member_types,
    object_ids,
    validation_messages,
)
from twenty_gql.testing.runner import EmulatorServer

INVOICE = {
    "nameSingular": "invoice",
    "namePlural": "invoices",
    "labelSingular": "invoice",
    "labelPlural": "invoices",
    "description": "A bill",
    "icon": "IconReceipt",
}


async def _make_invoice(server: EmulatorServer) -> dict[str, object]:
    body = await create_object(server, **INVOICE)
    assert "errors" not in body, body["errors"]
    created: dict[str, object] = body["data"]["createOneObject"]
    return created


async def test_create_object_has_twentys_default_fields_and_link_fields(
    twenty_server: EmulatorServer,
) -> None:
    """Default fields, capitalised labels, name as label identifier, link fields both ways."""
    invoice = await _make_invoice(twenty_server)
    assert invoice["labelSingular"] == "Invoice" and invoice["labelPlural"] == "Invoices"
    fields = {f["name"]: f for f in invoice["fieldsList"]}  # type: ignore[attr-defined]
    assert {
        "id",
        "name",
        "createdAt",
        "updatedAt",
        "deletedAt",
        "createdBy",
        "position",
        "searchVector",
        "timelineActivities",
        "favorites",
        "attachments",
        "noteTargets",
        "taskTargets",
    } <= set(fields)
    assert fields["createdBy"]["type"] == "ACTOR" and fields["position"]["type"] == "POSITION"
    assert invoice["labelIdentifierFieldMetadataId"] == fields["name"]["id"]

    record_type = member_types(await introspect_type(twenty_server, "Invoice"))
    assert record_type["name"] == "String!" and record_type["createdBy"] == "Actor!"
    assert record_type["position"] == "Position!"
    assert record_type["noteTargets"] == "NoteTargetConnection"
    for target, link in (
        ("NoteTarget", "invoice"),
        ("TaskTarget", "invoice"),
        ("Attachment", "invoice"),
        ("Favorite", "invoice"),
        ("TimelineActivity", "invoice"),
    ):
        members = member_types(await introspect_type(twenty_server, target))
        assert members[link] == "Invoice", target
        assert members[f"{link}Id"] in ("ID", "UUID"), target

    roots = member_types(await introspect_type(twenty_server, "Query"))
    assert {"invoices", "invoice", "invoicesGroupBy"} <= set(roots)
    assert (
        "invoiceDuplicates" not in roots
    )  # only objects with duplicate criteria (petDuplicates neither)
    mutations = set(member_types(await introspect_type(twenty_server, "Mutation")))
    assert {
        "createInvoice",
        "createInvoices",
        "updateInvoice",
        "updateInvoices",
        "deleteInvoice",
        "deleteInvoices",
        "destroyInvoice",
        "destroyInvoices",
        "restoreInvoices",
    } <= mutations


async def test_custom_object_full_crud_over_graphql(twenty_server: EmulatorServer) -> None:
    """create, read, filter, update, soft delete, restore and destroy on a custom object,
    plus a custom field on it and a note target pointing at it."""
    invoice = await _make_invoice(twenty_server)
    await create_field_ok(
        twenty_server,
        type="CURRENCY",
        name="amount",
        label="Amount",
        objectMetadataId=invoice["id"],
    )
    one = await data(
        twenty_server,
        'mutation { createInvoice(data: {name: "INV-1",'
        ' amount: {amountMicros: 12000000, currencyCode: "EUR"}}) {'
        " id name position createdBy { source } amount { amountMicros currencyCode } } }",
    )
    created = one["createInvoice"]
    assert created["name"] == "INV-1" and created["createdBy"]["source"] == "API"
    assert created["amount"] == {"amountMicros": 12000000, "currencyCode": "EUR"}
    many = await data(
        twenty_server,
        'mutation { createInvoices(data: [{name: "INV-2"}, {name: "INV-3"}]) { id name } }',
    )
    assert [r["name"] for r in many["createInvoices"]] == ["INV-2", "INV-3"]

    listed = await data(
        twenty_server,
        '{ invoices(filter: {name: {like: "INV-%"}}, orderBy: [{name: DescNullsLast}]) {'
        " totalCount edges { node { name } } } }",
    )
    assert listed["invoices"]["totalCount"] == 3
    assert [e["node"]["name"] for e in listed["invoices"]["edges"]] == ["INV-3", "INV-2", "INV-1"]

    updated = await data(
        twenty_server,
        'mutation($id: UUID!) { updateInvoice(id: $id, data: {name: "INV-1b"}) { name } }',
        {"id": created["id"]},
    )
    assert updated["updateInvoice"]["name"] == "INV-1b"

    note = await data(twenty_server, 'mutation { createNote(data: {title: "About it"}) { id } }')
    await data(
        twenty_server,
        "mutation($n: ID!, $i: ID!) { createNoteTarget(data: {noteId: $n, invoiceId: $i}) { id } }",
        {"n": note["createNote"]["id"], "i": created["id"]},
    )
    targets = await data(
        twenty_server,
        "query($id: UUID!) { invoice(filter: {id: {eq: $id}}) {"
        " noteTargets { edges { node { note { title } } } } } }",
        {"id": created["id"]},
    )
    assert [e["node"]["note"]["title"] for e in targets["invoice"]["noteTargets"]["edges"]] == [
        "About it"
    ]

    await data(
        twenty_server,
        "mutation($id: UUID!) { deleteInvoice(id: $id) { id deletedAt } }",
        {"id": created["id"]},
    )
    remaining = await data(twenty_server, "{ invoices { totalCount } }")
    assert remaining["invoices"]["totalCount"] == 2
    await data(
        twenty_server,
        "mutation($id: UUID!) { restoreInvoices(filter: {id: {eq: $id}}) { id } }",
        {"id": created["id"]},
    )
    await data(
        twenty_server,
        "mutation($id: UUID!) { destroyInvoice(id: $id) { id } }",
        {"id": created["id"]},
    )
    missing = await post(
        twenty_server,
        "query($id: UUID!) { invoice(filter: {id: {eq: $id}}) { id } }",
        {"id": created["id"]},
    )
    assert missing.get("data", {}).get("invoice") is None


@pytest.mark.parametrize(
    ("singular", "plural", "message"),
    [
        ("company", "companiesX", "Object already exists"),
        ("widget", "companies", "Object already exists"),
        ("widget", "widget", "The singular and plural names cannot be the same for an object"),
        ("Widget", "widgets", "Name should be in camelCase"),
        (
            "event",
            "eventsList",
            'This name is reserved. Use a different name or the system will add "Custom" suffix.',
        ),
    ],
)
async def test_object_name_rules(
    twenty_server: EmulatorServer, singular: str, plural: str, message: str
) -> None:
    """validateFlatObjectMetadataNameAndLabels: Twenty's messages, nothing created."""
    body = await create_object(
        twenty_server,
        nameSingular=singular,
        namePlural=plural,
        labelSingular="Widget",
        labelPlural="Widgets",
    )
    assert body["errors"][0]["message"] == (
        "Multiple validation errors occurred while creating object"
    )
    assert message in validation_messages(body)
    assert await introspect_type(twenty_server, "Widget") is None


async def test_update_and_delete_custom_object(twenty_server: EmulatorServer) -> None:
    """updateOneObject changes labels and deactivates; deleteOneObject removes the object,
    its types and the link fields on the standard objects; standard objects stay."""
    invoice = await _make_invoice(twenty_server)
    updated = await md_data(
        twenty_server,
        "mutation($i: UpdateOneObjectInput!) { updateOneObject(input: $i) {"
        " labelSingular description color } }",
        {"i": {"id": invoice["id"], "update": {"labelSingular": "Bill", "color": "red"}}},
    )
    assert updated["updateOneObject"] == {
        "labelSingular": "Bill",
        "description": "A bill",
        "color": "red",
    }
    deleted = await md_data(
        twenty_server,
        "mutation($i: DeleteOneObjectInput!) { deleteOneObject(input: $i) { nameSingular } }",
        {"i": {"id": invoice["id"]}},
    )
    assert deleted["deleteOneObject"]["nameSingular"] == "invoice"
    assert await introspect_type(twenty_server, "Invoice") is None
    assert "invoice" not in member_types(await introspect_type(twenty_server, "NoteTarget"))
    assert "invoice" not in await object_ids(twenty_server)

    company_id = (await object_ids(twenty_server))["company"]
    refused = await md(
        twenty_server,
        "mutation($i: DeleteOneObjectInput!) { deleteOneObject(input: $i) { id } }",
        {"i": {"id": company_id}},
    )
    assert "Standard objects can't be deleted" in validation_messages(refused)


async def test_renaming_a_custom_object_keeps_its_records(twenty_server: EmulatorServer) -> None:
    """updateOneObject(nameSingular/namePlural): new root fields, same rows."""
    invoice = await _make_invoice(twenty_server)
    await data(twenty_server, 'mutation { createInvoice(data: {name: "kept"}) { id } }')
    await md_data(
        twenty_server,
        "mutation($i: UpdateOneObjectInput!) { updateOneObject(input: $i) { nameSingular } }",
        {"i": {"id": invoice["id"], "update": {"nameSingular": "bill", "namePlural": "bills"}}},
    )
    bills = await data(twenty_server, "{ bills { edges { node { name } } } }")
    assert [e["node"]["name"] for e in bills["bills"]["edges"]] == ["kept"]
    assert "bill" in member_types(await introspect_type(twenty_server, "NoteTarget"))
    assert error_code(await post(twenty_server, "{ invoices { totalCount } }")) == (
        "GRAPHQL_VALIDATION_FAILED"
    )


async def test_a_failed_batch_of_object_updates_writes_nothing(
    twenty_server: EmulatorServer,
) -> None:
    """updateManyObjects is all or nothing: an unknown id in the batch leaves the first
    (valid) update unapplied."""
    ids = await object_ids(twenty_server)
    body = await md(
        twenty_server,
        "mutation($i: [UpdateOneObjectInput!]!) { updateManyObjects(inputs: $i) { id } }",
        {
            "i": [
                {"id": ids["company"], "update": {"labelSingular": "Account"}},
                {"id": "00000000-0000-4000-8000-000000000000", "update": {"labelSingular": "X"}},
            ]
        },
    )
    assert error_code(body) == "NOT_FOUND"
    company = await md_data(
        twenty_server,
        "query($id: UUID!) { object(id: $id) { labelSingular } }",
        {"id": ids["company"]},
    )
    assert company["object"]["labelSingular"] == "Company"
