"""``mypy --strict`` on user code sees concrete types: the standard workspace as installed."""

from __future__ import annotations

from pathlib import Path

from ..typecheck import USAGE, run_mypy


def test_standard_workspace_usage_type_checks(tmp_path: Path) -> None:
    result = run_mypy(tmp_path, USAGE / "standard.py")
    assert result.returncode == 0, result.stdout + result.stderr
