"""OCR of scanned PDFs with Tesseract (issue 13: one in ten real reports is a scan).

The fixture is pages 1–2 of the real scanned report S/2005/310 (UNMISET), copied from
``../shared/corpus/reports/UNMISET_S_2005_310.pdf``; it has no text layer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from normtrace import Project
from normtrace.cli import cli
from normtrace.errors import ExtractionError
from normtrace.ingest import ocr
from normtrace.ingest.pdf import EXTRACTOR, OCR_EXTRACTOR, extract_pdf

SCAN = "ocr/UNMISET_S_2005_310_p1-2.pdf"

# SYNTHETIC: Tesseract's TSV for two words on one line and one on the next (300 dpi).
_TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t300\t600\t200\t40\t96.5\tSecurity\n"
    "5\t1\t1\t1\t1\t2\t520\t600\t180\t50\t91.5\tCouncil\n"
    "5\t1\t1\t1\t2\t1\t300\t700\t120\t40\t80.0\t$/2005/310\n"
)


@pytest.fixture(autouse=True)
def _empty_ocr_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests test Tesseract itself: an empty cache, not the session's seeded one."""
    monkeypatch.setenv("NORMTRACE_OCR_CACHE", str(tmp_path / "empty-ocr-cache"))


def _requires_tesseract() -> None:
    if ocr.tesseract_version() is None:
        pytest.skip("Tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")


def test_tsv_lines_become_pdf_geometry() -> None:
    page = ocr._page(0, _TSV, (0.0, 0.0, 612.0, 792.0), 300)
    assert [line.text for line in page.lines] == ["Security Council", "S/2005/310"]
    first = page.lines[0]
    scale = 300 / 72
    assert first.x0 == pytest.approx(300 / scale)
    assert first.x1 == pytest.approx(700 / scale)
    # the median word bottom (640 and 650 px from the top) measured from the page top
    assert first.y == pytest.approx(792 - 645 / scale)
    assert page.words == 3 and page.confidence_sum == pytest.approx(268.0)
    info = ocr.summarize("tesseract 5", [page])
    assert info.mean_confidence == pytest.approx(268.0 / 3)
    assert info.pages == (1,)


def test_scanned_report_is_recognized(fixtures_dir: Path) -> None:
    _requires_tesseract()
    extracted = extract_pdf((fixtures_dir / SCAN).read_bytes(), path=SCAN)
    assert extracted.extractor == OCR_EXTRACTOR
    assert extracted.ocr is not None and extracted.ocr.pages == (1, 2)
    assert extracted.ocr.mean_confidence > 85
    text = extracted.text
    assert "End of mandate report of the Secretary-General" in text
    assert (
        "\n\n1. The present report is submitted pursuant to Security Council resolution 1573"
        in (text)
    )
    assert "05-33940" not in text  # the footer (job number and date stamp) is furniture
    assert "$/2005/310" not in text


def test_ocr_never_and_missing_tesseract_refuse_with_a_hint(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (fixtures_dir / SCAN).read_bytes()
    with pytest.raises(ExtractionError, match="--ocr never"):
        extract_pdf(data, path=SCAN, ocr="never")
    monkeypatch.setenv("NORMTRACE_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(ExtractionError, match="apt-get install tesseract-ocr"):
        extract_pdf(data, path=SCAN)
    with pytest.raises(ExtractionError, match="unknown OCR mode"):
        extract_pdf(data, path=SCAN, ocr="sometimes")


def test_force_recognizes_a_text_pdf(fixtures_dir: Path) -> None:
    _requires_tesseract()
    data = (fixtures_dir / "verbatim" / "S_PV.8701_E.pdf").read_bytes()
    assert extract_pdf(data, path="x").extractor == EXTRACTOR
    forced = extract_pdf(data, path="x", ocr="force")
    assert forced.extractor == OCR_EXTRACTOR
    assert "Security Council" in forced.text


def test_recognized_pages_come_from_the_cache(
    fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _requires_tesseract()
    monkeypatch.setenv("NORMTRACE_OCR_CACHE", str(tmp_path / "cache"))
    data = (fixtures_dir / SCAN).read_bytes()
    first = extract_pdf(data, path=SCAN)
    assert len(list((tmp_path / "cache").rglob("*.tsv"))) == 2

    def fail(*args: object) -> str:
        raise AssertionError("Tesseract ran although the pages are cached")

    def not_written(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached page was encoded as an image file")

    monkeypatch.setattr(ocr, "_run_tesseract", fail)
    # the cache is keyed by the rendered pixels: a cached page is never written as a PNG
    monkeypatch.setattr(Image.Image, "save", not_written)
    assert extract_pdf(data, path=SCAN).text == first.text


def test_ingested_scan_is_flagged_as_ocr(fixtures_dir: Path, tmp_path: Path) -> None:
    _requires_tesseract()
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([fixtures_dir / SCAN])
        assert report.ok, report.failures
        # the batch's summary says OCR read it, and how well
        assert "1 read by OCR (mean word confidence " in report.summary()
        assert "1 read by OCR" not in project.ingest([fixtures_dir / SCAN]).summary()
        doc = project.document("S/2005/310")
        assert doc["doc_type"] == "report" and doc["date"] == "2005-05-12"
        assert doc["meta"]["ocr"]["engine"].startswith("tesseract")
        assert doc["ocr_confidence"] > 85
        assert all(p["ocr_confidence"] == doc["ocr_confidence"] for p in doc["paragraphs"])
    result = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), "show", "S/2005/310"])
    assert result.exit_code == 0, result.output
    assert "text: OCR (tesseract" in result.output
    assert "mean word confidence" in result.output


def test_ingest_never_fails_one_line_and_goes_on(fixtures_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "UNMISET_S_2005_310_p1-2.pdf").write_bytes((fixtures_dir / SCAN).read_bytes())
    (folder / "S-RES-2100(2013).txt").write_bytes(
        (fixtures_dir / "pipeline" / "S-RES-2100(2013).txt").read_bytes()
    )
    project = tmp_path / "p.db"
    result = CliRunner().invoke(
        cli, ["--project", str(project), "ingest", "--ocr", "never", str(folder)]
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "--ocr never" in errors[0]
    assert "1 new" in result.output and "1 failed" in result.output


def _words(text: str) -> list[str]:
    quotes = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return text.translate(quotes).split()


def test_word_accuracy_against_a_hand_transcribed_page(fixtures_dir: Path) -> None:
    """Page 2 of S/2005/310, transcribed by hand from the page image (not from OCR)."""
    _requires_tesseract()
    from rapidfuzz.distance import Levenshtein

    reference = (fixtures_dir / "ocr" / "S-2005-310_page2.txt").read_text(encoding="utf-8")
    body = [ln for ln in reference.splitlines()[1:] if not ln.startswith("#")]  # no running head
    extracted = extract_pdf((fixtures_dir / SCAN).read_bytes(), path=SCAN)
    truth, read = _words("\n".join(body)), _words(extracted.pages[1].text)
    accuracy = 1 - Levenshtein.distance(truth, read) / len(truth)
    assert len(truth) == 564
    assert accuracy >= 0.98, f"word accuracy {accuracy:.3f}"


SIDEWAYS = "ocr/UNMISET_S_2004_117_p16.pdf"


def test_a_page_scanned_sideways_is_turned_before_it_is_read(
    fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _requires_tesseract()
    monkeypatch.setenv("NORMTRACE_OCR_CACHE", str(tmp_path / "cache"))
    extracted = extract_pdf((fixtures_dir / SIDEWAYS).read_bytes(), path=SIDEWAYS)
    assert extracted.ocr is not None and extracted.ocr.rotated == (1,)
    assert extracted.ocr.as_meta()["rotated"] == [1]
    assert extracted.ocr.mean_confidence > ocr.REREAD_BELOW
    assert "United Nations Mission of Support in East Timor" in extracted.text
    assert "pesodolg" not in extracted.text  # "Proposed" upside down, as read without turning
    # the turn is cached with the reading
    again = extract_pdf((fixtures_dir / SIDEWAYS).read_bytes(), path=SIDEWAYS)
    assert again.ocr is not None and again.ocr.rotated == (1,) and again.text == extracted.text


def test_a_page_read_well_is_not_turned(fixtures_dir: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _requires_tesseract()
    monkeypatch.setenv("NORMTRACE_OCR_CACHE", "off")
    calls: list[str] = []
    run = ocr._run_tesseract

    def counted(command: str, index: int, image: Path, path: str, *args: object,
                **kwargs: object) -> str:  # fmt: skip
        calls.append(repr(args))
        return run(command, index, image, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ocr, "_run_tesseract", counted)
    extracted = extract_pdf((fixtures_dir / SCAN).read_bytes(), path=SCAN)
    assert extracted.ocr is not None and extracted.ocr.rotated == ()
    assert len(calls) == 2 and not any("'0'" in c for c in calls)  # no orientation detection


def test_a_turned_page_lies_on_the_turned_page(
    fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2 as pdfium

    from normtrace.ingest import pdf as pdf_module

    _requires_tesseract()
    monkeypatch.setenv("NORMTRACE_OCR_CACHE", str(tmp_path / "cache"))
    doc = pdfium.PdfDocument((fixtures_dir / SIDEWAYS).read_bytes())
    try:
        left, bottom, right, top = doc[0].get_mediabox()
        (page,) = ocr.recognize_pages(doc, [0], path=SIDEWAYS)
    finally:
        doc.close()
    assert page.rotated in (90, 270)
    wide, high = top - bottom, right - left  # the turned page: landscape
    assert all(bottom - 1 <= ln.y <= bottom + high + 1 for ln in page.lines)
    assert all(left - 1 <= ln.x0 <= ln.x1 <= left + wide + 1 for ln in page.lines)
    assert max(ln.x1 for ln in page.lines) > right - left  # wider than the portrait page
    # the layout reads it on a page of the turned size
    portrait = pdf_module._RawPage((), ocr.layout.PageGeometry(left, bottom, right - left,
                                                               top - bottom), 0, {})  # fmt: skip
    (turned,) = pdf_module._with_recognized([portrait], [page])
    assert (turned.geom.width, turned.geom.height) == (top - bottom, right - left)
