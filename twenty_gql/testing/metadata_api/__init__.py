"""Twenty's ``/metadata`` API for the emulator: objects, fields, webhooks and API keys.

``MetadataApi`` executes /metadata requests against the emulator's live metadata; the server
assembly (:mod:`twenty_gql.testing.app`) routes ``POST /metadata`` to it.
"""

from twenty_gql.testing.metadata_api.api import MetadataApi
from twenty_gql.testing.metadata_api.errors import MetadataValidationError

__all__ = ["MetadataApi", "MetadataValidationError"]
