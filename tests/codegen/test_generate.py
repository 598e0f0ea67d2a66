"""Generation: deterministic, atomic, typed scalars, and a runtime free of the generator."""

from __future__ import annotations

import datetime
import fnmatch
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

import pydantic
import pytest

from twenty_gql.codegen import cli
from twenty_gql.codegen.generate import collect_inputs, generate
from twenty_gql.testing.model.types import FieldMetadata, FieldType, WorkspaceMetadata

from .workspaces import custom_object, sorted_sdl

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_sdl() -> str:
    """A workspace of two custom objects: fast to generate, every scalar Twenty maps."""
    rocket = custom_object(
        "rocket",
        "rockets",
        [
            FieldMetadata("thrust", FieldType.NUMBER, "Thrust"),
            FieldMetadata("cost", FieldType.NUMERIC, "Cost"),
            FieldMetadata("launchDate", FieldType.DATE, "Launch date"),
            FieldMetadata("specs", FieldType.RAW_JSON, "Specs"),
            FieldMetadata("reusable", FieldType.BOOLEAN, "Reusable"),
            FieldMetadata("budget", FieldType.CURRENCY, "Budget"),
        ],
    )
    pet = custom_object("pet", "pets", [FieldMetadata("species", FieldType.TEXT, "Species")])
    return sorted_sdl(WorkspaceMetadata(objects={"rocket": rocket, "pet": pet}))


def _files(package_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(package_dir).as_posix(): p.read_bytes()
        for p in sorted(package_dir.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_same_schema_and_queries_give_byte_identical_files(
    small_sdl: str, tool_python: Path, tmp_path: Path
) -> None:
    first = generate(collect_inputs(small_sdl, "smallgen", None), tmp_path / "a" / "smallgen",
                     tool_python=tool_python)  # fmt: skip
    second = generate(collect_inputs(small_sdl, "smallgen", None), tmp_path / "b" / "smallgen",
                      tool_python=tool_python)  # fmt: skip
    assert _files(first.path) == _files(second.path)
    names = set(_files(first.path))
    assert {"schema.graphql", "codegen.json", "client.py", "base_client.py", "objects.py"} <= names
    assert "operations/rocket.graphql" in names
    assert (first.path / "schema.graphql").read_text() == small_sdl
    init = (first.path / "__init__.py").read_text()  # typed hooks: consumers pass mypy --strict
    assert "def __getattr__(name: str) -> object:" in init
    assert "def __dir__() -> list[str]:" in init


def test_failed_run_leaves_the_previous_package_untouched(
    small_sdl: str, tool_python: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "smallgen"
    generate(collect_inputs(small_sdl, "smallgen", None), out, tool_python=tool_python)
    before = _files(out)
    schema_file = tmp_path / "schema.graphql"
    schema_file.write_text(small_sdl)
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "rockets.graphql").write_text(
        "query RocketNames {\n  rockets {\n    edges { node { name fuel } }\n  }\n}\n"
    )
    code = cli.main(["--schema", str(schema_file), "--out", str(out), "--queries", str(queries)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{queries / 'rockets.graphql'}:3:" in err
    assert "Cannot query field 'fuel' on type 'Rocket'" in err
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queries", "schema.graphql", "smallgen"]


def test_twenty_scalars_become_python_types(
    small_sdl: str,
    tool_python: Path,
    tmp_path: Path,
    import_package: Callable[[Path], ModuleType],
) -> None:
    """UUID, DateTime, Date, BigFloat, JSON, Position: Twenty's wire formats, typed."""
    generate(collect_inputs(small_sdl, "scalargen", None), tmp_path / "scalargen",
             tool_python=tool_python)  # fmt: skip
    package = import_package(tmp_path / "scalargen")
    fields = package.RocketFields.model_fields

    def annotation(name: str) -> Any:
        return fields[name].annotation

    assert annotation("id") is uuid.UUID
    assert annotation("created_at") is datetime.datetime
    assert annotation("deleted_at") == datetime.datetime | None
    assert annotation("launch_date") == datetime.date | None
    assert annotation("thrust") == float | None
    assert annotation("cost") == float | None  # BigFloat: a JSON number on the wire
    assert annotation("position") is float
    assert pydantic.JsonValue in get_args(annotation("specs"))
    record = package.RocketFields.model_validate(
        {
            "__typename": "Rocket",
            "id": "6f0c6a1e-1b8e-4a52-9a3c-0c1d2e3f4a5b",
            "name": "Falcon",
            "position": 1,
            "createdAt": "2026-02-27T01:17:29.464Z",
            "updatedAt": "2026-02-27T01:17:29.464Z",
            "deletedAt": None,
            "createdBy": {"source": "API", "name": "key", "workspaceMemberId": None,
                          "context": {}},
            "searchVector": None,
            "thrust": 7.5,
            "cost": 1.25,
            "launchDate": "2026-03-01",
            "specs": {"stages": [1, 2]},
            "reusable": True,
            "budget": {"amountMicros": 1000000, "currencyCode": "USD"},
        }
    )  # fmt: skip
    assert record.launch_date == datetime.date(2026, 3, 1)
    assert record.created_at.tzinfo is not None
    assert record.specs == {"stages": [1, 2]}
    assert record.budget is not None and record.budget.amount_micros == 1000000


def test_generated_package_imports_without_the_generator_or_httpx() -> None:
    """The runtime path is gql/aiohttp/pydantic: ariadne-codegen and httpx stay out."""
    script = (
        "import sys, generated, generated.fragments, generated.input_types\n"
        "from generated import Client\n"
        "assert Client.find_many_companies\n"
        "bad = [m for m in ('ariadne_codegen', 'httpx') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


def test_verify_import_imports_every_module_of_a_fresh_package(
    small_sdl: str, tool_python: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What CI runs on the real Twenty schema: generate into a package of one's own, import."""
    schema_file = tmp_path / "schema.graphql"
    schema_file.write_text(small_sdl)
    out = tmp_path / "mine" / "crm_client"
    argv = ["--schema", str(schema_file), "--out", str(out), "--no-queries", "--verify-import"]
    assert cli.main(argv) == 0
    assert "generated crm_client" in capsys.readouterr().out
    assert (out / "find_many_rockets.py").exists()


def _find_packages(root: Path, include: list[str]) -> list[str]:
    """What setuptools' ``find_packages(where, include)`` answers: dotted names of directories
    with an ``__init__.py`` under package directories (links followed), filtered by fnmatch."""
    found: list[str] = []

    def walk(directory: Path, prefix: str) -> None:
        for child in sorted(directory.iterdir()):
            if child.is_dir() and (child / "__init__.py").is_file():
                name = f"{prefix}{child.name}"
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in include):
                    found.append(name)
                walk(child, f"{name}.")

    walk(root, "")
    return found


def test_the_wheel_ships_no_top_level_generated_module() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = _find_packages(ROOT, include)
    assert "twenty_gql.codegen" in packages
    assert not [p for p in packages if p.split(".")[0] in {"generated", "queries", "tests"}]
