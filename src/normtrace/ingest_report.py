"""What an ingest run reports, file by file: each file's outcome (:class:`FileOutcome`: its
status, error, notes and parser warnings, the lines ``normtrace ingest`` and the workbench
print) and the run's (:class:`IngestReport`: counts, whether it is ``ok``, its summary line).
"""

from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass, field

from normtrace.coding.human.anchors import AnchorReport
from normtrace.store.shrunk import Shrunk
from normtrace.store.writer import NotCurrent

SHOWN = 20  # a stored document's parser warnings printed, one line each; then a count


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: ``new``, ``new_version``, ``unchanged``, ``failed``,
    ``earlier_version`` (its bytes are stored as an earlier version of a record whose current
    version was read from another file: nothing changed, ``not_current`` says which and how to
    make them current again); on a re-parse also ``kept`` (a corpus speech file that reads
    differently now, kept as first read: a speech is stored once per file's bytes), ``shrunk``
    (a new version that lost most of the current version's words: held back, a refusal).

    ``path`` is printable (bytes of a non-UTF-8 name shown as ``\\xff``); ``warnings``
    are the parser's structural warnings on a stored document (stored with it too). A
    re-parse of a record's current bytes is compared with the previous reading (``compared``):
    ``appeared`` and ``gone`` are the warnings the new parse gives that it did not, and those
    it no longer gives (:func:`~normtrace.store.readings.warning_changes`), whether the new
    reading was stored (``new_version``), reads the same (``unchanged``: not stored, the
    stored version keeps its warnings) or was held back (``shrunk``: stored, not current; its
    warnings are not counted in :attr:`IngestReport.warnings_compared`).
    """

    path: str
    status: str
    symbol: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    #: the mean word confidence (0-100) when OCR read some of its pages, else ``None``
    ocr_confidence: float | None = None
    #: a ``new_version`` made by parsing stored bytes again (``reparse``), not by new bytes
    reparsed: bool = False
    #: a re-parse compared with the previous reading of the same bytes (``appeared``, ``gone``)
    compared: bool = False
    #: warnings the new parse gives that the previous reading did not
    appeared: tuple[str, ...] = ()
    #: warnings of the previous reading the new parse no longer gives
    gone: tuple[str, ...] = ()
    #: status ``earlier_version``: which version the bytes are and which is current, from where
    not_current: NotCurrent | None = None
    #: a re-parse found at a path a version was read from bytes the project does not hold:
    #: what happened, in one line (:func:`~normtrace.store.stored_file.changed_since`)
    changed_since: str | None = None
    #: status ``shrunk``, or a ``new_version`` made current with ``replace_shrunk``: what it kept
    shrunk: Shrunk | None = None

    def lines(self, *, quiet: bool = False) -> list[str]:
        """What ``normtrace ingest`` prints of this file, one line each: its error, its note
        (:meth:`note_lines`) and, unless ``quiet``, the parser's warnings (:meth:`warning_lines`);
        the workbench's upload page and re-parse print the same."""
        out = [f"error: {self.error}"] if self.status in ("failed", "shrunk") else []
        out += self.note_lines()  # not the parser's: quiet keeps them
        if self.status != "failed" and not quiet:
            out += self.warning_lines()
        return out

    def note_lines(self) -> list[str]:
        """What to tell of a file whose bytes are an earlier version (``earlier_version``), or
        that changed since a version was read from it (a re-parse, ``changed_since``): one line
        each, ``note: PATH:`` and :meth:`note` or ``changed_since``."""
        made = self.shrunk if self.status == "new_version" else None  # --replace-shrunk
        said = [n for n in (self.changed_since, self.note(), made and made.message(self.path))
                if n is not None]  # fmt: skip
        return [f"note: {self.path}: {n}" for n in said]

    def note(self) -> str | None:
        """Of a file whose bytes are an earlier version (``earlier_version``): which version
        they are, which is current and from where, that nothing changed, and how to make them
        current again (put back at that path: only a file put back where the current version
        was read from becomes current again); ``None`` for any other file. The CLI's note and
        the workbench's upload page say it."""
        n = self.not_current
        if n is None:
            return None
        edition = "" if n.edition == "record" else f" ({n.edition})"
        if n.held:  # never current: no "again"
            return (f"a reading of its bytes was held back as version {n.version} of "
                    f"{n.symbol}{edition} (it lost most of the words of the version then "
                    f"current), while version {n.current_version} (from {n.current_path}) is "
                    "current; nothing changed. To make these words current, copy this file "
                    f"over {n.current_path} and run "
                    f"`normtrace ingest {shlex.quote(n.current_path)}`")  # fmt: skip
        return (f"its bytes are stored version {n.version} of {n.symbol}{edition}, while "
                f"version {n.current_version} (from {n.current_path}) is current; nothing "
                "changed. To make these words current again, copy this file over "
                f"{n.current_path} and run "
                f"`normtrace ingest {shlex.quote(n.current_path)}`")  # fmt: skip

    @property
    def _show(self) -> str:
        return f"`normtrace show {shlex.quote(self.symbol)}`" if self.symbol else "`show`"

    def warning_lines(self) -> list[str]:
        """What to tell of the parser's warnings, one line each: a compared re-parse's
        warnings that appeared or went against the previous reading (those that stay are
        not repeated: ``show`` lists them), else the stored document's warnings."""
        if not self.compared:  # the first few, then how many more (75,000 lines hid errors)
            said = [f"warning: {self.path}: {_flat(w)}" for w in self.warnings[:SHOWN]]
            more = len(self.warnings) - SHOWN
            return said + ([f"warning: {self.path}: ... and {more} more warning(s), "
                            f"{len(self.warnings)} in all ({self._show} lists them)"]
                           if more > 0 else [])  # fmt: skip
        kept = {"new_version": "", "shrunk": " (held back: not current)"}.get(
            self.status, " (reads the same: not stored)")  # fmt: skip
        return [f"warning appeared{kept}: {self.path}: {_flat(w)}" for w in self.appeared] + [
            f"warning gone{kept}: {self.path}: {_flat(w)}" for w in self.gone
        ]


@dataclass
class IngestReport:
    """The outcome of a batch, file by file."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    run_id: int | None = None
    #: human codings re-anchored in new versions, or listed for review (issue 14)
    anchors: AnchorReport | None = None
    #: stored files were parsed again (``reparse``): the summary says how many gave new versions
    reparse: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """Number of files per status."""
        return dict(Counter(o.status for o in self.outcomes))

    @property
    def failures(self) -> list[FileOutcome]:
        """The files that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def reparsed(self) -> int:
        """Files whose stored bytes were parsed again into a new version."""
        return sum(o.reparsed for o in self.outcomes)

    @property
    def warnings_compared(self) -> dict[str, int]:
        """A re-parse's parser warnings against the previous readings: how many ``appeared``
        and are ``gone``, in how many ``documents`` (readings stored, ``new_version``, or
        reading the same, ``unchanged``; a reading held back, ``shrunk``, is neither)."""
        changed = [o for o in self.outcomes
                   if o.compared and o.status != "shrunk" and (o.appeared or o.gone)]  # fmt: skip
        return {"appeared": sum(len(o.appeared) for o in changed),
                "gone": sum(len(o.gone) for o in changed), "documents": len(changed)}  # fmt: skip

    @property
    def ok(self) -> bool:
        """True when no file failed or was held back (``shrunk``)."""
        return not self.failures and not self.counts.get("shrunk")

    def summary(self) -> str:
        """One line: how many files were new, new versions, unchanged, failed (and, when
        any, earlier versions of documents current from other files, apart from unchanged)."""
        c = self.counts
        parts = [f"{c.get(k, 0)} {k.replace('_', ' ')}" for k in _STATUSES]
        if c.get("earlier_version"):  # not "unchanged": the file is not what is current
            parts.insert(_STATUSES.index("unchanged") + 1, f"{c['earlier_version']} earlier "
                         "version(s), not made current (see the notes)")  # fmt: skip
        if c.get("shrunk"):  # stored, not current: a refusal the user settles
            parts.append(f"{c['shrunk']} held back (lost most of the current version's words: "
                         "see the errors)")  # fmt: skip
        line = f"{len(self.outcomes)} files: " + ", ".join(parts)
        if self.reparse:
            line += f"; {self.reparsed} re-parsed into new versions"
            w = self.warnings_compared
            docs = f"{w['documents']} document" + ("s" if w["documents"] != 1 else "")
            line += (f"; parser warnings against the previous reading: {w['appeared']} "
                     f"appeared, {w['gone']} gone, in {docs}")  # fmt: skip
        if c.get("kept"):  # expected after a parser upgrade: counted, not a failure
            line += (f"; kept as first read: {c['kept']} corpus speech files read differently "
                     "now; ingest them into a new project to read them anew")  # fmt: skip
        read = [o.ocr_confidence for o in self.outcomes if o.ocr_confidence is not None]
        if read:  # what a researcher must know about the text's quality
            mean = sum(read) / len(read)
            line += (f"; {len(read)} read by OCR (mean word confidence {mean:.0f} %, lowest "
                     f"{min(read):.0f} %; `show` per document)")  # fmt: skip
        if self.anchors is not None and (c.get("new_version") or self.anchors.review):
            line += "; " + self.anchors.line()
        return line


_STATUSES = ("new", "new_version", "unchanged", "failed")


def _flat(text: str) -> str:
    """``text`` on one line."""
    return " ".join(text.split())
