"""The classifier's public API: classify_texts with the active version, NoActiveModel, reloading."""

import pytest

from safecity.online.classifier import (
    LABELS,
    NoActiveModel,
    Prediction,
    classify_texts,
    clear_cache,
    get_active_model,
)
from safecity.online.models import ClassifierModel


@pytest.mark.django_db
def test_no_active_model_says_what_to_do():
    clear_cache()
    ClassifierModel.objects.update(is_active=False)
    with pytest.raises(NoActiveModel, match="train_classifier"):
        classify_texts(["hej"])


def test_classify_texts_returns_predictions(active_classifier):
    out = classify_texts(["Have a lovely day, everyone!", "Jag ska döda dig, din jävla blatte", ""])
    assert len(out) == 3
    for p in out:
        assert isinstance(p, Prediction)
        assert p.label in LABELS
        assert 0.0 <= p.score <= 1.0
        assert set(p.probabilities) == set(LABELS)
        assert abs(p.score - (1 - p.probabilities["not"])) < 1e-3
    assert out[0].label == "not" and out[0].target == ""
    assert out[1].label != "not"
    assert out[1].language == "sv"
    assert out[2].label == "not" and out[2].explanation == []


def test_active_version_is_cached_and_reloaded(active_classifier, quick_classifier_model):
    from safecity.online.classifier.training import store

    first = get_active_model()
    assert get_active_model() is first
    assert first.version == active_classifier.version
    model, evaluation = quick_classifier_model
    newer = store(model, evaluation, activate=True)
    assert newer.version == active_classifier.version + 1
    assert get_active_model().version == newer.version
