"""A grouping code (``codable: false``) is never applied: the coding bar does not offer one,
and the API refuses it in one line (the library's refusal, ``coding.human.codable``)."""

from __future__ import annotations

import re

from web_support import TestClient

OP09 = "S/RES/2098 (2013)/op09"


def test_the_coding_bar_offers_no_grouping_code(clients: dict[str, TestClient]) -> None:
    page = clients["alice"].get(f"/units/{OP09}").text
    bar = page[page.index('id="coding-bar"') :]
    offered = set(re.findall(r'<option value="([^"]+)"', bar[: bar.index("</select>")]))
    assert "poc" in offered and "intervention_brigade" in offered
    assert not offered & {"primary_norms", "offensive_force", "core_principles", "persuasion"}


def test_the_api_refuses_a_grouping_code_in_one_line(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    text = alice.get(f"/api/units/{OP09}").json()["unit"]["text"]
    body = {"unit_key": OP09, "code": "offensive_force", "start": 0, "end": 9,
            "snippet": text[:9]}  # fmt: skip
    refused = alice.post("/api/codings", json=body)
    assert refused.status_code == 400
    assert "is a grouping code (codable: false), never applied" in refused.text
    assert "intervention_brigade" in refused.text  # one of the codes to use instead
    assert alice.get(f"/api/units/{OP09}").json()["unit"]["codings"] == []
