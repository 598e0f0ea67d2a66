"""Compiling Twenty ``XFilterInput`` objects into SQLite ``WHERE`` clauses.

Semantics follow twenty-server's ``FilterArgProcessorService`` (validation: one operator per
field leaf, unknown fields and sub-fields rejected, ``INVALID_ARGS_FILTER``) and
``compute-where-condition-parts.ts`` (the SQL of each operator), including Twenty's
"null-equivalence": for text-like columns an empty operand (``''``, ``[]``, ``null``) also
matches SQL NULL and ``is: NULL`` also matches the empty value
(``find-postgres-default-null-equivalent-value.util.ts``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import (
    ACTOR_SOURCES,
    COMPOSITE_SUBFIELDS,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
    WorkspaceMetadata,
)
from twenty_gql.testing.store.columns import (
    JSON_TYPES,
    composite_column_name,
    encode_json,
    quote,
)
from twenty_gql.testing.store.values import (
    INVALID_ARGS_FILTER,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_enum,
    parse_number,
    parse_text,
    parse_uuid,
)

SqlPart = tuple[str, list[Any]]
TRUE: SqlPart = ("1", [])
FALSE: SqlPart = ("0", [])

_STRING_OPS = frozenset(
    {"eq", "neq", "gt", "gte", "lt", "lte", "in", "is", "like", "ilike", "startsWith"}
    | {"endsWith", "regex", "iregex", "search"}
)
_ORDERED_OPS = frozenset({"eq", "neq", "gt", "gte", "lt", "lte", "in", "is"})
_ENUM_OPS = frozenset({"eq", "neq", "in", "containsAny", "is", "isEmptyArray"})
_ARRAY_OPS = frozenset(
    {"containsIlike", "contains", "not_contains", "notContains", "containsAny", "is"}
    | {"isEmptyArray"}
)
_OPERATORS: dict[FieldType, frozenset[str]] = {
    FieldType.TEXT: _STRING_OPS,
    FieldType.UUID: _ORDERED_OPS,
    FieldType.RELATION: _ORDERED_OPS,
    FieldType.NUMBER: _ORDERED_OPS,
    FieldType.NUMERIC: _ORDERED_OPS,
    FieldType.POSITION: _ORDERED_OPS,
    FieldType.DATE_TIME: _ORDERED_OPS,
    FieldType.DATE: _ORDERED_OPS,
    FieldType.BOOLEAN: frozenset({"eq", "is"}),
    FieldType.SELECT: _ENUM_OPS,
    FieldType.RATING: _ENUM_OPS,
    FieldType.MULTI_SELECT: _ENUM_OPS,
    FieldType.ARRAY: _ARRAY_OPS,
    FieldType.RAW_JSON: frozenset({"is", "like"}),
    FieldType.TS_VECTOR: frozenset({"search"}),
}
_IS_VALUES = {"NULL": True, "Null": True, "NOT_NULL": False, "NotNull": False}

#: Composite sub-fields with a null-equivalent empty value (text ``''`` or array ``[]``),
#: from ``findPostgresDefaultNullEquivalentValue``.
_TEXT_EMPTY_SUBFIELDS: dict[FieldType, frozenset[str]] = {
    FieldType.ACTOR: frozenset({"name"}),
    FieldType.ADDRESS: frozenset(
        {"addressStreet1", "addressStreet2", "addressCity", "addressState"}
        | {"addressPostcode", "addressCountry"}
    ),
    FieldType.EMAILS: frozenset({"primaryEmail"}),
    FieldType.LINKS: frozenset({"primaryLinkUrl", "primaryLinkLabel"}),
    FieldType.PHONES: frozenset(
        {"primaryPhoneNumber", "primaryPhoneCountryCode", "primaryPhoneCallingCode"}
    ),
    FieldType.FULL_NAME: frozenset({"firstName", "lastName"}),
}
_ARRAY_EMPTY_SUBFIELDS: dict[FieldType, frozenset[str]] = {
    FieldType.EMAILS: frozenset({"additionalEmails"}),
    FieldType.LINKS: frozenset({"secondaryLinks"}),
    FieldType.PHONES: frozenset({"additionalPhones"}),
}


def filter_error(message: str) -> UserInputError:
    return UserInputError(
        message, sub_code=INVALID_ARGS_FILTER, user_friendly_message=f"Invalid filter: {message}"
    )


def mentions_deleted_at(value: Any) -> bool:
    """Twenty's ``applyDeletedAtToBuilder``: naming ``deletedAt`` anywhere shows the trash."""
    if isinstance(value, dict):
        return any(k == "deletedAt" or mentions_deleted_at(v) for k, v in value.items())
    if isinstance(value, list):
        return any(mentions_deleted_at(v) for v in value)
    return False


@dataclass(frozen=True, slots=True)
class Leaf:
    """What a filter leaf compares: one column, how it is typed, what counts as empty."""

    column: str
    type: FieldType
    label: str
    enum_values: tuple[str, ...] = ()
    empty: str | None = None  # "text", "array" or None
    int_number: bool = False


class FilterCompiler:
    """Compiles filters for one object; relation traversals recurse into the target."""

    def __init__(self, workspace: WorkspaceMetadata, obj: ObjectMetadata, alias: str) -> None:
        self.workspace = workspace
        self.obj = obj
        self.alias = alias
        self._fields = {f.name: f for f in obj.active_fields}
        self._joins = {f.join_column: f for f in obj.active_fields if f.join_column}

    # ------------------------------------------------------------------ entry points

    def compile(self, filter: dict[str, Any] | None, *, depth: int = 0) -> SqlPart:
        if filter is None:
            return TRUE
        if not isinstance(filter, dict):
            raise filter_error("a filter must be an object")
        parts: list[SqlPart] = []
        for key, value in filter.items():
            parts.append(self._compile_key(key, value, depth))
        return _join(parts, " AND ", TRUE)

    def column_ref(self, column: str) -> str:
        return f"{quote(self.alias)}.{quote(column)}"

    # ------------------------------------------------------------------ structure

    def _compile_key(self, key: str, value: Any, depth: int) -> SqlPart:
        if key in ("and", "or"):
            items = value if isinstance(value, list) else [value]
            parts = [self.compile(item, depth=depth) for item in items if item is not None]
            return _join(parts, " AND " if key == "and" else " OR ", TRUE)
        if key == "not":
            if value is None:
                return TRUE
            sql, params = self.compile(value, depth=depth)
            return f"NOT ({sql})", params
        if value is None:
            return TRUE
        if key in self._joins:
            return self._compile_leaf_filter(self._leaf_for_join(self._joins[key]), value)
        field = self._fields.get(key)
        if key in ("id", "createdAt", "updatedAt", "deletedAt") and field is None:
            type_ = FieldType.UUID if key == "id" else FieldType.DATE_TIME
            return self._compile_leaf_filter(Leaf(key, type_, key), value)
        if field is None:
            raise filter_error(f'Object {self.obj.name_singular} doesn\'t have any "{key}" field.')
        if field.type is FieldType.RELATION:
            return self._compile_relation(field, value, depth)
        if field.is_composite:
            return self._compile_composite(field, value)
        return self._compile_leaf_filter(self._leaf_for_field(field), value)

    def _compile_relation(self, field: FieldMetadata, value: Any, depth: int) -> SqlPart:
        relation = field.relation
        assert relation is not None
        if not relation.is_many_to_one or field.join_column is None:
            raise filter_error(f'Cannot filter by relation field "{field.name}"')
        target = self.workspace.object(relation.target_object)
        target_keys = {f.name for f in target.active_fields} | {"and", "or", "not"}
        target_keys |= {f.join_column for f in target.active_fields if f.join_column}
        # isRelationTraversalShape: `{company: {eq: id}}` is the legacy leaf shape, refused.
        if not isinstance(value, dict) or not any(k in target_keys for k in value):
            raise filter_error(
                f'Cannot filter by relation field "{field.name}": use "{field.join_column}" instead'
            )
        if depth >= 1:
            raise filter_error("Relation filter nesting deeper than 1 hop is not supported")
        alias = f"{self.alias}__{field.name}"
        inner = FilterCompiler(self.workspace, target, alias)
        sql, params = inner.compile(value, depth=depth + 1)
        join = self.column_ref(field.join_column)
        table = quote(target.name_singular)
        return (
            f"{join} IN (SELECT {quote(alias)}.id FROM {table} {quote(alias)} WHERE {sql})",
            params,
        )

    def _compile_composite(self, field: FieldMetadata, value: Any) -> SqlPart:
        if not isinstance(value, dict):
            raise filter_error(f'Filter value for field "{field.name}" must be an object')
        subs = {sub.name: sub for sub in COMPOSITE_SUBFIELDS[field.type]}
        parts: list[SqlPart] = []
        for sub_name, sub_filter in value.items():
            sub = subs.get(sub_name)
            if sub is None:
                raise filter_error(
                    f'Sub field "{sub_name}" not found for composite type: {field.type}'
                )
            if sub_filter is None:
                continue
            empty = None
            if sub_name in _TEXT_EMPTY_SUBFIELDS.get(field.type, frozenset()):
                empty = "text"
            elif sub_name in _ARRAY_EMPTY_SUBFIELDS.get(field.type, frozenset()):
                empty = "array"
            leaf = Leaf(
                composite_column_name(field.name, sub_name),
                sub.type,
                f"{field.name}.{sub_name}",
                enum_values=sub.enum_values
                or (ACTOR_SOURCES if sub.type is FieldType.SELECT else ()),
                empty=empty,
            )
            parts.append(self._compile_leaf_filter(leaf, sub_filter))
        return _join(parts, " AND ", TRUE)

    def _leaf_for_field(self, field: FieldMetadata) -> Leaf:
        empty = None
        if field.type is FieldType.TEXT:
            empty = "text"
        elif field.type in (FieldType.MULTI_SELECT, FieldType.ARRAY):
            empty = "array"
        return Leaf(
            field.name,
            field.type,
            field.name,
            enum_values=tuple(field.enum_values),
            empty=empty,
            int_number=field.settings.get("dataType") == "int",
        )

    def _leaf_for_join(self, field: FieldMetadata) -> Leaf:
        assert field.join_column is not None
        return Leaf(field.join_column, FieldType.UUID, field.join_column)

    # ------------------------------------------------------------------ leaves

    def _compile_leaf_filter(self, leaf: Leaf, value: Any) -> SqlPart:
        if not isinstance(value, dict):
            raise filter_error(f'Filter value for field "{leaf.label}" must be an object')
        entries = [(op, operand) for op, operand in value.items()]
        if len(entries) != 1:
            raise filter_error(f'Filter for field "{leaf.label}" must have exactly one operator')
        operator, operand = entries[0]
        allowed = _OPERATORS.get(leaf.type, _ORDERED_OPS)
        if operator not in allowed:
            raise filter_error(
                f'Operator "{operator}" is not supported for field "{leaf.label}" of type '
                f"{leaf.type}"
            )
        return self._operator(leaf, operator, operand)

    def _operator(self, leaf: Leaf, op: str, operand: Any) -> SqlPart:
        col = self.column_ref(leaf.column)
        empty_match = _is_null_equivalent(leaf, operand)
        if op == "is":
            if operand not in _IS_VALUES:
                raise filter_error(f'Invalid "is" value {operand!r} for field "{leaf.label}"')
            if _IS_VALUES[operand]:
                if leaf.empty is not None:
                    return f"({col} IS NULL OR {col} = ?)", [_empty_value(leaf)]
                return f"{col} IS NULL", []
            return f"+{col} IS NOT NULL", []
        if op == "isEmptyArray":
            if not isinstance(operand, bool):
                raise filter_error(f'"isEmptyArray" for field "{leaf.label}" must be a boolean')
            if leaf.type in JSON_TYPES or leaf.empty == "array":
                if operand:
                    return f"({col} IS NULL OR {col} = '[]')", []
                return f"({col} IS NOT NULL AND {col} != '[]')", []
            return (f"{col} IS NULL", []) if operand else (f"{col} IS NOT NULL", [])
        if op == "search":
            return self._search(col, operand, leaf)
        if leaf.type is FieldType.MULTI_SELECT or leaf.type is FieldType.ARRAY:
            return self._array_operator(leaf, col, op, operand)
        if op == "in":
            if not isinstance(operand, list) or not operand:
                raise filter_error(
                    f"Invalid filter value for field {leaf.label}. Expected non-empty array"
                )
            values = [self._operand(leaf, v) for v in operand]
            return f"{col} IN ({', '.join('?' * len(values))})", values
        if op == "containsAny":  # on a single-valued enum: any of the values
            return self._operator(leaf, "in", operand)
        if op in ("like", "ilike"):
            pattern = parse_text(operand, leaf.label)
            sql, params = like_sql(col, pattern, case_insensitive=op == "ilike")
            if empty_match:
                return f"({sql} OR {col} IS NULL)", params
            return sql, params
        if op in ("startsWith", "endsWith"):
            text = parse_text(operand, leaf.label)
            if op == "startsWith":
                return f"substr({col}, 1, length(?)) = ?", [text, text]
            return f"({col} IS NOT NULL AND (? = '' OR substr({col}, -length(?)) = ?))", [
                text,
                text,
                text,
            ]
        if op in ("regex", "iregex"):
            pattern = parse_text(operand, leaf.label)
            flags = "i" if op == "iregex" else ""
            return f"twenty_regexp(?, {col}, '{flags}')", [pattern]
        if operand is None:
            # Postgres "col = NULL" is never true; for text the null-equivalence keeps IS NULL.
            if op == "eq" and leaf.empty is not None:
                return f"{col} IS NULL", []
            return FALSE
        value = self._operand(leaf, operand)
        sql_op = {"eq": "=", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        if op == "eq" and empty_match:
            return f"({col} = ? OR {col} IS NULL)", [value]
        if op == "neq" and empty_match:
            return f"({col} != ? AND {col} IS NOT NULL)", [value]
        if op == "eq":
            return f"{col} = ?", [value]
        # Ranges are planned as scans (unary + keeps SQLite from seeking an index with them):
        # without statistics SQLite prefers a range seek over the ORDER BY index, which turns a
        # LIMIT 201 page that could stop early into a sort of most of the table.
        return f"+{col} {sql_op} ?", [value]

    def _array_operator(self, leaf: Leaf, col: str, op: str, operand: Any) -> SqlPart:
        each = f"SELECT 1 FROM json_each({col}) AS e WHERE e.value"
        if op in ("containsAny", "contains", "not_contains", "notContains", "in"):
            if not isinstance(operand, list) or not operand:
                raise filter_error(
                    f"Invalid filter value for field {leaf.label}. Expected non-empty array"
                )
            values = [self._operand(leaf, v) for v in operand]
            marks = ", ".join("?" * len(values))
            if op in ("containsAny", "in"):
                return f"EXISTS ({each} IN ({marks}))", values
            if op == "contains":
                parts = [(f"EXISTS ({each} = ?)", [v]) for v in values]
                return _join(parts, " AND ", TRUE)
            return f"({col} IS NOT NULL AND NOT EXISTS ({each} IN ({marks})))", values
        if op == "containsIlike":
            pattern = parse_text(operand, leaf.label)
            sql, params = like_sql("e.value", pattern, case_insensitive=True)
            return f"EXISTS (SELECT 1 FROM json_each({col}) AS e WHERE {sql})", params
        if op in ("eq", "neq"):
            values = operand if isinstance(operand, list) else [operand]
            encoded = encode_json([self._operand(leaf, v) for v in values])
            return (f"{col} = ?" if op == "eq" else f"{col} != ?"), [encoded]
        raise filter_error(f'Operator "{op}" is not supported for field "{leaf.label}"')

    def _search(self, col: str, operand: Any, leaf: Leaf) -> SqlPart:
        """``TSVectorFilter.search``: every term prefixes a token, or the text contains it all.

        Mirrors ``to_tsquery('simple', formatSearchTerms(value, 'and'))`` (``term:*`` joined by
        ``&``) OR'ed with the ``ILIKE '%value%'`` fallback of compute-where-condition-parts.ts.
        """
        text = fold_search_text(parse_text(operand, leaf.label))
        terms = [t for t in re.split(r"\s+", text) if t]
        fallback = like_sql(col, "%" + escape_like(text) + "%", case_insensitive=True)
        if not terms:
            return fallback
        parts = [(f"instr(' ' || {col}, ?) > 0", [" " + term]) for term in terms]
        tokens_sql, tokens_params = _join(parts, " AND ", TRUE)
        return f"(({tokens_sql}) OR {fallback[0]})", tokens_params + fallback[1]

    def _operand(self, leaf: Leaf, value: Any) -> Any:
        """Validate one comparison operand against the leaf's type."""
        label = leaf.label
        type_ = leaf.type
        if type_ in (FieldType.UUID, FieldType.RELATION):
            return parse_uuid(value, label)
        if type_ in (FieldType.NUMBER, FieldType.NUMERIC, FieldType.POSITION):
            return parse_number(value, label, allow_string=type_ is FieldType.NUMERIC)
        if type_ is FieldType.DATE_TIME:
            return parse_datetime(value, label, ceil=True)
        if type_ is FieldType.DATE:
            return parse_date(value, label)
        if type_ is FieldType.BOOLEAN:
            return 1 if parse_bool(value, label) else 0
        if type_ in (FieldType.SELECT, FieldType.RATING, FieldType.MULTI_SELECT):
            return parse_enum(value, label, leaf.enum_values)
        return parse_text(value, label)


def _is_null_equivalent(leaf: Leaf, operand: Any) -> bool:
    if leaf.empty == "text":
        return operand is None or operand == "" or operand == "NULL"
    if leaf.empty == "array":
        return operand is None or operand == [] or operand == "NULL"
    return False


def _empty_value(leaf: Leaf) -> str:
    return "" if leaf.empty == "text" else "[]"


def _join(parts: list[SqlPart], glue: str, empty: SqlPart) -> SqlPart:
    if not parts:
        return empty
    if len(parts) == 1:
        return parts[0]
    sql = glue.join(f"({p[0]})" for p in parts)
    params: list[Any] = []
    for part in parts:
        params.extend(part[1])
    return sql, params


# --------------------------------------------------------------------------- LIKE / regex


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_sql(col: str, pattern: str, *, case_insensitive: bool) -> SqlPart:
    """Postgres LIKE / ILIKE (backslash escapes) on SQLite.

    SQLite's LIKE folds ASCII case only and has no default escape. ILIKE with an ASCII pattern
    is exactly SQLite's ``LIKE ... ESCAPE '\\'``; anything else goes through a Python
    function, behind the native LIKE as a cheap pre-filter where that is sound.
    """
    native = f"{col} LIKE ? ESCAPE '\\'"
    if case_insensitive:
        if pattern.isascii():
            return native, [pattern]
        return f"twenty_like({col}, ?, 1)", [pattern]
    if pattern.isascii():
        return f"({native} AND twenty_like({col}, ?, 0))", [pattern, pattern]
    return f"twenty_like({col}, ?, 0)", [pattern]


@lru_cache(maxsize=512)
def like_regex(pattern: str, case_insensitive: bool) -> re.Pattern[str]:
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(re.escape(next(chars, "\\")))
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    flags = re.DOTALL | (re.IGNORECASE if case_insensitive else 0)
    return re.compile("".join(out), flags)


def sql_like(value: Any, pattern: Any, case_insensitive: int) -> int | None:
    if value is None or pattern is None:
        return None
    return int(like_regex(str(pattern), bool(case_insensitive)).fullmatch(str(value)) is not None)


@lru_cache(maxsize=256)
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if "i" in flags else 0)


def sql_regexp(pattern: Any, value: Any, flags: str) -> int | None:
    if value is None or pattern is None:
        return None
    try:
        return int(_regex(str(pattern), flags).search(str(value)) is not None)
    except re.error:
        return 0


def fold_search_text(text: str) -> str:
    """Lower-case and strip accents, like ``unaccent_immutable`` + the 'simple' dictionary."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


SQL_FUNCTIONS: tuple[tuple[str, int, Callable[..., Any]], ...] = (
    ("twenty_like", 3, sql_like),
    ("twenty_regexp", 3, sql_regexp),
)
