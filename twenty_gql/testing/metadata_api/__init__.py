"""Twenty's ``/metadata`` API for the emulator: objects, fields, webhooks and API keys.

``MetadataApi`` executes /metadata requests against the emulator's live metadata;
``ServerServices`` assembles it with auth, webhooks, rate limits and faults for one server.
"""

from twenty_gql.testing.metadata_api.api import MetadataApi
from twenty_gql.testing.metadata_api.errors import MetadataValidationError
from twenty_gql.testing.metadata_api.services import ServerServices

__all__ = ["MetadataApi", "MetadataValidationError", "ServerServices"]
