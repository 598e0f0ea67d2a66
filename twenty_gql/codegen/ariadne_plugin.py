"""ariadne-codegen plugin: generated input models refuse fields they do not know.

Copied into the generator's staging directory and loaded by ariadne-codegen in its own tool
venv; never imported at run time. Without it, pydantic ignores unknown keyword arguments:
``CompanyFilterInput(nmae=...)`` dumped to ``{}``, and a filtered delete deleted every record.
With ``extra="forbid"`` the same typo raises a validation error naming ``nmae``, in the raw
generated client too. Result models keep ignoring extra fields (a newer server may add some).
"""

from __future__ import annotations

import ast
from typing import Any

from ariadne_codegen.plugins.base import Plugin  # type: ignore[import-not-found]

__all__ = ["ForbidExtraInputFieldsPlugin"]

_CONFIG = ast.parse('model_config = ConfigDict(extra="forbid")').body[0]
_IMPORT = ast.parse("from pydantic import ConfigDict").body[0]


class ForbidExtraInputFieldsPlugin(Plugin):  # type: ignore[misc]
    """Adds ``model_config = ConfigDict(extra="forbid")`` to every input class."""

    def generate_inputs_module(self, module: ast.Module) -> ast.Module:
        module.body.insert(_first_non_import(module), _IMPORT)
        return module

    def generate_input_class(self, class_def: ast.ClassDef, input_type: Any) -> ast.ClassDef:
        has_docstring = (
            bool(class_def.body)
            and isinstance(class_def.body[0], ast.Expr)
            and isinstance(class_def.body[0].value, ast.Constant)
        )
        class_def.body.insert(1 if has_docstring else 0, _CONFIG)
        return class_def


def _first_non_import(module: ast.Module) -> int:
    for index, node in enumerate(module.body):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            return index
    return len(module.body)
