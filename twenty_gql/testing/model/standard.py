"""The standard workspace: the objects a fresh Twenty workspace has, as metadata.

The facts live in ``standard_workspace.json`` (written by ``scripts/derive_standard_workspace.py``
from Twenty's real printed schema, without the dev-seed customisations). Every call returns a
fresh, independent :class:`WorkspaceMetadata`, because the emulator mutates its metadata when a
test adds custom fields and a reset must start clean.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from twenty_gql.testing.model.codec import workspace_from_dict
from twenty_gql.testing.model.types import WorkspaceMetadata

__all__ = ["standard_workspace", "workspace_from_dict"]

_RESOURCE = "standard_workspace.json"


@cache
def _raw_objects() -> tuple[dict[str, Any], ...]:
    """The parsed JSON, read once per process (never mutated: objects are built from it)."""
    text = resources.files(__package__).joinpath(_RESOURCE).read_text(encoding="utf-8")
    objects: list[dict[str, Any]] = json.loads(text)["objects"]
    return tuple(objects)


def standard_workspace() -> WorkspaceMetadata:
    """A fresh copy of a default Twenty workspace's metadata (29 standard objects)."""
    return workspace_from_dict({"objects": _raw_objects()})
