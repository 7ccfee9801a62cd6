"""The agreement page: unit and passage level per code, the units behind them, a CSV."""

from __future__ import annotations

import csv
import io

from web_support import TestClient

KEY = "S/PV.8703/s002"


def test_agreement_says_what_it_measures_and_gives_a_csv(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    order = {"unit_keys": [KEY], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201
    for name, (start, end) in (("alice", (0, 30)), ("bob", (60, 90))):
        body = {"unit_key": KEY, "code": "poc", "start": start, "end": end}
        assert clients[name].post("/api/codings", json=body).status_code == 201
    data = clients["alice"].get("/api/agreement").json()
    row = next(c for c in data["codes"] if c["code"] == "poc")
    assert row["unit_keys"] == [KEY] and row["passage_alpha"] is not None
    assert row["passage_alpha"] < 0  # no shared character: worse than chance
    html = clients["alice"].get("/agreement").text
    assert "Passage level" in html and "Krippendorff 1995" in html and "/agreement.csv" in html
    table = list(csv.DictReader(io.StringIO(clients["alice"].get("/agreement.csv").text)))
    poc = next(r for r in table if r["code"] == "poc")
    assert poc["unit_keys"] == KEY and poc["krippendorff_alpha_characters"]
