"""Record store schema: tables built from metadata and migrated when metadata changes."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.emulator.store.workspaces import F, base_fields, select_options, small_workspace
from twenty_gql.testing.errors import UniqueViolationError
from twenty_gql.testing.model.types import (
    FieldMetadata,
    ObjectMetadata,
)
from twenty_gql.testing.store import RecordStore


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def test_composite_fields_become_one_column_per_sub_field_named_like_twenty(tmp_path: Path) -> None:
    """Twenty's computeCompositeColumnName: domainName.primaryLinkUrl -> domainNamePrimaryLinkUrl;
    MANY_TO_ONE relations own a `<name>Id` join column, ONE_TO_MANY none."""
    path = tmp_path / "store.db"
    RecordStore(small_workspace(), str(path)).close()
    company = _columns(path, "company")
    assert {
        "domainNamePrimaryLinkUrl",
        "domainNamePrimaryLinkLabel",
        "domainNameSecondaryLinks",
    } <= set(company)
    assert {"annualRecurringRevenueAmountMicros", "addressAddressLat", "createdBySource"} <= set(
        company
    )
    assert "people" not in company and "peopleId" not in company
    assert "companyId" in _columns(path, "person")


def test_adding_a_field_adds_its_columns_and_existing_records_survive() -> None:
    """Twenty's createOneField migration: new columns (ADD COLUMN ... DEFAULT), no data loss;
    existing records take the new field's default, a field without default reads NULL."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    (acme,) = store.insert("company", [{"name": "Acme", "employees": 5}])
    workspace.object("company").fields.append(FieldMetadata("motto", F.TEXT, default_value="''"))
    workspace.object("company").fields.append(FieldMetadata("hq", F.ADDRESS))
    store.sync()
    again = store.get_by_ids("company", [acme["id"]])[acme["id"]]
    assert again["name"] == "Acme" and again["employees"] == 5
    assert again["motto"] == "" and again["hq"]["addressCity"] is None
    (beta,) = store.insert("company", [{"name": "Beta", "hq": {"addressCity": "Paris"}}])
    assert beta["motto"] == "" and beta["hq"]["addressCity"] == "Paris"
    assert store.find_many("company", filter={"hq": {"addressCity": {"eq": "Paris"}}}).records == [
        beta
    ]


def test_deleting_a_field_drops_its_columns_and_keeps_the_rest() -> None:
    """Twenty's deleteOneField: the field's columns go; other values survive; filtering on the
    deleted field is now an unknown-field error."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    (acme,) = store.insert(
        "company", [{"name": "Acme", "tagline": "Go", "address": {"addressCity": "Oslo"}}]
    )
    company = workspace.object("company")
    company.fields = [f for f in company.fields if f.name not in ("tagline", "address")]
    store.sync()
    again = store.get_by_ids("company", [acme["id"]])[acme["id"]]
    assert "tagline" not in again and "address" not in again and again["name"] == "Acme"


def test_renaming_a_field_or_object_keeps_its_data() -> None:
    """Twenty renames columns/tables when a field's or object's name changes (same metadata id)."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    (acme,) = store.insert(
        "company", [{"name": "Acme", "tagline": "Go", "domainName": {"primaryLinkUrl": "acme.com"}}]
    )
    company = workspace.object("company")
    company.field("tagline").name = "slogan"
    company.field("domainName").name = "website"
    workspace.objects = {("firm" if k == "company" else k): v for k, v in workspace.objects.items()}
    company.name_singular, company.name_plural = "firm", "firms"
    for obj in workspace.objects.values():
        for fld in obj.fields:
            if fld.relation is not None and fld.relation.target_object == "company":
                fld.relation.target_object = "firm"
    store.sync()
    again = store.get_by_ids("firm", [acme["id"]])[acme["id"]]
    assert again["slogan"] == "Go" and again["website"]["primaryLinkUrl"] == "acme.com"


def test_deactivated_field_is_hidden_but_its_data_comes_back_when_reactivated() -> None:
    """Twenty's isActive=false hides a field from the API without dropping its column."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    (acme,) = store.insert("company", [{"name": "Acme", "tagline": "Go"}])
    workspace.object("company").field("tagline").is_active = False
    store.sync()
    assert "tagline" not in store.get_by_ids("company", [acme["id"]])[acme["id"]]
    workspace.object("company").field("tagline").is_active = True
    store.sync()
    assert store.get_by_ids("company", [acme["id"]])[acme["id"]]["tagline"] == "Go"


def test_new_and_removed_objects_create_and_drop_tables() -> None:
    """A custom object is a new table (createOneObject); deleting it drops the table."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    rocket = ObjectMetadata(
        "rocket", "rockets", is_custom=True, fields=[FieldMetadata("name", F.TEXT), *base_fields()]
    )
    workspace.objects["rocket"] = rocket
    store.sync()
    (saturn,) = store.insert("rocket", [{"name": "Saturn V"}])
    assert store.find_many("rocket").records == [saturn]
    del workspace.objects["rocket"]
    store.sync()
    assert "rocket" not in {row[0] for row in store._conn.execute("SELECT name FROM sqlite_master")}


def test_file_backed_store_keeps_records_across_reopen(tmp_path: Path) -> None:
    """The store file is the workspace database: reopening it with equal metadata (even rebuilt
    with fresh metadata ids) keeps every record."""
    path = str(tmp_path / "w.db")
    store = RecordStore(small_workspace(), path)
    store.insert("company", [{"name": "Acme"}])
    store.close()
    reopened = RecordStore(small_workspace(), path)
    assert [r["name"] for r in reopened.find_many("company").records] == ["Acme"]


def test_reset_deletes_every_record_but_keeps_the_schema() -> None:
    """reset() is the per-test wipe: all records of all objects go, tables stay usable."""
    store = RecordStore(small_workspace())
    (acme,) = store.insert("company", [{"name": "Acme"}])
    store.insert("person", [{"name": {"firstName": "Ann"}, "companyId": acme["id"]}])
    store.reset()
    assert store.count("company") == 0 and store.count("person") == 0
    assert store.insert("company", [{"name": "Again"}])[0]["name"] == "Again"


def test_unique_flag_changes_rebuild_the_unique_index_and_unchanged_indexes_stay() -> None:
    """A field made unique (Twenty's isUnique on field update) gets a unique index among live,
    non-empty values; a sync with unchanged metadata leaves every index in place."""
    workspace = small_workspace()
    store = RecordStore(workspace)

    def indexes() -> set[str]:
        rows = store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in rows}

    before = indexes()
    store.sync()
    assert indexes() == before
    store.insert("company", [{"name": "a", "tagline": "same"}])
    workspace.object("company").field("tagline").is_unique = True
    store.sync()
    assert "twu_company_tagline" in indexes()
    with pytest.raises(UniqueViolationError):
        store.insert("company", [{"name": "b", "tagline": "same"}])
    workspace.object("company").field("tagline").is_unique = False
    store.sync()
    assert store.insert("company", [{"name": "b", "tagline": "same"}])[0]["tagline"] == "same"


def test_new_field_defaults_backfill_existing_records() -> None:
    """ADD COLUMN ... DEFAULT fills existing rows: a SELECT default, a composite default per
    sub-column, a boolean, and a fresh uuid per row for a `uuid` default."""
    workspace = small_workspace()
    store = RecordStore(workspace)
    old_a, old_b = store.insert("company", [{"name": "A"}, {"name": "B"}])
    company = workspace.object("company")
    company.fields += [
        FieldMetadata(
            "tier", F.SELECT, options=select_options("GOLD", "BRONZE"), default_value="'BRONZE'"
        ),
        FieldMetadata(
            "site", F.LINKS, default_value={"primaryLinkUrl": "''", "primaryLinkLabel": "''"}
        ),
        FieldMetadata("vip", F.BOOLEAN, default_value=True),
        FieldMetadata("token", F.UUID, default_value="uuid"),
    ]
    store.sync()
    records = store.get_by_ids("company", [old_a["id"], old_b["id"]])
    a, b = records[old_a["id"]], records[old_b["id"]]
    assert a["tier"] == "BRONZE" and a["vip"] is True
    assert a["site"] == {"primaryLinkLabel": "", "primaryLinkUrl": "", "secondaryLinks": None}
    assert a["token"] != b["token"]
    assert uuid.UUID(a["token"]).version == 4
    assert store.count("company", {"tier": {"eq": "BRONZE"}}) == 2
