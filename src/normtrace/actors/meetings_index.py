"""The UN Library's index of Security Council meetings, 1946–2022.

Source: the Dag Hammarskjöld Library's "Security Council meetings" tables
(``scact<year>_table_en.html``; 2022 copies in GitHub
intreleng-research/unsc-dataset). Each row gives the meeting record, the date,
the press release, the topic and the outcome with the vote. Their traps:
trailing spaces in links, ``(closed)`` suffixes, ``none issued`` press
releases, resumptions as separate rows, spellings such as ``(Resumption1)``,
``(ResumptionI)`` and ``(PartI)``, and meetings on several items printed as one
meeting cell spanning several rows (``rowspan``). The 2020 table of
videoconferences (``scact2020_covid``) lists the meetings held in person from
July 2020 (with S/PV symbols) among outcomes adopted by written procedure
without a meeting record; only the former are meetings. The veto table is not
a meeting list and is skipped.

The bundled ``data/reference/meetings_index.csv`` is made from those tables by
``python -m normtrace.actors.meetings_index SHARED/corpus/meetings`` (see
:func:`write_index_csv`); :func:`load_index` reads it back.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import TextIO

from normtrace.errors import IngestError
from normtrace.parse.model import Document
from normtrace.parse.symbols import find_symbols

SOURCE = "UN Dag Hammarskjöld Library, Security Council meetings tables (scact<year>_table_en)"
_TABLE_FILE = re.compile(r"^scact(\d{4})(?:_covid)?_table_en\.html$")
_PV = re.compile(
    r"S/PV\.\s*(?P<n>\d+)\s*(?:\(?\s*(?P<kind>Resumption|Part)\s*(?P<r>[0-9IVX]*)\s*\)?)?",
    re.IGNORECASE,
)
_DATE = re.compile(r"(\d{1,2})\s*(?:-\s*\d{1,2}\s*)?([A-Z][a-z]+)")
_VOTE = re.compile(
    r"\b\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{1,2}(?:\s*-\s*\d{1,2})?\b|adopted unanimously|"
    r"adopted without (?:a )?vote|not adopted|vetoed",
    re.IGNORECASE,
)
_OLD_DOC = re.compile(r"(?<![\w/])S/\d{2,5}(?:/(?:Rev|Add|Corr)\.\s?\d+)*(?![\w/(])")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
COLUMNS = (
    "symbol",
    "number",
    "resumption",
    "date",
    "topic",
    "press_release",
    "outcomes",
    "votes",
    "closed",
    "source",
)


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting of the index (rows of the same meeting merged).

    ``votes`` is aligned with ``outcomes``: the vote printed after each outcome, or ``""``.
    """

    symbol: str
    number: int
    resumption: int | None
    date: str | None
    topics: tuple[str, ...]
    press_release: str | None
    outcomes: tuple[str, ...]
    votes: tuple[str, ...]
    closed: bool
    source: str

    @property
    def year(self) -> int | None:
        """The meeting's year."""
        return int(self.date[:4]) if self.date else None


class _TableParser(HTMLParser):
    """Rows of all tables as lists of cell texts, with rowspans carried down."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._carry: dict[int, tuple[int, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._close_cell()
            self._fill_carried()
            self._cell = []
            self._span = int(dict(attrs).get("rowspan") or 1)
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _fill_carried(self) -> None:
        assert self._row is not None
        while len(self._row) in self._carry:
            col = len(self._row)
            left, text = self._carry[col]
            self._row.append(text)
            if left <= 1:
                del self._carry[col]
            else:
                self._carry[col] = (left - 1, text)

    def _close_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self._cell)).strip()
        if self._span > 1:
            self._carry[len(self._row)] = (self._span - 1, text)
        self._row.append(text)
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            self._fill_carried()
            if any(self._row):
                self.rows.append(self._row)
        self._row = None


def _columns(header: Sequence[str]) -> dict[str, int]:
    names: dict[str, int] = {}
    for i, cell in enumerate(header):
        low = cell.lower()
        for key in ("meeting", "date", "press", "topic"):
            if key in low and key not in names:
                names[key] = i
        if "outcome" in low and ("security council" in low or "outcome" not in names):
            names["outcome"] = i  # the covid table also has a "Letter with Vote Outcome" column
    return names


def parse_meeting_symbol(text: str) -> tuple[int, int | None, bool] | None:
    """``(number, resumption, closed)`` from a meeting cell, or ``None`` if it names none.

    >>> parse_meeting_symbol("S/PV.7052 (Resumption1) ")
    (7052, 1, False)
    >>> parse_meeting_symbol("S/PV.7079 (closed)")
    (7079, None, True)
    """
    m = _PV.search(text)
    if not m:
        return None
    resumption = None
    if m["kind"]:
        raw = m["r"] or "1"
        resumption = int(raw) if raw.isdigit() else _ROMAN.get(raw.upper(), 1)
    return int(m["n"]), resumption, "closed" in text.lower()


def _iso_date(text: str, year: int) -> str | None:
    """``1 Sep.``, ``13 December``, ``12-13 June`` (first day) → ISO date in ``year``."""
    m = _DATE.search(text)
    if not m:
        return None
    month = m[2][:3]
    try:
        return datetime.strptime(f"{m[1]} {month} {year}", "%d %b %Y").date().isoformat()
    except ValueError:
        return None


def parse_table_html(html: str, year: int, source: str) -> list[MeetingEntry]:
    """Meetings listed in one library table page of ``year``."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    cols: dict[str, int] = {}
    raw: dict[str, list[MeetingEntry]] = {}
    for row in parser.rows:
        if not cols or ("date" in " ".join(row).lower() and "topic" in " ".join(row).lower()):
            found = _columns(row)
            if {"meeting", "date", "topic"} <= set(found):
                cols = found
            continue
        entry = _row_entry(row, cols, year, source)
        if entry is None and raw and not _cell(row, cols, "meeting").strip():
            # a further item of the meeting above, printed with empty meeting and date cells
            last = next(reversed(raw))
            further = _row_entry(row, cols, year, source, symbol_cell=last)
            entry = replace(further, date=raw[last][0].date) if further else None
        if entry is not None:
            raw.setdefault(entry.symbol, []).append(entry)
    return [_merge(entries) for entries in raw.values()]


def _cell(row: Sequence[str], cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    return row[i] if i is not None and i < len(row) else ""


def _row_entry(
    row: Sequence[str], cols: dict[str, int], year: int, source: str, *, symbol_cell: str = ""
) -> MeetingEntry | None:
    parsed = parse_meeting_symbol(symbol_cell or _cell(row, cols, "meeting"))
    if parsed is None:
        return None
    number, resumption, closed = parsed
    symbol = f"S/PV.{number}" + (f" (Resumption {resumption})" if resumption else "")
    press = _cell(row, cols, "press").strip()
    outcomes, votes = _outcomes(_cell(row, cols, "outcome"))
    topic = re.sub(r"\s+", " ", _cell(row, cols, "topic")).strip()
    return MeetingEntry(
        symbol,
        number,
        resumption,
        _iso_date(_cell(row, cols, "date"), year),
        (topic,) if topic else (),
        None if press.lower() in ("", "none issued", "--") else press,
        outcomes,
        votes,
        closed,
        source,
    )


def _outcomes(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Outcome symbols and, aligned with them, the vote printed after each (or ``""``)."""
    found = [(start, str(s)) for start, _, s in find_symbols(cell) if s.kind != "verbatim"]
    taken = {start for start, _ in found}
    for m in _OLD_DOC.finditer(cell):  # pre-1994 drafts: S/968, S/21742/Rev.1
        if m.start() not in taken:
            found.append((m.start(), re.sub(r"\s+", "", m.group(0))))
    found.sort()
    votes = ["" for _ in found]
    for v in _VOTE.finditer(cell):
        before = [i for i, (start, _) in enumerate(found) if start < v.start()]
        if before:
            votes[before[-1]] = f"{votes[before[-1]]} {v.group(0)}".strip()
    pairs: dict[str, str] = {}
    for (_, symbol), vote in zip(found, votes, strict=True):
        pairs[symbol] = pairs.get(symbol) or vote
    return tuple(pairs), tuple(pairs.values())


def _merge(entries: list[MeetingEntry]) -> MeetingEntry:
    first = entries[0]
    pairs: dict[str, str] = {}
    for e in entries:
        for i, symbol in enumerate(e.outcomes):
            vote = e.votes[i] if i < len(e.votes) else ""
            pairs[symbol] = pairs.get(symbol) or vote
    return MeetingEntry(
        first.symbol,
        first.number,
        first.resumption,
        first.date,
        tuple(dict.fromkeys(t for e in entries for t in e.topics)),
        next((e.press_release for e in entries if e.press_release), None),
        tuple(pairs),
        tuple(pairs.values()),
        any(e.closed for e in entries),
        first.source,
    )


def parse_library_tables(folder: str | Path) -> list[MeetingEntry]:
    """All meetings in the ``scact<year>_table_en.html`` files of ``folder``, in symbol order.

    Raises:
        IngestError: the folder holds no library tables.
    """
    root = Path(folder)
    files = sorted(p for p in root.glob("scact*_table_en.html") if _TABLE_FILE.match(p.name))
    if not files:
        raise IngestError("no scact<year>_table_en.html files here", path=root)
    out: dict[str, MeetingEntry] = {}
    for path in files:
        year = int(_TABLE_FILE.match(path.name)[1])  # type: ignore[index]
        html = path.read_text(encoding="utf-8", errors="replace")
        for entry in parse_table_html(html, year, path.name):
            out[entry.symbol] = _merge([out[entry.symbol], entry]) if entry.symbol in out else entry
    return sorted(out.values(), key=lambda e: (e.number, e.resumption or 0))


def write_index_csv(entries: Iterable[MeetingEntry], out: TextIO) -> None:
    """Write the compact index CSV (lists joined with ``; ``, topics with `` | ``)."""
    out.write(f"# Security Council meetings 1946-2022 from the {SOURCE}.\n")
    out.write("# Generated by `python -m normtrace.actors.meetings_index <folder>`; do not edit.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.symbol,
                e.number,
                e.resumption or "",
                e.date or "",
                " | ".join(e.topics),
                e.press_release or "",
                "; ".join(e.outcomes),
                "; ".join(e.votes),
                int(e.closed),
                e.source,
            ]
        )


def _split(value: str, sep: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(sep) if v) if value else ()


def read_index_csv(text: str) -> list[MeetingEntry]:
    """Parse the index CSV written by :func:`write_index_csv`."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    return [
        MeetingEntry(
            r["symbol"],
            int(r["number"]),
            int(r["resumption"]) if r["resumption"] else None,
            r["date"] or None,
            _split(r["topic"], " | "),
            r["press_release"] or None,
            _split(r["outcomes"], "; "),
            tuple(r["votes"].split("; ")) if r["outcomes"] else (),
            r["closed"] == "1",
            r["source"],
        )
        for r in csv.DictReader(io.StringIO("".join(lines)))
    ]


def load_index(folder: str | Path | None = None) -> list[MeetingEntry]:
    """The meeting index: parsed from ``folder``'s HTML tables, else the bundled CSV."""
    if folder is not None:
        return parse_library_tables(folder)
    return list(_bundled_index())


@functools.cache
def _bundled_index() -> tuple[MeetingEntry, ...]:
    """The bundled CSV, read once per process (entries are immutable)."""
    ref = resources.files("normtrace") / "data" / "reference" / "meetings_index.csv"
    return tuple(read_index_csv(ref.read_text(encoding="utf-8")))


@functools.cache
def _adoptions() -> dict[int, tuple[str, str]]:
    """Resolution number -> (its symbol, the date of the meeting that adopted it), from the
    bundled index. A number the index gives two different meetings or symbols (S/RES/701
    (1991) is also listed at the meeting that adopted 695) is left out: the index cannot settle
    its date."""
    seen: dict[int, set[tuple[str, str]]] = {}
    for entry in _bundled_index():
        for outcome in entry.outcomes:
            found = _RESOLUTION.match(outcome)
            if found and entry.date:
                seen.setdefault(int(found[1]), set()).add((outcome, entry.date))
    return {n: next(iter(v)) for n, v in seen.items() if len(v) == 1}


_RESOLUTION = re.compile(r"^S/RES/(\d+) \((\d{4})\)$")


def check_adoption_date(document: Document) -> Document:
    """A resolution whose date disagrees with the year of its symbol, checked against the
    bundled UN Library index.

    The text's date can be misread (``S/RES/48 (1948)``: "23 April 1943", an OCR slip): when
    the index dates the same symbol in the symbol's year, its date is taken
    (``meta.date_source = "library_index"``, the text's date kept as ``meta.text_date``). The
    symbol can be wrong instead (a file named ``S-RES-231(1965)`` holds resolution 231 (1966)):
    when the index names the number with another year and the text's date, the document is
    left as it is and a warning names the index's symbol. A resolution whose text prints no
    date takes the index's. Anything else is left alone: the index gives the day a meeting
    began, and a resolution adopted after midnight is rightly dated the next day.
    """
    found = _RESOLUTION.match(document.symbol)
    if document.doc_type != "resolution" or not found:
        return document
    year = int(found[2])
    listed = _adoptions().get(int(found[1]))
    if listed is None or (document.date or "")[:4] == str(year):
        return document
    symbol, date = listed
    if not document.date:  # the text prints no date: the meeting that adopted it
        if symbol != document.symbol:
            return document
        meta = {**document.meta, "date_source": "library_index"}
        warning = f"no date in the text; the UN Library meeting index dates it {date}"
        return replace(document, date=date, year=year, meta=meta,
                       warnings=(*document.warnings, warning))  # fmt: skip
    if symbol == document.symbol and date[:4] == str(year):
        warning = (f"the text's date {document.date} disagrees with the year of the symbol; "
                   f"the UN Library meeting index dates it {date} (taken)")  # fmt: skip
        meta = {**document.meta, "date_source": "library_index", "text_date": document.date}
        kept = tuple(w for w in document.warnings if not w.startswith(f"date {document.date} "))
        return replace(document, date=date, year=year, meta=meta, warnings=(*kept, warning))
    if symbol != document.symbol and date == document.date:
        warning = (f"the UN Library meeting index lists this resolution as {symbol}, adopted "
                   f"{date}: the year in its symbol looks wrong (from the file name?)")  # fmt: skip
        return replace(document, warnings=(*document.warnings, warning))
    return document


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the bundled CSV: ``python -m normtrace.actors.meetings_index FOLDER [OUT]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    default = Path(__file__).resolve().parent.parent / "data" / "reference" / "meetings_index.csv"
    target = Path(args[1]) if len(args) > 1 else default
    with target.open("w", encoding="utf-8", newline="") as fh:
        write_index_csv(parse_library_tables(args[0]), fh)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
