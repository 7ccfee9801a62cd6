"""Score speech segmentation of verbatim records against corpus-format gold speeches.

Gold: the UN Security Council Debates corpus layout, one speech per file
(``UNSC_2020_SPV.8703_spch002.txt``), all on one line, speaker header before
the first colon. Gold text is OCR (misread letters, and words of the other
column interleaved), so speech starts are compared tolerantly: the similarity
of a parsed and a gold speech is 0.8 × the share of the parsed speech's first
:data:`START_WORDS` normalised words found among the gold speech's first
:data:`GOLD_WINDOW` words (robust to interleaved words) + 0.2 × the rapidfuzz
ratio of the two starts (prefers the closest of similar formulaic openings).
Pairs are chosen by a monotone (order preserving) alignment maximising total
weight over pairs scoring at least :data:`ALIGN_MIN`, or
:data:`ALIGN_MIN_SAME_SPEAKER` when the two headers agree (the weight is the
similarity, plus :data:`SAME_SPEAKER_BONUS` for agreeing headers). An aligned
pair is a matched boundary; boundary precision = matched / parsed, recall =
matched / gold. On the 2020 PDFs correct pairs score ≥ 89 and wrong pairs ≤ 79.

Speaker headers are compared on aligned pairs after Unicode folding (accents,
case, spacing, quotes): ``speaker_accuracy_strict`` needs speaker, affiliation
and language to be equal; ``speaker_accuracy`` also forgives OCR damage to the
gold name (name similarity ≥ :data:`NAME_OCR_MIN`, e.g. ``Jiirgenson`` for
``Jürgenson``) but still needs affiliation and language to be equal.

>>> score = evaluate_speeches([], [])
>>> score.f1
1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from normtrace.errors import IngestError
from normtrace.parse.model import Speech
from normtrace.parse.symbols import canonical, symbol_from_filename
from normtrace.parse.verbatim.speakers import match_header

ALGORITHM = "eval.speech_boundaries.v1"
#: Words from the start of a parsed speech looked for in the gold speech.
START_WORDS = 40
#: Words from the start of a gold speech searched (OCR may interleave the other column).
GOLD_WINDOW = 80
#: Minimum similarity (0-100) of two speech starts for them to align.
ALIGN_MIN = 84.0
#: Lower minimum when the two headers agree (gold OCR may garble a speech's first words).
ALIGN_MIN_SAME_SPEAKER = 60.0
#: Weight added to a pair whose headers agree, to prefer it among similar openings.
SAME_SPEAKER_BONUS = 10.0
#: Minimum rapidfuzz ratio of two speaker names to count an OCR-damaged gold name as equal.
NAME_OCR_MIN = 85.0


@dataclass(frozen=True)
class GoldSpeech:
    """One gold speech: its number in the meeting, the header split as printed, the text."""

    index: int
    header: str
    speaker: str
    affiliation: str | None
    language: str | None
    text: str
    path: str = ""


@dataclass
class _Counts:
    parsed: int = 0
    gold: int = 0
    matched: int = 0
    speaker: int = 0
    speaker_strict: int = 0
    affiliation: int = 0
    language: int = 0
    mismatches: list[str] = field(default_factory=list)


def _rate(num: int, den: int, empty: float = 1.0) -> float:
    return num / den if den else empty


@dataclass(frozen=True)
class SpeechScore:
    """Boundary and speaker agreement of parsed speeches with gold speeches.

    Rates are plain fields (so ``dataclasses.asdict`` gives every figure);
    accuracies are over aligned pairs.
    """

    parsed: int
    gold: int
    matched: int
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    speaker_accuracy_strict: float
    affiliation_accuracy: float
    language_accuracy: float
    speaker_correct: int
    speaker_correct_strict: int
    affiliation_correct: int
    language_correct: int
    mismatches: tuple[str, ...] = ()
    algorithm: str = ALGORITHM

    @classmethod
    def _from(cls, c: _Counts) -> SpeechScore:
        p = _rate(c.matched, c.parsed, float(c.gold == 0))
        r = _rate(c.matched, c.gold, float(c.parsed == 0))
        return cls(
            parsed=c.parsed,
            gold=c.gold,
            matched=c.matched,
            precision=p,
            recall=r,
            f1=2 * p * r / (p + r) if p + r else 0.0,
            speaker_accuracy=_rate(c.speaker, c.matched),
            speaker_accuracy_strict=_rate(c.speaker_strict, c.matched),
            affiliation_accuracy=_rate(c.affiliation, c.matched),
            language_accuracy=_rate(c.language, c.matched),
            speaker_correct=c.speaker,
            speaker_correct_strict=c.speaker_strict,
            affiliation_correct=c.affiliation,
            language_correct=c.language,
            mismatches=tuple(c.mismatches),
        )

    def describe(self) -> str:
        """One line with every figure."""
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"speaker={self.speaker_accuracy:.3f} (strict {self.speaker_accuracy_strict:.3f}) "
            f"affiliation={self.affiliation_accuracy:.3f} language={self.language_accuracy:.3f} "
            f"[parsed {self.parsed}, gold {self.gold}, matched {self.matched}]"
        )


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten quotes and collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))[:GOLD_WINDOW]


def start_similarity(parsed: Sequence[str], gold: Sequence[str]) -> float:
    """Similarity (0-100) of two speech starts given as normalised word lists."""
    found = Counter(gold)
    head = parsed[: min(START_WORDS, len(gold))]
    if not head:
        return 100.0 if not parsed else 0.0
    contained = sum((Counter(head) & found).values()) / len(head)
    ratio = fuzz.ratio(" ".join(parsed[:START_WORDS]), " ".join(gold[:START_WORDS]))
    return 80.0 * contained + 0.2 * ratio


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def gold_speech(text: str, *, index: int = 0, path: str = "") -> GoldSpeech:
    """Split one corpus speech (``header: text``) into a :class:`GoldSpeech`."""
    head, _, body = text.partition(":")
    parsed = match_header(text)
    if parsed is not None:
        return GoldSpeech(
            index,
            parsed.header,
            parsed.speaker,
            parsed.affiliation,
            parsed.language,
            parsed.body.strip(),
            path,
        )
    speaker = head.split("(")[0].strip()
    return GoldSpeech(index, head.strip(), speaker, None, None, body.strip(), path)


def load_gold_speeches(folder: str | Path, symbol: str) -> list[GoldSpeech]:
    """Gold speeches of one meeting from a corpus-format folder, in speech order.

    Raises:
        IngestError: the folder holds no speech of that meeting.
    """
    target = canonical(symbol)
    found: list[GoldSpeech] = []
    for path in sorted(Path(folder).glob("UNSC_*_spch*.txt")):
        fs = symbol_from_filename(path.name)
        if fs is None or fs.speech is None or str(fs.symbol) != target:
            continue
        found.append(gold_speech(_decode(path.read_bytes()), index=fs.speech, path=str(path)))
    if not found:
        raise IngestError(
            f"no gold speeches of {target} (files UNSC_<year>_SPV.<n>_spch<nnn>.txt); "
            "check the --gold folder",
            path=folder,
        )
    return sorted(found, key=lambda g: g.index)


def align(weights: Sequence[Sequence[float | None]]) -> list[tuple[int, int]]:
    """Monotone alignment maximising the total weight of aligned pairs.

    ``weights[i][j]`` scores parsed speech ``i`` against gold speech ``j``;
    ``None`` means the two may not be aligned.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, w_row = best[i], best[i - 1], weights[i - 1]
        for j in range(1, m + 1):
            w = w_row[j - 1]
            diag = prev[j - 1] + w if w is not None else -1.0
            row[j] = max(prev[j], row[j - 1], diag)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        w = weights[i - 1][j - 1]
        if w is not None and best[i][j] == best[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _weight(
    parsed: Speech, p_words: list[str], gold: GoldSpeech, g_words: list[str]
) -> float | None:
    """Alignment weight of a parsed and a gold speech, ``None`` if they cannot be the same."""
    sim = start_similarity(p_words, g_words)
    same_speaker = fuzz.ratio(fold(parsed.header), fold(gold.header)) >= NAME_OCR_MIN
    if sim >= ALIGN_MIN or (same_speaker and sim >= ALIGN_MIN_SAME_SPEAKER):
        return sim + (SAME_SPEAKER_BONUS if same_speaker else 0.0)
    return None


def _same(a: str | None, b: str | None) -> bool:
    return fold(a or "") == fold(b or "")


def _compare(p: Speech, g: GoldSpeech, score: _Counts) -> None:
    aff = _same(p.affiliation, g.affiliation)
    lang = _same(p.language, g.language)
    name_exact = _same(p.speaker, g.speaker)
    name_ocr = fuzz.ratio(fold(p.speaker), fold(g.speaker)) >= NAME_OCR_MIN
    score.affiliation += aff
    score.language += lang
    score.speaker_strict += aff and lang and name_exact
    score.speaker += aff and lang and name_ocr
    if not (aff and lang and name_exact):
        tag = "OCR-tolerated" if aff and lang and name_ocr else "wrong"
        score.mismatches.append(
            f"speech {p.index} / gold {g.index}: header {p.header!r} vs gold {g.header!r} ({tag})"
        )


def evaluate_speeches(parsed: Sequence[Speech], gold: Sequence[GoldSpeech]) -> SpeechScore:
    """Boundary precision/recall/F1 and header accuracy of ``parsed`` against ``gold``."""
    p_words = [_words(s.text) for s in parsed]
    g_words = [_words(g.text) for g in gold]
    weights = [
        [_weight(p, pw, g, gw) for g, gw in zip(gold, g_words, strict=True)]
        for p, pw in zip(parsed, p_words, strict=True)
    ]
    pairs = align(weights)
    score = _Counts(len(parsed), len(gold), len(pairs))
    for i, j in pairs:
        _compare(parsed[i], gold[j], score)
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, s in enumerate(parsed):
        if i not in matched_p:
            score.mismatches.append(
                f"speech {s.index} {s.header!r} has no gold match: {s.text[:60]!r}"
            )
    for j, g in enumerate(gold):
        if j not in matched_g:
            score.mismatches.append(f"gold {g.index} {g.header!r} was not found: {g.text[:60]!r}")
    return SpeechScore._from(score)


def pool_scores(scores: Sequence[SpeechScore]) -> SpeechScore:
    """Add up several scores (micro-average over all speeches)."""
    total = _Counts()
    for s in scores:
        total.parsed += s.parsed
        total.gold += s.gold
        total.matched += s.matched
        total.speaker += s.speaker_correct
        total.speaker_strict += s.speaker_correct_strict
        total.affiliation += s.affiliation_correct
        total.language += s.language_correct
        total.mismatches.extend(s.mismatches)
    return SpeechScore._from(total)


def evaluate_pdf(pdf_path: str | Path, gold_dir: str | Path) -> SpeechScore:
    """Extract and parse one verbatim-record PDF and score it against the gold folder.

    The meeting is taken from the file name (``S_PV.8703_E.pdf``) or, failing
    that, from the record's first page.
    """
    from normtrace.ingest.pdf import extract_pdf
    from normtrace.parse.verbatim import parse_verbatim

    path = Path(pdf_path)
    fs = symbol_from_filename(path.name)
    symbol = str(fs.symbol) if fs and fs.symbol.kind == "verbatim" else None
    doc = parse_verbatim(extract_pdf(path.read_bytes(), path=str(path)), symbol=symbol)
    return evaluate_speeches(doc.speeches, load_gold_speeches(gold_dir, doc.symbol))
