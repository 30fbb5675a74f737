"""The active classifier version, loaded once per process and reloaded when another is activated."""

from __future__ import annotations

import threading

from .model import Prediction, TrainedModel

BATCH = 512


class NoActiveModel(RuntimeError):
    def __init__(self, message: str = "no classifier version is active: run manage.py train_classifier"):
        super().__init__(message)


_lock = threading.Lock()
_loaded: dict[str, object] = {"key": None, "model": None}


def load_version(row) -> TrainedModel:
    """A TrainedModel from a ClassifierModel row (weights read with allow_pickle=False)."""
    return TrainedModel.from_weights(bytes(row.weights), row.config or {}, version=row.version)


def get_active_model() -> TrainedModel:
    """The active version, from the process cache unless another version became active.

    One small query (the active row's id and version) per call; the weights are read and
    decoded only when that changes.
    """
    from safecity.online.models import ClassifierModel

    active = ClassifierModel.objects.filter(is_active=True).values_list("pk", "version").first()
    if active is None:
        raise NoActiveModel()
    if _loaded["key"] == active:
        return _loaded["model"]
    with _lock:
        if _loaded["key"] != active:
            row = ClassifierModel.objects.get(pk=active[0])
            _loaded["model"] = load_version(row)
            _loaded["key"] = active
        return _loaded["model"]


def clear_cache() -> None:
    with _lock:
        _loaded["key"] = None
        _loaded["model"] = None


def classify_texts(
    texts: list[str], *, model: TrainedModel | None = None, explain: bool = True
) -> list[Prediction]:
    """Label, score, target group, language and explanation for each text, with the active version.

    Raises NoActiveModel when no version is active. Texts are handled in batches of 512.
    """
    texts = list(texts)
    if model is None:
        model = get_active_model()
    out: list[Prediction] = []
    for start in range(0, len(texts), BATCH):
        out.extend(model.predict(texts[start : start + BATCH], explain=explain))
    return out
