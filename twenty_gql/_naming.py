"""Name casing shared by the client, codegen and the emulator (and by nothing else).

Twenty derives GraphQL names with ``pascalCase``/``capitalize`` of metadata names: only the
first letter changes (``taskTarget`` -> ``TaskTarget``). Kept here, outside
``twenty_gql.testing``, so client-side code can use it without importing the emulator.
"""

from __future__ import annotations

__all__ = ["camel_case", "pascal_case"]


def pascal_case(name: str) -> str:
    """``taskTarget`` -> ``TaskTarget``; ``people`` -> ``People``; ``""`` -> ``""``."""
    return name[:1].upper() + name[1:]


def camel_case(name: str) -> str:
    """``TaskTarget`` -> ``taskTarget``."""
    return name[:1].lower() + name[1:]
