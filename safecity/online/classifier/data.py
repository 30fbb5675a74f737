"""The labelled data the classifier learns from and is evaluated on (safecity/online/data/).

- Davidson et al. 2017 (English tweets, MIT): class 0 → hateful, 1 → offensive, 2 → not; a fixed,
  stratified 20 % is held out for evaluation and never trained on.
- DKHATE (Danish, CC-BY 4.0): OFF → offensive, NOT → not; the official test file is held out.
- sv_training.csv (Swedish and some Norwegian sentences written by the project).
- threats_multilingual.csv (English, Danish and Norwegian threats and near-misses written by the
  project); a fixed 20 % is held out to measure threat detection outside Swedish.
- reviewed items from the database (the latest review per item).
- neutral_project_text.csv (lines of the project's own English guides and Swedish interface texts,
  all "not"); a fixed 30 % is held out to measure false alarms on ordinary text.
- police_summaries_sv.csv (summaries of real Swedish police events, all "not"): evaluation only.
- sv_functional_suite.csv (HateCheck-style Swedish tests): evaluation only, never trained on.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import train_test_split

from .lexicon import DATA_DIR

LABELS = ("not", "offensive", "hateful", "threat")
SEED = 20170301
DAVIDSON = DATA_DIR / "davidson2017" / "labeled_data.csv"
DKHATE_TRAIN = DATA_DIR / "dkhate" / "offenseval-da-training-v1.tsv"
DKHATE_TEST = DATA_DIR / "dkhate" / "offenseval-da-test-v1.tsv"
SV_TRAINING = DATA_DIR / "sv_training.csv"
THREATS = DATA_DIR / "threats_multilingual.csv"
SV_SUITE = DATA_DIR / "sv_functional_suite.csv"
NEUTRAL = DATA_DIR / "neutral_project_text.csv"
POLICE = DATA_DIR / "police_summaries_sv.csv"


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    target: str = ""
    language: str = ""
    source: str = ""
    functionality: str = ""


def _held_out(text: str, percent: int = 20) -> bool:
    """A stable split that does not depend on row order: the text's hash decides."""
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return digest[0] * 100 // 256 < percent


def davidson() -> tuple[list[Example], list[Example]]:
    """(train, held-out) — stratified 20 % held out with a fixed seed."""
    if not DAVIDSON.exists():
        return [], []
    mapping = {"0": "hateful", "1": "offensive", "2": "not"}
    rows = []
    with DAVIDSON.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = mapping.get((row.get("class") or "").strip())
            text = row.get("tweet") or ""
            if label and text.strip():
                rows.append(Example(text, label, "", "en", "davidson"))
    labels = [r.label for r in rows]
    train, test = train_test_split(rows, test_size=0.2, random_state=SEED, stratify=labels)
    return train, test


def dkhate(split: str) -> list[Example]:
    path = DKHATE_TRAIN if split == "train" else DKHATE_TEST
    if not path.exists():
        return []
    mapping = {"OFF": "offensive", "NOT": "not"}
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            label = mapping.get((row.get("subtask_a") or "").strip())
            text = (row.get("tweet") or "").strip()
            if label and text:
                out.append(Example(text, label, "", "da", "dkhate"))
    return out


def _project_csv(path: Path, source: str) -> list[Example]:
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("text") or "").strip()
            label = (row.get("label") or "").strip().lower()
            if not text or label not in LABELS:
                continue
            out.append(
                Example(
                    text,
                    label,
                    (row.get("target") or "").strip().lower(),
                    (row.get("language") or "").strip().lower(),
                    source,
                    (row.get("functionality") or "").strip(),
                )
            )
    return out


def sv_training() -> list[Example]:
    return _project_csv(SV_TRAINING, "sv_training")


def threats() -> tuple[list[Example], list[Example]]:
    """(train, held-out) of the multilingual threat file; the text's hash decides the 20 %."""
    rows = _project_csv(THREATS, "threats")
    return [r for r in rows if not _held_out(r.text)], [r for r in rows if _held_out(r.text)]


def neutral() -> tuple[list[Example], list[Example]]:
    """(train, held-out) of neutral English and Swedish text (the project's own guides and interface
    texts, all "not"): everyday function words ("du är", "din", "so", "they") must not lean
    towards hate just because the labelled data's neutral examples are few and short."""
    rows = _project_csv(NEUTRAL, "neutral")
    return [r for r in rows if not _held_out(r.text, 30)], [r for r in rows if _held_out(r.text, 30)]


def police_summaries() -> list[Example]:
    """Summaries of real Swedish police events (reports of crimes, violence words and all): every
    one is expected "not". Evaluation only: real Swedish text the project did not write."""
    return _project_csv(POLICE, "police")


def sv_functional_suite() -> list[Example]:
    return _project_csv(SV_SUITE, "sv_suite")


def reviews() -> list[Example]:
    """The latest review of each reviewed item, with the item's text."""
    from safecity.online.models import Review

    latest: dict[int, Review] = {}
    for review in (
        Review.objects.select_related("item").order_by("item_id", "-at", "-pk").iterator(chunk_size=500)
    ):
        latest.setdefault(review.item_id, review)
    out = []
    for review in latest.values():
        text = review.item.text or ""
        if text.strip() and review.label in LABELS:
            out.append(
                Example(text, review.label, review.target or "", review.item.language or "", "reviews")
            )
    return out


def read_labelled_file(path: Path | str) -> list[Example]:
    """A CSV with text,label[,target] for evaluate_classifier (UTF-8, `,` or `;`)."""
    from .csvio import open_table

    out = []
    with open_table(path) as table:
        if "label" not in table.columns:
            raise ValueError(f"{path}: no 'label' column (columns: {', '.join(table.columns)})")
        for row in table.rows():
            label = (row.get("label") or "").strip().lower()
            label = {"0": "not", "none": "not", "neither": "not", "off": "offensive", "hate": "hateful"}.get(
                label, label
            )
            if label not in LABELS:
                continue
            out.append(
                Example(row.get("text") or "", label, (row.get("target") or "").strip().lower(), "", "file")
            )
    return out
