"""Run ``mypy --strict`` on a user's file the way a user's project would see twenty-gql."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USAGE = Path(__file__).parent / "client" / "typed_usage"

#: an installed package's errors are not the user's: mypy silences site-packages the same way
MYPY_CONFIG = """\
[mypy]
strict = True
python_version = 3.11
[mypy-twenty_gql.*]
ignore_errors = True
"""


def run_mypy(tmp_path: Path, target: Path, *search: Path) -> subprocess.CompletedProcess[str]:
    """mypy on ``target`` with ``search`` (generated packages) and the checkout importable."""
    config = tmp_path / "mypy.ini"
    config.write_text(MYPY_CONFIG)
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(p) for p in (*search, ROOT))}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental",
         str(target)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
