"""Composing the profile: the central coordinator only; facts read-only; initiatives; the suggestion."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.network import actions
from safecity.network.models import HighlightedInitiative, Profile
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    city,
    draft_sodermalm,
    highlight,
    jarva_plan,
    planning_year,
    profile,
    sodermalm_plan,
)
from safecity.plans.tests.fixtures import theme
from safecity.situation import builder
from safecity.situation.models_picture import PictureSection, SectionKind

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

COMPOSER_PAGES = ["compose", "initiative_pick", "preview", "publish", "versions"]
NOT_CENTRAL = ["jarva_coordinator", "sodermalm_coordinator", "jarva_manager", "employee", "partner", "dpo"]


@pytest.mark.parametrize("page", COMPOSER_PAGES)
@pytest.mark.parametrize("who", [*NOT_CENTRAL, "no_role_user", "administrator"])
def test_it_refuses_composing_to_everyone_but_the_central_coordinator(request, page, who, city):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse(f"network:{page}")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


@pytest.mark.parametrize("page", COMPOSER_PAGES)
def test_it_sends_anonymous_visitors_to_the_login(client, page, city):
    response = client.get(reverse(f"network:{page}"))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "logga-in" in response["Location"]


def test_a_unit_coordinator_cannot_save_texts_or_publish(jarva_coordinator, profile):
    client = logged_in(jarva_coordinator)
    assert client.post(reverse("network:compose"), {"portrait": "Kapat"}).status_code == 403
    assert client.post(reverse("network:publish")).status_code == 403
    profile.refresh_from_db()
    assert profile.portrait != "Kapat"
    assert not profile.versions.exists()


def test_the_central_coordinator_saves_the_texts(central_coordinator, city):
    client = logged_in(central_coordinator)
    data = {
        "portrait": "## Öarna\n\nStockholm.",
        "portrait_en": "Islands.",
        "challenges": "Utmaningar.",
        "challenges_en": "",
        "strategy": "Strategi.",
        "strategy_en": "",
    }
    response = client.post(reverse("network:compose"), data)
    assert response.status_code == 302
    saved = Profile.objects.get(city=city)
    assert saved.portrait.startswith("## Öarna")
    assert saved.updated_by == central_coordinator


@pytest.mark.swedish_ui
def test_the_facts_are_shown_read_only_beside_the_texts(central_coordinator, approved_jarva, draft_sodermalm):
    html = logged_in(central_coordinator).get(reverse("network:compose")).content.decode()
    assert "Riktlinjer mot våldsbejakande extremism" in html
    assert 'name="population"' not in html
    assert "compose-facts" in html


def test_a_measure_of_an_approved_plan_can_be_highlighted(central_coordinator, approved_jarva, profile):
    chosen = approved_jarva.measures.get(title="Föräldraträffar i Rinkeby")
    client = logged_in(central_coordinator)
    picker = client.get(reverse("network:initiative_pick"), {"q": "Rinkeby"}).content.decode()
    assert "Föräldraträffar i Rinkeby" in picker
    assert "Trygghetsvandringar" not in picker
    form = client.get(reverse("network:initiative_add", args=[chosen.pk])).content.decode()
    assert 'value="Föräldraträffar i Rinkeby"' in form
    response = client.post(
        reverse("network:initiative_add", args=[chosen.pk]),
        {"title": "Föräldraträffar", "summary": "Träffar för nyblivna föräldrar.", "theme": theme(1).pk},
    )
    assert response.status_code == 302
    assert profile.initiatives.get().measure == chosen


def test_a_draft_plans_measure_cannot_be_highlighted(central_coordinator, draft_sodermalm, profile):
    secret = draft_sodermalm.measures.get()
    client = logged_in(central_coordinator)
    assert "HEMLIG" not in client.get(reverse("network:initiative_pick")).content.decode()
    response = client.post(
        reverse("network:initiative_add", args=[secret.pk]),
        {"title": "x", "summary": "y", "theme": theme(1).pk},
    )
    assert response.status_code == 404
    assert not profile.initiatives.exists()


def test_a_fifth_initiative_is_refused_with_a_clear_message(central_coordinator, approved_jarva, profile):
    measures = list(approved_jarva.measures.all())
    for m in measures:
        highlight(central_coordinator, profile, m, title=m.title)
    extra = measures[0]
    response = logged_in(central_coordinator).post(
        reverse("network:initiative_add", args=[extra.pk]),
        {"title": "Femte", "summary": "y", "theme": theme(1).pk},
    )
    assert response.status_code == 200
    assert "already highlights four initiatives" in response.content.decode()
    assert profile.initiatives.count() == 4


def test_a_photo_needs_a_description_in_both_languages(central_coordinator, approved_jarva, profile):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "bild.png"
    chosen = approved_jarva.measures.first()
    response = logged_in(central_coordinator).post(
        reverse("network:initiative_add", args=[chosen.pk]),
        {
            "title": "Med bild",
            "summary": "y",
            "theme": theme(1).pk,
            "photo_file": buffer,
            "photo_alt": "En bild",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_photo_alt_en"' in response.content.decode()
    assert not profile.initiatives.exists()


def test_initiatives_are_reordered_and_removed(central_coordinator, approved_jarva, profile):
    first, second, third = (
        highlight(central_coordinator, profile, m, title=m.title) for m in approved_jarva.measures.all()[:3]
    )
    client = logged_in(central_coordinator)
    client.post(reverse("network:initiative_move", args=[third.pk]), {"direction": "up"})
    assert list(profile.initiatives.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    client.post(reverse("network:initiative_remove", args=[first.pk]))
    assert list(profile.initiatives.values_list("pk", "position")) == [(third.pk, 1), (second.pk, 2)]


def test_a_unit_coordinator_cannot_touch_an_initiative(
    jarva_coordinator, central_coordinator, approved_jarva, profile
):
    initiative = highlight(central_coordinator, profile, approved_jarva.measures.first())
    client = logged_in(jarva_coordinator)
    assert client.post(reverse("network:initiative_remove", args=[initiative.pk])).status_code == 403
    assert client.get(reverse("network:initiative_edit", args=[initiative.pk])).status_code == 403
    assert client.get(reverse("network:initiative_photo", args=[initiative.pk])).status_code == 403
    assert HighlightedInitiative.objects.filter(pk=initiative.pk).exists()


def test_the_action_refuses_a_fifth_initiative_too(central_coordinator, approved_jarva, profile):
    from django.core.exceptions import ValidationError

    measures = list(approved_jarva.measures.all())
    for m in measures:
        highlight(central_coordinator, profile, m)
    with pytest.raises(ValidationError):
        highlight(central_coordinator, profile, measures[0])
    assert profile.initiatives.count() == 4


START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def test_the_challenge_suggestion_shows_small_counts_suppressed(central_coordinator, profile):
    picture = builder.do_create_picture(central_coordinator, None, START, END)
    statistics = PictureSection.objects.get(picture=picture, kind=SectionKind.STATISTICS)
    statistics.figures = {
        "sources": [
            {
                "source": "Polisen",
                "categories": [
                    {"category": "Hot mot förtroendevalda", "count": 3, "previous": 12},
                    {"category": "Hatbrott", "count": 41, "previous": 38},
                ],
            }
        ]
    }
    statistics.save()
    assessment = PictureSection.objects.get(picture=picture, kind=SectionKind.ASSESSMENT)
    assessment.text = "Högerextrem propaganda ökar i flera stadsdelar."
    assessment.save()
    builder.do_finalise_picture(central_coordinator, picture)

    html = logged_in(central_coordinator).get(reverse("network:compose")).content.decode()
    assert "Högerextrem propaganda ökar" in html
    assert "<td>Hot mot förtroendevalda</td><td>&lt;5</td><td>12</td>" in html
    assert "<td>3</td>" not in html
    assert "<td>41</td>" in html


def test_no_suggestion_without_a_final_city_wide_picture(central_coordinator, profile):
    picture = builder.do_create_picture(central_coordinator, None, START, END)
    assessment = PictureSection.objects.get(picture=picture, kind=SectionKind.ASSESSMENT)
    assessment.text = "UTKAST TILL BEDÖMNING"
    assessment.save()
    html = logged_in(central_coordinator).get(reverse("network:compose")).content.decode()
    assert "UTKAST TILL BEDÖMNING" not in html


def test_the_action_refuses_saving_for_a_unit_coordinator(jarva_coordinator, profile):
    with pytest.raises(actions.Refused):
        actions.do_save_profile(jarva_coordinator, profile, portrait="x")
    assert AccessLogEntry.objects.filter(user=jarva_coordinator, action="refused").exists()
