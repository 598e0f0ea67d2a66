"""twenty-gql: a GraphQL-first, typed, async Python client for Twenty CRM."""

__version__ = "0.1.0"
