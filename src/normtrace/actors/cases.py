"""Cases as data: the stability operations studied, as YAML files.

The four bundled cases (``normtrace/data/cases``: ``haiti-2004``, ``drc-2013``,
``mali-2013``, ``car-2014``) name the countries and topics, the mission, the key
resolution and a window of years around it. :func:`load_case` validates a file
and raises :class:`~normtrace.errors.ConfigError` naming the file and the
problem; :func:`case_timeline` gives the chronology of a case.

>>> sorted(c.name for c in load_cases())
['car-2014', 'drc-2013', 'haiti-2004', 'mali-2013']
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.actors.meetings_index import load_index
from normtrace.actors.timeline import TimelineEntry, entry_order, timeline
from normtrace.errors import ConfigError
from normtrace.parse.symbols import canonical
from normtrace.store.db import Store, utc_now
from normtrace.yamlfile import load_mapping, parse_mapping

_REQUIRED = ("name", "title", "countries", "topics", "key_resolutions", "window")
_OPTIONAL = ("mission", "related_resolutions", "notes")


@dataclass(frozen=True)
class Case:
    """One case: where, what, when."""

    name: str
    title: str
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    key_resolutions: tuple[str, ...]
    start: int
    end: int
    mission: str | None = None
    related_resolutions: tuple[str, ...] = ()
    notes: str = ""
    source: str = ""


def _strings(
    data: dict[str, Any], key: str, where: str, *, required: bool = True
) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"`{key}` must be a non-empty list of strings", location=where)
    return tuple(value)


def _symbols(values: tuple[str, ...], key: str, where: str) -> tuple[str, ...]:
    out = []
    for v in values:
        try:
            out.append(canonical(v))
        except ValueError as exc:
            raise ConfigError(f"`{key}`: {exc}", location=where) from exc
    return tuple(out)


def _window(data: dict[str, Any], where: str) -> tuple[int, int]:
    window = data.get("window")
    if not isinstance(window, dict) or not {"start", "end"} <= set(window):
        raise ConfigError("`window` must be a mapping {start: YEAR, end: YEAR}", location=where)
    start, end = window["start"], window["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 1946 <= start <= end <= 2100):
        raise ConfigError(
            f"`window` years must satisfy 1946 <= start <= end: {window}", location=where
        )
    return start, end


def case_from_mapping(data: Any, where: str) -> Case:
    """Validate the parsed YAML of a case file.

    Raises:
        ConfigError: a field is missing, unknown or malformed (message names ``where``).
    """
    if not isinstance(data, dict):
        raise ConfigError("a case file must be a mapping", location=where)
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ConfigError(f"missing fields: {', '.join(missing)}", location=where)
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        valid = _REQUIRED + _OPTIONAL
        raise ConfigError(f"unknown fields {unknown}; valid: {valid}", location=where)
    if not isinstance(data["name"], str) or not isinstance(data["title"], str):
        raise ConfigError("`name` and `title` must be strings", location=where)
    start, end = _window(data, where)
    keys = _symbols(_strings(data, "key_resolutions", where), "key_resolutions", where)
    related = _strings(data, "related_resolutions", where, required=False)
    return Case(
        data["name"],
        data["title"],
        _strings(data, "countries", where),
        _strings(data, "topics", where),
        keys,
        start,
        end,
        data.get("mission"),
        _symbols(related, "related_resolutions", where),
        str(data.get("notes") or "").strip(),
        where,
    )


def load_case(path: str | Path) -> Case:
    """Read and validate one case file.

    Raises:
        ConfigError: the file cannot be read, is not YAML, or is not a valid case.
    """
    p = Path(path)
    data = load_mapping(p, what="case file", error=ConfigError)
    if isinstance(data, dict) and "name" not in data and {"id", "start", "end"} <= set(data):
        raise ConfigError(
            "a trace window (id, start, end, terms) names no topics of meetings; for a "
            "timeline give --topic WORD --from YEAR --to YEAR, or a case file with "
            f"{', '.join(_REQUIRED)}",
            location=str(p),
        )
    case = case_from_mapping(data, str(p))
    if case.name != p.stem:
        raise ConfigError(
            f"`name` {case.name!r} differs from the file name {p.stem!r} (a case is known by "
            f"its name, which must be its file's): rename the file to {case.name}{p.suffix} "
            f"or set `name: {p.stem}` (docs/cases.md)",
            location=str(p),
        )
    return case


def load_cases(folder: str | Path | None = None) -> list[Case]:
    """All cases in ``folder`` (``*.yaml``), or the bundled ones, sorted by name."""
    if folder is not None:
        return [load_case(p) for p in sorted(Path(folder).glob("*.yaml"))]
    bundled = resources.files("normtrace") / "data" / "cases"
    cases = []
    for entry in sorted(bundled.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            where = f"normtrace/data/cases/{entry.name}"
            text = entry.read_text(encoding="utf-8")
            data = parse_mapping(text, source=where, what="case file", error=ConfigError)
            case = case_from_mapping(data, where)
            cases.append(case)
    return cases


def is_case_path(case: str | Path) -> bool:
    """Whether ``case`` names a case file rather than a case by name: a ``.yaml``/``.yml``
    name or an existing file (the one rule of ``timeline``, ``trace`` and ``report``)."""
    path = Path(case)
    return path.suffix in (".yaml", ".yml") or path.is_file()


def get_case(name: str, folder: str | Path | None = None) -> Case:
    """The case file at the path ``name`` (:func:`is_case_path`), else the case called
    ``name`` in ``folder`` or among the bundled ones; the error lists the valid names."""
    if is_case_path(name):
        return load_case(name)
    cases = {c.name: c for c in load_cases(folder)}
    if name not in cases:
        raise ConfigError(
            f"no case {name!r}; known cases: {', '.join(sorted(cases))}; or give the path of "
            "a case YAML file"
        )
    return cases[name]


def store_cases(store: Store, cases: list[Case]) -> int:
    """Record the cases in the project (``cases`` table), replacing same-named ones."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO cases (name, spec, source, loaded_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, source = excluded.source, "
            "loaded_at = excluded.loaded_at",
            [
                (c.name, json.dumps(asdict(c), ensure_ascii=False), c.source, utc_now())
                for c in cases
            ],
        )
    return len(cases)


def case_timeline(store: Store, case: Case) -> list[TimelineEntry]:
    """The chronology of ``case``: its topics over its window, plus the meetings that
    adopted its key and related resolutions under other agenda items."""
    entries = timeline(store, case.topics, case.start, case.end)
    seen = {e.symbol for e in entries}
    wanted = set(case.key_resolutions) | set(case.related_resolutions)
    extra_topics: list[str] = []
    for m in load_index():
        if wanted & set(m.outcomes) and m.symbol not in seen and m.topics:
            extra_topics.extend(m.topics)
    if not extra_topics:
        return entries
    more = timeline(store, sorted(set(extra_topics)), case.start, case.end)
    adopting = {e.note.split(",")[0].removeprefix("at ") for e in more if e.symbol in wanted}
    keep = adopting | wanted
    entries += [
        e
        for e in more
        if e.symbol not in seen and (e.symbol in keep or e.note.removeprefix("draft of ") in keep)
    ]
    return sorted(entries, key=entry_order)
