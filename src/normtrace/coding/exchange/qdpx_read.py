"""Reading a ``.qdpx`` that normtrace wrote back into a project (:func:`import_qdpx`).

The file's layout is :mod:`normtrace.coding.exchange.qdpx`'s (which writes it): the
sources' plain texts, the codebook or codebooks (one top-level ``Code`` each:
:mod:`~normtrace.coding.exchange.qdpx_books`; each coding, mark and decision is read back
into its own), the codings, memos and review marks as REFI-QDA selections, and
``normtrace/documents.jsonl``, each document's structure, from which the documents are
rebuilt and their units checked against the sources' texts.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.adjudications import (
    MEMBER,
    Wanted,
    planned,
    record,
    wanted_from_json,
    wanted_problem,
)
from normtrace.coding.exchange.import_memos import MemoPlan, write_memos
from normtrace.coding.exchange.marks import (
    described_mark,
    placed_mark,
)
from normtrace.coding.exchange.qdpx import (
    MAX_BYTES,
    NAMESPACE,
    NOTE_PREFIX,
    SIDECAR,
    Layout,
    QdpxReport,
    described_level,
    document_layouts,
    guid,
)
from normtrace.coding.exchange.qdpx_books import mark_book, read_codebooks
from normtrace.coding.human import events
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.coding.human.made_at import (
    last_review_id,
    record_moved,
    record_stated,
    reviews_since,
    stated_time,
)
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.errors import CodingError
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.store.db import Store, instant
from normtrace.store.writer import SourceRecord, save_document


def _document(data: dict[str, Any]) -> Document:
    def para(p: dict[str, Any]) -> Paragraph:
        return Paragraph(**{**p, "cites": tuple(p["cites"]), "flags": tuple(p["flags"])})

    speeches = tuple(
        Speech(**{**s, "paragraphs": tuple(para(p) for p in s["paragraphs"])})
        for s in data["speeches"]
    )
    return Document(
        **{
            **data,
            "paragraphs": tuple(para(p) for p in data["paragraphs"]),
            "speeches": speeches,
            "warnings": tuple(data["warnings"]),
        }
    )


def import_qdpx(store: Store, path: str | Path) -> QdpxReport:
    """Read a normtrace ``.qdpx`` into ``store``: documents, codebook, codings and memos.

    Documents already in the project with the same text are reused; the codings
    and memos become new events by their coders, each keeping its ``creationDateTime`` as
    when it was made (:mod:`~normtrace.coding.human.made_at`). The notes are set against the
    project's memos by ``code import``'s rule (:mod:`~normtrace.coding.exchange.import_memos`):
    a note its coder's memo there already reads is not written again; an edited one is a new
    memo event beside the earlier one, at the import's time (its ``creationDateTime`` dates
    the memo it edits); the report counts them (``memos``: new, ``memos_changed``,
    ``memos_already``).

    Raises:
        CodingError: the file is not a readable ``.qdpx``, lacks normtrace's document
            structure (a project from another program: import its codebook with
            ``normtrace code convert``), a selection does not fit the documents, or a
            ``creationDateTime`` is no time or is after the import (nothing is imported).
    """
    source = Path(path)
    try:
        if source.stat().st_size > MAX_BYTES:
            raise CodingError(f"{source}: over the {MAX_BYTES}-byte limit")
        zf = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CodingError(f"{source}: not a readable .qdpx zip ({exc})") from exc
    with zf:
        qde = _member(zf, "project.qde", source)
        names = set(zf.namelist())
        if SIDECAR not in names:
            raise CodingError(
                f"{source}: no {SIDECAR}; only normtrace's own .qdpx files import whole "
                "(import another program's codebook with `normtrace code convert`)"
            )
        docs = [json.loads(line) for line in _member(zf, SIDECAR, source).splitlines() if line]
        texts = {n: _member(zf, n, source) for n in names if n.startswith("Sources/")}
        # the decisions (adjudications.MEMBER); None: a file made before they travelled
        decided = _member(zf, MEMBER, source).splitlines() if MEMBER in names else None
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(qde)
        root = parser.close()
    except ET.ParseError as exc:
        raise CodingError(f"{source}: project.qde is not XML ({exc})") from None
    q = {"q": NAMESPACE}
    if root.tag != f"{{{NAMESPACE}}}Project":
        raise CodingError(f"{source}: project.qde's root is {root.tag!r}, not a REFI-QDA Project")
    book_node = root.find("q:CodeBook", q)
    if book_node is None:
        raise CodingError(f"{source}: project.qde has no CodeBook")
    books = read_codebooks(book_node, NAMESPACE, path=str(source))  # one, or the project's
    codebooks = [book.name for book, _ in books]
    report = QdpxReport(str(source), ", ".join(codebooks), codebooks=codebooks,
                        codes=sum(len(book.codes) for book, _ in books))  # fmt: skip
    users = {
        u.get("guid", ""): u.get("name") or u.get("id") or "" for u in root.iterfind(".//q:User", q)
    }
    # a code's GUID → its codebook and id (qdpx_books: a code id two codebooks share has two)
    codes = {g: (book.name, code) for book, found in books for g, code in found.items()}
    notes = {
        n.get("guid", ""): (n.findtext("q:PlainTextContent", "", q), _note_meta(n, q))
        for n in root.iterfind("q:Notes/q:Note", q)
    }
    noted_at = {
        n.get("guid", ""): n.get("creationDateTime") for n in root.iterfind("q:Notes/q:Note", q)
    }

    def when(value: str | None, what: str, name: str = "creationDateTime") -> str:
        """A ``creationDateTime`` (or ``name``) as a stated time ("" when there is none)."""
        try:
            return stated_time(value, name=name)
        except CodingError as exc:
            raise CodingError(f"{source}: {what}: {exc}; nothing was imported") from None

    def moved_when(value: str | None, made_at: str, what: str) -> str:
        """A coding selection's ``modifiedDateTime``, when the coding was last moved (the
        export writes it for moved codings only), as a stated time ("" when there is none)."""
        at = when(value, what, "modifiedDateTime")
        if at and made_at and instant(at) < instant(made_at):
            raise CodingError(
                f"{source}: {what}: modifiedDateTime {value} (when the coding was moved) is "
                f"before its creationDateTime ({made_at}); correct the file (nothing was "
                "imported)"
            )
        return at

    made: dict[int, str] = {}  # event id → when the file says the work was made
    moved: dict[int, str] = {}  # event id → when the file says the coding was last moved
    # final codings of adjudications (an older file's decisions), by codebook
    finals: dict[str, list[Wanted]] = {name: [] for name in codebooks}
    marks_made: dict[int, str] = {}  # review row id → likewise
    report.users = len(users)
    with store.transaction():
        # the last event before this import: its memos are set against the project's before it
        last_event = int(store.conn.execute("SELECT coalesce(max(id), 0) FROM coding_events")
                         .fetchone()[0])  # fmt: skip
        # the file's memos (import_memos: one rule with code import); a coding's, by codebook
        plans = {name: MemoPlan() for name in codebooks}
        memo_plan = plans[codebooks[0]]
        for book, _ in books:
            register_codebook(store, book, use=False)  # a new version becomes current, as ever
        for data in docs:
            _restore_document(store, data, source)
        layouts = {(lay.symbol, lay.edition): lay for lay in document_layouts(store)}
        held = {
            (name, h.coder, h.unit_key, h.start, h.end, h.code)
            for h in events.human_codings(store)
            for name in codebooks
            if h.of_book(name)
        }  # one coding per codebook (0022): each codebook's
        marked = {(name, m.coder, m.level, m.key, m.codes)
                  for name in codebooks for m in current_reviews(store, name)}  # fmt: skip
        reviews: dict[tuple[str, str, str, tuple[str, ...] | None], dict[str, str]] = {}
        for element in root.iterfind("q:Sources/q:TextSource", q):
            lay = _source_layout(element, layouts, texts, source)
            report.sources += 1
            for sel in element.iterfind("q:PlainTextSelection", q):
                start, end = int(sel.get("startPosition", "0")), int(sel.get("endPosition", "0"))
                where = f"{source}: review mark {sel.get('guid')} in {lay.symbol}"
                described = sel.findtext("q:Description", "", q)
                marks_book = mark_book(described, codebooks, where)
                found = described_mark(described, marks_book, where)
                if found is not None:
                    creator = users.get(sel.get("creatingUser", ""), "")
                    target = lay.target(found[1], found[0])
                    mark = placed_mark(found, (start, end), target, where, creator)
                    if (marks_book, *mark) in marked:
                        report.skipped.append(f"{mark[0]}'s review mark on {mark[2]} is there")
                        continue
                    marked.add((marks_book, *mark))
                    reviews.setdefault((marks_book, mark[0], mark[1], mark[3]), {})[mark[2]] = when(
                        sel.get("creationDateTime"), f"review mark {sel.get('guid')}")  # fmt: skip
                    continue
                unit_key, a, b = lay.locate(start, end)
                level = described_level(sel.findtext("q:Description", "", q))
                for coding in sel.iterfind("q:Coding", q):
                    ref = coding.find("q:CodeRef", q)
                    coded = codes.get((ref.get("targetGUID") or "").upper() if ref is not None
                                      else "")  # fmt: skip
                    if coded is None:
                        raise CodingError(f"{source}: coding {coding.get('guid')} names no code")
                    name, code = coded
                    memo = notes[_ref(coding, q)][0] if _ref(coding, q) in notes else None
                    coder = users.get(coding.get("creatingUser", ""), "") or "imported"
                    if coder.lower().startswith(ADJUDICATION_PREFIX):  # a decision's coding
                        finals[name].append(Wanted(
                            f"{source}: coding {coding.get('guid')}", unit_key, code, "present",
                            coder[len(ADJUDICATION_PREFIX):], memo, a, b, when(
                                coding.get("creationDateTime"), f"coding {coding.get('guid')}"),
                        ))  # fmt: skip
                        continue
                    if (name, coder, unit_key, a, b, code) in held:
                        report.skipped.append(
                            f"{coder} already holds {code} on {unit_key}"
                            + (f" ({name})" if len(codebooks) > 1 else "")
                        )
                        if memo and memo.strip():  # its note: unchanged, or an edit
                            plans[name].codings[(coder, unit_key, a, b, code)] = memo
                            plans[name].noted[(coder, unit_key, a, b, code)] = when(
                                noted_at.get(_ref(coding, q)), f"note {_ref(coding, q)}"
                            )
                        continue
                    event = events.add_code(  # a copy of a coding: a retired code's too
                        store, coder=coder, unit_key=unit_key, start=a, end=b, code=code,
                        memo=memo, restored=True, codebook=name, level=level,
                    )  # fmt: skip
                    made[event.id] = when(
                        coding.get("creationDateTime"), f"coding {coding.get('guid')}"
                    )
                    moved[event.id] = moved_when(sel.get("modifiedDateTime"), made[event.id],
                                                 f"selection {sel.get('guid')}")  # fmt: skip
                    report.codings += 1
                for ref in sel.iterfind("q:NoteRef", q):
                    note_guid = ref.get("targetGUID", "")
                    text, meta = notes.get(note_guid, ("", {}))
                    if not text.strip():
                        continue  # an empty note takes no memo back (`code undo` does)
                    coder = users.get(sel.get("creatingUser", ""), "") or "imported"
                    stated = when(noted_at.get(note_guid), f"note {note_guid}")
                    about = meta.get("code")
                    if meta.get("whole_unit"):
                        memo_plan.units[(coder, unit_key, text)] = (stated, about)
                    else:
                        memo_plan.spans[(coder, unit_key, a, b, text)] = (stated, about)
            for ref in element.iterfind("q:NoteRef", q):
                note_guid = ref.get("targetGUID", "")
                text, _ = notes.get(note_guid, ("", {}))
                note = root.find(f"q:Notes/q:Note[@guid='{note_guid}']", q)
                creator = note.get("creatingUser", "") if note is not None else ""
                coder = users.get(creator, "") or "imported"
                if text.strip():
                    memo_plan.documents[(coder, lay.symbol, text)] = when(
                        noted_at.get(note_guid), f"note {note_guid}")  # fmt: skip
        for name, plan in plans.items():
            noted = write_memos(store, plan, codebook=name, before=last_event)
            made.update(noted.made)
            report.memos += noted.new
            report.memos_changed += noted.changed
            report.memos_already += noted.already
        for (name, coder, level, scope), keys in sorted(reviews.items(),
                                                        key=lambda kv: repr(kv[0])):  # fmt: skip
            before = last_review_id(store)
            report.reviews += mark_done(
                store, coder=coder, codebook=name, unit_keys=list(keys), level=level,
                source=f"import:{source.name}", codes=scope,
            )  # fmt: skip
            marks_made.update((i, keys[key]) for i, _, key in reviews_since(store, before))
        wanted_by = finals if decided is None else _decisions(decided, source, codebooks)
        already = 0
        for name in codebooks:
            wanted = wanted_by[name]
            held_codes = [code for book, code in codes.values() if book == name]
            problems = [f"{w.where}: {p}" for w in wanted
                        if (p := wanted_problem(store, w, held_codes))]  # fmt: skip
            decide, again, conflicts = planned(store, name, wanted)
            if problems or conflicts:
                raise CodingError(f"{(problems + conflicts)[0]}; nothing was imported")
            made.update(record(store, name, decide, f"import:{source.name}"))
            report.adjudications += len(decide)
            already += again
        if already:
            report.skipped.append(f"{already} adjudication(s) the project holds in force already")
        record_stated(store, source=f"import:{source.name}", events=made, reviews=marks_made)
        record_moved(store, source=f"import:{source.name}", moved=moved)
    return report


def _decisions(lines: list[str], source: Path, codebooks: list[str]) -> dict[str, list[Wanted]]:
    """The decisions of a ``.qdpx``'s :data:`~normtrace.coding.exchange.adjudications.MEMBER`,
    by codebook (each line names its own).

    Raises:
        CodingError: a line is not a decision of one of ``codebooks`` (nothing is imported).
    """
    out: dict[str, list[Wanted]] = {name: [] for name in codebooks}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}: {MEMBER} line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            raise CodingError(f"{where}: not JSON; the file was edited: export it again; "
                              "nothing was imported") from None  # fmt: skip
        named = value.get("codebook") if isinstance(value, dict) else None
        codebook = named if named in out else codebooks[0]  # another: wanted_from_json says so
        found = wanted_from_json(value, where, codebook)
        if isinstance(found, str):
            raise CodingError(f"{found}; nothing was imported")
        out[codebook].append(found)
    return out


def _ref(coding: ET.Element, q: dict[str, str]) -> str:
    """The GUID of the note a ``Coding`` refers to ("" for none)."""
    found = coding.find("q:NoteRef", q)
    return "" if found is None else found.get("targetGUID", "")


def _member(zf: zipfile.ZipFile, name: str, source: Path) -> str:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise CodingError(f"{source}: the .qdpx has no {name}") from None
    if info.file_size > MAX_BYTES:
        raise CodingError(f"{source}: {name} is over the {MAX_BYTES}-byte limit")
    return zf.read(info).decode("utf-8")


def _note_meta(note: ET.Element, q: dict[str, str]) -> dict[str, Any]:
    text = note.findtext("q:Description", "", q)
    if text.startswith(NOTE_PREFIX):
        try:
            value = json.loads(text[len(NOTE_PREFIX) :])
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) else {}
    return {}


def _restore_document(store: Store, data: dict[str, Any], source: Path) -> None:
    document = _document(data)
    current = store.conn.execute(
        "SELECT id FROM documents WHERE symbol = ? AND edition = ? AND is_current = 1",
        (document.symbol, document.edition),
    ).fetchone()
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    if current is not None:
        return  # checked against the source's plain text below
    record = SourceRecord(
        path=f"{source.name}!{document.symbol}@{document.edition}",
        sha256=hashlib.sha256(blob).hexdigest(), size=len(blob),
        media_type="application/vnd.refi-qda.qdpx", extractor="qdpx",
    )  # fmt: skip
    save_document(store, document, record)


def _source_layout(
    element: ET.Element, layouts: dict[tuple[str, str], Layout], texts: dict[str, str],
    source: Path,
) -> Layout:  # fmt: skip
    source_guid = element.get("guid", "")
    lay = next(
        (v for v in layouts.values() if guid("source", f"{v.symbol}@{v.edition}") == source_guid),
        None,
    )
    if lay is None:
        raise CodingError(f"{source}: source {element.get('name')!r} is not among its documents")
    member = (element.get("plainTextPath") or "").removeprefix("internal://")
    text = texts.get(f"Sources/{member}")
    if text is None:
        q = {"q": NAMESPACE}
        text = element.findtext("q:PlainTextContent", None, q)
    if text != lay.text:
        raise CodingError(
            f"{source}: the text of {lay.symbol} differs from the project's; "
            "import into a fresh project"
        )
    return lay
