"""Parse the text of a Security Council resolution into paragraphs with stable keys.

Input is the text of one resolution as the UN prints it (or as the shared
corpus keeps it): masthead, ``Resolution 2098 (2013)``, the adoption line,
``The Security Council,``, preambular paragraphs (participles ending with a
comma), numbered operative paragraphs with ``(a)``/``(i)`` sub-paragraphs,
and page furniture in between.

Units and keys (``S/RES/2098 (2013)`` prefix):

* ``/pp01``.. preambular paragraphs, ``number`` "1".. in order;
* ``/op12`` operative paragraph 12, ``number`` "12", ``verb`` the main verb as
  printed in title case (``Strongly condemns`` → ``Condemns``; the adverb
  stays at the start of the text, so nothing is lost);
* ``/op12/b``, ``/op12/b/ii`` sub-paragraphs (kind ``subparagraph``, label
  ``(b)``), ``/op7/II`` a roman part ``II.`` inside an operative paragraph;
* ``/h01`` a heading (a part ``A``, ``B``, or a margin heading) whose text
  is every later paragraph's ``section``; ``/pr01`` procedural lines
  (``Adopted unanimously at the 1382nd meeting.``); ``/t01`` footnotes and
  annex text (flags ``footnote`` / ``annex``).

Paragraph text is printed text without its label (``number``/``label`` hold
it). A single unnumbered operative paragraph (UN practice when there is only
one) gets number "1" and the flag ``unnumbered``; several unnumbered or
lettered ones are numbered in order with a warning. Old resolutions whose
parts number their paragraphs afresh key them by part (``/B/op1``,
``meta["numbering"] == "by_part"``). A numbered paragraph opening with a
participle keeps it as verb (``Calling``) with the flag ``participle``; one
whose verb sits in its first sub-paragraph (``Acting under Chapter VII:
(a) Decides``) takes that verb with the flag ``verb_in_subparagraph``.

A document that ends mid-paragraph, with the continuation mark ``/...`` or
with the running header of a page whose text is missing gets
``meta["truncated"] = True`` and a warning starting ``truncated:``.

>>> doc = parse_resolution(
...     "Resolution 9999 (2099)\\nThe Security Council,\\nRecalling its resolutions,\\n"
...     "1. Decides to remain seized of the matter.", symbol="S/RES/9999 (2099)")
>>> [(p.key, p.verb) for p in doc.paragraphs]
[('S/RES/9999 (2099)/pp01', None), ('S/RES/9999 (2099)/op1', 'Decides')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normtrace.errors import ParseError
from normtrace.parse import furniture, normalize
from normtrace.parse.furniture import Line
from normtrace.parse.labels import LabelState
from normtrace.parse.model import Document, Paragraph
from normtrace.parse.resolution.meta import (
    LEXICON,
    AdoptionFacts,
    adoption_facts,
    leading_verb,
    truncation_reasons,
)
from normtrace.parse.resolution.split import OP as _OP
from normtrace.parse.resolution.split import (
    PREAMBLE_START,
    side_heading,
    split_inline,
    split_preamble,
)
from normtrace.parse.resolution.split import SUB as _SUB
from normtrace.parse.symbols import cited_symbols, parse_symbol

PARSER = "parse.unsc_res.v2"
"""v2: a cp1252 list dash (byte 0xAD, U+00AD opening a line) reads as the en dash other files
print (normalize.hyphenation) instead of vanishing; unit texts of 50 resolutions gain their
dashes, and a dashed list's last line is no longer taken for a heading (1824, 1837, 1877, 1878)."""

_COUNCIL = re.compile(r"^[\"\u201c]?The\s+Security\s+Council\s*[,.;:]?\s*(?P<rest>.*)$")
_COUNCIL_IN_LINE = re.compile(
    r"(?:^|\s)[\"\u201c]?The\s+Security\s+Council\s*,\s*(?P<rest>(?:[A-Z][a-z]+ing\b.*)?)$"
)
_OP_NO_DOT = re.compile(
    r"^(?P<num>\d{1,3})\s+"
    r"(?P<rest>(?:(?:[A-Z][a-z]+ly|Also|Further)\s+[a-z]+s|[A-Z][a-z]+s)\b.*)$"
)
# A part letter printed at the end of the line before its part: "...in the future; B".
_TRAILING_PART = re.compile(r"^(?P<text>.*[,;.:])\s+(?P<part>[A-H])$")
# A part letter printed before its first paragraph: "A Expressing its concern ...".
_LEADING_PART = re.compile(r"^(?P<part>[A-H])\s+(?P<text>[A-Z][a-z]+ing\b.*)$")
_PART = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<rest>\S.*)$")
_HEADING = re.compile(r"^(?:[A-I]|[IVX]{1,5}|Part\s+[A-Z0-9]+|PART\s+[A-Z0-9]+)\.?$")
# Stars printed before a paragraph as a separator: "*** 19. Welcomes".
_STAR_RULE = re.compile(r"^\*{2,}\s+(?=\d{1,3}\.\s)")
_ADOPTED = re.compile(r"^\[?\s*Adopted\b", re.I)
_FOOTNOTE = re.compile(
    r"^_{3,}|^\*+\s+(?!\d{1,3}\.\s)|^(?:\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2})\s+"
    r"(?:Ibid|Ibld|See|Official Records|Documents?|Adopted|Resolution|\d+\s+UNTS|United Nations,)",
    re.I,
)
_ANNEX = re.compile(r"^(?:Annex(?:es)?(?:\s+[IVX\dA-Z]{1,4})?|Footnotes)\s*:?$")
_STARTS_UNIT = re.compile(
    r"^(?:\d{1,3}\s*\.\s|\(\s*[a-z]{1,4}\s*\)|[a-z]\)\s|[IVX]{1,5}\.\s|"
    r"The Security Council\b|\[?Adopted\b|Annex)"
)


@dataclass
class _Draft:
    kind: str
    key: str
    text: str
    page: int
    number: str | None = None
    label: str | None = None
    parent: _Draft | None = None
    verb: str | None = None
    section: str | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class _State:
    prefix: str
    mode: str = "preamble"
    section: str | None = None
    units: list[_Draft] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    op: _Draft | None = None
    part: _Draft | None = None
    letter: _Draft | None = None
    labels: LabelState = field(default_factory=LabelState)
    last_op: int = 0
    annex_flag: str = "annex"
    new_part: bool = False
    by_part: bool = False
    warnings: list[str] = field(default_factory=list)


def parse_resolution(text: str, *, symbol: str | None = None) -> Document:
    """Parse one resolution's text into a :class:`~normtrace.parse.model.Document`.

    Args:
        text: the resolution as extracted or stored (any line ends, furniture kept).
        symbol: its symbol (any spelling); guessed from the text when omitted.

    Raises:
        ParseError: the text is empty or names no resolution symbol and none was given.
    """
    clean = normalize.apply(text)
    sym = _resolve_symbol(clean, symbol)
    lines = furniture.strip_furniture(clean, symbol=sym)
    if not lines:
        raise ParseError("empty text: nothing to parse", symbol=sym)
    body, found = _body(lines)
    parsed = parse_symbol(sym)
    facts = adoption_facts(clean, number=parsed.number, year=parsed.year)
    state = _State(prefix=sym)
    if not found:
        state.warnings.append("no 'The Security Council,' line; whole text taken as body")
    wrapped = furniture.looks_hard_wrapped(body)
    joined = furniture.join_continuations(
        body,
        starts_unit=_starts_unit,
        standalone=_is_heading,
        wrapped=wrapped,
        opens_paragraph=lambda text: PREAMBLE_START.match(text) is not None,
    )
    _build_units(joined, state)
    return _document(sym, clean, facts, state)


def _resolve_symbol(text: str, symbol: str | None) -> str:
    if symbol:
        try:
            return str(parse_symbol(symbol))
        except ValueError as exc:
            raise ParseError(str(exc), symbol=symbol) from exc
    m = re.search(r"S\s*/\s*RES\s*/\s*\d{1,4}\s*\(\s*\d{4}\s*\)", text) or re.search(
        r"Resolution\s+(\d{1,4})\s*\((\d{4})\)", text
    )
    if not m:
        raise ParseError("no resolution symbol in the text; pass symbol='S/RES/n (yyyy)'")
    if m.re.pattern.startswith("Resolution"):
        return f"S/RES/{m[1]} ({m[2]})"
    return str(parse_symbol(m.group(0)))


def _body(lines: list[Line]) -> tuple[list[Line], bool]:
    """The lines after ``The Security Council,`` and whether that line was found.

    The line usually stands alone; some exports run it into the header
    (``... on 6 January 1994 The Security Council, Reaffirming ...``).
    """
    for i, ln in enumerate(lines):
        m = _COUNCIL.match(ln.text) or _COUNCIL_IN_LINE.search(ln.text)
        if m:
            rest = m["rest"].strip()
            tail = [Line(rest, ln.page, ln.number, False)] if rest else []
            return tail + lines[i + 1 :], True
    return [ln for ln in lines if not _is_header_line(ln.text)], False


def _is_header_line(text: str) -> bool:
    return bool(re.match(r"^(?:Resolution\s+\d|Adopted by the Security Council at)", text))


def _starts_unit(text: str) -> bool:
    return bool(_STARTS_UNIT.match(text) or _HEADING.match(text) or _FOOTNOTE.match(text))


def _is_heading(text: str) -> bool:
    return _HEADING.match(text) is not None


def _build_units(lines: list[Line], state: _State) -> None:
    numbered = any(_OP.match(ln.text) for ln in lines)
    texts = [ln.text for ln in lines]
    for i, ln in enumerate(lines):
        if side_heading(texts, i) and not PREAMBLE_START.match(ln.text):
            state.section = ln.text
            _add(state, "heading", "h", ln.text, ln.page)
        else:
            _line(ln.text, ln.page, state, numbered)


def _line(text: str, page: int, state: _State, numbered: bool) -> None:
    text = _STAR_RULE.sub("", text)
    trailing = _TRAILING_PART.match(text)
    if trailing:
        _line(trailing["text"], page, state, numbered)
        _line(trailing["part"], page, state, numbered)
        return
    leading = _LEADING_PART.match(text)
    if leading:
        _line(leading["part"], page, state, numbered)
        _line(leading["text"], page, state, numbered)
        return
    if _COUNCIL.match(text):
        state.mode, state.op = "preamble", None
        state.new_part = state.last_op > 0
        return
    if _ADOPTED.match(text):
        _add(state, "procedural", "pr", text, page)
        return
    if _ANNEX.match(text):
        state.mode = "annex"
        state.annex_flag = "annex" if text.startswith("Annex") else "footnote"
    if state.mode == "annex" or _FOOTNOTE.match(text):
        unit = _add(state, "text", "t", text, page)
        unit.flags.append(state.annex_flag if state.mode == "annex" else "footnote")
        return
    if _HEADING.match(text):
        state.section = text.rstrip(".")
        state.new_part = state.last_op > 0
        _add(state, "heading", "h", text, page)
        return
    pieces = split_preamble(text, numbered=numbered) if state.op is None else [text]
    for chunk in pieces:
        split = split_inline(chunk, state.labels, state.last_op)
        for i, piece in enumerate(split):
            if side_heading(split, i):
                state.section = piece
                _add(state, "heading", "h", piece, page)
            else:
                _classify(piece, page, state, numbered)


def _classify(text: str, page: int, state: _State, numbered: bool) -> None:
    m_op, m_sub, m_part = _OP.match(text), _SUB.match(text), _PART.match(text)
    m_nodot = _OP_NO_DOT.match(text)
    if m_nodot and int(m_nodot["num"]) == state.last_op + 1 and state.mode != "annex":
        _operative(int(m_nodot["num"]), m_nodot["rest"], page, state)
        state.warnings.append(f"operative paragraph {m_nodot['num']} printed without its period")
    elif m_op and state.mode != "annex":
        _operative(int(m_op["num"]), m_op["rest"], page, state)
    elif m_part and state.op is not None:
        _part(m_part["num"], m_part["rest"], page, state)
    elif m_sub and _lettered_operative(m_sub["a"] or m_sub["b"], m_sub["rest"], state, numbered):
        state.mode = "unnumbered"
        unit = _operative(state.last_op + 1, m_sub["rest"], page, state, flag="lettered")
        if unit is not None:
            unit.label = f"({m_sub['a'] or m_sub['b']})"
    elif m_sub and (state.op is not None or state.units):
        _subparagraph(m_sub["a"] or m_sub["b"], m_sub["rest"], page, state)
    elif not numbered and state.mode == "preamble" and _looks_operative(text):
        state.mode = "unnumbered"
        _operative(state.last_op + 1, text, page, state, flag="unnumbered")
    elif state.mode == "unnumbered" and _looks_operative(text):
        _operative(state.last_op + 1, text, page, state, flag="unnumbered")
    elif state.op is None and state.mode == "preamble":
        _preambular(text, page, state)
    else:
        _continuation(text, state)


def _lettered_operative(label: str, rest: str, state: _State, numbered: bool) -> bool:
    """``(a) Decides ...`` opens an operative paragraph in a resolution that numbers none.

    Only when the label does not continue the list open under the current
    paragraph: ``(b)`` after ``(a) Aerial action ...`` stays a sub-paragraph.
    """
    if numbered or state.mode not in ("preamble", "unnumbered") or not _looks_operative(rest):
        return False
    return label not in state.labels.expected() or state.op is None


def _looks_operative(text: str) -> bool:
    verb = leading_verb(text, first_only=True)
    # A run-on file may end an operative paragraph with a comma; a known verb still counts.
    return verb is not None and (not text.endswith(",") or verb.lower() in LEXICON)


def _preambular(text: str, page: int, state: _State) -> None:
    _add(state, "preambular", "pp", text, page)
    state.op, state.part, state.letter, state.labels = None, None, None, LabelState()


def _operative(num: int, text: str, page: int, state: _State, *, flag: str = "") -> _Draft | None:
    """Add an operative paragraph; ``None`` when it repeats the one before word for word."""
    if state.op is not None and str(num) == state.op.number and text == state.op.text:
        state.warnings.append(f"operative paragraph {num} printed twice; the repeat was dropped")
        return None
    if num == 1 and state.new_part:
        # Parts A, B ... of old resolutions number their paragraphs afresh.
        state.last_op, state.by_part = 0, True
    state.new_part = False
    if num != state.last_op + 1:
        state.warnings.append(
            f"operative paragraph {num} follows {state.last_op or 'the preamble'} (gap or repeat)"
        )
    state.mode = "operative" if state.mode != "unnumbered" else "unnumbered"
    scope = state.section if state.by_part else None
    unit = _add(state, "operative", "op", text, page, number=str(num), scope=scope)
    unit.verb = leading_verb(text)
    if flag:
        unit.flags.append(flag)
    state.op, state.part, state.letter, state.labels = unit, None, None, LabelState()
    state.last_op = max(state.last_op, num)
    return unit


def _part(numeral: str, text: str, page: int, state: _State) -> None:
    parent = state.op
    assert parent is not None
    unit = _child(state, parent, numeral, f"{numeral}.", text, page)
    state.part, state.letter, state.labels = unit, None, LabelState()


def _subparagraph(label: str, text: str, page: int, state: _State) -> None:
    kind = state.labels.classify(label)
    parent = state.part or state.op or _last_top(state)
    if kind == "roman" and state.letter is not None:
        parent = state.letter
    unit = _child(state, parent, label, f"({label})", text, page)
    if kind == "letter":
        state.letter = unit


def _last_top(state: _State) -> _Draft:
    return next(u for u in reversed(state.units) if u.parent is None)


def _child(state: _State, parent: _Draft, tail: str, label: str, text: str, page: int) -> _Draft:
    key = _unique(state, f"{parent.key}/{tail}")
    unit = _Draft("subparagraph", key, text, page, label=label, parent=parent)
    unit.section = state.section
    state.units.append(unit)
    return unit


def _continuation(text: str, state: _State) -> None:
    if state.units:
        state.units[-1].text += "\n" + text
    else:
        _preambular(text, 0, state)


def _add(
    state: _State,
    kind: str,
    tag: str,
    text: str,
    page: int,
    *,
    number: str | None = None,
    width: int = 2,
    scope: str | None = None,
) -> _Draft:
    count = state.counters.get(tag, 0) + 1
    state.counters[tag] = count
    tail = f"{tag}{number}" if number is not None else f"{tag}{count:0{width}d}"
    if scope:
        tail = f"{scope}/{tail}"
    unit = _Draft(kind, _unique(state, f"{state.prefix}/{tail}"), text, page)
    unit.number = number if number is not None else (str(count) if kind == "preambular" else None)
    unit.section = state.section
    state.units.append(unit)
    return unit


def _unique(state: _State, key: str) -> str:
    if key in state.keys:
        n = 2
        while f"{key}-{n}" in state.keys:
            n += 1
        state.warnings.append(f"duplicate unit key {key}; stored as {key}-{n}")
        key = f"{key}-{n}"
    state.keys.add(key)
    return key


def _truncation(clean: str, sym: str, units: list[_Draft]) -> list[str]:
    content = [u for u in units if u.kind not in ("procedural", "text", "heading")]
    last = (content[-1].key.rsplit("/", 2)[-1], content[-1].text) if content else None
    return truncation_reasons(clean, sym, last)


def _settle_verbs(units: list[_Draft]) -> None:
    """Flag participles; take the verb of the first sub-paragraph when the paragraph has none.

    ``Acting under Chapter VII of the Charter: (a) Decides ...`` is decided in
    its sub-paragraphs.
    """
    for u in units:
        if u.kind != "operative":
            continue
        if u.verb is None:
            child = next((c for c in units if c.parent is u), None)
            verb = leading_verb(child.text, first_only=True) if child else None
            if verb:
                u.verb = verb
                u.flags.append("verb_in_subparagraph")
        if u.verb and u.verb.endswith("ing"):
            u.flags.append("participle")


def _document(sym: str, clean: str, facts: AdoptionFacts, state: _State) -> Document:
    parsed = parse_symbol(sym)
    _settle_verbs(state.units)
    warnings = list(state.warnings) + list(facts.warnings)
    truncated = _truncation(clean, sym, state.units)
    warnings += [f"truncated: {r}" for r in truncated]
    ops = [u for u in state.units if u.kind == "operative"]
    if not ops:
        warnings.append("no operative paragraph found")
    elif len(ops) > 1 and any("unnumbered" in u.flags or "lettered" in u.flags for u in ops):
        warnings.append(f"operative paragraphs are not numbered; numbered 1..{len(ops)} in order")
    meta = {
        "adoption_meeting_number": facts.meeting_number,
        "date_source": facts.date_source,
        "truncated": bool(truncated),
        "operative_count": sum(1 for u in state.units if u.kind == "operative"),
        "numbering": "by_part" if state.by_part else "continuous",
    }
    return Document(
        symbol=sym,
        doc_type="resolution",
        parser=PARSER,
        title=f"Resolution {parsed.number} ({parsed.year})" if parsed.year else None,
        date=facts.date,
        year=parsed.year,
        meeting=f"S/PV.{facts.meeting_number}" if facts.meeting_number else None,
        paragraphs=tuple(_freeze(u, i) for i, u in enumerate(state.units, start=1)),
        meta=meta,
        warnings=tuple(warnings),
    )


def _freeze(u: _Draft, order: int) -> Paragraph:
    return Paragraph(
        key=u.key,
        kind=u.kind,
        text=u.text,
        order=order,
        number=u.number,
        label=u.label,
        parent_key=u.parent.key if u.parent else None,
        verb=u.verb,
        cites=cited_symbols(u.text),
        page=u.page or None,
        section=u.section,
        flags=tuple(u.flags),
    )
