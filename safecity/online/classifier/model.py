"""A trained classifier version: weights in a NumPy .npz archive (never a pickle), the rest in JSON.

The archive holds plain numeric arrays only and is read with `np.load(..., allow_pickle=False)`:
an archive with an object array (which would need unpickling) is refused. The configuration
(feature settings, labels, the lexicon rows and patterns the version was trained with) is the
model row's JSON `config`.
"""

from __future__ import annotations

import heapq
import io
import zipfile
from dataclasses import dataclass, field

import numpy as np
from sklearn.utils import murmurhash3_32

from .features import Analysis, Featurizer

LABELS = ("not", "offensive", "hateful", "threat")
HARMFUL = ("offensive", "hateful", "threat")
# token forms that explain nothing to a reader
_SILENT = {"@user", "urltoken", "rt"}
WEIGHT_ARRAYS = (
    "coef_idx",
    "coef_val",
    "intercept",
    "idf_char_idx",
    "idf_char_val",
    "idf_word_idx",
    "idf_word_val",
)


class ModelFormatError(ValueError):
    """The weights are not a safe, complete .npz archive for this configuration."""


@dataclass(frozen=True)
class Prediction:
    label: str  # not | offensive | hateful | threat
    score: float  # 1 − P(not): orders the review queue, nothing else
    probabilities: dict[str, float]
    target: str  # a Target value or ""
    language: str  # sv, en, da, no, fi, de or ""
    explanation: list = field(default_factory=list)  # [[term, weight], ...]


def load_npz(data: bytes) -> dict[str, np.ndarray]:
    """Numeric arrays from .npz bytes; refuses pickled objects and anything that is not an archive."""
    raw = bytes(data)
    if not raw.startswith(b"PK"):
        raise ModelFormatError("the weights are not an .npz archive: refused")
    try:
        archive = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFormatError(f"the weights are not a readable .npz archive: {exc}") from exc
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ModelFormatError("the weights are not an .npz archive: refused")
    arrays = {}
    with archive:
        for name in archive.files:
            try:
                arrays[name] = archive[name]
            except ValueError as exc:  # "Object arrays cannot be loaded when allow_pickle=False"
                raise ModelFormatError(f"the weights contain a pickled object ({name}): refused") from exc
            except (OSError, zipfile.BadZipFile, EOFError) as exc:
                raise ModelFormatError(f"the weights are damaged ({name}): {exc}") from exc
    for name, arr in arrays.items():
        if arr.dtype.kind not in "biuf":
            raise ModelFormatError(f"array {name} has type {arr.dtype}: only numbers are accepted")
    return arrays


def dump_npz(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def _sparse_vector(size: int, idx: np.ndarray, val: np.ndarray, default: float) -> np.ndarray:
    out = np.full(size, default, dtype=np.float32)
    out[idx.astype(np.int64)] = val
    return out


class TrainedModel:
    """Feature extraction plus the linear weights of one version, ready to predict."""

    def __init__(
        self, config: dict, featurizer: Featurizer, coef: np.ndarray, intercept: np.ndarray, version=None
    ):
        self.config = config
        self.featurizer = featurizer
        self.labels = tuple(config.get("labels", LABELS))
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)  # labels × features
        self.coef_t = np.ascontiguousarray(self.coef.T)
        self.intercept = intercept.astype(np.float32)
        self.version = version
        self._token_cache: dict[str, np.ndarray] = {}
        self._dir: np.ndarray | None = None

    # ---- storage ----------------------------------------------------------------------------------
    @classmethod
    def from_weights(cls, weights: bytes, config: dict, version=None) -> TrainedModel:
        arrays = load_npz(weights)
        missing = [name for name in WEIGHT_ARRAYS if name not in arrays]
        if missing:
            raise ModelFormatError("the weights lack " + ", ".join(missing))
        fz = Featurizer(config.get("features", {}), config.get("lexicon", []), config.get("patterns", []))
        idf_default = float(config.get("idf_default", 1.0))
        fz.idf = (
            _sparse_vector(fz.n_char, arrays["idf_char_idx"], arrays["idf_char_val"], idf_default),
            _sparse_vector(fz.n_word, arrays["idf_word_idx"], arrays["idf_word_val"], idf_default),
        )
        labels = config.get("labels", LABELS)
        idx = arrays["coef_idx"].astype(np.int64)
        val = arrays["coef_val"].astype(np.float32)
        if val.shape != (len(labels), len(idx)) or (len(idx) and idx.max() >= fz.n_features):
            raise ModelFormatError("the weights do not fit the configuration")
        coef = np.zeros((len(labels), fz.n_features), dtype=np.float32)
        coef[:, idx] = val
        intercept = arrays["intercept"].astype(np.float32)
        if intercept.shape != (len(labels),):
            raise ModelFormatError("the intercepts do not fit the labels")
        return cls(config, fz, coef, intercept, version=version)

    def weights_bytes(self) -> bytes:
        fz = self.featurizer
        nz = np.flatnonzero(np.any(self.coef != 0, axis=0)).astype(np.int32)
        arrays = {
            "coef_idx": nz,
            "coef_val": self.coef[:, nz].astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }
        default = float(self.config.get("idf_default", 1.0))
        for name, vec in (("char", fz.idf[0]), ("word", fz.idf[1])):
            keep = np.flatnonzero(vec != default).astype(np.int32)
            arrays[f"idf_{name}_idx"] = keep
            arrays[f"idf_{name}_val"] = vec[keep].astype(np.float32)
        return dump_npz(arrays)

    # ---- prediction -------------------------------------------------------------------------------
    def decision(self, texts: list[str]) -> tuple[list[Analysis], np.ndarray, np.ndarray, np.ndarray]:
        fz = self.featurizer
        analyses = [fz.analyse(t) for t in texts]
        x, norms = fz.matrix(analyses)
        scores = np.asarray(x @ self.coef_t) + self.intercept
        return analyses, x, norms, scores

    @staticmethod
    def softmax(scores: np.ndarray) -> np.ndarray:
        z = scores - scores.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Per label probabilities from the decision scores (one-against-the-rest sigmoids, normalised,
        as scikit-learn does for such models; a softmax for a multinomial model)."""
        if self.config.get("model", {}).get("probabilities") == "ovr":
            p = 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))
            total = p.sum(axis=1, keepdims=True)
            total[total == 0] = 1.0
            return p / total
        return self.softmax(scores)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return self.probabilities(self.decision(texts)[3])

    def predict(self, texts: list[str], explain: bool = True) -> list[Prediction]:
        from .language import detect_language

        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        if not texts:
            return []
        analyses, _x, norms, scores = self.decision(texts)
        probs = self.probabilities(scores)
        labels = self.labels
        not_i = labels.index("not")
        out = []
        for i, text in enumerate(texts):
            a = analyses[i]
            k = int(np.argmax(probs[i]))
            label = labels[k]
            if not a.tokens:
                label, k = "not", not_i
            p = {lab: round(float(probs[i, j]), 4) for j, lab in enumerate(labels)}
            target = self.target_of(a) if label in HARMFUL else ""
            explanation = self.explain(a, norms[i], k) if explain and a.tokens else []
            out.append(
                Prediction(
                    label=label,
                    score=round(float(1.0 - probs[i, not_i]), 4),
                    probabilities=p,
                    target=target,
                    language=detect_language(text),
                    explanation=explanation,
                )
            )
        return out

    # ---- target group -----------------------------------------------------------------------------
    @staticmethod
    def target_of(a: Analysis) -> str:
        """The target group the lexicon points at: hateful terms weigh double group nouns."""
        score: dict[str, float] = {}
        for hit in a.hits:
            if not hit.target:
                continue
            factor = {"slur": 2.0, "dehumanising": 1.5, "threat": 1.0, "group": 1.0}.get(hit.kind, 0.5)
            score[hit.target] = score.get(hit.target, 0.0) + factor * hit.weight
        if not score:
            return ""
        best = max(score.items(), key=lambda kv: (kv[1], kv[0] != "other"))
        return best[0]

    # ---- explanation ------------------------------------------------------------------------------
    def _directions(self) -> np.ndarray:
        """Per label k and feature: the weight towards k against the mean of the other labels."""
        if self._dir is None:
            n = len(self.labels)
            a = np.full((n, n), -1.0 / (n - 1), dtype=np.float32)
            np.fill_diagonal(a, 1.0)
            self._dir = np.ascontiguousarray(a @ self.coef)
        return self._dir

    @staticmethod
    def _hashed(feature: str, size: int) -> tuple[int, float]:
        h = murmurhash3_32(feature, seed=0)
        return abs(h) % size, (1.0 if h >= 0 else -1.0)

    def _token_vector(self, tok: str) -> tuple[np.ndarray, np.ndarray]:
        """Per label direction: the token's char n-grams and its word feature, as in a text before the norms."""
        vec = self._token_cache.get(tok)
        if vec is None:
            fz = self.featurizer
            d = self._directions()
            char = np.zeros(len(self.labels), dtype=np.float32)
            for g in set(fz.char_features(Analysis(tok, [tok], [], [], None))):
                j, s = self._hashed(g, fz.n_char)
                char += s * fz.idf[0][j] * d[:, j]
            j, s = self._hashed("w " + tok, fz.n_word)
            word = s * fz.idf[1][j] * d[:, fz.n_char + j]
            vec = (char.tolist(), word.tolist())
            if len(self._token_cache) < 200_000:
                self._token_cache[tok] = vec
        return vec

    def explain(self, a: Analysis, norms: np.ndarray, k: int, top: int = 6) -> list:
        """The 3–6 words, phrases, lexicon terms and patterns that weighed most towards label k."""
        fz = self.featurizer
        d = self._directions()
        cw = fz.config["char_weight"] / float(norms[0])
        ww = fz.config["word_weight"] / float(norms[1])
        dw = fz.config["dense_weight"]
        terms: dict[str, float] = {}
        ftoks = a.ftokens
        for tok, ftok in set(zip(a.tokens, ftoks, strict=True)):
            if tok in _SILENT or len(tok) < 2:
                continue
            char, word = self._token_vector(ftok)
            terms[tok] = char[k] * cw + word[k] * ww
        toks = a.tokens
        idf_w, n_char, n_word = fz.idf[1], fz.n_char, fz.n_word
        dk = d[k]
        for i in range(len(toks) - 1):
            left, right = toks[i], toks[i + 1]
            if left in _SILENT or right in _SILENT:
                continue
            bigram = left + " " + right
            j, s = self._hashed("b " + ftoks[i] + " " + ftoks[i + 1], n_word)
            contribution = float(dk[n_char + j] * s * idf_w[j]) * ww
            if contribution > 0:
                # a bigram that adds to its words is shown as the phrase
                terms[bigram] = (
                    terms.get(bigram, 0.0)
                    + contribution
                    + max(terms.get(left, 0), 0)
                    + max(terms.get(right, 0), 0)
                )
        base = n_char + n_word
        for i, owners in a.owners.items():
            if not owners:
                continue
            contribution = float(dk[base + i] * a.dense[i]) * dw / len(owners)
            for term in owners:
                terms[term] = terms.get(term, 0.0) + contribution
        ranked = heapq.nlargest(40, ((w, t) for t, w in terms.items() if w > 0))
        chosen: list[list] = []
        shown: set[str] = set()
        for weight, term in ranked:
            # a word already shown, alone or inside a phrase, is not shown again
            words = term.split()
            if shown.intersection(words):
                continue
            shown.update(words)
            chosen.append([term, round(float(weight), 2)])
            if len(chosen) >= top:
                break
        return chosen
