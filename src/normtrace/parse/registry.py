"""Document parsers as plugins (entry-point group ``normtrace.parsers``).

A parser provides a ``name`` (the entry point's name), a one-line ``description``, and
two functions over a :class:`Sniff` (what is known of a file before parsing)::

    accepts(sniff) -> bool                        # is this file mine?
    parse(extracted, sniff) -> Document           # the existing document model

:func:`choose_parser` asks the installed packages' parsers first (by name), then the
built-ins in :data:`BUILTINS` order, and takes the first that accepts; a package parser
can so claim documents that the built-in detection would misread (an A/… General
Assembly report reads as a Council report). Keys of its units must be stable and
start with the document's symbol (see ARCHITECTURE.md, Keys). An exception a package
parser raises is reported as a :class:`~normtrace.errors.ParseError` naming it, so
the file fails and the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, cast

from normtrace import plugins
from normtrace.errors import NormtraceError, ParseError
from normtrace.parse.detect import detect_doc_type, first_page
from normtrace.parse.model import Document, ExtractedText
from normtrace.parse.symbols import FileSymbol

GROUP = "normtrace.parsers"


@dataclass(frozen=True)
class Sniff:
    """What is known of a file before it is parsed."""

    text: str
    filename: str
    #: the symbol read from the file name (``S_RES_2098_(2013).pdf``), if any
    file_symbol: FileSymbol | None = field(default=None, compare=False)

    @property
    def symbol(self) -> str | None:
        """The file name's symbol, canonical (``S/RES/2098 (2013)``), or ``None``."""
        return str(self.file_symbol.symbol) if self.file_symbol else None

    @property
    def first_page(self) -> str:
        """The text up to the first form feed, or its first 3,000 characters."""
        return first_page(self.text)

    @cached_property
    def doc_type(self) -> str:
        """The built-in detection's guess (:func:`normtrace.parse.detect.detect_doc_type`;
        ``"other"`` when it does not recognise the document)."""
        return detect_doc_type(self.text, symbol=self.symbol)


class ParserPlugin(Protocol):
    """What a ``normtrace.parsers`` entry point names (an object or a class)."""

    name: str
    description: str

    def accepts(self, sniff: Sniff) -> bool:
        """True when this parser reads the file."""

    def parse(self, extracted: ExtractedText, sniff: Sniff) -> Document:
        """The parsed document (raise :class:`~normtrace.errors.ParseError` on bad text)."""


class _CorpusSpeech:
    name = "corpus_speech"
    description = "one speech of the UN Security Council Debates corpus (file name ..._spchNNN)"

    def accepts(self, sniff: Sniff) -> bool:
        return sniff.file_symbol is not None and sniff.file_symbol.speech is not None

    def parse(self, extracted: ExtractedText, sniff: Sniff) -> Document:
        from normtrace.parse.corpus import parse_corpus_speech

        return parse_corpus_speech(extracted.text, filename=sniff.filename)


class _Verbatim:
    name = "verbatim"
    description = "Security Council verbatim record (S/PV.nnnn)"

    def accepts(self, sniff: Sniff) -> bool:
        return sniff.doc_type == "verbatim"

    def parse(self, extracted: ExtractedText, sniff: Sniff) -> Document:
        from normtrace.parse.verbatim import parse_verbatim

        return parse_verbatim(extracted, symbol=sniff.symbol)


class _Resolution:
    name = "resolution"
    description = "Security Council resolution (S/RES/nnnn (yyyy))"

    def accepts(self, sniff: Sniff) -> bool:
        return sniff.doc_type == "resolution"

    def parse(self, extracted: ExtractedText, sniff: Sniff) -> Document:
        from normtrace.parse.resolution import parse_resolution

        return parse_resolution(extracted.text, symbol=sniff.symbol)


class _Report:
    name = "report"
    description = "report, letter or presidential statement (S/yyyy/nnn, S/PRST/yyyy/n)"

    def accepts(self, sniff: Sniff) -> bool:
        return sniff.doc_type in ("report", "letter", "prst")

    def parse(self, extracted: ExtractedText, sniff: Sniff) -> Document:
        from normtrace.parse.report import parse_report

        return parse_report(extracted.text, symbol=sniff.symbol)


CORPUS_SPEECH = _CorpusSpeech()
VERBATIM = _Verbatim()
RESOLUTION = _Resolution()
REPORT = _Report()

#: The built-in parsers, in the order they are asked; ``pyproject.toml`` declares the same.
BUILTINS = {
    "corpus_speech": "normtrace.parse.registry:CORPUS_SPEECH",
    "verbatim": "normtrace.parse.registry:VERBATIM",
    "resolution": "normtrace.parse.registry:RESOLUTION",
    "report": "normtrace.parse.registry:REPORT",
}


def check_parser(name: str, obj: object) -> str:
    """Why ``obj`` is no parser plugin called ``name`` (``""`` when it is one)."""
    return plugins.check_object(name, obj, strings=("description",), functions=("accepts", "parse"))


def parsers() -> plugins.Registry[ParserPlugin]:
    """The registered parsers (read once per process)."""
    return plugins.cached(
        GROUP,
        lambda: plugins.load_group(GROUP, BUILTINS, check_parser, lambda o: cast(ParserPlugin, o)),
    )


def choose_parser(sniff: Sniff) -> plugins.Entry[ParserPlugin] | None:
    """The first parser that accepts the file: package parsers by name, then the built-ins."""
    registry = parsers()
    ordered = [e for e in registry.entries if not e.builtin]
    ordered += [e for e in registry.entries if e.builtin]
    for entry in ordered:
        if entry.builtin:
            if entry.obj.accepts(sniff):
                return entry
            continue
        try:
            accepted = entry.obj.accepts(sniff)
        except Exception as exc:  # noqa: BLE001 - a plugin's bug fails this file only
            raise _plugin_error(entry, "accepts", exc) from exc
        if accepted:
            return entry
    return None


def run_parser(
    entry: plugins.Entry[ParserPlugin], extracted: ExtractedText, sniff: Sniff
) -> Document:
    """``entry``'s document; a package parser's unexpected error becomes a ParseError."""
    if entry.builtin:
        return entry.obj.parse(extracted, sniff)
    try:
        document = entry.obj.parse(extracted, sniff)
    except NormtraceError:
        raise
    except Exception as exc:  # noqa: BLE001 - a plugin's bug fails this file only
        raise _plugin_error(entry, "parse", exc) from exc
    if not isinstance(document, Document):
        raise ParseError(
            f"parser plugin {entry.name!r} ({entry.origin}) returned "
            f"{type(document).__name__}, not a normtrace.parse.model.Document; fix the plugin",
            symbol=sniff.symbol,
        )
    return document


def _plugin_error(entry: plugins.Entry[ParserPlugin], what: str, exc: Exception) -> ParseError:
    return ParseError(
        f"parser plugin {entry.name!r} ({entry.origin}, {entry.value}) raised "
        f"{type(exc).__name__} in {what}: {' '.join(str(exc).split())[:200]}; "
        "fix or uninstall the plugin"
    )
