"""`first --code CODE --codebook NAME`: the first use of a code id two codebooks share, read
from one codebook's codings, accepts and candidates, with its measured error; without
``--codebook`` both are read and a note says so (a code id shared with a researcher's own
codebook mixed their codings into the default's first use silently). The codebook `mini` is
SYNTHETIC; the resolution is real."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code
from normtrace.errors import ReuseError
from normtrace.reuse.first import first_appearance
from normtrace.store.db import Store
from resolution_2100 import ingested_2100

MINI = Codebook(
    name="mini",
    codes=(Code(id="poc", name="Protection of civilians (SYNTHETIC)",
                entries=(Entry("zzzz never matched"),)),),
)  # fmt: skip


def _uncoded_unit(store: Store) -> str:
    """A unit where the default codebook proposes no ``poc``."""
    row = store.conn.execute(
        "SELECT key FROM units WHERE key NOT IN (SELECT unit_key FROM current_auto_codings "
        "WHERE code = 'poc') AND length(text) > 40 ORDER BY key LIMIT 1"
    ).fetchone()
    return str(row[0])


def test_first_use_reads_one_codebook_when_named(tmp_path: Path) -> None:
    with ingested_2100(tmp_path, apply=True) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        key = _uncoded_unit(store)
        add_code(store, coder="ana", unit_key=key, start=0, end=10, code="poc", codebook="mini")
        mine = first_appearance(store, code="poc", codebook="mini")
        assert [o.key for o in mine.occurrences] == [key] and mine.codebook == "mini"
        assert not mine.shared and "codebook mini only" in mine.render()
        default = first_appearance(store, code="poc", codebook="stability-operations")
        assert key not in {o.key for o in default.occurrences} and default.occurrences
        both = first_appearance(store, code="poc")
        assert key in {o.key for o in both.occurrences}
        assert both.shared == {"poc": ["stability-operations", "mini"]}
        assert "note: code id poc is in codebooks stability-operations, mini" in both.render()
        assert both.to_dict()["shared_code_ids"] == {"poc": ["stability-operations", "mini"]}
        with pytest.raises(ReuseError, match="no codebook 'nope'"):
            first_appearance(store, code="poc", codebook="nope")
        with pytest.raises(ReuseError, match="--codebook goes with --code"):
            first_appearance(store, phrase="protect", codebook="mini")
        db = str(store.path)
    done = CliRunner().invoke(
        cli, ["--project", db, "first", "--code", "poc", "--codebook", "mini"]
    )
    assert done.exit_code == 0, done.output
    assert "codebook mini only" in done.output and key in done.output
