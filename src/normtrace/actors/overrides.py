"""A project's corrections to role resolution, as a YAML file.

Role resolution never guesses: what it cannot resolve is listed by
:func:`normtrace.actors.store_actors.unresolved`, and a researcher fixes it here.
A project keeps its file beside the project as ``<project>.overrides.yaml``
(:func:`project_overrides_path`), or names one with ``--overrides``.
Every section is optional::

    # normtrace actor overrides
    speeches:                     # one speech, by key
      "S/PV.8756/s008": {role: ngo, actor: "person:hadiza", note: "child briefer, S/PV.8756"}
    speakers:                     # a speaker label, optionally in one meeting only
      - {label: "Mr. De Roux", role: ngo, actor: "org:truth-commission-colombia",
         meeting: "S/PV.8723"}
    aliases:                      # extra names for known actors
      "Republic of Cote d'Ivoire": CIV
    persons:                      # extra rows in the persons.csv format
      - {person_id: "person:smith-dan", name: Dan Smith, post: Director, organisation: org:sipri,
         role: ngo, start: "2015", end: "", confidence: low}
    entities:                     # extra rows in the entities.csv format
      - {id: "org:truth-commission-colombia", name: "Truth Commission of Colombia", role: ngo}
    terms:                        # Council terms to add, or to remove (council_membership.csv)
      - {state_id: CIV, seat: elected, start_year: 1991, end_year: 1992, remove: true}

>>> load_overrides(None).speeches
{}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from normtrace.actors.reference import (
    ROLES,
    Reference,
    Term,
    entities_from_rows,
    persons_from_rows,
    terms_from_rows,
)
from normtrace.errors import ActorError, ConfigError
from normtrace.yamlfile import load_mapping

_SECTIONS = ("speeches", "speakers", "aliases", "persons", "entities", "terms")


@dataclass(frozen=True)
class RoleOverride:
    """A fixed role (and actor) for a speech or a speaker label."""

    role: str
    actor: str | None = None
    presiding_state: str | None = None
    note: str = ""
    label: str | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class Overrides:
    """Parsed overrides file (empty when there is none)."""

    speeches: dict[str, RoleOverride] = field(default_factory=dict)
    speakers: tuple[RoleOverride, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    persons: tuple[dict[str, str], ...] = ()
    entities: tuple[dict[str, str], ...] = ()
    path: str | None = None
    terms: tuple[dict[str, str], ...] = ()

    def for_speaker(self, label: str, meeting: str | None) -> RoleOverride | None:
        """The override for ``label`` (meeting-specific first), if any."""
        hits = [o for o in self.speakers if o.label == label and o.meeting in (None, meeting)]
        hits.sort(key=lambda o: o.meeting is None)
        return hits[0] if hits else None

    def apply_to(self, ref: Reference) -> None:
        """Add the persons, entities, aliases and terms to ``ref`` (in place).

        :func:`~normtrace.actors.reference.load_reference` calls this for its ``overrides``.
        """
        apply_to_reference(ref, self)


def _role(raw: Any, where: str) -> RoleOverride:
    if not isinstance(raw, dict) or "role" not in raw:
        raise ConfigError("expected a mapping with at least `role`", location=where)
    if raw["role"] not in ROLES:
        raise ConfigError(f"role {raw['role']!r} is not one of {', '.join(ROLES)}", location=where)
    unknown = set(raw) - {"role", "actor", "presiding_state", "note", "label", "meeting"}
    if unknown:
        raise ConfigError(f"unknown keys {sorted(unknown)}", location=where)
    return RoleOverride(
        raw["role"],
        raw.get("actor"),
        raw.get("presiding_state"),
        str(raw.get("note", "")),
        raw.get("label"),
        raw.get("meeting"),
    )


def _rows(raw: Any, where: str) -> tuple[dict[str, str], ...]:
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ConfigError("expected a list of mappings", location=where)
    return tuple({k: "" if v is None else str(v) for k, v in r.items()} for r in raw)


def parse_overrides(data: Any, path: str = "<overrides>") -> Overrides:
    """Validate the parsed YAML ``data`` of an overrides file.

    Raises:
        ConfigError: naming the file, the section and the problem.
    """
    if data is None:
        return Overrides(path=path)
    if not isinstance(data, dict):
        raise ConfigError("an overrides file must be a mapping of sections", location=path)
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ConfigError(
            f"unknown sections {sorted(unknown)}; valid: {', '.join(_SECTIONS)}", location=path
        )
    speeches_raw = data.get("speeches") or {}
    if not isinstance(speeches_raw, dict):
        raise ConfigError("`speeches` must map speech keys to roles", location=path)
    speeches = {k: _role(v, f"{path}: speeches.{k}") for k, v in speeches_raw.items()}
    speakers = tuple(
        _role(v, f"{path}: speakers[{i}]") for i, v in enumerate(data.get("speakers") or [])
    )
    for i, sp in enumerate(speakers):
        if not sp.label:
            raise ConfigError("each speaker override needs a `label`", location=f"{path}: [{i}]")
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise ConfigError("`aliases` must map names to actor ids", location=path)
    return Overrides(
        speeches,
        speakers,
        {str(k): str(v) for k, v in aliases.items()},
        _rows(data.get("persons") or [], f"{path}: persons"),
        _rows(data.get("entities") or [], f"{path}: entities"),
        path,
        _rows(data.get("terms") or [], f"{path}: terms"),
    )


def load_overrides(path: str | Path | None) -> Overrides:
    """Read an overrides YAML file; ``None`` gives empty overrides.

    Raises:
        ConfigError: the file cannot be read or is invalid.
    """
    if path is None:
        return Overrides()
    data = load_mapping(path, what="overrides file", error=ConfigError, allow_empty=True)
    return parse_overrides(data, str(path))


def project_overrides_path(project_path: str | Path | None) -> Path | None:
    """The overrides file kept beside a project: ``<project>.overrides.yaml``, if it exists.

    >>> project_overrides_path(":memory:") is None
    True
    """
    if project_path is None or str(project_path) == ":memory:":
        return None
    candidate = Path(project_path).with_suffix(".overrides.yaml")
    return candidate if candidate.is_file() else None


def apply_to_reference(ref: Reference, overrides: Overrides) -> None:
    """Add the overrides' persons, entities and aliases to ``ref`` (in place)."""
    where = overrides.path or "<overrides>"
    try:
        ref.entities.update(entities_from_rows(_with_defaults(overrides.entities)))
        extra = persons_from_rows(_with_defaults(overrides.persons))
    except (KeyError, ActorError) as exc:
        raise ConfigError(f"invalid persons/entities entry: {exc}", location=where) from exc
    for pid, person in extra.items():
        old = ref.persons.get(pid)
        ref.persons[pid] = (
            replace(person, variants=old.variants + person.variants, posts=old.posts + person.posts)
            if old
            else person
        )
    for alias, actor in overrides.aliases.items():
        _add_alias(ref, alias, actor, where)
    if overrides.terms:
        ref.terms = _apply_terms(ref, overrides.terms, where)
    ref.reindex()


_TERM_DEFAULTS = {
    "name_as_recorded": "",
    "start_date": "",
    "end_date": "",
    "exception": "",
    "note": "",
    "source": "overrides",
}


def _apply_terms(ref: Reference, rows: tuple[dict[str, str], ...], where: str) -> tuple[Term, ...]:
    """Add terms; a row with ``remove: true`` drops the term of that state, seat and start year."""
    terms = list(ref.terms)
    for i, row in enumerate(rows):
        full = {**_TERM_DEFAULTS, **row}
        try:
            [term] = terms_from_rows([full])
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"invalid term: {exc}", location=f"{where}: terms[{i}]") from exc
        if term.state_id not in ref.states:
            raise ConfigError(f"unknown state {term.state_id!r}", location=f"{where}: terms[{i}]")
        if str(row.get("remove", "")).lower() in ("true", "1", "yes"):
            same = [
                t
                for t in terms
                if (t.state_id, t.seat, t.start.year) == (term.state_id, term.seat, term.start.year)
            ]
            if not same:
                raise ConfigError("no such term to remove", location=f"{where}: terms[{i}]")
            terms = [t for t in terms if t not in same]
        else:
            terms.append(term)
    return tuple(terms)


_DEFAULTS = {
    "variants": "",
    "note": "",
    "category": "",
    "confidence": "medium",
    "start": "",
    "end": "",
    "post": "",
}


def _with_defaults(rows: tuple[dict[str, str], ...]) -> list[dict[str, str]]:
    return [{**_DEFAULTS, **r} for r in rows]


def _add_alias(ref: Reference, alias: str, actor: str, where: str) -> None:
    if actor in ref.states:
        st = ref.states[actor]
        ref.states[actor] = replace(st, variants=(*st.variants, alias))
    elif actor in ref.entities:
        ent = ref.entities[actor]
        ref.entities[actor] = replace(ent, variants=(*ent.variants, alias))
    elif actor in ref.persons:
        person = ref.persons[actor]
        ref.persons[actor] = replace(person, variants=(*person.variants, alias))
    else:
        raise ConfigError(f"alias {alias!r} points to unknown actor {actor!r}", location=where)
