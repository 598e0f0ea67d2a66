"""``Loaded``: a record with the related records a load attached, typed where you ask.

The related records are the child resource's generated models, but which model sits behind a
relation name is only known at run time; ``many("people", PersonFields)`` checks the model
and gives mypy ``list[PersonFields]``, ``many("people")`` is ``list[Any]``.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

import pydantic

from .. import errors

__all__ = ["Loaded"]

NodeT = TypeVar("NodeT", bound=pydantic.BaseModel)
T = TypeVar("T", bound=pydantic.BaseModel)


class Loaded(Generic[NodeT]):
    """``record`` (the generated model) and what ``include=`` attached to it."""

    __slots__ = ("_many", "_one", "record")

    def __init__(self, record: NodeT) -> None:
        self.record: NodeT = record
        self._many: dict[str, list[Loaded[Any]]] = {}
        self._one: dict[str, Loaded[Any] | None] = {}

    def __repr__(self) -> str:
        parts = [f"{k}=[{len(v)}]" for k, v in self._many.items()]
        parts += [f"{k}={'1' if v else 'None'}" for k, v in self._one.items()]
        name, id_ = type(self.record).__name__, getattr(self.record, "id", "?")
        return f"Loaded({name} {id_}, {', '.join(parts)})"

    @property
    def relations(self) -> tuple[str, ...]:
        """The relation names that were loaded on this record."""
        return (*self._many, *self._one)

    # -- one-to-many -------------------------------------------------------------------------

    @overload
    def many(self, name: str) -> list[Any]: ...
    @overload
    def many(self, name: str, model: type[T]) -> list[T]: ...

    def many(self, name: str, model: type[Any] | None = None) -> list[Any]:
        """The records of a ONE_TO_MANY relation (``"people"``), as generated models."""
        return [_checked(item.record, model, name) for item in self.many_loaded(name)]

    @overload
    def many_loaded(self, name: str) -> list[Loaded[Any]]: ...
    @overload
    def many_loaded(self, name: str, model: type[T]) -> list[Loaded[T]]: ...

    def many_loaded(self, name: str, model: type[Any] | None = None) -> list[Loaded[Any]]:
        """The same as ``Loaded`` wrappers, for what was included below them
        (``include=["opportunities.pointOfContact"]``)."""
        if name not in self._many:
            raise self._not_loaded(name, "many")
        items = self._many[name]
        for item in items:
            _checked(item.record, model, name)
        return items

    # -- many-to-one -------------------------------------------------------------------------

    @overload
    def one(self, name: str) -> Any | None: ...
    @overload
    def one(self, name: str, model: type[T]) -> T | None: ...

    def one(self, name: str, model: type[Any] | None = None) -> Any | None:
        """The record of a MANY_TO_ONE relation (``"company"``), or None when unset."""
        item = self.one_loaded(name)
        return None if item is None else _checked(item.record, model, name)

    @overload
    def one_loaded(self, name: str) -> Loaded[Any] | None: ...
    @overload
    def one_loaded(self, name: str, model: type[T]) -> Loaded[T] | None: ...

    def one_loaded(self, name: str, model: type[Any] | None = None) -> Loaded[Any] | None:
        """The same as a ``Loaded`` wrapper, with what was included below it."""
        if name not in self._one:
            raise self._not_loaded(name, "one")
        item = self._one[name]
        if item is not None:
            _checked(item.record, model, name)
        return item

    def _not_loaded(self, name: str, wanted: str) -> errors.InvalidInputError:
        other = "one" if wanted == "many" else "many"
        kind = self._one if wanted == "many" else self._many
        if name in kind:
            return errors.InvalidInputError(f"{name!r} is a to-{other} relation: use .{other}()")
        loaded = ", ".join(self.relations) or "none"
        return errors.InvalidInputError(
            f"relation {name!r} was not loaded (loaded: {loaded}); name it in include="
        )


def _checked(record: Any, model: type[Any] | None, name: str) -> Any:
    if model is not None and not isinstance(record, model):
        raise errors.InvalidInputError(
            f"{name!r} holds {type(record).__name__} records, not {model.__name__}"
        )
    return record
