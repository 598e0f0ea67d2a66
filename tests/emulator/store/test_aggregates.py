"""Record store aggregates: Twenty's connection aggregate fields, computed in SQL.

Sources: get-available-aggregations-from-object-fields.util.ts (names and availability) and
process-aggregate.helper.ts (empty = concatenated columns are '', every aggregate of an empty
set is NULL, percentages are fractions).
"""

from __future__ import annotations

import pytest

from tests.emulator.store.workspaces import small_workspace
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.store import RecordStore


@pytest.fixture(scope="module")
def store() -> RecordStore:
    store = RecordStore(small_workspace())
    store.insert(
        "company",
        [
            {
                "name": "Acme",
                "employees": 10,
                "domainName": {"primaryLinkUrl": "https://acme.com"},
                "idealCustomerProfile": True,
                "annualRecurringRevenue": {"amountMicros": 1_000_000, "currencyCode": "USD"},
                "foundedAt": "2020-01-01T00:00:00.000Z",
                "workPolicy": ["HYBRID"],
                "tagline": "t",
            },
            {
                "name": "Beta",
                "employees": 30,
                "annualRecurringRevenue": {"amountMicros": 3_000_000, "currencyCode": "USD"},
                "foundedAt": "2022-01-01T00:00:00.000Z",
                "workPolicy": [],
                "tagline": "",
            },
            {"name": "Beta", "employees": None, "idealCustomerProfile": False},
            {"name": "Gone", "employees": 1000},
        ],
    )
    store.soft_delete("company", {"name": {"eq": "Gone"}})
    return store


def test_counts_and_percentages_of_empty_values(store: RecordStore) -> None:
    """countUniqueValues/countEmpty/countNotEmpty/percentageEmpty/percentageNotEmpty; a
    composite is empty when all its sub-fields are; '' and [] are empty; trash excluded."""
    result = store.aggregate(
        "company",
        None,
        [
            "totalCount",
            "countUniqueValuesName",
            "countEmptyEmployees",
            "countNotEmptyEmployees",
            "percentageEmptyEmployees",
            "percentageNotEmptyEmployees",
            "countEmptyDomainName",
            "countNotEmptyAnnualRecurringRevenue",
            "countEmptyWorkPolicy",
            "countEmptyTagline",
        ],
    )
    assert result == {
        "totalCount": 3,
        "countUniqueValuesName": 2,
        "countEmptyEmployees": 1,
        "countNotEmptyEmployees": 2,
        "percentageEmptyEmployees": pytest.approx(1 / 3),
        "percentageNotEmptyEmployees": pytest.approx(2 / 3),
        "countEmptyDomainName": 2,
        "countNotEmptyAnnualRecurringRevenue": 2,
        "countEmptyWorkPolicy": 2,
        "countEmptyTagline": 2,
    }


def test_number_date_boolean_and_currency_aggregates(store: RecordStore) -> None:
    """NUMBER min/max/avg/sum; DATE_TIME min/max (ISO strings); BOOLEAN countTrue/countFalse;
    CURRENCY min/max/sum/avg <field>AmountMicros."""
    result = store.aggregate(
        "company",
        {"name": {"neq": "nobody"}},
        [
            "minEmployees",
            "maxEmployees",
            "avgEmployees",
            "sumEmployees",
            "minFoundedAt",
            "maxFoundedAt",
            "countTrueIdealCustomerProfile",
            "countFalseIdealCustomerProfile",
            "sumAnnualRecurringRevenueAmountMicros",
            "avgAnnualRecurringRevenueAmountMicros",
            "minAnnualRecurringRevenueAmountMicros",
            "maxAnnualRecurringRevenueAmountMicros",
        ],
    )
    assert result == {
        "minEmployees": 10,
        "maxEmployees": 30,
        "avgEmployees": 20,
        "sumEmployees": 40,
        "minFoundedAt": "2020-01-01T00:00:00.000Z",
        "maxFoundedAt": "2022-01-01T00:00:00.000Z",
        "countTrueIdealCustomerProfile": 1,
        "countFalseIdealCustomerProfile": 2,
        "sumAnnualRecurringRevenueAmountMicros": 4_000_000,
        "avgAnnualRecurringRevenueAmountMicros": 2_000_000,
        "minAnnualRecurringRevenueAmountMicros": 1_000_000,
        "maxAnnualRecurringRevenueAmountMicros": 3_000_000,
    }


def test_aggregates_of_an_empty_set_are_null(store: RecordStore) -> None:
    """Twenty wraps each aggregate in `CASE WHEN COUNT(*) = 0 THEN NULL`; totalCount is 0."""
    result = store.aggregate(
        "company", {"name": {"eq": "nobody"}}, ["totalCount", "countEmptyName", "sumEmployees"]
    )
    assert result == {"totalCount": 0, "countEmptyName": None, "sumEmployees": None}


def test_aggregates_follow_the_filter_and_trash_rules(store: RecordStore) -> None:
    """Aggregates run over the filtered set; naming deletedAt brings the trash in."""
    assert store.aggregate("company", {"name": {"eq": "Beta"}}, ["totalCount"]) == {"totalCount": 2}
    with_trash = store.aggregate("company", {"deletedAt": {"is": "NOT_NULL"}}, ["sumEmployees"])
    assert with_trash == {"sumEmployees": 1000}


def test_unknown_aggregate_name_is_refused(store: RecordStore) -> None:
    """Only the names Twenty generates exist (no sum on text, no countTrue on numbers)."""
    for name in ("sumName", "countTrueEmployees", "countEmptyPeople", "bogus"):
        with pytest.raises(UserInputError, match=name):
            store.aggregate("company", None, [name])


def test_standard_workspace_exposes_every_connection_aggregate() -> None:
    """Every aggregate field of CompanyConnection in Twenty's real schema (HW SDL, default
    fields) is computable by the store."""
    store = RecordStore(standard_workspace())
    names = [
        "countUniqueValuesName",
        "countEmptyDomainName",
        "minEmployees",
        "avgEmployees",
        "percentageEmptyLinkedinLink",
        "maxAnnualRecurringRevenueAmountMicros",
        "countNotEmptyAddress",
        "countTrueIdealCustomerProfile",
        "countFalseIdealCustomerProfile",
        "countEmptyPosition",
        "countEmptyCreatedBy",
        "countEmptySearchVector",
        "countUniqueValuesId",
        "minCreatedAt",
        "maxUpdatedAt",
        "maxDeletedAt",
    ]
    assert set(store.aggregate("company", None, names)) == set(names)
