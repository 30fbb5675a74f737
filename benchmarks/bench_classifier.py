"""Online-hate classifier throughput: 100,000 texts on one core, against the keyword baseline.

Run: taskset -c 0 .venv/bin/python benchmarks/bench_classifier.py [--texts N]

Trains the full model in memory (as `manage.py train_classifier` does, without reviews and without
a database), then in the same run classifies N texts (default 100,000) drawn with a fixed seed
from the shipped data (English, Danish, Swedish and Norwegian, short and long), in batches of 512:

1. the model with explanations (what the import and `manage.py classify` do);
2. the model without explanations;
3. the keyword baseline (lexicon and pattern lookup only).
Prints a Markdown section for docs/benchmarks.md.
"""

import argparse
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecity.test_settings")

import django  # noqa: E402

django.setup()

from safecity.online.classifier import data, training  # noqa: E402
from safecity.online.classifier.baseline import KeywordBaseline  # noqa: E402

BATCH = 512


def corpus(n: int) -> list[str]:
    dav_train, dav_test = data.davidson()
    pool = [e.text for e in dav_train + dav_test]
    pool += [e.text for e in data.dkhate("train") + data.dkhate("test")]
    nordic = [e.text for e in data.sv_training() + data.sv_functional_suite()]
    pool += nordic * 8  # about a third Nordic text
    rng = random.Random(20261126)
    out = []
    for _ in range(n):
        text = rng.choice(pool)
        if rng.random() < 0.1:  # some longer comments: two texts in one
            text = text + " " + rng.choice(pool)
        out.append(text)
    return out


def run(fn, texts):
    start = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        fn(texts[i : i + BATCH])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    model, evaluation = training.build(quick=False, include_reviews=False)
    train_seconds = time.perf_counter() - started
    texts = corpus(args.texts)
    chars = sum(len(t) for t in texts)
    baseline = KeywordBaseline(model.config["lexicon"], model.config["patterns"])
    model.predict(texts[:200])  # warm the caches the way a running process has them
    rows = [
        ("model, with explanations", run(lambda b: model.predict(b, explain=True), texts)),
        ("model, without explanations", run(lambda b: model.predict(b, explain=False), texts)),
        ("keyword baseline", run(baseline.predict, texts)),
    ]
    base_rate = args.texts / rows[-1][1]
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("## Online-hate classifier: texts per second on one core (`benchmarks/bench_classifier.py`)\n")
    print(
        f"`taskset -c 0 .venv/bin/python benchmarks/bench_classifier.py --texts {args.texts}` on "
        f"{platform.machine()} ({os.cpu_count()} cores, the run pinned to core(s) {affinity}), "
        f"Python {platform.python_version()}, {time.strftime('%d %B %Y')}. {args.texts:,} texts drawn "
        f"from the shipped data (English, Danish, Swedish, Norwegian; {chars / args.texts:.0f} characters "
        f"on average), classified in batches of {BATCH}.\n"
    )
    print("| what | texts | seconds | texts/s | × baseline time |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds in rows:
        rate = args.texts / seconds
        print(f"| {name} | {args.texts:,} | {seconds:.1f} | {rate:,.0f} | {base_rate / rate:.1f} |")
    print(
        f"\nTraining the full model (features of {evaluation['trained_on'] and sum(sum(v.values()) for v in evaluation['trained_on'].values()):,} "
        f"texts, SGD, and the evaluation on the held-out sets) took {train_seconds:.0f} s in the same run; "
        f"the process peaked at {peak:.0f} MB."
    )


if __name__ == "__main__":
    main()
