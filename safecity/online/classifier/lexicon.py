"""The multilingual lexicon (safecity/online/data/lexicon.csv) and a fast matcher over tokens.

A lexicon row: term (lowercase; a trailing `*` matches any ending of the last word), language
(sv, en, da, no), target (a Target value or ""), kind (slur, dehumanising, group, threat, profanity,
counter) and weight (1–3). Terms of several words match consecutive tokens. Terms are normalised
like the texts (text.normalise) so "mu$lim" in a text meets "muslim" in the lexicon.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .text import normalise, tokens

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_PATH = DATA_DIR / "lexicon.csv"
KINDS = ("slur", "dehumanising", "group", "threat", "profanity", "counter")
FIELDS = ("term", "language", "target", "kind", "weight")
INNER_KINDS = ("slur", "dehumanising", "group")
INNER_MIN = 10  # tokens this long are searched for lexicon words inside them (not English ones:
# English does not write compounds as one word)
INNER_MIDDLE_MIN = 7  # a shorter term counts only at the start or the end of the token
FUZZY_MIN = 6  # words this long that match nothing are compared with the Nordic slurs, dehumanising
# terms and group nouns of 6+ letters one letter apart (a letter dropped or added, or two neighbours
# swapped; same first letter). Not English: its inflections and near-words are too many.
FUZZY_WEIGHT = 0.7


@dataclass(frozen=True)
class Hit:
    term: str  # the words of the text that matched, as normalised
    entry: str  # the lexicon term
    kind: str
    target: str
    weight: float
    language: str
    start: int  # token positions [start, end)
    end: int


def read_lexicon(path: Path | str | None = None) -> list[dict]:
    """Rows of the lexicon file as dicts (term, language, target, kind, weight); [] if there is no file."""
    path = Path(path) if path else LEXICON_PATH
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            term = (row.get("term") or "").strip().lower()
            kind = (row.get("kind") or "").strip().lower()
            if not term or term.startswith("#") or kind not in KINDS:
                continue
            try:
                weight = float(row.get("weight") or 1)
            except ValueError:
                weight = 1.0
            rows.append(
                {
                    "term": term,
                    "language": (row.get("language") or "").strip().lower(),
                    "target": (row.get("target") or "").strip().lower(),
                    "kind": kind,
                    "weight": max(0.5, min(3.0, weight)),
                }
            )
    return rows


class Lexicon:
    """Matches lexicon terms against the tokens of a normalised text."""

    def __init__(self, rows: Iterable[dict]):
        self.rows = list(rows)
        # first word -> entries; prefix entries of one word are indexed by their first 3 letters
        self._exact: dict[str, list[tuple[list[str], bool, dict]]] = {}
        self._prefix: dict[str, list[tuple[str, dict]]] = {}
        for row in self.rows:
            term = row["term"]
            prefix = term.endswith("*")
            words = tokens(normalise(term.rstrip("*")))
            if not words:
                continue
            if len(words) == 1 and prefix:
                word = words[0]
                self._prefix.setdefault(word[:3], []).append((word, row))
            else:
                self._exact.setdefault(words[0], []).append((words, prefix, row))

        # Nordic words of 5+ letters looked for inside long tokens: compounds ("muslimjävlar") and
        # words run together ("judarärparasiter")
        inner: dict[str, dict] = {}
        for words, _prefix, row in (e for entries in self._exact.values() for e in entries):
            if (
                len(words) == 1
                and len(words[0]) >= 5
                and row["kind"] in INNER_KINDS
                and row["language"] != "en"
            ):
                inner.setdefault(words[0], row)
        for entries in self._prefix.values():
            for word, row in entries:
                if len(word) >= 5 and row["kind"] in INNER_KINDS and row["language"] != "en":
                    inner.setdefault(word, row)
        self._inner_rows = inner

        # one-letter-apart matching (SymSpell-style deletions): key -> [(word, is_prefix, row)]
        self._fuzzy: dict[str, list[tuple[str, bool, dict]]] = {}
        fuzzy_words = [
            (words[0], prefix, row)
            for entries in self._exact.values()
            for words, prefix, row in entries
            if len(words) == 1
        ]
        fuzzy_words += [(word, True, row) for entries in self._prefix.values() for word, row in entries]
        for word, prefix, row in fuzzy_words:
            if (
                len(word) < FUZZY_MIN
                or row["kind"] not in INNER_KINDS
                or row["language"] == "en"
                or not word.isalpha()
            ):
                continue
            for key in {word, *_deletes(word)}:
                self._fuzzy.setdefault(key, []).append((word, prefix, row))
        self._fuzzy_cache: dict[str, tuple] = {}
        self._inner = (
            re.compile("|".join(re.escape(w) for w in sorted(inner, key=len, reverse=True)))
            if inner
            else None
        )

    def __len__(self):
        return len(self.rows)

    def _fuzzy_rows(self, tok: str) -> tuple:
        """Lexicon rows one letter away from a token that matched nothing exactly (cached)."""
        found = self._fuzzy_cache.get(tok)
        if found is not None:
            return found
        rows: list[dict] = []
        seen: set[tuple[str, str]] = set()
        candidates = {tok, *_deletes(tok)}
        # a term with any ending ("invandrar*") is compared with the token's starts
        for n in range(FUZZY_MIN - 1, len(tok)):
            candidates.add(tok[:n])
            candidates.update(_deletes(tok[:n]))
        for key in candidates:
            for word, prefix, row in self._fuzzy.get(key, ()):
                if (row["kind"], row["target"]) in seen or word[0] != tok[0]:
                    continue
                if prefix:
                    # a term with any ending: compare the token's start (one letter more or less)
                    ok = any(_one_apart(tok[:n], word) for n in (len(word) - 1, len(word), len(word) + 1))
                    ok = ok and not tok.startswith(word)
                else:
                    ok = _one_apart(tok, word)
                if ok:
                    seen.add((row["kind"], row["target"]))
                    rows.append(row)
        found = tuple(rows)
        if len(self._fuzzy_cache) > 200_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[tok] = found
        return found

    def match(self, toks: list[str]) -> list[Hit]:
        hits: list[Hit] = []
        exact, prefixed = self._exact, self._prefix
        n = len(toks)
        for i, tok in enumerate(toks):
            entries = exact.get(tok)
            if entries:
                for words, prefix, row in entries:
                    k = len(words)
                    if k == 1:
                        hits.append(_hit(tok, row, i, i + 1))
                        continue
                    if i + k > n:
                        continue
                    ok = all(toks[i + j] == words[j] for j in range(1, k - 1))
                    last = toks[i + k - 1]
                    ok = ok and (last.startswith(words[-1]) if prefix else last == words[-1])
                    if ok:
                        hits.append(_hit(" ".join(toks[i : i + k]), row, i, i + k))
            if len(tok) >= 3:
                for word, row in prefixed.get(tok[:3], ()):
                    if tok.startswith(word):
                        hits.append(_hit(tok, row, i, i + 1))
        if self._fuzzy:
            covered = {i for h in hits for i in range(h.start, h.end)}
            for i, tok in enumerate(toks):
                if len(tok) < FUZZY_MIN or i in covered or not tok.isalpha():
                    continue
                for row in self._fuzzy_rows(tok):
                    hits.append(
                        Hit(
                            tok,
                            row["term"],
                            row["kind"],
                            row["target"],
                            row["weight"] * FUZZY_WEIGHT,
                            row["language"],
                            i,
                            i + 1,
                        )
                    )
        if self._inner is not None:
            covered = {i for h in hits for i in range(h.start, h.end)}
            for i, tok in enumerate(toks):
                if len(tok) < INNER_MIN or i in covered:
                    continue
                for m in self._inner.finditer(tok):
                    word = m.group(0)
                    # inside a word only a long term counts ("presstalesperson" is no "lespe")
                    if len(word) < INNER_MIDDLE_MIN and m.start() > 0 and m.end() < len(tok):
                        continue
                    row = self._inner_rows[word]
                    hits.append(
                        Hit(
                            tok,
                            row["term"],
                            row["kind"],
                            row["target"],
                            row["weight"] * 0.7,
                            row["language"],
                            i,
                            i + 1,
                        )
                    )
        return hits


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_apart(a: str, b: str) -> bool:
    """True when a and b differ by one letter dropped or added, or two neighbouring letters swapped."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        # one letter changed is not enough: too many ordinary words are one letter from a lexicon
        # word ("holder"/"horder", "killing"/"kælling"); two neighbours swapped is a typo
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    return short in _deletes(long_)


def _hit(term: str, row: dict, start: int, end: int) -> Hit:
    return Hit(term, row["term"], row["kind"], row["target"], row["weight"], row["language"], start, end)
