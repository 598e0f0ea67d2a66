"""Seeding and request counting for the relational-loading tests and benchmark.

Records are written with plain aiohttp and raw batched ``createX`` mutations (no client code
under test); ``RequestCounter`` is an emulator middleware that counts each POST by its
operation, so request counts are measured at the server.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any

import aiohttp
from aiohttp import web

__all__ = ["RequestCounter", "Workspace", "seed_workspace"]


class RequestCounter:
    """``EmulatorServer(middlewares=[counter.middleware])``; ``counter.by_operation``."""

    def __init__(self) -> None:
        self.by_operation: Counter[str] = Counter()

    @property
    def total(self) -> int:
        return sum(self.by_operation.values())

    def reset(self) -> None:
        self.by_operation.clear()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.method == "POST":
            try:
                body = json.loads(await request.read())
                name = body.get("operationName") or _first_word(body.get("query", ""))
            except ValueError:
                name = "?"
            self.by_operation[f"{request.path.rsplit('/', 1)[-1]}:{name}"] += 1
        response: web.StreamResponse = await handler(request)
        return response


def _first_word(query: str) -> str:
    return " ".join(query.split())[:40]


class Workspace:
    """Ids of what ``seed_workspace`` wrote."""

    def __init__(self) -> None:
        self.companies: list[str] = []
        self.people_of: dict[str, list[str]] = {}
        self.opportunities_of: dict[str, list[str]] = {}
        self.contact_of: dict[str, str] = {}  # opportunity -> its point of contact


_CREATE = "mutation($d: [{input}!]!) {{ {field}(data: $d) {{ id }} }}"


async def seed_workspace(
    graphql_url: str,
    api_key: str,
    companies: int,
    people_per_company: int,
    opportunities_per_company: int,
) -> Workspace:
    """Companies, each with people and opportunities (each opportunity's point of contact
    is one of the company's people), written 200 records a request."""
    ws = Workspace()
    company_rows, person_rows, opportunity_rows = [], [], []
    for c in range(companies):
        company_id = str(uuid.uuid4())
        ws.companies.append(company_id)
        company_rows.append({"id": company_id, "name": f"Co {c:05d}", "employees": c})
        people = [str(uuid.uuid4()) for _ in range(people_per_company)]
        ws.people_of[company_id] = people
        for p, person_id in enumerate(people):
            name = {"firstName": f"P{p}", "lastName": f"C{c}"}
            person_rows.append({"id": person_id, "name": name, "companyId": company_id})
        ws.opportunities_of[company_id] = []
        for o in range(opportunities_per_company):
            opportunity_id = str(uuid.uuid4())
            contact = people[o % len(people)] if people else None
            ws.opportunities_of[company_id].append(opportunity_id)
            if contact is not None:
                ws.contact_of[opportunity_id] = contact
            opportunity_rows.append(
                {
                    "id": opportunity_id,
                    "name": f"Deal {c}-{o}",
                    "companyId": company_id,
                    "pointOfContactId": contact,
                }
            )
    headers = {"Authorization": f"Bearer {api_key}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        for field, input_, rows in (
            ("createCompanies", "CompanyCreateInput", company_rows),
            ("createPeople", "PersonCreateInput", person_rows),
            ("createOpportunities", "OpportunityCreateInput", opportunity_rows),
        ):
            query = _CREATE.format(input=input_, field=field)
            for start in range(0, len(rows), 200):
                payload = {"query": query, "variables": {"d": rows[start : start + 200]}}
                async with session.post(graphql_url, json=payload) as response:
                    body = await response.json()
                assert "errors" not in body, body["errors"]
    return ws
