"""Every command starts without loading scikit-learn (1–2 s): only the commands that train,
suggest or validate load it (stop 41's review found the case report's validation tables had
pulled it into every command's start)."""

from __future__ import annotations

import subprocess
import sys


def test_the_command_line_starts_without_scikit_learn() -> None:
    code = "import sys, normtrace.cli; print(sorted(m for m in sys.modules if 'sklearn' in m)[:3])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
