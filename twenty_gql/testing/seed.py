"""A realistic demo workspace: companies with people, opportunities, notes and tasks.

Deterministic (a seeded random source and fixed ids) so demos and docs stay reproducible.
Records go through the same write path as ``/graphql`` mutations, so they are validated and
get their system fields exactly as API-created records do.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from twenty_gql.testing.api.context import RequestContext
from twenty_gql.testing.api.writes import create_many
from twenty_gql.testing.contracts import EmulatorState

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


def _ids(rng: random.Random) -> Iterator[str]:
    while True:
        yield str(uuid.UUID(int=rng.getrandbits(128), version=4))


Row = dict[str, Any]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class _Seeder:
    """One seeding run: the random source, the id stream and the write context."""

    emulator: EmulatorState
    rng: random.Random
    ids: Iterator[str]
    ctx: RequestContext
    now: datetime = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def create(self, object_name: str, rows: list[Row]) -> list[Row]:
        """Create through the resolvers' batch write, one page cap at a time."""
        obj = self.emulator.workspace.object(object_name)
        cap = self.emulator.settings.page_cap
        created: list[Row] = []
        for start in range(0, len(rows), cap):
            chunk = rows[start : start + cap]
            created.extend(create_many(self.ctx, obj, chunk, upsert=False, cap=len(chunk)))
        return created

    def members(self) -> list[Row]:
        names = (("Tim", "Apple"), ("Jony", "Ive"), ("Phil", "Schiller"))
        rows = [
            {
                "id": next(self.ids),
                "name": {"firstName": first, "lastName": last},
                "userEmail": f"{first.lower()}@demo.twenty.example",
                "userId": next(self.ids),
            }
            for first, last in names
        ]
        return self.create("workspaceMember", rows)

    def companies(self, count: int, members: list[Row]) -> list[Row]:
        rng = self.rng
        rows = []
        for index in range(count):
            name = f"{_PREFIXES[index % len(_PREFIXES)]} {rng.choice(_SUFFIXES)}"
            slug = name.lower().replace(" ", "")
            rows.append(
                {
                    "id": next(self.ids),
                    "name": name,
                    "domainName": {
                        "primaryLinkUrl": f"https://{slug}.example",
                        "primaryLinkLabel": "",
                    },
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
        return self.create("company", rows)

    def people_and_deals(self, companies: list[Row]) -> tuple[list[Row], list[Row]]:
        """2-5 people and 1-2 opportunities per company (one random draw order, kept stable)."""
        person_rows: list[Row] = []
        opportunity_rows: list[Row] = []
        for company in companies:
            people_here = [
                self._person(company, person_rows) for _ in range(self.rng.randint(2, 5))
            ]
            for _ in range(self.rng.randint(1, 2)):
                opportunity_rows.append(self._opportunity(company, people_here))
        return self.create("person", person_rows), self.create("opportunity", opportunity_rows)

    def _person(self, company: Row, rows: list[Row]) -> str:
        rng = self.rng
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        person_id = next(self.ids)
        domain = company["domainName"]["primaryLinkUrl"].removeprefix("https://")
        rows.append(
            {
                "id": person_id,
                "name": {"firstName": first, "lastName": last},
                "emails": {"primaryEmail": f"{first}.{last}.{person_id[:6]}@{domain}".lower()},
                "jobTitle": rng.choice(_TITLES),
                "city": rng.choice(_CITIES),
                "companyId": company["id"],
            }
        )
        return person_id

    def _opportunity(self, company: Row, people_here: list[str]) -> Row:
        rng = self.rng
        return {
            "id": next(self.ids),
            "name": f"{company['name']} — {rng.choice(('Pilot', 'Expansion', 'Renewal'))}",
            "amount": {
                "amountMicros": float(rng.randrange(5, 500) * 1_000_000_000),
                "currencyCode": "USD",
            },
            "stage": rng.choice(_STAGES),
            "closeDate": _iso(self.now + timedelta(days=rng.randint(-60, 120))),
            "companyId": company["id"],
            "pointOfContactId": rng.choice(people_here),
        }

    def notes(self, count: int, companies: list[Row], people: list[Row]) -> list[Row]:
        """Notes on companies, every other one on a person too."""
        rows = [
            {
                "id": next(self.ids),
                "title": f"Call notes #{n + 1}",
                "bodyV2": {"markdown": f"Discussed next steps ({n + 1}).", "blocknote": None},
            }
            for n in range(count)
        ]
        notes = self.create("note", rows)
        targets = [
            {
                "id": next(self.ids),
                "noteId": note["id"],
                "companyId": self.rng.choice(companies)["id"],
            }
            for note in notes
        ] + [
            {"id": next(self.ids), "noteId": note["id"], "personId": self.rng.choice(people)["id"]}
            for note in notes[::2]
        ]
        self.create("noteTarget", targets)
        return notes

    def tasks(self, count: int, members: list[Row], opportunities: list[Row]) -> list[Row]:
        """Tasks assigned to members, each on one opportunity."""
        rows = [
            {
                "id": next(self.ids),
                "title": f"Follow up #{n + 1}",
                "status": self.rng.choice(_TASK_STATUSES),
                "dueAt": _iso(self.now + timedelta(days=self.rng.randint(-10, 30))),
                "assigneeId": self.rng.choice(members)["id"],
            }
            for n in range(count)
        ]
        tasks = self.create("task", rows)
        targets = [
            {
                "id": next(self.ids),
                "taskId": task["id"],
                "opportunityId": self.rng.choice(opportunities)["id"],
            }
            for task in tasks
        ]
        self.create("taskTarget", targets)
        return tasks


def seed_demo(emulator: EmulatorState, *, companies: int = 40, seed: int = 7) -> dict[str, int]:
    """Fill ``emulator`` with a demo workspace; returns how many records of each kind."""
    rng = random.Random(seed)
    ctx = RequestContext(emulator=emulator, actor_name="Demo seed")
    seeder = _Seeder(emulator, rng, _ids(rng), ctx)
    members = seeder.members()
    company_records = seeder.companies(companies, members)
    people, opportunities = seeder.people_and_deals(company_records)
    notes = seeder.notes(companies, company_records, people)
    tasks = seeder.tasks(companies, members, opportunities)
    ctx.events.clear()
    return {
        "workspaceMembers": len(members),
        "companies": len(company_records),
        "people": len(people),
        "opportunities": len(opportunities),
        "notes": len(notes),
        "tasks": len(tasks),
    }
