"""The draft README sections in ``docs-draft/`` are code too: their ``python`` and
``bash run`` blocks run in order against a demo-seeded emulator, as ``test_readme`` does
for the README (same runner, same substitutions)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.seed import seed_demo

from .test_readme import FENCE, RUNNER

DRAFTS = sorted((Path(__file__).resolve().parents[1] / "docs-draft").glob("*.md"))
BLOCKS = [
    (draft, draft.read_text(encoding="utf-8").count("\n", 0, match.start()) + 1, info, code)
    for draft in DRAFTS
    for match in FENCE.finditer(draft.read_text(encoding="utf-8"))
    if (info := match.group(1).strip()) in ("python", "bash run")
    for code in [match.group(2)]
]


@pytest.fixture(scope="module")
def draft_server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        seed_demo(server.emulator)
        yield server


@pytest.mark.parametrize(
    ("draft", "line", "kind", "code"), BLOCKS, ids=[f"{d.name}:{n}" for d, n, _, _ in BLOCKS]
)
def test_draft_block_runs(
    draft: Path,
    line: int,
    kind: str,
    code: str,
    draft_server: EmulatorServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outside = tmp_path_factory.getbasetemp() / "drafts"
    outside.mkdir(exist_ok=True)
    (outside / "run_block.py").write_text(RUNNER)
    code = code.replace("http://localhost:3000", draft_server.url).replace(
        "dev-key", draft_server.api_key
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TWENTY_API_URL")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if kind == "bash run":
        command = ["bash", "-euo", "pipefail", "-c", code]
    else:
        script = outside / f"{draft.stem}_{line}.py"
        script.write_text(code)
        command = [sys.executable, "run_block.py", script.name]
    result = subprocess.run(
        command, cwd=outside, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{draft.name}:{line} failed:\n{result.stdout}\n{result.stderr}"
