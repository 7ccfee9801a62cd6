"""Verdicts on model suggestions that judged two editions' words joined (before stop 40).

Until stop 40 a key the record and the corpus edition of a meeting both hold (a speech key)
was one suggestion target whose text was the two editions' texts joined
(:data:`~normtrace.coding.levels.JOIN`); a suggestion's hash, and so a verdict on it, is of
that joined text. Since then the target has the record's words only, so such a verdict no
longer counts anywhere (training, agreement, `code suggest`), and the target is suggested
again.

They are named here, not counted again by a rule: the coder judged the two texts as one, so
an accept may rest on words only the corpus edition holds, and reading it as a judgement of
the record's words would put a reading in the coder's mouth (a reject would be sound, an
accept not; counting one and not the other would be a second rule every reader of verdicts,
agreement's too, must repeat). A verdict is named when its hash is that of the joined texts
of some stored row of each edition (in either order, any version): which texts it read is
then known. ``standing`` says whether both still stand (then only the join changed) and
``now`` the current suggestion of the code on the key, if any, to judge on the record's
words.

>>> from normtrace.store.db import Store
>>> joined_verdicts(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from itertools import product

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.human.suggestion_verdicts import STANDING
from normtrace.coding.levels import JOIN, level_units
from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class JoinedVerdict:
    """A coder's verdict on suggestion ``suggestion_id`` of ``code`` on ``unit_key`` (at
    ``level``), made on the record's and the corpus edition's words joined; ``standing``:
    both texts it read still stand; ``now``: the current suggestion of the code there."""

    event_id: int
    coder: str
    verdict: str
    suggestion_id: int
    unit_key: str
    code: str
    level: str
    standing: bool
    now: int | None

    def line(self) -> str:
        """One line: the verdict and what to do."""
        judge = (f"judge s{self.now} on the record's words (`normtrace code judge s{self.now} "
                 f"{self.verdict} --coder {self.coder}` if it still holds)" if self.now
                 else "run `normtrace code suggest` and judge its suggestion there")  # fmt: skip
        return (f"{self.coder}'s {self.verdict} of s{self.suggestion_id} {self.code} on "
                f"{self.unit_key}: judged the record's and the corpus edition's words joined "
                f"(before stop 40) and no longer counts; {judge}")  # fmt: skip


def joined_verdicts(store: Store, codebook: str) -> list[JoinedVerdict]:
    """The current verdicts on ``codebook``'s suggestions made on two editions' words joined
    that no longer count, and that their coder has not judged again (a verdict of the code on
    the key that counts), by key, code and coder."""
    if not has_table(store, "current_suggestion_verdicts"):
        return []
    rows = store.conn.execute(
        f"SELECT * FROM ({STANDING}) WHERE codebook = ? AND unit_key IN (SELECT s.key FROM "
        "speeches s JOIN documents d ON d.id = s.document_id WHERE d.edition = 'corpus') "
        "ORDER BY unit_key, code, coder",
        (codebook,),
    ).fetchall()
    if not rows:
        return []
    texts = _edition_texts(store, {str(r["unit_key"]) for r in rows})
    now: dict[tuple[str, str], str] = {}
    for level in {str(r["level"]) for r in rows}:
        keys = {str(r["unit_key"]) for r in rows if r["level"] == level}
        now.update({(level, u.key): text_sha256(u.text) for u in level_units(store, level, keys)})
    counts = {_judged(r) for r in rows
              if now.get((str(r["level"]), str(r["unit_key"]))) == r["text_sha256"]}  # fmt: skip
    out: list[JoinedVerdict] = []
    for r in rows:
        key, digest = str(r["unit_key"]), str(r["text_sha256"])
        if _judged(r) in counts:
            continue  # it counts, or the coder judged the code there again since
        read = _joined(texts.get(key, {}), digest)
        if read is None:
            continue
        out.append(JoinedVerdict(
            int(r["event_id"]), str(r["coder"]), str(r["verdict"]), int(r["suggestion_id"]), key,
            str(r["code"]), str(r["level"]), read, _current(store, codebook, r),
        ))  # fmt: skip
    return out


def _judged(r: sqlite3.Row) -> tuple[str, ...]:
    """What a verdict row judged: its coder, level, key and code."""
    return (str(r["coder"]), str(r["level"]), str(r["unit_key"]), str(r["code"]))


def _edition_texts(store: Store, keys: set[str]) -> dict[str, dict[str, list[tuple[str, bool]]]]:
    """Key → edition → every stored text of the key in that edition, with whether it is
    current."""
    rows = store.conn.execute(
        "SELECT s.key, d.edition, s.text, s.is_current AND d.is_current FROM speeches s "
        "JOIN documents d ON d.id = s.document_id WHERE s.key IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    )
    out: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for key, edition, text, current in rows:
        out.setdefault(str(key), {}).setdefault(str(edition), []).append((str(text), bool(current)))
    return out


def _joined(editions: dict[str, list[tuple[str, bool]]], digest: str) -> bool | None:
    """Whether the texts whose join has hash ``digest`` (a record's and a corpus edition's,
    in either order) both stand, or ``None`` when no two stored texts join to it."""
    for (a, a_now), (b, b_now) in product(editions.get("record", []), editions.get("corpus", [])):
        if digest in (text_sha256(a + JOIN + b), text_sha256(b + JOIN + a)):
            return a_now and b_now
    return None


def _current(store: Store, codebook: str, r: sqlite3.Row) -> int | None:
    """The current suggestion of the verdict's code on its key at its level."""
    row = store.conn.execute(
        "SELECT id FROM current_suggestions WHERE codebook = ? AND level = ? AND unit_key = ? "
        "AND code = ? ORDER BY id DESC LIMIT 1",
        (codebook, r["level"], r["unit_key"], r["code"]),
    ).fetchone()
    return None if row is None else int(row[0])
