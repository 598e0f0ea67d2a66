"""``small_workspace()``: the hand-made metadata the store tests share.

One field of every type Twenty's filters distinguish, and relations with each ``onDelete``.
"""

from __future__ import annotations

from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldOption,
    FieldType,
    ObjectMetadata,
    OnDelete,
    RelationSettings,
    RelationType,
    WorkspaceMetadata,
)

F = FieldType


def base_fields() -> list[FieldMetadata]:
    return [
        FieldMetadata("id", F.UUID, is_nullable=False, default_value="uuid", is_system=True),
        FieldMetadata("createdAt", F.DATE_TIME, is_nullable=False, default_value="now"),
        FieldMetadata("updatedAt", F.DATE_TIME, is_nullable=False, default_value="now"),
        FieldMetadata("deletedAt", F.DATE_TIME),
        FieldMetadata("position", F.POSITION, is_nullable=False, default_value=0),
        FieldMetadata(
            "createdBy",
            F.ACTOR,
            is_nullable=False,
            default_value={"source": "MANUAL", "name": "System"},
        ),
        FieldMetadata("searchVector", F.TS_VECTOR),
    ]


def select_options(*values: str) -> list[FieldOption]:
    return [FieldOption(v, v.title(), position=i) for i, v in enumerate(values)]


def _many_to_one(name: str, target: str, inverse: str, on_delete: OnDelete) -> FieldMetadata:
    return FieldMetadata(
        name,
        F.RELATION,
        relation=RelationSettings(RelationType.MANY_TO_ONE, target, inverse, on_delete),
    )


def _one_to_many(name: str, target: str, inverse: str) -> FieldMetadata:
    return FieldMetadata(
        name, F.RELATION, relation=RelationSettings(RelationType.ONE_TO_MANY, target, inverse)
    )


def small_workspace() -> WorkspaceMetadata:
    links_default = {"primaryLinkUrl": "''", "primaryLinkLabel": "''", "secondaryLinks": None}
    company = ObjectMetadata(
        "company",
        "companies",
        fields=[
            FieldMetadata("name", F.TEXT, is_nullable=False, default_value="''"),
            FieldMetadata(
                "domainName",
                F.LINKS,
                is_nullable=False,
                is_unique=True,
                default_value=links_default,
            ),
            FieldMetadata("employees", F.NUMBER),
            FieldMetadata("tagline", F.TEXT),
            FieldMetadata(
                "workPolicy", F.MULTI_SELECT, options=select_options("ON_SITE", "HYBRID", "REMOTE")
            ),
            FieldMetadata("stage", F.SELECT, options=select_options("LEAD", "ACTIVE", "CHURNED")),
            FieldMetadata(
                "rating", F.RATING, options=select_options("RATING_1", "RATING_2", "RATING_3")
            ),
            FieldMetadata(
                "annualRecurringRevenue",
                F.CURRENCY,
                default_value={"amountMicros": None, "currencyCode": "''"},
            ),
            FieldMetadata("address", F.ADDRESS),
            FieldMetadata(
                "idealCustomerProfile", F.BOOLEAN, is_nullable=False, default_value=False
            ),
            FieldMetadata("foundedAt", F.DATE_TIME),
            FieldMetadata("foundedOn", F.DATE),
            FieldMetadata("tags", F.ARRAY),
            FieldMetadata("meta", F.RAW_JSON),
            FieldMetadata("revenue", F.NUMERIC),
            FieldMetadata("externalId", F.UUID),
            FieldMetadata("seats", F.NUMBER, settings={"dataType": "int"}),
            *base_fields(),
            _one_to_many("people", "person", "company"),
        ],
    )
    person = ObjectMetadata(
        "person",
        "people",
        label_identifier_field="name",
        fields=[
            FieldMetadata("name", F.FULL_NAME),
            FieldMetadata("emails", F.EMAILS, is_nullable=False, is_unique=True),
            FieldMetadata("phones", F.PHONES),
            FieldMetadata("jobTitle", F.TEXT, default_value="''"),
            _many_to_one("company", "company", "people", OnDelete.SET_NULL),
            _one_to_many("pets", "pet", "owner"),
            *base_fields(),
        ],
    )
    pet = ObjectMetadata(
        "pet",
        "pets",
        is_custom=True,
        fields=[
            FieldMetadata("name", F.TEXT),
            _many_to_one("owner", "person", "pets", OnDelete.CASCADE),
            _one_to_many("toys", "toy", "pet"),
            *base_fields(),
        ],
    )
    toy = ObjectMetadata(
        "toy",
        "toys",
        is_custom=True,
        fields=[
            FieldMetadata("name", F.TEXT),
            _many_to_one("pet", "pet", "toys", OnDelete.RESTRICT),
            *base_fields(),
        ],
    )
    return WorkspaceMetadata(objects={o.name_singular: o for o in (company, person, pet, toy)})
