"""WebhooksAPI against the emulator's /metadata: CRUD, client-side operation checks, and the
secret kept out of every repr and message."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from twenty_gql import TwentyClient, errors
from twenty_gql.webhooks import (
    Webhook,
    WebhookNotFoundError,
    WebhookOperationError,
    WebhooksAPI,
    validate_operations,
)

SECRET = "topsecret-0123456789abcdef"


@pytest.fixture
def webhooks(tw: TwentyClient) -> WebhooksAPI:
    return tw.webhooks


async def test_crud(webhooks: WebhooksAPI) -> None:
    created = await webhooks.create(
        "http://127.0.0.1:9/hook",
        operations=["person.created", "*.updated"],
        secret=SECRET,
        description="CRM sync",
    )
    assert isinstance(created, Webhook)
    assert created.operations == ("person.created", "*.updated")
    assert created.secret.get_secret_value() == SECRET
    assert created.description == "CRM sync" and created.created_at is not None
    assert [w.id for w in await webhooks.list()] == [created.id]
    assert (await webhooks.get(created.id)).target_url == created.target_url

    updated = await webhooks.update(created.id, operations=["*.*"], description="all")
    assert (updated.operations, updated.description) == (("*.*",), "all")
    assert updated.secret.get_secret_value() == SECRET
    rotated = await webhooks.update(created.id, secret=SecretStr("rotated-secret-1234"))
    assert rotated.secret.get_secret_value() == "rotated-secret-1234"

    deleted = await webhooks.delete(created.id)
    assert deleted.id == created.id
    assert await webhooks.list() == []
    with pytest.raises(WebhookNotFoundError, match=created.id) as caught:
        await webhooks.get(created.id)
    assert isinstance(caught.value, errors.NotFoundError)
    with pytest.raises(errors.NotFoundError):
        await webhooks.delete(created.id)


async def test_server_generates_a_secret(webhooks: WebhooksAPI) -> None:
    created = await webhooks.create("http://127.0.0.1:9/hook")
    assert created.operations == ("*.*",)
    assert len(created.secret.get_secret_value()) == 64


async def test_secret_never_in_repr_or_str(webhooks: WebhooksAPI) -> None:
    created = await webhooks.create("http://127.0.0.1:9/hook", secret=SECRET)
    listed = await webhooks.list()
    for text in (repr(created), str(created), repr(listed), repr(webhooks), str(created.secret)):
        assert SECRET not in text
    assert "secret" not in repr(created)


async def test_server_refusal_does_not_quote_the_secret(webhooks: WebhooksAPI) -> None:
    with pytest.raises(errors.TwentyError) as caught:
        await webhooks.update("00000000-0000-4000-8000-000000000000", secret=SECRET)
    assert SECRET not in f"{caught.value} {caught.value!r} {caught.value.args}"


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        (["person.create"], "invalid action 'create' in operation 'person.create'"),
        (["Person.created"], "invalid object 'Person'"),
        (["person"], "invalid operation 'person'"),
        (["person.created.now"], "invalid operation"),
        (["person_x.updated"], "invalid object 'person_x'"),
        ([], "must not be empty"),
        ("person.created", "did you mean \\['person.created'\\]"),
        ([42], "must be a string"),
        (["metadata.fieldMetadata.Created"], "invalid metadata operation"),
    ],
)
async def test_operations_checked_client_side(
    webhooks: WebhooksAPI, operations: object, message: str
) -> None:
    with pytest.raises(WebhookOperationError, match=message) as caught:
        await webhooks.create("http://127.0.0.1:9/hook", operations=operations)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, errors.TwentyError)
    assert await webhooks.list() == []


def test_valid_operation_patterns() -> None:
    ops = [
        "person.created",
        "*.updated",
        "company.*",
        "*.*",
        "opportunity.upserted",
        "note.destroyed",
        "task.restored",
        "person.deleted",
        "metadata.*.*",
    ]
    assert validate_operations(ops) == ops


async def test_other_bad_input(webhooks: WebhooksAPI) -> None:
    with pytest.raises(ValueError, match="http:// or https://"):
        await webhooks.create("ftp://example.com/hook")
    with pytest.raises(ValueError, match="secret must not be empty"):
        await webhooks.create("http://127.0.0.1:9/hook", secret="")
    with pytest.raises(ValueError, match="nothing to change"):
        await webhooks.update("00000000-0000-4000-8000-000000000000")
