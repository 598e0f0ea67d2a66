"""Record store writes: system fields, defaults, validation, uniqueness, upsert, soft delete,
restore, destroy with onDelete, and all-or-nothing transactions.

Sources: twenty-server data-arg-processor (validators, transformers), record-position service,
common-create-many-query-runner (upsert, UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT),
twenty-orm exception handler (DUPLICATE_ENTRY_DETECTED), record-transformer utils
(transformLinksValue, transformEmailsValue).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.emulator.store.workspaces import small_workspace
from twenty_gql.testing.errors import UniqueViolationError, UserInputError
from twenty_gql.testing.store import RecordStore

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def store() -> RecordStore:
    return RecordStore(small_workspace())


def test_insert_fills_system_fields_and_serves_graphql_shapes(store: RecordStore) -> None:
    """Created records get a uuid id, createdAt/updatedAt now (ISO-8601 ms + Z), composites as
    objects with every sub-field, MULTI_SELECT/ARRAY as lists, numbers as numbers."""
    (acme,) = store.insert(
        "company",
        [
            {
                "name": "Acme",
                "workPolicy": ["HYBRID"],
                "tags": ["b2b"],
                "annualRecurringRevenue": {"amountMicros": "1500000", "currencyCode": "EUR"},
                "revenue": 2.5,
                "seats": 3,
                "foundedAt": "2024-05-01T12:00:00+02:00",
                "foundedOn": "2024-05-01",
                "meta": {"a": [1, 2]},
            }
        ],
    )
    uuid.UUID(acme["id"])
    assert ISO_MS.match(acme["createdAt"]) and acme["createdAt"] == acme["updatedAt"]
    assert acme["deletedAt"] is None
    assert acme["domainName"] == {
        "primaryLinkLabel": "",
        "primaryLinkUrl": "",
        "secondaryLinks": [],
    }
    assert acme["annualRecurringRevenue"] == {"amountMicros": 1500000, "currencyCode": "EUR"}
    assert acme["workPolicy"] == ["HYBRID"] and acme["tags"] == ["b2b"]
    assert acme["foundedAt"] == "2024-05-01T10:00:00.000Z" and acme["foundedOn"] == "2024-05-01"
    assert acme["meta"] == {"a": [1, 2]} and acme["revenue"] == 2.5 and acme["seats"] == 3
    assert acme["idealCustomerProfile"] is False  # metadata default
    assert acme["createdBy"] == {
        "source": "MANUAL",
        "workspaceMemberId": None,
        "name": "System",
        "context": None,
    }
    assert "people" not in acme


def test_client_supplied_id_is_accepted_and_lower_cased(store: RecordStore) -> None:
    """CreateInput.id is honoured; Postgres prints UUIDs lower-case."""
    chosen = "7D3F1C1E-6B8A-4E9B-9F68-0D2B1C3A4E5F"
    (acme,) = store.insert("company", [{"id": chosen, "name": "Acme"}])
    assert acme["id"] == chosen.lower()
    with pytest.raises(UniqueViolationError):
        store.insert("company", [{"id": chosen, "name": "Again"}])


def test_positions_follow_twentys_record_position_service(store: RecordStore) -> None:
    """overridePositionOnRecords: numbers kept; "first" and a missing position go to
    min(existing min or 1, batch numbers) - index - 1; "last" to max(...) + index + 1;
    soft-deleted records do not count; anything else is refused."""
    a, b = store.insert("company", [{"name": "a", "position": 5}, {"name": "b"}])
    assert (a["position"], b["position"]) == (5.0, 0.0)
    c, d = store.insert(
        "company", [{"name": "c", "position": "first"}, {"name": "d", "position": "last"}]
    )
    assert (c["position"], d["position"]) == (-1.0, 6.0)
    e, f = store.insert("company", [{"name": "e"}, {"name": "f"}])
    assert (e["position"], f["position"]) == (-2.0, -3.0)  # a batch lands in reverse order
    (moved,) = store.update("company", {"id": {"eq": a["id"]}}, {"position": "first"})
    assert moved["position"] == -4.0
    empty = RecordStore(small_workspace())
    assert empty.insert("company", [{"name": "x", "position": "last"}])[0]["position"] == 2.0
    with pytest.raises(UserInputError, match="Position must be 'first', 'last', or a number"):
        store.insert("company", [{"name": "g", "position": "middle"}])


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"stage": "NOPE"}, '"stage"'),
        ({"workPolicy": ["ON_SITE", "MOON"]}, '"workPolicy"'),
        ({"externalId": "not-a-uuid"}, '"externalId"'),
        ({"employees": "ten"}, '"employees"'),
        ({"employees": True}, '"employees"'),
        ({"seats": 1.5}, '"seats"'),
        ({"idealCustomerProfile": "yes"}, '"idealCustomerProfile"'),
        ({"foundedAt": "soon"}, '"foundedAt"'),
        ({"name": 12}, '"name"'),
        ({"nope": 1}, 'doesn\'t have any "nope" field'),
        ({"domainName": {"url": "x"}}, 'unknown sub-field "url"'),
        ({"domainName": "acme.com"}, '"domainName"'),
        ({"people": []}, 'Relation field "people"'),
        (
            {"annualRecurringRevenue": {"amountMicros": "lots"}},
            "annualRecurringRevenue.amountMicros",
        ),
        ({"createdBy": {"source": "ROBOT"}}, "createdBy.source"),
    ],
)
def test_invalid_values_are_bad_user_input_naming_the_field(
    store: RecordStore, data: dict[str, Any], fragment: str
) -> None:
    """data-arg-processor validators: wrong shape or value -> BAD_USER_INPUT naming the field."""
    with pytest.raises(UserInputError) as caught:
        store.insert("company", [{"name": "Acme", **data}])
    assert fragment in caught.value.message
    assert store.count("company") == 0


def test_null_for_a_required_field_without_default_is_refused(store: RecordStore) -> None:
    """data-arg-processor: `Field X is not nullable and has no default value.`"""
    with pytest.raises(UserInputError, match="Field emails is not nullable"):
        store.insert("person", [{"emails": None}])


def test_links_and_emails_are_normalised_like_twenty(store: RecordStore) -> None:
    """transformLinksValue: http(s) origins lower-cased, one trailing slash dropped, an empty
    primary link replaced by the first secondary one. transformEmailsValue: canonicalizeEmail
    lower-cases the address (domain in IDNA form)."""
    (acme,) = store.insert(
        "company",
        [
            {
                "name": "Acme",
                "domainName": {
                    "primaryLinkUrl": "",
                    "secondaryLinks": [
                        {"url": "HTTPS://Acme.COM/Path/", "label": "site"},
                        {"url": "https://b.io"},
                    ],
                },
            }
        ],
    )
    assert acme["domainName"] == {
        "primaryLinkLabel": "site",
        "primaryLinkUrl": "https://acme.com/Path",
        "secondaryLinks": [{"url": "https://b.io", "label": None}],
    }
    (ann,) = store.insert(
        "person",
        [{"emails": {"primaryEmail": "Ann.Lee@Exämple.COM", "additionalEmails": ["X@Y.Z"]}}],
    )
    assert ann["emails"] == {
        "primaryEmail": "ann.lee@xn--exmple-cua.com",
        "additionalEmails": ["x@y.z"],
    }


def test_unique_fields_conflict_but_empty_values_and_trash_do_not(store: RecordStore) -> None:
    """Company domainName.primaryLinkUrl and person emails.primaryEmail are unique among live
    records; '' never conflicts; DUPLICATE_ENTRY_DETECTED names the conflicting record."""
    (acme,) = store.insert(
        "company", [{"name": "Acme", "domainName": {"primaryLinkUrl": "https://acme.com"}}]
    )
    with pytest.raises(UniqueViolationError) as caught:
        store.insert(
            "company", [{"name": "Copy", "domainName": {"primaryLinkUrl": "https://ACME.com/"}}]
        )
    assert caught.value.sub_code == "DUPLICATE_ENTRY_DETECTED"
    assert caught.value.field_name == "domainName"
    assert caught.value.conflicting_record_id == acme["id"]
    store.insert(
        "company",
        [{"name": "NoDomain1"}, {"name": "NoDomain2", "domainName": {"primaryLinkUrl": ""}}],
    )
    store.soft_delete("company", {"id": {"eq": acme["id"]}})
    (again,) = store.insert(
        "company", [{"name": "Acme 2", "domainName": {"primaryLinkUrl": "https://acme.com"}}]
    )
    with pytest.raises(UniqueViolationError):
        store.restore("company", {"id": {"eq": acme["id"]}})
    store.insert("person", [{"emails": {"primaryEmail": "a@b.co"}}])
    with pytest.raises(UniqueViolationError) as person_conflict:
        store.insert("person", [{"emails": {"primaryEmail": "A@B.CO"}}])
    assert person_conflict.value.field_name == "emails"
    with pytest.raises(UniqueViolationError):  # duplicates inside one batch
        store.insert(
            "company",
            [
                {"name": "x", "domainName": {"primaryLinkUrl": "https://dup.io"}},
                {"name": "y", "domainName": {"primaryLinkUrl": "https://dup.io"}},
            ],
        )
    taken = {"domainName": {"primaryLinkUrl": "https://x.io"}}
    store.update("company", {"id": {"eq": again["id"]}}, taken)
    with pytest.raises(UniqueViolationError):  # an update onto a taken value
        store.update("company", {"name": {"eq": "NoDomain1"}}, taken)
    assert store.count("company", {"domainName": {"primaryLinkUrl": {"eq": "https://dup.io"}}}) == 0


def test_upsert_updates_the_record_matched_by_id_or_unique_field(store: RecordStore) -> None:
    """createMany(upsert: true): an input matching an existing record by id or a unique field
    updates it; several different matches -> UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT."""
    acme, beta = store.insert(
        "company",
        [
            {"name": "Acme", "domainName": {"primaryLinkUrl": "https://acme.com"}},
            {"name": "Beta", "domainName": {"primaryLinkUrl": "https://beta.io"}},
        ],
    )
    by_domain, by_id, new = store.insert(
        "company",
        [
            {"name": "Acme Inc", "domainName": {"primaryLinkUrl": "https://acme.com"}},
            {"id": beta["id"], "employees": 9},
            {"name": "Gamma"},
        ],
        upsert=True,
    )
    assert by_domain["id"] == acme["id"] and by_domain["name"] == "Acme Inc"
    assert by_id["id"] == beta["id"] and by_id["employees"] == 9 and by_id["name"] == "Beta"
    assert new["name"] == "Gamma" and store.count("company") == 3
    with pytest.raises(UserInputError) as caught:
        store.insert(
            "company",
            [{"id": acme["id"], "domainName": {"primaryLinkUrl": "https://beta.io"}}],
            upsert=True,
        )
    assert caught.value.sub_code == "UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT"
    assert caught.value.message == (
        "Multiple records found with the same unique field values for "
        f"id (id: {acme['id']}); domainName (domainName.primaryLinkUrl: https://beta.io). "
        "Cannot determine which record to update."
    )


def test_update_merges_composites_sets_updated_at_and_skips_trash(store: RecordStore) -> None:
    """updateMany: only the given composite sub-fields change, updatedAt moves, soft-deleted
    records are never touched."""
    acme, gone = store.insert(
        "company",
        [
            {"name": "Acme", "address": {"addressCity": "Oslo", "addressCountry": "Norway"}},
            {"name": "Gone", "address": {"addressCity": "Oslo"}},
        ],
    )
    store.soft_delete("company", {"id": {"eq": gone["id"]}})
    updated = store.update(
        "company",
        {"address": {"addressCity": {"eq": "Oslo"}}},
        {"address": {"addressCity": "Bergen"}, "employees": 3},
    )
    assert [r["id"] for r in updated] == [acme["id"]]
    (after,) = updated
    assert (
        after["address"]["addressCity"] == "Bergen"
        and after["address"]["addressCountry"] == "Norway"
    )
    assert after["employees"] == 3 and after["updatedAt"] >= acme["updatedAt"]
    trashed = store.get_by_ids("company", [gone["id"]], with_deleted=True)[gone["id"]]
    assert trashed["address"]["addressCity"] == "Oslo"
    assert store.update("company", {"id": {"eq": gone["id"]}}, {"name": "x"}) == []
    renamed = store.update("company", {"id": {"eq": acme["id"]}}, {"name": "Acme 2"})
    assert (
        store.find_many("company", filter={"searchVector": {"search": "acme 2"}}).records == renamed
    )


def test_soft_delete_restore_and_get_by_ids(store: RecordStore) -> None:
    """deleteMany sets deletedAt (only on live records); restoreMany clears it (only on
    trashed ones); get_by_ids hides trash unless with_deleted."""
    (acme,) = store.insert("company", [{"name": "Acme"}])
    (deleted,) = store.soft_delete("company", {"id": {"eq": acme["id"]}})
    assert ISO_MS.match(deleted["deletedAt"])
    assert store.soft_delete("company", {"id": {"eq": acme["id"]}}) == []
    assert store.get_by_ids("company", [acme["id"]]) == {}
    assert acme["id"] in store.get_by_ids("company", [acme["id"]], with_deleted=True)
    (restored,) = store.restore("company", {"id": {"eq": acme["id"]}})
    assert restored["deletedAt"] is None
    assert store.restore("company", {"id": {"eq": acme["id"]}}) == []


def test_destroy_applies_on_delete_set_null_cascade_and_restrict(store: RecordStore) -> None:
    """destroyMany hard-deletes (trashed records too). Relations pointing at destroyed records
    follow their onDelete: SET_NULL clears person.companyId, CASCADE destroys pets with their
    owner, RESTRICT refuses while a toy still points at the pet."""
    (acme,) = store.insert("company", [{"name": "Acme"}])
    ann, _bob = store.insert(
        "person",
        [{"name": {"firstName": "Ann"}, "companyId": acme["id"]}, {"name": {"firstName": "Bob"}}],
    )
    (rex,) = store.insert("pet", [{"name": "Rex", "ownerId": ann["id"]}])
    (ball,) = store.insert("toy", [{"name": "Ball", "petId": rex["id"]}])
    store.soft_delete("company", {"id": {"eq": acme["id"]}})
    (destroyed,) = store.destroy("company", {"id": {"eq": acme["id"]}})
    assert destroyed["id"] == acme["id"]
    assert store.get_by_ids("person", [ann["id"]])[ann["id"]]["companyId"] is None
    with pytest.raises(UserInputError, match=r"toy\.pet"):
        store.destroy("person", {"id": {"eq": ann["id"]}})
    assert store.count("person") == 2 and store.count("pet") == 1  # rolled back whole
    store.destroy("toy", {"id": {"eq": ball["id"]}})
    store.destroy("person", {"id": {"eq": ann["id"]}})
    assert store.count("pet") == 0 and store.count("person") == 1


def test_failed_batch_writes_nothing_and_transactions_nest(store: RecordStore) -> None:
    """A failed createMany writes nothing; transaction() is all-or-nothing and nestable."""
    with pytest.raises(UserInputError):
        store.insert("company", [{"name": "ok"}, {"name": "bad", "stage": "NOPE"}])
    assert store.count("company") == 0
    with pytest.raises(RuntimeError), store.transaction():
        store.insert("company", [{"name": "outer"}])
        with store.transaction():
            store.insert("company", [{"name": "inner"}])
        raise RuntimeError("abort")
    assert store.count("company") == 0
    with store.transaction():
        store.insert("company", [{"name": "kept"}])
        with pytest.raises(UserInputError), store.transaction():
            store.insert("company", [{"name": "dropped"}])
            store.insert("company", [{"stage": "NOPE"}])
    assert [r["name"] for r in store.find_many("company").records] == ["kept"]


def test_relation_join_columns_validate_uuids(store: RecordStore) -> None:
    """Join columns are UUIDs (validateUUIDFieldOrThrow); relation objects themselves must be
    resolved to join columns by the caller."""
    with pytest.raises(UserInputError, match="companyId"):
        store.insert("person", [{"companyId": "acme"}])
    with pytest.raises(UserInputError, match='use "companyId"'):
        store.insert("person", [{"company": {"connect": {"where": {"id": str(uuid.uuid4())}}}}])
