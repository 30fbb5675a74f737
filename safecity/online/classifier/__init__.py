"""The online-hate classifier: labels (not, offensive, hateful, threat), score, target group,
language and an explanation for each text, with the active ClassifierModel version.

    from safecity.online.classifier import classify_texts, NoActiveModel
    predictions = classify_texts(["text one", "text two"])

See docs/classifier.md for how it works, its data, its evaluation and its limits.
"""

from .language import detect_language
from .model import HARMFUL, LABELS, ModelFormatError, Prediction, TrainedModel
from .runtime import NoActiveModel, classify_texts, clear_cache, get_active_model, load_version

__all__ = [
    "HARMFUL",
    "LABELS",
    "ModelFormatError",
    "NoActiveModel",
    "Prediction",
    "TrainedModel",
    "classify_texts",
    "clear_cache",
    "detect_language",
    "get_active_model",
    "load_version",
]
