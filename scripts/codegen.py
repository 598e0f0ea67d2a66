#!/usr/bin/env python3
"""Regenerate a typed client package; the repository's ``generated/`` by default.

    python scripts/codegen.py --from-emulator-standard      # refresh the committed generated/
    python scripts/codegen.py --schema FILE --out DIR --package NAME
    python scripts/codegen.py --check --from-emulator-standard

Same options as ``twenty-gql codegen`` (``twenty_gql.codegen.cli``); this script only keeps
the generator's tool venv in the checkout (``.venv-codegen``) unless told otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TWENTY_GQL_CODEGEN_ENV", str(ROOT / ".venv-codegen"))

from twenty_gql.codegen.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
