"""Record store filters: every operator of Twenty's filter input types, compiled to SQL.

Sources: twenty-server ``compute-where-condition-parts.ts`` (operator SQL and the text/array
null-equivalence), ``filter-arg-processor.service.ts`` (validation), ``applyDeletedAtToBuilder``
(soft-deleted rows hidden unless the filter names ``deletedAt``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.store.workspaces import small_workspace
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.store import RecordStore
from twenty_gql.testing.store.filters import FilterCompiler


@pytest.fixture(scope="module")
def store() -> RecordStore:
    store = RecordStore(small_workspace())
    store.insert(
        "company",
        [
            {
                "name": "Acme",
                "domainName": {"primaryLinkUrl": "https://acme.com"},
                "employees": 10,
                "tagline": "Rockets and anvils",
                "workPolicy": ["ON_SITE", "HYBRID"],
                "stage": "LEAD",
                "rating": "RATING_3",
                "annualRecurringRevenue": {"amountMicros": 5_000_000_000, "currencyCode": "USD"},
                "address": {"addressCity": "Paris", "addressLat": 48.85},
                "idealCustomerProfile": True,
                "foundedAt": "2020-01-01T10:00:00.123Z",
                "foundedOn": "2020-01-01",
                "tags": ["Enterprise", "b2b"],
                "meta": {"tier": "gold"},
                "revenue": 12.5,
                "externalId": "7d3f1c1e-6b8a-4e9b-9f68-0d2b1c3a4e5f",
            },
            {
                "name": "Béta Café",
                "domainName": {"primaryLinkUrl": "https://beta.io"},
                "employees": 200,
                "tagline": "",
                "workPolicy": [],
                "stage": "ACTIVE",
                "address": {"addressCity": "Berlin"},
                "foundedAt": "2021-06-15T00:00:00.000Z",
                "tags": ["smb"],
                "meta": {"tier": "silver"},
            },
            {
                "name": "gamma",
                "employees": None,
                "workPolicy": ["REMOTE"],
                "stage": "CHURNED",
                "tags": [],
            },
            {"name": "Delta_1%", "employees": 50, "stage": "LEAD"},
        ],
    )
    return store


def names(store: RecordStore, filter: dict[str, Any] | None, obj: str = "company") -> list[str]:
    order: Any = {"firstName": "AscNullsFirst"} if obj == "person" else "AscNullsFirst"
    page = store.find_many(obj, filter=filter, order_by=[{"name": order}])
    return [
        r["name"] if isinstance(r["name"], str) else r["name"]["firstName"] for r in page.records
    ]


@pytest.mark.parametrize(
    ("operator", "operand", "expected"),
    [
        ("eq", 10, ["Acme"]),
        ("neq", 10, ["Béta Café", "Delta_1%"]),  # SQL != never matches NULL
        ("in", [10, 50], ["Acme", "Delta_1%"]),
        ("gt", 10, ["Béta Café", "Delta_1%"]),
        ("gte", 50, ["Béta Café", "Delta_1%"]),
        ("lt", 50, ["Acme"]),
        ("lte", 50, ["Acme", "Delta_1%"]),
        ("is", "NULL", ["gamma"]),
        ("is", "NOT_NULL", ["Acme", "Béta Café", "Delta_1%"]),
        ("is", "Null", ["gamma"]),
        ("is", "NotNull", ["Acme", "Béta Café", "Delta_1%"]),
    ],
)
def test_float_filter_operators(
    store: RecordStore, operator: str, operand: Any, expected: list[str]
) -> None:
    """FloatFilter eq/neq/in/gt/gte/lt/lte/is (FilterIs NULL, NOT_NULL and the Null/NotNull aliases)."""
    assert names(store, {"employees": {operator: operand}}) == expected


@pytest.mark.parametrize(
    ("operator", "operand", "expected"),
    [
        ("like", "%cme", ["Acme"]),
        ("like", "%CME", []),  # LIKE is case-sensitive
        ("ilike", "%CME%", ["Acme"]),
        ("ilike", "%BÉTA%", ["Béta Café"]),  # ILIKE folds non-ASCII case too
        ("ilike", "acme", ["Acme"]),  # caller supplies the % wildcards
        ("like", "Delta\\_1\\%", ["Delta_1%"]),  # backslash escapes, as in Postgres
        ("like", "Delta_1_", ["Delta_1%"]),
        ("startsWith", "Ac", ["Acme"]),
        ("startsWith", "ac", []),  # ^@ is a case-sensitive prefix test
        ("endsWith", "ma", ["gamma"]),
        ("regex", "^[AB]", ["Acme", "Béta Café"]),
        ("iregex", "^g", ["gamma"]),
        ("in", ["Acme", "gamma"], ["Acme", "gamma"]),
        ("gt", "Delta", ["Delta_1%", "gamma"]),  # byte order, unlike the ORDER BY
        ("neq", "Acme", ["Béta Café", "Delta_1%", "gamma"]),
    ],
)
def test_string_filter_operators(
    store: RecordStore, operator: str, operand: Any, expected: list[str]
) -> None:
    """StringFilter: like/ilike are SQL LIKE patterns, startsWith/endsWith exact affixes,
    regex/iregex POSIX matches (compute-where-condition-parts.ts)."""
    assert names(store, {"name": {operator: operand}}) == expected


def test_text_null_equivalence_empty_string_and_null_are_the_same(store: RecordStore) -> None:
    """findPostgresDefaultNullEquivalentValue: for TEXT, `is: NULL` also matches '' and
    `eq: ''` also matches NULL; `neq: ''` excludes both."""
    assert names(store, {"tagline": {"is": "NULL"}}) == ["Béta Café", "Delta_1%", "gamma"]
    assert names(store, {"tagline": {"eq": ""}}) == ["Béta Café", "Delta_1%", "gamma"]
    assert names(store, {"tagline": {"neq": ""}}) == ["Acme"]
    assert names(store, {"tagline": {"eq": None}}) == ["Delta_1%", "gamma"]  # col = NULL OR IS NULL


def test_eq_null_on_a_number_matches_nothing(store: RecordStore) -> None:
    """Twenty compiles `eq: null` to `col = NULL`, which no row satisfies; use `is: NULL`."""
    assert names(store, {"employees": {"eq": None}}) == []


def test_select_and_rating_enum_filters(store: RecordStore) -> None:
    """<Enum>Filter eq/neq/in/is on SELECT and RATING; values must be options of the field."""
    assert names(store, {"stage": {"eq": "LEAD"}}) == ["Acme", "Delta_1%"]
    assert names(store, {"stage": {"neq": "LEAD"}}) == ["Béta Café", "gamma"]
    assert names(store, {"stage": {"in": ["ACTIVE", "CHURNED"]}}) == ["Béta Café", "gamma"]
    assert names(store, {"rating": {"is": "NOT_NULL"}}) == ["Acme"]
    with pytest.raises(UserInputError, match="stage"):
        names(store, {"stage": {"eq": "NOPE"}})


def test_multi_select_contains_any_and_is_empty_array(store: RecordStore) -> None:
    """MULTI_SELECT containsAny = array overlap (`&&`); isEmptyArray true matches '{}' or NULL;
    `is: NULL` also matches the empty array (array null-equivalence)."""
    assert names(store, {"workPolicy": {"containsAny": ["HYBRID", "REMOTE"]}}) == ["Acme", "gamma"]
    assert names(store, {"workPolicy": {"isEmptyArray": True}}) == ["Béta Café", "Delta_1%"]
    assert names(store, {"workPolicy": {"isEmptyArray": False}}) == ["Acme", "gamma"]
    assert names(store, {"workPolicy": {"is": "NULL"}}) == ["Béta Café", "Delta_1%"]


def test_array_filter_contains_ilike_contains_not_contains(store: RecordStore) -> None:
    """ArrayFilter: containsIlike = some element ILIKE the pattern; contains = `@>` (all
    given); not_contains = no overlap (NULL arrays excluded, as in Postgres)."""
    assert names(store, {"tags": {"containsIlike": "%ENTER%"}}) == ["Acme"]
    assert names(store, {"tags": {"contains": ["Enterprise", "b2b"]}}) == ["Acme"]
    assert names(store, {"tags": {"contains": ["Enterprise", "smb"]}}) == []
    assert names(store, {"tags": {"not_contains": ["smb"]}}) == ["Acme", "gamma"]
    assert names(store, {"tags": {"isEmptyArray": True}}) == ["Delta_1%", "gamma"]


def test_raw_json_filter_like_and_is(store: RecordStore) -> None:
    """RawJsonFilter like matches the JSON text; is NULL/NOT_NULL on the value."""
    assert names(store, {"meta": {"like": '%"tier":"gold"%'}}) == ["Acme"]
    assert names(store, {"meta": {"is": "NULL"}}) == ["Delta_1%", "gamma"]


def test_tsvector_search_prefix_matches_every_term(store: RecordStore) -> None:
    """TSVectorFilter search: to_tsquery('simple', 'term:* & ...') over the searchable fields
    (company: name, domainName), accents folded (unaccent), or an ILIKE fallback."""
    assert names(store, {"searchVector": {"search": "acm"}}) == ["Acme"]
    assert names(store, {"searchVector": {"search": "beta cafe"}}) == ["Béta Café"]
    assert names(store, {"searchVector": {"search": "beta.io"}}) == ["Béta Café"]
    assert names(store, {"searchVector": {"search": "zzz"}}) == []


def test_date_time_filters_compare_instants_at_millisecond_precision(store: RecordStore) -> None:
    """DateTimeFilter: ISO operands; `eq` matches the stored millisecond (Twenty compares
    `[v, v + 1ms)`), any timezone offset is an instant."""
    assert names(store, {"foundedAt": {"eq": "2020-01-01T10:00:00.123Z"}}) == ["Acme"]
    assert names(store, {"foundedAt": {"eq": "2020-01-01T11:00:00.123+01:00"}}) == ["Acme"]
    assert names(store, {"foundedAt": {"gt": "2020-01-01T10:00:00.123Z"}}) == ["Béta Café"]
    assert names(store, {"foundedAt": {"lte": "2020-01-01T10:00:00.123Z"}}) == ["Acme"]
    assert names(store, {"foundedAt": {"gte": "2021-01-01"}}) == ["Béta Café"]
    assert names(store, {"foundedOn": {"eq": "2020-01-01"}}) == ["Acme"]
    with pytest.raises(UserInputError, match="foundedAt"):
        names(store, {"foundedAt": {"gt": "yesterday"}})


def test_boolean_filter(store: RecordStore) -> None:
    """BooleanFilter eq/is."""
    assert names(store, {"idealCustomerProfile": {"eq": True}}) == ["Acme"]
    assert names(store, {"idealCustomerProfile": {"eq": False}}) == [
        "Béta Café",
        "Delta_1%",
        "gamma",
    ]


def test_composite_sub_field_filters(store: RecordStore) -> None:
    """Composite filters are per sub-field: LinksFilterInput.primaryLinkUrl (StringFilter),
    CurrencyFilterInput.amountMicros (BigFloatFilter), AddressFilterInput.addressCity..."""
    assert names(store, {"domainName": {"primaryLinkUrl": {"ilike": "%ACME%"}}}) == ["Acme"]
    assert names(store, {"annualRecurringRevenue": {"amountMicros": {"gt": 1e9}}}) == ["Acme"]
    assert names(store, {"address": {"addressCity": {"in": ["Paris", "Berlin"]}}}) == [
        "Acme",
        "Béta Café",
    ]
    assert names(store, {"address": {"addressLat": {"is": "NOT_NULL"}}}) == ["Acme"]
    assert names(store, {"createdBy": {"source": {"eq": "MANUAL"}}}) == [
        "Acme",
        "Béta Café",
        "Delta_1%",
        "gamma",
    ]
    # An empty primary link is null-equivalent: `is: NULL` finds the companies without a domain.
    assert names(store, {"domainName": {"primaryLinkUrl": {"is": "NULL"}}}) == ["Delta_1%", "gamma"]


def test_numeric_and_uuid_filters(store: RecordStore) -> None:
    """BigFloatFilter takes numbers or numeric strings; UUIDFilter operands must be UUIDs."""
    assert names(store, {"revenue": {"gte": "12.5"}}) == ["Acme"]
    assert names(store, {"externalId": {"eq": "7D3F1C1E-6B8A-4E9B-9F68-0D2B1C3A4E5F"}}) == ["Acme"]


def test_and_or_not_and_implicit_and(store: RecordStore) -> None:
    """`and`/`or` take lists, `not` one filter; several keys in one object are ANDed."""
    assert names(store, {"or": [{"name": {"eq": "Acme"}}, {"employees": {"gt": 100}}]}) == [
        "Acme",
        "Béta Café",
    ]
    assert names(store, {"and": [{"employees": {"gt": 5}}, {"employees": {"lt": 100}}]}) == [
        "Acme",
        "Delta_1%",
    ]
    assert names(store, {"not": {"stage": {"eq": "LEAD"}}}) == ["Béta Café", "gamma"]
    assert names(store, {"stage": {"eq": "LEAD"}, "employees": {"gt": 20}}) == ["Delta_1%"]
    nested = {
        "or": [
            {"and": [{"stage": {"eq": "LEAD"}}, {"not": {"employees": {"eq": 10}}}]},
            {"name": {"eq": "gamma"}},
        ]
    }
    assert names(store, nested) == ["Delta_1%", "gamma"]


def test_join_column_and_relation_traversal_filters() -> None:
    """MANY_TO_ONE join columns filter with UUIDFilter (`companyId: {in: [...]}`); the 2026
    runner also accepts one hop through a to-one relation (`company: {name: {eq: ...}}`)."""
    store = RecordStore(small_workspace())
    acme, beta = store.insert("company", [{"name": "Acme"}, {"name": "Beta"}])
    store.insert(
        "person",
        [
            {"name": {"firstName": "Ann"}, "companyId": acme["id"]},
            {"name": {"firstName": "Bob"}, "companyId": beta["id"]},
            {"name": {"firstName": "Cid"}},
        ],
    )
    assert names(store, {"companyId": {"in": [acme["id"]]}}, "person") == ["Ann"]
    assert names(store, {"companyId": {"is": "NULL"}}, "person") == ["Cid"]
    assert names(store, {"company": {"name": {"eq": "Beta"}}}, "person") == ["Bob"]
    with pytest.raises(UserInputError, match="companyId"):
        names(store, {"company": {"eq": acme["id"]}}, "person")
    with pytest.raises(UserInputError, match='relation field "people"'):
        names(store, {"people": {"name": {"firstName": {"eq": "Ann"}}}})


def test_soft_deleted_records_are_hidden_unless_the_filter_names_deleted_at() -> None:
    """applyDeletedAtToBuilder: trash is invisible, except when `deletedAt` appears anywhere in
    the filter (e.g. `{deletedAt: {is: NOT_NULL}}` lists the trash)."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": "Kept"}, {"name": "Trashed"}])
    store.soft_delete("company", {"name": {"eq": "Trashed"}})
    assert names(store, None) == ["Kept"]
    assert store.count("company") == 1
    assert names(store, {"deletedAt": {"is": "NOT_NULL"}}) == ["Trashed"]
    assert names(
        store, {"or": [{"deletedAt": {"is": "NULL"}}, {"deletedAt": {"is": "NOT_NULL"}}]}
    ) == ["Kept", "Trashed"]


@pytest.mark.parametrize(
    ("filter", "fragment"),
    [
        ({"nope": {"eq": 1}}, 'doesn\'t have any "nope" field'),
        ({"domainName": {"nope": {"eq": "x"}}}, 'Sub field "nope"'),
        ({"employees": {"gt": 1, "lt": 5}}, "exactly one operator"),
        ({"employees": {"like": "%1%"}}, 'Operator "like"'),
        ({"employees": {"gt": "ten"}}, "employees"),
        ({"id": {"in": ["not-a-uuid"]}}, "Invalid UUID"),
        ({"id": {"in": []}}, "non-empty array"),
        ({"name": {"is": "EMPTY"}}, '"is" value'),
        ({"employees": 5}, "must be an object"),
    ],
)
def test_invalid_filters_are_bad_user_input_naming_the_problem(
    store: RecordStore, filter: dict[str, Any], fragment: str
) -> None:
    """FilterArgProcessorService: INVALID_ARGS_FILTER / assertIsValidUuid -> BAD_USER_INPUT."""
    with pytest.raises(UserInputError) as caught:
        store.find_many("company", filter=filter)
    assert fragment in caught.value.message
    assert caught.value.code == "BAD_USER_INPUT"


def test_filters_compile_to_sql_that_uses_the_indexes(store: RecordStore) -> None:
    """Filters are SQL, never Python loops: an id or join-column equality is an index lookup,
    and a range filter leaves the planner free to walk the ORDER BY index and stop early."""
    company = store.workspace.object("company")
    compiler = FilterCompiler(store.workspace, company, "company")

    def plan(filter: dict[str, Any], order: str = "") -> str:
        sql, params = compiler.compile(filter)
        query = f'SELECT id FROM "company" AS "company" WHERE {sql} {order} LIMIT 201'
        return str(store._conn.execute(f"EXPLAIN QUERY PLAN {query}", params).fetchall())

    assert "sqlite_autoindex_company_1" in plan(
        {"id": {"eq": "7d3f1c1e-6b8a-4e9b-9f68-0d2b1c3a4e5f"}}
    )
    ranged = plan({"employees": {"gt": 5}}, 'ORDER BY "company"."position"')
    assert "tw_company_position" in ranged and "TEMP B-TREE FOR ORDER BY" not in ranged
