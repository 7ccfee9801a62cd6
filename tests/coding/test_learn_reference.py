"""Reference examples from the bundled frames set for codes that stand for a frame.

The project-side texts below are SYNTHETIC; the reference rows of the first tests are
SYNTHETIC too (built with :func:`reference_from_rows`), the last test reads the bundled set.
"""

from __future__ import annotations

from typing import Any

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.learn.reference import bundled_reference, reference_from_rows
from normtrace.coding.learn.train import fit_model, reference_for


def _row(key: str, text: str, frames: list[str], units: int = 1) -> dict[str, Any]:
    symbol = key.rsplit("/", 1)[0]
    parts = [{"key": key, "text": text}] + [
        {"key": f"{key}/{chr(97 + i)}", "text": f"({chr(97 + i)}) part"} for i in range(units - 1)
    ]
    return {"key": key, "symbol": symbol, "split": "dev", "text": text, "units": parts,
            "frames": frames}  # fmt: skip


def _synthetic_reference(level: str = "paragraph") -> Any:
    rows = [_row(f"S/RES/90{i} (2001)/op1", f"Decides to neutralize armed groups in zone {i}",
                 ["offensive_force"]) for i in range(12)]  # fmt: skip
    rows += [_row(f"S/RES/80{i} (2002)/op2", f"Approves the budget for period {i}", [])
             for i in range(12)]  # fmt: skip
    rows.append(_row("S/RES/999 (2003)/op3", "Decides to neutralize armed groups", [], units=3))
    return reference_from_rows(rows, level)


def test_documents_the_project_labelled_are_left_out() -> None:
    ref = _synthetic_reference()
    usable = ref.usable({"S/RES/900 (2001)/op1/a", "S/PV.8703/s002/p03"})
    assert "S/RES/900 (2001)/op1" not in usable  # the project coded a unit of that resolution
    assert "S/RES/901 (2001)/op1" in usable
    assert len(usable) == len(ref.texts) - 1


def test_at_unit_level_only_one_unit_paragraphs_are_examples() -> None:
    assert "S/RES/999 (2003)/op3" in _synthetic_reference("paragraph").texts
    assert "S/RES/999 (2003)/op3" not in _synthetic_reference("unit").texts


def test_a_frame_code_learns_from_the_reference_and_other_codes_do_not() -> None:
    book = Codebook(
        name="mine",
        codes=(Code(id="off", name="Offensive force"), Code(id="misc", name="Miscellany")),
    )
    texts = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(20)}
    labels = {c: {k: 0 for k in texts} for c in ("off", "misc")}
    for k in ("k0", "k1", "k2", "k3", "k4", "k5"):
        texts[k] = f"The mission shall conduct offensive operations against militias ({k})."
        labels["off"][k] = 1
    ref = _synthetic_reference()
    model = fit_model(book, "paragraph", texts, labels, reference=ref)
    used = model.codes["off"]["reference"]
    assert used == {"frame": "offensive_force", "examples": 25, "of": 25, "positives": 12,
                    "set": ref.version}  # fmt: skip
    assert "reference" not in model.codes["misc"]
    assert model.params["reference"] == ref.version
    alone = fit_model(book, "paragraph", texts, labels)
    assert alone.params["reference"] is False and "reference" not in alone.codes["off"]
    assert alone.version != model.version  # the examples are part of what made the model


def test_the_bundled_reference_holds_the_frames_set_and_can_be_switched_off() -> None:
    ref = bundled_reference("paragraph")
    assert len(ref.texts) > 2000 and ref.version.startswith("frames-")
    assert reference_for("paragraph", {"reference": False}) is None
    assert reference_for("paragraph", None) is ref
    assert len(bundled_reference("unit").texts) < len(ref.texts)


def test_a_code_left_to_its_dictionary_records_no_reference_examples() -> None:
    """Two own positives are too few to learn from: the dictionary rule is used, and the
    model does not claim to have learned from the reference."""
    from normtrace.coding.learn.train import DictionaryRule

    book = Codebook(name="mine", codes=(Code(id="off", name="Offensive force"),))
    texts = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(20)}
    texts["k0"] = "The mission shall conduct targeted offensive operations against militias."
    texts["k1"] = "The brigade shall neutralize armed groups in the east."
    labels = {"off": {k: int(k in ("k0", "k1")) for k in texts}}
    model = fit_model(book, "paragraph", texts, labels, reference=_synthetic_reference())
    assert isinstance(model.classifiers["off"], DictionaryRule)
    assert "reference" not in model.codes["off"]
