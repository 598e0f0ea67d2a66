#!/usr/bin/env python3
"""Codegen wall time and generated-package import time, on three workspaces.

    python bench/bench_codegen.py [--runs N] [--skip-synthetic] [--compare-defaults]

Workspaces: the emulator's standard schema, the real Twenty schema (``../shared``, when it
is there) and a synthetic workspace (standard + 60 custom objects x 40 fields).

* codegen: ``scripts/codegen.py --schema FILE`` in a fresh process, the whole run (startup,
  scaffold, validation, ariadne-codegen in its tool venv, atomic write).
* import: fresh processes with bytecode caching on (a warm-up run writes the .pyc files,
  as an installed package has them), then ``cold`` with no bytecode at all. ``deps`` is the
  baseline in the same process (pydantic + orjson + the request funnel); ``client`` is
  ``import pkg; pkg.Client`` on top of it; ``models`` also imports every fragment and input
  model, which a program touching all objects pays on first use.
* ``--compare-defaults`` also generates the standard package with ariadne-codegen's defaults
  (all inputs/enums, eager models and imports) to show what the tuning buys.

Targets (issue 4): codegen <= 10 s and import <= 0.3 s on the standard schema, <= 30 s and
<= 0.5 s on the large one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TWENTY_GQL_CODEGEN_ENV", str(ROOT / ".venv-codegen"))

from tests.codegen.workspaces import sorted_sdl, synthetic_workspace  # noqa: E402
from twenty_gql.codegen.generate import (  # noqa: E402
    GENERATOR_OPTIONS,
    collect_inputs,
    ensure_tool_env,
    generate,
)
from twenty_gql.testing.model.standard import standard_workspace  # noqa: E402

REAL_SCHEMA = ROOT.parent / "shared" / "twenty" / "real-workspace-schema.graphql"

IMPORT_PROBE = """
import sys, time, importlib, pkgutil
t0 = time.perf_counter()
import pydantic, orjson, twenty_gql.transport
t1 = time.perf_counter()
pkg = importlib.import_module(sys.argv[1])
pkg.Client
t2 = time.perf_counter()
importlib.import_module(sys.argv[1] + ".fragments")
importlib.import_module(sys.argv[1] + ".input_types")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def _codegen_seconds(schema_file: Path, out: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "codegen.py"), "--schema", str(schema_file),
             "--out", str(out), "--no-queries"],
            check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
        times.append(time.perf_counter() - started)
    return times


def _import_seconds(package_dir: Path, runs: int, *, bytecode: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{package_dir.parent}{os.pathsep}{ROOT}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cache = tempfile.mkdtemp(prefix="pyc-")
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = cache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "-c", IMPORT_PROBE, package_dir.name]
    if bytecode:
        subprocess.run(command, env=env, check=True, capture_output=True)  # warm the .pyc
    samples = []
    for _ in range(runs):
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        samples.append([float(x) for x in out.stdout.split()])
    deps, client, models = (statistics.median(column) for column in zip(*samples, strict=True))
    return {"deps": deps, "client": client, "models": models}


def _row(name: str, codegen: list[float], warm: dict[str, float], cold: dict[str, float]) -> str:
    total = warm["deps"] + warm["client"]
    return (
        f"{name:<22} codegen {statistics.median(codegen):6.2f} s | import (warm) deps "
        f"{warm['deps'] * 1e3:5.0f} ms + client {warm['client'] * 1e3:5.0f} ms = "
        f"{total * 1e3:5.0f} ms ({total / warm['deps']:.2f}x deps), +models "
        f"{warm['models'] * 1e3:5.0f} ms | cold client {cold['client'] * 1e3:5.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--compare-defaults", action="store_true")
    args = parser.parse_args()
    ensure_tool_env()
    work = Path(tempfile.mkdtemp(prefix="bench-codegen-"))
    schemas: list[tuple[str, Path]] = []
    standard = work / "standard.graphql"
    standard.write_text(sorted_sdl(standard_workspace()))
    schemas.append(("standard", standard))
    if REAL_SCHEMA.exists():
        schemas.append(("real (../shared)", REAL_SCHEMA))
    if not args.skip_synthetic:
        synthetic = work / "synthetic.graphql"
        synthetic.write_text(sorted_sdl(synthetic_workspace(60, 40)))
        schemas.append(("synthetic 60x40", synthetic))
    results = {}
    print(f"python {sys.version.split()[0]}, {args.runs} runs each, medians")
    for index, (name, schema_file) in enumerate(schemas):
        out = work / f"pkg{index}"
        runs = args.runs if "synthetic" not in name else max(1, args.runs - 1)
        codegen = _codegen_seconds(schema_file, out, runs)
        warm = _import_seconds(out, args.runs * 3, bytecode=True)
        cold = _import_seconds(out, args.runs, bytecode=False)
        results[name] = {"codegen_s": statistics.median(codegen), "warm": warm, "cold": cold,
                         "files": len(list(out.rglob("*.py")))}  # fmt: skip
        print(_row(name, codegen, warm, cold), flush=True)
    if args.compare_defaults:
        defaults = {**GENERATOR_OPTIONS, "include_all_inputs": True, "include_all_enums": True,
                    "defer_model_build": False, "use_alias_generator": False,
                    "lazy_imports": False}  # fmt: skip
        sdl = standard.read_text()
        out = work / "defaults"
        started = time.perf_counter()
        generate(collect_inputs(sdl, "defaults", None, options=defaults), out)
        elapsed = time.perf_counter() - started
        warm = _import_seconds(out, args.runs * 3, bytecode=True)
        cold = _import_seconds(out, args.runs, bytecode=False)
        print(_row("standard, defaults", [elapsed], warm, cold))
        results["standard, ariadne defaults"] = {"codegen_s": elapsed, "warm": warm, "cold": cold}
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results: {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
