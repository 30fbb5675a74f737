"""Suggest online items that look like a narrative. A person confirms or rejects; nothing else does.

Which items are candidates (the time window, in local calendar days, both ends included):

    from   first_seen − window_days
    to     (the later of first_seen and the latest confirmed item's day) + window_days

so a narrative that keeps living (people keep confirming items) keeps its window open, and one that
went quiet stops collecting suggestions. Items must belong to the narrative's unit; a narrative
owned by the central office looks at every unit. Closed narratives get no suggestions.

How similar: the narrative's profile (claim + keywords + the texts of its confirmed items) and each
candidate are turned into TF-IDF vectors of character n-grams (3–5, within word boundaries, which
forgive spelling variants and inflections) and of words; the similarity is the cosine of the two
vectors (the mean of the two cosines), between 0 and 1. IDF is fitted on the profile and all the
candidates of the window, so a run over one narrative gives every item the same score whichever
import brought it in.

Candidates at or above the narrative's threshold become NarrativeLink(state=suggested). Items that
already have a confirmed or rejected link are left alone — a rejected item is never suggested
again. A pending suggestion gets its similarity refreshed (the profile grows as items are
confirmed), and is withdrawn when it falls below the threshold (for instance after the threshold
was raised): nobody had decided on it. Re-running with nothing changed changes nothing: the
function is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task
from sklearn.feature_extraction.text import TfidfVectorizer

from safecity.core.jobs import job_progress
from safecity.organisation.models import Unit

from .models import Narrative, NarrativeLink, OnlineItem
from .themes import STOP_WORDS, scrub

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 20_000
WORDS = r"(?u)\b\w{2,}\b"  # noqa: S105 - a regular expression, not a secret


@dataclass
class Outcome:
    candidates: int = 0
    created: int = 0
    refreshed: int = 0
    withdrawn: int = 0


def window(narrative: Narrative) -> tuple[dt.date, dt.date]:
    """The first and last local day whose items may be suggested (both included)."""
    latest = (
        NarrativeLink.objects.filter(narrative=narrative, state=NarrativeLink.State.CONFIRMED)
        .aggregate(latest=Max("item__posted_at"))
        .get("latest")
    )
    alive = narrative.first_seen
    if latest is not None:
        alive = max(alive, timezone.localtime(latest).date())
    span = dt.timedelta(days=narrative.window_days)
    return narrative.first_seen - span, alive + span


def candidates(narrative: Narrative):
    first, last = window(narrative)
    rows = OnlineItem.objects.filter(
        posted_at__gte=timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        posted_at__lt=timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)),
    )
    if narrative.unit.kind != Unit.Kind.CENTRAL:
        rows = rows.filter(unit_id=narrative.unit_id)
    return rows


def profile_text(narrative: Narrative) -> str:
    confirmed = OnlineItem.objects.filter(
        narrative_links__narrative=narrative, narrative_links__state=NarrativeLink.State.CONFIRMED
    ).values_list("text", flat=True)
    return "\n".join([narrative.title, narrative.claim, narrative.keywords, *confirmed])


def similarities(profile: str, texts: list[str]) -> np.ndarray:
    """Cosine similarity (0–1) of each text to the profile: mean of character and word TF-IDF cosines."""
    if not texts:
        return np.zeros(0)
    corpus = [scrub(profile), *(scrub(text) for text in texts)]
    scores = np.zeros(len(texts))
    vectorizers = [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True),
        TfidfVectorizer(
            analyzer="word",
            lowercase=True,
            token_pattern=WORDS,
            stop_words=sorted(STOP_WORDS),
            sublinear_tf=True,
        ),
    ]
    used = 0
    for vectorizer in vectorizers:
        try:
            matrix = vectorizer.fit_transform(corpus)
        except ValueError:  # empty vocabulary (e.g. only stop words)
            continue
        scores += (matrix[1:] @ matrix[0].T).toarray().ravel()
        used += 1
    return scores / max(used, 1) if used else scores


def suggest_for_narrative(narrative: Narrative) -> Outcome:
    """Suggest the window's similar items to one narrative; idempotent. Returns what it did."""
    outcome = Outcome()
    if narrative.status == Narrative.Status.CLOSED:
        return outcome
    rows = list(candidates(narrative).order_by("fingerprint").values_list("pk", "text")[:MAX_CANDIDATES])
    outcome.candidates = len(rows)
    if not rows:
        return outcome
    scores = similarities(profile_text(narrative), [text for _pk, text in rows])
    existing = dict(NarrativeLink.objects.filter(narrative=narrative).values_list("item_id", "state"))
    new_links, refresh, withdraw = [], [], []
    for (pk, _text), score in zip(rows, scores, strict=True):
        score = round(float(score), 4)
        state = existing.get(pk)
        if state == NarrativeLink.State.SUGGESTED and score < narrative.similarity_threshold:
            withdraw.append(pk)
        elif state == NarrativeLink.State.SUGGESTED:
            refresh.append((pk, score))
        elif state is None and score >= narrative.similarity_threshold:
            new_links.append(NarrativeLink(narrative=narrative, item_id=pk, similarity=score))
    with transaction.atomic():
        NarrativeLink.objects.bulk_create(new_links, ignore_conflicts=True)
        NarrativeLink.objects.filter(
            narrative=narrative, item_id__in=withdraw, state=NarrativeLink.State.SUGGESTED
        ).delete()
        for pk, score in refresh:
            NarrativeLink.objects.filter(
                narrative=narrative, item_id=pk, state=NarrativeLink.State.SUGGESTED
            ).exclude(similarity=score).update(similarity=score)
    outcome.created = len(new_links)
    outcome.refreshed = len(refresh)
    outcome.withdrawn = len(withdraw)
    return outcome


def open_narratives():
    return Narrative.objects.exclude(status=Narrative.Status.CLOSED).select_related("unit")


def suggest_for_items(item_ids) -> int:
    """After an import: run the narratives whose unit and window cover any of these items.

    Returns the number of new suggestions. Safe to run twice.
    """
    item_ids = list(item_ids)
    if not item_ids:
        return 0
    found = OnlineItem.objects.filter(pk__in=item_ids)
    units = set(found.values_list("unit_id", flat=True).distinct())
    created = 0
    for narrative in open_narratives():
        if narrative.unit.kind != Unit.Kind.CENTRAL and narrative.unit_id not in units:
            continue
        if not candidates(narrative).filter(pk__in=item_ids).exists():
            continue
        created += suggest_for_narrative(narrative).created
    return created


@task()
def suggest_for_items_task(item_ids: list[int]) -> int:
    """The background form of suggest_for_items, to enqueue after an import commits."""
    return suggest_for_items(item_ids)


@task()
def suggest_for_narrative_job(job_id: int, narrative_id: int) -> None:
    """The narrative page's "Look for similar items" button, run as a job with a result line."""
    with job_progress(job_id) as report:
        narrative = Narrative.objects.select_related("unit").get(pk=narrative_id)
        report.total(1)
        outcome = suggest_for_narrative(narrative)
        report.step()
        report.message(gettext_noop("Done."))
        report.result(
            {
                "candidates": outcome.candidates,
                "created": outcome.created,
                "url": reverse("online:narrative", args=[narrative.pk]),
            }
        )
