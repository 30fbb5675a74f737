"""Scores of a classifier (or the keyword baseline) on a labelled set, and their text tables."""

from __future__ import annotations

import time

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

LABELS = ("not", "offensive", "hateful", "threat")


def scores(gold: list[str], predicted: list[str], label_map: dict | None = None) -> dict:
    """Per-class precision/recall/F1/support, macro-F1 over the labels the gold set has, the
    confusion matrix (rows gold, columns predicted, in LABELS order) and n."""
    label_map = label_map or {}
    predicted = [label_map.get(p, p) for p in predicted]
    present = [lab for lab in LABELS if lab in set(gold)]
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=list(LABELS), zero_division=0)
    per_class = {
        lab: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(s[i]),
        }
        for i, lab in enumerate(LABELS)
    }
    macro = float(np.mean([per_class[lab]["f1"] for lab in present])) if present else 0.0
    matrix = (
        confusion_matrix(gold, predicted, labels=list(LABELS)).tolist() if gold else [[0] * 4 for _ in LABELS]
    )
    harmful_gold = [g != "not" for g in gold]
    harmful_pred = [q != "not" for q in predicted]
    bp, br, bf, _ = (
        precision_recall_fscore_support(harmful_gold, harmful_pred, labels=[True], zero_division=0)
        if gold
        else ([0], [0], [0], None)
    )
    accuracy = float(np.mean([g == q for g, q in zip(gold, predicted, strict=True)])) if gold else 0.0
    return {
        "n": len(gold),
        "labels": present,
        "per_class": per_class,
        "macro_f1": round(macro, 4),
        "accuracy": round(accuracy, 4),
        "harmful": {
            "precision": round(float(bp[0]), 4),
            "recall": round(float(br[0]), 4),
            "f1": round(float(bf[0]), 4),
        },
        "confusion": matrix,
    }


def target_accuracy(gold_targets: list[str], gold_labels: list[str], predicted_targets: list[str]) -> dict:
    """Agreement on the target group over the items whose gold label is harmful."""
    pairs = [
        (g, p) for g, lab, p in zip(gold_targets, gold_labels, predicted_targets, strict=True) if lab != "not"
    ]
    with_target = [(g, p) for g, p in pairs if g]
    return {
        "n": len(pairs),
        "accuracy": round(float(np.mean([g == p for g, p in pairs])), 4) if pairs else None,
        "n_with_target": len(with_target),
        "accuracy_with_target": round(float(np.mean([g == p for g, p in with_target])), 4)
        if with_target
        else None,
    }


def timed(fn, texts: list[str]):
    start = time.perf_counter()
    out = fn(texts)
    seconds = time.perf_counter() - start
    return out, (round(len(texts) / seconds, 1) if seconds > 0 and texts else None)


def evaluate_set(model, baseline, examples, label_map: dict | None = None) -> dict:
    """The model and the keyword baseline on one labelled set."""
    texts = [e.text for e in examples]
    gold = [e.label for e in examples]
    predictions, throughput = timed(lambda t: model.predict(t, explain=True), texts)
    base, base_throughput = timed(baseline.predict, texts)
    result = {
        "n": len(examples),
        "model": scores(gold, [p.label for p in predictions], label_map),
        "baseline": scores(gold, base, label_map),
        "throughput": throughput,
        "baseline_throughput": base_throughput,
    }
    if label_map:
        result["label_map"] = label_map
    if any(e.target for e in examples):
        golds_t = [e.target for e in examples]
        result["model"]["target"] = target_accuracy(golds_t, gold, [p.target for p in predictions])
        result["baseline"]["target"] = target_accuracy(
            golds_t,
            gold,
            [baseline.target(t) if lab != "not" else "" for t, lab in zip(texts, base, strict=True)],
        )
    functionalities = sorted({e.functionality for e in examples if e.functionality})
    if functionalities:
        per = {}
        for func in functionalities:
            idx = [i for i, e in enumerate(examples) if e.functionality == func]
            g = [gold[i] for i in idx]
            per[func] = {
                "n": len(idx),
                "model_accuracy": round(float(np.mean([predictions[i].label == gold[i] for i in idx])), 4),
                "baseline_accuracy": round(float(np.mean([base[i] == gold[i] for i in idx])), 4),
                "gold": sorted(set(g)),
            }
        result["functionalities"] = per
    return result


def format_scores(name: str, result: dict) -> str:
    """A plain-text table: per class P/R/F1 for the model and the baseline, macro-F1, confusion matrix."""
    lines = [f"== {name}: n={result['n']}"]
    if result.get("label_map"):
        lines.append(
            "   predictions mapped: " + ", ".join(f"{k}→{v}" for k, v in result["label_map"].items())
        )
    m, b = result["model"], result["baseline"]
    lines.append(
        f"   {'class':<10} {'P':>6} {'R':>6} {'F1':>6} | {'base P':>6} {'base R':>6} {'base F1':>7} {'n':>6}"
    )
    for lab in LABELS:
        pm, pb = m["per_class"][lab], b["per_class"][lab]
        if lab not in m["labels"] and not pm["precision"]:
            continue
        lines.append(
            f"   {lab:<10} {pm['precision']:>6.3f} {pm['recall']:>6.3f} {pm['f1']:>6.3f} | "
            f"{pb['precision']:>6.3f} {pb['recall']:>6.3f} {pb['f1']:>7.3f} {pm['support']:>6}"
        )
    lines.append(
        f"   macro-F1   model {m['macro_f1']:.3f}   keyword baseline {b['macro_f1']:.3f}   (over {', '.join(m['labels'])})"
    )
    lines.append(f"   harmful vs not: F1 model {m['harmful']['f1']:.3f}, baseline {b['harmful']['f1']:.3f}")
    if m.get("target"):
        t, tb = m["target"], b.get("target") or {}
        if t["accuracy"] is not None:
            lines.append(
                f"   target group (harmful items, n={t['n']}): model {t['accuracy']:.3f}, baseline {tb.get('accuracy') or 0:.3f}"
            )
    lines.append("   confusion matrix (rows: true, columns: predicted)")
    lines.append("   " + " " * 10 + "".join(f"{lab:>10}" for lab in LABELS))
    for lab, row in zip(LABELS, m["confusion"], strict=True):
        lines.append(f"   {lab:<10}" + "".join(f"{v:>10}" for v in row))
    if result.get("throughput"):
        ratio = (result["baseline_throughput"] or 0) / result["throughput"] if result["throughput"] else 0
        lines.append(
            f"   throughput: model {result['throughput']:,.0f} texts/s, keyword baseline "
            f"{result['baseline_throughput'] or 0:,.0f} texts/s ({ratio:.1f}× the model)"
        )
    if result.get("functionalities"):
        lines.append("   per functionality (accuracy: model / baseline):")
        for func, row in result["functionalities"].items():
            lines.append(
                f"     {func:<34} n={row['n']:>4}  {row['model_accuracy']:.2f} / {row['baseline_accuracy']:.2f}"
            )
    return "\n".join(lines)


def format_evaluation(evaluation: dict) -> str:
    parts = []
    for name, result in (evaluation.get("sets") or {}).items():
        parts.append(format_scores(result.get("title", name), result))
    return "\n\n".join(parts)
