"""The package's layer rules, checked on the source's import statements (AST, nothing imported).

- The emulator's lower layers (``testing/api``, ``testing/store``, ``testing/schema``,
  ``testing/model``) never import its upper ones: ``testing/emulator.py``, ``testing/server.py``,
  ``testing/runner.py`` or ``testing/metadata_api``. They see the emulator through
  ``testing/contracts.py`` only.
- The client side (``twenty_gql`` outside ``testing/``) never imports ``twenty_gql.testing`` at
  module level, except ``twenty_gql/codegen/`` for its standard-workspace mode. Imports inside
  functions are the allowed way to reach the emulator lazily (``twenty_gql/cli.py``'s dispatcher,
  codegen's standard-workspace mode), so only module-level imports are checked, including those
  under ``if TYPE_CHECKING:`` (they are module level too).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "twenty_gql"
LOWER_LAYERS = ("testing/api", "testing/store", "testing/schema", "testing/model")
UPPER_MODULES = (
    "twenty_gql.testing.emulator",
    "twenty_gql.testing.server",
    "twenty_gql.testing.runner",
    "twenty_gql.testing.metadata_api",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(path: Path, *, module_level_only: bool) -> Iterator[str]:
    """Every module ``path`` imports (``from x import y`` yields ``x`` and ``x.y``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module, is_package = _module_name(path), path.name == "__init__.py"
    nodes = _module_level(tree.body) if module_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(node, module, is_package)
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def _module_level(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Statements run on import: the body, and the bodies of its if/try blocks."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _module_level(statement.body)
            yield from _module_level(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _module_level(block)
            for handler in statement.handlers:
                yield from _module_level(handler.body)


def _hits(imported: str, targets: tuple[str, ...]) -> bool:
    return any(imported == t or imported.startswith(t + ".") for t in targets)


def _lower_layer_files() -> list[Path]:
    return sorted(p for layer in LOWER_LAYERS for p in (PACKAGE / layer).rglob("*.py"))


def _client_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] not in ("testing", "codegen")
    )


@pytest.mark.parametrize("path", _lower_layer_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lower_emulator_layers_do_not_import_upper_ones(path: Path) -> None:
    upward = [i for i in _imports(path, module_level_only=False) if _hits(i, UPPER_MODULES)]
    assert not upward, f"{path.relative_to(PACKAGE)} imports {sorted(set(upward))}"


def test_the_client_side_does_not_import_the_emulator_at_module_level() -> None:
    found = {
        str(path.relative_to(PACKAGE)): sorted(set(imports))
        for path in _client_files()
        if (
            imports := [
                i
                for i in _imports(path, module_level_only=True)
                if _hits(i, ("twenty_gql.testing",))
            ]
        )
    }
    assert not found


def test_the_checker_sees_relative_and_function_level_imports() -> None:
    """The rules above would pass vacuously if the parser missed imports: check it on the
    tree's own known edges."""
    emulator_imports = set(_imports(PACKAGE / "testing" / "emulator.py", module_level_only=True))
    assert "twenty_gql.testing.contracts" in emulator_imports
    codegen_cli = PACKAGE / "codegen" / "cli.py"  # standard-workspace mode: inside a function
    everywhere = set(_imports(codegen_cli, module_level_only=False))
    module_level = set(_imports(codegen_cli, module_level_only=True))
    assert any(_hits(i, ("twenty_gql.testing",)) for i in everywhere)
    assert not any(_hits(i, ("twenty_gql.testing",)) for i in module_level)
    introspect = set(_imports(PACKAGE / "codegen" / "introspect.py", module_level_only=True))
    assert "twenty_gql._naming" in introspect  # a relative import, resolved
