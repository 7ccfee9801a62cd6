"""Paragraph joining grows linearly: ``join_continuations`` on 4× the lines takes ~4× the time.

SYNTHETIC input (no UN text): one numbered paragraph continued over N pages (lines joined
across form feeds, the case that took 3.3 / 11.9 / 43 s for 20k / 40k / 80k form feeds
when the paragraph was re-concatenated at every line), and the same over N hard-wrapped
lines. Baseline, in the same run: ``strip_furniture`` over the same text, a single pass.

Prints CPU seconds, the growth ratio time(4N) / time(N) (linear ≈ 4, quadratic ≈ 16;
target ≤ 6) and join time / baseline time at 4N.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from normtrace.parse import furniture
from normtrace.parse.resolution.parser import parse_resolution

N = 20_000
REPEATS = 3


def cpu(func: Callable[[], object]) -> float:
    """Fastest CPU time of ``func`` over REPEATS runs."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def text(n: int, sep: str) -> str:
    """A SYNTHETIC resolution whose paragraph 1 runs over ``n`` pages or lines."""
    body = sep.join(["continued the text of"] * n)
    return f"S/RES/9999 (2099)\nThe Security Council,\n1. Decides that the words of{sep}{body}"


def _unit(text: str) -> bool:
    return text[:2] == "1."


def main() -> None:
    for label, sep in (("form feeds", "\f"), ("hard-wrapped lines", "\n")):
        times = {}
        for n in (N, 4 * N):
            source = text(n, sep)
            lines = furniture.strip_furniture(source)
            join = cpu(
                partial(furniture.join_continuations, lines, starts_unit=_unit, wrapped=sep == "\n")
            )
            base = cpu(partial(furniture.strip_furniture, source))
            whole = cpu(partial(parse_resolution, source))
            times[n] = (join, base)
            print(f"{label:>18} n={n:>6}: join {join:.3f} s, strip_furniture {base:.3f} s, "
                  f"parse_resolution {whole:.2f} s")  # fmt: skip
        growth = times[4 * N][0] / max(times[N][0], 1e-9)
        ratio = times[4 * N][0] / max(times[4 * N][1], 1e-9)
        verdict = "ok" if growth <= 6 else "SUPERLINEAR"
        print(f"{label:>18}: growth time(4N)/time(N) = {growth:.1f} (target <= 6: {verdict}); "
              f"join / strip_furniture at 4N = {ratio:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
