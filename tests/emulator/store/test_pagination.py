"""Record store ordering, cursors and keyset pagination, as Twenty's find-many runner does them.

Sources: common-find-many-query-runner.service.ts (id tie-breaker, limit+1, only `before`
reverses the scan, offset on top), cursors.util.ts (cursor = base64 JSON of the orderBy values
plus id), build-cursor-keyset-condition.utils.ts (null-aware continuation; Twenty's own bug
#24333 lost rows at the NULL block), build-cursor-page.util.ts (page flags),
build-order-by-column-expression.util.ts (TEXT/SELECT order case-insensitively).
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import pytest

from tests.emulator.store.workspaces import small_workspace
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.store import RecordStore

DIRECTIONS = ["AscNullsFirst", "AscNullsLast", "DescNullsFirst", "DescNullsLast"]


@pytest.fixture(scope="module")
def store() -> RecordStore:
    rng = random.Random(7)
    store = RecordStore(small_workspace())
    rows = []
    for i in range(57):
        rows.append(
            {
                "name": rng.choice(["alpha", "Alpha", "beta", "Gamma", "delta", ""]) + str(i % 3),
                "employees": rng.choice([None, None, 1, 2, 2, 3, 10]),
                "address": {"addressCity": rng.choice([None, "Oslo", "oslo", "Rome"])},
                "annualRecurringRevenue": {"amountMicros": rng.choice([None, 1e6, 2e6])},
                "stage": rng.choice([None, "LEAD", "ACTIVE"]),
            }
        )
    store.insert("company", rows)
    return store


def _sort_key(value: Any, direction: str) -> tuple[int, Any]:
    """Python model of `ORDER BY v <direction>` for one key (None-aware)."""
    nulls_first = direction.endswith("NullsFirst")
    if value is None:
        return (0 if nulls_first else 2, 0)
    return (1, value)


def expected_order(records: list[dict[str, Any]], keys: list[tuple[str, str]]) -> list[str]:
    """The full ordering computed in Python, with id AscNullsFirst appended."""
    ordered = sorted(records, key=lambda r: r["id"])
    for getter, direction in reversed(keys):

        def key(r: dict[str, Any], getter: str = getter) -> Any:
            value: Any = r
            for part in getter.split("."):
                value = value[part]
            return value.lower() if isinstance(value, str) else value

        nulls = sorted([r for r in ordered if key(r) is None], key=lambda r: 0)
        values = [r for r in ordered if key(r) is not None]
        values.sort(key=key, reverse=direction.startswith("Desc"))
        ordered = nulls + values if direction.endswith("NullsFirst") else values + nulls
    return [r["id"] for r in ordered]


def walk(
    store: RecordStore, order_by: list[dict[str, Any]], size: int, *, backward: bool
) -> list[str]:
    """Page through everything by cursor and return the ids in presentation order.

    Forward starts at the top and follows endCursor; backward starts from the cursor of the
    very last record and follows startCursor with `last`/`before`.
    """
    if not backward:
        ids: list[str] = []
        cursor: str | None = None
        for _ in range(100):
            page = store.find_many("company", order_by=order_by, first=size, after=cursor)
            ids += [r["id"] for r in page.records]
            if not page.has_next_page:
                return ids
            cursor = page.cursors[-1]
        raise AssertionError("pagination did not end")
    full = store.find_many("company", order_by=order_by, first=10_000)
    ids = [full.records[-1]["id"]]
    cursor = full.cursors[-1]
    for _ in range(100):
        page = store.find_many("company", order_by=order_by, last=size, before=cursor)
        ids = [r["id"] for r in page.records] + ids
        if not page.has_previous_page:
            return ids
        cursor = page.cursors[0]
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("backward", [False, True], ids=["after", "before"])
@pytest.mark.parametrize(
    ("order_key", "getter"),
    [
        ("employees", "employees"),
        ("name", "name"),
        ("stage", "stage"),
        ({"address": "addressCity"}, "address.addressCity"),
        ({"annualRecurringRevenue": "amountMicros"}, "annualRecurringRevenue.amountMicros"),
    ],
    ids=["number", "text", "select", "composite-text", "currency"],
)
def test_keyset_pagination_visits_every_record_once_in_order_around_nulls(
    store: RecordStore, direction: str, backward: bool, order_key: Any, getter: str
) -> None:
    """Walking pages by endCursor (forward) or startCursor (backward) yields the full ordering
    exactly once for every direction, with NULL blocks and duplicate values: Twenty's
    null-aware keyset condition (the #24333 fix) plus the id tie-breaker."""
    if isinstance(order_key, dict):
        ((field, sub),) = order_key.items()
        order_by = [{field: {sub: direction}}]
    else:
        order_by = [{order_key: direction}]
    everything = store.find_many("company", first=10_000).records
    expected = expected_order(everything, [(getter, direction)])
    full = store.find_many("company", order_by=order_by, first=10_000).records
    assert [r["id"] for r in full] == expected
    assert walk(store, order_by, 7, backward=backward) == expected


def test_two_key_ordering_with_nulls_pages_exactly(store: RecordStore) -> None:
    """Multi-key or-chain: [{stage: DescNullsFirst}, {employees: AscNullsLast}] then id."""
    order_by = [{"stage": "DescNullsFirst"}, {"employees": "AscNullsLast"}]
    everything = store.find_many("company", first=10_000).records
    expected = expected_order(
        everything, [("stage", "DescNullsFirst"), ("employees", "AscNullsLast")]
    )
    assert walk(store, order_by, 5, backward=False) == expected
    assert walk(store, order_by, 5, backward=True) == expected


def test_text_ordering_is_case_insensitive() -> None:
    """Twenty orders TEXT by LOWER(column): 'apple' < 'Banana' < 'cherry'."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": n} for n in ["cherry", "Banana", "apple"]])
    page = store.find_many("company", order_by=[{"name": "AscNullsFirst"}])
    assert [r["name"] for r in page.records] == ["apple", "Banana", "cherry"]


def test_cursor_is_base64_json_of_order_values_then_id() -> None:
    """cursors.util.ts encodeCursor: `{...orderBy values, id}`; a composite orderBy key
    carries the whole composite object; no orderBy gives `{"id": ...}`."""
    store = RecordStore(small_workspace())
    (acme,) = store.insert(
        "company", [{"name": "Acme", "employees": 7, "address": {"addressCity": "Oslo"}}]
    )
    plain = store.find_many("company")
    assert json.loads(base64.b64decode(plain.cursors[0])) == {"id": acme["id"]}
    page = store.find_many(
        "company",
        order_by=[{"employees": "DescNullsLast"}, {"address": {"addressCity": "AscNullsLast"}}],
    )
    decoded = json.loads(base64.b64decode(page.cursors[0]))
    assert list(decoded) == ["employees", "address", "id"]
    assert decoded["employees"] == 7
    assert decoded["address"] == acme["address"]
    assert base64.b64decode(page.cursors[0]).decode().startswith('{"employees":7,')


def test_page_flags_follow_build_cursor_page() -> None:
    """Forward: hasNextPage = more rows than the limit, hasPreviousPage = an `after` cursor was
    given. Backward (`before`): hasPreviousPage = more rows, hasNextPage = true."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": f"c{i}", "employees": i} for i in range(5)])
    order = [{"employees": "AscNullsFirst"}]
    first = store.find_many("company", order_by=order, first=2)
    assert [r["employees"] for r in first.records] == [0, 1]
    assert (first.has_next_page, first.has_previous_page) == (True, False)
    second = store.find_many("company", order_by=order, first=2, after=first.cursors[-1])
    assert [r["employees"] for r in second.records] == [2, 3]
    assert (second.has_next_page, second.has_previous_page) == (True, True)
    last = store.find_many("company", order_by=order, first=2, after=second.cursors[-1])
    assert [r["employees"] for r in last.records] == [4]
    assert (last.has_next_page, last.has_previous_page) == (False, True)
    back = store.find_many("company", order_by=order, last=2, before=last.cursors[0])
    assert [r["employees"] for r in back.records] == [2, 3]  # normal order, not reversed
    assert (back.has_next_page, back.has_previous_page) == (True, True)
    start = store.find_many("company", order_by=order, last=5, before=back.cursors[0])
    assert [r["employees"] for r in start.records] == [0, 1]
    assert (start.has_next_page, start.has_previous_page) == (True, False)


def test_last_without_before_is_just_a_page_size() -> None:
    """Twenty: `isForwardPagination = !isDefined(args.before)` and `limit = first ?? last`,
    so `last: 2` alone returns the first two records of the ordering."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": f"c{i}", "employees": i} for i in range(4)])
    page = store.find_many("company", order_by=[{"employees": "AscNullsFirst"}], last=2)
    assert [r["employees"] for r in page.records] == [0, 1]


def test_offset_applies_on_top_of_the_cursor_and_total_count_ignores_paging() -> None:
    """`offset` is SQL OFFSET after cursor filtering; totalCount counts the filtered set."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": f"c{i}", "employees": i} for i in range(10)])
    order = [{"employees": "AscNullsFirst"}]
    first = store.find_many("company", order_by=order, first=2)
    page = store.find_many(
        "company",
        order_by=order,
        first=3,
        offset=2,
        after=first.cursors[-1],
        filter={"employees": {"lt": 9}},
        with_total=True,
    )
    assert [r["employees"] for r in page.records] == [4, 5, 6]
    assert page.total_count == 9


def test_default_limit_applies_when_neither_first_nor_last() -> None:
    """limit = first ?? last ?? QUERY_MAX_RECORDS (passed in by the caller)."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": f"c{i}"} for i in range(5)])
    page = store.find_many("company", limit=3)
    assert len(page.records) == 3 and page.has_next_page


@pytest.mark.parametrize("cursor", ["%%%", base64.b64encode(b"[1, 2]").decode(), "bm90IGpzb24="])
def test_undecodable_cursor_is_invalid_cursor(cursor: str) -> None:
    """decodeCursor: `Invalid cursor: <cursor>`, INVALID_CURSOR, BAD_USER_INPUT."""
    store = RecordStore(small_workspace())
    with pytest.raises(UserInputError) as caught:
        store.find_many("company", after=cursor)
    assert caught.value.message == f"Invalid cursor: {cursor}"
    assert caught.value.sub_code == "INVALID_CURSOR"


def test_cursor_from_another_order_by_is_refused() -> None:
    """validateCursorMatchesOrderByOrThrow: a cursor without a value for an orderBy key is
    INVALID_CURSOR instead of silently skipping records (#24333)."""
    store = RecordStore(small_workspace())
    store.insert("company", [{"name": "a"}, {"name": "b"}])
    cursor = store.find_many("company", first=1).cursors[0]
    with pytest.raises(UserInputError) as caught:
        store.find_many("company", order_by=[{"employees": "AscNullsFirst"}], after=cursor)
    assert caught.value.sub_code == "INVALID_CURSOR"
    assert '"employees"' in caught.value.message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"first": 1, "last": 1}, "Cannot provide both first and last"),
        ({"before": "x", "after": "y"}, "Cannot provide both before and after"),
        ({"before": "x", "first": 1}, "Cannot provide both before and first"),
        ({"after": "x", "last": 1}, "Cannot provide both after and last"),
        ({"first": -1}, "First argument must be non-negative"),
        ({"last": -1}, "Last argument must be non-negative"),
    ],
)
def test_conflicting_page_arguments(kwargs: dict[str, Any], message: str) -> None:
    """validate() of the find-many runner: ARGS_CONFLICT / INVALID_ARGS_FIRST|LAST."""
    store = RecordStore(small_workspace())
    with pytest.raises(UserInputError, match=message):
        store.find_many("company", **kwargs)


@pytest.mark.parametrize(
    ("order_by", "fragment"),
    [
        ([{"nope": "AscNullsFirst"}], '"nope"'),
        ([{"employees": "Up"}], "Invalid order direction"),
        ([{"address": {"nope": "AscNullsFirst"}}], 'Sub field "nope"'),
        ([{"people": "AscNullsFirst"}], "relation field"),
    ],
)
def test_invalid_order_by_is_bad_user_input(order_by: list[dict[str, Any]], fragment: str) -> None:
    """Unknown orderBy fields, directions and sub-fields are refused with their name."""
    store = RecordStore(small_workspace())
    with pytest.raises(UserInputError, match=fragment):
        store.find_many("company", order_by=order_by)
