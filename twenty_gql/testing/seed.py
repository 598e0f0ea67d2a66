"""A realistic demo workspace: companies with people, opportunities, notes and tasks.

Deterministic (a seeded random source and fixed ids) so demos and docs stay reproducible.
Records go through the same write path as ``/graphql`` mutations, so they are validated and
get their system fields exactly as API-created records do.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from twenty_gql.testing.api.context import RequestContext
from twenty_gql.testing.api.writes import create_many
from twenty_gql.testing.emulator import Emulator

_PREFIXES = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Aperture",
    "Black Mesa",
    "Gringotts",
    "Oscorp",
    "Pied Piper",
    "Massive Dynamic",
    "Nakatomi",
    "Monarch",
    "Virtucon",
    "Dunder",
    "Bluth",
    "Prestige",
    "Sterling",
    "Oceanic",
    "Zorg",
    "Weyland",
    "Rekall",
    "Genco",
    "Ollivander",
    "Krusty",
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Lucerne",
)
_SUFFIXES = ("Labs", "Systems", "Industries", "Analytics", "Robotics", "Foods", "Energy", "Cloud")
_FIRST = (
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Katherine",
    "John",
    "Hedy",
    "Claude",
    "Shafi",
    "Donald",
    "Leslie",
    "Fei-Fei",
)
_LAST = (
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Johnson",
    "McCarthy",
    "Lamarr",
    "Shannon",
    "Goldwasser",
    "Knuth",
    "Lamport",
    "Li",
)
_CITIES = ("Paris", "Berlin", "London", "New York", "San Francisco", "Lisbon", "Tokyo", "Toronto")
_TITLES = ("CEO", "CTO", "VP Sales", "Head of Ops", "Engineer", "Designer", "CFO", "Buyer")
_STAGES = ("NEW", "SCREENING", "MEETING", "PROPOSAL", "CUSTOMER")
_TASK_STATUSES = ("TODO", "IN_PROGRESS", "DONE")


def _ids(rng: random.Random) -> Any:
    while True:
        yield str(uuid.UUID(int=rng.getrandbits(128), version=4))


def seed_demo(emulator: Emulator, *, companies: int = 40, seed: int = 7) -> dict[str, int]:
    """Fill ``emulator`` with a demo workspace; returns how many records of each kind."""
    rng = random.Random(seed)
    ids = _ids(rng)
    ctx = RequestContext(emulator=emulator, actor_name="Demo seed")
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def iso(moment: datetime) -> str:
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def create(object_name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        obj = emulator.workspace.object(object_name)
        created: list[dict[str, Any]] = []
        for start in range(0, len(rows), emulator.settings.page_cap):
            chunk = rows[start : start + emulator.settings.page_cap]
            created.extend(create_many(ctx, obj, chunk, upsert=False, cap=len(chunk)))
        return created

    members = create(
        "workspaceMember",
        [
            {
                "id": next(ids),
                "name": {"firstName": first, "lastName": last},
                "userEmail": f"{first.lower()}@demo.twenty.example",
                "userId": next(ids),
            }
            for first, last in (("Tim", "Apple"), ("Jony", "Ive"), ("Phil", "Schiller"))
        ],
    )
    company_rows = []
    for index in range(companies):
        name = f"{_PREFIXES[index % len(_PREFIXES)]} {rng.choice(_SUFFIXES)}"
        slug = name.lower().replace(" ", "")
        company_rows.append(
            {
                "id": next(ids),
                "name": name,
                "domainName": {"primaryLinkUrl": f"https://{slug}.example", "primaryLinkLabel": ""},
                "employees": float(rng.choice((5, 12, 40, 120, 800, 2500, 12000))),
                "annualRecurringRevenue": {
                    "amountMicros": float(rng.randrange(50, 50_000) * 1_000_000_000),
                    "currencyCode": rng.choice(("USD", "EUR", "GBP")),
                },
                "address": {"addressCity": rng.choice(_CITIES), "addressCountry": ""},
                "idealCustomerProfile": rng.random() < 0.3,
                "accountOwnerId": rng.choice(members)["id"],
            }
        )
    company_records = create("company", company_rows)

    person_rows, opportunity_rows = [], []
    for company in company_records:
        people_here = []
        for _ in range(rng.randint(2, 5)):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            person_id = next(ids)
            domain = company["domainName"]["primaryLinkUrl"].removeprefix("https://")
            people_here.append(person_id)
            person_rows.append(
                {
                    "id": person_id,
                    "name": {"firstName": first, "lastName": last},
                    "emails": {"primaryEmail": f"{first}.{last}.{person_id[:6]}@{domain}".lower()},
                    "jobTitle": rng.choice(_TITLES),
                    "city": rng.choice(_CITIES),
                    "companyId": company["id"],
                }
            )
        for _ in range(rng.randint(1, 2)):
            opportunity_rows.append(
                {
                    "id": next(ids),
                    "name": f"{company['name']} — {rng.choice(('Pilot', 'Expansion', 'Renewal'))}",
                    "amount": {
                        "amountMicros": float(rng.randrange(5, 500) * 1_000_000_000),
                        "currencyCode": "USD",
                    },
                    "stage": rng.choice(_STAGES),
                    "closeDate": iso(now + timedelta(days=rng.randint(-60, 120))),
                    "companyId": company["id"],
                    "pointOfContactId": rng.choice(people_here),
                }
            )
    people = create("person", person_rows)
    opportunities = create("opportunity", opportunity_rows)

    notes = create(
        "note",
        [
            {
                "id": next(ids),
                "title": f"Call notes #{n + 1}",
                "bodyV2": {"markdown": f"Discussed next steps ({n + 1}).", "blocknote": None},
            }
            for n in range(companies)
        ],
    )
    create(
        "noteTarget",
        [
            {"id": next(ids), "noteId": note["id"], "companyId": rng.choice(company_records)["id"]}
            for note in notes
        ]
        + [
            {"id": next(ids), "noteId": note["id"], "personId": rng.choice(people)["id"]}
            for note in notes[::2]
        ],
    )
    tasks = create(
        "task",
        [
            {
                "id": next(ids),
                "title": f"Follow up #{n + 1}",
                "status": rng.choice(_TASK_STATUSES),
                "dueAt": iso(now + timedelta(days=rng.randint(-10, 30))),
                "assigneeId": rng.choice(members)["id"],
            }
            for n in range(companies)
        ],
    )
    create(
        "taskTarget",
        [
            {
                "id": next(ids),
                "taskId": task["id"],
                "opportunityId": rng.choice(opportunities)["id"],
            }
            for task in tasks
        ],
    )
    ctx.events.clear()
    return {
        "workspaceMembers": len(members),
        "companies": len(company_records),
        "people": len(people),
        "opportunities": len(opportunities),
        "notes": len(notes),
        "tasks": len(tasks),
    }
