"""Assisted coding (issue 12): accuracy, calibration, active learning and speed.

Reads the labelled frames set (``src/normtrace/data/validation/frames/frames.jsonl``:
paragraphs of peace-operation resolutions 1999–2015, two coders, adjudicated; ``dev``
and ``test`` parts by resolution) and, for speed, ``../shared``.

1. accuracy: train on the ``dev`` part, suggest at probability ≥ 0.5 on the ``test`` part;
   per-frame P/R/F1 and macro F1. Baseline: a plain TF-IDF logistic regression (scikit-learn
   defaults) trained on the same part.
2. calibration: reliability curve and expected calibration error (10 equal-width bins) of
   the test-part probabilities (every paragraph × frame).
3. active learning: from the ``dev`` pool, 10 random paragraphs, then 10 per round chosen
   as ``code next`` chooses (:func:`normtrace.coding.learn.active.probabilities_for`, given
   the code's labelled positives, and ``pick``, one per code in turn, the rest random) up to
   100, vs as many random
   paragraphs; macro F1 on the test part after each round, mean of 5 seeds. Twice: codes
   named as the frames (the default dictionary is their cold start and stays their rule
   unless the classifier beats it), and the same labels under codes of one's own (no
   dictionary rule, no reference examples: the classifier learns from the labels alone).
5. half-split: the held-out check's protocol (train on half of the resolutions, suggest
   on the other half) on the test part, with and without reference examples (the dev part).
4. speed: ``code train`` + ``code suggest`` (paragraph level) over every unit of ``../shared``
   resolutions and 2020 speeches, on a project ingested once (``--project`` reuses one);
   baseline: dictionary auto-coding (``code apply``) of the default codebook over the same
   project. Threads are capped at 2 (the CI runners' cores).

Run: ``.venv/bin/python benchmarks/bench_learn.py [--frames FILE] [--project FILE]
[--skip speed] [--out DIR]``; writes CSVs (curve, reliability) to ``--out``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402

from normtrace.coding.codebook import Code, Codebook  # noqa: E402
from normtrace.coding.learn.active import pick, probabilities_for, ties_for  # noqa: E402
from normtrace.coding.learn.features import DEFAULT_FRAMES  # noqa: E402
from normtrace.coding.learn.reference import Reference, reference_from_rows  # noqa: E402
from normtrace.coding.learn.train import Model, fit_model  # noqa: E402

FRAMES = tuple(DEFAULT_FRAMES)
DEFAULT_SET = ROOT / "src" / "normtrace" / "data" / "validation" / "frames" / "frames.jsonl"
BOOK = Codebook(name="frames", codes=tuple(Code(id=f, name=f) for f in FRAMES))
#: the same six codes under ids and names that stand for no frame: a researcher's own codes,
#: with neither a dictionary rule nor reference examples (learning from labels alone)
OWN = Codebook(name="own", codes=tuple(Code(id=f"own_{i}", name=f"Own code {i}")
                                       for i in range(len(FRAMES))))  # fmt: skip
ACTIVE_BOOKS = {"frames": BOOK, "own": OWN}


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled paragraphs."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def prf(truth: list[int], pred: list[int]) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined)."""
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, pred, strict=True) if p and not t)
    fn = sum(1 for t, p in zip(truth, pred, strict=True) if t and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


def fit(train: list[dict[str, Any]], reference: Reference | None = None,
        book: Codebook = BOOK) -> Model:  # fmt: skip
    """normtrace's model of ``book`` (a code per frame, in order) trained on ``train``."""
    texts = {r["key"]: r["text"] for r in train}
    labels = {c.id: {r["key"]: int(f in r["frames"]) for r in train}
              for f, c in zip(FRAMES, book.codes, strict=True)}  # fmt: skip
    return fit_model(book, "paragraph", texts, labels, reference=reference, progress=False)


def predict(
    model: Model, test: list[dict[str, Any]], book: Codebook = BOOK
) -> dict[str, np.ndarray]:
    """Per frame, ``model``'s probabilities on ``test``."""
    probs = model.predict([r["text"] for r in test])
    return {f: probs.get(c.id, np.zeros(len(test)))
            for f, c in zip(FRAMES, book.codes, strict=True)}  # fmt: skip


def fit_predict(
    train: list[dict[str, Any]], test: list[dict[str, Any]], reference: Reference | None = None
) -> dict[str, np.ndarray]:
    """normtrace's model trained on ``train`` (and ``reference``, reference examples): per
    frame, probabilities on ``test``."""
    return predict(fit(train, reference), test)


def baseline(
    train: list[dict[str, Any]], test: list[dict[str, Any]], *, balanced: bool = False
) -> dict[str, list[int]]:
    """Plain TF-IDF + logistic regression, one per frame: scikit-learn defaults, or (the
    stronger baseline) word 1-2-grams with balanced class weights, so rare frames are not
    simply never predicted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) if balanced else TfidfVectorizer()
    make = (lambda: LogisticRegression(class_weight="balanced", max_iter=1000)) if balanced else (
        LogisticRegression)  # fmt: skip
    X = vec.fit_transform([r["text"] for r in train])
    T = vec.transform([r["text"] for r in test])
    out = {}
    for f in FRAMES:
        y = [int(f in r["frames"]) for r in train]
        out[f] = make().fit(X, y).predict(T).tolist() if 0 < sum(y) < len(y) else [
            0] * len(test)  # fmt: skip
    return out


def accuracy(dev: list[dict[str, Any]], test: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    probs = fit_predict(dev, test)
    base = baseline(dev, test)
    strong = baseline(dev, test, balanced=True)
    print(f"1. accuracy: trained on {len(dev)} dev paragraphs, scored on {len(test)} test ones")
    print(f"   {'frame':28} {'P':>5} {'R':>5} {'F1':>5}   baseline F1   balanced F1   positives")
    f1s, bases, strongs = [], [], []
    for f in FRAMES:
        truth = [int(f in r["frames"]) for r in test]
        p, r, f1 = prf(truth, (probs[f] >= 0.5).astype(int).tolist())
        b = prf(truth, base[f])[2]
        sb = prf(truth, strong[f])[2]
        f1s.append(f1)
        bases.append(b)
        strongs.append(sb)
        print(f"   {f:28} {p:5.2f} {r:5.2f} {f1:5.2f}   {b:11.2f}   {sb:11.2f}   {sum(truth)}")
    print(
        f"   macro F1 {np.mean(f1s):.3f} (min {min(f1s):.2f}); baseline macro "
        f"{np.mean(bases):.3f} (min {min(bases):.2f}), ratio "
        f"{np.mean(f1s) / max(float(np.mean(bases)), 1e-9):.2f}; balanced baseline macro "
        f"{np.mean(strongs):.3f} (min {min(strongs):.2f}), ratio "
        f"{np.mean(f1s) / max(float(np.mean(strongs)), 1e-9):.2f}"
    )
    return probs


def calibration(test: list[dict[str, Any]], probs: dict[str, np.ndarray], out: Path) -> None:
    p = np.concatenate([probs[f] for f in FRAMES])
    y = np.concatenate([[int(f in r["frames"]) for r in test] for f in FRAMES])
    bins = np.minimum((p * 10).astype(int), 9)
    ece = 0.0
    rows = []
    for b in range(10):
        m = bins == b
        if m.any():
            ece += m.sum() / p.size * abs(p[m].mean() - y[m].mean())
            rows.append(
                (b / 10, (b + 1) / 10, int(m.sum()), float(p[m].mean()), float(y[m].mean()))
            )
    with open(out / "learn_reliability.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["bin_low", "bin_high", "n", "mean_probability", "observed_share"])
        w.writerows(rows)
    print(f"2. calibration: ECE {ece:.4f} over {p.size} paragraph×frame probabilities "
          f"(target <= 0.05); reliability curve: {out / 'learn_reliability.csv'}")  # fmt: skip
    for lo, hi, n, mp, ob in rows:
        print(f"   [{lo:.1f}, {hi:.1f})  n={n:5}  mean p {mp:.3f}  observed {ob:.3f}")


def macro_f1(model: Model, test: list[dict[str, Any]], book: Codebook) -> float:
    probs = predict(model, test, book)
    return float(np.mean([prf([int(f in r["frames"]) for r in test],
                              (probs[f] >= 0.5).astype(int).tolist())[2]
                        for f in FRAMES]))  # fmt: skip


def _featurize(model: Model, texts: list[str], rows: list[int]) -> Any:
    return model.featurizer.transform([texts[r] for r in rows])


def active_curve(dev: list[dict[str, Any]], test: list[dict[str, Any]], out: Path,
                 seeds: int = 5, start: int = 10, step: int = 10, stop: int = 100,
                 books: tuple[str, ...] = tuple(ACTIVE_BOOKS)) -> None:  # fmt: skip
    """The codebooks ``books`` of ``ACTIVE_BOOKS``: macro F1 after each round, chosen by ``code
    next``'s picking (:func:`probabilities_for` then :func:`pick`, per code in turn) vs the
    same number of random paragraphs."""
    sizes = list(range(start, stop + 1, step))
    rows = []
    for setting, book in ((b, ACTIVE_BOOKS[b]) for b in books):
        active = np.zeros((seeds, len(sizes)))
        rand = np.zeros((seeds, len(sizes)))
        for seed in range(seeds):
            rng = random.Random(seed)
            order = list(range(len(dev)))
            rng.shuffle(order)
            chosen = order[:start]
            for j, size in enumerate(sizes):
                model = fit([dev[i] for i in chosen], book=book)
                active[seed, j] = macro_f1(model, test, book)
                rand[seed, j] = macro_f1(fit([dev[i] for i in order[:size]], book=book), test,
                                         book)  # fmt: skip
                if size == stop:
                    break
                taken = set(chosen)
                pool = [i for i in range(len(dev)) if i not in taken]
                picked: list[int] = []
                per = max(1, step // len(FRAMES))
                for frame, code in zip(FRAMES, book.codes, strict=True):  # `code next` in turn
                    free = [i for i in pool if i not in picked]
                    texts = [dev[i]["text"] for i in free]
                    positives = [dev[i]["text"] for i in chosen if frame in dev[i]["frames"]]
                    p = probabilities_for(model, code.id, texts, positives=positives)
                    featurize = partial(_featurize, model, texts)
                    ties = ties_for(model, code.id, texts)  # as `code next` orders ties
                    picked += [free[k] for k in pick(p, featurize, per, ties)]
                while len(picked) < step:
                    picked.append(rng.choice([i for i in pool if i not in picked]))
                chosen += picked[:step]
            print(f"   {setting}, seed {seed}: active {active[seed, -1]:.3f}  "
                  f"random {rand[seed, -1]:.3f}")  # fmt: skip
        for j, size in enumerate(sizes):
            rows.append([setting, size, round(active[:, j].mean(), 4), round(rand[:, j].mean(), 4)])
    with open(out / "learn_active_curve.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["codebook", "units", "active_macro_f1", "random_macro_f1"])
        w.writerows(rows)
    print(f"3. active learning vs random (macro F1 on the test part, mean of {seeds} seeds):")
    for setting, size, a, r in rows:
        print(f"   {setting:10} {size:4} units: active {a:.3f}  random {r:.3f}")
    print(f"   curve: {out / 'learn_active_curve.csv'}")


def speed(project: Path | None, dev: list[dict[str, Any]]) -> None:
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.codings import import_codings
    from normtrace.coding.exchange.yamlio import dump_codebook, load_default_codebook
    from normtrace.coding.learn.suggest import suggest
    from normtrace.coding.learn.train import train_model
    from normtrace.pipeline import ingest_paths
    from normtrace.store.db import Store

    shared = shared_dir()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        if project is not None:
            shutil.copyfile(project, path)
        with Store.open(path) as store:
            if project is None:
                corpus = shared / "corpus"
                ingest_paths(store, [corpus / "resolutions", corpus / "speeches-2020"])
            units = store.conn.execute("SELECT count(*) FROM units").fetchone()[0]
            (Path(tmp) / "frames.yaml").write_text(dump_codebook(BOOK))
            rows = [{"unit_key": r["key"], "code": f} for r in dev for f in r["frames"] or [""]]
            (Path(tmp) / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
            book = str(Path(tmp) / "frames.yaml")
            import_codings(store, Path(tmp) / "train.jsonl", codebook=book,
                           coder="gold", level="paragraph")  # fmt: skip
            t0 = time.perf_counter()
            apply_codebook(store, load_default_codebook(), progress=False)
            dictionary = time.perf_counter() - t0
            t0, c0 = time.perf_counter(), time.process_time()
            train_model(store, "frames", level="paragraph")
            trained, c_trained = time.perf_counter() - t0, time.process_time() - c0
            report = suggest(store, "frames", level="paragraph", min_probability=0.5)
            total, c_total = time.perf_counter() - t0, time.process_time() - c0
    print(f"4. speed over {units} units of ../shared (resolutions + 2020 speeches), 2 threads:")
    print(f"   train {trained:.1f} s + suggest {total - trained:.1f} s = {total:.1f} s "
          f"(target <= 60 s; {report.targets} paragraphs scored, {len(report.suggestions)} "
          f"suggestions); baseline dictionary `code apply` {dictionary:.1f} s; "
          f"ratio {total / dictionary:.1f}x the dictionary's time")  # fmt: skip
    # CPU of every thread: on a shared machine wall time varies with the others' load
    print(f"   CPU: train {c_trained:.1f} s + suggest {c_total - c_trained:.1f} s = "
          f"{c_total:.1f} s")  # fmt: skip


def acceptance(project: Path | None, dev: list[dict[str, Any]], test: list[dict[str, Any]]) -> None:
    """The issue's exact CLI sequence on a copy of a ../shared project, scored on ``test``."""
    import subprocess

    from normtrace.coding.exchange.yamlio import dump_codebook

    if project is None:
        print("0. acceptance: skipped (give --project, a project of ../shared)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copyfile(project, work / "p.db")
        (work / "frames.yaml").write_text(dump_codebook(BOOK))
        rows = [{"unit_key": r["key"], "code": f} for r in dev for f in r["frames"] or [""]]
        (work / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        base = [sys.executable, "-m", "normtrace", "--project", str(work / "p.db"), "code"]
        for args in (
            ["import", "train.jsonl", "--codebook", "frames.yaml", "--coder", "gold",
             "--level", "paragraph"],
            # the bundled reference set holds this test part: it must not train this model
            ["train", "--codebook", "frames", "--level", "paragraph", "--no-reference"],
            ["suggest", "--codebook", "frames", "--level", "paragraph", "--format", "json",
             "-o", "s.json"],
        ):  # fmt: skip
            subprocess.run([*base, *args], cwd=work, env=env, check=True)
        suggestions = json.loads((work / "s.json").read_text())
    got: dict[str, set[str]] = {}
    for s in suggestions:
        if s["probability"] >= 0.5:
            got.setdefault(s["unit_key"], set()).add(s["code"])
    f1s = []
    print("0. acceptance (CLI: import dev as train.jsonl, train, suggest; scored on test):")
    for f in FRAMES:
        truth = [int(f in r["frames"]) for r in test]
        pred = [int(f in got.get(r["key"], set())) for r in test]
        p, r, f1 = prf(truth, pred)
        f1s.append(f1)
        print(f"   {f:28} P {p:.2f} R {r:.2f} F1 {f1:.2f}")
    missing = sum(1 for r in test if r["key"] not in got) if got else len(test)
    print(f"   macro F1 {np.mean(f1s):.3f} (min {min(f1s):.2f}); {missing} test paragraphs "
          "without any suggestion >= 0.5")  # fmt: skip


def half_split(dev: list[dict[str, Any]], test: list[dict[str, Any]], seeds: int = 3) -> None:
    """The held-out check's protocol on the test part: train on the labels of half of its
    resolutions (drawn by seed), suggest on the other half; with the dev part as reference
    examples (what ``code train`` adds from the bundled set; the test part itself never is a
    reference here) and without. Baseline: the balanced TF-IDF model on the same half."""
    reference = reference_from_rows(dev, "paragraph")
    symbols = sorted({r["symbol"] for r in test})
    runs: dict[str, list[list[float]]] = {"own labels": [], "+ reference": [], "baseline": []}
    for seed in range(seeds):
        order = symbols[:]
        random.Random(seed).shuffle(order)
        half = set(order[: len(order) // 2])
        a = [r for r in test if r["symbol"] in half]
        b = [r for r in test if r["symbol"] not in half]
        truth = {f: [int(f in r["frames"]) for r in b] for f in FRAMES}
        for name, probs in (("own labels", fit_predict(a, b)),
                            ("+ reference", fit_predict(a, b, reference))):  # fmt: skip
            runs[name].append([prf(truth[f], (probs[f] >= 0.5).astype(int).tolist())[2]
                               for f in FRAMES])  # fmt: skip
        strong = baseline(a, b, balanced=True)
        runs["baseline"].append([prf(truth[f], strong[f])[2] for f in FRAMES])
        print(f"   seed {seed}: train {len(a)} paragraphs of {len(half)} resolutions, "
              f"suggest on {len(b)}; macro own {np.mean(runs['own labels'][-1]):.3f}, "
              f"+ reference {np.mean(runs['+ reference'][-1]):.3f}")  # fmt: skip
    print(f"5. half-split (the held-out protocol on the test part), mean of {seeds} seeds:")
    print(f"   {'':14}" + "".join(f"{f[:12]:>13}" for f in FRAMES) + "   macro    min")
    for name, f1s in runs.items():
        mean = np.mean(np.array(f1s), axis=0)
        print(f"   {name:14}" + "".join(f"{v:13.3f}" for v in mean)
              + f"   {mean.mean():.3f}  {mean.min():.3f}")  # fmt: skip


def plot(out: Path) -> None:
    """Figures of the CSVs in ``out`` that exist: the active-learning curve and the
    reliability diagram (``learn_active_curve.png``, ``learn_reliability.png``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curve = out / "learn_active_curve.csv"
    if curve.is_file():
        rows = list(csv.DictReader(curve.open()))
        books = list(dict.fromkeys(r["codebook"] for r in rows))
        titles = {"frames": "Frame codes (default dictionary first)",
                  "own": "Own codes (labels only)"}  # fmt: skip
        fig, axes = plt.subplots(1, len(books), figsize=(5 * len(books), 3.6), squeeze=False)
        for ax, book in zip(axes[0], books, strict=True):
            mine = [r for r in rows if r["codebook"] == book]
            units = [int(r["units"]) for r in mine]
            ax.plot(units, [float(r["active_macro_f1"]) for r in mine], marker="o",
                    label="chosen by code next")  # fmt: skip
            ax.plot(units, [float(r["random_macro_f1"]) for r in mine], marker="s",
                    linestyle="--", label="random")  # fmt: skip
            ax.set(xlabel="labelled paragraphs", ylabel="macro F1, test part (5 seeds)",
                   ylim=(0, 1), title=titles.get(book, book))  # fmt: skip
            ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(out / "learn_active_curve.png", dpi=120)
        plt.close(fig)
    reliability = out / "learn_reliability.csv"
    if reliability.is_file():
        rows = [r for r in csv.DictReader(reliability.open()) if int(r["n"]) > 0]
        fig, ax = plt.subplots(figsize=(4.5, 4.5))
        ax.plot([0, 1], [0, 1], color="grey", linewidth=1, label="perfect calibration")
        ax.scatter([float(r["mean_probability"]) for r in rows],
                   [float(r["observed_share"]) for r in rows],
                   s=[10 + 200 * (int(r["n"]) ** 0.5) / 90 for r in rows], zorder=3,
                   label="bins (area ~ paragraphs)")  # fmt: skip
        ax.set(xlabel="suggestion probability", ylabel="share where coders found the frame",
               xlim=(0, 1), ylim=(0, 1))  # fmt: skip
        ax.set_title("Reliability of suggestions (test part)")
        ax.legend(loc="upper left")
        fig.tight_layout()
        fig.savefig(out / "learn_reliability.png", dpi=120)
        plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=Path, default=DEFAULT_SET)
    parser.add_argument("--project", type=Path, default=None, help="a project of ../shared")
    sections = ["acceptance", "accuracy", "active", "halves", "speed"]
    parser.add_argument("--skip", action="append", default=[], choices=sections)
    parser.add_argument("--plot-only", action="store_true",
                        help="only draw the figures of the CSVs already in --out")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--seeds", type=int, default=5, help="seeds of the active-learning curve")
    parser.add_argument("--books", action="append", choices=list(ACTIVE_BOOKS),
                        help="codebooks of the active-learning curve (default: all)")  # fmt: skip
    args = parser.parse_args()
    if not args.frames.is_file():
        print(f"skipped: labelled set {args.frames} not found")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.plot_only:
        plot(args.out)
        return
    rows = load(args.frames)
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    if "acceptance" not in args.skip:
        acceptance(args.project, dev, test)
    if "accuracy" not in args.skip:
        calibration(test, accuracy(dev, test), args.out)
    if "halves" not in args.skip:
        half_split(dev, test)
    if "active" not in args.skip:
        active_curve(dev, test, args.out, seeds=args.seeds,
                     books=tuple(args.books or ACTIVE_BOOKS))  # fmt: skip
    if "speed" not in args.skip:
        speed(args.project, dev)
    plot(args.out)


if __name__ == "__main__":
    main()
