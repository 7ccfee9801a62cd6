"""A unit key `provenance` does not know is answered with the command that lists unit keys.

A new user was sent to `normtrace ls`, which lists documents, not unit keys; the answer now
names what is wrong with the key (its nearest keys) and `normtrace show SYMBOL`, which lists
a document's units. Real text: S/RES/1542 (2004).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_resolution

from normtrace.errors import NotFoundError
from normtrace.reuse.provenance import provenance
from normtrace.store.db import Store


def test_a_bad_unit_key_names_show_and_the_nearest_keys(fixtures_dir: Path) -> None:
    store = Store.open(":memory:")
    add_resolution(store, fixtures_dir / "reuse" / "S-RES-1542(2004).txt")
    with pytest.raises(NotFoundError) as err:
        provenance(store, "S/RES/1542 (2004)/op99")
    message = str(err.value)
    assert "`normtrace show 'S/RES/1542 (2004)'` lists them" in message
    assert "nearest: op9" in message and "normtrace ls" not in message
    with pytest.raises(NotFoundError, match="no document of the project has a symbol that starts"):
        provenance(store, "S/RES/9999 (2004)/op1")
