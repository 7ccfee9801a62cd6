"""Parse reports, letters, notes (``S/2013/119``) and presidential statements (``S/PRST/2013/4``).

The official layout: masthead (``Distr.: General 27 February 2013``), a title
(``Special report of the Secretary-General on ...``, ``Letter dated ... from
... addressed to ...``, ``Statement by the President of the Security
Council``), then roman-numbered sections (``VIII. Observations``) with
lettered sub-sections (``A. Political developments``) and numbered paragraphs
(``45. I welcome ...``) with ``(a)`` items; letters have unnumbered text, a
``(Signed)`` line and annexes.

Units and keys (``S/2013/119`` prefix): numbered paragraph ``/p45`` (kind
``numbered``, number "45"), its items ``/p45/a`` (kind ``subparagraph``),
heading ``/h03`` (kind ``heading``, label ``VIII.``), unnumbered text ``/t07``
(kind ``text``), procedural lines ``/pr01`` (a statement's opening, a
``(Signed)`` line). Annexes number their paragraphs afresh, so a numbered
paragraph of the first annex is ``/annex1/p1``. Every unit's ``section`` is
the heading it sits under (``VIII. Observations and recommendations / A. Sub-section``); units in a
section whose heading names observations or recommendations carry the flags
``observations`` / ``recommendations``; annex text carries ``annex``.

>>> doc = parse_report("S/2099/1\\nReport of the Secretary-General\\nI. Observations\\n"
...                    "1. I welcome the progress.", symbol="S/2099/1")
>>> [(p.key, p.kind, p.flags) for p in doc.paragraphs]
[('S/2099/1/h01', 'heading', ('observations',)), ('S/2099/1/p1', 'numbered', ('observations',))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from normtrace.errors import ParseError
from normtrace.parse import furniture, normalize
from normtrace.parse.dates import DATE_DMY, iso_date
from normtrace.parse.detect import detect_doc_type
from normtrace.parse.furniture import Line
from normtrace.parse.labels import LabelState
from normtrace.parse.model import Document, Paragraph
from normtrace.parse.report import apart, blocks, front, headings
from normtrace.parse.report.item_tables import ANNEX as _ANNEX
from normtrace.parse.report.item_tables import item_tables, opens_item
from normtrace.parse.report.notes import FOOTNOTE, lift_footnotes, ruled_notes
from normtrace.parse.resolution.meta import truncation_reasons
from normtrace.parse.symbols import cited_symbols, parse_symbol

#: v3: the lines below the rule over a page's footnotes are footnotes (``notes``); an
#: annex's table of bullets is a table (``item_tables``)
PARSER = "parse.unsc_doc.v3"
DOC_KINDS = ("report", "letter", "prst")

_NUMBERED = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<rest>\S.*)$")
_SECTION = re.compile(r"^(?P<num>[IVXL]{1,6})\.\s+(?P<rest>[A-Z].{0,150})$")
_SUBSECTION = re.compile(r"^(?P<num>[A-Z])\.\s+(?P<rest>[A-Z].{0,150})$")
_ITEM = re.compile(r"^\(\s*(?P<lab>[a-z]{1,4})\s*\)\s*(?P<rest>.*)$")
_SIGNED = re.compile(r"^\(?Signed\)?\s+(?P<name>.+)$")
_STATEMENT_INTRO = re.compile(
    r"^At\s+(?:its|the)\s+(?P<num>\d{1,5})\s*(?:st|nd|rd|th|d)\s+meeting\b.*?"
    r"(?:held\s+on\s+(?P<date>\d{1,2}\s+\w+\s+\d{4}))?",
    re.I,
)
_QUOTED_COUNCIL = re.compile(r"^[\"\u201c]?The\s+Security\s+Council\b")
_TERMINAL_STOP = re.compile(r"[.;]$")
_CONTENTS_LINE = re.compile(r"(?:\.\s*){4,}(?:Page\s+)?\d{1,3}$")
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
_FULL_LINE = 50
# A title that is complete ("... addressed to the President of the Security Council").
_COMPLETE_TITLE = re.compile(
    r"^(?:(?:Identical\s+)?letters?\s+dated|Note\s+(?:verbale|by)|Statement\s+by)\b.*"
    r"(?:Security\s+Council|Secretary-General|General\s+Assembly)$",
    re.I,
)
# First words of the body of a letter or a statement.
_OPENING = re.compile(
    r"^(?:I\s+have\s+the\s+honour|At\s+(?:its|the)\s+\d+|On\s+behalf\s+of|"
    r"Upon\s+instructions|Further\s+to|With\s+reference\s+to)\b"
)
_GRAPHIC = "\ue000graphic "
_CAPTION = re.compile(r"^(?:\S+\s+){3,}.*\S$")
_GLUED_SECTION = re.compile(r"^(?P<head>\S.{20,}?)\s+(?P<section>[IVX]{1,5}\.\s+[A-Z][^.]{2,80})$")
# A short heading at the end of a line, after a sentence end or alone (``... 2004. Civil affairs``).
_HEADING_TAIL = re.compile(r"(?:^|(?<=[.;:)]\s))[A-Z][^.;:!?]{2,90}$")
_OCR_NUMBER = re.compile(r"^(?P<num>[\dlI|O]{1,3})[.,]\s+(?=[A-Z\u201c\"(])")
_OCR_DIGITS = str.maketrans("lI|O", "1110")
_TABLE_NOTE = re.compile(r"^(?:\*{1,3}|[a-z])\s+[A-Z][^\n]{2,200}\.$")
_NOTED_KINDS = ("numbered", "subparagraph", "text", "heading")
_TABLE_TAGS = {"map": "map", "table": "tab", "figure": "fig"}


@dataclass
class _State:
    prefix: str
    units: list[Paragraph] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    top: str | None = None
    sub: str | None = None
    annex: bool = False
    scope: str = ""
    parent: Paragraph | None = None
    labels: LabelState = field(default_factory=LabelState)
    signatories: list[str] = field(default_factory=list)
    meeting: int | None = None
    warnings: list[str] = field(default_factory=list)
    graphics: list[tuple[str, str]] = field(default_factory=list)
    listed: set[int] = field(default_factory=set)
    in_table: bool = False
    next_number: int = 1
    #: an unnumbered heading's key -> the section (top, sub) before it: a table takes it back
    before_heading: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def parse_report(text: str, *, symbol: str | None = None) -> Document:
    """Parse a report, letter, note or presidential statement.

    Args:
        text: the document text (furniture kept, any line ends).
        symbol: its symbol in any spelling; guessed from the first page if omitted.

    Raises:
        ParseError: the text is empty, names no symbol, or is a resolution or
            meeting record (use the parser for those).
    """
    clean = normalize.apply(text)
    sym = front.resolve_symbol(clean, symbol)
    doc_type = detect_doc_type(clean, symbol=sym)
    if doc_type not in DOC_KINDS:
        doc_type = front.coerce_type(doc_type, sym)
    lifted, graphics = _lift_graphic_pages(clean)
    lines = _split_glued_sections(_split_glued_paragraphs(front.content_lines(lifted, sym)))
    if not lines:
        raise ParseError("empty text: nothing to parse", symbol=sym)
    kept, notes = lift_footnotes(lines, ruled_notes(lifted))
    joined = join_wrapped(kept, wrapped=furniture.looks_hard_wrapped(kept))
    title, body = front.split_title(joined)
    for start, end, table in reversed(item_tables([ln.text for ln in body])):
        graphics.append(("table", table))  # an annex's table of bullets: one unit
        first = body[start]
        body[start:end] = [Line(f"{_GRAPHIC}{len(graphics) - 1}", first.page, first.number, False)]
    state = _State(prefix=sym, graphics=graphics, listed=_list_runs(body))
    for ln in body:
        _line(ln, state, doc_type)
    state.units = apart.label_units(state.units)  # captions, notes, scraps: no running text
    state.top = state.sub = None  # footnotes stand outside the sections
    state.annex = False
    for note in notes:
        unit = _add(state, "text", "t", note.text, note.page, extra=("footnote",))
        parent = _noted(state.units, unit)
        if parent is not None:
            state.units[-1] = replace(unit, parent_key=parent.key, section=parent.section)
    return _document(sym, doc_type, title, clean, state)


def join_wrapped(lines: list[Line], *, wrapped: bool = True) -> list[Line]:
    """Re-join paragraphs that a PDF text layer prints one physical line at a time.

    A line continues the paragraph above unless it starts a unit (numbered
    paragraph, item, heading, signature, table row, lifted graphic page, the
    standard note on the symbol: ``* Reissued for technical reasons ...``) or
    the line above ends a sentence or is a heading (a heading goes on only on a
    short line after a word such as ``and``: :mod:`~normtrace.parse.report.headings`).
    It continues when it starts in lower case, follows a page break, or the line
    above ends with a word such as ``of``; in printed lines (``wrapped``) also when
    the physical line above ran to near full width (50+ characters), which a
    paragraph's last line and a heading rarely do.
    """
    out: list[Line] = []
    last_len = 0
    for ln in lines:
        if out and _wraps(out[-1].text, last_len if wrapped else 0, ln):
            prev = out[-1]
            glue = "" if prev.text.endswith("-") and ln.text[:1].islower() else " "
            out[-1] = Line(prev.text + glue + ln.text, prev.page, prev.number, prev.after_break)
        else:
            out.append(ln)
        last_len = len(ln.text)
    return out


def _wraps(prev: str, last_len: int, cur: Line) -> bool:
    if _SENTENCE_END.search(prev) or _starts_unit(cur.text) or apart.SYMBOL_NOTE.match(cur.text):
        return False
    if _is_heading(prev):  # a heading printed on two lines (``... humanitarian and``)
        return headings.continues_heading(prev, cur.text)
    if prev.startswith(_GRAPHIC) or blocks.is_table_row(prev):
        return False
    if _COMPLETE_TITLE.match(prev) or _OPENING.match(cur.text):
        return False
    dangling = headings.dangling(prev.lower())
    return cur.text[:1].islower() or cur.after_break or dangling or last_len >= _FULL_LINE


def _lift_graphic_pages(clean: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace each map, figure or table page by a marker line; return the pages' kind and text.

    An annex heading at the top of the page stays text, with the caption under it.
    """
    pages = clean.split("\f")
    graphics: list[tuple[str, str]] = []
    for i, page in enumerate(pages):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        kind = blocks.page_kind(lines)
        if kind is None:
            continue
        lead = 0
        if _ANNEX.match(lines[0]):  # "Annex II" and the caption under it stay text
            lead = 1
            while lead < min(len(lines), 4) and (
                blocks.is_prose(lines[lead]) or _CAPTION.match(lines[lead])
            ):
                lead += 1
        rest = lines[lead:]
        graphics.append((blocks.block_kind(rest) if rest else kind, "\n".join(rest)))
        marker = f"{_GRAPHIC}{len(graphics) - 1}"
        pages[i] = "\n\n".join([*lines[:lead], marker]) + "\n\n"
    return "\f".join(pages), graphics


def _split_glued_sections(lines: list[Line]) -> list[Line]:
    """Split a section heading glued to the end of a title (``... in Haiti I. Introduction``)."""
    out: list[Line] = []
    for ln in lines:
        m = _GLUED_SECTION.match(ln.text)
        if m and not (_NUMBERED.match(ln.text) and not _SENTENCE_END.search(m["head"])):
            out.append(Line(m["head"], ln.page, ln.number, ln.after_break))
            out.append(Line(m["section"], ln.page, ln.number, False))
        else:
            out.append(ln)
    return out


def _split_glued_paragraphs(lines: list[Line]) -> list[Line]:
    """Split lines where the text layer ran the next numbered paragraph into the line above.

    Paragraph numbers run 1, 2, 3 ...: where the number the sequence expects
    next follows a sentence end (``... safety. 46. In a positive``) or a short
    unpunctuated heading (``Overall security situation 53. Since``), a new
    line starts there. Annexes number afresh, so the sequence restarts after an
    annex heading.
    """
    out: list[Line] = []
    expected = 1
    for ln in lines:
        text = _read_ocr_number(ln.text, expected)
        if _ANNEX.match(text) and len(text) < 80:
            expected = 1
        if (m := _NUMBERED.match(text)) and int(m["num"]) == expected:
            expected += 1
        while (cut := _glued_number(text, expected)) is not None:
            out.append(Line(text[:cut].rstrip(), ln.page, ln.number, ln.after_break))
            text, expected = text[cut:], expected + 1
            ln = Line(text, ln.page, ln.number, False)
        out.append(Line(text, ln.page, ln.number, ln.after_break))
    return out


def _read_ocr_number(text: str, expected: int) -> str:
    """``Il. Significant``, ``44, Bilateral``: OCR's misreading of the expected paragraph number.

    Read as ``11.`` and ``44.`` when the digits (``l``, ``I``, ``|`` as 1, ``O`` as 0)
    give the number the sequence expects and a whole paragraph follows.
    """
    m = _OCR_NUMBER.match(text)
    if not m or not _SENTENCE_END.search(text) or len(text) < _FULL_LINE:
        return text
    digits = m["num"].translate(_OCR_DIGITS)
    if not digits.isdigit() or int(digits) != expected or m.group(0).startswith(digits + "."):
        return text
    return f"{digits}. {text[m.end() :]}"


def _glued_number(text: str, expected: int) -> int | None:
    """Where paragraph ``expected`` starts inside ``text`` (not at its start), or ``None``."""
    for m in re.finditer(rf"(?<=\s){expected}\.\s+(?=[A-Z\u201c\"(])", text):
        head = text[: m.start()].rstrip()
        if _SENTENCE_END.search(head) or _HEADING_TAIL.search(head):
            return m.start()
    return None


def _starts_unit(text: str) -> bool:
    return bool(
        _NUMBERED.match(text)
        or text.startswith(_GRAPHIC)
        or blocks.is_table_row(text)
        or opens_item(text)
        or _ITEM.match(text)
        or _SIGNED.match(text)
        or _QUOTED_COUNCIL.match(text)
        or _is_heading(text)
    )


def _is_heading(text: str) -> bool:
    return bool(_SECTION.match(text) or _SUBSECTION.match(text) or _ANNEX.match(text))


def _line(ln: Line, state: _State, doc_type: str) -> None:
    text = ln.text
    in_table, state.in_table = state.in_table, False
    if text.startswith(_GRAPHIC):
        kind, body = state.graphics[int(text.removeprefix(_GRAPHIC))]
        _block(state, kind, body, ln.page)
    elif blocks.is_cartographic_notice(text) and not _NUMBERED.match(text):
        _block(state, "map", text, ln.page, extra=("cartographic_notice",))
    elif blocks.is_table_row(text):
        _table_row(state, text, ln.page, continues=in_table)
    elif _TABLE_NOTE.match(text) and state.units and state.units[-1].kind == "table":
        # "* Including the Force Commander." under a table: the table's footnote
        table = state.units[-1]
        unit = _add(state, "text", "t", text, ln.page, extra=("footnote",))
        state.units[-1] = replace(unit, parent_key=table.key)
        state.in_table = True
    elif _CONTENTS_LINE.search(text) or text == "Contents":
        # The table of contents repeats the headings: kept, but not as headings.
        _add(state, "text", "t", text, ln.page, extra=("contents",))
        state.parent = None
    elif _ANNEX.match(text) and len(text) < 80:
        state.annex, state.top, state.sub = True, text, None
        _heading(state, None, text, ln.page)
        state.scope = f"annex{state.counters.get('annex', 0) + 1}/"
        state.next_number = 1
        state.counters["annex"] = state.counters.get("annex", 0) + 1
    elif m := _SECTION.match(text):
        state.top, state.sub = text, None
        _heading(state, m["num"], m["rest"], ln.page)
    elif m := _sub_heading(text, state):
        state.sub = text
        _heading(state, m["num"], m["rest"], ln.page)
    elif m := _NUMBERED.match(text):
        unit = _add(state, "numbered", "p", m["rest"], ln.page, number=m["num"])
        state.parent, state.labels = unit, LabelState()
        state.next_number = int(m["num"]) + 1
    elif (m := _ITEM.match(text)) and state.parent is not None:
        _item(state, m["lab"], m["rest"], ln.page)
    else:
        _unnumbered(ln, state, doc_type)


def _unnumbered(ln: Line, state: _State, doc_type: str) -> None:
    text = ln.text
    if m := _SIGNED.match(text):
        state.signatories.append(m["name"].strip())
        _add(state, "procedural", "pr", text, ln.page)
    elif doc_type == "prst" and (m := _STATEMENT_INTRO.match(text)):
        state.meeting = int(m["num"])
        _add(state, "procedural", "pr", text, ln.page)
    elif FOOTNOTE.match(text):
        _add(state, "text", "t", text, ln.page, extra=("footnote",))
    elif _looks_heading(text) and id(ln) not in state.listed:
        before = (state.top, state.sub)
        state.sub = text if state.top else None
        state.top = state.top or text
        _heading(state, None, text, ln.page)
        state.before_heading[state.units[-1].key] = before
    else:
        extra = ("statement",) if doc_type == "prst" and _QUOTED_COUNCIL.match(text) else ()
        _add(state, "text", "t", text, ln.page, extra=extra)
    state.parent = None


def _list_runs(lines: list[Line]) -> set[int]:
    """Lines (by ``id``) in a run of 3+ unlabelled heading-like lines: a list, not headings.

    A delegation's members print one entry per line without final punctuation,
    entries alike: two in three hold a parenthesis (``Romania (Ambassador ...)``)
    or all start with the same word. Stacked headings (``Programme I``, its
    title, a sub-section) are not alike, and lines under an annex heading stay.
    """
    listed: set[int] = set()
    run: list[Line] = []
    after_annex = False
    for ln in [*lines, Line(".", 0, 0, False)]:
        if _looks_heading(ln.text) and not _starts_unit(ln.text):
            run.append(ln)
            continue
        if len(run) >= 3 and not after_annex and _alike(run):
            listed.update(id(x) for x in run)
        run, after_annex = [], bool(_ANNEX.match(ln.text))
    return listed


def _alike(run: list[Line]) -> bool:
    with_parens = sum(1 for ln in run if "(" in ln.text)
    first_words = {ln.text.split(None, 1)[0] for ln in run}
    return with_parens * 3 >= 2 * len(run) or len(first_words) == 1


def _noted(units: list[Paragraph], note: Paragraph) -> Paragraph | None:
    """The unit carrying the note's marker (``... 2012.1 The``), on its page or the one before."""
    m = re.match(r"^(\d{1,2})\s", note.text)
    if m is None or note.page is None:
        return None
    marker = re.compile(rf"(?<=[^\s\d]){m[1]}(?=[\s,;.:)]|$)")
    for unit in reversed(units[:-1]):
        if unit.page is not None and unit.page < note.page - 1:
            break
        if "footnote" not in unit.flags and unit.kind in _NOTED_KINDS and marker.search(unit.text):
            return unit
    return None


def _block(
    state: _State, kind: str, text: str, page: int, *, extra: tuple[str, ...] = ()
) -> Paragraph:
    """A map, figure or table: its own unit (``/map01``, ``/fig01``, ``/tab01``), never text."""
    unit = _add(state, kind, _TABLE_TAGS[kind], text, page, extra=("non_text", *extra))
    # A map or table is no observation or recommendation, whatever section it follows.
    flags = tuple(f for f in unit.flags if f not in ("observations", "recommendations"))
    state.units[-1] = unit = replace(unit, flags=flags)
    state.parent = None
    return unit


def _table_row(state: _State, text: str, page: int, *, continues: bool) -> None:
    """A table printed as text: rows join the table above; the column-head lines above join it.

    Column heads are the unnumbered "heading" just above the first row, under 15 %
    function words (``Country Females Males Females Males Total``); when they repeat a
    head (the columns are grouped), the line above on the table's page is the groups'
    heads (``Staff officers Troops``, ``Number of United Nations police Number of formed
    police units``) unless it is a caption (a date stamp), all heads together under 15 %.
    """
    state.in_table = True
    last = state.units[-1] if state.units else None
    if continues and last is not None and last.kind == "table":
        state.units[-1] = replace(last, text=f"{last.text}\n{text}")
        return
    heads: list[str] = []
    while (
        last is not None
        and last.key in state.before_heading
        and (
            not heads
            or (len(heads) == 1 and last.page == page and apart.over_groups(last.text, heads[0]))
        )
        and blocks.function_word_share(" ".join([last.text, *heads]).split()) < 0.15
    ):
        state.units.pop()
        state.keys.discard(last.key)
        state.counters["h"] -= 1
        state.top, state.sub = state.before_heading.pop(last.key)
        heads.insert(0, last.text)
        last = state.units[-1] if state.units else None
    text = "\n".join([*heads, text])
    _block(state, "table", text, page)


def _sub_heading(text: str, state: _State) -> re.Match[str] | None:
    """``A. Political developments`` or ``1. Support to the public administration``.

    A numbered line is a sub-heading, no paragraph, when its number breaks the
    paragraph sequence and it reads as a heading.
    """
    if (m := _SUBSECTION.match(text)) and not _TERMINAL_STOP.search(text):
        return m
    m = _NUMBERED.match(text)
    if m and int(m["num"]) != state.next_number and _looks_heading(m["rest"]):
        return m
    return None


def _looks_heading(text: str) -> bool:
    """A short unpunctuated line in title case between paragraphs (``Observations``)."""
    return len(text) < 90 and text[:1].isupper() and not re.search(r"[.,;:!?\"]$", text)


def _heading(state: _State, number: str | None, text: str, page: int) -> None:
    label = f"{number}." if number else None
    _add(state, "heading", "h", text, page, number=number, label=label, keyed_by_count=True)
    state.parent = None


def _item(state: _State, label: str, text: str, page: int) -> None:
    parent = state.parent
    assert parent is not None
    state.labels.classify(label)
    key = _unique(state, f"{parent.key}/{label}")
    unit = _paragraph(state, key, "subparagraph", text, page, label=f"({label})")
    state.units.append(replace(unit, parent_key=parent.key))


def _add(
    state: _State,
    kind: str,
    tag: str,
    text: str,
    page: int,
    *,
    number: str | None = None,
    label: str | None = None,
    keyed_by_count: bool = False,
    extra: tuple[str, ...] = (),
) -> Paragraph:
    count = state.counters.get(tag, 0) + 1
    state.counters[tag] = count
    tail = f"{tag}{number}" if number and not keyed_by_count else f"{tag}{count:02d}"
    if kind == "numbered":
        tail = state.scope + tail
    key = _unique(state, f"{state.prefix}/{tail}")
    unit = _paragraph(state, key, kind, text, page, number=number, label=label, extra=extra)
    state.units.append(unit)
    return unit


def _paragraph(
    state: _State,
    key: str,
    kind: str,
    text: str,
    page: int,
    *,
    number: str | None = None,
    label: str | None = None,
    extra: tuple[str, ...] = (),
) -> Paragraph:
    section = " / ".join(s for s in (state.top, state.sub) if s) or None
    return Paragraph(
        key=key,
        kind=kind,
        text=text,
        order=len(state.units) + 1,
        number=number,
        label=label,
        cites=cited_symbols(text),
        page=page,
        section=section,
        flags=_flags(section, state.annex) + extra,
    )


_WORD = re.compile(r"[^\W\d_]{3}")


def _flags(section: str | None, annex: bool) -> tuple[str, ...]:
    low = (section or "").lower()
    found = tuple(f for f in ("observations", "recommendations") if f[:-1] in low)
    return found + (("annex",) if annex else ())


def _unique(state: _State, key: str) -> str:
    base, n = key, 2
    while key in state.keys:
        key, n = f"{base}-{n}", n + 1
    if key != base:
        state.warnings.append(f"duplicate unit key {base}; stored as {key}")
    state.keys.add(key)
    return key


def _document(sym: str, doc_type: str, title: str, clean: str, state: _State) -> Document:
    date, source = front.document_date(clean, doc_type)
    parsed = parse_symbol(sym)
    # A report's body's last paragraph: annexes (tables, maps, programmes) and footnotes need
    # not end with a full stop, so a cut is judged where the report's own text ends; a scrap with no
    # word in it (a barcode, "oT" from a scan's margin) is no paragraph.
    # A letter's annex is its text (the letter only transmits it): judged there.
    skip = {"annex", "footnote"} if doc_type == "report" else {"footnote"}
    content = [u for u in state.units if u.kind in ("numbered", "text", "subparagraph")
               and not skip & set(u.flags) and _WORD.search(u.text)]  # fmt: skip
    last = (content[-1].key.rsplit("/", 1)[-1], content[-1].text) if content else None
    truncated = truncation_reasons(clean, sym, last)
    meta: dict[str, Any] = {
        "date_source": source,
        "truncated": bool(truncated),
        "signatories": state.signatories,
        "observations": [u.key for u in state.units if "observations" in u.flags],
        "recommendations": [u.key for u in state.units if "recommendations" in u.flags],
    }
    if state.meeting:
        meta["meeting_number"] = state.meeting
    if doc_type == "letter" and (m := re.search(r"\bdated\s+", title)):
        d = DATE_DMY.match(title, m.end())
        meta["letter_date"] = iso_date(d) if d else None
    warnings = state.warnings + [f"truncated: {r}" for r in truncated]
    if date is None:
        warnings.append("no date found")
    return Document(
        symbol=sym,
        doc_type=doc_type,
        parser=PARSER,
        title=title,
        date=date,
        year=parsed.year or (int(date[:4]) if date else None),
        meeting=f"S/PV.{state.meeting}" if state.meeting else None,
        paragraphs=tuple(state.units),
        meta=meta,
        warnings=tuple(warnings),
    )
