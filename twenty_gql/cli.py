"""``twenty-gql``: one entry point; each command lives in its own module, imported on use.

A command module exposes ``main(argv) -> int``. Keeping the table here (and the imports
lazy) means ``twenty-gql --help`` stays fast and the client never loads the emulator unless
``serve`` is asked for.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["COMMANDS", "main"]

#: command -> (module with ``main(argv)``, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("twenty_gql.testing.cli", "run the Twenty-compatible emulator until stopped"),
    "codegen": ("twenty_gql.codegen.cli", "generate a typed client package from a workspace"),
    "objects": ("twenty_gql.commands.objects", "list the workspace's objects"),
    "fields": ("twenty_gql.commands.fields", "list one object's fields and select options"),
    "export": ("twenty_gql.commands.export", "stream an object's records to JSON Lines or CSV"),
    "webhooks": ("twenty_gql.commands.webhooks", "webhooks listen: receive and print deliveries"),
    "import": ("twenty_gql.commands.importer", "import a JSONL or CSV file of records, resumably"),
}


def _usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = ["usage: twenty-gql COMMAND [options]   (twenty-gql COMMAND --help for more)", ""]
    lines += [f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0 if argv else 2
    entry = COMMANDS.get(argv[0])
    if entry is None:
        print(f"twenty-gql: unknown command {argv[0]!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(entry[0])
    code: int = module.main(argv[1:])
    return code


if __name__ == "__main__":
    sys.exit(main())
