"""Objects and fields of a Twenty workspace, over ``/metadata`` (``tw.metadata``)."""

from .api import MAX_PAGE_SIZE, NOT_GIVEN, MetadataAPI
from .errors import (
    FieldNotFoundError,
    MetadataIssue,
    MetadataValidationError,
    ObjectNotFoundError,
)
from .models import FieldInfo, FieldOption, FieldType, ObjectInfo

__all__ = [
    "MAX_PAGE_SIZE",
    "NOT_GIVEN",
    "FieldInfo",
    "FieldNotFoundError",
    "FieldOption",
    "FieldType",
    "MetadataAPI",
    "MetadataIssue",
    "MetadataValidationError",
    "ObjectInfo",
    "ObjectNotFoundError",
]
