"""Drift: the committed package is fresh; schema changes and stale inputs are spelled out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from graphql import GraphQLSchema, build_schema

from twenty_gql.codegen.drift import check_package, diff_schemas
from twenty_gql.codegen.generate import collect_inputs, generate
from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import FieldMetadata, FieldType, WorkspaceMetadata

from .workspaces import custom_object, sorted_sdl, with_custom_field

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def customised_sdl() -> str:
    workspace = with_custom_field(
        standard_workspace(), "company", FieldMetadata("tagline", FieldType.TEXT, "Tagline")
    )
    workspace.object("company").field("employees").is_nullable = False
    workspace.objects["rocket"] = custom_object("rocket", "rockets")
    return sorted_sdl(workspace)


def test_committed_generated_package_is_fresh(
    standard_sdl: str, standard_schema: GraphQLSchema
) -> None:
    """generated/ must be regenerated whenever the emulator's standard schema or queries change:
    python scripts/codegen.py --from-emulator-standard"""
    inputs = collect_inputs(standard_sdl, "generated", ROOT / "queries", schema=standard_schema)
    report = check_package(ROOT / "generated", inputs)
    assert report.ok, report.render()


def test_regenerating_the_standard_package_reproduces_the_committed_bytes(
    standard_sdl: str, standard_schema: GraphQLSchema, tool_python: Path, tmp_path: Path
) -> None:
    """Stronger than the fingerprint: the generator, run again, writes exactly generated/."""
    inputs = collect_inputs(standard_sdl, "generated", ROOT / "queries", schema=standard_schema)
    fresh = generate(inputs, tmp_path / "generated", tool_python=tool_python)

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }

    committed, regenerated = tree(ROOT / "generated"), tree(fresh.path)
    assert sorted(committed) == sorted(regenerated)
    assert [n for n in committed if committed[n] != regenerated[n]] == []


def test_diff_lists_field_changes_per_object_record_objects_first(
    standard_schema: GraphQLSchema, customised_sdl: str
) -> None:
    changes = diff_schemas(standard_schema, build_schema(customised_sdl))
    first = changes[0]
    assert (first.type_name, first.kind, first.status) == ("Company", "object", "changed")
    assert first.added == ["tagline: String"]
    assert first.changed == ["employees: Float  ->  employees: Float!"]
    assert "+ object Rocket" in [line for c in changes for line in c.lines()]
    names = [c.type_name for c in changes]
    assert names.index("Rocket") < names.index("CompanyFilterInput")  # records first
    rendered = "\n".join(first.lines())
    assert rendered.startswith("~ object Company\n    + tagline: String\n    ~ employees")


def test_check_reports_schema_drift_stale_queries_and_hand_edits(
    standard_sdl: str, standard_schema: GraphQLSchema, customised_sdl: str, tmp_path: Path
) -> None:
    package = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", package)
    queries = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", queries)

    drifted = check_package(package, collect_inputs(customised_sdl, "generated", queries))
    assert drifted.schema_changes and not drifted.ok
    assert "    + tagline: String" in drifted.render()

    (queries / "people.graphql").write_text(
        (queries / "people.graphql").read_text().replace("...PersonFields", "...PersonFields\n id")
    )
    stale = check_package(
        package, collect_inputs(standard_sdl, "generated", queries, schema=standard_schema)
    )
    assert stale.stale_inputs == ["queries/people.graphql"]
    assert not stale.schema_changes

    shutil.copytree(ROOT / "queries", queries, dirs_exist_ok=True)
    (package / "objects.py").write_text("# edited\n")
    edited = check_package(
        package, collect_inputs(standard_sdl, "generated", queries, schema=standard_schema)
    )
    assert edited.edited_files == ["objects.py"]
    assert edited.stale_inputs == [] and not edited.schema_changes
    assert "edited by hand" in edited.render()


def test_missing_package_is_reported(tmp_path: Path) -> None:
    sdl = sorted_sdl(WorkspaceMetadata(objects={"pet": custom_object("pet", "pets")}))
    report = check_package(tmp_path / "nothing", collect_inputs(sdl, "nothing", None))
    assert not report.ok
    assert "holds no generated package" in report.render()
