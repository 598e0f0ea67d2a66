"""The README's main command: the demo runs end to end on the embedded emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "scripts" / "demo.py"


def test_the_demo_imports_reads_relations_and_exports() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWENTY_API_")}
    done = subprocess.run(
        [sys.executable, str(DEMO)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = " ".join(done.stdout.split())
    assert "bulk import: 2,000 companies and 6,000 people" in out
    assert "an N+1 loop needs 8,182" in out
    assert "export: 2,040 companies with their people" in out
    assert "twenty-gql demo" in out
