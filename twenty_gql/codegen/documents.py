"""Load and check every operation before the generator sees it.

ariadne-codegen validates too, but it reads all files as one blob; checking here first lets
an error name the file, line and field (``queries/companies.graphql:7:9: Cannot query field
"tagline" on type "Company".``), and adds Twenty's own document rules, which a plain GraphQL
validator does not know (anchors §0.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    Source,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoUnusedFragmentsRule

__all__ = ["Documents", "OperationError", "load_documents"]


class OperationError(Exception):
    """One or more operations do not fit the schema; the message lists each problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Documents:
    """All operation files by their relative name, and the names they define."""

    files: dict[str, str]  # relative name -> text
    operation_names: tuple[str, ...]
    fragment_names: tuple[str, ...]
    document: DocumentNode  # every definition of every file, validated together


def _where(error: GraphQLError) -> str:
    source = error.source
    name = source.name if source is not None else "<document>"
    if error.locations:
        location = error.locations[0]
        return f"{name}:{location.line}:{location.column}"
    return name


def _duplicate_roots(document: DocumentNode) -> list[GraphQLError]:
    """Twenty refuses a root field twice in one operation, aliased or not."""
    problems = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        seen: set[str] = set()
        for selection in definition.selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name in seen:
                    problems.append(
                        GraphQLError(
                            f'root field "{name}" appears twice in one operation; '
                            'Twenty refuses that ("Duplicate root resolver")',
                            selection,
                        )
                    )
                seen.add(name)
    return problems


def load_documents(
    schema: GraphQLSchema,
    generated: Mapping[str, str],
    handwritten_dir: Path | None,
) -> Documents:
    """Parse, merge and validate the scaffolded files and the hand-written ``*.graphql``.

    ``generated`` maps names (``operations/company.graphql``) to text; hand-written files are
    keyed ``queries/<relative path>`` whatever the directory is called. Raises
    ``OperationError`` with every problem found, each prefixed ``file:line:column``.
    """
    files = dict(generated)
    shown = {name: name for name in files}  # name in error messages: the path as given
    if handwritten_dir is not None:
        for path in sorted(handwritten_dir.rglob("*.graphql")):
            name = f"queries/{path.relative_to(handwritten_dir).as_posix()}"
            files[name] = path.read_text(encoding="utf-8")
            shown[name] = str(path)
    problems: list[str] = []
    definitions = []
    defined_in: dict[tuple[str, str], str] = {}  # (kind, name) -> file
    for name, text in files.items():
        try:
            document = parse(Source(text, shown[name]))
        except GraphQLError as error:
            problems.append(f"{_where(error)}: {error.message}")
            continue
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                key = definition.name.value if definition.name else ""
                kind = "fragment" if isinstance(definition, FragmentDefinitionNode) else "operation"
                if not key:
                    problems.append(f"{name}: every operation needs a name (it names the method)")
                    continue
                previous = defined_in.get((kind, key))
                if previous is not None:
                    problems.append(f"{name}: {kind} {key} is already defined in {previous}")
                defined_in[(kind, key)] = name
            definitions.append(definition)
    merged = DocumentNode(definitions=tuple(definitions))
    if not problems:
        rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
        errors = validate(schema, merged, rules) + _duplicate_roots(merged)
        problems.extend(f"{_where(error)}: {error.message}" for error in errors)
    if problems:
        raise OperationError(problems)
    return Documents(
        files=files,
        operation_names=tuple(sorted(n for kind, n in defined_in if kind == "operation")),
        fragment_names=tuple(sorted(n for kind, n in defined_in if kind == "fragment")),
        document=merged,
    )
