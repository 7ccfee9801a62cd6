"""``normtrace code suggest|next|judge`` as a new user meets them (issue 12).

Every text here is SYNTHETIC (made up for tests, not UN text) in made-up documents SYN/n,
from :func:`test_coding_learn.fill`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from test_coding_learn import CODEBOOK, fill, write_jsonl

from normtrace.cli import cli
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store

TREE = """name: tree
codes:
  - {id: mandate, name: Mandate tasks, codable: false}
  - {id: poc, name: Protection, parent: mandate}
  - {id: force, name: Force, parent: mandate}
  - {id: other, name: Other, codable: false}
"""


def _trained(tmp_path: Path, name: str, yaml: str) -> Path:
    """A SYNTHETIC project whose codebook ``name`` has a model from 20 coded units."""
    path = tmp_path / "learn.db"
    store = Store.open(path)
    truth = fill(store)
    (tmp_path / f"{name}.yaml").write_text(yaml)
    rows: list[dict[str, object]] = []
    for key in sorted(truth)[:20]:
        codes = [c for c, on in zip(("poc", "force"), truth[key], strict=True) if on] or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    import_codings(store, write_jsonl(tmp_path / "t.jsonl", rows),
                   codebook=str(tmp_path / f"{name}.yaml"), coder="gold")  # fmt: skip
    train_model(store, name)
    store.close()
    return path


@pytest.fixture(scope="module")
def trained_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of :func:`_trained` ``synth`` project, built once for the module (training
    takes about a second); tests get a copy (:func:`trained`), never this folder."""
    folder = tmp_path_factory.mktemp("trained")
    _trained(folder, "synth", CODEBOOK)
    return folder


@pytest.fixture()
def trained(trained_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the ``synth`` project (and the files it was made from) in tmp_path."""
    for made in trained_template.iterdir():
        shutil.copyfile(made, tmp_path / made.name)
    return tmp_path / "learn.db"


def run(project: Path, *args: str, code: int = 0) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def events_count(project: Path) -> int:
    store = Store.open(project)
    try:
        return int(store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0])
    finally:
        store.close()


def stored_ids(project: Path) -> dict[tuple[str, str], int]:
    """(unit_key, code) -> id of the latest suggest run's rows."""
    store = Store.open(project)
    try:
        rows = store.conn.execute(
            "SELECT unit_key, code, id FROM suggestions "
            "WHERE run_id = (SELECT max(run_id) FROM suggestions)"
        ).fetchall()
    finally:
        store.close()
    return {(r[0], r[1]): int(r[2]) for r in rows}


def test_suggest_shows_the_ids_judge_takes_in_every_format(trained: Path) -> None:
    suggest = ("code", "suggest", "--codebook", "synth")
    out, _ = run(trained, *suggest, "--format", "json")
    rows = json.loads(out)
    assert rows and list(rows[0])[0] == "id"
    assert {(r["unit_key"], r["code"]): r["id"] for r in rows} == stored_ids(trained)

    out, _ = run(trained, *suggest, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert {(r["unit_key"], r["code"]): int(r["id"]) for r in table} == stored_ids(trained)

    out, _ = run(trained, *suggest, "--format", "table")
    header, _rule, first, *_ = out.splitlines()
    assert header.split()[0] == "id"
    sid, key = first.split()[:2]
    assert sid.startswith("s")  # a table's ids name their kind: a candidate's is c12
    assert stored_ids(trained)[key, first.split()[2]] == int(sid[1:])
    judged, _ = run(trained, "code", "judge", sid, "accept", "--coder", "ana")
    assert f"accept suggestion {sid} ({first.split()[2]} on {key})" in judged


def test_a_candidates_id_is_refused_by_judge_and_a_suggestions_by_verdict(
    trained: Path,
) -> None:
    """Suggestions and dictionary candidates are numbered apart; a new user passed a
    suggestion's id to `code verdict`, which judged the candidate of that number, another
    passage and another code. The letter the tables show now makes that an error."""
    book = trained.parent / "dict.yaml"
    book.write_text("name: dict\ncodes:\n  - {id: poc, name: Protection, entries: [civilians]}\n")
    run(trained, "code", "apply", str(book))
    out, _ = run(trained, "code", "list", "--limit", "1")
    cid = out.splitlines()[2].split()[0]
    assert cid.startswith("c")
    before = events_count(trained)
    for command, wrong, right in (("judge", cid, "code verdict"), ("verdict", "s1", "code judge")):
        done = CliRunner().invoke(
            cli, ["--project", str(trained), "code", command, wrong, "accept", "--coder", "ana"]
        )
        assert done.exit_code == 2 and f"judge it with `normtrace {right} {wrong}" in done.output
    assert events_count(trained) == before
    verdict, _ = run(trained, "code", "verdict", cid, "accept", "--coder", "ana")
    assert "verdict accept" in verdict and events_count(trained) == before + 1


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("to_file", [False, True])
def test_suggest_prints_its_summary_on_stderr_only(
    trained: Path, tmp_path: Path, fmt: str, to_file: bool
) -> None:
    target = tmp_path / f"s.{fmt}"
    out, err = run(trained, "code", "suggest", "--codebook", "synth", "--format", fmt,
                   *(("-o", str(target)) if to_file else ()))  # fmt: skip
    data = target.read_text() if to_file else out
    assert "suggestions >=" in err and "suggestions >=" not in data
    assert out == "" if to_file else out.startswith(("id", "["))
    if fmt == "json":
        assert json.loads(data)  # nothing but the data


def test_next_on_a_group_code_says_it_is_a_group_and_names_its_codable_codes(
    tmp_path: Path,
) -> None:
    project = _trained(tmp_path, "tree", TREE)
    _, err = run(project, "code", "next", "--codebook", "tree", "--code", "mandate", code=1)
    (line,) = err.splitlines()
    assert "'mandate'" in line and "is a group (codable: false)" in line
    assert line.endswith("pass --code with one of its codable codes: poc, force")
    _, err = run(project, "code", "next", "--codebook", "tree", "--code", "other", code=1)
    assert err.rstrip().endswith("pass --code with a codable code of tree: poc, force")
    out, _ = run(project, "code", "next", "--codebook", "tree", "--code", "poc", "--n", "2")
    assert "(nothing)" not in out  # its codable codes work
    _, err = run(project, "code", "next", "--codebook", "tree", "--code", "nosuch", code=1)
    assert err.rstrip().endswith("no code 'nosuch' in codebook tree; its codable codes: poc, force")


CODER_COMMANDS = [
    ["code", "add", "SYN/1/op2", "0", "5", "poc"],
    ["code", "remove", "SYN/1/op2", "0", "5", "poc"],
    ["code", "undo"],
    ["code", "verdict", "1", "accept"],
    ["code", "doc-memo", "SYN/1", "a synthetic memo"],
    ["code", "done", "SYN/1/op2", "--codebook", "synth"],
    ["code", "import", "codings.jsonl", "--codebook", "synth"],
    ["code", "judge", "1", "accept"],
]


@pytest.mark.parametrize("args", CODER_COMMANDS, ids=lambda a: a[1])
def test_every_command_recording_human_work_requires_a_coder(
    trained: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.delenv("NORMTRACE_CODER", raising=False)
    monkeypatch.setenv("USER", "login-name")  # no longer a silent default
    _, err = run(trained, *args, code=2)
    assert "Missing option '--coder'" in err


def test_code_add_takes_the_coder_from_the_environment(
    trained: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NORMTRACE_CODER", "ana")
    out, _ = run(trained, "code", "add", "SYN/1/op2", "0", "5", "poc", "--json")
    assert json.loads(out)["coder"] == "ana"
    run(trained, "code", "undo", "--coder", "bo", code=1)  # bo has nothing to undo
    out, _ = run(trained, "code", "undo")
    assert "undid" in out


def test_settling_a_review_requires_a_coder_listing_does_not(
    trained: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NORMTRACE_CODER", raising=False)
    monkeypatch.setenv("USER", "login-name")
    assert "(nothing)" in run(trained, "code", "review")[0]
    _, err = run(trained, "code", "review", "1", "--drop", code=2)
    assert "settling a review records who settled it: pass --coder NAME" in err


DICTIONARY = """name: dict
codes:
  - {id: poc, name: Protection, entries: ["civilians"]}
  - {id: force, name: Force}
"""


def test_next_on_a_dictionary_code_takes_the_longest_hits_first_and_says_so(
    tmp_path: Path,
) -> None:
    """SYNTHETIC project: ``poc``'s dictionary ("civilians") marks exactly its positives, so
    the dictionary predicts it and every hit has one probability; ``force`` has no
    dictionary and gets a classifier."""
    from normtrace.coding.learn.active import DICTIONARY_TIES, next_units

    project = _trained(tmp_path, "dict", DICTIONARY)
    store = Store.open(project)
    try:
        hits = next_units(store, "dict", "poc", n=3)
        assert {u.basis for u in hits} == {"dictionary"}
        texts = dict(store.conn.execute("SELECT key, text FROM paragraphs").fetchall())
        pool = next_units(store, "dict", "poc", n=1000)
        # the most uncertain probability is shared by many units; the first pick is the
        # longest of them
        tied = [
            len(texts[u.unit_key].split()) for u in pool if u.probability == hits[0].probability
        ]
        assert len(tied) > 3 and len(set(tied)) > 1
        assert len(texts[hits[0].unit_key].split()) == max(tied)
        assert {u.basis for u in next_units(store, "dict", "force", n=3)} == {"classifier"}
    finally:
        store.close()
    _, err = run(project, "code", "next", "--codebook", "dict", "--code", "poc", "--n", "3")
    assert (
        err == f"note: poc is predicted by its dictionary, so units of equal probability "
        f"are ordered {DICTIONARY_TIES}\n"
    )
    _, err = run(project, "code", "next", "--codebook", "dict", "--code", "force", "--n", "3")
    assert err == ""


def test_ties_are_ordered_by_length_only_for_a_dictionary_code() -> None:
    """SYNTHETIC paragraphs: the tie keys of a dictionary rule put the longest text first;
    a classifier's stay the text hash they were (its picking is unchanged)."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.learn.active import (
        longest_first,
        pick,
        probabilities_for,
        tie_break,
        ties_for,
    )
    from normtrace.coding.learn.train import DictionaryRule, fit_model

    book = Codebook(name="frames", codes=(Code(id="core_principles", name="Core"),
                                          Code(id="y", name="Y")))  # fmt: skip
    train = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(30)}
    train["k0"] = "Reaffirming the basic principles of peacekeeping, including consent."
    labels = {"core_principles": {k: int(k == "k0") for k in train},
              "y": {k: int(i % 3 == 0) for i, k in enumerate(train)}}  # fmt: skip
    model = fit_model(book, "paragraph", train, labels)
    assert isinstance(model.classifiers["core_principles"], DictionaryRule)
    hit = "the consent of the parties and the basic principles of peacekeeping"
    pool = [f"Item {i}: {hit}{' and more' * (i % 13)} in district {i}." for i in range(200)]
    p = probabilities_for(model, "core_principles", pool)
    assert len(set(p.tolist())) == 1  # all tied
    picked = pick(p, model.featurizer.transform(pool), 3, ties_for(model, "core_principles", pool))
    longest = max(len(t.split()) for t in pool)
    assert len(pool[picked[0]].split()) == longest
    assert ties_for(model, "y", pool).tolist() == tie_break(pool).tolist()
    # past LONG words, a text is as long as any: no 1,400-word paragraph always first
    long_, longer, short = f"{hit} " * 15, f"{hit} " * 120, hit
    keys = longest_first([long_, longer, short]) >> np.uint64(40)
    assert keys[0] == keys[1] < keys[2]


def test_export_refuses_an_unknown_code_and_warns_of_filters_that_do_not_apply(
    trained: Path, tmp_path: Path
) -> None:
    """An export filtered by a code no codebook has wrote "0 rows" and exit 0; a coder who
    coded nothing, and table options given for a .qdpx, passed silently."""
    target = str(tmp_path / "only.csv")
    _, err = run(trained, "code", "export", target, "--code", "nosuch", code=1)
    assert "--code 'nosuch' is in none of the project's codebooks" in err
    assert not Path(target).exists()
    _, err = run(trained, "code", "export", target, "--coder", "nobody")
    assert "warning: --coder 'nobody' has coded nothing in this project" in err
    _, err = run(trained, "code", "export", str(tmp_path / "p.qdpx"), "--passages")
    assert "warning: .qdpx is not a table: --passages, --code and --coder do not apply" in err


def test_passages_show_judged_suggestions_as_accepted_or_leave_them_out(
    trained: Path, tmp_path: Path
) -> None:
    """Judged suggestions were exported as "pending"; now like candidates: an accepted one is
    ``accepted``, a rejected one is left out."""
    run(trained, "code", "suggest", "--codebook", "synth")
    ids = sorted(stored_ids(trained).values())
    assert len(ids) >= 3
    run(trained, "code", "judge", str(ids[0]), "accept", "--coder", "ana")
    run(trained, "code", "judge", str(ids[1]), "reject", "--coder", "ana")
    target = tmp_path / "p.csv"
    run(trained, "code", "export", str(target), "--passages")
    with target.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] == "suggestion"]
    status = {int(r["ref"]): r["status"] for r in rows}
    assert status[ids[0]] == "accepted" and ids[1] not in status
    assert set(status.values()) == {"accepted", "pending"}


def test_code_list_of_events_with_a_limit_shows_the_latest(trained: Path) -> None:
    """`code list --source events --limit N` showed the N oldest events."""
    for start in (0, 1, 2):
        run(trained, "code", "add", "SYN/1/op2", str(start), "5", "poc", "--coder", "ana")
    out, _ = run(trained, "code", "list", "--source", "events", "--limit", "2", "--format",
                 "json")  # fmt: skip
    shown = json.loads(out)
    assert [(e["action"], e["start"]) for e in shown] == [("code", 1), ("code", 2)]


def test_judging_a_suggestion_of_an_earlier_run_says_so(trained: Path) -> None:
    run(trained, "code", "suggest", "--codebook", "synth")
    old = min(stored_ids(trained).values())
    run(trained, "code", "suggest", "--codebook", "synth")
    out, err = run(trained, "code", "judge", str(old), "accept", "--coder", "ana")
    assert f"accept suggestion s{old} (" in out  # a bare number is the suggestion's
    assert f"note: suggestion s{old} is from an earlier `code suggest` run" in err
    latest = min(stored_ids(trained).values())
    _, err = run(trained, "code", "judge", str(latest), "reject", "--coder", "ana")
    assert err == ""


def test_next_on_a_code_nobody_labelled_takes_its_dictionary_hits(tmp_path: Path) -> None:
    """SYNTHETIC project. A code no one labelled keeps its dictionary rule's prior (0.75 on a
    hit, 0.25 elsewhere): hits and misses are equally uncertain, and a new user's `code next`
    listed 19 misses and one hit. The hits come first while any are left."""
    from normtrace.coding.human.reviews import mark_done
    from normtrace.coding.learn.active import next_units
    from normtrace.coding.learn.train import DictionaryRule, latest_model

    store = Store.open(tmp_path / "p.db")
    truth = fill(store)
    (tmp_path / "d3.yaml").write_text(
        "name: d3\ncodes:\n  - {id: poc, name: Protection, entries: [civilians]}\n"
        "  - {id: force, name: Force}\n  - {id: talks, name: Talks, entries: [dialogue]}\n"
    )
    keys = sorted(truth)[:20]
    rows = [{"unit_key": k, "code": c, "reviewed": "no"} for k in keys
            for c, on in zip(("poc", "force"), truth[k], strict=True) if on]  # fmt: skip
    import_codings(store, write_jsonl(tmp_path / "t.jsonl", rows),
                   codebook=str(tmp_path / "d3.yaml"), coder="gold")  # fmt: skip
    mark_done(store, coder="gold", codebook="d3", unit_keys=keys, codes=["poc", "force"])
    train_model(store, "d3")
    rule = latest_model(store, "d3", "unit").classifiers["talks"]
    assert isinstance(rule, DictionaryRule) and (rule.p_hit, rule.p_miss) == (0.75, 0.25)
    texts = dict(store.conn.execute("SELECT key, text FROM paragraphs").fetchall())
    hits = {k for k, t in texts.items() if "dialogue" in t.lower()}
    assert 5 <= len(hits) < len(texts) - 5
    picked = next_units(store, "d3", "talks", n=5)
    assert len(picked) == 5 and {u.unit_key for u in picked} <= hits
    assert {u.probability for u in picked} == {0.75}


def test_validate_says_when_the_model_kept_the_dictionary_rule(tmp_path: Path) -> None:
    """SYNTHETIC project. A new user saw `code train` report a cross-validated F1 for the
    model and `code validate` a model row identical to the dictionary's, with nothing
    saying why: in each fold the model kept the dictionary rule."""
    from normtrace.coding.learn.validate import validate

    project = _trained(tmp_path, "dict", DICTIONARY)
    store = Store.open(project)
    try:
        rows = {(s.code, s.method): s for s in validate(store, "dict").scores}
    finally:
        store.close()
    assert "kept the dictionary rule in every fold" in rows[("poc", "model")].note
    assert (rows[("poc", "model")].tp, rows[("poc", "model")].fp) == (
        rows[("poc", "dictionary")].tp, rows[("poc", "dictionary")].fp)  # fmt: skip
    assert "dictionary rule" not in rows[("force", "model")].note


def test_judge_takes_several_ids_in_one_write(trained: Path) -> None:
    """A new user judged 24 suggestions one command each; several ids are judged at once,
    all or none (an id of another kind refuses the whole command)."""
    run(trained, "code", "suggest", "--codebook", "synth", "--format", "json")
    first, second, *_ = sorted(stored_ids(trained).values())
    before = events_count(trained)
    refused = CliRunner().invoke(cli, ["--project", str(trained), "code", "judge", f"s{first}",
                                       "c1", "reject", "--coder", "ana"])  # fmt: skip
    assert refused.exit_code == 2 and events_count(trained) == before
    _, err = run(trained, "code", "judge", f"s{first}", "s999999", "reject", "--coder", "ana",
                 code=1)  # fmt: skip
    assert "999999" in err and events_count(trained) == before  # the first was not kept
    out, _ = run(trained, "code", "judge", f"s{first}", str(second), "reject", "--coder", "ana")
    assert out.count("reject suggestion s") == 2 and events_count(trained) == before + 2


def test_suggest_writes_a_csv_header_when_nothing_passes_the_bar(
    trained: Path, tmp_path: Path
) -> None:
    """An empty CSV is still a table (pandas and R read a header, not a 0-byte file)."""
    target = tmp_path / "s.csv"
    run(trained, "code", "suggest", "--codebook", "synth", "--format", "csv",
        "--min-probability", "1.0", "-o", str(target))  # fmt: skip
    assert target.read_text() == "id,unit_key,code,probability,model\n"
