"""Workspace schema build time: what every metadata change (and every reset) costs.

Measures, for the 29-object standard workspace, the median of

* ``standard_workspace()``: a fresh metadata copy (done on every test reset);
* ``build_workspace_schema``: metadata -> executable graphql-core schema (the emulator's path);
* ``build_workspace_sdl``: metadata -> SDL text;

against the baseline taken in the same run: parsing that SDL with graphql-core
(``parse`` + ``build_ast_schema``), i.e. what building through SDL text would cost. Prints
medians in ms and ratios; no assertion (performance is measured, not asserted).

    python bench/bench_schema_build.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.schema import build_workspace_schema, build_workspace_sdl, schema_from_sdl


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm caches (parsed JSON, shared types)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    workspace = standard_workspace()
    sdl = build_workspace_sdl(workspace)
    baseline = median_ms(lambda: schema_from_sdl(sdl), args.runs)
    rows = [
        ("standard_workspace()", median_ms(standard_workspace, args.runs)),
        ("build_workspace_schema", median_ms(lambda: build_workspace_schema(workspace), args.runs)),
        ("build_workspace_sdl", median_ms(lambda: build_workspace_sdl(workspace), args.runs)),
        ("baseline: parse SDL", baseline),
    ]
    print(f"schema build, standard workspace ({len(sdl) // 1024} KB SDL), median of {args.runs}")
    for name, ms in rows:
        print(f"  {name:24s} {ms:8.1f} ms   {ms / baseline:5.2f}x baseline")


if __name__ == "__main__":
    main()
