"""Do the bundled validation sets' labelled report units still hold the words their coders read?

A labelled row names a unit by its key (``S/2009/439/t57``) and carries the words the coders
labelled (``text``, or ``paragraph`` for a reported-speech sentence). A report's keys are
positions (the 57th text unit), so a change of PDF layout or of the report parser can shift
them: then the key holds other words, and a score that finds its units by key measures rows
nobody labelled (``pdf.pdfium.v2`` / ``parse.unsc_doc.v2``: a first page's heading that ran
on into its sub-heading now splits, so every later heading key moves by one).

:func:`check_rows` finds each labelled row's words in a fresh reading of the reports
(:func:`read_reports`, as ``normtrace ingest`` extracts and parses them) and says, row by row:

* ``same`` — the key holds the labelled words;
* ``moved`` — the labelled words stand whole under another key (the one nearest the old
  key's place when they stand twice; equally near twice: ``gone``, never guessed);
* ``changed`` — the unit that holds most of the labelled words (the key's own first) reads
  differently; :func:`describe` shows the diff and ``how`` names it: ``heading unglued``
  (words cut off now stand as a heading of their own), ``furniture removed`` (a rule, a job
  number, a page number), or ``words added`` / ``words removed`` / ``words replaced``;
  ``explained`` is true only for the first two, which leave the labelled reading intact;
* ``gone`` — no unit holds most of the labelled words.

:func:`mend_row` re-keys a moved row (``key_before``: the old key and the reading it was
made on) and takes an explained change with the label kept (``text_before`` and
``text_change``: what changed, how, in which reading); it never touches a label, and rows
whose words are changed otherwise or gone are recorded as not standing (``unplaced``, with
the finding) instead of being guessed. :func:`verify` is what a score that finds its units by
key runs first: a row whose key does not hold its words, and is not recorded as gone, is an
error naming the row and what to do, so a score can never again pass by chance.

``python tools/labelled_units.py`` checks (and with ``--mend`` mends) every set of
:data:`BUNDLED`; procedure and findings in the sets' READMEs.

>>> reading = {"S/1/1": [Unit("S/1/1/h01", "heading", "Introduction"),
...                      Unit("S/1/1/p1", "numbered", "The mission met twice."),
...                      Unit("S/1/1/h02", "heading", "Political situation")]}
>>> rows = [{"key": "S/1/1/h01", "text": "Political situation"},
...         {"key": "S/1/1/p1", "text": "The mission met twice. Political situation"}]
>>> [(c.status, c.key_now, c.how) for c in check_rows(rows, reading)]
[('moved', 'S/1/1/h02', ''), ('changed', 'S/1/1/p1', 'heading unglued')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.errors import ConfigError
from normtrace.parse.furniture import is_furniture

#: the share of a row's labelled words a unit must hold to be that row's unit, changed
HOLDS = 0.5
#: how a change is named when it leaves the labelled reading intact (module doc)
EXPLAINED = ("heading unglued", "furniture removed")
#: the bundled sets that name report units: name, path under ``normtrace/data/validation``,
#: the field holding the labelled words
BUNDLED: tuple[tuple[str, str, str], ...] = (
    ("prose", "prose/heldout.jsonl", "text"),
    ("reported first", "reported/heldout.jsonl", "paragraph"),
    ("reported fresh", "reported/fresh.jsonl", "paragraph"),
    ("reported third", "reported/third.jsonl", "paragraph"),
    ("frames check", "frames/check/check.jsonl", "text"),
    ("frames check2", "frames/check2/check.jsonl", "text"),
    ("frames check3", "frames/check3/check.jsonl", "text"),
    ("frames check12", "frames/check12/check.jsonl", "text"),
    ("frames check13", "frames/check13/check.jsonl", "text"),
)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Unit:
    """A unit of the current reading: key, kind (``heading``, ``numbered``, ...), text, and
    the parser's flags (``caption``, ``annex``, ...)."""

    key: str
    kind: str
    text: str
    flags: tuple[str, ...] = ()


#: symbol -> the document's units in order
Reading = Mapping[str, Sequence[Unit]]


@dataclass(frozen=True)
class RowCheck:
    """What :func:`check_rows` found for one labelled row (module doc). ``diff`` holds the
    changed runs as (``removed`` | ``added`` | ``replaced``, labelled words, words now)."""

    row: int
    key: str
    status: str
    key_now: str | None = None
    text_now: str | None = None
    how: str = ""
    diff: tuple[tuple[str, str, str], ...] = ()
    explained: bool = False

    @property
    def stands(self) -> bool:
        """Whether the labelled reading stands at ``key_now`` (same, moved, explained)."""
        return self.status in ("same", "moved") or (self.status == "changed" and self.explained)


def document_of(key: str, reading: Reading) -> str | None:
    """The symbol of the reading's document ``key`` belongs to (the longest that prefixes it)."""
    found = [s for s in reading if key.startswith(s + "/")]
    return max(found, key=len) if found else None


def read_reports(
    folder: str | Path, *, ocr: str = "auto"
) -> tuple[dict[str, list[Unit]], dict[str, str]]:
    """Every PDF of ``folder`` extracted and parsed as ``normtrace ingest`` reads it: symbol ->
    its units in order, and symbol -> the reading's name (``pdf.pdfium.v2 /
    parse.unsc_doc.v2``: extractor and parser versions)."""
    from normtrace.ingest.extract import extract_text
    from normtrace.ingest.source import read_source
    from normtrace.parse.dispatch import parse_extracted

    out: dict[str, list[Unit]] = {}
    names: dict[str, str] = {}
    pdfs = sorted(Path(folder).glob("*.pdf"))
    if not pdfs:
        raise ConfigError(f"no PDF in {folder}: give the folder of the reports (corpus/reports)")
    for pdf in pdfs:
        source = read_source(pdf)
        extracted = extract_text(source, ocr=ocr)
        doc = parse_extracted(extracted, filename=pdf.name, file_symbol=source.file_symbol)
        if doc.symbol is None:
            raise ConfigError(f"{pdf}: no symbol read; the reading cannot be keyed")
        out[doc.symbol] = [Unit(p.key, p.kind, p.text, tuple(p.flags)) for p in doc.paragraphs]
        names[doc.symbol] = f"{extracted.extractor} / {doc.parser}"
    return out, names


def check_rows(
    rows: Sequence[Mapping[str, Any]], reading: Reading, *, text_field: str = "text"
) -> list[RowCheck]:
    """One :class:`RowCheck` per row of a document in ``reading`` (others are left out)."""
    out = []
    for i, row in enumerate(rows):
        key = str(row["key"])
        symbol = document_of(key, reading)
        if symbol is not None:
            out.append(_check(i, key, str(row[text_field]), reading[symbol]))
    return out


def _check(index: int, key: str, text: str, units: Sequence[Unit]) -> RowCheck:
    by_key = {u.key: u for u in units}
    if key in by_key and by_key[key].text == text:
        return RowCheck(index, key, "same", key, text)
    order = {u.key: i for i, u in enumerate(units)}
    exact = [u for u in units if u.text == text]
    if exact:
        chosen = _nearest(exact, order, key)
        if chosen is None:
            return RowCheck(index, key, "gone", how=f"the words stand {len(exact)} times")
        return RowCheck(index, key, "moved", chosen.key, text)
    best = _holder(text, units, by_key.get(key))
    if best is None:
        return RowCheck(index, key, "gone", how="no unit holds most of the labelled words")
    diff = _diff(text, best.text)
    how, explained = _how(diff, text, best, units)
    return RowCheck(index, key, "changed", best.key, best.text, how, diff, explained)


def _nearest(found: list[Unit], order: Mapping[str, int], key: str) -> Unit | None:
    """The unit nearest ``key``'s place (``None``: two equally near); a key the reading
    lacks has no place, so only a single unit is taken."""
    if len(found) == 1:
        return found[0]
    if key not in order:
        return None
    ranked = sorted(found, key=lambda u: abs(order[u.key] - order[key]))
    a, b = (abs(order[u.key] - order[key]) for u in ranked[:2])
    return ranked[0] if a < b else None


def _holder(text: str, units: Sequence[Unit], own: Unit | None) -> Unit | None:
    """The unit holding the largest share (at least :data:`HOLDS`) of the labelled words;
    the key's own unit wins a tie."""
    words = _WORD.findall(text)
    if not words:
        return None

    def held(unit: Unit) -> float:
        sm = difflib.SequenceMatcher(None, words, _WORD.findall(unit.text), autojunk=False)
        return sum(b.size for b in sm.get_matching_blocks()) / len(words)

    ranked = sorted(units, key=lambda u: (-held(u), u is not own))
    if not ranked or held(ranked[0]) < HOLDS:
        return None
    return ranked[0]


def _diff(old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    a, b = _WORD.findall(old), _WORD.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kinds = {"delete": "removed", "insert": "added", "replace": "replaced"}
    return tuple(
        (kinds[op], " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    )


def _how(
    diff: Sequence[tuple[str, str, str]], old: str, holder: Unit, units: Sequence[Unit]
) -> tuple[str, bool]:
    """What the change is (module doc) and whether it leaves the labelled reading intact: a
    heading is unglued when the words cut from the labelled text's end (start) are the whole
    text of the heading that now follows (precedes) the unit."""
    if not diff:  # the same words, spaced otherwise
        return "spacing", True
    kinds = {op for op, *_ in diff}
    if kinds != {"removed"}:
        return "words " + ("added" if kinds == {"added"} else "replaced"), False
    at = next(i for i, u in enumerate(units) if u.key == holder.key)
    before = units[at - 1] if at > 0 else None
    after = units[at + 1] if at + 1 < len(units) else None
    words = " ".join(_WORD.findall(old))
    named = []
    for _, gone, _ in diff:
        if all(is_furniture(w) for w in gone.split()):
            named.append("furniture removed")
        elif (after is not None and after.kind == "heading" and after.text == gone
              and words.endswith(" " + gone)) or (
              before is not None and before.kind == "heading" and before.text == gone
              and words.startswith(gone + " ")):  # fmt: skip
            named.append("heading unglued")
        else:
            return "words removed", False
    return " and ".join(sorted(set(named))), True


def describe(check: RowCheck, where: str = "") -> str:
    """One line for the row, then one per changed run (``-`` labelled words, ``+`` now)."""
    head = f"{where} row {check.row + 1} {check.key}: {check.status}"
    if check.key_now and check.key_now != check.key:
        head += f" -> {check.key_now}"
    if check.how:
        head += f" ({check.how}{'' if check.explained else '; not mended'})"
    lines = [head]
    for op, old, new in check.diff:
        lines.append(f"    {op}: -{old!r} +{new!r}")
    return "\n".join(lines)


def mend_row(row: Mapping[str, Any], check: RowCheck, reading_name: str, text_field: str = "text"
             ) -> dict[str, Any]:  # fmt: skip
    """The row with its unit found again (module doc); its labels are never touched.
    ``reading_name`` names the reading the unit was found in (``key_before`` says the key
    moved in it); a row mended before keeps its earlier steps and adds this one."""
    out = dict(row)
    if check.status == "same":
        return out
    if not check.stands:
        out["unplaced"] = {
            "reading": reading_name, "status": check.status, "how": check.how,
            "unit_now": check.key_now, "diff": [list(d) for d in check.diff],
        }  # fmt: skip
        return out
    key_now, text_now = str(check.key_now), str(check.text_now)
    old_key, old_text = str(row["key"]), str(row[text_field])
    if key_now != old_key:
        out["key"] = key_now
        step = {"key": old_key, "moved_in": reading_name}
        out["key_before"] = [*_steps(row.get("key_before")), step]
    if text_now != old_text:
        out[text_field] = text_now
        step = {"text": old_text, "changed_in": reading_name}
        out["text_before"] = [*_steps(row.get("text_before")), step]
        out["text_change"] = {"how": check.how, "diff": [list(d) for d in check.diff]}
    if isinstance(row.get("units"), list):  # the frames sets: the paragraph's stored units
        out["units"] = [
            {**u, "key": key_now, "text": text_now} if u.get("key") == old_key else u
            for u in row["units"]
        ]
    return out


def _steps(found: Any) -> list[Any]:
    return list(found) if isinstance(found, list) else []


def standing(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows whose labelled words stand (not recorded as ``unplaced``)."""
    return [r for r in rows if "unplaced" not in r]


def verify(
    rows: Sequence[Mapping[str, Any]], reading: Reading, *, text_field: str = "text",
    where: str = "the labelled set",
) -> None:  # fmt: skip
    """Raise :class:`~normtrace.errors.ConfigError` on the first row (not recorded as gone)
    whose key does not hold its labelled words in ``reading`` (module doc)."""
    for check in check_rows(rows, reading, text_field=text_field):
        if check.status == "same" or "unplaced" in rows[check.row]:
            continue
        found = f"its words now stand at {check.key_now}" if check.stands else check.how
        raise ConfigError(
            f"{where} row {check.row + 1} ({check.key}): the key no longer holds the labelled "
            f"words ({check.status}: {found}); run `python tools/labelled_units.py --mend` to "
            "re-key the set or record the change, never score it by key as it stands"
        )


def placed(
    rows: Sequence[Mapping[str, Any]], reading: Reading, *, text_field: str = "text",
    where: str = "the labelled set",
) -> list[tuple[Mapping[str, Any], Unit]]:  # fmt: skip
    """Each row not recorded as ``unplaced`` with the unit its key names in ``reading``, after
    :func:`verify`: what a score that reads the current parse by key takes. A row of a
    document the reading lacks is an error too (give the reading every report)."""
    verify(rows, reading, text_field=text_field, where=where)
    out = []
    for i, row in enumerate(rows):
        if "unplaced" in row:
            continue
        key = str(row["key"])
        symbol = document_of(key, reading)
        if symbol is None:
            raise ConfigError(
                f"{where} row {i + 1} ({key}): its document is not in the reading; read the "
                "folder of every report the set was drawn from"
            )
        out.append((row, next(u for u in reading[symbol] if u.key == key)))
    return out
