"""A download's Content-Disposition is ASCII whatever the code or codebook is called (the route
fuzz found ``/api/codes/¹/export.csv`` answering a header of non-UTF-8 bytes: '¹' passed
``str.isalnum``). SYNTHETIC names."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from normtrace.web.routes.codes import _download


@pytest.mark.parametrize("name", ["¹.csv", "protección_civil.csv", "poc.csv", "a b/c.xlsx"])
def test_the_header_is_ascii_and_keeps_the_name(name: str) -> None:
    header = _download(b"x", "text/csv", name).headers["content-disposition"]
    assert header.isascii()
    plain = header.split('filename="', 1)[1].split('"', 1)[0]
    assert all(c.isalnum() or c in "-_." for c in plain)
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == name
