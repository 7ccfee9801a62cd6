"""Census of what a change to PDF extraction or parsing does to every PDF it reads.

``dump`` extracts and parses every PDF under the given folders (default: ``SHARED``'s
``corpus/`` and ``reference/``, and ``tests/fixtures/``) exactly as ``normtrace ingest``
does (:func:`normtrace.pipeline.parse_source`) and writes one JSON file per PDF into
``OUT``: the extractor, each page's text, and the document's units (key, kind, text,
number, label, parent, section, flags, page; a speech's speaker, affiliation, header and
paragraphs), title, date and meta; a file that fails to read is written with its error.
``diff`` compares two such folders unit by unit (by key, then by text: a unit whose
key changed but whose text is unchanged is ``rekeyed``) and prints every changed unit,
grouped per folder of origin ("corpus"), with counts.

Run before and after a change (``python tools/parse_census.py dump /tmp/me/before``, then
``... dump /tmp/me/after``, ``python tools/parse_census.py diff /tmp/me/before
/tmp/me/after``). ``--ocr`` is passed on (``auto`` reads the scanned reports with
Tesseract; its page cache makes a second run fast).

``split`` prints the random halves of the report PDFs used when writing a layout rule
(``--seed``): rules are written on ``write`` and measured on ``measure``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from normtrace.errors import NormtraceError
from normtrace.ingest.extract import extract_text
from normtrace.ingest.source import read_source
from normtrace.parse.model import Document
from normtrace.pipeline import parse_source

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: the seed of the halves of the 53 report PDFs (stop 47's heading/sub-heading rule)
SPLIT_SEED = 47003


def pdfs(folders: list[Path]) -> list[Path]:
    """Every PDF under ``folders``, sorted."""
    found: list[Path] = []
    for folder in folders:
        found.extend(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf")
    return sorted(found)


def _corpus(path: Path) -> str:
    """The folder a PDF is counted under: ``reports``, ``verbatim``, ``fixtures``, ..."""
    parts = path.parts
    if "fixtures" in parts:
        return "fixtures"
    return path.parent.name


def _name(path: Path) -> str:
    return f"{_corpus(path)}__{path.parent.name}__{path.stem}.json"


def _document(doc: Document) -> dict[str, Any]:
    out = asdict(doc)
    meta = dict(out.get("meta") or {})
    ocr = meta.get("ocr")
    if isinstance(ocr, dict):
        meta["ocr"] = {k: v for k, v in ocr.items() if k != "mean_confidence"}
    out["meta"] = meta
    return out


def dump(out: Path, folders: list[Path], ocr: str) -> int:
    """Write one JSON file per PDF into ``out``; returns the number of PDFs read."""
    out.mkdir(parents=True, exist_ok=True)
    files = pdfs(folders)
    for path in files:
        record: dict[str, Any] = {"path": str(path), "corpus": _corpus(path)}
        try:
            source = read_source(path)
            extracted = extract_text(source, ocr=ocr)
            record["extractor"] = extracted.extractor
            record["pages"] = [p.text for p in extracted.pages]
            document, _ = parse_source(source, ocr=ocr)
            record["document"] = _document(document)
        except NormtraceError as exc:
            record["error"] = str(exc)
        (out / _name(path)).write_text(json.dumps(record, ensure_ascii=False, indent=1))
        print(f"{path.name}: {'error' if 'error' in record else 'ok'}", file=sys.stderr)
    return len(files)


def units(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A dumped document's units in order: paragraphs, speeches and speech paragraphs."""
    doc = record.get("document") or {}
    found: list[dict[str, Any]] = list(doc.get("paragraphs") or [])
    for speech in doc.get("speeches") or []:
        found.append({k: v for k, v in speech.items() if k != "paragraphs"})
        found.extend(speech.get("paragraphs") or [])
    return found


#: what a unit reads as: aligned on these, the other fields are compared after
_READS = ("kind", "text", "flags", "number", "label", "speaker", "affiliation", "header")


def _fields(unit: dict[str, Any]) -> dict[str, Any]:
    return {k: unit.get(k) for k in _READS if k in unit}


def _rest(unit: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in unit.items() if k not in (*_READS, "key", "order", "index")}


def _show(unit: dict[str, Any]) -> str:
    flags = ",".join(unit.get("flags") or ())
    kind = unit.get("kind", "speech") + (f"[{flags}]" if flags else "")
    return f"{unit['key'].rsplit('/', 1)[-1]} {kind} p{unit.get('page')}: {unit['text'][:150]!r}"


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(change, where, detail) for what differs between two dumps of one PDF.

    Units are aligned in document order by what they read (:data:`_READS`: kind, text,
    flags, number, label; a speech's speaker) with :class:`difflib.SequenceMatcher`:
    ``gone`` / ``new`` / ``replaced`` units are listed one by one; of the aligned units,
    those whose key changed are counted as ``rekeyed`` (one line per document, with the
    first few), those whose other fields (section, parent, page) changed as ``field``, per
    field; document-level ``document`` changes (title, date, type,
    meta, warnings, error, extractor) are listed."""
    changes: list[tuple[str, str, str]] = []
    for field in ("error", "extractor"):
        if before.get(field) != after.get(field):
            changes.append(("document", field, f"{before.get(field)!r} -> {after.get(field)!r}"))
    db, da = before.get("document") or {}, after.get("document") or {}
    for field in ("symbol", "doc_type", "title", "date", "meeting", "meta", "warnings"):
        if db.get(field) != da.get(field):
            changes.append(("document", field, f"{db.get(field)!r} -> {da.get(field)!r}"))
    old, new = units(before), units(after)
    sig_old = [json.dumps(_fields(u), sort_keys=True) for u in old]
    sig_new = [json.dumps(_fields(u), sort_keys=True) for u in new]
    matcher = difflib.SequenceMatcher(None, sig_old, sig_new, autojunk=False)
    rekeyed: list[str] = []
    moved: Counter[str] = Counter()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                if a["key"] != b["key"]:
                    rekeyed.append(f"{a['key'].rsplit('/', 1)[-1]}->{b['key'].rsplit('/', 1)[-1]}")
                ra, rb = _rest(a), _rest(b)
                moved.update(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))
            continue
        where = f"#{i1}"
        for u in old[i1:i2]:
            changes.append(("gone" if op == "delete" else "replaced", where, "- " + _show(u)))
        for u in new[j1:j2]:
            changes.append(("new" if op == "insert" else "replaced", where, "+ " + _show(u)))
    for name, count in sorted(moved.items()):
        changes.append(("field", f"{count} units", f"same words, other {name}"))
    if rekeyed:
        shown = ", ".join(rekeyed[:6]) + (" ..." if len(rekeyed) > 6 else "")
        changes.append(("rekeyed", f"{len(rekeyed)} units", shown))
    return changes


def diff(before: Path, after: Path) -> int:
    """Print every changed unit per document and the counts per corpus; returns the number
    of documents that changed."""
    per_corpus: dict[str, Counter[str]] = {}
    changed_docs = 0
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"== {name}: only {'before' if a.exists() else 'after'}")
            changed_docs += 1
            continue
        ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
        counts = per_corpus.setdefault(ra["corpus"], Counter())
        counts["documents"] += 1
        counts["units before"] += len(units(ra))
        counts["units after"] += len(units(rb))
        pages_changed = ra.get("pages") != rb.get("pages")
        changes = compare(ra, rb)
        if changes or pages_changed:
            changed_docs += 1
            counts["documents changed"] += 1
            print(f"== {name}" + (" (page text changed)" if pages_changed else ""))
            for what, where, detail in changes:
                counts[what] += int(where.split()[0]) if what in ("rekeyed", "field") else 1
                print(f"  {what:8} {where}  {detail}")
    print()
    for corpus, counts in sorted(per_corpus.items()):
        print(f"{corpus}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return changed_docs


def halves(names: list[str], seed: int = SPLIT_SEED) -> dict[str, str]:
    """Report file stem -> ``write`` or ``measure``: the first half of a seeded shuffle of
    the sorted stems is ``write``."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    cut = len(order) // 2
    return {n: ("write" if i < cut else "measure") for i, n in enumerate(order)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("folders", type=Path, nargs="*")
    d.add_argument("--ocr", default="auto", choices=("auto", "never", "force"))
    f = sub.add_parser("diff")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    s = sub.add_parser("split")
    s.add_argument("--seed", type=int, default=SPLIT_SEED)
    args = parser.parse_args(argv)
    if args.command == "dump":
        folders = args.folders or [SHARED / "corpus", SHARED / "reference", ROOT / "tests/fixtures"]
        print(f"{dump(args.out, folders, args.ocr)} PDFs", file=sys.stderr)
        return 0
    if args.command == "diff":
        diff(args.before, args.after)
        return 0
    stems = [p.stem for p in pdfs([SHARED / "corpus" / "reports"])]
    for stem, half in sorted(halves(stems, args.seed).items(), key=lambda kv: (kv[1], kv[0])):
        print(half, stem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
