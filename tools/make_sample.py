"""Rebuild the sample corpus bundled in the package (src/normtrace/data/sample/).

The sample is real UN documents only, copied from ../shared:

* every Security Council resolution 2003–2015 adopted at a meeting whose topic in the
  UN Library's meeting tables (scact<year>_table_en.html) names one of the four
  stability-operation cases: Haiti, the Democratic Republic of the Congo, Mali,
  the Central African Republic;
* the three verbatim-record PDFs of January 2020 (S/PV.8698, 8701, 8703);
* two small Secretary-General reports on MINUSTAH (S/2004/698, S/2005/302), the ones
  whose wording enters the renewals S/RES/1576 (2004) and S/RES/1608 (2005), so the
  demo can show Secretariat provenance (``normtrace secretariat``).

Run: ``python tools/make_sample.py [SHARED_DIR]`` (default ../shared).
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

CASE_TOPICS = re.compile(
    r"Haiti|Democratic Republic of the Congo|\bCongo\b|\bMali\b|Central African Republic",
    re.IGNORECASE,
)
ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL | re.IGNORECASE)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL | re.IGNORECASE)
RES = re.compile(r"S/RES/(\d+)\s*\((\d{4})\)")
REPORTS = ("MINUSTAH_S_2004_698.pdf", "MINUSTAH_S_2005_302.pdf")


def case_resolutions(meetings: Path, years: range) -> list[tuple[int, int]]:
    """(number, year) of resolutions adopted at meetings on the four cases' topics."""
    found: set[tuple[int, int]] = set()
    for year in years:
        page = (meetings / f"scact{year}_table_en.html").read_text(
            encoding="utf-8", errors="replace"
        )
        for row in ROW.findall(page):
            cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)) for c in CELL.findall(row)]
            if len(cells) >= 5 and CASE_TOPICS.search(cells[3]):
                found.update((int(n), int(y)) for n, y in RES.findall(cells[4]))
    return sorted(found)


def main(shared: Path) -> None:
    """Copy the sample from ``shared`` into the package."""
    out = Path(__file__).resolve().parent.parent / "src" / "normtrace" / "data" / "sample"
    (out / "resolutions").mkdir(parents=True, exist_ok=True)
    (out / "verbatim").mkdir(parents=True, exist_ok=True)
    picked = case_resolutions(shared / "corpus" / "meetings", range(2003, 2016))
    for number, year in picked:
        name = f"S-RES-{number}({year}).txt"
        shutil.copy2(shared / "corpus" / "resolutions" / name, out / "resolutions" / name)
    for pdf in sorted((shared / "corpus" / "verbatim").glob("*.pdf")):
        shutil.copy2(pdf, out / "verbatim" / pdf.name)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    for name in REPORTS:
        shutil.copy2(shared / "corpus" / "reports" / name, out / "reports" / name)
    print(
        f"{len(picked)} resolutions, 3 verbatim records and {len(REPORTS)} reports copied to {out}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared")
