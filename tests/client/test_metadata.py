"""MetadataAPI against the emulator's /metadata over loopback HTTP: reads, paging, field and
object changes, Twenty's validation errors, and waiting for the workspace schema."""

from __future__ import annotations

import pytest

from twenty_gql import TwentyClient, errors
from twenty_gql._executor import Executor
from twenty_gql.codegen.introspect import FieldWaitTimeout
from twenty_gql.metadata import (
    FieldInfo,
    FieldNotFoundError,
    FieldOption,
    FieldType,
    MetadataAPI,
    MetadataValidationError,
    ObjectInfo,
    ObjectNotFoundError,
)

TIERS = [
    FieldOption("GOLD", "Gold", "yellow"),
    FieldOption("SILVER", "Silver"),
    "BRONZE",
]


@pytest.fixture
def metadata(tw: TwentyClient) -> MetadataAPI:
    """``tw.metadata``: the same request path, policies and errors as ``/graphql``."""
    return tw.metadata


async def test_lists_standard_objects_with_typed_fields(metadata: MetadataAPI) -> None:
    objects = await metadata.objects()
    by_name = {o.name_singular: o for o in objects}
    assert {"company", "person", "opportunity", "note", "task"} <= set(by_name)
    company = by_name["company"]
    assert isinstance(company, ObjectInfo) and company.name_plural == "companies"
    name = company.field("name")
    assert isinstance(name, FieldInfo) and name.type is FieldType.TEXT
    assert len({o.id for o in objects}) == len(objects)


async def test_get_object_by_singular_or_plural_name(metadata: MetadataAPI) -> None:
    assert (await metadata.get_object("people")).name_singular == "person"
    with pytest.raises(ObjectNotFoundError, match=r"compny.*did you mean company") as caught:
        await metadata.get_object("compny")
    assert isinstance(caught.value, errors.NotFoundError)
    assert caught.value.object_name == "compny"
    with pytest.raises(FieldNotFoundError, match="'company' has no field 'nme'"):
        await metadata.get_field("company", "nme")


async def test_standard_select_options(metadata: MetadataAPI) -> None:
    stages = await metadata.options("opportunity", "stage")
    assert stages and all(isinstance(o, FieldOption) for o in stages)
    assert [o.position for o in stages] == sorted(o.position or 0 for o in stages)
    with pytest.raises(ValueError, match=r"company.name is a TEXT field"):
        await metadata.options("company", "name")


async def test_select_field_created_waited_for_then_written_and_filtered(
    metadata: MetadataAPI, graphql_execute: Executor
) -> None:
    created = await metadata.create_field(
        "company", "tier", FieldType.SELECT, options=TIERS, default="SILVER"
    )
    assert created.type is FieldType.SELECT and created.label == "Tier"
    assert created.option_values == ("GOLD", "SILVER", "BRONZE")
    assert created.default == "SILVER"
    bronze = created.options[2]
    assert (bronze.label, bronze.position, bronze.color) == ("Bronze", 2, "sky")
    assert [o.value for o in await metadata.options("company", "tier")] == [
        "GOLD",
        "SILVER",
        "BRONZE",
    ]

    await metadata.wait_for("company.tier", timeout=10)

    await graphql_execute('mutation { a: createCompany(data: {name: "Acme", tier: GOLD}) { id } }')
    await graphql_execute('mutation { createCompanies(data: [{name: "Beta"}]) { id tier } }')
    data = await graphql_execute(
        "query { companies(filter: {tier: {eq: GOLD}}) { edges { node { name tier } } } }"
    )
    assert [e["node"] for e in data["companies"]["edges"]] == [{"name": "Acme", "tier": "GOLD"}]
    data = await graphql_execute(
        'query { companies(filter: {name: {eq: "Beta"}}) { edges { node { tier } } } }'
    )
    assert data["companies"]["edges"][0]["node"]["tier"] == "SILVER"


async def test_multi_select_update_keeps_option_ids(metadata: MetadataAPI) -> None:
    created = await metadata.create_field(
        "person", "channels", "MULTI_SELECT", options=["EMAIL", "PHONE"], default=["EMAIL"]
    )
    assert created.default == ["EMAIL"]
    updated = await metadata.update_field(
        "person", "channels", options=["EMAIL", "PHONE", "SMS"], label="Channels used"
    )
    assert updated.label == "Channels used"
    assert updated.option_values == ("EMAIL", "PHONE", "SMS")
    ids = {o.value: o.id for o in created.options}
    assert {o.value: o.id for o in updated.options if o.value != "SMS"} == ids


async def test_deactivate_then_delete_field(metadata: MetadataAPI) -> None:
    await metadata.create_field("company", "score", FieldType.NUMBER)
    with pytest.raises(MetadataValidationError, match="Active fields can't be deleted") as caught:
        await metadata.delete_field("company", "score")
    assert (caught.value.object_name, caught.value.field_name) == ("company", "score")
    assert "company.score" in str(caught.value)
    assert not (await metadata.deactivate_field("company", "score")).is_active
    deleted = await metadata.delete_field("company", "score")
    assert deleted.name == "score"
    assert (await metadata.get_object("company")).field("score") is None


async def test_delete_field_can_deactivate_first(metadata: MetadataAPI) -> None:
    await metadata.create_field("company", "nickname", FieldType.TEXT, default="")
    await metadata.delete_field("company", "nickname", deactivate=True)
    assert (await metadata.get_object("company")).field("nickname") is None


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Tier", "Name should be in camelCase"),
        ("name", 'Name "name" is not available'),
        ("account_tier", "Name should be in camelCase"),
    ],
)
async def test_validation_errors_are_typed_and_name_the_field(
    metadata: MetadataAPI, name: str, rule: str
) -> None:
    with pytest.raises(MetadataValidationError) as caught:
        await metadata.create_field("company", name, FieldType.TEXT)
    error = caught.value
    assert isinstance(error, errors.ValidationError)
    assert (error.field_name, error.object_name) == (name, "company")
    assert f"company.{name}" in str(error) and rule in str(error)
    assert any(rule in issue.message for issue in error.issues)
    assert all(issue.field_name == name for issue in error.issues)


async def test_bad_option_value_is_refused_naming_the_field(metadata: MetadataAPI) -> None:
    with pytest.raises(MetadataValidationError, match=r"company\.tier.*UPPER_CASE"):
        await metadata.create_field("company", "tier", FieldType.SELECT, options=["gold"])


async def test_client_side_input_errors(metadata: MetadataAPI) -> None:
    with pytest.raises(ValueError, match="unknown field type 'TXT'"):
        await metadata.create_field("company", "x", "TXT")
    with pytest.raises(ValueError, match="nothing to change"):
        await metadata.update_field("company", "name")
    with pytest.raises(ValueError, match="page_size"):
        MetadataAPI(metadata._execute, page_size=5000)
    with pytest.raises(ValueError, match=r"object.field"):
        await metadata.wait_for("tier", timeout=1)


async def test_wait_for_times_out_naming_what_is_missing(metadata: MetadataAPI) -> None:
    with pytest.raises(FieldWaitTimeout, match=r"company.nope"):
        await metadata.wait_for("company.name", "company.nope", timeout=0.3, interval=0.1)


async def test_wait_for_needs_a_graphql_executor(metadata_execute: Executor) -> None:
    with pytest.raises(RuntimeError, match="graphql=<executor>"):
        await MetadataAPI(metadata_execute).wait_for("company.name")


async def test_custom_object_lifecycle_and_duplicate_name(metadata: MetadataAPI) -> None:
    invoice = await metadata.create_object("invoice", "invoices", icon="IconReceipt")
    assert (invoice.label_singular, invoice.label_plural) == ("Invoice", "Invoices")
    assert {"id", "name", "createdAt"} <= set(invoice.field_names)
    await metadata.wait_for("invoice.*", timeout=10)
    with pytest.raises(MetadataValidationError) as caught:
        await metadata.create_object("invoice", "invoices")
    assert caught.value.object_name == "invoice" and "invoice" in str(caught.value)
    renamed = await metadata.update_object("invoice", label_singular="Bill", description="Owed")
    assert (renamed.label_singular, renamed.description) == ("Bill", "Owed")
    await metadata.delete_object("invoice")
    with pytest.raises(ObjectNotFoundError):
        await metadata.get_object("invoice")


async def test_pages_through_many_objects(
    metadata_execute: Executor, metadata: MetadataAPI
) -> None:
    before = {o.name_singular for o in await metadata.objects()}
    names = [f"thing{chr(ord('a') + i)}" for i in range(12)]
    for name in names:
        await metadata.create_object(name, f"{name}s")
    expected = before | set(names)
    full_pages = await metadata.objects()
    assert {o.name_singular for o in full_pages} == expected
    small_pages = await MetadataAPI(metadata_execute, page_size=7).objects()
    assert [o.id for o in small_pages] == [o.id for o in full_pages]
    assert len(small_pages) > 3 * 7
