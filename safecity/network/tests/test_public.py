"""The public pages: no login, Swedish first with English, cacheable, printable, few queries."""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from safecity.network import actions
from safecity.network.models import PublishedPhoto
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    approved_practice,
    city,
    highlight,
    jarva_plan,
    planning_year,
    profile,
)
from safecity.network.tests.test_publish import jpeg
from safecity.plans.tests.fixtures import theme

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True


@pytest.fixture
def published(central_coordinator, jarva_coordinator, profile, approved_jarva):
    measures = list(approved_jarva.measures.all())
    for i, m in enumerate(measures):
        extra = {"photo": jpeg(), "photo_alt": f"Foto {i}", "photo_alt_en": f"Photo {i}"} if i == 0 else {}
        highlight(central_coordinator, profile, m, title=f"Initiativ {i + 1}", **extra)
    approved_practice(
        jarva_coordinator, central_coordinator, measures[0], title="Läxhjälp", themes=[theme(3)]
    )
    return actions.do_publish_profile(central_coordinator, profile)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_nothing_published_is_a_kind_404(client, city):
    response = client.get(reverse("network:public"))
    assert response.status_code == 404
    assert "has not published its Safe City Action profile yet" in response.content.decode()
    assert client.get(reverse("network:public_practices")).status_code == 404


@pytest.mark.swedish_ui
def test_the_public_page_is_swedish_by_default(client, published):
    response = client.get(reverse("network:public"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Safe City Action — Stockholm" in html
    assert "Stockholm är en stad på fjorton öar." in html
    assert "version 1" in html
    assert '<link rel="canonical" href="http' in html
    assert "css/profile.css" in html
    assert "Läxhjälp" in html


def test_the_public_page_in_english(client, published):
    html = english(client).get(reverse("network:public")).content.decode()
    assert 'lang="en"' in html
    assert "Stockholm spreads across fourteen islands." in html
    assert "Initiativ 1 (en)" in html
    assert "City portrait" in html


@pytest.mark.swedish_ui
def test_it_shows_all_four_themes_with_counts_and_the_guideline(client, published):
    html = client.get(reverse("network:public")).content.decode()
    assert html.count('class="theme-number"') == 4
    assert "Riktlinjer mot våldsbejakande extremism" in html


def test_initiatives_are_a_list_with_radio_navigation_and_no_inline_script(client, published):
    html = client.get(reverse("network:public")).content.decode()
    assert html.count('class="initiative"') == 4
    assert html.count('type="radio" name="initiative"') == 4
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert " style=" not in html
    assert re.search(r"\son[a-z]+=", html) is None


def test_it_is_cacheable(client, published):
    response = client.get(reverse("network:public"))
    assert "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_published_photos_are_served_and_nothing_else(client, published):
    photo = PublishedPhoto.objects.get(version=published)
    response = client.get(reverse("network:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("network:photo", args=[photo.pk + 100])).status_code == 404
    initiative = published.profile.initiatives.first()
    assert client.get(reverse("network:initiative_photo", args=[initiative.pk])).status_code == 302


def test_good_practice_list_filters_and_detail(client, published, jarva_coordinator, central_coordinator):
    listing = client.get(reverse("network:public_practices")).content.decode()
    assert "Läxhjälp" in listing
    assert (
        "Läxhjälp"
        not in client.get(reverse("network:public_practices"), {"theme": theme(1).pk}).content.decode()
    )
    assert (
        "Läxhjälp" in client.get(reverse("network:public_practices"), {"theme": theme(3).pk}).content.decode()
    )
    assert "Läxhjälp" in client.get(reverse("network:public_practices"), {"q": "läxhj"}).content.decode()
    assert (
        "Läxhjälp" not in client.get(reverse("network:public_practices"), {"q": "fotboll"}).content.decode()
    )
    practice_id = int(re.search(r"/profil/goda-exempel/(\d+)/", listing).group(1))
    detail = client.get(reverse("network:public_practice", args=[practice_id]))
    assert detail.status_code == 200
    assert "Unga 13–16 år." in detail.content.decode()


def test_a_proposed_practice_has_no_public_page(client, published, jarva_coordinator, approved_jarva):
    proposal = actions.do_propose_good_practice(
        jarva_coordinator, approved_jarva.measures.first(), title="Förslag", what="x", for_whom="y"
    )
    assert client.get(reverse("network:public_practice", args=[proposal.pk])).status_code == 404


def test_the_public_page_makes_few_queries(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(reverse("network:public")).status_code == 200


def test_the_good_practice_list_makes_few_queries(
    client, published, jarva_coordinator, central_coordinator, approved_jarva, django_assert_max_num_queries
):
    for i in range(5):
        approved_practice(
            jarva_coordinator, central_coordinator, approved_jarva.measures.first(), title=f"Exempel {i}"
        )
    with django_assert_max_num_queries(14):
        assert client.get(reverse("network:public_practices")).status_code == 200
