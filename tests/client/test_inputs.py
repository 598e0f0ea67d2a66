"""Inputs are checked against the generated models before sending (pure functions)."""

from __future__ import annotations

import uuid

import pytest

from twenty_gql import InvalidInputError, TwentyError
from twenty_gql._inputs import dump_input, dump_order_by, matches_everything, record_id
from twenty_gql.client import endpoints
from twenty_gql.standard.input_types import (
    CompanyCreateInput,
    CompanyFilterInput,
    CompanyOrderByInput,
    StringFilter,
)


def test_generated_input_models_refuse_unknown_fields() -> None:
    """The bug that deleted a whole workspace: ``nmae`` used to be dropped silently."""
    with pytest.raises(ValueError, match="nmae"):
        CompanyFilterInput(nmae=StringFilter(eq="Acme"))  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="employes"):
        CompanyCreateInput(name="X", employes=5)  # type: ignore[call-arg]


def test_dicts_are_validated_and_the_field_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"company filter \(CompanyFilterInput\): nmae"):
        dump_input(CompanyFilterInput, {"nmae": {"eq": "x"}}, "company filter")
    with pytest.raises(InvalidInputError, match="employees"):
        dump_input(CompanyCreateInput, {"employees": "many"}, "company data")
    with pytest.raises(InvalidInputError) as caught:
        dump_input(CompanyCreateInput, 5, "data")
    assert isinstance(caught.value, TwentyError) and isinstance(caught.value, ValueError)


def test_models_of_another_object_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="expected CompanyCreateInput"):
        dump_input(CompanyCreateInput, CompanyFilterInput(), "company data")


def test_inputs_dump_by_graphql_name_and_only_what_was_set() -> None:
    dumped = dump_input(
        CompanyCreateInput, {"name": "Acme", "domain_name": {"primaryLinkUrl": "a.io"}}, "d"
    )
    assert dumped == {"name": "Acme", "domainName": {"primaryLinkUrl": "a.io"}}
    model = CompanyCreateInput(name="A", employees=None)
    assert dump_input(CompanyCreateInput, model, "d") == {"name": "A", "employees": None}


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        (None, [{"id": "AscNullsFirst"}]),
        ({"name": "AscNullsLast"}, [{"name": "AscNullsLast"}, {"id": "AscNullsFirst"}]),
        (
            [CompanyOrderByInput(employees="DescNullsLast")],  # type: ignore[arg-type]
            [{"employees": "DescNullsLast"}, {"id": "AscNullsFirst"}],
        ),
        ([{"id": "DescNullsLast"}], [{"id": "DescNullsLast"}]),
    ],
)
def test_order_by_gets_id_as_the_last_key(order_by: object, expected: list[object]) -> None:
    dumped = dump_order_by(CompanyOrderByInput, order_by, "order_by")
    assert [{k: str(getattr(v, "value", v)) for k, v in d.items()} for d in dumped] == expected


@pytest.mark.parametrize(
    ("filter_", "everything"),
    [
        (None, True),
        ({}, True),
        ({"and": []}, True),
        ({"and": [{}, {"and": []}]}, True),
        ({"name": None}, True),
        ({"name": {"eq": "x"}}, False),
        ({"and": [{"name": {"eq": "x"}}]}, False),
        ({"or": []}, False),
        ({"not": {}}, False),
    ],
)
def test_matches_everything(filter_: dict[str, object] | None, everything: bool) -> None:
    assert matches_everything(filter_) is everything


def test_record_ids() -> None:
    value = uuid.uuid4()
    assert record_id(value) == str(value)
    assert record_id(str(value).upper()) == str(value)

    class Record:
        id = value

    assert record_id(Record()) == str(value)
    with pytest.raises(InvalidInputError, match="expected a record UUID"):
        record_id("acme")


@pytest.mark.parametrize(
    "url",
    [
        "https://crm.example.com",
        "https://crm.example.com/",
        "https://crm.example.com/graphql",
        "https://crm.example.com/graphql/",
        "https://crm.example.com/metadata",
    ],
)
def test_endpoints_from_the_root_or_either_endpoint(url: str) -> None:
    assert endpoints(url) == (
        "https://crm.example.com/graphql",
        "https://crm.example.com/metadata",
    )


def test_endpoints_keep_a_path_prefix_and_refuse_non_urls() -> None:
    assert endpoints("http://host:3000/twenty/graphql")[1] == "http://host:3000/twenty/metadata"
    with pytest.raises(InvalidInputError, match="url must be"):
        endpoints("crm.example.com")
