"""The shared summary: suppressed aggregates for managers (their unit) and partners (the city)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.online.tests.insight_factories import make_item


@pytest.fixture
def three_threats(jarva):
    for _ in range(3):
        make_item(
            jarva, timezone.localdate(), label="threat", target="islamophobic", text="hemlig text om hot"
        )


def _cells(response, table: str) -> list:
    return [cell for row in response.context[table] for cell in row["cells"]]


def test_a_count_of_three_shows_as_under_five_on_the_summary(jarva_manager, three_threats, settings):
    settings.SUPPRESSION_THRESHOLD = 5
    response = logged_in(jarva_manager).get(reverse("online:summary"))
    assert response.status_code == 200
    assert _cells(response, "label_rows") == ["<5"]
    assert _cells(response, "target_rows") == ["<5"]
    content = response.content.decode()
    assert "&lt;5" in content
    assert "hemlig text" not in content


def test_coordinators_see_three_in_their_own_views(jarva_coordinator, three_threats):
    response = logged_in(jarva_coordinator).get(reverse("online:insight"))
    assert response.context["totals"]["total"] == 3
    table = response.context["label_chart"]["usermeta"]["table"]
    assert [row[1:] for row in table["rows"] if any(row[1:])] == [[3]]


def test_the_summary_hides_small_numbers_for_coordinators_too(jarva_coordinator, three_threats):
    response = logged_in(jarva_coordinator).get(reverse("online:summary"))
    assert _cells(response, "label_rows") == ["<5"]


def test_a_manager_sees_their_unit_only(jarva_manager, sodermalm, three_threats):
    for _ in range(7):
        make_item(sodermalm, timezone.localdate(), label="hateful")
    response = logged_in(jarva_manager).get(reverse("online:summary"))
    assert _cells(response, "label_rows") == ["<5"]
    assert response.context["total"] == "<5"
    assert not response.context["city_wide"]


def test_a_partner_sees_the_whole_city(partner, sodermalm, three_threats):
    for _ in range(7):
        make_item(sodermalm, timezone.localdate(), label="hateful")
    response = logged_in(partner).get(reverse("online:summary"))
    assert response.context["city_wide"]
    assert response.context["total"] == 10
    assert sorted(map(str, _cells(response, "label_rows"))) == ["7", "<5"]


def test_large_counts_stay_numbers(partner, jarva):
    for _ in range(6):
        make_item(jarva, timezone.localdate(), label="hateful", platform="facebook")
    make_item(jarva, timezone.localdate(), label="hateful", platform="small-forum")
    response = logged_in(partner).get(reverse("online:summary"))
    assert _cells(response, "label_rows") == [7]
    assert response.context["platforms"] == [
        {"platform": "facebook", "count": 6},
        {"platform": "", "count": "<5"},
    ]
    assert "small-forum" not in response.content.decode()


def test_the_threshold_is_the_projects_setting(partner, three_threats, settings):
    settings.SUPPRESSION_THRESHOLD = 3
    response = logged_in(partner).get(reverse("online:summary"))
    assert _cells(response, "label_rows") == [3]


@pytest.mark.parametrize("who", ["employee", "intake_officer", "dpo", "administrator", "no_role_user"])
def test_others_are_refused(request, who):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("online:summary")).status_code == 403
