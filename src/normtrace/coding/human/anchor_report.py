"""What one re-anchoring pass did (:func:`~normtrace.coding.human.anchors.reanchor`), and its
line in the ingest's summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnchorReport:
    """What one re-anchoring pass did."""

    reanchored: int
    review: int
    #: verdicts on candidates moved with their words (so the next run keeps them)
    verdicts: int = 0
    #: accepts whose words this ingest's new versions changed (or left in several places):
    #: they count nowhere until a coder accepts or codes the new words
    accepts_gone: int = 0
    #: "done" marks on text this ingest's new version changed (``KEY (coder)``): a mark is a
    #: reading of words (:mod:`~normtrace.coding.human.mark_texts`), so they no longer count
    marks_on_changed_text: tuple[str, ...] = ()
    #: "done" marks that count again: the words they read are back (a file put back)
    marks_back: tuple[str, ...] = ()
    #: dictionary candidates on the changed documents whose words left their span: they
    #: count nowhere until `code apply` proposes from the new text
    candidates_off: int = 0
    #: of ``review``, those an earlier ingest listed already
    listed_before: int = 0
    #: of ``verdicts``, the moves to another unit (``OLD → NEW``): a paragraph inserted
    #: before the unit shifted the keys, its words unchanged
    verdicts_elsewhere: tuple[str, ...] = ()
    #: verdicts on model suggestions whose target's words this version moved, unchanged, to
    #: exactly one other key (``OLD → NEW (coder)``): carried there
    #: (:mod:`~normtrace.coding.human.suggestion_moves`); and those whose words it changed
    #: (or left at several keys): not carried, they no longer count
    suggestion_verdicts_moved: tuple[str, ...] = ()
    suggestion_verdicts_changed: int = 0

    def line(self) -> str:
        """One line for the ingest summary."""
        hint = " (see `normtrace code review`)" if self.review else ""
        if self.listed_before:
            hint = (
                f" ({self.listed_before} listed by an earlier ingest; see `normtrace code review`)"
            )
        moved = f", {self.verdicts} verdict(s) moved with their words" if self.verdicts else ""
        if self.verdicts_elsewhere:
            elsewhere = self.verdicts_elsewhere
            moved += f" (to another unit: {_shown(elsewhere)})"
        gone = (
            f"; {self.accepts_gone} accepted candidate(s) whose words changed no longer count "
            "(status gone in `normtrace code list`: accept the new candidate or code the words)"
            if self.accepts_gone
            else ""
        )
        stale = self.marks_on_changed_text
        shown = _shown(stale)
        marks = (
            f"; {len(stale)} 'done' mark(s) were made on text this version changed and no "
            f"longer count ({shown}): read the units again and mark them (`normtrace code "
            "done KEY`; `normtrace code reviews --stale` lists them)"
            if stale
            else ""
        )
        if self.candidates_off:
            marks += (f"; {self.candidates_off} dictionary candidate(s) are no longer on their "
                      "words and count nowhere: run `normtrace code apply` to propose from the "
                      "new text")  # fmt: skip
        marks += self._suggestions()
        if self.marks_back:
            marks += (f"; {len(self.marks_back)} 'done' mark(s) count again: the words they "
                      "read are back")  # fmt: skip
        return (
            f"codings: {self.reanchored} re-anchored, {self.review} need review{hint}{moved}"
            f"{gone}{marks}"
        )

    def _suggestions(self) -> str:
        """The part of :meth:`line` on verdicts on model suggestions."""
        out, moved = "", self.suggestion_verdicts_moved
        if moved:
            out += (f"; {len(moved)} verdict(s) on model suggestions moved with their words to "
                    f"another key ({_shown(moved)})")  # fmt: skip
        if self.suggestion_verdicts_changed:
            out += (f"; {self.suggestion_verdicts_changed} verdict(s) on model suggestions "
                    "judged words this version changed and no longer count: judge the new "
                    "words (`normtrace code suggest`, `code judge`)")  # fmt: skip
        return out


def _shown(items: tuple[str, ...]) -> str:
    """The first three of ``items``, then an ellipsis."""
    return "; ".join(items[:3]) + ("; …" if len(items) > 3 else "")
