"""UN document symbols: recognize them in file names and text, in one canonical form.

Canonical forms::

    S/RES/2098 (2013)          resolution
    S/PV.8703                  verbatim record
    S/PV.8699 (Resumption 1)   resumed meeting
    S/2013/119                 report, letter, note (S/yyyy/nnn)
    S/25704                    pre-1994 document number
    S/PRST/2013/4              presidential statement

Suffixes such as ``/Add.1``, ``/Rev.1`` and ``/Corr.1`` are kept.

>>> str(parse_symbol("S/PV.8699(Resumption1)"))
'S/PV.8699 (Resumption 1)'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("resolution", "verbatim", "document", "prst")

_SUFFIX = r"(?P<suffix>(?:\s*/\s*(?:Add|Rev|Corr|Amend)\.\s*\d+)*)"
_RES = re.compile(
    r"S\s*/\s*RES\s*/\s*(?P<number>\d{1,5})\s*\(\s*(?P<year>(?:19|20)\d\d)\s*\)" + _SUFFIX
)
_RES_BARE = re.compile(r"S\s*/\s*RES\s*/\s*(?P<number>\d{1,5})(?![\d(])" + _SUFFIX)
_PV = re.compile(
    r"S\s*/\s*PV\.\s*(?P<number>\d{1,5})"
    r"(?:\s*\(\s*(?P<resumption>Resumption|Part)\s*(?P<rnum>\d+)?\s*\))?" + _SUFFIX,
    re.IGNORECASE,
)
_PRST = re.compile(
    r"S\s*/\s*PRST\s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<number>\d{1,4})" + _SUFFIX
)
_DOC = re.compile(r"S\s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<number>\d{1,5})" + _SUFFIX)
# A pre-1994 number may be followed by a suffix (S/25704/Add.1) but by no other slash.
_DOC_OLD = re.compile(
    r"S\s*/\s*(?P<number>\d{3,5})(?!\d)(?!\s*/(?!\s*(?:Add|Rev|Corr|Amend)\.))" + _SUFFIX
)
_ANY = re.compile(
    "|".join(
        f"(?P<{name}>{rx.pattern})".replace("?P<number>", f"?P<{name}_n>")
        .replace("?P<year>", f"?P<{name}_y>")
        .replace("?P<suffix>", f"?P<{name}_s>")
        .replace("?P<resumption>", f"?P<{name}_r>")
        .replace("?P<rnum>", f"?P<{name}_rn>")
        for name, rx in (("res", _RES), ("prst", _PRST), ("pv", _PV), ("doc", _DOC))
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Symbol:
    """A parsed UN Security Council document symbol."""

    kind: str
    number: int
    year: int | None = None
    resumption: int | None = None
    suffix: str = ""

    def __str__(self) -> str:
        if self.kind == "resolution":
            base = f"S/RES/{self.number} ({self.year})" if self.year else f"S/RES/{self.number}"
        elif self.kind == "verbatim":
            base = f"S/PV.{self.number}"
            if self.resumption is not None:
                base += f" (Resumption {self.resumption})"
        elif self.kind == "prst":
            base = f"S/PRST/{self.year}/{self.number}"
        elif self.year is not None:
            base = f"S/{self.year}/{self.number}"
        else:
            base = f"S/{self.number}"
        return base + self.suffix


def _norm_suffix(raw: str | None) -> str:
    if not raw:
        return ""
    parts = re.findall(r"(Add|Rev|Corr|Amend)\.\s*(\d+)", raw)
    return "".join(f"/{name}.{num}" for name, num in parts)


def _from_match(kind: str, m: re.Match[str], prefix: str = "") -> Symbol:
    g = m.groupdict()
    year = g.get(prefix + "y" if prefix else "year")
    num = g[prefix + "n" if prefix else "number"]
    suffix = _norm_suffix(g.get(prefix + "s" if prefix else "suffix"))
    resumption: int | None = None
    if kind == "verbatim" and g.get(prefix + "r" if prefix else "resumption"):
        resumption = int(g.get(prefix + "rn" if prefix else "rnum") or 1)
    return Symbol(kind, int(num), int(year) if year else None, resumption, suffix)


def parse_symbol(text: str) -> Symbol:
    """Parse one symbol written in any usual spelling.

    Raises:
        ValueError: if ``text`` is not a Security Council document symbol.

    >>> parse_symbol("S/RES/2098(2013)")
    Symbol(kind='resolution', number=2098, year=2013, resumption=None, suffix='')
    """
    s = text.strip()
    for kind, rx in (("resolution", _RES), ("prst", _PRST), ("verbatim", _PV), ("document", _DOC)):
        m = rx.fullmatch(s)
        if m:
            return _from_match(kind, m)
    for kind, rx in (("resolution", _RES_BARE), ("document", _DOC_OLD)):
        m = rx.fullmatch(s)
        if m:
            return _from_match(kind, m)
    raise ValueError(
        f"not a Security Council symbol: {text!r} "
        "(expected e.g. S/RES/2098 (2013), S/PV.8703, S/2013/119 or S/PRST/2013/4)"
    )


def canonical(text: str) -> str:
    """Return the canonical spelling of a symbol (see :func:`parse_symbol`)."""
    return str(parse_symbol(text))


_FN_CORPUS = re.compile(r"UNSC_(?P<y>\d{4})_SPV\.(?P<n>\d+)(?P<res>[A-Za-z]*\d*)_spch(?P<s>\d+)")
_FN_RES = re.compile(r"S[-_]RES[-_](?P<n>\d+)\s*\((?P<y>\d{4})\)")
_FN_PV = re.compile(
    r"S[-_]PV[._-](?P<n>\d+)(?:\s*\(\s*(?:Resumption|Resum|Part)\s*(?P<r>\d+)?\s*\))?",
    re.IGNORECASE,
)
_FN_PRST = re.compile(r"S[-_]PRST[-_](?P<y>\d{4})[-_](?P<n>\d+)")
_FN_DOC = re.compile(r"S[-_](?P<y>(?:19|20)\d\d)[-_](?P<n>\d+)")


@dataclass(frozen=True)
class FileSymbol:
    """What a file name says: the document symbol and, for corpus files, the speech."""

    symbol: Symbol
    speech: int | None = None
    corpus_year: int | None = None


def symbol_from_filename(name: str) -> FileSymbol | None:
    """Guess the symbol from a file name such as ``S_PV.8703_E.pdf``; ``None`` if none.

    >>> str(symbol_from_filename("S-RES-2098(2013).txt").symbol)
    'S/RES/2098 (2013)'
    """
    stem = name.rsplit("/", 1)[-1]
    m = _FN_CORPUS.search(stem)
    if m:
        res = m["res"]
        resumption = int(re.sub(r"\D", "", res) or 1) if res else None
        sym = Symbol("verbatim", int(m["n"]), None, resumption)
        return FileSymbol(sym, speech=int(m["s"]), corpus_year=int(m["y"]))
    m = _FN_RES.search(stem)
    if m:
        return FileSymbol(Symbol("resolution", int(m["n"]), int(m["y"])))
    m = _FN_PRST.search(stem)
    if m:
        return FileSymbol(Symbol("prst", int(m["n"]), int(m["y"])))
    m = _FN_PV.search(stem)
    if m:
        resumption = int(m["r"] or 1) if "(" in m.group(0) else None
        return FileSymbol(Symbol("verbatim", int(m["n"]), None, resumption))
    m = _FN_DOC.search(stem)
    if m:
        return FileSymbol(Symbol("document", int(m["n"]), int(m["y"])))
    return None


def find_symbols(text: str) -> Iterator[tuple[int, int, Symbol]]:
    """Yield ``(start, end, symbol)`` for every explicit symbol written in ``text``."""
    for m in _ANY.finditer(text):
        kind = {"res": "resolution", "prst": "prst", "pv": "verbatim", "doc": "document"}[
            m.lastgroup or "doc"
        ]
        prefix = {"resolution": "res_", "prst": "prst_", "verbatim": "pv_", "document": "doc_"}[
            kind
        ]
        yield m.start(), m.end(), _from_match(kind, m, prefix)


#: A resolution named by number after the word "resolution(s)": the number with its year
#: ("1702 (2006)"), or a number of three or four digits without one ("1756").
_RES_NUMBER = r"(?:\d{1,4}\s*\(\s*(?:19|20)\d\d\s*\)|\d{3,4}\b)"
_RES_LIST = re.compile(
    rf"\bresolutions?\s+(?P<list>{_RES_NUMBER}(?:\s*(?:,|and|,\s*and)\s*{_RES_NUMBER})*)",
    re.IGNORECASE,
)
_RES_ITEM = re.compile(r"(?P<number>\d{1,4})(?:\s*\(\s*(?P<year>(?:19|20)\d\d)\s*\))?")


@dataclass(frozen=True)
class NamedResolution:
    """One resolution named by number in running text (:func:`named_resolutions`)."""

    start: int
    end: int
    number: int
    #: its own year, or the year of the next number of its list ("1743 and 1780 (2007)");
    #: ``None`` when no year follows it in the list ("and resolution 1840")
    year: int | None

    def symbol(self) -> str | None:
        """``S/RES/n (year)``, or ``None`` without a year (the symbol cannot be written)."""
        return None if self.year is None else f"S/RES/{self.number} ({self.year})"


def named_resolutions(text: str) -> Iterator[tuple[tuple[int, int], list[NamedResolution]]]:
    """Every list of resolutions named by number in ``text``: its span (the numbers, years
    and the commas and "and" between them, not the word "resolutions") and its items.

    The one rule of what names a resolution by number (:func:`citation_spans` and
    :func:`cited_symbols` read it). A year written after the last of several numbers is
    theirs, as the Council writes "resolutions 1743 and 1780 (2007)", when the numbers
    before it are lower (resolutions are numbered in order of adoption).

    >>> text = "its resolutions 1702 (2006), 1743 and 1780 (2007), and resolution 1840"
    >>> [(r.number, r.year) for _, items in named_resolutions(text) for r in items]
    [(1702, 2006), (1743, 2007), (1780, 2007), (1840, None)]
    """
    for m in _RES_LIST.finditer(text):
        offset = m.start("list")
        items: list[NamedResolution] = []
        for item in _RES_ITEM.finditer(m["list"]):
            year = int(item["year"]) if item["year"] else None
            items.append(
                NamedResolution(offset + item.start(), offset + item.end(), int(item[1]), year)
            )
        for i in range(len(items) - 2, -1, -1):
            here, after = items[i], items[i + 1]
            if here.year is None and after.year is not None and here.number < after.number:
                items[i] = NamedResolution(here.start, here.end, here.number, after.year)
        yield m.span("list"), items


@lru_cache(maxsize=8192)
def citation_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` cites a document, ``(start, end)`` in order, overlaps merged: every
    explicit symbol (:func:`find_symbols`) and every list of resolutions named by number (the
    numbers, years and the commas and "and" between them, not the word "resolutions"). The
    words of a citation name a document; nobody's wording is in them. Kept per text (the
    credit of every link of a unit asks again: 340,000 times for the four bundled cases).

    >>> text = "Recalling resolutions 1702 (2006) and 1743 (2007), resolution 1756 and S/2007/503"
    >>> [text[a:b] for a, b in citation_spans(text)]
    ['1702 (2006) and 1743 (2007)', '1756', 'S/2007/503']
    """
    spans = sorted(
        [(a, b) for a, b, _ in find_symbols(text)] + [span for span, _ in named_resolutions(text)]
    )
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def cited_symbols(text: str) -> tuple[str, ...]:
    """Canonical symbols cited in ``text``, in order of first mention, without repeats.

    Counts explicit symbols and resolutions named by number (:func:`named_resolutions`) that
    carry a year, their own or their list's; one named without any year is a citation
    (:func:`citation_spans`) whose symbol the text does not give.

    >>> cited_symbols("Recalling its resolutions 2053 (2012) and 1991 (2011), and S/2013/119")
    ('S/RES/2053 (2012)', 'S/RES/1991 (2011)', 'S/2013/119')
    >>> cited_symbols("its resolutions 1702 (2006), 1743 and 1780 (2007), and resolution 1840")
    ('S/RES/1702 (2006)', 'S/RES/1743 (2007)', 'S/RES/1780 (2007)')
    """
    found: list[tuple[int, str]] = [(s, str(sym)) for s, _, sym in find_symbols(text)]
    for _, items in named_resolutions(text):
        found += [(r.start, sym) for r in items if (sym := r.symbol()) is not None]
    seen: dict[str, None] = {}
    for _, sym in sorted(found):
        seen.setdefault(sym, None)
    return tuple(seen)
