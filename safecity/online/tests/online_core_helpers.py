"""Shared helpers for the online core tests: a stand-in classifier, items and uploads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safecity.online import importing
from safecity.online.models import ClassifierModel, OnlineItem

HOT = {
    "idiot": ("offensive", ""),
    "parasit": ("hateful", "xenophobic"),
    "invandrar": ("hateful", "xenophobic"),
    "döda": ("threat", ""),
    "ihjäl": ("threat", ""),
}


@dataclass
class FakePrediction:
    label: str
    score: float
    target: str = ""
    language: str = "sv"
    probabilities: dict = field(default_factory=dict)
    explanation: list = field(default_factory=list)


def fake_classify(texts):
    out = []
    for text in texts:
        lowered = text.casefold()
        for word, (label, target) in HOT.items():
            if word in lowered:
                out.append(FakePrediction(label, 0.9, target, explanation=[[word, 2.5], ["och", -0.3]]))
                break
        else:
            out.append(FakePrediction("not", 0.1, "", language="en" if " the " in f" {lowered} " else "sv"))
    return out


def install_fake_classifier(monkeypatch, version: int = 1, active: bool = True) -> ClassifierModel:
    model = ClassifierModel.objects.create(version=version, is_active=active, weights=b"npz", evaluation={})
    monkeypatch.setattr(importing, "classify", fake_classify)
    monkeypatch.setattr(
        importing, "active_classifier", lambda: ClassifierModel.objects.filter(is_active=True).first()
    )
    return model


def no_classifier(monkeypatch) -> None:
    monkeypatch.setattr(importing, "active_classifier", lambda: None)


def upload(content: str | bytes, name: str = "posts.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


_counter = {"n": 0}


def make_item(
    unit, *, text="Bra möte i parken igår", score=0.2, label="not", target="", platform="facebook", **extra
):
    _counter["n"] += 1
    n = _counter["n"]
    posted = extra.pop("posted_at", timezone.now() - dt.timedelta(days=n % 30, minutes=n))
    return OnlineItem.objects.create(
        unit=unit,
        fingerprint=f"test-{n}-{timezone.now().timestamp()}",
        platform=platform,
        posted_at=posted,
        text=text,
        score=score,
        label=label,
        target=target,
        language=extra.pop("language", "sv"),
        explanation=extra.pop("explanation", [["idiot", 1.2]]),
        classified_at=timezone.now() if label else None,
        **extra,
    )
