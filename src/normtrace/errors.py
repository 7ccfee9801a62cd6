"""The one error hierarchy of normtrace.

Every message says what failed, where, and what to do next. The CLI turns a
``NormtraceError`` into one line on stderr and exit status 1; the web layer maps
each class to an HTTP status.

::

    NormtraceError
    ├── ConfigError(location)
    ├── IngestError(path)
    │   ├── UnsupportedFormatError
    │   └── ExtractionError(page)
    ├── ParseError(symbol, page, line)
    ├── StoreError
    │   ├── NotFoundError(kind, key)
    │   └── SchemaVersionError
    ├── ActorError
    ├── CodebookError(path, line)
    ├── CodingError
    ├── ReuseError
    ├── TraceError
    └── WebError

    NormtraceWarning
    ├── ParseWarning
    ├── CodingWarning
    └── PluginWarning
"""

from __future__ import annotations

from pathlib import Path
from typing import Self


class NormtraceError(Exception):
    """Base class of every error normtrace raises on purpose."""

    @classmethod
    def at(cls, source: str | Path | None, line: int | None, message: str) -> Self:
        """This error about the file ``source``, at ``line`` if known: ``source:line: message``.

        (How :mod:`normtrace.yamlfile` raises the caller's kind of error.)
        """
        where = _where(source, line)
        return cls(f"{where}: {message}" if where else message)


class ConfigError(NormtraceError):
    """A configuration value, file or environment variable is wrong."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)

    @classmethod
    def at(cls, source: str | Path | None, line: int | None, message: str) -> Self:
        """See :meth:`NormtraceError.at`; ``location`` is ``source:line``."""
        return cls(message, location=_where(source, line))


class IngestError(NormtraceError):
    """A file could not be read or turned into text."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class UnsupportedFormatError(IngestError):
    """The file is of a kind normtrace cannot read, or of an unknown document type."""


class ExtractionError(IngestError):
    """Text extraction failed (encrypted, corrupt, image-only PDF ...)."""

    def __init__(
        self, message: str, *, path: str | Path | None = None, page: int | None = None
    ) -> None:
        self.page = page
        where = f" (page {page})" if page is not None else ""
        super().__init__(message + where, path=path)


class ParseError(NormtraceError):
    """Text could not be parsed into a document of the expected type."""

    def __init__(
        self,
        message: str,
        *,
        symbol: str | None = None,
        page: int | None = None,
        line: int | None = None,
    ) -> None:
        self.symbol, self.page, self.line = symbol, page, line
        parts = [p for p in (symbol, _opt("page", page), _opt("line", line)) if p]
        super().__init__(f"{', '.join(parts)}: {message}" if parts else message)


class StoreError(NormtraceError):
    """The project database could not be opened, migrated or written."""


class NotFoundError(StoreError):
    """Nothing of that kind with that key is in the project."""

    def __init__(self, kind: str, key: str, *, hint: str | None = None) -> None:
        self.kind, self.key = kind, key
        msg = f"no {kind} {key!r} in the project"
        super().__init__(f"{msg}; {hint}" if hint else msg)


class SchemaVersionError(StoreError):
    """The project was written by a newer normtrace than this one."""


class ActorError(NormtraceError):
    """Reference data or an overrides file about actors is wrong."""


class CodebookError(NormtraceError):
    """A codebook file is invalid."""

    def __init__(
        self, message: str, *, path: str | Path | None = None, line: int | None = None
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        where = self.path or ""
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}" if where else message)

    @classmethod
    def at(cls, source: str | Path | None, line: int | None, message: str) -> Self:
        """See :meth:`NormtraceError.at`."""
        return cls(message, path=source, line=line)


class CodingError(NormtraceError):
    """A human coding action is not possible (span outside the unit, unknown code, no undo)."""


class ReuseError(NormtraceError):
    """Passage reuse detection or provenance failed."""


class TraceError(NormtraceError):
    """A hypothesis set, evidence ledger or inference is invalid."""


class WebError(NormtraceError):
    """A request to the workbench could not be served."""


class NormtraceWarning(UserWarning):
    """Base class of normtrace warnings."""


class ParseWarning(NormtraceWarning):
    """A document parsed, but something in it looks wrong (e.g. truncated)."""


class CodingWarning(NormtraceWarning):
    """A codebook entry or coding looks suspicious."""


class PluginWarning(NormtraceWarning):
    """An installed plugin (an entry point of a ``normtrace.*`` group) was skipped."""


def _opt(label: str, value: int | None) -> str | None:
    return f"{label} {value}" if value is not None else None


def _where(source: str | Path | None, line: int | None) -> str | None:
    """``source:line``, ``source`` without a line, ``None`` without a source."""
    if source is None:
        return None
    return f"{source}:{line}" if line is not None else str(source)
