"""Run ariadne-codegen on the scaffolded and hand-written operations, and write the package.

ariadne-codegen 0.19 needs graphql-core < 3.3 while the runtime (gql >= 4.4) needs >= 3.3, so
the generator never runs in the application's environment: it runs in its own tool venv
(``$TWENTY_GQL_CODEGEN_ENV``, else a cache dir), created on first use with pinned versions,
through a subprocess and a config file written here. The runtime needs neither
ariadne-codegen nor httpx.

ariadne-codegen is handed only the slice of the schema the operations reach (``prune``) and
does not validate again (``documents`` did, against the full schema): on Twenty's schemas
that is most of its time saved. Output is written to a staging directory beside ``out`` and
swapped in only when everything succeeded, so a failing run leaves the previous package
untouched. The same inputs give byte-identical files: inputs are sorted, comments are
stable, the tool versions are pinned.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLSchema

from .binding import input_names, render_workspace_module
from .documents import Documents, load_documents
from .introspect import schema_from_sdl
from .prune import pruned_sdl
from .scaffold import RecordObject, scaffold

__all__ = [
    "GENERATOR_VERSION",
    "TOOL_REQUIREMENTS",
    "CodegenError",
    "GeneratedPackage",
    "Inputs",
    "collect_inputs",
    "ensure_tool_env",
    "generate",
]

#: bump when this module's output changes for the same inputs (part of the freshness hash)
GENERATOR_VERSION = "5"
#: everything that shapes the generated text is pinned, so output is reproducible
TOOL_REQUIREMENTS = ("ariadne-codegen==0.19.0", "graphql-core==3.2.14", "ruff==0.15.22")

BASE_CLIENT_FILE = Path(__file__).with_name("base_client.py")
MANIFEST = "codegen.json"
SCHEMA_FILE = "schema.graphql"
OPERATIONS_DIR = "operations"

#: Twenty's scalars as Python types. BigFloat is ``float``: Twenty serialises it with
#: ``parseFloat`` (a JSON number), so a Decimal would promise precision the wire lacks;
#: micros amounts stay exact up to 2**53.
SCALARS: dict[str, str] = {
    "UUID": "uuid.UUID",
    "DateTime": "datetime.datetime",
    "Date": "datetime.date",
    "BigFloat": "float",
    "BigInt": "int",
    "Position": "float",
    "JSON": "pydantic.JsonValue",
    "JSONObject": "pydantic.JsonValue",
    "RawJSON": "pydantic.JsonValue",
    "RawJSONScalar": "pydantic.JsonValue",
    "Cursor": "str",
    "ConnectionCursor": "str",
    "TSVector": "str",
    "ID": "uuid.UUID",  # operation variables declared ``ID`` (the one place ariadne reads it)
}
#: scalars the generator's schema slice names by another: every ``ID`` Twenty serves is a
#: record's UUID (``companyId: ID``, ``id: ID`` on create inputs) while ``id`` itself is
#: ``UUID!``, and ariadne-codegen types ``ID`` fields as ``str`` whatever ``scalars`` says, so
#: ``person.company_id == company.id`` would never hold. Printed as ``UUID``, they share a type.
RETYPED_SCALARS: dict[str, str] = {"ID": "UUID"}

#: tuned for Twenty's very large schema (anchors §2.1): only the inputs/enums operations use,
#: models built on first use, modules imported on first use, aliases from a generator.
GENERATOR_OPTIONS: dict[str, bool] = {
    "include_all_inputs": False,
    "include_all_enums": False,
    "defer_model_build": True,
    "use_alias_generator": True,
    "lazy_imports": True,
    "multipart_uploads": False,
    "include_typename": True,
    "ignore_extra_fields": True,
}
PLUGIN_FILE = Path(__file__).with_name("ariadne_plugin.py")
#: the plugin module's name in the staging dir (importable there: it is the working directory)
PLUGIN_MODULE = "twenty_gql_ariadne_plugin"
PLUGINS = (
    "ariadne_codegen.contrib.shorter_results.ShorterResultsPlugin",
    f"{PLUGIN_MODULE}.ForbidExtraInputFieldsPlugin",
)
#: the typed binding ``TwentyClient`` subclass, written into every package
WORKSPACE_MODULE = "workspace.py"
#: graphql-core 3.2's validation rules, all skipped in ariadne-codegen: ``documents`` has
#: already validated every operation against the full schema (with graphql-core 3.3), and
#: the generator only sees the pruned slice of it.
SKIPPED_VALIDATION_RULES = (
    "ExecutableDefinitions", "UniqueOperationNames", "LoneAnonymousOperation",
    "SingleFieldSubscriptions", "KnownTypeNames", "FragmentsOnCompositeTypes",
    "VariablesAreInputTypes", "ScalarLeafs", "FieldsOnCorrectType", "UniqueFragmentNames",
    "KnownFragmentNames", "NoUnusedFragments", "PossibleFragmentSpreads", "NoFragmentCycles",
    "UniqueVariableNames", "NoUndefinedVariables", "NoUnusedVariables", "KnownDirectives",
    "UniqueDirectivesPerLocation", "KnownArgumentNames", "UniqueArgumentNames",
    "ValuesOfCorrectType", "ProvidedRequiredArguments", "VariablesInAllowedPosition",
    "OverlappingFieldsCanBeMerged", "UniqueInputFieldNames", "MaxIntrospectionDepth",
)  # fmt: skip
#: the pruned schema ariadne-codegen reads, in the staging dir (named like the saved one, so
#: the generated files' "# Source:" comments point at the package's full schema.graphql)
GENERATOR_SCHEMA_FILE = SCHEMA_FILE


class CodegenError(Exception):
    """Codegen could not produce a package; the message says why."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the output depends on, and its hash (the freshness check compares it)."""

    sdl: str
    schema: GraphQLSchema
    objects: list[RecordObject]
    documents: Documents
    package: str
    #: ariadne-codegen switches; GENERATOR_OPTIONS unless a benchmark compares others
    options: Mapping[str, bool] = field(default_factory=lambda: dict(GENERATOR_OPTIONS))

    def input_hashes(self) -> dict[str, str]:
        """sha256 of each input file, so a stale check can say which input changed."""
        files = {
            SCHEMA_FILE: self.sdl,
            "base_client.py": BASE_CLIENT_FILE.read_text(encoding="utf-8"),
            **self.documents.files,
        }
        return {
            name: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for name, text in sorted(files.items())
        }

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        parts: list[str] = [
            GENERATOR_VERSION,
            *TOOL_REQUIREMENTS,
            self.package,
            json.dumps(dict(self.options), sort_keys=True),
            json.dumps(SCALARS, sort_keys=True),
            json.dumps(RETYPED_SCALARS, sort_keys=True),
            *PLUGINS,
            _RUNNER,
            BASE_CLIENT_FILE.read_text(encoding="utf-8"),
            PLUGIN_FILE.read_text(encoding="utf-8"),
            self.sdl,
        ]
        for name, text in sorted(self.documents.files.items()):
            parts += [name, text]
        for part in parts:
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class GeneratedPackage:
    path: Path
    package: str
    fingerprint: str
    objects: list[RecordObject]
    files: dict[str, str]  # relative path -> sha256


def collect_inputs(
    sdl: str,
    package: str,
    queries: Path | None,
    *,
    schema: GraphQLSchema | None = None,
    options: Mapping[str, bool] | None = None,
) -> Inputs:
    """Scaffold and validate; raises ``documents.OperationError`` naming file:line:field.

    ``schema`` may be passed when the caller already built it from ``sdl``.
    """
    schema = schema if schema is not None else schema_from_sdl(sdl)
    objects, scaffolded = scaffold(schema)
    generated = {f"{OPERATIONS_DIR}/{name}": text for name, text in scaffolded.items()}
    documents = load_documents(schema, generated, queries)
    chosen = dict(GENERATOR_OPTIONS if options is None else options)
    return Inputs(sdl, schema, objects, documents, package, chosen)


def _tool_env_dir() -> Path:
    configured = os.environ.get("TWENTY_GQL_CODEGEN_ENV")
    if configured:
        return Path(configured)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "twenty-gql" / "codegen-env"


def _env_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_tool_env(env: Path | None = None) -> Path:
    """The tool venv's python, creating the venv with the pinned generator on first use."""
    env = env or _tool_env_dir()
    python = _env_python(env)
    stamp = env / ".twenty-gql-requirements"
    wanted = "\n".join(TOOL_REQUIREMENTS)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(
        f"twenty-gql codegen: preparing its tool environment in {env} "
        f"({', '.join(TOOL_REQUIREMENTS)}); this happens once and takes about a minute",
        file=sys.stderr,
        flush=True,
    )
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(env)
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *TOOL_REQUIREMENTS],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise CodegenError(
            f"could not install {', '.join(TOOL_REQUIREMENTS)} into {env}:\n{result.stderr}"
        )
    stamp.write_text(wanted)
    return python


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def render_config(
    package: str, schema: GraphQLSchema, options: Mapping[str, bool] = GENERATOR_OPTIONS
) -> str:
    """The ariadne-codegen config; paths are relative to the staging dir (stable comments).

    ``schema`` decides which scalar mappings apply: the scalars it defines, and the stand-ins
    the schema slice prints for them (``RETYPED_SCALARS``)."""
    settings: dict[str, object] = {
        "schema_path": GENERATOR_SCHEMA_FILE,
        "queries_path": "documents",
        "target_package_name": package,
        "target_package_path": ".",
        "base_client_name": "AsyncBaseClient",
        "base_client_file_path": "base_client.py",
        "base_client_module_name": "base_client",
        "files_to_include": ["objects.py"],
        "include_comments": "stable",
        "skip_validation_rules": list(SKIPPED_VALIDATION_RULES),
        **options,
        "plugins": list(PLUGINS),
    }
    lines = ["[tool.ariadne-codegen]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in settings.items()]
    stand_ins = {new for old, new in RETYPED_SCALARS.items() if schema.get_type(old) is not None}
    for name, python_type in SCALARS.items():
        if schema.get_type(name) is not None or name in stand_ins:
            lines += [
                "",
                f"[tool.ariadne-codegen.scalars.{name}]",
                f"type = {json.dumps(python_type)}",
            ]
    return "\n".join(lines) + "\n"


def render_objects_module(objects: list[RecordObject], schema: GraphQLSchema) -> str:
    """``objects.py``: each record object, its Client methods and input types, for the facade
    to bind at run time (``twenty_gql.resources``)."""
    kinds = [
        "find_many", "find_one", "create_one", "create_many", "update_one", "update_many",
        "delete_one", "delete_many", "destroy_one", "destroy_many", "restore_one",
        "restore_many",
    ]  # fmt: skip
    out = [
        '"""The record objects of this workspace and their generated ``Client`` methods."""',
        "",
        "from typing import NamedTuple, Optional",
        "",
        "",
        "class ObjectOperations(NamedTuple):",
        '    """One object: its GraphQL names, its fragment model, its Client methods."""',
        "",
        "    name_singular: str",
        "    name_plural: str",
        "    type_name: str",
        "    fragment: str",
        "    document: str",
        "    filter_input: Optional[str]",
        "    order_by_input: Optional[str]",
        "    create_input: Optional[str]",
        "    update_input: Optional[str]",
        *(f"    {kind}: Optional[str]" for kind in kinds),
        "",
        "",
        "OBJECTS: dict[str, ObjectOperations] = {",
    ]
    for obj in objects:
        out.append(f'    "{obj.name_singular}": ObjectOperations(')
        out.append(f'        name_singular="{obj.name_singular}",')
        out.append(f'        name_plural="{obj.name_plural}",')
        out.append(f'        type_name="{obj.type_name}",')
        out.append(f'        fragment="{obj.fragment}",')
        out.append(f'        document="{OPERATIONS_DIR}/{obj.file_name}",')
        names = input_names(schema, obj)
        for label, name in zip(
            ("filter_input", "order_by_input", "create_input", "update_input"), names, strict=True
        ):
            out.append(f'        {label}="{name}",' if name else f"        {label}=None,")
        for kind in kinds:
            operation = obj.operation(kind)
            out.append(
                f'        {kind}="{operation.method}",' if operation else f"        {kind}=None,"
            )
        out.append("    ),")
    out.append("}")
    return "\n".join(out) + "\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hashes(package_dir: Path) -> dict[str, str]:
    """sha256 of every file in the package but the manifest, by relative posix path."""
    return {
        path.relative_to(package_dir).as_posix(): _sha256(path)
        for path in sorted(package_dir.rglob("*"))
        if path.is_file() and path.name != MANIFEST and "__pycache__" not in path.parts
    }


#: Run in the tool venv. ariadne-codegen parses documents with source locations and then
#: deep-copies each operation's AST (tokens and all) several times; it never reads the
#: locations (its input was validated here already), so parsing without them gives the same
#: output about 20% sooner on large workspaces.
_RUNNER = """
from graphql.language import parser

_init = parser.Parser.__init__
parser.Parser.__init__ = lambda self, source, no_location=False, **kw: _init(
    self, source, no_location=True, **kw
)

from ariadne_codegen.main import main

main(["--config", "ariadne.toml", "client"])
"""


def _run_ariadne(python: Path, staging: Path) -> None:
    result = subprocess.run(
        [str(python), "-c", _RUNNER],
        cwd=staging,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise CodegenError("ariadne-codegen failed:\n" + "\n".join(detail[-25:]))


#: ariadne-codegen's lazy ``__init__`` leaves its two module hooks unannotated, which makes
#: ``mypy --strict`` fail in every project importing the package; annotate them.
_INIT_ANNOTATIONS = (
    ("def __getattr__(name):", "def __getattr__(name: str) -> object:"),
    ("def __dir__():", "def __dir__() -> list[str]:"),
)


def _annotate_init(init_file: Path) -> None:
    text = init_file.read_text(encoding="utf-8")
    for plain, annotated in _INIT_ANNOTATIONS:
        text = text.replace(plain, annotated)
    init_file.write_text(text, encoding="utf-8", newline="\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _swap_in(staged: Path, out: Path) -> None:
    """Replace ``out`` by ``staged``: two renames on one filesystem, old copy removed last."""
    backup = None
    if out.exists():
        backup = out.with_name(f".{out.name}.previous-{os.getpid()}")
        if backup.exists():
            shutil.rmtree(backup)
        out.rename(backup)
    try:
        staged.rename(out)
    except OSError:
        if backup is not None:
            backup.rename(out)
        raise
    if backup is not None:
        shutil.rmtree(backup)


def generate(
    inputs: Inputs,
    out: Path,
    *,
    tool_python: Path | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> GeneratedPackage:
    """Write the package for ``inputs`` to ``out`` (a directory named anything).

    ``out`` holds the ariadne-codegen package plus ``schema.graphql`` (the printed schema),
    ``operations/`` (the scaffolded documents) and ``codegen.json`` (fingerprint and file
    hashes, for ``--check``).
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    python = tool_python or ensure_tool_env()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.codegen-", dir=out.parent))
    try:
        _write(
            staging / GENERATOR_SCHEMA_FILE,
            pruned_sdl(inputs.schema, inputs.documents.document, RETYPED_SCALARS),
        )
        for name, text in inputs.documents.files.items():
            _write(staging / "documents" / name, text)
        _write(staging / "objects.py", render_objects_module(inputs.objects, inputs.schema))
        shutil.copyfile(BASE_CLIENT_FILE, staging / "base_client.py")
        shutil.copyfile(PLUGIN_FILE, staging / f"{PLUGIN_MODULE}.py")
        _write(
            staging / "ariadne.toml", render_config(inputs.package, inputs.schema, inputs.options)
        )
        _run_ariadne(python, staging)
        package_dir = staging / inputs.package
        _annotate_init(package_dir / "__init__.py")
        _write(package_dir / SCHEMA_FILE, inputs.sdl)
        _write(
            package_dir / WORKSPACE_MODULE, render_workspace_module(inputs.schema, inputs.objects)
        )
        for name, text in inputs.documents.files.items():
            if name.startswith(f"{OPERATIONS_DIR}/"):
                _write(package_dir / name, text)
        for name, text in (extra_files or {}).items():
            _write(package_dir / name, text)
        hashes = file_hashes(package_dir)
        manifest = {
            "generator": "twenty-gql codegen",
            "generator_version": GENERATOR_VERSION,
            "tools": list(TOOL_REQUIREMENTS),
            "package": inputs.package,
            "fingerprint": inputs.fingerprint,
            "options": dict(inputs.options),
            "inputs": inputs.input_hashes(),
            "objects": [obj.name_singular for obj in inputs.objects],
            "files": hashes,
        }
        _write(package_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _swap_in(package_dir, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return GeneratedPackage(out, inputs.package, inputs.fingerprint, inputs.objects, hashes)
