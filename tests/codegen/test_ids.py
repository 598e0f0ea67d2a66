"""Twenty's ``ID`` values are record UUIDs: generated code types them ``uuid.UUID``.

Twenty's workspace schema says ``id: UUID!`` on records but ``id: ID`` on create inputs and
``ID`` on every many-to-one join column (``Person.companyId: ID``), and the server returns and
accepts the same UUID strings through both. ariadne-codegen alone types ``ID`` as ``str``, so
``person.company_id == company.id`` would always be False.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import get_args

import orjson
import pydantic
import pytest
from graphql import GraphQLSchema, build_schema, parse

from generated import Client
from generated.fragments import PersonFields
from generated.input_types import (
    CompanyCreateInput,
    PersonCreateInput,
    PersonFilterInput,
    PersonUpdateInput,
    UUIDFilter,
)
from twenty_gql.codegen.base_client import _jsonable_variables
from twenty_gql.codegen.generate import RETYPED_SCALARS, collect_inputs, generate
from twenty_gql.codegen.prune import pruned_sdl
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.transport import _dumps

ACME_ID = uuid.UUID("6f0c6a1e-1b8e-4a52-9a3c-0c1d2e3f4a5b")


def test_join_columns_and_input_ids_are_uuid_like_record_ids() -> None:
    """Person.companyId / PersonCreateInput.id are ``ID`` in Twenty, ``id`` is ``UUID!``."""
    assert PersonFields.model_fields["id"].annotation is uuid.UUID
    assert PersonFields.model_fields["company_id"].annotation == uuid.UUID | None
    for model in (PersonCreateInput, PersonUpdateInput):
        assert model.model_fields["company_id"].annotation == uuid.UUID | None
    assert PersonCreateInput.model_fields["id"].annotation == uuid.UUID | None


@pytest.mark.parametrize("given", [ACME_ID, str(ACME_ID)], ids=["uuid", "str"])
def test_id_inputs_go_on_the_wire_as_uuid_strings(given: uuid.UUID | str) -> None:
    """Twenty reads ``ID`` variables as strings: a UUID or its text sends the same JSON."""
    data = PersonCreateInput(company_id=given)  # type: ignore[arg-type]
    assert data.company_id == ACME_ID
    wire = orjson.loads(_dumps(_jsonable_variables({"data": data})))
    assert wire == {"data": {"companyId": str(ACME_ID)}}


def test_an_id_that_is_not_a_uuid_is_refused_naming_the_field() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        PersonCreateInput(company_id="acme")  # type: ignore[arg-type]
    assert caught.value.errors()[0]["loc"] == ("company_id",)
    assert "UUID" in str(caught.value)


async def test_person_company_id_equals_company_id_through_the_server(
    twenty_server: EmulatorServer,
) -> None:
    """Twenty returns the join column as the company's UUID string: parsed, it equals
    ``company.id``, whether the person was created with the UUID or its text; and the join
    column filters by that UUID (``companyId: UUIDFilter``)."""
    async with Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        company = await client.create_company(CompanyCreateInput(name="Acme"))
        assert company is not None
        by_uuid = await client.create_person(PersonCreateInput(company_id=company.id))
        by_text = await client.create_person(
            PersonCreateInput(company_id=str(company.id))  # type: ignore[arg-type]
        )
        assert by_uuid is not None and by_text is not None
        assert by_uuid.company_id == company.id and isinstance(by_uuid.company_id, uuid.UUID)
        assert by_text.company_id == company.id
        page = await client.find_many_people(
            filter_=PersonFilterInput(company_id=UUIDFilter(eq=company.id))
        )
        assert page is not None
        assert {edge.node.id for edge in page.edges} == {by_uuid.id, by_text.id}
        assert all(edge.node.company_id == company.id for edge in page.edges)


def test_the_generator_slice_names_id_as_uuid_and_keeps_id_for_id_variables(
    standard_schema: GraphQLSchema,
) -> None:
    """The slice ariadne-codegen reads says UUID where Twenty says ID; ``scalar ID`` stays
    declared only when an operation declares an ``ID`` variable, so it still resolves."""
    plain = parse("query P { people { edges { node { companyId } } } }")
    sliced = pruned_sdl(standard_schema, plain, RETYPED_SCALARS)
    assert "  companyId: UUID\n" in sliced and ": ID" not in sliced
    assert "scalar ID" not in sliced
    with_variable = parse(
        "mutation M($companyId: ID) { createPerson(data: {companyId: $companyId}) { id } }"
    )
    sliced = pruned_sdl(standard_schema, with_variable, RETYPED_SCALARS)
    assert "scalar ID" in sliced and "  companyId: UUID\n" in sliced
    build_schema(sliced)  # valid on its own
    assert "  companyId: ID\n" in pruned_sdl(standard_schema, plain)  # without the mapping


async def test_an_id_variable_in_a_hand_written_operation_is_a_uuid_argument(
    standard_sdl: str,
    standard_schema: GraphQLSchema,
    tool_python: Path,
    tmp_path: Path,
    import_package: Callable[[Path], ModuleType],
    twenty_server: EmulatorServer,
) -> None:
    """``$companyId: ID`` (the join column's own type in Twenty) becomes a ``UUID`` argument,
    and the operation text keeps ``ID``, which is what the server validates against."""
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "hire.graphql").write_text(
        "mutation Hire($companyId: ID) {\n"
        "  createPerson(data: {companyId: $companyId}) { ...PersonFields }\n"
        "}\n"
    )
    inputs = collect_inputs(standard_sdl, "idgen", queries, schema=standard_schema)
    package = import_package(generate(inputs, tmp_path / "idgen", tool_python=tool_python).path)
    argument = inspect.signature(package.Client.hire).parameters["company_id"]
    assert uuid.UUID in get_args(argument.annotation)  # Union[Optional[UUID], "UnsetType"]
    assert "$companyId: ID" in (tmp_path / "idgen" / "client.py").read_text()
    async with package.Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        company = await client.create_company(package.CompanyCreateInput(name="Initech"))
        person = await client.hire(company_id=company.id)
        assert person.company_id == company.id
