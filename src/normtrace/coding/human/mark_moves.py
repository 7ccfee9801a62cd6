"""A coder's "done" mark moves with their coding to where its words went.

When a new version shifts a document's keys (a paragraph inserted before ``op1``: its words,
unchanged, now stand at ``op2``), a coding made on those words waits for its coder, who moves
it (:func:`~normtrace.coding.human.anchors.resolve_review` with ``move``, ``normtrace code
review ID --move``). The coder's "done, nothing (else) applies" mark of the unit read the same
words (a mark is a reading of words, :mod:`~normtrace.coding.human.mark_texts`): left on the old
key, it stops counting and `code reviews --stale` asks for it again, though its words stand,
unchanged, where the coding now is. So the mark moves with the coding, by the project's one
rule for human work, its text: a mark of the coder, of the coding's codebook, on the coding's
unit (``unit`` level) or on its paragraph (``paragraph`` level), that no longer counts
(:func:`~normtrace.coding.human.reviews.stale_reviews`), moves when every text it read stands
unchanged at the new key, the key's sub-paragraphs renamed alike, and nothing else stands
there. The move is a new ``done`` row at the new key (append-only, migration 0029): the same
coder, codebook version, scope (``codes``) and words, the time its reading was made kept
(:mod:`~normtrace.coding.human.made_at`), naming the row it carries (``moves``: no longer
listed as stale) and the coding event of the move (``moved_with``: the ``code undo`` that takes
the move back withdraws it, :func:`withdraw_moved`).

A mark stays, and the settlement says why in one line (:attr:`MarkMove.stays`), when:

* another coding of the coder made on the words it read still waits for review: the mark
  also says the codes of that coding do not apply elsewhere in the unit, so moved first it
  would read the coding still waiting as absent; it moves with the last of them;
* the words it read do not all stand unchanged at the new key (a sub-paragraph changed);
* the coder's mark of the same scope already stands there (nothing to move).

>>> from normtrace.store.db import Store
>>> withdraw_moved(Store.open(":memory:"), [1])
()
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.human.awaiting import listed_for_review
from normtrace.coding.human.made_at import record_stated, review_made_sql
from normtrace.coding.human.mark_texts import read_texts
from normtrace.coding.human.reviews import Review, as_reviews, current_reviews, stale_reviews
from normtrace.coding.levels import paragraph_key
from normtrace.coding.placed import placed_sql
from normtrace.store.db import Store, utc_now

#: the source of the ``done`` row a mark moved with its coding writes at the new key
MOVE_SOURCE = "review:move"
#: the source of the row that withdraws it when the move is undone
MOVE_UNDONE_SOURCE = "review:move undone"


@dataclass(frozen=True)
class MarkMove:
    """The coder's mark ``mark`` of the unit a coding left: moved to ``to_key`` (the new row
    ``row``), or left where it is, ``stays`` saying why."""

    mark: Review
    to_key: str
    row: int | None = None
    stays: str | None = None

    def line(self) -> str:
        """What happened to the mark, in one line."""
        what = "paragraph" if self.mark.level == "paragraph" else "unit"
        scope = "" if self.mark.codes is None else f" for {', '.join(self.mark.codes)}"
        named = (f"{self.mark.coder}'s 'done'{scope} mark on the {what} {self.mark.key} "
                 f"({self.mark.codebook})")  # fmt: skip
        if self.stays is None:
            return (f"{named} moved with it to {self.to_key} (review row {self.row}): the words "
                    "it read stand there unchanged")  # fmt: skip
        return f"{named} stays: {self.stays}"


def move_marks(
    store: Store,
    *,
    coder: str,
    codebook: str | None,
    event_id: int,
    from_key: str,
    to_key: str,
    moved_with: int,
) -> tuple[MarkMove, ...]:
    """Move ``coder``'s marks of ``from_key`` (the unit the coding ``event_id`` of codebook
    ``codebook`` was made on: ``None`` stands for every codebook) to ``to_key``, where the
    coder's move ``moved_with`` (the new ``code`` event) put the coding, by the module doc's
    rule; call it in the move's transaction. Returns each mark's fate."""
    head, new_head = paragraph_key(from_key), paragraph_key(to_key)
    out: list[MarkMove] = []
    for book in _books(store, coder, codebook, (from_key, head)):
        marks = stale_reviews(store, book, level="unit", coder=coder, keys=[from_key])
        marks += stale_reviews(store, book, level="paragraph", coder=coder, keys=[head])
        for mark in marks:
            new_key = to_key if mark.level == "unit" else new_head
            fate = _fate(store, mark, from_key, to_key, new_key, event_id)
            if fate.stays is None:
                fate = MarkMove(mark, new_key, row=_write(store, mark, new_key, moved_with))
            out.append(fate)
    return tuple(out)


def _books(store: Store, coder: str, codebook: str | None, keys: Iterable[str]) -> list[str]:
    """The codebooks whose marks move: the coding's, or (a coding that records none stands for
    every codebook) each the coder marked the keys for."""
    if codebook is not None:
        return [codebook]
    rows = store.conn.execute(
        "SELECT DISTINCT codebook FROM coding_reviews WHERE coder = ? AND unit_key IN "
        "(SELECT value FROM json_each(?)) ORDER BY codebook",
        (coder, json.dumps(sorted(set(keys)), ensure_ascii=False)),
    )
    return [str(r[0]) for r in rows]


def _fate(
    store: Store, mark: Review, from_key: str, to_key: str, new_key: str, event_id: int
) -> MarkMove:
    """Whether ``mark`` may move to ``new_key`` (``stays`` None) or why it stays."""
    row = store.conn.execute("SELECT texts FROM coding_reviews WHERE id = ?", (mark.id,)).fetchone()
    read: dict[str, str] = json.loads(row[0])
    # the keys it read, renamed as the coding's key was (op1 -> op2, op1/a -> op2/a)
    if mark.level == "paragraph" and from_key[len(mark.key) :] != to_key[len(new_key) :]:
        return MarkMove(mark, new_key, stays=f"{from_key} did not move to the same place in "
                        f"{new_key} ({to_key}); mark {new_key} again once read")  # fmt: skip
    renamed = {new_key + k[len(mark.key) :]: t for k, t in read.items()}
    now = read_texts(store, new_key, mark.level)
    if now is None or json.loads(now) != renamed:
        return MarkMove(mark, new_key, stays=f"the words it read do not all stand unchanged at "
                        f"{new_key}; mark {new_key} again once read")  # fmt: skip
    waiting = _waiting(store, mark, sorted(read), event_id)
    if waiting:
        return MarkMove(mark, new_key, stays=waiting)
    held = [m for m in current_reviews(store, mark.codebook, level=mark.level,
                                       coder=mark.coder, keys=[new_key])
            if m.codes == mark.codes]  # fmt: skip
    if held:
        return MarkMove(mark, new_key, stays=f"{mark.coder}'s mark of the same codes stands at "
                        f"{new_key} already (review row {held[0].id})")  # fmt: skip
    return MarkMove(mark, new_key)


def _waiting(store: Store, mark: Review, keys: list[str], event_id: int) -> str | None:
    """Why ``mark`` waits: the coder's other codings of its codebook on the units it read
    whose words are not at their offsets (they wait for review, and will move too)."""
    rows = store.conn.execute(
        "SELECT h.event_id, h.code, h.unit_key FROM human_codings h WHERE h.coder = ? "
        "AND h.event_id <> ? AND (h.codebook IS NULL OR h.codebook = ?) AND h.unit_key IN "
        f"(SELECT value FROM json_each(?)) AND NOT {placed_sql('h')} ORDER BY h.event_id",
        (mark.coder, event_id, mark.codebook, json.dumps(keys, ensure_ascii=False)),
    ).fetchall()
    if not rows:
        return None
    reviews = listed_for_review(store, [int(r[0]) for r in rows])
    named = [f"{r[1]!r} on {r[2]}" + (f" (review {reviews[int(r[0])]})" if reviews.get(int(r[0]))
             else "") for r in rows]  # fmt: skip
    first = next((reviews[int(r[0])] for r in rows if reviews.get(int(r[0]))), None)
    how = ("" if first is None else f" (`normtrace code review {first} --move --coder "
           f"{shlex.quote(mark.coder)}`)")  # fmt: skip
    return (f"{mark.coder}'s coding {', '.join(named)}, made on the words it read, still waits "
            "for review; moved now, the mark would read that code as absent where the words "
            f"stand now; it moves with the last of them{how}")  # fmt: skip


def _write(store: Store, mark: Review, new_key: str, moved_with: int) -> int:
    """Append ``mark`` at ``new_key`` (its words, read there now), keeping when it was made."""
    made = store.conn.execute(
        f"SELECT {review_made_sql('r')} FROM coding_reviews r WHERE r.id = ?", (mark.id,)
    ).fetchone()[0]
    codes = None if mark.codes is None else json.dumps(list(mark.codes), ensure_ascii=False)
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
            "source, action, codes, texts, moves, moved_with) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)",
            (utc_now(precise=True), mark.coder, mark.codebook, mark.codebook_version,
             mark.level, new_key, MOVE_SOURCE, codes, read_texts(store, new_key, mark.level),
             mark.id, moved_with),
        )  # fmt: skip
        row = int(cur.lastrowid or 0)
        record_stated(store, source=f"move:{moved_with}", reviews={row: str(made)})
    return row


def withdraw_moved(store: Store, event_ids: Iterable[int]) -> tuple[Review, ...]:
    """Withdraw the marks moved with the coding events ``event_ids`` (a move being undone)
    that still stand as their coder left them (the coder's latest row of that mark is the
    move's: a mark withdrawn or made again since is the coder's own later work, left as it
    is). Each withdrawal names the same event (``moved_with``). Returns the marks withdrawn."""
    ids = json.dumps(sorted(set(event_ids)))
    rows = store.conn.execute(
        "SELECT r.* FROM coding_reviews r WHERE r.moved_with IN (SELECT value FROM json_each(?)) "
        "AND r.action = 'done' AND NOT EXISTS (SELECT 1 FROM coding_reviews l WHERE "
        "l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level AND "
        "l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id) ORDER BY r.id",
        (ids,),
    ).fetchall()
    if not rows:
        return ()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
            "source, action, codes, moved_with) VALUES (?, ?, ?, ?, ?, ?, ?, 'undone', ?, ?)",
            [(utc_now(precise=True), r["coder"], r["codebook"], r["codebook_version"],
              r["level"], r["unit_key"], MOVE_UNDONE_SOURCE, r["codes"], r["moved_with"])
             for r in rows],
        )  # fmt: skip
    return tuple(as_reviews(store, rows))


def withdrawn_with(store: Store, event_ids: Iterable[int]) -> tuple[Review, ...]:
    """The marks withdrawn because the moves ``event_ids`` (either event of each) were undone
    (:func:`withdraw_moved`'s rows): what a report of the undo names."""
    rows = store.conn.execute(
        "SELECT * FROM coding_reviews WHERE moved_with IN (SELECT value FROM json_each(?)) "
        "AND action = 'undone' ORDER BY id",
        (json.dumps(sorted(set(event_ids))),),
    ).fetchall()
    return tuple(as_reviews(store, rows))
