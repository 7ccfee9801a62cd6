"""Replaying the fuzz regression corpus (``tests/fixtures/fuzz``, see its README).

Every bad-file class of issue 14 (items 7, 8, 11) and every input a fuzz test once broke
normtrace with: files are ingested in one batch with a good file (each gets its expected
outcome, refusals in one line, the batch goes on), queries are searched or refused in one
line, and web requests answer below 500.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fuzz_support import refused_cleanly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))
from web_support import TestClient, build_project, session_for  # noqa: E402

from normtrace import Project  # noqa: E402
from normtrace.coding.query import QueryError, parse_query  # noqa: E402
from normtrace.coding.search import search_units  # noqa: E402
from normtrace.ingest.limits import IngestLimits  # noqa: E402
from normtrace.pipeline import ingest_paths  # noqa: E402
from normtrace.web.app import create_app  # noqa: E402

pytestmark = pytest.mark.fuzz

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "fuzz"
GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
QUERIES = json.loads((CORPUS / "queries.json").read_text(encoding="utf-8"))["queries"]
REQUESTS = json.loads((CORPUS / "requests.json").read_text(encoding="utf-8"))["requests"]


def test_the_manifest_names_every_corpus_file() -> None:
    on_disk = {p.name for p in (CORPUS / "files").iterdir()}
    assert on_disk == set(MANIFEST["files"])


def _special_files(folder: Path) -> dict[str, str]:
    """The classes that cannot live in git, made here: name -> words of the refusal
    (``""``: stored)."""
    made: dict[str, str] = {}
    if sys.platform != "win32":
        os.mkfifo(folder / "synthetic-fifo.txt")
        made["synthetic-fifo.txt"] = "not a regular file (a FIFO)"
        (folder / "synthetic-dangling.txt").symlink_to(folder / "nowhere.txt")
        made["synthetic-dangling.txt"] = "dangling symbolic link"
        (folder / "synthetic-loop.txt").symlink_to(folder / "synthetic-loop.txt")
        made["synthetic-loop.txt"] = "symbolic link loops"
    big = folder / "S-RES-9907(2099) synthetic big.txt"
    big.write_bytes(b"The Security Council,\n" + b"x" * (2 * 1024 * 1024))
    made[big.name] = "over the limit of 1 MiB"
    name = os.fsdecode(b"S-RES-1542(2004) synthetic r\xe9solution.txt")
    try:
        shutil.copy(GOOD.parent / "S-RES-1542(2004).txt", folder / name)
        made[os.fsencode(name).decode("utf-8", "backslashreplace")] = ""
    except (UnicodeEncodeError, OSError):
        pass  # a file system without non-UTF-8 names: nothing to replay
    return made


def test_every_corpus_file_gets_its_outcome_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(CORPUS / "files", folder)
    expected = {n: ("" if f["expect"] == "stored" else f["reason"])
                for n, f in MANIFEST["files"].items()}  # fmt: skip
    expected |= _special_files(folder)
    shutil.copy(GOOD, folder / "zz S-RES-2100(2013).txt")  # after every bad file
    expected["zz S-RES-2100(2013).txt"] = ""
    with Project(tmp_path / "p.db") as project:
        # a folder walk passes over files without a readable suffix: name that one
        named = [folder, folder / "synthetic_no_suffix"]
        report = ingest_paths(project.store, named, limits=IngestLimits(max_file_mb=1))
    seen = {Path(o.path).name: o for o in report.outcomes}
    assert set(seen) == set(expected), set(seen) ^ set(expected)
    for name, reason in expected.items():
        outcome = seen[name]
        if not reason:
            assert outcome.status == "new", (name, outcome.error)
            continue
        assert outcome.status == "failed", (name, outcome.status)
        assert outcome.error is not None and "\n" not in outcome.error, name
        assert reason in outcome.error, (name, outcome.error)
        assert "Traceback" not in outcome.error


@pytest.fixture(scope="module")
def query_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with Project(tmp_path_factory.mktemp("corpusq") / "q.db") as project:
        assert project.ingest([GOOD]).failures == []
        yield project


@pytest.mark.parametrize("case", QUERIES, ids=[q["found"][:40] for q in QUERIES])
def test_every_corpus_query_is_searched_or_one_line(
    query_project: Project, case: dict[str, str]
) -> None:
    try:
        query = parse_query(case["query"])
    except QueryError as exc:
        assert refused_cleanly(exc), exc
        return
    found = search_units(query_project.store, query, seconds=10)
    assert found.total >= len(found.hits)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    application = create_app(build_project(tmp_path_factory.mktemp("corpusw") / "w.db"),
                             secret="corpus-secret")  # fmt: skip
    yield application
    application.state.access.close()


@pytest.mark.parametrize("case", REQUESTS, ids=[r["found"][:40] for r in REQUESTS])
def test_every_corpus_request_answers_below_500(app: FastAPI, case: dict[str, Any]) -> None:
    request = {k: v for k, v in case.items() if k not in ("found", "who", "cookies")}
    if "headers" in request:  # raw header bytes, as a client may send them
        request["headers"] = {k: v.encode("latin-1") for k, v in request["headers"].items()}
    client: TestClient = session_for(app, case["who"])
    for name, value in case.get("cookies", {}).items():
        client.cookies.set(name, value)
    response = client.request(**request, follow_redirects=False)
    assert response.status_code < 500, (case, response.status_code, response.text[:300])
