"""The README is code: every ``python`` block runs, in order, from a directory outside the
repository, on the installed package, against an emulator seeded with the demo workspace.

Blocks run as scripts (top-level ``await`` allowed, as in ``python -m asyncio``); a
```` ```python test ```` block runs under pytest with the package's plugin; a
```` ```bash run ```` block runs in a shell with the package's console script on ``PATH``;
other ``bash`` blocks are shown, not run. ``http://localhost:3000`` and ``dev-key`` stand for
the emulator's address and key, as in the README's ``twenty-gql serve`` line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.seed import seed_demo

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)

RUNNER = """\
import ast, asyncio, sys
path = sys.argv[1]
code = compile(open(path).read(), path, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
result = eval(code, {"__name__": "__main__", "__file__": path})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


@dataclass(frozen=True)
class Block:
    line: int
    kind: str  # "python", "python test", "bash run"
    code: str


def runnable_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        info = match.group(1).strip()
        if info in ("python", "python test", "bash run"):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append(Block(line, info, match.group(2)))
    return blocks


BLOCKS = runnable_blocks()


@pytest.fixture(scope="module")
def readme_server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        seed_demo(server.emulator)
        yield server


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory that is not the checkout: imports come from the installed package."""
    directory = tmp_path_factory.mktemp("readme")
    (directory / "run_block.py").write_text(RUNNER)
    return directory


def test_the_readme_has_runnable_blocks() -> None:
    kinds = {block.kind for block in BLOCKS}
    assert {"python", "python test", "bash run"} <= kinds and len(BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{b.line}" for b in BLOCKS])
def test_readme_block_runs(block: Block, readme_server: EmulatorServer, outside: Path) -> None:
    code = block.code.replace("http://localhost:3000", readme_server.url).replace(
        "dev-key", readme_server.api_key
    )
    bin_dir = str(Path(sys.executable).parent)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "TWENTY_API_URL", "TWENTY_API_KEY")
    }
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    if block.kind == "bash run":
        command = ["bash", "-euo", "pipefail", "-c", code]
    elif block.kind == "python test":
        test_file = outside / f"test_readme_{block.line}.py"
        test_file.write_text(code)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-o", "asyncio_mode=auto", "--rootdir", str(outside), test_file.name]  # fmt: skip
    else:
        script = outside / f"readme_{block.line}.py"
        script.write_text(code)
        command = [sys.executable, "run_block.py", script.name]
    result = subprocess.run(
        command, cwd=outside, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, (
        f"README.md:{block.line} ({block.kind}) failed:\n{result.stdout}\n{result.stderr}"
    )
