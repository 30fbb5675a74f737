import datetime as dt

import pytest

from safecity.online import similarity
from safecity.online.models import Narrative, NarrativeLink
from safecity.online.tests.insight_factories import at, make_item, make_narrative

FIRST_SEEN = dt.date(2026, 2, 1)
CLAIM = "Kommunen stänger simhallen för att ge plats åt ett flyktingboende"
MATCH = "Nu stänger kommunen simhallen för ett flyktingboende, typiskt!"
OTHER = "Trevlig konsert i parken på lördag med korv och musik"


@pytest.fixture
def narrative(jarva):
    return make_narrative(
        jarva, first_seen=FIRST_SEEN, claim=CLAIM, keywords="simhall, flyktingboende", window_days=10
    )


def _score(narrative, item):
    candidates = list(similarity.candidates(narrative).values_list("pk", "text"))
    scores = similarity.similarities(similarity.profile_text(narrative), [t for _pk, t in candidates])
    return dict(zip([pk for pk, _t in candidates], scores, strict=True))[item.pk]


def test_a_similar_item_is_suggested_and_an_unrelated_one_is_not(narrative, jarva):
    match = make_item(jarva, FIRST_SEEN, text=MATCH)
    other = make_item(jarva, FIRST_SEEN, text=OTHER)
    outcome = similarity.suggest_for_narrative(narrative)
    links = {link.item_id: link for link in NarrativeLink.objects.filter(narrative=narrative)}
    assert match.pk in links and other.pk not in links
    assert links[match.pk].state == NarrativeLink.State.SUGGESTED
    assert links[match.pk].similarity >= narrative.similarity_threshold
    assert outcome.created == 1


def test_threshold_just_above_and_just_below(narrative, jarva):
    item = make_item(jarva, FIRST_SEEN, text=MATCH)
    make_item(jarva, FIRST_SEEN, text=OTHER)
    score = _score(narrative, item)
    narrative.similarity_threshold = round(score, 4) + 0.001  # just above the score: not suggested
    narrative.save()
    similarity.suggest_for_narrative(narrative)
    assert not NarrativeLink.objects.filter(narrative=narrative, item=item).exists()
    narrative.similarity_threshold = round(score, 4) - 0.001  # just below: suggested
    narrative.save()
    similarity.suggest_for_narrative(narrative)
    assert NarrativeLink.objects.filter(narrative=narrative, item=item).exists()


@pytest.mark.parametrize(
    ("offset", "inside"),
    [(-11, False), (-10, True), (0, True), (10, True), (11, False)],
)
def test_window_boundaries_around_first_seen(narrative, jarva, offset, inside):
    item = make_item(jarva, FIRST_SEEN + dt.timedelta(days=offset), text=MATCH)
    similarity.suggest_for_narrative(narrative)
    assert NarrativeLink.objects.filter(narrative=narrative, item=item).exists() is inside


def test_window_edges_are_local_days(narrative, jarva):
    early = make_item(jarva, FIRST_SEEN, text=MATCH, posted_at=at(FIRST_SEEN - dt.timedelta(days=10), 0))
    late = make_item(jarva, FIRST_SEEN, text=MATCH, posted_at=at(FIRST_SEEN + dt.timedelta(days=10), 23))
    too_late = make_item(jarva, FIRST_SEEN, text=MATCH, posted_at=at(FIRST_SEEN + dt.timedelta(days=11), 0))
    similarity.suggest_for_narrative(narrative)
    linked = set(NarrativeLink.objects.filter(narrative=narrative).values_list("item_id", flat=True))
    assert linked == {early.pk, late.pk}
    assert too_late.pk not in linked


def test_a_confirmed_later_item_keeps_the_window_open(narrative, jarva):
    later = make_item(jarva, FIRST_SEEN + dt.timedelta(days=8), text=MATCH)
    NarrativeLink.objects.create(narrative=narrative, item=later, state=NarrativeLink.State.CONFIRMED)
    assert similarity.window(narrative) == (
        FIRST_SEEN - dt.timedelta(days=10),
        FIRST_SEEN + dt.timedelta(days=18),
    )
    far = make_item(jarva, FIRST_SEEN + dt.timedelta(days=18), text=MATCH)
    beyond = make_item(jarva, FIRST_SEEN + dt.timedelta(days=19), text=MATCH)
    similarity.suggest_for_narrative(narrative)
    assert NarrativeLink.objects.filter(narrative=narrative, item=far).exists()
    assert not NarrativeLink.objects.filter(narrative=narrative, item=beyond).exists()


def test_rerunning_is_idempotent(narrative, jarva):
    make_item(jarva, FIRST_SEEN, text=MATCH)
    make_item(jarva, FIRST_SEEN + dt.timedelta(days=1), text=MATCH + " igen")
    similarity.suggest_for_narrative(narrative)
    first = sorted(
        NarrativeLink.objects.filter(narrative=narrative).values_list("item_id", "state", "similarity")
    )
    outcome = similarity.suggest_for_narrative(narrative)
    second = sorted(
        NarrativeLink.objects.filter(narrative=narrative).values_list("item_id", "state", "similarity")
    )
    assert first == second and len(first) == 2
    assert outcome.created == 0


def test_a_rejected_item_is_not_suggested_again(narrative, jarva):
    item = make_item(jarva, FIRST_SEEN, text=MATCH)
    NarrativeLink.objects.create(narrative=narrative, item=item, state=NarrativeLink.State.REJECTED)
    similarity.suggest_for_narrative(narrative)
    assert list(NarrativeLink.objects.filter(narrative=narrative).values_list("state", flat=True)) == [
        "rejected"
    ]


def test_suggestions_never_become_confirmed(narrative, jarva):
    items = [make_item(jarva, FIRST_SEEN, text=f"{MATCH} {n}") for n in range(3)]
    similarity.suggest_for_narrative(narrative)
    similarity.suggest_for_items([item.pk for item in items])
    states = set(NarrativeLink.objects.filter(narrative=narrative).values_list("state", flat=True))
    assert states == {NarrativeLink.State.SUGGESTED}
    assert not NarrativeLink.objects.filter(state=NarrativeLink.State.CONFIRMED).exists()


def test_other_units_items_are_not_suggested(narrative, sodermalm):
    make_item(sodermalm, FIRST_SEEN, text=MATCH)
    similarity.suggest_for_narrative(narrative)
    assert not NarrativeLink.objects.exists()


def test_a_central_narrative_looks_at_every_unit(sodermalm):
    from safecity.organisation.models import Unit

    central = Unit.objects.get(code="stadsledningskontoret")
    narrative = make_narrative(central, first_seen=FIRST_SEEN, claim=CLAIM, window_days=10)
    make_item(sodermalm, FIRST_SEEN, text=MATCH)
    assert similarity.suggest_for_narrative(narrative).created == 1


def test_a_closed_narrative_gets_no_suggestions(narrative, jarva):
    make_item(jarva, FIRST_SEEN, text=MATCH)
    narrative.status = Narrative.Status.CLOSED
    narrative.save()
    similarity.suggest_for_narrative(narrative)
    assert not NarrativeLink.objects.exists()


def test_suggest_for_items_runs_the_narratives_that_cover_them(narrative, jarva):
    inside = make_item(jarva, FIRST_SEEN, text=MATCH)
    assert similarity.suggest_for_items([inside.pk]) == 1
    assert similarity.suggest_for_items([inside.pk]) == 0
    outside = make_item(jarva, FIRST_SEEN + dt.timedelta(days=40), text=MATCH)
    assert similarity.suggest_for_items([outside.pk]) == 0
    assert similarity.suggest_for_items([]) == 0


def test_confirmed_texts_join_the_profile(narrative, jarva):
    confirmed = make_item(jarva, FIRST_SEEN, text="badhuset blir asylboende säger de")
    NarrativeLink.objects.create(narrative=narrative, item=confirmed, state=NarrativeLink.State.CONFIRMED)
    assert "asylboende" in similarity.profile_text(narrative)


def test_the_background_task_suggests(narrative, jarva):
    item = make_item(jarva, FIRST_SEEN, text=MATCH)
    similarity.suggest_for_items_task.call([item.pk])
    assert NarrativeLink.objects.filter(narrative=narrative, item=item, state="suggested").exists()


def test_a_pending_suggestion_below_a_raised_threshold_is_withdrawn(narrative, jarva):
    pending = make_item(jarva, FIRST_SEEN, text=MATCH)
    decided = make_item(jarva, FIRST_SEEN, text=MATCH + " ja")
    similarity.suggest_for_narrative(narrative)
    NarrativeLink.objects.filter(item=decided).update(state=NarrativeLink.State.REJECTED)
    narrative.similarity_threshold = 0.99
    narrative.save()
    outcome = similarity.suggest_for_narrative(narrative)
    assert outcome.withdrawn == 1
    assert not NarrativeLink.objects.filter(item=pending).exists()
    assert NarrativeLink.objects.get(item=decided).state == NarrativeLink.State.REJECTED
