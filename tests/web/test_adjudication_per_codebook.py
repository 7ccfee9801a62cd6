"""Disputes and adjudications are per codebook (review S5 of migration 0022): a coder holds a
code id two codebooks share (the default's ``poc`` and the SYNTHETIC ``mini``'s) apart for each,
so the adjudication page compares, shows and settles one codebook's codings, and an "absent"
decision overrules that codebook's codings only (migration 0024). The page listed a coder who
holds ``poc`` for both codebooks on the same words twice, found no dispute where the two
codebooks' readings differ (the agreement pooled them), and an "absent" overruled both
codebooks' codings in every count. A decision recorded before 0024 names no codebook and keeps
deciding for every codebook until one of its own replaces it. Document, codebook ``mini`` and
the coders' work are SYNTHETIC (:mod:`synthetic_web`)."""

from __future__ import annotations

from pathlib import Path

from synthetic_web import DEFAULT, OTHER, workbench
from web_support import TestClient

from normtrace.coding.counts import coded_spans
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code, human_codings
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store, utc_now
from normtrace.web.access import ProjectAccess

MINI = "mini"
WORDS = "protect civilians"


def _at(store: Store) -> tuple[int, int]:
    text = str(store.conn.execute("SELECT text FROM units WHERE key = ?", (OTHER,)).fetchone()[0])
    start = text.index(WORDS)
    return start, start + len(WORDS)


def _assign(admin: TestClient) -> None:
    order = {"unit_keys": [OTHER], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201


def _code(access: ProjectAccess, coder: str, *books: str) -> dict[str, int]:
    """``coder`` codes poc on WORDS for each of ``books``: book → the coding's event id."""

    def write(store: Store) -> dict[str, int]:
        start, end = _at(store)
        return {b: add_code(store, coder=coder, unit_key=OTHER, start=start, end=end,
                            code="poc", codebook=b).id for b in books}  # fmt: skip

    return access.write(write)


def _done(access: ProjectAccess, coder: str, *books: str) -> None:
    for book in books:
        access.write(lambda store, b=book: mark_done(store, coder=coder, codebook=b,
                                                     unit_keys=[OTHER]))  # fmt: skip


def _counted(access: ProjectAccess, codebook: str | None) -> bool:
    """Whether the human count (of ``codebook``, else of every codebook) holds WORDS."""
    with access.read() as store:
        spans = coded_spans(store, "human", codebook=codebook, codes=["poc"])
    return any(s[0] == OTHER and s[4] == WORDS for s in spans)


def _passages(admin: TestClient, codebook: str) -> list[dict[str, object]]:
    page = admin.get("/api/adjudication", params={"codebook": codebook})
    assert page.status_code == 200, page.text
    passages: list[dict[str, object]] = page.json()["passages"]
    return passages


def _codings_of(passage: dict[str, object], coder: str) -> list[int]:
    readings = passage["readings"]
    assert isinstance(readings, list)
    (reading,) = [r for r in readings if r["coder"] == coder]
    return [c["id"] for c in reading["codings"]]


def test_a_coder_of_both_codebooks_is_one_reading_and_absent_overrules_one_codebook(
    tmp_path: Path,
) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        _assign(admin)
        alice = _code(access, "alice", DEFAULT, MINI)
        _done(access, "bob", DEFAULT, MINI)  # bob read the unit for both: no poc in it
        (default,) = _passages(admin, DEFAULT)
        (mini,) = _passages(admin, MINI)
        # was one passage listing both of alice's codings
        assert _codings_of(default, "alice") == [alice[DEFAULT]]
        assert _codings_of(mini, "alice") == [alice[MINI]]
        assert _codings_of(default, "bob") == []
        decided = {"unit_key": OTHER, "codes": ["poc"], "keep": [], "codebook": DEFAULT}
        made = admin.post("/api/adjudications/passage", json=decided)
        assert made.status_code == 201, made.text
        assert [(a["codebook"], a["decision"]) for a in made.json()] == [(DEFAULT, "absent")]
        assert not _counted(access, DEFAULT)
        assert _counted(access, MINI)  # was overruled with the default's
        assert _counted(access, None)  # mini's coding of the words stands
        (default,) = _passages(admin, DEFAULT)
        (mini,) = _passages(admin, MINI)
        assert default["settled"] and not mini["settled"] and mini["current"] == []
        # a decision for mini does not touch the default's
        keep = {"unit_key": OTHER, "codes": ["poc"], "keep": [alice[MINI]], "codebook": MINI}
        assert admin.post("/api/adjudications/passage", json=keep).status_code == 201
        assert not _counted(access, DEFAULT) and _counted(access, MINI)
        with access.read() as store:
            finals = human_codings(store, coder="adjudication:admin", unit_key=OTHER)
        assert [h.codebook for h in finals] == [MINI]
        html = admin.get("/adjudication", params={"codebook": MINI}).text
        assert '<strong aria-current="page">mini</strong>' in html
        assert f'<input type="hidden" name="codebook" value="{MINI}">' in html


def test_the_dispute_compares_one_codebooks_readings(tmp_path: Path) -> None:
    """alice codes poc for the default codebook; bob codes it for mini only and read the
    unit for the default codebook finding none: the codebooks' readings differ for the
    default, where the pooled agreement saw two coders applying poc."""
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        _assign(admin)
        alice = _code(access, "alice", DEFAULT)
        _code(access, "bob", MINI)
        _done(access, "bob", DEFAULT)
        (passage,) = _passages(admin, DEFAULT)  # was none
        assert _codings_of(passage, "alice") == [alice[DEFAULT]]
        assert _codings_of(passage, "bob") == []  # his mini coding is no default reading
        assert _passages(admin, MINI) == []
        within = {OTHER: ["alice", "bob"]}
        with access.read() as store:
            pooled = agreement(store, within=within)
            of_default = agreement(store, within=within, codebook=DEFAULT)
            of_mini = agreement(store, within=within, codebook=MINI)
        assert [d.code for d in pooled.disagreements] == []  # a shared id pools the books
        assert [(d.code, d.applied_by, d.not_applied_by) for d in of_default.disagreements] == [
            ("poc", ("alice",), ("bob",))
        ]
        (row,) = [r for r in of_default.rows if r.code == "poc"]
        assert row.units == 1 and row.percent_agreement == 0.0
        assert of_mini.disagreements == ()  # alice did not read the unit for mini


def test_a_decision_recorded_before_codebooks_decides_for_each_until_replaced(
    tmp_path: Path,
) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        _assign(admin)
        alice = _code(access, "alice", DEFAULT, MINI)
        _done(access, "bob", DEFAULT, MINI)

        def old_absent(store: Store) -> int:
            """An "absent" as the workbench recorded it before migration 0024 (SYNTHETIC)."""
            cur = store.conn.execute(
                "INSERT INTO adjudications (unit_key, code, decision, original_event_ids, "
                "adjudicator_id, created_at) VALUES (?, 'poc', 'absent', ?, 1, ?)",
                (OTHER, f"[{alice[DEFAULT]}, {alice[MINI]}]", utc_now()),
            )
            return int(cur.lastrowid or 0)

        old = access.write(old_absent)
        assert not _counted(access, DEFAULT) and not _counted(access, MINI)  # as before
        assert not _counted(access, None)
        for book in (DEFAULT, MINI):  # in force on each codebook's page
            (passage,) = _passages(admin, book)
            assert [(a["id"], a.get("codebook")) for a in passage["current"]] == [(old, None)]
        keep = {"unit_key": OTHER, "codes": ["poc"], "keep": [alice[MINI]], "codebook": MINI,
                "supersedes": {"poc": old}}  # fmt: skip
        assert admin.post("/api/adjudications/passage", json=keep).status_code == 201
        assert _counted(access, MINI) and _counted(access, None)
        assert not _counted(access, DEFAULT)  # the old decision still stands for it
        (passage,) = _passages(admin, DEFAULT)
        assert [a["id"] for a in passage["current"]] == [old]


def test_a_decision_on_a_shared_code_names_its_codebook(tmp_path: Path) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        _assign(admin)
        _code(access, "alice", DEFAULT)
        _done(access, "bob", DEFAULT)
        body = {"unit_key": OTHER, "codes": ["poc"], "keep": []}
        refused = admin.post("/api/adjudications/passage", json=body)
        assert refused.status_code == 400
        assert f"is in codebooks {DEFAULT}, {MINI}: say which codebook" in refused.text
        with access.read() as store:
            assert store.conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 0
        missing = admin.get("/api/adjudication", params={"codebook": "nosuch"})
        assert missing.status_code == 404 and "one of: stability-operations, mini" in missing.text
