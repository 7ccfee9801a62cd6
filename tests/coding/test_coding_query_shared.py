"""The query language on real resolutions in ../shared (skipped without it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace import Project
from normtrace.coding.kwic import kwic
from normtrace.coding.search import search
from normtrace.reuse.first import first_appearance


@pytest.mark.slow
def test_first_asymmetric_wildcard_finds_asymmetrical_in_2124(
    shared_dir: Path, tmp_path: Path
) -> None:
    files = sorted((shared_dir / "corpus" / "resolutions").glob("S-RES-*(201[34]).txt"))
    assert len(files) > 100
    with Project(tmp_path / "p.db") as project:
        assert project.ingest(files).failures == []
        store = project.store
        wild = first_appearance(store, phrase="asymmetric*")
        plain = first_appearance(store, phrase="asymmetric")
        docs = {o.document for o in wild.occurrences}
        assert "S/RES/2124 (2013)" in docs
        assert {o.key for o in plain.occurrences} < {o.key for o in wild.occurrences}
        assert any(o.snippet.lower() == "asymmetrical" for o in wild.occurrences)
        # the same units for every command, and the same as a scan of every unit's text
        needle = re.compile(r"(?<![^\W_])asymmetric[^\W_]*", re.IGNORECASE)
        texts = store.conn.execute("SELECT key, text FROM units").fetchall()
        scanned = {r["key"] for r in texts if needle.search(r["text"])}
        assert {o.key for o in wild.occurrences} == scanned
        assert {ln.unit_key for ln in kwic(store, "asymmetric*")} == scanned
        assert {h["key"] for h in search(store, "asymmetric*", limit=10_000)} == scanned
