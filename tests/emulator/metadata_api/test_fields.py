"""Custom fields through /metadata reshape the live /graphql schema, like Twenty.

Twenty recomputes the workspace schema from its metadata after every field migration; the
emulator rebuilds on ``metadata_changed``, so the very next introspection shows a new field in
the object type and in its Filter/OrderBy/Create/Update inputs, with Twenty's names
(``${Object}${Field}Enum``, ``${Enum}Filter``), records can be written and filtered on it, and
records written before survive.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.http import data, error_code, post
from tests.emulator.metadata_http import (
    create_field,
    create_field_ok,
    delete_field,
    introspect_type,
    md,
    md_data,
    member_types,
    object_ids,
    update_field,
    validation_messages,
)
from twenty_gql.testing.runner import EmulatorServer

TIERS = [
    {"value": "GOLD", "label": "Gold", "color": "yellow", "position": 0},
    {"value": "SILVER", "label": "Silver", "color": "gray", "position": 1},
    {"value": "BRONZE", "label": "Bronze", "color": "orange", "position": 2},
]


async def test_select_field_lifecycle_enum_filter_write_delete(
    twenty_server: EmulatorServer,
) -> None:
    """createOneField(SELECT tier) -> CompanyTierEnum + CompanyTierEnumFilter in introspection
    -> write and filter -> deactivate and deleteOneField -> gone; other data survives."""
    before = await data(twenty_server, 'mutation { createCompany(data: {name: "Old"}) { id } }')
    company_id = (await object_ids(twenty_server))["company"]

    field = await create_field_ok(
        twenty_server,
        type="SELECT",
        name="tier",
        label="Tier",
        description="Customer tier",
        objectMetadataId=company_id,
        options=TIERS,
        defaultValue="'BRONZE'",
    )
    assert field["type"] == "SELECT" and field["defaultValue"] == "'BRONZE'"
    assert [
        {k: o[k] for k in ("value", "label", "color", "position")} for o in field["options"]
    ] == TIERS
    assert all(o["id"] for o in field["options"])

    enum = await introspect_type(twenty_server, "CompanyTierEnum")
    assert enum is not None and [v["name"] for v in enum["enumValues"]] == [
        "GOLD",
        "SILVER",
        "BRONZE",
    ]
    assert [v["description"] for v in enum["enumValues"]] == ["Gold", "Silver", "Bronze"]
    assert member_types(await introspect_type(twenty_server, "Company"))["tier"] == (
        "CompanyTierEnum"
    )
    assert member_types(await introspect_type(twenty_server, "CompanyFilterInput"))["tier"] == (
        "CompanyTierEnumFilter"
    )
    enum_filter = member_types(await introspect_type(twenty_server, "CompanyTierEnumFilter"))
    assert enum_filter["eq"] == "CompanyTierEnum" and "in" in enum_filter
    for input_type in ("CompanyCreateInput", "CompanyUpdateInput", "CompanyOrderByInput"):
        assert "tier" in member_types(await introspect_type(twenty_server, input_type))

    created = await data(
        twenty_server,
        'mutation { a: createCompany(data: {name: "A", tier: GOLD}) { id tier } }',
    )
    assert created["a"]["tier"] == "GOLD"
    await data(twenty_server, 'mutation { createCompany(data: {name: "B"}) { id } }')
    gold = await data(
        twenty_server, "{ companies(filter: {tier: {eq: GOLD}}) { edges { node { name } } } }"
    )
    assert [e["node"]["name"] for e in gold["companies"]["edges"]] == ["A"]
    defaulted = await data(
        twenty_server,
        "{ companies(filter: {tier: {in: [BRONZE]}}) { edges { node { name tier } } } }",
    )
    # records created after the field take its default
    assert "B" in {e["node"]["name"] for e in defaulted["companies"]["edges"]}

    round_trip = await md_data(
        twenty_server, "query($id: UUID!) { field(id: $id) { options } }", {"id": field["id"]}
    )
    assert round_trip["field"]["options"] == field["options"]

    refused = await delete_field(twenty_server, field["id"])
    assert "Active fields can't be deleted" in validation_messages(refused)
    deactivated = await update_field(twenty_server, field["id"], isActive=False)
    assert deactivated["data"]["updateOneField"]["isActive"] is False
    # Twenty leaves inactive fields out of the workspace schema
    assert "tier" not in member_types(await introspect_type(twenty_server, "Company"))
    deleted = await delete_field(twenty_server, field["id"])
    assert deleted["data"]["deleteOneField"]["name"] == "tier"

    assert await introspect_type(twenty_server, "CompanyTierEnum") is None
    assert "tier" not in member_types(await introspect_type(twenty_server, "Company"))
    assert "tier" not in member_types(await introspect_type(twenty_server, "CompanyFilterInput"))
    gone = await post(twenty_server, "{ companies { edges { node { tier } } } }")
    assert error_code(gone) == "GRAPHQL_VALIDATION_FAILED"
    survivor = await data(
        twenty_server,
        "query($id: UUID!) { company(filter: {id: {eq: $id}}) { name } }",
        {"id": before["createCompany"]["id"]},
    )
    assert survivor["company"]["name"] == "Old"


#: one createOneField payload per FieldMetadataType the emulator supports, a value to write
#: through /graphql, the GraphQL type the field gets in Twenty's schema, and a filter on it
FIELD_TYPES: list[tuple[str, dict[str, Any], Any, str, dict[str, Any]]] = [
    ("TEXT", {}, "hello", "String", {"eq": "hello"}),
    ("NUMBER", {}, 4.5, "Float", {"gte": 4}),
    ("NUMBER", {"settings": {"dataType": "int"}}, 7, "Int", {"eq": 7}),
    ("NUMERIC", {}, 12.5, "BigFloat", {"gt": 10}),
    ("BOOLEAN", {}, True, "Boolean", {"eq": True}),
    ("DATE_TIME", {}, "2024-05-06T07:08:09.000Z", "DateTime", {"gte": "2024-01-01T00:00:00Z"}),
    ("DATE", {}, "2024-05-06", "Date", {"eq": "2024-05-06"}),
    ("SELECT", {"options": TIERS}, "SILVER", "CompanyProbeEnum", {"in": ["SILVER"]}),
    (
        "MULTI_SELECT",
        {"options": TIERS},
        ["GOLD", "BRONZE"],
        "[CompanyProbeEnum]",
        {"containsAny": ["GOLD"]},
    ),
    ("RATING", {}, "RATING_3", "CompanyProbeEnum", {"eq": "RATING_3"}),
    (
        "CURRENCY",
        {},
        {"amountMicros": 1500000, "currencyCode": "EUR"},
        "Currency",
        {"amountMicros": {"gt": 1000000}},
    ),
    (
        "LINKS",
        {},
        {"primaryLinkUrl": "https://x.example", "primaryLinkLabel": "X"},
        "Links",
        {"primaryLinkUrl": {"like": "%x.example%"}},
    ),
    (
        "EMAILS",
        {},
        {"primaryEmail": "a@x.example", "additionalEmails": ["b@x.example"]},
        "Emails",
        {"primaryEmail": {"eq": "a@x.example"}},
    ),
    (
        "PHONES",
        {},
        {"primaryPhoneNumber": "612345678", "primaryPhoneCountryCode": "FR"},
        "Phones",
        {"primaryPhoneNumber": {"eq": "612345678"}},
    ),
    (
        "FULL_NAME",
        {},
        {"firstName": "Ada", "lastName": "Lovelace"},
        "FullName",
        {"firstName": {"eq": "Ada"}},
    ),
    (
        "ADDRESS",
        {},
        {"addressCity": "Paris", "addressCountry": "France"},
        "Address",
        {"addressCity": {"eq": "Paris"}},
    ),
    ("RICH_TEXT", {}, {"markdown": "# hi"}, "RichTextV2", {"markdown": {"like": "%hi%"}}),
    ("RAW_JSON", {}, {"nested": [1, 2, {"k": "v"}]}, "JSON", {"is": "NOT_NULL"}),
    ("ARRAY", {}, ["one", "two"], "[String]", {"containsIlike": "%tw%"}),
    (
        "UUID",
        {},
        "7b1d0f5e-52a4-4d52-9c59-32b8c8c1a0d3",
        "UUID",
        {"eq": "7b1d0f5e-52a4-4d52-9c59-32b8c8c1a0d3"},
    ),
]

_SELECTIONS = {
    "CURRENCY": "{ amountMicros currencyCode }",
    "LINKS": "{ primaryLinkUrl primaryLinkLabel }",
    "EMAILS": "{ primaryEmail additionalEmails }",
    "PHONES": "{ primaryPhoneNumber primaryPhoneCountryCode }",
    "FULL_NAME": "{ firstName lastName }",
    "ADDRESS": "{ addressCity addressCountry }",
    "RICH_TEXT": "{ markdown }",
}


@pytest.mark.parametrize(
    ("field_type", "extra", "value", "graphql_type", "condition"),
    FIELD_TYPES,
    ids=[f"{t[0]}-{t[3]}" for t in FIELD_TYPES],
)
async def test_each_field_type_appears_in_schema_round_trips_and_filters(
    twenty_server: EmulatorServer,
    field_type: str,
    extra: dict[str, Any],
    value: Any,
    graphql_type: str,
    condition: dict[str, Any],
) -> None:
    """Twenty's type mapper: each FieldMetadataType becomes its GraphQL type on the record
    and in the Create/Update/Filter inputs; a value written through /graphql reads back and
    a filter on the new field finds it (and not a record without it)."""
    company_id = (await object_ids(twenty_server))["company"]
    await create_field_ok(
        twenty_server,
        type=field_type,
        name="probe",
        label="Probe",
        objectMetadataId=company_id,
        **extra,
    )
    company_type = member_types(await introspect_type(twenty_server, "Company"))
    assert company_type["probe"] == graphql_type  # as in real-workspace-schema.graphql
    for input_type in ("CompanyCreateInput", "CompanyUpdateInput", "CompanyFilterInput"):
        assert "probe" in member_types(await introspect_type(twenty_server, input_type))

    selection = _SELECTIONS.get(field_type, "")
    await data(twenty_server, 'mutation { createCompany(data: {name: "Plain"}) { id } }')
    written = await data(
        twenty_server,
        "mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id probe "
        + selection
        + " } }",
        {"d": {"name": "Typed", "probe": value}},
    )
    got = written["createCompany"]["probe"]
    if isinstance(value, dict) and field_type != "RAW_JSON":
        for key, expected in value.items():
            assert got[key] == expected, (key, got)
    else:
        assert got == value
    read = await data(
        twenty_server,
        "query($id: UUID!) { company(filter: {id: {eq: $id}}) { probe " + selection + " } }",
        {"id": written["createCompany"]["id"]},
    )
    assert read["company"]["probe"] == got
    found = await data(
        twenty_server,
        "query($f: CompanyFilterInput) { companies(filter: $f) { edges { node { name } } } }",
        {"f": {"probe": condition}},
    )
    assert [e["node"]["name"] for e in found["companies"]["edges"]] == ["Typed"]


async def test_relation_field_creates_both_sides_and_join_column(
    twenty_server: EmulatorServer,
) -> None:
    """RELATION + relationCreationPayload: Twenty adds the field and its inverse on the
    target; the MANY_TO_ONE side gets the join column ``<name>Id``."""
    ids = await object_ids(twenty_server)
    field = await create_field_ok(
        twenty_server,
        type="RELATION",
        name="partner",
        label="Partner",
        objectMetadataId=ids["opportunity"],
        relationCreationPayload={
            "type": "MANY_TO_ONE",
            "targetObjectMetadataId": ids["company"],
            "targetFieldLabel": "Partner opportunities",
            "targetFieldIcon": "IconBuildingSkyscraper",
        },
    )
    assert field["settings"]["relationType"] == "MANY_TO_ONE"
    assert field["settings"]["joinColumnName"] == "partnerId"
    relation = await md_data(
        twenty_server,
        "query($id: UUID!) { field(id: $id) { relation { type targetObjectMetadata { nameSingular }"
        " targetFieldMetadata { name type } } } }",
        {"id": field["id"]},
    )
    assert relation["field"]["relation"] == {
        "type": "MANY_TO_ONE",
        "targetObjectMetadata": {"nameSingular": "company"},
        "targetFieldMetadata": {"name": "partnerOpportunities", "type": "RELATION"},
    }
    opportunity = member_types(await introspect_type(twenty_server, "Opportunity"))
    assert opportunity["partner"] == "Company" and opportunity["partnerId"] in ("UUID", "ID")
    company = member_types(await introspect_type(twenty_server, "Company"))
    assert company["partnerOpportunities"] == "OpportunityConnection"

    acme = await data(twenty_server, 'mutation { createCompany(data: {name: "Acme"}) { id } }')
    await data(
        twenty_server,
        'mutation($c: ID!) { createOpportunity(data: {name: "Deal", partnerId: $c}) { id } }',
        {"c": acme["createCompany"]["id"]},
    )
    linked = await data(
        twenty_server,
        "query($id: UUID!) { company(filter: {id: {eq: $id}}) {"
        " partnerOpportunities { edges { node { name partner { name } } } } } }",
        {"id": acme["createCompany"]["id"]},
    )
    edges = linked["company"]["partnerOpportunities"]["edges"]
    assert [e["node"] for e in edges] == [{"name": "Deal", "partner": {"name": "Acme"}}]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Tier", "Name should be in camelCase"),
        ("my_tier", "Name should be in camelCase"),
        ("tier2Ab", None),
        (
            "type",
            'This name is reserved. Use a different name or the system will add "Custom" suffix.',
        ),
        ("name", 'Name "name" is not available as it is already used by another field'),
        (
            "accountOwnerId",
            'Name "accountOwnerId" is not available as it is already used by another field',
        ),
        (
            "domainNamePrimaryLinkUrl",
            'Name "domainNamePrimaryLinkUrl" is reserved composite field name',
        ),
        ("a" * 64, "Name is too long"),
    ],
)
async def test_twenty_name_rules_are_enforced_with_twentys_errors(
    twenty_server: EmulatorServer, name: str, message: str | None
) -> None:
    """METADATA_NAME_VALIDATORS and name availability: METADATA_VALIDATION_FAILED with
    Twenty's messages; a valid camelCase name passes."""
    company_id = (await object_ids(twenty_server))["company"]
    body = await create_field(
        twenty_server, type="TEXT", name=name, label="Some label", objectMetadataId=company_id
    )
    if message is None:
        assert "errors" not in body, body
        return
    assert (
        body["errors"][0]["message"] == "Multiple validation errors occurred while creating fields"
    )
    assert message in validation_messages(body)
    summary = body["errors"][0]["extensions"]["summary"]
    assert summary == {"totalErrors": 1, "fieldMetadata": 1}


async def test_bad_options_and_defaults_are_refused_and_nothing_is_written(
    twenty_server: EmulatorServer,
) -> None:
    """Option values must be UPPER_SNAKE_CASE and unique; a SELECT default must be a quoted
    option value. A refused field changes neither metadata nor schema."""
    company_id = (await object_ids(twenty_server))["company"]
    body = await create_field(
        twenty_server,
        type="SELECT",
        name="stage2",
        label="Stage",
        objectMetadataId=company_id,
        options=[
            {"value": "early", "label": "Early", "position": 0},
            {"value": "LATE", "label": "Late", "position": 0},
        ],
        defaultValue="LATE",
    )
    messages = validation_messages(body)
    assert 'Value must be in UPPER_CASE and follow snake_case "early"' in messages
    assert "Duplicated option position" in messages
    assert "stage2" not in member_types(await introspect_type(twenty_server, "Company"))
    fields = await md_data(
        twenty_server,
        "query($id: UUID!) { object(id: $id) { fieldsList { name } } }",
        {"id": company_id},
    )
    assert "stage2" not in {f["name"] for f in fields["object"]["fieldsList"]}
    quoted = await create_field(
        twenty_server,
        type="SELECT",
        name="stage3",
        label="Stage",
        objectMetadataId=company_id,
        options=TIERS,
        defaultValue="GOLD",
    )
    assert "Default value should be as quoted string" in validation_messages(quoted)


async def test_standard_fields_cannot_be_deleted(twenty_server: EmulatorServer) -> None:
    """validateFlatFieldMetadataDeletion: standard and label-identifier fields stay."""
    fields = await md_data(
        twenty_server,
        "query($id: UUID!) { object(id: $id) { fieldsList { id name } } }",
        {"id": (await object_ids(twenty_server))["company"]},
    )
    by_name = {f["name"]: f["id"] for f in fields["object"]["fieldsList"]}
    messages = validation_messages(await delete_field(twenty_server, by_name["employees"]))
    assert "Standard Fields can't be deleted" in messages
    label_identifier = validation_messages(await delete_field(twenty_server, by_name["name"]))
    assert "Cannot delete, please update the label identifier field first" in label_identifier


async def test_update_field_renames_and_changes_options_keeping_data(
    twenty_server: EmulatorServer,
) -> None:
    """updateOneField(name, label, options): the schema follows, stored values stay."""
    company_id = (await object_ids(twenty_server))["company"]
    field = await create_field_ok(
        twenty_server, type="TEXT", name="motto", label="Motto", objectMetadataId=company_id
    )
    made = await data(
        twenty_server, 'mutation { createCompany(data: {name: "M", motto: "carpe diem"}) { id } }'
    )
    renamed = await update_field(twenty_server, field["id"], name="slogan", label="Slogan")
    assert renamed["data"]["updateOneField"]["name"] == "slogan"
    read = await data(
        twenty_server,
        "query($id: UUID!) { company(filter: {id: {eq: $id}}) { slogan } }",
        {"id": made["createCompany"]["id"]},
    )
    assert read["company"]["slogan"] == "carpe diem"

    select = await create_field_ok(
        twenty_server,
        type="SELECT",
        name="tier",
        label="Tier",
        objectMetadataId=company_id,
        options=TIERS[:2],
    )
    more = [
        *select["options"],
        {"value": "PLATINUM", "label": "Platinum", "color": "blue", "position": 2},
    ]
    updated = await update_field(twenty_server, select["id"], options=more)
    assert [o["value"] for o in updated["data"]["updateOneField"]["options"]] == [
        "GOLD",
        "SILVER",
        "PLATINUM",
    ]
    enum = await introspect_type(twenty_server, "CompanyTierEnum")
    assert enum is not None and "PLATINUM" in {v["name"] for v in enum["enumValues"]}


async def test_unknown_object_and_field_ids(twenty_server: EmulatorServer) -> None:
    """createOneField on a missing object: OBJECT_METADATA_NOT_FOUND in the validation
    report; field(id) of an unknown id: NOT_FOUND."""
    body = await create_field(
        twenty_server,
        type="TEXT",
        name="ghost",
        label="Ghost",
        objectMetadataId="00000000-0000-4000-8000-000000000000",
    )
    assert "Object metadata not found" in validation_messages(body)
    missing = await md(
        twenty_server,
        '{ field(id: "00000000-0000-4000-8000-000000000000") { id } }',
    )
    assert error_code(missing) == "NOT_FOUND"


@pytest.mark.parametrize(
    ("field_name", "message"),
    [
        ("name", "Cannot deactivate label identifier field"),
        ("createdAt", "Cannot deactivate createdAt, updatedAt or deletedAt field"),
        ("position", "Cannot deactivate system field"),
    ],
)
async def test_fields_that_cannot_be_deactivated(
    twenty_server: EmulatorServer, field_name: str, message: str
) -> None:
    """checkCanDeactivateFieldOrThrow: label identifier, timestamps and system fields."""
    fields = await md_data(
        twenty_server,
        "query($id: UUID!) { object(id: $id) { fieldsList { id name } } }",
        {"id": (await object_ids(twenty_server))["company"]},
    )
    field_id = next(f["id"] for f in fields["object"]["fieldsList"] if f["name"] == field_name)
    body = await update_field(twenty_server, field_id, isActive=False)
    assert message in validation_messages(body)
