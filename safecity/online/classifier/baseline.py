"""The keyword baseline: lexicon and pattern lookup only, to compare the model with.

A threat phrase or pattern → threat; a slur or dehumanising term → hateful; profanity → offensive;
otherwise not. No weights, no context (negation, quoting and counter-speech are ignored).
"""

from __future__ import annotations

from .lexicon import Lexicon, read_lexicon
from .patterns import PATTERNS, compile_patterns
from .text import normalise, tokens


class KeywordBaseline:
    def __init__(self, lexicon_rows: list[dict] | None = None, patterns=None):
        self.lexicon = Lexicon(read_lexicon() if lexicon_rows is None else lexicon_rows)
        self.threats = [rx for kind, _l, rx in compile_patterns(patterns or PATTERNS) if kind == "threat"]

    def label(self, text: str) -> str:
        norm = normalise(text or "")
        kinds = {hit.kind for hit in self.lexicon.match(tokens(norm))}
        if "threat" in kinds or any(rx.search(norm) for rx in self.threats):
            return "threat"
        if kinds & {"slur", "dehumanising"}:
            return "hateful"
        if "profanity" in kinds:
            return "offensive"
        return "not"

    def target(self, text: str) -> str:
        score: dict[str, float] = {}
        for hit in self.lexicon.match(tokens(normalise(text or ""))):
            if hit.target:
                score[hit.target] = score.get(hit.target, 0.0) + hit.weight
        return max(score.items(), key=lambda kv: kv[1])[0] if score else ""

    def predict(self, texts: list[str]) -> list[str]:
        return [self.label(t) for t in texts]
