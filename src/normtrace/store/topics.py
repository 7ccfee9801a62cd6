"""A meeting's agenda items (its topics): the one reading every surface takes.

The topic timeline (:func:`normtrace.actors.timeline.timeline`), the documents a project
lists (``normtrace show`` and ``ls``, the web Documents page) and the topic filter of search,
kwic and freq (``--topic``, the web's Topic filter) and ``freq --by topic`` read a meeting's
agenda items here, from the project's ``meetings`` table:

* the UN Library meeting index's topics of the meeting, once imported (``normtrace actors
  links``, :func:`normtrace.actors.links.import_meeting_index`; kept under
  ``meta.library_index`` of a meeting the project also holds a record of, with the import run
  that wrote them);
* else the meeting row's own topic (a verbatim record's first agenda item, written when the
  record was stored).

A meeting record (its official record and its corpus edition share the meeting's symbol)
takes its meeting's agenda items; they never replace a document's own title. A topic is
matched as a whole word or phrase, case aside (:func:`topic_pattern`: ``Mali`` does not name
"The situation in Somalia"). A hyphen joins the parts of one name, and a topic also names a
hyphenated name it begins (``Timor`` names "Timor-Leste"), unless the topic is itself the name
of a State (``states.csv``): ``Guinea`` does not name "Guinea-Bissau", nor ``Iraq``
"Iraq-Kuwait" (give the whole name).

>>> topic_pattern("mali").search("The situation in Mali") is not None
True
>>> topic_pattern("timor").search("The situation in Timor-Leste") is not None
True
>>> topic_pattern("Guinea").search("The situation in Guinea-Bissau") is None
True
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from normtrace.errors import ConfigError
from normtrace.store.db import Store

#: ``MeetingTopic.source`` of agenda items read from the UN Library meeting index
LIBRARY_INDEX = "library_index"


def topic_pattern(topic: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern for ``topic`` (``Mali`` does not match
    ``Somalia``); one that is not a State's name matches a hyphenated name it begins too
    (``Timor``: "Timor-Leste"; the module's rule)."""
    word = topic.strip()
    after = r"(?![\w-])" if word.casefold() in _state_names() else r"(?![\w-])|(?=-\w)"
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?:{after})", re.IGNORECASE)


@functools.cache
def _state_names() -> frozenset[str]:
    """The names of States (short names and variants of the bundled ``states.csv``), case
    folded: a topic that is one names no other State's hyphenated name (Guinea-Bissau)."""
    path = resources.files("normtrace") / "data" / "reference" / "states.csv"
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    names: set[str] = set()
    for row in csv.DictReader(lines):
        names.add(row["name"].casefold())
        names.update(v.strip().casefold() for v in (row.get("variants") or "").split("|") if v)
    return frozenset(names)


@dataclass(frozen=True)
class MeetingTopic:
    """A meeting's agenda items and where the project read them.

    ``source`` is :data:`LIBRARY_INDEX` (the UN Library meeting index: ``run_id`` the import
    run that wrote them, ``None`` for an import made before imports were recorded as runs;
    ``table`` the index table they come from), else the meeting row's origin (``record``: the
    meeting's verbatim record)."""

    symbol: str
    items: tuple[str, ...]
    source: str
    run_id: int | None = None
    table: str | None = None

    @property
    def text(self) -> str:
        """The agenda items as one line (``" | "`` between items)."""
        return " | ".join(self.items)

    def names(self, topic: str | re.Pattern[str]) -> bool:
        """Whether an agenda item names ``topic`` (a whole word or phrase, case aside)."""
        rx = topic_pattern(topic) if isinstance(topic, str) else topic
        return any(rx.search(item) for item in self.items)

    def provenance(self) -> dict[str, Any]:
        """Where the agenda items come from (JSON-able): source, run, table and
        :meth:`describe`'s words."""
        return {
            "source": self.source,
            "run_id": self.run_id,
            "table": self.table,
            "described": self.describe(),
        }

    def describe(self) -> str:
        """Where the agenda items come from, in words."""
        if self.source != LIBRARY_INDEX:
            return f"the meetings table (from the meeting's {self.source})"
        table = f", table {self.table}" if self.table else ""
        run = f"import run {self.run_id}" if self.run_id is not None else "import run not recorded"
        return f"the UN Library meeting index{table}, {run}"


def meeting_topic(
    symbol: str, topic: str | None, origin: str, meta: str | Mapping[str, Any] | None
) -> MeetingTopic | None:
    """The agenda items of one ``meetings`` row (its ``symbol``, ``topic``, ``origin`` and
    ``meta``), or ``None`` if it has none: the rule of the module docstring."""
    found = json.loads(meta or "{}") if isinstance(meta, str | None) else meta
    index = found.get(LIBRARY_INDEX, found) if isinstance(found, Mapping) else {}
    items = [str(t) for t in index.get("topics") or [] if t]
    if items:
        run = index.get("run")
        table = index.get("source")
        return MeetingTopic(
            symbol, tuple(items), LIBRARY_INDEX, int(run) if run is not None else None,
            str(table) if table else None,
        )  # fmt: skip
    if topic:
        return MeetingTopic(symbol, (topic,), origin)
    return None


def meeting_topics(store: Store, symbols: Iterable[str] | None = None) -> dict[str, MeetingTopic]:
    """The agenda items of the meetings the project holds a current document of (of the
    meetings with ``symbols``, given them), by meeting symbol; a meeting without any is left
    out. One query."""
    if symbols is None:
        where = "symbol IN (SELECT symbol FROM documents WHERE is_current = 1)"
        params: list[str] = []
    else:
        where = "symbol IN (SELECT value FROM json_each(?))"
        params = [json.dumps(sorted(set(symbols)))]
    found = {}
    for row in store.conn.execute(
        f"SELECT symbol, topic, origin, meta FROM meetings WHERE {where}", params
    ):
        topic = meeting_topic(row["symbol"], row["topic"], row["origin"], row["meta"])
        if topic is not None:
            found[topic.symbol] = topic
    return found


def agenda_prefilter(words: Iterable[str]) -> tuple[str, list[str]]:
    """An SQL condition on ``meetings`` rows (and its parameters) that keeps every row whose
    agenda items (:func:`meeting_topic`) may contain one of ``words``: a cheap ``LIKE`` on the
    row's topic and meta, before the agenda items are read and matched in Python. ``"1"``
    (every row) when ``LIKE`` could miss a word (a non-ASCII letter in another case, a
    character JSON escapes in ``meta``: a quote, a backslash, a tab or another character that
    is not printable); ``"0"`` for no words. The one pre-filter of :func:`topic_symbols` and
    of the case and link readers (:mod:`normtrace.actors.links`, :mod:`normtrace.trace`).

    >>> agenda_prefilter(["Mali"])[1]
    ['%Mali%', '%Mali%']
    >>> agenda_prefilter(["Côte d'Ivoire"])
    ('1', [])
    >>> agenda_prefilter(["tab\\there"])
    ('1', [])
    """
    wanted = list(words)
    if not wanted:
        return "0", []
    if not all(w.isascii() and w.isprintable() and '"' not in w and "\\" not in w for w in wanted):
        return "1", []
    likes = ["%" + w.replace("%", "\\%").replace("_", "\\_") + "%" for w in wanted]
    clause = " OR ".join("topic LIKE ? ESCAPE '\\' OR meta LIKE ? ESCAPE '\\'" for _ in likes)
    return f"({clause})", [like for like in likes for _ in (0, 1)]


def topic_symbols(store: Store, topic: str) -> frozenset[str]:
    """The symbols of the meetings whose agenda items name ``topic`` (a whole word or phrase,
    case aside): the documents on a topic are the meeting records with these symbols.

    Raises:
        ConfigError: ``topic`` is blank.
    """
    if not topic.strip():
        raise ConfigError("a topic filter needs a word or phrase, e.g. Mali", location="topic")
    rx = topic_pattern(topic)
    where, params = agenda_prefilter([topic.strip()])
    rows = store.conn.execute(
        f"SELECT symbol, topic, origin, meta FROM meetings WHERE {where}", params
    )
    named = (meeting_topic(r["symbol"], r["topic"], r["origin"], r["meta"]) for r in rows)
    return frozenset(m.symbol for m in named if m is not None and m.names(rx))


def records_without_topic(store: Store) -> list[str]:
    """The meeting records of the project (current documents that are their own meeting's
    record) whose meeting has no agenda item known, by symbol: what importing the meeting
    index would give a topic."""
    rows = store.conn.execute(
        "SELECT DISTINCT symbol FROM documents WHERE is_current = 1 AND meeting = symbol "
        "ORDER BY symbol"
    )
    symbols = [str(r[0]) for r in rows]
    known = meeting_topics(store, symbols)
    return [s for s in symbols if s not in known]


def with_topic(doc: dict[str, Any], topics: Mapping[str, MeetingTopic]) -> dict[str, Any]:
    """``doc`` (a document row with its ``symbol``) with its meeting's agenda items from
    ``topics`` (:func:`meeting_topics`): ``topic`` (one line; ``None`` for a document that is
    no meeting record, or whose meeting has none known) and ``topic_source`` (where they come
    from: :meth:`MeetingTopic.provenance`). Its own ``title`` is left as it is."""
    known = topics.get(doc["symbol"])
    doc["topic"] = known.text if known is not None else None
    doc["topic_source"] = known.provenance() if known is not None else None
    return doc
