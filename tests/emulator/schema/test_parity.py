"""Schema parity: the emulator's generated schema against Twenty's real printed schema.

The reference is ``tests/reference/real_schema_digest.json`` (made by
``scripts/digest_reference_schema.py`` from a real late-2025 Twenty ``/graphql`` SDL). Every
standard object's types (``X``, edge, connection, group-by connection, relation/connect/where
inputs, create/update/filter/orderBy/groupBy inputs, enums), its root fields and the shared types
must match in names, type strings (nullability included) and arguments; the only differences
allowed are the ones ``parity.DELIBERATE`` lists with their reasons.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, get_introspection_query, graphql_sync

from tests.emulator.http import post
from tests.emulator.schema.parity import DELIBERATE, Difference, compare, partition
from twenty_gql.testing.model.standard import standard_workspace, workspace_from_dict
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.schema import build_workspace_schema, build_workspace_sdl

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
DIGEST_PATH = REFERENCE / "real_schema_digest.json"
#: the real schema's own workspace (standard + dev-seed), from scripts/derive_standard_workspace.py
DEV_SEED_WORKSPACE = REFERENCE / "dev_seed_workspace.json"


@cache
def digest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DIGEST_PATH.read_text())
    return data


@cache
def standard_schema() -> GraphQLSchema:
    return build_workspace_schema(standard_workspace())


def _report(differences: list[Difference]) -> tuple[list[Difference], list[tuple[Difference, str]]]:
    unexpected, deliberate = partition(differences)
    reasons: dict[str, int] = {}
    for _, reason in deliberate:
        reasons[reason] = reasons.get(reason, 0) + 1
    print(f"\nschema parity: {len(differences)} differences, {len(unexpected)} unexpected")
    for reason, count in reasons.items():
        print(f"  {count:4d} deliberate: {reason}")
    for difference in unexpected:
        print(f"  UNEXPECTED {difference}")
    return unexpected, deliberate


def test_standard_workspace_schema_matches_twentys_printed_schema() -> None:
    """Twenty generates the same types, fields, nullability and args for a default workspace."""
    standard = [name for name, facts in digest()["objects"].items() if not facts["custom"]]
    assert len(standard) == 29
    unexpected, deliberate = _report(compare(digest(), standard_schema()))
    assert [str(d) for d in unexpected] == []
    # every deliberate rule is still needed: a rule that matches nothing should be removed
    used = {reason for _, reason in deliberate}
    assert used == {rule.reason for rule in DELIBERATE if not rule.dev_seed_only}


def test_dev_seed_workspace_matches_all_34_objects_with_custom_fields() -> None:
    """The builder follows Twenty for custom objects and fields too: the metadata of the
    workspace the real schema was printed from (standard + dev-seed Pet, Rocket, SurveyResult,
    PostCard, Qsdqsqa and custom fields with DATE, ARRAY, RAW_JSON, Int/BigInt NUMBER, RATING,
    MULTI_SELECT...) must rebuild every one of its types."""
    data = json.loads(DEV_SEED_WORKSPACE.read_text())
    workspace = workspace_from_dict(data)
    assert len(workspace.objects) == 34 and workspace.object("pet").is_custom
    assert workspace.object("company").field("tagline").is_custom
    differences = compare(
        digest(),
        build_workspace_schema(workspace),
        objects=list(digest()["objects"]),
        include_dev_seed=True,
    )
    unexpected, deliberate = _report(differences)
    assert [str(d) for d in unexpected] == []
    assert {reason for _, reason in deliberate} == {rule.reason for rule in DELIBERATE}


def test_parity_reads_an_introspection_result_like_the_running_server_gives() -> None:
    """Twenty clients introspect /graphql; the same comparison must work on that JSON."""
    result = graphql_sync(standard_schema(), get_introspection_query())
    assert result.errors is None and result.data is not None
    from_schema = compare(digest(), standard_schema())
    from_introspection = compare(digest(), {"data": result.data})
    assert sorted(map(str, from_introspection)) == sorted(map(str, from_schema))


def test_parity_reports_a_changed_nullability_and_a_missing_argument() -> None:
    """Nullability is part of Twenty's contract (``name: String!``), and so are arguments."""
    sdl = build_workspace_sdl(standard_workspace())
    broken = sdl.replace(
        '"The company name"\n  name: String!', '"The company name"\n  name: String', 1
    ).replace("companies(first: Int, last: Int, offset: Int, ", "companies(first: Int, last: Int, ")
    assert broken != sdl
    from graphql import build_schema

    differences = compare(digest(), build_schema(broken), objects=["company"])
    texts = {str(d) for d in partition(differences)[0]}
    assert "Company.name: field type: Twenty has String!, we have String" in texts
    assert "Query.companies(offset): missing argument (Twenty has Int)" in texts


def test_dev_seed_fields_are_left_out_of_the_default_workspace_comparison() -> None:
    """A default workspace has no dev-seed fields (Company.tagline...), so none are required."""
    company = digest()["objects"]["company"]
    assert "tagline" in company["types"]["Company"]["fields"]
    assert "tagline" in company["types"]["Company"]["devSeedFields"]
    assert standard_schema().get_type("Company").fields.get("tagline") is None  # type: ignore[union-attr]
    with_dev_seed = compare(digest(), standard_schema(), objects=["company"], include_dev_seed=True)
    assert any(d.where == "Company.tagline" and d.kind == "missing field" for d in with_dev_seed)


async def test_running_emulator_introspects_like_twenty(twenty_server: EmulatorServer) -> None:
    """Introspect the running emulator over HTTP (as codegen does) and compare every standard
    object with Twenty's real schema: 0 differences besides the deliberate ones."""
    introspection = await post(twenty_server, get_introspection_query())
    assert "errors" not in introspection
    unexpected, deliberate = _report(compare(digest(), introspection))
    assert [str(d) for d in unexpected] == []
    assert {reason for _, reason in deliberate} <= {rule.reason for rule in DELIBERATE}
