"""fetch: downloads by symbol against SYNTHETIC recorded responses; clear errors offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.actors.fetch import Response, UrllibClient, fetch, pdf_filename
from normtrace.errors import IngestError
from normtrace.parse.symbols import symbol_from_filename


class RecordedClient:
    """Answers from tests/fixtures/actors/fetch/recorded.json; unknown URLs are 404."""

    def __init__(self, path: Path) -> None:
        self.responses = json.loads(path.read_text(encoding="utf-8"))["responses"]
        self.calls: list[str] = []

    def get(self, url: str, *, timeout: float) -> Response:
        self.calls.append(url)
        r = self.responses.get(url)
        if r is None:
            return Response(404, b"", "text/html", url)
        return Response(r["status"], r["body"].encode(), r["content_type"], r["url"] or url)


@pytest.fixture()
def client(fixtures_dir: Path) -> RecordedClient:
    return RecordedClient(fixtures_dir / "actors" / "fetch" / "recorded.json")


def test_downloads_pdf_named_for_ingest(tmp_path: Path, client: RecordedClient) -> None:
    [result] = fetch(["S/RES/2100(2013)"], tmp_path, client=client)
    assert result.status == "downloaded" and result.symbol == "S/RES/2100 (2013)"
    path = Path(result.path or "")
    assert path.read_bytes().startswith(b"%PDF")
    assert str(symbol_from_filename(path.name).symbol) == "S/RES/2100 (2013)"  # type: ignore[union-attr]
    again = fetch(["S/RES/2100 (2013)"], tmp_path, client=client)
    assert again[0].status == "exists" and len(client.calls) == 1


def test_falls_back_to_undocs_and_reports_failures(tmp_path: Path, client: RecordedClient) -> None:
    results = fetch(["S/PV.6952", "S/2099/1", "not a symbol"], tmp_path, client=client)
    assert [r.status for r in results] == ["downloaded", "failed", "failed"]
    assert results[0].url and "n1330600" in results[0].url
    assert "not a PDF" in results[1].reason and "HTTP 404" in results[1].reason
    assert "not a Security Council symbol" in results[2].reason
    assert sorted(p.name for p in tmp_path.iterdir()) == [pdf_filename("S/PV.6952")]


def test_offline_error_says_what_to_do(tmp_path: Path) -> None:
    class Offline(UrllibClient):
        def get(self, url: str, *, timeout: float) -> Response:
            # port 9 (discard) on localhost is closed: a connection error without any network
            return super().get("http://127.0.0.1:9/", timeout=timeout)

    with pytest.raises(IngestError, match="check your network or download the PDF by hand"):
        fetch(["S/RES/2100 (2013)"], tmp_path, client=Offline(), timeout=2)
