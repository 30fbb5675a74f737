"""Features: hashed character and word n-grams plus dense lexicon and pattern features.

- character n-grams (2–5) inside word boundaries and word unigrams and bigrams, hashed
  (murmurhash3, as scikit-learn's FeatureHasher) into 2**18 and 2**17 columns: no vocabulary is
  stored; weighted by sublinear tf × idf (idf from the training texts) and L2-normalised per block;
- dense features from the lexicon and the patterns: weighted counts of slurs, dehumanising terms,
  group nouns, threat phrases, profanity and counter-speech cues; per target group the hateful
  terms and the group nouns; threat patterns; counter-speech, quoting, negation, generalisation
  ("alla X") and address ("du", "you"), and some of their combinations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher

from .lexicon import Hit, Lexicon
from .patterns import compile_patterns
from .text import char_grams, normalise, tokens

TARGETS = (
    "xenophobic",
    "afrophobic",
    "antiziganist",
    "antisemitic",
    "islamophobic",
    "christianophobic",
    "other_religion",
    "homophobic",
    "transphobic",
    "disability",
    "gender",
    "other",
)
LEXICON_KINDS = ("slur", "dehumanising", "group", "threat", "profanity", "counter")
PATTERN_KINDS = (
    "threat",
    "counter",
    "quote",
    "generalise",
    "second_person",
    "negation",
    "hostile",
    "negated",
)
HATE_KINDS = ("slur", "dehumanising")
SILENT_KINDS = ("quote", "second_person", "negation")
COMBOS = (
    ("threat", "group"),
    ("threat", "hate"),
    ("threat", "second_person"),
    ("hate", "generalise"),
    ("group", "generalise"),
    ("group", "dehumanising"),
    ("hate", "second_person"),
    ("counter", "hate"),
    ("counter", "threat"),
    ("quote", "hate"),
    ("negation", "hate"),
    ("negation", "threat"),
    ("profanity", "second_person"),
    ("profanity", "hate"),
    ("hostile", "group"),
    ("hostile", "hate"),
    ("negated", "group"),
    ("negated", "hate"),
    ("negated", "hostile"),
    ("counter", "group"),
    ("quote", "group"),
)


ENGLISH_KINDS = ("slur", "dehumanising", "profanity")
GROUP_MASK = "grp"


def dense_names() -> list[str]:
    names = [f"lex:{k}" for k in LEXICON_KINDS]
    # English rows apart too: the English data calls much casual slur use "offensive", the Nordic
    # data "hateful", and the model may weigh them differently
    names += [f"lex:{k}:en" for k in ENGLISH_KINDS]
    names += [f"pat:{k}" for k in PATTERN_KINDS]
    names += [f"hate:{t}" for t in TARGETS]
    names += [f"group:{t}" for t in TARGETS]
    names += [f"{a}&{b}" for a, b in COMBOS]
    names += ["short", "length", "caps", "exclaim"]
    return names


DEFAULT_CONFIG = {
    "feature_version": 1,
    "char_bits": 18,
    "word_bits": 17,
    "char_low": 2,
    "char_high": 5,
    "char_weight": 1.0,
    "word_weight": 0.8,
    "dense_weight": 1.0,
    # group nouns ("muslimer", "women") become one token for the n-grams, so no group's name
    # itself leans towards hate: what is said about the group decides
    "mask_groups": True,
    # off by default (tried: +0.004 on the Swedish suite, -0.06 on the small threat set, slower);
    # when on, character n-grams (3–4) of each word's consonant skeleton too ("muslimer" → "mslmr"), so a
    # word with a vowel dropped or changed still meets the n-grams of the word it stands for.
    # Read from the version's own config: versions trained before it existed have it off.
    "skeleton": False,
}
VOWELS = frozenset("aeiouyåäöæøéü")


@dataclass
class Analysis:
    """One text as the features see it; kept to explain the prediction afterwards."""

    normalised: str
    tokens: list[str]  # as in the text (shown in explanations)
    hits: list[Hit]
    matches: list[tuple[str, str]]  # (pattern kind, matched text)
    dense: np.ndarray
    owners: dict[int, list[str]] = field(default_factory=dict)  # dense index -> terms behind it
    feature_tokens: list[str] | None = None  # as the n-grams see them (group nouns masked)

    @property
    def ftokens(self) -> list[str]:
        return self.tokens if self.feature_tokens is None else self.feature_tokens


_SKELETONS: dict[str, str] = {}


def _skeleton(token: str) -> str:
    """The consonants of a word, doubled letters once: "muslimer" → "mslmr", "jävlar" → "jvlr"."""
    bones = _SKELETONS.get(token)
    if bones is None:
        out = []
        for c in token:
            if c in VOWELS or not c.isalpha() or (out and out[-1] == c):
                continue
            out.append(c)
        bones = "".join(out)
        if len(_SKELETONS) > 300_000:
            _SKELETONS.clear()
        _SKELETONS[token] = bones
    return bones


def _squash(x: float) -> float:
    return math.log1p(x)


class Featurizer:
    def __init__(self, config: dict, lexicon_rows: list[dict], patterns: list, idf=None):
        self.config = {**DEFAULT_CONFIG, **config}
        self.n_char = 2 ** int(self.config["char_bits"])
        self.n_word = 2 ** int(self.config["word_bits"])
        self.low, self.high = int(self.config["char_low"]), int(self.config["char_high"])
        self.skeleton = bool(config.get("skeleton", False))
        self.lexicon = Lexicon(lexicon_rows)
        self.patterns = compile_patterns(patterns)
        self.dense_names = dense_names()
        self.n_dense = len(self.dense_names)
        self._dense_index = {name: i for i, name in enumerate(self.dense_names)}
        self.n_features = self.n_char + self.n_word + self.n_dense
        self._char_hasher = FeatureHasher(n_features=self.n_char, input_type="string")
        self._word_hasher = FeatureHasher(n_features=self.n_word, input_type="string")
        # idf per column: (char idf, word idf); None before fitting
        self.idf = idf

    # ---- analysis -------------------------------------------------------------------------------
    def analyse(self, text: str) -> Analysis:
        raw = text or ""
        norm = normalise(raw)
        toks = tokens(norm)
        hits = self.lexicon.match(toks)
        matches = [(kind, m.group(0)) for kind, _lang, rx in self.patterns for m in rx.finditer(norm)]
        dense = np.zeros(self.n_dense, dtype=np.float32)
        owners: dict[int, list[str]] = {}
        idx = self._dense_index

        def add(name: str, value: float, term: str | None):
            i = idx[name]
            dense[i] += value
            if term:
                owners.setdefault(i, []).append(term)

        present: dict[str, list[str]] = {}
        feature_tokens = None
        if self.config.get("mask_groups"):
            groups = [h for h in hits if h.kind == "group" and h.end - h.start == 1]
            if groups:
                feature_tokens = list(toks)
                for h in groups:
                    feature_tokens[h.start] = GROUP_MASK
        for hit in hits:
            add(f"lex:{hit.kind}", hit.weight, hit.term)
            if hit.language == "en" and hit.kind in ENGLISH_KINDS:
                add(f"lex:{hit.kind}:en", hit.weight, hit.term)
            present.setdefault(hit.kind, []).append(hit.term)
            if hit.kind in HATE_KINDS:
                present.setdefault("hate", []).append(hit.term)
                if hit.target in TARGETS:
                    add(f"hate:{hit.target}", hit.weight, hit.term)
            elif hit.kind == "group" and hit.target in TARGETS:
                add(f"group:{hit.target}", hit.weight, hit.term)
            elif hit.kind == "threat":
                present.setdefault("threat", [])
        for kind, matched in matches:
            name = f"pat:{kind}"
            # pronouns, negations and quotation marks explain little on their own
            add(
                name,
                1.0,
                matched if kind in ("threat", "counter", "generalise", "hostile", "negated") else None,
            )
            present.setdefault(kind, []).append(matched)
        for a, b in COMBOS:
            if present.get(a) and present.get(b):
                # quotation marks, pronouns and negation words explain nothing on their own
                terms = [t for kind in (a, b) if kind not in SILENT_KINDS for t in present[kind][:2]]
                i = idx[f"{a}&{b}"]
                dense[i] = 1.0
                owners[i] = terms
        for i in range(idx["short"]):
            if dense[i]:
                dense[i] = _squash(dense[i])
        n_tok = len(toks)
        dense[idx["short"]] = 1.0 if n_tok <= 4 else 0.0
        dense[idx["length"]] = min(math.log1p(n_tok) / 5.0, 1.5)
        letters = [c for c in raw if c.isalpha()]
        if len(letters) >= 8:
            dense[idx["caps"]] = sum(c.isupper() for c in letters) / len(letters)
        dense[idx["exclaim"]] = min(raw.count("!"), 5) / 5.0
        return Analysis(norm, toks, hits, matches, dense, owners, feature_tokens)

    def char_features(self, a: Analysis) -> list[str]:
        low, high = self.low, self.high
        out: list[str] = []
        skeleton = self.skeleton
        for tok in a.ftokens:
            out.extend(char_grams(tok, low, high))
            if skeleton and len(tok) >= 5 and tok != GROUP_MASK:
                bones = _skeleton(tok)
                if len(bones) >= 3:
                    out.extend("~" + g for g in char_grams(bones, 3, 4))
        return out

    @staticmethod
    def word_features(a: Analysis) -> list[str]:
        toks = a.ftokens
        out = ["w " + t for t in toks]
        out.extend("b " + toks[i] + " " + toks[i + 1] for i in range(len(toks) - 1))
        return out

    # ---- matrices ---------------------------------------------------------------------------------
    def _counts(self, analyses: list[Analysis]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        xc = self._char_hasher.transform(self.char_features(a) for a in analyses).tocsr()
        xw = self._word_hasher.transform(self.word_features(a) for a in analyses).tocsr()
        return xc, xw

    def fit_idf(self, analyses: list[Analysis]) -> None:
        xc, xw = self._counts(analyses)
        n = xc.shape[0]
        idf = []
        for x, size in ((xc, self.n_char), (xw, self.n_word)):
            df = np.bincount(x.indices, minlength=size)
            idf.append((np.log((1 + n) / (1 + df)) + 1).astype(np.float32))
        self.idf = tuple(idf)

    def matrix(self, analyses: list[Analysis]) -> tuple[sp.csr_matrix, np.ndarray]:
        """The feature matrix and, per row, the norms of the char and word blocks before scaling."""
        if self.idf is None:
            raise RuntimeError("idf not fitted")
        xc, xw = self._counts(analyses)
        norms = np.zeros((len(analyses), 2), dtype=np.float32)
        blocks = []
        for b, (x, idf, weight) in enumerate(
            ((xc, self.idf[0], self.config["char_weight"]), (xw, self.idf[1], self.config["word_weight"]))
        ):
            x = x.astype(np.float32)
            x.eliminate_zeros()  # signed hashing can cancel two n-grams out
            d = x.data
            x.data = np.sign(d) * (1.0 + np.log(np.abs(d))) * idf[x.indices]
            sq = np.asarray(x.multiply(x).sum(axis=1)).ravel()
            norm = np.sqrt(sq)
            norm[norm == 0] = 1.0
            norms[:, b] = norm
            x = sp.diags((weight / norm).astype(np.float32)) @ x
            blocks.append(x)
        dense = (
            np.vstack([a.dense for a in analyses]) if analyses else np.zeros((0, self.n_dense), np.float32)
        )
        blocks.append(sp.csr_matrix(dense * float(self.config["dense_weight"])))
        return sp.hstack(blocks, format="csr", dtype=np.float32), norms
