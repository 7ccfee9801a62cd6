"""The chronology of a topic: meetings, outcomes, drafts and cited documents, in order.

:func:`timeline` lists, for a topic (matched as a whole word in meeting
topics: ``Mali`` does not match ``Somalia``) and a span of years, every
meeting of the UN Library index and the project, what each adopted or failed
to adopt, the drafts behind the resolutions (once :func:`import_drafts` ran),
the documents those texts cite (once ingested and linked) and the project's
own documents on the topic. Each entry says whether the document is in the
project; the rest are marked missing with their symbols, so a researcher
knows what to get (``normtrace fetch SYMBOL``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from normtrace.actors.meetings_index import load_index
from normtrace.parse.symbols import parse_symbol
from normtrace.store.db import Store
from normtrace.store.held import held_by_symbol
from normtrace.store.topics import meeting_topic, topic_pattern

_KIND_ORDER = {"cited": 0, "draft": 1, "meeting": 2, "resolution": 3, "prst": 4, "outcome": 5}


@dataclass(frozen=True)
class TimelineEntry:
    """One item of a chronology."""

    date: str | None
    kind: str
    symbol: str
    title: str
    in_project: bool
    note: str = ""
    sort_date: str = ""

    @property
    def missing(self) -> bool:
        """The document is not in the project."""
        return not self.in_project


@dataclass(frozen=True)
class _Meeting:
    symbol: str
    date: str | None
    topics: tuple[str, ...]
    outcomes: tuple[str, ...]
    votes: tuple[str, ...]


def _meetings(store: Store) -> dict[str, _Meeting]:
    """The bundled index's meetings, overlaid by the project's (their agenda items read as
    every surface reads them: :func:`normtrace.store.topics.meeting_topic`)."""
    found = {
        m.symbol: _Meeting(m.symbol, m.date, m.topics, m.outcomes, m.votes) for m in load_index()
    }
    for row in store.conn.execute("SELECT symbol, date, topic, origin, meta FROM meetings"):
        meta = json.loads(row["meta"] or "{}")
        index = meta.get("library_index", meta) if isinstance(meta, dict) else {}
        old = found.get(row["symbol"])
        known = meeting_topic(row["symbol"], row["topic"], row["origin"], meta)
        topics = known.items if known is not None else ()
        found[row["symbol"]] = _Meeting(
            row["symbol"],
            row["date"] or (old.date if old else None),
            topics or (old.topics if old else ()),
            tuple(index.get("outcomes") or (old.outcomes if old else ())),
            tuple(index.get("votes") or (old.votes if old else ())),
        )
    return found


def _outcome_kind(symbol: str) -> str:
    try:
        kind = parse_symbol(symbol).kind
    except ValueError:
        return "outcome"
    return {"resolution": "resolution", "prst": "prst"}.get(kind, "outcome")


def _year(symbol: str) -> int | None:
    try:
        return parse_symbol(symbol).year
    except ValueError:
        return None


def topics_left_out(
    store: Store, topic: str | Sequence[str], start: int, end: int
) -> dict[str, int]:
    """Meeting topics of ``start``–``end`` where a ``topic`` word begins a word but that the
    whole-word match of :func:`timeline` leaves out (``Guinea`` in "The situation in
    Guinea-Bissau": a State's name does not take another's hyphenated name,
    :func:`~normtrace.store.topics.topic_pattern`), with their number of meetings: what to
    suggest beside the timeline."""
    words = [topic] if isinstance(topic, str) else list(topic)
    patterns = [topic_pattern(t) for t in words]
    starts = [re.compile(rf"(?<!\w){re.escape(w.strip())}", re.I) for w in words if w.strip()]
    found: dict[str, int] = {}
    for m in _meetings(store).values():
        if not m.date or not start <= int(m.date[:4]) <= end:
            continue
        for t in m.topics:
            if any(w.search(t) for w in starts) and not any(p.search(t) for p in patterns):
                found[t] = found.get(t, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: -kv[1]))


def timeline(store: Store, topic: str | Sequence[str], start: int, end: int) -> list[TimelineEntry]:
    """Meetings and documents on ``topic`` from ``start`` to ``end`` (years, inclusive), in order.

    Args:
        store: the open project (meetings, drafts, documents and links are read from it;
            the bundled meeting index is used as well, so an empty project still works).
        topic: a word or phrase, or several, matched in meeting topics and document titles.
        start: first year.
        end: last year.
    """
    patterns = [topic_pattern(t) for t in ([topic] if isinstance(topic, str) else topic)]
    held = held_by_symbol(store)
    have = set(held)
    entries: list[TimelineEntry] = []
    for m in sorted(_meetings(store).values(), key=lambda m: (m.date or "", m.symbol)):
        if not m.date or not start <= int(m.date[:4]) <= end:
            continue
        if not any(p.search(t) for p in patterns for t in m.topics):
            continue
        entries += _meeting_entries(m, have)
    entries += _draft_entries(store, entries, have)
    entries += _cited_entries(store, entries, held, start, end)
    entries += _document_entries(held, patterns, start, end, {e.symbol for e in entries})
    return sorted(entries, key=entry_order)


def entry_order(entry: TimelineEntry) -> tuple[str, int, str]:
    """Sort key of a timeline: date, then drafts before meetings before outcomes."""
    return entry.sort_date, _KIND_ORDER.get(entry.kind, 9), entry.symbol


def _meeting_entries(m: _Meeting, have: set[str]) -> list[TimelineEntry]:
    title = " | ".join(m.topics)
    date = m.date or ""
    out = [TimelineEntry(m.date, "meeting", m.symbol, title, m.symbol in have, sort_date=date)]
    for i, outcome in enumerate(m.outcomes):
        vote = m.votes[i] if i < len(m.votes) else ""
        note = f"at {m.symbol}" + (f", {vote}" if vote else "")
        kind = _outcome_kind(outcome)
        out.append(TimelineEntry(m.date, kind, outcome, title, outcome in have, note, date))
    return out


def _draft_entries(
    store: Store, entries: Iterable[TimelineEntry], have: set[str]
) -> list[TimelineEntry]:
    by_res = {e.symbol: e for e in entries if e.kind == "resolution"}
    if not by_res:
        return []
    marks = ", ".join("?" for _ in by_res)
    rows = store.conn.execute(
        f"SELECT symbol, title, resolution FROM drafts WHERE resolution IN ({marks})", list(by_res)
    )
    out = []
    for r in rows:
        res = by_res[r["resolution"]]
        note = f"draft of {r['resolution']}"
        out.append(
            TimelineEntry(
                res.date,
                "draft",
                r["symbol"],
                r["title"] or res.title,
                r["symbol"] in have,
                note,
                res.sort_date,
            )
        )
    return out


def _cited_entries(
    store: Store,
    entries: list[TimelineEntry],
    held: dict[str, dict[str, Any]],
    start: int,
    end: int,
) -> list[TimelineEntry]:
    """Documents the project's documents of the timeline cite: a held one at its own date
    (:func:`~normtrace.store.held.held_by_symbol`, the case report's chronology's look-up) as
    its type, marked in the project; one the project lacks as ``cited`` at its citer's date."""
    citing = {e.symbol: e for e in entries if e.symbol in held}
    if not citing:
        return []
    marks = ", ".join("?" for _ in citing)
    rows = store.conn.execute(
        "SELECT from_symbol, to_symbol FROM document_links WHERE relation = 'cites' "
        f"AND from_symbol IN ({marks}) ORDER BY from_symbol, to_symbol",
        list(citing),
    )
    seen = {e.symbol for e in entries}
    out = []
    for r in rows:
        cited, by = r["to_symbol"], citing[r["from_symbol"]]
        doc = held.get(cited)
        year = int(doc["date"][:4]) if doc and doc["date"] else _year(cited)
        if cited in seen or (year is not None and not start <= year <= end):
            continue
        seen.add(cited)
        note = f"cited by {by.symbol}"
        if doc is None:
            out.append(TimelineEntry(None, "cited", cited, "", False, note, by.sort_date))
        else:
            out.append(_held_entry(doc, f"in the project, {note}", by.sort_date))
    return out


def _held_entry(doc: dict[str, Any], note: str, undated: str = "") -> TimelineEntry:
    """A document the project holds, at its date (else ``undated`` orders it)."""
    return TimelineEntry(
        doc["date"],
        doc["doc_type"],
        doc["symbol"],
        doc["title"] or "",
        True,
        note,
        doc["date"] or (str(doc["year"]) if doc["year"] else undated),
    )


def _document_entries(
    held: dict[str, dict[str, Any]],
    patterns: Sequence[re.Pattern[str]],
    start: int,
    end: int,
    seen: set[str],
) -> list[TimelineEntry]:
    out = []
    for doc in held.values():
        year = int(doc["date"][:4]) if doc["date"] else doc["year"]
        if year is None or not start <= year <= end or not doc["title"]:
            continue
        if doc["symbol"] in seen or not any(p.search(doc["title"]) for p in patterns):
            continue
        seen.add(doc["symbol"])
        out.append(_held_entry(doc, "in the project"))
    return out


def format_timeline(entries: Iterable[TimelineEntry]) -> str:
    """Plain-text chronology, one line per entry, missing documents marked."""
    lines = []
    for e in entries:
        mark = "" if e.in_project else "  [missing]"
        date = e.date or "(undated)"
        note = f"  ({e.note})" if e.note else ""
        title = e.title if len(e.title) <= 70 else e.title[:67] + "..."
        lines.append(f"{date:<11} {e.kind:<10} {e.symbol:<26} {title}{note}{mark}")
    return "\n".join(lines)
