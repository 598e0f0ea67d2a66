"""Twenty's write-time normalisation of composite values.

Sources (twenty-server ``core-modules/record-transformer/utils``):

* ``transform-links-value.util.ts`` + ``remove-empty-links.ts``: empty links are dropped, the
  first remaining link becomes the primary one, and every http(s) URL gets its origin
  lower-cased and one trailing slash removed (``lowercaseUrlOriginAndRemoveTrailingSlash`` in
  twenty-shared).
* ``transform-emails-value.util.ts``: the primary and additional emails are canonicalised by
  twenty-shared ``canonicalizeEmail`` (local part lower-cased, domain lower-cased in its IDNA
  form).

Phones are stored as given: Twenty re-parses them with libphonenumber, which the emulator
does not ship.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from typing import Any

_ORIGIN = re.compile(r"^(https?)://([^/?#]*)(.*)$", re.IGNORECASE | re.DOTALL)


def lowercase_url_origin_and_remove_trailing_slash(raw: str) -> str:
    match = _ORIGIN.match(raw)
    if match is None or not match.group(2):
        return raw
    scheme, host, rest = match.groups()
    return f"{scheme.lower()}://{host.lower()}{rest}".removesuffix("/")


def canonicalize_email(email: str) -> str:
    at = email.rfind("@")
    if at <= 0 or at == len(email) - 1:
        return email.lower()
    local, domain = email[:at].lower(), unicodedata.normalize("NFKC", email[at + 1 :]).lower()
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def normalize_links(value: dict[str, Any]) -> dict[str, Any]:
    primary_url = value.get("primaryLinkUrl")
    links: list[dict[str, Any]] = []
    if isinstance(primary_url, str) and primary_url:
        links.append({"url": primary_url, "label": value.get("primaryLinkLabel")})
    for link in value.get("secondaryLinks") or []:
        if isinstance(link, dict) and isinstance(link.get("url"), str) and link["url"]:
            links.append({"url": link["url"], "label": link.get("label")})
    links = [
        {"url": lowercase_url_origin_and_remove_trailing_slash(link["url"]), "label": link["label"]}
        for link in links
    ]
    first = links[0] if links else None
    return {
        **value,
        "primaryLinkUrl": first["url"] if first else "",
        "primaryLinkLabel": (first["label"] or "") if first else "",
        "secondaryLinks": links[1:],
    }


def normalize_emails(value: dict[str, Any]) -> dict[str, Any]:
    primary = value.get("primaryEmail")
    additional = value.get("additionalEmails")
    return {
        **value,
        "primaryEmail": canonicalize_email(primary) if isinstance(primary, str) and primary else "",
        "additionalEmails": (
            [canonicalize_email(e) if isinstance(e, str) else e for e in additional]
            if isinstance(additional, list) and additional
            else None
        ),
    }
