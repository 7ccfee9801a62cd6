"""A SYNTHETIC resolution file for tests that edit a document into new versions and put it
back: the made-up S/RES/9901 (2031) (no UN text), written as a plain-text file the resolution
parser reads.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this as
``from synthetic_resolution import ...``.
"""

from __future__ import annotations

from pathlib import Path

SYMBOL = "S/RES/9901 (2031)"
FILE_NAME = "S-RES-9901(2031).txt"
OP1 = f"{SYMBOL}/op1"
OP2 = f"{SYMBOL}/op2"
OP3 = f"{SYMBOL}/op3"
#: the typo a test fixes outside any coded words (in op2)
TYPO, FIXED = "donorfunded", "donor-funded"
TEXT = f"""United Nations {SYMBOL}
Security Council Distr.: General
3 March 2031

Resolution 9901 (2031)
Adopted by the Security Council at its 99901st meeting, on 3 March 2031

The Security Council,
Recalling its earlier SYNTHETIC decisions on the invented region,
1. Calls on the Government of the made-up state to protect civilians under threat;
2. Requests the Secretary-General to report on the SYNTHETIC mission, which is {TYPO};
3. Decides to remain seized of the made-up matter.
"""


def write(folder: Path, text: str = TEXT) -> Path:
    """``text`` written to ``folder/FILE_NAME`` (the folder made); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def fixed(text: str = TEXT) -> str:
    """``text`` with the typo of op2 fixed (no other word changes)."""
    return text.replace(TYPO, FIXED)


def write_many(folder: Path, first: int, count: int) -> list[Path]:
    """``count`` SYNTHETIC resolutions S/RES/``first`` (2031), ``first + 1`` ... one file each
    in ``folder`` (made); their paths."""
    folder.mkdir()
    paths = []
    for n in range(first, first + count):
        path = folder / f"S-RES-{n}(2031).txt"
        path.write_text(TEXT.replace("9901", str(n)), encoding="utf-8")
        paths.append(path)
    return paths
