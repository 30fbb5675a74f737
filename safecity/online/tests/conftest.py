"""Fixtures for the online app's tests.

`active_classifier`: a quick classifier version, active, as a ClassifierModel row. The model is
trained once per test session in memory (a small fixed subset of the shipped data, a few seconds);
each test that asks for it gets its own row inside the test's transaction, so nothing leaks
between tests:

    def test_something(active_classifier):
        predictions = classify_texts(["..."])
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quick_classifier_model():
    """(TrainedModel, evaluation) of the quick model; trained once per session, no database needed."""
    from safecity.online.classifier.training import build

    return build(quick=True, include_reviews=False)


@pytest.fixture
def active_classifier(quick_classifier_model, db):
    """The quick model stored as the active ClassifierModel version for this test."""
    from safecity.online.classifier import clear_cache
    from safecity.online.classifier.training import store

    model, evaluation = quick_classifier_model
    row = store(model, evaluation, notes="test fixture: quick model", activate=True)
    clear_cache()
    yield row
    clear_cache()
