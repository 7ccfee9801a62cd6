"""A second reader's findings on the measured error from chosen samples (session 47, H10):
a project run's "changed since" note rests on the run's own measurement only, not on a
bundled estimate standing in its place; ``code validate`` shows the measurement the counts
use; the "chosen" check corrects for testing every code and reads the units the counts read;
a run below the minimum labelled count shows its figure beside the bundled one; ``code apply
--bundled`` refusals count only codings of the codebook.

Codebooks, documents, labels and runs here are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.validate import validate
from normtrace.coding.validity import DEFAULT_BOOK, code_validity
from normtrace.store.db import Store
from synthetic_docs import insert_document

POC = "the protection of civilians"


def _poc_reports(store: Store, held: int = 5, total: int = 200) -> None:
    """SYNTHETIC report paragraphs, ``held`` of ``total`` naming the protection of civilians."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [
            (f"SYN/R/1/p{i}", "numbered", f"{POC} here" if i <= held else "plain words")
            for i in range(1, total + 1)], doc_type="report")  # fmt: skip


def test_a_changed_label_marks_the_runs_measurement_set_aside_not_the_bundled_headline(
    tmp_path: Path,
) -> None:
    """A reports-only run (4 of 32 labelled report paragraphs coded, chosen) leaves the bundled
    estimates standing; a label changed after it marks the run's set-aside measurement on
    reports, not the bundled headline (which said "labels changed since: validation run …"
    and was flagged "on the labels of then")."""
    book = load_default_codebook()
    with Store.open(tmp_path / "p.db") as store:
        _poc_reports(store)
        register_codebook(store, book)
        apply_codebook(store, book)
        keys = [f"SYN/R/1/p{i}" for i in range(1, 33)]
        for k in keys[:4]:
            events.add_code(store, coder="ana", unit_key=k, start=4, end=28, code="poc",
                            codebook=DEFAULT_BOOK)  # fmt: skip
        mark_done(store, coder="ana", codebook=DEFAULT_BOOK, unit_keys=keys)
        validate(store, DEFAULT_BOOK, folds=2, reference=False)
        events.add_code(store, coder="ana", unit_key="SYN/R/1/p5", start=4, end=28, code="poc",
                        codebook=DEFAULT_BOOK)  # fmt: skip
        v = code_validity(store, DEFAULT_BOOK, book.version)["poc"]
    assert v.source.startswith("frames set")
    assert v.stale == "" and v.stale_what is None
    assert "changed since" not in v.flag()
    assert v.reports is not None and v.reports.source.startswith("the numbered paragraphs")
    assert v.reports.stale == ""
    own = v.reports.set_aside
    assert own is not None and own.stale.startswith("labels changed since: validation run")
    assert own.stale_what == "labels"
    data = v.to_dict()
    assert data["labels_changed_since"] is None
    aside = data["reports"]["project_measurement_set_aside"]
    assert aside["labels_changed_since"] == own.stale
    text = v.describe()
    assert text.count(own.stale) == 1  # said once, after the set-aside measurement it concerns
    assert "n 32 (on the labels of then, changed since)" in text


def _edit_of_default(store: Store) -> None:
    """The default codebook with a SYNTHETIC code of its own (syn_extra), and another
    codebook (synth, code zz): a project's own version beside a second codebook."""
    from normtrace.coding.codebook import Code, Codebook

    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text, invented.")])
    bundled = load_default_codebook()
    register_codebook(store, Codebook(
        name=bundled.name, label="SYNTHETIC edit", frames=bundled.frames,
        codes=bundled.codes + (Code(id="syn_extra", name="SYNTHETIC extra"),)))  # fmt: skip
    register_codebook(store, Codebook(name="synth", codes=(Code(id="zz", name="ZZ"),)))


def _legacy_coding(store: Store, code: str) -> None:
    """A coding as projects before codings recorded their codebook hold it (SYNTHETIC row)."""
    from normtrace.store.db import utc_now

    with store.transaction() as conn:
        conn.execute(
            'INSERT INTO coding_events (at, coder, action, unit_key, start, "end", snippet, '
            "code) VALUES (?, 'old', 'code', 'SYN/1/op1', 0, 9, 'Synthetic', ?)",
            (utc_now(precise=True), code),
        )


def test_bundled_is_not_refused_for_a_legacy_coding_of_another_codebooks_code(
    tmp_path: Path,
) -> None:
    """A coding that records no codebook (made before codings recorded theirs) of a code only
    another codebook holds is no coding of the default codebook: ``--bundled`` is not refused
    for it (it was: every coding without a codebook counted); one of a code the project's
    version holds still is."""
    import pytest

    from normtrace.coding.exchange.apply_choice import codebook_to_apply
    from normtrace.errors import CodingError

    with Store.open(tmp_path / "p.db") as store:
        _edit_of_default(store)
        _legacy_coding(store, "zz")
        assert events.human_codings(store)[0].codebook is None
        book, note = codebook_to_apply(store, None, bundled=True)
        assert book.version == load_default_codebook().version
        assert "human coding(s) of codes it lacks" not in note
        _legacy_coding(store, "syn_extra")
        with pytest.raises(CodingError, match=r"holds 1 human coding\(s\).*syn_extra \(1\)"):
            codebook_to_apply(store, None, bundled=True)


def test_force_without_bundled_is_refused_in_one_line(tmp_path: Path) -> None:
    import pytest

    from normtrace.coding.exchange.apply_choice import codebook_to_apply
    from normtrace.errors import CodingError

    with Store.open(tmp_path / "p.db") as store:
        _edit_of_default(store)
        with pytest.raises(CodingError) as refused:
            codebook_to_apply(store, None, force=True)
    said = str(refused.value)
    assert "\n" not in said and "--force" in said and "add --bundled" in said


def test_the_recode_advice_names_the_refusal_and_force() -> None:
    from normtrace.coding.measured_error import OtherVersion

    line = OtherVersion(DEFAULT_BOOK, "aaa", "bbb").line()
    assert "--bundled" in line and "refuses" in line and "`--force`" in line
