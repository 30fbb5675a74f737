"""Recurring terms and topics in the online items of a period.

- Top terms: the period's mean TF-IDF weight of each word, with the inverse document frequency taken
  over the period *and* the rest of the corpus (the same units, outside the period), so words that
  are common everywhere sink and words that stand out in the period rise.
- Top bigrams: the most frequent word pairs of the period (stop words removed).
- Topics: non-negative matrix factorisation (NMF) of the period's TF-IDF matrix with a fixed seed and
  a small k; each topic is named by its top terms and counts the items it weighs most in.

Nothing that identifies a person becomes a term: @handles, web addresses, e-mail addresses, phone
numbers and personal identity numbers (safecity.core.pii) are cut out of the texts first, tokens
with digits are dropped, and a term must occur in at least MIN_DF items of the period.

Above MAX_ITEMS the period is sampled deterministically: the items with the lowest fingerprints (a
keyed hash, so effectively a random but repeatable sample). The page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from safecity.core.pii import find_personal_data

from . import stats

MAX_ITEMS = 20_000
BACKGROUND_ITEMS = 10_000
MIN_DF = 2
TOP_TERMS = 25
TOP_BIGRAMS = 15
MAX_TOPICS = 6
SEED = 0

STOP_WORDS_SV = frozenset(
    """
    alla allt alltså andra att av bara blev bli blir de dem den denna deras dess dessa det detta dig din
    dina ditt du där efter ej eller en ett fast från för får ha hade han hans har hela hennes henne hon
    honom hur här i icke ingen inget inom inte jag ju kan kanske kom kommer man med men mer mig min mina
    mitt mot mycket ni nu någon något några när och också om oss på redan sa sedan sig sin sina sitt
    själv ska skall skulle som så sådan sådana ta till tills under upp ut utan vad var vara varför varit
    vars vart vem vi vid vilka vilken vilket vill våra vår vårt än är ännu åt över alltid aldrig bra där
    dom dej mej sen lite ens nog väl också ju helt två tre fler flera nej ja okej typ
    """.split()
)
STOP_WORDS_EN = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves get got like one also us dont im its thats cant wont didnt doesnt isnt
    """.split()
)
STOP_WORDS = STOP_WORDS_SV | STOP_WORDS_EN

_HANDLE = re.compile(r"(?<![\w.])@[\w.]{2,}")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Words of letters only (Swedish and Danish/Norwegian letters included), two or more, no digits.
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"  # noqa: S105 - a regular expression, not a secret


def scrub(text: str) -> str:
    """The text without anything that could identify a person (handles, addresses, numbers)."""
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    findings = find_personal_data(text)
    for finding in reversed(findings):
        text = text[: finding.start] + " " + text[finding.end :]
    return text


@dataclass
class Term:
    term: str
    weight: float
    items: int


@dataclass
class Topic:
    name: str
    terms: list[str]
    items: int


@dataclass
class Themes:
    items: int = 0  # items in the period (before sampling)
    analysed: int = 0  # items analysed (after sampling)
    sampled: bool = False
    terms: list[Term] = field(default_factory=list)
    bigrams: list[Term] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


def _texts(rows, limit: int) -> list[str]:
    return [scrub(text) for text in rows.order_by("fingerprint").values_list("text", flat=True)[:limit]]


def _vectorizer(**kwargs) -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        stop_words=sorted(STOP_WORDS),
        sublinear_tf=True,
        **kwargs,
    )


def analyse(s: stats.Scope, *, harmful_only: bool = False, max_items: int = MAX_ITEMS) -> Themes:
    """Terms, bigrams and topics of the items in scope (hateful and threat items only if asked)."""
    if harmful_only:
        s = stats.Scope(**{**s.__dict__, "labels": stats.HARMFUL})
    period = stats.items(s)
    result = Themes(items=period.count())
    if result.items == 0:
        return result
    texts = _texts(period, max_items)
    result.analysed = len(texts)
    result.sampled = result.items > len(texts)

    # The rest of the corpus: same units and filters, outside the period.
    rest_scope = stats.Scope(**{**s.__dict__, "start": None, "end": None})
    rest = stats.items(rest_scope)
    if s.start is not None or s.end is not None:
        outside = period.values("pk")
        rest = rest.exclude(pk__in=outside)
        background = _texts(rest, BACKGROUND_ITEMS)
    else:
        background = []

    min_df = MIN_DF if len(texts) >= MIN_DF else 1
    counter = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(STOP_WORDS), min_df=min_df)
    try:
        period_counts = counter.fit_transform(texts)
    except ValueError:  # nothing left after stop words and scrubbing
        return result
    vocabulary = counter.get_feature_names_out()
    tfidf = _vectorizer(vocabulary=vocabulary)
    tfidf.fit(texts + background)
    matrix = tfidf.transform(texts)
    weights = np.asarray(matrix.mean(axis=0)).ravel()
    document_frequency = np.asarray((period_counts > 0).sum(axis=0)).ravel()
    order = np.argsort(-weights, kind="stable")[:TOP_TERMS]
    result.terms = [
        Term(str(vocabulary[i]), round(float(weights[i]), 4), int(document_frequency[i]))
        for i in order
        if weights[i] > 0
    ]

    bigram_counter = CountVectorizer(
        token_pattern=TOKEN_PATTERN, stop_words=sorted(STOP_WORDS), ngram_range=(2, 2), min_df=min_df
    )
    try:
        bigrams = bigram_counter.fit_transform(texts)
        names = bigram_counter.get_feature_names_out()
        totals = np.asarray(bigrams.sum(axis=0)).ravel()
        frequency = np.asarray((bigrams > 0).sum(axis=0)).ravel()
        top = np.argsort(-totals, kind="stable")[:TOP_BIGRAMS]
        result.bigrams = [Term(str(names[i]), float(totals[i]), int(frequency[i])) for i in top]
    except ValueError:
        result.bigrams = []

    result.topics = topics(matrix, vocabulary)
    return result


def topic_count(n_items: int) -> int:
    """A small k: about one topic per 40 items, at least 2 and at most MAX_TOPICS (0: too few items)."""
    if n_items < 10:
        return 0
    return max(2, min(MAX_TOPICS, n_items // 40))


def topics(matrix, vocabulary) -> list[Topic]:
    k = min(topic_count(matrix.shape[0]), matrix.shape[1])
    if k < 2:
        return []
    model = NMF(n_components=k, init="nndsvda", random_state=SEED, max_iter=300)
    doc_topic = model.fit_transform(matrix)
    strongest = doc_topic.argmax(axis=1)
    has_weight = doc_topic.max(axis=1) > 0
    found = []
    for index, component in enumerate(model.components_):
        top = [str(vocabulary[i]) for i in np.argsort(-component, kind="stable")[:6] if component[i] > 0]
        if not top:
            continue
        count = int(((strongest == index) & has_weight).sum())
        found.append(Topic(name=" · ".join(top[:3]), terms=top, items=count))
    return sorted(found, key=lambda t: -t.items)
