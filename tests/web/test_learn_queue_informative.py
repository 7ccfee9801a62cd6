"""The workbench's suggestion queue of a code warns when the model behind its suggestions is no
better than the base rate (as ``code train`` judged it and ``code suggest`` recorded it), and
says so in its JSON twin; an informative model's queue carries no warning.

Regression (new user 46, F5): the queue listed 672 suggestions of a code whose model ranked
its labelled positives no better than chance, with nothing said.

Every text and label here is SYNTHETIC (made up, not UN text): documents SYN/n of
:func:`test_coding_learn.fill`, ``noise`` labelled at random. The fixture project of the other
web tests is not used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from synthetic_web import serve
from web_support import ACCOUNTS, PASSWORD

from normtrace.coding.learn.informative import BASE_RATE, INFORMATIVE
from normtrace.coding.learn.suggest import suggest
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store
from normtrace.web.auth import create_user

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coding"))
from synthetic_judged import label_judged  # noqa: E402 - SYNTHETIC documents and labels


def _project(tmp_path: Path) -> Path:
    """60 SYNTHETIC units; 40 labelled (poc by what they say, noise at random); trained and
    suggested on; the accounts of ``web_support``."""
    path = tmp_path / "queue.db"
    with Store.open(path) as store:
        label_judged(store, tmp_path)
        train_model(store, "judged")
        report = suggest(store, "judged")
        assert report.judged["noise"].verdict == BASE_RATE and report.counts["noise"] > 0
        assert report.judged["poc"].verdict == INFORMATIVE
        with store.transaction():
            for name, role in ACCOUNTS.items():
                create_user(store, name, role, PASSWORD)
    return path


def test_the_queue_warns_of_a_model_no_better_than_the_base_rate(tmp_path: Path) -> None:
    with serve(_project(tmp_path)) as (clients, _):
        alice = clients["alice"]
        noise = alice.get("/api/learn/judged/noise").json()
        assert noise["suggestions"], "the suggestions are listed, not dropped"
        assert noise["judged"]["verdict"] == BASE_RATE and noise["judged"]["warns"] is True
        page = alice.get("/learn/judged/noise").text
        assert 'class="uninformative warning" role="alert"' in page
        assert "Warning: the model behind these suggestions is no better than the base rate" \
            in page  # fmt: skip
        assert "no better than the base rate: held out in" in page  # the grounds
        poc = alice.get("/api/learn/judged/poc").json()
        assert poc["judged"]["verdict"] == INFORMATIVE and poc["judged"]["warns"] is False
        assert "uninformative" not in alice.get("/learn/judged/poc").text
