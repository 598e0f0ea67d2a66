"""``twenty-gql codegen``: schema -> scaffolded + hand-written operations -> typed package.

twenty-gql codegen                          # introspect $TWENTY_API_URL with $TWENTY_API_KEY
twenty-gql codegen --schema schema.graphql  # or read SDL
twenty-gql codegen --out app/twenty --package twenty
twenty-gql codegen --check                  # exit 1 with a field-level diff if stale
twenty-gql codegen --wait-for company.tagline --wait-for pet.*   # after /metadata changes
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema

from .. import errors
from .documents import OperationError
from .drift import check_package
from .generate import CodegenError, collect_inputs, generate
from .introspect import (
    FieldWaitTimeout,
    fetch_schema,
    load_sdl,
    missing_fields,
    schema_from_sdl,
    sorted_schema,
    wait_for_fields,
)

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twenty-gql codegen",
        description="Generate a typed async client package from a Twenty workspace schema.",
    )
    source = parser.add_argument_group("schema source (one of)")
    source.add_argument(
        "--url", default=os.environ.get("TWENTY_API_URL"), help="server or /graphql URL "
        "(default $TWENTY_API_URL)",
    )  # fmt: skip
    source.add_argument(
        "--api-key", default=os.environ.get("TWENTY_API_KEY"),
        help="API key whose role the client will use (default $TWENTY_API_KEY)",
    )  # fmt: skip
    source.add_argument("--schema", type=Path, help="read the schema from an SDL file")
    source.add_argument(
        "--from-emulator-standard",
        action="store_true",
        help="the emulator's standard workspace schema (what generated/ is built from)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the package directory (default ./PACKAGE, or ./generated)",
    )
    parser.add_argument(
        "--package", help="the package's import name (default: the --out directory's name)"
    )
    parser.add_argument(
        "--queries",
        type=Path,
        default=None,
        help="hand-written *.graphql to compile too (default ./queries if it exists)",
    )
    parser.add_argument("--no-queries", action="store_true", help="compile scaffolded ops only")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the differences if the package is not fresh",
    )
    parser.add_argument(
        "--wait-for",
        action="append",
        default=[],
        metavar="OBJECT.FIELD",
        help="poll introspection until this field exists (repeatable; OBJECT.* for an object)",
    )
    parser.add_argument("--wait-timeout", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument(
        "--verify-import",
        action="store_true",
        help="after generating, import every module of the package in a fresh interpreter",
    )
    return parser


def _emulator_standard_sdl() -> str:
    try:
        from twenty_gql.testing.model.standard import standard_workspace
        from twenty_gql.testing.schema import build_workspace_sdl
    except ImportError as exc:  # pragma: no cover - only before the emulator exists
        raise CodegenError(f"the emulator's schema builder is not available: {exc}") from exc
    return str(build_workspace_sdl(standard_workspace()))


def _load_schema(args: argparse.Namespace) -> tuple[str, GraphQLSchema]:
    """The sorted SDL and the schema object it prints, from the chosen source."""
    if args.schema is not None:
        if not args.schema.is_file():
            raise CodegenError(f"--schema {args.schema}: no such file")
        schema = load_sdl(args.schema)
        missing = missing_fields(schema, args.wait_for)
        if missing:
            raise CodegenError(f"{args.schema} lacks {', '.join(missing)}")
        return sorted_schema(schema)
    if args.from_emulator_standard:
        return sorted_schema(schema_from_sdl(_emulator_standard_sdl()))
    if not args.url:
        raise CodegenError("no schema source: pass --schema FILE or --url (or $TWENTY_API_URL)")
    if args.wait_for:
        schema = asyncio.run(
            wait_for_fields(args.url, args.api_key, args.wait_for, timeout=args.wait_timeout)
        )
    else:
        schema = asyncio.run(fetch_schema(args.url, args.api_key))
    return sorted_schema(schema)


def _queries_dir(args: argparse.Namespace) -> Path | None:
    if args.no_queries:
        return None
    if args.queries is not None:
        if not args.queries.is_dir():
            raise CodegenError(f"--queries {args.queries}: no such directory")
        return Path(args.queries)
    default = Path("queries")
    return default if default.is_dir() else None


def _package_name(args: argparse.Namespace) -> str:
    """The import name, and ``args.out`` settled: a package is imported by its directory."""
    if args.out is None:
        args.out = Path(args.package or "generated")
    name = str(args.package or args.out.resolve().name)
    if not name.isidentifier():
        raise CodegenError(f"package name {name!r} is not a Python identifier (use --package)")
    if args.out.resolve().name != name:
        raise CodegenError(
            f"--out {args.out} would not import as {name!r}: the directory must be named "
            f"{name} (e.g. --out {args.out.parent / name})"
        )
    return name


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    package = _package_name(args)
    sdl, schema = _load_schema(args)
    inputs = collect_inputs(sdl, package, _queries_dir(args), schema=schema)
    if args.check:
        report = check_package(args.out, inputs)
        print(report.render(), file=sys.stdout if report.ok else sys.stderr)
        return 0 if report.ok else 1
    result = generate(inputs, args.out)
    if args.verify_import:
        verify_import(result.path)
    elapsed = time.perf_counter() - started
    print(
        f"generated {result.package} in {result.path}: {len(result.objects)} objects, "
        f"{len(inputs.documents.operation_names)} operations, {len(result.files)} files "
        f"({elapsed:.1f}s)"
    )
    return 0


_IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
package.Client
for module in pkgutil.iter_modules(package.__path__):
    importlib.import_module(f"{sys.argv[1]}.{module.name}")
"""


def verify_import(package_dir: Path) -> None:
    """Import the package and each of its modules in a fresh interpreter (this one's python)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package_dir.parent), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, package_dir.name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CodegenError(f"the generated package does not import:\n{result.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``twenty-gql codegen`` and ``scripts/codegen.py``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except OperationError as exc:
        print("operations do not fit the schema; nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (CodegenError, FieldWaitTimeout, errors.TwentyError, GraphQLError) as exc:
        print(f"codegen: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
