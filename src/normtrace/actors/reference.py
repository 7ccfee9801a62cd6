"""Reference data about actors: states, Council terms, UN officials, other entities.

The bundled CSV files live in ``normtrace/data/reference`` (their columns and
sources are documented in the README there). :func:`load_reference` reads them,
optionally from another folder, and applies a project's overrides
(:mod:`normtrace.actors.overrides`).

>>> ref = load_reference()
>>> ref.state("United Kingdom Of Great Britain And Northern Ireland").id
'GBR'
>>> ref.seat_on("NER", "2020-01-15")
'elected'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Protocol

from normtrace.actors.names import name_suffixes, normalize_name, person_key
from normtrace.errors import ActorError

ROLES = (
    "president",
    "permanent_member",
    "elected_member",
    "non_member_state",
    "secretariat",
    "un_entity",
    "igo",
    "ngo",
    "unknown",
)
ENTITY_ROLES = ("secretariat", "un_entity", "igo", "ngo", "unknown")
POST_ROLES = ("secretariat", "un_entity", "igo", "ngo", "state")
# Posts whose dates are only known to the month or year may be off by that much.
_SLACK = {"high": timedelta(0), "medium": timedelta(days=45), "low": timedelta(days=366)}


@dataclass(frozen=True)
class State:
    """A state (or historical state) that may sit on or address the Council."""

    id: str
    name: str
    iso3: str
    un_regional_group: str
    status: str
    successor: str = ""
    variants: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Term:
    """One term of a state on the Council (dates inclusive)."""

    state_id: str
    name_as_recorded: str
    seat: str
    start: date
    end: date
    exception: str = ""
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Entity:
    """A non-state speaker: Secretariat unit or mission, UN entity, IGO, NGO."""

    id: str
    name: str
    role: str
    category: str = ""
    variants: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Post:
    """A post held by a person, with the role it confers."""

    post: str
    organisation: str
    role: str
    start: date | None
    end: date | None
    confidence: str = "medium"
    note: str = ""

    def active_on(self, day: date) -> bool:
        """Whether the post was held on ``day`` (allowing for imprecise dates)."""
        slack = _SLACK.get(self.confidence, timedelta(0))
        if self.start is not None and day < self.start - slack:
            return False
        return self.end is None or day <= self.end + slack


@dataclass(frozen=True)
class Person:
    """A person with name variants and the posts they held."""

    id: str
    name: str
    variants: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()

    def posts_on(self, day: date) -> list[Post]:
        """Posts held on ``day``."""
        return [p for p in self.posts if p.active_on(day)]


@dataclass
class Reference:
    """All reference data, indexed for lookup by name and date."""

    states: dict[str, State]
    terms: tuple[Term, ...]
    entities: dict[str, Entity]
    persons: dict[str, Person]
    cache: dict[str, object] = field(default_factory=dict, repr=False)
    _state_names: dict[str, str] = field(default_factory=dict, repr=False)
    _entity_names: dict[str, str] = field(default_factory=dict, repr=False)
    _person_names: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the name indexes (after adding states, entities or persons)."""
        self.cache.clear()
        self._state_names = {}
        for st in self.states.values():
            for name in (st.name, st.id, *st.variants):
                self._state_names.setdefault(normalize_name(name), st.id)
        self._entity_names = {}
        for ent in self.entities.values():
            for name in (ent.name, *ent.variants):
                self._entity_names.setdefault(normalize_name(name), ent.id)
        self._person_names = {}
        for person in self.persons.values():
            for name in (person.name, *person.variants):
                for suffix in name_suffixes(person_key(name)):
                    self._person_names.setdefault(suffix, set()).add(person.id)

    def state(self, name: str, on: date | str | None = None) -> State | None:
        """The state called ``name`` (any known variant) on day ``on``, or ``None``.

        With a day, a name shared across a permanent seat's handover means the state that
        held the seat then: "China" before 25 October 1971 is the Republic of China
        (``ROC``), after it the People's Republic (``CHN``); "USSR" and the Russian
        Federation likewise around 24 December 1991.
        """
        sid = self._state_names.get(normalize_name(name))
        if not sid:
            return None
        if on is not None:
            sid = self.seat_holder(sid, as_date(on))
        return self.states[sid]

    def seat_holder(self, state_id: str, day: date) -> str:
        """``state_id``, or the predecessor that held its permanent seat on ``day``."""
        for pred in self.states.values():
            if pred.successor != state_id or pred.status != "former":
                continue
            seats = [t for t in self.terms if t.state_id == pred.id and t.seat == "permanent"]
            if seats and day <= max(t.end for t in seats):
                return pred.id
        for succ_id in {s.successor for s in self.states.values() if s.id == state_id}:
            own = [t for t in self.terms if t.state_id == state_id and t.seat == "permanent"]
            if succ_id and own and day > max(t.end for t in own):
                return succ_id
        return state_id

    def entity(self, name: str) -> Entity | None:
        """The entity called ``name`` (any known variant), or ``None``."""
        eid = self._entity_names.get(normalize_name(name))
        return self.entities[eid] if eid else None

    def entity_names(self) -> Iterator[tuple[str, str]]:
        """``(normalized name, entity id)`` for every known entity name."""
        yield from self._entity_names.items()

    def state_names(self) -> Iterator[tuple[str, str]]:
        """``(normalized name, state id)`` for every known state name."""
        yield from self._state_names.items()

    def persons_named(self, name: str) -> list[Person]:
        """Persons whose name (or a trailing part of it) is ``name`` (honorifics ignored)."""
        ids = self._person_names.get(person_key(name), set())
        return [self.persons[i] for i in sorted(ids)]

    def terms_on(self, day: date) -> list[Term]:
        """Council terms running on ``day``."""
        return [t for t in self.terms if t.start <= day <= t.end]

    def members_on(self, day: date | str) -> dict[str, str]:
        """``{state id: 'permanent' | 'elected'}`` for the Council on ``day``."""
        d = as_date(day)
        return {t.state_id: t.seat for t in self.terms_on(d)}

    def seat_on(self, state_id: str, day: date | str) -> str | None:
        """``'permanent'``, ``'elected'`` or ``None`` (not a member on ``day``)."""
        return self.members_on(day).get(state_id)

    def term_of(self, state_id: str, day: date | str) -> Term | None:
        """The term ``state_id`` was serving on ``day``, if any."""
        d = as_date(day)
        return next((t for t in self.terms_on(d) if t.state_id == state_id), None)


def as_date(value: date | str) -> date:
    """A :class:`date` from a date or an ISO ``YYYY-MM-DD`` string."""
    return value if isinstance(value, date) else date.fromisoformat(value[:10])


def parse_loose_date(text: str, *, end: bool = False) -> date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` picks the last day of the span."""
    text = text.strip()
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """Rows of a CSV whose leading ``#`` lines are comments."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    return [dict(r) for r in csv.DictReader(io.StringIO("".join(lines)))]


def _bundled(name: str) -> str:
    return (resources.files("normtrace") / "data" / "reference" / name).read_text(encoding="utf-8")


def _read(folder: Path | None, name: str) -> list[dict[str, str]]:
    try:
        text = (folder / name).read_text(encoding="utf-8") if folder else _bundled(name)
    except OSError as exc:
        raise ActorError(f"cannot read reference file {name} in {folder}: {exc}") from exc
    return read_csv_rows(text)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


def states_from_rows(rows: Iterable[dict[str, str]]) -> dict[str, State]:
    """States keyed by id from ``states.csv`` rows."""
    return {
        r["id"]: State(
            r["id"],
            r["name"],
            r["iso3"],
            r["un_regional_group"],
            r["status"],
            r["successor"],
            _split(r["variants"]),
            r["note"],
        )
        for r in rows
    }


def terms_from_rows(rows: Iterable[dict[str, str]]) -> tuple[Term, ...]:
    """Council terms from ``council_membership.csv`` rows."""
    terms = []
    for r in rows:
        start = parse_loose_date(r["start_date"]) or date(int(r["start_year"]), 1, 1)
        end = parse_loose_date(r["end_date"], end=True) or date(int(r["end_year"]), 12, 31)
        terms.append(
            Term(
                r["state_id"],
                r["name_as_recorded"],
                r["seat"],
                start,
                end,
                r["exception"],
                r["note"],
                r["source"],
            )
        )
    return tuple(terms)


def entities_from_rows(rows: Iterable[dict[str, str]]) -> dict[str, Entity]:
    """Entities keyed by id from ``entities.csv`` rows."""
    out = {}
    for r in rows:
        if r["role"] not in ENTITY_ROLES:
            raise ActorError(f"entity {r['id']}: role {r['role']!r} is not one of {ENTITY_ROLES}")
        out[r["id"]] = Entity(
            r["id"], r["name"], r["role"], r.get("category", ""), _split(r["variants"]), r["note"]
        )
    return out


def persons_from_rows(rows: Iterable[dict[str, str]]) -> dict[str, Person]:
    """Persons keyed by id from ``persons.csv`` rows (one row per post)."""
    posts: dict[str, list[Post]] = {}
    names: dict[str, tuple[str, set[str]]] = {}
    for r in rows:
        if r["role"] not in POST_ROLES:
            raise ActorError(f"person {r['person_id']}: role {r['role']!r} not in {POST_ROLES}")
        pid = r["person_id"]
        name, variants = names.setdefault(pid, (r["name"], set()))
        variants.update(_split(r["variants"]))
        posts.setdefault(pid, []).append(
            Post(
                r["post"],
                r["organisation"],
                r["role"],
                parse_loose_date(r["start"]),
                parse_loose_date(r["end"], end=True),
                r.get("confidence") or "medium",
                r.get("note", ""),
            )
        )
    return {
        pid: Person(pid, names[pid][0], tuple(sorted(names[pid][1])), tuple(posts[pid]))
        for pid in posts
    }


class ReferenceFix(Protocol):
    """Corrections :func:`load_reference` applies after loading.

    A project's :class:`~normtrace.actors.overrides.Overrides` is one; it imports this
    module, so this module names only the one method it calls.
    """

    def apply_to(self, ref: Reference) -> None:
        """Add the corrections to ``ref`` (in place)."""


def load_reference(
    folder: str | Path | None = None, overrides: ReferenceFix | None = None
) -> Reference:
    """Load the reference data (bundled, or from ``folder``) and apply ``overrides``.

    Args:
        folder: a folder with ``states.csv``, ``council_membership.csv``,
            ``entities.csv`` and ``persons.csv``; the bundled copy if ``None``.
        overrides: an :class:`normtrace.actors.overrides.Overrides` whose extra
            persons, entities and aliases are added.

    Raises:
        ActorError: a file is missing or malformed.
    """
    path = Path(folder) if folder else None
    try:
        ref = Reference(
            states_from_rows(_read(path, "states.csv")),
            terms_from_rows(_read(path, "council_membership.csv")),
            entities_from_rows(_read(path, "entities.csv")),
            persons_from_rows(_read(path, "persons.csv")),
        )
    except (KeyError, ValueError) as exc:
        raise ActorError(
            f"malformed reference data in {path or 'the bundled copy'}: {exc}"
        ) from exc
    if overrides is not None:
        overrides.apply_to(ref)
    return ref
