"""Download UN documents by symbol from the UN's public document services.

``fetch(["S/RES/2100 (2013)", "S/2013/189"], "downloads/")`` asks the Official
Document System (``documents.un.org``) for the English PDF of each symbol and
falls back to the ``undocs.org`` short link, which redirects there. Files are
named so that ``normtrace ingest`` recognises their symbol
(``S_RES_2100(2013)_E.pdf``, ``S_2013_189_E.pdf``).

The HTTP client is injectable (anything with ``get(url, *, timeout)``), so the
tests run against recorded responses without a network. Without a network the
default client raises :class:`~normtrace.errors.IngestError` saying so.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlsplit

from normtrace._version import __version__
from normtrace.errors import IngestError
from normtrace.parse.symbols import canonical

ODS_URL = "https://documents.un.org/api/symbol/access?s={symbol}&l={language}&t=pdf"
UNDOCS_URL = "https://undocs.org/{language}/{symbol}"
_LANGUAGES = {"en": "E", "fr": "F", "es": "S", "ru": "R", "zh": "C", "ar": "A"}


@dataclass(frozen=True)
class Response:
    """What a server answered: status, content type, body and the final URL."""

    status: int
    body: bytes = b""
    content_type: str = ""
    url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


class HttpClient(Protocol):
    """The one method :func:`fetch` needs from an HTTP client."""

    def get(self, url: str, *, timeout: float) -> Response:
        """GET ``url``; raise :class:`IngestError` when the server cannot be reached."""
        ...


class UrllibClient:
    """The default client, on :mod:`urllib.request` (follows redirects)."""

    def __init__(self, user_agent: str | None = None) -> None:
        self.user_agent = user_agent or f"normtrace/{__version__} (research; +fetch)"

    def get(self, url: str, *, timeout: float) -> Response:
        """GET ``url``; HTTP errors come back as responses, network failures raise."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
                return Response(
                    reply.status,
                    reply.read(),
                    reply.headers.get_content_type(),
                    reply.url,
                    dict(reply.headers.items()),
                )
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp is not None else b""
            exc.close()
            return Response(exc.code, body, exc.headers.get_content_type(), url)
        except (urllib.error.URLError, OSError) as exc:
            host = urlsplit(url).netloc or url
            raise IngestError(
                f"cannot reach {host} ({getattr(exc, 'reason', exc)}): check your network or "
                "download the PDF by hand and run normtrace ingest",
                path=url,
            ) from exc


@dataclass(frozen=True)
class FetchResult:
    """What happened to one symbol."""

    symbol: str
    status: str  # downloaded | exists | failed
    path: str | None = None
    url: str | None = None
    reason: str = ""


def document_urls(symbol: str, language: str = "en") -> list[str]:
    """The URLs tried for ``symbol``, in order.

    >>> document_urls("S/RES/2100 (2013)")[0]
    'https://documents.un.org/api/symbol/access?s=S/RES/2100%282013%29&l=en&t=pdf'
    """
    compact = canonical(symbol).replace(" ", "")
    quoted = quote(compact, safe="/.")
    return [
        ODS_URL.format(symbol=quoted, language=language),
        UNDOCS_URL.format(symbol=quoted, language=language),
    ]


def pdf_filename(symbol: str, language: str = "en") -> str:
    """A file name ``normtrace ingest`` maps back to ``symbol`` (``S_PV.8703_E.pdf``)."""
    compact = canonical(symbol).replace(" ", "").replace("/", "_")
    return f"{compact}_{_LANGUAGES.get(language, language.upper())}.pdf"


def fetch(
    symbols: Iterable[str],
    dest: str | Path,
    *,
    client: HttpClient | None = None,
    language: str = "en",
    overwrite: bool = False,
    timeout: float = 60.0,
) -> list[FetchResult]:
    """Download the PDF of each symbol into ``dest``.

    A symbol that is not a Security Council symbol, or that no service has as a
    PDF, is reported in its :class:`FetchResult` (``failed`` with the reason);
    the others go on.

    Raises:
        IngestError: the services cannot be reached (no network), or ``dest``
            cannot be written.
    """
    http = client or UrllibClient()
    folder = Path(dest)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IngestError(f"cannot create the download folder: {exc}", path=folder) from exc
    return [_fetch_one(raw, folder, http, language, overwrite, timeout) for raw in symbols]


def _fetch_one(
    raw: str, folder: Path, http: HttpClient, language: str, overwrite: bool, timeout: float
) -> FetchResult:
    try:
        symbol = canonical(raw)
    except ValueError as exc:
        return FetchResult(raw, "failed", reason=str(exc))
    target = folder / pdf_filename(symbol, language)
    if target.exists() and not overwrite:
        return FetchResult(symbol, "exists", str(target))
    reasons = []
    for url in document_urls(symbol, language):
        reply = http.get(url, timeout=timeout)
        if reply.status == 200 and reply.body.startswith(b"%PDF"):
            _write(target, reply.body)
            return FetchResult(symbol, "downloaded", str(target), reply.url or url)
        kind = reply.content_type or "unknown content"
        reasons.append(f"{url}: HTTP {reply.status}, {kind}, not a PDF")
    why = "; ".join(reasons) + " (the symbol may not exist or the document is not public yet)"
    return FetchResult(symbol, "failed", reason=why)


def _write(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:
        raise IngestError(f"cannot write the download: {exc}", path=target) from exc
