"""The case YAML format is documented (N1's finding F6): docs/cases.md names every field
``load_case`` accepts, its example loads, and the error for a `name` that is not the file's
says what to do. The case content is SYNTHETIC (an illustration; no document is read).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace.actors import cases
from normtrace.errors import ConfigError

DOC = Path(__file__).resolve().parents[2] / "docs" / "cases.md"


def _example() -> str:
    found = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert found is not None, "docs/cases.md lost its YAML example"
    return found.group(1)


def test_every_field_is_documented_with_whether_it_is_required() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (yes|no) \|", text, re.M))
    assert rows == {**{f: "yes" for f in cases._REQUIRED}, **{f: "no" for f in cases._OPTIONAL}}


def test_the_documented_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "timor-2006.yaml"
    path.write_text(_example(), encoding="utf-8")
    case = cases.load_case(path)
    assert (case.name, case.start, case.end, case.mission) == ("timor-2006", 2005, 2008, "UNMIT")


def test_a_name_that_is_not_the_file_name_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "timor.yaml"
    path.write_text(_example(), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        cases.load_case(path)
    message = str(info.value)
    assert message.endswith("`name` 'timor-2006' differs from the file name 'timor' (a case is "
                            "known by its name, which must be its file's): rename the file to "
                            "timor-2006.yaml or set `name: timor` (docs/cases.md)")  # fmt: skip
    assert "\n" not in message
