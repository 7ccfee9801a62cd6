"""Load the UN Security Council Debates corpus: speech files, ``meta.tsv``, ``speaker.tsv``.

The corpus (Schoenfeld, Eckhard, Patz, van Meegdenburg, Pires, Harvard
Dataverse doi:10.7910/DVN/KGVSYH, CC0) ships one text file per speech, a
``meta.tsv`` with one row per meeting and a ``speaker.tsv`` with one row per
speech. Its codebook names the columns (``year, month, day, date, spv,
document symbol, speech number, speaker, country org, role in un,
participanttype, filename, basename, topic, agenda item1..4, ...``); real files
spell them with underscores, so headers are matched after normalization.

:func:`load_corpus` groups the speeches of each meeting into one
``corpus_meeting`` :class:`~normtrace.parse.model.Document` with the meeting
date and topic from ``meta.tsv`` and the corpus' speaker metadata in
``meta["speakers"]`` (speech key → row), which
:func:`normtrace.actors.roles.resolve_roles` uses as record evidence;
:func:`role_from_corpus_row` maps one such row onto a normtrace role.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from normtrace.actors.context import MeetingContext, state_role
from normtrace.actors.invitations import classify_title
from normtrace.actors.reference import Reference
from normtrace.errors import IngestError, ParseError
from normtrace.ingest.text import read_text
from normtrace.parse.corpus import parse_corpus_speech
from normtrace.parse.model import Document

_HEADER_ALIASES = {
    "country_organization": "country_org",
    "countryorg": "country_org",
    "country": "country_org",
    "speech": "speech_number",
    "speechnumber": "speech_number",
    "role": "role_in_un",
    "roleinun": "role_in_un",
    "participant_type": "participanttype",
    "documentsymbol": "document_symbol",
}
_FILE = re.compile(r"UNSC_\d{4}_SPV\.\d+\w*_spch\d+\.txt$")


@dataclass
class CorpusLoad:
    """Meetings loaded from a corpus folder and the problems met on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _column(name: str) -> str:
    key = re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")
    return _HEADER_ALIASES.get(key, _HEADER_ALIASES.get(key.replace("_", ""), key))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a corpus TSV file, with normalized column names.

    Raises:
        IngestError: the file cannot be read.
    """
    text = read_text(path).text
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    if not rows:
        return []
    header = [_column(h) for h in rows[0]]
    return [dict(zip(header, (v.strip() for v in row), strict=False)) for row in rows[1:] if row]


def spv_symbol(value: str) -> str:
    """S/PV symbol of a corpus ``spv`` entry: ``8723Resumption1`` → ``S/PV.8723 (Resumption 1)``."""
    m = re.match(r"(?:S/PV\.)?\s*(\d+)\s*(?:\(?\s*Resumption\s*(\d*)\s*\)?)?", value.strip(), re.I)
    if not m:
        raise ValueError(f"not a corpus spv entry: {value!r}")
    base = f"S/PV.{m[1]}"
    return f"{base} (Resumption {m[2] or 1})" if "resumption" in value.lower() else base


def corpus_date(row: Mapping[str, str]) -> str | None:
    """ISO date of a meta/speaker row (``date`` like ``15 January 2020`` or year/month/day)."""
    raw = row.get("date", "")
    for fmt in ("%d %B %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return f"{int(row['year']):04d}-{_month(row['month']):02d}-{int(row['day']):02d}"
    except (KeyError, ValueError):
        return None


def _month(value: str) -> int:
    return int(value) if value.isdigit() else datetime.strptime(value[:3], "%b").month


def _speech_files(folder: Path) -> list[Path]:
    found = [p for p in folder.rglob("*.txt") if _FILE.search(p.name)]
    return sorted(found, key=lambda p: p.name)


def load_corpus(
    folder: str | Path,
    *,
    tables: str | Path | None = None,
    limit_meetings: Iterable[str] | None = None,
) -> CorpusLoad:
    """Load every speech under ``folder`` into one document per meeting.

    ``meta.tsv`` and ``speaker.tsv`` are read from ``tables`` (default: ``folder``)
    when present. Files that cannot be parsed are reported in ``problems`` and skipped.

    Args:
        folder: the unpacked corpus (speech files anywhere below it).
        tables: the folder holding ``meta.tsv`` and ``speaker.tsv``, if elsewhere.
        limit_meetings: only these meeting symbols (``S/PV.8703``).
    """
    root = Path(folder)
    if not root.is_dir():
        raise IngestError("not a folder; give the unpacked corpus folder", path=root)
    table_dir = Path(tables) if tables is not None else root
    meetings = _meeting_rows(table_dir)
    speakers = _speaker_rows(table_dir)
    wanted = set(limit_meetings) if limit_meetings is not None else None
    out = CorpusLoad()
    grouped: dict[str, list[Document]] = {}
    for path in _speech_files(root):
        try:
            doc = parse_corpus_speech(read_text(path).text, filename=path.name)
        except (IngestError, ParseError) as exc:
            out.problems.append(str(exc))
            continue
        if wanted is None or doc.symbol in wanted:
            grouped.setdefault(doc.symbol, []).append(doc)
    for symbol, docs in grouped.items():
        out.documents.append(_meeting(symbol, docs, meetings.get(symbol, {}), speakers))
    return out


def _meeting_rows(root: Path) -> dict[str, dict[str, str]]:
    path = root / "meta.tsv"
    rows = read_tsv(path) if path.exists() else []
    return {spv_symbol(r["spv"]): r for r in rows if r.get("spv")}


def _speaker_rows(root: Path) -> dict[str, dict[str, str]]:
    path = root / "speaker.tsv"
    rows = read_tsv(path) if path.exists() else []
    return {r["filename"].rsplit("/", 1)[-1]: r for r in rows if r.get("filename")}


def _meeting(
    symbol: str, docs: list[Document], meta_row: dict[str, str], speakers: dict[str, dict[str, str]]
) -> Document:
    speeches = tuple(sorted((s for d in docs for s in d.speeches), key=lambda s: s.index))
    rows = {
        s.key: speakers[d.meta["file"]]
        for d in docs
        for s in d.speeches
        if d.meta.get("file") in speakers
    }
    day = corpus_date(meta_row) if meta_row else None
    meta: dict[str, Any] = {"speakers": rows, "files": [d.meta.get("file") for d in docs]}
    if meta_row:
        meta.update({"topic": meta_row.get("topic"), "corpus_meta": meta_row})
    first = docs[0]
    return replace(
        first,
        speeches=speeches,
        date=day,
        year=int(day[:4]) if day else first.year,
        title=meta_row.get("topic") or None,
        meta=meta,
        warnings=tuple(w for d in docs for w in d.warnings),
    )


def role_from_corpus_row(
    row: Mapping[str, Any], ctx: MeetingContext, ref: Reference
) -> tuple[str, str | None, str] | None:
    """``(role, actor, reason)`` from a ``speaker.tsv`` row, or ``None`` if not conclusive."""
    kind = str(row.get("participanttype", "")).strip().lower()
    org = str(row.get("country_org", "")).strip()
    said = f"corpus speaker.tsv: country_org={org!r}, participanttype={kind!r}"
    if kind == "the president":
        state = ref.state(org, ctx.day) if org else None
        presiding = state.id if state is not None else ctx.president_state
        return "president", presiding, f"{said}; presiding state {presiding}"
    if org.upper() == "UN":
        title = str(row.get("role_in_un", "")).strip()
        role, entity, why = classify_title(ref, title) if title else ("secretariat", None, "")
        if role == "unknown":
            role, why = "secretariat", f"role_in_un {title!r} not classified; corpus marks UN"
        person = _person(ref, str(row.get("speaker", "")), ctx)
        actor = person or entity or "org:un"
        return role, actor, f"{said}; {why or 'Secretariat (corpus label UN)'}"
    state = ref.state(org, ctx.day) if org else None
    if state is not None:
        role, why = state_role(ref, ctx, state.id)
        return (role, state.id, f"{said}; {why}") if role != "unknown" else None
    body = ref.entity(org) if org else None
    if body is not None and body.role != "unknown":
        actor = _person(ref, str(row.get("speaker", "")), ctx) or body.id
        return body.role, actor, f"{said}; {body.name} is {body.role}"
    return None


def _person(ref: Reference, name: str, ctx: MeetingContext) -> str | None:
    """The one reference person called ``name`` in post on the meeting date, if any."""
    if not name or ctx.day is None:
        return None
    day = ctx.day
    people = [p for p in ref.persons_named(name) if p.posts_on(day)]
    return people[0].id if len(people) == 1 else None
