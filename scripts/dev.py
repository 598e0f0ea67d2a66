#!/usr/bin/env python3
"""Developer entry point: bootstrap the environment on a fresh machine, then run a job.

Only Python 3.11+ and pip are assumed. The first run creates ``.venv`` (the project and
its dev tools) and re-installs only when ``pyproject.toml`` changes.

    python3 scripts/dev.py demo      # the demo on the embedded emulator
    python3 scripts/dev.py test      # ruff, mypy --strict, pytest (what CI runs)
    python3 scripts/dev.py serve ... # twenty-gql serve, with any arguments
    python3 scripts/dev.py bench     # the benchmarks in bench/
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".twenty-gql-installed"
#: ariadne-codegen's own venv (it pins graphql-core < 3.3; the runtime needs >= 3.3)
CODEGEN_ENV = ROOT / ".venv-codegen"


def _run(*cmd: str | Path, check: bool = True) -> int:
    printable = " ".join(str(c) for c in cmd)
    print(f"+ {printable}", flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    """Create .venv and install the project (editable) with its dev tools, once."""
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(_fingerprint())


def ensure_codegen_env() -> None:
    """Create the generator's isolated tool venv once (pinned ariadne-codegen)."""
    _run(PY, "-c", "from twenty_gql.codegen.generate import ensure_tool_env; ensure_tool_env()")


def test(extra: list[str]) -> int:
    ensure_env()
    ensure_codegen_env()
    _run(PY, "-m", "ruff", "check", ".")
    _run(PY, "-m", "ruff", "format", "--check", ".")
    _run(PY, "-m", "mypy", "twenty_gql")
    return _run(PY, "-m", "pytest", *extra, check=False)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    job, extra = argv[0], argv[1:]
    if job == "test":
        return test(extra)
    ensure_env()
    if job == "demo":
        return _run(PY, "scripts/demo.py", *extra, check=False)
    if job == "serve":
        return _run(VENV / "bin" / "twenty-gql", "serve", *extra, check=False)
    if job == "codegen":
        ensure_codegen_env()
        return _run(PY, "scripts/codegen.py", *extra, check=False)
    if job == "bench":
        code = 0
        for bench in sorted((ROOT / "bench").glob("bench_*.py")):
            code |= _run(PY, bench, *extra, check=False)
        return code
    if job == "env":
        return 0
    print(f"unknown job {job!r}\n{__doc__}")
    return 2


if __name__ == "__main__":
    os.chdir(ROOT)
    os.environ.setdefault("TWENTY_GQL_CODEGEN_ENV", str(CODEGEN_ENV))
    sys.exit(main(sys.argv[1:]))
