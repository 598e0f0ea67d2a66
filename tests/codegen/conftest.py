"""Fixtures for codegen tests: schemas built from emulator metadata, the generator's venv."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from graphql import GraphQLSchema, build_schema

from twenty_gql.codegen.generate import ensure_tool_env
from twenty_gql.testing.model.standard import standard_workspace

from .workspaces import sorted_sdl

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def standard_sdl() -> str:
    """The emulator's standard workspace schema, printed as codegen saves it."""
    return sorted_sdl(standard_workspace())


@pytest.fixture(scope="session")
def standard_schema(standard_sdl: str) -> GraphQLSchema:
    return build_schema(standard_sdl)


@pytest.fixture(scope="session")
def tool_python() -> Path:
    """The generator's own venv (``.venv-codegen`` in the checkout, made once like ``.venv``)."""
    os.environ.setdefault("TWENTY_GQL_CODEGEN_ENV", str(ROOT / ".venv-codegen"))
    return ensure_tool_env()


@pytest.fixture
def import_package() -> Iterator[Callable[[Path], ModuleType]]:
    """Import a generated package from its directory; forgotten again after the test."""
    added: list[str] = []
    names: list[str] = []

    def _import(package_dir: Path) -> ModuleType:
        parent = str(package_dir.parent)
        if parent not in sys.path:
            sys.path.insert(0, parent)
            added.append(parent)
        names.append(package_dir.name)
        return importlib.import_module(package_dir.name)

    yield _import
    for parent in added:
        sys.path.remove(parent)
    for name in names:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
