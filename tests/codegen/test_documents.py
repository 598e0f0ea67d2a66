"""Operation checks before generation: errors name file, line and field; Twenty's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLSchema

from twenty_gql.codegen.documents import OperationError, load_documents
from twenty_gql.codegen.scaffold import scaffold

ROOT = Path(__file__).resolve().parents[2]


def _generated(schema: GraphQLSchema) -> dict[str, str]:
    return {f"operations/{k}": v for k, v in scaffold(schema)[1].items()}


def test_shipped_queries_fit_the_standard_schema(standard_schema: GraphQLSchema) -> None:
    documents = load_documents(standard_schema, _generated(standard_schema),
                               ROOT / "queries")  # fmt: skip
    assert {
        "CompaniesWithPeopleAndOpportunities",
        "PersonWithCompany",
        "NotesWithTargets",
        "FindManyCompanies",
    } <= set(documents.operation_names)
    assert "queries/companies.graphql" in documents.files


def test_missing_field_names_file_line_and_field(
    standard_schema: GraphQLSchema, tmp_path: Path
) -> None:
    (tmp_path / "people.graphql").write_text(
        "query PeopleNicknames {\n  people {\n    edges { node { id nickname } }\n  }\n}\n"
    )
    with pytest.raises(OperationError) as caught:
        load_documents(standard_schema, _generated(standard_schema), tmp_path)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{tmp_path / 'people.graphql'}:3:")
    assert "Cannot query field 'nickname' on type 'Person'" in problem


def test_same_root_field_twice_is_refused_like_twenty(
    standard_schema: GraphQLSchema, tmp_path: Path
) -> None:
    """Twenty: "Duplicate root resolver", even under aliases (checkDuplicateRootResolvers)."""
    (tmp_path / "two.graphql").write_text(
        "query TwoPages {\n  a: companies(first: 1) { totalCount }\n"
        "  b: companies(first: 2) { totalCount }\n}\n"
    )
    with pytest.raises(OperationError) as caught:
        load_documents(standard_schema, {}, tmp_path)
    (problem,) = caught.value.problems
    assert ':3:3: root field "companies" appears twice' in problem


def test_operation_names_must_be_unique_and_present(
    standard_schema: GraphQLSchema, tmp_path: Path
) -> None:
    (tmp_path / "a.graphql").write_text("query FindManyCompanies { companies { totalCount } }\n")
    (tmp_path / "b.graphql").write_text("{ people { totalCount } }\n")
    with pytest.raises(OperationError) as caught:
        load_documents(standard_schema, _generated(standard_schema), tmp_path)
    problems = "\n".join(caught.value.problems)
    assert (
        "operation FindManyCompanies is already defined in operations/company.graphql" in problems
    )
    assert "every operation needs a name" in problems


def test_syntax_errors_are_located(standard_schema: GraphQLSchema, tmp_path: Path) -> None:
    (tmp_path / "broken.graphql").write_text("query Broken {\n  companies {\n")
    with pytest.raises(OperationError) as caught:
        load_documents(standard_schema, {}, tmp_path)
    assert caught.value.problems[0].startswith(f"{tmp_path / 'broken.graphql'}:3:1: Syntax Error")
