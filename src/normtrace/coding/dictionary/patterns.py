"""Dictionary-entry patterns: syntax, validation and compilation to automaton keys.

Pattern syntax (see docs/codebook-schema.md):

* words separated by spaces, matched as whole words on normalized text
  (lowercased; hyphens, dashes and line breaks are spaces; other punctuation
  separates words too, so ``Secretary-General's`` is the words
  ``secretary general s``);
* ``*`` at the end of a word matches any word with that prefix (``neutrali*``);
* ``(a|b|c)`` lists alternatives, possibly empty or multi-word
  (``all necessary (means|measures)``, ``armed group(|s)``);
* a hyphenated word also matches written solid (``self-defence`` finds
  ``selfdefence``, a common de-hyphenation artefact of the UN texts).

Each pattern compiles to one or more :class:`CompiledPattern`: a literal *key*
for the Aho-Corasick automaton (everything up to and including the prefix of the
first wildcard) plus the word tests that follow the wildcard, checked against
the token positions after the automaton hit.

>>> [p.key for p in compile_pattern("all necessary (means|measures)")]
['all necessary means', 'all necessary measures']
>>> compile_pattern("neutrali* armed group*")[0].rest
(('armed', False), ('group', True))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from normtrace.coding.dictionary.textnorm import fold, separate_words

MAX_EXPANSIONS = 64
MIN_PREFIX = 3
_GROUP = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"[^\W_]+")
_INNER_HYPHEN = re.compile(r"(?<=[^\W_])[-\u2010\u2011](?=[^\W_])")


class PatternSyntaxError(ValueError):
    """A dictionary pattern is malformed (the codebook loader adds file and line)."""


@dataclass(frozen=True)
class CompiledPattern:
    """One alternative of a pattern, ready for the automaton.

    Attributes:
        source: the pattern as written in the codebook.
        key: normalized literal text the automaton searches for.
        open_end: the key ends in a wildcard prefix (extend the hit to the word end).
        rest: words after the first wildcard as ``(word, is_prefix)`` pairs.
    """

    source: str
    key: str
    open_end: bool
    rest: tuple[tuple[str, bool], ...]


def expand_alternatives(pattern: str) -> list[str]:
    """Expand ``(a|b)`` groups into the list of plain alternatives.

    >>> expand_alternatives("armed group(|s)")
    ['armed group', 'armed groups']
    """
    _check_parentheses(pattern)
    parts = _GROUP.split(pattern)
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    count = 1
    for options in choices:
        count *= len(options)
    if count > MAX_EXPANSIONS:
        raise PatternSyntaxError(
            f"pattern {pattern!r} expands to {count} alternatives (at most {MAX_EXPANSIONS}); "
            "split it into several entries"
        )
    return [" ".join("".join(combo).split()) for combo in product(*choices)]


def compile_pattern(pattern: str) -> list[CompiledPattern]:
    """Compile ``pattern`` to its automaton alternatives (duplicates removed)."""
    if not pattern or not pattern.strip():
        raise PatternSyntaxError("empty pattern")
    seen: dict[str, CompiledPattern] = {}
    for alternative in expand_alternatives(pattern):
        for variant in _hyphen_variants(alternative):
            compiled = _compile_plain(pattern, variant)
            seen.setdefault(compiled.key + repr(compiled.rest) + str(compiled.open_end), compiled)
    return list(seen.values())


def check_new_pattern(pattern: str) -> None:
    """Refuse in a codebook being registered what the syntax allows but cannot mean: ``a ~N~
    b`` (an old tutorial's form) is no proximity operator, it looks for the text "~N~" and
    silently finds nothing; proximity is an entry of its own. Not checked when a stored
    codebook is read back: a project that registered such an entry still opens."""
    if "~" in pattern:
        raise PatternSyntaxError(
            f"pattern {pattern!r}: proximity is an entry of its own, "
            "{near: [a, b], within: N}, not a ~N~ b"
        )


def _check_parentheses(pattern: str) -> None:
    depth = 0
    for char in pattern:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth not in (0, 1):
            raise PatternSyntaxError(
                f"pattern {pattern!r} has unbalanced or nested parentheses; "
                "write alternatives as (a|b) without nesting"
            )
    if depth:
        raise PatternSyntaxError(f"pattern {pattern!r} has an unclosed parenthesis")


def _folded(text: str) -> str:
    """``text`` folded as the matcher folds unit text: soft hyphens and zero-width
    characters (folded to NUL) disappear, as they do from the text."""
    return " ".join(fold(text).replace("\x00", "").split())


def _hyphen_variants(alternative: str) -> list[str]:
    folded = _folded(alternative)
    solid = _INNER_HYPHEN.sub("", alternative)
    if solid == alternative:
        return [folded]
    return [folded, _folded(solid)]


def _compile_plain(source: str, text: str) -> CompiledPattern:
    if not text:
        raise PatternSyntaxError(f"pattern {source!r} has an empty alternative")
    tokens = text.split(" ")
    for token in tokens:
        _check_token(source, token)
    wild = next((i for i, t in enumerate(tokens) if t.endswith("*")), None)
    if wild is None:
        return CompiledPattern(source, separate_words(text).strip(" "), False, ())
    head = separate_words(" ".join([*tokens[:wild], tokens[wild][:-1]])).strip(" ")
    rest: list[tuple[str, bool]] = []
    for token in tokens[wild + 1 :]:
        pieces = _WORD.findall(token.rstrip("*"))
        rest.extend((piece, False) for piece in pieces[:-1])
        rest.append((pieces[-1], token.endswith("*")))
    return CompiledPattern(source, head, True, tuple(rest))


def _check_token(source: str, token: str) -> None:
    if "*" in token[:-1]:
        raise PatternSyntaxError(
            f"pattern {source!r}: '*' may only end a word (as in 'neutrali*'), not {token!r}"
        )
    if token.endswith("*"):
        stem = token[:-1]
        if len(_WORD.findall(stem)) != 1 or not stem[-1:].isalnum():
            raise PatternSyntaxError(
                f"pattern {source!r}: wildcard word {token!r} must be letters or digits then '*'"
            )
        if len(stem) < MIN_PREFIX:
            raise PatternSyntaxError(
                f"pattern {source!r}: wildcard prefix {stem!r} is shorter than "
                f"{MIN_PREFIX} characters and would match too much"
            )
    elif not _WORD.search(token):
        raise PatternSyntaxError(f"pattern {source!r}: word {token!r} has no letters or digits")
