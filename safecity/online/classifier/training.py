"""Training a new classifier version from the shipped labelled files and reviewed items."""

from __future__ import annotations

import platform
import time
from collections import Counter

import numpy as np
from sklearn.linear_model import SGDClassifier

from . import data
from .baseline import KeywordBaseline
from .evaluation import evaluate_set
from .features import DEFAULT_CONFIG, Featurizer
from .lexicon import read_lexicon
from .model import LABELS, TrainedModel
from .patterns import PATTERNS

# Share of the total training weight per source; within a source the classes are evened out
# partly (weight ∝ 1/√count), so no source's label mix (Davidson's is 77 % offensive) becomes a
# language prior. A reviewed item weighs as much as REVIEW_WEIGHT average examples.
SOURCE_SHARE = {"davidson": 0.38, "dkhate": 0.16, "sv_training": 0.30, "threats": 0.07, "neutral": 0.09}
REVIEW_WEIGHT = 3.0
ALPHA = 1e-5  # L2 penalty of the logistic regression trained by SGD
EPOCHS = 15
SEED = 20240611
QUICK_SIZES = {"davidson": 700, "dkhate": 300, "sv_training": 100_000, "threats": 100_000, "neutral": 600}

EVAL_SETS = {
    # name: (title, label map applied to predictions for sets that lack a class)
    "davidson_test": ("Davidson et al. 2017, held-out 20 % (English)", {"threat": "hateful"}),
    "dkhate_test": (
        "DKHATE official test set (Danish, OFF/NOT)",
        {"hateful": "offensive", "threat": "offensive"},
    ),
    "sv_suite": ("Swedish functional suite (HateCheck-style, never trained on)", None),
    "threats_test": ("Threats en/da/no, held-out 20 % of threats_multilingual.csv", None),
    "neutral_test": ("Neutral text: the project's guides and interface (en, sv), held-out 30 %", None),
    "police_sv": ("Swedish police event summaries (real reports of crimes, all not hateful)", None),
}


def _subset(rows: list, n: int) -> list:
    """A deterministic, label-stratified subset of at most n rows."""
    if len(rows) <= n:
        return rows
    by_label: dict[str, list] = {}
    for r in rows:
        by_label.setdefault(r.label, []).append(r)
    out = []
    for _label, items in sorted(by_label.items()):
        k = max(1, round(n * len(items) / len(rows)))
        step = len(items) / k
        out.extend(items[int(i * step)] for i in range(k))
    return out


def collect(*, quick: bool = False, include_reviews: bool = True) -> tuple[dict[str, list], dict[str, list]]:
    """(training sources, evaluation sets) as lists of data.Example."""
    dav_train, dav_test = data.davidson()
    thr_train, thr_test = data.threats()
    neu_train, neu_test = data.neutral()
    train = {
        "davidson": dav_train,
        "dkhate": data.dkhate("train"),
        "sv_training": data.sv_training(),
        "threats": thr_train,
        "neutral": neu_train,
    }
    evals = {
        "davidson_test": dav_test,
        "dkhate_test": data.dkhate("test"),
        "sv_suite": data.sv_functional_suite(),
        "threats_test": thr_test,
        "neutral_test": neu_test,
        "police_sv": data.police_summaries(),
    }
    if quick:
        train = {k: _subset(v, QUICK_SIZES[k]) for k, v in train.items()}
        evals["davidson_test"] = _subset(evals["davidson_test"], 600)
    # never train on a text that is in an evaluation set
    held = {e.text.strip().lower() for rows in evals.values() for e in rows}
    train = {k: [e for e in v if e.text.strip().lower() not in held] for k, v in train.items()}
    if include_reviews:
        train["reviews"] = [e for e in data.reviews() if e.text.strip().lower() not in held]
    return {k: v for k, v in train.items() if v}, {k: v for k, v in evals.items() if v}


def sample_weights(sources: dict[str, list]) -> tuple[list, np.ndarray]:
    examples, weights = [], []
    total = sum(len(v) for k, v in sources.items() if k != "reviews")
    shares = {k: SOURCE_SHARE.get(k, 0.1) for k in sources if k != "reviews"}
    share_sum = sum(shares.values()) or 1.0
    for name, rows in sources.items():
        if name == "reviews":
            continue
        counts = Counter(r.label for r in rows)
        raw = np.array([1.0 / np.sqrt(counts[r.label]) for r in rows])
        w = raw * (shares[name] / share_sum) * total / raw.sum()
        examples.extend(rows)
        weights.extend(w.tolist())
    for r in sources.get("reviews", []):
        examples.append(r)
        weights.append(REVIEW_WEIGHT)
    return examples, np.asarray(weights, dtype=np.float64)


def fit(
    sources: dict[str, list],
    *,
    lexicon_rows: list[dict] | None = None,
    features: dict | None = None,
    alpha: float = ALPHA,
    epochs: int = EPOCHS,
) -> TrainedModel:
    lexicon_rows = read_lexicon() if lexicon_rows is None else lexicon_rows
    config = {
        "labels": list(LABELS),
        "features": {**DEFAULT_CONFIG, **(features or {})},
        "lexicon": lexicon_rows,
        "patterns": [list(p) for p in PATTERNS],
        "model": {
            "kind": "logistic regression, one against the rest, trained by SGD",
            "alpha": alpha,
            "epochs": epochs,
            "probabilities": "ovr",
        },
    }
    examples, weights = sample_weights(sources)
    fz = Featurizer(config["features"], lexicon_rows, config["patterns"])
    analyses = [fz.analyse(e.text) for e in examples]
    fz.fit_idf(analyses)
    config["idf_default"] = float(np.log((1 + len(analyses)) / 1) + 1)
    x, _norms = fz.matrix(analyses)
    y = np.array([LABELS.index(e.label) for e in examples])
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=SEED)
    clf.fit(x, y, sample_weight=weights)
    coef = np.zeros((len(LABELS), fz.n_features), dtype=np.float32)
    intercept = np.zeros(len(LABELS), dtype=np.float32)
    present = [int(c) for c in clf.classes_]
    if len(present) == 2:  # a binary model has one row: the second class against the first
        coef[present[1]], intercept[present[1]] = clf.coef_[0], clf.intercept_[0]
        coef[present[0]], intercept[present[0]] = -clf.coef_[0], -clf.intercept_[0]
    else:
        for row, cls in enumerate(present):
            coef[cls] = clf.coef_[row]
            intercept[cls] = clf.intercept_[row]
    for cls in range(len(LABELS)):
        if cls not in present:
            intercept[cls] = -30.0  # a label with no training example is never predicted
    config["training"] = {
        "sources": {k: dict(sorted(Counter(e.label for e in v).items())) for k, v in sources.items()},
        "n": len(examples),
        "epochs": int(clf.n_iter_),
    }
    return TrainedModel(config, fz, coef, intercept)


def evaluate(model: TrainedModel, evals: dict[str, list]) -> dict:
    baseline = KeywordBaseline(model.config.get("lexicon", []), model.config.get("patterns"))
    sets = {}
    for name, rows in evals.items():
        title, label_map = EVAL_SETS.get(name, (name, None))
        result = evaluate_set(model, baseline, rows, label_map)
        result["title"] = title
        sets[name] = result
    return {"sets": sets}


def machine() -> str:
    return f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}".strip()


def build(*, quick: bool = False, include_reviews: bool = True) -> tuple[TrainedModel, dict]:
    """Train and evaluate a model in memory: (model, evaluation)."""
    started = time.perf_counter()
    sources, evals = collect(quick=quick, include_reviews=include_reviews)
    model = fit(sources)
    train_seconds = time.perf_counter() - started
    evaluation = evaluate(model, evals)
    evaluation["train_seconds"] = round(train_seconds, 1)
    evaluation["quick"] = quick
    evaluation["machine"] = machine()
    evaluation["trained_on"] = model.config["training"]["sources"]
    return model, evaluation


def store(model: TrainedModel, evaluation: dict, *, created_by=None, notes: str = "", activate: bool = False):
    """Save a trained model as the next ClassifierModel version (active if first or activate=True)."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from safecity.online.models import ClassifierModel

    with transaction.atomic():
        last = ClassifierModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        first = not ClassifierModel.objects.exists()
        make_active = first or activate
        if make_active:
            ClassifierModel.objects.filter(is_active=True).update(is_active=False)
        row = ClassifierModel.objects.create(
            version=last + 1,
            created_by=created_by,
            is_active=make_active,
            activated_at=timezone.now() if make_active else None,
            weights=model.weights_bytes(),
            config=model.config,
            evaluation=evaluation,
            notes=notes
            or ("quick model (small subset, for tests and demos)" if evaluation.get("quick") else ""),
        )
    model.version = row.version
    return row


def train_model(
    *,
    quick: bool = False,
    include_reviews: bool = True,
    created_by=None,
    notes: str = "",
    activate: bool = False,
):
    """Train, evaluate and store the next ClassifierModel version.

    The new version is active only if it is the first one or activate=True (switching versions
    otherwise belongs to a person, through the model pages).
    """
    model, evaluation = build(quick=quick, include_reviews=include_reviews)
    return store(model, evaluation, created_by=created_by, notes=notes, activate=activate)
